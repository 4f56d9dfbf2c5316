/* engine/ops/count.c — what the counting operators share: a node's conditions decided
 * once per node (a pass bitmap), the candidate nodes of a pattern node, qualifying
 * relationships counted from degrees, and facts about a graph version that let a side
 * be counted without visiting its relationships.
 *
 * Used by CountPaths (op-count-paths.c) and DegreeCount (op-degree-count.c). Reads the
 * graph only; plans nothing.
 */
#include "engine/ops/op-private.h"

#include "engine/id-set.h"

#include <string.h>

/* type_in: whether @type is one of @hop's types (any type when it names none). */
gboolean
kg_count_type_in (KgExec *exec, KgExpandSpec *hop, KgSymbol type)
{
  if (hop->n_types == 0)
    return TRUE;
  for (guint i = 0; i < hop->n_types; i++)
    if (kg_exec_sym (exec, KG_SYM_TYPE, hop->types[i], &hop->type_syms[i]) == type)
      return TRUE;
  return FALSE;
}

gboolean
kg_count_node_empty (const KgCountNode *n)
{
  return kg_entity_check_empty (&n->check) && (n->preds == NULL || n->preds->len == 0);
}

/* 1 when @node passes @n's labels, properties and conditions; 0 not; -1 error. */
int
kg_count_node_passes (KgExec *exec, KgCountNode *n, KgNodeId node, GError **error)
{
  gboolean no_preds = n->preds == NULL || n->preds->len == 0;
  /* a candidate has the first label already: nothing else to check */
  if (no_preds && n->check.n_labels <= 1 && n->check.n_props == 0 && n->check.props_param == NULL && n->check.dynamic == NULL)
    return 1;
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
gboolean
kg_count_candidates (KgExec *exec, KgCountNode *n, KgNodeIter *it)
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

/* --- Conditions a batch of nodes at a time ------------------------------------- */

void
kg_count_pass_init (KgCountPass *p, KgCountNode *n)
{
  memset (p, 0, sizeof *p);
  p->node = n;
  guint n_preds = n->preds ? n->preds->len : 0;
  p->check = n->check.n_labels > 1 || n->check.n_props > 0 || n->check.props_param != NULL || n->check.dynamic != NULL;
  p->all = !p->check && n_preds == 0;
  if (n_preds == 0)
    return;
  p->vx = g_new0 (KgVecExpr *, n_preds);
  for (guint i = 0; i < n_preds; i++)
    {
      p->vx[i] = kg_vec_compile (g_ptr_array_index (n->preds, i));
      if (!kg_vec_useful (p->vx[i]))
        g_clear_pointer (&p->vx[i], kg_vec_free);
    }
  int slot = n->slot;
  KgValueType type = KG_VALUE_NODE;
  kg_batch_init (&p->batch, 1, &slot, &type, FALSE);
  p->sel[0] = g_new (guint16, KG_BATCH_MAX);
  p->sel[1] = g_new (guint16, KG_BATCH_MAX);
}

void
kg_count_pass_clear (KgCountPass *p)
{
  guint n_preds = p->node && p->node->preds ? p->node->preds->len : 0;
  for (guint i = 0; p->vx && i < n_preds; i++)
    kg_vec_free (p->vx[i]);
  g_free (p->vx);
  if (p->sel[0])
    kg_batch_clear (&p->batch);
  g_free (p->sel[0]);
  g_free (p->sel[1]);
  memset (p, 0, sizeof *p);
}

int
kg_count_pass_batch (KgExec *exec, KgCountPass *p, KgNodeId *ids, guint m, GError **error)
{
  if (p->all || m == 0)
    return (int) m;
  KgCountNode *n = p->node;
  guint k = m;
  if (p->check)
    {
      k = 0;
      for (guint i = 0; i < m; i++)
        {
          int ok = kg_entity_check_node (exec, &n->check, ids[i], error);
          if (ok < 0)
            return -1;
          ids[k] = ids[i];
          k += ok == 1;
        }
    }
  guint n_preds = n->preds ? n->preds->len : 0;
  if (n_preds == 0 || k == 0)
    return (int) k;
  KgBatch *b = &p->batch;
  memcpy (b->cols[0].ids, ids, k * sizeof (KgNodeId));
  b->n = k;
  b->sel = NULL;
  b->n_sel = k;
  for (guint j = 0; j < n_preds && b->n_sel > 0; j++)
    {
      guint16 *out = p->sel[j & 1];
      int r = p->vx[j] ? kg_vec_select (exec, p->vx[j], b, out, error) : KG_VEC_BAIL;
      if (r == KG_VEC_ERROR)
        return -1;
      if (r == KG_VEC_BAIL)
        {
          /* the row evaluator decides this condition for the rows still selected */
          const KgAst *pred = g_ptr_array_index (n->preds, j);
          r = 0;
          for (guint i = 0; i < b->n_sel; i++)
            {
              guint row = kg_batch_row (b, i);
              KgTri t;
              kg_exec_set_id (exec, n->slot, KG_VALUE_NODE, b->cols[0].ids[row]);
              if (!kg_expr_eval_predicate (&exec->env, pred, &t, error))
                return -1;
              out[r] = (guint16) row;
              r += t == KG_TRI_TRUE;
            }
        }
      b->sel = out;
      b->n_sel = (guint) r;
    }
  for (guint i = 0; i < b->n_sel; i++)
    ids[i] = b->cols[0].ids[kg_batch_row (b, i)];
  return (int) b->n_sel;
}

/* Decides the candidates of @n with ids in [@lo, @hi) into @map, a batch at a time. */
gboolean
kg_count_pass_fill (KgExec *exec, KgCountNode *n, guint8 *map, guint64 *bits, guint32 lo, guint32 hi, GError **error)
{
  KgNodeIter it;
  if (!kg_count_candidates (exec, n, &it))
    return TRUE;
  kg_node_iter_restrict (&it, lo, hi);
  KgCountPass p;
  kg_count_pass_init (&p, n);
  KgNodeId *ids = g_new (KgNodeId, KG_BATCH_MAX);
  gboolean ok = TRUE;
  guint m;
  while (ok && (m = kg_node_iter_next_batch (&it, ids, KG_BATCH_MAX)) > 0)
    {
      int k = kg_count_pass_batch (exec, &p, ids, m, error);
      if (k < 0 || !kg_exec_check (exec, error))
        ok = FALSE;
      if (map)
        for (int i = 0; i < k; i++)
          map[ids[i]] = 1;
      else
        {
          /* the ids increase: one atomic OR a word */
          guint32 w = G_MAXUINT32;
          guint64 word = 0;
          for (int i = 0; i < k; i++)
            {
              if ((ids[i] >> 6) != w)
                {
                  if (word)
                    __atomic_fetch_or (&bits[w], word, __ATOMIC_RELAXED);
                  w = ids[i] >> 6;
                  word = 0;
                }
              word |= (guint64) 1 << (ids[i] & 63);
            }
          if (word)
            __atomic_fetch_or (&bits[w], word, __ATOMIC_RELAXED);
        }
    }
  g_free (ids);
  kg_count_pass_clear (&p);
  return ok;
}

/* A bitmap of the nodes passing @n, or NULL when every node does. */
guint8 *
kg_count_pass_map (KgExec *exec, KgCountNode *n, gboolean *failed, GError **error)
{
  *failed = FALSE;
  if (kg_count_node_empty (n))
    return NULL;
  guint8 *map = g_malloc0 (MAX (kg_graph_node_bound (exec->graph), 1u));
  if (!kg_count_pass_fill (exec, n, map, NULL, 0, G_MAXUINT32, error))
    {
      g_free (map);
      *failed = TRUE;
      return NULL;
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
gboolean
kg_count_labels_implied (KgExec *exec, KgSymbol type, KgDirection end, KgEntityCheck *check)
{
  if (check->n_props > 0 || check->props_param || check->dynamic || check->n_labels == 0 || type == KG_NONE)
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
          guint32 bound = kg_graph_node_bound (exec->graph), n_words;
          const guint64 *bits = kg_graph_label_bits (exec->graph, label, &n_words);
          guint32 *deg = g_new (guint32, KG_DEGREE_RUN);
          /* the degrees a run of ids at a time, the labels from the label's bitmap */
          for (KgNodeId first = 0; ok && first < bound; first += KG_DEGREE_RUN)
            {
              guint m = MIN (KG_DEGREE_RUN, bound - first);
              kg_graph_degrees (exec->graph, first, m, side, type, deg);
              for (guint j = 0; ok && j < m; j++)
                {
                  KgNodeId n = first + j;
                  ok = deg[j] == 0 || (bits && (n >> 6) < n_words && ((bits[n >> 6] >> (n & 63)) & 1));
                }
            }
          g_free (deg);
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
GHashTable *
kg_count_self_loops (KgExec *exec, KgSymbol type)
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

KgDirection
kg_dir_reverse (KgDirection d)
{
  return d == KG_DIR_OUT ? KG_DIR_IN : d == KG_DIR_IN ? KG_DIR_OUT
                                                      : d;
}

/* Qualifying relationships at @node in @dir over @hop's types whose far end is in @map
 * or @bits (both NULL: all). */
static guint64
count_side (KgExec *exec, KgExpandSpec *hop, KgNodeId node, KgDirection dir, const guint8 *map, const guint64 *bits)
{
  if (map == NULL && bits == NULL)
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
  return kg_multi_adj_count_marked (exec, hop, node, dir, map, bits);
}

guint64
kg_count_side (KgExec *exec, KgExpandSpec *hop, KgNodeId node, KgDirection dir, const guint8 *map)
{
  return count_side (exec, hop, node, dir, map, NULL);
}

guint64
kg_count_side_bits (KgExec *exec, KgExpandSpec *hop, KgNodeId node, KgDirection dir, const guint64 *bits)
{
  return count_side (exec, hop, node, dir, NULL, bits);
}

/* --- Runs of degrees ----------------------------------------------------------- */

void
kg_degree_run_init (KgDegreeRun *r, KgExec *exec, KgExpandSpec *hop, KgDirection dir)
{
  r->exec = exec;
  r->hop = hop;
  r->dir = dir;
  r->first = 0;
  r->n = 0;
}

void
kg_degree_run_fill (KgDegreeRun *r, KgNodeId node)
{
  KgGraph *g = r->exec->graph;
  guint32 bound = kg_graph_node_bound (g);
  r->first = node;
  r->n = node < bound ? MIN (KG_DEGREE_RUN, bound - node) : 1;
  if (node >= bound)
    {
      r->buf[0] = 0;
      return;
    }
  KgExpandSpec *hop = r->hop;
  if (hop->n_types == 0)
    {
      kg_graph_degrees (g, node, r->n, r->dir, KG_NONE, r->buf);
      return;
    }
  memset (r->buf, 0, r->n * sizeof (guint32));
  for (guint i = 0; i < hop->n_types; i++)
    {
      KgSymbol t = kg_exec_sym (r->exec, KG_SYM_TYPE, hop->types[i], &hop->type_syms[i]);
      if (t == KG_NONE)
        continue;
      kg_graph_degrees (g, node, r->n, r->dir, t, r->tmp);
      for (guint j = 0; j < r->n; j++)
        r->buf[j] += r->tmp[j];
    }
}

/* --- Unique grouping keys -------------------------------------------------------- */

typedef struct
{
  guint hash;
  const KgValue **vals; /* borrowed from the graph; NULL: the property is missing */
} Tuple;

static _Thread_local guint tuple_len; /* set around the uniqueness pass */

static guint
tuple_hash (gconstpointer p)
{
  return ((const Tuple *) p)->hash;
}

static gboolean
tuple_equal (gconstpointer a, gconstpointer b)
{
  const Tuple *x = a, *y = b;
  KgValue null = kg_value_null ();
  for (guint i = 0; i < tuple_len; i++)
    if (!kg_value_equivalent (x->vals[i] ? x->vals[i] : &null, y->vals[i] ? y->vals[i] : &null))
      return FALSE;
  return TRUE;
}

/* Whether every candidate of @n holds an INTEGER under @key, all different: one pass with
 * an id set of the integers (a bitmap when they are dense, as imported ids are; a tuple
 * holding such a key is unique whatever its other keys). Stops at the first value that
 * is not an integer or is seen twice. */
static gboolean
int_key_unique (KgExec *exec, KgCountNode *n, KgSymbol key)
{
  if (key == KG_NONE)
    return FALSE;
  KgNodeIter it;
  if (!kg_count_candidates (exec, n, &it))
    return FALSE;
  KgIdSet *seen = kg_id_set_new ();
  gboolean unique = TRUE;
  guint32 lo, hi;
  const KgValue *col = kg_graph_prop_column (exec->graph, FALSE, key, &lo, &hi);
  KgNodeId *ids = g_new (KgNodeId, KG_BATCH_MAX);
  guint m;
  while (unique && (m = kg_node_iter_next_batch (&it, ids, KG_BATCH_MAX)) > 0)
    for (guint i = 0; unique && i < m; i++)
      {
        const KgValue *v = ids[i] >= lo && ids[i] < hi ? &col[ids[i] - lo] : NULL;
        unique = v != NULL && v->type == KG_VALUE_INT && kg_id_set_add (seen, (guint64) v->u.i);
      }
  g_free (ids);
  kg_id_set_free (seen);
  return unique;
}

gboolean
kg_count_keys_unique (KgExec *exec, KgCountNode *n, const char *const *keys, guint n_keys)
{
  GString *name = g_string_new ("unique:");
  g_string_append (name, n->check.n_labels > 0 ? n->check.labels[0] : "");
  for (guint i = 0; i < n_keys; i++)
    g_string_append_printf (name, "\x1f%s", keys[i]);
  char *key = g_string_free (name, FALSE);
  cache_enter (exec);
  gpointer fact = g_hash_table_lookup (cache, key);
  if (fact != NULL)
    {
      g_free (key);
      g_mutex_unlock (&cache_lock);
      return GPOINTER_TO_INT (fact) == 2;
    }
  /* one pass over the candidates with a set of the tuples seen; the graph does not
   * change meanwhile (statements that write never get here) */
  KgSymbol *syms = g_new (KgSymbol, n_keys + 1);
  for (guint i = 0; i < n_keys; i++)
    syms[i] = kg_graph_lookup (exec->graph, KG_SYM_KEY, keys[i]);
  for (guint i = 0; i < n_keys; i++)
    if (int_key_unique (exec, n, syms[i]))
      {
        g_free (syms);
        g_hash_table_insert (cache, key, GINT_TO_POINTER (2));
        g_mutex_unlock (&cache_lock);
        return TRUE;
      }
  GHashTable *seen = g_hash_table_new (tuple_hash, tuple_equal);
  GPtrArray *tuples = g_ptr_array_new_with_free_func (g_free);
  tuple_len = n_keys;
  gboolean unique = TRUE;
  KgNodeIter it;
  KgNodeId node;
  KgValue null = kg_value_null ();
  gboolean any = kg_count_candidates (exec, n, &it);
  while (unique && any && kg_node_iter_next (&it, &node))
    {
      Tuple *t = g_malloc (sizeof (Tuple) + n_keys * sizeof (KgValue *));
      t->vals = (const KgValue **) (t + 1);
      t->hash = 17;
      for (guint i = 0; i < n_keys; i++)
        {
          t->vals[i] = syms[i] == KG_NONE ? NULL : kg_graph_node_prop (exec->graph, node, syms[i]);
          t->hash = t->hash * 31 + kg_value_hash (t->vals[i] ? t->vals[i] : &null);
        }
      g_ptr_array_add (tuples, t);
      unique = g_hash_table_add (seen, t);
    }
  g_hash_table_destroy (seen);
  g_ptr_array_free (tuples, TRUE);
  g_free (syms);
  g_hash_table_insert (cache, key, GINT_TO_POINTER (1 + unique));
  g_mutex_unlock (&cache_lock);
  return unique;
}
