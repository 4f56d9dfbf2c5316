/* tests/unit/test-stats.c — the planner's statistics of a graph: label and degree
 * figures against the graph they describe, distinct counts and histograms of sampled
 * properties, range selectivities, and the lazy refresh after writes. */
#include <math.h>

#include "graph/graph.h"
#include "graph/stats.h"

/* N persons with ages 0..99 (each age N/100 times), a gender of two values, a name
 * unique to each; person i follows persons i+1..i+3 (mod N); the first ten also follow
 * every hundredth person. Persons live in one of 5 cities. */
static KgGraph *
social (guint n)
{
  KgGraph *g = kg_graph_new ();
  KgSymbol person = kg_graph_intern (g, KG_SYM_LABEL, "Person");
  KgSymbol city = kg_graph_intern (g, KG_SYM_LABEL, "City");
  KgSymbol follows = kg_graph_intern (g, KG_SYM_TYPE, "Follows");
  KgSymbol lives = kg_graph_intern (g, KG_SYM_TYPE, "LivesIn");
  KgSymbol age = kg_graph_intern (g, KG_SYM_KEY, "age");
  KgSymbol gender = kg_graph_intern (g, KG_SYM_KEY, "gender");
  KgSymbol name = kg_graph_intern (g, KG_SYM_KEY, "name");
  kg_graph_bulk_begin (g);
  for (guint i = 0; i < n; i++)
    {
      KgNodeId p = kg_graph_add_node (g);
      kg_graph_node_add_label (g, p, person);
      KgValue v = kg_value_int (i % 100);
      kg_graph_node_set_prop (g, p, age, &v);
      v = kg_value_string (i % 2 ? "male" : "female");
      kg_graph_node_set_prop (g, p, gender, &v);
      kg_value_clear (&v);
      char buf[32];
      g_snprintf (buf, sizeof buf, "p%u", i);
      v = kg_value_string (buf);
      kg_graph_node_set_prop (g, p, name, &v);
      kg_value_clear (&v);
    }
  for (guint i = 0; i < 5; i++)
    kg_graph_node_add_label (g, kg_graph_add_node (g), city);
  for (guint i = 0; i < n; i++)
    {
      for (guint j = 1; j <= 3; j++)
        kg_graph_add_edge (g, i, (i + j) % n, follows);
      if (i < 10)
        for (guint j = 0; j < n; j += 100)
          kg_graph_add_edge (g, i, j, follows);
      kg_graph_add_edge (g, i, n + i % 5, lives);
    }
  kg_graph_bulk_end (g);
  return g;
}

