/* tests/unit/test-sessions.c — several sessions on one database, from several threads.
 *
 * Proves the locking rule of lib/kgq.h without sleeps or timing: readers hold open
 * results at the same moment (a barrier only opens when every reader holds one); a
 * writer queues behind open readers and changes nothing until they finish (the test
 * waits until the writer is queued, then looks); readers running beside writers only
 * ever see whole statements, including none of one that failed; two sessions racing to
 * create the same UNIQUE key: exactly one wins. Also the one-result
 * rule of a session and the entity accessors a server needs. A broken lock shows as a
 * failed assertion, a ThreadSanitizer report, or a hang that ctest's timeout ends.
 */
#include "lib/kgq-private.h"

#include <string.h>

#include <glib/gstdio.h>

/* Runs @src to the end on @s, failing the test on an error; returns the first column
 * of the last row as an integer (or -1 without rows). */
static gint64
run (KgqSession *s, const char *src)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KgqResult) r = kgq_session_query (s, src, -1, "<test>", NULL, &error);
  g_assert_no_error (error);
  gint64 last = -1;
  while (kgq_result_next (r, &error))
    if (kgq_result_n_columns (r) > 0 && kgq_result_value (r, 0)->type == KG_VALUE_INT)
      last = kgq_result_value (r, 0)->u.i;
  g_assert_no_error (error);
  return last;
}

static KgqDb *
db_with_nodes (guint n)
{
  KgqDb *db = kgq_db_new ();
  g_autoptr (KgqSession) s = kgq_session_new (db);
  g_autofree char *src = g_strdup_printf ("UNWIND range(1, %u) AS i CREATE (:N {i: i})", n);
  run (s, src);
  return db;
}

/* --- Readers together ----------------------------------------------------------- */

typedef struct
{
  KgqDb *db;
  pthread_mutex_t lock; /* pthread, not GMutex: ThreadSanitizer follows it */
  pthread_cond_t cond;
  guint holding; /* readers that hold an open result */
  guint n_readers;
} Barrier;

static gpointer
reader_at_barrier (gpointer data)
{
  Barrier *b = data;
  g_autoptr (KgqSession) s = kgq_session_new (b->db);
  g_autoptr (GError) error = NULL;
  g_autoptr (KgqResult) r = kgq_session_query (s, "MATCH (n:N) RETURN n.i ORDER BY n.i", -1, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (kgq_result_next (r, &error));
  g_assert_cmpint (kgq_result_value (r, 0)->u.i, ==, 1);
  /* Every reader holds its read lock here; none passes until all of them do. */
  pthread_mutex_lock (&b->lock);
  b->holding++;
  pthread_cond_broadcast (&b->cond);
  while (b->holding < b->n_readers)
    pthread_cond_wait (&b->cond, &b->lock);
  pthread_mutex_unlock (&b->lock);
  gint64 n = 1;
  while (kgq_result_next (r, &error))
    n++;
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 50);
  return NULL;
}

static void
test_readers_together (void)
{
  g_autoptr (KgqDb) db = db_with_nodes (50);
  Barrier b = { .db = db, .n_readers = 4 };
  pthread_mutex_init (&b.lock, NULL);
  pthread_cond_init (&b.cond, NULL);
  GThread *threads[4];
  for (guint i = 0; i < b.n_readers; i++)
    threads[i] = g_thread_new ("reader", reader_at_barrier, &b);
  for (guint i = 0; i < b.n_readers; i++)
    g_thread_join (threads[i]);
  g_assert_cmpuint (b.holding, ==, b.n_readers);
  pthread_mutex_destroy (&b.lock);
  pthread_cond_destroy (&b.cond);
}

/* --- A writer waits ------------------------------------------------------------- */

typedef struct
{
  KgqDb *db;
  gint finished; /* atomic: the write statement returned */
} Writer;

static gpointer
writer_thread (gpointer data)
{
  Writer *w = data;
  g_autoptr (KgqSession) s = kgq_session_new (w->db);
  run (s, "CREATE (:W {n: 1})");
  g_atomic_int_set (&w->finished, 1);
  return NULL;
}

