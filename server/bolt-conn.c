/* server/bolt-conn.c — one Bolt connection: the handshake, chunked messages, the server
 * state machine and what each request message does.
 *
 * Each connection runs in two threads. The worker (the socket service's thread) does
 * the handshake, then takes messages from @inbox one by one, runs them and writes the
 * responses, flushing when no request is waiting (so pipelined requests are answered in
 * one write). The reader thread reads and decodes messages into @inbox, so that a RESET
 * or the client going away is seen while the worker is busy in a long statement: it
 * cancels the statement at once, and the worker answers IGNORED to whatever was queued
 * before the RESET, as the protocol's INTERRUPTED state requires.
 *
 * Locks: @lock guards @running (a statement of this connection's session is open) and
 * @aborted. @resets (atomic) counts RESETs read but not yet handled. Everything else
 * belongs to the worker, which holds no lock of its own while a statement runs; the
 * statement holds the database's read or write lock (lib/kgq.h) until it is finished.
 *
 * States follow Bolt's server-state page: CONNECTED, AUTHENTICATION (5.1+), READY,
 * STREAMING, TX_READY, TX_STREAMING, FAILED, INTERRUPTED (here: @resets > 0) and
 * DEFUNCT (the loop ends). A message not allowed in a state is a protocol error: FAILURE,
 * then FAILED (DEFUNCT before authentication). A message that is not PackStream, or one
 * larger than the maximum message size, closes the connection. BEGIN opens the
 * session's transaction (kgq_session_begin()): its statements take effect together at
 * COMMIT, journalled as one record, and ROLLBACK, RESET, a failed statement or a lost
 * connection undo them all, as Neo4j does (docs/server.md). This file never calls
 * kgq.h.
 */
#include "server/bolt-private.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>

#include "common/error.h"

/* Request and response message tags (Bolt message page). */
enum
{
  MSG_HELLO = 0x01,
  MSG_GOODBYE = 0x02,
  MSG_RESET = 0x0F,
  MSG_RUN = 0x10,
  MSG_BEGIN = 0x11,
  MSG_COMMIT = 0x12,
  MSG_ROLLBACK = 0x13,
  MSG_DISCARD = 0x2F,
  MSG_PULL = 0x3F,
  MSG_TELEMETRY = 0x54,
  MSG_ROUTE = 0x66,
  MSG_LOGON = 0x6A,
  MSG_LOGOFF = 0x6B,
  MSG_SUCCESS = 0x70,
  MSG_RECORD = 0x71,
  MSG_IGNORED = 0x7E,
  MSG_FAILURE = 0x7F,
};

typedef enum
{
  ST_CONNECTED,
  ST_AUTHENTICATION,
  ST_READY,
  ST_STREAMING,
  ST_TX_READY,
  ST_TX_STREAMING,
  ST_FAILED,
  ST_DEFUNCT,
} State;

static const char *const state_names[] = { "CONNECTED", "AUTHENTICATION", "READY", "STREAMING",
                                           "TX_READY", "TX_STREAMING", "FAILED", "DEFUNCT" };

/* What the reader hands the worker: a decoded message, one that decoded to a value kgq
 * cannot take (@error set, answered with FAILURE), or the end of input (@closed). */
typedef struct
{
  guint8 tag;
  KgValue fields; /* LIST */
  GError *error;
  gboolean closed;
} Msg;

/* The versions served, newest first (5.5 was never released to drivers). */
static const guint8 served[][2] = { { 5, 8 }, { 5, 7 }, { 5, 6 }, { 5, 4 }, { 5, 3 }, { 5, 2 }, { 5, 1 }, { 5, 0 }, { 4, 4 } };

#define FLUSH_AT (64 * 1024)

struct _KgBoltConn
{
  KgBoltServer *server;
  guint id;
  char *peer;
  GIOStream *stream; /* the socket connection, or TLS over it */
  GSocket *socket;
  GInputStream *in; /* buffered; the reader thread's after the handshake */
  GOutputStream *out_stream;
  guint major, minor;
  gint utc; /* atomic: DateTimes in UTC form (5.x, or 4.4 with the patch) */
  GThread *reader;
  GAsyncQueue *inbox; /* Msg * */
  gint resets;        /* atomic */
  GMutex lock;
  KgBoltSession *session;
  gboolean running; /* guarded by @lock */
  gboolean aborted; /* guarded by @lock */

  /* The worker's own. */
  State state;
  KgBoltStatement *stmt;
  gboolean have_row; /* @stmt's current row was read ahead and not yet sent */
  guint64 n_rows;    /* rows @stmt has produced (sent or discarded) */
  char *query;       /* @stmt's text */
  gint64 t_start;    /* when @stmt started streaming (µs) */
  gboolean in_tx;
  guint64 tx_timeout_ms;
  GByteArray *msg; /* the message being built */
  GByteArray *out; /* chunked bytes not yet written */
  gboolean write_failed;
  char *user;
  char *agent;
  guint n_statements;
  guint n_failed;
  char *end; /* why the connection ended, for the log line */
};

static KgPackstreamFormat
format_of (KgBoltConn *c)
{
  KgPackstreamFormat f = { c->major >= 5, g_atomic_int_get (&c->utc) != 0 };
  return f;
}

static gboolean
version_at_least (KgBoltConn *c, guint major, guint minor)
{
  return c->major > major || (c->major == major && c->minor >= minor);
}

static void
set_end (KgBoltConn *c, const char *fmt, ...) G_GNUC_PRINTF (2, 3);

static void
set_end (KgBoltConn *c, const char *fmt, ...)
{
  if (c->end != NULL)
    return;
  va_list ap;
  va_start (ap, fmt);
  c->end = g_strdup_vprintf (fmt, ap);
  va_end (ap);
}

/* --- Output --------------------------------------------------------------------- */

static gboolean
flush (KgBoltConn *c)
{
  if (c->out->len == 0 || c->write_failed)
    return !c->write_failed;
  g_autoptr (GError) error = NULL;
  if (!g_output_stream_write_all (c->out_stream, c->out->data, c->out->len, NULL, NULL, &error) ||
      !g_output_stream_flush (c->out_stream, NULL, &error))
    {
      c->write_failed = TRUE;
      set_end (c, "write failed: %s", error->message);
      c->state = ST_DEFUNCT;
    }
  g_byte_array_set_size (c->out, 0);
  return !c->write_failed;
}

