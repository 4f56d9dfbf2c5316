/* loader/jsonl.c — JSON Lines in, as apoc.export.json, Memgraph and kg_export_jsonl()
 * write it (see formats.h and docs/formats.md).
 *
 * The file is read line by line through a small buffer, so a line is held once and a
 * line longer than KG_JSONL_MAX_LINE is refused before it is all in memory. Each line is
 * checked to be UTF-8 and not nested deeper than KG_JSONL_MAX_DEPTH before json-glib,
 * whose parser recurses, sees it. Nodes and relationships are kept aside as they are
 * read; only when the whole file has been read and every relationship's ends found are
 * they written to the graph, so a bad line anywhere loads nothing.
 *
 * It does not guess types from text: a string stays a string unless the line's
 * `"kgq:types"` member says what it was (a date, a time, NaN, ...).
 */
#include "common/json-scan.h"
#include "loader/formats.h"
#include "loader/loader-private.h"

#include <errno.h>
#include <math.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

/* --- Reading lines -------------------------------------------------------------- */

typedef struct
{
  const char *name; /* for messages */
  FILE *fp;         /* the file, or NULL when reading @data */
  const char *data;
  gsize len;
  gsize pos;
  char buf[65536];
  gsize buf_len;
  gsize buf_pos;
  guint line; /* the line last returned, 1-based */
} LineReader;

static gboolean G_GNUC_PRINTF (4, 5)
    fail (GError **error, const LineReader *r, KgLoadError code, const char *format, ...)
{
  va_list ap;
  va_start (ap, format);
  g_autofree char *reason = g_strdup_vprintf (format, ap);
  va_end (ap);
  g_set_error (error, KG_LOAD_ERROR, code, "%s:%u: %s", r->name, r->line, reason);
  return FALSE;
}

/* Refills the buffer from the file. Returns: FALSE at the end (or with @error set). */
static gboolean
refill (LineReader *r, GError **error)
{
  r->buf_pos = 0;
  r->buf_len = fread (r->buf, 1, sizeof r->buf, r->fp);
  if (r->buf_len == 0 && ferror (r->fp))
    {
      int err = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (err), "%s: cannot read: %s", r->name, g_strerror (err));
      return FALSE;
    }
  return r->buf_len > 0;
}

/* Reads the next line (without its "\n" or "\r\n") into @line. Returns: FALSE at the
 * end of the input or on error (@error set). */
static gboolean
next_line (LineReader *r, GString *line, GError **error)
{
  g_string_truncate (line, 0);
  gboolean any = FALSE;
  r->line++;
  for (;;)
    {
      const char *chunk;
      gsize avail;
      if (r->fp == NULL)
        {
          chunk = r->data + r->pos;
          avail = r->len - r->pos;
        }
      else
        {
          if (r->buf_pos == r->buf_len && !refill (r, error))
            break;
          chunk = r->buf + r->buf_pos;
          avail = r->buf_len - r->buf_pos;
        }
      if (avail == 0)
        break;
      any = TRUE;
      const char *nl = memchr (chunk, '\n', avail);
      gsize take = nl != NULL ? (gsize) (nl - chunk) : avail;
      if (line->len + take > KG_JSONL_MAX_LINE)
        return fail (error, r, KG_LOAD_ERROR_PARSE, "line longer than %" G_GSIZE_FORMAT " bytes", KG_JSONL_MAX_LINE);
      g_string_append_len (line, chunk, take);
      gsize used = take + (nl != NULL ? 1 : 0);
      if (r->fp == NULL)
        r->pos += used;
      else
        r->buf_pos += used;
      if (nl != NULL)
        break;
    }
  if (error != NULL && *error != NULL)
    return FALSE;
  if (line->len > 0 && line->str[line->len - 1] == '\r')
    g_string_truncate (line, line->len - 1);
  return any;
}

/* A json-glib parse error as the reason after the reader's own FILE:LINE: the
 * position inside the text as a column, not json-glib's second "<data>:L:C". */
