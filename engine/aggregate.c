/* engine/aggregate.c — accumulators for Cypher's aggregate functions: count, sum, avg,
 * min, max, collect, stDev, stDevP, percentileCont and percentileDisc, each optionally
 * DISTINCT.
 *
 * One KgAgg accumulates one group: the engine evaluates the call's arguments per row and
 * feeds them to kg_agg_step(), then asks kg_agg_finish() for the result. Nulls are
 * skipped (except by count(*)). Grouping itself, and deciding which calls are
 * aggregates, is the engine's business; nothing here prints or touches the graph.
 */
#include "engine/expr-private.h"
#include "engine/id-set.h"

#include <math.h>
#include <string.h>

struct _KgAgg
{
  KgAggKind kind;
  gboolean distinct;
  gboolean star;
  KgSpan span;      /* of the call, for errors */
  const char *name; /* canonical function name (the function table's), for errors */
  /* DISTINCT: the values already fed. While they are all nodes, all relationships or
   * all integers (ids_type), their ids or integers are kept in @ids, without a value
   * each; a value of any other type moves them into @seen, values as they are. */
  KgIdSet *ids;
  KgValueType ids_type; /* KG_VALUE_NULL before the first value */
  GHashTable *seen;     /* (element-type KgValue) */

  gint64 count;       /* rows counted / values fed */
  gboolean sum_float; /* sum: a float was seen */
  gint64 isum;
  double fsum;
  double mean, m2;      /* avg, stDev: Welford's running mean and squared deviations */
  gboolean avg_inexact; /* avg: a float came or the integer sum overflowed; use mean */
  KgValue best;         /* min, max */
  KgList *items;        /* collect (NULL before the first value) */
  GArray *values;       /* percentiles: (element-type KgValue) (NULL before the first value) */
  double percentile;
  gboolean have_percentile;
};

static guint
value_hash (gconstpointer v)
{
  return kg_value_hash (v);
}

static gboolean
value_equal (gconstpointer a, gconstpointer b)
{
  return kg_value_equivalent (a, b);
}

static void
value_free (gpointer p)
{
  KgValue *v = p;
  kg_value_clear (v);
  g_free (v);
}

gsize
kg_agg_sizeof (void)
{
  return sizeof (KgAgg);
}

void
kg_agg_init (KgAgg *agg, const KgAst *call)
{
  g_return_if_fail (call != NULL && call->kind == KG_AST_FUNCTION_CALL);
  const KgFunction *fn = call->function;
  g_return_if_fail (fn != NULL && fn->agg != KG_AGG_NONE);
  memset (agg, 0, sizeof *agg);
  agg->kind = fn->agg;
  agg->name = fn->name;
  agg->span = call->span;
  agg->distinct = (call->flags & KG_AST_F_DISTINCT) != 0;
  agg->star = (call->flags & KG_AST_F_STAR) != 0 || (agg->kind == KG_AGG_COUNT && kg_ast_n_children (call) == 0);
  agg->best = kg_value_null ();
  /* collect()'s list and the percentiles' values come with the first value */
}

void
kg_agg_clear (KgAgg *agg)
{
  if (agg->seen != NULL)
    g_hash_table_destroy (agg->seen);
  kg_id_set_free (agg->ids);
  kg_value_clear (&agg->best);
  kg_list_unref (agg->items);
  if (agg->values != NULL)
    g_array_unref (agg->values);
  memset (agg, 0, sizeof *agg);
}

KgAgg *
kg_agg_new (const KgAst *call)
{
  KgAgg *agg = g_new (KgAgg, 1);
  kg_agg_init (agg, call);
  return agg;
}

void
kg_agg_free (KgAgg *agg)
{
  if (agg == NULL)
    return;
  kg_agg_clear (agg);
  g_free (agg);
}

static gboolean
agg_error (KgAgg *agg, KgQueryError code, GError **error, const char *what, const KgValue *v)
{
  if (v != NULL)
    kg_query_error_set (error, code, NULL, &agg->span, "%s(): %s, but got %s", agg->name, what, kg_expr_type_of (v));
  else
    kg_query_error_set (error, code, NULL, &agg->span, "%s(): %s", agg->name, what);
  return FALSE;
}

/* --- DISTINCT ------------------------------------------------------------------ */

static inline gboolean
id_keyed (KgValueType t)
{
  return t == KG_VALUE_NODE || t == KG_VALUE_EDGE || t == KG_VALUE_INT;
}

