/* engine/ops/op-project.c — Projection: evaluates WITH/RETURN items into their column
 * slots. Does not aggregate (op-aggregate.c) or remove duplicates (op-distinct.c).
 */
#include "engine/ops/op-private.h"

typedef struct
{
  KgOp base;
  KgProjItem *items;
  guint n_items;
  KgFastProp *fast;
} OpProject;

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

static void
project_free (KgOp *op)
{
  g_free (((OpProject *) op)->items);
  g_free (((OpProject *) op)->fast);
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
  .next = project_next,
  .free = project_free,
  .describe = project_describe,
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
