/* tests/tck/tck-actual.c — canonical text of kgq's values, read through the graph.
 *
 * The counterpart of the expected-value reader in tck-value.c; see tck-value.h. The
 * text is the one value printer's canonical style (common/print.h) with the graph's
 * entity callback: this file adds nothing of its own to how a value is written.
 */
#include "tests/tck/tck-value.h"
#include "graph/graph-print.h"

void
tck_value_append_canon (GString *out, const KgGraph *graph, const KgValue *v, gboolean sort_lists)
{
  KgPrinter printer = kg_graph_printer (graph, KG_PRINT_CANON, sort_lists ? KG_PRINT_SORT_LISTS : 0);
  kg_value_print (out, v, &printer);
}

char *
tck_value_canon_actual (const KgGraph *graph, const KgValue *value, gboolean sort_lists)
{
  GString *out = g_string_new (NULL);
  tck_value_append_canon (out, graph, value, sort_lists);
  return g_string_free (out, FALSE);
}
