/* export/graphml.c — the graph as GraphML, readable by networkx, igraph, Gephi and yEd
 * and read back exactly by loader/graphml.c (docs/formats.md).
 *
 * One <key> per property name, element kind (node or edge) and value class, so that a
 * key's attr.type fits all its values: booleans `boolean`, integers `long`, floats
 * `double`, strings `string`. Values GraphML has no type for (dates and other temporal
 * values, lists, maps, and strings holding characters XML 1.0 cannot carry) are
 * `string` keys with a `kgq:datatype` attribute naming the RDF datatype of their text
 * (export/rdf.c's literals), which other readers ignore. Labels are the node key
 * `labels` (":A:B", as APOC writes them) and relationship types the edge key `label`.
 * Nodes are n<ID>, relationships e<ID>, in id order; parallel relationships are separate
 * edges. The text is built by hand, with XML escaping, so output is byte-stable.
 *
 * It reads the graph and writes to the FILE it is given.
 */
#include "export/formats.h"

#include <string.h>

#include "export/export-private.h"
#include "loader/rdf-vocab.h"

typedef struct
{
  char *id;          /* k0, k1, ... */
  gboolean is_node;  /* for="node" or "edge" */
  char *name;        /* attr.name */
  const char *type;  /* attr.type */
  const char *dtype; /* kgq:datatype, or NULL */
} Key;

static void
key_free (gpointer p)
{
  Key *k = p;
  g_free (k->id);
  g_free (k->name);
  g_free (k);
}

/* Whether every character of @s may appear in XML 1.0 text. */
static gboolean
xml_safe (const char *s)
{
  for (const guchar *p = (const guchar *) s; *p != '\0'; p++)
    if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
      return FALSE;
  /* U+FFFE and U+FFFF are not XML characters either. */
  return strstr (s, "\xef\xbf\xbe") == NULL && strstr (s, "\xef\xbf\xbf") == NULL;
}

/* The GraphML text of @v, its attr.type and (when GraphML has no type for it) its
 * datatype IRI. */
static void
value_text (const KgValue *v, GString *text, const char **type, const char **dtype)
{
  *dtype = NULL;
  switch (v->type)
    {
    case KG_VALUE_BOOL:
      *type = "boolean";
      break;
    case KG_VALUE_INT:
      *type = "long";
      break;
    case KG_VALUE_FLOAT:
      *type = "double";
      break;
    case KG_VALUE_STRING:
      *type = "string";
      if (xml_safe (v->u.s))
        {
          g_string_assign (text, v->u.s);
          return;
        }
      break;
    default:
      *type = "string";
      break;
    }
  const char *dt = NULL;
  if (v->type != KG_VALUE_STRING && kg_rdf_literal (v, text, &dt))
    {
      if (v->type != KG_VALUE_BOOL && v->type != KG_VALUE_INT && v->type != KG_VALUE_FLOAT)
        *dtype = dt;
      return;
    }
  g_string_truncate (text, 0);
  kg_export_json_value (text, v);
  *dtype = KG_RDF_TYPE "json";
}

typedef struct
{
  const KgGraph *g;
  GPtrArray *keys;    /* Key *, in order of first use */
  GHashTable *key_of; /* "n|e" name "\1" type "\1" dtype -> Key * */
  GString *text;      /* scratch */
} GraphmlOut;

static Key *
key_for (GraphmlOut *o, gboolean is_node, const char *name, const char *type, const char *dtype)
{
  g_autofree char *sig = g_strdup_printf ("%c%s\1%s\1%s", is_node ? 'n' : 'e', name, type, dtype != NULL ? dtype : "");
  Key *k = g_hash_table_lookup (o->key_of, sig);
  if (k != NULL)
    return k;
  k = g_new0 (Key, 1);
  k->id = g_strdup_printf ("k%u", o->keys->len);
  k->is_node = is_node;
  k->name = g_strdup (name);
  k->type = type;
  k->dtype = dtype;
  g_ptr_array_add (o->keys, k);
  g_hash_table_insert (o->key_of, g_steal_pointer (&sig), k);
  return k;
}

