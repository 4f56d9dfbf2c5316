/* bench/igraph-direct.c — the yardstick for kgq's graph algorithms: reads the social
 * network's follows.csv (`:START_ID(Person),:END_ID(Person)`, person ids 1..N), builds
 * an igraph graph from it directly and times PageRank (igraph's PRPACK, and a power
 * iteration of the same kind and limits kgq runs), weakly connected components and
 * Louvain (multilevel, on the undirected graph), printing one `NAME MS` line each (CPU
 * milliseconds of this process). `igraph-direct FOLLOWS.csv ALGO` (pagerank, wcc or
 * louvain) runs only that one after the build, so that the process's peak memory is
 * that algorithm's.
 *
 * It measures igraph alone, with no store, projection or query around it; bench/
 * algorithms.sh runs kgq's procedures on the same data next to it. Not part of ctest.
 */
#include <glib.h>
#include <igraph.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* CPU time, not wall time: the benchmark machine is shared, and what is compared is the
 * work each side does. */
static gint64
cpu_now (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static double
ms_since (gint64 start)
{
  return (cpu_now () - start) / 1000.0;
}

/* The power iteration kgq's algo.pageRank runs (20 iterations at most, tolerance 1e-7,
 * dangling rank spread evenly), over igraph's adjacency, to tell the cost of the
 * iteration from the cost of kgq's projection. */
static void
power_pagerank (const igraph_t *g, double d, int max_iter, double tol, igraph_vector_t *x)
{
  igraph_integer_t n = igraph_vcount (g), m = igraph_ecount (g);
  igraph_vector_int_t outdeg;
  igraph_vector_int_init (&outdeg, n);
  igraph_degree (g, &outdeg, igraph_vss_all (), IGRAPH_OUT, TRUE);
  igraph_vector_init (x, n);
  igraph_vector_fill (x, 1.0 / n);
  double *next = g_new (double, n);
  for (int it = 0; it < max_iter; it++)
    {
      double dangling = 0;
      for (igraph_integer_t u = 0; u < n; u++)
        if (VECTOR (outdeg)[u] == 0)
          dangling += VECTOR (*x)[u];
      for (igraph_integer_t v = 0; v < n; v++)
        next[v] = (1 - d + d * dangling) / n;
      for (igraph_integer_t e = 0; e < m; e++)
        {
          igraph_integer_t u = IGRAPH_FROM (g, e), v = IGRAPH_TO (g, e);
          next[v] += d * VECTOR (*x)[u] / VECTOR (outdeg)[u];
        }
      double change = 0;
      for (igraph_integer_t v = 0; v < n; v++)
        {
          change = fmax (change, fabs (next[v] - VECTOR (*x)[v]));
          VECTOR (*x)
          [v] = next[v];
        }
      if (change < tol)
        break;
    }
  g_free (next);
  igraph_vector_int_destroy (&outdeg);
}

int
main (int argc, char **argv)
{
  if (argc != 2 && argc != 3)
    {
      fprintf (stderr, "usage: igraph-direct FOLLOWS.csv [pagerank|wcc|louvain]\n");
      return 2;
    }
  const char *only = argc == 3 ? argv[2] : NULL;
  gboolean pagerank = only == NULL || g_str_equal (only, "pagerank");
  gboolean wcc = only == NULL || g_str_equal (only, "wcc");
  gboolean louvain = only == NULL || g_str_equal (only, "louvain");
  if (!pagerank && !wcc && !louvain)
    {
      fprintf (stderr, "igraph-direct: no algorithm '%s' (pagerank, wcc, louvain)\n", only);
      return 2;
    }
  FILE *f = fopen (argv[1], "r");
  if (f == NULL)
    {
      perror (argv[1]);
      return 1;
    }
  gint64 t0 = cpu_now ();
  igraph_vector_int_t edges;
  igraph_vector_int_init (&edges, 0);
  char line[256];
  long max_id = 0;
  if (fgets (line, sizeof line, f) == NULL) /* the header */
    return 1;
  while (fgets (line, sizeof line, f))
    {
      char *end;
      long a = strtol (line, &end, 10);
      long b = strtol (end + 1, NULL, 10);
      igraph_vector_int_push_back (&edges, a - 1);
      igraph_vector_int_push_back (&edges, b - 1);
      max_id = MAX (max_id, MAX (a, b));
    }
  fclose (f);
  igraph_t g;
  igraph_create (&g, &edges, max_id, IGRAPH_DIRECTED);
  igraph_vector_int_destroy (&edges);
  printf ("build %.1f (%ld nodes, %ld edges)\n", ms_since (t0), (long) igraph_vcount (&g), (long) igraph_ecount (&g));

  if (pagerank)
    {
      igraph_vector_t pr;
      igraph_real_t value;
      igraph_vector_init (&pr, 0);
      t0 = cpu_now ();
      igraph_pagerank (&g, IGRAPH_PAGERANK_ALGO_PRPACK, &pr, &value, igraph_vss_all (), IGRAPH_DIRECTED, 0.85, NULL, NULL);
      printf ("pagerank-prpack %.1f\n", ms_since (t0));
      igraph_vector_t pw;
      t0 = cpu_now ();
      power_pagerank (&g, 0.85, 20, 1e-7, &pw);
      printf ("pagerank-power20 %.1f\n", ms_since (t0));
      double diff = 0;
      for (igraph_integer_t i = 0; i < igraph_vcount (&g); i++)
        diff = fmax (diff, fabs (VECTOR (pr)[i] - VECTOR (pw)[i]));
      printf ("pagerank-max-difference %.3g\n", diff);
      igraph_vector_destroy (&pr);
      igraph_vector_destroy (&pw);
    }

  igraph_vector_int_t membership;
  igraph_integer_t no;
  igraph_vector_int_init (&membership, 0);
  if (wcc)
    {
      t0 = cpu_now ();
      igraph_connected_components (&g, &membership, NULL, &no, IGRAPH_WEAK);
      printf ("wcc %.1f (%ld components)\n", ms_since (t0), (long) no);
    }
  if (louvain)
    {
      t0 = cpu_now ();
      igraph_to_undirected (&g, IGRAPH_TO_UNDIRECTED_EACH, NULL);
      double to_undirected = ms_since (t0);
      igraph_rng_seed (igraph_rng_default (), 42);
      t0 = cpu_now ();
      igraph_community_multilevel (&g, NULL, 1.0, &membership, NULL, NULL);
      printf ("louvain %.1f (after %.1f to make the graph undirected)\n", ms_since (t0), to_undirected);
    }
  igraph_vector_int_destroy (&membership);
  igraph_destroy (&g);
  return 0;
}
