/* loader/graphml.c — GraphML in through libxml2, as kg_export_graphml(), APOC, networkx,
 * igraph, Gephi and yEd write it (docs/formats.md).
 *
 * The whole document is parsed first (no network, no external entities or DTDs, the
 * parser's own limits on depth and entity expansion), then checked and mapped, so a bad
 * file loads nothing; messages read "FILE:LINE: reason" with libxml2's line. Keys give
 * each <data> its type (attr.type, and kgq:datatype for what kgq wrote as text) and
 * their <default>s; the node key `labels` (":A:B") gives labels and the edge key
 * `label` the relationship type (RELATED when an edge has none). Nodes and edges of
 * every top-level <graph> are read in document order; nested graphs, hyperedges and
 * ports are refused.
 */
#include "loader/formats.h"

#include <errno.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#include "loader/loader-private.h"
#include "loader/rdf-vocab.h"

#define KGQ_NS "urn:kgq:graphml"

typedef struct
{
  char *name;
  char *type;       /* attr.type */
  char *dtype;      /* kgq:datatype or NULL */
  gboolean is_node; /* for="node" (or "all") */
  gboolean is_edge;
  xmlNode *dflt; /* <default>, or NULL */
} GKey;

static void
gkey_free (gpointer p)
{
  GKey *k = p;
  g_free (k->name);
  g_free (k->type);
  g_free (k->dtype);
  g_free (k);
}

typedef struct
{
  const char *name; /* the file, for messages */
  GHashTable *keys; /* id -> GKey */
  GHashTable *ids;  /* node id -> index + 1 */
  GPtrArray *nodes; /* xmlNode * <node> */
  GPtrArray *edges; /* xmlNode * <edge> */
} GRead;

static gboolean G_GNUC_PRINTF (4, 5)
    fail (GError **error, const GRead *r, const xmlNode *at, const char *format, ...)
{
  va_list ap;
  va_start (ap, format);
  g_autofree char *reason = g_strdup_vprintf (format, ap);
  va_end (ap);
  g_set_error (error, KG_LOAD_ERROR, KG_LOAD_ERROR_INVALID, "%s:%ld: %s", r->name, at != NULL ? xmlGetLineNo (at) : 0L, reason);
  return FALSE;
}

static gboolean
is (const xmlNode *n, const char *name)
{
  return n->type == XML_ELEMENT_NODE && strcmp ((const char *) n->name, name) == 0;
}

/* An attribute's value (transfer full), or NULL. */
static char *
attr (const xmlNode *n, const char *name)
{
  xmlChar *v = xmlGetNoNsProp (n, (const xmlChar *) name);
  char *s = v != NULL ? g_strdup ((const char *) v) : NULL;
  xmlFree (v);
  return s;
}

static char *
text_of (const xmlNode *n)
{
  xmlChar *v = xmlNodeGetContent (n);
  char *s = g_strdup (v != NULL ? (const char *) v : "");
  xmlFree (v);
  return s;
}

/* --- Values --------------------------------------------------------------------- */

static gboolean
data_value (const GKey *k, const char *text, KgValue *out)
{
  if (k->dtype != NULL)
    return kg_rdf_typed_value (text, k->dtype, out);
  const char *t = k->type != NULL ? k->type : "string";
  if (strcmp (t, "string") == 0)
    {
      *out = kg_value_string (text);
      return TRUE;
    }
  g_autofree char *s = g_strstrip (g_strdup (text));
  if (strcmp (t, "boolean") == 0)
    {
      if (g_ascii_strcasecmp (s, "true") == 0 || strcmp (s, "1") == 0)
        *out = kg_value_bool (TRUE);
      else if (g_ascii_strcasecmp (s, "false") == 0 || strcmp (s, "0") == 0)
        *out = kg_value_bool (FALSE);
      else
        return FALSE;
      return TRUE;
    }
  if (strcmp (t, "int") == 0 || strcmp (t, "long") == 0)
    return kg_rdf_typed_value (s, KG_XSD "long", out);
  if (strcmp (t, "float") == 0 || strcmp (t, "double") == 0)
    {
      /* networkx writes inf and nan as Python prints them. */
      if (g_ascii_strcasecmp (s, "inf") == 0 || g_ascii_strcasecmp (s, "infinity") == 0)
        g_strlcpy (s, "INF", strlen (s) + 1);
      else if (g_ascii_strcasecmp (s, "-inf") == 0 || g_ascii_strcasecmp (s, "-infinity") == 0)
        g_strlcpy (s, "-INF", strlen (s) + 1);
      else if (g_ascii_strcasecmp (s, "nan") == 0)
        g_strlcpy (s, "NaN", strlen (s) + 1);
      return kg_rdf_typed_value (s, KG_XSD "double", out);
    }
  return FALSE;
}

