/* common/value.c — KgValue: construction, ownership, Cypher comparison, equivalence and
 * hashing, and proleptic Gregorian dates.
 *
 * Implements common/value.h. Comparison follows openCypher: `=` is three-valued (null
 * when a null decides the outcome), `<` and friends only compare like with like, and
 * the global sort order used by ORDER BY orders every pair of values. Equivalence (for
 * DISTINCT and grouping) treats null as equal to null and 1 as equal to 1.0. This file
 * knows nothing of graphs: nodes, relationships and paths are compared by id only.
 * Text forms are in print.c. It never prints and keeps no global state.
 */
#include "common/value.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- Constructors --------------------------------------------------------------- */

KgValue
kg_value_string (const char *s)
{
  KgValue v = { KG_VALUE_STRING, { .s = g_ref_string_new (s != NULL ? s : "") } };
  return v;
}

KgValue
kg_value_string_len (const char *s, gsize len)
{
  KgValue v = { KG_VALUE_STRING, { .s = g_ref_string_new_len (s, (gssize) len) } };
  return v;
}

KgValue
kg_value_string_take (char *refstr)
{
  KgValue v = { KG_VALUE_STRING, { .s = refstr } };
  return v;
}

KgValue
kg_value_list (KgList *list)
{
  KgValue v = { KG_VALUE_LIST, { .list = list } };
  return v;
}

KgValue
kg_value_map (KgMap *map)
{
  KgValue v = { KG_VALUE_MAP, { .map = map } };
  return v;
}

KgValue
kg_value_path (KgPath *path)
{
  KgValue v = { KG_VALUE_PATH, { .path = path } };
  return v;
}

KgValue
kg_value_temporal (KgValueType type, KgTemporal *t)
{
  KgValue v = { type, { .t = t } };
  return v;
}

KgTemporal *
kg_temporal_new (gint64 days, gint64 nanos, gint32 offset, const char *zone)
{
  KgTemporal *t = g_new0 (KgTemporal, 1);
  t->ref = 1;
  t->days = days;
  t->nanos = nanos;
  t->offset = offset;
  t->zone = zone != NULL ? g_ref_string_new (zone) : NULL;
  return t;
}

KgTemporal *
kg_temporal_ref (KgTemporal *t)
{
  g_return_val_if_fail (t != NULL, NULL);
  g_atomic_int_inc (&t->ref);
  return t;
}

void
kg_temporal_unref (KgTemporal *t)
{
  if (t == NULL || !g_atomic_int_dec_and_test (&t->ref))
    return;
  if (t->zone != NULL)
    g_ref_string_release (t->zone);
  g_free (t);
}

/* --- Ownership ------------------------------------------------------------------ */

void
kg_value_copy (const KgValue *src, KgValue *dst)
{
  *dst = *src;
  switch (src->type)
    {
    case KG_VALUE_STRING:
      dst->u.s = g_ref_string_acquire (src->u.s);
      break;
    case KG_VALUE_LIST:
      kg_list_ref (src->u.list);
      break;
    case KG_VALUE_MAP:
      kg_map_ref (src->u.map);
      break;
    case KG_VALUE_PATH:
      kg_path_ref (src->u.path);
      break;
    default:
      if (kg_value_type_is_temporal (src->type))
        kg_temporal_ref (src->u.t);
      break;
    }
}

void
kg_value_clear (KgValue *v)
{
  switch (v->type)
    {
    case KG_VALUE_STRING:
      g_ref_string_release (v->u.s);
      break;
    case KG_VALUE_LIST:
      kg_list_unref (v->u.list);
      break;
    case KG_VALUE_MAP:
      kg_map_unref (v->u.map);
      break;
    case KG_VALUE_PATH:
      kg_path_unref (v->u.path);
      break;
    default:
      if (kg_value_type_is_temporal (v->type))
        kg_temporal_unref (v->u.t);
      break;
    }
  v->type = KG_VALUE_NULL;
  v->u.i = 0;
}

