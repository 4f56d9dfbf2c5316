/* engine/plan-qpp.c — planning GQL path patterns: one QuantifiedPath operator for a
 * pattern part with quantified path patterns or relationships, a path selector or mode,
 * or WHERE inside the pattern (KG_AST_F_QUANTIFIED).
 *
 * plan-match.c scans or checks the part's first node, as it does any anchor, then calls
 * kg_plan_qpp_part(), which compiles the part into the automaton of KgQppSpec (one state
 * per node pattern: outer nodes, and each QPP's nodes for one iteration; a variable-length
 * relationship `-[r*a..b]->` inside such a part is the QPP `(()-[r]->()){a,b}`) and puts
 * the operator on top. Quantifiers without an upper bound take the session's hop limit
 * as their bound, as `[*]` does, with the same kind of warning. The part is always
 * matched from its first node; the WHERE of its MATCH stays after it (for a selector,
 * a filter after the selection, as Neo4j does). It does not bind (bind-qpp.c) or match
 * (ops/op-qpp.c).
 */
#include "engine/plan-private.h"

#include <string.h>

typedef struct
{
  KgPlanner *P;
  KgMatchState *m;
  GArray *states;    /* KgQppState */
  GArray *rels;      /* KgQppRel */
  GArray *groups;    /* KgQppGroup */
  GPtrArray *finals; /* KgAst (borrowed) */
  GHashTable *seen;  /* outer node slots written earlier in the part */
  gint64 max_len;
  gboolean unbounded;
} Build;

static gboolean
bound (KgMatchState *m, int slot)
{
  return g_hash_table_contains (m->bound, GINT_TO_POINTER (slot + 1));
}

static void
mark_bound (KgMatchState *m, int slot)
{
  if (slot >= 0)
    g_hash_table_add (m->bound, GINT_TO_POINTER (slot + 1));
}

static int
add_state (Build *B, KgAst *np, int group)
{
  KgQppState st = { 0 };
  st.slot = np->slot;
  st.list_slot = group >= 0 ? np->var_slot : -1;
  st.group = group;
  st.rel = st.to = st.exit = -1;
  kg_entity_check_init (&st.check, np, TRUE);
  if (group >= 0)
    st.where = kg_ast_child (np, 1);
  else
    {
      st.into = bound (B->m, np->slot) || g_hash_table_contains (B->seen, GINT_TO_POINTER (np->slot + 1));
      g_hash_table_add (B->seen, GINT_TO_POINTER (np->slot + 1));
      if (kg_ast_child (np, 1) != NULL)
        g_ptr_array_add (B->finals, kg_ast_child (np, 1));
    }
  g_array_append_val (B->states, st);
  return (int) B->states->len - 1;
}

static KgQppState *
state_at (Build *B, int i)
{
  return &g_array_index (B->states, KgQppState, i);
}

/* A relationship from @from to @to; @rel_slot overrides the pattern's (a hidden slot for
 * one iteration of a variable-length relationship). */
static int
add_rel (Build *B, KgAst *from, KgAst *rel, KgAst *to, gboolean in_group, int rel_slot, int list_slot)
{
  KgQppRel r = { 0 };
  kg_plan_expand_spec (B->P, B->m, &r.spec, from, rel, to, TRUE, FALSE);
  kg_entity_check_clear (&r.spec.dst_check); /* the node states check their nodes */
  if (rel_slot >= 0)
    r.spec.rel_slot = rel_slot;
  r.in_group = in_group;
  r.list_slot = list_slot;
  if (kg_ast_child (rel, 1) != NULL)
    {
      if (in_group)
        r.where = kg_ast_child (rel, 1);
      else
        g_ptr_array_add (B->finals, kg_ast_child (rel, 1));
    }
  g_array_append_val (B->rels, r);
  return (int) B->rels->len - 1;
}

