/* engine/id-set.c — KgIdSet (see id-set.h): a hash set of guint64 keys that turns into
 * a bitmap when the keys are dense enough.
 *
 * The hash form keeps the keys themselves in a power-of-two array probed linearly from
 * a Fibonacci hash of the key; 0 marks an empty slot, so the key 0 is a flag of its own.
 * It grows at half full. Before it grows, it compares the bitmap that would cover the
 * largest key (one bit per key from 0) with the array it is about to allocate and takes
 * the smaller: so the set never holds much more memory than the hash set would, and
 * dense ids (the far nodes of a pattern, a tenth of the id space or so) cost a bit
 * each instead of 16–32 bytes. The bitmap grows by doubling while it stays within 32
 * bytes a member; a key beyond that turns it back into the hash form.
 */
#include "engine/id-set.h"

#include <string.h>

struct _KgIdSet
{
  guint64 n; /* members, in either form */
  /* the hash form (bits == NULL) */
  guint64 *slots;    /* cap keys; 0 is an empty slot */
  guint64 cap;       /* a power of two, or 0 before the first key */
  guint shift;       /* 64 - log2 (cap) */
  gboolean has_zero; /* the key 0 is a member */
  guint64 max_key;   /* the largest member, to size a bitmap */
  /* the bitmap form */
  guint64 *bits; /* n_words words: key k is bit k % 64 of word k / 64 */
  guint64 n_words;
};

/* Hash set slots at first, and the bitmap's most words a member (32 bytes). */
#define MIN_CAP 16
#define WORDS_PER_MEMBER 4

KgIdSet *
kg_id_set_new (void)
{
  return g_new0 (KgIdSet, 1);
}

void
kg_id_set_free (KgIdSet *set)
{
  if (set == NULL)
    return;
  g_free (set->slots);
  g_free (set->bits);
  g_free (set);
}

static inline guint64
slot_of (const KgIdSet *set, guint64 key)
{
  return (key * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)) >> set->shift;
}

/* Puts @key (not 0, not a member) into the hash form's array, which has room. */
static inline void
hash_put (KgIdSet *set, guint64 key)
{
  guint64 mask = set->cap - 1;
  guint64 i = slot_of (set, key);
  while (set->slots[i] != 0)
    i = (i + 1) & mask;
  set->slots[i] = key;
}

static guint64
pow2_at_least (guint64 x)
{
  guint64 p = MIN_CAP;
  while (p < x)
    p <<= 1;
  return p;
}

/* The hash form with room for @cap keys, from whichever form @set is in now. */
static void
to_hash (KgIdSet *set, guint64 cap)
{
  guint64 *old = set->slots, old_cap = set->cap;
  guint64 *bits = set->bits, n_words = set->n_words;
  set->cap = cap;
  set->shift = 64 - (guint) __builtin_ctzll (cap);
  set->slots = g_new0 (guint64, cap);
  set->bits = NULL;
  set->n_words = 0;
  for (guint64 i = 0; i < old_cap; i++)
    if (old[i] != 0)
      hash_put (set, old[i]);
  for (guint64 w = 0; w < n_words; w++)
    for (guint64 x = bits[w]; x != 0; x &= x - 1)
      {
        guint64 key = w * 64 + (guint64) __builtin_ctzll (x);
        if (key == 0)
          set->has_zero = TRUE;
        else
          hash_put (set, key);
        set->max_key = MAX (set->max_key, key);
      }
  g_free (old);
  g_free (bits);
}

/* The bitmap form of @n_words words, from the hash form. */
static void
to_bitmap (KgIdSet *set, guint64 n_words)
{
  set->bits = g_new0 (guint64, n_words);
  set->n_words = n_words;
  for (guint64 i = 0; i < set->cap; i++)
    if (set->slots[i] != 0)
      set->bits[set->slots[i] / 64] |= G_GUINT64_CONSTANT (1) << (set->slots[i] % 64);
  if (set->has_zero)
    set->bits[0] |= 1;
  g_clear_pointer (&set->slots, g_free);
  set->cap = 0;
  set->has_zero = FALSE;
}

/* Makes the bitmap cover @key, or turns it back into a hash set when that would take
 * more than WORDS_PER_MEMBER words a member. Returns: whether it is still a bitmap. */
static gboolean
bitmap_cover (KgIdSet *set, guint64 key)
{
  guint64 need = key / 64 + 1;
  guint64 most = WORDS_PER_MEMBER * (set->n + 1);
  if (need > most)
    {
      to_hash (set, pow2_at_least (4 * (set->n + 1)));
      return FALSE;
    }
  guint64 words = MAX (need, MIN (set->n_words * 2, most));
  set->bits = g_renew (guint64, set->bits, words);
  memset (set->bits + set->n_words, 0, (words - set->n_words) * sizeof (guint64));
  set->n_words = words;
  return TRUE;
}

