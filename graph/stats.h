/* graph/stats.h — what the planner knows of a graph's shape: how many nodes carry each
 * label, how relationships of each type spread over nodes (degree summaries, per
 * direction and per label of the node they leave), and for each (label, key) how many
 * nodes have it, how many distinct values it takes, its range and an equi-depth
 * histogram.
 *
 * The statistics are built in one pass over the graph, property figures from a sample
 * (at most KG_STATS_SAMPLE nodes per label), and kept with the graph. They are refreshed
 * lazily: a reader asking for them gets the last build unless the graph has changed
 * enough since (a share of its size, or any change in a small graph), so a run of single
 * writes does not rebuild them each time. Counts of labels and types are always read
 * live from the graph. Figures are estimates: nothing here may decide a result, only a
 * plan.
 *
 * Thread safety: several readers may ask at once (the build is guarded by a lock; each
 * caller holds its own reference to an immutable KgStats).
 */
#pragma once

#include "graph/graph.h"

G_BEGIN_DECLS

/* Nodes sampled per label for the property figures. */
#define KG_STATS_SAMPLE 8192
/* Buckets of a property's equi-depth histogram. */
#define KG_STATS_BUCKETS 32

typedef struct _KgStats KgStats;

/**
 * KgDegreeStats:
 * How the relationships of one type (or of all types) and one direction (OUT or IN) are
 * spread over the nodes they leave in that direction.
 */
typedef struct
{
  guint64 rels;  /* relationships counted */
  guint32 nodes; /* nodes with at least one */
  guint32 max;   /* the largest degree */
  guint32 p50, p90, p99;
  double sum_sq; /* the sum of the squared degrees */
} KgDegreeStats;

/**
 * KgPropStats:
 * One property key over the nodes of one label (from a sample).
 */
typedef struct
{
  double present;  /* estimated nodes of the label that have the key */
  double distinct; /* estimated distinct values among them */
  KgValue min, max;
  guint n_bounds;   /* 0, or KG_STATS_BUCKETS + 1 (or fewer when few values) */
  KgValue *bounds;  /* equi-depth bucket bounds in kg_value_order, bounds[0] = min */
  gboolean ordered; /* the values are mutually comparable (all numbers, all strings, ...) */
} KgPropStats;

/**
 * kg_graph_stats:
 * The graph's statistics, rebuilt first if they are missing or stale.
 * Returns: (transfer full): a reference, released with kg_stats_unref().
 */
KgStats *kg_graph_stats (const KgGraph *graph);

/** kg_graph_stats_refresh: rebuilds the statistics now (bulk loads call it at the end). */
void kg_graph_stats_refresh (KgGraph *graph);

/** kg_graph_stats_drop: frees the cached statistics (kg_graph_free() calls it). */
void kg_graph_stats_drop (KgGraph *graph);

KgStats *kg_stats_ref (KgStats *stats);
void kg_stats_unref (KgStats *stats);

/** kg_stats_version: Returns: the graph version the statistics were built at. */
guint64 kg_stats_version (const KgStats *stats);

/**
 * kg_stats_degree:
 * @type: a relationship type, or KG_NONE for all types
 * @dir: KG_DIR_OUT or KG_DIR_IN
 * Returns: (nullable): the degree summary, NULL when nothing of the type was seen.
 */
const KgDegreeStats *kg_stats_degree (const KgStats *stats, KgSymbol type, KgDirection dir);

/**
 * kg_stats_avg_degree:
 * The estimated number of relationships of @type (KG_NONE: any) in @dir (OUT, IN or
 * BOTH) at a node carrying @label (KG_NONE: any node): exact on average at the last
 * build, as it counts the relationships leaving nodes of that label.
 */
double kg_stats_avg_degree (const KgStats *stats, KgSymbol type, KgDirection dir, KgSymbol label);

/**
 * kg_stats_reached_degree:
 * The expected degree over @type (KG_NONE: any) in @dir (OUT or IN) of a node reached
 * through one of those relationships: a node with many is reached often, so this is
 * the sum of the squared degrees over the sum of the degrees, not the mean (a city
 * reached from one of its residents has, on average, as many residents as the big
 * cities have, not as many as the average city).
 */
double kg_stats_reached_degree (const KgStats *stats, KgSymbol type, KgDirection dir);

/**
 * kg_stats_end_label_share:
 * Of the relationships of @type (KG_NONE: any) entered in @dir from their other end,
 * the share whose node at this end carries @label: for `(a)-[:T]->(b:L)`,
 * kg_stats_end_label_share (s, T, KG_DIR_IN, L) is the share of T relationships that
 * arrive at a node labelled L. 1 when unknown.
 */
double kg_stats_end_label_share (const KgStats *stats, KgSymbol type, KgDirection dir, KgSymbol label);

/** kg_stats_prop: Returns: (nullable): the figures of @key on nodes of @label. */
const KgPropStats *kg_stats_prop (const KgStats *stats, KgSymbol label, KgSymbol key);

/**
 * kg_stats_eq_selectivity:
 * The share of the nodes of @label whose @key equals some one value (1 / distinct
 * values, times the share that has the key); a small default when nothing is known.
 */
double kg_stats_eq_selectivity (const KgStats *stats, KgSymbol label, KgSymbol key);

/**
 * kg_stats_range_selectivity:
 * @lo: (nullable): the lower bound, or NULL for none
 * @hi: (nullable): the upper bound, or NULL for none
 * The share of the nodes of @label whose @key lies between the bounds (inclusive or
 * not), read from the histogram; a default (one third per bound) when the histogram
 * cannot say (no figures, values not comparable with the bounds).
 */
double kg_stats_range_selectivity (const KgStats *stats, KgSymbol label, KgSymbol key, const KgValue *lo, gboolean lo_incl, const KgValue *hi, gboolean hi_incl);

G_END_DECLS
