/* cli/main.c — the kgq program: options, loading the graph, and the subcommands
 * (repl, run, dot, import, save, check, help).
 *
 * Options are parsed with GOptionContext into one set of globals; which subcommand
 * runs is the first word left over. The graph comes from a snapshot (--db), a CSV
 * import (--nodes/--relationships), nothing (--empty) or a corpus (--corpus, default
 * the bundled one). Everything after that goes through lib/kgq.h.
 *
 * Result data goes to stdout, every message to stderr. Exit codes are in cli.h and
 * docs/cli.md.
 */
#include "cli/cli.h"

#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* --- Options -------------------------------------------------------------------- */

static char **opt_commands;
static char *opt_format;
static char **opt_params;
static gboolean opt_continue;
static gboolean opt_empty;
static char *opt_corpus;
static char *opt_import_dir;
static char *opt_db;
static char **opt_nodes;
static char **opt_relationships;
static char **opt_jsonl;
static char **opt_rdf;
static char *opt_rdf_format;
static char **opt_graphml;
static gboolean opt_skip_bad_rows;
static char *opt_delimiter;
static char *opt_array_delimiter;
static char *opt_id_type;
static gboolean opt_timing;
static gboolean opt_stats;
static char *opt_timeout;
static gint64 opt_max_rows;
static char *opt_max_memory;
static gint opt_threads = -1;
static gint opt_import_threads = -1;
static char *opt_history;
static gboolean opt_no_history;
static char *opt_output;
static char *opt_render;
static char *opt_layout;
static gboolean opt_highlight;
static gint opt_max_nodes;
static gboolean opt_version;

static const GOptionEntry entries[] = {
  { "command", 'c', 0, G_OPTION_ARG_STRING_ARRAY, &opt_commands, "Run QUERY (may be repeated)", "QUERY" },
  { "format", 'f', 0, G_OPTION_ARG_STRING, &opt_format, "Output format: table, csv, tsv, json, jsonl, markdown, vertical (default: table on a terminal, tsv otherwise)", "FMT" },
  { "param", 'p', 0, G_OPTION_ARG_STRING_ARRAY, &opt_params, "Set $NAME to VALUE, a Cypher literal (may be repeated)", "NAME=VALUE" },
  { "continue", 0, 0, G_OPTION_ARG_NONE, &opt_continue, "Keep running statements after one fails", NULL },
  { "empty", 0, 0, G_OPTION_ARG_NONE, &opt_empty, "Start with an empty graph instead of the corpus", NULL },
  { "corpus", 0, 0, G_OPTION_ARG_FILENAME, &opt_corpus, "Load the corpus in DIR instead of the bundled one", "DIR" },
  { "db", 0, 0, G_OPTION_ARG_FILENAME, &opt_db, "Load the graph from a snapshot written by `kgq save`", "FILE" },
  { "nodes", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_nodes, "Import nodes from CSV (neo4j-admin import conventions; may be repeated)", "[Label=]FILE" },
  { "relationships", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_relationships, "Import relationships from CSV (may be repeated)", "[TYPE=]FILE" },
  { "jsonl", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &opt_jsonl, "Load a JSON Lines file (apoc.export.json, Memgraph; may be repeated)", "FILE" },
  { "rdf", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &opt_rdf, "Load an RDF file (N-Quads, N-Triples, Turtle, TriG by extension; may be repeated)", "FILE" },
  { "rdf-format", 0, 0, G_OPTION_ARG_STRING, &opt_rdf_format, "The syntax of --rdf files: nquads, ntriples, turtle or trig", "F" },
  { "graphml", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &opt_graphml, "Load a GraphML file (may be repeated)", "FILE" },
  { "import-dir", 0, 0, G_OPTION_ARG_FILENAME, &opt_import_dir, "Where LOAD CSV and kgq.import/export procedures read and write files (default: the current directory)", "DIR" },
  { "skip-bad-rows", 0, 0, G_OPTION_ARG_NONE, &opt_skip_bad_rows, "Skip and count bad CSV rows instead of failing", NULL },
  { "delimiter", 0, 0, G_OPTION_ARG_STRING, &opt_delimiter, "CSV import: the field delimiter (default ',', TAB for a tab)", "C" },
  { "array-delimiter", 0, 0, G_OPTION_ARG_STRING, &opt_array_delimiter, "CSV import: the delimiter inside array fields (default ';')", "C" },
  { "id-type", 0, 0, G_OPTION_ARG_STRING, &opt_id_type, "CSV import: the type of :ID values, string (default) or integer", "TYPE" },
  { "timing", 0, 0, G_OPTION_ARG_NONE, &opt_timing, "Print load and statement times on stderr", NULL },
  { "stats", 0, 0, G_OPTION_ARG_NONE, &opt_stats, "Print what write statements changed on stderr", NULL },
  { "timeout", 0, 0, G_OPTION_ARG_STRING, &opt_timeout, "Stop a query after DURATION (e.g. 500ms, 10s, 2m; bare numbers are seconds)", "DURATION" },
  { "max-rows", 0, 0, G_OPTION_ARG_INT64, &opt_max_rows, "Fail a query that produces more than N rows", "N" },
  { "max-memory", 0, 0, G_OPTION_ARG_STRING, &opt_max_memory, "Fail a query that holds more than SIZE of intermediate state (e.g. 512M, 2G)", "SIZE" },
  { "threads", 0, 0, G_OPTION_ARG_INT, &opt_threads, "Run a query on at most N threads (default: the cores kgq may use; 1: one thread)", "N" },
  { "import-threads", 0, 0, G_OPTION_ARG_INT, &opt_import_threads, "CSV import: use N threads (default: as --threads)", "N" },
  { "history", 0, 0, G_OPTION_ARG_FILENAME, &opt_history, "REPL history file (default $XDG_STATE_HOME/kgq/history)", "FILE" },
  { "no-history", 0, 0, G_OPTION_ARG_NONE, &opt_no_history, "Do not read or write REPL history", NULL },
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, &opt_output, "dot: write to FILE instead of stdout; import, run, -c: save a snapshot to FILE at the end", "FILE" },
  { "render", 0, 0, G_OPTION_ARG_STRING, &opt_render, "dot: render the picture with Graphviz (svg or png)", "FMT" },
  { "layout", 0, 0, G_OPTION_ARG_STRING, &opt_layout, "dot: the Graphviz engine: dot, neato, sfdp or circo (default: by size)", "ENGINE" },
  { "highlight", 0, 0, G_OPTION_ARG_NONE, &opt_highlight, "dot: highlight the returned paths", NULL },
  { "max-nodes", 0, 0, G_OPTION_ARG_INT, &opt_max_nodes, "dot: draw at most N nodes (default 300)", "N" },
  { "version", 'V', 0, G_OPTION_ARG_NONE, &opt_version, "Print the version and exit", NULL },
  { NULL },
};

