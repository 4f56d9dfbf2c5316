/* lib/report.c — reports on a database for people: the schema (`:schema`), the
 * completion names, DOT pictures of held results, and the statement splitter and
 * keyword lists and "did you mean" the kgq program needs from the parser, engine and
 * common/.
 *
 * Each report reads the graph under the session's read lock for the whole report, so
 * it describes one state of the graph. Nothing here changes the graph. Conflicts are
 * lib/conflicts.c, `kgq check` is lib/check.c.
 */
#include "lib/kgq-private.h"

#include <string.h>

#include "common/text.h"
#include "engine/expr.h"
#include "export/dot.h"
#include "parser/parser.h"

/* --- The schema ----------------------------------------------------------------- */

static int
cmp_str (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Counts each property key of node or relationship @id in @counts (@nk keys). */
static void
count_keys (const KgGraph *g, guint32 id, gboolean is_node, guint *counts, guint nk)
{
  guint n = is_node ? kg_graph_node_n_props (g, id) : kg_graph_edge_n_props (g, id);
  for (guint i = 0; i < n; i++)
    {
      KgSymbol key = KG_NONE;
      if (is_node)
        kg_graph_node_prop_at (g, id, i, &key);
      else
        kg_graph_edge_prop_at (g, id, i, &key);
      if (key < nk)
        counts[key]++;
    }
}

/* Each label or relationship type in use with its count, in the order first seen. */
static void
print_in_use (FILE *out, const KgGraph *g, KgSymbolKind kind)
{
  for (guint i = 0, n_syms = kg_graph_n_symbols (g, kind); i < n_syms; i++)
    {
      guint n = kind == KG_SYM_LABEL ? kg_graph_label_count (g, i) : kg_graph_type_count (g, i);
      if (n > 0)
        fprintf (out, "  %-30s %u\n", kg_graph_symbol_name (g, kind, i), n);
    }
}

void
kgq_session_write_schema (KgqSession *session, FILE *out)
{
  kgq_session_read_enter (session);
  const KgGraph *g = session->db->graph;
  fprintf (out, "%u nodes, %u relationships\n", kg_graph_n_nodes (g), kg_graph_n_edges (g));

  fprintf (out, "\nLabels:\n");
  print_in_use (out, g, KG_SYM_LABEL);
  fprintf (out, "\nRelationship types:\n");
  print_in_use (out, g, KG_SYM_TYPE);

  /* Property keys: how many nodes and relationships carry each. */
  guint nk = kg_graph_n_symbols (g, KG_SYM_KEY);
  g_autofree guint *on_nodes = g_new0 (guint, MAX (nk, 1));
  g_autofree guint *on_edges = g_new0 (guint, MAX (nk, 1));
  KgNodeIter it;
  KgNodeId node;
  kg_graph_nodes_init (g, KG_NONE, &it);
  while (kg_node_iter_next (&it, &node))
    count_keys (g, node, TRUE, on_nodes, nk);
  KgEdgeIter eit;
  KgEdgeId edge;
  kg_graph_edges_init (g, KG_NONE, &eit);
  while (kg_edge_iter_next (&eit, &edge))
    count_keys (g, edge, FALSE, on_edges, nk);
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < nk; i++)
    if (on_nodes[i] > 0 || on_edges[i] > 0)
      g_ptr_array_add (lines, g_strdup_printf ("  %-30s %u nodes, %u relationships",
                                               kg_graph_symbol_name (g, KG_SYM_KEY, i),
                                               on_nodes[i], on_edges[i]));
  g_ptr_array_sort (lines, cmp_str);
  fprintf (out, "\nProperty keys:\n");
  for (guint i = 0; i < lines->len; i++)
    fprintf (out, "%s\n", (char *) g_ptr_array_index (lines, i));

  /* Which labels each relationship type connects (a node's first label stands for it). */
  g_autoptr (GHashTable) patterns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  kg_graph_edges_init (g, KG_NONE, &eit);
  while (kg_edge_iter_next (&eit, &edge))
    {
      guint na = 0, nb = 0;
      const KgSymbol *la = kg_graph_node_labels (g, kg_graph_edge_src (g, edge), &na);
      const KgSymbol *lb = kg_graph_node_labels (g, kg_graph_edge_dst (g, edge), &nb);
      char *key = g_strdup_printf ("(%s%s)-[:%s]->(%s%s)", na > 0 ? ":" : "",
                                   na > 0 ? kg_graph_symbol_name (g, KG_SYM_LABEL, la[0]) : "",
                                   kg_graph_symbol_name (g, KG_SYM_TYPE, kg_graph_edge_type (g, edge)),
                                   nb > 0 ? ":" : "", nb > 0 ? kg_graph_symbol_name (g, KG_SYM_LABEL, lb[0]) : "");
      gpointer old = NULL;
      if (g_hash_table_lookup_extended (patterns, key, NULL, &old))
        {
          g_hash_table_insert (patterns, key, GUINT_TO_POINTER (GPOINTER_TO_UINT (old) + 1));
        }
      else
        g_hash_table_insert (patterns, key, GUINT_TO_POINTER (1));
    }
  g_autoptr (GPtrArray) plines = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter pit;
  gpointer pk, pv;
  g_hash_table_iter_init (&pit, patterns);
  while (g_hash_table_iter_next (&pit, &pk, &pv))
    g_ptr_array_add (plines, g_strdup_printf ("  %-60s %u", (char *) pk, GPOINTER_TO_UINT (pv)));
  g_ptr_array_sort (plines, cmp_str);
  fprintf (out, "\nPatterns:\n");
  for (guint i = 0; i < plines->len; i++)
    fprintf (out, "%s\n", (char *) g_ptr_array_index (plines, i));

  /* Equality indexes (CREATE INDEX / SHOW INDEXES). */
  g_autoptr (GPtrArray) ilines = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < kg_graph_n_indexes (g); i++)
    {
      KgSymbol l, k;
      kg_graph_index_at (g, i, &l, &k);
      g_ptr_array_add (ilines, g_strdup_printf ("  :%s(%s)", kg_graph_symbol_name (g, KG_SYM_LABEL, l),
                                                kg_graph_symbol_name (g, KG_SYM_KEY, k)));
    }
  g_ptr_array_sort (ilines, cmp_str);
  fprintf (out, "\nIndexes:\n");
  for (guint i = 0; i < ilines->len; i++)
    fprintf (out, "%s\n", (char *) g_ptr_array_index (ilines, i));
  kgq_session_read_leave (session);
}

