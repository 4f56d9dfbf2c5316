/* tests/unit/test-temporal-store.c — times, date-times and durations as properties: a
 * snapshot and the redo records keep them exactly (named zones, offsets, nanoseconds,
 * negative durations), and refuse fields out of range. Parsing and arithmetic are tested through the TCK, not here. */
#include <glib/gstdio.h>

#include "graph/graph.h"
#include "common/print.h"
#include "graph/journal.h"

#define NS G_GINT64_CONSTANT (1000000000)

static KgValue
duration (gint64 months, gint64 days, gint64 seconds, gint64 nanos)
{
  KgTemporal *t = kg_temporal_new (days, nanos, 0, NULL);
  t->months = months;
  t->seconds = seconds;
  return kg_value_temporal (KG_VALUE_DURATION, t);
}

/* One property per kind, with awkward parts: a named zone, a negative offset with
 * seconds, a date before 1970, a negative duration with nanoseconds. */
static void
fill (KgGraph *g, KgNodeId n, KgValue *vals, guint n_vals)
{
  for (guint i = 0; i < n_vals; i++)
    {
      g_autofree char *key = g_strdup_printf ("p%u", i);
      kg_graph_node_set_prop (g, n, kg_graph_intern (g, KG_SYM_KEY, key), &vals[i]);
    }
}

static void
make_values (KgValue vals[6])
{
  vals[0] = kg_value_temporal (KG_VALUE_LOCALTIME, kg_temporal_new (0, 12 * 3600 * NS + 645876123, 0, NULL));
  vals[1] = kg_value_temporal (KG_VALUE_TIME, kg_temporal_new (0, 3600 * NS, -(2 * 3600 + 5 * 60 + 7), NULL));
  vals[2] = kg_value_temporal (KG_VALUE_LOCALDATETIME, kg_temporal_new (-56000, 1, 0, NULL));
  vals[3] = kg_value_temporal (KG_VALUE_DATETIME, kg_temporal_new (16637, 21 * 3600 * NS, 7200, "Europe/Stockholm"));
  vals[4] = kg_value_temporal (KG_VALUE_DATETIME, kg_temporal_new (16637, 0, 3600, NULL));
  vals[5] = duration (-13, 40, -3601, 999999999);
}

static void
check_same (KgGraph *g, KgNodeId n, const KgValue *vals, guint n_vals)
{
  for (guint i = 0; i < n_vals; i++)
    {
      g_autofree char *key = g_strdup_printf ("p%u", i);
      const KgValue *got = kg_graph_node_prop (g, n, kg_graph_intern (g, KG_SYM_KEY, key));
      g_assert_nonnull (got);
      g_assert_cmpint (got->type, ==, vals[i].type);
      g_assert_cmpint (kg_value_equals (got, &vals[i]), ==, KG_TRI_TRUE);
      g_autofree char *a = kg_value_to_literal (got);
      g_autofree char *b = kg_value_to_literal (&vals[i]);
      g_assert_cmpstr (a, ==, b);
    }
}

static void
test_snapshot (void)
{
  KgValue vals[6];
  make_values (vals);
  g_autoptr (KgGraph) g = kg_graph_new ();
  KgNodeId n = kg_graph_add_node (g);
  fill (g, n, vals, G_N_ELEMENTS (vals));

  g_autofree char *dir = g_dir_make_tmp ("kgq-temporal-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "g.kgq", NULL);
  g_assert_true (kg_graph_save (g, path, NULL));
  g_autoptr (GError) error = NULL;
  g_autoptr (KgGraph) back = kg_graph_load (path, &error);
  g_assert_no_error (error);
  check_same (back, n, vals, G_N_ELEMENTS (vals));
  g_unlink (path);
  g_rmdir (dir);
  for (guint i = 0; i < G_N_ELEMENTS (vals); i++)
    kg_value_clear (&vals[i]);
}

static void
test_redo (void)
{
  KgValue vals[6];
  make_values (vals);
  g_autoptr (KgGraph) g = kg_graph_new ();
  KgNodeId n = kg_graph_add_node (g);
  g_autoptr (KgGraph) copy = kg_graph_new ();
  g_assert_cmpuint (kg_graph_add_node (copy), ==, n);
  kg_graph_set_redo (g, TRUE);
  kg_graph_txn_begin (g);
  fill (g, n, vals, G_N_ELEMENTS (vals));
  gsize len = 0;
  const guchar *data = kg_graph_redo_data (g, &len);
  g_assert_cmpuint (len, >, 0);
  kg_graph_txn_commit (g);
  data = kg_graph_redo_data (g, &len);
  g_autoptr (GError) error = NULL;
  g_assert_true (kg_graph_redo_apply (copy, data, len, &error));
  g_assert_no_error (error);
  check_same (copy, n, vals, G_N_ELEMENTS (vals));
  for (guint i = 0; i < G_N_ELEMENTS (vals); i++)
    kg_value_clear (&vals[i]);
}

/* A record whose time of day is past midnight cannot come from kgq: the record is refused. */
static void
test_redo_damaged (void)
{
  g_autoptr (KgGraph) g = kg_graph_new ();
  KgNodeId n = kg_graph_add_node (g);
  g_autoptr (KgGraph) copy = kg_graph_new ();
  kg_graph_add_node (copy);
  kg_graph_set_redo (g, TRUE);
  kg_graph_txn_begin (g);
  KgValue bad = kg_value_temporal (KG_VALUE_LOCALTIME, kg_temporal_new (0, 86400 * NS, 0, NULL));
  kg_graph_node_set_prop (g, n, kg_graph_intern (g, KG_SYM_KEY, "t"), &bad);
  kg_value_clear (&bad);
  kg_graph_txn_commit (g);
  gsize len = 0;
  const guchar *data = kg_graph_redo_data (g, &len);
  g_autoptr (GError) error = NULL;
  g_assert_false (kg_graph_redo_apply (copy, data, len, &error));
  g_assert_nonnull (error);
  g_assert_null (kg_graph_node_prop (copy, n, kg_graph_intern (copy, KG_SYM_KEY, "t")));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/temporal-store/snapshot", test_snapshot);
  g_test_add_func ("/temporal-store/redo", test_redo);
  g_test_add_func ("/temporal-store/redo-damaged", test_redo_damaged);
  return g_test_run ();
}
