/* loader/csv-import.c — neo4j-admin style CSV bulk import (see csv-import.h).
 *
 * Files are memory-mapped and split in place by the record reader (csv-records.c),
 * and plain "start,end" relationship lines are read straight from the mapping
 * (fast_pairs). Every row is parsed and checked completely before anything is written
 * to the graph, which is what lets a bad row be skipped without leaving half a node
 * behind. `:ID` values live in one map
 * per id space: integer ids in an open-addressing table that becomes a direct array when
 * the ids are dense (the common 1..N case), string ids in a GHashTable.
 *
 * This file writes only through graph/graph.h, never prints, and keeps no global state.
 */

#include "loader/csv-import.h"
#include "loader/csv-records.h"

#include <glib/gstdio.h>

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* --- Spec ------------------------------------------------------------------------ */

typedef struct
{
  KgCsvSourceKind kind;
  char *labels_or_type; /* nullable */
  GStrv files;
} Group;

struct _KgCsvImportSpec
{
  GPtrArray *groups; /* Group */
  gboolean skip_bad_rows;
  KgCsvIdType id_type;
  char delimiter;
  char array_delimiter;
  guint threads;
};

static void
group_free (gpointer p)
{
  Group *g = p;
  g_free (g->labels_or_type);
  g_strfreev (g->files);
  g_free (g);
}

KgCsvImportSpec *
kg_csv_import_spec_new (void)
{
  KgCsvImportSpec *spec = g_new0 (KgCsvImportSpec, 1);

  spec->groups = g_ptr_array_new_with_free_func (group_free);
  spec->id_type = KG_CSV_ID_STRING;
  spec->delimiter = ',';
  spec->array_delimiter = ';';
  return spec;
}

void
kg_csv_import_spec_free (KgCsvImportSpec *spec)
{
  if (spec == NULL)
    return;
  g_ptr_array_unref (spec->groups);
  g_free (spec);
}

void
kg_csv_import_spec_add (KgCsvImportSpec *spec,
                        KgCsvSourceKind kind,
                        const char *labels_or_type,
                        const char *const *files)
{
  Group *g;

  g_return_if_fail (spec != NULL);
  g_return_if_fail (files != NULL && files[0] != NULL);

  g = g_new0 (Group, 1);
  g->kind = kind;
  g->labels_or_type = labels_or_type != NULL && *labels_or_type != '\0' ? g_strdup (labels_or_type) : NULL;
  g->files = g_strdupv ((char **) files);
  g_ptr_array_add (spec->groups, g);
}

gboolean
kg_csv_import_spec_add_arg (KgCsvImportSpec *spec, KgCsvSourceKind kind, const char *arg, GError **error)
{
  g_autofree char *labels = NULL;
  const char *files_part = arg;
  const char *eq;
  g_auto (GStrv) files = NULL;
  g_autoptr (GPtrArray) kept = g_ptr_array_new ();

  g_return_val_if_fail (spec != NULL && arg != NULL, FALSE);

  /* "Label=file": the part before '=' names labels or a type unless it looks like a path. */
  eq = strchr (arg, '=');
  if (eq != NULL && memchr (arg, '/', eq - arg) == NULL)
    {
      labels = g_strndup (arg, eq - arg);
      files_part = eq + 1;
    }
  files = g_strsplit (files_part, ",", -1);
  for (guint i = 0; files[i] != NULL; i++)
    if (*files[i] != '\0')
      g_ptr_array_add (kept, files[i]);
  g_ptr_array_add (kept, NULL);
  if (kept->len == 1)
    {
      g_set_error (error, KG_LOAD_ERROR, KG_LOAD_ERROR_INVALID, "--%s=%s: no file given",
                   kind == KG_CSV_NODES ? "nodes" : "relationships", arg);
      return FALSE;
    }
  kg_csv_import_spec_add (spec, kind, labels, (const char *const *) kept->pdata);
  return TRUE;
}

void
kg_csv_import_spec_set_skip_bad_rows (KgCsvImportSpec *spec, gboolean skip)
{
  g_return_if_fail (spec != NULL);
  spec->skip_bad_rows = skip;
}

void
kg_csv_import_spec_set_id_type (KgCsvImportSpec *spec, KgCsvIdType id_type)
{
  g_return_if_fail (spec != NULL);
  spec->id_type = id_type;
}

void
kg_csv_import_spec_set_delimiter (KgCsvImportSpec *spec, char delimiter)
{
  g_return_if_fail (spec != NULL && delimiter != '"' && delimiter != '\n' && delimiter != '\r');
  spec->delimiter = delimiter;
}

void
kg_csv_import_spec_set_array_delimiter (KgCsvImportSpec *spec, char delimiter)
{
  g_return_if_fail (spec != NULL && delimiter != '\0');
  spec->array_delimiter = delimiter;
}

void
kg_csv_import_spec_set_threads (KgCsvImportSpec *spec, guint threads)
{
  g_return_if_fail (spec != NULL);
  spec->threads = threads;
}

gboolean
kg_csv_import_spec_is_empty (const KgCsvImportSpec *spec)
{
  g_return_val_if_fail (spec != NULL, TRUE);
  return spec->groups->len == 0;
}

void
kg_csv_import_stats_clear (KgCsvImportStats *stats)
{
  if (stats == NULL)
    return;
  if (stats->bad_row_messages != NULL)
    g_ptr_array_unref (stats->bad_row_messages);
  memset (stats, 0, sizeof *stats);
}

/* --- Id spaces --------------------------------------------------------------------- */

/* Open addressing, linear probing, load factor <= 1/2; an empty slot has KG_NONE. */
typedef struct
{
  gint64 *keys;
  KgNodeId *vals;
  gsize cap; /* a power of two, or 0 */
  gsize len;
  int shift; /* 64 - log2 (cap) */
} IntMap;

static inline gsize
intmap_slot (const IntMap *m, gint64 k)
{
  return (gsize) (((guint64) k * 0x9e3779b97f4a7c15ULL) >> m->shift);
}

static KgNodeId
intmap_get (const IntMap *m, gint64 k)
{
  if (m->cap == 0)
    return KG_NONE;
  for (gsize i = intmap_slot (m, k);; i = (i + 1) & (m->cap - 1))
    {
      if (m->vals[i] == KG_NONE)
        return KG_NONE;
      if (m->keys[i] == k)
        return m->vals[i];
    }
}

static void intmap_put (IntMap *m, gint64 k, KgNodeId v);

static void
intmap_grow (IntMap *m)
{
  IntMap old = *m;

  m->cap = old.cap ? old.cap * 2 : 1024;
  m->shift = 64 - g_bit_storage (m->cap - 1);
  m->keys = g_new (gint64, m->cap);
  m->vals = g_new (KgNodeId, m->cap);
  memset (m->vals, 0xff, m->cap * sizeof (KgNodeId));
  m->len = 0;
  for (gsize i = 0; i < old.cap; i++)
    if (old.vals[i] != KG_NONE)
      intmap_put (m, old.keys[i], old.vals[i]);
  g_free (old.keys);
  g_free (old.vals);
}

/* The caller has checked that @k is not there yet. */
static void
intmap_put (IntMap *m, gint64 k, KgNodeId v)
{
  gsize i;

  if ((m->len + 1) * 2 > m->cap)
    intmap_grow (m);
  for (i = intmap_slot (m, k); m->vals[i] != KG_NONE; i = (i + 1) & (m->cap - 1))
    ;
  m->keys[i] = k;
  m->vals[i] = v;
  m->len++;
}

typedef struct
{
  char *name;  /* "" for the global space */
  int id_type; /* -1 until a node file defines the space */
  IntMap ints;
  gint64 min, max;
  KgNodeId *dense; /* ints as a direct array from min, once nodes are all in */
  gsize dense_len;
  gboolean identity; /* ids min..max are nodes first..first + (max - min), in order */
  KgNodeId first;
  gsize seq_n;      /* while loading, > 0: every id so far came in order, min..max went to
                     * nodes first..first + seq_n - 1 (the common 1..N file), and ints is empty */
  GHashTable *strs; /* string id (in chunk) -> node + 1 */
  GStringChunk *chunk;
} IdSpace;

static void
id_space_free (gpointer p)
{
  IdSpace *s = p;

  g_free (s->name);
  g_free (s->ints.keys);
  g_free (s->ints.vals);
  g_free (s->dense);
  if (s->strs != NULL)
    g_hash_table_unref (s->strs);
  if (s->chunk != NULL)
    g_string_chunk_free (s->chunk);
  g_free (s);
}

/* Once all nodes are in, turns a space's integer map into something faster to look up:
 * nothing at all when ids min..max were given to consecutive nodes in order (the
 * common 1..N file), else a direct array when the ids are dense enough. */