/* Labels from ":A:B" (backslash escapes ':' and '\' in a name). */
static char **
split_labels (const char *text)
{
  GPtrArray *labels = g_ptr_array_new ();
  GString *cur = g_string_new (NULL);
  for (const char *p = text;; p++)
    {
      if (*p == ':' || *p == '\0')
        {
          if (cur->len > 0)
            g_ptr_array_add (labels, g_strdup (cur->str));
          g_string_truncate (cur, 0);
          if (*p == '\0')
            break;
          continue;
        }
      if (*p == '\\' && p[1] != '\0')
        p++;
      g_string_append_c (cur, *p);
    }
  g_string_free (cur, TRUE);
  g_ptr_array_add (labels, NULL);
  return (char **) g_ptr_array_free (labels, FALSE);
}

/* --- Reading -------------------------------------------------------------------- */

static gboolean
read_key (GRead *r, xmlNode *n, GError **error)
{
  g_autofree char *id = attr (n, "id");
  if (id == NULL)
    return fail (error, r, n, "<key> without an id");
  if (g_hash_table_contains (r->keys, id))
    return fail (error, r, n, "key \"%s\" defined twice", id);
  GKey *k = g_new0 (GKey, 1);
  g_autofree char *dom = attr (n, "for");
  k->name = attr (n, "attr.name");
  if (k->name == NULL)
    k->name = g_strdup (id);
  k->type = attr (n, "attr.type");
  xmlChar *dt = xmlGetNsProp (n, (const xmlChar *) "datatype", (const xmlChar *) KGQ_NS);
  k->dtype = dt != NULL ? g_strdup ((const char *) dt) : NULL;
  xmlFree (dt);
  k->is_node = dom == NULL || strcmp (dom, "node") == 0 || strcmp (dom, "all") == 0;
  k->is_edge = dom == NULL || strcmp (dom, "edge") == 0 || strcmp (dom, "all") == 0;
  for (xmlNode *c = n->children; c != NULL; c = c->next)
    if (is (c, "default"))
      k->dflt = c;
  g_hash_table_insert (r->keys, g_steal_pointer (&id), k);
  static const char *const types[] = { "boolean", "int", "long", "float", "double", "string", NULL };
  if (k->type != NULL && !g_strv_contains (types, k->type))
    return fail (error, r, n, "key attr.type \"%s\" is not boolean, int, long, float, double or string", k->type);
  return TRUE;
}

static gboolean
read_graph (GRead *r, xmlNode *g, GError **error)
{
  for (xmlNode *c = g->children; c != NULL; c = c->next)
    {
      if (is (c, "node"))
        {
          for (xmlNode *sub = c->children; sub != NULL; sub = sub->next)
            if (is (sub, "graph") || is (sub, "port"))
              return fail (error, r, sub, "nested graphs and ports are not supported");
          g_autofree char *id = attr (c, "id");
          if (id == NULL)
            return fail (error, r, c, "<node> without an id");
          if (g_hash_table_contains (r->ids, id))
            return fail (error, r, c, "node id \"%s\" used twice", id);
          g_ptr_array_add (r->nodes, c);
          g_hash_table_insert (r->ids, g_steal_pointer (&id), GUINT_TO_POINTER (r->nodes->len));
        }
      else if (is (c, "edge"))
        g_ptr_array_add (r->edges, c);
      else if (is (c, "hyperedge"))
        return fail (error, r, c, "hyperedges are not supported");
    }
  return TRUE;
}

/* The properties, labels and type of a <node> or <edge> (defaults first). */
typedef struct
{
  KgMap *props;
  char **labels;
  char *type;
} Item;

