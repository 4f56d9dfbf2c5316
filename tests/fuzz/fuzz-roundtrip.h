/* tests/fuzz/fuzz-roundtrip.h — the read, write, read again driver shared by the fuzz
 * targets of the interchange formats whose reader and writer take nothing but the text
 * (JSON Lines, GraphML; RDF picks a syntax from the input, so fuzz-rdf.c keeps its own).
 *
 * The invariants: a load either succeeds or fails with exactly one error and leaves the
 * graph as it was (here: empty); a graph that loaded is written out again, and that
 * text loads into a graph of the same size and writes out byte for byte the same. No
 * crash, leak or hang. It only asserts; it keeps no state between inputs.
 */
#pragma once

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export/formats.h"
#include "loader/formats.h"

/* A format's reader of text in memory (kg_import_jsonl_data) and its writer (kg_export_jsonl). */
typedef gboolean (*FuzzImportFunc) (KgGraph *graph, const char *name, const char *data, gsize len, KgImportStats *stats, GError **error);
typedef gboolean (*FuzzExportFunc) (const KgGraph *graph, FILE *out, GError **error);

/* Returns: (transfer full): what @write makes of @g, @len bytes. */
static char *
fuzz_write (FuzzExportFunc write, const KgGraph *g, size_t *len)
{
  char *buf = NULL;
  FILE *out = open_memstream (&buf, len);
  g_assert (write (g, out, NULL));
  fclose (out);
  return buf;
}

/* Checks the invariants above on one input of @size bytes, which @read reads as a file
 * named "fuzz.@ext" and @write writes back. Inputs over 64 KiB are skipped. */
static int
fuzz_roundtrip (const uint8_t *data, size_t size, const char *ext, FuzzImportFunc read, FuzzExportFunc write)
{
  if (size > 1 << 16)
    return 0;
  g_autofree char *name = g_strdup_printf ("fuzz.%s", ext);
  g_autofree char *name2 = g_strdup_printf ("again.%s", ext);
  g_autoptr (KgGraph) g = kg_graph_new ();
  GError *error = NULL;
  gboolean ok = read (g, name, (const char *) data, size, NULL, &error);
  g_assert (ok == (error == NULL));
  if (!ok)
    {
      g_assert (error->domain == KG_LOAD_ERROR);
      g_assert (kg_graph_n_nodes (g) == 0 && kg_graph_n_edges (g) == 0);
      g_error_free (error);
      return 0;
    }

  size_t len = 0, len2 = 0;
  g_autofree char *text = fuzz_write (write, g, &len);
  g_autoptr (KgGraph) back = kg_graph_new ();
  g_assert (read (back, name2, text, len, NULL, NULL));
  g_assert (kg_graph_n_nodes (back) == kg_graph_n_nodes (g));
  g_assert (kg_graph_n_edges (back) == kg_graph_n_edges (g));
  g_autofree char *again = fuzz_write (write, back, &len2);
  g_assert (len == len2 && memcmp (text, again, len) == 0);
  return 0;
}
