/* graph/graph-print.c — the printer's entity callback for a KgGraph (see graph-print.h).
 *
 * It only reads the store: labels in the order they were added, properties in the
 * store's order (the printer sorts them), a relationship's type as its one name.
 */
#include "graph/graph-print.h"

gboolean
kg_graph_print_entity (gpointer graph, KgValueType type, guint32 id, KgPrintEntity *entity)
{
  const KgGraph *g = graph;
  gboolean node = type == KG_VALUE_NODE;
  if (node ? !kg_graph_node_exists (g, id) : !kg_graph_edge_exists (g, id))
    return FALSE;
  if (node)
    {
      guint n_labels = 0;
      const KgSymbol *labels = kg_graph_node_labels (g, id, &n_labels);
      for (guint i = 0; i < n_labels; i++)
        g_ptr_array_add (entity->names, (gpointer) kg_graph_symbol_name (g, KG_SYM_LABEL, labels[i]));
    }
  else
    {
      g_ptr_array_add (entity->names, (gpointer) kg_graph_symbol_name (g, KG_SYM_TYPE, kg_graph_edge_type (g, id)));
      entity->src = kg_graph_edge_src (g, id);
      entity->dst = kg_graph_edge_dst (g, id);
    }
  guint n = node ? kg_graph_node_n_props (g, id) : kg_graph_edge_n_props (g, id);
  for (guint i = 0; i < n; i++)
    {
      KgSymbol key = KG_NONE;
      const KgValue *v = node ? kg_graph_node_prop_at (g, id, i, &key) : kg_graph_edge_prop_at (g, id, i, &key);
      g_ptr_array_add (entity->keys, (gpointer) kg_graph_symbol_name (g, KG_SYM_KEY, key));
      g_ptr_array_add (entity->values, (gpointer) v);
    }
  return TRUE;
}
