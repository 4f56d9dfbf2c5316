/* tests/fuzz/fuzz-exec.c — libFuzzer target for query execution: parse, bind, plan and
 * run one statement on a small graph, under limits.
 *
 * Each input is one statement run against a fresh session holding a small graph (people
 * in a dense KNOWS clique with a few self loops, cities, properties of every type),
 * with a 200 ms timeout, a row limit, a memory limit and a small hop bound, so no input
 * can hang or exhaust memory. The invariants: an error is a KG_QUERY_ERROR (any other
 * domain is a bug) that renders; a statement that fails leaves the graph exactly as it
 * was; every row value formats. No crash, leak or overflow. Built with -DKG_FUZZ=ON
 * (clang); gcc builds link it with onefile.c and replay the corpus under ctest.
 */
#include <stdint.h>
#include <string.h>

#include <glib.h>

#include "lib/kgq-private.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static const char setup[] =
    "UNWIND range(1, 8) AS i "
    "CREATE (:Person {id: i, name: 'p' + toString(i), age: 20 + i % 5, score: i * 1.5, "
    "tags: ['a', 'b'], ok: i % 2 = 0})";
static const char setup2[] =
    "MATCH (a:Person), (b:Person) WHERE a.id < b.id OR a.id = 1 AND b.id = 1 "
    "CREATE (a)-[:KNOWS {since: a.id + b.id}]->(b)";
static const char setup3[] =
    "CREATE (:City {name: 'Paris'})<-[:LIVES_IN]-(:Person:Athlete {id: 9, name: 'Ann'})"
    "-[:LIVES_IN]->(:City {name: 'LA', zip: null})";

static void
run_setup (KgqSession *session, const char *src)
{
  GError *error = NULL;
  KgqResult *r = kgq_session_query (session, src, -1, NULL, NULL, &error);
  g_assert_no_error (error);
  while (kgq_result_next (r, &error))
    ;
  g_assert_no_error (error);
  kgq_result_free (r);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  if (size > 4096)
    return 0;
  g_autoptr (KgqDb) db = kgq_db_new ();
  g_autoptr (KgqSession) session = kgq_session_new (db);
  run_setup (session, setup);
  run_setup (session, setup2);
  run_setup (session, setup3);
  KgqLimits limits = { .timeout_ms = 200, .max_rows = 2000, .max_memory = 64 << 20, .max_hops = 4 };
  kgq_session_set_limits (session, &limits);

  KgGraph *g = kgq_db_graph (db);
  guint nodes = kg_graph_n_nodes (g), edges = kg_graph_n_edges (g);
  g_autofree char *src = g_strndup ((const char *) data, size);
  GError *error = NULL;
  KgqResult *r = kgq_session_query (session, (const char *) data, (gssize) size, "fuzz.cypher", NULL, &error);
  if (r != NULL)
    {
      g_autoptr (GString) out = g_string_new (NULL);
      guint n = kgq_result_n_columns (r);
      while (kgq_result_next (r, &error))
        for (guint i = 0; i < n; i++)
          {
            g_string_truncate (out, 0);
            kgq_format_value (session, out, kgq_result_value (r, i), TRUE);
          }
      g_debug ("ok");
      kgq_result_free (r);
    }
  if (error != NULL)
    {
      if (error->domain != KG_QUERY_ERROR)
        g_error ("an error outside KG_QUERY_ERROR: %s", error->message);
      g_free (kg_query_error_render (error, src));
      g_debug ("%s", error->message);
      g_assert_cmpuint (kg_graph_n_nodes (g), ==, nodes);
      g_assert_cmpuint (kg_graph_n_edges (g), ==, edges);
      g_error_free (error);
    }
  return 0;
}
