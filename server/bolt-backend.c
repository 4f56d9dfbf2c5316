/* server/bolt-backend.c — the lease on the one KgqDb, and statements run under it (see
 * bolt-backend.h).
 *
 * Locks: @lock guards @held, @cancel_armed and @writes; @freed is signalled when the
 * lease comes back. The KgqDb itself is guarded by the lease, not by @lock: only the
 * holder calls kgq.h, for as long as it holds it, so the mutex is never held while a
 * query runs. kgq_db_cancel() is the one call made without the lease, from a
 * connection's reader thread, and it is async-signal-safe; the caller promises its own
 * connection holds the lease, so it cannot stop another connection's statement.
 *
 * This is the only file of server/ that includes lib/kgq.h, and the graph is read only
 * here, to send nodes and relationships (labels, type, ends, properties), while the
 * lease is held.
 */
#include "server/bolt-backend.h"

#include "lib/kgq.h"

G_DEFINE_QUARK (kg - bolt - backend - error - quark, kg_bolt_backend_error)

struct _KgBoltBackend
{
  KgqDb *db;
  KgqLimits limits; /* the database's own, restored after a statement with its own timeout */
  GMutex lock;
  GCond freed;
  gboolean held;
  guint64 writes; /* statements that changed the graph: names bookmarks */
};

struct _KgBoltStatement
{
  KgBoltBackend *backend;
  KgqResult *result;
  gboolean own_limits; /* the statement set a timeout of its own */
};

KgBoltBackend *
kg_bolt_backend_new (gpointer db, const KgBoltLimits *limits)
{
  KgBoltBackend *b = g_new0 (KgBoltBackend, 1);
  b->db = db;
  b->limits.timeout_ms = limits->timeout_ms;
  b->limits.max_rows = limits->max_rows;
  b->limits.max_memory = limits->max_memory;
  kgq_db_set_limits (db, &b->limits);
  g_mutex_init (&b->lock);
  g_cond_init (&b->freed);
  return b;
}

void
kg_bolt_backend_free (KgBoltBackend *backend)
{
  if (backend == NULL)
    return;
  g_mutex_clear (&backend->lock);
  g_cond_clear (&backend->freed);
  g_free (backend);
}

gboolean
kg_bolt_backend_acquire (KgBoltBackend *backend, guint timeout_ms, GError **error)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * G_TIME_SPAN_MILLISECOND;
  g_mutex_lock (&backend->lock);
  while (backend->held)
    if (!g_cond_wait_until (&backend->freed, &backend->lock, deadline) && backend->held)
      {
        g_mutex_unlock (&backend->lock);
        g_set_error (error, KG_BOLT_BACKEND_ERROR, KG_BOLT_BACKEND_ERROR_LOCK_TIMEOUT,
                     "the database was busy with another session for %u ms", timeout_ms);
        return FALSE;
      }
  backend->held = TRUE;
  g_mutex_unlock (&backend->lock);
  return TRUE;
}

void
kg_bolt_backend_release (KgBoltBackend *backend)
{
  g_mutex_lock (&backend->lock);
  g_warn_if_fail (backend->held);
  backend->held = FALSE;
  g_cond_signal (&backend->freed);
  g_mutex_unlock (&backend->lock);
}

void
kg_bolt_backend_cancel (KgBoltBackend *backend)
{
  kgq_db_cancel (backend->db);
}

char *
kg_bolt_backend_bookmark (KgBoltBackend *backend)
{
  g_mutex_lock (&backend->lock);
  guint64 writes = backend->writes;
  g_mutex_unlock (&backend->lock);
  return g_strdup_printf ("kgq:%" G_GUINT64_FORMAT, writes);
}

/* --- Statements ----------------------------------------------------------------- */

KgBoltStatement *
kg_bolt_backend_run (KgBoltBackend *backend, const char *query, const KgValue *params, guint64 timeout_ms, GError **error)
{
  KgqDb *db = backend->db;
  kgq_db_clear_params (db);
  if (params != NULL && params->type == KG_VALUE_MAP)
    for (guint i = 0; i < params->u.map->len; i++)
      kgq_db_set_param (db, params->u.map->keys[i], &params->u.map->vals[i]);

  /* A transaction timeout from the driver tightens the server's, never loosens it. */
  gboolean own_limits = FALSE;
  if (timeout_ms > 0)
    {
      own_limits = backend->limits.timeout_ms == 0 || timeout_ms < backend->limits.timeout_ms;
      if (own_limits)
        {
          KgqLimits l = backend->limits;
          l.timeout_ms = timeout_ms;
          kgq_db_set_limits (db, &l);
        }
    }
  KgqResult *result = kgq_db_query (db, query, -1, NULL, NULL, error);
  if (result == NULL)
    {
      if (own_limits)
        kgq_db_set_limits (db, &backend->limits);
      kgq_db_clear_params (db);
      return NULL;
    }
  KgBoltStatement *stmt = g_new0 (KgBoltStatement, 1);
  stmt->backend = backend;
  stmt->result = result;
  stmt->own_limits = own_limits;
  return stmt;
}