/* A notice that a quantifier without an upper bound repeats at most the hop limit. */
static void
note_unbounded (KgPlanner *P, const KgAst *at)
{
  g_autofree char *text = g_strdup_printf ("a quantifier without an upper bound repeats at most %u times "
                                           "(write `{1,N}` to choose the bound)",
                                           P->exec->max_hops);
  kg_plan_add_notice (P->plan, KG_NOTICE_UNBOUNDED, &at->span, NULL, NULL, text);
}

static int
add_group (Build *B, const KgAst *at, gint64 min, gint64 max, guint n_rels)
{
  KgQppGroup g;
  g.min = min;
  if (max < 0)
    {
      max = MAX ((gint64) B->P->exec->max_hops, min);
      B->unbounded = TRUE;
      note_unbounded (B->P, at);
    }
  g.max = max;
  B->max_len = MIN (B->max_len + max * (gint64) n_rels, (gint64) G_MAXINT32);
  g_array_append_val (B->groups, g);
  return (int) B->groups->len - 1;
}

/* The states of one QPP after outer state @outer (an ENTER); returns its ITER_END. */
static int
add_qpp (Build *B, int outer, KgAst *qpp)
{
  KgAst *inner = kg_ast_child (qpp, 0);
  guint n = kg_ast_n_children (inner);
  int g = add_group (B, qpp, qpp->min_hops, qpp->max_hops, n / 2);
  int first = -1, prev = -1;
  for (guint i = 0; i < n; i += 2)
    {
      int s = add_state (B, kg_ast_child (inner, i), g);
      if (first < 0)
        first = s;
      if (prev >= 0)
        {
          KgAst *from = kg_ast_child (inner, i - 2), *rel = kg_ast_child (inner, i - 1);
          state_at (B, prev)->step = KG_QPP_HOP;
          state_at (B, prev)->rel = add_rel (B, from, rel, kg_ast_child (inner, i), TRUE, -1, rel->var_slot);
          state_at (B, prev)->to = s;
        }
      prev = s;
    }
  state_at (B, prev)->step = KG_QPP_ITER_END;
  state_at (B, prev)->group_where = kg_ast_child (qpp, 1);
  state_at (B, prev)->to = first;
  state_at (B, outer)->step = KG_QPP_ENTER;
  state_at (B, outer)->to = first;
  return prev;
}

/* `-[r*a..b]->` in a GQL part: the QPP `(()-[r]->()){a,b}`, r's iterations in a hidden
 * slot and the list in r's own. */
static int
add_varlength (Build *B, int outer, KgAst *from, KgAst *rel, KgAst *to)
{
  gint64 min = rel->min_hops >= 0 ? rel->min_hops : 1;
  int g = add_group (B, rel, min, rel->max_hops, 1);
  KgAst *a = kg_ast_new (KG_AST_NODE_PATTERN, &rel->span), *b = kg_ast_new (KG_AST_NODE_PATTERN, &rel->span);
  a->slot = kg_binder_new_slot (&B->P->b);
  b->slot = kg_binder_new_slot (&B->P->b);
  a->var_slot = b->var_slot = -1;
  int s0 = add_state (B, a, g), s1 = add_state (B, b, g);
  state_at (B, s0)->step = KG_QPP_HOP;
  state_at (B, s0)->rel = add_rel (B, from, rel, to, TRUE, kg_binder_new_slot (&B->P->b), rel->slot);
  state_at (B, s0)->to = s1;
  state_at (B, s1)->step = KG_QPP_ITER_END;
  state_at (B, s1)->to = s0;
  state_at (B, outer)->step = KG_QPP_ENTER;
  state_at (B, outer)->to = s0;
  kg_ast_free (a);
  kg_ast_free (b);
  return s1;
}

/* --- EXPLAIN text ---------------------------------------------------------------- */

static void describe_elements (GString *s, const KgAst *part, guint n);

