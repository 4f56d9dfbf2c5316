/* server/packstream.c — PackStream encoding and decoding (see packstream.h).
 *
 * Integers are written in the smallest form that holds them and strings, lists and maps
 * with the smallest size header, as Neo4j does. The decoder is a recursive descent over
 * a bounded cursor. Its one rule against hostile input: before anything is allocated
 * for a size header, the header is checked against what is left of the message (a string
 * needs one byte per byte, a list one byte per item, a map two per entry), so a claimed
 * size of 4 GiB in a 20-byte message fails at once and the memory used is a small
 * multiple of the message size, which the connection already bounds. Nesting is limited
 * to KG_PACKSTREAM_MAX_DEPTH so the recursion cannot exhaust the stack.
 *
 * Structure semantics (Bolt's "structure semantics" page): nodes, relationships and
 * paths are only encoded (Neo4j too refuses them as parameters); points and bytes have no
 * kgq value and are refused when decoded. Date-times carry their UTC offset; one with a
 * zone name gets the offset the zone has at that instant from GLib's tz database reader.
 * This file does not know about messages beyond "a structure of fields".
 */
#include "server/packstream.h"

#include <math.h>
#include <string.h>

G_DEFINE_QUARK (kg - packstream - error - quark, kg_packstream_error)

#define NS G_GINT64_CONSTANT (1000000000)
#define MAX_OFFSET (18 * 3600)

/* Structure tags of the values (Bolt structure semantics, versions 4.4 and 5.x). */
enum
{
  TAG_NODE = 'N',
  TAG_RELATIONSHIP = 'R',
  TAG_UNBOUND_RELATIONSHIP = 'r',
  TAG_PATH = 'P',
  TAG_DATE = 'D',
  TAG_TIME = 'T',
  TAG_LOCAL_TIME = 't',
  TAG_LOCAL_DATE_TIME = 'd',
  TAG_DATE_TIME = 'I',             /* 5.x: UTC seconds, nanos, offset */
  TAG_DATE_TIME_ZONE_ID = 'i',     /* 5.x: UTC seconds, nanos, zone id */
  TAG_LEGACY_DATE_TIME = 'F',      /* 4.4: local seconds, nanos, offset */
  TAG_LEGACY_DATE_TIME_ZONE = 'f', /* 4.4: local seconds, nanos, zone id */
  TAG_DURATION = 'E',
  TAG_POINT_2D = 'X',
  TAG_POINT_3D = 'Y',
};

/* --- Encoding ------------------------------------------------------------------- */

static void
put_u8 (GByteArray *out, guint8 b)
{
  g_byte_array_append (out, &b, 1);
}

static void
put_be (GByteArray *out, guint64 v, guint bytes)
{
  guint8 buf[8];
  for (guint i = 0; i < bytes; i++)
    buf[i] = (guint8) (v >> (8 * (bytes - 1 - i)));
  g_byte_array_append (out, buf, bytes);
}

/* A size header: tiny marker (size in the low nibble) below 16, else 8, 16 or 32 bits. */
static void
put_sized (GByteArray *out, guint8 tiny, guint8 marker8, guint32 n)
{
  if (tiny != 0 && n < 16)
    put_u8 (out, (guint8) (tiny | n));
  else if (n <= G_MAXUINT8)
    {
      put_u8 (out, marker8);
      put_be (out, n, 1);
    }
  else if (n <= G_MAXUINT16)
    {
      put_u8 (out, marker8 + 1);
      put_be (out, n, 2);
    }
  else
    {
      put_u8 (out, marker8 + 2);
      put_be (out, n, 4);
    }
}

void
kg_packstream_put_null (GByteArray *out)
{
  put_u8 (out, 0xC0);
}

void
kg_packstream_put_bool (GByteArray *out, gboolean b)
{
  put_u8 (out, b ? 0xC3 : 0xC2);
}