static char *
bad_json (const GError *jerr)
{
  guint line, column;
  const char *reason = kg_json_error_reason (jerr->message, &line, &column);
  if (column == 0)
    return g_strdup_printf ("bad JSON: %s", reason);
  if (line <= 1)
    return g_strdup_printf ("bad JSON at column %u: %s", column, reason);
  return g_strdup_printf ("bad JSON at line %u, column %u: %s", line, column, reason);
}

/* --- Values --------------------------------------------------------------------- */

static gboolean json_to_value (JsonNode *node, JsonNode *note, KgValue *out, char **reason);

/* An integer member @i of a "kgq:types" array, range-checked. */
static gboolean
note_int (JsonArray *a, guint i, gint64 min, gint64 max, gint64 *out)
{
  if (i >= json_array_get_length (a))
    return FALSE;
  JsonNode *n = json_array_get_element (a, i);
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_int (n);
  return *out >= min && *out <= max;
}

#define NANOS_PER_DAY G_GINT64_CONSTANT (86400000000000)
#define MAX_OFFSET (18 * 3600)
/* Days of the years -999999999..999999999, more than any value kgq computes. */
#define MAX_DAYS G_GINT64_CONSTANT (365243219162)

/* A date or temporal value from its "kgq:types" note [TYPE, fields...]. */
static gboolean
temporal_from_note (JsonArray *a, KgValue *out, char **reason)
{
  guint n = json_array_get_length (a);
  JsonNode *first = n > 0 ? json_array_get_element (a, 0) : NULL;
  const char *type = first != NULL && JSON_NODE_HOLDS_VALUE (first) && json_node_get_value_type (first) == G_TYPE_STRING
                         ? json_node_get_string (first)
                         : "";
  gint64 days = 0, nanos = 0, offset = 0, months = 0, seconds = 0;
  const char *zone = NULL;
  gboolean ok = FALSE;
  KgValueType vt = KG_VALUE_NULL;
  if (strcmp (type, "DATE") == 0)
    {
      vt = KG_VALUE_DATE;
      ok = n == 2 && note_int (a, 1, G_MININT32, G_MAXINT32, &days);
    }
  else if (strcmp (type, "LOCALTIME") == 0)
    {
      vt = KG_VALUE_LOCALTIME;
      ok = n == 2 && note_int (a, 1, 0, NANOS_PER_DAY - 1, &nanos);
    }
  else if (strcmp (type, "TIME") == 0)
    {
      vt = KG_VALUE_TIME;
      ok = n == 3 && note_int (a, 1, 0, NANOS_PER_DAY - 1, &nanos) && note_int (a, 2, -MAX_OFFSET, MAX_OFFSET, &offset);
    }
  else if (strcmp (type, "LOCALDATETIME") == 0)
    {
      vt = KG_VALUE_LOCALDATETIME;
      ok = n == 3 && note_int (a, 1, -MAX_DAYS, MAX_DAYS, &days) && note_int (a, 2, 0, NANOS_PER_DAY - 1, &nanos);
    }
  else if (strcmp (type, "DATETIME") == 0)
    {
      vt = KG_VALUE_DATETIME;
      ok = n == 5 && note_int (a, 1, -MAX_DAYS, MAX_DAYS, &days) && note_int (a, 2, 0, NANOS_PER_DAY - 1, &nanos) && note_int (a, 3, -MAX_OFFSET, MAX_OFFSET, &offset);
      JsonNode *z = ok ? json_array_get_element (a, 4) : NULL;
      if (z != NULL && JSON_NODE_HOLDS_VALUE (z) && json_node_get_value_type (z) == G_TYPE_STRING && *json_node_get_string (z) != '\0')
        zone = json_node_get_string (z);
      else if (z != NULL)
        ok = JSON_NODE_HOLDS_NULL (z);
    }
  else if (strcmp (type, "DURATION") == 0)
    {
      vt = KG_VALUE_DURATION;
      ok = n == 5 && note_int (a, 1, G_MININT64, G_MAXINT64, &months) && note_int (a, 2, G_MININT64, G_MAXINT64, &days) && note_int (a, 3, G_MININT64, G_MAXINT64, &seconds) && note_int (a, 4, 0, 999999999, &nanos);
    }
  if (!ok)
    {
      *reason = g_strdup_printf ("bad %s in \"kgq:types\"", *type != '\0' ? type : "type note");
      return FALSE;
    }
  if (vt == KG_VALUE_DATE)
    {
      *out = kg_value_date ((gint32) days);
      return TRUE;
    }
  KgTemporal *t = kg_temporal_new (days, nanos, (gint32) offset, zone);
  t->months = months;
  t->seconds = seconds;
  *out = kg_value_temporal (vt, t);
  return TRUE;
}

