/* graph/value-codec.c — writes and reads one KgValue in the binary encoding shared by
 * snapshots and journal records (value-codec.h describes it). It knows nothing about
 * either file format around the values.
 */
#include "graph/value-codec.h"

/* --- Writing ----------------------------------------------------------------------- */

void
kg_codec_put_u32 (KgCodecSink put, gpointer sink, guint32 v)
{
  put (sink, &v, 4);
}

void
kg_codec_put_str (KgCodecSink put, gpointer sink, const char *s)
{
  gsize len = strlen (s);
  kg_codec_put_u32 (put, sink, (guint32) len);
  put (sink, s, len);
}

void
kg_codec_put_value (KgCodecSink put, gpointer sink, const KgValue *v)
{
  guint8 type = (guint8) v->type;
  put (sink, &type, 1);
  switch (v->type)
    {
    case KG_VALUE_NULL:
      break;
    case KG_VALUE_BOOL:
      {
        guint8 x = v->u.b ? 1 : 0;
        put (sink, &x, 1);
        break;
      }
    case KG_VALUE_INT:
      put (sink, &v->u.i, 8);
      break;
    case KG_VALUE_FLOAT:
      put (sink, &v->u.f, 8);
      break;
    case KG_VALUE_STRING:
      kg_codec_put_str (put, sink, v->u.s);
      break;
    case KG_VALUE_LIST:
      kg_codec_put_u32 (put, sink, v->u.list->len);
      for (guint i = 0; i < v->u.list->len; i++)
        kg_codec_put_value (put, sink, &v->u.list->items[i]);
      break;
    case KG_VALUE_MAP:
      kg_codec_put_u32 (put, sink, v->u.map->len);
      for (guint i = 0; i < v->u.map->len; i++)
        {
          kg_codec_put_str (put, sink, v->u.map->keys[i]);
          kg_codec_put_value (put, sink, &v->u.map->vals[i]);
        }
      break;
    case KG_VALUE_NODE:
    case KG_VALUE_EDGE:
      kg_codec_put_u32 (put, sink, v->u.id);
      break;
    case KG_VALUE_PATH:
      kg_codec_put_u32 (put, sink, v->u.path->len);
      put (sink, v->u.path->nodes, ((gsize) v->u.path->len + 1) * 4);
      put (sink, v->u.path->edges, (gsize) v->u.path->len * 4);
      break;
    case KG_VALUE_DATE:
      kg_codec_put_u32 (put, sink, (guint32) v->u.date);
      break;
    case KG_VALUE_LOCALTIME:
    case KG_VALUE_TIME:
    case KG_VALUE_LOCALDATETIME:
    case KG_VALUE_DATETIME:
    case KG_VALUE_DURATION:
      /* Every field, the zone as a string. */
      put (sink, &v->u.t->days, 8);
      put (sink, &v->u.t->nanos, 8);
      put (sink, &v->u.t->months, 8);
      put (sink, &v->u.t->seconds, 8);
      kg_codec_put_u32 (put, sink, (guint32) v->u.t->offset);
      kg_codec_put_str (put, sink, v->u.t->zone != NULL ? v->u.t->zone : "");
      break;
    }
}

/* --- Reading ----------------------------------------------------------------------- */

char *
kg_codec_str (KgCodecReader *r)
{
  guint32 len = kg_codec_u32 (r);
  if (!kg_codec_fits (r, len, 1) || memchr (r->p, 0, len) != NULL ||
      !g_utf8_validate ((const char *) r->p, len, NULL))
    {
      r->bad = TRUE;
      return NULL;
    }
  char *s = g_strndup ((const char *) r->p, len);
  r->p += len;
  return s;
}

