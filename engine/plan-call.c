/* engine/plan-call.c — CALL: the built-in db.* procedures and the session's table
 * procedures (engine/procedure.c).
 *
 * Checks a call against its procedure's signature (argument count, literal types,
 * implicit arguments from parameters in a standalone call) and its YIELD list,
 * declares the yielded variables, and plans a Call or TableCall; a standalone CALL
 * sets the statement's columns. Procedures themselves run in ops/op-call.c and
 * ops/op-table-call.c.
 */
#include "engine/plan-private.h"
#include "engine/procedure-private.h"

#include <string.h>

/* CALL of a table procedure (engine/procedure.c): checks the arguments against the
 * signature (count, literal types, implicit arguments from parameters in a standalone
 * call) and the YIELD list, then plans a TableCall. */
static KgOp *
plan_table_call (KgPlanner *P, KgOp *op, KgScope *scope, KgAst *clause, gboolean standalone, const KgProcedure *proc)
{
  guint n_in = proc->in_names->len;
  guint n_out = proc->out_names->len;
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  if (clause->flags & KG_AST_F_STAR)
    {
      /* Called without parentheses: the arguments are the parameters of the same names. */
      if (!standalone && n_in > 0)
        {
          KG_PLAN_ERR (P, KG_QUERY_ERROR_SEMANTIC, &clause->span,
                       "%s() takes arguments: pass them in parentheses (implicit arguments only work in a standalone CALL)", proc->name);
          return op;
        }
      for (guint i = 0; i < n_in; i++)
        {
          KgAst *param = kg_ast_new (KG_AST_PARAMETER, &clause->span);
          param->name = g_strdup (g_ptr_array_index (proc->in_names, i));
          g_ptr_array_add (P->plan->owned, param);
          g_ptr_array_add (args, param);
        }
    }
  else
    for (guint i = 0; i < kg_ast_n_children (clause); i++)
      g_ptr_array_add (args, kg_ast_child (clause, i));
  if (args->len != n_in)
    {
      KG_PLAN_ERR (P, KG_QUERY_ERROR_SEMANTIC, &clause->span, "%s() takes %u argument%s, not %u", proc->name, n_in,
                   n_in == 1 ? "" : "s", args->len);
      return op;
    }
  P->b.agg_context = "CALL";
  for (guint i = 0; i < args->len && !kg_planner_failed (P); i++)
    {
      KgAst *arg = g_ptr_array_index (args, i);
      if (!kg_bind_checked (&P->b, scope, arg, 0, FALSE))
        break;
      const char *type = g_ptr_array_index (proc->in_types, i);
      if (arg->kind == KG_AST_LITERAL && !kg_procedure_type_accepts (type, &arg->value))
        KG_PLAN_ERR (P, KG_QUERY_ERROR_SEMANTIC, &arg->span, "%s() expects %s for `%s`, not %s", proc->name, type,
                     (const char *) g_ptr_array_index (proc->in_names, i), kg_value_type_name (arg->value.type));
    }
  P->b.agg_context = NULL;
  kg_plan_pattern_exprs (P);
  if (kg_planner_failed (P))
    return op;

  /* What to yield: (column, variable) pairs. */
  g_autoptr (GPtrArray) cols = g_ptr_array_new ();
  g_autoptr (GPtrArray) vars = g_ptr_array_new ();
  GPtrArray *names = clause->names;
  gboolean star = names && names->len == 1 && strcmp (g_ptr_array_index (names, 0), "*") == 0;
  if (star && !standalone)
    {
      KG_PLAN_ERR (P, KG_QUERY_ERROR_SEMANTIC, &clause->span, "YIELD * is only allowed in a standalone CALL");
      return op;
    }
  if (!names || star)
    {
      if (standalone)
        for (guint i = 0; i < n_out; i++)
          {
            g_ptr_array_add (cols, g_ptr_array_index (proc->out_names, i));
            g_ptr_array_add (vars, g_ptr_array_index (proc->out_names, i));
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
  KgSlots out = { 0 };
  g_autofree int *out_cols = g_new0 (int, MAX (cols->len, 1));
  for (guint i = 0; i < cols->len && !kg_planner_failed (P); i++)
    {
      const char *c = g_ptr_array_index (cols, i);
      const char *v = g_ptr_array_index (vars, i);
      guint k = 0;
      while (k < n_out && strcmp (g_ptr_array_index (proc->out_names, k), c) != 0)
        k++;
      if (k == n_out)
        {
          KG_PLAN_ERR (P, KG_QUERY_ERROR_SEMANTIC, &clause->span, "%s() has no output `%s`", proc->name, c);
          break;
        }
      if (kg_scope_lookup (scope, v))
        {
          KG_PLAN_ERR (P, KG_QUERY_ERROR_SEMANTIC, &clause->span, "variable `%s` already declared", v);
          break;
        }
      out_cols[i] = (int) k;
      kg_slots_add (&out, kg_scope_declare (scope, v, KG_VAR_ANY, kg_binder_new_slot (&P->b))->slot);
    }
  if (!kg_planner_failed (P))
    {
      op = kg_op_table_call_new (P->exec, op, proc, args, &out, out_cols, !standalone);
      if (standalone)
        {
          P->plan->columns = g_ptr_array_new_with_free_func (g_free);
          for (guint i = 0; i < vars->len; i++)
            g_ptr_array_add (P->plan->columns, g_strdup (g_ptr_array_index (vars, i)));
          kg_slots_copy (&P->plan->column_slots, &out);
        }
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
  static const struct
  {
    const char *name;
    const char *column;
  } procs[] = {
    { "db.labels", "label" },
    { "db.relationshipTypes", "relationshipType" },
    { "db.propertyKeys", "propertyKey" },
  };
  const char *column = NULL;
  const char *name = NULL;
  for (guint i = 0; i < G_N_ELEMENTS (procs); i++)
    if (g_ascii_strcasecmp (procs[i].name, clause->name) == 0)
      {
        column = procs[i].column;
        name = procs[i].name;
      }
  if (column == NULL)
    {
      KG_PLAN_ERR (P, KG_QUERY_ERROR_PROCEDURE, &clause->span, "there is no procedure `%s`", clause->name);
      return op;
    }
  if (kg_ast_n_children (clause) > 0)
    {
      KG_PLAN_ERR (P, KG_QUERY_ERROR_SEMANTIC, &clause->span, "%s() takes no arguments", name);
      return op;
    }
  GPtrArray *yield = g_ptr_array_new ();
  if (clause->names)
    for (guint i = 0; i < clause->names->len; i++)
      g_ptr_array_add (yield, g_ptr_array_index (clause->names, i));
  else
    g_ptr_array_add (yield, (gpointer) column);
  KgSlots out = { 0 };
  for (guint i = 0; i < yield->len && !kg_planner_failed (P); i++)
    {
      const char *y = g_ptr_array_index (yield, i);
      if (strcmp (y, column) != 0)
        {
          KG_PLAN_ERR (P, KG_QUERY_ERROR_SEMANTIC, &clause->span, "%s() has no output `%s`", name, y);
          break;
        }
      if (kg_scope_lookup (scope, y))
        {
          KG_PLAN_ERR (P, KG_QUERY_ERROR_SEMANTIC, &clause->span, "variable `%s` already declared", y);
          break;
        }
      kg_slots_add (&out, kg_scope_declare (scope, y, KG_VAR_ANY, kg_binder_new_slot (&P->b))->slot);
    }
  if (!kg_planner_failed (P))
    {
      op = kg_op_call_new (P->exec, op, name, &out, yield);
      if (standalone)
        {
          P->plan->columns = g_ptr_array_new_with_free_func (g_free);
          for (guint i = 0; i < yield->len; i++)
            g_ptr_array_add (P->plan->columns, g_strdup (g_ptr_array_index (yield, i)));
          kg_slots_copy (&P->plan->column_slots, &out);
        }
    }
  kg_slots_clear (&out);
  g_ptr_array_free (yield, TRUE);
  return op;
}
