/* graph/graph.h — the store: an in-memory labeled property graph.
 *
 * Nodes and relationships ("edges" in the API) are dense guint32 ids that stay stable
 * after deletes. Labels, relationship types and property keys are interned per graph to
 * small ids (KgSymbol). Adjacency is kept per relationship type in both directions, in
 * compressed rows built in one pass after a bulk load, with cheap single writes on top;
 * degrees are O(1). A label index and optional equality indexes on (label, key) find
 * nodes without scanning. An undo log makes a statement's writes all-or-nothing.
 *
 * The store knows nothing of queries, parsing or printing: ids in, ids out.
 *
 * Lifetimes: pointers the store returns (names, label arrays, property values) are
 * (transfer none) and valid until the next mutation of the graph. Iterators survive
 * writes made while they are open: they report what existed when they were opened
 * (nodes and relationships created later are not reported) and skip what has been
 * deleted since.
 */
#pragma once

#include <glib.h>

#include "common/error.h"
#include "common/value.h"
#include "fulltext/fulltext.h"

G_BEGIN_DECLS

typedef guint32 KgNodeId;
typedef guint32 KgEdgeId;
typedef guint32 KgSymbol; /* an interned label, relationship type or property key */

/* "No such id / symbol" and, where a function takes a type or label, "any". */
#define KG_NONE ((guint32) G_MAXUINT32)

typedef enum
{
  KG_DIR_OUT = 1,  /* (n)-[r]->(other) */
  KG_DIR_IN = 2,   /* (n)<-[r]-(other) */
  KG_DIR_BOTH = 3, /* (n)-[r]-(other): out then in; a self loop is reported once */
} KgDirection;

typedef enum
{
  KG_SYM_LABEL,
  KG_SYM_TYPE,
  KG_SYM_KEY,
} KgSymbolKind;

typedef struct _KgGraph KgGraph;

/* --- Lifetime ------------------------------------------------------------------- */

KgGraph *kg_graph_new (void);
void kg_graph_free (KgGraph *graph);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KgGraph, kg_graph_free)

/**
 * kg_graph_version:
 * Returns: a counter that changes with every mutation (for caches and the REPL).
 */
guint64 kg_graph_version (const KgGraph *graph);

/**
 * kg_graph_uid:
 * Returns: a number no other graph of this process has had (set by kg_graph_new());
 *   with kg_graph_version() it names one state of one graph exactly, for caches.
 */
guint64 kg_graph_uid (const KgGraph *graph);

/* --- Symbols -------------------------------------------------------------------- */

/** kg_graph_intern: Returns: the id of @name, adding it if new. */
KgSymbol kg_graph_intern (KgGraph *graph, KgSymbolKind kind, const char *name);
/** kg_graph_lookup: Returns: the id of @name, or KG_NONE if the graph has never seen it. */
KgSymbol kg_graph_lookup (const KgGraph *graph, KgSymbolKind kind, const char *name);
/** kg_graph_symbol_name: Returns: (transfer none): the name of @sym. */
const char *kg_graph_symbol_name (const KgGraph *graph, KgSymbolKind kind, KgSymbol sym);
/** kg_graph_n_symbols: Returns: how many symbols of @kind exist (ids are 0..n-1). */
guint kg_graph_n_symbols (const KgGraph *graph, KgSymbolKind kind);

/* --- Nodes ---------------------------------------------------------------------- */

KgNodeId kg_graph_add_node (KgGraph *graph);
gboolean kg_graph_node_exists (const KgGraph *graph, KgNodeId node);
/** kg_graph_n_nodes: Returns: the number of live nodes. */
guint kg_graph_n_nodes (const KgGraph *graph);
/** kg_graph_node_bound: Returns: one more than the largest node id ever handed out. */
guint32 kg_graph_node_bound (const KgGraph *graph);

/**
 * kg_graph_delete_node:
 * @detach: also delete the node's relationships
 *
 * Returns: FALSE with KG_GRAPH_ERROR_HAS_RELATIONSHIPS when the node still has
 *   relationships and @detach is FALSE (nothing changes then).
 */
gboolean kg_graph_delete_node (KgGraph *graph, KgNodeId node, gboolean detach, GError **error);