static void
test_writer_waits (void)
{
  g_autoptr (KgqDb) db = db_with_nodes (10);
  g_autoptr (KgqSession) reader = kgq_session_new (db);
  g_autoptr (GError) error = NULL;
  KgqResult *r = kgq_session_query (reader, "MATCH (n:N) RETURN n", -1, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (kgq_result_next (r, &error));

  Writer w = { .db = db };
  GThread *t = g_thread_new ("writer", writer_thread, &w);
  kgq_db_wait_for_writers (db, 1);
  /* The writer is queued and this thread still holds the read lock (through @r), so
   * reading the graph here is safe and must show nothing of the write. */
  KgGraph *g = kgq_db_graph (db);
  KgSymbol label = kg_graph_lookup (g, KG_SYM_LABEL, "W");
  g_assert_true (label == KG_NONE || kg_graph_label_count (g, label) == 0);
  g_assert_cmpint (g_atomic_int_get (&w.finished), ==, 0);
  guint rows = 1;
  while (kgq_result_next (r, &error))
    rows++;
  g_assert_no_error (error);
  g_assert_cmpuint (rows, ==, 10);
  /* Finished: the lock is released, so the writer runs. */
  g_thread_join (t);
  g_assert_cmpint (g_atomic_int_get (&w.finished), ==, 1);
  kgq_result_free (r);
  g_assert_cmpint (run (reader, "MATCH (w:W) RETURN count(w)"), ==, 1);
}

/* A writer with a lock timeout gives up while a reader holds its result open (however
 * long the wait takes on a busy machine, the reader never lets go first). */
static gpointer
impatient_writer (gpointer data)
{
  Writer *w = data;
  g_autoptr (KgqSession) s = kgq_session_new (w->db);
  KgqLimits limits = { .lock_timeout_ms = 20 };
  kgq_session_set_limits (s, &limits);
  g_autoptr (GError) error = NULL;
  g_autoptr (KgqResult) r = kgq_session_query (s, "CREATE (:W)", -1, NULL, NULL, &error);
  g_assert_null (r);
  g_assert_error (error, KG_QUERY_ERROR, KG_QUERY_ERROR_LOCK_TIMEOUT);
  g_atomic_int_set (&w->finished, 1);
  return NULL;
}

static void
test_lock_timeout (void)
{
  g_autoptr (KgqDb) db = db_with_nodes (3);
  g_autoptr (KgqSession) reader = kgq_session_new (db);
  g_autoptr (GError) error = NULL;
  KgqResult *r = kgq_session_query (reader, "MATCH (n:N) RETURN n", -1, NULL, NULL, &error);
  g_assert_true (kgq_result_next (r, &error));
  Writer w = { .db = db };
  GThread *t = g_thread_new ("writer", impatient_writer, &w);
  g_thread_join (t);
  g_assert_cmpint (g_atomic_int_get (&w.finished), ==, 1);
  kgq_result_free (r);
  g_assert_cmpint (run (reader, "MATCH (w:W) RETURN count(w)"), ==, 0);
}

/* --- No half-done writes -------------------------------------------------------- */

#define BATCH 40
#define N_BATCHES 12

typedef struct
{
  KgqDb *db;
  int id;
  gint *writers_left; /* atomic */
} Worker;

static gpointer
batch_writer (gpointer data)
{
  Worker *w = data;
  g_autoptr (KgqSession) s = kgq_session_new (w->db);
  for (int b = 0; b < N_BATCHES; b++)
    {
      KgValue batch = kg_value_int (w->id * 1000 + b);
      kgq_session_set_param (s, "b", &batch);
      run (s, "UNWIND range(1, " G_STRINGIFY (BATCH) ") AS i CREATE (:P {batch: $b, i: i})");
      /* A statement that fails after creating its nodes: none of them may be seen. */
      g_autoptr (GError) error = NULL;
      g_autoptr (KgqResult) r = kgq_session_query (
          s, "UNWIND range(1, " G_STRINGIFY (BATCH) ") AS i CREATE (:P {batch: -1, i: i}) WITH i WHERE i = " G_STRINGIFY (BATCH) " RETURN 1 / (i - i)",
          -1, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_false (kgq_result_next (r, &error));
      g_assert_error (error, KG_QUERY_ERROR, KG_QUERY_ERROR_ARITHMETIC);
    }
  g_atomic_int_dec_and_test (w->writers_left);
  return NULL;
}

static gpointer
batch_reader (gpointer data)
{
  Worker *w = data;
  g_autoptr (KgqSession) s = kgq_session_new (w->db);
  gboolean last = FALSE;
  while (!last)
    {
      /* Read once more after the writers are done, so the final state is checked too. */
      last = g_atomic_int_get (w->writers_left) == 0;
      g_autoptr (GError) error = NULL;
      g_autoptr (KgqResult) r = kgq_session_query (
          s, "MATCH (p:P) RETURN p.batch AS b, count(*) AS c, sum(p.i) AS s", -1, NULL, NULL, &error);
      g_assert_no_error (error);
      while (kgq_result_next (r, &error))
        {
          g_assert_cmpint (kgq_result_value (r, 0)->u.i, >=, 0);
          g_assert_cmpint (kgq_result_value (r, 1)->u.i, ==, BATCH);
          g_assert_cmpint (kgq_result_value (r, 2)->u.i, ==, BATCH * (BATCH + 1) / 2);
        }
      g_assert_no_error (error);
    }
  return NULL;
}

static void
test_no_half_done_writes (void)
{
  g_autoptr (KgqDb) db = kgq_db_new ();
  gint writers_left = 2;
  Worker workers[5];
  GThread *threads[5];
  for (int i = 0; i < 5; i++)
    {
      workers[i] = (Worker){ .db = db, .id = i, .writers_left = &writers_left };
      threads[i] = g_thread_new (i < 2 ? "writer" : "reader", i < 2 ? batch_writer : batch_reader, &workers[i]);
    }
  for (int i = 0; i < 5; i++)
    g_thread_join (threads[i]);
  g_autoptr (KgqSession) s = kgq_session_new (db);
  g_assert_cmpint (run (s, "MATCH (p:P) RETURN count(p)"), ==, 2 * N_BATCHES * BATCH);
  g_assert_cmpint (run (s, "MATCH (p:P) WHERE p.batch < 0 RETURN count(p)"), ==, 0);
}

/* --- One open result a session -------------------------------------------------- */

static void
test_one_result (void)
{
  g_autoptr (KgqDb) db = db_with_nodes (3);
  g_autoptr (KgqSession) s = kgq_session_new (db);
  g_autoptr (GError) error = NULL;
  KgqResult *r = kgq_session_query (s, "MATCH (n) RETURN n", -1, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (kgq_result_next (r, &error));
  KgqResult *second = kgq_session_query (s, "CREATE ()", -1, NULL, NULL, &error);
  g_assert_null (second);
  g_assert_error (error, KG_QUERY_ERROR, KG_QUERY_ERROR_RUNTIME);
  g_clear_error (&error);
  kgq_result_free (r);
  g_assert_cmpint (run (s, "MATCH (n) RETURN count(n)"), ==, 3);
  /* A session freed with its result open releases the lock, so a writer can go on. */
  KgqSession *other = kgq_session_new (db);
  r = kgq_session_query (other, "MATCH (n) RETURN n", -1, NULL, NULL, &error);
  g_assert_true (kgq_result_next (r, &error));
  kgq_session_free (other);
  run (s, "CREATE ()");
  g_assert_cmpint (run (s, "MATCH (n) RETURN count(n)"), ==, 4);
}

/* --- Entities ------------------------------------------------------------------- */

static void
test_entities (void)
{
  g_autoptr (KgqDb) db = kgq_db_new ();
  g_autoptr (KgqSession) s = kgq_session_new (db);
  run (s, "CREATE (:Person:Actor {name: 'Ann', born: 1970})-[:ACTED_IN {role: 'x'}]->(:Movie {title: 'M'})");
  g_autoptr (GError) error = NULL;
  g_autoptr (KgqResult) r = kgq_session_query (s, "MATCH p = (a)-[r]->(m) RETURN a, r, m, p", -1, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (kgq_result_next (r, &error));
  const KgValue *a = kgq_result_value (r, 0), *rel = kgq_result_value (r, 1), *m = kgq_result_value (r, 2);
  const KgValue *p = kgq_result_value (r, 3);

  g_auto (GStrv) labels = kgq_node_labels (s, a);
  g_assert_cmpuint (g_strv_length (labels), ==, 2);
  g_assert_cmpstr (labels[0], ==, "Person");
  g_assert_cmpstr (labels[1], ==, "Actor");
  KgValue props = KG_VALUE_INIT;
  g_assert_true (kgq_entity_properties (s, a, &props));
  g_assert_cmpuint (props.u.map->len, ==, 2);
  g_assert_cmpstr (props.u.map->keys[0], ==, "born");
  g_assert_cmpint (kg_map_get (props.u.map, "born")->u.i, ==, 1970);
  g_assert_cmpstr (kg_map_get (props.u.map, "name")->u.s, ==, "Ann");
  kg_value_clear (&props);

  guint32 start = 0, end = 0;
  g_autofree char *type = kgq_relationship_info (s, rel, &start, &end);
  g_assert_cmpstr (type, ==, "ACTED_IN");
  g_assert_cmpuint (start, ==, kgq_entity_id (a));
  g_assert_cmpuint (end, ==, kgq_entity_id (m));
  g_assert_null (kgq_relationship_info (s, a, NULL, NULL));

  g_assert_cmpuint (kgq_path_length (p), ==, 1);
  KgValue n0 = kgq_path_node (p, 0), r0 = kgq_path_relationship (p, 0), n1 = kgq_path_node (p, 1);
  g_assert_cmpuint (kgq_entity_id (&n0), ==, kgq_entity_id (a));
  g_assert_cmpuint (kgq_entity_id (&r0), ==, kgq_entity_id (rel));
  g_assert_cmpuint (kgq_entity_id (&n1), ==, kgq_entity_id (m));

  guint n = 0;
  g_autofree KgqProperty *sorted = kgq_sorted_properties (s, rel, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpstr (sorted[0].name, ==, "role");
  g_assert_false (kgq_result_next (r, &error));
  g_assert_no_error (error);

  /* After the end the accessors take the lock themselves. */
  g_assert_true (kgq_entity_exists (s, m));
  g_auto (GStrv) names = kgq_session_names (s, KGQ_NAME_KEY);
  g_assert_true (g_strv_contains ((const char *const *) names, "title"));
}

/* --- Transactions ------------------------------------------------------------- */

typedef struct
{
  KgqDb *db;
  gint64 seen;
} Counter;

static gpointer
count_t (gpointer data)
{
  Counter *c = data;
  g_autoptr (KgqSession) s = kgq_session_new (c->db);
  c->seen = run (s, "MATCH (t:T) RETURN count(t)");
  return NULL;
}

static void
test_transaction (void)
{
  g_autoptr (KgqDb) db = kgq_db_new ();
  g_autoptr (KgqSession) s = kgq_session_new (db);
  g_autoptr (GError) error = NULL;
  g_assert_true (kgq_session_begin (s, &error));
  g_assert_false (kgq_session_begin (s, &error));
  g_assert_error (error, KG_QUERY_ERROR, KG_QUERY_ERROR_RUNTIME);
  g_clear_error (&error);
  g_assert_true (kgq_session_in_transaction (s));

  /* Before the first write the transaction holds nothing: another thread reads. */
  Counter before = { .db = db, .seen = -1 };
  GThread *t = g_thread_new ("reader", count_t, &before);
  g_thread_join (t);
  g_assert_cmpint (before.seen, ==, 0);

  run (s, "CREATE (:T {i: 1})");
  /* A failed statement inside the transaction is undone alone. */
  g_autoptr (KgqResult) bad = kgq_session_query (s, "CREATE (:T {i: -1}) WITH 1 AS one RETURN one / 0", -1, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (kgq_result_next (bad, &error));
  g_assert_error (error, KG_QUERY_ERROR, KG_QUERY_ERROR_ARITHMETIC);
  g_clear_error (&error);
  g_clear_pointer (&bad, kgq_result_free);
  /* The transaction sees its own writes; a reader on another thread waits for the
   * commit and then sees both writes, never one. */
  Counter during = { .db = db, .seen = -1 };
  t = g_thread_new ("reader", count_t, &during);
  run (s, "CREATE (:T {i: 2})");
  g_assert_cmpint (run (s, "MATCH (t:T) RETURN count(t)"), ==, 2);
  /* Database calls from this thread ride on its write lock; replacing state fails. */
  guint64 n_nodes = 0;
  kgq_db_counts (db, &n_nodes, NULL);
  g_assert_cmpuint (n_nodes, ==, 2);
  g_assert_false (kgq_db_checkpoint (db, &error));
  g_assert_error (error, KG_QUERY_ERROR, KG_QUERY_ERROR_RUNTIME);
  g_clear_error (&error);
  g_assert_true (kgq_session_commit (s, &error));
  g_assert_no_error (error);
  g_thread_join (t);
  g_assert_cmpint (during.seen, ==, 2);
  g_assert_false (kgq_session_in_transaction (s));
  g_assert_false (kgq_session_commit (s, &error));
  g_clear_error (&error);

  /* Rollback, and a session freed inside a transaction, undo everything. */
  g_assert_true (kgq_session_begin (s, &error));
  run (s, "CREATE (:T), (:T)");
  run (s, "MATCH (t:T {i: 1}) SET t.i = 10");
  kgq_session_rollback (s);
  KgqSession *other = kgq_session_new (db);
  g_assert_true (kgq_session_begin (other, &error));
  run (other, "MATCH (t:T) DELETE t");
  kgq_session_free (other);
  g_assert_cmpint (run (s, "MATCH (t:T) RETURN count(t)"), ==, 2);
  g_assert_cmpint (run (s, "MATCH (t:T) RETURN sum(t.i)"), ==, 3);
}

/* A database on a new empty snapshot at @path, journalling its writes. */
static KgqDb *
db_on_new_file (const char *path)
{
  g_autoptr (GError) error = NULL;
  KgqDb *db = kgq_db_new ();
  g_assert_true (kgq_db_save (db, path, &error));
  g_assert_true (kgq_db_open_file (db, path, NULL, &error));
  g_assert_no_error (error);
  return db;
}

static void
test_transaction_journal (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kgq-sessions-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "g.kgq", NULL);
  g_autofree char *jpath = g_strconcat (path, ".journal", NULL);
  g_autoptr (GError) error = NULL;
  {
    g_autoptr (KgqDb) db = db_on_new_file (path);
    g_autoptr (KgqSession) s = kgq_session_new (db);
    g_assert_true (kgq_session_begin (s, &error));
    run (s, "CREATE (:T {i: 1})");
    run (s, "CREATE (:T {i: 2})");
    g_assert_true (kgq_session_commit (s, &error));
    g_assert_true (kgq_session_begin (s, &error));
    run (s, "CREATE (:T {i: 3})");
    kgq_session_rollback (s);
    run (s, "CREATE (:T {i: 4})");
  }
  g_autoptr (KgqDb) db = kgq_db_new ();
  guint replayed = 0;
  g_assert_true (kgq_db_open_file (db, path, &replayed, &error));
  g_assert_no_error (error);
  /* One record for the committed transaction, one for the statement after it. */
  g_assert_cmpuint (replayed, ==, 2);
  g_autoptr (KgqSession) s = kgq_session_new (db);
  g_assert_cmpint (run (s, "MATCH (t:T) RETURN sum(t.i)"), ==, 7);
  g_unlink (jpath);
  g_unlink (path);
  g_rmdir (dir);
}

/* --- Sessions racing on a UNIQUE key --------------------------------------------- */

typedef struct
{
  KgqDb *db;
  pthread_mutex_t lock;
  pthread_cond_t cond;
  guint ready; /* racers at the start line */
  guint round; /* the key both create this round */
  guint wins, losses;
} Race;

/* One racer: per round, waits until both racers stand at the line, then creates the
 * round's key; counts whether its statement won or broke the constraint. */
static gpointer
racer (gpointer data)
{
  Race *race = data;
  g_autoptr (KgqSession) s = kgq_session_new (race->db);
  for (guint round = 1; round <= 50; round++)
    {
      pthread_mutex_lock (&race->lock);
      race->ready++;
      pthread_cond_broadcast (&race->cond);
      while (race->ready < 2 * round)
        pthread_cond_wait (&race->cond, &race->lock);
      pthread_mutex_unlock (&race->lock);
      g_autofree char *src = g_strdup_printf ("MERGE (a:Account {k: %u}) WITH a CREATE (:Account {k: %u})", round + 1000, round);
      g_autoptr (GError) error = NULL;
      g_autoptr (KgqResult) r = kgq_session_query (s, src, -1, "<race>", NULL, &error);
      g_assert_no_error (error);
      while (kgq_result_next (r, &error))
        ;
      pthread_mutex_lock (&race->lock);
      if (error == NULL)
        race->wins++;
      else
        {
          g_assert_error (error, KG_QUERY_ERROR, KG_QUERY_ERROR_CONSTRAINT);
          race->losses++;
        }
      pthread_mutex_unlock (&race->lock);
    }
  return NULL;
}

/* Two sessions on two threads create the same UNIQUE key at the same moment, fifty
 * times: each time exactly one wins and the other's statement fails whole. */
static void
test_unique_race (void)
{
  Race race = { 0 };
  race.db = kgq_db_new ();
  pthread_mutex_init (&race.lock, NULL);
  pthread_cond_init (&race.cond, NULL);
  {
    g_autoptr (KgqSession) s = kgq_session_new (race.db);
    run (s, "CREATE CONSTRAINT account_k FOR (a:Account) REQUIRE a.k IS UNIQUE");
  }
  GThread *a = g_thread_new ("racer", racer, &race);
  GThread *b = g_thread_new ("racer", racer, &race);
  g_thread_join (a);
  g_thread_join (b);
  g_assert_cmpuint (race.wins, ==, 50);
  g_assert_cmpuint (race.losses, ==, 50);
  {
    g_autoptr (KgqSession) s = kgq_session_new (race.db);
    g_assert_cmpint (run (s, "MATCH (a:Account) WHERE a.k <= 50 RETURN count(DISTINCT a.k) + 1000 * count(a)"), ==, 50 + 1000 * 50);
    /* the loser's MERGE was undone with its CREATE: one node per MERGE key */
    g_assert_cmpint (run (s, "MATCH (a:Account) WHERE a.k > 1000 RETURN count(a)"), ==, 50);
  }
  pthread_cond_destroy (&race.cond);
  pthread_mutex_destroy (&race.lock);
  kgq_db_free (race.db);
}

/* CALL { ... } IN TRANSACTIONS: a journal record per batch, so a failure in batch 3
 * keeps batches 1 and 2 after a reopen; refused inside an explicit transaction. */
static void
test_batches_journal (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kgq-sessions-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "g.kgq", NULL);
  g_autofree char *jpath = g_strconcat (path, ".journal", NULL);
  g_autoptr (GError) error = NULL;
  {
    g_autoptr (KgqDb) db = db_on_new_file (path);
    g_autoptr (KgqSession) s = kgq_session_new (db);
    g_autoptr (KgqResult) r = kgq_session_query (s, "UNWIND range(1, 7) AS i CALL (i) { CREATE (:T {i: 10 / (i - 5)}) } IN TRANSACTIONS OF 2 ROWS",
                                                 -1, "<test>", NULL, &error);
    g_assert_no_error (error);
    g_assert_false (kgq_result_next (r, &error));
    g_assert_error (error, KG_QUERY_ERROR, KG_QUERY_ERROR_ARITHMETIC);
    g_assert_nonnull (strstr (error->message, "(transactions committed: 2)"));
    g_clear_error (&error);
    g_clear_pointer (&r, kgq_result_free);
    g_assert_cmpint (run (s, "MATCH (t:T) RETURN count(t)"), ==, 4);

    g_assert_true (kgq_session_begin (s, &error));
    r = kgq_session_query (s, "UNWIND [1] AS i CALL (i) { CREATE (:U) } IN TRANSACTIONS", -1, "<test>", NULL, &error);
    g_assert_null (r);
    g_assert_error (error, KG_QUERY_ERROR, KG_QUERY_ERROR_SEMANTIC);
    g_assert_nonnull (strstr (error->message, "implicit transaction"));
    g_clear_error (&error);
    kgq_session_rollback (s);

    /* ON ERROR CONTINUE: the batches around the failed one are committed */
    g_assert_cmpint (run (s, "UNWIND range(1, 6) AS i CALL (i) { CREATE (:C {v: 10 / (i - 3)}) } IN TRANSACTIONS OF 2 ROWS "
                             "ON ERROR CONTINUE RETURN count(*)"),
                     ==, 6);

    /* a subquery that only reads takes the read lock: it runs beside a reader that
     * holds its result open, and its batches journal nothing */
    g_autoptr (KgqSession) reader = kgq_session_new (db);
    g_autoptr (KgqResult) open = kgq_session_query (reader, "MATCH (t:T) RETURN t", -1, "<test>", NULL, &error);
    g_assert_no_error (error);
    g_assert_true (kgq_result_next (open, &error));
    g_assert_cmpint (run (s, "UNWIND range(1, 3) AS i CALL (i) { MATCH (t:T) RETURN count(t) AS c } IN TRANSACTIONS OF 1 ROW "
                             "RETURN sum(c)"),
                     ==, 12);
  }
  g_autoptr (KgqDb) db = kgq_db_new ();
  guint replayed = 0;
  g_assert_true (kgq_db_open_file (db, path, &replayed, &error));
  g_assert_no_error (error);
  /* a record for each committed batch: two, then two of the three */
  g_assert_cmpuint (replayed, ==, 4);
  g_autoptr (KgqSession) s = kgq_session_new (db);
  g_assert_cmpint (run (s, "MATCH (t:T) RETURN sum(t.i)"), ==, -20);
  g_assert_cmpint (run (s, "MATCH (c:C) RETURN count(c)"), ==, 4);
  g_unlink (jpath);
  g_unlink (path);
  g_rmdir (dir);
}

/* An import that breaks a constraint adds nothing; one that keeps it adds its nodes. */
static void
test_import_constraint (void)
{
  g_autoptr (KgqDb) db = kgq_db_new ();
  g_autoptr (KgqSession) s = kgq_session_new (db);
  run (s, "CREATE (:P {n: 1})");
  run (s, "CREATE CONSTRAINT pn FOR (p:P) REQUIRE p.n IS UNIQUE");
  g_autofree char *dir = g_dir_make_tmp ("kgq-import-XXXXXX", NULL);
  g_autofree char *dup = g_build_filename (dir, "dup.jsonl", NULL);
  g_autofree char *ok = g_build_filename (dir, "ok.jsonl", NULL);
  g_assert_true (g_file_set_contents (dup,
                                      "{\"type\":\"node\",\"id\":\"a\",\"labels\":[\"P\"],\"properties\":{\"n\":2}}\n"
                                      "{\"type\":\"node\",\"id\":\"b\",\"labels\":[\"P\"],\"properties\":{\"n\":1}}\n",
                                      -1, NULL));
  g_assert_true (g_file_set_contents (ok, "{\"type\":\"node\",\"id\":\"a\",\"labels\":[\"P\"],\"properties\":{\"n\":2}}\n", -1, NULL));
  g_autoptr (GError) error = NULL;
  g_assert_false (kgq_db_import_file (db, KGQ_DATA_JSONL, dup, NULL, &error));
  g_assert_error (error, KG_QUERY_ERROR, KG_QUERY_ERROR_CONSTRAINT);
  g_assert_nonnull (strstr (error->message, "dup.jsonl"));
  g_clear_error (&error);
  g_assert_cmpint (run (s, "MATCH (p:P) RETURN count(p)"), ==, 1);
  g_assert_true (kgq_db_import_file (db, KGQ_DATA_JSONL, ok, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (run (s, "MATCH (p:P) RETURN count(p)"), ==, 2);
  g_unlink (dup);
  g_unlink (ok);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sessions/readers-together", test_readers_together);
  g_test_add_func ("/sessions/writer-waits", test_writer_waits);
  g_test_add_func ("/sessions/lock-timeout", test_lock_timeout);
  g_test_add_func ("/sessions/import-constraint", test_import_constraint);
  g_test_add_func ("/sessions/no-half-done-writes", test_no_half_done_writes);
  g_test_add_func ("/sessions/one-result", test_one_result);
  g_test_add_func ("/sessions/entities", test_entities);
  g_test_add_func ("/sessions/transaction", test_transaction);
  g_test_add_func ("/sessions/transaction-journal", test_transaction_journal);
  g_test_add_func ("/sessions/batches-journal", test_batches_journal);
  g_test_add_func ("/sessions/unique-race", test_unique_race);
  return g_test_run ();
}
