/* engine/expr.c — evaluating expressions for one row: operators, property access,
 * indexing and slicing, CASE, comprehensions, quantifiers, reduce and map projections.
 *
 * Implements kg_expr_eval() and kg_expr_eval_predicate() of engine/expr.h with Cypher's
 * semantics (three-valued logic, null propagation, integer overflow as an error).
 * Every tree is bound first (engine/bind.c): variables are read from their slots and
 * calls go straight to their function's row, so nothing is looked up by name here.
 * Constant expressions marked by the binder are evaluated once per statement into
 * env->folded. Scalar functions live in functions.c and aggregates in aggregate.c;
 * pattern expressions are delegated to the engine through env->eval_pattern. Nothing
 * here prints or writes to the graph; the only shared state is a cache of compiled
 * regular expressions, guarded by a lock.
 */
#include "engine/expr-private.h"
#include "common/print.h"

#include <math.h>
#include <string.h>

typedef struct
{
  KgEvalEnv *env;
} Ctx;

/* One entry of the statement's fold cache. */
struct _KgExprFolded
{
  KgValue value;
  gboolean done; /* evaluated: `value` holds the expression's value */
};

static gboolean eval (Ctx *c, const KgAst *e, KgValue *out, GError **error);

/* kg_value_clear(), without the call for the scalars most values here are. */
static inline void
clear_value (KgValue *v)
{
  if (v->type >= KG_VALUE_STRING)
    kg_value_clear (v);
  else
    {
      v->type = KG_VALUE_NULL;
      v->u.i = 0;
    }
}

#define ERR(c, at, code, ...) \
  kg_query_error_set (error, (code), (c)->env->filename, (at) != NULL ? &(at)->span : NULL, __VA_ARGS__)

const char *
kg_expr_type_of (const KgValue *v)
{
  return kg_value_type_name (v->type);
}

gboolean
kg_expr_check_cancel (KgEvalEnv *env, const KgAst *at, GError **error)
{
  if (env->cancel != NULL && g_atomic_int_get (env->cancel) != 0)
    {
      kg_query_error_set (error, KG_QUERY_ERROR_CANCELLED, env->filename,
                          at != NULL ? &at->span : NULL, "query cancelled");
      return FALSE;
    }
  return TRUE;
}

static inline gboolean
maybe_cancel (Ctx *c, const KgAst *at, guint i, GError **error)
{
  if ((i % KG_EXPR_CANCEL_EVERY) != KG_EXPR_CANCEL_EVERY - 1)
    return TRUE;
  return kg_expr_check_cancel (c->env, at, error);
}

const char *
kg_expr_op_text (int op)
{
  switch (op)
    {
    case KG_OP_OR:
      return "OR";
    case KG_OP_XOR:
      return "XOR";
    case KG_OP_AND:
      return "AND";
    case KG_OP_NOT:
      return "NOT";
    case KG_OP_EQ:
      return "=";
    case KG_OP_NE:
      return "<>";
    case KG_OP_LT:
      return "<";
    case KG_OP_LE:
      return "<=";
    case KG_OP_GT:
      return ">";
    case KG_OP_GE:
      return ">=";
    case KG_OP_ADD:
      return "+";
    case KG_OP_SUB:
      return "-";
    case KG_OP_MUL:
      return "*";
    case KG_OP_DIV:
      return "/";
    case KG_OP_MOD:
      return "%";
    case KG_OP_POW:
      return "^";
    case KG_OP_NEG:
      return "-";
    case KG_OP_PLUS:
      return "+";
    case KG_OP_IN:
      return "IN";
    case KG_OP_STARTS_WITH:
      return "STARTS WITH";
    case KG_OP_ENDS_WITH:
      return "ENDS WITH";
    case KG_OP_CONTAINS:
      return "CONTAINS";
    case KG_OP_REGEX:
      return "=~";
    default:
      return "?";
    }
}

/* --- Variables ----------------------------------------------------------------- */

static gboolean
slot_valid (Ctx *c, gint64 slot)
{
  return c->env->slots != NULL && slot >= 0 && slot < (gint64) c->env->n_slots;
}

/* FALSE with an error for a variable the binder did not give a slot (a tree that was
 * not bound): never expected, but never a crash. */
static gboolean
need_slot (Ctx *c, const KgAst *at, const char *name, gint64 slot, GError **error)
{
  if (slot_valid (c, slot))
    return TRUE;
  ERR (c, at, KG_QUERY_ERROR_SEMANTIC, "variable `%s` not defined", name != NULL ? name : "?");
  return FALSE;
}

/* Copies the variable in @slot (named @name, for the error when it is not bound). */
static gboolean
read_variable (Ctx *c, const KgAst *at, const char *name, gint64 slot, KgValue *out, GError **error)
{
  *out = kg_value_null ();
  if (!need_slot (c, at, name, slot, error))
    return FALSE;
  kg_value_copy (&c->env->slots[slot], out);
  return TRUE;
}

/* An iteration variable: written to its slot while the comprehension runs, the slot's
 * previous value restored by bind_end. The caller checked the slot with need_slot(). */
typedef struct
{
  Ctx *c;
  gint64 slot;
  KgValue saved;
} Binding;

static void
bind_begin (Binding *b, Ctx *c, gint64 slot)
{
  b->c = c;
  b->slot = slot;
  b->saved = kg_value_steal (&c->env->slots[slot]);
}

/* Makes @v (copied) the variable's current value. */
static void
bind_set (Binding *b, const KgValue *v)
{
  KgValue *dst = &b->c->env->slots[b->slot];
  clear_value (dst);
  kg_value_copy (v, dst);
}

/* Like bind_set, taking ownership of *@v. */
static void
bind_take (Binding *b, KgValue *v)
{
  KgValue *dst = &b->c->env->slots[b->slot];
  clear_value (dst);
  *dst = kg_value_steal (v);
}

static void
bind_end (Binding *b)
{
  KgValue *dst = &b->c->env->slots[b->slot];
  clear_value (dst);
  *dst = kg_value_steal (&b->saved);
}

/* --- Borrowed evaluation -------------------------------------------------------- */

static gboolean eval_ref (Ctx *c, const KgAst *e, KgValue *tmp, const KgValue **ref, GError **error);

/* --- Truth values --------------------------------------------------------------- */

/* Reads a boolean operand of @op; FALSE with a TYPE error for anything but a boolean
 * or null. */
static gboolean
to_tri (Ctx *c, const KgAst *at, const char *what, const KgValue *v, KgTri *t, GError **error)
{
  if (v->type == KG_VALUE_NULL)
    {
      *t = KG_TRI_NULL;
      return TRUE;
    }
  if (v->type == KG_VALUE_BOOL)
    {
      *t = v->u.b ? KG_TRI_TRUE : KG_TRI_FALSE;
      return TRUE;
    }
  ERR (c, at, KG_QUERY_ERROR_TYPE, "%s expects a BOOLEAN, but got %s", what, kg_expr_type_of (v));
  return FALSE;
}

static KgValue
tri_value (KgTri t)
{
  return t == KG_TRI_NULL ? kg_value_null () : kg_value_bool (t == KG_TRI_TRUE);
}

static KgTri
tri_not (KgTri t)
{
  return t == KG_TRI_NULL ? KG_TRI_NULL : t == KG_TRI_TRUE ? KG_TRI_FALSE
                                                           : KG_TRI_TRUE;
}

