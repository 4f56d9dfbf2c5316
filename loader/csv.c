/* loader/csv.c — an RFC 4180 CSV reader for the corpus files, and header handling.
 *
 * Reads a whole file into memory and hands out one record at a time: comma-separated
 * fields, double-quoted fields that may hold commas, line breaks and doubled quotes, LF
 * or CRLF line ends. As the corpus format adds, lines starting with '#' and blank lines
 * between records are skipped. Errors name "FILE:LINE". It does not convert values
 * (the callers do) and is not the neo4j-admin import reader (loader/csv-import.c).
 */
#include "loader/loader-private.h"

#include <string.h>

gboolean
kg_csv_reader_open_data (KgCsvReader *reader, const char *name, const char *data, gsize len, GError **error)
{
  memset (reader, 0, sizeof *reader);
  const char *bad = NULL;
  if (!g_utf8_validate_len (data, len, &bad))
    {
      guint line = 1;
      for (const char *p = data; p < bad; p++)
        if (*p == '\n')
          line++;
      g_set_error (error, KG_LOAD_ERROR, KG_LOAD_ERROR_PARSE, "%s:%u: the file is not valid UTF-8",
                   name, line);
      return FALSE;
    }
  reader->path = g_strdup (name);
  reader->data = g_strndup (data, len);
  reader->len = len;
  reader->pos = 0;
  reader->line = 1;
  /* A byte-order mark is not part of the first header name. */
  if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    reader->pos = 3;
  return TRUE;
}

gboolean
kg_csv_reader_open (KgCsvReader *reader, const char *path, GError **error)
{
  memset (reader, 0, sizeof *reader);
  g_autoptr (GError) local = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;
  if (!g_file_get_contents (path, &data, &len, &local))
    {
      g_set_error (error, KG_LOAD_ERROR, KG_LOAD_ERROR_IO, "%s:0: cannot read the file: %s",
                   path, local->message);
      return FALSE;
    }
  return kg_csv_reader_open_data (reader, path, data, len, error);
}

void
kg_csv_reader_clear (KgCsvReader *reader)
{
  g_clear_pointer (&reader->path, g_free);
  g_clear_pointer (&reader->data, g_free);
  reader->len = reader->pos = 0;
}

/* Skips comment lines and blank lines; leaves pos at the start of a record or at EOF. */
static void
skip_non_records (KgCsvReader *r)
{
  while (r->pos < r->len)
    {
      const char *p = r->data + r->pos;
      gsize n = r->len - r->pos;
      const char *nl = memchr (p, '\n', n);
      gsize line_len = nl != NULL ? (gsize) (nl - p) : n;
      gboolean blank = TRUE;
      for (gsize i = 0; i < line_len; i++)
        if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r')
          {
            blank = FALSE;
            break;
          }
      if (!blank && p[0] != '#')
        return;
      r->pos += line_len;
      if (nl != NULL)
        {
          r->pos++;
          r->line++;
        }
    }
}

gboolean
kg_csv_reader_next (KgCsvReader *r, GPtrArray *fields, guint *line, GError **error)
{
  g_ptr_array_set_size (fields, 0);
  skip_non_records (r);
  if (r->pos >= r->len)
    return FALSE;

  *line = r->line;
  GString *field = g_string_new (NULL);
  for (;;)
    {
      /* At the start of a field. */
      gboolean quoted = FALSE;
      g_string_truncate (field, 0);
      if (r->pos < r->len && r->data[r->pos] == '"')
        {
          quoted = TRUE;
          r->pos++;
          guint open_line = r->line;
          for (;;)
            {
              if (r->pos >= r->len)
                {
                  g_set_error (error, KG_LOAD_ERROR, KG_LOAD_ERROR_PARSE,
                               "%s:%u: a quoted field is never closed", r->path, open_line);
                  g_string_free (field, TRUE);
                  return FALSE;
                }
              char c = r->data[r->pos++];
              if (c == '"')
                {
                  if (r->pos < r->len && r->data[r->pos] == '"')
                    {
                      g_string_append_c (field, '"');
                      r->pos++;
                      continue;
                    }
                  break;
                }
              if (c == '\n')
                r->line++;
              g_string_append_c (field, c);
            }
        }
      /* Unquoted text, or what follows the closing quote. */
      while (r->pos < r->len)
        {
          char c = r->data[r->pos];
          if (c == ',' || c == '\n')
            break;
          if (c == '\r' && (r->pos + 1 >= r->len || r->data[r->pos + 1] == '\n'))
            {
              r->pos++;
              continue;
            }
          if (quoted || c == '"')
            {
              g_set_error (error, KG_LOAD_ERROR, KG_LOAD_ERROR_PARSE,
                           quoted ? "%s:%u: unexpected text after a closing quote (a quote inside a quoted field is written twice)"
                                  : "%s:%u: a quote inside an unquoted field (quote the whole field and double the quote)",
                           r->path, r->line);
              g_string_free (field, TRUE);
              return FALSE;
            }
          g_string_append_c (field, c);
          r->pos++;
        }
      g_ptr_array_add (fields, g_strndup (field->str, field->len));
      if (r->pos >= r->len)
        break;
      char c = r->data[r->pos++];
      if (c == '\n')
        {
          r->line++;
          break;
        }
      /* c == ',': another field follows. */
    }
  g_string_free (field, TRUE);
  return TRUE;
}

