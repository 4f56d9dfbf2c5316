/* engine/ops/op-distinct.c — Distinct: passes the first row of each combination of
 * values in the given slots (equivalence as for grouping: null = null, 1 = 1.0).
 *
 * In a parallel plan (ops/op-gather.c) every copy keeps the first row of each
 * combination it meets, with where that row sits in the order one thread reads (its
 * morsel, its place in the morsel); the sets are merged keeping the earlier row, and
 * the rows come out in that order: those one thread passes, in its order.
 */
#include "engine/ops/op-private.h"
#include "engine/ops/thread-order.h"

typedef struct
{
  guint n;
  guint hash;
  /* parallel plans: the first row (n_row values) and where it came from */
  KgValue *row;
  guint n_row;
  guint64 pos_morsel, pos_row;
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
  for (guint i = 0; k->row && i < k->n_row; i++)
    kg_value_clear (&k->row[i]);
  g_free (k->row);
  g_free (k);
}

typedef struct
{
  KgOp base;
  KgSlots slots;
  GHashTable *seen;
  GPtrArray *order; /* parallel plans: the merged keys in the order of one thread */
  guint pos;
} OpDistinct;

static gboolean
distinct_open (KgOp *op, GError **error)
{
  OpDistinct *self = (OpDistinct *) op;
  self->seen = g_hash_table_new_full (key_hash, key_equal, key_free, NULL);
  self->order = NULL;
  self->pos = 0;
  return TRUE;
}

/* The key of the current row. */
static Key *
key_new (OpDistinct *self)
{
  KgValue *slots = self->base.exec->slots;
  Key *k = g_malloc (sizeof (Key) + sizeof (KgValue) * self->slots.n);
  k->n = self->slots.n;
  k->hash = 17;
  k->row = NULL;
  k->n_row = 0;
  k->pos_morsel = k->pos_row = 0;
  for (guint i = 0; i < k->n; i++)
    {
      kg_value_copy (&slots[self->slots.v[i]], &k->v[i]);
      k->hash = k->hash * 31 + kg_value_hash (&k->v[i]);
    }
  return k;
}

static KgOpStatus
distinct_next (KgOp *op, GError **error)
{
  OpDistinct *self = (OpDistinct *) op;
  if (self->order)
    {
      if (self->pos >= self->order->len)
        return KG_NEXT_DONE;
      Key *k = g_ptr_array_index (self->order, self->pos++);
      kg_exec_restore_row (op->exec, k->row);
      return KG_NEXT_ROW;
    }
  for (;;)
    {
      KgOpStatus st = kg_op_next (op->child, error);
      if (st != KG_NEXT_ROW)
        return st;
      Key *k = key_new (self);
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
  OpDistinct *self = (OpDistinct *) op;
  g_clear_pointer (&self->order, g_ptr_array_unref);
  g_clear_pointer (&self->seen, g_hash_table_destroy);
}

/* --- Parallel plans: first rows, merged ------------------------------------------ */

static gboolean
distinct_partial (KgOp *op, guint phase, GError **error)
{
  OpDistinct *self = (OpDistinct *) op;
  KgExec *exec = op->exec;
  for (;;)
    {
      KgOpStatus st = kg_op_next (op->child, error);
      if (st == KG_NEXT_ERROR)
        return FALSE;
      if (st == KG_NEXT_DONE)
        return TRUE;
      exec->morsel_row++;
      Key *k = key_new (self);
      if (g_hash_table_contains (self->seen, k))
        {
          key_free (k);
          continue;
        }
      k->pos_morsel = exec->morsel;
      k->pos_row = exec->morsel_row;
      k->row = kg_exec_save_row (exec);
      k->n_row = exec->n_slots;
      g_hash_table_add (self->seen, k);
      if (!kg_exec_charge (exec, sizeof (Key) + sizeof (KgValue) * (k->n + k->n_row) + 32, error))
        return FALSE;
    }
}

static gboolean
earlier (const Key *a, const Key *b)
{
  return kg_thread_order_cmp (a->pos_morsel, a->pos_row, b->pos_morsel, b->pos_row) < 0;
}

/* Moves @other's keys into this set; of a key both met, the earlier row stays. */
static gboolean
distinct_absorb (KgOp *op, KgOp *other_op, GError **error)
{
  OpDistinct *self = (OpDistinct *) op, *other = (OpDistinct *) other_op;
  if (other->seen == NULL)
    return TRUE;
  GHashTableIter it;
  gpointer p;
  g_hash_table_iter_init (&it, other->seen);
  while (g_hash_table_iter_next (&it, &p, NULL))
    {
      Key *k = p, *mine = NULL;
      g_hash_table_iter_steal (&it);
      if (!g_hash_table_lookup_extended (self->seen, k, (gpointer *) &mine, NULL))
        {
          g_hash_table_add (self->seen, k);
          continue;
        }
      if (earlier (k, mine))
        {
          KgValue *row = mine->row;
          mine->row = k->row;
          k->row = row;
          mine->pos_morsel = k->pos_morsel;
          mine->pos_row = k->pos_row;
        }
      key_free (k);
    }
  return TRUE;
}

static int
by_first_row (gconstpointer a, gconstpointer b)
{
  const Key *x = *(Key *const *) a, *y = *(Key *const *) b;
  return kg_thread_order_cmp (x->pos_morsel, x->pos_row, y->pos_morsel, y->pos_row);
}

static gboolean
distinct_finish (KgOp *op, GError **error)
{
  OpDistinct *self = (OpDistinct *) op;
  self->order = g_ptr_array_sized_new (g_hash_table_size (self->seen));
  GHashTableIter it;
  gpointer p;
  g_hash_table_iter_init (&it, self->seen);
  while (g_hash_table_iter_next (&it, &p, NULL))
    g_ptr_array_add (self->order, p);
  g_ptr_array_sort (self->order, by_first_row);
  self->pos = 0;
  return TRUE;
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
  .partial = distinct_partial,
  .absorb = distinct_absorb,
  .finish = distinct_finish,
};

KgOp *
kg_op_distinct_new (KgExec *exec, KgOp *child, KgSlots *slots)
{
  OpDistinct *self = (OpDistinct *) kg_op_new (&distinct_class, exec, child);
  kg_slots_copy (&self->slots, slots);
  return &self->base;
}
