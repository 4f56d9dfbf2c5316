/* graph/stats.c — the planner's statistics of a graph (see stats.h).
 *
 * One build walks every live node once for the degree figures (exact counts and
 * maxima, quantiles from every k-th node) and samples at most KG_STATS_SAMPLE nodes of
 * each label for the property figures: distinct values estimated from the sample with
 * the Duj1 estimator of Haas and Stokes (what PostgreSQL's ANALYZE uses), range and an
 * equi-depth histogram of the sorted sample. On 100 000 persons and 2.3 M relationships
 * a build takes a few milliseconds.
 *
 * What it does not do: change the graph, or keep anything exact that a query result
 * could depend on. The build reads the graph through its public API only; the cache
 * (the last build and its lock) lives in KgGraph.
 */
#include "graph/stats.h"
#include "graph/graph-private.h"

#include <math.h>
#include <string.h>

/* Nodes whose degrees feed the quantiles, per (type, direction), at most. */
#define DEGREE_SAMPLE 16384

typedef struct
{
  guint64 rels;  /* relationships leaving nodes of the label */
  guint32 nodes; /* nodes of the label with at least one */
} LabelDeg;

typedef struct
{
  KgDegreeStats d;
  LabelDeg *by_label; /* [n_labels] */
  gboolean seen;
} DegEntry;

struct _KgStats
{
  gint ref;
  guint64 version;
  guint32 n_nodes;
  guint n_types, n_labels;
  DegEntry *deg;      /* [(n_types + 1) * 2]: type (n_types for all) * 2 + (IN ? 1 : 0) */
  GHashTable *props;  /* (label << 32 | key) -> KgPropStats */
  guint32 *label_n;   /* [n_labels] label counts at build */
  guint64 *type_rels; /* [n_types + 1] relationships per type at build */
};

/* --- Reference counting ------------------------------------------------------------ */

KgStats *
kg_stats_ref (KgStats *s)
{
  g_atomic_int_inc (&s->ref);
  return s;
}

static void
prop_stats_free (gpointer p)
{
  KgPropStats *ps = p;
  kg_value_clear (&ps->min);
  kg_value_clear (&ps->max);
  for (guint i = 0; i < ps->n_bounds; i++)
    kg_value_clear (&ps->bounds[i]);
  g_free (ps->bounds);
  g_free (ps);
}

void
kg_stats_unref (KgStats *s)
{
  if (s == NULL || !g_atomic_int_dec_and_test (&s->ref))
    return;
  for (guint i = 0; i < (s->n_types + 1) * 2; i++)
    g_free (s->deg[i].by_label);
  g_free (s->deg);
  g_hash_table_unref (s->props);
  g_free (s->label_n);
  g_free (s->type_rels);
  g_free (s);
}

guint64
kg_stats_version (const KgStats *s)
{
  return s->version;
}

/* --- Building ------------------------------------------------------------------------ */

static int
cmp_u32 (gconstpointer a, gconstpointer b)
{
  guint32 x = *(const guint32 *) a, y = *(const guint32 *) b;
  return x < y ? -1 : x > y;
}

static void
finish_degree (DegEntry *e, GArray *sample)
{
  if (sample->len == 0)
    return;
  g_array_sort (sample, cmp_u32);
  const guint32 *v = (const guint32 *) sample->data;
  guint n = sample->len;
  e->d.p50 = v[(n - 1) * 50 / 100];
  e->d.p90 = v[(n - 1) * 90 / 100];
  e->d.p99 = v[(n - 1) * 99 / 100];
}

