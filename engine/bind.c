/* engine/bind.c — semantic analysis of expressions: scopes, slots, functions, constant
 * folding and aggregation rules, with errors at the offending span.
 *
 * Clause-level rules (pattern variables, projections) live in bind-clause.c and
 * bind-project.c, which the planner calls clause by clause before planning each; this
 * file binds the expressions inside them. A pattern expression is bound by
 * bind-clause.c and queued for the planner. It annotates the AST in place (the binder
 * fields of parser/ast.h, as engine/expr.c expects) and evaluates nothing but the
 * constant dynamic labels of label checks, to check them (bind-clause.c). It
 * is the only place that looks a function up by name: every call leaves here with its
 * table row.
 */
#include "engine/bind.h"
#include "common/text.h"

#include <string.h>

/* --- Scopes --------------------------------------------------------------------- */

static void
var_free (gpointer p)
{
  KgVar *v = p;
  g_free (v->name);
  g_free (v);
}

KgScope *
kg_scope_new (KgScope *parent)
{
  KgScope *s = g_new0 (KgScope, 1);
  s->parent = parent;
  s->vars = g_ptr_array_new_with_free_func (var_free);
  return s;
}

void
kg_scope_free (KgScope *scope)
{
  if (scope == NULL)
    return;
  g_ptr_array_free (scope->vars, TRUE);
  g_free (scope);
}

KgVar *
kg_scope_lookup_local (KgScope *scope, const char *name)
{
  for (guint i = scope->vars->len; i-- > 0;)
    {
      KgVar *v = g_ptr_array_index (scope->vars, i);
      if (strcmp (v->name, name) == 0)
        return v;
    }
  return NULL;
}

KgVar *
kg_scope_lookup (KgScope *scope, const char *name)
{
  if (name == NULL)
    return NULL;
  for (KgScope *s = scope; s != NULL; s = s->parent)
    {
      KgVar *v = kg_scope_lookup_local (s, name);
      if (v)
        return v;
    }
  return NULL;
}

KgVar *
kg_scope_declare (KgScope *scope, const char *name, KgVarKind kind, int slot)
{
  KgVar *v = g_new0 (KgVar, 1);
  v->name = g_strdup (name);
  v->kind = kind;
  v->slot = slot;
  g_ptr_array_add (scope->vars, v);
  return v;
}

const char *
kg_var_kind_name (KgVarKind kind)
{
  switch (kind)
    {
    case KG_VAR_NODE:
      return "Node";
    case KG_VAR_REL:
      return "Relationship";
    case KG_VAR_RELLIST:
      return "List<Relationship>";
    case KG_VAR_PATH:
      return "Path";
    default:
      return "Any";
    }
}

/* --- Errors and slots ----------------------------------------------------------- */

gboolean
kg_bind_error (KgBinder *b, KgQueryError code, const KgSpan *span, const char *format, ...)
{
  if (b->error == NULL || *b->error != NULL)
    return FALSE;
  va_list ap;
  va_start (ap, format);
  char *msg = g_strdup_vprintf (format, ap);
  va_end (ap);
  kg_query_error_set (b->error, code, b->filename, span, "%s", msg);
  g_free (msg);
  if (*b->error)
    kg_query_error_set_compile_time (*b->error, TRUE);
  return FALSE;
}

int
kg_binder_new_slot (KgBinder *b)
{
  if (b->slot_types)
    {
      guint zero = 0;
      g_array_append_val (b->slot_types, zero);
    }
  if (b->plan == NULL)
    return (int) b->n_own_slots++;
  return (int) b->plan->exec.n_slots++;
}

void
kg_binder_set_type (KgBinder *b, int slot, guint mask)
{
  if (b->slot_types && slot >= 0 && (guint) slot < b->slot_types->len)
    g_array_index (b->slot_types, guint, slot) = mask;
}

guint
kg_binder_slot_type (KgBinder *b, int slot)
{
  if (b->slot_types && slot >= 0 && (guint) slot < b->slot_types->len)
    return g_array_index (b->slot_types, guint, slot);
  return 0;
}

guint
kg_binder_var_types (const KgAst *variable, gpointer binder)
{
  return kg_binder_slot_type (binder, variable->slot);
}

/* --- AST helpers ---------------------------------------------------------------- */

const KgFunction *
kg_ast_call_function (const KgAst *e)
{
  if (e->kind != KG_AST_FUNCTION_CALL)
    return NULL;
  if (e->function != NULL)
    return e->function;
  return e->name != NULL ? kg_function_lookup (e->name) : NULL;
}

