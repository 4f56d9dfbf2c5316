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

#include <string.h>

/* --- Match state ----------------------------------------------------------------- */

void
kg_match_state_init (KgMatchState *m, KgScope *scope)
{
  memset (m, 0, sizeof *m);
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

/* A guess at how much the WHERE conditions on node @np alone keep: an equality with a
 * constant keeps little, any other condition about half. */
static double
where_selectivity (KgMatchState *m, const KgAst *np)
{
  double f = 1.0;
  if (m->pending == NULL || np->slot < 0)
    return f;
  for (guint i = 0; i < m->pending->len; i++)
    {
      KgPending *c = g_ptr_array_index (m->pending, i);
      if (c->late || c->deps.n == 0)
        continue;
      gboolean only = TRUE;
      for (guint d = 0; d < c->deps.n; d++)
        only = only && c->deps.v[d] == np->slot;
      if (!only)
        continue;
      const KgAst *e = c->expr;
      gboolean eq = e->kind == KG_AST_BINARY_OP && e->op == KG_OP_EQ &&
                    ((kg_ast_child (e, 0)->kind == KG_AST_PROPERTY && kg_expr_is_constant (kg_ast_child (e, 1))) ||
                     (kg_ast_child (e, 1)->kind == KG_AST_PROPERTY && kg_expr_is_constant (kg_ast_child (e, 0))));
      f *= eq ? 0.05 : 0.5;
    }
  return f;
}

/* A WHERE conjunct `v.key = value` (either way round) on node pattern @np, where the
 * value is seekable, with an index on (one of @np's labels, key): the property's key
 * and the value, which label, and the conjunct. FALSE if there is none. */
static gboolean
where_index (KgPlanner *P, KgMatchState *m, KgScope *scope, const KgAst *np, const char **key, KgAst **value, int *label_index, KgPending **conjunct)
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
              obj->slot != np->slot || !seekable (m, scope, other))
            continue;
          KgSymbol k = kg_graph_lookup (g, KG_SYM_KEY, prop->name);
          for (guint l = 0; k != KG_NONE && l < kg_ast_n_names (np); l++)
            {
              KgSymbol ls = kg_graph_lookup (g, KG_SYM_LABEL, kg_ast_name_at (np, l));
              if (ls != KG_NONE && kg_graph_has_index (g, ls, k))
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
  for (guint i = 0; i < kg_ast_n_names (rel); i++)
    g_string_append_printf (s, "%s%s", i ? "|" : ":", kg_ast_name_at (rel, i));
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
  for (guint i = 0; i < kg_ast_n_names (to); i++)
    g_string_append_printf (s, ":%s", kg_ast_name_at (to, i));
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
  guint nt = kg_ast_n_names (rel);
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
  kg_slots_copy (&spec->distinct_from, &m->rels);
  kg_slots_copy (&spec->distinct_from_lists, &m->lists);
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
  if (e->kind == KG_AST_PATTERN_PART && !(e->flags & (KG_AST_F_SHORTEST | KG_AST_F_ALL_SHORTEST)))
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
              if (rel == NULL || kg_ast_n_names (rel) != 1)
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

/* Notes on the plan that @rel, a `*` or `*N..` pattern, follows at most the hop limit:
 * the one warning kg_plan_warning() gives names the first such pattern in the text. */
static void
note_unbounded (KgPlanner *P, const KgAst *rel)
{
  KgPlan *plan = P->plan;
  if (plan->warning != NULL && plan->warning_offset <= rel->span.start.offset)
    return;
  g_free (plan->warning);
  plan->warning_offset = rel->span.start.offset;
  plan->warning = g_strdup_printf ("%s:%u:%u: a variable-length pattern without an upper bound follows at most "
                                   "%u hops (write `*..N` to choose the bound)",
                                   P->exec->filename ? P->exec->filename : "<query>", rel->span.start.line,
                                   rel->span.start.column, P->exec->max_hops);
}

static KgOp *
plan_hop (KgPlanner *P, KgMatchState *m, KgOp *op, KgAst *from, KgAst *rel, KgAst *to, gboolean ltr)
{
  gboolean rel_bound_before = is_bound (m, rel->slot);
  KgExpandSpec spec;
  kg_plan_expand_spec (P, m, &spec, from, rel, to, ltr, rel_bound_before);
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
  if (varlength)
    kg_slots_add (&m->lists, rel_slot);
  else
    kg_slots_add (&m->rels, rel_slot);
  set_bound (m, to->slot);
  set_bound (m, rel->slot);
  return op;
}

/* Plans one PATTERN_PART on top of @op. Slots of its elements must be assigned. */
static KgOp *
plan_part (KgPlanner *P, KgMatchState *m, KgOp *op, KgAst *part, KgScope *scope)
{
  guint n = kg_ast_n_children (part);
  guint k = n / 2; /* relationships */
  KgAst **el = (KgAst **) part->children->pdata;
  int path_slot = -1;
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
        else if (kg_ast_n_names (el[i]) > 0 || kg_ast_child (el[i], 0))
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
      kg_slots_add (&m->lists, rel_slot);
      set_bound (m, el[1]->slot);
      if (path_slot >= 0)
        set_bound (m, path_slot);
      return place_filters (P, m, op);
    }

  /* The anchor: a bound node, else the cheapest scan. */
  int anchor = -1;
  for (guint i = 0; i <= k && anchor < 0; i++)
    if (is_bound (m, el[2 * i]->slot))
      anchor = i;
  if (anchor >= 0)
    {
      KgAst *np = el[2 * anchor];
      if (k == 0 || kg_ast_n_names (np) > 0 || kg_ast_child (np, 0))
        {
          KgEntityCheck check;
          kg_entity_check_init (&check, np, TRUE);
          op = kg_op_node_check_new (P->exec, op, np->slot, np->name, &check);
        }
      op = place_filters (P, m, op);
    }
  else
    {
      double best = G_MAXDOUBLE;
      KgScanKind best_kind = KG_SCAN_ALL;
      int best_prop = -1, best_label = -1;
      const char *seek_key = NULL; /* an index seek on a WHERE equality */
      KgAst *seek_value = NULL;
      KgPending *seek_conjunct = NULL;
      KgAst *id_value = NULL; /* a seek by id */
      gboolean id_element = FALSE;
      for (guint i = 0; i <= k; i++)
        {
          KgScanKind kind;
          int prop, label;
          double c = anchor_cost (P, m, scope, el[2 * i], &kind, &prop, &label) * where_selectivity (m, el[2 * i]);
          const char *wkey;
          KgAst *wvalue;
          int wlabel;
          KgPending *wconjunct;
          gboolean welement;
          if (where_id (m, scope, el[2 * i], &wvalue, &welement, &wconjunct))
            {
              double seek = MIN (c, 1.0) * 0.25; /* one node at most */
              if (seek < best)
                {
                  best = seek;
                  anchor = i;
                  id_value = wvalue;
                  id_element = welement;
                  seek_key = NULL;
                }
              continue;
            }
          if (kind != KG_SCAN_INDEX && where_index (P, m, scope, el[2 * i], &wkey, &wvalue, &wlabel, &wconjunct))
            {
              double seek = MIN (c, 1.0) * 0.5; /* cheaper than scanning the same node */
              if (seek < best)
                {
                  best = seek;
                  anchor = i;
                  best_kind = KG_SCAN_INDEX;
                  best_prop = -1;
                  best_label = wlabel;
                  seek_key = wkey;
                  seek_value = wvalue;
                  seek_conjunct = wconjunct;
                  id_value = NULL;
                }
              continue;
            }
          /* between equals, start from a node the next projection groups by: its rows
           * then come grouped, which the aggregation exploits */
          if (P->prefer && el[2 * i]->name && kind != KG_SCAN_INDEX &&
              g_ptr_array_find_with_equal_func (P->prefer, el[2 * i]->name, g_str_equal, NULL))
            c *= 0.99;
          if (c < best)
            {
              best = c;
              anchor = i;
              best_kind = kind;
              best_prop = prop;
              best_label = label;
              seek_key = NULL;
              id_value = NULL;
            }
        }
      KgAst *np = el[2 * anchor];
      KgEntityCheck check;
      node_check_for (&check, np, id_value ? -1 : best_label);
      if (id_value != NULL)
        op = kg_op_node_by_id_new (P->exec, op, np->slot, np->name, &check, id_value, id_element);
      else if (seek_key != NULL)
        {
          /* the WHERE equality becomes the seek's property check, which keeps a node only
           * when its value `=` the constant is true (kg_value_equals: 1 = 1.0 holds, null
           * never does), exactly what a Filter on the conjunct would keep: no Filter */
          check.props = g_renew (KgPropCheck, check.props, check.n_props + 1);
          check.props[check.n_props].key = g_strdup (seek_key);
          check.props[check.n_props].key_sym = KG_NONE;
          check.props[check.n_props].expr = seek_value;
          best_prop = (int) check.n_props++;
          seek_conjunct->placed = TRUE;
        }
      if (id_value == NULL)
        op = kg_op_node_scan_new (P->exec, op, best_kind, np->slot, np->name, &check, best_prop);
      set_bound (m, np->slot);
      op = place_filters (P, m, op);
    }
  for (guint i = anchor; i < k; i++)
    op = place_filters (P, m, plan_hop (P, m, op, el[2 * i], el[2 * i + 1], el[2 * i + 2], TRUE));
  for (guint i = anchor; i > 0; i--)
    op = place_filters (P, m, plan_hop (P, m, op, el[2 * i], el[2 * i - 1], el[2 * i - 2], FALSE));
  if (path_slot >= 0)
    {
      KgSlots nodes = { 0 }, rels = { 0 };
      for (guint i = 0; i < n; i++)
        kg_slots_add (i % 2 ? &rels : &nodes, el[i]->slot);
      op = kg_op_path_new (P->exec, op, path_slot, &nodes, &rels);
      kg_slots_clear (&nodes);
      kg_slots_clear (&rels);
      set_bound (m, path_slot);
      op = place_filters (P, m, op);
    }
  return op;
}

