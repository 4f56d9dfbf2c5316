/* tests/unit/test-packstream.c — PackStream: the exact bytes of scalars and size
 * headers, round trips of every kgq value through encoder and decoder in the 5.x and
 * 4.4 forms, nodes, relationships and paths as drivers receive them, and the decoder's
 * refusals of hostile or unsupported input (sizes beyond the message, deep nesting,
 * invalid UTF-8, duplicate keys, bytes, points). */
#include "server/packstream.h"

#include <math.h>
#include <string.h>

static const KgPackstreamFormat v5 = { TRUE, TRUE };
static const KgPackstreamFormat v44 = { FALSE, FALSE };

static GByteArray *
encode (const KgValue *v, const KgPackstreamFormat *format)
{
  GByteArray *out = g_byte_array_new ();
  kg_packstream_put_value (out, v, format, NULL, NULL);
  return out;
}

static char *
hex (const GByteArray *b)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < b->len; i++)
    g_string_append_printf (s, "%s%02X", i ? " " : "", b->data[i]);
  return g_string_free (s, FALSE);
}

static void
assert_bytes (KgValue v, const char *expected)
{
  g_autoptr (GByteArray) b = encode (&v, &v5);
  g_autofree char *h = hex (b);
  g_assert_cmpstr (h, ==, expected);
  kg_value_clear (&v);
}

static void
test_scalar_bytes (void)
{
  assert_bytes (kg_value_null (), "C0");
  assert_bytes (kg_value_bool (TRUE), "C3");
  assert_bytes (kg_value_bool (FALSE), "C2");
  assert_bytes (kg_value_int (1), "01");
  assert_bytes (kg_value_int (-16), "F0");
  assert_bytes (kg_value_int (127), "7F");
  assert_bytes (kg_value_int (-17), "C8 EF");
  assert_bytes (kg_value_int (-128), "C8 80");
  assert_bytes (kg_value_int (128), "C9 00 80");
  assert_bytes (kg_value_int (-32769), "CA FF FF 7F FF");
  assert_bytes (kg_value_int (2147483648LL), "CB 00 00 00 00 80 00 00 00");
  assert_bytes (kg_value_float (1.1), "C1 3F F1 99 99 99 99 99 9A");
  assert_bytes (kg_value_string (""), "80");
  assert_bytes (kg_value_string ("A"), "81 41");
  assert_bytes (kg_value_date (0), "B1 44 00");
}

static void
test_size_headers (void)
{
  g_autoptr (GByteArray) b = g_byte_array_new ();
  kg_packstream_put_list_header (b, 15);
  kg_packstream_put_list_header (b, 16);
  kg_packstream_put_map_header (b, 300);
  kg_packstream_put_map_header (b, 70000);
  g_autofree char *h = hex (b);
  g_assert_cmpstr (h, ==, "9F D4 10 D9 01 2C DA 00 01 11 70");

  g_autofree char *s = g_strnfill (300, 'x');
  g_byte_array_set_size (b, 0);
  kg_packstream_put_string (b, s, -1);
  g_assert_cmpuint (b->len, ==, 303);
  g_assert_cmpuint (b->data[0], ==, 0xD1);
}

