/* tests/fuzz/fuzz-rdf.c — libFuzzer target for the RDF reader (loader/formats.h) and,
 * through it, the writer (export/formats.h).
 *
 * The first byte picks the syntax (N-Triples, N-Quads, Turtle, TriG); the rest is the
 * file. The invariants: a load either succeeds or fails with exactly one
 * "FILE:LINE:COL" error and leaves the graph empty; a graph that loaded is written out
 * in the same syntax, and that text loads into a graph of the same size and writes out
 * byte for byte the same. No crash, leak or hang. Built with -DKG_FUZZ=ON (clang); gcc
 * builds link it with onefile.c and replay tests/fuzz/corpus/rdf under ctest.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export/formats.h"
#include "loader/formats.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Returns: (transfer full): @g as RDF in @syntax. */
static char *
write_rdf (const KgGraph *g, KgRdfSyntax syntax, size_t *len)
{
  char *buf = NULL;
  FILE *out = open_memstream (&buf, len);
  g_assert (kg_export_rdf (g, out, syntax, NULL));
  fclose (out);
  return buf;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  if (size < 1 || size > 1 << 16)
    return 0;
  KgRdfSyntax syntax = (KgRdfSyntax) (data[0] % 4);
  g_autoptr (KgGraph) g = kg_graph_new ();
  GError *error = NULL;
  gboolean ok = kg_import_rdf_data (g, "fuzz.rdf", (const char *) data + 1, size - 1, syntax, NULL, &error);
  g_assert (ok == (error == NULL));
  if (!ok)
    {
      g_assert (error->domain == KG_LOAD_ERROR && g_str_has_prefix (error->message, "fuzz.rdf:"));
      g_assert (kg_graph_n_nodes (g) == 0 && kg_graph_n_edges (g) == 0);
      g_error_free (error);
      return 0;
    }

  size_t len = 0, len2 = 0;
  g_autofree char *text = write_rdf (g, syntax, &len);
  g_autoptr (KgGraph) back = kg_graph_new ();
  GError *again_error = NULL;
  if (!kg_import_rdf_data (back, "again.rdf", text, len, syntax, NULL, &again_error))
    g_error ("written RDF does not read back: %s\n%s", again_error->message, text);
  g_assert (kg_graph_n_nodes (back) == kg_graph_n_nodes (g));
  g_assert (kg_graph_n_edges (back) == kg_graph_n_edges (g));
  g_autofree char *again = write_rdf (back, syntax, &len2);
  if (len != len2 || memcmp (text, again, len) != 0)
    g_error ("written RDF changes when read back:\n%s\n---\n%s", text, again);
  return 0;
}
