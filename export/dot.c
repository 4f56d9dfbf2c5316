/* export/dot.c — Graphviz DOT text for a subgraph (see dot.h).
 *
 * Output is deterministic: nodes in node id order named n0, n1, ...; relationships in
 * relationship id order; attributes in a fixed order; every identifier and string
 * quoted. Styles come from a small table of the corpus's labels, and from a palette
 * indexed by a stable hash of the name for labels and types it does not know. The
 * Graphviz engine is named in the text (`layout`), chosen by size unless asked for:
 * `dot` ranks a long path or a big hub into a strip thousands of points long, while
 * `neato`/`sfdp` with overlap removal fill a page. A legend node lists the labels and
 * relationship colours drawn.
 *
 * It reads the graph and builds a string; it never writes files or runs Graphviz.
 */
#include "export/dot.h"
#include "common/print.h"
#include "export/export-private.h"

#include <stdlib.h>
#include <string.h>

struct _KgDotSubgraph
{
  const KgGraph *graph;
  GHashTable *nodes;      /* id + 1 -> NULL (a set) */
  GHashTable *edges;      /* id + 1 */
  GHashTable *path_nodes; /* id + 1 */
  GHashTable *path_edges; /* id + 1 */
  GHashTable *conflicts;  /* id + 1 */
};

#define KEY(id) GUINT_TO_POINTER ((guint) (id) + 1)
#define UNKEY(p) ((guint32) (GPOINTER_TO_UINT (p) - 1))

KgDotSubgraph *
kg_dot_subgraph_new (const KgGraph *graph)
{
  g_return_val_if_fail (graph != NULL, NULL);
  KgDotSubgraph *sg = g_new0 (KgDotSubgraph, 1);
  sg->graph = graph;
  sg->nodes = g_hash_table_new (NULL, NULL);
  sg->edges = g_hash_table_new (NULL, NULL);
  sg->path_nodes = g_hash_table_new (NULL, NULL);
  sg->path_edges = g_hash_table_new (NULL, NULL);
  sg->conflicts = g_hash_table_new (NULL, NULL);
  return sg;
}

void
kg_dot_subgraph_free (KgDotSubgraph *sg)
{
  if (sg == NULL)
    return;
  g_hash_table_unref (sg->nodes);
  g_hash_table_unref (sg->edges);
  g_hash_table_unref (sg->path_nodes);
  g_hash_table_unref (sg->path_edges);
  g_hash_table_unref (sg->conflicts);
  g_free (sg);
}

static void
add_node (KgDotSubgraph *sg, KgNodeId n)
{
  if (kg_graph_node_exists (sg->graph, n))
    g_hash_table_add (sg->nodes, KEY (n));
}

static void
add_edge (KgDotSubgraph *sg, KgEdgeId e)
{
  if (!kg_graph_edge_exists (sg->graph, e))
    return;
  g_hash_table_add (sg->edges, KEY (e));
  add_node (sg, kg_graph_edge_src (sg->graph, e));
  add_node (sg, kg_graph_edge_dst (sg->graph, e));
}

void
kg_dot_subgraph_add_value (KgDotSubgraph *sg, const KgValue *v)
{
  g_return_if_fail (sg != NULL && v != NULL);
  switch (v->type)
    {
    case KG_VALUE_NODE:
      add_node (sg, v->u.id);
      break;
    case KG_VALUE_EDGE:
      add_edge (sg, v->u.id);
      break;
    case KG_VALUE_PATH:
      for (guint i = 0; i <= v->u.path->len; i++)
        {
          add_node (sg, v->u.path->nodes[i]);
          g_hash_table_add (sg->path_nodes, KEY (v->u.path->nodes[i]));
        }
      for (guint i = 0; i < v->u.path->len; i++)
        {
          add_edge (sg, v->u.path->edges[i]);
          g_hash_table_add (sg->path_edges, KEY (v->u.path->edges[i]));
        }
      break;
    case KG_VALUE_LIST:
      for (guint i = 0; i < v->u.list->len; i++)
        kg_dot_subgraph_add_value (sg, &v->u.list->items[i]);
      break;
    case KG_VALUE_MAP:
      for (guint i = 0; i < v->u.map->len; i++)
        kg_dot_subgraph_add_value (sg, &v->u.map->vals[i]);
      break;
    default:
      break;
    }
}

