/* graph/graph.c — the store: nodes, relationships, labels, properties, adjacency,
 * equality indexes and the undo log of transactions.
 *
 * What it does:
 * - Ids are dense and never reused while live or deleted: a deleted node or relationship
 *   leaves a tombstone (a cleared alive bit). Only a rollback gives ids back, and then
 *   only from the top, so ids stay dense.
 * - Adjacency, per relationship type and direction: compressed sparse rows (offsets over
 *   a node range [lo, hi) plus (edge id, neighbour) pairs), built in one counting-sort
 *   pass by kg_graph_bulk_end(). Single writes after that append to a per-node delta
 *   (a hash of small arrays, so memory is only spent on touched nodes); inside a
 *   transaction an append is only queued, and sorted into the deltas when the rows are
 *   first read, or straight into new rows by the commit's compaction (a statement that
 *   creates millions of relationships and reads none pays one counting sort, as a bulk
 *   load does, instead of a hash probe and a small array per entry); deletes leave
 *   tombstones and bump a per-node dead count so degrees stay exact. When deltas and
 *   tombstones grow past a quarter of the rows, the type's rows are compacted, but only
 *   between statements (at kg_graph_txn_begin() and kg_graph_txn_commit()), so the
 *   undo log can rely on entries staying put and iterators opened by a running
 *   statement survive its writes: CSR rows never move, deltas are re-read through
 *   their array each step, emptied index buckets are kept. Rows list edges in id
 *   order. Degrees are O(1): per (node, type, direction) from the row length, delta
 *   length and dead count; for all types from per-node counters.
 * - Node properties are columns, one per key, each a KgValue array covering an id range
 *   [lo, hi). Measured against per-node sorted (key, value) arrays on 1M nodes with six
 *   keys: setting all properties costs about the same (0.2-0.3 s), reading one key of
 *   every node is some 20x faster (1 ms against 25 ms: `n.age` of every Person is one
 *   array) and memory is lower (163 MB against about 210 MB, no allocation per node).
 *   Bulk loads by label give each key a tight range. The cost is an O(keys) walk to
 *   list one node's properties, cheap while keys number in the tens.
 *   Relationship properties use the same columns over edge ids.
 * - Labels: each node keeps its labels in order (two inline); each label has a bitmap
 *   over node ids and a live count, so label scans run in id order and counts are O(1).
 * - Equality indexes on (label, key) hash values with kg_value_hash() and
 *   kg_value_equivalent(); a lookup then applies Cypher's `=` to the bucket key, so
 *   1 finds 1.0, and null or NaN find nothing. The buckets keyed by an integer are also
 *   in an open-addressing table (index-int.c), so an integer seek is one probe.
 * - Full-text indexes (graph-fulltext.c) are told of every change to a property or a
 *   label they cover, from the same few functions, so a rollback's replay keeps them
 *   in step too.
 * - Transactions record every mutation in an undo log; rollback replays it backwards.
 *
 * What it does not do: know anything of queries, parse, print, or lock. Reads never
 * write (no lazy caches but one), so several threads may read a graph that nobody is writing;
 * writers need the graph to themselves. (The one cache, the planner's statistics of
 * graph/stats.c, has its own lock.) Snapshots live in snapshot.c.
 */
#include "graph/graph-private.h"
#include "graph/stats.h"
#include "graph/value-codec.h"

#include <string.h>
#include <sys/mman.h>

/* --- Undo log --------------------------------------------------------------------- */

typedef enum
{
  UNDO_ADD_NODE,
  UNDO_DELETE_NODE,
  UNDO_ADD_LABEL,
  UNDO_REMOVE_LABEL, /* a = label, b = position */
  UNDO_NODE_PROP,    /* a = key, old = previous value */
  UNDO_ADD_EDGE,
  UNDO_DELETE_EDGE,
  UNDO_EDGE_PROP,
  UNDO_CREATE_INDEX,      /* id = label, a = key */
  UNDO_DROP_INDEX,        /* id = label, a = key */
  UNDO_CREATE_CONSTRAINT, /* id = position */
  UNDO_DROP_CONSTRAINT,   /* id = position, old = the constraint (constraint.c) */
  UNDO_CREATE_FULLTEXT,   /* old = name */
  UNDO_DROP_FULLTEXT,     /* old = definition (kg_graph_ft_definition()) */
} UndoKind;

typedef struct
{
  guint32 kind;
  guint32 id;
  guint32 a;
  guint32 b;
  KgValue old;
} KgUndo;

static inline gboolean
logging (const KgGraph *g)
{
  return g->undo != NULL;
}

static inline const KgColumn *column_get (const KgGraph *g, gboolean edges, KgSymbol key);
static KgIndex *index_find (const KgGraph *g, KgSymbol label, KgSymbol key);
static inline const KgValue *column_value (const KgColumn *c, guint32 id);

static void
redo_sink (gpointer sink, const void *data, gsize len)
{
  g_byte_array_append (sink, data, len);
}

/* Writes the redo record of a change just made (the state after it, by name). */
static void
redo_op (KgGraph *g, UndoKind kind, guint32 id, guint32 a)
{
  GByteArray *b = g->redo;
  static const guint8 codes[] = {
    [UNDO_ADD_NODE] = KG_REDO_ADD_NODE,
    [UNDO_DELETE_NODE] = KG_REDO_DELETE_NODE,
    [UNDO_ADD_LABEL] = KG_REDO_ADD_LABEL,
    [UNDO_REMOVE_LABEL] = KG_REDO_REMOVE_LABEL,
    [UNDO_NODE_PROP] = KG_REDO_NODE_PROP,
    [UNDO_ADD_EDGE] = KG_REDO_ADD_EDGE,
    [UNDO_DELETE_EDGE] = KG_REDO_DELETE_EDGE,
    [UNDO_EDGE_PROP] = KG_REDO_EDGE_PROP,
    [UNDO_CREATE_INDEX] = KG_REDO_CREATE_NAMED_INDEX,
    [UNDO_DROP_INDEX] = KG_REDO_DROP_INDEX,
    [UNDO_CREATE_CONSTRAINT] = KG_REDO_CREATE_CONSTRAINT,
    [UNDO_DROP_CONSTRAINT] = KG_REDO_DROP_CONSTRAINT,
    [UNDO_CREATE_FULLTEXT] = KG_REDO_CREATE_FULLTEXT,
    [UNDO_DROP_FULLTEXT] = KG_REDO_DROP_FULLTEXT,
  };
  g_byte_array_append (b, &codes[kind], 1);
  switch (kind)
    {
    case UNDO_ADD_NODE:
    case UNDO_DELETE_NODE:
    case UNDO_DELETE_EDGE:
      kg_redo_put_u32 (b, id);
      break;
    case UNDO_ADD_LABEL:
    case UNDO_REMOVE_LABEL:
      kg_redo_put_u32 (b, id);
      kg_redo_put_str (b, g_ptr_array_index (g->sym_names[KG_SYM_LABEL], a));
      break;
    case UNDO_NODE_PROP:
    case UNDO_EDGE_PROP:
      {
        gboolean edges = kind == UNDO_EDGE_PROP;
        const KgValue *v = column_value (column_get (g, edges, a), id);
        KgValue null = KG_VALUE_INIT;
        kg_redo_put_u32 (b, id);
        kg_redo_put_str (b, g_ptr_array_index (g->sym_names[KG_SYM_KEY], a));
        kg_redo_put_value (b, v ? v : &null);
        break;
      }
    case UNDO_ADD_EDGE:
      kg_redo_put_u32 (b, id);
      kg_redo_put_u32 (b, g->e_src[id]);
      kg_redo_put_u32 (b, g->e_dst[id]);
      kg_redo_put_str (b, g_ptr_array_index (g->sym_names[KG_SYM_TYPE], g->e_type[id]));
      break;
    case UNDO_CREATE_INDEX:
    case UNDO_DROP_INDEX:
      kg_redo_put_str (b, g_ptr_array_index (g->sym_names[KG_SYM_LABEL], id));
      kg_redo_put_str (b, g_ptr_array_index (g->sym_names[KG_SYM_KEY], a));
      if (kind == UNDO_CREATE_INDEX)
        kg_redo_put_str (b, index_find (g, id, a)->name);
      break;
    case UNDO_CREATE_CONSTRAINT:
      kg_constraint_put (redo_sink, b, g, g_ptr_array_index (g->constraints, id));
      break;
    case UNDO_DROP_CONSTRAINT:
      {
        const KgValue *old = &g_array_index (g->undo, KgUndo, g->undo->len - 1).old;
        kg_redo_put_str (b, old->u.list->items[0].u.s);
        break;
      }
    case UNDO_CREATE_FULLTEXT:
      {
        KgValue def = kg_graph_ft_definition (g, g_ptr_array_index (g->fulltext, g->fulltext->len - 1));
        kg_redo_put_value (b, &def);
        kg_value_clear (&def);
        break;
      }
    case UNDO_DROP_FULLTEXT:
      kg_redo_put_str (b, g_array_index (g->undo, KgUndo, g->undo->len - 1).old.u.list->items[0].u.s);
      break;
    }
}

static void
log_op (KgGraph *g, UndoKind kind, guint32 id, guint32 a, guint32 b, KgValue *old)
{
  KgUndo u = { kind, id, a, b, KG_VALUE_INIT };
  if (old)
    u.old = kg_value_steal (old);
  g_array_append_val (g->undo, u);
  if (g->redo != NULL)
    redo_op (g, kind, id, a);
}

/* --- Helpers ---------------------------------------------------------------------- */

static inline guint32
hash_count (GHashTable *h, guint32 key)
{
  if (h == NULL || g_hash_table_size (h) == 0)
    return 0;
  return GPOINTER_TO_UINT (g_hash_table_lookup (h, GUINT_TO_POINTER (key)));
}

static void
hash_add (GHashTable **h, guint32 key, int delta)
{
  if (*h == NULL)
    *h = g_hash_table_new (NULL, NULL);
  guint32 v = GPOINTER_TO_UINT (g_hash_table_lookup (*h, GUINT_TO_POINTER (key)));
  v += delta;
  if (v == 0)
    g_hash_table_remove (*h, GUINT_TO_POINTER (key));
  else
    g_hash_table_insert (*h, GUINT_TO_POINTER (key), GUINT_TO_POINTER (v));
}

static void
bits_grow (guint64 **bits, guint32 old_words, guint32 new_words)
{
  *bits = g_renew (guint64, *bits, new_words);
  memset (*bits + old_words, 0, (gsize) (new_words - old_words) * sizeof (guint64));
}

static inline guint32
words_for (guint32 n)
{
  return (n + 63) / 64;
}

/* Asks for huge pages under a large array that is about to be filled (the edge arrays,
 * the adjacency rows): the bulk load writes them at random, and with 4 KiB pages most of
 * that time goes to page faults and TLB misses. Only whole 2 MiB pages inside the
 * array; a no-op where the system does not offer them. */
static void
big_array_advise (void *p, gsize bytes)
{
#ifdef MADV_HUGEPAGE
  const guintptr huge = (guintptr) 2 << 20;
  if (p == NULL || bytes < 4 * huge)
    return;
  guintptr from = ((guintptr) p + huge - 1) & ~(huge - 1), to = ((guintptr) p + bytes) & ~(huge - 1);
  if (to > from)
    madvise ((void *) from, to - from, MADV_HUGEPAGE);
#else
  (void) p;
  (void) bytes;
#endif
}

/* --- Lifetime --------------------------------------------------------------------- */

static void
index_free (gpointer p)
{
  KgIndex *idx = p;
  kg_index_sorted_drop (idx);
  kg_index_ints_clear (idx);
  g_hash_table_unref (idx->map);
  g_free (idx->name);
  g_free (idx);
}

static void
label_info_free (gpointer p)
{
  KgLabelInfo *li = p;
  if (li == NULL)
    return;
  g_free (li->bits);
  g_free (li);
}

static void
adj_clear (KgAdj *a)
{
  g_clear_pointer (&a->off, g_free);
  g_clear_pointer (&a->pairs, g_free);
  g_clear_pointer (&a->delta, g_hash_table_unref);
  g_clear_pointer (&a->dead, g_hash_table_unref);
  g_clear_pointer (&a->pend, g_free);
  a->n_pend = 0;
  a->pend_cap = 0;
  a->lo = a->hi = 0;
  a->n_csr = a->n_delta = a->n_dead = 0;
  /* seen_lo / seen_hi stay: they describe ids, not rows */
}

static void
type_info_free (gpointer p)
{
  KgTypeInfo *t = p;
  if (t == NULL)
    return;
  adj_clear (&t->dir[0]);
  adj_clear (&t->dir[1]);
  g_clear_pointer (&t->loops, g_hash_table_unref);
  g_free (t);
}

static void
column_free (gpointer p)
{
  KgColumn *c = p;
  if (c == NULL)
    return;
  for (guint32 i = 0; c->v && i < c->hi - c->lo; i++)
    kg_value_clear (&c->v[i]);
  g_free (c->v);
  g_free (c);
}

KgGraph *
kg_graph_new (void)
{
  static guint64 uids;
  KgGraph *g = g_new0 (KgGraph, 1);
  g->uid = __atomic_add_fetch (&uids, 1, __ATOMIC_RELAXED);
  for (int k = 0; k < 3; k++)
    {
      g->sym_names[k] = g_ptr_array_new_with_free_func (g_free);
      g->sym_ids[k] = g_hash_table_new (g_str_hash, g_str_equal);
    }
  g->label_info = g_ptr_array_new_with_free_func (label_info_free);
  g->types = g_ptr_array_new_with_free_func (type_info_free);
  g->node_cols = g_ptr_array_new_with_free_func (column_free);
  g->edge_cols = g_ptr_array_new_with_free_func (column_free);
  g->indexes = g_ptr_array_new_with_free_func (index_free);
  g->fulltext = kg_graph_ft_list_new ();
  g_mutex_init (&g->stats_lock);
  return g;
}

