/* engine/ops/op-aggregate.c — Aggregation: hash grouping on the key items, one
 * accumulator (kg_agg_*) per aggregate call and group.
 *
 * Drains its input, then yields one row per group (in order of first appearance) with
 * the key slots, the aggregate slots and the items computed from them ("post" items,
 * e.g. count(*) + 1). A key that is a plain variable is also written back to the
 * variable's own slot, so post items can read `n.name` when `n` is a key. With no
 * key items, an empty input still yields one row (count(*) = 0).
 *
 * When its input produces batches (engine/batch.h), it reads them without a row each:
 * the keys and the aggregates' arguments are evaluated over the batch by the vector
 * evaluator (a property read from the store's column, a variable from the batch's id
 * column), a row's group is found from its entities (the same as the previous row's,
 * or a node's group by its id) or by hashing the borrowed key values, whose copies are
 * made only for a new group; with no keys, each aggregate takes the batch's values in
 * one loop (kg_agg_step_vector). A batch the evaluator gives up on (an error to report
 * at its row, say) is read a row at a time, as the row path would; after a few such
 * batches in a row, the run stays on rows.
 */
#include "engine/ops/op-private.h"
#include "engine/ops/thread-order.h"

typedef struct
{
  KgGroupKey key;              /* first: the index hashes and compares it */
  KgAgg **aggs;                /* n_aggs accumulators, in the group's block after the key values */
  guint64 pos_morsel, pos_row; /* its first row (parallel plans: the order of one thread) */
} Group;

/* A group with its key values, accumulator pointers and accumulators is one piece of an
 * arena block: no allocation a group, none to free one by one. Blocks grow to this size. */
#define ARENA_BLOCK (64 * 1024)

/* Node id → group, open addressing (the node's id + 1 as its key; 0 is an empty slot). */
typedef struct
{
  guint32 *ids;
  Group **groups;
  guint cap; /* a power of two, or 0 */
  guint n;
} NodeMap;

/* After this many nodes put in the node map, it stays only if one lookup in
 * NODE_MAP_HITS finds a group: each node seen once (a row per node) makes it cost a
 * put a row for nothing. */
#define NODE_MAP_TRIAL 4096
#define NODE_MAP_HITS 8

typedef struct
{
  KgOp base;
  KgProjItem *keys;
  guint n_keys;
  KgAggItem *aggs;
  guint n_aggs;
  KgProjItem *post;
  guint n_post;
  guint max_args;
  GHashTable *index; /* Group* → itself, by its key */
  GPtrArray *groups; /* in order of appearance */
  KgValue *probe_keys;
  KgValue *args;
  guint pos;
  gboolean filled;
  /* Rows often come grouped by the entity the keys are read from (all the people of a
   * city in a row): when every key is `v` or `v.key` and the entities in those slots are
   * the same as the previous row's, so is the group. */
  gboolean *as_star; /* per aggregate: count(v.key) that counts every row */
  gboolean decided;  /* as_star was worked out (on the first row, after any writes) */
  KgFastProp *fast_keys;
  KgFastProp *fast_args; /* per aggregate: its first argument */
  int *arg_slots;        /* per aggregate: the slot of its only argument, a variable, or -1 */
  gboolean runs;         /* batches: a run of rows of one group fed to each aggregate in turn */
  int *memo_slots;       /* per key: the variable's slot, or NULL when not memoizable */
  KgValue *memo_ids;     /* the previous row's entities */
  Group *memo_group;
  /* When every key reads one node variable and the statement only reads, a node's keys
   * are the same on every row: its group is found by the node's id after the first. */
  gboolean one_node;
  gboolean by_node_on; /* the node map is in use this run */
  NodeMap by_node;
  guint64 node_hits, node_puts;
  /* the groups' memory (see ARENA_BLOCK) */
  GPtrArray *blocks;
  char *block_at;
  gsize block_left;
  gsize group_size;
  /* batches */
  KgVecExpr **vx_keys; /* per key */
  KgVecExpr **vx_args; /* per aggregate and argument: aggregate i's argument a at [i * max_args + a] */
  const KgValue *const **key_vals;
  const KgValue *const **arg_vals;
  KgValue *shallow;   /* a row's key values, borrowed, for probing */
  guint32 **memo_buf; /* per key: memo_slots[i]'s ids gathered */
  guint16 *all_rows;  /* 0 .. KG_BATCH_MAX - 1 */
  guint bails;        /* batches in a row read a row at a time */
} OpAggregate;

/* Batches the vector evaluator may give up on in a row before a run stays on rows. */
#define MAX_BAILS 3

/* Releases what the group's key values and accumulators hold (its memory is the arena's). */
static void
group_clear (OpAggregate *self, Group *g)
{
  for (guint i = 0; i < g->key.n; i++)
    kg_value_clear (&g->key.values[i]);
  g->key.n = 0;
  for (guint i = 0; i < self->n_aggs; i++)
    kg_agg_clear (g->aggs[i]);
}

