/* tests/unit/test-algorithms.c — the native procedure registry and the graph algorithm
 * procedures on small graphs whose answers are known by hand: cycles, paths, cliques,
 * two cliques joined by a bridge, weighted detours. Also checks configuration errors,
 * progress reports, cancellation, the time limit and the memory limit (with the
 * memory charged before it is allocated) on a graph large enough for them to bite. The comparison with networkx on bigger graphs is tests/algorithms/.
 */
#include <math.h>
#include <string.h>

#include "engine/proc-registry.h"
#include "lib/kgq.h"

static void
run_ok (KgqSession *session, const char *query)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KgqResult) r = kgq_session_query (session, query, -1, NULL, NULL, &error);
  g_assert_no_error (error);
  while (kgq_result_next (r, &error))
    ;
  g_assert_no_error (error);
}

/* Runs @query, which returns (name, number), into name → value. */
static GHashTable *
scores (KgqSession *session, const char *query)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KgqResult) r = kgq_session_query (session, query, -1, NULL, NULL, &error);
  g_assert_no_error (error);
  GHashTable *out = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  while (kgq_result_next (r, &error))
    {
      const KgValue *name = kgq_result_value (r, 0);
      const KgValue *v = kgq_result_value (r, 1);
      g_assert_cmpint (name->type, ==, KG_VALUE_STRING);
      double *x = g_new (double, 1);
      g_assert_true (v->type == KG_VALUE_INT || v->type == KG_VALUE_FLOAT);
      *x = v->type == KG_VALUE_INT ? (double) v->u.i : v->u.f;
      g_hash_table_insert (out, g_strdup (name->u.s), x);
    }
  g_assert_no_error (error);
  return out;
}

static double
score_of (GHashTable *t, const char *name)
{
  const double *x = g_hash_table_lookup (t, name);
  g_assert_nonnull (x);
  return *x;
}

#define assert_near(a, b) g_assert_cmpfloat_with_epsilon ((a), (b), 1e-9)

static KgqSession *
graph_session (KgqDb *db, const char *create)
{
  KgqSession *session = kgq_session_new (db);
  run_ok (session, create);
  return session;
}

static void
test_registry (void)
{
  const KgNativeProc *p = kg_native_proc_lookup ("ALGO.PAGERANK");
  g_assert_nonnull (p);
  g_assert_cmpstr (p->name, ==, "algo.pageRank");
  g_assert_cmpuint (kg_native_proc_n_required (p), ==, 0);
  g_autofree char *sig = kg_native_proc_signature (p);
  g_assert_cmpstr (sig, ==, "algo.pageRank(configuration :: MAP = {}) :: (node :: NODE, score :: FLOAT)");
  KgValue def = KG_VALUE_INIT;
  kg_native_proc_default (p, 0, &def);
  g_assert_cmpint (def.type, ==, KG_VALUE_MAP);
  g_assert_cmpuint (def.u.map->len, ==, 0);
  kg_value_clear (&def);
  g_assert_null (kg_native_proc_lookup ("algo.nope"));
  /* The table is in name order, which dbms.procedures() relies on. */
  guint n = 0;
  const KgNativeProc *all = kg_native_procs (&n);
  for (guint i = 1; i < n; i++)
    g_assert_cmpint (strcmp (all[i - 1].name, all[i].name), <, 0);
}

static void
test_pagerank (void)
{
  g_autoptr (KgqDb) db = kgq_db_new ();
  g_autoptr (KgqSession) s = graph_session (db, "CREATE (a:N {name: 'a'})-[:E]->(b:N {name: 'b'})-[:E]->(c:N {name: 'c'})-[:E]->(a)");
  g_autoptr (GHashTable) t = scores (s, "CALL algo.pageRank() YIELD node, score RETURN node.name, score");
  assert_near (score_of (t, "a"), 1.0 / 3);
  assert_near (score_of (t, "b"), 1.0 / 3);
  /* A star of three leaves into a dangling hub, which spreads its rank evenly:
   * x_leaf = (1 - d + d x_hub) / 4 and x_hub = x_leaf + 3 d x_leaf, with 3 x_leaf + x_hub = 1. */
  run_ok (s, "CREATE (h:S {name: 'h'}), (:S {name: 'l1'})-[:E]->(h), (:S {name: 'l2'})-[:E]->(h), (:S {name: 'l3'})-[:E]->(h)");
  g_autoptr (GHashTable) star = scores (s, "CALL algo.pageRank({nodeLabels: 'S', maxIterations: 200, tolerance: 1e-14}) YIELD node, score RETURN node.name, score");
  double d = 0.85;
  double xl = 1 / (4 + 3 * d), xh = xl * (1 + 3 * d);
  g_assert_cmpfloat_with_epsilon (score_of (star, "l1"), xl, 1e-9);
  g_assert_cmpfloat_with_epsilon (score_of (star, "h"), xh, 1e-9);
  /* Personalised from a: nodes a cannot reach score nothing. */
  g_autoptr (GHashTable) pers = scores (
      s, "MATCH (a:N {name: 'a'}) CALL algo.pageRank({sourceNodes: [a], maxIterations: 100}) YIELD node, score RETURN node.name, score");
  g_assert_cmpfloat (score_of (pers, "h"), ==, 0.0);
  g_assert_cmpfloat (score_of (pers, "a"), >, score_of (pers, "b"));
}