static const char summary[] =
    "Commands:\n"
    "  repl                 interactive shell (the default on a terminal)\n"
    "  run FILE... | -      run the ';'-separated statements of files or stdin\n"
    "  dot QUERY            the subgraph a query returns, as Graphviz DOT\n"
    "  import               load --nodes/--relationships CSV files (save with -o FILE)\n"
    "  save FILE            write the loaded graph to a snapshot (load it with --db)\n"
    "  check                validate the corpus (--corpus DIR or the bundled one)\n"
    "  serve                a Bolt server for Neo4j drivers and tools (--listen, --users)\n"
    "  passwd FILE NAME     set NAME's password in a `kgq serve --users` file\n"
    "  help [COMMAND]       help on a command\n"
    "\n"
    "With -c QUERY, runs the query and exits. With no command and stdin not a terminal,\n"
    "runs the statements read from stdin.";

static const char description[] =
    "Exit status: 0 ok, 1 query error, 2 usage error, 3 syntax error,\n"
    "4 input or load error, 5 cancelled or over a limit (--timeout, --max-rows,\n"
    "--max-memory).\n"
    "\n"
    "See docs/cli.md for formats, the REPL's :commands and examples.";

typedef struct
{
  const char *name;
  const char *usage;
  const char *text;
} CommandHelp;