static void
build_degrees (const KgGraph *g, KgStats *s)
{
  guint32 bound = kg_graph_node_bound (g);
  guint32 stride = MAX (1u, s->n_nodes / DEGREE_SAMPLE);
  guint n_entries = (s->n_types + 1) * 2;
  s->deg = g_new0 (DegEntry, n_entries);
  GArray **samples = g_new0 (GArray *, n_entries);
  for (guint i = 0; i < n_entries; i++)
    {
      s->deg[i].by_label = g_new0 (LabelDeg, MAX (1u, s->n_labels));
      samples[i] = g_array_new (FALSE, FALSE, sizeof (guint32));
    }
  guint32 live = 0;
  for (KgNodeId n = 0; n < bound; n++)
    {
      if (!kg_graph_node_exists (g, n))
        continue;
      gboolean sampled = live++ % stride == 0;
      guint n_labels = 0;
      const KgSymbol *labels = kg_graph_node_labels (g, n, &n_labels);
      for (guint t = 0; t <= s->n_types; t++)
        {
          if (t < s->n_types && s->type_rels[t] == 0)
            continue;
          for (int d = 0; d < 2; d++)
            {
              guint deg = kg_graph_degree (g, n, d ? KG_DIR_IN : KG_DIR_OUT, t < s->n_types ? t : KG_NONE);
              if (deg == 0)
                continue;
              DegEntry *e = &s->deg[t * 2 + d];
              e->seen = TRUE;
              e->d.rels += deg;
              e->d.sum_sq += (double) deg * deg;
              e->d.nodes++;
              e->d.max = MAX (e->d.max, deg);
              for (guint l = 0; l < n_labels; l++)
                if (labels[l] < s->n_labels)
                  {
                    e->by_label[labels[l]].rels += deg;
                    e->by_label[labels[l]].nodes++;
                  }
              if (sampled)
                g_array_append_val (samples[t * 2 + d], deg);
            }
        }
    }
  for (guint i = 0; i < n_entries; i++)
    {
      finish_degree (&s->deg[i], samples[i]);
      g_array_unref (samples[i]);
    }
  g_free (samples);
}

static int
cmp_value_ptr (gconstpointer a, gconstpointer b)
{
  return kg_value_order (*(const KgValue *const *) a, *(const KgValue *const *) b);
}

/* Values that compare with one another with `<` fall in one family. */
static int
value_family (KgValueType t)
{
  return t == KG_VALUE_FLOAT ? KG_VALUE_INT : (int) t;
}

static void
build_prop (KgStats *s, KgSymbol label, KgSymbol key, GPtrArray *vals, guint sample_n, guint32 count)
{
  guint n = vals->len;
  g_ptr_array_sort (vals, cmp_value_ptr);
  const KgValue **v = (const KgValue **) vals->pdata;
  guint d = 0, f1 = 0;
  for (guint i = 0; i < n;)
    {
      guint j = i + 1;
      while (j < n && kg_value_equivalent (v[i], v[j]))
        j++;
      d++;
      if (j - i == 1)
        f1++;
      i = j;
    }
  KgPropStats *ps = g_new0 (KgPropStats, 1);
  ps->present = (double) count * n / sample_n;
  if (sample_n >= count || f1 == n)
    /* the whole population, or every sampled value once: scale what the sample saw */
    ps->distinct = sample_n >= count ? d : MAX ((double) d, ps->present * d / n);
  else
    {
      double N = ps->present;
      ps->distinct = (double) n * d / (n - f1 + f1 * (double) n / N);
    }
  ps->distinct = CLAMP (ps->distinct, 1.0, MAX (1.0, ps->present));
  /* NaN sorts after every number but compares with nothing: the range and the
   * histogram are those of the other values (all NaN: not ordered) */
  guint n_ord = n;
  while (n_ord > 0 && v[n_ord - 1]->type == KG_VALUE_FLOAT && isnan (v[n_ord - 1]->u.f))
    n_ord--;
  guint last = n_ord > 0 ? n_ord - 1 : n - 1;
  kg_value_copy (v[0], &ps->min);
  kg_value_copy (v[last], &ps->max);
  ps->ordered = n_ord > 0 && value_family (v[0]->type) == value_family (v[last]->type) &&
                v[0]->type != KG_VALUE_LIST && v[0]->type != KG_VALUE_MAP && v[0]->type != KG_VALUE_DURATION;
  ps->n_bounds = MIN ((guint) KG_STATS_BUCKETS + 1, MAX (n_ord, 1));
  ps->bounds = g_new0 (KgValue, ps->n_bounds);
  for (guint j = 0; j < ps->n_bounds; j++)
    kg_value_copy (v[ps->n_bounds > 1 ? (gsize) j * last / (ps->n_bounds - 1) : 0], &ps->bounds[j]);
  g_hash_table_insert (s->props, GSIZE_TO_POINTER (((guint64) label << 32) | key), ps);
}

