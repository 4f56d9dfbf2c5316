/* tests/unit/test-engine.c — golden tests of the query engine through the public API.
 *
 * Each tests/golden/queries/NAME.cypher starts with a comment line naming a fixture
 * (`// fixture: social`, a script in tests/fixtures/social.cypher run first; `none` for
 * an empty graph), followed by statements ended by `;`. Every statement's result is
 * rendered: the columns, then the rows (sorted, unless the statement has ORDER BY),
 * then what it changed; errors as kg_query_error_render() shows them, with their phase;
 * EXPLAIN statements as their plan. The text must equal NAME.out;
 * KG_UPDATE_GOLDEN=1 rewrites the .out files instead.
 *
 * Also a few direct API tests (parameters, limits, cancellation). Does not test the
 * parser or the expression functions on their own (their own tests do).
 */
#include "lib/kgq-private.h"
#include "graph/journal.h"

#include <glib/gstdio.h>
#include <string.h>

static char *
read_text (const char *path)
{
  char *text = NULL;
  g_autoptr (GError) error = NULL;
  if (!g_file_get_contents (path, &text, NULL, &error))
    g_error ("%s", error->message);
  return text;
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

static gboolean
has_order_by (const char *stmt)
{
  g_autofree char *up = g_ascii_strup (stmt, -1);
  return strstr (up, "ORDER BY") != NULL;
}

/* Runs every statement of @src on @session, appending what each returns to @out. */
static void
run_script (KgqSession *session, const char *src, const char *filename, GString *out, gboolean quiet)
{
  g_autoptr (GArray) slices = kgq_split_statements (src, -1);
  for (guint s = 0; s < slices->len; s++)
    {
      KgqStatementSlice *sl = &g_array_index (slices, KgqStatementSlice, s);
      g_autofree char *stmt = g_strndup (src + sl->start.offset, sl->length);
      g_autoptr (GError) error = NULL;
      if (!quiet)
        g_string_append_printf (out, "> %s\n", stmt);
      g_autoptr (KgqResult) r = kgq_session_query (session, src + sl->start.offset, sl->length, filename, &sl->start, &error);
      if (r == NULL)
        {
          g_autofree char *msg = kg_query_error_render (error, src);
          if (quiet)
            g_error ("fixture %s: %s", filename, msg);
          g_string_append_printf (out, "error (compile time): %s\n\n", msg);
          continue;
        }
      if (kgq_result_is_explain (r))
        {
          g_autofree char *plan = kgq_result_plan (r);
          g_string_append (out, plan);
          g_string_append_c (out, '\n');
          continue;
        }
      guint n = kgq_result_n_columns (r);
      GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);
      while (kgq_result_next (r, &error))
        {
          GString *row = g_string_new ("|");
          for (guint c = 0; c < n; c++)
            {
              g_string_append_c (row, ' ');
              kgq_format_value (session, row, kgq_result_value (r, c), TRUE);
              g_string_append (row, " |");
            }
          g_ptr_array_add (rows, g_string_free (row, FALSE));
        }
      if (quiet)
        {
          if (error)
            g_error ("fixture %s: %s", filename, error->message);
          g_ptr_array_free (rows, TRUE);
          continue;
        }
      if (error)
        {
          g_autofree char *msg = kg_query_error_render (error, src);
          g_string_append_printf (out, "error (%s): %s\n\n",
                                  kg_query_error_is_compile_time (error) ? "compile time" : "run time", msg);
          g_ptr_array_free (rows, TRUE);
          continue;
        }
      if (!has_order_by (stmt))
        g_ptr_array_sort (rows, compare_strings);
      if (n > 0)
        {
          g_string_append (out, "|");
          for (guint c = 0; c < n; c++)
            g_string_append_printf (out, " %s |", kgq_result_column_name (r, c));
          g_string_append_c (out, '\n');
        }
      for (guint i = 0; i < rows->len; i++)
        g_string_append_printf (out, "%s\n", (char *) g_ptr_array_index (rows, i));
      g_string_append_printf (out, "(%u row%s", rows->len, rows->len == 1 ? "" : "s");
      const KgqStats *st = kgq_result_stats (r);
      if (st->nodes_created)
        g_string_append_printf (out, ", +%" G_GUINT64_FORMAT " nodes", st->nodes_created);
      if (st->nodes_deleted)
        g_string_append_printf (out, ", -%" G_GUINT64_FORMAT " nodes", st->nodes_deleted);
      if (st->relationships_created)
        g_string_append_printf (out, ", +%" G_GUINT64_FORMAT " relationships", st->relationships_created);
      if (st->relationships_deleted)
        g_string_append_printf (out, ", -%" G_GUINT64_FORMAT " relationships", st->relationships_deleted);
      if (st->properties_set)
        g_string_append_printf (out, ", %" G_GUINT64_FORMAT " properties set", st->properties_set);
      if (st->labels_added)
        g_string_append_printf (out, ", +%" G_GUINT64_FORMAT " labels", st->labels_added);
      if (st->labels_removed)
        g_string_append_printf (out, ", -%" G_GUINT64_FORMAT " labels", st->labels_removed);
      if (st->transactions_committed)
        g_string_append_printf (out, ", %" G_GUINT64_FORMAT " transactions committed", st->transactions_committed);
      g_string_append (out, ")\n\n");
      g_ptr_array_free (rows, TRUE);
    }
}

