/* engine/ops/op-degree-count.c — DegreeCount: `MATCH (g)-[:T]->(o) RETURN g, count(o)`
 * (and count(*), count(r), count(o.key)) without a row per relationship.
 *
 * The planner uses it for an aggregation right after a one-hop MATCH whose grouping
 * keys all read the grouped node g alone and whose aggregates are all counts of the
 * match. A node's count is then the number of its qualifying relationships: its degree
 * over the hop's types when the far end's conditions hold for every relationship of
 * those types (labels the type implies, a key every node of that label has), else the
 * relationships whose far end is in a bitmap of the nodes passing them, decided once
 * per node. When the grouped nodes that pass have few relationships beside the far end's
 * candidates, only the far nodes those relationships reach are decided (each once).
 * Nodes without a match form no group, as the aggregation would see no row.
 *
 * Groups: one per node when the keys are g itself, or when no two candidate nodes have
 * equivalent keys (a fact about the graph version, kept across statements); otherwise
 * the keys are evaluated once per node and nodes with equivalent keys are merged, the
 * first one standing for the group. Conditions of a WITH … WHERE on the counts alone
 * (spec->having) drop the groups they do not hold for before any is stored (after the
 * merge when groups are merged): a comparison of a count with a number is an integer or
 * float test, anything else is evaluated with the counts in their slots. Output: g's slot
 * holds that node and each count's slot its value; the grouping items are computed above
 * (by a Projection, after a TopK when a sort does not need them). Drains before the first
 * row; reads the graph only.
 */
#include "engine/ops/op-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct
{
  KgGroupKey key; /* first: the merge table hashes and compares it */
  guint index;    /* into nodes / counts */
} Group;

typedef struct
{
  KgOp base;
  KgDegreeCountSpec spec;
  GArray *nodes;  /* KgNodeId, one per group in order of first appearance */
  GArray *counts; /* gint64, n_counts per group */
  guint pos;
  gboolean filled;
} OpDegreeCount;

static void
group_free (gpointer p)
{
  Group *g = p;
  kg_group_key_clear (&g->key);
  g_free (g);
}

static gboolean
degree_open (KgOp *op, GError **error)
{
  OpDegreeCount *self = (OpDegreeCount *) op;
  self->pos = 0;
  self->filled = FALSE;
  return TRUE;
}

/* Whether every relationship of the hop's types reaches a node passing the far end's
 * labels (and it has no other conditions). */
static gboolean
far_end_implied (OpDegreeCount *self)
{
  KgExec *exec = self->base.exec;
  KgCountNode *o = &self->spec.other;
  KgExpandSpec *hop = &self->spec.hop;
  if (kg_count_node_empty (o))
    return TRUE;
  if ((o->preds && o->preds->len > 0) || hop->n_types == 0 || hop->dir == KG_DIR_BOTH)
    return FALSE;
  for (guint i = 0; i < hop->n_types; i++)
    {
      KgSymbol t = kg_exec_sym (exec, KG_SYM_TYPE, hop->types[i], &hop->type_syms[i]);
      /* an unknown type has no relationships: nothing to contradict */
      if (t != KG_NONE && !kg_count_labels_implied (exec, t, hop->dir, &o->check))
        return FALSE;
    }
  return TRUE;
}

/* The far-end bitmap of count(o.@key): the nodes passing the far end that have @key.
 * NULL with *@all set when that is every node passing it (every node of one of its
 * labels has the key): @rows then serves. */
static guint8 *
key_map (OpDegreeCount *self, const guint8 *rows, gboolean implied, const char *key, gboolean *all, GError **error)
{
  KgExec *exec = self->base.exec;
  KgCountNode *o = &self->spec.other;
  *all = FALSE;
  /* a node passing the far end (all of them, when implied) has its labels */
  for (guint l = 0; (implied || rows) && o->check.dynamic == NULL && l < o->check.n_labels; l++)
    if (kg_exec_label_has_key (exec, o->check.labels[l], key))
      {
        *all = TRUE;
        return NULL;
      }
  guint8 *map = g_malloc0 (MAX (kg_graph_node_bound (exec->graph), 1u));
  KgSymbol k = kg_graph_lookup (exec->graph, KG_SYM_KEY, key);
  if (k == KG_NONE)
    return map;
  KgNodeIter it;
  KgNodeId n;
  gboolean any = kg_count_candidates (exec, o, &it);
  while (any && kg_node_iter_next (&it, &n))
    {
      int ok = rows ? rows[n] : kg_count_node_passes (exec, o, n, error);
      if (ok < 0 || !kg_exec_check (exec, error))
        {
          g_free (map);
          return NULL;
        }
      map[n] = ok == 1 && kg_graph_node_prop (exec->graph, n, k) != NULL;
    }
  return map;
}

/* --- Conditions on the counts ---------------------------------------------------- */

/* A having condition as this run decides it: `count OP bound` with a number, else the
 * condition itself, evaluated. */
typedef struct
{
  const KgDegreeCountHaving *h;
  gboolean numeric; /* else evaluated */
  gboolean is_int;
  gint64 i;
  double f;
} HavingTest;