static void
undo_clear (KgGraph *g)
{
  if (g->undo == NULL)
    return;
  for (guint i = 0; i < g->undo->len; i++)
    kg_value_clear (&g_array_index (g->undo, KgUndo, i).old);
  g_array_unref (g->undo);
  g->undo = NULL;
}

void
kg_graph_free (KgGraph *g)
{
  if (g == NULL)
    return;
  undo_clear (g);
  kg_graph_stats_drop (g);
  g_mutex_clear (&g->stats_lock);
  if (g->redo != NULL)
    g_byte_array_unref (g->redo);
  for (int k = 0; k < 3; k++)
    {
      g_hash_table_unref (g->sym_ids[k]);
      g_ptr_array_unref (g->sym_names[k]);
    }
  for (guint32 i = 0; i < g->node_bound; i++)
    if (g->labels[i].cap > 0)
      g_free (g->labels[i].u.heap);
  g_free (g->node_alive);
  g_free (g->labels);
  g_free (g->deg_out);
  g_free (g->deg_in);
  g_clear_pointer (&g->loops_all, g_hash_table_unref);
  g_ptr_array_unref (g->label_info);
  g_free (g->edge_alive);
  g_free (g->e_src);
  g_free (g->e_dst);
  g_free (g->e_type);
  g_ptr_array_unref (g->types);
  g_ptr_array_unref (g->node_cols);
  g_ptr_array_unref (g->edge_cols);
  g_ptr_array_unref (g->indexes);
  g_clear_pointer (&g->constraints, g_ptr_array_unref);
  g_ptr_array_unref (g->fulltext);
  g_free (g->key_n_idx);
  g_free (g);
}

guint64
kg_graph_version (const KgGraph *graph)
{
  g_return_val_if_fail (graph != NULL, 0);
  return graph->version;
}

guint64
kg_graph_uid (const KgGraph *graph)
{
  g_return_val_if_fail (graph != NULL, 0);
  return graph->uid;
}

/* --- Symbols ---------------------------------------------------------------------- */

KgSymbol
kg_graph_intern (KgGraph *g, KgSymbolKind kind, const char *name)
{
  g_return_val_if_fail (g != NULL && name != NULL, KG_NONE);
  g_return_val_if_fail (kind <= KG_SYM_KEY, KG_NONE);
  gpointer v = g_hash_table_lookup (g->sym_ids[kind], name);
  if (v != NULL)
    return GPOINTER_TO_UINT (v) - 1;
  char *copy = g_strdup (name);
  KgSymbol id = g->sym_names[kind]->len;
  g_ptr_array_add (g->sym_names[kind], copy);
  g_hash_table_insert (g->sym_ids[kind], copy, GUINT_TO_POINTER (id + 1));
  g->version++;
  return id;
}

KgSymbol
kg_graph_lookup (const KgGraph *g, KgSymbolKind kind, const char *name)
{
  g_return_val_if_fail (g != NULL && name != NULL, KG_NONE);
  g_return_val_if_fail (kind <= KG_SYM_KEY, KG_NONE);
  gpointer v = g_hash_table_lookup (g->sym_ids[kind], name);
  return v ? GPOINTER_TO_UINT (v) - 1 : KG_NONE;
}

const char *
kg_graph_symbol_name (const KgGraph *g, KgSymbolKind kind, KgSymbol sym)
{
  g_return_val_if_fail (g != NULL, NULL);
  g_return_val_if_fail (kind <= KG_SYM_KEY, NULL);
  g_return_val_if_fail (sym < g->sym_names[kind]->len, NULL);
  return g_ptr_array_index (g->sym_names[kind], sym);
}

guint
kg_graph_n_symbols (const KgGraph *g, KgSymbolKind kind)
{
  g_return_val_if_fail (g != NULL, 0);
  g_return_val_if_fail (kind <= KG_SYM_KEY, 0);
  return g->sym_names[kind]->len;
}

/* --- Capacity --------------------------------------------------------------------- */

void
kg_graph_grow_nodes (KgGraph *g, guint32 cap)
{
  if (cap <= g->node_cap)
    return;
  guint32 old = g->node_cap;
  bits_grow (&g->node_alive, words_for (old), words_for (cap));
  g->labels = g_renew (KgLabelSet, g->labels, cap);
  memset (g->labels + old, 0, (gsize) (cap - old) * sizeof (KgLabelSet));
  g->deg_out = g_renew (guint32, g->deg_out, cap);
  memset (g->deg_out + old, 0, (gsize) (cap - old) * sizeof (guint32));
  g->deg_in = g_renew (guint32, g->deg_in, cap);
  memset (g->deg_in + old, 0, (gsize) (cap - old) * sizeof (guint32));
  g->node_cap = cap;
}

void
kg_graph_grow_edges (KgGraph *g, guint32 cap)
{
  if (cap <= g->edge_cap)
    return;
  guint32 old = g->edge_cap;
  bits_grow (&g->edge_alive, words_for (old), words_for (cap));
  g->e_src = g_renew (guint32, g->e_src, cap);
  g->e_dst = g_renew (guint32, g->e_dst, cap);
  g->e_type = g_renew (guint32, g->e_type, cap);
  big_array_advise (g->e_src, (gsize) cap * sizeof (guint32));
  big_array_advise (g->e_dst, (gsize) cap * sizeof (guint32));
  big_array_advise (g->e_type, (gsize) cap * sizeof (guint32));
  g->edge_cap = cap;
}

static guint32
next_cap (guint32 cap, guint32 need)
{
  guint64 c = MAX (cap, 64);
  while (c < need)
    c = c + c / 2 + 64;
  return (guint32) MIN (c, (guint64) G_MAXUINT32);
}

void
kg_graph_reserve (KgGraph *g, guint32 nodes, guint32 edges)
{
  g_return_if_fail (g != NULL);
  guint64 n = (guint64) g->node_bound + nodes;
  guint64 e = (guint64) g->edge_bound + edges;
  kg_graph_grow_nodes (g, (guint32) MIN (n, (guint64) G_MAXUINT32 - 1));
  kg_graph_grow_edges (g, (guint32) MIN (e, (guint64) G_MAXUINT32 - 1));
}

/* --- Label sets ------------------------------------------------------------------- */

static inline KgSymbol *
ls_items (KgLabelSet *ls)
{
  return ls->cap > 0 ? ls->u.heap : ls->u.inl;
}

static void
ls_insert (KgLabelSet *ls, guint pos, KgSymbol label)
{
  if (ls->cap == 0 && ls->n == 2)
    {
      KgSymbol *heap = g_new (KgSymbol, 4);
      heap[0] = ls->u.inl[0];
      heap[1] = ls->u.inl[1];
      ls->u.heap = heap;
      ls->cap = 4;
    }
  else if (ls->cap > 0 && ls->n == ls->cap)
    {
      ls->cap *= 2;
      ls->u.heap = g_renew (KgSymbol, ls->u.heap, ls->cap);
    }
  KgSymbol *items = ls_items (ls);
  memmove (items + pos + 1, items + pos, (ls->n - pos) * sizeof (KgSymbol));
  items[pos] = label;
  ls->n++;
}

static int
ls_find (KgLabelSet *ls, KgSymbol label)
{
  KgSymbol *items = ls_items (ls);
  for (guint i = 0; i < ls->n; i++)
    if (items[i] == label)
      return (int) i;
  return -1;
}

static void
ls_remove_at (KgLabelSet *ls, guint pos)
{
  KgSymbol *items = ls_items (ls);
  memmove (items + pos, items + pos + 1, (ls->n - pos - 1) * sizeof (KgSymbol));
  ls->n--;
}

static KgLabelInfo *
label_info (KgGraph *g, KgSymbol label)
{
  if (label >= g->label_info->len)
    g_ptr_array_set_size (g->label_info, label + 1);
  KgLabelInfo *li = g_ptr_array_index (g->label_info, label);
  if (li == NULL)
    {
      li = g_new0 (KgLabelInfo, 1);
      g_ptr_array_index (g->label_info, label) = li;
    }
  return li;
}

static inline const KgLabelInfo *
label_info_get (const KgGraph *g, KgSymbol label)
{
  return label < g->label_info->len ? g_ptr_array_index (g->label_info, label) : NULL;
}

/* --- Property columns ------------------------------------------------------------- */

KgColumn *
kg_graph_column (KgGraph *g, gboolean edges, KgSymbol key)
{
  GPtrArray *cols = edges ? g->edge_cols : g->node_cols;
  if (key >= cols->len)
    g_ptr_array_set_size (cols, key + 1);
  KgColumn *c = g_ptr_array_index (cols, key);
  if (c == NULL)
    {
      c = g_new0 (KgColumn, 1);
      g_ptr_array_index (cols, key) = c;
    }
  return c;
}

static inline const KgColumn *
column_get (const KgGraph *g, gboolean edges, KgSymbol key)
{
  GPtrArray *cols = edges ? g->edge_cols : g->node_cols;
  return key < cols->len ? g_ptr_array_index (cols, key) : NULL;
}

static inline const KgValue *
column_value (const KgColumn *c, guint32 id)
{
  if (c == NULL || id < c->lo || id >= c->hi)
    return NULL;
  const KgValue *v = &c->v[id - c->lo];
  return v->type == KG_VALUE_NULL ? NULL : v;
}

/* Makes @col cover at least [lo, hi). */
void
kg_column_reserve (KgColumn *c, guint32 lo, guint32 hi)
{
  if (c->hi == c->lo)
    {
      g_free (c->v);
      c->v = g_new0 (KgValue, hi - lo);
      c->lo = lo;
      c->hi = hi;
      return;
    }
  if (lo >= c->lo && hi <= c->hi)
    return;
  guint32 nlo = MIN (lo, c->lo), nhi = MAX (hi, c->hi);
  guint32 old_n = c->hi - c->lo;
  KgValue *v = g_new0 (KgValue, nhi - nlo);
  memcpy (v + (c->lo - nlo), c->v, (gsize) old_n * sizeof (KgValue));
  g_free (c->v);
  c->v = v;
  c->lo = nlo;
  c->hi = nhi;
}

/* Puts *@val (stolen; null clears) into slot @id, moving the old value into *@old. */
static void
column_put (KgColumn *c, guint32 id, KgValue *val, KgValue *old)
{
  *old = kg_value_null ();
  if (val->type == KG_VALUE_NULL)
    {
      if (id < c->lo || id >= c->hi || c->v[id - c->lo].type == KG_VALUE_NULL)
        return;
      *old = kg_value_steal (&c->v[id - c->lo]);
      if (--c->n_set == 0)
        {
          g_clear_pointer (&c->v, g_free);
          c->lo = c->hi = 0;
        }
      return;
    }
  if (id < c->lo || id >= c->hi)
    {
      guint32 span = c->hi - c->lo;
      guint32 slack = span / 2 + 16;
      guint32 lo = id, hi = id + 1;
      if (c->hi == c->lo)
        ;
      else if (id >= c->hi)
        hi = (guint32) MIN ((guint64) id + 1 + slack, (guint64) G_MAXUINT32);
      else
        lo = id > slack ? id - slack : 0;
      kg_column_reserve (c, lo, hi);
    }
  KgValue *slot = &c->v[id - c->lo];
  if (slot->type == KG_VALUE_NULL)
    c->n_set++;
  else
    *old = kg_value_steal (slot);
  *slot = kg_value_steal (val);
}

/* --- Equality indexes ------------------------------------------------------------- */

static guint
value_hash_cb (gconstpointer p)
{
  return kg_value_hash (p);
}

static gboolean
value_equal_cb (gconstpointer a, gconstpointer b)
{
  return kg_value_equivalent (a, b);
}

static void
value_free_cb (gpointer p)
{
  kg_value_clear (p);
  g_free (p);
}

static void
idset_insert (GArray *ids, KgNodeId node)
{
  guint lo = 0, hi = ids->len;
  if (hi > 0 && g_array_index (ids, KgNodeId, hi - 1) < node)
    {
      g_array_append_val (ids, node);
      return;
    }
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      KgNodeId m = g_array_index (ids, KgNodeId, mid);
      if (m == node)
        return;
      if (m < node)
        lo = mid + 1;
      else
        hi = mid;
    }
  g_array_insert_val (ids, lo, node);
}

static gboolean
idset_remove (GArray *ids, KgNodeId node)
{
  guint lo = 0, hi = ids->len;
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      KgNodeId m = g_array_index (ids, KgNodeId, mid);
      if (m == node)
        {
          g_array_remove_index (ids, mid);
          return TRUE;
        }
      if (m < node)
        lo = mid + 1;
      else
        hi = mid;
    }
  return FALSE;
}

static void
index_add (KgIndex *idx, const KgValue *v, KgNodeId node)
{
  GArray *ids = g_hash_table_lookup (idx->map, v);
  if (ids == NULL)
    {
      KgValue *key = g_new (KgValue, 1);
      kg_value_copy (v, key);
      ids = g_array_new (FALSE, FALSE, sizeof (KgNodeId));
      g_hash_table_insert (idx->map, key, ids);
      kg_index_sorted_drop (idx);
      kg_index_ints_added (idx, key, ids);
    }
  else if (ids->len == 0)
    idx->n_empty--;
  idset_insert (ids, node);
}

static void
index_remove (KgIndex *idx, const KgValue *v, KgNodeId node)
{
  GArray *ids = g_hash_table_lookup (idx->map, v);
  if (ids == NULL)
    return;
  /* An emptied bucket stays, so a lookup iterator never points at freed memory. */
  if (idset_remove (ids, node) && ids->len == 0)
    idx->n_empty++;
}

static gboolean
bucket_is_empty (gpointer key, gpointer value, gpointer user_data)
{
  return ((GArray *) value)->len == 0;
}

/* Between statements: drops the emptied buckets once they are a good share of an index. */
static void
index_purge_all (KgGraph *g)
{
  for (guint i = 0; i < g->indexes->len; i++)
    {
      KgIndex *idx = g_ptr_array_index (g->indexes, i);
      if (idx->n_empty > 64 && idx->n_empty > g_hash_table_size (idx->map) / 4)
        {
          g_hash_table_foreach_remove (idx->map, bucket_is_empty, NULL);
          idx->n_empty = 0;
          kg_index_sorted_drop (idx);
          kg_index_ints_rebuild (idx);
        }
    }
}

