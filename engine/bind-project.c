/* engine/bind-project.c — binding WITH and RETURN into a bound projection body.
 *
 * kg_bind_projection() does everything about a projection that is not an operator:
 * the items (RETURN * expanded in name order), their column names and slots, the
 * split of aggregating items from grouping keys with the ambiguity rule, the
 * expressions that read a key or an item back from its slot, ORDER BY resolved
 * against the projection's scope, SKIP and LIMIT checked (a constant one evaluated
 * now, so its errors are compile-time errors), WITH's WHERE bound, and the scope
 * that follows. The planner (plan-project.c) stacks operators from the result, as
 * Kùzu's planner does from a BoundProjectionBody. This file does not plan anything.
 */
#include "engine/bind.h"

#include <string.h>

/* --- Rules ------------------------------------------------------------------------ */

/* Marks subtrees equal to an item's expression to be read from the item's slot. */
static void
premark (KgAst *e, GArray *items, gboolean only_keys)
{
  if (e == NULL || e->slot >= 0)
    return;
  for (guint i = 0; i < items->len; i++)
    {
      KgBoundItem *it = &g_array_index (items, KgBoundItem, i);
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
check_ambiguous (KgBinder *b, KgScope *old, KgAst *e, GArray *items)
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
          KgBoundItem *it = &g_array_index (items, KgBoundItem, i);
          if (!it->agg && it->expr->kind == KG_AST_VARIABLE && it->expr->slot == e->slot && e->slot >= 0)
            return TRUE;
          if (e->slot < 0 && strcmp (it->name, e->name) == 0)
            return TRUE; /* a projected name (ORDER BY) */
        }
      KgVar *v = kg_scope_lookup (old, e->name);
      if (v && (v->slot == e->slot || e->slot < 0))
        return kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &e->span,
                              "`%s` is used next to an aggregate but is not a grouping key; "
                              "project it as its own item as well",
                              e->name);
      return TRUE;
    }
  /* a grouping key that is a property of a variable may be used as is */
  if (e->kind == KG_AST_PROPERTY && kg_ast_child (e, 0) && kg_ast_child (e, 0)->kind == KG_AST_VARIABLE)
    for (guint i = 0; i < items->len; i++)
      {
        KgBoundItem *it = &g_array_index (items, KgBoundItem, i);
        if (!it->agg && kg_ast_equal (e, it->expr))
          return TRUE;
      }
  for (guint i = 0; i < kg_ast_n_children (e); i++)
    if (!check_ambiguous (b, old, kg_ast_child (e, i), items))
      return FALSE;
  return TRUE;
}

