/* engine/algo-centrality.c — centrality procedures: degree and PageRank (native: they
 * are one pass and a power iteration over the projection's CSR), betweenness and
 * closeness (igraph's Brandes and BFS/Dijkstra implementations).
 *
 * PageRank is native because igraph's PRPACK solver takes neither an iteration limit
 * nor a tolerance and cannot be interrupted; the iteration here follows networkx's
 * (dangling nodes spread their rank as the teleport vector does, scores sum to 1),
 * each node pulling its rank from its in-neighbours, and checks for cancellation after
 * every node. Each procedure yields (node, score) for
 * every projected node, in node id order.
 */
#include "engine/algo-private.h"

#include <math.h>

static const KgCfgKey no_keys[] = { { NULL, 0 } };

gboolean
kg_algo_degree_open (KgProcRun *run, const KgValue *args, GError **error)
{
  KgAlgoConfig cfg;
  KgProjection *p = kg_algo_setup (run, args, no_keys, &cfg, error);
  if (p == NULL)
    return FALSE;
  KgAlgoNodeValues *s = kg_algo_node_values_new (run, p, TRUE, error);
  if (s == NULL)
    return FALSE;
  /* NATURAL counts outgoing relationships, REVERSE incoming ones (the projection has
   * turned them around), UNDIRECTED both; a self loop counts once, as in (n)--(). */
  for (guint32 j = 0; j < p->m; j++)
    {
      double w = p->weights ? p->weights[j] : 1.0;
      s->scores[p->src[j]] += w;
      if (!p->directed && p->dst[j] != p->src[j])
        s->scores[p->dst[j]] += w;
    }
  return TRUE;
}

static const KgCfgKey pagerank_keys[] = {
  { "dampingFactor", KG_CFG_NUMBER },
  { "maxIterations", KG_CFG_INT },
  { "tolerance", KG_CFG_NUMBER },
  { "sourceNodes", KG_CFG_NODES },
  { NULL, 0 },
};

/* The teleport vector: uniform, or uniform over the source nodes (personalised). */
static gboolean
teleport_vector (const KgProjection *p, const KgAlgoConfig *cfg, double *tele, GError **error)
{
  const KgValue *src = kg_algo_config_get (cfg, "sourceNodes");
  if (src == NULL || (src->type == KG_VALUE_LIST && src->u.list->len == 0))
    {
      for (guint32 i = 0; i < p->n; i++)
        tele[i] = 1.0 / p->n;
      return TRUE;
    }
  const KgValue *items = src->type == KG_VALUE_LIST ? src->u.list->items : src;
  guint n = src->type == KG_VALUE_LIST ? src->u.list->len : 1;
  for (guint i = 0; i < n; i++)
    {
      guint32 k;
      if (!kg_projection_node (p, cfg, &items[i], "sourceNodes", &k, error))
        return FALSE;
      tele[k] = 1.0;
    }
  double total = 0;
  for (guint32 i = 0; i < p->n; i++)
    total += tele[i];
  for (guint32 i = 0; i < p->n; i++)
    tele[i] /= total;
  return TRUE;
}

