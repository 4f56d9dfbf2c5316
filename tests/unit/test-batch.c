/* tests/unit/test-batch.c — the batch path gives the row path's answers.
 *
 * Builds graphs whose label has 0, 1, 1023, 1024, 1025 and 2049 nodes (other nodes in
 * between, so the label's bitmap has holes), with a property of mixed types (integers,
 * floats, strings, booleans, absent), runs the same statements with batches and with
 * KgPlanOptions.rows_only, and compares everything they return: rows, in order, and
 * errors. Then the same over random graphs (a few labels and types, parallel
 * relationships, self loops, hubs of more than 1 024 relationships, null and mixed
 * properties) for Expand, ExpandInto, Projection and Aggregation, also on two threads;
 * Projection's value columns with mixed types, nulls and errors at a row. Also checks
 * that EXPLAIN marks the operators that run in batches. Does not measure speed (bench/
 * does).
 */
#include "common/print.h"
#include "engine/engine.h"
#include "graph/graph.h"
#include "graph/stats.h"
#include "parser/parser.h"

#include <glib/gstdio.h>
#include <string.h>

static KgGraph *
make_graph (guint n)
{
  KgGraph *g = kg_graph_new ();
  KgSymbol p = kg_graph_intern (g, KG_SYM_LABEL, "P");
  KgSymbol q = kg_graph_intern (g, KG_SYM_LABEL, "Q");
  KgSymbol v = kg_graph_intern (g, KG_SYM_KEY, "v");
  KgSymbol s = kg_graph_intern (g, KG_SYM_KEY, "s");
  KgSymbol z = kg_graph_intern (g, KG_SYM_KEY, "z");
  KgSymbol f = kg_graph_intern (g, KG_SYM_TYPE, "F");
  GArray *ps = g_array_new (FALSE, FALSE, sizeof (KgNodeId));
  for (guint i = 0; i < n; i++)
    {
      if (i % 3 == 1)
        kg_graph_node_add_label (g, kg_graph_add_node (g), q);
      KgNodeId id = kg_graph_add_node (g);
      g_array_append_val (ps, id);
      kg_graph_node_add_label (g, id, p);
      KgValue x;
      switch (i % 6)
        {
        case 0:
          x = kg_value_int ((gint64) i);
          break;
        case 1:
          x = kg_value_float (i + 0.5);
          break;
        case 2:
          x = kg_value_string (i % 4 == 0 ? "Abc" : "abc");
          break;
        case 3:
          x = kg_value_bool (i % 4 == 1);
          break;
        case 4:
          x = kg_value_int (-(gint64) i);
          break;
        default:
          x = kg_value_null ();
          break;
        }
      kg_graph_node_set_prop (g, id, v, &x);
      kg_value_clear (&x);
      x = i % 5 == 0 ? kg_value_string (i % 2 ? "MALE" : "male") : i % 5 == 1 ? kg_value_string ("female")
                                                                              : kg_value_null ();
      kg_graph_node_set_prop (g, id, s, &x);
      kg_value_clear (&x);
      x = kg_value_int (i == 700 ? 1 : 2);
      kg_graph_node_set_prop (g, id, z, &x);
    }
  for (guint i = 0; i < ps->len; i++)
    {
      KgNodeId a = g_array_index (ps, KgNodeId, i);
      for (guint k = 1; k <= i % 4; k++)
        kg_graph_add_edge (g, a, g_array_index (ps, KgNodeId, (i * 7 + k) % ps->len), f);
    }
  g_array_free (ps, TRUE);
  return g;
}

static void
param_free (gpointer p)
{
  kg_value_clear (p);
  g_free (p);
}

/* Everything @query returns on @g (rows in order, then the error), as text. */
static char *
run_threads (KgGraph *g, const char *query, gboolean rows_only, gboolean explain, guint threads)
{
  GString *out = g_string_new (NULL);
  GError *error = NULL;
  KgAst *ast = kg_parse (query, -1, "q", NULL, &error);
  g_assert_no_error (error);
  GHashTable *params = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, param_free);
  KgValue *x = g_new (KgValue, 1);
  *x = kg_value_int (100);
  g_hash_table_insert (params, "x", x);
  KgPlanOptions options = { 0 };
  options.params = params;
  options.rows_only = rows_only;
  options.threads = threads;
  KgPlan *plan = kg_plan_build (g, ast, &options, &error);
  g_assert_no_error (error);
  if (explain)
    {
      char *text = kg_plan_describe (plan, FALSE);
      g_string_append (out, text);
      g_free (text);
    }
  else
    {
      while (kg_plan_next (plan, &error))
        {
          for (guint c = 0; c < kg_plan_n_columns (plan); c++)
            {
              g_string_append (out, c ? " | " : "");
              kg_value_append_literal (out, kg_plan_value (plan, c));
            }
          g_string_append_c (out, '\n');
        }
      if (error)
        g_string_append_printf (out, "error: %s\n", error->message);
      g_clear_error (&error);
    }
  kg_plan_free (plan);
  g_hash_table_destroy (params);
  return g_string_free (out, FALSE);
}

