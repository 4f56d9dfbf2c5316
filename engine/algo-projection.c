/* engine/algo-projection.c — the ground the graph algorithms stand on: checking their
 * configuration maps, building the projection they run on straight from the store's
 * adjacency, handing it to igraph under the one igraph lock (with igraph's interruption
 * checks wired to the query's cancellation, time and memory limits, and its progress
 * reports to the session's), charging memory before allocating it, reporting progress,
 * and streaming one value per projected node.
 *
 * No algorithm is computed here; they are in algo-centrality.c, algo-community.c and
 * algo-paths.c.
 */
#include "engine/algo-private.h"

#include <math.h>
#include <string.h>

/* --- Progress and memory ------------------------------------------------------ */

gboolean
kg_algo_progress_due (KgProcRun *run)
{
  return kg_exec_progress_due (run->exec);
}

void
kg_algo_progress (KgProcRun *run, double fraction, const char *fmt, ...)
{
  if (!kg_exec_progress_due (run->exec))
    return;
  char phase[160];
  va_list ap;
  va_start (ap, fmt);
  g_vsnprintf (phase, sizeof phase, fmt, ap);
  va_end (ap);
  kg_exec_progress (run->exec, run->proc->name, phase, fraction);
}

/* "360.0 kB": decimal units with a plain space (g_format_size() puts a no-break space
 * in, which terminals and golden files take badly). */
static char *
format_bytes (guint64 bytes)
{
  static const char *const units[] = { "bytes", "kB", "MB", "GB", "TB" };
  double x = (double) bytes;
  guint u = 0;
  while (x >= 1000 && u + 1 < G_N_ELEMENTS (units))
    x /= 1000, u++;
  char num[G_ASCII_DTOSTR_BUF_SIZE];
  return u == 0 ? g_strdup_printf ("%" G_GUINT64_FORMAT " bytes", bytes)
                : g_strdup_printf ("%s %s", g_ascii_formatd (num, sizeof num, "%.1f", x), units[u]);
}

gboolean
kg_algo_charge (KgProcRun *run, guint64 bytes, const char *what, GError **error)
{
  KgExec *exec = run->exec;
  if (exec->max_memory != 0 && exec->mem_used + bytes > exec->max_memory)
    {
      g_autofree char *need = format_bytes (bytes);
      g_autofree char *limit = format_bytes (exec->max_memory);
      return kg_proc_error (run, error, KG_QUERY_ERROR_LIMIT, NULL,
                            "%s needs %s, which with what the query holds is more than its memory limit of %s (--max-memory)",
                            what, need, limit);
    }
  return kg_exec_charge (exec, bytes, error);
}

void
kg_algo_refund (KgProcRun *run, guint64 bytes)
{
  KgExec *exec = run->exec;
  exec->mem_used -= MIN (bytes, exec->mem_used);
}

/* --- Configuration maps ------------------------------------------------------- */

static const KgCfgKey projection_keys[] = {
  { "nodeLabels", KG_CFG_STRINGS },
  { "relationshipTypes", KG_CFG_STRINGS },
  { "orientation", KG_CFG_STRING },
  { "relationshipWeightProperty", KG_CFG_STRING },
  { "defaultWeight", KG_CFG_NUMBER },
  { NULL, 0 },
};

static const char *
cfg_type_name (KgCfgType type)
{
  switch (type)
    {
    case KG_CFG_INT:
      return "an integer";
    case KG_CFG_NUMBER:
      return "a number";
    case KG_CFG_BOOL:
      return "a boolean";
    case KG_CFG_STRING:
      return "a string";
    case KG_CFG_STRINGS:
      return "a string or a list of strings";
    case KG_CFG_NODE:
      return "a node";
    case KG_CFG_NODES:
      return "a node or a list of nodes";
    }
  return "a value";
}

static gboolean
list_of (const KgValue *v, KgValueType type)
{
  if (v->type != KG_VALUE_LIST)
    return FALSE;
  for (guint i = 0; i < v->u.list->len; i++)
    if (v->u.list->items[i].type != type)
      return FALSE;
  return TRUE;
}