const char *
kg_value_type_name (KgValueType type)
{
  switch (type)
    {
    case KG_VALUE_NULL:
      return "NULL";
    case KG_VALUE_BOOL:
      return "BOOLEAN";
    case KG_VALUE_INT:
      return "INTEGER";
    case KG_VALUE_FLOAT:
      return "FLOAT";
    case KG_VALUE_STRING:
      return "STRING";
    case KG_VALUE_LIST:
      return "LIST";
    case KG_VALUE_MAP:
      return "MAP";
    case KG_VALUE_NODE:
      return "NODE";
    case KG_VALUE_EDGE:
      return "RELATIONSHIP";
    case KG_VALUE_PATH:
      return "PATH";
    case KG_VALUE_DATE:
      return "DATE";
    case KG_VALUE_LOCALTIME:
      return "LOCAL TIME";
    case KG_VALUE_TIME:
      return "TIME";
    case KG_VALUE_LOCALDATETIME:
      return "LOCAL DATETIME";
    case KG_VALUE_DATETIME:
      return "DATETIME";
    case KG_VALUE_DURATION:
      return "DURATION";
    }
  return "UNKNOWN";
}

/* --- Lists ---------------------------------------------------------------------- */

KgList *
kg_list_new (guint capacity)
{
  KgList *list = g_new0 (KgList, 1);
  list->ref = 1;
  list->cap = capacity;
  list->items = capacity > 0 ? g_new (KgValue, capacity) : NULL;
  return list;
}

KgList *
kg_list_ref (KgList *list)
{
  g_return_val_if_fail (list != NULL, NULL);
  g_atomic_int_inc (&list->ref);
  return list;
}

void
kg_list_unref (KgList *list)
{
  if (list == NULL)
    return;
  if (!g_atomic_int_dec_and_test (&list->ref))
    return;
  for (guint i = 0; i < list->len; i++)
    kg_value_clear (&list->items[i]);
  g_free (list->items);
  g_free (list);
}

void
kg_list_append (KgList *list, KgValue *v)
{
  g_return_if_fail (list != NULL && v != NULL);
  if (list->len == list->cap)
    {
      list->cap = list->cap < 4 ? 4 : list->cap * 2;
      list->items = g_renew (KgValue, list->items, list->cap);
    }
  list->items[list->len++] = kg_value_steal (v);
}

KgList *
kg_list_slice (const KgList *list, guint from, guint to)
{
  g_return_val_if_fail (list != NULL && from <= to && to <= list->len, NULL);
  KgList *l = kg_list_new (to - from);
  for (guint i = from; i < to; i++)
    {
      KgValue v;
      kg_value_copy (&list->items[i], &v);
      kg_list_append (l, &v);
    }
  return l;
}

/* --- Maps ----------------------------------------------------------------------- */

KgMap *
kg_map_new (guint capacity)
{
  KgMap *map = g_new0 (KgMap, 1);
  map->ref = 1;
  map->cap = capacity;
  if (capacity > 0)
    {
      map->keys = g_new (char *, capacity);
      map->vals = g_new (KgValue, capacity);
    }
  return map;
}

KgMap *
kg_map_ref (KgMap *map)
{
  g_return_val_if_fail (map != NULL, NULL);
  g_atomic_int_inc (&map->ref);
  return map;
}

void
kg_map_unref (KgMap *map)
{
  if (map == NULL)
    return;
  if (!g_atomic_int_dec_and_test (&map->ref))
    return;
  for (guint i = 0; i < map->len; i++)
    {
      g_ref_string_release (map->keys[i]);
      kg_value_clear (&map->vals[i]);
    }
  g_free (map->keys);
  g_free (map->vals);
  g_free (map);
}

static int
map_index (const KgMap *map, const char *key)
{
  for (guint i = 0; i < map->len; i++)
    if (strcmp (map->keys[i], key) == 0)
      return (int) i;
  return -1;
}

void
kg_map_set (KgMap *map, const char *key, KgValue *v)
{
  g_return_if_fail (map != NULL && key != NULL && v != NULL);
  int at = map_index (map, key);
  if (at >= 0)
    {
      kg_value_clear (&map->vals[at]);
      map->vals[at] = kg_value_steal (v);
      return;
    }
  kg_map_append_new (map, key, v);
}

