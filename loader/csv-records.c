/* loader/csv-records.c — the RFC 4180 record reader (see csv-records.h).
 *
 * Records are split in place: a line without a '"' is cut on the delimiter with memchr,
 * and only lines with quotes go through the RFC 4180 state machine (quoted delimiters,
 * "" escapes, newlines inside quotes). A mapped file is the whole data at once. A stream
 * is read into a window: before a record is split, ensure_record() makes sure the
 * window holds all of it (up to its line end outside quotes), moving the unread rest to
 * the front and reading more, and growing the window only when one record does not fit.
 * So the splitting code never meets the end of a window in the middle of a record, and
 * the memory held is the longest record plus one read's worth.
 *
 * It never prints and keeps no global state; values are converted by the callers.
 */
#include "loader/csv-records.h"

#include "common/error.h"

#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* How much a stream reader asks for at a time. */
#define READ_CHUNK ((gsize) 1 << 20)

static void
records_init (KgCsvRecords *r, const char *path, char delim)
{
  memset (r, 0, sizeof *r);
  r->path = path;
  r->delim = delim;
  r->line = 1;
  r->fields_cap = 16;
  r->fields = g_new (KgCsvField, r->fields_cap);
  r->scratch = g_string_sized_new (256);
}

gboolean
kg_csv_records_open_file (KgCsvRecords *r, const char *path, char delim, GError **error)
{
  GError *local = NULL;

  memset (r, 0, sizeof *r);
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, KG_LOAD_ERROR, KG_LOAD_ERROR_IO, "%s: is a directory, not a CSV file", path);
      return FALSE;
    }
  GMappedFile *map = g_mapped_file_new (path, FALSE, &local);
  if (map == NULL)
    {
      g_set_error (error, KG_LOAD_ERROR, KG_LOAD_ERROR_IO, "%s: %s", path, local->message);
      g_error_free (local);
      return FALSE;
    }
  records_init (r, path, delim);
  r->map = map;
  r->eof = TRUE;
  r->base = g_mapped_file_get_contents (r->map);
  if (r->base == NULL) /* an empty file maps to NULL; NULL + 0 is undefined */
    r->base = "";
  r->cur = r->base;
  r->end = r->base + g_mapped_file_get_length (r->map);
  r->released = r->base;
  /* A UTF-8 byte order mark is not part of the first field. */
  if (r->end - r->cur >= 3 && memcmp (r->cur, "\xef\xbb\xbf", 3) == 0)
    r->cur += 3;
#ifdef MADV_SEQUENTIAL
  if (r->end > r->base)
    madvise ((void *) ((guintptr) r->base & ~(guintptr) 4095), r->end - r->base, MADV_SEQUENTIAL);
#endif
  return TRUE;
}

void
kg_csv_records_open_range (KgCsvRecords *r, const char *path, char delim, const char *start, const char *end)
{
  records_init (r, path, delim);
  r->eof = TRUE;
  r->base = r->cur = r->released = start;
  r->end = end;
}

/* --- Streams ----------------------------------------------------------------------- */

/* Moves the unread rest of the window to its front and reads more after it, growing the
 * window when it is full. Returns: FALSE on a read error (r->io_error) or when a record
 * would pass KG_CSV_MAX_RECORD (r->problem). At the end of the stream sets r->eof. */
static gboolean
refill (KgCsvRecords *r)
{
  gsize keep = r->end - r->cur;
  if (keep > 0 && r->cur != r->buf)
    memmove (r->buf, r->cur, keep);
  if (r->buf_cap - keep < r->chunk / 2 + 1)
    {
      if (r->buf_cap >= KG_CSV_MAX_RECORD)
        {
          r->problem = "a record longer than 256 MiB (is a quote never closed?)";
          return FALSE;
        }
      r->buf_cap = MIN (MAX (r->buf_cap * 2, r->chunk), KG_CSV_MAX_RECORD + r->chunk);
      r->buf = g_realloc (r->buf, r->buf_cap);
    }
  r->base = r->cur = r->buf;
  r->end = r->buf + keep;
  gssize n = g_input_stream_read (r->in, r->buf + keep, MIN (r->buf_cap - keep, r->chunk), NULL, &r->io_error);
  if (n < 0)
    return FALSE;
  if (n == 0)
    r->eof = TRUE;
  r->end += n;
  return TRUE;
}

/* Where the record at @p ends (its '\n' outside quotes), scanning from @p with the
 * splitter's own quoting rules: a '"' opens a quoted section only at the start of a
 * field, and inside one a doubled quote is an escape. @state carries the scan across
 * refills: 0 at a field's start, 1 inside an unquoted field, 2 inside quotes, 3 at a
 * quote inside quotes (an escape or the closing one). Returns NULL when the window ends
 * first. */