/** kg_graph_node_add_label: Returns: TRUE if @label was not already on @node. */
gboolean kg_graph_node_add_label (KgGraph *graph, KgNodeId node, KgSymbol label);
/** kg_graph_node_remove_label: Returns: TRUE if @label was on @node. */
gboolean kg_graph_node_remove_label (KgGraph *graph, KgNodeId node, KgSymbol label);
gboolean kg_graph_node_has_label (const KgGraph *graph, KgNodeId node, KgSymbol label);
/** kg_graph_node_labels: Returns: (transfer none) (array length=n_labels): the labels, in the order added. */
const KgSymbol *kg_graph_node_labels (const KgGraph *graph, KgNodeId node, guint *n_labels);
/** kg_graph_label_count: Returns: how many live nodes carry @label (O(1)); all live nodes for KG_NONE. */
guint kg_graph_label_count (const KgGraph *graph, KgSymbol label);

/* Iteration over nodes; fields are private. */
typedef struct
{
  const KgGraph *graph;
  guint32 pos;
  guint32 end;
  guint32 label;
  guint32 extra;
  gconstpointer data;
  gconstpointer data2;
} KgNodeIter;

/** kg_graph_nodes_init: all live nodes (@label = KG_NONE) or those with @label, in id order. */
void kg_graph_nodes_init (const KgGraph *graph, KgSymbol label, KgNodeIter *iter);
gboolean kg_node_iter_next (KgNodeIter *iter, KgNodeId *node);
/** kg_node_iter_restrict: limits an iterator just made by kg_graph_nodes_init() to the
 * ids in [@lo, @hi) (a morsel of a parallel scan). */
void kg_node_iter_restrict (KgNodeIter *iter, guint32 lo, guint32 hi);
/**
 * kg_graph_nodes_init_range:
 * As kg_graph_nodes_init(), for the ids in [@lo, @hi) only: a part of a scan (a morsel)
 * that several workers can share out.
 */
void kg_graph_nodes_init_range (const KgGraph *graph, KgSymbol label, KgNodeId lo, KgNodeId hi, KgNodeIter *iter);
/**
 * kg_node_iter_next_batch:
 * @out: (array length=max): receives the next nodes, in id order
 * Returns: how many nodes it wrote (0 at the end); the same nodes kg_node_iter_next()
 *   would report, read a word of the label bitmap at a time.
 */
guint kg_node_iter_next_batch (KgNodeIter *iter, KgNodeId *out, guint max);
/**
 * kg_graph_label_bits:
 * @n_words: (out): receives how many words the bitmap has
 * Returns: (nullable): the bitmap of the live nodes with @label (node i is bit i % 64 of
 *   word i / 64; ids past the last word have not got it), NULL with *@n_words 0 when no
 *   node has ever had it. Valid until the graph is next written.
 */
const guint64 *kg_graph_label_bits (const KgGraph *graph, KgSymbol label, guint32 *n_words);

/* --- Relationships -------------------------------------------------------------- */

KgEdgeId kg_graph_add_edge (KgGraph *graph, KgNodeId src, KgNodeId dst, KgSymbol type);
/** kg_graph_delete_edge: Returns: FALSE if @edge was not live. */
gboolean kg_graph_delete_edge (KgGraph *graph, KgEdgeId edge);
gboolean kg_graph_edge_exists (const KgGraph *graph, KgEdgeId edge);
guint kg_graph_n_edges (const KgGraph *graph);
guint32 kg_graph_edge_bound (const KgGraph *graph);
KgNodeId kg_graph_edge_src (const KgGraph *graph, KgEdgeId edge);
KgNodeId kg_graph_edge_dst (const KgGraph *graph, KgEdgeId edge);
KgSymbol kg_graph_edge_type (const KgGraph *graph, KgEdgeId edge);
/** kg_graph_type_count: Returns: how many live relationships have @type (O(1)); all of them for KG_NONE. */
guint kg_graph_type_count (const KgGraph *graph, KgSymbol type);

/** kg_graph_edges_init: every live relationship (@type = KG_NONE) or those of @type, in id order. */
typedef KgNodeIter KgEdgeIter;
void kg_graph_edges_init (const KgGraph *graph, KgSymbol type, KgEdgeIter *iter);
gboolean kg_edge_iter_next (KgEdgeIter *iter, KgEdgeId *edge);