static char *
run (KgGraph *g, const char *query, gboolean rows_only, gboolean explain)
{
  return run_threads (g, query, rows_only, explain, 1);
}

static const char *const queries[] = {
  "MATCH (p:P) RETURN count(*)",
  "MATCH (n) RETURN count(n)",
  "MATCH (p:P) RETURN p.v",
  "MATCH (p:P) WHERE p.v > 10 RETURN p.v",
  "MATCH (p:$('P')) WHERE p.v > 10 RETURN p.v",
  "MATCH (p:$any(['P', 'Q'])) WHERE p:$('P') RETURN count(*)",
  "MATCH (a:P)-->(b:$('Q')) RETURN count(*)",
  "MATCH (a:P)-[r:$any(['F', 'G'])]->(b:$any(['P'])) RETURN a.v, b.v",
  "MATCH (p:P) WHERE p.v >= 10 AND p.v < 500.5 RETURN count(*)",
  "MATCH (p:P) WHERE p.v = -12345 RETURN p.v",
  "MATCH (p:P) WHERE p.v IS NULL RETURN count(*)",
  "MATCH (p:P) WHERE p.v IS NOT NULL AND NOT (p.v = 6) RETURN p.v",
  "MATCH (p:P) WHERE p.v = 'abc' OR p.v = true RETURN p.v",
  "MATCH (p:P) WHERE p.v XOR p.v = true RETURN p.v",
  "MATCH (p:P) WHERE p.v <> $x RETURN count(*)",
  "MATCH (p:P) WHERE p.v + 1 > 100 RETURN p.v",
  "MATCH (p:P) WHERE p.v * 2 - 1 < 40 AND p.v % 2 = 0 RETURN p.v",
  "MATCH (p:P) WHERE p.v / 2 > 3 RETURN p.v",
  "MATCH (p:P) WHERE lower(p.s) = lower('MALE') RETURN count(*)",
  "MATCH (p:P) WHERE upper(p.s) <> 'FEMALE' RETURN p.s",
  /* string comparisons: first bytes, the same string, the empty string, other types */
  "MATCH (p:P) WHERE p.s = 'male' RETURN count(*)",
  "MATCH (p:P) WHERE p.s <> 'female' RETURN p.s",
  "MATCH (p:P) WHERE p.s < 'male' RETURN p.s",
  "MATCH (p:P) WHERE p.s >= 'MALE' AND p.s <= 'male' RETURN p.s",
  "MATCH (p:P) WHERE p.s > 'mal' RETURN count(*)",
  "MATCH (p:P) WHERE p.s = p.s RETURN count(*)",
  "MATCH (p:P) WHERE p.s > '' RETURN count(*)",
  "MATCH (p:P) WHERE p.v >= 'ab' RETURN p.v",
  "MATCH (p:P) WHERE lower(p.v) = 'abc' RETURN p.v",
  /* string predicates with a constant: strings, other types, null and empty constants */
  "MATCH (p:P) WHERE p.s STARTS WITH 'ma' RETURN count(*)",
  "MATCH (p:P) WHERE p.s STARTS WITH 'fe' OR p.s ENDS WITH 'ale' RETURN p.s",
  "MATCH (p:P) WHERE p.v STARTS WITH 'a' RETURN p.v",
  "MATCH (p:P) WHERE p.v ENDS WITH 'bc' RETURN p.v",
  "MATCH (p:P) WHERE p.v CONTAINS 'b' RETURN p.v",
  "MATCH (p:P) WHERE p.s CONTAINS '' RETURN count(*)",
  "MATCH (p:P) WHERE p.s STARTS WITH '' AND p.s ENDS WITH '' RETURN count(*)",
  "MATCH (p:P) WHERE p.s ENDS WITH 'femalex' RETURN count(*)",
  "MATCH (p:P) WHERE p.s STARTS WITH null RETURN count(*)",
  "MATCH (p:P) WHERE (p.s STARTS WITH 1) IS NULL RETURN count(*)",
  "MATCH (p:P) WHERE NOT p.v STARTS WITH $x RETURN p.v",
  "MATCH (p:P) WHERE size(toString(p.v)) > 2 AND p.v > 3 RETURN p.v",
  "MATCH (p:P) WHERE 10 / (p.z - 1) > 0 RETURN p.v LIMIT 1",
  "MATCH (p:P) WHERE 10 / (p.z - 1) > 0 RETURN p.v",
  "MATCH (p:P) WHERE p.v > 10 RETURN p.v LIMIT 5",
  "MATCH (p:P) WHERE p.v > 3 WITH p WHERE p.z = 2 RETURN count(p)",
  "MATCH (p:P)-[:F]->(o:P) WHERE o.v > 10 RETURN p.v, o.v",
  "MATCH (p:P) OPTIONAL MATCH (o:P) WHERE o.v = p.v AND o.v > 1000 RETURN count(o)",
  "MATCH (a:P), (b:Q) WHERE a.v = 6 RETURN count(*)",
  /* Projection in batches: value columns, read by Filter, Aggregation and the row path */
  "MATCH (p:P) WITH p, p.v AS a WHERE a > 10 RETURN p.v, a",
  "MATCH (p:P) WITH p.v AS a, p.s AS s RETURN s, count(*), collect(a)",
  "MATCH (p:P) WITH p.s AS s, p.z AS z RETURN s, count(*), sum(z)",
  "MATCH (p:P) WITH p.v + 1 AS a RETURN a",
  "MATCH (p:P) WITH p, 10 / (p.z - 1) AS d RETURN p.v, d LIMIT 1",
  "MATCH (p:P) WITH p, 10 / (p.z - 1) AS d RETURN p.v, d",
  "MATCH (p:P) WITH p AS q, p.v AS a WITH q, a WHERE a IS NOT NULL RETURN q.v, a, q.s",
  "MATCH (p:P) WITH {v: p.v} AS m RETURN m.v",
  "MATCH (p:P) WITH p.s AS s WHERE lower(s) = 'male' RETURN count(*)",
  "MATCH (p:P) WITH CASE WHEN p.z = 1 THEN null ELSE p END AS x RETURN x.v, x.z",
  "MATCH (p:P) WITH CASE WHEN p.z = 1 THEN 5 ELSE p END AS x RETURN x.z",
  "MATCH (p:P) WITH p.z * 2 AS a, p RETURN a, count(p)",
  "MATCH (p:P) WITH p.v AS a ORDER BY a DESC WITH a LIMIT 3 RETURN a",
};

