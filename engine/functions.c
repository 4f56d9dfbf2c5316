/* engine/functions.c — Cypher's scalar functions and the function table: one row per
 * function (scalar and aggregate) carrying everything the engine knows about it.
 *
 * Each function gets its arguments already evaluated and follows Cypher's rules: null in
 * gives null out for most functions, a wrong argument type is KG_QUERY_ERROR_TYPE and an
 * out-of-domain value KG_QUERY_ERROR_ARGUMENT, reported at the offending argument.
 * Functions that share an implementation tell themselves apart by their row's `variant`,
 * never by their name: the binder resolves each call to its row once, and the name is
 * only used in messages. Aggregates are only listed here; their accumulators live in
 * aggregate.c. Nothing here prints or writes to the graph.
 */
#include "engine/expr-private.h"
#include "common/print.h"
#include "common/text.h"

#include <errno.h>
#include <math.h>
#include <string.h>

struct _KgFnCall
{
  KgEvalEnv *env;
  const KgAst *call;    /* the FUNCTION_CALL, for the spans of errors */
  const KgFunction *fn; /* its row: the name for messages, the variant */
};

typedef KgFnCall Fn;

/* --- Errors --------------------------------------------------------------------- */

static const KgSpan *
arg_span (Fn *f, guint i)
{
  const KgAst *a = kg_ast_child (f->call, i);
  return a != NULL ? &a->span : &f->call->span;
}

static gboolean
type_error (Fn *f, guint i, const char *expected, const KgValue *got, GError **error)
{
  kg_query_error_set (error, KG_QUERY_ERROR_TYPE, f->env->filename, arg_span (f, i),
                      "invalid argument type: %s() expects %s, but got %s", f->fn->name, expected,
                      kg_expr_type_of (got));
  return FALSE;
}

static gboolean G_GNUC_PRINTF (5, 6)
    arg_error (Fn *f, guint i, KgQueryError code, GError **error, const char *format, ...)
{
  va_list ap;
  va_start (ap, format);
  g_autofree char *text = g_strdup_vprintf (format, ap);
  va_end (ap);
  kg_query_error_set (error, code, f->env->filename, arg_span (f, i), "%s(): %s", f->fn->name, text);
  return FALSE;
}

static gboolean
need_graph (Fn *f, GError **error)
{
  if (f->env->graph != NULL)
    return TRUE;
  kg_query_error_set (error, KG_QUERY_ERROR_RUNTIME, f->env->filename, &f->call->span,
                      "%s(): no graph to read from", f->fn->name);
  return FALSE;
}

/* The graph is there and the node or relationship in @v is still alive. */
static gboolean
need_entity (Fn *f, guint i, const KgValue *v, GError **error)
{
  if (!need_graph (f, error))
    return FALSE;
  gboolean live = v->type == KG_VALUE_NODE ? kg_graph_node_exists (f->env->graph, v->u.id)
                                           : kg_graph_edge_exists (f->env->graph, v->u.id);
  if (live)
    return TRUE;
  kg_query_error_set (error, KG_QUERY_ERROR_ENTITY_NOT_FOUND, f->env->filename, arg_span (f, i),
                      "%s(): the %s was deleted", f->fn->name, v->type == KG_VALUE_NODE ? "node" : "relationship");
  return FALSE;
}

static gboolean
any_null (KgValue *args, guint n)
{
  for (guint i = 0; i < n; i++)
    if (args[i].type == KG_VALUE_NULL)
      return TRUE;
  return FALSE;
}

static double
num_f (const KgValue *v)
{
  return v->type == KG_VALUE_INT ? (double) v->u.i : v->u.f;
}

static KgValue
str_value (char *owned)
{
  KgValue v = kg_value_string (owned);
  g_free (owned);
  return v;
}

static gboolean
check_list_len (Fn *f, gsize n, GError **error)
{
  if (n <= KG_EXPR_MAX_LIST_LEN)
    return TRUE;
  kg_query_error_set (error, KG_QUERY_ERROR_LIMIT, f->env->filename, &f->call->span,
                      "%s(): the result would have %" G_GSIZE_FORMAT " elements, more than the limit of %" G_GSIZE_FORMAT,
                      f->fn->name, n, (gsize) KG_EXPR_MAX_LIST_LEN);
  return FALSE;
}

/* --- Graph and path functions --------------------------------------------------- */

/* Variants of fn_id. */
enum
{
  ID_INTERNAL,
  ID_ELEMENT,
};

static gboolean
fn_id (Fn *f, KgValue *a, guint n, KgValue *out, GError **error)
{
  if (a[0].type == KG_VALUE_NULL)
    return TRUE;
  if (a[0].type != KG_VALUE_NODE && a[0].type != KG_VALUE_EDGE)
    return type_error (f, 0, "a node or relationship", &a[0], error);
  if (f->fn->variant == ID_ELEMENT)
    *out = str_value (g_strdup_printf ("%s:%u", a[0].type == KG_VALUE_NODE ? "n" : "r", a[0].u.id));
  else
    *out = kg_value_int (a[0].u.id);
  return TRUE;
}

/* db.nameFromElementId(): the database an element id belongs to; kgq has one, which
 * the server calls neo4j. Null for a string that is not an element id kgq gives. */
static gboolean
fn_db_name (Fn *f, KgValue *a, guint n, KgValue *out, GError **error)
{
  if (a[0].type == KG_VALUE_NULL)
    return TRUE;
  if (a[0].type != KG_VALUE_STRING)
    return type_error (f, 0, "a string", &a[0], error);
  const char *s = a[0].u.s;
  if ((s[0] == 'n' || s[0] == 'r') && s[1] == ':' && g_ascii_isdigit (s[2]))
    {
      char *end = NULL;
      guint64 id = g_ascii_strtoull (s + 2, &end, 10);
      if (*end == '\0' && id <= G_MAXUINT32)
        *out = kg_value_string ("neo4j");
    }
  return TRUE;
}

static gboolean
fn_labels (Fn *f, KgValue *a, guint n, KgValue *out, GError **error)
{
  if (a[0].type == KG_VALUE_NULL)
    return TRUE;
  if (a[0].type != KG_VALUE_NODE)
    return type_error (f, 0, "a node", &a[0], error);
  if (!need_entity (f, 0, &a[0], error))
    return FALSE;
  guint nl = 0;
  const KgSymbol *labels = kg_graph_node_labels (f->env->graph, a[0].u.id, &nl);
  KgList *l = kg_list_new (nl);
  for (guint i = 0; i < nl; i++)
    {
      KgValue v = kg_value_string (kg_graph_symbol_name (f->env->graph, KG_SYM_LABEL, labels[i]));
      kg_list_append (l, &v);
    }
  *out = kg_value_list (l);
  return TRUE;
}

static gboolean
fn_type (Fn *f, KgValue *a, guint n, KgValue *out, GError **error)
{
  if (a[0].type == KG_VALUE_NULL)
    return TRUE;
  if (a[0].type != KG_VALUE_EDGE)
    return type_error (f, 0, "a relationship", &a[0], error);
  if (!need_graph (f, error))
    return FALSE;
  /* A deleted relationship keeps its type (TCK Return2: type() of a relationship deleted
   * earlier in the same query still answers). */
  KgSymbol t = kg_graph_edge_type (f->env->graph, a[0].u.id);
  if (t == KG_NONE || t >= kg_graph_n_symbols (f->env->graph, KG_SYM_TYPE))
    return need_entity (f, 0, &a[0], error);
  *out = kg_value_string (kg_graph_symbol_name (f->env->graph, KG_SYM_TYPE, t));
  return TRUE;
}

static gboolean
fn_endpoint (Fn *f, KgValue *a, guint n, KgValue *out, GError **error)
{
  if (a[0].type == KG_VALUE_NULL)
    return TRUE;
  if (a[0].type != KG_VALUE_EDGE)
    return type_error (f, 0, "a relationship", &a[0], error);
  if (!need_entity (f, 0, &a[0], error))
    return FALSE;
  gboolean start = f->fn->variant == 0;
  *out = kg_value_node (start ? kg_graph_edge_src (f->env->graph, a[0].u.id) : kg_graph_edge_dst (f->env->graph, a[0].u.id));
  return TRUE;
}

/* One property for keys() (its key into @kl) or properties() (a copy into @pm). */
static void
keys_props_add (KgList *kl, KgMap *pm, const char *key, const KgValue *value)
{
  KgValue v;
  if (kl != NULL)
    {
      v = kg_value_string (key);
      kg_list_append (kl, &v);
    }
  else
    {
      kg_value_copy (value, &v);
      kg_map_set (pm, key, &v);
    }
}

/* keys() and properties() of a node, relationship or map. */
static gboolean
fn_keys_props (Fn *f, KgValue *a, guint n, KgValue *out, GError **error)
{
  gboolean keys = f->fn->variant == 0;
  if (a[0].type == KG_VALUE_NULL)
    return TRUE;
  KgList *kl = keys ? kg_list_new (0) : NULL;
  KgMap *pm = keys ? NULL : kg_map_new (0);
  if (a[0].type == KG_VALUE_MAP)
    {
      for (guint i = 0; i < a[0].u.map->len; i++)
        keys_props_add (kl, pm, a[0].u.map->keys[i], &a[0].u.map->vals[i]);
    }
  else if (a[0].type == KG_VALUE_NODE || a[0].type == KG_VALUE_EDGE)
    {
      if (!need_entity (f, 0, &a[0], error))
        {
          kg_list_unref (kl);
          kg_map_unref (pm);
          return FALSE;
        }
      g_autoptr (GArray) props = kg_expr_entity_props (f->env->graph, a[0].type == KG_VALUE_NODE, a[0].u.id);
      for (guint i = 0; i < props->len; i++)
        {
          const KgExprProp *p = &g_array_index (props, KgExprProp, i);
          keys_props_add (kl, pm, p->key, p->value);
        }
    }
  else
    {
      kg_list_unref (kl);
      kg_map_unref (pm);
      return type_error (f, 0, "a node, relationship or map", &a[0], error);
    }
  *out = keys ? kg_value_list (kl) : kg_value_map (pm);
  return TRUE;
}

static gboolean
fn_path_parts (Fn *f, KgValue *a, guint n, KgValue *out, GError **error)
{
  if (a[0].type == KG_VALUE_NULL)
    return TRUE;
  if (a[0].type != KG_VALUE_PATH)
    return type_error (f, 0, "a path", &a[0], error);
  const KgPath *p = a[0].u.path;
  gboolean nodes = f->fn->variant == 0;
  guint len = nodes ? p->len + 1 : p->len;
  KgList *l = kg_list_new (len);
  for (guint i = 0; i < len; i++)
    {
      KgValue v = nodes ? kg_value_node (p->nodes[i]) : kg_value_edge (p->edges[i]);
      kg_list_append (l, &v);
    }
  *out = kg_value_list (l);
  return TRUE;
}

