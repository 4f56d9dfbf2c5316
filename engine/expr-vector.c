/* engine/expr-vector.c — the vector evaluator: a predicate over the rows of a batch.
 *
 * kg_vec_compile() turns a bound predicate into a small tree of vector nodes, once per
 * operator; kg_vec_select() runs it over a batch's alive rows, one tight loop per node
 * (DuckDB's ExpressionExecutor), and writes the rows where it is true as a selection
 * vector; kg_vec_values() gives the values of an expression (Aggregation's keys and
 * arguments) as a vector of pointers. Value nodes fill a vector of pointers to values
 * (a property points into the store's column for its key, a constant is evaluated once
 * per run, arithmetic writes numbers into the node's own vector, a variable points at
 * its id in the batch's column or at its value in a value column, a property of a
 * value column's node reads the store's column); boolean nodes fill a vector of KgTri. AND and OR
 * evaluate their right side only on the rows the left side leaves undecided, as the
 * row evaluator short-circuits.
 *
 * The row evaluator (expr.c) stays the reference. A node meets a value it has no exact
 * shortcut for (a type error to report, an integer overflow, a non-ASCII string under
 * lower(), a constant that is not a string) by giving up on the batch: kg_vec_select()
 * returns KG_VEC_BAIL and the operator evaluates that batch a row at a time, so errors
 * are raised at the row, and with the message, the row path gives. Parts of a predicate
 * with no vector form (function calls, list operations, pattern predicates, ...) are
 * nodes that load each row into the plan's row and call the row evaluator.
 *
 * Only read-only plans run in batches (engine/batch.c), so every id in a batch is a
 * live node or relationship while the batch is evaluated, and the store's columns do
 * not move under a loop.
 */
#include "engine/ops/op-private.h"

#include <string.h>

typedef enum
{
  V_CONST, /* a literal, a parameter or a folded expression: one value a run */
  V_PROP,  /* v.key */
  V_ARITH, /* + - * / % of two value nodes */
  V_VAR,   /* a variable (or an expression read from its slot): a column of the batch,
            * or the plan's row */
  V_ROW,   /* anything else, by the row evaluator */
  B_CMP,   /* = <> < <= > >= of two value nodes */
  B_CASE,  /* lower(x) = constant, upper(x) <> constant */
  B_STR,   /* x STARTS WITH / ENDS WITH / CONTAINS a constant */
  B_ISNULL,
  B_NOT,
  B_LOGIC, /* AND, OR, XOR */
  B_VALUE, /* a value node read as a truth value */
  B_ROW,   /* a predicate by the row evaluator */
} VKind;

typedef struct VNode VNode;
struct VNode
{
  VKind kind;
  const KgAst *ast;
  int op;              /* KgAstOp of B_CMP, B_CASE, B_STR, B_LOGIC and V_ARITH */
  gboolean negate;     /* IS NOT NULL */
  gboolean upper;      /* B_CASE: upper() rather than lower() */
  VNode *a, *b;        /* operands (B_CASE: a is the function's argument; B_STR: a the string) */
  int slot;            /* V_PROP: the variable's slot */
  const char *key;     /* V_PROP: the key (borrowed from the AST) */
  KgSymbol sym;        /* V_PROP: the key, resolved once it exists */
  const KgAst *con;    /* B_CASE, B_STR: the constant side */
  KgValue cval;        /* V_CONST, B_CASE, B_STR: the constant's value */
  gboolean cready;     /* cval evaluated for this run */
  const KgValue **ptr; /* value nodes: the value of each row */
  KgValue *tmp;        /* V_ARITH, V_ROW, V_PROP: values the node computed */
  guint n_tmp;         /* tmp entries that may hold owned values */
  guint8 *tri;         /* boolean nodes: the truth value of each row */
  guint16 *sub;        /* B_LOGIC: the rows its left side leaves undecided */
};

struct _KgVecExpr
{
  VNode *root;
  guint16 *rows;        /* the batch's alive rows */
  guint32 *ids;         /* a parent's column, gathered */
  const KgValue **vals; /* a parent's value column, gathered */
  gboolean useful;
};