/* Moves the message built in @msg into @out as chunks of at most 65535 bytes. */
static void
end_message (KgBoltConn *c)
{
  for (guint at = 0; at < c->msg->len;)
    {
      guint n = MIN (c->msg->len - at, 65535u);
      guint8 h[2] = { (guint8) (n >> 8), (guint8) n };
      g_byte_array_append (c->out, h, 2);
      g_byte_array_append (c->out, c->msg->data + at, n);
      at += n;
    }
  static const guint8 end[2] = { 0, 0 };
  g_byte_array_append (c->out, end, 2);
  g_byte_array_set_size (c->msg, 0);
  if (c->out->len >= FLUSH_AT)
    flush (c);
}

static void
put_str (GByteArray *b, const char *s)
{
  kg_packstream_put_string (b, s, -1);
}

static void
put_key_str (GByteArray *b, const char *key, const char *value)
{
  put_str (b, key);
  put_str (b, value);
}

static void
put_key_int (GByteArray *b, const char *key, gint64 value)
{
  put_str (b, key);
  kg_packstream_put_int (b, value);
}

/* SUCCESS with a map of @n entries that the caller writes next, then end_message(). */
static void
begin_success (KgBoltConn *c, guint n)
{
  kg_packstream_put_struct_header (c->msg, MSG_SUCCESS, 1);
  kg_packstream_put_map_header (c->msg, n);
}

static void
send_success_empty (KgBoltConn *c)
{
  begin_success (c, 0);
  end_message (c);
}

static void
send_ignored (KgBoltConn *c)
{
  kg_packstream_put_struct_header (c->msg, MSG_IGNORED, 0);
  end_message (c);
}

/* --- Errors --------------------------------------------------------------------- */

static void
put_position (GByteArray *b, const KgPos *pos)
{
  put_str (b, "position");
  kg_packstream_put_map_header (b, 3);
  put_key_int (b, "offset", (gint64) pos->offset);
  put_key_int (b, "line", pos->line);
  put_key_int (b, "column", pos->column);
}

static void
send_failure (KgBoltConn *c, const char *code, const char *gql, const char *message, const KgPos *pos)
{
  GByteArray *b = c->msg;
  kg_packstream_put_struct_header (b, MSG_FAILURE, 1);
  if (!version_at_least (c, 5, 7))
    {
      kg_packstream_put_map_header (b, 2);
      put_key_str (b, "code", code);
      put_key_str (b, "message", message);
      end_message (c);
      return;
    }
  /* 5.7+: the GQL-style error, with the Neo4j code beside it. */
  const char *classification = g_str_has_prefix (code, "Neo.ClientError")      ? "CLIENT_ERROR"
                               : g_str_has_prefix (code, "Neo.TransientError") ? "TRANSIENT_ERROR"
                                                                               : "DATABASE_ERROR";
  kg_packstream_put_map_header (b, 5);
  put_key_str (b, "neo4j_code", code);
  put_key_str (b, "message", message);
  put_key_str (b, "gql_status", gql);
  put_key_str (b, "description", message);
  put_str (b, "diagnostic_record");
  kg_packstream_put_map_header (b, pos != NULL ? 5 : 4);
  put_key_str (b, "OPERATION", "");
  put_key_str (b, "OPERATION_CODE", "0");
  put_key_str (b, "CURRENT_SCHEMA", "/");
  put_key_str (b, "_classification", classification);
  if (pos != NULL)
    {
      put_str (b, "_position");
      kg_packstream_put_map_header (b, 3);
      put_key_int (b, "offset", (gint64) pos->offset);
      put_key_int (b, "line", pos->line);
      put_key_int (b, "column", pos->column);
    }
  end_message (c);
}

/* A request the protocol does not allow here: FAILURE, then FAILED (or DEFUNCT before
 * the client is authenticated). */
static void
protocol_error (KgBoltConn *c, const char *fmt, ...) G_GNUC_PRINTF (2, 3);

static void
protocol_error (KgBoltConn *c, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *text = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  send_failure (c, "Neo.ClientError.Request.Invalid", "50N42", text, NULL);
  if (c->state == ST_CONNECTED || c->state == ST_AUTHENTICATION)
    {
      set_end (c, "protocol error: %s", text);
      c->state = ST_DEFUNCT;
    }
  else
    c->state = ST_FAILED;
}

/* --- Statements ----------------------------------------------------------------- */

static void
set_running (KgBoltConn *c, gboolean running)
{
  g_mutex_lock (&c->lock);
  c->running = running;
  g_mutex_unlock (&c->lock);
}

/* Cancels this connection's statement if one is open (reader thread, or shutdown). */
static void
cancel_running (KgBoltConn *c)
{
  g_mutex_lock (&c->lock);
  if (c->running)
    kg_bolt_session_cancel (c->session);
  g_mutex_unlock (&c->lock);
}

static void
close_statement (KgBoltConn *c)
{
  if (c->stmt == NULL)
    return;
  set_running (c, FALSE);
  kg_bolt_statement_free (c->stmt);
  c->stmt = NULL;
  c->have_row = FALSE;
  c->n_rows = 0;
  g_clear_pointer (&c->query, g_free);
}

/* Ends the transaction or the auto-commit statement in progress, whatever its state. */
static void
abandon_work (KgBoltConn *c)
{
  close_statement (c);
  if (c->in_tx)
    kg_bolt_session_rollback (c->session);
  c->in_tx = FALSE;
}

/* A statement failed: FAILURE with kgq's rendered message and the position, a log
 * line, the statement and transaction dropped, FAILED. */
static void
fail_statement (KgBoltConn *c, const GError *error, const char *query)
{
  const char *code, *gql;
  kg_bolt_error_status (error, &code, &gql);
  g_autofree char *text = error->domain == KG_QUERY_ERROR && query != NULL ? kg_query_error_render (error, query)
                                                                           : g_strdup (error->message);
  const KgSpan *span = kg_query_error_get_span (error);
  c->n_failed++;
  fprintf (stderr, "kgq serve: connection %u: %s: %s\n", c->id, code, error->message);
  send_failure (c, code, gql, text, span != NULL ? &span->start : NULL);
  abandon_work (c);
  c->state = ST_FAILED;
}

static const KgValue *
field (const Msg *m, guint i)
{
  static const KgValue null = KG_VALUE_INIT;
  return i < m->fields.u.list->len ? &m->fields.u.list->items[i] : &null;
}

static const KgValue *
map_get (const KgValue *map, const char *key)
{
  return map->type == KG_VALUE_MAP ? kg_map_get (map->u.map, key) : NULL;
}

static const char *
map_str (const KgValue *map, const char *key)
{
  const KgValue *v = map_get (map, key);
  return v != NULL && v->type == KG_VALUE_STRING ? v->u.s : NULL;
}