/* --- Lists ---------------------------------------------------------------------- */

static gboolean
fn_size (Fn *f, KgValue *a, guint n, KgValue *out, GError **error)
{
  gboolean length = f->fn->variant == 1;
  switch (a[0].type)
    {
    case KG_VALUE_NULL:
      return TRUE;
    case KG_VALUE_LIST:
      *out = kg_value_int (a[0].u.list->len);
      return TRUE;
    case KG_VALUE_STRING:
      *out = kg_value_int (g_utf8_strlen (a[0].u.s, -1));
      return TRUE;
    case KG_VALUE_PATH:
      if (length)
        {
          *out = kg_value_int (a[0].u.path->len);
          return TRUE;
        }
      /* fall through */
    default:
      return type_error (f, 0, length ? "a path or a string" : "a list or a string", &a[0], error);
    }
}

static gboolean
fn_char_length (Fn *f, KgValue *a, guint n, KgValue *out, GError **error)
{
  if (a[0].type == KG_VALUE_NULL)
    return TRUE;
  if (a[0].type != KG_VALUE_STRING)
    return type_error (f, 0, "a string", &a[0], error);
  *out = kg_value_int (g_utf8_strlen (a[0].u.s, -1));
  return TRUE;
}

static gboolean
fn_is_empty (Fn *f, KgValue *a, guint n, KgValue *out, GError **error)
{
  switch (a[0].type)
    {
    case KG_VALUE_NULL:
      return TRUE;
    case KG_VALUE_LIST:
      *out = kg_value_bool (a[0].u.list->len == 0);
      return TRUE;
    case KG_VALUE_MAP:
      *out = kg_value_bool (a[0].u.map->len == 0);
      return TRUE;
    case KG_VALUE_STRING:
      *out = kg_value_bool (a[0].u.s[0] == '\0');
      return TRUE;
    default:
      return type_error (f, 0, "a list, map or string", &a[0], error);
    }
}

static gboolean
fn_head_last (Fn *f, KgValue *a, guint n, KgValue *out, GError **error)
{
  if (a[0].type == KG_VALUE_NULL)
    return TRUE;
  if (a[0].type != KG_VALUE_LIST)
    return type_error (f, 0, "a list", &a[0], error);
  const KgList *l = a[0].u.list;
  if (l->len == 0)
    return TRUE;
  gboolean head = f->fn->variant == 0;
  kg_value_copy (&l->items[head ? 0 : l->len - 1], out);
  return TRUE;
}

static gboolean
fn_tail (Fn *f, KgValue *a, guint n, KgValue *out, GError **error)
{
  if (a[0].type == KG_VALUE_NULL)
    return TRUE;
  if (a[0].type != KG_VALUE_LIST)
    return type_error (f, 0, "a list", &a[0], error);
  const KgList *src = a[0].u.list;
  *out = kg_value_list (kg_list_slice (src, MIN (1, src->len), src->len));
  return TRUE;
}

static gboolean
fn_range (Fn *f, KgValue *a, guint n, KgValue *out, GError **error)
{
  for (guint i = 0; i < n; i++)
    if (a[i].type != KG_VALUE_INT)
      {
        /* The TCK calls wrong types here an ArgumentError (InvalidArgumentType). */
        kg_query_error_set (error, KG_QUERY_ERROR_ARGUMENT, f->env->filename, arg_span (f, i),
                            "invalid argument type: range() expects INTEGER arguments, but got %s",
                            kg_expr_type_of (&a[i]));
        return FALSE;
      }
  gint64 start = a[0].u.i, end = a[1].u.i, step = n > 2 ? a[2].u.i : 1;
  if (step == 0)
    return arg_error (f, 2, KG_QUERY_ERROR_ARGUMENT, error, "step must not be zero");
  guint64 count = 0;
  if (step > 0 && start <= end)
    count = ((guint64) end - (guint64) start) / (guint64) step + 1;
  else if (step < 0 && start >= end)
    count = ((guint64) start - (guint64) end) / ((guint64) (-(step + 1)) + 1) + 1;
  if (!check_list_len (f, count, error))
    return FALSE;
  KgList *l = kg_list_new ((guint) count);
  gint64 x = start;
  for (guint64 i = 0; i < count; i++)
    {
      if ((i % KG_EXPR_CANCEL_EVERY) == KG_EXPR_CANCEL_EVERY - 1 && !kg_expr_check_cancel (f->env, f->call, error))
        {
          kg_list_unref (l);
          return FALSE;
        }
      KgValue v = kg_value_int (x);
      kg_list_append (l, &v);
      x = (gint64) ((guint64) x + (guint64) step);
    }
  *out = kg_value_list (l);
  return TRUE;
}

static gboolean
fn_reverse (Fn *f, KgValue *a, guint n, KgValue *out, GError **error)
{
  if (a[0].type == KG_VALUE_NULL)
    return TRUE;
  if (a[0].type == KG_VALUE_STRING)
    {
      *out = str_value (g_utf8_strreverse (a[0].u.s, -1));
      return TRUE;
    }
  if (a[0].type != KG_VALUE_LIST)
    return type_error (f, 0, "a list or a string", &a[0], error);
  const KgList *src = a[0].u.list;
  KgList *l = kg_list_new (src->len);
  for (guint i = src->len; i > 0; i--)
    {
      KgValue v;
      kg_value_copy (&src->items[i - 1], &v);
      kg_list_append (l, &v);
    }
  *out = kg_value_list (l);
  return TRUE;
}

static gboolean
fn_coalesce (Fn *f, KgValue *a, guint n, KgValue *out, GError **error)
{
  for (guint i = 0; i < n; i++)
    if (a[i].type != KG_VALUE_NULL)
      {
        kg_value_copy (&a[i], out);
        return TRUE;
      }
  return TRUE;
}

static gboolean
fn_exists (Fn *f, KgValue *a, guint n, KgValue *out, GError **error)
{
  *out = kg_value_bool (a[0].type != KG_VALUE_NULL);
  return TRUE;
}

/* --- Conversions ---------------------------------------------------------------- */

static gboolean
parse_int (const char *s, gint64 *out)
{
  /* The common case, a short run of digits with an optional sign (a CSV field), is
   * read in place: 18 digits cannot overflow. */
  const char *p = s + (*s == '-' || *s == '+');
  guint64 v = 0;
  guint n = 0;
  while (n <= 18 && g_ascii_isdigit (p[n]))
    v = v * 10 + (guint64) (p[n++] - '0');
  if (n > 0 && n <= 18 && p[n] == '\0')
    {
      *out = *s == '-' ? -(gint64) v : (gint64) v;
      return TRUE;
    }
  g_autofree char *t = g_strstrip (g_strdup (s));
  if (*t == '\0')
    return FALSE;
  char *end = NULL;
  errno = 0;
  gint64 i = g_ascii_strtoll (t, &end, 10);
  if (errno == 0 && end != NULL && *end == '\0')
    {
      *out = i;
      return TRUE;
    }
  return FALSE;
}

static gboolean
parse_float (const char *s, double *out)
{
  g_autofree char *t = g_strstrip (g_strdup (s));
  if (*t == '\0')
    return FALSE;
  /* Hex and the bare words strtod accepts are not Cypher numbers. */
  for (const char *p = t; *p != '\0'; p++)
    if (!(g_ascii_isdigit (*p) || *p == '.' || *p == 'e' || *p == 'E' || *p == '+' || *p == '-'))
      {
        if (strcmp (t, "NaN") == 0)
          {
            *out = NAN;
            return TRUE;
          }
        if (strcmp (t, "Infinity") == 0 || strcmp (t, "+Infinity") == 0 || strcmp (t, "-Infinity") == 0)
          {
            *out = t[0] == '-' ? -INFINITY : INFINITY;
            return TRUE;
          }
        return FALSE;
      }
  char *end = NULL;
  double v = g_ascii_strtod (t, &end);
  if (end == NULL || *end != '\0' || end == t)
    return FALSE;
  *out = v;
  return TRUE;
}

/* Java's (long) cast: NaN is 0, out-of-range values saturate. */
static gint64
float_to_int (double d)
{
  if (isnan (d))
    return 0;
  if (d >= 9223372036854775807.0)
    return G_MAXINT64;
  if (d <= -9223372036854775808.0)
    return G_MININT64;
  return (gint64) d;
}

/* The conversions, each turning @v into *@out (null in gives null out) or returning FALSE
 * when @v's type cannot be converted; a string that does not parse gives null. */
static gboolean
conv_integer (const KgValue *v, KgValue *out)
{
  switch (v->type)
    {
    case KG_VALUE_NULL:
      return TRUE;
    case KG_VALUE_INT:
      *out = *v;
      return TRUE;
    case KG_VALUE_FLOAT:
      *out = kg_value_int (float_to_int (v->u.f));
      return TRUE;
    case KG_VALUE_BOOL:
      *out = kg_value_int (v->u.b ? 1 : 0);
      return TRUE;
    case KG_VALUE_STRING:
      {
        gint64 i;
        double d;
        if (parse_int (v->u.s, &i))
          *out = kg_value_int (i);
        else if (parse_float (v->u.s, &d))
          *out = kg_value_int (float_to_int (d));
        return TRUE;
      }
    default:
      return FALSE;
    }
}

static gboolean
conv_float (const KgValue *v, KgValue *out)
{
  switch (v->type)
    {
    case KG_VALUE_NULL:
      return TRUE;
    case KG_VALUE_INT:
      *out = kg_value_float ((double) v->u.i);
      return TRUE;
    case KG_VALUE_FLOAT:
      *out = *v;
      return TRUE;
    case KG_VALUE_STRING:
      {
        double d;
        if (parse_float (v->u.s, &d))
          *out = kg_value_float (d);
        return TRUE;
      }
    default:
      return FALSE;
    }
}

static gboolean
conv_boolean (const KgValue *v, KgValue *out)
{
  switch (v->type)
    {
    case KG_VALUE_NULL:
      return TRUE;
    case KG_VALUE_BOOL:
      *out = *v;
      return TRUE;
    case KG_VALUE_INT:
      *out = kg_value_bool (v->u.i != 0);
      return TRUE;
    case KG_VALUE_STRING:
      {
        g_autofree char *t = g_strstrip (g_strdup (v->u.s));
        if (g_ascii_strcasecmp (t, "true") == 0)
          *out = kg_value_bool (TRUE);
        else if (g_ascii_strcasecmp (t, "false") == 0)
          *out = kg_value_bool (FALSE);
        return TRUE;
      }
    default:
      return FALSE;
    }
}