typedef struct
{
  KgExec *exec;
  KgBatch *b;
  guint32 *ids;
  const KgValue **vals;
} Ctx;

static const KgValue null_value = KG_VALUE_INIT;

/* --- Compiling ------------------------------------------------------------------ */

static VNode *
node_new (VKind kind, const KgAst *ast)
{
  VNode *n = g_new0 (VNode, 1);
  n->kind = kind;
  n->ast = ast;
  n->sym = KG_NONE;
  if (kind <= V_ROW)
    n->ptr = g_new (const KgValue *, KG_BATCH_MAX);
  else
    n->tri = g_new (guint8, KG_BATCH_MAX);
  /* V_ARITH and V_VAR write a row's entry before they read it and own nothing in it
   * (n_tmp stays 0); V_ROW and V_PROP clear up to n_tmp entries, which must start null */
  if (kind == V_ARITH || kind == V_VAR)
    n->tmp = g_new (KgValue, KG_BATCH_MAX);
  else if (kind == V_ROW || kind == V_PROP)
    n->tmp = g_new0 (KgValue, kind == V_PROP ? 1 : KG_BATCH_MAX);
  if (kind == B_LOGIC)
    n->sub = g_new (guint16, KG_BATCH_MAX);
  return n;
}

static void
node_free (VNode *n)
{
  if (n == NULL)
    return;
  node_free (n->a);
  node_free (n->b);
  kg_value_clear (&n->cval);
  for (guint i = 0; i < n->n_tmp; i++)
    kg_value_clear (&n->tmp[i]);
  g_free (n->ptr);
  g_free (n->tmp);
  g_free (n->tri);
  g_free (n->sub);
  g_free (n);
}

static gboolean
is_constant (const KgAst *e)
{
  return e && e->slot < 0 && (e->kind == KG_AST_LITERAL || e->kind == KG_AST_PARAMETER || e->fold >= 0);
}

static gboolean
is_comparison (int op)
{
  return op == KG_OP_EQ || op == KG_OP_NE || op == KG_OP_LT || op == KG_OP_LE || op == KG_OP_GT || op == KG_OP_GE;
}

static VNode *
compile_value (const KgAst *e)
{
  if (is_constant (e))
    return node_new (V_CONST, e);
  if (e->slot < 0 && e->kind == KG_AST_PROPERTY && kg_ast_child (e, 0) && kg_ast_child (e, 0)->kind == KG_AST_VARIABLE &&
      kg_ast_child (e, 0)->slot >= 0)
    {
      VNode *n = node_new (V_PROP, e);
      n->slot = kg_ast_child (e, 0)->slot;
      n->key = e->name;
      return n;
    }
  if (e->slot < 0 && e->kind == KG_AST_BINARY_OP &&
      (e->op == KG_OP_ADD || e->op == KG_OP_SUB || e->op == KG_OP_MUL || e->op == KG_OP_DIV || e->op == KG_OP_MOD))
    {
      VNode *n = node_new (V_ARITH, e);
      n->op = e->op;
      n->a = compile_value (kg_ast_child (e, 0));
      n->b = compile_value (kg_ast_child (e, 1));
      return n;
    }
  if (e->slot >= 0)
    {
      VNode *n = node_new (V_VAR, e);
      n->slot = e->slot;
      return n;
    }
  return node_new (V_ROW, e);
}

/* lower(x) / upper(x) of one argument, or NULL. */
static const KgAst *
case_call (const KgAst *e, gboolean *upper)
{
  if (e == NULL || e->kind != KG_AST_FUNCTION_CALL || e->slot >= 0 || e->fold >= 0 || kg_ast_n_children (e) != 1)
    return NULL;
  int v = kg_function_case_variant (e->function);
  if (v < 0)
    return NULL;
  *upper = v == 1;
  return kg_ast_child (e, 0);
}

