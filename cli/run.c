/* cli/run.c — running Cypher scripts: `kgq run FILE... | -`, `kgq -c QUERY`, `:read`.
 *
 * A script is split into statements with kgq_split_statements() (so a `;` inside a string or
 * a comment does not end one), and each slice goes to kgq_session_query() with its position
 * in the file, so errors say FILE:LINE:COL in the file's own coordinates and the caret
 * is drawn under the file's own line. A line that starts with `:` where a statement
 * could start is a command, as in cypher-shell scripts (`:param`, `:params`, `:format`,
 * `:output`, `:source`). Standard input runs as it arrives: each statement as soon as
 * its `;` is read. Results stream to stdout (or `:output`'s file) through a KgqWriter;
 * under `--format json` the run writes one JSON document, an array with one result
 * object a statement. Errors, warnings, statistics and timing lines go to stderr.
 *
 * It does not parse command lines (main.c does) and does not read a terminal (repl.c).
 */
#include "cli/cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

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

/* --- Output ------------------------------------------------------------------- */

FILE *
kg_run_out (KgRunOpts *opts)
{
  return opts->out != NULL ? opts->out : stdout;
}

static gboolean
is_json_document (KgRunOpts *opts)
{
  return opts->format == KGQ_FORMAT_JSON;
}

void
kg_run_end_document (KgRunOpts *opts)
{
  if (opts->json_open)
    {
      fputs ("\n]\n", kg_run_out (opts));
      opts->json_open = FALSE;
    }
  g_clear_pointer (&opts->last_columns, g_strfreev);
  fflush (kg_run_out (opts));
}

gboolean
kg_run_set_output (KgRunOpts *opts, const char *path, GError **error)
{
  FILE *f = NULL;
  if (path != NULL && (f = fopen (path, "w")) == NULL)
    {
      int e = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (e), "cannot write %s: %s", path, g_strerror (e));
      return FALSE;
    }
  kg_run_end_document (opts);
  if (opts->out != NULL)
    fclose (opts->out);
  opts->out = f;
  opts->results = 0;
  return TRUE;
}

/* The `,` or `[` before the next result object of the run's JSON document. */
static void
json_next_result (KgRunOpts *opts, GString *b)
{
  g_string_append (b, opts->json_open ? ",\n" : "[\n");
  opts->json_open = TRUE;
}

static void
json_notifications (GString *b, KgqResult *res)
{
  guint n = kgq_result_n_notifications (res);
  if (n == 0)
    return;
  g_string_append (b, ",\"warnings\":[");
  for (guint i = 0; i < n; i++)
    {
      const KgqNotification *note = kgq_result_notification (res, i);
      g_string_append (b, i > 0 ? ",{\"code\":" : "{\"code\":");
      kg_string_append_quoted (b, note->code, '"', FALSE);
      g_string_append (b, ",\"severity\":");
      kg_string_append_quoted (b, note->severity, '"', FALSE);
      g_string_append (b, ",\"category\":");
      kg_string_append_quoted (b, note->category, '"', FALSE);
      g_string_append (b, ",\"message\":");
      kg_string_append_quoted (b, note->text, '"', FALSE);
      g_string_append_printf (b, ",\"position\":{\"offset\":%" G_GSIZE_FORMAT ",\"line\":%u,\"column\":%u}}", note->span.start.offset,
                              note->span.start.line, note->span.start.column);
    }
  g_string_append_c (b, ']');
}

static gboolean
stats_changed (const KgqStats *s)
{
  return s != NULL && (s->nodes_created || s->nodes_deleted || s->relationships_created || s->relationships_deleted ||
                       s->properties_set || s->labels_added || s->labels_removed);
}

static void
json_stats (GString *b, const KgqStats *s)
{
  if (!stats_changed (s))
    return;
  struct
  {
    const char *key;
    guint64 n;
  } items[] = {
    { "nodesCreated", s->nodes_created },
    { "nodesDeleted", s->nodes_deleted },
    { "relationshipsCreated", s->relationships_created },
    { "relationshipsDeleted", s->relationships_deleted },
    { "propertiesSet", s->properties_set },
    { "labelsAdded", s->labels_added },
    { "labelsRemoved", s->labels_removed },
  };
  g_string_append (b, ",\"stats\":{");
  gboolean first = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    if (items[i].n > 0)
      {
        g_string_append_printf (b, "%s\"%s\":%" G_GUINT64_FORMAT, first ? "" : ",", items[i].key, items[i].n);
        first = FALSE;
      }
  g_string_append_c (b, '}');
}

