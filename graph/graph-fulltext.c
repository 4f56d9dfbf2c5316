/* graph/graph-fulltext.c — the store's full-text indexes: their definitions, building
 * them, and keeping them in step with every write.
 *
 * A full-text index covers the nodes that carry any of its labels (or the relationships
 * of any of its types) and some of their properties, one field per property; the
 * contents are a KgFtIndex (fulltext/), whose documents are node or relationship ids.
 * graph.c calls the hooks below from the few places every write passes through
 * (node_prop_put, edge_prop_put, label_insert, label_remove_at), including the writes a
 * rollback replays, so the index follows CREATE, SET, REMOVE, DELETE and their undoing
 * without an undo log of its own. A definition is also a KgValue list
 * [name, relationships, [labels or types], [keys], language]: the form undo, redo
 * records and snapshots keep, by names so it applies to any graph.
 *
 * Not here: the undo and redo entries of creating and dropping (graph.c), querying
 * (fulltext/ and the engine's procedures).
 */
#include "graph/graph-private.h"

#include <string.h>

static void
fulltext_free (gpointer p)
{
  KgFulltext *ft = p;
  g_free (ft->name);
  g_array_unref (ft->tokens);
  g_array_unref (ft->keys);
  g_free (ft->language);
  kg_ft_index_free (ft->index);
  g_free (ft);
}

GPtrArray *
kg_graph_ft_list_new (void)
{
  return g_ptr_array_new_with_free_func (fulltext_free);
}

static gboolean
has_symbol (const GArray *a, KgSymbol s)
{
  for (guint i = 0; i < a->len; i++)
    if (g_array_index (a, KgSymbol, i) == s)
      return TRUE;
  return FALSE;
}

/* The field of @key in @ft, or -1. */
static int
field_of (const KgFulltext *ft, KgSymbol key)
{
  for (guint i = 0; i < ft->keys->len; i++)
    if (g_array_index (ft->keys, KgSymbol, i) == key)
      return (int) i;
  return -1;
}

/* How many of @node's labels @ft covers. */
static guint
covered_labels (const KgGraph *g, const KgFulltext *ft, KgNodeId node)
{
  guint n = 0, count = 0;
  const KgSymbol *labels = kg_graph_node_labels (g, node, &n);
  for (guint i = 0; i < n; i++)
    count += has_symbol (ft->tokens, labels[i]);
  return count;
}

/* Adds (or removes) every covered property of document @id. */
static void
doc_update (const KgGraph *g, KgFulltext *ft, guint32 id, gboolean add)
{
  for (guint f = 0; f < ft->keys->len; f++)
    {
      KgSymbol key = g_array_index (ft->keys, KgSymbol, f);
      const KgValue *v = ft->relationships ? kg_graph_edge_prop (g, id, key) : kg_graph_node_prop (g, id, key);
      if (v == NULL)
        continue;
      if (add)
        kg_ft_index_add (ft->index, id, f, v);
      else
        kg_ft_index_remove (ft->index, id, f, v);
    }
}

/* --- Hooks (graph.c) ---------------------------------------------------------------- */

void
kg_graph_ft_node_prop (KgGraph *g, KgNodeId node, KgSymbol key, const KgValue *old, const KgValue *val)
{
  for (guint i = 0; i < g->fulltext->len; i++)
    {
      KgFulltext *ft = g_ptr_array_index (g->fulltext, i);
      int f = field_of (ft, key);
      if (ft->relationships || f < 0 || covered_labels (g, ft, node) == 0)
        continue;
      if (old != NULL && old->type != KG_VALUE_NULL)
        kg_ft_index_remove (ft->index, node, f, old);
      if (val != NULL && val->type != KG_VALUE_NULL)
        kg_ft_index_add (ft->index, node, f, val);
    }
}

void
kg_graph_ft_edge_prop (KgGraph *g, KgEdgeId e, KgSymbol key, const KgValue *old, const KgValue *val)
{
  for (guint i = 0; i < g->fulltext->len; i++)
    {
      KgFulltext *ft = g_ptr_array_index (g->fulltext, i);
      int f = field_of (ft, key);
      if (!ft->relationships || f < 0 || !has_symbol (ft->tokens, kg_graph_edge_type (g, e)))
        continue;
      if (old != NULL && old->type != KG_VALUE_NULL)
        kg_ft_index_remove (ft->index, e, f, old);
      if (val != NULL && val->type != KG_VALUE_NULL)
        kg_ft_index_add (ft->index, e, f, val);
    }
}

void
kg_graph_ft_node_label (KgGraph *g, KgNodeId node, KgSymbol label, gboolean added)
{
  for (guint i = 0; i < g->fulltext->len; i++)
    {
      KgFulltext *ft = g_ptr_array_index (g->fulltext, i);
      /* the node enters (or leaves) the index only with its first (or last) covered label */
      if (!ft->relationships && has_symbol (ft->tokens, label) && covered_labels (g, ft, node) == 1)
        doc_update (g, ft, node, added);
    }
}

/* --- Definitions ------------------------------------------------------------------ */

