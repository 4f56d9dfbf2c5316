/* engine/ops/op-project.c — Projection: evaluates WITH/RETURN items into their column
 * slots. Does not aggregate (op-aggregate.c) or remove duplicates (op-distinct.c).
 *
 * In batches (engine/batch.h), when its input produces them: the output batch is a view
 * of the input batch (the same rows, selection and parents) with a column per item. An
 * item that reads a variable held as ids (`WITH p`) becomes an id column of the view,
 * so an Expand above walks from it as from the input's; any other item becomes a value
 * column, filled by the vector evaluator (a property from the store's column, borrowed;
 * arithmetic into the evaluator's vectors). When the evaluator gives up on a batch (an
 * error to raise at its row, say), the batch's items are evaluated a row at a time, in
 * the row path's order, and an error goes out after the rows before it; after a few
 * such batches in a row, the run stays on that path.
 */
#include "engine/ops/op-private.h"

#include <string.h>

typedef struct
{
  KgOp base;
  KgProjItem *items;
  guint n_items;
  KgFastProp *fast;
  /* batches (set up at the first) */
  KgVecExpr **vx;         /* per item */
  KgBatch out;            /* the view next_batch() yields */
  KgBatchVals *vals;      /* out's value columns: the input's, then the items' */
  guint n_vals_room;      /* entries of @vals */
  guint32 **alias;        /* per item: a parent's id column, gathered */
  KgValue **own;          /* per item: values evaluated a row at a time */
  const KgValue ***own_p; /* per item: pointers to them, by row */
  guint n_own;            /* rows of @own that may hold values */
  guint16 *sel;           /* the rows before an error */
  guint bails;            /* batches in a row the evaluator gave up on */
} OpProject;

/* Batches the vector evaluator may give up on in a row before a run stays on rows. */
#define MAX_BAILS 3

static gboolean
project_open (KgOp *op, GError **error)
{
  OpProject *self = (OpProject *) op;
  self->bails = 0;
  for (guint i = 0; self->vx && i < self->n_items; i++)
    kg_vec_reset (self->vx[i]);
  return TRUE;
}

static KgOpStatus
project_next (KgOp *op, GError **error)
{
  OpProject *self = (OpProject *) op;
  KgOpStatus st = kg_op_next (op->child, error);
  if (st != KG_NEXT_ROW)
    return st;
  for (guint i = 0; i < self->n_items; i++)
    {
      KgValue v = KG_VALUE_INIT;
      if (!kg_fast_prop_eval (op->exec, &self->fast[i], &v) && !kg_expr_eval (&op->exec->env, self->items[i].expr, &v, error))
        return KG_NEXT_ERROR;
      kg_exec_set_slot (op->exec, self->items[i].slot, &v);
    }
  return KG_NEXT_ROW;
}

/* --- Batches -------------------------------------------------------------------- */

static int
project_batch_mode (KgOp *op)
{
  return op->child->batch == KG_BATCH_OUT ? KG_BATCH_OUT : KG_BATCH_NONE;
}

static void
batch_setup (OpProject *self)
{
  guint n = self->n_items;
  self->vx = g_new0 (KgVecExpr *, n + 1);
  self->alias = g_new0 (guint32 *, n + 1);
  self->own = g_new0 (KgValue *, n + 1);
  self->own_p = g_new0 (const KgValue **, n + 1);
  for (guint i = 0; i < n; i++)
    {
      self->vx[i] = kg_vec_compile_value (self->items[i].expr);
      self->own[i] = g_new0 (KgValue, KG_BATCH_MAX);
      self->own_p[i] = g_new (const KgValue *, KG_BATCH_MAX);
    }
  self->sel = g_new (guint16, KG_BATCH_MAX);
}

/* Forgets the values of the last batch evaluated a row at a time. */
static void
clear_own (OpProject *self)
{
  for (guint i = 0; i < self->n_items; i++)
    for (guint r = 0; r < self->n_own; r++)
      kg_value_clear (&self->own[i][r]);
  self->n_own = 0;
}

/* Item @i as an id column of the view, when it reads a variable @in holds as ids. */
static gboolean
alias_col (OpProject *self, const KgBatch *in, KgBatch *b, guint i)
{
  const KgAst *e = self->items[i].expr;
  if (e->slot < 0 || b->n_cols >= KG_BATCH_COLS)
    return FALSE;
  if (self->alias[i] == NULL)
    self->alias[i] = g_new (guint32, KG_BATCH_MAX);
  KgValueType type;
  const guint32 *ids = kg_batch_ids (in, e->slot, self->alias[i], &type);
  if (ids == NULL)
    return FALSE;
  /* a view's columns are read, never written */
  b->cols[b->n_cols++] = (KgBatchCol){ self->items[i].slot, type, (guint32 *) ids };
  return TRUE;
}

