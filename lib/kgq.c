/* lib/kgq.c — databases, sessions and statements of the public API (lib/kgq.h).
 *
 * A database owns the graph, the journal, the procedures, the corpus's schema facts and
 * the readers–writer lock over them; a session owns its parameters, limits, cancel flag
 * and open result. A statement is parsed without the lock (the parser touches no
 * shared state), then takes the read or the write lock as its parsed text says, and is
 * compiled (engine/) and pulled row by row under it. A statement that may write runs
 * inside a graph transaction: all its rows are computed (and so all its writes applied)
 * before the first row comes back, its changes are journalled, and any error rolls the
 * graph back, so a failed statement changes nothing. Read-only statements stream.
 *
 * Not here: formatting values (lib/format.c), the writers (lib/writer.c), entity
 * accessors and reports (lib/entity.c, lib/report.c), the corpus format (loader/).
 */
#include "lib/kgq-private.h"

#include <errno.h>
#include <time.h>
#include <string.h>

#include "engine/expr.h"
#include "loader/csv-import.h"
#include "loader/loader.h"
#include "parser/parser.h"

struct _KgqResult
{
  KgqSession *session;
  KgPlan *plan;
  gboolean holds_lock;     /* the statement's lock is still held (released at the end) */
  gboolean txn;            /* the statement is writing: a graph transaction (or a mark in one) is open */
  gboolean in_session_txn; /* ...inside the session's explicit transaction: undo to @mark */
  KgTxnMark mark;
  gboolean buffered; /* rows were computed up front (write statements) */
  GPtrArray *rows;   /* buffered rows: KgValue[n_columns] each */
  guint pos;
  KgValue *current; /* the current buffered row */
  gboolean done;
  guint64 n_rows;
  KgqStats stats;
  GArray *notifications; /* (nullable) KgqNotification-shaped (notify.c) */
};

/* --- The lock ------------------------------------------------------------------- */

/* The database whose write lock this thread holds, if any: a thread may not lock again
 * what it holds (a writer-preferring rwlock is not recursive), so its other sessions
 * and the database calls it makes ride on that lock instead of taking it. */
static _Thread_local KgqDb *writing_db;

static void
writer_waits (KgqDb *db, int delta)
{
  pthread_mutex_lock (&db->waiting_lock);
  db->n_waiting_writers += delta;
  pthread_cond_broadcast (&db->waiting_cond);
  pthread_mutex_unlock (&db->waiting_lock);
}

/* Takes the write lock, waiting at most @timeout_ms (0: as long as it takes). */
static gboolean
write_lock_timed (KgqDb *db, guint64 timeout_ms, GError **error)
{
  if (writing_db == db)
    {
      kg_query_error_set (error, KG_QUERY_ERROR_RUNTIME, NULL, NULL,
                          "this thread holds the database's write lock in an open transaction; "
                          "commit or roll it back first");
      return FALSE;
    }
  writer_waits (db, 1);
  int rc;
  if (timeout_ms == 0)
    rc = pthread_rwlock_wrlock (&db->lock);
  else
    {
      struct timespec until;
      clock_gettime (CLOCK_REALTIME, &until);
      until.tv_sec += (time_t) (timeout_ms / 1000);
      until.tv_nsec += (long) (timeout_ms % 1000) * 1000000L;
      if (until.tv_nsec >= 1000000000L)
        {
          until.tv_sec++;
          until.tv_nsec -= 1000000000L;
        }
      rc = pthread_rwlock_timedwrlock (&db->lock, &until);
    }
  writer_waits (db, -1);
  if (rc == ETIMEDOUT)
    {
      kg_query_error_set (error, KG_QUERY_ERROR_LOCK_TIMEOUT, NULL, NULL,
                          "waited %" G_GUINT64_FORMAT " ms for the database's write lock, which another "
                          "session holds; try again",
                          timeout_ms);
      return FALSE;
    }
  if (rc == EDEADLK)
    {
      /* This thread holds it for another database's statement meanwhile. */
      kg_query_error_set (error, KG_QUERY_ERROR_RUNTIME, NULL, NULL, "this thread already holds the database's write lock");
      return FALSE;
    }
  g_assert (rc == 0);
  writing_db = db;
  return TRUE;
}

gboolean
kgq_db_write_lock (KgqDb *db, GError **error)
{
  return write_lock_timed (db, 0, error);
}

