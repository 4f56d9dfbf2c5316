/* engine/ops/op-filter.c — Filter: passes the rows for which a predicate is true (null
 * and false drop the row, Cypher's WHERE). Does not change any slot.
 *
 * Two shortcuts keep hot filters cheap without changing their meaning:
 * - `v.key <op> constant` (=, <>, <, <=, >, >=, with a literal, a parameter or a folded
 *   constant expression such as `toLower('Male')`) reads the property straight from
 *   the store with the key resolved once, and compares with kg_value_equals /
 *   kg_value_compare, exactly what the evaluator does;
 * - a deterministic predicate that reads one node or relationship variable only is
 *   remembered per entity in a small direct-mapped cache (the 43 interests of a social
 *   network are tested once each, not once per person).
 *
 * When its input produces batches, Filter does too: it narrows each batch's selection
 * vector with the vector evaluator (engine/expr-vector.c) and passes the same batch on.
 * A batch the evaluator gives up on (a value it has no exact shortcut for: an error to
 * report, say) is decided a row at a time with the memo, so the answer and the error,
 * and the rows before the error, are the row path's; after a few such batches in a row
 * the run stays on the row-at-a-time path.
 */
#include "engine/ops/op-private.h"

#include <string.h>

#define MEMO_SIZE 1024

typedef struct
{
  guint32 id;
  guint8 type;   /* KG_VALUE_NODE / KG_VALUE_EDGE; 0 empty */
  guint8 result; /* KgTri */
} MemoEntry;

typedef struct
{
  KgOp base;
  KgAst *predicate;
  /* fast comparison */
  gboolean fast;
  int fast_slot;
  const char *fast_key;
  KgSymbol fast_sym;
  KgAst *fast_const;
  int fast_op; /* KgAstOp, with the property on the left */
  KgValue const_value;
  gboolean const_ready;
  /* memo */
  int memo_slot; /* -1: none */
  MemoEntry *memo;
  /* batches */
  KgVecExpr *vx;
  guint16 *sel;
  guint bails; /* batches in a row the vector evaluator gave up on */
} OpFilter;

/* Batches the vector evaluator may give up on in a row before a run stops trying. */
#define MAX_BAILS 3

static gboolean
filter_open (KgOp *op, GError **error)
{
  OpFilter *self = (OpFilter *) op;
  self->const_ready = FALSE;
  if (self->memo)
    memset (self->memo, 0, sizeof (MemoEntry) * MEMO_SIZE);
  if (self->vx)
    kg_vec_reset (self->vx);
  self->bails = 0;
  return TRUE;
}

static int
flip (int op)
{
  switch (op)
    {
    case KG_OP_LT:
      return KG_OP_GT;
    case KG_OP_LE:
      return KG_OP_GE;
    case KG_OP_GT:
      return KG_OP_LT;
    case KG_OP_GE:
      return KG_OP_LE;
    default:
      return op;
    }
}

/* Evaluates the fast comparison: returns the KgTri, or -1 on error. */
static int
fast_eval (OpFilter *self, GError **error)
{
  KgExec *exec = self->base.exec;
  if (!self->const_ready)
    {
      kg_value_clear (&self->const_value);
      if (!kg_expr_eval (&exec->env, self->fast_const, &self->const_value, error))
        return -1;
      self->const_ready = TRUE;
    }
  const KgValue *ent = &exec->slots[self->fast_slot];
  if (ent->type == KG_VALUE_NULL)
    return KG_TRI_NULL;
  if (ent->type != KG_VALUE_NODE && ent->type != KG_VALUE_EDGE)
    return -2; /* let the evaluator report it */
  gboolean node = ent->type == KG_VALUE_NODE;
  if (node ? !kg_graph_node_exists (exec->graph, ent->u.id) : !kg_graph_edge_exists (exec->graph, ent->u.id))
    return -2;
  KgSymbol key = kg_exec_sym (exec, KG_SYM_KEY, self->fast_key, &self->fast_sym);
  const KgValue *v = key == KG_NONE ? NULL : node ? kg_graph_node_prop (exec->graph, ent->u.id, key)
                                                  : kg_graph_edge_prop (exec->graph, ent->u.id, key);
  if (v == NULL || self->const_value.type == KG_VALUE_NULL)
    return KG_TRI_NULL;
  if (self->fast_op == KG_OP_EQ)
    return kg_value_equals (v, &self->const_value);
  if (self->fast_op == KG_OP_NE)
    {
      KgTri t = kg_value_equals (v, &self->const_value);
      return t == KG_TRI_NULL ? KG_TRI_NULL : t == KG_TRI_TRUE ? KG_TRI_FALSE
                                                               : KG_TRI_TRUE;
    }
  int cmp;
  if (!kg_value_compare (v, &self->const_value, &cmp))
    return KG_TRI_NULL;
  switch (self->fast_op)
    {
    case KG_OP_LT:
      return cmp < 0;
    case KG_OP_LE:
      return cmp <= 0;
    case KG_OP_GT:
      return cmp > 0;
    default:
      return cmp >= 0;
    }
}

