/* engine/bind-clause.c — binding the clauses other than WITH and RETURN: the variables
 * of MATCH patterns and their property maps, the pattern expressions met inside an
 * expression, UNWIND, CREATE and MERGE patterns, SET/REMOVE items and DELETE.
 *
 * Each binder declares the variables a clause introduces (checking the clause-level
 * rules: kinds that conflict, variables already bound, CREATE's relationship rules),
 * gives them slots, and binds the expressions inside the clause with kg_bind_expr().
 * What it produces (slots on the AST, a KgBoundPattern, a KgCreateSpec) is what the
 * planner consumes; it never builds an operator or calls the planner. Projections are
 * bound in bind-project.c, expressions in bind.c.
 */
#include "engine/bind.h"

#include <string.h>

/* --- Helpers ---------------------------------------------------------------------- */

/* Binds a top-level expression, then rejects what can only fail at run time. */
gboolean
kg_bind_checked (KgBinder *b, KgScope *scope, KgAst *expr, guint flags, gboolean predicate)
{
  if (!kg_bind_expr (b, scope, expr, flags))
    return FALSE;
  if (!kg_expr_check (expr, predicate, kg_binder_var_types, b, b->filename, b->error))
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

gboolean
kg_expr_is_constant (const KgAst *e)
{
  if (e == NULL)
    return TRUE;
  if (e->kind == KG_AST_VARIABLE || e->kind == KG_AST_PATTERN_COMPREHENSION || e->kind == KG_AST_PATTERN_PREDICATE ||
      e->kind == KG_AST_EXISTS_SUBQUERY || e->kind == KG_AST_LIST_COMPREHENSION || e->kind == KG_AST_QUANTIFIER ||
      e->kind == KG_AST_REDUCE || e->kind == KG_AST_MAP_PROJECTION)
    return FALSE;
  /* A seek value is read once per scan: a clock is steady enough, a random value not.
   * Only asked of bound expressions, whose calls have their rows. */
  if (e->kind == KG_AST_FUNCTION_CALL && (e->function == NULL || (e->function->flags & KG_FN_RANDOM) != 0))
    return FALSE;
  for (guint i = 0; i < kg_ast_n_children (e); i++)
    if (!kg_expr_is_constant (kg_ast_child (e, i)))
      return FALSE;
  return TRUE;
}

/* What a constant is evaluated with while binding: no row, no variables. */
static KgEvalEnv
constant_env (KgBinder *b)
{
  KgEvalEnv env = { 0 };
  env.graph = b->graph;
  env.params = b->params;
  env.filename = b->filename;
  return env;
}

/* Hands an evaluation error on as the statement's, at compile time. Returns FALSE. */
static gboolean
constant_failed (KgBinder *b, GError *local)
{
  kg_query_error_set_compile_time (local, TRUE);
  g_propagate_error (b->error, local);
  return FALSE;
}

int
kg_bind_eval_constant (KgBinder *b, const KgAst *e, KgValue *out)
{
  if (kg_ast_contains_kind (e, KG_AST_PARAMETER) || !kg_expr_is_constant (e))
    return 0;
  KgEvalEnv env = constant_env (b);
  GError *local = NULL;
  if (!kg_expr_eval (&env, e, out, &local))
    {
      constant_failed (b, local);
      return -1;
    }
  return 1;
}

gboolean
kg_bind_check_dynamic_labels (KgBinder *b, const KgAst *el, gboolean type)
{
  for (guint i = kg_ast_dynamic_labels (el); i < kg_ast_n_children (el); i++)
    {
      const KgAst *dyn = kg_ast_child (el, i);
      if (kg_ast_contains_kind (dyn, KG_AST_PARAMETER) || !kg_expr_is_constant (dyn))
        continue;
      KgEvalEnv env = constant_env (b);
      GError *local = NULL;
      GPtrArray *names = kg_eval_dynamic_label (&env, dyn, type, &local);
      if (names == NULL)
        return constant_failed (b, local);
      g_ptr_array_unref (names);
    }
  return TRUE;
}

GPtrArray *
kg_pattern_parts (KgAst *pattern)
{
  GPtrArray *parts = g_ptr_array_new ();
  if (pattern->kind == KG_AST_PATTERN_PART)
    g_ptr_array_add (parts, pattern);
  else
    for (guint i = 0; i < kg_ast_n_children (pattern); i++)
      g_ptr_array_add (parts, kg_ast_child (pattern, i));
  return parts;
}

/* --- Patterns --------------------------------------------------------------------- */

/* Declares the variable of one node or relationship pattern @el (or gives an anonymous
 * one a slot), checking its kind against an earlier declaration. */
gboolean
kg_bind_declare_element (KgBinder *b, KgScope *scope, KgAst *el, GHashTable *rels_here, KgSlots *new_slots, gboolean allow_new, gboolean optional)
{
  guint null_bit = optional ? 1u << KG_VALUE_NULL : 0;
  gboolean rel = el->kind == KG_AST_REL_PATTERN;
  KgVarKind want = rel ? ((el->flags & KG_AST_F_VARLENGTH) ? KG_VAR_RELLIST : KG_VAR_REL) : KG_VAR_NODE;
  if (el->name == NULL)
    {
      el->slot = kg_binder_new_slot (b);
      kg_slots_add (new_slots, el->slot);
      return TRUE;
    }
  KgVar *v = kg_scope_lookup (scope, el->name);
  if (v && v->kind == KG_VAR_ANY)
    {
      guint mask = kg_binder_slot_type (b, v->slot);
      guint need = kind_mask (want) | (want == KG_VAR_RELLIST ? 1u << KG_VALUE_EDGE : 0);
      if (mask != 0 && (mask & need) == 0 && mask != (1u << KG_VALUE_NULL))
        return kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &el->span, "variable `%s` does not hold a %s", el->name,
                              rel ? "relationship" : "node");
    }
  if (v)
    {
      if (v->kind != want && v->kind != KG_VAR_ANY &&
          !(rel && (v->kind == KG_VAR_REL || v->kind == KG_VAR_RELLIST) && (want == KG_VAR_REL || want == KG_VAR_RELLIST)))
        return kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &el->span, "variable `%s` is already declared as %s, not %s",
                              el->name, kg_var_kind_name (v->kind), kg_var_kind_name (want));
      if (rel && g_hash_table_contains (rels_here, el->name))
        return kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &el->span,
                              "cannot use the same relationship variable `%s` for several relationships", el->name);
      if (rel)
        g_hash_table_add (rels_here, el->name);
      el->slot = v->slot;
      return TRUE;
    }
  if (!allow_new)
    return kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &el->span, "a pattern expression cannot introduce the new variable `%s`",
                          el->name);
  v = kg_scope_declare (scope, el->name, want, kg_binder_new_slot (b));
  kg_binder_set_type (b, v->slot, kind_mask (want) | null_bit);
  if (!optional && want == KG_VAR_NODE && kg_ast_n_names (el) > 0 && b->slot_labels)
    g_hash_table_insert (b->slot_labels, GINT_TO_POINTER (v->slot + 1), (gpointer) kg_ast_name_at (el, 0));
  el->slot = v->slot;
  kg_slots_add (new_slots, v->slot);
  if (rel)
    g_hash_table_add (rels_here, el->name);
  return TRUE;
}

