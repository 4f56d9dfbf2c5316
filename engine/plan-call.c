/* engine/plan-call.c — planning CALL from a bound call (bind-call.c).
 *
 * A native procedure (engine/proc-registry.h) becomes a ProcedureCall
 * (ops/op-proc-call.c), a table procedure a TableCall (ops/op-table-call.c); a
 * standalone CALL sets the statement's columns to what it yields. The signature and
 * YIELD checks are the binder's.
 */
#include "engine/plan-private.h"
#include "engine/proc-registry.h"
#include "engine/procedure-private.h"

KgOp *
kg_plan_call (KgPlanner *P, KgOp *op, KgScope *scope, KgAst *clause, gboolean standalone)
{
  KgBoundCall bc;
  gboolean ok = kg_bind_call (&P->b, scope, clause, standalone, P->procedures, &bc);
  kg_plan_pattern_exprs (P);
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
    }
  kg_bound_call_clear (&bc);
  return op;
}
