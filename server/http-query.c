/* server/http-query.c — Neo4j's Query API on kgq: POST /db/NAME/query/v2 and the
 * explicit transactions under /db/NAME/query/v2/tx, as Neo4j documents them.
 *
 * A request is `{"statement": …, "parameters": {…}, "includeCounters": true}`; the
 * answer is `{"data": {"fields": […], "values": [[…], …]}, "bookmarks": […]}` with 202,
 * or `{"errors": [{"code": …, "message": …}]}` with 400 (a client error), 401, 404,
 * 500 (a database error) or 503 (a transient one). Values are plain JSON, or typed
 * (`{"$type": "Integer", "_value": "42"}`) when the client sends or accepts
 * application/vnd.neo4j.query; parameters are read the same two ways. Statements run
 * through bolt-backend.c, as Bolt's do: the same sessions, limits, locks, error codes
 * and bookmarks. A request outside a transaction runs on a session of its own in a pool
 * thread; a transaction has a thread and a session of its own for its whole life, since
 * its write lock belongs to that thread, and is rolled back when it fails, when it is
 * left without a request for --http-tx-timeout, or when the server stops. The whole
 * answer is built before it is sent, so a result is bounded by http_max_result bytes.
 * Nothing here reads sockets or headers; http-server.c does.
 */
#include "server/http-private.h"

#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "common/error.h"
#include "common/json-scan.h"
#include "common/print.h"

/* Parameters nested deeper than this are refused before they are parsed. */
#define MAX_DEPTH 64

/* --- Values out ----------------------------------------------------------------- */

void
kg_http_json_string (GString *out, const char *s)
{
  kg_string_append_quoted (out, s, '"', FALSE);
}

static void
typed_open (GString *out, const char *type)
{
  g_string_append (out, "{\"$type\":\"");
  g_string_append (out, type);
  g_string_append (out, "\",\"_value\":");
}

static void
json_map (GString *out, const KgMap *map, gboolean typed, const KgBoltEntities *ent, gpointer data)
{
  g_string_append_c (out, '{');
  for (guint i = 0; map != NULL && i < map->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      kg_http_json_string (out, map->keys[i]);
      g_string_append_c (out, ':');
      kg_http_json_value (out, &map->vals[i], typed, ent, data);
    }
  g_string_append_c (out, '}');
}

/* Element ids as Bolt has them and elementId() returns them: `n:ID`, `r:ID`. */
static void
json_id (GString *out, const char *key, char kind, guint32 id)
{
  g_string_append_printf (out, "\"%s\":\"%c:%u\"", key, kind, id);
}

static void
json_node (GString *out, guint32 id, gboolean typed, const KgBoltEntities *ent, gpointer data)
{
  KgValue labels = KG_VALUE_INIT, props = KG_VALUE_INIT;
  ent->node (data, id, &labels, &props);
  if (typed)
    typed_open (out, "Node");
  g_string_append_c (out, '{');
  json_id (out, typed ? "_element_id" : "elementId", 'n', id);
  g_string_append (out, typed ? ",\"_labels\":[" : ",\"labels\":[");
  for (guint i = 0; labels.type == KG_VALUE_LIST && i < labels.u.list->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      kg_http_json_string (out, labels.u.list->items[i].u.s);
    }
  g_string_append (out, typed ? "],\"_properties\":" : "],\"properties\":");
  json_map (out, props.type == KG_VALUE_MAP ? props.u.map : NULL, typed, ent, data);
  g_string_append_c (out, '}');
  if (typed)
    g_string_append_c (out, '}');
  kg_value_clear (&labels);
  kg_value_clear (&props);
}

static void
json_edge (GString *out, guint32 id, gboolean typed, const KgBoltEntities *ent, gpointer data)
{
  KgValue type = KG_VALUE_INIT, props = KG_VALUE_INIT;
  guint32 src = 0, dst = 0;
  ent->edge (data, id, &src, &dst, &type, &props);
  if (typed)
    typed_open (out, "Relationship");
  g_string_append_c (out, '{');
  json_id (out, typed ? "_element_id" : "elementId", 'r', id);
  g_string_append_c (out, ',');
  json_id (out, typed ? "_start_node_element_id" : "startNodeElementId", 'n', src);
  g_string_append_c (out, ',');
  json_id (out, typed ? "_end_node_element_id" : "endNodeElementId", 'n', dst);
  g_string_append (out, typed ? ",\"_type\":" : ",\"type\":");
  kg_http_json_string (out, type.type == KG_VALUE_STRING ? type.u.s : "");
  g_string_append (out, typed ? ",\"_properties\":" : ",\"properties\":");
  json_map (out, props.type == KG_VALUE_MAP ? props.u.map : NULL, typed, ent, data);
  g_string_append_c (out, '}');
  if (typed)
    g_string_append_c (out, '}');
  kg_value_clear (&type);
  kg_value_clear (&props);
}