/* A failed statement's place in the JSON document, so results stay one a statement. */
static void
json_error (KgRunOpts *opts, const GError *error)
{
  if (!is_json_document (opts))
    return;
  g_autoptr (GString) b = g_string_new (NULL);
  json_next_result (opts, b);
  g_string_append (b, "{\"error\":");
  kg_string_append_quoted (b, error->message, '"', FALSE);
  g_string_append_c (b, '}');
  fputs (b->str, kg_run_out (opts));
}

/* Whether a CSV or TSV result with @names continues the last one: the same columns, so
 * no second header. Remembers @names for the next. */
static gboolean
same_columns (KgRunOpts *opts, guint nc, const char *const *names)
{
  gboolean same = opts->last_columns != NULL && opts->last_format == opts->format && g_strv_length (opts->last_columns) == nc;
  for (guint i = 0; same && i < nc; i++)
    same = strcmp (opts->last_columns[i], names[i]) == 0;
  if (!same)
    {
      g_strfreev (opts->last_columns);
      opts->last_columns = g_strdupv ((char **) names);
      opts->last_format = opts->format;
    }
  return same;
}

/* The plan as nested JSON objects, built as kgq_result_plan_walk() visits the operators:
 * @open holds, for each operator whose children list is open, how many are still to come. */
typedef struct
{
  GString *b;
  GArray *open;
  gboolean profile;
} JsonPlan;

static void
json_plan_close (JsonPlan *p)
{
  while (p->open->len > 0 && g_array_index (p->open, guint, p->open->len - 1) == 0)
    {
      g_string_append (p->b, "]}");
      g_array_set_size (p->open, p->open->len - 1);
    }
}

static void
json_plan_op (const KgqPlanOperator *op, gpointer user_data)
{
  JsonPlan *p = user_data;
  GString *b = p->b;
  if (p->open->len > 0)
    {
      guint *left = &g_array_index (p->open, guint, p->open->len - 1);
      if (b->str[b->len - 1] != '[')
        g_string_append_c (b, ',');
      (*left)--;
    }
  g_string_append (b, "{\"operator\":");
  kg_string_append_quoted (b, op->name, '"', FALSE);
  g_string_append (b, ",\"details\":");
  kg_string_append_quoted (b, op->details, '"', FALSE);
  g_string_append_printf (b, ",\"estimatedRows\":%.6g", op->estimated_rows);
  if (p->profile)
    g_string_append_printf (b, ",\"rows\":%" G_GUINT64_FORMAT ",\"time_ms\":%.3f", op->rows, op->time_us / 1000.0);
  g_string_append (b, ",\"children\":[");
  g_array_append_val (p->open, op->n_children);
  json_plan_close (p);
}

static void
json_plan (GString *b, KgqResult *res)
{
  JsonPlan p = { b, g_array_new (FALSE, FALSE, sizeof (guint)), kgq_result_is_profile (res) };
  gsize before = b->len;
  kgq_result_plan_walk (res, json_plan_op, &p);
  if (b->len == before)
    g_string_append (b, "null");
  g_array_free (p.open, TRUE);
}

/* --- Statements ----------------------------------------------------------------- */

static int
statement_failed (KgRunOpts *opts, GError *error, const char *src)
{
  json_error (opts, error);
  fflush (kg_run_out (opts));
  kg_print_error (error, src);
  int code = kg_cli_exit_code_for (error);
  g_error_free (error);
  return code;
}

/* Runs one statement: @src is the whole script (for error carets), the statement is
 * @len bytes at @origin. Returns: an exit code. */
