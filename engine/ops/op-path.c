/* engine/ops/op-path.c — BuildPath: assembles a named path (`p = (a)-[r]->(b)`) from
 * the pattern's node slots and relationship slots (a relationship, or a list of them
 * for variable-length hops). Reads the graph only to find the nodes inside
 * variable-length hops. Does not match anything.
 */
#include "engine/ops/op-private.h"

typedef struct
{
  KgOp base;
  int path_slot;
  KgSlots nodes;
  KgSlots rels;
} OpPath;

static KgOpStatus
path_next (KgOp *op, GError **error)
{
  OpPath *self = (OpPath *) op;
  KgExec *exec = op->exec;
  KgOpStatus st = kg_op_next (op->child, error);
  if (st != KG_NEXT_ROW)
    return st;
  GArray *ns = g_array_new (FALSE, FALSE, sizeof (guint32));
  GArray *es = g_array_new (FALSE, FALSE, sizeof (guint32));
  gboolean null = FALSE;
  const KgValue *first = &exec->slots[self->nodes.v[0]];
  if (first->type != KG_VALUE_NODE)
    null = TRUE;
  else
    g_array_append_val (ns, first->u.id);
  for (guint i = 0; i < self->rels.n && !null; i++)
    {
      const KgValue *r = &exec->slots[self->rels.v[i]];
      guint32 cur = g_array_index (ns, guint32, ns->len - 1);
      if (r->type == KG_VALUE_EDGE)
        {
          guint32 next = exec->slots[self->nodes.v[i + 1]].u.id;
          g_array_append_val (es, r->u.id);
          g_array_append_val (ns, next);
        }
      else if (r->type == KG_VALUE_LIST)
        {
          for (guint j = 0; j < r->u.list->len; j++)
            {
              guint32 e = r->u.list->items[j].u.id;
              KgNodeId s = kg_graph_edge_src (exec->graph, e), d = kg_graph_edge_dst (exec->graph, e);
              guint32 next = s == cur ? d : s;
              g_array_append_val (es, e);
              g_array_append_val (ns, next);
              cur = next;
            }
        }
      else
        null = TRUE;
    }
  KgValue v = KG_VALUE_INIT;
  if (!null)
    v = kg_value_path (kg_path_new (es->len, (guint32 *) ns->data, (guint32 *) es->data));
  kg_exec_set_slot (exec, self->path_slot, &v);
  g_array_free (ns, TRUE);
  g_array_free (es, TRUE);
  return KG_NEXT_ROW;
}

static void
path_free (KgOp *op)
{
  OpPath *self = (OpPath *) op;
  kg_slots_clear (&self->nodes);
  kg_slots_clear (&self->rels);
}

static const KgOpClass path_class = {
  .name = "BuildPath",
  .size = sizeof (OpPath),
  .next = path_next,
  .free = path_free,
};

KgOp *
kg_op_path_new (KgExec *exec, KgOp *child, int path_slot, KgSlots *nodes, KgSlots *rels)
{
  OpPath *self = (OpPath *) kg_op_new (&path_class, exec, child);
  self->path_slot = path_slot;
  kg_slots_copy (&self->nodes, nodes);
  kg_slots_copy (&self->rels, rels);
  return &self->base;
}
