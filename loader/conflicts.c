/* loader/conflicts.c — finds claims that disagree, by looking at the graph as it is.
 *
 * For each relationship type declared single-valued, relationships are grouped by start
 * node; a group with different end nodes, or the same end node with different
 * properties, is a conflict, and each side keeps its `sources`. Inverse readings the
 * loader added (`inferred: true`) are left out: they restate claims counted already. Working from the graph
 * (not from the files) lets the REPL list conflicts after the user has changed the data.
 * It reads only through the public graph API and never prints.
 */
#include "loader/loader.h"
#include "loader/loader-private.h"

#include <string.h>

static void
side_free (gpointer p)
{
  KgConflictSide *s = p;
  g_free (s->object_id);
  g_free (s->object_name);
  g_free (s->properties);
  g_strfreev (s->sources);
  g_free (s);
}

void
kg_conflict_free (KgConflict *conflict)
{
  if (conflict == NULL)
    return;
  g_free (conflict->subject_id);
  g_free (conflict->subject_name);
  g_free (conflict->type);
  g_ptr_array_unref (conflict->sides);
  g_free (conflict);
}

static char *
node_string (const KgGraph *g, KgNodeId n, KgSymbol key)
{
  if (key == KG_NONE)
    return NULL;
  const KgValue *v = kg_graph_node_prop (g, n, key);
  return v != NULL && v->type == KG_VALUE_STRING ? g_strdup (v->u.s) : NULL;
}

/* The relationship's own properties (not sources, evidence or KEY_sources), keys sorted. */
static char *
edge_props_canonical (const KgGraph *g, KgEdgeId e, KgSymbol sources, KgSymbol evidence)
{
  KgMap *map = kg_map_new (4);
  guint n = kg_graph_edge_n_props (g, e);
  for (guint i = 0; i < n; i++)
    {
      KgSymbol key;
      const KgValue *v = kg_graph_edge_prop_at (g, e, i, &key);
      if (key == sources || key == evidence || v == NULL ||
          g_str_has_suffix (kg_graph_symbol_name (g, KG_SYM_KEY, key), "_sources"))
        continue;
      KgValue copy;
      kg_value_copy (v, &copy);
      kg_map_set (map, kg_graph_symbol_name (g, KG_SYM_KEY, key), &copy);
    }
  KgValue mv = kg_value_map (map);
  char *text = kg_literal_canonical (&mv);
  kg_value_clear (&mv);
  return text;
}

gboolean
kg_corpus_edge_inferred (const KgGraph *graph, KgEdgeId edge, KgSymbol key)
{
  if (key == KG_NONE)
    return FALSE;
  const KgValue *v = kg_graph_edge_prop (graph, edge, key);
  return v != NULL && v->type == KG_VALUE_BOOL && v->u.b;
}

static int
cmp_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* Adds the strings of a list property to @set (a hash set of owned strings). */
static void
add_sources (const KgGraph *g, KgEdgeId e, KgSymbol key, GHashTable *set)
{
  if (key == KG_NONE)
    return;
  const KgValue *v = kg_graph_edge_prop (g, e, key);
  if (v == NULL)
    return;
  if (v->type == KG_VALUE_STRING)
    g_hash_table_add (set, g_strdup (v->u.s));
  else if (v->type == KG_VALUE_LIST)
    for (guint i = 0; i < v->u.list->len; i++)
      if (v->u.list->items[i].type == KG_VALUE_STRING)
        g_hash_table_add (set, g_strdup (v->u.list->items[i].u.s));
}

static char **
sorted_strv (GHashTable *set)
{
  GPtrArray *arr = g_ptr_array_new ();
  GHashTableIter it;
  gpointer key;
  g_hash_table_iter_init (&it, set);
  while (g_hash_table_iter_next (&it, &key, NULL))
    g_ptr_array_add (arr, g_strdup (key));
  g_ptr_array_sort (arr, cmp_strings);
  g_ptr_array_add (arr, NULL);
  return (char **) g_ptr_array_free (arr, FALSE);
}

typedef struct
{
  KgNodeId object;
  char *props;
  KgEdgeId edge;
  GHashTable *sources;
} Side;

static void
side_clear (gpointer p)
{
  Side *s = p;
  g_free (s->props);
  g_hash_table_unref (s->sources);
}

