/* engine/bind-qpp.c — binding GQL path patterns: quantified path patterns and
 * relationships, path selectors and modes, and WHERE inside a pattern.
 *
 * A part the parser marked KG_AST_F_QUANTIFIED is bound here instead of element by
 * element in bind-clause.c. Its nodes and relationships outside any QPP are declared as
 * in any pattern. A variable inside a QPP is a group variable: while the pattern is
 * matched it holds one iteration's node or relationship (a hidden slot, KgAst.slot, which
 * the QPP's WHERE reads), and after it the list of all iterations' values (a slot in the
 * scope, KgAst.var_slot), as in Neo4j 5. Group variables must be new, and a QPP's WHERE
 * and the WHERE inside its elements may read only the variables bound before the MATCH
 * and the QPP's own. It does not plan (plan-qpp.c) or match (ops/op-qpp.c).
 */
#include "engine/bind.h"

#include <string.h>

/* The variables @scope sees, less its own declared from index @n_before on. */
static KgScope *
scope_before (KgScope *scope, guint n_before)
{
  KgScope *s = kg_scope_new (scope->parent);
  for (guint i = 0; i < n_before && i < scope->vars->len; i++)
    {
      KgVar *v = g_ptr_array_index (scope->vars, i);
      kg_scope_declare (s, v->name, v->kind, v->slot);
    }
  return s;
}

/* A variable of this MATCH that @e reads and @inner does not see, or NULL. */
static const KgAst *
foreign_variable (const KgAst *e, KgScope *inner, KgScope *outer)
{
  if (e == NULL)
    return NULL;
  if (e->kind == KG_AST_VARIABLE && e->name != NULL && kg_scope_lookup (inner, e->name) == NULL &&
      kg_scope_lookup (outer, e->name) != NULL)
    return e;
  for (guint i = 0; i < kg_ast_n_children (e); i++)
    {
      const KgAst *f = foreign_variable (kg_ast_child (e, i), inner, outer);
      if (f != NULL)
        return f;
    }
  return NULL;
}

/* Binds a WHERE inside a QPP in @gs (what was bound before the MATCH, and the QPP's own
 * variables of one iteration). */
static gboolean
bind_group_where (KgBinder *b, KgScope *gs, KgScope *scope, KgAst *where)
{
  if (where == NULL)
    return TRUE;
  const KgAst *f = foreign_variable (where, gs, scope);
  if (f != NULL)
    return kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &f->span,
                          "a quantified path pattern can only read its own variables and those bound before its MATCH, "
                          "not `%s`",
                          f->name);
  const char *saved = b->agg_context;
  b->agg_context = "a pattern";
  gboolean ok = kg_bind_checked (b, gs, where, 0, TRUE);
  b->agg_context = saved;
  return ok;
}

static gboolean
bind_props (KgBinder *b, KgScope *scope, KgAst *el)
{
  KgAst *props = kg_ast_child (el, 0);
  if (props && props->kind == KG_AST_PARAMETER)
    return kg_bind_error (b, KG_QUERY_ERROR_SYNTAX, &props->span,
                          "a parameter cannot stand for the properties of a pattern to match; write {key: $param.key}");
  const char *saved = b->agg_context;
  b->agg_context = "a pattern";
  gboolean ok = (props == NULL || kg_bind_expr (b, scope, props, 0)) && kg_bind_dynamic_labels (b, scope, el, NULL);
  b->agg_context = saved;
  return ok;
}

