/* engine/plan-project.c — planning WITH and RETURN from a bound projection body.
 *
 * The binder (bind-project.c) has done the work that is not an operator: items and
 * slots, the aggregate/grouping split, ORDER BY against the projection's scope, SKIP,
 * LIMIT and WHERE. This file stacks Project or Aggregation, Distinct, Sort (a TopK when
 * it has a limit), Skip, Limit and Filter, and sets the statement's columns for the
 * final RETURN. It binds nothing itself.
 */
#include "engine/plan-private.h"

/* Aggregation: the grouping keys, the aggregate calls, then the items that hold them. */
static KgOp *
plan_aggregate (KgPlanner *P, KgOp *op, const KgBoundProjection *bp)
{
  GArray *keys = g_array_new (FALSE, FALSE, sizeof (KgProjItem));
  GArray *post = g_array_new (FALSE, FALSE, sizeof (KgProjItem));
  GArray *ag = g_array_new (FALSE, FALSE, sizeof (KgAggItem));
  for (guint i = 0; i < bp->items->len; i++)
    {
      const KgBoundItem *it = &g_array_index (bp->items, KgBoundItem, i);
      KgProjItem pi = { it->expr, it->slot };
      g_array_append_val (it->agg ? post : keys, pi);
    }
  for (guint i = 0; i < bp->aggs->len; i++)
    {
      KgAst *call = g_ptr_array_index (bp->aggs, i);
      KgAggItem a = { call, call->slot, NULL };
      /* count(v.key) of a node that always has a label: count(*) if every node with
       * that label has the key (decided when the rows come) */
      KgAst *arg = kg_ast_child (call, 0);
      if (!P->plan->has_writes && call->function->agg == KG_AGG_COUNT &&
          !(call->flags & (KG_AST_F_DISTINCT | KG_AST_F_STAR)) &&
          kg_ast_n_children (call) == 1 && arg && arg->kind == KG_AST_PROPERTY && arg->slot < 0 &&
          kg_ast_child (arg, 0) && kg_ast_child (arg, 0)->kind == KG_AST_VARIABLE)
        a.label = g_hash_table_lookup (P->b.slot_labels, GINT_TO_POINTER (kg_ast_child (arg, 0)->slot + 1));
      g_array_append_val (ag, a);
    }
  op = kg_op_aggregate_new (P->exec, op, (KgProjItem *) keys->data, keys->len, (KgAggItem *) ag->data, ag->len,
                            (KgProjItem *) post->data, post->len);
  if (keys->len == 0)
    op->est_rows = 1; /* one row; with keys, at most its input's (the estimate passed on) */
  g_array_free (keys, TRUE);
  g_array_free (post, TRUE);
  g_array_free (ag, TRUE);
  return op;
}

/* The estimate of an operator that keeps at most @limit rows (a literal) of its input. */
static void
limit_estimate (KgOp *op, const KgAst *limit)
{
  if (limit != NULL && limit->kind == KG_AST_LITERAL && limit->value.type == KG_VALUE_INT)
    op->est_rows = MIN (kg_op_estimate (op->child), (double) MAX (limit->value.u.i, 0));
}

static KgOp *
plan_project (KgPlanner *P, KgOp *op, const KgBoundProjection *bp)
{
  GArray *pis = g_array_new (FALSE, FALSE, sizeof (KgProjItem));
  for (guint i = 0; i < bp->items->len; i++)
    {
      const KgBoundItem *it = &g_array_index (bp->items, KgBoundItem, i);
      KgProjItem pi = { it->expr, it->slot };
      g_array_append_val (pis, pi);
    }
  op = kg_op_project_new (P->exec, op, (KgProjItem *) pis->data, pis->len);
  g_array_free (pis, TRUE);
  return op;
}

KgOp *
kg_plan_projection (KgPlanner *P, KgOp *op, KgScope **scope, KgAst *clause, gboolean is_return, gboolean final)
{
  KgBoundProjection bp;
  gboolean ok = kg_bind_projection (&P->b, *scope, clause, is_return, &bp);
  kg_plan_pattern_exprs (P);
  if (ok && !kg_planner_failed (P))
    {
      op = bp.aggregating ? plan_aggregate (P, op, &bp) : plan_project (P, op, &bp);
      if (bp.distinct)
        op = kg_op_distinct_new (P->exec, op, &bp.columns);
      if (final)
        {
          P->plan->columns = g_ptr_array_new_with_free_func (g_free);
          for (guint i = 0; i < bp.items->len; i++)
            g_ptr_array_add (P->plan->columns, g_strdup (g_array_index (bp.items, KgBoundItem, i).name));
          kg_slots_clear (&P->plan->column_slots);
          kg_slots_copy (&P->plan->column_slots, &bp.columns);
        }
      if (bp.order)
        op = kg_op_sort_new (P->exec, op, (KgSortKey *) bp.order->data, bp.order->len, bp.skip, bp.limit);
      if (bp.order && !bp.skip)
        limit_estimate (op, bp.limit);
      if (bp.skip)
        op = kg_op_skip_new (P->exec, op, bp.skip);
      if (bp.limit)
        op = kg_op_limit_new (P->exec, op, bp.limit, P->plan->has_writes);
      if (bp.limit)
        limit_estimate (op, bp.limit);
      if (bp.where)
        op = kg_op_filter_new (P->exec, op, bp.where);
    }
  kg_scope_free (*scope);
  *scope = g_steal_pointer (&bp.scope);
  kg_bound_projection_clear (&bp);
  return op;
}
