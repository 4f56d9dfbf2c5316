/* engine/bind-call.c — binding CALL: the native procedures (engine/proc-registry.h)
 * and the session's table procedures (engine/procedure.c).
 *
 * Checks a call against its procedure's signature (argument count, literal types,
 * implicit arguments from parameters in a standalone call) and its YIELD list, binds
 * the arguments and declares the yielded variables, into a KgBoundCall the planner
 * (plan-call.c) turns into a ProcedureCall or TableCall. It builds no operator.
 */
#include "engine/bind.h"
#include "engine/proc-registry.h"
#include "engine/procedure-private.h"

#include <string.h>

guint
kg_call_n_args (const KgAst *call)
{
  guint n = kg_ast_n_children (call);
  return (call->flags & KG_AST_F_WHERE) && n > 0 ? n - 1 : n;
}

/* The arguments of a call: the clause's expressions, or (called without parentheses,
 * standalone only) parameters named as the first @n_implicit inputs. Binds them and
 * checks literal ones against @types. @callee names the procedure in messages.
 * Returns FALSE with the error set. */
static gboolean
bind_args (KgBinder *b, KgScope *scope, KgAst *clause, gboolean standalone, const char *callee, const char *const *names, const char *const *types, guint n_implicit, guint n_min, guint n_max, GPtrArray *args)
{
  if (clause->flags & KG_AST_F_STAR)
    {
      if (!standalone && n_implicit > 0)
        {
          kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &clause->span,
                         "%s takes arguments: pass them in parentheses (implicit arguments only work in a standalone CALL)", callee);
          return FALSE;
        }
      for (guint i = 0; i < n_implicit; i++)
        {
          KgAst *param = kg_ast_new (KG_AST_PARAMETER, &clause->span);
          param->name = g_strdup (names[i]);
          g_ptr_array_add (b->plan->owned, param);
          g_ptr_array_add (args, param);
        }
    }
  else
    for (guint i = 0; i < kg_call_n_args (clause); i++)
      g_ptr_array_add (args, kg_ast_child (clause, i));
  if (args->len < n_min || args->len > n_max)
    {
      if (n_max == 0)
        kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &clause->span, "%s takes no arguments", callee);
      else if (n_min == n_max)
        kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &clause->span, "%s takes %u argument%s, not %u", callee, n_max,
                       n_max == 1 ? "" : "s", args->len);
      else
        kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &clause->span, "%s takes %u to %u arguments, not %u", callee, n_min,
                       n_max, args->len);
      return FALSE;
    }
  b->agg_context = "CALL";
  for (guint i = 0; i < args->len && !kg_bind_failed (b); i++)
    {
      KgAst *arg = g_ptr_array_index (args, i);
      if (!kg_bind_checked (b, scope, arg, 0, FALSE))
        break;
      if (arg->kind == KG_AST_LITERAL && !kg_procedure_type_accepts (types[i], &arg->value))
        kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &arg->span, "%s expects %s for `%s`, not %s", callee, types[i],
                       names[i], kg_value_type_name (arg->value.type));
    }
  b->agg_context = NULL;
  return !kg_bind_failed (b);
}

/* What a call yields: declares a variable per yielded output (every output when there
 * is no YIELD and @all_by_default, or with YIELD * in a standalone call), filling @out
 * with their slots, @out_cols with the outputs they take and @vars with their names. */
static gboolean
bind_yield (KgBinder *b, KgScope *scope, KgAst *clause, gboolean standalone, gboolean all_by_default, const char *callee, const char *const *outs, guint n_out, KgSlots *out, int *out_cols, GPtrArray *vars)
{
  g_autoptr (GPtrArray) cols = g_ptr_array_new ();
  GPtrArray *names = clause->names;
  gboolean star = names && names->len == 1 && strcmp (g_ptr_array_index (names, 0), "*") == 0;
  if (star && !standalone && !(clause->flags & KG_AST_F_SHOW))
    {
      kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &clause->span, "YIELD * is only allowed in a standalone CALL");
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
          kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &clause->span, "%s has no output `%s`", callee, c);
          return FALSE;
        }
      if (kg_scope_lookup (scope, v))
        {
          kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &clause->span, "variable `%s` already declared", v);
          return FALSE;
        }
      out_cols[i] = (int) k;
      kg_slots_add (out, kg_scope_declare (scope, v, KG_VAR_ANY, kg_binder_new_slot (b))->slot);
    }
  return TRUE;
}

