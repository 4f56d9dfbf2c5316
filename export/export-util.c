/* export/export-util.c — what the writers of export/ share (see export-private.h):
 * properties in key order and writes that report failure as a GError; and the atomic
 * file write their callers use (formats.h).
 */
#include "export/export-private.h"
#include "export/formats.h"

#include <glib/gstdio.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int
prop_cmp (gconstpointer a, gconstpointer b)
{
  return strcmp (((const KgExportProp *) a)->name, ((const KgExportProp *) b)->name);
}

KgExportProp *
kg_export_sorted_props (const KgGraph *g, guint32 id, gboolean is_node, guint *n_props)
{
  guint n = is_node ? kg_graph_node_n_props (g, id) : kg_graph_edge_n_props (g, id);
  KgExportProp *props = g_new (KgExportProp, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      KgSymbol key;
      props[i].value = is_node ? kg_graph_node_prop_at (g, id, i, &key) : kg_graph_edge_prop_at (g, id, i, &key);
      props[i].name = kg_graph_symbol_name (g, KG_SYM_KEY, key);
    }
  qsort (props, n, sizeof *props, prop_cmp);
  *n_props = n;
  return props;
}

static gboolean
write_failed (GError **error)
{
  int err = errno;
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (err), "cannot write: %s", g_strerror (err));
  return FALSE;
}

gboolean
kg_export_put (FILE *out, const GString *text, GError **error)
{
  if (text->len > 0 && fwrite (text->str, 1, text->len, out) != text->len)
    return write_failed (error);
  return TRUE;
}

gboolean
kg_export_flush (FILE *out, GError **error)
{
  if (fflush (out) != 0 || ferror (out))
    return write_failed (error);
  return TRUE;
}

gboolean
kg_export_file_atomic (const char *path, KgExportWriteFunc write, gpointer data, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *tmpl = g_build_filename (dir, ".kgq-export-XXXXXX", NULL);
  int fd = g_mkstemp (tmpl);
  if (fd < 0)
    {
      int err = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (err), "%s: %s", path, g_strerror (err));
      return FALSE;
    }
  FILE *out = fdopen (fd, "wb");
  gboolean ok = out != NULL && write (out, data, error);
  if (out != NULL && fclose (out) != 0 && ok)
    {
      int err = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (err), "%s: %s", path, g_strerror (err));
      ok = FALSE;
    }
  if (ok && g_rename (tmpl, path) != 0)
    {
      int err = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (err), "%s: %s", path, g_strerror (err));
      ok = FALSE;
    }
  if (!ok)
    {
      g_unlink (tmpl);
      if (error != NULL && *error != NULL && !g_str_has_prefix ((*error)->message, path))
        g_prefix_error (error, "%s: ", path);
    }
  return ok;
}

void
kg_export_markup_escape (GString *out, const char *s, KgEscapeControls controls)
{
  for (const char *p = s; *p != '\0'; p++)
    switch (*p)
      {
      case '&':
        g_string_append (out, "&amp;");
        break;
      case '<':
        g_string_append (out, "&lt;");
        break;
      case '>':
        g_string_append (out, "&gt;");
        break;
      case '"':
        g_string_append (out, "&quot;");
        break;
      case '\r':
      case '\n':
      case '\t':
        if (controls == KG_ESCAPE_WHITESPACE_REFS)
          g_string_append_printf (out, "&#%d;", *p);
        break;
      default:
        if ((guchar) *p >= 0x20 || controls == KG_ESCAPE_WHITESPACE_REFS)
          g_string_append_c (out, *p);
        break;
      }
}
