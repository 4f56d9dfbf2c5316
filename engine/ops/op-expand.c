/* engine/ops/op-expand.c — Expand and ExpandInto: one relationship hop.
 *
 * For every input row whose source slot holds a node, yields each relationship of the
 * pattern's types and direction (graph adjacency, no scans) that is not already used by
 * the same MATCH (relationship uniqueness) and passes the relationship's and the far
 * node's inline checks. Expand writes the far node; ExpandInto (far node already bound)
 * only checks it, and walks the relationships of whichever of its two nodes has fewer
 * of them (a person's one city, not the city's million residents). Variable-length
 * hops are in op-var-expand.c.
 *
 * In batches (engine/batch.h): from a batch input, an output batch holds the
 * relationship (and, for Expand, the far node) of many input rows, each row with the
 * index of the input row it came from; the input batch is its parent. The adjacency is
 * copied into the output vectors a run at a time (kg_adj_iter_next_n), then narrowed
 * in place: the far node's end for ExpandInto, uniqueness against the relationships of
 * the row it came from, the far node's labels. Checks that evaluate expressions (an
 * inline property map) load the input row first and are the row path's. After the batch
 * is full, the far nodes' properties the conditions above read are prefetched, so the
 * Filter reading them column-wise finds them in the cache. From a row input, when the
 * hop fans out (the planner expects many relationships per input row), each input row
 * gives batches of its own, without a parent: the rest of the row stays in the plan's
 * row until the batch is read.
 */
#include "engine/ops/op-private.h"

#include <string.h>

typedef struct
{
  KgOp base;
  KgExpandSpec spec;
  KgMultiAdj adj;
  gboolean active;
  KgNodeId want; /* ExpandInto: the node the walk must reach (the source when reversed) */
  /* batches */
  KgBatch out;            /* what next_batch() yields (set up at the first) */
  gboolean rows_in;       /* the input gives rows: one input row per batch */
  KgBatch *in;            /* batch input: the batch being expanded (NULL: take the next) */
  guint in_pos;           /* its next alive row to expand */
  guint in_row;           /* the row being walked while active */
  const guint32 *src_ids; /* @in's source node of each row, or NULL: in the plan's row */
  const guint32 *dst_ids; /* ExpandInto: @in's far node of each row, or NULL */
  KgValueType src_type, dst_type;
  guint32 *src_buf, *dst_buf; /* where a parent's column is gathered */
  KgNodeId *far;              /* ExpandInto: the far ends of one run of the walk */
  gboolean load_rows;         /* checks read the row: load each input row before its walk */
  guint n_excl;               /* relationships the walked row already holds */
  KgEdgeId *excl;
  gboolean must_set; /* rel_equal_slot: the walked row's relationship (else nothing matches) */
  KgEdgeId must;
} OpExpand;

/* From a row input, Expand runs in batches when it expects at least this many
 * relationships per input row. */
#define ROW_FANOUT 8

/* How many relationships ahead Expand prefetches the far node's properties. */
#define PREFETCH_AHEAD 8

static gboolean
expand_open (KgOp *op, GError **error)
{
  OpExpand *self = (OpExpand *) op;
  self->active = FALSE;
  self->in = NULL;
  self->in_pos = 0;
  for (guint i = 0; i < self->spec.n_prefetch; i++)
    self->spec.prefetch_syms[i] = kg_exec_sym (op->exec, KG_SYM_KEY, self->spec.prefetch_keys[i], &self->spec.prefetch_syms[i]);
  self->spec.prefetch_type_sym = KG_NONE;
  if (self->spec.prefetch_type != NULL)
    kg_exec_sym (op->exec, KG_SYM_TYPE, self->spec.prefetch_type, &self->spec.prefetch_type_sym);
  return TRUE;
}

