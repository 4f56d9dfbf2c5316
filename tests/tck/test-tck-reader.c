/* tests/tck/test-tck-reader.c — the TCK harness's Gherkin reader and value syntax.
 *
 * Checks outline expansion, doc strings, table escapes and the canonical text of
 * expected values; when the TCK is present, that it expands to 3897 scenarios with
 * unique keys. Running scenarios is tck.c's job, not tested here.
 */
#include <string.h>

#include "tests/tck/gherkin.h"
#include "tests/tck/tck-value.h"

static const char *const feature_text =
    "#\n"
    "# a licence header\n"
    "Feature: Demo1 - Things\n"
    "\n"
    "  Background:\n"
    "    Given an empty graph\n"
    "\n"
    "  Scenario: [1] Plain\n"
    "    When executing query:\n"
    "      \"\"\"\n"
    "      MATCH (n)\n"
    "        RETURN n\n"
    "      \"\"\"\n"
    "    Then the result should be, in any order:\n"
    "      | n         |\n"
    "      | 'a\\|b'   |\n"
    "      | '\\\\x'   |\n"
    "    And no side effects\n"
    "\n"
    "  @skipStyleCheck\n"
    "  Scenario Outline: [2] Outline\n"
    "    When executing query:\n"
    "      \"\"\"\n"
    "      RETURN <x> AS x\n"
    "      \"\"\"\n"
    "    Then the result should be, in any order:\n"
    "      | x        |\n"
    "      | <result> |\n"
    "\n"
    "    Examples:\n"
    "      | x   | result |\n"
    "      | 1   | 1      |\n"
    "      | 2.0 | 2.0    |\n"
    "\n"
    "    Examples:\n"
    "      | x   | result |\n"
    "      | 'q' | 'q'    |\n";

static void
test_expand (void)
{
  g_autoptr (GPtrArray) scs = g_ptr_array_new_with_free_func ((GDestroyNotify) tck_scenario_free);
  g_autoptr (GError) error = NULL;
  g_assert_true (tck_gherkin_parse (feature_text, "features/x/Demo1.feature", scs, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (scs->len, ==, 4);

  TckScenario *sc = scs->pdata[0];
  g_assert_cmpstr (sc->key, ==, "features/x/Demo1.feature:[1] Plain");
  g_assert_cmpuint (sc->steps->len, ==, 4); /* the Background step comes first */
  TckStep *given = sc->steps->pdata[0];
  g_assert_cmpstr (given->text, ==, "an empty graph");
  TckStep *when = sc->steps->pdata[1];
  g_assert_cmpstr (when->text, ==, "executing query:");
  g_assert_cmpstr (when->doc, ==, "MATCH (n)\n  RETURN n");
  TckStep *then = sc->steps->pdata[2];
  g_assert_nonnull (then->table);
  g_assert_cmpuint (then->table->len, ==, 3);
  GPtrArray *row = then->table->pdata[1];
  g_assert_cmpstr (row->pdata[0], ==, "'a|b'");
  row = then->table->pdata[2];
  g_assert_cmpstr (row->pdata[0], ==, "'\\x'");
  TckStep *and = sc->steps->pdata[3];
  g_assert_null (and->table);

  sc = scs->pdata[1];
  g_assert_cmpstr (sc->key, ==, "features/x/Demo1.feature:[2] Outline #1");
  g_assert_cmpstr (sc->tags[0], ==, "@skipStyleCheck");
  when = sc->steps->pdata[1];
  g_assert_cmpstr (when->doc, ==, "RETURN 1 AS x");
  sc = scs->pdata[3];
  g_assert_cmpstr (sc->key, ==, "features/x/Demo1.feature:[2] Outline #3");
  then = sc->steps->pdata[2];
  row = then->table->pdata[1];
  g_assert_cmpstr (row->pdata[0], ==, "'q'");
}

static void
check_canon (const char *text, gboolean sort, const char *want)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *got = tck_value_canon_expected (text, sort, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got, ==, want);
}

static void
test_values (void)
{
  check_canon ("null", FALSE, "null");
  check_canon ("true", FALSE, "true");
  check_canon ("-42", FALSE, "-42");
  check_canon ("1.0", FALSE, "1.0");
  check_canon ("0.1", FALSE, "0.1");
  check_canon ("1e3", FALSE, "1000.0");
  check_canon ("NaN", FALSE, "NaN");
  check_canon ("-Infinity", FALSE, "-Infinity");
  check_canon ("'it\\'s'", FALSE, "'it\\'s'");
  check_canon ("[1, 2.5, 'a']", FALSE, "[1, 2.5, 'a']");
  check_canon ("[3, 1, 2]", TRUE, "[1, 2, 3]");
  check_canon ("{b: 1, a: [2, 1]}", FALSE, "{a: [2, 1], b: 1}");
  check_canon ("(:B:A {name: 'x'})", FALSE, "(:A:B {name: 'x'})");
  check_canon ("()", FALSE, "( {})");
  check_canon ("[:T {w: 1}]", FALSE, "[:T {w: 1}]");
  check_canon ("<(:A)-[:T]->(:B)<-[:U]-()>", FALSE, "<(:A {})-[:T {}]->(:B {})<-[:U {}]-( {})>");
  check_canon ("{`a b`: 1}", FALSE, "{a b: 1}");

  g_autoptr (GError) error = NULL;
  g_assert_null (tck_value_canon_expected ("[1, 2", FALSE, &error));
  g_assert_nonnull (error);
}

static void
collect (const char *dir, const char *rel, GPtrArray *scs, guint *files)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *r = g_strdup_printf ("%s/%s", rel, name);
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        collect (path, r, scs, files);
      else if (g_str_has_suffix (name, ".feature"))
        {
          g_autoptr (GError) error = NULL;
          g_assert_true (tck_gherkin_read (path, r, scs, &error));
          (*files)++;
        }
    }
}

static void
test_suite_count (void)
{
  const char *shared = g_getenv ("KG_SHARED_DIR");
  g_autofree char *dir = g_build_filename (shared ? shared : "../shared", "tck", "features", NULL);
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("the TCK is not there");
      return;
    }
  g_autoptr (GPtrArray) scs = g_ptr_array_new_with_free_func ((GDestroyNotify) tck_scenario_free);
  guint files = 0;
  collect (dir, "features", scs, &files);
  g_assert_cmpuint (files, ==, 220);
  g_assert_cmpuint (scs->len, ==, 3897);
  g_autoptr (GHashTable) keys = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < scs->len; i++)
    {
      TckScenario *sc = scs->pdata[i];
      g_assert_false (g_hash_table_contains (keys, sc->key));
      g_hash_table_add (keys, sc->key);
      /* Every table cell that holds an expected value must be readable. */
      for (guint k = 0; k < sc->steps->len; k++)
        {
          TckStep *st = sc->steps->pdata[k];
          if (!g_str_has_prefix (st->text, "the result should be") || !st->table)
            continue;
          for (guint r = 1; r < st->table->len; r++)
            {
              GPtrArray *cells = st->table->pdata[r];
              for (guint c = 0; c < cells->len; c++)
                {
                  g_autoptr (GError) error = NULL;
                  g_autofree char *canon = tck_value_canon_expected (cells->pdata[c], FALSE, &error);
                  if (error)
                    g_test_message ("%s: %s", sc->key, error->message);
                  g_assert_no_error (error);
                }
            }
        }
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/tck/expand", test_expand);
  g_test_add_func ("/tck/values", test_values);
  g_test_add_func ("/tck/suite-count", test_suite_count);
  return g_test_run ();
}