static VNode *
compile_bool (const KgAst *e)
{
  if (e->slot < 0 && e->fold < 0 && e->kind == KG_AST_BINARY_OP)
    {
      const KgAst *l = kg_ast_child (e, 0), *r = kg_ast_child (e, 1);
      if (e->op == KG_OP_AND || e->op == KG_OP_OR || e->op == KG_OP_XOR)
        {
          /* a constant right side is evaluated even when the left decides: the row
           * evaluator's business */
          if (r->kind == KG_AST_LITERAL || r->kind == KG_AST_LIST || r->kind == KG_AST_MAP)
            return node_new (B_ROW, e);
          VNode *n = node_new (B_LOGIC, e);
          n->op = e->op;
          n->a = compile_bool (l);
          n->b = compile_bool (r);
          return n;
        }
      if (is_comparison (e->op))
        {
          gboolean upper;
          const KgAst *arg;
          if ((e->op == KG_OP_EQ || e->op == KG_OP_NE) && (arg = case_call (l, &upper)) && is_constant (r))
            ;
          else if ((e->op == KG_OP_EQ || e->op == KG_OP_NE) && (arg = case_call (r, &upper)) && is_constant (l))
            r = l;
          else
            arg = NULL;
          if (arg)
            {
              VNode *n = node_new (B_CASE, e);
              n->op = e->op;
              n->upper = upper;
              n->a = compile_value (arg);
              n->con = r;
              return n;
            }
          VNode *n = node_new (B_CMP, e);
          n->op = e->op;
          n->a = compile_value (l);
          n->b = compile_value (r);
          return n;
        }
    }
  if (e->slot < 0 && e->fold < 0 && e->kind == KG_AST_BINARY_OP &&
      (e->op == KG_OP_STARTS_WITH || e->op == KG_OP_ENDS_WITH || e->op == KG_OP_CONTAINS) && is_constant (kg_ast_child (e, 1)))
    {
      VNode *n = node_new (B_STR, e);
      n->op = e->op;
      n->a = compile_value (kg_ast_child (e, 0));
      n->con = kg_ast_child (e, 1);
      return n;
    }
  if (e->slot < 0 && e->fold < 0 && e->kind == KG_AST_UNARY_OP && e->op == KG_OP_NOT)
    {
      VNode *n = node_new (B_NOT, e);
      n->a = compile_bool (kg_ast_child (e, 0));
      return n;
    }
  if (e->slot < 0 && e->fold < 0 && e->kind == KG_AST_IS_NULL)
    {
      VNode *n = node_new (B_ISNULL, e);
      n->negate = (e->flags & KG_AST_F_NOT) != 0;
      n->a = compile_value (kg_ast_child (e, 0));
      return n;
    }
  VNode *v = compile_value (e);
  if (v->kind == V_ROW)
    {
      node_free (v);
      return node_new (B_ROW, e);
    }
  VNode *n = node_new (B_VALUE, e);
  n->a = v;
  return n;
}

static gboolean
has_vector_node (const VNode *n)
{
  if (n == NULL)
    return FALSE;
  if (n->kind != V_ROW && n->kind != B_ROW && n->kind != B_VALUE && n->kind != V_CONST && n->kind != V_VAR)
    return TRUE;
  return has_vector_node (n->a) || has_vector_node (n->b);
}

KgVecExpr *
kg_vec_compile (const KgAst *pred)
{
  KgVecExpr *vx = g_new0 (KgVecExpr, 1);
  vx->root = compile_bool (pred);
  vx->rows = g_new (guint16, KG_BATCH_MAX);
  vx->ids = g_new (guint32, KG_BATCH_MAX);
  vx->vals = g_new (const KgValue *, KG_BATCH_MAX);
  vx->useful = has_vector_node (vx->root);
  return vx;
}

static void
node_reset (VNode *n)
{
  if (n == NULL)
    return;
  kg_value_clear (&n->cval);
  n->cready = FALSE;
  node_reset (n->a);
  node_reset (n->b);
}

void
kg_vec_reset (KgVecExpr *vx)
{
  node_reset (vx->root);
}

