/* engine/schema-op.c — what the index statements (schema.c) and the constraint
 * statements (schema-constraint.c) share: a plan of one operator, which either runs a
 * CREATE or DROP once or hands out a SHOW command's rows, made when it is first pulled
 * and sorted by name. It knows nothing of indexes or constraints; the two files say
 * what a statement does and what its rows hold.
 */
#include "engine/exec-private.h"

#include <string.h>

gboolean
kg_schema_op_open (KgOp *op, GError **error)
{
  KgSchemaOp *self = (KgSchemaOp *) op;
  self->done = FALSE;
  self->pos = 0;
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  return TRUE;
}

void
kg_schema_op_close (KgOp *op)
{
  g_clear_pointer (&((KgSchemaOp *) op)->rows, g_ptr_array_unref);
}

gboolean
kg_schema_op_once (KgSchemaOp *op)
{
  if (op->done)
    return FALSE;
  op->done = TRUE;
  return TRUE;
}

KgOpStatus
kg_schema_op_show (KgSchemaOp *op, GPtrArray *(*make) (KgGraph *graph))
{
  KgExec *exec = op->base.exec;
  if (op->rows == NULL)
    op->rows = make (exec->graph);
  if (op->pos >= op->rows->len)
    return KG_NEXT_DONE;
  const KgList *row = g_ptr_array_index (op->rows, op->pos++);
  for (guint c = 0; c < row->len; c++)
    {
      KgValue v = KG_VALUE_INIT;
      kg_value_copy (&row->items[c], &v);
      kg_exec_set_slot (exec, (int) c, &v);
    }
  return KG_NEXT_ROW;
}

GPtrArray *
kg_show_rows_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) kg_list_unref);
}

KgValue *
kg_show_rows_add (GPtrArray *rows, guint n_columns)
{
  KgList *row = kg_list_new (n_columns);
  KgValue null = KG_VALUE_INIT;
  for (guint c = 0; c < n_columns; c++)
    kg_list_append (row, &null);
  g_ptr_array_add (rows, row);
  return row->items;
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp ((*(KgList *const *) a)->items[1].u.s, (*(KgList *const *) b)->items[1].u.s);
}

void
kg_show_rows_sort_by_name (GPtrArray *rows)
{
  g_ptr_array_sort (rows, compare_names);
}

KgValue
kg_symbol_names_value (const KgGraph *graph, KgSymbolKind kind, const KgSymbol *syms, guint n)
{
  KgList *l = kg_list_new (n);
  for (guint i = 0; i < n; i++)
    {
      KgValue v = kg_value_string (kg_graph_symbol_name (graph, kind, syms[i]));
      kg_list_append (l, &v);
    }
  return kg_value_list (l);
}

KgPlan *
kg_schema_plan_new (KgGraph *graph, KgAst *query, const KgPlanOptions *options, const KgOpClass *klass, const char *const *columns, guint n_columns, KgSchemaOp **op)
{
  KgPlan *plan = g_new0 (KgPlan, 1);
  KgExec *exec = &plan->exec;
  plan->query = query;
  plan->explain = (query->flags & KG_AST_F_EXPLAIN) != 0;
  kg_exec_init (exec, plan, graph, options);
  *op = (KgSchemaOp *) kg_op_new (klass, exec, NULL);
  plan->root = &(*op)->base;
  plan->columns = g_ptr_array_new_with_free_func (g_free);
  if (columns != NULL)
    {
      for (guint c = 0; c < n_columns; c++)
        {
          g_ptr_array_add (plan->columns, g_strdup (columns[c]));
          kg_slots_add (&plan->column_slots, (int) c);
        }
      exec->n_slots = n_columns;
    }
  else
    {
      plan->drain_only = TRUE;
      plan->has_writes = TRUE;
    }
  kg_exec_alloc_slots (exec);
  return plan;
}
