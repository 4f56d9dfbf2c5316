/* engine/import-dir.c — resolving a statement's file names inside the import directory
 * (see import-dir.h). The check is on the resolved path (realpath(3)), so a symbolic
 * link inside the directory that points out of it is caught as well as `..`.
 */
#include "engine/import-dir.h"

#include "common/error.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static gboolean
fail (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
fail (GError **error, const char *format, ...)
{
  va_list ap;
  va_start (ap, format);
  char *msg = g_strdup_vprintf (format, ap);
  va_end (ap);
  g_set_error_literal (error, KG_LOAD_ERROR, KG_LOAD_ERROR_IO, msg);
  g_free (msg);
  return FALSE;
}

/* The path part of @url: a `file:` URL's path (decoded), or @url itself. */
static char *
url_path (const char *url, GError **error)
{
  g_autofree char *scheme = g_uri_parse_scheme (url);
  if (scheme == NULL)
    return g_strdup (url);
  if (g_ascii_strcasecmp (scheme, "file") != 0)
    {
      fail (error, "'%s' is not a local file: only file:/// URLs of files in the import directory can be read (download the file into it first)", url);
      return NULL;
    }
  g_autoptr (GError) local = NULL;
  g_autoptr (GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, &local);
  if (uri == NULL)
    {
      fail (error, "'%s' is not a valid URL: %s", url, local->message);
      return NULL;
    }
  const char *host = g_uri_get_host (uri);
  if (host != NULL && host[0] != '\0' && g_ascii_strcasecmp (host, "localhost") != 0)
    {
      fail (error, "'%s' names the host '%s': only files in the import directory can be read", url, host);
      return NULL;
    }
  return g_strdup (g_uri_get_path (uri));
}

gboolean
kg_import_resolve (const char *import_dir, const char *url, gboolean for_writing, char **real_path, GError **error)
{
  *real_path = NULL;
  /* Before the URL is parsed: parsing removes `..` segments, which must be refused. */
  g_autofree char *raw = g_uri_unescape_string (url, NULL);
  g_auto (GStrv) raw_parts = g_strsplit (raw != NULL ? raw : url, "/", -1);
  for (guint i = 0; raw_parts[i] != NULL; i++)
    if (strcmp (raw_parts[i], "..") == 0)
      return fail (error, "'%s': '..' is not allowed; only files in the import directory (--import-dir) and below it can be used", url);
  g_autofree char *path = url_path (url, error);
  if (path == NULL)
    return FALSE;
  /* The path is relative to the import directory even when it starts with '/'. */
  g_auto (GStrv) parts = g_strsplit (path, "/", -1);
  g_autoptr (GString) rel = g_string_new (NULL);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (parts[i][0] == '\0' || strcmp (parts[i], ".") == 0)
        continue;
      if (rel->len > 0)
        g_string_append_c (rel, '/');
      g_string_append (rel, parts[i]);
    }
  if (rel->len == 0)
    return fail (error, "'%s' names no file", url);

  g_autofree char *cwd = import_dir == NULL ? g_get_current_dir () : NULL;
  char *dir_real = realpath (import_dir != NULL ? import_dir : cwd, NULL);
  if (dir_real == NULL)
    return fail (error, "the import directory '%s' cannot be used: %s", import_dir != NULL ? import_dir : ".", g_strerror (errno));

  g_autofree char *dir = g_strdup (dir_real);
  free (dir_real);
  g_autofree char *joined = g_build_filename (dir, rel->str, NULL);
  /* For writing, the directory must exist and stay inside; the file may be new. */
  g_autofree char *target_dir = for_writing ? g_path_get_dirname (joined) : NULL;
  g_autofree char *base = for_writing ? g_path_get_basename (joined) : NULL;
  char *resolved = realpath (for_writing ? target_dir : joined, NULL);
  if (resolved == NULL)
    {
      int e = errno;
      if (e == ENOENT)
        return fail (error, "'%s': no such file in the import directory", url);
      return fail (error, "'%s': %s", url, g_strerror (e));
    }
  g_autofree char *real = g_strdup (resolved);
  free (resolved);
  gsize n = strlen (dir);
  gboolean inside = strncmp (real, dir, n) == 0 && (real[n] == '/' || (for_writing && real[n] == '\0') || strcmp (dir, "/") == 0);
  if (!inside)
    return fail (error, "'%s' leads out of the import directory (through a symbolic link); only files inside it can be used", url);
  if (for_writing)
    {
      *real_path = g_build_filename (real, base, NULL);
      if (g_file_test (*real_path, G_FILE_TEST_IS_SYMLINK))
        {
          g_clear_pointer (real_path, g_free);
          return fail (error, "'%s' is a symbolic link; it is not written through", url);
        }
      return TRUE;
    }
  if (g_file_test (real, G_FILE_TEST_IS_DIR))
    return fail (error, "'%s' is a directory, not a file", url);
  *real_path = g_steal_pointer (&real);
  return TRUE;
}