static void
test_components (void)
{
  g_autoptr (KgqDb) db = kgq_db_new ();
  g_autoptr (KgqSession) s = graph_session (
      db, "CREATE (a {name: 'a'})-[:E]->(b {name: 'b'})-[:E]->(c {name: 'c'}), (b)-[:E]->(a), (d {name: 'd'})");
  g_autoptr (GHashTable) w = scores (s, "CALL algo.wcc() YIELD node, componentId RETURN node.name, componentId");
  g_autoptr (GHashTable) ids = scores (s, "MATCH (n) RETURN n.name, id(n)");
  g_assert_cmpfloat (score_of (w, "c"), ==, score_of (ids, "a"));
  g_assert_cmpfloat (score_of (w, "d"), ==, score_of (ids, "d"));
  g_autoptr (GHashTable) sc = scores (s, "CALL algo.scc() YIELD node, componentId RETURN node.name, componentId");
  g_assert_cmpfloat (score_of (sc, "b"), ==, score_of (ids, "a"));
  g_assert_cmpfloat (score_of (sc, "c"), ==, score_of (ids, "c"));
}

/* Two 4-cliques joined by one relationship. */
#define BRIDGED                                                                                               \
  "UNWIND range(0, 7) AS i CREATE (:N {name: toString(i), side: i / 4}) WITH 1 AS one "                       \
  "MATCH (a:N), (b:N) WHERE a.side = b.side AND a.name < b.name CREATE (a)-[:E]->(b) WITH DISTINCT 1 AS two " \
  "MATCH (a:N {name: '3'}), (b:N {name: '4'}) CREATE (a)-[:E]->(b)"

static void
test_communities (void)
{
  g_autoptr (KgqDb) db = kgq_db_new ();
  g_autoptr (KgqSession) s = graph_session (db, BRIDGED);
  const char *queries[] = {
    "CALL algo.louvain() YIELD node, communityId RETURN node.name, communityId",
    "CALL algo.leiden() YIELD node, communityId RETURN node.name, communityId",
  };
  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_autoptr (GHashTable) c = scores (s, queries[q]);
      for (int i = 1; i < 8; i++)
        {
          g_autofree char *a = g_strdup_printf ("%d", i);
          g_autofree char *b = g_strdup_printf ("%d", i < 4 ? 0 : 4);
          g_assert_cmpfloat (score_of (c, a), ==, score_of (c, b));
        }
      g_assert_cmpfloat (score_of (c, "0"), !=, score_of (c, "4"));
    }
  g_autoptr (GHashTable) tri = scores (s, "CALL algo.triangleCount() YIELD node, triangleCount RETURN node.name, triangleCount");
  g_assert_cmpfloat (score_of (tri, "0"), ==, 3);
  g_assert_cmpfloat (score_of (tri, "3"), ==, 3);
  g_autoptr (GHashTable) cc = scores (s, "CALL algo.localClusteringCoefficient() YIELD node, localClusteringCoefficient AS c RETURN node.name, c");
  assert_near (score_of (cc, "0"), 1.0);
  assert_near (score_of (cc, "3"), 0.5); /* 3 of the 6 pairs among its 4 neighbours */
  g_autoptr (GHashTable) core = scores (s, "CALL algo.kcore() YIELD node, coreValue RETURN node.name, coreValue");
  g_assert_cmpfloat (score_of (core, "0"), ==, 3);
  g_autoptr (GHashTable) bt = scores (s, "CALL algo.betweenness({orientation: 'UNDIRECTED'}) YIELD node, score RETURN node.name, score");
  assert_near (score_of (bt, "3"), 12.0); /* 3 nodes on one side × 4 on the other */
  assert_near (score_of (bt, "0"), 0.0);
}