/* A LIST of @a's items, each with its note in @notes (nullable: none). */
static gboolean
list_from_json (JsonArray *a, JsonArray *notes, KgValue *out, char **reason)
{
  guint n = json_array_get_length (a);
  if (notes != NULL && json_array_get_length (notes) != n)
    {
      *reason = g_strdup ("a list and its \"kgq:types\" note differ in length");
      return FALSE;
    }
  KgList *list = kg_list_new (n);
  KgValue lv = kg_value_list (list);
  for (guint i = 0; i < n; i++)
    {
      KgValue item = KG_VALUE_INIT;
      if (!json_to_value (json_array_get_element (a, i), notes != NULL ? json_array_get_element (notes, i) : NULL, &item, reason))
        {
          kg_value_clear (&lv);
          return FALSE;
        }
      kg_list_append (list, &item);
    }
  *out = lv;
  return TRUE;
}

/* A MAP of @o's members, each with its note in @notes (nullable: none) if it has one. */
static gboolean
map_from_json (JsonObject *o, JsonObject *notes, KgValue *out, char **reason)
{
  g_autoptr (GList) members = json_object_get_members (o);
  KgMap *map = kg_map_new (g_list_length (members));
  KgValue mv = kg_value_map (map);
  for (GList *l = members; l != NULL; l = l->next)
    {
      KgValue item = KG_VALUE_INIT;
      JsonNode *note = notes != NULL && json_object_has_member (notes, l->data) ? json_object_get_member (notes, l->data) : NULL;
      if (!json_to_value (json_object_get_member (o, l->data), note, &item, reason))
        {
          kg_value_clear (&mv);
          return FALSE;
        }
      kg_map_set (map, l->data, &item);
    }
  *out = mv;
  return TRUE;
}

/* A value JSON holds directly (no note). */
static gboolean
plain_value (JsonNode *node, KgValue *out, char **reason)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_NULL:
      *out = kg_value_null ();
      return TRUE;
    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          *out = kg_value_int (json_node_get_int (node));
          return TRUE;
        case G_TYPE_DOUBLE:
          *out = kg_value_float (json_node_get_double (node));
          return TRUE;
        case G_TYPE_BOOLEAN:
          *out = kg_value_bool (json_node_get_boolean (node));
          return TRUE;
        case G_TYPE_STRING:
          *out = kg_value_string (json_node_get_string (node));
          return TRUE;
        default:
          *reason = g_strdup ("unsupported JSON value");
          return FALSE;
        }
    case JSON_NODE_ARRAY:
      return list_from_json (json_node_get_array (node), NULL, out, reason);
    case JSON_NODE_OBJECT:
      return map_from_json (json_node_get_object (node), NULL, out, reason);
    }
  *reason = g_strdup ("unsupported JSON value");
  return FALSE;
}