static gboolean
is_aggregate_call (const KgAst *e)
{
  const KgFunction *fn = kg_ast_call_function (e);
  return fn != NULL && fn->agg != KG_AGG_NONE;
}

gboolean
kg_ast_contains_aggregate (const KgAst *expr)
{
  if (expr == NULL)
    return FALSE;
  if (is_aggregate_call (expr))
    return TRUE;
  /* aggregates inside pattern comprehensions and subqueries belong to them */
  if (expr->kind == KG_AST_PATTERN_COMPREHENSION || expr->kind == KG_AST_EXISTS_SUBQUERY)
    return FALSE;
  for (guint i = 0; i < kg_ast_n_children (expr); i++)
    if (kg_ast_contains_aggregate (kg_ast_child (expr, i)))
      return TRUE;
  return FALSE;
}

gboolean
kg_ast_contains_kind (const KgAst *expr, KgAstKind kind)
{
  if (expr == NULL)
    return FALSE;
  if (expr->kind == kind)
    return TRUE;
  for (guint i = 0; i < kg_ast_n_children (expr); i++)
    if (kg_ast_contains_kind (kg_ast_child (expr, i), kind))
      return TRUE;
  return FALSE;
}

gboolean
kg_ast_equal (const KgAst *a, const KgAst *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  if (a->kind != b->kind || a->op != b->op || (a->flags & ~(guint) KG_AST_F_ALIASED) != (b->flags & ~(guint) KG_AST_F_ALIASED))
    return FALSE;
  if (a->kind == KG_AST_FUNCTION_CALL)
    {
      /* the same function however it was spelled (names are case-insensitive) */
      if (kg_ast_call_function (a) != kg_ast_call_function (b) || kg_ast_call_function (a) == NULL)
        return FALSE;
    }
  else if (g_strcmp0 (a->name, b->name) != 0)
    return FALSE;
  if (kg_ast_n_names (a) != kg_ast_n_names (b))
    return FALSE;
  for (guint i = 0; i < kg_ast_n_names (a); i++)
    if (g_strcmp0 (kg_ast_name_at (a, i), kg_ast_name_at (b, i)) != 0)
      return FALSE;
  if (a->kind == KG_AST_LITERAL)
    {
      if (a->value.type != b->value.type || !kg_value_equivalent (&a->value, &b->value))
        return FALSE;
    }
  if (a->kind == KG_AST_REL_PATTERN && (a->min_hops != b->min_hops || a->max_hops != b->max_hops))
    return FALSE;
  if (kg_ast_n_children (a) != kg_ast_n_children (b))
    return FALSE;
  for (guint i = 0; i < kg_ast_n_children (a); i++)
    if (!kg_ast_equal (kg_ast_child (a, i), kg_ast_child (b, i)))
      return FALSE;
  return TRUE;
}

static const char *
closest_function (const char *name)
{
  const char *const *names = kg_function_names ();
  const char *best = NULL;
  guint best_d = G_MAXUINT;
  for (guint i = 0; names && names[i]; i++)
    {
      guint d = kg_edit_distance (name, names[i]);
      if (d < best_d)
        {
          best_d = d;
          best = names[i];
        }
    }
  if (best && best_d <= MAX (2u, (guint) strlen (name) / 3))
    return best;
  return NULL;
}

/* The visible variable closest to @name (a typo), if one is close enough. */
static const char *
closest_variable (KgScope *scope, const char *name)
{
  const char *best = NULL;
  guint best_d = G_MAXUINT;
  for (KgScope *s = scope; s; s = s->parent)
    for (guint i = 0; i < s->vars->len; i++)
      {
        const KgVar *v = g_ptr_array_index (s->vars, i);
        guint d = kg_edit_distance (name, v->name);
        if (d < best_d)
          {
            best_d = d;
            best = v->name;
          }
      }
  if (best && strlen (name) >= 3 && best_d > 0 && best_d <= MAX (1u, (guint) strlen (name) / 3))
    return best;
  return NULL;
}

/* --- Expressions ---------------------------------------------------------------- */

static gboolean bind_expr (KgBinder *b, KgScope *scope, KgAst *expr, guint flags);

static gboolean
bind_children (KgBinder *b, KgScope *scope, KgAst *expr, guint flags)
{
  for (guint i = 0; i < kg_ast_n_children (expr); i++)
    {
      KgAst *c = kg_ast_child (expr, i);
      if (c && !bind_expr (b, scope, c, flags))
        return FALSE;
    }
  return TRUE;
}