void
kg_dot_subgraph_mark_conflict (KgDotSubgraph *sg, KgEdgeId edge)
{
  g_return_if_fail (sg != NULL);
  g_hash_table_add (sg->conflicts, KEY (edge));
}

gboolean
kg_dot_subgraph_is_empty (const KgDotSubgraph *sg)
{
  return g_hash_table_size (sg->nodes) == 0 && g_hash_table_size (sg->edges) == 0;
}

/* --- Quoting -------------------------------------------------------------------- */

void
kg_dot_quote (GString *out, const char *s)
{
  g_string_append_c (out, '"');
  for (const char *p = s; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;
      if (c == '"')
        g_string_append (out, "\\\"");
      else if (c == '\\')
        g_string_append (out, "\\\\"); /* labels read \\ as one backslash */
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\t')
        g_string_append_c (out, ' ');
      else if (c < 0x20 || c == 0x7f)
        continue; /* CR and other controls have no place in a label */
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
}

/* --- Styles --------------------------------------------------------------------- */

typedef struct
{
  const char *label;
  const char *shape;
  const char *fill;
} LabelStyle;

static const LabelStyle label_styles[] = {
  { "Person", "ellipse", "#dbeafe" },
  { "Band", "box", "#dcfce7" },
  { "Group", "box", "#dcfce7" },
  { "Organization", "box", "#dcfce7" },
  { "Team", "box", "#dcfce7" },
  { "City", "house", "#fef3c7" },
  { "Country", "house", "#fef3c7" },
  { "Place", "house", "#fef3c7" },
  { "Venue", "house", "#fde68a" },
  { "Landmark", "house", "#fde68a" },
  { "Song", "note", "#fce7f3" },
  { "Film", "note", "#fce7f3" },
  { "Work", "note", "#fce7f3" },
  { "Event", "hexagon", "#ede9fe" },
  { "Object", "component", "#fee2e2" },
  { "Award", "octagon", "#ffedd5" },
  { "Document", "folder", "#f3f4f6" },
};

static const char *const fill_palette[] = {
  "#e0f2fe",
  "#f0fdf4",
  "#fefce8",
  "#fdf2f8",
  "#f5f3ff",
  "#fff7ed",
  "#ecfeff",
  "#f1f5f9",
};

static const char *const edge_palette[] = {
  "#1f77b4",
  "#2ca02c",
  "#9467bd",
  "#8c564b",
  "#e377c2",
  "#17becf",
  "#a16207",
  "#64748b",
  "#ff7f0e",
  "#393b79",
  "#0f766e",
  "#7c3aed",
};

/* A hash that does not change between runs or machines (g_str_hash is fine, but spell
 * it out so golden files never depend on GLib's choice). */
static guint
stable_hash (const char *s)
{
  guint32 h = 2166136261u; /* FNV-1a, then a final mix so short names spread well */
  for (const char *p = s; *p != '\0'; p++)
    h = (h ^ (guchar) *p) * 16777619u;
  h ^= h >> 15;
  h *= 0x2c1b3c6du;
  h ^= h >> 12;
  return h;
}

/* The shape and fill of node @n, and the label they stand for in the legend (NULL for a
 * node without labels). */
static void
node_style (const KgGraph *g, KgNodeId n, const char **shape, const char **fill, const char **by)
{
  guint n_labels = 0;
  const KgSymbol *labels = kg_graph_node_labels (g, n, &n_labels);
  *shape = "box";
  *fill = "#f8fafc";
  *by = NULL;
  for (guint i = 0; i < n_labels; i++)
    {
      const char *name = kg_graph_symbol_name (g, KG_SYM_LABEL, labels[i]);
      for (guint k = 0; k < G_N_ELEMENTS (label_styles); k++)
        if (strcmp (label_styles[k].label, name) == 0)
          {
            *shape = label_styles[k].shape;
            *fill = label_styles[k].fill;
            *by = name;
            return;
          }
    }
  if (n_labels > 0)
    {
      *by = kg_graph_symbol_name (g, KG_SYM_LABEL, labels[0]);
      *fill = fill_palette[stable_hash (*by) % G_N_ELEMENTS (fill_palette)];
    }
}

/* --- Layout and legend ---------------------------------------------------------- */

static const char *const layout_names[] = { "auto", "dot", "neato", "sfdp", "circo" };

gboolean
kg_dot_layout_from_name (const char *name, KgDotLayout *out)
{
  for (guint i = 0; i < G_N_ELEMENTS (layout_names); i++)
    if (name != NULL && strcmp (name, layout_names[i]) == 0)
      {
        *out = (KgDotLayout) i;
        return TRUE;
      }
  return FALSE;
}

/* The engine for a picture of @n nodes: layered while the ranks stay readable, then
 * force-directed, which fills a page instead of growing one long strip. */
static KgDotLayout
pick_layout (KgDotLayout asked, guint n)
{
  if (asked != KG_DOT_LAYOUT_AUTO)
    return asked;
  if (n <= KG_DOT_LAYERED_MAX_NODES)
    return KG_DOT_LAYOUT_DOT;
  return n <= KG_DOT_NEATO_MAX_NODES ? KG_DOT_LAYOUT_NEATO : KG_DOT_LAYOUT_SFDP;
}

/* The graph attributes that go with each engine. Overlap removal ("prism") and a margin
 * round the nodes keep the force-directed pictures legible; edges are drawn under the
 * nodes. */
static void
append_layout_attrs (GString *out, KgDotLayout layout)
{
  g_string_append_printf (out, "layout=\"%s\"", layout_names[layout]);
  switch (layout)
    {
    case KG_DOT_LAYOUT_NEATO:
      g_string_append (out, ", overlap=\"prism\", sep=\"+8\", outputorder=\"edgesfirst\"");
      break;
    case KG_DOT_LAYOUT_SFDP:
      g_string_append (out, ", overlap=\"prism\", sep=\"+8\", outputorder=\"edgesfirst\"");
      break;
    case KG_DOT_LAYOUT_CIRCO:
      g_string_append (out, ", mindist=\"0.8\"");
      break;
    default:
      g_string_append (out, ", rankdir=\"LR\"");
      break;
    }
}

typedef struct
{
  const char *name;
  const char *shape;
  const char *colour;
} LegendRow;

/* Rows of a legend table, @per_row cells of two columns (a swatch and a name) each. */
static void
append_legend_rows (GString *out, GArray *rows, guint per_row, gboolean types)
{
  for (guint i = 0; i < rows->len; i++)
    {
      LegendRow *r = &g_array_index (rows, LegendRow, i);
      if (i % per_row == 0)
        g_string_append (out, "<tr>");
      if (types)
        {
          g_string_append_printf (out, "<td><font color=\"%s\">&#8594;</font></td><td align=\"left\">"
                                       "<font color=\"%s\">",
                                  r->colour, r->colour);
          kg_export_markup_escape (out, r->name, KG_ESCAPE_DROP_CONTROLS);
          g_string_append (out, "</font></td>");
        }
      else
        {
          g_string_append_printf (out, "<td bgcolor=\"%s\">%s</td><td align=\"left\">:", r->colour, r->shape);
          kg_export_markup_escape (out, r->name, KG_ESCAPE_DROP_CONTROLS);
          g_string_append (out, "</td>");
        }
      if (i % per_row == per_row - 1 || i == rows->len - 1)
        g_string_append (out, "</tr>");
    }
}

/* One plain node holding a table: a swatch and the shape for every label drawn, the
 * colour of every relationship type drawn, and the conflict and inferred styles when
 * they occur; several to a row, so a picture with many types keeps a compact legend. */
static void
append_legend (GString *out, GArray *labels, GArray *types, gboolean conflicts, gboolean inferred)
{
  guint per_row = labels->len + types->len > 16 ? 4 : 1;
  g_string_append_printf (out,
                          "  \"legend\" [shape=\"plaintext\", style=\"\", label=<<table border=\"0\" "
                          "cellborder=\"0\" cellspacing=\"2\" cellpadding=\"2\">"
                          "<tr><td colspan=\"%u\" align=\"left\"><b>labels</b></td></tr>",
                          2 * per_row);
  append_legend_rows (out, labels, per_row, FALSE);
  if (types->len > 0)
    {
      g_string_append_printf (out, "<tr><td colspan=\"%u\" align=\"left\"><b>relationships</b></td></tr>",
                              2 * per_row);
      append_legend_rows (out, types, per_row, TRUE);
    }
  if (conflicts)
    g_string_append_printf (out, "<tr><td><font color=\"#dc2626\">- -</font></td><td colspan=\"%u\" "
                                 "align=\"left\"><font color=\"#dc2626\">conflict between reports</font></td></tr>",
                            2 * per_row - 1);
  if (inferred)
    g_string_append_printf (out, "<tr><td>&#183;&#183;&#183;</td><td colspan=\"%u\" align=\"left\">"
                                 "inferred (inverse reading)</td></tr>",
                            2 * per_row - 1);
  g_string_append (out, "</table>>];\n");
}

/* --- Text of labels ------------------------------------------------------------- */

static const KgValue *
node_prop (const KgGraph *g, KgNodeId n, const char *key)
{
  KgSymbol k = kg_graph_lookup (g, KG_SYM_KEY, key);
  return k == KG_NONE ? NULL : kg_graph_node_prop (g, n, k);
}

static const KgValue *
edge_prop (const KgGraph *g, KgEdgeId e, const char *key)
{
  KgSymbol k = kg_graph_lookup (g, KG_SYM_KEY, key);
  return k == KG_NONE ? NULL : kg_graph_edge_prop (g, e, k);
}

/* Plain text of a scalar (strings bare) or of each item of a list, joined by ", ". */
static void
append_plain (GString *out, const KgValue *v)
{
  static const KgPrinter text = { KG_PRINT_TEXT, 0, NULL, NULL };
  kg_value_print (out, v, &text);
}

/* Breaks long text into lines of about @width characters at blanks, so long names and
 * titles make tall boxes rather than very wide ones. */
static void
wrap (GString *t, guint width)
{
  guint col = 0;
  gssize last_blank = -1;
  for (gsize i = 0; i < t->len; i++)
    {
      if (t->str[i] == '\n')
        {
          col = 0;
          last_blank = -1;
          continue;
        }
      if (((guchar) t->str[i] & 0xC0) == 0x80)
        continue; /* a UTF-8 continuation byte: same character */
      if (t->str[i] == ' ')
        last_blank = i;
      if (++col > width && last_blank >= 0)
        {
          t->str[last_blank] = '\n';
          col = g_utf8_strlen (t->str + last_blank + 1, i - last_blank);
          last_blank = -1;
        }
    }
}

static char *
node_label (const KgGraph *g, KgNodeId n)
{
  GString *t = g_string_new (NULL);
  /* The name (else the title); a report's id goes first, as edges' sources cite it; with
   * neither name nor title, the id. */
  const KgValue *name = node_prop (g, n, "name");
  if (name == NULL || name->type == KG_VALUE_NULL)
    name = node_prop (g, n, "title");
  const KgValue *id = node_prop (g, n, "id");
  KgSymbol doc = kg_graph_lookup (g, KG_SYM_LABEL, "Document");
  gboolean has_id = id != NULL && id->type != KG_VALUE_NULL;
  gboolean has_name = name != NULL && name->type != KG_VALUE_NULL;
  if (has_id && (!has_name || (doc != KG_NONE && kg_graph_node_has_label (g, n, doc))))
    append_plain (t, id);
  if (has_name)
    {
      if (t->len > 0)
        g_string_append (t, ": ");
      append_plain (t, name);
    }
  guint n_labels = 0;
  const KgSymbol *labels = kg_graph_node_labels (g, n, &n_labels);
  if (t->len == 0)
    g_string_append_printf (t, "#%u", n);
  wrap (t, 28);
  if (n_labels > 0)
    g_string_append_c (t, '\n');
  for (guint i = 0; i < n_labels; i++)
    {
      g_string_append_c (t, ':');
      g_string_append (t, kg_graph_symbol_name (g, KG_SYM_LABEL, labels[i]));
    }
  return g_string_free (t, FALSE);
}

static int
cmp_u32 (const void *a, const void *b)
{
  guint32 x = *(const guint32 *) a, y = *(const guint32 *) b;
  return x < y ? -1 : x > y;
}

static guint32 *
sorted_ids (GHashTable *set, guint *n)
{
  *n = g_hash_table_size (set);
  guint32 *ids = g_new (guint32, MAX (*n, 1));
  GHashTableIter it;
  gpointer key;
  guint i = 0;
  g_hash_table_iter_init (&it, set);
  while (g_hash_table_iter_next (&it, &key, NULL))
    ids[i++] = UNKEY (key);
  qsort (ids, *n, sizeof (guint32), cmp_u32);
  return ids;
}

/* --- Writing -------------------------------------------------------------------- */

char *
kg_dot_write (KgDotSubgraph *sg, const KgDotOptions *opts, KgDotStats *stats)
{
  g_return_val_if_fail (sg != NULL, NULL);
  KgDotOptions defaults = { 0 };
  if (opts == NULL)
    opts = &defaults;
  guint max_nodes = opts->max_nodes > 0 ? opts->max_nodes : KG_DOT_DEFAULT_MAX_NODES;
  guint max_edges = opts->max_edges > 0 ? opts->max_edges : KG_DOT_DEFAULT_MAX_EDGES;
  const KgGraph *g = sg->graph;

  guint n_nodes, n_edges;
  g_autofree guint32 *nodes = sorted_ids (sg->nodes, &n_nodes);
  g_autofree guint32 *edges = sorted_ids (sg->edges, &n_edges);

  /* Synthetic names for the nodes kept: node id + 1 -> index. */
  g_autoptr (GHashTable) index = g_hash_table_new (NULL, NULL);
  guint kept_nodes = MIN (n_nodes, max_nodes);
  for (guint i = 0; i < kept_nodes; i++)
    g_hash_table_insert (index, KEY (nodes[i]), GUINT_TO_POINTER (i));

  guint kept_edges = 0, dropped_edges = 0;
  g_autofree guint32 *draw = g_new (guint32, MAX (n_edges, 1));
  for (guint i = 0; i < n_edges; i++)
    {
      gboolean ends = g_hash_table_contains (index, KEY (kg_graph_edge_src (g, edges[i]))) &&
                      g_hash_table_contains (index, KEY (kg_graph_edge_dst (g, edges[i])));
      if (ends && kept_edges < max_edges)
        draw[kept_edges++] = edges[i];
      else
        dropped_edges++;
    }

  GString *out = g_string_new ("digraph kgq {\n");
  gboolean cut = kept_nodes < n_nodes || dropped_edges > 0;
  if (cut)
    g_string_append_printf (out,
                            "  // cut: %u of %u nodes and %u of %u relationships shown\n",
                            kept_nodes, n_nodes, kept_edges, n_edges);
  KgDotLayout layout = pick_layout (opts->layout, kept_nodes);
  g_string_append (out, "  graph [");
  append_layout_attrs (out, layout);
  g_string_append (out, ", fontname=\"Helvetica\", fontsize=\"11\"");
  if (opts->title != NULL || cut)
    {
      g_autoptr (GString) cap = g_string_new (opts->title);
      if (cut)
        g_string_append_printf (cap, "%s(showing %u of %u nodes, %u of %u relationships)",
                                cap->len > 0 ? "\n" : "", kept_nodes, n_nodes, kept_edges,
                                n_edges);
      g_string_append (out, ", labelloc=\"t\", label=");
      kg_dot_quote (out, cap->str);
    }
  g_string_append (out, "];\n");
  g_string_append (out, "  node [shape=\"box\", style=\"filled\", fontname=\"Helvetica\", "
                        "fontsize=\"11\", color=\"#475569\"];\n");
  g_string_append (out, "  edge [fontname=\"Helvetica\", fontsize=\"9\"];\n");

  g_autoptr (GArray) legend_labels = g_array_new (FALSE, FALSE, sizeof (LegendRow));
  g_autoptr (GArray) legend_types = g_array_new (FALSE, FALSE, sizeof (LegendRow));
  g_autoptr (GHashTable) in_legend = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < kept_nodes; i++)
    {
      const char *shape, *fill, *by;
      node_style (g, nodes[i], &shape, &fill, &by);
      if (by != NULL && g_hash_table_add (in_legend, (gpointer) by))
        {
          LegendRow r = { by, shape, fill };
          g_array_append_val (legend_labels, r);
        }
      g_autofree char *label = node_label (g, nodes[i]);
      g_string_append_printf (out, "  n%u [label=", i);
      kg_dot_quote (out, label);
      g_string_append_printf (out, ", shape=\"%s\", fillcolor=\"%s\"", shape, fill);
      if (opts->highlight_paths && g_hash_table_contains (sg->path_nodes, KEY (nodes[i])))
        g_string_append (out, ", color=\"#d62728\", penwidth=\"2.5\"");
      g_string_append (out, "];\n");
    }

  g_autoptr (GHashTable) type_colour = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean any_conflict = FALSE, any_inferred = FALSE;
  KgSymbol k_inferred = kg_graph_lookup (g, KG_SYM_KEY, "inferred");
  for (guint i = 0; i < kept_edges; i++)
    {
      KgEdgeId e = draw[i];
      guint a = GPOINTER_TO_UINT (g_hash_table_lookup (index, KEY (kg_graph_edge_src (g, e))));
      guint b = GPOINTER_TO_UINT (g_hash_table_lookup (index, KEY (kg_graph_edge_dst (g, e))));
      const char *type = kg_graph_symbol_name (g, KG_SYM_TYPE, kg_graph_edge_type (g, e));
      gboolean conflict = g_hash_table_contains (sg->conflicts, KEY (e));
      gboolean on_path = opts->highlight_paths && g_hash_table_contains (sg->path_edges, KEY (e));

      g_autoptr (GString) label = g_string_new (NULL);
      if (conflict)
        g_string_append (label, "conflict: ");
      g_string_append (label, type);
      const KgValue *sources = edge_prop (g, e, "sources");
      if (sources != NULL && sources->type != KG_VALUE_NULL)
        {
          g_string_append (label, "\n[");
          append_plain (label, sources);
          g_string_append_c (label, ']');
        }

      g_string_append_printf (out, "  n%u -> n%u [label=", a, b);
      kg_dot_quote (out, label->str);
      /* Colours go to types in order of first appearance, so a picture's types differ. */
      gpointer slot = NULL;
      if (!g_hash_table_lookup_extended (type_colour, type, NULL, &slot))
        {
          slot = GUINT_TO_POINTER (g_hash_table_size (type_colour) % G_N_ELEMENTS (edge_palette));
          g_hash_table_insert (type_colour, (gpointer) type, slot);
          LegendRow r = { type, NULL, edge_palette[GPOINTER_TO_UINT (slot)] };
          g_array_append_val (legend_types, r);
        }
      const char *colour = edge_palette[GPOINTER_TO_UINT (slot)];
      const KgValue *inf = k_inferred != KG_NONE ? kg_graph_edge_prop (g, e, k_inferred) : NULL;
      gboolean inferred = inf != NULL && inf->type == KG_VALUE_BOOL && inf->u.b;
      any_conflict |= conflict;
      any_inferred |= inferred;
      if (conflict)
        g_string_append (out, ", color=\"#dc2626\", fontcolor=\"#dc2626\", style=\"dashed\", "
                              "penwidth=\"2.5\"");
      else if (on_path)
        g_string_append (out, ", color=\"#d62728\", fontcolor=\"#d62728\", penwidth=\"3\"");
      else
        g_string_append_printf (out, ", color=\"%s\", fontcolor=\"%s\"", colour, colour);
      if (inferred && !conflict)
        g_string_append (out, ", style=\"dotted\"");
      const KgValue *evidence = edge_prop (g, e, "evidence");
      if (evidence != NULL && evidence->type != KG_VALUE_NULL)
        {
          g_autoptr (GString) tip = g_string_new (NULL);
          append_plain (tip, evidence);
          g_string_append (out, ", tooltip=");
          kg_dot_quote (out, tip->str);
        }
      g_string_append (out, "];\n");
    }
  if (!opts->no_legend && kept_nodes > 0)
    append_legend (out, legend_labels, legend_types, any_conflict, any_inferred);
  g_string_append (out, "}\n");

  if (stats != NULL)
    {
      stats->nodes = kept_nodes;
      stats->edges = kept_edges;
      stats->nodes_dropped = n_nodes - kept_nodes;
      stats->edges_dropped = dropped_edges;
    }
  return g_string_free (out, FALSE);
}
