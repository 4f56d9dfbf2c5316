/* engine/plan-call.c — CALL: the native procedures (engine/proc-registry.h) and the
 * session's table procedures (engine/procedure.c).
 *
 * Checks a call against its procedure's signature (argument count, literal types,
 * implicit arguments from parameters in a standalone call) and its YIELD list,
 * declares the yielded variables, and plans a ProcedureCall or TableCall; a standalone CALL
 * sets the statement's columns. Procedures themselves run in ops/op-proc-call.c
 * and ops/op-table-call.c.
 */
#include "engine/plan-private.h"
#include "engine/proc-registry.h"
#include "engine/procedure-private.h"

#include <string.h>

/* The arguments of a call: the clause's expressions, or (called without parentheses,
 * standalone only) parameters named as the first @n_implicit inputs. Binds them and
 * checks literal ones against @types. Returns FALSE with the planner's error set. */
static gboolean
plan_args (KgPlanner *P, KgScope *scope, KgAst *clause, gboolean standalone, const char *proc_name, const char *const *names, const char *const *types, guint n_implicit, guint n_min, guint n_max, GPtrArray *args)
{
  if (clause->flags & KG_AST_F_STAR)
    {
      if (!standalone && n_implicit > 0)
        {
          KG_PLAN_ERR (P, KG_QUERY_ERROR_SEMANTIC, &clause->span,
                       "%s() takes arguments: pass them in parentheses (implicit arguments only work in a standalone CALL)", proc_name);
          return FALSE;
        }
      for (guint i = 0; i < n_implicit; i++)
        {
          KgAst *param = kg_ast_new (KG_AST_PARAMETER, &clause->span);
          param->name = g_strdup (names[i]);
          g_ptr_array_add (P->plan->owned, param);
          g_ptr_array_add (args, param);
        }
    }
  else
    for (guint i = 0; i < kg_ast_n_children (clause); i++)
      g_ptr_array_add (args, kg_ast_child (clause, i));
  if (args->len < n_min || args->len > n_max)
    {
      if (n_max == 0)
        KG_PLAN_ERR (P, KG_QUERY_ERROR_SEMANTIC, &clause->span, "%s() takes no arguments", proc_name);
      else if (n_min == n_max)
        KG_PLAN_ERR (P, KG_QUERY_ERROR_SEMANTIC, &clause->span, "%s() takes %u argument%s, not %u", proc_name, n_max,
                     n_max == 1 ? "" : "s", args->len);
      else
        KG_PLAN_ERR (P, KG_QUERY_ERROR_SEMANTIC, &clause->span, "%s() takes %u to %u arguments, not %u", proc_name, n_min,
                     n_max, args->len);
      return FALSE;
    }
  P->b.agg_context = "CALL";
  for (guint i = 0; i < args->len && !kg_planner_failed (P); i++)
    {
      KgAst *arg = g_ptr_array_index (args, i);
      if (!kg_bind_checked (&P->b, scope, arg, 0, FALSE))
        break;
      if (arg->kind == KG_AST_LITERAL && !kg_procedure_type_accepts (types[i], &arg->value))
        KG_PLAN_ERR (P, KG_QUERY_ERROR_SEMANTIC, &arg->span, "%s() expects %s for `%s`, not %s", proc_name, types[i],
                     names[i], kg_value_type_name (arg->value.type));
    }
  P->b.agg_context = NULL;
  kg_plan_pattern_exprs (P);
  return !kg_planner_failed (P);
}

/* What a call yields: declares a variable per yielded output (every output when there
 * is no YIELD and @all_by_default, or with YIELD * in a standalone call), filling @out
 * with their slots, @out_cols with the outputs they take and @vars with their names. */
static gboolean
plan_yield (KgPlanner *P, KgScope *scope, KgAst *clause, gboolean standalone, gboolean all_by_default, const char *proc_name, const char *const *outs, guint n_out, KgSlots *out, int *out_cols, GPtrArray *vars)
{
  g_autoptr (GPtrArray) cols = g_ptr_array_new ();
  GPtrArray *names = clause->names;
  gboolean star = names && names->len == 1 && strcmp (g_ptr_array_index (names, 0), "*") == 0;
  if (star && !standalone)
    {
      KG_PLAN_ERR (P, KG_QUERY_ERROR_SEMANTIC, &clause->span, "YIELD * is only allowed in a standalone CALL");
      return FALSE;
    }
  if (!names || star)
    {
      if (star || all_by_default)
        for (guint i = 0; i < n_out; i++)
          {
            g_ptr_array_add (cols, (gpointer) outs[i]);
            g_ptr_array_add (vars, (gpointer) outs[i]);
          }
    }
  else
    {
      gboolean aliased = (clause->flags & KG_AST_F_ALIASED) != 0;
      for (guint i = 0; i < names->len; i += aliased ? 2 : 1)
        {
          g_ptr_array_add (cols, g_ptr_array_index (names, i));
          g_ptr_array_add (vars, g_ptr_array_index (names, aliased ? i + 1 : i));
        }
    }
  for (guint i = 0; i < cols->len; i++)
    {
      const char *c = g_ptr_array_index (cols, i);
      const char *v = g_ptr_array_index (vars, i);
      guint k = 0;
      while (k < n_out && strcmp (outs[k], c) != 0)
        k++;
      if (k == n_out)
        {
          KG_PLAN_ERR (P, KG_QUERY_ERROR_SEMANTIC, &clause->span, "%s() has no output `%s`", proc_name, c);
          return FALSE;
        }
      if (kg_scope_lookup (scope, v))
        {
          KG_PLAN_ERR (P, KG_QUERY_ERROR_SEMANTIC, &clause->span, "variable `%s` already declared", v);
          return FALSE;
        }
      out_cols[i] = (int) k;
      kg_slots_add (out, kg_scope_declare (scope, v, KG_VAR_ANY, kg_binder_new_slot (&P->b))->slot);
    }
  return TRUE;
}

