/* tests/unit/test-formats.c — the interchange formats: every writer of export/formats.h
 * read back by its reader in loader/formats.h gives the same graph (the bundled corpus
 * and a graph holding every value type), and malformed or hostile input ends in a clear
 * "FILE:LINE" error with nothing loaded.
 *
 * Graphs are compared entity by entity in id order: labels in order, relationship types
 * and ends, and every property by its Cypher literal text (which tells 1 from 1.0 and a
 * date from a string).
 */
#include "export/formats.h"
#include "loader/formats.h"
#include "loader/csv-import.h"
#include "loader/loader.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- Helpers -------------------------------------------------------------------- */

/* g_ptr_array_sort() passes pointers to the elements. */
static int
cmp_strv (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The properties of an entity as one line of literal text, keys sorted. */
static char *
props_text (const KgGraph *g, guint32 id, gboolean is_node)
{
  guint n = is_node ? kg_graph_node_n_props (g, id) : kg_graph_edge_n_props (g, id);
  g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < n; i++)
    {
      KgSymbol key;
      const KgValue *v = is_node ? kg_graph_node_prop_at (g, id, i, &key) : kg_graph_edge_prop_at (g, id, i, &key);
      g_autofree char *lit = kg_value_to_literal (v);
      g_ptr_array_add (parts, g_strdup_printf ("%s=%s", kg_graph_symbol_name (g, KG_SYM_KEY, key), lit));
    }
  g_ptr_array_sort (parts, cmp_strv);
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" ", (char **) parts->pdata);
}

static char *
labels_text (const KgGraph *g, KgNodeId node)
{
  guint n = 0;
  const KgSymbol *labels = kg_graph_node_labels (g, node, &n);
  g_autoptr (GString) s = g_string_new (NULL);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (s, ":%s", kg_graph_symbol_name (g, KG_SYM_LABEL, labels[i]));
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* Asserts that @a and @b hold the same nodes and relationships, matched in id order. */
static void
assert_same_graph (const KgGraph *a, const KgGraph *b)
{
  g_assert_cmpuint (kg_graph_n_nodes (a), ==, kg_graph_n_nodes (b));
  g_assert_cmpuint (kg_graph_n_edges (a), ==, kg_graph_n_edges (b));
  g_autoptr (GHashTable) map = g_hash_table_new (NULL, NULL); /* a id + 1 -> b id + 1 */
  KgNodeIter ia, ib;
  KgNodeId na, nb;
  kg_graph_nodes_init (a, KG_NONE, &ia);
  kg_graph_nodes_init (b, KG_NONE, &ib);
  while (kg_node_iter_next (&ia, &na))
    {
      g_assert_true (kg_node_iter_next (&ib, &nb));
      g_autofree char *la = labels_text (a, na), *lb = labels_text (b, nb);
      g_assert_cmpstr (la, ==, lb);
      g_autofree char *pa = props_text (a, na, TRUE), *pb = props_text (b, nb, TRUE);
      g_assert_cmpstr (pa, ==, pb);
      g_hash_table_insert (map, GUINT_TO_POINTER (na + 1), GUINT_TO_POINTER (nb + 1));
    }
  KgEdgeIter ea, eb;
  KgEdgeId xa, xb;
  kg_graph_edges_init (a, KG_NONE, &ea);
  kg_graph_edges_init (b, KG_NONE, &eb);
  while (kg_edge_iter_next (&ea, &xa))
    {
      g_assert_true (kg_edge_iter_next (&eb, &xb));
      g_assert_cmpstr (kg_graph_symbol_name (a, KG_SYM_TYPE, kg_graph_edge_type (a, xa)), ==,
                       kg_graph_symbol_name (b, KG_SYM_TYPE, kg_graph_edge_type (b, xb)));
      g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (map, GUINT_TO_POINTER (kg_graph_edge_src (a, xa) + 1))), ==, kg_graph_edge_src (b, xb) + 1);
      g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (map, GUINT_TO_POINTER (kg_graph_edge_dst (a, xa) + 1))), ==, kg_graph_edge_dst (b, xb) + 1);
      g_autofree char *pa = props_text (a, xa, FALSE), *pb = props_text (b, xb, FALSE);
      g_assert_cmpstr (pa, ==, pb);
    }
}

typedef gboolean (*ExportFunc) (const KgGraph *graph, FILE *out, GError **error);

/* Runs @fn into memory. Returns: (transfer full): what it wrote. */
static char *
export_text (ExportFunc fn, const KgGraph *g, gsize *len)
{
  char *buf = NULL;
  size_t size = 0;
  FILE *out = open_memstream (&buf, &size);
  g_autoptr (GError) error = NULL;
  g_assert_true (fn (g, out, &error));
  g_assert_no_error (error);
  fclose (out);
  if (len != NULL)
    *len = size;
  return buf;
}

static KgGraph *
corpus (void)
{
  g_autoptr (GError) error = NULL;
  KgGraph *g = kg_corpus_load_new (NULL, NULL, &error);
  g_assert_no_error (error);
  return g;
}

static void
set_node (KgGraph *g, KgNodeId n, const char *key, KgValue v)
{
  kg_graph_node_set_prop (g, n, kg_graph_intern (g, KG_SYM_KEY, key), &v);
  kg_value_clear (&v);
}

static KgValue
temporal (KgValueType type, gint64 days, gint64 nanos, gint32 offset, const char *zone)
{
  return kg_value_temporal (type, kg_temporal_new (days, nanos, offset, zone));
}

/* A graph with a property of every type the store keeps, unusual names, a node without
 * labels, a self loop and parallel relationships. */