void
kgq_db_write_unlock (KgqDb *db)
{
  if (writing_db == db)
    writing_db = NULL;
  pthread_rwlock_unlock (&db->lock);
}

gboolean
kgq_db_read_lock (KgqDb *db)
{
  if (writing_db == db)
    return FALSE;
  int rc = pthread_rwlock_rdlock (&db->lock);
  if (rc == EDEADLK)
    return FALSE; /* the write lock is this thread's (writing_db names only the last one) */
  g_assert (rc == 0);
  return TRUE;
}

void
kgq_db_read_unlock (KgqDb *db, gboolean locked)
{
  if (locked)
    pthread_rwlock_unlock (&db->lock);
}

void
kgq_db_wait_for_writers (KgqDb *db, guint n)
{
  pthread_mutex_lock (&db->waiting_lock);
  while (db->n_waiting_writers < n)
    pthread_cond_wait (&db->waiting_cond, &db->waiting_lock);
  pthread_mutex_unlock (&db->waiting_lock);
}

void
kgq_session_read_enter (KgqSession *s)
{
  if (s->n_holds++ == 0)
    s->borrowed = !kgq_db_read_lock (s->db);
}

void
kgq_session_read_leave (KgqSession *s)
{
  g_return_if_fail (s->n_holds > 0);
  if (--s->n_holds > 0)
    return;
  if (s->holds_write)
    {
      s->holds_write = FALSE;
      kgq_db_write_unlock (s->db);
    }
  else
    kgq_db_read_unlock (s->db, !s->borrowed);
  s->borrowed = FALSE;
}

/* The write lock for one statement or a transaction: only from a session that holds
 * nothing, since the lock is never upgraded. */
static gboolean
session_write_enter (KgqSession *s, GError **error)
{
  g_assert (s->n_holds == 0);
  if (!write_lock_timed (s->db, s->limits.lock_timeout_ms, error))
    return FALSE;
  s->n_holds = 1;
  s->holds_write = TRUE;
  return TRUE;
}

/* --- Databases ------------------------------------------------------------------ */

