/* engine/plan.c — binding clauses and planning them into a tree of operators.
 *
 * Walks a statement clause by clause, keeping the scope of visible variables (WITH and
 * RETURN end a scope), checking the clause-level rules (variables already bound, kinds
 * that conflict, CREATE's relationship rules, projections, UNION columns) and stacking
 * operators on the pipeline so far. Patterns are planned from the most selective
 * anchor: a bound variable, an indexed equality, the smallest label, else all nodes;
 * then expanded hop by hop both ways. Expressions are bound by bind.c; operators run in
 * ops/; execution is exec.c.
 */
#include "engine/bind.h"
#include "engine/procedure-private.h"

#include <string.h>

typedef struct
{
  KgBinder b;
  KgPlan *plan;
  KgExec *exec;
  GPtrArray *prefer; /* (element-type utf8) variables the next projection groups by */
  GPtrArray *procedures; /* (element-type KgProcedure) (nullable): the session's table procedures */
  KgAst *later;          /* the SINGLE_QUERY of the MATCH being planned (borrowed), or NULL */
  guint later_from;      /* ...and the index of the clause after that MATCH */
} Planner;

static KgOp *plan_clauses (Planner *P, KgOp *op, KgScope **scope, KgAst *sq, gboolean subquery);

#define ERR(P, code, span, ...) kg_bind_error (&(P)->b, (code), (span), __VA_ARGS__)

static gboolean
failed (Planner *P)
{
  return *P->b.error != NULL;
}

/* Binds a top-level expression, then rejects what can only fail at run time. */
static gboolean
bind_checked (Planner *P, KgScope *scope, KgAst *expr, guint flags, gboolean predicate)
{
  if (!kg_bind_expr (&P->b, scope, expr, flags))
    return FALSE;
  if (!kg_expr_check (expr, predicate, kg_binder_var_types, &P->b, P->exec->filename, P->b.error))
    return FALSE;
  return TRUE;
}

static guint
kind_mask (KgVarKind kind)
{
  switch (kind)
    {
    case KG_VAR_NODE:
      return 1u << KG_VALUE_NODE;
    case KG_VAR_REL:
      return 1u << KG_VALUE_EDGE;
    case KG_VAR_RELLIST:
      return 1u << KG_VALUE_LIST;
    case KG_VAR_PATH:
      return 1u << KG_VALUE_PATH;
    default:
      return 0;
    }
}

/* --- Pattern planning ----------------------------------------------------------- */

typedef struct
{
  KgAst *expr;   /* a conjunct of WHERE (borrowed) */
  KgSlots deps;  /* the slots it reads */
  gboolean late; /* must wait for the whole pattern (pattern expressions...) */
  gboolean placed;
} Pending;

typedef struct
{
  GHashTable *bound;  /* slots (as GINT_TO_POINTER (slot + 1)) bound so far */
  KgSlots rels;       /* single-relationship slots of this MATCH, for uniqueness */
  KgSlots lists;      /* variable-length slots of this MATCH */
  GPtrArray *pending; /* (element-type Pending) WHERE conjuncts not placed yet */
} MatchState;

static void
match_state_init (MatchState *m, KgScope *scope)
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
  Pending *c = p;
  kg_slots_clear (&c->deps);
  g_free (c);
}

static void
match_state_clear (MatchState *m)
{
  if (m->pending)
    g_ptr_array_free (m->pending, TRUE);
  g_hash_table_destroy (m->bound);
  kg_slots_clear (&m->rels);
  kg_slots_clear (&m->lists);
}

static gboolean
is_bound (MatchState *m, int slot)
{
  return g_hash_table_contains (m->bound, GINT_TO_POINTER (slot + 1));
}

static void
set_bound (MatchState *m, int slot)
{
  g_hash_table_add (m->bound, GINT_TO_POINTER (slot + 1));
}

/* Puts each WHERE conjunct whose variables are all bound now right here, so rows are
 * dropped as early as possible (predicate push-down). */
