/* engine/ops/op-filter.c — Filter: passes the rows for which a predicate is true
 * (null and false drop the row, Cypher's WHERE). Does not change any slot.
 */
#include "engine/engine-private.h"

typedef struct
{
  KgOp base;
  KgAst *predicate;
} OpFilter;

static KgOpStatus
filter_next (KgOp *op, GError **error)
{
  OpFilter *self = (OpFilter *) op;
  for (;;)
    {
      KgOpStatus st = kg_op_next (op->child, error);
      if (st != KG_OP_ROW)
        return st;
      KgTri t;
      if (!kg_expr_eval_predicate (&op->exec->env, self->predicate, &t, error))
        return KG_OP_ERROR;
      if (t == KG_TRI_TRUE)
        return KG_OP_ROW;
    }
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
  .next = filter_next,
  .describe = filter_describe,
};

KgOp *
kg_op_filter_new (KgExec *exec, KgOp *child, KgAst *predicate)
{
  OpFilter *self = (OpFilter *) kg_op_new (&filter_class, exec, child);
  self->predicate = predicate;
  return &self->base;
}