static gpointer
arena_alloc (OpAggregate *self, gsize size)
{
  if (size > self->block_left)
    {
      /* blocks grow from 1 KiB to ARENA_BLOCK: a grouping of a few groups (in each copy of
       * a parallel plan) keeps to a little memory, under the statement's memory limit */
      gsize n = MAX (MIN ((gsize) 1024 << MIN (self->blocks->len, 6u), ARENA_BLOCK), size);
      self->block_at = g_malloc (n);
      self->block_left = n;
      g_ptr_array_add (self->blocks, self->block_at);
    }
  gpointer p = self->block_at;
  self->block_at += size;
  self->block_left -= size;
  return p;
}

static Group *
group_new (OpAggregate *self, guint hash)
{
  Group *g = arena_alloc (self, self->group_size);
  g->key.hash = hash;
  g->key.n = self->n_keys;
  g->key.values = (KgValue *) (gpointer) (g + 1);
  g->aggs = (KgAgg **) (gpointer) (g->key.values + self->n_keys);
  g->pos_morsel = self->base.exec->morsel;
  g->pos_row = self->base.exec->morsel_row;
  for (guint i = 0; i < self->n_keys; i++)
    g->key.values[i] = kg_value_steal (&self->probe_keys[i]);
  char *agg_at = (char *) (g->aggs + self->n_aggs);
  gsize agg_size = (kg_agg_sizeof () + 7) & ~(gsize) 7;
  for (guint i = 0; i < self->n_aggs; i++)
    {
      g->aggs[i] = (KgAgg *) (gpointer) (agg_at + i * agg_size);
      kg_agg_init (g->aggs[i], self->aggs[i].call);
    }
  g_ptr_array_add (self->groups, g);
  return g;
}

/* --- The node map ------------------------------------------------------------------ */

static inline guint
node_slot (const NodeMap *m, guint32 key)
{
  return (guint) ((key * 0x9E3779B1u) & (m->cap - 1));
}

static Group *
node_map_get (const NodeMap *m, guint32 id)
{
  if (m->cap == 0)
    return NULL;
  guint32 key = id + 1;
  for (guint i = node_slot (m, key); m->ids[i] != 0; i = (i + 1) & (m->cap - 1))
    if (m->ids[i] == key)
      return m->groups[i];
  return NULL;
}

static void node_map_put (NodeMap *m, guint32 id, Group *g);

static void
node_map_grow (NodeMap *m)
{
  NodeMap old = *m;
  m->cap = old.cap ? old.cap * 2 : 256;
  m->n = 0;
  m->ids = g_new0 (guint32, m->cap);
  m->groups = g_new (Group *, m->cap);
  for (guint i = 0; i < old.cap; i++)
    if (old.ids[i] != 0)
      node_map_put (m, old.ids[i] - 1, old.groups[i]);
  g_free (old.ids);
  g_free (old.groups);
}

/* @id is not in @m. */
static void
node_map_put (NodeMap *m, guint32 id, Group *g)
{
  if (id == G_MAXUINT32)
    return; /* no key for it: found by its value instead */
  if (2 * (m->n + 1) > m->cap)
    node_map_grow (m);
  guint32 key = id + 1;
  guint i = node_slot (m, key);
  while (m->ids[i] != 0)
    i = (i + 1) & (m->cap - 1);
  m->ids[i] = key;
  m->groups[i] = g;
  m->n++;
}

static void
node_map_clear (NodeMap *m)
{
  g_clear_pointer (&m->ids, g_free);
  g_clear_pointer (&m->groups, g_free);
  m->cap = m->n = 0;
}

/* The group of node @id, if the node map has it. */
static inline Group *
node_group (OpAggregate *self, guint32 id)
{
  Group *g = node_map_get (&self->by_node, id);
  self->node_hits += g != NULL;
  return g;
}

/* Remembers @g as node @id's group, while that pays. The map is a cache: when it
 * would take the statement past its memory limit it is dropped instead. */
static gboolean
node_remember (OpAggregate *self, guint32 id, Group *g, GError **error)
{
  if ((self->node_puts >= NODE_MAP_TRIAL && self->node_hits * NODE_MAP_HITS < self->node_puts) ||
      !kg_exec_cache_may_charge (self->base.exec, 2 * sizeof (gpointer)))
    {
      self->by_node_on = FALSE;
      node_map_clear (&self->by_node);
      return TRUE;
    }
  self->node_puts++;
  node_map_put (&self->by_node, id, g);
  return kg_exec_charge (self->base.exec, 2 * sizeof (gpointer), error);
}