static int
run_statement (KgRunOpts *opts, const char *src, const KgPos *origin, gsize len, const char *filename)
{
  KgqSession *session = opts->session;
  GError *error = NULL;
  gint64 t0 = g_get_monotonic_time ();
  FILE *out = kg_run_out (opts);
  gboolean json = is_json_document (opts);
  opts->statement_no++;

  g_autoptr (KgqResult) res = kgq_session_query (session, src + origin->offset, len, filename, origin, &error);
  if (res == NULL)
    return statement_failed (opts, error, src);

  for (guint i = 0; i < kgq_result_n_notifications (res); i++)
    {
      g_autofree char *text = kgq_notification_render (kgq_result_notification (res, i), src);
      fprintf (stderr, "%s\n", text);
    }

  guint nc = kgq_result_n_columns (res);
  g_autofree const char **names = g_new0 (const char *, nc + 1);
  for (guint i = 0; i < nc; i++)
    names[i] = kgq_result_column_name (res, i);
  g_autoptr (GString) b = json ? g_string_new (NULL) : NULL;
  if (json)
    {
      json_next_result (opts, b);
      g_string_append (b, "{\"columns\":[");
      for (guint i = 0; i < nc; i++)
        {
          if (i > 0)
            g_string_append_c (b, ',');
          kg_string_append_quoted (b, names[i], '"', FALSE);
        }
      g_string_append_c (b, ']');
      json_notifications (b, res);
    }

  if (kgq_result_is_explain (res))
    {
      if (json)
        {
          g_string_append (b, ",\"plan\":");
          json_plan (b, res);
          g_string_append_c (b, '}');
          fputs (b->str, out);
          fflush (out);
          return KG_EXIT_OK;
        }
      g_autofree char *plan = kgq_result_plan (res);
      fputs (plan, out);
      if (plan[0] != '\0' && plan[strlen (plan) - 1] != '\n')
        fputc ('\n', out);
      fflush (out);
      return KG_EXIT_OK;
    }

  g_autoptr (KgqWriter) w = NULL;
  if (json)
    {
      g_string_append (b, ",\"rows\":[");
      fputs (b->str, out);
      g_string_truncate (b, 0);
    }
  else if (nc > 0)
    {
      gboolean apart = opts->format == KGQ_FORMAT_TABLE || opts->format == KGQ_FORMAT_MARKDOWN || opts->format == KGQ_FORMAT_VERTICAL;
      if (opts->results++ > 0 && apart)
        fputc ('\n', out);
      w = kgq_writer_new (session, opts->format, out, &opts->table);
      if ((opts->format == KGQ_FORMAT_CSV || opts->format == KGQ_FORMAT_TSV) && same_columns (opts, nc, names))
        kgq_writer_continue (w, nc, names);
      else
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
  guint64 n_rows = 0;
  while (kgq_result_next (res, &error))
    {
      for (guint i = 0; i < nc; i++)
        vals[i] = kgq_result_value (res, i);
      if (json)
        {
          g_string_append (b, n_rows > 0 ? ",\n" : "\n");
          kgq_append_json_row (session, b, nc, names, vals);
          fputs (b->str, out);
          g_string_truncate (b, 0);
        }
      if (w != NULL)
        kgq_writer_row (w, vals);
      if (opts->keep != NULL)
        kgq_rows_add (opts->keep, vals, nc);
      n_rows++;
    }
  const KgqStats *stats = kgq_result_stats (res);
  if (json)
    {
      /* Rows already written stay (they were streamed); a failure closes the object. */
      g_string_append (b, n_rows > 0 ? "\n]" : "]");
      if (error == NULL)
        {
          json_stats (b, stats);
          if (kgq_result_is_profile (res))
            {
              g_string_append (b, ",\"plan\":");
              json_plan (b, res);
            }
        }
      else
        {
          g_string_append (b, ",\"error\":");
          kg_string_append_quoted (b, error->message, '"', FALSE);
        }
      g_string_append_c (b, '}');
      fputs (b->str, out);
    }
  if (error != NULL)
    {
      /* The writes of the statement were rolled back by the engine. */
      if (w != NULL && opts->format != KGQ_FORMAT_TABLE && opts->format != KGQ_FORMAT_MARKDOWN)
        kgq_writer_end (w);
      fflush (out);
      kg_print_error (error, src);
      int code = kg_cli_exit_code_for (error);
      g_error_free (error);
      return code;
    }
  if (w != NULL)
    kgq_writer_end (w);

  if (stats_changed (stats))
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
  fflush (out);
  fflush (stderr);
  return KG_EXIT_OK;
}

/* --- Parameters (shared with the REPL) ------------------------------------------ */

/* Sets the parameters of a map literal: `{a: 1, b: 'x'}`. */
static gboolean
set_param_map (KgqSession *session, const char *lit, GString *echo, GError **error)
{
  g_autofree char *q = g_strdup_printf ("RETURN %s AS params", lit);
  g_autoptr (KgqResult) res = kgq_session_query (session, q, -1, "<param>", NULL, error);
  if (res == NULL)
    return FALSE;
  if (!kgq_result_next (res, error))
    return FALSE;
  const KgValue *v = kgq_result_value (res, 0);
  if (v->type != KG_VALUE_MAP)
    {
      g_set_error (error, KG_QUERY_ERROR, KG_QUERY_ERROR_TYPE, "`%s` is not a map of parameters", lit);
      return FALSE;
    }
  KgValue copy = KG_VALUE_INIT;
  kg_value_copy (v, &copy);
  while (kgq_result_next (res, error))
    ;
  g_clear_pointer (&res, kgq_result_free);
  const KgMap *map = copy.u.map;
  for (guint i = 0; i < map->len; i++)
    {
      kgq_session_set_param (session, map->keys[i], &map->vals[i]);
      if (echo != NULL)
        {
          g_autoptr (GString) text = g_string_new (NULL);
          kgq_format_value (session, text, &map->vals[i], TRUE);
          g_string_append_printf (echo, "$%s => %s\n", map->keys[i], text->str);
        }
    }
  kg_value_clear (&copy);
  return TRUE;
}

gboolean
kg_cli_set_params (KgqSession *session, const char *arg, GString *echo, GError **error)
{
  g_autofree char *text = g_strstrip (g_strdup (arg));
  gsize tl = strlen (text);
  if (tl > 0 && text[tl - 1] == ';')
    text[--tl] = '\0';
  if (text[0] == '{')
    return set_param_map (session, text, echo, error);
  const char *sep = strstr (text, "=>");
  gsize name_len;
  const char *value;
  if (sep != NULL)
    {
      name_len = sep - text;
      value = sep + 2;
    }
  else
    {
      name_len = strcspn (text, " \t=:");
      value = text + name_len;
      while (*value == ' ' || *value == '\t' || *value == '=' || *value == ':')
        value++;
    }
  g_autofree char *name = g_strstrip (g_strndup (text, name_len));
  if (name[0] == '$')
    memmove (name, name + 1, strlen (name));
  g_autofree char *lit = g_strstrip (g_strdup (value));
  if (name[0] == '\0' || lit[0] == '\0')
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "usage: :param NAME => VALUE or :param {NAME: VALUE, ...}   (e.g. :param who => 'Tom Cruise')");
      return FALSE;
    }
  if (!kgq_session_set_param_literal (session, name, lit, error))
    return FALSE;
  if (echo != NULL)
    {
      const KgValue *v = g_hash_table_lookup (kgq_session_params (session), name);
      g_autoptr (GString) shown = g_string_new (NULL);
      if (v != NULL)
        kgq_format_value (session, shown, v, TRUE);
      g_string_append_printf (echo, "$%s => %s\n", name, shown->str);
    }
  return TRUE;
}

