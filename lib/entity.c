/* lib/entity.c — reading nodes, relationships and paths through a session.
 *
 * A node or relationship value is only an id; its labels, type, ends and properties
 * live in the database. These accessors read them under the session's read lock (or
 * the lock its open result already holds) and hand back copies, so nothing returned
 * points into the graph except kgq_sorted_properties(), whose contract says so. Paths
 * are read from the value alone. Nothing here changes the graph.
 */
#include "lib/kgq-private.h"

#include <stdlib.h>
#include <string.h>

static int
prop_cmp (gconstpointer a, gconstpointer b)
{
  return strcmp (((const KgqProperty *) a)->name, ((const KgqProperty *) b)->name);
}

KgqProperty *
kgq_graph_sorted_properties (const KgGraph *g, guint32 id, gboolean is_node, guint *n_props)
{
  g_return_val_if_fail (g != NULL, NULL);
  g_return_val_if_fail (n_props != NULL, NULL);
  gboolean live = is_node ? kg_graph_node_exists (g, id) : kg_graph_edge_exists (g, id);
  guint n = !live ? 0 : is_node ? kg_graph_node_n_props (g, id)
                                : kg_graph_edge_n_props (g, id);
  KgqProperty *props = g_new (KgqProperty, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      KgSymbol key = KG_NONE;
      props[i].value = is_node ? kg_graph_node_prop_at (g, id, i, &key) : kg_graph_edge_prop_at (g, id, i, &key);
      props[i].name = kg_graph_symbol_name (g, KG_SYM_KEY, key);
    }
  qsort (props, n, sizeof (KgqProperty), prop_cmp);
  *n_props = n;
  return props;
}

static gboolean
is_entity (const KgValue *v)
{
  return v != NULL && (v->type == KG_VALUE_NODE || v->type == KG_VALUE_EDGE);
}

/* Whether @v names a live entity; the session holds the lock. */
static gboolean
live (KgqSession *s, const KgValue *v)
{
  if (!is_entity (v))
    return FALSE;
  return v->type == KG_VALUE_NODE ? kg_graph_node_exists (s->db->graph, v->u.id)
                                  : kg_graph_edge_exists (s->db->graph, v->u.id);
}

KgqProperty *
kgq_sorted_properties (KgqSession *session, const KgValue *entity, guint *n_props)
{
  g_return_val_if_fail (session != NULL && n_props != NULL, NULL);
  g_return_val_if_fail (session->n_holds > 0, NULL);
  if (!live (session, entity))
    {
      *n_props = 0;
      return g_new (KgqProperty, 1);
    }
  return kgq_graph_sorted_properties (session->db->graph, entity->u.id, entity->type == KG_VALUE_NODE, n_props);
}

gboolean
kgq_entity_properties (KgqSession *session, const KgValue *entity, KgValue *map)
{
  g_return_val_if_fail (session != NULL && map != NULL, FALSE);
  kgq_session_read_enter (session);
  gboolean ok = live (session, entity);
  guint n = 0;
  g_autofree KgqProperty *props = ok ? kgq_graph_sorted_properties (session->db->graph, entity->u.id,
                                                                    entity->type == KG_VALUE_NODE, &n)
                                     : NULL;
  KgMap *m = kg_map_new (n);
  for (guint i = 0; i < n; i++)
    {
      KgValue v = KG_VALUE_INIT;
      kg_value_copy (props[i].value, &v);
      kg_map_set (m, props[i].name, &v);
    }
  *map = kg_value_map (m);
  kgq_session_read_leave (session);
  return ok;
}

guint32
kgq_entity_id (const KgValue *entity)
{
  return is_entity (entity) ? entity->u.id : G_MAXUINT32;
}

gboolean
kgq_entity_exists (KgqSession *session, const KgValue *entity)
{
  g_return_val_if_fail (session != NULL, FALSE);
  kgq_session_read_enter (session);
  gboolean ok = live (session, entity);
  kgq_session_read_leave (session);
  return ok;
}

char **
kgq_node_labels (KgqSession *session, const KgValue *node)
{
  g_return_val_if_fail (session != NULL, NULL);
  kgq_session_read_enter (session);
  GPtrArray *names = g_ptr_array_new ();
  if (node != NULL && node->type == KG_VALUE_NODE && live (session, node))
    {
      guint n = 0;
      const KgSymbol *labels = kg_graph_node_labels (session->db->graph, node->u.id, &n);
      for (guint i = 0; i < n; i++)
        g_ptr_array_add (names, g_strdup (kg_graph_symbol_name (session->db->graph, KG_SYM_LABEL, labels[i])));
    }
  kgq_session_read_leave (session);
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (names, FALSE);
}

char *
kgq_relationship_info (KgqSession *session, const KgValue *rel, guint32 *start, guint32 *end)
{
  g_return_val_if_fail (session != NULL, NULL);
  char *type = NULL;
  kgq_session_read_enter (session);
  if (rel != NULL && rel->type == KG_VALUE_EDGE && live (session, rel))
    {
      const KgGraph *g = session->db->graph;
      type = g_strdup (kg_graph_symbol_name (g, KG_SYM_TYPE, kg_graph_edge_type (g, rel->u.id)));
      if (start)
        *start = kg_graph_edge_src (g, rel->u.id);
      if (end)
        *end = kg_graph_edge_dst (g, rel->u.id);
    }
  kgq_session_read_leave (session);
  return type;
}

guint
kgq_path_length (const KgValue *path)
{
  return path != NULL && path->type == KG_VALUE_PATH ? path->u.path->len : 0;
}

KgValue
kgq_path_node (const KgValue *path, guint i)
{
  g_return_val_if_fail (path != NULL && path->type == KG_VALUE_PATH && i <= path->u.path->len, kg_value_null ());
  return kg_value_node (path->u.path->nodes[i]);
}

KgValue
kgq_path_relationship (const KgValue *path, guint i)
{
  g_return_val_if_fail (path != NULL && path->type == KG_VALUE_PATH && i < path->u.path->len, kg_value_null ());
  return kg_value_edge (path->u.path->edges[i]);
}
