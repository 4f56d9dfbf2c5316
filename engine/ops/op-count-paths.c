/* engine/ops/op-count-paths.c — CountPaths: `MATCH (a)-[:T]->(b)-[:U]->(c) RETURN
 * count(*)` without enumerating the paths.
 *
 * The planner uses it only when each WHERE condition reads a single node of the chain.
 * Every node's conditions (labels, properties, conditions) are decided once per node:
 * the end nodes into a bitmap, the middle node while iterating it. A one-hop chain is a
 * sum over the start nodes of their qualifying relationships; a two-hop chain is, for
 * each middle node b, (qualifying relationships on a's side) × (on c's side), minus
 * the pairs that would use one relationship twice (Cypher's relationship uniqueness:
 * a self loop, or one relationship serving both hops when both point the same way from
 * b). Reads the graph only.
 */
#include "engine/ops/op-private.h"

#include <string.h>

typedef struct
{
  KgOp base;
  KgCountPathsSpec spec;
  gboolean done;
} OpCountPaths;

static gboolean
count_open (KgOp *op, GError **error)
{
  ((OpCountPaths *) op)->done = FALSE;
  return TRUE;
}

static gboolean
node_empty (const KgCountNode *n)
{
  return kg_entity_check_empty (&n->check) && (n->preds == NULL || n->preds->len == 0);
}

/* 1 when @node passes @n's labels, properties and conditions; 0 not; -1 error. */
static int
node_passes (KgExec *exec, KgCountNode *n, KgNodeId node, GError **error)
{
  int ok = kg_entity_check_node (exec, &n->check, node, error);
  if (ok != 1 || n->preds == NULL || n->preds->len == 0)
    return ok;
  kg_exec_set_id (exec, n->slot, KG_VALUE_NODE, node);
  for (guint i = 0; i < n->preds->len; i++)
    {
      KgTri t;
      if (!kg_expr_eval_predicate (&exec->env, g_ptr_array_index (n->preds, i), &t, error))
        return -1;
      if (t != KG_TRI_TRUE)
        return 0;
    }
  return 1;
}

/* The candidate nodes of @n: its first label's nodes, or all. FALSE: none (an unknown label). */
static gboolean
candidates (KgExec *exec, KgCountNode *n, KgNodeIter *it)
{
  KgSymbol label = KG_NONE;
  if (n->check.n_labels > 0)
    {
      label = kg_exec_sym (exec, KG_SYM_LABEL, n->check.labels[0], &n->check.label_syms[0]);
      if (label == KG_NONE)
        return FALSE;
    }
  kg_graph_nodes_init (exec->graph, label, it);
  return TRUE;
}

/* A bitmap of the nodes passing @n, or NULL when every node does. */
static guint8 *
pass_map (KgExec *exec, KgCountNode *n, gboolean *failed, GError **error)
{
  *failed = FALSE;
  if (node_empty (n))
    return NULL;
  guint8 *map = g_malloc0 (MAX (kg_graph_node_bound (exec->graph), 1u));
  KgNodeIter it;
  KgNodeId node;
  gboolean any = candidates (exec, n, &it);
  while (any && kg_node_iter_next (&it, &node))
    {
      int ok = node_passes (exec, n, node, error);
      if (ok < 0 || !kg_exec_check (exec, error))
        {
          g_free (map);
          *failed = TRUE;
          return NULL;
        }
      map[node] = ok == 1;
    }
  return map;
}

/* --- Facts about a graph version, cached across statements ---------------------
 *
 * "Every relationship of type T has label L at its far end" lets a side be counted
 * with O(1) degrees instead of visiting each relationship; self loops per type are what
 * the uniqueness correction needs then. Both cost one pass over the type's
 * relationships, so they are remembered for the graph as it is (its uid and version),
 * which pays off when the same count runs again. */

static GMutex cache_lock;
static GHashTable *cache;       /* char* key → GINT_TO_POINTER (1 + fact) */
static GHashTable *cache_loops; /* char* key → GHashTable of self loops */
static char *cache_graph;

static const char *
cache_prefix (KgExec *exec, char buf[128])
{
  /* the uid names the graph exactly (an address could be reused by a new graph) */
  g_snprintf (buf, 128, "%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT, kg_graph_uid (exec->graph),
              kg_graph_version (exec->graph));
  return buf;
}

