/* tests/unit/test-format.c — kgq_format_value() and the CLI's result writers (table,
 * CSV, TSV, JSON, JSON lines, Markdown) on hand-built values and a small graph, without
 * running queries: scalars, quoting and escaping, nested lists and maps, nodes,
 * relationships and paths in both directions, wide characters and cut cells.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lib/kgq-private.h"

typedef struct
{
  KgqDb *db;
  KgqSession *session;
  KgNodeId a, b;
  KgEdgeId e;
} Fixture;

static void
set_str (KgGraph *g, KgNodeId n, const char *key, const char *s)
{
  KgValue v = kg_value_string (s);
  kg_graph_node_set_prop (g, n, kg_graph_intern (g, KG_SYM_KEY, key), &v);
  kg_value_clear (&v);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->db = kgq_db_new ();
  f->session = kgq_session_new (f->db);
  KgGraph *g = kgq_db_graph (f->db);
  f->a = kg_graph_add_node (g);
  kg_graph_node_add_label (g, f->a, kg_graph_intern (g, KG_SYM_LABEL, "Person"));
  set_str (g, f->a, "name", "Anne Hidalgo");
  KgValue born = kg_value_int (1959);
  kg_graph_node_set_prop (g, f->a, kg_graph_intern (g, KG_SYM_KEY, "born"), &born);
  f->b = kg_graph_add_node (g);
  kg_graph_node_add_label (g, f->b, kg_graph_intern (g, KG_SYM_LABEL, "Person"));
  kg_graph_node_add_label (g, f->b, kg_graph_intern (g, KG_SYM_LABEL, "Mayor"));
  set_str (g, f->b, "name", "Karen \"KB\" Bass");
  f->e = kg_graph_add_edge (g, f->a, f->b, kg_graph_intern (g, KG_SYM_TYPE, "hands_to"));
  KgList *l = kg_list_new (2);
  KgValue s1 = kg_value_string ("r1"), s2 = kg_value_string ("r'2");
  kg_list_append (l, &s1);
  kg_list_append (l, &s2);
  KgValue lv = kg_value_list (l);
  kg_graph_edge_set_prop (g, f->e, kg_graph_intern (g, KG_SYM_KEY, "sources"), &lv);
  kg_value_clear (&lv);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  kgq_session_free (f->session);
  kgq_db_free (f->db);
}

static char *
fmt (KgqSession *session, const KgValue *v, gboolean quote)
{
  GString *s = g_string_new (NULL);
  kgq_format_value (session, s, v, quote);
  return g_string_free (s, FALSE);
}

#define CHECK_FMT(db, v, quote, expected)               \
  do                                                    \
    {                                                   \
      g_autofree char *got_ = fmt ((db), (v), (quote)); \
      g_assert_cmpstr (got_, ==, (expected));           \
    }                                                   \
  while (0)

static void
test_scalars (void)
{
  KgValue v = kg_value_null ();
  CHECK_FMT (NULL, &v, TRUE, "null");
  v = kg_value_bool (TRUE);
  CHECK_FMT (NULL, &v, TRUE, "true");
  v = kg_value_int (-42);
  CHECK_FMT (NULL, &v, TRUE, "-42");
  v = kg_value_float (2.5);
  CHECK_FMT (NULL, &v, TRUE, "2.5");
  v = kg_value_float (3.0);
  CHECK_FMT (NULL, &v, TRUE, "3.0");
  v = kg_value_float (1e300);
  CHECK_FMT (NULL, &v, TRUE, "1e300");
  v = kg_value_float (NAN);
  CHECK_FMT (NULL, &v, TRUE, "NaN");
  v = kg_value_float (-INFINITY);
  CHECK_FMT (NULL, &v, TRUE, "-Infinity");
  v = kg_value_float (0.1);
  CHECK_FMT (NULL, &v, TRUE, "0.1");
  gint32 days;
  g_assert_true (kg_date_parse ("2024-08-11", &days));
  v = kg_value_date (days);
  CHECK_FMT (NULL, &v, TRUE, "2024-08-11");

  v = kg_value_string ("it's a \\ \"test\"\n");
  CHECK_FMT (NULL, &v, FALSE, "it's a \\ \"test\"\n");
  CHECK_FMT (NULL, &v, TRUE, "'it\\'s a \\\\ \"test\"\\n'");
  kg_value_clear (&v);
}

static void
test_containers (void)
{
  KgList *inner = kg_list_new (2);
  KgValue x = kg_value_int (1), y = kg_value_string ("a");
  kg_list_append (inner, &x);
  kg_list_append (inner, &y);
  KgMap *m = kg_map_new (2);
  KgValue il = kg_value_list (inner);
  kg_map_set (m, "list", &il);
  KgValue n = kg_value_null ();
  kg_map_set (m, "odd key", &n);
  KgValue mv = kg_value_map (m);
  /* Strings inside containers are quoted even when the top level is not. */
  CHECK_FMT (NULL, &mv, FALSE, "{list: [1, 'a'], `odd key`: null}");
  kg_value_clear (&mv);
  KgValue empty = kg_value_list (kg_list_new (0));
  CHECK_FMT (NULL, &empty, FALSE, "[]");
  kg_value_clear (&empty);
}

