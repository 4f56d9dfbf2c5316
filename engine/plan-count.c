/* engine/plan-count.c — counting matches without enumerating them.
 *
 * `MATCH <chain of one or two directed hops> [WHERE <conditions on single nodes>]
 * RETURN count(*)` is planned as usual first; when the statement has this shape, the
 * plan is replaced by one CountPaths (ops/op-count-paths.c), which sums degrees over the
 * middle nodes instead of producing a row per path. Any other shape keeps the normal
 * plan: this file only recognises the shape and fills the operator's spec.
 */
#include "engine/plan-private.h"

#include <string.h>

static void
collect_var_slots (const KgAst *e, KgSlots *out, gboolean *other)
{
  if (e == NULL)
    return;
  switch (e->kind)
    {
    case KG_AST_VARIABLE:
      kg_slots_add (out, e->slot);
      return;
    case KG_AST_PATTERN_COMPREHENSION:
    case KG_AST_PATTERN_PREDICATE:
    case KG_AST_EXISTS_SUBQUERY:
    case KG_AST_PATTERN_PART:
    case KG_AST_MAP_PROJECTION:
      *other = TRUE;
      return;
    default:
      break;
    }
  if (e->slot >= 0)
    *other = TRUE;
  for (guint i = 0; i < kg_ast_n_children (e); i++)
    collect_var_slots (kg_ast_child (e, i), out, other);
}

static void
collect_and (KgAst *e, GPtrArray *out)
{
  if (e->kind == KG_AST_BINARY_OP && e->op == KG_OP_AND && kg_ast_child (e, 0) && kg_ast_child (e, 1))
    {
      collect_and (kg_ast_child (e, 0), out);
      collect_and (kg_ast_child (e, 1), out);
    }
  else
    g_ptr_array_add (out, e);
}

/* `MATCH <chain of 1 or 2 directed hops> [WHERE <conditions on single nodes>] RETURN
 * count(*)`: replaces the enumerating plan with CountPaths. Returns: the new root or NULL. */