/* A standalone call's columns are the yielded variables. */
static void
set_columns (KgPlanner *P, GPtrArray *vars, const KgSlots *out)
{
  P->plan->columns = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < vars->len; i++)
    g_ptr_array_add (P->plan->columns, g_strdup (g_ptr_array_index (vars, i)));
  kg_slots_copy (&P->plan->column_slots, out);
}

/* CALL of a table procedure (engine/procedure.c), planned as a TableCall. */
static KgOp *
plan_table_call (KgPlanner *P, KgOp *op, KgScope *scope, KgAst *clause, gboolean standalone, const KgProcedure *proc)
{
  guint n_in = proc->in_names->len;
  guint n_out = proc->out_names->len;
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  if (!plan_args (P, scope, clause, standalone, proc->name, (const char *const *) proc->in_names->pdata,
                  (const char *const *) proc->in_types->pdata, n_in, n_in, n_in, args))
    return op;
  g_autoptr (GPtrArray) vars = g_ptr_array_new ();
  KgSlots out = { 0 };
  g_autofree int *out_cols = g_new0 (int, MAX (n_out, 1) + (clause->names ? clause->names->len : 0));
  if (plan_yield (P, scope, clause, standalone, standalone, proc->name, (const char *const *) proc->out_names->pdata, n_out,
                  &out, out_cols, vars))
    {
      op = kg_op_table_call_new (P->exec, op, proc, args, &out, out_cols, !standalone);
      if (standalone)
        set_columns (P, vars, &out);
    }
  kg_slots_clear (&out);
  return op;
}

/* CALL of a native procedure (engine/proc-registry.h), resolved here once and planned
 * as a ProcedureCall; trailing arguments may be left to their defaults. */
static KgOp *
plan_native_call (KgPlanner *P, KgOp *op, KgScope *scope, KgAst *clause, gboolean standalone, const KgNativeProc *proc)
{
  const char *in_names[KG_PROC_MAX_PARAMS];
  const char *in_types[KG_PROC_MAX_PARAMS];
  const char *outs[KG_PROC_MAX_FIELDS];
  for (guint i = 0; i < proc->n_params; i++)
    {
      in_names[i] = proc->params[i].name;
      in_types[i] = proc->params[i].type;
    }
  for (guint i = 0; i < proc->n_fields; i++)
    outs[i] = proc->fields[i].name;
  guint n_required = kg_native_proc_n_required (proc);
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  if (!plan_args (P, scope, clause, standalone, proc->name, in_names, in_types, n_required, n_required, proc->n_params, args))
    return op;
  g_autoptr (GPtrArray) vars = g_ptr_array_new ();
  KgSlots out = { 0 };
  g_autofree int *out_cols = g_new0 (int, MAX (proc->n_fields, 1) + (clause->names ? clause->names->len : 0));
  /* Without YIELD every output is declared, in a query as well as standalone, as the
   * db.* procedures always did. */
  if (plan_yield (P, scope, clause, standalone, TRUE, proc->name, outs, proc->n_fields, &out, out_cols, vars))
    {
      op = kg_op_proc_call_new (P->exec, op, proc, args, &out, out_cols, &clause->span);
      if (standalone)
        set_columns (P, vars, &out);
    }
  kg_slots_clear (&out);
  return op;
}

KgOp *
kg_plan_call (KgPlanner *P, KgOp *op, KgScope *scope, KgAst *clause, gboolean standalone)
{
  const KgProcedure *table_proc = kg_procedure_lookup (P->procedures, clause->name);
  if (table_proc)
    return plan_table_call (P, op, scope, clause, standalone, table_proc);
  const KgNativeProc *native = kg_native_proc_lookup (clause->name);
  if (native)
    return plan_native_call (P, op, scope, clause, standalone, native);
  KG_PLAN_ERR (P, KG_QUERY_ERROR_PROCEDURE, &clause->span, "there is no procedure `%s`", clause->name);
  return op;
}
