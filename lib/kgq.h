/* lib/kgq.h — kgq's public C API: open a database, load data, run Cypher, read rows.
 *
 * This is the one header an embedding program includes (as programs embed SQLite); the
 * kgq program, the REPL and the TCK harness go through it too. There are three objects:
 *
 * - A KgqDb is a database: the graph, its journal, the table procedures and the schema
 *   facts of the corpus it was loaded from (which relationship types are single-valued).
 *   It is shared: any number of threads may use one KgqDb through their own sessions.
 * - A KgqSession runs statements on a database for one user: it holds the parameters,
 *   the limits, the cancel flag and the open result. A session is used from one thread
 *   at a time (kgq_session_cancel() alone may be called from anywhere).
 * - A KgqResult is one statement being run. kgq_session_query() parses, binds and plans
 *   it (syntax and binding errors come back there); rows are pulled with
 *   kgq_result_next() (run-time errors come back there). A statement that fails changes
 *   nothing in the graph.
 *
 * Locking. Each database has one readers–writer lock; it protects the graph (its
 * entities and its symbol tables of labels, types and keys), the journal, the procedures
 * and the schema facts. Whether a statement writes is known from its parsed text before
 * it is bound (a CREATE, MERGE, SET, REMOVE, DELETE or index clause anywhere in it):
 * - A read statement holds the read lock from its compile until its result is finished
 *   (kgq_result_next() returned FALSE) or freed. Many read statements of many sessions
 *   run at once. Compiling only looks names up (an unknown label or key is "no such
 *   symbol", never interned), so it is safe under the read lock.
 * - A write statement holds the write lock from its compile until its result is
 *   finished or freed: it runs alone, computes all its rows (and so applies all its
 *   writes) before the first row comes back, appends its changes to the journal and
 *   commits, or rolls everything back on error. No reader sees a half-done write.
 * - An explicit transaction (kgq_session_begin()) holds the write lock from its first
 *   write statement until its commit or rollback; its statements nest inside it.
 * - A lock is never upgraded: a statement takes the one it needs before it compiles.
 *   Loading or replacing the graph (kgq_db_load_corpus(), kgq_db_open_file(),
 *   kgq_db_import_csv()), adding a procedure and a checkpoint take the write lock.
 * - Reading entities outside a statement (kgq_format_value(), the writers, the entity
 *   accessors below) takes the read lock for the call, unless the session already
 *   holds a lock through its open result.
 * - The lock prefers writers (a waiting writer is not starved by a stream of readers),
 *   so a thread that holds an open result must not start a statement on a second
 *   session of the same database: that statement would queue behind a writer that
 *   waits for the first result. One open result per session; free it (or pull it to
 *   the end) before the session's next statement. A thread's other sessions and its
 *   database calls ride on the write lock it holds in a transaction rather than
 *   deadlock; replacing the graph from that thread then fails.
 * - Locks belong to threads: a session with an open result or a transaction that has
 *   written is used from the thread that opened them until they end.
 *
 * Nothing here prints except the writers, to the FILE they are given. Errors are
 * GErrors: KG_QUERY_ERROR with a span (kg_query_error_get_span, kg_query_error_render),
 * KG_LOAD_ERROR, or G_FILE_ERROR.
 *
 * Values are KgValues (common/value.h): a plain tagged union with no pointers into the
 * database, so rows can be copied, kept and freed without a lock. A node or
 * relationship value is only its id; read its labels, type, ends and properties through
 * a session with the accessors below.
 */
#pragma once

#include <glib.h>
#include <stdio.h>

#include "common/error.h"
#include "common/print.h"
#include "common/value.h"

G_BEGIN_DECLS

typedef struct _KgqDb KgqDb;
typedef struct _KgqSession KgqSession;
typedef struct _KgqResult KgqResult;

/* --- Databases ------------------------------------------------------------------ */

/** kgq_db_new: Returns: (transfer full): a database holding an empty graph. */
KgqDb *kgq_db_new (void);
/** kgq_db_free: frees @db; every session on it must have been freed. */
void kgq_db_free (KgqDb *db);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KgqDb, kgq_db_free)

/**
 * kgq_db_load_corpus:
 * @dir: (nullable): a corpus directory; NULL for the bundled corpus
 * Replaces the database's graph with the corpus and remembers the corpus's schema facts
 * (for kgq_session_write_conflicts()). On failure the database is unchanged. Takes the
 * write lock for the swap only: the corpus is read before.
 */
gboolean kgq_db_load_corpus (KgqDb *db, const char *dir, GError **error);

/** kgq_default_corpus_dir: Returns: (transfer none): the bundled corpus's directory. */
const char *kgq_default_corpus_dir (void);