/* --- Adjacency ------------------------------------------------------------------ */

/**
 * kg_graph_degree:
 * @type: a relationship type, or KG_NONE for all types
 * Returns: the number of relationships at @node in @dir; O(1) (a self loop counts once
 *   for KG_DIR_BOTH, as kg_adj_iter_next() reports it once).
 */
guint kg_graph_degree (const KgGraph *graph, KgNodeId node, KgDirection dir, KgSymbol type);

/**
 * kg_graph_degrees:
 * @dir: KG_DIR_OUT or KG_DIR_IN
 * @out: (array length=n): receives the degree of nodes @first .. @first + @n - 1 (0 for
 *   ids that are not live nodes)
 * kg_graph_degree() for a run of node ids at once, for loops over many nodes.
 */
void kg_graph_degrees (const KgGraph *graph, KgNodeId first, guint n, KgDirection dir, KgSymbol type, guint32 *out);

/**
 * kg_graph_n_self_loop_nodes:
 * Returns: how many nodes have a live self loop of @type (KG_NONE: of any type); O(1).
 */
guint kg_graph_n_self_loop_nodes (const KgGraph *graph, KgSymbol type);

/* Iteration over a node's relationships; fields are private. */
typedef struct
{
  const KgGraph *graph;
  KgNodeId node;
  guint32 type;
  guint8 dir;
  guint8 phase;
  guint16 pad;
  guint32 pos;
  guint32 end;
  guint32 tpos;
  gconstpointer data;
  gconstpointer data2;
} KgAdjIter;

/**
 * kg_graph_adj_init:
 * Iterates the live relationships at @node in @dir of @type (KG_NONE: all types). With
 * KG_DIR_BOTH outgoing come first, then incoming, and a self loop is reported once.
 */
void kg_graph_adj_init (const KgGraph *graph, KgNodeId node, KgDirection dir, KgSymbol type, KgAdjIter *iter);
/** kg_adj_iter_next: Returns: FALSE at the end; else the relationship and the node at its other end. */
gboolean kg_adj_iter_next (KgAdjIter *iter, KgEdgeId *edge, KgNodeId *other);
/**
 * kg_adj_iter_next_n:
 * @edges: (array length=max): receives the relationships
 * @others: (array length=max): receives the nodes at their other ends
 * The next up to @max entries kg_adj_iter_next() would give, in its order (a compressed
 * row is copied without a call per entry).
 * Returns: how many it wrote; fewer than @max only at the end.
 */
guint kg_adj_iter_next_n (KgAdjIter *iter, KgEdgeId *edges, KgNodeId *others, guint max);
/**
 * kg_adj_iter_count_marked:
 * @map: (nullable): one byte per node id below the graph's node bound: 1 for a marked
 *   node, else 0
 * @bits: (nullable): or one bit per node id (bit i % 64 of word i / 64), set when marked;
 *   exactly one of @map and @bits is given
 * Reads the rest of @iter (kg_adj_iter_next() returns FALSE after it) and counts the
 * entries whose other end is marked; a compressed row is read without a call per
 * entry.
 * Returns: how many.
 */
guint64 kg_adj_iter_count_marked (KgAdjIter *iter, const guint8 *map, const guint64 *bits);
/**
 * kg_adj_iter_peek:
 * Looks @ahead entries past the next one kg_adj_iter_next() would read, within the
 * part of the adjacency it is reading now, without moving; the entry may be one the
 * iterator will skip. Meant for prefetching only.
 * Returns: FALSE when there is no such entry; else the node at its other end.
 */
gboolean kg_adj_iter_peek (const KgAdjIter *iter, guint ahead, KgNodeId *other);
/**
 * kg_graph_adj_prefetch:
 * @dir: KG_DIR_OUT or KG_DIR_IN (anything else does nothing)
 * @entries: FALSE to prefetch where @node's row of @type starts; TRUE to read that (best
 *   prefetched before) and prefetch the row's first entries
 * Hints the processor to fetch part of @node's adjacency; no effect on the graph.
 */
void kg_graph_adj_prefetch (const KgGraph *graph, KgNodeId node, KgDirection dir, KgSymbol type, gboolean entries);

/* --- Properties ----------------------------------------------------------------- */