/* The tests of spec->having for this run (NULL when there are none); FALSE: an error
 * evaluating a value. */
static gboolean
having_init (OpDegreeCount *self, HavingTest **out, GError **error)
{
  KgDegreeCountSpec *spec = &self->spec;
  *out = NULL;
  if (spec->n_having == 0)
    return TRUE;
  HavingTest *t = g_new0 (HavingTest, spec->n_having);
  for (guint i = 0; i < spec->n_having; i++)
    {
      const KgDegreeCountHaving *h = &spec->having[i];
      t[i].h = h;
      if (h->count < 0)
        continue;
      KgValue v = KG_VALUE_INIT;
      if (!kg_expr_eval (&self->base.exec->env, h->value, &v, error))
        {
          g_free (t);
          return FALSE;
        }
      /* a value of another type (null, a string, ...): the comparison says what it says */
      if (v.type == KG_VALUE_INT)
        {
          t[i].numeric = t[i].is_int = TRUE;
          t[i].i = v.u.i;
        }
      else if (v.type == KG_VALUE_FLOAT)
        {
          t[i].numeric = TRUE;
          t[i].f = v.u.f;
        }
      kg_value_clear (&v);
    }
  *out = t;
  return TRUE;
}

static gboolean
compare (KgAstOp op, int c)
{
  switch (op)
    {
    case KG_OP_EQ:
      return c == 0;
    case KG_OP_NE:
      return c != 0;
    case KG_OP_LT:
      return c < 0;
    case KG_OP_LE:
      return c <= 0;
    case KG_OP_GT:
      return c > 0;
    default:
      return c >= 0;
    }
}

/* 1 when every condition holds for the counts @c, 0 when one does not, -1 on an error. */
static int
having_pass (OpDegreeCount *self, const HavingTest *t, const gint64 *c, GError **error)
{
  KgDegreeCountSpec *spec = &self->spec;
  KgExec *exec = self->base.exec;
  gboolean loaded = FALSE;
  for (guint i = 0; i < spec->n_having; i++)
    {
      if (t[i].numeric)
        {
          gint64 x = c[t[i].h->count];
          int r;
          if (t[i].is_int)
            r = x < t[i].i ? -1 : x > t[i].i;
          else if (isnan (t[i].f))
            r = 2; /* no order holds, and not equal: only <> is true */
          else
            r = (double) x < t[i].f ? -1 : (double) x > t[i].f;
          if (r == 2 ? t[i].h->op != KG_OP_NE : !compare (t[i].h->op, r))
            return 0;
          continue;
        }
      if (!loaded)
        {
          for (guint k = 0; k < spec->n_counts; k++)
            {
              KgValue v = kg_value_int (c[k]), w = v;
              kg_exec_set_slot (exec, spec->counts[k].slot, &v);
              if (spec->counts[k].item_slot >= 0)
                kg_exec_set_slot (exec, spec->counts[k].item_slot, &w);
            }
          loaded = TRUE;
        }
      KgTri r;
      if (!kg_expr_eval_predicate (&exec->env, t[i].h->cond, &r, error))
        return -1;
      if (r != KG_TRI_TRUE)
        return 0;
    }
  return 1;
}

/* Drops the stored groups whose counts fail the conditions (merged groups, known only
 * once every node was met). FALSE: an error. */
static gboolean
having_compact (OpDegreeCount *self, const HavingTest *t, GError **error)
{
  guint nc = self->spec.n_counts, k = 0;
  for (guint g = 0; g < self->nodes->len; g++)
    {
      gint64 *c = &g_array_index (self->counts, gint64, (gsize) g * nc);
      int ok = having_pass (self, t, c, error);
      if (ok < 0)
        return FALSE;
      if (!ok)
        continue;
      g_array_index (self->nodes, KgNodeId, k) = g_array_index (self->nodes, KgNodeId, g);
      memmove (&g_array_index (self->counts, gint64, (gsize) k * nc), c, nc * sizeof (gint64));
      k++;
    }
  g_array_set_size (self->nodes, k);
  g_array_set_size (self->counts, (guint) ((gsize) k * nc));
  return TRUE;
}

/* --- The first groups by their counts -------------------------------------------- */

/* >0 when the group with counts @ca, met @sa-th, comes after the one with @cb, met @sb-th
 * (ties: the later one) */
static int
order_cmp (const KgDegreeCountSpec *spec, const gint64 *ca, guint64 sa, const gint64 *cb, guint64 sb)
{
  for (guint i = 0; i < spec->n_order; i++)
    {
      gint64 x = ca[spec->order[i]], y = cb[spec->order[i]];
      if (x != y)
        return (x < y ? -1 : 1) * (spec->desc[i] ? -1 : 1);
    }
  return sa < sb ? -1 : sa > sb;
}

/* <0, 0, >0 as the counts @ca come before, with, after @cb in the order */
static int
counts_cmp (const KgDegreeCountSpec *spec, const gint64 *ca, const gint64 *cb)
{
  return order_cmp (spec, ca, 0, cb, 0);
}

