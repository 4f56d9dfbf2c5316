/* export/jsonl.c — the graph as JSON Lines in the shape of apoc.export.json (see
 * formats.h and docs/formats.md).
 *
 * Property values are written by the shared JSON value printer (common/print.h), as
 * plain JSON wherever JSON holds them exactly: booleans, strings, lists, maps, integers
 * as their digits (all 64 bits, which json-glib and most readers other than
 * JavaScript's keep exactly) and finite floats with a '.' or an exponent so they never
 * read back as integers. Temporal values are written as their
 * ISO 8601 text and NaN and the infinities as "NaN", "Infinity", "-Infinity", which is
 * what APOC does; for those values only, the line also carries a `"kgq:types"` object
 * shaped like the properties that says what each such value was, with the exact fields
 * of temporal values, so that loader/jsonl.c restores them without parsing dates.
 *
 * It reads the graph and writes to the FILE it is given; it does not open files.
 */
#include "export/formats.h"

#include <math.h>
#include <string.h>

#include "common/print.h"
#include "export/export-private.h"

/* --- Values --------------------------------------------------------------------- */

/* Whether @v, or anything inside it, is written as text that needs a "kgq:types" note. */
static gboolean
needs_type_note (const KgValue *v)
{
  switch (v->type)
    {
    case KG_VALUE_FLOAT:
      return !isfinite (v->u.f);
    case KG_VALUE_DATE:
      return TRUE;
    case KG_VALUE_LIST:
      for (guint i = 0; i < v->u.list->len; i++)
        if (needs_type_note (&v->u.list->items[i]))
          return TRUE;
      return FALSE;
    case KG_VALUE_MAP:
      for (guint i = 0; i < v->u.map->len; i++)
        if (needs_type_note (&v->u.map->vals[i]))
          return TRUE;
      return FALSE;
    default:
      return kg_value_type_is_temporal (v->type);
    }
}

static void
json_string (GString *out, const char *s)
{
  kg_string_append_quoted (out, s, '"', FALSE);
}

/* Appends @v as JSON: the one value printer's JSON style. Entities never reach it (the
 * store keeps no node or relationship as a property value). */
static void
json_value (GString *out, const KgValue *v)
{
  static const KgPrinter json = { KG_PRINT_JSON, 0, NULL, NULL };
  kg_value_print (out, v, &json);
}

/* Appends the "kgq:types" note of @v, which needs_type_note() said it needs: a type name
 * string for a float, an array [TYPE, fields...] for a date or temporal value, and
 * {"list":[...]} or {"map":{...}} with null for the items that need no note. */
static void
type_note (GString *out, const KgValue *v)
{
  const KgTemporal *t = kg_value_type_is_temporal (v->type) ? v->u.t : NULL;
  switch (v->type)
    {
    case KG_VALUE_FLOAT:
      g_string_append (out, "\"FLOAT\"");
      return;
    case KG_VALUE_DATE:
      g_string_append_printf (out, "[\"DATE\",%" G_GINT32_FORMAT "]", v->u.date);
      return;
    case KG_VALUE_LOCALTIME:
      g_string_append_printf (out, "[\"LOCALTIME\",%" G_GINT64_FORMAT "]", t->nanos);
      return;
    case KG_VALUE_TIME:
      g_string_append_printf (out, "[\"TIME\",%" G_GINT64_FORMAT ",%" G_GINT32_FORMAT "]", t->nanos, t->offset);
      return;
    case KG_VALUE_LOCALDATETIME:
      g_string_append_printf (out, "[\"LOCALDATETIME\",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT "]", t->days, t->nanos);
      return;
    case KG_VALUE_DATETIME:
      g_string_append_printf (out, "[\"DATETIME\",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%" G_GINT32_FORMAT ",",
                              t->days, t->nanos, t->offset);
      if (t->zone != NULL)
        json_string (out, t->zone);
      else
        g_string_append (out, "null");
      g_string_append_c (out, ']');
      return;
    case KG_VALUE_DURATION:
      g_string_append_printf (out, "[\"DURATION\",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT "]",
                              t->months, t->days, t->seconds, t->nanos);
      return;
    case KG_VALUE_LIST:
      g_string_append (out, "{\"list\":[");
      for (guint i = 0; i < v->u.list->len; i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          if (needs_type_note (&v->u.list->items[i]))
            type_note (out, &v->u.list->items[i]);
          else
            g_string_append (out, "null");
        }
      g_string_append (out, "]}");
      return;
    case KG_VALUE_MAP:
      {
        g_string_append (out, "{\"map\":{");
        gboolean first = TRUE;
        for (guint i = 0; i < v->u.map->len; i++)
          if (needs_type_note (&v->u.map->vals[i]))
            {
              if (!first)
                g_string_append_c (out, ',');
              first = FALSE;
              json_string (out, v->u.map->keys[i]);
              g_string_append_c (out, ':');
              type_note (out, &v->u.map->vals[i]);
            }
        g_string_append (out, "}}");
      }
      return;
    default:
      g_assert_not_reached ();
    }
}