static gboolean
conv_string (const KgValue *v, KgValue *out)
{
  switch (v->type)
    {
    case KG_VALUE_NULL:
      return TRUE;
    case KG_VALUE_STRING:
      kg_value_copy (v, out);
      return TRUE;
    case KG_VALUE_INT:
    case KG_VALUE_FLOAT:
    case KG_VALUE_BOOL:
    case KG_VALUE_DATE:
    case KG_VALUE_LOCALTIME:
    case KG_VALUE_TIME:
    case KG_VALUE_LOCALDATETIME:
    case KG_VALUE_DATETIME:
    case KG_VALUE_DURATION:
      {
        GString *s = g_string_new (NULL);
        kg_value_append_text (s, v);
        *out = str_value (g_string_free (s, FALSE));
        return TRUE;
      }
    default:
      return FALSE;
    }
}

/* What a conversion function converts to: the variant of fn_convert and fn_convert_list. */
enum
{
  CONV_INTEGER,
  CONV_FLOAT,
  CONV_BOOLEAN,
  CONV_STRING,
  CONV_OR_NULL = 1 << 4, /* toIntegerOrNull() and the others: null instead of a type error */
};

static const struct
{
  gboolean (*convert) (const KgValue *v, KgValue *out);
  const char *expected; /* the types it converts, for its type error */
} conversions[] = {
  [CONV_INTEGER] = { conv_integer, "a number, a boolean or a string" },
  [CONV_FLOAT] = { conv_float, "a number or a string" },
  [CONV_BOOLEAN] = { conv_boolean, "a boolean, an integer or a string" },
  [CONV_STRING] = { conv_string, "a number, boolean, string or date" },
};

static gboolean
fn_convert (Fn *f, KgValue *a, guint n, KgValue *out, GError **error)
{
  int to = f->fn->variant & ~CONV_OR_NULL;
  if (conversions[to].convert (&a[0], out) || (f->fn->variant & CONV_OR_NULL))
    return TRUE;
  return type_error (f, 0, conversions[to].expected, &a[0], error);
}

/* toIntegerList() and the others: each item as the ...OrNull() conversion gives it. */
static gboolean
fn_convert_list (Fn *f, KgValue *a, guint n, KgValue *out, GError **error)
{
  if (a[0].type == KG_VALUE_NULL)
    return TRUE;
  if (a[0].type != KG_VALUE_LIST)
    return type_error (f, 0, "a list", &a[0], error);
  const KgList *src = a[0].u.list;
  KgList *l = kg_list_new (src->len);
  for (guint i = 0; i < src->len; i++)
    {
      KgValue v = KG_VALUE_INIT;
      conversions[f->fn->variant].convert (&src->items[i], &v);
      kg_list_append (l, &v);
    }
  *out = kg_value_list (l);
  return TRUE;
}

/* The GQL names of the value types, in the order valueType() lists the members of a
 * union (Neo4j's type normalisation order). */
static const struct
{
  const char *name;
  int rank;
} type_names[] = {
  [KG_VALUE_BOOL] = { "BOOLEAN", 0 },
  [KG_VALUE_STRING] = { "STRING", 1 },
  [KG_VALUE_INT] = { "INTEGER", 2 },
  [KG_VALUE_FLOAT] = { "FLOAT", 3 },
  [KG_VALUE_DATE] = { "DATE", 4 },
  [KG_VALUE_LOCALTIME] = { "LOCAL TIME", 5 },
  [KG_VALUE_TIME] = { "ZONED TIME", 6 },
  [KG_VALUE_LOCALDATETIME] = { "LOCAL DATETIME", 7 },
  [KG_VALUE_DATETIME] = { "ZONED DATETIME", 8 },
  [KG_VALUE_DURATION] = { "DURATION", 9 },
  [KG_VALUE_NODE] = { "NODE", 10 },
  [KG_VALUE_EDGE] = { "RELATIONSHIP", 11 },
  [KG_VALUE_MAP] = { "MAP", 12 },
  [KG_VALUE_LIST] = { "LIST", 13 },
  [KG_VALUE_PATH] = { "PATH", 14 },
};

typedef struct
{
  char *name; /* "LIST<INTEGER NOT NULL>" */
  char *key;  /* the same with each type name replaced by its rank, to sort by */
} TypeMember;

static int
type_member_cmp (gconstpointer pa, gconstpointer pb)
{
  return strcmp (((const TypeMember *) pa)->key, ((const TypeMember *) pb)->key);
}

static void
type_member_clear (gpointer p)
{
  g_free (((TypeMember *) p)->name);
  g_free (((TypeMember *) p)->key);
}

/* Appends the type of @v, which is not null, without its nullability, to @name
 * ("INTEGER", "LIST<INTEGER NOT NULL | STRING NOT NULL>") and its sort key to @key. A
 * list's type is the union of its items' types, each NOT NULL unless the list holds a
 * null; "LIST<NOTHING>" when it is empty. */
static void
append_type (GString *name, GString *key, const KgValue *v)
{
  g_string_append_c (key, (char) ('A' + type_names[v->type].rank));
  if (v->type != KG_VALUE_LIST)
    {
      g_string_append (name, type_names[v->type].name);
      return;
    }
  const KgList *l = v->u.list;
  if (l->len == 0)
    {
      g_string_append (name, "LIST<NOTHING>");
      return;
    }
  g_autoptr (GArray) members = g_array_new (FALSE, FALSE, sizeof (TypeMember));
  g_array_set_clear_func (members, type_member_clear);
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean has_null = FALSE;
  for (guint i = 0; i < l->len; i++)
    {
      if (l->items[i].type == KG_VALUE_NULL)
        {
          has_null = TRUE;
          continue;
        }
      GString *n = g_string_new (NULL), *k = g_string_new (NULL);
      append_type (n, k, &l->items[i]);
      if (g_hash_table_contains (seen, n->str))
        {
          g_string_free (n, TRUE);
          g_string_free (k, TRUE);
          continue;
        }
      TypeMember m = { g_string_free (n, FALSE), g_string_free (k, FALSE) };
      g_array_append_val (members, m);
      g_hash_table_add (seen, m.name);
    }
  if (members->len == 0)
    {
      g_string_append (name, "LIST<NULL>");
      return;
    }
  g_array_sort (members, type_member_cmp);
  g_string_append (name, "LIST<");
  g_string_append_c (key, '<');
  for (guint i = 0; i < members->len; i++)
    {
      const TypeMember *m = &g_array_index (members, TypeMember, i);
      g_string_append_printf (name, "%s%s%s", i > 0 ? " | " : "", m->name, has_null ? "" : " NOT NULL");
      g_string_append_printf (key, "%s%s", i > 0 ? "|" : "", m->key);
    }
  g_string_append_c (name, '>');
  g_string_append_c (key, '>');
}

static gboolean
fn_value_type (Fn *f, KgValue *a, guint n, KgValue *out, GError **error)
{
  if (a[0].type == KG_VALUE_NULL)
    {
      *out = kg_value_string ("NULL");
      return TRUE;
    }
  GString *s = g_string_new (NULL);
  g_autoptr (GString) key = g_string_new (NULL);
  append_type (s, key, &a[0]);
  g_string_append (s, " NOT NULL");
  *out = str_value (g_string_free (s, FALSE));
  return TRUE;
}

static gboolean
fn_null_if (Fn *f, KgValue *a, guint n, KgValue *out, GError **error)
{
  if (kg_value_equals (&a[0], &a[1]) != KG_TRI_TRUE)
    kg_value_copy (&a[0], out);
  return TRUE;
}

/* --- Mathematics ---------------------------------------------------------------- */

static gboolean
fn_abs (Fn *f, KgValue *a, guint n, KgValue *out, GError **error)
{
  if (a[0].type == KG_VALUE_NULL)
    return TRUE;
  if (a[0].type == KG_VALUE_INT)
    {
      if (a[0].u.i == G_MININT64)
        {
          kg_query_error_set (error, KG_QUERY_ERROR_ARITHMETIC, f->env->filename, &f->call->span,
                              "integer overflow: abs(%" G_GINT64_FORMAT ")", a[0].u.i);
          return FALSE;
        }
      *out = kg_value_int (a[0].u.i < 0 ? -a[0].u.i : a[0].u.i);
      return TRUE;
    }
  if (a[0].type == KG_VALUE_FLOAT)
    {
      *out = kg_value_float (fabs (a[0].u.f));
      return TRUE;
    }
  return type_error (f, 0, "a number", &a[0], error);
}

static gboolean
fn_sign (Fn *f, KgValue *a, guint n, KgValue *out, GError **error)
{
  if (a[0].type == KG_VALUE_NULL)
    return TRUE;
  if (!kg_value_is_number (&a[0]))
    return type_error (f, 0, "a number", &a[0], error);
  if (a[0].type == KG_VALUE_INT)
    *out = kg_value_int (a[0].u.i > 0 ? 1 : a[0].u.i < 0 ? -1
                                                         : 0);
  else
    *out = kg_value_int (a[0].u.f > 0 ? 1 : a[0].u.f < 0 ? -1
                                                         : 0);
  return TRUE;
}

/* The one-argument functions on floats: sqrt, sin, log, ceil, ... */
static gboolean
fn_math1 (Fn *f, KgValue *a, guint n, KgValue *out, GError **error)
{
  if (a[0].type == KG_VALUE_NULL)
    return TRUE;
  if (!kg_value_is_number (&a[0]))
    return type_error (f, 0, "a number", &a[0], error);
  *out = kg_value_float (f->fn->math (num_f (&a[0])));
  return TRUE;
}

static double
cot (double x)
{
  return 1.0 / tan (x);
}

static double
coth (double x)
{
  return cosh (x) / sinh (x);
}

static double
degrees (double x)
{
  return x * 180.0 / G_PI;
}

static double
radians (double x)
{
  return x * G_PI / 180.0;
}

static double
haversin (double x)
{
  return (1.0 - cos (x)) / 2.0;
}

static gboolean
fn_atan2 (Fn *f, KgValue *a, guint n, KgValue *out, GError **error)
{
  if (any_null (a, n))
    return TRUE;
  for (guint i = 0; i < 2; i++)
    if (!kg_value_is_number (&a[i]))
      return type_error (f, i, "a number", &a[i], error);
  *out = kg_value_float (atan2 (num_f (&a[0]), num_f (&a[1])));
  return TRUE;
}

