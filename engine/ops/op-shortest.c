/* engine/ops/op-shortest.c — ShortestPath and AllShortestPaths between bound nodes.
 *
 * Breadth-first search from the pattern's left node over the pattern's types and
 * direction, honouring relationship property checks and the uniqueness of
 * relationships bound elsewhere in the MATCH. ShortestPath yields one path of minimal
 * length; AllShortestPaths yields every path of that length. Writes the path and the
 * relationship list; does not scan for the end nodes (the planner binds them first).
 */
#include "engine/ops/op-private.h"

#include <string.h>

typedef struct
{
  KgEdgeId edge;
  KgNodeId prev;
} Parent;

typedef struct
{
  KgOp base;
  KgExpandSpec spec;
  gboolean all;
  int path_slot;
  GHashTable *parents; /* node → GArray of Parent (all) or a single Parent */
  GHashTable *dist;    /* node → depth + 1 */
  GPtrArray *results;  /* KgPath* still to yield */
  guint pos;
} OpShortest;

static void
garray_free (gpointer p)
{
  g_array_free (p, TRUE);
}

static gboolean
sp_open (KgOp *op, GError **error)
{
  OpShortest *self = (OpShortest *) op;
  self->results = g_ptr_array_new_with_free_func ((GDestroyNotify) kg_path_unref);
  self->pos = 0;
  return TRUE;
}

static void
reset_search (OpShortest *self)
{
  g_clear_pointer (&self->parents, g_hash_table_destroy);
  g_clear_pointer (&self->dist, g_hash_table_destroy);
  self->parents = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, garray_free);
  self->dist = g_hash_table_new (g_direct_hash, g_direct_equal);
}

#define KEY(n) GUINT_TO_POINTER ((n) + 1)

/* Walks parents back from @node to the source, building paths. */
static void
collect (OpShortest *self, KgNodeId src, KgNodeId node, GArray *nodes, GArray *edges)
{
  if (node == src)
    {
      guint n = edges->len;
      guint32 *ns = g_new (guint32, n + 1), *es = g_new (guint32, MAX (n, 1));
      for (guint i = 0; i <= n; i++)
        ns[i] = g_array_index (nodes, guint32, n - i);
      for (guint i = 0; i < n; i++)
        es[i] = g_array_index (edges, guint32, n - 1 - i);
      g_ptr_array_add (self->results, kg_path_new (n, ns, es));
      g_free (ns);
      g_free (es);
      return;
    }
  GArray *ps = g_hash_table_lookup (self->parents, KEY (node));
  if (ps == NULL)
    return;
  for (guint i = 0; i < ps->len; i++)
    {
      Parent p = g_array_index (ps, Parent, i);
      g_array_append_val (edges, p.edge);
      g_array_append_val (nodes, p.prev);
      collect (self, src, p.prev, nodes, edges);
      g_array_set_size (edges, edges->len - 1);
      g_array_set_size (nodes, nodes->len - 1);
      if (!self->all && self->results->len > 0)
        return;
    }
}

static KgDirection
reverse_dir (KgDirection d)
{
  return d == KG_DIR_OUT ? KG_DIR_IN : d == KG_DIR_IN ? KG_DIR_OUT
                                                      : d;
}

/* Expands one level of one side of a bidirectional search. Returns the node where the
 * two sides met, KG_NONE if they did not, or KG_NONE - 1 on error. */
static KgNodeId
grow (OpShortest *self, GArray **frontier, GHashTable *mine, GHashTable *theirs, KgDirection dir, GError **error)
{
  KgExec *exec = self->base.exec;
  KgExpandSpec *spec = &self->spec;
  GArray *next = g_array_new (FALSE, FALSE, sizeof (KgNodeId));
  KgNodeId met = KG_NONE;
  for (guint i = 0; i < (*frontier)->len && met == KG_NONE; i++)
    {
      KgNodeId n = g_array_index (*frontier, KgNodeId, i);
      KgMultiAdj adj;
      KgEdgeId e;
      KgNodeId other;
      kg_multi_adj_init (exec, spec, n, dir, &adj);
      while (kg_multi_adj_next (exec, spec, &adj, &e, &other))
        {
          if (!kg_exec_check (exec, error))
            {
              met = KG_NONE - 1;
              break;
            }
          if (g_hash_table_contains (mine, KEY (other)) || !kg_expand_edge_is_free (exec, spec, e))
            continue;
          int r = kg_entity_check_edge (exec, &spec->rel_check, e, error);
          if (r < 0)
            {
              met = KG_NONE - 1;
              break;
            }
          if (r == 0)
            continue;
          Parent *p = g_new (Parent, 1);
          p->edge = e;
          p->prev = n;
          g_hash_table_insert (mine, KEY (other), p);
          g_array_append_val (next, other);
          if (g_hash_table_contains (theirs, KEY (other)))
            {
              met = other;
              break;
            }
        }
    }
  g_array_free (*frontier, TRUE);
  *frontier = next;
  return met;
}