static const char *
temporal_type (const KgValue *v)
{
  switch (v->type)
    {
    case KG_VALUE_DATE:
      return "Date";
    case KG_VALUE_LOCALTIME:
      return "LocalTime";
    case KG_VALUE_TIME:
      return "Time";
    case KG_VALUE_LOCALDATETIME:
      return "LocalDateTime";
    case KG_VALUE_DATETIME:
      return v->u.t->zone != NULL ? "ZonedDateTime" : "OffsetDateTime";
    case KG_VALUE_DURATION:
      return "Duration";
    default:
      return NULL;
    }
}

void
kg_http_json_value (GString *out, const KgValue *v, gboolean typed, const KgBoltEntities *ent, gpointer data)
{
  switch (v->type)
    {
    case KG_VALUE_NULL:
      g_string_append (out, typed ? "{\"$type\":\"Null\",\"_value\":null}" : "null");
      return;
    case KG_VALUE_BOOL:
      if (typed)
        typed_open (out, "Boolean");
      g_string_append (out, v->u.b ? "true" : "false");
      break;
    case KG_VALUE_INT:
      if (typed)
        g_string_append_printf (out, "{\"$type\":\"Integer\",\"_value\":\"%" G_GINT64_FORMAT "\"}", v->u.i);
      else
        g_string_append_printf (out, "%" G_GINT64_FORMAT, v->u.i);
      return;
    case KG_VALUE_FLOAT:
      {
        /* JSON has no NaN or infinities: plain JSON spells them as strings. */
        gboolean name = !isfinite (v->u.f);
        if (typed)
          typed_open (out, "Float");
        if (typed || name)
          g_string_append_c (out, '"');
        kg_float_append (out, v->u.f);
        if (typed || name)
          g_string_append_c (out, '"');
        break;
      }
    case KG_VALUE_STRING:
      if (typed)
        typed_open (out, "String");
      kg_http_json_string (out, v->u.s);
      break;
    case KG_VALUE_LIST:
      if (typed)
        typed_open (out, "List");
      g_string_append_c (out, '[');
      for (guint i = 0; i < v->u.list->len; i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          kg_http_json_value (out, &v->u.list->items[i], typed, ent, data);
        }
      g_string_append_c (out, ']');
      break;
    case KG_VALUE_MAP:
      if (typed)
        typed_open (out, "Map");
      json_map (out, v->u.map, typed, ent, data);
      break;
    case KG_VALUE_NODE:
      json_node (out, v->u.id, typed, ent, data);
      return;
    case KG_VALUE_EDGE:
      json_edge (out, v->u.id, typed, ent, data);
      return;
    case KG_VALUE_PATH:
      {
        const KgPath *p = v->u.path;
        if (typed)
          typed_open (out, "Path");
        g_string_append_c (out, '[');
        for (guint i = 0; i <= p->len; i++)
          {
            if (i > 0)
              {
                g_string_append_c (out, ',');
                json_edge (out, p->edges[i - 1], typed, ent, data);
                g_string_append_c (out, ',');
              }
            json_node (out, p->nodes[i], typed, ent, data);
          }
        g_string_append_c (out, ']');
        break;
      }
    default:
      {
        const char *type = temporal_type (v);
        if (type == NULL)
          {
            g_string_append (out, "null");
            return;
          }
        if (typed)
          typed_open (out, type);
        g_autoptr (GString) text = g_string_new (NULL);
        kg_value_append_temporal_text (text, v);
        kg_http_json_string (out, text->str);
        break;
      }
    }
  if (typed)
    g_string_append_c (out, '}');
}

/* --- Values in ------------------------------------------------------------------ */

/* A parameter that cannot be read, named by its path: "parameter $x.list[2]: …". */
static gboolean G_GNUC_PRINTF (3, 4)
    param_fail (GError **error, const GString *path, const char *format, ...)
{
  va_list ap;
  va_start (ap, format);
  g_autofree char *reason = g_strdup_vprintf (format, ap);
  va_end (ap);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "parameter %s: %s", path->str, reason);
  return FALSE;
}

static gboolean
value_from_json (KgBoltSession *session, JsonNode *node, gboolean typed, GString *path, KgValue *out, GError **error);

static gboolean
map_from_json (KgBoltSession *session, JsonObject *o, gboolean typed, GString *path, KgValue *out, GError **error)
{
  g_autoptr (GList) members = json_object_get_members (o);
  KgMap *map = kg_map_new (g_list_length (members));
  *out = kg_value_map (map);
  gsize at = path->len;
  for (GList *m = members; m != NULL; m = m->next)
    {
      KgValue v = KG_VALUE_INIT;
      /* The parameters' own map names them $NAME; maps inside, .KEY. */
      g_string_append_printf (path, "%s%s", at == 0 ? "$" : ".", (const char *) m->data);
      if (!value_from_json (session, json_object_get_member (o, m->data), typed, path, &v, error))
        {
          kg_value_clear (out);
          return FALSE;
        }
      g_string_truncate (path, at);
      kg_map_set (map, m->data, &v);
    }
  return TRUE;
}