void
kg_map_append_new (KgMap *map, const char *key, KgValue *v)
{
  g_return_if_fail (map != NULL && key != NULL && v != NULL);
  if (map->len == map->cap)
    {
      map->cap = map->cap < 4 ? 4 : map->cap * 2;
      map->keys = g_renew (char *, map->keys, map->cap);
      map->vals = g_renew (KgValue, map->vals, map->cap);
    }
  map->keys[map->len] = g_ref_string_new (key);
  map->vals[map->len] = kg_value_steal (v);
  map->len++;
}

const KgValue *
kg_map_get (const KgMap *map, const char *key)
{
  g_return_val_if_fail (map != NULL && key != NULL, NULL);
  int at = map_index (map, key);
  return at >= 0 ? &map->vals[at] : NULL;
}

/* --- Paths ---------------------------------------------------------------------- */

KgPath *
kg_path_new (guint len, const guint32 *nodes, const guint32 *edges)
{
  KgPath *path = g_new0 (KgPath, 1);
  path->ref = 1;
  path->len = len;
  path->nodes = g_new (guint32, len + 1);
  path->edges = g_new (guint32, len > 0 ? len : 1);
  memcpy (path->nodes, nodes, sizeof (guint32) * (len + 1));
  if (len > 0)
    memcpy (path->edges, edges, sizeof (guint32) * len);
  return path;
}

KgPath *
kg_path_ref (KgPath *path)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_atomic_int_inc (&path->ref);
  return path;
}

void
kg_path_unref (KgPath *path)
{
  if (path == NULL)
    return;
  if (!g_atomic_int_dec_and_test (&path->ref))
    return;
  g_free (path->nodes);
  g_free (path->edges);
  g_free (path);
}

/* --- Numbers -------------------------------------------------------------------- */

static int
cmp_int (gint64 a, gint64 b)
{
  return a < b ? -1 : a > b ? 1
                            : 0;
}

/* Exact comparison of an integer with a (non-NaN) float, without rounding the integer
 * to a double (2^53 + 1 must not equal 2^53). */
static int
cmp_int_float (gint64 i, double f)
{
  if (f >= 9223372036854775808.0)
    return -1;
  if (f < -9223372036854775808.0)
    return 1;
  double t = trunc (f);
  gint64 ti = (gint64) t;
  if (i != ti)
    return i < ti ? -1 : 1;
  double frac = f - t;
  return frac > 0 ? -1 : frac < 0 ? 1
                                  : 0;
}

/* Compares two numbers; FALSE when NaN is involved. */
static gboolean
cmp_numbers (const KgValue *a, const KgValue *b, int *cmp)
{
  if (a->type == KG_VALUE_INT && b->type == KG_VALUE_INT)
    {
      *cmp = cmp_int (a->u.i, b->u.i);
      return TRUE;
    }
  if (a->type == KG_VALUE_FLOAT && b->type == KG_VALUE_FLOAT)
    {
      if (isnan (a->u.f) || isnan (b->u.f))
        return FALSE;
      *cmp = a->u.f < b->u.f ? -1 : a->u.f > b->u.f ? 1
                                                    : 0;
      return TRUE;
    }
  if (a->type == KG_VALUE_INT)
    {
      if (isnan (b->u.f))
        return FALSE;
      *cmp = cmp_int_float (a->u.i, b->u.f);
      return TRUE;
    }
  if (isnan (a->u.f))
    return FALSE;
  *cmp = -cmp_int_float (b->u.i, a->u.f);
  return TRUE;
}

/* --- Temporal values ------------------------------------------------------------ */

#define NANOS_PER_SECOND G_GINT64_CONSTANT (1000000000)

/* The point in time a temporal value stands for, as (seconds, nanoseconds 0..1e9-1):
 * local values on their own clock, TIME and DATETIME in UTC. Durations compare their
 * fields (months, days, seconds, nanos) in that order. */
