/* engine/check.c — compile-time type checks of expressions.
 *
 * Infers, for each subexpression, the set of types it may have (from literals, list and
 * map literals, operators, comprehension variables, and what the binder knows about
 * its variables), and rejects an operator or function whose operand can only ever have
 * a wrong type: `NOT 1`, `true AND []`, `1 IN 'x'`, `properties(1)`, `labels(p)` of a
 * path, `x.num` of an integer. It is conservative: anything that might be valid at run
 * time passes, and run-time checks in expr.c and functions.c remain the authority.
 * Pure analysis of the tree: no evaluation, no graph, no printing.
 */
#include "engine/expr-private.h"

#include <string.h>

#define T(t) (1u << (t))
#define T_ANY 0xffffffffu
#define T_NUM (T (KG_VALUE_INT) | T (KG_VALUE_FLOAT))
#define T_NULL T (KG_VALUE_NULL)

typedef struct Var Var;
struct Var
{
  const char *name;
  guint types;
  Var *up;
};

typedef struct
{
  KgExprVarTypes var_types;
  gpointer data;
  const char *filename;
  GError **error;
  gboolean failed;
  Var *scope;
} Check;

static guint infer (Check *k, const KgAst *e);

static const char *
types_text (guint types)
{
  for (int t = KG_VALUE_BOOL; t <= KG_VALUE_DURATION; t++)
    if ((types & ~T_NULL) == T (t))
      return kg_value_type_name ((KgValueType) t);
  return (types & ~T_NULL) == T_NUM ? "a number" : "a value of the wrong type";
}

/* Reports that operand @at (of types @got) can never be one of @allowed. */
/* openCypher calls these SyntaxError (InvalidArgumentType), hence SEMANTIC; only a
 * property read of a non-graph value is a TypeError. */
static gboolean
require (Check *k, const KgAst *at, guint got, guint allowed, const char *what, const char *expected)
{
  /* Null is fine for every operand; otherwise some non-null type must be allowed (a
   * node from an OPTIONAL MATCH is still no relationship). */
  if (k->failed || got == T_NULL || (got & allowed) != 0 || (got & ~T_NULL) == 0)
    return TRUE;
  /* ... except that a property read of a path is again a SyntaxError (MatchWhere1). */
  KgQueryError code = strcmp (what, "property access") == 0 && (got & T (KG_VALUE_PATH)) == 0 ? KG_QUERY_ERROR_TYPE
                                                                                              : KG_QUERY_ERROR_SEMANTIC;
  kg_query_error_set (k->error, code, k->filename, at != NULL ? &at->span : NULL,
                      "%s expects %s, but got %s", what, expected, types_text (got));
  if (k->error != NULL && *k->error != NULL)
    kg_query_error_set_compile_time (*k->error, TRUE);
  k->failed = TRUE;
  return FALSE;
}

/* The types of the elements of a list expression. */
static guint
element_types (Check *k, const KgAst *list, guint list_types)
{
  if (list != NULL && list->kind == KG_AST_LIST && list->slot < 0)
    {
      guint t = 0;
      for (guint i = 0; i < kg_ast_n_children (list); i++)
        t |= infer (k, kg_ast_child (list, i));
      return kg_ast_n_children (list) == 0 ? T_ANY : t;
    }
  return T_ANY;
}

static guint
infer_scoped (Check *k, const KgAst *e, const char *name, guint types)
{
  Var v = { name != NULL ? name : "", types, k->scope };
  k->scope = &v;
  guint t = infer (k, e);
  k->scope = v.up;
  return t;
}

static guint
infer_children (Check *k, const KgAst *e)
{
  for (guint i = 0; i < kg_ast_n_children (e); i++)
    infer (k, kg_ast_child (e, i));
  return T_ANY;
}