static KgIndex *
index_find (const KgGraph *g, KgSymbol label, KgSymbol key)
{
  for (guint i = 0; i < g->indexes->len; i++)
    {
      KgIndex *idx = g_ptr_array_index (g->indexes, i);
      if (idx->label == label && idx->key == key)
        return idx;
    }
  return NULL;
}

static inline gboolean
key_indexed (const KgGraph *g, KgSymbol key)
{
  return key < g->key_n_idx_len && g->key_n_idx[key] > 0;
}

static inline gboolean
node_has_label (const KgGraph *g, KgNodeId node, KgSymbol label)
{
  const KgLabelInfo *li = label_info_get (g, label);
  return li && (node >> 6) < li->n_words && kg_bit_get (li->bits, node);
}

/* Keeps the indexes on @key in step when @node's value changes from @old to @val. */
static void
index_update_prop (KgGraph *g, KgNodeId node, KgSymbol key, const KgValue *old, const KgValue *val)
{
  for (guint i = 0; i < g->indexes->len; i++)
    {
      KgIndex *idx = g_ptr_array_index (g->indexes, i);
      if (idx->key != key || !node_has_label (g, node, idx->label))
        continue;
      if (old && old->type != KG_VALUE_NULL)
        index_remove (idx, old, node);
      if (val && val->type != KG_VALUE_NULL)
        index_add (idx, val, node);
    }
}

static void
index_update_label (KgGraph *g, KgNodeId node, KgSymbol label, gboolean added)
{
  for (guint i = 0; i < g->indexes->len; i++)
    {
      KgIndex *idx = g_ptr_array_index (g->indexes, i);
      if (idx->label != label)
        continue;
      const KgValue *v = column_value (column_get (g, FALSE, idx->key), node);
      if (v == NULL)
        continue;
      if (added)
        index_add (idx, v, node);
      else
        index_remove (idx, v, node);
    }
}

static void
index_drop (KgGraph *g, KgSymbol label, KgSymbol key)
{
  for (guint i = 0; i < g->indexes->len; i++)
    {
      KgIndex *idx = g_ptr_array_index (g->indexes, i);
      if (idx->label == label && idx->key == key)
        {
          g->key_n_idx[key]--;
          g_ptr_array_remove_index (g->indexes, i);
          return;
        }
    }
}

/* --- Nodes ------------------------------------------------------------------------ */

static inline gboolean
node_live (const KgGraph *g, KgNodeId node)
{
  return node < g->node_bound && kg_bit_get (g->node_alive, node);
}

KgNodeId
kg_graph_add_node (KgGraph *g)
{
  g_return_val_if_fail (g != NULL, KG_NONE);
  g_return_val_if_fail (g->node_bound < G_MAXUINT32 - 1, KG_NONE);
  if (g->node_bound == g->node_cap)
    kg_graph_grow_nodes (g, next_cap (g->node_cap, g->node_bound + 1));
  KgNodeId id = g->node_bound++;
  kg_bit_set (g->node_alive, id);
  g->n_nodes++;
  g->version++;
  if (logging (g))
    log_op (g, UNDO_ADD_NODE, id, 0, 0, NULL);
  return id;
}

gboolean
kg_graph_node_exists (const KgGraph *g, KgNodeId node)
{
  g_return_val_if_fail (g != NULL, FALSE);
  return node_live (g, node);
}

guint
kg_graph_n_nodes (const KgGraph *g)
{
  g_return_val_if_fail (g != NULL, 0);
  return g->n_nodes;
}

guint32
kg_graph_node_bound (const KgGraph *g)
{
  g_return_val_if_fail (g != NULL, 0);
  return g->node_bound;
}

static void
label_insert (KgGraph *g, KgNodeId node, KgSymbol label, guint pos)
{
  KgLabelSet *ls = &g->labels[node];
  ls_insert (ls, pos, label);
  KgLabelInfo *li = label_info (g, label);
  if ((node >> 6) >= li->n_words)
    {
      guint32 nw = MAX (words_for (node + 1), MIN (li->n_words * 2, words_for (g->node_cap)));
      bits_grow (&li->bits, li->n_words, nw);
      li->n_words = nw;
    }
  kg_bit_set (li->bits, node);
  li->count++;
  index_update_label (g, node, label, TRUE);
  if (g->fulltext->len > 0)
    kg_graph_ft_node_label (g, node, label, TRUE);
  g->version++;
}

static void
label_remove_at (KgGraph *g, KgNodeId node, guint pos)
{
  KgLabelSet *ls = &g->labels[node];
  KgSymbol label = ls_items (ls)[pos];
  index_update_label (g, node, label, FALSE);
  if (g->fulltext->len > 0)
    kg_graph_ft_node_label (g, node, label, FALSE);
  ls_remove_at (ls, pos);
  KgLabelInfo *li = label_info (g, label);
  kg_bit_clear (li->bits, node);
  li->count--;
  g->version++;
}

gboolean
kg_graph_node_add_label (KgGraph *g, KgNodeId node, KgSymbol label)
{
  g_return_val_if_fail (g != NULL, FALSE);
  g_return_val_if_fail (node_live (g, node), FALSE);
  g_return_val_if_fail (label < g->sym_names[KG_SYM_LABEL]->len, FALSE);
  KgLabelSet *ls = &g->labels[node];
  if (ls_find (ls, label) >= 0)
    return FALSE;
  g_return_val_if_fail (ls->n < G_MAXUINT16, FALSE);
  label_insert (g, node, label, ls->n);
  if (logging (g))
    log_op (g, UNDO_ADD_LABEL, node, label, 0, NULL);
  return TRUE;
}

gboolean
kg_graph_node_remove_label (KgGraph *g, KgNodeId node, KgSymbol label)
{
  g_return_val_if_fail (g != NULL, FALSE);
  if (!node_live (g, node))
    return FALSE;
  int pos = ls_find (&g->labels[node], label);
  if (pos < 0)
    return FALSE;
  label_remove_at (g, node, pos);
  if (logging (g))
    log_op (g, UNDO_REMOVE_LABEL, node, label, pos, NULL);
  return TRUE;
}

gboolean
kg_graph_node_has_label (const KgGraph *g, KgNodeId node, KgSymbol label)
{
  g_return_val_if_fail (g != NULL, FALSE);
  return node_live (g, node) && node_has_label (g, node, label);
}

const guint64 *
kg_graph_label_bits (const KgGraph *g, KgSymbol label, guint32 *n_words)
{
  g_return_val_if_fail (g != NULL && n_words != NULL, NULL);
  const KgLabelInfo *li = label_info_get (g, label);
  *n_words = li != NULL ? li->n_words : 0;
  return li != NULL ? li->bits : NULL;
}

const KgSymbol *
kg_graph_node_labels (const KgGraph *g, KgNodeId node, guint *n_labels)
{
  g_return_val_if_fail (g != NULL && n_labels != NULL, NULL);
  if (!node_live (g, node))
    {
      *n_labels = 0;
      return NULL;
    }
  KgLabelSet *ls = &g->labels[node];
  *n_labels = ls->n;
  return ls_items (ls);
}

guint
kg_graph_label_count (const KgGraph *g, KgSymbol label)
{
  g_return_val_if_fail (g != NULL, 0);
  if (label == KG_NONE)
    return g->n_nodes; /* "any label": every node */
  const KgLabelInfo *li = label_info_get (g, label);
  return li ? li->count : 0;
}

/* Node iteration modes, in KgNodeIter.extra. */
enum
{
  ITER_ALL_NODES,
  ITER_LABEL,
  ITER_IDS,
  ITER_EDGES,
};

void
kg_graph_nodes_init (const KgGraph *g, KgSymbol label, KgNodeIter *iter)
{
  g_return_if_fail (g != NULL && iter != NULL);
  memset (iter, 0, sizeof *iter);
  iter->graph = g;
  iter->pos = 0;
  iter->end = g->node_bound;
  iter->label = label;
  iter->extra = label == KG_NONE ? ITER_ALL_NODES : ITER_LABEL;
}

void
kg_node_iter_restrict (KgNodeIter *iter, guint32 lo, guint32 hi)
{
  g_return_if_fail (iter != NULL && (iter->extra == ITER_ALL_NODES || iter->extra == ITER_LABEL));
  iter->pos = MAX (iter->pos, lo);
  iter->end = MIN (iter->end, hi);
}

void
kg_graph_nodes_init_range (const KgGraph *g, KgSymbol label, KgNodeId lo, KgNodeId hi, KgNodeIter *iter)
{
  kg_graph_nodes_init (g, label, iter);
  iter->pos = lo;
  iter->end = MIN (hi, iter->end);
}

/* Next set bit at or after *pos and below @end; words beyond @n_words read as zero. */
static gboolean
bits_next (const guint64 *bits, guint32 n_words, guint32 *pos, guint32 end)
{
  guint32 p = *pos;
  while (p < end)
    {
      guint32 w = p >> 6;
      if (w >= n_words)
        return FALSE;
      guint64 word = bits[w] >> (p & 63);
      if (word == 0)
        {
          p = (w + 1) << 6;
          continue;
        }
      p += (guint32) __builtin_ctzll (word);
      if (p >= end)
        return FALSE;
      *pos = p;
      return TRUE;
    }
  return FALSE;
}

/* Every set bit of @bits in [*pos, end), at most @max of them, into @out; a word at a
 * time, the loop a batch of a scan spends its time in. */
static guint
bits_fill (const guint64 *bits, guint32 n_words, guint32 *pos, guint32 end, KgNodeId *out, guint max)
{
  guint n = 0;
  guint32 p = *pos;
  while (n < max && p < end)
    {
      guint32 w = p >> 6;
      if (w >= n_words)
        {
          p = end;
          break;
        }
      guint64 word = bits[w] >> (p & 63) << (p & 63);
      guint32 base = w << 6;
      if (end - base < 64)
        word &= (G_GUINT64_CONSTANT (1) << (end - base)) - 1; /* no id at or past end */
      if (word == G_MAXUINT64 && max - n >= 64)
        {
          /* a full word (ids of one label are often dense): no bit to look for */
          for (guint32 i = 0; i < 64; i++)
            out[n + i] = base + i;
          n += 64;
          p = base + 64;
          continue;
        }
      while (word != 0 && n < max)
        {
          guint32 id = base + (guint32) __builtin_ctzll (word);
          out[n++] = id;
          word &= word - 1;
          p = id + 1;
        }
      if (word == 0)
        p = base + 64;
    }
  *pos = MIN (p, end);
  return n;
}

guint
kg_node_iter_next_batch (KgNodeIter *iter, KgNodeId *out, guint max)
{
  g_return_val_if_fail (iter != NULL && out != NULL, 0);
  const KgGraph *g = iter->graph;
  if (g == NULL)
    return 0;
  guint32 end = MIN (iter->end, g->node_bound);
  if (iter->extra == ITER_ALL_NODES)
    return bits_fill (g->node_alive, words_for (g->node_cap), &iter->pos, end, out, max);
  if (iter->extra == ITER_LABEL)
    {
      const KgLabelInfo *li = label_info_get (g, iter->label);
      return li == NULL ? 0 : bits_fill (li->bits, li->n_words, &iter->pos, end, out, max);
    }
  guint n = 0;
  while (n < max && kg_node_iter_next (iter, &out[n]))
    n++;
  return n;
}

gboolean
kg_node_iter_next (KgNodeIter *iter, KgNodeId *node)
{
  g_return_val_if_fail (iter != NULL && node != NULL, FALSE);
  const KgGraph *g = iter->graph;
  if (g == NULL)
    return FALSE;
  switch (iter->extra)
    {
    case ITER_ALL_NODES:
      if (!bits_next (g->node_alive, words_for (g->node_cap), &iter->pos, MIN (iter->end, g->node_bound)))
        break;
      *node = iter->pos++;
      return TRUE;
    case ITER_LABEL:
      {
        const KgLabelInfo *li = label_info_get (g, iter->label);
        if (li == NULL || !bits_next (li->bits, li->n_words, &iter->pos, MIN (iter->end, g->node_bound)))
          break;
        *node = iter->pos++;
        return TRUE;
      }
    case ITER_IDS:
      {
        /* pos = the smallest id still to report, end = a hint where it should be. The
         * bucket may change under the iterator (a SET on the node just returned), so
         * the hint is checked and, if stale, the position found again. */
        const GArray *ids = iter->data;
        if (ids == NULL || ids->len == 0)
          return FALSE;
        const KgNodeId *v = (const KgNodeId *) ids->data;
        guint32 h = iter->end;
        if (!(h < ids->len && v[h] >= iter->pos && (h == 0 || v[h - 1] < iter->pos)))
          {
            guint32 lo = 0, hi = ids->len;
            while (lo < hi)
              {
                guint32 mid = lo + (hi - lo) / 2;
                if (v[mid] < iter->pos)
                  lo = mid + 1;
                else
                  hi = mid;
              }
            h = lo;
          }
        if (h >= ids->len || v[h] >= iter->label)
          {
            iter->data = NULL;
            return FALSE;
          }
        *node = v[h];
        iter->pos = v[h] + 1;
        iter->end = h + 1;
        return TRUE;
      }
    case ITER_EDGES:
      while (iter->pos < iter->end && iter->pos < g->edge_bound)
        {
          guint32 e = iter->pos;
          if (!bits_next (g->edge_alive, words_for (g->edge_cap), &e, MIN (iter->end, g->edge_bound)))
            break;
          iter->pos = e + 1;
          if (iter->label == KG_NONE || g->e_type[e] == iter->label)
            {
              *node = e;
              return TRUE;
            }
        }
      break;
    default:
      break;
    }
  iter->pos = iter->end;
  return FALSE;
}

/* --- Adjacency rows --------------------------------------------------------------- */

