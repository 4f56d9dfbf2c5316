/* tests/unit/test-graph.c — the store: ids, labels, properties, adjacency, bulk builds,
 * indexes, transactions and snapshots, including the awkward cases (self loops,
 * parallel relationships, deleting a node that still has relationships, setting a
 * property to null, writes after a bulk build). The million-node graph is in
 * test-graph-large.c. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "graph/graph-private.h"
#include "graph/graph.h"

/* --- Helpers ---------------------------------------------------------------------- */

static KgSymbol
label (KgGraph *g, const char *name)
{
  return kg_graph_intern (g, KG_SYM_LABEL, name);
}

static KgSymbol
rtype (KgGraph *g, const char *name)
{
  return kg_graph_intern (g, KG_SYM_TYPE, name);
}

static KgSymbol
key (KgGraph *g, const char *name)
{
  return kg_graph_intern (g, KG_SYM_KEY, name);
}

static void
set_int (KgGraph *g, KgNodeId n, KgSymbol k, gint64 i)
{
  KgValue v = kg_value_int (i);
  kg_graph_node_set_prop (g, n, k, &v);
}

static void
set_str (KgGraph *g, KgNodeId n, KgSymbol k, const char *s)
{
  KgValue v = kg_value_string (s);
  kg_graph_node_set_prop (g, n, k, &v);
  kg_value_clear (&v);
}

/* "e1:o1 e2:o2" for the relationships at @n, in iteration order. */
static char *
adj_str (KgGraph *g, KgNodeId n, KgDirection dir, KgSymbol type)
{
  GString *s = g_string_new (NULL);
  KgAdjIter it;
  KgEdgeId e;
  KgNodeId o;
  kg_graph_adj_init (g, n, dir, type, &it);
  while (kg_adj_iter_next (&it, &e, &o))
    g_string_append_printf (s, "%s%u:%u", s->len ? " " : "", e, o);
  return g_string_free (s, FALSE);
}

static guint
adj_count (KgGraph *g, KgNodeId n, KgDirection dir, KgSymbol type)
{
  KgAdjIter it;
  guint c = 0;
  kg_graph_adj_init (g, n, dir, type, &it);
  while (kg_adj_iter_next (&it, NULL, NULL))
    c++;
  return c;
}

/* Every degree agrees with counting the iteration. */
static void
check_degrees (KgGraph *g)
{
  guint n_types = kg_graph_n_symbols (g, KG_SYM_TYPE);
  for (KgNodeId n = 0; n < kg_graph_node_bound (g); n++)
    {
      if (!kg_graph_node_exists (g, n))
        continue;
      for (int d = 1; d <= 3; d++)
        {
          g_assert_cmpuint (kg_graph_degree (g, n, d, KG_NONE), ==, adj_count (g, n, d, KG_NONE));
          for (KgSymbol t = 0; t < n_types; t++)
            g_assert_cmpuint (kg_graph_degree (g, n, d, t), ==, adj_count (g, n, d, t));
        }
    }
}

/* kg_node_iter_next_batch() reports what kg_node_iter_next() does, whatever the batch
 * size: over dense runs of a label (whole bitmap words), scattered ids, holes left by
 * deletes, and ranges that start and end inside a word. */
static void
check_batches (KgGraph *g, KgSymbol lab, KgNodeId lo, KgNodeId hi)
{
  static const guint sizes[] = { 1, 3, 63, 64, 65, 100, 1024 };
  for (gsize s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      KgNodeIter one, many;
      kg_graph_nodes_init_range (g, lab, lo, hi, &one);
      kg_graph_nodes_init_range (g, lab, lo, hi, &many);
      KgNodeId buf[1024];
      guint got;
      KgNodeId want;
      while ((got = kg_node_iter_next_batch (&many, buf, sizes[s])) > 0)
        {
          g_assert_cmpuint (got, <=, sizes[s]);
          for (guint i = 0; i < got; i++)
            {
              g_assert_true (kg_node_iter_next (&one, &want));
              g_assert_cmpuint (buf[i], ==, want);
            }
        }
      g_assert_false (kg_node_iter_next (&one, &want));
    }
}

static void
test_node_batches (void)
{
  g_autoptr (KgGraph) g = kg_graph_new ();
  KgSymbol dense = label (g, "Dense"), sparse = label (g, "Sparse");
  for (int i = 0; i < 700; i++)
    {
      KgNodeId n = kg_graph_add_node (g);
      if (n >= 10 && n < 600)
        kg_graph_node_add_label (g, n, dense);
      if (n % 37 == 5)
        kg_graph_node_add_label (g, n, sparse);
    }
  g_assert_true (kg_graph_delete_node (g, 300, TRUE, NULL));
  g_assert_true (kg_graph_delete_node (g, 301, TRUE, NULL));
  g_assert_true (kg_graph_delete_node (g, 450, TRUE, NULL));
  static const KgNodeId bounds[][2] = { { 0, G_MAXUINT32 }, { 0, 700 }, { 11, 599 }, { 64, 128 }, { 70, 71 }, { 130, 520 }, { 598, 1000 } };
  for (gsize b = 0; b < G_N_ELEMENTS (bounds); b++)
    {
      check_batches (g, KG_NONE, bounds[b][0], bounds[b][1]);
      check_batches (g, dense, bounds[b][0], bounds[b][1]);
      check_batches (g, sparse, bounds[b][0], bounds[b][1]);
    }
  KgNodeIter it;
  KgNodeId buf[1024];
  kg_graph_nodes_init (g, dense, &it);
  g_assert_cmpuint (kg_node_iter_next_batch (&it, buf, 1024), ==, 587);
  g_assert_cmpuint (buf[0], ==, 10);
  g_assert_cmpuint (buf[586], ==, 599);
}

static char *
nodes_str (KgGraph *g, KgSymbol lab)
{
  GString *s = g_string_new (NULL);
  KgNodeIter it;
  KgNodeId n;
  kg_graph_nodes_init (g, lab, &it);
  while (kg_node_iter_next (&it, &n))
    g_string_append_printf (s, "%s%u", s->len ? " " : "", n);
  return g_string_free (s, FALSE);
}

static char *
lookup_str (KgGraph *g, KgSymbol lab, KgSymbol k, const KgValue *v)
{
  GString *s = g_string_new (NULL);
  KgNodeIter it;
  KgNodeId n;
  kg_graph_index_lookup_init (g, lab, k, v, &it);
  while (kg_node_iter_next (&it, &n))
    g_string_append_printf (s, "%s%u", s->len ? " " : "", n);
  return g_string_free (s, FALSE);
}

static void
append_props (GString *s, KgGraph *g, gboolean edge, guint32 id)
{
  guint n = edge ? kg_graph_edge_n_props (g, id) : kg_graph_node_n_props (g, id);
  g_string_append_c (s, '{');
  for (guint i = 0; i < n; i++)
    {
      KgSymbol k;
      const KgValue *v = edge ? kg_graph_edge_prop_at (g, id, i, &k) : kg_graph_node_prop_at (g, id, i, &k);
      g_assert_nonnull (v);
      g_string_append_printf (s, "%s%s:", i ? "," : "", kg_graph_symbol_name (g, KG_SYM_KEY, k));
      kg_value_append_literal (s, v);
    }
  g_string_append_c (s, '}');
}

/* A full text dump of the observable state, to compare graphs. */
static char *
dump (KgGraph *g)
{
  GString *s = g_string_new (NULL);
  g_string_append_printf (s, "nodes %u/%u edges %u/%u\n", kg_graph_n_nodes (g), kg_graph_node_bound (g),
                          kg_graph_n_edges (g), kg_graph_edge_bound (g));
  for (KgNodeId n = 0; n < kg_graph_node_bound (g); n++)
    {
      if (!kg_graph_node_exists (g, n))
        continue;
      guint nl;
      const KgSymbol *ls = kg_graph_node_labels (g, n, &nl);
      g_string_append_printf (s, "(%u", n);
      for (guint i = 0; i < nl; i++)
        g_string_append_printf (s, ":%s", kg_graph_symbol_name (g, KG_SYM_LABEL, ls[i]));
      g_string_append_c (s, ' ');
      append_props (s, g, FALSE, n);
      g_autofree char *out = adj_str (g, n, KG_DIR_OUT, KG_NONE);
      g_autofree char *in = adj_str (g, n, KG_DIR_IN, KG_NONE);
      g_string_append_printf (s, ") out[%s] in[%s] deg %u/%u/%u\n", out, in, kg_graph_degree (g, n, KG_DIR_OUT, KG_NONE),
                              kg_graph_degree (g, n, KG_DIR_IN, KG_NONE), kg_graph_degree (g, n, KG_DIR_BOTH, KG_NONE));
    }
  for (KgEdgeId e = 0; e < kg_graph_edge_bound (g); e++)
    {
      if (!kg_graph_edge_exists (g, e))
        continue;
      g_string_append_printf (s, "[%u %u-%s->%u ", e, kg_graph_edge_src (g, e),
                              kg_graph_symbol_name (g, KG_SYM_TYPE, kg_graph_edge_type (g, e)), kg_graph_edge_dst (g, e));
      append_props (s, g, TRUE, e);
      g_string_append (s, "]\n");
    }
  for (KgSymbol l = 0; l < kg_graph_n_symbols (g, KG_SYM_LABEL); l++)
    {
      g_autofree char *ns = nodes_str (g, l);
      g_string_append_printf (s, "label %s: %u [%s]\n", kg_graph_symbol_name (g, KG_SYM_LABEL, l), kg_graph_label_count (g, l), ns);
    }
  for (KgSymbol t = 0; t < kg_graph_n_symbols (g, KG_SYM_TYPE); t++)
    g_string_append_printf (s, "type %s: %u\n", kg_graph_symbol_name (g, KG_SYM_TYPE, t), kg_graph_type_count (g, t));
  return g_string_free (s, FALSE);
}

/* --- Tests ------------------------------------------------------------------------ */

static void
test_symbols (void)
{
  g_autoptr (KgGraph) g = kg_graph_new ();
  g_assert_cmpuint (kg_graph_lookup (g, KG_SYM_LABEL, "Person"), ==, KG_NONE);
  KgSymbol p = label (g, "Person");
  KgSymbol c = label (g, "City");
  g_assert_cmpuint (p, ==, 0);
  g_assert_cmpuint (c, ==, 1);
  g_assert_cmpuint (label (g, "Person"), ==, p);
  /* Kinds are separate name spaces. */
  g_assert_cmpuint (rtype (g, "Person"), ==, 0);
  g_assert_cmpuint (kg_graph_lookup (g, KG_SYM_LABEL, "City"), ==, c);
  g_assert_cmpstr (kg_graph_symbol_name (g, KG_SYM_LABEL, c), ==, "City");
  g_assert_cmpuint (kg_graph_n_symbols (g, KG_SYM_LABEL), ==, 2);
  g_assert_cmpuint (kg_graph_n_symbols (g, KG_SYM_TYPE), ==, 1);
  g_assert_cmpuint (kg_graph_n_symbols (g, KG_SYM_KEY), ==, 0);
}

