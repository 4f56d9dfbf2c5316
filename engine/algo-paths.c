/* engine/algo-paths.c — procedures that start from nodes: breadth-first search and
 * Dijkstra's shortest paths (igraph's), and node similarity by Jaccard over neighbour
 * sets (native).
 *
 * Node similarity is native because igraph's Jaccard functions compute all pairs (a
 * dense n × n matrix) or given pairs; finding each node's most similar nodes needs
 * only the pairs two hops apart, which the walk here counts directly, keeping the topK
 * per node. Shortest paths report every relationship they use, so a path value can be
 * returned.
 */
#include "engine/algo-private.h"

#include <math.h>
#include <stdlib.h>

static const KgCfgKey bfs_keys[] = {
  { "sourceNode", KG_CFG_NODE },
  { "maxDepth", KG_CFG_INT },
  { NULL, 0 },
};

/* The projected index of the node under the required key @key. */
static gboolean
required_node (const KgProjection *p, const KgAlgoConfig *cfg, const char *key, guint32 *out, GError **error)
{
  const KgValue *v = kg_algo_config_get (cfg, key);
  if (v == NULL)
    return kg_proc_error (cfg->run, error, KG_QUERY_ERROR_SEMANTIC, cfg->span, "the configuration needs `%s`", key);
  return kg_projection_node (p, cfg, v, key, out, error);
}

typedef struct
{
  GArray *order; /* (element-type guint32) */
  GArray *depth; /* (element-type gint64) */
  gint64 max_depth;
} BfsVisit;

static igraph_error_t
bfs_visit (const igraph_t *graph, igraph_integer_t vid, igraph_integer_t pred, igraph_integer_t succ, igraph_integer_t rank, igraph_integer_t dist, void *extra)
{
  BfsVisit *b = extra;
  if (b->max_depth >= 0 && dist > b->max_depth)
    return IGRAPH_STOP;
  guint32 v = (guint32) vid;
  gint64 d = dist;
  g_array_append_val (b->order, v);
  g_array_append_val (b->depth, d);
  return IGRAPH_SUCCESS;
}

gboolean
kg_algo_bfs_open (KgProcRun *run, const KgValue *args, GError **error)
{
  KgAlgoConfig cfg;
  guint32 source;
  KgProjection *p = kg_algo_setup (run, args, bfs_keys, &cfg, error);
  if (p == NULL)
    return FALSE;
  KgAlgoNodeValues *s = kg_algo_node_values_new (run, p, FALSE, error);
  if (s == NULL)
    return FALSE;
  if (!required_node (p, &cfg, "sourceNode", &source, error))
    return FALSE;
  BfsVisit b = { g_array_new (FALSE, FALSE, sizeof (guint32)), g_array_new (FALSE, FALSE, sizeof (gint64)),
                 kg_algo_config_int (&cfg, "maxDepth", -1) };
  igraph_t g;
  kg_algo_igraph_begin (run);
  igraph_error_t rc = kg_projection_to_igraph (p, FALSE, KG_IGRAPH_ALL, &g, NULL);
  if (rc == IGRAPH_SUCCESS)
    {
      rc = igraph_bfs (&g, source, NULL, IGRAPH_OUT, FALSE, NULL, NULL, NULL, NULL, NULL, NULL, NULL, bfs_visit, &b);
      igraph_destroy (&g);
    }
  for (guint i = 0; i < b.order->len; i++)
    s->ints[g_array_index (b.order, guint32, i)] = g_array_index (b.depth, gint64, i);
  s->n_rows = b.order->len;
  s->order = (guint32 *) g_array_free (b.order, FALSE);
  g_array_unref (b.depth);
  return kg_algo_igraph_end (run, rc, error);
}

/* --- Dijkstra ------------------------------------------------------------------- */

static const KgCfgKey dijkstra_keys[] = {
  { "sourceNode", KG_CFG_NODE },
  { "targetNode", KG_CFG_NODE },
  { NULL, 0 },
};

typedef struct
{
  KgProjection *proj;
  guint32 source;
  double *dist;           /* per node; INFINITY when unreachable */
  igraph_integer_t *edge; /* per node: the relationship it was reached by, -1 for none */
  guint32 *order;         /* the targets, by cost then id */
  guint32 n_rows;
  guint32 pos;
} Dijkstra;

