/* tests/unit/test-value.c — KgValue: ownership, Cypher equality and comparison, the
 * global sort order, equivalence and hashing, literal text and dates. */
#include "common/value.h"
#include "common/print.h"

#include <math.h>

static KgValue
list_of (int n, ...)
{
  va_list ap;
  va_start (ap, n);
  KgList *l = kg_list_new (0);
  for (int i = 0; i < n; i++)
    {
      KgValue v = va_arg (ap, KgValue);
      kg_list_append (l, &v);
    }
  va_end (ap);
  return kg_value_list (l);
}

/* map_of (n, "k1", v1, "k2", v2, ...) */
static KgValue
map_of (int n, ...)
{
  va_list ap;
  va_start (ap, n);
  KgMap *m = kg_map_new (0);
  for (int i = 0; i < n; i++)
    {
      const char *k = va_arg (ap, const char *);
      KgValue v = va_arg (ap, KgValue);
      kg_map_set (m, k, &v);
    }
  va_end (ap);
  return kg_value_map (m);
}

static void
assert_literal (KgValue v, const char *expected)
{
  g_autofree char *text = kg_value_to_literal (&v);
  g_assert_cmpstr (text, ==, expected);
  kg_value_clear (&v);
}

static void
test_ownership (void)
{
  KgValue s = kg_value_string ("hello");
  KgValue c;
  kg_value_copy (&s, &c);
  g_assert_true (c.u.s == s.u.s);
  kg_value_clear (&s);
  g_assert_true (kg_value_is_null (&s));
  g_assert_cmpstr (c.u.s, ==, "hello");
  kg_value_clear (&c);

  KgValue l = list_of (2, kg_value_int (1), kg_value_string ("x"));
  KgValue l2;
  kg_value_copy (&l, &l2);
  kg_value_clear (&l);
  g_assert_cmpuint (l2.u.list->len, ==, 2);
  kg_value_clear (&l2);

  KgMap *m = kg_map_new (1);
  KgValue one = kg_value_int (1), two = kg_value_int (2);
  kg_map_set (m, "a", &one);
  kg_map_set (m, "a", &two);
  g_assert_true (kg_value_is_null (&two));
  g_assert_cmpuint (m->len, ==, 1);
  g_assert_cmpint (kg_map_get (m, "a")->u.i, ==, 2);
  g_assert_null (kg_map_get (m, "b"));
  kg_map_unref (m);

  guint32 nodes[] = { 1, 2 }, edges[] = { 7 };
  KgValue p = kg_value_path (kg_path_new (1, nodes, edges));
  assert_literal (p, "<(#1)-[#7]->(#2)>");

  KgValue sl = kg_value_string_len ("abcdef", 3);
  g_assert_cmpstr (sl.u.s, ==, "abc");
  kg_value_clear (&sl);
  g_assert_cmpstr (kg_value_type_name (KG_VALUE_EDGE), ==, "RELATIONSHIP");
  g_assert_cmpstr (kg_value_type_name (KG_VALUE_INT), ==, "INTEGER");
}

static KgTri
eq_and_clear (KgValue a, KgValue b)
{
  KgTri t = kg_value_equals (&a, &b);
  KgTri t2 = kg_value_equals (&b, &a);
  g_assert_cmpint (t, ==, t2);
  kg_value_clear (&a);
  kg_value_clear (&b);
  return t;
}