static void
test_graph_values (Fixture *f, gconstpointer data)
{
  KgValue v = kg_value_node (f->a);
  CHECK_FMT (f->session, &v, FALSE, "(:Person {born: 1959, name: 'Anne Hidalgo'})");
  v = kg_value_node (f->b);
  CHECK_FMT (f->session, &v, FALSE, "(:Person:Mayor {name: 'Karen \"KB\" Bass'})");
  v = kg_value_edge (f->e);
  CHECK_FMT (f->session, &v, FALSE, "[:hands_to {sources: ['r1', 'r\\'2']}]");
  v = kg_value_node (999);
  CHECK_FMT (f->session, &v, FALSE, "(#999)");
  KgNodeId bare = kg_graph_add_node (kgq_db_graph (f->db));
  v = kg_value_node (bare);
  CHECK_FMT (f->session, &v, FALSE, "()");

  /* A path walked forward, then one walked against the relationship. */
  guint32 fwd_nodes[] = { f->a, f->b }, back_nodes[] = { f->b, f->a }, edges[] = { f->e };
  KgValue p = kg_value_path (kg_path_new (1, fwd_nodes, edges));
  CHECK_FMT (f->session, &p, FALSE,
             "<(:Person {born: 1959, name: 'Anne Hidalgo'})-[:hands_to {sources: ['r1', 'r\\'2']}]->"
             "(:Person:Mayor {name: 'Karen \"KB\" Bass'})>");
  kg_value_clear (&p);
  p = kg_value_path (kg_path_new (1, back_nodes, edges));
  CHECK_FMT (f->session, &p, FALSE,
             "<(:Person:Mayor {name: 'Karen \"KB\" Bass'})<-[:hands_to {sources: ['r1', 'r\\'2']}]-"
             "(:Person {born: 1959, name: 'Anne Hidalgo'})>");
  kg_value_clear (&p);
}

/* Runs a writer over @rows rows of @n columns into a string. */
static char *
write_to_string (KgqSession *session, KgqFormat format, const KgqTableOpts *t, guint n, const char *const *names, const KgValue *cells, guint rows)
{
  char *buf = NULL;
  size_t len = 0;
  FILE *fp = open_memstream (&buf, &len);
  g_autoptr (KgqWriter) w = kgq_writer_new (session, format, fp, t);
  kgq_writer_begin (w, n, names);
  const KgValue *row[8];
  for (guint r = 0; r < rows; r++)
    {
      for (guint c = 0; c < n; c++)
        row[c] = &cells[r * n + c];
      kgq_writer_row (w, row);
    }
  kgq_writer_end (w);
  fclose (fp);
  return buf;
}

