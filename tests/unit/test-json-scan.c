/* tests/unit/test-json-scan.c — the scan every JSON reader runs before json-glib, and the
 * parse-error text it passes on (common/json-scan.h). */
#include "common/json-scan.h"

#include <string.h>

static gboolean
precheck (const char *text, guint max_depth, char **reason)
{
  return kg_json_precheck (text, strlen (text), max_depth, reason);
}

static void
test_depth (void)
{
  char *reason = NULL;
  g_assert_true (precheck ("[[1]]", 2, &reason));
  g_assert_false (precheck ("[[[1]]]", 2, &reason));
  g_assert_cmpstr (reason, ==, "JSON nested deeper than 2 levels");
  g_clear_pointer (&reason, g_free);
  /* Brackets in strings, and after escaped quotes, do not count. */
  g_assert_true (precheck ("{\"a\": \"[[[[\\\"[[[\"}", 1, &reason));
  /* Depth is the deepest point, not the number of brackets. */
  g_assert_true (precheck ("[[1],[2],{\"a\":[3]}]", 3, &reason));
  g_assert_false (precheck ("[{\"a\":[[3]]}]", 3, &reason));
  g_clear_pointer (&reason, g_free);
  g_assert_null (reason);
}

static void
test_integers (void)
{
  char *reason = NULL;
  g_assert_true (precheck ("[9223372036854775807, -9223372036854775808, 1.5e300, -0.5, -]", 4, &reason));
  g_assert_false (precheck ("{\"x\": 9223372036854775808}", 4, &reason));
  g_assert_cmpstr (reason, ==, "integer 9223372036854775808 does not fit in 64 bits");
  g_clear_pointer (&reason, g_free);
  g_assert_false (precheck ("[-99999999999999999999]", 4, &reason));
  g_assert_cmpstr (reason, ==, "integer -99999999999999999999 does not fit in 64 bits");
  g_clear_pointer (&reason, g_free);
  /* Digits inside strings are text. */
  g_assert_true (precheck ("[\"99999999999999999999\"]", 4, &reason));
  g_assert_null (reason);
}

static void
test_error_reason (void)
{
  guint line = 9, column = 9;
  const char *m = "<data>:1:24: Parse error: unexpected character `,', expected string constant";
  g_assert_cmpstr (kg_json_error_reason (m, &line, &column), ==, "unexpected character `,', expected string constant");
  g_assert_cmpuint (line, ==, 1);
  g_assert_cmpuint (column, ==, 24);
  /* Other shapes pass whole, with no position. */
  const char *others[] = { "Empty input", "<data>:x:2: Parse error: y", "<data>:3:4 no colon", "<data>:3:4: no second colon" };
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    {
      g_assert_cmpstr (kg_json_error_reason (others[i], &line, &column), ==, others[i]);
      g_assert_cmpuint (line, ==, 0);
      g_assert_cmpuint (column, ==, 0);
    }
  g_assert_cmpstr (kg_json_error_reason (m, NULL, NULL), ==, "unexpected character `,', expected string constant");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/json-scan/depth", test_depth);
  g_test_add_func ("/json-scan/integers", test_integers);
  g_test_add_func ("/json-scan/error-reason", test_error_reason);
  return g_test_run ();
}
