/* engine/plan.c — the clause driver: planning a statement into a tree of operators.
 *
 * Walks a statement clause by clause, keeping the scope of visible variables (WITH and
 * RETURN end a scope), and for each clause asks the binder for its bound form
 * (bind-clause.c, bind-project.c, bind-call.c) and then the planner part for it to stack
 * its operators on the pipeline so far: patterns in plan-match.c, projections in
 * plan-project.c, writes in plan-write.c, CALL in plan-call.c. It also plans UNION
 * (whose column rules it checks, as they compare the branches' planned columns), tries
 * the counting shortcut (plan-count.c), and owns the entry point. Expressions are
 * bound by bind.c; operators run in ops/; execution is exec.c.
 */
#include "engine/plan-private.h"
#include "graph/stats.h"

#include <string.h>

/* --- Clauses -------------------------------------------------------------------- */

static KgOp *
plan_unwind (KgPlanner *P, KgOp *op, KgScope *scope, KgAst *clause)
{
  int slot = kg_bind_unwind (&P->b, scope, clause);
  kg_plan_pattern_exprs (P);
  if (slot < 0 || kg_planner_failed (P))
    return op;
  return kg_op_unwind_new (P->exec, op, kg_ast_child (clause, 0), slot);
}

static KgOp *
plan_load_csv (KgPlanner *P, KgOp *op, KgScope *scope, KgAst *clause)
{
  char delim = ',';
  int slot = kg_bind_load_csv (&P->b, scope, clause, &delim);
  kg_plan_pattern_exprs (P);
  if (slot < 0 || kg_planner_failed (P))
    return op;
  return kg_op_load_csv_new (P->exec, op, kg_ast_child (clause, 0), slot, (clause->flags & KG_AST_F_HEADERS) != 0, delim, &clause->span);
}

/* The variables a WITH/RETURN groups by (`v` or `v.key` items next to aggregates). */
static GPtrArray *
grouping_names (KgAst *clause)
{
  if (clause == NULL || (clause->kind != KG_AST_WITH && clause->kind != KG_AST_RETURN))
    return NULL;
  KgAst *list = kg_ast_child (clause, 0);
  gboolean agg = FALSE;
  for (guint i = 0; i < kg_ast_n_children (list); i++)
    agg = agg || kg_ast_contains_aggregate (kg_ast_child (kg_ast_child (list, i), 0));
  if (!agg)
    return NULL;
  GPtrArray *names = g_ptr_array_new ();
  for (guint i = 0; i < kg_ast_n_children (list); i++)
    {
      KgAst *e = kg_ast_child (kg_ast_child (list, i), 0);
      if (e->kind == KG_AST_PROPERTY)
        e = kg_ast_child (e, 0);
      if (e && e->kind == KG_AST_VARIABLE)
        g_ptr_array_add (names, e->name);
    }
  return names;
}

/* Plans the clauses of a SINGLE_QUERY on top of @op. */
KgOp *
kg_plan_clauses (KgPlanner *P, KgOp *op, KgScope **scope, KgAst *sq, KgQueryMode mode)
{
  guint n = kg_ast_n_children (sq);
  /* saved for the nested queries of pattern expressions */
  gboolean read_only = P->read_only;
  KgAst *first_match = P->first_match;
  P->read_only = mode == KG_QUERY_TOP;
  for (guint i = 0; i < n; i++)
    {
      KgAstKind k = kg_ast_child (sq, i)->kind;
      if (k != KG_AST_MATCH && k != KG_AST_UNWIND && k != KG_AST_WITH && k != KG_AST_RETURN && k != KG_AST_FINISH)
        P->read_only = FALSE;
    }
  for (guint i = 0; i < n && !kg_planner_failed (P); i++)
    {
      KgAst *c = kg_ast_child (sq, i);
      if (!kg_bind_clause_place (&P->b, sq, i, mode))
        break;
      P->first_match = i == 1 && P->read_only && kg_ast_child (sq, 0)->kind == KG_AST_MATCH ? kg_ast_child (sq, 0) : NULL;
      switch (c->kind)
        {
        case KG_AST_MATCH:
          {
            guint last = kg_match_chain_end (*scope, sq, i);
            for (guint j = i + 1; j <= last; j++)
              if (!kg_bind_clause_place (&P->b, sq, j, mode))
                last = i;
            KgAst *next = last + 1 < n ? kg_ast_child (sq, last + 1) : NULL;
            P->prefer = grouping_names (next);
            KgAst *later = P->later;
            guint later_from = P->later_from;
            P->later = sq;
            P->later_from = last + 1;
            if (last > i)
              op = kg_plan_match_chain (P, op, scope, sq, i, last);
            else
              op = kg_plan_match (P, op, *scope, c);
            P->later = later;
            P->later_from = later_from;
            g_clear_pointer (&P->prefer, g_ptr_array_unref);
            i = last;
          }
          break;
        case KG_AST_UNWIND:
          op = plan_unwind (P, op, *scope, c);
          break;
        case KG_AST_LOAD_CSV:
          op = plan_load_csv (P, op, *scope, c);
          break;
        case KG_AST_WITH:
          op = kg_plan_projection (P, op, scope, c, FALSE, FALSE);
          break;
        case KG_AST_RETURN:
          op = kg_plan_projection (P, op, scope, c, TRUE, mode == KG_QUERY_TOP);
          break;
        case KG_AST_CREATE:
        case KG_AST_MERGE:
        case KG_AST_SET:
        case KG_AST_REMOVE:
        case KG_AST_DELETE:
          if (c->kind == KG_AST_CREATE)
            op = kg_plan_create (P, op, *scope, c);
          else if (c->kind == KG_AST_MERGE)
            op = kg_plan_merge (P, op, *scope, c);
          else if (c->kind == KG_AST_DELETE)
            op = kg_plan_delete (P, op, *scope, c);
          else
            op = kg_plan_set (P, op, *scope, c);
          break;
        case KG_AST_CALL:
          P->first_clause = i == 0 && mode == KG_QUERY_TOP;
          op = kg_plan_call (P, op, *scope, c, n == 1 && mode == KG_QUERY_TOP);
          break;
        case KG_AST_CALL_SUBQUERY:
          op = kg_plan_call_subquery (P, op, *scope, sq, i, mode);
          break;
        case KG_AST_FOREACH:
          op = kg_plan_foreach (P, op, *scope, c);
          break;
        case KG_AST_FINISH:
          break; /* the rows are computed, for their writes, and none is returned */
        default:
          g_assert_not_reached (); /* kg_bind_clause_place() rejects the others */
        }
    }
  P->first_match = first_match;
  P->read_only = read_only;
  if (!kg_planner_failed (P))
    kg_bind_query_end (&P->b, sq, mode);
  return op;
}