static int
cmp_temporal (KgValueType type, const KgTemporal *a, const KgTemporal *b)
{
  gint64 as, an, bs, bn;
  switch (type)
    {
    case KG_VALUE_LOCALTIME:
      return cmp_int (a->nanos, b->nanos);
    case KG_VALUE_TIME:
      return cmp_int (a->nanos - (gint64) a->offset * NANOS_PER_SECOND, b->nanos - (gint64) b->offset * NANOS_PER_SECOND);
    case KG_VALUE_LOCALDATETIME:
      return a->days != b->days ? cmp_int (a->days, b->days) : cmp_int (a->nanos, b->nanos);
    case KG_VALUE_DATETIME:
      as = a->days * 86400 + a->nanos / NANOS_PER_SECOND - a->offset;
      bs = b->days * 86400 + b->nanos / NANOS_PER_SECOND - b->offset;
      an = a->nanos % NANOS_PER_SECOND;
      bn = b->nanos % NANOS_PER_SECOND;
      return as != bs ? cmp_int (as, bs) : cmp_int (an, bn);
    case KG_VALUE_DURATION:
      if (a->months != b->months)
        return cmp_int (a->months, b->months);
      if (a->days != b->days)
        return cmp_int (a->days, b->days);
      if (a->seconds != b->seconds)
        return cmp_int (a->seconds, b->seconds);
      return cmp_int (a->nanos, b->nanos);
    default:
      return 0;
    }
}

/* --- Equality ------------------------------------------------------------------- */

static gboolean
path_same (const KgPath *a, const KgPath *b)
{
  if (a->len != b->len)
    return FALSE;
  return memcmp (a->nodes, b->nodes, sizeof (guint32) * (a->len + 1)) == 0 &&
         (a->len == 0 || memcmp (a->edges, b->edges, sizeof (guint32) * a->len) == 0);
}

KgTri
kg_value_equals (const KgValue *a, const KgValue *b)
{
  if (a->type == KG_VALUE_NULL || b->type == KG_VALUE_NULL)
    return KG_TRI_NULL;
  if (kg_value_is_number (a) && kg_value_is_number (b))
    {
      int c;
      if (!cmp_numbers (a, b, &c))
        return KG_TRI_FALSE;
      return c == 0 ? KG_TRI_TRUE : KG_TRI_FALSE;
    }
  if (a->type != b->type)
    return KG_TRI_FALSE;
  switch (a->type)
    {
    case KG_VALUE_BOOL:
      return a->u.b == b->u.b ? KG_TRI_TRUE : KG_TRI_FALSE;
    case KG_VALUE_STRING:
      return strcmp (a->u.s, b->u.s) == 0 ? KG_TRI_TRUE : KG_TRI_FALSE;
    case KG_VALUE_NODE:
    case KG_VALUE_EDGE:
      return a->u.id == b->u.id ? KG_TRI_TRUE : KG_TRI_FALSE;
    case KG_VALUE_DATE:
      return a->u.date == b->u.date ? KG_TRI_TRUE : KG_TRI_FALSE;
    case KG_VALUE_PATH:
      return path_same (a->u.path, b->u.path) ? KG_TRI_TRUE : KG_TRI_FALSE;
    case KG_VALUE_LOCALTIME:
    case KG_VALUE_TIME:
    case KG_VALUE_LOCALDATETIME:
    case KG_VALUE_DATETIME:
    case KG_VALUE_DURATION:
      return cmp_temporal (a->type, a->u.t, b->u.t) == 0 ? KG_TRI_TRUE : KG_TRI_FALSE;
    case KG_VALUE_LIST:
      {
        const KgList *la = a->u.list, *lb = b->u.list;
        if (la->len != lb->len)
          return KG_TRI_FALSE;
        KgTri result = KG_TRI_TRUE;
        for (guint i = 0; i < la->len; i++)
          {
            KgTri t = kg_value_equals (&la->items[i], &lb->items[i]);
            if (t == KG_TRI_FALSE)
              return KG_TRI_FALSE;
            if (t == KG_TRI_NULL)
              result = KG_TRI_NULL;
          }
        return result;
      }
    case KG_VALUE_MAP:
      {
        const KgMap *ma = a->u.map, *mb = b->u.map;
        if (ma->len != mb->len)
          return KG_TRI_FALSE;
        for (guint i = 0; i < ma->len; i++)
          if (map_index (mb, ma->keys[i]) < 0)
            return KG_TRI_FALSE;
        KgTri result = KG_TRI_TRUE;
        for (guint i = 0; i < ma->len; i++)
          {
            const KgValue *vb = kg_map_get (mb, ma->keys[i]);
            KgTri t = kg_value_equals (&ma->vals[i], vb);
            if (t == KG_TRI_FALSE)
              return KG_TRI_FALSE;
            if (t == KG_TRI_NULL)
              result = KG_TRI_NULL;
          }
        return result;
      }
    default:
      return KG_TRI_FALSE;
    }
}