static KgTypeInfo *
type_info (KgGraph *g, KgSymbol type)
{
  if (type >= g->types->len)
    g_ptr_array_set_size (g->types, type + 1);
  KgTypeInfo *t = g_ptr_array_index (g->types, type);
  if (t == NULL)
    {
      t = g_new0 (KgTypeInfo, 1);
      g_ptr_array_index (g->types, type) = t;
    }
  return t;
}

static inline const KgTypeInfo *
type_info_get (const KgGraph *g, KgSymbol type)
{
  return type < g->types->len ? g_ptr_array_index (g->types, type) : NULL;
}

static inline guint32
adj_csr_len (const KgAdj *a, KgNodeId node)
{
  if (node < a->lo || node >= a->hi)
    return 0;
  return a->off[node - a->lo + 1] - a->off[node - a->lo];
}

/* Guards the sorting of pending appends into the deltas (adj_flush), which a read may
 * start: a writer has the graph to itself, but a read-only statement later in its
 * transaction may read on several threads. Rare, so one lock serves every graph. */
static GMutex pend_lock;

static void
adj_delta_put (KgAdj *a, KgNodeId node, KgEdgeId edge, KgNodeId other)
{
  if (a->delta == NULL)
    a->delta = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_array_unref);
  GArray *d = g_hash_table_lookup (a->delta, GUINT_TO_POINTER (node));
  if (d == NULL)
    {
      d = g_array_sized_new (FALSE, FALSE, sizeof (guint32), 4);
      g_hash_table_insert (a->delta, GUINT_TO_POINTER (node), d);
    }
  guint32 pair[2] = { edge, other };
  g_array_append_vals (d, pair, 2);
}

/* Sorts the pending appends into the per-node deltas, in the order they were added. */
static void
adj_flush (KgAdj *a)
{
  g_mutex_lock (&pend_lock);
  guint32 n = (guint32) a->n_pend;
  for (guint32 i = 0; i < n; i++)
    adj_delta_put (a, a->pend[3 * i], a->pend[3 * i + 1], a->pend[3 * i + 2]);
  g_atomic_int_set (&a->n_pend, 0); /* publishes the deltas to the readers that see 0 */
  g_mutex_unlock (&pend_lock);
}

static inline GArray *
adj_delta (const KgAdj *a, KgNodeId node)
{
  if (a->n_delta == 0)
    return NULL;
  /* The rows are the writer's own while appends are pending (see pend_lock). */
  if (G_UNLIKELY (g_atomic_int_get (&a->n_pend) > 0))
    adj_flush ((KgAdj *) a);
  if (a->delta == NULL)
    return NULL;
  return g_hash_table_lookup (a->delta, GUINT_TO_POINTER (node));
}

static guint32
adj_degree (const KgAdj *a, KgNodeId node)
{
  guint32 d = adj_csr_len (a, node);
  GArray *delta = adj_delta (a, node);
  if (delta)
    d += delta->len / 2;
  if (a->n_dead > 0)
    d -= hash_count (a->dead, node);
  return d;
}

/* Adds an entry to @node's row. Inside a transaction it is only queued (pend): many
 * appends in a row, as a LOAD CSV makes, then cost no hashing and no small arrays, and
 * the commit's compaction sorts them into the CSR in one pass. */
static void
adj_append (KgGraph *g, KgAdj *a, KgNodeId node, KgEdgeId edge, KgNodeId other)
{
  if (!logging (g))
    adj_delta_put (a, node, edge, other);
  else
    {
      guint32 n = (guint32) a->n_pend;
      if (n == a->pend_cap)
        {
          a->pend_cap = MAX (64, a->pend_cap * 2);
          a->pend = g_renew (guint32, a->pend, (gsize) a->pend_cap * 3);
        }
      a->pend[3 * n] = node;
      a->pend[3 * n + 1] = edge;
      a->pend[3 * n + 2] = other;
      a->n_pend = (gint) n + 1; /* only the writer reads pend while it is not empty */
    }
  a->n_delta++;
}

/* Removes @edge, which must be the last entry of @node's delta (undo of an add). */
static void
adj_pop (KgAdj *a, KgNodeId node, KgEdgeId edge)
{
  if (a->n_pend > 0)
    {
      guint32 n = (guint32) a->n_pend - 1;
      g_assert (a->pend[3 * n] == node && a->pend[3 * n + 1] == edge);
      a->n_pend = (gint) n;
      a->n_delta--;
      return;
    }
  GArray *d = adj_delta (a, node);
  g_assert (d != NULL && d->len >= 2 && g_array_index (d, guint32, d->len - 2) == edge);
  g_array_set_size (d, d->len - 2);
  a->n_delta--;
  if (d->len == 0)
    g_hash_table_remove (a->delta, GUINT_TO_POINTER (node));
}

/* Rebuilds @a's rows from its live CSR entries and deltas, dropping tombstones. */
static void
adj_compact (KgGraph *g, KgAdj *a)
{
  guint32 lo = a->lo, hi = a->hi;
  guint32 n_pend = (guint32) a->n_pend;
  if (a->n_csr == 0)
    lo = G_MAXUINT32, hi = 0;
  for (guint32 i = 0; i < n_pend; i++)
    {
      lo = MIN (lo, a->pend[3 * i]);
      hi = MAX (hi, a->pend[3 * i] + 1);
    }
  if (a->delta)
    {
      GHashTableIter it;
      gpointer k;
      g_hash_table_iter_init (&it, a->delta);
      while (g_hash_table_iter_next (&it, &k, NULL))
        {
          guint32 n = GPOINTER_TO_UINT (k);
          lo = MIN (lo, n);
          hi = MAX (hi, n + 1);
        }
    }
  if (hi <= lo)
    {
      adj_clear (a);
      return;
    }
  guint32 rows = hi - lo;
  guint32 total = a->n_csr + a->n_delta - a->n_dead;
  guint32 *off = g_new (guint32, (gsize) rows + 1);
  guint32 *pairs = g_new (guint32, (gsize) total * 2 + 2);
  /* The pending entries of each row, live ones only, counted first: they go after the
   * row's CSR and delta entries (they are the newest), placed by a counting sort. */
  guint32 *fill = NULL;
  if (n_pend > 0)
    {
      fill = g_new0 (guint32, (gsize) rows + 1);
      for (guint32 i = 0; i < n_pend; i++)
        if (kg_bit_get (g->edge_alive, a->pend[3 * i + 1]))
          fill[a->pend[3 * i] - lo]++;
    }
  guint32 w = 0;
  for (guint32 r = 0; r < rows; r++)
    {
      KgNodeId node = lo + r;
      off[r] = w;
      guint32 n = adj_csr_len (a, node);
      if (n > 0)
        {
          const guint32 *p = a->pairs + 2 * a->off[node - a->lo];
          for (guint32 i = 0; i < n; i++)
            if (kg_bit_get (g->edge_alive, p[2 * i]))
              {
                pairs[2 * w] = p[2 * i];
                pairs[2 * w + 1] = p[2 * i + 1];
                w++;
              }
        }
      GArray *d = a->delta != NULL ? g_hash_table_lookup (a->delta, GUINT_TO_POINTER (node)) : NULL;
      if (d)
        {
          const guint32 *p = (const guint32 *) d->data;
          for (guint32 i = 0; i < d->len / 2; i++)
            if (kg_bit_get (g->edge_alive, p[2 * i]))
              {
                pairs[2 * w] = p[2 * i];
                pairs[2 * w + 1] = p[2 * i + 1];
                w++;
              }
        }
      if (fill != NULL)
        {
          /* from here fill[r] is where the row's next pending entry goes */
          guint32 k = fill[r];
          fill[r] = w;
          w += k;
        }
    }
  off[rows] = w;
  for (guint32 i = 0; i < n_pend; i++)
    if (kg_bit_get (g->edge_alive, a->pend[3 * i + 1]))
      {
        guint32 at = fill[a->pend[3 * i] - lo]++;
        pairs[2 * at] = a->pend[3 * i + 1];
        pairs[2 * at + 1] = a->pend[3 * i + 2];
      }
  g_free (fill);
  g_assert (w == total);
  adj_clear (a);
  a->lo = lo;
  a->hi = hi;
  a->off = off;
  a->pairs = pairs;
  a->n_csr = w;
}

/* Compacts the rows whose deltas and tombstones have grown past a quarter of them (and
 * purges emptied index buckets). Runs
 * only between statements (at transaction begin and commit), never inside add or delete,
 * so iterators opened by a running statement never see rows move. */
static void
adj_maybe_compact_all (KgGraph *g)
{
  if (logging (g) || g->bulk)
    return;
  index_purge_all (g);
  for (guint t = 0; t < g->types->len; t++)
    {
      KgTypeInfo *ti = g_ptr_array_index (g->types, t);
      for (int d = 0; ti && d < 2; d++)
        {
          KgAdj *a = &ti->dir[d];
          guint32 extra = a->n_delta + a->n_dead;
          if (extra > 4096 && extra > a->n_csr / 4)
            adj_compact (g, a);
          else if (a->n_pend > 0)
            adj_flush (a);
        }
    }
}

/* --- Relationships ---------------------------------------------------------------- */

static inline gboolean
edge_live (const KgGraph *g, KgEdgeId e)
{
  return e < g->edge_bound && kg_bit_get (g->edge_alive, e);
}

static inline void
adj_note (KgAdj *a, KgNodeId n)
{
  if (a->seen_hi == 0)
    {
      a->seen_lo = n;
      a->seen_hi = n + 1;
    }
  else if (n < a->seen_lo)
    a->seen_lo = n;
  else if (n >= a->seen_hi)
    a->seen_hi = n + 1;
}

/* Counts @e in degrees, loops and type counts (+1 or -1). In bulk mode degrees are left
 * alone: kg_graph_bulk_end() recounts them from the rows, sequentially. */
static void
edge_account (KgGraph *g, KgEdgeId e, int sign)
{
  KgNodeId s = g->e_src[e], d = g->e_dst[e];
  KgTypeInfo *t = type_info (g, g->e_type[e]);
  if (!g->bulk)
    {
      g->deg_out[s] += sign;
      g->deg_in[d] += sign;
    }
  t->count += sign;
  g->n_edges += sign;
  if (sign > 0)
    {
      adj_note (&t->dir[0], s);
      adj_note (&t->dir[1], d);
    }
  if (G_UNLIKELY (s == d))
    {
      hash_add (&t->loops, s, sign);
      hash_add (&g->loops_all, s, sign);
    }
}

KgEdgeId
kg_graph_add_edge (KgGraph *g, KgNodeId src, KgNodeId dst, KgSymbol type)
{
  g_return_val_if_fail (g != NULL, KG_NONE);
  g_return_val_if_fail (node_live (g, src) && node_live (g, dst), KG_NONE);
  g_return_val_if_fail (type < g->sym_names[KG_SYM_TYPE]->len, KG_NONE);
  g_return_val_if_fail (g->edge_bound < G_MAXUINT32 - 1, KG_NONE);
  if (g->edge_bound == g->edge_cap)
    kg_graph_grow_edges (g, next_cap (g->edge_cap, g->edge_bound + 1));
  KgEdgeId e = g->edge_bound++;
  g->e_src[e] = src;
  g->e_dst[e] = dst;
  g->e_type[e] = type;
  kg_bit_set (g->edge_alive, e);
  edge_account (g, e, +1);
  if (!g->bulk)
    {
      KgTypeInfo *t = type_info (g, type);
      adj_append (g, &t->dir[0], src, e, dst);
      adj_append (g, &t->dir[1], dst, e, src);
    }
  g->version++;
  if (logging (g))
    log_op (g, UNDO_ADD_EDGE, e, 0, 0, NULL);
  return e;
}

/* One run of kg_graph_add_edge_runs(): copied into the edge arrays at @first, on its
 * own thread; what the run saw is summed up after all are done. */
typedef struct
{
  KgGraph *g;
  KgSymbol type;
  const KgNodeId *pairs;
  guint32 n, first;
  KgNodeId src_lo, src_hi, dst_lo, dst_hi; /* the ids seen (hi exclusive; lo = hi = 0: none) */
  GArray *loops;                           /* (element-type KgNodeId) nodes of self loops */
  gboolean bad;                            /* a node that is not live */
} EdgeRun;

/* Writes only its own edges' slots of e_src, e_dst and e_type (not the shared bitmap,
 * whose words the runs would share), and reads the node bitmap. */
static gpointer
edge_run_copy (gpointer data)
{
  EdgeRun *run = data;
  KgGraph *g = run->g;
  guint32 *es = g->e_src + run->first, *ed = g->e_dst + run->first, *et = g->e_type + run->first;
  KgNodeId slo = G_MAXUINT32, shi = 0, dlo = G_MAXUINT32, dhi = 0;
  for (guint32 i = 0; i < run->n; i++)
    {
      KgNodeId s = run->pairs[2 * i], d = run->pairs[2 * i + 1];
      if (G_UNLIKELY (!node_live (g, s) || !node_live (g, d)))
        {
          run->bad = TRUE;
          return NULL;
        }
      es[i] = s;
      ed[i] = d;
      et[i] = run->type;
      slo = MIN (slo, s);
      shi = MAX (shi, s + 1);
      dlo = MIN (dlo, d);
      dhi = MAX (dhi, d + 1);
      if (G_UNLIKELY (s == d))
        {
          if (run->loops == NULL)
            run->loops = g_array_new (FALSE, FALSE, sizeof (KgNodeId));
          g_array_append_val (run->loops, s);
        }
    }
  if (run->n > 0)
    {
      run->src_lo = slo;
      run->src_hi = shi;
      run->dst_lo = dlo;
      run->dst_hi = dhi;
    }
  return NULL;
}

/* Below this many relationships a run is copied on the calling thread. */
#define EDGE_RUN_THREAD_MIN (1u << 15)