/* Declares a pattern part's path variable. */
gboolean
kg_bind_declare_path (KgBinder *b, KgScope *scope, KgAst *part, KgSlots *new_slots, gboolean allow_new, gboolean optional)
{
  if (part->name == NULL)
    return TRUE;
  if (kg_scope_lookup (scope, part->name))
    return kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &part->span, "variable `%s` already declared", part->name);
  if (!allow_new)
    return kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &part->span, "a pattern expression cannot introduce the new variable `%s`",
                          part->name);
  KgVar *v = kg_scope_declare (scope, part->name, KG_VAR_PATH, kg_binder_new_slot (b));
  kg_binder_set_type (b, v->slot, kind_mask (KG_VAR_PATH) | (optional ? 1u << KG_VALUE_NULL : 0));
  kg_slots_add (new_slots, v->slot);
  return TRUE;
}

/* Declares a pattern's variables, checking kinds. @new_slots gets the slots of the
 * variables this pattern introduces. Parts with quantified path patterns, selectors or
 * inline WHERE are bound by bind-qpp.c. */
static gboolean
declare_pattern (KgBinder *b, KgScope *scope, GPtrArray *parts, KgSlots *new_slots, gboolean allow_new, gboolean optional)
{
  guint n_before = scope->vars->len;
  GHashTable *rels_here = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean ok = TRUE;
  for (guint p = 0; p < parts->len && ok; p++)
    {
      KgAst *part = g_ptr_array_index (parts, p);
      if (part->flags & KG_AST_F_QUANTIFIED)
        {
          ok = kg_bind_qpp_part (b, scope, n_before, part, rels_here, new_slots, allow_new, optional);
          continue;
        }
      for (guint i = 0; i < kg_ast_n_children (part) && ok; i++)
        ok = kg_bind_declare_element (b, scope, kg_ast_child (part, i), rels_here, new_slots, allow_new, optional);
      if (ok)
        ok = kg_bind_declare_path (b, scope, part, new_slots, allow_new, optional);
    }
  g_hash_table_destroy (rels_here);
  return ok;
}