static void
test_same_answers (gconstpointer data)
{
  guint n = GPOINTER_TO_UINT (data);
  KgGraph *g = make_graph (n);
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      char *rows = run (g, queries[i], TRUE, FALSE);
      char *batches = run (g, queries[i], FALSE, FALSE);
      if (strcmp (rows, batches) != 0)
        g_error ("%u nodes: %s\n--- rows:\n%s--- batches:\n%s", n, queries[i], rows, batches);
      g_free (rows);
      g_free (batches);
    }
  kg_graph_free (g);
}

/* A random graph: @n nodes labelled P (some also Q), @hubs H nodes that most P nodes
 * follow, relationships F and G with parallel ones and self loops; properties w (an
 * integer or absent), v (mixed types), k on relationships. */
static KgGraph *
make_random_graph (guint32 seed, guint n, guint hubs)
{
  GRand *rand = g_rand_new_with_seed (seed);
  KgGraph *g = kg_graph_new ();
  KgSymbol p = kg_graph_intern (g, KG_SYM_LABEL, "P");
  KgSymbol q = kg_graph_intern (g, KG_SYM_LABEL, "Q");
  KgSymbol h = kg_graph_intern (g, KG_SYM_LABEL, "H");
  KgSymbol w = kg_graph_intern (g, KG_SYM_KEY, "w");
  KgSymbol v = kg_graph_intern (g, KG_SYM_KEY, "v");
  KgSymbol k = kg_graph_intern (g, KG_SYM_KEY, "k");
  KgSymbol f = kg_graph_intern (g, KG_SYM_TYPE, "F");
  KgSymbol t = kg_graph_intern (g, KG_SYM_TYPE, "G");
  KgSymbol hk = kg_graph_intern (g, KG_SYM_TYPE, "K");
  KgNodeId *ids = g_new (KgNodeId, n + hubs);
  for (guint i = 0; i < n + hubs; i++)
    {
      ids[i] = kg_graph_add_node (g);
      kg_graph_node_add_label (g, ids[i], i >= n ? h : p);
      if (i < n && g_rand_int_range (rand, 0, 3) == 0)
        kg_graph_node_add_label (g, ids[i], q);
      KgValue x = g_rand_int_range (rand, 0, 5) == 0 ? kg_value_null () : kg_value_int (g_rand_int_range (rand, -3, 9));
      kg_graph_node_set_prop (g, ids[i], w, &x);
      switch (g_rand_int_range (rand, 0, 4))
        {
        case 0:
          x = kg_value_int (g_rand_int_range (rand, 0, 50));
          break;
        case 1:
          x = kg_value_float (g_rand_double (rand));
          break;
        case 2:
          x = kg_value_string (g_rand_boolean (rand) ? "a" : "b");
          break;
        default:
          x = kg_value_null ();
          break;
        }
      kg_graph_node_set_prop (g, ids[i], v, &x);
      kg_value_clear (&x);
    }
  for (guint i = 0; i < n; i++)
    {
      guint deg = g_rand_int_range (rand, 0, 6);
      for (guint d = 0; d < deg; d++)
        {
          guint j = g_rand_int_range (rand, 0, 8) == 0 ? i : (guint) g_rand_int_range (rand, 0, (gint32) n);
          KgEdgeId e = kg_graph_add_edge (g, ids[i], ids[j], g_rand_boolean (rand) ? f : t);
          KgValue x = kg_value_int (g_rand_int_range (rand, 0, 3));
          kg_graph_edge_set_prop (g, e, k, &x);
          if (g_rand_int_range (rand, 0, 4) == 0)
            kg_graph_add_edge (g, ids[i], ids[j], f); /* a parallel one */
        }
      for (guint x = 0; x < hubs; x++)
        if (g_rand_int_range (rand, 0, 4) != 0)
          kg_graph_add_edge (g, ids[i], ids[n + x], g_rand_boolean (rand) ? f : hk);
    }
  g_free (ids);
  g_rand_free (rand);
  kg_graph_stats_refresh (g); /* as a bulk load does: the planner's estimates */
  return g;
}