void
kg_graph_add_edge_runs (KgGraph *g, KgSymbol type, const KgNodeId *const *runs, const guint32 *n_pairs, guint n_runs)
{
  g_return_if_fail (g != NULL && g->bulk && !logging (g));
  g_return_if_fail (type < g->sym_names[KG_SYM_TYPE]->len);
  guint64 total = 0;
  for (guint i = 0; i < n_runs; i++)
    total += n_pairs[i];
  g_return_if_fail ((guint64) g->edge_bound + total < G_MAXUINT32 - 1);
  if (total == 0)
    return;
  if (g->edge_bound + total > g->edge_cap)
    kg_graph_grow_edges (g, next_cap (g->edge_cap, (guint32) (g->edge_bound + total)));
  EdgeRun *rs = g_new0 (EdgeRun, n_runs);
  GThread **threads = g_new0 (GThread *, n_runs);
  guint32 first = g->edge_bound;
  for (guint i = 0; i < n_runs; i++)
    {
      rs[i] = (EdgeRun){ .g = g, .type = type, .pairs = runs[i], .n = n_pairs[i], .first = first };
      first += n_pairs[i];
    }
  for (guint i = 1; i < n_runs; i++)
    if (g->bulk_threads >= 2 && rs[i].n >= EDGE_RUN_THREAD_MIN)
      threads[i] = g_thread_try_new ("kgq-edges", edge_run_copy, &rs[i], NULL);
  edge_run_copy (&rs[0]);
  for (guint i = 1; i < n_runs; i++)
    {
      if (threads[i])
        g_thread_join (threads[i]);
      else
        edge_run_copy (&rs[i]);
    }
  gboolean bad = FALSE;
  for (guint i = 0; i < n_runs; i++)
    bad = bad || rs[i].bad;
  KgTypeInfo *t = bad ? NULL : type_info (g, type);
  for (guint i = 0; i < n_runs; i++)
    {
      EdgeRun *run = &rs[i];
      if (t != NULL && run->n > 0)
        {
          adj_note (&t->dir[0], run->src_lo);
          adj_note (&t->dir[0], run->src_hi - 1);
          adj_note (&t->dir[1], run->dst_lo);
          adj_note (&t->dir[1], run->dst_hi - 1);
          for (guint j = 0; run->loops && j < run->loops->len; j++)
            {
              KgNodeId n = g_array_index (run->loops, KgNodeId, j);
              hash_add (&t->loops, n, +1);
              hash_add (&g->loops_all, n, +1);
            }
        }
      if (run->loops)
        g_array_free (run->loops, TRUE);
    }
  g_free (rs);
  g_free (threads);
  if (bad)
    {
      g_critical ("kg_graph_add_edge_runs: a relationship names a node that does not exist; none added");
      return;
    }
  for (guint32 e = g->edge_bound; e < g->edge_bound + total; e++)
    kg_bit_set (g->edge_alive, e);
  g->edge_bound += (guint32) total;
  t->count += total;
  g->n_edges += total;
  g->version++;
}

void
kg_graph_add_edges (KgGraph *g, KgSymbol type, const KgNodeId *pairs, guint32 n_pairs)
{
  kg_graph_add_edge_runs (g, type, &pairs, &n_pairs, 1);
}

/* Tombstones or revives @e in its rows (not in bulk mode, where rows are rebuilt). */
static void
edge_set_dead (KgGraph *g, KgEdgeId e, gboolean dead)
{
  KgTypeInfo *t = type_info (g, g->e_type[e]);
  int sign = dead ? +1 : -1;
  if (!g->bulk)
    {
      hash_add (&t->dir[0].dead, g->e_src[e], sign);
      t->dir[0].n_dead += sign;
      hash_add (&t->dir[1].dead, g->e_dst[e], sign);
      t->dir[1].n_dead += sign;
    }
  if (dead)
    kg_bit_clear (g->edge_alive, e);
  else
    kg_bit_set (g->edge_alive, e);
  edge_account (g, e, -sign);
  g->version++;
}

static void edge_props_clear (KgGraph *g, KgEdgeId e);

gboolean
kg_graph_delete_edge (KgGraph *g, KgEdgeId e)
{
  g_return_val_if_fail (g != NULL, FALSE);
  if (!edge_live (g, e))
    return FALSE;
  edge_props_clear (g, e);
  edge_set_dead (g, e, TRUE);
  if (logging (g))
    log_op (g, UNDO_DELETE_EDGE, e, 0, 0, NULL);
  return TRUE;
}

gboolean
kg_graph_edge_exists (const KgGraph *g, KgEdgeId e)
{
  g_return_val_if_fail (g != NULL, FALSE);
  return edge_live (g, e);
}

guint
kg_graph_n_edges (const KgGraph *g)
{
  g_return_val_if_fail (g != NULL, 0);
  return g->n_edges;
}

guint32
kg_graph_edge_bound (const KgGraph *g)
{
  g_return_val_if_fail (g != NULL, 0);
  return g->edge_bound;
}

/* Endpoints and types stay readable on tombstones, so deleted relationships still print. */
KgNodeId
kg_graph_edge_src (const KgGraph *g, KgEdgeId e)
{
  g_return_val_if_fail (g != NULL, KG_NONE);
  return e < g->edge_bound ? g->e_src[e] : KG_NONE;
}

KgNodeId
kg_graph_edge_dst (const KgGraph *g, KgEdgeId e)
{
  g_return_val_if_fail (g != NULL, KG_NONE);
  return e < g->edge_bound ? g->e_dst[e] : KG_NONE;
}

KgSymbol
kg_graph_edge_type (const KgGraph *g, KgEdgeId e)
{
  g_return_val_if_fail (g != NULL, KG_NONE);
  return e < g->edge_bound ? g->e_type[e] : KG_NONE;
}

guint
kg_graph_type_count (const KgGraph *g, KgSymbol type)
{
  g_return_val_if_fail (g != NULL, 0);
  if (type == KG_NONE)
    return g->n_edges; /* "any type" */
  const KgTypeInfo *t = type_info_get (g, type);
  return t ? t->count : 0;
}

void
kg_graph_edges_init (const KgGraph *g, KgSymbol type, KgEdgeIter *iter)
{
  g_return_if_fail (g != NULL && iter != NULL);
  memset (iter, 0, sizeof *iter);
  iter->graph = g;
  iter->end = g->edge_bound;
  iter->label = type;
  iter->extra = ITER_EDGES;
  if (type != KG_NONE && kg_graph_type_count (g, type) == 0)
    iter->end = 0;
}

gboolean
kg_edge_iter_next (KgEdgeIter *iter, KgEdgeId *edge)
{
  return kg_node_iter_next (iter, edge);
}

/* --- Adjacency -------------------------------------------------------------------- */

guint
kg_graph_degree (const KgGraph *g, KgNodeId node, KgDirection dir, KgSymbol type)
{
  g_return_val_if_fail (g != NULL, 0);
  if (!node_live (g, node))
    return 0;
  if (type == KG_NONE)
    {
      guint d = 0;
      if (dir & KG_DIR_OUT)
        d += g->deg_out[node];
      if (dir & KG_DIR_IN)
        d += g->deg_in[node];
      if (dir == KG_DIR_BOTH)
        d -= hash_count (g->loops_all, node);
      return d;
    }
  const KgTypeInfo *t = type_info_get (g, type);
  if (t == NULL)
    return 0;
  g_return_val_if_fail (!g->bulk, 0);
  guint d = 0;
  if (dir & KG_DIR_OUT)
    d += adj_degree (&t->dir[0], node);
  if (dir & KG_DIR_IN)
    d += adj_degree (&t->dir[1], node);
  if (dir == KG_DIR_BOTH)
    d -= hash_count (t->loops, node);
  return d;
}

/*
 * KgAdjIter state: phase = 2 * direction index + part (0 CSR, 1 delta), 0xff before the
 * first row; tpos = the type being read; [pos, end) = entries left in the current part;
 * data = the CSR pairs during a CSR part, the delta GArray during a delta part;
 * pad = 1 when tombstones must be skipped;
 * data2 = the edge bound at init: relationships created since are skipped, so a
 * statement that writes while it expands never sees its own new relationships.
 */
#define ADJ_NOT_STARTED 0xff

void
kg_graph_adj_init (const KgGraph *g, KgNodeId node, KgDirection dir, KgSymbol type, KgAdjIter *iter)
{
  g_return_if_fail (g != NULL && iter != NULL);
  g_return_if_fail (!g->bulk);
  memset (iter, 0, sizeof *iter);
  iter->graph = g;
  iter->node = node;
  iter->type = type;
  iter->dir = dir;
  iter->phase = ADJ_NOT_STARTED;
  iter->data2 = GUINT_TO_POINTER (g->edge_bound); /* later relationships are not reported */
  if (!node_live (g, node) || (dir & KG_DIR_BOTH) == 0)
    iter->graph = NULL; /* nothing to report */
}

/* Loads the row part of (type t, direction d, part p); FALSE when it is empty. */
static gboolean
adj_load (KgAdjIter *it, guint t, guint d, guint p)
{
  const KgTypeInfo *ti = type_info_get (it->graph, t);
  it->tpos = t;
  it->phase = 2 * d + p;
  it->pos = it->end = 0;
  it->data = NULL;
  if (ti == NULL)
    return FALSE;
  const KgAdj *a = &ti->dir[d];
  it->pad = a->n_dead > 0;
  if (p == 0)
    {
      if (it->node < a->lo || it->node >= a->hi)
        return FALSE;
      it->pos = a->off[it->node - a->lo];
      it->end = a->off[it->node - a->lo + 1];
      it->data = a->pairs; /* rows move only between statements */
    }
  else
    {
      GArray *delta = adj_delta (a, it->node);
      if (delta == NULL)
        return FALSE;
      it->data = delta;
      it->end = delta->len / 2;
    }
  return it->pos < it->end;
}

static gboolean
adj_advance (KgAdjIter *it)
{
  guint n_types = it->graph->types->len;
  guint t0 = it->type == KG_NONE ? 0 : it->type;
  guint t1 = it->type == KG_NONE ? n_types : MIN ((guint) it->type + 1, n_types);
  guint d, t, p;
  if (it->phase == ADJ_NOT_STARTED)
    {
      d = (it->dir & KG_DIR_OUT) ? 0 : 1;
      t = t0;
      p = 0;
    }
  else
    {
      d = it->phase / 2;
      p = it->phase % 2 + 1;
      t = it->tpos;
    }
  for (;;)
    {
      if (p == 2)
        {
          p = 0;
          t++;
        }
      if (t >= t1)
        {
          if (d == 0 && (it->dir & KG_DIR_IN))
            {
              d = 1;
              t = t0;
            }
          else
            return FALSE;
        }
      if (t < t1 && adj_load (it, t, d, p))
        return TRUE;
      p++;
    }
}

gboolean
kg_adj_iter_next (KgAdjIter *it, KgEdgeId *edge, KgNodeId *other)
{
  g_return_val_if_fail (it != NULL, FALSE);
  if (it->graph == NULL)
    return FALSE;
  const KgGraph *g = it->graph;
  for (;;)
    {
      while (it->pos < it->end)
        {
          /* A CSR part reads the cached row array, a delta part re-reads its GArray's
           * data (appends may move it). */
          const guint32 *pairs = (it->phase & 1) ? (const guint32 *) ((GArray *) it->data)->data : it->data;
          const guint32 *entry = pairs + 2 * (gsize) it->pos++;
          guint32 e = entry[0], o = entry[1];
          if (G_UNLIKELY (it->pad) && !kg_bit_get (g->edge_alive, e))
            continue;
          if ((it->phase & 1) && e >= GPOINTER_TO_UINT (it->data2))
            continue; /* created after the iterator opened (CSR entries never are) */
          if (G_UNLIKELY (it->phase >= 2 && it->dir == KG_DIR_BOTH && o == it->node))
            continue; /* a self loop, already reported as outgoing */
          if (edge)
            *edge = e;
          if (other)
            *other = o;
          return TRUE;
        }
      if (!adj_advance (it))
        {
          it->graph = NULL;
          return FALSE;
        }
    }
}

guint
kg_adj_iter_next_n (KgAdjIter *it, KgEdgeId *edges, KgNodeId *others, guint max)
{
  g_return_val_if_fail (it != NULL, 0);
  guint n = 0;
  while (n < max && it->graph != NULL)
    {
      const KgGraph *g = it->graph;
      const guint32 *pairs = it->pos >= it->end ? NULL
                             : (it->phase & 1)  ? (const guint32 *) ((GArray *) it->data)->data
                                                : it->data;
      if (pairs == NULL)
        ;
      else if (!(it->phase & 1) && !it->pad && !(it->phase >= 2 && it->dir == KG_DIR_BOTH))
        {
          /* a compressed row with nothing to skip: copied as it is */
          guint take = MIN (max - n, it->end - it->pos);
          const guint32 *entry = pairs + 2 * (gsize) it->pos;
          for (guint k = 0; k < take; k++)
            {
              edges[n + k] = entry[2 * k];
              others[n + k] = entry[2 * k + 1];
            }
          it->pos += take;
          n += take;
        }
      else
        while (n < max && it->pos < it->end)
          {
            const guint32 *entry = pairs + 2 * (gsize) it->pos++;
            guint32 e = entry[0], o = entry[1];
            if (G_UNLIKELY (it->pad) && !kg_bit_get (g->edge_alive, e))
              continue;
            if ((it->phase & 1) && e >= GPOINTER_TO_UINT (it->data2))
              continue;
            if (G_UNLIKELY (it->phase >= 2 && it->dir == KG_DIR_BOTH && o == it->node))
              continue;
            edges[n] = e;
            others[n] = o;
            n++;
          }
      if (it->pos >= it->end && !adj_advance (it))
        it->graph = NULL;
    }
  return n;
}

#define MARKED(o) (map ? map[o] : (guint32) ((bits[(o) >> 6] >> ((o) &63)) & 1))

