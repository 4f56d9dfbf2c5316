/* common/value.h — KgValue, the one value type of kgq: properties in the store, query
 * parameters, expression results and result cells.
 *
 * Scalars are held inline; strings are GRefStrings; lists, maps and paths are
 * reference-counted and immutable once shared (build them while you hold the only
 * reference, then hand them over). Node and relationship values are ids into a graph:
 * this file knows nothing of graphs. Every text form of a value is written by the one
 * printer in print.h, which asks its caller what an id stands for.
 *
 * Ownership: a KgValue owns what it points to. kg_value_copy() and kg_value_clear() are
 * the only ways to duplicate or release one; functions that take a `KgValue *` to store
 * say whether they copy it or steal it.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  KG_VALUE_NULL = 0,
  KG_VALUE_BOOL,
  KG_VALUE_INT,
  KG_VALUE_FLOAT,
  KG_VALUE_STRING,
  KG_VALUE_LIST,
  KG_VALUE_MAP,
  KG_VALUE_NODE,
  KG_VALUE_EDGE,
  KG_VALUE_PATH,
  KG_VALUE_DATE,
  KG_VALUE_LOCALTIME,     /* u.t: nanos (of the day) */
  KG_VALUE_TIME,          /* u.t: nanos, offset */
  KG_VALUE_LOCALDATETIME, /* u.t: days, nanos */
  KG_VALUE_DATETIME,      /* u.t: days, nanos (local wall clock), offset, zone */
  KG_VALUE_DURATION,      /* u.t: months, days, seconds, nanos */
} KgValueType;

typedef struct _KgList KgList;
typedef struct _KgMap KgMap;
typedef struct _KgPath KgPath;
typedef struct _KgTemporal KgTemporal;

/**
 * KgValue:
 * @type: which member of @u is set
 *
 * u.b: BOOL; u.i: INT; u.f: FLOAT; u.s: STRING (a GRefString, NUL-terminated, valid
 * UTF-8); u.list, u.map, u.path: the counted containers; u.id: NODE and EDGE (graph ids);
 * u.date: DATE, days since 1970-01-01 in the proleptic Gregorian calendar.
 */
typedef struct
{
  KgValueType type;
  union
  {
    gboolean b;
    gint64 i;
    double f;
    char *s;
    KgList *list;
    KgMap *map;
    KgPath *path;
    guint32 id;
    gint32 date;
    KgTemporal *t;
  } u;
} KgValue;

/* Read-only for everyone but the builder holding the only reference. */
struct _KgList
{
  gint ref;
  guint len;
  guint cap;
  KgValue *items;
};

/* Keys are GRefStrings, unique within a map, kept in insertion order. */
struct _KgMap
{
  gint ref;
  guint len;
  guint cap;
  char **keys;
  KgValue *vals;
};

/* A path of @len relationships: nodes[0], edges[0], nodes[1], ..., nodes[len].
 * Each relationship may be traversed in either direction; compare its endpoints with
 * the nodes around it to tell which. */
struct _KgPath
{
  gint ref;
  guint len;
  guint32 *nodes; /* len + 1 node ids */
  guint32 *edges; /* len relationship ids */
};

/* Times, date-times and durations (reference-counted, immutable once shared). Which
 * fields count depends on the value's type (see KgValueType); the others are 0. */
struct _KgTemporal
{
  gint ref;
  gint64 days;    /* LOCALDATETIME, DATETIME: the local date (days since 1970-01-01); DURATION: days */
  gint64 nanos;   /* LOCALTIME, TIME, *DATETIME: nanoseconds since local midnight; DURATION: 0..999999999 */
  gint64 months;  /* DURATION */
  gint64 seconds; /* DURATION */
  gint32 offset;  /* TIME, DATETIME: seconds east of UTC */
  char *zone;     /* DATETIME: a time-zone name (GRefString), or NULL for a fixed offset */
};

#define KG_VALUE_INIT    \
  {                      \
    KG_VALUE_NULL, { 0 } \
  }

