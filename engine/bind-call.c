/* engine/bind-call.c — binding CALL: the built-in db.* procedures and the session's
 * table procedures (engine/procedure.c).
 *
 * Checks a call against its procedure's signature (argument count, literal types,
 * implicit arguments from parameters in a standalone call) and its YIELD list, binds
 * the arguments and declares the yielded variables, into a KgBoundCall the planner
 * (plan-call.c) turns into a Call or TableCall. It builds no operator.
 */
#include "engine/bind.h"
#include "engine/procedure-private.h"

#include <string.h>

/* CALL of a table procedure (engine/procedure.c): checks the arguments against the
 * signature (count, literal types, implicit arguments from parameters in a standalone
 * call) and the YIELD list, and declares the yielded variables. */
static gboolean
bind_table_call (KgBinder *b, KgScope *scope, KgAst *clause, gboolean standalone, const KgProcedure *proc, KgBoundCall *bc)
{
  guint n_in = proc->in_names->len;
  guint n_out = proc->out_names->len;
  GPtrArray *args = bc->args;
  if (clause->flags & KG_AST_F_STAR)
    {
      /* Called without parentheses: the arguments are the parameters of the same names. */
      if (!standalone && n_in > 0)
        {
          kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &clause->span,
                         "%s() takes arguments: pass them in parentheses (implicit arguments only work in a standalone CALL)", proc->name);
          return FALSE;
        }
      for (guint i = 0; i < n_in; i++)
        {
          KgAst *param = kg_ast_new (KG_AST_PARAMETER, &clause->span);
          param->name = g_strdup (g_ptr_array_index (proc->in_names, i));
          g_ptr_array_add (b->plan->owned, param);
          g_ptr_array_add (args, param);
        }
    }
  else
    for (guint i = 0; i < kg_ast_n_children (clause); i++)
      g_ptr_array_add (args, kg_ast_child (clause, i));
  if (args->len != n_in)
    {
      kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &clause->span, "%s() takes %u argument%s, not %u", proc->name, n_in,
                     n_in == 1 ? "" : "s", args->len);
      return FALSE;
    }
  b->agg_context = "CALL";
  for (guint i = 0; i < args->len && !kg_bind_failed (b); i++)
    {
      KgAst *arg = g_ptr_array_index (args, i);
      if (!kg_bind_checked (b, scope, arg, 0, FALSE))
        break;
      const char *type = g_ptr_array_index (proc->in_types, i);
      if (arg->kind == KG_AST_LITERAL && !kg_procedure_type_accepts (type, &arg->value))
        kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &arg->span, "%s() expects %s for `%s`, not %s", proc->name, type,
                       (const char *) g_ptr_array_index (proc->in_names, i), kg_value_type_name (arg->value.type));
    }
  b->agg_context = NULL;
  if (kg_bind_failed (b))
    return FALSE;

  /* What to yield: (column, variable) pairs. */
  g_autoptr (GPtrArray) cols = g_ptr_array_new ();
  GPtrArray *vars = bc->columns;
  GPtrArray *names = clause->names;
  gboolean star = names && names->len == 1 && strcmp (g_ptr_array_index (names, 0), "*") == 0;
  if (star && !standalone)
    {
      kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &clause->span, "YIELD * is only allowed in a standalone CALL");
      return FALSE;
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
  KgSlots *out = &bc->out;
  int *out_cols = bc->out_cols = g_new0 (int, MAX (cols->len, 1));
  for (guint i = 0; i < cols->len && !kg_bind_failed (b); i++)
    {
      const char *c = g_ptr_array_index (cols, i);
      const char *v = g_ptr_array_index (vars, i);
      guint k = 0;
      while (k < n_out && strcmp (g_ptr_array_index (proc->out_names, k), c) != 0)
        k++;
      if (k == n_out)
        {
          kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &clause->span, "%s() has no output `%s`", proc->name, c);
          break;
        }
      if (kg_scope_lookup (scope, v))
        {
          kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &clause->span, "variable `%s` already declared", v);
          break;
        }
      out_cols[i] = (int) k;
      kg_slots_add (out, kg_scope_declare (scope, v, KG_VAR_ANY, kg_binder_new_slot (b))->slot);
    }
  return !kg_bind_failed (b);
}

gboolean
kg_bind_call (KgBinder *b, KgScope *scope, KgAst *clause, gboolean standalone, GPtrArray *procedures, KgBoundCall *bc)
{
  memset (bc, 0, sizeof *bc);
  bc->args = g_ptr_array_new ();
  bc->columns = g_ptr_array_new ();
  bc->proc = kg_procedure_lookup (procedures, clause->name);
  if (bc->proc)
    return bind_table_call (b, scope, clause, standalone, bc->proc, bc);
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
      kg_bind_error (b, KG_QUERY_ERROR_PROCEDURE, &clause->span, "there is no procedure `%s`", clause->name);
      return FALSE;
    }
  if (kg_ast_n_children (clause) > 0)
    {
      kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &clause->span, "%s() takes no arguments", name);
      return FALSE;
    }
  bc->builtin = name;
  GPtrArray *yield = bc->columns;
  if (clause->names)
    for (guint i = 0; i < clause->names->len; i++)
      g_ptr_array_add (yield, g_ptr_array_index (clause->names, i));
  else
    g_ptr_array_add (yield, (gpointer) column);
  for (guint i = 0; i < yield->len && !kg_bind_failed (b); i++)
    {
      const char *y = g_ptr_array_index (yield, i);
      if (strcmp (y, column) != 0)
        {
          kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &clause->span, "%s() has no output `%s`", name, y);
          break;
        }
      if (kg_scope_lookup (scope, y))
        {
          kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &clause->span, "variable `%s` already declared", y);
          break;
        }
      kg_slots_add (&bc->out, kg_scope_declare (scope, y, KG_VAR_ANY, kg_binder_new_slot (b))->slot);
    }
  return !kg_bind_failed (b);
}

void
kg_bound_call_clear (KgBoundCall *bc)
{
  /* unref, not free: a TableCall holds a reference to the arguments */
  g_clear_pointer (&bc->args, g_ptr_array_unref);
  g_clear_pointer (&bc->columns, g_ptr_array_unref);
  kg_slots_clear (&bc->out);
  g_free (bc->out_cols);
  memset (bc, 0, sizeof *bc);
}
