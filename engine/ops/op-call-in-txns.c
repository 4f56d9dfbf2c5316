/* engine/ops/op-call-in-txns.c — CallInTransactions: CALL { ... } IN TRANSACTIONS.
 *
 * Reads its input a batch at a time (OF n ROWS, 1000 by default), runs the subquery
 * for every row of the batch, checks the constraints on what the batch touched, and
 * commits the batch through the caller's KgBatchCommitFunc (which journals it and
 * begins the next graph transaction) before yielding the batch's rows. So the input
 * is read lazily, batch by batch (LOAD CSV streams through it), and only one batch of
 * rows, undo and redo is held at a time.
 *
 * A batch that fails is rolled back whole (its changes and its counts), and then, as
 * Neo4j's ON ERROR says: FAIL ends the statement with the error (the batches committed
 * before stay, the message counts them); CONTINUE yields the batch's input rows once
 * each with the subquery's columns null and goes on; BREAK does the same for this
 * batch and every later row without running the subquery again. REPORT STATUS AS s
 * sets s on every row to {started, committed, transactionId, errorMessage}.
 *
 * It does not decide where it may stand (only in an implicit transaction, not nested,
 * not after a write: plan-call.c) and does not journal (the commit function does).
 */
#include "engine/ops/op-private.h"

#include "common/print.h"

#define DEFAULT_BATCH_ROWS 1000

typedef struct
{
  KgOp base;
  KgAst *batch_expr; /* (nullable) (borrowed) OF n ROWS */
  KgTxnOnError on_error;
  gboolean returns;   /* the subquery ends with RETURN: its rows are the output */
  gboolean optional;  /* OPTIONAL CALL: a row the subquery has none for is kept, with nulls */
  KgSlots null_slots; /* the subquery's columns, null for a failed batch */
  int status_slot;    /* REPORT STATUS AS, or -1 */
  gboolean writes;    /* the subquery may write; else (under the read lock) a batch has
                       * nothing to check, commit or roll back */
  /* run state */
  guint64 batch_rows;
  GPtrArray *in;  /* the batch's input rows */
  GPtrArray *out; /* the batch's output rows, yielded after its commit */
  guint pos;
  gboolean input_done;
  gboolean broken; /* ON ERROR BREAK after a failure: no batch runs any more */
  guint64 n_started;
  KgValue status; /* the present batch's status map, for REPORT STATUS */
} OpCallInTxns;