/* Locks the cache, dropping it when the graph changed. */
static void
cache_enter (KgExec *exec)
{
  char buf[128];
  g_mutex_lock (&cache_lock);
  cache_prefix (exec, buf);
  if (cache == NULL || g_strcmp0 (cache_graph, buf) != 0)
    {
      if (cache)
        g_hash_table_destroy (cache);
      if (cache_loops)
        g_hash_table_destroy (cache_loops);
      cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      cache_loops = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_hash_table_unref);
      g_free (cache_graph);
      cache_graph = g_strdup (buf);
    }
}

/* TRUE when every relationship of @type has all of @check's labels at its @end
 * (KG_DIR_OUT: the end node; KG_DIR_IN: the start node). */
static gboolean
labels_implied (KgExec *exec, KgSymbol type, KgDirection end, KgEntityCheck *check)
{
  if (check->n_props > 0 || check->props_param || check->n_labels == 0 || type == KG_NONE)
    return FALSE;
  gboolean all = TRUE;
  cache_enter (exec);
  for (guint l = 0; l < check->n_labels && all; l++)
    {
      KgSymbol label = kg_exec_sym (exec, KG_SYM_LABEL, check->labels[l], &check->label_syms[l]);
      if (label == KG_NONE)
        {
          all = FALSE;
          break;
        }
      char *key = g_strdup_printf ("implied:%u:%d:%u", type, end, label);
      gpointer fact = g_hash_table_lookup (cache, key);
      if (fact == NULL)
        {
          /* every node at that end of some relationship of @type has the label: a
           * pass over the nodes' degrees, not over the (many more) relationships */
          gboolean ok = TRUE;
          KgDirection side = end == KG_DIR_OUT ? KG_DIR_IN : KG_DIR_OUT;
          guint32 bound = kg_graph_node_bound (exec->graph);
          for (KgNodeId n = 0; ok && n < bound; n++)
            if (kg_graph_degree (exec->graph, n, side, type) > 0)
              ok = kg_graph_node_has_label (exec->graph, n, label);
          fact = GINT_TO_POINTER (1 + ok);
          g_hash_table_insert (cache, key, fact);
        }
      else
        g_free (key);
      all = GPOINTER_TO_INT (fact) == 2;
    }
  g_mutex_unlock (&cache_lock);
  return all;
}

/* How many self loops of @type each node has (node + 1 → count); cached. */
static GHashTable *
self_loops (KgExec *exec, KgSymbol type)
{
  cache_enter (exec);
  char *key = g_strdup_printf ("loops:%u", type);
  GHashTable *loops = g_hash_table_lookup (cache_loops, key);
  if (loops == NULL)
    {
      loops = g_hash_table_new (g_direct_hash, g_direct_equal);
      KgEdgeIter it;
      KgEdgeId e;
      kg_graph_edges_init (exec->graph, type, &it);
      while (kg_edge_iter_next (&it, &e))
        {
          KgNodeId s = kg_graph_edge_src (exec->graph, e);
          if (s == kg_graph_edge_dst (exec->graph, e))
            {
              gpointer k = GUINT_TO_POINTER (s + 1);
              g_hash_table_insert (loops, k, GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (loops, k)) + 1));
            }
        }
      g_hash_table_insert (cache_loops, key, loops); /* kept while the graph stays as it is */
    }
  else
    g_free (key);
  g_hash_table_ref (loops); /* the caller's: another graph may flush the cache meanwhile */
  g_mutex_unlock (&cache_lock);
  return loops;
}

static gboolean
type_in (KgExec *exec, KgExpandSpec *hop, KgSymbol type)
{
  if (hop->n_types == 0)
    return TRUE;
  for (guint i = 0; i < hop->n_types; i++)
    if (kg_exec_sym (exec, KG_SYM_TYPE, hop->types[i], &hop->type_syms[i]) == type)
      return TRUE;
  return FALSE;
}

static KgDirection
reverse (KgDirection d)
{
  return d == KG_DIR_OUT ? KG_DIR_IN : d == KG_DIR_IN ? KG_DIR_OUT
                                                      : d;
}