static KgValue
decode_ok (const GByteArray *b, const KgPackstreamFormat *format)
{
  KgValue v;
  g_autoptr (GError) error = NULL;
  gboolean ok = kg_packstream_read_value (b->data, b->len, format, &v, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  return v;
}

/* Encodes, decodes and checks the value comes back equivalent and of the same type. */
static void
assert_round_trip (KgValue v, const KgPackstreamFormat *format)
{
  g_autoptr (GByteArray) b = encode (&v, format);
  KgValue back = decode_ok (b, format);
  g_autofree char *want = kg_value_to_literal (&v);
  g_autofree char *got = kg_value_to_literal (&back);
  g_assert_cmpstr (got, ==, want);
  g_assert_cmpint (back.type, ==, v.type);
  if (kg_value_type_is_temporal (v.type))
    {
      g_assert_cmpint (back.u.t->days, ==, v.u.t->days);
      g_assert_cmpint (back.u.t->nanos, ==, v.u.t->nanos);
      g_assert_cmpint (back.u.t->offset, ==, v.u.t->offset);
      g_assert_cmpint (back.u.t->months, ==, v.u.t->months);
      g_assert_cmpint (back.u.t->seconds, ==, v.u.t->seconds);
      g_assert_cmpstr (back.u.t->zone, ==, v.u.t->zone);
    }
  kg_value_clear (&back);
  kg_value_clear (&v);
}

static KgValue
temporal (KgValueType type, gint64 days, gint64 nanos, gint32 offset, const char *zone)
{
  return kg_value_temporal (type, kg_temporal_new (days, nanos, offset, zone));
}

static void
test_round_trip (void)
{
  const KgPackstreamFormat *formats[] = { &v5, &v44 };
  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      const KgPackstreamFormat *fmt = formats[f];
      gint64 ints[] = { 0, 1, -1, -16, -17, 127, 128, -128, -129, 32767, 32768, -32768, -32769,
                        G_MAXINT32, (gint64) G_MAXINT32 + 1, G_MININT32, (gint64) G_MININT32 - 1,
                        G_MAXINT64, G_MININT64 };
      for (guint i = 0; i < G_N_ELEMENTS (ints); i++)
        assert_round_trip (kg_value_int (ints[i]), fmt);
      assert_round_trip (kg_value_float (-0.5), fmt);
      assert_round_trip (kg_value_float (1e300), fmt);
      assert_round_trip (kg_value_float (INFINITY), fmt);
      assert_round_trip (kg_value_string ("héllo, wörld ☃"), fmt);
      g_autofree char *big = g_strnfill (70000, 'y');
      assert_round_trip (kg_value_string (big), fmt);
      assert_round_trip (kg_value_bool (TRUE), fmt);
      assert_round_trip (kg_value_null (), fmt);

      KgList *l = kg_list_new (0);
      for (int i = 0; i < 20; i++)
        {
          KgValue item = i % 2 ? kg_value_int (i) : kg_value_string ("s");
          kg_list_append (l, &item);
        }
      KgMap *m = kg_map_new (0);
      KgValue lv = kg_value_list (l);
      kg_map_set (m, "list", &lv);
      for (int i = 0; i < 20; i++)
        {
          g_autofree char *k = g_strdup_printf ("k%d", i);
          KgValue item = kg_value_float (i / 4.0);
          kg_map_set (m, k, &item);
        }
      assert_round_trip (kg_value_map (m), fmt);

      assert_round_trip (kg_value_date (-719162), fmt);
      assert_round_trip (kg_value_date (20000), fmt);
      assert_round_trip (temporal (KG_VALUE_LOCALTIME, 0, 45296789000000LL, 0, NULL), fmt);
      assert_round_trip (temporal (KG_VALUE_TIME, 0, 45296789000000LL, -3600 * 5, NULL), fmt);
      assert_round_trip (temporal (KG_VALUE_LOCALDATETIME, -400, 1, 0, NULL), fmt);
      assert_round_trip (temporal (KG_VALUE_DATETIME, 16000, 3600 * G_GINT64_CONSTANT (1000000000) + 7, 7200, NULL), fmt);
      assert_round_trip (temporal (KG_VALUE_DATETIME, -1, 0, -34200, NULL), fmt);
      /* 2015-07-21 (summer time: +01:00 in London) */
      assert_round_trip (temporal (KG_VALUE_DATETIME, 16637, 78032142000000LL, 3600, "Europe/London"), fmt);
      assert_round_trip (temporal (KG_VALUE_DATETIME, 16637, 0, -14400, "America/New_York"), fmt);

      KgTemporal *d = kg_temporal_new (-3, 5, 0, NULL);
      d->months = 14;
      d->seconds = -58320;
      assert_round_trip (kg_value_temporal (KG_VALUE_DURATION, d), fmt);
    }
}

