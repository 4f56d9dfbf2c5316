/* tests/unit/test-parser.c — the Cypher parser: golden AST dumps and errors, and unit
 * tests of the lexer-only helpers (split, is_complete) and of hostile input.
 *
 * Golden tests: every tests/golden/parser/NAME.cypher is parsed and its kg_ast_dump()
 * (or its rendered error) compared with NAME.out, as the GTest case /parser/golden/NAME.
 * KG_UPDATE_GOLDEN=1 rewrites the .out files instead; review the diff. This file does
 * not run queries: the engine's golden tests do that.
 */
#include "parser/parser.h"

#include <string.h>

/* --- Golden files ------------------------------------------------------------------- */

static const char *
code_name (const GError *error)
{
  if (error->domain != KG_QUERY_ERROR)
    return "other";
  switch (error->code)
    {
    case KG_QUERY_ERROR_SYNTAX:
      return "syntax";
    case KG_QUERY_ERROR_INCOMPLETE:
      return "incomplete";
    default:
      return "other";
    }
}

/* The text a golden .out file holds for @src. */
static char *
golden_output (const char *src, gsize len, const char *filename)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KgAst) ast = kg_parse (src, (gssize) len, filename, NULL, &error);
  g_assert_true ((ast == NULL) != (error == NULL));
  if (ast != NULL)
    return kg_ast_dump (ast);
  g_autofree char *rendered = kg_query_error_render (error, src);
  return g_strdup_printf ("error %s\n%s\n", code_name (error), rendered);
}

static void
test_golden (gconstpointer data)
{
  const char *path = data;
  g_autofree char *src = NULL;
  gsize len = 0;
  g_autoptr (GError) error = NULL;
  g_assert_true (g_file_get_contents (path, &src, &len, &error));
  g_assert_no_error (error);

  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *got = golden_output (src, len, base);

  g_autofree char *stem = g_strndup (path, strlen (path) - strlen (".cypher"));
  g_autofree char *out_path = g_strconcat (stem, ".out", NULL);
  if (g_strcmp0 (g_getenv ("KG_UPDATE_GOLDEN"), "1") == 0)
    {
      g_assert_true (g_file_set_contents (out_path, got, -1, &error));
      g_assert_no_error (error);
      return;
    }
  g_autofree char *want = NULL;
  if (!g_file_get_contents (out_path, &want, NULL, NULL))
    {
      g_test_message ("%s is missing; run with KG_UPDATE_GOLDEN=1 to create it, then review it", out_path);
      g_test_fail ();
      return;
    }
  if (g_strcmp0 (want, got) != 0)
    g_test_message ("%s differs from the parser's output:\n%s", out_path, got);
  g_assert_cmpstr (want, ==, got);
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static void
add_golden_tests (void)
{
  g_autofree char *dir_path = g_build_filename (g_test_get_dir (G_TEST_DIST), "golden", "parser", NULL);
  GDir *dir = g_dir_open (dir_path, 0, NULL);
  if (dir == NULL)
    return;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".cypher"))
      g_ptr_array_add (names, g_strdup (name));
  g_dir_close (dir);
  g_ptr_array_sort (names, compare_strings);
  for (guint i = 0; i < names->len; i++)
    {
      const char *file = names->pdata[i];
      g_autofree char *stem = g_strndup (file, strlen (file) - strlen (".cypher"));
      g_autofree char *test_path = g_strconcat ("/parser/golden/", stem, NULL);
      /* leaked on purpose: the test data must outlive g_test_run () */
      char *path = g_build_filename (dir_path, file, NULL);
      g_test_add_data_func_full (test_path, path, test_golden, g_free);
    }
}

/* --- Helpers ------------------------------------------------------------------------ */

static KgAst *
parse_ok (const char *src)
{
  g_autoptr (GError) error = NULL;
  KgAst *ast = kg_parse (src, -1, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ast);
  return ast;
}

static GError *
parse_fail (const char *src, gssize len)
{
  GError *error = NULL;
  KgAst *ast = kg_parse (src, len, NULL, NULL, &error);
  g_assert_null (ast);
  g_assert_nonnull (error);
  g_assert_true (error->domain == KG_QUERY_ERROR);
  /* rendering must work for every error */
  g_free (kg_query_error_render (error, src));
  return error;
}