void
kg_vec_free (KgVecExpr *vx)
{
  if (vx == NULL)
    return;
  node_free (vx->root);
  g_free (vx->rows);
  g_free (vx->ids);
  g_free (vx->vals);
  g_free (vx);
}

gboolean
kg_vec_useful (const KgVecExpr *vx)
{
  return vx->useful;
}

/* --- Evaluating ----------------------------------------------------------------- */

#define OK 0
#define BAIL 1

static int eval_node (Ctx *c, VNode *n, const guint16 *rows, guint m);

static void
clear_tmp (VNode *n)
{
  for (guint i = 0; i < n->n_tmp; i++)
    if (n->tmp[i].type >= KG_VALUE_STRING || kg_value_type_is_temporal (n->tmp[i].type))
      kg_value_clear (&n->tmp[i]);
  n->n_tmp = 0;
}

/* The row evaluator on the loaded row; an error only means "give up on this batch". */
static gboolean
eval_quiet (Ctx *c, const KgAst *e, KgValue *out)
{
  GError *local = NULL;
  if (kg_expr_eval (&c->exec->env, e, out, &local))
    return TRUE;
  g_clear_error (&local);
  return FALSE;
}

static gboolean
constant (Ctx *c, VNode *n, const KgAst *e)
{
  if (n->cready)
    return TRUE;
  kg_value_clear (&n->cval);
  if (!eval_quiet (c, e, &n->cval))
    return FALSE;
  n->cready = TRUE;
  return TRUE;
}

/* v.key where v is a value column of the batch: a node's or relationship's property
 * from the store's column, null of null; anything else (a map, a type error) is the
 * row path's. */
static int
eval_prop_values (Ctx *c, VNode *n, const KgValue *const *vals, const guint16 *rows, guint m)
{
  KgSymbol key = kg_exec_sym (c->exec, KG_SYM_KEY, n->key, &n->sym);
  const KgValue *col[2] = { NULL, NULL };
  guint32 lo[2] = { 0, 0 }, hi[2] = { 0, 0 };
  gboolean looked[2] = { FALSE, FALSE };
  for (guint k = 0; k < m; k++)
    {
      guint r = rows[k];
      const KgValue *v = vals[r];
      if (v->type == KG_VALUE_NULL)
        {
          n->ptr[r] = &null_value;
          continue;
        }
      if (v->type != KG_VALUE_NODE && v->type != KG_VALUE_EDGE)
        return BAIL;
      int e = v->type == KG_VALUE_EDGE;
      if (!looked[e])
        {
          looked[e] = TRUE;
          col[e] = key == KG_NONE ? NULL : kg_graph_prop_column (c->exec->graph, e, key, &lo[e], &hi[e]);
        }
      guint32 at = v->u.id - lo[e];
      n->ptr[r] = at < hi[e] - lo[e] && col[e][at].type != KG_VALUE_NULL ? &col[e][at] : &null_value;
    }
  return OK;
}

static int
eval_prop (Ctx *c, VNode *n, const guint16 *rows, guint m)
{
  KgValueType type;
  const guint32 *ids = kg_batch_ids (c->b, n->slot, c->ids, &type);
  const KgValue *const *vals = ids ? NULL : kg_batch_vals (c->b, n->slot, c->vals);
  if (vals)
    return eval_prop_values (c, n, vals, rows, m);
  if (ids == NULL)
    {
      /* a variable bound below the pipeline: one value for the whole batch */
      clear_tmp (n);
      n->n_tmp = 1;
      if (!eval_quiet (c, n->ast, &n->tmp[0]))
        return BAIL;
      for (guint k = 0; k < m; k++)
        n->ptr[rows[k]] = &n->tmp[0];
      return OK;
    }
  KgSymbol key = kg_exec_sym (c->exec, KG_SYM_KEY, n->key, &n->sym);
  guint32 lo = 0, hi = 0;
  const KgValue *col = key == KG_NONE ? NULL : kg_graph_prop_column (c->exec->graph, type == KG_VALUE_EDGE, key, &lo, &hi);
  guint32 span = hi - lo;
  for (guint k = 0; k < m; k++)
    {
      guint r = rows[k];
      guint32 at = ids[r] - lo;
      n->ptr[r] = at < span && col[at].type != KG_VALUE_NULL ? &col[at] : &null_value;
    }
  return OK;
}

