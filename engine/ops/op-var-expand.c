/* engine/ops/op-var-expand.c — VarLengthExpand: `-[*min..max]->` over trails.
 *
 * Depth-first from the source node; a relationship is never used twice in one path
 * (Cypher's trail semantics) nor when the same MATCH bound it elsewhere. Yields one row
 * per path whose length is within the bounds, with the relationships as a list in the
 * pattern's left-to-right order. An unbounded maximum is the session's max_hops; such
 * an expansion also fails with a limit error past KG_VAR_EXPAND_BUDGET relationships.
 * Cancellation and the deadline are checked at every relationship stepped over.
 * Shortest paths are in op-shortest.c.
 */
#include "engine/ops/op-private.h"

#include <string.h>

typedef struct
{
  KgNodeId node;
  KgMultiAdj adj;
} Frame;

typedef struct
{
  KgOp base;
  KgExpandSpec spec;
  GArray *frames; /* Frame */
  GArray *edges;  /* KgEdgeId, one fewer than frames */
  gboolean active;
  gint64 max;
  guint64 steps; /* relationships stepped over in this run */
} OpVarExpand;

static gboolean
var_open (KgOp *op, GError **error)
{
  OpVarExpand *self = (OpVarExpand *) op;
  self->active = FALSE;
  if (self->frames == NULL)
    {
      self->frames = g_array_new (FALSE, FALSE, sizeof (Frame));
      self->edges = g_array_new (FALSE, FALSE, sizeof (KgEdgeId));
    }
  self->max = self->spec.max_hops >= 0 ? self->spec.max_hops : (gint64) op->exec->max_hops;
  self->steps = 0;
  return TRUE;
}

static gboolean
in_path (OpVarExpand *self, KgEdgeId e)
{
  const KgEdgeId *v = (const KgEdgeId *) self->edges->data;
  for (guint i = 0; i < self->edges->len; i++)
    if (v[i] == e)
      return TRUE;
  return FALSE;
}

/* Writes the current path's end and relationships if the end passes; returns 1/0/-1. */
static int
emit (OpVarExpand *self, KgNodeId end, GError **error)
{
  KgExec *exec = self->base.exec;
  KgExpandSpec *spec = &self->spec;
  if (spec->into)
    {
      const KgValue *d = &exec->slots[spec->dst_slot];
      if (d->type != KG_VALUE_NODE || d->u.id != end)
        return 0;
    }
  else
    kg_exec_set_id (exec, spec->dst_slot, KG_VALUE_NODE, end);
  int ok = kg_entity_check_node (exec, &spec->dst_check, end, error);
  if (ok != 1)
    return ok;
  guint n = self->edges->len;
  KgList *list = kg_list_new (n);
  for (guint i = 0; i < n; i++)
    {
      guint j = spec->reverse_list ? n - 1 - i : i;
      KgValue v = kg_value_edge (g_array_index (self->edges, KgEdgeId, j));
      kg_list_append (list, &v);
    }
  KgValue lv = kg_value_list (list);
  kg_exec_set_slot (exec, spec->rel_slot, &lv);
  return 1;
}

/* The relationships were bound earlier as a list: the path must follow exactly them. */
static int
follow_list (OpVarExpand *self, KgNodeId start, GError **error)
{
  KgExec *exec = self->base.exec;
  KgExpandSpec *spec = &self->spec;
  const KgValue *lv = &exec->slots[spec->rel_equal_slot];
  if (lv->type != KG_VALUE_LIST)
    return 0;
  guint n = lv->u.list->len;
  if ((gint64) n < spec->min_hops || (self->max >= 0 && (gint64) n > self->max))
    return 0;
  KgNodeId cur = start;
  for (guint i = 0; i < n; i++)
    {
      const KgValue *ev = &lv->u.list->items[spec->reverse_list ? n - 1 - i : i];
      if (ev->type != KG_VALUE_EDGE || !kg_graph_edge_exists (exec->graph, ev->u.id))
        return 0;
      KgEdgeId e = ev->u.id;
      KgNodeId s = kg_graph_edge_src (exec->graph, e), d = kg_graph_edge_dst (exec->graph, e);
      KgNodeId next;
      if ((spec->dir & KG_DIR_OUT) && s == cur)
        next = d;
      else if ((spec->dir & KG_DIR_IN) && d == cur)
        next = s;
      else
        return 0;
      if (spec->n_types > 0)
        {
          gboolean typed = FALSE;
          for (guint t = 0; t < spec->n_types && !typed; t++)
            typed = kg_exec_sym (exec, KG_SYM_TYPE, spec->types[t], &spec->type_syms[t]) == kg_graph_edge_type (exec->graph, e);
          if (!typed)
            return 0;
        }
      int ok = kg_entity_check_edge (exec, &spec->rel_check, e, error);
      if (ok != 1)
        return ok;
      g_array_append_val (self->edges, e);
      cur = next;
    }
  return emit (self, cur, error);
}

