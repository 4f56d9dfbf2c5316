/* server/bolt-server.c — the listener of `kgq serve`: addresses, TLS, the connection
 * table, a clean stop on SIGINT or SIGTERM, and the password file reloaded on SIGHUP.
 *
 * A GThreadedSocketService runs each connection in a pool thread (kg_bolt_conn_serve()
 * in bolt-conn.c); the pool has a few threads more than --max-connections so that a
 * client over the limit is told so at once instead of waiting in the queue. The calling
 * thread runs the main loop that accepts connections and watches for the signals. On a
 * signal it stops accepting, aborts every connection (its statement is cancelled, its
 * transaction ended, its socket shut down) and waits until the table is empty, so that
 * the caller may close the database and its journal right after. The server lock
 * (bolt-private.h) guards the table only.
 */
#include "server/bolt-private.h"

#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

void
kg_bolt_server_options_init (KgBoltServerOptions *options)
{
  *options = (KgBoltServerOptions){
    .max_connections = 64,
    .max_message_size = 16 * 1024 * 1024,
    .idle_timeout_s = 600,
    .version = "0",
    .http_tx_timeout_s = 30,
    .http_max_result = 256 * 1024 * 1024,
  };
}

static void
server_clear (gpointer data)
{
  KgBoltServer *s = data;
  g_hash_table_unref (s->conns);
  g_cond_clear (&s->drained);
  g_mutex_clear (&s->lock);
  kg_bolt_backend_free (s->backend);
  kg_bolt_users_free (s->users);
  g_clear_object (&s->tls);
}

static void
server_release_closure (gpointer data, GClosure *closure)
{
  (void) closure;
  g_atomic_rc_box_release_full (data, server_clear);
}

static gboolean
on_run (GThreadedSocketService *service, GSocketConnection *connection, GObject *source, gpointer data)
{
  (void) service;
  (void) source;
  kg_bolt_conn_serve (data, connection);
  return TRUE;
}

static gboolean
on_signal (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_CONTINUE;
}

/* SIGHUP: the password file read again; a file that does not load changes nothing. */
static gboolean
on_reload (gpointer data)
{
  KgBoltServer *s = data;
  if (s->users == NULL)
    {
      fprintf (stderr, "kgq serve: SIGHUP: no password file to reload (--no-auth)\n");
      return G_SOURCE_CONTINUE;
    }
  g_autoptr (GError) error = NULL;
  guint n = 0;
  if (kg_bolt_users_reload (s->users, &n, &error))
    fprintf (stderr, "kgq serve: reloaded %s: %u user%s\n", kg_bolt_users_path (s->users), n, n == 1 ? "" : "s");
  else
    fprintf (stderr, "kgq serve: the password file did not reload, the old users stay: %s\n", error->message);
  return G_SOURCE_CONTINUE;
}

GList *
kg_bolt_resolve (const char *spec, guint16 default_port, GError **error)
{
  g_autoptr (GSocketConnectable) where = g_network_address_parse (spec, default_port, error);
  if (where == NULL)
    {
      g_prefix_error (error, "--listen %s: ", spec);
      return NULL;
    }
  g_autoptr (GSocketAddressEnumerator) e = g_socket_connectable_enumerate (where);
  GList *out = NULL;
  GError *local = NULL;
  GSocketAddress *a;
  while ((a = g_socket_address_enumerator_next (e, NULL, &local)) != NULL)
    out = g_list_append (out, a);
  if (out == NULL)
    {
      if (local != NULL)
        g_propagate_prefixed_error (error, local, "--listen %s: ", spec);
      else
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "--listen %s: no address", spec);
      return NULL;
    }
  g_clear_error (&local);
  return out;
}

/* Binds every address of @spec; appends what was bound to @where. */
static gboolean
listen_on (GSocketListener *listener, const char *spec, GString *where, gboolean *all_loopback, GError **error)
{
  GList *addrs = kg_bolt_resolve (spec, KG_BOLT_DEFAULT_PORT, error);
  if (addrs == NULL)
    return FALSE;
  gboolean ok = TRUE;
  for (GList *a = addrs; a != NULL && ok; a = a->next)
    {
      GInetAddress *ia = g_inet_socket_address_get_address (a->data);
      *all_loopback &= g_inet_address_get_is_loopback (ia);
      g_autoptr (GSocketAddress) effective = NULL;
      ok = g_socket_listener_add_address (listener, a->data, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                          &effective, error);
      if (!ok)
        {
          g_prefix_error (error, "--listen %s: ", spec);
          break;
        }
      g_autofree char *host = g_inet_address_to_string (ia);
      gboolean v6 = strchr (host, ':') != NULL;
      g_string_append_printf (where, "%s%s%s%s:%u", where->len ? ", " : "", v6 ? "[" : "", host, v6 ? "]" : "",
                              g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective)));
    }
  g_list_free_full (addrs, g_object_unref);
  return ok;
}