static int
cmp_str (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

void
kg_cli_write_params (KgqSession *session, FILE *out)
{
  GHashTable *params = kgq_session_params (session);
  if (params == NULL || g_hash_table_size (params) == 0)
    {
      fprintf (out, "no parameters (set one with :param NAME => VALUE)\n");
      return;
    }
  guint n = 0;
  g_autofree gpointer *keys = g_hash_table_get_keys_as_array (params, &n);
  qsort (keys, n, sizeof (gpointer), cmp_str);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GString) text = g_string_new (NULL);
      kgq_format_value (session, text, g_hash_table_lookup (params, keys[i]), TRUE);
      fprintf (out, "$%s => %s\n", (char *) keys[i], text->str);
    }
}

/* --- Scripts -------------------------------------------------------------------- */

#define MAX_SOURCE_DEPTH 16 /* :source inside :source ... */

/* A script being run: all of its text read so far (so a caret can show any line of it),
 * and how much of it has run. Input may still be arriving (`kgq run -` on a pipe). */
typedef struct
{
  KgRunOpts *opts;
  const char *filename;
  GString *text;
  gsize done;    /* bytes of @text run (statements and commands) */
  KgPos at;      /* the position of byte @done */
  int first;     /* the exit code of the first failure */
  gboolean stop; /* a failure ends the script (no --continue, or cancelled) */
} Script;

static void
script_advance (Script *s, gsize to)
{
  for (gsize i = s->done; i < to; i++)
    if (s->text->str[i] == '\n')
      {
        s->at.line++;
        s->at.column = 1;
      }
    else
      s->at.column++;
  s->at.offset = to;
  s->done = to;
}