/* Plans all parts of a pattern: parts touching bound nodes first, shortest paths last. */
KgOp *
kg_plan_parts (KgPlanner *P, KgMatchState *m, KgOp *op, GPtrArray *parts, KgScope *scope)
{
  GPtrArray *unplanned = g_ptr_array_new ();
  for (guint i = 0; i < parts->len; i++)
    g_ptr_array_add (unplanned, g_ptr_array_index (parts, i));
  while (unplanned->len > 0 && !kg_planner_failed (P))
    {
      guint pick = G_MAXUINT;
      for (guint i = 0; i < unplanned->len && pick == G_MAXUINT; i++)
        {
          KgAst *part = g_ptr_array_index (unplanned, i);
          if (part->flags & (KG_AST_F_SHORTEST | KG_AST_F_ALL_SHORTEST))
            continue;
          for (guint j = 0; j < kg_ast_n_children (part); j += 2)
            if (is_bound (m, kg_ast_child (part, j)->slot))
              {
                pick = i;
                break;
              }
        }
      for (guint i = 0; i < unplanned->len && pick == G_MAXUINT; i++)
        {
          KgAst *part = g_ptr_array_index (unplanned, i);
          if (!(part->flags & (KG_AST_F_SHORTEST | KG_AST_F_ALL_SHORTEST)))
            pick = i;
        }
      if (pick == G_MAXUINT)
        pick = 0;
      KgAst *part = g_ptr_array_index (unplanned, pick);
      g_ptr_array_remove_index (unplanned, pick);
      op = plan_part (P, m, op, part, scope);
    }
  g_ptr_array_free (unplanned, TRUE);
  return op;
}