static KgGraph *
every_type_graph (void)
{
  KgGraph *g = kg_graph_new ();
  KgNodeId a = kg_graph_add_node (g), b = kg_graph_add_node (g), c = kg_graph_add_node (g);
  kg_graph_node_add_label (g, a, kg_graph_intern (g, KG_SYM_LABEL, "Person"));
  kg_graph_node_add_label (g, a, kg_graph_intern (g, KG_SYM_LABEL, "Actor"));
  kg_graph_node_add_label (g, b, kg_graph_intern (g, KG_SYM_LABEL, "a label: \"odd\""));
  set_node (g, a, "big", kg_value_int (G_MAXINT64));
  set_node (g, a, "small", kg_value_int (G_MININT64));
  set_node (g, a, "beyond53", kg_value_int ((G_GINT64_CONSTANT (1) << 53) + 1));
  set_node (g, a, "one", kg_value_float (1.0));
  set_node (g, a, "negzero", kg_value_float (-0.0));
  set_node (g, a, "nan", kg_value_float (NAN));
  set_node (g, a, "inf", kg_value_float (-INFINITY));
  set_node (g, a, "huge", kg_value_float (1e300));
  set_node (g, a, "tiny", kg_value_float (5e-324));
  set_node (g, a, "yes", kg_value_bool (TRUE));
  set_node (g, a, "text", kg_value_string ("tab\t\"quote\" \\ é 😀 \x01 line\nend"));
  set_node (g, a, "date", kg_value_date (19946));
  set_node (g, a, "localtime", temporal (KG_VALUE_LOCALTIME, 0, 45296000000123, 0, NULL));
  set_node (g, a, "time", temporal (KG_VALUE_TIME, 0, 1, -3600, NULL));
  set_node (g, a, "ldt", temporal (KG_VALUE_LOCALDATETIME, -719528, 86399999999999, 0, NULL));
  set_node (g, a, "dt", temporal (KG_VALUE_DATETIME, 16637, 78032142000000, 3600, "Europe/London"));
  set_node (g, a, "dtoff", temporal (KG_VALUE_DATETIME, 0, 0, -34200, NULL));
  KgTemporal *d = kg_temporal_new (-3, 5, 0, NULL);
  d->months = 14;
  d->seconds = -7;
  set_node (g, a, "dur", kg_value_temporal (KG_VALUE_DURATION, d));

  KgList *mixed = kg_list_new (0);
  KgValue items[] = { kg_value_int (1), kg_value_float (NAN), kg_value_string ("x"), kg_value_date (0), kg_value_null () };
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    kg_list_append (mixed, &items[i]);
  KgList *outer = kg_list_new (0);
  KgValue mv = kg_value_list (mixed);
  kg_list_append (outer, &mv);
  KgValue empty = kg_value_list (kg_list_new (0));
  kg_list_append (outer, &empty);
  set_node (g, b, "lists", kg_value_list (outer));
  KgMap *map = kg_map_new (0);
  KgValue when = kg_value_date (1), plain = kg_value_int (2);
  kg_map_set (map, "when", &when);
  kg_map_set (map, "plain", &plain);
  set_node (g, b, "map", kg_value_map (map));
  set_node (g, b, "odd key \"x\"", kg_value_string (""));

  KgSymbol t = kg_graph_intern (g, KG_SYM_TYPE, "KNOWS"), loop = kg_graph_intern (g, KG_SYM_TYPE, "self loop");
  KgEdgeId e1 = kg_graph_add_edge (g, a, b, t);
  kg_graph_add_edge (g, a, b, t);
  kg_graph_add_edge (g, c, c, loop);
  KgValue since = temporal (KG_VALUE_LOCALDATETIME, 1, 2, 0, NULL);
  kg_graph_edge_set_prop (g, e1, kg_graph_intern (g, KG_SYM_KEY, "since"), &since);
  kg_value_clear (&since);
  return g;
}

/* --- JSON Lines ----------------------------------------------------------------- */