/* Binds the property maps of a pattern's elements. */
/* Binds the property maps of a pattern's elements. */
static gboolean
bind_pattern_props (KgBinder *b, KgScope *scope, GPtrArray *parts)
{
  const char *saved = b->agg_context;
  b->agg_context = "a pattern";
  for (guint p = 0; p < parts->len; p++)
    {
      KgAst *part = g_ptr_array_index (parts, p);
      if (part->flags & KG_AST_F_QUANTIFIED)
        {
          if (!kg_bind_qpp_exprs (b, scope, part))
            return FALSE;
          continue;
        }
      for (guint i = 0; i < kg_ast_n_children (part); i++)
        {
          KgAst *el = kg_ast_child (part, i);
          KgAst *props = kg_ast_child (el, 0);
          if (props && props->kind == KG_AST_PARAMETER)
            return kg_bind_error (b, KG_QUERY_ERROR_SYNTAX, &props->span,
                                  "a parameter cannot stand for the properties of a pattern to match; write {key: $param.key}");
          if (props && !kg_bind_expr (b, scope, props, 0))
            return FALSE;
          if (!kg_bind_dynamic_labels (b, scope, el, NULL))
            return FALSE;
          if (el->kind == KG_AST_REL_PATTERN && (el->flags & KG_AST_F_VARLENGTH) &&
              el->min_hops >= 0 && el->max_hops >= 0 && el->min_hops > el->max_hops)
            {
              /* an empty range matches nothing; allowed */
            }
        }
    }
  b->agg_context = saved;
  return TRUE;
}

/* shortestPath() and allShortestPaths() take one relationship, of length 0 or 1 at least. */
static gboolean
check_shortest (KgBinder *b, GPtrArray *parts)
{
  for (guint p = 0; p < parts->len; p++)
    {
      KgAst *part = g_ptr_array_index (parts, p);
      if (!(part->flags & (KG_AST_F_SHORTEST | KG_AST_F_ALL_SHORTEST)))
        continue;
      if (kg_ast_n_children (part) != 3)
        return kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &part->span, "shortestPath() needs a pattern of exactly one relationship");
      KgAst *rel = kg_ast_child (part, 1);
      if (rel->min_hops > 1)
        return kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &rel->span, "shortestPath() only allows a minimum length of 0 or 1");
    }
  return TRUE;
}

gboolean
kg_bind_dynamic_labels (KgBinder *b, KgScope *scope, KgAst *el, const char *where)
{
  for (guint i = kg_ast_dynamic_labels (el); i < kg_ast_n_children (el); i++)
    {
      KgAst *dyn = kg_ast_child (el, i);
      if (where != NULL && dyn->op != KG_DYN_LABEL_PLAIN)
        return kg_bind_error (b, KG_QUERY_ERROR_SYNTAX, &dyn->span, "%s takes dynamic labels as `$(...)`, not `%s(...)`", where,
                              dyn->op == KG_DYN_LABEL_ANY ? "$any" : "$all");
      if (!kg_bind_expr (b, scope, dyn, 0))
        return FALSE;
    }
  return kg_bind_check_dynamic_labels (b, el, el->kind == KG_AST_REL_PATTERN);
}

/* The first VARIABLE below @e that reads one of @slots, or NULL. */
static const KgAst *
reads_slots (const KgAst *e, const KgSlots *slots)
{
  if (e == NULL)
    return NULL;
  if (e->kind == KG_AST_VARIABLE)
    for (guint i = 0; i < slots->n; i++)
      if (slots->v[i] == e->slot)
        return e;
  for (guint i = 0; i < kg_ast_n_children (e); i++)
    {
      const KgAst *r = reads_slots (kg_ast_child (e, i), slots);
      if (r != NULL)
        return r;
    }
  return NULL;
}

/* A dynamic label or type is known before its pattern is matched: it may read what
 * earlier clauses bound, not the pattern's own variables (the entity checks evaluate it
 * for every candidate, in whatever order the planner reaches the elements). */
