/* common/error.c — GError domains, the span carried by query errors, caret rendering.
 *
 * Query errors are extended GErrors (G_DEFINE_EXTENDED_ERROR) whose private part holds
 * the KgSpan and whether the error was raised at compile time. Rendering only formats
 * text; printing is up to the frontend.
 */
#include "common/error.h"

#include <string.h>

typedef struct
{
  gboolean has_span;
  KgSpan span;
  gboolean compile_time;
} KgQueryErrorPrivate;

static void
kg_query_error_private_init (KgQueryErrorPrivate *priv)
{
  priv->has_span = FALSE;
  priv->compile_time = FALSE;
}

static void
kg_query_error_private_copy (const KgQueryErrorPrivate *src, KgQueryErrorPrivate *dst)
{
  *dst = *src;
}

static void
kg_query_error_private_clear (KgQueryErrorPrivate *priv)
{
}

G_DEFINE_EXTENDED_ERROR (KgQueryError, kg_query_error)

/* clang-format off: the first argument is the quark's name, spaces would become part of it */
G_DEFINE_QUARK (kg - load - error - quark, kg_load_error)
G_DEFINE_QUARK (kg - graph - error - quark, kg_graph_error)
/* clang-format on */

void
kg_query_error_set (GError **error,
                    KgQueryError code,
                    const char *filename,
                    const KgSpan *span,
                    const char *format,
                    ...)
{
  if (error == NULL || *error != NULL)
    return;

  va_list ap;
  va_start (ap, format);
  g_autofree char *text = g_strdup_vprintf (format, ap);
  va_end (ap);

  const char *name = filename != NULL ? filename : "<query>";
  GError *e;
  if (span != NULL)
    e = g_error_new (KG_QUERY_ERROR, code, "%s:%u:%u: %s", name, span->start.line,
                     span->start.column, text);
  else
    e = g_error_new (KG_QUERY_ERROR, code, "%s: %s", name, text);

  KgQueryErrorPrivate *priv = kg_query_error_get_private (e);
  if (span != NULL)
    {
      priv->has_span = TRUE;
      priv->span = *span;
    }
  priv->compile_time = (code == KG_QUERY_ERROR_SYNTAX || code == KG_QUERY_ERROR_INCOMPLETE);
  *error = e;
}

const KgSpan *
kg_query_error_get_span (const GError *error)
{
  if (error == NULL || error->domain != KG_QUERY_ERROR)
    return NULL;
  KgQueryErrorPrivate *priv = kg_query_error_get_private (error);
  return priv->has_span ? &priv->span : NULL;
}

gboolean
kg_query_error_is_compile_time (const GError *error)
{
  if (error == NULL || error->domain != KG_QUERY_ERROR)
    return FALSE;
  return kg_query_error_get_private (error)->compile_time;
}

void
kg_query_error_set_compile_time (GError *error, gboolean compile_time)
{
  g_return_if_fail (error != NULL && error->domain == KG_QUERY_ERROR);
  kg_query_error_get_private (error)->compile_time = compile_time;
}

/* Display width of bytes [from, to) of one line: one column per UTF-8 character, tabs
 * kept as tabs by the caller, so count them as one. Invalid bytes count one each. */
static gsize
display_width (const char *from, const char *to)
{
  gsize w = 0;
  for (const char *p = from; p < to; p++)
    if (((guchar) *p & 0xC0) != 0x80)
      w++;
  return w;
}

#define RENDER_WINDOW 120 /* bytes either side of the caret on a very long line */

char *
kg_query_error_render (const GError *error, const char *source)
{
  g_return_val_if_fail (error != NULL, NULL);
  return kg_span_render (error->message, kg_query_error_get_span (error), source);
}

char *
kg_span_render (const char *message, const KgSpan *span, const char *source)
{
  GString *out = g_string_new (message);
  if (span == NULL || source == NULL)
    return g_string_free (out, FALSE);

  gsize len = strlen (source);
  gsize off = MIN (span->start.offset, len);
  const char *line_start = source + off;
  while (line_start > source && line_start[-1] != '\n')
    line_start--;
  const char *line_end = strchr (source + off, '\n');
  if (line_end == NULL)
    line_end = source + len;
  const char *line_end_trim = line_end;
  if (line_end_trim > line_start && line_end_trim[-1] == '\r')
    line_end_trim--;

  g_autofree char *lineno = g_strdup_printf ("%u", span->start.line);
  gsize gutter = MAX (strlen (lineno), 4);

  /* A very long line (a generated query, a huge literal) is shown as a window around
   * the caret, cut at character boundaries and marked with "...". */
  const char *show_start = line_start, *show_end = line_end_trim;
  gboolean cut_left = FALSE, cut_right = FALSE;
  if (line_end_trim - line_start > 2 * RENDER_WINDOW)
    {
      if (source + off - line_start > RENDER_WINDOW)
        {
          show_start = source + off - RENDER_WINDOW / 2;
          while (show_start < source + off && ((guchar) *show_start & 0xC0) == 0x80)
            show_start++;
          cut_left = TRUE;
        }
      if (line_end_trim - show_start > 2 * RENDER_WINDOW)
        {
          show_end = show_start + 2 * RENDER_WINDOW;
          if (show_end < source + off + 1)
            show_end = source + off + 1;
          while (show_end < line_end_trim && ((guchar) *show_end & 0xC0) == 0x80)
            show_end++;
          cut_right = show_end < line_end_trim;
        }
    }

  g_string_append_c (out, '\n');
  g_string_append_printf (out, "%*s | ", (int) gutter, lineno);
  if (cut_left)
    g_string_append (out, "...");
  for (const char *p = show_start; p < show_end; p++)
    g_string_append_c (out, *p == '\0' ? ' ' : *p);
  if (cut_right)
    g_string_append (out, "...");
  g_string_append_c (out, '\n');
  g_string_append_printf (out, "%*s | ", (int) gutter, "");
  if (cut_left)
    g_string_append (out, "   ");
  line_end_trim = show_end;
  /* Keep tabs so the caret lines up under tabbed text. */
  for (const char *p = show_start; p < source + off; p++)
    if (*p == '\t')
      g_string_append_c (out, '\t');
    else if (((guchar) *p & 0xC0) != 0x80)
      g_string_append_c (out, ' ');
  gsize end = MIN (span->end.offset, (gsize) (line_end_trim - source));
  gsize width = end > off ? display_width (source + off, source + end) : 1;
  g_string_append_c (out, '^');
  for (gsize i = 1; i < width; i++)
    g_string_append_c (out, '~');
  return g_string_free (out, FALSE);
}