static KgGraph *
jsonl_round_trip (const KgGraph *g, char **text_out)
{
  gsize len = 0;
  char *text = export_text (kg_export_jsonl, g, &len);
  g_autoptr (KgGraph) back = kg_graph_new ();
  g_autoptr (GError) error = NULL;
  KgImportStats stats = { 0 };
  g_assert_true (kg_import_jsonl_data (back, "export.jsonl", text, len, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.nodes, ==, kg_graph_n_nodes (g));
  g_assert_cmpuint (stats.relationships, ==, kg_graph_n_edges (g));
  *text_out = text;
  return g_steal_pointer (&back);
}

static void
test_jsonl_corpus (void)
{
  g_autoptr (KgGraph) g = corpus ();
  g_autofree char *text = NULL;
  g_autoptr (KgGraph) back = jsonl_round_trip (g, &text);
  assert_same_graph (g, back);
  g_autofree char *again = export_text (kg_export_jsonl, back, NULL);
  g_assert_cmpstr (text, ==, again);
}

static void
test_jsonl_every_type (void)
{
  g_autoptr (KgGraph) g = every_type_graph ();
  g_autofree char *text = NULL;
  g_autoptr (KgGraph) back = jsonl_round_trip (g, &text);
  assert_same_graph (g, back);
  g_autofree char *again = export_text (kg_export_jsonl, back, NULL);
  g_assert_cmpstr (text, ==, again);
  /* The first line is what APOC writes, with integers as digits and a type note. */
  g_assert_true (g_str_has_prefix (text, "{\"type\":\"node\",\"id\":\"0\",\"labels\":[\"Person\",\"Actor\"],\"properties\":{"));
  g_assert_nonnull (strstr (text, "\"beyond53\":9007199254740993,"));
  g_assert_nonnull (strstr (text, "\"big\":9223372036854775807,"));
  g_assert_nonnull (strstr (text, "\"date\":\"2024-08-11\""));
  g_assert_nonnull (strstr (text, "\"kgq:types\":{"));
  g_assert_nonnull (strstr (text, "{\"type\":\"relationship\",\"id\":\"0\",\"label\":\"KNOWS\",\"start\":{\"id\":\"0\",\"labels\":[\"Person\",\"Actor\"]},\"end\":{\"id\":\"1\""));
}

/* Ids of deleted nodes leave gaps; the file still ties relationships to the right nodes. */
static void
test_jsonl_gaps (void)
{
  g_autoptr (KgGraph) g = every_type_graph ();
  KgNodeId extra = kg_graph_add_node (g);
  KgNodeId last = kg_graph_add_node (g);
  kg_graph_add_edge (g, last, 0, kg_graph_intern (g, KG_SYM_TYPE, "BACK"));
  g_assert_true (kg_graph_delete_node (g, extra, TRUE, NULL));
  g_autofree char *text = NULL;
  g_autoptr (KgGraph) back = jsonl_round_trip (g, &text);
  assert_same_graph (g, back);
}

/* What apoc.export.json and Memgraph write reads in: string and integer ids, bare ends. */
static void
test_jsonl_foreign (void)
{
  const char *text = "{\"type\":\"node\",\"id\":\"2\",\"labels\":[\"User\"],\"properties\":{\"age\":12,\"born\":\"2001-02-03\"}}\r\n"
                     "\n"
                     "{\"type\":\"node\",\"id\":\"3\",\"labels\":[\"User\"]}\n"
                     "{\"id\":\"0\",\"type\":\"relationship\",\"label\":\"KNOWS\",\"properties\":{\"since\":1993,\"gone\":null},\"start\":{\"id\":\"2\",\"labels\":[\"User\"]},\"end\":{\"id\":\"3\",\"labels\":[\"User\"]}}\n"
                     "{\"type\":\"node\",\"id\":7,\"labels\":[],\"properties\":{}}\n"
                     "{\"end\":7,\"id\":1,\"label\":\"LIKES\",\"properties\":{},\"start\":3,\"type\":\"relationship\"}\n";
  g_autoptr (KgGraph) g = kg_graph_new ();
  g_autoptr (GError) error = NULL;
  g_assert_true (kg_import_jsonl_data (g, "apoc.jsonl", text, strlen (text), NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (kg_graph_n_nodes (g), ==, 3);
  g_assert_cmpuint (kg_graph_n_edges (g), ==, 2);
  g_autofree char *p0 = props_text (g, 0, TRUE), *r0 = props_text (g, 0, FALSE);
  g_assert_cmpstr (p0, ==, "age=12 born='2001-02-03'");
  g_assert_cmpstr (r0, ==, "since=1993");
  g_assert_cmpuint (kg_graph_edge_src (g, 1), ==, 1);
  g_assert_cmpuint (kg_graph_edge_dst (g, 1), ==, 2);
}

typedef struct
{
  const char *text;
  const char *message;
  gsize len; /* bytes of @text when it holds a NUL; 0: up to the NUL */
} BadCase;

/* The size and version of a graph before a load that must fail. */
typedef struct
{
  guint nodes, edges;
  guint64 version;
} GraphState;

static GraphState
graph_state (const KgGraph *g)
{
  return (GraphState){ kg_graph_n_nodes (g), kg_graph_n_edges (g), kg_graph_version (g) };
}

/* Bad case @i failed as it should: with a message starting with @expected, and leaving
 * @g as it was in @before. */
static void
check_failed_load (guint i, const KgGraph *g, const GraphState *before, const GError *error, const char *expected)
{
  g_assert_nonnull (error);
  if (!g_str_has_prefix (error->message, expected))
    g_error ("case %u: got \"%s\", expected \"%s\"", i, error->message, expected);
  g_assert_cmpuint (kg_graph_n_nodes (g), ==, before->nodes);
  g_assert_cmpuint (kg_graph_n_edges (g), ==, before->edges);
  g_assert_cmpuint (kg_graph_version (g), ==, before->version);
}

static const BadCase bad_jsonl[] = {
  { "{\"type\":\"node\",\"id\":\"1\"}\nnot json\n", "bad.jsonl:2: bad JSON at column 3: unexpected identifier `not'" },
  { "[1, 2]\n", "bad.jsonl:1: expected a JSON object" },
  { "{\"type\":\"vertex\",\"id\":1}\n", "bad.jsonl:1: \"type\" must be \"node\" or \"relationship\"" },
  { "{\"type\":\"node\"}\n", "bad.jsonl:1: a node needs an \"id\" (a string or an integer)" },
  { "{\"type\":\"node\",\"id\":1.5}\n", "bad.jsonl:1: a node needs an \"id\"" },
  { "{\"type\":\"node\",\"id\":\"a\"}\n{\"type\":\"node\",\"id\":\"a\"}\n", "bad.jsonl:2: node id \"a\" already used on line 1" },
  { "{\"type\":\"node\",\"id\":\"a\",\"labels\":\"Person\"}\n", "bad.jsonl:1: \"labels\" must be an array of strings" },
  { "{\"type\":\"node\",\"id\":\"a\",\"labels\":[1]}\n", "bad.jsonl:1: \"labels\" must be an array of non-empty strings" },
  { "{\"type\":\"node\",\"id\":\"a\",\"properties\":[]}\n", "bad.jsonl:1: \"properties\" must be an object" },
  { "{\"type\":\"node\",\"id\":\"a\"}\n{\"type\":\"relationship\",\"label\":\"T\",\"start\":{\"id\":\"a\"},\"end\":{\"id\":\"b\"}}\n",
    "bad.jsonl:2: relationship end node \"b\" is not in the file" },
  { "{\"type\":\"relationship\",\"start\":1,\"end\":1}\n", "bad.jsonl:1: a relationship needs a \"label\" (its type)" },
  { "{\"type\":\"relationship\",\"label\":\"T\",\"start\":{}}\n", "bad.jsonl:1: a relationship needs \"start\" and \"end\" with node ids" },
  { "{\"type\":\"node\",\"id\":1,\"properties\":{\"d\":\"x\"},\"kgq:types\":{\"d\":[\"DATE\",\"x\"]}}\n", "bad.jsonl:1: property \"d\": bad DATE in \"kgq:types\"" },
  { "{\"type\":\"node\",\"id\":1,\"properties\":{\"t\":\"x\"},\"kgq:types\":{\"t\":[\"TIME\",-1,0]}}\n", "bad.jsonl:1: property \"t\": bad TIME in \"kgq:types\"" },
  { "{\"type\":\"node\",\"id\":1,\"properties\":{\"t\":\"x\"},\"kgq:types\":{\"t\":[\"EPOCH\",1]}}\n", "bad.jsonl:1: property \"t\": bad EPOCH in \"kgq:types\"" },
  { "{\"type\":\"node\",\"id\":1,\"properties\":{\"f\":\"x\"},\"kgq:types\":{\"f\":\"FLOAT\"}}\n", "bad.jsonl:1: property \"f\": a FLOAT in \"kgq:types\" must be" },
  { "{\"type\":\"node\",\"id\":1,\"properties\":{\"l\":[1]},\"kgq:types\":{\"l\":{\"list\":[]}}}\n", "bad.jsonl:1: property \"l\": a list and its \"kgq:types\" note differ in length" },
  { "{\"type\":\"node\",\"id\":1,\"properties\":{\"l\":1},\"kgq:types\":{\"l\":{\"map\":{}}}}\n", "bad.jsonl:1: property \"l\": a \"kgq:types\" note does not match its value" },
  { "{\"type\":\"node\",\"id\":1,\"properties\":{},\"kgq:types\":3}\n", "bad.jsonl:1: \"kgq:types\" must be an object" },
  { "{\"type\":\"node\",\"id\":\"\xff\"}\n", "bad.jsonl:1: invalid UTF-8 at byte 22" },
  { "{\"type\":\"node\",\"id\":\"a\0b\"}\n", "bad.jsonl:1: invalid UTF-8 at byte 23", 28 },
};

/* Every bad case fails with its message and leaves a graph that already held data as it was. */
static void
test_jsonl_bad (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_jsonl); i++)
    {
      g_autoptr (KgGraph) g = every_type_graph ();
      GraphState before = graph_state (g);
      g_autoptr (GError) error = NULL;
      gsize len = bad_jsonl[i].len != 0 ? bad_jsonl[i].len : strlen (bad_jsonl[i].text);
      g_assert_false (kg_import_jsonl_data (g, "bad.jsonl", bad_jsonl[i].text, len, NULL, &error));
      g_assert_error (error, KG_LOAD_ERROR, error->code);
      check_failed_load (i, g, &before, error, bad_jsonl[i].message);
    }
}

/* An integer beyond 64 bits is refused, not wrapped or rounded; one inside is exact. */
static void
test_jsonl_int_overflow (void)
{
  const char *text = "{\"type\":\"node\",\"id\":1,\"properties\":{\"n\":[-9223372036854775808,1e30,-0.5,9223372036854775808]}}\n";
  g_autoptr (KgGraph) g = kg_graph_new ();
  g_autoptr (GError) error = NULL;
  g_assert_false (kg_import_jsonl_data (g, "big.jsonl", text, strlen (text), NULL, &error));
  g_assert_cmpstr (error->message, ==, "big.jsonl:1: integer 9223372036854775808 does not fit in 64 bits");
  g_assert_cmpuint (kg_graph_n_nodes (g), ==, 0);
}

/* --- Hostile input -------------------------------------------------------------- */

static char *
temp_file (const char *name, const char *data, gsize len)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kg-formats-XXXXXX", &error);
  g_assert_no_error (error);
  char *path = g_build_filename (dir, name, NULL);
  g_assert_true (g_file_set_contents (path, data, (gssize) len, &error));
  return path;
}