static gboolean
check_dynamic_reads (KgBinder *b, const KgAst *e, const KgSlots *own)
{
  if (e == NULL)
    return TRUE;
  if (e->kind == KG_AST_DYNAMIC_LABEL)
    {
      const KgAst *v = reads_slots (kg_ast_child (e, 0), own);
      if (v != NULL)
        return kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &v->span,
                              "a dynamic label or type cannot read `%s`, a variable of the same pattern; "
                              "match it in an earlier clause (MATCH ... WITH ...)",
                              v->name);
      return TRUE;
    }
  if (e->kind == KG_AST_NODE_PATTERN || e->kind == KG_AST_REL_PATTERN || e->kind == KG_AST_PATTERN_PART ||
      e->kind == KG_AST_QPP)
    for (guint i = 0; i < kg_ast_n_children (e); i++)
      if (!check_dynamic_reads (b, kg_ast_child (e, i), own))
        return FALSE;
  return TRUE;
}

gboolean
kg_bind_pattern (KgBinder *b, KgScope *scope, GPtrArray *parts, KgSlots *new_slots, gboolean allow_new, gboolean optional)
{
  return declare_pattern (b, scope, parts, new_slots, allow_new, optional) && bind_pattern_props (b, scope, parts);
}

gboolean
kg_bind_match (KgBinder *b, KgScope *scope, KgAst *clause, KgBoundMatch *out)
{
  memset (out, 0, sizeof *out);
  out->parts = kg_pattern_parts (kg_ast_child (clause, 0));
  out->where = kg_ast_child (clause, 1);
  out->optional = (clause->flags & KG_AST_F_OPTIONAL) != 0;
  if (!kg_bind_pattern (b, scope, out->parts, &out->new_slots, TRUE, out->optional))
    return FALSE;
  for (guint p = 0; p < out->parts->len; p++)
    if (!check_dynamic_reads (b, g_ptr_array_index (out->parts, p), &out->new_slots))
      return FALSE;
  if (out->where)
    {
      b->agg_context = "WHERE";
      kg_bind_checked (b, scope, out->where, 0, TRUE);
      b->agg_context = NULL;
    }
  return !kg_bind_failed (b) && check_shortest (b, out->parts);
}

void
kg_bound_match_clear (KgBoundMatch *m)
{
  if (m->parts)
    g_ptr_array_free (m->parts, TRUE);
  kg_slots_clear (&m->new_slots);
  memset (m, 0, sizeof *m);
}

/* --- Pattern expressions ------------------------------------------------------------ */

void
kg_bound_pattern_free (gpointer p)
{
  KgBoundPattern *bp = p;
  if (bp->parts)
    g_ptr_array_free (bp->parts, TRUE);
  kg_scope_free (bp->inner);
  kg_scope_free (bp->outer);
  g_free (bp);
}

/* A copy of what @scope sees, as one scope: the variables of its outermost ancestor
 * first, so that the inner ones still shadow them. A pattern expression is planned
 * after the expression around it is bound, when comprehension and ORDER BY scopes are
 * gone. */
KgScope *
kg_scope_snapshot (KgScope *scope)
{
  GPtrArray *chain = g_ptr_array_new ();
  for (KgScope *s = scope; s; s = s->parent)
    g_ptr_array_add (chain, s);
  KgScope *copy = kg_scope_new (NULL);
  for (guint i = chain->len; i-- > 0;)
    {
      KgScope *s = g_ptr_array_index (chain, i);
      for (guint j = 0; j < s->vars->len; j++)
        {
          KgVar *v = g_ptr_array_index (s->vars, j);
          kg_scope_declare (copy, v->name, v->kind, v->slot);
        }
    }
  g_ptr_array_free (chain, TRUE);
  return copy;
}

/* A pattern predicate, a pattern comprehension or an EXISTS subquery: its own variables
 * live in a scope inside (a copy of) @scope. Bound here, planned later (kg_plan_pattern_exprs) from
 * the KgBoundPattern queued on the binder. An EXISTS { <query> } keeps its clauses for
 * the planner's clause driver, which binds and plans them clause by clause as it does a
 * statement's. */