static void
test_equals (void)
{
  KgValue null = kg_value_null ();
  g_assert_cmpint (eq_and_clear (null, null), ==, KG_TRI_NULL);
  g_assert_cmpint (eq_and_clear (kg_value_int (1), kg_value_float (1.0)), ==, KG_TRI_TRUE);
  g_assert_cmpint (eq_and_clear (kg_value_int (1), kg_value_float (1.5)), ==, KG_TRI_FALSE);
  g_assert_cmpint (eq_and_clear (kg_value_string ("1"), kg_value_int (1)), ==, KG_TRI_FALSE);
  g_assert_cmpint (eq_and_clear (kg_value_float (NAN), kg_value_float (NAN)), ==, KG_TRI_FALSE);
  g_assert_cmpint (eq_and_clear (kg_value_float (NAN), kg_value_string ("a")), ==, KG_TRI_FALSE);
  /* 2^53 + 1 is not the double 2^53. */
  g_assert_cmpint (eq_and_clear (kg_value_int (9007199254740993), kg_value_float (9007199254740992.0)), ==, KG_TRI_FALSE);
  g_assert_cmpint (eq_and_clear (kg_value_int (G_MAXINT64), kg_value_float (9223372036854775808.0)), ==, KG_TRI_FALSE);

  /* Lists (TCK Comparison1 [6]). */
  g_assert_cmpint (eq_and_clear (list_of (2, kg_value_int (1), kg_value_int (2)), list_of (1, kg_value_int (1))), ==, KG_TRI_FALSE);
  g_assert_cmpint (eq_and_clear (list_of (1, kg_value_null ()), list_of (1, kg_value_int (1))), ==, KG_TRI_NULL);
  g_assert_cmpint (eq_and_clear (list_of (1, kg_value_string ("a")), list_of (1, kg_value_int (1))), ==, KG_TRI_FALSE);
  g_assert_cmpint (eq_and_clear (list_of (1, list_of (1, kg_value_int (1))),
                                 list_of (2, list_of (1, kg_value_int (1)), list_of (1, kg_value_null ()))),
                   ==, KG_TRI_FALSE);
  g_assert_cmpint (eq_and_clear (list_of (2, list_of (1, kg_value_int (1)), list_of (1, kg_value_int (2))),
                                 list_of (2, list_of (1, kg_value_int (1)), list_of (1, kg_value_null ()))),
                   ==, KG_TRI_NULL);
  g_assert_cmpint (eq_and_clear (list_of (2, list_of (1, kg_value_int (1)), list_of (2, kg_value_int (2), kg_value_int (3))),
                                 list_of (2, list_of (1, kg_value_int (1)), list_of (1, kg_value_null ()))),
                   ==, KG_TRI_FALSE);

  /* Maps (TCK Comparison1 [7]). */
  g_assert_cmpint (eq_and_clear (map_of (0), map_of (0)), ==, KG_TRI_TRUE);
  g_assert_cmpint (eq_and_clear (map_of (1, "k", kg_value_float (1.0)), map_of (1, "k", kg_value_float (1.0))), ==, KG_TRI_TRUE);
  g_assert_cmpint (eq_and_clear (map_of (2, "k", kg_value_string ("a"), "l", kg_value_int (2)),
                                 map_of (2, "l", kg_value_int (2), "k", kg_value_string ("a"))),
                   ==, KG_TRI_TRUE);
  g_assert_cmpint (eq_and_clear (map_of (0), map_of (1, "k", kg_value_null ())), ==, KG_TRI_FALSE);
  g_assert_cmpint (eq_and_clear (map_of (1, "k", kg_value_int (1)), map_of (2, "k", kg_value_int (1), "l", kg_value_null ())), ==, KG_TRI_FALSE);
  g_assert_cmpint (eq_and_clear (map_of (2, "k", kg_value_null (), "l", kg_value_int (1)), map_of (1, "l", kg_value_int (1))), ==, KG_TRI_FALSE);
  g_assert_cmpint (eq_and_clear (map_of (1, "k", kg_value_null ()), map_of (1, "k", kg_value_null ())), ==, KG_TRI_NULL);
  g_assert_cmpint (eq_and_clear (map_of (1, "k", kg_value_int (1)), map_of (1, "k", kg_value_null ())), ==, KG_TRI_NULL);
  g_assert_cmpint (eq_and_clear (map_of (2, "k", kg_value_int (1), "l", kg_value_null ()),
                                 map_of (2, "k", kg_value_null (), "l", kg_value_int (1))),
                   ==, KG_TRI_NULL);

  g_assert_cmpint (eq_and_clear (kg_value_node (3), kg_value_node (3)), ==, KG_TRI_TRUE);
  g_assert_cmpint (eq_and_clear (kg_value_node (3), kg_value_edge (3)), ==, KG_TRI_FALSE);
  g_assert_cmpint (eq_and_clear (kg_value_date (5), kg_value_date (5)), ==, KG_TRI_TRUE);
}

/* Returns -1/0/1, or 2 for "null". */
static int
cmp_and_clear (KgValue a, KgValue b)
{
  int c = 0;
  gboolean ok = kg_value_compare (&a, &b, &c);
  kg_value_clear (&a);
  kg_value_clear (&b);
  return ok ? c : 2;
}