static KgOpStatus
expand_next (KgOp *op, GError **error)
{
  OpExpand *self = (OpExpand *) op;
  KgExpandSpec *spec = &self->spec;
  KgExec *exec = op->exec;
  KgValue *slots = exec->slots;
  gboolean plain = kg_entity_check_empty (&spec->rel_check) && kg_entity_check_empty (&spec->dst_check) &&
                   spec->distinct_from.n == 0 && spec->distinct_from_lists.n == 0 && spec->rel_equal_slot < 0;
  for (;;)
    {
      if (self->active)
        {
          KgEdgeId e;
          KgNodeId other;
          while (kg_multi_adj_next (exec, spec, &self->adj, &e, &other))
            {
              /* Far nodes are scattered over memory: start fetching the properties the
               * next conditions read of a node a few relationships ahead. */
              if (spec->n_prefetch > 0 || spec->prefetch_type_sym != KG_NONE)
                {
                  KgNodeId next;
                  if (kg_adj_iter_peek (&self->adj.it, PREFETCH_AHEAD, &next))
                    {
                      kg_graph_node_prefetch (exec->graph, next, spec->prefetch_syms, spec->n_prefetch);
                      kg_graph_adj_prefetch (exec->graph, next, spec->prefetch_dir, spec->prefetch_type_sym, TRUE);
                    }
                  if (spec->prefetch_type_sym != KG_NONE &&
                      kg_adj_iter_peek (&self->adj.it, 2 * PREFETCH_AHEAD, &next))
                    kg_graph_adj_prefetch (exec->graph, next, spec->prefetch_dir, spec->prefetch_type_sym, FALSE);
                }
              if (spec->into && other != self->want)
                continue;
              if (!plain)
                {
                  if (!kg_exec_check (exec, error))
                    return KG_NEXT_ERROR;
                  if (!kg_expand_edge_is_free (exec, spec, e))
                    continue;
                  if (spec->rel_equal_slot >= 0)
                    {
                      const KgValue *r = &slots[spec->rel_equal_slot];
                      if (r->type != KG_VALUE_EDGE || r->u.id != e)
                        continue;
                    }
                  int ok = kg_entity_check_edge (exec, &spec->rel_check, e, error);
                  if (ok == 1)
                    {
                      if (!spec->into)
                        kg_exec_set_id (exec, spec->dst_slot, KG_VALUE_NODE, other);
                      ok = kg_entity_check_node (exec, &spec->dst_check, spec->into ? slots[spec->dst_slot].u.id : other, error);
                    }
                  if (ok < 0)
                    return KG_NEXT_ERROR;
                  if (ok == 0)
                    continue;
                }
              kg_exec_set_id (exec, spec->rel_slot, KG_VALUE_EDGE, e);
              if (!spec->into)
                kg_exec_set_id (exec, spec->dst_slot, KG_VALUE_NODE, other);
              return KG_NEXT_ROW;
            }
          self->active = FALSE;
        }
      KgOpStatus st = kg_op_next (op->child, error);
      if (st != KG_NEXT_ROW)
        return st;
      const KgValue *src = &slots[spec->src_slot];
      if (src->type != KG_VALUE_NODE)
        {
          if (src->type == KG_VALUE_NULL)
            continue;
          kg_query_error_set (error, KG_QUERY_ERROR_TYPE, exec->filename, &spec->span,
                              "expected a node to expand from, got %s", kg_value_type_name (src->type));
          return KG_NEXT_ERROR;
        }
      if (spec->into)
        {
          const KgValue *dst = &slots[spec->dst_slot];
          if (dst->type != KG_VALUE_NODE)
            continue;
          /* the same relationships seen from the end with fewer of them */
          KgDirection back = spec->dir == KG_DIR_OUT ? KG_DIR_IN : spec->dir == KG_DIR_IN ? KG_DIR_OUT
                                                                                          : KG_DIR_BOTH;
          if (dst->u.id != src->u.id &&
              kg_multi_adj_degree (exec, spec, dst->u.id, back) < kg_multi_adj_degree (exec, spec, src->u.id, spec->dir))
            {
              self->want = src->u.id;
              kg_multi_adj_init (exec, spec, dst->u.id, back, &self->adj);
              self->active = TRUE;
              continue;
            }
          self->want = dst->u.id;
        }
      kg_multi_adj_init (exec, spec, src->u.id, spec->dir, &self->adj);
      self->active = TRUE;
    }
}