gboolean
kg_bind_pattern_expr (KgBinder *b, KgScope *scope, KgAst *expr)
{
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
  g_return_val_if_fail (b->patterns != NULL, FALSE);
  KgBoundPattern *bp = g_new0 (KgBoundPattern, 1);
  bp->expr = expr;
  bp->outer = kg_scope_snapshot (scope);
  bp->inner = kg_scope_new (bp->outer);
  bp->where = where;
  bp->projection = projection;
  gboolean ok = TRUE;
  if (pattern->kind == KG_AST_SINGLE_QUERY || pattern->kind == KG_AST_UNION)
    bp->subquery = pattern;
  else
    {
      bp->parts = kg_pattern_parts (pattern);
      KgSlots new_slots = { 0 };
      ok = kg_bind_pattern (b, bp->inner, bp->parts, &new_slots, allow_new, FALSE);
      kg_slots_clear (&new_slots);
    }
  if (ok && where)
    ok = kg_bind_expr (b, bp->inner, where, 0);
  if (ok && projection)
    ok = kg_bind_expr (b, bp->inner, projection, 0);
  if (ok && bp->parts)
    ok = check_shortest (b, bp->parts);
  if (!ok)
    {
      kg_bound_pattern_free (bp);
      return FALSE;
    }
  g_ptr_array_add (b->patterns, bp);
  return TRUE;
}

/* --- Writes ------------------------------------------------------------------------- */

static gboolean
check_node_reuse (KgBinder *b, KgAst *np, KgVar *v, gboolean single)
{
  if (v->kind != KG_VAR_NODE && v->kind != KG_VAR_ANY)
    return kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &np->span, "variable `%s` is already declared as %s, not Node", np->name,
                          kg_var_kind_name (v->kind));
  if (kg_ast_n_names (np) > 0 || kg_ast_child (np, 0) || kg_ast_has_dynamic_labels (np) || single)
    return kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &np->span, "variable `%s` already declared", np->name);
  return TRUE;
}

/* Builds the create spec for one pattern part, declaring its new variables. */
KgCreateSpec *
kg_bind_create_part (KgBinder *b, KgScope *scope, KgAst *part, gboolean merge, GHashTable *bound_before)
{
  KgCreateSpec *spec = g_new0 (KgCreateSpec, 1);
  spec->items = g_array_new (FALSE, TRUE, sizeof (KgCreateItem));
  spec->path_slot = -1;
  if (part->flags & KG_AST_F_QUANTIFIED)
    {
      kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &part->span,
                     "%s cannot use quantified path patterns, path selectors, path modes or WHERE inside a pattern",
                     merge ? "MERGE" : "CREATE");
      return spec;
    }
  guint n = kg_ast_n_children (part);
  for (guint i = 0; i < n && !kg_bind_failed (b); i += 2)
    {
      KgAst *np = kg_ast_child (part, i);
      KgCreateItem it = { 0 };
      it.slot = -1;
      it.span = np->span;
      KgVar *v = np->name ? kg_scope_lookup (scope, np->name) : NULL;
      if (v && (bound_before == NULL || g_hash_table_contains (bound_before, GINT_TO_POINTER (v->slot + 1))))
        {
          if (!check_node_reuse (b, np, v, n == 1))
            break;
          it.exists = TRUE;
          it.slot = v->slot;
        }
      else if (v)
        {
          it.exists = TRUE; /* declared earlier in this pattern */
          it.slot = v->slot;
          if (kg_ast_n_names (np) > 0 || kg_ast_child (np, 0) || kg_ast_has_dynamic_labels (np))
            {
              kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &np->span, "variable `%s` already declared", np->name);
              break;
            }
        }
      else
        {
          it.slot = np->name ? kg_scope_declare (scope, np->name, KG_VAR_NODE, kg_binder_new_slot (b))->slot
                             : kg_binder_new_slot (b);
          kg_binder_set_type (b, it.slot, 1u << KG_VALUE_NODE);
          it.labels = g_ptr_array_new_with_free_func (g_free);
          for (guint l = 0; l < kg_ast_n_names (np); l++)
            g_ptr_array_add (it.labels, g_strdup (kg_ast_name_at (np, l)));
          it.props = kg_ast_child (np, 0);
          if (kg_ast_has_dynamic_labels (np))
            it.dynamic = np;
        }
      np->slot = it.slot;
      g_array_append_val (spec->items, it);
    }
  for (guint i = 1; i < n && !kg_bind_failed (b); i += 2)
    {
      KgAst *rp = kg_ast_child (part, i);
      const char *what = merge ? "MERGE" : "CREATE";
      guint n_dynamic = kg_ast_n_children (rp) > 2 ? kg_ast_n_children (rp) - 2 : 0;
      if (kg_ast_n_names (rp) + n_dynamic != 1)
        {
          kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &rp->span, "a relationship in %s needs exactly one type", what);
          break;
        }
      if (rp->flags & KG_AST_F_VARLENGTH)
        {
          kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &rp->span, "%s cannot create a variable-length relationship", what);
          break;
        }
      if (!merge && rp->op != KG_AST_DIR_RIGHT && rp->op != KG_AST_DIR_LEFT)
        {
          kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &rp->span, "a relationship in CREATE must have a direction");
          break;
        }
      if (rp->name && kg_scope_lookup (scope, rp->name))
        {
          kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &rp->span, "variable `%s` already declared", rp->name);
          break;
        }
      KgCreateItem it = { 0 };
      it.rel = TRUE;
      it.slot = rp->name ? kg_scope_declare (scope, rp->name, KG_VAR_REL, kg_binder_new_slot (b))->slot
                         : kg_binder_new_slot (b);
      kg_binder_set_type (b, it.slot, 1u << KG_VALUE_EDGE);
      rp->slot = it.slot;
      int left = kg_ast_child (part, i - 1)->slot, right = kg_ast_child (part, i + 1)->slot;
      it.src_slot = rp->op == KG_AST_DIR_LEFT ? right : left;
      it.dst_slot = rp->op == KG_AST_DIR_LEFT ? left : right;
      it.type = g_strdup (kg_ast_name_at (rp, 0));
      it.dynamic = n_dynamic ? kg_ast_child (rp, 2) : NULL;
      it.props = kg_ast_child (rp, 0);
      it.span = rp->span;
      it.src_span = kg_ast_child (part, rp->op == KG_AST_DIR_LEFT ? i + 1 : i - 1)->span;
      it.dst_span = kg_ast_child (part, rp->op == KG_AST_DIR_LEFT ? i - 1 : i + 1)->span;
      g_array_append_val (spec->items, it);
    }
  if (!kg_bind_failed (b) && part->name)
    {
      if (kg_scope_lookup (scope, part->name))
        kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &part->span, "variable `%s` already declared", part->name);
      else
        {
          spec->path_slot = kg_scope_declare (scope, part->name, KG_VAR_PATH, kg_binder_new_slot (b))->slot;
          for (guint i = 0; i < n; i++)
            kg_slots_add (i % 2 ? &spec->path_rels : &spec->path_nodes, kg_ast_child (part, i)->slot);
        }
    }
  /* property maps and dynamic labels see the variables declared so far */
  for (guint i = 0; i < n && !kg_bind_failed (b); i++)
    {
      KgAst *el = kg_ast_child (part, i);
      KgAst *props = kg_ast_child (el, 0);
      b->agg_context = merge ? "MERGE" : "CREATE";
      if (props)
        kg_bind_expr (b, scope, props, 0);
      if (!kg_bind_failed (b))
        kg_bind_dynamic_labels (b, scope, el, b->agg_context);
      b->agg_context = NULL;
    }
  return spec;
}