/* The first @k groups by the sort keys, kept while the groups are met: a heap of
 * positions in nodes/counts/seq whose root is the one that comes last, and with
 * spec->ties the groups whose counts equal the root's. */
typedef struct
{
  OpDegreeCount *self;
  guint64 k;
  GArray *seq; /* guint64 per position: when its group was met */
  guint *h;
  guint len;
  GArray *tied;  /* guint positions of groups tied with the root */
  GArray *spare; /* guint positions of groups no longer kept */
  /* once k groups are kept: the root's first sort key, which a group must reach to
   * be kept (the test fill() makes before offering one) */
  gboolean full;
  gint64 bar;
} TopGroups;

static void
top_init (TopGroups *t, OpDegreeCount *self, guint64 k)
{
  memset (t, 0, sizeof *t);
  t->self = self;
  t->k = k;
  t->seq = g_array_new (FALSE, FALSE, sizeof (guint64));
  t->tied = g_array_new (FALSE, FALSE, sizeof (guint));
  t->spare = g_array_new (FALSE, FALSE, sizeof (guint));
}

static const gint64 *
top_counts (TopGroups *t, guint pos)
{
  return &g_array_index (t->self->counts, gint64, (gsize) pos * t->self->spec.n_counts);
}

static int
top_cmp (TopGroups *t, guint a, guint b)
{
  const guint64 *s = (const guint64 *) t->seq->data;
  return order_cmp (&t->self->spec, top_counts (t, a), s[a], top_counts (t, b), s[b]);
}

static void
top_down (TopGroups *t, guint i)
{
  guint *h = t->h, n = t->len;
  for (;;)
    {
      guint l = 2 * i + 1, r = l + 1, m = i;
      if (l < n && top_cmp (t, h[l], h[m]) > 0)
        m = l;
      if (r < n && top_cmp (t, h[r], h[m]) > 0)
        m = r;
      if (m == i)
        return;
      guint x = h[i];
      h[i] = h[m];
      h[m] = x;
      i = m;
    }
}

/* Stores a group in a spare position or a new one; *@grew: a new one. */
static guint
top_place (TopGroups *t, KgNodeId b, const gint64 *c, guint64 seq, gboolean *grew)
{
  OpDegreeCount *self = t->self;
  guint nc = self->spec.n_counts;
  if (t->spare->len > 0)
    {
      guint pos = g_array_index (t->spare, guint, t->spare->len - 1);
      g_array_set_size (t->spare, t->spare->len - 1);
      g_array_index (self->nodes, KgNodeId, pos) = b;
      memcpy (&g_array_index (self->counts, gint64, (gsize) pos * nc), c, nc * sizeof (gint64));
      g_array_index (t->seq, guint64, pos) = seq;
      return pos;
    }
  g_array_append_val (self->nodes, b);
  g_array_append_vals (self->counts, c, nc);
  g_array_append_val (t->seq, seq);
  *grew = TRUE;
  return self->nodes->len - 1;
}

/* Whether a group met after the kept ones, with counts @c, cannot be kept: its first
 * sort key comes after the root's (or ties with it when it is the only key and the
 * groups tied with the root are not kept). Decides most groups of a full heap with one
 * comparison; the others go to top_offer(). */
static inline gboolean
top_rejects (const TopGroups *t, const gint64 *c)
{
  if (!t->full)
    return FALSE;
  const KgDegreeCountSpec *spec = &t->self->spec;
  gint64 x = c[spec->order[0]];
  if (spec->desc[0] ? x < t->bar : x > t->bar)
    return TRUE;
  return x == t->bar && spec->n_order == 1 && !spec->ties;
}

static void
top_set_bar (TopGroups *t)
{
  t->full = t->len == t->k;
  if (t->full)
    t->bar = top_counts (t, t->h[0])[t->self->spec.order[0]];
}

static gboolean top_offer_heap (TopGroups *t, KgNodeId b, const gint64 *c, guint64 seq);

/* Offers the group of node @b with counts @c, the @seq-th met (in increasing order).
 * Returns: whether the kept groups took more memory. */
static gboolean
top_offer (TopGroups *t, KgNodeId b, const gint64 *c, guint64 seq)
{
  gboolean grew = top_offer_heap (t, b, c, seq);
  if (t->len > 0)
    top_set_bar (t);
  return grew;
}

