/* engine/ops/op-union.c — UnionAll: the rows of each branch in turn, with each branch's
 * columns copied into the union's output slots. UNION (distinct) adds a Distinct above.
 */
#include "engine/ops/op-private.h"

typedef struct
{
  KgOp base;
  GPtrArray *branch_slots; /* (element-type KgSlots*) */
  KgSlots out;
  guint cur;
} OpUnion;

static gboolean
union_open (KgOp *op, GError **error)
{
  OpUnion *self = (OpUnion *) op;
  self->cur = 0;
  return kg_op_open (g_ptr_array_index (op->extra, 0), error);
}

static KgOpStatus
union_next (KgOp *op, GError **error)
{
  OpUnion *self = (OpUnion *) op;
  while (self->cur < op->extra->len)
    {
      KgOp *b = g_ptr_array_index (op->extra, self->cur);
      KgOpStatus st = kg_op_next (b, error);
      if (st == KG_NEXT_ERROR)
        return st;
      if (st == KG_NEXT_ROW)
        {
          KgSlots *bs = g_ptr_array_index (self->branch_slots, self->cur);
          for (guint i = 0; i < self->out.n; i++)
            if (bs->v[i] != self->out.v[i])
              {
                KgValue v;
                kg_value_copy (&op->exec->slots[bs->v[i]], &v);
                kg_exec_set_slot (op->exec, self->out.v[i], &v);
              }
          return KG_NEXT_ROW;
        }
      kg_op_close (b);
      if (++self->cur < op->extra->len && !kg_op_open (g_ptr_array_index (op->extra, self->cur), error))
        return KG_NEXT_ERROR;
    }
  return KG_NEXT_DONE;
}

static void
slots_free (gpointer p)
{
  kg_slots_clear (p);
  g_free (p);
}

static void
union_free (KgOp *op)
{
  OpUnion *self = (OpUnion *) op;
  g_ptr_array_free (self->branch_slots, TRUE);
  kg_slots_clear (&self->out);
}

static const KgOpClass union_class = {
  .name = "UnionAll",
  .size = sizeof (OpUnion),
  .open = union_open,
  .next = union_next,
  .free = union_free,
};

KgOp *
kg_op_union_new (KgExec *exec, GPtrArray *branches, GPtrArray *branch_slots, KgSlots *out)
{
  OpUnion *self = (OpUnion *) kg_op_new (&union_class, exec, NULL);
  self->base.extra = g_ptr_array_new_with_free_func ((GDestroyNotify) kg_op_free);
  for (guint i = 0; i < branches->len; i++)
    g_ptr_array_add (self->base.extra, g_ptr_array_index (branches, i));
  self->branch_slots = g_ptr_array_new_with_free_func (slots_free);
  for (guint i = 0; i < branch_slots->len; i++)
    {
      KgSlots *s = g_new0 (KgSlots, 1);
      kg_slots_copy (s, g_ptr_array_index (branch_slots, i));
      g_ptr_array_add (self->branch_slots, s);
    }
  kg_slots_copy (&self->out, out);
  return &self->base;
}