static inline guint64
id_key (const KgValue *v)
{
  return v->type == KG_VALUE_INT ? (guint64) v->u.i : (guint64) v->u.id;
}

static inline KgValue
id_value (KgValueType type, guint64 key)
{
  KgValue v = { .type = type };
  if (type == KG_VALUE_INT)
    v.u.i = (gint64) key;
  else
    v.u.id = (guint32) key;
  return v;
}

static gboolean
seen_add_id (guint64 key, gpointer p)
{
  KgAgg *agg = p;
  KgValue *v = g_new (KgValue, 1);
  *v = id_value (agg->ids_type, key);
  g_hash_table_add (agg->seen, v);
  return TRUE;
}

/* From ids to values: a value of another type came. */
static void
distinct_to_values (KgAgg *agg)
{
  agg->seen = g_hash_table_new_full (value_hash, value_equal, value_free, NULL);
  if (agg->ids != NULL)
    kg_id_set_foreach (agg->ids, seen_add_id, agg);
  g_clear_pointer (&agg->ids, kg_id_set_free);
}

/* Returns: whether @v (not null) was fed before; it counts as fed now. */
static inline gboolean
distinct_seen (KgAgg *agg, const KgValue *v)
{
  if (agg->seen == NULL)
    {
      if (agg->ids == NULL && id_keyed (v->type))
        {
          agg->ids = kg_id_set_new ();
          agg->ids_type = v->type;
        }
      if (v->type == agg->ids_type)
        return !kg_id_set_add (agg->ids, id_key (v));
      distinct_to_values (agg);
    }
  if (g_hash_table_contains (agg->seen, v))
    return TRUE;
  KgValue *key = g_new (KgValue, 1);
  kg_value_copy (v, key);
  g_hash_table_add (agg->seen, key);
  return FALSE;
}

/* --- Accumulating --------------------------------------------------------------- */

static gboolean feed (KgAgg *agg, const KgValue *v, GError **error);

gboolean
kg_agg_step (KgAgg *agg, const KgValue *args, guint n_args, GError **error)
{
  g_return_val_if_fail (agg != NULL, FALSE);
  if (agg->star)
    {
      agg->count++;
      return TRUE;
    }
  if (n_args < 1)
    return agg_error (agg, KG_QUERY_ERROR_SEMANTIC, error, "missing argument", NULL);
  const KgValue *v = &args[0];
  if (v->type == KG_VALUE_NULL)
    return TRUE;

  /* The percentile is checked on every row, before DISTINCT can skip it. */
  if (agg->kind == KG_AGG_PERCENTILE_CONT || agg->kind == KG_AGG_PERCENTILE_DISC)
    {
      if (n_args < 2 || args[1].type == KG_VALUE_NULL)
        return agg_error (agg, KG_QUERY_ERROR_ARGUMENT, error, "the percentile must not be null", NULL);
      if (!kg_value_is_number (&args[1]))
        return agg_error (agg, KG_QUERY_ERROR_TYPE, error, "the percentile must be a number", &args[1]);
      double p = args[1].type == KG_VALUE_INT ? (double) args[1].u.i : args[1].u.f;
      if (!(p >= 0.0 && p <= 1.0))
        {
          kg_query_error_set (error, KG_QUERY_ERROR_ARGUMENT, NULL, &agg->span,
                              "%s(): the percentile must be between 0.0 and 1.0, but got %g", agg->name, p);
          return FALSE;
        }
      if (!agg->have_percentile)
        {
          agg->percentile = p;
          agg->have_percentile = TRUE;
        }
    }

  if (agg->distinct && distinct_seen (agg, v))
    return TRUE;
  return feed (agg, v, error);
}