/* --- Batches -------------------------------------------------------------------- */

static int
expand_batch_mode (KgOp *op)
{
  if (op->child->batch == KG_BATCH_OUT)
    return KG_BATCH_OUT;
  double in = kg_op_estimate (op->child);
  if (op->est_rows < 0 || in < 0)
    return KG_BATCH_NONE;
  /* an input estimated below one row still gives whole rows when it gives any: the
   * fan-out is per row it gives (a rough estimate under 1 must not make the expansion of
   * its rows, however many, go a row at a time) */
  return op->est_rows >= ROW_FANOUT * MAX (in, 1.0) ? KG_BATCH_OUT : KG_BATCH_NONE;
}

/* The value of @slot at row @r of the input (the input batch's chain, else the row). */
static gboolean
input_id (OpExpand *self, int slot, guint r, guint32 *id, KgValueType *type)
{
  if (!self->rows_in && kg_batch_id_at (self->in, slot, r, id, type))
    return TRUE;
  const KgValue *v = &self->base.exec->slots[slot];
  *type = v->type;
  if (v->type != KG_VALUE_NODE && v->type != KG_VALUE_EDGE)
    return FALSE;
  *id = v->u.id;
  return TRUE;
}

/* Starts the walk of input row @r (with the source @src_type / @src); FALSE: an error
 * is set; *@walk FALSE: the row has nothing to walk. */
static gboolean
start_row (OpExpand *self, guint r, KgValueType src_type, guint32 src, gboolean *walk, GError **error)
{
  KgExec *exec = self->base.exec;
  KgExpandSpec *spec = &self->spec;
  *walk = FALSE;
  if (src_type != KG_VALUE_NODE)
    {
      if (src_type == KG_VALUE_NULL)
        return TRUE;
      kg_query_error_set (error, KG_QUERY_ERROR_TYPE, exec->filename, &spec->span, "expected a node to expand from, got %s",
                          kg_value_type_name (src_type));
      return FALSE;
    }
  KgNodeId from = src;
  KgDirection dir = spec->dir;
  if (spec->into)
    {
      KgValueType dt;
      guint32 dst;
      if (self->dst_ids)
        {
          dt = self->dst_type;
          dst = self->dst_ids[r];
        }
      else if (!input_id (self, spec->dst_slot, r, &dst, &dt))
        dt = KG_VALUE_NULL;
      if (dt != KG_VALUE_NODE)
        return TRUE;
      KgDirection back = dir == KG_DIR_OUT ? KG_DIR_IN : dir == KG_DIR_IN ? KG_DIR_OUT
                                                                          : KG_DIR_BOTH;
      if (dst != src && kg_multi_adj_degree (exec, spec, dst, back) < kg_multi_adj_degree (exec, spec, src, dir))
        {
          self->want = src;
          from = dst;
          dir = back;
        }
      else
        self->want = dst;
    }
  if (self->load_rows && !self->rows_in)
    kg_batch_load_row (exec, self->in, r);
  self->n_excl = 0;
  for (guint i = 0; i < spec->distinct_from.n; i++)
    {
      guint32 id;
      KgValueType t;
      if (input_id (self, spec->distinct_from.v[i], r, &id, &t) && t == KG_VALUE_EDGE)
        self->excl[self->n_excl++] = id;
    }
  if (spec->rel_equal_slot >= 0)
    {
      KgValueType t;
      self->must_set = input_id (self, spec->rel_equal_slot, r, &self->must, &t) && t == KG_VALUE_EDGE;
      if (!self->must_set)
        return TRUE;
    }
  kg_multi_adj_init (exec, spec, from, dir, &self->adj);
  self->in_row = r;
  *walk = TRUE;
  return TRUE;
}