static const CommandHelp command_help[] = {
  { "repl", "kgq [OPTIONS] [repl]",
    "Starts the interactive shell on the loaded graph. Statements end with ';'.\n"
    "Type :help inside for its commands. History is kept in\n"
    "$XDG_STATE_HOME/kgq/history (--history FILE, --no-history).\n" },
  { "run", "kgq [OPTIONS] run FILE... | -",
    "Runs the statements of each FILE in order ('-' reads stdin, each statement as\n"
    "it arrives). Statements end with ';'; comments are // and /* */. Lines\n"
    "starting with ':' are cypher-shell commands: :param NAME => VALUE (or a map),\n"
    ":params, :format FMT, :output [FILE], :source FILE. Stops at the first failing\n"
    "statement unless --continue is given; the exit status is that of the first\n"
    "failure. Errors and warnings are reported as FILE:LINE:COL with the source\n"
    "line and a caret.\n"
    "Options: --format, --param NAME=VALUE, --continue, --timing, --stats,\n"
    "--timeout, --max-rows, --max-memory.\n" },
  { "dot", "kgq [OPTIONS] dot QUERY [-o FILE] [--render svg|png] [--highlight] [--layout ENGINE]",
    "Runs QUERY and writes the nodes, relationships and paths it returns as a\n"
    "Graphviz digraph: the name of each entity as its label, a shape and colour per\n"
    "label, the type and sources on each relationship, conflicting claims in red,\n"
    "and a legend. --render draws the picture with Graphviz; --highlight draws\n"
    "returned paths in bold; --max-nodes caps the size (default 300); --layout picks\n"
    "the engine (dot, neato, sfdp, circo, or auto: dot up to 40 nodes, neato up to\n"
    "250, sfdp beyond, the default).\n"
    "Example: kgq dot 'MATCH p=(:Person {name: \"Tom Cruise\"})-[*1..2]-() RETURN p' --render svg -o cruise.svg\n" },
  { "import", "kgq --nodes=[Label=]FILE... --relationships=[TYPE=]FILE... import [-o SNAPSHOT]",
    "Imports CSV files with neo4j-admin import headers (name:type, :ID(space),\n"
    ":LABEL, :START_ID(space), :END_ID(space), :TYPE) and reports the counts; with -o,\n"
    "saves the graph as a snapshot. --skip-bad-rows skips rows that do not load.\n"
    "--delimiter C, --array-delimiter C and --id-type string|integer work as in\n"
    "neo4j-admin. The same options work with every command\n"
    "(e.g. `kgq --nodes=p.csv run q.cypher`).\n" },
  { "export", "kgq [OPTIONS] export [--jsonl FILE] [--rdf FILE [--rdf-format F]] [--graphml FILE] [--csv DIR]",
    "Writes the loaded graph (the corpus by default, or what the other options load)\n"
    "as JSON Lines in the shape of apoc.export.json, as RDF (N-Quads by default, or\n"
    "ntriples, turtle, trig; relationship sources become named graphs) or as GraphML.\n"
    "Files are written atomically; '-' writes to stdout. `kgq --jsonl|--rdf|--graphml\n"
    "FILE` loads them back (repeatable). --csv DIR writes neo4j-admin import files and\n"
    "DIR/import.txt, the --nodes/--relationships arguments that load them back.\n"
    "The mappings are in docs/formats.md.\n" },
  { "dump", "kgq [OPTIONS] dump [-o FILE]",
    "Writes a Cypher script that recreates the loaded graph exactly (labels,\n"
    "properties of every type, relationships, indexes) in UNWIND batches of 1000 rows,\n"
    "to stdout or FILE. `kgq --empty run FILE` loads it; dumping that again gives the\n"
    "same bytes.\n" },
  { "save", "kgq [OPTIONS] save FILE",
    "Writes the loaded graph (corpus, import or --empty) to a snapshot FILE;\n"
    "`kgq --db FILE ...` loads it back quickly.\n" },
  { "serve", "kgq [OPTIONS] serve [--listen ADDR:PORT]... (--users FILE | --no-auth)",
    "Serves the loaded graph (--db, --empty, CSV import or the corpus) over Bolt, the\n"
    "protocol of the Neo4j drivers, cypher-shell and Neo4j Browser, until SIGINT or\n"
    "SIGTERM. Each statement is held to --timeout, --max-rows and --max-memory.\n"
    "See `kgq --help-serve` and docs/server.md.\n" },
  { "passwd", "kgq passwd FILE NAME",
    "Sets NAME's password in FILE (created when missing), read from the terminal\n"
    "(twice, without echo) or from stdin's first line.\n" },
  { "check", "kgq [--corpus DIR] check",
    "Validates a corpus: files, ids, references, declared types; lists conflicts.\n" },
  { "help", "kgq help [COMMAND]", "Shows help on COMMAND.\n" },
};

static void
print_command_help (FILE *fp, const CommandHelp *h)
{
  fprintf (fp, "Usage: %s\n\n%s", h->usage, h->text);
}

static void
usage_error (const char *fmt, ...) G_GNUC_PRINTF (1, 2);

static void
usage_error (const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  fprintf (stderr, "kgq: %s\nTry 'kgq --help' for more information.\n", msg);
}