static gint
by_cost (gconstpointer a, gconstpointer b, gpointer data)
{
  const double *sort_dist = data;
  guint32 x = *(const guint32 *) a, y = *(const guint32 *) b;
  if (sort_dist[x] != sort_dist[y])
    return sort_dist[x] < sort_dist[y] ? -1 : 1;
  return x < y ? -1 : x > y;
}

void
kg_algo_dijkstra_close (KgProcRun *run)
{
  Dijkstra *d = run->state;
  if (d == NULL)
    return;
  kg_projection_free (d->proj);
  g_free (d->dist);
  g_free (d->edge);
  g_free (d->order);
  g_free (d);
  run->state = NULL;
}

KgOpStatus
kg_algo_dijkstra_next (KgProcRun *run, KgValue *row, GError **error)
{
  Dijkstra *d = run->state;
  if (d == NULL || d->pos >= d->n_rows)
    return KG_NEXT_DONE;
  const KgProjection *p = d->proj;
  guint32 target = d->order[d->pos];
  /* Walk back from the target to the source along the relationships that reached each node. */
  g_autoptr (GArray) nodes = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr (GArray) edges = g_array_new (FALSE, FALSE, sizeof (guint32));
  for (guint32 v = target;;)
    {
      g_array_prepend_val (nodes, v);
      igraph_integer_t e = d->edge[v];
      if (v == d->source || e < 0)
        break;
      guint32 ge = p->edges[e];
      g_array_prepend_val (edges, ge);
      v = p->dst[e] == v ? p->src[e] : p->dst[e];
    }
  KgList *node_list = kg_list_new (nodes->len);
  KgList *costs = kg_list_new (nodes->len);
  g_autofree guint32 *path_nodes = g_new (guint32, nodes->len);
  for (guint i = 0; i < nodes->len; i++)
    {
      guint32 v = g_array_index (nodes, guint32, i);
      path_nodes[i] = p->ids[v];
      KgValue nv = kg_value_node (p->ids[v]);
      KgValue cv = kg_value_float (d->dist[v]);
      kg_list_append (node_list, &nv);
      kg_list_append (costs, &cv);
    }
  row[0] = kg_value_int (d->pos);
  row[1] = kg_value_node (p->ids[d->source]);
  row[2] = kg_value_node (p->ids[target]);
  row[3] = kg_value_float (d->dist[target]);
  row[4] = kg_value_list (node_list);
  row[5] = kg_value_list (costs);
  row[6] = kg_value_path (kg_path_new (edges->len, path_nodes, (const guint32 *) edges->data));
  d->pos++;
  return KG_NEXT_ROW;
}

gboolean
kg_algo_dijkstra_open (KgProcRun *run, const KgValue *args, GError **error)
{
  KgAlgoConfig cfg;
  KgProjection *p = kg_algo_setup (run, args, dijkstra_keys, &cfg, error);
  if (p == NULL)
    return FALSE;
  Dijkstra *d = g_new0 (Dijkstra, 1);
  d->proj = p;
  run->state = d;
  guint32 target = KG_NONE;
  if (!required_node (p, &cfg, "sourceNode", &d->source, error) || (kg_algo_config_get (&cfg, "targetNode") && !required_node (p, &cfg, "targetNode", &target, error)))
    return FALSE;
  for (guint32 j = 0; p->weights && j < p->m; j++)
    if (p->weights[j] < 0)
      return kg_proc_error (run, error, KG_QUERY_ERROR_SEMANTIC, cfg.span,
                            "relationship %u has a negative weight (%g); Dijkstra needs weights of 0 or more", p->edges[j],
                            p->weights[j]);
  if (!kg_algo_charge (run, (guint64) p->n * (sizeof (double) + sizeof (igraph_integer_t) + 12), "the distances", error))
    return FALSE;
  d->dist = g_new (double, MAX (p->n, 1));
  d->edge = g_new (igraph_integer_t, MAX (p->n, 1));
  igraph_t g;
  igraph_vector_t w;
  igraph_matrix_t dist;
  igraph_vector_int_t inbound;
  gboolean weighted = p->weights != NULL;
  kg_algo_igraph_begin (run);
  igraph_error_t rc = kg_projection_to_igraph (p, FALSE, KG_IGRAPH_ALL, &g, weighted ? &w : NULL);
  if (rc == IGRAPH_SUCCESS)
    {
      igraph_matrix_init (&dist, 0, 0);
      igraph_vector_int_init (&inbound, 0);
      rc = igraph_distances_dijkstra (&g, &dist, igraph_vss_1 (d->source), igraph_vss_all (), weighted ? &w : NULL, IGRAPH_OUT);
      if (rc == IGRAPH_SUCCESS)
        rc = igraph_get_shortest_paths_dijkstra (&g, NULL, NULL, d->source, igraph_vss_all (), weighted ? &w : NULL,
                                                 IGRAPH_OUT, NULL, &inbound);
      for (guint32 i = 0; rc == IGRAPH_SUCCESS && i < p->n; i++)
        {
          d->dist[i] = MATRIX (dist, 0, i);
          d->edge[i] = VECTOR (inbound)[i];
        }
      igraph_matrix_destroy (&dist);
      igraph_vector_int_destroy (&inbound);
      if (weighted)
        igraph_vector_destroy (&w);
      igraph_destroy (&g);
    }
  if (!kg_algo_igraph_end (run, rc, error))
    return FALSE;
  d->order = g_new (guint32, MAX (p->n, 1));
  for (guint32 i = 0; i < p->n; i++)
    if (isfinite (d->dist[i]) && (target == KG_NONE || i == target))
      d->order[d->n_rows++] = i;
  g_qsort_with_data (d->order, d->n_rows, sizeof (guint32), by_cost, d->dist);
  return TRUE;
}