static void
id_space_freeze (IdSpace *s)
{
  gsize range;

  if (s->seq_n > 0)
    {
      s->identity = TRUE;
      s->dense_len = s->seq_n;
      s->seq_n = 0;
      return;
    }
  if (s->identity || s->dense != NULL || s->ints.len == 0)
    return;
  range = (gsize) ((guint64) s->max - (guint64) s->min) + 1;
  if ((guint64) s->max - (guint64) s->min < (guint64) s->ints.len && range == s->ints.len)
    {
      KgNodeId first = intmap_get (&s->ints, s->min);
      gboolean identity = first <= G_MAXUINT32 - range;
      for (gsize i = 0; identity && i < s->ints.cap; i++)
        if (s->ints.vals[i] != KG_NONE && s->ints.vals[i] - first != (guint64) (s->ints.keys[i] - s->min))
          identity = FALSE;
      if (identity)
        {
          s->identity = TRUE;
          s->first = first;
          s->dense_len = range;
          g_clear_pointer (&s->ints.keys, g_free);
          g_clear_pointer (&s->ints.vals, g_free);
          s->ints.cap = 0;
          return;
        }
    }
  if ((guint64) s->max - (guint64) s->min >= (guint64) s->ints.len * 4 + 1024)
    return;
  s->dense = g_new (KgNodeId, range);
  memset (s->dense, 0xff, range * sizeof (KgNodeId));
  for (gsize i = 0; i < s->ints.cap; i++)
    if (s->ints.vals[i] != KG_NONE)
      s->dense[s->ints.keys[i] - s->min] = s->ints.vals[i];
  s->dense_len = range;
  g_clear_pointer (&s->ints.keys, g_free);
  g_clear_pointer (&s->ints.vals, g_free);
  s->ints.cap = 0;
}

static inline KgNodeId
id_space_get_int (const IdSpace *s, gint64 k)
{
  if (s->identity || s->dense != NULL)
    {
      if (k < s->min || (guint64) k - (guint64) s->min >= s->dense_len)
        return KG_NONE;
      if (s->identity)
        return s->first + (KgNodeId) ((guint64) k - (guint64) s->min);
      return s->dense[k - s->min];
    }
  if (s->seq_n > 0)
    return k >= s->min && k <= s->max ? s->first + (KgNodeId) ((guint64) k - (guint64) s->min) : KG_NONE;
  return intmap_get (&s->ints, k);
}

static void
id_space_put_int (IdSpace *s, gint64 k, KgNodeId node)
{
  g_assert (s->dense == NULL && !s->identity);
  if (s->ints.len == 0 && (s->seq_n == 0 || (k > s->max && (guint64) k - (guint64) s->max == 1 && node - s->first == s->seq_n)))
    {
      if (s->seq_n == 0)
        {
          s->min = k;
          s->first = node;
        }
      s->max = k;
      s->seq_n++;
      return;
    }
  if (s->seq_n > 0)
    {
      /* out of order: the ids so far go into the table */
      for (gsize i = 0; i < s->seq_n; i++)
        intmap_put (&s->ints, (gint64) ((guint64) s->min + i), s->first + (KgNodeId) i);
      s->seq_n = 0;
    }
  if (s->ints.len == 0 || k < s->min)
    s->min = k;
  if (s->ints.len == 0 || k > s->max)
    s->max = k;
  intmap_put (&s->ints, k, node);
}

static KgNodeId
id_space_get_str (const IdSpace *s, const char *k)
{
  gpointer v = s->strs != NULL ? g_hash_table_lookup (s->strs, k) : NULL;
  return v != NULL ? GPOINTER_TO_UINT (v) - 1 : KG_NONE;
}

static void
id_space_put_str (IdSpace *s, const char *k, KgNodeId node)
{
  if (s->strs == NULL)
    {
      s->strs = g_hash_table_new (g_str_hash, g_str_equal);
      s->chunk = g_string_chunk_new (1 << 16);
    }
  g_hash_table_insert (s->strs, g_string_chunk_insert (s->chunk, k), GUINT_TO_POINTER (node + 1));
}

/* --- Columns ----------------------------------------------------------------------- */

typedef enum
{
  COL_PROP,
  COL_ID,
  COL_LABEL,
  COL_START,
  COL_END,
  COL_TYPE,
  COL_IGNORE,
} ColKind;

typedef enum
{
  VT_STRING,
  VT_CHAR,
  VT_LONG,
  VT_INT,
  VT_SHORT,
  VT_BYTE,
  VT_DOUBLE,
  VT_FLOAT,
  VT_BOOLEAN,
  VT_DATE,
  VT_LOCALTIME,
  VT_TIME,
  VT_LOCALDATETIME,
  VT_DATETIME,
  VT_DURATION,
} ValType;

static const struct
{
  const char *name;
  ValType type;
} type_names[] = {
  { "string", VT_STRING },
  { "char", VT_CHAR },
  { "long", VT_LONG },
  { "int", VT_INT },
  { "short", VT_SHORT },
  { "byte", VT_BYTE },
  { "double", VT_DOUBLE },
  { "float", VT_FLOAT },
  { "boolean", VT_BOOLEAN },
  { "date", VT_DATE },
  { "localtime", VT_LOCALTIME },
  { "time", VT_TIME },
  { "localdatetime", VT_LOCALDATETIME },
  { "datetime", VT_DATETIME },
  { "duration", VT_DURATION },
};

typedef struct
{
  ColKind kind;
  ValType vtype;
  gboolean array;
  char *name;     /* as in the header; "" when none */
  KgSymbol key;   /* property key, KG_NONE when the column stores no property */
  IdSpace *space; /* ID, START_ID, END_ID */
} Column;

/* --- Import state ------------------------------------------------------------------ */

/* What converting fields needs, one per thread that converts: a NUL-terminated copy of
 * the field at hand, and the short strings met so far (their text -> a GRefString
 * holding one reference), so that repeated values (genders, countries, names) share one
 * copy without taking GLib's intern lock for each field. */
typedef struct
{
  GString *buf;
  GHashTable *strings; /* nullable */
  char array_delim;
} Conv;

static void
conv_init (Conv *cv, char array_delim)
{
  cv->buf = g_string_sized_new (128);
  cv->strings = NULL;
  cv->array_delim = array_delim;
}

static void
conv_clear (Conv *cv)
{
  if (cv->buf != NULL)
    g_string_free (cv->buf, TRUE);
  if (cv->strings != NULL)
    g_hash_table_unref (cv->strings);
  memset (cv, 0, sizeof *cv);
}

/* A GRefString of the @len bytes at @z (NUL-terminated); short ones are shared through
 * the thread's table. They are not interned: while GLib's intern table holds anything,
 * every GRefString's last release anywhere in the process (a LOAD CSV field, a query's
 * temporary) takes its lock and hashes the string to look for it there. */
static char *
conv_string (Conv *cv, const char *z, gsize len)
{
  if (len > 64)
    return g_ref_string_new_len (z, len);
  if (cv->strings == NULL)
    cv->strings = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ref_string_release);
  char *s = g_hash_table_lookup (cv->strings, z);
  if (s == NULL)
    {
      s = g_ref_string_new_len (z, (gssize) len);
      g_hash_table_insert (cv->strings, s, s);
    }
  return g_ref_string_acquire (s);
}

typedef struct
{
  KgGraph *graph;
  const KgCsvImportSpec *spec;
  KgCsvImportStats *stats;
  GHashTable *spaces; /* name -> IdSpace */
  Conv cv;            /* the calling thread's */
} Ctx;

/* Reports a bad row: counted and kept when skipping (returns TRUE: go on), else the
 * error (returns FALSE). */
static gboolean bad_row (Ctx *ctx, GError **error, const char *path, guint64 line, KgLoadError code, const char *format, ...) G_GNUC_PRINTF (6, 7);

static gboolean
bad_row (Ctx *ctx, GError **error, const char *path, guint64 line, KgLoadError code, const char *format, ...)
{
  va_list ap;
  g_autofree char *reason = NULL;

  va_start (ap, format);
  reason = g_strdup_vprintf (format, ap);
  va_end (ap);
  if (!ctx->spec->skip_bad_rows)
    {
      g_set_error (error, KG_LOAD_ERROR, code, "%s:%" G_GUINT64_FORMAT ": %s", path, line, reason);
      return FALSE;
    }
  ctx->stats->bad_rows++;
  if (ctx->stats->bad_row_messages == NULL)
    ctx->stats->bad_row_messages = g_ptr_array_new_with_free_func (g_free);
  if (ctx->stats->bad_row_messages->len < KG_CSV_MAX_REPORTED_BAD_ROWS)
    g_ptr_array_add (ctx->stats->bad_row_messages,
                     g_strdup_printf ("%s:%" G_GUINT64_FORMAT ": %s", path, line, reason));
  return TRUE;
}

static IdSpace *
get_space (Ctx *ctx, const char *name)
{
  IdSpace *s = g_hash_table_lookup (ctx->spaces, name);

  if (s == NULL)
    {
      s = g_new0 (IdSpace, 1);
      s->name = g_strdup (name);
      s->id_type = -1;
      g_hash_table_insert (ctx->spaces, s->name, s);
    }
  return s;
}

static const char *
space_label (const IdSpace *s)
{
  return *s->name != '\0' ? s->name : "(global)";
}

/* A short, printable excerpt of a field for messages. */
static char *
excerpt (const char *s, gsize len)
{
  if (len > 40)
    return g_strdup_printf ("%.*s...", 37, s);
  return g_strndup (s, len);
}