static gint64
map_int (const KgValue *map, const char *key, gint64 fallback)
{
  const KgValue *v = map_get (map, key);
  return v != NULL && v->type == KG_VALUE_INT ? v->u.i : fallback;
}

/* The one database is `neo4j` (what drivers ask for by default), also called `kgq`. */
static gboolean
check_database (KgBoltConn *c, const char *db)
{
  if (db == NULL || strcmp (db, "neo4j") == 0 || strcmp (db, "kgq") == 0)
    return TRUE;
  g_autofree char *text = g_strdup_printf ("Database does not exist. Database name: '%s' (kgq serves one database, 'neo4j', also called 'kgq').", db);
  send_failure (c, "Neo.ClientError.Database.DatabaseNotFound", "22000", text, NULL);
  abandon_work (c);
  c->state = ST_FAILED;
  return FALSE;
}

static void
handle_run (KgBoltConn *c, const Msg *m)
{
  const KgValue *query = field (m, 0), *params = field (m, 1), *extra = field (m, 2);
  if (query->type != KG_VALUE_STRING || (params->type != KG_VALUE_MAP && params->type != KG_VALUE_NULL) ||
      (extra->type != KG_VALUE_MAP && extra->type != KG_VALUE_NULL))
    {
      protocol_error (c, "RUN takes a query string, a parameter map and a metadata map");
      abandon_work (c);
      return;
    }
  if (c->state == ST_TX_STREAMING)
    {
      protocol_error (c, "kgq keeps one result open per transaction: pull or discard the previous result before the next RUN");
      abandon_work (c);
      return;
    }
  if (!check_database (c, map_str (extra, "db")))
    return;
  guint64 timeout_ms = c->in_tx ? c->tx_timeout_ms : (guint64) MAX (map_int (extra, "tx_timeout", 0), 0);
  gint64 t0 = g_get_monotonic_time ();
  g_autoptr (GError) error = NULL;
  c->stmt = kg_bolt_session_run (c->session, query->u.s, params, timeout_ms, &error);
  c->n_statements++;
  if (c->stmt == NULL)
    {
      fail_statement (c, error, query->u.s);
      return;
    }
  c->query = g_strdup (query->u.s);
  set_running (c, TRUE);
  if (g_atomic_int_get (&c->resets) > 0)
    cancel_running (c);
  c->t_start = g_get_monotonic_time ();

  guint n = kg_bolt_statement_n_columns (c->stmt);
  gboolean qid = c->in_tx;
  gboolean db = version_at_least (c, 5, 8);
  begin_success (c, 2 + qid + db);
  put_str (c->msg, "fields");
  kg_packstream_put_list_header (c->msg, n);
  for (guint i = 0; i < n; i++)
    put_str (c->msg, kg_bolt_statement_column (c->stmt, i));
  put_key_int (c->msg, "t_first", (c->t_start - t0) / 1000);
  if (qid)
    put_key_int (c->msg, "qid", 0);
  if (db)
    put_key_str (c->msg, "db", "neo4j");
  end_message (c);
  c->state = c->in_tx ? ST_TX_STREAMING : ST_STREAMING;
}

static guint
count_stats (const KgqStats *s)
{
  return (s->nodes_created > 0) + (s->nodes_deleted > 0) + (s->relationships_created > 0) +
         (s->relationships_deleted > 0) + (s->properties_set > 0) + (s->labels_added > 0) + (s->labels_removed > 0);
}

static void
put_stat (GByteArray *b, const char *key, guint64 v)
{
  if (v > 0)
    put_key_int (b, key, (gint64) v);
}

/* The rank of a GQL status in a summary's `statuses`, as Neo4j orders them (and drivers
 * document): no data (02) first, then warnings (01), success (00), information (03),
 * anything else last. */
static int
gql_status_rank (const char *status)
{
  static const char *const order[] = { "02", "01", "00", "03" };
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if (strncmp (status, order[i], 2) == 0)
      return (int) i;
  return (int) G_N_ELEMENTS (order);
}

/* The statement's outcome as a GQL status, which Bolt 5.6 and later carry in every
 * summary: 00001 (omitted result) for a statement without columns, and for EXPLAIN,
 * which computes no rows; 02000 for one that produced no rows; else 00000. */
static void
put_outcome_status (KgBoltConn *c, GByteArray *b, gboolean has_cols)
{
  const char *status = !has_cols ? "00001" : c->n_rows == 0 ? "02000"
                                                            : "00000";
  const char *description = !has_cols        ? "note: successful completion - omitted result"
                            : c->n_rows == 0 ? "note: no data"
                                             : "note: successful completion";
  kg_packstream_put_map_header (b, 3);
  put_key_str (b, "gql_status", status);
  put_key_str (b, "status_description", description);
  put_str (b, "diagnostic_record");
  kg_packstream_put_map_header (b, 3);
  put_key_str (b, "OPERATION", "");
  put_key_str (b, "OPERATION_CODE", "0");
  put_key_str (b, "CURRENT_SCHEMA", "/");
}

/* Packs the statement's notifications into @b, as Neo4j sends them: `notifications`
 * maps before Bolt 5.6; from then on GQL status maps, the statement's outcome among
 * them, in gql_status_rank() order. Returns: how many maps. */
static guint
put_notifications (KgBoltConn *c, GByteArray *b, gboolean has_cols)
{
  guint n = kg_bolt_statement_n_notifications (c->stmt);
  gboolean gql = version_at_least (c, 5, 6);
  if (!gql)
    {
      for (guint i = 0; i < n; i++)
        {
          const KgqNotification *note = kg_bolt_statement_notification (c->stmt, i);
          kg_packstream_put_map_header (b, 6);
          put_key_str (b, "code", note->code);
          put_key_str (b, "title", note->title);
          put_key_str (b, "description", note->description);
          put_key_str (b, "severity", note->severity);
          put_key_str (b, "category", note->category);
          put_position (b, &note->span.start);
        }
      return n;
    }
  int outcome = !has_cols ? gql_status_rank ("00") : gql_status_rank (c->n_rows == 0 ? "02" : "00");
  for (int rank = 0; rank <= gql_status_rank (""); rank++)
    {
      if (rank == outcome)
        put_outcome_status (c, b, has_cols);
      for (guint i = 0; i < n; i++)
        {
          const KgqNotification *note = kg_bolt_statement_notification (c->stmt, i);
          if (gql_status_rank (note->gql_status) != rank)
            continue;
          kg_packstream_put_map_header (b, 6);
          put_key_str (b, "gql_status", note->gql_status);
          put_key_str (b, "status_description", note->status_description);
          put_key_str (b, "neo4j_code", note->code);
          put_key_str (b, "title", note->title);
          put_key_str (b, "description", note->description);
          put_str (b, "diagnostic_record");
          kg_packstream_put_map_header (b, 6);
          put_key_str (b, "OPERATION", "");
          put_key_str (b, "OPERATION_CODE", "0");
          put_key_str (b, "CURRENT_SCHEMA", "/");
          put_key_str (b, "_severity", note->severity);
          put_key_str (b, "_classification", note->category);
          put_str (b, "_position");
          kg_packstream_put_map_header (b, 3);
          put_key_int (b, "offset", (gint64) note->span.start.offset);
          put_key_int (b, "line", note->span.start.line);
          put_key_int (b, "column", note->span.start.column);
        }
    }
  return n + 1;
}