static gboolean
cfg_type_accepts (KgCfgType type, const KgValue *v)
{
  switch (type)
    {
    case KG_CFG_INT:
      return v->type == KG_VALUE_INT;
    case KG_CFG_NUMBER:
      return v->type == KG_VALUE_INT || v->type == KG_VALUE_FLOAT;
    case KG_CFG_BOOL:
      return v->type == KG_VALUE_BOOL;
    case KG_CFG_STRING:
      return v->type == KG_VALUE_STRING;
    case KG_CFG_STRINGS:
      return v->type == KG_VALUE_STRING || list_of (v, KG_VALUE_STRING);
    case KG_CFG_NODE:
      return v->type == KG_VALUE_NODE;
    case KG_CFG_NODES:
      return v->type == KG_VALUE_NODE || list_of (v, KG_VALUE_NODE);
    }
  return FALSE;
}

static const KgCfgKey *
find_key (const KgCfgKey *keys, const char *key)
{
  for (guint i = 0; keys[i].key; i++)
    if (strcmp (keys[i].key, key) == 0)
      return &keys[i];
  return NULL;
}

gboolean
kg_algo_config_check (KgProcRun *run, const KgValue *arg, const KgCfgKey *keys, KgAlgoConfig *cfg, GError **error)
{
  static const KgMap empty = { 1, 0, 0, NULL, NULL };
  cfg->run = run;
  cfg->span = run->arg_spans[0];
  cfg->map = arg->type == KG_VALUE_MAP ? arg->u.map : &empty;
  for (guint i = 0; i < cfg->map->len; i++)
    {
      const char *key = cfg->map->keys[i];
      const KgValue *v = &cfg->map->vals[i];
      const KgCfgKey *k = find_key (projection_keys, key);
      if (k == NULL)
        k = find_key (keys, key);
      if (k == NULL)
        {
          g_autoptr (GString) known = g_string_new (KG_ALGO_PROJECTION_KEYS);
          for (guint j = 0; keys[j].key; j++)
            g_string_append_printf (known, ", %s", keys[j].key);
          return kg_proc_error (run, error, KG_QUERY_ERROR_SEMANTIC, cfg->span,
                                "unknown configuration key `%s` (the keys are %s)", key, known->str);
        }
      if (v->type != KG_VALUE_NULL && !cfg_type_accepts (k->type, v))
        return kg_proc_error (run, error, KG_QUERY_ERROR_TYPE, cfg->span, "`%s` must be %s, not %s", key,
                              cfg_type_name (k->type), kg_value_type_name (v->type));
    }
  return TRUE;
}

const KgValue *
kg_algo_config_get (const KgAlgoConfig *cfg, const char *key)
{
  const KgValue *v = kg_map_get (cfg->map, key);
  return v && v->type != KG_VALUE_NULL ? v : NULL;
}

gint64
kg_algo_config_int (const KgAlgoConfig *cfg, const char *key, gint64 def)
{
  const KgValue *v = kg_algo_config_get (cfg, key);
  return v ? v->u.i : def;
}

double
kg_algo_config_number (const KgAlgoConfig *cfg, const char *key, double def)
{
  const KgValue *v = kg_algo_config_get (cfg, key);
  if (v == NULL)
    return def;
  return v->type == KG_VALUE_INT ? (double) v->u.i : v->u.f;
}

gboolean
kg_algo_config_bool (const KgAlgoConfig *cfg, const char *key, gboolean def)
{
  const KgValue *v = kg_algo_config_get (cfg, key);
  return v ? v->u.b : def;
}

gboolean
kg_algo_config_range (const KgAlgoConfig *cfg, const char *key, double lo, double hi, gboolean open_lo, GError **error)
{
  const KgValue *v = kg_algo_config_get (cfg, key);
  if (v == NULL)
    return TRUE;
  double x = kg_algo_config_number (cfg, key, 0);
  if (isnan (x) || x < lo || x > hi || (open_lo && x == lo))
    {
      g_autofree char *hi_text = isinf (hi) ? g_strdup ("∞") : g_strdup_printf ("%g", hi);
      return kg_proc_error (cfg->run, error, KG_QUERY_ERROR_SEMANTIC, cfg->span, "`%s` must be in %s%g, %s%s, not %g",
                            key, open_lo ? "(" : "[", lo, hi_text, isinf (hi) ? ")" : "]", x);
    }
  return TRUE;
}

