/* tests/unit/test-dot.c — the DOT exporter against golden files (tests/golden/dot/), and
 * Graphviz's own parser over every golden file (`dot -Tsvg`, skipped when Graphviz is
 * not installed).
 *
 * Each case builds a small graph through the store API, adds result values to a
 * subgraph and compares kg_dot_write()'s text with NAME.dot. KG_UPDATE_GOLDEN=1
 * rewrites the files (review the diff). Quoting, parallel relationships, conflicts,
 * path highlighting and the size cap each have a case.
 */
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "export/dot.h"

/* --- Building graphs ------------------------------------------------------------ */

static KgNodeId
node (KgGraph *g, const char *labels, const char *name)
{
  KgNodeId n = kg_graph_add_node (g);
  if (labels != NULL)
    {
      g_auto (GStrv) parts = g_strsplit (labels, ":", -1);
      for (char **p = parts; *p != NULL; p++)
        if (**p != '\0')
          kg_graph_node_add_label (g, n, kg_graph_intern (g, KG_SYM_LABEL, *p));
    }
  if (name != NULL)
    {
      KgValue v = kg_value_string (name);
      kg_graph_node_set_prop (g, n, kg_graph_intern (g, KG_SYM_KEY, "name"), &v);
      kg_value_clear (&v);
    }
  return n;
}

/* A relationship with `sources` (a list of the space-separated words of @sources). */
static KgEdgeId
rel (KgGraph *g, KgNodeId a, const char *type, KgNodeId b, const char *sources)
{
  KgEdgeId e = kg_graph_add_edge (g, a, b, kg_graph_intern (g, KG_SYM_TYPE, type));
  if (sources != NULL)
    {
      g_auto (GStrv) parts = g_strsplit (sources, " ", -1);
      KgList *list = kg_list_new (4);
      for (char **p = parts; *p != NULL; p++)
        {
          KgValue s = kg_value_string (*p);
          kg_list_append (list, &s);
        }
      KgValue v = kg_value_list (list);
      kg_graph_edge_set_prop (g, e, kg_graph_intern (g, KG_SYM_KEY, "sources"), &v);
      kg_value_clear (&v);
    }
  return e;
}

static void
add_node_value (KgDotSubgraph *sg, KgNodeId n)
{
  KgValue v = kg_value_node (n);
  kg_dot_subgraph_add_value (sg, &v);
}

static void
add_edge_value (KgDotSubgraph *sg, KgEdgeId e)
{
  KgValue v = kg_value_edge (e);
  kg_dot_subgraph_add_value (sg, &v);
}

/* --- Golden comparison ---------------------------------------------------------- */

static void
check_golden (const char *name, const char *actual)
{
  g_autofree char *file = g_strconcat (name, ".dot", NULL);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "golden", "dot", file, NULL);
  if (g_strcmp0 (g_getenv ("KG_UPDATE_GOLDEN"), "1") == 0)
    {
      g_assert_true (g_file_set_contents (path, actual, -1, NULL));
      return;
    }
  g_autofree char *expected = NULL;
  if (!g_file_get_contents (path, &expected, NULL, NULL))
    {
      g_test_message ("missing %s; run with KG_UPDATE_GOLDEN=1 to create it. Output:\n%s", path, actual);
      g_test_fail ();
      return;
    }
  if (strcmp (expected, actual) != 0)
    g_test_message ("%s differs; got:\n%s", path, actual);
  g_assert_cmpstr (expected, ==, actual);
}

/* --- Cases ---------------------------------------------------------------------- */

