/* cli/cli.h — what the pieces of the kgq program share: the session options, output
 * formats, result writers, the statement runner and the REPL entry point.
 *
 * Private to cli/: nothing here is public API. Everything goes through lib/kgq.h like
 * any embedding program would. Result data goes to stdout; messages go to stderr.
 */
#pragma once

#include <glib.h>
#include <stdio.h>

#include "lib/kgq.h"

G_BEGIN_DECLS

/* --- Exit codes (documented in docs/cli.md) ------------------------------------- */

enum
{
  KG_EXIT_OK = 0,
  KG_EXIT_QUERY = 1,     /* a query failed at run time or failed to bind */
  KG_EXIT_USAGE = 2,     /* bad command line */
  KG_EXIT_SYNTAX = 3,    /* a statement did not parse */
  KG_EXIT_INPUT = 4,     /* a file, the corpus or an import could not be read */
  KG_EXIT_CANCELLED = 5, /* cancelled (Ctrl-C) or a limit (time, rows, memory) was hit */
};

/** kg_cli_exit_code_for: Returns: the exit code that @error stands for. */
int kg_cli_exit_code_for (const GError *error);

/* --- Running statements --------------------------------------------------------- */

/**
 * KgRunOpts: how statements are run and shown.
 */
typedef struct
{
  KgqSession *session;
  KgqFormat format;
  KgqTableOpts table;
  gboolean keep_going;            /* --continue: run the next statement after a failure */
  gboolean timing;                /* print "timing: statement K MS ms" on stderr */
  gboolean show_stats;            /* write statistics of write statements on stderr */
  guint statement_no;             /* statements run so far (numbers the timing lines) */
  guint results;                  /* results written so far (tables are set apart by a blank line) */
  KgqRows *keep;                  /* (nullable): also keep the last result here (the REPL) */
  guint64 writes;                 /* statements that changed the graph (for "not saved" warnings) */
  volatile gboolean *interrupted; /* (nullable): set by SIGINT while running */
  FILE *out;                      /* (nullable): where results go (`:output FILE`); NULL for stdout */
  gboolean json_open;             /* the run's JSON document was begun on the output */
  char **last_columns;            /* (nullable): the CSV/TSV header written last (not repeated) */
  KgqFormat last_format;          /* ...in this format */
  guint depth;                    /* :source files inside each other */
} KgRunOpts;

/* The format names, for messages. */
#define KG_CLI_FORMATS "table, csv, tsv, json, jsonl, markdown, vertical"

/** kg_run_out: Returns: (transfer none): where results go now. */
FILE *kg_run_out (KgRunOpts *opts);
/**
 * kg_run_end_document:
 * Ends what spans statements on the output: closes the JSON document (`]`) and forgets
 * the CSV/TSV header, so the next result starts afresh. Call it when a run ends.
 */
void kg_run_end_document (KgRunOpts *opts);
/**
 * kg_run_set_output:
 * @path: (nullable): a file to write results to (truncated); NULL for stdout again
 * Ends the document on the old output and closes it. Returns: FALSE with @error when
 *   @path cannot be written (the output stays as it was).
 */
gboolean kg_run_set_output (KgRunOpts *opts, const char *path, GError **error);

/**
 * kg_cli_set_params:
 * Sets parameters from `NAME => VALUE` (also `NAME: VALUE`, `$NAME = VALUE`) or a map
 * literal `{a: 1, b: 'x'}`, values being Cypher expressions; @echo (nullable) gets a
 * `$NAME => VALUE` line for each. Returns: FALSE with @error (G_OPTION_ERROR for a
 * malformed line, a query error for a bad value).
 */
gboolean kg_cli_set_params (KgqSession *session, const char *arg, GString *echo, GError **error);
/** kg_cli_write_params: lists the session's parameters, `$NAME => VALUE` by name. */
void kg_cli_write_params (KgqSession *session, FILE *out);