/* --- Node similarity -------------------------------------------------------------- */

static const KgCfgKey similarity_keys[] = {
  { "topK", KG_CFG_INT },
  { "similarityCutoff", KG_CFG_NUMBER },
  { "degreeCutoff", KG_CFG_INT },
  { NULL, 0 },
};

typedef struct
{
  guint32 other;
  double score;
} Pair;

typedef struct
{
  KgProjection *proj;
  GArray *rows; /* (element-type Pair), grouped by first node */
  GArray *first;
  guint pos;
} Similarity;

static int
by_score (const void *a, const void *b)
{
  const Pair *x = a, *y = b;
  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  return x->other < y->other ? -1 : x->other > y->other;
}

static int
cmp_u32 (const void *a, const void *b)
{
  guint32 x = *(const guint32 *) a, y = *(const guint32 *) b;
  return x < y ? -1 : x > y;
}

/* Each node's neighbour set (the other ends of its projected relationships, without
 * repeats; a self loop does not make a node its own neighbour) as a CSR: @off has
 * n + 1 entries. */
static guint32 *
neighbour_sets (const KgProjection *p, guint32 **off_out)
{
  guint32 *off = g_new0 (guint32, p->n + 1);
  guint32 *adj = g_new (guint32, MAX (p->out_off[p->n], 1));
  guint32 k = 0;
  for (guint32 u = 0; u < p->n; u++)
    {
      guint32 start = k;
      for (guint32 e = p->out_off[u]; e < p->out_off[u + 1]; e++)
        {
          guint32 j = p->out_adj[e];
          guint32 v = p->src[j] == u ? p->dst[j] : p->src[j];
          if (v != u)
            adj[k++] = v;
        }
      qsort (adj + start, k - start, sizeof (guint32), cmp_u32);
      guint32 w = start;
      for (guint32 i = start; i < k; i++)
        if (i == start || adj[i] != adj[i - 1])
          adj[w++] = adj[i];
      k = w;
      off[u + 1] = k;
    }
  *off_out = off;
  return adj;
}

void
kg_algo_similarity_close (KgProcRun *run)
{
  Similarity *s = run->state;
  if (s == NULL)
    return;
  kg_projection_free (s->proj);
  g_array_unref (s->rows);
  g_array_unref (s->first);
  g_free (s);
  run->state = NULL;
}

KgOpStatus
kg_algo_similarity_next (KgProcRun *run, KgValue *row, GError **error)
{
  Similarity *s = run->state;
  if (s == NULL || s->pos >= s->rows->len)
    return KG_NEXT_DONE;
  const Pair *pr = &g_array_index (s->rows, Pair, s->pos);
  row[0] = kg_value_node (s->proj->ids[g_array_index (s->first, guint32, s->pos)]);
  row[1] = kg_value_node (s->proj->ids[pr->other]);
  row[2] = kg_value_float (pr->score);
  s->pos++;
  return KG_NEXT_ROW;
}