static gboolean
list_from_json (KgBoltSession *session, JsonArray *a, gboolean typed, GString *path, KgValue *out, GError **error)
{
  guint n = json_array_get_length (a);
  KgList *list = kg_list_new (n);
  *out = kg_value_list (list);
  gsize at = path->len;
  for (guint i = 0; i < n; i++)
    {
      KgValue v = KG_VALUE_INIT;
      g_string_append_printf (path, "[%u]", i);
      if (!value_from_json (session, json_array_get_element (a, i), typed, path, &v, error))
        {
          kg_value_clear (out);
          return FALSE;
        }
      g_string_truncate (path, at);
      kg_list_append (list, &v);
    }
  return TRUE;
}

/* A typed value: {"$type": NAME, "_value": …}. */
static gboolean
typed_from_json (KgBoltSession *session, JsonObject *o, GString *path, KgValue *out, GError **error)
{
  static const struct
  {
    const char *name;
    KgValueType type;
  } temporal[] = {
    { "Date", KG_VALUE_DATE },
    { "LocalTime", KG_VALUE_LOCALTIME },
    { "Time", KG_VALUE_TIME },
    { "LocalDateTime", KG_VALUE_LOCALDATETIME },
    { "OffsetDateTime", KG_VALUE_DATETIME },
    { "ZonedDateTime", KG_VALUE_DATETIME },
    { "Duration", KG_VALUE_DURATION },
  };
  JsonNode *tn = json_object_get_member (o, "$type");
  JsonNode *vn = json_object_get_member (o, "_value");
  const char *type = tn != NULL && JSON_NODE_HOLDS_VALUE (tn) && json_node_get_value_type (tn) == G_TYPE_STRING ? json_node_get_string (tn) : NULL;
  if (type == NULL || vn == NULL || json_object_get_size (o) != 2)
    {
      return param_fail (error, path, "a typed value is {\"$type\": TYPE, \"_value\": VALUE}");
    }
  gboolean is_string = JSON_NODE_HOLDS_VALUE (vn) && json_node_get_value_type (vn) == G_TYPE_STRING;
  const char *text = is_string ? json_node_get_string (vn) : NULL;
  if (strcmp (type, "Null") == 0 && JSON_NODE_HOLDS_NULL (vn))
    {
      *out = kg_value_null ();
      return TRUE;
    }
  if (strcmp (type, "Boolean") == 0 && JSON_NODE_HOLDS_VALUE (vn) && json_node_get_value_type (vn) == G_TYPE_BOOLEAN)
    {
      *out = kg_value_bool (json_node_get_boolean (vn));
      return TRUE;
    }
  if (strcmp (type, "Integer") == 0 && text != NULL)
    {
      gint64 i;
      if (!g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &i, NULL))
        {
          return param_fail (error, path, "'%s' is not an Integer", text);
        }
      *out = kg_value_int (i);
      return TRUE;
    }
  if (strcmp (type, "Float") == 0 && text != NULL)
    {
      char *end = NULL;
      double f = strcmp (text, "NaN") == 0 ? NAN : strcmp (text, "Infinity") == 0 ? INFINITY
                                               : strcmp (text, "-Infinity") == 0  ? -INFINITY
                                                                                  : g_ascii_strtod (text, &end);
      if (end != NULL && (end == text || *end != '\0'))
        {
          return param_fail (error, path, "'%s' is not a Float", text);
        }
      *out = kg_value_float (f);
      return TRUE;
    }
  if (strcmp (type, "String") == 0 && text != NULL)
    {
      *out = kg_value_string (text);
      return TRUE;
    }
  if (strcmp (type, "List") == 0 && JSON_NODE_HOLDS_ARRAY (vn))
    return list_from_json (session, json_node_get_array (vn), TRUE, path, out, error);
  if (strcmp (type, "Map") == 0 && JSON_NODE_HOLDS_OBJECT (vn))
    return map_from_json (session, json_node_get_object (vn), TRUE, path, out, error);
  for (guint i = 0; i < G_N_ELEMENTS (temporal); i++)
    if (strcmp (type, temporal[i].name) == 0 && text != NULL)
      {
        g_autoptr (GError) local = NULL;
        if (kg_bolt_session_temporal (session, temporal[i].type, text, out, &local))
          return TRUE;
        return param_fail (error, path, "'%s' is not a %s: %s", text, type, local->message);
      }
  return param_fail (error, path, "the type %s%s is not supported (kgq has no %s values)", type,
                     text != NULL || JSON_NODE_HOLDS_NULL (vn) ? "" : " with this _value",
                     strcmp (type, "Base64") == 0 ? "byte array" : strcmp (type, "Point") == 0 ? "point"
                                                                                               : "such");
}

