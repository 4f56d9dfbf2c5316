/* cli/run.c — running Cypher scripts: `kgq run FILE... | -`, `kgq -c QUERY`, `:read`.
 *
 * A script is split into statements with kgq_split_statements() (so a `;` inside a string or
 * a comment does not end one), and each slice goes to kgq_session_query() with its position
 * in the file, so errors say FILE:LINE:COL in the file's own coordinates and the caret
 * is drawn under the file's own line. Results stream to stdout through a KgqWriter;
 * errors, statistics and timing lines go to stderr.
 *
 * It does not parse command lines (main.c does) and does not read a terminal (repl.c).
 */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

int
kg_cli_exit_code_for (const GError *error)
{
  if (error == NULL)
    return KG_EXIT_OK;
  if (error->domain == KG_QUERY_ERROR)
    switch (error->code)
      {
      case KG_QUERY_ERROR_SYNTAX:
      case KG_QUERY_ERROR_INCOMPLETE:
        return KG_EXIT_SYNTAX;
      case KG_QUERY_ERROR_CANCELLED:
      case KG_QUERY_ERROR_LIMIT:
        return KG_EXIT_CANCELLED;
      default:
        return KG_EXIT_QUERY;
      }
  if (error->domain == G_OPTION_ERROR)
    return KG_EXIT_USAGE;
  return KG_EXIT_INPUT;
}

void
kg_print_error (const GError *error, const char *source)
{
  g_autofree char *text = kg_query_error_render (error, source);
  fprintf (stderr, "%s\n", text);
  fflush (stderr);
}

/* Runs one statement: @src is the whole script (for error carets), the statement is
 * @len bytes at @origin. Returns: an exit code. */
static int
run_statement (KgRunOpts *opts, const char *src, const KgPos *origin, gsize len, const char *filename)
{
  KgqSession *session = opts->session;
  GError *error = NULL;
  gint64 t0 = g_get_monotonic_time ();
  opts->statement_no++;

  g_autoptr (KgqResult) res = kgq_session_query (session, src + origin->offset, len, filename, origin, &error);
  if (res == NULL)
    {
      kg_print_error (error, src);
      int code = kg_cli_exit_code_for (error);
      g_error_free (error);
      return code;
    }

  for (guint i = 0; i < kgq_result_n_notifications (res); i++)
    {
      g_autofree char *text = kgq_notification_render (kgq_result_notification (res, i), src);
      fprintf (stderr, "%s\n", text);
    }

  if (kgq_result_is_explain (res))
    {
      g_autofree char *plan = kgq_result_plan (res);
      fputs (plan, stdout);
      if (plan[0] != '\0' && plan[strlen (plan) - 1] != '\n')
        fputc ('\n', stdout);
      fflush (stdout);
      return KG_EXIT_OK;
    }

  guint nc = kgq_result_n_columns (res);
  g_autofree const char **names = g_new0 (const char *, nc + 1);
  for (guint i = 0; i < nc; i++)
    names[i] = kgq_result_column_name (res, i);

  g_autoptr (KgqWriter) w = NULL;
  if (nc > 0)
    {
      if (opts->results++ > 0 && (opts->format == KGQ_FORMAT_TABLE || opts->format == KGQ_FORMAT_MARKDOWN))
        fputc ('\n', stdout);
      w = kgq_writer_new (session, opts->format, stdout, &opts->table);
      kgq_writer_begin (w, nc, names);
    }
  if (opts->keep != NULL)
    {
      g_ptr_array_set_size (opts->keep->rows, 0);
      g_ptr_array_set_size (opts->keep->columns, 0);
      for (guint i = 0; i < nc; i++)
        g_ptr_array_add (opts->keep->columns, g_strdup (names[i]));
    }

  g_autofree const KgValue **vals = g_new0 (const KgValue *, nc + 1);
  while (kgq_result_next (res, &error))
    {
      for (guint i = 0; i < nc; i++)
        vals[i] = kgq_result_value (res, i);
      if (w != NULL)
        kgq_writer_row (w, vals);
      if (opts->keep != NULL)
        kgq_rows_add (opts->keep, vals, nc);
    }
  if (error != NULL)
    {
      /* Rows already written stay written (they were streamed); the writes of the
       * statement were rolled back by the engine. */
      if (w != NULL && opts->format != KGQ_FORMAT_TABLE && opts->format != KGQ_FORMAT_MARKDOWN)
        kgq_writer_end (w);
      fflush (stdout);
      kg_print_error (error, src);
      int code = kg_cli_exit_code_for (error);
      g_error_free (error);
      return code;
    }
  if (w != NULL)
    kgq_writer_end (w);

  const KgqStats *stats = kgq_result_stats (res);
  if (stats != NULL && (stats->nodes_created || stats->nodes_deleted || stats->relationships_created ||
                        stats->relationships_deleted || stats->properties_set || stats->labels_added || stats->labels_removed))
    opts->writes++;
  if (opts->keep != NULL && stats != NULL)
    {
      opts->keep->stats = *stats;
      opts->keep->has_stats = TRUE;
    }
  if (opts->show_stats && stats != NULL)
    {
      g_autofree char *desc = kgq_stats_describe (stats);
      if (desc != NULL)
        fprintf (stderr, "%s\n", desc);
    }
  g_autofree char *plan = NULL;
  if (len >= 7 && g_ascii_strncasecmp (src + origin->offset, "PROFILE", 7) == 0)
    {
      plan = kgq_result_plan (res);
      if (plan != NULL)
        fputs (plan, stderr);
    }
  if (opts->timing)
    fprintf (stderr, "timing: statement %u %.3f ms\n", opts->statement_no,
             (g_get_monotonic_time () - t0) / 1000.0);
  fflush (stdout);
  fflush (stderr);
  return KG_EXIT_OK;
}