static void
test_basic (void)
{
  g_autoptr (KgGraph) g = kg_graph_new ();
  KgNodeId hidalgo = node (g, "Person", "Anne Hidalgo");
  KgNodeId bass = node (g, "Person", "Karen Bass");
  KgNodeId paris = node (g, "City", "Paris");
  KgNodeId flag = node (g, "Object", "Olympic flag");
  KgNodeId thing = node (g, "Gadget", NULL); /* unknown label, no name */
  KgEdgeId e1 = rel (g, hidalgo, "hands_to", bass, "r1 r2");
  /* Parallel relationships stay two edges. */
  KgEdgeId e2 = rel (g, hidalgo, "hands_to", bass, "r3");
  KgEdgeId e3 = rel (g, hidalgo, "mayor_of", paris, "r1");
  KgEdgeId e4 = rel (g, bass, "holds", flag, NULL);
  (void) rel (g, paris, "near", thing, NULL); /* not in the result */

  g_autoptr (KgDotSubgraph) sg = kg_dot_subgraph_new (g);
  add_edge_value (sg, e1);
  add_edge_value (sg, e2);
  add_edge_value (sg, e3);
  add_edge_value (sg, e4);
  add_node_value (sg, thing);
  g_autofree char *dot = kg_dot_write (sg, NULL, NULL);
  g_assert_null (strstr (dot, "strict"));
  check_golden ("basic", dot);
}

static void
test_quoting (void)
{
  g_autoptr (KgGraph) g = kg_graph_new ();
  KgNodeId a = node (g, "Person", "Say \"hi\" \\ back\\");
  KgNodeId b = node (g, "Song", "line one\nline two\ttab");
  KgNodeId c = node (g, "node", "graph");             /* DOT keywords as label and name */
  KgNodeId d = node (g, "Place", "Zoë, 東京 -> \\N"); /* UTF-8 and escString look-alikes */
  KgNodeId e = node (g, "Weird Label", "strict");
  KgNodeId f = node (g, "R&D<x>", "lab"); /* the legend is HTML: & < > escaped */
  rel (g, a, "performed", b, "r\"1 r\\2");
  KgEdgeId e1 = rel (g, a, "performed", b, "r\"1 r\\2");
  KgEdgeId e2 = rel (g, c, "subgraph", d, NULL);
  KgEdgeId e3 = rel (g, d, "edge", e, "a;b {c}");
  KgEdgeId e4 = rel (g, e, "<b>&amp;", f, NULL);
  g_autoptr (KgDotSubgraph) sg = kg_dot_subgraph_new (g);
  add_edge_value (sg, e1);
  add_edge_value (sg, e2);
  add_edge_value (sg, e3);
  add_edge_value (sg, e4);
  g_autofree char *dot = kg_dot_write (sg, NULL, NULL);
  check_golden ("quoting", dot);
}

static void
test_conflict (void)
{
  g_autoptr (KgGraph) g = kg_graph_new ();
  KgNodeId cruise = node (g, "Person", "Tom Cruise");
  KgNodeId biles = node (g, "Person", "Simone Biles");
  KgNodeId bass = node (g, "Person", "Karen Bass");
  KgEdgeId e1 = rel (g, cruise, "receives_flag_from", biles, "ap nyt");
  KgEdgeId e2 = rel (g, cruise, "receives_flag_from", bass, "guardian bbc");
  KgEdgeId e3 = rel (g, bass, "mayor_of", node (g, "City", "Los Angeles"), "ap");
  /* An inverse reading the loader added is drawn dotted. */
  KgEdgeId e4 = rel (g, bass, "hands_to", cruise, "guardian bbc");
  KgValue yes = kg_value_bool (TRUE);
  kg_graph_edge_set_prop (g, e4, kg_graph_intern (g, KG_SYM_KEY, "inferred"), &yes);
  g_autoptr (KgDotSubgraph) sg = kg_dot_subgraph_new (g);
  add_edge_value (sg, e1);
  add_edge_value (sg, e2);
  add_edge_value (sg, e3);
  add_edge_value (sg, e4);
  kg_dot_subgraph_mark_conflict (sg, e1);
  kg_dot_subgraph_mark_conflict (sg, e2);
  g_autofree char *dot = kg_dot_write (sg, NULL, NULL);
  check_golden ("conflict", dot);
}

