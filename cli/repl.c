/* cli/repl.c — the interactive shell: line editing, history and completion through
 * libedit, multi-line statements, `:commands`, and Ctrl-C handling.
 *
 * Lines accumulate in a buffer until kgq_statement_is_complete() says the buffer ends a
 * statement (a `;` outside strings, comments and brackets); then every statement in it
 * runs through the same runner as `kgq run` (cli/run.c), with the table fitted to the
 * terminal and long results cut (`:last` shows all). Ctrl-C at the prompt drops the
 * pending statement (a siglongjmp out of libedit, as psql does); Ctrl-C while a query
 * runs calls kgq_session_cancel(), which stops the query and leaves the graph as it was.
 * History lives in $XDG_STATE_HOME/kgq/history, never in the working directory.
 *
 * It does not parse Cypher itself (only the lexer-level completeness check) and does
 * not touch the graph except through lib/kgq.h and read-only schema lookups.
 */
#include "cli/cli.h"
#include "common/print.h"

#include <editline/readline.h>
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define REPL_MAX_ROWS 50

typedef struct
{
  KgReplOpts *opts;
  KgRunOpts run;
  KgqRows *last;
  char *history_path;
  GString *pending; /* the lines of the statement typed so far */
  guint entry_no;
  gboolean quit;
  char *save_path;      /* (nullable) where :save wrote last, the default of the next */
  guint64 saved_writes; /* run.writes when the graph was last saved (or at start) */
  guint64 txn_writes;   /* run.writes when the open transaction began */
  gboolean quit_warned; /* the unsaved-writes warning was shown; the next :quit or Ctrl-D leaves */
} Repl;

static Repl *the_repl; /* for the completion callbacks, which take no user data */

/* --- Signals -------------------------------------------------------------------- */

static sigjmp_buf prompt_jmp;
static volatile sig_atomic_t at_prompt;
static volatile gboolean query_interrupted;
static KgqSession *sig_session;

static void
on_sigint (int sig)
{
  if (at_prompt)
    {
      at_prompt = 0;
      siglongjmp (prompt_jmp, 1);
    }
  query_interrupted = TRUE;
  if (sig_session != NULL)
    kgq_session_cancel (sig_session);
  /* The terminal echoed "^C"; end that line so the message starts on its own. */
  if (write (STDERR_FILENO, "\n", 1) < 0)
    return;
}

/* --- Terminal ------------------------------------------------------------------- */

guint
kg_cli_terminal_width (void)
{
  struct winsize ws;
  if (ioctl (STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
    return ws.ws_col;
  return 100;
}

/* --- Commands ------------------------------------------------------------------- */

typedef struct
{
  const char *name;
  const char *args;
  const char *help;
} Command;

static const Command commands[] = {
  { "help", "[TOPIC]", "help on the shell, or on a :command or topic (cypher, formats, keys)" },
  { "schema", "", "labels, relationship types, property keys and patterns, with counts; indexes" },
  { "param", "NAME => VALUE | {NAME: VALUE, ...}", "set the parameter $NAME to a Cypher literal (or several from a map)" },
  { "params", "", "list the parameters" },
  { "format", "[table|csv|tsv|json|jsonl|markdown|vertical]", "show or set the output format" },
  { "output", "[FILE]", "write results to FILE (truncated); without FILE, to the screen again" },
  { "timing", "[on|off]", "show how long each statement takes" },
  { "conflicts", "", "claims the reports disagree on, with the sources on each side" },
  { "find", "TEXT", "search the `names` full-text index: the 10 best matches, with labels and score" },
  { "export", "dot FILE [QUERY]", "write the last result (or QUERY's) as Graphviz DOT" },
  { "read", "FILE", "run the statements in FILE (:source FILE too)" },
  { "begin", "", "open a transaction: the statements until :commit take effect together" },
  { "commit", "", "keep the transaction's changes (journalled as one record)" },
  { "rollback", "", "undo the transaction's changes" },
  { "last", "", "show all of the last result" },
  { "save", "[FILE]", "write the graph to a snapshot FILE (load it with --db); with --db, fold the journal into it" },
  { "quit", "", "leave (Ctrl-D does too); with unsaved writes it asks once (:quit! does not)" },
};

static const char *const help_topics[] = { "cypher", "formats", "keys", NULL };

static const Command *
find_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (commands[i].name, name) == 0)
      return &commands[i];
  if (strcmp (name, "source") == 0)
    return find_command ("read");
  if (strcmp (name, "exit") == 0 || strcmp (name, "q") == 0 || strcmp (name, "quit!") == 0 || strcmp (name, "q!") == 0)
    return find_command ("quit");
  if (strcmp (name, "h") == 0 || strcmp (name, "?") == 0)
    return find_command ("help");
  return NULL;
}