static void
build_props (const KgGraph *g, KgStats *s)
{
  guint n_keys = kg_graph_n_symbols (g, KG_SYM_KEY);
  if (n_keys == 0)
    return;
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (KgNodeId));
  GPtrArray *vals = g_ptr_array_new ();
  for (KgSymbol l = 0; l < s->n_labels; l++)
    {
      guint32 count = s->label_n[l];
      if (count == 0)
        continue;
      guint32 stride = (count + KG_STATS_SAMPLE - 1) / KG_STATS_SAMPLE;
      g_array_set_size (ids, 0);
      KgNodeIter it;
      KgNodeId id;
      guint32 i = 0;
      kg_graph_nodes_init (g, l, &it);
      while (kg_node_iter_next (&it, &id))
        if (i++ % stride == 0)
          g_array_append_val (ids, id);
      for (KgSymbol k = 0; k < n_keys; k++)
        {
          g_ptr_array_set_size (vals, 0);
          for (guint j = 0; j < ids->len; j++)
            {
              const KgValue *v = kg_graph_node_prop (g, g_array_index (ids, KgNodeId, j), k);
              if (v != NULL && v->type != KG_VALUE_NULL)
                g_ptr_array_add (vals, (gpointer) v);
            }
          if (vals->len > 0)
            build_prop (s, l, k, vals, ids->len, count);
        }
    }
  g_ptr_array_unref (vals);
  g_array_unref (ids);
}

static KgStats *
stats_build (const KgGraph *g)
{
  KgStats *s = g_new0 (KgStats, 1);
  s->ref = 1;
  s->version = kg_graph_version (g);
  s->n_nodes = kg_graph_n_nodes (g);
  s->n_types = kg_graph_n_symbols (g, KG_SYM_TYPE);
  s->n_labels = kg_graph_n_symbols (g, KG_SYM_LABEL);
  s->label_n = g_new0 (guint32, MAX (1u, s->n_labels));
  for (KgSymbol l = 0; l < s->n_labels; l++)
    s->label_n[l] = kg_graph_label_count (g, l);
  s->type_rels = g_new0 (guint64, s->n_types + 1);
  for (KgSymbol t = 0; t < s->n_types; t++)
    s->type_rels[t] = kg_graph_type_count (g, t);
  s->type_rels[s->n_types] = kg_graph_n_edges (g);
  s->props = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, prop_stats_free);
  build_degrees (g, s);
  build_props (g, s);
  return s;
}

/* --- The cache ----------------------------------------------------------------------- */

/* Whether @s no longer describes @g well enough: any change to a small graph (a build
 * costs next to nothing there), else changes worth a tenth of its size. */
static gboolean
stale (const KgGraph *g, const KgStats *s)
{
  if (s == NULL)
    return TRUE;
  guint64 v = kg_graph_version (g);
  if (v == s->version)
    return FALSE;
  guint64 size = (guint64) kg_graph_n_nodes (g) + kg_graph_n_edges (g);
  guint64 changes = v > s->version ? v - s->version : G_MAXUINT64;
  return size <= 4096 || changes >= size / 10;
}

KgStats *
kg_graph_stats (const KgGraph *graph)
{
  g_return_val_if_fail (graph != NULL, NULL);
  KgGraph *g = (KgGraph *) graph; /* the cache only: the graph itself is not changed */
  g_mutex_lock (&g->stats_lock);
  if (stale (g, g->stats))
    {
      KgStats *fresh = stats_build (g);
      kg_stats_unref (g->stats);
      g->stats = fresh;
    }
  KgStats *s = kg_stats_ref (g->stats);
  g_mutex_unlock (&g->stats_lock);
  return s;
}

