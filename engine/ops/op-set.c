/* engine/ops/op-set.c — Set and Remove: property, label and map updates, row by row
 * behind the eager barrier. A null target is skipped (as in Cypher); a target that is
 * not a node or relationship is a type error.
 */
#include "engine/ops/op-private.h"
#include "engine/ops/op-write.h"

/* Evaluates an entity expression: 1 entity (kind/id set), 0 null, -1 error. */
static int
eval_entity (KgExec *exec, KgAst *expr, gboolean *node, guint32 *id, GError **error)
{
  KgValue v = KG_VALUE_INIT;
  if (!kg_expr_eval (&exec->env, expr, &v, error))
    return -1;
  if (v.type == KG_VALUE_NULL)
    return 0;
  if (v.type != KG_VALUE_NODE && v.type != KG_VALUE_EDGE)
    {
      kg_query_error_set (error, KG_QUERY_ERROR_TYPE, exec->filename, &expr->span,
                          "expected a node or relationship, got %s", kg_value_type_name (v.type));
      kg_value_clear (&v);
      return -1;
    }
  *node = v.type == KG_VALUE_NODE;
  *id = v.u.id;
  gboolean live = *node ? kg_graph_node_exists (exec->graph, *id) : kg_graph_edge_exists (exec->graph, *id);
  if (!live)
    {
      kg_query_error_set (error, KG_QUERY_ERROR_ENTITY_NOT_FOUND, exec->filename, &expr->span,
                          "the %s was deleted", *node ? "node" : "relationship");
      return -1;
    }
  return 1;
}

static gboolean
set_prop (KgExec *exec, gboolean node, guint32 id, const char *key_name, const KgValue *v, const KgSpan *span, GError **error)
{
  if (!kg_write_check_prop (exec, v, span, error))
    return FALSE;
  KgSymbol key = v->type == KG_VALUE_NULL ? kg_graph_lookup (exec->graph, KG_SYM_KEY, key_name)
                                          : kg_graph_intern (exec->graph, KG_SYM_KEY, key_name);
  if (key == KG_NONE)
    return TRUE;
  const KgValue *old = node ? kg_graph_node_prop (exec->graph, id, key) : kg_graph_edge_prop (exec->graph, id, key);
  if (v->type == KG_VALUE_NULL && old == NULL)
    return TRUE;
  if (node)
    kg_graph_node_set_prop (exec->graph, id, key, v);
  else
    kg_graph_edge_set_prop (exec->graph, id, key, v);
  exec->stats.properties_set++;
  return TRUE;
}

/* Turns the value of `n = x` / `n += x` into a map (a node or relationship gives its properties). */
static gboolean
as_map (KgExec *exec, KgAst *expr, KgValue *v, GError **error)
{
  if (v->type == KG_VALUE_MAP || v->type == KG_VALUE_NULL)
    return TRUE;
  if (v->type == KG_VALUE_NODE || v->type == KG_VALUE_EDGE)
    {
      gboolean node = v->type == KG_VALUE_NODE;
      guint32 id = v->u.id;
      guint n = node ? kg_graph_node_n_props (exec->graph, id) : kg_graph_edge_n_props (exec->graph, id);
      KgMap *m = kg_map_new (n);
      for (guint i = 0; i < n; i++)
        {
          KgSymbol key;
          const KgValue *pv = node ? kg_graph_node_prop_at (exec->graph, id, i, &key) : kg_graph_edge_prop_at (exec->graph, id, i, &key);
          KgValue c;
          kg_value_copy (pv, &c);
          kg_map_set (m, kg_graph_symbol_name (exec->graph, KG_SYM_KEY, key), &c);
        }
      kg_value_clear (v);
      *v = kg_value_map (m);
      return TRUE;
    }
  kg_query_error_set (error, KG_QUERY_ERROR_TYPE, exec->filename, &expr->span,
                      "expected a map, got %s", kg_value_type_name (v->type));
  return FALSE;
}

