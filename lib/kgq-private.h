/* lib/kgq-private.h — what the files of libkgq share behind lib/kgq.h.
 *
 * The layout of a database and a session, the helpers that take and release the
 * database's readers–writer lock for a session (the locking rule itself is written in
 * kgq.h's header comment), and the graph accessors that the library's own tests, the
 * TCK harness and the fuzzers use to build or inspect a graph directly. Embedding
 * programs never include this file; nothing here is public API.
 */
#pragma once

#include <pthread.h>

#include "engine/engine.h"
#include "export/dot.h"
#include "graph/graph.h"
#include "graph/journal.h"
#include "lib/kgq.h"

G_BEGIN_DECLS

struct _KgqDb
{
  /* Protects every field below but itself and the counters under waiting_lock: the
   * graph's entities and symbol tables, the journal, the procedures and the schema
   * facts. Writer-preferring, so readers never take it twice (see KgqSession.n_holds). */
  pthread_rwlock_t lock;
  KgGraph *graph;
  KgJournal *journal;    /* (nullable) the redo journal of the snapshot file opened */
  GPtrArray *procedures; /* (element-type KgProcedure) (nullable) table procedures */
  char **single_valued;  /* (nullable) the corpus's single-valued types; NULL when not from a corpus */
  gint n_sessions;       /* atomic: sessions alive, checked by kgq_db_free() */
  char *import_dir;      /* (nullable) LOAD CSV's directory for the sessions; set before they run */

  /* Writers waiting for the lock, so a test can wait until a writer is queued rather
   * than sleep. Its own mutex: it is read while the rwlock is held by someone else.
   * pthread's, like the rwlock, so ThreadSanitizer sees every synchronisation (GLib's
   * GMutex is a bare futex it cannot follow). */
  pthread_mutex_t waiting_lock;
  pthread_cond_t waiting_cond;
  guint n_waiting_writers;
};

struct _KgqSession
{
  KgqDb *db;
  GHashTable *params; /* char* → KgValue* */
  KgqLimits limits;
  volatile gint cancel;
  KgqResult *result; /* (nullable) (transfer none) the open result */
  /* How many times this session holds db->lock: the open result's statement is one
   * hold, and a value printed while it is open nests a second. Only the first takes
   * the lock, so a reader never locks twice (which a writer-preferring lock forbids).
   * Only the session's own thread touches these. */
  guint n_holds;
  gboolean holds_write;
  gboolean borrowed; /* the holds ride on a write lock another session of this thread has */
  /* An explicit transaction (kgq_session_begin). Until its first write statement it
   * holds nothing between statements; from then on it holds the write lock (one of
   * n_holds) and a graph transaction until commit or rollback. */
  gboolean in_txn;
  gboolean txn_writes;
  char *import_dir;         /* (nullable) overrides the database's */
  KgqProgressFunc progress; /* (nullable) */
  gpointer progress_data;
};

/** kgq_session_read_enter: holds the read lock for @s (or nests inside a hold it has). */
void kgq_session_read_enter (KgqSession *s);
/** kgq_session_read_leave: ends one kgq_session_read_enter(). */
void kgq_session_read_leave (KgqSession *s);

/**
 * kgq_db_write_lock:
 * Takes @db's write lock for a caller that holds no session lock.
 * Returns: FALSE (with KG_QUERY_ERROR_RUNTIME) when this thread already holds it
 *   through a session's transaction, which would deadlock.
 */
gboolean kgq_db_write_lock (KgqDb *db, GError **error);
void kgq_db_write_unlock (KgqDb *db);

/**
 * kgq_db_read_lock:
 * Takes @db's read lock for a database call outside any session.
 * Returns: FALSE when the call rides on this thread's write lock (a session's
 *   transaction) and so took nothing; pass the result to kgq_db_read_unlock().
 */
gboolean kgq_db_read_lock (KgqDb *db);
void kgq_db_read_unlock (KgqDb *db, gboolean locked);

/**
 * kgq_db_wait_for_writers:
 * Blocks until at least @n writers wait for @db's lock (for tests that must know a
 * writer is queued before they let the readers go).
 */
void kgq_db_wait_for_writers (KgqDb *db, guint n);

/**
 * kgq_graph_sorted_properties:
 * kgq_sorted_properties() for an id of @g, for printers that hold the lock already.
 * Returns: (transfer container): the properties; none for a deleted entity.
 */
KgqProperty *kgq_graph_sorted_properties (const KgGraph *g, guint32 id, gboolean is_node, guint *n_props);

/** kgq_mark_conflicts: marks the relationships of @sg in a conflict; the session holds the read lock. */
void kgq_mark_conflicts (KgqSession *session, KgDotSubgraph *sg);

/**
 * kgq_db_graph:
 * Returns: (transfer none): the database's graph, for the library's own tests, the TCK
 *   harness and the fuzzers, which build and inspect graphs directly from one thread.
 */
KgGraph *kgq_db_graph (KgqDb *db);

/** kgq_db_set_graph: replaces the graph with @graph (transfer full) under the write lock. */
void kgq_db_set_graph (KgqDb *db, KgGraph *graph);

/* --- Notifications (notify.c) ---------------------------------------------------- */

/* Returns: (transfer full) (nullable): the notifications of @plan's notices; NULL for none. */
GArray *kgq_notifications_new (KgPlan *plan);
const KgqNotification *kgq_notifications_get (GArray *notifications, guint i);

G_END_DECLS