/* --- Names for completion ------------------------------------------------------- */

char **
kgq_session_names (KgqSession *session, KgqNameKind kind)
{
  static const KgSymbolKind kinds[] = {
    [KGQ_NAME_LABEL] = KG_SYM_LABEL,
    [KGQ_NAME_TYPE] = KG_SYM_TYPE,
    [KGQ_NAME_KEY] = KG_SYM_KEY,
  };
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kinds), NULL);
  kgq_session_read_enter (session);
  const KgGraph *g = session->db->graph;
  guint n = kg_graph_n_symbols (g, kinds[kind]);
  char **names = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    names[i] = g_strdup (kg_graph_symbol_name (g, kinds[kind], i));
  kgq_session_read_leave (session);
  return names;
}

/* --- Statements and words ------------------------------------------------------- */

GArray *
kgq_split_statements (const char *src, gssize len)
{
  g_autoptr (GArray) slices = kg_parse_split (src, len);
  GArray *out = g_array_sized_new (FALSE, FALSE, sizeof (KgqStatementSlice), slices->len);
  for (guint i = 0; i < slices->len; i++)
    {
      const KgStatementSlice *s = &g_array_index (slices, KgStatementSlice, i);
      KgqStatementSlice q = { s->start, s->length, s->terminated };
      g_array_append_val (out, q);
    }
  return out;
}

gboolean
kgq_statement_is_complete (const char *buf)
{
  return kg_parse_is_complete (buf);
}

const char *const *
kgq_keywords (void)
{
  return kg_parse_keywords ();
}

const char *const *
kgq_function_names (void)
{
  return kg_function_names ();
}

/* Plain edit distance (case-insensitive), with a prefix counting as a match. */
const char *
kgq_suggest (const char *word, const char *const *names)
{
  const char *best = NULL;
  guint best_d = G_MAXUINT;
  for (const char *const *n = names; *n != NULL; n++)
    {
      guint d = kg_edit_distance (word, *n);
      if (word[0] != '\0' && g_str_has_prefix (*n, word))
        d = 0;
      if (d < best_d)
        {
          best_d = d;
          best = *n;
        }
    }
  gsize len = strlen (word);
  return best != NULL && best_d <= 2 && best_d < len ? best : NULL;
}

/* --- DOT ------------------------------------------------------------------------ */

gboolean
kgq_dot_layout_valid (const char *name)
{
  KgDotLayout layout;
  return kg_dot_layout_from_name (name, &layout);
}

char *
kgq_session_dot (KgqSession *session, const KgqRows *rows, const KgqDotOptions *options, KgqDotStats *stats)
{
  g_return_val_if_fail (session != NULL && rows != NULL, NULL);
  kgq_session_read_enter (session);
  g_autoptr (KgDotSubgraph) sg = kg_dot_subgraph_new (session->db->graph);
  for (guint r = 0; r < rows->rows->len; r++)
    for (guint c = 0; c < rows->columns->len; c++)
      kg_dot_subgraph_add_value (sg, kgq_rows_get (rows, r, c));
  gboolean empty = kg_dot_subgraph_is_empty (sg);
  if (options != NULL && options->mark_conflicts)
    kgq_mark_conflicts (session, sg);
  KgDotOptions dopts = {
    .max_nodes = options ? options->max_nodes : 0,
    .max_edges = 0,
    .highlight_paths = options ? options->highlight_paths : FALSE,
    .title = NULL,
    .layout = KG_DOT_LAYOUT_AUTO,
  };
  if (options != NULL && options->layout != NULL && !kg_dot_layout_from_name (options->layout, &dopts.layout))
    dopts.layout = KG_DOT_LAYOUT_AUTO;
  KgDotStats ds = { 0 };
  char *text = kg_dot_write (sg, &dopts, &ds);
  kgq_session_read_leave (session);
  if (stats != NULL)
    {
      stats->nodes = ds.nodes;
      stats->edges = ds.edges;
      stats->nodes_dropped = ds.nodes_dropped;
      stats->edges_dropped = ds.edges_dropped;
      stats->empty = empty;
    }
  return text;
}
