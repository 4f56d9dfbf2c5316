/* tests/unit/test-parallel.c — parallel plans give the rows one thread gives.
 *
 * Builds a social graph (people, cities, countries, follows) big enough for scans to
 * split into many morsels, then runs the same statements with 1, 2 and 8 threads and
 * compares every row in order (order matters even without ORDER BY: merged groups come
 * out in the order one thread finds them, so top-k ties break the same way). EXPLAIN
 * must show a Gather for the shapes that run in parallel, and none for those that
 * must not (writes, rand()). Then the limits across workers: a statement cancelled
 * after it was compiled, one over its memory ceiling and one over its time stop with
 * the right error, and the session runs the next statement normally.
 */
#include "lib/kgq.h"

#include <string.h>

#define N_PERSONS 30000

/* Every row of @src on @s, one line each, values tab-separated. */
static char *
rows (KgqSession *s, const char *src)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KgqResult) r = kgq_session_query (s, src, -1, "<test>", NULL, &error);
  g_assert_no_error (error);
  GString *out = g_string_new (NULL);
  while (kgq_result_next (r, &error))
    {
      for (guint i = 0; i < kgq_result_n_columns (r); i++)
        {
          if (i)
            g_string_append_c (out, '\t');
          kgq_format_value (s, out, kgq_result_value (r, i), TRUE);
        }
      g_string_append_c (out, '\n');
    }
  g_assert_no_error (error);
  return g_string_free (out, FALSE);
}

static KgqDb *db;

static void
build (void)
{
  db = kgq_db_new ();
  g_autoptr (KgqSession) s = kgq_session_new (db);
  const char *setup[] = {
    "UNWIND ['United States', 'Canada', 'United Kingdom'] AS name CREATE (:Country {country: name})",
    "UNWIND range(0, 29) AS i "
    "MATCH (co:Country {country: ['United States', 'United States', 'Canada', 'United States', 'United Kingdom'][i % 5]}) "
    "CREATE (:City {city: 'city ' + toString(i), id: i})-[:CityIn]->(co)",
    "UNWIND range(0, " G_STRINGIFY (N_PERSONS) " - 1) AS i "
                                               "CREATE (:Person {id: i, name: 'p' + toString(i % 977), age: (i * 37) % 70 + 10, score: toFloat(i % 13) / 4})",
    "CREATE INDEX FOR (p:Person) ON (p.id)",
    "MATCH (p:Person) MATCH (c:City {id: p.id % 29}) CREATE (p)-[:LivesIn]->(c)",
    "MATCH (p:Person) WITH p, [(p.id * 7919) % " G_STRINGIFY (N_PERSONS) ", (p.id * 104729 + 13) % " G_STRINGIFY (N_PERSONS) "] AS ts "
                                                                                                                             "UNWIND ts AS t MATCH (q:Person {id: t}) WHERE q <> p CREATE (p)-[:Follows]->(q)",
  };
  for (guint i = 0; i < G_N_ELEMENTS (setup); i++)
    g_free (rows (s, setup[i]));
}