/* Up to @max relationships (and far ends) of the walk; fewer only at its end. */
static guint
adj_fill (KgExec *exec, KgExpandSpec *spec, KgMultiAdj *m, KgEdgeId *edges, KgNodeId *others, guint max)
{
  guint n = 0;
  while (n < max && m->live)
    {
      n += kg_adj_iter_next_n (&m->it, edges + n, others + n, max - n);
      /* this type's relationships are over: the next type's first, if any */
      if (n < max && kg_multi_adj_next (exec, spec, m, &edges[n], &others[n]))
        n++;
    }
  return n;
}

/* Adds the @w rows written past the batch's end, all from the walked input row. */
static void
set_parents (OpExpand *self, guint w)
{
  KgBatch *b = &self->out;
  if (b->parent)
    for (guint k = 0; k < w; k++)
      b->pidx[b->n + k] = (guint16) self->in_row;
  b->n += w;
  b->n_sel = b->n;
}

/* Walks the active row into the output batch until it is full or the walk ends;
 * FALSE: an error is set (the rows before it are in the batch). */
static gboolean
walk_row (OpExpand *self, GError **error)
{
  KgExec *exec = self->base.exec;
  KgExpandSpec *spec = &self->spec;
  KgBatch *b = &self->out;
  gboolean labels = spec->dst_check.n_labels > 0 && !self->load_rows;
  /* Static labels only (the common case): the far node's labels are bits of the labels'
   * bitmaps, read in the loop rather than through a check per node */
  const KgEntityCheck *dc = &spec->dst_check;
  const guint64 *lbits[4];
  guint32 lwords[4];
  guint n_lbits = 0;
  if (labels && dc->n_labels <= G_N_ELEMENTS (lbits) && dc->dynamic == NULL && dc->n_props == 0 && dc->props_param == NULL)
    {
      for (guint i = 0; i < dc->n_labels; i++)
        {
          KgSymbol l = kg_exec_sym (exec, KG_SYM_LABEL, dc->labels[i], &dc->label_syms[i]);
          lbits[i] = l == KG_NONE ? NULL : kg_graph_label_bits (exec->graph, l, &lwords[i]);
          if (lbits[i] == NULL)
            lwords[i] = 0; /* no node has it: every far node fails */
        }
      n_lbits = dc->n_labels;
      labels = FALSE;
    }
  while (b->n < KG_BATCH_MAX)
    {
      guint room = KG_BATCH_MAX - b->n;
      KgEdgeId *edges = b->cols[0].ids + b->n;
      KgNodeId *others = spec->into ? self->far : b->cols[1].ids + b->n;
      guint got = adj_fill (exec, spec, &self->adj, edges, others, room);
      guint w = 0;
      for (guint k = 0; k < got; k++)
        {
          KgEdgeId e = edges[k];
          KgNodeId o = others[k];
          if (spec->into && o != self->want)
            continue;
          gboolean ok = TRUE;
          for (guint x = 0; x < self->n_excl && ok; x++)
            ok = self->excl[x] != e;
          if (!ok || (spec->rel_equal_slot >= 0 && e != self->must))
            continue;
          for (guint i = 0; i < n_lbits && ok; i++)
            ok = (o >> 6) < lwords[i] && ((lbits[i][o >> 6] >> (o & 63)) & 1) != 0;
          if (!ok || (labels && kg_entity_check_node (exec, &spec->dst_check, o, NULL) != 1))
            continue;
          if (self->load_rows)
            {
              /* the row path's checks, on the loaded input row */
              if (!kg_expand_edge_is_free (exec, spec, e))
                continue;
              int t = kg_entity_check_edge (exec, &spec->rel_check, e, error);
              if (t == 1)
                {
                  KgNodeId far = spec->into ? exec->slots[spec->dst_slot].u.id : o;
                  if (!spec->into)
                    kg_exec_set_id (exec, spec->dst_slot, KG_VALUE_NODE, o);
                  t = kg_entity_check_node (exec, &spec->dst_check, far, error);
                }
              if (t < 0)
                {
                  set_parents (self, w);
                  return FALSE;
                }
              if (t == 0)
                continue;
            }
          edges[w] = e;
          if (!spec->into)
            others[w] = o;
          w++;
        }
      set_parents (self, w);
      if (got < room)
        {
          self->active = FALSE;
          return TRUE;
        }
      if (!kg_exec_check (exec, error))
        return FALSE;
    }
  return TRUE;
}