/**
 * kg_graph_node_prefetch:
 * Hints the processor to fetch @node's values of the @n_keys properties @keys (KG_NONE
 * entries are ignored) into the cache; no effect on the graph. For operators that know
 * which nodes they will read a little ahead of time.
 */
void kg_graph_node_prefetch (const KgGraph *graph, KgNodeId node, const KgSymbol *keys, guint n_keys);

/**
 * kg_graph_prop_column:
 * @edges: relationships' properties rather than nodes'
 * @lo: (out): the first id the column covers
 * @hi: (out): one past the last
 * Returns: (transfer none) (nullable) (array): the values of @key for the ids in [@lo,
 *   @hi), element i for id @lo + i, a KG_VALUE_NULL element where the property is
 *   absent (ids outside the range have none); NULL when no id has it. Valid until the
 *   next mutation of the graph: for loops that read one property of many entities.
 */
const KgValue *kg_graph_prop_column (const KgGraph *graph, gboolean edges, KgSymbol key, guint32 *lo, guint32 *hi);
/** kg_graph_node_prop: Returns: (transfer none) (nullable): the value, NULL when absent. */
const KgValue *kg_graph_node_prop (const KgGraph *graph, KgNodeId node, KgSymbol key);
/** kg_graph_node_set_prop: copies @value in; a null @value removes the property. */
void kg_graph_node_set_prop (KgGraph *graph, KgNodeId node, KgSymbol key, const KgValue *value);
/** kg_graph_node_clear_props: removes every property of @node. */
void kg_graph_node_clear_props (KgGraph *graph, KgNodeId node);
/** kg_graph_node_n_props / kg_graph_node_prop_at: the properties in ascending key order. */
guint kg_graph_node_n_props (const KgGraph *graph, KgNodeId node);
const KgValue *kg_graph_node_prop_at (const KgGraph *graph, KgNodeId node, guint index, KgSymbol *key);

const KgValue *kg_graph_edge_prop (const KgGraph *graph, KgEdgeId edge, KgSymbol key);
void kg_graph_edge_set_prop (KgGraph *graph, KgEdgeId edge, KgSymbol key, const KgValue *value);
void kg_graph_edge_clear_props (KgGraph *graph, KgEdgeId edge);
guint kg_graph_edge_n_props (const KgGraph *graph, KgEdgeId edge);
const KgValue *kg_graph_edge_prop_at (const KgGraph *graph, KgEdgeId edge, guint index, KgSymbol *key);

/* --- Indexes -------------------------------------------------------------------- */

/**
 * kg_graph_create_index:
 * Builds an equality index on the @key property of nodes labelled @label and keeps it up
 * to date through every later write. Creating an existing index does nothing.
 */
void kg_graph_create_index (KgGraph *graph, KgSymbol label, KgSymbol key);
/**
 * kg_graph_create_named_index:
 * @name: (nullable): the index's name; NULL for `index_Label_key`
 * Like kg_graph_create_index(), keeping @name (kg_graph_index_name()). Names are not
 * checked for uniqueness here.
 */
void kg_graph_create_named_index (KgGraph *graph, KgSymbol label, KgSymbol key, const char *name);
/** kg_graph_index_name: Returns: the name of the @index-th equality index. */
const char *kg_graph_index_name (const KgGraph *graph, guint index);
gboolean kg_graph_has_index (const KgGraph *graph, KgSymbol label, KgSymbol key);
/**
 * kg_graph_drop_index:
 * Removes the equality index on (@label, @key). Undone by a rollback.
 * Returns: FALSE if there was no such index.
 */
gboolean kg_graph_drop_index (KgGraph *graph, KgSymbol label, KgSymbol key);
/** kg_graph_n_indexes: Returns: how many equality indexes exist, in creation order. */
guint kg_graph_n_indexes (const KgGraph *graph);
/** kg_graph_index_at: the label and key of the @index-th equality index. */
void kg_graph_index_at (const KgGraph *graph, guint index, KgSymbol *label, KgSymbol *key);
/**
 * kg_graph_index_lookup_init:
 * Iterates the nodes with @label whose @key equals @value by Cypher's `=` (1 = 1.0; a
 * null @value finds nothing). The index must exist.
 */