static gboolean
top_offer_heap (TopGroups *t, KgNodeId b, const gint64 *c, guint64 seq)
{
  const KgDegreeCountSpec *spec = &t->self->spec;
  gboolean grew = FALSE;
  if (t->k == 0)
    return FALSE;
  if (t->len < t->k)
    {
      guint pos = top_place (t, b, c, seq, &grew);
      if (t->len == 0 || (t->len & (t->len - 1)) == 0)
        t->h = g_renew (guint, t->h, MAX (2 * t->len, 1u));
      guint i = t->len++;
      t->h[i] = pos;
      while (i > 0 && top_cmp (t, t->h[i], t->h[(i - 1) / 2]) > 0)
        {
          guint p = (i - 1) / 2, x = t->h[i];
          t->h[i] = t->h[p];
          t->h[p] = x;
          i = p;
        }
      return grew;
    }
  guint root = t->h[0];
  int by_counts = counts_cmp (spec, c, top_counts (t, root));
  /* met later than the root: it comes after it unless its counts come first */
  if (by_counts > 0 || (by_counts == 0 && !spec->ties))
    return FALSE;
  guint pos = top_place (t, b, c, seq, &grew);
  if (by_counts == 0)
    {
      g_array_append_val (t->tied, pos);
      return grew;
    }
  t->h[0] = pos;
  top_down (t, 0);
  if (spec->ties && counts_cmp (spec, top_counts (t, root), top_counts (t, t->h[0])) == 0)
    g_array_append_val (t->tied, root); /* the old root is tied with the new one */
  else
    {
      /* the groups tied with the old root come after the new one */
      g_array_append_val (t->spare, root);
      g_array_append_vals (t->spare, t->tied->data, t->tied->len);
      g_array_set_size (t->tied, 0);
    }
  return grew;
}

static int
seq_cmp (gconstpointer a, gconstpointer b, gpointer data)
{
  const guint64 *s = data;
  guint64 x = s[*(const guint *) a], y = s[*(const guint *) b];
  return x < y ? -1 : x > y;
}

/* Puts the kept groups in the order they were met, and frees the heap. */
static void
top_finish (TopGroups *t)
{
  OpDegreeCount *self = t->self;
  guint nc = self->spec.n_counts, n = t->len + t->tied->len;
  guint *order = g_new (guint, n + 1);
  if (t->len > 0) /* the heap is NULL when no group was kept */
    memcpy (order, t->h, t->len * sizeof (guint));
  if (t->tied->len > 0)
    memcpy (order + t->len, t->tied->data, t->tied->len * sizeof (guint));
  g_qsort_with_data (order, n, sizeof (guint), seq_cmp, t->seq->data);
  GArray *nodes = g_array_sized_new (FALSE, FALSE, sizeof (KgNodeId), n);
  GArray *counts = g_array_sized_new (FALSE, FALSE, sizeof (gint64), (guint) ((gsize) n * nc));
  for (guint i = 0; i < n; i++)
    {
      g_array_append_val (nodes, g_array_index (self->nodes, KgNodeId, order[i]));
      g_array_append_vals (counts, &g_array_index (self->counts, gint64, (gsize) order[i] * nc), nc);
    }
  g_array_free (self->nodes, TRUE);
  g_array_free (self->counts, TRUE);
  self->nodes = nodes;
  self->counts = counts;
  g_free (order);
  g_free (t->h);
  g_array_free (t->seq, TRUE);
  g_array_free (t->tied, TRUE);
  g_array_free (t->spare, TRUE);
}

/* Keeps the first @k groups by the sort keys, in their order of appearance: a TopK above
 * then sees only them, and picks the same rows in the same order. For groups merged by
 * their keys, known only once every node was met. */
static void
keep_first (OpDegreeCount *self, guint64 k)
{
  guint n = self->nodes->len, nc = self->spec.n_counts;
  if (k >= n)
    return;
  GArray *nodes = self->nodes, *counts = self->counts;
  self->nodes = g_array_new (FALSE, FALSE, sizeof (KgNodeId));
  self->counts = g_array_new (FALSE, FALSE, sizeof (gint64));
  TopGroups t;
  top_init (&t, self, k);
  for (guint g = 0; g < n; g++)
    top_offer (&t, g_array_index (nodes, KgNodeId, g), &g_array_index (counts, gint64, (gsize) g * nc), g);
  top_finish (&t);
  g_array_free (nodes, TRUE);
  g_array_free (counts, TRUE);
}

/* --- Counting -------------------------------------------------------------------- */

/* The matches of every node from the far end's side: each node passing it (@rows) adds
 * one to the node at the other end of each of its relationships of the hop. One pass
 * over the passing nodes' relationships instead of over every candidate's. *@out: a
 * count per node id, or NULL when there is no memory for it. FALSE: an error. */
static gboolean
push_counts (OpDegreeCount *self, const guint8 *rows, guint32 **out, GError **error)
{
  KgExec *exec = self->base.exec;
  KgDegreeCountSpec *spec = &self->spec;
  guint32 *counts = g_try_malloc0 ((gsize) MAX (kg_graph_node_bound (exec->graph), 1u) * sizeof (guint32));
  *out = NULL;
  if (counts == NULL)
    return TRUE;
  KgDirection back = kg_dir_reverse (spec->hop.dir);
  KgNodeIter it;
  KgNodeId ids[256];
  guint m;
  gboolean any = kg_count_candidates (exec, &spec->other, &it);
  while (any && (m = kg_node_iter_next_batch (&it, ids, G_N_ELEMENTS (ids))) > 0)
    {
      for (guint i = 0; i < m; i++)
        {
          if (!rows[ids[i]])
            continue;
          KgMultiAdj adj;
          KgEdgeId e;
          KgNodeId b;
          kg_multi_adj_init (exec, &spec->hop, ids[i], back, &adj);
          while (kg_multi_adj_next (exec, &spec->hop, &adj, &e, &b))
            counts[b]++;
        }
      if (!kg_exec_check (exec, error))
        {
          g_free (counts);
          return FALSE;
        }
    }
  *out = counts;
  return TRUE;
}