/**
 * kg_run_script:
 * Splits @src into statements (kg_parse_split) and `:command` lines and runs them in
 * order, writing results to the output and rendered errors (FILE:LINE:COL, source
 * line, caret) to stderr.
 *
 * Returns: KG_EXIT_OK, or the exit code of the first failure.
 */
int kg_run_script (KgRunOpts *opts, const char *src, gsize len, const char *filename);

/** kg_run_file: kg_run_script() on a file's contents ("-" is standard input, run as it arrives). */
int kg_run_file (KgRunOpts *opts, const char *path);

/**
 * kg_run_query_rows:
 * Runs one statement and collects its rows (for `kgq dot` and `:export dot`).
 * Returns: (transfer full) (nullable): the rows, or NULL with @error set.
 */
KgqRows *kg_run_query_rows (KgqSession *session, const char *src, const char *filename, GError **error);

/** kg_print_error: writes @error rendered against @source on stderr. */
void kg_print_error (const GError *error, const char *source);

/* --- DOT ------------------------------------------------------------------------ */

typedef struct
{
  const char *output; /* (nullable): file; NULL for stdout */
  const char *render; /* (nullable): "svg" or "png" to render instead of writing DOT */
  gboolean highlight; /* draw returned paths highlighted */
  guint max_nodes;    /* 0 for the default cap */
  const char *layout; /* (nullable): dot, neato, sfdp or circo; NULL to pick by size */
} KgDotCliOpts;

/** kg_cli_dot: writes the subgraph @rows holds as DOT (or a picture). Returns: an exit code. */
int kg_cli_dot (KgqSession *session, const KgqRows *rows, const KgDotCliOpts *opts);

/** kg_cli_terminal_width: Returns: the columns of the terminal on stdout (100 when unknown). */
guint kg_cli_terminal_width (void);

/**
 * kg_cli_progress_install:
 * When stderr is a terminal, shows a status line there for any run of @session that
 * reports progress for more than a second (cli/progress.c).
 */
void kg_cli_progress_install (KgqSession *session);

/* --- REPL ----------------------------------------------------------------------- */

typedef struct
{
  KgqSession *session;
  KgqFormat format;
  gboolean timing;
  const char *history; /* (nullable): history file; NULL for the default */
  gboolean no_history;
} KgReplOpts;

/** kg_repl_run: the interactive loop. Returns: an exit code. */
int kg_repl_run (KgReplOpts *opts);

/* --- kgq serve, kgq passwd (serve.c) ------------------------------------------- */

/** kg_cli_parse_duration: "500ms", "10s", "2m" or a bare number of seconds → @ms; FALSE when malformed. */
gboolean kg_cli_parse_duration (const char *text, guint64 *ms);
/** kg_cli_serve_option_group: Returns: (transfer full): the options of `kgq serve`. */
GOptionGroup *kg_cli_serve_option_group (void);
/** kg_cli_serve: serves @db over Bolt until SIGINT/SIGTERM, with the CLI's query limits. */
int kg_cli_serve (KgqDb *db, char **args, guint64 timeout_ms, guint64 max_rows, guint64 max_memory);
/** kg_cli_passwd: `kgq passwd FILE NAME`. */
int kg_cli_passwd (char **args);

/**
 * kg_cli_import_files:
 * Adds each JSON Lines, RDF and GraphML file to @db's graph, in that order (RDF syntax
 * from @rdf_option, else the file's extension, else N-Quads); @verbose reports counts
 * on stderr. Returns: an exit code (the first failure is printed).
 */
int kg_cli_import_files (KgqDb *db, char **jsonl, char **rdf, const char *rdf_option, char **graphml, gboolean verbose);

/** kg_cli_export: `kgq export --jsonl|--rdf|--graphml FILE ...`; @argv[0] is "export". Returns: an exit code. */
int kg_cli_export (KgqDb *db, int argc, char **argv);

/** kg_cli_dump: `kgq dump [-o FILE]`: the graph as a Cypher script to @output (NULL: stdout). Returns: an exit code. */
int kg_cli_dump (KgqDb *db, char **args, const char *output);

G_END_DECLS