static void
test_golden (gconstpointer data)
{
  const char *path = data;
  g_autofree char *src = read_text (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autoptr (KgqDb) db = kgq_db_new ();
  g_autoptr (KgqSession) session = kgq_session_new (db);
  GString *out = g_string_new (NULL);

  /* first line: // fixture: NAME */
  const char *tag = strstr (src, "fixture:");
  g_assert_nonnull (tag);
  tag += strlen ("fixture:");
  while (*tag == ' ')
    tag++;
  g_autofree char *fixture = g_strndup (tag, strcspn (tag, " \r\n"));
  if (strcmp (fixture, "none") != 0)
    {
      g_autofree char *fpath = g_test_build_filename (G_TEST_DIST, "fixtures", fixture, NULL);
      g_autofree char *fname = g_strconcat (fpath, ".cypher", NULL);
      g_autofree char *fsrc = read_text (fname);
      run_script (session, fsrc, fname, out, TRUE);
    }
  kgq_session_set_param_literal (session, "name", "'Alice'", NULL);
  kgq_session_set_param_literal (session, "limit", "2", NULL);
  kgq_session_set_param_literal (session, "age", "30", NULL);
  kgq_session_set_param_literal (session, "propname", "'age'", NULL);
  /* the parameters of the dynamic-label examples of Neo4j's manual */
  kgq_session_set_param_literal (session, "label", "'Danish'", NULL);
  kgq_session_set_param_literal (session, "nodeLabels", "['Person', 'Director']", NULL);
  kgq_session_set_param_literal (session, "relType", "'DIRECTED'", NULL);
  kgq_session_set_param_literal (session, "movies", "['Ladybird', 'Little Women', 'Barbie']", NULL);
  run_script (session, src, base, out, FALSE);

  g_autofree char *expected_path = g_strdup (path);
  strcpy (expected_path + strlen (expected_path) - strlen (".cypher"), ".out");
  if (g_getenv ("KG_UPDATE_GOLDEN"))
    {
      g_autoptr (GError) error = NULL;
      if (!g_file_set_contents (expected_path, out->str, -1, &error))
        g_error ("%s", error->message);
    }
  else
    {
      g_autofree char *expected = NULL;
      if (!g_file_get_contents (expected_path, &expected, NULL, NULL))
        g_error ("%s is missing; run with KG_UPDATE_GOLDEN=1 to create it, and review it", expected_path);
      if (strcmp (expected, out->str) != 0)
        {
          g_printerr ("--- expected %s\n%s\n--- got\n%s\n", expected_path, expected, out->str);
          g_test_fail ();
        }
    }
  g_string_free (out, TRUE);
}

/* --- Direct API tests ----------------------------------------------------------- */

static void
test_params_and_limits (void)
{
  g_autoptr (KgqDb) db = kgq_db_new ();
  g_autoptr (KgqSession) session = kgq_session_new (db);
  g_autoptr (GError) error = NULL;
  g_assert_true (kgq_session_set_param_literal (session, "xs", "[1, 2, 3]", &error));
  g_assert_no_error (error);
  KgqResult *r = kgq_session_query (session, "UNWIND $xs AS x RETURN x", -1, NULL, NULL, &error);
  g_assert_no_error (error);
  guint n = 0;
  while (kgq_result_next (r, &error))
    n++;
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 3);
  kgq_result_free (r);

  KgqLimits limits = { 0 };
  limits.max_rows = 2;
  kgq_session_set_limits (session, &limits);
  r = kgq_session_query (session, "UNWIND $xs AS x RETURN x", -1, NULL, NULL, &error);
  g_assert_no_error (error);
  while (kgq_result_next (r, &error))
    ;
  g_assert_error (error, KG_QUERY_ERROR, KG_QUERY_ERROR_LIMIT);
  g_clear_error (&error);
  kgq_result_free (r);

  r = kgq_session_query (session, "RETURN $missing", -1, NULL, NULL, &error);
  g_assert_null (r);
  g_assert_error (error, KG_QUERY_ERROR, KG_QUERY_ERROR_PARAMETER_MISSING);
  g_assert_true (kg_query_error_is_compile_time (error));
}