/* Rounds @x at a multiple of 10^-@precision with one of Java's rounding modes. */
static double
round_mode (double x, gint64 precision, const char *mode)
{
  if (isnan (x) || isinf (x))
    return x;
  double scale = pow (10.0, (double) precision);
  double y = x * scale;
  if (isinf (y))
    return x;
  double fl = floor (y), frac = y - fl;
  double tol = 1e-9 * MAX (1.0, fabs (y));
  gboolean exact = frac < tol || 1.0 - frac < tol;
  gboolean tie = fabs (frac - 0.5) < tol;
  double away = y >= 0 ? ceil (y) : floor (y), toward = y >= 0 ? floor (y) : ceil (y);
  double nearest = frac < 0.5 ? fl : fl + 1.0;
  double r;
  if (exact)
    r = frac < 0.5 ? fl : fl + 1.0;
  else if (g_ascii_strcasecmp (mode, "CEILING") == 0)
    r = ceil (y);
  else if (g_ascii_strcasecmp (mode, "FLOOR") == 0)
    r = fl;
  else if (g_ascii_strcasecmp (mode, "UP") == 0)
    r = away;
  else if (g_ascii_strcasecmp (mode, "DOWN") == 0)
    r = toward;
  else if (!tie)
    r = nearest;
  else if (g_ascii_strcasecmp (mode, "HALF_DOWN") == 0)
    r = toward;
  else if (g_ascii_strcasecmp (mode, "HALF_EVEN") == 0)
    r = fmod (fl, 2.0) == 0.0 ? fl : fl + 1.0;
  else /* HALF_UP: ties away from zero */
    r = away;
  return r / scale;
}

static gboolean
fn_round (Fn *f, KgValue *a, guint n, KgValue *out, GError **error)
{
  if (any_null (a, n))
    return TRUE;
  if (!kg_value_is_number (&a[0]))
    return type_error (f, 0, "a number", &a[0], error);
  double x = num_f (&a[0]);
  if (n == 1)
    {
      /* Java's Math.round: ties towards positive infinity. */
      double fl = floor (x);
      *out = kg_value_float (isinf (x) || isnan (x) ? x : (x - fl >= 0.5 ? fl + 1.0 : fl));
      return TRUE;
    }
  if (a[1].type != KG_VALUE_INT)
    return type_error (f, 1, "an integer precision", &a[1], error);
  const char *mode = "HALF_UP";
  if (n > 2)
    {
      if (a[2].type != KG_VALUE_STRING)
        return type_error (f, 2, "a rounding mode string", &a[2], error);
      static const char *const modes[] = { "UP", "DOWN", "CEILING", "FLOOR", "HALF_UP", "HALF_DOWN", "HALF_EVEN", NULL };
      gboolean known = FALSE;
      for (guint i = 0; modes[i] != NULL; i++)
        known |= g_ascii_strcasecmp (a[2].u.s, modes[i]) == 0;
      if (!known)
        return arg_error (f, 2, KG_QUERY_ERROR_ARGUMENT, error, "unknown rounding mode '%s'", a[2].u.s);
      mode = a[2].u.s;
    }
  if (n == 2 && a[1].u.i == 0)
    {
      double fl = floor (x);
      *out = kg_value_float (x - fl >= 0.5 ? fl + 1.0 : fl);
      return TRUE;
    }
  *out = kg_value_float (round_mode (x, CLAMP (a[1].u.i, -400, 400), mode));
  return TRUE;
}

/* Variants of fn_const, the functions without arguments. */
enum
{
  CONST_PI,
  CONST_E,
  CONST_RAND,
  CONST_TIMESTAMP,
  CONST_UUID,
};

static gboolean
fn_const (Fn *f, KgValue *a, guint n, KgValue *out, GError **error)
{
  switch (f->fn->variant)
    {
    case CONST_PI:
      *out = kg_value_float (G_PI);
      break;
    case CONST_E:
      *out = kg_value_float (G_E);
      break;
    case CONST_RAND:
      *out = kg_value_float (g_random_double ());
      break;
    case CONST_TIMESTAMP:
      *out = kg_value_int (g_get_real_time () / 1000);
      break;
    default: /* CONST_UUID */
      *out = str_value (g_uuid_string_random ());
      break;
    }
  return TRUE;
}

/* linenumber() and file(): the row LOAD CSV read last (null outside LOAD CSV). */
enum
{
  LOAD_LINE,
  LOAD_FILE,
};

static gboolean
fn_load_row (Fn *f, KgValue *a, guint n, KgValue *out, GError **error)
{
  if (f->fn->variant == LOAD_LINE && f->env->load_line > 0)
    *out = kg_value_int (f->env->load_line);
  else if (f->fn->variant == LOAD_FILE && f->env->load_file != NULL)
    *out = kg_value_string (f->env->load_file);
  return TRUE;
}

static gboolean
fn_is_nan (Fn *f, KgValue *a, guint n, KgValue *out, GError **error)
{
  if (a[0].type == KG_VALUE_NULL)
    return TRUE;
  if (!kg_value_is_number (&a[0]))
    return type_error (f, 0, "a number", &a[0], error);
  *out = kg_value_bool (a[0].type == KG_VALUE_FLOAT && isnan (a[0].u.f));
  return TRUE;
}

/* --- Strings -------------------------------------------------------------------- */

static gboolean
need_strings (Fn *f, KgValue *a, guint n, GError **error)
{
  for (guint i = 0; i < n; i++)
    if (a[i].type != KG_VALUE_STRING)
      return type_error (f, i, "a string", &a[i], error);
  return TRUE;
}

static gboolean
fn_case (Fn *f, KgValue *a, guint n, KgValue *out, GError **error)
{
  if (a[0].type == KG_VALUE_NULL)
    return TRUE;
  if (!need_strings (f, a, 1, error))
    return FALSE;
  gboolean upper = f->fn->variant == 1;
  /* Fast path for ASCII, the common case in filters like lower(x.name) = 'abc': share
   * the string when nothing changes, convert in place of a copy otherwise. */
  const char *s = a[0].u.s;
  gboolean ascii = TRUE, changes = FALSE;
  gsize len = 0;
  for (; s[len] != '\0'; len++)
    {
      unsigned char ch = (unsigned char) s[len];
      if (ch >= 0x80)
        {
          ascii = FALSE;
          break;
        }
      if (upper ? g_ascii_islower (ch) : g_ascii_isupper (ch))
        changes = TRUE;
    }
  if (ascii && !changes)
    kg_value_copy (&a[0], out);
  else if (ascii)
    {
      *out = kg_value_string_len (s, len);
      for (char *p = out->u.s; *p != '\0'; p++)
        *p = upper ? g_ascii_toupper (*p) : g_ascii_tolower (*p);
    }
  else
    *out = str_value (upper ? g_utf8_strup (s, -1) : g_utf8_strdown (s, -1));
  return TRUE;
}

/* Variants of fn_trim. */
enum
{
  TRIM_BOTH,
  TRIM_LEFT,
  TRIM_RIGHT,
};

/* Whether @c is trimmed: whitespace without a trim character, else that character. */
static gboolean
trimmed (gunichar c, gunichar trim_char)
{
  return trim_char == 0 ? g_unichar_isspace (c) : c == trim_char;
}

/* trim(), ltrim(), rtrim() and btrim(): whitespace, or the character of the second
 * argument (a string of exactly one character), from one or both ends. */
static gboolean
fn_trim (Fn *f, KgValue *a, guint n, KgValue *out, GError **error)
{
  if (any_null (a, n))
    return TRUE;
  if (!need_strings (f, a, n, error))
    return FALSE;
  gunichar trim_char = 0;
  if (n > 1)
    {
      if (g_utf8_strlen (a[1].u.s, -1) != 1)
        return arg_error (f, 1, KG_QUERY_ERROR_ARGUMENT, error,
                          "the trim character must be a string of one character, but got '%s'", a[1].u.s);
      trim_char = g_utf8_get_char (a[1].u.s);
    }
  gboolean left = f->fn->variant != TRIM_RIGHT;
  gboolean right = f->fn->variant != TRIM_LEFT;
  const char *s = a[0].u.s, *e = s + strlen (s);
  if (left)
    while (*s != '\0' && trimmed (g_utf8_get_char (s), trim_char))
      s = g_utf8_next_char (s);
  if (right)
    while (e > s)
      {
        const char *prev = g_utf8_prev_char (e);
        if (!trimmed (g_utf8_get_char (prev), trim_char))
          break;
        e = prev;
      }
  *out = kg_value_string_len (s, e - s);
  return TRUE;
}

/* normalize(s[, form]): the binder turns a bare NFC, NFD, NFKC or NFKD into a string. */
static gboolean
fn_normalize (Fn *f, KgValue *a, guint n, KgValue *out, GError **error)
{
  if (any_null (a, n))
    return TRUE;
  if (!need_strings (f, a, n, error))
    return FALSE;
  static const struct
  {
    const char *name;
    GNormalizeMode mode;
  } forms[] = {
    { "NFC", G_NORMALIZE_NFC },
    { "NFD", G_NORMALIZE_NFD },
    { "NFKC", G_NORMALIZE_NFKC },
    { "NFKD", G_NORMALIZE_NFKD },
  };
  GNormalizeMode mode = G_NORMALIZE_NFC;
  if (n > 1)
    {
      guint i = 0;
      while (i < G_N_ELEMENTS (forms) && g_ascii_strcasecmp (a[1].u.s, forms[i].name) != 0)
        i++;
      if (i == G_N_ELEMENTS (forms))
        return arg_error (f, 1, KG_QUERY_ERROR_ARGUMENT, error,
                          "the normal form must be NFC, NFD, NFKC or NFKD, but got '%s'", a[1].u.s);
      mode = forms[i].mode;
    }
  *out = str_value (g_utf8_normalize (a[0].u.s, -1, mode));
  return TRUE;
}

static gboolean
fn_replace (Fn *f, KgValue *a, guint n, KgValue *out, GError **error)
{
  if (any_null (a, n))
    return TRUE;
  if (!need_strings (f, a, n, error))
    return FALSE;
  const char *s = a[0].u.s, *find = a[1].u.s, *rep = a[2].u.s;
  GString *r = g_string_new (NULL);
  size_t fl = strlen (find);
  if (fl == 0)
    {
      /* Java's replace: the replacement goes between every character and at both ends. */
      g_string_append (r, rep);
      for (const char *p = s; *p != '\0'; p = g_utf8_next_char (p))
        {
          g_string_append_len (r, p, g_utf8_next_char (p) - p);
          g_string_append (r, rep);
        }
    }
  else
    {
      const char *p = s, *hit;
      while ((hit = strstr (p, find)) != NULL)
        {
          g_string_append_len (r, p, hit - p);
          g_string_append (r, rep);
          p = hit + fl;
        }
      g_string_append (r, p);
    }
  *out = str_value (g_string_free (r, FALSE));
  return TRUE;
}

/* Byte offset of character @chars in @s, clamped to its end. */
static const char *
utf8_at (const char *s, gint64 chars)
{
  while (chars > 0 && *s != '\0')
    {
      s = g_utf8_next_char (s);
      chars--;
    }
  return s;
}