void
kg_packstream_put_int (GByteArray *out, gint64 i)
{
  if (i >= -16 && i <= 127)
    put_u8 (out, (guint8) (gint8) i);
  else if (i >= G_MININT8 && i <= G_MAXINT8)
    {
      put_u8 (out, 0xC8);
      put_be (out, (guint64) i, 1);
    }
  else if (i >= G_MININT16 && i <= G_MAXINT16)
    {
      put_u8 (out, 0xC9);
      put_be (out, (guint64) i, 2);
    }
  else if (i >= G_MININT32 && i <= G_MAXINT32)
    {
      put_u8 (out, 0xCA);
      put_be (out, (guint64) i, 4);
    }
  else
    {
      put_u8 (out, 0xCB);
      put_be (out, (guint64) i, 8);
    }
}

void
kg_packstream_put_float (GByteArray *out, double f)
{
  guint64 bits;
  memcpy (&bits, &f, sizeof bits);
  put_u8 (out, 0xC1);
  put_be (out, bits, 8);
}

void
kg_packstream_put_string (GByteArray *out, const char *s, gssize len)
{
  gsize n = len < 0 ? strlen (s) : (gsize) len;
  put_sized (out, 0x80, 0xD0, (guint32) MIN (n, G_MAXUINT32));
  g_byte_array_append (out, (const guint8 *) s, (guint) MIN (n, G_MAXUINT32));
}

void
kg_packstream_put_list_header (GByteArray *out, guint32 n)
{
  put_sized (out, 0x90, 0xD4, n);
}

void
kg_packstream_put_map_header (GByteArray *out, guint32 n)
{
  put_sized (out, 0xA0, 0xD8, n);
}

void
kg_packstream_put_struct_header (GByteArray *out, guint8 tag, guint n_fields)
{
  g_return_if_fail (n_fields < 16);
  put_u8 (out, (guint8) (0xB0 | n_fields));
  put_u8 (out, tag);
}

/* Element ids are what Cypher's elementId() returns, `n:ID` for a node and `r:ID` for a
 * relationship, so `WHERE elementId(n) = $id` finds what a driver was handed: opaque to
 * drivers, and stable for the graph's life. */
static void
put_element_id (GByteArray *out, char kind, guint32 id)
{
  char buf[16];
  int n = g_snprintf (buf, sizeof buf, "%c:%u", kind, id);
  kg_packstream_put_string (out, buf, n);
}

static void
put_empty_or (GByteArray *out, const KgValue *v, gboolean map, const KgPackstreamFormat *format)
{
  if (v->type == KG_VALUE_NULL)
    {
      if (map)
        kg_packstream_put_map_header (out, 0);
      else
        kg_packstream_put_list_header (out, 0);
    }
  else
    kg_packstream_put_value (out, v, format, NULL, NULL);
}

static void
put_node (GByteArray *out, guint32 id, const KgPackstreamFormat *format, const KgBoltEntities *entities, gpointer data)
{
  KgValue labels = KG_VALUE_INIT, props = KG_VALUE_INIT;
  if (entities != NULL && !entities->node (data, id, &labels, &props))
    {
      kg_value_clear (&labels);
      kg_value_clear (&props);
    }
  kg_packstream_put_struct_header (out, TAG_NODE, format->element_ids ? 4 : 3);
  kg_packstream_put_int (out, id);
  put_empty_or (out, &labels, FALSE, format);
  put_empty_or (out, &props, TRUE, format);
  if (format->element_ids)
    put_element_id (out, 'n', id);
  kg_value_clear (&labels);
  kg_value_clear (&props);
}

