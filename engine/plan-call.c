/* engine/plan-call.c — planning CALL, CALL { ... } subqueries and FOREACH.
 *
 * A native procedure (engine/proc-registry.h) becomes a ProcedureCall
 * (ops/op-proc-call.c), a table procedure a TableCall (ops/op-table-call.c); a
 * standalone CALL sets the statement's columns to what it yields. The signature and
 * YIELD checks are the binder's.
 *
 * A subquery (CALL { ... }, and the queries inside EXISTS, COUNT and COLLECT) is planned
 * by the clause driver over an Argument, in the same row as the outer query: the
 * variables it imports keep their slots, what it returns gets new ones. CALL runs it
 * with Apply (one row per returned row), Optional (OPTIONAL CALL) or SubqueryForeach (a
 * unit subquery: run it to the end, keep the outer row); FOREACH is an UNWIND over an
 * Argument under Foreach. The rules on the clauses inside are bind-clause.c's.
 * CALL { ... } IN TRANSACTIONS becomes a CallInTransactions (ops/op-call-in-txns.c);
 * the rules on where it may stand (top level, no UNION, no write before it, an
 * implicit transaction) are checked here.
 */
#include "engine/plan-private.h"
#include "engine/proc-registry.h"
#include "engine/procedure-private.h"

#include <string.h>

KgOp *
kg_plan_call (KgPlanner *P, KgOp *op, KgScope *scope, KgAst *clause, gboolean standalone)
{
  KgBoundCall bc;
  gboolean ok = kg_bind_call (&P->b, scope, clause, standalone, P->procedures, &bc);
  kg_plan_pattern_exprs (P);
  if (ok && bc.native != NULL && bc.native->mode == KG_PROC_WRITE)
    {
      /* A write procedure changes the graph in one go: nothing before it in the
       * statement may be reading the graph meanwhile. */
      if (!P->first_clause)
        ok = kg_bind_error (&P->b, KG_QUERY_ERROR_SEMANTIC, &clause->span,
                            "%s writes the graph, so it can only be the first clause of a statement", bc.native->name);
      P->plan->has_writes = TRUE;
    }
  if (ok && !kg_planner_failed (P))
    {
      if (bc.table)
        op = kg_op_table_call_new (P->exec, op, bc.table, bc.args, &bc.out, bc.out_cols, !standalone);
      else
        op = kg_op_proc_call_new (P->exec, op, bc.native, bc.args, &bc.out, bc.out_cols, &clause->span);
      if (standalone)
        {
          P->plan->columns = g_ptr_array_new_with_free_func (g_free);
          for (guint i = 0; i < bc.columns->len; i++)
            g_ptr_array_add (P->plan->columns, g_strdup (g_ptr_array_index (bc.columns, i)));
          kg_slots_copy (&P->plan->column_slots, &bc.out);
        }
      /* YIELD ... WHERE: over the yielded variables and what came before */
      KgAst *where = (clause->flags & KG_AST_F_WHERE) ? kg_ast_child (clause, kg_ast_n_children (clause) - 1) : NULL;
      if (where && kg_bind_checked (&P->b, scope, where, 0, TRUE))
        {
          kg_plan_pattern_exprs (P);
          if (!kg_planner_failed (P))
            op = kg_op_filter_new (P->exec, op, where);
        }
    }
  kg_bound_call_clear (&bc);
  return op;
}

/* --- Subqueries --------------------------------------------------------------------- */

/* A scope with the same parent and variables as @start. */
static KgScope *
scope_copy (KgScope *start)
{
  KgScope *s = kg_scope_new (start->parent);
  for (guint i = 0; i < start->vars->len; i++)
    {
      KgVar *v = g_ptr_array_index (start->vars, i);
      kg_scope_declare (s, v->name, v->kind, v->slot);
    }
  return s;
}

static void
import_var (KgScope *scope, KgVar *v)
{
  if (v != NULL && kg_scope_lookup_local (scope, v->name) == NULL)
    kg_scope_declare (scope, v->name, v->kind, v->slot);
}

/* `CALL { WITH a, b ... }`: the first WITH of a branch names the variables it imports. */
static void
import_with (KgScope *scope, KgScope *from, KgAst *sq)
{
  KgAst *first = kg_ast_child (sq, 0);
  if (first == NULL || first->kind != KG_AST_WITH)
    return;
  KgAst *list = kg_ast_child (first, 0);
  if (list->flags & KG_AST_F_STAR)
    {
      g_autoptr (KgScope) all = kg_scope_snapshot (from);
      for (guint i = 0; i < all->vars->len; i++)
        import_var (scope, g_ptr_array_index (all->vars, i));
    }
  for (guint i = 0; i < kg_ast_n_children (list); i++)
    {
      KgAst *e = kg_ast_child (kg_ast_child (list, i), 0);
      if (e != NULL && e->kind == KG_AST_VARIABLE)
        import_var (scope, kg_scope_lookup (from, e->name));
    }
}

