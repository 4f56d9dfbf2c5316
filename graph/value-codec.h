/* graph/value-codec.h — the binary encoding of one KgValue, shared by snapshots
 * (snapshot.c) and redo journal records (journal.c), so both formats write and read
 * property values the same way, and the op codes of those redo records. Internal to graph/: nothing outside it includes this.
 *
 * Encoding (host byte order): a one-byte KgValueType tag, then
 *   bool u8; int i64; float 8 raw bytes; string u32 length + bytes (no NUL);
 *   list u32 count + values; map u32 count + (string key, value) pairs;
 *   node/edge u32 id; path u32 length, length+1 node ids, length edge ids (u32 each);
 *   date u32 days; temporal types i64 days, nanos, months, seconds, i32 offset, string
 *   zone ("" for none).
 *
 * The reader bounds-checks every read: a short or malformed input sets `bad` (and
 * reads zeros) rather than crash; callers check `bad` once at the end. Not here: file
 * headers, checksums or anything else about the surrounding formats.
 */
#pragma once

#include <string.h>

#include "common/value.h"

G_BEGIN_DECLS

/* Nesting deeper than this (lists and maps in values) marks an input as bad. */
#define KG_CODEC_MAX_DEPTH 64

/**
 * KgCodecSink:
 * @sink: where the bytes go
 * @data: bytes to append
 * @len: their count
 *
 * Appends bytes to an output (a GByteArray, a buffered file, ...).
 */
typedef void (*KgCodecSink) (gpointer sink, const void *data, gsize len);

/**
 * kg_codec_put_u32:
 * @put: the output's append function
 * @sink: the output
 * @v: the value to write
 *
 * Writes @v as four bytes in host order.
 */
void kg_codec_put_u32 (KgCodecSink put, gpointer sink, guint32 v);

/**
 * kg_codec_put_str:
 * @put: the output's append function
 * @sink: the output
 * @s: a NUL-terminated string
 *
 * Writes @s as a u32 length then its bytes.
 */
void kg_codec_put_str (KgCodecSink put, gpointer sink, const char *s);

/**
 * kg_codec_put_value:
 * @put: the output's append function
 * @sink: the output
 * @v: the value to write
 *
 * Writes @v in the encoding described at the top of this file.
 */
void kg_codec_put_value (KgCodecSink put, gpointer sink, const KgValue *v);

/**
 * KgCodecReader:
 * @p: next byte to read
 * @end: one past the last readable byte
 * @bad: set once a read ran past @end or met malformed data
 *
 * A bounds-checked cursor over an encoded buffer.
 */
typedef struct
{
  const guchar *p;
  const guchar *end;
  gboolean bad;
} KgCodecReader;

/* Copies @len bytes to @out; on a short input sets bad and zeroes @out. */
static inline gboolean
kg_codec_take (KgCodecReader *r, void *out, gsize len)
{
  if (r->bad || (gsize) (r->end - r->p) < len)
    {
      r->bad = TRUE;
      memset (out, 0, len);
      return FALSE;
    }
  memcpy (out, r->p, len);
  r->p += len;
  return TRUE;
}

static inline guint8
kg_codec_u8 (KgCodecReader *r)
{
  guint8 v;
  kg_codec_take (r, &v, 1);
  return v;
}

static inline guint32
kg_codec_u32 (KgCodecReader *r)
{
  guint32 v;
  kg_codec_take (r, &v, 4);
  return v;
}

static inline guint64
kg_codec_u64 (KgCodecReader *r)
{
  guint64 v;
  kg_codec_take (r, &v, 8);
  return v;
}

/* TRUE if @n items of at least @size bytes each can still follow; else sets bad. */
static inline gboolean
kg_codec_fits (KgCodecReader *r, guint64 n, gsize size)
{
  if (r->bad || n * size > (guint64) (r->end - r->p))
    {
      r->bad = TRUE;
      return FALSE;
    }
  return TRUE;
}

/**
 * kg_codec_str:
 * @r: the reader
 *
 * Reads a string written by kg_codec_put_str(); one holding a NUL byte or invalid
 * UTF-8 is bad.
 *
 * Returns: (transfer full) (nullable): a newly allocated copy, or NULL when bad.
 */
char *kg_codec_str (KgCodecReader *r);

/**
 * kg_codec_value:
 * @r: the reader
 * @depth: the nesting depth of this value (0 at the top)
 *
 * Reads a value written by kg_codec_put_value(). Temporal fields out of their ranges,
 * unknown tags and nesting past %KG_CODEC_MAX_DEPTH are bad.
 *
 * Returns: the value (possibly partial when bad: clear it either way).
 */
KgValue kg_codec_value (KgCodecReader *r, int depth);

/* --- Redo records ---------------------------------------------------------------
 *
 * A redo record (graph.c writes it as a transaction mutates the store; journal.c
 * applies it) is a sequence of ops: a one-byte op code, then its operands in the
 * encoding above. Names, not symbol ids, so a record applies to any graph. */
enum
{
  KG_REDO_ADD_NODE = 'N',    /* u32 id */
  KG_REDO_DELETE_NODE = 'n', /* u32 id */
  KG_REDO_ADD_LABEL = 'L',   /* u32 node, str label */
  KG_REDO_REMOVE_LABEL = 'l',
  KG_REDO_NODE_PROP = 'P',          /* u32 node, str key, value (null: removed) */
  KG_REDO_ADD_EDGE = 'E',           /* u32 id, u32 src, u32 dst, str type */
  KG_REDO_DELETE_EDGE = 'e',        /* u32 id */
  KG_REDO_EDGE_PROP = 'Q',          /* u32 edge, str key, value */
  KG_REDO_CREATE_INDEX = 'I',       /* str label, str key */
  KG_REDO_DROP_INDEX = 'i',         /* str label, str key */
  KG_REDO_CREATE_NAMED_INDEX = 'J', /* str label, str key, str name ('I' is still read) */
  KG_REDO_CREATE_CONSTRAINT = 'C',  /* the constraint (kg_constraint_put) */
  KG_REDO_DROP_CONSTRAINT = 'c',    /* str name */
  KG_REDO_CREATE_FULLTEXT = 'T',    /* value: the definition, [name, relationships, [names], [keys], language] */
  KG_REDO_DROP_FULLTEXT = 't',      /* str name */
};
/* Append one operand to a redo record (the GByteArray sink of the functions above). */
void kg_redo_put_u32 (GByteArray *b, guint32 v);
void kg_redo_put_str (GByteArray *b, const char *s);
void kg_redo_put_value (GByteArray *b, const KgValue *v);

G_END_DECLS
