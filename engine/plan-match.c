/* engine/plan-match.c — planning patterns: MATCH, OPTIONAL MATCH, the match side of
 * MERGE and the subplans of pattern expressions.
 *
 * A pattern is planned from the most selective anchor: a bound variable, a seek by id
 * or on an indexed equality (in the pattern's map or in WHERE, with a value that reads
 * only what earlier clauses bound), the smallest label, else all nodes;
 * then expanded hop by hop both ways. Each WHERE conjunct goes right after the
 * operator that binds the last slot it reads (predicate push-down). The variables and
 * expressions have been bound by the binder (bind-clause.c) before anything here runs;
 * this file only chooses and stacks operators.
 */
#include "engine/plan-private.h"
#include "graph/stats.h"

#include <math.h>
#include <string.h>

/* --- Match state ----------------------------------------------------------------- */

void
kg_match_state_init (KgMatchState *m, KgScope *scope)
{
  memset (m, 0, sizeof *m);
  m->rows = 1.0;
  m->bound = g_hash_table_new (g_direct_hash, g_direct_equal);
  for (KgScope *s = scope; s; s = s->parent)
    for (guint i = 0; i < s->vars->len; i++)
      {
        KgVar *v = g_ptr_array_index (s->vars, i);
        g_hash_table_add (m->bound, GINT_TO_POINTER (v->slot + 1));
      }
}

static void
pending_free (gpointer p)
{
  KgPending *c = p;
  kg_slots_clear (&c->deps);
  g_free (c);
}

void
kg_match_state_clear (KgMatchState *m)
{
  if (m->pending)
    g_ptr_array_free (m->pending, TRUE);
  g_hash_table_destroy (m->bound);
  kg_slots_clear (&m->rels);
  kg_slots_clear (&m->lists);
  kg_slots_clear (&m->rel_groups);
  if (m->groups)
    g_hash_table_destroy (m->groups);
  if (m->count_reads)
    g_hash_table_destroy (m->count_reads);
  if (m->count_vars)
    g_hash_table_destroy (m->count_vars);
  if (m->deferred)
    g_ptr_array_free (m->deferred, TRUE);
}

/* Notes a relationship (or, @list, a variable-length) slot of the part being planned:
 * later hops of its own MATCH must not reuse what it binds. The groups are stored
 * relationships first, then lists, each list in its own half of @rel_groups. */
static void
add_rel (KgMatchState *m, int slot, gboolean list)
{
  kg_slots_add (list ? &m->lists : &m->rels, slot);
  kg_slots_add (&m->rel_groups, (int) m->group * 2 + (list ? 1 : 0));
}

void
kg_match_state_add_rel (KgMatchState *m, int slot, gboolean list)
{
  add_rel (m, slot, list);
}

/* The slots of @all (rels or lists, @list) that belong to the group being planned. */
static void
group_slots (const KgMatchState *m, KgSlots *out, const KgSlots *all, gboolean list)
{
  guint k = 0;
  for (guint i = 0; i < m->rel_groups.n; i++)
    {
      int g = m->rel_groups.v[i];
      if ((g & 1) != (list ? 1 : 0))
        continue;
      if ((guint) (g >> 1) == m->group)
        kg_slots_add (out, all->v[k]);
      k++;
    }
}

static gboolean
is_bound (KgMatchState *m, int slot)
{
  return g_hash_table_contains (m->bound, GINT_TO_POINTER (slot + 1));
}

static void
set_bound (KgMatchState *m, int slot)
{
  g_hash_table_add (m->bound, GINT_TO_POINTER (slot + 1));
}

static double conjunct_selectivity (KgPlanner *P, KgMatchState *m, KgPending *c);

/* Puts each WHERE conjunct whose variables are all bound now right here, so rows are
 * dropped as early as possible (predicate push-down). */
static KgOp *
place_filters (KgPlanner *P, KgMatchState *m, KgOp *op)
{
  if (m->pending == NULL)
    return op;
  for (guint i = 0; i < m->pending->len; i++)
    {
      KgPending *c = g_ptr_array_index (m->pending, i);
      if (c->placed || c->late)
        continue;
      gboolean ready = TRUE;
      for (guint d = 0; d < c->deps.n && ready; d++)
        ready = is_bound (m, c->deps.v[d]);
      if (!ready)
        continue;
      c->placed = TRUE;
      op = kg_op_filter_new (P->exec, op, c->expr);
      m->rows *= conjunct_selectivity (P, m, c);
      op->est_rows = m->rows;
    }
  return op;
}

/* Collects the slots of the outer variables a conjunct reads; pattern expressions and
 * subqueries make it late (kept after the whole pattern). */
static void
conjunct_deps (KgAst *e, KgScope *scope, KgPending *c)
{
  if (e == NULL)
    return;
  switch (e->kind)
    {
    case KG_AST_PATTERN_COMPREHENSION:
    case KG_AST_PATTERN_PREDICATE:
    case KG_AST_EXISTS_SUBQUERY:
    case KG_AST_PATTERN_PART:
      c->late = TRUE;
      return;
    case KG_AST_VARIABLE:
      {
        KgVar *v = kg_scope_lookup (scope, e->name);
        if (v && v->slot == e->slot)
          kg_slots_add (&c->deps, e->slot);
        return;
      }
    case KG_AST_MAP_PROJECTION:
      {
        KgVar *v = kg_scope_lookup (scope, e->name);
        if (v)
          kg_slots_add (&c->deps, v->slot);
        break;
      }
    default:
      break;
    }
  if (e->slot >= 0 && e->kind != KG_AST_VARIABLE)
    {
      c->late = TRUE; /* read from a computed slot: keep it simple */
      return;
    }
  for (guint i = 0; i < kg_ast_n_children (e); i++)
    conjunct_deps (kg_ast_child (e, i), scope, c);
}

static void
split_conjuncts (KgAst *e, KgScope *scope, GPtrArray *out)
{
  if (e->kind == KG_AST_BINARY_OP && e->op == KG_OP_AND && kg_ast_child (e, 0) && kg_ast_child (e, 1))
    {
      split_conjuncts (kg_ast_child (e, 0), scope, out);
      split_conjuncts (kg_ast_child (e, 1), scope, out);
      return;
    }
  KgPending *c = g_new0 (KgPending, 1);
  c->expr = e;
  c->sel = -1;
  conjunct_deps (e, scope, c);
  g_ptr_array_add (out, c);
}

/* Whether @e calls a function whose value changes from call to call. */
static gboolean
has_random (const KgAst *e)
{
  if (e == NULL)
    return FALSE;
  if (e->kind == KG_AST_FUNCTION_CALL && (e->function == NULL || (e->function->flags & KG_FN_RANDOM) != 0))
    return TRUE;
  for (guint i = 0; i < kg_ast_n_children (e); i++)
    if (has_random (kg_ast_child (e, i)))
      return TRUE;
  return FALSE;
}

/* Whether @e reads only what is bound before the pattern's node is scanned (constants,
 * parameters, variables of earlier clauses or parts): then a seek can evaluate it once
 * per input row instead of a filter once per candidate node. */
static gboolean
seekable (KgMatchState *m, KgScope *scope, KgAst *e)
{
  if (has_random (e))
    return FALSE;
  KgPending c = { 0 };
  conjunct_deps (e, scope, &c);
  gboolean ok = !c.late;
  for (guint d = 0; d < c.deps.n && ok; d++)
    ok = is_bound (m, c.deps.v[d]);
  kg_slots_clear (&c.deps);
  return ok;
}

/* Estimated rows from scanning for node pattern @np; sets the scan kind and index prop. */
static double
anchor_cost (KgPlanner *P, KgMatchState *m, KgScope *scope, KgAst *np, KgScanKind *kind, int *index_prop, int *label_index)
{
  KgGraph *g = P->exec->graph;
  double best = kg_graph_n_nodes (g) + 1.0;
  *kind = KG_SCAN_ALL;
  *index_prop = -1;
  *label_index = -1;
  KgAst *props = kg_ast_child (np, 0);
  for (guint i = 0; i < kg_ast_n_names (np); i++)
    {
      KgSymbol l = kg_graph_lookup (g, KG_SYM_LABEL, kg_ast_name_at (np, i));
      double c = l == KG_NONE ? 0 : kg_graph_label_count (g, l);
      if (props && props->kind == KG_AST_MAP && l != KG_NONE)
        for (guint j = 0; j < kg_ast_n_children (props); j++)
          {
            KgSymbol k = kg_graph_lookup (g, KG_SYM_KEY, kg_ast_name_at (props, j));
            if (k != KG_NONE && kg_graph_has_index (g, l, k) && seekable (m, scope, kg_ast_child (props, j)))
              {
                if (1.0 < best)
                  {
                    best = 1.0;
                    *kind = KG_SCAN_INDEX;
                    *index_prop = j;
                    *label_index = i;
                  }
              }
          }
      if (c < best)
        {
          best = c;
          *kind = KG_SCAN_LABEL;
          *index_prop = -1;
          *label_index = i;
        }
    }
  if (props)
    best *= 0.5;
  return best;
}

/* A WHERE conjunct `v.key = value` (either way round) on node pattern @np, where the
 * value is seekable, with an index on (one of @np's labels, key): the property's key
 * and the value, which label, and the conjunct. FALSE if there is none. With @hash, the
 * same without the index, for a value that reads what is bound (not a constant): a
 * HashSeek's equality. */
static gboolean
where_index (KgPlanner *P, KgMatchState *m, KgScope *scope, const KgAst *np, const char **key, KgAst **value, int *label_index, KgPending **conjunct, gboolean hash)
{
  KgGraph *g = P->exec->graph;
  if (m->pending == NULL || np->slot < 0 || np->name == NULL || kg_ast_n_names (np) == 0)
    return FALSE;
  for (guint i = 0; i < m->pending->len; i++)
    {
      KgPending *c = g_ptr_array_index (m->pending, i);
      KgAst *e = c->expr;
      if (c->placed || c->late || c->deps.n == 0 || e->kind != KG_AST_BINARY_OP || e->op != KG_OP_EQ)
        continue;
      for (int side = 0; side < 2; side++)
        {
          KgAst *prop = kg_ast_child (e, side), *other = kg_ast_child (e, 1 - side);
          KgAst *obj = prop->kind == KG_AST_PROPERTY ? kg_ast_child (prop, 0) : NULL;
          if (obj == NULL || obj->kind != KG_AST_VARIABLE || g_strcmp0 (obj->name, np->name) != 0 ||
              obj->slot != np->slot || !seekable (m, scope, other) || (hash && kg_expr_is_constant (other)))
            continue;
          KgSymbol k = kg_graph_lookup (g, KG_SYM_KEY, prop->name);
          for (guint l = 0; k != KG_NONE && l < kg_ast_n_names (np); l++)
            {
              KgSymbol ls = kg_graph_lookup (g, KG_SYM_LABEL, kg_ast_name_at (np, l));
              if (ls != KG_NONE && (hash || kg_graph_has_index (g, ls, k)))
                {
                  *key = prop->name;
                  *value = other;
                  *label_index = (int) l;
                  *conjunct = c;
                  return TRUE;
                }
            }
        }
    }
  return FALSE;
}