/* Statements that run in parallel (a Gather in their plan with 2 threads). */
static const char *const parallel[] = {
  /* dynamic labels and types: checked for each candidate on every thread */
  "MATCH (p:$('Person')) RETURN p.age % 7 AS k, count(*) AS n",
  "MATCH (p:$any(['Person', 'Country']))-[:$('Follows')]->(q) RETURN p.age % 5 AS k, count(*) AS n",
  /* grouping over a label scan, groups in order of first appearance */
  "MATCH (p:Person) RETURN p.age % 7 AS k, count(*) AS n, sum(p.age) AS s, avg(p.age) AS a, min(p.name) AS lo, max(p.age) AS hi",
  "MATCH (p:Person) RETURN p.name AS name, count(*) AS n",
  "MATCH (p:Person) WHERE p.age > 1000 RETURN count(*) AS n, sum(p.age) AS s, avg(p.age) AS a, min(p.age) AS m",
  "MATCH (p:Person) RETURN count(DISTINCT p.name) AS names, sum(DISTINCT p.age) AS ages, count(p.score) AS scored",
  /* DISTINCT over ids and integers: the copies' id sets merged by their union (bitmaps
   * by OR), per group too; a copy that met a value of another type merges by values */
  "MATCH (p:Person)-[:Follows]->(q:Person) RETURN count(*) AS n, count(DISTINCT q) AS far, count(DISTINCT p) AS near",
  "MATCH (c:City)<-[:LivesIn]-(p:Person)-[:Follows]->(f:Person) RETURN c.city AS city, count(DISTINCT f) AS followed, sum(DISTINCT f.age) AS ages",
  "MATCH (p:Person)-[r:Follows]->(q) RETURN p.age % 4 AS k, count(DISTINCT r) AS rels, min(DISTINCT q.age) AS m, avg(DISTINCT q.age) AS a",
  "MATCH (p:Person) RETURN count(DISTINCT CASE WHEN p.id > 20000 THEN p.name ELSE p.age END) AS mixed, sum(DISTINCT p.id % 1000) AS ids",
  "MATCH (p:Person) RETURN p.age % 3 AS k, count(DISTINCT CASE WHEN p.id % 5000 = 7 THEN toFloat(p.age) ELSE p.age END) AS ages",
  /* top-k over merged groups: ties break as with one thread */
  "MATCH (p:Person)-[:Follows]->(q:Person) RETURN q.age AS age, sum(p.age % 3) AS n ORDER BY n DESC LIMIT 5",
  "MATCH (p:Person)-[:Follows]->(q:Person) RETURN p.age % 3 AS k, count(q) AS n ORDER BY k",
  /* q3 and q4 shapes: a few rows at the bottom lead to many */
  "MATCH (p:Person)-[:LivesIn]->(c:City)-[*1..2]->(co:Country) WHERE co.country = 'United States' "
  "RETURN c.city AS city, avg(p.age) AS averageAge ORDER BY averageAge LIMIT 5",
  "MATCH (p:Person)-[:LivesIn]->(ci:City)-[*1..2]->(country:Country) WHERE p.age >= 30 AND p.age <= 40 "
  "RETURN country.country AS countries, count(country) AS personCounts ORDER BY personCounts DESC LIMIT 3",
  "MATCH (c:City)<-[:LivesIn]-(p:Person) RETURN c.city AS city, count(*) AS n, max(p.age) AS oldest",
  /* a variable-length expansion from one country: shared out whatever its estimate
   * (a rough one) says, even where it is below twice the copies */
  "MATCH (p:Person)-[:LivesIn]->(c:City)-[*1..2]->(co:Country) WHERE co.country = 'Canada' "
  "RETURN c.city AS city, count(*) AS n, min(p.age) AS youngest",
  /* a few rows below, then a Filter on a property above them (the Filter reads the
   * rows the workers share, not a scan) */
  "MATCH (c:City)<-[:LivesIn]-(p:Person) WHERE p.age > 30 RETURN c.city AS city, max(p.age) AS oldest",
  /* q8 and q9 shapes: paths counted from degrees and pass maps */
  "MATCH (a:Person)-[r1:Follows]->(b:Person)-[r2:Follows]->(c:Person) RETURN count(*) AS numPaths",
  "MATCH (a:Person)-[r1:Follows]->(b:Person)-[r2:Follows]->(c:Person) WHERE b.age < 50 AND c.age > 25 RETURN count(*) AS numPaths",
  "MATCH (a:Person)-[:Follows]->(b:Person) WHERE a.age < 30 RETURN count(*) AS n",
  "MATCH (a:Person)-[:Follows]->(b)<-[:Follows]-(c:Person) WHERE a.age > 60 RETURN count(*) AS n",
  /* top-k and sorts as the breaker: sorted runs merged, ties in the order of one thread
   * (ages repeat every 70 persons, names every 977) */
  "MATCH (p:Person) RETURN p.id AS id, p.age AS age ORDER BY p.age LIMIT 10",
  "MATCH (p:Person) RETURN p.id AS id ORDER BY p.score DESC, p.name SKIP 20 LIMIT 7",
  "MATCH (p:Person) WHERE p.age < 12 RETURN p.id AS id, p.name AS name ORDER BY p.name",
  "MATCH (p:Person)-[:Follows]->(q:Person) RETURN p.id AS a, q.id AS b ORDER BY q.age + p.age DESC LIMIT 9",
  "MATCH (c:City)<-[:LivesIn]-(p:Person) RETURN c.city AS city, p.id AS id ORDER BY p.age DESC LIMIT 7",
  "MATCH (p:Person) RETURN p.id AS id ORDER BY p.age DESC SKIP 29990 LIMIT 20",
  /* distinct rows, in the order of their first appearance */
  "MATCH (p:Person) RETURN DISTINCT p.name AS name",
  "MATCH (p:Person)-[:Follows]->(q:Person) RETURN DISTINCT q.age % 10 AS a, p.age % 3 AS b",
  "MATCH (p:Person) WITH DISTINCT p.age AS age RETURN age, age * 2 AS twice",
};