/* A Relationship (with its ends) or, inside a path, an UnboundRelationship. */
static void
put_relationship (GByteArray *out, guint32 id, gboolean bound, const KgPackstreamFormat *format, const KgBoltEntities *entities, gpointer data)
{
  KgValue type = KG_VALUE_INIT, props = KG_VALUE_INIT;
  guint32 src = 0, dst = 0;
  if (entities != NULL && !entities->edge (data, id, &src, &dst, &type, &props))
    {
      kg_value_clear (&type);
      kg_value_clear (&props);
      src = dst = 0;
    }
  if (bound)
    {
      kg_packstream_put_struct_header (out, TAG_RELATIONSHIP, format->element_ids ? 8 : 5);
      kg_packstream_put_int (out, id);
      kg_packstream_put_int (out, src);
      kg_packstream_put_int (out, dst);
    }
  else
    {
      kg_packstream_put_struct_header (out, TAG_UNBOUND_RELATIONSHIP, format->element_ids ? 4 : 3);
      kg_packstream_put_int (out, id);
    }
  if (type.type == KG_VALUE_STRING)
    kg_packstream_put_string (out, type.u.s, -1);
  else
    kg_packstream_put_string (out, "", 0);
  put_empty_or (out, &props, TRUE, format);
  if (format->element_ids)
    {
      put_element_id (out, 'r', id);
      if (bound)
        {
          put_element_id (out, 'n', src);
          put_element_id (out, 'n', dst);
        }
    }
  kg_value_clear (&type);
  kg_value_clear (&props);
}

/* The index of @id in @seen, adding it when new. */
static guint
index_of (GArray *seen, guint32 id)
{
  for (guint i = 0; i < seen->len; i++)
    if (g_array_index (seen, guint32, i) == id)
      return i;
  g_array_append_val (seen, id);
  return seen->len - 1;
}

/* Path: the distinct nodes, the distinct relationships, then for each hop the
 * relationship's 1-based index (negative when walked against its direction) and the
 * index of the node reached. */
static void
put_path (GByteArray *out, const KgPath *path, const KgPackstreamFormat *format, const KgBoltEntities *entities, gpointer data)
{
  g_autoptr (GArray) nodes = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr (GArray) edges = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr (GArray) indices = g_array_new (FALSE, FALSE, sizeof (gint64));
  index_of (nodes, path->nodes[0]);
  for (guint i = 0; i < path->len; i++)
    {
      gint64 e = (gint64) index_of (edges, path->edges[i]) + 1;
      guint32 src = path->nodes[i], dst = 0;
      KgValue type = KG_VALUE_INIT, props = KG_VALUE_INIT;
      if (entities != NULL && entities->edge (data, path->edges[i], &src, &dst, &type, &props) && src != path->nodes[i])
        e = -e;
      kg_value_clear (&type);
      kg_value_clear (&props);
      gint64 n = index_of (nodes, path->nodes[i + 1]);
      g_array_append_val (indices, e);
      g_array_append_val (indices, n);
    }
  kg_packstream_put_struct_header (out, TAG_PATH, 3);
  kg_packstream_put_list_header (out, nodes->len);
  for (guint i = 0; i < nodes->len; i++)
    put_node (out, g_array_index (nodes, guint32, i), format, entities, data);
  kg_packstream_put_list_header (out, edges->len);
  for (guint i = 0; i < edges->len; i++)
    put_relationship (out, g_array_index (edges, guint32, i), FALSE, format, entities, data);
  kg_packstream_put_list_header (out, indices->len);
  for (guint i = 0; i < indices->len; i++)
    kg_packstream_put_int (out, g_array_index (indices, gint64, i));
}

static void
put_datetime (GByteArray *out, const KgTemporal *t, const KgPackstreamFormat *format)
{
  gint64 local = t->days * 86400 + t->nanos / NS;
  gint64 seconds = format->utc_datetime ? local - t->offset : local;
  if (t->zone != NULL)
    kg_packstream_put_struct_header (out, format->utc_datetime ? TAG_DATE_TIME_ZONE_ID : TAG_LEGACY_DATE_TIME_ZONE, 3);
  else
    kg_packstream_put_struct_header (out, format->utc_datetime ? TAG_DATE_TIME : TAG_LEGACY_DATE_TIME, 3);
  kg_packstream_put_int (out, seconds);
  kg_packstream_put_int (out, t->nanos % NS);
  if (t->zone != NULL)
    kg_packstream_put_string (out, t->zone, -1);
  else
    kg_packstream_put_int (out, t->offset);
}