/* Starts fetching what the conditions above read of the batch's far nodes. */
static void
prefetch_batch (OpExpand *self)
{
  KgExpandSpec *spec = &self->spec;
  KgBatch *b = &self->out;
  if (spec->into || (spec->n_prefetch == 0 && spec->prefetch_type_sym == KG_NONE))
    return;
  KgGraph *g = self->base.exec->graph;
  const KgNodeId *far = b->cols[1].ids;
  for (guint i = 0; i < b->n; i++)
    {
      kg_graph_node_prefetch (g, far[i], spec->prefetch_syms, spec->n_prefetch);
      kg_graph_adj_prefetch (g, far[i], spec->prefetch_dir, spec->prefetch_type_sym, FALSE);
    }
}

/* How many input rows ahead the batch path prefetches the adjacency it will walk: where
 * a node's row starts, then (half as far ahead) the row's first entries. */
#define INPUT_AHEAD 16

static void
prefetch_node (OpExpand *self, guint pos, KgSymbol type, gboolean entries)
{
  KgBatch *in = self->in;
  if (pos >= in->n_sel)
    return;
  KgExpandSpec *spec = &self->spec;
  KgGraph *g = self->base.exec->graph;
  guint r = kg_batch_row (in, pos);
  if (self->src_ids && self->src_type == KG_VALUE_NODE)
    kg_graph_adj_prefetch (g, self->src_ids[r], spec->dir, type, entries);
  if (self->dst_ids && self->dst_type == KG_VALUE_NODE)
    {
      /* ExpandInto reads the degree of both ends, and walks either */
      KgDirection back = spec->dir == KG_DIR_OUT ? KG_DIR_IN : KG_DIR_OUT;
      kg_graph_adj_prefetch (g, self->dst_ids[r], back, type, entries);
    }
}

/* Starts fetching the adjacency of the input rows a little ahead of @pos. */
static void
prefetch_input (OpExpand *self, guint pos)
{
  KgExpandSpec *spec = &self->spec;
  if (spec->n_types != 1 || (spec->dir != KG_DIR_OUT && spec->dir != KG_DIR_IN))
    return;
  KgSymbol type = kg_exec_sym (self->base.exec, KG_SYM_TYPE, spec->types[0], &spec->type_syms[0]);
  if (type == KG_NONE)
    return;
  if (pos == 0)
    for (guint p = 0; p < INPUT_AHEAD; p++)
      prefetch_node (self, p, type, FALSE);
  prefetch_node (self, pos + INPUT_AHEAD, type, FALSE);
  prefetch_node (self, pos + INPUT_AHEAD / 2, type, TRUE);
}