guint64
kg_adj_iter_count_marked (KgAdjIter *it, const guint8 *map, const guint64 *bits)
{
  g_return_val_if_fail (it != NULL && (map != NULL) != (bits != NULL), 0);
  guint64 n = 0;
  while (it->graph != NULL)
    {
      if (it->pos < it->end && !(it->phase & 1) && !it->pad && !(it->phase >= 2 && it->dir == KG_DIR_BOTH))
        {
          /* a compressed row with nothing to skip: one pass over its far ends */
          const guint32 *entry = (const guint32 *) it->data + 2 * (gsize) it->pos;
          guint take = it->end - it->pos;
          guint32 c0 = 0, c1 = 0;
          guint k = 0;
          if (map)
            for (; k + 1 < take; k += 2)
              {
                c0 += map[entry[2 * k + 1]];
                c1 += map[entry[2 * k + 3]];
              }
          else
            for (; k + 1 < take; k += 2)
              {
                guint32 o0 = entry[2 * k + 1], o1 = entry[2 * k + 3];
                c0 += (guint32) ((bits[o0 >> 6] >> (o0 & 63)) & 1);
                c1 += (guint32) ((bits[o1 >> 6] >> (o1 & 63)) & 1);
              }
          if (k < take)
            c0 += MARKED (entry[2 * k + 1]);
          n += (guint64) c0 + c1;
          it->pos = it->end;
        }
      else
        {
          KgNodeId other;
          while (it->pos < it->end)
            {
              if (!kg_adj_iter_next (it, NULL, &other))
                return n;
              n += MARKED (other);
            }
        }
      if (it->pos >= it->end && it->graph != NULL && !adj_advance (it))
        it->graph = NULL;
    }
  return n;
}

#undef MARKED

void
kg_graph_adj_prefetch (const KgGraph *g, KgNodeId node, KgDirection dir, KgSymbol type, gboolean entries)
{
  if (dir != KG_DIR_OUT && dir != KG_DIR_IN)
    return;
  const KgTypeInfo *ti = type == KG_NONE ? NULL : type_info_get (g, type);
  if (ti == NULL)
    return;
  const KgAdj *a = &ti->dir[dir == KG_DIR_OUT ? 0 : 1];
  if (node < a->lo || node >= a->hi || a->off == NULL)
    return;
  if (!entries)
    __builtin_prefetch (&a->off[node - a->lo]);
  else
    {
      guint32 o = a->off[node - a->lo];
      if (o < a->n_csr)
        __builtin_prefetch (&a->pairs[2 * (gsize) o]);
    }
}

void
kg_graph_degrees (const KgGraph *g, KgNodeId first, guint n, KgDirection dir, KgSymbol type, guint32 *out)
{
  g_return_if_fail (g != NULL && out != NULL && (dir == KG_DIR_OUT || dir == KG_DIR_IN));
  memset (out, 0, n * sizeof (guint32));
  const KgTypeInfo *t = type == KG_NONE ? NULL : type_info_get (g, type);
  if (t == NULL || g->bulk)
    {
      for (guint i = 0; type == KG_NONE && i < n; i++)
        out[i] = kg_graph_degree (g, first + i, dir, KG_NONE);
      return;
    }
  const KgAdj *a = &t->dir[dir == KG_DIR_OUT ? 0 : 1];
  gboolean exact = a->n_delta == 0 && a->n_dead == 0;
  if (exact)
    {
      /* the compressed rows alone (no single write added to them or deleted from them):
       * the nodes that have a row, a tight loop over its offsets */
      guint32 lo = MAX (first, a->lo), hi = MIN ((guint64) first + n, (guint64) MIN (a->hi, g->node_bound));
      const guint32 *off = a->off;
      for (guint32 node = lo; node < hi; node++)
        out[node - first] = kg_bit_get (g->node_alive, node) ? off[node - a->lo + 1] - off[node - a->lo] : 0;
      return;
    }
  for (guint i = 0; i < n; i++)
    {
      KgNodeId node = first + i;
      if (node_live (g, node))
        out[i] = adj_degree (a, node);
    }
}

guint
kg_graph_n_self_loop_nodes (const KgGraph *g, KgSymbol type)
{
  g_return_val_if_fail (g != NULL, 0);
  if (type == KG_NONE)
    return g->loops_all ? g_hash_table_size (g->loops_all) : 0;
  const KgTypeInfo *t = type_info_get (g, type);
  return t && t->loops ? g_hash_table_size (t->loops) : 0;
}

gboolean
kg_adj_iter_peek (const KgAdjIter *it, guint ahead, KgNodeId *other)
{
  if (it->graph == NULL || it->phase == ADJ_NOT_STARTED)
    return FALSE;
  guint64 pos = (guint64) it->pos + ahead;
  if (pos >= it->end)
    return FALSE;
  const guint32 *pairs = (it->phase & 1) ? (const guint32 *) ((GArray *) it->data)->data : it->data;
  *other = pairs[2 * pos + 1];
  return TRUE;
}

/* --- Bulk loading ----------------------------------------------------------------- */

void
kg_graph_bulk_begin (KgGraph *g)
{
  g_return_if_fail (g != NULL);
  g_return_if_fail (!logging (g));
  g->bulk = TRUE;
}

/* Building every type's rows in one direction @d (0: outgoing, keyed by source; 1:
 * incoming) from the edge arrays is a counting sort in three steps: count the row
 * lengths, fill the rows, recount the per-node degrees from the row lengths. Rows cover
 * the node range each type has seen and list relationships in id order. A step reads
 * the edge arrays and writes only direction @d's rows and degree array; the fill of one
 * direction splits further by node id (a part writes only the rows of its nodes), so
 * the steps' pieces may run on several threads at once. */
/* How many relationships ahead the fill fetches the slot it will write, and (twice as
 * far) the row cursor that says where that slot is; the count fetches the counter. */
#define REBUILD_AHEAD 24

static void
rows_count (KgGraph *g, int d)
{
  guint n_types = g->types->len;
  const guint32 *key = d == 0 ? g->e_src : g->e_dst, *typ = g->e_type;
  const guint64 *alive = g->edge_alive;
  guint32 bound = g->edge_bound;
  gboolean all_alive = g->n_edges == bound;
  KgTypeInfo **types = (KgTypeInfo **) g->types->pdata;

  for (guint t = 0; t < n_types; t++)
    {
      KgTypeInfo *ti = types[t];
      if (ti == NULL)
        continue;
      KgAdj *a = &ti->dir[d];
      adj_clear (a);
      if (ti->count == 0 || a->seen_hi <= a->seen_lo)
        continue;
      a->lo = a->seen_lo;
      a->hi = a->seen_hi;
      a->off = g_new0 (guint32, (gsize) (a->hi - a->lo) + 2);
      big_array_advise (a->off, ((gsize) (a->hi - a->lo) + 2) * sizeof (guint32));
    }
  /* Row lengths, counted one slot ahead (the counter of a relationship a few ahead
   * fetched early). */
  for (guint32 e = 0; e < bound; e++)
    {
      if (G_LIKELY (e + REBUILD_AHEAD < bound))
        {
          guint32 f = e + REBUILD_AHEAD;
          const KgAdj *fa = &types[typ[f]]->dir[d];
          if (fa->off != NULL && key[f] - fa->lo < fa->hi - fa->lo)
            __builtin_prefetch (&fa->off[key[f] - fa->lo + 2], 1, 1);
        }
      if (!all_alive && !kg_bit_get (alive, e))
        continue;
      KgAdj *a = &types[typ[e]]->dir[d];
      a->off[key[e] - a->lo + 2]++;
    }
  for (guint t = 0; t < n_types; t++)
    {
      KgTypeInfo *ti = types[t];
      if (ti == NULL || ti->dir[d].off == NULL)
        continue;
      KgAdj *a = &ti->dir[d];
      guint32 rows = a->hi - a->lo;
      for (guint32 r = 2; r <= rows + 1; r++)
        a->off[r] += a->off[r - 1];
      a->n_csr = a->off[rows + 1];
      a->pairs = g_new (guint32, (gsize) a->n_csr * 2 + 2);
      big_array_advise (a->pairs, ((gsize) a->n_csr * 2 + 2) * sizeof (guint32));
    }
}

/* Fills the rows of the nodes @from .. @to - 1: off[r + 1] is the cursor of row r and
 * ends as its end. Unless the file was sorted by this direction's key, the writes land
 * all over the rows: the slot of the relationship a few ahead is fetched early, so that
 * the misses overlap. */
static void
rows_fill (KgGraph *g, int d, KgNodeId from, KgNodeId to)
{
  const guint32 *key = d == 0 ? g->e_src : g->e_dst, *nbr = d == 0 ? g->e_dst : g->e_src, *typ = g->e_type;
  const guint64 *alive = g->edge_alive;
  guint32 bound = g->edge_bound;
  gboolean all_alive = g->n_edges == bound;
  KgTypeInfo **types = (KgTypeInfo **) g->types->pdata;

  for (guint32 e = 0; e < bound; e++)
    {
      if (G_LIKELY (e + 2 * REBUILD_AHEAD < bound))
        {
          guint32 f = e + 2 * REBUILD_AHEAD;
          const KgAdj *fa = &types[typ[f]]->dir[d];
          guint32 row = key[f] - fa->lo;
          if (key[f] >= from && key[f] < to && fa->off != NULL && row < fa->hi - fa->lo)
            __builtin_prefetch (&fa->off[row + 1], 0, 1);
        }
      if (G_LIKELY (e + REBUILD_AHEAD < bound))
        {
          guint32 f = e + REBUILD_AHEAD;
          const KgAdj *fa = &types[typ[f]]->dir[d];
          guint32 row = key[f] - fa->lo;
          if (key[f] >= from && key[f] < to && fa->off != NULL && row < fa->hi - fa->lo)
            __builtin_prefetch (&fa->pairs[2 * (gsize) fa->off[row + 1]], 1, 1);
        }
      if (key[e] < from || key[e] >= to || (!all_alive && !kg_bit_get (alive, e)))
        continue;
      KgAdj *a = &types[typ[e]]->dir[d];
      guint32 p = a->off[key[e] - a->lo + 1]++;
      a->pairs[2 * p] = e;
      a->pairs[2 * p + 1] = nbr[e];
    }
}

/* Degrees over all types, from the row lengths. */
static void
rows_degrees (KgGraph *g, int d)
{
  KgTypeInfo **types = (KgTypeInfo **) g->types->pdata;
  guint32 *deg = d == 0 ? g->deg_out : g->deg_in;
  memset (deg, 0, (gsize) g->node_bound * sizeof (guint32));
  for (guint t = 0; t < g->types->len; t++)
    {
      KgTypeInfo *ti = types[t];
      if (ti == NULL)
        continue;
      KgAdj *a = &ti->dir[d];
      for (guint32 r = 0; a->off && r < a->hi - a->lo; r++)
        deg[a->lo + r] += a->off[r + 1] - a->off[r];
    }
}

/* One step of a rebuild, its pieces handed out to the threads by a counter. */
typedef struct
{
  KgGraph *g;
  int step;     /* 0: count, 1: fill, 2: degrees */
  guint parts;  /* fill: parts of each direction's node range */
  guint pieces; /* 2, or 2 * parts for the fill */
  gint next;    /* atomic: the next piece to take */
} RebuildStep;

static gpointer
rebuild_worker (gpointer data)
{
  RebuildStep *st = data;
  for (;;)
    {
      guint i = (guint) g_atomic_int_add (&st->next, 1);
      if (i >= st->pieces)
        return NULL;
      if (st->step == 0)
        rows_count (st->g, (int) i);
      else if (st->step == 2)
        rows_degrees (st->g, (int) i);
      else
        {
          guint64 nb = st->g->node_bound, part = i % st->parts;
          rows_fill (st->g, (int) (i / st->parts), (KgNodeId) (nb * part / st->parts),
                     (KgNodeId) (nb * (part + 1) / st->parts));
        }
    }
}

/* Below this many relationships a second thread costs more than it saves. */
#define REBUILD_THREAD_MIN (1u << 16)

void
kg_graph_rebuild_adjacency (KgGraph *g)
{
  guint threads = g->edge_bound >= REBUILD_THREAD_MIN ? MIN (MAX (g->bulk_threads, 1u), 16u) : 1;
  for (int step = 0; step < 3; step++)
    {
      RebuildStep st = { .g = g, .step = step, .parts = threads, .pieces = step == 1 ? 2 * threads : 2 };
      GThread *others[16] = { NULL };
      guint n = MIN (threads, st.pieces);
      for (guint i = 1; i < n; i++)
        others[i] = g_thread_try_new ("kgq-rows", rebuild_worker, &st, NULL);
      rebuild_worker (&st);
      for (guint i = 1; i < n; i++)
        if (others[i])
          g_thread_join (others[i]);
    }
}

void
kg_graph_bulk_set_threads (KgGraph *g, guint n)
{
  g_return_if_fail (g != NULL);
  g->bulk_threads = n;
}

/* After snapshot.c filled the edge arrays: recount degrees, loops and type counts, and
 * build the rows. */
void
kg_graph_restore_edges (KgGraph *g)
{
  g->n_edges = 0;
  gboolean bulk = g->bulk;
  g->bulk = TRUE; /* degrees come from the rows */
  for (guint32 e = 0; e < g->edge_bound; e++)
    if (kg_bit_get (g->edge_alive, e))
      edge_account (g, e, +1);
  g->bulk = bulk;
  kg_graph_rebuild_adjacency (g);
  g->version++;
}

void
kg_graph_bulk_end (KgGraph *g)
{
  g_return_if_fail (g != NULL);
  g->bulk = FALSE;
  kg_graph_rebuild_adjacency (g);
  g->version++;
  kg_graph_stats_refresh (g);
}

/* --- Properties ------------------------------------------------------------------- */

/* Stores *@val (stolen) as @node's @key, keeping indexes and the undo log in step. */
static void
node_prop_put (KgGraph *g, KgNodeId node, KgSymbol key, KgValue *val)
{
  KgColumn *c = kg_graph_column (g, FALSE, key);
  KgValue old;
  gboolean indexed = key_indexed (g, key);
  if (indexed)
    {
      const KgValue *cur = column_value (c, node);
      index_update_prop (g, node, key, cur, val);
    }
  column_put (c, node, val, &old);
  if (g->fulltext->len > 0)
    kg_graph_ft_node_prop (g, node, key, &old, column_value (c, node));
  g->version++;
  if (logging (g))
    log_op (g, UNDO_NODE_PROP, node, key, 0, &old);
  else
    kg_value_clear (&old);
}