KgqDb *
kgq_db_new (void)
{
  KgqDb *db = g_new0 (KgqDb, 1);
  pthread_rwlockattr_t attr;
  pthread_rwlockattr_init (&attr);
  /* A steady stream of readers must not starve a writer (a server with many sessions). */
  pthread_rwlockattr_setkind_np (&attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
  pthread_rwlock_init (&db->lock, &attr);
  pthread_rwlockattr_destroy (&attr);
  pthread_mutex_init (&db->waiting_lock, NULL);
  pthread_cond_init (&db->waiting_cond, NULL);
  db->graph = kg_graph_new ();
  return db;
}

void
kgq_db_free (KgqDb *db)
{
  if (db == NULL)
    return;
  g_warn_if_fail (g_atomic_int_get (&db->n_sessions) == 0);
  kg_journal_free (db->journal);
  kg_graph_free (db->graph);
  if (db->procedures)
    g_ptr_array_unref (db->procedures);
  g_strfreev (db->single_valued);
  g_free (db->import_dir);
  pthread_rwlock_destroy (&db->lock);
  pthread_mutex_destroy (&db->waiting_lock);
  pthread_cond_destroy (&db->waiting_cond);
  g_free (db);
}

const char *
kgq_default_corpus_dir (void)
{
  return kg_corpus_default_dir ();
}

KgGraph *
kgq_db_graph (KgqDb *db)
{
  return db->graph;
}

/* Swaps in @graph (with its journal and schema facts, all transfer full) under the
 * write lock; the old graph goes, and its journal with it. */
static gboolean
replace_graph (KgqDb *db, KgGraph *graph, KgJournal *journal, char **single_valued, GError **error)
{
  if (!kgq_db_write_lock (db, error))
    {
      kg_journal_free (journal);
      kg_graph_free (graph);
      g_strfreev (single_valued);
      return FALSE;
    }
  KgGraph *old = db->graph;
  KgJournal *old_journal = db->journal;
  char **old_types = db->single_valued;
  db->graph = graph;
  db->journal = journal;
  db->single_valued = single_valued;
  kgq_db_write_unlock (db);
  kg_journal_free (old_journal);
  if (old != graph)
    kg_graph_free (old);
  g_strfreev (old_types);
  return TRUE;
}

void
kgq_db_set_graph (KgqDb *db, KgGraph *graph)
{
  g_return_if_fail (graph != NULL);
  if (graph != db->graph && !replace_graph (db, graph, NULL, NULL, NULL))
    g_critical ("kgq_db_set_graph: this thread holds the database's write lock");
}

gboolean
kgq_db_load_corpus (KgqDb *db, const char *dir, GError **error)
{
  g_return_val_if_fail (db != NULL, FALSE);
  KgCorpusInfo *info = NULL;
  KgGraph *g = kg_corpus_load_new (dir, &info, error);
  if (g == NULL)
    return FALSE;
  char **types = g_strdupv (info->single_valued);
  kg_corpus_info_free (info);
  return replace_graph (db, g, NULL, types, error);
}

gboolean
kgq_db_open_file (KgqDb *db, const char *path, guint *n_replayed, GError **error)
{
  g_return_val_if_fail (db != NULL && path != NULL, FALSE);
  KgGraph *g = kg_graph_load (path, error);
  if (g == NULL)
    return FALSE;
  g_autofree char *jpath = g_strconcat (path, ".journal", NULL);
  KgJournal *j = kg_journal_open (jpath, path, g, n_replayed, error);
  if (j == NULL)
    {
      kg_graph_free (g);
      return FALSE;
    }
  kg_graph_set_redo (g, TRUE);
  return replace_graph (db, g, j, NULL, error);
}

gboolean
kgq_db_save (KgqDb *db, const char *path, GError **error)
{
  g_return_val_if_fail (db != NULL && path != NULL, FALSE);
  gboolean locked = kgq_db_read_lock (db);
  gboolean ok = kg_graph_save (db->graph, path, error);
  kgq_db_read_unlock (db, locked);
  return ok;
}

gboolean
kgq_db_checkpoint (KgqDb *db, GError **error)
{
  g_return_val_if_fail (db != NULL, FALSE);
  /* The write lock: the journal is emptied, and no statement may append meanwhile. */
  if (!kgq_db_write_lock (db, error))
    return FALSE;
  gboolean ok = db->journal == NULL || kg_journal_checkpoint (db->journal, db->graph, error);
  kgq_db_write_unlock (db);
  return ok;
}

gboolean
kgq_db_has_journal (KgqDb *db)
{
  gboolean locked = kgq_db_read_lock (db);
  gboolean has = db->journal != NULL;
  kgq_db_read_unlock (db, locked);
  return has;
}

void
kgq_db_counts (KgqDb *db, guint64 *n_nodes, guint64 *n_relationships)
{
  gboolean locked = kgq_db_read_lock (db);
  if (n_nodes)
    *n_nodes = kg_graph_n_nodes (db->graph);
  if (n_relationships)
    *n_relationships = kg_graph_n_edges (db->graph);
  kgq_db_read_unlock (db, locked);
}

void
kgq_import_stats_clear (KgqImportStats *stats)
{
  if (stats->bad_row_messages)
    g_ptr_array_unref (stats->bad_row_messages);
  memset (stats, 0, sizeof *stats);
}

gboolean
kgq_db_import_csv (KgqDb *db, const KgqImportOptions *options, KgqImportStats *stats, GError **error)
{
  g_return_val_if_fail (db != NULL && options != NULL, FALSE);
  g_autoptr (KgCsvImportSpec) spec = kg_csv_import_spec_new ();
  kg_csv_import_spec_set_skip_bad_rows (spec, options->skip_bad_rows);
  if (options->delimiter != '\0')
    kg_csv_import_spec_set_delimiter (spec, options->delimiter);
  if (options->array_delimiter != '\0')
    kg_csv_import_spec_set_array_delimiter (spec, options->array_delimiter);
  kg_csv_import_spec_set_id_type (spec, options->integer_ids ? KG_CSV_ID_INTEGER : KG_CSV_ID_STRING);
  kg_csv_import_spec_set_threads (spec, kgq_db_get_threads (db));
  for (const char *const *p = options->nodes; p != NULL && *p != NULL; p++)
    if (!kg_csv_import_spec_add_arg (spec, KG_CSV_NODES, *p, error))
      return FALSE;
  for (const char *const *p = options->relationships; p != NULL && *p != NULL; p++)
    if (!kg_csv_import_spec_add_arg (spec, KG_CSV_RELATIONSHIPS, *p, error))
      return FALSE;
  KgCsvImportStats cs = { 0 };
  KgGraph *g = kg_csv_import_new (spec, &cs, error);
  if (stats != NULL)
    {
      stats->nodes = cs.nodes;
      stats->relationships = cs.relationships;
      stats->bad_rows = cs.bad_rows;
      stats->bad_row_messages = g_steal_pointer (&cs.bad_row_messages);
      stats->nodes_ms = cs.nodes_ms;
      stats->relationships_ms = cs.relationships_ms;
      stats->finish_ms = cs.finish_ms;
    }
  kg_csv_import_stats_clear (&cs);
  if (g == NULL)
    return FALSE;
  return replace_graph (db, g, NULL, NULL, error);
}

gboolean
kgq_db_add_procedure (KgqDb *db, const char *signature, const KgValue *rows, GError **error)
{
  g_return_val_if_fail (db != NULL && signature != NULL && rows != NULL, FALSE);
  KgProcedure *proc = kg_procedure_new (signature, rows, error);
  if (proc == NULL)
    return FALSE;
  if (!kgq_db_write_lock (db, error))
    {
      kg_procedure_free (proc);
      return FALSE;
    }
  if (db->procedures == NULL)
    db->procedures = g_ptr_array_new_with_free_func ((GDestroyNotify) kg_procedure_free);
  for (guint i = 0; i < db->procedures->len; i++)
    if (strcmp (kg_procedure_name (g_ptr_array_index (db->procedures, i)), kg_procedure_name (proc)) == 0)
      {
        g_ptr_array_remove_index (db->procedures, i);
        break;
      }
  g_ptr_array_add (db->procedures, proc);
  kgq_db_write_unlock (db);
  return TRUE;
}

/* --- Sessions ------------------------------------------------------------------- */

static void
param_free (gpointer p)
{
  kg_value_clear (p);
  g_free (p);
}

KgqSession *
kgq_session_new (KgqDb *db)
{
  g_return_val_if_fail (db != NULL, NULL);
  KgqSession *s = g_new0 (KgqSession, 1);
  s->db = db;
  s->params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, param_free);
  g_atomic_int_inc (&db->n_sessions);
  return s;
}