static gboolean
same_names (KgScope *a, KgScope *b)
{
  if (a->vars->len != b->vars->len)
    return FALSE;
  for (guint i = 0; i < a->vars->len; i++)
    if (strcmp (((KgVar *) g_ptr_array_index (a->vars, i))->name, ((KgVar *) g_ptr_array_index (b->vars, i))->name) != 0)
      return FALSE;
  return TRUE;
}

static void
slots_free (gpointer p)
{
  kg_slots_clear (p);
  g_free (p);
}

KgOp *
kg_plan_subquery (KgPlanner *P, KgAst *body, KgScope *start, KgScope *import_from, KgQueryMode mode, KgScope **returned)
{
  *returned = NULL;
  GPtrArray *branches = g_ptr_array_new ();
  guint kinds = 0, n_unions = 0;
  kg_plan_union_branches (body, branches, &kinds, &n_unions);
  if (kinds == 3)
    KG_PLAN_ERR (P, KG_QUERY_ERROR_SEMANTIC, &body->span, "cannot mix UNION and UNION ALL");
  GPtrArray *ops = g_ptr_array_new ();
  GPtrArray *slots = g_ptr_array_new_with_free_func (slots_free);
  KgScope *first = NULL;
  for (guint i = 0; i < branches->len && !kg_planner_failed (P); i++)
    {
      KgAst *sq = g_ptr_array_index (branches, i);
      KgScope *scope = scope_copy (start);
      if (import_from)
        import_with (scope, import_from, sq);
      g_ptr_array_add (ops, kg_plan_clauses (P, kg_op_argument_new (P->exec), &scope, sq, mode));
      gboolean returns = kg_query_returns (sq);
      if (kg_planner_failed (P) || branches->len == 1)
        {
          if (!kg_planner_failed (P) && returns)
            first = g_steal_pointer (&scope);
          g_clear_pointer (&scope, kg_scope_free);
          break;
        }
      /* EXISTS { A UNION B } may leave out RETURN, in every part */
      if (!returns && (mode != KG_QUERY_EXISTS || kg_query_returns (body)))
        KG_PLAN_ERR (P, KG_QUERY_ERROR_SEMANTIC, &sq->span, "each part of a UNION must end with RETURN");
      else if (returns && !kg_query_returns (body))
        KG_PLAN_ERR (P, KG_QUERY_ERROR_SEMANTIC, &sq->span, "either every part of a UNION ends with RETURN or none does");
      else if (first != NULL && !same_names (first, scope))
        KG_PLAN_ERR (P, KG_QUERY_ERROR_SEMANTIC, &sq->span, "all parts of a UNION must return the same column names");
      KgSlots *s = g_new0 (KgSlots, 1);
      g_ptr_array_add (slots, s);
      if (!returns)
        {
          kg_scope_free (scope);
          continue;
        }
      for (guint j = 0; j < scope->vars->len; j++)
        kg_slots_add (s, ((KgVar *) g_ptr_array_index (scope->vars, j))->slot);
      if (first == NULL)
        first = g_steal_pointer (&scope);
      else
        kg_scope_free (scope);
    }
  KgOp *root = NULL;
  if (kg_planner_failed (P))
    {
      for (guint i = 0; i < ops->len; i++)
        kg_op_free (g_ptr_array_index (ops, i));
      g_clear_pointer (&first, kg_scope_free);
    }
  else if (branches->len == 1)
    root = g_ptr_array_index (ops, 0);
  else
    {
      root = kg_op_union_new (P->exec, ops, slots, g_ptr_array_index (slots, 0));
      if (kinds == 2)
        root = kg_op_distinct_new (P->exec, root, g_ptr_array_index (slots, 0));
    }
  g_ptr_array_free (ops, TRUE);
  g_ptr_array_free (slots, TRUE);
  g_ptr_array_free (branches, TRUE);
  *returned = first;
  return root;
}

/* Where CALL { ... } IN TRANSACTIONS, clause @i of @sq, may stand, and its options: an
 * error when it may not. */
