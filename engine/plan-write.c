/* engine/plan-write.c — planning CREATE, MERGE, SET, REMOVE and DELETE.
 *
 * The binder (bind-clause.c) has declared the variables these clauses introduce,
 * checked their rules and bound their expressions; a CREATE or MERGE pattern comes
 * back as KgCreateSpecs. This file stacks the write operators (ops/op-create.c,
 * op-merge.c, op-set.c, op-delete.c) and plans MERGE's match side over an Argument.
 * Every write marks the plan as writing, which later clauses read (LIMIT drains its
 * input, count() shortcuts are off).
 */
#include "engine/plan-private.h"

KgOp *
kg_plan_create (KgPlanner *P, KgOp *op, KgScope *scope, KgAst *clause)
{
  GPtrArray *parts = kg_pattern_parts (kg_ast_child (clause, 0));
  GPtrArray *specs = g_ptr_array_new_with_free_func (kg_create_spec_free);
  GHashTable *before = kg_scope_slots (scope);
  for (guint i = 0; i < parts->len && !kg_planner_failed (P); i++)
    g_ptr_array_add (specs, kg_bind_create_part (&P->b, scope, g_ptr_array_index (parts, i), FALSE, before));
  g_hash_table_destroy (before);
  kg_plan_pattern_exprs (P);
  if (!kg_planner_failed (P))
    {
      g_ptr_array_set_free_func (specs, NULL);
      op = kg_op_create_new (P->exec, op, specs);
    }
  g_ptr_array_free (specs, TRUE);
  g_ptr_array_free (parts, TRUE);
  P->plan->has_writes = TRUE;
  return op;
}

KgOp *
kg_plan_merge (KgPlanner *P, KgOp *op, KgScope *scope, KgAst *clause)
{
  GHashTable *before = kg_scope_slots (scope);
  KgCreateSpec *spec = NULL;
  gboolean ok = kg_bind_merge (&P->b, scope, clause, before, &spec);
  kg_plan_pattern_exprs (P);
  if (ok && !kg_planner_failed (P))
    {
      /* the match side: the pattern over an Argument, with what was bound before */
      KgMatchState m;
      kg_match_state_init (&m, NULL);
      GHashTableIter it;
      gpointer key;
      g_hash_table_iter_init (&it, before);
      while (g_hash_table_iter_next (&it, &key, NULL))
        g_hash_table_add (m.bound, key);
      GPtrArray *parts = kg_pattern_parts (kg_ast_child (clause, 0));
      KgOp *match = kg_plan_parts (P, &m, kg_op_argument_new (P->exec), parts, scope);
      g_ptr_array_free (parts, TRUE);
      kg_match_state_clear (&m);
      if (!kg_planner_failed (P))
        {
          KgSlots none = { 0 };
          op = kg_op_merge_new (P->exec, op, match, spec, &none, clause, NULL);
        }
      else
        kg_op_free (match);
    }
  if (spec)
    kg_create_spec_free (spec);
  g_hash_table_destroy (before);
  P->plan->has_writes = TRUE;
  return op;
}

KgOp *
kg_plan_delete (KgPlanner *P, KgOp *op, KgScope *scope, KgAst *clause)
{
  gboolean ok = kg_bind_delete (&P->b, scope, clause);
  kg_plan_pattern_exprs (P);
  P->plan->has_writes = TRUE;
  if (!ok || kg_planner_failed (P))
    return op;
  return kg_op_delete_new (P->exec, op, clause);
}

KgOp *
kg_plan_set (KgPlanner *P, KgOp *op, KgScope *scope, KgAst *clause)
{
  gboolean ok = kg_bind_set_items (&P->b, scope, clause);
  kg_plan_pattern_exprs (P);
  P->plan->has_writes = TRUE;
  if (!ok || kg_planner_failed (P))
    return op;
  return kg_op_set_new (P->exec, op, clause);
}