static gboolean
fn_substring (Fn *f, KgValue *a, guint n, KgValue *out, GError **error)
{
  if (a[0].type == KG_VALUE_NULL)
    return TRUE;
  if (a[0].type != KG_VALUE_STRING)
    return type_error (f, 0, "a string", &a[0], error);
  for (guint i = 1; i < n; i++)
    {
      if (a[i].type == KG_VALUE_NULL)
        return TRUE;
      if (a[i].type != KG_VALUE_INT)
        return type_error (f, i, "an integer", &a[i], error);
      if (a[i].u.i < 0)
        return arg_error (f, i, KG_QUERY_ERROR_ARGUMENT, error, "%s must not be negative, but got %" G_GINT64_FORMAT,
                          i == 1 ? "the start" : "the length", a[i].u.i);
    }
  const char *start = utf8_at (a[0].u.s, a[1].u.i);
  const char *end = n > 2 ? utf8_at (start, a[2].u.i) : start + strlen (start);
  *out = kg_value_string_len (start, end - start);
  return TRUE;
}

static gboolean
fn_left_right (Fn *f, KgValue *a, guint n, KgValue *out, GError **error)
{
  if (a[0].type == KG_VALUE_NULL)
    return TRUE;
  if (a[0].type != KG_VALUE_STRING)
    return type_error (f, 0, "a string", &a[0], error);
  if (a[1].type == KG_VALUE_NULL)
    return arg_error (f, 1, KG_QUERY_ERROR_ARGUMENT, error, "the length must not be null");
  if (a[1].type != KG_VALUE_INT)
    return type_error (f, 1, "an integer", &a[1], error);
  if (a[1].u.i < 0)
    return arg_error (f, 1, KG_QUERY_ERROR_ARGUMENT, error, "the length must not be negative, but got %" G_GINT64_FORMAT,
                      a[1].u.i);
  const char *s = a[0].u.s;
  if (f->fn->variant == 0) /* left() */
    *out = kg_value_string_len (s, utf8_at (s, a[1].u.i) - s);
  else
    {
      glong len = g_utf8_strlen (s, -1);
      gint64 skip = len - a[1].u.i;
      *out = kg_value_string (utf8_at (s, skip > 0 ? skip : 0));
    }
  return TRUE;
}

/* The length of the delimiter of @delims (strings, not all empty) that starts at @p,
 * the longest if several do; 0 if none. */
static gsize
delimiter_at (const char *p, const KgValue *delims, guint n)
{
  gsize best = 0;
  for (guint i = 0; i < n; i++)
    {
      gsize len = strlen (delims[i].u.s);
      if (len > best && strncmp (p, delims[i].u.s, len) == 0)
        best = len;
    }
  return best;
}

/* split(s, delimiter) and split(s, [delimiters]): cut wherever one of them starts; an
 * empty delimiter (or only empty ones) cuts between every character. */
static gboolean
fn_split (Fn *f, KgValue *a, guint n, KgValue *out, GError **error)
{
  if (any_null (a, n))
    return TRUE;
  if (a[0].type != KG_VALUE_STRING)
    return type_error (f, 0, "a string", &a[0], error);
  const KgValue *delims = &a[1];
  guint nd = 1;
  if (a[1].type == KG_VALUE_LIST)
    {
      delims = a[1].u.list->items;
      nd = a[1].u.list->len;
      for (guint i = 0; i < nd; i++)
        {
          if (delims[i].type == KG_VALUE_NULL)
            return TRUE;
          if (delims[i].type != KG_VALUE_STRING)
            return type_error (f, 1, "a string or a list of strings", &a[1], error);
        }
    }
  else if (a[1].type != KG_VALUE_STRING)
    return type_error (f, 1, "a string or a list of strings", &a[1], error);
  gboolean chars = TRUE;
  for (guint i = 0; i < nd; i++)
    if (delims[i].u.s[0] != '\0')
      chars = FALSE;
  const char *s = a[0].u.s;
  KgList *l = kg_list_new (0);
  if (chars)
    {
      for (const char *p = s; *p != '\0'; p = g_utf8_next_char (p))
        {
          KgValue v = kg_value_string_len (p, g_utf8_next_char (p) - p);
          kg_list_append (l, &v);
        }
    }
  else
    {
      const char *start = s, *p = s;
      while (*p != '\0')
        {
          gsize dl = delimiter_at (p, delims, nd);
          if (dl == 0)
            {
              p = g_utf8_next_char (p);
              continue;
            }
          KgValue v = kg_value_string_len (start, p - start);
          kg_list_append (l, &v);
          p += dl;
          start = p;
        }
      KgValue v = kg_value_string (start);
      kg_list_append (l, &v);
    }
  *out = kg_value_list (l);
  return TRUE;
}

/* --- Temporal ------------------------------------------------------------------- */

/* The error for a map argument @i whose fields make no temporal value: @why, code
 * @code (kg_temporal_from_map()'s), with the map as a literal. */
static gboolean
fields_error (Fn *f, KgValue *a, guint i, int code, const char *why, GError **error)
{
  g_autofree char *text = kg_value_to_literal (&a[i]);
  return arg_error (f, i, code, error, "%s in %s", why, text);
}

/* The @type value the fields of @m (which this takes) make, or an error at argument
 * @i: for the maps the functions build themselves, not the user's (see fields_error()). */
static gboolean
temporal_from_own_fields (Fn *f, guint i, KgValueType type, KgMap *m, KgValue *out, GError **error)
{
  const char *why = NULL;
  int code = kg_temporal_from_map (type, m, out, &why);
  kg_map_unref (m);
  if (code >= 0)
    return arg_error (f, i, code, error, "%s", why);
  return TRUE;
}

static gboolean
fn_date (Fn *f, KgValue *a, guint n, KgValue *out, GError **error)
{
  if (n == 0)
    {
      *out = kg_expr_temporal_now (f->env, KG_VALUE_DATE);
      return TRUE;
    }
  switch (a[0].type)
    {
    case KG_VALUE_NULL:
      return TRUE;
    case KG_VALUE_DATE:
      *out = a[0];
      return TRUE;
    case KG_VALUE_LOCALDATETIME:
    case KG_VALUE_DATETIME:
      *out = kg_value_date ((gint32) a[0].u.t->days);
      return TRUE;
    case KG_VALUE_STRING:
      {
        gint32 d;
        if (!kg_date_parse (a[0].u.s, &d))
          return arg_error (f, 0, KG_QUERY_ERROR_ARGUMENT, error, "'%s' is not a valid date (expected YYYY-MM-DD)",
                            a[0].u.s);
        *out = kg_value_date (d);
        return TRUE;
      }
    case KG_VALUE_MAP:
      {
        gint32 d;
        const char *why = NULL;
        const KgValue *base = kg_map_get (a[0].u.map, "date");
        int code;
        if (base != NULL && (base->type == KG_VALUE_LOCALDATETIME || base->type == KG_VALUE_DATETIME))
          {
            /* A date-time base gives its date. */
            KgMap *m = kg_map_new (a[0].u.map->len);
            for (guint i = 0; i < a[0].u.map->len; i++)
              {
                KgValue c;
                if (strcmp (a[0].u.map->keys[i], "date") == 0)
                  c = kg_value_date ((gint32) base->u.t->days);
                else
                  kg_value_copy (&a[0].u.map->vals[i], &c);
                kg_map_set (m, a[0].u.map->keys[i], &c);
              }
            code = kg_date_from_map (m, &d, &why);
            kg_map_unref (m);
          }
        else
          code = kg_date_from_map (a[0].u.map, &d, &why);
        if (code >= 0)
          return fields_error (f, a, 0, code, why, error);
        *out = kg_value_date (d);
        return TRUE;
      }
    default:
      return type_error (f, 0, "a string, a map or a date", &a[0], error);
    }
}

/* localtime.transaction(), time.statement(), datetime.realtime(), ...: now (UTC; a time
 * zone argument is accepted and ignored, null gives null). The variant is the type. */
static gboolean
fn_temporal_now (Fn *f, KgValue *a, guint n, KgValue *out, GError **error)
{
  if (n > 0 && a[0].type == KG_VALUE_NULL)
    return TRUE;
  *out = kg_expr_temporal_now (f->env, (KgValueType) f->fn->variant);
  return TRUE;
}

/* localtime(), time(), localdatetime(), datetime() and duration(): from a string, a
 * map, another temporal value (converted), or nothing (now). The variant is the type. */
static gboolean
fn_temporal (Fn *f, KgValue *a, guint n, KgValue *out, GError **error)
{
  KgValueType type = (KgValueType) f->fn->variant;
  if (n == 0)
    {
      if (type == KG_VALUE_DURATION)
        return type_error (f, 0, "arguments", &a[0], error);
      *out = kg_expr_temporal_now (f->env, type);
      return TRUE;
    }
  switch (a[0].type)
    {
    case KG_VALUE_NULL:
      return TRUE;
    case KG_VALUE_STRING:
      if (!kg_temporal_parse (type, a[0].u.s, out))
        return arg_error (f, 0, KG_QUERY_ERROR_ARGUMENT, error, "'%s' is not a valid %s", a[0].u.s,
                          kg_value_type_name (type));
      return TRUE;
    case KG_VALUE_MAP:
      {
        const char *why = NULL;
        int code = type == KG_VALUE_DURATION ? kg_duration_from_map (a[0].u.map, out, &why)
                                             : kg_temporal_from_map (type, a[0].u.map, out, &why);
        if (code >= 0)
          return fields_error (f, a, 0, code, why, error);
        return TRUE;
      }
    default:
      if (type != KG_VALUE_DURATION && (a[0].type == KG_VALUE_DATE || kg_value_type_is_temporal (a[0].type)) &&
          a[0].type != KG_VALUE_DURATION)
        {
          /* Convert: select the parts of another temporal value ({time: x}, {datetime: x}). */
          KgMap *m = kg_map_new (1);
          KgValue c;
          kg_value_copy (&a[0], &c);
          gboolean has_date = a[0].type == KG_VALUE_DATE || a[0].type == KG_VALUE_LOCALDATETIME ||
                              a[0].type == KG_VALUE_DATETIME;
          kg_map_set (m, type == KG_VALUE_LOCALTIME || type == KG_VALUE_TIME ? "time" : has_date ? "datetime"
                                                                                                 : "time",
                      &c);
          return temporal_from_own_fields (f, 0, type, m, out, error);
        }
      return type_error (f, 0, "a string or a map", &a[0], error);
    }
}

/* localtime.truncate(), time.truncate(), localdatetime.truncate(), datetime.truncate():
 * the local fields of the value cut down to @unit, then the map's fields (a timezone
 * there replaces the zone without converting the time). */
