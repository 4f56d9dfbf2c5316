/* server/bolt-backend.h — the Bolt server's one door to the database (lib/kgq.h).
 *
 * A KgBoltBackend is the shared database with the server's per-statement limits and the
 * bookmark counter; each Bolt connection has a KgBoltSession of its own (a KgqSession),
 * so read statements of many connections run at once and write statements run alone,
 * under the database's readers–writer lock (lib/kgq.h says which statement takes which
 * lock and when it is released). A statement's result holds its lock until it is
 * finished or freed. Nothing here speaks Bolt or HTTP or touches sockets; nodes and
 * relationships are read here, through kgq.h's accessors, to encode them. Both the Bolt
 * connections (bolt-conn.c) and the HTTP Query API (http-query.c) run their statements
 * through this file, so they share the same sessions, limits, locks and error codes.
 */
#pragma once

#include <glib.h>

#include "lib/kgq.h"
#include "server/packstream.h"

G_BEGIN_DECLS

typedef struct _KgBoltBackend KgBoltBackend;
typedef struct _KgBoltSession KgBoltSession;
typedef struct _KgBoltStatement KgBoltStatement;

/**
 * KgBoltLimits:
 * @timeout_ms: per statement, 0 for none (a driver's transaction timeout may shorten it)
 * @max_rows: rows one result may produce, 0 for none
 * @max_memory: bytes of intermediate state one statement may hold, 0 for none
 * @lock_timeout_ms: how long a write waits for the write lock, 0 for as long as it takes
 *
 * The CLI's --timeout, --max-rows and --max-memory, applied to every statement.
 */
typedef struct
{
  guint64 timeout_ms;
  guint64 max_rows;
  guint64 max_memory;
  guint64 lock_timeout_ms;
} KgBoltLimits;

/**
 * kg_bolt_backend_new:
 * @db: (transfer none): the database (a KgqDb *), which must outlive the backend
 * @limits: what every statement may use
 * Returns: (transfer full): a backend serving @db.
 */
KgBoltBackend *kg_bolt_backend_new (gpointer db, const KgBoltLimits *limits);
void kg_bolt_backend_free (KgBoltBackend *backend);

/**
 * kg_bolt_backend_bookmark:
 * Returns: (transfer full): a bookmark naming the database state after the last write
 *   statement of any session. Every statement sees every write committed before it
 *   started, so a bookmark never needs waiting for; it tells drivers that writes happened.
 */
char *kg_bolt_backend_bookmark (KgBoltBackend *backend);

/** kg_bolt_session_new: Returns: (transfer full): a session for one connection. */
KgBoltSession *kg_bolt_session_new (KgBoltBackend *backend);
/** kg_bolt_session_free: frees the session (an open statement must be freed first). */
void kg_bolt_session_free (KgBoltSession *session);

/**
 * kg_bolt_session_begin / kg_bolt_session_commit / kg_bolt_session_rollback:
 * An explicit transaction on the session (kgq_session_begin() and the rest): the
 * statements run until COMMIT take effect together, journalled as one record, or, on
 * ROLLBACK, not at all. From its first write the transaction holds the database's
 * write lock until it ends. Rollback does nothing without a transaction.
 * Returns: FALSE with the library's error.
 */
gboolean kg_bolt_session_begin (KgBoltSession *session, GError **error);
gboolean kg_bolt_session_commit (KgBoltSession *session, GError **error);
void kg_bolt_session_rollback (KgBoltSession *session);

/**
 * kg_bolt_session_cancel:
 * Stops the session's running statement with KG_QUERY_ERROR_CANCELLED. Any thread;
 * async-signal-safe. A statement started afterwards is not affected.
 */
void kg_bolt_session_cancel (KgBoltSession *session);

/* --- Statements ----------------------------------------------------------------- */

/**
 * kg_bolt_session_run:
 * @params: (nullable): the statement's parameters (a MAP value)
 * @timeout_ms: a time limit for this statement, 0 for the server's own; it can only
 *   shorten the server's
 * Returns: (transfer full) (nullable): the open statement, holding its lock, or NULL
 *   with a compile-time error (KG_QUERY_ERROR).
 */