static gboolean
value_from_json (KgBoltSession *session, JsonNode *node, gboolean typed, GString *path, KgValue *out, GError **error)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_NULL:
      *out = kg_value_null ();
      return TRUE;
    case JSON_NODE_ARRAY:
      return list_from_json (session, json_node_get_array (node), typed, path, out, error);
    case JSON_NODE_OBJECT:
      if (typed)
        return typed_from_json (session, json_node_get_object (node), path, out, error);
      return map_from_json (session, json_node_get_object (node), FALSE, path, out, error);
    case JSON_NODE_VALUE:
      break;
    }
  if (typed)
    return param_fail (error, path, "with Content-Type application/vnd.neo4j.query every value is {\"$type\": …, \"_value\": …}");
  GType t = json_node_get_value_type (node);
  if (t == G_TYPE_INT64)
    *out = kg_value_int (json_node_get_int (node));
  else if (t == G_TYPE_DOUBLE)
    *out = kg_value_float (json_node_get_double (node));
  else if (t == G_TYPE_BOOLEAN)
    *out = kg_value_bool (json_node_get_boolean (node));
  else
    *out = kg_value_string (json_node_get_string (node));
  return TRUE;
}

/* --- Requests ------------------------------------------------------------------- */

void
kg_http_request_clear (KgHttpRequest *r)
{
  g_free (r->statement);
  kg_value_clear (&r->params);
}

gboolean
kg_http_request_decode (KgBoltSession *session, const char *data, gsize len, gboolean typed, gboolean need_statement, KgHttpRequest *r, GError **error)
{
  *r = (KgHttpRequest){ NULL, KG_VALUE_INIT, FALSE };
  if (data == NULL || len == 0)
    {
      if (!need_statement)
        return TRUE;
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "the body must be a JSON object with a \"statement\"");
      return FALSE;
    }
  g_autofree char *reason = NULL;
  if (!kg_json_precheck (data, len, MAX_DEPTH, &reason))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "the body is refused: %s", reason);
      return FALSE;
    }
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) local = NULL;
  if (!json_parser_load_from_data (parser, data, (gssize) len, &local))
    {
      guint line, column;
      const char *why = kg_json_error_reason (local->message, &line, &column);
      if (column > 0)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "the body is not JSON: line %u, column %u: %s", line, column, why);
      else
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "the body is not JSON: %s", why);
      return FALSE;
    }
  JsonNode *root = json_parser_get_root (parser);
  JsonObject *o = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  JsonNode *st = o != NULL ? json_object_get_member (o, "statement") : NULL;
  if (o == NULL || (st == NULL && need_statement))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "the body must be a JSON object with a \"statement\"");
      return FALSE;
    }
  if (st != NULL && !(JSON_NODE_HOLDS_VALUE (st) && json_node_get_value_type (st) == G_TYPE_STRING))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "\"statement\" must be a string");
      return FALSE;
    }
  JsonNode *p = json_object_get_member (o, "parameters");
  if (p != NULL && !JSON_NODE_HOLDS_NULL (p))
    {
      if (!JSON_NODE_HOLDS_OBJECT (p))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "\"parameters\" must be an object");
          return FALSE;
        }
      g_autoptr (GString) path = g_string_new (NULL);
      if (!map_from_json (session, json_node_get_object (p), typed, path, &r->params, error))
        return FALSE;
    }
  if (st != NULL)
    r->statement = g_strdup (json_node_get_string (st));
  JsonNode *c = json_object_get_member (o, "includeCounters");
  r->include_counters = c != NULL && JSON_NODE_HOLDS_VALUE (c) && json_node_get_value_type (c) == G_TYPE_BOOLEAN && json_node_get_boolean (c);
  return TRUE;
}

/* Reads the body; @need_statement: a request that must run something. */
static gboolean
request_parse (KgHttpJob *job, KgBoltSession *session, gboolean need_statement, KgHttpRequest *r)
{
  gsize len = 0;
  const char *data = job->body != NULL ? g_bytes_get_data (job->body, &len) : NULL;
  g_autoptr (GError) error = NULL;
  if (kg_http_request_decode (session, data, len, job->typed_in, need_statement, r, &error))
    return TRUE;
  kg_http_job_error (job, SOUP_STATUS_BAD_REQUEST, "Neo.ClientError.Request.Invalid", error->message);
  return FALSE;
}

/* --- Statements ----------------------------------------------------------------- */