void kg_graph_index_lookup_init (const KgGraph *graph, KgSymbol label, KgSymbol key, const KgValue *value, KgNodeIter *iter);
/**
 * kg_graph_index_ids_int:
 * @n: (out): how many ids the result holds
 * The nodes with @label whose @key `=` the integer @value, as kg_graph_index_lookup_init()
 * reports them but without an iterator: one probe of the index's integer table. The
 * index must exist.
 * Returns: (nullable) (array length=n): the ids, increasing, valid until the graph
 *   changes (ids at or past the node bound of the moment are to be ignored); NULL when
 *   the integer table cannot decide (the index holds float keys that may `=` @value):
 *   then use kg_graph_index_lookup_init().
 */
const KgNodeId *kg_graph_index_ids_int (const KgGraph *graph, KgSymbol label, KgSymbol key, gint64 value, guint *n);
/**
 * kg_graph_index_range:
 * @lo: (nullable): the lower bound, NULL for none; @lo_incl: `>=` rather than `>`
 * @hi: (nullable): the upper bound, NULL for none; @hi_incl: `<=` rather than `<`
 * @out: (element-type KgNodeId): its contents are replaced by, in id order, the nodes with @label whose @key
 *   lies between the bounds (numbers with numbers, strings with strings, each temporal
 *   type with itself; a float NaN may be among them). Nothing when a bound is null or
 *   the bounds are not comparable with each other.
 * Reads the equality index on (@label, @key) in value order: the first range read after
 * a write that added or removed a value sorts its values once (O(v log v) for v distinct
 * values), later ones binary-search them (O(log v) plus the nodes found). Safe for
 * several readers at once.
 * Returns: FALSE (and adds nothing) when there is no such index, or a bound is not a
 *   number, string, boolean or temporal value (lists, maps, durations...): the caller
 *   then scans.
 */
gboolean kg_graph_index_range (const KgGraph *graph, KgSymbol label, KgSymbol key, const KgValue *lo, gboolean lo_incl, const KgValue *hi, gboolean hi_incl, GArray *out);

/* --- Full-text indexes ------------------------------------------------------------ */

/**
 * KgFulltextInfo: a full-text index's definition (kg_graph_fulltext_at()).
 * @relationships: covers relationships of the types in @tokens (else nodes carrying
 *   any of the labels in @tokens)
 * @index: its contents, for kg_ft_index_search()
 */
typedef struct
{
  const char *name;
  gboolean relationships;
  const KgSymbol *tokens;
  guint n_tokens;
  const KgSymbol *keys;
  guint n_keys;
  const char *language;
  const KgFtIndex *index;
} KgFulltextInfo;

/**
 * kg_graph_create_fulltext:
 * @tokens: (array length=n_tokens): labels (or relationship types), distinct
 * @keys: (array length=n_keys): the properties indexed, distinct; string values and
 *   the strings of list values are indexed
 * @language: the analyser (kg_ft_analyzer_new())
 * Builds a full-text index called @name (which no full-text index has yet) and keeps it
 * up to date through every later write. Undone by a rollback.
 * Returns: FALSE with KG_FT_ERROR_ANALYZER for an unknown language.
 */
gboolean kg_graph_create_fulltext (KgGraph *graph, const char *name, gboolean relationships, const KgSymbol *tokens, guint n_tokens, const KgSymbol *keys, guint n_keys, const char *language, GError **error);
/** kg_graph_drop_fulltext: Returns: FALSE if no full-text index is called @name. Undone by a rollback. */
gboolean kg_graph_drop_fulltext (KgGraph *graph, const char *name);
/** kg_graph_n_fulltext: Returns: how many full-text indexes exist, in creation order. */
guint kg_graph_n_fulltext (const KgGraph *graph);
/** kg_graph_fulltext_at: fills @info (transfer none, valid until the next write) for the @index-th one. */
void kg_graph_fulltext_at (const KgGraph *graph, guint index, KgFulltextInfo *info);
/** kg_graph_fulltext_find: Returns: the position of the full-text index called @name, or -1. */
int kg_graph_fulltext_find (const KgGraph *graph, const char *name);

/* --- Bulk loading --------------------------------------------------------------- */

