/* server/bolt-backend.c — sessions and statements on the shared database (see
 * bolt-backend.h).
 *
 * Locks: the database's readers–writer lock (inside libkgq) guards the graph; a
 * statement takes it in kg_bolt_session_run() and keeps it until its last row is read
 * or it is freed, so rows are encoded (labels, types, ends, properties read) while it is
 * held. The backend's own mutex guards only its bookmark counter. A session belongs to
 * one connection's worker thread; kg_bolt_session_cancel() alone is called from its
 * reader thread. This is the only file of server/ that includes lib/kgq.h.
 */
#include "server/bolt-backend.h"

#include "lib/kgq.h"

#include <stdio.h>

struct _KgBoltBackend
{
  KgqDb *db;
  KgqLimits limits;
  GMutex lock;    /* guards @writes */
  guint64 writes; /* write statements that changed something: names bookmarks */
};

struct _KgBoltSession
{
  KgBoltBackend *backend;
  KgqSession *session;
};

struct _KgBoltStatement
{
  KgBoltSession *session;
  KgqResult *result;
  gboolean own_limits; /* the statement set a shorter timeout of its own */
};

/* dbms.components(), which drivers' tools (cypher-shell, Neo4j Browser, LangChain) call
 * first to learn what they talk to: the Neo4j version whose protocol the server speaks,
 * as its agent string says, so they take the 5.x code paths. */
static void
add_tool_procedures (KgqDb *db)
{
  KgList *versions = kg_list_new (1);
  KgValue v = kg_value_string ("5.26.0");
  kg_list_append (versions, &v);
  KgList *row = kg_list_new (3);
  KgValue cells[3] = { kg_value_string ("Neo4j Kernel"), kg_value_list (versions), kg_value_string ("community") };
  for (guint i = 0; i < 3; i++)
    kg_list_append (row, &cells[i]);
  KgList *rows = kg_list_new (1);
  KgValue rv = kg_value_list (row);
  kg_list_append (rows, &rv);
  KgValue table = kg_value_list (rows);
  g_autoptr (GError) error = NULL;
  if (!kgq_db_add_procedure (db, "dbms.components() :: (name :: STRING?, versions :: LIST?, edition :: STRING?)", &table, &error))
    g_warning ("dbms.components(): %s", error->message);
  kg_value_clear (&table);
}

KgBoltBackend *
kg_bolt_backend_new (gpointer db, const KgBoltLimits *limits)
{
  KgBoltBackend *b = g_new0 (KgBoltBackend, 1);
  b->db = db;
  b->limits.timeout_ms = limits->timeout_ms;
  b->limits.max_rows = limits->max_rows;
  b->limits.max_memory = limits->max_memory;
  b->limits.lock_timeout_ms = limits->lock_timeout_ms;
  g_mutex_init (&b->lock);
  add_tool_procedures (db);
  return b;
}

void
kg_bolt_backend_free (KgBoltBackend *backend)
{
  if (backend == NULL)
    return;
  g_mutex_clear (&backend->lock);
  g_free (backend);
}

char *
kg_bolt_backend_bookmark (KgBoltBackend *backend)
{
  g_mutex_lock (&backend->lock);
  guint64 writes = backend->writes;
  g_mutex_unlock (&backend->lock);
  return g_strdup_printf ("kgq:%" G_GUINT64_FORMAT, writes);
}

KgBoltSession *
kg_bolt_session_new (KgBoltBackend *backend)
{
  KgBoltSession *s = g_new0 (KgBoltSession, 1);
  s->backend = backend;
  s->session = kgq_session_new (backend->db);
  kgq_session_set_limits (s->session, &backend->limits);
  return s;
}

void
kg_bolt_session_free (KgBoltSession *session)
{
  if (session == NULL)
    return;
  kgq_session_free (session->session);
  g_free (session);
}

gboolean
kg_bolt_session_begin (KgBoltSession *session, GError **error)
{
  return kgq_session_begin (session->session, error);
}

gboolean
kg_bolt_session_commit (KgBoltSession *session, GError **error)
{
  return kgq_session_commit (session->session, error);
}

void
kg_bolt_session_rollback (KgBoltSession *session)
{
  kgq_session_rollback (session->session);
}

void
kg_bolt_session_cancel (KgBoltSession *session)
{
  kgq_session_cancel (session->session);
}

/* --- Statements ----------------------------------------------------------------- */