/* The items of @in's alive rows, a row at a time, into the view @b; an error after the
 * rows before it. */
static KgOpStatus
batch_rows (OpProject *self, KgBatch *in, KgBatch *b, KgBatch **out, GError **error)
{
  KgOp *op = &self->base;
  KgExec *exec = op->exec;
  for (guint i = 0; i < self->n_items; i++)
    self->vals[b->n_vals++] = (KgBatchVals){ self->items[i].slot, self->own_p[i] };
  for (guint k = 0; k < in->n_sel; k++)
    {
      guint r = kg_batch_row (in, k);
      kg_batch_load_row (exec, in, r);
      self->n_own = MAX (self->n_own, r + 1);
      for (guint i = 0; i < self->n_items; i++)
        {
          KgValue *v = &self->own[i][r];
          GError *local = NULL;
          if (!kg_fast_prop_eval (exec, &self->fast[i], v) && !kg_expr_eval (&exec->env, self->items[i].expr, v, &local))
            {
              for (guint j = 0; j < k; j++)
                self->sel[j] = (guint16) kg_batch_row (in, j);
              b->sel = self->sel;
              b->n_sel = k;
              return kg_op_batch_then_error (op, b, out, local, error);
            }
          self->own_p[i][r] = v;
        }
    }
  return KG_NEXT_ROW;
}

static KgOpStatus
project_next_batch (KgOp *op, KgBatch **out, GError **error)
{
  OpProject *self = (OpProject *) op;
  if (self->vx == NULL)
    batch_setup (self);
  clear_own (self);
  KgBatch *in;
  KgOpStatus st = kg_op_next_batch (op->child, &in, error);
  if (st != KG_NEXT_ROW)
    return st;
  guint need = in->n_vals + self->n_items;
  if (need > self->n_vals_room)
    {
      self->vals = g_renew (KgBatchVals, self->vals, need);
      self->n_vals_room = need;
    }
  if (in->n_vals > 0)
    memcpy (self->vals, in->vals, sizeof (KgBatchVals) * in->n_vals);
  KgBatch *b = &self->out;
  *b = *in; /* the same rows, selection and parents */
  b->vals = self->vals;
  *out = b;
  if (self->bails < MAX_BAILS)
    {
      gboolean done = TRUE;
      for (guint i = 0; i < self->n_items && done; i++)
        {
          const KgValue *const *v;
          if (alias_col (self, in, b, i))
            continue;
          if (kg_vec_values (op->exec, self->vx[i], in, &v) != 0)
            done = FALSE;
          else
            self->vals[b->n_vals++] = (KgBatchVals){ self->items[i].slot, v };
        }
      if (done)
        {
          self->bails = 0;
          return KG_NEXT_ROW;
        }
      self->bails++;
      b->n_cols = in->n_cols;
      b->n_vals = in->n_vals;
    }
  return batch_rows (self, in, b, out, error);
}

static void
project_close (KgOp *op)
{
  clear_own ((OpProject *) op);
}

static void
project_free (KgOp *op)
{
  OpProject *self = (OpProject *) op;
  clear_own (self);
  for (guint i = 0; self->vx && i < self->n_items; i++)
    {
      kg_vec_free (self->vx[i]);
      g_free (self->alias[i]);
      g_free (self->own[i]);
      g_free (self->own_p[i]);
    }
  g_free (self->vx);
  g_free (self->alias);
  g_free (self->own);
  g_free (self->own_p);
  g_free (self->vals);
  g_free (self->sel);
  g_free (self->items);
  g_free (self->fast);
}

static void
project_describe (KgOp *op, GString *out)
{
  OpProject *self = (OpProject *) op;
  for (guint i = 0; i < self->n_items; i++)
    {
      if (i)
        g_string_append (out, ", ");
      kg_expr_describe (out, self->items[i].expr);
    }
}

static const KgOpClass project_class = {
  .name = "Projection",
  .size = sizeof (OpProject),
  .open = project_open,
  .next = project_next,
  .close = project_close,
  .free = project_free,
  .describe = project_describe,
  .next_batch = project_next_batch,
  .batch_mode = project_batch_mode,
};

KgOp *
kg_op_project_new (KgExec *exec, KgOp *child, KgProjItem *items, guint n_items)
{
  OpProject *self = (OpProject *) kg_op_new (&project_class, exec, child);
  self->items = g_memdup2 (items, sizeof (KgProjItem) * n_items);
  self->n_items = n_items;
  self->fast = g_new0 (KgFastProp, n_items + 1);
  for (guint i = 0; i < n_items; i++)
    kg_fast_prop_init (&self->fast[i], items[i].expr);
  return &self->base;
}