/* Qualifying relationships at @node in @dir over @hop's types whose far end is in @map. */
static guint64
side_count (KgExec *exec, KgExpandSpec *hop, KgNodeId node, KgDirection dir, const guint8 *map)
{
  if (map == NULL)
    {
      if (hop->n_types == 0)
        return kg_graph_degree (exec->graph, node, dir, KG_NONE);
      guint64 n = 0;
      for (guint i = 0; i < hop->n_types; i++)
        {
          KgSymbol t = kg_exec_sym (exec, KG_SYM_TYPE, hop->types[i], &hop->type_syms[i]);
          if (t != KG_NONE)
            n += kg_graph_degree (exec->graph, node, dir, t);
        }
      return n;
    }
  guint64 n = 0;
  KgMultiAdj adj;
  KgEdgeId e;
  KgNodeId other;
  kg_multi_adj_init (exec, hop, node, dir, &adj);
  while (kg_multi_adj_next (exec, hop, &adj, &e, &other))
    n += map[other];
  return n;
}

static gboolean
count_all (OpCountPaths *self, guint64 *total, GError **error)
{
  KgExec *exec = self->base.exec;
  KgCountPathsSpec *spec = &self->spec;
  gboolean failed;
  *total = 0;
  if (spec->n_hops == 1)
    {
      guint8 *pass_b = pass_map (exec, &spec->nodes[1], &failed, error);
      if (failed)
        return FALSE;
      KgNodeIter it;
      KgNodeId a;
      gboolean ok = TRUE;
      gboolean any = candidates (exec, &spec->nodes[0], &it);
      while (ok && any && kg_node_iter_next (&it, &a))
        {
          int p = node_passes (exec, &spec->nodes[0], a, error);
          if (p < 0 || !kg_exec_check (exec, error))
            ok = FALSE;
          else if (p == 1)
            *total += side_count (exec, &spec->hops[0], a, spec->hops[0].dir, pass_b);
        }
      g_free (pass_b);
      return ok;
    }

  guint8 *pass_a = pass_map (exec, &spec->nodes[0], &failed, error);
  if (failed)
    return FALSE;
  guint8 *pass_c = pass_map (exec, &spec->nodes[2], &failed, error);
  if (failed)
    {
      g_free (pass_a);
      return FALSE;
    }
  KgExpandSpec *h1 = &spec->hops[0], *h2 = &spec->hops[1];
  KgDirection d1 = reverse (h1->dir); /* hop 1 seen from the middle node */
  KgDirection d2 = h2->dir;
  KgNodeIter it;
  KgNodeId b;
  gboolean ok = TRUE;
  /* Both ends decided by labels the relationships imply, one type a side, pointing
   * through b: degrees and self loops are all it takes. */
  KgSymbol t1 = KG_NONE, t2 = KG_NONE;
  GHashTable *loops = NULL;
  if (d1 != d2 && h1->n_types == 1 && h2->n_types == 1 && pass_a && pass_c &&
      (spec->nodes[0].preds == NULL || spec->nodes[0].preds->len == 0) &&
      (spec->nodes[2].preds == NULL || spec->nodes[2].preds->len == 0))
    {
      t1 = kg_exec_sym (exec, KG_SYM_TYPE, h1->types[0], &h1->type_syms[0]);
      t2 = kg_exec_sym (exec, KG_SYM_TYPE, h2->types[0], &h2->type_syms[0]);
      if (labels_implied (exec, t1, d1, &spec->nodes[0].check) && labels_implied (exec, t2, d2, &spec->nodes[2].check))
        {
          loops = t1 == t2 && kg_graph_n_self_loop_nodes (exec->graph, t1) > 0 ? self_loops (exec, t1) : NULL;
          gboolean any = candidates (exec, &spec->nodes[1], &it);
          while (ok && any && kg_node_iter_next (&it, &b))
            {
              int p = node_passes (exec, &spec->nodes[1], b, error);
              if (p < 0 || !kg_exec_check (exec, error))
                ok = FALSE;
              else if (p == 1)
                {
                  guint64 in = kg_graph_degree (exec->graph, b, d1, t1), out = kg_graph_degree (exec->graph, b, d2, t2);
                  guint64 twice = loops ? GPOINTER_TO_UINT (g_hash_table_lookup (loops, GUINT_TO_POINTER (b + 1))) : 0;
                  if (twice && (!pass_a[b] || !pass_c[b]))
                    twice = 0;
                  *total += in * out - twice;
                }
            }
          if (loops)
            g_hash_table_unref (loops);
          g_free (pass_a);
          g_free (pass_c);
          return ok;
        }
    }
  gboolean any = candidates (exec, &spec->nodes[1], &it);
  while (ok && any && kg_node_iter_next (&it, &b))
    {
      int p = node_passes (exec, &spec->nodes[1], b, error);
      if (p < 0 || !kg_exec_check (exec, error))
        {
          ok = FALSE;
          break;
        }
      if (p == 0)
        continue;
      guint64 in = side_count (exec, h1, b, d1, pass_a);
      if (in == 0)
        continue;
      /* the c side, with the relationships that could also serve as hop 1 */
      guint64 out = 0, twice = 0;
      KgMultiAdj adj;
      KgEdgeId e;
      KgNodeId c;
      kg_multi_adj_init (exec, h2, b, d2, &adj);
      while (kg_multi_adj_next (exec, h2, &adj, &e, &c))
        {
          if (pass_c && !pass_c[c])
            continue;
          out++;
          /* the same relationship as hop 1: from b it must point d1 too */
          KgNodeId a;
          if (d1 == d2)
            a = c;
          else if (c == b)
            a = b; /* a self loop is both incoming and outgoing */
          else
            continue;
          if ((pass_a == NULL || pass_a[a]) && type_in (exec, h1, kg_graph_edge_type (exec->graph, e)))
            twice++;
        }
      *total += in * out - twice;
    }
  g_free (pass_a);
  g_free (pass_c);
  return ok;
}