/* The first RETURN's projection item @i. */
static KgAst *
return_item (KgAst *query, guint i)
{
  KgAst *single = kg_ast_child (query, 0);
  for (guint c = 0; c < kg_ast_n_children (single); c++)
    {
      KgAst *clause = kg_ast_child (single, c);
      if (clause->kind == KG_AST_RETURN)
        return kg_ast_child (kg_ast_child (clause, 0), i);
    }
  g_assert_not_reached ();
}

/* --- Unit tests ------------------------------------------------------------------------ */

static void
test_keywords_sorted (void)
{
  const char *const *words = kg_parse_keywords ();
  g_assert_nonnull (words[0]);
  for (guint i = 1; words[i] != NULL; i++)
    g_assert_cmpint (strcmp (words[i - 1], words[i]), <, 0);
}

static void
test_is_complete (void)
{
  g_assert_true (kg_parse_is_complete ("RETURN 1;"));
  g_assert_true (kg_parse_is_complete ("RETURN 1;  "));
  g_assert_true (kg_parse_is_complete ("RETURN 1; // done"));
  g_assert_true (kg_parse_is_complete ("MATCH (n)\nRETURN n;\n"));
  g_assert_true (kg_parse_is_complete ("RETURN ';';"));
  g_assert_true (kg_parse_is_complete ("RETURN 1); " /* unbalanced closer: let the parser say */ ";"));
  g_assert_false (kg_parse_is_complete (""));
  g_assert_false (kg_parse_is_complete ("RETURN 1"));
  g_assert_false (kg_parse_is_complete ("RETURN 'a;"));
  g_assert_false (kg_parse_is_complete ("RETURN \"a;\n"));
  g_assert_false (kg_parse_is_complete ("RETURN 1 /* ; "));
  g_assert_false (kg_parse_is_complete ("RETURN 1 // ;"));
  g_assert_false (kg_parse_is_complete ("RETURN [1;"));
  g_assert_false (kg_parse_is_complete ("RETURN {a: (1;"));
  g_assert_false (kg_parse_is_complete ("RETURN `a;"));
  g_assert_false (kg_parse_is_complete ("RETURN 1; MATCH"));
  g_assert_true (kg_parse_is_complete ("RETURN 1 /* ; */;"));
  g_assert_true (kg_parse_is_complete ("RETURN 'it\\'s;';"));
}