KgOp *
kg_plan_try_count_paths (KgPlanner *P, KgAst *sq)
{
  if (kg_ast_n_children (sq) != 2)
    return NULL;
  KgAst *match = kg_ast_child (sq, 0), *ret = kg_ast_child (sq, 1);
  if (match->kind != KG_AST_MATCH || (match->flags & KG_AST_F_OPTIONAL) || ret->kind != KG_AST_RETURN ||
      (ret->flags & KG_AST_F_DISTINCT) || kg_ast_child (ret, 1) || kg_ast_child (ret, 2) || kg_ast_child (ret, 3))
    return NULL;
  KgAst *list = kg_ast_child (ret, 0);
  if ((list->flags & KG_AST_F_STAR) || kg_ast_n_children (list) != 1)
    return NULL;
  KgAst *call = kg_ast_child (kg_ast_child (list, 0), 0);
  /* the statement is bound already: the call has its row */
  if (call->kind != KG_AST_FUNCTION_CALL || call->function == NULL || call->function->agg != KG_AGG_COUNT ||
      (call->flags & KG_AST_F_DISTINCT))
    return NULL;
  KgAst *pattern = kg_ast_child (match, 0);
  if (kg_ast_n_children (pattern) != 1)
    return NULL;
  KgAst *part = kg_ast_child (pattern, 0);
  guint n = kg_ast_n_children (part);
  if (part->name || (part->flags & (KG_AST_F_SHORTEST | KG_AST_F_ALL_SHORTEST | KG_AST_F_QUANTIFIED)) || (n != 3 && n != 5))
    return NULL;
  KgSlots node_slots = { 0 };
  gboolean ok = TRUE;
  for (guint i = 0; i < n && ok; i++)
    {
      KgAst *el = kg_ast_child (part, i);
      if (kg_ast_has_dynamic_labels (el))
        ok = FALSE; /* counted from the statistics of known labels and types only */
      if (el->kind == KG_AST_REL_PATTERN)
        {
          if ((el->flags & KG_AST_F_VARLENGTH) || kg_ast_child (el, 0) ||
              (el->op != KG_AST_DIR_LEFT && el->op != KG_AST_DIR_RIGHT))
            ok = FALSE;
          continue;
        }
      for (guint j = 0; j < node_slots.n; j++)
        if (node_slots.v[j] == el->slot)
          ok = FALSE; /* a node used twice: a cycle */
      kg_slots_add (&node_slots, el->slot);
      KgAst *props = kg_ast_child (el, 0);
      if (props)
        {
          KgSlots deps = { 0 };
          gboolean other = FALSE;
          collect_var_slots (props, &deps, &other);
          ok = ok && deps.n == 0 && !other && props->kind == KG_AST_MAP;
          kg_slots_clear (&deps);
        }
    }
  /* count(x) of a pattern node is count(*): x is never null */
  if (ok && !(call->flags & KG_AST_F_STAR))
    {
      KgAst *arg = kg_ast_child (call, 0);
      ok = kg_ast_n_children (call) == 1 && arg && arg->kind == KG_AST_VARIABLE;
      gboolean found = FALSE;
      for (guint j = 0; ok && j < node_slots.n; j++)
        found = found || node_slots.v[j] == arg->slot;
      ok = ok && found;
    }
  GPtrArray *conj = g_ptr_array_new ();
  if (ok && kg_ast_child (match, 1))
    collect_and (kg_ast_child (match, 1), conj);
  int *owner = g_new0 (int, conj->len + 1);
  for (guint c = 0; ok && c < conj->len; c++)
    {
      KgSlots deps = { 0 };
      gboolean other = FALSE;
      collect_var_slots (g_ptr_array_index (conj, c), &deps, &other);
      owner[c] = -1;
      for (guint d = 0; d < deps.n && !other; d++)
        {
          int which = -1;
          for (guint j = 0; j < node_slots.n; j++)
            if (node_slots.v[j] == deps.v[d])
              which = j;
          if (which < 0 || (owner[c] >= 0 && owner[c] != which))
            other = TRUE;
          owner[c] = which;
        }
      if (other || owner[c] < 0)
        ok = FALSE;
      kg_slots_clear (&deps);
    }
  KgOp *op = NULL;
  if (ok)
    {
      KgCountPathsSpec spec;
      memset (&spec, 0, sizeof spec);
      spec.n_hops = n / 2;
      spec.out_slot = P->plan->column_slots.v[0];
      for (guint i = 0; i <= spec.n_hops; i++)
        {
          KgAst *np = kg_ast_child (part, 2 * i);
          spec.nodes[i].slot = np->slot;
          spec.nodes[i].var = np->name;
          kg_entity_check_init (&spec.nodes[i].check, np, TRUE);
          spec.nodes[i].preds = g_ptr_array_new ();
          for (guint c = 0; c < conj->len; c++)
            if (owner[c] == (int) i)
              g_ptr_array_add (spec.nodes[i].preds, g_ptr_array_index (conj, c));
        }
      KgMatchState m;
      kg_match_state_init (&m, NULL);
      for (guint i = 0; i < spec.n_hops; i++)
        {
          kg_plan_expand_spec (P, &m, &spec.hops[i], kg_ast_child (part, 2 * i), kg_ast_child (part, 2 * i + 1),
                               kg_ast_child (part, 2 * i + 2), TRUE, FALSE);
          kg_entity_check_clear (&spec.hops[i].dst_check);
        }
      kg_match_state_clear (&m);
      op = kg_op_count_paths_new (P->exec, kg_op_unit_new (P->exec), &spec);
    }
  g_free (owner);
  g_ptr_array_free (conj, TRUE);
  kg_slots_clear (&node_slots);
  return op;
}

/* --- Counts grouped by one end of a hop ------------------------------------------ */

/* Whether @e is `v` or `v.key` (read from the store) for the variable in @slot; *@key
 * gets the key (NULL for `v`). */
static gboolean
reads_node (const KgAst *e, int slot, const char **key)
{
  *key = NULL;
  if (e->kind == KG_AST_VARIABLE)
    return e->slot == slot;
  if (e->kind != KG_AST_PROPERTY || e->slot >= 0 || e->name == NULL)
    return FALSE;
  const KgAst *v = kg_ast_child (e, 0);
  *key = e->name;
  return v && v->kind == KG_AST_VARIABLE && v->slot == slot;
}