static void
test_compare (void)
{
  g_assert_cmpint (cmp_and_clear (kg_value_int (1), kg_value_float (3.14)), ==, -1);
  g_assert_cmpint (cmp_and_clear (kg_value_int (1), kg_value_float (1.0)), ==, 0);
  g_assert_cmpint (cmp_and_clear (kg_value_string ("1"), kg_value_int (1)), ==, 2);
  g_assert_cmpint (cmp_and_clear (kg_value_string ("a"), kg_value_string ("b")), ==, -1);
  g_assert_cmpint (cmp_and_clear (kg_value_bool (FALSE), kg_value_bool (TRUE)), ==, -1);
  g_assert_cmpint (cmp_and_clear (kg_value_float (NAN), kg_value_int (1)), ==, 2);
  g_assert_cmpint (cmp_and_clear (kg_value_null (), kg_value_int (1)), ==, 2);
  g_assert_cmpint (cmp_and_clear (kg_value_node (1), kg_value_node (2)), ==, 2);
  g_assert_cmpint (cmp_and_clear (kg_value_int (-1), kg_value_float (-0.5)), ==, -1);
  g_assert_cmpint (cmp_and_clear (kg_value_int (-1), kg_value_float (-1.5)), ==, 1);

  /* Lists (TCK Comparison2 [4]: lhs >= rhs). */
  g_assert_cmpint (cmp_and_clear (list_of (2, kg_value_int (1), kg_value_int (0)), list_of (1, kg_value_int (1))), ==, 1);
  g_assert_cmpint (cmp_and_clear (list_of (2, kg_value_int (1), kg_value_null ()), list_of (1, kg_value_int (1))), ==, 1);
  g_assert_cmpint (cmp_and_clear (list_of (2, kg_value_int (1), kg_value_int (2)), list_of (2, kg_value_int (1), kg_value_null ())), ==, 2);
  g_assert_cmpint (cmp_and_clear (list_of (2, kg_value_int (1), kg_value_string ("a")), list_of (2, kg_value_int (1), kg_value_null ())), ==, 2);
  g_assert_cmpint (cmp_and_clear (list_of (2, kg_value_int (1), kg_value_int (2)), list_of (2, kg_value_int (3), kg_value_null ())), ==, -1);
}

static int
order_and_clear (KgValue a, KgValue b)
{
  int c = kg_value_order (&a, &b);
  int c2 = kg_value_order (&b, &a);
  g_assert_cmpint (c < 0 ? -1 : c > 0, ==, -(c2 < 0 ? -1 : c2 > 0));
  kg_value_clear (&a);
  kg_value_clear (&b);
  return c < 0 ? -1 : c > 0;
}

static void
test_order (void)
{
  /* MAP < NODE < RELATIONSHIP < LIST < PATH < DATE < STRING < BOOLEAN < NUMBER < NULL */
  guint32 nodes[] = { 1 };
  KgValue chain[] = {
    map_of (1, "a", kg_value_int (1)),
    kg_value_node (5),
    kg_value_edge (0),
    list_of (1, kg_value_int (1)),
    kg_value_path (kg_path_new (0, nodes, NULL)),
    kg_value_date (0),
    kg_value_string ("z"),
    kg_value_bool (FALSE),
    kg_value_bool (TRUE),
    kg_value_int (-5),
    kg_value_float (1.5),
    kg_value_int (2),
    kg_value_float (INFINITY),
    kg_value_float (NAN),
    kg_value_null (),
  };
  for (guint i = 0; i < G_N_ELEMENTS (chain); i++)
    for (guint j = 0; j < G_N_ELEMENTS (chain); j++)
      {
        int c = kg_value_order (&chain[i], &chain[j]);
        int want = i < j ? -1 : i > j ? 1
                                      : 0;
        g_assert_cmpint (c < 0 ? -1 : c > 0, ==, want);
      }
  for (guint i = 0; i < G_N_ELEMENTS (chain); i++)
    kg_value_clear (&chain[i]);

  g_assert_cmpint (order_and_clear (kg_value_int (1), kg_value_float (1.0)), ==, 0);
  g_assert_cmpint (order_and_clear (list_of (1, kg_value_int (1)), list_of (2, kg_value_int (1), kg_value_int (0))), ==, -1);
  g_assert_cmpint (order_and_clear (list_of (1, kg_value_null ()), list_of (1, kg_value_int (1))), ==, 1);
  g_assert_cmpint (order_and_clear (kg_value_string ("B"), kg_value_string ("a")), ==, -1);
}