static void
test_nodes_and_labels (void)
{
  g_autoptr (KgGraph) g = kg_graph_new ();
  KgSymbol person = label (g, "Person"), actor = label (g, "Actor"), city = label (g, "City");
  guint64 v0 = kg_graph_version (g);
  KgNodeId a = kg_graph_add_node (g), b = kg_graph_add_node (g), c = kg_graph_add_node (g);
  g_assert_cmpuint (kg_graph_version (g), >, v0);
  g_assert_cmpuint (a, ==, 0);
  g_assert_cmpuint (c, ==, 2);
  g_assert_cmpuint (kg_graph_n_nodes (g), ==, 3);
  g_assert_cmpuint (kg_graph_node_bound (g), ==, 3);
  g_assert_true (kg_graph_node_exists (g, b));
  g_assert_false (kg_graph_node_exists (g, 3));

  g_assert_true (kg_graph_node_add_label (g, a, person));
  g_assert_false (kg_graph_node_add_label (g, a, person));
  g_assert_true (kg_graph_node_add_label (g, a, actor));
  g_assert_true (kg_graph_node_add_label (g, a, city));
  g_assert_true (kg_graph_node_add_label (g, c, person));
  guint n;
  const KgSymbol *ls = kg_graph_node_labels (g, a, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpuint (ls[0], ==, person);
  g_assert_cmpuint (ls[1], ==, actor);
  g_assert_cmpuint (ls[2], ==, city);
  g_assert_true (kg_graph_node_has_label (g, a, actor));
  g_assert_false (kg_graph_node_has_label (g, b, actor));
  g_assert_cmpuint (kg_graph_label_count (g, person), ==, 2);
  g_autofree char *people = nodes_str (g, person);
  g_assert_cmpstr (people, ==, "0 2");

  g_assert_true (kg_graph_node_remove_label (g, a, actor));
  g_assert_false (kg_graph_node_remove_label (g, a, actor));
  ls = kg_graph_node_labels (g, a, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (ls[0], ==, person);
  g_assert_cmpuint (ls[1], ==, city);
  g_assert_cmpuint (kg_graph_label_count (g, actor), ==, 0);
  g_autofree char *actors = nodes_str (g, actor);
  g_assert_cmpstr (actors, ==, "");
  g_autofree char *all = nodes_str (g, KG_NONE);
  g_assert_cmpstr (all, ==, "0 1 2");

  /* Deletion keeps ids stable and never reuses them. */
  g_assert_true (kg_graph_delete_node (g, b, FALSE, NULL));
  g_assert_false (kg_graph_node_exists (g, b));
  g_assert_cmpuint (kg_graph_n_nodes (g), ==, 2);
  KgNodeId d = kg_graph_add_node (g);
  g_assert_cmpuint (d, ==, 3);
  g_autofree char *all2 = nodes_str (g, KG_NONE);
  g_assert_cmpstr (all2, ==, "0 2 3");
  g_autoptr (GError) error = NULL;
  g_assert_false (kg_graph_delete_node (g, b, FALSE, &error));
  g_assert_error (error, KG_GRAPH_ERROR, KG_GRAPH_ERROR_NOT_FOUND);

  /* Deleting a labelled node takes it out of the label index. */
  g_assert_true (kg_graph_delete_node (g, a, FALSE, NULL));
  g_assert_cmpuint (kg_graph_label_count (g, person), ==, 1);
  g_assert_cmpuint (kg_graph_label_count (g, city), ==, 0);
  kg_graph_node_labels (g, a, &n);
  g_assert_cmpuint (n, ==, 0);
}

static void
test_many_labels (void)
{
  g_autoptr (KgGraph) g = kg_graph_new ();
  KgNodeId a = kg_graph_add_node (g);
  char name[16];
  for (int i = 0; i < 20; i++)
    {
      g_snprintf (name, sizeof name, "L%d", i);
      g_assert_true (kg_graph_node_add_label (g, a, label (g, name)));
    }
  for (int i = 0; i < 20; i += 2)
    {
      g_snprintf (name, sizeof name, "L%d", i);
      g_assert_true (kg_graph_node_remove_label (g, a, label (g, name)));
    }
  guint n;
  const KgSymbol *ls = kg_graph_node_labels (g, a, &n);
  g_assert_cmpuint (n, ==, 10);
  for (guint i = 0; i < n; i++)
    g_assert_cmpuint (ls[i], ==, 2 * i + 1);
}

static void
test_properties (void)
{
  g_autoptr (KgGraph) g = kg_graph_new ();
  KgSymbol name = key (g, "name"), age = key (g, "age"), tags = key (g, "tags");
  KgSymbol born = key (g, "born"), meta = key (g, "meta"), score = key (g, "score");
  KgNodeId a = kg_graph_add_node (g), b = kg_graph_add_node (g);
  g_assert_null (kg_graph_node_prop (g, a, name));
  g_assert_cmpuint (kg_graph_node_n_props (g, a), ==, 0);

  set_str (g, a, name, "Ada");
  set_int (g, a, age, 36);
  KgValue f = kg_value_float (2.5);
  kg_graph_node_set_prop (g, a, score, &f);
  KgList *list = kg_list_new (2);
  KgValue item = kg_value_string ("x");
  kg_list_append (list, &item);
  item = kg_value_int (7);
  kg_list_append (list, &item);
  KgValue lv = kg_value_list (list);
  kg_graph_node_set_prop (g, a, tags, &lv);
  kg_value_clear (&lv);
  KgValue date = kg_value_date (19946);
  kg_graph_node_set_prop (g, a, born, &date);
  KgMap *map = kg_map_new (1);
  item = kg_value_bool (TRUE);
  kg_map_set (map, "ok", &item);
  KgValue mv = kg_value_map (map);
  kg_graph_node_set_prop (g, b, meta, &mv);
  kg_value_clear (&mv);

  const KgValue *v = kg_graph_node_prop (g, a, name);
  g_assert_nonnull (v);
  g_assert_cmpint (v->type, ==, KG_VALUE_STRING);
  g_assert_cmpstr (v->u.s, ==, "Ada");
  g_assert_cmpint (kg_graph_node_prop (g, a, age)->u.i, ==, 36);
  g_assert_cmpfloat (kg_graph_node_prop (g, a, score)->u.f, ==, 2.5);
  g_assert_cmpuint (kg_graph_node_prop (g, a, tags)->u.list->len, ==, 2);
  g_assert_cmpint (kg_graph_node_prop (g, a, born)->u.date, ==, 19946);
  g_assert_true (kg_graph_node_prop (g, b, meta)->u.map->vals[0].u.b);
  g_assert_null (kg_graph_node_prop (g, b, name));

  /* Listed in ascending key order. */
  g_assert_cmpuint (kg_graph_node_n_props (g, a), ==, 5);
  KgSymbol k;
  g_assert_nonnull (kg_graph_node_prop_at (g, a, 0, &k));
  g_assert_cmpuint (k, ==, name);
  g_assert_nonnull (kg_graph_node_prop_at (g, a, 4, &k));
  g_assert_cmpuint (k, ==, score);
  g_assert_null (kg_graph_node_prop_at (g, a, 5, &k));

  /* Overwrite, then null removes. */
  set_int (g, a, age, 37);
  g_assert_cmpint (kg_graph_node_prop (g, a, age)->u.i, ==, 37);
  KgValue null = KG_VALUE_INIT;
  kg_graph_node_set_prop (g, a, age, &null);
  g_assert_null (kg_graph_node_prop (g, a, age));
  kg_graph_node_set_prop (g, a, age, NULL); /* removing an absent property is fine */
  kg_graph_node_set_prop (g, b, age, &null);
  g_assert_cmpuint (kg_graph_node_n_props (g, a), ==, 4);

  kg_graph_node_clear_props (g, a);
  g_assert_cmpuint (kg_graph_node_n_props (g, a), ==, 0);
  g_assert_cmpuint (kg_graph_node_n_props (g, b), ==, 1);

  /* Far-apart ids in one column (it grows downwards and upwards). */
  for (int i = 0; i < 300; i++)
    kg_graph_add_node (g);
  set_int (g, 250, age, 250);
  set_int (g, 3, age, 3);
  set_int (g, 301, age, 301);
  g_assert_cmpint (kg_graph_node_prop (g, 250, age)->u.i, ==, 250);
  g_assert_cmpint (kg_graph_node_prop (g, 3, age)->u.i, ==, 3);
  g_assert_cmpint (kg_graph_node_prop (g, 301, age)->u.i, ==, 301);
  g_assert_null (kg_graph_node_prop (g, 100, age));

  /* Relationship properties. */
  KgSymbol knows = rtype (g, "KNOWS");
  KgEdgeId e = kg_graph_add_edge (g, a, b, knows);
  KgValue since = kg_value_int (1999);
  kg_graph_edge_set_prop (g, e, key (g, "since"), &since);
  g_assert_cmpint (kg_graph_edge_prop (g, e, key (g, "since"))->u.i, ==, 1999);
  g_assert_cmpuint (kg_graph_edge_n_props (g, e), ==, 1);
  g_assert_nonnull (kg_graph_edge_prop_at (g, e, 0, &k));
  g_assert_cmpuint (k, ==, key (g, "since"));
  kg_graph_edge_set_prop (g, e, key (g, "since"), NULL);
  g_assert_cmpuint (kg_graph_edge_n_props (g, e), ==, 0);
  kg_graph_edge_set_prop (g, e, key (g, "since"), &since);
  kg_graph_edge_clear_props (g, e);
  g_assert_null (kg_graph_edge_prop (g, e, key (g, "since")));
}

/* kg_graph_degrees() is kg_graph_degree() for a run of ids: after a bulk load, after
 * single writes on top of it, after deletes, and past the last node. */
static void
test_degree_runs (void)
{
  g_autoptr (KgGraph) g = kg_graph_new ();
  KgSymbol f = rtype (g, "F"), h = rtype (g, "H");
  KgNodeId n[6];
  kg_graph_bulk_begin (g);
  for (int i = 0; i < 6; i++)
    n[i] = kg_graph_add_node (g);
  for (int i = 0; i < 6; i++)
    for (int j = 0; j <= i; j++)
      kg_graph_add_edge (g, n[i], n[j], j % 2 ? h : f);
  kg_graph_bulk_end (g);
  guint32 out[8];
  for (int round = 0; round < 3; round++)
    {
      if (round == 1)
        {
          kg_graph_add_edge (g, n[0], n[5], f);
          kg_graph_add_edge (g, n[5], n[5], f);
        }
      if (round == 2)
        {
          kg_graph_delete_edge (g, 0);
          kg_graph_delete_node (g, n[3], TRUE, NULL);
        }
      KgSymbol types[3] = { f, h, KG_NONE };
      KgDirection dirs[2] = { KG_DIR_OUT, KG_DIR_IN };
      for (int t = 0; t < 3; t++)
        for (int d = 0; d < 2; d++)
          {
            kg_graph_degrees (g, 1, 7, dirs[d], types[t], out);
            for (guint i = 0; i < 7; i++)
              g_assert_cmpuint (out[i], ==, kg_graph_degree (g, 1 + i, dirs[d], types[t]));
          }
    }
  kg_graph_degrees (g, 0, 6, KG_DIR_OUT, rtype (g, "NONE"), out);
  for (guint i = 0; i < 6; i++)
    g_assert_cmpuint (out[i], ==, 0);
}

static void
test_edges_basic (void)
{
  g_autoptr (KgGraph) g = kg_graph_new ();
  KgSymbol knows = rtype (g, "KNOWS"), likes = rtype (g, "LIKES");
  KgNodeId a = kg_graph_add_node (g), b = kg_graph_add_node (g), c = kg_graph_add_node (g);
  KgEdgeId e0 = kg_graph_add_edge (g, a, b, knows);
  KgEdgeId e1 = kg_graph_add_edge (g, a, c, likes);
  KgEdgeId e2 = kg_graph_add_edge (g, c, a, knows);
  g_assert_cmpuint (e0, ==, 0);
  g_assert_cmpuint (e2, ==, 2);
  g_assert_cmpuint (kg_graph_n_edges (g), ==, 3);
  g_assert_cmpuint (kg_graph_edge_bound (g), ==, 3);
  g_assert_cmpuint (kg_graph_edge_src (g, e1), ==, a);
  g_assert_cmpuint (kg_graph_edge_dst (g, e1), ==, c);
  g_assert_cmpuint (kg_graph_edge_type (g, e1), ==, likes);
  g_assert_cmpuint (kg_graph_type_count (g, knows), ==, 2);
  g_assert_cmpuint (kg_graph_type_count (g, KG_NONE), ==, 3);
  g_assert_cmpuint (kg_graph_label_count (g, KG_NONE), ==, 3);

  g_autofree char *out = adj_str (g, a, KG_DIR_OUT, KG_NONE);
  g_assert_cmpstr (out, ==, "0:1 1:2");
  g_autofree char *out_knows = adj_str (g, a, KG_DIR_OUT, knows);
  g_assert_cmpstr (out_knows, ==, "0:1");
  g_autofree char *in = adj_str (g, a, KG_DIR_IN, KG_NONE);
  g_assert_cmpstr (in, ==, "2:2");
  g_autofree char *both = adj_str (g, a, KG_DIR_BOTH, KG_NONE);
  g_assert_cmpstr (both, ==, "0:1 1:2 2:2");
  g_assert_cmpuint (kg_graph_degree (g, a, KG_DIR_OUT, KG_NONE), ==, 2);
  g_assert_cmpuint (kg_graph_degree (g, a, KG_DIR_BOTH, knows), ==, 2);
  g_assert_cmpuint (kg_graph_degree (g, b, KG_DIR_IN, likes), ==, 0);
  check_degrees (g);

  /* Edge iteration, all and by type. */
  KgEdgeIter it;
  KgEdgeId e;
  guint n = 0;
  kg_graph_edges_init (g, knows, &it);
  while (kg_edge_iter_next (&it, &e))
    {
      g_assert_cmpuint (kg_graph_edge_type (g, e), ==, knows);
      n++;
    }
  g_assert_cmpuint (n, ==, 2);

  g_assert_true (kg_graph_delete_edge (g, e0));
  g_assert_false (kg_graph_delete_edge (g, e0));
  g_assert_false (kg_graph_edge_exists (g, e0));
  g_assert_cmpuint (kg_graph_n_edges (g), ==, 2);
  g_assert_cmpuint (kg_graph_type_count (g, knows), ==, 1);
  g_autofree char *out2 = adj_str (g, a, KG_DIR_OUT, KG_NONE);
  g_assert_cmpstr (out2, ==, "1:2");
  n = 0;
  kg_graph_edges_init (g, KG_NONE, &it);
  while (kg_edge_iter_next (&it, &e))
    n++;
  g_assert_cmpuint (n, ==, 2);
  check_degrees (g);

  /* A type that has never been used, and one that is not even interned. */
  KgSymbol unused = rtype (g, "UNUSED");
  g_assert_cmpuint (kg_graph_degree (g, a, KG_DIR_BOTH, unused), ==, 0);
  g_assert_cmpuint (adj_count (g, a, KG_DIR_BOTH, unused), ==, 0);
  g_assert_cmpuint (adj_count (g, a, KG_DIR_BOTH, 999), ==, 0);
  kg_graph_edges_init (g, unused, &it);
  g_assert_false (kg_edge_iter_next (&it, &e));
}

static void
test_self_loops (void)
{
  g_autoptr (KgGraph) g = kg_graph_new ();
  KgSymbol t = rtype (g, "T"), u = rtype (g, "U");
  KgNodeId a = kg_graph_add_node (g), b = kg_graph_add_node (g);
  KgEdgeId l = kg_graph_add_edge (g, a, a, t);
  kg_graph_add_edge (g, a, b, t);
  kg_graph_add_edge (g, a, a, u);
  g_assert_cmpuint (kg_graph_degree (g, a, KG_DIR_OUT, t), ==, 2);
  g_assert_cmpuint (kg_graph_degree (g, a, KG_DIR_IN, t), ==, 1);
  g_assert_cmpuint (kg_graph_degree (g, a, KG_DIR_BOTH, t), ==, 2);
  g_assert_cmpuint (kg_graph_degree (g, a, KG_DIR_BOTH, KG_NONE), ==, 3);
  g_autofree char *both = adj_str (g, a, KG_DIR_BOTH, KG_NONE);
  g_assert_cmpstr (both, ==, "0:0 1:1 2:0");
  g_autofree char *in = adj_str (g, a, KG_DIR_IN, t);
  g_assert_cmpstr (in, ==, "0:0");
  check_degrees (g);

  kg_graph_bulk_begin (g);
  kg_graph_bulk_end (g);
  g_autofree char *both2 = adj_str (g, a, KG_DIR_BOTH, KG_NONE);
  g_assert_cmpstr (both2, ==, "0:0 1:1 2:0");
  check_degrees (g);

  g_assert_true (kg_graph_delete_edge (g, l));
  g_assert_cmpuint (kg_graph_degree (g, a, KG_DIR_BOTH, t), ==, 1);
  g_assert_cmpuint (kg_graph_degree (g, a, KG_DIR_BOTH, KG_NONE), ==, 2);
  check_degrees (g);
}

static void
test_parallel (void)
{
  g_autoptr (KgGraph) g = kg_graph_new ();
  KgSymbol t = rtype (g, "T");
  KgNodeId a = kg_graph_add_node (g), b = kg_graph_add_node (g);
  for (int i = 0; i < 5; i++)
    kg_graph_add_edge (g, a, b, t);
  kg_graph_add_edge (g, b, a, t);
  g_assert_cmpuint (kg_graph_degree (g, a, KG_DIR_OUT, t), ==, 5);
  g_assert_cmpuint (kg_graph_degree (g, a, KG_DIR_BOTH, t), ==, 6);
  g_autofree char *out = adj_str (g, a, KG_DIR_OUT, t);
  g_assert_cmpstr (out, ==, "0:1 1:1 2:1 3:1 4:1");
  kg_graph_delete_edge (g, 2);
  g_autofree char *out2 = adj_str (g, a, KG_DIR_OUT, t);
  g_assert_cmpstr (out2, ==, "0:1 1:1 3:1 4:1");
  g_autofree char *in = adj_str (g, b, KG_DIR_IN, t);
  g_assert_cmpstr (in, ==, "0:0 1:0 3:0 4:0");
  check_degrees (g);
}

static void
test_delete_node_with_relationships (void)
{
  g_autoptr (KgGraph) g = kg_graph_new ();
  KgSymbol t = rtype (g, "T"), person = label (g, "Person"), name = key (g, "name");
  KgNodeId a = kg_graph_add_node (g), b = kg_graph_add_node (g), c = kg_graph_add_node (g);
  kg_graph_node_add_label (g, a, person);
  set_str (g, a, name, "a");
  KgEdgeId e0 = kg_graph_add_edge (g, a, b, t);
  kg_graph_add_edge (g, c, a, t);
  kg_graph_add_edge (g, a, a, t);
  KgEdgeId e3 = kg_graph_add_edge (g, b, c, t);
  KgValue w = kg_value_int (1);
  kg_graph_edge_set_prop (g, e0, name, &w);

  g_autoptr (GError) error = NULL;
  g_autofree char *before = dump (g);
  g_assert_false (kg_graph_delete_node (g, a, FALSE, &error));
  g_assert_error (error, KG_GRAPH_ERROR, KG_GRAPH_ERROR_HAS_RELATIONSHIPS);
  g_autofree char *after = dump (g);
  g_assert_cmpstr (before, ==, after); /* nothing changed */

  g_assert_true (kg_graph_delete_node (g, a, TRUE, NULL));
  g_assert_false (kg_graph_node_exists (g, a));
  g_assert_cmpuint (kg_graph_n_edges (g), ==, 1);
  g_assert_true (kg_graph_edge_exists (g, e3));
  g_assert_false (kg_graph_edge_exists (g, e0));
  g_assert_null (kg_graph_edge_prop (g, e0, name));
  g_assert_null (kg_graph_node_prop (g, a, name));
  g_assert_cmpuint (kg_graph_label_count (g, person), ==, 0);
  g_assert_cmpuint (kg_graph_degree (g, b, KG_DIR_BOTH, KG_NONE), ==, 1);
  g_assert_cmpuint (kg_graph_degree (g, c, KG_DIR_BOTH, t), ==, 1);
  g_assert_cmpuint (kg_graph_degree (g, a, KG_DIR_BOTH, t), ==, 0);
  g_assert_cmpuint (adj_count (g, a, KG_DIR_BOTH, KG_NONE), ==, 0);
  check_degrees (g);
}

static KgGraph *
build_random (guint n_nodes, guint n_edges, guint n_types, guint32 seed, gboolean bulk)
{
  KgGraph *g = kg_graph_new ();
  GRand *r = g_rand_new_with_seed (seed);
  char name[16];
  for (guint t = 0; t < n_types; t++)
    {
      g_snprintf (name, sizeof name, "T%u", t);
      rtype (g, name);
    }
  if (bulk)
    {
      kg_graph_reserve (g, n_nodes, n_edges);
      kg_graph_bulk_begin (g);
    }
  for (guint i = 0; i < n_nodes; i++)
    kg_graph_add_node (g);
  for (guint i = 0; i < n_edges; i++)
    kg_graph_add_edge (g, g_rand_int_range (r, 0, n_nodes), g_rand_int_range (r, 0, n_nodes), g_rand_int_range (r, 0, n_types));
  if (bulk)
    kg_graph_bulk_end (g);
  g_rand_free (r);
  return g;
}

static void
test_bulk_matches_single_writes (void)
{
  g_autoptr (KgGraph) a = build_random (200, 3000, 3, 42, FALSE);
  g_autoptr (KgGraph) b = build_random (200, 3000, 3, 42, TRUE);
  g_autofree char *da = dump (a);
  g_autofree char *db = dump (b);
  g_assert_cmpstr (da, ==, db);
  check_degrees (a);
  check_degrees (b);
}

static void
test_writes_after_bulk (void)
{
  g_autoptr (KgGraph) g = build_random (100, 1000, 2, 7, TRUE);
  g_autoptr (KgGraph) ref = build_random (100, 1000, 2, 7, FALSE);
  GRand *r = g_rand_new_with_seed (99);
  /* Mixed single writes on top of the compressed rows, mirrored on a graph built
   * with single writes only. */
  for (int i = 0; i < 2000; i++)
    {
      int op = g_rand_int_range (r, 0, 10);
      if (op < 5)
        {
          KgNodeId s = g_rand_int_range (r, 0, kg_graph_node_bound (g));
          KgNodeId d = g_rand_int_range (r, 0, kg_graph_node_bound (g));
          KgSymbol t = g_rand_int_range (r, 0, 2);
          if (kg_graph_node_exists (g, s) && kg_graph_node_exists (g, d))
            g_assert_cmpuint (kg_graph_add_edge (g, s, d, t), ==, kg_graph_add_edge (ref, s, d, t));
        }
      else if (op < 8)
        {
          KgEdgeId e = g_rand_int_range (r, 0, kg_graph_edge_bound (g));
          g_assert_cmpint (kg_graph_delete_edge (g, e), ==, kg_graph_delete_edge (ref, e));
        }
      else if (op < 9)
        {
          g_assert_cmpuint (kg_graph_add_node (g), ==, kg_graph_add_node (ref));
        }
      else
        {
          KgNodeId n = g_rand_int_range (r, 0, kg_graph_node_bound (g));
          g_assert_cmpint (kg_graph_delete_node (g, n, TRUE, NULL), ==, kg_graph_delete_node (ref, n, TRUE, NULL));
        }
    }
  g_rand_free (r);
  check_degrees (g);
  g_autofree char *dg = dump (g);
  g_autofree char *dr = dump (ref);
  g_assert_cmpstr (dg, ==, dr);
  /* A second bulk build merges the deltas and drops the tombstones. */
  kg_graph_bulk_begin (g);
  kg_graph_bulk_end (g);
  g_autofree char *dg2 = dump (g);
  g_assert_cmpstr (dg2, ==, dr);
  check_degrees (g);
}

static void
test_compaction (void)
{
  /* Enough single writes on one type to trigger compaction of its rows. */
  g_autoptr (KgGraph) g = kg_graph_new ();
  KgSymbol t = rtype (g, "T");
  for (int i = 0; i < 100; i++)
    kg_graph_add_node (g);
  for (guint i = 0; i < 20000; i++)
    kg_graph_add_edge (g, i % 100, (i * 7) % 100, t);
  gsize grown = kg_graph_memory_size (g);
  /* Rows are compacted between statements only. */
  kg_graph_txn_begin (g);
  kg_graph_txn_commit (g);
  g_assert_cmpuint (kg_graph_memory_size (g), <, grown);
  for (guint e = 0; e < 20000; e += 3)
    kg_graph_delete_edge (g, e);
  kg_graph_txn_begin (g);
  for (guint i = 0; i < 5000; i++)
    kg_graph_add_edge (g, (i * 3) % 100, i % 100, t);
  kg_graph_txn_commit (g);
  check_degrees (g);
  guint total = 0;
  for (KgNodeId n = 0; n < 100; n++)
    {
      total += kg_graph_degree (g, n, KG_DIR_OUT, t);
      /* Rows stay in id order. */
      KgAdjIter it;
      KgEdgeId e, last = 0;
      gboolean first = TRUE;
      kg_graph_adj_init (g, n, KG_DIR_OUT, t, &it);
      while (kg_adj_iter_next (&it, &e, NULL))
        {
          g_assert_true (first || e > last);
          g_assert_true (kg_graph_edge_exists (g, e));
          first = FALSE;
          last = e;
        }
    }
  g_assert_cmpuint (total, ==, kg_graph_n_edges (g));
  g_assert_cmpuint (total, ==, 20000 - 6667 + 5000);
}

static void
test_iterate_while_writing (void)
{
  /* A statement may write while its iterators are open: they must stay safe. */
  g_autoptr (KgGraph) g = build_random (50, 2000, 2, 11, TRUE);
  KgSymbol t0 = 0, p = label (g, "P"), k = key (g, "k");
  for (KgNodeId n = 0; n < 50; n++)
    kg_graph_add_edge (g, n, (n + 1) % 50, t0); /* some delta entries */
  for (KgNodeId n = 0; n < 50; n++)
    {
      KgAdjIter it;
      KgEdgeId e;
      KgNodeId o;
      guint seen = 0;
      kg_graph_adj_init (g, n, KG_DIR_BOTH, KG_NONE, &it);
      KgEdgeId bound = kg_graph_edge_bound (g);
      while (kg_adj_iter_next (&it, &e, &o))
        {
          g_assert_cmpuint (e, <, bound); /* never its own new relationships */
          seen++;
          kg_graph_delete_edge (g, e);
          for (int i = 0; i < 3; i++)
            kg_graph_add_edge (g, n, o, t0);
        }
      g_assert_cmpuint (seen, >, 0);
    }
  check_degrees (g);
  for (KgNodeId n = 0; n < 50; n++)
    {
      kg_graph_node_add_label (g, n, p);
      set_int (g, n, k, n % 3);
    }
  kg_graph_create_index (g, p, k);
  KgValue one = kg_value_int (1);
  KgNodeIter it;
  KgNodeId n;
  guint seen = 0;
  kg_graph_index_lookup_init (g, p, k, &one, &it);
  while (kg_node_iter_next (&it, &n))
    {
      g_assert_cmpint (kg_graph_node_prop (g, n, k)->u.i, ==, 1);
      set_int (g, n, k, 7); /* empties the bucket under the iterator */
      seen++;
    }
  g_assert_cmpuint (seen, >, 0);
  g_autofree char *none = lookup_str (g, p, k, &one);
  g_assert_cmpstr (none, ==, "");
}

static void
test_bulk_mode_writes (void)
{
  /* Deletes and property writes between bulk_begin and bulk_end. */
  g_autoptr (KgGraph) g = kg_graph_new ();
  KgSymbol t = rtype (g, "T"), k = key (g, "k");
  for (int i = 0; i < 10; i++)
    kg_graph_add_node (g);
  kg_graph_add_edge (g, 0, 1, t);
  kg_graph_bulk_begin (g);
  KgEdgeId e1 = kg_graph_add_edge (g, 1, 2, t);
  kg_graph_add_edge (g, 2, 3, t);
  kg_graph_add_edge (g, 3, 3, t);
  KgValue v = kg_value_int (1);
  kg_graph_edge_set_prop (g, e1, k, &v);
  kg_graph_delete_edge (g, e1);
  g_autoptr (GError) error = NULL;
  g_assert_false (kg_graph_delete_node (g, 3, FALSE, &error));
  g_assert_error (error, KG_GRAPH_ERROR, KG_GRAPH_ERROR_HAS_RELATIONSHIPS);
  g_assert_true (kg_graph_delete_node (g, 2, TRUE, NULL));
  g_assert_true (kg_graph_delete_node (g, 9, FALSE, NULL));
  kg_graph_bulk_end (g);
  g_assert_cmpuint (kg_graph_n_edges (g), ==, 2);
  g_assert_cmpuint (kg_graph_degree (g, 1, KG_DIR_BOTH, KG_NONE), ==, 1);
  g_assert_cmpuint (kg_graph_degree (g, 3, KG_DIR_BOTH, t), ==, 1);
  g_assert_cmpuint (kg_graph_degree (g, 3, KG_DIR_OUT, KG_NONE), ==, 1);
  g_assert_null (kg_graph_edge_prop (g, e1, k));
  check_degrees (g);
}

static void
test_degree_bulk_node_range (void)
{
  /* Rows cover only the node range a type touches. */
  g_autoptr (KgGraph) g = kg_graph_new ();
  KgSymbol t = rtype (g, "T"), u = rtype (g, "U");
  for (int i = 0; i < 1000; i++)
    kg_graph_add_node (g);
  kg_graph_bulk_begin (g);
  kg_graph_add_edge (g, 500, 501, t);
  kg_graph_add_edge (g, 900, 10, u);
  kg_graph_bulk_end (g);
  g_assert_cmpuint (kg_graph_degree (g, 500, KG_DIR_OUT, t), ==, 1);
  g_assert_cmpuint (kg_graph_degree (g, 499, KG_DIR_OUT, t), ==, 0);
  g_assert_cmpuint (kg_graph_degree (g, 999, KG_DIR_BOTH, t), ==, 0);
  g_assert_cmpuint (kg_graph_degree (g, 10, KG_DIR_IN, u), ==, 1);
  /* A single write outside the built range goes to the delta. */
  kg_graph_add_edge (g, 0, 999, t);
  g_assert_cmpuint (kg_graph_degree (g, 0, KG_DIR_OUT, t), ==, 1);
  g_assert_cmpuint (kg_graph_degree (g, 999, KG_DIR_IN, t), ==, 1);
  check_degrees (g);
}

static void
test_index (void)
{
  g_autoptr (KgGraph) g = kg_graph_new ();
  KgSymbol person = label (g, "Person"), city = label (g, "City");
  KgSymbol name = key (g, "name"), age = key (g, "age");
  KgNodeId n[6];
  for (int i = 0; i < 6; i++)
    n[i] = kg_graph_add_node (g);
  kg_graph_node_add_label (g, n[0], person);
  kg_graph_node_add_label (g, n[1], person);
  kg_graph_node_add_label (g, n[2], city);
  set_str (g, n[0], name, "Paris");
  set_str (g, n[1], name, "Bob");
  set_str (g, n[2], name, "Paris");
  set_int (g, n[0], age, 30);
  KgValue f = kg_value_float (30.0);
  kg_graph_node_set_prop (g, n[1], age, &f);

  /* Built over existing data. */
  g_assert_false (kg_graph_has_index (g, person, name));
  kg_graph_create_index (g, person, name);
  kg_graph_create_index (g, person, name); /* again: nothing */
  kg_graph_create_index (g, person, age);
  g_assert_true (kg_graph_has_index (g, person, name));
  g_assert_false (kg_graph_has_index (g, city, name));

  KgValue paris = kg_value_string ("Paris");
  g_autofree char *r1 = lookup_str (g, person, name, &paris);
  g_assert_cmpstr (r1, ==, "0");
  /* 30 = 30.0 */
  KgValue thirty = kg_value_int (30);
  g_autofree char *r2 = lookup_str (g, person, age, &thirty);
  g_assert_cmpstr (r2, ==, "0 1");
  g_autofree char *r2f = lookup_str (g, person, age, &f);
  g_assert_cmpstr (r2f, ==, "0 1");
  /* null finds nothing, nor does a value of another type. */
  KgValue null = KG_VALUE_INIT;
  g_autofree char *r3 = lookup_str (g, person, name, &null);
  g_assert_cmpstr (r3, ==, "");
  g_autofree char *r3b = lookup_str (g, person, age, &paris);
  g_assert_cmpstr (r3b, ==, "");

  /* Kept up to date: set, label added, label removed, property removed, delete. */
  set_str (g, n[3], name, "Paris");
  g_autofree char *r4 = lookup_str (g, person, name, &paris);
  g_assert_cmpstr (r4, ==, "0");
  kg_graph_node_add_label (g, n[3], person);
  g_autofree char *r5 = lookup_str (g, person, name, &paris);
  g_assert_cmpstr (r5, ==, "0 3");
  set_str (g, n[0], name, "Lyon");
  g_autofree char *r6 = lookup_str (g, person, name, &paris);
  g_assert_cmpstr (r6, ==, "3");
  kg_graph_node_remove_label (g, n[3], person);
  g_autofree char *r7 = lookup_str (g, person, name, &paris);
  g_assert_cmpstr (r7, ==, "");
  kg_graph_node_add_label (g, n[3], person);
  kg_graph_node_set_prop (g, n[3], name, NULL);
  g_autofree char *r8 = lookup_str (g, person, name, &paris);
  g_assert_cmpstr (r8, ==, "");
  g_assert_true (kg_graph_delete_node (g, n[1], TRUE, NULL));
  g_autofree char *r9 = lookup_str (g, person, age, &thirty);
  g_assert_cmpstr (r9, ==, "0");
  kg_graph_node_clear_props (g, n[0]);
  g_autofree char *r10 = lookup_str (g, person, age, &thirty);
  g_assert_cmpstr (r10, ==, "");

  /* NaN is never equal to itself. */
  KgValue nan = kg_value_float (NAN);
  kg_graph_node_set_prop (g, n[3], age, &nan);
  g_autofree char *r11 = lookup_str (g, person, age, &nan);
  g_assert_cmpstr (r11, ==, "");

  /* Churn: emptied buckets are purged between statements, lookups stay right. */
  KgSymbol serial = key (g, "serial");
  kg_graph_create_index (g, person, serial);
  gsize before_churn = 0;
  for (int round = 0; round < 50; round++)
    {
      kg_graph_txn_begin (g);
      for (int i = 0; i < 200; i++)
        set_int (g, n[3], serial, round * 1000 + i);
      kg_graph_txn_commit (g);
      if (round == 5)
        before_churn = kg_graph_memory_size (g);
    }
  g_assert_cmpuint (kg_graph_memory_size (g), <, before_churn + 4096);
  KgValue last = kg_value_int (49 * 1000 + 199);
  g_autofree char *r13 = lookup_str (g, person, serial, &last);
  g_assert_cmpstr (r13, ==, "3");
  KgValue old_serial = kg_value_int (49 * 1000 + 198);
  g_autofree char *r14 = lookup_str (g, person, serial, &old_serial);
  g_assert_cmpstr (r14, ==, "");

  /* Lists are indexed too. */
  KgList *list = kg_list_new (2);
  KgValue item = kg_value_int (1);
  kg_list_append (list, &item);
  KgValue lv = kg_value_list (list);
  kg_graph_node_set_prop (g, n[3], age, &lv);
  g_autofree char *r12 = lookup_str (g, person, age, &lv);
  g_assert_cmpstr (r12, ==, "3");
  kg_value_clear (&lv);
  kg_value_clear (&paris);
}

/* The one node an integer seek finds, G_MAXUINT32 for none, G_MAXUINT32 - 1 for several. */
static KgNodeId
seek_int (const KgGraph *g, KgSymbol lab, KgSymbol k, gint64 i)
{
  KgValue v = kg_value_int (i);
  KgNodeIter it;
  KgNodeId n, found = G_MAXUINT32;
  kg_graph_index_lookup_init (g, lab, k, &v, &it);
  while (kg_node_iter_next (&it, &n))
    found = found == G_MAXUINT32 ? n : G_MAXUINT32 - 1;
  return found;
}

typedef struct
{
  const KgGraph *g;
  KgSymbol lab, k;
  guint n;
  gint bad; /* atomic */
} IntReaders;

static gpointer
int_reader (gpointer p)
{
  IntReaders *r = p;
  for (int round = 0; round < 20; round++)
    for (guint i = 0; i < r->n; i++)
      if (seek_int (r->g, r->lab, r->k, (gint64) i * 7 - 1000) != i || seek_int (r->g, r->lab, r->k, (gint64) i * 7 - 999) != G_MAXUINT32)
        g_atomic_int_inc (&r->bad);
  return NULL;
}

/* Integer seeks go through the index's integer table (index-int.c): it must agree with
 * the hash table through inserts, key updates, deletes, purges, rollbacks and floats. */
static void
test_index_integers (void)
{
  g_autoptr (KgGraph) g = kg_graph_new ();
  KgSymbol p = label (g, "P"), id = key (g, "id");
  const guint n = 5000;
  /* Half the nodes before the index (built over them), half after (kept in step). */
  for (guint i = 0; i < n; i++)
    {
      if (i == n / 2)
        kg_graph_create_index (g, p, id);
      KgNodeId v = kg_graph_add_node (g);
      g_assert_cmpuint (v, ==, i);
      kg_graph_node_add_label (g, v, p);
      set_int (g, v, id, (gint64) i * 7 - 1000);
    }
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpuint (seek_int (g, p, id, (gint64) i * 7 - 1000), ==, i);
      g_assert_cmpuint (seek_int (g, p, id, (gint64) i * 7 - 999), ==, G_MAXUINT32);
    }
  g_assert_cmpuint (seek_int (g, p, id, G_MININT64), ==, G_MAXUINT32);
  g_assert_cmpuint (seek_int (g, p, id, G_MAXINT64), ==, G_MAXUINT32);

  /* Many threads reading at once. */
  IntReaders r = { g, p, id, n, 0 };
  GThread *threads[4];
  for (guint t = 0; t < G_N_ELEMENTS (threads); t++)
    threads[t] = g_thread_new ("reader", int_reader, &r);
  for (guint t = 0; t < G_N_ELEMENTS (threads); t++)
    g_thread_join (threads[t]);
  g_assert_cmpint (r.bad, ==, 0);

  /* A key updated, removed, shared by two nodes; a node deleted; extreme values. */
  set_int (g, 3, id, G_MAXINT64);
  g_assert_cmpuint (seek_int (g, p, id, 3 * 7 - 1000), ==, G_MAXUINT32);
  g_assert_cmpuint (seek_int (g, p, id, G_MAXINT64), ==, 3);
  set_int (g, 4, id, G_MININT64);
  g_assert_cmpuint (seek_int (g, p, id, G_MININT64), ==, 4);
  kg_graph_node_set_prop (g, 5, id, NULL);
  g_assert_cmpuint (seek_int (g, p, id, 5 * 7 - 1000), ==, G_MAXUINT32);
  set_int (g, 6, id, 7 * 7 - 1000);
  g_assert_cmpuint (seek_int (g, p, id, 7 * 7 - 1000), ==, G_MAXUINT32 - 1);
  g_assert_true (kg_graph_delete_node (g, 7, TRUE, NULL));
  g_assert_cmpuint (seek_int (g, p, id, 7 * 7 - 1000), ==, 6);
  kg_graph_node_remove_label (g, 6, p);
  g_assert_cmpuint (seek_int (g, p, id, 7 * 7 - 1000), ==, G_MAXUINT32);
  kg_graph_node_add_label (g, 6, p);
  g_assert_cmpuint (seek_int (g, p, id, 7 * 7 - 1000), ==, 6);

  /* A rolled back transaction leaves the seeks as they were, new keys and nodes gone. */
  kg_graph_txn_begin (g);
  set_int (g, 10, id, 123456789);
  KgNodeId extra = kg_graph_add_node (g);
  kg_graph_node_add_label (g, extra, p);
  set_int (g, extra, id, 987654321);
  g_assert_cmpuint (seek_int (g, p, id, 123456789), ==, 10);
  g_assert_cmpuint (seek_int (g, p, id, 987654321), ==, extra);
  kg_graph_txn_rollback (g);
  g_assert_cmpuint (seek_int (g, p, id, 123456789), ==, G_MAXUINT32);
  g_assert_cmpuint (seek_int (g, p, id, 987654321), ==, G_MAXUINT32);
  g_assert_cmpuint (seek_int (g, p, id, 10 * 7 - 1000), ==, 10);

  /* Churn: every key of node 11 changes in committed transactions, so emptied buckets
   * are purged (and the integer table rebuilt) along the way. */
  for (int round = 0; round < 30; round++)
    {
      kg_graph_txn_begin (g);
      for (int i = 0; i < 300; i++)
        set_int (g, 11, id, 10000000 + round * 1000 + i);
      kg_graph_txn_commit (g);
    }
  g_assert_cmpuint (seek_int (g, p, id, 10000000 + 29 * 1000 + 299), ==, 11);
  g_assert_cmpuint (seek_int (g, p, id, 10000000 + 29 * 1000 + 298), ==, G_MAXUINT32);
  for (guint i = 12; i < n; i++)
    g_assert_cmpuint (seek_int (g, p, id, (gint64) i * 7 - 1000), ==, i);

  /* A float key first: the integer equal to it finds its bucket (through the hash
   * table), and so does a float equal to an integer key. */
  KgValue f = kg_value_float (42.0);
  kg_graph_node_set_prop (g, 12, id, &f);
  set_int (g, 13, id, 42);
  KgValue i42 = kg_value_int (42);
  g_autofree char *both = lookup_str (g, p, id, &i42);
  g_assert_cmpstr (both, ==, "12 13");
  g_autofree char *both_f = lookup_str (g, p, id, &f);
  g_assert_cmpstr (both_f, ==, "12 13");
  KgValue f14 = kg_value_float (14 * 7 - 1000);
  g_autofree char *by_float = lookup_str (g, p, id, &f14);
  g_assert_cmpstr (by_float, ==, "14");
  g_assert_cmpuint (seek_int (g, p, id, 15 * 7 - 1000), ==, 15);

  /* Dropped and built again over the same data. */
  g_assert_true (kg_graph_drop_index (g, p, id));
  kg_graph_create_index (g, p, id);
  g_assert_cmpuint (seek_int (g, p, id, 16 * 7 - 1000), ==, 16);
  g_autofree char *again = lookup_str (g, p, id, &i42);
  g_assert_cmpstr (again, ==, "12 13");
}

static void
apply_random_ops (KgGraph *g, GRand *r, int n_ops)
{
  KgSymbol labels[2] = { label (g, "A"), label (g, "B") };
  KgSymbol keys[2] = { key (g, "x"), key (g, "y") };
  KgSymbol types[2] = { rtype (g, "R"), rtype (g, "S") };
  for (int i = 0; i < n_ops; i++)
    {
      int op = g_rand_int_range (r, 0, 12);
      guint32 nb = kg_graph_node_bound (g), eb = kg_graph_edge_bound (g);
      KgNodeId n = nb ? g_rand_int_range (r, 0, nb) : 0;
      KgNodeId m = nb ? g_rand_int_range (r, 0, nb) : 0;
      gboolean live = nb && kg_graph_node_exists (g, n);
      switch (op)
        {
        case 0:
        case 1:
          kg_graph_add_node (g);
          break;
        case 2:
        case 3:
          if (live && kg_graph_node_exists (g, m))
            kg_graph_add_edge (g, n, m, types[g_rand_int_range (r, 0, 2)]);
          break;
        case 4:
          if (eb)
            kg_graph_delete_edge (g, g_rand_int_range (r, 0, eb));
          break;
        case 5:
          if (live)
            kg_graph_delete_node (g, n, g_rand_boolean (r), NULL);
          break;
        case 6:
          if (live)
            kg_graph_node_add_label (g, n, labels[g_rand_int_range (r, 0, 2)]);
          break;
        case 7:
          if (live)
            kg_graph_node_remove_label (g, n, labels[g_rand_int_range (r, 0, 2)]);
          break;
        case 8:
        case 9:
          if (live)
            {
              if (g_rand_int_range (r, 0, 4) == 0)
                kg_graph_node_set_prop (g, n, keys[g_rand_int_range (r, 0, 2)], NULL);
              else
                set_int (g, n, keys[g_rand_int_range (r, 0, 2)], g_rand_int_range (r, 0, 5));
            }
          break;
        case 10:
          if (eb)
            {
              KgEdgeId e = g_rand_int_range (r, 0, eb);
              if (kg_graph_edge_exists (g, e))
                {
                  KgValue v = kg_value_string ("w");
                  kg_graph_edge_set_prop (g, e, keys[0], &v);
                  kg_value_clear (&v);
                }
            }
          break;
        case 11:
          if (live)
            kg_graph_node_clear_props (g, n);
          break;
        }
    }
}

static char *
dump_with_index (KgGraph *g)
{
  g_autofree char *d = dump (g);
  GString *s = g_string_new (d);
  for (KgSymbol l = 0; l < kg_graph_n_symbols (g, KG_SYM_LABEL); l++)
    for (KgSymbol k = 0; k < kg_graph_n_symbols (g, KG_SYM_KEY); k++)
      {
        if (!kg_graph_has_index (g, l, k))
          continue;
        for (int i = 0; i < 5; i++)
          {
            KgValue v = kg_value_int (i);
            g_autofree char *ids = lookup_str (g, l, k, &v);
            g_string_append_printf (s, "index %u.%u=%d: %s\n", l, k, i, ids);
          }
      }
  return g_string_free (s, FALSE);
}

/* The relationships of a (node, type, direction) in their row order, as "e>n e>n ...". */
static char *
row_text (KgGraph *g, KgNodeId n, KgDirection dir, KgSymbol t)
{
  GString *s = g_string_new (NULL);
  KgAdjIter it;
  KgEdgeId e;
  KgNodeId o;
  kg_graph_adj_init (g, n, dir, t, &it);
  while (kg_adj_iter_next (&it, &e, &o))
    g_string_append_printf (s, "%u>%u ", e, o);
  return g_string_free (s, FALSE);
}

/* All rows of type @t, both directions, with degrees. */
static char *
rows_text (KgGraph *g, KgSymbol t, guint n_nodes)
{
  GString *s = g_string_new (NULL);
  for (KgNodeId n = 0; n < n_nodes; n++)
    for (int d = 0; d < 2; d++)
      {
        KgDirection dir = d ? KG_DIR_IN : KG_DIR_OUT;
        g_autofree char *row = row_text (g, n, dir, t);
        g_string_append_printf (s, "%u/%d:%u:%s\n", n, d, kg_graph_degree (g, n, dir, t), row);
      }
  return g_string_free (s, FALSE);
}

static void
test_txn_queued_appends (void)
{
  /* Inside a transaction relationship appends are queued and sorted in later; reads in
   * the transaction, partial rollbacks, deletes and the commit (compacting or not) must
   * give the rows that appending one by one gives. The twin graph gets the same writes
   * outside any transaction, where appends go straight into the rows. */
  for (guint round = 0; round < 3; round++)
    {
      guint n_edges = round == 0 ? 300 : 9000; /* under and over the compaction threshold */
      g_autoptr (KgGraph) g = kg_graph_new ();
      g_autoptr (KgGraph) twin = kg_graph_new ();
      KgSymbol t = rtype (g, "T"), t2 = rtype (twin, "T");
      for (int i = 0; i < 50; i++)
        {
          kg_graph_add_node (g);
          kg_graph_add_node (twin);
        }
      for (guint i = 0; i < 500; i++)
        {
          kg_graph_add_edge (g, i % 50, (i * 11) % 50, t);
          kg_graph_add_edge (twin, i % 50, (i * 11) % 50, t2);
        }
      kg_graph_txn_begin (g);
      kg_graph_txn_commit (g);
      kg_graph_txn_begin (g);
      KgTxnMark mark = { 0 };
      for (guint i = 0; i < n_edges; i++)
        {
          KgNodeId a = (i * 7) % 50, b = (i * 13 + round) % 50;
          if (i == n_edges / 2)
            mark = kg_graph_txn_mark (g);
          kg_graph_add_edge (g, a, b, t);
          if (i < n_edges / 2)
            kg_graph_add_edge (twin, a, b, t2);
          if (round == 2 && i == 2 * n_edges / 3)
            {
              /* a read after the mark sorts what is queued so far, so the rollback
               * below undoes sorted entries as well as queued ones */
              g_autofree char *x = rows_text (g, t, 50);
              guint total = 0;
              for (KgNodeId n = 0; n < 50; n++)
                total += kg_graph_degree (g, n, KG_DIR_OUT, t);
              g_assert_cmpuint (total, ==, kg_graph_n_edges (g));
            }
        }
      /* the second half is undone: first the queued appends, then sorted ones */
      kg_graph_txn_rollback_to (g, &mark);
      for (guint e = 500; e < 500 + n_edges / 2; e += 5)
        {
          kg_graph_delete_edge (g, e);
          kg_graph_delete_edge (twin, e);
        }
      for (guint i = 0; i < 40; i++)
        {
          kg_graph_add_edge (g, i % 50, (i * 3) % 50, t);
          kg_graph_add_edge (twin, i % 50, (i * 3) % 50, t2);
        }
      g_autofree char *mid_g = rows_text (g, t, 50);
      g_autofree char *mid_twin = rows_text (twin, t2, 50);
      g_assert_cmpstr (mid_g, ==, mid_twin);
      kg_graph_txn_commit (g);
      g_autofree char *end_g = rows_text (g, t, 50);
      g_assert_cmpstr (end_g, ==, mid_twin);
      g_assert_cmpuint (kg_graph_n_edges (g), ==, kg_graph_n_edges (twin));
      check_degrees (g);
      /* a rollback of everything queued leaves the graph as it was */
      kg_graph_txn_begin (g);
      for (guint i = 0; i < n_edges; i++)
        kg_graph_add_edge (g, i % 50, (i * 17) % 50, t);
      kg_graph_txn_rollback (g);
      g_autofree char *after = rows_text (g, t, 50);
      g_assert_cmpstr (after, ==, mid_twin);
    }
}

static void
test_txn_rollback (void)
{
  for (guint32 seed = 1; seed <= 30; seed++)
    {
      GRand *r = g_rand_new_with_seed (seed);
      g_autoptr (KgGraph) g = kg_graph_new ();
      apply_random_ops (g, r, 300);
      if (seed % 2)
        {
          kg_graph_bulk_begin (g);
          kg_graph_bulk_end (g);
        }
      kg_graph_create_index (g, label (g, "A"), key (g, "x"));
      g_autofree char *before = dump_with_index (g);
      guint32 nb = kg_graph_node_bound (g), eb = kg_graph_edge_bound (g);

      kg_graph_txn_begin (g);
      apply_random_ops (g, r, 400);
      if (seed % 3 == 0)
        kg_graph_create_index (g, label (g, "B"), key (g, "y"));
      kg_graph_txn_rollback (g);

      g_autofree char *after = dump_with_index (g);
      g_assert_cmpstr (before, ==, after);
      g_assert_cmpuint (kg_graph_node_bound (g), ==, nb);
      g_assert_cmpuint (kg_graph_edge_bound (g), ==, eb);
      g_assert_false (kg_graph_has_index (g, label (g, "B"), key (g, "y")));
      check_degrees (g);

      /* Ids handed out after a rollback continue densely. */
      g_assert_cmpuint (kg_graph_add_node (g), ==, nb);

      /* Commit keeps the changes. */
      kg_graph_txn_begin (g);
      apply_random_ops (g, r, 200);
      g_autofree char *changed = dump_with_index (g);
      kg_graph_txn_commit (g);
      g_autofree char *committed = dump_with_index (g);
      g_assert_cmpstr (changed, ==, committed);
      check_degrees (g);
      g_rand_free (r);
    }
}

static void
test_txn_delete_node (void)
{
  g_autoptr (KgGraph) g = kg_graph_new ();
  KgSymbol t = rtype (g, "T"), p = label (g, "P"), q = label (g, "Q"), k = key (g, "k");
  KgNodeId a = kg_graph_add_node (g), b = kg_graph_add_node (g);
  kg_graph_node_add_label (g, a, p);
  kg_graph_node_add_label (g, a, q);
  set_int (g, a, k, 5);
  KgEdgeId e = kg_graph_add_edge (g, a, b, t);
  kg_graph_add_edge (g, a, a, t);
  KgValue v = kg_value_int (3);
  kg_graph_edge_set_prop (g, e, k, &v);
  kg_graph_create_index (g, p, k);
  g_autofree char *before = dump_with_index (g);

  kg_graph_txn_begin (g);
  g_assert_true (kg_graph_delete_node (g, a, TRUE, NULL));
  g_assert_cmpuint (kg_graph_n_edges (g), ==, 0);
  kg_graph_txn_rollback (g);

  g_autofree char *after = dump_with_index (g);
  g_assert_cmpstr (before, ==, after);
  guint n;
  const KgSymbol *ls = kg_graph_node_labels (g, a, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (ls[0], ==, p);
  g_assert_cmpuint (ls[1], ==, q);
  g_assert_cmpint (kg_graph_edge_prop (g, e, k)->u.i, ==, 3);
  check_degrees (g);
}

static void
test_snapshot (void)
{
  g_autoptr (KgGraph) g = kg_graph_new ();
  GRand *r = g_rand_new_with_seed (5);
  apply_random_ops (g, r, 600);
  g_rand_free (r);
  KgSymbol k = key (g, "rich");
  KgNodeId n = kg_graph_add_node (g);
  KgMap *map = kg_map_new (2);
  KgValue item = kg_value_string ("é");
  kg_map_set (map, "s", &item);
  KgList *list = kg_list_new (3);
  item = kg_value_date (-5);
  kg_list_append (list, &item);
  item = kg_value_float (-0.25);
  kg_list_append (list, &item);
  item = kg_value_bool (FALSE);
  kg_list_append (list, &item);
  item = kg_value_list (list);
  kg_map_set (map, "l", &item);
  KgValue mv = kg_value_map (map);
  kg_graph_node_set_prop (g, n, k, &mv);
  kg_value_clear (&mv);
  kg_graph_create_index (g, label (g, "A"), key (g, "x"));
  g_autofree char *before = dump_with_index (g);

  g_autofree char *dir = g_dir_make_tmp ("kgq-graph-XXXXXX", NULL);
  g_assert_nonnull (dir);
  g_autofree char *path = g_build_filename (dir, "g.kgs", NULL);
  g_autoptr (GError) error = NULL;
  g_assert_true (kg_graph_save (g, path, &error));
  g_assert_no_error (error);

  g_autoptr (KgGraph) h = kg_graph_load (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (h);
  g_autofree char *after = dump_with_index (h);
  g_assert_cmpstr (before, ==, after);
  g_assert_true (kg_graph_has_index (h, label (h, "A"), key (h, "x")));
  const KgValue *v = kg_graph_node_prop (h, n, kg_graph_lookup (h, KG_SYM_KEY, "rich"));
  g_assert_nonnull (v);
  g_assert_cmpint (v->type, ==, KG_VALUE_MAP);
  g_assert_cmpstr (kg_map_get (v->u.map, "s")->u.s, ==, "é");
  const KgValue *l = kg_map_get (v->u.map, "l");
  g_assert_cmpuint (l->u.list->len, ==, 3);
  g_assert_cmpint (l->u.list->items[0].u.date, ==, -5);
  g_assert_cmpfloat (l->u.list->items[1].u.f, ==, -0.25);
  check_degrees (h);
  /* The loaded graph takes writes. */
  KgNodeId x = kg_graph_add_node (h);
  g_assert_cmpuint (x, ==, kg_graph_node_bound (g));
  kg_graph_add_edge (h, x, x, rtype (h, "R"));
  check_degrees (h);

  /* Corruption: a flipped byte, a truncated file, garbage, a missing file. */
  gchar *data;
  gsize len;
  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  g_autofree char *bad = g_build_filename (dir, "bad.kgs", NULL);
  for (gsize pos = 40; pos < len; pos += len / 7 + 1)
    {
      data[pos] ^= 0x10;
      g_assert_true (g_file_set_contents (bad, data, len, NULL));
      data[pos] ^= 0x10;
      g_autoptr (GError) e2 = NULL;
      g_assert_null (kg_graph_load (bad, &e2));
      g_assert_error (e2, KG_GRAPH_ERROR, KG_GRAPH_ERROR_SNAPSHOT);
    }
  gsize cuts[] = { 0, 5, 32, 33, len / 2, len - 1 };
  for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
    {
      g_assert_true (g_file_set_contents (bad, data, cuts[i], NULL));
      g_autoptr (GError) e2 = NULL;
      g_assert_null (kg_graph_load (bad, &e2));
      g_assert_error (e2, KG_GRAPH_ERROR, KG_GRAPH_ERROR_SNAPSHOT);
    }
  g_assert_true (g_file_set_contents (bad, "hello world, not a snapshot at all", -1, NULL));
  g_autoptr (GError) e3 = NULL;
  g_assert_null (kg_graph_load (bad, &e3));
  g_assert_error (e3, KG_GRAPH_ERROR, KG_GRAPH_ERROR_SNAPSHOT);
  g_free (data);
  g_autoptr (GError) e4 = NULL;
  g_autofree char *missing = g_build_filename (dir, "missing.kgs", NULL);
  g_assert_null (kg_graph_load (missing, &e4));
  g_assert_error (e4, G_FILE_ERROR, G_FILE_ERROR_NOENT);

  /* Saving where no file can be made fails with a file error. */
  g_autofree char *nodir = g_build_filename (dir, "no", "such", "dir.kgs", NULL);
  g_autoptr (GError) e6 = NULL;
  g_assert_false (kg_graph_save (g, nodir, &e6));
  g_assert_error (e6, G_FILE_ERROR, G_FILE_ERROR_NOENT);

  /* Saving over an existing snapshot replaces it and leaves no temporary behind. */
  g_assert_true (kg_graph_save (h, path, NULL));
  g_unlink (bad);
  g_unlink (path);
  g_assert_cmpint (g_rmdir (dir), ==, 0);

  /* An empty graph round-trips. */
  g_autoptr (KgGraph) empty = kg_graph_new ();
  g_autofree char *epath = g_build_filename (g_get_tmp_dir (), "kgq-empty-test.kgs", NULL);
  g_assert_true (kg_graph_save (empty, epath, NULL));
  g_autoptr (KgGraph) e5 = kg_graph_load (epath, NULL);
  g_assert_nonnull (e5);
  g_assert_cmpuint (kg_graph_n_nodes (e5), ==, 0);
  g_unlink (epath);
}

/* --- A model-based test --------------------------------------------------------------- */

typedef struct
{
  guint32 src, dst, type;
  gboolean alive;
} MEdge;

typedef struct
{
  GArray *node_alive; /* gboolean */
  GArray *edges;      /* MEdge */
} Model;

static Model
model_copy (const Model *m)
{
  Model c;
  c.node_alive = g_array_copy (m->node_alive);
  c.edges = g_array_copy (m->edges);
  return c;
}

static void
model_free (Model *m)
{
  g_array_unref (m->node_alive);
  g_array_unref (m->edges);
}

/* The graph's adjacency, degrees and counts equal the model's. */
static void
model_check (KgGraph *g, const Model *m, guint n_types)
{
  g_assert_cmpuint (kg_graph_node_bound (g), ==, m->node_alive->len);
  g_assert_cmpuint (kg_graph_edge_bound (g), ==, m->edges->len);
  guint n_alive = 0;
  for (guint n = 0; n < m->node_alive->len; n++)
    {
      gboolean alive = g_array_index (m->node_alive, gboolean, n);
      g_assert_cmpint (kg_graph_node_exists (g, n), ==, alive);
      n_alive += alive;
    }
  g_assert_cmpuint (kg_graph_n_nodes (g), ==, n_alive);
  /* Expected rows: per node, per type, per direction, edges in id order. */
  guint n_nodes = m->node_alive->len;
  GString **want = g_new0 (GString *, (gsize) n_nodes * n_types * 2);
  guint live_edges = 0;
  for (guint e = 0; e < m->edges->len; e++)
    {
      const MEdge *me = &g_array_index (m->edges, MEdge, e);
      g_assert_cmpint (kg_graph_edge_exists (g, e), ==, me->alive);
      if (!me->alive)
        continue;
      live_edges++;
      g_assert_cmpuint (kg_graph_edge_src (g, e), ==, me->src);
      g_assert_cmpuint (kg_graph_edge_dst (g, e), ==, me->dst);
      g_assert_cmpuint (kg_graph_edge_type (g, e), ==, me->type);
      for (int d = 0; d < 2; d++)
        {
          guint n = d == 0 ? me->src : me->dst;
          GString **w = &want[((gsize) n * n_types + me->type) * 2 + d];
          if (*w == NULL)
            *w = g_string_new (NULL);
          g_string_append_printf (*w, "%s%u:%u", (*w)->len ? " " : "", e, d == 0 ? me->dst : me->src);
        }
    }
  g_assert_cmpuint (kg_graph_n_edges (g), ==, live_edges);
  for (guint n = 0; n < n_nodes; n++)
    {
      if (!g_array_index (m->node_alive, gboolean, n))
        continue;
      for (guint t = 0; t < n_types; t++)
        for (int d = 0; d < 2; d++)
          {
            GString *w = want[((gsize) n * n_types + t) * 2 + d];
            g_autofree char *got = adj_str (g, n, d == 0 ? KG_DIR_OUT : KG_DIR_IN, t);
            g_assert_cmpstr (got, ==, w ? w->str : "");
          }
    }
  for (gsize i = 0; i < (gsize) n_nodes * n_types * 2; i++)
    if (want[i])
      g_string_free (want[i], TRUE);
  g_free (want);
  check_degrees (g);
}

static void
test_model (void)
{
  const guint n_types = 3;
  GRand *r = g_rand_new_with_seed (2024);
  KgGraph *g = kg_graph_new ();
  for (guint t = 0; t < n_types; t++)
    {
      char name[8];
      g_snprintf (name, sizeof name, "T%u", t);
      rtype (g, name);
    }
  Model m = { g_array_new (FALSE, FALSE, sizeof (gboolean)), g_array_new (FALSE, FALSE, sizeof (MEdge)) };
  Model saved = { NULL, NULL };
  gboolean in_txn = FALSE, in_bulk = FALSE;
  g_autofree char *dir = g_dir_make_tmp ("kgq-model-XXXXXX", NULL);
  g_autofree char *snap = g_build_filename (dir, "m.kgs", NULL);

  for (int step = 0; step < 60000; step++)
    {
      int op = g_rand_int_range (r, 0, 100);
      guint nb = m.node_alive->len, eb = m.edges->len;
      if (op < 3 || nb < 2)
        {
          g_assert_cmpuint (kg_graph_add_node (g), ==, nb);
          gboolean yes = TRUE;
          g_array_append_val (m.node_alive, yes);
        }
      else if (op < 60)
        {
          /* Skewed endpoints: a few hubs get most relationships, and self loops. */
          guint s = g_rand_boolean (r) ? (guint) g_rand_int_range (r, 0, MIN (nb, 8)) : (guint) g_rand_int_range (r, 0, nb);
          guint d = g_rand_int_range (r, 0, 10) == 0 ? s : (guint) g_rand_int_range (r, 0, nb);
          guint t = g_rand_int_range (r, 0, n_types);
          if (g_array_index (m.node_alive, gboolean, s) && g_array_index (m.node_alive, gboolean, d))
            {
              g_assert_cmpuint (kg_graph_add_edge (g, s, d, t), ==, eb);
              MEdge me = { s, d, t, TRUE };
              g_array_append_val (m.edges, me);
            }
        }
      else if (op < 88)
        {
          if (eb == 0)
            continue;
          guint e = g_rand_int_range (r, 0, eb);
          MEdge *me = &g_array_index (m.edges, MEdge, e);
          g_assert_cmpint (kg_graph_delete_edge (g, e), ==, me->alive);
          me->alive = FALSE;
        }
      else if (op < 90)
        {
          guint n = g_rand_int_range (r, 0, nb);
          if (!g_array_index (m.node_alive, gboolean, n))
            continue;
          g_assert_true (kg_graph_delete_node (g, n, TRUE, NULL));
          g_array_index (m.node_alive, gboolean, n) = FALSE;
          for (guint e = 0; e < eb; e++)
            {
              MEdge *me = &g_array_index (m.edges, MEdge, e);
              if (me->src == n || me->dst == n)
                me->alive = FALSE;
            }
        }
      else if (op < 95 && !in_bulk)
        {
          /* Statement boundaries: commit or roll back, then maybe open another. */
          if (in_txn)
            {
              if (g_rand_int_range (r, 0, 3) == 0)
                {
                  kg_graph_txn_rollback (g);
                  model_free (&m);
                  m = saved;
                }
              else
                {
                  kg_graph_txn_commit (g);
                  model_free (&saved);
                }
              saved.edges = NULL;
              in_txn = FALSE;
            }
          else
            {
              kg_graph_txn_begin (g);
              saved = model_copy (&m);
              in_txn = TRUE;
            }
        }
      else if (op < 98 && !in_txn)
        {
          if (in_bulk)
            kg_graph_bulk_end (g);
          else
            kg_graph_bulk_begin (g);
          in_bulk = !in_bulk;
        }
      else if (op < 99 && !in_txn && !in_bulk)
        {
          g_assert_true (kg_graph_save (g, snap, NULL));
          KgGraph *h = kg_graph_load (snap, NULL);
          g_assert_nonnull (h);
          kg_graph_free (g);
          g = h;
        }
      if (step % 5000 == 4999 && !in_bulk)
        model_check (g, &m, n_types);
    }
  if (in_txn)
    {
      kg_graph_txn_commit (g);
      model_free (&saved);
    }
  if (in_bulk)
    kg_graph_bulk_end (g);
  model_check (g, &m, n_types);
  model_free (&m);
  kg_graph_free (g);
  g_rand_free (r);
  g_unlink (snap);
  g_rmdir (dir);
}

/* Snapshots with a valid checksum but damaged content: the parser must reject them
 * cleanly or load something consistent, never crash (run under ASan). */
static void
test_snapshot_forged (void)
{
  /* KG_FORGE_ROUNDS and KG_FORGE_SEED make a longer soak run. */
  const char *env_rounds = g_getenv ("KG_FORGE_ROUNDS"), *env_seed = g_getenv ("KG_FORGE_SEED");
  int rounds = env_rounds ? atoi (env_rounds) : 400;
  g_autoptr (KgGraph) g = kg_graph_new ();
  GRand *r = g_rand_new_with_seed (env_seed ? (guint32) atoi (env_seed) : 77);
  apply_random_ops (g, r, 150);
  KgNodeId n = kg_graph_add_node (g);
  KgList *list = kg_list_new (2);
  KgValue item = kg_value_string ("abc");
  kg_list_append (list, &item);
  KgMap *map = kg_map_new (1);
  item = kg_value_date (3);
  kg_map_set (map, "d", &item);
  item = kg_value_map (map);
  kg_list_append (list, &item);
  KgValue lv = kg_value_list (list);
  kg_graph_node_set_prop (g, n, key (g, "deep"), &lv);
  kg_value_clear (&lv);
  kg_graph_create_index (g, label (g, "A"), key (g, "x"));

  g_autofree char *dir = g_dir_make_tmp ("kgq-forge-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "g.kgs", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.kgs", NULL);
  g_assert_true (kg_graph_save (g, path, NULL));
  gchar *orig;
  gsize len;
  g_assert_true (g_file_get_contents (path, &orig, &len, NULL));
  guint loaded = 0, rejected = 0;
  for (int round = 0; round < rounds; round++)
    {
      guchar *data = g_memdup2 (orig, len);
      gsize n_len = len;
      int flips = g_rand_int_range (r, 1, 4);
      for (int f = 0; f < flips; f++)
        {
          gsize pos = g_rand_int_range (r, KG_SNAPSHOT_HEADER_SIZE, (gint32) len);
          switch (g_rand_int_range (r, 0, 3))
            {
            case 0:
              data[pos] ^= 1u << g_rand_int_range (r, 0, 8);
              break;
            case 1:
              data[pos] = (guchar) g_rand_int_range (r, 0, 256);
              break;
            default:
              data[pos] = 0xff;
              break;
            }
        }
      if (round % 10 == 0)
        n_len = g_rand_int_range (r, KG_SNAPSHOT_HEADER_SIZE, (gint32) len);
      guint64 payload = n_len - KG_SNAPSHOT_HEADER_SIZE;
      memcpy (data + 16, &payload, 8);
      guint64 sum = kg_snapshot_checksum (data + KG_SNAPSHOT_HEADER_SIZE, payload);
      memcpy (data + KG_SNAPSHOT_CHECKSUM_OFFSET, &sum, 8);
      g_assert_true (g_file_set_contents (bad, (const char *) data, n_len, NULL));
      g_free (data);
      g_autoptr (GError) error = NULL;
      g_autoptr (KgGraph) h = kg_graph_load (bad, &error);
      if (h == NULL)
        {
          g_assert_error (error, KG_GRAPH_ERROR, KG_GRAPH_ERROR_SNAPSHOT);
          rejected++;
          continue;
        }
      loaded++;
      g_free (dump_with_index (h));
      check_degrees (h);
    }
  g_test_message ("forged snapshots: %u loaded, %u rejected", loaded, rejected);
  g_assert_cmpuint (rejected, >, 0);
  g_free (orig);
  g_rand_free (r);
  g_unlink (path);
  g_unlink (bad);
  g_rmdir (dir);
}

static void
test_memory_size (void)
{
  g_autoptr (KgGraph) g = kg_graph_new ();
  gsize empty = kg_graph_memory_size (g);
  g_autoptr (KgGraph) h = build_random (1000, 10000, 2, 3, TRUE);
  gsize full = kg_graph_memory_size (h);
  g_assert_cmpuint (full, >, empty);
  g_assert_cmpuint (full, >=, 10000 * (12 + 16)); /* edge arrays and both rows */
  g_assert_cmpuint (full, <, 10000 * 200);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/graph/symbols", test_symbols);
  g_test_add_func ("/graph/nodes-and-labels", test_nodes_and_labels);
  g_test_add_func ("/graph/many-labels", test_many_labels);
  g_test_add_func ("/graph/properties", test_properties);
  g_test_add_func ("/graph/edges", test_edges_basic);
  g_test_add_func ("/graph/degree-runs", test_degree_runs);
  g_test_add_func ("/graph/self-loops", test_self_loops);
  g_test_add_func ("/graph/parallel-relationships", test_parallel);
  g_test_add_func ("/graph/delete-node-with-relationships", test_delete_node_with_relationships);
  g_test_add_func ("/graph/bulk-matches-single-writes", test_bulk_matches_single_writes);
  g_test_add_func ("/graph/writes-after-bulk", test_writes_after_bulk);
  g_test_add_func ("/graph/compaction", test_compaction);
  g_test_add_func ("/graph/bulk-node-range", test_degree_bulk_node_range);
  g_test_add_func ("/graph/iterate-while-writing", test_iterate_while_writing);
  g_test_add_func ("/graph/bulk-mode-writes", test_bulk_mode_writes);
  g_test_add_func ("/graph/index", test_index);
  g_test_add_func ("/graph/index-integers", test_index_integers);
  g_test_add_func ("/graph/txn-rollback", test_txn_rollback);
  g_test_add_func ("/graph/txn-queued-appends", test_txn_queued_appends);
  g_test_add_func ("/graph/txn-delete-node", test_txn_delete_node);
  g_test_add_func ("/graph/snapshot", test_snapshot);
  g_test_add_func ("/graph/snapshot-forged", test_snapshot_forged);
  g_test_add_func ("/graph/memory-size", test_memory_size);
  g_test_add_func ("/graph/model", test_model);
  g_test_add_func ("/graph/node-batches", test_node_batches);
  return g_test_run ();
}
