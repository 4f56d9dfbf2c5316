/* engine/ops/op-degree-count.c — DegreeCount: `MATCH (g)-[:T]->(o) RETURN g, count(o)`
 * (and count(*), count(r), count(o.key)) without a row per relationship.
 *
 * The planner uses it for an aggregation right after a one-hop MATCH whose grouping
 * keys all read the grouped node g alone and whose aggregates are all counts of the
 * match. A node's count is then the number of its qualifying relationships: its degree
 * over the hop's types when the far end's conditions hold for every relationship of
 * those types (labels the type implies, a key every node of that label has), else the
 * relationships whose far end is in a bitmap of the nodes passing them, decided once
 * per node. Nodes without a match form no group, as the aggregation would see no row.
 *
 * Groups: one per node when the keys are g itself, or when no two candidate nodes have
 * equivalent keys (a fact about the graph version, kept across statements); otherwise
 * the keys are evaluated once per node and nodes with equivalent keys are merged, the
 * first one standing for the group. Output: g's slot holds that node and each count's
 * slot its value; the grouping items are computed above (by a Projection, after a TopK
 * when a sort does not need them). Drains before the first row; reads the graph only.
 */
#include "engine/ops/op-private.h"

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
 * NULL with *@all set when that is every node the relationships reach. */
static guint8 *
key_map (OpDegreeCount *self, const guint8 *rows, gboolean implied, const char *key, gboolean *all, GError **error)
{
  KgExec *exec = self->base.exec;
  KgCountNode *o = &self->spec.other;
  *all = FALSE;
  for (guint l = 0; implied && o->check.dynamic == NULL && l < o->check.n_labels; l++)
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

static gboolean
fill (OpDegreeCount *self, GError **error)
{
  KgExec *exec = self->base.exec;
  KgDegreeCountSpec *spec = &self->spec;
  guint nc = spec->n_counts;
  gboolean ok = TRUE;
  /* the far end: NULL maps count every relationship */
  gboolean implied = far_end_implied (self), failed = FALSE;
  guint8 *rows = NULL;
  if (!implied)
    {
      rows = kg_count_pass_map (exec, &spec->other, &failed, error);
      if (failed)
        return FALSE;
    }
  guint8 **maps = g_new0 (guint8 *, nc + 1);
  gboolean *own = g_new0 (gboolean, nc + 1);
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
            }
        }
    }
  /* one group per node unless nodes with equivalent keys must be merged */
  gboolean merge = spec->n_keys > 0 &&
                   !(spec->props && kg_count_keys_unique (exec, &spec->group, spec->props, spec->n_keys));
  GHashTable *index = merge ? g_hash_table_new (kg_group_key_hash, kg_group_key_equal) : NULL;
  GPtrArray *groups = merge ? g_ptr_array_new_with_free_func (group_free) : NULL;
  gint64 *c = g_new (gint64, nc + 1);
  /* plain degrees: read a run of nodes at a time */
  KgDegreeRun *run = NULL;
  if (rows == NULL && spec->hop.dir != KG_DIR_BOTH)
    {
      run = g_new (KgDegreeRun, 1);
      kg_degree_run_init (run, exec, &spec->hop, spec->hop.dir);
    }
  KgNodeIter it;
  KgNodeId b;
  gboolean any = ok && kg_count_candidates (exec, &spec->group, &it);
  while (ok && any && kg_node_iter_next (&it, &b))
    {
      int p = kg_count_node_passes (exec, &spec->group, b, error);
      if (p < 0 || !kg_exec_check (exec, error))
        {
          ok = FALSE;
          break;
        }
      if (p == 0)
        continue;
      /* the matches (the rows an aggregation would see), then the counts of a key */
      gint64 matches = run ? (gint64) kg_degree_run_at (run, b) : (gint64) kg_count_side (exec, &spec->hop, b, spec->hop.dir, rows);
      if (matches == 0)
        continue;
      for (guint i = 0; i < nc; i++)
        c[i] = maps[i] == rows ? matches : (gint64) kg_count_side (exec, &spec->hop, b, spec->hop.dir, maps[i]);
      if (!merge)
        {
          g_array_append_val (self->nodes, b);
          g_array_append_vals (self->counts, c, nc);
          ok = kg_exec_charge (exec, sizeof (KgNodeId) + nc * sizeof (gint64), error);
          continue;
        }
      /* the keys of this node, once */
      kg_exec_set_id (exec, spec->group.slot, KG_VALUE_NODE, b);
      Group *g = g_new0 (Group, 1);
      g->key.n = spec->n_keys;
      g->key.values = g_new0 (KgValue, spec->n_keys);
      g_ptr_array_add (groups, g);
      for (guint k = 0; k < spec->n_keys && ok; k++)
        ok = kg_expr_eval (&exec->env, spec->keys[k], &g->key.values[k], error);
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
      ok = kg_exec_charge (exec, 64 + sizeof (KgNodeId) + (nc + 2 * spec->n_keys) * sizeof (gint64), error);
    }
  if (groups)
    {
      g_ptr_array_free (groups, TRUE);
      g_hash_table_destroy (index);
    }
  g_free (c);
  g_free (run);
  for (guint i = 0; i < nc; i++)
    if (own[i])
      g_free (maps[i]);
  g_free (maps);
  g_free (own);
  g_free (rows);
  return ok;
}