/* @rel, a position in the text from @base on, in the script's coordinates. */
static KgPos
script_pos (const KgPos *base, const KgPos *rel)
{
  KgPos p;
  p.offset = base->offset + rel->offset;
  p.line = base->line + rel->line - 1;
  p.column = rel->line == 1 ? base->column + rel->column - 1 : rel->column;
  return p;
}

static void
script_result (Script *s, int code)
{
  if (code == KG_EXIT_OK)
    return;
  if (s->first == KG_EXIT_OK)
    s->first = code;
  if (!s->opts->keep_going || code == KG_EXIT_CANCELLED)
    s->stop = TRUE;
}

static int
script_command_error (Script *s, guint line, int code, const char *format, ...) G_GNUC_PRINTF (4, 5);

static int
script_command_error (Script *s, guint line, int code, const char *format, ...)
{
  va_list ap;
  va_start (ap, format);
  g_autofree char *msg = g_strdup_vprintf (format, ap);
  va_end (ap);
  fprintf (stderr, "%s:%u: %s\n", s->filename, line, msg);
  fflush (stderr);
  return code;
}

/* A `:command` line of a script (as cypher-shell scripts use them). */
static int
script_command (Script *s, const char *line, gsize len, guint lineno)
{
  KgRunOpts *o = s->opts;
  g_autofree char *text = g_strstrip (g_strndup (line + 1, len - 1));
  gsize n = strcspn (text, " \t");
  g_autofree char *name = g_strndup (text, n);
  const char *arg = text + n;
  while (*arg == ' ' || *arg == '\t')
    arg++;
  GError *error = NULL;
  if (strcmp (name, "param") == 0)
    {
      if (!kg_cli_set_params (o->session, arg, NULL, &error))
        {
          int code = script_command_error (s, lineno, error->domain == G_OPTION_ERROR ? KG_EXIT_USAGE : kg_cli_exit_code_for (error),
                                           ":param: %s", error->message);
          g_error_free (error);
          return code;
        }
      return KG_EXIT_OK;
    }
  if (strcmp (name, "params") == 0)
    {
      kg_cli_write_params (o->session, kg_run_out (o));
      return KG_EXIT_OK;
    }
  if (strcmp (name, "format") == 0)
    {
      KgqFormat f;
      if (!kgq_format_parse (arg, &f))
        return script_command_error (s, lineno, KG_EXIT_USAGE, "unknown format '%s' (%s)", arg, KG_CLI_FORMATS);
      if (f != o->format)
        kg_run_end_document (o);
      o->format = f;
      o->results = 0;
      return KG_EXIT_OK;
    }
  if (strcmp (name, "output") == 0)
    {
      if (!kg_run_set_output (o, arg[0] != '\0' ? arg : NULL, &error))
        {
          int code = script_command_error (s, lineno, KG_EXIT_INPUT, ":output: %s", error->message);
          g_error_free (error);
          return code;
        }
      return KG_EXIT_OK;
    }
  if (strcmp (name, "source") == 0 || strcmp (name, "read") == 0)
    {
      if (arg[0] == '\0')
        return script_command_error (s, lineno, KG_EXIT_USAGE, "usage: :%s FILE", name);
      if (o->depth >= MAX_SOURCE_DEPTH)
        return script_command_error (s, lineno, KG_EXIT_USAGE, ":%s: more than %d files inside each other", name, MAX_SOURCE_DEPTH);
      o->depth++;
      int code = kg_run_file (o, arg);
      o->depth--;
      return code;
    }
  return script_command_error (s, lineno, KG_EXIT_USAGE,
                               "unknown command ':%s' (a script may use :param, :params, :format, :output and :source)", name);
}

/* Runs the statements and commands of the text not run yet that are complete; with
 * @at_end (no more input comes), all of it. */