/* --- Projections -------------------------------------------------------------- */

void
kg_projection_free (KgProjection *p)
{
  if (p == NULL)
    return;
  g_free (p->ids);
  g_free (p->dense);
  g_free (p->src);
  g_free (p->dst);
  g_free (p->edges);
  g_free (p->weights);
  g_free (p->out_off);
  g_free (p->out_adj);
  g_free (p);
}

/* The symbols named by the string or list of strings under @key, into @syms; '*' or no
 * value means all (an empty @syms). A name the graph has never seen is an error. */
static gboolean
config_symbols (const KgAlgoConfig *cfg, const char *key, KgSymbolKind kind, GArray *syms, GError **error)
{
  const KgValue *v = kg_algo_config_get (cfg, key);
  if (v == NULL)
    return TRUE;
  const KgValue *items = v->type == KG_VALUE_LIST ? v->u.list->items : v;
  guint n = v->type == KG_VALUE_LIST ? v->u.list->len : 1;
  KgGraph *g = cfg->run->exec->graph;
  for (guint i = 0; i < n; i++)
    {
      const char *name = items[i].u.s;
      if (strcmp (name, "*") == 0)
        {
          g_array_set_size (syms, 0);
          return TRUE;
        }
      KgSymbol s = kg_graph_lookup (g, kind, name);
      if (s == KG_NONE || (kind == KG_SYM_LABEL ? kg_graph_label_count (g, s) : kg_graph_type_count (g, s)) == 0)
        return kg_proc_error (cfg->run, error, KG_QUERY_ERROR_SEMANTIC, cfg->span, "there is no %s `%s` in the graph",
                              kind == KG_SYM_LABEL ? "label" : "relationship type", name);
      g_array_append_val (syms, s);
    }
  return TRUE;
}

static gboolean
config_orientation (const KgAlgoConfig *cfg, KgOrientation *out, GError **error)
{
  const KgValue *v = kg_algo_config_get (cfg, "orientation");
  *out = KG_ORIENT_NATURAL;
  if (v == NULL || g_ascii_strcasecmp (v->u.s, "NATURAL") == 0)
    return TRUE;
  if (g_ascii_strcasecmp (v->u.s, "REVERSE") == 0)
    *out = KG_ORIENT_REVERSE;
  else if (g_ascii_strcasecmp (v->u.s, "UNDIRECTED") == 0)
    *out = KG_ORIENT_UNDIRECTED;
  else
    return kg_proc_error (cfg->run, error, KG_QUERY_ERROR_SEMANTIC, cfg->span,
                          "`orientation` must be 'NATURAL', 'REVERSE' or 'UNDIRECTED', not '%s'", v->u.s);
  return TRUE;
}

/* Picks the projected nodes: p->dense marks them, p->ids lists them in id order. */
static gboolean
project_nodes (KgProjection *p, KgProcRun *run, GArray *labels, GError **error)
{
  KgGraph *g = run->exec->graph;
  p->dense_len = kg_graph_node_bound (g);
  kg_algo_progress (run, -1, "projecting nodes");
  if (!kg_algo_charge (run, (guint64) p->dense_len * sizeof (guint32), "the projection's node map", error))
    return FALSE;
  p->dense = g_new (guint32, MAX (p->dense_len, 1));
  memset (p->dense, 0xff, sizeof (guint32) * p->dense_len);
  KgNodeIter it;
  KgNodeId id;
  guint n_labels = MAX (labels->len, 1);
  for (guint l = 0; l < n_labels; l++)
    {
      kg_graph_nodes_init (g, labels->len ? g_array_index (labels, KgSymbol, l) : KG_NONE, &it);
      while (kg_node_iter_next (&it, &id))
        p->dense[id] = 0;
    }
  guint32 n = 0;
  for (guint32 i = 0; i < p->dense_len; i++)
    if (p->dense[i] != KG_NONE)
      n++;
  if (!kg_algo_charge (run, (guint64) n * (sizeof (KgNodeId) + 2 * sizeof (guint32)), "the projection's nodes", error))
    return FALSE;
  p->n = n;
  p->ids = g_new (KgNodeId, MAX (n, 1));
  n = 0;
  for (guint32 i = 0; i < p->dense_len; i++)
    if (p->dense[i] != KG_NONE)
      {
        p->ids[n] = i;
        p->dense[i] = n++;
      }
  return TRUE;
}