/* Statements that must stay serial. */
static const char *const serial[] = {
  "MATCH (p:Person) WITH p, rand() AS r RETURN count(*) AS n, sum(p.age) AS s",
  "MATCH (p:Person) RETURN p.age % 5 AS k, collect(p.id)[0..3] AS firsts",
  "MATCH (p:Country) RETURN p.country AS c, count(*) AS n",
  /* one thread may stop after the first few distinct rows */
  "MATCH (p:Person) RETURN DISTINCT p.name AS name LIMIT 3",
  /* what the copies would share is one row: nothing to share out */
  "MATCH (c:City)<-[:LivesIn]-(p:Person) WHERE c.id = 3 RETURN p.age % 5 AS k, count(*) AS n",
  "MATCH (c:City)<-[:LivesIn]-(p:Person)-[:Follows]->(q:Person) WHERE c.id = 3 RETURN q.age AS age, count(*) AS n",
  "MATCH (p:Person) WHERE p.name = 'p5' AND p.age = 17 MATCH (p)-[:Follows]->(q) RETURN count(*) AS n",
  /* rows enough to share out (3 countries, 30 cities), too little work above them */
  "MATCH (co:Country)<-[:CityIn]-(ci:City) UNWIND range(1, 3) AS k RETURN co.country AS c, k, count(*) AS n",
};

static char *
plan_of (KgqSession *s, const char *src)
{
  g_autofree char *explain = g_strconcat ("EXPLAIN ", src, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (KgqResult) r = kgq_session_query (s, explain, -1, "<test>", NULL, &error);
  g_assert_no_error (error);
  return kgq_result_plan (r);
}

static void
test_same_rows (void)
{
  g_autoptr (KgqSession) s = kgq_session_new (db);
  for (guint i = 0; i < G_N_ELEMENTS (parallel) + G_N_ELEMENTS (serial); i++)
    {
      gboolean par = i < G_N_ELEMENTS (parallel);
      const char *src = par ? parallel[i] : serial[i - G_N_ELEMENTS (parallel)];
      kgq_session_set_threads (s, 1);
      g_autofree char *one = rows (s, src);
      g_autofree char *plan1 = plan_of (s, src);
      g_assert_null (strstr (plan1, "Gather"));
      if (one[0] == '\0')
        g_error ("no rows from %s", src);
      static const guint threads[] = { 2, 8 };
      for (guint t = 0; t < G_N_ELEMENTS (threads); t++)
        {
          kgq_session_set_threads (s, threads[t]);
          g_autofree char *plan = plan_of (s, src);
          if (par)
            {
              g_autofree char *workers = g_strdup_printf ("Gather workers=%u", threads[t]);
              if (strstr (plan, workers) == NULL)
                g_error ("no Gather in the plan of %s:\n%s", src, plan);
            }
          else
            g_assert_null (strstr (plan, "Gather"));
          /* several times: the morsels fall to the workers differently each run */
          for (guint k = 0; k < 3; k++)
            {
              g_autofree char *many = rows (s, src);
              if (strcmp (one, many) != 0)
                g_error ("%u threads, %s:\n%s\nwith one thread:\n%s", threads[t], src, many, one);
            }
        }
    }
}

static void
test_writes_stay_serial (void)
{
  g_autoptr (KgqSession) s = kgq_session_new (db);
  kgq_session_set_threads (s, 4);
  g_autofree char *plan = plan_of (s, "MATCH (p:Person) WITH p.age AS a, count(*) AS n CREATE (:Tally {a: a, n: n})");
  g_assert_null (strstr (plan, "Gather"));
}

/* Fails @src with @code, then checks the session still runs statements. */
static void
expect_error (KgqSession *s, const char *src, KgQueryError code, const char *message)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KgqResult) r = kgq_session_query (s, src, -1, "<test>", NULL, &error);
  g_assert_no_error (error);
  while (kgq_result_next (r, &error))
    ;
  g_assert_error (error, KG_QUERY_ERROR, code);
  g_assert_nonnull (strstr (error->message, message));
}

/* A statement that keeps every worker busy for a while: many groups over long paths. */
#define HEAVY "MATCH (a:Person)-[:Follows*1..3]->(b:Person) RETURN a.id % 1000 AS k, count(*) AS n, max(b.age) AS m"

/* The same long paths under the other breakers. */
static const char *const heavy[] = {
  HEAVY,
  "MATCH (a:Person)-[:Follows*1..3]->(b:Person) RETURN a.id AS x, b.id AS y ORDER BY b.age + a.age LIMIT 3",
  "MATCH (a:Person)-[:Follows*1..3]->(b:Person) RETURN DISTINCT a.id % 1000 AS k, b.age AS m",
};

static void
test_cancel (void)
{
  g_autoptr (KgqSession) s = kgq_session_new (db);
  kgq_session_set_threads (s, 4);
  for (guint i = 0; i < G_N_ELEMENTS (heavy); i++)
    {
      g_autofree char *plan = plan_of (s, heavy[i]);
      g_assert_nonnull (strstr (plan, "Gather workers=4"));
      g_autoptr (GError) error = NULL;
      g_autoptr (KgqResult) r = kgq_session_query (s, heavy[i], -1, "<test>", NULL, &error);
      g_assert_no_error (error);
      kgq_session_cancel (s);
      g_assert_false (kgq_result_next (r, &error));
      g_assert_error (error, KG_QUERY_ERROR, KG_QUERY_ERROR_CANCELLED);
      g_assert_cmpstr (strstr (error->message, "query cancelled"), !=, NULL);
      g_clear_pointer (&r, kgq_result_free);
      g_autofree char *n = rows (s, "MATCH (p:Person) RETURN count(*)");
      g_assert_cmpstr (n, ==, G_STRINGIFY (N_PERSONS) "\n");
    }
}

