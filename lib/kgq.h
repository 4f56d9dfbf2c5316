/* lib/kgq.h — kgq's public C API: open a graph, load data, run Cypher, read rows.
 *
 * This is the one header an embedding program includes (as programs embed SQLite), and
 * the CLI, the REPL and the TCK harness go through it too. A KgqDb is a session: one
 * graph, its parameters and its limits. Queries are compiled by kgq_db_query() (syntax
 * and binding errors come back there) and run as rows are pulled with kgq_result_next()
 * (run-time errors come back there). A statement that fails changes nothing in the graph.
 *
 * Nothing here prints. Errors are GErrors: KG_QUERY_ERROR with a span
 * (kg_query_error_get_span, kg_query_error_render), KG_LOAD_ERROR, or G_FILE_ERROR.
 *
 * Threading: a KgqDb is used from one thread at a time; kgq_db_cancel() alone may be
 * called from another thread or a signal handler.
 */
#pragma once

#include <glib.h>
#include <stdio.h>

#include "common/error.h"
#include "common/print.h"
#include "common/value.h"
#include "graph/graph.h"

G_BEGIN_DECLS

typedef struct _KgqDb KgqDb;
typedef struct _KgqResult KgqResult;

/* --- Sessions ------------------------------------------------------------------- */

/** kgq_db_new: Returns: (transfer full): a session on an empty graph. */
KgqDb *kgq_db_new (void);
void kgq_db_free (KgqDb *db);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KgqDb, kgq_db_free)

/**
 * kgq_db_load_corpus:
 * @dir: (nullable): a corpus directory; NULL for the bundled corpus
 * Replaces the session's graph with the corpus. On failure the graph is unchanged.
 */
gboolean kgq_db_load_corpus (KgqDb *db, const char *dir, GError **error);

/** kgq_default_corpus_dir: Returns: (transfer none): the bundled corpus's directory. */
const char *kgq_default_corpus_dir (void);

/** kgq_db_graph: Returns: (transfer none): the session's graph (valid until it is replaced). */
KgGraph *kgq_db_graph (KgqDb *db);

/** kgq_db_set_graph: replaces the session's graph with @graph (transfer full). */
void kgq_db_set_graph (KgqDb *db, KgGraph *graph);

/**
 * kgq_db_open_file:
 * @path: a snapshot written by kg_graph_save() (`kgq save`)
 * @n_replayed: (out) (optional): statements replayed from the journal
 *
 * Replaces the session's graph with the snapshot plus the writes journalled since
 * (`PATH.journal`), and from then on appends every write statement's changes to that
 * journal, synced to disk before the statement's result is returned; a statement that
 * cannot be journalled fails and changes nothing. On failure the graph is unchanged.
 */
gboolean kgq_db_open_file (KgqDb *db, const char *path, guint *n_replayed, GError **error);

/**
 * kgq_db_checkpoint:
 * Folds the journal into the snapshot opened by kgq_db_open_file() (the snapshot is
 * rewritten atomically, then the journal emptied). Does nothing without one.
 */
gboolean kgq_db_checkpoint (KgqDb *db, GError **error);

/** kgq_db_has_journal: Returns: TRUE when writes are journalled (kgq_db_open_file()). */
gboolean kgq_db_has_journal (KgqDb *db);

/* --- Parameters ----------------------------------------------------------------- */

/** kgq_db_set_param: sets `$name` to a copy of @value. */
void kgq_db_set_param (KgqDb *db, const char *name, const KgValue *value);
/** kgq_db_set_param_literal: sets `$name` from Cypher literal text ("42", "'x'", "[1, {a: 2}]"). */
gboolean kgq_db_set_param_literal (KgqDb *db, const char *name, const char *literal, GError **error);
void kgq_db_clear_params (KgqDb *db);
/** kgq_db_params: Returns: (transfer none) (element-type utf8 KgValue): name → value. */
GHashTable *kgq_db_params (KgqDb *db);

/* --- Procedures ----------------------------------------------------------------- */

/**
 * kgq_db_add_procedure:
 * @signature: `name(in :: TYPE?, ...) :: (out :: TYPE?, ...)`, e.g.
 *   "test.my.proc(name :: STRING?, id :: INTEGER?) :: (city :: STRING?)"
 * @rows: a LIST of LISTs (copied): each row's input values, then its output values
 *
 * Declares a read-only procedure that answers from a fixed table: `CALL name(args)`
 * yields the outputs of every row whose inputs are equivalent to the arguments, in
 * table order; a standalone `CALL name` takes its arguments from the parameters of the
 * same names. Replaces a procedure of the same name. No result may be open.
 * Returns: FALSE with KG_QUERY_ERROR_PROCEDURE when @signature or @rows is malformed.
 */