/* --- Plans ------------------------------------------------------------------------ */

typedef struct
{
  GByteArray *b;
  gboolean profile;
} PlanWriter;

/* One operator as Neo4j sends it in a summary's `plan` (EXPLAIN) or `profile` (PROFILE):
 * {operatorType, args, identifiers, [rows, time,] children}. The children come last,
 * so the operators that kgq_result_plan_walk() visits next fill the list. kgq counts no
 * database hits or page-cache hits, so those keys are left out (drivers read 0). */
static void
plan_write_op (const KgqPlanOperator *op, gpointer user_data)
{
  PlanWriter *w = user_data;
  GByteArray *b = w->b;
  kg_packstream_put_map_header (b, w->profile ? 6 : 4);
  g_autofree char *type = g_strdup_printf ("%s@neo4j", op->name);
  put_key_str (b, "operatorType", type);
  gboolean root = op->depth == 0;
  gboolean details = op->details[0] != '\0';
  put_str (b, "args");
  kg_packstream_put_map_header (b, 1 + details + (root ? 3 : 0) + (w->profile ? 2 : 0));
  put_str (b, "EstimatedRows");
  kg_packstream_put_float (b, op->estimated_rows);
  if (details)
    put_key_str (b, "Details", op->details);
  if (root)
    {
      put_key_str (b, "planner", "COST");
      put_key_str (b, "runtime", "KGQ");
      put_key_str (b, "version", "CYPHER 5");
    }
  if (w->profile)
    {
      put_key_int (b, "Rows", (gint64) op->rows);
      put_key_int (b, "Time", op->time_us * 1000);
    }
  put_str (b, "identifiers");
  kg_packstream_put_list_header (b, 0);
  if (w->profile)
    {
      put_key_int (b, "rows", (gint64) op->rows);
      /* Neo4j counts an operator's time in nanoseconds. */
      put_key_int (b, "time", op->time_us * 1000);
    }
  put_str (b, "children");
  kg_packstream_put_list_header (b, op->n_children);
}

/* The statement's plan for the summary, or NULL when it is neither EXPLAIN nor PROFILE. */
static GByteArray *
plan_bytes (KgBoltStatement *stmt)
{
  gboolean profile = kg_bolt_statement_is_profile (stmt);
  if (!profile && !kg_bolt_statement_is_explain (stmt))
    return NULL;
  PlanWriter w = { g_byte_array_new (), profile };
  put_str (w.b, profile ? "profile" : "plan");
  kg_bolt_statement_plan_walk (stmt, plan_write_op, &w);
  return w.b;
}

/* The summary that ends a result, then the statement closed and the state moved on. */
static void
finish_statement (KgBoltConn *c)
{
  KgqStats st = *kg_bolt_statement_stats (c->stmt);
  guint n_stats = count_stats (&st);
  /* Packed now: the notifications belong to the statement, which close_statement()
   * frees below. */
  gboolean has_cols = kg_bolt_statement_n_columns (c->stmt) > 0;
  gboolean table = has_cols && !kg_bolt_statement_is_explain (c->stmt);
  g_autoptr (GByteArray) notes = g_byte_array_new ();
  guint n_notes = put_notifications (c, notes, table);
  g_autoptr (GByteArray) plan = plan_bytes (c->stmt);
  const char *type = n_stats == 0 ? "r" : has_cols ? "rw"
                                                   : "w";
  gint64 t_last = (g_get_monotonic_time () - c->t_start) / 1000;
  close_statement (c);
  g_autofree char *bookmark = NULL;
  if (!c->in_tx)
    {
      bookmark = kg_bolt_backend_bookmark (c->server->backend);
    }

  GByteArray *b = c->msg;
  begin_success (c, 3 + (bookmark != NULL) + (n_stats > 0) + (n_notes > 0) + (plan != NULL));
  put_key_int (b, "t_last", t_last);
  put_key_str (b, "type", type);
  put_key_str (b, "db", "neo4j");
  if (bookmark != NULL)
    put_key_str (b, "bookmark", bookmark);
  if (n_stats > 0)
    {
      put_str (b, "stats");
      kg_packstream_put_map_header (b, n_stats + 1);
      put_stat (b, "nodes-created", st.nodes_created);
      put_stat (b, "nodes-deleted", st.nodes_deleted);
      put_stat (b, "relationships-created", st.relationships_created);
      put_stat (b, "relationships-deleted", st.relationships_deleted);
      put_stat (b, "properties-set", st.properties_set);
      put_stat (b, "labels-added", st.labels_added);
      put_stat (b, "labels-removed", st.labels_removed);
      put_str (b, "contains-updates");
      kg_packstream_put_bool (b, TRUE);
    }
  if (n_notes > 0)
    {
      /* Bolt 5.6 and later carry GQL statuses instead of notifications, always at
       * least the outcome. */
      put_str (b, version_at_least (c, 5, 6) ? "statuses" : "notifications");
      kg_packstream_put_list_header (b, n_notes);
      g_byte_array_append (b, notes->data, notes->len);
    }
  if (plan != NULL)
    g_byte_array_append (b, plan->data, plan->len);
  end_message (c);
  c->state = c->in_tx ? ST_TX_READY : ST_READY;
}