void
kg_graph_stats_refresh (KgGraph *g)
{
  g_return_if_fail (g != NULL);
  KgStats *fresh = stats_build (g);
  g_mutex_lock (&g->stats_lock);
  kg_stats_unref (g->stats);
  g->stats = fresh;
  g_mutex_unlock (&g->stats_lock);
}

void
kg_graph_stats_drop (KgGraph *g)
{
  g_mutex_lock (&g->stats_lock);
  g_clear_pointer (&g->stats, kg_stats_unref);
  g_mutex_unlock (&g->stats_lock);
}

/* --- Reading ------------------------------------------------------------------------- */

static const DegEntry *
deg_entry (const KgStats *s, KgSymbol type, KgDirection dir)
{
  guint t = type == KG_NONE ? s->n_types : type;
  if (t > s->n_types || (dir != KG_DIR_OUT && dir != KG_DIR_IN))
    return NULL;
  const DegEntry *e = &s->deg[t * 2 + (dir == KG_DIR_IN)];
  return e->seen ? e : NULL;
}

const KgDegreeStats *
kg_stats_degree (const KgStats *s, KgSymbol type, KgDirection dir)
{
  const DegEntry *e = deg_entry (s, type, dir);
  return e ? &e->d : NULL;
}

double
kg_stats_avg_degree (const KgStats *s, KgSymbol type, KgDirection dir, KgSymbol label)
{
  if (dir == KG_DIR_BOTH)
    return kg_stats_avg_degree (s, type, KG_DIR_OUT, label) + kg_stats_avg_degree (s, type, KG_DIR_IN, label);
  const DegEntry *e = deg_entry (s, type, dir);
  if (e == NULL)
    return 0.0;
  if (label != KG_NONE && label < s->n_labels)
    return s->label_n[label] ? (double) e->by_label[label].rels / s->label_n[label] : 0.0;
  return s->n_nodes ? (double) e->d.rels / s->n_nodes : 0.0;
}

double
kg_stats_reached_degree (const KgStats *s, KgSymbol type, KgDirection dir)
{
  const DegEntry *e = deg_entry (s, type, dir);
  return e && e->d.rels ? e->d.sum_sq / (double) e->d.rels : 0.0;
}

double
kg_stats_end_label_share (const KgStats *s, KgSymbol type, KgDirection dir, KgSymbol label)
{
  const DegEntry *e = deg_entry (s, type, dir);
  if (e == NULL || label == KG_NONE || label >= s->n_labels || e->d.rels == 0)
    return 1.0;
  return (double) e->by_label[label].rels / e->d.rels;
}

const KgPropStats *
kg_stats_prop (const KgStats *s, KgSymbol label, KgSymbol key)
{
  if (label == KG_NONE || key == KG_NONE)
    return NULL;
  return g_hash_table_lookup (s->props, GSIZE_TO_POINTER (((guint64) label << 32) | key));
}

static double
label_share_present (const KgStats *s, KgSymbol label, const KgPropStats *ps)
{
  guint32 n = label < s->n_labels ? s->label_n[label] : 0;
  return n ? MIN (1.0, ps->present / n) : 1.0;
}

double
kg_stats_eq_selectivity (const KgStats *s, KgSymbol label, KgSymbol key)
{
  const KgPropStats *ps = kg_stats_prop (s, label, key);
  if (ps == NULL)
    return 0.1;
  return label_share_present (s, label, ps) / ps->distinct;
}

/* A number standing for @v on a line, for interpolation inside a bucket. */
static gboolean
value_number (const KgValue *v, double *out)
{
  switch (v->type)
    {
    case KG_VALUE_INT:
      *out = (double) v->u.i;
      return TRUE;
    case KG_VALUE_FLOAT:
      *out = v->u.f;
      return TRUE;
    case KG_VALUE_DATE:
      *out = v->u.date;
      return TRUE;
    case KG_VALUE_LOCALDATETIME:
    case KG_VALUE_DATETIME:
      *out = (double) v->u.t->days * 86400.0 + (double) v->u.t->nanos / 1e9 -
             (v->type == KG_VALUE_DATETIME ? v->u.t->offset : 0);
      return TRUE;
    default:
      return FALSE;
    }
}