/* A WHERE conjunct `id(v) = value` or `elementId(v) = value` (either way round) for the
 * variable of node pattern @np, with a seekable value: the value, which function, and
 * the conjunct (which stays a Filter: the seek only finds the candidate). */
static gboolean
where_id (KgMatchState *m, KgScope *scope, const KgAst *np, KgAst **value, gboolean *element, KgPending **conjunct)
{
  const KgFunction *fn_id = kg_function_lookup ("id");
  const KgFunction *fn_element_id = kg_function_lookup ("elementId");
  if (m->pending == NULL || np->name == NULL)
    return FALSE;
  for (guint i = 0; i < m->pending->len; i++)
    {
      KgPending *c = g_ptr_array_index (m->pending, i);
      KgAst *e = c->expr;
      if (c->placed || c->late || e->kind != KG_AST_BINARY_OP || e->op != KG_OP_EQ)
        continue;
      for (int side = 0; side < 2; side++)
        {
          KgAst *call = kg_ast_child (e, side), *other = kg_ast_child (e, 1 - side);
          if (call->kind != KG_AST_FUNCTION_CALL || call->function == NULL ||
              (call->function != fn_id && call->function != fn_element_id) || kg_ast_n_children (call) != 1)
            continue;
          KgAst *arg = kg_ast_child (call, 0);
          if (arg == NULL || arg->kind != KG_AST_VARIABLE || g_strcmp0 (arg->name, np->name) != 0 ||
              arg->slot != np->slot || !seekable (m, scope, other))
            continue;
          *value = other;
          *element = call->function == fn_element_id;
          *conjunct = c;
          return TRUE;
        }
    }
  return FALSE;
}

/* A node pattern's check, with the label @first moved to the front (the scan label). */
static void
node_check_for (KgEntityCheck *check, KgAst *np, int first)
{
  kg_entity_check_init (check, np, TRUE);
  if (first > 0)
    {
      char *t = check->labels[0];
      check->labels[0] = check->labels[first];
      check->labels[first] = t;
    }
}

static KgDirection
pattern_dir (const KgAst *rel, gboolean left_to_right)
{
  switch (rel->op)
    {
    case KG_AST_DIR_RIGHT:
      return left_to_right ? KG_DIR_OUT : KG_DIR_IN;
    case KG_AST_DIR_LEFT:
      return left_to_right ? KG_DIR_IN : KG_DIR_OUT;
    default:
      return KG_DIR_BOTH;
    }
}

static char *
describe_hop (KgAst *from, KgAst *rel, KgAst *to, gboolean ltr)
{
  GString *s = g_string_new (NULL);
  g_string_append_printf (s, "(%s)", from->name ? from->name : "");
  KgDirection d = pattern_dir (rel, ltr);
  g_string_append (s, d == KG_DIR_IN ? "<-[" : "-[");
  if (rel->name)
    g_string_append (s, rel->name);
  kg_describe_labels (s, rel);
  if (rel->flags & KG_AST_F_VARLENGTH)
    {
      g_string_append_c (s, '*');
      if (rel->min_hops >= 0)
        g_string_append_printf (s, "%" G_GINT64_FORMAT, rel->min_hops);
      g_string_append (s, "..");
      if (rel->max_hops >= 0)
        g_string_append_printf (s, "%" G_GINT64_FORMAT, rel->max_hops);
    }
  g_string_append (s, d == KG_DIR_OUT ? "]->" : "]-");
  g_string_append_printf (s, "(%s", to->name ? to->name : "");
  kg_describe_labels (s, to);
  g_string_append_c (s, ')');
  return g_string_free (s, FALSE);
}

void
kg_plan_expand_spec (KgPlanner *P, KgMatchState *m, KgExpandSpec *spec, KgAst *from, KgAst *rel, KgAst *to, gboolean ltr, gboolean rel_bound_before)
{
  memset (spec, 0, sizeof *spec);
  spec->src_slot = from->slot;
  spec->dst_slot = to->slot;
  spec->into = is_bound (m, to->slot);
  spec->dir = pattern_dir (rel, ltr);
  spec->rel_equal_slot = -1;
  spec->span = rel->span;
  if (rel_bound_before)
    {
      spec->rel_equal_slot = rel->slot;
      spec->rel_slot = kg_binder_new_slot (&P->b);
    }
  else
    spec->rel_slot = rel->slot;
  /* with a dynamic type, every type is followed and the check decides (the static
   * alternatives included) */
  guint nt = kg_ast_has_dynamic_labels (rel) ? 0 : kg_ast_n_names (rel);
  if (nt)
    {
      spec->types = g_new0 (char *, nt + 1);
      spec->type_syms = g_new (KgSymbol, nt);
      for (guint i = 0; i < nt; i++)
        {
          const char *t = kg_ast_name_at (rel, i);
          if (g_strv_contains ((const char *const *) spec->types, t))
            continue;
          spec->types[spec->n_types] = g_strdup (t);
          spec->type_syms[spec->n_types++] = KG_NONE;
        }
    }
  kg_entity_check_init (&spec->rel_check, rel, FALSE);
  kg_entity_check_init (&spec->dst_check, to, TRUE);
  group_slots (m, &spec->distinct_from, &m->rels, FALSE);
  group_slots (m, &spec->distinct_from_lists, &m->lists, TRUE);
  spec->varlength = (rel->flags & KG_AST_F_VARLENGTH) != 0;
  spec->min_hops = rel->min_hops >= 0 ? rel->min_hops : 1;
  spec->max_hops = rel->max_hops;
  spec->reverse_list = !ltr;
  spec->text = describe_hop (from, rel, to, ltr);
}

/* Adds to @spec's prefetch list the keys of the properties `v.key` that @e reads of the
 * variable in @slot. */
static void
collect_prefetch_keys (KgExpandSpec *spec, const KgAst *e, int slot, const char *name)
{
  if (e == NULL)
    return;
  const KgAst *obj = e->kind == KG_AST_PROPERTY ? kg_ast_child (e, 0) : NULL;
  if (obj != NULL && obj->kind == KG_AST_VARIABLE && e->name != NULL &&
      (name != NULL ? g_strcmp0 (obj->name, name) == 0 : obj->slot == slot))
    {
      for (guint i = 0; i < spec->n_prefetch; i++)
        if (strcmp (spec->prefetch_keys[i], e->name) == 0)
          return;
      if (spec->n_prefetch < KG_EXPAND_PREFETCH_KEYS)
        {
          spec->prefetch_keys[spec->n_prefetch] = g_strdup (e->name);
          spec->prefetch_syms[spec->n_prefetch++] = KG_NONE;
        }
      return;
    }
  for (guint i = 0; i < kg_ast_n_children (e); i++)
    collect_prefetch_keys (spec, kg_ast_child (e, i), slot, name);
}

/* Finds in @e a pattern hop of one type from a node pattern named @name: its type and
 * direction (from that node) go into @spec's prefetch_type and prefetch_dir. */
static gboolean
find_later_hop (KgExpandSpec *spec, const KgAst *e, const char *name)
{
  if (e == NULL)
    return FALSE;
  if (e->kind == KG_AST_PATTERN_PART && !(e->flags & (KG_AST_F_SHORTEST | KG_AST_F_ALL_SHORTEST | KG_AST_F_QUANTIFIED)))
    {
      guint n = kg_ast_n_children (e);
      for (guint j = 0; j < n; j += 2)
        {
          const KgAst *np = kg_ast_child (e, j);
          if (np == NULL || g_strcmp0 (np->name, name) != 0)
            continue;
          for (int side = 0; side < 2; side++)
            {
              const KgAst *rel = side == 0 ? (j + 1 < n ? kg_ast_child (e, j + 1) : NULL)
                                           : (j > 0 ? kg_ast_child (e, j - 1) : NULL);
              if (rel == NULL || kg_ast_n_names (rel) != 1 || kg_ast_has_dynamic_labels (rel))
                continue;
              KgDirection d = pattern_dir (rel, side == 0);
              if (d == KG_DIR_BOTH)
                continue;
              spec->prefetch_type = g_strdup (kg_ast_name_at (rel, 0));
              spec->prefetch_type_sym = KG_NONE;
              spec->prefetch_dir = d;
              return TRUE;
            }
        }
      return FALSE;
    }
  for (guint i = 0; i < kg_ast_n_children (e); i++)
    if (find_later_hop (spec, kg_ast_child (e, i), name))
      return TRUE;
  return FALSE;
}

/* Notes on the plan that @rel, a `*` or `*N..` pattern, follows at most the hop limit
 * (one notice, for the first such pattern in the text). */
static void
note_unbounded (KgPlanner *P, const KgAst *rel)
{
  g_autofree char *text = g_strdup_printf ("a variable-length pattern without an upper bound follows at most "
                                           "%u hops (write `*..N` to choose the bound)",
                                           P->exec->max_hops);
  kg_plan_add_notice (P->plan, KG_NOTICE_UNBOUNDED, &rel->span, NULL, NULL, text);
}

static double hop_rows (KgPlanner *P, const KgAst *from, const KgAst *rel, const KgAst *to, gboolean ltr, gboolean into, const KgAst *arrived, KgDirection arrived_dir);
static gboolean element_ready (KgScope *scope, const KgAst *el, GHashTable *bound);
static void defer_unready (KgMatchState *m, KgScope *scope, const KgAst *el, KgEntityCheck *check, int *keep);

/* Whether the last hop of a pattern (over @rel to @to) can be an ExpandCount: the
 * projection after the MATCH only counts rows (m->count_reads), reads neither end of
 * it, counts at most its far node or relationship, and no condition waits for it. */
static gboolean
counts_hop (KgMatchState *m, const KgAst *rel, const KgAst *to, gboolean into, gboolean rel_bound_before)
{
  if (m->count_reads == NULL || into || rel_bound_before || (rel->flags & KG_AST_F_VARLENGTH))
    return FALSE;
  if ((to->name && g_hash_table_contains (m->count_reads, to->name)) ||
      (rel->name && g_hash_table_contains (m->count_reads, rel->name)))
    return FALSE;
  GHashTableIter it;
  gpointer name;
  g_hash_table_iter_init (&it, m->count_vars);
  while (g_hash_table_iter_next (&it, &name, NULL))
    if (g_strcmp0 (name, to->name) != 0 && g_strcmp0 (name, rel->name) != 0)
      return FALSE; /* count(x) of an earlier variable, which may be null */
  for (guint i = 0; m->pending != NULL && i < m->pending->len; i++)
    if (!((KgPending *) g_ptr_array_index (m->pending, i))->placed)
      return FALSE; /* a condition that waits for this hop */
  return TRUE;
}

/* Plans one hop; @arrived: the relationship pattern @from was reached by in this part
 * (in direction @arrived_dir), or NULL, for the estimate; @last: it is the last hop of
 * the pattern, which may be counted instead of expanded (see counts_hop()). */
