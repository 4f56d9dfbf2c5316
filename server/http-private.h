/* server/http-private.h — what the HTTP listener (http-server.c) and the Query API
 * (http-query.c) share: the server's state, one request in flight, and the JSON
 * encoding of kgq values.
 *
 * Threads: libsoup runs on the thread of kg_bolt_serve()'s main loop and only reads a
 * request's headers and body there; everything slow (a password check, a statement)
 * runs in a worker: a pool thread for a request on its own, or the one thread of an
 * explicit transaction, since a transaction that has written holds the database's
 * write lock and locks belong to threads (lib/kgq.h). A worker fills in the job's
 * response and hands the job back to the main loop, which sends it.
 *
 * Locks: KgHttpServer.lock guards the token table, the transaction table, the set of
 * running sessions and @stopping; it is never held while running a statement or
 * checking a password. Private to server/.
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "server/bolt.h"

G_BEGIN_DECLS

typedef struct _KgHttpTx KgHttpTx;

struct _KgHttpServer
{
  const KgBoltServerOptions *opts; /* (transfer none): the Bolt server's copy */
  KgBoltBackend *backend;          /* (transfer none) */
  KgBoltUsers *users;              /* (transfer none) (nullable): NULL with --no-auth */
  SoupServer *soup;                /* (owned) */
  GMainContext *context;           /* where libsoup runs and responses are sent */
  GThreadPool *pool;               /* requests outside a transaction */
  GMutex lock;                     /* guards the tables below and @stopping */
  GHashTable *tokens;              /* token → KgHttpLogin * */
  GHashTable *txs;                 /* id → KgHttpTx * */
  GHashTable *running;             /* KgBoltSession * set: cancelled at the stop */
  GCond txs_done;                  /* signalled when a transaction's thread ends */
  gboolean stopping;
  guint n_txs;
};

/* Which Query API endpoint a request is for. */
typedef enum
{
  KG_HTTP_QUERY,       /* POST /db/NAME/query/v2 */
  KG_HTTP_TX_BEGIN,    /* POST /db/NAME/query/v2/tx */
  KG_HTTP_TX_RUN,      /* POST /db/NAME/query/v2/tx/ID */
  KG_HTTP_TX_COMMIT,   /* POST /db/NAME/query/v2/tx/ID/commit */
  KG_HTTP_TX_ROLLBACK, /* DELETE /db/NAME/query/v2/tx/ID */
  KG_HTTP_LOGIN,       /* POST /kgq/login */
  KG_HTTP_CONFLICTS,   /* GET /kgq/conflicts */
  KG_HTTP_TX_EXPIRE,   /* not a request: a transaction's thread ends it */
} KgHttpRoute;

/* One request on its way through a worker: what the main thread copied out of the
 * message, and the response the worker builds. */
typedef struct
{
  KgHttpServer *server;
  SoupServerMessage *msg; /* (owned) (nullable): touched on the main thread only */
  KgHttpRoute route;
  char *authorization;    /* the Authorization header, or NULL */
  GBytes *body;           /* (nullable) */
  gboolean typed_in;      /* Content-Type: application/vnd.neo4j.query */
  gboolean typed_out;     /* Accept: application/vnd.neo4j.query */
  char *base;             /* "/db/neo4j/query/v2", for Location-style answers */
  GSource *watch;         /* (nullable): main thread only: sees the client go away */
  KgBoltSession *session; /* (nullable): running the job's statement; under the server lock */
  gboolean gone;          /* the client went away; under the server lock */
  /* the response */
  guint status;
  GString *out;
} KgHttpJob;

/* web-resources.c, generated from web/kgq.gresource.xml */
void kg_web_register_resource (void);
void kg_web_unregister_resource (void);
/* queries-resources.c, generated from the saved queries in queries/ (server/CMakeLists.txt) */
void kg_queries_register_resource (void);
void kg_queries_unregister_resource (void);

/* http-server.c */
void kg_http_job_respond (KgHttpJob *job);
void kg_http_job_error (KgHttpJob *job, guint status, const char *code, const char *message);
gboolean kg_http_authorize (KgHttpJob *job, char **user);
/* A statement of @job runs on @session from add to remove: the server's stop, or the
 * client going away, cancels it. */
void kg_http_running_add (KgHttpServer *s, KgHttpJob *job, KgBoltSession *session);
void kg_http_running_remove (KgHttpServer *s, KgHttpJob *job, KgBoltSession *session);
void kg_http_job_free (KgHttpJob *job);

/* http-query.c */

/* A Query API request body: `{"statement": …, "parameters": {…}, "includeCounters": …}`. */
typedef struct
{
  char *statement; /* NULL when the body names none (a transaction's keep-alive) */
  KgValue params;  /* a MAP, or null */
  gboolean include_counters;
} KgHttpRequest;

/**
 * kg_http_request_decode:
 * @data: (nullable): the body, @len bytes (not NUL-terminated)
 * @typed: the parameters are typed JSON (Content-Type application/vnd.neo4j.query)
 * @need_statement: a body without a statement is an error (else it is a keep-alive)
 * @r: (out caller-allocates): the request; free with kg_http_request_clear()
 * Returns: FALSE with a G_IO_ERROR saying what is wrong (then @r holds nothing).
 */
gboolean kg_http_request_decode (KgBoltSession *session, const char *data, gsize len, gboolean typed, gboolean need_statement, KgHttpRequest *r, GError **error);
void kg_http_request_clear (KgHttpRequest *r);

void kg_http_query_run (KgHttpJob *job);
void kg_http_tx_dispatch (KgHttpServer *s, KgHttpJob *job, const char *tx_id);
void kg_http_tx_stop_all (KgHttpServer *s);
void kg_http_conflicts_run (KgHttpJob *job);

/**
 * kg_http_json_value:
 * Appends @v as the Query API writes values: plain JSON, or with @typed the
 * `{"$type": …, "_value": …}` form. Nodes and relationships are read through
 * @entities while the statement that produced them is open.
 */
void kg_http_json_value (GString *out, const KgValue *v, gboolean typed, const KgBoltEntities *entities, gpointer data);

/** kg_http_json_string: appends @s as a JSON string. */
void kg_http_json_string (GString *out, const char *s);

G_END_DECLS