/* One shortest path between two different nodes, searching from both ends at once
 * (always growing the smaller frontier). */
static gboolean
search_bidirectional (OpShortest *self, KgNodeId src, KgNodeId dst, GError **error)
{
  KgExpandSpec *spec = &self->spec;
  gint64 max = spec->max_hops >= 0 ? spec->max_hops : G_MAXINT64;
  GHashTable *fwd = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  GHashTable *bwd = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  g_hash_table_insert (fwd, KEY (src), NULL);
  g_hash_table_insert (bwd, KEY (dst), NULL);
  GArray *ff = g_array_new (FALSE, FALSE, sizeof (KgNodeId));
  GArray *fb = g_array_new (FALSE, FALSE, sizeof (KgNodeId));
  g_array_append_val (ff, src);
  g_array_append_val (fb, dst);
  gint64 depth = 0;
  KgNodeId met = KG_NONE;
  while (met == KG_NONE && ff->len > 0 && fb->len > 0 && depth < max)
    {
      if (ff->len <= fb->len)
        met = grow (self, &ff, fwd, bwd, spec->dir, error);
      else
        met = grow (self, &fb, bwd, fwd, reverse_dir (spec->dir), error);
      depth++;
    }
  gboolean ok = met != KG_NONE - 1;
  if (ok && met != KG_NONE && depth >= spec->min_hops)
    {
      GArray *nodes = g_array_new (FALSE, FALSE, sizeof (guint32));
      GArray *edges = g_array_new (FALSE, FALSE, sizeof (guint32));
      /* back from the meeting node to src, then reversed */
      KgNodeId n = met;
      g_array_append_val (nodes, n);
      while (n != src)
        {
          Parent *p = g_hash_table_lookup (fwd, KEY (n));
          g_array_prepend_val (edges, p->edge);
          g_array_prepend_val (nodes, p->prev);
          n = p->prev;
        }
      n = met;
      while (n != dst)
        {
          Parent *p = g_hash_table_lookup (bwd, KEY (n));
          g_array_append_val (edges, p->edge);
          g_array_append_val (nodes, p->prev);
          n = p->prev;
        }
      g_ptr_array_add (self->results, kg_path_new (edges->len, (guint32 *) nodes->data, (guint32 *) edges->data));
      g_array_free (nodes, TRUE);
      g_array_free (edges, TRUE);
    }
  g_array_free (ff, TRUE);
  g_array_free (fb, TRUE);
  g_hash_table_destroy (fwd);
  g_hash_table_destroy (bwd);
  return ok;
}

static gboolean
search (OpShortest *self, KgNodeId src, KgNodeId dst, GError **error)
{
  KgExec *exec = self->base.exec;
  KgExpandSpec *spec = &self->spec;
  gint64 max = spec->max_hops >= 0 ? spec->max_hops : G_MAXINT64;
  if (src == dst)
    {
      if (spec->min_hops <= 0 && kg_entity_check_node (exec, &spec->dst_check, dst, error) == 1)
        {
          guint32 n = src;
          g_ptr_array_add (self->results, kg_path_new (0, &n, NULL));
        }
      return error == NULL || *error == NULL;
    }
  if (!self->all)
    return search_bidirectional (self, src, dst, error);
  reset_search (self);
  GArray *frontier = g_array_new (FALSE, FALSE, sizeof (KgNodeId));
  GArray *next = g_array_new (FALSE, FALSE, sizeof (KgNodeId));
  g_array_append_val (frontier, src);
  g_hash_table_insert (self->dist, KEY (src), GUINT_TO_POINTER (1));
  gboolean found = FALSE;
  gboolean ok = TRUE;
  for (gint64 depth = 1; depth <= max && frontier->len > 0 && !found && ok; depth++)
    {
      g_array_set_size (next, 0);
      for (guint i = 0; i < frontier->len && ok; i++)
        {
          KgNodeId n = g_array_index (frontier, KgNodeId, i);
          KgMultiAdj adj;
          KgEdgeId e;
          KgNodeId other;
          kg_multi_adj_init (exec, spec, n, spec->dir, &adj);
          while (kg_multi_adj_next (exec, spec, &adj, &e, &other))
            {
              if (!kg_exec_check (exec, error))
                {
                  ok = FALSE;
                  break;
                }
              guint d = GPOINTER_TO_UINT (g_hash_table_lookup (self->dist, KEY (other)));
              if (d != 0 && d != (guint) depth + 1)
                continue;
              if (!kg_expand_edge_is_free (exec, spec, e))
                continue;
              int r = kg_entity_check_edge (exec, &spec->rel_check, e, error);
              if (r < 0)
                {
                  ok = FALSE;
                  break;
                }
              if (r == 0)
                continue;
              GArray *ps = g_hash_table_lookup (self->parents, KEY (other));
              if (d == 0)
                {
                  g_hash_table_insert (self->dist, KEY (other), GUINT_TO_POINTER ((guint) depth + 1));
                  ps = g_array_new (FALSE, FALSE, sizeof (Parent));
                  g_hash_table_insert (self->parents, KEY (other), ps);
                  g_array_append_val (next, other);
                }
              else if (!self->all)
                continue;
              Parent p = { e, n };
              g_array_append_val (ps, p);
              if (other == dst)
                found = TRUE;
            }
        }
      GArray *t = frontier;
      frontier = next;
      next = t;
    }
  g_array_free (frontier, TRUE);
  g_array_free (next, TRUE);
  if (!ok)
    return FALSE;
  if (found)
    {
      GHashTable *dist = self->dist;
      gint64 len = (gint64) GPOINTER_TO_UINT (g_hash_table_lookup (dist, KEY (dst))) - 1;
      if (len >= spec->min_hops)
        {
          int r = kg_entity_check_node (exec, &spec->dst_check, dst, error);
          if (r < 0)
            return FALSE;
          if (r == 1)
            {
              GArray *nodes = g_array_new (FALSE, FALSE, sizeof (guint32));
              GArray *edges = g_array_new (FALSE, FALSE, sizeof (guint32));
              g_array_append_val (nodes, dst);
              collect (self, src, dst, nodes, edges);
              g_array_free (nodes, TRUE);
              g_array_free (edges, TRUE);
            }
        }
    }
  return TRUE;
}