KgFulltext *
kg_graph_ft_build (KgGraph *g, const char *name, gboolean relationships, const KgSymbol *tokens, guint n_tokens, const KgSymbol *keys, guint n_keys, const char *language, GError **error)
{
  /* callers pass distinct names; repeats would index a value twice */
  for (guint i = 0; i < n_tokens; i++)
    for (guint j = 0; j < i; j++)
      g_return_val_if_fail (tokens[i] != tokens[j], NULL);
  for (guint i = 0; i < n_keys; i++)
    for (guint j = 0; j < i; j++)
      g_return_val_if_fail (keys[i] != keys[j], NULL);
  g_autoptr (GPtrArray) fields = g_ptr_array_new ();
  for (guint i = 0; i < n_keys; i++)
    g_ptr_array_add (fields, (gpointer) kg_graph_symbol_name (g, KG_SYM_KEY, keys[i]));
  KgFtIndex *index = kg_ft_index_new ((const char *const *) fields->pdata, n_keys, language, error);
  if (index == NULL)
    return NULL;
  KgFulltext *ft = g_new0 (KgFulltext, 1);
  ft->name = g_strdup (name);
  ft->relationships = relationships;
  ft->tokens = g_array_new (FALSE, FALSE, sizeof (KgSymbol));
  g_array_append_vals (ft->tokens, tokens, n_tokens);
  ft->keys = g_array_new (FALSE, FALSE, sizeof (KgSymbol));
  g_array_append_vals (ft->keys, keys, n_keys);
  ft->language = g_strdup (language);
  ft->index = index;
  g_ptr_array_add (g->fulltext, ft);
  if (relationships)
    for (guint t = 0; t < n_tokens; t++)
      {
        KgEdgeIter it;
        KgEdgeId e;
        kg_graph_edges_init (g, tokens[t], &it);
        while (kg_edge_iter_next (&it, &e))
          doc_update (g, ft, e, TRUE);
      }
  else
    for (guint t = 0; t < n_tokens; t++)
      {
        KgNodeIter it;
        KgNodeId n;
        kg_graph_nodes_init (g, tokens[t], &it);
        while (kg_node_iter_next (&it, &n))
          {
            /* a node with several covered labels is indexed under the first of them */
            guint nl = 0;
            const KgSymbol *labels = kg_graph_node_labels (g, n, &nl);
            guint first = G_MAXUINT;
            for (guint k = 0; k < n_tokens && first == G_MAXUINT; k++)
              for (guint l = 0; l < nl; l++)
                if (labels[l] == tokens[k])
                  {
                    first = k;
                    break;
                  }
            if (first == t)
              doc_update (g, ft, n, TRUE);
          }
      }
  return ft;
}

int
kg_graph_ft_find (const KgGraph *g, const char *name)
{
  for (guint i = 0; i < g->fulltext->len; i++)
    if (strcmp (((KgFulltext *) g_ptr_array_index (g->fulltext, i))->name, name) == 0)
      return (int) i;
  return -1;
}

static KgValue
names_list (const KgGraph *g, KgSymbolKind kind, const GArray *syms)
{
  KgList *l = kg_list_new (syms->len);
  for (guint i = 0; i < syms->len; i++)
    {
      KgValue v = kg_value_string (kg_graph_symbol_name (g, kind, g_array_index (syms, KgSymbol, i)));
      kg_list_append (l, &v);
    }
  return kg_value_list (l);
}

KgValue
kg_graph_ft_definition (const KgGraph *g, const KgFulltext *ft)
{
  KgList *l = kg_list_new (5);
  KgValue items[5] = {
    kg_value_string (ft->name),
    kg_value_bool (ft->relationships),
    names_list (g, ft->relationships ? KG_SYM_TYPE : KG_SYM_LABEL, ft->tokens),
    names_list (g, KG_SYM_KEY, ft->keys),
    kg_value_string (ft->language),
  };
  for (guint i = 0; i < 5; i++)
    kg_list_append (l, &items[i]);
  return kg_value_list (l);
}

/* The symbols of a list of names, interned; FALSE if it is not a non-empty list of strings. */
static gboolean
intern_names (KgGraph *g, KgSymbolKind kind, const KgValue *v, GArray *out)
{
  if (v->type != KG_VALUE_LIST || v->u.list->len == 0 || v->u.list->len > G_MAXUINT16)
    return FALSE;
  for (guint i = 0; i < v->u.list->len; i++)
    {
      const KgValue *s = &v->u.list->items[i];
      if (s->type != KG_VALUE_STRING)
        return FALSE;
      KgSymbol sym = kg_graph_intern (g, kind, s->u.s);
      if (has_symbol (out, sym))
        return FALSE;
      g_array_append_val (out, sym);
    }
  return TRUE;
}

KgFulltext *
kg_graph_ft_build_from (KgGraph *g, const KgValue *def, GError **error)
{
  const KgList *l = def->type == KG_VALUE_LIST ? def->u.list : NULL;
  if (l == NULL || l->len != 5 || l->items[0].type != KG_VALUE_STRING || l->items[1].type != KG_VALUE_BOOL ||
      l->items[4].type != KG_VALUE_STRING)
    {
      g_set_error (error, KG_GRAPH_ERROR, KG_GRAPH_ERROR_SNAPSHOT, "malformed full-text index definition");
      return NULL;
    }
  gboolean rel = l->items[1].u.b;
  g_autoptr (GArray) tokens = g_array_new (FALSE, FALSE, sizeof (KgSymbol));
  g_autoptr (GArray) keys = g_array_new (FALSE, FALSE, sizeof (KgSymbol));
  if (!intern_names (g, rel ? KG_SYM_TYPE : KG_SYM_LABEL, &l->items[2], tokens) ||
      !intern_names (g, KG_SYM_KEY, &l->items[3], keys) || kg_graph_ft_find (g, l->items[0].u.s) >= 0)
    {
      g_set_error (error, KG_GRAPH_ERROR, KG_GRAPH_ERROR_SNAPSHOT, "malformed full-text index definition");
      return NULL;
    }
  return kg_graph_ft_build (g, l->items[0].u.s, rel, (KgSymbol *) tokens->data, tokens->len, (KgSymbol *) keys->data,
                            keys->len, l->items[4].u.s, error);
}