/* The far end decided a relationship at a time: the far nodes of the grouped nodes'
 * relationships, each decided once, a batch at a time (the vector evaluator where the
 * conditions have a form for it), into @seen (0 not yet, 1 passes, 2 fails, 3 waiting in
 * the batch). */
typedef struct
{
  guint8 *seen;
  KgSymbol first; /* the far end's first label (KG_NONE: any node), which a node met
                   * through a relationship need not have */
  KgCountPass pass;
  KgNodeId *wait; /* KG_BATCH_MAX far nodes not decided yet */
  guint n_wait;
} Checked;

/* Decides the waiting far nodes. FALSE: an error. */
static gboolean
checked_flush (OpDegreeCount *self, Checked *ck, GError **error)
{
  KgExec *exec = self->base.exec;
  guint m = 0;
  for (guint i = 0; i < ck->n_wait; i++)
    {
      KgNodeId o = ck->wait[i];
      ck->seen[o] = 2;
      if (ck->first == KG_NONE || kg_graph_node_has_label (exec->graph, o, ck->first))
        ck->wait[m++] = o;
    }
  ck->n_wait = 0;
  int k = kg_count_pass_batch (exec, &ck->pass, ck->wait, m, error);
  if (k < 0)
    return FALSE;
  for (int i = 0; i < k; i++)
    ck->seen[ck->wait[i]] = 1;
  return TRUE;
}

/* The matches of @b among its qualifying relationships whose far node passes the far
 * end. -1 on an error. */
static gint64
count_checked (OpDegreeCount *self, Checked *ck, KgNodeId b, GError **error)
{
  KgExec *exec = self->base.exec;
  KgDegreeCountSpec *spec = &self->spec;
  KgMultiAdj adj;
  KgEdgeId e;
  KgNodeId o;
  /* the far nodes met first here, decided together */
  kg_multi_adj_init (exec, &spec->hop, b, spec->hop.dir, &adj);
  while (kg_multi_adj_next (exec, &spec->hop, &adj, &e, &o))
    if (ck->seen[o] == 0)
      {
        ck->seen[o] = 3;
        ck->wait[ck->n_wait++] = o;
        if (ck->n_wait == KG_BATCH_MAX && !checked_flush (self, ck, error))
          return -1;
      }
  if (ck->n_wait > 0 && !checked_flush (self, ck, error))
    return -1;
  gint64 n = 0;
  kg_multi_adj_init (exec, &spec->hop, b, spec->hop.dir, &adj);
  while (kg_multi_adj_next (exec, &spec->hop, &adj, &e, &o))
    n += ck->seen[o] == 1;
  return n;
}

/* Whether to decide the far end a relationship at a time rather than over all its
 * candidates: when the grouped nodes that pass their own conditions have, over the
 * hop, under a quarter as many relationships as the far end has candidates (a city's
 * residents, not every person). Decides those grouped nodes into *@out (increasing
 * ids) when it says yes. The count of the far end's candidates and the degrees are
 * exact, read here; the walk stops once the relationships reach that bound. FALSE: an
 * error. */
static gboolean
check_per_relationship (OpDegreeCount *self, GArray **out, GError **error)
{
  KgExec *exec = self->base.exec;
  KgDegreeCountSpec *spec = &self->spec;
  *out = NULL;
  KgSymbol far = KG_NONE, near = KG_NONE;
  if (spec->other.check.n_labels > 0)
    {
      far = kg_exec_sym (exec, KG_SYM_LABEL, spec->other.check.labels[0], &spec->other.check.label_syms[0]);
      if (far == KG_NONE)
        return TRUE; /* no candidates: the (empty) map is cheaper */
    }
  if (spec->group.check.n_labels > 0)
    {
      near = kg_exec_sym (exec, KG_SYM_LABEL, spec->group.check.labels[0], &spec->group.check.label_syms[0]);
      if (near == KG_NONE)
        return TRUE;
    }
  guint64 bound = kg_graph_label_count (exec->graph, far) / 4;
  if ((guint64) kg_graph_label_count (exec->graph, near) >= bound)
    return TRUE;
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (KgNodeId));
  KgCountPass pass;
  kg_count_pass_init (&pass, &spec->group);
  KgNodeId *buf = g_new (KgNodeId, KG_BATCH_MAX);
  KgNodeIter it;
  guint64 rels = 0;
  gboolean ok = TRUE, any = kg_count_candidates (exec, &spec->group, &it);
  guint m;
  while (any && rels < bound && (m = kg_node_iter_next_batch (&it, buf, KG_BATCH_MAX)) > 0)
    {
      int k = kg_count_pass_batch (exec, &pass, buf, m, error);
      if (k < 0 || !kg_exec_check (exec, error))
        {
          ok = FALSE;
          break;
        }
      for (int j = 0; j < k; j++)
        rels += kg_count_side (exec, &spec->hop, buf[j], spec->hop.dir, NULL);
      g_array_append_vals (ids, buf, (guint) k);
    }
  kg_count_pass_clear (&pass);
  g_free (buf);
  if (ok && rels < bound)
    *out = ids;
  else
    g_array_free (ids, TRUE);
  return ok;
}