static void
remove_temp (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_unlink (path);
  g_rmdir (dir);
}

/* A 100 MB line is refused once it passes the limit. */
static void
test_jsonl_long_line (void)
{
  g_autofree char *path = temp_file ("long.jsonl", "", 0);
  FILE *fp = fopen (path, "wb");
  g_assert_nonnull (fp);
  fputs ("{\"type\":\"node\",\"id\":1,\"properties\":{\"s\":\"", fp);
  g_autofree char *chunk = g_malloc (1 << 20);
  memset (chunk, 'x', 1 << 20);
  for (int i = 0; i < 100; i++)
    g_assert_cmpuint (fwrite (chunk, 1, 1 << 20, fp), ==, 1 << 20);
  fputs ("\"}}\n", fp);
  g_assert_cmpint (fclose (fp), ==, 0);

  g_autoptr (KgGraph) g = kg_graph_new ();
  g_autoptr (GError) error = NULL;
  g_assert_false (kg_import_jsonl (g, path, NULL, &error));
  g_autofree char *expected = g_strdup_printf ("%s:1: line longer than 67108864 bytes", path);
  g_assert_cmpstr (error->message, ==, expected);
  g_assert_cmpuint (kg_graph_n_nodes (g), ==, 0);
  remove_temp (path);
}

static void
test_jsonl_deep (void)
{
  g_autoptr (GString) s = g_string_new ("{\"type\":\"node\",\"id\":1,\"properties\":{\"l\":");
  for (int i = 0; i < 100000; i++)
    g_string_append_c (s, '[');
  g_autoptr (KgGraph) g = kg_graph_new ();
  g_autoptr (GError) error = NULL;
  g_assert_false (kg_import_jsonl_data (g, "deep.jsonl", s->str, s->len, NULL, &error));
  g_assert_cmpstr (error->message, ==, "deep.jsonl:1: JSON nested deeper than 512 levels");
  g_assert_cmpuint (kg_graph_n_nodes (g), ==, 0);

  /* Just under the limit is fine. */
  g_string_assign (s, "{\"type\":\"node\",\"id\":1,\"properties\":{\"l\":");
  for (int i = 0; i < 500; i++)
    g_string_append_c (s, '[');
  for (int i = 0; i < 500; i++)
    g_string_append_c (s, ']');
  g_string_append (s, "}}");
  g_clear_error (&error);
  g_assert_true (kg_import_jsonl_data (g, "deep.jsonl", s->str, s->len, NULL, &error));
  g_assert_no_error (error);
}