/* @node as a value, with the type @note says it had (NULL or JSON null: as JSON holds it). */
static gboolean
json_to_value (JsonNode *node, JsonNode *note, KgValue *out, char **reason)
{
  if (note == NULL || JSON_NODE_HOLDS_NULL (note))
    return plain_value (node, out, reason);

  if (JSON_NODE_HOLDS_ARRAY (note))
    return temporal_from_note (json_node_get_array (note), out, reason);

  if (JSON_NODE_HOLDS_VALUE (note) && g_strcmp0 (json_node_get_string (note), "FLOAT") == 0)
    {
      const char *s = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;
      if (g_strcmp0 (s, "NaN") == 0)
        *out = kg_value_float (NAN);
      else if (g_strcmp0 (s, "Infinity") == 0)
        *out = kg_value_float (INFINITY);
      else if (g_strcmp0 (s, "-Infinity") == 0)
        *out = kg_value_float (-INFINITY);
      else
        {
          *reason = g_strdup ("a FLOAT in \"kgq:types\" must be \"NaN\", \"Infinity\" or \"-Infinity\"");
          return FALSE;
        }
      return TRUE;
    }

  JsonObject *no = JSON_NODE_HOLDS_OBJECT (note) ? json_node_get_object (note) : NULL;
  JsonNode *items = no != NULL && json_object_get_size (no) == 1 ? json_object_get_member (no, "list") : NULL;
  if (items != NULL && JSON_NODE_HOLDS_ARRAY (items) && JSON_NODE_HOLDS_ARRAY (node))
    return list_from_json (json_node_get_array (node), json_node_get_array (items), out, reason);
  JsonNode *vals = no != NULL && json_object_get_size (no) == 1 ? json_object_get_member (no, "map") : NULL;
  if (vals != NULL && JSON_NODE_HOLDS_OBJECT (vals) && JSON_NODE_HOLDS_OBJECT (node))
    return map_from_json (json_node_get_object (node), json_node_get_object (vals), out, reason);
  *reason = g_strdup ("a \"kgq:types\" note does not match its value");
  return FALSE;
}

gboolean
kg_jsonl_value_parse (const char *text, gsize len, KgValue *out, char **reason)
{
  if (!g_utf8_validate_len (text, len, NULL))
    {
      *reason = g_strdup ("invalid UTF-8");
      return FALSE;
    }
  if (!kg_json_precheck (text, len, KG_JSONL_MAX_DEPTH, reason))
    return FALSE;
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autoptr (GError) error = NULL;
  if (!json_parser_load_from_data (parser, text, (gssize) len, &error))
    {
      *reason = bad_json (error);
      return FALSE;
    }
  JsonNode *root = json_parser_get_root (parser);
  if (root != NULL && JSON_NODE_HOLDS_ARRAY (root))
    return json_to_value (root, NULL, out, reason);
  JsonObject *o = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  JsonNode *v = o != NULL ? json_object_get_member (o, "v") : NULL;
  if (v == NULL)
    {
      *reason = g_strdup ("expected a JSON array or {\"v\": ...}");
      return FALSE;
    }
  return json_to_value (v, json_object_get_member (o, "kgq:types"), out, reason);
}

/* --- Nodes and relationships ---------------------------------------------------- */

typedef struct
{
  guint line;
  char **labels; /* NULL-terminated */
  KgMap *props;  /* keys in file order; no nulls */
} StagedNode;

typedef struct
{
  guint line;
  char *type;
  char *start; /* node ids as text */
  char *end;
  KgMap *props;
} StagedRel;

static void
staged_node_clear (gpointer p)
{
  StagedNode *n = p;
  g_strfreev (n->labels);
  kg_map_unref (n->props);
}

static void
staged_rel_clear (gpointer p)
{
  StagedRel *r = p;
  g_free (r->type);
  g_free (r->start);
  g_free (r->end);
  kg_map_unref (r->props);
}

typedef struct
{
  LineReader *r;
  GArray *nodes;    /* StagedNode */
  GArray *rels;     /* StagedRel */
  GHashTable *ids;  /* node id text (owned) -> index + 1 into @nodes */
  JsonParser *json; /* reused for every line */
} JsonlLoad;

/* An id (a string or an integer) as text; NULL when @node is neither. */
static char *
id_text (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  return NULL;
}