/**
 * kgq_db_open_file:
 * @path: a snapshot written by kgq_db_save() (`kgq save`)
 * @n_replayed: (out) (optional): statements replayed from the journal
 *
 * Replaces the database's graph with the snapshot plus the writes journalled since
 * (`PATH.journal`), and from then on appends every write statement's changes to that
 * journal, synced to disk before the statement's result is returned; a statement that
 * cannot be journalled fails and changes nothing. On failure the database is unchanged.
 */
gboolean kgq_db_open_file (KgqDb *db, const char *path, guint *n_replayed, GError **error);

/** kgq_db_save: writes a snapshot of the graph to @path (atomically); takes the read lock. */
gboolean kgq_db_save (KgqDb *db, const char *path, GError **error);

/**
 * kgq_db_checkpoint:
 * Folds the journal into the snapshot opened by kgq_db_open_file() (the snapshot is
 * rewritten atomically, then the journal emptied). Does nothing without one.
 */
gboolean kgq_db_checkpoint (KgqDb *db, GError **error);

/** kgq_db_has_journal: Returns: TRUE when writes are journalled (kgq_db_open_file()). */
gboolean kgq_db_has_journal (KgqDb *db);

/**
 * kgq_db_counts:
 * @n_nodes: (out) (optional): live nodes
 * @n_relationships: (out) (optional): live relationships
 * Reads the graph's size under the read lock.
 */
void kgq_db_counts (KgqDb *db, guint64 *n_nodes, guint64 *n_relationships);

/**
 * KgqImportOptions:
 * @nodes: (array zero-terminated=1) (nullable): `--nodes` arguments, `[Label=]file,...`
 * @relationships: (array zero-terminated=1) (nullable): `--relationships` arguments
 * @delimiter: the field delimiter; 0 for ','
 * @array_delimiter: the delimiter inside array fields; 0 for ';'
 * @integer_ids: ids are integers (`--id-type integer`); by default they are strings
 * @skip_bad_rows: skip rows that do not fit their header instead of failing
 *
 * A neo4j-admin style CSV import (docs/cli.md, `kgq import`).
 */
typedef struct
{
  const char *const *nodes;
  const char *const *relationships;
  char delimiter;
  char array_delimiter;
  gboolean integer_ids;
  gboolean skip_bad_rows;
} KgqImportOptions;

/**
 * KgqImportStats:
 * @nodes: nodes created
 * @relationships: relationships created
 * @bad_rows: rows skipped (only with skip_bad_rows)
 * @bad_row_messages: (element-type utf8) (nullable): "FILE:LINE: reason" of the first
 *   bad rows; free with kgq_import_stats_clear()
 * @nodes_ms, @relationships_ms, @finish_ms: the import's phases: node files,
 *   relationship files, adjacency rows and statistics
 */
typedef struct
{
  guint64 nodes;
  guint64 relationships;
  guint64 bad_rows;
  GPtrArray *bad_row_messages;
  double nodes_ms, relationships_ms, finish_ms;
} KgqImportStats;

/** kgq_import_stats_clear: frees what @stats holds and zeroes it. */
void kgq_import_stats_clear (KgqImportStats *stats);

/**
 * kgq_db_import_csv:
 * @stats: (out) (optional): what was imported, filled in on failure too (bad rows)
 * Replaces the database's graph with a graph imported from CSV files. On failure the
 * database is unchanged.
 */
gboolean kgq_db_import_csv (KgqDb *db, const KgqImportOptions *options, KgqImportStats *stats, GError **error);

/* --- Interchange formats (docs/formats.md) -------------------------------------- */

/**
 * KgqDataFormat:
 * @KGQ_DATA_JSONL: JSON Lines in the shape of apoc.export.json
 * @KGQ_DATA_NTRIPLES: RDF N-Triples
 * @KGQ_DATA_NQUADS: RDF N-Quads (relationship sources as named graphs)
 * @KGQ_DATA_TURTLE: RDF Turtle
 * @KGQ_DATA_TRIG: RDF TriG (relationship sources as named graphs)
 * @KGQ_DATA_GRAPHML: GraphML
 * @KGQ_DATA_CYPHER: a Cypher script that recreates the graph (written only)
 *
 * The whole-graph formats of kgq_db_import_file() and kgq_db_export_file().
 */
typedef enum
{
  KGQ_DATA_JSONL,
  KGQ_DATA_NTRIPLES,
  KGQ_DATA_NQUADS,
  KGQ_DATA_TURTLE,
  KGQ_DATA_TRIG,
  KGQ_DATA_GRAPHML,
  KGQ_DATA_CYPHER,
} KgqDataFormat;