static void
test_highlight (void)
{
  g_autoptr (KgGraph) g = kg_graph_new ();
  KgNodeId hidalgo = node (g, "Person", "Anne Hidalgo");
  KgNodeId bach = node (g, "Person", "Thomas Bach");
  KgNodeId bass = node (g, "Person", "Karen Bass");
  KgNodeId cruise = node (g, "Person", "Tom Cruise");
  KgNodeId other = node (g, "Person", "Someone Else");
  KgEdgeId e1 = rel (g, hidalgo, "hands_to", bach, "r1");
  KgEdgeId e2 = rel (g, bach, "hands_to", bass, "r1");
  /* The third step runs backwards: (bass)<-[:receives_flag_from]-(cruise). */
  KgEdgeId e3 = rel (g, cruise, "receives_flag_from", bass, "r2");
  KgEdgeId e4 = rel (g, other, "knows", cruise, NULL);
  KgNodeId nodes[] = { hidalgo, bach, bass, cruise };
  KgEdgeId edges[] = { e1, e2, e3 };
  KgValue path = kg_value_path (kg_path_new (3, nodes, edges));
  /* A list holding a path and a relationship: both are collected. */
  KgList *list = kg_list_new (2);
  kg_list_append (list, &path);
  KgValue ev = kg_value_edge (e4);
  kg_list_append (list, &ev);
  KgValue lv = kg_value_list (list);

  g_autoptr (KgDotSubgraph) sg = kg_dot_subgraph_new (g);
  kg_dot_subgraph_add_value (sg, &lv);
  KgDotOptions opts = { .highlight_paths = TRUE, .title = "The flag's journey" };
  g_autofree char *dot = kg_dot_write (sg, &opts, NULL);
  kg_value_clear (&lv);
  check_golden ("highlight", dot);
}

static void
test_cap (void)
{
  g_autoptr (KgGraph) g = kg_graph_new ();
  g_autoptr (KgDotSubgraph) sg = kg_dot_subgraph_new (g);
  KgNodeId prev = node (g, "Event", "step 0");
  for (int i = 1; i < 10; i++)
    {
      g_autofree char *name = g_strdup_printf ("step %d", i);
      KgNodeId n = node (g, "Event", name);
      add_edge_value (sg, rel (g, prev, "precedes", n, NULL));
      prev = n;
    }
  KgDotOptions opts = { .max_nodes = 4 };
  KgDotStats stats;
  g_autofree char *dot = kg_dot_write (sg, &opts, &stats);
  g_assert_cmpuint (stats.nodes, ==, 4);
  g_assert_cmpuint (stats.nodes_dropped, ==, 6);
  g_assert_cmpuint (stats.edges, ==, 3);
  g_assert_cmpuint (stats.edges_dropped, ==, 6);
  check_golden ("cap", dot);
}

/* Reports show their id first; long names wrap at blanks. */
static void
test_document (void)
{
  g_autoptr (KgGraph) g = kg_graph_new ();
  KgNodeId doc = node (g, "Document", "Running account of the whole closing ceremony, from the opening song");
  KgValue id = kg_value_string ("r4");
  kg_graph_node_set_prop (g, doc, kg_graph_intern (g, KG_SYM_KEY, "id"), &id);
  kg_value_clear (&id);
  KgNodeId ev = node (g, "Event", "Paris 2024 Olympics closing ceremony");
  KgNodeId bare = node (g, "Thing", NULL);
  KgValue bid = kg_value_string ("thing_1");
  kg_graph_node_set_prop (g, bare, kg_graph_intern (g, KG_SYM_KEY, "id"), &bid);
  kg_value_clear (&bid);
  g_autoptr (KgDotSubgraph) sg = kg_dot_subgraph_new (g);
  add_edge_value (sg, rel (g, doc, "mentions", ev, NULL));
  add_node_value (sg, bare);
  g_autofree char *dot = kg_dot_write (sg, NULL, NULL);
  check_golden ("document", dot);
}

