/* export/dot.h — subgraphs of a graph as Graphviz DOT text.
 *
 * A KgDotSubgraph collects the nodes, relationships and paths found in result values
 * (inside lists and maps too); kg_dot_write() turns it into a `digraph` (never
 * `strict`, so parallel relationships stay apart) with synthetic node ids (n0, n1, ...
 * in node id order), the entity's name in `label=`, a shape and colour per label, a
 * colour per relationship type, the type and the `sources` of each relationship as the
 * edge label, conflicting claims drawn red and dashed, and paths optionally
 * highlighted. Every string is written quoted and escaped, so any name, keyword or
 * UTF-8 text is safe.
 *
 * This module only builds text. It does not run queries, render pictures or write
 * files; the CLI does that.
 */
#pragma once

#include <glib.h>

#include "graph/graph.h"

G_BEGIN_DECLS

#define KG_DOT_DEFAULT_MAX_NODES 300
#define KG_DOT_DEFAULT_MAX_EDGES 1000

typedef struct _KgDotSubgraph KgDotSubgraph;

/**
 * KgDotLayout:
 * The Graphviz engine the picture asks for (its `layout` attribute). AUTO picks by size:
 * `dot` (layered, left to right) up to KG_DOT_LAYERED_MAX_NODES nodes, `neato` with overlap
 * removal up to KG_DOT_NEATO_MAX_NODES, `sfdp` beyond.
 */
typedef enum
{
  KG_DOT_LAYOUT_AUTO,
  KG_DOT_LAYOUT_DOT,
  KG_DOT_LAYOUT_NEATO,
  KG_DOT_LAYOUT_SFDP,
  KG_DOT_LAYOUT_CIRCO,
} KgDotLayout;

#define KG_DOT_LAYERED_MAX_NODES 40
#define KG_DOT_NEATO_MAX_NODES 250

/** kg_dot_layout_from_name: "dot", "neato", "sfdp", "circo" or "auto"; FALSE for another name. */
gboolean kg_dot_layout_from_name (const char *name, KgDotLayout *out);

/**
 * KgDotOptions:
 * @max_nodes: nodes drawn before the rest are left out (0: KG_DOT_DEFAULT_MAX_NODES)
 * @max_edges: relationships drawn before the rest are left out (0: KG_DOT_DEFAULT_MAX_EDGES)
 * @highlight_paths: draw the nodes and relationships of returned paths in bold colour
 * @title: (nullable): a caption for the picture
 * @layout: the Graphviz engine, or KG_DOT_LAYOUT_AUTO to choose by size
 * @no_legend: leave out the legend of labels and relationship colours
 */
typedef struct
{
  guint max_nodes;
  guint max_edges;
  gboolean highlight_paths;
  const char *title;
  KgDotLayout layout;
  gboolean no_legend;
} KgDotOptions;

/**
 * KgDotStats:
 * @nodes: nodes written
 * @edges: relationships written
 * @nodes_dropped: nodes left out by the cap
 * @edges_dropped: relationships left out by the cap (or because an end was left out)
 */
typedef struct
{
  guint nodes;
  guint edges;
  guint nodes_dropped;
  guint edges_dropped;
} KgDotStats;

/** kg_dot_subgraph_new: Returns: (transfer full): an empty subgraph of @graph. */
KgDotSubgraph *kg_dot_subgraph_new (const KgGraph *graph);
void kg_dot_subgraph_free (KgDotSubgraph *sg);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KgDotSubgraph, kg_dot_subgraph_free)

/**
 * kg_dot_subgraph_add_value:
 * Adds what @value holds: a node; a relationship and its two ends; every node and
 * relationship of a path (remembered as part of a path for highlighting); the items of
 * lists and the values of maps, recursively. Other values are ignored.
 */
void kg_dot_subgraph_add_value (KgDotSubgraph *sg, const KgValue *value);

/** kg_dot_subgraph_mark_conflict: draws @edge as a conflicting claim (if it is drawn). */
void kg_dot_subgraph_mark_conflict (KgDotSubgraph *sg, KgEdgeId edge);

/** kg_dot_subgraph_is_empty: Returns: TRUE when nothing was added. */
gboolean kg_dot_subgraph_is_empty (const KgDotSubgraph *sg);

/**
 * kg_dot_write:
 * @stats: (out caller-allocates) (optional): what was written and what the cap left out
 * Returns: (transfer full): the DOT text. When the cap left something out, the text
 *   says so in a comment and in the picture's caption.
 */
char *kg_dot_write (KgDotSubgraph *sg, const KgDotOptions *opts, KgDotStats *stats);

/**
 * kg_dot_quote:
 * Appends @s as a DOT quoted string: `"` and `\` escaped, newlines as `\n`, tabs as blanks, other
 * control characters dropped, UTF-8 kept as is.
 */
void kg_dot_quote (GString *out, const char *s);

G_END_DECLS
