/* tests/tck/tck-actual.c — canonical text of kgq's values, read through the graph.
 *
 * The counterpart of the expected-value reader in tck-value.c; see tck-value.h.
 */
#include "tests/tck/tck-value.h"

#include <string.h>

/* --- Actual values -------------------------------------------------------------------- */

static void
canon_date (GString *out, gint32 days)
{
  /* Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's civil_from_days). */
  gint64 z = (gint64) days + 719468;
  gint64 era = (z >= 0 ? z : z - 146096) / 146097;
  gint64 doe = z - era * 146097;
  gint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  gint64 y = yoe + era * 400;
  gint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  gint64 mp = (5 * doy + 2) / 153;
  gint64 d = doy - (153 * mp + 2) / 5 + 1;
  gint64 m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2)
    y++;
  g_autofree char *text = g_strdup_printf ("%04" G_GINT64_FORMAT "-%02d-%02d", y, (int) m, (int) d);
  tck_canon_string (out, text, strlen (text));
}

static void
canon_props (GString *out, const KgGraph *graph, guint32 id, gboolean is_node, gboolean sort_lists)
{
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
  guint n = is_node ? kg_graph_node_n_props (graph, id) : kg_graph_edge_n_props (graph, id);
  for (guint i = 0; i < n; i++)
    {
      KgSymbol key = KG_NONE;
      const KgValue *v = is_node ? kg_graph_node_prop_at (graph, id, i, &key) : kg_graph_edge_prop_at (graph, id, i, &key);
      if (!v || v->type == KG_VALUE_NULL)
        continue;
      GString *item = g_string_new (kg_graph_symbol_name (graph, KG_SYM_KEY, key));
      g_string_append (item, ": ");
      tck_value_append_canon (item, graph, v, sort_lists);
      g_ptr_array_add (items, g_string_free (item, FALSE));
    }
  tck_canon_join (out, items, TRUE, "{", "}");
}

static void
canon_node (GString *out, const KgGraph *graph, guint32 id, gboolean sort_lists)
{
  if (!kg_graph_node_exists (graph, id))
    {
      g_string_append (out, "(deleted node)");
      return;
    }
  guint n_labels = 0;
  const KgSymbol *labels = kg_graph_node_labels (graph, id, &n_labels);
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  for (guint i = 0; i < n_labels; i++)
    g_ptr_array_add (names, (gpointer) kg_graph_symbol_name (graph, KG_SYM_LABEL, labels[i]));
  g_ptr_array_sort (names, tck_cmp_strptr);
  g_string_append_c (out, '(');
  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (out, ":%s", (char *) names->pdata[i]);
  g_string_append (out, " ");
  canon_props (out, graph, id, TRUE, sort_lists);
  g_string_append_c (out, ')');
}

static void
canon_rel (GString *out, const KgGraph *graph, guint32 id, gboolean sort_lists)
{
  if (!kg_graph_edge_exists (graph, id))
    {
      g_string_append (out, "[deleted relationship]");
      return;
    }
  g_string_append_printf (out, "[:%s ", kg_graph_symbol_name (graph, KG_SYM_TYPE, kg_graph_edge_type (graph, id)));
  canon_props (out, graph, id, FALSE, sort_lists);
  g_string_append_c (out, ']');
}

void
tck_value_append_canon (GString *out, const KgGraph *graph, const KgValue *v, gboolean sort_lists)
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
      tck_canon_float (out, v->u.f);
      break;
    case KG_VALUE_STRING:
      tck_canon_string (out, v->u.s, strlen (v->u.s));
      break;
    case KG_VALUE_LIST:
      {
        g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
        for (guint i = 0; i < v->u.list->len; i++)
          {
            GString *item = g_string_new (NULL);
            tck_value_append_canon (item, graph, &v->u.list->items[i], sort_lists);
            g_ptr_array_add (items, g_string_free (item, FALSE));
          }
        tck_canon_join (out, items, sort_lists, "[", "]");
        break;
      }
    case KG_VALUE_MAP:
      {
        g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
        for (guint i = 0; i < v->u.map->len; i++)
          {
            GString *item = g_string_new (v->u.map->keys[i]);
            g_string_append (item, ": ");
            tck_value_append_canon (item, graph, &v->u.map->vals[i], sort_lists);
            g_ptr_array_add (items, g_string_free (item, FALSE));
          }
        tck_canon_join (out, items, TRUE, "{", "}");
        break;
      }
    case KG_VALUE_NODE:
      canon_node (out, graph, v->u.id, sort_lists);
      break;
    case KG_VALUE_EDGE:
      canon_rel (out, graph, v->u.id, sort_lists);
      break;
    case KG_VALUE_PATH:
      {
        const KgPath *path = v->u.path;
        g_string_append_c (out, '<');
        canon_node (out, graph, path->nodes[0], sort_lists);
        for (guint i = 0; i < path->len; i++)
          {
            guint32 e = path->edges[i];
            gboolean forward = !kg_graph_edge_exists (graph, e) || kg_graph_edge_src (graph, e) == path->nodes[i];
            g_string_append (out, forward ? "-" : "<-");
            canon_rel (out, graph, e, sort_lists);
            g_string_append (out, forward ? "->" : "-");
            canon_node (out, graph, path->nodes[i + 1], sort_lists);
          }
        g_string_append_c (out, '>');
        break;
      }
    case KG_VALUE_DATE:
      canon_date (out, v->u.date);
      break;
    case KG_VALUE_LOCALTIME:
    case KG_VALUE_TIME:
    case KG_VALUE_LOCALDATETIME:
    case KG_VALUE_DATETIME:
    case KG_VALUE_DURATION:
      {
        /* Temporal values compare as the TCK writes them: ISO 8601 strings. */
        GString *text = g_string_new (NULL);
        kg_value_append_temporal_text (text, v);
        tck_canon_string (out, text->str, text->len);
        g_string_free (text, TRUE);
        break;
      }
    default:
      g_string_append (out, "?");
    }
}

char *
tck_value_canon_actual (const KgGraph *graph, const KgValue *value, gboolean sort_lists)
{
  GString *out = g_string_new (NULL);
  tck_value_append_canon (out, graph, value, sort_lists);
  return g_string_free (out, FALSE);
}