static KgOp *
plan_hop (KgPlanner *P, KgMatchState *m, KgScope *scope, KgOp *op, KgAst *from, KgAst *rel, KgAst *to, gboolean ltr, const KgAst *arrived, KgDirection arrived_dir, gboolean last)
{
  gboolean rel_bound_before = is_bound (m, rel->slot);
  if (last && element_ready (scope, rel, m->bound) && element_ready (scope, to, m->bound) &&
      counts_hop (m, rel, to, is_bound (m, to->slot), rel_bound_before))
    {
      /* each row stays one row with its number of matches; the estimate is of the
       * matches, which the aggregation counts */
      m->rows *= hop_rows (P, from, rel, to, ltr, FALSE, arrived, arrived_dir);
      KgExpandSpec spec;
      kg_plan_expand_spec (P, m, &spec, from, rel, to, ltr, FALSE);
      P->weight_slot = kg_binder_new_slot (&P->b);
      op = kg_op_expand_count_new (P->exec, op, &spec, P->weight_slot);
      op->est_rows = m->rows;
      add_rel (m, rel->slot, FALSE);
      set_bound (m, to->slot);
      set_bound (m, rel->slot);
      return op;
    }
  m->rows *= hop_rows (P, from, rel, to, ltr, is_bound (m, to->slot), arrived, arrived_dir);
  KgExpandSpec spec;
  kg_plan_expand_spec (P, m, &spec, from, rel, to, ltr, rel_bound_before);
  if (!spec.varlength)
    defer_unready (m, scope, rel, &spec.rel_check, NULL);
  defer_unready (m, scope, to, &spec.dst_check, NULL);
  gboolean varlength = spec.varlength;
  int rel_slot = spec.rel_slot;
  /* The conditions still waiting are placed as soon as their slots are bound: the
   * properties they read of the far node are read right after this hop. Then those
   * the later clauses read of a variable of that name (a hint only: a name the later
   * clauses bind anew costs a useless prefetch, no more). */
  if (!varlength && !spec.into && to->slot >= 0)
    {
      for (guint i = 0; m->pending != NULL && i < m->pending->len; i++)
        {
          const KgPending *pd = g_ptr_array_index (m->pending, i);
          if (!pd->placed)
            collect_prefetch_keys (&spec, pd->expr, to->slot, NULL);
        }
      for (guint i = P->later_from; to->name != NULL && P->later != NULL && i < kg_ast_n_children (P->later); i++)
        collect_prefetch_keys (&spec, kg_ast_child (P->later, i), -1, to->name);
      for (guint i = P->later_from; to->name != NULL && P->later != NULL && i < kg_ast_n_children (P->later); i++)
        if (find_later_hop (&spec, kg_ast_child (P->later, i), to->name))
          break;
    }
  if (varlength && rel->max_hops < 0)
    note_unbounded (P, rel);
  if (varlength)
    op = kg_op_var_expand_new (P->exec, op, &spec);
  else
    op = kg_op_expand_new (P->exec, op, &spec);
  op->est_rows = m->rows;
  add_rel (m, rel_slot, varlength);
  set_bound (m, to->slot);
  set_bound (m, rel->slot);
  return op;
}

/* --- Estimates ------------------------------------------------------------------- */

/* The estimates follow the usual cardinality model: a scan yields the nodes of its
 * label (times the share its inline properties keep), a hop multiplies the rows by the
 * average degree of the nodes it leaves (graph/stats.h: per type, direction and label
 * of the node left; the degree of a node reached through the same kind of relationship
 * when the hop goes back the way the pattern came) and by the share of far nodes that
 * carry the far pattern's labels; a hop into a bound node keeps the share of rows that
 * have the relationship; a WHERE conjunct keeps its selectivity (an equality 1 / the
 * distinct values of the property, a range what the histogram says, anything else
 * half). The cost of a plan is the sum of the rows every step produces. */

static KgStats *
planner_stats (KgPlanner *P)
{
  if (P->stats == NULL)
    P->stats = kg_graph_stats (P->exec->graph);
  return P->stats;
}

static gboolean
in_set (GHashTable *set, int slot)
{
  return g_hash_table_contains (set, GINT_TO_POINTER (slot + 1));
}

/* A label the nodes in @slot carry, known from pattern @np (nullable) or from the
 * binder's facts: KG_NONE when none is known. */
static KgSymbol
slot_label (KgPlanner *P, const KgAst *np, int slot)
{
  KgGraph *g = P->exec->graph;
  for (guint i = 0; np != NULL && i < kg_ast_n_names (np); i++)
    {
      KgSymbol l = kg_graph_lookup (g, KG_SYM_LABEL, kg_ast_name_at (np, i));
      if (l != KG_NONE)
        return l;
    }
  const char *name = slot >= 0 && P->b.slot_labels ? g_hash_table_lookup (P->b.slot_labels, GINT_TO_POINTER (slot + 1)) : NULL;
  return name ? kg_graph_lookup (g, KG_SYM_LABEL, name) : KG_NONE;
}

/* The share of the nodes of label @label that pass node pattern @np's inline properties. */
static double
props_share (KgPlanner *P, const KgAst *np, KgSymbol label)
{
  KgAst *props = kg_ast_child ((KgAst *) np, 0);
  if (props == NULL)
    return 1.0;
  if (props->kind != KG_AST_MAP)
    return 0.1; /* a map parameter */
  double f = 1.0;
  for (guint j = 0; j < kg_ast_n_children (props); j++)
    {
      KgSymbol k = kg_graph_lookup (P->exec->graph, KG_SYM_KEY, kg_ast_name_at (props, j));
      f *= k == KG_NONE ? 0.0 : kg_stats_eq_selectivity (planner_stats (P), label, k);
    }
  return f;
}

/* Estimated nodes matching node pattern @np on its own (labels and inline properties). */
static double
node_rows (KgPlanner *P, const KgAst *np)
{
  KgGraph *g = P->exec->graph;
  double n = kg_graph_n_nodes (g), rows = n;
  KgSymbol first = KG_NONE;
  for (guint i = 0; i < kg_ast_n_names (np); i++)
    {
      KgSymbol l = kg_graph_lookup (g, KG_SYM_LABEL, kg_ast_name_at (np, i));
      double c = l == KG_NONE ? 0 : kg_graph_label_count (g, l);
      if (first == KG_NONE)
        {
          first = l;
          rows = c;
        }
      else
        rows *= n > 0 ? c / n : 0;
    }
  return rows * props_share (P, np, first);
}

/* The one property `v.key` @e reads, under any functions of one argument (`lower(v.k)`),
 * with the slot of v: FALSE when it reads something else. */
static gboolean
single_property (const KgAst *e, int *slot, const char **key)
{
  while (e->kind == KG_AST_FUNCTION_CALL && kg_ast_n_children (e) == 1 && kg_ast_child (e, 0))
    e = kg_ast_child (e, 0);
  if (e->kind != KG_AST_PROPERTY || e->name == NULL)
    return FALSE;
  const KgAst *obj = kg_ast_child ((KgAst *) e, 0);
  if (obj == NULL || obj->kind != KG_AST_VARIABLE || obj->slot < 0)
    return FALSE;
  *slot = obj->slot;
  *key = e->name;
  return TRUE;
}

/* Evaluates a constant @e now, for the histogram: FALSE if it cannot be. */
static gboolean
plan_time_value (KgPlanner *P, const KgAst *e, KgValue *out)
{
  if (!kg_expr_is_constant (e) || has_random (e))
    return FALSE;
  KgEvalEnv env = { 0 };
  env.graph = P->exec->graph;
  env.params = P->b.params;
  env.filename = P->b.filename;
  GError *local = NULL;
  if (!kg_expr_eval (&env, e, out, &local))
    {
      g_clear_error (&local);
      kg_value_clear (out);
      return FALSE;
    }
  return TRUE;
}

/* Whether conjunct @e is `v.k <op> constant` (either way round) on a property: its
 * variable's slot and key, and whether it bounds the property from above. */
static gboolean
range_conjunct (const KgAst *e, int *slot, const char **key, gboolean *upper)
{
  if (e->kind != KG_AST_BINARY_OP || e->op < KG_OP_LT || e->op > KG_OP_GE || !kg_ast_child (e, 0) || !kg_ast_child (e, 1))
    return FALSE;
  for (int side = 0; side < 2; side++)
    {
      const KgAst *prop = kg_ast_child ((KgAst *) e, side);
      if (prop->kind != KG_AST_PROPERTY || !kg_expr_is_constant (kg_ast_child ((KgAst *) e, 1 - side)) ||
          !single_property (prop, slot, key))
        continue;
      gboolean lt = e->op == KG_OP_LT || e->op == KG_OP_LE;
      *upper = side == 0 ? lt : !lt;
      return TRUE;
    }
  return FALSE;
}

static double conjunct_selectivity_1 (KgPlanner *P, KgPending *c);

/* The estimated share of rows conjunct @c keeps. Two ranges on one property, a lower
 * and an upper bound (`x >= lo AND x < hi`), are not independent: the second keeps
 * (P(x >= lo) + P(x < hi) - 1) / P(x >= lo), what is left of the interval. */
static double
conjunct_selectivity (KgPlanner *P, KgMatchState *m, KgPending *c)
{
  if (c->sel >= 0)
    return c->sel;
  double sel = conjunct_selectivity_1 (P, c);
  int slot, pslot;
  const char *key, *pkey;
  gboolean upper, pupper;
  if (m != NULL && m->pending != NULL && range_conjunct (c->expr, &slot, &key, &upper))
    for (guint i = 0; i < m->pending->len; i++)
      {
        KgPending *p = g_ptr_array_index (m->pending, i);
        if (p == c)
          break;
        if (range_conjunct (p->expr, &pslot, &pkey, &pupper) && pslot == slot && strcmp (pkey, key) == 0 && pupper != upper)
          {
            double ps = conjunct_selectivity_1 (P, p);
            double joint = MAX (ps + sel - 1.0, MIN (ps, sel) * 0.01);
            sel = ps > 0 ? MIN (1.0, joint / ps) : sel;
            break;
          }
      }
  c->sel = sel;
  return sel;
}

/* The share of rows `v.k IN list` or `v.k STARTS WITH prefix` keeps, for a constant
 * list or prefix: as many equalities as the list has elements (at most all the rows), or
 * the histogram's share of the interval [prefix, the next prefix). Below 0 when @e is
 * neither. */
static double
list_prefix_selectivity (KgPlanner *P, const KgAst *e)
{
  int slot;
  const char *key;
  if (e->kind != KG_AST_BINARY_OP || (e->op != KG_OP_IN && e->op != KG_OP_STARTS_WITH) || !kg_ast_child (e, 0) ||
      !kg_ast_child (e, 1) || !single_property (kg_ast_child ((KgAst *) e, 0), &slot, &key))
    return -1;
  KgGraph *g = P->exec->graph;
  KgSymbol label = slot_label (P, NULL, slot), k = kg_graph_lookup (g, KG_SYM_KEY, key);
  if (k == KG_NONE)
    return 0.0;
  KgValue v = KG_VALUE_INIT;
  if (!plan_time_value (P, kg_ast_child ((KgAst *) e, 1), &v))
    return e->op == KG_OP_IN ? MIN (1.0, 3 * kg_stats_eq_selectivity (planner_stats (P), label, k)) : 0.1;
  double sel = 0.0;
  if (e->op == KG_OP_IN)
    {
      if (v.type == KG_VALUE_LIST)
        sel = MIN (1.0, v.u.list->len * kg_stats_eq_selectivity (planner_stats (P), label, k));
    }
  else if (v.type == KG_VALUE_STRING)
    {
      /* the strings from the prefix up to (not with) the prefix with its last byte
       * raised: those that start with it */
      gsize n = strlen (v.u.s);
      while (n > 0 && (guchar) v.u.s[n - 1] == 0xff)
        n--;
      if (n == 0)
        sel = 1.0;
      else
        {
          g_autofree char *up = g_strndup (v.u.s, n);
          up[n - 1] = (char) ((guchar) up[n - 1] + 1);
          KgValue hi = kg_value_string (up);
          sel = kg_stats_range_selectivity (planner_stats (P), label, k, &v, TRUE, &hi, FALSE);
          kg_value_clear (&hi);
        }
    }
  kg_value_clear (&v);
  return sel;
}