static void
cmd_help (Repl *r, const char *arg)
{
  if (arg[0] == ':')
    arg++;
  if (arg[0] == '\0')
    {
      printf ("Type Cypher statements ending with ';' (they may span several lines).\n"
              "Tab completes keywords, labels, relationship types, property keys and\n"
              ":commands. Ctrl-C cancels a running query or drops the statement being\n"
              "typed; Ctrl-D leaves.\n\nCommands:\n");
      for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
        {
          g_autofree char *head = g_strdup_printf (":%s %s", commands[i].name, commands[i].args);
          printf ("  %-44s %s\n", head, commands[i].help);
        }
      printf ("\nTopics: :help cypher, :help formats, :help keys\n");
      return;
    }
  if (strcmp (arg, "cypher") == 0)
    {
      printf ("Clauses: MATCH, OPTIONAL MATCH, WHERE, WITH, UNWIND, RETURN, ORDER BY, SKIP,\n"
              "LIMIT, UNION [ALL], CREATE, MERGE, SET, REMOVE, DELETE, DETACH DELETE, CALL.\n"
              "Patterns: (n:Label {key: value})-[r:TYPE*1..3]->(m), p = shortestPath(...).\n"
              "Prefix a statement with EXPLAIN to see its plan, PROFILE to time it.\n"
              "Example:\n"
              "  MATCH (p:Person)-[r:receives_flag_from]->(q)\n"
              "  RETURN p.name, q.name, r.sources;\n"
              "The full reference is docs/cypher.md.\n");
      return;
    }
  if (strcmp (arg, "formats") == 0 || strcmp (arg, "format") == 0)
    {
      printf ("Formats: table (default here), csv, tsv, json, jsonl, markdown, vertical.\n"
              "Set one with :format NAME. JSON writes nodes as {\"~id\":..,\"~labels\":[..],...},\n"
              "relationships as {\"~id\":..,\"~type\":..,\"~start\":..,\"~end\":..,...} and paths\n"
              "as {\"~nodes\":[..],\"~relationships\":[..]}.\n");
      return;
    }
  if (strcmp (arg, "keys") == 0)
    {
      printf ("Enter runs the statement once it ends with ';'; otherwise it continues on\n"
              "the next line (prompt ...>). Tab completes. Up/Down walk the history.\n"
              "Ctrl-C cancels; Ctrl-D (or :quit) leaves.\n");
      return;
    }
  const Command *c = find_command (arg);
  if (c != NULL)
    {
      printf (":%s %s\n  %s\n", c->name, c->args, c->help);
      return;
    }
  fprintf (stderr, "no help on '%s'; try :help\n", arg);
  (void) r;
}