/* Appends `"properties":{...}` and, when some value needs it, `,"kgq:types":{...}`. */
static void
append_properties (GString *out, const KgGraph *g, guint32 id, gboolean is_node)
{
  guint n = 0;
  g_autofree KgExportProp *props = kg_export_sorted_props (g, id, is_node, &n);
  gboolean noted = FALSE;
  g_string_append (out, "\"properties\":{");
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      json_string (out, props[i].name);
      g_string_append_c (out, ':');
      json_value (out, props[i].value);
      noted |= needs_type_note (props[i].value);
    }
  g_string_append_c (out, '}');
  if (!noted)
    return;
  g_string_append (out, ",\"kgq:types\":{");
  gboolean first = TRUE;
  for (guint i = 0; i < n; i++)
    if (needs_type_note (props[i].value))
      {
        if (!first)
          g_string_append_c (out, ',');
        first = FALSE;
        json_string (out, props[i].name);
        g_string_append_c (out, ':');
        type_note (out, props[i].value);
      }
  g_string_append_c (out, '}');
}

void
kg_export_json_value (GString *out, const KgValue *v)
{
  /* A list that needs no note is its bare JSON array, what other tools expect to see. */
  if (v->type == KG_VALUE_LIST && !needs_type_note (v))
    {
      json_value (out, v);
      return;
    }
  g_string_append (out, "{\"v\":");
  json_value (out, v);
  if (needs_type_note (v))
    {
      g_string_append (out, ",\"kgq:types\":");
      type_note (out, v);
    }
  g_string_append_c (out, '}');
}

/* --- Entities ------------------------------------------------------------------- */

static void
append_labels (GString *out, const KgGraph *g, KgNodeId node)
{
  guint n = 0;
  const KgSymbol *labels = kg_graph_node_labels (g, node, &n);
  g_string_append (out, "\"labels\":[");
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      json_string (out, kg_graph_symbol_name (g, KG_SYM_LABEL, labels[i]));
    }
  g_string_append_c (out, ']');
}

static void
append_end (GString *out, const KgGraph *g, const char *which, KgNodeId node)
{
  g_string_append_printf (out, "\"%s\":{\"id\":\"%u\",", which, node);
  append_labels (out, g, node);
  g_string_append_c (out, '}');
}

gboolean
kg_export_jsonl (const KgGraph *graph, FILE *out, GError **error)
{
  g_return_val_if_fail (graph != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  g_autoptr (GString) line = g_string_sized_new (256);
  KgNodeIter it;
  KgNodeId node;
  kg_graph_nodes_init (graph, KG_NONE, &it);
  while (kg_node_iter_next (&it, &node))
    {
      g_string_printf (line, "{\"type\":\"node\",\"id\":\"%u\",", node);
      append_labels (line, graph, node);
      g_string_append_c (line, ',');
      append_properties (line, graph, node, TRUE);
      g_string_append (line, "}\n");
      if (!kg_export_put (out, line, error))
        return FALSE;
    }

  KgEdgeIter eit;
  KgEdgeId edge;
  kg_graph_edges_init (graph, KG_NONE, &eit);
  while (kg_edge_iter_next (&eit, &edge))
    {
      g_string_printf (line, "{\"type\":\"relationship\",\"id\":\"%u\",\"label\":", edge);
      json_string (line, kg_graph_symbol_name (graph, KG_SYM_TYPE, kg_graph_edge_type (graph, edge)));
      g_string_append_c (line, ',');
      append_end (line, graph, "start", kg_graph_edge_src (graph, edge));
      g_string_append_c (line, ',');
      append_end (line, graph, "end", kg_graph_edge_dst (graph, edge));
      g_string_append_c (line, ',');
      append_properties (line, graph, edge, FALSE);
      g_string_append (line, "}\n");
      if (!kg_export_put (out, line, error))
        return FALSE;
    }
  return kg_export_flush (out, error);
}