static KgOpStatus
count_next (KgOp *op, GError **error)
{
  OpCountPaths *self = (OpCountPaths *) op;
  for (;;)
    {
      if (self->done)
        return KG_NEXT_DONE;
      KgOpStatus st = kg_op_next (op->child, error);
      if (st != KG_NEXT_ROW)
        return st;
      guint64 total;
      if (!count_all (self, &total, error))
        return KG_NEXT_ERROR;
      if (total > (guint64) G_MAXINT64)
        {
          kg_query_error_set (error, KG_QUERY_ERROR_ARITHMETIC, op->exec->filename, NULL, "integer overflow in count(*)");
          return KG_NEXT_ERROR;
        }
      KgValue v = kg_value_int ((gint64) total);
      kg_exec_set_slot (op->exec, self->spec.out_slot, &v);
      self->done = TRUE;
      return KG_NEXT_ROW;
    }
}

void
kg_count_paths_spec_clear (KgCountPathsSpec *spec)
{
  for (guint i = 0; i < 3; i++)
    {
      kg_entity_check_clear (&spec->nodes[i].check);
      if (spec->nodes[i].preds)
        g_ptr_array_free (spec->nodes[i].preds, TRUE);
      spec->nodes[i].preds = NULL;
    }
  for (guint i = 0; i < 2; i++)
    kg_expand_spec_clear (&spec->hops[i]);
}

static void
count_free (KgOp *op)
{
  kg_count_paths_spec_clear (&((OpCountPaths *) op)->spec);
}

static void
count_describe (KgOp *op, GString *out)
{
  OpCountPaths *self = (OpCountPaths *) op;
  for (guint i = 0; i < self->spec.n_hops; i++)
    g_string_append_printf (out, "%s%s", i ? ", " : "", self->spec.hops[i].text ? self->spec.hops[i].text : "");
  for (guint i = 0; i <= self->spec.n_hops; i++)
    {
      GPtrArray *preds = self->spec.nodes[i].preds;
      for (guint j = 0; preds && j < preds->len; j++)
        {
          g_string_append (out, " WHERE ");
          kg_expr_describe (out, g_ptr_array_index (preds, j));
        }
    }
}

static const KgOpClass count_class = {
  .name = "CountPaths",
  .size = sizeof (OpCountPaths),
  .open = count_open,
  .next = count_next,
  .free = count_free,
  .describe = count_describe,
};

KgOp *
kg_op_count_paths_new (KgExec *exec, KgOp *child, KgCountPathsSpec *spec)
{
  OpCountPaths *self = (OpCountPaths *) kg_op_new (&count_class, exec, child);
  self->spec = *spec;
  memset (spec, 0, sizeof *spec);
  return &self->base;
}
