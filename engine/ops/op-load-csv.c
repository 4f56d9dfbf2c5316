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

typedef struct _OpLoadCsv
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
  guint64 file_no;   /* counts the files started, for the column caches of readers */
  gboolean ended;    /* the file ended in the batch handed out: stop at the next call */
  /* The batch path (kg_op_create_plan_batches): up to KG_BATCH_MAX records, their
   * fields' bytes copied out of the reader's window into @bytes (bounded, so that long
   * records make short batches); record i's fields are fields[first[i], first[i + 1]).
   * The row variable is the batch's lazy slot: its map or list is made only when a
   * consumer loads a row (kg_batch_load_row). */
  struct CsvBatch
  {
    KgBatch b; /* first: a KgBatch pointer is one to this */
    struct _OpLoadCsv *op;
    GString *bytes;
    GArray *fields; /* (element-type KgCsvField) */
    guint first[KG_BATCH_MAX + 1];
    guint64 line[KG_BATCH_MAX];
  } cb;
} OpLoadCsv;

/* The bytes a batch copies before it stops taking records (it always takes one). */
#define CSV_BATCH_BYTES ((gsize) 1 << 20)

static void
load_stop (OpLoadCsv *self)
{
  if (self->reading)
    kg_csv_records_close (&self->rec);
  self->reading = FALSE;
  self->ended = FALSE;
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
  self->file_no++;
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
record_value (OpLoadCsv *self, const KgCsvField *fields, guint n_fields, guint64 line, KgValue *out, gboolean *reused, GError **error)
{
  guint bad = G_MAXUINT;
  if (!self->headers)
    {
      KgList *list = kg_list_new (n_fields);
      for (guint i = 0; i < n_fields && bad == G_MAXUINT; i++)
        {
          KgValue v;
          if (!field_value (&fields[i], &v))
            bad = i;
          else
            kg_list_append (list, &v);
        }
      *out = kg_value_list (list);
    }
  else
    {
      guint n = self->header->len;
      if (n_fields > n)
        return load_error (self, error, "%s:%" G_GUINT64_FORMAT ": %u fields where the header has %u", self->name, line, n_fields, n);
      KgMap *map = reusable_map (self);
      if (map != NULL)
        {
          for (guint i = 0; i < n; i++)
            {
              if (i < n_fields && same_string (&fields[i], &map->vals[i]))
                continue; /* sorted or grouped columns repeat: keep the previous string */
              KgValue v = KG_VALUE_INIT;
              if (i < n_fields && !field_value (&fields[i], &v))
                return load_error (self, error, "%s:%" G_GUINT64_FORMAT ": field %u is not valid UTF-8", self->name, line, i + 1);
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
          if (prev != NULL && i < n_fields && same_string (&fields[i], &prev->vals[i]))
            kg_value_copy (&prev->vals[i], &v);
          else if (i < n_fields && !field_value (&fields[i], &v))
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
      return load_error (self, error, "%s:%" G_GUINT64_FORMAT ": field %u is not valid UTF-8", self->name, line, bad + 1);
    }
  return KG_NEXT_ROW;
}

/* Opens the file of the input's next row, skipping files that give no record;
 * KG_NEXT_ROW: a file is being read. */
static KgOpStatus
open_next_file (OpLoadCsv *self, GError **error)
{
  for (;;)
    {
      KgOpStatus st = kg_op_next (self->base.child, error);
      if (st != KG_NEXT_ROW)
        return st;
      st = start_file (self, error);
      if (st != KG_NEXT_DONE)
        return st;
      load_stop (self);
    }
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
          KgOpStatus st = open_next_file (self, error);
          if (st != KG_NEXT_ROW)
            return st;
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
      if (record_value (self, self->rec.fields, self->rec.n_fields, self->rec.rec_line, &v, &reused, error) != KG_NEXT_ROW)
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
load_free (KgOp *op)
{
  OpLoadCsv *self = (OpLoadCsv *) op;
  if (self->cb.bytes)
    g_string_free (self->cb.bytes, TRUE);
  if (self->cb.fields)
    g_array_unref (self->cb.fields);
}

/* --- The batch path ------------------------------------------------------------- */

/* kg_batch_load_row() of a record of the batch: the row variable's map or list, and
 * linenumber()'s line. The record was checked when it was read, so this cannot fail. */
static void
batch_load_row (KgExec *exec, const KgBatch *b, guint i)
{
  const struct CsvBatch *cb = (const struct CsvBatch *) b;
  OpLoadCsv *self = cb->op;
  const KgCsvField *f = &g_array_index (cb->fields, KgCsvField, cb->first[i]);
  KgValue v = KG_VALUE_INIT;
  gboolean reused = FALSE;
  g_autoptr (GError) local = NULL;
  if (record_value (self, f, cb->first[i + 1] - cb->first[i], cb->line[i], &v, &reused, &local) != KG_NEXT_ROW)
    g_assert_not_reached ();
  if (!reused)
    kg_exec_set_slot (exec, self->slot, &v);
  exec->env.load_line = (gint64) cb->line[i];
  exec->env.load_file = self->path;
}

/* Whether @len bytes at @p are all ASCII (then valid UTF-8 without a closer look). */
static inline gboolean
all_ascii (const char *p, gsize len)
{
  guint64 acc = 0;
  gsize i = 0;
  for (; i + 8 <= len; i += 8)
    {
      guint64 w;
      memcpy (&w, p + i, 8);
      acc |= w;
    }
  for (; i < len; i++)
    acc |= (guchar) p[i];
  return (acc & 0x8080808080808080ULL) == 0;
}

/* Checks the record just read as record_value() would and appends it to the batch: its
 * fields' bytes one after the other in cb->bytes, the fields with their offsets there. */
static gboolean
batch_take (OpLoadCsv *self, GError **error)
{
  KgCsvRecords *r = &self->rec;
  struct CsvBatch *cb = &self->cb;
  if (self->headers && r->n_fields > self->header->len)
    {
      load_error (self, error, "%s:%" G_GUINT64_FORMAT ": %u fields where the header has %u", self->name, r->rec_line, r->n_fields,
                  self->header->len);
      return FALSE;
    }
  gsize total = 0;
  for (guint i = 0; i < r->n_fields; i++)
    total += r->fields[i].len;
  gsize at = cb->bytes->len;
  g_string_set_size (cb->bytes, at + total);
  guint nf = cb->fields->len;
  g_array_set_size (cb->fields, nf + r->n_fields);
  KgCsvField *out = &g_array_index (cb->fields, KgCsvField, nf);
  char *dst = cb->bytes->str + at;
  for (guint i = 0; i < r->n_fields; i++)
    {
      /* the text's offset for now: the buffer may move until the batch is full */
      const KgCsvField *f = &r->fields[i];
      memcpy (dst, f->s, f->len);
      dst += f->len;
      out[i].s = NULL;
      out[i].len = f->len;
      out[i].off = (gssize) at;
      out[i].quoted = f->quoted;
      at += f->len;
    }
  if (!all_ascii (cb->bytes->str + cb->bytes->len - total, total))
    for (guint i = 0; i < r->n_fields; i++)
      {
        const KgCsvField *f = &r->fields[i];
        if (!g_utf8_validate_len (f->s, f->len, NULL))
          {
            g_string_truncate (cb->bytes, cb->bytes->len - total);
            g_array_set_size (cb->fields, nf);
            load_error (self, error, "%s:%" G_GUINT64_FORMAT ": field %u is not valid UTF-8", self->name, r->rec_line, i + 1);
            return FALSE;
          }
      }
  guint n = cb->b.n;
  cb->line[n] = r->rec_line;
  cb->first[n + 1] = cb->fields->len;
  cb->b.n = n + 1;
  return TRUE;
}

static KgOpStatus
load_next_batch (KgOp *op, KgBatch **out, GError **error)
{
  OpLoadCsv *self = (OpLoadCsv *) op;
  KgExec *exec = op->exec;
  struct CsvBatch *cb = &self->cb;
  if (cb->bytes == NULL)
    {
      cb->bytes = g_string_sized_new (4096);
      cb->fields = g_array_new (FALSE, FALSE, sizeof (KgCsvField));
      cb->op = self;
      cb->b.load_lazy = batch_load_row;
      cb->b.lazy_slot = self->slot;
    }
  for (;;)
    {
      if (self->ended)
        load_stop (self);
      if (!self->reading)
        {
          KgOpStatus st = open_next_file (self, error);
          if (st != KG_NEXT_ROW)
            return st;
        }
      cb->b.n = 0;
      cb->first[0] = 0;
      g_string_truncate (cb->bytes, 0);
      g_array_set_size (cb->fields, 0);
      GError *err = NULL;
      while (cb->b.n < KG_BATCH_MAX && cb->bytes->len < CSV_BATCH_BYTES)
        {
          KgOpStatus st = read_record (self, &err);
          if (st == KG_NEXT_DONE)
            self->ended = TRUE;
          if (st != KG_NEXT_ROW || !batch_take (self, &err))
            break;
        }
      for (guint i = 0; i < cb->fields->len; i++)
        {
          KgCsvField *f = &g_array_index (cb->fields, KgCsvField, i);
          f->s = cb->bytes->str + f->off;
        }
      cb->b.sel = NULL;
      cb->b.n_sel = cb->b.n;
      exec->env.load_file = self->path;
      if (err != NULL)
        return kg_op_batch_then_error (op, &cb->b, out, err, error);
      if (cb->b.n == 0)
        continue; /* the file had no more records */
      *out = &cb->b;
      return KG_NEXT_ROW;
    }
}

gboolean
kg_load_csv_batch_column (const KgBatch *b, int slot, const char *name, gint64 index, KgCsvColumn *cache, const KgCsvField **out)
{
  /* the LoadCsv batch of the chain and, for each row of @b, its row there */
  guint16 map[KG_BATCH_MAX];
  const KgBatch *c = b;
  gboolean mapped = FALSE;
  for (; c != NULL && !(c->load_lazy == batch_load_row && c->lazy_slot == slot); c = c->parent)
    {
      if (c->parent == NULL)
        return FALSE;
      if (!mapped)
        memcpy (map, c->pidx, b->n * sizeof (guint16));
      else
        for (guint i = 0; i < b->n; i++)
          map[i] = c->pidx[map[i]];
      mapped = TRUE;
    }
  if (c == NULL)
    return FALSE;
  const struct CsvBatch *cb = (const struct CsvBatch *) c;
  OpLoadCsv *self = cb->op;
  if (cache->file_no != self->file_no)
    {
      /* the key's column in this file (-1: none, a null; -2: not a plain column) */
      cache->file_no = self->file_no;
      cache->col = -2;
      if (self->headers && name != NULL)
        {
          cache->col = -1;
          for (guint k = 0; k < self->header->len; k++)
            if (strcmp (g_ptr_array_index (self->header, k), name) == 0)
              cache->col = (int) k;
        }
      else if (!self->headers && name == NULL && index >= 0)
        cache->col = index < G_MAXINT ? (int) index : -1;
    }
  if (cache->col == -2)
    return FALSE;
  const KgCsvField *fields = (const KgCsvField *) cb->fields->data;
  guint col = (guint) cache->col;
  for (guint i = 0; i < b->n; i++)
    {
      guint r = mapped ? map[i] : i;
      const KgCsvField *f = NULL;
      if (cache->col >= 0 && col < cb->first[r + 1] - cb->first[r])
        {
          f = &fields[cb->first[r] + col];
          if (f->len == 0 && !f->quoted)
            f = NULL;
        }
      out[i] = f;
    }
  return TRUE;
}

gboolean
kg_op_is_load_csv (const KgOp *op)
{
  return op->klass->next_batch == load_next_batch;
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
  .free = load_free,
  .describe = load_describe,
  .next_batch = load_next_batch,
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