/* Appends `<data key="...">text</data>` for every property of @id, making keys as needed. */
static void
append_data (GraphmlOut *o, GString *out, guint32 id, gboolean is_node)
{
  guint n = 0;
  g_autofree KgExportProp *props = kg_export_sorted_props (o->g, id, is_node, &n);
  for (guint i = 0; i < n; i++)
    {
      const char *type, *dtype;
      g_string_truncate (o->text, 0);
      value_text (props[i].value, o->text, &type, &dtype);
      Key *k = key_for (o, is_node, props[i].name, type, dtype);
      g_string_append_printf (out, "      <data key=\"%s\">", k->id);
      kg_export_markup_escape (out, o->text->str, KG_ESCAPE_WHITESPACE_REFS);
      g_string_append (out, "</data>\n");
    }
}

/* Appends ":A:B" with ':' and '\' in a name escaped by a backslash. */
static void
append_labels (GString *out, const KgGraph *g, KgNodeId node)
{
  guint n = 0;
  const KgSymbol *labels = kg_graph_node_labels (g, node, &n);
  for (guint i = 0; i < n; i++)
    {
      g_string_append_c (out, ':');
      for (const char *p = kg_graph_symbol_name (g, KG_SYM_LABEL, labels[i]); *p != '\0'; p++)
        {
          if (*p == ':' || *p == '\\')
            g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
        }
    }
}

gboolean
kg_export_graphml (const KgGraph *graph, FILE *out, GError **error)
{
  g_return_val_if_fail (graph != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  GraphmlOut o = { graph, g_ptr_array_new_with_free_func (key_free), g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL), g_string_new (NULL) };

  /* The body first: it decides which keys exist, and they must come before it. */
  g_autoptr (GString) body = g_string_sized_new (4096);
  g_autoptr (GString) labels = g_string_new (NULL);
  Key *labels_key = key_for (&o, TRUE, "labels", "string", KG_RDF_TYPE "labels");
  Key *type_key = key_for (&o, FALSE, "label", "string", KG_RDF_TYPE "type");
  KgNodeIter it;
  KgNodeId n;
  kg_graph_nodes_init (graph, KG_NONE, &it);
  while (kg_node_iter_next (&it, &n))
    {
      g_string_append_printf (body, "    <node id=\"n%u\">\n", n);
      g_string_truncate (labels, 0);
      append_labels (labels, graph, n);
      if (labels->len > 0)
        {
          g_string_append_printf (body, "      <data key=\"%s\">", labels_key->id);
          kg_export_markup_escape (body, labels->str, KG_ESCAPE_WHITESPACE_REFS);
          g_string_append (body, "</data>\n");
        }
      append_data (&o, body, n, TRUE);
      g_string_append (body, "    </node>\n");
    }
  KgEdgeIter eit;
  KgEdgeId e;
  kg_graph_edges_init (graph, KG_NONE, &eit);
  while (kg_edge_iter_next (&eit, &e))
    {
      g_string_append_printf (body, "    <edge id=\"e%u\" source=\"n%u\" target=\"n%u\">\n      <data key=\"%s\">", e,
                              kg_graph_edge_src (graph, e), kg_graph_edge_dst (graph, e), type_key->id);
      kg_export_markup_escape (body, kg_graph_symbol_name (graph, KG_SYM_TYPE, kg_graph_edge_type (graph, e)), KG_ESCAPE_WHITESPACE_REFS);
      g_string_append (body, "</data>\n");
      append_data (&o, body, e, FALSE);
      g_string_append (body, "    </edge>\n");
    }

  g_autoptr (GString) head = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                           "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
                                           "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                                           "xmlns:kgq=\"urn:kgq:graphml\" "
                                           "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
                                           "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n");
  for (guint i = 0; i < o.keys->len; i++)
    {
      Key *k = g_ptr_array_index (o.keys, i);
      g_string_append_printf (head, "  <key id=\"%s\" for=\"%s\" attr.name=\"", k->id, k->is_node ? "node" : "edge");
      kg_export_markup_escape (head, k->name, KG_ESCAPE_WHITESPACE_REFS);
      g_string_append_printf (head, "\" attr.type=\"%s\"", k->type);
      if (k->dtype != NULL)
        g_string_append_printf (head, " kgq:datatype=\"%s\"", k->dtype);
      g_string_append (head, "/>\n");
    }
  g_string_append (head, "  <graph id=\"G\" edgedefault=\"directed\">\n");
  g_string_append (body, "  </graph>\n</graphml>\n");

  gboolean ok = kg_export_put (out, head, error) && kg_export_put (out, body, error) && kg_export_flush (out, error);
  g_ptr_array_unref (o.keys);
  g_hash_table_unref (o.key_of);
  g_string_free (o.text, TRUE);
  return ok;
}