static int
eval_var (Ctx *c, VNode *n, const guint16 *rows, guint m)
{
  KgValueType type;
  const guint32 *ids = kg_batch_ids (c->b, n->slot, c->ids, &type);
  const KgValue *const *vals = ids ? NULL : kg_batch_vals (c->b, n->slot, c->vals);
  if (vals)
    {
      for (guint k = 0; k < m; k++)
        n->ptr[rows[k]] = vals[rows[k]];
      return OK;
    }
  if (ids == NULL)
    {
      /* bound below the pipeline: the plan's row holds it for the whole batch */
      const KgValue *v = &c->exec->slots[n->slot];
      for (guint k = 0; k < m; k++)
        n->ptr[rows[k]] = v;
      return OK;
    }
  for (guint k = 0; k < m; k++)
    {
      guint r = rows[k];
      n->tmp[r].type = type; /* ids own nothing */
      n->tmp[r].u.id = ids[r];
      n->ptr[r] = &n->tmp[r];
    }
  return OK;
}

static int
eval_row (Ctx *c, VNode *n, const guint16 *rows, guint m)
{
  clear_tmp (n);
  for (guint k = 0; k < m; k++)
    {
      guint r = rows[k];
      n->n_tmp = MAX (n->n_tmp, r + 1);
      kg_batch_load_row (c->exec, c->b, r);
      n->tmp[r] = kg_value_null ();
      if (!eval_quiet (c, n->ast, &n->tmp[r]))
        return BAIL;
      n->ptr[r] = &n->tmp[r];
    }
  return OK;
}

static int
eval_arith (Ctx *c, VNode *n, const guint16 *rows, guint m)
{
  if (eval_node (c, n->a, rows, m) != OK || eval_node (c, n->b, rows, m) != OK)
    return BAIL;
  n->n_tmp = 0; /* numbers only */
  for (guint k = 0; k < m; k++)
    {
      guint r = rows[k];
      const KgValue *x = n->a->ptr[r], *y = n->b->ptr[r];
      KgValue *out = &n->tmp[r];
      n->ptr[r] = out;
      if (x->type == KG_VALUE_NULL || y->type == KG_VALUE_NULL)
        {
          *out = kg_value_null ();
          continue;
        }
      if (x->type == KG_VALUE_INT && y->type == KG_VALUE_INT)
        {
          gint64 a = x->u.i, b = y->u.i, v;
          switch (n->op)
            {
            case KG_OP_ADD:
              if (__builtin_add_overflow (a, b, &v))
                return BAIL;
              break;
            case KG_OP_SUB:
              if (__builtin_sub_overflow (a, b, &v))
                return BAIL;
              break;
            case KG_OP_MUL:
              if (__builtin_mul_overflow (a, b, &v))
                return BAIL;
              break;
            case KG_OP_DIV:
              if (b == 0 || (a == G_MININT64 && b == -1))
                return BAIL;
              v = a / b;
              break;
            default:
              if (b == 0)
                return BAIL;
              v = b == -1 ? 0 : a % b;
              break;
            }
          *out = kg_value_int (v);
          continue;
        }
      if (!kg_value_is_number (x) || !kg_value_is_number (y) || n->op == KG_OP_MOD)
        return BAIL;
      double a = x->type == KG_VALUE_INT ? (double) x->u.i : x->u.f;
      double b = y->type == KG_VALUE_INT ? (double) y->u.i : y->u.f;
      double v = n->op == KG_OP_ADD ? a + b : n->op == KG_OP_SUB ? a - b
                                          : n->op == KG_OP_MUL   ? a * b
                                                                 : a / b;
      *out = kg_value_float (v);
    }
  return OK;
}

