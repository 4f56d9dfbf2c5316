/* tests/fuzz/fuzz-graphml.c — libFuzzer target for the GraphML reader
 * (loader/formats.h) and, through it, the writer (export/formats.h).
 *
 * The invariants: a load either succeeds or fails with exactly one error and leaves the
 * graph as it was (here: empty); a graph that loaded is written out again, and that
 * text loads into a graph of the same size and writes out byte for byte the same. No
 * crash, leak or hang. Built with -DKG_FUZZ=ON (clang); gcc builds link it with
 * onefile.c and replay tests/fuzz/corpus/graphml under ctest.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export/formats.h"
#include "loader/formats.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Returns: (transfer full): the GraphML text of @g. */
static char *
write_graphml (const KgGraph *g, size_t *len)
{
  char *buf = NULL;
  FILE *out = open_memstream (&buf, len);
  g_assert (kg_export_graphml (g, out, NULL));
  fclose (out);
  return buf;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  if (size > 1 << 16)
    return 0;
  g_autoptr (KgGraph) g = kg_graph_new ();
  GError *error = NULL;
  gboolean ok = kg_import_graphml_data (g, "fuzz.graphml", (const char *) data, size, NULL, &error);
  g_assert (ok == (error == NULL));
  if (!ok)
    {
      g_assert (error->domain == KG_LOAD_ERROR);
      g_assert (kg_graph_n_nodes (g) == 0 && kg_graph_n_edges (g) == 0);
      g_error_free (error);
      return 0;
    }

  size_t len = 0, len2 = 0;
  g_autofree char *text = write_graphml (g, &len);
  g_autoptr (KgGraph) back = kg_graph_new ();
  g_assert (kg_import_graphml_data (back, "again.graphml", text, len, NULL, NULL));
  g_assert (kg_graph_n_nodes (back) == kg_graph_n_nodes (g));
  g_assert (kg_graph_n_edges (back) == kg_graph_n_edges (g));
  g_autofree char *again = write_graphml (back, &len2);
  g_assert (len == len2 && memcmp (text, again, len) == 0);
  return 0;
}