void
kg_packstream_put_value (GByteArray *out,
                         const KgValue *value,
                         const KgPackstreamFormat *format,
                         const KgBoltEntities *entities,
                         gpointer entity_data)
{
  const KgTemporal *t = value->u.t;
  switch (value->type)
    {
    case KG_VALUE_NULL:
      kg_packstream_put_null (out);
      return;
    case KG_VALUE_BOOL:
      kg_packstream_put_bool (out, value->u.b);
      return;
    case KG_VALUE_INT:
      kg_packstream_put_int (out, value->u.i);
      return;
    case KG_VALUE_FLOAT:
      kg_packstream_put_float (out, value->u.f);
      return;
    case KG_VALUE_STRING:
      kg_packstream_put_string (out, value->u.s, -1);
      return;
    case KG_VALUE_LIST:
      kg_packstream_put_list_header (out, value->u.list->len);
      for (guint i = 0; i < value->u.list->len; i++)
        kg_packstream_put_value (out, &value->u.list->items[i], format, entities, entity_data);
      return;
    case KG_VALUE_MAP:
      kg_packstream_put_map_header (out, value->u.map->len);
      for (guint i = 0; i < value->u.map->len; i++)
        {
          kg_packstream_put_string (out, value->u.map->keys[i], -1);
          kg_packstream_put_value (out, &value->u.map->vals[i], format, entities, entity_data);
        }
      return;
    case KG_VALUE_NODE:
      put_node (out, value->u.id, format, entities, entity_data);
      return;
    case KG_VALUE_EDGE:
      put_relationship (out, value->u.id, TRUE, format, entities, entity_data);
      return;
    case KG_VALUE_PATH:
      put_path (out, value->u.path, format, entities, entity_data);
      return;
    case KG_VALUE_DATE:
      kg_packstream_put_struct_header (out, TAG_DATE, 1);
      kg_packstream_put_int (out, value->u.date);
      return;
    case KG_VALUE_LOCALTIME:
      kg_packstream_put_struct_header (out, TAG_LOCAL_TIME, 1);
      kg_packstream_put_int (out, t->nanos);
      return;
    case KG_VALUE_TIME:
      kg_packstream_put_struct_header (out, TAG_TIME, 2);
      kg_packstream_put_int (out, t->nanos);
      kg_packstream_put_int (out, t->offset);
      return;
    case KG_VALUE_LOCALDATETIME:
      kg_packstream_put_struct_header (out, TAG_LOCAL_DATE_TIME, 2);
      kg_packstream_put_int (out, t->days * 86400 + t->nanos / NS);
      kg_packstream_put_int (out, t->nanos % NS);
      return;
    case KG_VALUE_DATETIME:
      put_datetime (out, t, format);
      return;
    case KG_VALUE_DURATION:
      kg_packstream_put_struct_header (out, TAG_DURATION, 4);
      kg_packstream_put_int (out, t->months);
      kg_packstream_put_int (out, t->days);
      kg_packstream_put_int (out, t->seconds);
      kg_packstream_put_int (out, t->nanos);
      return;
    }
  g_return_if_reached ();
}

/* --- Decoding ------------------------------------------------------------------- */

typedef struct
{
  const guint8 *p;
  const guint8 *end;
  const KgPackstreamFormat *format;
  guint depth;
} Reader;

static gboolean read_value (Reader *r, KgValue *out, GError **error);

static gboolean
malformed (GError **error, const char *what)
{
  g_set_error (error, KG_PACKSTREAM_ERROR, KG_PACKSTREAM_ERROR_MALFORMED, "malformed PackStream: %s", what);
  return FALSE;
}

static gboolean
read_be (Reader *r, guint bytes, guint64 *v, GError **error)
{
  if ((gsize) (r->end - r->p) < bytes)
    return malformed (error, "the message ends inside a value");
  *v = 0;
  for (guint i = 0; i < bytes; i++)
    *v = (*v << 8) | *r->p++;
  return TRUE;
}