static void
test_equivalent_hash (void)
{
  KgValue pairs[][2] = {
    { kg_value_int (1), kg_value_float (1.0) },
    { kg_value_null (), kg_value_null () },
    { kg_value_float (NAN), kg_value_float (NAN) },
    { kg_value_float (0.0), kg_value_float (-0.0) },
    { list_of (2, kg_value_null (), kg_value_int (2)), list_of (2, kg_value_null (), kg_value_float (2.0)) },
    { map_of (2, "a", kg_value_int (1), "b", kg_value_null ()), map_of (2, "b", kg_value_null (), "a", kg_value_int (1)) },
    { kg_value_string ("x"), kg_value_string ("x") },
  };
  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      g_assert_true (kg_value_equivalent (&pairs[i][0], &pairs[i][1]));
      g_assert_cmpuint (kg_value_hash (&pairs[i][0]), ==, kg_value_hash (&pairs[i][1]));
      kg_value_clear (&pairs[i][0]);
      kg_value_clear (&pairs[i][1]);
    }
  KgValue not_pairs[][2] = {
    { kg_value_int (1), kg_value_string ("1") },
    { kg_value_null (), kg_value_int (0) },
    { kg_value_int (1), kg_value_float (1.5) },
    { kg_value_node (1), kg_value_edge (1) },
    { list_of (1, kg_value_int (1)), list_of (2, kg_value_int (1), kg_value_null ()) },
  };
  for (guint i = 0; i < G_N_ELEMENTS (not_pairs); i++)
    {
      g_assert_false (kg_value_equivalent (&not_pairs[i][0], &not_pairs[i][1]));
      kg_value_clear (&not_pairs[i][0]);
      kg_value_clear (&not_pairs[i][1]);
    }
}

static void
test_literal (void)
{
  assert_literal (kg_value_null (), "null");
  assert_literal (kg_value_bool (TRUE), "true");
  assert_literal (kg_value_int (-42), "-42");
  assert_literal (kg_value_int (G_MININT64), "-9223372036854775808");
  assert_literal (kg_value_float (1.0), "1.0");
  assert_literal (kg_value_float (-2.0), "-2.0");
  assert_literal (kg_value_float (1.5), "1.5");
  assert_literal (kg_value_float (0.1), "0.1");
  assert_literal (kg_value_float (123.4), "123.4");
  assert_literal (kg_value_float (0.001), "0.001");
  assert_literal (kg_value_float (3.141592653589793), "3.141592653589793");
  assert_literal (kg_value_float (1e20), "1e20");
  assert_literal (kg_value_float (1.23456789e308), "1.23456789e308");
  assert_literal (kg_value_float (-1.2635418652381264e305), "-1.2635418652381264e305");
  assert_literal (kg_value_float (1e-305), "1e-305");
  assert_literal (kg_value_float (1000000.0), "1000000.0");
  assert_literal (kg_value_float (0.0), "0.0");
  assert_literal (kg_value_float (NAN), "NaN");
  assert_literal (kg_value_float (INFINITY), "Infinity");
  assert_literal (kg_value_float (-INFINITY), "-Infinity");
  assert_literal (kg_value_string ("it's \\ \n"), "'it\\'s \\\\ \\n'");
  assert_literal (list_of (3, kg_value_int (1), kg_value_string ("a"), kg_value_null ()), "[1, 'a', null]");
  assert_literal (list_of (0), "[]");
  assert_literal (map_of (2, "a", kg_value_int (1), "b c", list_of (0)), "{a: 1, `b c`: []}");
  assert_literal (kg_value_node (12), "(#12)");
  assert_literal (kg_value_edge (7), "[#7]");
  gint32 d;
  g_assert_true (kg_date_parse ("2024-08-11", &d));
  assert_literal (kg_value_date (d), "date('2024-08-11')");
}