static const char *const expand_queries[] = {
  "MATCH (a:P)-[:F]->(b) RETURN a.w, b.w",
  "MATCH (a:P)-[r:F]->(b:Q) RETURN id(r), b.v",
  "MATCH (a:P)-[:F|G]->(b:P) WHERE b.w > 2 RETURN a.w, b.w",
  /* the far node's labels: several, one no node has, one that is not a label yet */
  "MATCH (a:P)-[:F]->(b:P:Q) RETURN a.w, b.w",
  "MATCH (a)-[:F|G]-(b:Q:H:P) RETURN count(*)",
  "MATCH (a:P)-[:F]->(b:Nope) RETURN count(*)",
  "MATCH (a:P)-[:F]->(b:P:Nope) RETURN count(*)",
  "MATCH (a:P)-[r]-(b) RETURN count(r), count(DISTINCT b), sum(b.w), min(b.v), max(b.v), avg(b.w)",
  "MATCH (a:P)-[:F]->(b) RETURN sum(b.v)",
  "MATCH (a:P)-[:F]->(b) WHERE b.w > 100 RETURN count(*), sum(b.w), avg(b.w), min(b.w), collect(b.w)",
  "MATCH (a:P)-[:F]->(b) RETURN b.w AS w, count(*), collect(a.w), sum(a.w), max(a.v)",
  "MATCH (a:P)-[:F]->(b) RETURN b, count(*)",
  "MATCH (a:P)-[:F]->(b) RETURN a.w, b.w, count(*)",
  "MATCH (a:P)-[:F]->(b:P)-[:G]->(c) RETURN c.w, count(*), percentileCont(a.w, 0.5)",
  "MATCH (a:P)-[:F]->(b)-[:F]->(a) RETURN a.w, count(*)",
  "MATCH (a:P)-[r1:F]->(b), (a)-[r2:F]->(b) RETURN count(*), count(DISTINCT r1)",
  "MATCH (a:P)-[r1:F]-(b)-[r2:F]-(c) RETURN count(*)",
  "MATCH (a:P)-[r1]-(b)-[r2]-(a) WHERE a.w > 3 RETURN a.w, b.w",
  "MATCH (a:P)-[:F {k: 1}]->(b:P {w: 2}) RETURN count(*)",
  "MATCH (a:P)-[:F {k: a.w}]->(b) RETURN a.w, count(*)",
  "MATCH (a:P)-[r:F]->(b) WITH a, r MATCH (a)-[r]->(c) RETURN count(*)",
  "MATCH (x:H)<-[:F]-(p) RETURN x.w, count(*), sum(p.w)",
  "MATCH (x:H)<-[:F]-(p) WHERE p.w > 4 RETURN x.w, p.w",
  "MATCH (x:H)<-[:F]-(p)-[:G]->(o) RETURN o.w, count(*)",
  "MATCH (a:P)-[:F]->(b) WHERE 10 / b.w > 2 RETURN count(*)",
  "MATCH (a:P)-[:F]->(b) RETURN count(*) + 1, sum(b.w) * 2",
  "MATCH (a:P)-[:F]->(b) RETURN b.w + 1 AS x, count(*) ORDER BY x",
  "MATCH (a:P)-[:F]->(b) RETURN count(10 / b.w)",
  "MATCH (a:P)-[:F]->(b) RETURN sum(a.w * 1000000000000)",
  "MATCH (a:P) OPTIONAL MATCH (a)-[:G]->(b:Q) RETURN a.w, count(b)",
  "MATCH (a:P)-[:F]->(b) RETURN a.w, b.w LIMIT 1500",
  /* Expand from a row input (a Sort) that fans out: a batch per input row */
  "MATCH (x:H) WITH x ORDER BY id(x) DESC MATCH (x:H)<-[r:K]-(p) RETURN x.w, count(*), sum(p.w), collect(id(r))",
  "MATCH (x:H) WITH x ORDER BY id(x) MATCH (x:H)<-[:K]-(p)-[:F]->(y:H) WHERE p.w > 2 RETURN id(y), count(*)",
  "UNWIND [1, 2, 3] AS k MATCH (x:H)<-[:K]-(p) WHERE p.w = k RETURN k, count(*)",
  /* Projection in batches: id columns passed on, value columns read above */
  "MATCH (a:P)-[:F]->(b) WITH a, b, b.w AS w WHERE w > 2 MATCH (b)-[:G]->(c) RETURN a.w, w, c.w",
  "MATCH (a:P)-[r:F]->(b) WITH r AS rel, b.w AS w RETURN rel.k, w, count(*)",
  "MATCH (a:P)-[:F]->(b) WITH b.w AS w, a RETURN w, count(*), sum(a.w)",
  "MATCH (a:P)-[:F]->(b) WITH coalesce(b.w, 0) AS w, b RETURN w, count(b)",
  "MATCH (a:P)-[:F]->(b) WITH CASE WHEN a.w > 2 THEN a ELSE b END AS x MATCH (x)-[:G]->(y) RETURN x.w, y.w",
  "MATCH (a:P)-[:F]->(b) WITH CASE WHEN a.w > 2 THEN a ELSE b END AS x RETURN x, count(*)",
  "MATCH (a:P)-[:F]->(b) WITH CASE WHEN a.w > 2 THEN a ELSE b END AS x RETURN x.w, count(*)",
  "MATCH (a:P)-[r:F]->(b) WITH a, CASE WHEN b.w > 0 THEN r END AS s MATCH (a)-[t:F]->(c) WHERE t <> s RETURN count(*)",
  "MATCH (a:P)-[r:F]->(b) WITH a, r, b MATCH (a)-[r]->(b)-[:G]->(c) RETURN count(*)",
  "MATCH (a:P)-[:F]->(b) WITH a, b.w AS w WITH a, w, a.w AS x WHERE x < w RETURN x, w, count(*)",
  "MATCH (a:P)-[:F]->(b) WITH a, b, a.w AS w MATCH (b)-[:F]->(a) WHERE w > 0 RETURN w, count(*)",
};