static void
test_memory_limit (void)
{
  g_autoptr (KgqSession) s = kgq_session_new (db);
  kgq_session_set_threads (s, 4);
  KgqLimits limits = { 0 };
  limits.max_memory = 200 * 1024;
  kgq_session_set_limits (s, &limits);
  /* 30 000 groups are more than 200 KiB however the workers share them */
  expect_error (s, "MATCH (p:Person) RETURN p.id AS id, count(*) AS n", KG_QUERY_ERROR_LIMIT, "memory limit");
  /* and as many sorted rows, or distinct ones */
  expect_error (s, "MATCH (p:Person) RETURN p.id AS id ORDER BY p.age", KG_QUERY_ERROR_LIMIT, "memory limit");
  expect_error (s, "MATCH (p:Person) RETURN DISTINCT p.id AS id", KG_QUERY_ERROR_LIMIT, "memory limit");
  g_autofree char *n = rows (s, "MATCH (p:Person) RETURN p.age % 2 AS k, count(*) AS n");
  g_assert_cmpstr (n, ==, "0\t15000\n1\t15000\n");
}

static void
test_timeout (void)
{
  g_autoptr (KgqSession) s = kgq_session_new (db);
  kgq_session_set_threads (s, 4);
  KgqLimits limits = { 0 };
  limits.timeout_ms = 1;
  kgq_session_set_limits (s, &limits);
  for (guint i = 0; i < G_N_ELEMENTS (heavy); i++)
    expect_error (s, heavy[i], KG_QUERY_ERROR_LIMIT, "timed out");
}

/* Two-hop counts over a type with self loops (the copies fill pass maps in a first
 * phase) and over one without (degrees alone: that phase has nothing to do and is
 * skipped), each with the rows of one thread and with one relationship never serving
 * both hops. */
static void
test_count_paths_phases (void)
{
  g_autoptr (KgqDb) other = kgq_db_new ();
  g_autoptr (KgqSession) s = kgq_session_new (other);
  g_free (rows (s, "UNWIND range(0, 4999) AS i CREATE (:N {id: i})"));
  g_free (rows (s, "MATCH (a:N), (b:N {id: (a.id * 7 + 1) % 5000}) CREATE (a)-[:R]->(b), (a)-[:S]->(b)"));
  g_free (rows (s, "MATCH (a:N) WHERE a.id % 10 = 0 CREATE (a)-[:R]->(a)"));
  static const char *const counts[] = {
    "MATCH (a:N)-[:R]->(b:N)-[:R]->(c:N) RETURN count(*) AS n",
    "MATCH (a:N)-[:S]->(b:N)-[:S]->(c:N) RETURN count(*) AS n",
    "MATCH (a:N)-[:R]->(b:N)<-[:R]-(c:N) RETURN count(*) AS n",
  };
  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      kgq_session_set_threads (s, 1);
      g_autofree char *one = rows (s, counts[i]);
      static const guint threads[] = { 2, 8 };
      for (guint t = 0; t < G_N_ELEMENTS (threads); t++)
        {
          kgq_session_set_threads (s, threads[t]);
          g_autofree char *plan = plan_of (s, counts[i]);
          g_assert_nonnull (strstr (plan, "Gather"));
          g_assert_nonnull (strstr (plan, "CountPaths"));
          for (guint k = 0; k < 3; k++)
            {
              g_autofree char *many = rows (s, counts[i]);
              g_assert_cmpstr (many, ==, one);
            }
        }
    }
  /* 5000 paths of S (one out, one in at every node); R adds 500 loops: a loop node b
   * with its loop as both hops is no path, as either hop with b's other relationship
   * it is */
  kgq_session_set_threads (s, 2);
  g_autofree char *n = rows (s, counts[1]);
  g_assert_cmpstr (n, ==, "5000\n");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  build ();
  g_test_add_func ("/parallel/same-rows", test_same_rows);
  g_test_add_func ("/parallel/writes-stay-serial", test_writes_stay_serial);
  g_test_add_func ("/parallel/cancel", test_cancel);
  g_test_add_func ("/parallel/memory-limit", test_memory_limit);
  g_test_add_func ("/parallel/timeout", test_timeout);
  g_test_add_func ("/parallel/count-paths-phases", test_count_paths_phases);
  int rc = g_test_run ();
  kgq_db_free (db);
  return rc;
}
