/* cli/dot-cmd.c — `kgq dot` and the REPL's `:export dot`: a result's subgraph as DOT,
 * written to a file or stdout, or rendered to SVG/PNG by Graphviz's `dot` program.
 *
 * Building the DOT text (with the relationships that take part in a conflict between
 * reports marked) is the library's job (kgq_session_dot()); this file handles files
 * and the Graphviz process. Messages go to stderr.
 */
#include "cli/cli.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <glib/gstdio.h>
#include <unistd.h>

static gboolean
write_all (const char *path, const char *data, gsize len, GError **error)
{
  if (path == NULL)
    {
      if (fwrite (data, 1, len, stdout) != len || fflush (stdout) != 0)
        {
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                       "cannot write to standard output: %s", g_strerror (errno));
          return FALSE;
        }
      return TRUE;
    }
  return g_file_set_contents (path, data, len, error);
}

/* Runs `dot -TFMT` on @dot_text; writes the picture to @output (stdout when NULL). */
static gboolean
render (const char *dot_text, const char *fmt, const char *output, GError **error)
{
  g_autofree char *dot = g_find_program_in_path ("dot");
  if (dot == NULL)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   "--render needs Graphviz's dot program, which is not installed");
      return FALSE;
    }
  g_autofree char *tmp = NULL;
  int fd = g_file_open_tmp ("kgq-XXXXXX.dot", &tmp, error);
  if (fd < 0)
    return FALSE;
  close (fd);
  g_autofree char *picture = output != NULL ? g_strdup (output) : g_strconcat (tmp, ".", fmt, NULL);
  g_autofree char *tflag = g_strdup_printf ("-T%s", fmt);
  g_autofree char *err_data = NULL;
  int status = 0;
  const char *argv[] = { dot, tflag, "-o", picture, tmp, NULL };
  gboolean ok = g_file_set_contents (tmp, dot_text, -1, error) &&
                g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                              NULL, &err_data, &status, error);
  g_unlink (tmp);
  if (ok && !g_spawn_check_wait_status (status, NULL))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "dot failed: %s",
                   err_data != NULL ? g_strstrip (err_data) : "");
      ok = FALSE;
    }
  if (ok && output == NULL)
    {
      /* PNG bytes may hold NULs: copy the picture by length. */
      g_autofree char *data = NULL;
      gsize len = 0;
      ok = g_file_get_contents (picture, &data, &len, error) && write_all (NULL, data, len, error);
    }
  if (output == NULL)
    g_unlink (picture);
  return ok;
}

int
kg_cli_dot (KgqSession *session, const KgqRows *rows, const KgDotCliOpts *opts)
{
  KgqDotOptions dopts = {
    .max_nodes = opts->max_nodes,
    .highlight_paths = opts->highlight,
    .mark_conflicts = TRUE,
    .layout = opts->layout,
  };
  KgqDotStats stats = { 0 };
  g_autofree char *text = kgq_session_dot (session, rows, &dopts, &stats);
  if (stats.empty)
    fprintf (stderr, "kgq: the result holds no nodes, relationships or paths; the picture is empty\n");
  if (stats.nodes_dropped > 0 || stats.edges_dropped > 0)
    fprintf (stderr, "kgq: the picture is cut to %u nodes and %u relationships (%u nodes and %u relationships left out; --max-nodes raises the cap)\n",
             stats.nodes, stats.edges, stats.nodes_dropped, stats.edges_dropped);

  GError *error = NULL;
  gboolean ok = opts->render != NULL ? render (text, opts->render, opts->output, &error)
                                     : write_all (opts->output, text, strlen (text), &error);
  if (!ok)
    {
      fprintf (stderr, "kgq: %s\n", error->message);
      g_error_free (error);
      return KG_EXIT_INPUT;
    }
  return KG_EXIT_OK;
}
