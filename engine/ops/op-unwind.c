/* engine/ops/op-unwind.c — Unwind: one row per element of a list (none for an empty
 * list or null; a non-list value is a one-element list, as in Cypher, except under
 * FOREACH, where it is a type error).
 */
#include "engine/ops/op-private.h"

typedef struct
{
  KgOp base;
  KgAst *list_expr;
  int slot;
  KgValue list;
  guint pos;
  gboolean lists_only; /* FOREACH: a value that is not a list is an error */
} OpUnwind;

static gboolean
unwind_open (KgOp *op, GError **error)
{
  OpUnwind *self = (OpUnwind *) op;
  kg_value_clear (&self->list);
  self->pos = 0;
  return TRUE;
}

static KgOpStatus
unwind_next (KgOp *op, GError **error)
{
  OpUnwind *self = (OpUnwind *) op;
  for (;;)
    {
      if (self->list.type == KG_VALUE_LIST && self->pos < self->list.u.list->len)
        {
          KgValue v;
          kg_value_copy (&self->list.u.list->items[self->pos++], &v);
          kg_exec_set_slot (op->exec, self->slot, &v);
          return KG_NEXT_ROW;
        }
      kg_value_clear (&self->list);
      KgOpStatus st = kg_op_next (op->child, error);
      if (st != KG_NEXT_ROW)
        return st;
      if (!kg_expr_eval (&op->exec->env, self->list_expr, &self->list, error))
        return KG_NEXT_ERROR;
      self->pos = 0;
      if (self->list.type == KG_VALUE_NULL || self->list.type == KG_VALUE_LIST)
        continue;
      if (self->lists_only)
        {
          kg_query_error_set (error, KG_QUERY_ERROR_TYPE, op->exec->filename, &self->list_expr->span,
                              "FOREACH needs a list, not %s", kg_value_type_name (self->list.type));
          return KG_NEXT_ERROR;
        }
      KgValue v = kg_value_steal (&self->list);
      kg_exec_set_slot (op->exec, self->slot, &v);
      return KG_NEXT_ROW;
    }
}

static void
unwind_close (KgOp *op)
{
  kg_value_clear (&((OpUnwind *) op)->list);
}

static const KgOpClass unwind_class = {
  .name = "Unwind",
  .size = sizeof (OpUnwind),
  .open = unwind_open,
  .next = unwind_next,
  .close = unwind_close,
};

KgOp *
kg_op_unwind_new (KgExec *exec, KgOp *child, KgAst *list, int slot)
{
  OpUnwind *self = (OpUnwind *) kg_op_new (&unwind_class, exec, child);
  self->list_expr = list;
  self->slot = slot;
  return &self->base;
}

KgOp *
kg_op_unwind_lists_new (KgExec *exec, KgOp *child, KgAst *list, int slot)
{
  KgOp *op = kg_op_unwind_new (exec, child, list, slot);
  ((OpUnwind *) op)->lists_only = TRUE;
  return op;
}
