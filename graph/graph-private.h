/* graph/graph-private.h — the store's internal layout, shared by graph.c (the store
 * itself) and snapshot.c (binary save and load). Nothing outside graph/ includes it.
 *
 * Layout in brief (graph.c's header says why):
 *   nodes   alive bitmap, per-node label sets (two inline), total in/out degrees;
 *   labels  one bitmap over node ids per label, plus a live count;
 *   edges   parallel arrays src/dst/type and an alive bitmap;
 *   types   per relationship type and direction, compressed rows (CSR) over a node
 *           range, per-node deltas for edges added since the last build, per-node
 *           counts of tombstoned entries, and per-node self-loop counts;
 *   props   one column per property key (for nodes, and separately for edges): a
 *           KgValue array covering an id range [lo, hi), null meaning absent;
 *   indexes equality hashes on (label, key), and full-text indexes (graph-fulltext.c);
 *   undo    the log of a running transaction.
 */
#pragma once

#include "graph/graph.h"
#include "graph/snapshot.h"
#include "graph/value-codec.h"

G_BEGIN_DECLS

/* A node's labels in the order added; up to two stored inline. */
typedef struct
{
  guint16 n;
  guint16 cap; /* 0: inline storage, else capacity of heap */
  union
  {
    KgSymbol inl[2];
    KgSymbol *heap;
  } u;
} KgLabelSet;

typedef struct
{
  guint64 *bits; /* one bit per node id */
  guint32 n_words;
  guint32 count; /* live nodes carrying the label */
} KgLabelInfo;

/* One direction of one relationship type. */
typedef struct
{
  guint32 lo, hi;    /* CSR rows exist for nodes in [lo, hi) */
  guint32 *off;      /* hi - lo + 1 offsets into pairs (in entries) */
  guint32 *pairs;    /* 2 per entry: edge id, neighbour */
  guint32 n_csr;     /* entries in the CSR (dead ones included) */
  GHashTable *delta; /* node -> GArray of guint32 pairs added since the build */
  guint32 n_delta;   /* entries in all deltas and pend (dead ones included) */
  /* Appends of the running transaction not yet sorted into delta: (node, edge,
   * neighbour) triples in the order added. The first read of the rows sorts them in
   * (adj_delta, under pend_lock); a compaction takes them straight into the CSR. */
  guint32 *pend;
  gint n_pend; /* atomic: the triples in pend */
  guint32 pend_cap;
  GHashTable *dead; /* node -> tombstoned entries in that node's row (CSR + delta) */
  guint32 n_dead;
  guint32 seen_lo, seen_hi; /* nodes that ever had a row entry (never shrinks) */
} KgAdj;

typedef struct
{
  KgAdj dir[2];      /* [0] out (rows by source), [1] in (rows by target) */
  GHashTable *loops; /* node -> live self loops of this type */
  guint32 count;     /* live relationships of this type */
} KgTypeInfo;

typedef struct
{
  guint32 lo, hi; /* slots for ids in [lo, hi) */
  guint32 n_set;  /* non-null slots */
  KgValue *v;
} KgColumn;

/* One integer key of an equality index and its bucket (index-int.c). */
typedef struct
{
  gint64 key;
  GArray *ids; /* (nullable) the bucket, owned by the index's hash table; NULL: a free slot */
} KgIntSlot;

typedef struct
{
  KgSymbol label;
  KgSymbol key;
  char *name;      /* as given in CREATE INDEX, or index_Label_key */
  GHashTable *map; /* KgValue * (owned) -> GArray of KgNodeId, ascending */
  guint32 n_empty; /* emptied buckets kept for open iterators, purged between statements */
  gpointer sorted; /* (nullable) the buckets in value order for range seeks (index-range.c):
                    * built by the first reader that needs it, dropped by a writer that adds
                    * or removes a bucket */
  /* The buckets whose key is an integer again, in an open-addressing table
   * (index-int.c): an integer seek is one probe instead of a hash of the value, a walk
   * of the hash table's arrays and two comparisons. Kept in step by the writers
   * (alone, under the write lock) whenever a bucket is added or purged. */
  KgIntSlot *int_slots;
  guint32 int_cap;     /* a power of two, or 0 */
  guint32 int_len;     /* slots in use */
  guint32 int_n_float; /* buckets keyed by a float: an integer may equal one of them */
} KgIndex;

/* index-range.c: frees @idx's sorted view, if any (a writer, after the buckets changed). */
void kg_index_sorted_drop (KgIndex *idx);

/* index-int.c: the integer table beside an index's hash table. A writer calls
 * kg_index_ints_added() for every bucket it creates, kg_index_ints_rebuild() after it
 * removed some, kg_index_ints_clear() before freeing the index. */
void kg_index_ints_added (KgIndex *idx, const KgValue *key, GArray *ids);
void kg_index_ints_rebuild (KgIndex *idx);
void kg_index_ints_clear (KgIndex *idx);
/* Looks up integer @key: TRUE with *@ids its bucket (NULL when there is none) when the
 * table knows the answer; FALSE when the hash table must be asked (a float key may
 * equal @key). Reads only: readers may call it at once. */
gboolean kg_index_ints_find (const KgIndex *idx, gint64 key, const GArray **ids);
gsize kg_index_ints_memory_size (const KgIndex *idx);