/** kg_graph_reserve: room for @nodes more nodes and @edges more relationships. */
void kg_graph_reserve (KgGraph *graph, guint32 nodes, guint32 edges);
/**
 * kg_graph_bulk_begin / kg_graph_bulk_end:
 * Between the two, kg_graph_add_edge() only appends; bulk_end builds the compressed
 * adjacency in one pass. Reads of adjacency are not allowed in between.
 */
void kg_graph_bulk_begin (KgGraph *graph);
void kg_graph_bulk_end (KgGraph *graph);
/**
 * kg_graph_bulk_set_threads:
 * @n: threads kg_graph_bulk_end() may use (0 or 1: the calling thread only). With two or
 * more, the outgoing and the incoming rows are built at once, each on its own thread
 * (each writes only its direction's arrays); the result is the same.
 */
void kg_graph_bulk_set_threads (KgGraph *graph, guint n);
/**
 * kg_graph_add_edges:
 * @pairs: (array length=n_pairs * 2): source, target, source, target, … (live nodes)
 * Adds @n_pairs relationships of @type in order, as kg_graph_add_edge() would one by one
 * (the same ids), in less time. Bulk mode only.
 */
void kg_graph_add_edges (KgGraph *graph, KgSymbol type, const KgNodeId *pairs, guint32 n_pairs);
/**
 * kg_graph_add_edge_runs:
 * The same for @n_runs arrays of pairs, added in order (run 0's relationships first).
 * With kg_graph_bulk_set_threads() at two or more, large runs are copied into the store
 * at once, each on its own thread. A pair naming a node that is not live adds nothing
 * of any run (a critical warning).
 */
void kg_graph_add_edge_runs (KgGraph *graph, KgSymbol type, const KgNodeId *const *runs, const guint32 *n_pairs, guint n_runs);

/* --- Transactions --------------------------------------------------------------- */

/**
 * kg_graph_txn_begin / kg_graph_txn_commit / kg_graph_txn_rollback:
 * Between begin and commit every mutation is recorded; rollback undoes them all
 * (nodes, relationships, labels, properties, indexes, symbol ids may stay interned),
 * leaving the graph as it was at begin. Not nested.
 */
void kg_graph_txn_begin (KgGraph *graph);
void kg_graph_txn_commit (KgGraph *graph);
void kg_graph_txn_rollback (KgGraph *graph);

/**
 * KgTxnMark:
 * A point inside the running transaction (how much undo and redo it had recorded), so
 * one statement of a transaction of several can be undone alone.
 */
typedef struct
{
  guint undo_len;
  guint redo_len;
} KgTxnMark;

/** kg_graph_txn_active: Returns: TRUE between kg_graph_txn_begin() and its commit or rollback. */
gboolean kg_graph_txn_active (const KgGraph *graph);

/** kg_graph_txn_mark: Returns: the running transaction's present point. */
KgTxnMark kg_graph_txn_mark (const KgGraph *graph);
/**
 * kg_graph_txn_rollback_to:
 * Undoes the mutations recorded since @mark (and drops their redo records), leaving
 * the transaction running as it was at @mark.
 */
void kg_graph_txn_rollback_to (KgGraph *graph, const KgTxnMark *mark);

/* --- Constraints (constraint.c) ------------------------------------------------- */

/**
 * KgConstraintKind:
 * @KG_CONSTRAINT_UNIQUE: no two entities have equal values for all the keys (entities
 *   missing one of them are not compared)
 * @KG_CONSTRAINT_KEY: every entity has all the keys, and they are unique (NODE KEY,
 *   RELATIONSHIP KEY)
 * @KG_CONSTRAINT_EXISTS: every entity has the key (IS NOT NULL)
 * @KG_CONSTRAINT_TYPE: the key, where present, has one of the allowed types (IS :: T)
 */
typedef enum
{
  KG_CONSTRAINT_UNIQUE,
  KG_CONSTRAINT_KEY,
  KG_CONSTRAINT_EXISTS,
  KG_CONSTRAINT_TYPE,
} KgConstraintKind;

#define KG_CONSTRAINT_MAX_KEYS 8
/* KgConstraint.types: a bit per value type (1 << type), and for lists of one item
 * type, 1 << (KG_CONSTRAINT_LIST_SHIFT + item type). */
#define KG_CONSTRAINT_LIST_SHIFT 16

/**
 * KgConstraint:
 * A rule on the nodes with one label or the relationships of one type, checked on
 * every write (kg_graph_check_constraints()).
 */