static void
statement_error (KgHttpJob *job, const GError *error, const char *query)
{
  const char *code, *gql;
  kg_bolt_error_status (error, &code, &gql);
  g_autofree char *text = error->domain == KG_QUERY_ERROR && query != NULL ? kg_query_error_render (error, query) : g_strdup (error->message);
  fprintf (stderr, "kgq serve: http: %s: %s\n", code, error->message);
  guint status = g_str_has_prefix (code, "Neo.ClientError")      ? SOUP_STATUS_BAD_REQUEST
                 : g_str_has_prefix (code, "Neo.TransientError") ? SOUP_STATUS_SERVICE_UNAVAILABLE
                                                                 : SOUP_STATUS_INTERNAL_SERVER_ERROR;
  kg_http_job_error (job, status, code, text);
  const KgSpan *span = error->domain == KG_QUERY_ERROR ? kg_query_error_get_span (error) : NULL;
  if (span != NULL && span->start.line > 0)
    {
      /* Neo4j's error object, and where the statement went wrong (as Bolt's
       * diagnostic record has it), for clients that point at it. */
      g_string_truncate (job->out, job->out->len - 3);
      g_string_append_printf (job->out, ",\"position\":{\"offset\":%" G_GSIZE_FORMAT ",\"line\":%u,\"column\":%u}}]}",
                              span->start.offset, span->start.line, span->start.column);
    }
}

static void
put_counters (GString *out, const KgqStats *s)
{
  gboolean updates = s->nodes_created || s->nodes_deleted || s->relationships_created || s->relationships_deleted ||
                     s->properties_set || s->labels_added || s->labels_removed;
  g_string_append_printf (out,
                          ",\"counters\":{\"containsUpdates\":%s,\"nodesCreated\":%" G_GUINT64_FORMAT ",\"nodesDeleted\":%" G_GUINT64_FORMAT
                          ",\"propertiesSet\":%" G_GUINT64_FORMAT ",\"relationshipsCreated\":%" G_GUINT64_FORMAT
                          ",\"relationshipsDeleted\":%" G_GUINT64_FORMAT ",\"labelsAdded\":%" G_GUINT64_FORMAT ",\"labelsRemoved\":%" G_GUINT64_FORMAT
                          ",\"indexesAdded\":0,\"indexesRemoved\":0,\"constraintsAdded\":0,\"constraintsRemoved\":0"
                          ",\"containsSystemUpdates\":false,\"systemUpdates\":0}",
                          updates ? "true" : "false", s->nodes_created, s->nodes_deleted, s->properties_set, s->relationships_created,
                          s->relationships_deleted, s->labels_added, s->labels_removed);
}

/* The Query API's `notifications`, as Neo4j's: code, title, description, severity,
 * category and position. */
static void
put_notifications (GString *out, KgBoltStatement *stmt)
{
  guint n = kg_bolt_statement_n_notifications (stmt);
  if (n == 0)
    return;
  g_string_append (out, ",\"notifications\":[");
  for (guint i = 0; i < n; i++)
    {
      const KgqNotification *note = kg_bolt_statement_notification (stmt, i);
      g_string_append (out, i > 0 ? ",{\"code\":" : "{\"code\":");
      kg_http_json_string (out, note->code);
      g_string_append (out, ",\"title\":");
      kg_http_json_string (out, note->title);
      g_string_append (out, ",\"description\":");
      kg_http_json_string (out, note->description);
      g_string_append (out, ",\"severity\":");
      kg_http_json_string (out, note->severity);
      g_string_append (out, ",\"category\":");
      kg_http_json_string (out, note->category);
      g_string_append_printf (out, ",\"position\":{\"offset\":%" G_GSIZE_FORMAT ",\"line\":%u,\"column\":%u}}", note->span.start.offset,
                              note->span.start.line, note->span.start.column);
    }
  g_string_append_c (out, ']');
}

static void
put_empty_data (GString *out)
{
  g_string_append (out, "{\"data\":{\"fields\":[],\"values\":[]}");
}

/* --- Plans ------------------------------------------------------------------------ */

typedef struct
{
  GString *out;
  gboolean profile;
  GArray *open; /* (element-type guint) per open operator, the children still to come */
} PlanWriter;

/* One operator as the Query API gives it: {operatorType, arguments, identifiers,
 * [records, time,] children}. The children follow in the walk's order, so the
 * operator's brackets stay open until its last child closed. kgq counts no database
 * or page-cache hits, so those keys are left out. */