/* Reads the size that follows a sized marker (1, 2 or 4 bytes) and checks that at least
 * @per_item bytes per item remain, so no allocation outgrows the input. */
static gboolean
read_size (Reader *r, guint bytes, gsize per_item, guint32 *n, GError **error)
{
  guint64 v;
  if (!read_be (r, bytes, &v, error))
    return FALSE;
  *n = (guint32) v;
  if (per_item > 0 && v > (guint64) (r->end - r->p) / per_item)
    return malformed (error, "a size larger than the message");
  return TRUE;
}

static gboolean
read_string_body (Reader *r, guint32 n, KgValue *out, GError **error)
{
  if ((gsize) (r->end - r->p) < n)
    return malformed (error, "a size larger than the message");
  if (!g_utf8_validate_len ((const char *) r->p, n, NULL) || memchr (r->p, '\0', n) != NULL)
    return malformed (error, "a string that is not valid UTF-8 (or holds a NUL)");
  *out = kg_value_string_len ((const char *) r->p, n);
  r->p += n;
  return TRUE;
}

static gboolean
read_list_body (Reader *r, guint32 n, KgValue *out, GError **error)
{
  /* Capacity grows with the items actually read: a claimed size only bounds them. */
  KgList *list = kg_list_new (MIN (n, 16));
  KgValue lv = kg_value_list (list);
  for (guint32 i = 0; i < n; i++)
    {
      KgValue item = KG_VALUE_INIT;
      if (!read_value (r, &item, error))
        {
          kg_value_clear (&lv);
          return FALSE;
        }
      kg_list_append (list, &item);
    }
  *out = lv;
  return TRUE;
}

/* A map's keys must be distinct (a later duplicate would silently replace an earlier
 * value, so it is refused); they are checked with a hash set as they come. */
static gboolean
read_map_body (Reader *r, guint32 n, KgValue *out, GError **error)
{
  KgMap *map = kg_map_new (MIN (n, 16));
  KgValue mv = kg_value_map (map);
  g_autoptr (GHashTable) seen = n > 8 ? g_hash_table_new (g_str_hash, g_str_equal) : NULL;
  for (guint32 i = 0; i < n; i++)
    {
      KgValue key = KG_VALUE_INIT, val = KG_VALUE_INIT;
      if (!read_value (r, &key, error))
        goto fail;
      if (key.type != KG_VALUE_STRING)
        {
          kg_value_clear (&key);
          malformed (error, "a map key that is not a string");
          goto fail;
        }
      if (seen != NULL ? g_hash_table_contains (seen, key.u.s) : kg_map_get (map, key.u.s) != NULL)
        {
          kg_value_clear (&key);
          malformed (error, "a map with a key twice");
          goto fail;
        }
      if (!read_value (r, &val, error))
        {
          kg_value_clear (&key);
          goto fail;
        }
      kg_map_append_new (map, key.u.s, &val); /* checked above */
      if (seen != NULL)
        g_hash_table_add (seen, map->keys[map->len - 1]);
      kg_value_clear (&key);
    }
  *out = mv;
  return TRUE;
fail:
  kg_value_clear (&mv);
  return FALSE;
}

static gboolean
bad_value (GError **error, const char *what)
{
  g_set_error (error, KG_PACKSTREAM_ERROR, KG_PACKSTREAM_ERROR_VALUE, "invalid %s", what);
  return FALSE;
}

static gboolean
int_field (const KgValue *fields, guint i, gint64 *v)
{
  if (fields[i].type != KG_VALUE_INT)
    return FALSE;
  *v = fields[i].u.i;
  return TRUE;
}

/* Splits seconds since the epoch into days and nanoseconds of the day. */
static void
split_seconds (gint64 seconds, gint64 sub, gint64 *days, gint64 *nanos)
{
  *days = seconds / 86400 - (seconds % 86400 < 0 ? 1 : 0);
  *nanos = (seconds - *days * 86400) * NS + sub;
}