/* The outcome of comparison @op from where a and b stand: for two floats, NaN is neither
 * less, equal nor greater than anything, so only <> holds (Cypher's order is C's). */
static inline guint8
op_outcome (int op, gboolean lt, gboolean eq, gboolean gt)
{
  switch (op)
    {
    case KG_OP_EQ:
      return eq;
    case KG_OP_NE:
      return !eq;
    case KG_OP_LT:
      return lt;
    case KG_OP_LE:
      return lt || eq;
    case KG_OP_GT:
      return gt;
    default:
      return gt || eq;
    }
}

#define COMPARE(op, a, b) op_outcome ((op), (a) < (b), (a) == (b), (a) > (b))

static int
eval_cmp (Ctx *c, VNode *n, const guint16 *rows, guint m)
{
  if (eval_node (c, n->a, rows, m) != OK || eval_node (c, n->b, rows, m) != OK)
    return BAIL;
  int op = n->op;
  for (guint k = 0; k < m; k++)
    {
      guint r = rows[k];
      const KgValue *x = n->a->ptr[r], *y = n->b->ptr[r];
      if (x->type == KG_VALUE_INT && y->type == KG_VALUE_INT)
        n->tri[r] = COMPARE (op, x->u.i, y->u.i);
      else if (x->type == KG_VALUE_DATE && y->type == KG_VALUE_DATE)
        n->tri[r] = COMPARE (op, x->u.date, y->u.date);
      else if (x->type == KG_VALUE_FLOAT && y->type == KG_VALUE_FLOAT)
        n->tri[r] = COMPARE (op, x->u.f, y->u.f);
      else if (x->type == KG_VALUE_STRING && y->type == KG_VALUE_STRING)
        {
          /* Cypher orders strings by code point, which is UTF-8's byte order; the
           * first bytes settle most comparisons without a call */
          const unsigned char *s = (const unsigned char *) x->u.s, *t = (const unsigned char *) y->u.s;
          int d = 0;
          if (s[0] != t[0])
            d = s[0] < t[0] ? -1 : 1;
          else if (s != t)
            d = strcmp ((const char *) s, (const char *) t);
          n->tri[r] = COMPARE (op, d, 0);
        }
      else if (x->type == KG_VALUE_NULL || y->type == KG_VALUE_NULL)
        n->tri[r] = KG_TRI_NULL;
      else
        n->tri[r] = kg_expr_compare (op, x, y);
    }
  return OK;
}

/* lower(s) = c (upper(s) = c) for an ASCII @s, without building lower(s): -1 when @s is
 * not ASCII (g_utf8_strdown's business). */
static int
case_equal (const char *s, const char *con, gboolean upper)
{
  gboolean same = TRUE;
  gsize i = 0;
  for (; s[i] != '\0'; i++)
    {
      unsigned char ch = (unsigned char) s[i];
      if (ch >= 0x80)
        return -1;
      if (same)
        {
          char f = (char) (upper ? (ch >= 'a' && ch <= 'z' ? ch - 32 : ch) : (ch >= 'A' && ch <= 'Z' ? ch + 32 : ch));
          if (con[i] != f)
            same = FALSE;
        }
    }
  return same && con[i] == '\0';
}

static int
eval_case (Ctx *c, VNode *n, const guint16 *rows, guint m)
{
  if (!constant (c, n, n->con) || n->cval.type != KG_VALUE_STRING)
    return BAIL; /* null or a number: rare enough for the row path */
  if (eval_node (c, n->a, rows, m) != OK)
    return BAIL;
  const char *con = n->cval.u.s;
  for (guint k = 0; k < m; k++)
    {
      guint r = rows[k];
      const KgValue *x = n->a->ptr[r];
      if (x->type == KG_VALUE_NULL)
        {
          n->tri[r] = KG_TRI_NULL;
          continue;
        }
      if (x->type != KG_VALUE_STRING)
        return BAIL; /* a type error, raised by the row path */
      int eq = case_equal (x->u.s, con, n->upper);
      if (eq < 0)
        return BAIL;
      n->tri[r] = (guint8) (n->op == KG_OP_EQ ? eq : !eq);
    }
  return OK;
}

