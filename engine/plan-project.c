/* engine/plan-project.c — planning WITH and RETURN from a bound projection body.
 *
 * The binder (bind-project.c) has done the work that is not an operator: items and
 * slots, the aggregate/grouping split, ORDER BY against the projection's scope, SKIP,
 * LIMIT and WHERE. This file stacks Project or Aggregation (or a DegreeCount and a
 * Project, plan-count.c), Distinct, Sort (a TopK when it has a limit), Skip, Limit,
 * the late Projection and Filter, and sets the statement's columns for the final
 * RETURN. It binds nothing itself.
 *
 * Late materialisation: under ORDER BY … LIMIT in a statement that only reads, an item
 * `v.key` of a node or relationship variable that neither the sort nor another item
 * reads is computed after the limit, for the rows kept, instead of for every row the
 * TopK sees. Reading a property cannot fail, so no error is hidden by it.
 */
#include "engine/plan-private.h"

/* Whether @e reads @slot anywhere (an item read back by an ORDER BY or another item). */
static gboolean
reads_slot (const KgAst *e, int slot)
{
  if (e == NULL)
    return FALSE;
  if (e->slot == slot)
    return TRUE;
  for (guint i = 0; i < kg_ast_n_children (e); i++)
    if (reads_slot (kg_ast_child (e, i), slot))
      return TRUE;
  return FALSE;
}

/* Whether item @i of @bp can be computed after the sort and the limit (see above). */
static gboolean
deferrable (KgPlanner *P, KgScope *scope, const KgBoundProjection *bp, guint i)
{
  const KgBoundItem *it = &g_array_index (bp->items, KgBoundItem, i);
  if (!P->read_only || !bp->order || !bp->limit || bp->distinct || it->agg)
    return FALSE;
  const KgAst *e = it->expr, *v = kg_ast_child (e, 0);
  if (e->kind != KG_AST_PROPERTY || e->slot >= 0 || v == NULL || v->kind != KG_AST_VARIABLE || v->slot < 0)
    return FALSE;
  KgVar *var = kg_scope_lookup (scope, v->name);
  if (var == NULL || var->slot != v->slot || (var->kind != KG_VAR_NODE && var->kind != KG_VAR_REL))
    return FALSE;
  for (guint k = 0; k < bp->order->len; k++)
    {
      const KgSortKey *sk = &g_array_index (bp->order, KgSortKey, k);
      if (sk->slot == it->slot || reads_slot (sk->expr, it->slot))
        return FALSE;
    }
  for (guint j = 0; j < bp->items->len; j++)
    if (j != i && reads_slot (g_array_index (bp->items, KgBoundItem, j).expr, it->slot))
      return FALSE;
  return TRUE;
}

/* A DegreeCount in place of @op and its aggregation, then a Projection of the grouping
 * keys the sort needs and of the items holding the counts; the other keys go to @late,
 * and the conditions of @where it decides itself leave @where. Returns: NULL when the
 * shortcut does not apply (@op is kept then). */
static KgOp *
plan_degree_count (KgPlanner *P, KgOp *op, KgScope *scope, const KgBoundProjection *bp, GArray *late, GPtrArray *where)
{
  if (P->first_match == NULL || P->plan->has_writes)
    return NULL;
  KgOp *counted = kg_plan_try_degree_count (P, P->first_match, bp, where);
  if (counted == NULL)
    return NULL;
  kg_op_free (op);
  GArray *early = g_array_new (FALSE, FALSE, sizeof (KgProjItem));
  for (int pass = 0; pass < 2; pass++) /* keys first: the items holding counts may read them */
    for (guint i = 0; i < bp->items->len; i++)
      {
        const KgBoundItem *it = &g_array_index (bp->items, KgBoundItem, i);
        KgProjItem pi = { it->expr, it->slot };
        guint at;
        /* the DegreeCount writes the node and the counts into items that are just those */
        if (it->agg != (pass == 1) || (!it->agg && it->expr->kind == KG_AST_VARIABLE) ||
            (it->agg && g_ptr_array_find (bp->aggs, it->expr, &at)))
          continue;
        g_array_append_val (!it->agg && deferrable (P, scope, bp, i) ? late : early, pi);
      }
  if (early->len > 0)
    counted = kg_op_project_new (P->exec, counted, (KgProjItem *) early->data, early->len);
  g_array_free (early, TRUE);
  return counted;
}