/* PULL (@send) or DISCARD: up to n rows (all for -1), then has_more or the summary. */
static void
handle_pull (KgBoltConn *c, const Msg *m, gboolean send)
{
  const KgValue *extra = field (m, 0);
  gint64 n = map_int (extra, "n", G_MININT64);
  gint64 qid = map_int (extra, "qid", -1);
  if (n == G_MININT64 || n == 0 || n < -1 || (qid != -1 && qid != 0))
    {
      protocol_error (c, "%s takes {n: a positive count or -1, qid: -1 or the open result's id}", send ? "PULL" : "DISCARD");
      abandon_work (c);
      return;
    }
  /* Rows may take long to come: what is answered so far (RUN's SUCCESS) goes out first,
   * so the client can tell the statement started, and RESET it. */
  flush (c);
  KgPackstreamFormat fmt = format_of (c);
  g_autoptr (GError) error = NULL;
  gboolean done = FALSE;
  for (gint64 sent = 0; n < 0 || sent < n; sent++)
    {
      if (!c->have_row && !kg_bolt_statement_next (c->stmt, &error))
        {
          done = TRUE;
          break;
        }
      if (!c->have_row)
        c->n_rows++;
      c->have_row = FALSE;
      if (g_atomic_int_get (&c->resets) > 0 || c->write_failed)
        break;
      if (send)
        {
          kg_packstream_put_struct_header (c->msg, MSG_RECORD, 1);
          kg_bolt_statement_put_row (c->stmt, c->msg, &fmt);
          end_message (c);
        }
    }
  if (g_atomic_int_get (&c->resets) > 0 || c->write_failed)
    {
      /* RESET came (the statement was cancelled) or the client is gone. */
      abandon_work (c);
      send_ignored (c);
      return;
    }
  if (!done)
    {
      /* Read one row ahead: has_more must be exact for the driver to stop asking. */
      if (kg_bolt_statement_next (c->stmt, &error))
        {
          c->n_rows++;
          c->have_row = TRUE;
          begin_success (c, 1);
          put_str (c->msg, "has_more");
          kg_packstream_put_bool (c->msg, TRUE);
          end_message (c);
          return;
        }
    }
  if (error != NULL)
    {
      g_autofree char *query = g_strdup (c->query);
      fail_statement (c, error, query);
      return;
    }
  finish_statement (c);
}

static void
handle_begin (KgBoltConn *c, const Msg *m)
{
  const KgValue *extra = field (m, 0);
  if (extra->type != KG_VALUE_MAP && extra->type != KG_VALUE_NULL)
    {
      protocol_error (c, "BEGIN takes a metadata map");
      return;
    }
  if (!check_database (c, map_str (extra, "db")))
    return;
  g_autoptr (GError) error = NULL;
  if (!kg_bolt_session_begin (c->session, &error))
    {
      fail_statement (c, error, NULL);
      return;
    }
  c->in_tx = TRUE;
  c->tx_timeout_ms = (guint64) MAX (map_int (extra, "tx_timeout", 0), 0);
  gboolean db = version_at_least (c, 5, 8);
  begin_success (c, db);
  if (db)
    put_key_str (c->msg, "db", "neo4j");
  end_message (c);
  c->state = ST_TX_READY;
}

/* COMMIT runs an open result to its end first, then commits the session's transaction. */
static void
handle_commit (KgBoltConn *c)
{
  if (c->stmt != NULL)
    {
      g_autoptr (GError) error = NULL;
      while (kg_bolt_statement_next (c->stmt, &error))
        ;
      if (error != NULL)
        {
          g_autofree char *query = g_strdup (c->query);
          fail_statement (c, error, query);
          return;
        }
      close_statement (c);
    }
  g_autoptr (GError) error = NULL;
  gboolean committed = kg_bolt_session_commit (c->session, &error);
  c->in_tx = FALSE;
  if (!committed)
    {
      fail_statement (c, error, NULL);
      return;
    }
  g_autofree char *bookmark = kg_bolt_backend_bookmark (c->server->backend);
  begin_success (c, 1);
  put_key_str (c->msg, "bookmark", bookmark);
  end_message (c);
  c->state = ST_READY;
}

static void
handle_rollback (KgBoltConn *c)
{
  close_statement (c);
  kg_bolt_session_rollback (c->session);
  c->in_tx = FALSE;
  send_success_empty (c);
  c->state = ST_READY;
}

/* A one-server routing table: this server reads, writes and routes. */
static void
handle_route (KgBoltConn *c, const Msg *m)
{
  const KgValue *routing = field (m, 0), *extra = field (m, 2);
  const char *db = extra->type == KG_VALUE_STRING ? extra->u.s : map_str (extra, "db");
  if (!check_database (c, db))
    return;
  g_autofree char *address = g_strdup (map_str (routing, "address"));
  if (address == NULL)
    {
      g_autoptr (GSocketAddress) local = g_socket_get_local_address (c->socket, NULL);
      if (G_IS_INET_SOCKET_ADDRESS (local))
        {
          g_autofree char *host = g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (local)));
          guint16 port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
          address = strchr (host, ':') != NULL ? g_strdup_printf ("[%s]:%u", host, port) : g_strdup_printf ("%s:%u", host, port);
        }
      else
        address = g_strdup ("localhost:7687");
    }
  static const char *const roles[] = { "WRITE", "READ", "ROUTE" };
  GByteArray *b = c->msg;
  begin_success (c, 1);
  put_str (b, "rt");
  kg_packstream_put_map_header (b, 3);
  put_key_int (b, "ttl", 300);
  put_key_str (b, "db", "neo4j");
  put_str (b, "servers");
  kg_packstream_put_list_header (b, G_N_ELEMENTS (roles));
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      kg_packstream_put_map_header (b, 2);
      put_str (b, "addresses");
      kg_packstream_put_list_header (b, 1);
      put_str (b, address);
      put_key_str (b, "role", roles[i]);
    }
  end_message (c);
}

/* --- Authentication ------------------------------------------------------------- */

/* Checks the credentials of HELLO (4.4, 5.0) or LOGON (5.1+). A failure waits a little,
 * answers Unauthorized and ends the connection: the client learns nothing else. */
static gboolean
authenticate (KgBoltConn *c, const KgValue *auth)
{
  const char *scheme = map_str (auth, "scheme");
  const char *principal = map_str (auth, "principal");
  const char *credentials = map_str (auth, "credentials");
  KgBoltServer *s = c->server;
  gboolean ok;
  if (s->users == NULL)
    ok = TRUE;
  else
    ok = scheme != NULL && strcmp (scheme, "basic") == 0 && principal != NULL && credentials != NULL &&
         kg_bolt_users_check (s->users, principal, credentials);
  if (!ok)
    {
      g_usleep (G_USEC_PER_SEC / 2);
      send_failure (c, "Neo.ClientError.Security.Unauthorized", "42NFF",
                    "The client is unauthorized due to authentication failure.", NULL);
      set_end (c, "authentication failed for '%s'", principal != NULL ? principal : "");
      c->state = ST_DEFUNCT;
      return FALSE;
    }
  g_free (c->user);
  c->user = g_strdup (s->users == NULL ? "(no auth)" : principal);
  return TRUE;
}