static void
describe_quantifier (GString *s, gint64 min, gint64 max)
{
  if (min == 1 && max < 0)
    g_string_append_c (s, '+');
  else if (min == 0 && max < 0)
    g_string_append_c (s, '*');
  else if (min == max)
    g_string_append_printf (s, "{%" G_GINT64_FORMAT "}", min);
  else if (max < 0)
    g_string_append_printf (s, "{%" G_GINT64_FORMAT ",}", min);
  else
    g_string_append_printf (s, "{%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT "}", min, max);
}

static void
describe_rel (GString *s, const KgAst *rel)
{
  g_string_append (s, rel->op == KG_AST_DIR_LEFT ? "<-[" : "-[");
  if (rel->name)
    g_string_append (s, rel->name);
  kg_describe_labels (s, rel);
  if (rel->flags & KG_AST_F_VARLENGTH)
    describe_quantifier (s, rel->min_hops >= 0 ? rel->min_hops : 1, rel->max_hops);
  g_string_append (s, rel->op == KG_AST_DIR_RIGHT ? "]->" : "]-");
}

static void
describe_elements (GString *s, const KgAst *part, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      const KgAst *el = kg_ast_child (part, i);
      if (el->kind == KG_AST_NODE_PATTERN)
        {
          g_string_append_printf (s, "(%s", el->name ? el->name : "");
          kg_describe_labels (s, el);
          g_string_append_c (s, ')');
        }
      else if (el->kind == KG_AST_REL_PATTERN)
        describe_rel (s, el);
      else if (el->flags & KG_AST_F_VARLENGTH)
        {
          describe_rel (s, kg_ast_child (kg_ast_child (el, 0), 1));
          describe_quantifier (s, el->min_hops, el->max_hops);
        }
      else
        {
          g_string_append_c (s, '(');
          describe_elements (s, kg_ast_child (el, 0), kg_ast_n_children (kg_ast_child (el, 0)));
          g_string_append_c (s, ')');
          describe_quantifier (s, el->min_hops, el->max_hops);
        }
    }
}

static char *
describe_part (const KgAst *part, guint n)
{
  static const char *const modes[] = { "", "WALK ", "TRAIL ", "ACYCLIC ", "SIMPLE " };
  GString *s = g_string_new (NULL);
  switch (part->op)
    {
    case KG_PATH_SELECT_ALL:
      g_string_append (s, "ALL ");
      break;
    case KG_PATH_SELECT_ANY:
      g_string_append_printf (s, "ANY %" G_GINT64_FORMAT " ", part->min_hops);
      break;
    case KG_PATH_SELECT_SHORTEST:
      g_string_append_printf (s, "SHORTEST %" G_GINT64_FORMAT " ", part->min_hops);
      break;
    case KG_PATH_SELECT_ALL_SHORTEST:
      g_string_append (s, "ALL SHORTEST ");
      break;
    case KG_PATH_SELECT_GROUPS:
      g_string_append_printf (s, "SHORTEST %" G_GINT64_FORMAT " GROUPS ", part->min_hops);
      break;
    default:
      break;
    }
  if (part->max_hops > 0 && part->max_hops < (gint64) G_N_ELEMENTS (modes))
    g_string_append (s, modes[part->max_hops]);
  if (part->name)
    g_string_append_printf (s, "%s = ", part->name);
  describe_elements (s, part, n);
  if (part->flags & KG_AST_F_WHERE)
    g_string_append (s, " WHERE ...");
  return g_string_free (s, FALSE);
}

/* --- The part ---------------------------------------------------------------------- */

