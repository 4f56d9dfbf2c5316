/* engine/ops/op-optional.c — Optional (OPTIONAL MATCH) and Apply.
 *
 * For every input row the inner subplan (an Argument leaf under match operators) is
 * rerun; Optional yields its rows, or the input row once with the pattern's new slots
 * set to null when it has none. Apply yields the inner rows only.
 */
#include "engine/ops/op-private.h"

typedef struct
{
  KgOp base;
  KgSlots null_slots;
  gboolean optional;
  gboolean running; /* the inner plan is open for the current input row */
  gboolean matched;
} OpApply;

static gboolean
apply_open (KgOp *op, GError **error)
{
  OpApply *self = (OpApply *) op;
  self->running = FALSE;
  return TRUE;
}

static KgOpStatus
apply_next (KgOp *op, GError **error)
{
  OpApply *self = (OpApply *) op;
  for (;;)
    {
      if (self->running)
        {
          KgOpStatus st = kg_op_next (op->inner, error);
          if (st == KG_NEXT_ERROR)
            return st;
          if (st == KG_NEXT_ROW)
            {
              self->matched = TRUE;
              return KG_NEXT_ROW;
            }
          self->running = FALSE;
          if (self->optional && !self->matched)
            {
              for (guint i = 0; i < self->null_slots.n; i++)
                {
                  KgValue n = KG_VALUE_INIT;
                  kg_exec_set_slot (op->exec, self->null_slots.v[i], &n);
                }
              return KG_NEXT_ROW;
            }
        }
      KgOpStatus st = kg_op_next (op->child, error);
      if (st != KG_NEXT_ROW)
        return st;
      if (!kg_op_open (op->inner, error))
        return KG_NEXT_ERROR;
      self->running = TRUE;
      self->matched = FALSE;
    }
}

static void
apply_free (KgOp *op)
{
  kg_slots_clear (&((OpApply *) op)->null_slots);
}

static const KgOpClass optional_class = {
  .name = "Optional",
  .size = sizeof (OpApply),
  .open = apply_open,
  .next = apply_next,
  .free = apply_free,
};

static const KgOpClass apply_class = {
  .name = "Apply",
  .size = sizeof (OpApply),
  .open = apply_open,
  .next = apply_next,
  .free = apply_free,
};

KgOp *
kg_op_optional_new (KgExec *exec, KgOp *child, KgOp *inner, KgSlots *null_slots)
{
  OpApply *self = (OpApply *) kg_op_new (&optional_class, exec, child);
  self->base.inner = inner;
  self->optional = TRUE;
  kg_slots_copy (&self->null_slots, null_slots);
  return &self->base;
}

KgOp *
kg_op_apply_new (KgExec *exec, KgOp *child, KgOp *inner)
{
  OpApply *self = (OpApply *) kg_op_new (&apply_class, exec, child);
  self->base.inner = inner;
  return &self->base;
}
