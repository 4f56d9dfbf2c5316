/* engine/ops/op-delete.c — Delete and DetachDelete.
 *
 * Collects what every input row names (nodes, relationships, the parts of paths; null
 * is skipped), then deletes the relationships first and the nodes after, so
 * `DELETE n, r` works in any order. A node that still has relationships without DETACH
 * is a constraint error (the statement is rolled back by the session).
 */
#include "engine/ops/op-private.h"
#include "engine/ops/op-write.h"

typedef struct
{
  KgWriteOp w;
  KgAst *clause;
  GArray *nodes;
  GArray *edges;
} OpDelete;

static gboolean
delete_begin (KgWriteOp *w, GError **error)
{
  OpDelete *self = (OpDelete *) w;
  self->nodes = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->edges = g_array_new (FALSE, FALSE, sizeof (guint32));
  return TRUE;
}

static gboolean
delete_apply (KgWriteOp *w, GPtrArray *out, GError **error)
{
  OpDelete *self = (OpDelete *) w;
  KgExec *exec = w->base.exec;
  for (guint i = 0; i < kg_ast_n_children (self->clause); i++)
    {
      KgAst *expr = kg_ast_child (self->clause, i);
      KgValue v = KG_VALUE_INIT;
      if (!kg_expr_eval (&exec->env, expr, &v, error))
        return FALSE;
      switch (v.type)
        {
        case KG_VALUE_NULL:
          break;
        case KG_VALUE_NODE:
          g_array_append_val (self->nodes, v.u.id);
          break;
        case KG_VALUE_EDGE:
          g_array_append_val (self->edges, v.u.id);
          break;
        case KG_VALUE_PATH:
          for (guint j = 0; j <= v.u.path->len; j++)
            g_array_append_val (self->nodes, v.u.path->nodes[j]);
          for (guint j = 0; j < v.u.path->len; j++)
            g_array_append_val (self->edges, v.u.path->edges[j]);
          break;
        default:
          kg_query_error_set (error, KG_QUERY_ERROR_TYPE, exec->filename, &expr->span,
                              "DELETE expects a node, relationship or path, got %s", kg_value_type_name (v.type));
          kg_value_clear (&v);
          return FALSE;
        }
      kg_value_clear (&v);
    }
  g_ptr_array_add (out, kg_exec_save_row (exec));
  return TRUE;
}

static gboolean
delete_finish (KgWriteOp *w, GError **error)
{
  OpDelete *self = (OpDelete *) w;
  KgExec *exec = w->base.exec;
  KgGraph *g = exec->graph;
  gboolean detach = (self->clause->flags & KG_AST_F_DETACH) != 0;
  for (guint i = 0; i < self->edges->len; i++)
    if (kg_graph_delete_edge (g, g_array_index (self->edges, guint32, i)))
      exec->stats.relationships_deleted++;
  for (guint i = 0; i < self->nodes->len; i++)
    {
      KgNodeId n = g_array_index (self->nodes, guint32, i);
      if (!kg_graph_node_exists (g, n))
        continue;
      guint deg = kg_graph_degree (g, n, KG_DIR_BOTH, KG_NONE);
      if (deg > 0 && !detach)
        {
          kg_query_error_set (error, KG_QUERY_ERROR_CONSTRAINT, exec->filename, &self->clause->span,
                              "cannot delete a node that still has relationships; "
                              "delete them first or use DETACH DELETE");
          return FALSE;
        }
      GError *local = NULL;
      if (!kg_graph_delete_node (g, n, detach, &local))
        {
          kg_query_error_set (error, KG_QUERY_ERROR_CONSTRAINT, exec->filename, &self->clause->span, "%s", local->message);
          g_error_free (local);
          return FALSE;
        }
      exec->stats.nodes_deleted++;
      exec->stats.relationships_deleted += deg;
    }
  return TRUE;
}

static void
delete_close (KgOp *op)
{
  OpDelete *self = (OpDelete *) op;
  kg_write_close (op);
  if (self->nodes)
    {
      g_array_free (self->nodes, TRUE);
      g_array_free (self->edges, TRUE);
      self->nodes = self->edges = NULL;
    }
}

static const KgOpClass delete_class = {
  .name = "Delete",
  .size = sizeof (OpDelete),
  .open = kg_write_open,
  .next = kg_write_next,
  .close = delete_close,
};

static const KgOpClass detach_delete_class = {
  .name = "DetachDelete",
  .size = sizeof (OpDelete),
  .open = kg_write_open,
  .next = kg_write_next,
  .close = delete_close,
};

KgOp *
kg_op_delete_new (KgExec *exec, KgOp *child, KgAst *clause)
{
  OpDelete *self = (OpDelete *) kg_op_new ((clause->flags & KG_AST_F_DETACH) ? &detach_delete_class : &delete_class, exec, child);
  self->w.apply = delete_apply;
  self->w.begin = delete_begin;
  self->w.finish = delete_finish;
  self->clause = clause;
  return &self->w.base;
}