static gboolean
eval_logic (Ctx *c, const KgAst *e, KgValue *out, GError **error)
{
  const KgAst *l = kg_ast_child (e, 0), *r = kg_ast_child (e, 1);
  const char *what = e->op == KG_OP_AND ? "AND" : e->op == KG_OP_OR ? "OR"
                                                                    : "XOR";
  KgValue lv = KG_VALUE_INIT, rv = KG_VALUE_INIT;
  const KgValue *lr, *rr;
  KgTri a, b;
  if (!eval_ref (c, l, &lv, &lr, error) || !to_tri (c, l, what, lr, &a, error))
    {
      clear_value (&lv);
      return FALSE;
    }
  clear_value (&lv);
  /* Short-circuit when the left side decides, unless the right side is a constant
   * whose type we can check for free. */
  gboolean decided = (e->op == KG_OP_AND && a == KG_TRI_FALSE) || (e->op == KG_OP_OR && a == KG_TRI_TRUE);
  if (decided && r != NULL && r->kind != KG_AST_LITERAL)
    {
      if (r->kind == KG_AST_LIST || r->kind == KG_AST_MAP)
        {
          ERR (c, r, KG_QUERY_ERROR_TYPE, "%s expects a BOOLEAN, but got %s", what,
               r->kind == KG_AST_LIST ? "LIST" : "MAP");
          return FALSE;
        }
      *out = kg_value_bool (e->op == KG_OP_OR);
      return TRUE;
    }
  if (!eval_ref (c, r, &rv, &rr, error) || !to_tri (c, r, what, rr, &b, error))
    {
      clear_value (&rv);
      return FALSE;
    }
  clear_value (&rv);
  KgTri t;
  switch (e->op)
    {
    case KG_OP_AND:
      t = (a == KG_TRI_FALSE || b == KG_TRI_FALSE) ? KG_TRI_FALSE : (a == KG_TRI_NULL || b == KG_TRI_NULL) ? KG_TRI_NULL
                                                                                                           : KG_TRI_TRUE;
      break;
    case KG_OP_OR:
      t = (a == KG_TRI_TRUE || b == KG_TRI_TRUE) ? KG_TRI_TRUE : (a == KG_TRI_NULL || b == KG_TRI_NULL) ? KG_TRI_NULL
                                                                                                        : KG_TRI_FALSE;
      break;
    default: /* XOR */
      t = (a == KG_TRI_NULL || b == KG_TRI_NULL) ? KG_TRI_NULL : (a != b) ? KG_TRI_TRUE
                                                                          : KG_TRI_FALSE;
      break;
    }
  *out = tri_value (t);
  return TRUE;
}

/* --- Arithmetic ----------------------------------------------------------------- */

static double
num_f (const KgValue *v)
{
  return v->type == KG_VALUE_INT ? (double) v->u.i : v->u.f;
}

static gboolean
overflow (Ctx *c, const KgAst *at, const KgValue *a, const KgValue *b, int op, GError **error)
{
  ERR (c, at, KG_QUERY_ERROR_ARITHMETIC, "integer overflow: %" G_GINT64_FORMAT " %s %" G_GINT64_FORMAT,
       a->u.i, kg_expr_op_text (op), b->u.i);
  return FALSE;
}

static gboolean
bad_operands (Ctx *c, const KgAst *at, int op, const KgValue *a, const KgValue *b, GError **error)
{
  ERR (c, at, KG_QUERY_ERROR_TYPE, "cannot apply `%s` to %s and %s", kg_expr_op_text (op), kg_expr_type_of (a),
       kg_expr_type_of (b));
  return FALSE;
}

static gboolean
list_concat (Ctx *c, const KgAst *at, const KgValue *a, const KgValue *b, KgValue *out, GError **error)
{
  guint na = a->type == KG_VALUE_LIST ? a->u.list->len : 1;
  guint nb = b->type == KG_VALUE_LIST ? b->u.list->len : 1;
  if ((gsize) na + nb > KG_EXPR_MAX_LIST_LEN)
    {
      ERR (c, at, KG_QUERY_ERROR_LIMIT, "list too long (more than %" G_GSIZE_FORMAT " elements)",
           (gsize) KG_EXPR_MAX_LIST_LEN);
      return FALSE;
    }
  KgList *l = kg_list_new (na + nb);
  const KgValue *parts[2] = { a, b };
  for (int p = 0; p < 2; p++)
    {
      KgValue tmp;
      if (parts[p]->type == KG_VALUE_LIST)
        for (guint i = 0; i < parts[p]->u.list->len; i++)
          {
            kg_value_copy (&parts[p]->u.list->items[i], &tmp);
            kg_list_append (l, &tmp);
          }
      else
        {
          kg_value_copy (parts[p], &tmp);
          kg_list_append (l, &tmp);
        }
    }
  *out = kg_value_list (l);
  return TRUE;
}

static gboolean
arith (Ctx *c, const KgAst *at, int op, const KgValue *a, const KgValue *b, KgValue *out, GError **error)
{
  *out = kg_value_null ();
  if (a->type == KG_VALUE_NULL || b->type == KG_VALUE_NULL)
    return TRUE;

  if (op == KG_OP_ADD)
    {
      if (a->type == KG_VALUE_LIST || b->type == KG_VALUE_LIST)
        return list_concat (c, at, a, b, out, error);
      if ((a->type == KG_VALUE_STRING && (b->type == KG_VALUE_STRING || kg_value_is_number (b))) ||
          (b->type == KG_VALUE_STRING && kg_value_is_number (a)))
        {
          GString *s = g_string_new (NULL);
          kg_value_append_text (s, a);
          kg_value_append_text (s, b);
          *out = kg_value_string_len (s->str, s->len);
          g_string_free (s, TRUE);
          return TRUE;
        }
    }
  /* Temporal arithmetic: instants and durations. */
  gboolean ta = a->type == KG_VALUE_DATE || kg_value_type_is_temporal (a->type);
  gboolean tb = b->type == KG_VALUE_DATE || kg_value_type_is_temporal (b->type);
  if (ta || tb)
    {
      gboolean da = a->type == KG_VALUE_DURATION, db = b->type == KG_VALUE_DURATION;
      gboolean ok = FALSE, handled = TRUE;
      if ((op == KG_OP_ADD || op == KG_OP_SUB) && da && db)
        ok = kg_duration_add (a, b, op == KG_OP_ADD ? 1 : -1, out);
      else if ((op == KG_OP_ADD || op == KG_OP_SUB) && ta && !da && db)
        ok = kg_temporal_add (a, b, op == KG_OP_ADD ? 1 : -1, out);
      else if (op == KG_OP_ADD && da && tb && !db)
        ok = kg_temporal_add (b, a, 1, out);
      else if (op == KG_OP_MUL && da && kg_value_is_number (b))
        ok = kg_duration_scale (a, num_f (b), out);
      else if (op == KG_OP_MUL && db && kg_value_is_number (a))
        ok = kg_duration_scale (b, num_f (a), out);
      else if (op == KG_OP_DIV && da && kg_value_is_number (b))
        {
          if (num_f (b) == 0.0)
            {
              ERR (c, at, KG_QUERY_ERROR_ARITHMETIC, "division of a duration by zero");
              return FALSE;
            }
          ok = kg_duration_scale (a, 1.0 / num_f (b), out);
        }
      else
        handled = FALSE;
      if (handled && !ok)
        {
          ERR (c, at, KG_QUERY_ERROR_ARITHMETIC, "temporal value out of range");
          return FALSE;
        }
      if (handled)
        return TRUE;
    }
  if (!kg_value_is_number (a) || !kg_value_is_number (b))
    return bad_operands (c, at, op, a, b, error);

  if (op == KG_OP_POW)
    {
      *out = kg_value_float (pow (num_f (a), num_f (b)));
      return TRUE;
    }

  if (a->type == KG_VALUE_INT && b->type == KG_VALUE_INT)
    {
      gint64 x = a->u.i, y = b->u.i, r;
      switch (op)
        {
        case KG_OP_ADD:
          if (__builtin_add_overflow (x, y, &r))
            return overflow (c, at, a, b, op, error);
          break;
        case KG_OP_SUB:
          if (__builtin_sub_overflow (x, y, &r))
            return overflow (c, at, a, b, op, error);
          break;
        case KG_OP_MUL:
          if (__builtin_mul_overflow (x, y, &r))
            return overflow (c, at, a, b, op, error);
          break;
        case KG_OP_DIV:
          if (y == 0)
            {
              ERR (c, at, KG_QUERY_ERROR_ARITHMETIC, "division by zero");
              return FALSE;
            }
          if (x == G_MININT64 && y == -1)
            return overflow (c, at, a, b, op, error);
          r = x / y;
          break;
        case KG_OP_MOD:
          if (y == 0)
            {
              ERR (c, at, KG_QUERY_ERROR_ARITHMETIC, "division by zero (modulo)");
              return FALSE;
            }
          r = (y == -1) ? 0 : x % y;
          break;
        default:
          return bad_operands (c, at, op, a, b, error);
        }
      *out = kg_value_int (r);
      return TRUE;
    }

  double x = num_f (a), y = num_f (b), r;
  switch (op)
    {
    case KG_OP_ADD:
      r = x + y;
      break;
    case KG_OP_SUB:
      r = x - y;
      break;
    case KG_OP_MUL:
      r = x * y;
      break;
    case KG_OP_DIV:
      r = x / y;
      break;
    case KG_OP_MOD:
      r = fmod (x, y);
      break;
    default:
      return bad_operands (c, at, op, a, b, error);
    }
  *out = kg_value_float (r);
  return TRUE;
}

/* --- Comparison and string predicates ------------------------------------------- */