static gboolean
aggregate_open (KgOp *op, GError **error)
{
  OpAggregate *self = (OpAggregate *) op;
  self->index = g_hash_table_new (kg_group_key_hash, kg_group_key_equal);
  self->groups = g_ptr_array_new ();
  self->pos = 0;
  self->filled = FALSE;
  self->memo_group = NULL;
  self->decided = FALSE;
  self->by_node_on = self->one_node;
  self->node_hits = self->node_puts = 0;
  self->blocks = g_ptr_array_new_with_free_func (g_free);
  self->block_at = NULL;
  self->block_left = 0;
  self->bails = 0;
  for (guint i = 0; self->vx_keys && i < self->n_keys; i++)
    kg_vec_reset (self->vx_keys[i]);
  for (guint i = 0; self->vx_args && i < self->n_aggs * self->max_args; i++)
    if (self->vx_args[i])
      kg_vec_reset (self->vx_args[i]);
  return TRUE;
}

static void
decide (OpAggregate *self)
{
  if (self->decided)
    return;
  self->decided = TRUE;
  for (guint i = 0; i < self->n_aggs; i++)
    self->as_star[i] = self->aggs[i].label &&
                       kg_exec_label_has_key (self->base.exec, self->aggs[i].label, kg_ast_child (self->aggs[i].call, 0)->name);
}

