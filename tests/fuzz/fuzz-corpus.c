/* tests/fuzz/fuzz-corpus.c — libFuzzer target for the corpus loader (loader/loader.h):
 * a whole corpus directory built from one input.
 *
 * The input is five parts separated by form feeds: documents.csv, entities.csv,
 * labels.csv, relations.csv and claims/c.csv. The invariants: kg_corpus_load() either
 * succeeds or fails with one KG_LOAD_ERROR (or G_FILE_ERROR) and leaves the graph
 * empty; on success conflict finding runs to the end. No crash, leak or hang. Built
 * with -DKG_FUZZ=ON (clang); gcc builds link it with onefile.c and replay the corpus.
 */
#include <stdlib.h>

#include "fuzz-split.h"
#include "loader/loader.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  if (size > 1 << 16)
    return 0;
  static const char *const names[] = { "documents.csv", "entities.csv", "labels.csv", "relations.csv", "claims/c.csv" };
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_free (fuzz_write_part (data, size, i, names[i]));

  g_autoptr (KgGraph) g = kg_graph_new ();
  GError *error = NULL;
  KgCorpusInfo *info = NULL;
  if (kg_corpus_load (g, fuzz_tmpdir (), &info, &error))
    {
      g_assert_null (error);
      GPtrArray *conflicts = info->single_valued != NULL
                                 ? kg_corpus_find_conflicts (g, (const char *const *) info->single_valued)
                                 : NULL;
      if (conflicts)
        g_ptr_array_unref (conflicts);
      g_debug ("loaded %u nodes", kg_graph_n_nodes (g));
      kg_corpus_info_free (info);
    }
  else
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == KG_LOAD_ERROR || error->domain == G_FILE_ERROR);
      g_debug ("%s", error->message);
      g_assert_cmpuint (kg_graph_n_nodes (g), ==, 0);
      g_error_free (error);
    }
  return 0;
}