static void
script_pump (Script *s, gboolean at_end)
{
  while (!s->stop)
    {
      const char *base = s->text->str + s->done;
      gsize avail = s->text->len - s->done;
      KgPos base_at = s->at;
      gsize base_off = s->done;
      g_autoptr (GArray) slices = kgq_split_statements (base, (gssize) avail);
      gboolean resplit = FALSE;
      for (guint i = 0; i < slices->len && !s->stop && !resplit; i++)
        {
          if (s->opts->interrupted != NULL && *s->opts->interrupted)
            {
              script_result (s, KG_EXIT_CANCELLED);
              return;
            }
          const KgqStatementSlice *sl = &g_array_index (slices, KgqStatementSlice, i);
          const char *stmt = base + sl->start.offset;
          KgPos at = script_pos (&base_at, &sl->start);
          if (*stmt == ':')
            {
              /* A command is its line; what follows is split again (the splitter read
               * the line as the start of a statement). */
              const char *nl = memchr (stmt, '\n', (gsize) (base + avail - stmt));
              if (nl == NULL && !at_end)
                return;
              const char *end = nl != NULL ? nl : base + avail;
              gsize cl = (gsize) (end - stmt);
              if (cl > 0 && stmt[cl - 1] == '\r')
                cl--;
              script_result (s, script_command (s, stmt, cl, at.line));
              script_advance (s, (gsize) (end - s->text->str) + (nl != NULL));
              resplit = TRUE;
              continue;
            }
          if (!sl->terminated && !at_end)
            return;
          script_result (s, run_statement (s->opts, s->text->str, &at, sl->length, s->filename));
          script_advance (s, base_off + sl->start.offset + sl->length + (sl->terminated ? 1 : 0));
        }
      if (!resplit)
        {
          if (at_end)
            script_advance (s, s->text->len);
          return;
        }
    }
}

static void
script_init (Script *s, KgRunOpts *opts, const char *filename, GString *text)
{
  s->opts = opts;
  s->filename = filename;
  s->text = text;
  s->done = 0;
  s->at = (KgPos) KG_POS_INIT;
  s->first = KG_EXIT_OK;
  s->stop = FALSE;
}

int
kg_run_script (KgRunOpts *opts, const char *src, gsize len, const char *filename)
{
  /* The text is borrowed: a GString that is never grown. */
  GString text = { (char *) src, len, len + 1 };
  Script s;
  script_init (&s, opts, filename, &text);
  script_pump (&s, TRUE);
  return s.first;
}

static int
not_text (const char *name)
{
  fprintf (stderr, "kgq: %s: not a text file (holds a NUL byte)\n", name);
  return KG_EXIT_INPUT;
}

/* Runs standard input as it arrives: each statement as soon as its `;` is read. */
static int
run_stream (KgRunOpts *opts)
{
  const char *name = "<stdin>";
  g_autoptr (GString) text = g_string_new (NULL);
  Script s;
  script_init (&s, opts, name, text);
  char chunk[65536];
  gboolean bom_checked = FALSE;
  for (;;)
    {
      ssize_t n = read (STDIN_FILENO, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR)
        {
          if (opts->interrupted != NULL && *opts->interrupted)
            return KG_EXIT_CANCELLED;
          continue;
        }
      if (n < 0)
        {
          fprintf (stderr, "kgq: %s: read error: %s\n", name, g_strerror (errno));
          return s.first != KG_EXIT_OK ? s.first : KG_EXIT_INPUT;
        }
      if (n == 0)
        break;
      if (memchr (chunk, '\0', (gsize) n) != NULL)
        return s.first != KG_EXIT_OK ? s.first : not_text (name);
      g_string_append_len (text, chunk, n);
      /* Editors on some systems start UTF-8 files with a byte order mark; it is not Cypher. */
      if (!bom_checked && text->len >= 3)
        {
          if (memcmp (text->str, "\xEF\xBB\xBF", 3) == 0)
            g_string_erase (text, 0, 3);
          bom_checked = TRUE;
        }
      script_pump (&s, FALSE);
      if (s.stop)
        return s.first;
    }
  script_pump (&s, TRUE);
  return s.first;
}

int
kg_run_file (KgRunOpts *opts, const char *path)
{
  g_autofree char *text = NULL;
  gsize len = 0;
  GError *error = NULL;

  if (strcmp (path, "-") == 0)
    return run_stream (opts);
  if (!g_file_get_contents (path, &text, &len, &error))
    {
      fprintf (stderr, "kgq: %s\n", error->message);
      g_error_free (error);
      return KG_EXIT_INPUT;
    }
  if (memchr (text, '\0', len) != NULL)
    return not_text (path);
  /* Editors on some systems start UTF-8 files with a byte order mark; it is not Cypher. */
  const char *src = text;
  if (len >= 3 && memcmp (src, "\xEF\xBB\xBF", 3) == 0)
    {
      src += 3;
      len -= 3;
    }
  return kg_run_script (opts, src, len, path);
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