static void
test_expand_same_answers (gconstpointer data)
{
  guint n = GPOINTER_TO_UINT (data);
  for (guint32 seed = 1; seed <= 2; seed++)
    {
      KgGraph *g = make_random_graph (seed * 7919 + n, n, n > 1000 ? 3 : 1);
      for (guint i = 0; i < G_N_ELEMENTS (expand_queries); i++)
        {
          char *rows = run (g, expand_queries[i], TRUE, FALSE);
          char *batches = run (g, expand_queries[i], FALSE, FALSE);
          if (strcmp (rows, batches) != 0)
            g_error ("%u nodes, seed %u: %s\n--- rows:\n%s--- batches:\n%s", n, seed, expand_queries[i], rows, batches);
          g_free (rows);
          g_free (batches);
        }
      kg_graph_free (g);
    }
}

/* Parallel plans with batches give one thread's answers (ordered: groups may come in
 * another order). */
static void
test_parallel_same_answers (void)
{
  static const char *const parallel[] = {
    "MATCH (a:P)-[:F]->(b) RETURN b.w AS w, count(*) AS n, sum(a.w) AS s, min(a.v) AS m ORDER BY w",
    "MATCH (a:P)-[:F]->(b)-[:F]->(a) RETURN count(*), avg(b.w)",
    "MATCH (a:P)-[r1:F]->(b), (a)-[r2:F]->(b) RETURN count(*)",
    "MATCH (p:P)-[:F]->(x:H) RETURN x.w AS w, count(*) AS n, sum(p.w) AS s ORDER BY w, n",
    "MATCH (a:P)-[:F]->(b) WITH b.w AS w, a.w AS x RETURN w, count(*) AS n, sum(x) AS s ORDER BY w",
  };
  KgGraph *g = make_random_graph (42, 6000, 2);
  for (guint i = 0; i < G_N_ELEMENTS (parallel); i++)
    {
      char *rows = run_threads (g, parallel[i], TRUE, FALSE, 1);
      char *batches = run_threads (g, parallel[i], FALSE, FALSE, 2);
      if (strcmp (rows, batches) != 0)
        g_error ("%s\n--- rows:\n%s--- batches, 2 threads:\n%s", parallel[i], rows, batches);
      g_free (rows);
      g_free (batches);
      char *plan = run_threads (g, parallel[i], FALSE, TRUE, 2);
      if (i < 3 && strstr (plan, "Gather") == NULL)
        g_error ("not parallel: %s\n%s", parallel[i], plan);
      g_free (plan);
    }
  kg_graph_free (g);
}