gboolean kgq_db_add_procedure (KgqDb *db, const char *signature, const KgValue *rows, GError **error);

/* --- Limits and cancellation ---------------------------------------------------- */

/**
 * KgqLimits:
 * @timeout_ms: 0 for none
 * @max_rows: rows a result may produce; 0 for none
 * @max_memory: bytes one query may hold in intermediate state; 0 for none
 * @max_hops: bound applied to unbounded variable-length patterns (`*`, `*2..`); 0 for
 *   the documented default, 15 hops (KG_PLAN_DEFAULT_MAX_HOPS in engine/engine.h):
 *   enough for any chain in a knowledge graph of news reports, while a `*` over a dense
 *   graph cannot enumerate paths without end. shortestPath() is never bounded by it.
 */
typedef struct
{
  guint64 timeout_ms;
  guint64 max_rows;
  guint64 max_memory;
  guint max_hops;
} KgqLimits;

void kgq_db_set_limits (KgqDb *db, const KgqLimits *limits);
/** kgq_db_cancel: asks the running query to stop with KG_QUERY_ERROR_CANCELLED. Async-signal-safe. */
void kgq_db_cancel (KgqDb *db);

/* --- Queries -------------------------------------------------------------------- */

/**
 * kgq_db_query:
 * @src: one statement (a trailing `;` is allowed); EXPLAIN / PROFILE prefixes allowed
 * @len: bytes, or -1 when NUL-terminated
 * @filename: (nullable): for messages
 * @origin: (nullable): position of @src within its file (see kg_parse())
 *
 * Parses, binds and plans the statement. Returns: (transfer full) (nullable): a result
 * to pull rows from, or NULL with a compile-time error. The result must be freed before
 * the next query on the same session.
 */
KgqResult *kgq_db_query (KgqDb *db, const char *src, gssize len, const char *filename, const KgPos *origin, GError **error);

guint kgq_result_n_columns (KgqResult *result);
const char *kgq_result_column_name (KgqResult *result, guint column);

/**
 * kgq_result_next:
 * Returns: TRUE with a new current row, FALSE at the end or on error (@error set; the
 *   statement's writes are rolled back). Write statements apply all their writes before
 *   the first row comes back.
 */
gboolean kgq_result_next (KgqResult *result, GError **error);
/** kgq_result_value: Returns: (transfer none): the current row's value in @column. */
const KgValue *kgq_result_value (KgqResult *result, guint column);

/**
 * KgqStats: what a statement changed.
 */
typedef struct
{
  guint64 nodes_created;
  guint64 nodes_deleted;
  guint64 relationships_created;
  guint64 relationships_deleted;
  guint64 properties_set;
  guint64 labels_added;
  guint64 labels_removed;
} KgqStats;

/** kgq_result_stats: Returns: (transfer none): the changes so far (final once next() returned FALSE). */
const KgqStats *kgq_result_stats (KgqResult *result);

/** kgq_result_is_explain: TRUE for EXPLAIN (no rows, only a plan). */
gboolean kgq_result_is_explain (KgqResult *result);
/**
 * kgq_result_plan:
 * Returns: (transfer full): the plan as indented text, one operator a line; for PROFILE,
 *   after the rows were pulled, with rows and time per operator.
 */
char *kgq_result_plan (KgqResult *result);

void kgq_result_free (KgqResult *result);

/**
 * kgq_result_warning:
 * Returns: (transfer none) (nullable): a note on the statement that is not an error,
 *   as `FILE:LINE:COL: text` (today: a variable-length pattern without an upper bound,
 *   which follows at most KgqLimits.max_hops hops, 15 by default).
 */
const char *kgq_result_warning (KgqResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KgqResult, kgq_result_free)

/* --- Showing values ------------------------------------------------------------- */

/**
 * kgq_format_value:
 * Appends @value the way Cypher shells show it, with the graph's data for nodes,
 * relationships and paths: (:Person {name: 'Tom Cruise'}), [:hands_to {sources: [...]}],
 * <(:A)-[:T]->(:B)>. Strings in lists and maps are quoted; a top-level string is quoted
 * only when @quote_strings.
 */
void kgq_format_value (KgqDb *db, GString *out, const KgValue *value, gboolean quote_strings);

