/* engine/ops/op-call.c — ProcedureCall: the built-in procedures db.labels(),
 * db.relationshipTypes() and db.propertyKeys(), one row per name in use. Reads the
 * graph's symbol tables only.
 */
#include "engine/ops/op-private.h"

#include <string.h>

typedef struct
{
  KgOp base;
  char *proc;
  KgSlots out;
  GPtrArray *names;
  guint pos;
  gboolean active;
} OpCall;

static gboolean
call_open (KgOp *op, GError **error)
{
  OpCall *self = (OpCall *) op;
  self->active = FALSE;
  return TRUE;
}

/* Names of @kind that some live node or relationship uses. */
static GPtrArray *
names_in_use (KgGraph *g, KgSymbolKind kind)
{
  GPtrArray *names = g_ptr_array_new ();
  guint n = kg_graph_n_symbols (g, kind);
  for (KgSymbol s = 0; s < n; s++)
    {
      gboolean used = FALSE;
      if (kind == KG_SYM_LABEL)
        used = kg_graph_label_count (g, s) > 0;
      else if (kind == KG_SYM_TYPE)
        used = kg_graph_type_count (g, s) > 0;
      else
        used = TRUE;
      if (used)
        g_ptr_array_add (names, (gpointer) kg_graph_symbol_name (g, kind, s));
    }
  return names;
}

static KgOpStatus
call_next (KgOp *op, GError **error)
{
  OpCall *self = (OpCall *) op;
  KgExec *exec = op->exec;
  for (;;)
    {
      if (self->active && self->pos < self->names->len)
        {
          KgValue v = kg_value_string (g_ptr_array_index (self->names, self->pos++));
          kg_exec_set_slot (exec, self->out.v[0], &v);
          return KG_NEXT_ROW;
        }
      if (self->names)
        g_ptr_array_free (self->names, TRUE);
      self->names = NULL;
      self->active = FALSE;
      KgOpStatus st = kg_op_next (op->child, error);
      if (st != KG_NEXT_ROW)
        return st;
      KgSymbolKind kind = strcmp (self->proc, "db.labels") == 0              ? KG_SYM_LABEL
                          : strcmp (self->proc, "db.relationshipTypes") == 0 ? KG_SYM_TYPE
                                                                             : KG_SYM_KEY;
      self->names = names_in_use (exec->graph, kind);
      self->pos = 0;
      self->active = TRUE;
    }
}

static void
call_close (KgOp *op)
{
  OpCall *self = (OpCall *) op;
  if (self->names)
    g_ptr_array_free (self->names, TRUE);
  self->names = NULL;
}

static void
call_free (KgOp *op)
{
  OpCall *self = (OpCall *) op;
  g_free (self->proc);
  kg_slots_clear (&self->out);
}

static void
call_describe (KgOp *op, GString *out)
{
  g_string_append_printf (out, "%s()", ((OpCall *) op)->proc);
}

static const KgOpClass call_class = {
  .name = "ProcedureCall",
  .size = sizeof (OpCall),
  .open = call_open,
  .next = call_next,
  .close = call_close,
  .free = call_free,
  .describe = call_describe,
};

KgOp *
kg_op_call_new (KgExec *exec, KgOp *child, const char *proc, KgSlots *out, GPtrArray *yield_names)
{
  OpCall *self = (OpCall *) kg_op_new (&call_class, exec, child);
  self->proc = g_strdup (proc);
  kg_slots_copy (&self->out, out);
  return &self->base;
}