/* The first call of a KG_FN_RANDOM function (rand(), randomUUID()) in @e, or NULL. */
static const KgAst *
find_random (const KgAst *e)
{
  if (e == NULL)
    return NULL;
  const KgFunction *fn = kg_ast_call_function (e);
  if (fn != NULL && (fn->flags & KG_FN_RANDOM))
    return e;
  for (guint i = 0; i < kg_ast_n_children (e); i++)
    {
      const KgAst *r = find_random (kg_ast_child (e, i));
      if (r != NULL)
        return r;
    }
  return NULL;
}

/* A bare word that the function takes as a keyword (normalize (s, NFKC)) becomes the
 * string of the keyword, even where a variable has that name; another bare word that
 * names no variable is an error that lists the keywords; any other expression is left
 * to be evaluated. */
static gboolean
bind_keyword_arg (KgBinder *b, KgScope *scope, const KgFunction *info, KgAst *arg)
{
  if (arg == NULL || arg->kind != KG_AST_VARIABLE)
    return TRUE;
  for (const char *const *k = info->keywords; *k != NULL; k++)
    if (g_ascii_strcasecmp (arg->name, *k) == 0)
      {
        arg->kind = KG_AST_LITERAL;
        kg_value_clear (&arg->value);
        arg->value = kg_value_string (*k);
        return TRUE;
      }
  if (kg_scope_lookup (scope, arg->name) != NULL)
    return TRUE;
  g_autofree char *words = g_strjoinv (", ", (char **) info->keywords);
  return kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &arg->span, "%s() takes one of %s here, not `%s`", info->name,
                        words, arg->name);
}

static gboolean
bind_function (KgBinder *b, KgScope *scope, KgAst *expr, guint flags)
{
  const KgFunction *info = kg_function_lookup (expr->name);
  if (info == NULL)
    {
      const char *hint = closest_function (expr->name);
      if (hint)
        return kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &expr->span, "unknown function `%s`; did you mean `%s`?", expr->name, hint);
      return kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &expr->span, "unknown function `%s`", expr->name);
    }
  guint n = kg_ast_n_children (expr);
  if (!(expr->flags & KG_AST_F_STAR) && ((int) n < info->min_args || (info->max_args >= 0 && (int) n > info->max_args)))
    {
      if (info->min_args == info->max_args)
        return kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &expr->span, "%s() takes %d argument%s, got %u",
                              info->name, info->min_args, info->min_args == 1 ? "" : "s", n);
      return kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &expr->span, "%s() takes %d to %d arguments, got %u",
                            info->name, info->min_args, info->max_args, n);
    }
  if ((expr->flags & KG_AST_F_STAR) && info->agg != KG_AGG_COUNT)
    return kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &expr->span, "only count() takes `*`");
  expr->function = info;
  if (info->keywords != NULL && n > 1 && !bind_keyword_arg (b, scope, info, kg_ast_child (expr, 1)))
    return FALSE;
  if (info->agg == KG_AGG_NONE)
    {
      if (expr->flags & KG_AST_F_DISTINCT)
        return kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &expr->span, "DISTINCT is only allowed in aggregate functions");
      return bind_children (b, scope, expr, flags);
    }
  if (b->in_agg > 0)
    return kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &expr->span,
                          "cannot use an aggregate function inside another aggregate function");
  if (!(flags & KG_BIND_AGG_OK) || b->aggs == NULL)
    return kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &expr->span,
                          "invalid use of aggregate function %s() in %s", info->name,
                          b->agg_context ? b->agg_context : "this context");
  for (guint i = 0; i < n; i++)
    {
      const KgAst *r = find_random (kg_ast_child (expr, i));
      if (r != NULL)
        return kg_bind_error (b, KG_QUERY_ERROR_SYNTAX, &kg_ast_child (expr, i)->span,
                              "the argument of an aggregate function cannot use %s()", kg_ast_call_function (r)->name);
    }
  b->in_agg++;
  gboolean ok = bind_children (b, scope, expr, flags);
  b->in_agg--;
  if (!ok)
    return FALSE;
  expr->slot = kg_binder_new_slot (b);
  g_ptr_array_add (b->aggs, expr);
  return TRUE;
}