static void
plan_write_op (const KgqPlanOperator *op, gpointer user_data)
{
  PlanWriter *w = user_data;
  GString *out = w->out;
  g_string_append (out, "{\"operatorType\":");
  g_autofree char *type = g_strdup_printf ("%s@neo4j", op->name);
  kg_http_json_string (out, type);
  g_string_append_printf (out, ",\"arguments\":{\"EstimatedRows\":%.17g", isfinite (op->estimated_rows) ? op->estimated_rows : 0.0);
  if (op->details[0] != '\0')
    {
      g_string_append (out, ",\"Details\":");
      kg_http_json_string (out, op->details);
    }
  if (op->depth == 0)
    g_string_append (out, ",\"planner\":\"COST\",\"runtime\":\"KGQ\",\"version\":\"CYPHER 5\"");
  g_string_append (out, "},\"identifiers\":[]");
  if (w->profile)
    /* Neo4j counts an operator's time in nanoseconds. */
    g_string_append_printf (out, ",\"records\":%" G_GUINT64_FORMAT ",\"time\":%" G_GINT64_FORMAT, op->rows, op->time_us * 1000);
  g_string_append (out, ",\"children\":[");
  if (op->n_children > 0)
    {
      g_array_append_val (w->open, op->n_children);
      return;
    }
  g_string_append (out, "]}");
  while (w->open->len > 0)
    {
      guint *left = &g_array_index (w->open, guint, w->open->len - 1);
      if (--*left > 0)
        {
          g_string_append_c (out, ',');
          return;
        }
      g_array_set_size (w->open, w->open->len - 1);
      g_string_append (out, "]}");
    }
}

/* EXPLAIN's `queryPlan` or PROFILE's `profiledQueryPlan`, after the data. */
static void
put_plan (GString *out, KgBoltStatement *stmt)
{
  gboolean profile = kg_bolt_statement_is_profile (stmt);
  if (!profile && !kg_bolt_statement_is_explain (stmt))
    return;
  g_autoptr (GArray) open = g_array_new (FALSE, FALSE, sizeof (guint));
  PlanWriter w = { out, profile, open };
  g_string_append (out, profile ? ",\"profiledQueryPlan\":" : ",\"queryPlan\":");
  kg_bolt_statement_plan_walk (stmt, plan_write_op, &w);
}

/* Runs @r on @session and leaves the answer's object open in job->out (the caller adds
 * bookmarks or the transaction and closes it). Returns: FALSE with job->out the error. */
static gboolean
run_statement (KgHttpJob *job, KgBoltSession *session, const KgHttpRequest *r)
{
  g_autoptr (GError) error = NULL;
  if (r->statement == NULL)
    {
      job->out = g_string_new (NULL);
      put_empty_data (job->out);
      return TRUE;
    }
  KgBoltStatement *stmt = kg_bolt_session_run (session, r->statement, &r->params, 0, &error);
  if (stmt == NULL)
    {
      statement_error (job, error, r->statement);
      return FALSE;
    }
  GString *out = g_string_new ("{\"data\":{\"fields\":[");
  guint n = kg_bolt_statement_n_columns (stmt);
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      kg_http_json_string (out, kg_bolt_statement_column (stmt, i));
    }
  g_string_append (out, "],\"values\":[");
  gpointer data;
  const KgBoltEntities *ent = kg_bolt_session_entities (session, &data);
  gsize max = job->server->opts->http_max_result;
  for (guint64 row = 0; kg_bolt_statement_next (stmt, &error); row++)
    {
      g_string_append (out, row > 0 ? ",[" : "[");
      for (guint i = 0; i < n; i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          kg_http_json_value (out, kg_bolt_statement_value (stmt, i), job->typed_out, ent, data);
        }
      g_string_append_c (out, ']');
      if (max > 0 && out->len > max)
        {
          g_set_error (&error, KG_QUERY_ERROR, KG_QUERY_ERROR_LIMIT,
                       "the result is larger than %" G_GSIZE_FORMAT " bytes, what one HTTP answer may hold: add a LIMIT, or read it over Bolt, which streams",
                       max);
          break;
        }
    }
  if (error != NULL)
    {
      kg_bolt_statement_free (stmt);
      g_string_free (out, TRUE);
      statement_error (job, error, r->statement);
      return FALSE;
    }
  g_string_append (out, "]}");
  if (r->include_counters)
    put_counters (out, kg_bolt_statement_stats (stmt));
  put_notifications (out, stmt);
  put_plan (out, stmt);
  kg_bolt_statement_free (stmt);
  job->out = out;
  return TRUE;
}

static void
put_bookmarks (GString *out, KgBoltBackend *backend)
{
  g_autofree char *bookmark = kg_bolt_backend_bookmark (backend);
  g_string_append (out, ",\"bookmarks\":[");
  kg_http_json_string (out, bookmark);
  g_string_append (out, "]");
}

void
kg_http_query_run (KgHttpJob *job)
{
  KgHttpServer *s = job->server;
  g_autofree char *user = NULL;
  if (!kg_http_authorize (job, &user))
    return;
  KgBoltSession *session = kg_bolt_session_new (s->backend);
  KgHttpRequest r;
  if (request_parse (job, session, TRUE, &r))
    {
      kg_http_running_add (s, job, session);
      if (run_statement (job, session, &r))
        {
          put_bookmarks (job->out, s->backend);
          g_string_append_c (job->out, '}');
        }
      kg_http_running_remove (s, job, session);
    }
  kg_http_request_clear (&r);
  kg_bolt_session_free (session);
}