/* Declares one QPP's variables: an iteration slot each, and the list in @scope. */
static gboolean
declare_group (KgBinder *b, KgScope *scope, guint n_before, KgAst *qpp, GHashTable *group_names, KgSlots *new_slots, gboolean allow_new, gboolean optional)
{
  KgAst *inner = kg_ast_child (qpp, 0);
  g_autoptr (KgScope) gs = scope_before (scope, n_before);
  guint null_bit = optional ? 1u << KG_VALUE_NULL : 0;
  for (guint i = 0; i < kg_ast_n_children (inner); i++)
    {
      KgAst *el = kg_ast_child (inner, i);
      gboolean rel = el->kind == KG_AST_REL_PATTERN;
      el->slot = kg_binder_new_slot (b);
      el->var_slot = -1;
      kg_slots_add (new_slots, el->slot);
      if (rel && (el->flags & KG_AST_F_VARLENGTH))
        return kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &el->span,
                              "a variable-length relationship cannot stand inside a quantified path pattern");
      if (el->name == NULL)
        continue;
      if (!allow_new)
        return kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &el->span,
                              "a pattern expression cannot introduce the new variable `%s`", el->name);
      if (kg_scope_lookup (scope, el->name) != NULL || g_hash_table_contains (group_names, el->name))
        return kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &el->span,
                              "variable `%s` is already declared: the variables of a quantified path pattern must be new",
                              el->name);
      g_hash_table_add (group_names, el->name);
      kg_scope_declare (gs, el->name, rel ? KG_VAR_REL : KG_VAR_NODE, el->slot);
      kg_binder_set_type (b, el->slot, 1u << (rel ? KG_VALUE_EDGE : KG_VALUE_NODE));
    }
  /* the lists, visible after the pattern */
  for (guint i = 0; i < kg_ast_n_children (inner); i++)
    {
      KgAst *el = kg_ast_child (inner, i);
      if (el->name == NULL)
        continue;
      gboolean rel = el->kind == KG_AST_REL_PATTERN;
      KgVar *v = kg_scope_declare (scope, el->name, rel ? KG_VAR_RELLIST : KG_VAR_ANY, kg_binder_new_slot (b));
      kg_binder_set_type (b, v->slot, (1u << KG_VALUE_LIST) | null_bit);
      el->var_slot = v->slot;
      kg_slots_add (new_slots, v->slot);
    }
  /* the WHEREs of one iteration */
  for (guint i = 0; i < kg_ast_n_children (inner); i++)
    {
      KgAst *el = kg_ast_child (inner, i);
      if (!bind_props (b, gs, el) || !bind_group_where (b, gs, scope, kg_ast_child (el, 1)))
        return FALSE;
    }
  return bind_group_where (b, gs, scope, kg_ast_child (qpp, 1));
}

gboolean
kg_bind_qpp_part (KgBinder *b, KgScope *scope, guint n_before, KgAst *part, GHashTable *rels_here, KgSlots *new_slots, gboolean allow_new, gboolean optional)
{
  g_autoptr (GHashTable) group_names = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = kg_ast_n_children (part) - ((part->flags & KG_AST_F_WHERE) ? 1 : 0);
  if (kg_ast_n_names (part) == 1)
    {
      /* SHORTEST $k, ANY $k: the count is known when the statement is planned */
      const char *name = kg_ast_name_at (part, 0);
      const KgValue *k = b->params != NULL ? g_hash_table_lookup (b->params, name) : NULL;
      if (k == NULL)
        return kg_bind_error (b, KG_QUERY_ERROR_PARAMETER_MISSING, &part->span, "parameter `$%s` was not given", name);
      if (k->type != KG_VALUE_INT)
        return kg_bind_error (b, KG_QUERY_ERROR_TYPE, &part->span,
                              "a path selector's count must be a positive INTEGER, but `$%s` is %s", name,
                              kg_value_type_name (k->type));
      if (k->u.i < 1 || k->u.i > G_MAXINT32)
        return kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &part->span,
                              "a path selector's count must be a positive INTEGER, but `$%s` is %" G_GINT64_FORMAT, name, k->u.i);
      part->min_hops = k->u.i;
    }
  if (part->op != KG_PATH_SELECT_NONE && part->op != KG_PATH_SELECT_ALL && part->min_hops == 0)
    return kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &part->span, "a path selector's count must be at least 1");
  for (guint i = 0; i < n; i++)
    {
      KgAst *el = kg_ast_child (part, i);
      gboolean ok;
      if (el->kind == KG_AST_QPP)
        ok = declare_group (b, scope, n_before, el, group_names, new_slots, allow_new, optional);
      else
        {
          if (el->name != NULL && g_hash_table_contains (group_names, el->name))
            return kg_bind_error (b, KG_QUERY_ERROR_SEMANTIC, &el->span,
                                  "variable `%s` is already declared: the variables of a quantified path pattern must be new",
                                  el->name);
          ok = kg_bind_declare_element (b, scope, el, rels_here, new_slots, allow_new, optional);
          el->var_slot = -1;
        }
      if (!ok)
        return FALSE;
    }
  return kg_bind_declare_path (b, scope, part, new_slots, allow_new, optional);
}

gboolean
kg_bind_qpp_exprs (KgBinder *b, KgScope *scope, KgAst *part)
{
  guint n = kg_ast_n_children (part) - ((part->flags & KG_AST_F_WHERE) ? 1 : 0);
  const char *saved = b->agg_context;
  b->agg_context = "a pattern";
  gboolean ok = TRUE;
  for (guint i = 0; i < n && ok; i++)
    {
      KgAst *el = kg_ast_child (part, i);
      if (el->kind == KG_AST_QPP)
        continue; /* bound with its variables */
      ok = bind_props (b, scope, el);
      if (ok && kg_ast_child (el, 1) != NULL)
        ok = kg_bind_checked (b, scope, kg_ast_child (el, 1), 0, TRUE);
    }
  if (ok && (part->flags & KG_AST_F_WHERE))
    ok = kg_bind_checked (b, scope, kg_ast_child (part, n), 0, TRUE);
  b->agg_context = saved;
  return ok;
}