/* The 5.x DateTime carries UTC seconds; 4.4 without the patch local seconds. */
static void
test_datetime_forms (void)
{
  KgValue dt = temporal (KG_VALUE_DATETIME, 1, 0, 3600, NULL);
  g_autoptr (GByteArray) a = encode (&dt, &v5);
  g_autoptr (GByteArray) b = encode (&dt, &v44);
  g_autofree char *ha = hex (a);
  g_autofree char *hb = hex (b);
  g_assert_cmpstr (ha, ==, "B3 49 CA 00 01 43 70 00 C9 0E 10"); /* 86400 - 3600 = 82800 */
  g_assert_cmpstr (hb, ==, "B3 46 CA 00 01 51 80 00 C9 0E 10");
  kg_value_clear (&dt);

  /* Each form only where it was negotiated. */
  KgValue v;
  g_autoptr (GError) error = NULL;
  g_assert_false (kg_packstream_read_value (a->data, a->len, &v44, &v, &error));
  g_assert_error (error, KG_PACKSTREAM_ERROR, KG_PACKSTREAM_ERROR_UNSUPPORTED);

  /* A zone id takes the zone's offset at that instant: 2024-01-15 12:00 UTC is 13:00 in Paris. */
  g_autoptr (GByteArray) z = g_byte_array_new ();
  kg_packstream_put_struct_header (z, 'i', 3);
  kg_packstream_put_int (z, 1705320000);
  kg_packstream_put_int (z, 0);
  kg_packstream_put_string (z, "Europe/Paris", -1);
  v = decode_ok (z, &v5);
  g_autofree char *lit = kg_value_to_literal (&v);
  g_assert_cmpstr (lit, ==, "datetime('2024-01-15T13:00+01:00[Europe/Paris]')");
  kg_value_clear (&v);
}

/* A fake graph: node n has label "L<n>" and {id: n}; relationship e runs from e to e+1. */
static gboolean
fake_node (gpointer data, guint32 id, KgValue *labels, KgValue *props)
{
  (void) data;
  KgList *l = kg_list_new (1);
  g_autofree char *name = g_strdup_printf ("L%u", id);
  KgValue s = kg_value_string (name);
  kg_list_append (l, &s);
  *labels = kg_value_list (l);
  KgMap *m = kg_map_new (1);
  KgValue i = kg_value_int (id);
  kg_map_set (m, "id", &i);
  *props = kg_value_map (m);
  return TRUE;
}

static gboolean
fake_edge (gpointer data, guint32 id, guint32 *src, guint32 *dst, KgValue *type, KgValue *props)
{
  (void) data;
  (void) props;
  *src = id;
  *dst = id + 1;
  *type = kg_value_string ("T");
  return TRUE;
}

static const KgBoltEntities fake = { fake_node, fake_edge };

static void
test_entities (void)
{
  g_autoptr (GByteArray) b = g_byte_array_new ();
  KgValue n = kg_value_node (3);
  kg_packstream_put_value (b, &n, &v5, &fake, NULL);
  g_autofree char *h5 = hex (b);
  /* Node(3, ["L3"], {id: 3}, "n:3"): element ids are what elementId() returns */
  g_assert_cmpstr (h5, ==, "B4 4E 03 91 82 4C 33 A1 82 69 64 03 83 6E 3A 33");
  g_byte_array_set_size (b, 0);
  kg_packstream_put_value (b, &n, &v44, &fake, NULL);
  g_autofree char *h4 = hex (b);
  g_assert_cmpstr (h4, ==, "B3 4E 03 91 82 4C 33 A1 82 69 64 03");

  g_byte_array_set_size (b, 0);
  KgValue e = kg_value_edge (7);
  kg_packstream_put_value (b, &e, &v5, &fake, NULL);
  g_autofree char *he = hex (b);
  /* Relationship(7, 7, 8, "T", {}, "r:7", "n:7", "n:8") */
  g_assert_cmpstr (he, ==, "B8 52 07 07 08 81 54 A0 83 72 3A 37 83 6E 3A 37 83 6E 3A 38");

  /* (1)-[1]->(2)<-[2]-(3)... walked: nodes 1, 2, 1 over edges 1 and 1 backwards. */
  guint32 nodes[] = { 1, 2, 1 };
  guint32 edges[] = { 1, 1 };
  KgValue p = kg_value_path (kg_path_new (2, nodes, edges));
  g_byte_array_set_size (b, 0);
  kg_packstream_put_value (b, &p, &v44, &fake, NULL);
  g_autofree char *hp = hex (b);
  /* Path([Node 1, Node 2], [Unbound 1], [1, 1, -1, 0]) */
  g_assert_cmpstr (hp, ==, "B3 50 92 B3 4E 01 91 82 4C 31 A1 82 69 64 01 B3 4E 02 91 82 4C 32 A1 82 69 64 02 "
                           "91 B3 72 01 81 54 A0 94 01 01 FF 00");
  kg_value_clear (&p);

  /* Entities cannot come back as parameters. */
  KgValue v;
  g_autoptr (GError) error = NULL;
  g_assert_false (kg_packstream_read_value (b->data, b->len, &v44, &v, &error));
  g_assert_error (error, KG_PACKSTREAM_ERROR, KG_PACKSTREAM_ERROR_UNSUPPORTED);
}