/* The share of rows conjunct @c keeps on its own. */
static double
conjunct_selectivity_1 (KgPlanner *P, KgPending *c)
{
  const KgAst *e = c->expr;
  double sel = 0.5;
  KgGraph *g = P->exec->graph;
  double lp = list_prefix_selectivity (P, e);
  if (lp >= 0)
    return CLAMP (lp, 0.0, 1.0);
  if (e->kind == KG_AST_BINARY_OP && e->op >= KG_OP_EQ && e->op <= KG_OP_GE && kg_ast_child (e, 0) &&
      kg_ast_child (e, 1))
    {
      for (int side = 0; side < 2; side++)
        {
          int slot;
          const char *key;
          KgAst *other = kg_ast_child ((KgAst *) e, 1 - side);
          if (!single_property (kg_ast_child ((KgAst *) e, side), &slot, &key))
            continue;
          KgSymbol label = slot_label (P, NULL, slot), k = kg_graph_lookup (g, KG_SYM_KEY, key);
          if (e->op == KG_OP_EQ)
            {
              sel = k == KG_NONE ? 0.0 : kg_stats_eq_selectivity (planner_stats (P), label, k);
              break;
            }
          if (e->op == KG_OP_NE)
            {
              sel = 0.9;
              break;
            }
          KgValue v = KG_VALUE_INIT;
          if (k == KG_NONE || kg_ast_child ((KgAst *) e, side)->kind != KG_AST_PROPERTY || !plan_time_value (P, other, &v))
            {
              sel = 1.0 / 3;
              break;
            }
          /* `v.k < x` as written, or `x < v.k` read the other way */
          int op = e->op;
          if (side == 1)
            op = op == KG_OP_LT ? KG_OP_GT : op == KG_OP_LE ? KG_OP_GE
                                         : op == KG_OP_GT   ? KG_OP_LT
                                                            : KG_OP_LE;
          gboolean upper = op == KG_OP_LT || op == KG_OP_LE, incl = op == KG_OP_LE || op == KG_OP_GE;
          sel = kg_stats_range_selectivity (planner_stats (P), label, k, upper ? NULL : &v, incl, upper ? &v : NULL, incl);
          kg_value_clear (&v);
          break;
        }
    }
  return CLAMP (sel, 0.0, 1.0);
}

static KgDirection
reverse_dir (KgDirection d)
{
  return d == KG_DIR_OUT ? KG_DIR_IN : d == KG_DIR_IN ? KG_DIR_OUT
                                                      : KG_DIR_BOTH;
}

/* The relationship types of @rel the graph knows; *@any when @rel names none. */
static guint
rel_types (KgPlanner *P, const KgAst *rel, KgSymbol *out, guint max, gboolean *any)
{
  guint n = 0;
  /* a dynamic type may be any type: estimated as all of them */
  *any = kg_ast_n_names (rel) == 0 || kg_ast_has_dynamic_labels (rel);
  for (guint i = 0; !*any && i < kg_ast_n_names (rel) && n < max; i++)
    {
      KgSymbol t = kg_graph_lookup (P->exec->graph, KG_SYM_TYPE, kg_ast_name_at (rel, i));
      if (t != KG_NONE)
        out[n++] = t;
    }
  return n;
}

/* The degree of one type and direction at a node like @from (label @label, reached in
 * this pattern over @arrived in @arrived_dir, or NULL). */
static double
type_degree (KgPlanner *P, KgSymbol t, KgDirection dir, KgSymbol label, const KgAst *arrived, KgDirection arrived_dir)
{
  KgStats *s = planner_stats (P);
  if (dir == KG_DIR_BOTH)
    return type_degree (P, t, KG_DIR_OUT, label, arrived, arrived_dir) + type_degree (P, t, KG_DIR_IN, label, arrived, arrived_dir);
  if (arrived != NULL && reverse_dir (arrived_dir) == dir && !(arrived->flags & KG_AST_F_VARLENGTH))
    {
      /* back over the kind of relationship the pattern came by: the node was reached
       * in proportion to its degree of that kind */
      gboolean same = kg_ast_n_names (arrived) == 0 && t == KG_NONE;
      for (guint i = 0; !same && i < kg_ast_n_names (arrived); i++)
        same = kg_graph_lookup (P->exec->graph, KG_SYM_TYPE, kg_ast_name_at (arrived, i)) == t;
      if (same)
        return kg_stats_reached_degree (s, t, dir);
    }
  if (label != KG_NONE || arrived == NULL)
    return kg_stats_avg_degree (s, t, dir, label); /* over all nodes of the label, or all nodes */
  /* a node of no known label reached over another hop: one of the nodes that have
   * relationships of this kind, most likely */
  const KgDegreeStats *d = kg_stats_degree (s, t, dir);
  return d && d->nodes ? (double) d->rels / d->nodes : 0.0;
}

/* Estimated relationships per row a hop from @from over @rel (toward @to, @ltr) yields
 * before the far node's checks. */
static double
hop_fanout (KgPlanner *P, const KgAst *from, const KgAst *rel, gboolean ltr, const KgAst *arrived, KgDirection arrived_dir)
{
  KgSymbol types[16];
  gboolean any;
  guint nt = rel_types (P, rel, types, G_N_ELEMENTS (types), &any);
  KgDirection dir = pattern_dir (rel, ltr);
  KgSymbol label = slot_label (P, from, from->slot);
  double f = 0;
  if (any)
    f = type_degree (P, KG_NONE, dir, label, arrived, arrived_dir);
  for (guint i = 0; i < nt; i++)
    f += type_degree (P, types[i], dir, label, arrived, arrived_dir);
  if (rel->flags & KG_AST_F_VARLENGTH)
    {
      /* paths of every allowed length (the first few: longer ones are rarely the
       * difference between two plans) */
      gint64 lo = rel->min_hops >= 0 ? rel->min_hops : 1;
      gint64 hi = rel->max_hops >= 0 ? MIN (rel->max_hops, lo + 3) : lo + 2;
      double sum = 0, p = 1;
      for (gint64 h = 0; h <= hi; h++, p *= f)
        if (h >= lo)
          sum += p;
      f = MIN (sum, 1e12);
    }
  return f;
}

/* The share of the nodes reached over @rel (in @dir from the near end) that pass node
 * pattern @to's labels and inline properties. */
static double
far_share (KgPlanner *P, const KgAst *rel, KgDirection dir, const KgAst *to)
{
  KgGraph *g = P->exec->graph;
  KgStats *s = planner_stats (P);
  KgSymbol types[2];
  gboolean any;
  guint nt = rel_types (P, rel, types, 2, &any);
  gboolean one = nt == 1 && !any && kg_ast_n_names (rel) == 1 && !(rel->flags & KG_AST_F_VARLENGTH);
  double n = MAX (1.0, kg_graph_n_nodes (g)), share = 1.0;
  KgSymbol first = KG_NONE;
  for (guint i = 0; i < kg_ast_n_names (to); i++)
    {
      KgSymbol l = kg_graph_lookup (g, KG_SYM_LABEL, kg_ast_name_at (to, i));
      if (l == KG_NONE)
        return 0.0;
      if (first == KG_NONE)
        first = l;
      if (one && dir != KG_DIR_BOTH)
        share *= kg_stats_end_label_share (s, types[0], reverse_dir (dir), l);
      else if (one)
        share *= (kg_stats_end_label_share (s, types[0], KG_DIR_IN, l) + kg_stats_end_label_share (s, types[0], KG_DIR_OUT, l)) / 2;
      else
        share *= kg_graph_label_count (g, l) / n;
    }
  return share * props_share (P, to, first);
}

/* How many nodes a node in @to's slot could be: for the share of rows in which a hop
 * meets one particular bound node. */
static double
population (KgPlanner *P, const KgAst *to)
{
  KgSymbol l = slot_label (P, to, to->slot);
  return MAX (1.0, l != KG_NONE ? kg_graph_label_count (P->exec->graph, l) : kg_graph_n_nodes (P->exec->graph));
}

/* The rows per input row of one hop and its far node's checks; @into: the far node is
 * bound, and the share of rows that have the relationship is kept. */
static double
hop_rows (KgPlanner *P, const KgAst *from, const KgAst *rel, const KgAst *to, gboolean ltr, gboolean into, const KgAst *arrived, KgDirection arrived_dir)
{
  double f = hop_fanout (P, from, rel, ltr, arrived, arrived_dir);
  if (into)
    return MIN (1.0, f / population (P, to)) * (kg_ast_child ((KgAst *) to, 0) ? props_share (P, to, slot_label (P, to, to->slot)) : 1.0);
  return f * far_share (P, rel, pattern_dir (rel, ltr), to);
}

/* The estimated groups of an aggregation of @in_rows rows by @n_keys grouping keys: a
 * key `v.k` takes the distinct values of k over v's label, a node variable the nodes of
 * its label, anything else as many values as rows; the product D of those is drawn
 * from by the rows, which meet about D (1 - e^(-rows / D)) of them. */
double
kg_plan_groups_estimate (KgPlanner *P, KgAst *const *keys, guint n_keys, double in_rows)
{
  if (n_keys == 0)
    return 1.0;
  KgGraph *g = P->exec->graph;
  double d = 1.0;
  for (guint i = 0; i < n_keys && d < in_rows; i++)
    {
      const KgAst *e = keys[i];
      int slot;
      const char *key;
      double k = in_rows;
      if (e->kind == KG_AST_PROPERTY && single_property (e, &slot, &key))
        {
          KgSymbol l = slot_label (P, NULL, slot), ks = kg_graph_lookup (g, KG_SYM_KEY, key);
          const KgPropStats *ps = l != KG_NONE && ks != KG_NONE ? kg_stats_prop (planner_stats (P), l, ks) : NULL;
          if (ps != NULL && ps->distinct >= 1)
            k = ps->distinct;
        }
      else if (e->kind == KG_AST_VARIABLE && e->slot >= 0)
        {
          KgSymbol l = slot_label (P, NULL, e->slot);
          if (l != KG_NONE)
            k = MAX (1.0, kg_graph_label_count (g, l));
        }
      d *= k;
    }
  if (in_rows <= 0)
    return 0.0;
  if (d >= in_rows * 1e6)
    return in_rows;
  /* at least one group when there is a row */
  return MIN (in_rows, MAX (MIN (1.0, in_rows), d * -expm1 (-in_rows / d)));
}

/* --- Choosing a scan --------------------------------------------------------------- */