static gboolean
read_item (GRead *r, xmlNode *el, gboolean is_node, Item *item, GError **error)
{
  item->props = kg_map_new (0);
  /* Defaults of the keys for this kind, then the element's own <data>. */
  GHashTableIter it;
  gpointer id, val;
  g_autoptr (GPtrArray) datas = g_ptr_array_new ();
  g_autoptr (GPtrArray) dkeys = g_ptr_array_new ();
  g_hash_table_iter_init (&it, r->keys);
  while (g_hash_table_iter_next (&it, &id, &val))
    {
      GKey *k = val;
      if (k->dflt != NULL && (is_node ? k->is_node : k->is_edge))
        {
          g_ptr_array_add (datas, k->dflt);
          g_ptr_array_add (dkeys, k);
        }
    }
  for (xmlNode *c = el->children; c != NULL; c = c->next)
    {
      if (!is (c, "data"))
        continue;
      g_autofree char *kid = attr (c, "key");
      GKey *k = kid != NULL ? g_hash_table_lookup (r->keys, kid) : NULL;
      if (k == NULL)
        return fail (error, r, c, "<data> names no declared key (\"%s\")", kid != NULL ? kid : "");
      g_ptr_array_add (datas, c);
      g_ptr_array_add (dkeys, k);
    }
  for (guint i = 0; i < datas->len; i++)
    {
      GKey *k = dkeys->pdata[i];
      g_autofree char *text = text_of (datas->pdata[i]);
      gboolean apoc = k->dtype == NULL && k->type != NULL && strcmp (k->type, "string") == 0;
      if (is_node && (g_strcmp0 (k->dtype, KG_RDF_TYPE "labels") == 0 || (apoc && strcmp (k->name, "labels") == 0)))
        {
          g_strfreev (item->labels);
          item->labels = split_labels (text);
          continue;
        }
      if (!is_node && (g_strcmp0 (k->dtype, KG_RDF_TYPE "type") == 0 || (apoc && strcmp (k->name, "label") == 0)))
        {
          g_free (item->type);
          item->type = g_strdup (text);
          continue;
        }
      KgValue v = KG_VALUE_INIT;
      if (!data_value (k, text, &v))
        return fail (error, r, datas->pdata[i], "value \"%.40s\" of key \"%s\" is not a %s", text, k->name,
                     k->dtype != NULL ? k->dtype : k->type);
      kg_map_set (item->props, k->name, &v);
    }
  return TRUE;
}

static void
item_clear (Item *item)
{
  g_clear_pointer (&item->props, kg_map_unref);
  g_clear_pointer (&item->labels, g_strfreev);
  g_clear_pointer (&item->type, g_free);
}

static void
set_props (KgGraph *g, guint32 id, gboolean is_node, const KgMap *props)
{
  for (guint i = 0; i < props->len; i++)
    {
      KgSymbol key = kg_graph_intern (g, KG_SYM_KEY, props->keys[i]);
      if (is_node)
        kg_graph_node_set_prop (g, id, key, &props->vals[i]);
      else
        kg_graph_edge_set_prop (g, id, key, &props->vals[i]);
    }
}