KgBoltStatement *
kg_bolt_session_run (KgBoltSession *session, const char *query, const KgValue *params, guint64 timeout_ms, GError **error)
{
  KgqSession *s = session->session;
  const KgqLimits *server = &session->backend->limits;
  kgq_session_clear_params (s);
  if (params != NULL && params->type == KG_VALUE_MAP)
    for (guint i = 0; i < params->u.map->len; i++)
      kgq_session_set_param (s, params->u.map->keys[i], &params->u.map->vals[i]);

  /* A driver's transaction timeout tightens the server's, never loosens it. */
  gboolean own_limits = timeout_ms > 0 && (server->timeout_ms == 0 || timeout_ms < server->timeout_ms);
  if (own_limits)
    {
      KgqLimits l = *server;
      l.timeout_ms = timeout_ms;
      kgq_session_set_limits (s, &l);
    }
  KgqResult *result = kgq_session_query (s, query, -1, NULL, NULL, error);
  if (result == NULL)
    {
      if (own_limits)
        kgq_session_set_limits (s, server);
      kgq_session_clear_params (s);
      return NULL;
    }
  KgBoltStatement *stmt = g_new0 (KgBoltStatement, 1);
  stmt->session = session;
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

static gboolean
entity_node (gpointer data, guint32 id, KgValue *labels, KgValue *props)
{
  KgqSession *s = data;
  KgValue node = kg_value_node (id);
  if (!kgq_entity_exists (s, &node))
    return FALSE;
  g_auto (GStrv) names = kgq_node_labels (s, &node);
  KgList *list = kg_list_new (g_strv_length (names));
  for (guint i = 0; names[i] != NULL; i++)
    {
      KgValue v = kg_value_string (names[i]);
      kg_list_append (list, &v);
    }
  *labels = kg_value_list (list);
  return kgq_entity_properties (s, &node, props);
}

static gboolean
entity_edge (gpointer data, guint32 id, guint32 *src, guint32 *dst, KgValue *type, KgValue *props)
{
  KgqSession *s = data;
  KgValue rel = kg_value_edge (id);
  g_autofree char *name = kgq_relationship_info (s, &rel, src, dst);
  if (name == NULL)
    return FALSE;
  *type = kg_value_string (name);
  return kgq_entity_properties (s, &rel, props);
}

static const KgBoltEntities session_entities = { entity_node, entity_edge };

void
kg_bolt_statement_put_row (KgBoltStatement *stmt, GByteArray *out, const KgPackstreamFormat *format)
{
  guint n = kgq_result_n_columns (stmt->result);
  kg_packstream_put_list_header (out, n);
  for (guint i = 0; i < n; i++)
    kg_packstream_put_value (out, kgq_result_value (stmt->result, i), format, &session_entities,
                             stmt->session->session);
}

const KgValue *
kg_bolt_statement_value (KgBoltStatement *stmt, guint column)
{
  return kgq_result_value (stmt->result, column);
}

const KgBoltEntities *
kg_bolt_session_entities (KgBoltSession *session, gpointer *data)
{
  *data = session->session;
  return &session_entities;
}

GArray *
kg_bolt_session_conflicts (KgBoltSession *session)
{
  return kgq_session_conflicting_relationships (session->session);
}

gboolean
kg_bolt_session_temporal (KgBoltSession *session, KgValueType type, const char *text, KgValue *out, GError **error)
{
  static const struct
  {
    KgValueType type;
    const char *fn;
  } fns[] = {
    { KG_VALUE_DATE, "date" },
    { KG_VALUE_LOCALTIME, "localtime" },
    { KG_VALUE_TIME, "time" },
    { KG_VALUE_LOCALDATETIME, "localdatetime" },
    { KG_VALUE_DATETIME, "datetime" },
    { KG_VALUE_DURATION, "duration" },
  };
  const char *fn = NULL;
  for (guint i = 0; i < G_N_ELEMENTS (fns); i++)
    if (fns[i].type == type)
      fn = fns[i].fn;
  g_return_val_if_fail (fn != NULL, FALSE);
  /* The parser of Cypher's own temporal functions reads the text, so a parameter and
   * the same literal in a query are the same value. The scratch session keeps the
   * caller's parameters untouched. */
  g_autoptr (GString) expr = g_string_new (fn);
  g_string_append_c (expr, '(');
  kg_string_append_quoted (expr, text, '\'', FALSE);
  g_string_append_c (expr, ')');
  g_autoptr (KgqSession) scratch = kgq_session_new (session->backend->db);
  if (!kgq_session_set_param_literal (scratch, "v", expr->str, error))
    return FALSE;
  const KgValue *v = g_hash_table_lookup (kgq_session_params (scratch), "v");
  if (v == NULL || v->type != type)
    {
      g_set_error (error, KG_QUERY_ERROR, KG_QUERY_ERROR_ARGUMENT, "'%s' is not a %s", text, kg_value_type_name (type));
      return FALSE;
    }
  kg_value_copy (v, out);
  return TRUE;
}

const KgqStats *
kg_bolt_statement_stats (KgBoltStatement *stmt)
{
  return kgq_result_stats (stmt->result);
}

gboolean
kg_bolt_statement_writes (KgBoltStatement *stmt)
{
  return kgq_result_writes (stmt->result);
}

guint
kg_bolt_statement_n_notifications (KgBoltStatement *stmt)
{
  return kgq_result_n_notifications (stmt->result);
}

const KgqNotification *
kg_bolt_statement_notification (KgBoltStatement *stmt, guint i)
{
  return kgq_result_notification (stmt->result, i);
}

void
kg_bolt_statement_plan_walk (KgBoltStatement *stmt, KgqPlanVisitFunc visit, gpointer user_data)
{
  kgq_result_plan_walk (stmt->result, visit, user_data);
}

gboolean
kg_bolt_statement_is_profile (KgBoltStatement *stmt)
{
  return kgq_result_is_profile (stmt->result);
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
  KgBoltSession *session = stmt->session;
  const KgqStats *s = kgq_result_stats (stmt->result);
  gboolean wrote = s->nodes_created || s->nodes_deleted || s->relationships_created || s->relationships_deleted ||
                   s->properties_set || s->labels_added || s->labels_removed;
  kgq_result_free (stmt->result);
  kgq_session_clear_params (session->session);
  if (stmt->own_limits)
    kgq_session_set_limits (session->session, &session->backend->limits);
  if (wrote)
    {
      g_mutex_lock (&session->backend->lock);
      session->backend->writes++;
      g_mutex_unlock (&session->backend->lock);
    }
  g_free (stmt);
}

/* --- Errors and warnings, as both protocols report them -------------------------- */

void
kg_bolt_error_status (const GError *error, const char **code, const char **gql)
{
  *gql = "50N42";
  if (error->domain == KG_PACKSTREAM_ERROR)
    {
      *code = "Neo.ClientError.Request.Invalid";
      *gql = "22000";
      return;
    }
  if (error->domain != KG_QUERY_ERROR)
    {
      *code = "Neo.DatabaseError.General.UnknownError";
      return;
    }
  switch ((KgQueryError) error->code)
    {
    case KG_QUERY_ERROR_SYNTAX:
    case KG_QUERY_ERROR_INCOMPLETE:
      *code = "Neo.ClientError.Statement.SyntaxError";
      *gql = "42001";
      return;
    case KG_QUERY_ERROR_SEMANTIC:
      *code = "Neo.ClientError.Statement.SemanticError";
      *gql = "42001";
      return;
    case KG_QUERY_ERROR_TYPE:
      *code = "Neo.ClientError.Statement.TypeError";
      *gql = "22000";
      return;
    case KG_QUERY_ERROR_ARGUMENT:
      *code = "Neo.ClientError.Statement.ArgumentError";
      *gql = "22000";
      return;
    case KG_QUERY_ERROR_ARITHMETIC:
      *code = "Neo.ClientError.Statement.ArithmeticError";
      *gql = "22000";
      return;
    case KG_QUERY_ERROR_PARAMETER_MISSING:
      *code = "Neo.ClientError.Statement.ParameterMissing";
      *gql = "42001";
      return;
    case KG_QUERY_ERROR_ENTITY_NOT_FOUND:
      *code = "Neo.ClientError.Statement.EntityNotFound";
      return;
    case KG_QUERY_ERROR_CONSTRAINT:
      *code = "Neo.ClientError.Schema.ConstraintValidationFailed";
      return;
    case KG_QUERY_ERROR_PROCEDURE:
      *code = "Neo.ClientError.Procedure.ProcedureCallFailed";
      return;
    case KG_QUERY_ERROR_UNSUPPORTED:
      *code = "Neo.ClientError.Statement.FeatureNotSupported";
      return;
    case KG_QUERY_ERROR_CANCELLED:
      *code = "Neo.ClientError.Transaction.Terminated";
      return;
    case KG_QUERY_ERROR_LIMIT:
      /* Time, rows, memory or an engine size bound: not retryable, so not transient. */
      *code = "Neo.ClientError.Statement.ExecutionFailed";
      return;
    case KG_QUERY_ERROR_RUNTIME:
      *code = "Neo.DatabaseError.Statement.ExecutionFailed";
      return;
    case KG_QUERY_ERROR_LOCK_TIMEOUT:
      /* Another session held the write lock too long: the drivers retry transient errors. */
      *code = "Neo.TransientError.Transaction.LockAcquisitionTimeout";
      return;
    }
  *code = "Neo.DatabaseError.General.UnknownError";
}