static guint
infer (Check *k, const KgAst *e)
{
  if (e == NULL || k->failed)
    return T_ANY;
  switch (e->kind)
    {
    case KG_AST_LITERAL:
      return T (e->value.type);
    case KG_AST_PARAMETER:
      return T_ANY;
    case KG_AST_VARIABLE:
      for (Var *v = k->scope; v != NULL; v = v->up)
        if (g_strcmp0 (v->name, e->name) == 0)
          return v->types;
      if (k->var_types != NULL)
        {
          guint t = k->var_types (e, k->data);
          return t != 0 ? t : T_ANY;
        }
      return T_ANY;
    case KG_AST_LIST:
      infer_children (k, e);
      return T (KG_VALUE_LIST);
    case KG_AST_MAP:
      infer_children (k, e);
      return T (KG_VALUE_MAP);
    case KG_AST_PROPERTY:
      {
        const KgAst *obj = kg_ast_child (e, 0);
        guint t = infer (k, obj);
        require (k, obj, t, T (KG_VALUE_NODE) | T (KG_VALUE_EDGE) | T (KG_VALUE_MAP) | T (KG_VALUE_DATE) | T (KG_VALUE_LOCALTIME) | T (KG_VALUE_TIME) | T (KG_VALUE_LOCALDATETIME) | T (KG_VALUE_DATETIME) | T (KG_VALUE_DURATION),
                 "property access", "a node, relationship or map");
        return T_ANY;
      }
    case KG_AST_UNARY_OP:
      {
        const KgAst *arg = kg_ast_child (e, 0);
        guint t = infer (k, arg);
        if (e->op == KG_OP_NOT)
          {
            require (k, arg, t, T (KG_VALUE_BOOL), "NOT", "a BOOLEAN");
            return T (KG_VALUE_BOOL) | T_NULL;
          }
        require (k, arg, t, T_NUM, e->op == KG_OP_NEG ? "unary `-`" : "unary `+`", "a number");
        return (t & (T_NUM | T_NULL)) != 0 ? (t & (T_NUM | T_NULL)) : T_ANY;
      }
    case KG_AST_BINARY_OP:
      {
        const KgAst *l = kg_ast_child (e, 0), *r = kg_ast_child (e, 1);
        guint lt = infer (k, l), rt = infer (k, r);
        switch (e->op)
          {
          case KG_OP_AND:
          case KG_OP_OR:
          case KG_OP_XOR:
            {
              const char *what = e->op == KG_OP_AND ? "AND" : e->op == KG_OP_OR ? "OR"
                                                                                : "XOR";
              require (k, l, lt, T (KG_VALUE_BOOL), what, "a BOOLEAN");
              require (k, r, rt, T (KG_VALUE_BOOL), what, "a BOOLEAN");
              return T (KG_VALUE_BOOL) | T_NULL;
            }
          case KG_OP_SUB:
          case KG_OP_MUL:
          case KG_OP_DIV:
          case KG_OP_MOD:
          case KG_OP_POW:
            {
              static const char *const names[] = { [KG_OP_SUB] = "`-`", [KG_OP_MUL] = "`*`", [KG_OP_DIV] = "`/`", [KG_OP_MOD] = "`%`", [KG_OP_POW] = "`^`" };
              /* Durations scale and subtract; instants subtract durations. */
              guint temporal = T (KG_VALUE_DATE) | T (KG_VALUE_LOCALTIME) | T (KG_VALUE_TIME) |
                               T (KG_VALUE_LOCALDATETIME) | T (KG_VALUE_DATETIME) | T (KG_VALUE_DURATION);
              guint ok_l = T_NUM | (e->op == KG_OP_SUB ? temporal : e->op == KG_OP_MUL || e->op == KG_OP_DIV ? T (KG_VALUE_DURATION)
                                                                                                             : 0);
              guint ok_r = T_NUM | (e->op == KG_OP_SUB || e->op == KG_OP_MUL ? T (KG_VALUE_DURATION) : 0);
              require (k, l, lt, ok_l, names[e->op], "numbers");
              require (k, r, rt, ok_r, names[e->op], "numbers");
              if ((lt | rt) & temporal)
                return T_ANY;
              if (e->op == KG_OP_POW)
                return T (KG_VALUE_FLOAT) | ((lt | rt) & T_NULL);
              return T_NUM | ((lt | rt) & T_NULL);
            }
          case KG_OP_ADD:
            {
              guint lst = T (KG_VALUE_LIST), str = T (KG_VALUE_STRING);
              guint ln = lt & ~T_NULL, rn = rt & ~T_NULL;
              if ((ln != 0 && ln == lst) || (rn != 0 && rn == lst))
                return lst | ((lt | rt) & T_NULL);
              if ((ln | rn) & lst)
                return T_ANY; /* might be a list concatenation */
              guint tmp = T (KG_VALUE_DATE) | T (KG_VALUE_LOCALTIME) | T (KG_VALUE_TIME) | T (KG_VALUE_LOCALDATETIME) |
                          T (KG_VALUE_DATETIME) | T (KG_VALUE_DURATION);
              require (k, l, lt, T_NUM | str | tmp, "`+`", "numbers, strings or lists");
              require (k, r, rt, T_NUM | str | tmp, "`+`", "numbers, strings or lists");
              if ((lt | rt) & tmp)
                return T_ANY;
              guint known = (lt | rt) & ~T_NULL;
              if (known != 0 && (known & ~T_NUM) == 0)
                return T_NUM | ((lt | rt) & T_NULL);
              if (known != 0 && (known & ~(T_NUM | str)) == 0 && (known & str))
                return str | ((lt | rt) & T_NULL);
              return T_ANY;
            }
          case KG_OP_IN:
            require (k, r, rt, T (KG_VALUE_LIST), "IN", "a LIST on its right");
            return T (KG_VALUE_BOOL) | T_NULL;
          default:
            return T (KG_VALUE_BOOL) | T_NULL;
          }
      }
    case KG_AST_IS_TYPE:
      infer (k, kg_ast_child (e, 0));
      return T (KG_VALUE_BOOL);
    case KG_AST_IS_NULL:
    case KG_AST_LABEL_CHECK:
      infer_children (k, e);
      return T (KG_VALUE_BOOL) | (e->kind == KG_AST_LABEL_CHECK ? T_NULL : 0);
    case KG_AST_FUNCTION_CALL:
      {
        guint first = T_ANY;
        for (guint i = 0; i < kg_ast_n_children (e); i++)
          {
            guint t = infer (k, kg_ast_child (e, i));
            if (i == 0)
              first = t;
          }
        /* The types come from the call's row in the function table. */
        const KgFunction *fn = e->function;
        if (fn == NULL)
          return T_ANY;
        if (fn->arg0_types != 0 && kg_ast_n_children (e) > 0)
          {
            g_autofree char *what = g_strdup_printf ("%s()", fn->name);
            require (k, kg_ast_child (e, 0), first, fn->arg0_types, what, fn->arg0_expected);
          }
        return fn->result_types != 0 ? fn->result_types | T_NULL : T_ANY;
      }
    case KG_AST_LIST_COMPREHENSION:
      {
        const KgAst *src = kg_ast_child (e, 0);
        guint lt = infer (k, src);
        require (k, src, lt, T (KG_VALUE_LIST), "a list comprehension", "a LIST to iterate over");
        guint et = element_types (k, src, lt);
        if (kg_ast_child (e, 1) != NULL)
          {
            guint wt = infer_scoped (k, kg_ast_child (e, 1), e->name, et);
            require (k, kg_ast_child (e, 1), wt, T (KG_VALUE_BOOL), "WHERE", "a BOOLEAN");
          }
        infer_scoped (k, kg_ast_child (e, 2), e->name, et);
        return T (KG_VALUE_LIST) | T_NULL;
      }
    case KG_AST_QUANTIFIER:
      {
        const KgAst *src = kg_ast_child (e, 0);
        guint lt = infer (k, src);
        require (k, src, lt, T (KG_VALUE_LIST), "a quantifier", "a LIST to iterate over");
        guint et = element_types (k, src, lt);
        guint wt = infer_scoped (k, kg_ast_child (e, 1), e->name, et);
        require (k, kg_ast_child (e, 1), wt, T (KG_VALUE_BOOL), "WHERE", "a BOOLEAN");
        return T (KG_VALUE_BOOL) | T_NULL;
      }
    case KG_AST_REDUCE:
      {
        infer (k, kg_ast_child (e, 0));
        const KgAst *src = kg_ast_child (e, 1);
        guint lt = infer (k, src);
        require (k, src, lt, T (KG_VALUE_LIST), "reduce()", "a LIST to iterate over");
        Var acc = { e->name != NULL ? e->name : "", T_ANY, k->scope };
        k->scope = &acc;
        infer_scoped (k, kg_ast_child (e, 2), kg_ast_name_at (e, 0), element_types (k, src, lt));
        k->scope = acc.up;
        return T_ANY;
      }
    case KG_AST_MAP_PROJECTION:
      {
        for (guint i = 0; i < kg_ast_n_children (e); i++)
          {
            const KgAst *item = kg_ast_child (e, i);
            if (item != NULL && item->op == KG_MAP_ITEM_LITERAL)
              infer (k, kg_ast_child (item, 0));
          }
        return T (KG_VALUE_MAP) | T_NULL;
      }
    case KG_AST_PATTERN_PREDICATE:
      return T (KG_VALUE_BOOL);
    case KG_AST_EXISTS_SUBQUERY:
      return e->op == KG_SUBQUERY_COUNT ? T (KG_VALUE_INT) : e->op == KG_SUBQUERY_COLLECT ? T (KG_VALUE_LIST)
                                                                                          : T (KG_VALUE_BOOL);
    case KG_AST_PATTERN_COMPREHENSION:
      return T (KG_VALUE_LIST);
    default:
      infer_children (k, e);
      return T_ANY;
    }
}

guint
kg_expr_static_types (const KgAst *expr, KgExprVarTypes var_types, gpointer data)
{
  Check k = { var_types, data, NULL, NULL, FALSE, NULL };
  return infer (&k, expr);
}

gboolean
kg_expr_check (const KgAst *expr, gboolean predicate, KgExprVarTypes var_types, gpointer data, const char *filename, GError **error)
{
  GError *local = NULL;
  Check k = { var_types, data, filename, &local, FALSE, NULL };
  guint t = infer (&k, expr);
  if (!k.failed && predicate)
    require (&k, expr, t, T (KG_VALUE_BOOL), "WHERE", "a BOOLEAN");
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  return TRUE;
}
