/* engine/ops/op-expand-count.c — ExpandCount: a hop whose rows are only counted.
 *
 * For `MATCH (a)-...-(b)-[:T]->(c) RETURN a.x, count(*)`, where nothing after the last
 * hop reads c or the relationship, the aggregation needs only how many matches each row
 * before that hop has. ExpandCount yields each input row once, with that number in a
 * weight slot (rows with none are dropped, as Expand would yield nothing for them), and
 * the aggregation sums the weights instead of counting rows (plan-match.c decides,
 * plan-project.c rewrites the counts). The number is the node's degree over the hop's
 * types when every relationship of them reaches a node passing the far end's labels
 * and no earlier relationship of the same MATCH can be one of them; otherwise the
 * relationships are walked and checked as Expand checks them, without a row each.
 * It does not expand variable-length or into a bound node.
 */
#include "engine/ops/op-private.h"

#include <string.h>

typedef struct
{
  KgOp base;
  KgExpandSpec spec;
  int weight_slot;
  int implied; /* -1 not decided; 1: every relationship of the types passes the far end */
} OpExpandCount;

static gboolean
expand_count_open (KgOp *op, GError **error)
{
  ((OpExpandCount *) op)->implied = -1;
  return TRUE;
}

/* Whether the far end's checks hold for every relationship of the hop's types. */
static gboolean
far_implied (OpExpandCount *self)
{
  KgExec *exec = self->base.exec;
  KgExpandSpec *spec = &self->spec;
  if (!kg_entity_check_empty (&spec->rel_check))
    return FALSE;
  if (kg_entity_check_empty (&spec->dst_check))
    return TRUE;
  if (spec->dst_check.n_props > 0 || spec->dst_check.props_param != NULL || spec->dst_check.dynamic != NULL || spec->n_types == 0 ||
      spec->dir == KG_DIR_BOTH)
    return FALSE;
  for (guint i = 0; i < spec->n_types; i++)
    {
      KgSymbol t = kg_exec_sym (exec, KG_SYM_TYPE, spec->types[i], &spec->type_syms[i]);
      if (t != KG_NONE && !kg_count_labels_implied (exec, t, spec->dir, &spec->dst_check))
        return FALSE;
    }
  return TRUE;
}

/* Whether an earlier relationship of the MATCH may be one of this hop's: then each
 * relationship is checked against them. */
static gboolean
shares_relationships (OpExpandCount *self)
{
  KgExec *exec = self->base.exec;
  KgExpandSpec *spec = &self->spec;
  if (spec->distinct_from_lists.n > 0)
    return TRUE;
  for (guint i = 0; i < spec->distinct_from.n; i++)
    {
      const KgValue *r = &exec->slots[spec->distinct_from.v[i]];
      if (r->type != KG_VALUE_EDGE)
        continue;
      if (spec->n_types == 0)
        return TRUE;
      KgSymbol t = kg_graph_edge_type (exec->graph, r->u.id);
      for (guint k = 0; k < spec->n_types; k++)
        if (kg_exec_sym (exec, KG_SYM_TYPE, spec->types[k], &spec->type_syms[k]) == t)
          return TRUE;
    }
  return FALSE;
}

/* The matches of the hop from @node: -1 on error. */
static gint64
count_from (OpExpandCount *self, KgNodeId node, GError **error)
{
  KgExec *exec = self->base.exec;
  KgExpandSpec *spec = &self->spec;
  if (self->implied && !shares_relationships (self))
    return kg_multi_adj_degree (exec, spec, node, spec->dir);
  KgMultiAdj adj;
  KgEdgeId e;
  KgNodeId other;
  gint64 n = 0;
  kg_multi_adj_init (exec, spec, node, spec->dir, &adj);
  while (kg_multi_adj_next (exec, spec, &adj, &e, &other))
    {
      if (!kg_exec_check (exec, error))
        return -1;
      if (!kg_expand_edge_is_free (exec, spec, e))
        continue;
      kg_exec_set_id (exec, spec->rel_slot, KG_VALUE_EDGE, e);
      kg_exec_set_id (exec, spec->dst_slot, KG_VALUE_NODE, other);
      int ok = kg_entity_check_edge (exec, &spec->rel_check, e, error);
      if (ok == 1)
        ok = kg_entity_check_node (exec, &spec->dst_check, other, error);
      if (ok < 0)
        return -1;
      n += ok;
    }
  return n;
}

static KgOpStatus
expand_count_next (KgOp *op, GError **error)
{
  OpExpandCount *self = (OpExpandCount *) op;
  KgExec *exec = op->exec;
  if (self->implied < 0)
    self->implied = far_implied (self);
  for (;;)
    {
      KgOpStatus st = kg_op_next (op->child, error);
      if (st != KG_NEXT_ROW)
        return st;
      const KgValue *src = &exec->slots[self->spec.src_slot];
      if (src->type != KG_VALUE_NODE)
        {
          if (src->type == KG_VALUE_NULL)
            continue;
          kg_query_error_set (error, KG_QUERY_ERROR_TYPE, exec->filename, &self->spec.span,
                              "expected a node to expand from, got %s", kg_value_type_name (src->type));
          return KG_NEXT_ERROR;
        }
      gint64 n = count_from (self, src->u.id, error);
      if (n < 0)
        return KG_NEXT_ERROR;
      if (n == 0)
        continue;
      KgValue w = kg_value_int (n);
      kg_exec_set_slot (exec, self->weight_slot, &w);
      return KG_NEXT_ROW;
    }
}

static void
expand_count_free (KgOp *op)
{
  kg_expand_spec_clear (&((OpExpandCount *) op)->spec);
}

static void
expand_count_describe (KgOp *op, GString *out)
{
  kg_expand_spec_describe (&((OpExpandCount *) op)->spec, out);
}

static const KgOpClass expand_count_class = {
  .name = "ExpandCount",
  .size = sizeof (OpExpandCount),
  .open = expand_count_open,
  .next = expand_count_next,
  .free = expand_count_free,
  .describe = expand_count_describe,
};

KgOp *
kg_op_expand_count_new (KgExec *exec, KgOp *child, KgExpandSpec *spec, int weight_slot)
{
  OpExpandCount *self = (OpExpandCount *) kg_op_new (&expand_count_class, exec, child);
  self->spec = *spec;
  memset (spec, 0, sizeof *spec);
  self->weight_slot = weight_slot;
  self->implied = -1;
  return &self->base;
}