static void
assert_rejected (const guint8 *data, gsize len, int code)
{
  KgValue v;
  g_autoptr (GError) error = NULL;
  g_assert_false (kg_packstream_read_value (data, len, &v5, &v, &error));
  g_assert_error (error, KG_PACKSTREAM_ERROR, code);
  g_assert_true (kg_value_is_null (&v));
}

static void
test_hostile (void)
{
  const guint8 huge_list[] = { 0xD6, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 };
  assert_rejected (huge_list, sizeof huge_list, KG_PACKSTREAM_ERROR_MALFORMED);
  const guint8 huge_map[] = { 0xDA, 0x7F, 0xFF, 0xFF, 0xFF, 0x81, 0x61, 0x01 };
  assert_rejected (huge_map, sizeof huge_map, KG_PACKSTREAM_ERROR_MALFORMED);
  const guint8 huge_string[] = { 0xD2, 0xFF, 0xFF, 0xFF, 0xF0, 0x41 };
  assert_rejected (huge_string, sizeof huge_string, KG_PACKSTREAM_ERROR_MALFORMED);
  const guint8 tiny_list_short[] = { 0x93, 0x01, 0x02 };
  assert_rejected (tiny_list_short, sizeof tiny_list_short, KG_PACKSTREAM_ERROR_MALFORMED);
  const guint8 truncated_int[] = { 0xCB, 0x00, 0x01 };
  assert_rejected (truncated_int, sizeof truncated_int, KG_PACKSTREAM_ERROR_MALFORMED);
  const guint8 bad_utf8[] = { 0x82, 0xC3, 0x28 };
  assert_rejected (bad_utf8, sizeof bad_utf8, KG_PACKSTREAM_ERROR_MALFORMED);
  const guint8 nul[] = { 0x82, 0x41, 0x00 };
  assert_rejected (nul, sizeof nul, KG_PACKSTREAM_ERROR_MALFORMED);
  const guint8 int_key[] = { 0xA1, 0x01, 0x02 };
  assert_rejected (int_key, sizeof int_key, KG_PACKSTREAM_ERROR_MALFORMED);
  const guint8 dup_key[] = { 0xA2, 0x81, 0x61, 0x01, 0x81, 0x61, 0x02 };
  assert_rejected (dup_key, sizeof dup_key, KG_PACKSTREAM_ERROR_MALFORMED);
  const guint8 trailing[] = { 0x01, 0x02 };
  assert_rejected (trailing, sizeof trailing, KG_PACKSTREAM_ERROR_MALFORMED);
  const guint8 unknown_marker[] = { 0xC4 };
  assert_rejected (unknown_marker, sizeof unknown_marker, KG_PACKSTREAM_ERROR_MALFORMED);
  const guint8 bytes[] = { 0xCC, 0x02, 0x01, 0x02 };
  assert_rejected (bytes, sizeof bytes, KG_PACKSTREAM_ERROR_UNSUPPORTED);
  const guint8 point[] = { 0xB3, 0x58, 0x01, 0xC1, 0, 0, 0, 0, 0, 0, 0, 0, 0xC1, 0, 0, 0, 0, 0, 0, 0, 0 };
  assert_rejected (point, sizeof point, KG_PACKSTREAM_ERROR_UNSUPPORTED);
  const guint8 bad_nanos[] = { 0xB2, 0x64, 0x00, 0xCA, 0x3B, 0x9A, 0xCA, 0x00 };
  assert_rejected (bad_nanos, sizeof bad_nanos, KG_PACKSTREAM_ERROR_VALUE);
  const guint8 bad_arity[] = { 0xB2, 0x44, 0x00, 0x00 };
  assert_rejected (bad_arity, sizeof bad_arity, KG_PACKSTREAM_ERROR_VALUE);

  /* 10 000 nested lists: refused at KG_PACKSTREAM_MAX_DEPTH, not by the stack. */
  g_autoptr (GByteArray) deep = g_byte_array_new ();
  for (int i = 0; i < 10000; i++)
    kg_packstream_put_list_header (deep, 1);
  kg_packstream_put_null (deep);
  assert_rejected (deep->data, deep->len, KG_PACKSTREAM_ERROR_MALFORMED);
  /* ... and just below the limit it is fine. */
  g_byte_array_set_size (deep, 0);
  for (int i = 0; i < KG_PACKSTREAM_MAX_DEPTH - 1; i++)
    kg_packstream_put_list_header (deep, 1);
  kg_packstream_put_null (deep);
  KgValue v = decode_ok (deep, &v5);
  kg_value_clear (&v);

  /* A map of many keys decodes in linear time. */
  g_autoptr (GByteArray) wide = g_byte_array_new ();
  kg_packstream_put_map_header (wide, 100000);
  for (int i = 0; i < 100000; i++)
    {
      char k[16];
      int n = g_snprintf (k, sizeof k, "%d", i);
      kg_packstream_put_string (wide, k, n);
      kg_packstream_put_int (wide, i);
    }
  v = decode_ok (wide, &v5);
  g_assert_cmpuint (v.u.map->len, ==, 100000);
  kg_value_clear (&v);
}