static void
test_jsonl_missing_file (void)
{
  g_autoptr (KgGraph) g = kg_graph_new ();
  g_autoptr (GError) error = NULL;
  g_assert_false (kg_import_jsonl (g, "/nonexistent/x.jsonl", NULL, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_true (g_str_has_prefix (error->message, "/nonexistent/x.jsonl: "));
}

/* --- RDF ----------------------------------------------------------------------- */

static const char *const syntax_names[] = { "ntriples", "nquads", "turtle", "trig" };

static KgGraph *
rdf_round_trip (const KgGraph *g, KgRdfSyntax syntax, char **text_out)
{
  char *buf = NULL;
  size_t size = 0;
  FILE *out = open_memstream (&buf, &size);
  g_autoptr (GError) error = NULL;
  g_assert_true (kg_export_rdf (g, out, syntax, &error));
  g_assert_no_error (error);
  fclose (out);
  g_autoptr (KgGraph) back = kg_graph_new ();
  if (!kg_import_rdf_data (back, "export.rdf", buf, size, syntax, NULL, &error))
    g_error ("%s: %s\n%s", syntax_names[syntax], error->message, buf);
  if (text_out != NULL)
    *text_out = buf;
  else
    free (buf);
  return g_steal_pointer (&back);
}

/* Each syntax gives the corpus back exactly; in N-Quads and TriG the sources travel as
 * named graphs, one per report, named by the report's node. */
static void
test_rdf_corpus (void)
{
  g_autoptr (KgGraph) g = corpus ();
  for (KgRdfSyntax syntax = KG_RDF_NTRIPLES; syntax <= KG_RDF_TRIG; syntax++)
    {
      g_autofree char *text = NULL;
      g_autoptr (KgGraph) back = rdf_round_trip (g, syntax, &text);
      assert_same_graph (g, back);
      /* A relationship's sources are a property only where there are no named graphs. */
      if (syntax == KG_RDF_NTRIPLES || syntax == KG_RDF_NQUADS)
        g_assert_cmpint (g_regex_match_simple ("^<urn:kgq:rel:[0-9]+> <urn:kgq:vocab:sources> ", text, G_REGEX_MULTILINE, 0), ==, syntax == KG_RDF_NTRIPLES);
    }
  g_autofree char *nq = NULL;
  g_autoptr (KgGraph) back = rdf_round_trip (g, KG_RDF_NQUADS, &nq);
  /* Report r1 is a node; its IRI names the graph of every claim it makes. */
  KgSymbol id = kg_graph_lookup (g, KG_SYM_KEY, "id");
  KgNodeIter it;
  KgNodeId n, r1 = KG_NONE;
  kg_graph_nodes_init (g, KG_NONE, &it);
  while (r1 == KG_NONE && kg_node_iter_next (&it, &n))
    if (g_strcmp0 (kg_graph_node_prop (g, n, id)->u.s, "r1") == 0)
      r1 = n;
  g_autofree char *graph_iri = g_strdup_printf (" <urn:kgq:node:%u> .\n", r1);
  g_assert_nonnull (strstr (nq, graph_iri));
}

static void
test_rdf_every_type (void)
{
  g_autoptr (KgGraph) g = every_type_graph ();
  for (KgRdfSyntax syntax = KG_RDF_NTRIPLES; syntax <= KG_RDF_TRIG; syntax++)
    {
      g_autoptr (KgGraph) back = rdf_round_trip (g, syntax, NULL);
      assert_same_graph (g, back);
    }
}

/* Foreign RDF: prefixes, a base, blank nodes, language tags, XSD types, several values,
 * escapes and a long literal; written out again it reads back the same. */
static void
test_rdf_foreign (void)
{
  const char *ttl = "@base <http://example.org/> .\n"
                    "@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n"
                    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
                    "<alice> a foaf:Person ; foaf:name \"Alice\" , \"Alicia\"@es ;\n"
                    "  foaf:age 42 ; foaf:height 1.75 ; foaf:born \"1990-05-01\"^^xsd:date ;\n"
                    "  foaf:note \"\"\"two\nlines \\\" \\u00e9\"\"\" ; foaf:bad \"x\"^^xsd:integer ;\n"
                    "  foaf:knows _:b , [ foaf:name \"anon\" ] .\n"
                    "_:b foaf:name \"Bob\" ; foaf:knows <alice> .\n";
  g_autoptr (KgGraph) g = kg_graph_new ();
  g_autoptr (GError) error = NULL;
  KgImportStats stats = { 0 };
  g_assert_true (kg_import_rdf_data (g, "foaf.ttl", ttl, strlen (ttl), KG_RDF_TURTLE, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.nodes, ==, 3);
  g_assert_cmpuint (stats.relationships, ==, 3);
  g_autofree char *labels = labels_text (g, 0);
  g_assert_cmpstr (labels, ==, ":Person");
  g_autofree char *alice = props_text (g, 0, TRUE);
  g_assert_cmpstr (alice, ==,
                   "age=42 bad='x' born=date('1990-05-01') height=1.75 name='Alice' name@es='Alicia' "
                   "note='two\\nlines \" \u00e9' "
                   "rdf_predicates=['http://xmlns.com/foaf/0.1/age', 'http://xmlns.com/foaf/0.1/bad', "
                   "'http://xmlns.com/foaf/0.1/born', 'http://xmlns.com/foaf/0.1/height', 'http://xmlns.com/foaf/0.1/name', "
                   "'http://xmlns.com/foaf/0.1/note'] rdf_types=['http://xmlns.com/foaf/0.1/Person'] uri='http://example.org/alice'");
  g_assert_cmpstr (kg_graph_symbol_name (g, KG_SYM_TYPE, kg_graph_edge_type (g, 0)), ==, "knows");
  for (KgRdfSyntax syntax = KG_RDF_NTRIPLES; syntax <= KG_RDF_TRIG; syntax++)
    {
      g_autofree char *text = NULL;
      g_autoptr (KgGraph) back = rdf_round_trip (g, syntax, &text);
      assert_same_graph (g, back);
      g_assert_nonnull (strstr (text, "http://xmlns.com/foaf/0.1/knows"));
    }
}

static const BadCase bad_rdf[] = {
  { "<http://x/a> <http://x/b> <http://x/c> .\n<http://x/a> <http://x/b> .\n", "bad.rdf:2:" },
  { "<http://x/a> <http://x/b> \"unterminated .\n", "bad.rdf:1:" },
  { "<a> <http://x/b> <http://x/c> .\n", "bad.rdf:1:3: missing IRI scheme" },
  { "<http://x/a b> <http://x/c> <http://x/d> .\n", "bad.rdf:1:" },
  { "<http://x/a> <http://x/b> \"\xff\xfe\" .\n", "bad.rdf:1:" },
  { "<http://x/a> <http://x/b> <http://x/c> <http://x/g> <http://x/h> .\n", "bad.rdf:1:" },
  { "<http://x/a> <http://x/b> \"x\"@ .\n", "bad.rdf:1:" },
  { "<http://x/a> <http://x/b> \"a\0b\" .\n", "bad.rdf:0:0: NUL byte in RDF text", 36 },
};

static void
test_rdf_bad (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_rdf); i++)
    {
      g_autoptr (KgGraph) g = every_type_graph ();
      GraphState before = graph_state (g);
      g_autoptr (GError) error = NULL;
      gsize len = bad_rdf[i].len != 0 ? bad_rdf[i].len : strlen (bad_rdf[i].text);
      g_assert_false (kg_import_rdf_data (g, "bad.rdf", bad_rdf[i].text, len, KG_RDF_NQUADS, NULL, &error));
      g_assert_error (error, KG_LOAD_ERROR, KG_LOAD_ERROR_PARSE);
      check_failed_load (i, g, &before, error, bad_rdf[i].message);
      /* FILE:LINE:COL, then a reason. */
      g_assert_true (g_regex_match_simple ("^bad\\.rdf:[0-9]+:[0-9]+: .", error->message, 0, 0));
    }
}

/* A long line (8 MB here; the 100 MB case is JSON Lines', which stops at its limit, while
 * serd reads every byte, about 10 s for 100 MB on a busy machine) holding an
 * unterminated literal ends in serd's error with its place. */
static void
test_rdf_long_line (void)
{
  g_autofree char *path = temp_file ("long.nt", "", 0);
  FILE *fp = fopen (path, "wb");
  g_assert_nonnull (fp);
  fputs ("<http://x/a> <http://x/b> \"", fp);
  g_autofree char *chunk = g_malloc (1 << 20);
  memset (chunk, 'x', 1 << 20);
  for (int i = 0; i < 8; i++)
    g_assert_cmpuint (fwrite (chunk, 1, 1 << 20, fp), ==, 1 << 20);
  g_assert_cmpint (fclose (fp), ==, 0);
  g_autoptr (KgGraph) g = kg_graph_new ();
  g_autoptr (GError) error = NULL;
  g_assert_false (kg_import_rdf (g, path, KG_RDF_NTRIPLES, NULL, &error));
  g_autofree char *prefix = g_strdup_printf ("%s:1:", path);
  g_assert_true (g_str_has_prefix (error->message, prefix));
  g_assert_cmpuint (kg_graph_n_nodes (g), ==, 0);
  remove_temp (path);
}

/* --- GraphML ------------------------------------------------------------------- */

static KgGraph *
graphml_round_trip (const KgGraph *g, char **text_out)
{
  gsize len = 0;
  char *text = export_text (kg_export_graphml, g, &len);
  g_autoptr (KgGraph) back = kg_graph_new ();
  g_autoptr (GError) error = NULL;
  if (!kg_import_graphml_data (back, "export.graphml", text, len, NULL, &error))
    g_error ("%s\n%s", error->message, text);
  g_autofree char *again = export_text (kg_export_graphml, back, NULL);
  g_assert_cmpstr (text, ==, again);
  *text_out = text;
  return g_steal_pointer (&back);
}

static void
test_graphml_round_trip (void)
{
  g_autoptr (KgGraph) c = corpus ();
  g_autoptr (KgGraph) t = every_type_graph ();
  const KgGraph *graphs[] = { c, t };
  for (guint i = 0; i < G_N_ELEMENTS (graphs); i++)
    {
      g_autofree char *text = NULL;
      g_autoptr (KgGraph) back = graphml_round_trip (graphs[i], &text);
      assert_same_graph (graphs[i], back);
    }
  g_autofree char *text = NULL;
  g_autoptr (KgGraph) back = graphml_round_trip (t, &text);
  g_assert_nonnull (strstr (text, "attr.name=\"big\" attr.type=\"long\""));
  g_assert_nonnull (strstr (text, "attr.name=\"date\" attr.type=\"string\" kgq:datatype=\"http://www.w3.org/2001/XMLSchema#date\""));
  g_assert_nonnull (strstr (text, ">:Person:Actor</data>"));
  g_assert_nonnull (strstr (text, "<edge id=\"e1\" source=\"n0\" target=\"n1\">"));
}

/* What other tools write: defaults, int and float keys, no labels, an undirected graph. */
static void
test_graphml_foreign (void)
{
  const char *xml = "<?xml version=\"1.0\"?>\n"
                    "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
                    "<key id=\"d0\" for=\"node\" attr.name=\"color\" attr.type=\"string\"><default>yellow</default></key>\n"
                    "<key id=\"d1\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>\n"
                    "<key id=\"d2\" for=\"node\" attr.name=\"n\" attr.type=\"int\"/>\n"
                    "<graph id=\"G\" edgedefault=\"undirected\">\n"
                    "<node id=\"a\"><data key=\"d0\">green</data><data key=\"d2\"> 7 </data></node>\n"
                    "<node id=\"b\"/>\n"
                    "<edge source=\"a\" target=\"b\"><data key=\"d1\">1.5</data></edge>\n"
                    "<edge source=\"a\" target=\"b\"><data key=\"d1\">inf</data></edge>\n"
                    "</graph></graphml>\n";
  g_autoptr (KgGraph) g = kg_graph_new ();
  g_autoptr (GError) error = NULL;
  g_assert_true (kg_import_graphml_data (g, "nx.graphml", xml, strlen (xml), NULL, &error));
  g_assert_no_error (error);
  g_autofree char *a = props_text (g, 0, TRUE), *b = props_text (g, 1, TRUE), *e = props_text (g, 1, FALSE);
  g_assert_cmpstr (a, ==, "color='green' n=7");
  g_assert_cmpstr (b, ==, "color='yellow'");
  g_assert_cmpstr (e, ==, "weight=Infinity");
  g_assert_cmpstr (kg_graph_symbol_name (g, KG_SYM_TYPE, kg_graph_edge_type (g, 0)), ==, "RELATED");
}

static const BadCase bad_graphml[] = {
  { "<graphml><graph><node id=\"a\">", "bad.graphml:1:" },
  { "<graphml><graph><node id=\"a\"/><edge source=\"a\" target=\"z\"/></graph></graphml>", "bad.graphml:1: edge target \"z\" is not a node" },
  { "<graphml><graph><node id=\"a\"/><node id=\"a\"/></graph></graphml>", "bad.graphml:1: node id \"a\" used twice" },
  { "<graphml><graph><node id=\"a\"><data key=\"q\">1</data></node></graph></graphml>", "bad.graphml:1: <data> names no declared key (\"q\")" },
  { "<graphml><key id=\"k\" attr.name=\"n\" attr.type=\"long\"/><graph><node id=\"a\"><data key=\"k\">x</data></node></graph></graphml>",
    "bad.graphml:1: value \"x\" of key \"n\" is not a long" },
  { "<graphml><key id=\"k\" attr.type=\"complex\"/></graphml>", "bad.graphml:1: key attr.type \"complex\" is not" },
  { "<graphml><graph><hyperedge/></graph></graphml>", "bad.graphml:1: hyperedges are not supported" },
  { "<graphml><graph><node id=\"a\"><graph/></node></graph></graphml>", "bad.graphml:1: nested graphs and ports are not supported" },
  { "<gexf/>", "bad.graphml:1: the root element is not <graphml>" },
  { "<graphml>\xff</graphml>", "bad.graphml:1:" },
  { "<!DOCTYPE g [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><graphml><key id=\"k\"/><graph><node id=\"a\"><data key=\"k\">&x;</data></node></graph></graphml>",
    NULL },
};

static void
test_graphml_bad (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_graphml); i++)
    {
      g_autoptr (KgGraph) g = every_type_graph ();
      GraphState before = graph_state (g);
      g_autoptr (GError) error = NULL;
      gboolean ok = kg_import_graphml_data (g, "bad.graphml", bad_graphml[i].text, strlen (bad_graphml[i].text), NULL, &error);
      if (bad_graphml[i].message == NULL)
        {
          /* An external entity is never fetched: the value stays empty or the load fails. */
          if (ok)
            {
              const KgValue *v = kg_graph_node_prop (g, kg_graph_node_bound (g) - 1, kg_graph_lookup (g, KG_SYM_KEY, "k"));
              g_assert_true (v == NULL || strstr (v->u.s, "root:") == NULL);
            }
          continue;
        }
      g_assert_false (ok);
      check_failed_load (i, g, &before, error, bad_graphml[i].message);
    }
}