GPtrArray *
kg_corpus_find_conflicts (const KgGraph *graph, const char *const *single_valued)
{
  g_return_val_if_fail (graph != NULL, NULL);
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) kg_conflict_free);
  if (single_valued == NULL)
    return out;

  KgSymbol k_id = kg_graph_lookup (graph, KG_SYM_KEY, "id");
  KgSymbol k_name = kg_graph_lookup (graph, KG_SYM_KEY, "name");
  KgSymbol k_sources = kg_graph_lookup (graph, KG_SYM_KEY, "sources");
  KgSymbol k_evidence = kg_graph_lookup (graph, KG_SYM_KEY, "evidence");
  KgSymbol k_inferred = kg_graph_lookup (graph, KG_SYM_KEY, "inferred");

  for (const char *const *t = single_valued; *t; t++)
    {
      KgSymbol type = kg_graph_lookup (graph, KG_SYM_TYPE, *t);
      if (type == KG_NONE)
        continue;
      /* subject -> GArray of Side, in relationship id order */
      g_autoptr (GHashTable) groups = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                                             (GDestroyNotify) g_array_unref);
      g_autoptr (GArray) subjects = g_array_new (FALSE, FALSE, sizeof (KgNodeId));
      KgEdgeIter it;
      KgEdgeId e;
      kg_graph_edges_init (graph, type, &it);
      while (kg_edge_iter_next (&it, &e))
        {
          if (kg_corpus_edge_inferred (graph, e, k_inferred))
            continue;
          KgNodeId s = kg_graph_edge_src (graph, e);
          GArray *sides = g_hash_table_lookup (groups, GUINT_TO_POINTER (s));
          if (sides == NULL)
            {
              sides = g_array_new (FALSE, FALSE, sizeof (Side));
              g_array_set_clear_func (sides, side_clear);
              g_hash_table_insert (groups, GUINT_TO_POINTER (s), sides);
              g_array_append_val (subjects, s);
            }
          KgNodeId o = kg_graph_edge_dst (graph, e);
          char *props = edge_props_canonical (graph, e, k_sources, k_evidence);
          Side *same = NULL;
          for (guint i = 0; i < sides->len; i++)
            {
              Side *x = &g_array_index (sides, Side, i);
              if (x->object == o && strcmp (x->props, props) == 0)
                same = x;
            }
          if (same != NULL)
            g_free (props);
          else
            {
              Side x = { o, props, e, g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL) };
              g_array_append_val (sides, x);
              same = &g_array_index (sides, Side, sides->len - 1);
            }
          add_sources (graph, e, k_sources, same->sources);
        }
      /* Subjects in id order. */
      for (guint i = 1; i < subjects->len; i++)
        for (guint j = i; j > 0 && g_array_index (subjects, KgNodeId, j - 1) > g_array_index (subjects, KgNodeId, j); j--)
          {
            KgNodeId tmp = g_array_index (subjects, KgNodeId, j);
            g_array_index (subjects, KgNodeId, j) = g_array_index (subjects, KgNodeId, j - 1);
            g_array_index (subjects, KgNodeId, j - 1) = tmp;
          }
      for (guint i = 0; i < subjects->len; i++)
        {
          KgNodeId s = g_array_index (subjects, KgNodeId, i);
          GArray *sides = g_hash_table_lookup (groups, GUINT_TO_POINTER (s));
          if (sides->len < 2)
            continue;
          KgConflict *c = g_new0 (KgConflict, 1);
          c->subject = s;
          c->subject_id = node_string (graph, s, k_id);
          c->subject_name = node_string (graph, s, k_name);
          c->type = g_strdup (*t);
          c->sides = g_ptr_array_new_with_free_func (side_free);
          for (guint j = 0; j < sides->len; j++)
            {
              Side *x = &g_array_index (sides, Side, j);
              KgConflictSide *cs = g_new0 (KgConflictSide, 1);
              cs->object = x->object;
              cs->object_id = node_string (graph, x->object, k_id);
              cs->object_name = node_string (graph, x->object, k_name);
              cs->properties = g_strdup (x->props);
              cs->sources = sorted_strv (x->sources);
              cs->edge = x->edge;
              g_ptr_array_add (c->sides, cs);
            }
          g_ptr_array_add (out, c);
        }
    }
  return out;
}