gboolean
kg_algo_similarity_open (KgProcRun *run, const KgValue *args, GError **error)
{
  KgAlgoConfig cfg;
  KgExec *exec = run->exec;
  if (!kg_algo_config_check (run, &args[0], similarity_keys, &cfg, error) || !kg_algo_config_range (&cfg, "topK", 1, G_MAXINT32, FALSE, error) || !kg_algo_config_range (&cfg, "similarityCutoff", 0, 1, FALSE, error) || !kg_algo_config_range (&cfg, "degreeCutoff", 1, G_MAXINT32, FALSE, error))
    return FALSE;
  KgProjection *p = kg_projection_build (&cfg, error);
  if (p == NULL)
    return FALSE;
  Similarity *s = g_new0 (Similarity, 1);
  s->proj = p;
  s->rows = g_array_new (FALSE, FALSE, sizeof (Pair));
  s->first = g_array_new (FALSE, FALSE, sizeof (guint32));
  run->state = s;
  guint topk = (guint) kg_algo_config_int (&cfg, "topK", 10);
  double cutoff = kg_algo_config_number (&cfg, "similarityCutoff", 1e-42);
  guint32 min_degree = (guint32) kg_algo_config_int (&cfg, "degreeCutoff", 1);
  guint32 n = p->n;
  if (!kg_algo_charge (run, (guint64) (2 * p->out_off[n] + 4 * (n + 1)) * sizeof (guint32), "the neighbour sets", error))
    return FALSE;
  g_autofree guint32 *off = NULL;
  g_autofree guint32 *adj = neighbour_sets (p, &off);
  /* Who has x as a neighbour: the neighbour sets turned around. */
  g_autofree guint32 *roff = g_new0 (guint32, n + 1);
  g_autofree guint32 *radj = g_new (guint32, MAX (off[n], 1));
  for (guint32 k = 0; k < off[n]; k++)
    roff[adj[k] + 1]++;
  for (guint32 i = 0; i < n; i++)
    roff[i + 1] += roff[i];
  g_autofree guint32 *fill = g_memdup2 (roff, sizeof (guint32) * (n + 1));
  for (guint32 u = 0; u < n; u++)
    for (guint32 k = off[u]; k < off[u + 1]; k++)
      radj[fill[adj[k]]++] = u;
  g_autofree guint32 *common = g_new0 (guint32, MAX (n, 1));
  g_autoptr (GArray) touched = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr (GArray) best = g_array_new (FALSE, FALSE, sizeof (Pair));
  for (guint32 u = 0; u < n; u++)
    {
      guint32 du = off[u + 1] - off[u];
      if (du < min_degree)
        continue;
      g_array_set_size (touched, 0);
      for (guint32 k = off[u]; k < off[u + 1]; k++)
        for (guint32 r = roff[adj[k]]; r < roff[adj[k] + 1]; r++)
          {
            guint32 v = radj[r];
            if (v == u)
              continue;
            if (common[v]++ == 0)
              g_array_append_val (touched, v);
          }
      if (!kg_exec_check (exec, error))
        return FALSE;
      if ((u & 1023) == 0 && kg_algo_progress_due (run))
        kg_algo_progress (run, (double) u / n, "comparing neighbourhoods");
      g_array_set_size (best, 0);
      for (guint i = 0; i < touched->len; i++)
        {
          guint32 v = g_array_index (touched, guint32, i);
          guint32 dv = off[v + 1] - off[v];
          Pair pr = { v, (double) common[v] / (du + dv - common[v]) };
          common[v] = 0;
          if (dv >= min_degree && pr.score >= cutoff)
            g_array_append_val (best, pr);
        }
      qsort (best->data, best->len, sizeof (Pair), by_score);
      for (guint i = 0; i < best->len && i < topk; i++)
        {
          g_array_append_val (s->rows, g_array_index (best, Pair, i));
          g_array_append_val (s->first, u);
        }
      if (!kg_exec_charge (exec, MIN (best->len, topk) * (sizeof (Pair) + sizeof (guint32)), error))
        return FALSE;
    }
  return TRUE;
}
