/* engine/ops/op-expand.c — Expand and ExpandInto: one relationship hop.
 *
 * For every input row whose source slot holds a node, yields each relationship of the
 * pattern's types and direction (graph adjacency, no scans) that is not already used by
 * the same MATCH (relationship uniqueness) and passes the relationship's and the far
 * node's inline checks. Expand writes the far node; ExpandInto (far node already bound)
 * only checks it, and walks the relationships of whichever of its two nodes has fewer
 * of them (a person's one city, not the city's million residents). Variable-length
 * hops are in op-var-expand.c.
 */
#include "engine/ops/op-private.h"

#include <string.h>

typedef struct
{
  KgOp base;
  KgExpandSpec spec;
  KgMultiAdj adj;
  gboolean active;
  KgNodeId want; /* ExpandInto: the node the walk must reach (the source when reversed) */
} OpExpand;

/* How many relationships ahead Expand prefetches the far node's properties. */
#define PREFETCH_AHEAD 8

static gboolean
expand_open (KgOp *op, GError **error)
{
  OpExpand *self = (OpExpand *) op;
  self->active = FALSE;
  for (guint i = 0; i < self->spec.n_prefetch; i++)
    self->spec.prefetch_syms[i] = kg_exec_sym (op->exec, KG_SYM_KEY, self->spec.prefetch_keys[i], &self->spec.prefetch_syms[i]);
  self->spec.prefetch_type_sym = KG_NONE;
  if (self->spec.prefetch_type != NULL)
    kg_exec_sym (op->exec, KG_SYM_TYPE, self->spec.prefetch_type, &self->spec.prefetch_type_sym);
  return TRUE;
}

static KgOpStatus
expand_next (KgOp *op, GError **error)
{
  OpExpand *self = (OpExpand *) op;
  KgExpandSpec *spec = &self->spec;
  KgExec *exec = op->exec;
  KgValue *slots = exec->slots;
  gboolean plain = kg_entity_check_empty (&spec->rel_check) && kg_entity_check_empty (&spec->dst_check) &&
                   spec->distinct_from.n == 0 && spec->distinct_from_lists.n == 0 && spec->rel_equal_slot < 0;
  for (;;)
    {
      if (self->active)
        {
          KgEdgeId e;
          KgNodeId other;
          while (kg_multi_adj_next (exec, spec, &self->adj, &e, &other))
            {
              /* Far nodes are scattered over memory: start fetching the properties the
               * next conditions read of a node a few relationships ahead. */
              if (spec->n_prefetch > 0 || spec->prefetch_type_sym != KG_NONE)
                {
                  KgNodeId next;
                  if (kg_adj_iter_peek (&self->adj.it, PREFETCH_AHEAD, &next))
                    {
                      kg_graph_node_prefetch (exec->graph, next, spec->prefetch_syms, spec->n_prefetch);
                      kg_graph_adj_prefetch (exec->graph, next, spec->prefetch_dir, spec->prefetch_type_sym, TRUE);
                    }
                  if (spec->prefetch_type_sym != KG_NONE &&
                      kg_adj_iter_peek (&self->adj.it, 2 * PREFETCH_AHEAD, &next))
                    kg_graph_adj_prefetch (exec->graph, next, spec->prefetch_dir, spec->prefetch_type_sym, FALSE);
                }
              if (spec->into && other != self->want)
                continue;
              if (!plain)
                {
                  if (!kg_exec_check (exec, error))
                    return KG_NEXT_ERROR;
                  if (!kg_expand_edge_is_free (exec, spec, e))
                    continue;
                  if (spec->rel_equal_slot >= 0)
                    {
                      const KgValue *r = &slots[spec->rel_equal_slot];
                      if (r->type != KG_VALUE_EDGE || r->u.id != e)
                        continue;
                    }
                  int ok = kg_entity_check_edge (exec, &spec->rel_check, e, error);
                  if (ok == 1)
                    {
                      if (!spec->into)
                        kg_exec_set_id (exec, spec->dst_slot, KG_VALUE_NODE, other);
                      ok = kg_entity_check_node (exec, &spec->dst_check, spec->into ? slots[spec->dst_slot].u.id : other, error);
                    }
                  if (ok < 0)
                    return KG_NEXT_ERROR;
                  if (ok == 0)
                    continue;
                }
              kg_exec_set_id (exec, spec->rel_slot, KG_VALUE_EDGE, e);
              if (!spec->into)
                kg_exec_set_id (exec, spec->dst_slot, KG_VALUE_NODE, other);
              return KG_NEXT_ROW;
            }
          self->active = FALSE;
        }
      KgOpStatus st = kg_op_next (op->child, error);
      if (st != KG_NEXT_ROW)
        return st;
      const KgValue *src = &slots[spec->src_slot];
      if (src->type != KG_VALUE_NODE)
        {
          if (src->type == KG_VALUE_NULL)
            continue;
          kg_query_error_set (error, KG_QUERY_ERROR_TYPE, exec->filename, &spec->span,
                              "expected a node to expand from, got %s", kg_value_type_name (src->type));
          return KG_NEXT_ERROR;
        }
      if (spec->into)
        {
          const KgValue *dst = &slots[spec->dst_slot];
          if (dst->type != KG_VALUE_NODE)
            continue;
          /* the same relationships seen from the end with fewer of them */
          KgDirection back = spec->dir == KG_DIR_OUT ? KG_DIR_IN : spec->dir == KG_DIR_IN ? KG_DIR_OUT
                                                                                          : KG_DIR_BOTH;
          if (dst->u.id != src->u.id &&
              kg_multi_adj_degree (exec, spec, dst->u.id, back) < kg_multi_adj_degree (exec, spec, src->u.id, spec->dir))
            {
              self->want = src->u.id;
              kg_multi_adj_init (exec, spec, dst->u.id, back, &self->adj);
              self->active = TRUE;
              continue;
            }
          self->want = dst->u.id;
        }
      kg_multi_adj_init (exec, spec, src->u.id, spec->dir, &self->adj);
      self->active = TRUE;
    }
}

static void
expand_free (KgOp *op)
{
  kg_expand_spec_clear (&((OpExpand *) op)->spec);
}

static void
expand_describe (KgOp *op, GString *out)
{
  kg_expand_spec_describe (&((OpExpand *) op)->spec, out);
}

static const KgOpClass expand_class = {
  .name = "Expand",
  .size = sizeof (OpExpand),
  .open = expand_open,
  .next = expand_next,
  .free = expand_free,
  .describe = expand_describe,
};

static const KgOpClass expand_into_class = {
  .name = "ExpandInto",
  .size = sizeof (OpExpand),
  .open = expand_open,
  .next = expand_next,
  .free = expand_free,
  .describe = expand_describe,
};

KgOp *
kg_op_expand_new (KgExec *exec, KgOp *child, KgExpandSpec *spec)
{
  OpExpand *self = (OpExpand *) kg_op_new (spec->into ? &expand_into_class : &expand_class, exec, child);
  self->spec = *spec;
  memset (spec, 0, sizeof *spec);
  return &self->base;
}