/* Seconds beyond this are far outside any calendar kgq shows (year ±10^9), and keep
 * every sum below from overflowing. */
#define MAX_SECONDS (G_GINT64_CONSTANT (1) << 55)

static gboolean
read_datetime (const KgValue *f, guint8 tag, KgValue *out, GError **error)
{
  gint64 seconds, nanos, offset = 0;
  gboolean zoned = tag == TAG_DATE_TIME_ZONE_ID || tag == TAG_LEGACY_DATE_TIME_ZONE;
  gboolean utc = tag == TAG_DATE_TIME || tag == TAG_DATE_TIME_ZONE_ID;
  if (!int_field (f, 0, &seconds) || !int_field (f, 1, &nanos) || (zoned ? f[2].type != KG_VALUE_STRING : !int_field (f, 2, &offset)))
    return bad_value (error, "DateTime fields");
  if (nanos < 0 || nanos >= NS || seconds > MAX_SECONDS || seconds < -MAX_SECONDS)
    return bad_value (error, "DateTime: nanoseconds or seconds out of range");
  const char *zone = NULL;
  if (zoned)
    {
      zone = f[2].u.s;
      GTimeZone *tz = kg_temporal_zone (zone);
      if (tz == NULL)
        return bad_value (error, "DateTime: unknown time zone");
      gint interval;
      if (utc)
        interval = g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, seconds);
      else
        {
          gint64 local = seconds;
          interval = g_time_zone_adjust_time (tz, G_TIME_TYPE_DAYLIGHT, &local);
        }
      offset = interval >= 0 ? g_time_zone_get_offset (tz, interval) : 0;
    }
  if (offset > MAX_OFFSET || offset < -MAX_OFFSET)
    return bad_value (error, "DateTime: offset beyond 18 hours");
  gint64 local = utc ? seconds + offset : seconds;
  gint64 days, day_nanos;
  split_seconds (local, nanos, &days, &day_nanos);
  *out = kg_value_temporal (KG_VALUE_DATETIME, kg_temporal_new (days, day_nanos, (gint32) offset, zone));
  return TRUE;
}

