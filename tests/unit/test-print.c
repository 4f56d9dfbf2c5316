/* tests/unit/test-print.c — the one value printer: every style over the same values,
 * with a fake entity callback, so the printer is tested without a graph. */
#include "common/print.h"
#include "common/text.h"

#include <math.h>

/* Node 1 is (:B:A {name: 'x', age: 3, gone: null}), node 2 is (), relationship 7 is
 * [:T {w: 0.5}] from 2 to 1, and every other id is dead. */
static gboolean
fake_entity (gpointer user_data, KgValueType type, guint32 id, KgPrintEntity *e)
{
  KgValue *props = user_data;
  if (type == KG_VALUE_NODE && id == 1)
    {
      g_ptr_array_add (e->names, "B");
      g_ptr_array_add (e->names, "A");
      g_ptr_array_add (e->keys, "name");
      g_ptr_array_add (e->values, &props[0]);
      g_ptr_array_add (e->keys, "age");
      g_ptr_array_add (e->values, &props[1]);
      g_ptr_array_add (e->keys, "gone");
      g_ptr_array_add (e->values, &props[2]);
      return TRUE;
    }
  if (type == KG_VALUE_NODE && id == 2)
    return TRUE;
  if (type == KG_VALUE_EDGE && id == 7)
    {
      g_ptr_array_add (e->names, "T");
      g_ptr_array_add (e->keys, "w");
      g_ptr_array_add (e->values, &props[3]);
      e->src = 2;
      e->dst = 1;
      return TRUE;
    }
  return FALSE;
}

static KgValue props[4];

static char *
print (const KgValue *v, KgPrintStyle style, guint flags)
{
  KgPrinter p = { style, flags, fake_entity, props };
  GString *out = g_string_new (NULL);
  kg_value_print (out, v, &p);
  return g_string_free (out, FALSE);
}

#define CHECK(v, style, flags, want)                       \
  G_STMT_START                                             \
  {                                                        \
    g_autofree char *got_ = print ((v), (style), (flags)); \
    g_assert_cmpstr (got_, ==, (want));                    \
  }                                                        \
  G_STMT_END

static void
test_path_in_every_style (void)
{
  guint32 nodes[] = { 1, 2, 9 }, edges[] = { 7, 8 };
  KgValue path = kg_value_path (kg_path_new (2, nodes, edges));
  CHECK (&path, KG_PRINT_LITERAL, 0, "<(#1)-[#7]->(#2)-[#8]->(#9)>");
  CHECK (&path, KG_PRINT_TEXT, 0, "<(#1)-[#7]->(#2)-[#8]->(#9)>");
  CHECK (&path, KG_PRINT_DISPLAY, 0, "<(:B:A {age: 3, gone: null, name: 'x'})<-[:T {w: 0.5}]-()-[#8]->(#9)>");
  CHECK (&path, KG_PRINT_CANON, 0, "<(:A:B {age: 3, name: 'x'})<-[:T {w: 0.5}]-( {})-[deleted relationship]->(deleted node)>");
  CHECK (&path, KG_PRINT_JSON, 0,
         "{\"~nodes\":[{\"~id\":1,\"~labels\":[\"B\",\"A\"],\"age\":3,\"gone\":null,\"name\":\"x\"},"
         "{\"~id\":2,\"~labels\":[]},{\"~id\":9,\"~labels\":[]}],"
         "\"~relationships\":[{\"~id\":7,\"~type\":\"T\",\"~start\":2,\"~end\":1,\"w\":0.5},{\"~id\":8}]}");
  kg_value_clear (&path);
}

static void
test_containers_and_scalars (void)
{
  KgList *list = kg_list_new (4);
  KgValue item = kg_value_string ("it's\n");
  kg_list_append (list, &item);
  item = kg_value_float (1e20);
  kg_list_append (list, &item);
  item = kg_value_float (NAN);
  kg_list_append (list, &item);
  gint32 days = 0;
  g_assert_true (kg_date_parse ("2015-07-21", &days));
  item = kg_value_date (days);
  kg_list_append (list, &item);
  KgValue v = kg_value_list (list);
  CHECK (&v, KG_PRINT_LITERAL, 0, "['it\\'s\\n', 1e20, NaN, date('2015-07-21')]");
  CHECK (&v, KG_PRINT_DISPLAY, 0, "['it\\'s\\n', 1e20, NaN, 2015-07-21]");
  CHECK (&v, KG_PRINT_JSON, 0, "[\"it's\\n\",1e20,\"NaN\",\"2015-07-21\"]");
  CHECK (&v, KG_PRINT_TEXT, 0, "it's\n, 1e20, NaN, 2015-07-21");
  CHECK (&v, KG_PRINT_CANON, KG_PRINT_SORT_LISTS, "['2015-07-21', 'it\\'s\\n', 1e20, NaN]");
  kg_value_clear (&v);

  KgMap *map = kg_map_new (2);
  item = kg_value_int (2);
  kg_map_set (map, "b c", &item);
  item = kg_value_string ("x");
  kg_map_set (map, "a", &item);
  v = kg_value_map (map);
  CHECK (&v, KG_PRINT_LITERAL, 0, "{`b c`: 2, a: 'x'}");
  CHECK (&v, KG_PRINT_TEXT, 0, "{`b c`: 2, a: 'x'}");
  CHECK (&v, KG_PRINT_JSON, 0, "{\"b c\":2,\"a\":\"x\"}");
  CHECK (&v, KG_PRINT_CANON, 0, "{a: 'x', b c: 2}");
  kg_value_clear (&v);

  v = kg_value_string ("\x1b");
  CHECK (&v, KG_PRINT_DISPLAY, 0, "'\\u001B'");
  CHECK (&v, KG_PRINT_LITERAL, 0, "'\\u001b'");
  CHECK (&v, KG_PRINT_DISPLAY, KG_PRINT_BARE_STRING, "\x1b");
  kg_value_clear (&v);
}