static void
test_explain_marks (void)
{
  KgGraph *g = make_graph (10);
  char *plan = run (g, "MATCH (p:P) WHERE p.v > 1 RETURN p.v", FALSE, TRUE);
  g_assert_nonnull (strstr (plan, "LabelScan (p:P)  [est=10 batch]"));
  g_assert_nonnull (strstr (plan, "batch]"));
  g_free (plan);
  plan = run (g, "MATCH (a:P)-[:F]->(b)-[:F]->(a) RETURN b.v, count(*)", FALSE, TRUE);
  g_assert_nonnull (strstr (plan, "Aggregation keys=[b.v] aggregates=[count(*)]  [est=1 batch]"));
  g_assert_nonnull (strstr (plan, "ExpandInto (b)<-[:F]-(a:P)  [est=1 batch]"));
  g_assert_nonnull (strstr (plan, "Expand (b)-[:F]->(a)  [est=13 batch]"));
  g_free (plan);
  kg_graph_free (g);
  g = make_random_graph (3, 400, 2);
  plan = run (g, "MATCH (x:H) WITH x ORDER BY id(x) MATCH (x:H)<-[:K]-(p) RETURN x.w, sum(p.w)", FALSE, TRUE);
  if (strstr (plan, "Expand (x)<-[:K]-(p)  [est=") == NULL || strstr (plan, "NodeCheck (x:H)  [est=2]") == NULL)
    g_error ("%s", plan);
  if (strstr (plan, "batch]\n    NodeCheck") == NULL)
    g_error ("%s", plan);
  g_free (plan);
  kg_graph_free (g);
  g = make_graph (10);
  plan = run (g, "MATCH (p:P) WITH p, p.v AS a WHERE a > 1 RETURN a", FALSE, TRUE);
  if (strstr (plan, "Filter (a > 1)  [est=") == NULL || strstr (plan, "Projection p, p.v  [est=10 batch]") == NULL)
    g_error ("%s", plan);
  g_free (plan);
  plan = run (g, "MATCH (p:P) WHERE p.v > 1 RETURN p.v", TRUE, TRUE);
  g_assert_null (strstr (plan, "batch"));
  g_free (plan);
  /* a plan that writes runs a row at a time */
  plan = run (g, "MATCH (p:P) WHERE p.v > 1 SET p.w = 1", FALSE, TRUE);
  g_assert_null (strstr (plan, "batch"));
  g_free (plan);
  kg_graph_free (g);
}

/* --- LOAD CSV's batch path ------------------------------------------------------------
 *
 * LOAD CSV ... MATCH (a:Person {id: ...}) ... CREATE at the root of a statement runs in
 * batches of records (kg_op_create_plan_batches); the same statement with rows_only
 * runs a row at a time. Both must leave the same graph and report the same error. */

/* Persons with ids 0..49 (the ids 7 and 8 twice, 9 as a float when @float_key), an
 * index on :Person(id). */
static KgGraph *
csv_graph (gboolean float_key)
{
  KgGraph *g = kg_graph_new ();
  KgSymbol person = kg_graph_intern (g, KG_SYM_LABEL, "Person");
  KgSymbol id = kg_graph_intern (g, KG_SYM_KEY, "id");
  KgSymbol name = kg_graph_intern (g, KG_SYM_KEY, "name");
  for (guint i = 0; i < 52; i++)
    {
      KgNodeId n = kg_graph_add_node (g);
      kg_graph_node_add_label (g, n, person);
      guint k = i < 50 ? i : i - 43;
      KgValue v = float_key && k == 9 ? kg_value_float (9.0) : kg_value_int ((gint64) k);
      kg_graph_node_set_prop (g, n, id, &v);
      char *text = g_strdup_printf ("p%u", i);
      v = kg_value_string (text);
      kg_graph_node_set_prop (g, n, name, &v);
      kg_value_clear (&v);
      g_free (text);
    }
  kg_graph_create_index (g, person, id);
  return g;
}