/* Nodes without relationships: every node its own community, and no hang in Leiden. */
static void
test_no_relationships (void)
{
  g_autoptr (KgqDb) db = kgq_db_new ();
  g_autoptr (KgqSession) s = graph_session (db, "CREATE ({name: 'a'}), ({name: 'b'})");
  const char *algos[] = { "louvain", "leiden", "labelPropagation", "wcc" };
  for (guint i = 0; i < G_N_ELEMENTS (algos); i++)
    {
      g_autofree char *q = g_strdup_printf ("CALL algo.%s() YIELD node, %s AS c RETURN node.name, c", algos[i],
                                            i < 3 ? "communityId" : "componentId");
      g_autoptr (GHashTable) c = scores (s, q);
      g_assert_cmpfloat (score_of (c, "a"), !=, score_of (c, "b"));
    }
}

static void
test_paths (void)
{
  g_autoptr (KgqDb) db = kgq_db_new ();
  g_autoptr (KgqSession) s = graph_session (db, "CREATE (a {name: 'a'})-[:E {w: 10}]->(c {name: 'c'}), "
                                                "(a)-[:E {w: 2}]->(b {name: 'b'})-[:E {w: 3}]->(c), (c)-[:E {w: 1}]->(d {name: 'd'})");
  g_autoptr (GHashTable) cost = scores (s, "MATCH (a {name: 'a'}) CALL algo.dijkstra({sourceNode: a, relationshipWeightProperty: 'w'}) "
                                           "YIELD targetNode, totalCost RETURN targetNode.name, totalCost");
  assert_near (score_of (cost, "c"), 5.0);
  assert_near (score_of (cost, "d"), 6.0);
  g_autoptr (GHashTable) len = scores (s, "MATCH (a {name: 'a'}), (d {name: 'd'}) "
                                          "CALL algo.dijkstra({sourceNode: a, targetNode: d, relationshipWeightProperty: 'w'}) "
                                          "YIELD targetNode, path RETURN targetNode.name, length(path)");
  g_assert_cmpuint (g_hash_table_size (len), ==, 1);
  g_assert_cmpfloat (score_of (len, "d"), ==, 3);
  g_autoptr (GHashTable) depth = scores (s, "MATCH (a {name: 'a'}) CALL algo.bfs({sourceNode: a, maxDepth: 1}) YIELD node, depth RETURN node.name, depth");
  g_assert_cmpuint (g_hash_table_size (depth), ==, 3);
  g_assert_cmpfloat (score_of (depth, "c"), ==, 1);
  g_autoptr (GHashTable) cl = scores (s, "CALL algo.closeness({orientation: 'UNDIRECTED'}) YIELD node, score RETURN node.name, score");
  assert_near (score_of (cl, "c"), 1.0);       /* one step from everyone */
  assert_near (score_of (cl, "d"), 3.0 / 5.0); /* 1 + 2 + 2 */
  g_autoptr (GHashTable) sim = scores (
      s, "MATCH (a {name: 'a'}) CALL algo.nodeSimilarity() YIELD node1, node2, similarity WITH * WHERE node1 = a RETURN node2.name, similarity");
  assert_near (score_of (sim, "b"), 0.5); /* {b, c} and {c} */
}

static void
assert_fails (KgqSession *s, const char *query, int code, const char *fragment)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KgqResult) r = kgq_session_query (s, query, -1, NULL, NULL, &error);
  if (r)
    while (kgq_result_next (r, &error))
      ;
  g_assert_error (error, KG_QUERY_ERROR, code);
  if (strstr (error->message, fragment) == NULL)
    g_printerr ("%s: %s\n", query, error->message);
  g_assert_nonnull (strstr (error->message, fragment));
  /* Configuration errors point at the call; limits and cancellation stop the whole query. */
  if (code != KG_QUERY_ERROR_LIMIT && code != KG_QUERY_ERROR_CANCELLED)
    g_assert_nonnull (kg_query_error_get_span (error));
}

