/* bench/serve/inprocess.c — the Bolt benchmark's yardstick: the same statements through
 * lib/kgq.h in one process, one session a client thread, on the same graph.
 *
 *   serve-inprocess PERSONS_CSV lookup|create CLIENTS SECONDS
 *
 * Loads PERSONS_CSV as Person nodes (integer ids), then CLIENTS threads each run the
 * statement back to back for SECONDS: `lookup` is MATCH (p:Person {id: $id}) RETURN
 * p.name with a random id; `create` is CREATE (:Bench {client: $c, i: $i}). Prints one
 * line: statements, statements a second, and the 50th and 99th percentile latency.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/kgq.h"

typedef struct
{
  KgqDb *db;
  gboolean create;
  guint client;
  guint64 n_persons;
  gint64 deadline;
  GArray *latencies_ns; /* guint64 */
  char *error;
} Client;

static gpointer
run_client (gpointer data)
{
  Client *c = data;
  g_autoptr (KgqSession) session = kgq_session_new (c->db);
  const char *src = c->create ? "CREATE (:Bench {client: $c, i: $i})" : "MATCH (p:Person {id: $id}) RETURN p.name";
  GRand *rand = g_rand_new_with_seed (c->client + 1);
  KgValue client_value = kg_value_int (c->client);
  kgq_session_set_param (session, "c", &client_value);
  for (gint64 i = 0; g_get_monotonic_time () < c->deadline; i++)
    {
      KgValue v = kg_value_int (c->create ? i : (gint64) g_rand_int_range (rand, 1, (gint32) c->n_persons + 1));
      kgq_session_set_param (session, c->create ? "i" : "id", &v);
      guint64 start = (guint64) g_get_monotonic_time ();
      GError *error = NULL;
      KgqResult *result = kgq_session_query (session, src, -1, NULL, NULL, &error);
      while (result && kgq_result_next (result, &error))
        (void) kgq_result_value (result, 0);
      if (result)
        kgq_result_free (result);
      if (error)
        {
          c->error = g_strdup (error->message);
          g_error_free (error);
          break;
        }
      guint64 ns = ((guint64) g_get_monotonic_time () - start) * 1000;
      g_array_append_val (c->latencies_ns, ns);
    }
  g_rand_free (rand);
  return NULL;
}

static int
compare_u64 (gconstpointer a, gconstpointer b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;
  return x < y ? -1 : x > y;
}

int
main (int argc, char **argv)
{
  if (argc != 5 || (strcmp (argv[2], "lookup") != 0 && strcmp (argv[2], "create") != 0))
    {
      fprintf (stderr, "usage: serve-inprocess PERSONS_CSV lookup|create CLIENTS SECONDS\n");
      return 2;
    }
  guint n_clients = (guint) atoi (argv[3]);
  double seconds = g_ascii_strtod (argv[4], NULL);
  g_autoptr (KgqDb) db = kgq_db_new ();
  g_autofree char *nodes_arg = g_strdup_printf ("Person=%s", argv[1]);
  const char *nodes[] = { nodes_arg, NULL };
  KgqImportOptions options = { .nodes = nodes, .integer_ids = TRUE };
  KgqImportStats stats = { 0 };
  g_autoptr (GError) error = NULL;
  if (!kgq_db_import_csv (db, &options, &stats, &error))
    {
      fprintf (stderr, "serve-inprocess: %s\n", error->message);
      return 1;
    }
  /* the same index the Bolt side's server has after its import */
  {
    g_autoptr (KgqSession) s = kgq_session_new (db);
    KgqResult *r = kgq_session_query (s, "CREATE INDEX IF NOT EXISTS FOR (p:Person) ON (p.id)", -1, NULL, NULL, &error);
    while (r && kgq_result_next (r, &error))
      ; /* a statement runs as its rows are read */
    if (r)
      kgq_result_free (r);
    if (error)
      {
        fprintf (stderr, "serve-inprocess: CREATE INDEX: %s\n", error->message);
        return 1;
      }
  }

  Client *clients = g_new0 (Client, n_clients);
  GThread **threads = g_new0 (GThread *, n_clients);
  gint64 deadline = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);
  for (guint i = 0; i < n_clients; i++)
    {
      clients[i] = (Client){ db, argv[2][0] == 'c', i, stats.nodes, deadline, g_array_new (FALSE, FALSE, sizeof (guint64)), NULL };
      threads[i] = g_thread_new ("client", run_client, &clients[i]);
    }
  GArray *all = g_array_new (FALSE, FALSE, sizeof (guint64));
  int status = 0;
  for (guint i = 0; i < n_clients; i++)
    {
      g_thread_join (threads[i]);
      g_array_append_vals (all, clients[i].latencies_ns->data, clients[i].latencies_ns->len);
      g_array_free (clients[i].latencies_ns, TRUE);
      if (clients[i].error)
        {
          fprintf (stderr, "serve-inprocess: client %u: %s\n", i, clients[i].error);
          g_free (clients[i].error);
          status = 1;
        }
    }
  g_array_sort (all, compare_u64);
  guint n = all->len;
  double p50 = n ? g_array_index (all, guint64, n / 2) / 1000.0 : 0;
  double p99 = n ? g_array_index (all, guint64, MIN (n - 1, (guint) (n * 0.99))) / 1000.0 : 0;
  printf ("in-process %s clients=%u statements=%u per_second=%.0f p50_us=%.1f p99_us=%.1f\n", argv[2], n_clients, n,
          n / seconds, p50, p99);
  g_array_free (all, TRUE);
  g_free (threads);
  g_free (clients);
  kgq_import_stats_clear (&stats);
  return status;
}