static gboolean
fn_temporal_truncate (Fn *f, KgValue *a, guint n, KgValue *out, GError **error)
{
  KgValueType type = (KgValueType) f->fn->variant;
  if (a[0].type == KG_VALUE_NULL || a[1].type == KG_VALUE_NULL)
    return TRUE;
  if (a[0].type != KG_VALUE_STRING)
    return type_error (f, 0, "a unit string", &a[0], error);
  KgValueType in = a[1].type;
  if (in != KG_VALUE_DATE && (!kg_value_type_is_temporal (in) || in == KG_VALUE_DURATION))
    return type_error (f, 1, "a temporal value", &a[1], error);
  if (n > 2 && a[2].type != KG_VALUE_MAP && a[2].type != KG_VALUE_NULL)
    return type_error (f, 2, "a map of fields", &a[2], error);
  const char *unit = a[0].u.s;
  gboolean in_date = in == KG_VALUE_DATE || in == KG_VALUE_LOCALDATETIME || in == KG_VALUE_DATETIME;
  gboolean want_date = type == KG_VALUE_LOCALDATETIME || type == KG_VALUE_DATETIME;
  gint64 days = in == KG_VALUE_DATE ? a[1].u.date : in_date ? a[1].u.t->days
                                                            : 0;
  gint64 nanos = in == KG_VALUE_DATE ? 0 : a[1].u.t->nanos;
  static const struct
  {
    const char *unit;
    gint64 ns;
  } time_units[] = {
    { "day", G_GINT64_CONSTANT (86400000000000) },
    { "hour", G_GINT64_CONSTANT (3600000000000) },
    { "minute", G_GINT64_CONSTANT (60000000000) },
    { "second", 1000000000 },
    { "millisecond", 1000000 },
    { "microsecond", 1000 },
    { "nanosecond", 1 },
  };
  gboolean done = FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (time_units); i++)
    if (strcmp (unit, time_units[i].unit) == 0)
      {
        nanos -= nanos % time_units[i].ns;
        done = TRUE;
      }
  if (!done)
    {
      if (!want_date || !in_date)
        return arg_error (f, 0, KG_QUERY_ERROR_ARGUMENT, error, "cannot truncate a %s to '%s'", kg_value_type_name (in), unit);
      gint32 d;
      const char *why = NULL;
      if (!kg_date_truncate (unit, (gint32) days, NULL, &d, &why))
        return arg_error (f, 0, KG_QUERY_ERROR_ARGUMENT, error, "%s ('%s')", why, unit);
      days = d;
      nanos = 0;
    }
  /* Rebuild through the map constructor: bases, then the overriding fields. */
  KgMap *m = kg_map_new (4);
  KgValue v;
  if (want_date)
    {
      v = kg_value_date ((gint32) days);
      kg_map_set (m, "date", &v);
    }
  v = kg_value_temporal (KG_VALUE_LOCALTIME, kg_temporal_new (0, nanos, 0, NULL));
  kg_map_set (m, "time", &v);
  if ((in == KG_VALUE_TIME || in == KG_VALUE_DATETIME) && (type == KG_VALUE_TIME || type == KG_VALUE_DATETIME))
    {
      const KgTemporal *t = a[1].u.t;
      if (t->zone != NULL)
        v = kg_value_string (t->zone);
      else
        {
          gint32 o = ABS (t->offset);
          g_autofree char *text = g_strdup_printf ("%c%02d:%02d:%02d", t->offset < 0 ? '-' : '+', o / 3600, o / 60 % 60, o % 60);
          v = kg_value_string (text);
        }
      kg_map_set (m, "timezone", &v);
    }
  if (n > 2 && a[2].type == KG_VALUE_MAP)
    for (guint i = 0; i < a[2].u.map->len; i++)
      {
        kg_value_copy (&a[2].u.map->vals[i], &v);
        kg_map_set (m, a[2].u.map->keys[i], &v);
      }
  return temporal_from_own_fields (f, 2, type, m, out, error);
}

/* duration.between(), duration.inMonths(), duration.inDays(), duration.inSeconds(): the
 * variant is kg_expr_duration_between()'s unit. */
static gboolean
fn_duration_between (Fn *f, KgValue *a, guint n, KgValue *out, GError **error)
{
  if (a[0].type == KG_VALUE_NULL || a[1].type == KG_VALUE_NULL)
    return TRUE;
  for (guint i = 0; i < 2; i++)
    if (a[i].type != KG_VALUE_DATE && (!kg_value_type_is_temporal (a[i].type) || a[i].type == KG_VALUE_DURATION))
      return type_error (f, i, "a temporal value", &a[i], error);
  if (!kg_duration_between (&a[0], &a[1], f->fn->variant, out))
    return type_error (f, 0, "temporal values", &a[0], error);
  return TRUE;
}

/* datetime.fromepoch(seconds, nanoseconds), datetime.fromepochmillis(milliseconds). */
static gboolean
fn_datetime_fromepoch (Fn *f, KgValue *a, guint n, KgValue *out, GError **error)
{
  if (any_null (a, n))
    return TRUE;
  for (guint i = 0; i < n; i++)
    if (a[i].type != KG_VALUE_INT)
      return type_error (f, i, "an integer", &a[i], error);
  KgMap *m = kg_map_new (2);
  KgValue v = a[0];
  kg_map_set (m, n == 2 ? "epochSeconds" : "epochMillis", &v);
  if (n == 2)
    {
      v = a[1];
      kg_map_set (m, "nanosecond", &v);
    }
  return temporal_from_own_fields (f, 0, KG_VALUE_DATETIME, m, out, error);
}

/* date.transaction(), date.statement(), date.realtime(): today (UTC; a time zone
 * argument is accepted and ignored, null gives null). */
static gboolean
fn_date_now (Fn *f, KgValue *a, guint n, KgValue *out, GError **error)
{
  if (n > 0 && a[0].type == KG_VALUE_NULL)
    return TRUE;
  if (n > 0 && a[0].type != KG_VALUE_STRING)
    return type_error (f, 0, "a time zone string", &a[0], error);
  return fn_date (f, a, 0, out, error);
}

static gboolean fn_date_truncate (Fn *f, KgValue *a, guint n, KgValue *out, GError **error);

static gboolean
fn_date_truncate (Fn *f, KgValue *a, guint n, KgValue *out, GError **error)
{
  if (a[0].type == KG_VALUE_NULL || a[1].type == KG_VALUE_NULL)
    return TRUE;
  if (a[0].type != KG_VALUE_STRING)
    return type_error (f, 0, "a unit string", &a[0], error);
  if (a[1].type == KG_VALUE_LOCALDATETIME || a[1].type == KG_VALUE_DATETIME)
    {
      KgValue args[3] = { a[0], kg_value_date ((gint32) a[1].u.t->days), n > 2 ? a[2] : kg_value_null () };
      return fn_date_truncate (f, args, n, out, error);
    }
  if (a[1].type != KG_VALUE_DATE)
    return type_error (f, 1, "a date", &a[1], error);
  if (n > 2 && a[2].type != KG_VALUE_MAP && a[2].type != KG_VALUE_NULL)
    return type_error (f, 2, "a map of fields", &a[2], error);
  gint32 d;
  const char *why = NULL;
  if (!kg_date_truncate (a[0].u.s, a[1].u.date, n > 2 && a[2].type == KG_VALUE_MAP ? a[2].u.map : NULL, &d, &why))
    return arg_error (f, 0, KG_QUERY_ERROR_ARGUMENT, error, "%s ('%s')", why, a[0].u.s);
  *out = kg_value_date (d);
  return TRUE;
}

/* --- The table ------------------------------------------------------------------ */

#define T(t) KG_TYPES (KG_VALUE_##t)

/* An aggregate: accumulated by aggregate.c, so no implementation here. */
#define AGG(name_, min_, max_, kind_, ...)                                       \
  {                                                                              \
    .name = name_, .min_args = min_, .max_args = max_, .agg = kind_, __VA_ARGS__ \
  }
/* A scalar function; the optional rest are more fields (.flags, .arg0_types, ...). */
#define FN(name_, min_, max_, impl_, variant_, ...)                                                    \
  {                                                                                                    \
    .name = name_, .min_args = min_, .max_args = max_, .impl = impl_, .variant = variant_, __VA_ARGS__ \
  }
/* A one-argument float function: fn_math1 calls the row's C function. */
#define MATH(name_, fn_, ...)                                                               \
  {                                                                                         \
    .name = name_, .min_args = 1, .max_args = 1, .impl = fn_math1, .math = fn_, __VA_ARGS__ \
  }
/* The first argument's types for the compile-time checks, and how errors name them. */
#define ARG0(types_, expected_) .arg0_types = (types_), .arg0_expected = (expected_)
#define RESULT(types_) .result_types = (types_)
/* What SHOW FUNCTIONS says of a function: its category (as Neo4j's) and one sentence. */
#define DOC(category_, description_) .category = (category_), .description = (description_)

/* The normal forms normalize() takes, written as bare words. */
static const char *const normal_forms[] = { "NFC", "NFD", "NFKC", "NFKD", NULL };

