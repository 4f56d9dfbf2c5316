/* engine/ops/op-distinct.c — Distinct: passes the first row of each combination of
 * values in the given slots (equivalence as for grouping: null = null, 1 = 1.0).
 */
#include "engine/ops/op-private.h"

typedef struct
{
  guint n;
  guint hash;
  KgValue v[];
} Key;

static guint
key_hash (gconstpointer p)
{
  return ((const Key *) p)->hash;
}

static gboolean
key_equal (gconstpointer a, gconstpointer b)
{
  const Key *x = a, *y = b;
  for (guint i = 0; i < x->n; i++)
    if (!kg_value_equivalent (&x->v[i], &y->v[i]))
      return FALSE;
  return TRUE;
}

static void
key_free (gpointer p)
{
  Key *k = p;
  for (guint i = 0; i < k->n; i++)
    kg_value_clear (&k->v[i]);
  g_free (k);
}

typedef struct
{
  KgOp base;
  KgSlots slots;
  GHashTable *seen;
} OpDistinct;

static gboolean
distinct_open (KgOp *op, GError **error)
{
  OpDistinct *self = (OpDistinct *) op;
  self->seen = g_hash_table_new_full (key_hash, key_equal, key_free, NULL);
  return TRUE;
}

static KgOpStatus
distinct_next (KgOp *op, GError **error)
{
  OpDistinct *self = (OpDistinct *) op;
  KgValue *slots = op->exec->slots;
  for (;;)
    {
      KgOpStatus st = kg_op_next (op->child, error);
      if (st != KG_NEXT_ROW)
        return st;
      Key *k = g_malloc (sizeof (Key) + sizeof (KgValue) * self->slots.n);
      k->n = self->slots.n;
      k->hash = 17;
      for (guint i = 0; i < k->n; i++)
        {
          kg_value_copy (&slots[self->slots.v[i]], &k->v[i]);
          k->hash = k->hash * 31 + kg_value_hash (&k->v[i]);
        }
      if (g_hash_table_contains (self->seen, k))
        {
          key_free (k);
          continue;
        }
      g_hash_table_add (self->seen, k);
      if (!kg_exec_charge (op->exec, sizeof (Key) + sizeof (KgValue) * k->n + 32, error))
        return KG_NEXT_ERROR;
      return KG_NEXT_ROW;
    }
}

static void
distinct_close (KgOp *op)
{
  g_clear_pointer (&((OpDistinct *) op)->seen, g_hash_table_destroy);
}

static void
distinct_free (KgOp *op)
{
  kg_slots_clear (&((OpDistinct *) op)->slots);
}

static const KgOpClass distinct_class = {
  .name = "Distinct",
  .size = sizeof (OpDistinct),
  .open = distinct_open,
  .next = distinct_next,
  .close = distinct_close,
  .free = distinct_free,
};

KgOp *
kg_op_distinct_new (KgExec *exec, KgOp *child, KgSlots *slots)
{
  OpDistinct *self = (OpDistinct *) kg_op_new (&distinct_class, exec, child);
  kg_slots_copy (&self->slots, slots);
  return &self->base;
}