void
kgq_session_free (KgqSession *session)
{
  if (session == NULL)
    return;
  kgq_result_free (session->result);
  if (session->in_txn)
    kgq_session_rollback (session);
  g_warn_if_fail (session->n_holds == 0);
  g_hash_table_destroy (session->params);
  g_atomic_int_dec_and_test (&session->db->n_sessions);
  g_free (session->import_dir);
  g_free (session);
}

void
kgq_db_set_import_dir (KgqDb *db, const char *dir)
{
  g_free (db->import_dir);
  db->import_dir = g_strdup (dir);
}

void
kgq_db_set_threads (KgqDb *db, guint n)
{
  db->threads = n;
}

guint
kgq_db_get_threads (KgqDb *db)
{
  return db->threads ? db->threads : kg_parallel_default_threads ();
}

void
kgq_session_set_threads (KgqSession *session, guint n)
{
  session->threads = n;
}

void
kgq_session_set_import_dir (KgqSession *session, const char *dir)
{
  g_free (session->import_dir);
  session->import_dir = g_strdup (dir);
}

const char *
kgq_session_import_dir (KgqSession *session)
{
  return session->import_dir != NULL ? session->import_dir : session->db->import_dir;
}

KgqDb *
kgq_session_db (KgqSession *session)
{
  return session->db;
}

void
kgq_session_set_param (KgqSession *session, const char *name, const KgValue *value)
{
  KgValue *v = g_new (KgValue, 1);
  kg_value_copy (value, v);
  g_hash_table_replace (session->params, g_strdup (name), v);
}

