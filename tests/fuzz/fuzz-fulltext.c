/* tests/fuzz/fuzz-fulltext.c — libFuzzer target for the full-text query parser and
 * searcher (fulltext/fulltext.h).
 *
 * The input is a query string (the first line; invalid UTF-8 included) and, after it,
 * text to index as one document per line. The invariants: the parser either returns a
 * query or a KG_FT_ERROR, never both, and an error names a character of the query (or
 * the one after it); a parsed query prints; searching it either
 * returns hits sorted best first, each a document that was indexed, or a field error;
 * removing every document leaves an empty index. No crash, leak or hang. Built with
 * -DKG_FUZZ=ON (clang); gcc builds link it with onefile.c and replay the corpus.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fulltext/fulltext.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  if (size > 1 << 14)
    return 0;
  g_autofree char *src = g_strndup ((const char *) data, size); /* stops at a NUL byte */
  char *nl = strchr (src, '\n');
  const char *docs = "";
  if (nl != NULL)
    {
      *nl = '\0';
      docs = nl + 1;
    }
  const char *fields[] = { "name", "aliases" };
  g_autoptr (KgFtIndex) idx = kg_ft_index_new (fields, 2, "english", NULL);
  g_auto (GStrv) lines = g_strsplit (docs, "\n", 64);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      KgValue v = kg_value_string (lines[i]);
      kg_ft_index_add (idx, i * 3, i % 2, &v);
      kg_value_clear (&v);
    }

  GError *error = NULL;
  guint at = 0;
  KgFtQuery *q = kg_ft_query_parse (src, &at, &error);
  if ((q == NULL) == (error == NULL))
    abort ();
  glong n_chars = g_utf8_validate (src, -1, NULL) ? g_utf8_strlen (src, -1) : 0;
  if (q == NULL)
    {
      if (error->domain != KG_FT_ERROR || at < 1 || at > (guint) n_chars + 1)
        abort ();
      g_clear_error (&error);
    }
  else
    {
      g_free (kg_ft_query_to_string (q));
      GArray *hits = kg_ft_index_search (idx, q, &at, &error);
      if ((hits == NULL) == (error == NULL) || (hits == NULL && (at < 1 || at > (guint) n_chars + 1)))
        abort ();
      for (guint i = 0; hits != NULL && i < hits->len; i++)
        {
          const KgFtHit *h = &g_array_index (hits, KgFtHit, i);
          if (h->doc % 3 != 0 || h->doc / 3 >= g_strv_length (lines))
            abort ();
          if (i > 0 && g_array_index (hits, KgFtHit, i - 1).score < h->score)
            abort ();
        }
      if (hits != NULL)
        g_array_unref (hits);
      g_clear_error (&error);
      kg_ft_query_free (q);
    }
  for (guint i = 0; lines[i] != NULL; i++)
    {
      KgValue v = kg_value_string (lines[i]);
      kg_ft_index_remove (idx, i * 3, i % 2, &v);
      kg_value_clear (&v);
    }
  if (kg_ft_index_n_docs (idx) != 0 || kg_ft_index_n_terms (idx) != 0)
    abort ();
  return 0;
}