/* The "properties" of @o (with its "kgq:types"), null members left out. */
static gboolean
read_props (JsonlLoad *ld, JsonObject *o, KgMap **out, GError **error)
{
  JsonNode *pn = json_object_get_member (o, "properties");
  JsonNode *tn = json_object_get_member (o, "kgq:types");
  *out = kg_map_new (0);
  if (pn == NULL || JSON_NODE_HOLDS_NULL (pn))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (pn))
    return fail (error, ld->r, KG_LOAD_ERROR_VALUE, "\"properties\" must be an object");
  if (tn != NULL && !JSON_NODE_HOLDS_OBJECT (tn))
    return fail (error, ld->r, KG_LOAD_ERROR_VALUE, "\"kgq:types\" must be an object");
  JsonObject *props = json_node_get_object (pn);
  JsonObject *types = tn != NULL ? json_node_get_object (tn) : NULL;
  g_autoptr (GList) members = json_object_get_members (props);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      JsonNode *note = types != NULL && json_object_has_member (types, key) ? json_object_get_member (types, key) : NULL;
      KgValue v = KG_VALUE_INIT;
      g_autofree char *reason = NULL;
      if (!json_to_value (json_object_get_member (props, key), note, &v, &reason))
        return fail (error, ld->r, KG_LOAD_ERROR_VALUE, "property \"%s\": %s", key, reason);
      if (!kg_value_is_null (&v))
        kg_map_set (*out, key, &v);
    }
  return TRUE;
}

static gboolean
read_node (JsonlLoad *ld, JsonObject *o, GError **error)
{
  g_autofree char *id = id_text (json_object_get_member (o, "id"));
  if (id == NULL)
    return fail (error, ld->r, KG_LOAD_ERROR_INVALID, "a node needs an \"id\" (a string or an integer)");
  gpointer seen = g_hash_table_lookup (ld->ids, id);
  if (seen != NULL)
    return fail (error, ld->r, KG_LOAD_ERROR_DUPLICATE, "node id \"%s\" already used on line %u", id,
                 g_array_index (ld->nodes, StagedNode, GPOINTER_TO_UINT (seen) - 1).line);

  JsonNode *ln = json_object_get_member (o, "labels");
  g_autoptr (GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  if (ln != NULL && !JSON_NODE_HOLDS_NULL (ln))
    {
      if (!JSON_NODE_HOLDS_ARRAY (ln))
        return fail (error, ld->r, KG_LOAD_ERROR_VALUE, "\"labels\" must be an array of strings");
      JsonArray *a = json_node_get_array (ln);
      for (guint i = 0; i < json_array_get_length (a); i++)
        {
          JsonNode *e = json_array_get_element (a, i);
          if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING || *json_node_get_string (e) == '\0')
            return fail (error, ld->r, KG_LOAD_ERROR_VALUE, "\"labels\" must be an array of non-empty strings");
          g_ptr_array_add (labels, g_strdup (json_node_get_string (e)));
        }
    }
  StagedNode n = { ld->r->line, NULL, NULL };
  if (!read_props (ld, o, &n.props, error))
    {
      kg_map_unref (n.props);
      return FALSE;
    }
  g_ptr_array_add (labels, NULL);
  n.labels = (char **) g_ptr_array_free (g_steal_pointer (&labels), FALSE);
  g_array_append_val (ld->nodes, n);
  g_hash_table_insert (ld->ids, g_steal_pointer (&id), GUINT_TO_POINTER (ld->nodes->len));
  return TRUE;
}

/* A relationship end: {"id": ...} (APOC) or a bare id (Memgraph). */
static char *
end_id (JsonObject *o, const char *which)
{
  JsonNode *e = json_object_get_member (o, which);
  if (e != NULL && JSON_NODE_HOLDS_OBJECT (e))
    return id_text (json_object_get_member (json_node_get_object (e), "id"));
  return id_text (e);
}