/** kgq_data_format_parse: "jsonl", "ntriples"/"nt", "nquads"/"nq", "turtle"/"ttl", "trig", "graphml", "cypher". Returns: FALSE for other names. */
gboolean kgq_data_format_parse (const char *name, KgqDataFormat *format);
/** kgq_data_format_for_path: Returns: FALSE when @path's extension names no format (.jsonl, .nq, .ttl, .graphml, ...). */
gboolean kgq_data_format_for_path (const char *path, KgqDataFormat *format);

/**
 * kgq_db_import_file:
 * @stats: (out) (optional): what was added (bad_rows stays 0)
 * Adds the nodes and relationships of @path to the database's graph; ids in the file
 * only tie it together, so two files never share nodes. Takes the write lock. Refused
 * on a database with a journal (kgq_db_open_file()), since bulk loads are not
 * journalled. Returns: FALSE with a KG_LOAD_ERROR ("FILE:LINE: reason", with ":COL" for
 * RDF and XML syntax) or G_FILE_ERROR; then nothing was added.
 */
gboolean kgq_db_import_file (KgqDb *db, KgqDataFormat format, const char *path, KgqImportStats *stats, GError **error);

/**
 * kgq_db_export:
 * Writes the whole graph to @out in @format under the read lock.
 * Returns: FALSE with a G_FILE_ERROR when writing fails.
 */
gboolean kgq_db_export (KgqDb *db, KgqDataFormat format, FILE *out, GError **error);

/**
 * kgq_db_export_file:
 * @path: the file to write; "-" for stdout
 * Like kgq_db_export(), writing @path atomically (a temporary file beside it, renamed
 * over it on success; on failure @path is untouched).
 */
gboolean kgq_db_export_file (KgqDb *db, KgqDataFormat format, const char *path, GError **error);

/**
 * kgq_db_export_csv:
 * @dir: the directory to write into (created when missing)
 * @import_args: (out) (optional) (transfer full): the `--nodes=... --relationships=...`
 *   arguments that load the files back (also written to DIR/import.txt)
 * @n_approximated: (out) (optional): values no CSV column type holds (mixed or nested
 *   lists, maps), written as JSON text that reads back as a string
 * Writes the graph as neo4j-admin import files, one per label set (or type) and
 * property types, under the read lock.
 */
gboolean kgq_db_export_csv (KgqDb *db, const char *dir, char **import_args, guint64 *n_approximated, GError **error);

/**
 * kgq_db_add_procedure:
 * @signature: `name(in :: TYPE?, ...) :: (out :: TYPE?, ...)`, e.g.
 *   "test.my.proc(name :: STRING?, id :: INTEGER?) :: (city :: STRING?)"
 * @rows: a LIST of LISTs (copied): each row's input values, then its output values
 *
 * Declares a read-only procedure that answers from a fixed table: `CALL name(args)`
 * yields the outputs of every row whose inputs are equivalent to the arguments, in
 * table order; a standalone `CALL name` takes its arguments from the parameters of the
 * same names. Replaces a procedure of the same name. Takes the write lock.
 * Returns: FALSE with KG_QUERY_ERROR_PROCEDURE when @signature or @rows is malformed.
 */
gboolean kgq_db_add_procedure (KgqDb *db, const char *signature, const KgValue *rows, GError **error);

/* --- Sessions ------------------------------------------------------------------- */

/** kgq_session_new: Returns: (transfer full): a session on @db, which must outlive it. */
KgqSession *kgq_session_new (KgqDb *db);
/** kgq_session_free: frees @session and a result it still has open. */
void kgq_session_free (KgqSession *session);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KgqSession, kgq_session_free)
/** kgq_session_db: Returns: (transfer none): the session's database. */
KgqDb *kgq_session_db (KgqSession *session);

/** kgq_session_set_param: sets `$name` to a copy of @value. */
void kgq_session_set_param (KgqSession *session, const char *name, const KgValue *value);
/** kgq_session_set_param_literal: sets `$name` from Cypher literal text ("42", "'x'", "[1, {a: 2}]"). */
gboolean kgq_session_set_param_literal (KgqSession *session, const char *name, const char *literal, GError **error);
void kgq_session_clear_params (KgqSession *session);
/** kgq_session_params: Returns: (transfer none) (element-type utf8 KgValue): name → value. */
GHashTable *kgq_session_params (KgqSession *session);

/**
 * KgqLimits:
 * @timeout_ms: 0 for none
 * @max_rows: rows a result may produce; 0 for none
 * @max_memory: bytes one query may hold in intermediate state; 0 for none
 * @lock_timeout_ms: how long a write statement (or a transaction's first one) waits for
 *   the write lock before it fails with KG_QUERY_ERROR_LOCK_TIMEOUT; 0 waits as long as
 *   it takes
 * @max_hops: bound applied to unbounded variable-length patterns (`*`, `*2..`); 0 for
 *   the documented default, 15 hops: enough for any chain in a knowledge graph of news
 *   reports, while a `*` over a dense graph cannot enumerate paths without end.
 *   shortestPath() is never bounded by it.
 *
 * The limits of each statement a session runs.
 */