static gboolean
fill (OpDegreeCount *self, guint64 first, GError **error)
{
  KgExec *exec = self->base.exec;
  KgDegreeCountSpec *spec = &self->spec;
  guint nc = spec->n_counts;
  gboolean ok = TRUE;
  /* the far end: NULL maps count every relationship */
  gboolean implied = far_end_implied (self), failed = FALSE;
  guint8 *rows = NULL;
  Checked ck = { 0 };
  GArray *pre = NULL; /* the grouped nodes passing, decided before (with seen) */
  gboolean keyed = FALSE;
  for (guint i = 0; i < nc; i++)
    keyed |= spec->counts[i].key != NULL;
  if (!implied && !keyed && !kg_count_node_empty (&spec->other))
    {
      if (!check_per_relationship (self, &pre, error))
        return FALSE;
      if (pre)
        {
          ck.seen = g_malloc0 (MAX (kg_graph_node_bound (exec->graph), 1u));
          ck.first = spec->other.check.n_labels > 0 ? kg_exec_sym (exec, KG_SYM_LABEL, spec->other.check.labels[0],
                                                                   &spec->other.check.label_syms[0])
                                                    : KG_NONE;
          ck.wait = g_new (KgNodeId, KG_BATCH_MAX);
          kg_count_pass_init (&ck.pass, &spec->other);
        }
    }
  if (!implied && pre == NULL)
    {
      rows = kg_count_pass_map (exec, &spec->other, &failed, error);
      if (failed)
        return FALSE;
    }
  guint8 **maps = g_new0 (guint8 *, nc + 1);
  gboolean *own = g_new0 (gboolean, nc + 1);
  gboolean all_rows = TRUE; /* every count is the matches */
  for (guint i = 0; i < nc && ok; i++)
    {
      maps[i] = rows;
      if (spec->counts[i].key)
        {
          gboolean all;
          guint8 *m = key_map (self, rows, implied, spec->counts[i].key, &all, error);
          if (m == NULL && !all)
            ok = FALSE;
          else if (m)
            {
              maps[i] = m;
              own[i] = TRUE;
              all_rows = FALSE;
            }
        }
    }
  /* one group per node unless nodes with equivalent keys must be merged */
  gboolean merge = spec->n_keys > 0 &&
                   !(spec->props && kg_count_keys_unique (exec, &spec->group, spec->props, spec->n_keys));
  GHashTable *index = merge ? g_hash_table_new (kg_group_key_hash, kg_group_key_equal) : NULL;
  GPtrArray *groups = merge ? g_ptr_array_new_with_free_func (group_free) : NULL;
  /* the first groups by their counts, kept as they come when no merging follows */
  TopGroups top;
  gboolean streaming = spec->limit && !merge;
  if (streaming)
    top_init (&top, self, first);
  gint64 *c = g_new (gint64, nc + 1);
  HavingTest *having = NULL;
  if (ok)
    ok = having_init (self, &having, error);
  /* the matches: plain degrees read a run of nodes at a time; through a far-end
   * bitmap, pushed from the passing far nodes when every count is the matches */
  KgDegreeRun *run = NULL;
  guint32 *pushed = NULL;
  if (ok && rows == NULL && ck.seen == NULL && spec->hop.dir != KG_DIR_BOTH)
    {
      run = g_new (KgDegreeRun, 1);
      kg_degree_run_init (run, exec, &spec->hop, spec->hop.dir);
    }
  else if (ok && rows && all_rows)
    {
      ok = push_counts (self, rows, &pushed, error);
    }
  /* the quick test of fill()'s loop: every count is the plain degree, kept groups */
  gboolean quick = run && all_rows && streaming && having == NULL && spec->n_order > 0;
  gboolean desc0 = spec->n_order > 0 && spec->desc[0];
  KgCountPass pass;
  kg_count_pass_init (&pass, &spec->group);
  KgNodeId *ids = g_new (KgNodeId, KG_BATCH_MAX);
  guint64 met = 0, charged = 0;
  KgNodeIter it;
  gboolean any = ok && (pre || kg_count_candidates (exec, &spec->group, &it));
  guint m, done = 0;
  while (ok && any && (m = pre ? MIN (pre->len - done, KG_BATCH_MAX) : kg_node_iter_next_batch (&it, ids, KG_BATCH_MAX)) > 0)
    {
      int k;
      if (pre)
        {
          /* decided already */
          memcpy (ids, &g_array_index (pre, KgNodeId, done), m * sizeof (KgNodeId));
          done += m;
          k = kg_exec_check (exec, error) ? (int) m : -1;
        }
      else
        k = kg_count_pass_batch (exec, &pass, ids, m, error);
      if (k < 0 || !kg_exec_check (exec, error))
        {
          ok = FALSE;
          break;
        }
      for (int j = 0; j < k && ok; j++)
        {
          KgNodeId b = ids[j];
          gint64 matches;
          if (quick)
            {
              /* plain degrees that are every count, the first groups kept: most nodes
               * of a full heap fail its bar, decided from the degree alone */
              matches = (gint64) kg_degree_run_at (run, b);
              if (top.full && (desc0 ? matches < top.bar : matches > top.bar))
                continue;
            }
          else if (ck.seen)
            {
              matches = count_checked (self, &ck, b, error);
              if (matches < 0)
                {
                  ok = FALSE;
                  break;
                }
            }
          else /* the matches (the rows an aggregation would see), then the counts of a key */
            matches = run ? (gint64) kg_degree_run_at (run, b) : pushed ? (gint64) pushed[b]
                                                                        : (gint64) kg_count_side (exec, &spec->hop, b, spec->hop.dir, rows);
          if (matches == 0)
            continue;
          for (guint i = 0; i < nc; i++)
            c[i] = maps[i] == rows ? matches : (gint64) kg_count_side (exec, &spec->hop, b, spec->hop.dir, maps[i]);
          if (having && !merge)
            {
              int held = having_pass (self, having, c, error);
              if (held <= 0)
                {
                  ok = held == 0;
                  continue;
                }
            }
          if (streaming)
            {
              if (!top_rejects (&top, c) && top_offer (&top, b, c, met++))
                charged += sizeof (KgNodeId) + (nc + 1) * sizeof (gint64);
              continue;
            }
          if (!merge)
            {
              g_array_append_val (self->nodes, b);
              g_array_append_vals (self->counts, c, nc);
              charged += sizeof (KgNodeId) + nc * sizeof (gint64);
              continue;
            }
          /* the keys of this node, once */
          kg_exec_set_id (exec, spec->group.slot, KG_VALUE_NODE, b);
          Group *g = g_new0 (Group, 1);
          g->key.n = spec->n_keys;
          g->key.values = g_new0 (KgValue, spec->n_keys);
          g_ptr_array_add (groups, g);
          for (guint i = 0; i < spec->n_keys && ok; i++)
            ok = kg_expr_eval (&exec->env, spec->keys[i], &g->key.values[i], error);
          if (!ok)
            break;
          g->key.hash = kg_group_key_hash_values (g->key.values, spec->n_keys);
          Group *found = g_hash_table_lookup (index, g);
          if (found)
            {
              gint64 *acc = &g_array_index (self->counts, gint64, (gsize) found->index * nc);
              for (guint i = 0; i < nc; i++)
                acc[i] += c[i];
              g_ptr_array_remove_index (groups, groups->len - 1);
              continue;
            }
          g->index = self->nodes->len;
          g_hash_table_add (index, g);
          g_array_append_val (self->nodes, b);
          g_array_append_vals (self->counts, c, nc);
          charged += 64 + sizeof (KgNodeId) + (nc + 2 * spec->n_keys) * sizeof (gint64);
        }
      /* the memory of this batch's groups */
      if (ok && charged > 0)
        {
          ok = kg_exec_charge (exec, charged, error);
          charged = 0;
        }
    }
  if (ok && having && merge)
    ok = having_compact (self, having, error);
  g_free (having);
  if (streaming)
    top_finish (&top);
  else if (ok && spec->limit)
    keep_first (self, first);
  if (groups)
    {
      g_ptr_array_free (groups, TRUE);
      g_hash_table_destroy (index);
    }
  kg_count_pass_clear (&pass);
  g_free (ids);
  g_free (c);
  g_free (run);
  g_free (pushed);
  for (guint i = 0; i < nc; i++)
    if (own[i])
      g_free (maps[i]);
  g_free (maps);
  g_free (own);
  g_free (rows);
  if (ck.seen)
    {
      g_free (ck.seen);
      g_free (ck.wait);
      kg_count_pass_clear (&ck.pass);
    }
  if (pre)
    g_array_free (pre, TRUE);
  return ok;
}