static void
test_split (void)
{
  const char *src = "MATCH (n) RETURN n;\n"
                    "// a comment; with a semicolon\n"
                    "RETURN 'a;b', [1, 2] ;;\n"
                    "  /* only a comment */ ;\n"
                    "RETURN {a: ';'}";
  g_autoptr (GArray) slices = kg_parse_split (src, -1);
  g_assert_cmpuint (slices->len, ==, 3);

  KgStatementSlice *s = &g_array_index (slices, KgStatementSlice, 0);
  g_assert_cmpuint (s->start.offset, ==, 0);
  g_assert_cmpuint (s->length, ==, strlen ("MATCH (n) RETURN n"));
  g_assert_true (s->terminated);

  s = &g_array_index (slices, KgStatementSlice, 1);
  g_assert_cmpuint (s->start.line, ==, 3);
  g_assert_cmpuint (s->start.column, ==, 1);
  g_assert_cmpuint (s->length, ==, strlen ("RETURN 'a;b', [1, 2] "));
  g_assert_true (s->terminated);

  s = &g_array_index (slices, KgStatementSlice, 2);
  g_assert_cmpuint (s->start.line, ==, 5);
  g_assert_cmpuint (s->length, ==, strlen ("RETURN {a: ';'}"));
  g_assert_false (s->terminated);

  /* Each slice parses on its own, with file positions. */
  for (guint i = 0; i < slices->len; i++)
    {
      s = &g_array_index (slices, KgStatementSlice, i);
      g_autoptr (GError) error = NULL;
      g_autoptr (KgAst) ast = kg_parse (src + s->start.offset, (gssize) s->length, "f.cypher", &s->start, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (ast->span.start.line, ==, s->start.line);
    }
}

static void
test_split_unterminated (void)
{
  g_autoptr (GArray) slices = kg_parse_split ("RETURN 1; RETURN 'oops; RETURN 2;", -1);
  g_assert_cmpuint (slices->len, ==, 2);
  KgStatementSlice *s = &g_array_index (slices, KgStatementSlice, 1);
  g_assert_false (s->terminated);
  g_assert_cmpuint (s->start.offset, ==, 10);
  g_assert_cmpuint (s->length, ==, strlen ("RETURN 'oops; RETURN 2;"));

  g_autoptr (GArray) none = kg_parse_split ("  // nothing\n /* here */ ; ;", -1);
  g_assert_cmpuint (none->len, ==, 0);

  g_autoptr (GArray) brackets = kg_parse_split ("RETURN [1; 2]; RETURN 3", -1);
  g_assert_cmpuint (brackets->len, ==, 2);
}

static void
test_origin (void)
{
  KgPos origin = { 7, 3, 100 };
  g_autoptr (GError) error = NULL;
  g_autoptr (KgAst) ast = kg_parse ("RETURN\n  x +", -1, "f.cypher", &origin, &error);
  g_assert_null (ast);
  g_assert_error (error, KG_QUERY_ERROR, KG_QUERY_ERROR_INCOMPLETE);
  g_assert_true (g_str_has_prefix (error->message, "f.cypher:8:6: "));
  const KgSpan *span = kg_query_error_get_span (error);
  g_assert_cmpuint (span->start.offset, ==, 112);
}

static void
test_column_names (void)
{
  g_autoptr (KgAst) ast = parse_ok ("RETURN a.b  +  1, (1), count ( * ), x AS `my col`");
  g_assert_cmpstr (return_item (ast, 0)->name, ==, "a.b  +  1");
  g_assert_cmpstr (return_item (ast, 1)->name, ==, "(1)");
  g_assert_cmpstr (return_item (ast, 2)->name, ==, "count ( * )");
  g_assert_cmpstr (return_item (ast, 3)->name, ==, "my col");
  g_assert_true (return_item (ast, 3)->flags & KG_AST_F_ALIASED);
}

static void
test_integer_limits (void)
{
  g_autoptr (KgAst) ast = parse_ok ("RETURN -9223372036854775808, 9223372036854775807, -0x8000000000000000");
  KgAst *lit = kg_ast_child (return_item (ast, 0), 0);
  g_assert_cmpint (lit->kind, ==, KG_AST_LITERAL);
  g_assert_cmpint (lit->value.u.i, ==, G_MININT64);
  g_assert_cmpint (kg_ast_child (return_item (ast, 1), 0)->value.u.i, ==, G_MAXINT64);
  g_assert_cmpint (kg_ast_child (return_item (ast, 2), 0)->value.u.i, ==, G_MININT64);

  g_autoptr (GError) e1 = parse_fail ("RETURN 9223372036854775808", -1);
  g_assert_true (strstr (e1->message, "integer literal is too large") != NULL);
  g_autoptr (GError) e2 = parse_fail ("RETURN -99999999999999999999", -1);
  g_assert_true (strstr (e2->message, "integer literal is too large") != NULL);
  g_assert_cmpuint (kg_query_error_get_span (e2)->start.column, ==, 9);
}

static void
test_deep_nesting (void)
{
  const guint n = 100000;
  const char *opens[] = { "(", "[", "{a:", "f(", "-", "NOT " };
  const char *closes[] = { ")", "]", "}", ")", "", "" };
  for (guint k = 0; k < G_N_ELEMENTS (opens); k++)
    {
      GString *s = g_string_new ("RETURN ");
      for (guint i = 0; i < n; i++)
        g_string_append (s, opens[k]);
      g_string_append (s, "1");
      for (guint i = 0; i < n; i++)
        g_string_append (s, closes[k]);
      g_autoptr (GError) error = parse_fail (s->str, -1);
      g_assert_error (error, KG_QUERY_ERROR, KG_QUERY_ERROR_SYNTAX);
      g_assert_true (strstr (error->message, "nested too deeply") != NULL);
      g_string_free (s, TRUE);
    }

  /* long flat chains are fine for the parser but too deep for the tree walkers */
  GString *s = g_string_new ("RETURN 1");
  for (guint i = 0; i < n; i++)
    g_string_append (s, " + 1");
  g_autoptr (GError) error = parse_fail (s->str, -1);
  g_assert_true (strstr (error->message, "nested too deeply") != NULL);
  g_string_free (s, TRUE);

  /* long OR chains (generated queries) are regrouped, not refused */
  s = g_string_new ("MATCH (n) WHERE n.id = 0");
  for (guint i = 1; i < n; i++)
    g_string_append_printf (s, " OR n.id = %u", i);
  g_string_append (s, " RETURN n");
  {
    g_autoptr (KgAst) chain = parse_ok (s->str);
    const KgAst *where = kg_ast_child (kg_ast_child (kg_ast_child (chain, 0), 0), 1);
    g_assert_cmpint (where->kind, ==, KG_AST_BINARY_OP);
    g_assert_cmpint (where->op, ==, KG_OP_OR);
    g_assert_cmpuint (where->span.start.column, ==, 17);
    g_assert_cmpuint (where->span.end.offset, ==, s->len - strlen (" RETURN n"));
  }
  g_string_free (s, TRUE);

  /* just under the limits parses, copies and dumps */
  s = g_string_new ("RETURN ");
  for (guint i = 0; i < 300; i++)
    g_string_append (s, "[");
  g_string_append (s, "1");
  for (guint i = 0; i < 300; i++)
    g_string_append (s, "]");
  g_autoptr (KgAst) ast = parse_ok (s->str);
  g_autoptr (KgAst) copy = kg_ast_copy (ast);
  g_autofree char *d1 = kg_ast_dump (ast);
  g_autofree char *d2 = kg_ast_dump (copy);
  g_assert_cmpstr (d1, ==, d2);
  g_string_free (s, TRUE);
}

static void
test_bad_bytes (void)
{
  static const char nul[] = "RETURN 1\0 + 2";
  g_autoptr (GError) e1 = parse_fail (nul, sizeof nul - 1);
  g_assert_true (strstr (e1->message, "NUL") != NULL);
  g_assert_cmpuint (kg_query_error_get_span (e1)->start.column, ==, 9);

  g_autoptr (GError) e2 = parse_fail ("RETURN '\xC3\x28'", -1);
  g_assert_true (strstr (e2->message, "UTF-8") != NULL);

  g_autoptr (GError) e3 = parse_fail ("RETURN 1 \xE2\x80\x9Cx\xE2\x80\x9D", -1);
  g_assert_true (strstr (e3->message, "unexpected character") != NULL);

  /* non-ASCII letters are fine in names */
  g_autoptr (KgAst) ast = parse_ok ("MATCH (café:Straße) RETURN café");
  g_assert_cmpstr (kg_ast_child (return_item (ast, 0), 0)->name, ==, "café");
}

static void
test_big_string (void)
{
  gsize n = 10 * 1024 * 1024;
  GString *s = g_string_sized_new (n + 32);
  g_string_append (s, "RETURN '");
  for (gsize i = 0; i < n; i++)
    g_string_append_c (s, (char) ('a' + i % 26));
  g_string_append (s, "' AS big");
  g_autoptr (KgAst) ast = parse_ok (s->str);
  KgAst *lit = kg_ast_child (return_item (ast, 0), 0);
  g_assert_cmpint (lit->value.type, ==, KG_VALUE_STRING);
  g_assert_cmpuint (strlen (lit->value.u.s), ==, n);
  g_string_free (s, TRUE);
}

static void
test_string_escapes (void)
{
  g_autoptr (KgAst) ast = parse_ok ("RETURN 'a\\tb\\n\\'\\\"\\\\\\u00e9\\U0001F600\\uD83D\\uDE00', \"x'y\"");
  KgAst *lit = kg_ast_child (return_item (ast, 0), 0);
  g_assert_cmpstr (lit->value.u.s, ==, "a\tb\n'\"\\\xC3\xA9\xF0\x9F\x98\x80\xF0\x9F\x98\x80");
  g_assert_cmpstr (kg_ast_child (return_item (ast, 1), 0)->value.u.s, ==, "x'y");

  g_autoptr (GError) e1 = parse_fail ("RETURN 'a\\qb'", -1);
  g_assert_true (strstr (e1->message, "invalid escape") != NULL);
  g_autoptr (GError) e2 = parse_fail ("RETURN 'abc", -1);
  g_assert_error (e2, KG_QUERY_ERROR, KG_QUERY_ERROR_INCOMPLETE);
  g_assert_true (strstr (e2->message, "unterminated string") != NULL);
  g_autoptr (GError) e3 = parse_fail ("RETURN 1 /* never closed", -1);
  g_assert_error (e3, KG_QUERY_ERROR, KG_QUERY_ERROR_INCOMPLETE);
  g_assert_true (strstr (e3->message, "unterminated comment") != NULL);
  g_autoptr (GError) e4 = parse_fail ("RETURN '\\uDE00'", -1);
  g_assert_error (e4, KG_QUERY_ERROR, KG_QUERY_ERROR_SYNTAX);
}

static void
test_incomplete (void)
{
  const char *cases[] = { "", "MATCH", "MATCH (n", "MATCH (n) RETURN", "RETURN 1 +", "RETURN [1, 2",
                          "RETURN CASE WHEN true THEN 1", "MATCH (a)-[r:T", "// only a comment" };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = parse_fail (cases[i], -1);
      g_assert_error (error, KG_QUERY_ERROR, KG_QUERY_ERROR_INCOMPLETE);
    }
  g_autoptr (GError) error = parse_fail ("MATCH (n) RETURN n)", -1);
  g_assert_error (error, KG_QUERY_ERROR, KG_QUERY_ERROR_SYNTAX);
}

