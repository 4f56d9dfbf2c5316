/* engine/ops/op-foreach.c — Foreach and SubqueryForeach: side effects per input row.
 *
 * For every input row the inner subplan (an Argument leaf under writes: FOREACH's
 * clauses over an Unwind, or a CALL subquery without RETURN) is run to its end, and
 * then the input row is yielded once, unchanged: whatever the inner plan wrote into the
 * row's slots is not part of the output. The inner plan's writes do the work; this
 * operator reads nothing itself.
 */
#include "engine/ops/op-private.h"

static KgOpStatus
foreach_next (KgOp *op, GError **error)
{
  KgOpStatus st = kg_op_next (op->child, error);
  if (st != KG_NEXT_ROW)
    return st;
  if (!kg_op_open (op->inner, error))
    return KG_NEXT_ERROR;
  for (;;)
    {
      KgOpStatus in = kg_op_next (op->inner, error);
      if (in == KG_NEXT_ERROR)
        return in;
      if (in == KG_NEXT_DONE)
        break;
      if (!kg_exec_check (op->exec, error))
        return KG_NEXT_ERROR;
    }
  kg_op_close (op->inner);
  return KG_NEXT_ROW;
}

static const KgOpClass foreach_class = {
  .name = "Foreach",
  .size = sizeof (KgOp),
  .next = foreach_next,
};

static const KgOpClass subquery_foreach_class = {
  .name = "SubqueryForeach",
  .size = sizeof (KgOp),
  .next = foreach_next,
};

KgOp *
kg_op_foreach_new (KgExec *exec, KgOp *child, KgOp *inner, gboolean subquery)
{
  KgOp *op = kg_op_new (subquery ? &subquery_foreach_class : &foreach_class, exec, child);
  op->inner = inner;
  return op;
}