static KgOp *
plan_single (KgPlanner *P, KgAst *sq)
{
  KgScope *scope = kg_scope_new (NULL);
  KgOp *op = kg_plan_clauses (P, kg_op_unit_new (P->exec), &scope, sq, KG_QUERY_TOP);
  kg_scope_free (scope);
  if (!kg_planner_failed (P) && P->plan->columns && P->plan->columns->len == 1)
    {
      KgOp *counted = kg_plan_try_count_paths (P, sq);
      if (counted)
        {
          kg_op_free (op);
          op = counted;
        }
    }
  return op;
}

void
kg_plan_union_branches (KgAst *u, GPtrArray *branches, guint *all_flags, guint *n_unions)
{
  if (u->kind == KG_AST_UNION)
    {
      kg_plan_union_branches (kg_ast_child (u, 0), branches, all_flags, n_unions);
      g_ptr_array_add (branches, kg_ast_child (u, 1));
      *all_flags |= (u->flags & KG_AST_F_ALL) ? 1 : 2;
      (*n_unions)++;
    }
  else
    g_ptr_array_add (branches, u);
}

static KgOp *
plan_union (KgPlanner *P, KgAst *u)
{
  GPtrArray *branches = g_ptr_array_new ();
  guint kinds = 0, n = 0;
  kg_plan_union_branches (u, branches, &kinds, &n);
  if (kinds == 3)
    {
      KG_PLAN_ERR (P, KG_QUERY_ERROR_SEMANTIC, &u->span, "cannot mix UNION and UNION ALL");
      g_ptr_array_free (branches, TRUE);
      return NULL;
    }
  GPtrArray *ops = g_ptr_array_new ();
  GPtrArray *slots = g_ptr_array_new ();
  GPtrArray *columns = NULL;
  for (guint i = 0; i < branches->len && !kg_planner_failed (P); i++)
    {
      KgAst *sq = g_ptr_array_index (branches, i);
      P->in_union = TRUE;
      KgOp *op = plan_single (P, sq);
      P->in_union = FALSE;
      g_ptr_array_add (ops, op);
      if (kg_planner_failed (P))
        break;
      if (P->plan->columns == NULL)
        {
          KG_PLAN_ERR (P, KG_QUERY_ERROR_SEMANTIC, &sq->span, "each part of a UNION must end with RETURN");
          break;
        }
      KgSlots *s = g_new0 (KgSlots, 1);
      kg_slots_copy (s, &P->plan->column_slots);
      g_ptr_array_add (slots, s);
      if (columns == NULL)
        columns = g_ptr_array_ref (P->plan->columns);
      else
        {
          gboolean same = columns->len == P->plan->columns->len;
          for (guint c = 0; same && c < columns->len; c++)
            same = strcmp (g_ptr_array_index (columns, c), g_ptr_array_index (P->plan->columns, c)) == 0;
          if (!same)
            KG_PLAN_ERR (P, KG_QUERY_ERROR_SEMANTIC, &sq->span, "all parts of a UNION must return the same column names");
        }
      g_ptr_array_unref (P->plan->columns);
      P->plan->columns = NULL;
    }
  KgOp *root = NULL;
  if (!kg_planner_failed (P))
    {
      KgSlots out = { 0 };
      kg_slots_copy (&out, g_ptr_array_index (slots, 0));
      root = kg_op_union_new (P->exec, ops, slots, &out);
      if (kinds == 2)
        root = kg_op_distinct_new (P->exec, root, &out);
      P->plan->columns = g_ptr_array_ref (columns);
      kg_slots_clear (&P->plan->column_slots);
      P->plan->column_slots = out;
    }
  else
    for (guint i = 0; i < ops->len; i++)
      kg_op_free (g_ptr_array_index (ops, i));
  for (guint i = 0; i < slots->len; i++)
    {
      kg_slots_clear (g_ptr_array_index (slots, i));
      g_free (g_ptr_array_index (slots, i));
    }
  g_ptr_array_free (slots, TRUE);
  g_ptr_array_free (ops, TRUE);
  g_ptr_array_free (branches, TRUE);
  if (columns)
    g_ptr_array_unref (columns);
  return root;
}