static void
test_degrees (void)
{
  g_autoptr (KgGraph) g = social (20000);
  KgStats *s = kg_graph_stats (g);
  KgSymbol person = kg_graph_lookup (g, KG_SYM_LABEL, "Person");
  KgSymbol city = kg_graph_lookup (g, KG_SYM_LABEL, "City");
  KgSymbol follows = kg_graph_lookup (g, KG_SYM_TYPE, "Follows");
  KgSymbol lives = kg_graph_lookup (g, KG_SYM_TYPE, "LivesIn");
  const KgDegreeStats *d = kg_stats_degree (s, follows, KG_DIR_OUT);
  g_assert_nonnull (d);
  g_assert_cmpuint (d->rels, ==, 3 * 20000 + 10 * 200);
  g_assert_cmpuint (d->nodes, ==, 20000);
  g_assert_cmpuint (d->max, ==, 3 + 200);
  g_assert_cmpuint (d->p50, ==, 3);
  d = kg_stats_degree (s, lives, KG_DIR_IN);
  g_assert_cmpuint (d->nodes, ==, 5);
  g_assert_cmpuint (d->max, ==, 4000);
  /* a city reached from a resident has 4000 residents; a person followed by someone
   * has more followers than the average person */
  g_assert_cmpfloat_with_epsilon (kg_stats_reached_degree (s, lives, KG_DIR_IN), 4000.0, 1e-9);
  g_assert_cmpfloat (kg_stats_reached_degree (s, follows, KG_DIR_IN), >, (double) (3 * 20000 + 2000) / 20000);
  /* per label: a person lives in one city, a city houses 4000 persons */
  g_assert_cmpfloat_with_epsilon (kg_stats_avg_degree (s, lives, KG_DIR_OUT, person), 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (kg_stats_avg_degree (s, lives, KG_DIR_IN, city), 4000.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (kg_stats_avg_degree (s, lives, KG_DIR_IN, person), 0.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (kg_stats_avg_degree (s, lives, KG_DIR_BOTH, city), 4000.0, 1e-9);
  /* every LivesIn arrives at a city */
  g_assert_cmpfloat_with_epsilon (kg_stats_end_label_share (s, lives, KG_DIR_IN, city), 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (kg_stats_end_label_share (s, lives, KG_DIR_IN, person), 0.0, 1e-9);
  /* all types together */
  d = kg_stats_degree (s, KG_NONE, KG_DIR_OUT);
  g_assert_cmpuint (d->rels, ==, kg_graph_n_edges (g));
  g_assert_null (kg_stats_degree (s, 999, KG_DIR_OUT));
  kg_stats_unref (s);
}

static void
test_properties (void)
{
  g_autoptr (KgGraph) g = social (50000);
  KgStats *s = kg_graph_stats (g);
  KgSymbol person = kg_graph_lookup (g, KG_SYM_LABEL, "Person");
  KgSymbol city = kg_graph_lookup (g, KG_SYM_LABEL, "City");
  KgSymbol age = kg_graph_lookup (g, KG_SYM_KEY, "age");
  KgSymbol gender = kg_graph_lookup (g, KG_SYM_KEY, "gender");
  KgSymbol name = kg_graph_lookup (g, KG_SYM_KEY, "name");
  const KgPropStats *ps = kg_stats_prop (s, person, age);
  g_assert_nonnull (ps);
  g_assert_cmpfloat (fabs (ps->present - 50000), <, 1);
  g_assert_cmpfloat (fabs (ps->distinct - 100), <, 5);
  g_assert_cmpint (ps->min.u.i, ==, 0);
  g_assert_cmpint (ps->max.u.i, ==, 99);
  g_assert_true (ps->ordered);
  g_assert_cmpuint (ps->n_bounds, ==, KG_STATS_BUCKETS + 1);
  /* a sampled unique key is estimated near the population, not the sample */
  ps = kg_stats_prop (s, person, name);
  g_assert_cmpfloat (ps->distinct, >, 25000);
  g_assert_cmpfloat_with_epsilon (kg_stats_eq_selectivity (s, person, gender), 0.5, 0.01);
  g_assert_null (kg_stats_prop (s, city, age));
  /* ages 30..39 are a tenth, 30 and above seven tenths; the bounds work either way */
  KgValue lo = kg_value_int (30), hi = kg_value_int (40);
  double f = kg_stats_range_selectivity (s, person, age, &lo, TRUE, &hi, FALSE);
  g_assert_cmpfloat (fabs (f - 0.10), <, 0.03);
  f = kg_stats_range_selectivity (s, person, age, &lo, TRUE, NULL, FALSE);
  g_assert_cmpfloat (fabs (f - 0.70), <, 0.03);
  f = kg_stats_range_selectivity (s, person, age, NULL, FALSE, &lo, FALSE);
  g_assert_cmpfloat (fabs (f - 0.30), <, 0.03);
  /* out of range: next to nothing; incomparable: the default */
  KgValue big = kg_value_int (1000);
  g_assert_cmpfloat (kg_stats_range_selectivity (s, person, age, &big, FALSE, NULL, FALSE), <, 0.001);
  KgValue str = kg_value_string ("x");
  g_assert_cmpfloat_with_epsilon (kg_stats_range_selectivity (s, person, age, &str, FALSE, NULL, FALSE), 1.0 / 3, 1e-9);
  kg_value_clear (&str);
  kg_stats_unref (s);
}

static void
test_refresh (void)
{
  g_autoptr (KgGraph) g = kg_graph_new ();
  KgSymbol l = kg_graph_intern (g, KG_SYM_LABEL, "L");
  KgStats *s0 = kg_graph_stats (g);
  KgStats *s1 = kg_graph_stats (g);
  g_assert_true (s0 == s1); /* nothing changed: the same build */
  kg_stats_unref (s1);
  kg_graph_node_add_label (g, kg_graph_add_node (g), l);
  s1 = kg_graph_stats (g);
  g_assert_true (s0 != s1); /* a small graph is rebuilt after any change */
  g_assert_cmpuint (kg_stats_version (s1), ==, kg_graph_version (g));
  kg_stats_unref (s0);
  kg_stats_unref (s1);

  /* a large one only after changes worth a share of its size */
  g_autoptr (KgGraph) big = social (20000);
  s0 = kg_graph_stats (big);
  KgNodeId n = kg_graph_add_node (big);
  kg_graph_node_add_label (big, n, kg_graph_lookup (big, KG_SYM_LABEL, "City"));
  s1 = kg_graph_stats (big);
  g_assert_true (s0 == s1);
  kg_stats_unref (s1);
  kg_graph_stats_refresh (big);
  s1 = kg_graph_stats (big);
  g_assert_true (s0 != s1);
  kg_stats_unref (s0);
  kg_stats_unref (s1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/stats/degrees", test_degrees);
  g_test_add_func ("/stats/properties", test_properties);
  g_test_add_func ("/stats/refresh", test_refresh);
  return g_test_run ();
}