static gboolean
check_in_transactions (KgPlanner *P, KgAst *sq, guint i, KgQueryMode mode)
{
  KgAst *clause = kg_ast_child (sq, i);
  KgAst *txn = kg_ast_child (clause, 1);
  if (mode != KG_QUERY_TOP)
    return KG_PLAN_ERR (P, KG_QUERY_ERROR_SEMANTIC, &txn->span,
                        "CALL { ... } IN TRANSACTIONS cannot be nested inside a subquery or FOREACH");
  if (P->in_union)
    return KG_PLAN_ERR (P, KG_QUERY_ERROR_SEMANTIC, &txn->span, "CALL { ... } IN TRANSACTIONS cannot be part of a UNION");
  for (guint j = 0; j < i; j++)
    {
      KgAst *before = kg_ast_child (sq, j);
      gboolean batched = before->kind == KG_AST_CALL_SUBQUERY && kg_ast_child (before, 1) != NULL;
      if (!batched && kg_ast_writes (before))
        return KG_PLAN_ERR (P, KG_QUERY_ERROR_SEMANTIC, &txn->span,
                            "CALL { ... } IN TRANSACTIONS cannot come after a write clause (line %u, column %u); "
                            "put the writes inside a CALL { ... } IN TRANSACTIONS",
                            before->span.start.line, before->span.start.column);
    }
  if (txn->op == KG_TXN_ON_ERROR_RETRY)
    return KG_PLAN_ERR (P, KG_QUERY_ERROR_UNSUPPORTED, &txn->span,
                        "`ON ERROR RETRY` is not supported: kgq's batches have no transient errors to retry; "
                        "use ON ERROR CONTINUE, BREAK or FAIL");
  if (kg_ast_child (txn, 1) != NULL && txn->op == KG_TXN_ON_ERROR_FAIL)
    return KG_PLAN_ERR (P, KG_QUERY_ERROR_SEMANTIC, &txn->span,
                        "REPORT STATUS can only be used when specifying ON ERROR CONTINUE or ON ERROR BREAK");
  if (P->exec->commit_batch == NULL)
    return KG_PLAN_ERR (P, KG_QUERY_ERROR_SEMANTIC, &txn->span,
                        "CALL { ... } IN TRANSACTIONS can only run in an implicit transaction, "
                        "not inside an explicit one (BEGIN ... COMMIT)");
  KgAst *rows = kg_ast_child (txn, 0);
  if (rows != NULL)
    {
      /* evaluated once, before the first batch: parameters and constants only */
      g_autoptr (KgScope) none = kg_scope_new (NULL);
      if (!kg_bind_checked (&P->b, none, rows, 0, FALSE))
        return FALSE;
      kg_plan_pattern_exprs (P);
    }
  return !kg_planner_failed (P);
}

/* Whether the input of clause @i of @sq may be read while the batches write: it reads
 * no graph (LOAD CSV, UNWIND and WITH only), so it cannot see what they write. Any
 * other input is read whole first, as before every write. */
static gboolean
input_streams (KgAst *sq, guint i)
{
  for (guint j = 0; j < i; j++)
    {
      KgAstKind k = kg_ast_child (sq, j)->kind;
      if (k != KG_AST_LOAD_CSV && k != KG_AST_UNWIND && k != KG_AST_WITH)
        return FALSE;
    }
  return TRUE;
}