/* "500ms", "10s", "2m", "1.5" (seconds) -> milliseconds. */
gboolean
kg_cli_parse_duration (const char *text, guint64 *ms)
{
  char *end = NULL;
  double v = g_ascii_strtod (text, &end);
  if (end == text || v < 0)
    return FALSE;
  double scale = 1000;
  if (g_ascii_strcasecmp (end, "ms") == 0)
    scale = 1;
  else if (g_ascii_strcasecmp (end, "s") == 0 || *end == '\0')
    scale = 1000;
  else if (g_ascii_strcasecmp (end, "m") == 0 || g_ascii_strcasecmp (end, "min") == 0)
    scale = 60000;
  else
    return FALSE;
  *ms = (guint64) (v * scale + 0.5);
  return TRUE;
}

/* "1024", "64K", "512M", "2G" -> bytes. */
static gboolean
parse_size (const char *text, guint64 *bytes)
{
  char *end = NULL;
  double v = g_ascii_strtod (text, &end);
  if (end == text || v < 0)
    return FALSE;
  double scale = 1;
  if (*end == 'k' || *end == 'K')
    scale = 1024.0, end++;
  else if (*end == 'm' || *end == 'M')
    scale = 1024.0 * 1024, end++;
  else if (*end == 'g' || *end == 'G')
    scale = 1024.0 * 1024 * 1024, end++;
  if (*end == 'B' || *end == 'b')
    end++;
  if (*end != '\0')
    return FALSE;
  *bytes = (guint64) (v * scale);
  return TRUE;
}

/* --- Signals -------------------------------------------------------------------- */

static KgqSession *running_session;
static volatile gboolean interrupted;

static void
on_sigint (int sig)
{
  interrupted = TRUE;
  if (running_session != NULL)
    kgq_session_cancel (running_session);
}

/* "," or "TAB" or "\t" -> the delimiter character; 0 when @text names none. */
static char
delimiter_char (const char *text)
{
  if (g_ascii_strcasecmp (text, "TAB") == 0 || strcmp (text, "\\t") == 0 || strcmp (text, "\t") == 0)
    return '\t';
  if (strlen (text) == 1 && (guchar) text[0] < 0x80)
    return text[0];
  return '\0';
}

/* --- Loading -------------------------------------------------------------------- */

static int
load_graph (KgqDb *db)
{
  GError *error = NULL;
  gint64 t0 = g_get_monotonic_time ();
  gboolean importing = (opt_nodes != NULL && opt_nodes[0] != NULL) ||
                       (opt_relationships != NULL && opt_relationships[0] != NULL);
  gboolean loading = opt_jsonl != NULL || opt_rdf != NULL || opt_graphml != NULL;

  if (opt_db != NULL)
    {
      guint replayed = 0;
      /* A new file starts as an empty graph, journalled from the first write. */
      if (!g_file_test (opt_db, G_FILE_TEST_EXISTS))
        {
          g_autofree char *dir = g_path_get_dirname (opt_db);
          if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
            {
              fprintf (stderr, "kgq: --db: cannot create %s: the directory %s does not exist\n", opt_db, dir);
              return KG_EXIT_INPUT;
            }
          if (!kgq_db_save (db, opt_db, &error))
            {
              fprintf (stderr, "kgq: --db: %s\n", error->message);
              g_error_free (error);
              return KG_EXIT_INPUT;
            }
          fprintf (stderr, "kgq: created %s (an empty graph)\n", opt_db);
        }
      if (!kgq_db_open_file (db, opt_db, &replayed, &error))
        {
          fprintf (stderr, "kgq: %s\n", error->message);
          g_error_free (error);
          return KG_EXIT_INPUT;
        }
      if (replayed > 0)
        fprintf (stderr, "kgq: replayed %u write statement%s from %s.journal\n", replayed,
                 replayed == 1 ? "" : "s", opt_db);
    }
  else if (importing)
    {
      KgqImportOptions iopts = {
        .nodes = (const char *const *) opt_nodes,
        .relationships = (const char *const *) opt_relationships,
        .delimiter = opt_delimiter != NULL ? delimiter_char (opt_delimiter) : '\0',
        .array_delimiter = opt_array_delimiter != NULL ? delimiter_char (opt_array_delimiter) : '\0',
        .integer_ids = opt_id_type != NULL && g_ascii_strcasecmp (opt_id_type, "string") != 0,
        .skip_bad_rows = opt_skip_bad_rows,
      };
      KgqImportStats stats = { 0 };
      gboolean ok = kgq_db_import_csv (db, &iopts, &stats, &error);
      if (stats.bad_row_messages != NULL)
        for (guint i = 0; i < stats.bad_row_messages->len; i++)
          fprintf (stderr, "kgq: skipped %s\n", (char *) g_ptr_array_index (stats.bad_row_messages, i));
      if (stats.bad_rows > 0)
        fprintf (stderr, "kgq: %" G_GUINT64_FORMAT " bad rows skipped\n", stats.bad_rows);
      if (ok && opt_timing)
        fprintf (stderr, "timing: import nodes %.1f ms, relationships %.1f ms, adjacency and statistics %.1f ms\n",
                 stats.nodes_ms, stats.relationships_ms, stats.finish_ms);
      kgq_import_stats_clear (&stats);
      if (!ok)
        {
          fprintf (stderr, "kgq: %s\n", error->message);
          g_error_free (error);
          return KG_EXIT_INPUT;
        }
    }
  else if (!opt_empty && !loading)
    {
      if (!kgq_db_load_corpus (db, opt_corpus, &error))
        {
          fprintf (stderr, "kgq: %s\n", error->message);
          g_error_free (error);
          return KG_EXIT_INPUT;
        }
    }
  /* --jsonl, --rdf and --graphml add to what --nodes loaded (or to an empty graph). */
  if (loading)
    {
      int code = kg_cli_import_files (db, opt_jsonl, opt_rdf, opt_rdf_format, opt_graphml, FALSE);
      if (code != KG_EXIT_OK)
        return code;
    }
  if (opt_timing)
    fprintf (stderr, "timing: load %.3f ms\n", (g_get_monotonic_time () - t0) / 1000.0);
  return KG_EXIT_OK;
}