/* The weight of @edge: its numeric @key, else @def. */
static gboolean
edge_weight (const KgAlgoConfig *cfg, KgEdgeId edge, KgSymbol key, double def, double *out, GError **error)
{
  KgGraph *g = cfg->run->exec->graph;
  const KgValue *v = key == KG_NONE ? NULL : kg_graph_edge_prop (g, edge, key);
  if (v == NULL || v->type == KG_VALUE_NULL)
    *out = def;
  else if (v->type == KG_VALUE_INT)
    *out = (double) v->u.i;
  else if (v->type == KG_VALUE_FLOAT)
    *out = v->u.f;
  else
    return kg_proc_error (cfg->run, error, KG_QUERY_ERROR_TYPE, cfg->span,
                          "relationship %u has %s for the weight property, not a number", edge, kg_value_type_name (v->type));
  if (!isfinite (*out))
    return kg_proc_error (cfg->run, error, KG_QUERY_ERROR_SEMANTIC, cfg->span, "relationship %u has %g for its weight, not a finite number",
                          edge, *out);
  return TRUE;
}

/* Shrinks an array of @len items of @size bytes allocated for @cap of them. */
static gpointer
trim (GArray *a, gsize size, guint len, guint64 cap)
{
  gpointer data = g_array_free (a, FALSE);
  return len < cap / 2 ? g_realloc (data, MAX (len, 1) * size) : data;
}

/* Collects the relationships among projected nodes, oriented, with their weights. The
 * relationships of the projected types bound how many there can be: that much is
 * charged and allocated at once (no array grows by doubling), and what was not used
 * is given back. */
