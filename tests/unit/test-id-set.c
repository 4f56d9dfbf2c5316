/* tests/unit/test-id-set.c — KgIdSet: membership in the hash and bitmap forms, the
 * switches between them as keys come, growth, foreach and union (bitmap OR and key by
 * key), checked against a GHashTable of the same keys. Does not measure speed. */
#include "engine/id-set.h"

/* The reference: keys as gint64 in a GHashTable. */
static GHashTable *
ref_new (void)
{
  return g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

static gboolean
ref_add (GHashTable *ref, guint64 key)
{
  if (g_hash_table_contains (ref, &key))
    return FALSE;
  gint64 *k = g_new (gint64, 1);
  *k = (gint64) key;
  g_hash_table_add (ref, k);
  return TRUE;
}

static gboolean
count_member (guint64 key, gpointer p)
{
  GHashTable *seen = p;
  g_assert_true (ref_add (seen, key)); /* each member once */
  return TRUE;
}

/* @set holds exactly @ref's keys. */
static void
assert_same (const KgIdSet *set, GHashTable *ref)
{
  g_assert_cmpuint (kg_id_set_size (set), ==, g_hash_table_size (ref));
  GHashTableIter it;
  gpointer k;
  g_hash_table_iter_init (&it, ref);
  while (g_hash_table_iter_next (&it, &k, NULL))
    g_assert_true (kg_id_set_contains (set, (guint64) * (gint64 *) k));
  g_autoptr (GHashTable) seen = ref_new ();
  g_assert_true (kg_id_set_foreach (set, count_member, seen));
  g_assert_cmpuint (g_hash_table_size (seen), ==, g_hash_table_size (ref));
}

static void
test_empty (void)
{
  KgIdSet *s = kg_id_set_new ();
  g_assert_cmpuint (kg_id_set_size (s), ==, 0);
  g_assert_false (kg_id_set_contains (s, 0));
  g_assert_false (kg_id_set_contains (s, 12345));
  g_assert_false (kg_id_set_is_bitmap (s));
  kg_id_set_free (s);
  kg_id_set_free (NULL);
}

/* Sparse keys (0, the largest, negative integers' bit patterns) stay hashed. */
static void
test_hash_form (void)
{
  KgIdSet *s = kg_id_set_new ();
  g_autoptr (GHashTable) ref = ref_new ();
  guint64 keys[] = { 0, 1, G_MAXUINT64, (guint64) -1000, G_GUINT64_CONSTANT (1) << 40, 7, 0, 7 };
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_cmpint (kg_id_set_add (s, keys[i]), ==, ref_add (ref, keys[i]));
  GRand *r = g_rand_new_with_seed (12);
  for (guint i = 0; i < 20000; i++)
    {
      guint64 k = ((guint64) g_rand_int (r) << 32 | g_rand_int (r)) % (G_GUINT64_CONSTANT (1) << 50);
      g_assert_cmpint (kg_id_set_add (s, k), ==, ref_add (ref, k));
    }
  g_rand_free (r);
  g_assert_false (kg_id_set_is_bitmap (s));
  assert_same (s, ref);
  g_assert_false (kg_id_set_contains (s, 2));
  kg_id_set_free (s);
}

/* Dense keys turn into a bitmap, which grows as larger keys come. */
static void
test_bitmap_form (void)
{
  KgIdSet *s = kg_id_set_new ();
  g_autoptr (GHashTable) ref = ref_new ();
  GRand *r = g_rand_new_with_seed (3);
  for (guint i = 0; i < 50000; i++)
    {
      guint64 k = g_rand_int_range (r, 0, 1 + (gint32) i * 4);
      g_assert_cmpint (kg_id_set_add (s, k), ==, ref_add (ref, k));
    }
  g_rand_free (r);
  g_assert_true (kg_id_set_is_bitmap (s));
  assert_same (s, ref);
  /* about a bit per key of the range, far less than a hash set */
  g_assert_cmpuint (kg_id_set_bytes (s), <, 200000 / 8 * 2 + 1024);
  g_assert_false (kg_id_set_contains (s, 1000000));
  kg_id_set_free (s);
}

/* A far key beyond what the bitmap may grow to turns it back into a hash set. */
static void
test_back_to_hash (void)
{
  KgIdSet *s = kg_id_set_new ();
  g_autoptr (GHashTable) ref = ref_new ();
  for (guint64 k = 0; k < 1000; k++)
    g_assert_cmpint (kg_id_set_add (s, k), ==, ref_add (ref, k));
  g_assert_true (kg_id_set_is_bitmap (s));
  g_assert_true (kg_id_set_add (s, G_GUINT64_CONSTANT (1) << 33));
  ref_add (ref, G_GUINT64_CONSTANT (1) << 33);
  g_assert_false (kg_id_set_is_bitmap (s));
  assert_same (s, ref);
  for (guint64 k = 500; k < 3000; k++)
    g_assert_cmpint (kg_id_set_add (s, k), ==, ref_add (ref, k));
  assert_same (s, ref);
  kg_id_set_free (s);
}

static gboolean
collect_new (guint64 key, gpointer p)
{
  return ref_add (p, key);
}

static gboolean
stop_at_once (guint64 key, gpointer p)
{
  return FALSE;
}

/* @a's and @b's keys from the generator @kind, their union by kg_id_set_union(). */
static void
check_union (int kind_a, int kind_b, guint seed)
{
  KgIdSet *a = kg_id_set_new (), *b = kg_id_set_new ();
  g_autoptr (GHashTable) ra = ref_new ();
  g_autoptr (GHashTable) rb = ref_new ();
  GRand *r = g_rand_new_with_seed (seed);
  for (int side = 0; side < 2; side++)
    {
      int kind = side ? kind_b : kind_a;
      KgIdSet *s = side ? b : a;
      GHashTable *ref = side ? rb : ra;
      guint n = kind == 0 ? 30 : 40000;
      for (guint i = 0; i < n; i++)
        {
          guint64 k = kind == 2 ? (guint64) g_rand_int (r) * 4096 : (guint64) g_rand_int_range (r, 0, 60000 + 20000 * side);
          kg_id_set_add (s, k);
          ref_add (ref, k);
        }
    }
  g_rand_free (r);
  /* what b adds to a: its keys a lacks */
  guint expect = 0;
  GHashTableIter it;
  gpointer k;
  g_hash_table_iter_init (&it, rb);
  while (g_hash_table_iter_next (&it, &k, NULL))
    expect += !g_hash_table_contains (ra, k);
  g_autoptr (GHashTable) fresh = ref_new ();
  gint64 added = kg_id_set_union (a, b, collect_new, fresh);
  g_assert_cmpint (added, ==, expect);
  g_assert_cmpuint (g_hash_table_size (fresh), ==, expect);
  g_hash_table_iter_init (&it, rb);
  while (g_hash_table_iter_next (&it, &k, NULL))
    ref_add (ra, (guint64) * (gint64 *) k);
  assert_same (a, ra);
  assert_same (b, rb); /* the source is left as it was */
  /* union with itself adds nothing */
  g_assert_cmpint (kg_id_set_union (a, a, NULL, NULL), ==, 0);
  kg_id_set_free (a);
  kg_id_set_free (b);
}

static void
test_union (void)
{
  /* 0: a few keys (hashed), 1: dense keys (a bitmap), 2: sparse many (hashed) */
  for (int x = 0; x < 3; x++)
    for (int y = 0; y < 3; y++)
      check_union (x, y, 100 + x * 3 + y);
}

static void
test_union_stops (void)
{
  KgIdSet *a = kg_id_set_new (), *b = kg_id_set_new ();
  for (guint64 k = 0; k < 5000; k++)
    kg_id_set_add (b, k);
  g_assert_cmpint (kg_id_set_union (a, b, stop_at_once, NULL), ==, -1);
  kg_id_set_free (a);
  a = kg_id_set_new ();
  for (guint64 k = 0; k < 3000; k++)
    kg_id_set_add (a, k * 2);
  g_assert_true (kg_id_set_is_bitmap (a) && kg_id_set_is_bitmap (b));
  g_assert_cmpint (kg_id_set_union (a, b, stop_at_once, NULL), ==, -1);
  g_assert_false (kg_id_set_foreach (b, stop_at_once, NULL));
  kg_id_set_free (a);
  kg_id_set_free (b);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/id-set/empty", test_empty);
  g_test_add_func ("/id-set/hash-form", test_hash_form);
  g_test_add_func ("/id-set/bitmap-form", test_bitmap_form);
  g_test_add_func ("/id-set/back-to-hash", test_back_to_hash);
  g_test_add_func ("/id-set/union", test_union);
  g_test_add_func ("/id-set/union-stops", test_union_stops);
  return g_test_run ();
}