static gboolean
set_item (KgExec *exec, KgAst *item, GError **error)
{
  KgGraph *g = exec->graph;
  gboolean node;
  guint32 id;
  int r;
  switch (item->kind)
    {
    case KG_AST_SET_PROPERTY:
    case KG_AST_REMOVE_PROPERTY:
      {
        KgAst *target = kg_ast_child (item, 0);
        r = eval_entity (exec, kg_ast_child (target, 0), &node, &id, error);
        if (r <= 0)
          {
            if (r == 0 && item->kind == KG_AST_SET_PROPERTY)
              {
                /* still evaluate the value for its errors */
                KgValue v = KG_VALUE_INIT;
                gboolean ok = kg_expr_eval (&exec->env, kg_ast_child (item, 1), &v, error);
                kg_value_clear (&v);
                return ok;
              }
            return r == 0;
          }
        KgValue v = KG_VALUE_INIT;
        if (item->kind == KG_AST_SET_PROPERTY && !kg_expr_eval (&exec->env, kg_ast_child (item, 1), &v, error))
          return FALSE;
        gboolean ok = set_prop (exec, node, id, target->name, &v, &item->span, error);
        kg_value_clear (&v);
        return ok;
      }
    case KG_AST_SET_ALL_PROPERTIES:
    case KG_AST_SET_MERGE_PROPERTIES:
      {
        r = eval_entity (exec, kg_ast_child (item, 0), &node, &id, error);
        if (r <= 0)
          return r == 0;
        KgValue v = KG_VALUE_INIT;
        KgAst *expr = kg_ast_child (item, 1);
        if (!kg_expr_eval (&exec->env, expr, &v, error))
          return FALSE;
        if (!as_map (exec, expr, &v, error))
          {
            kg_value_clear (&v);
            return FALSE;
          }
        if (item->kind == KG_AST_SET_ALL_PROPERTIES)
          {
            guint n = node ? kg_graph_node_n_props (g, id) : kg_graph_edge_n_props (g, id);
            if (node)
              kg_graph_node_clear_props (g, id);
            else
              kg_graph_edge_clear_props (g, id);
            exec->stats.properties_set += n;
          }
        gboolean ok = TRUE;
        for (guint i = 0; v.type == KG_VALUE_MAP && i < v.u.map->len && ok; i++)
          ok = set_prop (exec, node, id, v.u.map->keys[i], &v.u.map->vals[i], &expr->span, error);
        kg_value_clear (&v);
        return ok;
      }
    case KG_AST_SET_LABELS:
    case KG_AST_REMOVE_LABELS:
      {
        r = eval_entity (exec, kg_ast_child (item, 0), &node, &id, error);
        if (r <= 0)
          return r == 0;
        if (!node)
          {
            kg_query_error_set (error, KG_QUERY_ERROR_TYPE, exec->filename, &item->span,
                                "only nodes have labels");
            return FALSE;
          }
        g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
        for (guint i = 0; i < kg_ast_n_names (item); i++)
          g_ptr_array_add (names, g_strdup (kg_ast_name_at (item, i)));
        for (guint i = kg_ast_dynamic_labels (item); i < kg_ast_n_children (item); i++)
          {
            GPtrArray *more = kg_eval_dynamic_label (&exec->env, kg_ast_child (item, i), FALSE, error);
            if (more == NULL)
              return FALSE;
            for (guint j = 0; j < more->len; j++)
              g_ptr_array_add (names, g_steal_pointer (&more->pdata[j]));
            g_ptr_array_unref (more);
          }
        for (guint i = 0; i < names->len; i++)
          {
            const char *name = names->pdata[i];
            if (item->kind == KG_AST_SET_LABELS)
              {
                if (kg_graph_node_add_label (g, id, kg_graph_intern (g, KG_SYM_LABEL, name)))
                  exec->stats.labels_added++;
              }
            else
              {
                KgSymbol l = kg_graph_lookup (g, KG_SYM_LABEL, name);
                if (l != KG_NONE && kg_graph_node_remove_label (g, id, l))
                  exec->stats.labels_removed++;
              }
          }
        return TRUE;
      }
    default:
      kg_query_error_set (error, KG_QUERY_ERROR_UNSUPPORTED, exec->filename, &item->span, "unsupported update");
      return FALSE;
    }
}

gboolean
kg_exec_set_items (KgExec *exec, const KgAst *set, GError **error)
{
  for (guint i = 0; i < kg_ast_n_children (set); i++)
    if (!set_item (exec, kg_ast_child (set, i), error))
      return FALSE;
  return TRUE;
}

typedef struct
{
  KgWriteOp w;
  KgAst *clause;
} OpSet;

static gboolean
set_apply (KgWriteOp *w, GPtrArray *out, GError **error)
{
  OpSet *self = (OpSet *) w;
  KgExec *exec = w->base.exec;
  if (!kg_exec_set_items (exec, self->clause, error))
    return FALSE;
  g_ptr_array_add (out, kg_exec_save_row (exec));
  return TRUE;
}

static const KgOpClass set_class = {
  .name = "Set",
  .size = sizeof (OpSet),
  .open = kg_write_open,
  .next = kg_write_next,
  .close = kg_write_close,
};

static const KgOpClass remove_class = {
  .name = "Remove",
  .size = sizeof (OpSet),
  .open = kg_write_open,
  .next = kg_write_next,
  .close = kg_write_close,
};

KgOp *
kg_op_set_new (KgExec *exec, KgOp *child, KgAst *clause)
{
  OpSet *self = (OpSet *) kg_op_new (clause->kind == KG_AST_REMOVE ? &remove_class : &set_class, exec, child);
  self->w.apply = set_apply;
  self->clause = clause;
  return &self->w.base;
}