static const KgFunction functions[] = {
  AGG ("count", 0, 1, KG_AGG_COUNT, RESULT (T (INT)), DOC ("Aggregating", "Returns the number of values or rows.")),
  AGG ("sum", 1, 1, KG_AGG_SUM, DOC ("Aggregating", "Returns the sum of a set of numeric values or durations.")),
  AGG ("avg", 1, 1, KG_AGG_AVG, DOC ("Aggregating", "Returns the average of a set of numeric values or durations.")),
  AGG ("min", 1, 1, KG_AGG_MIN, DOC ("Aggregating", "Returns the smallest of a set of values.")),
  AGG ("max", 1, 1, KG_AGG_MAX, DOC ("Aggregating", "Returns the largest of a set of values.")),
  AGG ("collect", 1, 1, KG_AGG_COLLECT, RESULT (T (LIST)), DOC ("Aggregating", "Returns a list of the non-null values.")),
  AGG ("stDev", 1, 1, KG_AGG_STDEV, DOC ("Aggregating", "Returns the standard deviation of a sample of numeric values.")),
  AGG ("stDevP", 1, 1, KG_AGG_STDEVP, DOC ("Aggregating", "Returns the standard deviation of a whole population of numeric values.")),
  AGG ("percentileCont", 2, 2, KG_AGG_PERCENTILE_CONT, DOC ("Aggregating", "Returns the percentile of a value over a group, interpolating between values.")),
  AGG ("percentileDisc", 2, 2, KG_AGG_PERCENTILE_DISC, DOC ("Aggregating", "Returns the nearest value to the percentile over a group.")),

  FN ("linenumber", 0, 0, fn_load_row, LOAD_LINE, .flags = KG_FN_ROW, RESULT (T (INT)), DOC ("LOAD CSV", "Returns the line number of the row LOAD CSV read last.")),
  FN ("file", 0, 0, fn_load_row, LOAD_FILE, .flags = KG_FN_ROW, RESULT (T (STRING)), DOC ("LOAD CSV", "Returns the path of the file LOAD CSV is reading.")),
  FN ("id", 1, 1, fn_id, ID_INTERNAL, ARG0 (T (NODE) | T (EDGE), "a node or relationship"), RESULT (T (INT)), DOC ("Scalar", "Returns the internal id of a node or relationship.")),
  FN ("elementId", 1, 1, fn_id, ID_ELEMENT, ARG0 (T (NODE) | T (EDGE), "a node or relationship"), RESULT (T (STRING)), DOC ("Scalar", "Returns the element id of a node or relationship.")),
  FN ("db.nameFromElementId", 1, 1, fn_db_name, 0, ARG0 (T (STRING), "a string"), RESULT (T (STRING)), DOC ("Database", "Returns the name of the database an element id belongs to.")),
  FN ("labels", 1, 1, fn_labels, 0, ARG0 (T (NODE), "a node"), RESULT (T (LIST)), DOC ("Scalar", "Returns the labels of a node.")),
  FN ("type", 1, 1, fn_type, 0, ARG0 (T (EDGE), "a relationship"), RESULT (T (STRING)), DOC ("Scalar", "Returns the type of a relationship.")),
  FN ("keys", 1, 1, fn_keys_props, 0, ARG0 (T (NODE) | T (EDGE) | T (MAP), "a node, relationship or map"), RESULT (T (LIST)), DOC ("List", "Returns the property keys of a node, relationship or map.")),
  FN ("properties", 1, 1, fn_keys_props, 1, ARG0 (T (NODE) | T (EDGE) | T (MAP), "a node, relationship or map"), RESULT (T (MAP)), DOC ("Scalar", "Returns the properties of a node or relationship, or a map, as a map.")),
  FN ("startNode", 1, 1, fn_endpoint, 0, ARG0 (T (EDGE), "a relationship"), RESULT (T (NODE)), DOC ("Scalar", "Returns the start node of a relationship.")),
  FN ("endNode", 1, 1, fn_endpoint, 1, ARG0 (T (EDGE), "a relationship"), RESULT (T (NODE)), DOC ("Scalar", "Returns the end node of a relationship.")),
  FN ("nodes", 1, 1, fn_path_parts, 0, ARG0 (T (PATH), "a path"), RESULT (T (LIST)), DOC ("List", "Returns the nodes of a path.")),
  FN ("relationships", 1, 1, fn_path_parts, 1, ARG0 (T (PATH), "a path"), RESULT (T (LIST)), DOC ("List", "Returns the relationships of a path.")),
  FN ("length", 1, 1, fn_size, 1, ARG0 (T (PATH) | T (STRING) | T (LIST), "a path or a string"), RESULT (T (INT)), DOC ("Scalar", "Returns the number of relationships of a path.")),
  FN ("size", 1, 1, fn_size, 0, ARG0 (T (LIST) | T (STRING), "a list or a string"), RESULT (T (INT)), DOC ("Scalar", "Returns the number of items of a list or characters of a string.")),
  FN ("char_length", 1, 1, fn_char_length, 0, DOC ("Scalar", "Returns the number of Unicode characters of a string.")),
  FN ("character_length", 1, 1, fn_char_length, 0, DOC ("Scalar", "Returns the number of Unicode characters of a string.")),
  FN ("isEmpty", 1, 1, fn_is_empty, 0, DOC ("Predicate", "Returns whether a list, map or string is empty.")),
  FN ("head", 1, 1, fn_head_last, 0, ARG0 (T (LIST), "a list"), DOC ("Scalar", "Returns the first item of a list.")),
  FN ("last", 1, 1, fn_head_last, 1, ARG0 (T (LIST), "a list"), DOC ("Scalar", "Returns the last item of a list.")),
  FN ("tail", 1, 1, fn_tail, 0, ARG0 (T (LIST), "a list"), DOC ("List", "Returns a list without its first item.")),
  FN ("range", 2, 3, fn_range, 0, RESULT (T (LIST)), DOC ("List", "Returns the integers from start to end, by step.")),
  FN ("reverse", 1, 1, fn_reverse, 0, DOC ("List", "Returns a string or list in reverse order.")),
  FN ("coalesce", 1, -1, fn_coalesce, 0, DOC ("Scalar", "Returns the first of its arguments that is not null.")),
  FN ("exists", 1, 1, fn_exists, 0, .flags = KG_FN_PATTERN_ARG, DOC ("Predicate", "Returns whether a property exists, or a pattern has a match.")),

  FN ("toInteger", 1, 1, fn_convert, CONV_INTEGER, RESULT (T (INT)), DOC ("Scalar", "Converts a value to an integer; errors on values that cannot be converted.")),
  FN ("toIntegerOrNull", 1, 1, fn_convert, CONV_INTEGER | CONV_OR_NULL, RESULT (T (INT)), DOC ("Scalar", "Converts a value to an integer, or returns null.")),
  FN ("toFloat", 1, 1, fn_convert, CONV_FLOAT, RESULT (T (FLOAT)), DOC ("Scalar", "Converts a value to a float; errors on values that cannot be converted.")),
  FN ("toFloatOrNull", 1, 1, fn_convert, CONV_FLOAT | CONV_OR_NULL, RESULT (T (FLOAT)), DOC ("Scalar", "Converts a value to a float, or returns null.")),
  FN ("toBoolean", 1, 1, fn_convert, CONV_BOOLEAN, RESULT (T (BOOL)), DOC ("Scalar", "Converts a value to a boolean; errors on values that cannot be converted.")),
  FN ("toBooleanOrNull", 1, 1, fn_convert, CONV_BOOLEAN | CONV_OR_NULL, RESULT (T (BOOL)), DOC ("Scalar", "Converts a value to a boolean, or returns null.")),
  FN ("toString", 1, 1, fn_convert, CONV_STRING, RESULT (T (STRING)), DOC ("String", "Converts a value to a string; errors on values that cannot be converted.")),
  FN ("toStringOrNull", 1, 1, fn_convert, CONV_STRING | CONV_OR_NULL, RESULT (T (STRING)), DOC ("String", "Converts a value to a string, or returns null.")),
  FN ("toIntegerList", 1, 1, fn_convert_list, CONV_INTEGER, ARG0 (T (LIST), "a list"), RESULT (T (LIST)), DOC ("List", "Converts each item of a list to an integer, or null.")),
  FN ("toFloatList", 1, 1, fn_convert_list, CONV_FLOAT, ARG0 (T (LIST), "a list"), RESULT (T (LIST)), DOC ("List", "Converts each item of a list to a float, or null.")),
  FN ("toBooleanList", 1, 1, fn_convert_list, CONV_BOOLEAN, ARG0 (T (LIST), "a list"), RESULT (T (LIST)), DOC ("List", "Converts each item of a list to a boolean, or null.")),
  FN ("toStringList", 1, 1, fn_convert_list, CONV_STRING, ARG0 (T (LIST), "a list"), RESULT (T (LIST)), DOC ("List", "Converts each item of a list to a string, or null.")),
  FN ("valueType", 1, 1, fn_value_type, 0, RESULT (T (STRING)), DOC ("Scalar", "Returns the name of the type of a value, as IS :: writes it.")),
  FN ("nullIf", 2, 2, fn_null_if, 0, DOC ("Scalar", "Returns null when its two arguments are equal, else the first.")),

  FN ("abs", 1, 1, fn_abs, 0, ARG0 (KG_TYPES_NUM, "a number"), DOC ("Numeric", "Returns the absolute value of a number.")),
  FN ("sign", 1, 1, fn_sign, 0, DOC ("Numeric", "Returns the sign of a number: -1, 0 or 1.")),
  FN ("round", 1, 3, fn_round, 0, DOC ("Numeric", "Returns a number rounded, to a precision and with a rounding mode when given.")),
  FN ("atan2", 2, 2, fn_atan2, 0, DOC ("Trigonometric", "Returns the arctangent of y/x, in radians.")),
  FN ("isNaN", 1, 1, fn_is_nan, 0, DOC ("Predicate", "Returns whether a number is NaN.")),
  MATH ("ceil", ceil, DOC ("Numeric", "Returns the smallest integer not below a number, as a float.")),
  MATH ("floor", floor, DOC ("Numeric", "Returns the largest integer not above a number, as a float.")),
  MATH ("sqrt", sqrt, ARG0 (KG_TYPES_NUM, "a number"), DOC ("Logarithmic", "Returns the square root of a number.")),
  MATH ("exp", exp, DOC ("Logarithmic", "Returns e raised to a power.")),
  MATH ("log", log, DOC ("Logarithmic", "Returns the natural logarithm of a number.")),
  MATH ("log10", log10, DOC ("Logarithmic", "Returns the base-10 logarithm of a number.")),
  MATH ("sin", sin, DOC ("Trigonometric", "Returns the sine of an angle in radians.")),
  MATH ("cos", cos, DOC ("Trigonometric", "Returns the cosine of an angle in radians.")),
  MATH ("tan", tan, DOC ("Trigonometric", "Returns the tangent of an angle in radians.")),
  MATH ("asin", asin, DOC ("Trigonometric", "Returns the arcsine of a number, in radians.")),
  MATH ("acos", acos, DOC ("Trigonometric", "Returns the arccosine of a number, in radians.")),
  MATH ("atan", atan, DOC ("Trigonometric", "Returns the arctangent of a number, in radians.")),
  MATH ("cot", cot, DOC ("Trigonometric", "Returns the cotangent of an angle in radians.")),
  MATH ("sinh", sinh, DOC ("Trigonometric", "Returns the hyperbolic sine of a number.")),
  MATH ("cosh", cosh, DOC ("Trigonometric", "Returns the hyperbolic cosine of a number.")),
  MATH ("tanh", tanh, DOC ("Trigonometric", "Returns the hyperbolic tangent of a number.")),
  MATH ("coth", coth, DOC ("Trigonometric", "Returns the hyperbolic cotangent of a number.")),
  MATH ("degrees", degrees, DOC ("Trigonometric", "Converts radians to degrees.")),
  MATH ("radians", radians, DOC ("Trigonometric", "Converts degrees to radians.")),
  MATH ("haversin", haversin, DOC ("Trigonometric", "Returns half the versine of a number.")),
  FN ("rand", 0, 0, fn_const, CONST_RAND, .flags = KG_FN_RANDOM, DOC ("Numeric", "Returns a random float in [0, 1).")),
  FN ("pi", 0, 0, fn_const, CONST_PI, DOC ("Trigonometric", "Returns the mathematical constant pi.")),
  FN ("e", 0, 0, fn_const, CONST_E, DOC ("Logarithmic", "Returns the base of the natural logarithm, e.")),
  FN ("timestamp", 0, 0, fn_const, CONST_TIMESTAMP, .flags = KG_FN_CLOCK, DOC ("Scalar", "Returns the milliseconds since 1970-01-01T00:00Z.")),
  FN ("randomUUID", 0, 0, fn_const, CONST_UUID, .flags = KG_FN_RANDOM, DOC ("Scalar", "Returns a random UUID as a string.")),

  FN ("toLower", 1, 1, fn_case, 0, ARG0 (T (STRING), "a string"), DOC ("String", "Returns a string in lower case.")),
  FN ("lower", 1, 1, fn_case, 0, DOC ("String", "Returns a string in lower case.")),
  FN ("toUpper", 1, 1, fn_case, 1, ARG0 (T (STRING), "a string"), DOC ("String", "Returns a string in upper case.")),
  FN ("upper", 1, 1, fn_case, 1, DOC ("String", "Returns a string in upper case.")),
  FN ("trim", 1, 1, fn_trim, TRIM_BOTH, ARG0 (T (STRING), "a string"), DOC ("String", "Returns a string without leading and trailing whitespace (or the characters given).")),
  FN ("btrim", 1, 2, fn_trim, TRIM_BOTH, ARG0 (T (STRING), "a string"), RESULT (T (STRING)), DOC ("String", "Returns a string without leading and trailing whitespace or the characters given.")),
  FN ("ltrim", 1, 2, fn_trim, TRIM_LEFT, ARG0 (T (STRING), "a string"), RESULT (T (STRING)), DOC ("String", "Returns a string without leading whitespace or the characters given.")),
  FN ("rtrim", 1, 2, fn_trim, TRIM_RIGHT, ARG0 (T (STRING), "a string"), RESULT (T (STRING)), DOC ("String", "Returns a string without trailing whitespace or the characters given.")),
  FN ("normalize", 1, 2, fn_normalize, 0, ARG0 (T (STRING), "a string"), RESULT (T (STRING)), .keywords = normal_forms, DOC ("String", "Returns a string in a Unicode normal form (NFC by default).")),
  FN ("replace", 3, 3, fn_replace, 0, DOC ("String", "Returns a string with every occurrence of a search string replaced.")),
  FN ("substring", 2, 3, fn_substring, 0, DOC ("String", "Returns part of a string, from a start offset and of a length.")),
  FN ("left", 2, 2, fn_left_right, 0, DOC ("String", "Returns the leftmost characters of a string.")),
  FN ("right", 2, 2, fn_left_right, 1, DOC ("String", "Returns the rightmost characters of a string.")),
  FN ("split", 2, 2, fn_split, 0, DOC ("List", "Splits a string on a delimiter, or any of a list of delimiters.")),

  FN ("date", 0, 1, fn_date, 0, .flags = KG_FN_CLOCK_IF_NO_ARGS, RESULT (T (DATE)), DOC ("Temporal", "Creates a date.")),
  FN ("date.truncate", 2, 3, fn_date_truncate, 0, DOC ("Temporal", "Truncates a temporal value to a date at a unit.")),
  FN ("date.transaction", 0, 1, fn_date_now, 0, .flags = KG_FN_CLOCK, DOC ("Temporal", "Returns the current date, fixed for the transaction.")),
  FN ("date.statement", 0, 1, fn_date_now, 0, .flags = KG_FN_CLOCK, DOC ("Temporal", "Returns the current date, fixed for the statement.")),
  FN ("date.realtime", 0, 1, fn_date_now, 0, .flags = KG_FN_CLOCK, DOC ("Temporal", "Returns the current date from the real-time clock.")),
  FN ("localtime", 0, 1, fn_temporal, KG_VALUE_LOCALTIME, .flags = KG_FN_CLOCK_IF_NO_ARGS, DOC ("Temporal", "Creates a local time.")),
  FN ("localtime.transaction", 0, 1, fn_temporal_now, KG_VALUE_LOCALTIME, .flags = KG_FN_CLOCK, DOC ("Temporal", "Returns the current local time, fixed for the transaction.")),
  FN ("localtime.statement", 0, 1, fn_temporal_now, KG_VALUE_LOCALTIME, .flags = KG_FN_CLOCK, DOC ("Temporal", "Returns the current local time, fixed for the statement.")),
  FN ("localtime.realtime", 0, 1, fn_temporal_now, KG_VALUE_LOCALTIME, .flags = KG_FN_CLOCK, DOC ("Temporal", "Returns the current local time from the real-time clock.")),
  FN ("time", 0, 1, fn_temporal, KG_VALUE_TIME, .flags = KG_FN_CLOCK_IF_NO_ARGS, DOC ("Temporal", "Creates a time with an offset.")),
  FN ("time.transaction", 0, 1, fn_temporal_now, KG_VALUE_TIME, .flags = KG_FN_CLOCK, DOC ("Temporal", "Returns the current time, fixed for the transaction.")),
  FN ("time.statement", 0, 1, fn_temporal_now, KG_VALUE_TIME, .flags = KG_FN_CLOCK, DOC ("Temporal", "Returns the current time, fixed for the statement.")),
  FN ("time.realtime", 0, 1, fn_temporal_now, KG_VALUE_TIME, .flags = KG_FN_CLOCK, DOC ("Temporal", "Returns the current time from the real-time clock.")),
  FN ("localdatetime", 0, 1, fn_temporal, KG_VALUE_LOCALDATETIME, .flags = KG_FN_CLOCK_IF_NO_ARGS, DOC ("Temporal", "Creates a local date-time.")),
  FN ("localdatetime.transaction", 0, 1, fn_temporal_now, KG_VALUE_LOCALDATETIME, .flags = KG_FN_CLOCK, DOC ("Temporal", "Returns the current local date-time, fixed for the transaction.")),
  FN ("localdatetime.statement", 0, 1, fn_temporal_now, KG_VALUE_LOCALDATETIME, .flags = KG_FN_CLOCK, DOC ("Temporal", "Returns the current local date-time, fixed for the statement.")),
  FN ("localdatetime.realtime", 0, 1, fn_temporal_now, KG_VALUE_LOCALDATETIME, .flags = KG_FN_CLOCK, DOC ("Temporal", "Returns the current local date-time from the real-time clock.")),
  FN ("datetime", 0, 1, fn_temporal, KG_VALUE_DATETIME, .flags = KG_FN_CLOCK_IF_NO_ARGS, DOC ("Temporal", "Creates a zoned date-time.")),
  FN ("datetime.transaction", 0, 1, fn_temporal_now, KG_VALUE_DATETIME, .flags = KG_FN_CLOCK, DOC ("Temporal", "Returns the current date-time, fixed for the transaction.")),
  FN ("datetime.statement", 0, 1, fn_temporal_now, KG_VALUE_DATETIME, .flags = KG_FN_CLOCK, DOC ("Temporal", "Returns the current date-time, fixed for the statement.")),
  FN ("datetime.realtime", 0, 1, fn_temporal_now, KG_VALUE_DATETIME, .flags = KG_FN_CLOCK, DOC ("Temporal", "Returns the current date-time from the real-time clock.")),
  FN ("duration", 1, 1, fn_temporal, KG_VALUE_DURATION, DOC ("Temporal", "Creates a duration.")),
  FN ("datetime.fromepoch", 2, 2, fn_datetime_fromepoch, 0, DOC ("Temporal", "Creates a date-time from seconds and nanoseconds since 1970-01-01T00:00Z.")),
  FN ("datetime.fromepochmillis", 1, 1, fn_datetime_fromepoch, 0, DOC ("Temporal", "Creates a date-time from milliseconds since 1970-01-01T00:00Z.")),
  FN ("duration.between", 2, 2, fn_duration_between, 0, DOC ("Temporal", "Returns the duration between two temporal values.")),
  FN ("duration.inMonths", 2, 2, fn_duration_between, 1, DOC ("Temporal", "Returns the duration between two temporal values in months and days.")),
  FN ("duration.inDays", 2, 2, fn_duration_between, 2, DOC ("Temporal", "Returns the duration between two temporal values in days.")),
  FN ("duration.inSeconds", 2, 2, fn_duration_between, 3, DOC ("Temporal", "Returns the duration between two temporal values in seconds.")),
  FN ("localtime.truncate", 2, 3, fn_temporal_truncate, KG_VALUE_LOCALTIME, DOC ("Temporal", "Truncates a temporal value to a local time at a unit.")),
  FN ("time.truncate", 2, 3, fn_temporal_truncate, KG_VALUE_TIME, DOC ("Temporal", "Truncates a temporal value to a time at a unit.")),
  FN ("localdatetime.truncate", 2, 3, fn_temporal_truncate, KG_VALUE_LOCALDATETIME, DOC ("Temporal", "Truncates a temporal value to a local date-time at a unit.")),
  FN ("datetime.truncate", 2, 3, fn_temporal_truncate, KG_VALUE_DATETIME, DOC ("Temporal", "Truncates a temporal value to a date-time at a unit.")),
};