static void
test_bad_configuration (void)
{
  g_autoptr (KgqDb) db = kgq_db_new ();
  g_autoptr (KgqSession) s = graph_session (db, "CREATE (:P)-[:R {w: 'x'}]->(:P)");
  assert_fails (s, "CALL algo.wcc({nodeLabel: 'P'})", KG_QUERY_ERROR_SEMANTIC, "unknown configuration key `nodeLabel`");
  assert_fails (s, "CALL algo.wcc({nodeLabels: 3})", KG_QUERY_ERROR_TYPE, "must be a string or a list of strings");
  assert_fails (s, "CALL algo.wcc({relationshipTypes: ['Q']})", KG_QUERY_ERROR_SEMANTIC, "no relationship type `Q`");
  assert_fails (s, "CALL algo.wcc({orientation: 'SIDEWAYS'})", KG_QUERY_ERROR_SEMANTIC, "orientation");
  assert_fails (s, "CALL algo.degree({relationshipWeightProperty: 'w'})", KG_QUERY_ERROR_TYPE, "not a number");
  assert_fails (s, "CALL algo.pageRank({maxIterations: 0})", KG_QUERY_ERROR_SEMANTIC, "maxIterations");
  run_ok (s, "MATCH ()-[r]->() SET r.w = 1.0 / 0");
  assert_fails (s, "CALL algo.pageRank({relationshipWeightProperty: 'w'})", KG_QUERY_ERROR_SEMANTIC, "not a finite number");
  assert_fails (s, "CALL algo.wcc(1)", KG_QUERY_ERROR_SEMANTIC, "expects MAP");
  assert_fails (s, "CALL algo.wcc({}, 2)", KG_QUERY_ERROR_SEMANTIC, "takes 0 to 1 arguments");
}

/* A graph on which betweenness takes long enough to be stopped. */
static KgqSession *
large_session (KgqDb *db)
{
  KgqSession *s = graph_session (db, "UNWIND range(0, 2999) AS i CREATE (:N {i: i})");
  run_ok (s, "MATCH (a:N) WITH collect(a) AS ns UNWIND range(0, 29999) AS k "
             "WITH ns[k % 3000] AS a, ns[(k * 7919 + 13) % 3000] AS b CREATE (a)-[:E]->(b)");
  return s;
}