static void
test_writers (Fixture *f, gconstpointer data)
{
  const char *names[] = { "who", "n", "note" };
  KgValue cells[6];
  cells[0] = kg_value_node (f->a);
  cells[1] = kg_value_int (7);
  cells[2] = kg_value_string ("tab\there, \"q\"");
  cells[3] = kg_value_edge (f->e);
  cells[4] = kg_value_float (0.5);
  cells[5] = kg_value_null ();

  g_autofree char *csv = write_to_string (f->session, KGQ_FORMAT_CSV, NULL, 3, names, cells, 2);
  g_assert_cmpstr (csv, ==,
                   "who,n,note\n"
                   "\"(:Person {born: 1959, name: 'Anne Hidalgo'})\",7,\"tab\there, \"\"q\"\"\"\n"
                   "\"[:hands_to {sources: ['r1', 'r\\'2']}]\",0.5,\n");

  g_autofree char *tsv = write_to_string (f->session, KGQ_FORMAT_TSV, NULL, 3, names, cells, 2);
  g_assert_cmpstr (tsv, ==,
                   "who\tn\tnote\n"
                   "(:Person {born: 1959, name: 'Anne Hidalgo'})\t7\ttab\\there, \"q\"\n"
                   "[:hands_to {sources: ['r1', 'r\\\\'2']}]\t0.5\t\n");

  g_autofree char *jsonl = write_to_string (f->session, KGQ_FORMAT_JSONL, NULL, 3, names, cells, 2);
  g_assert_cmpstr (jsonl, ==,
                   "{\"who\":{\"~id\":0,\"~labels\":[\"Person\"],\"born\":1959,\"name\":\"Anne Hidalgo\"},"
                   "\"n\":7,\"note\":\"tab\\there, \\\"q\\\"\"}\n"
                   "{\"who\":{\"~id\":0,\"~type\":\"hands_to\",\"~start\":0,\"~end\":1,\"sources\":[\"r1\",\"r'2\"]},"
                   "\"n\":0.5,\"note\":null}\n");

  g_autofree char *json = write_to_string (f->session, KGQ_FORMAT_JSON, NULL, 3, names, cells, 0);
  g_assert_cmpstr (json, ==, "[]\n");

  KgqTableOpts t = { .width = 0, .max_rows = 0, .footer = TRUE };
  KgValue small[4] = { kg_value_int (1), kg_value_string ("東京"), kg_value_int (22), kg_value_string ("x") };
  const char *two[] = { "n", "city" };
  g_autofree char *table = write_to_string (f->session, KGQ_FORMAT_TABLE, &t, 2, two, small, 2);
  g_assert_cmpstr (table, ==,
                   "+----+------+\n"
                   "| n  | city |\n"
                   "+----+------+\n"
                   "|  1 | 東京 |\n"
                   "| 22 | x    |\n"
                   "+----+------+\n"
                   "2 rows\n");

  /* Cut to the terminal's width and to a row budget. */
  KgqTableOpts narrow = { .width = 16, .max_rows = 1, .footer = TRUE };
  KgValue wide[2] = { kg_value_string ("abcdefghijklmnopqrstuvwxyz"), kg_value_string ("b") };
  const char *one[] = { "letters" };
  g_autofree char *cut = write_to_string (f->session, KGQ_FORMAT_TABLE, &narrow, 1, one, wide, 2);
  g_assert_cmpstr (cut, ==,
                   "+--------------+\n"
                   "| letters      |\n"
                   "+--------------+\n"
                   "| abcdefghijk… |\n"
                   "+--------------+\n"
                   "2 rows (first 1 shown; :last shows all)\n");

  g_autofree char *md = write_to_string (f->session, KGQ_FORMAT_MARKDOWN, NULL, 2, two, small, 1);
  g_assert_cmpstr (md, ==, "| n | city |\n| --- | --- |\n| 1 | 東京 |\n");

  for (guint i = 0; i < G_N_ELEMENTS (cells); i++)
    kg_value_clear (&cells[i]);
  for (guint i = 0; i < G_N_ELEMENTS (small); i++)
    kg_value_clear (&small[i]);
  for (guint i = 0; i < G_N_ELEMENTS (wide); i++)
    kg_value_clear (&wide[i]);
}