/* sum(w) for a count of the rows of an ExpandCount, whose matches are in slot @weight;
 * its value goes where the count's would. */
static KgAst *
weighted_count (KgPlanner *P, const KgAst *count, int weight)
{
  KgAst *w = kg_ast_new (KG_AST_VARIABLE, &count->span);
  w->name = g_strdup ("matches");
  w->slot = weight;
  KgAst *sum = kg_ast_new (KG_AST_FUNCTION_CALL, &count->span);
  sum->name = g_strdup ("sum");
  sum->function = kg_function_lookup ("sum");
  sum->slot = count->slot;
  kg_ast_add_child (sum, w);
  g_ptr_array_add (P->plan->owned, sum);
  return sum;
}

/* Aggregation: the grouping keys, the aggregate calls, then the items that hold them;
 * @weight >= 0: the rows come from an ExpandCount, and every aggregate (a count, as
 * plan-match.c checked) sums its matches instead. @where: as plan_degree_count's. */
static KgOp *
plan_aggregate (KgPlanner *P, KgOp *op, KgScope *scope, const KgBoundProjection *bp, GArray *late, int weight, GPtrArray *where)
{
  KgOp *counted = plan_degree_count (P, op, scope, bp, late, where);
  if (counted)
    return counted;
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
      if (weight >= 0)
        {
          g_return_val_if_fail (call->function->agg == KG_AGG_COUNT, op);
          KgAggItem a = { weighted_count (P, call, weight), call->slot, NULL };
          g_array_append_val (ag, a);
          continue;
        }
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
  /* one row without keys; with keys, as many as the keys' values the rows meet */
  KgAst **key_exprs = g_new (KgAst *, keys->len + 1);
  for (guint i = 0; i < keys->len; i++)
    key_exprs[i] = g_array_index (keys, KgProjItem, i).expr;
  op->est_rows = kg_plan_groups_estimate (P, key_exprs, keys->len, kg_op_estimate (op->child));
  g_free (key_exprs);
  if (P->read_only)
    kg_op_aggregate_by_node (op);
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
plan_project (KgPlanner *P, KgOp *op, KgScope *scope, const KgBoundProjection *bp, GArray *late)
{
  GArray *pis = g_array_new (FALSE, FALSE, sizeof (KgProjItem));
  for (guint i = 0; i < bp->items->len; i++)
    {
      const KgBoundItem *it = &g_array_index (bp->items, KgBoundItem, i);
      KgProjItem pi = { it->expr, it->slot };
      g_array_append_val (deferrable (P, scope, bp, i) ? late : pis, pi);
    }
  if (pis->len > 0 || late->len == 0)
    op = kg_op_project_new (P->exec, op, (KgProjItem *) pis->data, pis->len);
  g_array_free (pis, TRUE);
  return op;
}

KgOp *
kg_plan_projection (KgPlanner *P, KgOp *op, KgScope **scope, KgAst *clause, gboolean is_return, gboolean final)
{
  KgBoundProjection bp;
  int weight = P->weight_slot;
  P->weight_slot = -1;
  gboolean ok = kg_bind_projection (&P->b, *scope, clause, is_return, &bp);
  kg_plan_pattern_exprs (P);
  if (ok && !kg_planner_failed (P))
    {
      GArray *late = g_array_new (FALSE, FALSE, sizeof (KgProjItem));
      GPtrArray *where = g_ptr_array_new (); /* WITH's WHERE: the conditions still to filter */
      if (bp.where)
        g_ptr_array_add (where, bp.where);
      g_return_val_if_fail (weight < 0 || bp.aggregating, op);
      op = bp.aggregating ? plan_aggregate (P, op, *scope, &bp, late, weight, where) : plan_project (P, op, *scope, &bp, late);
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
      if (late->len > 0)
        op = kg_op_project_new (P->exec, op, (KgProjItem *) late->data, late->len);
      g_array_free (late, TRUE);
      for (guint i = 0; i < where->len; i++)
        op = kg_op_filter_new (P->exec, op, g_ptr_array_index (where, i));
      g_ptr_array_free (where, TRUE);
    }
  kg_scope_free (*scope);
  *scope = g_steal_pointer (&bp.scope);
  kg_bound_projection_clear (&bp);
  return op;
}