typedef struct
{
  guint64 timeout_ms;
  guint64 max_rows;
  guint64 max_memory;
  guint max_hops;
  guint64 lock_timeout_ms;
} KgqLimits;

/**
 * kgq_db_set_import_dir:
 * @dir: (nullable): a directory; NULL for the current directory (the default)
 *
 * Where LOAD CSV and the kgq.import.* / kgq.export.* procedures of the database's
 * sessions read and write files: `file:///a.csv` is DIR/a.csv, and nothing outside DIR
 * can be reached (`..` and symbolic links that lead out are refused). Set it before the
 * sessions run statements.
 */
void kgq_db_set_import_dir (KgqDb *db, const char *dir);
/**
 * kgq_db_set_threads:
 * @n: how many threads one statement of the database's sessions may run on; 0 for the
 *   cores the process may use (sched_getaffinity, the default), 1 for one thread
 *
 * A statement that only reads and whose plan has the shape for it (an aggregation or a
 * path count over a scan, see docs/planner.md) runs its lowest pipeline on @n threads
 * at once and merges their results; its rows are the ones one thread gives. Threads
 * come from one pool for the process. Set it before the sessions run statements.
 */
void kgq_db_set_threads (KgqDb *db, guint n);
/** kgq_db_get_threads: Returns: the threads a statement may run on (the default resolved). */
guint kgq_db_get_threads (KgqDb *db);
/** kgq_session_set_threads: @n: the session's own number of threads; 0: the database's. */
void kgq_session_set_threads (KgqSession *session, guint n);
/** kgq_session_set_import_dir: @dir (nullable): the session's own import directory; NULL: the database's. */
void kgq_session_set_import_dir (KgqSession *session, const char *dir);
/** kgq_session_import_dir: Returns: (transfer none) (nullable): the import directory in force; NULL: the current directory. */
const char *kgq_session_import_dir (KgqSession *session);

/** kgq_session_set_limits: @limits (nullable): NULL for no limits. */
void kgq_session_set_limits (KgqSession *session, const KgqLimits *limits);
/** kgq_session_cancel: asks the running statement to stop with KG_QUERY_ERROR_CANCELLED. Async-signal-safe. */
void kgq_session_cancel (KgqSession *session);

/**
 * KgqProgressFunc:
 * @task: what runs, a procedure's name ("algo.pageRank"); NULL when it has finished
 *   (sent only after at least one report, so a status line can be cleared)
 * @phase: (nullable): where it is ("iteration 3 of 20", "projecting relationships")
 * @fraction: the share done, from 0 to 1, or negative when not known
 * @elapsed_us: microseconds since the task's first report
 *
 * Called from the thread running the statement, at most every tenth of a second, while
 * a graph algorithm works. It may call kgq_session_cancel() but must not run statements.
 */
typedef void (*KgqProgressFunc) (const char *task, const char *phase, double fraction, gint64 elapsed_us, gpointer user_data);

/**
 * kgq_session_set_progress:
 * @func: (nullable): NULL to stop reporting
 * Has the session's statements report how long computations get on to @func.
 */
void kgq_session_set_progress (KgqSession *session, KgqProgressFunc func, gpointer user_data);

/* --- Transactions --------------------------------------------------------------- */

/**
 * kgq_session_begin:
 * Opens an explicit transaction: the statements the session runs until
 * kgq_session_commit() or kgq_session_rollback() take effect together or not at all.
 * Until its first write statement the transaction holds no lock between statements
 * (each read statement takes the read lock as usual, and sees what others committed
 * meanwhile); from its first write statement it holds the write lock until it ends, so
 * it runs alone from there and other sessions see none of it before the commit. A
 * write statement that fails inside a transaction is undone alone; the transaction
 * stays open.
 * Returns: FALSE (KG_QUERY_ERROR_RUNTIME) when one is already open or a result is.
 */
gboolean kgq_session_begin (KgqSession *session, GError **error);

/**
 * kgq_session_commit:
 * Ends the transaction, keeping its changes: they are appended to the journal as one
 * record, synced, before this returns (a transaction that cannot be journalled is
 * rolled back and this fails). A result still open is freed first.
 * Returns: FALSE when no transaction is open or the journal failed.
 */
gboolean kgq_session_commit (KgqSession *session, GError **error);

/** kgq_session_rollback: ends the transaction, undoing its changes (frees an open result); nothing without one. */
void kgq_session_rollback (KgqSession *session);