gboolean
kg_algo_pagerank_open (KgProcRun *run, const KgValue *args, GError **error)
{
  KgAlgoConfig cfg;
  KgExec *exec = run->exec;
  if (!kg_algo_config_check (run, &args[0], pagerank_keys, &cfg, error) || !kg_algo_config_range (&cfg, "dampingFactor", 0, 1, FALSE, error) || !kg_algo_config_range (&cfg, "maxIterations", 1, G_MAXINT32, FALSE, error) || !kg_algo_config_range (&cfg, "tolerance", 0, INFINITY, FALSE, error))
    return FALSE;
  KgProjection *p = kg_projection_build (&cfg, error);
  if (p == NULL)
    return FALSE;
  KgAlgoNodeValues *s = kg_algo_node_values_new (run, p, TRUE, error);
  if (s == NULL)
    return FALSE;
  double d = kg_algo_config_number (&cfg, "dampingFactor", 0.85);
  gint64 max_iter = kg_algo_config_int (&cfg, "maxIterations", 20);
  double tol = kg_algo_config_number (&cfg, "tolerance", 1e-7);
  guint32 n = p->n;
  if (n == 0)
    return TRUE;
  if (!kg_algo_charge (run, (guint64) n * 4 * sizeof (double), "PageRank's vectors", error))
    return FALSE;
  g_autofree double *tele = g_new0 (double, n);
  g_autofree double *outw = g_new0 (double, n);
  g_autofree double *next = g_new0 (double, n);
  g_autofree double *share = g_new0 (double, n);
  if (!teleport_vector (p, &cfg, tele, error))
    return FALSE;
  for (guint32 j = 0; j < p->m; j++)
    {
      double w = p->weights ? p->weights[j] : 1.0;
      outw[p->src[j]] += w;
      if (!p->directed && p->dst[j] != p->src[j])
        outw[p->dst[j]] += w;
    }
  /* Each node pulls its rank from its in-neighbours, so the writes go in node order and
   * only the reads of their shares jump about (pushing rank along out-relationships
   * scatters read-modify-writes, twice as slow on a large graph). An undirected
   * projection's adjacency lists in-neighbours already; a directed one gets its
   * in-adjacency here, by counting sort. */
  g_autofree guint32 *in_off = NULL;
  g_autofree guint32 *in_src = NULL;
  g_autofree double *in_w = NULL;
  if (p->directed)
    {
      if (!kg_algo_charge (run, (guint64) (n + 1 + p->m) * sizeof (guint32) + (p->weights ? (guint64) p->m * sizeof (double) : 0),
                           "PageRank's in-adjacency", error))
        return FALSE;
      in_off = g_new0 (guint32, n + 1);
      in_src = g_new (guint32, MAX (p->m, 1));
      in_w = p->weights ? g_new (double, MAX (p->m, 1)) : NULL;
      for (guint32 j = 0; j < p->m; j++)
        in_off[p->dst[j] + 1]++;
      for (guint32 v = 0; v < n; v++)
        in_off[v + 1] += in_off[v];
      g_autofree guint32 *fill = g_memdup2 (in_off, sizeof (guint32) * n);
      for (guint32 j = 0; j < p->m; j++)
        {
          guint32 k = fill[p->dst[j]]++;
          in_src[k] = p->src[j];
          if (in_w)
            in_w[k] = p->weights[j];
        }
    }
  double *x = s->scores;
  for (guint32 i = 0; i < n; i++)
    x[i] = 1.0 / n;
  double change = INFINITY;
  for (gint64 iter = 0; iter < max_iter; iter++)
    {
      kg_algo_progress (run, (double) iter / max_iter, "iteration %" G_GINT64_FORMAT " of at most %" G_GINT64_FORMAT " (change %.2g, tolerance %.2g)",
                        iter + 1, max_iter, change, tol);
      double dangling = 0;
      for (guint32 u = 0; u < n; u++)
        {
          if (outw[u] <= 0)
            dangling += x[u];
          share[u] = outw[u] > 0 ? d * x[u] / outw[u] : 0;
        }
      for (guint32 v = 0; v < n; v++)
        {
          if (!kg_exec_check (exec, error))
            return FALSE;
          double sum = 0;
          if (in_off != NULL)
            for (guint32 k = in_off[v]; k < in_off[v + 1]; k++)
              sum += share[in_src[k]] * (in_w ? in_w[k] : 1.0);
          else
            for (guint32 k = p->out_off[v]; k < p->out_off[v + 1]; k++)
              {
                guint32 j = p->out_adj[k];
                guint32 u = p->src[j] == v ? p->dst[j] : p->src[j];
                sum += share[u] * (p->weights ? p->weights[j] : 1.0);
              }
          next[v] = (1 - d) * tele[v] + d * dangling * tele[v] + sum;
        }
      change = 0;
      for (guint32 v = 0; v < n; v++)
        {
          change = MAX (change, fabs (next[v] - x[v]));
          x[v] = next[v];
        }
      if (change < tol)
        break;
    }
  return TRUE;
}

static const KgCfgKey closeness_keys[] = {
  { "useWassermanFaust", KG_CFG_BOOL },
  { NULL, 0 },
};

/* Runs betweenness (@closeness FALSE) or closeness through igraph into s->scores. */
static gboolean
igraph_centrality (KgProcRun *run, const KgValue *args, gboolean closeness, GError **error)
{
  KgAlgoConfig cfg;
  KgProjection *p = kg_algo_setup (run, args, closeness ? closeness_keys : no_keys, &cfg, error);
  if (p == NULL)
    return FALSE;
  KgAlgoNodeValues *s = kg_algo_node_values_new (run, p, TRUE, error);
  if (s == NULL)
    return FALSE;
  gboolean wf = closeness && kg_algo_config_bool (&cfg, "useWassermanFaust", FALSE);
  /* Shortest paths run between nodes: parallel relationships are merged, keeping the
   * lightest, so that a path through two nodes is counted once, as networkx does. */
  gboolean weighted = p->weights != NULL;
  igraph_t g;
  igraph_vector_t w, res;
  igraph_vector_int_t reach;
  kg_algo_igraph_begin (run);
  igraph_error_t rc = kg_projection_to_igraph (p, FALSE, KG_IGRAPH_SIMPLE, &g, weighted ? &w : NULL);
  if (rc == IGRAPH_SUCCESS)
    {
      igraph_vector_init (&res, 0);
      igraph_vector_int_init (&reach, 0);
      if (!closeness)
        kg_algo_igraph_uninterruptible ();
      kg_algo_progress (run, -1, "igraph: %s", closeness ? "closeness" : "betweenness");
      if (closeness)
        rc = igraph_closeness (&g, &res, &reach, NULL, igraph_vss_all (), IGRAPH_OUT, weighted ? &w : NULL, TRUE);
      else
        rc = igraph_betweenness (&g, &res, igraph_vss_all (), p->directed, weighted ? &w : NULL);
      for (guint32 i = 0; rc == IGRAPH_SUCCESS && i < p->n; i++)
        {
          double x = VECTOR (res)[i];
          if (closeness && isnan (x))
            x = 0; /* nothing reachable */
          if (wf && p->n > 1)
            x *= (double) VECTOR (reach)[i] / (p->n - 1);
          s->scores[i] = x;
        }
      igraph_vector_destroy (&res);
      igraph_vector_int_destroy (&reach);
      if (weighted)
        igraph_vector_destroy (&w);
      igraph_destroy (&g);
    }
  return kg_algo_igraph_end (run, rc, error);
}

gboolean
kg_algo_betweenness_open (KgProcRun *run, const KgValue *args, GError **error)
{
  return igraph_centrality (run, args, FALSE, error);
}

gboolean
kg_algo_closeness_open (KgProcRun *run, const KgValue *args, GError **error)
{
  return igraph_centrality (run, args, TRUE, error);
}
