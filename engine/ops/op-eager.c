/* engine/ops/op-eager.c — the write/read barrier shared by the write operators.
 *
 * A write operator first drains its whole input (so the reads before it never see its
 * writes, as Cypher requires), then applies its writes one input row at a time (so a
 * MERGE sees what an earlier row created), saving the output rows, and only then
 * yields them (so later clauses see all the writes). The per-row work is a callback;
 * Eager itself writes nothing.
 *
 * When nothing before the operator can see what it writes and nothing after it reads
 * the graph before the statement's end (plan-write.c proves both), the barrier changes
 * nothing but the memory it holds, so a streaming operator writes and yields each row
 * as it comes: a LOAD CSV of any length then holds one row, not all of them.
 */
#include "engine/ops/op-private.h"
#include "engine/ops/op-write.h"

gboolean
kg_write_open (KgOp *op, GError **error)
{
  KgWriteOp *self = (KgWriteOp *) op;
  self->out = self->stream ? NULL : g_ptr_array_new ();
  self->pos = 0;
  self->filled = FALSE;
  return TRUE;
}

static gboolean
write_fill (KgWriteOp *self, GError **error)
{
  KgOp *op = &self->base;
  KgExec *exec = op->exec;
  GPtrArray *in = g_ptr_array_new ();
  gboolean ok = TRUE;
  for (;;)
    {
      KgOpStatus st = kg_op_next (op->child, error);
      if (st == KG_NEXT_ERROR)
        {
          ok = FALSE;
          break;
        }
      if (st == KG_NEXT_DONE)
        break;
      if (!kg_exec_charge (exec, sizeof (KgValue) * exec->n_slots, error))
        {
          ok = FALSE;
          break;
        }
      g_ptr_array_add (in, kg_exec_save_row (exec));
    }
  if (ok && self->begin && !self->begin (self, error))
    ok = FALSE;
  for (guint i = 0; ok && i < in->len; i++)
    {
      /* Each input row is read once more: moved, not copied, and freed as it goes. */
      kg_exec_take_row (exec, g_ptr_array_index (in, i));
      in->pdata[i] = NULL;
      if (self->apply == NULL)
        g_ptr_array_add (self->out, kg_exec_save_row (exec));
      else if (!self->apply (self, self->out, error))
        ok = FALSE;
    }
  if (ok && self->finish && !self->finish (self, error))
    ok = FALSE;
  for (guint i = 0; i < in->len; i++)
    kg_exec_free_row (exec, g_ptr_array_index (in, i));
  g_ptr_array_free (in, TRUE);
  return ok;
}

KgOpStatus
kg_write_next (KgOp *op, GError **error)
{
  KgWriteOp *self = (KgWriteOp *) op;
  if (self->stream)
    {
      KgOpStatus st = kg_op_next (op->child, error);
      if (st != KG_NEXT_ROW)
        return st;
      return self->apply (self, NULL, error) ? KG_NEXT_ROW : KG_NEXT_ERROR;
    }
  if (!self->filled)
    {
      self->filled = TRUE;
      if (!write_fill (self, error))
        return KG_NEXT_ERROR;
    }
  if (self->pos >= self->out->len)
    return KG_NEXT_DONE;
  /* Each output row is yielded once (open() starts again from a new fill). */
  kg_exec_take_row (op->exec, g_ptr_array_index (self->out, self->pos));
  self->out->pdata[self->pos++] = NULL;
  return KG_NEXT_ROW;
}

void
kg_write_close (KgOp *op)
{
  KgWriteOp *self = (KgWriteOp *) op;
  if (self->out == NULL)
    return;
  for (guint i = 0; i < self->out->len; i++)
    kg_exec_free_row (op->exec, g_ptr_array_index (self->out, i));
  g_ptr_array_free (self->out, TRUE);
  self->out = NULL;
}

static const KgOpClass eager_class = {
  .name = "Eager",
  .size = sizeof (KgWriteOp),
  .open = kg_write_open,
  .next = kg_write_next,
  .close = kg_write_close,
};

KgOp *
kg_op_eager_new (KgExec *exec, KgOp *child)
{
  return kg_op_new (&eager_class, exec, child);
}

void
kg_op_write_stream (KgOp *op)
{
  KgWriteOp *self = (KgWriteOp *) op;
  g_return_if_fail (op->klass->open == kg_write_open && self->apply != NULL && self->begin == NULL && self->finish == NULL);
  self->stream = TRUE;
}
