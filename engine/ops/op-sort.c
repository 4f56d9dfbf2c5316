/* engine/ops/op-sort.c — Sort and TopK (ORDER BY, with a heap when a LIMIT bounds it).
 *
 * Drains its input, saving each row and its sort keys, then yields the rows in order:
 * kg_value_order() ascending (nulls last), reversed per key for DESC. With a LIMIT it
 * keeps only SKIP + LIMIT rows in a max-heap. Ties keep input order. Does not skip or
 * limit the output itself (Skip and Limit do that above it).
 *
 * In a parallel plan (ops/op-gather.c) every copy sorts the rows it took, and the sorted
 * runs are merged (keeping SKIP + LIMIT under TopK). Ties then break on where a row sits
 * in the order one thread reads: its morsel, then its place within the morsel (a morsel
 * is read by one copy, in order), so the rows are those of one thread, in its order.
 */
#include "engine/ops/op-private.h"
#include "engine/ops/thread-order.h"

#include <stdlib.h>

typedef struct
{
  KgValue *row;
  KgValue *keys;
  guint64 morsel; /* parallel plans: the morsel the row came from (else 0) */
  guint64 seq;
} Entry;

typedef struct
{
  KgOp base;
  KgSortKey *keys;
  guint n_keys;
  KgAst *skip;
  KgAst *limit;
  gint64 k; /* -1: no bound */
  GArray *entries;
  guint pos;
  gboolean filled;
  guint64 seq;
  KgValue *scratch; /* the sort keys of the row being looked at */
} OpSort;

static int
entry_cmp (const Entry *a, const Entry *b, const OpSort *self)
{
  for (guint i = 0; i < self->n_keys; i++)
    {
      int c = kg_value_order (&a->keys[i], &b->keys[i]);
      if (c != 0)
        return self->keys[i].desc ? -c : c;
    }
  return kg_thread_order_cmp (a->morsel, a->seq, b->morsel, b->seq);
}

static int
entry_qsort_cmp (gconstpointer a, gconstpointer b, gpointer data)
{
  return entry_cmp (a, b, data);
}

static void
entry_clear (OpSort *self, Entry *e)
{
  kg_exec_free_row (self->base.exec, e->row);
  for (guint i = 0; i < self->n_keys; i++)
    kg_value_clear (&e->keys[i]);
  g_free (e->keys);
}

static gboolean
sort_open (KgOp *op, GError **error)
{
  OpSort *self = (OpSort *) op;
  self->entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  self->pos = 0;
  self->filled = FALSE;
  self->seq = 0;
  self->k = -1;
  if (self->limit)
    {
      gint64 skip = 0, limit = 0;
      if (self->skip && !kg_eval_count (op->exec, self->skip, "SKIP", &skip, error))
        return FALSE;
      if (!kg_eval_count (op->exec, self->limit, "LIMIT", &limit, error))
        return FALSE;
      self->k = (skip > G_MAXINT64 - limit) ? G_MAXINT64 : skip + limit;
    }
  return TRUE;
}

/* max-heap on entry_cmp: the worst row kept sits at the top */
static void
sift_down (OpSort *self, Entry *h, guint n, guint i)
{
  for (;;)
    {
      guint l = 2 * i + 1, r = l + 1, m = i;
      if (l < n && entry_cmp (&h[l], &h[m], self) > 0)
        m = l;
      if (r < n && entry_cmp (&h[r], &h[m], self) > 0)
        m = r;
      if (m == i)
        return;
      Entry t = h[i];
      h[i] = h[m];
      h[m] = t;
      i = m;
    }
}

static void
sift_up (OpSort *self, Entry *h, guint i)
{
  while (i > 0)
    {
      guint p = (i - 1) / 2;
      if (entry_cmp (&h[i], &h[p], self) <= 0)
        return;
      Entry t = h[i];
      h[i] = h[p];
      h[p] = t;
      i = p;
    }
}

/* Clears the first @n keys of the scratch array that it owns (the evaluated ones). */
static void
drop_keys (OpSort *self, guint n)
{
  for (guint i = 0; i < n; i++)
    if (self->keys[i].slot < 0)
      kg_value_clear (&self->scratch[i]);
}

/* The scratch keys of a row that is kept, as an array of its own: the borrowed ones
 * copied from their slots, the evaluated ones moved. */
static KgValue *
keep_keys (OpSort *self)
{
  KgExec *exec = self->base.exec;
  KgValue *keys = g_new (KgValue, self->n_keys + 1);
  for (guint i = 0; i < self->n_keys; i++)
    {
      if (self->keys[i].slot >= 0)
        kg_value_copy (&exec->slots[self->keys[i].slot], &keys[i]);
      else
        keys[i] = self->scratch[i];
    }
  return keys;
}