/**
 * kgq_print_value:
 * @db: (nullable): the session whose graph entities are read from; NULL shows them by id
 * @out: where to append
 * @value: the value
 * @style: the text form (Cypher literal, display, JSON, ...; see common/print.h)
 * @flags: a #KgPrintFlags mask
 *
 * Appends @value in @style, reading nodes, relationships and paths from @db's graph.
 * kgq_format_value() is this in %KG_PRINT_DISPLAY style.
 */
void kgq_print_value (KgqDb *db, GString *out, const KgValue *value, KgPrintStyle style, guint flags);

/* --- Writing results ------------------------------------------------------------ */

/**
 * KgqFormat:
 * @KGQ_FORMAT_TABLE: an aligned text table cut to a width, with a row-count footer
 * @KGQ_FORMAT_CSV: RFC 4180 comma-separated values, a header line first
 * @KGQ_FORMAT_TSV: tab-separated values, tabs and newlines in values escaped
 * @KGQ_FORMAT_JSON: one JSON array of row objects
 * @KGQ_FORMAT_JSONL: one JSON object a line
 * @KGQ_FORMAT_MARKDOWN: a GitHub-flavoured Markdown table
 *
 * The result formats of kgq_writer_new() (docs/cli.md shows each).
 */

typedef enum
{
  KGQ_FORMAT_TABLE,
  KGQ_FORMAT_CSV,
  KGQ_FORMAT_TSV,
  KGQ_FORMAT_JSON,
  KGQ_FORMAT_JSONL,
  KGQ_FORMAT_MARKDOWN,
} KgqFormat;

/** kgq_format_parse: Returns: FALSE when @name is not a format name. */
gboolean kgq_format_parse (const char *name, KgqFormat *format);
const char *kgq_format_name (KgqFormat format);

/**
 * KgqTableOpts:
 * @width: the terminal width the table must fit in; 0 for no limit
 * @max_rows: rows shown before the rest is cut with a notice; 0 for all
 * @footer: whether to end with "N rows"
 */
typedef struct
{
  guint width;
  guint max_rows;
  gboolean footer;
} KgqTableOpts;

/**
 * KgqRows:
 * @columns: (element-type utf8): the column names
 * @rows: the rows, each the copied values of one row (read them with kgq_rows_get())
 * @stats: what the statement changed, when @has_stats
 * @has_stats: whether @stats is filled in
 *
 * A result held in memory: what a table needs (every width first) and what a program
 * keeps to show again.
 */
typedef struct
{
  GPtrArray *columns; /* char * */
  GPtrArray *rows;    /* KgValue[n_columns], freed with the rows */
  KgqStats stats;
  gboolean has_stats;
} KgqRows;

KgqRows *kgq_rows_new (void);
void kgq_rows_free (KgqRows *rows);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KgqRows, kgq_rows_free)
/** kgq_rows_add: appends a row copying @n values from @values. */
void kgq_rows_add (KgqRows *rows, const KgValue *const *values, guint n);
/** kgq_rows_get: Returns: (transfer none): the value in @row, @col. */
const KgValue *kgq_rows_get (const KgqRows *rows, guint row, guint col);

/**
 * KgqWriter:
 *
 * Writes one result in one format to a FILE: kgq_writer_begin() with the column names,
 * kgq_writer_row() for each row, kgq_writer_end(). CSV, TSV, JSON and JSON lines write
 * each row as it comes; a table and Markdown hold the rows until the end, since they
 * need every width first. Nodes, relationships and paths are written with their labels,
 * types and properties as the database holds them when the row is written.
 */
typedef struct _KgqWriter KgqWriter;

/**
 * kgq_writer_new:
 * @db: the database whose entities the values name
 * @out: where to write (not closed)
 * @table: (nullable): table options; NULL for no width limit and a footer
 * Returns: (transfer full): a writer
 */
KgqWriter *kgq_writer_new (KgqDb *db, KgqFormat format, FILE *out, const KgqTableOpts *table);
void kgq_writer_begin (KgqWriter *w, guint n_columns, const char *const *names);
void kgq_writer_row (KgqWriter *w, const KgValue *const *values);
/** kgq_writer_end: finishes the result. Returns: how many rows it held. */
guint64 kgq_writer_end (KgqWriter *w);
void kgq_writer_free (KgqWriter *w);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KgqWriter, kgq_writer_free)

/** kgq_write_rows: writes a held result in @format. */
void kgq_write_rows (KgqDb *db, const KgqRows *rows, KgqFormat format, FILE *out, const KgqTableOpts *table);

/** kgq_stats_describe: Returns: (transfer full) (nullable): "2 nodes created, ..." or NULL when nothing changed. */
char *kgq_stats_describe (const KgqStats *stats);

G_END_DECLS