static const char *
record_end (const char *p, const char *end, char delim, int *state)
{
  while (p < end)
    {
      if (*state == 1)
        {
          /* The common case: no quote before the line end. A quote is literal inside
           * an unquoted field; one right after a delimiter opens a quoted field. */
          const char *nl = memchr (p, '\n', end - p);
          const char *stop = nl != NULL ? nl : end;
          const char *q = memchr (p, '"', stop - p);
          if (q == NULL)
            {
              if (nl != NULL)
                return nl;
              *state = end[-1] == delim ? 0 : 1;
              return NULL;
            }
          *state = q > p && q[-1] == delim ? 2 : 1;
          p = q + 1;
          continue;
        }
      char c = *p;
      switch (*state)
        {
        case 0:
          if (c == '\n')
            return p;
          *state = c == '"' ? 2 : c == delim ? 0
                                             : 1;
          break;
        case 2:
          {
            const char *q = memchr (p, '"', end - p);
            if (q == NULL)
              return NULL;
            p = q;
            *state = 3;
          }
          break;
        default: /* 3 */
          if (c == '"')
            *state = 2;
          else if (c == '\n')
            return p;
          else
            *state = c == delim ? 0 : 1;
          break;
        }
      p++;
    }
  return NULL;
}

/* Makes the window hold the whole of the next record (or all that is left). Returns:
 * FALSE on a read error or a record too long. */
static gboolean
ensure_record (KgCsvRecords *r)
{
  int state = 0;
  gsize scanned = 0;
  for (;;)
    {
      if (record_end (r->cur + scanned, r->end, r->delim, &state) != NULL || r->eof)
        return TRUE;
      scanned = r->end - r->cur;
      if (!refill (r))
        return FALSE;
    }
}

gboolean
kg_csv_records_open_stream (KgCsvRecords *r, GInputStream *in, const char *name, char delim, GError **error)
{
  records_init (r, name, delim);
  /* Peeks at the first bytes through a buffer, which then stays in front of the reads. */
  g_autoptr (GInputStream) buffered = g_buffered_input_stream_new (in);
  g_autoptr (GError) local = NULL;
  if (g_buffered_input_stream_fill (G_BUFFERED_INPUT_STREAM (buffered), 2, NULL, &local) < 0)
    {
      g_set_error (error, KG_LOAD_ERROR, KG_LOAD_ERROR_IO, "%s:1: cannot read the file: %s", name, local->message);
      kg_csv_records_close (r);
      return FALSE;
    }
  gsize n = 0;
  const guint8 *head = g_buffered_input_stream_peek_buffer (G_BUFFERED_INPUT_STREAM (buffered), &n);
  if (n >= 2 && head[0] == 0x1f && head[1] == 0x8b)
    {
      g_autoptr (GZlibDecompressor) gz = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
      r->in = g_converter_input_stream_new (buffered, G_CONVERTER (gz));
    }
  else
    r->in = g_steal_pointer (&buffered);
  /* The window is filled by the first kg_csv_records_next(). */
  r->chunk = READ_CHUNK;
  r->buf_cap = 64;
  r->buf = g_malloc (r->buf_cap);
  r->base = r->cur = r->end = r->buf;
  r->at_start = TRUE;
  return TRUE;
}

/* --- Splitting records --------------------------------------------------------------- */

void
kg_csv_records_close (KgCsvRecords *r)
{
  if (r->map != NULL)
    g_mapped_file_unref (r->map);
  g_clear_object (&r->in);
  g_free (r->buf);
  g_free (r->fields);
  if (r->scratch != NULL)
    g_string_free (r->scratch, TRUE);
  g_clear_error (&r->io_error);
  memset (r, 0, sizeof *r);
}

void
kg_csv_records_release (KgCsvRecords *r)
{
  const gsize step = 64 << 20;
  long page;
  guintptr from, to;

  if (r->map == NULL || (gsize) (r->cur - r->released) < step || (page = sysconf (_SC_PAGESIZE)) <= 0)
    return;
  from = ((guintptr) r->released + page - 1) & ~(guintptr) (page - 1);
  to = (guintptr) r->cur & ~(guintptr) (page - 1);
  if (to > from)
    madvise ((void *) from, to - from, MADV_DONTNEED);
  r->released = r->cur;
}

static inline void
add_field (KgCsvRecords *r, const char *s, gsize len, gssize off, gboolean quoted)
{
  KgCsvField f = { s, len, off, quoted };
  if (G_UNLIKELY (r->n_fields == r->fields_cap))
    {
      r->fields_cap *= 2;
      r->fields = g_renew (KgCsvField, r->fields, r->fields_cap);
    }
  r->fields[r->n_fields++] = f;
}

gsize
kg_csv_count_newlines (const char *p, const char *end)
{
  gsize n = 0;

  while ((p = memchr (p, '\n', end - p)) != NULL)
    {
      n++;
      p++;
    }
  return n;
}