static void
edge_prop_put (KgGraph *g, KgEdgeId e, KgSymbol key, KgValue *val)
{
  KgColumn *c = kg_graph_column (g, TRUE, key);
  KgValue old;
  column_put (c, e, val, &old);
  if (g->fulltext->len > 0)
    kg_graph_ft_edge_prop (g, e, key, &old, column_value (c, e));
  g->version++;
  if (logging (g))
    log_op (g, UNDO_EDGE_PROP, e, key, 0, &old);
  else
    kg_value_clear (&old);
}

void
kg_graph_node_prefetch (const KgGraph *g, KgNodeId node, const KgSymbol *keys, guint n_keys)
{
  for (guint i = 0; i < n_keys; i++)
    {
      const KgColumn *c = keys[i] == KG_NONE ? NULL : column_get (g, FALSE, keys[i]);
      if (c != NULL && node >= c->lo && node < c->hi)
        __builtin_prefetch (&c->v[node - c->lo]);
    }
}

const KgValue *
kg_graph_node_prop (const KgGraph *g, KgNodeId node, KgSymbol key)
{
  g_return_val_if_fail (g != NULL, NULL);
  return column_value (column_get (g, FALSE, key), node);
}

const KgValue *
kg_graph_prop_column (const KgGraph *g, gboolean edges, KgSymbol key, guint32 *lo, guint32 *hi)
{
  g_return_val_if_fail (g != NULL && lo != NULL && hi != NULL, NULL);
  const KgColumn *c = key == KG_NONE ? NULL : column_get (g, edges, key);
  if (c == NULL || c->hi == c->lo)
    {
      *lo = *hi = 0;
      return NULL;
    }
  *lo = c->lo;
  *hi = c->hi;
  return c->v;
}

void
kg_graph_node_set_prop (KgGraph *g, KgNodeId node, KgSymbol key, const KgValue *value)
{
  g_return_if_fail (g != NULL);
  g_return_if_fail (node_live (g, node));
  g_return_if_fail (key < g->sym_names[KG_SYM_KEY]->len);
  KgValue v = KG_VALUE_INIT;
  if (value == NULL || value->type == KG_VALUE_NULL)
    {
      if (kg_graph_node_prop (g, node, key) == NULL)
        return;
    }
  else
    kg_value_copy (value, &v);
  node_prop_put (g, node, key, &v);
}

static guint
props_count (const KgGraph *g, gboolean edges, guint32 id)
{
  GPtrArray *cols = edges ? g->edge_cols : g->node_cols;
  guint n = 0;
  for (guint k = 0; k < cols->len; k++)
    if (column_value (g_ptr_array_index (cols, k), id))
      n++;
  return n;
}

static const KgValue *
props_at (const KgGraph *g, gboolean edges, guint32 id, guint index, KgSymbol *key)
{
  GPtrArray *cols = edges ? g->edge_cols : g->node_cols;
  for (guint k = 0; k < cols->len; k++)
    {
      const KgValue *v = column_value (g_ptr_array_index (cols, k), id);
      if (v && index-- == 0)
        {
          if (key)
            *key = k;
          return v;
        }
    }
  if (key)
    *key = KG_NONE;
  return NULL;
}

void
kg_graph_node_clear_props (KgGraph *g, KgNodeId node)
{
  g_return_if_fail (g != NULL);
  if (!node_live (g, node))
    return;
  for (guint k = 0; k < g->node_cols->len; k++)
    if (column_value (g_ptr_array_index (g->node_cols, k), node))
      {
        KgValue v = KG_VALUE_INIT;
        node_prop_put (g, node, k, &v);
      }
}

guint
kg_graph_node_n_props (const KgGraph *g, KgNodeId node)
{
  g_return_val_if_fail (g != NULL, 0);
  return props_count (g, FALSE, node);
}

const KgValue *
kg_graph_node_prop_at (const KgGraph *g, KgNodeId node, guint index, KgSymbol *key)
{
  g_return_val_if_fail (g != NULL, NULL);
  return props_at (g, FALSE, node, index, key);
}

const KgValue *
kg_graph_edge_prop (const KgGraph *g, KgEdgeId e, KgSymbol key)
{
  g_return_val_if_fail (g != NULL, NULL);
  return column_value (column_get (g, TRUE, key), e);
}

void
kg_graph_edge_set_prop (KgGraph *g, KgEdgeId e, KgSymbol key, const KgValue *value)
{
  g_return_if_fail (g != NULL);
  g_return_if_fail (edge_live (g, e));
  g_return_if_fail (key < g->sym_names[KG_SYM_KEY]->len);
  KgValue v = KG_VALUE_INIT;
  if (value == NULL || value->type == KG_VALUE_NULL)
    {
      if (kg_graph_edge_prop (g, e, key) == NULL)
        return;
    }
  else
    kg_value_copy (value, &v);
  edge_prop_put (g, e, key, &v);
}

static void
edge_props_clear (KgGraph *g, KgEdgeId e)
{
  for (guint k = 0; k < g->edge_cols->len; k++)
    if (column_value (g_ptr_array_index (g->edge_cols, k), e))
      {
        KgValue v = KG_VALUE_INIT;
        edge_prop_put (g, e, k, &v);
      }
}

void
kg_graph_edge_clear_props (KgGraph *g, KgEdgeId e)
{
  g_return_if_fail (g != NULL);
  if (edge_live (g, e))
    edge_props_clear (g, e);
}

guint
kg_graph_edge_n_props (const KgGraph *g, KgEdgeId e)
{
  g_return_val_if_fail (g != NULL, 0);
  return props_count (g, TRUE, e);
}

const KgValue *
kg_graph_edge_prop_at (const KgGraph *g, KgEdgeId e, guint index, KgSymbol *key)
{
  g_return_val_if_fail (g != NULL, NULL);
  return props_at (g, TRUE, e, index, key);
}

/* --- Node deletion ---------------------------------------------------------------- */

gboolean
kg_graph_delete_node (KgGraph *g, KgNodeId node, gboolean detach, GError **error)
{
  g_return_val_if_fail (g != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!node_live (g, node))
    {
      g_set_error (error, KG_GRAPH_ERROR, KG_GRAPH_ERROR_NOT_FOUND, "node %u does not exist", node);
      return FALSE;
    }
  /* In bulk mode degrees are stale until bulk_end, so scan the edge arrays. */
  g_autoptr (GArray) edges = NULL;
  guint deg;
  if (g->bulk)
    {
      edges = g_array_new (FALSE, FALSE, sizeof (KgEdgeId));
      for (KgEdgeId e = 0; e < g->edge_bound; e++)
        if (edge_live (g, e) && (g->e_src[e] == node || g->e_dst[e] == node))
          g_array_append_val (edges, e);
      deg = edges->len;
    }
  else
    deg = g->deg_out[node] + g->deg_in[node];
  if (deg > 0 && !detach)
    {
      g_set_error (error, KG_GRAPH_ERROR, KG_GRAPH_ERROR_HAS_RELATIONSHIPS,
                   "cannot delete node %u because it still has relationships; use DETACH DELETE", node);
      return FALSE;
    }
  if (deg > 0)
    {
      if (edges == NULL)
        {
          KgAdjIter it;
          KgEdgeId e;
          edges = g_array_new (FALSE, FALSE, sizeof (KgEdgeId));
          kg_graph_adj_init (g, node, KG_DIR_BOTH, KG_NONE, &it);
          while (kg_adj_iter_next (&it, &e, NULL))
            g_array_append_val (edges, e);
        }
      for (guint i = 0; i < edges->len; i++)
        kg_graph_delete_edge (g, g_array_index (edges, KgEdgeId, i));
    }
  kg_graph_node_clear_props (g, node);
  KgLabelSet *ls = &g->labels[node];
  while (ls->n > 0)
    {
      guint pos = ls->n - 1;
      KgSymbol label = ls_items (ls)[pos];
      label_remove_at (g, node, pos);
      if (logging (g))
        log_op (g, UNDO_REMOVE_LABEL, node, label, pos, NULL);
    }
  if (ls->cap > 0)
    {
      g_free (ls->u.heap);
      memset (ls, 0, sizeof *ls);
    }
  kg_bit_clear (g->node_alive, node);
  g->n_nodes--;
  g->version++;
  if (logging (g))
    log_op (g, UNDO_DELETE_NODE, node, 0, 0, NULL);
  return TRUE;
}

/* --- Indexes ---------------------------------------------------------------------- */

static void
index_build (KgGraph *g, KgSymbol label, KgSymbol key, const char *name)
{
  KgIndex *idx = g_new0 (KgIndex, 1);
  idx->label = label;
  idx->key = key;
  idx->name = name != NULL ? g_strdup (name)
                           : g_strdup_printf ("index_%s_%s", (const char *) g->sym_names[KG_SYM_LABEL]->pdata[label],
                                              (const char *) g->sym_names[KG_SYM_KEY]->pdata[key]);
  idx->map = g_hash_table_new_full (value_hash_cb, value_equal_cb, value_free_cb, (GDestroyNotify) g_array_unref);
  g_ptr_array_add (g->indexes, idx);
  if (key >= g->key_n_idx_len)
    {
      guint32 n = MAX (key + 1, g->key_n_idx_len * 2);
      g->key_n_idx = g_renew (guint32, g->key_n_idx, n);
      memset (g->key_n_idx + g->key_n_idx_len, 0, (n - g->key_n_idx_len) * sizeof (guint32));
      g->key_n_idx_len = n;
    }
  g->key_n_idx[key]++;
  const KgColumn *c = column_get (g, FALSE, key);
  KgNodeIter it;
  KgNodeId n;
  kg_graph_nodes_init (g, label, &it);
  while (kg_node_iter_next (&it, &n))
    {
      const KgValue *v = column_value (c, n);
      if (v)
        index_add (idx, v, n);
    }
}

void
kg_graph_create_index (KgGraph *g, KgSymbol label, KgSymbol key)
{
  kg_graph_create_named_index (g, label, key, NULL);
}

void
kg_graph_create_named_index (KgGraph *g, KgSymbol label, KgSymbol key, const char *name)
{
  g_return_if_fail (g != NULL);
  g_return_if_fail (label < g->sym_names[KG_SYM_LABEL]->len);
  g_return_if_fail (key < g->sym_names[KG_SYM_KEY]->len);
  if (index_find (g, label, key))
    return;
  index_build (g, label, key, name);
  g->version++;
  if (logging (g))
    log_op (g, UNDO_CREATE_INDEX, label, key, 0, NULL);
}

gboolean
kg_graph_drop_index (KgGraph *g, KgSymbol label, KgSymbol key)
{
  g_return_val_if_fail (g != NULL, FALSE);
  KgIndex *idx = index_find (g, label, key);
  if (!idx)
    return FALSE;
  KgValue name = kg_value_string (idx->name);
  index_drop (g, label, key);
  g->version++;
  if (logging (g))
    log_op (g, UNDO_DROP_INDEX, label, key, 0, &name);
  kg_value_clear (&name);
  return TRUE;
}

guint
kg_graph_n_indexes (const KgGraph *g)
{
  g_return_val_if_fail (g != NULL, 0);
  return g->indexes->len;
}

void
kg_graph_index_at (const KgGraph *g, guint index, KgSymbol *label, KgSymbol *key)
{
  g_return_if_fail (g != NULL && index < g->indexes->len);
  const KgIndex *idx = g_ptr_array_index (g->indexes, index);
  if (label)
    *label = idx->label;
  if (key)
    *key = idx->key;
}

const char *
kg_graph_index_name (const KgGraph *g, guint index)
{
  g_return_val_if_fail (g != NULL && index < g->indexes->len, NULL);
  return ((const KgIndex *) g_ptr_array_index (g->indexes, index))->name;
}

gboolean
kg_graph_has_index (const KgGraph *g, KgSymbol label, KgSymbol key)
{
  g_return_val_if_fail (g != NULL, FALSE);
  return index_find (g, label, key) != NULL;
}

void
kg_graph_index_lookup_init (const KgGraph *g, KgSymbol label, KgSymbol key, const KgValue *value, KgNodeIter *iter)
{
  g_return_if_fail (g != NULL && iter != NULL);
  memset (iter, 0, sizeof *iter);
  iter->graph = g;
  iter->extra = ITER_IDS;
  iter->label = g->node_bound; /* nodes created later are not reported */
  KgIndex *idx = index_find (g, label, key);
  g_return_if_fail (idx != NULL);
  if (value == NULL || value->type == KG_VALUE_NULL)
    return;
  const GArray *found;
  if (value->type == KG_VALUE_INT && kg_index_ints_find (idx, value->u.i, &found))
    {
      iter->data = found;
      iter->data2 = idx;
      return;
    }
  gpointer stored = NULL, ids = NULL;
  if (!g_hash_table_lookup_extended (idx->map, value, &stored, &ids))
    return;
  if (kg_value_equals (value, stored) != KG_TRI_TRUE)
    return;
  iter->data = ids;
  iter->data2 = idx;
  iter->pos = 0;
  iter->end = 0;
}

const KgNodeId *
kg_graph_index_ids_int (const KgGraph *g, KgSymbol label, KgSymbol key, gint64 value, guint *n)
{
  static const KgNodeId none[1] = { 0 };
  *n = 0;
  g_return_val_if_fail (g != NULL, NULL);
  KgIndex *idx = index_find (g, label, key);
  g_return_val_if_fail (idx != NULL, NULL);
  const GArray *found;
  if (!kg_index_ints_find (idx, value, &found))
    return NULL;
  if (found == NULL)
    return none;
  *n = found->len;
  return (const KgNodeId *) found->data;
}

/* --- Full-text indexes ------------------------------------------------------------ */