/* A CSV file of @rows records (src,dst,name) after the header, ids in many spellings;
 * @bad: the record at that line has a field too many or invalid UTF-8. */
static char *
csv_file (const char *dir, guint rows, guint bad, gboolean utf8)
{
  GString *t = g_string_new ("src,dst,name\n");
  for (guint i = 0; i < rows; i++)
    {
      guint line = i + 2;
      if (line == bad)
        {
          g_string_append (t, utf8 ? "1,2,\xff\xfe\n" : "1,2,x,y\n");
          continue;
        }
      const char *forms[] = { "%u", "%u", "%u", "\"%u\"", " %u", "%u.0", "+%u", "", "x%u", "%u", "-%u", "%ue0" };
      guint f = (i * 5) % G_N_ELEMENTS (forms);
      char *src = g_strdup_printf (forms[f], i % 50);
      g_string_append_printf (t, "%s,%u,n%u\n", src, (i * 7) % 53, i);
      g_free (src);
    }
  char *path = g_build_filename (dir, "f.csv", NULL);
  g_assert_true (g_file_set_contents (path, t->str, (gssize) t->len, NULL));
  g_string_free (t, TRUE);
  return path;
}

/* Runs @query over @g with the import directory @dir; returns the error (or "ok") and
 * then every relationship with its ends and properties, in id order. */
static char *
csv_run (KgGraph *g, const char *dir, const char *query, gboolean rows_only, gboolean explain)
{
  GString *out = g_string_new (NULL);
  const char *steps[] = { query, "MATCH (a)-[r]->(b) RETURN a.name, type(r), b.name, properties(r) ORDER BY id(r)" };
  for (guint q = 0; q < 2; q++)
    {
      GError *error = NULL;
      KgAst *ast = kg_parse (steps[q], -1, "q", NULL, &error);
      g_assert_no_error (error);
      KgPlanOptions options = { 0 };
      options.rows_only = rows_only;
      options.import_dir = dir;
      KgPlan *plan = kg_plan_build (g, ast, &options, &error);
      g_assert_no_error (error);
      if (explain && q == 0)
        {
          char *text = kg_plan_describe (plan, FALSE);
          g_string_append (out, text);
          g_free (text);
        }
      else
        while (kg_plan_next (plan, &error))
          {
            for (guint c = 0; c < kg_plan_n_columns (plan); c++)
              {
                g_string_append (out, c ? " | " : "");
                kg_value_append_literal (out, kg_plan_value (plan, c));
              }
            g_string_append_c (out, '\n');
          }
      g_string_append_printf (out, "%s\n", error ? error->message : "ok");
      g_clear_error (&error);
      kg_plan_free (plan);
    }
  return g_string_free (out, FALSE);
}

static const char *const csv_queries[] = {
  /* the simple way: ids off the records, relationships from the seeks' columns */
  "LOAD CSV WITH HEADERS FROM 'file:///f.csv' AS row MATCH (a:Person {id: toInteger(row.src)}), (b:Person {id: "
  "toInteger(row['dst'])}) CREATE (a)-[:F]->(b)",
  "LOAD CSV WITH HEADERS FROM 'file:///f.csv' AS row MATCH (a:Person {id: toFloat(row.src)}) CREATE (a)-[:F]->(a)",
  /* the row's map made for a property, linenumber() */
  "LOAD CSV WITH HEADERS FROM 'file:///f.csv' AS row MATCH (a:Person {id: toInteger(row.src)}), (b:Person {id: "
  "toInteger(row.dst)}) CREATE (a)-[:F {n: row.name, line: linenumber()}]->(b)",
  /* a new node among the relationships, a seek value the records cannot give */
  "LOAD CSV WITH HEADERS FROM 'file:///f.csv' AS row MATCH (a:Person {id: toInteger(row.src) + 1}) CREATE (a)-[:F]->(:N "
  "{name: row.name})",
  /* more checks than the key, a key the header lacks */
  "LOAD CSV WITH HEADERS FROM 'file:///f.csv' AS row MATCH (a:Person {id: toInteger(row.dst), name: 'p' + row.dst}), (b:Person "
  "{id: toInteger(row.nothing)}) CREATE (a)-[:F]->(b)",
  /* lists: the header is a record too */
  "LOAD CSV FROM 'file:///f.csv' AS row MATCH (a:Person {id: toInteger(row[1])}), (b:Person {id: toInteger(row[0])}) CREATE "
  "(b)-[:F {line: linenumber()}]->(a)",
};