static int
evaluate (OpFilter *self, GError **error)
{
  if (self->fast)
    {
      int t = fast_eval (self, error);
      if (t != -2)
        return t;
    }
  KgTri t;
  if (!kg_expr_eval_predicate (&self->base.exec->env, self->predicate, &t, error))
    return -1;
  return t;
}

/* The predicate over the current row, through the memo: the KgTri, or -1 on error. */
static int
row_truth (OpFilter *self, GError **error)
{
  if (self->memo)
    {
      const KgValue *v = &self->base.exec->slots[self->memo_slot];
      if (v->type == KG_VALUE_NODE || v->type == KG_VALUE_EDGE)
        {
          MemoEntry *m = &self->memo[(v->u.id * 2654435761u) % MEMO_SIZE];
          if (m->type == v->type && m->id == v->u.id)
            return m->result;
          int t = evaluate (self, error);
          if (t < 0)
            return -1;
          m->type = v->type;
          m->id = v->u.id;
          m->result = t;
          return t;
        }
    }
  return evaluate (self, error);
}

static KgOpStatus
filter_next (KgOp *op, GError **error)
{
  OpFilter *self = (OpFilter *) op;
  for (;;)
    {
      KgOpStatus st = kg_op_next (op->child, error);
      if (st != KG_NEXT_ROW)
        return st;
      int t = row_truth (self, error);
      if (t < 0)
        return KG_NEXT_ERROR;
      if (t == KG_TRI_TRUE)
        return KG_NEXT_ROW;
    }
}

static int
filter_batch_mode (KgOp *op)
{
  return op->child->batch == KG_BATCH_OUT ? KG_BATCH_OUT : KG_BATCH_NONE;
}

static KgOpStatus
filter_next_batch (KgOp *op, KgBatch **out, GError **error)
{
  OpFilter *self = (OpFilter *) op;
  KgBatch *b;
  KgOpStatus st = kg_op_next_batch (op->child, &b, error);
  if (st != KG_NEXT_ROW)
    return st;
  if (self->sel == NULL)
    self->sel = g_new (guint16, KG_BATCH_MAX);
  *out = b;
  if (self->vx && self->bails < MAX_BAILS)
    {
      int n = kg_vec_select (op->exec, self->vx, b, self->sel, error);
      if (n == KG_VEC_ERROR)
        return KG_NEXT_ERROR;
      if (n >= 0)
        {
          self->bails = 0;
          b->sel = self->sel;
          b->n_sel = (guint) n;
          return KG_NEXT_ROW;
        }
      self->bails++;
    }
  guint n = 0;
  for (guint i = 0; i < b->n_sel; i++)
    {
      guint r = kg_batch_row (b, i);
      kg_batch_load_row (op->exec, b, r);
      GError *local = NULL;
      int t = row_truth (self, &local);
      if (t < 0)
        {
          b->sel = self->sel;
          b->n_sel = n;
          return kg_op_batch_then_error (op, b, out, local, error);
        }
      self->sel[n] = (guint16) r;
      n += t == KG_TRI_TRUE;
    }
  b->sel = self->sel;
  b->n_sel = n;
  return KG_NEXT_ROW;
}

static void
filter_close (KgOp *op)
{
  OpFilter *self = (OpFilter *) op;
  kg_value_clear (&self->const_value);
  self->const_ready = FALSE;
}

static void
filter_free (KgOp *op)
{
  OpFilter *self = (OpFilter *) op;
  kg_value_clear (&self->const_value);
  g_free (self->memo);
  kg_vec_free (self->vx);
  g_free (self->sel);
}