/* Feeds a value (not null) that DISTINCT let through. */
static gboolean
feed (KgAgg *agg, const KgValue *v, GError **error)
{
  gboolean numeric = kg_value_is_number (v);
  double x = v->type == KG_VALUE_INT ? (double) v->u.i : v->type == KG_VALUE_FLOAT ? v->u.f
                                                                                   : 0.0;
  switch (agg->kind)
    {
    case KG_AGG_COUNT:
      agg->count++;
      return TRUE;

    case KG_AGG_SUM:
      if (!numeric)
        return agg_error (agg, KG_QUERY_ERROR_TYPE, error, "expects numbers", v);
      agg->count++;
      if (v->type == KG_VALUE_INT && !agg->sum_float)
        {
          gint64 r;
          if (__builtin_add_overflow (agg->isum, v->u.i, &r))
            return agg_error (agg, KG_QUERY_ERROR_ARITHMETIC, error, "integer overflow", NULL);
          agg->isum = r;
        }
      else
        {
          if (!agg->sum_float)
            {
              agg->sum_float = TRUE;
              agg->fsum = (double) agg->isum;
            }
          agg->fsum += x;
        }
      return TRUE;

    case KG_AGG_AVG:
    case KG_AGG_STDEV:
    case KG_AGG_STDEVP:
      {
        if (!numeric)
          return agg_error (agg, KG_QUERY_ERROR_TYPE, error, "expects numbers", v);
        agg->count++;
        double delta = x - agg->mean;
        agg->mean += delta / (double) agg->count;
        agg->m2 += delta * (x - agg->mean);
        if (agg->kind == KG_AGG_AVG && isinf (x))
          agg->fsum += x; /* Welford turns inf into NaN; keep the infinities aside */
        /* Integers are also summed exactly, so their average is the one division
         * sum / count (as 37.92, not 37.91999999999997). */
        if (agg->kind == KG_AGG_AVG && !agg->avg_inexact)
          {
            gint64 r;
            if (v->type != KG_VALUE_INT || __builtin_add_overflow (agg->isum, v->u.i, &r))
              agg->avg_inexact = TRUE;
            else
              agg->isum = r;
          }
        return TRUE;
      }

    case KG_AGG_MIN:
    case KG_AGG_MAX:
      {
        if (agg->best.type != KG_VALUE_NULL)
          {
            int c = kg_value_order (v, &agg->best);
            if ((agg->kind == KG_AGG_MIN && c >= 0) || (agg->kind == KG_AGG_MAX && c <= 0))
              return TRUE;
          }
        kg_value_clear (&agg->best);
        kg_value_copy (v, &agg->best);
        return TRUE;
      }

    case KG_AGG_COLLECT:
      {
        if (agg->items == NULL)
          agg->items = kg_list_new (4);
        else if (agg->items->len >= KG_EXPR_MAX_LIST_LEN)
          return agg_error (agg, KG_QUERY_ERROR_LIMIT, error, "the collected list is too long", NULL);
        KgValue c;
        kg_value_copy (v, &c);
        kg_list_append (agg->items, &c);
        return TRUE;
      }

    case KG_AGG_PERCENTILE_CONT:
    case KG_AGG_PERCENTILE_DISC:
      {
        if (!numeric)
          return agg_error (agg, KG_QUERY_ERROR_TYPE, error, "expects numbers", v);
        if (agg->values == NULL)
          {
            agg->values = g_array_new (FALSE, FALSE, sizeof (KgValue));
            g_array_set_clear_func (agg->values, (GDestroyNotify) kg_value_clear);
          }
        KgValue c;
        kg_value_copy (v, &c);
        g_array_append_val (agg->values, c);
        return TRUE;
      }
    case KG_AGG_NONE: /* kg_agg_new() only makes aggregates */
      break;
    }
  return TRUE;
}

gboolean
kg_agg_step_vector (KgAgg *agg, const KgValue *const *vals, const guint16 *rows, guint m, GError **error)
{
  g_return_val_if_fail (agg != NULL, FALSE);
  if (agg->star)
    {
      agg->count += m;
      return TRUE;
    }
  guint k = 0;
  if (agg->distinct && agg->kind == KG_AGG_COUNT)
    {
      /* ids or integers into the id set while they last; the rest as one row each */
      for (; k < m; k++)
        {
          const KgValue *v = vals[rows[k]];
          if (v->type == KG_VALUE_NULL)
            continue;
          if (agg->seen != NULL || v->type != agg->ids_type)
            {
              if (agg->seen == NULL && agg->ids == NULL && id_keyed (v->type))
                {
                  agg->ids = kg_id_set_new ();
                  agg->ids_type = v->type;
                }
              else
                break;
            }
          agg->count += kg_id_set_add (agg->ids, id_key (v));
        }
    }
  else if (!agg->distinct)
    switch (agg->kind)
      {
      case KG_AGG_COUNT:
        for (; k < m; k++)
          agg->count += vals[rows[k]]->type != KG_VALUE_NULL;
        return TRUE;
      case KG_AGG_SUM:
        /* integers while they stay integers and fit; the rest one at a time */
        for (; k < m && !agg->sum_float; k++)
          {
            const KgValue *v = vals[rows[k]];
            if (v->type == KG_VALUE_NULL)
              continue;
            gint64 r;
            if (v->type != KG_VALUE_INT || __builtin_add_overflow (agg->isum, v->u.i, &r))
              break;
            agg->isum = r;
            agg->count++;
          }
        break;
      case KG_AGG_MIN:
      case KG_AGG_MAX:
        {
          /* the best of the run first, copied into the state once */
          const KgValue *best = agg->best.type == KG_VALUE_NULL ? NULL : &agg->best;
          const KgValue *found = NULL;
          for (; k < m; k++)
            {
              const KgValue *v = vals[rows[k]];
              if (v->type == KG_VALUE_NULL)
                continue;
              if (best != NULL)
                {
                  int c = kg_value_order (v, best);
                  if ((agg->kind == KG_AGG_MIN && c >= 0) || (agg->kind == KG_AGG_MAX && c <= 0))
                    continue;
                }
              best = found = v;
            }
          if (found)
            {
              kg_value_clear (&agg->best);
              kg_value_copy (found, &agg->best);
            }
          return TRUE;
        }
      default:
        break;
      }
  for (; k < m; k++)
    if (!kg_agg_step (agg, vals[rows[k]], 1, error))
      return FALSE;
  return TRUE;
}

