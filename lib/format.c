/* lib/format.c — kgq_format_value(): values as text, the way Cypher shells show them.
 *
 * Scalars come out in Cypher literal syntax (42, 1.5, true, null, 'it\'s'), dates, times,
 * date-times and durations in ISO 8601 (2024-08-11, 21:40:32.142+01:00,
 * 2015-07-21T21:40:32.142+01:00[Europe/London], P14DT16H12M), lists as [..], maps as {key: value}, and nodes, relationships and paths
 * with their labels, types and properties read from the session's database (under its
 * read lock, or the lock its open result holds):
 * (:Person {name: 'Tom Cruise'}), [:hands_to {sources: ['r1']}], <(:A)-[:T]->(:B)>.
 * Properties are listed in ascending order of their key names so output is stable
 * whatever order keys were interned in. An id that no longer names a live entity (or a
 * value formatted without a session) shows as (#12) / [#7].
 *
 * This file only builds text; it never prints and never changes the graph.
 */
#include "lib/kgq-private.h"

#include <math.h>
#include <string.h>

static void append_value (KgqSession *s, GString *out, const KgValue *v, gboolean quote);

/* The shortest text that reads back as the same double, always marked as a float. */
static void
append_float (GString *out, double f)
{
  if (isnan (f))
    {
      g_string_append (out, "NaN");
      return;
    }
  if (isinf (f))
    {
      g_string_append (out, f > 0 ? "Infinity" : "-Infinity");
      return;
    }
  /* The fewest significant digits that read back as the same double. */
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  for (int digits = 15; digits <= 17; digits++)
    {
      g_ascii_formatd (buf, sizeof buf, digits == 15 ? "%.15g" : digits == 16 ? "%.16g"
                                                                              : "%.17g",
                       f);
      if (g_ascii_strtod (buf, NULL) == f)
        break;
    }
  g_string_append (out, buf);
  if (strpbrk (buf, ".eEni") == NULL)
    g_string_append (out, ".0");
}

/* " {k: v, ...}" for the properties of a node (is_node) or relationship; nothing when
 * there are none. */
static void
append_props (KgqSession *s, GString *out, const KgGraph *g, guint32 id, gboolean is_node)
{
  guint n = 0;
  g_autofree KgqProperty *props = kgq_graph_sorted_properties (g, id, is_node, &n);
  if (n == 0)
    return;
  g_string_append (out, " {");
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      kg_string_append_name (out, props[i].name);
      g_string_append (out, ": ");
      append_value (s, out, props[i].value, TRUE);
    }
  g_string_append_c (out, '}');
}

static void
append_node (KgqSession *s, GString *out, guint32 id)
{
  const KgGraph *g = s != NULL ? s->db->graph : NULL;
  if (g == NULL || !kg_graph_node_exists (g, id))
    {
      g_string_append_printf (out, "(#%u)", id);
      return;
    }
  g_string_append_c (out, '(');
  guint n_labels = 0;
  const KgSymbol *labels = kg_graph_node_labels (g, id, &n_labels);
  for (guint i = 0; i < n_labels; i++)
    {
      g_string_append_c (out, ':');
      kg_string_append_name (out, kg_graph_symbol_name (g, KG_SYM_LABEL, labels[i]));
    }
  gsize before = out->len;
  append_props (s, out, g, id, TRUE);
  if (n_labels == 0 && out->len > before)
    g_string_erase (out, before, 1); /* "( {" reads badly: drop the blank */
  g_string_append_c (out, ')');
}

/* The bracketed part of a relationship: [:TYPE {props}]. */
static void
append_edge (KgqSession *s, GString *out, guint32 id)
{
  const KgGraph *g = s != NULL ? s->db->graph : NULL;
  if (g == NULL || !kg_graph_edge_exists (g, id))
    {
      g_string_append_printf (out, "[#%u]", id);
      return;
    }
  g_string_append (out, "[:");
  kg_string_append_name (out, kg_graph_symbol_name (g, KG_SYM_TYPE, kg_graph_edge_type (g, id)));
  append_props (s, out, g, id, FALSE);
  g_string_append_c (out, ']');
}

static void
append_path (KgqSession *s, GString *out, const KgPath *p)
{
  const KgGraph *g = s != NULL ? s->db->graph : NULL;
  g_string_append_c (out, '<');
  append_node (s, out, p->nodes[0]);
  for (guint i = 0; i < p->len; i++)
    {
      /* The relationship points forward unless its source is the node after it. */
      gboolean backward = g != NULL && kg_graph_edge_exists (g, p->edges[i]) &&
                          kg_graph_edge_src (g, p->edges[i]) != p->nodes[i] &&
                          kg_graph_edge_src (g, p->edges[i]) == p->nodes[i + 1];
      g_string_append (out, backward ? "<-" : "-");
      append_edge (s, out, p->edges[i]);
      g_string_append (out, backward ? "-" : "->");
      append_node (s, out, p->nodes[i + 1]);
    }
  g_string_append_c (out, '>');
}

static void
append_value (KgqSession *s, GString *out, const KgValue *v, gboolean quote)
{
  switch (v->type)
    {
    case KG_VALUE_NULL:
      g_string_append (out, "null");
      break;
    case KG_VALUE_BOOL:
      g_string_append (out, v->u.b ? "true" : "false");
      break;
    case KG_VALUE_INT:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, v->u.i);
      break;
    case KG_VALUE_FLOAT:
      append_float (out, v->u.f);
      break;
    case KG_VALUE_STRING:
      if (quote)
        kg_string_append_quoted (out, v->u.s, '\'', TRUE);
      else
        g_string_append (out, v->u.s);
      break;
    case KG_VALUE_LIST:
      g_string_append_c (out, '[');
      for (guint i = 0; i < v->u.list->len; i++)
        {
          if (i > 0)
            g_string_append (out, ", ");
          append_value (s, out, &v->u.list->items[i], TRUE);
        }
      g_string_append_c (out, ']');
      break;
    case KG_VALUE_MAP:
      g_string_append_c (out, '{');
      for (guint i = 0; i < v->u.map->len; i++)
        {
          if (i > 0)
            g_string_append (out, ", ");
          kg_string_append_name (out, v->u.map->keys[i]);
          g_string_append (out, ": ");
          append_value (s, out, &v->u.map->vals[i], TRUE);
        }
      g_string_append_c (out, '}');
      break;
    case KG_VALUE_NODE:
      append_node (s, out, v->u.id);
      break;
    case KG_VALUE_EDGE:
      append_edge (s, out, v->u.id);
      break;
    case KG_VALUE_PATH:
      append_path (s, out, v->u.path);
      break;
    case KG_VALUE_DATE:
    case KG_VALUE_LOCALTIME:
    case KG_VALUE_TIME:
    case KG_VALUE_LOCALDATETIME:
    case KG_VALUE_DATETIME:
    case KG_VALUE_DURATION:
      kg_value_append_temporal_text (out, v);
      break;
    default:
      g_string_append (out, "?");
      break;
    }
}

void
kgq_format_value (KgqSession *s, GString *out, const KgValue *value, gboolean quote_strings)
{
  g_return_if_fail (out != NULL);
  g_return_if_fail (value != NULL);
  if (s != NULL)
    kgq_session_read_enter (s);
  append_value (s, out, value, quote_strings);
  if (s != NULL)
    kgq_session_read_leave (s);
}