static void
test_dates (void)
{
  gint32 d;
  g_assert_true (kg_date_parse ("1970-01-01", &d));
  g_assert_cmpint (d, ==, 0);
  g_assert_true (kg_date_parse ("2000-03-01", &d));
  g_assert_cmpint (d, ==, 11017);
  g_assert_true (kg_date_parse ("1969-12-31", &d));
  g_assert_cmpint (d, ==, -1);
  g_assert_true (kg_date_parse ("2024-02-29", &d));
  g_assert_false (kg_date_parse ("2023-02-29", &d));
  g_assert_false (kg_date_parse ("1900-02-29", &d));
  g_assert_true (kg_date_parse ("2000-02-29", &d));
  g_assert_false (kg_date_parse ("2024-13-01", &d));
  g_assert_false (kg_date_parse ("2024-1-01", &d));
  g_assert_false (kg_date_parse ("2024-01-01x", &d));
  g_assert_false (kg_date_parse ("", &d));

  /* Round trip over a wide range, including years before 1 (proleptic, year 0 exists). */
  for (gint32 days = -800000; days <= 800000; days += 37)
    {
      int y, m, dd;
      kg_date_to_ymd (days, &y, &m, &dd);
      gint32 back;
      g_assert_true (kg_date_from_ymd (y, m, dd, &back));
      g_assert_cmpint (back, ==, days);
      char buf[16];
      kg_date_format (days, buf);
      g_assert_true (kg_date_parse (buf, &back));
      g_assert_cmpint (back, ==, days);
    }
  char buf[16];
  g_assert_true (kg_date_from_ymd (0, 1, 1, &d));
  kg_date_format (d, buf);
  g_assert_cmpstr (buf, ==, "0000-01-01");
  g_assert_true (kg_date_from_ymd (-1, 12, 31, &d));
  kg_date_format (d, buf);
  g_assert_cmpstr (buf, ==, "-0001-12-31");
  g_assert_true (kg_date_from_ymd (12345, 6, 7, &d));
  kg_date_format (d, buf);
  g_assert_cmpstr (buf, ==, "+12345-06-07");
}

static KgValue
temporal (KgValueType type, gint64 days, gint64 nanos, gint32 offset, const char *zone)
{
  return kg_value_temporal (type, kg_temporal_new (days, nanos, offset, zone));
}

static KgValue
duration (gint64 months, gint64 days, gint64 seconds, gint64 nanos)
{
  KgTemporal *t = kg_temporal_new (days, nanos, 0, NULL);
  t->months = months;
  t->seconds = seconds;
  return kg_value_temporal (KG_VALUE_DURATION, t);
}

static void
assert_text (KgValue v, const char *expected)
{
  GString *s = g_string_new (NULL);
  kg_value_append_temporal_text (s, &v);
  g_assert_cmpstr (s->str, ==, expected);
  g_string_free (s, TRUE);
  kg_value_clear (&v);
}