/* A table procedure: every input given, every output declared in a standalone call. */
static gboolean
bind_table_call (KgBinder *b, KgScope *scope, KgAst *clause, gboolean standalone, KgBoundCall *bc)
{
  const KgProcedure *proc = bc->table;
  guint n_in = proc->in_names->len;
  guint n_out = proc->out_names->len;
  g_autofree char *callee = kg_proc_callee (proc->name);
  if (!bind_args (b, scope, clause, standalone, callee, (const char *const *) proc->in_names->pdata,
                  (const char *const *) proc->in_types->pdata, n_in, n_in, n_in, bc->args))
    return FALSE;
  bc->out_cols = g_new0 (int, MAX (n_out, 1) + (clause->names ? clause->names->len : 0));
  return bind_yield (b, scope, clause, standalone, standalone, callee, (const char *const *) proc->out_names->pdata,
                     n_out, &bc->out, bc->out_cols, bc->columns);
}

/* A native procedure, resolved here once; trailing arguments may be left to their
 * defaults. */
static gboolean
bind_native_call (KgBinder *b, KgScope *scope, KgAst *clause, gboolean standalone, KgBoundCall *bc)
{
  const KgNativeProc *proc = bc->native;
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
  g_autofree char *callee = kg_proc_callee (proc->name);
  if (!bind_args (b, scope, clause, standalone, callee, in_names, in_types, n_required, n_required, proc->n_params,
                  bc->args))
    return FALSE;
  bc->out_cols = g_new0 (int, MAX (proc->n_fields, 1) + (clause->names ? clause->names->len : 0));
  /* Without YIELD every output is declared, in a query as well as standalone, as the
   * db.* procedures always did; a SHOW command declares its default columns. */
  guint n_out = clause->names == NULL && bc->n_default > 0 ? bc->n_default : proc->n_fields;
  return bind_yield (b, scope, clause, standalone, TRUE, callee, outs, n_out, &bc->out, bc->out_cols, bc->columns);
}

gboolean
kg_bind_call (KgBinder *b, KgScope *scope, KgAst *clause, gboolean standalone, GPtrArray *procedures, KgBoundCall *bc)
{
  memset (bc, 0, sizeof *bc);
  bc->args = g_ptr_array_new ();
  bc->columns = g_ptr_array_new ();
  if (clause->flags & KG_AST_F_SHOW)
    {
      bc->native = kg_show_proc_lookup (clause->name, &bc->n_default);
      g_return_val_if_fail (bc->native != NULL, FALSE);
      return bind_native_call (b, scope, clause, standalone, bc);
    }
  bc->table = kg_procedure_lookup (procedures, clause->name);
  if (bc->table)
    return bind_table_call (b, scope, clause, standalone, bc);
  bc->native = kg_native_proc_lookup (clause->name);
  if (bc->native)
    return bind_native_call (b, scope, clause, standalone, bc);
  return kg_bind_error (b, KG_QUERY_ERROR_PROCEDURE, &clause->span, "there is no procedure `%s`", clause->name);
}

void
kg_bound_call_clear (KgBoundCall *bc)
{
  /* unref, not free: the call operators hold a reference to the arguments */
  g_clear_pointer (&bc->args, g_ptr_array_unref);
  g_clear_pointer (&bc->columns, g_ptr_array_unref);
  kg_slots_clear (&bc->out);
  g_free (bc->out_cols);
  memset (bc, 0, sizeof *bc);
}