static void
test_csv_same (gconstpointer data)
{
  guint rows = GPOINTER_TO_UINT (data);
  char *dir = g_dir_make_tmp ("kgq-batch-XXXXXX", NULL);
  g_assert_nonnull (dir);
  /* no error, then a record with a field too many and one with invalid UTF-8 in the
   * middle and at the end */
  const guint bads[][2] = { { 0, 0 }, { rows / 2 + 2, 0 }, { rows + 1, 1 }, { 3, 1 } };
  for (guint k = 0; k < G_N_ELEMENTS (bads); k++)
    for (guint fk = 0; fk < 2; fk++)
      {
        if (bads[k][0] > rows + 1)
          continue;
        char *path = csv_file (dir, rows, bads[k][0], bads[k][1]);
        for (guint q = 0; q < G_N_ELEMENTS (csv_queries); q++)
          {
            KgGraph *g1 = csv_graph (fk), *g2 = csv_graph (fk);
            char *batch = csv_run (g1, dir, csv_queries[q], FALSE, FALSE);
            char *rows_path = csv_run (g2, dir, csv_queries[q], TRUE, FALSE);
            if (g_strcmp0 (batch, rows_path) != 0)
              g_error ("%u rows, bad line %u, float key %u: %s\nbatches:\n%s\nrows:\n%s", rows, bads[k][0], fk, csv_queries[q], batch,
                       rows_path);
            g_free (batch);
            g_free (rows_path);
            kg_graph_free (g1);
            kg_graph_free (g2);
          }
        g_unlink (path);
        g_free (path);
      }
  g_rmdir (dir);
  g_free (dir);
}

static void
test_csv_explain (void)
{
  char *dir = g_dir_make_tmp ("kgq-batch-XXXXXX", NULL);
  char *path = csv_file (dir, 10, 0, FALSE);
  KgGraph *g = csv_graph (FALSE);
  char *plan = csv_run (g, dir, csv_queries[0], FALSE, TRUE);
  g_assert_nonnull (strstr (plan, "Create nodes=0 relationships=1 streaming  [est=1 batch]"));
  g_assert_nonnull (strstr (plan, "LoadCsv WITH HEADERS  [est=1 batch]"));
  g_free (plan);
  plan = csv_run (g, dir, csv_queries[0], TRUE, TRUE);
  g_assert_null (strstr (plan, "batch"));
  g_free (plan);
  /* a statement that returns rows reads them a row at a time */
  plan = csv_run (g, dir, "LOAD CSV WITH HEADERS FROM 'file:///f.csv' AS row MATCH (a:Person {id: toInteger(row.src)}) CREATE (a)-[r:F]->(a) RETURN r", FALSE, TRUE);
  g_assert_null (strstr (plan, "batch"));
  g_free (plan);
  kg_graph_free (g);
  g_unlink (path);
  g_free (path);
  g_rmdir (dir);
  g_free (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  static const guint sizes[] = { 0, 1, 1023, 1024, 1025, 2049 };
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      char *path = g_strdup_printf ("/batch/same-answers/%u", sizes[i]);
      g_test_add_data_func (path, GUINT_TO_POINTER (sizes[i]), test_same_answers);
      g_free (path);
    }
  static const guint expand_sizes[] = { 1, 40, 700, 2100 };
  for (guint i = 0; i < G_N_ELEMENTS (expand_sizes); i++)
    {
      char *path = g_strdup_printf ("/batch/expand-same-answers/%u", expand_sizes[i]);
      g_test_add_data_func (path, GUINT_TO_POINTER (expand_sizes[i]), test_expand_same_answers);
      g_free (path);
    }
  g_test_add_func ("/batch/parallel-same-answers", test_parallel_same_answers);
  g_test_add_func ("/batch/explain-marks", test_explain_marks);
  static const guint csv_sizes[] = { 1, 2, 1023, 1024, 1025, 2049 };
  for (guint i = 0; i < G_N_ELEMENTS (csv_sizes); i++)
    {
      char *path = g_strdup_printf ("/batch/load-csv-same/%u", csv_sizes[i]);
      g_test_add_data_func (path, GUINT_TO_POINTER (csv_sizes[i]), test_csv_same);
      g_free (path);
    }
  g_test_add_func ("/batch/load-csv-explain", test_csv_explain);
  return g_test_run ();
}
