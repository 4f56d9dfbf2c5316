/* engine/ops/op-proc-call.c — ProcedureCall: runs a native procedure (the registry in
 * engine/proc-registry.h) once per input row. For each row it evaluates the arguments,
 * fills in the defaults of those not given, checks their types, then streams the
 * procedure's rows into the yielded slots.
 *
 * The procedure was resolved when the call was planned; nothing here looks at names.
 * What a procedure reads or computes is its own business (proc-db.c, algo-*.c).
 */
#include "engine/proc-registry.h"

typedef struct
{
  KgOp base;
  const KgNativeProc *proc; /* a row of the static table */
  GPtrArray *args;          /* (element-type KgAst) borrowed */
  KgSlots out;
  int *out_fields;
  const KgSpan *span;
  KgValue argv[KG_PROC_MAX_PARAMS];
  KgValue row[KG_PROC_MAX_FIELDS];
  KgProcRun run;
  gboolean active;
} OpProcCall;

static void
finish_run (OpProcCall *self)
{
  if (self->active && self->proc->close)
    self->proc->close (&self->run);
  self->active = FALSE;
  self->run.state = NULL;
  for (guint i = 0; i < self->proc->n_params; i++)
    kg_value_clear (&self->argv[i]);
  for (guint i = 0; i < self->proc->n_fields; i++)
    kg_value_clear (&self->row[i]);
}

static gboolean
proc_open (KgOp *op, GError **error)
{
  finish_run ((OpProcCall *) op);
  return TRUE;
}

/* Evaluates and checks the arguments of one invocation and opens it. */
static gboolean
start_run (OpProcCall *self, GError **error)
{
  KgExec *exec = self->base.exec;
  const KgNativeProc *proc = self->proc;
  for (guint i = 0; i < proc->n_params; i++)
    {
      const KgAst *arg = i < self->args->len ? g_ptr_array_index (self->args, i) : NULL;
      self->run.arg_spans[i] = arg ? &arg->span : self->span;
      self->run.arg_literal[i] = arg != NULL && arg->kind == KG_AST_LITERAL;
      if (arg == NULL)
        {
          kg_native_proc_default (proc, i, &self->argv[i]);
          continue;
        }
      if (!kg_expr_eval (&exec->env, arg, &self->argv[i], error))
        return FALSE;
      if (!kg_procedure_type_accepts (proc->params[i].type, &self->argv[i]))
        return kg_proc_error (&self->run, error, KG_QUERY_ERROR_TYPE, &arg->span, "expects %s for `%s`, not %s",
                              proc->params[i].type, proc->params[i].name, kg_value_type_name (self->argv[i].type));
    }
  self->run.state = NULL;
  self->active = TRUE;
  /* open() does a procedure's work; a status line it put up goes before any row or error */
  gboolean ok = proc->open (&self->run, self->argv, error);
  kg_exec_progress_end (exec);
  return ok;
}

static KgOpStatus
proc_next (KgOp *op, GError **error)
{
  OpProcCall *self = (OpProcCall *) op;
  KgExec *exec = op->exec;
  for (;;)
    {
      if (self->active)
        {
          if (!kg_exec_check (exec, error))
            return KG_NEXT_ERROR;
          KgOpStatus st = self->proc->next (&self->run, self->row, error);
          if (st == KG_NEXT_ERROR)
            return st;
          if (st == KG_NEXT_ROW)
            {
              for (guint k = 0; k < self->out.n; k++)
                kg_exec_set_slot (exec, self->out.v[k], &self->row[self->out_fields[k]]);
              for (guint i = 0; i < self->proc->n_fields; i++)
                kg_value_clear (&self->row[i]);
              return KG_NEXT_ROW;
            }
          finish_run (self);
        }
      KgOpStatus st = kg_op_next (op->child, error);
      if (st != KG_NEXT_ROW)
        return st;
      if (!start_run (self, error))
        return KG_NEXT_ERROR;
    }
}

static void
proc_close (KgOp *op)
{
  finish_run ((OpProcCall *) op);
}

static void
proc_free (KgOp *op)
{
  OpProcCall *self = (OpProcCall *) op;
  finish_run (self);
  g_ptr_array_unref (self->args);
  g_free (self->out_fields);
  kg_slots_clear (&self->out);
}

static void
proc_describe (KgOp *op, GString *out)
{
  g_autofree char *callee = kg_proc_callee (((OpProcCall *) op)->proc->name);
  g_string_append (out, callee);
}

static const KgOpClass proc_call_class = {
  .name = "ProcedureCall",
  .size = sizeof (OpProcCall),
  .open = proc_open,
  .next = proc_next,
  .close = proc_close,
  .free = proc_free,
  .describe = proc_describe,
};

KgOp *
kg_op_proc_call_new (KgExec *exec, KgOp *child, const KgNativeProc *proc, GPtrArray *args, const KgSlots *out, const int *out_fields, const KgSpan *span)
{
  OpProcCall *self = (OpProcCall *) kg_op_new (&proc_call_class, exec, child);
  self->proc = proc;
  self->args = g_ptr_array_ref (args);
  kg_slots_copy (&self->out, out);
  self->out_fields = g_memdup2 (out_fields, sizeof (int) * MAX (out->n, 1));
  self->span = span;
  self->run.exec = exec;
  self->run.proc = proc;
  self->run.span = span;
  return &self->base;
}