/** kgq_session_in_transaction: Returns: TRUE between kgq_session_begin() and its commit or rollback. */
gboolean kgq_session_in_transaction (KgqSession *session);

/* --- Statements ----------------------------------------------------------------- */

/**
 * kgq_session_query:
 * @src: one statement (a trailing `;` is allowed); EXPLAIN / PROFILE prefixes allowed
 * @len: bytes, or -1 when NUL-terminated
 * @filename: (nullable): for messages
 * @origin: (nullable): position of @src within its file (see kgq_split_statements())
 *
 * Parses, takes the lock the statement needs (see the locking rule above), binds and
 * plans it. Returns: (transfer full) (nullable): a result to pull rows from, or NULL
 * with a compile-time error. A session has at most one open result: asking for a
 * second one fails with KG_QUERY_ERROR_RUNTIME.
 */
KgqResult *kgq_session_query (KgqSession *session, const char *src, gssize len, const char *filename, const KgPos *origin, GError **error);

guint kgq_result_n_columns (KgqResult *result);
const char *kgq_result_column_name (KgqResult *result, guint column);

/**
 * kgq_result_next:
 * Returns: TRUE with a new current row, FALSE at the end or on error (@error set; the
 *   statement's writes are rolled back). Write statements apply all their writes before
 *   the first row comes back. The statement's lock is released when it returns FALSE.
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
  guint64 transactions_committed; /* the batches CALL { ... } IN TRANSACTIONS committed */
} KgqStats;

/** kgq_result_stats: Returns: (transfer none): the changes so far (final once next() returned FALSE). */
const KgqStats *kgq_result_stats (KgqResult *result);

/** kgq_result_is_explain: TRUE for EXPLAIN (no rows, only a plan). */
gboolean kgq_result_is_explain (KgqResult *result);
/** kgq_result_writes: TRUE for a statement that may change the graph (it holds the write lock). */
gboolean kgq_result_writes (KgqResult *result);
/**
 * kgq_result_plan:
 * Returns: (transfer full): the plan as indented text, one operator a line; for PROFILE,
 *   after the rows were pulled, with rows and time per operator.
 */
char *kgq_result_plan (KgqResult *result);

/**
 * KgqPlanOperator:
 * @name: the operator, as kgq_result_plan() names it ("NodeByLabelScan")
 * @details: what it works on, as kgq_result_plan() prints it ("" when nothing)
 * @estimated_rows: the planner's estimate of the rows it yields
 * @rows: the rows it yielded (for PROFILE, once the rows were pulled)
 * @time_us: microseconds in its own code, its inputs' time not counted (PROFILE only)
 * @depth: 0 for the root
 * @n_children: how many inputs it has; they are visited next, each with its own
 *
 * One operator of a plan, as kgq_result_plan_walk() visits it.
 */
typedef struct
{
  const char *name;
  const char *details;
  double estimated_rows;
  guint64 rows;
  gint64 time_us;
  guint depth;
  guint n_children;
} KgqPlanOperator;

typedef void (*KgqPlanVisitFunc) (const KgqPlanOperator *op, gpointer user_data);

/**
 * kgq_result_plan_walk:
 * @visit: called once an operator, the root first and each operator's inputs after it
 *   (depth first), so a caller can nest them as it goes; the strings last for the call
 *
 * The plan kgq_result_plan() prints, operator by operator, for a caller that draws it
 * or sends it on (the Bolt server's plan and profile).
 */
void kgq_result_plan_walk (KgqResult *result, KgqPlanVisitFunc visit, gpointer user_data);

/** kgq_result_is_profile: TRUE for PROFILE (rows, and a plan with rows and time per operator). */
gboolean kgq_result_is_profile (KgqResult *result);

/** kgq_result_free: frees @result, rolling back a write statement not yet run, and releases its lock. */
void kgq_result_free (KgqResult *result);

/**
 * KgqNotification:
 * A note on a statement that is not an error, in the shape of Neo4j's notifications (the
 * Bolt server and the HTTP API send them as they are). A statement never fails because
 * of one. Today they are:
 *
 * - a label, relationship type or property key the statement reads (MATCH patterns,
 *   `n:Label`, `n.key` of a node or relationship) that the graph has never seen and the
 *   statement does not write: code `Neo.ClientNotification.Statement.UnknownLabelWarning`,
 *   `...UnknownRelationshipTypeWarning`, `...UnknownPropertyKeyWarning`, severity
 *   `WARNING`, category `UNRECOGNIZED`, with the closest known name as @hint;
 * - a variable-length pattern without an upper bound, which follows at most
 *   KgqLimits.max_hops hops: `...UnboundedVariableLengthPattern`, `INFORMATION`,
 *   `PERFORMANCE`.
 *
 * @code: Neo4j's status code
 * @gql_status: the GQL status (`01N50` unknown label, `01N51` type, `01N52` key, `03N91`)
 * @title: Neo4j's title
 * @description: Neo4j's description, naming the name (and the hint, when there is one)
 * @status_description: the GQL status description (`warn: label does not exist. ...`)
 * @severity: `WARNING` or `INFORMATION`
 * @category: `UNRECOGNIZED` or `PERFORMANCE` (GQL's classification)
 * @text: kgq's own words: `label Persn does not exist (did you mean Person?)`
 * @message: `FILE:LINE:COL: ` then @text
 * @name: (nullable): the unknown name
 * @hint: (nullable): the closest name of the same kind the graph has
 * @span: where in the statement's source (the name itself)
 */