static KgOpStatus
sp_next (KgOp *op, GError **error)
{
  OpShortest *self = (OpShortest *) op;
  KgExec *exec = op->exec;
  KgExpandSpec *spec = &self->spec;
  for (;;)
    {
      if (self->pos < self->results->len)
        {
          KgPath *p = g_ptr_array_index (self->results, self->pos++);
          if (self->path_slot >= 0)
            {
              KgValue v = kg_value_path (kg_path_ref (p));
              kg_exec_set_slot (exec, self->path_slot, &v);
            }
          KgList *l = kg_list_new (p->len);
          for (guint i = 0; i < p->len; i++)
            {
              KgValue e = kg_value_edge (p->edges[i]);
              kg_list_append (l, &e);
            }
          KgValue lv = kg_value_list (l);
          kg_exec_set_slot (exec, spec->rel_slot, &lv);
          return KG_NEXT_ROW;
        }
      g_ptr_array_set_size (self->results, 0);
      self->pos = 0;
      KgOpStatus st = kg_op_next (op->child, error);
      if (st != KG_NEXT_ROW)
        return st;
      const KgValue *a = &exec->slots[spec->src_slot];
      const KgValue *b = &exec->slots[spec->dst_slot];
      if (a->type != KG_VALUE_NODE || b->type != KG_VALUE_NODE)
        continue;
      if (!search (self, a->u.id, b->u.id, error))
        return KG_NEXT_ERROR;
    }
}

static void
sp_close (KgOp *op)
{
  OpShortest *self = (OpShortest *) op;
  g_clear_pointer (&self->results, g_ptr_array_unref);
  g_clear_pointer (&self->parents, g_hash_table_destroy);
  g_clear_pointer (&self->dist, g_hash_table_destroy);
}

static void
sp_free (KgOp *op)
{
  kg_expand_spec_clear (&((OpShortest *) op)->spec);
}

static void
sp_describe (KgOp *op, GString *out)
{
  kg_expand_spec_describe (&((OpShortest *) op)->spec, out);
}

static const KgOpClass shortest_class = {
  .name = "ShortestPath",
  .size = sizeof (OpShortest),
  .open = sp_open,
  .next = sp_next,
  .close = sp_close,
  .free = sp_free,
  .describe = sp_describe,
};

static const KgOpClass all_shortest_class = {
  .name = "AllShortestPaths",
  .size = sizeof (OpShortest),
  .open = sp_open,
  .next = sp_next,
  .close = sp_close,
  .free = sp_free,
  .describe = sp_describe,
};

KgOp *
kg_op_shortest_new (KgExec *exec, KgOp *child, KgExpandSpec *spec, gboolean all, int path_slot)
{
  OpShortest *self = (OpShortest *) kg_op_new (all ? &all_shortest_class : &shortest_class, exec, child);
  self->spec = *spec;
  memset (spec, 0, sizeof *spec);
  self->all = all;
  self->path_slot = path_slot;
  return &self->base;
}
