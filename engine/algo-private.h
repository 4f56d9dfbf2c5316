/* engine/algo-private.h — what the graph-algorithm procedures (algo-*.c) share: their
 * configuration maps, the projection they run on, the bridge to igraph and the cursor
 * that streams one value per node.
 *
 * A projection is the subgraph an algorithm sees: the nodes carrying any of the
 * configured labels (all nodes when none are given), the relationships of the configured
 * types (all when none) whose two ends are both projected, oriented as configured
 * (NATURAL, REVERSE or UNDIRECTED), with an optional numeric weight per relationship.
 * It is read straight from the store's adjacency, never through Cypher rows, and its
 * nodes are numbered 0..n-1 in node id order.
 *
 * igraph is not built thread-safe in Debian, so every call into it runs under one lock
 * (kg_algo_igraph_begin/end), which also routes igraph's interruption checks to the
 * query's cancellation, time and memory checks and igraph's progress reports to the
 * session's progress callback. Memory is charged before it is allocated: the
 * projection's arrays, the result arrays and igraph's copy of the graph. Not here: the procedure table
 * (proc-table.c) and the operator that runs calls (ops/op-proc-call.c).
 */
#pragma once

#include <igraph.h>

#include "engine/proc-registry.h"

G_BEGIN_DECLS

/* --- Configuration maps ------------------------------------------------------- */

typedef enum
{
  KG_CFG_INT,     /* an INTEGER */
  KG_CFG_NUMBER,  /* an INTEGER or a FLOAT */
  KG_CFG_BOOL,    /* a BOOLEAN */
  KG_CFG_STRING,  /* a STRING */
  KG_CFG_STRINGS, /* a STRING or a LIST of STRINGs */
  KG_CFG_NODE,    /* a NODE */
  KG_CFG_NODES,   /* a NODE or a LIST of NODEs */
} KgCfgType;

/** KgCfgKey: a key an algorithm's configuration map may hold, and its type. */
typedef struct
{
  const char *key;
  KgCfgType type;
} KgCfgKey;

/* The keys every algorithm accepts (the projection's). NULL-terminated lists of the
 * algorithm's own keys are passed next to these. */
#define KG_ALGO_PROJECTION_KEYS "nodeLabels, relationshipTypes, orientation, relationshipWeightProperty, defaultWeight"

typedef enum
{
  KG_ORIENT_NATURAL,
  KG_ORIENT_REVERSE,
  KG_ORIENT_UNDIRECTED,
} KgOrientation;

/**
 * KgAlgoConfig: a checked configuration map.
 * @map: the map (borrowed from the call's arguments)
 * @span: where it was written, for errors
 */
typedef struct
{
  const KgMap *map;
  const KgSpan *span;
  KgProcRun *run;
} KgAlgoConfig;

/**
 * kg_algo_config_check:
 * @keys: the algorithm's own keys, ending with { NULL }
 * Checks that every key of the call's first argument is a projection key or one of @keys,
 * with a value of its type (null counts as absent). Returns FALSE with @error set.
 */
gboolean kg_algo_config_check (KgProcRun *run, const KgValue *arg, const KgCfgKey *keys, KgAlgoConfig *cfg, GError **error);
/* Accessors; the key must be declared; each returns @def when the key is absent. */
gint64 kg_algo_config_int (const KgAlgoConfig *cfg, const char *key, gint64 def);
double kg_algo_config_number (const KgAlgoConfig *cfg, const char *key, double def);
gboolean kg_algo_config_bool (const KgAlgoConfig *cfg, const char *key, gboolean def);
/** kg_algo_config_get: Returns: (transfer none) (nullable): the value, NULL when absent or null. */
const KgValue *kg_algo_config_get (const KgAlgoConfig *cfg, const char *key);
/**
 * kg_algo_config_range:
 * Returns: FALSE with @error set when the number under @key is outside [@lo, @hi] (or
 *   (@lo, @hi] when @open_lo).
 */
gboolean kg_algo_config_range (const KgAlgoConfig *cfg, const char *key, double lo, double hi, gboolean open_lo, GError **error);

/* --- Progress and memory ------------------------------------------------------ */

/**
 * kg_algo_progress:
 * @fraction: the share of the work done, from 0 to 1; negative when not known
 * Reports where the procedure is (`phase`, printf-style, formatted only when the report
 * is due) to the session's progress callback, at most every tenth of a second.
 */