/* Turns a structure into the kgq value it stands for. @f holds @n fields. */
static gboolean
struct_to_value (guint8 tag, const KgValue *f, guint n, const KgPackstreamFormat *format, KgValue *out, GError **error)
{
  static const struct
  {
    guint8 tag;
    guint n_fields;
  } arity[] = {
    { TAG_DATE, 1 },
    { TAG_TIME, 2 },
    { TAG_LOCAL_TIME, 1 },
    { TAG_LOCAL_DATE_TIME, 2 },
    { TAG_DATE_TIME, 3 },
    { TAG_DATE_TIME_ZONE_ID, 3 },
    { TAG_LEGACY_DATE_TIME, 3 },
    { TAG_LEGACY_DATE_TIME_ZONE, 3 },
    { TAG_DURATION, 4 },
  };
  switch (tag)
    {
    case TAG_NODE:
    case TAG_RELATIONSHIP:
    case TAG_UNBOUND_RELATIONSHIP:
    case TAG_PATH:
      g_set_error (error, KG_PACKSTREAM_ERROR, KG_PACKSTREAM_ERROR_UNSUPPORTED,
                   "nodes, relationships and paths cannot be sent as parameters");
      return FALSE;
    case TAG_POINT_2D:
    case TAG_POINT_3D:
      g_set_error (error, KG_PACKSTREAM_ERROR, KG_PACKSTREAM_ERROR_UNSUPPORTED, "kgq has no spatial points");
      return FALSE;
    default:
      break;
    }
  guint i;
  for (i = 0; i < G_N_ELEMENTS (arity) && arity[i].tag != tag; i++)
    ;
  if (i == G_N_ELEMENTS (arity))
    {
      g_set_error (error, KG_PACKSTREAM_ERROR, KG_PACKSTREAM_ERROR_UNSUPPORTED, "unknown structure tag 0x%02X", tag);
      return FALSE;
    }
  if (n != arity[i].n_fields)
    return bad_value (error, "structure: wrong number of fields");
  gboolean utc_form = tag == TAG_DATE_TIME || tag == TAG_DATE_TIME_ZONE_ID;
  gboolean legacy_form = tag == TAG_LEGACY_DATE_TIME || tag == TAG_LEGACY_DATE_TIME_ZONE;
  if ((utc_form && !format->utc_datetime) || (legacy_form && format->utc_datetime))
    {
      g_set_error (error, KG_PACKSTREAM_ERROR, KG_PACKSTREAM_ERROR_UNSUPPORTED,
                   "DateTime structure 0x%02X does not belong to the negotiated Bolt version", tag);
      return FALSE;
    }
  gint64 a, b, c, d;
  switch (tag)
    {
    case TAG_DATE:
      if (!int_field (f, 0, &a) || a < G_MININT32 || a > G_MAXINT32)
        return bad_value (error, "Date: days out of range");
      *out = kg_value_date ((gint32) a);
      return TRUE;
    case TAG_LOCAL_TIME:
    case TAG_TIME:
      if (!int_field (f, 0, &a) || a < 0 || a >= 86400 * NS)
        return bad_value (error, "Time: nanoseconds out of range");
      b = 0;
      if (tag == TAG_TIME && (!int_field (f, 1, &b) || b > MAX_OFFSET || b < -MAX_OFFSET))
        return bad_value (error, "Time: offset beyond 18 hours");
      *out = kg_value_temporal (tag == TAG_TIME ? KG_VALUE_TIME : KG_VALUE_LOCALTIME, kg_temporal_new (0, a, (gint32) b, NULL));
      return TRUE;
    case TAG_LOCAL_DATE_TIME:
      if (!int_field (f, 0, &a) || !int_field (f, 1, &b) || b < 0 || b >= NS || a > MAX_SECONDS || a < -MAX_SECONDS)
        return bad_value (error, "LocalDateTime: seconds or nanoseconds out of range");
      split_seconds (a, b, &c, &d);
      *out = kg_value_temporal (KG_VALUE_LOCALDATETIME, kg_temporal_new (c, d, 0, NULL));
      return TRUE;
    case TAG_DURATION:
      {
        gint64 months, days, seconds, nanos;
        if (!int_field (f, 0, &months) || !int_field (f, 1, &days) || !int_field (f, 2, &seconds) || !int_field (f, 3, &nanos))
          return bad_value (error, "Duration fields");
        /* Drivers may send any nanoseconds; kgq keeps 0..999999999 and carries the rest. */
        gint64 carry = nanos / NS - (nanos % NS < 0 ? 1 : 0);
        if ((carry > 0 && seconds > G_MAXINT64 - carry) || (carry < 0 && seconds < G_MININT64 - carry))
          return bad_value (error, "Duration: seconds out of range");
        KgTemporal *t = kg_temporal_new (days, nanos - carry * NS, 0, NULL);
        t->months = months;
        t->seconds = seconds + carry;
        *out = kg_value_temporal (KG_VALUE_DURATION, t);
        return TRUE;
      }
    default:
      return read_datetime (f, tag, out, error);
    }
}

static gboolean
read_struct_body (Reader *r, guint n, KgValue *out, GError **error)
{
  guint64 tag;
  if (!read_be (r, 1, &tag, error))
    return FALSE;
  KgValue fields = KG_VALUE_INIT;
  if (!read_list_body (r, n, &fields, error))
    return FALSE;
  gboolean ok = struct_to_value ((guint8) tag, fields.u.list->items, n, r->format, out, error);
  kg_value_clear (&fields);
  return ok;
}