static void
free_rows (KgExec *exec, GPtrArray *rows)
{
  for (guint i = 0; i < rows->len; i++)
    kg_exec_free_row (exec, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

static gboolean
txns_open (KgOp *op, GError **error)
{
  OpCallInTxns *self = (OpCallInTxns *) op;
  KgExec *exec = op->exec;
  self->batch_rows = DEFAULT_BATCH_ROWS;
  if (self->batch_expr != NULL)
    {
      KgValue v = KG_VALUE_INIT;
      if (!kg_expr_eval (&exec->env, self->batch_expr, &v, error))
        return FALSE;
      gboolean ok = v.type == KG_VALUE_INT && v.u.i > 0;
      if (!ok)
        {
          g_autofree char *text = kg_value_to_literal (&v);
          kg_query_error_set (error, KG_QUERY_ERROR_ARGUMENT, exec->filename, &self->batch_expr->span,
                              "the batch size of CALL { ... } IN TRANSACTIONS must be a positive integer, not %s", text);
        }
      self->batch_rows = ok ? (guint64) v.u.i : 0;
      kg_value_clear (&v);
      if (!ok)
        return FALSE;
    }
  self->in = g_ptr_array_new ();
  self->out = g_ptr_array_new ();
  self->pos = 0;
  self->input_done = FALSE;
  self->broken = FALSE;
  self->n_started = 0;
  return TRUE;
}

static void
set_status (OpCallInTxns *self, gboolean started, gboolean committed, const char *message)
{
  kg_value_clear (&self->status);
  if (self->status_slot < 0)
    return;
  KgMap *m = kg_map_new (4);
  KgValue v = kg_value_bool (started);
  kg_map_set (m, "started", &v);
  v = kg_value_bool (committed);
  kg_map_set (m, "committed", &v);
  if (started)
    {
      g_autofree char *id = g_strdup_printf ("kgq-transaction-%" G_GUINT64_FORMAT, self->n_started);
      v = kg_value_string (id);
    }
  else
    v = kg_value_null ();
  kg_map_set (m, "transactionId", &v);
  v = message != NULL ? kg_value_string (message) : kg_value_null ();
  kg_map_set (m, "errorMessage", &v);
  self->status = kg_value_map (m);
}

/* The batch's input rows once each with the subquery's columns null: a failed batch
 * under CONTINUE or BREAK, and every batch after a BREAK. */
static void
null_rows (OpCallInTxns *self)
{
  KgExec *exec = self->base.exec;
  for (guint i = 0; i < self->in->len; i++)
    {
      kg_exec_restore_row (exec, g_ptr_array_index (self->in, i));
      for (guint j = 0; j < self->null_slots.n; j++)
        {
          KgValue n = KG_VALUE_INIT;
          kg_exec_set_slot (exec, self->null_slots.v[j], &n);
        }
      g_ptr_array_add (self->out, kg_exec_save_row (exec));
    }
}

/* Runs the subquery for every input row of the batch, saving the output rows. A unit
 * subquery's output row is its input row: that is moved from the batch's input to its
 * output, not copied (unmove_rows() gives them back when the batch fails). */
static gboolean
run_batch (OpCallInTxns *self, GError **error)
{
  KgOp *op = &self->base;
  KgExec *exec = op->exec;
  for (guint i = 0; i < self->in->len; i++)
    {
      kg_exec_restore_row (exec, g_ptr_array_index (self->in, i));
      if (!kg_op_open (op->inner, error))
        return FALSE;
      gboolean any = FALSE;
      for (;;)
        {
          KgOpStatus st = kg_op_next (op->inner, error);
          if (st == KG_NEXT_ERROR)
            return FALSE;
          if (st == KG_NEXT_DONE)
            break;
          any = TRUE;
          if (self->returns)
            {
              if (!kg_exec_charge (exec, sizeof (KgValue) * exec->n_slots, error))
                return FALSE;
              g_ptr_array_add (self->out, kg_exec_save_row (exec));
            }
        }
      kg_op_close (op->inner);
      if (!self->returns)
        {
          g_ptr_array_add (self->out, g_steal_pointer (&self->in->pdata[i]));
          continue;
        }
      if (self->optional && !any)
        {
          /* a unit subquery keeps its input row; what it wrote into the row's slots is
           * not part of the output */
          kg_exec_restore_row (exec, g_ptr_array_index (self->in, i));
          for (guint j = 0; j < self->null_slots.n; j++)
            {
              KgValue n = KG_VALUE_INIT;
              kg_exec_set_slot (exec, self->null_slots.v[j], &n);
            }
          g_ptr_array_add (self->out, kg_exec_save_row (exec));
        }
    }
  return TRUE;
}

/* After a failed batch: its output rows are dropped, and the input rows a unit
 * subquery moved to the output (the first ones, in order) are put back. */
static void
unmove_rows (OpCallInTxns *self)
{
  if (self->returns)
    {
      free_rows (self->base.exec, self->out);
      return;
    }
  g_assert (self->out->len <= self->in->len);
  for (guint i = 0; i < self->out->len; i++)
    {
      g_assert (self->in->pdata[i] == NULL);
      self->in->pdata[i] = self->out->pdata[i];
    }
  g_ptr_array_set_size (self->out, 0);
}

/* Reads the next batch of input rows and runs it. FALSE only for an error that ends
 * the statement. */
static gboolean
next_batch (OpCallInTxns *self, GError **error)
{
  KgOp *op = &self->base;
  KgExec *exec = op->exec;
  guint64 mem = exec->mem_used;
  while (!self->input_done && self->in->len < self->batch_rows)
    {
      KgOpStatus st = kg_op_next (op->child, error);
      if (st == KG_NEXT_ERROR)
        return FALSE;
      if (st == KG_NEXT_DONE)
        self->input_done = TRUE;
      else
        {
          if (!kg_exec_charge (exec, sizeof (KgValue) * exec->n_slots, error))
            return FALSE;
          g_ptr_array_add (self->in, kg_exec_save_row (exec));
        }
    }
  if (self->in->len == 0)
    return TRUE;
  if (self->broken)
    {
      set_status (self, FALSE, FALSE, NULL);
      null_rows (self);
      free_rows (exec, self->in);
      return TRUE;
    }
  self->n_started++;
  KgExecStats stats = exec->stats;
  KgTxnMark mark = { 0 };
  if (self->writes)
    mark = kg_graph_txn_mark (exec->graph);
  GError *local = NULL;
  gboolean ok = run_batch (self, &local);
  if (ok && self->writes)
    ok = kg_graph_check_constraints (exec->graph, &mark, exec->filename, &local);
  if (ok && self->writes && exec->commit_batch != NULL)
    ok = exec->commit_batch (exec->commit_data, &local);
  if (ok)
    {
      exec->stats.transactions_committed++;
      set_status (self, TRUE, TRUE, NULL);
    }
  else
    {
      if (self->writes)
        kg_graph_txn_rollback_to (exec->graph, &mark);
      exec->stats = stats;
      unmove_rows (self);
      if (self->on_error == KG_TXN_ON_ERROR_FAIL || local->domain != KG_QUERY_ERROR ||
          local->code == KG_QUERY_ERROR_CANCELLED || local->code == KG_QUERY_ERROR_LIMIT)
        {
          /* a cancel or a limit ends the statement whatever ON ERROR says */
          char *message = g_strdup_printf ("%s (transactions committed: %" G_GUINT64_FORMAT ")", local->message,
                                           exec->stats.transactions_committed);
          g_free (local->message);
          local->message = message;
          g_propagate_error (error, local);
          free_rows (exec, self->in);
          return FALSE;
        }
      set_status (self, TRUE, FALSE, local->message);
      g_clear_error (&local);
      null_rows (self);
      if (self->on_error == KG_TXN_ON_ERROR_BREAK)
        self->broken = TRUE;
    }
  free_rows (exec, self->in);
  /* what the batch buffered is gone: the memory limit holds per batch */
  exec->mem_used = mem;
  return TRUE;
}

static KgOpStatus
txns_next (KgOp *op, GError **error)
{
  OpCallInTxns *self = (OpCallInTxns *) op;
  KgExec *exec = op->exec;
  for (;;)
    {
      if (self->pos < self->out->len)
        {
          /* each row is yielded once: moved into the plan's row, not copied */
          kg_exec_take_row (exec, g_steal_pointer (&self->out->pdata[self->pos++]));
          if (self->status_slot >= 0)
            {
              KgValue s = KG_VALUE_INIT;
              kg_value_copy (&self->status, &s);
              kg_exec_set_slot (exec, self->status_slot, &s);
            }
          return KG_NEXT_ROW;
        }
      free_rows (exec, self->out);
      self->pos = 0;
      if (self->input_done)
        return KG_NEXT_DONE;
      if (!next_batch (self, error))
        return KG_NEXT_ERROR;
    }
}

static void
txns_close (KgOp *op)
{
  OpCallInTxns *self = (OpCallInTxns *) op;
  if (self->in)
    {
      free_rows (op->exec, self->in);
      g_ptr_array_free (self->in, TRUE);
      self->in = NULL;
    }
  if (self->out)
    {
      free_rows (op->exec, self->out);
      g_ptr_array_free (self->out, TRUE);
      self->out = NULL;
    }
  kg_value_clear (&self->status);
}

static void
txns_free (KgOp *op)
{
  kg_slots_clear (&((OpCallInTxns *) op)->null_slots);
}

static void
txns_describe (KgOp *op, GString *out)
{
  OpCallInTxns *self = (OpCallInTxns *) op;
  static const char *const modes[] = { "FAIL", "CONTINUE", "BREAK", "RETRY" };
  if (self->batch_expr == NULL)
    g_string_append_printf (out, "OF %d ROWS", DEFAULT_BATCH_ROWS);
  else if (self->batch_expr->kind == KG_AST_LITERAL && self->batch_expr->value.type == KG_VALUE_INT)
    g_string_append_printf (out, "OF %" G_GINT64_FORMAT " ROWS", self->batch_expr->value.u.i);
  else
    g_string_append (out, "OF n ROWS");
  g_string_append_printf (out, " ON ERROR %s", modes[self->on_error]);
}

static const KgOpClass txns_class = {
  .name = "CallInTransactions",
  .size = sizeof (OpCallInTxns),
  .open = txns_open,
  .next = txns_next,
  .close = txns_close,
  .free = txns_free,
  .describe = txns_describe,
};

KgOp *
kg_op_call_in_txns_new (KgExec *exec, KgOp *child, KgOp *inner, const KgCallInTxnsSpec *spec)
{
  OpCallInTxns *self = (OpCallInTxns *) kg_op_new (&txns_class, exec, child);
  self->base.inner = inner;
  self->batch_expr = spec->batch_expr;
  self->on_error = spec->on_error;
  self->returns = spec->returns;
  self->optional = spec->optional;
  kg_slots_copy (&self->null_slots, &spec->null_slots);
  self->status_slot = spec->status_slot;
  self->writes = spec->writes;
  self->status = kg_value_null ();
  return &self->base;
}
