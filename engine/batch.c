/* engine/batch.c — the batch protocol: batches and their columns, kg_op_next_batch(),
 * the adapter that hands a batch-producing operator's rows to a row consumer, and the
 * pass that decides which operators of a plan run in batches.
 *
 * Which operators run in batches is decided once per plan, after planning, from the
 * leaves up: a scan produces batches whatever its input; Filter, Expand, ExpandInto and
 * Projection do when their input does (Expand also from rows, when it expects many
 * relationships per input row); Aggregation reads them when its input produces them;
 * everything else reads rows, through the adapter. So every plan runs, whatever mix of
 * operators it has. Plans that write run a row at a time: a batch evaluates its
 * conditions for many rows before the first of them reaches a write, which would change
 * what a later row sees.
 *
 * A batch's value columns (a Projection's items) are read like its id columns: through
 * the parent indexes, and copied into the plan's row when a row is loaded.
 *
 * Does not evaluate expressions (expr-vector.c) nor implement operators (ops/).
 */
#include "engine/ops/op-private.h"

#include <string.h>

/* --- Batches ------------------------------------------------------------------- */

void
kg_batch_init (KgBatch *b, guint n_cols, const int *slots, const KgValueType *types, gboolean with_parent)
{
  g_assert (n_cols <= G_N_ELEMENTS (b->cols));
  memset (b, 0, sizeof *b);
  b->n_cols = n_cols;
  for (guint i = 0; i < n_cols; i++)
    {
      b->cols[i].slot = slots[i];
      b->cols[i].type = types[i];
      b->cols[i].ids = g_new (guint32, KG_BATCH_MAX);
    }
  if (with_parent)
    b->pidx = g_new (guint16, KG_BATCH_MAX);
}

void
kg_batch_clear (KgBatch *b)
{
  for (guint i = 0; i < b->n_cols; i++)
    g_free (b->cols[i].ids);
  g_free (b->pidx);
  memset (b, 0, sizeof *b);
}

const KgBatchCol *
kg_batch_own_col (const KgBatch *b, int slot)
{
  for (guint i = 0; i < b->n_cols; i++)
    if (b->cols[i].slot == slot)
      return &b->cols[i];
  return NULL;
}

/* The value column of @slot in @b itself, or NULL. */
static const KgBatchVals *
own_vals (const KgBatch *b, int slot)
{
  for (guint i = 0; i < b->n_vals; i++)
    if (b->vals[i].slot == slot)
      return &b->vals[i];
  return NULL;
}

gboolean
kg_batch_has_slot (const KgBatch *b, int slot)
{
  for (; b != NULL; b = b->parent)
    if (kg_batch_own_col (b, slot) || own_vals (b, slot) || (b->load_lazy && b->lazy_slot == slot))
      return TRUE;
  return FALSE;
}

const guint32 *
kg_batch_ids (const KgBatch *b, int slot, guint32 *scratch, KgValueType *type)
{
  const KgBatchCol *c = kg_batch_own_col (b, slot);
  if (c)
    {
      *type = c->type;
      return c->ids;
    }
  if (own_vals (b, slot))
    return NULL;
  /* a parent's column, gathered through the parent indexes of every level between */
  const KgBatch *at = b->parent;
  int depth = 1;
  while (at && !(c = kg_batch_own_col (at, slot)))
    {
      if (own_vals (at, slot))
        return NULL;
      at = at->parent;
      depth++;
    }
  if (c == NULL)
    return NULL;
  *type = c->type;
  for (guint i = 0; i < b->n; i++)
    {
      const KgBatch *x = b;
      guint r = i;
      for (int d = 0; d < depth; d++)
        {
          r = x->pidx[r];
          x = x->parent;
        }
      scratch[i] = c->ids[r];
    }
  return scratch;
}

const KgValue *const *
kg_batch_vals (const KgBatch *b, int slot, const KgValue **scratch)
{
  const KgBatchVals *c = NULL;
  const KgBatch *at = b;
  int depth = 0;
  while (at && !(c = own_vals (at, slot)))
    {
      if (kg_batch_own_col (at, slot))
        return NULL;
      at = at->parent;
      depth++;
    }
  if (c == NULL)
    return NULL;
  if (depth == 0)
    return c->vals;
  for (guint i = 0; i < b->n; i++)
    {
      const KgBatch *x = b;
      guint r = i;
      for (int d = 0; d < depth; d++)
        {
          r = x->pidx[r];
          x = x->parent;
        }
      scratch[i] = c->vals[r];
    }
  return scratch;
}

