/* engine/ops/op-morsel-rows.c — MorselRows: the source of one copy of a parallel
 * pipeline that starts from rows rather than from a scan.
 *
 * A Gather runs the serial start of the pipeline (a scan of a few nodes and what
 * follows it) once and hands its rows here; each copy's MorselRows claims morsels of
 * those rows from the shared cursor and writes them, one at a time, into its own plan's
 * row (all copies have the same slots). It never runs the prefix itself and never
 * writes the rows it shares.
 */
#include "engine/ops/op-private.h"

typedef struct
{
  KgOp base;
  KgMorsels *morsels; /* borrowed from the Gather */
  GPtrArray *rows;    /* (element-type KgValue*) borrowed from the Gather */
  guint64 pos, end;   /* the rows left in the current morsel */
} OpMorselRows;

static gboolean
rows_open (KgOp *op, GError **error)
{
  OpMorselRows *self = (OpMorselRows *) op;
  self->pos = self->end = 0;
  return TRUE;
}

static KgOpStatus
rows_next (KgOp *op, GError **error)
{
  OpMorselRows *self = (OpMorselRows *) op;
  if (self->rows == NULL)
    return KG_NEXT_DONE;
  if (self->pos >= self->end && !kg_morsels_claim (self->morsels, op->exec, &self->pos, &self->end))
    return KG_NEXT_DONE;
  kg_exec_restore_row (op->exec, g_ptr_array_index (self->rows, self->pos));
  self->pos++;
  return KG_NEXT_ROW;
}

static const KgOpClass morsel_rows_class = {
  .name = "MorselRows",
  .size = sizeof (OpMorselRows),
  .open = rows_open,
  .next = rows_next,
};

KgOp *
kg_op_morsel_rows_new (KgExec *exec, KgMorsels *m)
{
  OpMorselRows *self = (OpMorselRows *) kg_op_new (&morsel_rows_class, exec, NULL);
  self->morsels = m;
  return &self->base;
}

void
kg_op_morsel_rows_set (KgOp *op, GPtrArray *rows, KgExec *from)
{
  g_return_if_fail (op->klass == &morsel_rows_class && from->n_slots == op->exec->n_slots);
  ((OpMorselRows *) op)->rows = rows;
}