static void
test_temporal (void)
{
  const gint64 H = G_GINT64_CONSTANT (3600000000000);
  assert_text (temporal (KG_VALUE_LOCALTIME, 0, 12 * H, 0, NULL), "12:00");
  assert_text (temporal (KG_VALUE_LOCALTIME, 0, 12 * H + 1000000, 0, NULL), "12:00:00.001");
  assert_text (temporal (KG_VALUE_LOCALTIME, 0, 12 * H + 1000, 0, NULL), "12:00:00.000001");
  assert_text (temporal (KG_VALUE_LOCALTIME, 0, 12 * H + 1, 0, NULL), "12:00:00.000000001");
  assert_text (temporal (KG_VALUE_TIME, 0, 12 * H, 3600, NULL), "12:00+01:00");
  assert_text (temporal (KG_VALUE_TIME, 0, 12 * H, -(8 * 3600 + 30 * 60 + 15), NULL), "12:00-08:30:15");
  assert_text (temporal (KG_VALUE_TIME, 0, 12 * H, 0, NULL), "12:00Z");
  assert_text (temporal (KG_VALUE_LOCALDATETIME, 0, 0, 0, NULL), "1970-01-01T00:00");
  assert_text (temporal (KG_VALUE_DATETIME, 16637, 21 * H, 3600, "Europe/London"), "2015-07-21T21:00+01:00[Europe/London]");
  assert_text (duration (14, 3, 3723, 500000000), "P1Y2M3DT1H2M3.5S");
  assert_text (duration (0, 0, -1, 999000000), "PT-0.001S");
  assert_text (duration (0, 0, 0, 0), "PT0S");
  assert_text (duration (0, 1, 0, 0), "P1D");
  assert_text (kg_value_date (0), "1970-01-01");

  /* Same instant, different offsets: equal, equivalent, same hash; ordered by instant. */
  KgValue a = temporal (KG_VALUE_TIME, 0, 12 * H, 3600, NULL), b = temporal (KG_VALUE_TIME, 0, 11 * H, 0, NULL);
  KgValue c = temporal (KG_VALUE_TIME, 0, 12 * H, 0, NULL);
  g_assert_cmpint (kg_value_equals (&a, &b), ==, KG_TRI_TRUE);
  g_assert_true (kg_value_equivalent (&a, &b));
  g_assert_cmpuint (kg_value_hash (&a), ==, kg_value_hash (&b));
  int cmp;
  g_assert_true (kg_value_compare (&a, &c, &cmp));
  g_assert_cmpint (cmp, <, 0);
  KgValue d1 = duration (1, 0, 0, 0), d2 = duration (0, 30, 0, 0);
  g_assert_false (kg_value_compare (&d1, &d2, &cmp));
  g_assert_cmpint (kg_value_equals (&d1, &d2), ==, KG_TRI_FALSE);
  /* Global order: DATETIME < LOCALDATETIME < DATE < TIME < LOCALTIME < DURATION < STRING. */
  KgValue order[] = {
    temporal (KG_VALUE_DATETIME, 0, 0, 0, NULL),
    temporal (KG_VALUE_LOCALDATETIME, 0, 0, 0, NULL),
    kg_value_date (0),
    temporal (KG_VALUE_TIME, 0, 0, 0, NULL),
    temporal (KG_VALUE_LOCALTIME, 0, 0, 0, NULL),
    duration (0, 0, 0, 0),
    kg_value_string ("a"),
  };
  for (guint i = 0; i + 1 < G_N_ELEMENTS (order); i++)
    g_assert_cmpint (kg_value_order (&order[i], &order[i + 1]), <, 0);
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    kg_value_clear (&order[i]);

  /* Copies share the payload. */
  KgValue copy;
  kg_value_copy (&a, &copy);
  g_assert_true (copy.u.t == a.u.t);
  g_assert_cmpstr (kg_value_type_name (copy.type), ==, "TIME");
  g_autofree char *lit = kg_value_to_literal (&copy);
  g_assert_cmpstr (lit, ==, "time('12:00+01:00')");
  kg_value_clear (&copy);
  kg_value_clear (&a);
  kg_value_clear (&b);
  kg_value_clear (&c);
  kg_value_clear (&d1);
  kg_value_clear (&d2);
}

/* A slice holds copies: the source list keeps its items, strings are not shared. */
static void
test_list_slice (void)
{
  KgList *src = kg_list_new (3);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *text = g_strdup_printf ("s%u", i);
      KgValue v = kg_value_string (text);
      kg_list_append (src, &v);
    }
  KgList *mid = kg_list_slice (src, 1, 3);
  g_assert_cmpuint (mid->len, ==, 2);
  g_assert_cmpstr (mid->items[0].u.s, ==, "s1");
  g_assert_cmpstr (mid->items[1].u.s, ==, "s2");
  KgList *none = kg_list_slice (src, 2, 2);
  g_assert_cmpuint (none->len, ==, 0);
  kg_list_unref (src);
  g_assert_cmpstr (mid->items[1].u.s, ==, "s2");
  kg_list_unref (mid);
  kg_list_unref (none);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/value/ownership", test_ownership);
  g_test_add_func ("/value/equals", test_equals);
  g_test_add_func ("/value/compare", test_compare);
  g_test_add_func ("/value/order", test_order);
  g_test_add_func ("/value/equivalent-hash", test_equivalent_hash);
  g_test_add_func ("/value/literal", test_literal);
  g_test_add_func ("/value/dates", test_dates);
  g_test_add_func ("/value/temporal", test_temporal);
  g_test_add_func ("/value/list-slice", test_list_slice);
  return g_test_run ();
}