/* A full-text index: what it covers, and its contents (graph-fulltext.c). */
typedef struct
{
  char *name;
  gboolean relationships; /* covers relationships of the types in @tokens, else nodes with those labels */
  GArray *tokens;         /* KgSymbol: labels or relationship types, distinct */
  GArray *keys;           /* KgSymbol: the properties, one field each, distinct */
  char *language;         /* the analyser's */
  KgFtIndex *index;
} KgFulltext;

struct _KgGraph
{
  guint64 version;
  guint64 uid; /* process-unique, see kg_graph_uid() */

  GPtrArray *sym_names[3]; /* char * */
  GHashTable *sym_ids[3];  /* name -> id + 1 */

  guint32 node_bound, node_cap, n_nodes;
  guint64 *node_alive;
  KgLabelSet *labels;
  guint32 *deg_out, *deg_in; /* all types, live relationships (recounted by bulk_end) */
  GHashTable *loops_all;     /* node -> live self loops, all types */

  GPtrArray *label_info; /* KgLabelInfo *, indexed by label symbol (NULL until used) */

  guint32 edge_bound, edge_cap, n_edges;
  guint64 *edge_alive;
  guint32 *e_src, *e_dst, *e_type;

  GPtrArray *types; /* KgTypeInfo *, indexed by type symbol (NULL until used) */

  GPtrArray *node_cols; /* KgColumn *, indexed by key symbol (NULL until used) */
  GPtrArray *edge_cols;

  GPtrArray *indexes; /* KgIndex * */
  guint32 *key_n_idx; /* per key: how many indexes use it (for the fast path) */
  guint32 key_n_idx_len;
  GPtrArray *fulltext; /* KgFulltext * */

  GPtrArray *constraints; /* KgConstraint * (constraint.c), NULL until the first */

  gboolean bulk;
  guint bulk_threads; /* threads kg_graph_bulk_end may build rows on (0 or 1: the caller's) */
  GArray *undo;       /* KgUndo, non-NULL while a transaction runs */
  GByteArray *redo;   /* the transaction's changes for the journal, non-NULL when recording */

  GMutex stats_lock;      /* guards stats: readers may ask for statistics at once */
  struct _KgStats *stats; /* the last statistics built (graph/stats.c), or NULL */
};

static inline gboolean
kg_bit_get (const guint64 *bits, guint32 i)
{
  return (bits[i >> 6] >> (i & 63)) & 1;
}

static inline void
kg_bit_set (guint64 *bits, guint32 i)
{
  bits[i >> 6] |= G_GUINT64_CONSTANT (1) << (i & 63);
}

static inline void
kg_bit_clear (guint64 *bits, guint32 i)
{
  bits[i >> 6] &= ~(G_GUINT64_CONSTANT (1) << (i & 63));
}

/* graph-fulltext.c: the list, the hooks graph.c calls after each change, and definitions. */
GPtrArray *kg_graph_ft_list_new (void);
void kg_graph_ft_node_prop (KgGraph *graph, KgNodeId node, KgSymbol key, const KgValue *old, const KgValue *val);
void kg_graph_ft_edge_prop (KgGraph *graph, KgEdgeId edge, KgSymbol key, const KgValue *old, const KgValue *val);
/* after @label was added to @node, or before it is removed */
void kg_graph_ft_node_label (KgGraph *graph, KgNodeId node, KgSymbol label, gboolean added);
/* builds an index and appends it to graph->fulltext; NULL for an unknown language */
KgFulltext *kg_graph_ft_build (KgGraph *graph, const char *name, gboolean relationships, const KgSymbol *tokens, guint n_tokens, const KgSymbol *keys, guint n_keys, const char *language, GError **error);
int kg_graph_ft_find (const KgGraph *graph, const char *name);
/* [name, relationships, [labels or types], [keys], language] */
KgValue kg_graph_ft_definition (const KgGraph *graph, const KgFulltext *ft);
KgFulltext *kg_graph_ft_build_from (KgGraph *graph, const KgValue *definition, GError **error);
/* kg_graph_ft_build_from(), as a logged mutation (graph.c; for the journal and snapshots) */
gboolean kg_graph_ft_create_definition (KgGraph *graph, const KgValue *definition, GError **error);

/* Used by snapshot.c to restore a graph. */
void kg_graph_grow_nodes (KgGraph *graph, guint32 cap);
void kg_graph_grow_edges (KgGraph *graph, guint32 cap);
void kg_graph_rebuild_adjacency (KgGraph *graph);
void kg_graph_restore_edges (KgGraph *graph);
KgColumn *kg_graph_column (KgGraph *graph, gboolean edges, KgSymbol key);
void kg_column_reserve (KgColumn *col, guint32 lo, guint32 hi);

/* Between graph.c, snapshot.c, journal.c and constraint.c. */
/* Writes @c by the names of its label or type and keys; read back into @graph with
 * kg_constraint_read() (FALSE on a bad record or a name taken). */
void kg_constraint_put (KgCodecSink put, gpointer sink, const KgGraph *graph, const KgConstraint *c);
gboolean kg_constraint_read (KgCodecReader *r, KgGraph *graph);
void kg_graph_log_constraint (KgGraph *graph, gboolean created, guint pos, KgValue *old);
void kg_graph_undo_constraint (KgGraph *graph, gboolean created, guint pos, const KgValue *old);
/* What undo entry @i touched: 1 a node, 2 a relationship (its id in *@id), 0 neither. */
int kg_graph_undo_entity (const KgGraph *graph, guint i, guint32 *id);

G_END_DECLS