gboolean
kg_batch_id_at (const KgBatch *b, int slot, guint i, guint32 *id, KgValueType *type)
{
  for (; b != NULL; b = b->parent)
    {
      const KgBatchCol *c = kg_batch_own_col (b, slot);
      if (c)
        {
          *id = c->ids[i];
          *type = c->type;
          return TRUE;
        }
      const KgBatchVals *v = own_vals (b, slot);
      if (v)
        {
          const KgValue *x = v->vals[i];
          *type = x->type;
          *id = x->type == KG_VALUE_NODE || x->type == KG_VALUE_EDGE ? x->u.id : 0;
          return TRUE;
        }
      if (b->parent)
        i = b->pidx[i];
    }
  return FALSE;
}

void
kg_batch_load_row (KgExec *exec, const KgBatch *b, guint i)
{
  for (; b != NULL; b = b->parent)
    {
      for (guint k = 0; k < b->n_cols; k++)
        kg_exec_set_id (exec, b->cols[k].slot, b->cols[k].type, b->cols[k].ids[i]);
      for (guint k = 0; k < b->n_vals; k++)
        {
          KgValue v;
          kg_value_copy (b->vals[k].vals[i], &v);
          kg_exec_set_slot (exec, b->vals[k].slot, &v);
        }
      if (b->load_lazy)
        b->load_lazy (exec, b, i);
      if (b->parent)
        i = b->pidx[i];
    }
}

/* --- The protocol --------------------------------------------------------------- */

KgOpStatus
kg_op_next_batch (KgOp *op, KgBatch **out, GError **error)
{
  KgExec *exec = op->exec;
  if (op->pending)
    {
      g_propagate_error (error, op->pending);
      op->pending = NULL;
      return KG_NEXT_ERROR;
    }
  gint64 t0 = G_UNLIKELY (exec->profile) ? g_get_monotonic_time () : 0;
  KgOpStatus st;
  for (;;)
    {
      if (!kg_exec_check (exec, error))
        {
          st = KG_NEXT_ERROR;
          break;
        }
      st = op->klass->next_batch (op, out, error);
      if (st != KG_NEXT_ROW || (*out)->n_sel > 0)
        break;
    }
  if (st == KG_NEXT_ROW)
    {
      op->rows += (*out)->n_sel;
      /* a batch stands for many rows: check as often as a row loop would, that is at
       * the next call once this batch's rows reach the next 1 024 */
      guint t = exec->tick;
      exec->tick += (*out)->n_sel;
      if ((t ^ exec->tick) >> 10)
        exec->tick |= 1023;
    }
  if (G_UNLIKELY (exec->profile))
    op->time_us += g_get_monotonic_time () - t0;
  return st;
}

KgOpStatus
kg_op_next_from_batch (KgOp *op, GError **error)
{
  if (op->adapt == NULL || op->adapt_pos >= op->adapt->n_sel)
    {
      op->adapt = NULL;
      KgBatch *b;
      KgOpStatus st = kg_op_next_batch (op, &b, error);
      if (st != KG_NEXT_ROW)
        return st;
      op->adapt = b;
      op->adapt_pos = 0;
    }
  kg_batch_load_row (op->exec, op->adapt, kg_batch_row (op->adapt, op->adapt_pos++));
  return KG_NEXT_ROW;
}

KgOpStatus
kg_op_batch_then_error (KgOp *op, KgBatch *b, KgBatch **out, GError *err, GError **error)
{
  if (b->n_sel > 0)
    {
      g_clear_error (&op->pending);
      op->pending = err;
      *out = b;
      return KG_NEXT_ROW;
    }
  g_propagate_error (error, err);
  return KG_NEXT_ERROR;
}

static void
plan_batches (KgOp *op, gboolean allow)
{
  if (op->child)
    plan_batches (op->child, allow);
  if (op->inner)
    plan_batches (op->inner, allow);
  if (op->extra)
    for (guint i = 0; i < op->extra->len; i++)
      plan_batches (g_ptr_array_index (op->extra, i), allow);
  op->batch = allow && op->klass->batch_mode ? (guint8) op->klass->batch_mode (op) : KG_BATCH_NONE;
  g_assert (op->batch != KG_BATCH_OUT || op->klass->next_batch != NULL);
}

void
kg_op_plan_batches (KgOp *root, gboolean allow)
{
  if (root)
    plan_batches (root, allow);
}