/* How to find the nodes of an unbound node pattern: the kind of scan or seek, what it
 * seeks, and the estimated nodes it visits (work) and keeps (rows). */
typedef struct
{
  double work, rows;
  KgScanKind kind;
  int prop, label;
  const char *seek_key; /* an index seek on a WHERE equality */
  KgAst *seek_value;
  KgPending *seek_conjunct;
  KgAst *id_value; /* a seek by id */
  gboolean id_element;
  const char *range_key; /* an index range seek on WHERE bounds of this key */
  KgAst *range_lo, *range_hi;
  gboolean lo_incl, hi_incl;
  KgPending *range_conj[2]; /* the conjuncts of the bounds (NULL for none) */
  gboolean hash;            /* the seek on seek_key goes through a HashSeek's table */
} ScanChoice;

/* Whether conjunct @c is `v.key <op> value` (either way round) on node pattern @np's
 * variable with a seekable value: the key, the value, and whether it is an upper
 * bound and inclusive. */
static gboolean
bound_conjunct (KgMatchState *m, KgScope *scope, const KgAst *np, KgPending *c, const char **key, KgAst **value, gboolean *upper, gboolean *incl)
{
  KgAst *e = c->expr;
  if (c->placed || c->late || e->kind != KG_AST_BINARY_OP || e->op < KG_OP_LT || e->op > KG_OP_GE)
    return FALSE;
  for (int side = 0; side < 2; side++)
    {
      KgAst *prop = kg_ast_child (e, side), *other = kg_ast_child (e, 1 - side);
      KgAst *obj = prop && prop->kind == KG_AST_PROPERTY ? kg_ast_child (prop, 0) : NULL;
      if (obj == NULL || other == NULL || obj->kind != KG_AST_VARIABLE || g_strcmp0 (obj->name, np->name) != 0 ||
          obj->slot != np->slot || !seekable (m, scope, other))
        continue;
      gboolean lt = e->op == KG_OP_LT || e->op == KG_OP_LE;
      *upper = side == 0 ? lt : !lt;
      *incl = e->op == KG_OP_LE || e->op == KG_OP_GE;
      *key = prop->name;
      *value = other;
      return TRUE;
    }
  return FALSE;
}

/* WHERE bounds on an indexed key of node pattern @np (`v.k >= lo AND v.k < hi`, or one
 * of them): fills @sc's range fields and label for the first such key (the first of its
 * labels with an index on it). FALSE if there are none. */
static gboolean
where_range (KgPlanner *P, KgMatchState *m, KgScope *scope, const KgAst *np, ScanChoice *sc)
{
  KgGraph *g = P->exec->graph;
  if (m->pending == NULL || np->slot < 0 || np->name == NULL || kg_ast_n_names (np) == 0)
    return FALSE;
  for (guint i = 0; i < m->pending->len; i++)
    {
      const char *key;
      KgAst *value;
      gboolean upper, incl;
      if (!bound_conjunct (m, scope, np, g_ptr_array_index (m->pending, i), &key, &value, &upper, &incl))
        continue;
      KgSymbol k = kg_graph_lookup (g, KG_SYM_KEY, key);
      int label = -1;
      for (guint l = 0; k != KG_NONE && l < kg_ast_n_names (np) && label < 0; l++)
        {
          KgSymbol ls = kg_graph_lookup (g, KG_SYM_LABEL, kg_ast_name_at (np, l));
          if (ls != KG_NONE && kg_graph_has_index (g, ls, k))
            label = (int) l;
        }
      if (label < 0)
        continue;
      sc->range_key = key;
      sc->label = label;
      sc->range_conj[0] = sc->range_conj[1] = NULL;
      for (guint j = i; j < m->pending->len; j++)
        {
          const char *key2;
          KgAst *value2;
          gboolean upper2, incl2;
          KgPending *c = g_ptr_array_index (m->pending, j);
          if (!bound_conjunct (m, scope, np, c, &key2, &value2, &upper2, &incl2) || strcmp (key2, key) != 0 ||
              sc->range_conj[upper2] != NULL)
            continue;
          sc->range_conj[upper2] = c;
          if (upper2)
            {
              sc->range_hi = value2;
              sc->hi_incl = incl2;
            }
          else
            {
              sc->range_lo = value2;
              sc->lo_incl = incl2;
            }
        }
      return TRUE;
    }
  return FALSE;
}

/* Estimated input rows from which a HashSeek beats scanning the label for each: its
 * table costs a few scans' work to build (hashing every node's value), then each row
 * walks only the nodes of its value. */
#define HASH_SEEK_ROWS 4.0

/* How to find the nodes of @np for each of @in_rows estimated input rows. */
static void
choose_scan (KgPlanner *P, KgMatchState *m, KgScope *scope, KgAst *np, ScanChoice *sc, double in_rows)
{
  memset (sc, 0, sizeof *sc);
  double rows = node_rows (P, np);
  KgGraph *g = P->exec->graph;
  double cands = anchor_cost (P, m, scope, np, &sc->kind, &sc->prop, &sc->label);
  const char *wkey;
  KgAst *wvalue;
  int wlabel;
  KgPending *wconjunct;
  gboolean welement;
  if (where_id (m, scope, np, &wvalue, &welement, &wconjunct))
    {
      sc->id_value = wvalue;
      sc->id_element = welement;
      sc->work = 1;
      sc->rows = MIN (1.0, rows);
      return;
    }
  if (sc->kind == KG_SCAN_INDEX)
    {
      sc->work = rows;
      sc->rows = rows;
      return;
    }
  gboolean hash = FALSE;
  if (where_index (P, m, scope, np, &wkey, &wvalue, &wlabel, &wconjunct, FALSE) ||
      (P->read_only && in_rows >= HASH_SEEK_ROWS &&
       (hash = where_index (P, m, scope, np, &wkey, &wvalue, &wlabel, &wconjunct, TRUE))))
    {
      KgSymbol l = kg_graph_lookup (g, KG_SYM_LABEL, kg_ast_name_at (np, wlabel));
      KgSymbol k = kg_graph_lookup (g, KG_SYM_KEY, wkey);
      sc->kind = KG_SCAN_INDEX;
      sc->prop = -1;
      sc->label = wlabel;
      sc->seek_key = wkey;
      sc->seek_value = wvalue;
      sc->seek_conjunct = wconjunct;
      sc->rows = rows * kg_stats_eq_selectivity (planner_stats (P), l, k);
      sc->work = sc->rows;
      sc->hash = hash;
      if (hash) /* the table's build, shared out over the input rows */
        sc->work += 3.0 * kg_graph_label_count (g, l) / MAX (in_rows, 1.0);
      return;
    }
  (void) cands;
  ScanChoice rc = *sc;
  if (where_range (P, m, scope, np, &rc))
    {
      /* the bounds keep what the histogram says (as one interval when both are given) */
      double sel = 1.0;
      for (int b = 0; b < 2; b++)
        if (rc.range_conj[b])
          sel *= conjunct_selectivity (P, m, rc.range_conj[b]);
      KgSymbol l = kg_graph_lookup (g, KG_SYM_LABEL, kg_ast_name_at (np, rc.label));
      double label_nodes = kg_graph_label_count (g, l);
      /* a seek visits the nodes in range and sorts them by id; below half the label,
       * it is cheaper than a scan */
      if (sel < 0.5)
        {
          *sc = rc;
          sc->kind = KG_SCAN_LABEL;
          sc->prop = -1;
          sc->rows = rows * sel;
          sc->work = label_nodes * sel;
          return;
        }
    }
  sc->work = sc->kind == KG_SCAN_ALL ? kg_graph_n_nodes (g) : kg_graph_label_count (g, kg_graph_lookup (g, KG_SYM_LABEL, kg_ast_name_at (np, sc->label)));
  sc->rows = rows;
}

/* --- Simulating a part's plan -------------------------------------------------------- */

/* The conjuncts not placed yet whose slots are all in @bound, not yet counted (@done). */
static double
ready_selectivity (KgPlanner *P, KgMatchState *m, GHashTable *bound, gboolean *done)
{
  double f = 1.0;
  for (guint i = 0; m->pending != NULL && i < m->pending->len; i++)
    {
      KgPending *c = g_ptr_array_index (m->pending, i);
      if (done[i] || c->placed || c->late)
        continue;
      gboolean ready = TRUE;
      for (guint d = 0; d < c->deps.n && ready; d++)
        ready = in_set (bound, c->deps.v[d]);
      if (ready)
        {
          done[i] = TRUE;
          f *= conjunct_selectivity (P, m, c);
        }
    }
  return f;
}

/* Whether the variables that pattern element @el's property map reads (other than @el
 * itself) are all in @bound: `(c:City {id: p.id % 29})` can be scanned or reached only
 * once p is bound. */
static gboolean
element_ready (KgScope *scope, const KgAst *el, GHashTable *bound)
{
  KgAst *props = kg_ast_child (el, 0);
  if (props == NULL)
    return TRUE;
  KgPending c = { 0 };
  conjunct_deps (props, scope, &c);
  gboolean ok = TRUE;
  for (guint d = 0; d < c.deps.n && ok; d++)
    ok = c.deps.v[d] == el->slot || in_set (bound, c.deps.v[d]);
  kg_slots_clear (&c.deps);
  return ok;
}

/* An element's inline properties checked after the whole pattern (defer_unready). */
typedef struct
{
  int slot;
  char *var;
  KgEntityCheck check;
} DeferredCheck;

static void
deferred_free (gpointer p)
{
  DeferredCheck *d = p;
  g_free (d->var);
  kg_entity_check_clear (&d->check);
  g_free (d);
}

/* Moves out of @check, made for element @el, the properties whose values read slots not
 * bound yet, to be checked once the whole pattern is bound. Only maps that read each
 * other get here: otherwise the parts are ordered so that what a map reads is bound
 * first. *@keep (nullable), an index into the properties, follows its property. */
static void
defer_unready (KgMatchState *m, KgScope *scope, const KgAst *el, KgEntityCheck *check, int *keep)
{
  DeferredCheck *d = NULL;
  guint w = 0;
  int kept = keep ? *keep : -1;
  for (guint i = 0; i < check->n_props; i++)
    {
      KgPending c = { 0 };
      conjunct_deps (check->props[i].expr, scope, &c);
      gboolean ready = TRUE;
      for (guint k = 0; k < c.deps.n && ready; k++)
        ready = c.deps.v[k] == el->slot || is_bound (m, c.deps.v[k]);
      kg_slots_clear (&c.deps);
      if (ready || (int) i == kept)
        {
          if ((int) i == kept)
            *keep = (int) w;
          check->props[w++] = check->props[i];
          continue;
        }
      if (d == NULL)
        {
          d = g_new0 (DeferredCheck, 1);
          d->slot = el->slot;
          d->var = g_strdup (el->name);
          d->check.span = check->span;
          d->check.props = g_new0 (KgPropCheck, check->n_props);
          if (m->deferred == NULL)
            m->deferred = g_ptr_array_new_with_free_func (deferred_free);
          g_ptr_array_add (m->deferred, d);
        }
      d->check.props[d->check.n_props++] = check->props[i];
    }
  check->n_props = w;
}

/* The estimated cost (rows produced by each step, summed) of planning @part from its
 * element @anchor when the slots in @bound are bound and @rows rows come in; the rows
 * out go to *@rows_out and @bound gets the part's slots. */