typedef struct
{
  const char *code;
  const char *gql_status;
  const char *title;
  const char *description;
  const char *status_description;
  const char *severity;
  const char *category;
  const char *text;
  const char *message;
  const char *name;
  const char *hint;
  KgSpan span;
} KgqNotification;

/** kgq_result_n_notifications: Returns: how many notifications the statement has. */
guint kgq_result_n_notifications (KgqResult *result);
/**
 * kgq_result_notification:
 * Returns: (transfer none): notification @i (in source order); it lives as long as @result.
 */
const KgqNotification *kgq_result_notification (KgqResult *result, guint i);
/**
 * kgq_notification_render:
 * @source: (nullable): the full text the notification's span refers to (as for
 *   kg_query_error_render())
 * Returns: (transfer full): `FILE:LINE:COL: warning: TEXT` (whatever the severity), and with
 *   @source the line and a caret under the name, as errors are shown.
 */
char *kgq_notification_render (const KgqNotification *notification, const char *source);
/**
 * kgq_result_warning:
 * Returns: (transfer none) (nullable): the first notification's @message, or NULL.
 */
const char *kgq_result_warning (KgqResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KgqResult, kgq_result_free)

/* --- Scripts and completion ----------------------------------------------------- */

/**
 * KgqStatementSlice:
 * @start: position of the statement's first byte (after leading blanks and comments)
 * @length: bytes up to and excluding its terminating `;`
 * @terminated: whether a `;` ended it
 */
typedef struct
{
  KgPos start;
  gsize length;
  gboolean terminated;
} KgqStatementSlice;

/**
 * kgq_split_statements:
 * Splits a script into statements at each `;` that is not inside a string, a comment
 * or brackets, with the lexer kgq_session_query() uses. Statements of only blanks and
 * comments are dropped; unlexable text stays in its slice for the query to report.
 * Returns: (transfer full) (element-type KgqStatementSlice): the slices, in order.
 */
GArray *kgq_split_statements (const char *src, gssize len);

/**
 * kgq_statement_is_complete:
 * Returns: TRUE when @buf ends a statement: brackets balanced, no string or comment
 *   open, and the last token is `;` (SQLite's sqlite3_complete()).
 */
gboolean kgq_statement_is_complete (const char *buf);

/** kgq_keywords: Returns: (transfer none) (array zero-terminated=1): Cypher's keywords, upper case. */
const char *const *kgq_keywords (void);
/** kgq_function_names: Returns: (transfer none) (array zero-terminated=1): the functions' names. */
const char *const *kgq_function_names (void);

/**
 * kgq_suggest:
 * @word: a mistyped name
 * @names: (array zero-terminated=1): the valid names
 * Returns: (transfer none) (nullable): the name of @names closest to @word (case-insensitive
 *   edit distance at most 2 and less than its length, or @word a prefix), for "did you mean".
 */
const char *kgq_suggest (const char *word, const char *const *names);

/**
 * KgqNameKind:
 * @KGQ_NAME_LABEL: node labels
 * @KGQ_NAME_TYPE: relationship types
 * @KGQ_NAME_KEY: property keys
 */
typedef enum
{
  KGQ_NAME_LABEL,
  KGQ_NAME_TYPE,
  KGQ_NAME_KEY,
} KgqNameKind;

/**
 * kgq_session_names:
 * Returns: (transfer full) (array zero-terminated=1): every label, type or key name the
 *   graph has seen (in use or not), in the order they were first seen.
 */
char **kgq_session_names (KgqSession *session, KgqNameKind kind);

/* --- Entities ------------------------------------------------------------------- */

/**
 * KgqProperty:
 * @name: the property key
 * @value: its value
 *
 * One property of a node or relationship, as kgq_sorted_properties() lists them.
 */
typedef struct
{
  const char *name;
  const KgValue *value;
} KgqProperty;