static KgOp *
place_filters (Planner *P, MatchState *m, KgOp *op)
{
  if (m->pending == NULL)
    return op;
  for (guint i = 0; i < m->pending->len; i++)
    {
      Pending *c = g_ptr_array_index (m->pending, i);
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
conjunct_deps (KgAst *e, KgScope *scope, Pending *c)
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
  Pending *c = g_new0 (Pending, 1);
  c->expr = e;
  conjunct_deps (e, scope, c);
  g_ptr_array_add (out, c);
}

static gboolean
expr_is_constant (const KgAst *e)
{
  if (e == NULL)
    return TRUE;
  if (e->kind == KG_AST_VARIABLE || e->kind == KG_AST_PATTERN_COMPREHENSION || e->kind == KG_AST_PATTERN_PREDICATE ||
      e->kind == KG_AST_EXISTS_SUBQUERY || e->kind == KG_AST_LIST_COMPREHENSION || e->kind == KG_AST_QUANTIFIER ||
      e->kind == KG_AST_REDUCE || e->kind == KG_AST_MAP_PROJECTION)
    return FALSE;
  /* A seek value is read once per scan: a clock is steady enough, a random value not. */
  if (e->kind == KG_AST_FUNCTION_CALL && (e->function == NULL || (e->function->flags & KG_FN_RANDOM) != 0))
    return FALSE;
  for (guint i = 0; i < kg_ast_n_children (e); i++)
    if (!expr_is_constant (kg_ast_child (e, i)))
      return FALSE;
  return TRUE;
}

/* Estimated rows from scanning for node pattern @np; sets the scan kind and index prop. */
static double
anchor_cost (Planner *P, KgAst *np, KgScanKind *kind, int *index_prop, int *label_index)
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
            if (k != KG_NONE && kg_graph_has_index (g, l, k) && expr_is_constant (kg_ast_child (props, j)))
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
where_selectivity (MatchState *m, const KgAst *np)
{
  double f = 1.0;
  if (m->pending == NULL || np->slot < 0)
    return f;
  for (guint i = 0; i < m->pending->len; i++)
    {
      Pending *c = g_ptr_array_index (m->pending, i);
      if (c->late || c->deps.n == 0)
        continue;
      gboolean only = TRUE;
      for (guint d = 0; d < c->deps.n; d++)
        only = only && c->deps.v[d] == np->slot;
      if (!only)
        continue;
      const KgAst *e = c->expr;
      gboolean eq = e->kind == KG_AST_BINARY_OP && e->op == KG_OP_EQ &&
                    ((kg_ast_child (e, 0)->kind == KG_AST_PROPERTY && expr_is_constant (kg_ast_child (e, 1))) ||
                     (kg_ast_child (e, 1)->kind == KG_AST_PROPERTY && expr_is_constant (kg_ast_child (e, 0))));
      f *= eq ? 0.05 : 0.5;
    }
  return f;
}

/* A WHERE conjunct `v.key = constant` (either way round) on node pattern @np alone, with
 * an index on (one of @np's labels, key): the property's key and the constant, which
 * label, and the conjunct. FALSE if there is none. */
static gboolean
where_index (Planner *P, MatchState *m, const KgAst *np, const char **key, KgAst **value, int *label_index,
             Pending **conjunct)
{
  KgGraph *g = P->exec->graph;
  if (m->pending == NULL || np->slot < 0 || np->name == NULL || kg_ast_n_names (np) == 0)
    return FALSE;
  for (guint i = 0; i < m->pending->len; i++)
    {
      Pending *c = g_ptr_array_index (m->pending, i);
      KgAst *e = c->expr;
      if (c->placed || c->late || c->deps.n == 0 || e->kind != KG_AST_BINARY_OP || e->op != KG_OP_EQ)
        continue;
      gboolean only = TRUE;
      for (guint d = 0; d < c->deps.n; d++)
        only = only && c->deps.v[d] == np->slot;
      if (!only)
        continue;
      for (int side = 0; side < 2; side++)
        {
          KgAst *prop = kg_ast_child (e, side), *other = kg_ast_child (e, 1 - side);
          KgAst *obj = prop->kind == KG_AST_PROPERTY ? kg_ast_child (prop, 0) : NULL;
          if (obj == NULL || obj->kind != KG_AST_VARIABLE || g_strcmp0 (obj->name, np->name) != 0 ||
              !expr_is_constant (other))
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

/* Fills the common part of an expansion from node @from over @rel to node @to. */
static void
expand_spec_for (Planner *P, MatchState *m, KgExpandSpec *spec, KgAst *from, KgAst *rel, KgAst *to, gboolean ltr, gboolean rel_bound_before)
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

static KgOp *
plan_hop (Planner *P, MatchState *m, KgOp *op, KgAst *from, KgAst *rel, KgAst *to, gboolean ltr)
{
  gboolean rel_bound_before = is_bound (m, rel->slot);
  KgExpandSpec spec;
  expand_spec_for (P, m, &spec, from, rel, to, ltr, rel_bound_before);
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
          const Pending *pd = g_ptr_array_index (m->pending, i);
          if (!pd->placed)
            collect_prefetch_keys (&spec, pd->expr, to->slot, NULL);
        }
      for (guint i = P->later_from; to->name != NULL && P->later != NULL && i < kg_ast_n_children (P->later); i++)
        collect_prefetch_keys (&spec, kg_ast_child (P->later, i), -1, to->name);
      for (guint i = P->later_from; to->name != NULL && P->later != NULL && i < kg_ast_n_children (P->later); i++)
        if (find_later_hop (&spec, kg_ast_child (P->later, i), to->name))
          break;
    }
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
plan_part (Planner *P, MatchState *m, KgOp *op, KgAst *part, KgScope *scope)
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
      if (k != 1)
        {
          ERR (P, KG_QUERY_ERROR_SEMANTIC, &part->span, "shortestPath() needs a pattern of exactly one relationship");
          return op;
        }
      for (guint i = 0; i < 3; i += 2)
        if (!is_bound (m, el[i]->slot))
          {
            KgEntityCheck check;
            KgScanKind kind;
            int index_prop, label_index;
            anchor_cost (P, el[i], &kind, &index_prop, &label_index);
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
      expand_spec_for (P, m, &spec, el[0], el[1], el[2], TRUE, FALSE);
      kg_entity_check_clear (&spec.dst_check); /* already checked */
      if (el[1]->min_hops > 1)
        {
          ERR (P, KG_QUERY_ERROR_SEMANTIC, &el[1]->span, "shortestPath() only allows a minimum length of 0 or 1");
          kg_expand_spec_clear (&spec);
          return op;
        }
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
      Pending *seek_conjunct = NULL;
      for (guint i = 0; i <= k; i++)
        {
          KgScanKind kind;
          int prop, label;
          double c = anchor_cost (P, el[2 * i], &kind, &prop, &label) * where_selectivity (m, el[2 * i]);
          const char *wkey;
          KgAst *wvalue;
          int wlabel;
          Pending *wconjunct;
          if (kind != KG_SCAN_INDEX && where_index (P, m, el[2 * i], &wkey, &wvalue, &wlabel, &wconjunct))
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
            }
        }
      KgAst *np = el[2 * anchor];
      KgEntityCheck check;
      node_check_for (&check, np, best_label);
      if (seek_key != NULL)
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
static KgOp *
plan_parts (Planner *P, MatchState *m, KgOp *op, GPtrArray *parts, KgScope *scope)
{
  GPtrArray *unplanned = g_ptr_array_new ();
  for (guint i = 0; i < parts->len; i++)
    g_ptr_array_add (unplanned, g_ptr_array_index (parts, i));
  while (unplanned->len > 0 && !failed (P))
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
static gboolean
declare_pattern (Planner *P, KgScope *scope, GPtrArray *parts, KgSlots *new_slots, gboolean allow_new, gboolean optional)
{
  guint null_bit = optional ? 1u << KG_VALUE_NULL : 0;
  GHashTable *rels_here = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean ok = TRUE;
  for (guint p = 0; p < parts->len && ok; p++)
    {
      KgAst *part = g_ptr_array_index (parts, p);
      for (guint i = 0; i < kg_ast_n_children (part) && ok; i++)
        {
          KgAst *el = kg_ast_child (part, i);
          gboolean rel = el->kind == KG_AST_REL_PATTERN;
          KgVarKind want = rel ? ((el->flags & KG_AST_F_VARLENGTH) ? KG_VAR_RELLIST : KG_VAR_REL) : KG_VAR_NODE;
          if (el->name == NULL)
            {
              el->slot = kg_binder_new_slot (&P->b);
              kg_slots_add (new_slots, el->slot);
              continue;
            }
          KgVar *v = kg_scope_lookup (scope, el->name);
          if (v && v->kind == KG_VAR_ANY)
            {
              guint mask = kg_binder_slot_type (&P->b, v->slot);
              guint need = kind_mask (want) | (want == KG_VAR_RELLIST ? 1u << KG_VALUE_EDGE : 0);
              if (mask != 0 && (mask & need) == 0 && mask != (1u << KG_VALUE_NULL))
                {
                  ok = ERR (P, KG_QUERY_ERROR_SEMANTIC, &el->span, "variable `%s` does not hold a %s",
                            el->name, rel ? "relationship" : "node");
                  break;
                }
            }
          if (v)
            {
              if (v->kind != want && v->kind != KG_VAR_ANY &&
                  !(rel && (v->kind == KG_VAR_REL || v->kind == KG_VAR_RELLIST) && (want == KG_VAR_REL || want == KG_VAR_RELLIST)))
                {
                  ok = ERR (P, KG_QUERY_ERROR_SEMANTIC, &el->span, "variable `%s` is already declared as %s, not %s",
                            el->name, kg_var_kind_name (v->kind), kg_var_kind_name (want));
                  break;
                }
              if (rel && g_hash_table_contains (rels_here, el->name))
                {
                  ok = ERR (P, KG_QUERY_ERROR_SEMANTIC, &el->span,
                            "cannot use the same relationship variable `%s` for several relationships", el->name);
                  break;
                }
              if (rel)
                g_hash_table_add (rels_here, el->name);
              el->slot = v->slot;
              continue;
            }
          if (!allow_new)
            {
              ok = ERR (P, KG_QUERY_ERROR_SEMANTIC, &el->span,
                        "a pattern expression cannot introduce the new variable `%s`", el->name);
              break;
            }
          v = kg_scope_declare (scope, el->name, want, kg_binder_new_slot (&P->b));
          kg_binder_set_type (&P->b, v->slot, kind_mask (want) | null_bit);
          if (!optional && want == KG_VAR_NODE && kg_ast_n_names (el) > 0 && P->b.slot_labels)
            g_hash_table_insert (P->b.slot_labels, GINT_TO_POINTER (v->slot + 1), (gpointer) kg_ast_name_at (el, 0));
          el->slot = v->slot;
          kg_slots_add (new_slots, v->slot);
          if (rel)
            g_hash_table_add (rels_here, el->name);
        }
      if (ok && part->name)
        {
          if (kg_scope_lookup (scope, part->name))
            {
              ok = ERR (P, KG_QUERY_ERROR_SEMANTIC, &part->span, "variable `%s` already declared", part->name);
              break;
            }
          if (!allow_new)
            {
              ok = ERR (P, KG_QUERY_ERROR_SEMANTIC, &part->span,
                        "a pattern expression cannot introduce the new variable `%s`", part->name);
              break;
            }
          KgVar *v = kg_scope_declare (scope, part->name, KG_VAR_PATH, kg_binder_new_slot (&P->b));
          kg_binder_set_type (&P->b, v->slot, kind_mask (KG_VAR_PATH) | null_bit);
          kg_slots_add (new_slots, v->slot);
        }
    }
  g_hash_table_destroy (rels_here);
  return ok;
}

/* Binds the property maps of a pattern's elements. */
static gboolean
bind_pattern_props (Planner *P, KgScope *scope, GPtrArray *parts)
{
  const char *saved = P->b.agg_context;
  P->b.agg_context = "a pattern";
  for (guint p = 0; p < parts->len; p++)
    {
      KgAst *part = g_ptr_array_index (parts, p);
      for (guint i = 0; i < kg_ast_n_children (part); i++)
        {
          KgAst *el = kg_ast_child (part, i);
          KgAst *props = kg_ast_child (el, 0);
          if (props && props->kind == KG_AST_PARAMETER)
            return ERR (P, KG_QUERY_ERROR_SYNTAX, &props->span,
                        "a parameter cannot stand for the properties of a pattern to match; write {key: $param.key}");
          if (props && !kg_bind_expr (&P->b, scope, props, 0))
            return FALSE;
          if (el->kind == KG_AST_REL_PATTERN && (el->flags & KG_AST_F_VARLENGTH) &&
              el->min_hops >= 0 && el->max_hops >= 0 && el->min_hops > el->max_hops)
            {
              /* an empty range matches nothing; allowed */
            }
        }
    }
  P->b.agg_context = saved;
  return TRUE;
}

static GPtrArray *
pattern_parts (KgAst *pattern)
{
  GPtrArray *parts = g_ptr_array_new ();
  if (pattern->kind == KG_AST_PATTERN_PART)
    g_ptr_array_add (parts, pattern);
  else
    for (guint i = 0; i < kg_ast_n_children (pattern); i++)
      g_ptr_array_add (parts, kg_ast_child (pattern, i));
  return parts;
}

static KgOp *
plan_match (Planner *P, KgOp *op, KgScope *scope, KgAst *clause)
{
  KgAst *pattern = kg_ast_child (clause, 0);
  KgAst *where = kg_ast_child (clause, 1);
  gboolean optional = (clause->flags & KG_AST_F_OPTIONAL) != 0;
  GPtrArray *parts = pattern_parts (pattern);
  MatchState m;
  match_state_init (&m, scope);
  KgSlots new_slots = { 0 };
  if (declare_pattern (P, scope, parts, &new_slots, TRUE, optional) && bind_pattern_props (P, scope, parts))
    {
      if (where)
        {
          P->b.agg_context = "WHERE";
          bind_checked (P, scope, where, 0, TRUE);
          P->b.agg_context = NULL;
        }
      if (!failed (P))
        {
          KgOp *in = optional ? kg_op_argument_new (P->exec) : op;
          if (where)
            {
              m.pending = g_ptr_array_new_with_free_func (pending_free);
              split_conjuncts (where, scope, m.pending);
              in = place_filters (P, &m, in);
            }
          KgOp *body = plan_parts (P, &m, in, parts, scope);
          for (guint i = 0; m.pending && i < m.pending->len; i++)
            {
              Pending *c = g_ptr_array_index (m.pending, i);
              if (!c->placed)
                body = kg_op_filter_new (P->exec, body, c->expr);
            }
          if (optional)
            op = kg_op_optional_new (P->exec, op, body, &new_slots);
          else
            op = body;
        }
    }
  kg_slots_clear (&new_slots);
  match_state_clear (&m);
  g_ptr_array_free (parts, TRUE);
  return op;
}

/* --- Pattern expressions -------------------------------------------------------- */

gboolean
kg_plan_pattern_expr (KgBinder *b, KgScope *scope, KgAst *expr)
{
  Planner *P = (Planner *) b;
  g_autoptr (KgScope) inner = kg_scope_new (scope);
  KgAst *pattern = NULL, *where = NULL, *projection = NULL;
  gboolean allow_new = TRUE;
  switch (expr->kind)
    {
    case KG_AST_PATTERN_PREDICATE:
      pattern = kg_ast_child (expr, 0);
      allow_new = FALSE;
      break;
    case KG_AST_PATTERN_PART:
      pattern = expr;
      allow_new = FALSE;
      break;
    case KG_AST_PATTERN_COMPREHENSION:
      pattern = kg_ast_child (expr, 0);
      where = kg_ast_child (expr, 1);
      projection = kg_ast_child (expr, 2);
      if (expr->name && pattern->name == NULL)
        pattern->name = g_strdup (expr->name);
      break;
    case KG_AST_EXISTS_SUBQUERY:
      pattern = kg_ast_child (expr, 0);
      where = kg_ast_child (expr, 1);
      break;
    default:
      g_assert_not_reached ();
    }
  KgOp *op = kg_op_argument_new (P->exec);
  if (pattern->kind == KG_AST_SINGLE_QUERY)
    {
      KgScope *sq_scope = kg_scope_new (scope);
      op = plan_clauses (P, op, &sq_scope, pattern, TRUE);
      kg_scope_free (sq_scope);
    }
  else
    {
      GPtrArray *parts = pattern_parts (pattern);
      MatchState m;
      match_state_init (&m, scope);
      KgSlots new_slots = { 0 };
      if (declare_pattern (P, inner, parts, &new_slots, allow_new, FALSE) && bind_pattern_props (P, inner, parts))
        op = plan_parts (P, &m, op, parts, inner);
      kg_slots_clear (&new_slots);
      match_state_clear (&m);
      g_ptr_array_free (parts, TRUE);
    }
  if (!failed (P) && where)
    {
      if (kg_bind_expr (b, inner, where, 0))
        op = kg_op_filter_new (P->exec, op, where);
    }
  if (!failed (P) && projection)
    kg_bind_expr (b, inner, projection, 0);
  if (failed (P))
    {
      kg_op_free (op);
      return FALSE;
    }
  KgSubplan *sp = g_new0 (KgSubplan, 1);
  sp->root = op;
  sp->projection = projection;
  sp->path_slot = -1;
  g_hash_table_insert (P->plan->subplans, expr, sp);
  return TRUE;
}

static void
subplan_free (gpointer p)
{
  KgSubplan *sp = p;
  kg_op_free (sp->root);
  g_free (sp);
}

/* --- Projections ---------------------------------------------------------------- */

typedef struct
{
  const char *name;
  KgAst *expr;
  gboolean agg;
  int slot;
  KgAst *item; /* for spans */
} Item;

/* Marks subtrees equal to an item's expression to be read from the item's slot. */
static void
premark (KgAst *e, GArray *items, gboolean only_keys)
{
  if (e == NULL || e->slot >= 0)
    return;
  for (guint i = 0; i < items->len; i++)
    {
      Item *it = &g_array_index (items, Item, i);
      if (only_keys && it->agg)
        continue;
      if (kg_ast_equal (e, it->expr))
        {
          e->slot = it->slot;
          return;
        }
    }
  for (guint i = 0; i < kg_ast_n_children (e); i++)
    premark (kg_ast_child (e, i), items, only_keys);
}

/* In an aggregating projection, a variable outside aggregate calls must be a key. */
static gboolean
check_ambiguous (Planner *P, KgScope *old, KgAst *e, GArray *items)
{
  if (e == NULL)
    return TRUE;
  const KgFunction *fn = kg_ast_call_function (e);
  if (fn != NULL && fn->agg != KG_AGG_NONE)
    return TRUE;
  if (e->kind == KG_AST_VARIABLE)
    {
      for (guint i = 0; i < items->len; i++)
        {
          Item *it = &g_array_index (items, Item, i);
          if (!it->agg && it->expr->kind == KG_AST_VARIABLE && it->expr->slot == e->slot && e->slot >= 0)
            return TRUE;
          if (e->slot < 0 && strcmp (it->name, e->name) == 0)
            return TRUE; /* a projected name (ORDER BY) */
        }
      KgVar *v = kg_scope_lookup (old, e->name);
      if (v && (v->slot == e->slot || e->slot < 0))
        return ERR (P, KG_QUERY_ERROR_SEMANTIC, &e->span,
                    "`%s` is used next to an aggregate but is not a grouping key; "
                    "project it as its own item as well",
                    e->name);
      return TRUE;
    }
  /* a grouping key that is a property of a variable may be used as is */
  if (e->kind == KG_AST_PROPERTY && kg_ast_child (e, 0) && kg_ast_child (e, 0)->kind == KG_AST_VARIABLE)
    for (guint i = 0; i < items->len; i++)
      {
        Item *it = &g_array_index (items, Item, i);
        if (!it->agg && kg_ast_equal (e, it->expr))
          return TRUE;
      }
  for (guint i = 0; i < kg_ast_n_children (e); i++)
    if (!check_ambiguous (P, old, kg_ast_child (e, i), items))
      return FALSE;
  return TRUE;
}

static gboolean
contains_kind (const KgAst *e, KgAstKind kind)
{
  if (e == NULL)
    return FALSE;
  if (e->kind == kind)
    return TRUE;
  for (guint i = 0; i < kg_ast_n_children (e); i++)
    if (contains_kind (kg_ast_child (e, i), kind))
      return TRUE;
  return FALSE;
}

static gboolean
contains_variable (const KgAst *e)
{
  return contains_kind (e, KG_AST_VARIABLE);
}

static gboolean
check_count_expr (Planner *P, KgScope *scope, KgAst *e, const char *what)
{
  if (e == NULL)
    return TRUE;
  if (contains_variable (e))
    return ERR (P, KG_QUERY_ERROR_SYNTAX, &e->span, "%s must be a constant expression, not one that reads variables", what);
  if (!kg_bind_expr (&P->b, scope, e, 0))
    return FALSE;
  if (!contains_kind (e, KG_AST_PARAMETER) && expr_is_constant (e))
    {
      /* a constant count is checked now, so its errors come at compile time */
      KgEvalEnv env = { 0 };
      env.graph = P->exec->graph;
      env.params = P->b.params;
      env.filename = P->exec->filename;
      KgValue v = KG_VALUE_INIT;
      GError *local = NULL;
      if (!kg_expr_eval (&env, e, &v, &local))
        {
          kg_query_error_set_compile_time (local, TRUE);
          g_propagate_error (P->b.error, local);
          return FALSE;
        }
      gboolean ok = TRUE;
      if (v.type != KG_VALUE_INT)
        ok = ERR (P, KG_QUERY_ERROR_SYNTAX, &e->span, "%s expects a non-negative integer, got %s", what,
                  kg_value_type_name (v.type));
      else if (v.u.i < 0)
        ok = ERR (P, KG_QUERY_ERROR_SYNTAX, &e->span, "%s expects a non-negative integer, got %" G_GINT64_FORMAT, what,
                  v.u.i);
      kg_value_clear (&v);
      return ok;
    }
  return TRUE;
}

static int
compare_var_names (gconstpointer a, gconstpointer b)
{
  const KgVar *x = *(KgVar *const *) a, *y = *(KgVar *const *) b;
  return strcmp (x->name, y->name);
}

static KgAst *
synthetic_variable (Planner *P, const char *name, int slot, const KgSpan *span)
{
  KgAst *v = kg_ast_new (KG_AST_VARIABLE, span);
  v->name = g_strdup (name);
  v->slot = slot;
  g_ptr_array_add (P->plan->owned, v);
  return v;
}

/* WITH and RETURN. Replaces *@scope with the projection's scope. */
static KgOp *
plan_projection (Planner *P, KgOp *op, KgScope **scope, KgAst *clause, gboolean is_return, gboolean final)
{
  KgScope *old = *scope;
  KgAst *list = kg_ast_child (clause, 0);
  KgAst *order = kg_ast_child (clause, 1);
  KgAst *skip = kg_ast_child (clause, 2);
  KgAst *limit = kg_ast_child (clause, 3);
  KgAst *where = clause->kind == KG_AST_RETURN ? NULL : kg_ast_child (clause, 4);
  gboolean distinct = (clause->flags & KG_AST_F_DISTINCT) != 0;
  const char *kw = is_return ? "RETURN" : "WITH";
  GArray *items = g_array_new (FALSE, TRUE, sizeof (Item));
  GPtrArray *aggs = g_ptr_array_new ();
  KgScope *next = kg_scope_new (NULL);

  if (list->flags & KG_AST_F_STAR)
    {
      GPtrArray *vars = g_ptr_array_new ();
      for (guint i = 0; i < old->vars->len; i++)
        {
          KgVar *v = g_ptr_array_index (old->vars, i);
          if (kg_scope_lookup_local (old, v->name) == v)
            g_ptr_array_add (vars, v);
        }
      g_ptr_array_sort (vars, compare_var_names);
      if (vars->len == 0 && kg_ast_n_children (list) == 0 && clause->kind == KG_AST_RETURN)
        ERR (P, KG_QUERY_ERROR_SEMANTIC, &list->span, "%s * is not allowed when there are no variables in scope", kw);
      for (guint i = 0; i < vars->len; i++)
        {
          KgVar *v = g_ptr_array_index (vars, i);
          Item it = { v->name, synthetic_variable (P, v->name, v->slot, &list->span), FALSE, -1, NULL };
          g_array_append_val (items, it);
        }
      g_ptr_array_free (vars, TRUE);
    }
  for (guint i = 0; i < kg_ast_n_children (list) && !failed (P); i++)
    {
      KgAst *pi = kg_ast_child (list, i);
      KgAst *e = kg_ast_child (pi, 0);
      if (!is_return && !(pi->flags & KG_AST_F_ALIASED) && e->kind != KG_AST_VARIABLE)
        {
          ERR (P, KG_QUERY_ERROR_SEMANTIC, &e->span, "expression in WITH must be aliased (use AS)");
          break;
        }
      if (e->kind == KG_AST_PATTERN_PREDICATE)
        {
          ERR (P, KG_QUERY_ERROR_SYNTAX, &e->span, "a pattern can only be used as a value inside exists() or a WHERE condition");
          break;
        }
      Item it = { pi->name, e, FALSE, -1, pi };
      g_array_append_val (items, it);
    }
  /* column names */
  for (guint i = 0; i < items->len && !failed (P); i++)
    for (guint j = 0; j < i; j++)
      {
        Item *a = &g_array_index (items, Item, i), *b = &g_array_index (items, Item, j);
        if (strcmp (a->name, b->name) == 0)
          {
            ERR (P, KG_QUERY_ERROR_SEMANTIC, a->item ? &a->item->span : &list->span,
                 "multiple result columns with the same name `%s`", a->name);
            break;
          }
      }
  /* bind */
  P->b.aggs = aggs;
  P->b.agg_context = kw;
  for (guint i = 0; i < items->len && !failed (P); i++)
    {
      Item *it = &g_array_index (items, Item, i);
      guint before = aggs->len;
      if (it->expr->slot < 0 || it->expr->kind != KG_AST_VARIABLE)
        bind_checked (P, old, it->expr, KG_BIND_AGG_OK, FALSE);
      it->agg = aggs->len > before;
      it->slot = kg_binder_new_slot (&P->b);
      if (!failed (P))
        kg_binder_set_type (&P->b, it->slot,
                            it->expr->kind == KG_AST_VARIABLE ? kg_binder_slot_type (&P->b, it->expr->slot)
                                                              : kg_expr_static_types (it->expr, kg_binder_var_types, &P->b));
    }
  P->b.aggs = NULL;
  P->b.agg_context = NULL;
  gboolean aggregating = aggs->len > 0;
  if (aggregating)
    for (guint i = 0; i < items->len && !failed (P); i++)
      {
        Item *it = &g_array_index (items, Item, i);
        if (it->agg)
          check_ambiguous (P, old, it->expr, items);
      }
  if (failed (P))
    goto out;

  if (aggregating)
    {
      GArray *keys = g_array_new (FALSE, FALSE, sizeof (KgProjItem));
      GArray *post = g_array_new (FALSE, FALSE, sizeof (KgProjItem));
      GArray *ag = g_array_new (FALSE, FALSE, sizeof (KgAggItem));
      for (guint i = 0; i < items->len; i++)
        {
          Item *it = &g_array_index (items, Item, i);
          KgProjItem pi = { it->expr, it->slot };
          g_array_append_val (it->agg ? post : keys, pi);
        }
      /* post items read keys from the key slots */
      for (guint i = 0; i < items->len; i++)
        {
          Item *it = &g_array_index (items, Item, i);
          if (it->agg)
            for (guint c = 0; c < kg_ast_n_children (it->expr); c++)
              premark (kg_ast_child (it->expr, c), items, TRUE);
        }
      for (guint i = 0; i < aggs->len; i++)
        {
          KgAst *call = g_ptr_array_index (aggs, i);
          KgAggItem a = { call, call->slot, NULL };
          /* count(v.key) of a node that always has a label: count(*) if every node with
           * that label has the key (decided when the rows come) */
          KgAst *arg = kg_ast_child (call, 0);
          if (!P->plan->has_writes && call->function->agg == KG_AGG_COUNT &&
              !(call->flags & (KG_AST_F_DISTINCT | KG_AST_F_STAR)) &&
              kg_ast_n_children (call) == 1 && arg && arg->kind == KG_AST_PROPERTY && arg->slot < 0 &&
              kg_ast_child (arg, 0) && kg_ast_child (arg, 0)->kind == KG_AST_VARIABLE)
            a.label = g_hash_table_lookup (P->b.slot_labels, GINT_TO_POINTER (kg_ast_child (arg, 0)->slot + 1));
          g_array_append_val (ag, a);
        }
      op = kg_op_aggregate_new (P->exec, op, (KgProjItem *) keys->data, keys->len, (KgAggItem *) ag->data, ag->len,
                                (KgProjItem *) post->data, post->len);
      g_array_free (keys, TRUE);
      g_array_free (post, TRUE);
      g_array_free (ag, TRUE);
    }
  else
    {
      GArray *pis = g_array_new (FALSE, FALSE, sizeof (KgProjItem));
      for (guint i = 0; i < items->len; i++)
        {
          Item *it = &g_array_index (items, Item, i);
          KgProjItem pi = { it->expr, it->slot };
          g_array_append_val (pis, pi);
        }
      op = kg_op_project_new (P->exec, op, (KgProjItem *) pis->data, pis->len);
      g_array_free (pis, TRUE);
    }
  KgSlots cols = { 0 };
  for (guint i = 0; i < items->len; i++)
    {
      Item *it = &g_array_index (items, Item, i);
      kg_slots_add (&cols, it->slot);
      KgVarKind kind = KG_VAR_ANY;
      if (it->expr->kind == KG_AST_VARIABLE)
        {
          KgVar *src = kg_scope_lookup (old, it->expr->name);
          if (src)
            kind = src->kind;
        }
      kg_scope_declare (next, it->name, kind, it->slot);
    }
  if (distinct)
    op = kg_op_distinct_new (P->exec, op, &cols);
  if (final)
    {
      P->plan->columns = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < items->len; i++)
        g_ptr_array_add (P->plan->columns, g_strdup (g_array_index (items, Item, i).name));
      kg_slots_clear (&P->plan->column_slots);
      kg_slots_copy (&P->plan->column_slots, &cols);
    }
  kg_slots_clear (&cols);

  if (order)
    {
      /* ORDER BY sees the projected names and, unless the projection aggregated or
       * removed duplicates, the variables from before it. */
      KgScope *sort_scope = kg_scope_new (NULL);
      if (!aggregating && !distinct)
        for (guint i = 0; i < old->vars->len; i++)
          {
            KgVar *v = g_ptr_array_index (old->vars, i);
            kg_scope_declare (sort_scope, v->name, v->kind, v->slot);
          }
      for (guint i = 0; i < next->vars->len; i++)
        {
          KgVar *v = g_ptr_array_index (next->vars, i);
          kg_scope_declare (sort_scope, v->name, v->kind, v->slot);
        }
      GArray *keys = g_array_new (FALSE, FALSE, sizeof (KgSortKey));
      P->b.agg_context = "ORDER BY";
      for (guint i = 0; i < kg_ast_n_children (order) && !failed (P); i++)
        {
          KgAst *si = kg_ast_child (order, i);
          KgAst *e = kg_ast_child (si, 0);
          if (aggregating && kg_ast_contains_aggregate (e) && !check_ambiguous (P, old, e, items))
            break;
          premark (e, items, FALSE);
          if (e->slot < 0 || e->kind == KG_AST_VARIABLE)
            {
              if (e->slot < 0 && !bind_checked (P, sort_scope, e, 0, FALSE))
                break;
            }
          KgSortKey k = { e, -1, (si->flags & KG_AST_F_DESC) != 0 };
          if (e->slot >= 0 && e->kind != KG_AST_FUNCTION_CALL)
            k.slot = e->slot;
          g_array_append_val (keys, k);
        }
      P->b.agg_context = NULL;
      kg_scope_free (sort_scope);
      if (!failed (P) && check_count_expr (P, next, skip, "SKIP") && check_count_expr (P, next, limit, "LIMIT"))
        op = kg_op_sort_new (P->exec, op, (KgSortKey *) keys->data, keys->len, skip, limit);
      g_array_free (keys, TRUE);
    }
  else if (!check_count_expr (P, next, skip, "SKIP") || !check_count_expr (P, next, limit, "LIMIT"))
    goto out;
  if (failed (P))
    goto out;
  if (skip)
    op = kg_op_skip_new (P->exec, op, skip);
  if (limit)
    op = kg_op_limit_new (P->exec, op, limit, P->plan->has_writes);
  if (where)
    {
      /* WITH ... WHERE sees the projected names and, unless the projection
       * aggregated, the variables from before it (their slots are still intact) */
      KgScope *where_scope = kg_scope_new (NULL);
      if (!aggregating)
        for (guint i = 0; i < old->vars->len; i++)
          {
            KgVar *v = g_ptr_array_index (old->vars, i);
            kg_scope_declare (where_scope, v->name, v->kind, v->slot);
          }
      for (guint i = 0; i < next->vars->len; i++)
        {
          KgVar *v = g_ptr_array_index (next->vars, i);
          kg_scope_declare (where_scope, v->name, v->kind, v->slot);
        }
      P->b.agg_context = "WHERE";
      if (bind_checked (P, where_scope, where, 0, TRUE))
        op = kg_op_filter_new (P->exec, op, where);
      P->b.agg_context = NULL;
      kg_scope_free (where_scope);
    }
out:
  g_array_free (items, TRUE);
  g_ptr_array_free (aggs, TRUE);
  *scope = next;
  kg_scope_free (old);
  return op;
}

/* --- Writes --------------------------------------------------------------------- */

static gboolean
check_node_reuse (Planner *P, KgAst *np, KgVar *v, gboolean single)
{
  if (v->kind != KG_VAR_NODE && v->kind != KG_VAR_ANY)
    return ERR (P, KG_QUERY_ERROR_SEMANTIC, &np->span, "variable `%s` is already declared as %s, not Node", np->name,
                kg_var_kind_name (v->kind));
  if (kg_ast_n_names (np) > 0 || kg_ast_child (np, 0) || single)
    return ERR (P, KG_QUERY_ERROR_SEMANTIC, &np->span, "variable `%s` already declared", np->name);
  return TRUE;
}

/* Builds the create spec for one pattern part, declaring its new variables. */
static KgCreateSpec *
create_spec_for (Planner *P, KgScope *scope, KgAst *part, gboolean merge, GHashTable *bound_before)
{
  KgCreateSpec *spec = g_new0 (KgCreateSpec, 1);
  spec->items = g_array_new (FALSE, TRUE, sizeof (KgCreateItem));
  spec->path_slot = -1;
  guint n = kg_ast_n_children (part);
  for (guint i = 0; i < n && !failed (P); i += 2)
    {
      KgAst *np = kg_ast_child (part, i);
      KgCreateItem it = { 0 };
      it.slot = -1;
      it.span = np->span;
      KgVar *v = np->name ? kg_scope_lookup (scope, np->name) : NULL;
      if (v && (bound_before == NULL || g_hash_table_contains (bound_before, GINT_TO_POINTER (v->slot + 1))))
        {
          if (!check_node_reuse (P, np, v, n == 1))
            break;
          it.exists = TRUE;
          it.slot = v->slot;
        }
      else if (v)
        {
          it.exists = TRUE; /* declared earlier in this pattern */
          it.slot = v->slot;
          if (kg_ast_n_names (np) > 0 || kg_ast_child (np, 0))
            {
              ERR (P, KG_QUERY_ERROR_SEMANTIC, &np->span, "variable `%s` already declared", np->name);
              break;
            }
        }
      else
        {
          it.slot = np->name ? kg_scope_declare (scope, np->name, KG_VAR_NODE, kg_binder_new_slot (&P->b))->slot
                             : kg_binder_new_slot (&P->b);
          kg_binder_set_type (&P->b, it.slot, 1u << KG_VALUE_NODE);
          it.labels = g_ptr_array_new_with_free_func (g_free);
          for (guint l = 0; l < kg_ast_n_names (np); l++)
            g_ptr_array_add (it.labels, g_strdup (kg_ast_name_at (np, l)));
          it.props = kg_ast_child (np, 0);
        }
      np->slot = it.slot;
      g_array_append_val (spec->items, it);
    }
  for (guint i = 1; i < n && !failed (P); i += 2)
    {
      KgAst *rp = kg_ast_child (part, i);
      const char *what = merge ? "MERGE" : "CREATE";
      if (kg_ast_n_names (rp) != 1)
        {
          ERR (P, KG_QUERY_ERROR_SEMANTIC, &rp->span, "a relationship in %s needs exactly one type", what);
          break;
        }
      if (rp->flags & KG_AST_F_VARLENGTH)
        {
          ERR (P, KG_QUERY_ERROR_SEMANTIC, &rp->span, "%s cannot create a variable-length relationship", what);
          break;
        }
      if (!merge && rp->op != KG_AST_DIR_RIGHT && rp->op != KG_AST_DIR_LEFT)
        {
          ERR (P, KG_QUERY_ERROR_SEMANTIC, &rp->span, "a relationship in CREATE must have a direction");
          break;
        }
      if (rp->name && kg_scope_lookup (scope, rp->name))
        {
          ERR (P, KG_QUERY_ERROR_SEMANTIC, &rp->span, "variable `%s` already declared", rp->name);
          break;
        }
      KgCreateItem it = { 0 };
      it.rel = TRUE;
      it.slot = rp->name ? kg_scope_declare (scope, rp->name, KG_VAR_REL, kg_binder_new_slot (&P->b))->slot
                         : kg_binder_new_slot (&P->b);
      kg_binder_set_type (&P->b, it.slot, 1u << KG_VALUE_EDGE);
      rp->slot = it.slot;
      int left = kg_ast_child (part, i - 1)->slot, right = kg_ast_child (part, i + 1)->slot;
      it.src_slot = rp->op == KG_AST_DIR_LEFT ? right : left;
      it.dst_slot = rp->op == KG_AST_DIR_LEFT ? left : right;
      it.type = g_strdup (kg_ast_name_at (rp, 0));
      it.props = kg_ast_child (rp, 0);
      it.span = rp->span;
      it.src_span = kg_ast_child (part, rp->op == KG_AST_DIR_LEFT ? i + 1 : i - 1)->span;
      it.dst_span = kg_ast_child (part, rp->op == KG_AST_DIR_LEFT ? i - 1 : i + 1)->span;
      g_array_append_val (spec->items, it);
    }
  if (!failed (P) && part->name)
    {
      if (kg_scope_lookup (scope, part->name))
        ERR (P, KG_QUERY_ERROR_SEMANTIC, &part->span, "variable `%s` already declared", part->name);
      else
        {
          spec->path_slot = kg_scope_declare (scope, part->name, KG_VAR_PATH, kg_binder_new_slot (&P->b))->slot;
          for (guint i = 0; i < n; i++)
            kg_slots_add (i % 2 ? &spec->path_rels : &spec->path_nodes, kg_ast_child (part, i)->slot);
        }
    }
  /* property maps see the variables declared so far */
  for (guint i = 0; i < n && !failed (P); i++)
    {
      KgAst *props = kg_ast_child (kg_ast_child (part, i), 0);
      if (props)
        {
          P->b.agg_context = merge ? "MERGE" : "CREATE";
          kg_bind_expr (&P->b, scope, props, 0);
          P->b.agg_context = NULL;
        }
    }
  return spec;
}

static void
create_spec_free (gpointer p)
{
  kg_create_spec_clear (p);
  g_free (p);
}

static GHashTable *
bound_slots (KgScope *scope)
{
  GHashTable *t = g_hash_table_new (g_direct_hash, g_direct_equal);
  for (KgScope *s = scope; s; s = s->parent)
    for (guint i = 0; i < s->vars->len; i++)
      g_hash_table_add (t, GINT_TO_POINTER (((KgVar *) g_ptr_array_index (s->vars, i))->slot + 1));
  return t;
}

static KgOp *
plan_create (Planner *P, KgOp *op, KgScope *scope, KgAst *clause)
{
  GPtrArray *parts = pattern_parts (kg_ast_child (clause, 0));
  GPtrArray *specs = g_ptr_array_new_with_free_func (create_spec_free);
  GHashTable *before = bound_slots (scope);
  for (guint i = 0; i < parts->len && !failed (P); i++)
    g_ptr_array_add (specs, create_spec_for (P, scope, g_ptr_array_index (parts, i), FALSE, before));
  g_hash_table_destroy (before);
  if (!failed (P))
    {
      g_ptr_array_set_free_func (specs, NULL);
      op = kg_op_create_new (P->exec, op, specs);
    }
  g_ptr_array_free (specs, TRUE);
  g_ptr_array_free (parts, TRUE);
  P->plan->has_writes = TRUE;
  return op;
}

static gboolean
bind_set_items (Planner *P, KgScope *scope, KgAst *set)
{
  P->b.agg_context = set->kind == KG_AST_REMOVE ? "REMOVE" : "SET";
  for (guint i = 0; i < kg_ast_n_children (set) && !failed (P); i++)
    {
      KgAst *item = kg_ast_child (set, i);
      for (guint c = 0; c < kg_ast_n_children (item); c++)
        {
          KgAst *e = kg_ast_child (item, c);
          if (c > 0 && e && e->kind == KG_AST_PATTERN_PREDICATE)
            {
              ERR (P, KG_QUERY_ERROR_SYNTAX, &e->span, "a pattern can only be used as a value inside exists() or a WHERE condition");
              break;
            }
          kg_bind_expr (&P->b, scope, e, 0);
        }
    }
  P->b.agg_context = NULL;
  return !failed (P);
}

static KgOp *
plan_merge (Planner *P, KgOp *op, KgScope *scope, KgAst *clause)
{
  KgAst *part = kg_ast_child (clause, 0);
  GHashTable *before = bound_slots (scope);
  /* the match side: declare the pattern's new variables, plan it over an Argument */
  GPtrArray *parts = pattern_parts (part);
  for (guint i = 0; i < kg_ast_n_children (part); i++)
    {
      KgAst *el = kg_ast_child (part, i);
      KgAst *props = kg_ast_child (el, 0);
      if (props && props->kind == KG_AST_PARAMETER)
        {
          ERR (P, KG_QUERY_ERROR_SYNTAX, &props->span,
               "a parameter cannot stand for the properties of a pattern to merge; write {key: $param.key}");
          break;
        }
      if (el->kind == KG_AST_NODE_PATTERN && el->name && kg_ast_n_children (part) == 1)
        {
          KgVar *v = kg_scope_lookup (scope, el->name);
          if (v)
            {
              ERR (P, KG_QUERY_ERROR_SEMANTIC, &el->span, "variable `%s` already declared", el->name);
              break;
            }
        }
      if (el->kind == KG_AST_REL_PATTERN && el->name && kg_scope_lookup (scope, el->name))
        {
          ERR (P, KG_QUERY_ERROR_SEMANTIC, &el->span, "variable `%s` already declared", el->name);
          break;
        }
    }
  KgCreateSpec *spec = NULL;
  KgOp *match = NULL;
  if (!failed (P))
    {
      /* the create side declares the new variables (and checks CREATE's rules) */
      spec = create_spec_for (P, scope, part, TRUE, before);
    }
  if (!failed (P))
    {
      MatchState m;
      match_state_init (&m, NULL);
      GHashTableIter it;
      gpointer key;
      g_hash_table_iter_init (&it, before);
      while (g_hash_table_iter_next (&it, &key, NULL))
        g_hash_table_add (m.bound, key);
      match = plan_parts (P, &m, kg_op_argument_new (P->exec), parts, scope);
      match_state_clear (&m);
    }
  for (guint i = 1; i < kg_ast_n_children (clause) && !failed (P); i++)
    {
      KgAst *action = kg_ast_child (clause, i);
      bind_set_items (P, scope, kg_ast_child (action, 0));
    }
  if (!failed (P))
    {
      KgSlots none = { 0 };
      op = kg_op_merge_new (P->exec, op, match, spec, &none, clause, NULL);
      match = NULL;
    }
  kg_op_free (match);
  if (spec)
    create_spec_free (spec);
  g_ptr_array_free (parts, TRUE);
  g_hash_table_destroy (before);
  P->plan->has_writes = TRUE;
  return op;
}

static KgOp *
plan_delete (Planner *P, KgOp *op, KgScope *scope, KgAst *clause)
{
  P->b.agg_context = "DELETE";
  for (guint i = 0; i < kg_ast_n_children (clause) && !failed (P); i++)
    {
      KgAst *e = kg_ast_child (clause, i);
      switch (e->kind)
        {
        case KG_AST_LITERAL:
        case KG_AST_LIST:
        case KG_AST_MAP:
        case KG_AST_BINARY_OP:
        case KG_AST_UNARY_OP:
        case KG_AST_IS_NULL:
        case KG_AST_LABEL_CHECK:
          ERR (P, KG_QUERY_ERROR_SEMANTIC, &e->span, "DELETE expects a node, relationship or path");
          break;
        default:
          kg_bind_expr (&P->b, scope, e, 0);
          if (!failed (P) && e->kind == KG_AST_VARIABLE)
            {
              KgVar *v = kg_scope_lookup (scope, e->name);
              if (v && v->kind == KG_VAR_RELLIST)
                ERR (P, KG_QUERY_ERROR_SEMANTIC, &e->span, "DELETE expects a node, relationship or path");
            }
        }
    }
  P->b.agg_context = NULL;
  P->plan->has_writes = TRUE;
  if (failed (P))
    return op;
  return kg_op_delete_new (P->exec, op, clause);
}

/* --- Clauses -------------------------------------------------------------------- */

static KgOp *
plan_unwind (Planner *P, KgOp *op, KgScope *scope, KgAst *clause)
{
  KgAst *list = kg_ast_child (clause, 0);
  KgAst *alias = kg_ast_child (clause, 1);
  P->b.agg_context = "UNWIND";
  if (!bind_checked (P, scope, list, 0, FALSE))
    return op;
  P->b.agg_context = NULL;
  if (kg_scope_lookup (scope, alias->name))
    {
      ERR (P, KG_QUERY_ERROR_SEMANTIC, &alias->span, "variable `%s` already declared", alias->name);
      return op;
    }
  KgVar *v = kg_scope_declare (scope, alias->name, KG_VAR_ANY, kg_binder_new_slot (&P->b));
  alias->slot = v->slot;
  return kg_op_unwind_new (P->exec, op, list, v->slot);
}

/* CALL of a table procedure (engine/procedure.c): checks the arguments against the
 * signature (count, literal types, implicit arguments from parameters in a standalone
 * call) and the YIELD list, then plans a TableCall. */
static KgOp *
plan_table_call (Planner *P, KgOp *op, KgScope *scope, KgAst *clause, gboolean standalone, const KgProcedure *proc)
{
  guint n_in = proc->in_names->len;
  guint n_out = proc->out_names->len;
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  if (clause->flags & KG_AST_F_STAR)
    {
      /* Called without parentheses: the arguments are the parameters of the same names. */
      if (!standalone && n_in > 0)
        {
          ERR (P, KG_QUERY_ERROR_SEMANTIC, &clause->span,
               "%s() takes arguments: pass them in parentheses (implicit arguments only work in a standalone CALL)", proc->name);
          return op;
        }
      for (guint i = 0; i < n_in; i++)
        {
          KgAst *param = kg_ast_new (KG_AST_PARAMETER, &clause->span);
          param->name = g_strdup (g_ptr_array_index (proc->in_names, i));
          g_ptr_array_add (P->plan->owned, param);
          g_ptr_array_add (args, param);
        }
    }
  else
    for (guint i = 0; i < kg_ast_n_children (clause); i++)
      g_ptr_array_add (args, kg_ast_child (clause, i));
  if (args->len != n_in)
    {
      ERR (P, KG_QUERY_ERROR_SEMANTIC, &clause->span, "%s() takes %u argument%s, not %u", proc->name, n_in,
           n_in == 1 ? "" : "s", args->len);
      return op;
    }
  P->b.agg_context = "CALL";
  for (guint i = 0; i < args->len && !failed (P); i++)
    {
      KgAst *arg = g_ptr_array_index (args, i);
      if (!bind_checked (P, scope, arg, 0, FALSE))
        break;
      const char *type = g_ptr_array_index (proc->in_types, i);
      if (arg->kind == KG_AST_LITERAL && !kg_procedure_type_accepts (type, &arg->value))
        ERR (P, KG_QUERY_ERROR_SEMANTIC, &arg->span, "%s() expects %s for `%s`, not %s", proc->name, type,
             (const char *) g_ptr_array_index (proc->in_names, i), kg_value_type_name (arg->value.type));
    }
  P->b.agg_context = NULL;
  if (failed (P))
    return op;

  /* What to yield: (column, variable) pairs. */
  g_autoptr (GPtrArray) cols = g_ptr_array_new ();
  g_autoptr (GPtrArray) vars = g_ptr_array_new ();
  GPtrArray *names = clause->names;
  gboolean star = names && names->len == 1 && strcmp (g_ptr_array_index (names, 0), "*") == 0;
  if (star && !standalone)
    {
      ERR (P, KG_QUERY_ERROR_SEMANTIC, &clause->span, "YIELD * is only allowed in a standalone CALL");
      return op;
    }
  if (!names || star)
    {
      if (standalone)
        for (guint i = 0; i < n_out; i++)
          {
            g_ptr_array_add (cols, g_ptr_array_index (proc->out_names, i));
            g_ptr_array_add (vars, g_ptr_array_index (proc->out_names, i));
          }
    }
  else
    {
      gboolean aliased = (clause->flags & KG_AST_F_ALIASED) != 0;
      for (guint i = 0; i < names->len; i += aliased ? 2 : 1)
        {
          g_ptr_array_add (cols, g_ptr_array_index (names, i));
          g_ptr_array_add (vars, g_ptr_array_index (names, aliased ? i + 1 : i));
        }
    }
  KgSlots out = { 0 };
  g_autofree int *out_cols = g_new0 (int, MAX (cols->len, 1));
  for (guint i = 0; i < cols->len && !failed (P); i++)
    {
      const char *c = g_ptr_array_index (cols, i);
      const char *v = g_ptr_array_index (vars, i);
      guint k = 0;
      while (k < n_out && strcmp (g_ptr_array_index (proc->out_names, k), c) != 0)
        k++;
      if (k == n_out)
        {
          ERR (P, KG_QUERY_ERROR_SEMANTIC, &clause->span, "%s() has no output `%s`", proc->name, c);
          break;
        }
      if (kg_scope_lookup (scope, v))
        {
          ERR (P, KG_QUERY_ERROR_SEMANTIC, &clause->span, "variable `%s` already declared", v);
          break;
        }
      out_cols[i] = (int) k;
      kg_slots_add (&out, kg_scope_declare (scope, v, KG_VAR_ANY, kg_binder_new_slot (&P->b))->slot);
    }
  if (!failed (P))
    {
      op = kg_op_table_call_new (P->exec, op, proc, args, &out, out_cols, !standalone);
      if (standalone)
        {
          P->plan->columns = g_ptr_array_new_with_free_func (g_free);
          for (guint i = 0; i < vars->len; i++)
            g_ptr_array_add (P->plan->columns, g_strdup (g_ptr_array_index (vars, i)));
          kg_slots_copy (&P->plan->column_slots, &out);
        }
    }
  kg_slots_clear (&out);
  return op;
}

static KgOp *
plan_call (Planner *P, KgOp *op, KgScope *scope, KgAst *clause, gboolean standalone)
{
  const KgProcedure *table_proc = kg_procedure_lookup (P->procedures, clause->name);
  if (table_proc)
    return plan_table_call (P, op, scope, clause, standalone, table_proc);
  static const struct
  {
    const char *name;
    const char *column;
  } procs[] = {
    { "db.labels", "label" },
    { "db.relationshipTypes", "relationshipType" },
    { "db.propertyKeys", "propertyKey" },
  };
  const char *column = NULL;
  const char *name = NULL;
  for (guint i = 0; i < G_N_ELEMENTS (procs); i++)
    if (g_ascii_strcasecmp (procs[i].name, clause->name) == 0)
      {
        column = procs[i].column;
        name = procs[i].name;
      }
  if (column == NULL)
    {
      ERR (P, KG_QUERY_ERROR_PROCEDURE, &clause->span, "there is no procedure `%s`", clause->name);
      return op;
    }
  if (kg_ast_n_children (clause) > 0)
    {
      ERR (P, KG_QUERY_ERROR_SEMANTIC, &clause->span, "%s() takes no arguments", name);
      return op;
    }
  GPtrArray *yield = g_ptr_array_new ();
  if (clause->names)
    for (guint i = 0; i < clause->names->len; i++)
      g_ptr_array_add (yield, g_ptr_array_index (clause->names, i));
  else
    g_ptr_array_add (yield, (gpointer) column);
  KgSlots out = { 0 };
  for (guint i = 0; i < yield->len && !failed (P); i++)
    {
      const char *y = g_ptr_array_index (yield, i);
      if (strcmp (y, column) != 0)
        {
          ERR (P, KG_QUERY_ERROR_SEMANTIC, &clause->span, "%s() has no output `%s`", name, y);
          break;
        }
      if (kg_scope_lookup (scope, y))
        {
          ERR (P, KG_QUERY_ERROR_SEMANTIC, &clause->span, "variable `%s` already declared", y);
          break;
        }
      kg_slots_add (&out, kg_scope_declare (scope, y, KG_VAR_ANY, kg_binder_new_slot (&P->b))->slot);
    }
  if (!failed (P))
    {
      op = kg_op_call_new (P->exec, op, name, &out, yield);
      if (standalone)
        {
          P->plan->columns = g_ptr_array_new_with_free_func (g_free);
          for (guint i = 0; i < yield->len; i++)
            g_ptr_array_add (P->plan->columns, g_strdup (g_ptr_array_index (yield, i)));
          kg_slots_copy (&P->plan->column_slots, &out);
        }
    }
  kg_slots_clear (&out);
  g_ptr_array_free (yield, TRUE);
  return op;
}

/* The variables a WITH/RETURN groups by (`v` or `v.key` items next to aggregates). */
static GPtrArray *
grouping_names (KgAst *clause)
{
  if (clause == NULL || (clause->kind != KG_AST_WITH && clause->kind != KG_AST_RETURN))
    return NULL;
  KgAst *list = kg_ast_child (clause, 0);
  gboolean agg = FALSE;
  for (guint i = 0; i < kg_ast_n_children (list); i++)
    agg = agg || kg_ast_contains_aggregate (kg_ast_child (kg_ast_child (list, i), 0));
  if (!agg)
    return NULL;
  GPtrArray *names = g_ptr_array_new ();
  for (guint i = 0; i < kg_ast_n_children (list); i++)
    {
      KgAst *e = kg_ast_child (kg_ast_child (list, i), 0);
      if (e->kind == KG_AST_PROPERTY)
        e = kg_ast_child (e, 0);
      if (e && e->kind == KG_AST_VARIABLE)
        g_ptr_array_add (names, e->name);
    }
  return names;
}

/* Plans the clauses of a SINGLE_QUERY on top of @op. */
static KgOp *
plan_clauses (Planner *P, KgOp *op, KgScope **scope, KgAst *sq, gboolean subquery)
{
  guint n = kg_ast_n_children (sq);
  for (guint i = 0; i < n && !failed (P); i++)
    {
      KgAst *c = kg_ast_child (sq, i);
      switch (c->kind)
        {
        case KG_AST_MATCH:
          {
            KgAst *next = i + 1 < n ? kg_ast_child (sq, i + 1) : NULL;
            P->prefer = grouping_names (next);
            KgAst *later = P->later;
            guint later_from = P->later_from;
            P->later = sq;
            P->later_from = i + 1;
            op = plan_match (P, op, *scope, c);
            P->later = later;
            P->later_from = later_from;
            g_clear_pointer (&P->prefer, g_ptr_array_unref);
          }
          break;
        case KG_AST_UNWIND:
          op = plan_unwind (P, op, *scope, c);
          break;
        case KG_AST_WITH:
          op = plan_projection (P, op, scope, c, FALSE, FALSE);
          break;
        case KG_AST_RETURN:
          if (subquery)
            {
              op = plan_projection (P, op, scope, c, TRUE, FALSE);
              break;
            }
          if (i + 1 != n)
            {
              ERR (P, KG_QUERY_ERROR_SEMANTIC, &c->span, "RETURN can only be the last clause");
              break;
            }
          op = plan_projection (P, op, scope, c, TRUE, TRUE);
          break;
        case KG_AST_CREATE:
        case KG_AST_MERGE:
        case KG_AST_SET:
        case KG_AST_REMOVE:
        case KG_AST_DELETE:
          if (subquery)
            {
              ERR (P, KG_QUERY_ERROR_SEMANTIC, &c->span, "a subquery cannot change the graph");
              break;
            }
          if (c->kind != KG_AST_CREATE)
            goto writes;
          op = plan_create (P, op, *scope, c);
          break;
        writes:
          if (c->kind == KG_AST_MERGE)
            op = plan_merge (P, op, *scope, c);
          else if (c->kind == KG_AST_DELETE)
            op = plan_delete (P, op, *scope, c);
          else
            {
              if (bind_set_items (P, *scope, c))
                op = kg_op_set_new (P->exec, op, c);
              P->plan->has_writes = TRUE;
            }
          break;
        case KG_AST_CALL:
          op = plan_call (P, op, *scope, c, n == 1 && !subquery);
          break;
        default:
          ERR (P, KG_QUERY_ERROR_UNSUPPORTED, &c->span, "%s is not supported", kg_ast_kind_name (c->kind));
          break;
        }
    }
  if (!failed (P) && !subquery && n > 0)
    {
      KgAst *last = kg_ast_child (sq, n - 1);
      if (last->kind == KG_AST_WITH || last->kind == KG_AST_UNWIND || (last->kind == KG_AST_MATCH))
        ERR (P, KG_QUERY_ERROR_SEMANTIC, &last->span, "a query cannot end with %s; add RETURN",
             last->kind == KG_AST_WITH ? "WITH" : last->kind == KG_AST_UNWIND ? "UNWIND"
                                                                              : "MATCH");
    }
  return op;
}

/* --- Counting without enumerating ------------------------------------------------ */

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
static KgOp *
try_count_paths (Planner *P, KgAst *sq)
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
  const KgFunction *fn = kg_ast_call_function (call);
  if (fn == NULL || fn->agg != KG_AGG_COUNT || (call->flags & KG_AST_F_DISTINCT))
    return NULL;
  KgAst *pattern = kg_ast_child (match, 0);
  if (kg_ast_n_children (pattern) != 1)
    return NULL;
  KgAst *part = kg_ast_child (pattern, 0);
  guint n = kg_ast_n_children (part);
  if (part->name || (part->flags & (KG_AST_F_SHORTEST | KG_AST_F_ALL_SHORTEST)) || (n != 3 && n != 5))
    return NULL;
  KgSlots node_slots = { 0 };
  gboolean ok = TRUE;
  for (guint i = 0; i < n && ok; i++)
    {
      KgAst *el = kg_ast_child (part, i);
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
      MatchState m;
      match_state_init (&m, NULL);
      for (guint i = 0; i < spec.n_hops; i++)
        {
          expand_spec_for (P, &m, &spec.hops[i], kg_ast_child (part, 2 * i), kg_ast_child (part, 2 * i + 1),
                           kg_ast_child (part, 2 * i + 2), TRUE, FALSE);
          kg_entity_check_clear (&spec.hops[i].dst_check);
        }
      match_state_clear (&m);
      op = kg_op_count_paths_new (P->exec, kg_op_unit_new (P->exec), &spec);
    }
  g_free (owner);
  g_ptr_array_free (conj, TRUE);
  kg_slots_clear (&node_slots);
  return op;
}

static KgOp *
plan_single (Planner *P, KgAst *sq)
{
  KgScope *scope = kg_scope_new (NULL);
  KgOp *op = plan_clauses (P, kg_op_unit_new (P->exec), &scope, sq, FALSE);
  kg_scope_free (scope);
  if (!failed (P) && P->plan->columns && P->plan->columns->len == 1)
    {
      KgOp *counted = try_count_paths (P, sq);
      if (counted)
        {
          kg_op_free (op);
          op = counted;
        }
    }
  return op;
}

static void
collect_union (KgAst *u, GPtrArray *branches, guint *all_flags, guint *n_unions)
{
  if (u->kind == KG_AST_UNION)
    {
      collect_union (kg_ast_child (u, 0), branches, all_flags, n_unions);
      g_ptr_array_add (branches, kg_ast_child (u, 1));
      *all_flags |= (u->flags & KG_AST_F_ALL) ? 1 : 2;
      (*n_unions)++;
    }
  else
    g_ptr_array_add (branches, u);
}

static KgOp *
plan_union (Planner *P, KgAst *u)
{
  GPtrArray *branches = g_ptr_array_new ();
  guint kinds = 0, n = 0;
  collect_union (u, branches, &kinds, &n);
  if (kinds == 3)
    {
      ERR (P, KG_QUERY_ERROR_SEMANTIC, &u->span, "cannot mix UNION and UNION ALL");
      g_ptr_array_free (branches, TRUE);
      return NULL;
    }
  GPtrArray *ops = g_ptr_array_new ();
  GPtrArray *slots = g_ptr_array_new ();
  GPtrArray *columns = NULL;
  for (guint i = 0; i < branches->len && !failed (P); i++)
    {
      KgAst *sq = g_ptr_array_index (branches, i);
      KgOp *op = plan_single (P, sq);
      g_ptr_array_add (ops, op);
      if (failed (P))
        break;
      if (P->plan->columns == NULL)
        {
          ERR (P, KG_QUERY_ERROR_SEMANTIC, &sq->span, "each part of a UNION must end with RETURN");
          break;
        }
      KgSlots *s = g_new0 (KgSlots, 1);
      kg_slots_copy (s, &P->plan->column_slots);
      g_ptr_array_add (slots, s);
      if (columns == NULL)
        columns = g_ptr_array_ref (P->plan->columns);
      else
        {
          gboolean same = columns->len == P->plan->columns->len;
          for (guint c = 0; same && c < columns->len; c++)
            same = strcmp (g_ptr_array_index (columns, c), g_ptr_array_index (P->plan->columns, c)) == 0;
          if (!same)
            ERR (P, KG_QUERY_ERROR_SEMANTIC, &sq->span, "all parts of a UNION must return the same column names");
        }
      g_ptr_array_unref (P->plan->columns);
      P->plan->columns = NULL;
    }
  KgOp *root = NULL;
  if (!failed (P))
    {
      KgSlots out = { 0 };
      kg_slots_copy (&out, g_ptr_array_index (slots, 0));
      root = kg_op_union_new (P->exec, ops, slots, &out);
      if (kinds == 2)
        root = kg_op_distinct_new (P->exec, root, &out);
      P->plan->columns = g_ptr_array_ref (columns);
      kg_slots_clear (&P->plan->column_slots);
      P->plan->column_slots = out;
    }
  else
    for (guint i = 0; i < ops->len; i++)
      kg_op_free (g_ptr_array_index (ops, i));
  for (guint i = 0; i < slots->len; i++)
    {
      kg_slots_clear (g_ptr_array_index (slots, i));
      g_free (g_ptr_array_index (slots, i));
    }
  g_ptr_array_free (slots, TRUE);
  g_ptr_array_free (ops, TRUE);
  g_ptr_array_free (branches, TRUE);
  if (columns)
    g_ptr_array_unref (columns);
  return root;
}

/* --- Entry point ---------------------------------------------------------------- */

KgPlan *
kg_plan_build (KgGraph *graph, KgAst *query, const KgPlanOptions *options, GError **error)
{
  g_return_val_if_fail (graph != NULL && query != NULL, NULL);
  if (kg_schema_is_index_statement (query))
    return kg_schema_plan (graph, query, options, error);
  KgPlan *plan = g_new0 (KgPlan, 1);
  plan->query = query;
  plan->subplans = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, subplan_free);
  plan->owned = g_ptr_array_new_with_free_func ((GDestroyNotify) kg_ast_free);
  KgExec *exec = &plan->exec;
  exec->graph = graph;
  exec->filename = options && options->filename ? options->filename : "<query>";
  exec->cancel = options ? options->cancel : NULL;
  exec->deadline_us = options ? options->deadline_us : 0;
  exec->max_memory = options ? options->max_memory : 0;
  exec->max_hops = options && options->max_hops ? options->max_hops : KG_PLAN_DEFAULT_MAX_HOPS;
  plan->explain = (query->flags & KG_AST_F_EXPLAIN) != 0;
  plan->profile = (query->flags & KG_AST_F_PROFILE) != 0;
  exec->profile = plan->profile;

  Planner P = { 0 };
  P.plan = plan;
  P.exec = exec;
  P.b.plan = plan;
  P.b.graph = graph;
  P.b.filename = exec->filename;
  P.b.params = options ? options->params : NULL;
  P.procedures = options ? options->procedures : NULL;
  GError *local = NULL;
  P.b.error = &local;
  P.b.slot_types = g_array_new (FALSE, TRUE, sizeof (guint));
  P.b.slot_labels = g_hash_table_new (g_direct_hash, g_direct_equal);

  KgAst *body = kg_ast_child (query, 0);
  if (body == NULL)
    ERR (&P, KG_QUERY_ERROR_SYNTAX, &query->span, "empty statement");
  else if (body->kind == KG_AST_UNION)
    plan->root = plan_union (&P, body);
  else
    plan->root = plan_single (&P, body);

  g_array_free (P.b.slot_types, TRUE);
  g_hash_table_destroy (P.b.slot_labels);
  if (local == NULL && plan->columns == NULL)
    {
      plan->columns = g_ptr_array_new_with_free_func (g_free);
      plan->drain_only = TRUE;
    }
  if (local != NULL)
    {
      if (local->domain == KG_QUERY_ERROR)
        kg_query_error_set_compile_time (local, TRUE);
      g_propagate_error (error, local);
      kg_plan_free (plan);
      return NULL;
    }
  exec->slots = g_new0 (KgValue, MAX (exec->n_slots, 1u));
  exec->env.graph = graph;
  exec->env.params = options ? options->params : NULL;
  exec->env.slots = exec->slots;
  exec->env.n_slots = exec->n_slots;
  exec->env.filename = exec->filename;
  exec->env.cancel = exec->cancel;
  exec->env.eval_pattern = kg_eval_pattern;
  exec->env.engine_data = plan;
  exec->env.folded = kg_expr_folded_new (P.b.n_folds);
  exec->env.n_folded = P.b.n_folds;
  return plan;
}