static int
cmp_str (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static void
cmd_schema (Repl *r)
{
  kgq_session_write_schema (r->opts->session, stdout);
}

static void
cmd_param (Repl *r, const char *arg)
{
  g_autoptr (GString) echo = g_string_new (NULL);
  GError *error = NULL;
  if (!kg_cli_set_params (r->opts->session, arg, echo, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      g_error_free (error);
      return;
    }
  fputs (echo->str, stdout);
}

static void
cmd_export (Repl *r, const char *arg)
{
  g_auto (GStrv) words = g_strsplit_set (arg, " \t", 3);
  if (words[0] == NULL || strcmp (words[0], "dot") != 0 || words[1] == NULL || words[1][0] == '\0')
    {
      fprintf (stderr, "usage: :export dot FILE [QUERY]\n");
      return;
    }
  const char *file = words[1];
  const char *query = words[2] != NULL ? g_strstrip (words[2]) : NULL;
  g_autoptr (KgqRows) fresh = NULL;
  const KgqRows *rows = r->last;
  if (query != NULL && query[0] != '\0')
    {
      GError *error = NULL;
      sig_session = r->opts->session;
      fresh = kg_run_query_rows (r->opts->session, query, "<export>", &error);
      sig_session = NULL;
      if (fresh == NULL)
        {
          kg_print_error (error, query);
          g_error_free (error);
          return;
        }
      rows = fresh;
    }
  else if (rows == NULL || rows->columns->len == 0)
    {
      fprintf (stderr, "no result to export yet: run a query first, or give one\n");
      return;
    }
  KgDotCliOpts dopts = { .output = file, .render = NULL, .highlight = TRUE, .max_nodes = 0 };
  if (kg_cli_dot (r->opts->session, rows, &dopts) == KG_EXIT_OK)
    fprintf (stderr, "wrote %s\n", file);
}

static void
cmd_conflicts (Repl *r)
{
  if (!kgq_session_write_conflicts (r->opts->session, stdout))
    fprintf (stderr, "conflicts are known only for a graph loaded from a corpus\n");
}

/* :find TEXT: a full-text query (Lucene syntax) of the names index, run as a statement. */
static void
cmd_find (Repl *r, const char *text)
{
  if (text[0] == '\0')
    {
      fprintf (stderr, "usage: :find TEXT (a full-text query, e.g. :find chili pepers~)\n");
      return;
    }
  GString *q = g_string_new ("CALL db.index.fulltext.queryNodes('names', ");
  kg_string_append_quoted (q, text, '\'', FALSE);
  g_string_append (q, ", {limit: 10}) YIELD node, score\n"
                      "RETURN node.name AS name, labels(node) AS labels, round(score, 3) AS score");
  kg_run_script (&r->run, q->str, q->len, "<find>");
  g_string_free (q, TRUE);
}

/* :begin, :commit and :rollback: the session's explicit transaction. */
static void
cmd_transaction (Repl *r, const char *name)
{
  KgqSession *s = r->opts->session;
  g_autoptr (GError) error = NULL;
  if (strcmp (name, "begin") == 0)
    {
      if (kgq_session_begin (s, &error))
        {
          r->txn_writes = r->run.writes;
          printf ("transaction open: :commit keeps it, :rollback undoes it\n");
        }
    }
  else if (!kgq_session_in_transaction (s))
    fprintf (stderr, "no transaction is open (:begin opens one)\n");
  else if (strcmp (name, "commit") == 0)
    {
      if (kgq_session_commit (s, &error))
        printf ("committed\n");
    }
  else
    {
      kgq_session_rollback (s);
      r->run.writes = r->txn_writes; /* undone: nothing left to save */
      printf ("rolled back\n");
    }
  if (error != NULL)
    fprintf (stderr, "%s\n", error->message);
}

/* Writes not kept anywhere: made since the last :save, in a session that does not
 * journal (with --db every write statement is journalled before it returns). */
static guint64
unsaved_writes (Repl *r)
{
  if (kgq_db_has_journal (kgq_session_db (r->opts->session)))
    return 0;
  return r->run.writes - r->saved_writes;
}

/* :save [FILE]: a snapshot of the graph, written atomically. Without FILE: the file the
 * session journals to (folding the journal in), else the last :save's file. */
static void
cmd_save (Repl *r, const char *arg)
{
  KgqDb *db = kgq_session_db (r->opts->session);
  g_autoptr (GError) error = NULL;
  if (kgq_session_in_transaction (r->opts->session))
    {
      fprintf (stderr, ":save: a transaction is open; :commit or :rollback it first\n");
      return;
    }
  if (arg[0] == '\0' && kgq_db_has_journal (db))
    {
      if (kgq_db_checkpoint (db, &error))
        printf ("saved: the journal is folded into the snapshot\n");
      else
        fprintf (stderr, ":save: %s\n", error->message);
      return;
    }
  const char *path = arg[0] != '\0' ? arg : r->save_path;
  if (path == NULL)
    {
      fprintf (stderr, "usage: :save FILE (a snapshot that `kgq --db FILE` loads)\n");
      return;
    }
  if (!kgq_db_save (db, path, &error))
    {
      fprintf (stderr, ":save: %s\n", error->message);
      return;
    }
  if (path != r->save_path)
    {
      g_free (r->save_path);
      r->save_path = g_strdup (path);
    }
  r->saved_writes = r->run.writes;
  guint64 n_nodes = 0, n_rels = 0;
  kgq_db_counts (db, &n_nodes, &n_rels);
  printf ("saved %" G_GUINT64_FORMAT " nodes, %" G_GUINT64_FORMAT " relationships to %s\n", n_nodes, n_rels, r->save_path);
}

/* Whether the REPL may end now: with unsaved writes it warns once and stays. */
static gboolean
may_leave (Repl *r, gboolean force)
{
  guint64 n = unsaved_writes (r);
  if (force || n == 0 || r->quit_warned)
    return TRUE;
  r->quit_warned = TRUE;
  fprintf (stderr, "%" G_GUINT64_FORMAT " write statement%s not saved: :save FILE keeps them; :quit! or Ctrl-D again leaves without saving\n",
           n, n == 1 ? "" : "s");
  return FALSE;
}

static void
run_command (Repl *r, const char *line)
{
  const char *p = line + 1;
  gsize n = strcspn (p, " \t");
  g_autofree char *name = g_strndup (p, n);
  const char *arg = p + n;
  while (*arg == ' ' || *arg == '\t')
    arg++;
  g_autofree char *argc = g_strstrip (g_strdup (arg));

  const Command *c = find_command (name);
  if (c == NULL)
    {
      const char *names[G_N_ELEMENTS (commands) + 1];
      for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
        names[i] = commands[i].name;
      names[G_N_ELEMENTS (commands)] = NULL;
      const char *best = kgq_suggest (name, names);
      if (best != NULL)
        fprintf (stderr, "unknown command ':%s'; did you mean :%s?\n", name, best);
      else
        fprintf (stderr, "unknown command ':%s'; :help lists the commands\n", name);
      return;
    }
  if (strcmp (c->name, "help") == 0)
    cmd_help (r, argc);
  else if (strcmp (c->name, "schema") == 0)
    cmd_schema (r);
  else if (strcmp (c->name, "param") == 0)
    cmd_param (r, argc);
  else if (strcmp (c->name, "params") == 0)
    kg_cli_write_params (r->opts->session, stdout);
  else if (strcmp (c->name, "format") == 0)
    {
      if (argc[0] == '\0')
        printf ("format: %s\n", kgq_format_name (r->run.format));
      else if (!kgq_format_parse (argc, &r->run.format))
        fprintf (stderr, "unknown format '%s' (" KG_CLI_FORMATS ")\n", argc);
      else
        printf ("format: %s\n", kgq_format_name (r->run.format));
    }
  else if (strcmp (c->name, "timing") == 0)
    {
      if (strcmp (argc, "on") == 0)
        r->run.timing = TRUE;
      else if (strcmp (argc, "off") == 0)
        r->run.timing = FALSE;
      else if (argc[0] != '\0')
        {
          fprintf (stderr, "usage: :timing on|off\n");
          return;
        }
      printf ("timing: %s\n", r->run.timing ? "on" : "off");
    }
  else if (strcmp (c->name, "output") == 0)
    {
      GError *error = NULL;
      if (!kg_run_set_output (&r->run, argc[0] != '\0' ? argc : NULL, &error))
        {
          fprintf (stderr, "%s\n", error->message);
          g_error_free (error);
        }
      else if (argc[0] != '\0')
        printf ("results go to %s\n", argc);
    }
  else if (strcmp (c->name, "conflicts") == 0)
    cmd_conflicts (r);
  else if (strcmp (c->name, "find") == 0)
    cmd_find (r, argc);
  else if (strcmp (c->name, "export") == 0)
    cmd_export (r, argc);
  else if (strcmp (c->name, "read") == 0)
    {
      if (argc[0] == '\0')
        fprintf (stderr, "usage: :read FILE\n");
      else
        {
          query_interrupted = FALSE;
          sig_session = r->opts->session;
          kg_run_file (&r->run, argc);
          kg_run_end_document (&r->run);
          sig_session = NULL;
        }
    }
  else if (strcmp (c->name, "last") == 0)
    {
      if (r->last == NULL || r->last->columns->len == 0)
        fprintf (stderr, "no result yet\n");
      else
        {
          KgqTableOpts t = { .width = kg_cli_terminal_width (), .max_rows = 0, .footer = TRUE };
          kgq_write_rows (r->opts->session, r->last, r->run.format, kg_run_out (&r->run), &t);
        }
    }
  else if (strcmp (c->name, "begin") == 0 || strcmp (c->name, "commit") == 0 || strcmp (c->name, "rollback") == 0)
    cmd_transaction (r, c->name);
  else if (strcmp (c->name, "save") == 0)
    cmd_save (r, argc);
  else if (strcmp (c->name, "quit") == 0)
    r->quit = may_leave (r, name[strlen (name) - 1] == '!');
}

/* --- Completion ----------------------------------------------------------------- */

static GPtrArray *candidates; /* char *, for the generator below */

static char *
generate (const char *text, int state)
{
  static guint pos;
  if (state == 0)
    pos = 0;
  gsize len = strlen (text);
  while (candidates != NULL && pos < candidates->len)
    {
      const char *c = g_ptr_array_index (candidates, pos++);
      if (g_ascii_strncasecmp (c, text, len) == 0)
        return strdup (c); /* libedit frees with free() */
    }
  return NULL;
}

static void
add_names (KgqSession *session, KgqNameKind kind)
{
  g_auto (GStrv) names = kgq_session_names (session, kind);
  for (char **n = names; *n != NULL; n++)
    g_ptr_array_add (candidates, g_steal_pointer (n));
}

/* Adds the identifiers in @text that are not keywords, not already candidates and not
 * the word being completed (@current). Strings and comments are not skipped: a stray
 * word costs nothing. */
static void
add_words (const char *text, const char *current)
{
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < candidates->len; i++)
    g_hash_table_add (seen, g_ptr_array_index (candidates, i));
  for (const char *p = text; *p != '\0';)
    {
      if (!(g_ascii_isalpha (*p) || *p == '_') || (p > text && (g_ascii_isalnum (p[-1]) || p[-1] == '_' || p[-1] == '$' || p[-1] == '.' || p[-1] == ':')))
        {
          p++;
          continue;
        }
      const char *q = p;
      while (g_ascii_isalnum (*q) || *q == '_')
        q++;
      char *word = g_strndup (p, q - p);
      gboolean keyword = FALSE;
      for (const char *const *k = kgq_keywords (); k != NULL && *k != NULL && !keyword; k++)
        keyword = g_ascii_strcasecmp (*k, word) == 0;
      if (keyword || g_hash_table_contains (seen, word) || strcmp (word, current) == 0)
        g_free (word);
      else
        {
          g_ptr_array_add (candidates, word);
          g_hash_table_add (seen, word);
        }
      p = q;
    }
}

/* The innermost unclosed bracket before @end: '(' in a node, '[' in a relationship. */
static char
open_bracket (const char *line, int end)
{
  int depth_paren = 0, depth_square = 0;
  for (int i = end - 1; i >= 0; i--)
    {
      char ch = line[i];
      if (ch == ')')
        depth_paren++;
      else if (ch == ']')
        depth_square++;
      else if (ch == '(')
        {
          if (depth_paren == 0)
            return '(';
          depth_paren--;
        }
      else if (ch == '[')
        {
          if (depth_square == 0)
            return '[';
          depth_square--;
        }
    }
  return '\0';
}

static char **
complete (const char *text, int start, int end)
{
  Repl *r = the_repl;
  const char *line = rl_line_buffer;
  rl_attempted_completion_over = 1; /* never fall back to file names */
  rl_completion_append_character = ' ';
  if (candidates != NULL)
    g_ptr_array_unref (candidates);
  candidates = g_ptr_array_new_with_free_func (g_free);

  gboolean line_is_command = FALSE;
  {
    const char *p = line;
    while (*p == ' ' || *p == '\t')
      p++;
    line_is_command = *p == ':';
  }
  char before = start > 0 ? line[start - 1] : '\0';
  gboolean only_blanks_before = TRUE;
  for (int i = 0; i < start - 1; i++)
    if (line[i] != ' ' && line[i] != '\t')
      only_blanks_before = FALSE;

  if (before == ':' && only_blanks_before)
    {
      for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
        g_ptr_array_add (candidates, g_strdup (commands[i].name));
    }
  else if (line_is_command)
    {
      /* Arguments of :commands. */
      const char *p = strchr (line, ':') + 1;
      if (g_str_has_prefix (p, "help"))
        {
          for (guint i = 0; help_topics[i] != NULL; i++)
            g_ptr_array_add (candidates, g_strdup (help_topics[i]));
          for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
            g_ptr_array_add (candidates, g_strdup (commands[i].name));
        }
      else if (g_str_has_prefix (p, "format"))
        for (guint i = KGQ_FORMAT_TABLE; i <= KGQ_FORMAT_VERTICAL; i++)
          g_ptr_array_add (candidates, g_strdup (kgq_format_name ((KgqFormat) i)));
      else if (g_str_has_prefix (p, "timing"))
        {
          g_ptr_array_add (candidates, g_strdup ("on"));
          g_ptr_array_add (candidates, g_strdup ("off"));
        }
      else if (g_str_has_prefix (p, "export"))
        g_ptr_array_add (candidates, g_strdup ("dot"));
      else
        rl_attempted_completion_over = 0; /* file names for :read and :export */
      if (candidates->len == 0)
        return NULL;
    }
  else if (before == ':')
    {
      add_names (r->opts->session, open_bracket (line, start) == '[' ? KGQ_NAME_TYPE : KGQ_NAME_LABEL);
      rl_completion_append_character = '\0';
    }
  else if (before == '|' && open_bracket (line, start) == '[')
    {
      add_names (r->opts->session, KGQ_NAME_TYPE);
      rl_completion_append_character = '\0';
    }
  else if (before == '.' || (before == '{' && open_bracket (line, start) != '\0'))
    {
      add_names (r->opts->session, KGQ_NAME_KEY);
      rl_completion_append_character = '\0';
    }
  else if (before == '$')
    {
      rl_completion_append_character = '\0';
      GHashTable *params = kgq_session_params (r->opts->session);
      if (params != NULL)
        {
          GHashTableIter it;
          gpointer key;
          g_hash_table_iter_init (&it, params);
          while (g_hash_table_iter_next (&it, &key, NULL))
            g_ptr_array_add (candidates, g_strdup (key));
        }
    }
  else
    {
      /* Keywords in the case the word was started in, then function names. */
      gboolean lower = text[0] != '\0' && g_ascii_islower (text[0]);
      for (const char *const *k = kgq_keywords (); k != NULL && *k != NULL; k++)
        g_ptr_array_add (candidates, lower ? g_ascii_strdown (*k, -1) : g_strdup (*k));
      for (const char *const *f = kgq_function_names (); f != NULL && *f != NULL; f++)
        g_ptr_array_add (candidates, g_strdup (*f));
      /* Variables: the names written so far in this statement. */
      g_autofree char *typed = g_strconcat (r->pending != NULL ? r->pending->str : "", line, NULL);
      add_words (typed, text);
    }
  (void) end;
  g_ptr_array_sort (candidates, cmp_str);
  return rl_completion_matches (text, generate);
}

/* --- History -------------------------------------------------------------------- */

static char *
default_history_path (void)
{
  const char *state = g_get_user_state_dir ();
  g_autofree char *dir = g_build_filename (state, "kgq", NULL);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    return NULL;
  return g_build_filename (dir, "history", NULL);
}

static void
remember (Repl *r, const char *entry)
{
  /* One history entry per statement: line breaks and runs of blanks become one blank. */
  g_autoptr (GString) buf = g_string_new (NULL);
  for (const char *p = entry; *p != '\0'; p++)
    {
      gboolean blank = *p == '\n' || *p == '\r' || *p == ' ' || *p == '\t';
      if (!blank)
        g_string_append_c (buf, *p);
      else if (buf->len > 0 && buf->str[buf->len - 1] != ' ')
        g_string_append_c (buf, ' ');
    }
  char *flat = g_strstrip (buf->str);
  if (flat[0] == '\0')
    return;
  add_history (flat);
  if (r->history_path != NULL)
    write_history (r->history_path);
}

/* --- The loop ------------------------------------------------------------------- */

static void
run_buffer (Repl *r, GString *buf)
{
  r->entry_no++;
  g_autofree char *name = g_strdup_printf ("<repl:%u>", r->entry_no);
  r->run.table.width = kg_cli_terminal_width ();
  r->run.results = 0;
  query_interrupted = FALSE;
  sig_session = r->opts->session;
  kg_run_script (&r->run, buf->str, buf->len, name);
  kg_run_end_document (&r->run);
  sig_session = NULL;
  fflush (stdout);
}

int
kg_repl_run (KgReplOpts *opts)
{
  Repl repl = { 0 };
  Repl *r = &repl;
  r->opts = opts;
  r->last = kgq_rows_new ();
  r->run = (KgRunOpts){
    .session = opts->session,
    .format = opts->format,
    .table = { .width = kg_cli_terminal_width (), .max_rows = REPL_MAX_ROWS, .footer = TRUE },
    .keep_going = FALSE,
    .timing = opts->timing,
    .show_stats = TRUE,
    .keep = r->last,
    .interrupted = &query_interrupted,
  };
  the_repl = r;

  rl_readline_name = "kgq";
  rl_attempted_completion_function = complete;
  rl_basic_word_break_characters = " \t\n\"'`@$><=;|&{([,.:)}]+-*/%";
  using_history ();
  stifle_history (2000);
  if (!opts->no_history)
    {
      r->history_path = opts->history != NULL ? g_strdup (opts->history) : default_history_path ();
      if (r->history_path != NULL)
        read_history (r->history_path);
    }

  guint64 n_nodes = 0, n_rels = 0;
  kgq_db_counts (kgq_session_db (opts->session), &n_nodes, &n_rels);
  printf ("kgq %s: %" G_GUINT64_FORMAT " nodes, %" G_GUINT64_FORMAT " relationships. Statements end with ';'.\n"
          "Type :help for help, :quit or Ctrl-D to leave.\n",
          KG_VERSION, n_nodes, n_rels);
  fflush (stdout);

  struct sigaction sa = { 0 }, old = { 0 };
  sa.sa_handler = on_sigint;
  sigemptyset (&sa.sa_mask);
  sa.sa_flags = SA_RESTART; /* output interrupted by Ctrl-C carries on */
  sigaction (SIGINT, &sa, &old);

  GString *buf = g_string_new (NULL);
  r->pending = buf;
  while (!r->quit)
    {
      if (sigsetjmp (prompt_jmp, 1) != 0)
        {
          /* Ctrl-C at the prompt: drop what was being typed. */
          g_string_truncate (buf, 0);
          printf ("^C\n");
          fflush (stdout);
        }
      at_prompt = 1;
      /* A transaction shows in the prompt: its changes are not kept until :commit. */
      gboolean txn = kgq_session_in_transaction (r->opts->session);
      char *line = readline (buf->len > 0 ? (txn ? "   ...> " : "  ...> ") : (txn ? "kgq*> " : "kgq> "));
      at_prompt = 0;
      if (line == NULL)
        {
          printf ("\n");
          if (may_leave (r, FALSE))
            break;
          continue;
        }
      if (buf->len == 0)
        {
          const char *p = line;
          while (*p == ' ' || *p == '\t')
            p++;
          if (*p == '\0')
            {
              free (line);
              continue;
            }
          if (*p == ':')
            {
              remember (r, p);
              run_command (r, p);
              free (line);
              fflush (stdout);
              continue;
            }
        }
      g_string_append (buf, line);
      g_string_append_c (buf, '\n');
      free (line);
      if (!kgq_statement_is_complete (buf->str))
        continue;
      remember (r, buf->str);
      run_buffer (r, buf);
      g_string_truncate (buf, 0);
    }
  g_string_free (buf, TRUE);
  if (kgq_session_in_transaction (r->opts->session))
    {
      kgq_session_rollback (r->opts->session);
      fprintf (stderr, "the open transaction was rolled back\n");
    }
  sigaction (SIGINT, &old, NULL);
  kg_run_set_output (&r->run, NULL, NULL);
  if (r->history_path != NULL)
    write_history (r->history_path);
  g_free (r->history_path);
  g_free (r->save_path);
  kgq_rows_free (r->last);
  if (candidates != NULL)
    g_ptr_array_unref (g_steal_pointer (&candidates));
  the_repl = NULL;
  return KG_EXIT_OK;
}