static KgOpStatus
degree_next (KgOp *op, GError **error)
{
  OpDegreeCount *self = (OpDegreeCount *) op;
  KgExec *exec = op->exec;
  if (!self->filled)
    {
      self->filled = TRUE;
      self->nodes = g_array_new (FALSE, FALSE, sizeof (KgNodeId));
      self->counts = g_array_new (FALSE, FALSE, sizeof (gint64));
      /* the input is one row (the statement's start) */
      KgOpStatus st = kg_op_next (op->child, error);
      if (st != KG_NEXT_ROW)
        return st;
      guint64 first = G_MAXUINT64;
      if (self->spec.limit)
        {
          gint64 skip = 0, limit = 0;
          if (self->spec.skip && !kg_eval_count (exec, self->spec.skip, "SKIP", &skip, error))
            return KG_NEXT_ERROR;
          if (!kg_eval_count (exec, self->spec.limit, "LIMIT", &limit, error))
            return KG_NEXT_ERROR;
          first = skip > G_MAXINT64 - limit ? G_MAXUINT64 : (guint64) (skip + limit);
        }
      if (!fill (self, first, error))
        return KG_NEXT_ERROR;
    }
  if (self->pos >= self->nodes->len)
    return KG_NEXT_DONE;
  guint i = self->pos++;
  KgNodeId node = g_array_index (self->nodes, KgNodeId, i);
  kg_exec_set_id (exec, self->spec.group.slot, KG_VALUE_NODE, node);
  for (guint k = 0; k < self->spec.node_slots.n; k++)
    kg_exec_set_id (exec, self->spec.node_slots.v[k], KG_VALUE_NODE, node);
  for (guint k = 0; k < self->spec.n_counts; k++)
    {
      KgDegreeCountItem *c = &self->spec.counts[k];
      KgValue v = kg_value_int (g_array_index (self->counts, gint64, (gsize) i * self->spec.n_counts + k));
      if (c->item_slot >= 0)
        {
          KgValue w = v;
          kg_exec_set_slot (exec, c->item_slot, &w);
        }
      kg_exec_set_slot (exec, c->slot, &v);
    }
  return KG_NEXT_ROW;
}