/* --- Entry point ---------------------------------------------------------------- */

static KgPlan *plan_build (KgGraph *graph, KgAst *query, const KgPlanOptions *options, GError **error);

KgPlan *
kg_plan_build (KgGraph *graph, KgAst *query, const KgPlanOptions *options, GError **error)
{
  g_return_val_if_fail (graph != NULL && query != NULL, NULL);
  if (kg_schema_is_index_statement (query))
    return kg_schema_plan (graph, query, options, error);
  if (kg_schema_is_constraint_statement (query))
    return kg_schema_constraint_plan (graph, query, options, error);
  guint threads = options ? options->threads : 1;
  /* the copies of a parallel plan are built from the statement as parsed (binding
   * annotates the tree) */
  KgAst *pristine = threads > 1 && !kg_statement_writes (query) ? kg_ast_copy (query) : NULL;
  KgPlan *plan = plan_build (graph, query, options, error);
  if (pristine == NULL)
    return plan;
  if (plan == NULL)
    {
      kg_ast_free (pristine);
      return NULL;
    }
  return kg_plan_parallelize (plan, pristine, options, threads);
}

static KgPlan *
plan_build (KgGraph *graph, KgAst *query, const KgPlanOptions *options, GError **error)
{
  KgPlan *plan = g_new0 (KgPlan, 1);
  plan->query = query;
  plan->subplans = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, kg_subplan_free);
  plan->owned = g_ptr_array_new_with_free_func ((GDestroyNotify) kg_ast_free);
  KgExec *exec = &plan->exec;
  kg_exec_init (exec, plan, graph, options);
  plan->explain = (query->flags & KG_AST_F_EXPLAIN) != 0;
  plan->profile = (query->flags & KG_AST_F_PROFILE) != 0;
  exec->profile = plan->profile;

  KgPlanner P = { 0 };
  P.weight_slot = -1;
  P.plan = plan;
  P.exec = exec;
  P.b.plan = plan;
  P.b.graph = graph;
  P.b.filename = exec->filename;
  P.b.params = options ? options->params : NULL;
  P.procedures = options ? options->procedures : NULL;
  GError *local = NULL;
  P.b.error = &local;
  P.b.slot_types = g_array_new (FALSE, TRUE, sizeof (guint));
  P.b.slot_labels = g_hash_table_new (g_direct_hash, g_direct_equal);
  P.b.patterns = g_ptr_array_new_with_free_func (kg_bound_pattern_free);

  KgAst *body = kg_ast_child (query, 0);
  if (body == NULL)
    KG_PLAN_ERR (&P, KG_QUERY_ERROR_SYNTAX, &query->span, "empty statement");
  else if (body->kind == KG_AST_UNION)
    plan->root = plan_union (&P, body);
  else
    plan->root = plan_single (&P, body);
  if (local == NULL)
    kg_bind_notices (&P.b, query, options);

  g_array_free (P.b.slot_types, TRUE);
  g_hash_table_destroy (P.b.slot_labels);
  g_clear_pointer (&P.stats, kg_stats_unref);
  g_ptr_array_free (P.b.patterns, TRUE);
  if (local == NULL && plan->columns == NULL)
    {
      plan->columns = g_ptr_array_new_with_free_func (g_free);
      plan->drain_only = TRUE;
    }
  if (local != NULL)
    {
      if (local->domain == KG_QUERY_ERROR)
        kg_query_error_set_compile_time (local, TRUE);
      g_propagate_error (error, local);
      kg_plan_free (plan);
      return NULL;
    }
  kg_exec_alloc_slots (exec);
  kg_plan_stream_writes (plan);
  gboolean batches = !plan->has_writes && !exec->rows_only;
  kg_op_plan_batches (plan->root, batches);
  if (plan->has_writes && plan->drain_only && !exec->rows_only)
    kg_op_create_plan_batches (plan->root);
  GHashTableIter it;
  gpointer sp;
  g_hash_table_iter_init (&it, plan->subplans);
  while (g_hash_table_iter_next (&it, NULL, &sp))
    kg_op_plan_batches (((KgSubplan *) sp)->root, batches);
  exec->env.folded = kg_expr_folded_new (P.b.n_folds);
  exec->env.n_folded = P.b.n_folds;
  return plan;
}