int
kg_run_script (KgRunOpts *opts, const char *src, gsize len, const char *filename)
{
  g_autoptr (GArray) slices = kgq_split_statements (src, len);
  int first = KG_EXIT_OK;
  for (guint i = 0; i < slices->len; i++)
    {
      const KgqStatementSlice *sl = &g_array_index (slices, KgqStatementSlice, i);
      if (opts->interrupted != NULL && *opts->interrupted)
        return KG_EXIT_CANCELLED;
      int code = run_statement (opts, src, &sl->start, sl->length, filename);
      if (code != KG_EXIT_OK)
        {
          if (first == KG_EXIT_OK)
            first = code;
          if (!opts->keep_going || code == KG_EXIT_CANCELLED)
            return first;
        }
    }
  return first;
}

int
kg_run_file (KgRunOpts *opts, const char *path)
{
  g_autofree char *text = NULL;
  gsize len = 0;
  GError *error = NULL;
  const char *name = path;

  if (strcmp (path, "-") == 0)
    {
      g_autoptr (GString) buf = g_string_new (NULL);
      char chunk[65536];
      size_t n;
      while ((n = fread (chunk, 1, sizeof chunk, stdin)) > 0)
        g_string_append_len (buf, chunk, n);
      if (ferror (stdin))
        {
          fprintf (stderr, "kgq: <stdin>: read error\n");
          return KG_EXIT_INPUT;
        }
      len = buf->len;
      text = g_string_free (g_steal_pointer (&buf), FALSE);
      name = "<stdin>";
    }
  else if (!g_file_get_contents (path, &text, &len, &error))
    {
      fprintf (stderr, "kgq: %s\n", error->message);
      g_error_free (error);
      return KG_EXIT_INPUT;
    }
  if (memchr (text, '\0', len) != NULL)
    {
      fprintf (stderr, "kgq: %s: not a text file (holds a NUL byte)\n", name);
      return KG_EXIT_INPUT;
    }
  /* Editors on some systems start UTF-8 files with a byte order mark; it is not Cypher. */
  const char *src = text;
  if (len >= 3 && memcmp (src, "\xEF\xBB\xBF", 3) == 0)
    {
      src += 3;
      len -= 3;
    }
  return kg_run_script (opts, src, len, name);
}

KgqRows *
kg_run_query_rows (KgqSession *session, const char *src, const char *filename, GError **error)
{
  g_autoptr (KgqResult) res = kgq_session_query (session, src, -1, filename, NULL, error);
  if (res == NULL)
    return NULL;
  g_autoptr (KgqRows) rows = kgq_rows_new ();
  guint nc = kgq_result_n_columns (res);
  for (guint i = 0; i < nc; i++)
    g_ptr_array_add (rows->columns, g_strdup (kgq_result_column_name (res, i)));
  g_autofree const KgValue **vals = g_new0 (const KgValue *, nc + 1);
  while (kgq_result_next (res, error))
    {
      for (guint i = 0; i < nc; i++)
        vals[i] = kgq_result_value (res, i);
      kgq_rows_add (rows, vals, nc);
    }
  if (error != NULL && *error != NULL)
    return NULL;
  return g_steal_pointer (&rows);
}