/** kg_value_is_temporal: Returns: whether @type is one of the KgTemporal types. */
static inline gboolean
kg_value_type_is_temporal (KgValueType type)
{
  return type >= KG_VALUE_LOCALTIME && type <= KG_VALUE_DURATION;
}

/* --- Constructors --------------------------------------------------------------- */

static inline KgValue
kg_value_null (void)
{
  KgValue v = KG_VALUE_INIT;
  return v;
}

static inline KgValue
kg_value_bool (gboolean b)
{
  KgValue v = { KG_VALUE_BOOL, { .b = b ? TRUE : FALSE } };
  return v;
}

static inline KgValue
kg_value_int (gint64 i)
{
  KgValue v = { KG_VALUE_INT, { .i = i } };
  return v;
}

static inline KgValue
kg_value_float (double f)
{
  KgValue v = { KG_VALUE_FLOAT, { .f = f } };
  return v;
}

static inline KgValue
kg_value_node (guint32 id)
{
  KgValue v = { KG_VALUE_NODE, { .id = id } };
  return v;
}

static inline KgValue
kg_value_edge (guint32 id)
{
  KgValue v = { KG_VALUE_EDGE, { .id = id } };
  return v;
}

static inline KgValue
kg_value_date (gint32 days)
{
  KgValue v = { KG_VALUE_DATE, { .date = days } };
  return v;
}

/** kg_value_string: Returns: a STRING value holding a new GRefString copy of @s. */
KgValue kg_value_string (const char *s);

/** kg_value_string_len: like kg_value_string() for @len bytes of @s (no NUL needed). */
KgValue kg_value_string_len (const char *s, gsize len);

/** kg_value_string_take: Returns: a STRING value owning @refstr (transfer full, a GRefString). */
KgValue kg_value_string_take (char *refstr);

/** kg_value_list: Returns: a LIST value owning @list (transfer full). */
KgValue kg_value_list (KgList *list);

/** kg_value_map: Returns: a MAP value owning @map (transfer full). */
KgValue kg_value_map (KgMap *map);

/** kg_value_path: Returns: a PATH value owning @path (transfer full). */
KgValue kg_value_path (KgPath *path);

/** kg_value_temporal: Returns: a value of temporal @type owning @t (transfer full). */
KgValue kg_value_temporal (KgValueType type, KgTemporal *t);

/* --- Ownership ------------------------------------------------------------------ */

/** kg_value_copy: makes @dst a copy of @src (strings and containers are shared by reference). @dst is overwritten, not cleared. */
void kg_value_copy (const KgValue *src, KgValue *dst);

/** kg_value_clear: releases what @v owns and sets it to null. */
void kg_value_clear (KgValue *v);

/** kg_value_steal: Returns: *@v, leaving null in its place (a move). */
static inline KgValue
kg_value_steal (KgValue *v)
{
  KgValue out = *v;
  v->type = KG_VALUE_NULL;
  return out;
}

static inline gboolean
kg_value_is_null (const KgValue *v)
{
  return v->type == KG_VALUE_NULL;
}

/** kg_value_type_name: Returns: the Cypher name of a type ("INTEGER", "STRING", "NODE", ...). */
const char *kg_value_type_name (KgValueType type);

/* --- Lists, maps, paths --------------------------------------------------------- */

KgList *kg_list_new (guint capacity);
KgList *kg_list_ref (KgList *list);
void kg_list_unref (KgList *list);
/** kg_list_append: moves *@v into @list (which must not be shared yet), leaving @v null. */
void kg_list_append (KgList *list, KgValue *v);
/** kg_list_slice: Returns: (transfer full): a new list of copies of @list's items @from to @to - 1 (@from <= @to <= len). */
KgList *kg_list_slice (const KgList *list, guint from, guint to);