/* Where string @x lies between strings @a <= @b, as a share in [0, 1]: the bytes after
 * the prefix all three share, read as base-256 fractions (as PostgreSQL's
 * convert_string_to_scalar does), so that a narrow interval inside one bucket, such as
 * the strings with a given prefix, keeps a narrow share of it. FALSE when they are not
 * all strings. */
static gboolean
string_position (const KgValue *a, const KgValue *b, const KgValue *x, double *t)
{
  if (a->type != KG_VALUE_STRING || b->type != KG_VALUE_STRING || x->type != KG_VALUE_STRING)
    return FALSE;
  const guchar *sa = (const guchar *) a->u.s, *sb = (const guchar *) b->u.s, *sx = (const guchar *) x->u.s;
  gsize p = 0;
  while (sa[p] && sa[p] == sb[p] && sa[p] == sx[p])
    p++;
  double va = 0, vb = 0, vx = 0, scale = 1;
  gboolean ea = FALSE, eb = FALSE, ex = FALSE; /* past the end of each */
  for (int i = 0; i < 6; i++)
    {
      scale /= 256.0;
      ea = ea || sa[p + i] == 0;
      eb = eb || sb[p + i] == 0;
      ex = ex || sx[p + i] == 0;
      va += (ea ? 0 : sa[p + i]) * scale;
      vb += (eb ? 0 : sb[p + i]) * scale;
      vx += (ex ? 0 : sx[p + i]) * scale;
    }
  if (vb <= va)
    return FALSE;
  *t = CLAMP ((vx - va) / (vb - va), 0.0, 1.0);
  return TRUE;
}

/* The share of the values below @x (with @incl, at or below): FALSE when the histogram
 * cannot compare @x. */
static gboolean
share_below (const KgPropStats *ps, const KgValue *x, gboolean incl, double *out)
{
  int c;
  if (!ps->ordered || ps->n_bounds == 0 || !kg_value_compare (x, &ps->bounds[0], &c))
    return FALSE;
  guint m = ps->n_bounds;
  double eq = 1.0 / ps->distinct;
  int chi;
  if (!kg_value_compare (x, &ps->bounds[m - 1], &chi))
    return FALSE;
  if (c < 0)
    *out = 0.0;
  else if (chi > 0)
    *out = 1.0;
  else if (m == 1)
    *out = incl ? 1.0 : 0.0;
  else
    {
      guint lo = 0; /* bounds strictly below x */
      while (lo < m && kg_value_compare (&ps->bounds[lo], x, &c) && c < 0)
        lo++;
      double f;
      if (lo == 0)
        f = 0.0;
      else
        {
          double a, b, xv, t = 0.5;
          if (lo < m && value_number (&ps->bounds[lo - 1], &a) && value_number (&ps->bounds[lo], &b) &&
              value_number (x, &xv) && b > a)
            t = CLAMP ((xv - a) / (b - a), 0.0, 1.0);
          else if (lo < m && !string_position (&ps->bounds[lo - 1], &ps->bounds[lo], x, &t))
            t = 0.5;
          f = ((double) (lo - 1) + t) / (m - 1);
        }
      *out = CLAMP (incl ? f + eq : f, 0.0, 1.0);
    }
  return TRUE;
}

double
kg_stats_range_selectivity (const KgStats *s, KgSymbol label, KgSymbol key, const KgValue *lo, gboolean lo_incl, const KgValue *hi, gboolean hi_incl)
{
  const KgPropStats *ps = kg_stats_prop (s, label, key);
  double dflt = (lo ? 1.0 / 3 : 1.0) * (hi ? 1.0 / 3 : 1.0);
  if (ps == NULL)
    return dflt;
  double fl = 0.0, fh = 1.0;
  if (lo && !share_below (ps, lo, !lo_incl, &fl))
    return dflt;
  if (hi && !share_below (ps, hi, hi_incl, &fh))
    return dflt;
  double f = MAX (0.0, fh - fl);
  /* never quite zero: the sample may have missed a few */
  f = MAX (f, 0.5 / MAX (1.0, ps->present));
  return f * label_share_present (s, label, ps);
}
