/* tests/tck/test-tck-actual.c — what the TCK harness relies on in the library: the
 * canonical text of kgq's result values (nodes by labels and properties, paths with
 * their directions, integers apart from floats) and table procedures
 * (kgq_db_add_procedure(), used for the TCK's "there exists a procedure" steps).
 * Runs small queries through the public API.
 */
#include "lib/kgq-private.h"
#include "tests/tck/tck-value.h"

/* Runs @src and returns the canonical text of the first row's first value. */
static char *
canon_of (KgqSession *session, const char *src, gboolean sort_lists)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KgqResult) res = kgq_session_query (session, src, -1, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (kgq_result_next (res, &error));
  g_assert_no_error (error);
  return tck_value_canon_actual (kgq_db_graph (kgq_session_db (session)), kgq_result_value (res, 0), sort_lists);
}

static void
check (KgqSession *session, const char *src, const char *expected_tck)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *want = tck_value_canon_expected (expected_tck, FALSE, &error);
  g_assert_no_error (error);
  g_autofree char *got = canon_of (session, src, FALSE);
  g_assert_cmpstr (got, ==, want);
}

static void
test_scalars (void)
{
  g_autoptr (KgqDb) db = kgq_db_new ();
  g_autoptr (KgqSession) session = kgq_session_new (db);
  check (session, "RETURN 1", "1");
  check (session, "RETURN 1.0", "1.0");
  check (session, "RETURN 0.1 + 0.2", "0.30000000000000004");
  check (session, "RETURN 'it\\'s'", "'it\\'s'");
  check (session, "RETURN [1, 'a', null]", "[1, 'a', null]");
  check (session, "RETURN {b: 2, a: 1}", "{a: 1, b: 2}");
  g_autofree char *i = canon_of (session, "RETURN 1", FALSE);
  g_autofree char *f = canon_of (session, "RETURN 1.0", FALSE);
  g_assert_cmpstr (i, !=, f);
  g_autofree char *sorted = canon_of (session, "RETURN [3, 1, 2]", TRUE);
  g_assert_cmpstr (sorted, ==, "[1, 2, 3]");
}

static void
test_entities (void)
{
  g_autoptr (KgqDb) db = kgq_db_new ();
  g_autoptr (KgqSession) session = kgq_session_new (db);
  g_autoptr (GError) error = NULL;
  {
    g_autoptr (KgqResult) res = kgq_session_query (session, "CREATE (:B:A {name: 'x'})-[:T {w: 1}]->(:C)", -1, NULL, NULL, &error);
    g_assert_no_error (error);
    while (kgq_result_next (res, &error))
      ;
    g_assert_no_error (error);
  }
  check (session, "MATCH (n:A) RETURN n", "(:A:B {name: 'x'})");
  check (session, "MATCH ()-[r]->() RETURN r", "[:T {w: 1}]");
  check (session, "MATCH p = (:A)-->(:C) RETURN p", "<(:A:B {name: 'x'})-[:T {w: 1}]->(:C)>");
  check (session, "MATCH p = (:C)<--(:A) RETURN p", "<(:C)<-[:T {w: 1}]-(:A:B {name: 'x'})>");
}

static void
add_proc (KgqSession *session, const char *signature, const char *rows)
{
  g_autoptr (GError) error = NULL;
  g_assert_true (kgq_session_set_param_literal (session, "rows", rows, &error));
  g_assert_no_error (error);
  const KgValue *v = g_hash_table_lookup (kgq_session_params (session), "rows");
  g_assert_true (kgq_db_add_procedure (kgq_session_db (session), signature, v, &error));
  g_assert_no_error (error);
  kgq_session_clear_params (session);
}

static void
test_procedures (void)
{
  g_autoptr (KgqDb) db = kgq_db_new ();
  g_autoptr (KgqSession) session = kgq_session_new (db);
  add_proc (session, "test.my.proc(name :: STRING?, id :: INTEGER?) :: (city :: STRING?, code :: INTEGER?)",
            "[['Stefan', 1, 'Berlin', 49], ['Stefan', 2, 'Munich', 49], ['Petra', 1, 'London', 44]]");
  check (session, "CALL test.my.proc('Stefan', 2)", "'Munich'");
  check (session, "CALL test.my.proc('Petra', 1) YIELD code RETURN code", "44");
  check (session, "UNWIND [1, 2] AS i CALL test.my.proc('Stefan', i) YIELD city RETURN collect(city)", "['Berlin', 'Munich']");

  g_autoptr (GError) error = NULL;
  g_autoptr (KgqResult) res = kgq_session_query (session, "CALL test.my.proc('Stefan')", -1, NULL, NULL, &error);
  g_assert_null (res);
  g_assert_error (error, KG_QUERY_ERROR, KG_QUERY_ERROR_SEMANTIC);
  g_clear_error (&error);
  res = kgq_session_query (session, "CALL test.my.proc(true, 1)", -1, NULL, NULL, &error);
  g_assert_null (res);
  g_assert_error (error, KG_QUERY_ERROR, KG_QUERY_ERROR_SEMANTIC);
  g_clear_error (&error);

  /* Implicit arguments come from the parameters of the same names. */
  g_assert_true (kgq_session_set_param_literal (session, "name", "'Petra'", &error));
  g_assert_true (kgq_session_set_param_literal (session, "id", "1", &error));
  check (session, "CALL test.my.proc", "'London'");

  KgValue empty = kg_value_list (kg_list_new (0));
  g_assert_false (kgq_db_add_procedure (db, "not a signature", &empty, &error));
  g_assert_error (error, KG_QUERY_ERROR, KG_QUERY_ERROR_PROCEDURE);
  kg_value_clear (&empty);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/tck/actual/scalars", test_scalars);
  g_test_add_func ("/tck/actual/entities", test_entities);
  g_test_add_func ("/tck/actual/procedures", test_procedures);
  return g_test_run ();
}
