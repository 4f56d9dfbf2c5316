/* server/bolt-backend.h — the Bolt server's one door to the database (lib/kgq.h).
 *
 * Today's kgq.h offers one KgqDb used from one thread at a time, and a result must be
 * freed before the next query on it. So the backend hands out a lease: a connection
 * acquires it (waiting at most a lock timeout) before it runs a statement or begins a
 * transaction, and releases it when the result is consumed or the transaction ends.
 * While a connection holds the lease it alone touches the KgqDb, so statements are
 * serialised and a reader never sees a half-done write. When per-connection sessions
 * come to kgq.h, the lease becomes the database's readers–writer lock and this file is
 * the only one that changes. Nothing here speaks Bolt or touches sockets.
 */
#pragma once

#include <glib.h>

#include "server/packstream.h"

G_BEGIN_DECLS

typedef struct _KgBoltBackend KgBoltBackend;
typedef struct _KgBoltStatement KgBoltStatement;

#define KG_BOLT_BACKEND_ERROR (kg_bolt_backend_error_quark ())

/**
 * KgBoltBackendError:
 * @KG_BOLT_BACKEND_ERROR_LOCK_TIMEOUT: another connection held the database for longer
 *   than the lock timeout
 */
typedef enum
{
  KG_BOLT_BACKEND_ERROR_LOCK_TIMEOUT,
} KgBoltBackendError;

GQuark kg_bolt_backend_error_quark (void);

/**
 * KgBoltStats: what a statement changed (the counters of a Bolt summary).
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
} KgBoltStats;

/**
 * KgBoltLimits:
 * @timeout_ms: per statement, 0 for none (a driver's transaction timeout may shorten it)
 * @max_rows: rows one result may produce, 0 for none
 * @max_memory: bytes of intermediate state one statement may hold, 0 for none
 *
 * The CLI's --timeout, --max-rows and --max-memory, applied to every statement.
 */
typedef struct
{
  guint64 timeout_ms;
  guint64 max_rows;
  guint64 max_memory;
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
 * kg_bolt_backend_acquire:
 * @timeout_ms: how long to wait for another connection to release the database
 * Returns: FALSE with KG_BOLT_BACKEND_ERROR_LOCK_TIMEOUT when it did not come free.
 */
gboolean kg_bolt_backend_acquire (KgBoltBackend *backend, guint timeout_ms, GError **error);
/** kg_bolt_backend_release: gives the lease back; no statement of the holder may be open. */
void kg_bolt_backend_release (KgBoltBackend *backend);

/**
 * kg_bolt_backend_cancel:
 * Stops the statement running under the lease with KG_QUERY_ERROR_CANCELLED. May be
 * called from another thread, but only while the caller's connection holds the lease
 * (so it never cancels someone else's statement).
 */
void kg_bolt_backend_cancel (KgBoltBackend *backend);

/**
 * kg_bolt_backend_bookmark:
 * Returns: (transfer full): a bookmark naming the database state after the last write.
 */
char *kg_bolt_backend_bookmark (KgBoltBackend *backend);

/* --- Statements (the lease must be held) ----------------------------------------- */

/**
 * kg_bolt_backend_run:
 * @params: (nullable): the statement's parameters (a MAP value)
 * @timeout_ms: a time limit for this statement, 0 for the database's own
 * Returns: (transfer full) (nullable): the open statement, or NULL with a compile-time
 *   error (KG_QUERY_ERROR).
 */
KgBoltStatement *kg_bolt_backend_run (KgBoltBackend *backend, const char *query, const KgValue *params, guint64 timeout_ms, GError **error);

guint kg_bolt_statement_n_columns (KgBoltStatement *stmt);
const char *kg_bolt_statement_column (KgBoltStatement *stmt, guint column);

/**
 * kg_bolt_statement_next:
 * Returns: TRUE with a new current row, FALSE at the end or with a run-time error (the
 *   statement's writes are then rolled back).
 */
gboolean kg_bolt_statement_next (KgBoltStatement *stmt, GError **error);

/** kg_bolt_statement_put_row: appends the current row as a PackStream list. */
void kg_bolt_statement_put_row (KgBoltStatement *stmt, GByteArray *out, const KgPackstreamFormat *format);

/** kg_bolt_statement_stats: the changes so far (final once next() returned FALSE). */
void kg_bolt_statement_stats (KgBoltStatement *stmt, KgBoltStats *stats);

/** kg_bolt_statement_warning: Returns: (transfer none) (nullable): `FILE:LINE:COL: text`. */
const char *kg_bolt_statement_warning (KgBoltStatement *stmt);

/** kg_bolt_statement_plan: Returns: (transfer full) (nullable): the plan of EXPLAIN or PROFILE. */
char *kg_bolt_statement_plan (KgBoltStatement *stmt);

/** kg_bolt_statement_is_explain: TRUE for EXPLAIN (no rows, only a plan). */
gboolean kg_bolt_statement_is_explain (KgBoltStatement *stmt);

/** kg_bolt_statement_free: closes the statement (an unfinished one is abandoned). */
void kg_bolt_statement_free (KgBoltStatement *stmt);

G_END_DECLS