static double
simulate_part (KgPlanner *P, KgMatchState *m, KgScope *scope, KgAst *part, guint anchor, GHashTable *bound, double rows, double *rows_out)
{
  guint n = kg_ast_n_children (part), k = n / 2;
  KgAst **el = (KgAst **) part->children->pdata;
  guint np_ = m->pending ? m->pending->len : 0;
  gboolean *done = g_new0 (gboolean, np_ + 1);
  ready_selectivity (P, m, bound, done); /* what is ready now was counted before */
  double cost = 0;
  KgAst *a = el[2 * anchor];
  gboolean ready = element_ready (scope, a, bound);
  if (!in_set (bound, a->slot))
    {
      ScanChoice sc;
      choose_scan (P, m, scope, a, &sc, rows);
      cost += rows * sc.work;
      rows *= sc.rows;
      g_hash_table_add (bound, GINT_TO_POINTER (a->slot + 1));
      KgPending *found[3] = { sc.seek_conjunct, sc.range_conj[0], sc.range_conj[1] };
      for (guint f = 0; f < G_N_ELEMENTS (found); f++)
        {
          guint idx;
          if (found[f] && g_ptr_array_find (m->pending, found[f], &idx))
            done[idx] = TRUE;
        }
    }
  rows *= ready_selectivity (P, m, bound, done);
  for (int side = 0; side < 2; side++)
    {
      const KgAst *arrived = NULL;
      KgDirection arrived_dir = KG_DIR_BOTH;
      for (guint i = anchor; side == 0 ? i < k : i > 0; side == 0 ? i++ : i--)
        {
          KgAst *from = el[2 * i], *rel = side == 0 ? el[2 * i + 1] : el[2 * i - 1];
          KgAst *to = side == 0 ? el[2 * i + 2] : el[2 * i - 2];
          gboolean ltr = side == 0, into = in_set (bound, to->slot);
          ready = ready && element_ready (scope, rel, bound) && element_ready (scope, to, bound);
          double f = hop_fanout (P, from, rel, ltr, arrived, arrived_dir);
          /* ExpandInto walks the end with fewer relationships */
          cost += rows * (into ? MIN (f, hop_fanout (P, to, rel, !ltr, NULL, KG_DIR_BOTH)) : f);
          rows *= hop_rows (P, from, rel, to, ltr, into, arrived, arrived_dir);
          g_hash_table_add (bound, GINT_TO_POINTER (to->slot + 1));
          g_hash_table_add (bound, GINT_TO_POINTER (rel->slot + 1));
          rows *= ready_selectivity (P, m, bound, done);
          cost += rows;
          arrived = rel;
          arrived_dir = pattern_dir (rel, ltr);
        }
    }
  g_free (done);
  *rows_out = rows;
  /* an element checked before what its properties read is bound would compare with
   * null: never chosen while another order exists */
  return ready ? cost : G_MAXDOUBLE;
}

static GHashTable *
set_copy (GHashTable *set)
{
  GHashTable *c = g_hash_table_new (g_direct_hash, g_direct_equal);
  GHashTableIter it;
  gpointer key;
  g_hash_table_iter_init (&it, set);
  while (g_hash_table_iter_next (&it, &key, NULL))
    g_hash_table_add (c, key);
  return c;
}

/* A later choice replaces an earlier one only when it is this much cheaper: estimates
 * are rough, and between near equals the written order is kept (plans then follow the
 * text, and rows that no ORDER BY fixes keep their order). */
#define TIE 0.9

/* The cheapest anchor of @part given the slots in @bound, with its cost and rows out. */
static guint
best_anchor (KgPlanner *P, KgMatchState *m, KgScope *scope, KgAst *part, GHashTable *bound, double rows, double *cost_out, double *rows_out)
{
  guint k = kg_ast_n_children (part) / 2, best = 0;
  double best_cost = G_MAXDOUBLE, best_rows = rows;
  for (guint i = 0; i <= k; i++)
    {
      GHashTable *b = set_copy (bound);
      double r;
      double c = simulate_part (P, m, scope, part, i, b, rows, &r);
      KgAst *np = kg_ast_child (part, 2 * i);
      /* between equals, start from a node the next projection groups by: its rows then
       * come grouped, which the aggregation exploits; and from the left */
      if (P->prefer && np->name && !in_set (bound, np->slot) &&
          g_ptr_array_find_with_equal_func (P->prefer, np->name, g_str_equal, NULL))
        c *= 0.8;
      if (c < best_cost * TIE)
        {
          best_cost = c;
          best_rows = r;
          best = i;
        }
      g_hash_table_destroy (b);
    }
  *cost_out = best_cost;
  *rows_out = best_rows;
  return best;
}

/* Plans one PATTERN_PART on top of @op. Slots of its elements must be assigned. */
static KgOp *
plan_part (KgPlanner *P, KgMatchState *m, KgOp *op, KgAst *part, KgScope *scope)
{
  guint n = kg_ast_n_children (part);
  guint k = n / 2; /* relationships */
  KgAst **el = (KgAst **) part->children->pdata;
  int path_slot = -1;
  m->group = m->groups ? GPOINTER_TO_UINT (g_hash_table_lookup (m->groups, part)) : 0;
  if (part->name)
    {
      KgVar *pv = kg_scope_lookup (scope, part->name);
      path_slot = pv ? pv->slot : kg_binder_new_slot (&P->b);
    }

  if (part->flags & (KG_AST_F_SHORTEST | KG_AST_F_ALL_SHORTEST))
    {
      g_return_val_if_fail (k == 1, op); /* the binder's rule (check_shortest) */
      for (guint i = 0; i < 3; i += 2)
        if (!is_bound (m, el[i]->slot))
          {
            KgEntityCheck check;
            KgScanKind kind;
            int index_prop, label_index;
            anchor_cost (P, m, scope, el[i], &kind, &index_prop, &label_index);
            node_check_for (&check, el[i], label_index);
            op = kg_op_node_scan_new (P->exec, op, kind, el[i]->slot, el[i]->name, &check, index_prop);
            set_bound (m, el[i]->slot);
          }
        else if (kg_ast_n_names (el[i]) > 0 || kg_ast_child (el[i], 0) || kg_ast_has_dynamic_labels (el[i]))
          {
            KgEntityCheck check;
            kg_entity_check_init (&check, el[i], TRUE);
            op = kg_op_node_check_new (P->exec, op, el[i]->slot, el[i]->name, &check);
          }
      KgExpandSpec spec;
      kg_plan_expand_spec (P, m, &spec, el[0], el[1], el[2], TRUE, FALSE);
      kg_entity_check_clear (&spec.dst_check); /* already checked */
      spec.min_hops = el[1]->min_hops == 0 ? 0 : 1;
      if (!(el[1]->flags & KG_AST_F_VARLENGTH))
        spec.max_hops = 1;
      int rel_slot = spec.rel_slot;
      op = kg_op_shortest_new (P->exec, op, &spec, (part->flags & KG_AST_F_ALL_SHORTEST) != 0, path_slot);
      add_rel (m, rel_slot, TRUE);
      set_bound (m, el[1]->slot);
      if (path_slot >= 0)
        set_bound (m, path_slot);
      return place_filters (P, m, op);
    }

  /* The anchor: the cheapest start by the estimates (a bound node needs no scan); a GQL
   * path pattern starts from its first node (plan-qpp.c). */
  double acost, arows;
  gboolean gql = (part->flags & KG_AST_F_QUANTIFIED) != 0;
  guint anchor = gql ? 0 : best_anchor (P, m, scope, part, m->bound, MAX (m->rows, 1.0), &acost, &arows);
  KgAst *anp = el[2 * anchor];
  if (is_bound (m, anp->slot))
    {
      if (k == 0 || kg_ast_n_names (anp) > 0 || kg_ast_child (anp, 0) || kg_ast_has_dynamic_labels (anp))
        {
          KgEntityCheck check;
          kg_entity_check_init (&check, anp, TRUE);
          defer_unready (m, scope, anp, &check, NULL);
          op = kg_op_node_check_new (P->exec, op, anp->slot, anp->name, &check);
          op->est_rows = m->rows;
        }
      op = place_filters (P, m, op);
    }
  else
    {
      ScanChoice sc;
      choose_scan (P, m, scope, anp, &sc, MAX (m->rows, 1.0));
      KgEntityCheck check;
      node_check_for (&check, anp, sc.id_value ? -1 : sc.label);
      defer_unready (m, scope, anp, &check, &sc.prop);
      if (sc.id_value != NULL)
        op = kg_op_node_by_id_new (P->exec, op, anp->slot, anp->name, &check, sc.id_value, sc.id_element);
      else if (sc.range_key != NULL)
        {
          /* the bounds' conditions stay as Filters, which keep what the seek finds */
          op = kg_op_range_seek_new (P->exec, op, anp->slot, anp->name, &check, sc.range_key, sc.range_lo, sc.lo_incl,
                                     sc.range_hi, sc.hi_incl);
          for (int b = 0; b < 2; b++)
            if (sc.range_conj[b])
              sc.range_conj[b]->sel = 1.0;
        }
      else
        {
          int prop = sc.prop;
          if (sc.seek_key != NULL)
            {
              /* the WHERE equality becomes the seek's property check, which keeps a node
               * only when its value `=` the sought value is true (kg_value_equals: 1 = 1.0
               * holds, null never does), exactly what a Filter on the conjunct would
               * keep: no Filter */
              check.props = g_renew (KgPropCheck, check.props, check.n_props + 1);
              check.props[check.n_props].key = g_strdup (sc.seek_key);
              check.props[check.n_props].key_sym = KG_NONE;
              check.props[check.n_props].expr = sc.seek_value;
              prop = (int) check.n_props++;
              sc.seek_conjunct->placed = TRUE;
            }
          if (sc.hash)
            op = kg_op_hash_seek_new (P->exec, op, anp->slot, anp->name, &check, prop);
          else
            op = kg_op_node_scan_new (P->exec, op, sc.kind, anp->slot, anp->name, &check, prop);
        }
      m->rows *= sc.rows;
      op->est_rows = m->rows;
      set_bound (m, anp->slot);
      op = place_filters (P, m, op);
    }
  if (gql)
    return place_filters (P, m, kg_plan_qpp_part (P, m, op, part, scope));
  /* the pattern's last hop: the last one to the left of the anchor, else to its right */
  gboolean counted = part == m->count_part && path_slot < 0;
  for (guint i = anchor; i < k; i++)
    op = place_filters (P, m, plan_hop (P, m, scope, op, el[2 * i], el[2 * i + 1], el[2 * i + 2], TRUE, i > anchor ? el[2 * i - 1] : NULL, i > anchor ? pattern_dir (el[2 * i - 1], TRUE) : KG_DIR_BOTH, counted && anchor == 0 && i + 1 == k));
  for (guint i = anchor; i > 0; i--)
    op = place_filters (P, m, plan_hop (P, m, scope, op, el[2 * i], el[2 * i - 1], el[2 * i - 2], FALSE, i < anchor ? el[2 * i + 1] : NULL, i < anchor ? pattern_dir (el[2 * i + 1], FALSE) : KG_DIR_BOTH, counted && i == 1));
  if (path_slot >= 0)
    {
      KgSlots nodes = { 0 }, rels = { 0 };
      for (guint i = 0; i < n; i++)
        kg_slots_add (i % 2 ? &rels : &nodes, el[i]->slot);
      op = kg_op_path_new (P->exec, op, path_slot, &nodes, &rels);
      op->est_rows = m->rows;
      kg_slots_clear (&nodes);
      kg_slots_clear (&rels);
      set_bound (m, path_slot);
      op = place_filters (P, m, op);
    }
  return op;
}