/* --- The first groups by their counts -------------------------------------------- */

/* >0 when group @a comes after group @b in the order (ties: the later one) */
static int
order_cmp (OpDegreeCount *self, guint a, guint b)
{
  KgDegreeCountSpec *spec = &self->spec;
  const gint64 *ca = &g_array_index (self->counts, gint64, (gsize) a * spec->n_counts);
  const gint64 *cb = &g_array_index (self->counts, gint64, (gsize) b * spec->n_counts);
  for (guint i = 0; i < spec->n_order; i++)
    {
      gint64 x = ca[spec->order[i]], y = cb[spec->order[i]];
      if (x != y)
        return (x < y ? -1 : 1) * (spec->desc[i] ? -1 : 1);
    }
  return a < b ? -1 : a > b;
}

static void
heap_down (OpDegreeCount *self, guint *h, guint n, guint i)
{
  for (;;)
    {
      guint l = 2 * i + 1, r = l + 1, m = i;
      if (l < n && order_cmp (self, h[l], h[m]) > 0)
        m = l;
      if (r < n && order_cmp (self, h[r], h[m]) > 0)
        m = r;
      if (m == i)
        return;
      guint t = h[i];
      h[i] = h[m];
      h[m] = t;
      i = m;
    }
}

static int
index_cmp (gconstpointer a, gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;
  return x < y ? -1 : x > y;
}

/* Keeps the first @k groups by the sort keys, in their order of appearance: a TopK above
 * then sees only them, and picks the same rows in the same order. */
static void
keep_first (OpDegreeCount *self, guint64 k)
{
  guint n = self->nodes->len, nc = self->spec.n_counts;
  if (k >= n)
    return;
  guint *h = g_new (guint, k + 1);
  guint len = 0;
  for (guint g = 0; g < n; g++)
    {
      if (len < k)
        {
          /* sift up */
          guint i = len++;
          h[i] = g;
          while (i > 0 && order_cmp (self, h[i], h[(i - 1) / 2]) > 0)
            {
              guint p = (i - 1) / 2, t = h[i];
              h[i] = h[p];
              h[p] = t;
              i = p;
            }
        }
      else if (k > 0 && order_cmp (self, g, h[0]) < 0)
        {
          h[0] = g;
          heap_down (self, h, len, 0);
        }
    }
  qsort (h, len, sizeof (guint), index_cmp);
  for (guint i = 0; i < len; i++)
    {
      g_array_index (self->nodes, KgNodeId, i) = g_array_index (self->nodes, KgNodeId, h[i]);
      memmove (&g_array_index (self->counts, gint64, (gsize) i * nc),
               &g_array_index (self->counts, gint64, (gsize) h[i] * nc), nc * sizeof (gint64));
    }
  g_array_set_size (self->nodes, len);
  g_array_set_size (self->counts, (gsize) len * nc);
  g_free (h);
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
      if (!fill (self, error))
        return KG_NEXT_ERROR;
      if (self->spec.limit)
        {
          gint64 skip = 0, limit = 0;
          if (self->spec.skip && !kg_eval_count (exec, self->spec.skip, "SKIP", &skip, error))
            return KG_NEXT_ERROR;
          if (!kg_eval_count (exec, self->spec.limit, "LIMIT", &limit, error))
            return KG_NEXT_ERROR;
          keep_first (self, skip > G_MAXINT64 - limit ? G_MAXUINT64 : (guint64) (skip + limit));
        }
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