void
kg_create_spec_free (gpointer p)
{
  kg_create_spec_clear (p);
  g_free (p);
}

GHashTable *
kg_scope_slots (KgScope *scope)
{
  GHashTable *t = g_hash_table_new (g_direct_hash, g_direct_equal);
  for (KgScope *s = scope; s; s = s->parent)
    for (guint i = 0; i < s->vars->len; i++)
      g_hash_table_add (t, GINT_TO_POINTER (((KgVar *) g_ptr_array_index (s->vars, i))->slot + 1));
  return t;
}

gboolean
kg_bind_set_items (KgBinder *b, KgScope *scope, KgAst *set)
{
  b->agg_context = set->kind == KG_AST_REMOVE ? "REMOVE" : "SET";
  for (guint i = 0; i < kg_ast_n_children (set) && !kg_bind_failed (b); i++)
    {
      KgAst *item = kg_ast_child (set, i);
      if ((item->kind == KG_AST_SET_LABELS || item->kind == KG_AST_REMOVE_LABELS) &&
          !kg_bind_dynamic_labels (b, scope, item, set->kind == KG_AST_REMOVE ? "REMOVE" : "SET"))
        break;
      gboolean labels = item->kind == KG_AST_SET_LABELS || item->kind == KG_AST_REMOVE_LABELS;
      for (guint c = 0; c < (labels ? 1 : kg_ast_n_children (item)); c++)
        {
          KgAst *e = kg_ast_child (item, c);
          if (c > 0 && e && e->kind == KG_AST_PATTERN_PREDICATE)
            {
              kg_bind_error (b, KG_QUERY_ERROR_SYNTAX, &e->span, "a pattern can only be used as a value inside exists() or a WHERE condition");
              break;
            }
          kg_bind_expr (b, scope, e, 0);
        }
    }
  b->agg_context = NULL;
  return !kg_bind_failed (b);
}