/* The table by name, case-insensitively: only the binder looks names up. */
static GHashTable *
function_table (void)
{
  static gsize init = 0;
  static GHashTable *table;
  if (g_once_init_enter (&init))
    {
      GHashTable *t = g_hash_table_new (kg_ascii_case_hash, kg_ascii_case_equal);
      for (guint i = 0; i < G_N_ELEMENTS (functions); i++)
        g_hash_table_insert (t, (gpointer) functions[i].name, (gpointer) &functions[i]);
      table = t;
      g_once_init_leave (&init, 1);
    }
  return table;
}

const KgFunction *
kg_function_lookup (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);
  return g_hash_table_lookup (function_table (), name);
}

const char *const *
kg_function_names (void)
{
  static gsize init = 0;
  static const char **names;
  if (g_once_init_enter (&init))
    {
      const char **n = g_new0 (const char *, G_N_ELEMENTS (functions) + 1);
      for (guint i = 0; i < G_N_ELEMENTS (functions); i++)
        n[i] = functions[i].name;
      names = n;
      g_once_init_leave (&init, 1);
    }
  return names;
}

int
kg_function_case_variant (const KgFunction *fn)
{
  return fn != NULL && fn->impl == fn_case ? fn->variant : -1;
}

gboolean
kg_function_is_deterministic (const KgFunction *fn, guint n_args)
{
  g_return_val_if_fail (fn != NULL, FALSE);
  if (fn->flags & (KG_FN_RANDOM | KG_FN_CLOCK | KG_FN_ROW))
    return FALSE;
  return n_args > 0 || (fn->flags & KG_FN_CLOCK_IF_NO_ARGS) == 0;
}

gboolean
kg_function_call (KgEvalEnv *env, const KgAst *call, KgValue *args, guint n_args, KgValue *out, GError **error)
{
  *out = kg_value_null ();
  const KgFunction *fn = call->function;
  g_return_val_if_fail (fn != NULL && fn->impl != NULL, FALSE);
  Fn f = { env, call, fn };
  if (!fn->impl (&f, args, n_args, out, error))
    {
      kg_value_clear (out);
      return FALSE;
    }
  return TRUE;
}