typedef struct
{
  char *name;
  KgConstraintKind kind;
  gboolean edges;  /* on relationships of type @target, not nodes with label @target */
  KgSymbol target; /* the label or relationship type */
  guint n_keys;
  KgSymbol keys[KG_CONSTRAINT_MAX_KEYS];
  guint32 types;       /* KG_CONSTRAINT_TYPE: the allowed types (see above) */
  gboolean owns_index; /* its equality index was made for it, and goes with it */
} KgConstraint;

/** kg_graph_n_constraints: Returns: how many constraints the graph has, in creation order. */
guint kg_graph_n_constraints (const KgGraph *graph);
/** kg_graph_constraint_at: Returns: (transfer none): the @index-th constraint. */
const KgConstraint *kg_graph_constraint_at (const KgGraph *graph, guint index);
/** kg_graph_constraint_find: Returns: the position of the constraint called @name, or -1. */
int kg_graph_constraint_find (const KgGraph *graph, const char *name);
/**
 * kg_graph_add_constraint:
 * @spec: the constraint (copied; @owns_index is ignored)
 * @filename: (nullable): @span: (nullable): where the statement is, for the error
 * Checks the entities there are, then adds the constraint; a uniqueness or key
 * constraint on one node property gets an equality index if there is none (dropped
 * with it). Undone by a rollback, journalled as one record.
 * Returns: FALSE with KG_QUERY_ERROR_CONSTRAINT naming an entity that breaks it.
 */
gboolean kg_graph_add_constraint (KgGraph *graph, const KgConstraint *spec, const char *filename, const KgSpan *span, GError **error);
/** kg_graph_drop_constraint: removes the constraint called @name. Returns: FALSE if there was none. */
gboolean kg_graph_drop_constraint (KgGraph *graph, const char *name);
/**
 * kg_graph_check_constraints:
 * @since: (nullable): a point of the running transaction; NULL for its start
 * @filename: (nullable): the statement's file, for the error
 * Checks the nodes and relationships created or changed since @since.
 * Returns: FALSE with KG_QUERY_ERROR_CONSTRAINT naming the constraint and the entity.
 */
gboolean kg_graph_check_constraints (KgGraph *graph, const KgTxnMark *since, const char *filename, GError **error);
/**
 * kg_graph_check_constraints_from:
 * Checks the nodes from id @node_from and relationships from @edge_from on (what a
 * bulk load added, outside any transaction).
 */
gboolean kg_graph_check_constraints_from (KgGraph *graph, guint32 node_from, guint32 edge_from, const char *filename, GError **error);
/**
 * kg_constraint_type_text:
 * Returns: (transfer full): @types as Neo4j writes a property type ("INTEGER",
 *   "STRING | LIST<STRING NOT NULL>").
 */
char *kg_constraint_type_text (guint32 types);

/* --- Redo recording (graph/journal.h writes and applies the records) ----------- */

/**
 * kg_graph_set_redo:
 * Turns recording of redo changes on or off (off by default). Recording costs a few
 * bytes per mutation inside transactions; bulk loads are never recorded.
 */
void kg_graph_set_redo (KgGraph *graph, gboolean enabled);
/** kg_graph_redo_enabled: Returns: TRUE while redo changes are being recorded. */
gboolean kg_graph_redo_enabled (const KgGraph *graph);

/**
 * kg_graph_redo_data:
 * Returns: (transfer none) (nullable): the changes recorded by the running transaction
 *   (or the last one, after commit), @len bytes; NULL when recording is off.
 */
const guchar *kg_graph_redo_data (const KgGraph *graph, gsize *len);

/* --- Snapshots ------------------------------------------------------------------ */

/**
 * kg_graph_save:
 * Writes a binary snapshot atomically (a temporary file beside @path, then rename), with
 * a checksum.
 */
gboolean kg_graph_save (const KgGraph *graph, const char *path, GError **error);
/** kg_graph_load: Returns: (transfer full) (nullable): the graph in @path's snapshot. */
KgGraph *kg_graph_load (const char *path, GError **error);

/** kg_graph_memory_size: Returns: an estimate of the bytes the graph holds. */
gsize kg_graph_memory_size (const KgGraph *graph);

G_END_DECLS