/* The index of the count whose value is in @slot (its call's slot or its item's), or -1. */
static int
count_at_slot (const KgDegreeCountSpec *spec, int slot)
{
  for (guint c = 0; slot >= 0 && c < spec->n_counts; c++)
    if (spec->counts[c].slot == slot || spec->counts[c].item_slot == slot)
      return (int) c;
  return -1;
}

/* The conditions of @where (conjuncts, see kg_plan_try_degree_count) that read the
 * counts alone go to @spec->having; @where keeps the rest, in order. A WHERE after a
 * SKIP or a LIMIT filters the rows they kept: it stays whole then. */
static void
take_having (KgDegreeCountSpec *spec, const KgBoundProjection *bp, GPtrArray *where)
{
  if (where == NULL || where->len == 0 || bp->skip || bp->limit)
    return;
  GPtrArray *conj = g_ptr_array_new ();
  for (guint i = 0; i < where->len; i++)
    collect_and (g_ptr_array_index (where, i), conj);
  GPtrArray *rest = g_ptr_array_new ();
  spec->having = g_new0 (KgDegreeCountHaving, conj->len + 1);
  for (guint i = 0; i < conj->len; i++)
    {
      KgAst *e = g_ptr_array_index (conj, i);
      KgSlots deps = { 0 };
      gboolean other = FALSE;
      collect_var_slots (e, &deps, &other);
      for (guint d = 0; d < deps.n && !other; d++)
        other = count_at_slot (spec, deps.v[d]) < 0;
      gboolean counts_alone = !other && deps.n > 0;
      kg_slots_clear (&deps);
      if (!counts_alone)
        {
          g_ptr_array_add (rest, e);
          continue;
        }
      KgDegreeCountHaving *h = &spec->having[spec->n_having++];
      h->cond = e;
      h->count = -1;
      if (e->kind != KG_AST_BINARY_OP || kg_ast_n_children (e) != 2 || e->op < KG_OP_EQ || e->op > KG_OP_GE)
        continue;
      /* `count OP value` or `value OP count`, the value reading no variable */
      for (guint side = 0; side < 2 && h->count < 0; side++)
        {
          KgAst *v = kg_ast_child (e, side), *w = kg_ast_child (e, 1 - side);
          if (v == NULL || w == NULL || v->kind != KG_AST_VARIABLE)
            continue;
          KgSlots wd = { 0 };
          gboolean wo = FALSE;
          collect_var_slots (w, &wd, &wo);
          if (wd.n == 0 && !wo)
            {
              static const KgAstOp flipped[] = { [KG_OP_EQ] = KG_OP_EQ, [KG_OP_NE] = KG_OP_NE, [KG_OP_LT] = KG_OP_GT, [KG_OP_LE] = KG_OP_GE, [KG_OP_GT] = KG_OP_LT, [KG_OP_GE] = KG_OP_LE };
              h->count = count_at_slot (spec, v->slot);
              h->op = side == 0 ? (KgAstOp) e->op : flipped[e->op];
              h->value = w;
            }
          kg_slots_clear (&wd);
        }
    }
  if (spec->n_having == 0)
    g_clear_pointer (&spec->having, g_free);
  else
    {
      g_ptr_array_set_size (where, 0);
      for (guint i = 0; i < rest->len; i++)
        g_ptr_array_add (where, g_ptr_array_index (rest, i));
    }
  g_ptr_array_free (rest, TRUE);
  g_ptr_array_free (conj, TRUE);
}

/* `MATCH (g)-[r:T]->(o) [WHERE <conditions on g or o alone>] WITH|RETURN <keys reading g
 * alone>, <count(*), count(o), count(r), count(o.key)>...`: the counts from degrees
 * (ops/op-degree-count.c), one group per node of g. @match is the statement's first
 * clause, @bp the projection right after it; conditions of its WHERE on the counts alone
 * are decided by the DegreeCount (take_having). Returns: the DegreeCount, or NULL when
 * the shape differs. */