static gboolean
project_edges (KgProjection *p, const KgAlgoConfig *cfg, GArray *types, GError **error)
{
  KgProcRun *run = cfg->run;
  KgExec *exec = run->exec;
  KgGraph *g = exec->graph;
  const KgValue *wprop = kg_algo_config_get (cfg, "relationshipWeightProperty");
  double def = kg_algo_config_number (cfg, "defaultWeight", 1.0);
  KgSymbol wkey = wprop ? kg_graph_lookup (g, KG_SYM_KEY, wprop->u.s) : KG_NONE;
  if (wprop && wkey == KG_NONE && kg_algo_config_get (cfg, "defaultWeight") == NULL)
    return kg_proc_error (cfg->run, error, KG_QUERY_ERROR_SEMANTIC, cfg->span,
                          "no relationship has the weight property `%s` (give a defaultWeight to use one anyway)", wprop->u.s);
  guint n_types = MAX (types->len, 1);
  guint64 bound = 0;
  for (guint t = 0; t < n_types; t++)
    bound += kg_graph_type_count (g, types->len ? g_array_index (types, KgSymbol, t) : KG_NONE);
  gsize per_edge = 2 * sizeof (guint32) + sizeof (KgEdgeId) + (wprop ? sizeof (double) : 0);
  g_autofree char *what = g_strdup_printf ("the projection's relationships (up to %" G_GUINT64_FORMAT ")", bound);
  if (bound > G_MAXUINT32 - 1)
    return kg_proc_error (run, error, KG_QUERY_ERROR_LIMIT, cfg->span, "a projection holds at most %u relationships", G_MAXUINT32 - 1);
  if (!kg_algo_charge (run, bound * per_edge, what, error))
    return FALSE;
  GArray *src = g_array_sized_new (FALSE, FALSE, sizeof (guint32), (guint) bound);
  GArray *dst = g_array_sized_new (FALSE, FALSE, sizeof (guint32), (guint) bound);
  GArray *eid = g_array_sized_new (FALSE, FALSE, sizeof (KgEdgeId), (guint) bound);
  GArray *wts = wprop ? g_array_sized_new (FALSE, FALSE, sizeof (double), (guint) bound) : NULL;
  gboolean ok = TRUE;
  gboolean rev = p->orientation == KG_ORIENT_REVERSE;
  gboolean identity = p->n == p->dense_len;
  for (guint32 u = 0; ok && u < p->n; u++)
    {
      if ((u & 4095) == 0 && kg_algo_progress_due (run))
        kg_algo_progress (run, (double) u / p->n, "projecting relationships");
      for (guint t = 0; ok && t < n_types; t++)
        {
          KgAdjIter it;
          KgEdgeId e;
          KgNodeId other;
          kg_graph_adj_init (g, p->ids[u], KG_DIR_OUT, types->len ? g_array_index (types, KgSymbol, t) : KG_NONE, &it);
          while (kg_adj_iter_next (&it, &e, &other))
            {
              /* every node projected: the map is the identity, and not read (at 24 M
               * relationships its random reads cost as much as the rest of the walk) */
              guint32 v = identity ? (other < p->n ? other : KG_NONE) : other < p->dense_len ? p->dense[other]
                                                                                             : KG_NONE;
              if (v == KG_NONE)
                continue;
              guint32 a = rev ? v : u, b = rev ? u : v;
              g_array_append_val (src, a);
              g_array_append_val (dst, b);
              g_array_append_val (eid, e);
              if (wts)
                {
                  double w;
                  if (!(ok = edge_weight (cfg, e, wkey, def, &w, error)))
                    break;
                  g_array_append_val (wts, w);
                }
            }
        }
      ok = ok && kg_exec_check (exec, error);
    }
  p->m = src->len;
  kg_algo_refund (run, (bound - p->m) * per_edge);
  p->src = trim (src, sizeof (guint32), p->m, bound);
  p->dst = trim (dst, sizeof (guint32), p->m, bound);
  p->edges = trim (eid, sizeof (KgEdgeId), p->m, bound);
  p->weights = wts ? trim (wts, sizeof (double), p->m, bound) : NULL;
  return ok;
}

/* The CSR of relationships out of each node (both ends when undirected). */
static gboolean
project_csr (KgProjection *p, KgProcRun *run, GError **error)
{
  guint64 entries = p->directed ? p->m : 2 * (guint64) p->m;
  if (entries > G_MAXUINT32)
    return kg_proc_error (run, error, KG_QUERY_ERROR_LIMIT, NULL, "an undirected projection holds at most %u relationships", G_MAXUINT32 / 2);
  kg_algo_progress (run, -1, "indexing the projection");
  if (!kg_algo_charge (run, (p->n + 1 + entries + p->n + 1) * sizeof (guint32), "the projection's adjacency", error))
    return FALSE;
  p->out_off = g_new0 (guint32, p->n + 1);
  for (guint32 j = 0; j < p->m; j++)
    {
      p->out_off[p->src[j] + 1]++;
      if (!p->directed && p->dst[j] != p->src[j])
        p->out_off[p->dst[j] + 1]++;
    }
  for (guint32 i = 0; i < p->n; i++)
    p->out_off[i + 1] += p->out_off[i];
  p->out_adj = g_new (guint32, MAX (p->out_off[p->n], 1));
  g_autofree guint32 *fill = g_memdup2 (p->out_off, sizeof (guint32) * (p->n + 1));
  for (guint32 j = 0; j < p->m; j++)
    {
      p->out_adj[fill[p->src[j]]++] = j;
      if (!p->directed && p->dst[j] != p->src[j])
        p->out_adj[fill[p->dst[j]]++] = j;
    }
  return TRUE;
}

