/* tests/fuzz/fuzz-loader.c — libFuzzer target for the corpus loader's readers: the
 * RFC 4180 CSV reader and the properties (map literal) parser.
 *
 * The invariants: every call either succeeds or sets exactly one KG_LOAD_ERROR whose
 * message starts with the file name; no crash, leak or overflow. It does not load whole
 * corpora (a corpus is a directory, not a byte string). Built with -DKG_FUZZ=ON (clang);
 * gcc builds link it with fuzz-loader-replay.c and run it over the checked-in corpus.
 */
#include <stdint.h>
#include <string.h>

#include <glib.h>

#include "loader/loader-private.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  GError *error = NULL;
  KgCsvReader reader;
  if (kg_csv_reader_open_data (&reader, "fuzz.csv", (const char *) data, size, &error))
    {
      g_autoptr (GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
      guint line = 0, last = 0;
      while (kg_csv_reader_next (&reader, fields, &line, &error))
        {
          g_assert_cmpuint (line, >=, last); /* records never go back */
          last = line;
          for (guint i = 0; i < fields->len; i++)
            {
              const char *cell = g_ptr_array_index (fields, i);
              KgValue v = KG_VALUE_INIT;
              char *reason = NULL;
              if (kg_literal_parse_map (cell, &v, &reason))
                {
                  g_assert_null (reason);
                  g_assert_cmpint (v.type, ==, KG_VALUE_MAP);
                  g_free (kg_literal_canonical (&v));
                  kg_value_clear (&v);
                }
              else
                {
                  g_assert_nonnull (reason);
                  g_free (reason);
                }
            }
        }
      kg_csv_reader_clear (&reader);
    }
  if (error != NULL)
    {
      g_assert_true (error->domain == KG_LOAD_ERROR);
      g_assert_true (g_str_has_prefix (error->message, "fuzz.csv:"));
      g_error_free (error);
    }
  return 0;
}