static KgOpStatus
var_next (KgOp *op, GError **error)
{
  OpVarExpand *self = (OpVarExpand *) op;
  KgExpandSpec *spec = &self->spec;
  KgExec *exec = op->exec;
  for (;;)
    {
      while (self->active && self->frames->len > 0)
        {
          Frame *top = &g_array_index (self->frames, Frame, self->frames->len - 1);
          KgEdgeId e;
          KgNodeId other;
          gboolean more = (gint64) self->edges->len < self->max &&
                          kg_multi_adj_next (exec, spec, &top->adj, &e, &other);
          if (!more)
            {
              g_array_set_size (self->frames, self->frames->len - 1);
              if (self->edges->len > 0)
                g_array_set_size (self->edges, self->edges->len - 1);
              continue;
            }
          if (!kg_exec_check (exec, error))
            return KG_NEXT_ERROR;
          if (G_UNLIKELY (++self->steps > KG_VAR_EXPAND_BUDGET) && spec->max_hops < 0)
            {
              kg_query_error_set (error, KG_QUERY_ERROR_LIMIT, exec->filename, &spec->span,
                                  "a variable-length pattern without an upper bound stepped over more than %u "
                                  "relationships (its paths, up to %" G_GINT64_FORMAT " hops by default, grow "
                                  "exponentially); write `*..N` with a small N",
                                  (guint) KG_VAR_EXPAND_BUDGET, self->max);
              return KG_NEXT_ERROR;
            }
          if (in_path (self, e) || !kg_expand_edge_is_free (exec, spec, e))
            continue;
          int ok = kg_entity_check_edge (exec, &spec->rel_check, e, error);
          if (ok < 0)
            return KG_NEXT_ERROR;
          if (ok == 0)
            continue;
          g_array_append_val (self->edges, e);
          Frame f;
          f.node = other;
          kg_multi_adj_init (exec, spec, other, spec->dir, &f.adj);
          g_array_append_val (self->frames, f);
          if ((gint64) self->edges->len >= spec->min_hops)
            {
              ok = emit (self, other, error);
              if (ok < 0)
                return KG_NEXT_ERROR;
              if (ok == 1)
                return KG_NEXT_ROW;
            }
        }
      self->active = FALSE;
      KgOpStatus st = kg_op_next (op->child, error);
      if (st != KG_NEXT_ROW)
        return st;
      const KgValue *src = &exec->slots[spec->src_slot];
      if (src->type != KG_VALUE_NODE)
        {
          if (src->type == KG_VALUE_NULL)
            continue;
          kg_query_error_set (error, KG_QUERY_ERROR_TYPE, exec->filename, &spec->span,
                              "expected a node to expand from, got %s", kg_value_type_name (src->type));
          return KG_NEXT_ERROR;
        }
      g_array_set_size (self->frames, 0);
      g_array_set_size (self->edges, 0);
      if (spec->rel_equal_slot >= 0)
        {
          int ok = follow_list (self, src->u.id, error);
          if (ok < 0)
            return KG_NEXT_ERROR;
          if (ok == 1)
            return KG_NEXT_ROW;
          continue;
        }
      Frame f;
      f.node = src->u.id;
      kg_multi_adj_init (exec, spec, f.node, spec->dir, &f.adj);
      g_array_append_val (self->frames, f);
      self->active = TRUE;
      if (spec->min_hops <= 0)
        {
          int ok = emit (self, f.node, error);
          if (ok < 0)
            return KG_NEXT_ERROR;
          if (ok == 1)
            return KG_NEXT_ROW;
        }
    }
}

static void
var_close (KgOp *op)
{
  OpVarExpand *self = (OpVarExpand *) op;
  if (self->frames)
    {
      g_array_free (self->frames, TRUE);
      g_array_free (self->edges, TRUE);
      self->frames = self->edges = NULL;
    }
}

static void
var_free (KgOp *op)
{
  kg_expand_spec_clear (&((OpVarExpand *) op)->spec);
}

static void
var_describe (KgOp *op, GString *out)
{
  kg_expand_spec_describe (&((OpVarExpand *) op)->spec, out);
}

static const KgOpClass var_class = {
  .name = "VarLengthExpand",
  .size = sizeof (OpVarExpand),
  .open = var_open,
  .next = var_next,
  .close = var_close,
  .free = var_free,
  .describe = var_describe,
};

static const KgOpClass var_into_class = {
  .name = "VarLengthExpandInto",
  .size = sizeof (OpVarExpand),
  .open = var_open,
  .next = var_next,
  .close = var_close,
  .free = var_free,
  .describe = var_describe,
};

KgOp *
kg_op_var_expand_new (KgExec *exec, KgOp *child, KgExpandSpec *spec)
{
  OpVarExpand *self = (OpVarExpand *) kg_op_new (spec->into ? &var_into_class : &var_class, exec, child);
  self->spec = *spec;
  memset (spec, 0, sizeof *spec);
  return &self->base;
}
