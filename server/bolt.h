/* server/bolt.h — `kgq serve`: a Bolt server on a kgq database, and the password file
 * it authenticates against.
 *
 * kg_bolt_serve() listens on one or more TCP addresses, speaks Bolt 4.4 and 5.0–5.8 to
 * each client in a thread of its own, and returns when SIGINT or SIGTERM arrives, after
 * every connection is closed and every statement stopped. The password file holds
 * `name:hash` lines, the hash from libsodium's crypto_pwhash_str() (Argon2id).
 * Nothing here parses the command line; cli/serve.c does.
 */
#pragma once

#include <gio/gio.h>

#include "server/bolt-backend.h"

G_BEGIN_DECLS

#define KG_BOLT_DEFAULT_PORT 7687

/**
 * KgBoltServerOptions:
 * @listen: (array zero-terminated=1): `ADDR:PORT` or `ADDR` (port 7687); IPv6 as
 *   `[::1]:7687`; NULL for 127.0.0.1:7687
 * @users_file: (nullable): the password file; NULL only with @no_auth
 * @no_auth: accept any client without credentials (refused unless every listen
 *   address is a loopback address)
 * @tls_cert: (nullable): a PEM certificate (chain); with @tls_key, connections are TLS
 * @tls_key: (nullable): its PEM private key
 * @max_connections: connections served at once (more are refused)
 * @max_message_size: bytes of one client message once its chunks are joined
 * @idle_timeout_s: a connection silent this long is closed (0 for never)
 * @limits: per-statement limits
 * @version: the program version, for the server agent string
 * @http_listen: (array zero-terminated=1) (nullable): where the HTTP Query API and the
 *   browser page listen (`ADDR:PORT`, port 7474 when left out); NULL for no HTTP
 * @http_cors: (nullable): the one other origin whose pages may call the HTTP API
 * @http_tx_timeout_s: an HTTP transaction without a request for this long is rolled back
 * @http_max_result: bytes of one HTTP response body; a larger result fails
 */
typedef struct
{
  char **listen;
  const char *users_file;
  gboolean no_auth;
  const char *tls_cert;
  const char *tls_key;
  guint max_connections;
  gsize max_message_size;
  guint idle_timeout_s;
  KgBoltLimits limits;
  const char *version;
  char **http_listen;
  const char *http_cors;
  guint http_tx_timeout_s;
  gsize http_max_result;
} KgBoltServerOptions;

/** kg_bolt_server_options_init: fills in the defaults (16 MiB messages, 64 connections...). */
void kg_bolt_server_options_init (KgBoltServerOptions *options);

/**
 * kg_bolt_serve:
 * @db: (transfer none): the database (a KgqDb *)
 *
 * Serves @db until SIGINT or SIGTERM. Returns: FALSE with @error when the server cannot
 * start (a bad or busy address, an unreadable password or TLS file, --no-auth on a
 * non-loopback address); TRUE after a clean stop.
 */
gboolean kg_bolt_serve (gpointer db, const KgBoltServerOptions *options, GError **error);

/* --- HTTP ---------------------------------------------------------------------- */

#define KG_HTTP_DEFAULT_PORT 7474

typedef struct _KgHttpServer KgHttpServer;
typedef struct _KgBoltUsers KgBoltUsers;

/**
 * kg_http_server_new:
 * @tls: (nullable): a certificate with its key: HTTPS on every address
 * @where: the addresses bound are appended here (`127.0.0.1:7474`)
 * Binds the HTTP addresses of @options (kept, not copied). Returns: (transfer full)
 *   (nullable): the server, not yet answering, or NULL with @error.
 */
KgHttpServer *kg_http_server_new (const KgBoltServerOptions *options, GTlsCertificate *tls, GString *where, GError **error);

/**
 * kg_http_server_start:
 * @users: (nullable): the password file's users, NULL for no authentication
 * Starts answering on the calling thread's default main context; statements run on
 * @backend, shared with Bolt.
 */
void kg_http_server_start (KgHttpServer *server, KgBoltBackend *backend, KgBoltUsers *users);

/**
 * kg_http_server_free:
 * Stops the server: cancels running statements, rolls back open transactions, waits
 * for every worker, closes the listening sockets and frees it.
 */
void kg_http_server_free (KgHttpServer *server);

/* --- Password file -------------------------------------------------------------- */

/**
 * kg_bolt_users_load:
 * Returns: (transfer full) (nullable): the users of @path, or NULL with @error when it
 *   cannot be read or a line is not `name:hash`.
 */
KgBoltUsers *kg_bolt_users_load (const char *path, GError **error);
void kg_bolt_users_free (KgBoltUsers *users);

/**
 * kg_bolt_users_reload:
 * @n_users: (out) (optional): how many users the file now has
 * Reads the file again and, when it loads, puts its users in place of the old ones
 * and forgets every remembered login; when it does not, keeps the old users and
 * returns FALSE with @error. Safe while other threads check passwords.
 */
gboolean kg_bolt_users_reload (KgBoltUsers *users, guint *n_users, GError **error);
const char *kg_bolt_users_path (KgBoltUsers *users);

/**
 * kg_bolt_users_check:
 * Returns: TRUE when @password is @name's. Slow by design (a memory-hard hash), and
 *   serialised so that many clients logging in at once cannot exhaust memory;
 *   a password verified before is recognised from a keyed digest without rehashing.
 */
gboolean kg_bolt_users_check (KgBoltUsers *users, const char *name, const char *password);

/**
 * kg_bolt_passwd_set:
 * Sets @name's password in the file at @path (created when missing, rewritten
 * atomically, mode 0600). Returns: FALSE with @error on I/O failure or a bad name.
 */
gboolean kg_bolt_passwd_set (const char *path, const char *name, const char *password, GError **error);

G_END_DECLS