guint
kg_bolt_statement_n_columns (KgBoltStatement *stmt)
{
  return kgq_result_n_columns (stmt->result);
}

const char *
kg_bolt_statement_column (KgBoltStatement *stmt, guint column)
{
  return kgq_result_column_name (stmt->result, column);
}

gboolean
kg_bolt_statement_next (KgBoltStatement *stmt, GError **error)
{
  return kgq_result_next (stmt->result, error);
}

/* Properties in key order, so a node reads the same however its keys were interned. */
static KgValue
properties_of (KgGraph *g, guint32 id, gboolean is_node)
{
  guint n = 0;
  g_autofree KgqProperty *props = kgq_sorted_properties (g, id, is_node, &n);
  KgMap *map = kg_map_new (n);
  for (guint i = 0; i < n; i++)
    {
      KgValue v;
      kg_value_copy (props[i].value, &v);
      kg_map_set (map, props[i].name, &v);
    }
  return kg_value_map (map);
}

static gboolean
entity_node (gpointer data, guint32 id, KgValue *labels, KgValue *props)
{
  KgGraph *g = kgq_db_graph (data);
  if (!kg_graph_node_exists (g, id))
    return FALSE;
  guint n = 0;
  const KgSymbol *syms = kg_graph_node_labels (g, id, &n);
  KgList *list = kg_list_new (n);
  for (guint i = 0; i < n; i++)
    {
      KgValue s = kg_value_string (kg_graph_symbol_name (g, KG_SYM_LABEL, syms[i]));
      kg_list_append (list, &s);
    }
  *labels = kg_value_list (list);
  *props = properties_of (g, id, TRUE);
  return TRUE;
}

static gboolean
entity_edge (gpointer data, guint32 id, guint32 *src, guint32 *dst, KgValue *type, KgValue *props)
{
  KgGraph *g = kgq_db_graph (data);
  if (!kg_graph_edge_exists (g, id))
    return FALSE;
  *src = kg_graph_edge_src (g, id);
  *dst = kg_graph_edge_dst (g, id);
  *type = kg_value_string (kg_graph_symbol_name (g, KG_SYM_TYPE, kg_graph_edge_type (g, id)));
  *props = properties_of (g, id, FALSE);
  return TRUE;
}

static const KgBoltEntities graph_entities = { entity_node, entity_edge };

void
kg_bolt_statement_put_row (KgBoltStatement *stmt, GByteArray *out, const KgPackstreamFormat *format)
{
  guint n = kgq_result_n_columns (stmt->result);
  kg_packstream_put_list_header (out, n);
  for (guint i = 0; i < n; i++)
    kg_packstream_put_value (out, kgq_result_value (stmt->result, i), format, &graph_entities, stmt->backend->db);
}

void
kg_bolt_statement_stats (KgBoltStatement *stmt, KgBoltStats *stats)
{
  const KgqStats *s = kgq_result_stats (stmt->result);
  stats->nodes_created = s->nodes_created;
  stats->nodes_deleted = s->nodes_deleted;
  stats->relationships_created = s->relationships_created;
  stats->relationships_deleted = s->relationships_deleted;
  stats->properties_set = s->properties_set;
  stats->labels_added = s->labels_added;
  stats->labels_removed = s->labels_removed;
}

const char *
kg_bolt_statement_warning (KgBoltStatement *stmt)
{
  return kgq_result_warning (stmt->result);
}

char *
kg_bolt_statement_plan (KgBoltStatement *stmt)
{
  return kgq_result_plan (stmt->result);
}

gboolean
kg_bolt_statement_is_explain (KgBoltStatement *stmt)
{
  return kgq_result_is_explain (stmt->result);
}

void
kg_bolt_statement_free (KgBoltStatement *stmt)
{
  if (stmt == NULL)
    return;
  KgBoltBackend *backend = stmt->backend;
  const KgqStats *s = kgq_result_stats (stmt->result);
  gboolean wrote = s->nodes_created || s->nodes_deleted || s->relationships_created || s->relationships_deleted ||
                   s->properties_set || s->labels_added || s->labels_removed;
  kgq_result_free (stmt->result);
  kgq_db_clear_params (backend->db);
  if (stmt->own_limits)
    kgq_db_set_limits (backend->db, &backend->limits);
  if (wrote)
    {
      g_mutex_lock (&backend->lock);
      backend->writes++;
      g_mutex_unlock (&backend->lock);
    }
  g_free (stmt);
}