gboolean
kgq_session_set_param_literal (KgqSession *session, const char *name, const char *literal, GError **error)
{
  g_autofree char *src = g_strdup_printf ("RETURN %s", literal);
  g_autoptr (KgAst) ast = kg_parse (src, -1, "<param>", NULL, error);
  if (ast == NULL)
    return FALSE;
  KgAst *sq = kg_ast_child (ast, 0);
  KgAst *ret = sq && sq->kind == KG_AST_SINGLE_QUERY && kg_ast_n_children (sq) == 1 ? kg_ast_child (sq, 0) : NULL;
  KgAst *list = ret && ret->kind == KG_AST_RETURN ? kg_ast_child (ret, 0) : NULL;
  KgAst *item = list && kg_ast_n_children (list) == 1 ? kg_ast_child (list, 0) : NULL;
  KgAst *expr = item ? kg_ast_child (item, 0) : NULL;
  if (expr == NULL || kg_ast_child (ret, 1) || kg_ast_child (ret, 2) || kg_ast_child (ret, 3))
    {
      kg_query_error_set (error, KG_QUERY_ERROR_SYNTAX, "<param>", NULL, "`%s` is not a single value", literal);
      return FALSE;
    }
  int n_slots = kg_expr_bind (expr, session->params, "<param>", error);
  if (n_slots < 0)
    return FALSE;
  g_autofree KgValue *slots = g_new0 (KgValue, MAX (n_slots, 1));
  KgEvalEnv env = { 0 };
  env.params = session->params;
  env.slots = slots;
  env.n_slots = (guint) n_slots;
  env.filename = "<param>";
  KgValue v = KG_VALUE_INIT;
  kgq_session_read_enter (session);
  env.graph = session->db->graph;
  gboolean ok = kg_expr_eval (&env, expr, &v, error);
  kgq_session_read_leave (session);
  for (int i = 0; i < n_slots; i++)
    kg_value_clear (&slots[i]);
  if (!ok)
    return FALSE;
  KgValue *stored = g_new (KgValue, 1);
  *stored = v;
  g_hash_table_replace (session->params, g_strdup (name), stored);
  return TRUE;
}

void
kgq_session_clear_params (KgqSession *session)
{
  g_hash_table_remove_all (session->params);
}

GHashTable *
kgq_session_params (KgqSession *session)
{
  return session->params;
}

void
kgq_session_set_limits (KgqSession *session, const KgqLimits *limits)
{
  if (limits)
    session->limits = *limits;
  else
    memset (&session->limits, 0, sizeof session->limits);
}

void
kgq_session_set_progress (KgqSession *session, KgqProgressFunc func, gpointer user_data)
{
  session->progress = func;
  session->progress_data = user_data;
}

void
kgq_session_cancel (KgqSession *session)
{
  g_atomic_int_set (&session->cancel, 1);
}

/* --- Transactions --------------------------------------------------------------- */

gboolean
kgq_session_begin (KgqSession *session, GError **error)
{
  g_return_val_if_fail (session != NULL, FALSE);
  if (session->in_txn || session->result != NULL)
    {
      kg_query_error_set (error, KG_QUERY_ERROR_RUNTIME, NULL, NULL,
                          session->in_txn ? "a transaction is already open on this session"
                                          : "the session's previous result is still open; free it first");
      return FALSE;
    }
  session->in_txn = TRUE;
  return TRUE;
}

gboolean
kgq_session_in_transaction (KgqSession *session)
{
  return session->in_txn;
}

/* Ends the transaction: the graph transaction is gone (committed or rolled back) and
 * its write lock goes with it. */
static void
end_txn (KgqSession *s)
{
  if (s->txn_writes)
    kgq_session_read_leave (s); /* the transaction's hold: the write lock */
  s->txn_writes = FALSE;
  s->in_txn = FALSE;
}

gboolean
kgq_session_commit (KgqSession *session, GError **error)
{
  g_return_val_if_fail (session != NULL, FALSE);
  if (!session->in_txn)
    {
      kg_query_error_set (error, KG_QUERY_ERROR_RUNTIME, NULL, NULL, "no transaction is open on this session");
      return FALSE;
    }
  /* A result still being pulled ends here, as the statement it belongs to did. */
  kgq_result_free (session->result);
  if (session->txn_writes)
    {
      KgqDb *db = session->db;
      GError *local = NULL;
      if (db->journal != NULL)
        {
          /* One record for the whole transaction, synced before commit returns; a
           * transaction that cannot be journalled is rolled back. */
          gsize len = 0;
          const guchar *redo = kg_graph_redo_data (db->graph, &len);
          kg_journal_append (db->journal, redo, len, &local);
        }
      if (local != NULL)
        {
          kg_graph_txn_rollback (db->graph);
          end_txn (session);
          g_propagate_error (error, local);
          return FALSE;
        }
      kg_graph_txn_commit (db->graph);
    }
  end_txn (session);
  return TRUE;
}