KgMap *kg_map_new (guint capacity);
KgMap *kg_map_ref (KgMap *map);
void kg_map_unref (KgMap *map);
/** kg_map_set: moves *@v into @map under @key (replacing an existing entry), leaving @v null. */
void kg_map_set (KgMap *map, const char *key, KgValue *v);
/**
 * kg_map_append_new: kg_map_set() for a @key the caller knows is not in @map yet (it
 * does not look): readers of untrusted input check keys with a hash set, as a hostile
 * map of many thousand keys would make kg_map_set()'s search quadratic.
 */
void kg_map_append_new (KgMap *map, const char *key, KgValue *v);
/** kg_map_get: Returns: (transfer none) (nullable): the value under @key, NULL when absent. */
const KgValue *kg_map_get (const KgMap *map, const char *key);

/** kg_path_new: Returns: a path of @len relationships copying @nodes (len + 1) and @edges (len). */
KgPath *kg_path_new (guint len, const guint32 *nodes, const guint32 *edges);
KgPath *kg_path_ref (KgPath *path);
void kg_path_unref (KgPath *path);

/** kg_temporal_new: Returns: a zeroed KgTemporal; @zone (nullable) is copied. */
KgTemporal *kg_temporal_new (gint64 days, gint64 nanos, gint32 offset, const char *zone);
KgTemporal *kg_temporal_ref (KgTemporal *t);
void kg_temporal_unref (KgTemporal *t);

/* --- Cypher comparison ---------------------------------------------------------- */

/**
 * KgTri: three-valued logic (Cypher's true, false and null).
 */
typedef enum
{
  KG_TRI_FALSE = 0,
  KG_TRI_TRUE = 1,
  KG_TRI_NULL = 2,
} KgTri;

/**
 * kg_value_equals:
 * Cypher's `=`: null when either side is null (or a list/map holds a null that decides
 * the outcome), 1 = 1.0 is true, values of unrelated types are false.
 */
KgTri kg_value_equals (const KgValue *a, const KgValue *b);

/**
 * kg_value_compare:
 * Cypher's `<`, `<=`, `>`, `>=`: sets *@cmp to <0, 0 or >0 and returns TRUE when @a and
 * @b are comparable (numbers with numbers, strings with strings, booleans, lists
 * lexicographically, dates); returns FALSE when the comparison is null (a null operand,
 * incomparable types, NaN involved).
 */
gboolean kg_value_compare (const KgValue *a, const KgValue *b, int *cmp);

/**
 * kg_value_order:
 * The total order used by ORDER BY, min() and max() across types (openCypher's
 * "global sort order"): MAP < NODE < RELATIONSHIP < LIST < PATH < DATE < STRING <
 * BOOLEAN < NUMBER (NaN largest) < NULL. So ascending order puts nulls last.
 * Returns: <0, 0 or >0.
 */
int kg_value_order (const KgValue *a, const KgValue *b);
/** kg_value_order_rank: Returns: the place of @type's values in kg_value_order() (INT and FLOAT share one). */
int kg_value_order_rank (KgValueType type);

/**
 * kg_value_equivalent:
 * Equivalence for DISTINCT, grouping keys and IN-list de-duplication: like `=` but null
 * is equivalent to null, and NaN to NaN. 1 and 1.0 are equivalent.
 */
gboolean kg_value_equivalent (const KgValue *a, const KgValue *b);

/** kg_value_hash: a hash consistent with kg_value_equivalent() (1 and 1.0 hash alike). */
guint kg_value_hash (const KgValue *v);

/**
 * kg_value_is_number:
 * Returns: whether @v is an INTEGER or a FLOAT.
 */
static inline gboolean
kg_value_is_number (const KgValue *v)
{
  return v->type == KG_VALUE_INT || v->type == KG_VALUE_FLOAT;
}

G_END_DECLS

/* The text forms of values (literal, display, JSON, ...) and the calendar come with
 * the type, so every user of KgValue can print and parse one. Both headers include
 * this file back; #pragma once keeps either order of inclusion working. */
#include "common/print.h"
#include "common/temporal.h"