static gboolean
map_document (GRead *r, xmlNode *root, KgGraph *graph, KgImportStats *stats, GError **error)
{
  if (root == NULL || !is (root, "graphml"))
    return fail (error, r, root, "the root element is not <graphml>");
  for (xmlNode *c = root->children; c != NULL; c = c->next)
    if (is (c, "key") && !read_key (r, c, error))
      return FALSE;
  for (xmlNode *c = root->children; c != NULL; c = c->next)
    if (is (c, "graph") && !read_graph (r, c, error))
      return FALSE;

  guint nn = r->nodes->len, ne = r->edges->len;
  Item *items = g_new0 (Item, nn + ne);
  guint *ends = g_new (guint, 2 * MAX (ne, 1));
  gboolean ok = TRUE;
  for (guint i = 0; ok && i < nn; i++)
    ok = read_item (r, r->nodes->pdata[i], TRUE, &items[i], error);
  for (guint i = 0; ok && i < ne; i++)
    {
      xmlNode *el = r->edges->pdata[i];
      for (int k = 0; ok && k < 2; k++)
        {
          g_autofree char *end = attr (el, k == 0 ? "source" : "target");
          gpointer idx = end != NULL ? g_hash_table_lookup (r->ids, end) : NULL;
          if (idx == NULL)
            ok = fail (error, r, el, "edge %s \"%s\" is not a node", k == 0 ? "source" : "target", end != NULL ? end : "");
          else
            ends[2 * i + k] = GPOINTER_TO_UINT (idx) - 1;
        }
      ok = ok && read_item (r, el, FALSE, &items[nn + i], error);
    }
  if (ok)
    {
      g_autofree KgNodeId *ids = g_new (KgNodeId, MAX (nn, 1));
      kg_graph_reserve (graph, nn, ne);
      kg_graph_bulk_begin (graph);
      for (guint i = 0; i < nn; i++)
        {
          ids[i] = kg_graph_add_node (graph);
          for (char **l = items[i].labels; l != NULL && *l != NULL; l++)
            kg_graph_node_add_label (graph, ids[i], kg_graph_intern (graph, KG_SYM_LABEL, *l));
          set_props (graph, ids[i], TRUE, items[i].props);
        }
      for (guint i = 0; i < ne; i++)
        {
          Item *it = &items[nn + i];
          const char *type = it->type != NULL && *it->type != '\0' ? it->type : "RELATED";
          KgEdgeId e = kg_graph_add_edge (graph, ids[ends[2 * i]], ids[ends[2 * i + 1]], kg_graph_intern (graph, KG_SYM_TYPE, type));
          set_props (graph, e, FALSE, it->props);
        }
      kg_graph_bulk_end (graph);
      if (stats != NULL)
        {
          stats->nodes = nn;
          stats->relationships = ne;
        }
    }
  for (guint i = 0; i < nn + ne; i++)
    item_clear (&items[i]);
  g_free (items);
  g_free (ends);
  return ok;
}

/* --- Entry points --------------------------------------------------------------- */

static gboolean
load (KgGraph *graph, const char *name, const char *path, const char *data, gsize len, KgImportStats *stats, GError **error)
{
  if (path == NULL && len > (gsize) G_MAXINT)
    {
      g_set_error (error, KG_LOAD_ERROR, KG_LOAD_ERROR_PARSE, "%s:0: larger than 2 GiB", name);
      return FALSE;
    }
  xmlParserCtxtPtr ctxt = xmlNewParserCtxt ();
  /* No network, no DTD loading, no entity substitution; errors only through @ctxt. */
  int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;
  xmlDocPtr doc = path != NULL ? xmlCtxtReadFile (ctxt, path, NULL, options)
                               : xmlCtxtReadMemory (ctxt, data, (int) len, name, NULL, options);
  gboolean ok;
  if (doc == NULL || !ctxt->wellFormed)
    {
      const xmlError *e = xmlCtxtGetLastError (ctxt);
      g_autofree char *msg = g_strchomp (g_strdup (e != NULL && e->message != NULL ? e->message : "not well-formed XML"));
      g_set_error (error, KG_LOAD_ERROR, KG_LOAD_ERROR_PARSE, "%s:%d:%d: %s", name, e != NULL ? e->line : 0, e != NULL ? e->int2 : 0, msg);
      ok = FALSE;
    }
  else
    {
      GRead r = { name, g_hash_table_new_full (g_str_hash, g_str_equal, g_free, gkey_free),
                  g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL), g_ptr_array_new (), g_ptr_array_new () };
      ok = map_document (&r, xmlDocGetRootElement (doc), graph, stats, error);
      g_hash_table_unref (r.keys);
      g_hash_table_unref (r.ids);
      g_ptr_array_unref (r.nodes);
      g_ptr_array_unref (r.edges);
    }
  xmlFreeDoc (doc);
  xmlFreeParserCtxt (ctxt);
  return ok;
}

gboolean
kg_import_graphml (KgGraph *graph, const char *path, KgImportStats *stats, GError **error)
{
  g_return_val_if_fail (graph != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT, "%s: %s", path, g_strerror (ENOENT));
      return FALSE;
    }
  return load (graph, path, path, NULL, 0, stats, error);
}

gboolean
kg_import_graphml_data (KgGraph *graph, const char *name, const char *data, gsize len, KgImportStats *stats, GError **error)
{
  g_return_val_if_fail (graph != NULL, FALSE);
  return load (graph, name != NULL ? name : "<data>", NULL, data != NULL ? data : "", len, stats, error);
}