static gboolean
step (OpAggregate *self, Group *g, GError **error)
{
  KgExec *exec = self->base.exec;
  decide (self);
  for (guint i = 0; i < self->n_aggs; i++)
    {
      KgAst *call = self->aggs[i].call;
      if (self->as_star[i])
        {
          KgValue one = kg_value_int (1);
          if (!kg_agg_step (g->aggs[i], &one, 1, error))
            return FALSE;
          continue;
        }
      guint n = (call->flags & KG_AST_F_STAR) ? 0 : kg_ast_n_children (call);
      if (n == 1 && self->arg_slots[i] >= 0)
        {
          /* a variable's value, borrowed from the row */
          if (!kg_agg_step (g->aggs[i], &exec->slots[self->arg_slots[i]], 1, error))
            return FALSE;
          continue;
        }
      for (guint a = 0; a < n; a++)
        if (!(a == 0 && kg_fast_prop_eval (exec, &self->fast_args[i], &self->args[0])) &&
            !kg_expr_eval (&exec->env, kg_ast_child (call, a), &self->args[a], error))
          {
            for (guint b = 0; b < a; b++)
              kg_value_clear (&self->args[b]);
            return FALSE;
          }
      gboolean ok = kg_agg_step (g->aggs[i], self->args, n, error);
      for (guint a = 0; a < n; a++)
        kg_value_clear (&self->args[a]);
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

/* Finds a new group's place: in the index, charged to the memory limit. */
static gboolean
group_add (OpAggregate *self, Group *g, GError **error)
{
  g_hash_table_add (self->index, g);
  return kg_exec_charge (self->base.exec, 64 + sizeof (KgValue) * self->n_keys + 64 * self->n_aggs, error);
}

/* Feeds the plan's row (one input row) to its group. */
static gboolean
add_row (OpAggregate *self, Group *single, GError **error)
{
  KgExec *exec = self->base.exec;
  exec->morsel_row++;
  Group *g = single;
  if (g == NULL && self->memo_slots && self->memo_group)
    {
      gboolean same = TRUE;
      for (guint i = 0; i < self->n_keys && same; i++)
        {
          const KgValue *v = &exec->slots[self->memo_slots[i]];
          same = (v->type == KG_VALUE_NODE || v->type == KG_VALUE_EDGE) && v->type == self->memo_ids[i].type &&
                 v->u.id == self->memo_ids[i].u.id;
        }
      if (same)
        g = self->memo_group;
    }
  const KgValue *node = self->by_node_on ? &exec->slots[self->memo_slots[0]] : NULL;
  if (node && node->type != KG_VALUE_NODE)
    node = NULL;
  if (g == NULL && node)
    g = node_group (self, node->u.id);
  if (g == NULL)
    {
      for (guint i = 0; i < self->n_keys; i++)
        {
          KgProjItem *k = &self->keys[i];
          if (k->expr->kind == KG_AST_VARIABLE && k->expr->slot >= 0)
            kg_value_copy (&exec->slots[k->expr->slot], &self->probe_keys[i]);
          else if (!kg_fast_prop_eval (exec, &self->fast_keys[i], &self->probe_keys[i]) &&
                   !kg_expr_eval (&exec->env, k->expr, &self->probe_keys[i], error))
            {
              for (guint j = 0; j < i; j++)
                kg_value_clear (&self->probe_keys[j]);
              return FALSE;
            }
        }
      guint h = kg_group_key_hash_values (self->probe_keys, self->n_keys);
      KgGroupKey probe = { h, self->n_keys, self->probe_keys };
      g = g_hash_table_lookup (self->index, &probe);
      if (g == NULL)
        {
          g = group_new (self, h);
          if (!group_add (self, g, error))
            return FALSE;
        }
      else
        for (guint i = 0; i < self->n_keys; i++)
          kg_value_clear (&self->probe_keys[i]);
      if (node && !node_remember (self, node->u.id, g, error))
        return FALSE;
      if (self->memo_slots)
        {
          gboolean entities = TRUE;
          for (guint i = 0; i < self->n_keys && entities; i++)
            {
              const KgValue *v = &exec->slots[self->memo_slots[i]];
              entities = v->type == KG_VALUE_NODE || v->type == KG_VALUE_EDGE;
              self->memo_ids[i] = *v; /* ids only: nothing to own */
            }
          self->memo_group = entities ? g : NULL;
        }
    }
  return step (self, g, error);
}

/* The group of row @r of the batch @b, from the key vectors (or NULL on an error);
 * @memo_ids NULL: the memo does not apply to this batch. */
static Group *
batch_group (OpAggregate *self, guint r, const guint32 *const *memo_ids, const KgValueType *memo_types, GError **error)
{
  KgExec *exec = self->base.exec;
  Group *g = NULL;
  const KgValue *node = NULL;
  KgValue node_v;
  if (self->memo_slots && memo_ids)
    {
      gboolean same = self->memo_group != NULL;
      for (guint i = 0; i < self->n_keys && same; i++)
        {
          const KgValue *m = &self->memo_ids[i];
          const KgValue *v = memo_ids[i] ? NULL : &exec->slots[self->memo_slots[i]];
          same = v ? (v->type == KG_VALUE_NODE || v->type == KG_VALUE_EDGE) && v->type == m->type && v->u.id == m->u.id
                   : memo_types[i] == m->type && memo_ids[i][r] == m->u.id;
        }
      if (same)
        return self->memo_group;
      if (self->by_node_on)
        {
          if (memo_ids[0] && memo_types[0] == KG_VALUE_NODE)
            {
              node_v.type = KG_VALUE_NODE;
              node_v.u.id = memo_ids[0][r];
              node = &node_v;
            }
          else if (exec->slots[self->memo_slots[0]].type == KG_VALUE_NODE)
            node = &exec->slots[self->memo_slots[0]];
          if (node)
            g = node_group (self, node->u.id);
        }
    }
  if (g == NULL)
    {
      for (guint i = 0; i < self->n_keys; i++)
        self->shallow[i] = *self->key_vals[i][r];
      guint h = kg_group_key_hash_values (self->shallow, self->n_keys);
      KgGroupKey probe = { h, self->n_keys, self->shallow };
      g = g_hash_table_lookup (self->index, &probe);
      if (g == NULL)
        {
          for (guint i = 0; i < self->n_keys; i++)
            kg_value_copy (&self->shallow[i], &self->probe_keys[i]);
          g = group_new (self, h);
          if (!group_add (self, g, error))
            return NULL;
        }
      if (node && !node_remember (self, node->u.id, g, error))
        return NULL;
    }
  if (self->memo_slots && memo_ids)
    {
      gboolean entities = TRUE;
      for (guint i = 0; i < self->n_keys && entities; i++)
        {
          if (memo_ids[i])
            {
              self->memo_ids[i].type = memo_types[i];
              self->memo_ids[i].u.id = memo_ids[i][r];
              continue;
            }
          const KgValue *v = &exec->slots[self->memo_slots[i]];
          entities = v->type == KG_VALUE_NODE || v->type == KG_VALUE_EDGE;
          self->memo_ids[i] = *v;
        }
      self->memo_group = entities ? g : NULL;
    }
  return g;
}

/* Feeds the rows @rows[0 .. @n) of the batch the vectors were evaluated over, all of
 * group @g, to each of its aggregates in turn (see OpAggregate.runs). */
static gboolean
feed_run (OpAggregate *self, Group *g, const guint16 *rows, guint n, GError **error)
{
  static const KgValue one = { .type = KG_VALUE_INT, .u.i = 1 };
  for (guint i = 0; i < self->n_aggs; i++)
    {
      guint at = i * self->max_args;
      guint n_args = kg_ast_n_children (self->aggs[i].call);
      if (self->as_star[i])
        {
          for (guint k = 0; k < n; k++)
            if (!kg_agg_step (g->aggs[i], &one, 1, error))
              return FALSE;
        }
      else if (self->vx_args[at] == NULL || n_args == 1)
        {
          if (!kg_agg_step_vector (g->aggs[i], self->vx_args[at] ? self->arg_vals[at] : NULL, rows, n, error))
            return FALSE;
        }
      else
        for (guint k = 0; k < n; k++)
          {
            for (guint a = 0; a < n_args; a++)
              self->args[a] = *self->arg_vals[at + a][rows[k]];
            gboolean ok = kg_agg_step (g->aggs[i], self->args, n_args, error);
            for (guint a = 0; a < n_args; a++)
              self->args[a] = kg_value_null (); /* borrowed */
            if (!ok)
              return FALSE;
          }
    }
  return TRUE;
}

/* Feeds the alive rows of @b by the vector evaluator: 1 done, 0 not decided (nothing
 * fed: read it a row at a time), -1 error. */
static int
batch_vector (OpAggregate *self, KgBatch *b, Group *single, GError **error)
{
  KgExec *exec = self->base.exec;
  decide (self);
  for (guint i = 0; i < self->n_keys; i++)
    if (kg_vec_values (exec, self->vx_keys[i], b, &self->key_vals[i]) != 0)
      return 0;
  for (guint i = 0; i < self->n_aggs; i++)
    for (guint a = 0; a < self->max_args; a++)
      {
        guint at = i * self->max_args + a;
        if (self->vx_args[at] && !self->as_star[i] && kg_vec_values (exec, self->vx_args[at], b, &self->arg_vals[at]) != 0)
          return 0;
      }
  const guint16 *rows = b->sel ? b->sel : self->all_rows;
  guint m = b->n_sel;
  if (single)
    {
      /* one group: each aggregate takes the batch in one loop */
      for (guint i = 0; i < self->n_aggs; i++)
        {
          guint at = i * self->max_args;
          gboolean star = self->as_star[i] || self->vx_args[at] == NULL;
          if (kg_ast_n_children (self->aggs[i].call) > 1 && !star)
            {
              for (guint k = 0; k < m; k++)
                {
                  for (guint a = 0; a < self->max_args && self->vx_args[at + a]; a++)
                    self->args[a] = *self->arg_vals[at + a][rows[k]];
                  gboolean ok = kg_agg_step (single->aggs[i], self->args, kg_ast_n_children (self->aggs[i].call), error);
                  for (guint a = 0; a < self->max_args; a++)
                    self->args[a] = kg_value_null (); /* borrowed */
                  if (!ok)
                    return -1;
                }
              continue;
            }
          if (self->as_star[i])
            {
              /* count(v.key) where every v has the key: every row counts */
              static const KgValue one_row = { .type = KG_VALUE_INT, .u.i = 1 };
              for (guint k = 0; k < m; k++)
                if (!kg_agg_step (single->aggs[i], &one_row, 1, error))
                  return -1;
            }
          else if (!kg_agg_step_vector (single->aggs[i], star ? NULL : self->arg_vals[at], rows, m, error))
            return -1;
        }
      exec->morsel_row += m;
      return 1;
    }
  const guint32 *memo_ids[self->n_keys + 1];
  KgValueType memo_types[self->n_keys + 1];
  gboolean memo = self->memo_slots != NULL;
  for (guint i = 0; memo && i < self->n_keys; i++)
    {
      memo_ids[i] = kg_batch_ids (b, self->memo_slots[i], self->memo_buf[i], &memo_types[i]);
      /* a value column (a Projection's item) is not in the plan's row, where the memo
       * reads what the batch does not hold as ids */
      if (memo_ids[i] == NULL && kg_batch_has_slot (b, self->memo_slots[i]))
        memo = FALSE;
    }
  if (self->memo_slots && !memo)
    self->memo_group = NULL;
  static const KgValue one = { .type = KG_VALUE_INT, .u.i = 1 };
  if (self->runs)
    {
      /* the rows of one group in a row (a city's people) go to each aggregate's loop */
      Group *g = NULL;
      guint k0 = 0;
      for (guint k = 0; k <= m; k++)
        {
          Group *h = NULL;
          if (k < m)
            {
              exec->morsel_row++;
              h = batch_group (self, rows[k], memo ? memo_ids : NULL, memo_types, error);
              if (h == NULL)
                return -1;
              if (h == g)
                continue;
            }
          if (g != NULL && !feed_run (self, g, rows + k0, k - k0, error))
            return -1;
          g = h;
          k0 = k;
        }
      return 1;
    }
  for (guint k = 0; k < m; k++)
    {
      guint r = rows[k];
      exec->morsel_row++;
      Group *g = batch_group (self, r, memo ? memo_ids : NULL, memo_types, error);
      if (g == NULL)
        return -1;
      for (guint i = 0; i < self->n_aggs; i++)
        {
          guint at = i * self->max_args;
          guint n = kg_ast_n_children (self->aggs[i].call);
          const KgValue *args;
          if (self->as_star[i])
            args = &one, n = 1;
          else if (self->vx_args[at] == NULL)
            args = NULL, n = 0;
          else if (n == 1)
            args = self->arg_vals[at][r];
          else
            {
              for (guint a = 0; a < n; a++)
                self->args[a] = *self->arg_vals[at + a][r];
              args = self->args;
            }
          gboolean ok = kg_agg_step (g->aggs[i], args, n, error);
          if (args == self->args)
            for (guint a = 0; a < n; a++)
              self->args[a] = kg_value_null (); /* borrowed */
          if (!ok)
            return -1;
        }
    }
  return 1;
}

static gboolean
fill (OpAggregate *self, GError **error)
{
  KgOp *op = &self->base;
  KgExec *exec = op->exec;
  Group *single = NULL;
  if (self->n_keys == 0)
    single = group_new (self, 0);
  if (op->batch == KG_BATCH_IN)
    {
      if (self->vx_keys == NULL)
        {
          self->vx_keys = g_new0 (KgVecExpr *, self->n_keys + 1);
          self->key_vals = g_new0 (const KgValue *const *, self->n_keys + 1);
          for (guint i = 0; i < self->n_keys; i++)
            self->vx_keys[i] = kg_vec_compile_value (self->keys[i].expr);
          guint n = self->n_aggs * self->max_args;
          self->vx_args = g_new0 (KgVecExpr *, n + 1);
          self->arg_vals = g_new0 (const KgValue *const *, n + 1);
          for (guint i = 0; i < self->n_aggs; i++)
            {
              KgAst *call = self->aggs[i].call;
              guint na = (call->flags & KG_AST_F_STAR) ? 0 : kg_ast_n_children (call);
              for (guint a = 0; a < na; a++)
                self->vx_args[i * self->max_args + a] = kg_vec_compile_value (kg_ast_child (call, a));
            }
          self->shallow = g_new0 (KgValue, self->n_keys + 1);
          self->memo_buf = g_new0 (guint32 *, self->n_keys + 1);
          for (guint i = 0; self->memo_slots && i < self->n_keys; i++)
            self->memo_buf[i] = g_new (guint32, KG_BATCH_MAX);
          self->all_rows = g_new (guint16, KG_BATCH_MAX);
          for (guint i = 0; i < KG_BATCH_MAX; i++)
            self->all_rows[i] = (guint16) i;
        }
      for (;;)
        {
          KgBatch *b;
          KgOpStatus st = kg_op_next_batch (op->child, &b, error);
          if (st == KG_NEXT_ERROR)
            return FALSE;
          if (st == KG_NEXT_DONE)
            return TRUE;
          int done = self->bails < MAX_BAILS ? batch_vector (self, b, single, error) : 0;
          if (done < 0)
            return FALSE;
          if (done > 0)
            {
              self->bails = 0;
              continue;
            }
          self->bails++;
          for (guint i = 0; i < b->n_sel; i++)
            {
              kg_batch_load_row (exec, b, kg_batch_row (b, i));
              if (!add_row (self, single, error))
                return FALSE;
            }
        }
    }
  for (;;)
    {
      KgOpStatus st = kg_op_next (op->child, error);
      if (st == KG_NEXT_ERROR)
        return FALSE;
      if (st == KG_NEXT_DONE)
        break;
      if (!add_row (self, single, error))
        return FALSE;
    }
  return TRUE;
}

static KgOpStatus
aggregate_next (KgOp *op, GError **error)
{
  OpAggregate *self = (OpAggregate *) op;
  KgExec *exec = op->exec;
  if (!self->filled)
    {
      self->filled = TRUE;
      if (!fill (self, error))
        return KG_NEXT_ERROR;
    }
  if (self->pos >= self->groups->len)
    return KG_NEXT_DONE;
  Group *g = g_ptr_array_index (self->groups, self->pos++);
  for (guint i = 0; i < self->n_keys; i++)
    {
      KgValue v;
      kg_value_copy (&g->key.values[i], &v);
      kg_exec_set_slot (exec, self->keys[i].slot, &v);
      KgAst *e = self->keys[i].expr;
      if (e->kind == KG_AST_VARIABLE && e->slot >= 0 && e->slot != self->keys[i].slot)
        {
          kg_value_copy (&g->key.values[i], &v);
          kg_exec_set_slot (exec, e->slot, &v);
        }
    }
  for (guint i = 0; i < self->n_aggs; i++)
    {
      KgValue v = KG_VALUE_INIT;
      if (!kg_agg_take (g->aggs[i], &v, error))
        return KG_NEXT_ERROR;
      kg_exec_set_slot (exec, self->aggs[i].slot, &v);
    }
  for (guint i = 0; i < self->n_post; i++)
    {
      KgValue v = KG_VALUE_INIT;
      if (!kg_expr_eval (&exec->env, self->post[i].expr, &v, error))
        return KG_NEXT_ERROR;
      kg_exec_set_slot (exec, self->post[i].slot, &v);
    }
  return KG_NEXT_ROW;
}

static void
aggregate_close (KgOp *op)
{
  OpAggregate *self = (OpAggregate *) op;
  if (self->groups)
    {
      for (guint i = 0; i < self->groups->len; i++)
        if (g_ptr_array_index (self->groups, i))
          group_clear (self, g_ptr_array_index (self->groups, i));
      g_ptr_array_free (self->groups, TRUE);
      self->groups = NULL;
    }
  g_clear_pointer (&self->blocks, g_ptr_array_unref);
  self->block_left = 0;
  g_clear_pointer (&self->index, g_hash_table_destroy);
  node_map_clear (&self->by_node);
}

static void
aggregate_free (KgOp *op)
{
  OpAggregate *self = (OpAggregate *) op;
  g_free (self->keys);
  g_free (self->aggs);
  g_free (self->post);
  g_free (self->probe_keys);
  g_free (self->args);
  g_free (self->memo_slots);
  g_free (self->memo_ids);
  g_free (self->fast_keys);
  g_free (self->fast_args);
  g_free (self->arg_slots);
  g_free (self->as_star);
  for (guint i = 0; self->vx_keys && i < self->n_keys; i++)
    kg_vec_free (self->vx_keys[i]);
  for (guint i = 0; self->vx_args && i < self->n_aggs * self->max_args; i++)
    kg_vec_free (self->vx_args[i]);
  g_free (self->vx_keys);
  g_free (self->vx_args);
  g_free (self->key_vals);
  g_free (self->arg_vals);
  g_free (self->shallow);
  for (guint i = 0; self->memo_buf && i < self->n_keys; i++)
    g_free (self->memo_buf[i]);
  g_free (self->memo_buf);
  g_free (self->all_rows);
}

static void
aggregate_describe (KgOp *op, GString *out)
{
  OpAggregate *self = (OpAggregate *) op;
  g_string_append (out, "keys=[");
  for (guint i = 0; i < self->n_keys; i++)
    {
      if (i)
        g_string_append (out, ", ");
      kg_expr_describe (out, self->keys[i].expr);
    }
  g_string_append (out, "] aggregates=[");
  for (guint i = 0; i < self->n_aggs; i++)
    {
      if (i)
        g_string_append (out, ", ");
      kg_expr_describe (out, self->aggs[i].call);
    }
  g_string_append_c (out, ']');
}

/* --- Parallel plans: partial groups, merged ------------------------------------ */

static gboolean
aggregate_partial (KgOp *op, guint phase, GError **error)
{
  OpAggregate *self = (OpAggregate *) op;
  self->filled = TRUE;
  return fill (self, error);
}

static gboolean
aggregate_absorb (KgOp *op, KgOp *other_op, GError **error)
{
  OpAggregate *self = (OpAggregate *) op, *other = (OpAggregate *) other_op;
  for (guint i = 0; other->groups && i < other->groups->len; i++)
    {
      Group *g = g_ptr_array_index (other->groups, i);
      Group *into = NULL;
      if (self->n_keys == 0)
        into = g_ptr_array_index (self->groups, 0);
      else
        into = g_hash_table_lookup (self->index, &g->key);
      if (into == NULL)
        {
          g_ptr_array_add (self->groups, g);
          g_hash_table_add (self->index, g);
          g_ptr_array_index (other->groups, i) = NULL;
          continue;
        }
      for (guint a = 0; a < self->n_aggs; a++)
        if (!kg_agg_combine (into->aggs[a], g->aggs[a], error))
          return FALSE;
      if (kg_thread_order_cmp (g->pos_morsel, g->pos_row, into->pos_morsel, into->pos_row) < 0)
        {
          into->pos_morsel = g->pos_morsel;
          into->pos_row = g->pos_row;
        }
    }
  if (other->index)
    g_hash_table_remove_all (other->index);
  /* the groups merged into ours are done with; the moved ones live in other's blocks,
   * which are ours from now on */
  for (guint i = 0; other->groups && i < other->groups->len; i++)
    if (g_ptr_array_index (other->groups, i))
      {
        group_clear (other, g_ptr_array_index (other->groups, i));
        g_ptr_array_index (other->groups, i) = NULL;
      }
  for (guint i = 0; other->blocks && i < other->blocks->len; i++)
    g_ptr_array_add (self->blocks, g_steal_pointer (&g_ptr_array_index (other->blocks, i)));
  if (other->blocks)
    g_ptr_array_set_size (other->blocks, 0);
  other->block_left = 0;
  node_map_clear (&other->by_node);
  return TRUE;
}

static int
by_first_row (gconstpointer a, gconstpointer b)
{
  const Group *x = *(Group *const *) a, *y = *(Group *const *) b;
  return kg_thread_order_cmp (x->pos_morsel, x->pos_row, y->pos_morsel, y->pos_row);
}

/* The groups in the order one thread would have found them. */
static gboolean
aggregate_finish (KgOp *op, GError **error)
{
  g_ptr_array_sort (((OpAggregate *) op)->groups, by_first_row);
  return TRUE;
}

gboolean
kg_op_aggregate_parallel_safe (KgOp *op)
{
  OpAggregate *self = (OpAggregate *) op;
  for (guint i = 0; i < self->n_aggs; i++)
    if (!kg_agg_combinable (self->aggs[i].call))
      return FALSE;
  return TRUE;
}

static int
aggregate_batch_mode (KgOp *op)
{
  return op->child->batch == KG_BATCH_OUT ? KG_BATCH_IN : KG_BATCH_NONE;
}

static const KgOpClass aggregate_class = {
  .name = "Aggregation",
  .size = sizeof (OpAggregate),
  .open = aggregate_open,
  .next = aggregate_next,
  .close = aggregate_close,
  .free = aggregate_free,
  .describe = aggregate_describe,
  .partial = aggregate_partial,
  .absorb = aggregate_absorb,
  .finish = aggregate_finish,
  .batch_mode = aggregate_batch_mode,
};

KgOp *
kg_op_aggregate_new (KgExec *exec, KgOp *child, KgProjItem *keys, guint n_keys, KgAggItem *aggs, guint n_aggs, KgProjItem *post, guint n_post)
{
  OpAggregate *self = (OpAggregate *) kg_op_new (&aggregate_class, exec, child);
  self->keys = g_memdup2 (keys, sizeof (KgProjItem) * n_keys);
  self->n_keys = n_keys;
  self->aggs = g_memdup2 (aggs, sizeof (KgAggItem) * n_aggs);
  self->n_aggs = n_aggs;
  self->post = g_memdup2 (post, sizeof (KgProjItem) * n_post);
  self->n_post = n_post;
  self->probe_keys = g_new0 (KgValue, n_keys + 1);
  for (guint i = 0; i < n_aggs; i++)
    self->max_args = MAX (self->max_args, kg_ast_n_children (aggs[i].call));
  self->args = g_new0 (KgValue, self->max_args + 1);
  self->group_size = sizeof (Group) + sizeof (KgValue) * n_keys + sizeof (KgAgg *) * n_aggs +
                     ((kg_agg_sizeof () + 7) & ~(gsize) 7) * n_aggs;
  self->as_star = g_new0 (gboolean, n_aggs + 1);
  self->fast_keys = g_new0 (KgFastProp, n_keys + 1);
  for (guint i = 0; i < n_keys; i++)
    kg_fast_prop_init (&self->fast_keys[i], keys[i].expr);
  /* Feeding a run of rows to one aggregate after another changes which error comes
   * first only when two of them can fail: count, min and max never do. */
  guint may_fail = 0;
  self->arg_slots = g_new (int, n_aggs + 1);
  for (guint i = 0; i < n_aggs; i++)
    {
      KgAst *call = aggs[i].call;
      KgAggKind kind = call->function ? call->function->agg : KG_AGG_NONE;
      may_fail += kind != KG_AGG_COUNT && kind != KG_AGG_MIN && kind != KG_AGG_MAX;
      KgAst *arg = (call->flags & KG_AST_F_STAR) || kg_ast_n_children (call) != 1 ? NULL : kg_ast_child (call, 0);
      self->arg_slots[i] = arg && arg->kind == KG_AST_VARIABLE && arg->slot >= 0 ? arg->slot : -1;
    }
  self->runs = may_fail <= 1;
  self->fast_args = g_new0 (KgFastProp, n_aggs + 1);
  for (guint i = 0; i < n_aggs; i++)
    if (!(aggs[i].call->flags & KG_AST_F_STAR))
      kg_fast_prop_init (&self->fast_args[i], kg_ast_child (aggs[i].call, 0));
  gboolean memo = n_keys > 0;
  int *ms = g_new (int, n_keys + 1);
  for (guint i = 0; i < n_keys && memo; i++)
    {
      KgAst *e = keys[i].expr;
      if (e->kind == KG_AST_VARIABLE && e->slot >= 0)
        ms[i] = e->slot;
      else if (e->kind == KG_AST_PROPERTY && e->slot < 0 && kg_ast_child (e, 0) &&
               kg_ast_child (e, 0)->kind == KG_AST_VARIABLE && kg_ast_child (e, 0)->slot >= 0)
        ms[i] = kg_ast_child (e, 0)->slot;
      else
        memo = FALSE;
    }
  if (memo)
    {
      self->memo_slots = ms;
      self->memo_ids = g_new0 (KgValue, n_keys);
    }
  else
    g_free (ms);
  return &self->base;
}

void
kg_op_aggregate_by_node (KgOp *op)
{
  OpAggregate *self = (OpAggregate *) op;
  gboolean one = self->memo_slots != NULL;
  for (guint i = 1; i < self->n_keys && one; i++)
    one = self->memo_slots[i] == self->memo_slots[0];
  self->one_node = one;
}