static gboolean
fill (OpSort *self, GError **error)
{
  KgOp *op = &self->base;
  KgExec *exec = op->exec;
  for (;;)
    {
      KgOpStatus st = kg_op_next (op->child, error);
      if (st == KG_NEXT_ERROR)
        return FALSE;
      if (st == KG_NEXT_DONE)
        break;
      if (self->k == 0)
        continue; /* LIMIT 0: nothing to keep, but the input still runs (it may write) */
      /* the keys go to a scratch array first: most rows a full heap sees are dropped.
       * A key read from a slot is borrowed there (a shallow copy, compared only), and
       * copied only when the row is kept; an evaluated one is owned by the scratch. */
      Entry e;
      e.morsel = exec->morsel;
      e.seq = self->seq++;
      e.keys = self->scratch;
      for (guint i = 0; i < self->n_keys; i++)
        {
          if (self->keys[i].slot >= 0)
            e.keys[i] = exec->slots[self->keys[i].slot];
          else if (!kg_expr_eval (&exec->env, self->keys[i].expr, &e.keys[i], error))
            {
              drop_keys (self, i);
              return FALSE;
            }
        }
      e.row = NULL;
      if (self->k > 0 && self->entries->len >= (guint64) self->k)
        {
          Entry *top = &g_array_index (self->entries, Entry, 0);
          if (entry_cmp (&e, top, self) >= 0)
            {
              drop_keys (self, self->n_keys);
              continue;
            }
          e.keys = keep_keys (self);
          e.row = kg_exec_save_row (exec);
          entry_clear (self, top);
          *top = e;
          sift_down (self, (Entry *) self->entries->data, self->entries->len, 0);
          continue;
        }
      e.keys = keep_keys (self);
      e.row = kg_exec_save_row (exec);
      if (!kg_exec_charge (exec, sizeof (KgValue) * (exec->n_slots + self->n_keys) + sizeof (Entry), error))
        {
          entry_clear (self, &e);
          return FALSE;
        }
      g_array_append_val (self->entries, e);
      if (self->k > 0)
        sift_up (self, (Entry *) self->entries->data, self->entries->len - 1);
    }
  g_qsort_with_data (self->entries->data, self->entries->len, sizeof (Entry), entry_qsort_cmp, self);
  return TRUE;
}

static KgOpStatus
sort_next (KgOp *op, GError **error)
{
  OpSort *self = (OpSort *) op;
  if (!self->filled)
    {
      self->filled = TRUE;
      if (!fill (self, error))
        return KG_NEXT_ERROR;
    }
  if (self->pos >= self->entries->len)
    return KG_NEXT_DONE;
  Entry *e = &g_array_index (self->entries, Entry, self->pos++);
  kg_exec_restore_row (op->exec, e->row);
  return KG_NEXT_ROW;
}

static void
sort_close (KgOp *op)
{
  OpSort *self = (OpSort *) op;
  if (self->entries == NULL)
    return;
  for (guint i = 0; i < self->entries->len; i++)
    entry_clear (self, &g_array_index (self->entries, Entry, i));
  g_array_free (self->entries, TRUE);
  self->entries = NULL;
}

static void
sort_free (KgOp *op)
{
  g_free (((OpSort *) op)->keys);
  g_free (((OpSort *) op)->scratch);
}

static void
sort_describe (KgOp *op, GString *out)
{
  OpSort *self = (OpSort *) op;
  for (guint i = 0; i < self->n_keys; i++)
    {
      if (i)
        g_string_append (out, ", ");
      kg_expr_describe (out, self->keys[i].expr);
      if (self->keys[i].desc)
        g_string_append (out, " DESC");
    }
}

/* --- Parallel plans: sorted runs, merged ---------------------------------------- */

static gboolean
sort_partial (KgOp *op, guint phase, GError **error)
{
  OpSort *self = (OpSort *) op;
  self->filled = TRUE;
  return fill (self, error);
}

/* Merges @other's sorted run into this one's; under TopK only the first k are kept.
 * The rows move: @other keeps nothing. */
static gboolean
sort_absorb (KgOp *op, KgOp *other_op, GError **error)
{
  OpSort *self = (OpSort *) op, *other = (OpSort *) other_op;
  if (other->entries == NULL || other->entries->len == 0)
    return TRUE;
  GArray *a = self->entries, *b = other->entries;
  guint64 keep = (guint64) a->len + b->len;
  if (self->k >= 0 && (guint64) self->k < keep)
    keep = (guint64) self->k;
  GArray *out = g_array_sized_new (FALSE, FALSE, sizeof (Entry), (guint) keep);
  guint i = 0, j = 0;
  while (out->len < keep)
    {
      Entry *x = i < a->len ? &g_array_index (a, Entry, i) : NULL;
      Entry *y = j < b->len ? &g_array_index (b, Entry, j) : NULL;
      if (y == NULL || (x != NULL && entry_cmp (x, y, self) <= 0))
        {
          g_array_append_val (out, *x);
          i++;
        }
      else
        {
          g_array_append_val (out, *y);
          j++;
        }
    }
  for (; i < a->len; i++)
    entry_clear (self, &g_array_index (a, Entry, i));
  for (; j < b->len; j++)
    entry_clear (other, &g_array_index (b, Entry, j));
  g_array_set_size (b, 0);
  g_array_free (a, TRUE);
  self->entries = out;
  return TRUE;
}

static const KgOpClass sort_class = {
  .name = "Sort",
  .size = sizeof (OpSort),
  .open = sort_open,
  .next = sort_next,
  .close = sort_close,
  .free = sort_free,
  .describe = sort_describe,
  .partial = sort_partial,
  .absorb = sort_absorb,
};

static const KgOpClass topk_class = {
  .name = "TopK",
  .size = sizeof (OpSort),
  .open = sort_open,
  .next = sort_next,
  .close = sort_close,
  .free = sort_free,
  .describe = sort_describe,
  .partial = sort_partial,
  .absorb = sort_absorb,
};

KgOp *
kg_op_sort_new (KgExec *exec, KgOp *child, KgSortKey *keys, guint n_keys, KgAst *skip, KgAst *limit)
{
  OpSort *self = (OpSort *) kg_op_new (limit ? &topk_class : &sort_class, exec, child);
  self->keys = g_memdup2 (keys, sizeof (KgSortKey) * n_keys);
  self->n_keys = n_keys;
  self->scratch = g_new0 (KgValue, n_keys + 1);
  self->skip = skip;
  self->limit = limit;
  return &self->base;
}