gboolean
kg_id_set_add (KgIdSet *set, guint64 key)
{
  if (set->bits != NULL && (key / 64 < set->n_words || bitmap_cover (set, key)))
    {
      guint64 *w = &set->bits[key / 64], bit = G_GUINT64_CONSTANT (1) << (key % 64);
      if (*w & bit)
        return FALSE;
      *w |= bit;
      set->n++;
      return TRUE;
    }
  if (key == 0)
    {
      if (set->has_zero)
        return FALSE;
      set->has_zero = TRUE;
      set->n++;
      return TRUE;
    }
  if (set->cap != 0)
    {
      guint64 mask = set->cap - 1;
      for (guint64 i = slot_of (set, key); set->slots[i] != 0; i = (i + 1) & mask)
        if (set->slots[i] == key)
          return FALSE;
    }
  if (2 * (set->n + 1) > set->cap)
    {
      /* full enough to grow: into a bitmap if that is no bigger */
      guint64 cap = set->cap ? set->cap * 2 : MIN_CAP;
      guint64 words = MAX (set->max_key, key) / 64 + 1;
      if (words <= cap)
        {
          to_bitmap (set, words);
          return kg_id_set_add (set, key);
        }
      to_hash (set, cap);
    }
  hash_put (set, key);
  set->max_key = MAX (set->max_key, key);
  set->n++;
  return TRUE;
}

gboolean
kg_id_set_contains (const KgIdSet *set, guint64 key)
{
  if (set->bits != NULL)
    return key / 64 < set->n_words && (set->bits[key / 64] >> (key % 64)) & 1;
  if (key == 0)
    return set->has_zero;
  if (set->cap == 0)
    return FALSE;
  guint64 mask = set->cap - 1;
  for (guint64 i = slot_of (set, key); set->slots[i] != 0; i = (i + 1) & mask)
    if (set->slots[i] == key)
      return TRUE;
  return FALSE;
}

guint64
kg_id_set_size (const KgIdSet *set)
{
  return set->n;
}

gsize
kg_id_set_bytes (const KgIdSet *set)
{
  return sizeof (KgIdSet) + (set->cap + set->n_words) * sizeof (guint64);
}

gboolean
kg_id_set_is_bitmap (const KgIdSet *set)
{
  return set->bits != NULL;
}

gboolean
kg_id_set_foreach (const KgIdSet *set, KgIdSetFunc fn, gpointer data)
{
  if (set->has_zero && !fn (0, data))
    return FALSE;
  for (guint64 i = 0; i < set->cap; i++)
    if (set->slots[i] != 0 && !fn (set->slots[i], data))
      return FALSE;
  for (guint64 w = 0; w < set->n_words; w++)
    for (guint64 x = set->bits[w]; x != 0; x &= x - 1)
      if (!fn (w * 64 + (guint64) __builtin_ctzll (x), data))
        return FALSE;
  return TRUE;
}

typedef struct
{
  KgIdSet *dst;
  KgIdSetFunc fn;
  gpointer data;
  gint64 added;
} Union;

static gboolean
union_one (guint64 key, gpointer p)
{
  Union *u = p;
  if (!kg_id_set_add (u->dst, key))
    return TRUE;
  u->added++;
  return u->fn == NULL || u->fn (key, u->data);
}

gint64
kg_id_set_union (KgIdSet *dst, const KgIdSet *src, KgIdSetFunc fn, gpointer data)
{
  if (dst->bits != NULL && src->bits != NULL &&
      (src->n_words <= dst->n_words || src->n_words <= WORDS_PER_MEMBER * (dst->n + src->n)))
    {
      if (src->n_words > dst->n_words)
        {
          dst->bits = g_renew (guint64, dst->bits, src->n_words);
          memset (dst->bits + dst->n_words, 0, (src->n_words - dst->n_words) * sizeof (guint64));
          dst->n_words = src->n_words;
        }
      gint64 added = 0;
      for (guint64 w = 0; w < src->n_words; w++)
        {
          guint64 fresh = src->bits[w] & ~dst->bits[w];
          if (fresh == 0)
            continue;
          dst->bits[w] |= fresh;
          guint k = (guint) __builtin_popcountll (fresh);
          dst->n += k;
          added += k;
          for (; fn != NULL && fresh != 0; fresh &= fresh - 1)
            if (!fn (w * 64 + (guint64) __builtin_ctzll (fresh), data))
              return -1;
        }
      return added;
    }
  Union u = { dst, fn, data, 0 };
  if (!kg_id_set_foreach (src, union_one, &u))
    return -1;
  return u.added;
}