KgOp *
kg_plan_try_degree_count (KgPlanner *P, KgAst *match, const KgBoundProjection *bp, GPtrArray *where)
{
  if (match->kind != KG_AST_MATCH || (match->flags & KG_AST_F_OPTIONAL) || !bp->aggregating || bp->distinct)
    return NULL;
  KgAst *pattern = kg_ast_child (match, 0);
  if (kg_ast_n_children (pattern) != 1)
    return NULL;
  KgAst *part = kg_ast_child (pattern, 0);
  if (part->name || (part->flags & (KG_AST_F_SHORTEST | KG_AST_F_ALL_SHORTEST | KG_AST_F_QUANTIFIED)) || kg_ast_n_children (part) != 3)
    return NULL;
  KgAst *ends[2] = { kg_ast_child (part, 0), kg_ast_child (part, 2) }, *rel = kg_ast_child (part, 1);
  if ((rel->flags & KG_AST_F_VARLENGTH) || kg_ast_child (rel, 0) || ends[0]->slot == ends[1]->slot ||
      kg_ast_has_dynamic_labels (rel) || kg_ast_has_dynamic_labels (ends[0]) || kg_ast_has_dynamic_labels (ends[1]))
    return NULL;
  for (guint i = 0; i < 2; i++)
    {
      KgAst *props = kg_ast_child (ends[i], 0);
      if (props)
        {
          KgSlots deps = { 0 };
          gboolean other = FALSE;
          collect_var_slots (props, &deps, &other);
          gboolean constant = deps.n == 0 && !other && props->kind == KG_AST_MAP;
          kg_slots_clear (&deps);
          if (!constant)
            return NULL;
        }
    }
  /* the grouped end: the one every key reads */
  int g = -1;
  guint n_keys = 0;
  gboolean all_props = TRUE;
  for (guint i = 0; i < bp->items->len; i++)
    {
      const KgBoundItem *it = &g_array_index (bp->items, KgBoundItem, i);
      if (it->agg)
        continue;
      const char *key;
      int which = reads_node (it->expr, ends[0]->slot, &key) ? 0 : reads_node (it->expr, ends[1]->slot, &key) ? 1
                                                                                                              : -1;
      if (which < 0 || (g >= 0 && which != g))
        return NULL;
      g = which;
      n_keys++;
      all_props = all_props && key != NULL;
    }
  if (g < 0)
    return NULL;
  int o = 1 - g;
  /* the counts */
  KgDegreeCountItem *counts = g_new0 (KgDegreeCountItem, bp->aggs->len + 1);
  gboolean ok = TRUE;
  for (guint i = 0; i < bp->aggs->len && ok; i++)
    {
      KgAst *call = g_ptr_array_index (bp->aggs, i);
      counts[i].call = call;
      counts[i].slot = call->slot;
      counts[i].item_slot = -1;
      for (guint j = 0; j < bp->items->len; j++)
        if (g_array_index (bp->items, KgBoundItem, j).expr == call)
          counts[i].item_slot = g_array_index (bp->items, KgBoundItem, j).slot;
      if (call->function->agg != KG_AGG_COUNT || (call->flags & KG_AST_F_DISTINCT))
        ok = FALSE;
      else if (!(call->flags & KG_AST_F_STAR))
        {
          KgAst *arg = kg_ast_child (call, 0);
          const char *key;
          /* count(x) of a pattern element is never null: every match counts */
          if (kg_ast_n_children (call) != 1 || arg == NULL)
            ok = FALSE;
          else if (arg->kind == KG_AST_VARIABLE)
            ok = arg->slot == ends[0]->slot || arg->slot == ends[1]->slot || arg->slot == rel->slot;
          else if (reads_node (arg, ends[o]->slot, &key) && key)
            counts[i].key = key;
          else
            ok = FALSE;
        }
    }
  /* WHERE: conditions on one end each */
  GPtrArray *conj = g_ptr_array_new ();
  if (ok && kg_ast_child (match, 1))
    collect_and (kg_ast_child (match, 1), conj);
  int *owner = g_new0 (int, conj->len + 1);
  for (guint c = 0; ok && c < conj->len; c++)
    {
      KgSlots deps = { 0 };
      gboolean other = FALSE;
      collect_var_slots (g_ptr_array_index (conj, c), &deps, &other);
      owner[c] = -1;
      for (guint d = 0; d < deps.n && !other; d++)
        {
          int which = deps.v[d] == ends[0]->slot ? 0 : deps.v[d] == ends[1]->slot ? 1
                                                                                  : -1;
          if (which < 0 || (owner[c] >= 0 && owner[c] != which))
            other = TRUE;
          owner[c] = which;
        }
      ok = !other && owner[c] >= 0;
      kg_slots_clear (&deps);
    }
  KgOp *op = NULL;
  if (ok)
    {
      KgDegreeCountSpec spec;
      memset (&spec, 0, sizeof spec);
      KgCountNode *ns[2] = { &spec.group, &spec.other };
      for (guint i = 0; i < 2; i++)
        {
          KgAst *np = ends[i == 0 ? g : o];
          ns[i]->slot = np->slot;
          ns[i]->var = np->name;
          kg_entity_check_init (&ns[i]->check, np, TRUE);
          ns[i]->preds = g_ptr_array_new ();
          for (guint c = 0; c < conj->len; c++)
            if (owner[c] == (i == 0 ? g : o))
              g_ptr_array_add (ns[i]->preds, g_ptr_array_index (conj, c));
        }
      KgMatchState m;
      kg_match_state_init (&m, NULL);
      kg_plan_expand_spec (P, &m, &spec.hop, ends[g], rel, ends[o], g == 0, FALSE);
      kg_entity_check_clear (&spec.hop.dst_check);
      kg_match_state_clear (&m);
      spec.n_counts = bp->aggs->len;
      spec.counts = g_steal_pointer (&counts);
      /* grouped by the node itself when one key is g: no merging */
      gboolean by_node = FALSE;
      for (guint i = 0; i < bp->items->len; i++)
        {
          const KgBoundItem *it = &g_array_index (bp->items, KgBoundItem, i);
          if (!it->agg && it->expr->kind == KG_AST_VARIABLE)
            {
              by_node = TRUE;
              kg_slots_add (&spec.node_slots, it->slot);
            }
        }
      if (!by_node)
        {
          spec.n_keys = n_keys;
          spec.keys = g_new0 (KgAst *, n_keys + 1);
          spec.props = all_props ? g_new0 (const char *, n_keys + 1) : NULL;
          guint k = 0;
          for (guint i = 0; i < bp->items->len; i++)
            {
              const KgBoundItem *it = &g_array_index (bp->items, KgBoundItem, i);
              if (it->agg)
                continue;
              spec.keys[k] = it->expr;
              if (spec.props)
                spec.props[k] = it->expr->name;
              k++;
            }
        }
      /* ORDER BY counts first with a LIMIT: only the first groups by those counts need
       * come out (and, when other keys follow, the groups tied with the last of them) */
      gboolean limited = bp->order && bp->limit && bp->order->len > 0;
      guint n_order = 0;
      guint *order = g_new0 (guint, bp->order ? bp->order->len + 1 : 1);
      gboolean *desc = g_new0 (gboolean, bp->order ? bp->order->len + 1 : 1);
      for (guint k = 0; limited && k < bp->order->len; k++)
        {
          const KgSortKey *sk = &g_array_index (bp->order, KgSortKey, k);
          /* the key is read from a slot: the item's, or the call's own */
          int slot = sk->slot >= 0 ? sk->slot : sk->expr ? sk->expr->slot
                                                         : -1;
          guint c = 0;
          while (c < spec.n_counts && (slot < 0 || (slot != spec.counts[c].slot && slot != spec.counts[c].item_slot)))
            c++;
          if (c == spec.n_counts)
            break;
          order[k] = c;
          desc[k] = sk->desc;
          n_order++;
        }
      if (n_order > 0)
        {
          spec.skip = bp->skip;
          spec.limit = bp->limit;
          spec.n_order = n_order;
          spec.ties = n_order < bp->order->len;
          spec.order = g_steal_pointer (&order);
          spec.desc = g_steal_pointer (&desc);
        }
      g_free (order);
      g_free (desc);
      take_having (&spec, bp, where);
      op = kg_op_degree_count_new (P->exec, kg_op_unit_new (P->exec), &spec);
    }
  g_free (counts);
  g_free (owner);
  g_ptr_array_free (conj, TRUE);
  return op;
}