gboolean
kg_bind_merge (KgBinder *b, KgScope *scope, KgAst *clause, GHashTable *before, KgCreateSpec **spec)
{
  KgAst *part = kg_ast_child (clause, 0);
  *spec = NULL;
  for (guint i = 0; i < kg_ast_n_children (part); i++)
    {
      KgAst *el = kg_ast_child (part, i);
      KgAst *props = kg_ast_child (el, 0);
      if (props && props->kind == KG_AST_PARAMETER)
        return kg_bind_error (b, KG_QUERY_ERROR_SYNTAX, &props->span,
                              "a parameter cannot stand for the properties of a pattern to merge; write {key: $param.key}");
      if (el->kind == KG_AST_NODE_PATTERN && el->name && kg_ast_n_children (part) == 1 && kg_scope_lookup (scope, el->name))
        return kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &el->span, "variable `%s` already declared", el->name);
      if (el->kind == KG_AST_REL_PATTERN && el->name && kg_scope_lookup (scope, el->name))
        return kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &el->span, "variable `%s` already declared", el->name);
    }
  /* the create side declares the new variables (and checks CREATE's rules) */
  *spec = kg_bind_create_part (b, scope, part, TRUE, before);
  if (!kg_bind_failed (b))
    {
      GPtrArray *parts = kg_pattern_parts (part);
      check_shortest (b, parts);
      g_ptr_array_free (parts, TRUE);
    }
  for (guint i = 1; i < kg_ast_n_children (clause) && !kg_bind_failed (b); i++)
    kg_bind_set_items (b, scope, kg_ast_child (kg_ast_child (clause, i), 0));
  return !kg_bind_failed (b);
}

gboolean
kg_bind_delete (KgBinder *b, KgScope *scope, KgAst *clause)
{
  b->agg_context = "DELETE";
  for (guint i = 0; i < kg_ast_n_children (clause) && !kg_bind_failed (b); i++)
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
          kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &e->span, "DELETE expects a node, relationship or path");
          break;
        default:
          kg_bind_expr (b, scope, e, 0);
          if (!kg_bind_failed (b) && e->kind == KG_AST_VARIABLE)
            {
              KgVar *v = kg_scope_lookup (scope, e->name);
              if (v && v->kind == KG_VAR_RELLIST)
                kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &e->span, "DELETE expects a node, relationship or path");
            }
        }
    }
  b->agg_context = NULL;
  return !kg_bind_failed (b);
}

/* --- UNWIND and LOAD CSV ------------------------------------------------------------ */

/* Declares the alias of UNWIND, FOREACH or LOAD CSV, which must be new. Returns: its slot, or -1. */
static int
declare_alias (KgBinder *b, KgScope *scope, KgAst *alias)
{
  if (kg_scope_lookup (scope, alias->name))
    {
      kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &alias->span, "variable `%s` already declared", alias->name);
      return -1;
    }
  KgVar *v = kg_scope_declare (scope, alias->name, KG_VAR_ANY, kg_binder_new_slot (b));
  alias->slot = v->slot;
  return v->slot;
}

int
kg_bind_unwind (KgBinder *b, KgScope *scope, KgAst *clause)
{
  KgAst *list = kg_ast_child (clause, 0);
  b->agg_context = clause->kind == KG_AST_FOREACH ? "FOREACH" : "UNWIND";
  if (!kg_bind_checked (b, scope, list, 0, FALSE))
    return -1;
  b->agg_context = NULL;
  return declare_alias (b, scope, kg_ast_child (clause, 1));
}

int
kg_bind_load_csv (KgBinder *b, KgScope *scope, KgAst *clause, char *delimiter)
{
  KgAst *url = kg_ast_child (clause, 0);
  KgAst *term = kg_ast_child (clause, 2);
  b->agg_context = "LOAD CSV";
  if (!kg_bind_checked (b, scope, url, 0, FALSE))
    return -1;
  b->agg_context = NULL;
  if ((kg_expr_static_types (url, kg_binder_var_types, b) & (KG_TYPES (KG_VALUE_STRING) | KG_TYPES (KG_VALUE_NULL))) == 0)
    {
      kg_bind_error (b, KG_QUERY_ERROR_TYPE, &url->span, "LOAD CSV FROM expects a string (a file:/// URL)");
      return -1;
    }
  *delimiter = ',';
  if (term != NULL)
    {
      const char *t = term->value.u.s;
      if (strcmp (t, "\\t") == 0)
        t = "\t";
      if (strlen (t) != 1 || t[0] == '"' || t[0] == '\n' || t[0] == '\r')
        {
          kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &term->span,
                         "FIELDTERMINATOR takes one single-byte character other than a quote or a line break, such as ';' or '\\t'");
          return -1;
        }
      *delimiter = t[0];
    }
  int slot = declare_alias (b, scope, kg_ast_child (clause, 1));
  kg_binder_set_type (b, slot, (clause->flags & KG_AST_F_HEADERS) ? KG_TYPES (KG_VALUE_MAP) : KG_TYPES (KG_VALUE_LIST));
  return slot;
}