void
kgq_session_rollback (KgqSession *session)
{
  g_return_if_fail (session != NULL);
  if (!session->in_txn)
    return;
  kgq_result_free (session->result);
  if (session->txn_writes)
    kg_graph_txn_rollback (session->db->graph);
  end_txn (session);
}

/* --- Statements ----------------------------------------------------------------- */

/* Releases the statement's lock once: at its end, on error, or when it is freed. */
static void
release_lock (KgqResult *r)
{
  if (r->holds_lock)
    {
      r->holds_lock = FALSE;
      kgq_session_read_leave (r->session);
    }
}

/* KgBatchCommitFunc for CALL { ... } IN TRANSACTIONS in an implicit transaction: the
 * batch becomes a journal record and a commit of its own, and the statement goes on in
 * a new graph transaction (its constraint checks and undo start there). */
static gboolean
commit_batch (gpointer data, GError **error)
{
  KgqSession *s = data;
  KgqResult *r = s->result;
  KgGraph *g = s->db->graph;
  g_return_val_if_fail (r != NULL && r->txn && !r->in_session_txn, FALSE);
  if (s->db->journal != NULL)
    {
      gsize len = 0;
      const guchar *redo = kg_graph_redo_data (g, &len);
      if (!kg_journal_append (s->db->journal, redo, len, error))
        return FALSE;
    }
  kg_graph_txn_commit (g);
  kg_graph_txn_begin (g);
  r->mark = kg_graph_txn_mark (g);
  return TRUE;
}

KgqResult *
kgq_session_query (KgqSession *session, const char *src, gssize len, const char *filename, const KgPos *origin, GError **error)
{
  g_return_val_if_fail (session != NULL && src != NULL, NULL);
  if (session->result != NULL)
    {
      kg_query_error_set (error, KG_QUERY_ERROR_RUNTIME, filename, NULL,
                          "the session's previous result is still open; free it first");
      return NULL;
    }
  g_atomic_int_set (&session->cancel, 0);
  KgAst *ast = kg_parse (src, len, filename, origin, error);
  if (ast == NULL)
    {
      if (error && *error && (*error)->domain == KG_QUERY_ERROR)
        kg_query_error_set_compile_time (*error, TRUE);
      return NULL;
    }
  /* The lock before binding: the binder reads the graph's symbol tables. */
  gboolean writes = kg_statement_writes (ast);
  if (writes && !session->txn_writes)
    {
      GError *local = NULL;
      if (!session_write_enter (session, &local))
        {
          kg_ast_free (ast);
          kg_query_error_set_compile_time (local, TRUE);
          g_propagate_error (error, local);
          return NULL;
        }
      if (session->in_txn)
        {
          /* The transaction's first write: from here it keeps the write lock (this
           * hold) and one graph transaction until commit or rollback; the statement
           * nests a hold of its own below. */
          session->txn_writes = TRUE;
          kg_graph_txn_begin (session->db->graph);
          kgq_session_read_enter (session);
        }
    }
  else
    kgq_session_read_enter (session);
  KgqDb *db = session->db;
  KgPlanOptions opts = { 0 };
  opts.params = session->params;
  opts.filename = filename;
  opts.cancel = &session->cancel;
  opts.max_memory = session->limits.max_memory;
  opts.max_hops = session->limits.max_hops;
  opts.procedures = db->procedures;
  opts.import_dir = kgq_session_import_dir (session);
  opts.threads = session->threads ? session->threads : kgq_db_get_threads (db);
  opts.progress = session->progress; /* KgqProgressFunc and KgProgressFunc are one signature */
  opts.progress_data = session->progress_data;
  opts.source = src;
  opts.source_len = len < 0 ? strlen (src) : (gsize) len;
  opts.source_base = origin != NULL ? origin->offset : 0;
  /* an explicit transaction commits once, at its end */
  opts.commit_batch = session->in_txn ? NULL : commit_batch;
  opts.commit_data = session;
  if (session->limits.timeout_ms)
    opts.deadline_us = g_get_monotonic_time () + (gint64) session->limits.timeout_ms * 1000;
  KgPlan *plan = kg_plan_build (db->graph, ast, &opts, error);
  if (plan != NULL && kg_plan_has_writes (plan) && !writes)
    {
      /* kg_statement_writes() and the planner disagree: never write under the read lock. */
      kg_plan_free (plan);
      plan = NULL;
      kg_query_error_set (error, KG_QUERY_ERROR_RUNTIME, filename, NULL,
                          "internal error: a write statement was taken for a read");
    }
  if (plan == NULL)
    {
      kgq_session_read_leave (session);
      return NULL;
    }
  KgqResult *r = g_new0 (KgqResult, 1);
  r->session = session;
  r->plan = plan;
  r->holds_lock = TRUE;
  r->notifications = kgq_notifications_new (plan);
  session->result = r;
  return r;
}