/* --- Comparison ----------------------------------------------------------------- */

gboolean
kg_value_compare (const KgValue *a, const KgValue *b, int *cmp)
{
  int dummy;
  if (cmp == NULL)
    cmp = &dummy;
  if (a->type == KG_VALUE_NULL || b->type == KG_VALUE_NULL)
    return FALSE;
  if (kg_value_is_number (a) && kg_value_is_number (b))
    return cmp_numbers (a, b, cmp);
  if (a->type != b->type)
    return FALSE;
  switch (a->type)
    {
    case KG_VALUE_BOOL:
      *cmp = cmp_int (a->u.b ? 1 : 0, b->u.b ? 1 : 0);
      return TRUE;
    case KG_VALUE_STRING:
      {
        int c = strcmp (a->u.s, b->u.s);
        *cmp = c < 0 ? -1 : c > 0 ? 1
                                  : 0;
        return TRUE;
      }
    case KG_VALUE_DATE:
      *cmp = cmp_int (a->u.date, b->u.date);
      return TRUE;
    case KG_VALUE_LOCALTIME:
    case KG_VALUE_TIME:
    case KG_VALUE_LOCALDATETIME:
    case KG_VALUE_DATETIME:
      *cmp = cmp_temporal (a->type, a->u.t, b->u.t);
      return TRUE;
    case KG_VALUE_LIST:
      {
        /* Lexicographic: the first pair that is not equal decides; if that pair is
         * incomparable (or involves null) the whole comparison is null. */
        const KgList *la = a->u.list, *lb = b->u.list;
        guint n = MIN (la->len, lb->len);
        for (guint i = 0; i < n; i++)
          {
            int c;
            if (!kg_value_compare (&la->items[i], &lb->items[i], &c))
              return FALSE;
            if (c != 0)
              {
                *cmp = c;
                return TRUE;
              }
          }
        *cmp = cmp_int (la->len, lb->len);
        return TRUE;
      }
    default:
      return FALSE;
    }
}

/* --- Global sort order ---------------------------------------------------------- */

int
kg_value_order_rank (KgValueType t)
{
  switch (t)
    {
    case KG_VALUE_MAP:
      return 0;
    case KG_VALUE_NODE:
      return 1;
    case KG_VALUE_EDGE:
      return 2;
    case KG_VALUE_LIST:
      return 3;
    case KG_VALUE_PATH:
      return 4;
    case KG_VALUE_DATETIME:
      return 5;
    case KG_VALUE_LOCALDATETIME:
      return 6;
    case KG_VALUE_DATE:
      return 7;
    case KG_VALUE_TIME:
      return 8;
    case KG_VALUE_LOCALTIME:
      return 9;
    case KG_VALUE_DURATION:
      return 10;
    case KG_VALUE_STRING:
      return 11;
    case KG_VALUE_BOOL:
      return 12;
    case KG_VALUE_INT:
    case KG_VALUE_FLOAT:
      return 13;
    case KG_VALUE_NULL:
      return 14;
    }
  return 15;
}