/* Declares a MATCH pattern's variables, checking kinds. @new_slots gets the slots of
 * variables this pattern introduces. */

/* --- MATCH ---------------------------------------------------------------------------- */

KgOp *
kg_plan_match (KgPlanner *P, KgOp *op, KgScope *scope, KgAst *clause)
{
  KgMatchState m;
  kg_match_state_init (&m, scope);
  KgBoundMatch bm;
  gboolean ok = kg_bind_match (&P->b, scope, clause, &bm);
  kg_plan_pattern_exprs (P);
  if (ok && !kg_planner_failed (P))
    {
      KgOp *in = bm.optional ? kg_op_argument_new (P->exec) : op;
      if (bm.where)
        {
          m.pending = g_ptr_array_new_with_free_func (pending_free);
          split_conjuncts (bm.where, scope, m.pending);
          in = place_filters (P, &m, in);
        }
      KgOp *body = kg_plan_parts (P, &m, in, bm.parts, scope);
      for (guint i = 0; m.pending && i < m.pending->len; i++)
        {
          KgPending *c = g_ptr_array_index (m.pending, i);
          if (!c->placed)
            body = kg_op_filter_new (P->exec, body, c->expr);
        }
      if (bm.optional)
        op = kg_op_optional_new (P->exec, op, body, &bm.new_slots);
      else
        op = body;
    }
  kg_bound_match_clear (&bm);
  kg_match_state_clear (&m);
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