KgOp *
kg_plan_call_subquery (KgPlanner *P, KgOp *op, KgScope *scope, KgAst *sq, guint index, KgQueryMode mode)
{
  KgAst *clause = kg_ast_child (sq, index);
  KgAst *body = kg_ast_child (clause, 0);
  KgAst *txn = kg_ast_child (clause, 1);
  if (txn != NULL && !check_in_transactions (P, sq, index, mode))
    return op;
  gboolean scoped = (clause->flags & KG_AST_F_SCOPED) != 0;
  KgScope *start = (clause->flags & KG_AST_F_STAR) ? kg_scope_snapshot (scope) : kg_scope_new (NULL);
  for (guint i = 0; i < kg_ast_n_names (clause); i++)
    {
      const char *name = kg_ast_name_at (clause, i);
      KgVar *v = kg_scope_lookup (scope, name);
      if (v == NULL)
        {
          KG_PLAN_ERR (P, KG_QUERY_ERROR_SEMANTIC, &clause->span, "variable `%s` not defined", name);
          kg_scope_free (start);
          return op;
        }
      import_var (start, v);
    }
  KgScope *returned = NULL;
  KgOp *inner = kg_plan_subquery (P, body, start, scoped ? NULL : scope, KG_QUERY_CALL, &returned);
  kg_scope_free (start);
  if (inner == NULL)
    return op;
  KgSlots out = { 0 };
  for (guint i = 0; returned && i < returned->vars->len && !kg_planner_failed (P); i++)
    {
      KgVar *v = g_ptr_array_index (returned->vars, i);
      if (kg_scope_lookup (scope, v->name))
        KG_PLAN_ERR (P, KG_QUERY_ERROR_SEMANTIC, &body->span,
                     "variable `%s` is already declared in the outer scope; return it under another name", v->name);
      else
        {
          kg_scope_declare (scope, v->name, v->kind, v->slot);
          kg_slots_add (&out, v->slot);
        }
    }
  int status_slot = -1;
  KgAst *status = txn != NULL ? kg_ast_child (txn, 1) : NULL;
  if (status != NULL && !kg_planner_failed (P))
    {
      if (kg_scope_lookup (scope, status->name))
        KG_PLAN_ERR (P, KG_QUERY_ERROR_SEMANTIC, &status->span, "variable `%s` is already declared", status->name);
      else
        {
          status_slot = kg_binder_new_slot (&P->b);
          kg_scope_declare (scope, status->name, KG_VAR_ANY, status_slot);
          kg_binder_set_type (&P->b, status_slot, 1u << KG_VALUE_MAP);
        }
    }
  if (kg_planner_failed (P))
    {
      kg_op_free (inner);
      kg_slots_clear (&out);
      g_clear_pointer (&returned, kg_scope_free);
      return op;
    }
  /* a writing subquery: the rows before it are all read before it writes, and the
   * clauses after it see all its writes (the barrier every write operator keeps) */
  gboolean writes = kg_ast_writes (body);
  if (txn != NULL)
    {
      /* Batches commit as they go: the input is read as they need it when it cannot
       * see their writes, and a barrier after them only when later clauses write (so
       * that those writes fall in the statement's own transaction, after the batches). */
      /* a subquery that only reads runs under the read lock: its batches commit
       * nothing (kg_statement_writes() says so before binding) */
      gboolean txn_writes = kg_statement_writes (body);
      if (txn_writes)
        P->plan->has_writes = TRUE;
      if (txn_writes && !input_streams (sq, index))
        op = kg_op_eager_new (P->exec, op);
      KgCallInTxnsSpec spec = { 0 };
      spec.batch_expr = kg_ast_child (txn, 0);
      spec.on_error = txn->op;
      spec.returns = returned != NULL;
      spec.optional = (clause->flags & KG_AST_F_OPTIONAL) != 0;
      spec.null_slots = out;
      spec.status_slot = status_slot;
      spec.writes = txn_writes;
      op = kg_op_call_in_txns_new (P->exec, op, inner, &spec);
      gboolean later_writes = FALSE;
      for (guint j = index + 1; j < kg_ast_n_children (sq); j++)
        later_writes = later_writes || kg_ast_writes (kg_ast_child (sq, j));
      if (later_writes)
        op = kg_op_eager_new (P->exec, op);
    }
  else
    {
      if (writes)
        op = kg_op_eager_new (P->exec, op);
      if (returned == NULL)
        op = kg_op_foreach_new (P->exec, op, inner, TRUE);
      else if (clause->flags & KG_AST_F_OPTIONAL)
        op = kg_op_optional_new (P->exec, op, inner, &out);
      else
        op = kg_op_apply_new (P->exec, op, inner);
      if (writes)
        op = kg_op_eager_new (P->exec, op);
    }
  kg_slots_clear (&out);
  g_clear_pointer (&returned, kg_scope_free);
  return op;
}

KgOp *
kg_plan_foreach (KgPlanner *P, KgOp *op, KgScope *scope, KgAst *clause)
{
  KgScope *inner_scope = kg_scope_new (scope);
  int slot = kg_bind_unwind (&P->b, inner_scope, clause);
  kg_plan_pattern_exprs (P);
  if (slot < 0 || kg_planner_failed (P))
    {
      kg_scope_free (inner_scope);
      return op;
    }
  KgOp *inner = kg_op_unwind_lists_new (P->exec, kg_op_argument_new (P->exec), kg_ast_child (clause, 0), slot);
  inner = kg_plan_clauses (P, inner, &inner_scope, kg_ast_child (clause, 2), KG_QUERY_FOREACH);
  kg_scope_free (inner_scope);
  if (kg_planner_failed (P))
    {
      kg_op_free (inner);
      return op;
    }
  op = kg_op_foreach_new (P->exec, kg_op_eager_new (P->exec, op), inner, FALSE);
  return kg_op_eager_new (P->exec, op);
}
