/* tests/fuzz/fuzz-csv.c — libFuzzer target for the neo4j-admin style CSV importer
 * (loader/csv-import.h).
 *
 * One input is up to four parts separated by form feeds: a nodes file (header and
 * rows), a second nodes file with its own header, a relationships file and a second
 * data-only part of that relationships group. The first byte picks options (integer or
 * string ids, skipping bad rows). The invariants: an import either succeeds or fails
 * with one KG_LOAD_ERROR and no graph; skipped rows are counted; a successful import
 * gives a graph whose relationships join live nodes. No crash, leak or hang. Built with
 * -DKG_FUZZ=ON (clang); gcc builds link it with onefile.c and replay the corpus.
 */
#include <stdlib.h>

#include "fuzz-split.h"
#include "loader/csv-import.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  if (size > 1 << 16)
    return 0;
  guint8 flags = size > 0 ? data[0] : 0;
  if (size > 0)
    data++, size--;
  size_t len_nodes2 = 0, len_rels = 0;
  g_autofree char *nodes = fuzz_write_part (data, size, 0, "nodes.csv");
  g_autofree char *nodes2 = fuzz_write_part_len (data, size, 1, "nodes2.csv", &len_nodes2);
  g_autofree char *rels = fuzz_write_part_len (data, size, 2, "rels.csv", &len_rels);
  g_autofree char *rels2 = fuzz_write_part (data, size, 3, "rels2.csv");

  g_autoptr (KgCsvImportSpec) spec = kg_csv_import_spec_new ();
  kg_csv_import_spec_set_skip_bad_rows (spec, (flags & 1) != 0);
  kg_csv_import_spec_set_id_type (spec, (flags & 2) ? KG_CSV_ID_INTEGER : KG_CSV_ID_STRING);
  if (flags & 4)
    kg_csv_import_spec_set_delimiter (spec, ';');
  const char *n1[] = { nodes, NULL };
  const char *n2[] = { nodes2, NULL };
  const char *r1[] = { rels, rels2, NULL };
  kg_csv_import_spec_add (spec, KG_CSV_NODES, "Person", n1);
  if (len_nodes2 > 0) /* empty parts are left out, so one-file inputs import */
    kg_csv_import_spec_add (spec, KG_CSV_NODES, NULL, n2);
  if (len_rels > 0)
    kg_csv_import_spec_add (spec, KG_CSV_RELATIONSHIPS, "KNOWS", r1);

  GError *error = NULL;
  KgCsvImportStats stats = { 0 };
  KgGraph *g = kg_csv_import_new (spec, &stats, &error);
  if (g == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == KG_LOAD_ERROR || error->domain == G_FILE_ERROR);
      g_debug ("%s", error->message);
      g_error_free (error);
    }
  else
    {
      g_assert_null (error);
      KgEdgeIter it;
      KgEdgeId e;
      kg_graph_edges_init (g, KG_NONE, &it);
      while (kg_edge_iter_next (&it, &e))
        {
          g_assert_true (kg_graph_node_exists (g, kg_graph_edge_src (g, e)));
          g_assert_true (kg_graph_node_exists (g, kg_graph_edge_dst (g, e)));
        }
      g_debug ("imported %u nodes, %u relationships", kg_graph_n_nodes (g), kg_graph_n_edges (g));
      kg_graph_free (g);
    }
  kg_csv_import_stats_clear (&stats);
  return 0;
}
