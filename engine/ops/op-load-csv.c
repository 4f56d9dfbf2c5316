/* engine/ops/op-load-csv.c — LoadCsv: for each input row, the records of a CSV file, one
 * row each, as a list of strings or (WITH HEADERS) a map from the header's names.
 *
 * The file is read lazily through the shared record reader (loader/csv-records.h): one
 * record is in memory at a time, whatever the file's size, and a gzip'd file is read
 * through its decompressor. As in Neo4j, an empty unquoted field is null and a quoted
 * empty one ("") the empty string; with headers a record with fewer fields than the
 * header gives null for the rest. Bad data is an error naming FILE:LINE (the file as the
 * statement named it). The file's name is resolved inside the import directory
 * (engine/import-dir.c). It does not convert values: toInteger() and friends do.
 */
#include "engine/ops/op-private.h"

#include "engine/import-dir.h"
#include "loader/csv-records.h"

#include <string.h>

typedef struct
{
  KgOp base;
  KgAst *url_expr; /* borrowed */
  int slot;
  gboolean headers;
  char delim;
  KgSpan span; /* the clause, for errors */
  /* run state */
  gboolean reading;
  KgCsvRecords rec;
  char *name;        /* the file as the statement named it, for messages */
  char *path;        /* its resolved path, for file() */
  GPtrArray *header; /* (element-type GRefString) the header's names */
} OpLoadCsv;

static void
load_stop (OpLoadCsv *self)
{
  if (self->reading)
    kg_csv_records_close (&self->rec);
  self->reading = FALSE;
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->header, g_ptr_array_unref);
  self->base.exec->env.load_line = 0;
  self->base.exec->env.load_file = NULL;
}

static gboolean
load_open (KgOp *op, GError **error)
{
  load_stop ((OpLoadCsv *) op);
  return TRUE;
}

static KgOpStatus
load_error (OpLoadCsv *self, GError **error, const char *format, ...) G_GNUC_PRINTF (3, 4);

static KgOpStatus
load_error (OpLoadCsv *self, GError **error, const char *format, ...)
{
  va_list ap;
  va_start (ap, format);
  g_autofree char *msg = g_strdup_vprintf (format, ap);
  va_end (ap);
  kg_query_error_set (error, KG_QUERY_ERROR_RUNTIME, self->base.exec->filename, &self->span, "%s", msg);
  return KG_NEXT_ERROR;
}

/* A field as a value: null when empty and unquoted; FALSE when it is not UTF-8. */
static gboolean
field_value (const KgCsvField *f, KgValue *out)
{
  if (f->len == 0 && !f->quoted)
    {
      *out = kg_value_null ();
      return TRUE;
    }
  if (!g_utf8_validate_len (f->s, f->len, NULL))
    return FALSE;
  *out = kg_value_string_len (f->s, f->len);
  return TRUE;
}

/* Whether @v is a string with the bytes of the non-empty field @f: a column that repeats
 * its value from one record to the next (a sorted key, a category) then keeps the string
 * it has, without allocating a copy and releasing the previous one. */
static inline gboolean
same_string (const KgCsvField *f, const KgValue *v)
{
  return v->type == KG_VALUE_STRING && f->len > 0 && (gsize) g_ref_string_length (v->u.s) == f->len &&
         memcmp (v->u.s, f->s, f->len) == 0;
}

/* Reads the next record. Returns: KG_NEXT_ROW, KG_NEXT_DONE at the end, or an error. */
static KgOpStatus
read_record (OpLoadCsv *self, GError **error)
{
  KgCsvRecords *r = &self->rec;
  int rc = kg_csv_records_next (r);
  if (rc == 0)
    return KG_NEXT_DONE;
  if (rc == -2)
    return load_error (self, error, "%s:%" G_GUINT64_FORMAT ": cannot read the file: %s", self->name, r->rec_line, r->io_error->message);
  if (rc < 0)
    return load_error (self, error, "%s:%" G_GUINT64_FORMAT ": %s", self->name, r->rec_line, r->problem);
  return KG_NEXT_ROW;
}

