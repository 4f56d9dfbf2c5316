/* engine/ops/op-argument.c — Unit and Argument: the leaves that yield one row.
 *
 * Unit starts a statement's pipeline (one empty row); Argument starts a subplan that is
 * rerun for every outer row (the outer row is already in the shared slots). Neither
 * reads the graph.
 */
#include "engine/ops/op-private.h"

typedef struct
{
  KgOp base;
  gboolean done;
} OpOnce;

static gboolean
once_open (KgOp *op, GError **error)
{
  ((OpOnce *) op)->done = FALSE;
  return TRUE;
}

static KgOpStatus
once_next (KgOp *op, GError **error)
{
  OpOnce *self = (OpOnce *) op;
  if (self->done)
    return KG_NEXT_DONE;
  self->done = TRUE;
  return KG_NEXT_ROW;
}

static const KgOpClass unit_class = {
  .name = "Unit",
  .size = sizeof (OpOnce),
  .open = once_open,
  .next = once_next,
};

static const KgOpClass argument_class = {
  .name = "Argument",
  .size = sizeof (OpOnce),
  .open = once_open,
  .next = once_next,
};

KgOp *
kg_op_unit_new (KgExec *exec)
{
  return kg_op_new (&unit_class, exec, NULL);
}

KgOp *
kg_op_argument_new (KgExec *exec)
{
  return kg_op_new (&argument_class, exec, NULL);
}