guint
kgq_result_n_notifications (KgqResult *result)
{
  return result->notifications != NULL ? result->notifications->len : 0;
}

const KgqNotification *
kgq_result_notification (KgqResult *result, guint i)
{
  return kgq_notifications_get (result->notifications, i);
}

const char *
kgq_result_warning (KgqResult *result)
{
  return kgq_result_n_notifications (result) > 0 ? kgq_result_notification (result, 0)->message : NULL;
}

guint
kgq_result_n_columns (KgqResult *result)
{
  return kg_plan_n_columns (result->plan);
}

const char *
kgq_result_column_name (KgqResult *result, guint column)
{
  return kg_plan_column_name (result->plan, column);
}

static void
row_free (gpointer p, gpointer n_cols)
{
  KgValue *row = p;
  for (guint i = 0; i < GPOINTER_TO_UINT (n_cols); i++)
    kg_value_clear (&row[i]);
  g_free (row);
}

static void
copy_stats (KgqResult *r)
{
  const KgExecStats *s = kg_plan_stats (r->plan);
  r->stats.nodes_created = s->nodes_created;
  r->stats.nodes_deleted = s->nodes_deleted;
  r->stats.relationships_created = s->relationships_created;
  r->stats.relationships_deleted = s->relationships_deleted;
  r->stats.properties_set = s->properties_set;
  r->stats.labels_added = s->labels_added;
  r->stats.labels_removed = s->labels_removed;
  r->stats.transactions_committed = s->transactions_committed;
}

static gboolean
over_row_limit (KgqResult *r, GError **error)
{
  guint64 max = r->session->limits.max_rows;
  if (max != 0 && r->n_rows > max)
    {
      kg_query_error_set (error, KG_QUERY_ERROR_LIMIT, NULL, NULL,
                          "the result has more than %" G_GUINT64_FORMAT " rows (the row limit)", max);
      return TRUE;
    }
  return FALSE;
}

/* Runs a write statement to the end inside a transaction, keeping its rows. The
 * session holds the write lock: the journal append below is serialised with every
 * other writer's. */
static gboolean
run_buffered (KgqResult *r, GError **error)
{
  KgqDb *db = r->session->db;
  KgGraph *g = db->graph;
  guint n = kg_plan_n_columns (r->plan);
  r->rows = g_ptr_array_new ();
  /* Inside an explicit transaction the statement is undone alone on error, and the
   * journal record waits for the commit. */
  r->in_session_txn = r->session->txn_writes;
  if (!r->in_session_txn)
    kg_graph_txn_begin (g);
  r->mark = kg_graph_txn_mark (g);
  r->txn = TRUE;
  GError *local = NULL;
  while (kg_plan_next (r->plan, &local))
    {
      KgValue *row = g_new (KgValue, MAX (n, 1u));
      for (guint i = 0; i < n; i++)
        kg_value_copy (kg_plan_value (r->plan, i), &row[i]);
      g_ptr_array_add (r->rows, row);
      r->n_rows++;
      if (over_row_limit (r, &local))
        break;
    }
  /* Constraints hold at the end of every statement, checked on what it touched, still
   * under the write lock; a statement that breaks one is undone below. */
  if (local == NULL)
    kg_graph_check_constraints (g, &r->mark, kg_plan_filename (r->plan), &local);
  if (local == NULL && db->journal != NULL && !r->in_session_txn)
    {
      /* Durable before acknowledged: a statement whose changes cannot be journalled
       * is rolled back. */
      gsize len = 0;
      const guchar *redo = kg_graph_redo_data (g, &len);
      kg_journal_append (db->journal, redo, len, &local);
    }
  r->txn = FALSE;
  if (local)
    {
      if (r->in_session_txn)
        kg_graph_txn_rollback_to (g, &r->mark);
      else
        kg_graph_txn_rollback (g);
      memset (&r->stats, 0, sizeof r->stats);
      g_propagate_error (error, local);
      return FALSE;
    }
  if (!r->in_session_txn)
    kg_graph_txn_commit (g);
  copy_stats (r);
  return TRUE;
}