static KgOpStatus
start_file (OpLoadCsv *self, GError **error)
{
  KgExec *exec = self->base.exec;
  KgValue url = KG_VALUE_INIT;
  if (!kg_expr_eval (&exec->env, self->url_expr, &url, error))
    return KG_NEXT_ERROR;
  if (url.type != KG_VALUE_STRING)
    {
      kg_query_error_set (error, KG_QUERY_ERROR_TYPE, exec->filename, &self->url_expr->span,
                          "LOAD CSV FROM expects a string (a file:/// URL), not %s", kg_value_type_name (url.type));
      kg_value_clear (&url);
      return KG_NEXT_ERROR;
    }
  g_autoptr (GError) local = NULL;
  char *path = NULL;
  if (!kg_import_resolve (exec->import_dir, url.u.s, FALSE, &path, &local))
    {
      kg_query_error_set (error, KG_QUERY_ERROR_RUNTIME, exec->filename, &self->url_expr->span, "LOAD CSV: %s", local->message);
      kg_value_clear (&url);
      return KG_NEXT_ERROR;
    }
  self->path = path;
  /* Messages name the file as the statement did, without the scheme. */
  const char *name = url.u.s;
  if (g_ascii_strncasecmp (name, "file:", 5) == 0)
    {
      name += 5;
      while (name[0] == '/' && name[1] == '/')
        name++;
      if (name[0] == '/')
        name++;
    }
  self->name = g_strdup (name);
  kg_value_clear (&url);

  g_autoptr (GFile) file = g_file_new_for_path (self->path);
  g_autoptr (GFileInputStream) in = g_file_read (file, NULL, &local);
  if (in == NULL)
    return load_error (self, error, "%s: cannot read the file: %s", self->name, local->message);
  if (!kg_csv_records_open_stream (&self->rec, G_INPUT_STREAM (in), self->name, self->delim, &local))
    return load_error (self, error, "%s", local->message);
  self->reading = TRUE;
  exec->env.load_file = self->path;
  if (self->headers)
    {
      KgOpStatus st = read_record (self, error);
      if (st != KG_NEXT_ROW)
        return st;
      KgCsvRecords *r = &self->rec;
      self->header = g_ptr_array_new_full (r->n_fields, (GDestroyNotify) g_ref_string_release);
      for (guint i = 0; i < r->n_fields; i++)
        {
          const KgCsvField *f = &r->fields[i];
          if (!g_utf8_validate_len (f->s, f->len, NULL))
            return load_error (self, error, "%s:%" G_GUINT64_FORMAT ": the header is not valid UTF-8", self->name, r->rec_line);
          char *key = g_ref_string_new_len (f->s, (gssize) f->len);
          for (guint k = 0; k < self->header->len; k++)
            if (strcmp (g_ptr_array_index (self->header, k), key) == 0)
              {
                g_ref_string_release (key);
                return load_error (self, error, "%s:%" G_GUINT64_FORMAT ": the header names the column '%.*s' twice", self->name,
                                   r->rec_line, (int) f->len, f->s);
              }
          g_ptr_array_add (self->header, key);
        }
    }
  return KG_NEXT_ROW;
}

/* The previous row's map, still in the row variable's slot (shared or not): the map
 * of the file's header. NULL when the slot holds something else. */
static KgMap *
previous_map (OpLoadCsv *self)
{
  KgValue *v = &self->base.exec->slots[self->slot];
  if (v->type != KG_VALUE_MAP)
    return NULL;
  KgMap *map = v->u.map;
  guint n = self->header->len;
  if (map->len != n)
    return NULL;
  for (guint i = 0; i < n; i++)
    if (map->keys[i] != g_ptr_array_index (self->header, i))
      return NULL;
  return map;
}

/* The map the previous row's value is, when nothing but the row variable's slot holds
 * it any more: the next record's values then go into it, without a new map and new
 * references to the header's names for every row. NULL when it is shared or not ours. */
static KgMap *
reusable_map (OpLoadCsv *self)
{
  KgValue *v = &self->base.exec->slots[self->slot];
  if (v->type != KG_VALUE_MAP || g_atomic_int_get (&v->u.map->ref) != 1)
    return NULL;
  return previous_map (self);
}

/* The current record as the row variable's value: *@out, or with @reused set the map
 * already in the slot, refilled. */