static void
test_message (void)
{
  /* RUN "RETURN 1" {} {} */
  g_autoptr (GByteArray) b = g_byte_array_new ();
  kg_packstream_put_struct_header (b, 0x10, 3);
  kg_packstream_put_string (b, "RETURN 1", -1);
  kg_packstream_put_map_header (b, 0);
  kg_packstream_put_map_header (b, 0);
  guint8 tag = 0;
  KgValue fields;
  g_autoptr (GError) error = NULL;
  g_assert_true (kg_packstream_read_message (b->data, b->len, &v5, &tag, &fields, &error));
  g_assert_cmpuint (tag, ==, 0x10);
  g_assert_cmpuint (fields.u.list->len, ==, 3);
  g_assert_cmpstr (fields.u.list->items[0].u.s, ==, "RETURN 1");
  kg_value_clear (&fields);

  const guint8 not_struct[] = { 0x91, 0x01 };
  g_assert_false (kg_packstream_read_message (not_struct, sizeof not_struct, &v5, &tag, &fields, &error));
  g_assert_error (error, KG_PACKSTREAM_ERROR, KG_PACKSTREAM_ERROR_MALFORMED);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/packstream/scalar-bytes", test_scalar_bytes);
  g_test_add_func ("/packstream/size-headers", test_size_headers);
  g_test_add_func ("/packstream/round-trip", test_round_trip);
  g_test_add_func ("/packstream/datetime-forms", test_datetime_forms);
  g_test_add_func ("/packstream/entities", test_entities);
  g_test_add_func ("/packstream/hostile", test_hostile);
  g_test_add_func ("/packstream/message", test_message);
  return g_test_run ();
}