KgProjection *
kg_projection_build (const KgAlgoConfig *cfg, GError **error)
{
  g_autoptr (GArray) labels = g_array_new (FALSE, FALSE, sizeof (KgSymbol));
  g_autoptr (GArray) types = g_array_new (FALSE, FALSE, sizeof (KgSymbol));
  g_autoptr (KgProjection) p = g_new0 (KgProjection, 1);
  if (!config_symbols (cfg, "nodeLabels", KG_SYM_LABEL, labels, error) || !config_symbols (cfg, "relationshipTypes", KG_SYM_TYPE, types, error) || !config_orientation (cfg, &p->orientation, error))
    return NULL;
  p->directed = p->orientation != KG_ORIENT_UNDIRECTED;
  if (!project_nodes (p, cfg->run, labels, error) || !project_edges (p, cfg, types, error) || !project_csr (p, cfg->run, error))
    return NULL;
  return g_steal_pointer (&p);
}

KgProjection *
kg_algo_setup (KgProcRun *run, const KgValue *args, const KgCfgKey *keys, KgAlgoConfig *cfg, GError **error)
{
  if (!kg_algo_config_check (run, &args[0], keys, cfg, error))
    return NULL;
  return kg_projection_build (cfg, error);
}

gboolean
kg_projection_node (const KgProjection *p, const KgAlgoConfig *cfg, const KgValue *v, const char *key, guint32 *out, GError **error)
{
  *out = v->u.id < p->dense_len ? p->dense[v->u.id] : KG_NONE;
  if (*out == KG_NONE)
    return kg_proc_error (cfg->run, error, KG_QUERY_ERROR_SEMANTIC, cfg->span,
                          "`%s`: node %u is not in the projection (check nodeLabels)", key, v->u.id);
  return TRUE;
}

/* --- igraph ------------------------------------------------------------------- */

static GMutex igraph_lock;
static KgProcRun *igraph_run; /* the run holding igraph_lock */
static GError *igraph_interrupt_error;
static gboolean igraph_uninterruptible; /* the running call must not be interrupted */

/* igraph asks this now and then during long computations. Forcing the next check onto
 * the slow path makes every question a real look at the clock, the cancel flag and the
 * heap, since igraph may ask only once per vertex of a large graph. */
static igraph_error_t
interruption_handler (void *data)
{
  KgExec *exec = igraph_run ? igraph_run->exec : NULL;
  if (igraph_uninterruptible)
    return IGRAPH_SUCCESS;
  if (exec == NULL || igraph_interrupt_error != NULL)
    return igraph_interrupt_error ? IGRAPH_INTERRUPTED : IGRAPH_SUCCESS;
  exec->tick |= 1023;
  return kg_exec_check (exec, &igraph_interrupt_error) ? IGRAPH_SUCCESS : IGRAPH_INTERRUPTED;
}

/* igraph's progress reports ("Betweenness centrality: ", 42.0) go to the session's
 * callback; they never stop the run (that is the interruption handler's job). */
static igraph_error_t
progress_handler (const char *message, igraph_real_t percent, void *data)
{
  if (igraph_run == NULL || !kg_algo_progress_due (igraph_run))
    return IGRAPH_SUCCESS;
  gsize len = message ? strlen (message) : 0;
  while (len > 0 && (message[len - 1] == ' ' || message[len - 1] == ':'))
    len--;
  kg_algo_progress (igraph_run, percent / 100, "igraph: %.*s", (int) len, message ? message : "");
  return IGRAPH_SUCCESS;
}

static void
igraph_setup (void)
{
  static gsize done = 0;
  if (g_once_init_enter (&done))
    {
      /* igraph aborts the process on errors by default; we want its error codes. */
      igraph_set_error_handler (igraph_error_handler_ignore);
      igraph_set_warning_handler (igraph_warning_handler_ignore);
      igraph_set_interruption_handler (interruption_handler);
      igraph_set_progress_handler (progress_handler);
      g_once_init_leave (&done, 1);
    }
}

void
kg_algo_igraph_begin (KgProcRun *run)
{
  igraph_setup ();
  g_mutex_lock (&igraph_lock);
  igraph_run = run;
  igraph_uninterruptible = FALSE;
  g_clear_error (&igraph_interrupt_error);
}

