/* server/http-server.c — `kgq serve --http`: the HTTP listener (libsoup 3), its
 * security rules, logins for the browser page, and the page itself.
 *
 * Every request passes the same gate before anything runs: a request from another
 * origin (its Origin header is neither this server nor the --http-cors origin) is
 * refused with 403, and no CORS header is ever sent to one; without authentication the
 * Host header must name a loopback address or an IP literal, so a page on a rebound
 * DNS name cannot reach a server that asks for no password; a body must be JSON
 * (Content-Type application/json or application/vnd.neo4j.query), which an HTML form
 * cannot send, and no larger than --max-message-size, which is checked from
 * Content-Length before the body is read. Credentials come only in the Authorization
 * header: `Basic` against the users file, as Bolt checks them, or `Bearer` with a token
 * from POST /kgq/login (a JSON body), which the page keeps in memory; no cookie is set,
 * so another site's page cannot make the browser send credentials (no CSRF), and
 * WWW-Authenticate is never sent, so browsers never remember a password for the site.
 *
 * The page (web/) is compiled into the program as a GResource and served with a
 * Content-Security-Policy that allows only its own script and style. The Query API
 * endpoints are in http-query.c; this file hands them their requests in workers (see
 * http-private.h for the threads and locks). Nothing here runs a statement.
 */
#include "server/bolt-private.h"
#include "server/http-private.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

/* A login token of the page: who it is for and until when it is good. */
typedef struct
{
  char *user;
  gint64 expires; /* monotonic µs; pushed back on each use */
} KgHttpLogin;

static void
login_free (gpointer data)
{
  KgHttpLogin *l = data;
  g_free (l->user);
  g_free (l);
}

/* --- Responses ------------------------------------------------------------------ */

void
kg_http_job_free (KgHttpJob *job)
{
  if (job->watch != NULL)
    {
      g_source_destroy (job->watch);
      g_clear_pointer (&job->watch, g_source_unref);
    }
  g_clear_object (&job->msg);
  g_free (job->authorization);
  g_clear_pointer (&job->body, g_bytes_unref);
  g_free (job->base);
  if (job->out != NULL)
    g_string_free (job->out, TRUE);
  g_free (job);
}

static void
set_json (SoupServerMessage *msg, guint status, GString *body)
{
  soup_server_message_set_status (msg, status, NULL);
  gsize len = body->len;
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, g_string_free (body, FALSE), len);
}

static gboolean
stopping (KgHttpServer *s)
{
  g_mutex_lock (&s->lock);
  gboolean stop = s->stopping;
  g_mutex_unlock (&s->lock);
  return stop;
}

/* On the main thread: sends what the worker built, and wakes the message. */
static gboolean
send_job (gpointer data)
{
  KgHttpJob *job = data;
  /* Once the server stops, its connections are gone: the answer goes nowhere. */
  if (job->msg != NULL && !stopping (job->server))
    {
      set_json (job->msg, job->status, job->out);
      job->out = NULL;
      soup_server_message_unpause (job->msg);
    }
  kg_http_job_free (job);
  return G_SOURCE_REMOVE;
}

void
kg_http_job_respond (KgHttpJob *job)
{
  if (job->out == NULL)
    job->out = g_string_new ("{}");
  g_main_context_invoke (job->server->context, send_job, job);
}

static void
error_body (GString *out, const char *code, const char *message)
{
  g_string_append (out, "{\"errors\":[{\"code\":");
  kg_http_json_string (out, code);
  g_string_append (out, ",\"message\":");
  kg_http_json_string (out, message);
  g_string_append (out, "}]}");
}

void
kg_http_job_error (KgHttpJob *job, guint status, const char *code, const char *message)
{
  job->status = status;
  if (job->out != NULL)
    g_string_truncate (job->out, 0);
  else
    job->out = g_string_new (NULL);
  error_body (job->out, code, message);
}

/* An answer given on the main thread, without a worker. */
static void
answer_error (SoupServerMessage *msg, guint status, const char *code, const char *message)
{
  GString *out = g_string_new (NULL);
  error_body (out, code, message);
  set_json (msg, status, out);
}

