/* tests/unit/test-error.c — query errors carry their span and render a caret. */
#include "common/error.h"

static void
test_span_and_message (void)
{
  g_autoptr (GError) error = NULL;
  KgSpan span = { { 2, 5, 10 }, { 2, 8, 13 } };
  kg_query_error_set (&error, KG_QUERY_ERROR_SYNTAX, "q.cypher", &span, "unexpected '%s'", "foo");
  g_assert_error (error, KG_QUERY_ERROR, KG_QUERY_ERROR_SYNTAX);
  g_assert_cmpstr (error->message, ==, "q.cypher:2:5: unexpected 'foo'");
  const KgSpan *got = kg_query_error_get_span (error);
  g_assert_nonnull (got);
  g_assert_cmpuint (got->start.offset, ==, 10);
  g_assert_true (kg_query_error_is_compile_time (error));

  /* First error wins. */
  kg_query_error_set (&error, KG_QUERY_ERROR_TYPE, NULL, NULL, "other");
  g_assert_error (error, KG_QUERY_ERROR, KG_QUERY_ERROR_SYNTAX);
}

static void
test_render_caret (void)
{
  g_autoptr (GError) error = NULL;
  const char *src = "MATCH (n)\nRETURN foo, x\n";
  KgSpan span = { { 2, 8, 17 }, { 2, 11, 20 } };
  kg_query_error_set (&error, KG_QUERY_ERROR_SEMANTIC, "q.cypher", &span, "variable `foo` not defined");
  g_autofree char *text = kg_query_error_render (error, src);
  g_assert_cmpstr (text, ==,
                   "q.cypher:2:8: variable `foo` not defined\n"
                   "   2 | RETURN foo, x\n"
                   "     |        ^~~");
}

static void
test_no_span (void)
{
  g_autoptr (GError) error = g_error_new_literal (G_FILE_ERROR, G_FILE_ERROR_NOENT, "no such file");
  g_assert_null (kg_query_error_get_span (error));
  g_autofree char *text = kg_query_error_render (error, "whatever");
  g_assert_cmpstr (text, ==, "no such file");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/error/span-and-message", test_span_and_message);
  g_test_add_func ("/error/render-caret", test_render_caret);
  g_test_add_func ("/error/no-span", test_no_span);
  return g_test_run ();
}