static KgOpStatus
expand_next_batch (KgOp *op, KgBatch **out, GError **error)
{
  OpExpand *self = (OpExpand *) op;
  KgExpandSpec *spec = &self->spec;
  KgBatch *b = &self->out;
  if (b->n_cols == 0)
    {
      int slots[2] = { spec->rel_slot, spec->dst_slot };
      KgValueType types[2] = { KG_VALUE_EDGE, KG_VALUE_NODE };
      kg_batch_init (b, spec->into ? 1 : 2, slots, types, TRUE);
      self->far = g_new (KgNodeId, KG_BATCH_MAX);
      self->excl = g_new (KgEdgeId, spec->distinct_from.n + 1);
      self->src_buf = g_new (guint32, KG_BATCH_MAX);
      self->dst_buf = g_new (guint32, KG_BATCH_MAX);
      self->load_rows = !kg_entity_check_empty (&spec->rel_check) || spec->dst_check.n_props > 0 ||
                        spec->dst_check.props_param != NULL || spec->dst_check.dynamic != NULL ||
                        spec->distinct_from_lists.n > 0;
    }
  /* (decided again when a parallel plan replaces the input) */
  self->rows_in = op->child->batch != KG_BATCH_OUT;
  b->n = 0;
  b->n_sel = 0;
  b->sel = NULL;
  if (self->rows_in)
    b->parent = NULL;
  *out = b;
  for (;;)
    {
      if (self->active)
        {
          GError *local = NULL;
          if (!walk_row (self, &local))
            return kg_op_batch_then_error (op, b, out, local, error);
          if (b->n == KG_BATCH_MAX)
            break;
        }
      guint r = 0;
      KgValueType st;
      guint32 src = 0;
      if (self->rows_in)
        {
          if (b->n > 0)
            break;
          KgOpStatus s = kg_op_next (op->child, error);
          if (s != KG_NEXT_ROW)
            return s;
          input_id (self, spec->src_slot, 0, &src, &st);
        }
      else
        {
          if (self->in == NULL || self->in_pos >= self->in->n_sel)
            {
              /* the rows so far point into the input batch: hand them out first */
              if (b->n > 0)
                break;
              self->in = NULL;
              KgBatch *in;
              KgOpStatus s = kg_op_next_batch (op->child, &in, error);
              if (s != KG_NEXT_ROW)
                return s;
              self->in = in;
              self->in_pos = 0;
              b->parent = in;
              self->src_ids = kg_batch_ids (in, spec->src_slot, self->src_buf, &self->src_type);
              self->dst_ids = spec->into ? kg_batch_ids (in, spec->dst_slot, self->dst_buf, &self->dst_type) : NULL;
            }
          prefetch_input (self, self->in_pos);
          r = kg_batch_row (self->in, self->in_pos++);
          if (self->src_ids)
            {
              st = self->src_type;
              src = self->src_ids[r];
            }
          else
            input_id (self, spec->src_slot, r, &src, &st);
        }
      gboolean walk;
      GError *local = NULL;
      if (!start_row (self, r, st, src, &walk, &local))
        return kg_op_batch_then_error (op, b, out, local, error);
      self->active = walk;
    }
  prefetch_batch (self);
  return KG_NEXT_ROW;
}

static void
expand_free (KgOp *op)
{
  OpExpand *self = (OpExpand *) op;
  kg_expand_spec_clear (&self->spec);
  kg_batch_clear (&self->out);
  g_free (self->src_buf);
  g_free (self->dst_buf);
  g_free (self->far);
  g_free (self->excl);
}

static void
expand_describe (KgOp *op, GString *out)
{
  kg_expand_spec_describe (&((OpExpand *) op)->spec, out);
}

static const KgOpClass expand_class = {
  .name = "Expand",
  .size = sizeof (OpExpand),
  .open = expand_open,
  .next = expand_next,
  .free = expand_free,
  .describe = expand_describe,
  .next_batch = expand_next_batch,
  .batch_mode = expand_batch_mode,
};

static const KgOpClass expand_into_class = {
  .name = "ExpandInto",
  .size = sizeof (OpExpand),
  .open = expand_open,
  .next = expand_next,
  .free = expand_free,
  .describe = expand_describe,
  .next_batch = expand_next_batch,
  .batch_mode = expand_batch_mode,
};

KgOp *
kg_op_expand_new (KgExec *exec, KgOp *child, KgExpandSpec *spec)
{
  OpExpand *self = (OpExpand *) kg_op_new (spec->into ? &expand_into_class : &expand_class, exec, child);
  self->spec = *spec;
  memset (spec, 0, sizeof *spec);
  return &self->base;
}