KgBoltStatement *kg_bolt_session_run (KgBoltSession *session, const char *query, const KgValue *params, guint64 timeout_ms, GError **error);

guint kg_bolt_statement_n_columns (KgBoltStatement *stmt);
const char *kg_bolt_statement_column (KgBoltStatement *stmt, guint column);

/**
 * kg_bolt_statement_next:
 * Returns: TRUE with a new current row, FALSE at the end or with a run-time error (the
 *   statement's writes are then rolled back). The lock is released at FALSE.
 */
gboolean kg_bolt_statement_next (KgBoltStatement *stmt, GError **error);

/** kg_bolt_statement_put_row: appends the current row as a PackStream list. */
void kg_bolt_statement_put_row (KgBoltStatement *stmt, GByteArray *out, const KgPackstreamFormat *format);

/** kg_bolt_statement_value: Returns: (transfer none): the current row's value in @column. */
const KgValue *kg_bolt_statement_value (KgBoltStatement *stmt, guint column);

/**
 * kg_bolt_session_entities:
 * @data: (out): what to pass to the callbacks
 * Returns: (transfer none): how to read the nodes and relationships of the session's
 *   values (labels, type, ends, properties), for encoders other than PackStream. Call
 *   the callbacks only while a statement of the session is open.
 */
const KgBoltEntities *kg_bolt_session_entities (KgBoltSession *session, gpointer *data);

/**
 * kg_bolt_session_conflicts:
 * Returns: (transfer full): the ids of the relationships that take part in a
 *   conflicting claim (the relationships the DOT export marks), in ascending order;
 *   empty when the database was not loaded from a corpus.
 */
GArray *kg_bolt_session_conflicts (KgBoltSession *session);

/**
 * kg_bolt_session_temporal:
 * @type: a temporal KgValueType (DATE, LOCALTIME, TIME, LOCALDATETIME, DATETIME, DURATION)
 * @text: its ISO 8601 text
 * @out: (out caller-allocates): the value
 * Returns: FALSE with a KG_QUERY_ERROR when @text is not a value of @type.
 */
gboolean kg_bolt_session_temporal (KgBoltSession *session, KgValueType type, const char *text, KgValue *out, GError **error);

/** kg_bolt_statement_stats: Returns: (transfer none): the changes so far (final once next() returned FALSE). */
const KgqStats *kg_bolt_statement_stats (KgBoltStatement *stmt);

/** kg_bolt_statement_writes: TRUE for a statement that may change the graph. */
gboolean kg_bolt_statement_writes (KgBoltStatement *stmt);

/** kg_bolt_statement_n_notifications: Returns: how many notifications the statement has. */
guint kg_bolt_statement_n_notifications (KgBoltStatement *stmt);
/** kg_bolt_statement_notification: Returns: (transfer none): notification @i, alive as long as @stmt. */
const KgqNotification *kg_bolt_statement_notification (KgBoltStatement *stmt, guint i);

/** kg_bolt_statement_plan_walk: the plan operator by operator, as kgq_result_plan_walk(). */
void kg_bolt_statement_plan_walk (KgBoltStatement *stmt, KgqPlanVisitFunc visit, gpointer user_data);

/** kg_bolt_statement_is_profile: TRUE for PROFILE (rows, then a plan with rows and time). */
gboolean kg_bolt_statement_is_profile (KgBoltStatement *stmt);

/** kg_bolt_statement_is_explain: TRUE for EXPLAIN (no rows, only a plan). */
gboolean kg_bolt_statement_is_explain (KgBoltStatement *stmt);

/** kg_bolt_statement_free: closes the statement (an unfinished write is rolled back). */
void kg_bolt_statement_free (KgBoltStatement *stmt);

/* --- Errors and warnings --------------------------------------------------------- */

/**
 * kg_bolt_error_status:
 * @code: (out) (transfer none): the Neo4j status code of @error
 * @gql: (out) (transfer none): its GQL status (Bolt 5.7+)
 */
void kg_bolt_error_status (const GError *error, const char **code, const char **gql);

G_END_DECLS