static KgOpStatus
record_value (OpLoadCsv *self, KgValue *out, gboolean *reused, GError **error)
{
  KgCsvRecords *r = &self->rec;
  guint bad = G_MAXUINT;
  if (!self->headers)
    {
      KgList *list = kg_list_new (r->n_fields);
      for (guint i = 0; i < r->n_fields && bad == G_MAXUINT; i++)
        {
          KgValue v;
          if (!field_value (&r->fields[i], &v))
            bad = i;
          else
            kg_list_append (list, &v);
        }
      *out = kg_value_list (list);
    }
  else
    {
      guint n = self->header->len;
      if (r->n_fields > n)
        return load_error (self, error, "%s:%" G_GUINT64_FORMAT ": %u fields where the header has %u", self->name, r->rec_line, r->n_fields, n);
      KgMap *map = reusable_map (self);
      if (map != NULL)
        {
          for (guint i = 0; i < n; i++)
            {
              if (i < r->n_fields && same_string (&r->fields[i], &map->vals[i]))
                continue; /* sorted or grouped columns repeat: keep the previous string */
              KgValue v = KG_VALUE_INIT;
              if (i < r->n_fields && !field_value (&r->fields[i], &v))
                return load_error (self, error, "%s:%" G_GUINT64_FORMAT ": field %u is not valid UTF-8", self->name, r->rec_line, i + 1);
              kg_value_clear (&map->vals[i]);
              map->vals[i] = v;
            }
          *reused = TRUE;
          return KG_NEXT_ROW;
        }
      /* The header's names are distinct, so the map is filled directly. A field that
       * repeats the previous row's (held elsewhere too: IN TRANSACTIONS' batch, collect())
       * shares its string. */
      const KgMap *prev = previous_map (self);
      map = kg_map_new (n);
      for (guint i = 0; i < n && bad == G_MAXUINT; i++)
        {
          KgValue v = KG_VALUE_INIT;
          if (prev != NULL && i < r->n_fields && same_string (&r->fields[i], &prev->vals[i]))
            kg_value_copy (&prev->vals[i], &v);
          else if (i < r->n_fields && !field_value (&r->fields[i], &v))
            {
              bad = i;
              break;
            }
          map->keys[map->len] = g_ref_string_acquire (g_ptr_array_index (self->header, i));
          map->vals[map->len++] = v;
        }
      *out = kg_value_map (map);
    }
  if (bad != G_MAXUINT)
    {
      kg_value_clear (out);
      return load_error (self, error, "%s:%" G_GUINT64_FORMAT ": field %u is not valid UTF-8", self->name, r->rec_line, bad + 1);
    }
  return KG_NEXT_ROW;
}

static KgOpStatus
load_next (KgOp *op, GError **error)
{
  OpLoadCsv *self = (OpLoadCsv *) op;
  KgExec *exec = op->exec;
  for (;;)
    {
      if (!kg_exec_check (exec, error))
        return KG_NEXT_ERROR;
      if (!self->reading)
        {
          KgOpStatus st = kg_op_next (op->child, error);
          if (st != KG_NEXT_ROW)
            return st;
          st = start_file (self, error);
          if (st == KG_NEXT_ERROR)
            return st;
          if (st == KG_NEXT_DONE)
            {
              load_stop (self);
              continue;
            }
        }
      KgOpStatus st = read_record (self, error);
      if (st == KG_NEXT_ERROR)
        return st;
      if (st == KG_NEXT_DONE)
        {
          load_stop (self);
          continue;
        }
      KgValue v = KG_VALUE_INIT;
      gboolean reused = FALSE;
      if (record_value (self, &v, &reused, error) != KG_NEXT_ROW)
        return KG_NEXT_ERROR;
      exec->env.load_line = (gint64) self->rec.rec_line;
      exec->env.load_file = self->path;
      if (!reused)
        kg_exec_set_slot (exec, self->slot, &v);
      return KG_NEXT_ROW;
    }
}

static void
load_close (KgOp *op)
{
  load_stop ((OpLoadCsv *) op);
}

static void
load_describe (KgOp *op, GString *out)
{
  OpLoadCsv *self = (OpLoadCsv *) op;
  g_string_append (out, self->headers ? "WITH HEADERS" : "lists");
  if (self->delim != ',')
    g_string_append_printf (out, self->delim == '\t' ? ", FIELDTERMINATOR '\\t'" : ", FIELDTERMINATOR '%c'", self->delim);
}

static const KgOpClass load_class = {
  .name = "LoadCsv",
  .size = sizeof (OpLoadCsv),
  .open = load_open,
  .next = load_next,
  .close = load_close,
  .describe = load_describe,
};

KgOp *
kg_op_load_csv_new (KgExec *exec, KgOp *child, KgAst *url, int slot, gboolean headers, char delim, const KgSpan *span)
{
  OpLoadCsv *self = (OpLoadCsv *) kg_op_new (&load_class, exec, child);
  self->url_expr = url;
  self->slot = slot;
  self->headers = headers;
  self->delim = delim;
  self->span = *span;
  return &self->base;
}
