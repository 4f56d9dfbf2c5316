/* tests/fuzz/fuzz-csv-records.c — libFuzzer target for the shared CSV record reader
 * (loader/csv-records.h), which LOAD CSV and the neo4j-admin import use.
 *
 * Differential: the same bytes are read four ways — from a mapped file, from a stream
 * with the normal read size, from a stream that reads a few bytes at a time (so records,
 * quotes, CRLFs and the byte order mark straddle window refills), and gzip'd through the
 * decompressor — and every way must hand out the same records: the same return codes,
 * lines, fields, quoting and problems. The first byte picks the delimiter and the small
 * read size. No crash, leak or hang. Built with -DKG_FUZZ=ON (clang); gcc builds link
 * it with onefile.c and replay the corpus.
 */
#include <stdlib.h>

#include "fuzz-split.h"
#include "loader/csv-records.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* The whole of @data gzip'd. */
static GBytes *
gzip_bytes (const uint8_t *data, size_t size)
{
  g_autoptr (GZlibCompressor) gz = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 1);
  g_autoptr (GOutputStream) mem = g_memory_output_stream_new_resizable ();
  g_autoptr (GOutputStream) out = g_converter_output_stream_new (mem, G_CONVERTER (gz));
  gsize written = 0;
  g_assert_true (g_output_stream_write_all (out, data, size, &written, NULL, NULL));
  g_assert_true (g_output_stream_close (out, NULL, NULL));
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (mem));
}

static void
open_stream (KgCsvRecords *r, GBytes *bytes, char delim, gsize chunk)
{
  g_autoptr (GInputStream) in = g_memory_input_stream_new_from_bytes (bytes);
  g_assert_true (kg_csv_records_open_stream (r, in, "fuzz.csv", delim, NULL));
  if (chunk > 0)
    r->chunk = chunk;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  if (size > 1 << 16)
    return 0;
  guint8 flags = size > 0 ? data[0] : 0;
  if (size > 0)
    data++, size--;
  char delim = (flags & 1) ? ';' : (flags & 2) ? '\t'
                                               : ',';
  gsize small = 1 + (flags >> 2) % 11;

  g_autofree char *path = fuzz_write_part (data, size, 0, "records.csv");
  g_autoptr (GBytes) plain = g_bytes_new (data, size);
  g_autoptr (GBytes) packed = gzip_bytes (data, size);

  enum
  {
    N = 4
  };
  KgCsvRecords r[N];
  g_assert_true (kg_csv_records_open_file (&r[0], path, delim, NULL));
  open_stream (&r[1], plain, delim, 0);
  open_stream (&r[2], plain, delim, small);
  open_stream (&r[3], packed, delim, small + 3);
  for (guint records = 0; records < 100000; records++)
    {
      int rc = kg_csv_records_next (&r[0]);
      for (guint k = 1; k < N; k++)
        {
          int rk = kg_csv_records_next (&r[k]);
          g_assert_cmpint (rk, ==, rc);
          if (rc == 0)
            continue;
          g_assert_cmpuint (r[k].rec_line, ==, r[0].rec_line);
          if (rc < 0)
            {
              g_assert_cmpstr (r[k].problem, ==, r[0].problem);
              continue;
            }
          g_assert_cmpuint (r[k].n_fields, ==, r[0].n_fields);
          for (guint i = 0; i < r[0].n_fields; i++)
            {
              const KgCsvField *a = &r[0].fields[i], *b = &r[k].fields[i];
              g_assert_cmpuint (b->len, ==, a->len);
              g_assert_cmpint (b->quoted, ==, a->quoted);
              g_assert_true (a->len == 0 || memcmp (a->s, b->s, a->len) == 0);
            }
        }
      if (rc == 0)
        break;
    }
  for (guint k = 0; k < N; k++)
    kg_csv_records_close (&r[k]);
  g_unlink (path);
  return 0;
}