gboolean
kg_graph_create_fulltext (KgGraph *g, const char *name, gboolean relationships, const KgSymbol *tokens, guint n_tokens, const KgSymbol *keys, guint n_keys, const char *language, GError **error)
{
  g_return_val_if_fail (g != NULL && name != NULL && language != NULL, FALSE);
  g_return_val_if_fail (n_tokens > 0 && n_keys > 0 && n_keys <= G_MAXUINT16, FALSE);
  g_return_val_if_fail (kg_graph_ft_find (g, name) < 0, FALSE);
  KgSymbolKind kind = relationships ? KG_SYM_TYPE : KG_SYM_LABEL;
  for (guint i = 0; i < n_tokens; i++)
    g_return_val_if_fail (tokens[i] < g->sym_names[kind]->len, FALSE);
  for (guint i = 0; i < n_keys; i++)
    g_return_val_if_fail (keys[i] < g->sym_names[KG_SYM_KEY]->len, FALSE);
  if (kg_graph_ft_build (g, name, relationships, tokens, n_tokens, keys, n_keys, language, error) == NULL)
    return FALSE;
  g->version++;
  if (logging (g))
    {
      KgValue v = kg_value_string (name);
      log_op (g, UNDO_CREATE_FULLTEXT, 0, 0, 0, &v);
    }
  return TRUE;
}

gboolean
kg_graph_ft_create_definition (KgGraph *g, const KgValue *def, GError **error)
{
  KgFulltext *ft = kg_graph_ft_build_from (g, def, error);
  if (ft == NULL)
    return FALSE;
  g->version++;
  if (logging (g))
    {
      KgValue v = kg_value_string (ft->name);
      log_op (g, UNDO_CREATE_FULLTEXT, 0, 0, 0, &v);
    }
  return TRUE;
}

gboolean
kg_graph_drop_fulltext (KgGraph *g, const char *name)
{
  g_return_val_if_fail (g != NULL && name != NULL, FALSE);
  int at = kg_graph_ft_find (g, name);
  if (at < 0)
    return FALSE;
  KgValue def = kg_graph_ft_definition (g, g_ptr_array_index (g->fulltext, at));
  g_ptr_array_remove_index (g->fulltext, at);
  g->version++;
  if (logging (g))
    log_op (g, UNDO_DROP_FULLTEXT, 0, 0, 0, &def);
  kg_value_clear (&def);
  return TRUE;
}

guint
kg_graph_n_fulltext (const KgGraph *g)
{
  g_return_val_if_fail (g != NULL, 0);
  return g->fulltext->len;
}

void
kg_graph_fulltext_at (const KgGraph *g, guint index, KgFulltextInfo *info)
{
  g_return_if_fail (g != NULL && index < g->fulltext->len && info != NULL);
  const KgFulltext *ft = g_ptr_array_index (g->fulltext, index);
  info->name = ft->name;
  info->relationships = ft->relationships;
  info->tokens = (const KgSymbol *) ft->tokens->data;
  info->n_tokens = ft->tokens->len;
  info->keys = (const KgSymbol *) ft->keys->data;
  info->n_keys = ft->keys->len;
  info->language = ft->language;
  info->index = ft->index;
}

int
kg_graph_fulltext_find (const KgGraph *g, const char *name)
{
  g_return_val_if_fail (g != NULL && name != NULL, -1);
  return kg_graph_ft_find (g, name);
}

/* --- Transactions ----------------------------------------------------------------- */

void
kg_graph_txn_begin (KgGraph *g)
{
  g_return_if_fail (g != NULL);
  g_return_if_fail (g->undo == NULL);
  g_return_if_fail (!g->bulk);
  adj_maybe_compact_all (g);
  g->undo = g_array_new (FALSE, FALSE, sizeof (KgUndo));
  if (g->redo != NULL)
    g_byte_array_set_size (g->redo, 0);
}

void
kg_graph_set_redo (KgGraph *g, gboolean enabled)
{
  g_return_if_fail (g != NULL);
  g_return_if_fail (g->undo == NULL);
  if (enabled && g->redo == NULL)
    g->redo = g_byte_array_new ();
  else if (!enabled && g->redo != NULL)
    g_clear_pointer (&g->redo, g_byte_array_unref);
}

gboolean
kg_graph_redo_enabled (const KgGraph *g)
{
  g_return_val_if_fail (g != NULL, FALSE);
  return g->redo != NULL;
}

const guchar *
kg_graph_redo_data (const KgGraph *g, gsize *len)
{
  g_return_val_if_fail (g != NULL && len != NULL, NULL);
  *len = g->redo ? g->redo->len : 0;
  return g->redo ? g->redo->data : NULL;
}

void
kg_graph_txn_commit (KgGraph *g)
{
  g_return_if_fail (g != NULL);
  undo_clear (g);
  adj_maybe_compact_all (g);
}

static void
undo_one (KgGraph *g, KgUndo *u)
{
  switch ((UndoKind) u->kind)
    {
    case UNDO_ADD_NODE:
      g_assert (u->id == g->node_bound - 1);
      g_assert (g->labels[u->id].n == 0 && g->deg_out[u->id] == 0 && g->deg_in[u->id] == 0);
      if (g->labels[u->id].cap > 0)
        g_free (g->labels[u->id].u.heap);
      memset (&g->labels[u->id], 0, sizeof (KgLabelSet));
      kg_bit_clear (g->node_alive, u->id);
      g->node_bound--;
      g->n_nodes--;
      break;
    case UNDO_DELETE_NODE:
      kg_bit_set (g->node_alive, u->id);
      g->n_nodes++;
      break;
    case UNDO_ADD_LABEL:
      {
        int pos = ls_find (&g->labels[u->id], u->a);
        g_assert (pos >= 0);
        label_remove_at (g, u->id, pos);
        break;
      }
    case UNDO_REMOVE_LABEL:
      label_insert (g, u->id, u->a, u->b);
      break;
    case UNDO_NODE_PROP:
      node_prop_put (g, u->id, u->a, &u->old);
      break;
    case UNDO_EDGE_PROP:
      edge_prop_put (g, u->id, u->a, &u->old);
      break;
    case UNDO_ADD_EDGE:
      {
        KgEdgeId e = u->id;
        g_assert (e == g->edge_bound - 1 && edge_live (g, e));
        KgTypeInfo *t = type_info (g, g->e_type[e]);
        adj_pop (&t->dir[0], g->e_src[e], e);
        adj_pop (&t->dir[1], g->e_dst[e], e);
        edge_account (g, e, -1);
        kg_bit_clear (g->edge_alive, e);
        g->edge_bound--;
        break;
      }
    case UNDO_DELETE_EDGE:
      edge_set_dead (g, u->id, FALSE);
      break;
    case UNDO_CREATE_INDEX:
      index_drop (g, u->id, u->a);
      break;
    case UNDO_DROP_INDEX:
      index_build (g, u->id, u->a, u->old.type == KG_VALUE_STRING ? u->old.u.s : NULL);
      break;
    case UNDO_CREATE_FULLTEXT:
      g_ptr_array_remove_index (g->fulltext, kg_graph_ft_find (g, u->old.u.s));
      break;
    case UNDO_DROP_FULLTEXT:
      {
        KgFulltext *ft = kg_graph_ft_build_from (g, &u->old, NULL);
        g_assert (ft != NULL);
        break;
      }
    case UNDO_CREATE_CONSTRAINT:
    case UNDO_DROP_CONSTRAINT:
      kg_graph_undo_constraint (g, u->kind == UNDO_CREATE_CONSTRAINT, u->id, &u->old);
      break;
    }
}

void
kg_graph_log_constraint (KgGraph *g, gboolean created, guint pos, KgValue *old)
{
  if (logging (g))
    log_op (g, created ? UNDO_CREATE_CONSTRAINT : UNDO_DROP_CONSTRAINT, pos, 0, 0, old);
}

int
kg_graph_undo_entity (const KgGraph *g, guint i, guint32 *id)
{
  const KgUndo *u = &g_array_index (g->undo, KgUndo, i);
  *id = u->id;
  switch ((UndoKind) u->kind)
    {
    case UNDO_ADD_NODE:
    case UNDO_ADD_LABEL:
    case UNDO_NODE_PROP:
      return 1;
    case UNDO_ADD_EDGE:
    case UNDO_EDGE_PROP:
      return 2;
    default:
      return 0;
    }
}

gboolean
kg_graph_txn_active (const KgGraph *g)
{
  return logging (g);
}

KgTxnMark
kg_graph_txn_mark (const KgGraph *g)
{
  KgTxnMark mark = { 0, 0 };
  g_return_val_if_fail (g != NULL && g->undo != NULL, mark);
  mark.undo_len = g->undo->len;
  mark.redo_len = g->redo != NULL ? g->redo->len : 0;
  return mark;
}

void
kg_graph_txn_rollback_to (KgGraph *g, const KgTxnMark *mark)
{
  g_return_if_fail (g != NULL && g->undo != NULL && mark != NULL);
  g_return_if_fail (mark->undo_len <= g->undo->len);
  GArray *log = g->undo;
  g->undo = NULL; /* replaying must not log */
  for (guint i = log->len; i-- > mark->undo_len;)
    {
      KgUndo *u = &g_array_index (log, KgUndo, i);
      undo_one (g, u);
      kg_value_clear (&u->old);
    }
  g_array_set_size (log, mark->undo_len);
  g->undo = log;
  if (g->redo != NULL && mark->redo_len <= g->redo->len)
    g_byte_array_set_size (g->redo, mark->redo_len);
  g->version++;
}

void
kg_graph_txn_rollback (KgGraph *g)
{
  g_return_if_fail (g != NULL);
  g_return_if_fail (g->undo != NULL);
  GArray *log = g->undo;
  g->undo = NULL; /* replaying must not log */
  for (guint i = log->len; i-- > 0;)
    {
      KgUndo *u = &g_array_index (log, KgUndo, i);
      undo_one (g, u);
      kg_value_clear (&u->old);
    }
  g_array_unref (log);
  if (g->redo != NULL)
    g_byte_array_set_size (g->redo, 0);
  g->version++;
}

/* --- Memory ----------------------------------------------------------------------- */

static gsize
value_size (const KgValue *v)
{
  switch (v->type)
    {
    case KG_VALUE_STRING:
      return strlen (v->u.s) + 1 + 2 * sizeof (gsize);
    case KG_VALUE_LIST:
      {
        gsize s = sizeof (KgList) + (gsize) v->u.list->cap * sizeof (KgValue);
        for (guint i = 0; i < v->u.list->len; i++)
          s += value_size (&v->u.list->items[i]);
        return s;
      }
    case KG_VALUE_MAP:
      {
        gsize s = sizeof (KgMap) + (gsize) v->u.map->cap * (sizeof (KgValue) + sizeof (char *));
        for (guint i = 0; i < v->u.map->len; i++)
          s += value_size (&v->u.map->vals[i]) + strlen (v->u.map->keys[i]) + 1;
        return s;
      }
    case KG_VALUE_PATH:
      return sizeof (KgPath) + (2 * (gsize) v->u.path->len + 1) * sizeof (guint32);
    default:
      return 0;
    }
}

static gsize
columns_size (GPtrArray *cols)
{
  gsize s = cols->len * sizeof (gpointer);
  for (guint k = 0; k < cols->len; k++)
    {
      const KgColumn *c = g_ptr_array_index (cols, k);
      if (c == NULL)
        continue;
      s += sizeof *c + (gsize) (c->hi - c->lo) * sizeof (KgValue);
      for (guint32 i = 0; i < c->hi - c->lo; i++)
        s += value_size (&c->v[i]);
    }
  return s;
}

static gsize
hash_size (GHashTable *h)
{
  return h ? 64 + g_hash_table_size (h) * 3 * sizeof (gpointer) : 0;
}

gsize
kg_graph_memory_size (const KgGraph *g)
{
  g_return_val_if_fail (g != NULL, 0);
  gsize s = sizeof *g;
  for (int k = 0; k < 3; k++)
    for (guint i = 0; i < g->sym_names[k]->len; i++)
      s += strlen (g_ptr_array_index (g->sym_names[k], i)) + 1 + 4 * sizeof (gpointer);
  s += (gsize) words_for (g->node_cap) * 8 + (gsize) g->node_cap * (sizeof (KgLabelSet) + 8);
  for (guint32 i = 0; i < g->node_bound; i++)
    if (g->labels[i].cap > 0)
      s += g->labels[i].cap * sizeof (KgSymbol);
  s += hash_size (g->loops_all);
  for (guint l = 0; l < g->label_info->len; l++)
    {
      const KgLabelInfo *li = g_ptr_array_index (g->label_info, l);
      if (li)
        s += sizeof *li + (gsize) li->n_words * 8;
    }
  s += (gsize) words_for (g->edge_cap) * 8 + (gsize) g->edge_cap * 12;
  for (guint t = 0; t < g->types->len; t++)
    {
      const KgTypeInfo *ti = g_ptr_array_index (g->types, t);
      if (ti == NULL)
        continue;
      s += sizeof *ti + hash_size (ti->loops);
      for (int d = 0; d < 2; d++)
        {
          const KgAdj *a = &ti->dir[d];
          if (a->off)
            s += ((gsize) (a->hi - a->lo) + 1) * 4;
          s += (gsize) a->n_csr * 8 + (gsize) a->n_delta * 8;
          s += hash_size (a->delta) + (a->delta ? g_hash_table_size (a->delta) * 24 : 0);
          s += (gsize) a->pend_cap * 12;
          s += hash_size (a->dead);
        }
    }
  s += columns_size (g->node_cols) + columns_size (g->edge_cols);
  for (guint i = 0; i < g->indexes->len; i++)
    {
      const KgIndex *idx = g_ptr_array_index (g->indexes, i);
      s += sizeof *idx + hash_size (idx->map) + g_hash_table_size (idx->map) * (sizeof (KgValue) + 24);
      s += kg_index_ints_memory_size (idx);
      GHashTableIter it;
      gpointer k, v;
      g_hash_table_iter_init (&it, idx->map);
      while (g_hash_table_iter_next (&it, &k, &v))
        s += ((GArray *) v)->len * sizeof (KgNodeId) + value_size (k);
    }
  for (guint i = 0; i < g->fulltext->len; i++)
    s += kg_ft_index_memory_size (((const KgFulltext *) g_ptr_array_index (g->fulltext, i))->index);
  return s;
}
