/* engine/algo-community.c — procedures that give every projected node a number from its
 * neighbourhood: weakly connected components (native union-find) and, computed by
 * igraph, strongly connected components, Louvain, Leiden and label propagation
 * communities, triangle counts, local clustering coefficients and k-core numbers.
 *
 * Component and community ids are the smallest node id among the members, so they are
 * stable and can be looked up; community detection is seeded (randomSeed, 42 by
 * default) so that a call gives the same answer every time. Triangles, clustering and
 * cores are counted on the simple undirected graph (self loops and parallel
 * relationships do not count), as networkx and GDS count them.
 */
#include "engine/algo-private.h"

#include <math.h>

typedef enum
{
  SCC,
  LOUVAIN,
  LEIDEN,
  LABEL_PROPAGATION,
  TRIANGLES,
  CLUSTERING,
  KCORE,
} Kind;

static const KgCfgKey no_keys[] = { { NULL, 0 } };
static const KgCfgKey louvain_keys[] = {
  { "resolution", KG_CFG_NUMBER },
  { "randomSeed", KG_CFG_INT },
  { NULL, 0 },
};
static const KgCfgKey leiden_keys[] = {
  { "gamma", KG_CFG_NUMBER },
  { "theta", KG_CFG_NUMBER },
  { "maxIterations", KG_CFG_INT },
  { "randomSeed", KG_CFG_INT },
  { NULL, 0 },
};
static const KgCfgKey seed_keys[] = {
  { "randomSeed", KG_CFG_INT },
  { NULL, 0 },
};

/* Leiden optimising modularity: node weights are strengths and the resolution is
 * divided by twice the total weight (igraph's documented recipe). */
static igraph_error_t
leiden (const igraph_t *g, const igraph_vector_t *w, const KgAlgoConfig *cfg, igraph_vector_int_t *membership)
{
  igraph_vector_t strength;
  IGRAPH_CHECK (igraph_vector_init (&strength, 0));
  igraph_error_t rc = igraph_strength (g, &strength, igraph_vss_all (), IGRAPH_ALL, TRUE, w);
  double total = 0;
  for (igraph_integer_t i = 0; i < igraph_vector_size (&strength); i++)
    total += VECTOR (strength)[i];
  if (rc == IGRAPH_SUCCESS && total <= 0)
    {
      /* Without any weight there is nothing to optimise (and igraph's Leiden does not
       * stop): every node is a community of its own. */
      rc = igraph_vector_int_resize (membership, igraph_vcount (g));
      for (igraph_integer_t i = 0; rc == IGRAPH_SUCCESS && i < igraph_vcount (g); i++)
        VECTOR (*membership)
      [i] = i;
    }
  else if (rc == IGRAPH_SUCCESS)
    {
      double gamma = kg_algo_config_number (cfg, "gamma", 1.0);
      double theta = kg_algo_config_number (cfg, "theta", 0.01);
      gint64 iters = kg_algo_config_int (cfg, "maxIterations", -1);
      igraph_integer_t nb;
      igraph_real_t quality;
      rc = igraph_community_leiden (g, w, &strength, gamma / total, theta, FALSE, iters, membership,
                                    &nb, &quality);
    }
  igraph_vector_destroy (&strength);
  return rc;
}

static igraph_error_t
compute (Kind kind, const igraph_t *g, const igraph_vector_t *w, const KgAlgoConfig *cfg, igraph_vector_int_t *ints, igraph_vector_t *reals)
{
  switch (kind)
    {
    case SCC:
      return igraph_connected_components (g, ints, NULL, NULL, IGRAPH_STRONG);
    case LOUVAIN:
      return igraph_community_multilevel (g, w, kg_algo_config_number (cfg, "resolution", 1.0), ints, NULL, NULL);
    case LEIDEN:
      return leiden (g, w, cfg, ints);
    case LABEL_PROPAGATION:
      return igraph_community_label_propagation (g, ints, IGRAPH_ALL, w, NULL, NULL);
    case TRIANGLES:
      return igraph_adjacent_triangles (g, reals, igraph_vss_all ());
    case CLUSTERING:
      return igraph_transitivity_local_undirected (g, reals, igraph_vss_all (), IGRAPH_TRANSITIVITY_ZERO);
    case KCORE:
      return igraph_coreness (g, ints, IGRAPH_ALL);
    }
  return IGRAPH_EINVAL;
}