/* Runs @query, which must compile and then fail at its first row with @code.
 * Returns: (transfer full): that error, for more checks. */
static GError *
run_error (KgqSession *session, const char *query, KgQueryError code)
{
  GError *error = NULL;
  g_autoptr (KgqResult) r = kgq_session_query (session, query, -1, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (kgq_result_next (r, &error));
  g_assert_error (error, KG_QUERY_ERROR, code);
  return error;
}

static void
test_cancel (void)
{
  g_autoptr (KgqDb) db = kgq_db_new ();
  g_autoptr (KgqSession) session = kgq_session_new (db);
  g_autoptr (GError) error = NULL;
  KgqResult *r = kgq_session_query (session, "UNWIND range(1, 100000) AS x UNWIND range(1, 100000) AS y RETURN count(*)", -1, NULL, NULL, &error);
  g_assert_no_error (error);
  kgq_session_cancel (session);
  g_assert_false (kgq_result_next (r, &error));
  g_assert_error (error, KG_QUERY_ERROR, KG_QUERY_ERROR_CANCELLED);
  kgq_result_free (r);
}

static void
test_timeout (void)
{
  g_autoptr (KgqDb) db = kgq_db_new ();
  g_autoptr (KgqSession) session = kgq_session_new (db);
  KgqLimits limits = { 0 };
  limits.timeout_ms = 50;
  kgq_session_set_limits (session, &limits);
  g_autoptr (GError) error = run_error (session, "UNWIND range(1, 1000000) AS x UNWIND range(1, 1000000) AS y RETURN count(*)",
                                        KG_QUERY_ERROR_LIMIT);
}

static void
test_profile_and_explain (void)
{
  g_autoptr (KgqDb) db = kgq_db_new ();
  g_autoptr (KgqSession) session = kgq_session_new (db);
  g_autoptr (GError) error = NULL;
  KgqResult *r = kgq_session_query (session, "EXPLAIN UNWIND [1, 2] AS x RETURN x", -1, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (kgq_result_is_explain (r));
  g_assert_false (kgq_result_next (r, &error));
  g_assert_no_error (error);
  g_autofree char *plan = kgq_result_plan (r);
  g_assert_nonnull (strstr (plan, "Unwind"));
  kgq_result_free (r);

  r = kgq_session_query (session, "PROFILE UNWIND [1, 2] AS x RETURN x", -1, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (kgq_result_is_explain (r));
  guint n = 0;
  while (kgq_result_next (r, &error))
    n++;
  g_assert_cmpuint (n, ==, 2);
  g_autofree char *profile = kgq_result_plan (r);
  g_assert_nonnull (strstr (profile, "rows=2"));
  kgq_result_free (r);
}

static void
test_failed_write_changes_nothing (void)
{
  g_autoptr (KgqDb) db = kgq_db_new ();
  g_autoptr (KgqSession) session = kgq_session_new (db);
  g_autoptr (GError) error = run_error (session, "UNWIND [1, 0] AS x CREATE (:N {v: 10 / x})", KG_QUERY_ERROR_ARITHMETIC);
  g_assert_cmpuint (kg_graph_n_nodes (kgq_db_graph (db)), ==, 0);
}

/* Runs @query on @session and returns the single integer it answers. */
static gint64
query_int (KgqSession *session, const char *query)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KgqResult) r = kgq_session_query (session, query, -1, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (kgq_result_next (r, &error));
  g_assert_no_error (error);
  const KgValue *v = kgq_result_value (r, 0);
  g_assert_cmpint (v->type, ==, KG_VALUE_INT);
  gint64 n = v->u.i;
  g_assert_false (kgq_result_next (r, &error));
  g_assert_no_error (error);
  return n;
}

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

/* Facts the planner caches between statements ("every F ends at a P", "every P has k")
 * must not carry over to another graph that happens to have the same address, version
 * and sizes. Graphs are made and freed until one lands where the last graph queried
 * was; that one is built by as many writes as the last, but so that the facts differ. */
static void
test_cached_facts_not_stale (void)
{
  static const char *setup[2][2] = {
    { "CREATE (:P)-[:F]->(:P), (:Q)", "CREATE (:P {k: 1}), (:P {k: 2}), (:Q)" },
    { "CREATE (:P)-[:F]->(:Q), (:P)", "CREATE (:P {k: 1}), (:P), (:Q {k: 2})" },
  };
  static const char *query[2] = { "MATCH (a)-[:F]->(b:P) RETURN count(*)", "MATCH (v:P) RETURN count(v.k)" };
  static const gint64 expected[2][2] = { { 1, 2 }, { 0, 1 } };
  guint reused = 0;
  for (int q = 0; q < 2; q++)
    {
      g_autoptr (KgqDb) db = kgq_db_new ();
      g_autoptr (KgqSession) session = kgq_session_new (db);
      KgGraph *last = NULL;
      int last_setup = 1;
      for (int round = 0; round < 200 && reused < 4u * (guint) (q + 1); round++)
        {
          if (round > 0)
            kgq_db_set_graph (db, kg_graph_new ()); /* frees the previous graph */
          KgGraph *g = kgq_db_graph (db);
          if (last != NULL && g != last)
            continue; /* only a graph where the last one was is of interest */
          reused += last != NULL;
          last_setup = !last_setup;
          run_ok (session, setup[last_setup][q]);
          g_assert_cmpint (query_int (session, query[q]), ==, expected[last_setup][q]);
          last = g;
        }
    }
  if (reused == 0)
    g_test_message ("the allocator never reused a graph's memory: the stale case was not exercised");
}

/* Trails over a clique grow exponentially: a timeout must stop the expansion itself
 * (no row ever comes out of it), and without an upper bound the expansion's budget
 * ends it with a limit error pointing at the pattern. */
static void
test_var_length_limits (void)
{
  g_autoptr (KgqDb) db = kgq_db_new ();
  g_autoptr (KgqSession) session = kgq_session_new (db);
  run_ok (session, "UNWIND range(1, 9) AS i CREATE (:K {i: i})");
  run_ok (session, "MATCH (a:K), (b:K) WHERE a.i < b.i CREATE (a)-[:E]->(b)");
  KgqLimits limits = { 0 };
  limits.timeout_ms = 100;
  kgq_session_set_limits (session, &limits);
  gint64 t0 = g_get_monotonic_time ();
  g_autoptr (GError) error = run_error (session, "MATCH p = (a)-[*..40]-(b) RETURN count(p)", KG_QUERY_ERROR_LIMIT);
  g_assert_cmpint (g_get_monotonic_time () - t0, <, 5 * G_USEC_PER_SEC);
  g_clear_error (&error);

  limits.timeout_ms = 0;
  kgq_session_set_limits (session, &limits);
  KgqResult *r = kgq_session_query (session, "MATCH p = (a)-[*]-(b) RETURN count(p)", -1, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (kgq_result_warning (r));
  g_assert_false (kgq_result_next (r, &error));
  g_assert_error (error, KG_QUERY_ERROR, KG_QUERY_ERROR_LIMIT);
  const KgSpan *span = kg_query_error_get_span (error);
  g_assert_nonnull (span);
  g_assert_cmpuint (span->start.column, ==, 14); /* the `-[*]-` */
  kgq_result_free (r);
}

/* The texts of a statement's notifications, joined by "|", and their columns. */
static char *
notices_of (KgqSession *session, const char *query, const KgPos *origin, GString *columns)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KgqResult) r = kgq_session_query (session, query, -1, "q", origin, &error);
  g_assert_no_error (error);
  GString *out = g_string_new (NULL);
  for (guint i = 0; i < kgq_result_n_notifications (r); i++)
    {
      const KgqNotification *n = kgq_result_notification (r, i);
      g_string_append_printf (out, "%s%s", i > 0 ? "|" : "", n->text);
      if (columns != NULL)
        g_string_append_printf (columns, "%s%u:%u", i > 0 ? " " : "", n->span.start.line, n->span.start.column);
    }
  while (kgq_result_next (r, &error))
    ;
  g_assert_no_error (error);
  return g_string_free (out, FALSE);
}

/* Names the graph has never seen are noted on the name, with the closest known one;
 * names the statement writes, map keys and a graph's own names are not. */
static void
test_unknown_name_notices (void)
{
  g_autoptr (KgqDb) db = kgq_db_new ();
  g_autoptr (KgqSession) session = kgq_session_new (db);
  run_ok (session, "CREATE (:Person {name: 'a'})-[:KNOWS]->(:Person {name: 'b'})");
  g_autoptr (GString) cols = g_string_new (NULL);
  g_autofree char *a = notices_of (session, "MATCH (p:Persn)-[:KNOWZ]->(q {nmae: 'b'})\nRETURN q.agee, p.name", NULL, cols);
  g_assert_cmpstr (a, ==, "label Persn does not exist (did you mean Person?)|relationship type KNOWZ does not exist "
                          "(did you mean KNOWS?)|property key nmae does not exist (did you mean name?)|property key agee "
                          "does not exist");
  g_assert_cmpstr (cols->str, ==, "1:10 1:19 1:31 2:10");
  /* A statement in a script: positions in the script's coordinates. */
  KgPos origin = { 3, 5, 40 };
  g_string_truncate (cols, 0);
  g_autofree char *b = notices_of (session, "MATCH (n) WHERE n:Persn RETURN n", &origin, cols);
  g_assert_cmpstr (b, ==, "label Persn does not exist (did you mean Person?)");
  g_assert_cmpstr (cols->str, ==, "3:23");
  g_autofree char *c = notices_of (session, "CREATE (n:Fresh {k: 1}) SET n.j = 2 WITH n MATCH (m:Fresh) RETURN m.k, m.j", NULL, NULL);
  g_assert_cmpstr (c, ==, "");
  g_autofree char *d = notices_of (session, "WITH {zz: 1} AS m UNWIND [m] AS x RETURN m.zz, x.zz", NULL, NULL);
  g_assert_cmpstr (d, ==, "");
  g_autofree char *e = notices_of (session, "MATCH (p:Person)-[r]->() WHERE r:KNOWS AND NOT r:LIKES RETURN p {.name, .nick}", NULL, NULL);
  g_assert_cmpstr (e, ==, "relationship type LIKES does not exist|property key nick does not exist");
  /* One notice per name, at its first use. */
  g_autofree char *f = notices_of (session, "MATCH (a:Nope), (b:Nope) RETURN a.x, b.x", NULL, NULL);
  g_assert_cmpstr (f, ==, "label Nope does not exist|property key x does not exist");
}

/* DROP INDEX is undone by a rollback and replayed from the redo log like CREATE INDEX. */
static void
test_index_statements_undo_and_redo (void)
{
  g_autoptr (KgqDb) db = kgq_db_new ();
  g_autoptr (KgqSession) session = kgq_session_new (db);
  run_ok (session, "CREATE (:P {k: 1}), (:P {k: 2})");
  run_ok (session, "CREATE INDEX FOR (p:P) ON (p.k)");
  KgGraph *g = kgq_db_graph (db);
  KgSymbol l = kg_graph_lookup (g, KG_SYM_LABEL, "P"), k = kg_graph_lookup (g, KG_SYM_KEY, "k");
  g_assert_true (kg_graph_has_index (g, l, k));
  g_assert_cmpuint (kg_graph_n_indexes (g), ==, 1);

  kg_graph_txn_begin (g);
  g_assert_true (kg_graph_drop_index (g, l, k));
  g_assert_false (kg_graph_has_index (g, l, k));
  kg_graph_txn_rollback (g);
  g_assert_true (kg_graph_has_index (g, l, k));
  g_assert_cmpint (query_int (session, "MATCH (p:P) WHERE p.k = 2.0 RETURN count(*)"), ==, 1);

  g_autoptr (KgGraph) copy = kg_graph_new ();
  kg_graph_create_index (copy, kg_graph_intern (copy, KG_SYM_LABEL, "P"), kg_graph_intern (copy, KG_SYM_KEY, "k"));
  kg_graph_set_redo (g, TRUE);
  kg_graph_txn_begin (g);
  g_assert_true (kg_graph_drop_index (g, l, k));
  gsize len = 0;
  const guchar *redo = kg_graph_redo_data (g, &len);
  g_autoptr (GError) error = NULL;
  g_assert_true (kg_graph_redo_apply (copy, redo, len, &error));
  g_assert_no_error (error);
  kg_graph_txn_commit (g);
  g_assert_cmpuint (kg_graph_n_indexes (copy), ==, 0);
  g_assert_cmpuint (kg_graph_n_indexes (g), ==, 0);
}

/* Index names survive a rollback, the redo log and a snapshot. */
static void
test_index_names_round_trip (void)
{
  g_autoptr (KgqDb) db = kgq_db_new ();
  g_autoptr (KgqSession) session = kgq_session_new (db);
  run_ok (session, "CREATE (:P {k: 1, j: 2})");
  run_ok (session, "CREATE INDEX by_k FOR (p:P) ON (p.k)");
  KgGraph *g = kgq_db_graph (db);
  KgSymbol l = kg_graph_lookup (g, KG_SYM_LABEL, "P"), k = kg_graph_lookup (g, KG_SYM_KEY, "k");
  KgSymbol j = kg_graph_lookup (g, KG_SYM_KEY, "j");
  g_assert_cmpstr (kg_graph_index_name (g, 0), ==, "by_k");

  kg_graph_txn_begin (g);
  g_assert_true (kg_graph_drop_index (g, l, k));
  kg_graph_txn_rollback (g);
  g_assert_cmpuint (kg_graph_n_indexes (g), ==, 1);
  g_assert_cmpstr (kg_graph_index_name (g, 0), ==, "by_k");

  g_autoptr (KgGraph) copy = kg_graph_new ();
  kg_graph_set_redo (g, TRUE);
  kg_graph_txn_begin (g);
  kg_graph_create_named_index (g, l, j, "by_j");
  gsize len = 0;
  const guchar *redo = kg_graph_redo_data (g, &len);
  g_autoptr (GError) error = NULL;
  g_assert_true (kg_graph_redo_apply (copy, redo, len, &error));
  g_assert_no_error (error);
  kg_graph_txn_commit (g);
  g_assert_cmpuint (kg_graph_n_indexes (copy), ==, 1);
  g_assert_cmpstr (kg_graph_index_name (copy, 0), ==, "by_j");

  kg_graph_create_index (g, kg_graph_intern (g, KG_SYM_LABEL, "Q"), k);
  g_autofree char *dir = g_dir_make_tmp ("kgq-names-XXXXXX", &error);
  g_assert_no_error (error);
  g_autofree char *path = g_build_filename (dir, "g.kgq", NULL);
  g_assert_true (kg_graph_save (g, path, &error));
  g_assert_no_error (error);
  g_autoptr (KgGraph) loaded = kg_graph_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kg_graph_n_indexes (loaded), ==, 3);
  g_assert_cmpstr (kg_graph_index_name (loaded, 0), ==, "by_k");
  g_assert_cmpstr (kg_graph_index_name (loaded, 1), ==, "by_j");
  g_assert_cmpstr (kg_graph_index_name (loaded, 2), ==, "index_Q_k");
  g_unlink (path);
  g_rmdir (dir);

  /* DROP INDEX by name, through a query */
  run_ok (session, "DROP INDEX by_j");
  g_assert_false (kg_graph_has_index (g, l, j));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/params-and-limits", test_params_and_limits);
  g_test_add_func ("/engine/cancel", test_cancel);
  g_test_add_func ("/engine/failed-write-changes-nothing", test_failed_write_changes_nothing);
  g_test_add_func ("/engine/timeout", test_timeout);
  g_test_add_func ("/engine/profile-and-explain", test_profile_and_explain);
  g_test_add_func ("/engine/cached-facts-not-stale", test_cached_facts_not_stale);
  g_test_add_func ("/engine/var-length-limits", test_var_length_limits);
  g_test_add_func ("/engine/index-statements-undo-and-redo", test_index_statements_undo_and_redo);
  g_test_add_func ("/engine/index-names-round-trip", test_index_names_round_trip);
  g_test_add_func ("/engine/unknown-name-notices", test_unknown_name_notices);

  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "golden", "queries", NULL);
  GDir *d = g_dir_open (dir, 0, NULL);
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  while (d && (name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, ".cypher"))
      g_ptr_array_add (files, g_build_filename (dir, name, NULL));
  if (d)
    g_dir_close (d);
  g_ptr_array_sort (files, compare_strings);
  for (guint i = 0; i < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *test = g_strconcat ("/engine/golden/", base, NULL);
      g_test_add_data_func (test, path, test_golden);
    }
  int ret = g_test_run ();
  g_ptr_array_free (files, TRUE);
  return ret;
}