void
kg_http_conflicts_run (KgHttpJob *job)
{
  g_autofree char *user = NULL;
  if (!kg_http_authorize (job, &user))
    return;
  KgBoltSession *session = kg_bolt_session_new (job->server->backend);
  g_autoptr (GArray) ids = kg_bolt_session_conflicts (session);
  kg_bolt_session_free (session);
  job->status = SOUP_STATUS_OK;
  job->out = g_string_new ("{\"relationships\":[");
  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (job->out, "%s\"r:%u\"", i > 0 ? "," : "", g_array_index (ids, guint32, i));
  g_string_append (job->out, "]}");
}

/* --- Transactions --------------------------------------------------------------- */

struct _KgHttpTx
{
  KgHttpServer *server;
  char *id;
  char *user;        /* who began it; NULL until its first request is authorized */
  GAsyncQueue *jobs; /* KgHttpJob *, pushed under the server lock while in the table */
  GThread *thread;   /* runs tx_main(); detaches itself at the end */
  KgBoltSession *session;
  gint64 expires; /* monotonic µs */
  gboolean begun; /* the session's transaction is open */
};

static char *
tx_expiry_text (guint seconds)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (GDateTime) then = g_date_time_add_seconds (now, seconds);
  return g_date_time_format (then, "%Y-%m-%dT%H:%M:%SZ");
}

/* Ends a transaction's life in the table: no request reaches it from here on, and the
 * ones that came too late are told it is gone. */
static void
tx_close (KgHttpTx *tx, const char *why)
{
  KgHttpServer *s = tx->server;
  g_mutex_lock (&s->lock);
  g_hash_table_remove (s->txs, tx->id);
  g_mutex_unlock (&s->lock);
  KgHttpJob *late;
  while ((late = g_async_queue_try_pop (tx->jobs)) != NULL)
    {
      if (late->msg == NULL)
        {
          kg_http_job_free (late);
          continue;
        }
      g_autofree char *text = g_strdup_printf ("Transaction %s was %s.", tx->id, why);
      kg_http_job_error (late, SOUP_STATUS_NOT_FOUND, "Neo.ClientError.Transaction.TransactionNotFound", text);
      kg_http_job_respond (late);
    }
  if (tx->begun)
    kg_bolt_session_rollback (tx->session);
  tx->begun = FALSE;
}

/* One request of the transaction. Returns: FALSE when the transaction ended. */
static gboolean
tx_handle (KgHttpTx *tx, KgHttpJob *job)
{
  KgHttpServer *s = tx->server;
  g_autofree char *user = NULL;
  if (!kg_http_authorize (job, &user))
    return tx->user != NULL; /* a failed BEGIN leaves nothing behind */
  if (tx->user != NULL && strcmp (user, tx->user) != 0)
    {
      /* Another user's transaction does not exist, as far as this one can tell. */
      g_autofree char *text = g_strdup_printf ("Transaction %s was not found.", tx->id);
      kg_http_job_error (job, SOUP_STATUS_NOT_FOUND, "Neo.ClientError.Transaction.TransactionNotFound", text);
      return TRUE;
    }
  if (job->route == KG_HTTP_TX_BEGIN)
    {
      g_autoptr (GError) error = NULL;
      if (!kg_bolt_session_begin (tx->session, &error))
        {
          statement_error (job, error, NULL);
          return FALSE;
        }
      tx->user = g_strdup (user);
      tx->begun = TRUE;
    }
  if (job->route == KG_HTTP_TX_ROLLBACK)
    {
      kg_bolt_session_rollback (tx->session);
      tx->begun = FALSE;
      job->status = SOUP_STATUS_OK;
      job->out = g_string_new (NULL);
      put_empty_data (job->out);
      g_string_append_c (job->out, '}');
      return FALSE;
    }
  KgHttpRequest r;
  gboolean ok = request_parse (job, tx->session, FALSE, &r);
  if (ok)
    {
      kg_http_running_add (s, job, tx->session);
      ok = run_statement (job, tx->session, &r);
      kg_http_running_remove (s, job, tx->session);
    }
  kg_http_request_clear (&r);
  if (!ok)
    return FALSE; /* as in Neo4j, a failure rolls the transaction back */
  if (job->route == KG_HTTP_TX_COMMIT)
    {
      g_autoptr (GError) error = NULL;
      tx->begun = FALSE;
      if (!kg_bolt_session_commit (tx->session, &error))
        {
          g_string_free (job->out, TRUE);
          job->out = NULL;
          statement_error (job, error, NULL);
          return FALSE;
        }
      put_bookmarks (job->out, s->backend);
      g_string_append_c (job->out, '}');
      job->status = SOUP_STATUS_ACCEPTED;
      return FALSE;
    }
  g_autofree char *expires = tx_expiry_text (s->opts->http_tx_timeout_s);
  g_string_append (job->out, ",\"transaction\":{\"id\":");
  kg_http_json_string (job->out, tx->id);
  g_string_append (job->out, ",\"expires\":");
  kg_http_json_string (job->out, expires);
  g_string_append (job->out, "}}");
  return TRUE;
}