static int
cmp_values (gconstpointer a, gconstpointer b)
{
  return kg_value_order (a, b);
}

static gboolean
finish (KgAgg *agg, KgValue *out, gboolean take, GError **error)
{
  *out = kg_value_null ();
  switch (agg->kind)
    {
    case KG_AGG_COUNT:
      *out = kg_value_int (agg->count);
      break;
    case KG_AGG_SUM:
      *out = agg->sum_float ? kg_value_float (agg->fsum) : kg_value_int (agg->isum);
      break;
    case KG_AGG_AVG:
      if (agg->count > 0)
        *out = kg_value_float (agg->fsum != 0.0   ? agg->fsum
                               : agg->avg_inexact ? agg->mean
                                                  : (double) agg->isum / (double) agg->count);
      break;
    case KG_AGG_STDEV:
      *out = kg_value_float (agg->count > 1 ? sqrt (agg->m2 / (double) (agg->count - 1)) : 0.0);
      break;
    case KG_AGG_STDEVP:
      *out = kg_value_float (agg->count > 0 ? sqrt (agg->m2 / (double) agg->count) : 0.0);
      break;
    case KG_AGG_MIN:
    case KG_AGG_MAX:
      kg_value_copy (&agg->best, out);
      break;
    case KG_AGG_COLLECT:
      {
        /* Hand over a copy so the accumulator stays usable; kg_agg_take() hands over
         * the list itself. */
        if (agg->items == NULL)
          *out = kg_value_list (kg_list_new (0));
        else if (take)
          *out = kg_value_list (g_steal_pointer (&agg->items));
        else
          *out = kg_value_list (kg_list_slice (agg->items, 0, agg->items->len));
        break;
      }
    case KG_AGG_PERCENTILE_CONT:
    case KG_AGG_PERCENTILE_DISC:
      {
        guint n = agg->values ? agg->values->len : 0;
        if (n == 0)
          break;
        g_array_sort (agg->values, cmp_values);
        KgValue *vals = (KgValue *) (gpointer) agg->values->data;
        double p = agg->percentile;
        if (agg->kind == KG_AGG_PERCENTILE_DISC)
          {
            double fidx = p * (double) n;
            guint idx = (guint) fidx;
            if ((double) idx == fidx && idx > 0)
              idx--;
            idx = MIN (idx, n - 1);
            kg_value_copy (&vals[idx], out);
          }
        else
          {
            double pos = p * (double) (n - 1);
            guint lo = (guint) floor (pos), hi = (guint) ceil (pos);
            double a = vals[lo].type == KG_VALUE_INT ? (double) vals[lo].u.i : vals[lo].u.f;
            double b = vals[hi].type == KG_VALUE_INT ? (double) vals[hi].u.i : vals[hi].u.f;
            *out = kg_value_float (lo == hi ? a : a + (b - a) * (pos - (double) lo));
          }
        break;
      }
    case KG_AGG_NONE:
      break;
    }
  return TRUE;
}

gboolean
kg_agg_finish (KgAgg *agg, KgValue *out, GError **error)
{
  g_return_val_if_fail (agg != NULL && out != NULL, FALSE);
  return finish (agg, out, FALSE, error);
}

gboolean
kg_agg_take (KgAgg *agg, KgValue *out, GError **error)
{
  g_return_val_if_fail (agg != NULL && out != NULL, FALSE);
  return finish (agg, out, TRUE, error);
}