static gboolean
is_nan (const KgValue *v)
{
  return v->type == KG_VALUE_FLOAT && isnan (v->u.f);
}

static KgTri
compare_op (int op, const KgValue *a, const KgValue *b)
{
  if (op == KG_OP_EQ)
    return kg_value_equals (a, b);
  if (op == KG_OP_NE)
    return tri_not (kg_value_equals (a, b));
  /* NaN against a number is false, not null (TCK Comparison2). */
  if ((is_nan (a) && kg_value_is_number (b)) || (is_nan (b) && kg_value_is_number (a)))
    return KG_TRI_FALSE;
  int cmp;
  if (!kg_value_compare (a, b, &cmp))
    return KG_TRI_NULL;
  gboolean r;
  switch (op)
    {
    case KG_OP_LT:
      r = cmp < 0;
      break;
    case KG_OP_LE:
      r = cmp <= 0;
      break;
    case KG_OP_GT:
      r = cmp > 0;
      break;
    default:
      r = cmp >= 0;
      break;
    }
  return r ? KG_TRI_TRUE : KG_TRI_FALSE;
}

KgTri
kg_expr_compare (int op, const KgValue *a, const KgValue *b)
{
  return compare_op (op, a, b);
}

static gboolean
eval_in (Ctx *c, const KgAst *at, const KgValue *x, const KgValue *list, KgValue *out, GError **error)
{
  *out = kg_value_null ();
  if (list->type == KG_VALUE_NULL)
    return TRUE;
  if (list->type != KG_VALUE_LIST)
    {
      ERR (c, at, KG_QUERY_ERROR_TYPE, "IN expects a LIST on its right, but got %s", kg_expr_type_of (list));
      return FALSE;
    }
  gboolean saw_null = FALSE;
  for (guint i = 0; i < list->u.list->len; i++)
    {
      KgTri t = kg_value_equals (x, &list->u.list->items[i]);
      if (t == KG_TRI_TRUE)
        {
          *out = kg_value_bool (TRUE);
          return TRUE;
        }
      if (t == KG_TRI_NULL)
        saw_null = TRUE;
    }
  *out = saw_null ? kg_value_null () : kg_value_bool (FALSE);
  return TRUE;
}

/* Compiled regular expressions by pattern text; a small cache, emptied when full. */
G_LOCK_DEFINE_STATIC (regex_cache);
static GHashTable *regex_cache;

static GRegex *
regex_get (const char *pattern, GError **gerror)
{
  G_LOCK (regex_cache);
  if (regex_cache == NULL)
    regex_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_regex_unref);
  GRegex *re = g_hash_table_lookup (regex_cache, pattern);
  if (re != NULL)
    {
      g_regex_ref (re);
      G_UNLOCK (regex_cache);
      return re;
    }
  G_UNLOCK (regex_cache);

  /* Cypher's =~ matches the whole string: anchor the start and require the end. */
  g_autofree char *full = g_strdup_printf ("(?:%s)\\z", pattern);
  re = g_regex_new (full, G_REGEX_ANCHORED | G_REGEX_OPTIMIZE, 0, gerror);
  if (re == NULL)
    return NULL;

  G_LOCK (regex_cache);
  if (g_hash_table_size (regex_cache) >= 256)
    g_hash_table_remove_all (regex_cache);
  g_hash_table_replace (regex_cache, g_strdup (pattern), g_regex_ref (re));
  G_UNLOCK (regex_cache);
  return re;
}

static gboolean
eval_string_op (Ctx *c, const KgAst *e, const KgValue *a, const KgValue *b, KgValue *out, GError **error)
{
  *out = kg_value_null ();
  if (a->type != KG_VALUE_STRING || b->type != KG_VALUE_STRING)
    return TRUE;
  switch (e->op)
    {
    case KG_OP_STARTS_WITH:
      *out = kg_value_bool (g_str_has_prefix (a->u.s, b->u.s));
      return TRUE;
    case KG_OP_ENDS_WITH:
      *out = kg_value_bool (g_str_has_suffix (a->u.s, b->u.s));
      return TRUE;
    case KG_OP_CONTAINS:
      *out = kg_value_bool (strstr (a->u.s, b->u.s) != NULL);
      return TRUE;
    default: /* REGEX */
      {
        GError *rerr = NULL;
        GRegex *re = regex_get (b->u.s, &rerr);
        if (re == NULL)
          {
            ERR (c, kg_ast_child (e, 1), KG_QUERY_ERROR_ARGUMENT, "invalid regular expression '%s': %s", b->u.s,
                 rerr->message);
            g_error_free (rerr);
            return FALSE;
          }
        gboolean m = g_regex_match (re, a->u.s, 0, NULL);
        g_regex_unref (re);
        *out = kg_value_bool (m);
        return TRUE;
      }
    }
}

static gboolean
eval_binary (Ctx *c, const KgAst *e, KgValue *out, GError **error)
{
  if (e->op == KG_OP_AND || e->op == KG_OP_OR || e->op == KG_OP_XOR)
    return eval_logic (c, e, out, error);

  KgValue at = KG_VALUE_INIT, bt = KG_VALUE_INIT;
  const KgValue *a = &at, *b = &bt;
  gboolean ok = eval_ref (c, kg_ast_child (e, 0), &at, &a, error) && eval_ref (c, kg_ast_child (e, 1), &bt, &b, error);
  if (ok)
    switch (e->op)
      {
      case KG_OP_EQ:
      case KG_OP_NE:
      case KG_OP_LT:
      case KG_OP_LE:
      case KG_OP_GT:
      case KG_OP_GE:
        *out = tri_value (compare_op (e->op, a, b));
        break;
      case KG_OP_ADD:
      case KG_OP_SUB:
      case KG_OP_MUL:
      case KG_OP_DIV:
      case KG_OP_MOD:
      case KG_OP_POW:
        ok = arith (c, e, e->op, a, b, out, error);
        break;
      case KG_OP_IN:
        ok = eval_in (c, kg_ast_child (e, 1), a, b, out, error);
        break;
      case KG_OP_STARTS_WITH:
      case KG_OP_ENDS_WITH:
      case KG_OP_CONTAINS:
      case KG_OP_REGEX:
        ok = eval_string_op (c, e, a, b, out, error);
        break;
      default:
        ERR (c, e, KG_QUERY_ERROR_UNSUPPORTED, "operator `%s` is not supported here", kg_expr_op_text (e->op));
        ok = FALSE;
      }
  clear_value (&at);
  clear_value (&bt);
  if (!ok)
    *out = kg_value_null ();
  return ok;
}

static gboolean
eval_unary (Ctx *c, const KgAst *e, KgValue *out, GError **error)
{
  const KgAst *arg = kg_ast_child (e, 0);
  KgValue v = KG_VALUE_INIT;
  if (!eval (c, arg, &v, error))
    return FALSE;
  *out = kg_value_null ();
  gboolean ok = TRUE;
  if (e->op == KG_OP_NOT)
    {
      KgTri t;
      ok = to_tri (c, arg, "NOT", &v, &t, error);
      if (ok)
        *out = tri_value (tri_not (t));
    }
  else if (v.type == KG_VALUE_NULL)
    ;
  else if (v.type == KG_VALUE_INT)
    {
      if (e->op == KG_OP_NEG)
        {
          if (v.u.i == G_MININT64)
            {
              ERR (c, e, KG_QUERY_ERROR_ARITHMETIC, "integer overflow: -(%" G_GINT64_FORMAT ")", v.u.i);
              ok = FALSE;
            }
          else
            *out = kg_value_int (-v.u.i);
        }
      else
        *out = v;
    }
  else if (v.type == KG_VALUE_FLOAT)
    {
      /* -0.0 is 0.0 in Cypher (TCK Literals5): negating zero keeps it positive. */
      double f = e->op == KG_OP_NEG && v.u.f != 0.0 ? -v.u.f : v.u.f;
      *out = kg_value_float (f == 0.0 ? 0.0 : f);
    }
  else
    {
      ERR (c, e, KG_QUERY_ERROR_TYPE, "cannot apply unary `%s` to %s", kg_expr_op_text (e->op), kg_expr_type_of (&v));
      ok = FALSE;
    }
  clear_value (&v); /* only numbers were copied out, never an owned value */
  return ok;
}

/* --- Properties ----------------------------------------------------------------- */

static gboolean
need_graph (Ctx *c, const KgAst *at, GError **error)
{
  if (c->env->graph != NULL)
    return TRUE;
  ERR (c, at, KG_QUERY_ERROR_RUNTIME, "no graph to read nodes and relationships from");
  return FALSE;
}