static void
handle_hello (KgBoltConn *c, const Msg *m)
{
  const KgValue *extra = field (m, 0);
  if (extra->type != KG_VALUE_MAP)
    {
      protocol_error (c, "HELLO takes a metadata map");
      return;
    }
  g_free (c->agent);
  c->agent = g_strdup (map_str (extra, "user_agent"));
  gboolean utc_patch = FALSE;
  const KgValue *patches = map_get (extra, "patch_bolt");
  if (c->major == 4 && patches != NULL && patches->type == KG_VALUE_LIST)
    for (guint i = 0; i < patches->u.list->len; i++)
      if (patches->u.list->items[i].type == KG_VALUE_STRING && strcmp (patches->u.list->items[i].u.s, "utc") == 0)
        utc_patch = TRUE;
  gboolean logon = version_at_least (c, 5, 1);
  if (!logon && !authenticate (c, extra))
    return;
  if (utc_patch)
    g_atomic_int_set (&c->utc, 1);

  GByteArray *b = c->msg;
  g_autofree char *server = g_strdup_printf ("Neo4j/5.26.0 compatible graph database server - kgq/%s", c->server->options->version);
  g_autofree char *connection_id = g_strdup_printf ("bolt-%u", c->id);
  guint idle = c->server->options->idle_timeout_s;
  begin_success (c, 2 + (idle > 0) + utc_patch);
  put_key_str (b, "server", server);
  put_key_str (b, "connection_id", connection_id);
  if (idle > 0)
    {
      put_str (b, "hints");
      kg_packstream_put_map_header (b, 1);
      put_key_int (b, "connection.recv_timeout_seconds", idle);
    }
  if (utc_patch)
    {
      put_str (b, "patch_bolt");
      kg_packstream_put_list_header (b, 1);
      put_str (b, "utc");
    }
  end_message (c);
  c->state = logon ? ST_AUTHENTICATION : ST_READY;
}

/* --- Dispatch ------------------------------------------------------------------- */

static const char *
message_name (guint8 tag)
{
  switch (tag)
    {
    case MSG_HELLO:
      return "HELLO";
    case MSG_GOODBYE:
      return "GOODBYE";
    case MSG_RESET:
      return "RESET";
    case MSG_RUN:
      return "RUN";
    case MSG_BEGIN:
      return "BEGIN";
    case MSG_COMMIT:
      return "COMMIT";
    case MSG_ROLLBACK:
      return "ROLLBACK";
    case MSG_DISCARD:
      return "DISCARD";
    case MSG_PULL:
      return "PULL";
    case MSG_TELEMETRY:
      return "TELEMETRY";
    case MSG_ROUTE:
      return "ROUTE";
    case MSG_LOGON:
      return "LOGON";
    case MSG_LOGOFF:
      return "LOGOFF";
    default:
      return "an unknown message";
    }
}

static void
not_here (KgBoltConn *c, guint8 tag)
{
  protocol_error (c, "%s is not allowed in state %s (Bolt %u.%u)", message_name (tag), state_names[c->state], c->major, c->minor);
  abandon_work (c);
}

static void
dispatch (KgBoltConn *c, const Msg *m)
{
  guint8 tag = m->tag;
  if (tag == MSG_GOODBYE)
    {
      set_end (c, "closed by the client");
      c->state = ST_DEFUNCT;
      return;
    }
  if (tag == MSG_RESET)
    {
      g_atomic_int_add (&c->resets, -1);
      if (c->state == ST_CONNECTED || c->state == ST_AUTHENTICATION)
        {
          not_here (c, tag);
          return;
        }
      abandon_work (c);
      send_success_empty (c);
      c->state = ST_READY;
      return;
    }
  /* INTERRUPTED: everything before the RESET is ignored. FAILED likewise. */
  if (g_atomic_int_get (&c->resets) > 0 || c->state == ST_FAILED)
    {
      send_ignored (c);
      return;
    }
  if (m->error != NULL)
    {
      if (c->state == ST_CONNECTED || c->state == ST_AUTHENTICATION)
        protocol_error (c, "%s", m->error->message);
      else
        fail_statement (c, m->error, NULL);
      return;
    }
  gboolean v51 = version_at_least (c, 5, 1);
  switch (c->state)
    {
    case ST_CONNECTED:
      if (tag == MSG_HELLO)
        {
          handle_hello (c, m);
          return;
        }
      break;
    case ST_AUTHENTICATION:
      if (tag == MSG_LOGON)
        {
          if (authenticate (c, field (m, 0)))
            {
              send_success_empty (c);
              c->state = ST_READY;
            }
          return;
        }
      break;
    case ST_READY:
      if (tag == MSG_RUN)
        {
          handle_run (c, m);
          return;
        }
      if (tag == MSG_BEGIN)
        {
          handle_begin (c, m);
          return;
        }
      if (tag == MSG_ROUTE)
        {
          handle_route (c, m);
          return;
        }
      if (tag == MSG_TELEMETRY && version_at_least (c, 5, 4))
        {
          send_success_empty (c);
          return;
        }
      if (tag == MSG_LOGOFF && v51)
        {
          send_success_empty (c);
          c->state = ST_AUTHENTICATION;
          return;
        }
      break;
    case ST_STREAMING:
    case ST_TX_STREAMING:
      if (tag == MSG_PULL || tag == MSG_DISCARD)
        {
          handle_pull (c, m, tag == MSG_PULL);
          return;
        }
      if (c->state == ST_TX_STREAMING && tag == MSG_RUN)
        {
          handle_run (c, m);
          return;
        }
      if (c->state == ST_TX_STREAMING && tag == MSG_COMMIT)
        {
          handle_commit (c);
          return;
        }
      if (c->state == ST_TX_STREAMING && tag == MSG_ROLLBACK)
        {
          handle_rollback (c);
          return;
        }
      break;
    case ST_TX_READY:
      if (tag == MSG_RUN)
        {
          handle_run (c, m);
          return;
        }
      if (tag == MSG_COMMIT)
        {
          handle_commit (c);
          return;
        }
      if (tag == MSG_ROLLBACK)
        {
          handle_rollback (c);
          return;
        }
      break;
    case ST_FAILED:
    case ST_DEFUNCT:
      break;
    }
  not_here (c, tag);
}

