/* graph/index-int.c — the integer keys of an equality index, found in one probe.
 *
 * An equality index is a hash table of values to node-id buckets (graph.c). A seek on
 * an integer through it hashes the KgValue through a callback, walks the table's
 * hash, key and value arrays, compares the stored KgValue twice (equivalence, then
 * Cypher's `=`) and only then reaches the bucket. Integer keys (ids, serial numbers)
 * are the common case of a seek, run once per row by LOAD CSV ... MATCH (n {id: ...}),
 * so the buckets keyed by an integer are also kept here: an open-addressing table of
 * (integer, bucket) pairs, linear probing, at most half full. A seek is then one
 * multiply and, mostly, one cache line.
 *
 * The hash table stays the authority: this table holds pointers to its buckets, is
 * told of every bucket created (kg_index_ints_added) and is rebuilt after buckets are
 * purged, the only time buckets are freed before the index itself. It has no
 * tombstones because nothing is removed from it one at a time. A bucket keyed by a
 * float (1.0 also holds the nodes whose value is 1, whichever came first) is not here:
 * while an index has such buckets an integer that misses here is looked up in the
 * hash table too. Emptied buckets stay, as in the hash table (a seek on them finds
 * no node).
 *
 * Locking: only writers change it, alone (the database's write lock); readers running
 * at once only read it.
 */
#include "graph/graph-private.h"

#include <string.h>

static inline guint32
slot_of (gint64 key, guint32 cap)
{
  /* Fibonacci hashing: consecutive integers land far apart. */
  guint64 h = (guint64) key * 0x9e3779b97f4a7c15ULL;
  return (guint32) (h >> 32) & (cap - 1);
}

static void
put (KgIntSlot *slots, guint32 cap, gint64 key, GArray *ids)
{
  guint32 i = slot_of (key, cap);
  while (slots[i].ids != NULL && slots[i].key != key)
    i = (i + 1) & (cap - 1);
  slots[i].key = key;
  slots[i].ids = ids;
}

static void
grow (KgIndex *idx)
{
  guint32 cap = idx->int_cap ? idx->int_cap * 2 : 64;
  KgIntSlot *slots = g_new0 (KgIntSlot, cap);
  for (guint32 i = 0; i < idx->int_cap; i++)
    if (idx->int_slots[i].ids != NULL)
      put (slots, cap, idx->int_slots[i].key, idx->int_slots[i].ids);
  g_free (idx->int_slots);
  idx->int_slots = slots;
  idx->int_cap = cap;
}

void
kg_index_ints_added (KgIndex *idx, const KgValue *key, GArray *ids)
{
  if (key->type == KG_VALUE_FLOAT)
    {
      idx->int_n_float++;
      return;
    }
  if (key->type != KG_VALUE_INT)
    return;
  if ((idx->int_len + 1) * 2 > idx->int_cap)
    grow (idx);
  put (idx->int_slots, idx->int_cap, key->u.i, ids);
  idx->int_len++;
}

void
kg_index_ints_clear (KgIndex *idx)
{
  g_clear_pointer (&idx->int_slots, g_free);
  idx->int_cap = idx->int_len = idx->int_n_float = 0;
}

void
kg_index_ints_rebuild (KgIndex *idx)
{
  kg_index_ints_clear (idx);
  GHashTableIter it;
  gpointer k, v;
  g_hash_table_iter_init (&it, idx->map);
  while (g_hash_table_iter_next (&it, &k, &v))
    kg_index_ints_added (idx, k, v);
}

gboolean
kg_index_ints_find (const KgIndex *idx, gint64 key, const GArray **ids)
{
  *ids = NULL;
  if (idx->int_cap > 0)
    {
      guint32 mask = idx->int_cap - 1;
      for (guint32 i = slot_of (key, idx->int_cap);; i = (i + 1) & mask)
        {
          const KgIntSlot *s = &idx->int_slots[i];
          if (s->ids == NULL)
            break;
          if (s->key == key)
            {
              *ids = s->ids;
              return TRUE;
            }
        }
    }
  return idx->int_n_float == 0;
}

gsize
kg_index_ints_memory_size (const KgIndex *idx)
{
  return (gsize) idx->int_cap * sizeof (KgIntSlot);
}