/* --- Commands ------------------------------------------------------------------- */

static int
cmd_dot (KgqSession *session, char **args)
{
  if (args[0] == NULL || args[1] != NULL)
    {
      usage_error ("dot takes one QUERY argument");
      return KG_EXIT_USAGE;
    }
  if (opt_render != NULL && strcmp (opt_render, "svg") != 0 && strcmp (opt_render, "png") != 0)
    {
      usage_error ("--render takes svg or png, not '%s'", opt_render);
      return KG_EXIT_USAGE;
    }
  if (opt_layout != NULL && !kgq_dot_layout_valid (opt_layout))
    {
      usage_error ("--layout takes dot, neato, sfdp, circo or auto, not '%s'", opt_layout);
      return KG_EXIT_USAGE;
    }
  GError *error = NULL;
  running_session = session;
  g_autoptr (KgqRows) rows = kg_run_query_rows (session, args[0], "<query>", &error);
  running_session = NULL;
  if (rows == NULL)
    {
      kg_print_error (error, args[0]);
      int code = kg_cli_exit_code_for (error);
      g_error_free (error);
      return code;
    }
  KgDotCliOpts dopts = {
    .output = opt_output,
    .render = opt_render,
    .layout = opt_layout,
    .highlight = opt_highlight,
    .max_nodes = opt_max_nodes > 0 ? (guint) opt_max_nodes : 0,
  };
  return kg_cli_dot (session, rows, &dopts);
}