/* Binds a comprehension-style expression whose variable lives in a child scope. */
static gboolean
bind_with_var (KgBinder *b, KgScope *scope, KgAst *expr, guint flags)
{
  g_autoptr (KgScope) inner = kg_scope_new (scope);
  switch (expr->kind)
    {
    case KG_AST_LIST_COMPREHENSION:
    case KG_AST_QUANTIFIER:
      {
        KgAst *list = kg_ast_child (expr, 0);
        if (list && !bind_expr (b, scope, list, flags))
          return FALSE;
        int slot = kg_binder_new_slot (b);
        expr->var_slot = slot;
        kg_scope_declare (inner, expr->name, KG_VAR_ANY, slot);
        for (guint i = 1; i < kg_ast_n_children (expr); i++)
          {
            KgAst *c = kg_ast_child (expr, i);
            if (c && !bind_expr (b, inner, c, flags & ~(guint) KG_BIND_AGG_OK))
              return FALSE;
          }
        return TRUE;
      }
    case KG_AST_REDUCE:
      {
        for (guint i = 0; i < 2; i++)
          {
            KgAst *c = kg_ast_child (expr, i);
            if (c && !bind_expr (b, scope, c, flags))
              return FALSE;
          }
        int acc = kg_binder_new_slot (b), elem = kg_binder_new_slot (b);
        expr->var_slot = acc;
        expr->elem_slot = elem;
        kg_scope_declare (inner, expr->name, KG_VAR_ANY, acc);
        kg_scope_declare (inner, kg_ast_name_at (expr, 0), KG_VAR_ANY, elem);
        KgAst *body = kg_ast_child (expr, 2);
        return body == NULL || bind_expr (b, inner, body, flags & ~(guint) KG_BIND_AGG_OK);
      }
    default:
      g_assert_not_reached ();
    }
}

static gboolean
bind_expr (KgBinder *b, KgScope *scope, KgAst *expr, guint flags)
{
  if (expr == NULL || expr->slot >= 0)
    return TRUE; /* already resolved (a projected expression read from its slot) */
  switch (expr->kind)
    {
    case KG_AST_LITERAL:
    case KG_AST_STAR:
      return TRUE;

    case KG_AST_PARAMETER:
      if (b->params == NULL || !g_hash_table_contains (b->params, expr->name))
        return kg_bind_error (b, KG_QUERY_ERROR_PARAMETER_MISSING, &expr->span, "parameter `$%s` was not given", expr->name);
      return TRUE;

    case KG_AST_VARIABLE:
      {
        KgVar *v = kg_scope_lookup (scope, expr->name);
        if (v == NULL)
          {
            const char *hint = closest_variable (scope, expr->name);
            if (hint)
              return kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &expr->span, "variable `%s` not defined; did you mean `%s`?",
                                    expr->name, hint);
            return kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &expr->span, "variable `%s` not defined", expr->name);
          }
        expr->slot = v->slot;
        return TRUE;
      }

    case KG_AST_FUNCTION_CALL:
      return bind_function (b, scope, expr, flags);

    case KG_AST_LIST_COMPREHENSION:
    case KG_AST_QUANTIFIER:
    case KG_AST_REDUCE:
      return bind_with_var (b, scope, expr, flags);

    case KG_AST_MAP_PROJECTION:
      {
        KgVar *v = kg_scope_lookup (scope, expr->name);
        if (v == NULL)
          return kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &expr->span, "variable `%s` not defined", expr->name);
        expr->var_slot = v->slot;
        for (guint i = 0; i < kg_ast_n_children (expr); i++)
          {
            KgAst *item = kg_ast_child (expr, i);
            if (item == NULL)
              continue;
            if (item->op == KG_MAP_ITEM_LITERAL)
              {
                if (!bind_children (b, scope, item, flags))
                  return FALSE;
              }
            else if (item->op == KG_MAP_ITEM_VARIABLE)
              {
                KgVar *iv = kg_scope_lookup (scope, item->name);
                if (iv == NULL)
                  return kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &item->span, "variable `%s` not defined", item->name);
                item->var_slot = iv->slot;
              }
          }
        return TRUE;
      }

    case KG_AST_LABEL_CHECK:
      {
        /* a dynamic name reads as a relationship type when the value is a relationship */
        if (!bind_children (b, scope, expr, flags))
          return FALSE;
        const KgAst *of = kg_ast_child (expr, 0);
        gboolean rel = of->kind == KG_AST_VARIABLE && kg_binder_slot_type (b, of->slot) == (1u << KG_VALUE_EDGE);
        return kg_bind_check_dynamic_labels (b, expr, rel);
      }

    case KG_AST_PATTERN_COMPREHENSION:
    case KG_AST_PATTERN_PREDICATE:
    case KG_AST_EXISTS_SUBQUERY:
    case KG_AST_PATTERN_PART:
      if (b->plan == NULL)
        return kg_bind_error (b, KG_QUERY_ERROR_UNSUPPORTED, &expr->span, "pattern expressions are not supported here");
      return kg_bind_pattern_expr (b, scope, expr);

    default:
      return bind_children (b, scope, expr, flags);
    }
}