/* Deep nesting and entity expansion end in libxml2's errors, not a crash or a hang. */
static void
test_graphml_hostile (void)
{
  g_autoptr (GString) deep = g_string_new ("<graphml>");
  for (int i = 0; i < 100000; i++)
    g_string_append (deep, "<a>");
  g_autoptr (KgGraph) g = kg_graph_new ();
  g_autoptr (GError) error = NULL;
  g_assert_false (kg_import_graphml_data (g, "deep.graphml", deep->str, deep->len, NULL, &error));
  g_assert_true (g_str_has_prefix (error->message, "deep.graphml:1:"));
  g_clear_error (&error);

  g_autoptr (GString) laughs = g_string_new ("<!DOCTYPE l [<!ENTITY a \"lollollollollollollollollollol\">");
  for (char c = 'b'; c <= 'k'; c++)
    {
      g_string_append_printf (laughs, "<!ENTITY %c \"", c);
      for (int i = 0; i < 10; i++)
        g_string_append_printf (laughs, "&%c;", c - 1);
      g_string_append (laughs, "\">");
    }
  g_string_append (laughs, "]><graphml><key id=\"k\"/><graph><node id=\"n\"><data key=\"k\">&k;</data></node></graph></graphml>");
  gboolean ok = kg_import_graphml_data (g, "laughs.graphml", laughs->str, laughs->len, NULL, &error);
  g_assert_false (ok);
  g_assert_cmpuint (kg_graph_n_nodes (g), ==, 0);
}