/* --- Clause order --------------------------------------------------------------------- */

gboolean
kg_query_returns (const KgAst *body)
{
  while (body != NULL && body->kind == KG_AST_UNION)
    body = kg_ast_child (body, 0);
  guint n = kg_ast_n_children (body);
  return n > 0 && kg_ast_child (body, n - 1)->kind == KG_AST_RETURN;
}

const char *
kg_with_clause_name (const KgAst *with)
{
  if (!(with->flags & KG_AST_F_STANDALONE))
    return "WITH";
  if (kg_ast_child (with, 1) != NULL)
    return "ORDER BY";
  if (kg_ast_child (with, 2) != NULL)
    return "SKIP";
  if (kg_ast_child (with, 3) != NULL)
    return "LIMIT";
  return "FILTER";
}

gboolean
kg_bind_clause_place (KgBinder *b, KgAst *sq, guint i, KgQueryMode mode)
{
  KgAst *c = kg_ast_child (sq, i);
  if (mode == KG_QUERY_FOREACH && c->kind != KG_AST_CREATE && c->kind != KG_AST_MERGE && c->kind != KG_AST_SET &&
      c->kind != KG_AST_REMOVE && c->kind != KG_AST_DELETE && c->kind != KG_AST_FOREACH)
    return kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &c->span,
                          "FOREACH can only hold CREATE, MERGE, SET, REMOVE, DELETE and FOREACH");
  switch (c->kind)
    {
    case KG_AST_MATCH:
    case KG_AST_UNWIND:
    case KG_AST_WITH:
    case KG_AST_CALL:
    case KG_AST_LOAD_CSV:
    case KG_AST_CALL_SUBQUERY:
      return TRUE;
    case KG_AST_RETURN:
      if (mode != KG_QUERY_EXISTS && i + 1 != kg_ast_n_children (sq))
        return kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &c->span, "RETURN can only be the last clause");
      return TRUE;
    case KG_AST_FINISH:
      if (i + 1 != kg_ast_n_children (sq))
        return kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &c->span, "FINISH can only be the last clause");
      return TRUE;
    case KG_AST_CREATE:
    case KG_AST_MERGE:
    case KG_AST_SET:
    case KG_AST_REMOVE:
    case KG_AST_DELETE:
    case KG_AST_FOREACH:
      if (mode == KG_QUERY_EXISTS || b->read_only > 0)
        return kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &c->span, "a subquery cannot change the graph");
      return TRUE;
    default:
      return kg_bind_error (b, KG_QUERY_ERROR_UNSUPPORTED, &c->span, "%s is not supported", kg_ast_kind_name (c->kind));
    }
}

gboolean
kg_bind_query_end (KgBinder *b, KgAst *sq, KgQueryMode mode)
{
  guint n = kg_ast_n_children (sq);
  if (mode == KG_QUERY_EXISTS || mode == KG_QUERY_FOREACH || n == 0)
    return TRUE;
  KgAst *last = kg_ast_child (sq, n - 1);
  const char *what = mode == KG_QUERY_CALL ? "a subquery" : "a query";
  if (last->kind == KG_AST_WITH || last->kind == KG_AST_UNWIND || last->kind == KG_AST_MATCH ||
      last->kind == KG_AST_LOAD_CSV)
    return kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &last->span, "%s cannot end with %s; add RETURN", what,
                          last->kind == KG_AST_WITH       ? kg_with_clause_name (last)
                          : last->kind == KG_AST_UNWIND   ? "UNWIND"
                          : last->kind == KG_AST_LOAD_CSV ? "LOAD CSV"
                                                          : "MATCH");
  if (last->kind == KG_AST_CALL_SUBQUERY && kg_query_returns (kg_ast_child (last, 0)))
    return kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &last->span,
                          "%s cannot end with a CALL subquery that returns rows; add RETURN", what);
  return TRUE;
}