/* Adds the slots of @part's elements to @bound. */
static void
bind_part_slots (GHashTable *bound, KgAst *part)
{
  for (guint j = 0; j < kg_ast_n_children (part); j++)
    g_hash_table_add (bound, GINT_TO_POINTER (kg_ast_child (part, j)->slot + 1));
}

/* Patterns of at most this many parts are ordered by dynamic programming over the
 * subsets of parts; longer ones greedily, cheapest next part first. */
#define DP_MAX_PARTS 6

/* The order in which to plan @parts (shortest paths and GQL path patterns last, in their
 * written order): the one with the least estimated cost. */
static GPtrArray *
order_parts (KgPlanner *P, KgMatchState *m, GPtrArray *parts, KgScope *scope)
{
  GPtrArray *plain = g_ptr_array_new (), *order = g_ptr_array_new ();
  for (guint i = 0; i < parts->len; i++)
    {
      KgAst *part = g_ptr_array_index (parts, i);
      if (!(part->flags & (KG_AST_F_SHORTEST | KG_AST_F_ALL_SHORTEST | KG_AST_F_QUANTIFIED)))
        g_ptr_array_add (plain, part);
    }
  guint n = plain->len;
  double rows0 = MAX (m->rows, 1.0);
  if (n <= 1)
    g_ptr_array_extend (order, plain, NULL, NULL);
  else if (n <= DP_MAX_PARTS)
    {
      guint N = 1u << n;
      double *cost = g_new (double, N), *rows = g_new (double, N);
      int *prev = g_new (int, N), *last = g_new (int, N);
      for (guint S = 0; S < N; S++)
        cost[S] = G_MAXDOUBLE;
      cost[0] = 0;
      rows[0] = rows0;
      for (guint S = 0; S < N; S++)
        {
          if (cost[S] == G_MAXDOUBLE)
            continue;
          GHashTable *bound = set_copy (m->bound);
          for (guint p = 0; p < n; p++)
            if (S & (1u << p))
              bind_part_slots (bound, g_ptr_array_index (plain, p));
          for (guint p = 0; p < n; p++)
            {
              if (S & (1u << p))
                continue;
              double c, r;
              best_anchor (P, m, scope, g_ptr_array_index (plain, p), bound, rows[S], &c, &r);
              guint T = S | (1u << p);
              if (cost[S] + c < cost[T] * TIE)
                {
                  cost[T] = cost[S] + c;
                  rows[T] = r;
                  prev[T] = (int) S;
                  last[T] = (int) p;
                }
            }
          g_hash_table_destroy (bound);
        }
      guint S = N - 1;
      if (cost[S] == G_MAXDOUBLE) /* property maps that read each other: no order binds first */
        {
          g_ptr_array_extend (order, plain, NULL, NULL);
          S = 0;
        }
      while (S != 0)
        {
          g_ptr_array_insert (order, 0, g_ptr_array_index (plain, last[S]));
          S = (guint) prev[S];
        }
      g_free (cost);
      g_free (rows);
      g_free (prev);
      g_free (last);
    }
  else
    {
      GHashTable *bound = set_copy (m->bound);
      double rows = rows0;
      while (plain->len > 0)
        {
          guint pick = 0;
          double best = G_MAXDOUBLE, best_rows = rows;
          for (guint p = 0; p < plain->len; p++)
            {
              double c, r;
              best_anchor (P, m, scope, g_ptr_array_index (plain, p), bound, rows, &c, &r);
              if (c < best * TIE)
                {
                  best = c;
                  best_rows = r;
                  pick = p;
                }
            }
          KgAst *part = g_ptr_array_steal_index (plain, pick);
          bind_part_slots (bound, part);
          g_ptr_array_add (order, part);
          rows = best_rows;
        }
      g_hash_table_destroy (bound);
    }
  for (guint i = 0; i < parts->len; i++)
    {
      KgAst *part = g_ptr_array_index (parts, i);
      if (part->flags & (KG_AST_F_SHORTEST | KG_AST_F_ALL_SHORTEST | KG_AST_F_QUANTIFIED))
        g_ptr_array_add (order, part);
    }
  g_ptr_array_unref (plain);
  return order;
}

/* Plans all parts of a pattern, in the order of least estimated cost. */
KgOp *
kg_plan_parts (KgPlanner *P, KgMatchState *m, KgOp *op, GPtrArray *parts, KgScope *scope)
{
  GPtrArray *order = order_parts (P, m, parts, scope);
  if (m->count_reads != NULL && order->len > 0)
    {
      KgAst *last = g_ptr_array_index (order, order->len - 1);
      if (!(last->flags & (KG_AST_F_SHORTEST | KG_AST_F_ALL_SHORTEST | KG_AST_F_QUANTIFIED)))
        m->count_part = last;
    }
  for (guint i = 0; i < order->len && !kg_planner_failed (P); i++)
    op = plan_part (P, m, op, g_ptr_array_index (order, i), scope);
  g_ptr_array_unref (order);
  for (guint i = 0; m->deferred != NULL && i < m->deferred->len; i++)
    {
      DeferredCheck *d = g_ptr_array_index (m->deferred, i);
      op = kg_op_node_check_new (P->exec, op, d->slot, d->var, &d->check);
      op->est_rows = m->rows;
    }
  if (m->deferred != NULL)
    g_ptr_array_set_size (m->deferred, 0);
  return place_filters (P, m, op);
}

/* --- MATCH ---------------------------------------------------------------------------- */

static void mentioned_names (const KgAst *e, GHashTable *names);

/* Walks a projection item for counting_projection(). */
static gboolean
count_walk (const KgAst *e, GHashTable *reads, GHashTable *counted, guint *n_counts)
{
  if (e == NULL)
    return TRUE;
  const KgFunction *fn = e->kind == KG_AST_FUNCTION_CALL ? kg_ast_call_function (e) : NULL;
  if (fn != NULL && fn->agg != KG_AGG_NONE)
    {
      if (fn->agg != KG_AGG_COUNT || (e->flags & KG_AST_F_DISTINCT))
        return FALSE;
      (*n_counts)++;
      if (e->flags & KG_AST_F_STAR)
        return TRUE;
      const KgAst *arg = kg_ast_child (e, 0);
      if (kg_ast_n_children (e) != 1 || arg == NULL || arg->kind != KG_AST_VARIABLE)
        return FALSE;
      g_hash_table_add (counted, arg->name);
      return TRUE;
    }
  if (e->kind == KG_AST_PATTERN_COMPREHENSION || e->kind == KG_AST_EXISTS_SUBQUERY)
    {
      mentioned_names (e, reads);
      return TRUE;
    }
  if (e->kind == KG_AST_VARIABLE && e->name)
    g_hash_table_add (reads, e->name);
  for (guint i = 0; i < kg_ast_n_children (e); i++)
    if (!count_walk (kg_ast_child (e, i), reads, counted, n_counts))
      return FALSE;
  return TRUE;
}

/* Whether @clause, the projection right after a MATCH, only counts the MATCH's rows: a
 * WITH or RETURN (no DISTINCT, no `*`) whose aggregates are all count(*) or count(v) of
 * a variable. @reads gets every name it reads outside the counts (ORDER BY, SKIP, LIMIT
 * and WHERE included), @counted the counted variables. */
static gboolean
counting_projection (const KgAst *clause, GHashTable *reads, GHashTable *counted)
{
  if (clause == NULL || (clause->kind != KG_AST_WITH && clause->kind != KG_AST_RETURN) ||
      (clause->flags & KG_AST_F_DISTINCT))
    return FALSE;
  const KgAst *list = kg_ast_child (clause, 0);
  if (list == NULL || (list->flags & KG_AST_F_STAR))
    return FALSE;
  guint n_counts = 0;
  for (guint i = 0; i < kg_ast_n_children (list); i++)
    if (!count_walk (kg_ast_child (kg_ast_child (list, i), 0), reads, counted, &n_counts))
      return FALSE;
  for (guint c = 1; c < kg_ast_n_children (clause); c++)
    mentioned_names (kg_ast_child (clause, c), reads);
  return n_counts > 0;
}

/* Plans @n MATCH clauses (@clauses) as one pattern on top of @op: their parts are
 * ordered together and their WHERE conjuncts placed together; the relationships of
 * each MATCH are kept apart only from those of the same MATCH (the chain of
 * kg_plan_match_chain; n = 1 for one MATCH, which alone may be OPTIONAL). Each clause
 * is bound in *@scope in turn. *@bm gets the last clause's bound form. */
static KgOp *
plan_matches (KgPlanner *P, KgOp *op, KgScope *scope, KgAst *const *clauses, guint n, KgBoundMatch *bm)
{
  KgMatchState m;
  kg_match_state_init (&m, scope);
  GPtrArray *parts = g_ptr_array_new ();
  if (n > 1)
    m.groups = g_hash_table_new (g_direct_hash, g_direct_equal);
  gboolean ok = TRUE;
  memset (bm, 0, sizeof *bm);
  for (guint j = 0; j < n && ok; j++)
    {
      kg_bound_match_clear (bm);
      ok = kg_bind_match (&P->b, scope, clauses[j], bm);
      kg_plan_pattern_exprs (P);
      ok = ok && !kg_planner_failed (P);
      if (ok && bm->where)
        {
          if (m.pending == NULL)
            m.pending = g_ptr_array_new_with_free_func (pending_free);
          split_conjuncts (bm->where, scope, m.pending);
        }
      for (guint i = 0; ok && i < bm->parts->len; i++)
        {
          g_ptr_array_add (parts, g_ptr_array_index (bm->parts, i));
          if (m.groups)
            g_hash_table_insert (m.groups, g_ptr_array_index (bm->parts, i), GUINT_TO_POINTER (j));
        }
    }
  if (ok && n == 1 && !bm->optional && P->read_only && P->later != NULL)
    {
      m.count_reads = g_hash_table_new (g_str_hash, g_str_equal);
      m.count_vars = g_hash_table_new (g_str_hash, g_str_equal);
      if (!counting_projection (kg_ast_child (P->later, P->later_from), m.count_reads, m.count_vars))
        {
          g_clear_pointer (&m.count_reads, g_hash_table_destroy);
          g_clear_pointer (&m.count_vars, g_hash_table_destroy);
        }
    }
  if (ok)
    {
      KgOp *in = bm->optional ? kg_op_argument_new (P->exec) : op;
      m.rows = op ? kg_op_estimate (op) : 1.0;
      in = place_filters (P, &m, in);
      KgOp *body = kg_plan_parts (P, &m, in, parts, scope);
      for (guint i = 0; m.pending && i < m.pending->len; i++)
        {
          KgPending *c = g_ptr_array_index (m.pending, i);
          if (!c->placed)
            body = kg_op_filter_new (P->exec, body, c->expr);
        }
      if (bm->optional)
        {
          double outer = op ? kg_op_estimate (op) : 1.0;
          op = kg_op_optional_new (P->exec, op, body, &bm->new_slots);
          op->est_rows = MAX (outer, m.rows);
        }
      else
        op = body;
    }
  g_ptr_array_free (parts, TRUE);
  kg_match_state_clear (&m);
  return op;
}