/* --- Input ---------------------------------------------------------------------- */

/* Reads exactly @n bytes; FALSE at the end of input (error unset) or on an error. */
static gboolean
read_exact (KgBoltConn *c, void *buf, gsize n, GError **error)
{
  gsize got = 0;
  if (!g_input_stream_read_all (c->in, buf, n, &got, NULL, error))
    return FALSE;
  return got == n;
}

/* Joins one message's chunks; NOOP chunks between messages are skipped. */
static gboolean
read_message (KgBoltConn *c, GByteArray *m, GError **error)
{
  gsize max = c->server->options->max_message_size;
  g_byte_array_set_size (m, 0);
  for (;;)
    {
      guint8 h[2];
      if (!read_exact (c, h, 2, error))
        return FALSE;
      guint size = (guint) h[0] << 8 | h[1];
      if (size == 0)
        {
          if (m->len > 0)
            return TRUE;
          continue;
        }
      if (m->len + size > max)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE, "a message larger than %" G_GSIZE_FORMAT " bytes (the maximum message size)", max);
          return FALSE;
        }
      guint at = m->len;
      g_byte_array_set_size (m, at + size);
      if (!read_exact (c, m->data + at, size, error))
        return FALSE;
    }
}

static gpointer
reader_main (gpointer data)
{
  KgBoltConn *c = data;
  g_autoptr (GByteArray) buf = g_byte_array_new ();
  for (;;)
    {
      Msg *m = g_new0 (Msg, 1);
      GError *error = NULL;
      if (!read_message (c, buf, &error))
        {
          m->closed = TRUE;
          m->error = error;
          cancel_running (c);
          g_async_queue_push (c->inbox, m);
          break;
        }
      KgPackstreamFormat fmt = format_of (c);
      if (!kg_packstream_read_message (buf->data, buf->len, &fmt, &m->tag, &m->fields, &error))
        {
          if (error->code == KG_PACKSTREAM_ERROR_MALFORMED)
            {
              m->closed = TRUE;
              m->error = error;
              cancel_running (c);
              g_async_queue_push (c->inbox, m);
              break;
            }
          /* Well-formed but holding a value kgq has no type for: FAILURE, not a close. */
          m->tag = buf->data[1];
          m->error = error;
          m->fields = kg_value_list (kg_list_new (0));
        }
      guint8 tag = m->tag;
      if (tag == MSG_RESET)
        {
          g_atomic_int_inc (&c->resets);
          cancel_running (c);
        }
      g_async_queue_push (c->inbox, m);
      if (tag == MSG_GOODBYE)
        break;
    }
  return NULL;
}

static void
msg_free (gpointer data)
{
  Msg *m = data;
  kg_value_clear (&m->fields);
  if (m->error != NULL)
    g_error_free (m->error);
  g_free (m);
}

/* --- Handshake ------------------------------------------------------------------ */

/* The newest served version within the proposal [reserved, range, minor, major]. */
static gboolean
pick_version (const guint8 *p, guint8 *major, guint8 *minor)
{
  for (guint i = 0; i < G_N_ELEMENTS (served); i++)
    if (served[i][0] == p[3] && served[i][1] <= p[2] && served[i][1] + p[1] >= p[2])
      {
        *major = served[i][0];
        *minor = served[i][1];
        return TRUE;
      }
  return FALSE;
}

static void
put_varint (GByteArray *b, guint64 v)
{
  do
    {
      guint8 byte = (v & 0x7F) | (v > 0x7F ? 0x80 : 0);
      g_byte_array_append (b, &byte, 1);
      v >>= 7;
    }
  while (v > 0);
}

static gboolean
read_varint (KgBoltConn *c, guint64 *v, GError **error)
{
  *v = 0;
  for (guint shift = 0; shift < 64; shift += 7)
    {
      guint8 byte;
      if (!read_exact (c, &byte, 1, error))
        return FALSE;
      *v |= (guint64) (byte & 0x7F) << shift;
      if (!(byte & 0x80))
        return TRUE;
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "a handshake varint longer than 64 bits");
  return FALSE;
}

/* The preamble and four proposals; the manifest form (5.7+) when the client offers it:
 * the server lists its versions, the client picks one. */
static gboolean
handshake (KgBoltConn *c)
{
  guint8 hello[20];
  g_autoptr (GError) error = NULL;
  if (!read_exact (c, hello, sizeof hello, &error))
    {
      set_end (c, "no handshake%s%s", error ? ": " : "", error ? error->message : "");
      return FALSE;
    }
  static const guint8 magic[4] = { 0x60, 0x60, 0xB0, 0x17 };
  if (memcmp (hello, magic, 4) != 0)
    {
      set_end (c, "not a Bolt client (no magic preamble)");
      return FALSE;
    }
  guint8 major = 0, minor = 0;
  gboolean manifest = FALSE;
  for (guint i = 0; i < 4; i++)
    {
      const guint8 *p = hello + 4 + 4 * i;
      if (p[3] == 0xFF && p[2] == 0x01)
        {
          manifest = TRUE;
          break;
        }
      if (pick_version (p, &major, &minor))
        break;
    }
  g_autoptr (GByteArray) reply = g_byte_array_new ();
  if (manifest)
    {
      /* 5.8..5.6, 5.4..5.0 and 4.4, as ranges. */
      static const guint8 ranges[][4] = { { 0, 2, 8, 5 }, { 0, 4, 4, 5 }, { 0, 0, 4, 4 } };
      static const guint8 head[4] = { 0, 0, 0x01, 0xFF };
      g_byte_array_append (reply, head, 4);
      put_varint (reply, G_N_ELEMENTS (ranges));
      for (guint i = 0; i < G_N_ELEMENTS (ranges); i++)
        g_byte_array_append (reply, ranges[i], 4);
      put_varint (reply, 0); /* no capabilities */
    }
  else
    {
      guint8 v[4] = { 0, 0, minor, major };
      g_byte_array_append (reply, v, 4);
    }
  if (!g_output_stream_write_all (c->out_stream, reply->data, reply->len, NULL, NULL, &error))
    {
      set_end (c, "handshake: %s", error->message);
      return FALSE;
    }
  if (manifest)
    {
      guint8 chosen[4];
      guint64 caps;
      if (!read_exact (c, chosen, 4, &error) || !read_varint (c, &caps, &error))
        {
          set_end (c, "manifest handshake: no version chosen%s%s", error ? ": " : "", error ? error->message : "");
          return FALSE;
        }
      chosen[1] = 0; /* a choice is one version, not a range */
      if (!pick_version (chosen, &major, &minor) || chosen[2] != minor)
        {
          set_end (c, "manifest handshake: the client chose %u.%u, which is not served", chosen[3], chosen[2]);
          return FALSE;
        }
    }
  if (major == 0)
    {
      set_end (c, "no common Bolt version (kgq serves 4.4 and 5.0 to 5.8)");
      return FALSE;
    }
  c->major = major;
  c->minor = minor;
  g_atomic_int_set (&c->utc, major >= 5);
  return TRUE;
}

