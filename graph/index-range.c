/* graph/index-range.c — range reads of an equality index: the nodes whose value lies
 * between two bounds (`n.k >= lo AND n.k < hi`).
 *
 * An equality index is a hash of values to node-id buckets (graph.c), which cannot be
 * read in order. A range read uses a sorted view beside it: the buckets' values sorted
 * by kg_value_order() with a pointer to each bucket. The view is built lazily, by the
 * first range read after the index gained or lost a value, and published atomically so
 * that readers running at once (under the database's read lock) build it at most once
 * each and share one; a writer (alone, under the write lock) drops it whenever a bucket
 * is added or purged. A bucket whose node list changes in place (a node gets a value
 * that already exists, or loses one) stays valid in the view, so a run of writes among
 * existing values keeps it. A read copies the node ids it finds, so writes made while
 * the caller walks them cannot disturb it. Comparable values form one run in
 * kg_value_order() (numbers, strings, booleans, each temporal type), so a range is one
 * run of the view found by two binary searches.
 *
 * Memory: two pointers per distinct value. It is not written to snapshots.
 */
#include "graph/graph-private.h"

#include <stdlib.h>

typedef struct
{
  const KgValue *value; /* the bucket's key (owned by the index's hash table) */
  const GArray *ids;    /* its node ids, ascending */
} Entry;

typedef struct
{
  guint n;
  Entry *entries; /* in kg_value_order of their values */
} Sorted;

static void
sorted_free (Sorted *s)
{
  if (s == NULL)
    return;
  g_free (s->entries);
  g_free (s);
}

void
kg_index_sorted_drop (KgIndex *idx)
{
  sorted_free (g_atomic_pointer_exchange (&idx->sorted, NULL));
}

static int
entry_cmp (const void *a, const void *b)
{
  return kg_value_order (((const Entry *) a)->value, ((const Entry *) b)->value);
}

static const Sorted *
sorted_get (KgIndex *idx)
{
  Sorted *s = g_atomic_pointer_get (&idx->sorted);
  if (s != NULL)
    return s;
  s = g_new0 (Sorted, 1);
  s->entries = g_new (Entry, g_hash_table_size (idx->map) + 1);
  GHashTableIter it;
  gpointer key, value;
  g_hash_table_iter_init (&it, idx->map);
  while (g_hash_table_iter_next (&it, &key, &value))
    s->entries[s->n++] = (Entry){ key, value };
  qsort (s->entries, s->n, sizeof (Entry), entry_cmp);
  if (!g_atomic_pointer_compare_and_exchange (&idx->sorted, NULL, s))
    {
      /* another reader published its view first: use that one */
      sorted_free (s);
      s = g_atomic_pointer_get (&idx->sorted);
    }
  return s;
}

/* Whether a bound of this type can delimit a run of comparable values. */
static gboolean
range_type (const KgValue *v)
{
  switch (v->type)
    {
    case KG_VALUE_INT:
    case KG_VALUE_FLOAT:
    case KG_VALUE_STRING:
    case KG_VALUE_BOOL:
    case KG_VALUE_DATE:
    case KG_VALUE_LOCALTIME:
    case KG_VALUE_TIME:
    case KG_VALUE_LOCALDATETIME:
    case KG_VALUE_DATETIME:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Whether @e comes before the range: below @lo (or, without one, before the run of
 * values of @hi's kind). */
static gboolean
before_range (const KgValue *e, const KgValue *lo, gboolean lo_incl, const KgValue *hi)
{
  if (lo == NULL)
    return kg_value_order_rank (e->type) < kg_value_order_rank (hi->type);
  int c = kg_value_order (e, lo);
  return lo_incl ? c < 0 : c <= 0;
}

/* Whether @e comes after the range: above @hi (or, without one, after the run of values
 * of @lo's kind). */
static gboolean
after_range (const KgValue *e, const KgValue *lo, const KgValue *hi, gboolean hi_incl)
{
  if (hi == NULL)
    return kg_value_order_rank (e->type) > kg_value_order_rank (lo->type);
  int c = kg_value_order (e, hi);
  return hi_incl ? c > 0 : c >= 0;
}

static int
id_cmp (gconstpointer a, gconstpointer b)
{
  KgNodeId x = *(const KgNodeId *) a, y = *(const KgNodeId *) b;
  return x < y ? -1 : x > y;
}

gboolean
kg_graph_index_range (const KgGraph *g, KgSymbol label, KgSymbol key, const KgValue *lo, gboolean lo_incl, const KgValue *hi, gboolean hi_incl, GArray *out)
{
  g_return_val_if_fail (g != NULL && out != NULL && (lo != NULL || hi != NULL), FALSE);
  g_array_set_size (out, 0);
  KgIndex *idx = NULL;
  for (guint i = 0; i < g->indexes->len && idx == NULL; i++)
    {
      KgIndex *x = g_ptr_array_index (g->indexes, i);
      if (x->label == label && x->key == key)
        idx = x;
    }
  if (idx == NULL)
    return FALSE;
  if ((lo && lo->type == KG_VALUE_NULL) || (hi && hi->type == KG_VALUE_NULL))
    return TRUE; /* the comparison is null: nothing passes */
  if ((lo && !range_type (lo)) || (hi && !range_type (hi)))
    return FALSE;
  if (lo && hi && !kg_value_compare (lo, hi, NULL))
    return TRUE; /* no value is comparable with both */
  const Sorted *s = sorted_get (idx);
  guint a = 0, b = s->n;
  while (a < b)
    {
      guint mid = a + (b - a) / 2;
      if (before_range (s->entries[mid].value, lo, lo_incl, hi))
        a = mid + 1;
      else
        b = mid;
    }
  guint first = a;
  b = s->n;
  while (a < b)
    {
      guint mid = a + (b - a) / 2;
      if (after_range (s->entries[mid].value, lo, hi, hi_incl))
        b = mid;
      else
        a = mid + 1;
    }
  for (guint i = first; i < a; i++)
    g_array_append_vals (out, s->entries[i].ids->data, s->entries[i].ids->len);
  g_array_sort (out, id_cmp);
  return TRUE;
}