KgOp *
kg_plan_match (KgPlanner *P, KgOp *op, KgScope *scope, KgAst *clause)
{
  KgBoundMatch bm;
  op = plan_matches (P, op, scope, &clause, 1, &bm);
  kg_bound_match_clear (&bm);
  return op;
}

/* --- Chains of MATCHes through a WITH that passes variables on -------------------------- */

/* Adds to @names every name @e mentions or declares that could be a variable's (a
 * variable, a pattern element, a path, a comprehension's or reduce's variable, a
 * projected column): more than the variables is harmless, it only stops a chain. */
static void
mentioned_names (const KgAst *e, GHashTable *names)
{
  if (e == NULL)
    return;
  switch (e->kind)
    {
    case KG_AST_VARIABLE:
    case KG_AST_NODE_PATTERN:
    case KG_AST_REL_PATTERN:
    case KG_AST_PATTERN_PART:
    case KG_AST_MAP_PROJECTION:
    case KG_AST_LIST_COMPREHENSION:
    case KG_AST_QUANTIFIER:
    case KG_AST_PATTERN_COMPREHENSION:
    case KG_AST_PROJECTION_ITEM:
      if (e->name)
        g_hash_table_add (names, e->name);
      break;
    case KG_AST_REDUCE:
      if (e->name)
        g_hash_table_add (names, e->name);
      if (kg_ast_n_names (e) > 0)
        g_hash_table_add (names, (gpointer) kg_ast_name_at (e, 0));
      break;
    default:
      break;
    }
  for (guint i = 0; i < kg_ast_n_children (e); i++)
    mentioned_names (kg_ast_child (e, i), names);
}

/* Adds to @names the variables the pattern of MATCH @clause binds: its nodes,
 * relationships and paths. */
static void
pattern_names (KgAst *clause, GHashTable *names)
{
  GPtrArray *parts = kg_pattern_parts (kg_ast_child (clause, 0));
  for (guint i = 0; i < parts->len; i++)
    {
      KgAst *part = g_ptr_array_index (parts, i);
      if (part->name)
        g_hash_table_add (names, part->name);
      for (guint j = 0; j < kg_ast_n_children (part); j++)
        if (kg_ast_child (part, j)->name)
          g_hash_table_add (names, kg_ast_child (part, j)->name);
    }
  g_ptr_array_free (parts, TRUE);
}

/* Whether @with only passes variables of @visible on under their own names (`WITH a,
 * b`, `WITH *`): no DISTINCT, ORDER BY, SKIP, LIMIT or WHERE, no expression, nothing
 * aggregated or computed. Their names go to @passed. */
static gboolean
passes_through (const KgAst *with, GHashTable *visible, GHashTable *passed)
{
  if (with->kind != KG_AST_WITH || (with->flags & KG_AST_F_DISTINCT))
    return FALSE;
  for (guint c = 1; c <= 4; c++)
    if (kg_ast_child (with, c) != NULL)
      return FALSE;
  KgAst *list = kg_ast_child (with, 0);
  if (list->flags & KG_AST_F_STAR)
    {
      GHashTableIter it;
      gpointer name;
      g_hash_table_iter_init (&it, visible);
      while (g_hash_table_iter_next (&it, &name, NULL))
        g_hash_table_add (passed, name);
    }
  for (guint i = 0; i < kg_ast_n_children (list); i++)
    {
      KgAst *pi = kg_ast_child (list, i), *e = kg_ast_child (pi, 0);
      if (e == NULL || e->kind != KG_AST_VARIABLE || g_strcmp0 (pi->name, e->name) != 0 ||
          !g_hash_table_contains (visible, e->name))
        return FALSE;
      g_hash_table_add (passed, e->name);
    }
  return TRUE;
}

/* Adds the names of the variables declared in @scope itself to @names. */
static void
add_scope_names (KgScope *scope, GHashTable *names)
{
  for (guint i = 0; i < scope->vars->len; i++)
    g_hash_table_add (names, ((KgVar *) g_ptr_array_index (scope->vars, i))->name);
}

guint
kg_match_chain_end (KgScope *scope, KgAst *sq, guint i)
{
  guint n = kg_ast_n_children (sq), last = i;
  KgAst *first = kg_ast_child (sq, i);
  if (first->kind != KG_AST_MATCH || (first->flags & KG_AST_F_OPTIONAL) || i + 2 >= n)
    return i;
  /* @visible: the names the next clause sees as written; @all: the names bound once the
   * MATCHes are one pattern (an enclosing query's variables, in @scope's parents, are
   * hidden by no WITH and stay out of both) */
  GHashTable *visible = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTable *all = g_hash_table_new (g_str_hash, g_str_equal);
  add_scope_names (scope, visible);
  pattern_names (first, visible);
  for (guint j = i + 1; j + 1 < n; j += 2)
    {
      KgAst *with = kg_ast_child (sq, j), *match = kg_ast_child (sq, j + 1);
      if (match->kind != KG_AST_MATCH || (match->flags & KG_AST_F_OPTIONAL))
        break;
      GHashTable *passed = g_hash_table_new (g_str_hash, g_str_equal);
      gboolean ok = passes_through (with, visible, passed);
      GHashTableIter it;
      gpointer name;
      g_hash_table_iter_init (&it, visible);
      while (g_hash_table_iter_next (&it, &name, NULL))
        g_hash_table_add (all, name);
      /* a name the WITH hides that the MATCH mentions is a new variable there, and
       * would be the hidden one in a merged pattern: no chain */
      GHashTable *mentioned = g_hash_table_new (g_str_hash, g_str_equal);
      mentioned_names (match, mentioned);
      g_hash_table_iter_init (&it, mentioned);
      while (ok && g_hash_table_iter_next (&it, &name, NULL))
        ok = !g_hash_table_contains (all, name) || g_hash_table_contains (passed, name);
      g_hash_table_destroy (mentioned);
      if (!ok)
        {
          g_hash_table_destroy (passed);
          break;
        }
      g_hash_table_destroy (visible);
      visible = passed;
      pattern_names (match, visible);
      last = j + 1;
    }
  g_hash_table_destroy (visible);
  g_hash_table_destroy (all);
  return last;
}

KgOp *
kg_plan_match_chain (KgPlanner *P, KgOp *op, KgScope **scope, KgAst *sq, guint first, guint last)
{
  GPtrArray *clauses = g_ptr_array_new ();
  for (guint j = first; j <= last; j += 2)
    g_ptr_array_add (clauses, kg_ast_child (sq, j));
  KgBoundMatch bm;
  op = plan_matches (P, op, *scope, (KgAst *const *) clauses->pdata, clauses->len, &bm);
  g_ptr_array_free (clauses, TRUE);
  if (!kg_planner_failed (P))
    {
      /* what the clauses after the chain see: what the last WITH passes on, then the
       * variables the last MATCH introduces (their slots are kept by the Projection) */
      GPtrArray *added = g_ptr_array_new ();
      for (guint i = 0; i < (*scope)->vars->len; i++)
        {
          KgVar *v = g_ptr_array_index ((*scope)->vars, i);
          for (guint s = 0; s < bm.new_slots.n; s++)
            if (bm.new_slots.v[s] == v->slot)
              {
                g_ptr_array_add (added, v);
                break;
              }
        }
      KgScope *before = *scope;
      *scope = kg_scope_new (before->parent);
      for (guint i = 0; i < before->vars->len; i++)
        {
          KgVar *v = g_ptr_array_index (before->vars, i);
          kg_scope_declare (*scope, v->name, v->kind, v->slot);
        }
      op = kg_plan_projection (P, op, scope, kg_ast_child (sq, last - 1), FALSE, FALSE);
      for (guint i = 0; i < added->len; i++)
        {
          KgVar *v = g_ptr_array_index (added, i);
          kg_scope_declare (*scope, v->name, v->kind, v->slot);
        }
      g_ptr_array_free (added, TRUE);
      kg_scope_free (before);
    }
  kg_bound_match_clear (&bm);
  return op;
}

/* --- Pattern expressions ---------------------------------------------------------------- */

/* The subplan of one bound pattern expression: a pattern over an Argument (the outer
 * row), or the query of an EXISTS, COUNT or COLLECT subquery (plan-call.c), whose
 * returned column's slot COLLECT gets in *@value_slot; WHERE on top. NULL on error. */
static KgOp *
plan_pattern_expr (KgPlanner *P, KgBoundPattern *bp, int *value_slot)
{
  KgOp *op = NULL;
  if (bp->subquery)
    {
      KgScope *start = kg_scope_new (bp->outer), *returned = NULL;
      P->b.read_only++;
      op = kg_plan_subquery (P, bp->subquery, start, NULL, KG_QUERY_EXISTS, &returned);
      P->b.read_only--;
      if (!kg_planner_failed (P) && bp->expr->op == KG_SUBQUERY_COLLECT)
        {
          if (returned == NULL || returned->vars->len != 1)
            KG_PLAN_ERR (P, KG_QUERY_ERROR_SEMANTIC, &bp->expr->span, "a COLLECT subquery must end with RETURN of one column");
          else
            *value_slot = ((KgVar *) g_ptr_array_index (returned->vars, 0))->slot;
        }
      kg_scope_free (start);
      g_clear_pointer (&returned, kg_scope_free);
    }
  else
    {
      op = kg_op_argument_new (P->exec);
      KgMatchState m;
      kg_match_state_init (&m, bp->outer);
      op = kg_plan_parts (P, &m, op, bp->parts, bp->inner);
      kg_match_state_clear (&m);
    }
  if (!kg_planner_failed (P) && bp->where)
    op = kg_op_filter_new (P->exec, op, bp->where);
  if (kg_planner_failed (P))
    {
      kg_op_free (op);
      return NULL;
    }
  return op;
}

void
kg_plan_pattern_exprs (KgPlanner *P)
{
  GPtrArray *queue = P->b.patterns;
  /* each bound pattern carries its own copy of the scope it was bound in, so the
   * order does not matter; an EXISTS subquery planned here may queue more */
  while (queue->len > 0)
    {
      KgBoundPattern *bp = g_ptr_array_steal_index (queue, 0);
      int value_slot = -1;
      KgOp *op = kg_planner_failed (P) ? NULL : plan_pattern_expr (P, bp, &value_slot);
      if (op)
        {
          KgSubplan *sp = g_new0 (KgSubplan, 1);
          sp->root = op;
          sp->projection = bp->projection;
          sp->path_slot = -1;
          sp->value_slot = value_slot;
          g_hash_table_insert (P->plan->subplans, bp->expr, sp);
        }
      kg_bound_pattern_free (bp);
    }
}

void
kg_subplan_free (gpointer p)
{
  KgSubplan *sp = p;
  kg_op_free (sp->root);
  g_free (sp);
}
