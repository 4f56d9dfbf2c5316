/* engine/ops/op-range-seek.c — IndexRangeSeek: the nodes of a label whose indexed key
 * lies between two bounds (`WHERE n.k >= lo AND n.k < hi`, either bound alone).
 *
 * For every input row the bounds are evaluated (literals, parameters, or what earlier
 * clauses bound) and the index on (label, key) is read in value order
 * (kg_graph_index_range()); the nodes found, in id order, are checked for the pattern's
 * labels and inline properties as a scan checks them. The conditions the bounds come
 * from stay as Filters above it (plan-match.c), so the seek only has to find every node
 * that can pass: when the index is gone or a bound is of a kind the index cannot order
 * (a list, a duration), it falls back to scanning the label, and the Filters decide.
 * It does not evaluate the conditions itself.
 */
#include "engine/ops/op-private.h"

#include <string.h>

typedef struct
{
  KgOp base;
  int slot;
  char *var;
  KgEntityCheck check; /* labels[0] is the indexed label */
  char *key;
  KgSymbol key_sym;
  KgAst *lo, *hi; /* borrowed; NULL for no bound */
  gboolean lo_incl, hi_incl;
  GArray *ids; /* the nodes found for the current input row */
  guint pos;
  gboolean scanning; /* falling back to the label's nodes (iter) */
  KgNodeIter iter;
  gboolean active;
} OpRangeSeek;

static gboolean
range_open (KgOp *op, GError **error)
{
  ((OpRangeSeek *) op)->active = FALSE;
  return TRUE;
}

/* Finds the candidates for the current input row. FALSE on error (or when there can be
 * none, without an error). */
static gboolean
range_start (OpRangeSeek *self, GError **error)
{
  KgExec *exec = self->base.exec;
  KgSymbol label = kg_exec_sym (exec, KG_SYM_LABEL, self->check.labels[0], &self->check.label_syms[0]);
  if (label == KG_NONE)
    return FALSE;
  KgSymbol key = kg_exec_sym (exec, KG_SYM_KEY, self->key, &self->key_sym);
  KgValue lo = KG_VALUE_INIT, hi = KG_VALUE_INIT;
  gboolean ok = (self->lo == NULL || kg_expr_eval (&exec->env, self->lo, &lo, error)) &&
                (self->hi == NULL || kg_expr_eval (&exec->env, self->hi, &hi, error));
  if (ok)
    {
      self->pos = 0;
      self->scanning = key == KG_NONE ||
                       !kg_graph_index_range (exec->graph, label, key, self->lo ? &lo : NULL, self->lo_incl,
                                              self->hi ? &hi : NULL, self->hi_incl, self->ids);
      if (self->scanning)
        kg_graph_nodes_init (exec->graph, label, &self->iter);
    }
  kg_value_clear (&lo);
  kg_value_clear (&hi);
  return ok;
}

static KgOpStatus
range_next (KgOp *op, GError **error)
{
  OpRangeSeek *self = (OpRangeSeek *) op;
  KgExec *exec = op->exec;
  for (;;)
    {
      if (self->active)
        {
          for (;;)
            {
              KgNodeId id;
              if (self->scanning ? !kg_node_iter_next (&self->iter, &id) : self->pos >= self->ids->len)
                break;
              if (!self->scanning)
                id = g_array_index (self->ids, KgNodeId, self->pos++);
              if (!kg_exec_check (exec, error))
                return KG_NEXT_ERROR;
              if (!kg_graph_node_exists (exec->graph, id))
                continue; /* deleted since the index was read */
              kg_exec_set_id (exec, self->slot, KG_VALUE_NODE, id);
              int ok = kg_entity_check_node (exec, &self->check, id, error);
              if (ok < 0)
                return KG_NEXT_ERROR;
              if (ok)
                return KG_NEXT_ROW;
            }
          self->active = FALSE;
        }
      KgOpStatus st = kg_op_next (op->child, error);
      if (st != KG_NEXT_ROW)
        return st;
      GError *local = NULL;
      if (range_start (self, &local))
        self->active = TRUE;
      else if (local)
        {
          g_propagate_error (error, local);
          return KG_NEXT_ERROR;
        }
    }
}

static void
range_free (KgOp *op)
{
  OpRangeSeek *self = (OpRangeSeek *) op;
  kg_entity_check_clear (&self->check);
  g_free (self->var);
  g_free (self->key);
  g_array_unref (self->ids);
}

static void
range_describe (KgOp *op, GString *out)
{
  OpRangeSeek *self = (OpRangeSeek *) op;
  g_string_append_printf (out, "(%s", self->var);
  kg_entity_check_describe (&self->check, out);
  g_string_append_printf (out, ") index=%s.%s", self->check.labels[0], self->key);
  if (self->lo)
    {
      g_string_append (out, self->lo_incl ? " >= " : " > ");
      kg_expr_describe (out, self->lo);
    }
  if (self->hi)
    {
      g_string_append (out, self->lo ? ", " : " ");
      g_string_append (out, self->hi_incl ? "<= " : "< ");
      kg_expr_describe (out, self->hi);
    }
}

static const KgOpClass range_class = {
  .name = "IndexRangeSeek",
  .size = sizeof (OpRangeSeek),
  .open = range_open,
  .next = range_next,
  .free = range_free,
  .describe = range_describe,
};

KgOp *
kg_op_range_seek_new (KgExec *exec, KgOp *child, int slot, const char *var, KgEntityCheck *check, const char *key, KgAst *lo, gboolean lo_incl, KgAst *hi, gboolean hi_incl)
{
  OpRangeSeek *self = (OpRangeSeek *) kg_op_new (&range_class, exec, child);
  self->slot = slot;
  self->var = g_strdup (var ? var : "");
  self->check = *check;
  memset (check, 0, sizeof *check);
  self->key = g_strdup (key);
  self->key_sym = KG_NONE;
  self->lo = lo;
  self->lo_incl = lo_incl;
  self->hi = hi;
  self->hi_incl = hi_incl;
  self->ids = g_array_new (FALSE, FALSE, sizeof (KgNodeId));
  return &self->base;
}