/* --- Tables with a header ------------------------------------------------------- */

static const char *
column_name (const char *spec)
{
  return spec[0] == '!' ? spec + 1 : spec;
}

gboolean
kg_csv_table_open (KgCsvTable *t, const char *path, const char *const *columns, GError **error)
{
  memset (t, 0, sizeof *t);
  t->header = g_ptr_array_new_with_free_func (g_free);
  t->fields = g_ptr_array_new_with_free_func (g_free);
  t->n_wanted = g_strv_length ((char **) columns);
  t->col = g_new (int, t->n_wanted);
  for (guint i = 0; i < t->n_wanted; i++)
    t->col[i] = -1;

  if (!kg_csv_reader_open (&t->reader, path, error))
    return FALSE;
  guint line = 0;
  if (!kg_csv_reader_next (&t->reader, t->header, &line, error))
    {
      if (error == NULL || *error == NULL)
        g_set_error (error, KG_LOAD_ERROR, KG_LOAD_ERROR_PARSE, "%s:%u: the file has no header row",
                     path, t->reader.line);
      return FALSE;
    }

  g_autoptr (GPtrArray) known = g_ptr_array_new ();
  for (guint i = 0; i < t->n_wanted; i++)
    g_ptr_array_add (known, (gpointer) column_name (columns[i]));

  for (guint h = 0; h < t->header->len; h++)
    {
      const char *name = g_ptr_array_index (t->header, h);
      guint i;
      for (i = 0; i < t->n_wanted; i++)
        if (strcmp (name, column_name (columns[i])) == 0)
          break;
      if (i == t->n_wanted)
        {
          GString *list = g_string_new (NULL);
          for (guint k = 0; k < known->len; k++)
            g_string_append_printf (list, "%s%s", k ? ", " : "", (char *) g_ptr_array_index (known, k));
          g_set_error (error, KG_LOAD_ERROR, KG_LOAD_ERROR_UNKNOWN,
                       "%s:%u: unknown column '%s' (the columns are: %s)", path, line, name, list->str);
          g_string_free (list, TRUE);
          return FALSE;
        }
      if (t->col[i] != -1)
        {
          g_set_error (error, KG_LOAD_ERROR, KG_LOAD_ERROR_DUPLICATE,
                       "%s:%u: column '%s' appears twice", path, line, name);
          return FALSE;
        }
      t->col[i] = (int) h;
    }
  for (guint i = 0; i < t->n_wanted; i++)
    if (columns[i][0] == '!' && t->col[i] == -1)
      {
        g_set_error (error, KG_LOAD_ERROR, KG_LOAD_ERROR_INVALID,
                     "%s:%u: missing column '%s'", path, line, column_name (columns[i]));
        return FALSE;
      }
  return TRUE;
}

gboolean
kg_csv_table_next (KgCsvTable *t, GError **error)
{
  if (!kg_csv_reader_next (&t->reader, t->fields, &t->line, error))
    return FALSE;
  if (t->fields->len != t->header->len)
    {
      g_set_error (error, KG_LOAD_ERROR, KG_LOAD_ERROR_PARSE,
                   "%s:%u: %u fields where the header has %u", t->reader.path, t->line,
                   t->fields->len, t->header->len);
      return FALSE;
    }
  return TRUE;
}

const char *
kg_csv_table_get (const KgCsvTable *t, guint i)
{
  g_return_val_if_fail (i < t->n_wanted, "");
  int c = t->col[i];
  if (c < 0 || (guint) c >= t->fields->len)
    return "";
  return g_ptr_array_index (t->fields, c);
}

void
kg_csv_table_clear (KgCsvTable *t)
{
  kg_csv_reader_clear (&t->reader);
  g_clear_pointer (&t->header, g_ptr_array_unref);
  g_clear_pointer (&t->fields, g_ptr_array_unref);
  g_clear_pointer (&t->col, g_free);
}
