/* tests/unit/test-hostile.c — hostile input through the public C API (lib/kgq.h): a
 * table of statements, each with the error code and the line:column it must be
 * reported at (0:0 where the error has no position), run on a session with limits.
 * Nothing may crash, hang or fail without a KG_QUERY_ERROR. A statement that fails
 * must leave the graph as it was. The same kinds of input against the kgq program
 * (files, CSV, snapshots, exit codes) are in tests/robustness/hostile.sh.
 */
#include <string.h>

#include "lib/kgq-private.h"

typedef struct
{
  const char *name;
  char *src;  /* built by make_src() */
  gssize len; /* -1: NUL-terminated */
  int code;   /* KgQueryError, or -1 for success */
  guint line, col;
} Case;

static char *
repeat (const char *head, const char *unit, guint n, const char *mid, const char *tail_unit, const char *tail)
{
  GString *s = g_string_new (head);
  for (guint i = 0; i < n; i++)
    g_string_append (s, unit);
  g_string_append (s, mid);
  for (guint i = 0; tail_unit && i < n; i++)
    g_string_append (s, tail_unit);
  g_string_append (s, tail);
  return g_string_free (s, FALSE);
}

static void
run_case (KgqSession *session, const Case *c)
{
  KgGraph *g = kgq_db_graph (kgq_session_db (session));
  guint nodes = kg_graph_n_nodes (g), edges = kg_graph_n_edges (g);
  GError *error = NULL;
  KgqResult *r = kgq_session_query (session, c->src, c->len, "t.cypher", NULL, &error);
  if (r != NULL)
    {
      while (kgq_result_next (r, &error))
        ;
      kgq_result_free (r);
    }
  if (c->code < 0)
    {
      if (error)
        g_error ("%s: unexpected error: %s", c->name, error->message);
      return;
    }
  if (error == NULL)
    g_error ("%s: no error", c->name);
  if (error->domain != KG_QUERY_ERROR || error->code != c->code)
    g_error ("%s: error code %d (want %d): %s", c->name, error->code, c->code, error->message);
  const KgSpan *span = kg_query_error_get_span (error);
  guint line = span ? span->start.line : 0, col = span ? span->start.column : 0;
  if (line != c->line || col != c->col)
    g_error ("%s: at %u:%u (want %u:%u): %s", c->name, line, col, c->line, c->col, error->message);
  g_free (kg_query_error_render (error, c->src));
  g_error_free (error);
  g_assert_cmpuint (kg_graph_n_nodes (g), ==, nodes);
  g_assert_cmpuint (kg_graph_n_edges (g), ==, edges);
}

static void
test_table (void)
{
  g_autoptr (KgqDb) db = kgq_db_new ();
  g_autoptr (KgqSession) session = kgq_session_new (db);
  static const char *const setup[] = {
    "UNWIND range(1, 25) AS i CREATE (:D {i: i})",
    "MATCH (a:D), (b:D) WHERE a <> b CREATE (a)-[:E]->(b)",
  };
  for (guint i = 0; i < G_N_ELEMENTS (setup); i++)
    {
      KgqResult *r = kgq_session_query (session, setup[i], -1, NULL, NULL, NULL);
      g_assert_nonnull (r);
      while (kgq_result_next (r, NULL))
        ;
      kgq_result_free (r);
    }
  KgqLimits limits = { .timeout_ms = 500, .max_rows = 5000, .max_memory = 64 << 20 };
  kgq_session_set_limits (session, &limits);

  char big[] = "RETURN 'xx\0yy'";
  Case cases[] = {
    { "deep-parens", repeat ("RETURN ", "(", 100000, "1", ")", ""), -1, KG_QUERY_ERROR_SYNTAX, 1, 1008 },
    { "deep-lists", repeat ("RETURN ", "[", 100000, "", "]", ""), -1, KG_QUERY_ERROR_SYNTAX, 1, 1008 },
    { "deep-not", repeat ("RETURN ", "NOT ", 100000, "true", NULL, ""), -1, KG_QUERY_ERROR_SYNTAX, 1, 39992 },
    { "big-string", repeat ("RETURN size('", "x", 10000000, "", NULL, "')"), -1, -1, 0, 0 },
    { "unterminated-big", repeat ("RETURN\n  '", "x", 1000000, "", NULL, ""), -1, KG_QUERY_ERROR_INCOMPLETE, 2, 3 },
    { "bad-utf8", g_strdup ("RETURN '\xff'"), -1, KG_QUERY_ERROR_SYNTAX, 1, 9 },
    { "nul-in-string", g_memdup2 (big, sizeof big - 1), sizeof big - 1, KG_QUERY_ERROR_SYNTAX, 1, 11 },
    { "unterminated-comment", g_strdup ("RETURN 1 /* x"), -1, KG_QUERY_ERROR_INCOMPLETE, 1, 10 },
    { "huge-int", g_strdup ("RETURN 99999999999999999999"), -1, KG_QUERY_ERROR_SYNTAX, 1, 8 },
    { "overflow", g_strdup ("RETURN 9223372036854775807 + 1"), -1, KG_QUERY_ERROR_ARITHMETIC, 1, 8 },
    { "dense-timeout", g_strdup ("MATCH p = (:D {i: 1})-[*]->() RETURN count(p)"), -1, KG_QUERY_ERROR_LIMIT, 0, 0 },
    { "dense-rows", g_strdup ("MATCH p = (:D {i: 1})-[*..3]->() RETURN p"), -1, KG_QUERY_ERROR_LIMIT, 0, 0 },
    { "memory", g_strdup ("UNWIND range(1, 10000000) AS i RETURN size(collect(i))"), -1, KG_QUERY_ERROR_LIMIT, 0, 0 },
    { "write-then-limit", g_strdup ("MATCH (d:D) SET d.x = 1 CREATE (:New) WITH d MATCH (a), (b) RETURN a, b"), -1, KG_QUERY_ERROR_LIMIT, 0, 0 },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      if (g_test_verbose ())
        g_printerr ("%s\n", cases[i].name);
      run_case (session, &cases[i]);
      g_free (cases[i].src);
    }
  /* The failed write left no property behind. */
  KgqResult *r = kgq_session_query (session, "MATCH (d:D) WHERE d.x IS NOT NULL RETURN count(*)", -1, NULL, NULL, NULL);
  g_assert_true (kgq_result_next (r, NULL));
  g_assert_cmpint (kgq_result_value (r, 0)->u.i, ==, 0);
  kgq_result_free (r);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/hostile/table", test_table);
  return g_test_run ();
}