static gboolean
read_value (Reader *r, KgValue *out, GError **error)
{
  if (r->p >= r->end)
    return malformed (error, "the message ends where a value should start");
  if (r->depth >= KG_PACKSTREAM_MAX_DEPTH)
    return malformed (error, "nested too deeply");
  r->depth++;
  gboolean ok = FALSE;
  guint8 m = *r->p++;
  guint8 hi = m & 0xF0;
  guint64 v = 0;
  guint32 n = 0;
  if (m <= 0x7F || m >= 0xF0)
    {
      *out = kg_value_int ((gint8) m);
      ok = TRUE;
    }
  else if (hi == 0x80)
    ok = read_string_body (r, m & 0x0F, out, error);
  else if (hi == 0x90 || hi == 0xA0)
    {
      gsize per_item = hi == 0x90 ? 1 : 2;
      n = m & 0x0F;
      if (n > (gsize) (r->end - r->p) / per_item)
        malformed (error, "a size larger than the message");
      else
        ok = hi == 0x90 ? read_list_body (r, n, out, error) : read_map_body (r, n, out, error);
    }
  else if (hi == 0xB0)
    ok = read_struct_body (r, m & 0x0F, out, error);
  else
    switch (m)
      {
      case 0xC0:
        *out = kg_value_null ();
        ok = TRUE;
        break;
      case 0xC1:
        if ((ok = read_be (r, 8, &v, error)))
          {
            double f;
            memcpy (&f, &v, sizeof f);
            *out = kg_value_float (f);
          }
        break;
      case 0xC2:
      case 0xC3:
        *out = kg_value_bool (m == 0xC3);
        ok = TRUE;
        break;
      case 0xC8:
      case 0xC9:
      case 0xCA:
      case 0xCB:
        {
          guint bytes = 1u << (m - 0xC8);
          if ((ok = read_be (r, bytes, &v, error)))
            {
              /* Sign-extend from the width read. */
              guint shift = 64 - 8 * bytes;
              *out = kg_value_int (shift == 0 ? (gint64) v : ((gint64) (v << shift)) >> shift);
            }
          break;
        }
      case 0xCC:
      case 0xCD:
      case 0xCE:
        if (read_size (r, 1u << (m - 0xCC), 1, &n, error))
          g_set_error (error, KG_PACKSTREAM_ERROR, KG_PACKSTREAM_ERROR_UNSUPPORTED, "kgq has no byte arrays");
        break;
      case 0xD0:
      case 0xD1:
      case 0xD2:
        ok = read_size (r, 1u << (m - 0xD0), 1, &n, error) && read_string_body (r, n, out, error);
        break;
      case 0xD4:
      case 0xD5:
      case 0xD6:
        ok = read_size (r, 1u << (m - 0xD4), 1, &n, error) && read_list_body (r, n, out, error);
        break;
      case 0xD8:
      case 0xD9:
      case 0xDA:
        ok = read_size (r, 1u << (m - 0xD8), 2, &n, error) && read_map_body (r, n, out, error);
        break;
      default:
        malformed (error, "an unknown marker byte");
        break;
      }
  r->depth--;
  return ok;
}

gboolean
kg_packstream_read_value (const guint8 *data,
                          gsize len,
                          const KgPackstreamFormat *format,
                          KgValue *value,
                          GError **error)
{
  Reader r = { data, data + len, format, 0 };
  *value = kg_value_null ();
  if (!read_value (&r, value, error))
    return FALSE;
  if (r.p != r.end)
    {
      kg_value_clear (value);
      return malformed (error, "bytes after the value");
    }
  return TRUE;
}

gboolean
kg_packstream_read_message (const guint8 *data,
                            gsize len,
                            const KgPackstreamFormat *format,
                            guint8 *tag,
                            KgValue *fields,
                            GError **error)
{
  Reader r = { data, data + len, format, 1 };
  *fields = kg_value_null ();
  if (len < 2 || (data[0] & 0xF0) != 0xB0)
    return malformed (error, "a message is not a structure");
  guint n = data[0] & 0x0F;
  *tag = data[1];
  r.p += 2;
  if (!read_list_body (&r, n, fields, error))
    return FALSE;
  if (r.p != r.end)
    {
      kg_value_clear (fields);
      return malformed (error, "bytes after the message");
    }
  return TRUE;
}