static gpointer
tx_main (gpointer data)
{
  KgHttpTx *tx = data;
  KgHttpServer *s = tx->server;
  const char *why = "rolled back after --http-tx-timeout without a request";
  for (;;)
    {
      gint64 left = tx->expires - g_get_monotonic_time ();
      KgHttpJob *job = left > 0 ? g_async_queue_timeout_pop (tx->jobs, (guint64) left) : NULL;
      if (job == NULL)
        break;
      if (job->msg == NULL)
        {
          why = "rolled back: the server stopped";
          kg_http_job_free (job);
          break;
        }
      gboolean live = tx_handle (tx, job);
      if (!live)
        {
          why = "already ended";
          tx_close (tx, why);
          kg_http_job_respond (job);
          break;
        }
      tx->expires = g_get_monotonic_time () + (gint64) s->opts->http_tx_timeout_s * G_USEC_PER_SEC;
      kg_http_job_respond (job);
    }
  tx_close (tx, why);
  kg_bolt_session_free (tx->session);
  g_async_queue_unref (tx->jobs);
  g_free (tx->id);
  g_free (tx->user);
  GThread *self = tx->thread;
  g_free (tx);
  g_mutex_lock (&s->lock);
  s->n_txs--;
  g_cond_broadcast (&s->txs_done);
  g_mutex_unlock (&s->lock);
  g_thread_unref (self);
  return NULL;
}

void
kg_http_tx_dispatch (KgHttpServer *s, KgHttpJob *job, const char *tx_id)
{
  g_mutex_lock (&s->lock);
  if (tx_id != NULL)
    {
      KgHttpTx *tx = g_hash_table_lookup (s->txs, tx_id);
      if (tx != NULL)
        g_async_queue_push (tx->jobs, job);
      g_mutex_unlock (&s->lock);
      if (tx == NULL)
        {
          g_autofree char *text = g_strdup_printf ("Transaction %s was not found: it may have ended, or timed out and been rolled back.", tx_id);
          kg_http_job_error (job, SOUP_STATUS_NOT_FOUND, "Neo.ClientError.Transaction.TransactionNotFound", text);
          kg_http_job_respond (job);
        }
      return;
    }
  if (s->stopping || s->n_txs >= s->opts->max_connections)
    {
      g_mutex_unlock (&s->lock);
      kg_http_job_error (job, SOUP_STATUS_SERVICE_UNAVAILABLE, "Neo.TransientError.Request.ResourceExhaustion",
                         s->stopping ? "the server is stopping" : "too many open transactions (--max-connections)");
      kg_http_job_respond (job);
      return;
    }
  KgHttpTx *tx = g_new0 (KgHttpTx, 1);
  tx->server = s;
  guchar raw[12];
  randombytes_buf (raw, sizeof raw);
  tx->id = g_base64_encode (raw, sizeof raw);
  for (char *c = tx->id; *c != '\0'; c++)
    *c = *c == '+' ? '-' : *c == '/' ? '_'
                                     : *c;
  tx->jobs = g_async_queue_new ();
  tx->session = kg_bolt_session_new (s->backend);
  tx->expires = g_get_monotonic_time () + (gint64) s->opts->http_tx_timeout_s * G_USEC_PER_SEC;
  g_async_queue_push (tx->jobs, job);
  g_hash_table_insert (s->txs, tx->id, tx);
  s->n_txs++;
  tx->thread = g_thread_new ("kgq-http-tx", tx_main, tx);
  g_mutex_unlock (&s->lock);
}

static void
stop_each (gpointer key, gpointer value, gpointer data)
{
  KgHttpTx *tx = value;
  (void) key;
  (void) data;
  KgHttpJob *stop = g_new0 (KgHttpJob, 1);
  stop->route = KG_HTTP_TX_EXPIRE;
  kg_bolt_session_cancel (tx->session);
  g_async_queue_push_front (tx->jobs, stop);
}

void
kg_http_tx_stop_all (KgHttpServer *s)
{
  g_mutex_lock (&s->lock);
  g_hash_table_foreach (s->txs, stop_each, NULL);
  while (s->n_txs > 0)
    g_cond_wait (&s->txs_done, &s->lock);
  g_mutex_unlock (&s->lock);
}