static gboolean
read_rel (JsonlLoad *ld, JsonObject *o, GError **error)
{
  JsonNode *tn = json_object_get_member (o, "label");
  if (tn == NULL || !JSON_NODE_HOLDS_VALUE (tn) || json_node_get_value_type (tn) != G_TYPE_STRING || *json_node_get_string (tn) == '\0')
    return fail (error, ld->r, KG_LOAD_ERROR_INVALID, "a relationship needs a \"label\" (its type)");
  StagedRel r = { ld->r->line, NULL, end_id (o, "start"), end_id (o, "end"), NULL };
  if (r.start == NULL || r.end == NULL)
    {
      g_free (r.start);
      g_free (r.end);
      return fail (error, ld->r, KG_LOAD_ERROR_INVALID, "a relationship needs \"start\" and \"end\" with node ids");
    }
  if (!read_props (ld, o, &r.props, error))
    {
      staged_rel_clear (&r);
      return FALSE;
    }
  r.type = g_strdup (json_node_get_string (tn));
  g_array_append_val (ld->rels, r);
  return TRUE;
}

static gboolean
read_line (JsonlLoad *ld, const GString *line, GError **error)
{
  const char *end;
  if (!g_utf8_validate_len (line->str, line->len, &end))
    return fail (error, ld->r, KG_LOAD_ERROR_PARSE, "invalid UTF-8 at byte %" G_GSIZE_FORMAT, (gsize) (end - line->str) + 1);
  g_autofree char *reason = NULL;
  if (!kg_json_precheck (line->str, line->len, KG_JSONL_MAX_DEPTH, &reason))
    return fail (error, ld->r, KG_LOAD_ERROR_PARSE, "%s", reason);

  g_autoptr (GError) jerr = NULL;
  if (!json_parser_load_from_data (ld->json, line->str, (gssize) line->len, &jerr))
    {
      g_autofree char *why = bad_json (jerr);
      return fail (error, ld->r, KG_LOAD_ERROR_PARSE, "%s", why);
    }
  JsonNode *root = json_parser_get_root (ld->json);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return fail (error, ld->r, KG_LOAD_ERROR_INVALID, "expected a JSON object");
  JsonObject *o = json_node_get_object (root);
  JsonNode *type = json_object_get_member (o, "type");
  const char *kind = type != NULL && JSON_NODE_HOLDS_VALUE (type) ? json_node_get_string (type) : NULL;
  if (g_strcmp0 (kind, "node") == 0)
    return read_node (ld, o, error);
  if (g_strcmp0 (kind, "relationship") == 0)
    return read_rel (ld, o, error);
  return fail (error, ld->r, KG_LOAD_ERROR_INVALID, "\"type\" must be \"node\" or \"relationship\"");
}

/* Finds every relationship's ends; the message names the line of the first one missing. */
static gboolean
resolve_ends (JsonlLoad *ld, guint *ends, GError **error)
{
  for (guint i = 0; i < ld->rels->len; i++)
    {
      StagedRel *r = &g_array_index (ld->rels, StagedRel, i);
      const char *ids[2] = { r->start, r->end };
      for (int k = 0; k < 2; k++)
        {
          gpointer idx = g_hash_table_lookup (ld->ids, ids[k]);
          if (idx == NULL)
            {
              ld->r->line = r->line;
              return fail (error, ld->r, KG_LOAD_ERROR_UNKNOWN, "relationship %s node \"%s\" is not in the file",
                           k == 0 ? "start" : "end", ids[k]);
            }
          ends[2 * i + k] = GPOINTER_TO_UINT (idx) - 1;
        }
    }
  return TRUE;
}

static void
set_props (KgGraph *graph, guint32 id, gboolean is_node, const KgMap *props)
{
  for (guint i = 0; i < props->len; i++)
    {
      KgSymbol key = kg_graph_intern (graph, KG_SYM_KEY, props->keys[i]);
      if (is_node)
        kg_graph_node_set_prop (graph, id, key, &props->vals[i]);
      else
        kg_graph_edge_set_prop (graph, id, key, &props->vals[i]);
    }
}

/* Writes what was read: nodes in file order, then relationships. Nothing can fail here.
 * Inside a transaction (a statement's import, kgq.import.jsonl) every write is recorded
 * for rollback and the journal, so the store's bulk mode, which records nothing, is
 * only used outside one. */