/**
 * kgq_sorted_properties:
 * @entity: a node or relationship value
 * @n_props: (out): the number of properties
 *
 * Lists the properties of @entity in ascending order of their key names, so that output
 * built from them is stable whatever order the keys were interned in. The entries point
 * into the database: call this only while @session holds a lock (an open result), and
 * use them before it is released. Anywhere else use kgq_entity_properties().
 *
 * Returns: (transfer container) (array length=n_props): the properties (never NULL;
 *   free with g_free()); none for a deleted entity or a value of another type.
 */
KgqProperty *kgq_sorted_properties (KgqSession *session, const KgValue *entity, guint *n_props);

/**
 * kgq_entity_properties:
 * @entity: a node or relationship value
 * @map: (out caller-allocates): a MAP of copies of its properties, keys sorted by name
 * Returns: FALSE (and an empty map) when @entity is not a live node or relationship.
 */
gboolean kgq_entity_properties (KgqSession *session, const KgValue *entity, KgValue *map);

/**
 * kgq_entity_id:
 * Returns: the id of a node or relationship value (ids are unique per kind while the
 *   entity lives; a deleted entity's id may be reused), or G_MAXUINT32 for other values.
 */
guint32 kgq_entity_id (const KgValue *entity);

/** kgq_entity_exists: Returns: TRUE when @entity is a node or relationship that still exists. */
gboolean kgq_entity_exists (KgqSession *session, const KgValue *entity);

/**
 * kgq_node_labels:
 * Returns: (transfer full) (array zero-terminated=1): the labels of a live node in the
 *   order they were added; an empty array for anything else.
 */
char **kgq_node_labels (KgqSession *session, const KgValue *node);

/**
 * kgq_relationship_info:
 * @start: (out) (optional): the start node's id
 * @end: (out) (optional): the end node's id
 * Returns: (transfer full) (nullable): the type of a live relationship, or NULL.
 */
char *kgq_relationship_info (KgqSession *session, const KgValue *rel, guint32 *start, guint32 *end);

/** kgq_path_length: Returns: the relationships in a path value (0 for other values). */
guint kgq_path_length (const KgValue *path);
/** kgq_path_node: Returns: node @i (0..length) of @path as a node value. */
KgValue kgq_path_node (const KgValue *path, guint i);
/** kgq_path_relationship: Returns: relationship @i (0..length-1) of @path as a relationship value. */
KgValue kgq_path_relationship (const KgValue *path, guint i);

/* --- Showing values ------------------------------------------------------------- */

/**
 * kgq_format_value:
 * @session: (nullable): the session whose database the entities are in; NULL shows
 *   them by id only
 *
 * Appends @value the way Cypher shells show it, with the database's data for nodes,
 * relationships and paths: (:Person {name: 'Tom Cruise'}), [:hands_to {sources: [...]}],
 * <(:A)-[:T]->(:B)>. Strings in lists and maps are quoted; a top-level string is quoted
 * only when @quote_strings.
 */
void kgq_format_value (KgqSession *session, GString *out, const KgValue *value, gboolean quote_strings);

/**
 * kgq_print_value:
 * @session: (nullable): the session whose database the entities are in; NULL shows
 *   them by id only
 * @out: where to append
 * @value: the value
 * @style: the text form (Cypher literal, display, JSON, ...; see common/print.h)
 * @flags: a #KgPrintFlags mask
 *
 * Appends @value in @style, reading nodes, relationships and paths from the session's
 * database. kgq_format_value() is this in %KG_PRINT_DISPLAY style.
 */
void kgq_print_value (KgqSession *session, GString *out, const KgValue *value, KgPrintStyle style, guint flags);

/* --- Writing results ------------------------------------------------------------ */

/**
 * KgqFormat:
 * @KGQ_FORMAT_TABLE: an aligned text table cut to a width, with a row-count footer
 * @KGQ_FORMAT_CSV: RFC 4180 comma-separated values, a header line first
 * @KGQ_FORMAT_TSV: tab-separated values, tabs and newlines in values escaped
 * @KGQ_FORMAT_JSON: one JSON array of row objects
 * @KGQ_FORMAT_JSONL: one JSON object a line
 * @KGQ_FORMAT_MARKDOWN: a GitHub-flavoured Markdown table
 * @KGQ_FORMAT_VERTICAL: each row as one `column: value` line per column after a
 *   `-[ row N ]---` line (for wide rows), then `N rows` when the table options ask
 *   for a footer
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
  KGQ_FORMAT_VERTICAL,
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
 * @session: the session whose database the entities of the values are in
 * @out: where to write (not closed)
 * @table: (nullable): table options; NULL for no width limit and a footer
 * Returns: (transfer full): a writer
 */