static int
cmp_str_ptr (const void *a, const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* Maps order by size, then by their sorted keys, then by the values in key order. */
static int
order_maps (const KgMap *a, const KgMap *b)
{
  if (a->len != b->len)
    return cmp_int (a->len, b->len);
  if (a->len == 0)
    return 0;
  g_autofree char **ka = g_memdup2 (a->keys, sizeof (char *) * a->len);
  g_autofree char **kb = g_memdup2 (b->keys, sizeof (char *) * b->len);
  qsort (ka, a->len, sizeof (char *), cmp_str_ptr);
  qsort (kb, b->len, sizeof (char *), cmp_str_ptr);
  for (guint i = 0; i < a->len; i++)
    {
      int c = strcmp (ka[i], kb[i]);
      if (c != 0)
        return c < 0 ? -1 : 1;
    }
  for (guint i = 0; i < a->len; i++)
    {
      int c = kg_value_order (kg_map_get (a, ka[i]), kg_map_get (b, ka[i]));
      if (c != 0)
        return c;
    }
  return 0;
}

int
kg_value_order (const KgValue *a, const KgValue *b)
{
  int ra = kg_value_order_rank (a->type), rb = kg_value_order_rank (b->type);
  if (ra != rb)
    return ra < rb ? -1 : 1;
  switch (a->type)
    {
    case KG_VALUE_NULL:
      return 0;
    case KG_VALUE_INT:
    case KG_VALUE_FLOAT:
      {
        gboolean na = a->type == KG_VALUE_FLOAT && isnan (a->u.f);
        gboolean nb = b->type == KG_VALUE_FLOAT && isnan (b->u.f);
        if (na || nb)
          return na && nb ? 0 : na ? 1
                                   : -1;
        int c;
        cmp_numbers (a, b, &c);
        return c;
      }
    case KG_VALUE_BOOL:
      return cmp_int (a->u.b ? 1 : 0, b->u.b ? 1 : 0);
    case KG_VALUE_STRING:
      {
        int c = strcmp (a->u.s, b->u.s);
        return c < 0 ? -1 : c > 0 ? 1
                                  : 0;
      }
    case KG_VALUE_DATE:
      return cmp_int (a->u.date, b->u.date);
    case KG_VALUE_NODE:
    case KG_VALUE_EDGE:
      return cmp_int (a->u.id, b->u.id);
    case KG_VALUE_LIST:
      {
        const KgList *la = a->u.list, *lb = b->u.list;
        guint n = MIN (la->len, lb->len);
        for (guint i = 0; i < n; i++)
          {
            int c = kg_value_order (&la->items[i], &lb->items[i]);
            if (c != 0)
              return c;
          }
        return cmp_int (la->len, lb->len);
      }
    case KG_VALUE_PATH:
      {
        const KgPath *pa = a->u.path, *pb = b->u.path;
        guint n = MIN (pa->len, pb->len);
        for (guint i = 0; i <= n; i++)
          {
            if (pa->nodes[i] != pb->nodes[i])
              return cmp_int (pa->nodes[i], pb->nodes[i]);
            if (i < n && pa->edges[i] != pb->edges[i])
              return cmp_int (pa->edges[i], pb->edges[i]);
          }
        return cmp_int (pa->len, pb->len);
      }
    case KG_VALUE_MAP:
      return order_maps (a->u.map, b->u.map);
    case KG_VALUE_LOCALTIME:
    case KG_VALUE_TIME:
    case KG_VALUE_LOCALDATETIME:
    case KG_VALUE_DATETIME:
    case KG_VALUE_DURATION:
      return cmp_temporal (a->type, a->u.t, b->u.t);
    }
  return 0;
}

/* --- Equivalence and hashing ---------------------------------------------------- */

gboolean
kg_value_equivalent (const KgValue *a, const KgValue *b)
{
  if (a->type == KG_VALUE_NULL || b->type == KG_VALUE_NULL)
    return a->type == b->type;
  if (kg_value_is_number (a) && kg_value_is_number (b))
    {
      gboolean na = a->type == KG_VALUE_FLOAT && isnan (a->u.f);
      gboolean nb = b->type == KG_VALUE_FLOAT && isnan (b->u.f);
      if (na || nb)
        return na && nb;
      int c;
      cmp_numbers (a, b, &c);
      return c == 0;
    }
  if (a->type != b->type)
    return FALSE;
  switch (a->type)
    {
    case KG_VALUE_LIST:
      {
        const KgList *la = a->u.list, *lb = b->u.list;
        if (la->len != lb->len)
          return FALSE;
        for (guint i = 0; i < la->len; i++)
          if (!kg_value_equivalent (&la->items[i], &lb->items[i]))
            return FALSE;
        return TRUE;
      }
    case KG_VALUE_MAP:
      {
        const KgMap *ma = a->u.map, *mb = b->u.map;
        if (ma->len != mb->len)
          return FALSE;
        for (guint i = 0; i < ma->len; i++)
          {
            const KgValue *vb = kg_map_get (mb, ma->keys[i]);
            if (vb == NULL || !kg_value_equivalent (&ma->vals[i], vb))
              return FALSE;
          }
        return TRUE;
      }
    default:
      return kg_value_equals (a, b) == KG_TRI_TRUE;
    }
}

static guint
hash_int64 (gint64 i)
{
  guint64 x = (guint64) i;
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  return (guint) x;
}

guint
kg_value_hash (const KgValue *v)
{
  switch (v->type)
    {
    case KG_VALUE_NULL:
      return 0x9e3779b9u;
    case KG_VALUE_BOOL:
      return v->u.b ? 0x51ed270bu : 0x2545f491u;
    case KG_VALUE_INT:
      return hash_int64 (v->u.i);
    case KG_VALUE_FLOAT:
      {
        double f = v->u.f;
        if (isnan (f))
          return 0x7ff80000u;
        /* Integral floats in range hash like the integer they equal. */
        if (f == trunc (f) && f >= -9223372036854775808.0 && f < 9223372036854775808.0)
          return hash_int64 ((gint64) f);
        if (f == 0.0)
          return hash_int64 (0);
        guint64 bits;
        memcpy (&bits, &f, sizeof bits);
        return hash_int64 ((gint64) bits) ^ 0x5bd1e995u;
      }
    case KG_VALUE_STRING:
      return g_str_hash (v->u.s);
    case KG_VALUE_NODE:
      return hash_int64 (v->u.id) ^ 0x1000193u;
    case KG_VALUE_EDGE:
      return hash_int64 (v->u.id) ^ 0x2000193u;
    case KG_VALUE_DATE:
      return hash_int64 (v->u.date) ^ 0x3000193u;
    case KG_VALUE_LIST:
      {
        guint h = 0x4000193u;
        for (guint i = 0; i < v->u.list->len; i++)
          h = h * 31u + kg_value_hash (&v->u.list->items[i]);
        return h;
      }
    case KG_VALUE_MAP:
      {
        /* Order-insensitive: maps with the same entries in another order are equivalent. */
        guint h = 0x5000193u;
        for (guint i = 0; i < v->u.map->len; i++)
          h += g_str_hash (v->u.map->keys[i]) * 0x01000193u ^ kg_value_hash (&v->u.map->vals[i]);
        return h;
      }
    case KG_VALUE_PATH:
      {
        guint h = 0x6000193u;
        const KgPath *p = v->u.path;
        for (guint i = 0; i <= p->len; i++)
          {
            h = h * 31u + p->nodes[i];
            if (i < p->len)
              h = h * 31u + p->edges[i];
          }
        return h;
      }
    case KG_VALUE_LOCALTIME:
    case KG_VALUE_TIME:
    case KG_VALUE_LOCALDATETIME:
    case KG_VALUE_DATETIME:
    case KG_VALUE_DURATION:
      {
        /* Consistent with cmp_temporal(): hash the instant, not the representation. */
        const KgTemporal *t = v->u.t;
        gint64 x = t->nanos, y = t->days;
        if (v->type == KG_VALUE_TIME)
          x = t->nanos - (gint64) t->offset * NANOS_PER_SECOND;
        else if (v->type == KG_VALUE_DATETIME)
          {
            y = t->days * 86400 + t->nanos / NANOS_PER_SECOND - t->offset;
            x = t->nanos % NANOS_PER_SECOND;
          }
        else if (v->type == KG_VALUE_DURATION)
          y = t->months * 31 + t->days + t->seconds * 7;
        return hash_int64 (x) ^ (hash_int64 (y) * 31u) ^ (guint) v->type;
      }
    }
  return 0;
}