static int
cmd_save (KgqDb *db, char **args)
{
  if (args[0] == NULL || args[1] != NULL)
    {
      usage_error ("save takes one FILE argument");
      return KG_EXIT_USAGE;
    }
  GError *error = NULL;
  /* Saving over the --db snapshot folds its journal in. */
  gboolean same = opt_db != NULL && kgq_db_has_journal (db) && g_file_test (args[0], G_FILE_TEST_EXISTS);
  if (same)
    {
      struct stat sa, sb;
      same = stat (opt_db, &sa) == 0 && stat (args[0], &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    }
  if (same ? !kgq_db_checkpoint (db, &error) : !kgq_db_save (db, args[0], &error))
    {
      fprintf (stderr, "kgq: %s\n", error->message);
      g_error_free (error);
      return KG_EXIT_INPUT;
    }
  guint64 n_nodes = 0, n_rels = 0;
  kgq_db_counts (db, &n_nodes, &n_rels);
  fprintf (stderr, "kgq: saved %" G_GUINT64_FORMAT " nodes and %" G_GUINT64_FORMAT " relationships to %s\n",
           n_nodes, n_rels, args[0]);
  return KG_EXIT_OK;
}

/* At the end of statements run from -c, a file or stdin: -o FILE saves the graph;
 * otherwise writes that nothing keeps (no --db journal) are pointed out. Returns @code,
 * or the save's failure. */
static int
keep_writes (KgqDb *db, KgRunOpts *run, int code)
{
  /* The JSON document ends, and an `:output` file is closed, whatever happened. */
  kg_run_set_output (run, NULL, NULL);
  if (opt_output != NULL)
    {
      char *args[] = { opt_output, NULL };
      int saved = cmd_save (db, args);
      return code != KG_EXIT_OK ? code : saved;
    }
  if (run->writes > 0 && !kgq_db_has_journal (db))
    fprintf (stderr, "kgq: %" G_GUINT64_FORMAT " write%s not saved (use --db FILE or -o FILE)\n", run->writes,
             run->writes == 1 ? "" : "s");
  return code;
}

static int
cmd_import (KgqDb *db, char **args)
{
  if (args[0] != NULL)
    {
      usage_error ("import takes no arguments; use --nodes= and --relationships=");
      return KG_EXIT_USAGE;
    }
  guint64 n_nodes = 0, n_rels = 0;
  kgq_db_counts (db, &n_nodes, &n_rels);
  fprintf (stderr, "kgq: imported %" G_GUINT64_FORMAT " nodes and %" G_GUINT64_FORMAT " relationships\n",
           n_nodes, n_rels);
  if (opt_output != NULL)
    {
      char *save_args[] = { opt_output, NULL };
      return cmd_save (db, save_args);
    }
  return KG_EXIT_OK;
}

static void
apply_limits (KgqSession *session, guint64 timeout_ms, guint64 max_memory)
{
  KgqLimits limits = {
    .timeout_ms = timeout_ms,
    .max_rows = opt_max_rows > 0 ? (guint64) opt_max_rows : 0,
    .max_memory = max_memory,
    .max_hops = 0,
  };
  kgq_session_set_limits (session, &limits);
}

static const char *const command_names[] = { "repl", "run", "dot", "import", "export", "dump", "save", "check", "serve", "passwd", "help", NULL };

/* The index of the command word in @argv (the first argument that is neither an option
 * nor an option's value), or @argc. The export command's own options (--jsonl FILE to
 * write) share names with the loading options, so its arguments are parsed apart. */
static int
command_index (int argc, char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      const char *a = argv[i];
      if (strcmp (a, "--") == 0)
        return i + 1;
      if (a[0] != '-' || a[1] == '\0')
        return i;
      if (strchr (a, '=') != NULL)
        continue;
      for (const GOptionEntry *e = entries; e->long_name != NULL; e++)
        {
          gboolean match = a[1] == '-' ? strcmp (a + 2, e->long_name) == 0 : (a[1] == e->short_name && a[2] == '\0');
          if (match && e->arg != G_OPTION_ARG_NONE)
            i++;
          if (match)
            break;
        }
    }
  return argc;
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_autoptr (GOptionContext) ctx = g_option_context_new ("[COMMAND] [ARGS...]");
  g_option_context_set_summary (ctx, summary);
  g_option_context_set_description (ctx, description);
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_add_group (ctx, kg_cli_serve_option_group ());
  GError *error = NULL;
  /* `export` takes its own options: the main parse stops at it. */
  int cmd_at = command_index (argc, argv);
  int export_argc = 0;
  char **export_argv = NULL;
  if (cmd_at < argc && strcmp (argv[cmd_at], "export") == 0)
    {
      export_argc = argc - cmd_at;
      export_argv = argv + cmd_at;
      argc = cmd_at + 1;
    }
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      usage_error ("%s", error->message);
      g_error_free (error);
      return KG_EXIT_USAGE;
    }
  if (opt_version)
    {
      printf ("kgq %s\n", KG_VERSION);
      return KG_EXIT_OK;
    }

  /* argv[1..] are the command and its arguments ("--" is already gone). */
  const char *command = argc > 1 ? argv[1] : NULL;
  char **args = argc > 1 ? argv + 2 : argv + argc;
  if (command != NULL && !g_strv_contains (command_names, command))
    {
      const char *best = kgq_suggest (command, command_names);
      if (best != NULL)
        usage_error ("unknown command '%s'; did you mean '%s'?", command, best);
      else
        usage_error ("unknown command '%s'", command);
      return KG_EXIT_USAGE;
    }
  if (command != NULL && strcmp (command, "help") == 0)
    {
      if (args[0] == NULL)
        {
          g_autofree char *help = g_option_context_get_help (ctx, TRUE, NULL);
          fputs (help, stdout);
          return KG_EXIT_OK;
        }
      for (guint i = 0; i < G_N_ELEMENTS (command_help); i++)
        if (strcmp (command_help[i].name, args[0]) == 0)
          {
            print_command_help (stdout, &command_help[i]);
            return KG_EXIT_OK;
          }
      usage_error ("no help on '%s'; commands are repl, run, dot, import, export, dump, save, check, serve, passwd", args[0]);
      return KG_EXIT_USAGE;
    }
  if (opt_commands != NULL && command != NULL)
    {
      usage_error ("-c QUERY cannot be combined with the '%s' command", command);
      return KG_EXIT_USAGE;
    }
  if (command != NULL && strcmp (command, "passwd") == 0)
    return kg_cli_passwd (args);
  if (command != NULL && strcmp (command, "check") == 0)
    {
      return kgq_check_corpus (opt_corpus, stdout, stderr) ? KG_EXIT_OK : KG_EXIT_INPUT;
    }

  KgqFormat format = isatty (STDOUT_FILENO) ? KGQ_FORMAT_TABLE : KGQ_FORMAT_TSV;
  if (opt_format != NULL && !kgq_format_parse (opt_format, &format))
    {
      usage_error ("unknown format '%s' (" KG_CLI_FORMATS ")", opt_format);
      return KG_EXIT_USAGE;
    }
  guint64 timeout_ms = 0, max_memory = 0;
  if (opt_timeout != NULL && !kg_cli_parse_duration (opt_timeout, &timeout_ms))
    {
      usage_error ("--timeout: '%s' is not a duration (e.g. 500ms, 10s, 2m)", opt_timeout);
      return KG_EXIT_USAGE;
    }
  if (opt_max_memory != NULL && !parse_size (opt_max_memory, &max_memory))
    {
      usage_error ("--max-memory: '%s' is not a size (e.g. 512M, 2G)", opt_max_memory);
      return KG_EXIT_USAGE;
    }
  if (opt_max_rows < 0)
    {
      usage_error ("--max-rows must not be negative");
      return KG_EXIT_USAGE;
    }
  if (opt_threads != -1 && (opt_threads < 1 || opt_threads > 256))
    {
      usage_error ("--threads takes a number from 1 to 256");
      return KG_EXIT_USAGE;
    }
  if (opt_import_threads != -1 && (opt_import_threads < 1 || opt_import_threads > 256))
    {
      usage_error ("--import-threads takes a number from 1 to 256");
      return KG_EXIT_USAGE;
    }
  if ((opt_delimiter != NULL && delimiter_char (opt_delimiter) == '\0') ||
      (opt_array_delimiter != NULL && delimiter_char (opt_array_delimiter) == '\0'))
    {
      usage_error ("--delimiter and --array-delimiter take one ASCII character (or TAB)");
      return KG_EXIT_USAGE;
    }
  if (opt_id_type != NULL && g_ascii_strcasecmp (opt_id_type, "string") != 0 &&
      g_ascii_strcasecmp (opt_id_type, "integer") != 0 && g_ascii_strcasecmp (opt_id_type, "int") != 0 &&
      g_ascii_strcasecmp (opt_id_type, "long") != 0)
    {
      usage_error ("--id-type takes string or integer, not '%s'", opt_id_type);
      return KG_EXIT_USAGE;
    }
  if (opt_empty && opt_corpus != NULL)
    {
      usage_error ("--empty and --corpus cannot be combined");
      return KG_EXIT_USAGE;
    }
  if (command != NULL && strcmp (command, "run") == 0 && args[0] == NULL)
    {
      usage_error ("run needs FILE arguments ('-' reads stdin)");
      return KG_EXIT_USAGE;
    }
  if (command != NULL && (strcmp (command, "repl") == 0 || strcmp (command, "import") == 0) &&
      args[0] != NULL)
    {
      usage_error ("'%s' takes no arguments", command);
      return KG_EXIT_USAGE;
    }
  if (command != NULL && strcmp (command, "import") == 0 &&
      (opt_nodes == NULL || opt_nodes[0] == NULL) &&
      (opt_relationships == NULL || opt_relationships[0] == NULL))
    {
      usage_error ("import needs --nodes=FILE or --relationships=FILE");
      return KG_EXIT_USAGE;
    }

  if (opt_import_dir != NULL && !g_file_test (opt_import_dir, G_FILE_TEST_IS_DIR))
    {
      usage_error ("--import-dir: '%s' is not a directory", opt_import_dir);
      return KG_EXIT_USAGE;
    }
  g_autoptr (KgqDb) db = kgq_db_new ();
  kgq_db_set_import_dir (db, opt_import_dir);
  /* the import reads the database's thread count; statements read it again after the
   * load, so --import-threads holds for the load only */
  if (opt_import_threads > 0)
    kgq_db_set_threads (db, (guint) opt_import_threads);
  else if (opt_threads > 0)
    kgq_db_set_threads (db, (guint) opt_threads);
  g_autoptr (KgqSession) session = kgq_session_new (db); /* freed first: declared last */
  kg_cli_progress_install (session);
  for (char **p = opt_params; p != NULL && *p != NULL; p++)
    {
      const char *eq = strchr (*p, '=');
      if (eq == NULL || eq == *p)
        {
          usage_error ("--param takes NAME=VALUE, not '%s'", *p);
          return KG_EXIT_USAGE;
        }
      g_autofree char *name = g_strndup (*p, eq - *p);
      g_strstrip (name);
      if (name[0] == '$')
        memmove (name, name + 1, strlen (name));
      if (!kgq_session_set_param_literal (session, name, eq + 1, &error))
        {
          /* A bare word is most often a string meant without its quotes. */
          g_autofree char *quoted = g_strescape (eq + 1, NULL);
          usage_error ("--param %s: %s\n(the value is a Cypher literal: for a string, quote it: --param \"%s='%s'\")", name,
                       error->message, name, quoted);
          g_error_free (error);
          return KG_EXIT_USAGE;
        }
    }
  apply_limits (session, timeout_ms, max_memory);

  int code = load_graph (db);
  if (code != KG_EXIT_OK)
    return code;
  if (opt_import_threads > 0)
    kgq_db_set_threads (db, opt_threads > 0 ? (guint) opt_threads : 0); /* 0: the default */

  struct sigaction sa = { 0 };
  sa.sa_handler = on_sigint;
  sigemptyset (&sa.sa_mask);
  sa.sa_flags = SA_RESTART; /* output interrupted by Ctrl-C carries on */

  /* No command: the REPL on a terminal, a script on stdin otherwise (like sqlite3). */
  if (command == NULL && opt_commands == NULL)
    command = "repl";
  if (command != NULL && strcmp (command, "repl") == 0 && !isatty (STDIN_FILENO))
    command = "stdin";
  if (command == NULL)
    command = "-c";
  if (strcmp (command, "repl") == 0)
    {
      KgReplOpts ropts = {
        .session = session,
        .format = opt_format != NULL ? format : KGQ_FORMAT_TABLE,
        .timing = opt_timing,
        .history = opt_history,
        .no_history = opt_no_history,
      };
      return kg_repl_run (&ropts);
    }

  sigaction (SIGINT, &sa, NULL);
  running_session = session;

  KgRunOpts run = {
    .session = session,
    .format = format,
    .table = { .width = isatty (STDOUT_FILENO) ? kg_cli_terminal_width () : 0, .max_rows = 0, .footer = TRUE },
    .keep_going = opt_continue,
    .timing = opt_timing,
    .show_stats = opt_stats,
    .interrupted = &interrupted,
  };

  if (strcmp (command, "serve") == 0)
    return kg_cli_serve (db, args, timeout_ms, opt_max_rows > 0 ? (guint64) opt_max_rows : 0, max_memory);
  if (strcmp (command, "dot") == 0)
    return cmd_dot (session, args);
  if (strcmp (command, "save") == 0)
    return cmd_save (db, args);
  if (strcmp (command, "export") == 0)
    return kg_cli_export (db, export_argc, export_argv);
  if (strcmp (command, "dump") == 0)
    return kg_cli_dump (db, args, opt_output);
  if (strcmp (command, "import") == 0)
    return cmd_import (db, args);

  if (opt_commands != NULL)
    {
      int first = KG_EXIT_OK;
      for (char **q = opt_commands; *q != NULL; q++)
        {
          code = kg_run_script (&run, *q, strlen (*q), "<query>");
          if (code != KG_EXIT_OK && first == KG_EXIT_OK)
            first = code;
          if (code != KG_EXIT_OK && !opt_continue)
            break;
        }
      return keep_writes (db, &run, first);
    }
  if (strcmp (command, "stdin") == 0)
    return keep_writes (db, &run, kg_run_file (&run, "-"));

  /* run FILE... */
  int first = KG_EXIT_OK;
  for (char **f = args; *f != NULL; f++)
    {
      code = kg_run_file (&run, *f);
      if (code != KG_EXIT_OK && first == KG_EXIT_OK)
        first = code;
      if (code != KG_EXIT_OK && (!opt_continue || code == KG_EXIT_CANCELLED))
        break;
    }
  return keep_writes (db, &run, first);
}