/* s STARTS WITH / ENDS WITH / CONTAINS a constant, as the row evaluator decides it: null
 * unless both are strings. The prefix test compares the first byte before calling. */
static int
eval_str (Ctx *c, VNode *n, const guint16 *rows, guint m)
{
  if (!constant (c, n, n->con))
    return BAIL;
  if (eval_node (c, n->a, rows, m) != OK)
    return BAIL;
  if (n->cval.type != KG_VALUE_STRING)
    {
      for (guint k = 0; k < m; k++)
        n->tri[rows[k]] = KG_TRI_NULL;
      return OK;
    }
  const char *con = n->cval.u.s;
  gsize len = strlen (con);
  for (guint k = 0; k < m; k++)
    {
      guint r = rows[k];
      const KgValue *x = n->a->ptr[r];
      if (x->type != KG_VALUE_STRING)
        {
          n->tri[r] = KG_TRI_NULL;
          continue;
        }
      const char *s = x->u.s;
      gboolean t;
      if (n->op == KG_OP_STARTS_WITH)
        t = len == 0 || (s[0] == con[0] && strncmp (s, con, len) == 0);
      else if (n->op == KG_OP_ENDS_WITH)
        {
          gsize sl = strlen (s);
          t = sl >= len && memcmp (s + sl - len, con, len) == 0;
        }
      else
        t = strstr (s, con) != NULL;
      n->tri[r] = t ? KG_TRI_TRUE : KG_TRI_FALSE;
    }
  return OK;
}

static inline guint8
tri_logic (int op, guint8 a, guint8 b)
{
  if (op == KG_OP_AND)
    return (a == KG_TRI_FALSE || b == KG_TRI_FALSE) ? KG_TRI_FALSE : (a == KG_TRI_NULL || b == KG_TRI_NULL) ? KG_TRI_NULL
                                                                                                            : KG_TRI_TRUE;
  if (op == KG_OP_OR)
    return (a == KG_TRI_TRUE || b == KG_TRI_TRUE) ? KG_TRI_TRUE : (a == KG_TRI_NULL || b == KG_TRI_NULL) ? KG_TRI_NULL
                                                                                                         : KG_TRI_FALSE;
  return (a == KG_TRI_NULL || b == KG_TRI_NULL) ? KG_TRI_NULL : (a != b) ? KG_TRI_TRUE
                                                                         : KG_TRI_FALSE;
}

static int
eval_logic (Ctx *c, VNode *n, const guint16 *rows, guint m)
{
  if (eval_node (c, n->a, rows, m) != OK)
    return BAIL;
  const guint8 *l = n->a->tri;
  guint8 decided = n->op == KG_OP_AND ? KG_TRI_FALSE : KG_TRI_TRUE;
  guint ms = 0;
  for (guint k = 0; k < m; k++)
    if (n->op == KG_OP_XOR || l[rows[k]] != decided)
      n->sub[ms++] = rows[k];
  if (ms > 0 && eval_node (c, n->b, n->sub, ms) != OK)
    return BAIL;
  const guint8 *rt = n->b->tri;
  for (guint k = 0; k < m; k++)
    {
      guint r = rows[k];
      n->tri[r] = n->op != KG_OP_XOR && l[r] == decided ? decided : tri_logic (n->op, l[r], rt[r]);
    }
  return OK;
}