static gboolean
run_kind (KgProcRun *run, const KgValue *args, Kind kind, GError **error)
{
  const KgCfgKey *keys = kind == LOUVAIN             ? louvain_keys
                         : kind == LEIDEN            ? leiden_keys
                         : kind == LABEL_PROPAGATION ? seed_keys
                                                     : no_keys;
  KgAlgoConfig cfg;
  if (!kg_algo_config_check (run, &args[0], keys, &cfg, error) || !kg_algo_config_range (&cfg, "resolution", 0, INFINITY, TRUE, error) || !kg_algo_config_range (&cfg, "gamma", 0, INFINITY, TRUE, error) || !kg_algo_config_range (&cfg, "theta", 0, INFINITY, TRUE, error) || !kg_algo_config_range (&cfg, "randomSeed", 0, (double) G_MAXINT64, FALSE, error))
    return FALSE;
  KgProjection *p = kg_projection_build (&cfg, error);
  if (p == NULL)
    return FALSE;
  gboolean floats = kind == CLUSTERING;
  KgAlgoNodeValues *s = kg_algo_node_values_new (run, p, floats, error);
  if (s == NULL)
    return FALSE;
  /* Label propagation leaves self loops out: through one a node would vote for its own
   * label. */
  KgIgraphShape shape = kind == TRIANGLES || kind == CLUSTERING || kind == KCORE ? KG_IGRAPH_SIMPLE
                        : kind == LABEL_PROPAGATION                              ? KG_IGRAPH_NO_LOOPS
                                                                                 : KG_IGRAPH_ALL;
  gboolean undirected = kind != SCC;
  gboolean weighted = p->weights != NULL && (kind == LOUVAIN || kind == LEIDEN || kind == LABEL_PROPAGATION);
  if (weighted)
    for (guint32 j = 0; j < p->m; j++)
      if (p->weights[j] < 0)
        return kg_proc_error (run, error, KG_QUERY_ERROR_SEMANTIC, cfg.span,
                              "relationship %u has a negative weight (%g); communities need weights of 0 or more",
                              p->edges[j], p->weights[j]);
  igraph_t g;
  igraph_vector_t w, reals;
  igraph_vector_int_t ints;
  kg_algo_igraph_begin (run);
  igraph_rng_seed (igraph_rng_default (), (igraph_uint_t) kg_algo_config_int (&cfg, "randomSeed", 42));
  igraph_error_t rc = kg_projection_to_igraph (p, undirected, shape, &g, weighted ? &w : NULL);
  if (rc == IGRAPH_SUCCESS)
    {
      igraph_vector_init (&reals, 0);
      igraph_vector_int_init (&ints, 0);
      static const char *const names[] = { "strongly connected components", "Louvain", "Leiden", "label propagation",
                                           "triangles", "clustering coefficients", "k-cores" };
      kg_algo_progress (run, -1, "igraph: %s", names[kind]);
      rc = compute (kind, &g, weighted ? &w : NULL, &cfg, &ints, &reals);
      if (rc == IGRAPH_SUCCESS)
        {
          if (kind == TRIANGLES)
            for (guint32 i = 0; i < p->n; i++)
              s->ints[i] = (gint64) VECTOR (reals)[i];
          else if (kind == CLUSTERING)
            for (guint32 i = 0; i < p->n; i++)
              s->scores[i] = VECTOR (reals)[i];
          else if (kind == KCORE)
            for (guint32 i = 0; i < p->n; i++)
              s->ints[i] = VECTOR (ints)[i];
          else
            kg_algo_membership_to_ids (p, &ints, s->ints);
        }
      igraph_vector_destroy (&reals);
      igraph_vector_int_destroy (&ints);
      if (weighted)
        igraph_vector_destroy (&w);
      igraph_destroy (&g);
    }
  return kg_algo_igraph_end (run, rc, error);
}

static guint32
find_root (guint32 *parent, guint32 x)
{
  while (parent[x] != x)
    {
      parent[x] = parent[parent[x]]; /* path halving */
      x = parent[x];
    }
  return x;
}

/* Weak components by union-find over the projection: one pass, no igraph graph to
 * build (which costs several times the components themselves on large graphs). The
 * smaller index becomes the root, so each root is its component's smallest node id. */
gboolean
kg_algo_wcc_open (KgProcRun *run, const KgValue *args, GError **error)
{
  KgAlgoConfig cfg;
  KgProjection *p = kg_algo_setup (run, args, no_keys, &cfg, error);
  if (p == NULL)
    return FALSE;
  KgAlgoNodeValues *s = kg_algo_node_values_new (run, p, FALSE, error);
  if (s == NULL)
    return FALSE;
  if (!kg_algo_charge (run, (guint64) p->n * sizeof (guint32), "the components' forest", error))
    return FALSE;
  g_autofree guint32 *parent = g_new (guint32, MAX (p->n, 1));
  for (guint32 i = 0; i < p->n; i++)
    parent[i] = i;
  for (guint32 j = 0; j < p->m; j++)
    {
      if (!kg_exec_check (run->exec, error))
        return FALSE;
      if ((j & 65535) == 0 && kg_algo_progress_due (run))
        kg_algo_progress (run, (double) j / p->m, "joining components");
      guint32 a = find_root (parent, p->src[j]), b = find_root (parent, p->dst[j]);
      if (a != b)
        parent[MAX (a, b)] = MIN (a, b);
    }
  for (guint32 i = 0; i < p->n; i++)
    s->ints[i] = p->ids[find_root (parent, i)];
  return TRUE;
}

gboolean
kg_algo_scc_open (KgProcRun *run, const KgValue *args, GError **error)
{
  return run_kind (run, args, SCC, error);
}

gboolean
kg_algo_louvain_open (KgProcRun *run, const KgValue *args, GError **error)
{
  return run_kind (run, args, LOUVAIN, error);
}

gboolean
kg_algo_leiden_open (KgProcRun *run, const KgValue *args, GError **error)
{
  return run_kind (run, args, LEIDEN, error);
}

gboolean
kg_algo_label_propagation_open (KgProcRun *run, const KgValue *args, GError **error)
{
  return run_kind (run, args, LABEL_PROPAGATION, error);
}

gboolean
kg_algo_triangles_open (KgProcRun *run, const KgValue *args, GError **error)
{
  return run_kind (run, args, TRIANGLES, error);
}

gboolean
kg_algo_clustering_open (KgProcRun *run, const KgValue *args, GError **error)
{
  return run_kind (run, args, CLUSTERING, error);
}

gboolean
kg_algo_kcore_open (KgProcRun *run, const KgValue *args, GError **error)
{
  return run_kind (run, args, KCORE, error);
}