void kg_algo_progress (KgProcRun *run, double fraction, const char *fmt, ...) G_GNUC_PRINTF (3, 4);
/** kg_algo_progress_due: whether kg_algo_progress() would report now (for loops that
 * would otherwise read the clock too often, call it every few thousand steps). */
gboolean kg_algo_progress_due (KgProcRun *run);

/**
 * kg_algo_charge:
 * @what: what the memory is for ("the projection's relationships")
 * Charges @bytes to the query before they are allocated. Returns: FALSE with a
 *   KG_QUERY_ERROR_LIMIT error naming @what and both sizes when the query's memory
 *   limit (--max-memory) would be passed.
 */
gboolean kg_algo_charge (KgProcRun *run, guint64 bytes, const char *what, GError **error);
/** kg_algo_refund: gives back @bytes charged for memory freed or never used. */
void kg_algo_refund (KgProcRun *run, guint64 bytes);

/* --- Projections -------------------------------------------------------------- */

/**
 * KgProjection:
 * @n: projected nodes; @ids[i] is the graph's id of node i
 * @m: projected relationships; relationship j runs @src[j] → @dst[j] (already
 *   oriented: REVERSE swaps the ends; UNDIRECTED keeps the stored direction and sets
 *   @directed FALSE) and is the graph's relationship @edges[j]
 * @weights: (nullable): one weight per relationship, when a weight property was given
 * @out_off/@out_adj: the relationships out of each node (CSR over @src), indices into
 *   src/dst; for an undirected projection each relationship is listed at both ends
 */
typedef struct
{
  guint32 n;
  guint32 m;
  gboolean directed;
  KgOrientation orientation;
  KgNodeId *ids;
  guint32 *dense; /* graph node id → projected index, or KG_NONE; node_bound entries */
  guint32 dense_len;
  guint32 *src;
  guint32 *dst;
  KgEdgeId *edges;
  double *weights;
  guint32 *out_off; /* n + 1 offsets */
  guint32 *out_adj; /* relationship indices */
} KgProjection;

/**
 * kg_projection_build:
 * Builds the projection @cfg describes, charging its memory to the query and checking
 * for cancellation as it goes. Returns: (transfer full) (nullable): the projection, or
 * NULL with @error set (an unknown label or type, a non-numeric or negative weight...).
 */
KgProjection *kg_projection_build (const KgAlgoConfig *cfg, GError **error);
void kg_projection_free (KgProjection *p);
/**
 * kg_algo_setup:
 * Checks the configuration (the call's first argument) against @keys and builds its
 * projection. Returns: (transfer full) (nullable): the projection, or NULL with @error.
 */
KgProjection *kg_algo_setup (KgProcRun *run, const KgValue *args, const KgCfgKey *keys, KgAlgoConfig *cfg, GError **error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KgProjection, kg_projection_free)

/**
 * kg_projection_node:
 * Maps the value under @key (a NODE) to its projected index.
 * Returns: FALSE with @error set when the node is not in the projection.
 */
gboolean kg_projection_node (const KgProjection *p, const KgAlgoConfig *cfg, const KgValue *v, const char *key, guint32 *out, GError **error);

/* --- igraph ------------------------------------------------------------------- */

/**
 * kg_algo_igraph_begin:
 * Takes the igraph lock and points igraph's interruption checks at @run's query. Every
 * igraph call happens between begin and end.
 */
void kg_algo_igraph_begin (KgProcRun *run);

/**
 * kg_algo_igraph_uninterruptible:
 * Until kg_algo_igraph_end(), igraph's interruption checks answer "go on": the limits
 * are checked before the call and again after it. For igraph functions whose clean-up on
 * interruption is unsafe: the Debian igraph 0.10 betweenness frees a stack address when
 * interrupted (found under AddressSanitizer).
 */
void kg_algo_igraph_uninterruptible (void);
/**
 * kg_algo_igraph_end:
 * Releases the lock. Returns: FALSE with @error set when @rc (the last igraph result)
 *   is an error: the query's own (cancelled, timed out, over memory) when igraph was
 *   interrupted, else igraph's message.
 */