KgValue
kg_codec_value (KgCodecReader *r, int depth)
{
  KgValue v = KG_VALUE_INIT;
  guint8 type = kg_codec_u8 (r);
  if (r->bad || depth > KG_CODEC_MAX_DEPTH)
    {
      r->bad = TRUE;
      return v;
    }
  switch (type)
    {
    case KG_VALUE_NULL:
      break;
    case KG_VALUE_BOOL:
      v = kg_value_bool (kg_codec_u8 (r) != 0);
      break;
    case KG_VALUE_INT:
      v = kg_value_int ((gint64) kg_codec_u64 (r));
      break;
    case KG_VALUE_FLOAT:
      {
        double f;
        kg_codec_take (r, &f, 8);
        v = kg_value_float (f);
        break;
      }
    case KG_VALUE_STRING:
      {
        g_autofree char *s = kg_codec_str (r);
        if (s)
          v = kg_value_string (s);
        break;
      }
    case KG_VALUE_LIST:
      {
        guint32 n = kg_codec_u32 (r);
        if (!kg_codec_fits (r, n, 1))
          break;
        KgList *list = kg_list_new (n);
        for (guint32 i = 0; i < n && !r->bad; i++)
          {
            KgValue item = kg_codec_value (r, depth + 1);
            kg_list_append (list, &item);
          }
        v = kg_value_list (list);
        break;
      }
    case KG_VALUE_MAP:
      {
        guint32 n = kg_codec_u32 (r);
        /* Each entry takes at least five bytes: a key's length and a value's tag. */
        if (!kg_codec_fits (r, n, 5))
          break;
        KgMap *map = kg_map_new (n);
        for (guint32 i = 0; i < n && !r->bad; i++)
          {
            g_autofree char *key = kg_codec_str (r);
            KgValue item = kg_codec_value (r, depth + 1);
            if (key)
              kg_map_set (map, key, &item);
            kg_value_clear (&item);
          }
        v = kg_value_map (map);
        break;
      }
    case KG_VALUE_NODE:
      v = kg_value_node (kg_codec_u32 (r));
      break;
    case KG_VALUE_EDGE:
      v = kg_value_edge (kg_codec_u32 (r));
      break;
    case KG_VALUE_PATH:
      {
        guint32 len = kg_codec_u32 (r);
        if (!kg_codec_fits (r, (guint64) len * 2 + 1, 4))
          break;
        guint32 *nodes = g_new (guint32, (gsize) len + 1);
        guint32 *edges = g_new (guint32, (gsize) len + 1);
        kg_codec_take (r, nodes, ((gsize) len + 1) * 4);
        kg_codec_take (r, edges, (gsize) len * 4);
        v = kg_value_path (kg_path_new (len, nodes, edges));
        g_free (nodes);
        g_free (edges);
        break;
      }
    case KG_VALUE_DATE:
      v = kg_value_date ((gint32) kg_codec_u32 (r));
      break;
    case KG_VALUE_LOCALTIME:
    case KG_VALUE_TIME:
    case KG_VALUE_LOCALDATETIME:
    case KG_VALUE_DATETIME:
    case KG_VALUE_DURATION:
      {
        gint64 days = (gint64) kg_codec_u64 (r), nanos = (gint64) kg_codec_u64 (r);
        gint64 months = (gint64) kg_codec_u64 (r), seconds = (gint64) kg_codec_u64 (r);
        gint32 offset = (gint32) kg_codec_u32 (r);
        g_autofree char *zone = kg_codec_str (r);
        /* Fields out of their ranges mean damaged data (they would print as nonsense). */
        gboolean in_range = type == KG_VALUE_DURATION
                                ? nanos >= 0 && nanos < G_GINT64_CONSTANT (1000000000)
                                : nanos >= 0 && nanos < G_GINT64_CONSTANT (86400000000000) && days >= G_MININT32 &&
                                      days <= G_MAXINT32 && offset >= -18 * 3600 && offset <= 18 * 3600;
        if (r->bad || zone == NULL || !in_range)
          {
            r->bad = TRUE;
            break;
          }
        KgTemporal *t = kg_temporal_new (days, nanos, offset, zone[0] != '\0' ? zone : NULL);
        t->months = months;
        t->seconds = seconds;
        v = kg_value_temporal ((KgValueType) type, t);
        break;
      }
    default:
      r->bad = TRUE;
      break;
    }
  return v;
}

/* --- Redo record operands ---------------------------------------------------------------------- */

/* The shared value encoder's output: a GByteArray. */
static void
redo_sink (gpointer b, const void *data, gsize len)
{
  g_byte_array_append (b, data, (guint) len);
}

void
kg_redo_put_u32 (GByteArray *b, guint32 v)
{
  kg_codec_put_u32 (redo_sink, b, v);
}

void
kg_redo_put_str (GByteArray *b, const char *s)
{
  kg_codec_put_str (redo_sink, b, s);
}

void
kg_redo_put_value (GByteArray *b, const KgValue *v)
{
  kg_codec_put_value (redo_sink, b, v);
}