static void
test_one_float_format (void)
{
  const struct
  {
    double f;
    const char *text;
  } cases[] = {
    { 1e20, "1e20" },
    { 1e-7, "1e-7" },
    { 0.1, "0.1" },
    { 1.0, "1.0" },
    { -0.0, "-0.0" },
    { 1e15, "1000000000000000.0" },
    { 1e16, "1e16" },
    { 0.0001, "0.0001" },
    { 123456789012345678.0, "1.2345678901234568e17" },
    { -2.5e-300, "-2.5e-300" },
    { 0.1 + 0.2, "0.30000000000000004" },
    { 1.0 / 3.0, "0.3333333333333333" },
    { 5e-324, "5e-324" },
    { 2.2250738585072014e-308, "2.2250738585072014e-308" },
    { 1.7976931348623157e308, "1.7976931348623157e308" },
    { INFINITY, "Infinity" },
    { -INFINITY, "-Infinity" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      KgValue v = kg_value_float (cases[i].f);
      for (KgPrintStyle s = KG_PRINT_LITERAL; s <= KG_PRINT_CANON; s++)
        if (s != KG_PRINT_JSON || isfinite (cases[i].f))
          CHECK (&v, s, 0, cases[i].text);
      if (isfinite (cases[i].f) && !(cases[i].f == 0.0 && signbit (cases[i].f)))
        CHECK (&v, KG_PRINT_EXPRESSION, 0, cases[i].text);
      /* Every text reads back as the same double. */
      if (isfinite (cases[i].f))
        g_assert_cmpfloat (g_ascii_strtod (cases[i].text, NULL), ==, cases[i].f);
    }
}

/* The expression style spells what no literal can. */
static void
test_expression (void)
{
  KgList *list = kg_list_new (6);
  double special[] = { NAN, INFINITY, -INFINITY, -0.0, 2.5 };
  for (guint i = 0; i < G_N_ELEMENTS (special); i++)
    {
      KgValue item = kg_value_float (special[i]);
      kg_list_append (list, &item);
    }
  KgValue item = kg_value_int (G_MININT64);
  kg_list_append (list, &item);
  KgValue v = kg_value_list (list);
  CHECK (&v, KG_PRINT_EXPRESSION, 0,
         "[(0.0 / 0.0), (1.0 / 0.0), (-1.0 / 0.0), (-1.0 * 0.0), 2.5, (-9223372036854775807 - 1)]");
  CHECK (&v, KG_PRINT_LITERAL, 0, "[NaN, Infinity, -Infinity, -0.0, 2.5, -9223372036854775808]");
  kg_value_clear (&v);
}

/* One offset text for toString(), the temporal fields and the RDF export. */
static void
test_offset (void)
{
  static const struct
  {
    gint32 seconds;
    const char *text;
  } cases[] = {
    { 0, "Z" },
    { 3600, "+01:00" },
    { -19800, "-05:30" },
    { 30, "+00:00:30" },
    { -(14 * 3600 + 59), "-14:00:59" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GString) out = g_string_new ("T");
      kg_offset_append (out, cases[i].seconds);
      g_assert_cmpstr (out->str + 1, ==, cases[i].text);
    }
}

/* Names match as Cypher's function and procedure names do: ASCII case aside. */
static void
test_ascii_case_hash (void)
{
  g_assert_cmpuint (kg_ascii_case_hash ("toLower"), ==, kg_ascii_case_hash ("TOLOWER"));
  g_assert_cmpuint (kg_ascii_case_hash ("db.Labels"), ==, kg_ascii_case_hash ("db.labels"));
  g_assert_true (kg_ascii_case_equal ("db.Labels", "DB.LABELS"));
  g_assert_false (kg_ascii_case_equal ("db.labels", "db.label"));
  g_autoptr (GHashTable) t = g_hash_table_new (kg_ascii_case_hash, kg_ascii_case_equal);
  g_hash_table_insert (t, (gpointer) "toUpper", GINT_TO_POINTER (1));
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (t, "TOUPPER")), ==, 1);
  g_assert_null (g_hash_table_lookup (t, "toUppe"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  props[0] = kg_value_string ("x");
  props[1] = kg_value_int (3);
  props[2] = kg_value_null ();
  props[3] = kg_value_float (0.5);
  g_test_add_func ("/print/path-in-every-style", test_path_in_every_style);
  g_test_add_func ("/print/containers-and-scalars", test_containers_and_scalars);
  g_test_add_func ("/print/one-float-format", test_one_float_format);
  g_test_add_func ("/print/expression", test_expression);
  g_test_add_func ("/print/offset", test_offset);
  g_test_add_func ("/text/ascii-case-hash", test_ascii_case_hash);
  int rc = g_test_run ();
  kg_value_clear (&props[0]);
  return rc;
}