static void
degree_close (KgOp *op)
{
  OpDegreeCount *self = (OpDegreeCount *) op;
  if (self->nodes)
    g_array_free (self->nodes, TRUE);
  if (self->counts)
    g_array_free (self->counts, TRUE);
  self->nodes = NULL;
  self->counts = NULL;
}

void
kg_degree_count_spec_clear (KgDegreeCountSpec *spec)
{
  KgCountNode *ns[2] = { &spec->group, &spec->other };
  for (guint i = 0; i < 2; i++)
    {
      kg_entity_check_clear (&ns[i]->check);
      if (ns[i]->preds)
        g_ptr_array_free (ns[i]->preds, TRUE);
      ns[i]->preds = NULL;
    }
  kg_expand_spec_clear (&spec->hop);
  kg_slots_clear (&spec->node_slots);
  g_clear_pointer (&spec->counts, g_free);
  g_clear_pointer (&spec->keys, g_free);
  g_clear_pointer (&spec->props, g_free);
  g_clear_pointer (&spec->order, g_free);
  g_clear_pointer (&spec->desc, g_free);
  g_clear_pointer (&spec->having, g_free);
  spec->n_having = 0;
}

static void
degree_free (KgOp *op)
{
  kg_degree_count_spec_clear (&((OpDegreeCount *) op)->spec);
}

static void
degree_describe (KgOp *op, GString *out)
{
  OpDegreeCount *self = (OpDegreeCount *) op;
  KgDegreeCountSpec *spec = &self->spec;
  g_string_append (out, spec->hop.text ? spec->hop.text : "");
  KgCountNode *ns[2] = { &spec->group, &spec->other };
  for (guint i = 0; i < 2; i++)
    for (guint j = 0; ns[i]->preds && j < ns[i]->preds->len; j++)
      {
        g_string_append (out, " WHERE ");
        kg_expr_describe (out, g_ptr_array_index (ns[i]->preds, j));
      }
  g_string_append_printf (out, " group=%s", spec->group.var ? spec->group.var : "");
  if (spec->n_keys)
    {
      g_string_append (out, " keys=[");
      for (guint i = 0; i < spec->n_keys; i++)
        {
          if (i)
            g_string_append (out, ", ");
          kg_expr_describe (out, spec->keys[i]);
        }
      g_string_append_c (out, ']');
    }
  g_string_append (out, " counts=[");
  for (guint i = 0; i < spec->n_counts; i++)
    {
      if (i)
        g_string_append (out, ", ");
      kg_expr_describe (out, spec->counts[i].call);
    }
  g_string_append_c (out, ']');
  for (guint i = 0; i < spec->n_having; i++)
    {
      g_string_append (out, i ? " AND " : " having ");
      kg_expr_describe (out, spec->having[i].cond);
    }
  if (spec->limit)
    {
      g_string_append (out, " first=");
      if (spec->skip)
        {
          kg_expr_describe (out, spec->skip);
          g_string_append (out, " + ");
        }
      kg_expr_describe (out, spec->limit);
      g_string_append (out, " by [");
      for (guint i = 0; i < spec->n_order; i++)
        {
          if (i)
            g_string_append (out, ", ");
          kg_expr_describe (out, spec->counts[spec->order[i]].call);
          if (spec->desc[i])
            g_string_append (out, " DESC");
        }
      g_string_append_c (out, ']');
      if (spec->ties)
        g_string_append (out, " with ties");
    }
}

static const KgOpClass degree_class = {
  .name = "DegreeCount",
  .size = sizeof (OpDegreeCount),
  .open = degree_open,
  .next = degree_next,
  .close = degree_close,
  .free = degree_free,
  .describe = degree_describe,
};

KgOp *
kg_op_degree_count_new (KgExec *exec, KgOp *child, KgDegreeCountSpec *spec)
{
  OpDegreeCount *self = (OpDegreeCount *) kg_op_new (&degree_class, exec, child);
  self->spec = *spec;
  memset (spec, 0, sizeof *spec);
  return &self->base;
}