/* --- The connection ------------------------------------------------------------- */

static char *
peer_name (GSocket *socket)
{
  g_autoptr (GSocketAddress) addr = g_socket_get_remote_address (socket, NULL);
  if (!G_IS_INET_SOCKET_ADDRESS (addr))
    return g_strdup ("?");
  g_autofree char *host = g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (addr)));
  return g_strdup_printf ("%s:%u", host, g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (addr)));
}

static gboolean
register_conn (KgBoltServer *s, KgBoltConn *c)
{
  g_mutex_lock (&s->lock);
  gboolean ok = !s->stopping && s->n_conns < s->options->max_connections;
  c->id = ++s->next_id;
  if (ok)
    {
      g_hash_table_add (s->conns, c);
      s->n_conns++;
    }
  g_mutex_unlock (&s->lock);
  return ok;
}

static void
unregister_conn (KgBoltServer *s, KgBoltConn *c)
{
  g_mutex_lock (&s->lock);
  g_hash_table_remove (s->conns, c);
  if (--s->n_conns == 0)
    g_cond_broadcast (&s->drained);
  g_mutex_unlock (&s->lock);
}

/* TLS over the socket when the server has a certificate; FALSE when it fails. */
static gboolean
open_stream (KgBoltConn *c, GSocketConnection *connection)
{
  if (c->server->tls == NULL)
    {
      c->stream = g_object_ref (G_IO_STREAM (connection));
      return TRUE;
    }
  g_autoptr (GError) error = NULL;
  GIOStream *tls = g_tls_server_connection_new (G_IO_STREAM (connection), c->server->tls, &error);
  if (tls == NULL || !g_tls_connection_handshake (G_TLS_CONNECTION (tls), NULL, &error))
    {
      set_end (c, "TLS: %s", error->message);
      g_clear_object (&tls);
      return FALSE;
    }
  c->stream = tls;
  return TRUE;
}

void
kg_bolt_conn_abort (KgBoltConn *conn)
{
  g_mutex_lock (&conn->lock);
  conn->aborted = TRUE;
  if (conn->running)
    kg_bolt_session_cancel (conn->session);
  g_mutex_unlock (&conn->lock);
  /* Wakes the reader (recv returns 0) and fails the worker's next write. */
  g_socket_shutdown (conn->socket, TRUE, TRUE, NULL);
}

void
kg_bolt_conn_serve (KgBoltServer *server, GSocketConnection *connection)
{
  KgBoltConn *c = g_new0 (KgBoltConn, 1);
  c->server = server;
  c->socket = g_object_ref (g_socket_connection_get_socket (connection));
  c->peer = peer_name (c->socket);
  g_mutex_init (&c->lock);
  c->msg = g_byte_array_new ();
  c->out = g_byte_array_new ();
  c->inbox = g_async_queue_new_full (msg_free);
  c->state = ST_CONNECTED;
  c->session = kg_bolt_session_new (server->backend);
  gboolean registered = register_conn (server, c);
  if (!registered)
    set_end (c, "refused: %u connections already (--max-connections)", server->options->max_connections);
  g_socket_set_timeout (c->socket, server->options->idle_timeout_s);
  /* Responses go out as soon as they are flushed: with Nagle's algorithm a second small
   * write (the rows after RUN's SUCCESS) waits for the client's delayed ACK, ~40 ms. */
  g_socket_set_option (c->socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL);

  if (registered && open_stream (c, connection))
    {
      c->in = g_buffered_input_stream_new_sized (g_io_stream_get_input_stream (c->stream), 65536);
      c->out_stream = g_io_stream_get_output_stream (c->stream);
      if (handshake (c))
        {
          c->reader = g_thread_new ("bolt-reader", reader_main, c);
          while (c->state != ST_DEFUNCT)
            {
              Msg *m = g_async_queue_try_pop (c->inbox);
              if (m == NULL)
                {
                  if (!flush (c))
                    break;
                  m = g_async_queue_pop (c->inbox);
                }
              if (m->closed)
                {
                  if (m->error == NULL)
                    set_end (c, "the client went away");
                  else if (g_error_matches (m->error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
                    set_end (c, "idle for %u s (--idle-timeout)", server->options->idle_timeout_s);
                  else
                    set_end (c, "%s", m->error->message);
                  msg_free (m);
                  break;
                }
              dispatch (c, m);
              msg_free (m);
            }
          flush (c);
          abandon_work (c);
          g_socket_shutdown (c->socket, TRUE, TRUE, NULL);
          g_thread_join (c->reader);
        }
    }
  g_mutex_lock (&c->lock);
  if (c->aborted)
    {
      g_free (c->end);
      c->end = g_strdup ("the server is stopping");
    }
  g_mutex_unlock (&c->lock);
  fprintf (stderr, "kgq serve: connection %u from %s: Bolt %u.%u, user %s, %s: %u statements (%u failed), %s\n",
           c->id, c->peer, c->major, c->minor, c->user != NULL ? c->user : "-", c->agent != NULL ? c->agent : "unknown client",
           c->n_statements, c->n_failed, c->end != NULL ? c->end : "closed");
  /* Freeing the session rolls back a transaction left open: it touches the database, so
   * it happens before the connection leaves the table, after which a stopping server
   * frees the database. (kg_bolt_conn_abort() uses the session only while running.) */
  g_mutex_lock (&c->lock);
  KgBoltSession *session = c->session;
  c->session = NULL;
  g_mutex_unlock (&c->lock);
  kg_bolt_session_free (session);
  if (registered)
    unregister_conn (server, c);
  if (c->stream != NULL)
    g_io_stream_close (c->stream, NULL, NULL);
  g_clear_object (&c->in);
  g_clear_object (&c->stream);
  g_clear_object (&c->socket);
  g_async_queue_unref (c->inbox);
  g_byte_array_unref (c->msg);
  g_byte_array_unref (c->out);
  g_mutex_clear (&c->lock);
  g_free (c->peer);
  g_free (c->user);
  g_free (c->agent);
  g_free (c->end);
  g_free (c->query);
  g_free (c);
}
