/* engine/ops/op-merge.c — Merge: for each input row, the pattern's matches (running the
 * match subplan against the graph as it is now, including earlier rows' creations), or
 * else the pattern created; then ON MATCH / ON CREATE. Eager like every write.
 */
#include "engine/ops/op-private.h"
#include "engine/ops/op-write.h"

#include <string.h>

typedef struct
{
  KgWriteOp w;
  KgCreateSpec spec;
  KgSlots pattern_slots;
  KgAst *on_create;
  KgAst *on_match;
} OpMerge;

/* Runs the clause's ON CREATE or ON MATCH actions, in their written order. */
static gboolean
run_actions (OpMerge *self, guint flag, GError **error)
{
  KgAst *clause = self->on_create;
  for (guint i = 1; clause && i < kg_ast_n_children (clause); i++)
    {
      KgAst *action = kg_ast_child (clause, i);
      if (action && (action->flags & flag) && !kg_exec_set_items (self->w.base.exec, kg_ast_child (action, 0), error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
merge_apply (KgWriteOp *w, GPtrArray *out, GError **error)
{
  OpMerge *self = (OpMerge *) w;
  KgOp *op = &w->base;
  KgExec *exec = op->exec;
  GPtrArray *found = g_ptr_array_new ();
  gboolean ok = kg_op_open (op->inner, error);
  while (ok)
    {
      KgOpStatus st = kg_op_next (op->inner, error);
      if (st == KG_NEXT_ERROR)
        ok = FALSE;
      if (st != KG_NEXT_ROW)
        break;
      g_ptr_array_add (found, kg_exec_save_row (exec));
    }
  kg_op_close (op->inner);
  if (ok && found->len == 0)
    {
      ok = kg_exec_create (exec, &self->spec, TRUE, error);
      if (ok)
        ok = run_actions (self, KG_AST_F_ON_CREATE, error);
      if (ok)
        g_ptr_array_add (out, kg_exec_save_row (exec));
    }
  for (guint i = 0; ok && i < found->len; i++)
    {
      kg_exec_restore_row (exec, g_ptr_array_index (found, i));
      ok = run_actions (self, KG_AST_F_ON_MATCH, error);
      if (ok)
        g_ptr_array_add (out, kg_exec_save_row (exec));
    }
  for (guint i = 0; i < found->len; i++)
    kg_exec_free_row (exec, g_ptr_array_index (found, i));
  g_ptr_array_free (found, TRUE);
  return ok;
}

static void
merge_free (KgOp *op)
{
  OpMerge *self = (OpMerge *) op;
  kg_create_spec_clear (&self->spec);
  kg_slots_clear (&self->pattern_slots);
}

static const KgOpClass merge_class = {
  .name = "Merge",
  .size = sizeof (OpMerge),
  .open = kg_write_open,
  .next = kg_write_next,
  .close = kg_write_close,
  .free = merge_free,
};

KgOp *
kg_op_merge_new (KgExec *exec, KgOp *child, KgOp *match, KgCreateSpec *spec, KgSlots *pattern_slots, KgAst *on_create, KgAst *on_match)
{
  OpMerge *self = (OpMerge *) kg_op_new (&merge_class, exec, child);
  self->w.apply = merge_apply;
  self->w.base.inner = match;
  self->spec = *spec;
  memset (spec, 0, sizeof *spec);
  kg_slots_copy (&self->pattern_slots, pattern_slots);
  self->on_create = on_create;
  self->on_match = on_match;
  return &self->w.base;
}