static gboolean
check_entity (Ctx *c, const KgAst *at, const KgValue *v, GError **error)
{
  if (!need_graph (c, at, error))
    return FALSE;
  gboolean live = v->type == KG_VALUE_NODE ? kg_graph_node_exists (c->env->graph, v->u.id)
                                           : kg_graph_edge_exists (c->env->graph, v->u.id);
  if (!live)
    {
      ERR (c, at, KG_QUERY_ERROR_ENTITY_NOT_FOUND, "the %s was deleted",
           v->type == KG_VALUE_NODE ? "node" : "relationship");
      return FALSE;
    }
  return TRUE;
}

/* The interned id of property key @key, remembered per expression node: a property
 * read runs once per row, and hashing the key each time shows in profiles. The cache
 * is per thread and every hit is verified against the graph, so a stale entry (a freed
 * tree or graph whose address was reused) is only a miss. */
typedef struct
{
  const KgAst *at;
  const KgGraph *graph;
  KgSymbol sym;
} KeyCacheEntry;

static _Thread_local KeyCacheEntry key_cache[512];

static KgSymbol
key_symbol (Ctx *c, const KgAst *at, const char *key)
{
  KgGraph *g = c->env->graph;
  KeyCacheEntry *slot = NULL;
  if (at != NULL)
    {
      slot = &key_cache[((guintptr) at >> 4) % G_N_ELEMENTS (key_cache)];
      if (slot->at == at && slot->graph == g && slot->sym < kg_graph_n_symbols (g, KG_SYM_KEY) &&
          strcmp (kg_graph_symbol_name (g, KG_SYM_KEY, slot->sym), key) == 0)
        return slot->sym;
    }
  KgSymbol sym = kg_graph_lookup (g, KG_SYM_KEY, key);
  if (slot != NULL && sym != KG_NONE)
    {
      slot->at = at;
      slot->graph = g;
      slot->sym = sym;
    }
  return sym;
}

/* Property @key of a node or relationship: (transfer none) the stored value, or NULL
 * when absent; FALSE on error. The pointer stays valid until the graph changes. */
static gboolean
entity_property (Ctx *c, const KgAst *at, const KgValue *obj, const char *key, const KgValue **v, GError **error)
{
  *v = NULL;
  if (!check_entity (c, at, obj, error))
    return FALSE;
  KgSymbol sym = key_symbol (c, at, key);
  if (sym == KG_NONE)
    return TRUE;
  *v = obj->type == KG_VALUE_NODE ? kg_graph_node_prop (c->env->graph, obj->u.id, sym)
                                  : kg_graph_edge_prop (c->env->graph, obj->u.id, sym);
  return TRUE;
}

/* Reads property @key of @obj into @out (null when absent). */
static gboolean
get_property (Ctx *c, const KgAst *at, const KgValue *obj, const char *key, KgValue *out, GError **error)
{
  *out = kg_value_null ();
  switch (obj->type)
    {
    case KG_VALUE_NULL:
      return TRUE;
    case KG_VALUE_NODE:
    case KG_VALUE_EDGE:
      {
        const KgValue *v;
        if (!entity_property (c, at, obj, key, &v, error))
          return FALSE;
        if (v != NULL)
          kg_value_copy (v, out);
        return TRUE;
      }
    case KG_VALUE_MAP:
      {
        const KgValue *v = kg_map_get (obj->u.map, key);
        if (v != NULL)
          kg_value_copy (v, out);
        return TRUE;
      }
    case KG_VALUE_DATE:
    case KG_VALUE_LOCALTIME:
    case KG_VALUE_TIME:
    case KG_VALUE_LOCALDATETIME:
    case KG_VALUE_DATETIME:
    case KG_VALUE_DURATION:
      if (kg_temporal_field (obj, key, out))
        return TRUE;
      ERR (c, at, KG_QUERY_ERROR_ARGUMENT, "a %s has no field `%s`", kg_expr_type_of (obj), key);
      return FALSE;
    default:
      ERR (c, at, KG_QUERY_ERROR_TYPE, "cannot read property `%s` of %s (expected a node, relationship or map)", key,
           kg_expr_type_of (obj));
      return FALSE;
    }
}

/* Copies every property of a node, relationship or map into @map. */
static gboolean
all_properties (Ctx *c, const KgAst *at, const KgValue *obj, KgMap *map, GError **error)
{
  if (obj->type == KG_VALUE_MAP)
    {
      for (guint i = 0; i < obj->u.map->len; i++)
        {
          KgValue v;
          kg_value_copy (&obj->u.map->vals[i], &v);
          kg_map_set (map, obj->u.map->keys[i], &v);
        }
      return TRUE;
    }
  if (!check_entity (c, at, obj, error))
    return FALSE;
  g_autoptr (GArray) props = kg_expr_entity_props (c->env->graph, obj->type == KG_VALUE_NODE, obj->u.id);
  for (guint i = 0; i < props->len; i++)
    {
      const KgExprProp *p = &g_array_index (props, KgExprProp, i);
      KgValue v;
      kg_value_copy (p->value, &v);
      kg_map_set (map, p->key, &v);
    }
  return TRUE;
}

static int
cmp_prop (gconstpointer a, gconstpointer b)
{
  return strcmp (((const KgExprProp *) a)->key, ((const KgExprProp *) b)->key);
}

GArray *
kg_expr_entity_props (KgGraph *graph, gboolean is_node, guint32 id)
{
  guint n = is_node ? kg_graph_node_n_props (graph, id) : kg_graph_edge_n_props (graph, id);
  GArray *props = g_array_sized_new (FALSE, FALSE, sizeof (KgExprProp), n);
  for (guint i = 0; i < n; i++)
    {
      KgSymbol key;
      KgExprProp p;
      p.value = is_node ? kg_graph_node_prop_at (graph, id, i, &key) : kg_graph_edge_prop_at (graph, id, i, &key);
      if (p.value == NULL)
        continue;
      p.key = kg_graph_symbol_name (graph, KG_SYM_KEY, key);
      g_array_append_val (props, p);
    }
  g_array_sort (props, cmp_prop);
  return props;
}

/* --- Dynamic labels and types ----------------------------------------------------- */