gboolean kg_algo_igraph_end (KgProcRun *run, igraph_error_t rc, GError **error);
/**
 * KgIgraphShape: which of the projection's relationships the igraph graph gets.
 * @KG_IGRAPH_ALL: all of them; igraph's edge j is the projection's relationship j
 * @KG_IGRAPH_NO_LOOPS: all but self loops
 * @KG_IGRAPH_SIMPLE: no self loops, one edge per pair of ends (the lightest)
 */
typedef enum
{
  KG_IGRAPH_ALL,
  KG_IGRAPH_NO_LOOPS,
  KG_IGRAPH_SIMPLE,
} KgIgraphShape;

/**
 * kg_projection_to_igraph:
 * @undirected: build an undirected graph even from a directed projection
 * @weights: (nullable): when not NULL (the projection must be weighted), initialised
 *   here and filled with one weight per igraph edge
 * Fills @g; the caller destroys @g and @weights. Call between begin and end.
 */
igraph_error_t kg_projection_to_igraph (const KgProjection *p, gboolean undirected, KgIgraphShape shape, igraph_t *g, igraph_vector_t *weights);

/* --- Streaming one value per node --------------------------------------------- */

/**
 * KgAlgoNodeValues: the state of a procedure yielding (node, value) for every projected
 * node in id order, or for the @n_rows nodes listed in @order (when not NULL): a FLOAT
 * from @scores or, when @scores is NULL, an INTEGER from @ints (indexed by node).
 */
typedef struct
{
  KgProjection *proj;
  double *scores;
  gint64 *ints;
  guint32 *order;
  guint32 n_rows;
  guint32 pos;
} KgAlgoNodeValues;

/**
 * kg_algo_node_values_new:
 * Takes @proj; charges and allocates one score (@floats) or integer per node and makes
 * the state run->state. Returns: (transfer none) (nullable): the state, or NULL with
 *   @error set (over the memory limit; @proj is freed).
 */
KgAlgoNodeValues *kg_algo_node_values_new (KgProcRun *run, KgProjection *proj, gboolean floats, GError **error);
KgOpStatus kg_algo_node_values_next (KgProcRun *run, KgValue *row, GError **error);
void kg_algo_node_values_close (KgProcRun *run);
/**
 * kg_algo_membership_to_ids:
 * Renames the communities of @membership (one per projected node) to the smallest graph
 * node id among their members, so that ids are stable and readable.
 */
void kg_algo_membership_to_ids (const KgProjection *p, const igraph_vector_int_t *membership, gint64 *out);

/* --- The algorithms (table rows in proc-table.c) ------------------------------- */

gboolean kg_algo_degree_open (KgProcRun *run, const KgValue *args, GError **error);
gboolean kg_algo_pagerank_open (KgProcRun *run, const KgValue *args, GError **error);
gboolean kg_algo_betweenness_open (KgProcRun *run, const KgValue *args, GError **error);
gboolean kg_algo_closeness_open (KgProcRun *run, const KgValue *args, GError **error);
gboolean kg_algo_wcc_open (KgProcRun *run, const KgValue *args, GError **error);
gboolean kg_algo_scc_open (KgProcRun *run, const KgValue *args, GError **error);
gboolean kg_algo_louvain_open (KgProcRun *run, const KgValue *args, GError **error);
gboolean kg_algo_leiden_open (KgProcRun *run, const KgValue *args, GError **error);
gboolean kg_algo_label_propagation_open (KgProcRun *run, const KgValue *args, GError **error);
gboolean kg_algo_triangles_open (KgProcRun *run, const KgValue *args, GError **error);
gboolean kg_algo_clustering_open (KgProcRun *run, const KgValue *args, GError **error);
gboolean kg_algo_kcore_open (KgProcRun *run, const KgValue *args, GError **error);
gboolean kg_algo_bfs_open (KgProcRun *run, const KgValue *args, GError **error);
gboolean kg_algo_dijkstra_open (KgProcRun *run, const KgValue *args, GError **error);
gboolean kg_algo_similarity_open (KgProcRun *run, const KgValue *args, GError **error);
/* Dijkstra and node similarity stream rows of their own shape. */
KgOpStatus kg_algo_dijkstra_next (KgProcRun *run, KgValue *row, GError **error);
void kg_algo_dijkstra_close (KgProcRun *run);
KgOpStatus kg_algo_similarity_next (KgProcRun *run, KgValue *row, GError **error);
void kg_algo_similarity_close (KgProcRun *run);

G_END_DECLS