static void
test_empty (void)
{
  g_autoptr (KgGraph) g = kg_graph_new ();
  g_autoptr (KgDotSubgraph) sg = kg_dot_subgraph_new (g);
  KgValue v = kg_value_int (3);
  kg_dot_subgraph_add_value (sg, &v);
  g_assert_true (kg_dot_subgraph_is_empty (sg));
  g_autofree char *dot = kg_dot_write (sg, NULL, NULL);
  check_golden ("empty", dot);
}

/* A hub with @n spokes of a few labels and types, some spokes linked to each other:
 * the shape of "every person and their neighbours". */
static KgDotSubgraph *
hub (KgGraph *g, guint n)
{
  static const char *const labels[] = { "Person", "Event", "Place", "Song", "Object" };
  static const char *const types[] = { "performed", "attends", "held_at", "carries" };
  KgDotSubgraph *sg = kg_dot_subgraph_new (g);
  KgNodeId centre = node (g, "Person", "Tom Cruise");
  KgNodeId prev = KG_NONE;
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("spoke number %u", i);
      KgNodeId x = node (g, labels[i % G_N_ELEMENTS (labels)], name);
      add_edge_value (sg, rel (g, centre, types[i % G_N_ELEMENTS (types)], x, "r1"));
      if (i % 3 == 0 && prev != KG_NONE)
        add_edge_value (sg, rel (g, prev, "follows", x, "r2"));
      prev = x;
    }
  return sg;
}

static void
test_layout_by_size (void)
{
  g_autoptr (KgGraph) g = kg_graph_new ();
  g_autoptr (KgDotSubgraph) small = hub (g, 10);
  g_autofree char *a = kg_dot_write (small, NULL, NULL);
  g_assert_nonnull (strstr (a, "graph [layout=\"dot\", rankdir=\"LR\""));
  g_autoptr (KgDotSubgraph) mid = hub (g, 60);
  g_autofree char *b = kg_dot_write (mid, NULL, NULL);
  g_assert_nonnull (strstr (b, "graph [layout=\"neato\", overlap=\"prism\""));
  g_assert_null (strstr (b, "rankdir"));
  g_autoptr (KgDotSubgraph) big = hub (g, 280);
  g_autofree char *c = kg_dot_write (big, NULL, NULL);
  g_assert_nonnull (strstr (c, "graph [layout=\"sfdp\", overlap=\"prism\""));
  /* An engine asked for wins; the legend can be left out. */
  KgDotOptions opts = { .layout = KG_DOT_LAYOUT_CIRCO, .no_legend = TRUE };
  g_autofree char *d = kg_dot_write (mid, &opts, NULL);
  g_assert_nonnull (strstr (d, "graph [layout=\"circo\""));
  g_assert_null (strstr (d, "legend"));
  KgDotLayout l;
  g_assert_true (kg_dot_layout_from_name ("sfdp", &l));
  g_assert_cmpint (l, ==, KG_DOT_LAYOUT_SFDP);
  g_assert_false (kg_dot_layout_from_name ("fdp", &l));
  /* "auto" is the choice by size, named. */
  g_assert_true (kg_dot_layout_from_name ("auto", &l));
  g_assert_cmpint (l, ==, KG_DOT_LAYOUT_AUTO);
  opts = (KgDotOptions){ .layout = l };
  g_autofree char *f = kg_dot_write (mid, &opts, NULL);
  g_assert_nonnull (strstr (f, "graph [layout=\"neato\""));
  g_autoptr (KgDotSubgraph) golden = hub (g, 45);
  g_autofree char *e = kg_dot_write (golden, NULL, NULL);
  check_golden ("hub", e);
}