/* The end of the rows: the lock goes; the stats stay. */
static gboolean
finish (KgqResult *r)
{
  r->done = TRUE;
  r->current = NULL;
  release_lock (r);
  return FALSE;
}

gboolean
kgq_result_next (KgqResult *result, GError **error)
{
  KgqResult *r = result;
  if (r->done)
    return FALSE;
  if (kg_plan_is_explain (r->plan))
    return finish (r);
  if (kg_plan_has_writes (r->plan) && !r->buffered)
    {
      r->buffered = TRUE;
      if (!run_buffered (r, error))
        return finish (r);
    }
  if (r->buffered)
    {
      if (r->pos >= r->rows->len)
        return finish (r);
      r->current = g_ptr_array_index (r->rows, r->pos++);
      return TRUE;
    }
  if (!kg_plan_next (r->plan, error))
    {
      copy_stats (r);
      return finish (r);
    }
  r->n_rows++;
  if (over_row_limit (r, error))
    return finish (r);
  return TRUE;
}

const KgValue *
kgq_result_value (KgqResult *result, guint column)
{
  g_return_val_if_fail (column < kg_plan_n_columns (result->plan), NULL);
  if (result->buffered)
    {
      g_return_val_if_fail (result->current != NULL, NULL);
      return &result->current[column];
    }
  return kg_plan_value (result->plan, column);
}

const KgqStats *
kgq_result_stats (KgqResult *result)
{
  return &result->stats;
}

gboolean
kgq_result_is_explain (KgqResult *result)
{
  return kg_plan_is_explain (result->plan);
}

gboolean
kgq_result_writes (KgqResult *result)
{
  return kg_plan_has_writes (result->plan);
}

char *
kgq_result_plan (KgqResult *result)
{
  /* The plan text names labels and keys: read under the lock even after the end. */
  kgq_session_read_enter (result->session);
  char *text = kg_plan_describe (result->plan, kg_plan_is_profile (result->plan));
  kgq_session_read_leave (result->session);
  return text;
}

typedef struct
{
  KgqPlanVisitFunc visit;
  gpointer user_data;
} PlanWalk;

static void
plan_walk_one (const KgPlanOpInfo *op, gpointer user_data)
{
  PlanWalk *w = user_data;
  KgqPlanOperator pub = {
    .name = op->name,
    .details = op->details,
    .estimated_rows = op->estimated_rows,
    .rows = op->rows,
    .time_us = op->time_us,
    .depth = op->depth,
    .n_children = op->n_children,
  };
  w->visit (&pub, w->user_data);
}

void
kgq_result_plan_walk (KgqResult *result, KgqPlanVisitFunc visit, gpointer user_data)
{
  PlanWalk w = { visit, user_data };
  /* As kgq_result_plan(): the operators name labels and keys. */
  kgq_session_read_enter (result->session);
  kg_plan_walk (result->plan, plan_walk_one, &w);
  kgq_session_read_leave (result->session);
}

gboolean
kgq_result_is_profile (KgqResult *result)
{
  return kg_plan_is_profile (result->plan);
}

void
kgq_result_free (KgqResult *result)
{
  if (result == NULL)
    return;
  if (result->txn && result->in_session_txn)
    kg_graph_txn_rollback_to (result->session->db->graph, &result->mark);
  else if (result->txn)
    kg_graph_txn_rollback (result->session->db->graph);
  if (result->rows)
    {
      g_ptr_array_foreach (result->rows, row_free, GUINT_TO_POINTER (kg_plan_n_columns (result->plan)));
      g_ptr_array_free (result->rows, TRUE);
    }
  /* Closing operators frees their own state and reads nothing of the graph, so a
   * finished result's plan may go after its lock did; an unfinished one goes first. */
  kg_plan_free (result->plan);
  if (result->notifications)
    g_array_free (result->notifications, TRUE);
  release_lock (result);
  if (result->session->result == result)
    result->session->result = NULL;
  g_free (result);
}