KgqWriter *kgq_writer_new (KgqSession *session, KgqFormat format, FILE *out, const KgqTableOpts *table);
void kgq_writer_begin (KgqWriter *w, guint n_columns, const char *const *names);
/**
 * kgq_writer_continue:
 * kgq_writer_begin() for rows that continue a result already written in the same
 * format with the same columns: CSV and TSV write no header line again.
 */
void kgq_writer_continue (KgqWriter *w, guint n_columns, const char *const *names);
/**
 * kgq_append_json_row:
 * Appends one row as KGQ_FORMAT_JSON writes it: an object whose keys are the @n column
 * @names, in order (docs/cli.md has the shapes of values).
 */
void kgq_append_json_row (KgqSession *session, GString *out, guint n, const char *const *names, const KgValue *const *values);
void kgq_writer_row (KgqWriter *w, const KgValue *const *values);
/** kgq_writer_end: finishes the result. Returns: how many rows it held. */
guint64 kgq_writer_end (KgqWriter *w);
void kgq_writer_free (KgqWriter *w);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KgqWriter, kgq_writer_free)

/** kgq_write_rows: writes a held result in @format. */
void kgq_write_rows (KgqSession *session, const KgqRows *rows, KgqFormat format, FILE *out, const KgqTableOpts *table);

/** kgq_stats_describe: Returns: (transfer full) (nullable): "2 nodes created, ..." or NULL when nothing changed. */
char *kgq_stats_describe (const KgqStats *stats);

/* --- Reports -------------------------------------------------------------------- */

/**
 * kgq_session_write_schema:
 * Writes what the graph holds: counts of nodes and relationships, each label and type
 * in use with its count, each property key with the labels or types it appears on,
 * the patterns `(:A)-[:T]->(:B)` in use, and the indexes (the REPL's `:schema`).
 */
void kgq_session_write_schema (KgqSession *session, FILE *out);

/**
 * kgq_session_write_conflicts:
 * Writes every conflicting claim (a single-valued relationship type with more than one
 * object for a subject) with the sources on each side.
 * Returns: FALSE, writing nothing, when the database was not loaded from a corpus and
 *   so knows no single-valued types.
 */
gboolean kgq_session_write_conflicts (KgqSession *session, FILE *out);

/**
 * kgq_session_conflicting_relationships:
 * Returns: (transfer full) (element-type guint32): the ids of the relationships that
 *   take part in a conflicting claim (those kgq_session_write_conflicts() lists and DOT
 *   pictures mark), ascending; empty when the database knows no single-valued types.
 */
GArray *kgq_session_conflicting_relationships (KgqSession *session);

/**
 * kgq_check_corpus:
 * @corpus_dir: (nullable): the corpus directory; NULL for the bundled corpus
 * @out: where the report goes
 * @err: where load errors and warnings go
 *
 * Loads a corpus into a graph of its own, validates it and writes the counts (reports,
 * entities, claims, nodes per label, relationships per type) and every conflict with
 * the reports on each side (`kgq check`).
 * Returns: TRUE when the corpus loads (conflicts are data, not errors).
 */
gboolean kgq_check_corpus (const char *corpus_dir, FILE *out, FILE *err);

/**
 * KgqDotOptions:
 * @max_nodes: nodes drawn at most; 0 for the default cap
 * @highlight_paths: draw the paths of the rows highlighted
 * @mark_conflicts: draw relationships that take part in a conflicting claim marked
 * @layout: (nullable): the Graphviz engine the picture names: "dot", "neato", "sfdp" or
 *   "circo"; NULL (or "auto") picks by size: dot up to 40 nodes, neato with overlap
 *   removal up to 250, sfdp beyond (see kgq_dot_layout_valid())
 */
typedef struct
{
  guint max_nodes;
  gboolean highlight_paths;
  gboolean mark_conflicts;
  const char *layout;
} KgqDotOptions;

/** kgq_dot_layout_valid: Returns: whether @name is a layout KgqDotOptions.layout takes. */
gboolean kgq_dot_layout_valid (const char *name);

/**
 * KgqDotStats:
 * @nodes: nodes drawn
 * @edges: relationships drawn
 * @nodes_dropped: nodes left out by the cap
 * @edges_dropped: relationships left out by the cap
 * @empty: the rows held no node, relationship or path
 */
typedef struct
{
  guint nodes;
  guint edges;
  guint nodes_dropped;
  guint edges_dropped;
  gboolean empty;
} KgqDotStats;

/**
 * kgq_session_dot:
 * @rows: a held result whose nodes, relationships and paths are drawn
 * @stats: (out) (optional): what was drawn
 * Returns: (transfer full): the subgraph as Graphviz DOT text.
 */
char *kgq_session_dot (KgqSession *session, const KgqRows *rows, const KgqDotOptions *options, KgqDotStats *stats);

G_END_DECLS