static void
write_graph (JsonlLoad *ld, KgGraph *graph, const guint *ends, KgImportStats *stats)
{
  guint n_nodes = ld->nodes->len, n_rels = ld->rels->len;
  g_autofree KgNodeId *ids = g_new (KgNodeId, MAX (n_nodes, 1));
  gboolean bulk = !kg_graph_txn_active (graph);
  kg_graph_reserve (graph, n_nodes, n_rels);
  if (bulk)
    kg_graph_bulk_begin (graph);
  for (guint i = 0; i < n_nodes; i++)
    {
      StagedNode *n = &g_array_index (ld->nodes, StagedNode, i);
      ids[i] = kg_graph_add_node (graph);
      for (char **l = n->labels; *l != NULL; l++)
        kg_graph_node_add_label (graph, ids[i], kg_graph_intern (graph, KG_SYM_LABEL, *l));
      set_props (graph, ids[i], TRUE, n->props);
    }
  for (guint i = 0; i < n_rels; i++)
    {
      StagedRel *r = &g_array_index (ld->rels, StagedRel, i);
      KgEdgeId e = kg_graph_add_edge (graph, ids[ends[2 * i]], ids[ends[2 * i + 1]], kg_graph_intern (graph, KG_SYM_TYPE, r->type));
      set_props (graph, e, FALSE, r->props);
    }
  if (bulk)
    kg_graph_bulk_end (graph);
  if (stats != NULL)
    {
      stats->nodes = n_nodes;
      stats->relationships = n_rels;
    }
}

/* Whether @line holds only blanks (lines between objects may be empty). */
static gboolean
is_blank (const GString *line)
{
  for (gsize i = 0; i < line->len; i++)
    if (line->str[i] != ' ' && line->str[i] != '\t')
      return FALSE;
  return TRUE;
}

static gboolean
load (KgGraph *graph, LineReader *r, KgImportStats *stats, GError **error)
{
  JsonlLoad ld = { 0 };
  ld.r = r;
  ld.nodes = g_array_new (FALSE, FALSE, sizeof (StagedNode));
  g_array_set_clear_func (ld.nodes, staged_node_clear);
  ld.rels = g_array_new (FALSE, FALSE, sizeof (StagedRel));
  g_array_set_clear_func (ld.rels, staged_rel_clear);
  ld.ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ld.json = json_parser_new_immutable ();

  g_autoptr (GString) line = g_string_sized_new (1024);
  GError *err = NULL;
  gboolean ok = TRUE;
  while (ok && next_line (ld.r, line, &err))
    {
      if (!is_blank (line))
        ok = read_line (&ld, line, &err);
    }
  ok = ok && err == NULL;
  g_autofree guint *ends = g_new (guint, 2 * MAX (ld.rels->len, 1));
  if (ok)
    ok = resolve_ends (&ld, ends, &err);
  if (ok)
    write_graph (&ld, graph, ends, stats);
  else
    g_propagate_error (error, err);

  g_object_unref (ld.json);
  g_hash_table_unref (ld.ids);
  g_array_unref (ld.rels);
  g_array_unref (ld.nodes);
  return ok;
}

gboolean
kg_import_jsonl_data (KgGraph *graph, const char *name, const char *data, gsize len, KgImportStats *stats, GError **error)
{
  g_return_val_if_fail (graph != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_autofree LineReader *r = g_new0 (LineReader, 1);
  r->name = name != NULL ? name : "<data>";
  r->data = data != NULL ? data : "";
  r->len = len;
  return load (graph, r, stats, error);
}

gboolean
kg_import_jsonl (KgGraph *graph, const char *path, KgImportStats *stats, GError **error)
{
  g_return_val_if_fail (graph != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  FILE *fp = fopen (path, "rb");
  if (fp == NULL)
    {
      int err = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (err), "%s: %s", path, g_strerror (err));
      return FALSE;
    }
  g_autofree LineReader *r = g_new0 (LineReader, 1);
  r->name = path;
  r->fp = fp;
  gboolean ok = load (graph, r, stats, error);
  fclose (fp);
  return ok;
}