/* Strips blanks around unquoted text (neo4j-admin trims unless the value is quoted). */
static inline void
trim (const char **s, gsize *len)
{
  while (*len > 0 && (**s == ' ' || **s == '\t'))
    (*s)++, (*len)--;
  while (*len > 0 && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
    (*len)--;
}

/* Parses a decimal integer in [lo, hi]; no blanks, optional sign. */
static gboolean
parse_int (const char *s, gsize len, gint64 lo, gint64 hi, gint64 *out)
{
  gboolean neg = FALSE;
  guint64 v = 0, limit;
  gsize i = 0;

  if (len == 0)
    return FALSE;
  if (s[0] == '-' || s[0] == '+')
    {
      neg = s[0] == '-';
      i = 1;
      if (len == 1)
        return FALSE;
    }
  limit = neg ? (guint64) G_MAXINT64 + 1 : (guint64) G_MAXINT64;
  for (; i < len; i++)
    {
      unsigned c = (unsigned char) s[i] - '0';
      if (c > 9)
        return FALSE;
      if (v > (limit - c) / 10)
        return FALSE;
      v = v * 10 + c;
    }
  if (neg)
    *out = v == (guint64) G_MAXINT64 + 1 ? G_MININT64 : -(gint64) v;
  else
    *out = (gint64) v;
  return *out >= lo && *out <= hi;
}

static const char *
nul_terminated (Conv *cv, const char *s, gsize len)
{
  g_string_truncate (cv->buf, 0);
  g_string_append_len (cv->buf, s, len);
  return cv->buf->str;
}

/* Converts one (already unquoted) scalar. Returns: FALSE when the text is not a value of
 * @t; *@what then names the expected kind. */
static gboolean
parse_scalar (Conv *cv, ValType t, const char *s, gsize len, gboolean quoted, KgValue *out, const char **what)
{
  gint64 i;

  if (!quoted || t != VT_STRING)
    trim (&s, &len);
  switch (t)
    {
    case VT_STRING:
    case VT_CHAR:
      {
        const char *z = nul_terminated (cv, s, len);
        if (memchr (s, '\0', len) != NULL || !g_utf8_validate (z, len, NULL))
          {
            *what = "UTF-8 text";
            return FALSE;
          }
        *out = kg_value_string_take (conv_string (cv, z, len));
        return TRUE;
      }
    case VT_LONG:
      *what = "integer";
      if (!parse_int (s, len, G_MININT64, G_MAXINT64, &i))
        return FALSE;
      *out = kg_value_int (i);
      return TRUE;
    case VT_INT:
      *what = "int";
      if (!parse_int (s, len, G_MININT32, G_MAXINT32, &i))
        return FALSE;
      *out = kg_value_int (i);
      return TRUE;
    case VT_SHORT:
      *what = "short";
      if (!parse_int (s, len, G_MININT16, G_MAXINT16, &i))
        return FALSE;
      *out = kg_value_int (i);
      return TRUE;
    case VT_BYTE:
      *what = "byte";
      if (!parse_int (s, len, G_MININT8, G_MAXINT8, &i))
        return FALSE;
      *out = kg_value_int (i);
      return TRUE;
    case VT_DOUBLE:
    case VT_FLOAT:
      {
        const char *z = nul_terminated (cv, s, len);
        char *endp = NULL;
        double f;
        *what = "number";
        if (len == 0)
          return FALSE;
        errno = 0;
        f = g_ascii_strtod (z, &endp);
        if (endp != z + len || errno == ERANGE)
          return FALSE;
        *out = kg_value_float (f);
        return TRUE;
      }
    case VT_BOOLEAN:
      *what = "boolean";
      if (len == 4 && g_ascii_strncasecmp (s, "true", 4) == 0)
        *out = kg_value_bool (TRUE);
      else if (len == 5 && g_ascii_strncasecmp (s, "false", 5) == 0)
        *out = kg_value_bool (FALSE);
      else
        return FALSE;
      return TRUE;
    case VT_DATE:
      {
        /* Every form date('...') takes: 2015-07-21, 20150721, 2015-W30-2, 2015-202, ... */
        gint32 days;
        *what = "date";
        if (len == 0 || len > 32 || !kg_date_parse (nul_terminated (cv, s, len), &days))
          return FALSE;
        *out = kg_value_date (days);
        return TRUE;
      }
    case VT_LOCALTIME:
    case VT_TIME:
    case VT_LOCALDATETIME:
    case VT_DATETIME:
    case VT_DURATION:
      {
        /* What localtime('...'), time('...'), ... and duration('...') take. */
        static const struct
        {
          KgValueType type;
          const char *what;
        } temporal[] = {
          [VT_LOCALTIME - VT_LOCALTIME] = { KG_VALUE_LOCALTIME, "local time" },
          [VT_TIME -
              VT_LOCALTIME] = { KG_VALUE_TIME, "time" },
          [VT_LOCALDATETIME -
              VT_LOCALTIME] = { KG_VALUE_LOCALDATETIME, "local date-time" },
          [VT_DATETIME -
              VT_LOCALTIME] = { KG_VALUE_DATETIME, "date-time" },
          [VT_DURATION -
              VT_LOCALTIME] = { KG_VALUE_DURATION, "duration" },
        };
        *what = temporal[t - VT_LOCALTIME].what;
        return len > 0 && len <= 128 && kg_temporal_parse (temporal[t - VT_LOCALTIME].type, nul_terminated (cv, s, len), out);
      }
    }
  g_assert_not_reached ();
}

/* Converts a property field. An empty unquoted field (or an empty field of a non-string
 * type) means "no property" and leaves @out null; a quoted empty field in an array
 * column is the empty list (what `kgq export --csv` writes for one). */
static gboolean
parse_prop (Conv *cv, const Column *col, const KgCsvField *f, KgValue *out, const char **what, const char **bad, gsize *bad_len)
{
  const char *s = f->s;
  gsize len = f->len;

  *bad = s;
  *bad_len = len;
  *out = kg_value_null ();
  if (!f->quoted || col->vtype != VT_STRING || col->array)
    trim (&s, &len);
  if (len == 0 && f->quoted && col->array)
    {
      *out = kg_value_list (kg_list_new (0));
      return TRUE;
    }
  if (len == 0 && !(f->quoted && col->vtype == VT_STRING && !col->array))
    return TRUE;
  if (!col->array)
    return parse_scalar (cv, col->vtype, s, len, f->quoted, out, what);

  KgList *list = kg_list_new (4);
  const char ad = cv->array_delim;
  const char *p = s, *end = s + len;
  for (;;)
    {
      const char *c = memchr (p, ad, end - p);
      const char *e = c != NULL ? c : end;
      KgValue item = KG_VALUE_INIT;
      if (!parse_scalar (cv, col->vtype, p, e - p, FALSE, &item, what))
        {
          *bad = p;
          *bad_len = e - p;
          kg_list_unref (list);
          return FALSE;
        }
      kg_list_append (list, &item);
      if (c == NULL)
        break;
      p = c + 1;
    }
  *out = kg_value_list (list);
  return TRUE;
}

/* Parses one header field ("name:type{options}") into @col. */
static gboolean
parse_column (Ctx *ctx, const Group *grp, const char *path, const KgCsvField *f, Column *col, GError **error)
{
  g_autofree char *text = g_strndup (f->s, f->len);
  char *t = g_strstrip (text);
  char *opts = NULL, *type, *sep = NULL;
  int depth = 0;
  int id_type = -1;

  memset (col, 0, sizeof *col);
  col->key = KG_NONE;

  /* Options: a trailing {key:value, ...}; only id-type is understood. */
  gsize tl = strlen (t);
  if (tl > 0 && t[tl - 1] == '}')
    {
      char *open = strrchr (t, '{');
      if (open == NULL)
        goto bad;
      t[tl - 1] = '\0';
      opts = open + 1;
      *open = '\0';
      g_auto (GStrv) pairs = g_strsplit (opts, ",", -1);
      for (guint i = 0; pairs[i] != NULL; i++)
        {
          char *kv = g_strstrip (pairs[i]);
          char *colon = strchr (kv, ':');
          if (*kv == '\0')
            continue;
          if (colon == NULL)
            goto bad;
          *colon = '\0';
          char *k = g_strstrip (kv), *v = g_strstrip (colon + 1);
          if (g_ascii_strcasecmp (k, "id-type") != 0)
            {
              g_set_error (error, KG_LOAD_ERROR, KG_LOAD_ERROR_INVALID, "%s:1: unsupported column option '%s' in '%.*s'",
                           path, k, (int) f->len, f->s);
              return FALSE;
            }
          if (g_ascii_strcasecmp (v, "string") == 0)
            id_type = KG_CSV_ID_STRING;
          else if (g_ascii_strcasecmp (v, "int") == 0 || g_ascii_strcasecmp (v, "long") == 0 || g_ascii_strcasecmp (v, "integer") == 0)
            id_type = KG_CSV_ID_INTEGER;
          else
            goto bad;
        }
    }

  /* The type follows the last ':' outside parentheses. */
  for (char *c = t; *c; c++)
    {
      if (*c == '(')
        depth++;
      else if (*c == ')')
        depth--;
      else if (*c == ':' && depth == 0)
        sep = c;
    }
  char default_type[] = "string";
  if (sep != NULL)
    {
      *sep = '\0';
      type = g_strstrip (sep + 1);
    }
  else
    type = default_type;
  col->name = g_strdup (g_strstrip (t));

  /* Special columns, with an optional (IdSpace). */
  static const struct
  {
    const char *word;
    ColKind kind;
  } specials[] = {
    { "ID", COL_ID }, { "START_ID", COL_START }, { "END_ID", COL_END }, { "LABEL", COL_LABEL }, { "TYPE", COL_TYPE }, { "IGNORE", COL_IGNORE }
  };
  for (guint i = 0; i < G_N_ELEMENTS (specials); i++)
    {
      gsize wl = strlen (specials[i].word);
      if (g_ascii_strncasecmp (type, specials[i].word, wl) != 0 || (type[wl] != '\0' && type[wl] != '('))
        continue;
      col->kind = specials[i].kind;
      if (type[wl] == '(')
        {
          char *close = strrchr (type, ')');
          if (close == NULL || close[1] != '\0' || (col->kind != COL_ID && col->kind != COL_START && col->kind != COL_END))
            goto bad;
          *close = '\0';
          col->space = get_space (ctx, g_strstrip (type + wl + 1));
        }
      else if (col->kind == COL_ID || col->kind == COL_START || col->kind == COL_END)
        col->space = get_space (ctx, "");
      if (id_type >= 0 && col->kind != COL_ID)
        goto bad;
      if (col->kind == COL_ID)
        {
          /* An explicit id-type wins; else the space keeps the type it has; else the spec's. */
          int want = id_type >= 0 ? id_type : col->space->id_type >= 0 ? col->space->id_type
                                                                       : (int) ctx->spec->id_type;
          if (col->space->id_type >= 0 && col->space->id_type != want)
            {
              g_set_error (error, KG_LOAD_ERROR, KG_LOAD_ERROR_INVALID, "%s:1: id space '%s' has both integer and string ids",
                           path, space_label (col->space));
              return FALSE;
            }
          col->space->id_type = want;
          col->vtype = want == KG_CSV_ID_INTEGER ? VT_LONG : VT_STRING;
          if (*col->name != '\0')
            col->key = kg_graph_intern (ctx->graph, KG_SYM_KEY, col->name);
        }
      goto check_kind;
    }
  if (id_type >= 0)
    goto bad;

  /* A property: scalar type name, optionally with []. */
  {
    gsize ll = strlen (type);
    gboolean found = FALSE;
    if (ll >= 2 && strcmp (type + ll - 2, "[]") == 0)
      {
        col->array = TRUE;
        type[ll - 2] = '\0';
      }
    for (guint i = 0; i < G_N_ELEMENTS (type_names); i++)
      if (g_ascii_strcasecmp (type, type_names[i].name) == 0)
        {
          col->vtype = type_names[i].type;
          found = TRUE;
        }
    if (!found)
      {
        g_set_error (error, KG_LOAD_ERROR, KG_LOAD_ERROR_INVALID, "%s:1: unknown field type '%s' in '%.*s'",
                     path, type, (int) f->len, f->s);
        return FALSE;
      }
    if (*col->name == '\0')
      {
        g_set_error (error, KG_LOAD_ERROR, KG_LOAD_ERROR_INVALID, "%s:1: a property column needs a name: '%.*s'",
                     path, (int) f->len, f->s);
        return FALSE;
      }
    col->kind = COL_PROP;
    col->key = kg_graph_intern (ctx->graph, KG_SYM_KEY, col->name);
  }

check_kind:
  if (grp->kind == KG_CSV_NODES && (col->kind == COL_START || col->kind == COL_END || col->kind == COL_TYPE))
    {
      g_set_error (error, KG_LOAD_ERROR, KG_LOAD_ERROR_INVALID, "%s:1: '%.*s' belongs in a relationship file, not a node file",
                   path, (int) f->len, f->s);
      return FALSE;
    }
  if (grp->kind == KG_CSV_RELATIONSHIPS && (col->kind == COL_ID || col->kind == COL_LABEL))
    {
      g_set_error (error, KG_LOAD_ERROR, KG_LOAD_ERROR_INVALID, "%s:1: '%.*s' belongs in a node file, not a relationship file",
                   path, (int) f->len, f->s);
      return FALSE;
    }
  return TRUE;

bad:
  g_set_error (error, KG_LOAD_ERROR, KG_LOAD_ERROR_INVALID, "%s:1: malformed header field '%.*s'", path, (int) f->len, f->s);
  return FALSE;
}

static void
columns_free (GArray *cols)
{
  for (guint i = 0; i < cols->len; i++)
    g_free (g_array_index (cols, Column, i).name);
  g_array_unref (cols);
}

/* Reads and checks the header of @grp's first file into @cols. */
static gboolean
read_header (Ctx *ctx, const Group *grp, KgCsvRecords *r, GArray *cols, int *id_col, int *start_col, int *end_col, int *type_col, GError **error)
{
  int rc = kg_csv_records_next (r);

  *id_col = *start_col = *end_col = *type_col = -1;
  if (rc == 0)
    {
      g_set_error (error, KG_LOAD_ERROR, KG_LOAD_ERROR_PARSE, "%s:1: no header line", r->path);
      return FALSE;
    }
  if (rc < 0)
    {
      g_set_error (error, KG_LOAD_ERROR, KG_LOAD_ERROR_PARSE, "%s:%" G_GUINT64_FORMAT ": header: %s", r->path, r->rec_line, r->problem);
      return FALSE;
    }
  for (guint i = 0; i < r->n_fields; i++)
    {
      Column col;
      int *slot = NULL;
      if (!parse_column (ctx, grp, r->path, &r->fields[i], &col, error))
        {
          g_free (col.name);
          return FALSE;
        }
      g_array_append_val (cols, col);
      switch (col.kind)
        {
        case COL_ID:
          slot = id_col;
          break;
        case COL_START:
          slot = start_col;
          break;
        case COL_END:
          slot = end_col;
          break;
        case COL_TYPE:
          slot = type_col;
          break;
        default:
          break;
        }
      if (slot != NULL)
        {
          if (*slot >= 0)
            {
              g_set_error (error, KG_LOAD_ERROR, KG_LOAD_ERROR_INVALID, "%s:1: more than one %s column", r->path,
                           col.kind == COL_ID ? ":ID" : col.kind == COL_START ? ":START_ID"
                                                    : col.kind == COL_END     ? ":END_ID"
                                                                              : ":TYPE");
              return FALSE;
            }
          *slot = i;
        }
    }
  if (grp->kind == KG_CSV_RELATIONSHIPS)
    {
      if (*start_col < 0 || *end_col < 0)
        {
          g_set_error (error, KG_LOAD_ERROR, KG_LOAD_ERROR_INVALID, "%s:1: a relationship file needs :START_ID and :END_ID columns", r->path);
          return FALSE;
        }
      if (*type_col < 0 && grp->labels_or_type == NULL)
        {
          g_set_error (error, KG_LOAD_ERROR, KG_LOAD_ERROR_INVALID,
                       "%s:1: no relationship type: give one with --relationships=TYPE=FILE or add a :TYPE column", r->path);
          return FALSE;
        }
      for (int which = 0; which < 2; which++)
        {
          IdSpace *s = g_array_index (cols, Column, which == 0 ? *start_col : *end_col).space;
          if (s->id_type < 0)
            {
              g_set_error (error, KG_LOAD_ERROR, KG_LOAD_ERROR_UNKNOWN, "%s:1: id space '%s' is not defined by any node file",
                           r->path, space_label (s));
              return FALSE;
            }
          id_space_freeze (s);
        }
    }
  return TRUE;
}

/* Estimates the data rows of a group from the first file's line length, to reserve
 * room in the store once instead of growing it row by row. */
static guint64
estimate_rows (const Group *grp)
{
  guint64 total_bytes = 0, sample_lines = 0, sample_bytes = 0;

  for (guint i = 0; grp->files[i] != NULL; i++)
    {
      GStatBuf st;
      if (g_stat (grp->files[i], &st) == 0)
        total_bytes += st.st_size;
    }
  FILE *f = fopen (grp->files[0], "rb");
  if (f != NULL)
    {
      char buf[65536];
      gsize n = fread (buf, 1, sizeof buf, f);
      fclose (f);
      sample_bytes = n;
      sample_lines = kg_csv_count_newlines (buf, buf + n);
    }
  if (sample_lines == 0 || sample_bytes == 0)
    return 16;
  return total_bytes * sample_lines / sample_bytes * 102 / 100 + 16;
}

/* --- Node and relationship rows ------------------------------------------------------ */

typedef struct
{
  Ctx *ctx;
  const Group *grp;
  GArray *cols; /* Column */
  int id_col, start_col, end_col, type_col;
  KgSymbol *labels; /* the group's own labels */
  guint n_labels;
  KgSymbol type; /* the group's default type, or KG_NONE */
  KgValue *vals; /* one per column, for the row being read */
  /* Pieces of the current relationship file the fast path read on worker threads, not
   * yet added (pieces[next_piece] on), in file order. */
  struct Piece *pieces;
  guint n_pieces, next_piece, n_pieces_cap;
  KgNodeId *run_pairs; /* the calling thread's ids of a run of such lines */
} GroupState;

static void
clear_vals (GroupState *gs)
{
  for (guint i = 0; i < gs->cols->len; i++)
    kg_value_clear (&gs->vals[i]);
}

/* Parses every property column of the current row into gs->vals. */
static gboolean
parse_props (GroupState *gs, KgCsvRecords *r, gboolean *ok, GError **error)
{
  Ctx *ctx = gs->ctx;

  *ok = TRUE;
  for (guint i = 0; i < gs->cols->len; i++)
    {
      const Column *col = &g_array_index (gs->cols, Column, i);
      const KgCsvField *f = &r->fields[i];
      const char *what = NULL, *bad;
      gsize bad_len;
      if (col->kind != COL_PROP)
        continue;
      if (!parse_prop (&ctx->cv, col, f, &gs->vals[i], &what, &bad, &bad_len))
        {
          g_autofree char *ex = excerpt (bad, bad_len);
          *ok = FALSE;
          return bad_row (ctx, error, r->path, r->rec_line, KG_LOAD_ERROR_VALUE, "bad %s '%s' in column '%s'", what, ex, col->name);
        }
    }
  return TRUE;
}

static void
set_props (GroupState *gs, gboolean node, guint32 id, const KgValue *vals)
{
  for (guint i = 0; i < gs->cols->len; i++)
    {
      const Column *col = &g_array_index (gs->cols, Column, i);
      if (col->key == KG_NONE || kg_value_is_null (&vals[i]))
        continue;
      if (node)
        kg_graph_node_set_prop (gs->ctx->graph, id, col->key, &vals[i]);
      else
        kg_graph_edge_set_prop (gs->ctx->graph, id, col->key, &vals[i]);
      gs->ctx->stats->properties++;
    }
}

/* The id field of a node row, blanks dropped unless quoted; FALSE when the row has none. */
static gboolean
id_field (const KgCsvField *f, const char **s, gsize *len)
{
  *s = f->s;
  *len = f->len;
  if (!f->quoted)
    trim (s, len);
  return *len > 0 || f->quoted;
}

/* Writes a node row that passed every check: @vals holds, per column, the id (null when
 * the row has none), the text of a :LABEL field and the properties. Clears @vals. */
static void
node_put (GroupState *gs, KgValue *vals)
{
  Ctx *ctx = gs->ctx;
  KgNodeId node = kg_graph_add_node (ctx->graph);

  ctx->stats->nodes++;
  for (guint i = 0; i < gs->n_labels; i++)
    kg_graph_node_add_label (ctx->graph, node, gs->labels[i]);
  for (guint i = 0; i < gs->cols->len; i++)
    {
      const Column *col = &g_array_index (gs->cols, Column, i);
      if (col->kind != COL_LABEL || kg_value_is_null (&vals[i]))
        continue;
      g_auto (GStrv) parts = g_strsplit (vals[i].u.s, (char[]){ ctx->spec->array_delimiter, 0 }, -1);
      for (guint j = 0; parts[j] != NULL; j++)
        {
          char *l = g_strstrip (parts[j]);
          if (*l != '\0')
            kg_graph_node_add_label (ctx->graph, node, kg_graph_intern (ctx->graph, KG_SYM_LABEL, l));
        }
    }
  if (gs->id_col >= 0 && !kg_value_is_null (&vals[gs->id_col]))
    {
      IdSpace *space = g_array_index (gs->cols, Column, gs->id_col).space;
      if (space->id_type == KG_CSV_ID_INTEGER)
        id_space_put_int (space, vals[gs->id_col].u.i, node);
      else
        id_space_put_str (space, vals[gs->id_col].u.s, node);
    }
  set_props (gs, TRUE, node, vals);
  for (guint i = 0; i < gs->cols->len; i++)
    kg_value_clear (&vals[i]);
}

/* The text of :LABEL fields, kept for node_put (nothing when there are none). */
static void
label_texts (const GroupState *gs, const KgCsvRecords *r, KgValue *vals)
{
  for (guint i = 0; i < gs->cols->len; i++)
    if (g_array_index (gs->cols, Column, i).kind == COL_LABEL)
      vals[i] = kg_value_string_len (r->fields[i].s, r->fields[i].len);
}

/* One node row. Returns FALSE only on a fatal error. */
static gboolean
node_row (GroupState *gs, KgCsvRecords *r, GError **error)
{
  Ctx *ctx = gs->ctx;
  const Column *idc = gs->id_col >= 0 ? &g_array_index (gs->cols, Column, gs->id_col) : NULL;
  gint64 int_key = 0;
  const char *s = NULL;
  gsize len = 0;
  gboolean has_id = FALSE, ok;

  if (idc != NULL && id_field (&r->fields[gs->id_col], &s, &len))
    {
      has_id = TRUE;
      if (idc->space->id_type == KG_CSV_ID_INTEGER)
        {
          if (!parse_int (s, len, G_MININT64, G_MAXINT64, &int_key))
            {
              g_autofree char *ex = excerpt (s, len);
              return bad_row (ctx, error, r->path, r->rec_line, KG_LOAD_ERROR_VALUE, "bad id '%s' (an integer id space)", ex);
            }
          if (id_space_get_int (idc->space, int_key) != KG_NONE)
            return bad_row (ctx, error, r->path, r->rec_line, KG_LOAD_ERROR_DUPLICATE, "duplicate id '%" G_GINT64_FORMAT "' in id space '%s'",
                            int_key, space_label (idc->space));
        }
      else if (id_space_get_str (idc->space, nul_terminated (&ctx->cv, s, len)) != KG_NONE)
        {
          g_autofree char *ex = excerpt (s, len);
          return bad_row (ctx, error, r->path, r->rec_line, KG_LOAD_ERROR_DUPLICATE, "duplicate id '%s' in id space '%s'", ex, space_label (idc->space));
        }
    }
  if (!parse_props (gs, r, &ok, error))
    return FALSE;
  if (!ok)
    {
      clear_vals (gs);
      return TRUE;
    }
  /* The row is good: write it. */
  if (has_id)
    gs->vals[gs->id_col] = idc->space->id_type == KG_CSV_ID_INTEGER ? kg_value_int (int_key)
                                                                    : kg_value_string (nul_terminated (&ctx->cv, s, len));
  label_texts (gs, r, gs->vals);
  node_put (gs, gs->vals);
  return TRUE;
}

/* --- Node files on several threads ---------------------------------------------------
 *
 * A node file is cut at line ends into pieces. Worker threads (and the calling thread,
 * when it would otherwise wait) convert a piece's rows into values on their own, reading
 * nothing the calling thread writes; the calling thread then adds the pieces' rows to
 * the graph in file order, checking the ids for duplicates as it goes, so nodes get the
 * ids of one thread. A piece stops at the first record its reader does not take (a
 * malformed record, a wrong field count, a bad value, a quoted field running past the
 * piece's end): the one-thread path reads from that record up to the next piece it
 * reaches, reporting bad rows with the same FILE:LINE. A cut that fell inside a quoted
 * field is found that way too (the record before it ends past the cut): the one-thread
 * path reads over the next piece, which is dropped. */

/* Files with less than this left are read on the calling thread only; pieces are of
 * this size, and at most NODE_AHEAD pieces per thread are converted ahead of the one
 * being added (which bounds the memory their values take). */
#define PARALLEL_NODES_MIN ((gsize) 1 << 20)
#define NODE_PIECE_BYTES ((gsize) 1 << 20)
#define NODE_AHEAD 3

typedef struct
{
  const char *start, *end;
  const char *stop; /* where its reader stopped: end, or the first record it did not take */
  guint64 lines;    /* the lines from start to stop */
  guint n_rows, cap;
  guint64 *row_line; /* each row's first line, counted from the piece's start (1) */
  KgValue *vals;     /* n_rows * columns */
  int state;         /* 0: not taken, 1: being converted, 2: done (under NodeQueue.lock) */
} NodePiece;

typedef struct
{
  GroupState *gs; /* read only, its columns and spec */
  const char *path;
  char delim;
  NodePiece *pieces;
  guint n;
  GMutex lock; /* guards next, added, stopping and the pieces' state */
  GCond cond;
  guint next;  /* the next piece to take (taken in order) */
  guint added; /* the pieces the calling thread is done with */
  gboolean stopping;
} NodeQueue;

static void
node_piece_free (NodePiece *pc, guint n_cols)
{
  for (gsize i = 0; i < (gsize) pc->n_rows * n_cols; i++)
    kg_value_clear (&pc->vals[i]);
  g_clear_pointer (&pc->vals, g_free);
  g_clear_pointer (&pc->row_line, g_free);
  pc->n_rows = pc->cap = 0;
}

/* Converts one row without reporting anything: FALSE (and @vals cleared) when the
 * one-thread path must look at it. */
static gboolean
node_row_convert (const GroupState *gs, Conv *cv, const KgCsvRecords *r, KgValue *vals)
{
  guint n = gs->cols->len;

  for (guint i = 0; i < n; i++)
    {
      const Column *col = &g_array_index (gs->cols, Column, i);
      const KgCsvField *f = &r->fields[i];
      const char *s, *what, *bad;
      gsize len, bad_len;
      vals[i] = kg_value_null ();
      switch (col->kind)
        {
        case COL_ID:
          if (!id_field (f, &s, &len))
            break;
          if (col->space->id_type == KG_CSV_ID_INTEGER)
            {
              gint64 k;
              if (!parse_int (s, len, G_MININT64, G_MAXINT64, &k))
                goto fail;
              vals[i] = kg_value_int (k);
            }
          else
            {
              if (memchr (s, '\0', len) != NULL)
                goto fail;
              vals[i] = kg_value_string_len (s, len);
            }
          break;
        case COL_PROP:
          if (!parse_prop (cv, col, f, &vals[i], &what, &bad, &bad_len))
            goto fail;
          break;
        case COL_LABEL:
          vals[i] = kg_value_string_len (f->s, f->len);
          break;
        default:
          break;
        }
      continue;
    fail:
      for (guint j = 0; j <= i; j++)
        kg_value_clear (&vals[j]);
      return FALSE;
    }
  return TRUE;
}

static void
node_piece_convert (NodeQueue *q, NodePiece *pc, Conv *cv)
{
  const GroupState *gs = q->gs;
  guint n = gs->cols->len;
  KgCsvRecords r;

  kg_csv_records_open_range (&r, q->path, q->delim, pc->start, pc->end);
  pc->cap = MAX ((gsize) (pc->end - pc->start) / 32, 64);
  pc->vals = g_new (KgValue, (gsize) pc->cap * n);
  pc->row_line = g_new (guint64, pc->cap);
  for (;;)
    {
      const char *at = r.cur;
      guint64 at_line = r.line;
      int rc = at < pc->end ? kg_csv_records_next (&r) : 0;
      if (rc == 0)
        break;
      if (pc->n_rows == pc->cap)
        {
          pc->cap *= 2;
          pc->vals = g_renew (KgValue, pc->vals, (gsize) pc->cap * n);
          pc->row_line = g_renew (guint64, pc->row_line, pc->cap);
        }
      if (rc < 0 || r.n_fields != n || !node_row_convert (gs, cv, &r, &pc->vals[(gsize) pc->n_rows * n]))
        {
          r.cur = at;
          r.line = at_line;
          break;
        }
      pc->row_line[pc->n_rows++] = r.rec_line;
    }
  pc->stop = r.cur;
  pc->lines = r.line - 1;
  kg_csv_records_close (&r);
}

static gpointer
node_worker (gpointer data)
{
  NodeQueue *q = data;
  Conv cv;

  conv_init (&cv, q->gs->ctx->spec->array_delimiter);
  g_mutex_lock (&q->lock);
  for (;;)
    {
      guint ahead = NODE_AHEAD * MAX (q->gs->ctx->spec->threads, 1u);
      while (!q->stopping && q->next < q->n && q->next >= q->added + ahead)
        g_cond_wait (&q->cond, &q->lock);
      if (q->stopping || q->next >= q->n)
        break;
      NodePiece *pc = &q->pieces[q->next++];
      pc->state = 1;
      g_mutex_unlock (&q->lock);
      node_piece_convert (q, pc, &cv);
      g_mutex_lock (&q->lock);
      pc->state = 2;
      g_cond_broadcast (&q->cond);
    }
  g_mutex_unlock (&q->lock);
  conv_clear (&cv);
  return NULL;
}

/* Piece @j converted: by the calling thread when no worker has taken it yet. */
static void
node_piece_wait (NodeQueue *q, guint j)
{
  NodePiece *pc = &q->pieces[j];

  g_mutex_lock (&q->lock);
  if (pc->state == 0)
    {
      g_assert (q->next == j);
      q->next++;
      pc->state = 1;
      g_mutex_unlock (&q->lock);
      node_piece_convert (q, pc, &q->gs->ctx->cv);
      g_mutex_lock (&q->lock);
      pc->state = 2;
    }
  while (pc->state != 2)
    g_cond_wait (&q->cond, &q->lock);
  g_mutex_unlock (&q->lock);
}

static int read_record (GroupState *gs, KgCsvRecords *r, GError **error);

/* Adds a converted piece's rows (the reader is at its start). FALSE on a fatal error. */
static gboolean
node_piece_add (GroupState *gs, KgCsvRecords *r, NodePiece *pc, GError **error)
{
  Ctx *ctx = gs->ctx;
  guint n = gs->cols->len;
  const Column *idc = gs->id_col >= 0 ? &g_array_index (gs->cols, Column, gs->id_col) : NULL;
  guint64 base = r->line - 1;

  for (guint i = 0; i < pc->n_rows; i++)
    {
      KgValue *vals = &pc->vals[(gsize) i * n];
      const KgValue *id = idc != NULL ? &vals[gs->id_col] : NULL;
      if (id != NULL && !kg_value_is_null (id))
        {
          gboolean dup;
          g_autofree char *ex = NULL;
          if (idc->space->id_type == KG_CSV_ID_INTEGER)
            {
              dup = id_space_get_int (idc->space, id->u.i) != KG_NONE;
              if (dup)
                ex = g_strdup_printf ("%" G_GINT64_FORMAT, id->u.i);
            }
          else
            {
              dup = id_space_get_str (idc->space, id->u.s) != KG_NONE;
              if (dup)
                ex = excerpt (id->u.s, strlen (id->u.s));
            }
          if (dup)
            {
              for (guint c = 0; c < n; c++)
                kg_value_clear (&vals[c]);
              if (!bad_row (ctx, error, r->path, base + pc->row_line[i], KG_LOAD_ERROR_DUPLICATE, "duplicate id '%s' in id space '%s'", ex,
                            space_label (idc->space)))
                return FALSE;
              continue;
            }
        }
      node_put (gs, vals);
    }
  pc->n_rows = 0; /* node_put took the values */
  r->line = base + 1 + pc->lines;
  r->cur = pc->stop;
  kg_csv_records_release (r);
  return TRUE;
}

/* Reads the rest of a node file with the workers. The reader ends at the end of the
 * file, or where the last piece stopped (the caller reads on). FALSE on a fatal error. */
static gboolean
node_file_parallel (GroupState *gs, KgCsvRecords *r, GError **error)
{
  guint threads = gs->ctx->spec->threads, n_cols = gs->cols->len;
  NodeQueue q = { .gs = gs, .path = r->path, .delim = r->delim };
  gboolean ok = TRUE;

  q.n = (guint) ((r->end - r->cur) / NODE_PIECE_BYTES + 1);
  q.pieces = g_new0 (NodePiece, q.n);
  const char *p = r->cur;
  guint k = 0;
  while (p < r->end && k < q.n)
    {
      const char *cut = k + 1 == q.n || (gsize) (r->end - p) <= NODE_PIECE_BYTES ? r->end : p + NODE_PIECE_BYTES;
      if (cut < r->end)
        {
          const char *nl = memchr (cut, '\n', r->end - cut);
          cut = nl != NULL ? nl + 1 : r->end;
        }
      q.pieces[k].start = p;
      q.pieces[k].end = cut;
      k++;
      p = cut;
    }
  q.n = k;
  g_mutex_init (&q.lock);
  g_cond_init (&q.cond);
  GThread **workers = g_new0 (GThread *, threads);
  for (guint i = 1; i < threads && i < q.n; i++)
    workers[i] = g_thread_try_new ("kgq-csv", node_worker, &q, NULL);

  for (guint j = 0; j < q.n && ok; j++)
    {
      NodePiece *pc = &q.pieces[j];
      /* the one-thread path up to the piece (after a piece that stopped early) */
      while (r->cur < pc->start)
        {
          int rc = read_record (gs, r, error);
          if (rc < 0)
            ok = FALSE;
          if (rc <= 0)
            break;
        }
      if (!ok)
        break;
      node_piece_wait (&q, j);
      if (r->cur == pc->start && !node_piece_add (gs, r, pc, error))
        {
          ok = FALSE;
          break;
        }
      node_piece_free (pc, n_cols);
      g_mutex_lock (&q.lock);
      q.added = j + 1;
      g_cond_broadcast (&q.cond);
      g_mutex_unlock (&q.lock);
    }

  g_mutex_lock (&q.lock);
  q.stopping = TRUE;
  g_cond_broadcast (&q.cond);
  g_mutex_unlock (&q.lock);
  for (guint i = 1; i < threads; i++)
    if (workers[i] != NULL)
      g_thread_join (workers[i]);
  g_free (workers);
  for (guint j = 0; j < q.n; j++)
    node_piece_free (&q.pieces[j], n_cols);
  g_free (q.pieces);
  g_mutex_clear (&q.lock);
  g_cond_clear (&q.cond);
  return ok;
}

/* Finds the node a START_ID or END_ID field names; KG_NONE when there is none. */
static KgNodeId
resolve_end (Ctx *ctx, const Column *col, const KgCsvField *f)
{
  const char *s = f->s;
  gsize len = f->len;

  if (!f->quoted)
    trim (&s, &len);
  if (col->space->id_type == KG_CSV_ID_INTEGER)
    {
      gint64 k;
      if (!parse_int (s, len, G_MININT64, G_MAXINT64, &k))
        return KG_NONE;
      return id_space_get_int (col->space, k);
    }
  return id_space_get_str (col->space, nul_terminated (&ctx->cv, s, len));
}

static gboolean
relationship_row (GroupState *gs, KgCsvRecords *r, GError **error)
{
  Ctx *ctx = gs->ctx;
  const Column *sc = &g_array_index (gs->cols, Column, gs->start_col);
  const Column *ec = &g_array_index (gs->cols, Column, gs->end_col);
  const KgCsvField *sf = &r->fields[gs->start_col];
  const KgCsvField *ef = &r->fields[gs->end_col];
  KgNodeId src = resolve_end (ctx, sc, sf), dst;
  KgSymbol type = gs->type;
  gboolean ok;
  KgEdgeId edge;

  if (src == KG_NONE)
    {
      g_autofree char *ex = excerpt (sf->s, sf->len);
      return bad_row (ctx, error, r->path, r->rec_line, KG_LOAD_ERROR_UNKNOWN, "unknown START_ID '%s' in id space '%s'", ex, space_label (sc->space));
    }
  dst = resolve_end (ctx, ec, ef);
  if (dst == KG_NONE)
    {
      g_autofree char *ex = excerpt (ef->s, ef->len);
      return bad_row (ctx, error, r->path, r->rec_line, KG_LOAD_ERROR_UNKNOWN, "unknown END_ID '%s' in id space '%s'", ex, space_label (ec->space));
    }
  if (gs->type_col >= 0)
    {
      const KgCsvField *tf = &r->fields[gs->type_col];
      const char *s = tf->s;
      gsize len = tf->len;
      if (!tf->quoted)
        trim (&s, &len);
      if (len > 0)
        type = kg_graph_intern (ctx->graph, KG_SYM_TYPE, nul_terminated (&ctx->cv, s, len));
    }
  if (type == KG_NONE)
    return bad_row (ctx, error, r->path, r->rec_line, KG_LOAD_ERROR_INVALID, "no relationship type");
  if (!parse_props (gs, r, &ok, error))
    return FALSE;
  if (!ok)
    {
      clear_vals (gs);
      return TRUE;
    }
  edge = kg_graph_add_edge (ctx->graph, src, dst, type);
  ctx->stats->relationships++;
  set_props (gs, FALSE, edge, gs->vals);
  clear_vals (gs);
  return TRUE;
}

/* The common relationship file is nothing but "start,end" lines of integer ids. A line
 * of that shape at @p (before @end), its two ids in *@a and *@b: returns where the next
 * line starts; NULL for anything else (a quote, a blank, a sign, a blank line, the end). */
static inline const char *
pair_line (const char *p, const char *end, char d, guint64 *a, guint64 *b)
{
  const char *q = p;
  int n;

  *a = *b = 0;
  for (n = 0; q < end && (unsigned) (*q - '0') < 10 && n < 18; q++, n++)
    *a = *a * 10 + (*q - '0');
  if (n == 0 || q >= end || *q != d)
    return NULL;
  q++;
  for (n = 0; q < end && (unsigned) (*q - '0') < 10 && n < 18; q++, n++)
    *b = *b * 10 + (*q - '0');
  if (n == 0)
    return NULL;
  if (q < end && *q == '\r')
    q++;
  if (q < end && *q != '\n')
    return NULL;
  return q < end ? q + 1 : end;
}

/* Reads as many such lines as it can from @p up to @end, resolving their ids into
 * @out (two per line, room for every line) until a line is not of that shape or names
 * an unknown id; returns where it stopped and the lines read in *@n_lines. Reads the id
 * spaces only (they are frozen), so several threads may run it on different pieces. */
static const char *
pairs_read (const IdSpace *ss, const IdSpace *es, char d, const char *p, const char *end, KgNodeId *out, guint64 *n_lines)
{
  guint64 lines = 0;
  while (p < end)
    {
      guint64 a, b;
      const char *next = pair_line (p, end, d, &a, &b);
      if (next == NULL)
        break;
      KgNodeId src = id_space_get_int (ss, (gint64) a);
      KgNodeId dst = id_space_get_int (es, (gint64) b);
      if (src == KG_NONE || dst == KG_NONE)
        break;
      out[2 * lines] = src;
      out[2 * lines + 1] = dst;
      lines++;
      p = next;
    }
  *n_lines = lines;
  return p;
}

/* A piece of a relationship file: whole lines, read by one worker. */
typedef struct Piece
{
  const char *start, *end;
  const char *stop; /* where the worker stopped: end, or a line the fast path does not take */
  guint64 lines;    /* lines read, start .. stop */
  KgNodeId *pairs;  /* two per line read; kept from one round to the next (fresh memory
                     * costs a page fault and the kernel's zeroing per page) */
  gsize cap;        /* lines pairs has room for */
  const IdSpace *ss, *es;
  char delim;
} Piece;

/* Most lines a piece of @len bytes can hold: "1,2\n" is the shortest. */
static gsize
piece_max_lines (gsize len)
{
  return len / 4 + 2;
}

static gpointer
piece_read (gpointer data)
{
  Piece *pc = data;
  gsize need = piece_max_lines (pc->end - pc->start);
  if (pc->cap < need)
    {
      g_free (pc->pairs);
      pc->pairs = g_new (KgNodeId, 2 * need);
      pc->cap = need;
    }
  pc->stop = pairs_read (pc->ss, pc->es, pc->delim, pc->start, pc->end, pc->pairs, &pc->lines);
  return NULL;
}

static void
pieces_free (GroupState *gs)
{
  for (guint i = 0; i < gs->n_pieces_cap; i++)
    g_free (gs->pieces[i].pairs);
  g_clear_pointer (&gs->pieces, g_free);
  gs->n_pieces = gs->next_piece = gs->n_pieces_cap = 0;
}

/* Files with less than this left are read on the calling thread; the workers read at
 * most PIECE_BYTES each before their pieces are added (which bounds the memory the
 * pieces' ids take); the calling thread reads RUN_BYTES at a time. */
#define PARALLEL_PAIRS_MIN ((gsize) 1 << 20)
#define PIECE_BYTES ((gsize) 16 << 20)
#define RUN_BYTES ((gsize) 1 << 18)

/* Cuts what is left of the file into a piece per thread at line ends and reads them all
 * at once, the first on the calling thread. Nothing is added to the graph yet. */
static void
pieces_read (GroupState *gs, KgCsvRecords *r, guint threads)
{
  const char *p = r->cur, *end = r->cur + MIN ((gsize) (r->end - r->cur), PIECE_BYTES * threads);
  gsize len = end - p;
  if (gs->n_pieces_cap < threads)
    {
      pieces_free (gs);
      gs->pieces = g_new0 (Piece, threads);
      gs->n_pieces_cap = threads;
    }
  gs->n_pieces = gs->next_piece = 0;
  for (guint i = 0; i < threads && p < end; i++)
    {
      const char *cut = i + 1 == threads ? end : r->cur + len / threads * (i + 1);
      if (cut < p)
        cut = p;
      if (cut < r->end)
        {
          const char *nl = memchr (cut, '\n', r->end - cut);
          cut = nl ? nl + 1 : r->end;
        }
      Piece *pc = &gs->pieces[gs->n_pieces++];
      pc->start = p;
      pc->end = cut;
      pc->ss = g_array_index (gs->cols, Column, gs->start_col).space;
      pc->es = g_array_index (gs->cols, Column, gs->end_col).space;
      pc->delim = r->delim;
      p = cut;
    }
  GThread **others = g_new0 (GThread *, gs->n_pieces);
  for (guint i = 1; i < gs->n_pieces; i++)
    others[i] = g_thread_try_new ("kgq-csv", piece_read, &gs->pieces[i], NULL);
  piece_read (&gs->pieces[0]);
  for (guint i = 1; i < gs->n_pieces; i++)
    {
      if (others[i])
        g_thread_join (others[i]);
      else
        piece_read (&gs->pieces[i]);
    }
  g_free (others);
}

/* Adds the relationships of the "start,end" lines from the reader's position on, and
 * stops (leaving the reader on the line) at the first line of another shape or with an
 * unknown id; the general path then takes that line, so what it accepts and how it
 * reports errors (FILE:LINE) is unchanged. A large file is read in pieces on several
 * threads first; the pieces are added in file order as the reader reaches each one's
 * start, so the relationships get the ids, and the lines the numbers, of one thread. */
static void
fast_pairs (GroupState *gs, KgCsvRecords *r)
{
  Ctx *ctx = gs->ctx;
  const IdSpace *ss = g_array_index (gs->cols, Column, gs->start_col).space;
  const IdSpace *es = g_array_index (gs->cols, Column, gs->end_col).space;
  guint threads = ctx->spec->threads;

  for (;;)
    {
      /* pieces the reader went past (a record of the general path ran into them) */
      while (gs->next_piece < gs->n_pieces && gs->pieces[gs->next_piece].start < r->cur)
        gs->next_piece++;
      if (gs->next_piece == gs->n_pieces && threads >= 2 && r->map != NULL &&
          (gsize) (r->end - r->cur) >= PARALLEL_PAIRS_MIN)
        pieces_read (gs, r, threads);
      const char *limit = gs->next_piece < gs->n_pieces ? gs->pieces[gs->next_piece].start : r->end;
      /* the lines before the next piece, here, a run at a time */
      while (r->cur < limit)
        {
          guint64 a, b;
          if (pair_line (r->cur, limit, r->delim, &a, &b) == NULL)
            return;
          const char *run_end = r->cur + MIN ((gsize) (limit - r->cur), RUN_BYTES);
          if (run_end < limit)
            {
              /* whole lines: back to the last line end in the run (lines are short) */
              while (run_end > r->cur && run_end[-1] != '\n')
                run_end--;
              if (run_end == r->cur)
                return; /* a line longer than a run is no "start,end" line */
            }
          if (gs->run_pairs == NULL)
            gs->run_pairs = g_new (KgNodeId, 2 * piece_max_lines (RUN_BYTES));
          guint64 lines;
          const char *stop = pairs_read (ss, es, r->delim, r->cur, run_end, gs->run_pairs, &lines);
          kg_graph_add_edges (ctx->graph, gs->type, gs->run_pairs, (guint32) lines);
          ctx->stats->relationships += lines;
          r->line += lines;
          r->cur = stop;
          kg_csv_records_release (r);
          if (stop != run_end)
            return;
        }
      if (gs->next_piece == gs->n_pieces)
        return;
      /* at the next piece's start: add it and the pieces after it that follow on
       * (every one but the last read to its end), each copied on its own thread */
      guint from = gs->next_piece, to = from;
      while (to < gs->n_pieces && (to == from || gs->pieces[to - 1].stop == gs->pieces[to - 1].end))
        to++;
      const KgNodeId *runs[to - from];
      guint32 counts[to - from];
      for (guint i = from; i < to; i++)
        {
          runs[i - from] = gs->pieces[i].pairs;
          counts[i - from] = (guint32) gs->pieces[i].lines;
          ctx->stats->relationships += gs->pieces[i].lines;
          r->line += gs->pieces[i].lines;
        }
      kg_graph_add_edge_runs (ctx->graph, gs->type, runs, counts, to - from);
      Piece *last = &gs->pieces[to - 1];
      gs->next_piece = to;
      r->cur = last->stop;
      kg_csv_records_release (r);
      if (last->stop != last->end)
        return;
    }
}

/* Reads one record on the one-thread path. Returns 1 when it was read (or skipped as
 * bad), 0 at the end of the file, -1 on a fatal error. */
static int
read_record (GroupState *gs, KgCsvRecords *r, GError **error)
{
  Ctx *ctx = gs->ctx;
  int rc = kg_csv_records_next (r);

  if (rc == 0)
    return 0;
  if (rc < 0)
    return bad_row (ctx, error, r->path, r->rec_line, KG_LOAD_ERROR_PARSE, "%s", r->problem) ? 1 : -1;
  if (r->n_fields != gs->cols->len)
    return bad_row (ctx, error, r->path, r->rec_line, KG_LOAD_ERROR_PARSE, "expected %u fields, found %u", gs->cols->len, r->n_fields)
               ? 1
               : -1;
  if (!(gs->grp->kind == KG_CSV_NODES ? node_row (gs, r, error) : relationship_row (gs, r, error)))
    return -1;
  return 1;
}

static gboolean
import_group (Ctx *ctx, const Group *grp, GError **error)
{
  GroupState gs = { 0 };
  KgCsvRecords r = { 0 };
  gboolean ok = FALSE, fast = FALSE;
  guint64 est = estimate_rows (grp);
  g_autoptr (GArray) labels = g_array_new (FALSE, FALSE, sizeof (KgSymbol));

  gs.ctx = ctx;
  gs.grp = grp;
  gs.cols = g_array_new (FALSE, TRUE, sizeof (Column));
  gs.type = KG_NONE;

  if (grp->kind == KG_CSV_NODES)
    {
      if (grp->labels_or_type != NULL)
        {
          g_auto (GStrv) parts = g_strsplit (grp->labels_or_type, ":", -1);
          for (guint i = 0; parts[i] != NULL; i++)
            {
              char *l = g_strstrip (parts[i]);
              if (*l == '\0')
                continue;
              KgSymbol sym = kg_graph_intern (ctx->graph, KG_SYM_LABEL, l);
              g_array_append_val (labels, sym);
            }
        }
      kg_graph_reserve (ctx->graph, MIN (est, G_MAXUINT32 / 2), 0);
    }
  else
    {
      if (grp->labels_or_type != NULL)
        gs.type = kg_graph_intern (ctx->graph, KG_SYM_TYPE, grp->labels_or_type);
      kg_graph_reserve (ctx->graph, 0, MIN (est, G_MAXUINT32 / 2));
    }
  gs.labels = (KgSymbol *) labels->data;
  gs.n_labels = labels->len;

  for (guint fi = 0; grp->files[fi] != NULL; fi++)
    {
      if (!kg_csv_records_open_file (&r, grp->files[fi], ctx->spec->delimiter, error))
        goto out;
      if (fi == 0)
        {
          if (!read_header (ctx, grp, &r, gs.cols, &gs.id_col, &gs.start_col, &gs.end_col, &gs.type_col, error))
            goto out;
          gs.vals = g_new0 (KgValue, gs.cols->len + 1);
          /* Two integer id columns and nothing else: the fast path can take the rows. */
          fast = grp->kind == KG_CSV_RELATIONSHIPS && gs.cols->len == 2 && gs.type != KG_NONE &&
                 ctx->spec->delimiter != '\r' && g_ascii_isdigit (ctx->spec->delimiter) == FALSE &&
                 g_array_index (gs.cols, Column, gs.start_col).space->id_type == KG_CSV_ID_INTEGER &&
                 g_array_index (gs.cols, Column, gs.end_col).space->id_type == KG_CSV_ID_INTEGER;
        }
      if (grp->kind == KG_CSV_NODES && ctx->spec->threads >= 2 && r.map != NULL &&
          (gsize) (r.end - r.cur) >= PARALLEL_NODES_MIN && !node_file_parallel (&gs, &r, error))
        goto out;
      for (;;)
        {
          if (fast)
            fast_pairs (&gs, &r);
          int rc = read_record (&gs, &r, error);
          if (rc == 0)
            break;
          if (rc < 0)
            goto out;
        }
      kg_csv_records_close (&r);
      pieces_free (&gs);
    }
  ok = TRUE;

out:
  pieces_free (&gs);
  g_free (gs.run_pairs);
  kg_csv_records_close (&r);
  if (gs.vals != NULL)
    {
      clear_vals (&gs);
      g_free (gs.vals);
    }
  columns_free (gs.cols);
  return ok;
}

/* --- Entry points -------------------------------------------------------------------- */

gboolean
kg_csv_import (KgGraph *graph, const KgCsvImportSpec *spec, KgCsvImportStats *stats, GError **error)
{
  KgCsvImportStats local_stats = { 0 };
  Ctx ctx = { 0 };
  gboolean ok = TRUE;

  g_return_val_if_fail (graph != NULL, FALSE);
  g_return_val_if_fail (spec != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (stats == NULL)
    stats = &local_stats;
  ctx.graph = graph;
  ctx.spec = spec;
  ctx.stats = stats;
  ctx.spaces = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, id_space_free);
  conv_init (&ctx.cv, spec->array_delimiter);

  kg_graph_bulk_begin (graph);
  kg_graph_bulk_set_threads (graph, spec->threads);
  gint64 t0 = g_get_monotonic_time ();
  for (int pass = 0; pass < 2 && ok; pass++)
    {
      for (guint i = 0; i < spec->groups->len && ok; i++)
        {
          const Group *grp = g_ptr_array_index (spec->groups, i);
          if ((pass == 0) == (grp->kind == KG_CSV_NODES))
            ok = import_group (&ctx, grp, error);
        }
      gint64 t1 = g_get_monotonic_time ();
      *(pass == 0 ? &stats->nodes_ms : &stats->relationships_ms) += (t1 - t0) / 1000.0;
      t0 = t1;
    }
  kg_graph_bulk_end (graph);
  stats->finish_ms += (g_get_monotonic_time () - t0) / 1000.0;

  g_hash_table_unref (ctx.spaces);
  conv_clear (&ctx.cv);
  kg_csv_import_stats_clear (&local_stats);
  return ok;
}

KgGraph *
kg_csv_import_new (const KgCsvImportSpec *spec, KgCsvImportStats *stats, GError **error)
{
  g_autoptr (KgGraph) graph = kg_graph_new ();

  if (!kg_csv_import (graph, spec, stats, error))
    return NULL;
  return g_steal_pointer (&graph);
}