/* --- Authentication ------------------------------------------------------------- */

static char *
new_token (void)
{
  guchar raw[32];
  randombytes_buf (raw, sizeof raw);
  return sodium_bin2hex (g_malloc (2 * sizeof raw + 1), 2 * sizeof raw + 1, raw, sizeof raw);
}

static gint64
token_lifetime_us (KgHttpServer *s)
{
  guint idle = s->opts->idle_timeout_s > 0 ? s->opts->idle_timeout_s : 3600;
  return (gint64) idle * G_USEC_PER_SEC;
}

/* The user a page's token stands for, or NULL; a good token lives on. */
static char *
token_user (KgHttpServer *s, const char *token)
{
  char *user = NULL;
  gint64 now = g_get_monotonic_time ();
  g_mutex_lock (&s->lock);
  KgHttpLogin *l = g_hash_table_lookup (s->tokens, token);
  if (l != NULL && l->expires < now)
    {
      g_hash_table_remove (s->tokens, token);
      l = NULL;
    }
  if (l != NULL)
    {
      l->expires = now + token_lifetime_us (s);
      user = g_strdup (l->user);
    }
  g_mutex_unlock (&s->lock);
  return user;
}

static gboolean
is_base64 (const char *s)
{
  gsize n = strlen (s);
  if (n == 0 || n % 4 != 0)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isalnum (s[i]) && s[i] != '+' && s[i] != '/' && !(s[i] == '=' && i >= n - 2))
      return FALSE;
  return TRUE;
}

/* Checks a name and password as Bolt does; a failure costs half a second. */
static gboolean
check_password (KgHttpServer *s, const char *name, const char *password)
{
  if (kg_bolt_users_check (s->users, name, password))
    return TRUE;
  g_usleep (G_USEC_PER_SEC / 2);
  fprintf (stderr, "kgq serve: http: authentication failed for '%s'\n", name);
  return FALSE;
}

gboolean
kg_http_authorize (KgHttpJob *job, char **user)
{
  KgHttpServer *s = job->server;
  if (s->users == NULL)
    {
      *user = g_strdup ("");
      return TRUE;
    }
  const char *a = job->authorization;
  if (a == NULL)
    {
      kg_http_job_error (job, SOUP_STATUS_UNAUTHORIZED, "Neo.ClientError.Security.Unauthorized", "No authentication header supplied.");
      return FALSE;
    }
  if (g_ascii_strncasecmp (a, "Bearer ", 7) == 0)
    {
      *user = token_user (s, a + 7);
      if (*user != NULL)
        return TRUE;
      kg_http_job_error (job, SOUP_STATUS_UNAUTHORIZED, "Neo.ClientError.Security.Unauthorized", "The login has expired or was never valid: log in again.");
      return FALSE;
    }
  if (g_ascii_strncasecmp (a, "Basic ", 6) != 0 || !is_base64 (a + 6))
    {
      kg_http_job_error (job, SOUP_STATUS_UNAUTHORIZED, "Neo.ClientError.Request.InvalidFormat", "Invalid authentication header.");
      return FALSE;
    }
  gsize n = 0;
  g_autofree char *pair = (char *) g_base64_decode (a + 6, &n);
  pair = g_realloc (pair, n + 1);
  pair[n] = '\0';
  char *colon = strchr (pair, ':');
  if (colon == NULL || strlen (pair) != n || !g_utf8_validate (pair, -1, NULL))
    {
      kg_http_job_error (job, SOUP_STATUS_UNAUTHORIZED, "Neo.ClientError.Request.InvalidFormat", "Invalid authentication header.");
      return FALSE;
    }
  *colon = '\0';
  if (!check_password (s, pair, colon + 1))
    {
      kg_http_job_error (job, SOUP_STATUS_UNAUTHORIZED, "Neo.ClientError.Security.Unauthorized", "Invalid username or password.");
      return FALSE;
    }
  *user = g_strdup (pair);
  return TRUE;
}