/* --- Partial states (parallel plans) --------------------------------------------- */

gboolean
kg_agg_combinable (const KgAst *call)
{
  const KgFunction *fn = call->function;
  if (fn == NULL)
    return FALSE;
  switch (fn->agg)
    {
    case KG_AGG_COUNT:
    case KG_AGG_SUM:
    case KG_AGG_AVG:
    case KG_AGG_MIN:
    case KG_AGG_MAX:
      return TRUE;
    default:
      return FALSE;
    }
}

typedef struct
{
  KgAgg *dst;
  KgValueType type; /* of the source's ids */
  gboolean step;    /* through dst's DISTINCT; else the key is new to dst's id set already */
  GError **error;
} Combine;

/* A key of a source's id set, into c->dst. */
static gboolean
combine_id (guint64 key, gpointer p)
{
  Combine *c = p;
  KgValue v = id_value (c->type, key);
  return c->step ? kg_agg_step (c->dst, &v, 1, c->error) : feed (c->dst, &v, c->error);
}

gboolean
kg_agg_combine (KgAgg *dst, KgAgg *src, GError **error)
{
  g_return_val_if_fail (dst->kind == src->kind, FALSE);
  if (dst->distinct && !dst->star)
    {
      /* the values only @src saw count once more, as if fed to @dst: the id sets of one
       * type by their union, anything else a value at a time */
      if (src->ids != NULL && dst->seen == NULL && (dst->ids == NULL || dst->ids_type == src->ids_type))
        {
          if (dst->ids == NULL)
            {
              dst->ids = kg_id_set_new ();
              dst->ids_type = src->ids_type;
            }
          if (dst->kind == KG_AGG_COUNT)
            {
              dst->count += kg_id_set_union (dst->ids, src->ids, NULL, NULL);
              return TRUE;
            }
          Combine c = { dst, src->ids_type, FALSE, error };
          return kg_id_set_union (dst->ids, src->ids, combine_id, &c) >= 0;
        }
      if (src->ids != NULL)
        {
          Combine c = { dst, src->ids_type, TRUE, error };
          return kg_id_set_foreach (src->ids, combine_id, &c);
        }
      if (src->seen == NULL)
        return TRUE;
      GHashTableIter it;
      gpointer v;
      g_hash_table_iter_init (&it, src->seen);
      while (g_hash_table_iter_next (&it, &v, NULL))
        if (!kg_agg_step (dst, v, 1, error))
          return FALSE;
      return TRUE;
    }
  switch (dst->kind)
    {
    case KG_AGG_COUNT:
      dst->count += src->count;
      return TRUE;
    case KG_AGG_SUM:
      dst->count += src->count;
      if (!dst->sum_float && !src->sum_float)
        {
          gint64 r;
          if (__builtin_add_overflow (dst->isum, src->isum, &r))
            return agg_error (dst, KG_QUERY_ERROR_ARITHMETIC, error, "integer overflow", NULL);
          dst->isum = r;
          return TRUE;
        }
      dst->fsum = (dst->sum_float ? dst->fsum : (double) dst->isum) + (src->sum_float ? src->fsum : (double) src->isum);
      dst->sum_float = TRUE;
      return TRUE;
    case KG_AGG_AVG:
      {
        if (src->count == 0)
          return TRUE;
        /* Chan et al.'s pairwise update of the running mean */
        double na = (double) dst->count, nb = (double) src->count, n = na + nb;
        double delta = src->mean - dst->mean;
        dst->mean += delta * nb / n;
        dst->m2 += src->m2 + delta * delta * na * nb / n;
        dst->count += src->count;
        dst->fsum += src->fsum;
        gint64 r;
        if (src->avg_inexact || __builtin_add_overflow (dst->isum, src->isum, &r))
          dst->avg_inexact = TRUE;
        else
          dst->isum = r;
        return TRUE;
      }
    case KG_AGG_MIN:
    case KG_AGG_MAX:
      if (src->best.type == KG_VALUE_NULL)
        return TRUE;
      if (dst->best.type != KG_VALUE_NULL)
        {
          int c = kg_value_order (&src->best, &dst->best);
          if ((dst->kind == KG_AGG_MIN && c >= 0) || (dst->kind == KG_AGG_MAX && c <= 0))
            return TRUE;
        }
      kg_value_clear (&dst->best);
      dst->best = kg_value_steal (&src->best);
      return TRUE;
    default:
      return agg_error (dst, KG_QUERY_ERROR_SEMANTIC, error, "cannot merge partial results", NULL);
    }
}