void
kg_algo_igraph_uninterruptible (void)
{
  igraph_uninterruptible = TRUE;
}

gboolean
kg_algo_igraph_end (KgProcRun *run, igraph_error_t rc, GError **error)
{
  GError *interrupted = g_steal_pointer (&igraph_interrupt_error);
  igraph_run = NULL;
  igraph_uninterruptible = FALSE;
  g_mutex_unlock (&igraph_lock);
  if (interrupted)
    {
      g_propagate_error (error, interrupted);
      return FALSE;
    }
  if (rc != IGRAPH_SUCCESS)
    return kg_proc_error (run, error, KG_QUERY_ERROR_RUNTIME, NULL, "igraph failed: %s", igraph_strerror (rc));
  return TRUE;
}

typedef struct
{
  guint32 a, b;
  double w;
} Pair;

static gint
by_ends_then_weight (gconstpointer x, gconstpointer y)
{
  const Pair *p = x, *q = y;
  if (p->a != q->a)
    return p->a < q->a ? -1 : 1;
  if (p->b != q->b)
    return p->b < q->b ? -1 : 1;
  return p->w < q->w ? -1 : p->w > q->w;
}

/* The relationships of the simple graph: no self loops, one relationship per pair of
 * ends (either order when @undirected), the lightest of its parallels. */
static GArray *
simple_edges (const KgProjection *p, gboolean undirected)
{
  GArray *pairs = g_array_sized_new (FALSE, FALSE, sizeof (Pair), p->m);
  for (guint32 j = 0; j < p->m; j++)
    {
      if (p->src[j] == p->dst[j])
        continue;
      Pair e = { p->src[j], p->dst[j], p->weights ? p->weights[j] : 1.0 };
      if (undirected && e.a > e.b)
        e = (Pair){ e.b, e.a, e.w };
      g_array_append_val (pairs, e);
    }
  g_array_sort (pairs, by_ends_then_weight);
  guint k = 0;
  for (guint i = 0; i < pairs->len; i++)
    {
      const Pair *e = &g_array_index (pairs, Pair, i);
      if (k > 0 && g_array_index (pairs, Pair, k - 1).a == e->a && g_array_index (pairs, Pair, k - 1).b == e->b)
        continue;
      g_array_index (pairs, Pair, k++) = *e;
    }
  g_array_set_size (pairs, k);
  return pairs;
}

/* What igraph's copy of @m relationships over @n nodes takes while it is built: the
 * pairs, igraph's edge list, and the graph (from, to and two orderings per edge, two
 * indexes per node), plus the weights. */
static guint64
igraph_bytes (guint64 n, guint64 m, gboolean weights)
{
  return m * (sizeof (Pair) + 2 * sizeof (igraph_integer_t) + 4 * sizeof (igraph_integer_t) + (weights ? sizeof (double) : 0)) +
         (n + 1) * 2 * sizeof (igraph_integer_t);
}