/* Skips the rest of the physical line at @p (after a quoting error). */
static void
skip_line (KgCsvRecords *r, const char *p)
{
  const char *nl = memchr (p, '\n', r->end - p);

  r->cur = nl != NULL ? nl + 1 : r->end;
  if (nl != NULL)
    r->line++;
}

/* The RFC 4180 path, for records with at least one '"'. */
static int
next_quoted (KgCsvRecords *r)
{
  const char *p = r->cur, *end = r->end;
  const char d = r->delim;

  for (;;)
    {
      if (p < end && *p == '"')
        {
          const char *start = ++p, *q;
          gboolean escaped = FALSE;

          for (;;)
            {
              q = memchr (p, '"', end - p);
              if (q == NULL)
                {
                  r->line += kg_csv_count_newlines (start, end);
                  r->cur = end;
                  r->problem = "unterminated quoted field";
                  return -1;
                }
              if (q + 1 < end && q[1] == '"')
                {
                  escaped = TRUE;
                  p = q + 2;
                  continue;
                }
              break;
            }
          r->line += kg_csv_count_newlines (start, q);
          if (escaped)
            {
              gssize off = r->scratch->len;
              for (const char *c = start; c < q; c++)
                {
                  g_string_append_c (r->scratch, *c);
                  if (*c == '"')
                    c++;
                }
              add_field (r, NULL, r->scratch->len - off, off, TRUE);
            }
          else
            add_field (r, start, q - start, -1, TRUE);
          p = q + 1;
          if (p < end && *p == d)
            {
              p++;
              continue;
            }
          if (p < end && *p == '\r' && (p + 1 == end || p[1] == '\n'))
            p++;
          if (p >= end || *p == '\n')
            break;
          r->problem = "unexpected text after a closing quote";
          skip_line (r, p);
          return -1;
        }
      else
        {
          const char *start = p;
          while (p < end && *p != d && *p != '\n')
            p++;
          const char *fe = p;
          if (fe > start && fe[-1] == '\r' && (p >= end || *p == '\n'))
            fe--;
          add_field (r, start, fe - start, -1, FALSE);
          if (p < end && *p == d)
            {
              p++;
              continue;
            }
          break;
        }
    }
  /* p is at the record's '\n' or at the end. */
  if (p < end)
    {
      p++;
      r->line++;
    }
  r->cur = p;
  return 1;
}

/* After a read error or a record too long nothing more is read. */
static int
stream_failed (KgCsvRecords *r)
{
  r->rec_line = r->line;
  r->cur = r->end;
  r->eof = TRUE;
  return r->io_error != NULL ? -2 : -1;
}

int
kg_csv_records_next (KgCsvRecords *r)
{
  const char *p, *nl, *eol, *line_end;
  const char d = r->delim;

  r->n_fields = 0;
  if (r->scratch->len > 0)
    g_string_truncate (r->scratch, 0);
  kg_csv_records_release (r);
  /* A stream's byte order mark, skipped before a record is scanned for (it would hide
   * a quote at the start of the first field). */
  while (r->at_start && r->end - r->cur < 3 && !r->eof)
    if (!refill (r))
      return stream_failed (r);
  if (r->at_start && r->end - r->cur >= 3 && memcmp (r->cur, "\xef\xbb\xbf", 3) == 0)
    r->cur += 3;
  r->at_start = FALSE;
  for (;;)
    {
      if (r->in != NULL && !ensure_record (r))
        return stream_failed (r);
      if (r->cur >= r->end)
        return 0;
      if (*r->cur == '\n')
        {
          r->cur++;
          r->line++;
          continue;
        }
      if (*r->cur == '\r' && (r->cur + 1 == r->end || r->cur[1] == '\n'))
        {
          r->cur++;
          continue;
        }
      break;
    }
  r->rec_line = r->line;
  nl = memchr (r->cur, '\n', r->end - r->cur);
  eol = nl != NULL ? nl : r->end;
  if (memchr (r->cur, '"', eol - r->cur) != NULL)
    {
      int rc = next_quoted (r);
      if (rc > 0)
        for (guint i = 0; i < r->n_fields; i++)
          {
            KgCsvField *f = &r->fields[i];
            if (f->off >= 0)
              f->s = r->scratch->str + f->off;
          }
      return rc;
    }
  line_end = eol;
  if (line_end > r->cur && line_end[-1] == '\r')
    line_end--;
  p = r->cur;
  for (;;)
    {
      const char *c = memchr (p, d, line_end - p);
      const char *fe = c != NULL ? c : line_end;
      add_field (r, p, fe - p, -1, FALSE);
      if (c == NULL)
        break;
      p = c + 1;
    }
  if (nl != NULL)
    {
      r->cur = nl + 1;
      r->line++;
    }
  else
    r->cur = r->end;
  return 1;
}
