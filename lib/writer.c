/* lib/writer.c — result writers: table, CSV, TSV, JSON, JSON lines, Markdown and vertical.
 *
 * A KgqWriter takes the column names, then rows of KgValues, and writes one result in
 * one format. CSV, TSV, JSON and JSON lines stream each row as it arrives; a table and
 * Markdown need every width first, so they hold the rows until the end. Values are
 * shown with kgq_format_value() (tables, CSV, TSV, Markdown) or as JSON (see
 * docs/cli.md for the shapes of nodes, relationships and paths).
 *
 * This file writes to the FILE it is given and nothing else; it never runs queries.
 */
#include "lib/kgq-private.h"

#include <string.h>

/* --- Formats -------------------------------------------------------------------- */

static const char *const format_names[] = {
  [KGQ_FORMAT_TABLE] = "table",
  [KGQ_FORMAT_CSV] = "csv",
  [KGQ_FORMAT_TSV] = "tsv",
  [KGQ_FORMAT_JSON] = "json",
  [KGQ_FORMAT_JSONL] = "jsonl",
  [KGQ_FORMAT_MARKDOWN] = "markdown",
  [KGQ_FORMAT_VERTICAL] = "vertical",
};

gboolean
kgq_format_parse (const char *name, KgqFormat *format)
{
  for (guint i = 0; i < G_N_ELEMENTS (format_names); i++)
    if (g_ascii_strcasecmp (name, format_names[i]) == 0)
      {
        *format = (KgqFormat) i;
        return TRUE;
      }
  if (g_ascii_strcasecmp (name, "md") == 0)
    {
      *format = KGQ_FORMAT_MARKDOWN;
      return TRUE;
    }
  if (g_ascii_strcasecmp (name, "ndjson") == 0)
    {
      *format = KGQ_FORMAT_JSONL;
      return TRUE;
    }
  return FALSE;
}

const char *
kgq_format_name (KgqFormat format)
{
  return format_names[format];
}

/* --- Held results --------------------------------------------------------------- */

typedef struct
{
  guint n;
  KgValue vals[];
} Row;

static void
row_free (gpointer p)
{
  Row *r = p;
  for (guint i = 0; i < r->n; i++)
    kg_value_clear (&r->vals[i]);
  g_free (r);
}

KgqRows *
kgq_rows_new (void)
{
  KgqRows *rows = g_new0 (KgqRows, 1);
  rows->columns = g_ptr_array_new_with_free_func (g_free);
  rows->rows = g_ptr_array_new_with_free_func (row_free);
  return rows;
}

void
kgq_rows_free (KgqRows *rows)
{
  if (rows == NULL)
    return;
  g_ptr_array_unref (rows->columns);
  g_ptr_array_unref (rows->rows);
  g_free (rows);
}

void
kgq_rows_add (KgqRows *rows, const KgValue *const *values, guint n)
{
  Row *r = g_malloc (sizeof (Row) + n * sizeof (KgValue));
  r->n = n;
  for (guint i = 0; i < n; i++)
    kg_value_copy (values[i], &r->vals[i]);
  g_ptr_array_add (rows->rows, r);
}

const KgValue *
kgq_rows_get (const KgqRows *rows, guint row, guint col)
{
  const Row *r = g_ptr_array_index (rows->rows, row);
  return &r->vals[col];
}

/* --- Text helpers --------------------------------------------------------------- */

/* Display width of UTF-8 text: wide (East Asian) characters take two columns. */
static guint
text_width (const char *s)
{
  guint w = 0;
  const char *p = s;
  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char_validated (p, -1);
      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          w++; /* an invalid byte shows as one replacement character */
          p++;
          continue;
        }
      if (!g_unichar_iszerowidth (c))
        w += g_unichar_iswide (c) ? 2 : 1;
      p = g_utf8_next_char (p);
    }
  return w;
}