static gboolean
check_count_expr (KgBinder *b, KgScope *scope, KgAst *e, const char *what)
{
  if (e == NULL)
    return TRUE;
  if (kg_ast_contains_kind (e, KG_AST_VARIABLE))
    return kg_bind_error (b, KG_QUERY_ERROR_SYNTAX, &e->span, "%s must be a constant expression, not one that reads variables", what);
  if (!kg_bind_expr (b, scope, e, 0))
    return FALSE;
  /* a constant count is checked now, so its errors come at compile time */
  KgValue v = KG_VALUE_INIT;
  int constant = kg_bind_eval_constant (b, e, &v);
  if (constant < 0)
    return FALSE;
  if (constant > 0)
    {
      gboolean ok = TRUE;
      if (v.type != KG_VALUE_INT)
        ok = kg_bind_error (b, KG_QUERY_ERROR_SYNTAX, &e->span, "%s expects a non-negative integer, got %s", what,
                            kg_value_type_name (v.type));
      else if (v.u.i < 0)
        ok = kg_bind_error (b, KG_QUERY_ERROR_SYNTAX, &e->span, "%s expects a non-negative integer, got %" G_GINT64_FORMAT, what,
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
synthetic_variable (KgBinder *b, const char *name, int slot, const KgSpan *span)
{
  KgAst *v = kg_ast_new (KG_AST_VARIABLE, span);
  v->name = g_strdup (name);
  v->slot = slot;
  g_ptr_array_add (b->plan->owned, v);
  return v;
}

/* The scope WITH's WHERE and ORDER BY see: the projected names and, when @with_old,
 * the variables from before the projection (their slots are still intact); inside an
 * EXISTS, COUNT or COLLECT subquery also the outer query's (@old's parent). */
static KgScope *
after_scope (KgScope *old, KgScope *next, gboolean with_old)
{
  KgScope *s = kg_scope_new (old->parent);
  if (with_old)
    for (guint i = 0; i < old->vars->len; i++)
      {
        KgVar *v = g_ptr_array_index (old->vars, i);
        kg_scope_declare (s, v->name, v->kind, v->slot);
      }
  for (guint i = 0; i < next->vars->len; i++)
    {
      KgVar *v = g_ptr_array_index (next->vars, i);
      kg_scope_declare (s, v->name, v->kind, v->slot);
    }
  return s;
}

/* The items of @list (RETURN * first, in name order), with the per-item rules. */
static void
collect_items (KgBinder *b, KgScope *old, KgAst *clause, gboolean is_return, GArray *items)
{
  KgAst *list = kg_ast_child (clause, 0);
  const char *kw = is_return ? "RETURN" : "WITH";
  if (list->flags & KG_AST_F_STAR)
    {
      GPtrArray *vars = g_ptr_array_new ();
      for (guint i = 0; i < old->vars->len; i++)
        {
          KgVar *v = g_ptr_array_index (old->vars, i);
          if (kg_scope_lookup_local (old, v->name) == v)
            g_ptr_array_add (vars, v);
        }
      /* the RETURN * the parser adds to a SHOW command keeps the table's column order */
      if (!(clause->flags & KG_AST_F_SHOW))
        g_ptr_array_sort (vars, compare_var_names);
      if (vars->len == 0 && kg_ast_n_children (list) == 0 && clause->kind == KG_AST_RETURN)
        kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &list->span, "%s * is not allowed when there are no variables in scope", kw);
      for (guint i = 0; i < vars->len; i++)
        {
          KgVar *v = g_ptr_array_index (vars, i);
          KgBoundItem it = { v->name, synthetic_variable (b, v->name, v->slot, &list->span), FALSE, -1, NULL };
          g_array_append_val (items, it);
        }
      g_ptr_array_free (vars, TRUE);
    }
  for (guint i = 0; i < kg_ast_n_children (list) && !kg_bind_failed (b); i++)
    {
      KgAst *pi = kg_ast_child (list, i);
      KgAst *e = kg_ast_child (pi, 0);
      if (!is_return && !(pi->flags & KG_AST_F_ALIASED) && e->kind != KG_AST_VARIABLE)
        {
          kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &e->span, "expression in WITH must be aliased (use AS)");
          break;
        }
      if (e->kind == KG_AST_PATTERN_PREDICATE)
        {
          kg_bind_error (b, KG_QUERY_ERROR_SYNTAX, &e->span, "a pattern can only be used as a value inside exists() or a WHERE condition");
          break;
        }
      KgBoundItem it = { pi->name, e, FALSE, -1, pi };
      g_array_append_val (items, it);
    }
  /* column names */
  for (guint i = 0; i < items->len && !kg_bind_failed (b); i++)
    for (guint j = 0; j < i; j++)
      {
        KgBoundItem *x = &g_array_index (items, KgBoundItem, i), *y = &g_array_index (items, KgBoundItem, j);
        if (strcmp (x->name, y->name) == 0)
          {
            kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, x->item ? &x->item->span : &list->span,
                           "multiple result columns with the same name `%s`", x->name);
            break;
          }
      }
}

/* Binds the items in the scope before the projection, giving each a slot; the
 * aggregate calls go to @bp->aggs. */
static void
bind_items (KgBinder *b, KgScope *old, const char *kw, KgBoundProjection *bp)
{
  b->aggs = bp->aggs;
  b->agg_context = kw;
  for (guint i = 0; i < bp->items->len && !kg_bind_failed (b); i++)
    {
      KgBoundItem *it = &g_array_index (bp->items, KgBoundItem, i);
      guint before = bp->aggs->len;
      if (it->expr->slot < 0 || it->expr->kind != KG_AST_VARIABLE)
        kg_bind_checked (b, old, it->expr, KG_BIND_AGG_OK, FALSE);
      it->agg = bp->aggs->len > before;
      it->slot = kg_binder_new_slot (b);
      if (!kg_bind_failed (b))
        kg_binder_set_type (b, it->slot,
                            it->expr->kind == KG_AST_VARIABLE ? kg_binder_slot_type (b, it->expr->slot)
                                                              : kg_expr_static_types (it->expr, kg_binder_var_types, b));
    }
  b->aggs = NULL;
  b->agg_context = NULL;
  bp->aggregating = bp->aggs->len > 0;
  if (bp->aggregating)
    for (guint i = 0; i < bp->items->len && !kg_bind_failed (b); i++)
      {
        KgBoundItem *it = &g_array_index (bp->items, KgBoundItem, i);
        if (it->agg)
          check_ambiguous (b, old, it->expr, bp->items);
      }
  if (bp->aggregating && !kg_bind_failed (b))
    /* the aggregating items read the grouping keys from the key slots */
    for (guint i = 0; i < bp->items->len; i++)
      {
        KgBoundItem *it = &g_array_index (bp->items, KgBoundItem, i);
        if (it->agg)
          for (guint c = 0; c < kg_ast_n_children (it->expr); c++)
            premark (kg_ast_child (it->expr, c), bp->items, TRUE);
      }
}