/* --- CSV ----------------------------------------------------------------------- */

/* Every node and relationship of @g as sorted text lines, ids left out: for graphs that
 * hold the same entities created in another order. */
static char *
canonical (const KgGraph *g)
{
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GHashTable) text = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  KgNodeIter it;
  KgNodeId n;
  kg_graph_nodes_init (g, KG_NONE, &it);
  while (kg_node_iter_next (&it, &n))
    {
      g_autofree char *l = labels_text (g, n), *p = props_text (g, n, TRUE);
      char *t = g_strdup_printf ("(%s %s)", l, p);
      g_hash_table_insert (text, GUINT_TO_POINTER (n + 1), t);
      g_ptr_array_add (lines, g_strdup (t));
    }
  KgEdgeIter eit;
  KgEdgeId e;
  kg_graph_edges_init (g, KG_NONE, &eit);
  while (kg_edge_iter_next (&eit, &e))
    {
      g_autofree char *p = props_text (g, e, FALSE);
      g_ptr_array_add (lines, g_strdup_printf ("%s-[:%s %s]->%s", (char *) g_hash_table_lookup (text, GUINT_TO_POINTER (kg_graph_edge_src (g, e) + 1)),
                                               kg_graph_symbol_name (g, KG_SYM_TYPE, kg_graph_edge_type (g, e)), p,
                                               (char *) g_hash_table_lookup (text, GUINT_TO_POINTER (kg_graph_edge_dst (g, e) + 1))));
    }
  g_ptr_array_sort (lines, cmp_strv);
  g_ptr_array_add (lines, NULL);
  return g_strjoinv ("\n", (char **) lines->pdata);
}

