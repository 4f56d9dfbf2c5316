/* server/bolt-private.h — what the listener (bolt-server.c) and the connections
 * (bolt-conn.c) share: the server's state and the connection entry points.
 *
 * Locks: KgBoltServer.lock guards the connection table (@conns, @n_conns, @next_id,
 * @stopping) and nothing else; it is never held while doing I/O or running a statement.
 * Each connection has its own lock (bolt-conn.c); the database has its readers–writer
 * lock (lib/kgq.h). The order, when two are taken, is server lock, then a connection's
 * lock; the database lock is never awaited while holding either. Private to server/.
 */
#pragma once

#include <gio/gio.h>

#include "server/bolt.h"

G_BEGIN_DECLS

typedef struct _KgBoltConn KgBoltConn;

/* Reference-counted (g_atomic_rc_box): the socket service's "run" handler holds a
 * reference, so a connection accepted just before the stop still finds the server, sees
 * @stopping and is refused, even after kg_bolt_serve() returned. */
typedef struct
{
  KgBoltServerOptions opts;           /* a copy; its strings are only read before the stop */
  const KgBoltServerOptions *options; /* == &opts */
  KgBoltBackend *backend;
  KgBoltUsers *users;   /* (nullable): NULL with --no-auth */
  GTlsCertificate *tls; /* (nullable): TLS when set */
  GMutex lock;
  GCond drained;     /* signalled when @n_conns drops to 0 */
  GHashTable *conns; /* KgBoltConn * set, for the shutdown */
  guint n_conns;
  guint next_id;
  gboolean stopping;
} KgBoltServer;

/**
 * kg_bolt_conn_serve:
 * Runs one client connection to its end (in the calling thread, with a reader thread
 * of its own): the handshake, then messages until GOODBYE, a protocol error, the
 * client going away or the server stopping. Logs one line when it ends.
 */
void kg_bolt_conn_serve (KgBoltServer *server, GSocketConnection *connection);

/**
 * kg_bolt_resolve:
 * Resolves a --listen value, `ADDR:PORT`, `ADDR` (then @default_port) or `[V6]:PORT`.
 * Returns: (transfer full) (element-type GSocketAddress): the addresses, or NULL with
 *   @error (prefixed with the option).
 */
GList *kg_bolt_resolve (const char *spec, guint16 default_port, GError **error);

/** kg_bolt_conn_abort: makes a connection end soon (server shutdown); any thread. */
void kg_bolt_conn_abort (KgBoltConn *conn);

G_END_DECLS