static void
test_limits (void)
{
  g_autoptr (KgqDb) db = kgq_db_new ();
  g_autoptr (KgqSession) s = large_session (db);
  KgqLimits limits = { 0 };
  limits.timeout_ms = 5;
  kgq_session_set_limits (s, &limits);
  assert_fails (s, "CALL algo.betweenness() YIELD node, score RETURN count(*)", KG_QUERY_ERROR_LIMIT, "timed out");
  limits.timeout_ms = 0;
  limits.max_memory = 4096;
  kgq_session_set_limits (s, &limits);
  assert_fails (s, "CALL algo.pageRank() YIELD node, score RETURN count(*)", KG_QUERY_ERROR_LIMIT, "memory limit");
  kgq_session_set_limits (s, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (KgqResult) r = kgq_session_query (s, "CALL algo.betweenness() YIELD node, score RETURN count(*)", -1, NULL, NULL, &error);
  g_assert_no_error (error);
  kgq_session_cancel (s);
  g_assert_false (kgq_result_next (r, &error));
  g_assert_error (error, KG_QUERY_ERROR, KG_QUERY_ERROR_CANCELLED);
  g_clear_pointer (&r, kgq_result_free);
}

/* What the progress callback heard. */
typedef struct
{
  KgqSession *session;
  GPtrArray *phases; /* "task: phase" */
  guint n_ends;      /* reports with task NULL */
  gboolean cancel_at_iteration;
  double last_fraction;
  gboolean fractions_in_range;
} Heard;

static void
on_progress (const char *task, const char *phase, double fraction, gint64 elapsed_us, gpointer data)
{
  Heard *h = data;
  if (task == NULL)
    {
      h->n_ends++;
      return;
    }
  g_assert_cmpint (elapsed_us, >=, 0);
  if (fraction > 1 || (fraction < 0 && fraction != -1))
    h->fractions_in_range = FALSE;
  h->last_fraction = fraction;
  g_ptr_array_add (h->phases, g_strdup_printf ("%s: %s", task, phase ? phase : ""));
  if (h->cancel_at_iteration && phase && g_str_has_prefix (phase, "iteration "))
    kgq_session_cancel (h->session); /* what Ctrl-C does */
}

static gboolean
heard (const Heard *h, const char *fragment)
{
  for (guint i = 0; i < h->phases->len; i++)
    if (strstr (h->phases->pdata[i], fragment))
      return TRUE;
  return FALSE;
}

/* A PageRank that never converges (tolerance 0, no iteration limit to speak of) is
 * stopped mid-iteration by Ctrl-C and by the time limit, promptly, after reporting
 * where it is; the status reports end with a "finished" report. */
static void
test_progress_cancel_timeout (void)
{
  g_autoptr (KgqDb) db = kgq_db_new ();
  g_autoptr (KgqSession) s = large_session (db);
  Heard h = { s, g_ptr_array_new_with_free_func (g_free), 0, TRUE, 0, TRUE };
  kgq_session_set_progress (s, on_progress, &h);
  const char *endless = "CALL algo.pageRank({maxIterations: 1000000000, tolerance: 0}) YIELD node RETURN count(*)";
  assert_fails (s, endless, KG_QUERY_ERROR_CANCELLED, "cancelled");
  g_assert_true (heard (&h, "algo.pageRank: projecting nodes"));
  g_assert_true (heard (&h, "algo.pageRank: iteration "));
  g_assert_true (heard (&h, "of at most 1000000000"));
  g_assert_cmpuint (h.n_ends, ==, 1);
  g_assert_true (h.fractions_in_range);

  /* the time limit stops it mid-iteration too */
  g_ptr_array_set_size (h.phases, 0);
  h.cancel_at_iteration = FALSE;
  KgqLimits limits = { 0 };
  limits.timeout_ms = 400;
  kgq_session_set_limits (s, &limits);
  gint64 t0 = g_get_monotonic_time ();
  assert_fails (s, endless, KG_QUERY_ERROR_LIMIT, "timed out");
  /* promptly: far below what the run would take (forever), generous for a busy machine */
  g_assert_cmpint (g_get_monotonic_time () - t0, <, 20 * G_USEC_PER_SEC);
  g_assert_true (heard (&h, "algo.pageRank: iteration "));
  g_assert_cmpuint (h.n_ends, ==, 2);
  kgq_session_set_limits (s, NULL);

  /* igraph's own reports come through, and a quick run still ends its reports */
  g_ptr_array_set_size (h.phases, 0);
  run_ok (s, "CALL algo.louvain() YIELD node RETURN count(*)");
  g_assert_true (heard (&h, "algo.louvain: projecting nodes"));
  g_assert_cmpuint (h.n_ends, ==, 3);
  kgq_session_set_progress (s, NULL, NULL);
  run_ok (s, "CALL algo.wcc() YIELD node RETURN count(*)");
  g_assert_cmpuint (h.n_ends, ==, 3);
  g_ptr_array_unref (h.phases);
}

/* Memory is refused before it is allocated, each time naming what needed it. */
static void
test_memory_charged_first (void)
{
  g_autoptr (KgqDb) db = kgq_db_new ();
  g_autoptr (KgqSession) s = large_session (db);
  KgqLimits limits = { 0 };
  /* 3000 nodes fit; 30000 relationships at 12 bytes each do not */
  limits.max_memory = 200 * 1000;
  kgq_session_set_limits (s, &limits);
  assert_fails (s, "CALL algo.pageRank() YIELD node RETURN count(*)", KG_QUERY_ERROR_LIMIT,
                "the projection's relationships (up to 30000) needs 360.0 kB, which with what the query holds is more than its memory limit of 200.0 kB (--max-memory)");
  /* the projection fits, igraph's copy of it does not */
  limits.max_memory = 1000 * 1000;
  kgq_session_set_limits (s, &limits);
  assert_fails (s, "CALL algo.louvain() YIELD node RETURN count(*)", KG_QUERY_ERROR_LIMIT, "igraph's copy of the projection needs");
  /* and the same query runs within a limit that holds it */
  limits.max_memory = 64 * 1000 * 1000;
  kgq_session_set_limits (s, &limits);
  run_ok (s, "CALL algo.louvain() YIELD node RETURN count(*)");
  run_ok (s, "CALL algo.pageRank() YIELD node RETURN count(*)");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/algorithms/registry", test_registry);
  g_test_add_func ("/algorithms/pagerank", test_pagerank);
  g_test_add_func ("/algorithms/components", test_components);
  g_test_add_func ("/algorithms/communities-triangles-cores", test_communities);
  g_test_add_func ("/algorithms/paths-closeness-similarity", test_paths);
  g_test_add_func ("/algorithms/no-relationships", test_no_relationships);
  g_test_add_func ("/algorithms/bad-configuration", test_bad_configuration);
  g_test_add_func ("/algorithms/limits", test_limits);
  g_test_add_func ("/algorithms/progress-cancel-timeout", test_progress_cancel_timeout);
  g_test_add_func ("/algorithms/memory-charged-first", test_memory_charged_first);
  return g_test_run ();
}