/* The users file, or nothing with --no-auth; the TLS certificate when asked for. */
static gboolean
load_security (KgBoltServer *s, gboolean all_loopback, GError **error)
{
  const KgBoltServerOptions *o = s->options;
  if (o->no_auth && !all_loopback)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   "--no-auth is only allowed when every --listen address is a loopback address");
      return FALSE;
    }
  if (!o->no_auth)
    {
      if (o->users_file == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "authentication is on: give --users FILE (written by `kgq passwd FILE NAME`), or --no-auth on a loopback address");
          return FALSE;
        }
      s->users = kg_bolt_users_load (o->users_file, error);
      if (s->users == NULL)
        return FALSE;
    }
  if ((o->tls_cert != NULL) != (o->tls_key != NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "--tls-cert and --tls-key go together");
      return FALSE;
    }
  if (o->tls_cert != NULL)
    {
      if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "TLS needs GLib's TLS backend (Debian: glib-networking)");
          return FALSE;
        }
      s->tls = g_tls_certificate_new_from_files (o->tls_cert, o->tls_key, error);
      if (s->tls == NULL)
        return FALSE;
    }
  return TRUE;
}

static void
abort_each (gpointer key, gpointer value, gpointer data)
{
  (void) value;
  (void) data;
  kg_bolt_conn_abort (key);
}

gboolean
kg_bolt_serve (gpointer db, const KgBoltServerOptions *options, GError **error)
{
  static char *default_listen[] = { "127.0.0.1:7687", NULL };
  char **listen = options->listen != NULL && options->listen[0] != NULL ? options->listen : default_listen;

  KgBoltServer *s = g_atomic_rc_box_new0 (KgBoltServer);
  s->opts = *options;
  s->options = &s->opts;
  g_mutex_init (&s->lock);
  g_cond_init (&s->drained);
  s->conns = g_hash_table_new (NULL, NULL);

  g_autoptr (GSocketService) service = g_threaded_socket_service_new ((int) options->max_connections + 8);
  g_autoptr (GString) where = g_string_new (NULL);
  gboolean all_loopback = TRUE;
  for (char **l = listen; *l != NULL; l++)
    if (!listen_on (G_SOCKET_LISTENER (service), *l, where, &all_loopback, error))
      {
        g_atomic_rc_box_release_full (s, server_clear);
        return FALSE;
      }
  /* The HTTP addresses count for --no-auth's loopback rule; they are bound once the
   * TLS certificate, which HTTP shares, is loaded. */
  for (char **l = s->opts.http_listen; l != NULL && *l != NULL; l++)
    {
      GList *addrs = kg_bolt_resolve (*l, KG_HTTP_DEFAULT_PORT, error);
      if (addrs == NULL)
        {
          g_prefix_error (error, "(--http) ");
          g_atomic_rc_box_release_full (s, server_clear);
          return FALSE;
        }
      for (GList *a = addrs; a != NULL; a = a->next)
        all_loopback &= g_inet_address_get_is_loopback (g_inet_socket_address_get_address (a->data));
      g_list_free_full (addrs, g_object_unref);
    }
  if (!load_security (s, all_loopback, error))
    {
      g_atomic_rc_box_release_full (s, server_clear);
      return FALSE;
    }
  g_autoptr (GString) http_where = g_string_new (NULL);
  KgHttpServer *http = NULL;
  if (s->opts.http_listen != NULL && s->opts.http_listen[0] != NULL)
    {
      http = kg_http_server_new (&s->opts, s->tls, http_where, error);
      if (http == NULL)
        {
          g_atomic_rc_box_release_full (s, server_clear);
          return FALSE;
        }
    }
  s->backend = kg_bolt_backend_new (db, &options->limits);
  if (http != NULL)
    kg_http_server_start (http, s->backend, s->users);

  /* A client gone mid-write must fail the write, not kill the process. */
  signal (SIGPIPE, SIG_IGN);
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  guint sigint = g_unix_signal_add (SIGINT, on_signal, loop);
  guint sigterm = g_unix_signal_add (SIGTERM, on_signal, loop);
  guint sighup = g_unix_signal_add (SIGHUP, on_reload, s);
  g_signal_connect_data (service, "run", G_CALLBACK (on_run), g_atomic_rc_box_acquire (s), server_release_closure, 0);
  g_socket_service_start (service);
  fprintf (stderr, "kgq serve: listening on %s (Bolt 4.4, 5.0-5.8%s%s)\n", where->str, s->tls ? ", TLS" : "",
           s->users ? ", authentication on" : ", no authentication");
  if (http != NULL)
    fprintf (stderr, "kgq serve: HTTP on %s (Query API /db/neo4j/query/v2, the page at /%s)\n", http_where->str,
             s->tls ? ", TLS" : "");
  g_main_loop_run (loop);

  fprintf (stderr, "kgq serve: stopping\n");
  kg_http_server_free (http);
  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
  g_mutex_lock (&s->lock);
  s->stopping = TRUE;
  g_hash_table_foreach (s->conns, abort_each, NULL);
  while (s->n_conns > 0)
    g_cond_wait (&s->drained, &s->lock);
  g_mutex_unlock (&s->lock);
  g_source_remove (sigint);
  g_source_remove (sigterm);
  g_source_remove (sighup);
  /* Nothing touches the database after this: connections still queued are refused. */
  g_atomic_rc_box_release_full (s, server_clear);
  return TRUE;
}