/* Times, date-times and durations show in ISO 8601, bare in text and as JSON strings. */
static void
test_temporal (Fixture *f, gconstpointer data)
{
  gint64 ns = G_GINT64_CONSTANT (1000000000);
  gint32 day;
  g_assert_true (kg_date_parse ("2015-07-21", &day));
  KgTemporal *d = kg_temporal_new (0, 0, 0, NULL);
  d->months = 14;
  d->days = 3;
  d->seconds = 2 * 3600 + 30;
  d->nanos = 500000000;
  KgValue cells[5] = {
    kg_value_temporal (KG_VALUE_LOCALTIME, kg_temporal_new (0, (21 * 3600 + 40 * 60) * ns, 0, NULL)),
    kg_value_temporal (KG_VALUE_TIME, kg_temporal_new (0, 12 * 3600 * ns + 142000000, 3600, NULL)),
    kg_value_temporal (KG_VALUE_LOCALDATETIME, kg_temporal_new (day, (21 * 3600 + 40 * 60 + 32) * ns, 0, NULL)),
    kg_value_temporal (KG_VALUE_DATETIME, kg_temporal_new (day, 21 * 3600 * ns, 3600, "Europe/London")),
    kg_value_temporal (KG_VALUE_DURATION, d),
  };
  const char *expected[] = { "21:40", "12:00:00.142+01:00", "2015-07-21T21:40:32",
                             "2015-07-21T21:00+01:00[Europe/London]", "P1Y2M3DT2H30.5S" };
  for (guint i = 0; i < G_N_ELEMENTS (cells); i++)
    CHECK_FMT (NULL, &cells[i], TRUE, expected[i]);

  const char *names[] = { "lt", "t", "ldt", "dt", "d" };
  g_autofree char *jsonl = write_to_string (f->session, KGQ_FORMAT_JSONL, NULL, 5, names, cells, 1);
  g_assert_cmpstr (jsonl, ==,
                   "{\"lt\":\"21:40\",\"t\":\"12:00:00.142+01:00\",\"ldt\":\"2015-07-21T21:40:32\","
                   "\"dt\":\"2015-07-21T21:00+01:00[Europe/London]\",\"d\":\"P1Y2M3DT2H30.5S\"}\n");
  for (guint i = 0; i < G_N_ELEMENTS (cells); i++)
    kg_value_clear (&cells[i]);
}

static void
test_format_names (void)
{
  KgqFormat f;
  g_assert_true (kgq_format_parse ("JSONL", &f));
  g_assert_cmpint (f, ==, KGQ_FORMAT_JSONL);
  g_assert_true (kgq_format_parse ("md", &f));
  g_assert_cmpint (f, ==, KGQ_FORMAT_MARKDOWN);
  g_assert_false (kgq_format_parse ("xml", &f));
  g_assert_cmpstr (kgq_format_name (KGQ_FORMAT_TSV), ==, "tsv");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/format/scalars", test_scalars);
  g_test_add_func ("/format/containers", test_containers);
  g_test_add ("/format/graph-values", Fixture, NULL, fixture_setup, test_graph_values, fixture_teardown);
  g_test_add ("/format/writers", Fixture, NULL, fixture_setup, test_writers, fixture_teardown);
  g_test_add ("/format/temporal", Fixture, NULL, fixture_setup, test_temporal, fixture_teardown);
  g_test_add_func ("/format/names", test_format_names);
  return g_test_run ();
}