/* The value as one line of table text: strings bare, control characters escaped. */
static char *
cell_text (KgqSession *s, const KgValue *v)
{
  g_autoptr (GString) raw = g_string_new (NULL);
  kgq_format_value (s, raw, v, FALSE);
  GString *out = g_string_sized_new (raw->len);
  for (const char *p = raw->str; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          if ((guchar) *p < 0x20)
            g_string_append_printf (out, "\\u%04x", (guchar) *p);
          else
            g_string_append_c (out, *p);
        }
    }
  return g_string_free (out, FALSE);
}

/* Appends @s cut to @width display columns (with "…" when cut), padded to @width. */
static void
append_fit (GString *out, const char *s, guint width, gboolean right)
{
  guint w = text_width (s);
  if (w <= width)
    {
      if (right)
        for (guint i = w; i < width; i++)
          g_string_append_c (out, ' ');
      g_string_append (out, s);
      if (!right)
        for (guint i = w; i < width; i++)
          g_string_append_c (out, ' ');
      return;
    }
  guint used = 0;
  const char *p = s;
  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char_validated (p, -1);
      guint cw = (c == (gunichar) -1 || c == (gunichar) -2) ? 1 : (g_unichar_iswide (c) ? 2 : 1);
      if (used + cw > width - 1)
        break;
      const char *next = (c == (gunichar) -1 || c == (gunichar) -2) ? p + 1 : g_utf8_next_char (p);
      g_string_append_len (out, p, next - p);
      used += cw;
      p = next;
    }
  g_string_append (out, "…");
  used++;
  for (; used < width; used++)
    g_string_append_c (out, ' ');
}

/* --- JSON ----------------------------------------------------------------------- */

static void
json_string (GString *out, const char *s)
{
  kg_string_append_quoted (out, s, '"', FALSE);
}

/* JSON text of a value: the one printer's JSON style (see docs/cli.md for the shapes of
 * nodes, relationships and paths). */
static void
json_value (KgqSession *s, GString *out, const KgValue *v)
{
  kgq_print_value (s, out, v, KG_PRINT_JSON, 0);
}

/* --- CSV and TSV ---------------------------------------------------------------- */