static int
eval_node (Ctx *c, VNode *n, const guint16 *rows, guint m)
{
  switch (n->kind)
    {
    case V_CONST:
      if (!constant (c, n, n->ast))
        return BAIL;
      for (guint k = 0; k < m; k++)
        n->ptr[rows[k]] = &n->cval;
      return OK;
    case V_PROP:
      return eval_prop (c, n, rows, m);
    case V_ARITH:
      return eval_arith (c, n, rows, m);
    case V_VAR:
      return eval_var (c, n, rows, m);
    case V_ROW:
      return eval_row (c, n, rows, m);
    case B_CMP:
      return eval_cmp (c, n, rows, m);
    case B_CASE:
      return eval_case (c, n, rows, m);
    case B_STR:
      return eval_str (c, n, rows, m);
    case B_ISNULL:
      if (eval_node (c, n->a, rows, m) != OK)
        return BAIL;
      for (guint k = 0; k < m; k++)
        n->tri[rows[k]] = (guint8) ((n->a->ptr[rows[k]]->type == KG_VALUE_NULL) != n->negate);
      return OK;
    case B_NOT:
      if (eval_node (c, n->a, rows, m) != OK)
        return BAIL;
      for (guint k = 0; k < m; k++)
        {
          guint8 t = n->a->tri[rows[k]];
          n->tri[rows[k]] = t == KG_TRI_NULL ? KG_TRI_NULL : !t;
        }
      return OK;
    case B_LOGIC:
      return eval_logic (c, n, rows, m);
    case B_VALUE:
      if (eval_node (c, n->a, rows, m) != OK)
        return BAIL;
      for (guint k = 0; k < m; k++)
        {
          const KgValue *v = n->a->ptr[rows[k]];
          if (v->type == KG_VALUE_NULL)
            n->tri[rows[k]] = KG_TRI_NULL;
          else if (v->type == KG_VALUE_BOOL)
            n->tri[rows[k]] = v->u.b ? KG_TRI_TRUE : KG_TRI_FALSE;
          else
            return BAIL;
        }
      return OK;
    case B_ROW:
      for (guint k = 0; k < m; k++)
        {
          KgTri t;
          GError *local = NULL;
          kg_batch_load_row (c->exec, c->b, rows[k]);
          if (!kg_expr_eval_predicate (&c->exec->env, n->ast, &t, &local))
            {
              g_clear_error (&local);
              return BAIL;
            }
          n->tri[rows[k]] = (guint8) t;
        }
      return OK;
    }
  return BAIL;
}

int
kg_vec_select (KgExec *exec, KgVecExpr *vx, KgBatch *b, guint16 *sel_out, GError **error)
{
  guint m = b->n_sel;
  const guint16 *rows = b->sel;
  if (rows == NULL)
    {
      for (guint i = 0; i < m; i++)
        vx->rows[i] = (guint16) i;
      rows = vx->rows;
    }
  Ctx c = { exec, b, vx->ids, vx->vals };
  if (eval_node (&c, vx->root, rows, m) != OK)
    return KG_VEC_BAIL;
  const guint8 *t = vx->root->tri;
  guint n = 0;
  for (guint k = 0; k < m; k++)
    {
      sel_out[n] = rows[k];
      n += t[rows[k]] == KG_TRI_TRUE;
    }
  return (int) n;
}

KgVecExpr *
kg_vec_compile_value (const KgAst *expr)
{
  KgVecExpr *vx = g_new0 (KgVecExpr, 1);
  vx->root = compile_value (expr);
  vx->rows = g_new (guint16, KG_BATCH_MAX);
  vx->ids = g_new (guint32, KG_BATCH_MAX);
  vx->vals = g_new (const KgValue *, KG_BATCH_MAX);
  vx->useful = has_vector_node (vx->root) || vx->root->kind == V_VAR;
  return vx;
}

int
kg_vec_values (KgExec *exec, KgVecExpr *vx, KgBatch *b, const KgValue *const **out)
{
  guint m = b->n_sel;
  const guint16 *rows = b->sel;
  if (rows == NULL)
    {
      for (guint i = 0; i < m; i++)
        vx->rows[i] = (guint16) i;
      rows = vx->rows;
    }
  Ctx c = { exec, b, vx->ids, vx->vals };
  if (eval_node (&c, vx->root, rows, m) != OK)
    return KG_VEC_BAIL;
  *out = vx->root->ptr;
  return 0;
}
