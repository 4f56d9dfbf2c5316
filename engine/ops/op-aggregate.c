/* engine/ops/op-aggregate.c — Aggregation: hash grouping on the key items, one
 * accumulator (kg_agg_*) per aggregate call and group.
 *
 * Drains its input, then yields one row per group (in order of first appearance) with
 * the key slots, the aggregate slots and the items computed from them ("post" items,
 * e.g. count(*) + 1). A key that is a plain variable is also written back to the
 * variable's own slot, so post items can read `n.name` when `n` is a key. With no
 * key items, an empty input still yields one row (count(*) = 0).
 */
#include "engine/ops/op-private.h"

typedef struct
{
  KgGroupKey key; /* first: the index hashes and compares it */
  KgAgg **aggs;
} Group;

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
  int *memo_slots;       /* per key: the variable's slot, or NULL when not memoizable */
  KgValue *memo_ids;     /* the previous row's entities */
  Group *memo_group;
  /* When every key reads one node variable and the statement only reads, a node's keys
   * are the same on every row: its group is found by the node's id after the first. */
  gboolean one_node;
  GHashTable *by_node; /* node id + 1 → Group* */
} OpAggregate;

static void
group_free (OpAggregate *self, Group *g)
{
  kg_group_key_clear (&g->key);
  for (guint i = 0; i < self->n_aggs; i++)
    if (g->aggs[i])
      kg_agg_free (g->aggs[i]);
  g_free (g->aggs);
  g_free (g);
}

static Group *
group_new (OpAggregate *self, guint hash)
{
  Group *g = g_new0 (Group, 1);
  g->key.hash = hash;
  g->key.n = self->n_keys;
  g->key.values = g_new (KgValue, self->n_keys);
  for (guint i = 0; i < self->n_keys; i++)
    g->key.values[i] = kg_value_steal (&self->probe_keys[i]);
  g->aggs = g_new (KgAgg *, self->n_aggs);
  for (guint i = 0; i < self->n_aggs; i++)
    g->aggs[i] = kg_agg_new (self->aggs[i].call);
  g_ptr_array_add (self->groups, g);
  return g;
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
  self->by_node = self->one_node ? g_hash_table_new (NULL, NULL) : NULL;
  return TRUE;
}

static gboolean
step (OpAggregate *self, Group *g, GError **error)
{
  KgExec *exec = self->base.exec;
  if (!self->decided)
    {
      self->decided = TRUE;
      for (guint i = 0; i < self->n_aggs; i++)
        self->as_star[i] = self->aggs[i].label &&
                           kg_exec_label_has_key (exec, self->aggs[i].label, kg_ast_child (self->aggs[i].call, 0)->name);
    }
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

static gboolean
fill (OpAggregate *self, GError **error)
{
  KgOp *op = &self->base;
  KgExec *exec = op->exec;
  Group *single = NULL;
  if (self->n_keys == 0)
    single = group_new (self, 0);
  for (;;)
    {
      KgOpStatus st = kg_op_next (op->child, error);
      if (st == KG_NEXT_ERROR)
        return FALSE;
      if (st == KG_NEXT_DONE)
        break;
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
      const KgValue *node = self->by_node ? &exec->slots[self->memo_slots[0]] : NULL;
      if (node && node->type != KG_VALUE_NODE)
        node = NULL;
      if (g == NULL && node)
        g = g_hash_table_lookup (self->by_node, GUINT_TO_POINTER (node->u.id + 1));
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
              g_hash_table_add (self->index, g);
              if (!kg_exec_charge (exec, 64 + sizeof (KgValue) * self->n_keys + 64 * self->n_aggs, error))
                return FALSE;
            }
          else
            for (guint i = 0; i < self->n_keys; i++)
              kg_value_clear (&self->probe_keys[i]);
          if (node)
            {
              g_hash_table_insert (self->by_node, GUINT_TO_POINTER (node->u.id + 1), g);
              if (!kg_exec_charge (exec, 32, error))
                return FALSE;
            }
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
      if (!step (self, g, error))
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
      if (!kg_agg_finish (g->aggs[i], &v, error))
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
        group_free (self, g_ptr_array_index (self->groups, i));
      g_ptr_array_free (self->groups, TRUE);
      self->groups = NULL;
    }
  g_clear_pointer (&self->index, g_hash_table_destroy);
  g_clear_pointer (&self->by_node, g_hash_table_destroy);
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
  g_free (self->as_star);
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

static const KgOpClass aggregate_class = {
  .name = "Aggregation",
  .size = sizeof (OpAggregate),
  .open = aggregate_open,
  .next = aggregate_next,
  .close = aggregate_close,
  .free = aggregate_free,
  .describe = aggregate_describe,
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
  self->as_star = g_new0 (gboolean, n_aggs + 1);
  self->fast_keys = g_new0 (KgFastProp, n_keys + 1);
  for (guint i = 0; i < n_keys; i++)
    kg_fast_prop_init (&self->fast_keys[i], keys[i].expr);
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
