/* engine/ops/op-table-call.c — TableCall: calls a table procedure (engine/procedure.c)
 * once per input row, yielding the outputs of each table row whose inputs are
 * equivalent to the evaluated arguments. Reads no graph data and writes nothing.
 */
#include "engine/procedure-private.h"

typedef struct
{
  KgOp base;
  const KgProcedure *proc; /* borrowed: the session keeps it alive */
  GPtrArray *args;         /* (element-type KgAst) borrowed */
  KgSlots out;
  int *out_cols;
  gboolean void_rows;
  KgValue *argv;
  gboolean active;
  guint pos;
} OpTableCall;

static gboolean
table_open (KgOp *op, GError **error)
{
  OpTableCall *self = (OpTableCall *) op;
  self->active = FALSE;
  self->pos = 0;
  return TRUE;
}

static void
clear_args (OpTableCall *self)
{
  for (guint i = 0; i < self->args->len; i++)
    kg_value_clear (&self->argv[i]);
}

static KgOpStatus
table_next (KgOp *op, GError **error)
{
  OpTableCall *self = (OpTableCall *) op;
  KgExec *exec = op->exec;
  const KgList *rows = self->proc->rows.u.list;
  guint n_in = self->proc->in_names->len;
  for (;;)
    {
      while (self->active && self->pos < rows->len)
        {
          const KgList *row = rows->items[self->pos++].u.list;
          gboolean match = TRUE;
          for (guint i = 0; match && i < n_in; i++)
            match = kg_value_equivalent (&row->items[i], &self->argv[i]);
          if (!match)
            continue;
          for (guint k = 0; k < self->out.n; k++)
            {
              KgValue v = KG_VALUE_INIT;
              kg_value_copy (&row->items[n_in + self->out_cols[k]], &v);
              kg_exec_set_slot (exec, self->out.v[k], &v);
            }
          return KG_NEXT_ROW;
        }
      self->active = FALSE;
      KgOpStatus st = kg_op_next (op->child, error);
      if (st != KG_NEXT_ROW)
        return st;
      if (self->proc->out_names->len == 0)
        {
          if (self->void_rows)
            return KG_NEXT_ROW;
          continue;
        }
      clear_args (self);
      for (guint i = 0; i < self->args->len; i++)
        {
          const KgAst *arg = g_ptr_array_index (self->args, i);
          if (!kg_expr_eval (&exec->env, arg, &self->argv[i], error))
            return KG_NEXT_ERROR;
          const char *type = g_ptr_array_index (self->proc->in_types, i);
          if (!kg_procedure_type_accepts (type, &self->argv[i]))
            {
              kg_query_error_set (error, KG_QUERY_ERROR_TYPE, exec->filename, &arg->span,
                                  "%s() expects %s for `%s`, not %s", self->proc->name, type,
                                  (const char *) g_ptr_array_index (self->proc->in_names, i),
                                  kg_value_type_name (self->argv[i].type));
              if (*error)
                kg_query_error_set_compile_time (*error, FALSE);
              return KG_NEXT_ERROR;
            }
        }
      self->active = TRUE;
      self->pos = 0;
    }
}

static void
table_close (KgOp *op)
{
  OpTableCall *self = (OpTableCall *) op;
  clear_args (self);
  self->active = FALSE;
}

static void
table_free (KgOp *op)
{
  OpTableCall *self = (OpTableCall *) op;
  clear_args (self);
  g_free (self->argv);
  g_free (self->out_cols);
  g_ptr_array_unref (self->args);
  kg_slots_clear (&self->out);
}

static void
table_describe (KgOp *op, GString *out)
{
  g_string_append_printf (out, "%s()", ((OpTableCall *) op)->proc->name);
}

static const KgOpClass table_call_class = {
  .name = "TableCall",
  .size = sizeof (OpTableCall),
  .open = table_open,
  .next = table_next,
  .close = table_close,
  .free = table_free,
  .describe = table_describe,
};

KgOp *
kg_op_table_call_new (KgExec *exec, KgOp *child, const KgProcedure *proc, GPtrArray *args, const KgSlots *out, const int *out_cols, gboolean void_rows)
{
  OpTableCall *self = (OpTableCall *) kg_op_new (&table_call_class, exec, child);
  self->proc = proc;
  self->args = g_ptr_array_ref (args);
  kg_slots_copy (&self->out, out);
  self->out_cols = g_memdup2 (out_cols, sizeof (int) * MAX (out->n, 1));
  self->void_rows = void_rows;
  self->argv = g_new0 (KgValue, MAX (args->len, 1));
  return &self->base;
}