/* Writes @g as CSV files and reads them back with the arguments the export gives. */
static KgGraph *
csv_round_trip (const KgGraph *g, guint64 *approximated, char **args_out)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kg-csv-export-XXXXXX", &error);
  g_autofree char *out = g_build_filename (dir, "out", NULL);
  g_autofree char *args = NULL;
  g_assert_true (kg_export_csv (g, out, &args, approximated, &error));
  g_assert_no_error (error);
  g_auto (GStrv) argv = NULL;
  g_assert_true (g_shell_parse_argv (args, NULL, &argv, &error));
  g_autoptr (KgCsvImportSpec) spec = kg_csv_import_spec_new ();
  for (char **a = argv; *a != NULL; a++)
    {
      if (g_str_has_prefix (*a, "--nodes="))
        g_assert_true (kg_csv_import_spec_add_arg (spec, KG_CSV_NODES, *a + 8, &error));
      else if (g_str_has_prefix (*a, "--relationships="))
        g_assert_true (kg_csv_import_spec_add_arg (spec, KG_CSV_RELATIONSHIPS, *a + 16, &error));
      else if (g_str_has_prefix (*a, "--array-delimiter="))
        kg_csv_import_spec_set_array_delimiter (spec, strcmp (*a + 18, "TAB") == 0 ? '\t' : (*a)[18]);
    }
  KgGraph *back = kg_csv_import_new (spec, NULL, &error);
  if (back == NULL)
    g_error ("%s", error->message);
  /* Remove what the export wrote. */
  g_autoptr (GDir) d = g_dir_open (out, 0, NULL);
  const char *name;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (out, name, NULL);
      g_unlink (p);
    }
  g_rmdir (out);
  g_rmdir (dir);
  if (args_out != NULL)
    *args_out = g_steal_pointer (&args);
  return back;
}

static void
test_csv_corpus (void)
{
  g_autoptr (KgGraph) g = corpus ();
  guint64 approx = 0;
  g_autofree char *args = NULL;
  g_autoptr (KgGraph) back = csv_round_trip (g, &approx, &args);
  g_autofree char *a = canonical (g), *b = canonical (back);
  g_assert_cmpuint (kg_graph_n_nodes (back), ==, kg_graph_n_nodes (g));
  g_assert_cmpuint (kg_graph_n_edges (back), ==, kg_graph_n_edges (g));
  g_assert_cmpstr (a, ==, b);
  g_assert_cmpuint (approx, ==, 0);
}

/* Every value a typed column holds comes back with its type; labels with the array
 * delimiter in them move it to another character. */
static void
test_csv_types (void)
{
  g_autoptr (KgGraph) g = kg_graph_new ();
  KgNodeId a = kg_graph_add_node (g), b = kg_graph_add_node (g), c = kg_graph_add_node (g);
  kg_graph_node_add_label (g, a, kg_graph_intern (g, KG_SYM_LABEL, "Person"));
  kg_graph_node_add_label (g, a, kg_graph_intern (g, KG_SYM_LABEL, "semi;colon"));
  kg_graph_node_add_label (g, b, kg_graph_intern (g, KG_SYM_LABEL, "Person"));
  set_node (g, a, "big", kg_value_int (G_MAXINT64));
  set_node (g, a, "small", kg_value_int (G_MININT64));
  set_node (g, a, "f", kg_value_float (-0.5));
  set_node (g, a, "nan", kg_value_float (NAN));
  set_node (g, a, "yes", kg_value_bool (FALSE));
  set_node (g, a, "text", kg_value_string ("a, \"quoted\"\nline  "));
  set_node (g, a, "empty", kg_value_string (""));
  set_node (g, a, "date", kg_value_date (19946));
  set_node (g, a, "dt", temporal (KG_VALUE_DATETIME, 16637, 78032142000000, 3600, "Europe/London"));
  set_node (g, a, "lt", temporal (KG_VALUE_LOCALTIME, 0, 1, 0, NULL));
  KgList *l = kg_list_new (0);
  KgValue items[] = { kg_value_string ("x;y"), kg_value_string ("z") };
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    kg_list_append (l, &items[i]);
  set_node (g, b, "tags", kg_value_list (l));
  set_node (g, b, "date", kg_value_string ("not a date"));
  KgEdgeId e = kg_graph_add_edge (g, a, b, kg_graph_intern (g, KG_SYM_TYPE, "KNOWS"));
  kg_graph_add_edge (g, a, b, kg_graph_intern (g, KG_SYM_TYPE, "KNOWS"));
  kg_graph_add_edge (g, c, c, kg_graph_intern (g, KG_SYM_TYPE, "SELF"));
  KgValue w = kg_value_float (2.5);
  kg_graph_edge_set_prop (g, e, kg_graph_intern (g, KG_SYM_KEY, "w"), &w);
  guint64 approx = 0;
  g_autofree char *args = NULL;
  g_autoptr (KgGraph) back = csv_round_trip (g, &approx, &args);
  g_autofree char *x = canonical (g), *y = canonical (back);
  g_assert_cmpstr (x, ==, y);
  g_assert_cmpuint (approx, ==, 0);
  g_assert_nonnull (strstr (args, "--array-delimiter=|"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/formats/jsonl/corpus-round-trip", test_jsonl_corpus);
  g_test_add_func ("/formats/jsonl/every-type", test_jsonl_every_type);
  g_test_add_func ("/formats/jsonl/id-gaps", test_jsonl_gaps);
  g_test_add_func ("/formats/jsonl/apoc-and-memgraph", test_jsonl_foreign);
  g_test_add_func ("/formats/jsonl/bad-input", test_jsonl_bad);
  g_test_add_func ("/formats/jsonl/integer-overflow", test_jsonl_int_overflow);
  g_test_add_func ("/formats/jsonl/long-line", test_jsonl_long_line);
  g_test_add_func ("/formats/jsonl/deep-nesting", test_jsonl_deep);
  g_test_add_func ("/formats/jsonl/missing-file", test_jsonl_missing_file);
  g_test_add_func ("/formats/rdf/corpus-round-trip", test_rdf_corpus);
  g_test_add_func ("/formats/rdf/every-type", test_rdf_every_type);
  g_test_add_func ("/formats/rdf/foreign", test_rdf_foreign);
  g_test_add_func ("/formats/rdf/bad-input", test_rdf_bad);
  g_test_add_func ("/formats/rdf/long-line", test_rdf_long_line);
  g_test_add_func ("/formats/graphml/round-trip", test_graphml_round_trip);
  g_test_add_func ("/formats/graphml/foreign", test_graphml_foreign);
  g_test_add_func ("/formats/graphml/bad-input", test_graphml_bad);
  g_test_add_func ("/formats/graphml/hostile", test_graphml_hostile);
  g_test_add_func ("/formats/csv/corpus-round-trip", test_csv_corpus);
  g_test_add_func ("/formats/csv/types", test_csv_types);
  return g_test_run ();
}
