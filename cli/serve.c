/* cli/serve.c — the `kgq serve` and `kgq passwd` commands: their options, reading a
 * password from the terminal or stdin, and handing the loaded database to the Bolt
 * server (server/bolt.h). The protocol, the connections and the password hashing live
 * in server/; this file only turns the command line into KgBoltServerOptions.
 */
#include "cli/cli.h"
#include "server/bolt.h"

#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static char **opt_listen;
static char *opt_users;
static gboolean opt_no_auth;
static char *opt_tls_cert;
static char *opt_tls_key;
static gint opt_max_connections = 64;
static gint64 opt_max_message_size = 16 * 1024 * 1024;
static gint opt_idle_timeout = 600;
static char *opt_lock_timeout;
static char **opt_http;
static char *opt_http_cors;
static gint opt_http_tx_timeout = 30;

static const GOptionEntry serve_entries[] = {
  { "listen", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_listen, "serve: listen on ADDR:PORT (default 127.0.0.1:7687; may be repeated)", "ADDR:PORT" },
  { "users", 0, 0, G_OPTION_ARG_FILENAME, &opt_users, "serve: the password file (written by `kgq passwd`)", "FILE" },
  { "no-auth", 0, 0, G_OPTION_ARG_NONE, &opt_no_auth, "serve: accept clients without credentials (loopback addresses only)", NULL },
  { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &opt_tls_cert, "serve: TLS certificate (PEM); needs --tls-key", "FILE" },
  { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &opt_tls_key, "serve: TLS private key (PEM)", "FILE" },
  { "max-connections", 0, 0, G_OPTION_ARG_INT, &opt_max_connections, "serve: clients served at once (default 64)", "N" },
  { "max-message-size", 0, 0, G_OPTION_ARG_INT64, &opt_max_message_size, "serve: bytes of one client message (default 16 MiB)", "BYTES" },
  { "idle-timeout", 0, 0, G_OPTION_ARG_INT, &opt_idle_timeout, "serve: close a connection silent for SECONDS (default 600; 0 never)", "SECONDS" },
  { "lock-timeout", 0, 0, G_OPTION_ARG_STRING, &opt_lock_timeout, "serve: a write waits at most DURATION for the write lock, then fails with a transient error the drivers retry (default: waits)", "DURATION" },
  { "http", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_http, "serve: the HTTP Query API and the browser page on ADDR:PORT too (port 7474 when left out; may be repeated)", "ADDR:PORT" },
  { "http-cors", 0, 0, G_OPTION_ARG_STRING, &opt_http_cors, "serve: let pages of ORIGIN (e.g. https://example.org) call the HTTP API; by default only kgq's own page may", "ORIGIN" },
  { "http-tx-timeout", 0, 0, G_OPTION_ARG_INT, &opt_http_tx_timeout, "serve: roll back an HTTP transaction left without a request for SECONDS (default 30)", "SECONDS" },
  { NULL },
};

GOptionGroup *
kg_cli_serve_option_group (void)
{
  GOptionGroup *group = g_option_group_new ("serve", "Options of `kgq serve`:", "Show the options of `kgq serve`", NULL, NULL);
  g_option_group_add_entries (group, serve_entries);
  return group;
}

int
kg_cli_serve (KgqDb *db, char **args, guint64 timeout_ms, guint64 max_rows, guint64 max_memory)
{
  if (args[0] != NULL)
    {
      fprintf (stderr, "kgq: 'serve' takes no arguments (use --listen ADDR:PORT)\n");
      return KG_EXIT_USAGE;
    }
  if (opt_max_connections < 1 || opt_max_message_size < 1024 || opt_idle_timeout < 0 || opt_http_tx_timeout < 1)
    {
      fprintf (stderr, "kgq: --max-connections must be at least 1, --max-message-size at least 1024, --idle-timeout not negative, --http-tx-timeout at least 1\n");
      return KG_EXIT_USAGE;
    }
  guint64 lock_timeout_ms = 0;
  if (opt_lock_timeout != NULL && (!kg_cli_parse_duration (opt_lock_timeout, &lock_timeout_ms) || lock_timeout_ms == 0))
    {
      fprintf (stderr, "kgq: --lock-timeout: '%s' is not a positive duration (e.g. 500ms, 10s)\n", opt_lock_timeout);
      return KG_EXIT_USAGE;
    }
  KgBoltServerOptions o;
  kg_bolt_server_options_init (&o);
  o.listen = opt_listen;
  o.users_file = opt_users;
  o.no_auth = opt_no_auth;
  o.tls_cert = opt_tls_cert;
  o.tls_key = opt_tls_key;
  o.max_connections = (guint) opt_max_connections;
  o.max_message_size = (gsize) opt_max_message_size;
  o.idle_timeout_s = (guint) opt_idle_timeout;
  o.limits.timeout_ms = timeout_ms;
  o.limits.max_rows = max_rows;
  o.limits.max_memory = max_memory;
  o.limits.lock_timeout_ms = lock_timeout_ms;
  o.version = KG_VERSION;
  o.http_listen = opt_http;
  o.http_cors = opt_http_cors;
  o.http_tx_timeout_s = (guint) opt_http_tx_timeout;
  g_autoptr (GError) error = NULL;
  if (!kg_bolt_serve (db, &o, &error))
    {
      fprintf (stderr, "kgq serve: %s\n", error->message);
      return KG_EXIT_USAGE;
    }
  return KG_EXIT_OK;
}

/* One line from stdin without its newline; without echo on a terminal. */
static char *
read_password (const char *prompt, gboolean tty)
{
  struct termios saved, quiet;
  if (tty)
    {
      fputs (prompt, stderr);
      fflush (stderr);
      tcgetattr (STDIN_FILENO, &saved);
      quiet = saved;
      quiet.c_lflag &= ~(tcflag_t) ECHO;
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
    }
  char buf[1024];
  char *line = fgets (buf, sizeof buf, stdin);
  if (tty)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
      fputc ('\n', stderr);
    }
  if (line == NULL)
    return NULL;
  buf[strcspn (buf, "\r\n")] = '\0';
  return g_strdup (buf);
}

int
kg_cli_passwd (char **args)
{
  if (args[0] == NULL || args[1] == NULL || args[2] != NULL)
    {
      fprintf (stderr, "kgq: usage: kgq passwd FILE NAME (the password is read from the terminal or stdin)\n");
      return KG_EXIT_USAGE;
    }
  gboolean tty = isatty (STDIN_FILENO);
  g_autofree char *password = read_password ("Password: ", tty);
  if (password == NULL || password[0] == '\0')
    {
      fprintf (stderr, "kgq passwd: no password given\n");
      return KG_EXIT_USAGE;
    }
  if (tty)
    {
      g_autofree char *again = read_password ("Again: ", tty);
      if (again == NULL || strcmp (again, password) != 0)
        {
          fprintf (stderr, "kgq passwd: the passwords differ\n");
          return KG_EXIT_USAGE;
        }
    }
  g_autoptr (GError) error = NULL;
  if (!kg_bolt_passwd_set (args[0], args[1], password, &error))
    {
      fprintf (stderr, "kgq passwd: %s\n", error->message);
      return KG_EXIT_INPUT;
    }
  return KG_EXIT_OK;
}