/* ORDER BY sees the projected names and, unless the projection aggregated or removed
 * duplicates, the variables from before it. */
static void
bind_order (KgBinder *b, KgScope *old, KgAst *order, KgBoundProjection *bp)
{
  KgScope *sort_scope = after_scope (old, bp->scope, !bp->aggregating && !bp->distinct);
  bp->order = g_array_new (FALSE, FALSE, sizeof (KgSortKey));
  b->agg_context = "ORDER BY";
  for (guint i = 0; i < kg_ast_n_children (order) && !kg_bind_failed (b); i++)
    {
      KgAst *si = kg_ast_child (order, i);
      KgAst *e = kg_ast_child (si, 0);
      if (bp->aggregating && kg_ast_contains_aggregate (e) && !check_ambiguous (b, old, e, bp->items))
        break;
      premark (e, bp->items, FALSE);
      if (e->slot < 0 && !kg_bind_checked (b, sort_scope, e, 0, FALSE))
        break;
      KgSortKey k = { e, -1, (si->flags & KG_AST_F_DESC) != 0 };
      if (e->slot >= 0 && e->kind != KG_AST_FUNCTION_CALL)
        k.slot = e->slot;
      g_array_append_val (bp->order, k);
    }
  b->agg_context = NULL;
  kg_scope_free (sort_scope);
}

gboolean
kg_bind_projection (KgBinder *b, KgScope *old, KgAst *clause, gboolean is_return, KgBoundProjection *bp)
{
  memset (bp, 0, sizeof *bp);
  bp->items = g_array_new (FALSE, TRUE, sizeof (KgBoundItem));
  bp->aggs = g_ptr_array_new ();
  /* the outer query's variables stay visible after a WITH in an EXISTS, COUNT or
   * COLLECT subquery (the only scopes with a parent that hold clauses) */
  bp->scope = kg_scope_new (old->parent);
  bp->distinct = (clause->flags & KG_AST_F_DISTINCT) != 0;
  KgAst *order = kg_ast_child (clause, 1);
  bp->skip = kg_ast_child (clause, 2);
  bp->limit = kg_ast_child (clause, 3);
  bp->where = clause->kind == KG_AST_RETURN ? NULL : kg_ast_child (clause, 4);

  collect_items (b, old, clause, is_return, bp->items);
  if (!kg_bind_failed (b))
    bind_items (b, old, is_return ? "RETURN" : "WITH", bp);
  if (kg_bind_failed (b))
    return FALSE;

  /* the scope after the projection: its names, with the kinds of projected variables */
  for (guint i = 0; i < bp->items->len; i++)
    {
      KgBoundItem *it = &g_array_index (bp->items, KgBoundItem, i);
      kg_slots_add (&bp->columns, it->slot);
      KgVarKind kind = KG_VAR_ANY;
      if (it->expr->kind == KG_AST_VARIABLE)
        {
          KgVar *src = kg_scope_lookup (old, it->expr->name);
          if (src)
            kind = src->kind;
        }
      kg_scope_declare (bp->scope, it->name, kind, it->slot);
    }

  if (order)
    bind_order (b, old, order, bp);
  if (kg_bind_failed (b) || !check_count_expr (b, bp->scope, bp->skip, "SKIP") ||
      !check_count_expr (b, bp->scope, bp->limit, "LIMIT"))
    return FALSE;
  if (bp->where)
    {
      /* WITH ... WHERE: the projected names and, unless the projection aggregated, the
       * variables from before it */
      KgScope *where_scope = after_scope (old, bp->scope, !bp->aggregating);
      b->agg_context = "WHERE";
      kg_bind_checked (b, where_scope, bp->where, 0, TRUE);
      b->agg_context = NULL;
      kg_scope_free (where_scope);
    }
  return !kg_bind_failed (b);
}

void
kg_bound_projection_clear (KgBoundProjection *bp)
{
  if (bp->items)
    g_array_free (bp->items, TRUE);
  if (bp->aggs)
    g_ptr_array_free (bp->aggs, TRUE);
  if (bp->order)
    g_array_free (bp->order, TRUE);
  kg_scope_free (bp->scope);
  kg_slots_clear (&bp->columns);
  memset (bp, 0, sizeof *bp);
}