static void
filter_describe (KgOp *op, GString *out)
{
  OpFilter *self = (OpFilter *) op;
  kg_expr_describe (out, self->predicate);
}

static const KgOpClass filter_class = {
  .name = "Filter",
  .size = sizeof (OpFilter),
  .open = filter_open,
  .next = filter_next,
  .close = filter_close,
  .free = filter_free,
  .describe = filter_describe,
  .next_batch = filter_next_batch,
  .batch_mode = filter_batch_mode,
};

static gboolean
is_entity_property (const KgAst *e)
{
  return e && e->kind == KG_AST_PROPERTY && e->slot < 0 && kg_ast_child (e, 0) &&
         kg_ast_child (e, 0)->kind == KG_AST_VARIABLE && kg_ast_child (e, 0)->slot >= 0;
}

/* A literal, a parameter or an expression the binder folds: one value per statement. */
static gboolean
is_constant (const KgAst *e)
{
  return e && e->slot < 0 && (e->kind == KG_AST_LITERAL || e->kind == KG_AST_PARAMETER || e->fold >= 0);
}

/* Whether @e reads only the variable in @slot and gives the same answer every time. */
static gboolean
reads_only (const KgAst *e, int slot)
{
  if (e == NULL)
    return TRUE;
  switch (e->kind)
    {
    case KG_AST_VARIABLE:
      return e->slot == slot;
    case KG_AST_FUNCTION_CALL:
      if (e->function == NULL || !kg_function_is_deterministic (e->function, kg_ast_n_children (e)))
        return FALSE;
      break;
    case KG_AST_LITERAL:
    case KG_AST_PARAMETER:
      return TRUE;
    case KG_AST_PROPERTY:
    case KG_AST_BINARY_OP:
    case KG_AST_UNARY_OP:
    case KG_AST_IS_NULL:
    case KG_AST_LABEL_CHECK:
    case KG_AST_LIST:
    case KG_AST_INDEX:
      break;
    default:
      return FALSE;
    }
  if (e->slot >= 0)
    return FALSE;
  for (guint i = 0; i < kg_ast_n_children (e); i++)
    if (!reads_only (kg_ast_child (e, i), slot))
      return FALSE;
  return TRUE;
}

static int
single_variable (const KgAst *e)
{
  if (e == NULL)
    return -1;
  if (e->kind == KG_AST_VARIABLE)
    return e->slot;
  for (guint i = 0; i < kg_ast_n_children (e); i++)
    {
      int s = single_variable (kg_ast_child (e, i));
      if (s >= 0)
        return s;
    }
  return -1;
}

KgOp *
kg_op_filter_new (KgExec *exec, KgOp *child, KgAst *predicate)
{
  OpFilter *self = (OpFilter *) kg_op_new (&filter_class, exec, child);
  self->predicate = predicate;
  self->memo_slot = -1;
  self->fast_sym = KG_NONE;
  if (predicate->kind == KG_AST_BINARY_OP && predicate->slot < 0 &&
      (predicate->op == KG_OP_EQ || predicate->op == KG_OP_NE || predicate->op == KG_OP_LT || predicate->op == KG_OP_LE ||
       predicate->op == KG_OP_GT || predicate->op == KG_OP_GE))
    {
      KgAst *l = kg_ast_child (predicate, 0), *r = kg_ast_child (predicate, 1);
      if (is_entity_property (l) && is_constant (r))
        {
          self->fast = TRUE;
          self->fast_slot = kg_ast_child (l, 0)->slot;
          self->fast_key = l->name;
          self->fast_const = r;
          self->fast_op = predicate->op;
        }
      else if (is_entity_property (r) && is_constant (l))
        {
          self->fast = TRUE;
          self->fast_slot = kg_ast_child (r, 0)->slot;
          self->fast_key = r->name;
          self->fast_const = l;
          self->fast_op = flip (predicate->op);
        }
    }
  int slot = single_variable (predicate);
  if (slot >= 0 && reads_only (predicate, slot))
    {
      self->memo_slot = slot;
      self->memo = g_new0 (MemoEntry, MEMO_SIZE);
    }
  self->vx = kg_vec_compile (predicate);
  if (!kg_vec_useful (self->vx))
    g_clear_pointer (&self->vx, kg_vec_free);
  return &self->base;
}
