/* graph/graph-print.h — the printer's entity callback for a KgGraph.
 *
 * common/print.h prints values without knowing of graphs; this is the one place that
 * tells it what a node or relationship id of a KgGraph stands for (labels, type,
 * properties, endpoints). It reads the graph and never changes it.
 */
#pragma once

#include "common/print.h"
#include "graph/graph.h"

G_BEGIN_DECLS

/**
 * kg_graph_print_entity:
 * @graph: (type KgGraph): the graph, as the printer's user data
 *
 * A #KgPrintEntityFunc over @graph: fills @entity with the labels and properties of a
 * live node, or the type, properties and endpoints of a live relationship. The strings
 * and values point into @graph and stay valid until it changes.
 *
 * Returns: whether @id names a live entity of @type.
 */
gboolean kg_graph_print_entity (gpointer graph, KgValueType type, guint32 id, KgPrintEntity *entity);

/**
 * kg_graph_printer:
 * @graph: (nullable): the graph entities are read from; NULL prints them by id
 * Returns: a printer in @style with @flags whose entities are read from @graph.
 */
static inline KgPrinter
kg_graph_printer (const KgGraph *graph, KgPrintStyle style, guint flags)
{
  KgPrinter p = { style, flags, graph != NULL ? kg_graph_print_entity : NULL, (gpointer) graph };
  return p;
}

G_END_DECLS