/* POST /kgq/login {"user": …, "password": …} → {"token": …}: the page's login. */
static void
login_run (KgHttpJob *job)
{
  KgHttpServer *s = job->server;
  g_autoptr (JsonParser) parser = json_parser_new ();
  gsize len = 0;
  const char *data = job->body != NULL ? g_bytes_get_data (job->body, &len) : NULL;
  JsonObject *o = NULL;
  if (data != NULL && json_parser_load_from_data (parser, data, (gssize) len, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    o = json_node_get_object (json_parser_get_root (parser));
  const char *name = o != NULL && json_object_has_member (o, "user") ? json_object_get_string_member_with_default (o, "user", NULL) : NULL;
  const char *password = o != NULL && json_object_has_member (o, "password") ? json_object_get_string_member_with_default (o, "password", NULL) : NULL;
  if (name == NULL || password == NULL)
    {
      kg_http_job_error (job, SOUP_STATUS_BAD_REQUEST, "Neo.ClientError.Request.Invalid", "a login is a JSON object {\"user\": …, \"password\": …}");
      return;
    }
  if (s->users != NULL && !check_password (s, name, password))
    {
      kg_http_job_error (job, SOUP_STATUS_UNAUTHORIZED, "Neo.ClientError.Security.Unauthorized", "Invalid username or password.");
      return;
    }
  KgHttpLogin *l = g_new0 (KgHttpLogin, 1);
  l->user = g_strdup (s->users != NULL ? name : "");
  l->expires = g_get_monotonic_time () + token_lifetime_us (s);
  char *token = new_token ();
  g_mutex_lock (&s->lock);
  g_hash_table_insert (s->tokens, g_strdup (token), l);
  g_mutex_unlock (&s->lock);
  job->status = SOUP_STATUS_OK;
  job->out = g_string_new ("{\"token\":");
  kg_http_json_string (job->out, token);
  g_string_append (job->out, ",\"user\":");
  kg_http_json_string (job->out, l->user);
  g_string_append (job->out, "}");
  sodium_memzero (token, strlen (token));
  g_free (token);
}

/* --- Workers -------------------------------------------------------------------- */

void
kg_http_running_add (KgHttpServer *s, KgHttpJob *job, KgBoltSession *session)
{
  g_mutex_lock (&s->lock);
  g_hash_table_add (s->running, session);
  job->session = session;
  gboolean cancel = s->stopping || job->gone;
  g_mutex_unlock (&s->lock);
  if (cancel)
    kg_bolt_session_cancel (session);
}

void
kg_http_running_remove (KgHttpServer *s, KgHttpJob *job, KgBoltSession *session)
{
  g_mutex_lock (&s->lock);
  g_hash_table_remove (s->running, session);
  job->session = NULL;
  g_mutex_unlock (&s->lock);
}

/* The client's socket became readable or broke while its request runs: at the end of
 * the stream the client is gone, and its statement is cancelled rather than run on
 * for nobody (holding its lock). Bytes of a next request end the watch instead. */
static gboolean
on_client_event (GSocket *socket, GIOCondition cond, gpointer data)
{
  KgHttpJob *job = data;
  gboolean gone = (cond & (G_IO_HUP | G_IO_ERR)) != 0;
  if (!gone)
    {
      char byte;
      gssize n = recv (g_socket_get_fd (socket), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
      gone = n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
      if (n < 0 && !gone)
        return G_SOURCE_CONTINUE;
    }
  if (gone)
    {
      KgHttpServer *s = job->server;
      g_mutex_lock (&s->lock);
      job->gone = TRUE;
      if (job->session != NULL)
        kg_bolt_session_cancel (job->session);
      g_mutex_unlock (&s->lock);
    }
  g_clear_pointer (&job->watch, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
watch_client (KgHttpJob *job)
{
  GSocket *socket = soup_server_message_get_socket (job->msg);
  if (socket == NULL)
    return;
  job->watch = g_socket_create_source (socket, G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
  g_source_set_callback (job->watch, G_SOURCE_FUNC (on_client_event), job, NULL);
  g_source_attach (job->watch, job->server->context);
}

/* A pool thread: one request outside a transaction. */
static void
run_job (gpointer data, gpointer user_data)
{
  KgHttpJob *job = data;
  (void) user_data;
  if (stopping (job->server))
    kg_http_job_error (job, SOUP_STATUS_SERVICE_UNAVAILABLE, "Neo.TransientError.General.DatabaseUnavailable", "the server is stopping");
  else if (job->route == KG_HTTP_LOGIN)
    login_run (job);
  else if (job->route == KG_HTTP_CONFLICTS)
    kg_http_conflicts_run (job);
  else
    kg_http_query_run (job);
  kg_http_job_respond (job);
}

static gboolean
media_is (const char *header, const char *type)
{
  if (header == NULL)
    return FALSE;
  gsize n = strlen (type);
  return g_ascii_strncasecmp (header, type, n) == 0 && (header[n] == '\0' || header[n] == ';' || header[n] == '.' || header[n] == ' ');
}

static KgHttpJob *
job_new (KgHttpServer *s, SoupServerMessage *msg, KgHttpRoute route, const char *base)
{
  SoupMessageHeaders *h = soup_server_message_get_request_headers (msg);
  KgHttpJob *job = g_new0 (KgHttpJob, 1);
  job->server = s;
  job->msg = g_object_ref (msg);
  job->route = route;
  job->authorization = g_strdup (soup_message_headers_get_one (h, "Authorization"));
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  if (body != NULL && body->length > 0)
    job->body = soup_message_body_flatten (body);
  job->typed_in = media_is (soup_message_headers_get_content_type (h, NULL), "application/vnd.neo4j.query");
  const char *accept = soup_message_headers_get_one (h, "Accept");
  job->typed_out = accept != NULL && strstr (accept, "application/vnd.neo4j.query") != NULL;
  job->base = g_strdup (base);
  job->status = SOUP_STATUS_ACCEPTED;
  soup_server_message_pause (msg);
  watch_client (job);
  return job;
}

/* --- The gate ------------------------------------------------------------------- */

static void
security_headers (SoupMessageHeaders *h)
{
  soup_message_headers_replace (h, "X-Content-Type-Options", "nosniff");
  soup_message_headers_replace (h, "Referrer-Policy", "no-referrer");
  soup_message_headers_replace (h, "X-Frame-Options", "DENY");
  soup_message_headers_replace (h, "Cache-Control", "no-store");
  soup_message_headers_replace (h, "Content-Security-Policy",
                                "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                "connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'");
}

/* This server's own origin as a browser names it, from the Host it was asked for. */
static char *
own_origin (SoupServerMessage *msg)
{
  GUri *uri = soup_server_message_get_uri (msg);
  const char *host = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Host");
  return g_strdup_printf ("%s://%s", g_uri_get_scheme (uri), host != NULL ? host : "");
}

static gboolean
origin_allowed (KgHttpServer *s, SoupServerMessage *msg, const char *origin)
{
  if (origin == NULL)
    return TRUE; /* not a cross-origin browser request: curl, drivers, same-origin GET */
  g_autofree char *own = own_origin (msg);
  if (g_ascii_strcasecmp (origin, own) == 0)
    return TRUE;
  return s->opts->http_cors != NULL && strcmp (origin, s->opts->http_cors) == 0;
}

/* Without authentication, only a Host that no DNS name can be rebound to. */
static gboolean
host_allowed (KgHttpServer *s, SoupServerMessage *msg)
{
  if (s->users != NULL)
    return TRUE;
  const char *host = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Host");
  if (host == NULL)
    return TRUE;
  g_autofree char *name = NULL;
  if (host[0] == '[')
    {
      const char *end = strchr (host, ']');
      name = end != NULL ? g_strndup (host + 1, (gsize) (end - host - 1)) : g_strdup (host);
    }
  else
    {
      const char *colon = strchr (host, ':');
      name = colon != NULL ? g_strndup (host, (gsize) (colon - host)) : g_strdup (host);
    }
  return g_ascii_strcasecmp (name, "localhost") == 0 || g_hostname_is_ip_address (name);
}

/* Called when the headers are in, before the body is read: refuses a body too large. */
static void
on_early (SoupServer *soup, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer data)
{
  KgHttpServer *s = data;
  (void) soup;
  (void) path;
  (void) query;
  SoupMessageHeaders *h = soup_server_message_get_request_headers (msg);
  SoupEncoding enc = soup_message_headers_get_encoding (h);
  security_headers (soup_server_message_get_response_headers (msg));
  if (enc == SOUP_ENCODING_CHUNKED || enc == SOUP_ENCODING_EOF)
    {
      answer_error (msg, SOUP_STATUS_LENGTH_REQUIRED, "Neo.ClientError.Request.Invalid", "a request body needs a Content-Length");
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
      return;
    }
  if (enc == SOUP_ENCODING_CONTENT_LENGTH && (gsize) soup_message_headers_get_content_length (h) > s->opts->max_message_size)
    {
      g_autofree char *text = g_strdup_printf ("the request body is larger than %" G_GSIZE_FORMAT " bytes (--max-message-size)", s->opts->max_message_size);
      answer_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "Neo.ClientError.Request.Invalid", text);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
    }
}

/* --- The page and the discovery document ---------------------------------------- */

static void
serve_resource (SoupServerMessage *msg, const char *name, const char *type)
{
  g_autofree char *path = g_strconcat ("/org/kgq/web/", name, NULL);
  GBytes *data = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (data == NULL)
    {
      answer_error (msg, SOUP_STATUS_NOT_FOUND, "Neo.ClientError.Request.Invalid", "no such page");
      return;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Content-Type", type);
  soup_message_body_append_bytes (soup_server_message_get_response_body (msg), data);
  g_bytes_unref (data);
}

static void
serve_discovery (KgHttpServer *s, SoupServerMessage *msg)
{
  g_autofree char *own = own_origin (msg);
  GString *out = g_string_new ("{\"query\":");
  g_autofree char *query = g_strconcat (own, "/db/{databaseName}/query/v2", NULL);
  kg_http_json_string (out, query);
  g_string_append (out, ",\"neo4j_version\":\"5.26.0\",\"neo4j_edition\":\"community\",\"kgq_version\":");
  kg_http_json_string (out, s->opts->version);
  g_string_append_printf (out, ",\"auth\":%s}", s->users != NULL ? "true" : "false");
  set_json (msg, SOUP_STATUS_OK, out);
}

/* --- The saved queries ----------------------------------------------------------- */

#define QUERIES_PATH "/org/kgq/queries/"

/* A saved query's description: its first line when that is a `//` comment. */
static char *
query_description (const char *name)
{
  g_autofree char *path = g_strconcat (QUERIES_PATH, name, NULL);
  g_autoptr (GBytes) data = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  gsize len = 0;
  const char *text = data != NULL ? g_bytes_get_data (data, &len) : NULL;
  if (text == NULL || len < 2 || text[0] != '/' || text[1] != '/')
    return g_strdup ("");
  const char *end = memchr (text, '\n', len);
  g_autofree char *line = g_strndup (text + 2, (gsize) ((end != NULL ? end : text + len) - text - 2));
  return g_strdup (g_strstrip (line));
}

static int
compare_names (const void *a, const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* GET /kgq/queries: {"queries": [{"name", "description"}, …]}, the saved queries of
 * queries/ in name order; GET /kgq/queries/NAME: one, as text. They are part of the
 * program, as the page is, so they are served without authentication. */
static void
serve_queries (SoupServerMessage *msg, const char *rest)
{
  if (rest[0] == '\0')
    {
      g_auto (GStrv) names = g_resources_enumerate_children (QUERIES_PATH, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
      guint n = names != NULL ? g_strv_length (names) : 0;
      if (n > 0)
        qsort (names, n, sizeof (char *), compare_names);
      GString *out = g_string_new ("{\"queries\":[");
      gboolean first = TRUE;
      for (guint i = 0; i < n; i++)
        {
          if (!g_str_has_suffix (names[i], ".cypher"))
            continue;
          g_autofree char *name = g_strndup (names[i], strlen (names[i]) - strlen (".cypher"));
          g_autofree char *description = query_description (names[i]);
          g_string_append (out, first ? "{\"name\":" : ",{\"name\":");
          kg_http_json_string (out, name);
          g_string_append (out, ",\"description\":");
          kg_http_json_string (out, description);
          g_string_append_c (out, '}');
          first = FALSE;
        }
      g_string_append (out, "]}");
      set_json (msg, SOUP_STATUS_OK, out);
      return;
    }
  if (strchr (rest, '/') != NULL)
    {
      answer_error (msg, SOUP_STATUS_NOT_FOUND, "Neo.ClientError.Request.Invalid", "no such saved query");
      return;
    }
  g_autofree char *file = g_strconcat (rest, ".cypher", NULL);
  g_autofree char *path = g_strconcat (QUERIES_PATH, file, NULL);
  GBytes *data = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (data == NULL)
    {
      answer_error (msg, SOUP_STATUS_NOT_FOUND, "Neo.ClientError.Request.Invalid", "no such saved query");
      return;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Content-Type", "text/plain; charset=utf-8");
  soup_message_body_append_bytes (soup_server_message_get_response_body (msg), data);
  g_bytes_unref (data);
}

/* --- Routing -------------------------------------------------------------------- */

static gboolean
body_is_json (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  if (body == NULL || body->length == 0)
    return TRUE;
  const char *type = soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg), NULL);
  return media_is (type, "application/json") || media_is (type, "application/vnd.neo4j.query");
}

static void
dispatch (KgHttpServer *s, SoupServerMessage *msg, KgHttpRoute route, const char *base, const char *tx_id)
{
  KgHttpJob *job = job_new (s, msg, route, base);
  if (tx_id != NULL || route == KG_HTTP_TX_BEGIN)
    kg_http_tx_dispatch (s, job, tx_id);
  else
    g_thread_pool_push (s->pool, job, NULL);
}

/* /db/NAME/query/v2[/tx[/ID[/commit]]] */
static void
route_query (KgHttpServer *s, SoupServerMessage *msg, const char *method, char **parts, guint n)
{
  if (n < 5 || strcmp (parts[3], "query") != 0 || strcmp (parts[4], "v2") != 0 || n > 8 ||
      (n >= 6 && strcmp (parts[5], "tx") != 0) || (n == 8 && strcmp (parts[7], "commit") != 0))
    {
      answer_error (msg, SOUP_STATUS_NOT_FOUND, "Neo.ClientError.Request.Invalid", "no such endpoint (the Query API is POST /db/neo4j/query/v2)");
      return;
    }
  if (strcmp (parts[2], "neo4j") != 0 && strcmp (parts[2], "kgq") != 0)
    {
      g_autofree char *text = g_strdup_printf ("Database does not exist. Database name: '%s' (kgq serves one database, 'neo4j', also called 'kgq').", parts[2]);
      answer_error (msg, SOUP_STATUS_NOT_FOUND, "Neo.ClientError.Database.DatabaseNotFound", text);
      return;
    }
  gboolean post = strcmp (method, "POST") == 0;
  gboolean del = strcmp (method, "DELETE") == 0;
  if (!(post || (del && n == 7)))
    {
      answer_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "Neo.ClientError.Request.Invalid", n == 7 ? "use POST to run a statement in the transaction, DELETE to roll it back" : "use POST");
      return;
    }
  if (!body_is_json (msg))
    {
      answer_error (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "Neo.ClientError.Request.InvalidFormat", "the body must be JSON: Content-Type: application/json or application/vnd.neo4j.query");
      return;
    }
  g_autofree char *base = g_strdup_printf ("/db/%s/query/v2", parts[2]);
  KgHttpRoute route = n == 5 ? KG_HTTP_QUERY : n == 6 ? KG_HTTP_TX_BEGIN
                                           : n == 8   ? KG_HTTP_TX_COMMIT
                                           : del      ? KG_HTTP_TX_ROLLBACK
                                                      : KG_HTTP_TX_RUN;
  dispatch (s, msg, route, base, n >= 7 ? parts[6] : NULL);
}

static void
logout (KgHttpServer *s, SoupServerMessage *msg)
{
  const char *a = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");
  if (a != NULL && g_ascii_strncasecmp (a, "Bearer ", 7) == 0)
    {
      g_mutex_lock (&s->lock);
      g_hash_table_remove (s->tokens, a + 7);
      g_mutex_unlock (&s->lock);
    }
  set_json (msg, SOUP_STATUS_OK, g_string_new ("{}"));
}

static void
on_request (SoupServer *soup, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer data)
{
  KgHttpServer *s = data;
  (void) soup;
  (void) query;
  if (soup_server_message_get_status (msg) != 0)
    return; /* refused by on_early */
  const char *method = soup_server_message_get_method (msg);
  SoupMessageHeaders *req = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *resp = soup_server_message_get_response_headers (msg);
  const char *origin = soup_message_headers_get_one (req, "Origin");
  if (!origin_allowed (s, msg, origin) || !host_allowed (s, msg))
    {
      answer_error (msg, SOUP_STATUS_FORBIDDEN, "Neo.ClientError.Security.Forbidden", "cross-origin requests are refused (kgq serve --http-cors ORIGIN allows one origin)");
      return;
    }
  gboolean cors = origin != NULL && s->opts->http_cors != NULL && strcmp (origin, s->opts->http_cors) == 0;
  if (cors)
    {
      soup_message_headers_replace (resp, "Access-Control-Allow-Origin", s->opts->http_cors);
      soup_message_headers_replace (resp, "Vary", "Origin");
    }
  if (strcmp (method, "OPTIONS") == 0)
    {
      if (cors)
        {
          soup_message_headers_replace (resp, "Access-Control-Allow-Methods", "GET, POST, DELETE");
          soup_message_headers_replace (resp, "Access-Control-Allow-Headers", "Authorization, Content-Type, Accept");
          soup_message_headers_replace (resp, "Access-Control-Max-Age", "600");
        }
      soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
      return;
    }
  gboolean get = strcmp (method, "GET") == 0 || strcmp (method, "HEAD") == 0;
  gboolean post = strcmp (method, "POST") == 0;
  if (get && strcmp (path, "/") == 0)
    {
      const char *accept = soup_message_headers_get_one (req, "Accept");
      if (accept != NULL && strstr (accept, "application/json") != NULL && strstr (accept, "text/html") == NULL)
        serve_discovery (s, msg);
      else
        serve_resource (msg, "index.html", "text/html; charset=utf-8");
      return;
    }
  if (get && strcmp (path, "/app.js") == 0)
    {
      serve_resource (msg, "app.js", "text/javascript; charset=utf-8");
      return;
    }
  if (get && strcmp (path, "/app.css") == 0)
    {
      serve_resource (msg, "app.css", "text/css; charset=utf-8");
      return;
    }
  if (get && strcmp (path, "/kgq/info") == 0)
    {
      serve_discovery (s, msg);
      return;
    }
  if (post && strcmp (path, "/kgq/login") == 0)
    {
      if (!body_is_json (msg) || soup_server_message_get_request_body (msg)->length == 0)
        answer_error (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "Neo.ClientError.Request.InvalidFormat", "a login is a JSON body (Content-Type: application/json)");
      else
        dispatch (s, msg, KG_HTTP_LOGIN, "", NULL);
      return;
    }
  if (post && strcmp (path, "/kgq/logout") == 0)
    {
      logout (s, msg);
      return;
    }
  if (get && (strcmp (path, "/kgq/queries") == 0 || g_str_has_prefix (path, "/kgq/queries/")))
    {
      serve_queries (msg, path[strlen ("/kgq/queries")] == '/' ? path + strlen ("/kgq/queries/") : "");
      return;
    }
  if (get && strcmp (path, "/kgq/conflicts") == 0)
    {
      dispatch (s, msg, KG_HTTP_CONFLICTS, "", NULL);
      return;
    }
  if (g_str_has_prefix (path, "/db/"))
    {
      g_auto (GStrv) parts = g_strsplit (path, "/", 0);
      route_query (s, msg, method, parts, g_strv_length (parts));
      return;
    }
  answer_error (msg, SOUP_STATUS_NOT_FOUND, "Neo.ClientError.Request.Invalid", "no such page");
}

/* --- Life ----------------------------------------------------------------------- */

KgHttpServer *
kg_http_server_new (const KgBoltServerOptions *options, GTlsCertificate *tls, GString *where, GError **error)
{
  KgHttpServer *s = g_new0 (KgHttpServer, 1);
  s->opts = options;
  g_mutex_init (&s->lock);
  g_cond_init (&s->txs_done);
  s->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, login_free);
  s->txs = g_hash_table_new (g_str_hash, g_str_equal);
  s->running = g_hash_table_new (NULL, NULL);
  s->soup = soup_server_new ("server-header", "kgq", "tls-certificate", tls, NULL);
  for (char **l = options->http_listen; l != NULL && *l != NULL; l++)
    {
      GList *addrs = kg_bolt_resolve (*l, KG_HTTP_DEFAULT_PORT, error);
      if (addrs == NULL)
        {
          kg_http_server_free (s);
          return NULL;
        }
      gboolean ok = TRUE;
      for (GList *a = addrs; a != NULL && ok; a = a->next)
        {
          ok = soup_server_listen (s->soup, a->data, tls != NULL ? SOUP_SERVER_LISTEN_HTTPS : 0, error);
          if (!ok)
            g_prefix_error (error, "--http %s: ", *l);
        }
      g_list_free_full (addrs, g_object_unref);
      if (!ok)
        {
          kg_http_server_free (s);
          return NULL;
        }
    }
  GSList *uris = soup_server_get_uris (s->soup);
  for (GSList *u = uris; u != NULL; u = u->next)
    {
      const char *host = g_uri_get_host (u->data);
      gboolean v6 = strchr (host, ':') != NULL;
      g_string_append_printf (where, "%s%s%s%s:%d", where->len ? ", " : "", v6 ? "[" : "", host, v6 ? "]" : "", g_uri_get_port (u->data));
    }
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return s;
}

void
kg_http_server_start (KgHttpServer *s, KgBoltBackend *backend, KgBoltUsers *users)
{
  s->backend = backend;
  s->users = users;
  kg_web_register_resource ();
  kg_queries_register_resource ();
  s->context = g_main_context_ref_thread_default ();
  s->pool = g_thread_pool_new (run_job, s, (gint) s->opts->max_connections, FALSE, NULL);
  soup_server_add_early_handler (s->soup, NULL, on_early, s, NULL);
  soup_server_add_handler (s->soup, NULL, on_request, s, NULL);
}

static void
cancel_each (gpointer key, gpointer value, gpointer data)
{
  (void) value;
  (void) data;
  kg_bolt_session_cancel (key);
}

void
kg_http_server_free (KgHttpServer *s)
{
  if (s == NULL)
    return;
  if (s->soup != NULL)
    soup_server_disconnect (s->soup);
  g_mutex_lock (&s->lock);
  s->stopping = TRUE;
  g_hash_table_foreach (s->running, cancel_each, NULL);
  g_mutex_unlock (&s->lock);
  if (s->pool != NULL)
    g_thread_pool_free (s->pool, FALSE, TRUE);
  kg_http_tx_stop_all (s);
  /* The workers' answers wait on the main context: free them (they go nowhere now). */
  if (s->context != NULL)
    {
      while (g_main_context_iteration (s->context, FALSE))
        ;
      g_main_context_unref (s->context);
      kg_web_unregister_resource ();
      kg_queries_unregister_resource ();
    }
  g_clear_object (&s->soup);
  g_hash_table_unref (s->tokens);
  g_hash_table_unref (s->txs);
  g_hash_table_unref (s->running);
  g_cond_clear (&s->txs_done);
  g_mutex_clear (&s->lock);
  g_free (s);
}