igraph_error_t
kg_projection_to_igraph (const KgProjection *p, gboolean undirected, KgIgraphShape shape, igraph_t *g, igraph_vector_t *weights)
{
  gboolean directed = p->directed && !undirected;
  if (igraph_run != NULL)
    {
      kg_algo_progress (igraph_run, -1, "building igraph's graph");
      guint64 bytes = igraph_bytes (p->n, p->m, weights != NULL) - (shape == KG_IGRAPH_SIMPLE ? 0 : p->m * sizeof (Pair));
      if (!kg_algo_charge (igraph_run, bytes, "igraph's copy of the projection", &igraph_interrupt_error))
        return IGRAPH_INTERRUPTED;
    }
  /* The simple graph needs its pairs sorted to merge parallels; the other shapes go
   * straight from the projection into igraph's edge list. */
  g_autoptr (GArray) pairs = shape == KG_IGRAPH_SIMPLE ? simple_edges (p, !directed) : NULL;
  igraph_integer_t m = 0;
  if (pairs != NULL)
    m = pairs->len;
  else
    for (guint32 j = 0; j < p->m; j++)
      m += shape == KG_IGRAPH_ALL || p->src[j] != p->dst[j];
  igraph_vector_int_t edges;
  IGRAPH_CHECK (igraph_vector_int_init (&edges, 2 * m));
  igraph_integer_t *ev = VECTOR (edges);
  if (pairs != NULL)
    for (igraph_integer_t j = 0; j < m; j++)
      {
        ev[2 * j] = g_array_index (pairs, Pair, j).a;
        ev[2 * j + 1] = g_array_index (pairs, Pair, j).b;
      }
  else
    for (igraph_integer_t j = 0, k = 0; j < (igraph_integer_t) p->m; j++)
      if (shape == KG_IGRAPH_ALL || p->src[j] != p->dst[j])
        {
          ev[k++] = p->src[j];
          ev[k++] = p->dst[j];
        }
  igraph_error_t rc = igraph_create (g, &edges, p->n, directed);
  igraph_vector_int_destroy (&edges);
  if (rc != IGRAPH_SUCCESS || weights == NULL)
    return rc;
  if ((rc = igraph_vector_init (weights, m)) != IGRAPH_SUCCESS)
    {
      igraph_destroy (g);
      return rc;
    }
  igraph_real_t *wv = VECTOR (*weights);
  if (pairs != NULL)
    for (igraph_integer_t j = 0; j < m; j++)
      wv[j] = g_array_index (pairs, Pair, j).w;
  else
    for (igraph_integer_t j = 0, k = 0; j < (igraph_integer_t) p->m; j++)
      if (shape == KG_IGRAPH_ALL || p->src[j] != p->dst[j])
        wv[k++] = p->weights[j];
  return IGRAPH_SUCCESS;
}

/* --- Streaming one value per node --------------------------------------------- */

KgAlgoNodeValues *
kg_algo_node_values_new (KgProcRun *run, KgProjection *proj, gboolean floats, GError **error)
{
  if (!kg_algo_charge (run, (guint64) MAX (proj->n, 1) * sizeof (double), "the results", error))
    {
      kg_projection_free (proj);
      return NULL;
    }
  KgAlgoNodeValues *s = g_new0 (KgAlgoNodeValues, 1);
  run->state = s;
  s->proj = proj;
  if (floats)
    s->scores = g_new0 (double, MAX (proj->n, 1));
  else
    s->ints = g_new0 (gint64, MAX (proj->n, 1));
  return s;
}

KgOpStatus
kg_algo_node_values_next (KgProcRun *run, KgValue *row, GError **error)
{
  KgAlgoNodeValues *s = run->state;
  if (s == NULL || s->pos >= (s->order ? s->n_rows : s->proj->n))
    return KG_NEXT_DONE;
  guint32 i = s->order ? s->order[s->pos] : s->pos;
  row[0] = kg_value_node (s->proj->ids[i]);
  row[1] = s->scores ? kg_value_float (s->scores[i]) : kg_value_int (s->ints[i]);
  s->pos++;
  return KG_NEXT_ROW;
}

void
kg_algo_node_values_close (KgProcRun *run)
{
  KgAlgoNodeValues *s = run->state;
  if (s == NULL)
    return;
  kg_projection_free (s->proj);
  g_free (s->scores);
  g_free (s->ints);
  g_free (s->order);
  g_free (s);
  run->state = NULL;
}

void
kg_algo_membership_to_ids (const KgProjection *p, const igraph_vector_int_t *membership, gint64 *out)
{
  /* Nodes are numbered in id order, so the first member seen has the smallest id. */
  g_autofree guint32 *first = g_new (guint32, MAX (p->n, 1));
  memset (first, 0xff, sizeof (guint32) * MAX (p->n, 1));
  for (guint32 i = 0; i < p->n; i++)
    {
      igraph_integer_t c = VECTOR (*membership)[i];
      if (c >= 0 && c < (igraph_integer_t) p->n && first[c] == KG_NONE)
        first[c] = p->ids[i];
      out[i] = c >= 0 && c < (igraph_integer_t) p->n ? first[c] : p->ids[i];
    }
}