/* --- Constant folding ----------------------------------------------------------- */

/* Whether @v holds a node, relationship or path anywhere: reading one reads the graph,
 * which the statement may change, so an expression on it is not a constant. */
static gboolean
value_has_entity (const KgValue *v)
{
  switch (v->type)
    {
    case KG_VALUE_NODE:
    case KG_VALUE_EDGE:
    case KG_VALUE_PATH:
      return TRUE;
    case KG_VALUE_LIST:
      for (guint i = 0; i < v->u.list->len; i++)
        if (value_has_entity (&v->u.list->items[i]))
          return TRUE;
      return FALSE;
    case KG_VALUE_MAP:
      for (guint i = 0; i < v->u.map->len; i++)
        if (value_has_entity (&v->u.map->vals[i]))
          return TRUE;
      return FALSE;
    default:
      return FALSE;
    }
}

/* Whether the node @e itself (its children aside) may be part of a constant. */
static gboolean
node_is_constant (KgBinder *b, const KgAst *e)
{
  if (e->slot >= 0)
    return FALSE; /* read from the row */
  switch (e->kind)
    {
    case KG_AST_LITERAL:
    case KG_AST_LIST:
    case KG_AST_MAP:
    case KG_AST_BINARY_OP:
    case KG_AST_UNARY_OP:
    case KG_AST_IS_NULL:
    case KG_AST_LABEL_CHECK:
    case KG_AST_INDEX:
    case KG_AST_SLICE:
    case KG_AST_PROPERTY:
    case KG_AST_CASE:
    case KG_AST_LIST_COMPREHENSION:
    case KG_AST_QUANTIFIER:
    case KG_AST_REDUCE:
      /* Comprehensions qualify when nothing below reads a variable, not even their own. */
      return TRUE;
    case KG_AST_PARAMETER:
      {
        const KgValue *v = b->params != NULL ? g_hash_table_lookup (b->params, e->name) : NULL;
        return v != NULL && !value_has_entity (v);
      }
    case KG_AST_FUNCTION_CALL:
      return e->function != NULL && e->function->agg == KG_AGG_NONE &&
             kg_function_is_deterministic (e->function, kg_ast_n_children (e));
    default:
      /* variables, map projections, pattern expressions, subqueries */
      return FALSE;
    }
}

static void
give_fold (KgBinder *b, KgAst *e)
{
  /* A literal is its own value already. */
  if (e->kind != KG_AST_LITERAL && e->fold < 0)
    e->fold = (int) b->n_folds++;
}

/* Returns whether @e is constant (no variable, no row slot, no random or clock call,
 * no aggregate, no pattern); below a part that is not, every largest constant subtree
 * gets a fold index, so it is evaluated once per statement. */
static gboolean
fold_walk (KgBinder *b, KgAst *e)
{
  if (e == NULL)
    return TRUE;
  if (e->fold >= 0)
    return TRUE; /* folded when an enclosing expression was bound */
  gboolean constant = node_is_constant (b, e);
  guint n = kg_ast_n_children (e);
  gboolean small[16];
  gboolean *child_const = n <= G_N_ELEMENTS (small) ? small : g_new (gboolean, n);
  for (guint i = 0; i < n; i++)
    {
      child_const[i] = fold_walk (b, kg_ast_child (e, i));
      constant = constant && child_const[i];
    }
  if (!constant)
    for (guint i = 0; i < n; i++)
      if (child_const[i] && kg_ast_child (e, i) != NULL)
        give_fold (b, kg_ast_child (e, i));
  if (child_const != small)
    g_free (child_const);
  return constant;
}

gboolean
kg_bind_expr (KgBinder *b, KgScope *scope, KgAst *expr, guint flags)
{
  if (!bind_expr (b, scope, expr, flags))
    return FALSE;
  if (expr != NULL && fold_walk (b, expr))
    give_fold (b, expr);
  return TRUE;
}

/* --- Expressions outside a query ------------------------------------------------ */

int
kg_expr_bind (KgAst *expr, GHashTable *params, const char *filename, GError **error)
{
  g_return_val_if_fail (expr != NULL, -1);
  GError *local = NULL;
  KgBinder b = { 0 };
  b.filename = filename;
  b.params = params;
  b.error = &local;
  b.agg_context = "an expression outside a query";
  g_autoptr (KgScope) scope = kg_scope_new (NULL);
  /* No fold cache outside a statement: bind_expr, not kg_bind_expr. */
  if (!bind_expr (&b, scope, expr, 0))
    {
      g_propagate_error (error, local);
      return -1;
    }
  return (int) b.n_own_slots;
}