/* The width and height (points) Graphviz gives the picture of @dot_text. */
static gboolean
rendered_size (const char *dot_text, double *w, double *h)
{
  g_autofree char *dot = g_find_program_in_path ("dot");
  if (dot == NULL)
    return FALSE;
  g_autofree char *path = NULL;
  int fd = g_file_open_tmp ("kg-dot-XXXXXX.dot", &path, NULL);
  g_assert_cmpint (fd, >=, 0);
  close (fd);
  g_assert_true (g_file_set_contents (path, dot_text, -1, NULL));
  const char *argv[] = { dot, "-Tsvg", path, NULL };
  g_autofree char *svg = NULL;
  int status = 0;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &svg, NULL,
                               &status, NULL));
  g_unlink (path);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  const char *p = strstr (svg, "<svg width=\"");
  g_assert_nonnull (p);
  *w = g_ascii_strtod (p + strlen ("<svg width=\""), NULL);
  p = strstr (p, "height=\"");
  g_assert_nonnull (p);
  *h = g_ascii_strtod (p + strlen ("height=\""), NULL);
  return TRUE;
}

/* A hub of a hundred spokes renders about as wide as it is tall, not as the long strip
 * a layered layout draws. */
static void
test_layout_rendered_shape (void)
{
  g_autoptr (KgGraph) g = kg_graph_new ();
  g_autoptr (KgDotSubgraph) sg = hub (g, 100);
  g_autofree char *text = kg_dot_write (sg, NULL, NULL);
  double w = 0, h = 0;
  if (!rendered_size (text, &w, &h))
    {
      g_test_skip ("Graphviz's dot is not installed");
      return;
    }
  g_test_message ("auto layout: %.0f x %.0f pt", w, h);
  g_assert_cmpfloat (MAX (w, h) / MIN (w, h), <, 2.0);
  KgDotOptions layered = { .layout = KG_DOT_LAYOUT_DOT };
  g_autofree char *strip = kg_dot_write (sg, &layered, NULL);
  double w2 = 0, h2 = 0;
  g_assert_true (rendered_size (strip, &w2, &h2));
  g_test_message ("dot layout: %.0f x %.0f pt", w2, h2);
  g_assert_cmpfloat (MAX (w2, h2) / MIN (w2, h2), >, MAX (w, h) / MIN (w, h));
}

/* Graphviz must accept every golden file. */
static void
test_graphviz_accepts (void)
{
  g_autofree char *dot = g_find_program_in_path ("dot");
  if (dot == NULL)
    {
      g_test_skip ("Graphviz's dot is not installed");
      return;
    }
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "golden", "dot", NULL);
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (d);
  const char *name;
  guint n = 0;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      if (!g_str_has_suffix (name, ".dot"))
        continue;
      g_autofree char *path = g_build_filename (dir, name, NULL);
      const char *argv[] = { dot, "-Tsvg", "-o", "/dev/null", path, NULL };
      g_autofree char *err = NULL;
      int status = 0;
      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL,
                                   &err, &status, NULL));
      if (!g_spawn_check_wait_status (status, NULL) || (err != NULL && err[0] != '\0'))
        {
          g_test_message ("dot -Tsvg %s: %s", name, err != NULL ? err : "");
          g_test_fail ();
        }
      n++;
    }
  g_assert_cmpuint (n, >=, 7);
}

static void
test_quote (void)
{
  g_autoptr (GString) s = g_string_new (NULL);
  kg_dot_quote (s, "a\"b\\c\nd\te");
  g_assert_cmpstr (s->str, ==, "\"a\\\"b\\\\c\\nd e\"");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/dot/quote", test_quote);
  g_test_add_func ("/dot/golden/basic", test_basic);
  g_test_add_func ("/dot/golden/quoting", test_quoting);
  g_test_add_func ("/dot/golden/conflict", test_conflict);
  g_test_add_func ("/dot/golden/highlight", test_highlight);
  g_test_add_func ("/dot/golden/cap", test_cap);
  g_test_add_func ("/dot/golden/document", test_document);
  g_test_add_func ("/dot/golden/empty", test_empty);
  g_test_add_func ("/dot/layout/by-size", test_layout_by_size);
  g_test_add_func ("/dot/layout/rendered-shape", test_layout_rendered_shape);
  g_test_add_func ("/dot/graphviz/accepts-goldens", test_graphviz_accepts);
  return g_test_run ();
}