KgOp *
kg_plan_qpp_part (KgPlanner *P, KgMatchState *m, KgOp *op, KgAst *part, KgScope *scope)
{
  guint n = kg_ast_n_children (part) - ((part->flags & KG_AST_F_WHERE) ? 1 : 0);
  Build B = { 0 };
  B.P = P;
  B.m = m;
  B.states = g_array_new (FALSE, TRUE, sizeof (KgQppState));
  B.rels = g_array_new (FALSE, TRUE, sizeof (KgQppRel));
  B.groups = g_array_new (FALSE, TRUE, sizeof (KgQppGroup));
  B.finals = g_ptr_array_new ();
  B.seen = g_hash_table_new (g_direct_hash, g_direct_equal);
  if (part->flags & KG_AST_F_WHERE)
    g_ptr_array_add (B.finals, kg_ast_child (part, n));

  int prev = add_state (&B, kg_ast_child (part, 0), -1);
  state_at (&B, prev)->into = TRUE; /* the anchor: scanned or bound before */
  state_at (&B, prev)->checked = TRUE;
  for (guint i = 1; i + 1 < n; i += 2)
    {
      KgAst *from = kg_ast_child (part, i - 1), *conn = kg_ast_child (part, i), *to = kg_ast_child (part, i + 1);
      int rel = -1, end = -1;
      if (conn->kind == KG_AST_QPP)
        end = add_qpp (&B, prev, conn);
      else if (conn->flags & KG_AST_F_VARLENGTH)
        end = add_varlength (&B, prev, from, conn, to);
      else
        {
          rel = add_rel (&B, from, conn, to, FALSE, -1, -1);
          B.max_len = MIN (B.max_len + 1, (gint64) G_MAXINT32);
        }
      int next = add_state (&B, to, -1);
      KgQppState *ps = state_at (&B, prev);
      if (rel >= 0)
        {
          ps->step = KG_QPP_HOP;
          ps->rel = rel;
          ps->to = next;
        }
      else
        {
          /* an ENTER is an outer state whose `group` names the QPP it starts */
          ps->exit = next;
          ps->group = (int) B.groups->len - 1;
          state_at (&B, end)->exit = next;
        }
      prev = next;
    }
  state_at (&B, prev)->step = KG_QPP_EMIT;
  KgQppSpec spec = { 0 };
  spec.n_states = B.states->len;
  spec.states = (KgQppState *) g_array_free (B.states, FALSE);
  spec.n_rels = B.rels->len;
  spec.rels = (KgQppRel *) g_array_free (B.rels, FALSE);
  spec.n_groups = B.groups->len;
  spec.groups = (KgQppGroup *) g_array_free (B.groups, FALSE);
  spec.finals = B.finals;
  spec.start_slot = kg_ast_child (part, 0)->slot;
  spec.path_slot = -1;
  if (part->name)
    {
      KgVar *pv = kg_scope_lookup (scope, part->name);
      spec.path_slot = pv ? pv->slot : kg_binder_new_slot (&P->b);
    }
  spec.rels_slot = kg_binder_new_slot (&P->b);
  spec.mode = part->max_hops > 0 ? (int) part->max_hops : KG_PATH_MODE_TRAIL;
  spec.selector = part->op;
  spec.k = part->min_hops >= 0 ? part->min_hops : 1;
  spec.max_len = B.max_len;
  spec.unbounded = B.unbounded;
  spec.text = describe_part (part, n);
  spec.span = part->span;
  g_hash_table_destroy (B.seen);

  /* everything the part binds */
  for (guint s = 0; s < spec.n_states; s++)
    if (spec.states[s].group < 0 || spec.states[s].step == KG_QPP_ENTER)
      mark_bound (m, spec.states[s].slot);
    else
      mark_bound (m, spec.states[s].list_slot);
  for (guint r = 0; r < spec.n_rels; r++)
    mark_bound (m, spec.rels[r].list_slot >= 0 ? spec.rels[r].list_slot : spec.rels[r].spec.rel_slot);
  for (guint i = 1; i < n; i += 2)
    mark_bound (m, kg_ast_child (part, i)->slot);
  mark_bound (m, spec.path_slot);
  kg_match_state_add_rel (m, spec.rels_slot, TRUE);
  m->rows *= spec.selector == KG_PATH_SELECT_NONE || spec.selector == KG_PATH_SELECT_ALL ? 10.0 : 2.0;
  op = kg_op_qpp_new (P->exec, op, &spec);
  op->est_rows = m->rows;
  return op;
}