static gboolean
dynamic_name_ok (KgEvalEnv *env, const KgAst *dyn, gboolean type, const KgValue *v, gboolean in_list, GError **error)
{
  const char *what = type ? "a dynamic relationship type" : "a dynamic label";
  if (v->type != KG_VALUE_STRING)
    {
      kg_query_error_set (error, KG_QUERY_ERROR_TYPE, env->filename, &dyn->span,
                          in_list ? "%s must be a STRING or a LIST<STRING>, but the list holds %s"
                                  : "%s must be a STRING or a LIST<STRING>, but was %s",
                          what, kg_value_type_name (v->type));
      return FALSE;
    }
  if (v->u.s[0] == '\0')
    {
      /* Neo4j's words for an empty token name */
      kg_query_error_set (error, KG_QUERY_ERROR_SEMANTIC, env->filename, &dyn->span,
                          "'' is not a valid token name. Token names cannot be empty or contain any null-bytes.");
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
kg_eval_dynamic_label (KgEvalEnv *env, const KgAst *dyn, gboolean type, GError **error)
{
  KgValue v = KG_VALUE_INIT;
  if (!kg_expr_eval (env, kg_ast_child (dyn, 0), &v, error))
    return NULL;
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  gboolean ok = TRUE;
  if (v.type == KG_VALUE_LIST)
    for (guint i = 0; i < v.u.list->len && ok; i++)
      {
        ok = dynamic_name_ok (env, dyn, type, &v.u.list->items[i], TRUE, error);
        if (ok)
          g_ptr_array_add (names, g_strdup (v.u.list->items[i].u.s));
      }
  else if ((ok = dynamic_name_ok (env, dyn, type, &v, FALSE, error)))
    g_ptr_array_add (names, g_strdup (v.u.s));
  kg_value_clear (&v);
  if (!ok)
    g_clear_pointer (&names, g_ptr_array_unref);
  return names;
}

int
kg_dynamic_label_matches (KgEvalEnv *env, const KgAst *dyn, gboolean node, guint32 id, GError **error)
{
  g_autoptr (GPtrArray) names = kg_eval_dynamic_label (env, dyn, !node, error);
  if (names == NULL)
    return -1;
  gboolean any = dyn->op == KG_DYN_LABEL_ANY;
  for (guint i = 0; i < names->len; i++)
    {
      KgSymbol sym = kg_graph_lookup (env->graph, node ? KG_SYM_LABEL : KG_SYM_TYPE, names->pdata[i]);
      gboolean has = sym != KG_NONE && (node ? kg_graph_node_has_label (env->graph, id, sym) : kg_graph_edge_type (env->graph, id) == sym);
      if (has == any)
        return any ? 1 : 0;
    }
  /* all of them (true for none), or not one of them */
  return any ? 0 : 1;
}

static gboolean
eval_label_check (Ctx *c, const KgAst *e, KgValue *out, GError **error)
{
  KgValue v = KG_VALUE_INIT;
  if (!eval (c, kg_ast_child (e, 0), &v, error))
    return FALSE;
  *out = kg_value_null ();
  if (v.type == KG_VALUE_NULL)
    return TRUE;
  if (v.type != KG_VALUE_NODE && v.type != KG_VALUE_EDGE)
    {
      ERR (c, e, KG_QUERY_ERROR_TYPE, "label check expects a node or relationship, but got %s", kg_expr_type_of (&v));
      clear_value (&v);
      return FALSE;
    }
  if (!check_entity (c, e, &v, error))
    return FALSE;
  gboolean all = TRUE;
  for (guint i = 0; i < kg_ast_n_names (e) && all; i++)
    {
      const char *name = kg_ast_name_at (e, i);
      if (v.type == KG_VALUE_NODE)
        {
          KgSymbol sym = kg_graph_lookup (c->env->graph, KG_SYM_LABEL, name);
          all = sym != KG_NONE && kg_graph_node_has_label (c->env->graph, v.u.id, sym);
        }
      else
        {
          KgSymbol sym = kg_graph_lookup (c->env->graph, KG_SYM_TYPE, name);
          all = sym != KG_NONE && kg_graph_edge_type (c->env->graph, v.u.id) == sym;
        }
    }
  for (guint i = kg_ast_dynamic_labels (e); i < kg_ast_n_children (e) && all; i++)
    {
      int r = kg_dynamic_label_matches (c->env, kg_ast_child (e, i), v.type == KG_VALUE_NODE, v.u.id, error);
      if (r < 0)
        return FALSE;
      all = r == 1;
    }
  *out = kg_value_bool (all);
  return TRUE;
}

/* --- Indexing and slicing ------------------------------------------------------- */

static gboolean
eval_index (Ctx *c, const KgAst *e, KgValue *out, GError **error)
{
  /* Both operands are borrowed where they can be (a variable's slot, a constant key),
   * so `row['key']` copies only the value it reads. */
  KgValue obj_tmp = KG_VALUE_INIT, idx_tmp = KG_VALUE_INIT;
  const KgValue *obj_ref = &obj_tmp, *idx_ref = &idx_tmp;
  gboolean ok = eval_ref (c, kg_ast_child (e, 0), &obj_tmp, &obj_ref, error) &&
                eval_ref (c, kg_ast_child (e, 1), &idx_tmp, &idx_ref, error);
  const KgValue obj = *obj_ref, idx = *idx_ref; /* shallow: owned by the refs */
  *out = kg_value_null ();
  if (!ok || obj.type == KG_VALUE_NULL || idx.type == KG_VALUE_NULL)
    goto done;
  switch (obj.type)
    {
    case KG_VALUE_LIST:
      if (idx.type != KG_VALUE_INT)
        {
          ERR (c, kg_ast_child (e, 1), KG_QUERY_ERROR_TYPE, "list index must be an INTEGER, but got %s",
               kg_expr_type_of (&idx));
          ok = FALSE;
          break;
        }
      {
        gint64 n = obj.u.list->len, i = idx.u.i;
        if (i < 0)
          i += n;
        if (i >= 0 && i < n)
          kg_value_copy (&obj.u.list->items[i], out);
      }
      break;
    case KG_VALUE_MAP:
    case KG_VALUE_NODE:
    case KG_VALUE_EDGE:
    case KG_VALUE_DATE:
    case KG_VALUE_LOCALTIME:
    case KG_VALUE_TIME:
    case KG_VALUE_LOCALDATETIME:
    case KG_VALUE_DATETIME:
    case KG_VALUE_DURATION:
      if (idx.type != KG_VALUE_STRING)
        {
          ERR (c, kg_ast_child (e, 1), KG_QUERY_ERROR_TYPE, "%s key must be a STRING, but got %s",
               obj.type == KG_VALUE_MAP ? "map" : "property", kg_expr_type_of (&idx));
          ok = FALSE;
          break;
        }
      ok = get_property (c, e, &obj, idx.u.s, out, error);
      break;
    default:
      ERR (c, kg_ast_child (e, 0), KG_QUERY_ERROR_TYPE, "cannot index into %s (expected a list or map)",
           kg_expr_type_of (&obj));
      ok = FALSE;
    }
done:
  clear_value (&obj_tmp);
  clear_value (&idx_tmp);
  return ok;
}

static gboolean
eval_slice (Ctx *c, const KgAst *e, KgValue *out, GError **error)
{
  const KgAst *from_e = kg_ast_child (e, 1), *to_e = kg_ast_child (e, 2);
  KgValue obj = KG_VALUE_INIT, from = KG_VALUE_INIT, to = KG_VALUE_INIT;
  *out = kg_value_null ();
  gboolean ok = eval (c, kg_ast_child (e, 0), &obj, error) && (from_e == NULL || eval (c, from_e, &from, error)) &&
                (to_e == NULL || eval (c, to_e, &to, error));
  if (!ok)
    goto done;
  if (obj.type == KG_VALUE_NULL || (from_e != NULL && from.type == KG_VALUE_NULL) ||
      (to_e != NULL && to.type == KG_VALUE_NULL))
    goto done;
  if (obj.type != KG_VALUE_LIST)
    {
      ERR (c, kg_ast_child (e, 0), KG_QUERY_ERROR_TYPE, "cannot slice %s (expected a list)", kg_expr_type_of (&obj));
      ok = FALSE;
      goto done;
    }
  if ((from_e != NULL && from.type != KG_VALUE_INT) || (to_e != NULL && to.type != KG_VALUE_INT))
    {
      const KgValue *bad = (from_e != NULL && from.type != KG_VALUE_INT) ? &from : &to;
      ERR (c, bad == &from ? from_e : to_e, KG_QUERY_ERROR_TYPE, "list slice bounds must be INTEGERs, but got %s",
           kg_expr_type_of (bad));
      ok = FALSE;
      goto done;
    }
  {
    gint64 n = obj.u.list->len;
    gint64 lo = from_e != NULL ? from.u.i : 0, hi = to_e != NULL ? to.u.i : n;
    if (lo < 0)
      lo += n;
    if (hi < 0)
      hi += n;
    lo = CLAMP (lo, 0, n);
    hi = CLAMP (hi, 0, n);
    *out = kg_value_list (kg_list_slice (obj.u.list, (guint) lo, (guint) MAX (lo, hi)));
  }
done:
  clear_value (&obj);
  clear_value (&from);
  clear_value (&to);
  return ok;
}

/* --- CASE ----------------------------------------------------------------------- */

static gboolean
eval_case (Ctx *c, const KgAst *e, KgValue *out, GError **error)
{
  const KgAst *subject = kg_ast_child (e, 0);
  KgValue sv = KG_VALUE_INIT;
  if (subject != NULL && !eval (c, subject, &sv, error))
    return FALSE;
  guint n = kg_ast_n_children (e);
  for (guint k = 2; k + 1 < n; k += 2)
    {
      const KgAst *when = kg_ast_child (e, k);
      KgValue wv = KG_VALUE_INIT;
      if (!eval (c, when, &wv, error))
        {
          clear_value (&sv);
          return FALSE;
        }
      gboolean hit;
      if (subject != NULL)
        hit = kg_value_equals (&sv, &wv) == KG_TRI_TRUE;
      else
        {
          KgTri t;
          if (!to_tri (c, when, "CASE WHEN", &wv, &t, error))
            {
              clear_value (&wv);
              return FALSE;
            }
          hit = t == KG_TRI_TRUE;
        }
      clear_value (&wv);
      if (hit)
        {
          clear_value (&sv);
          return eval (c, kg_ast_child (e, k + 1), out, error);
        }
    }
  clear_value (&sv);
  const KgAst *else_e = kg_ast_child (e, 1);
  if (else_e != NULL)
    return eval (c, else_e, out, error);
  *out = kg_value_null ();
  return TRUE;
}

/* --- Comprehensions, quantifiers, reduce ---------------------------------------- */

/* Evaluates the list a comprehension iterates: FALSE on error; *@is_null when null. */
static gboolean
eval_source_list (Ctx *c, const KgAst *e, const KgAst *src, KgValue *lv, GError **error)
{
  if (!eval (c, src, lv, error))
    return FALSE;
  if (lv->type == KG_VALUE_NULL || lv->type == KG_VALUE_LIST)
    return TRUE;
  ERR (c, src, KG_QUERY_ERROR_TYPE, "expected a LIST to iterate over, but got %s", kg_expr_type_of (lv));
  clear_value (lv);
  return FALSE;
}

static gboolean
eval_predicate_ctx (Ctx *c, const KgAst *pred, KgTri *t, GError **error)
{
  KgValue v = KG_VALUE_INIT;
  if (!eval (c, pred, &v, error))
    return FALSE;
  gboolean ok = to_tri (c, pred, "WHERE", &v, t, error);
  clear_value (&v);
  return ok;
}

static gboolean
eval_list_comprehension (Ctx *c, const KgAst *e, KgValue *out, GError **error)
{
  const KgAst *where = kg_ast_child (e, 1), *proj = kg_ast_child (e, 2);
  KgValue lv = KG_VALUE_INIT;
  *out = kg_value_null ();
  if (!need_slot (c, e, e->name, e->var_slot, error) || !eval_source_list (c, e, kg_ast_child (e, 0), &lv, error))
    return FALSE;
  if (lv.type == KG_VALUE_NULL)
    return TRUE;
  KgList *src = lv.u.list;
  KgList *res = kg_list_new (src->len);
  Binding b;
  bind_begin (&b, c, e->var_slot);
  gboolean ok = TRUE;
  for (guint i = 0; i < src->len && ok; i++)
    {
      if (!(ok = maybe_cancel (c, e, i, error)))
        break;
      bind_set (&b, &src->items[i]);
      if (where != NULL)
        {
          KgTri t;
          if (!(ok = eval_predicate_ctx (c, where, &t, error)))
            break;
          if (t != KG_TRI_TRUE)
            continue;
        }
      KgValue v;
      if (proj != NULL)
        {
          if (!(ok = eval (c, proj, &v, error)))
            break;
        }
      else
        kg_value_copy (&src->items[i], &v);
      kg_list_append (res, &v);
    }
  bind_end (&b);
  clear_value (&lv);
  if (!ok)
    {
      kg_list_unref (res);
      return FALSE;
    }
  *out = kg_value_list (res);
  return TRUE;
}

static gboolean
eval_quantifier (Ctx *c, const KgAst *e, KgValue *out, GError **error)
{
  const KgAst *where = kg_ast_child (e, 1);
  KgValue lv = KG_VALUE_INIT;
  *out = kg_value_null ();
  if (!need_slot (c, e, e->name, e->var_slot, error) || !eval_source_list (c, e, kg_ast_child (e, 0), &lv, error))
    return FALSE;
  if (lv.type == KG_VALUE_NULL)
    return TRUE;
  KgList *src = lv.u.list;
  guint n_true = 0, n_false = 0, n_null = 0;
  Binding b;
  bind_begin (&b, c, e->var_slot);
  gboolean ok = TRUE;
  for (guint i = 0; i < src->len; i++)
    {
      if (!(ok = maybe_cancel (c, e, i, error)))
        break;
      bind_set (&b, &src->items[i]);
      KgTri t;
      if (where != NULL)
        {
          if (!(ok = eval_predicate_ctx (c, where, &t, error)))
            break;
        }
      else if (!(ok = to_tri (c, e, "quantifier", &src->items[i], &t, error)))
        break;
      if (t == KG_TRI_TRUE)
        n_true++;
      else if (t == KG_TRI_FALSE)
        n_false++;
      else
        n_null++;
      /* Stop early once the answer cannot change. */
      if ((e->op == KG_OP_ANY && n_true > 0) || (e->op == KG_OP_NONE && n_true > 0) ||
          (e->op == KG_OP_ALL && n_false > 0) || (e->op == KG_OP_SINGLE && n_true > 1))
        break;
    }
  bind_end (&b);
  clear_value (&lv);
  if (!ok)
    return FALSE;
  KgTri r;
  switch (e->op)
    {
    case KG_OP_ALL:
      r = n_false > 0 ? KG_TRI_FALSE : n_null > 0 ? KG_TRI_NULL
                                                  : KG_TRI_TRUE;
      break;
    case KG_OP_ANY:
      r = n_true > 0 ? KG_TRI_TRUE : n_null > 0 ? KG_TRI_NULL
                                                : KG_TRI_FALSE;
      break;
    case KG_OP_NONE:
      r = n_true > 0 ? KG_TRI_FALSE : n_null > 0 ? KG_TRI_NULL
                                                 : KG_TRI_TRUE;
      break;
    default: /* SINGLE */
      r = n_true > 1 ? KG_TRI_FALSE : n_null > 0 ? KG_TRI_NULL
                                  : n_true == 1  ? KG_TRI_TRUE
                                                 : KG_TRI_FALSE;
      break;
    }
  *out = tri_value (r);
  return TRUE;
}

static gboolean
eval_reduce (Ctx *c, const KgAst *e, KgValue *out, GError **error)
{
  KgValue acc = KG_VALUE_INIT, lv = KG_VALUE_INIT;
  *out = kg_value_null ();
  if (!need_slot (c, e, e->name, e->var_slot, error) ||
      !need_slot (c, e, kg_ast_name_at (e, 0), e->elem_slot, error) || !eval (c, kg_ast_child (e, 0), &acc, error))
    return FALSE;
  if (!eval_source_list (c, e, kg_ast_child (e, 1), &lv, error))
    {
      clear_value (&acc);
      return FALSE;
    }
  if (lv.type == KG_VALUE_NULL)
    {
      clear_value (&acc);
      return TRUE;
    }
  const KgAst *body = kg_ast_child (e, 2);
  KgList *src = lv.u.list;
  Binding ba, bx;
  bind_begin (&ba, c, e->var_slot);
  bind_begin (&bx, c, e->elem_slot);
  gboolean ok = TRUE;
  for (guint i = 0; i < src->len; i++)
    {
      if (!(ok = maybe_cancel (c, e, i, error)))
        break;
      bind_take (&ba, &acc);
      bind_set (&bx, &src->items[i]);
      if (!(ok = eval (c, body, &acc, error)))
        break;
    }
  bind_end (&bx);
  bind_end (&ba);
  clear_value (&lv);
  if (!ok)
    {
      clear_value (&acc);
      return FALSE;
    }
  *out = acc;
  return TRUE;
}

/* --- Maps and map projections --------------------------------------------------- */

static gboolean
eval_map_projection (Ctx *c, const KgAst *e, KgValue *out, GError **error)
{
  KgValue subj = KG_VALUE_INIT;
  *out = kg_value_null ();
  if (!read_variable (c, e, e->name, e->var_slot, &subj, error))
    return FALSE;
  if (subj.type == KG_VALUE_NULL)
    return TRUE;
  if (subj.type != KG_VALUE_NODE && subj.type != KG_VALUE_EDGE && subj.type != KG_VALUE_MAP)
    {
      ERR (c, e, KG_QUERY_ERROR_TYPE, "map projection expects a node, relationship or map, but `%s` is %s", e->name,
           kg_expr_type_of (&subj));
      clear_value (&subj);
      return FALSE;
    }
  KgMap *map = kg_map_new (kg_ast_n_children (e));
  gboolean ok = TRUE;
  for (guint i = 0; i < kg_ast_n_children (e) && ok; i++)
    {
      const KgAst *item = kg_ast_child (e, i);
      if (item == NULL)
        continue;
      KgValue v = KG_VALUE_INIT;
      switch (item->op)
        {
        case KG_MAP_ITEM_PROPERTY:
          ok = get_property (c, item, &subj, item->name, &v, error);
          break;
        case KG_MAP_ITEM_ALL:
          ok = all_properties (c, item, &subj, map, error);
          continue;
        case KG_MAP_ITEM_LITERAL:
          ok = eval (c, kg_ast_child (item, 0), &v, error);
          break;
        default: /* VARIABLE */
          ok = read_variable (c, item, item->name, item->var_slot, &v, error);
          break;
        }
      if (ok)
        kg_map_set (map, item->name, &v);
      else
        clear_value (&v);
    }
  clear_value (&subj);
  if (!ok)
    {
      kg_map_unref (map);
      return FALSE;
    }
  *out = kg_value_map (map);
  return TRUE;
}

/* --- Function calls ------------------------------------------------------------- */

static gboolean
eval_call (Ctx *c, const KgAst *e, KgValue *out, GError **error)
{
  *out = kg_value_null ();
  const KgFunction *fn = e->function;
  if (fn == NULL)
    {
      /* The binder resolves every call (and rejects unknown names), so this is a tree
       * that was never bound. */
      ERR (c, e, KG_QUERY_ERROR_SEMANTIC, "unknown function '%s'", e->name != NULL ? e->name : "?");
      return FALSE;
    }
  if (fn->agg != KG_AGG_NONE)
    {
      /* An aggregate the engine computes has a slot and is never evaluated here. */
      ERR (c, e, KG_QUERY_ERROR_SEMANTIC, "aggregate function %s() is not allowed here", fn->name);
      return FALSE;
    }
  guint n = kg_ast_n_children (e);

  /* exists(pattern) is a pattern predicate. */
  if ((fn->flags & KG_FN_PATTERN_ARG) && n == 1)
    {
      const KgAst *arg = kg_ast_child (e, 0);
      if (arg != NULL && (arg->kind == KG_AST_PATTERN_PREDICATE || arg->kind == KG_AST_PATTERN_PART))
        return eval (c, arg, out, error);
    }

  /* Arguments are borrowed where possible: args[i] is a shallow copy of the value (the
   * functions never keep or release their arguments); tmps[i] owns what was computed. */
  KgValue stack_args[4], stack_tmps[4];
  KgValue *args = n <= G_N_ELEMENTS (stack_args) ? stack_args : g_new (KgValue, n);
  KgValue *tmps = n <= G_N_ELEMENTS (stack_tmps) ? stack_tmps : g_new (KgValue, n);
  guint done = 0;
  gboolean ok = TRUE;
  for (; done < n; done++)
    {
      const KgValue *r;
      ok = eval_ref (c, kg_ast_child (e, done), &tmps[done], &r, error);
      if (!ok)
        {
          clear_value (&tmps[done]);
          break;
        }
      args[done] = *r;
    }
  if (ok)
    ok = kg_function_call (c->env, e, args, n, out, error);
  for (guint i = 0; i < done; i++)
    clear_value (&tmps[i]);
  if (args != stack_args)
    g_free (args);
  if (tmps != stack_tmps)
    g_free (tmps);
  if (!ok)
    *out = kg_value_null ();
  return ok;
}

/* --- The evaluator -------------------------------------------------------------- */

static gboolean eval_node (Ctx *c, const KgAst *e, KgValue *out, GError **error);

/* Whether @e is a constant with an entry in the statement's fold cache. */
static inline gboolean
is_folded (Ctx *c, const KgAst *e)
{
  return e->fold >= 0 && (guint) e->fold < c->env->n_folded;
}

/* The value of the constant @e, computed at its first evaluation in the statement and
 * kept in env->folded; *@ref points into the cache. An error is raised exactly as it
 * would be without the cache, and nothing is kept then. */
static gboolean
folded_ref (Ctx *c, const KgAst *e, const KgValue **ref, GError **error)
{
  KgExprFolded *f = &c->env->folded[e->fold];
  if (!f->done)
    {
      if (!eval_node (c, e, &f->value, error))
        {
          clear_value (&f->value);
          return FALSE;
        }
      f->done = TRUE;
    }
  *ref = &f->value;
  return TRUE;
}

KgExprFolded *
kg_expr_folded_new (guint n)
{
  return g_new0 (KgExprFolded, MAX (n, 1u));
}

void
kg_expr_folded_free (KgExprFolded *folded, guint n)
{
  if (folded == NULL)
    return;
  for (guint i = 0; i < n; i++)
    clear_value (&folded[i].value);
  g_free (folded);
}

/* Evaluates @e without copying when the value already lives somewhere that outlasts the
 * caller's use of it (a literal, a slot, a parameter, a comprehension variable, a stored
 * property): *@ref then points there. Otherwise the value is computed into @tmp and
 * *@ref points at @tmp. Either way the caller clears @tmp afterwards, and must not keep
 * *@ref beyond the evaluation of its own expression. */
/* obj.key, borrowed from the store when obj is a node or relationship (as eval_ref). */
static gboolean
property_ref (Ctx *c, const KgAst *e, KgValue *tmp, const KgValue **ref, GError **error)
{
  KgValue otmp;
  const KgValue *obj;
  *tmp = kg_value_null ();
  *ref = tmp;
  if (!eval_ref (c, kg_ast_child (e, 0), &otmp, &obj, error))
    return FALSE;
  gboolean ok;
  if (obj->type == KG_VALUE_NODE || obj->type == KG_VALUE_EDGE)
    {
      const KgValue *v;
      ok = entity_property (c, e, obj, e->name, &v, error);
      if (ok && v != NULL)
        *ref = v;
    }
  else if (obj->type == KG_VALUE_MAP && obj != &otmp)
    {
      /* a map that outlives the expression (a slot's, a parameter's): borrowed */
      const KgValue *v = kg_map_get (obj->u.map, e->name);
      if (v != NULL)
        *ref = v;
      ok = TRUE;
    }
  else
    ok = get_property (c, e, obj, e->name, tmp, error);
  clear_value (&otmp);
  return ok;
}

/* map['key'] with a literal key on a variable's map (LOAD CSV's row['name']), borrowed
 * from the map as property_ref() does; anything else is evaluated by eval_index(). */
static gboolean
index_ref (Ctx *c, const KgAst *e, KgValue *tmp, const KgValue **ref, GError **error)
{
  const KgAst *obj_e = kg_ast_child (e, 0), *key_e = kg_ast_child (e, 1);
  if (obj_e != NULL && key_e != NULL && obj_e->slot >= 0 && slot_valid (c, obj_e->slot) &&
      key_e->kind == KG_AST_LITERAL && key_e->value.type == KG_VALUE_STRING)
    {
      const KgValue *obj = &c->env->slots[obj_e->slot];
      if (obj->type == KG_VALUE_MAP)
        {
          const KgValue *v = kg_map_get (obj->u.map, key_e->value.u.s);
          if (v != NULL)
            *ref = v;
          return TRUE;
        }
    }
  return eval (c, e, tmp, error);
}

static gboolean
eval_ref (Ctx *c, const KgAst *e, KgValue *tmp, const KgValue **ref, GError **error)
{
  *tmp = kg_value_null ();
  *ref = tmp;
  if (e == NULL)
    return TRUE;
  if (e->slot >= 0)
    {
      if (!slot_valid (c, e->slot))
        return eval (c, e, tmp, error);
      *ref = &c->env->slots[e->slot];
      return TRUE;
    }
  if (is_folded (c, e))
    return folded_ref (c, e, ref, error);
  switch (e->kind)
    {
    case KG_AST_LITERAL:
      *ref = &e->value;
      return TRUE;
    case KG_AST_PARAMETER:
      {
        const KgValue *v = c->env->params != NULL ? g_hash_table_lookup (c->env->params, e->name) : NULL;
        if (v == NULL)
          return eval (c, e, tmp, error);
        *ref = v;
        return TRUE;
      }
    case KG_AST_PROPERTY:
      return property_ref (c, e, tmp, ref, error);
    case KG_AST_INDEX:
      return index_ref (c, e, tmp, ref, error);
    default:
      return eval (c, e, tmp, error);
    }
}

static gboolean
eval (Ctx *c, const KgAst *e, KgValue *out, GError **error)
{
  *out = kg_value_null ();
  if (e == NULL)
    return TRUE;
  if (e->slot >= 0)
    {
      if (!slot_valid (c, e->slot))
        {
          ERR (c, e, KG_QUERY_ERROR_RUNTIME, "internal error: expression slot %d out of range", e->slot);
          return FALSE;
        }
      kg_value_copy (&c->env->slots[e->slot], out);
      return TRUE;
    }
  if (is_folded (c, e))
    {
      const KgValue *v;
      if (!folded_ref (c, e, &v, error))
        return FALSE;
      kg_value_copy (v, out);
      return TRUE;
    }
  return eval_node (c, e, out, error);
}

/* Computes @e itself: neither its slot nor its folded value is consulted. */
static gboolean
eval_node (Ctx *c, const KgAst *e, KgValue *out, GError **error)
{
  *out = kg_value_null ();
  switch (e->kind)
    {
    case KG_AST_LITERAL:
      kg_value_copy (&e->value, out);
      return TRUE;

    case KG_AST_PARAMETER:
      {
        const KgValue *v = c->env->params != NULL ? g_hash_table_lookup (c->env->params, e->name) : NULL;
        if (v == NULL)
          {
            ERR (c, e, KG_QUERY_ERROR_PARAMETER_MISSING, "parameter $%s was not given", e->name);
            return FALSE;
          }
        kg_value_copy (v, out);
        return TRUE;
      }

    case KG_AST_VARIABLE:
      return read_variable (c, e, e->name, -1, out, error);

    case KG_AST_PROPERTY:
      {
        KgValue tmp;
        const KgValue *r;
        if (!property_ref (c, e, &tmp, &r, error))
          return FALSE;
        if (r == &tmp)
          *out = tmp;
        else
          kg_value_copy (r, out);
        return TRUE;
      }

    case KG_AST_LIST:
      {
        guint n = kg_ast_n_children (e);
        KgList *l = kg_list_new (n);
        for (guint i = 0; i < n; i++)
          {
            KgValue v;
            if (!eval (c, kg_ast_child (e, i), &v, error))
              {
                kg_list_unref (l);
                return FALSE;
              }
            kg_list_append (l, &v);
          }
        *out = kg_value_list (l);
        return TRUE;
      }

    case KG_AST_MAP:
      {
        guint n = kg_ast_n_children (e);
        KgMap *m = kg_map_new (n);
        for (guint i = 0; i < n; i++)
          {
            KgValue v;
            if (!eval (c, kg_ast_child (e, i), &v, error))
              {
                kg_map_unref (m);
                return FALSE;
              }
            kg_map_set (m, kg_ast_name_at (e, i), &v);
          }
        *out = kg_value_map (m);
        return TRUE;
      }

    case KG_AST_BINARY_OP:
      return eval_binary (c, e, out, error);

    case KG_AST_UNARY_OP:
      return eval_unary (c, e, out, error);

    case KG_AST_IS_NULL:
      {
        KgValue v = KG_VALUE_INIT;
        const KgValue *r;
        if (!eval_ref (c, kg_ast_child (e, 0), &v, &r, error))
          return FALSE;
        gboolean is_null = r->type == KG_VALUE_NULL;
        clear_value (&v);
        *out = kg_value_bool ((e->flags & KG_AST_F_NOT) ? !is_null : is_null);
        return TRUE;
      }

    case KG_AST_IS_TYPE:
      {
        KgValue v = KG_VALUE_INIT;
        const KgValue *r;
        if (!eval_ref (c, kg_ast_child (e, 0), &v, &r, error))
          return FALSE;
        gboolean is = kg_value_is_type (r, kg_ast_child (e, 1));
        clear_value (&v);
        *out = kg_value_bool ((e->flags & KG_AST_F_NOT) ? !is : is);
        return TRUE;
      }

    case KG_AST_LABEL_CHECK:
      return eval_label_check (c, e, out, error);

    case KG_AST_INDEX:
      return eval_index (c, e, out, error);

    case KG_AST_SLICE:
      return eval_slice (c, e, out, error);

    case KG_AST_FUNCTION_CALL:
      return eval_call (c, e, out, error);

    case KG_AST_CASE:
      return eval_case (c, e, out, error);

    case KG_AST_LIST_COMPREHENSION:
      return eval_list_comprehension (c, e, out, error);

    case KG_AST_QUANTIFIER:
      return eval_quantifier (c, e, out, error);

    case KG_AST_REDUCE:
      return eval_reduce (c, e, out, error);

    case KG_AST_MAP_PROJECTION:
      return eval_map_projection (c, e, out, error);

    case KG_AST_PATTERN_COMPREHENSION:
    case KG_AST_PATTERN_PREDICATE:
    case KG_AST_EXISTS_SUBQUERY:
    case KG_AST_PATTERN_PART:
      if (c->env->eval_pattern == NULL)
        {
          ERR (c, e, KG_QUERY_ERROR_UNSUPPORTED, "pattern expressions are not supported here");
          return FALSE;
        }
      if (!c->env->eval_pattern (c->env, e, out, error))
        {
          *out = kg_value_null ();
          return FALSE;
        }
      return TRUE;

    default:
      ERR (c, e, KG_QUERY_ERROR_UNSUPPORTED, "%s is not an expression that can be evaluated here",
           kg_ast_kind_name (e->kind));
      return FALSE;
    }
}

/* --- Type predicates (IS :: TYPE) ------------------------------------------------ */

/* Whether a value that is not null is of the TYPE named @name (not a UNION). */
static gboolean
value_has_type (const KgValue *v, const KgAst *type)
{
  const char *n = type->name;
  switch (v->type)
    {
    case KG_VALUE_BOOL:
      return strcmp (n, "BOOLEAN") == 0 || strcmp (n, "PROPERTY VALUE") == 0;
    case KG_VALUE_INT:
      return strcmp (n, "INTEGER") == 0 || strcmp (n, "PROPERTY VALUE") == 0;
    case KG_VALUE_FLOAT:
      return strcmp (n, "FLOAT") == 0 || strcmp (n, "PROPERTY VALUE") == 0;
    case KG_VALUE_STRING:
      return strcmp (n, "STRING") == 0 || strcmp (n, "PROPERTY VALUE") == 0;
    case KG_VALUE_DATE:
      return strcmp (n, "DATE") == 0 || strcmp (n, "PROPERTY VALUE") == 0;
    case KG_VALUE_LOCALTIME:
      return strcmp (n, "LOCAL TIME") == 0 || strcmp (n, "PROPERTY VALUE") == 0;
    case KG_VALUE_TIME:
      return strcmp (n, "ZONED TIME") == 0 || strcmp (n, "PROPERTY VALUE") == 0;
    case KG_VALUE_LOCALDATETIME:
      return strcmp (n, "LOCAL DATETIME") == 0 || strcmp (n, "PROPERTY VALUE") == 0;
    case KG_VALUE_DATETIME:
      return strcmp (n, "ZONED DATETIME") == 0 || strcmp (n, "PROPERTY VALUE") == 0;
    case KG_VALUE_DURATION:
      return strcmp (n, "DURATION") == 0 || strcmp (n, "PROPERTY VALUE") == 0;
    case KG_VALUE_NODE:
      return strcmp (n, "NODE") == 0;
    case KG_VALUE_EDGE:
      return strcmp (n, "RELATIONSHIP") == 0;
    case KG_VALUE_PATH:
      return strcmp (n, "PATH") == 0;
    case KG_VALUE_MAP:
      return strcmp (n, "MAP") == 0;
    case KG_VALUE_LIST:
      if (strcmp (n, "PROPERTY VALUE") == 0)
        {
          /* a list a property can hold: simple values of one type, no nulls */
          for (guint i = 0; i < v->u.list->len; i++)
            {
              const KgValue *item = &v->u.list->items[i];
              if (item->type == KG_VALUE_NULL || item->type == KG_VALUE_LIST || !value_has_type (item, type) ||
                  item->type != v->u.list->items[0].type)
                return FALSE;
            }
          return TRUE;
        }
      if (strcmp (n, "LIST") != 0)
        return FALSE;
      for (guint i = 0; i < v->u.list->len; i++)
        if (!kg_value_is_type (&v->u.list->items[i], kg_ast_child (type, 0)))
          return FALSE;
      return TRUE;
    default:
      return FALSE;
    }
}

gboolean
kg_value_is_type (const KgValue *v, const KgAst *type)
{
  if (type == NULL)
    return TRUE; /* LIST without an element type: anything */
  if (strcmp (type->name, "UNION") == 0)
    {
      for (guint i = 0; i < kg_ast_n_children (type); i++)
        if (kg_value_is_type (v, kg_ast_child (type, i)))
          return TRUE;
      return FALSE;
    }
  if (strcmp (type->name, "NOTHING") == 0)
    return FALSE;
  if (v->type == KG_VALUE_NULL)
    return !(type->flags & KG_AST_F_NOT);
  if (strcmp (type->name, "ANY") == 0)
    return TRUE;
  return value_has_type (v, type);
}

gboolean
kg_expr_eval (KgEvalEnv *env, const KgAst *expr, KgValue *out, GError **error)
{
  g_return_val_if_fail (env != NULL && out != NULL, FALSE);
  Ctx c = { env };
  if (!eval (&c, expr, out, error))
    {
      clear_value (out);
      return FALSE;
    }
  return TRUE;
}

gboolean
kg_expr_eval_predicate (KgEvalEnv *env, const KgAst *expr, KgTri *result, GError **error)
{
  g_return_val_if_fail (env != NULL && result != NULL, FALSE);
  Ctx c = { env };
  KgValue v = KG_VALUE_INIT;
  *result = KG_TRI_NULL;
  if (!eval (&c, expr, &v, error))
    return FALSE;
  gboolean ok = to_tri (&c, expr, "WHERE", &v, result, error);
  clear_value (&v);
  return ok;
}