static void
test_copy (void)
{
  g_autoptr (KgAst) ast = parse_ok ("MATCH p = (a:A {x: 1})-[r:T|U*1..2]->(b) WHERE a.x < b.y < 3 "
                                    "RETURN [x IN range(1, 3) WHERE x > 1 | x * 2] AS l, "
                                    "'str', 1.5, null, true, $p ORDER BY l DESC SKIP 1 LIMIT 2");
  g_autoptr (KgAst) copy = kg_ast_copy (ast);
  g_autofree char *d1 = kg_ast_dump (ast);
  g_autofree char *d2 = kg_ast_dump (copy);
  g_assert_cmpstr (d1, ==, d2);
  g_assert_cmpint (copy->slot, ==, -1);
  g_assert_cmpint (copy->var_slot, ==, -1);
  g_assert_cmpint (copy->elem_slot, ==, -1);
  g_assert_cmpint (copy->fold, ==, -1);
  g_assert_null (copy->function);
}

/* KG_YYDEBUG=1 traces the parse on stderr; the trace must cope with every value. */
static void
test_trace (void)
{
  if (g_test_subprocess ())
    {
      g_setenv ("KG_YYDEBUG", "1", TRUE);
      g_autoptr (KgAst) ast = parse_ok ("MATCH p = (:A)-[*]->()<-[r:T {x: 1}]-(b) WHERE b.x IN [1, 2.5, 'a', null] "
                                        "RETURN b {.x}, count(*), [x IN l | x] AS y");
      g_autoptr (GError) error = parse_fail ("MATCH (n RETURN", -1);
      g_assert_nonnull (ast);
      g_assert_nonnull (error);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*Reducing stack*");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/parser/keywords-sorted", test_keywords_sorted);
  g_test_add_func ("/parser/is-complete", test_is_complete);
  g_test_add_func ("/parser/split", test_split);
  g_test_add_func ("/parser/split-unterminated", test_split_unterminated);
  g_test_add_func ("/parser/origin", test_origin);
  g_test_add_func ("/parser/column-names", test_column_names);
  g_test_add_func ("/parser/integer-limits", test_integer_limits);
  g_test_add_func ("/parser/deep-nesting", test_deep_nesting);
  g_test_add_func ("/parser/bad-bytes", test_bad_bytes);
  g_test_add_func ("/parser/big-string", test_big_string);
  g_test_add_func ("/parser/string-escapes", test_string_escapes);
  g_test_add_func ("/parser/incomplete", test_incomplete);
  g_test_add_func ("/parser/copy", test_copy);
  g_test_add_func ("/parser/trace", test_trace);
  add_golden_tests ();
  return g_test_run ();
}