static void
csv_field (GString *out, const char *s)
{
  gboolean quote = s[0] == ' ' || (s[0] != '\0' && s[strlen (s) - 1] == ' ') ||
                   strpbrk (s, ",\"\r\n") != NULL;
  if (!quote)
    {
      g_string_append (out, s);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = s; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
tsv_field (GString *out, const char *s)
{
  for (const char *p = s; *p != '\0'; p++)
    switch (*p)
      {
      case '\t':
        g_string_append (out, "\\t");
        break;
      case '\n':
        g_string_append (out, "\\n");
        break;
      case '\r':
        g_string_append (out, "\\r");
        break;
      case '\\':
        g_string_append (out, "\\\\");
        break;
      default:
        g_string_append_c (out, *p);
      }
}

/* Field @i of a CSV or TSV line: the separator before all but the first, then @s
 * quoted (CSV) or escaped (TSV); NULL (a null value) leaves the field empty. */
static void
delimited_field (GString *out, KgqFormat format, guint i, const char *s)
{
  if (i > 0)
    g_string_append_c (out, format == KGQ_FORMAT_CSV ? ',' : '\t');
  if (s == NULL)
    return;
  if (format == KGQ_FORMAT_CSV)
    csv_field (out, s);
  else
    tsv_field (out, s);
}

/* --- Writers -------------------------------------------------------------------- */

struct _KgqWriter
{
  KgqSession *session;
  KgqFormat format;
  FILE *out;
  KgqTableOpts table;
  guint n_columns;
  GPtrArray *names; /* char * */
  KgqRows *held;    /* table and markdown */
  guint64 n_rows;
  GString *buf;
};

KgqWriter *
kgq_writer_new (KgqSession *s, KgqFormat format, FILE *out, const KgqTableOpts *table)
{
  KgqWriter *w = g_new0 (KgqWriter, 1);
  w->session = s;
  w->format = format;
  w->out = out;
  if (table != NULL)
    w->table = *table;
  else
    w->table.footer = TRUE;
  w->names = g_ptr_array_new_with_free_func (g_free);
  w->buf = g_string_new (NULL);
  return w;
}

void
kgq_writer_free (KgqWriter *w)
{
  if (w == NULL)
    return;
  g_ptr_array_unref (w->names);
  kgq_rows_free (w->held);
  g_string_free (w->buf, TRUE);
  g_free (w);
}

static void
flush_buf (KgqWriter *w)
{
  fwrite (w->buf->str, 1, w->buf->len, w->out);
  g_string_truncate (w->buf, 0);
}

static void writer_begin (KgqWriter *w, guint n_columns, const char *const *names, gboolean header);

void
kgq_writer_begin (KgqWriter *w, guint n_columns, const char *const *names)
{
  writer_begin (w, n_columns, names, TRUE);
}

void
kgq_writer_continue (KgqWriter *w, guint n_columns, const char *const *names)
{
  writer_begin (w, n_columns, names, FALSE);
}

static void
writer_begin (KgqWriter *w, guint n_columns, const char *const *names, gboolean header)
{
  w->n_columns = n_columns;
  for (guint i = 0; i < n_columns; i++)
    g_ptr_array_add (w->names, g_strdup (names[i]));
  GString *b = w->buf;
  switch (w->format)
    {
    case KGQ_FORMAT_TABLE:
    case KGQ_FORMAT_MARKDOWN:
      w->held = kgq_rows_new ();
      for (guint i = 0; i < n_columns; i++)
        g_ptr_array_add (w->held->columns, g_strdup (names[i]));
      break;
    case KGQ_FORMAT_CSV:
    case KGQ_FORMAT_TSV:
      if (!header)
        break;
      for (guint i = 0; i < n_columns; i++)
        delimited_field (b, w->format, i, names[i]);
      g_string_append_c (b, '\n');
      break;
    case KGQ_FORMAT_JSON:
      g_string_append_c (b, '[');
      break;
    case KGQ_FORMAT_JSONL:
    case KGQ_FORMAT_VERTICAL:
      break;
    }
  flush_buf (w);
}

/* One `key: value` line per column (names padded to the widest), after a line that
 * numbers the row: for rows too wide for a table. */
static void
vertical_row (KgqWriter *w, const KgValue *const *values)
{
  GString *b = w->buf;
  guint pad = 0;
  for (guint i = 0; i < w->n_columns; i++)
    pad = MAX (pad, text_width (g_ptr_array_index (w->names, i)));
  g_string_append_printf (b, "-[ row %" G_GUINT64_FORMAT " ]", w->n_rows);
  for (guint i = 0; i < 20; i++)
    g_string_append_c (b, '-');
  g_string_append_c (b, '\n');
  for (guint i = 0; i < w->n_columns; i++)
    {
      const char *name = g_ptr_array_index (w->names, i);
      g_string_append (b, name);
      g_string_append_c (b, ':');
      for (guint k = text_width (name); k <= pad; k++)
        g_string_append_c (b, ' ');
      g_autofree char *cell = cell_text (w->session, values[i]);
      g_string_append (b, cell);
      g_string_append_c (b, '\n');
    }
}

void
kgq_append_json_row (KgqSession *s, GString *out, guint n, const char *const *names, const KgValue *const *values)
{
  /* One lock hold for the row, so its entities are read from one state of the graph. */
  if (s != NULL)
    kgq_session_read_enter (s);
  g_string_append_c (out, '{');
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      json_string (out, names[i]);
      g_string_append_c (out, ':');
      json_value (s, out, values[i]);
    }
  g_string_append_c (out, '}');
  if (s != NULL)
    kgq_session_read_leave (s);
}

static void
json_row (KgqWriter *w, const KgValue *const *values)
{
  kgq_append_json_row (w->session, w->buf, w->n_columns, (const char *const *) w->names->pdata, values);
}

void
kgq_writer_row (KgqWriter *w, const KgValue *const *values)
{
  GString *b = w->buf;
  w->n_rows++;
  switch (w->format)
    {
    case KGQ_FORMAT_TABLE:
    case KGQ_FORMAT_MARKDOWN:
      kgq_rows_add (w->held, values, w->n_columns);
      return;
    case KGQ_FORMAT_CSV:
    case KGQ_FORMAT_TSV:
      for (guint i = 0; i < w->n_columns; i++)
        {
          g_autoptr (GString) cell = NULL;
          if (values[i]->type != KG_VALUE_NULL)
            {
              cell = g_string_new (NULL);
              kgq_format_value (w->session, cell, values[i], FALSE);
            }
          delimited_field (b, w->format, i, cell != NULL ? cell->str : NULL);
        }
      g_string_append_c (b, '\n');
      break;
    case KGQ_FORMAT_JSON:
      g_string_append (b, w->n_rows == 1 ? "\n" : ",\n");
      json_row (w, values);
      break;
    case KGQ_FORMAT_JSONL:
      json_row (w, values);
      g_string_append_c (b, '\n');
      break;
    case KGQ_FORMAT_VERTICAL:
      vertical_row (w, values);
      break;
    }
  flush_buf (w);
}

static void
write_table (KgqSession *s, const KgqRows *rows, FILE *out, const KgqTableOpts *opts)
{
  guint nc = rows->columns->len;
  guint nr = rows->rows->len;
  guint shown = (opts->max_rows > 0 && nr > opts->max_rows) ? opts->max_rows : nr;
  g_autofree guint *width = g_new0 (guint, MAX (nc, 1));
  g_autoptr (GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  for (guint c = 0; c < nc; c++)
    width[c] = MAX (text_width (g_ptr_array_index (rows->columns, c)), 1);
  for (guint r = 0; r < shown; r++)
    for (guint c = 0; c < nc; c++)
      {
        char *t = cell_text (s, kgq_rows_get (rows, r, c));
        width[c] = MAX (width[c], text_width (t));
        g_ptr_array_add (cells, t);
      }

  /* Shrink the widest columns until the table fits the terminal. */
  if (opts->width > 0 && nc > 0)
    {
      guint total;
      for (;;)
        {
          total = 1;
          for (guint c = 0; c < nc; c++)
            total += width[c] + 3;
          if (total <= opts->width)
            break;
          guint widest = 0;
          for (guint c = 1; c < nc; c++)
            if (width[c] > width[widest])
              widest = c;
          if (width[widest] <= 4)
            break;
          width[widest]--;
        }
    }

  g_autoptr (GString) b = g_string_new (NULL);
  g_autoptr (GString) rule = g_string_new ("+");
  for (guint c = 0; c < nc; c++)
    {
      for (guint i = 0; i < width[c] + 2; i++)
        g_string_append_c (rule, '-');
      g_string_append_c (rule, '+');
    }
  g_string_append_c (rule, '\n');

  if (nc > 0)
    {
      g_string_append (b, rule->str);
      g_string_append (b, "|");
      for (guint c = 0; c < nc; c++)
        {
          g_string_append_c (b, ' ');
          append_fit (b, g_ptr_array_index (rows->columns, c), width[c], FALSE);
          g_string_append (b, " |");
        }
      g_string_append_c (b, '\n');
      g_string_append (b, rule->str);
      for (guint r = 0; r < shown; r++)
        {
          g_string_append (b, "|");
          for (guint c = 0; c < nc; c++)
            {
              g_string_append_c (b, ' ');
              append_fit (b, g_ptr_array_index (cells, r * nc + c), width[c],
                          kg_value_is_number (kgq_rows_get (rows, r, c)));
              g_string_append (b, " |");
            }
          g_string_append_c (b, '\n');
        }
      if (shown > 0)
        g_string_append (b, rule->str);
    }
  if (opts->footer)
    {
      if (shown < nr)
        g_string_append_printf (b, "%u rows (first %u shown; :last shows all)\n", nr, shown);
      else
        g_string_append_printf (b, "%u %s\n", nr, nr == 1 ? "row" : "rows");
    }
  fwrite (b->str, 1, b->len, out);
}

static void
md_cell (GString *out, const char *s)
{
  for (const char *p = s; *p != '\0'; p++)
    if (*p == '|')
      g_string_append (out, "\\|");
    else if (*p == '\n')
      g_string_append (out, "<br>");
    else if (*p == '\r')
      continue;
    else if (*p == '\t')
      g_string_append_c (out, ' ');
    else
      g_string_append_c (out, *p);
}

static void
write_markdown (KgqSession *s, const KgqRows *rows, FILE *out)
{
  guint nc = rows->columns->len;
  g_autoptr (GString) b = g_string_new (NULL);
  if (nc == 0)
    return;
  g_string_append (b, "|");
  for (guint c = 0; c < nc; c++)
    {
      g_string_append_c (b, ' ');
      md_cell (b, g_ptr_array_index (rows->columns, c));
      g_string_append (b, " |");
    }
  g_string_append (b, "\n|");
  for (guint c = 0; c < nc; c++)
    g_string_append (b, " --- |");
  g_string_append_c (b, '\n');
  for (guint r = 0; r < rows->rows->len; r++)
    {
      g_string_append (b, "|");
      for (guint c = 0; c < nc; c++)
        {
          g_autoptr (GString) cell = g_string_new (NULL);
          kgq_format_value (s, cell, kgq_rows_get (rows, r, c), FALSE);
          g_string_append_c (b, ' ');
          md_cell (b, cell->str);
          g_string_append (b, " |");
        }
      g_string_append_c (b, '\n');
    }
  fwrite (b->str, 1, b->len, out);
}

guint64
kgq_writer_end (KgqWriter *w)
{
  /* A held table is written under one lock hold: every cell shows the same state. */
  if (w->session != NULL)
    kgq_session_read_enter (w->session);
  switch (w->format)
    {
    case KGQ_FORMAT_TABLE:
      write_table (w->session, w->held, w->out, &w->table);
      break;
    case KGQ_FORMAT_MARKDOWN:
      write_markdown (w->session, w->held, w->out);
      break;
    case KGQ_FORMAT_JSON:
      fputs (w->n_rows > 0 ? "\n]\n" : "]\n", w->out);
      break;
    case KGQ_FORMAT_VERTICAL:
      if (w->table.footer)
        fprintf (w->out, "%" G_GUINT64_FORMAT " %s\n", w->n_rows, w->n_rows == 1 ? "row" : "rows");
      break;
    default:
      break;
    }
  if (w->session != NULL)
    kgq_session_read_leave (w->session);
  fflush (w->out);
  return w->n_rows;
}

void
kgq_write_rows (KgqSession *s, const KgqRows *rows, KgqFormat format, FILE *out, const KgqTableOpts *table)
{
  g_autoptr (KgqWriter) w = kgq_writer_new (s, format, out, table);
  g_autofree const char **names = g_new0 (const char *, rows->columns->len + 1);
  for (guint i = 0; i < rows->columns->len; i++)
    names[i] = g_ptr_array_index (rows->columns, i);
  kgq_writer_begin (w, rows->columns->len, names);
  g_autofree const KgValue **vals = g_new0 (const KgValue *, rows->columns->len + 1);
  for (guint r = 0; r < rows->rows->len; r++)
    {
      for (guint c = 0; c < rows->columns->len; c++)
        vals[c] = kgq_rows_get (rows, r, c);
      kgq_writer_row (w, vals);
    }
  kgq_writer_end (w);
}

char *
kgq_stats_describe (const KgqStats *s)
{
  g_autoptr (GString) b = g_string_new (NULL);
  struct
  {
    guint64 n;
    const char *one, *many;
  } items[] = {
    { s->nodes_created, "node created", "nodes created" },
    { s->nodes_deleted, "node deleted", "nodes deleted" },
    { s->relationships_created, "relationship created", "relationships created" },
    { s->relationships_deleted, "relationship deleted", "relationships deleted" },
    { s->properties_set, "property set", "properties set" },
    { s->labels_added, "label added", "labels added" },
    { s->labels_removed, "label removed", "labels removed" },
    { s->transactions_committed, "transaction committed", "transactions committed" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    if (items[i].n > 0)
      g_string_append_printf (b, "%s%" G_GUINT64_FORMAT " %s", b->len > 0 ? ", " : "",
                              items[i].n, items[i].n == 1 ? items[i].one : items[i].many);
  if (b->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&b), FALSE);
}
