/* tests/unit/test-graph-large.c — a graph of a million nodes and ten million
 * relationships: bulk build, degrees, iteration, single writes on top, and a snapshot
 * round trip. Timings go to the test log (g_test_message); they are not asserted. */
#include <glib/gstdio.h>

#include "graph/graph.h"

#define N_NODES 1000000u
#define N_EDGES 10000000u

static guint32
mix (guint32 x)
{
  x ^= x >> 16;
  x *= 0x7feb352dU;
  x ^= x >> 15;
  x *= 0x846ca68bU;
  x ^= x >> 16;
  return x;
}

static void
test_large (void)
{
  g_autoptr (KgGraph) g = kg_graph_new ();
  KgSymbol person = kg_graph_intern (g, KG_SYM_LABEL, "Person");
  KgSymbol follows = kg_graph_intern (g, KG_SYM_TYPE, "FOLLOWS");
  KgSymbol likes = kg_graph_intern (g, KG_SYM_TYPE, "LIKES");
  KgSymbol age = kg_graph_intern (g, KG_SYM_KEY, "age");

  gint64 t0 = g_get_monotonic_time ();
  kg_graph_reserve (g, N_NODES, N_EDGES);
  kg_graph_bulk_begin (g);
  for (guint32 i = 0; i < N_NODES; i++)
    {
      KgNodeId n = kg_graph_add_node (g);
      kg_graph_node_add_label (g, n, person);
      KgValue v = kg_value_int (i % 90);
      kg_graph_node_set_prop (g, n, age, &v);
    }
  gint64 t1 = g_get_monotonic_time ();
  guint32 check = 4242, check_out = 0, check_in = 0, check_loops = 0;
  for (guint32 i = 0; i < N_EDGES; i++)
    {
      KgNodeId s = mix (i) % N_NODES, d = mix (i ^ 0x5bd1e995u) % N_NODES;
      KgSymbol t = (i % 10 == 0) ? likes : follows;
      kg_graph_add_edge (g, s, d, t);
      if (s == check)
        check_out++;
      if (d == check)
        check_in++;
      if (s == check && d == check)
        check_loops++;
    }
  gint64 t2 = g_get_monotonic_time ();
  kg_graph_bulk_end (g);
  gint64 t3 = g_get_monotonic_time ();
  g_test_message ("nodes+labels+props %.3f s, append %u edges %.3f s, bulk build %.3f s, memory %.0f MB",
                  (t1 - t0) / 1e6, N_EDGES, (t2 - t1) / 1e6, (t3 - t2) / 1e6,
                  kg_graph_memory_size (g) / 1048576.0);

  g_assert_cmpuint (kg_graph_n_nodes (g), ==, N_NODES);
  g_assert_cmpuint (kg_graph_n_edges (g), ==, N_EDGES);
  g_assert_cmpuint (kg_graph_label_count (g, person), ==, N_NODES);
  g_assert_cmpuint (kg_graph_type_count (g, likes), ==, N_EDGES / 10);
  g_assert_cmpuint (kg_graph_degree (g, check, KG_DIR_OUT, KG_NONE), ==, check_out);
  g_assert_cmpuint (kg_graph_degree (g, check, KG_DIR_IN, KG_NONE), ==, check_in);
  g_assert_cmpuint (kg_graph_degree (g, check, KG_DIR_OUT, follows) + kg_graph_degree (g, check, KG_DIR_OUT, likes), ==, check_out);

  /* Sum of degrees over all nodes, by type: one pass of O(1) lookups. */
  gint64 t4 = g_get_monotonic_time ();
  guint64 sum = 0;
  for (KgNodeId n = 0; n < N_NODES; n++)
    sum += kg_graph_degree (g, n, KG_DIR_OUT, follows);
  g_assert_cmpuint (sum, ==, N_EDGES - N_EDGES / 10);
  /* A full expansion over every row. */
  gint64 t5 = g_get_monotonic_time ();
  guint64 seen = 0, acc = 0;
  for (KgNodeId n = 0; n < N_NODES; n++)
    {
      KgAdjIter it;
      KgEdgeId e;
      KgNodeId o;
      kg_graph_adj_init (g, n, KG_DIR_OUT, follows, &it);
      while (kg_adj_iter_next (&it, &e, &o))
        {
          seen++;
          acc += o;
        }
    }
  gint64 t6 = g_get_monotonic_time ();
  g_assert_cmpuint (seen, ==, N_EDGES - N_EDGES / 10);
  g_test_message ("degree pass %.3f s, expansion of %" G_GUINT64_FORMAT " relationships %.3f s (acc %" G_GUINT64_FORMAT ")",
                  (t5 - t4) / 1e6, seen, (t6 - t5) / 1e6, acc);

  /* Single writes on top of the built rows: 200 000 relationships, then delete half. */
  gint64 t6b = g_get_monotonic_time ();
  kg_graph_txn_begin (g);
  KgEdgeId first_single = kg_graph_edge_bound (g);
  for (guint32 i = 0; i < 200000; i++)
    kg_graph_add_edge (g, mix (i + 77) % N_NODES, mix (i + 99) % N_NODES, follows);
  for (guint32 i = 0; i < 200000; i += 2)
    kg_graph_delete_edge (g, first_single + i);
  kg_graph_txn_commit (g);
  gint64 t6c = g_get_monotonic_time ();
  kg_graph_txn_begin (g); /* a statement boundary: compacts only past a quarter of the rows */
  kg_graph_txn_commit (g);
  gint64 t6d = g_get_monotonic_time ();
  g_test_message ("200000 single adds + 100000 deletes %.3f s, next statement boundary %.3f s",
                  (t6c - t6b) / 1e6, (t6d - t6c) / 1e6);
  g_assert_cmpuint (kg_graph_n_edges (g), ==, N_EDGES + 100000);
  g_assert_cmpuint (kg_graph_type_count (g, follows), ==, N_EDGES - N_EDGES / 10 + 100000);

  /* Writes on top of the built rows. */
  KgNodeId fresh = kg_graph_add_node (g);
  for (int i = 0; i < 1000; i++)
    kg_graph_add_edge (g, fresh, i, follows);
  g_assert_cmpuint (kg_graph_degree (g, fresh, KG_DIR_OUT, follows), ==, 1000);
  g_assert_cmpuint (kg_graph_degree (g, 0, KG_DIR_IN, follows), >=, 1);
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) has_rels = NULL;
  g_assert_false (kg_graph_delete_node (g, check, FALSE, &has_rels));
  g_assert_error (has_rels, KG_GRAPH_ERROR, KG_GRAPH_ERROR_HAS_RELATIONSHIPS);
  guint before = kg_graph_n_edges (g), deg = kg_graph_degree (g, check, KG_DIR_BOTH, KG_NONE);
  g_assert_cmpuint (deg, >=, check_out + check_in - check_loops);
  g_assert_true (kg_graph_delete_node (g, check, TRUE, NULL));
  g_assert_cmpuint (kg_graph_n_edges (g), ==, before - deg);

  /* Snapshot round trip. */
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "kgq-large-test.kgs", NULL);
  gint64 t7 = g_get_monotonic_time ();
  g_assert_true (kg_graph_save (g, path, &error));
  gint64 t8 = g_get_monotonic_time ();
  g_autoptr (KgGraph) h = kg_graph_load (path, &error);
  gint64 t9 = g_get_monotonic_time ();
  g_assert_no_error (error);
  g_test_message ("snapshot save %.3f s, load %.3f s", (t8 - t7) / 1e6, (t9 - t8) / 1e6);
  g_unlink (path);
  g_assert_cmpuint (kg_graph_n_edges (h), ==, kg_graph_n_edges (g));
  g_assert_cmpuint (kg_graph_degree (h, fresh, KG_DIR_OUT, follows), ==, 1000);
  g_assert_cmpint (kg_graph_node_prop (h, 777, age)->u.i, ==, 777 % 90);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/graph-large/million-nodes", test_large);
  return g_test_run ();
}
