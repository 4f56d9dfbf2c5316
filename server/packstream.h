/* server/packstream.h — PackStream, the binary encoding of Bolt messages, to and from
 * KgValue.
 *
 * The encoder appends to a GByteArray: scalars, containers, and every kgq value in the
 * structure forms of the negotiated Bolt version (5.x element ids and UTC date-times, or
 * the 4.4 forms). Nodes, relationships and paths are ids in a KgValue, so the encoder
 * asks the caller for their labels, types, ends and properties through KgBoltEntities.
 * The decoder reads one message (a structure whose fields are values) with strict
 * bounds: a size header is checked against the bytes actually present before anything
 * is allocated, nesting is limited to KG_PACKSTREAM_MAX_DEPTH, strings must be UTF-8 and
 * map keys strings. This file knows nothing of sockets, chunking, message meanings or the
 * graph; it never prints.
 */
#pragma once

#include <glib.h>

#include "common/value.h"

G_BEGIN_DECLS

/* Containers nested deeper than this are rejected: the decoder recurses, and no driver
 * sends anything near it. */
#define KG_PACKSTREAM_MAX_DEPTH 64

#define KG_PACKSTREAM_ERROR (kg_packstream_error_quark ())

/**
 * KgPackstreamError:
 * @KG_PACKSTREAM_ERROR_MALFORMED: truncated input, a bad marker, trailing bytes, a size
 *   larger than the input, invalid UTF-8, a non-string map key, too deep a nesting
 * @KG_PACKSTREAM_ERROR_UNSUPPORTED: well-formed PackStream that kgq has no value for
 *   (bytes, points, nodes or relationships sent as parameters, unknown structures)
 * @KG_PACKSTREAM_ERROR_VALUE: a structure whose fields are out of range (nanoseconds
 *   beyond a second, an unknown time zone, an offset beyond ±18 hours)
 */
typedef enum
{
  KG_PACKSTREAM_ERROR_MALFORMED,
  KG_PACKSTREAM_ERROR_UNSUPPORTED,
  KG_PACKSTREAM_ERROR_VALUE,
} KgPackstreamError;

GQuark kg_packstream_error_quark (void);

/**
 * KgBoltEntities:
 * @node: fills *@labels with a LIST of label strings and *@props with a MAP of the node's
 *   properties (both owned by the caller afterwards); FALSE when @id is gone (then both
 *   stay null and the node is sent without labels or properties)
 * @edge: fills the relationship's ends, its type (a STRING) and its properties; FALSE
 *   when @id is gone
 *
 * How the encoder learns what a node or relationship id holds.
 */
typedef struct
{
  gboolean (*node) (gpointer data, guint32 id, KgValue *labels, KgValue *props);
  gboolean (*edge) (gpointer data, guint32 id, guint32 *src, guint32 *dst, KgValue *type, KgValue *props);
} KgBoltEntities;

/**
 * KgPackstreamFormat:
 * @element_ids: Bolt 5.x: nodes and relationships carry element_id strings
 * @utc_datetime: Bolt 5.x, or 4.4 with the "utc" patch: DateTime structures count
 *   seconds from the epoch in UTC (tags 'I' and 'i') instead of local seconds ('F', 'f')
 *
 * What the negotiated Bolt version changes in the structures.
 */
typedef struct
{
  gboolean element_ids;
  gboolean utc_datetime;
} KgPackstreamFormat;

/* --- Encoding ------------------------------------------------------------------- */

void kg_packstream_put_null (GByteArray *out);
void kg_packstream_put_bool (GByteArray *out, gboolean b);
void kg_packstream_put_int (GByteArray *out, gint64 i);
void kg_packstream_put_float (GByteArray *out, double f);
/** kg_packstream_put_string: @len bytes of UTF-8, or -1 when NUL-terminated. */
void kg_packstream_put_string (GByteArray *out, const char *s, gssize len);
/** kg_packstream_put_list_header: a list of @n items; the items follow. */
void kg_packstream_put_list_header (GByteArray *out, guint32 n);
/** kg_packstream_put_map_header: a map of @n entries; key, value, key, value... follow. */
void kg_packstream_put_map_header (GByteArray *out, guint32 n);
/** kg_packstream_put_struct_header: a structure with @tag and @n_fields (at most 15) fields. */
void kg_packstream_put_struct_header (GByteArray *out, guint8 tag, guint n_fields);

/**
 * kg_packstream_put_value:
 * @format: the structure forms to write
 * @entities: (nullable): how to read nodes and relationships; without it they go out
 *   without labels, types, ends or properties
 *
 * Appends @value: nodes as Node, relationships as Relationship, paths as Path (each node
 * and relationship once, with the indices that walk them), dates, times and durations as
 * their structures.
 */
void kg_packstream_put_value (GByteArray *out,
                              const KgValue *value,
                              const KgPackstreamFormat *format,
                              const KgBoltEntities *entities,
                              gpointer entity_data);

/* --- Decoding ------------------------------------------------------------------- */

/**
 * kg_packstream_read_message:
 * @data: one whole message (the chunks already joined)
 * @len: its size
 * @format: which DateTime forms to accept
 * @tag: (out): the message's structure tag
 * @fields: (out) (transfer full): a LIST value of the structure's fields
 *
 * Decodes a structure that fills @data exactly. Returns: FALSE with a
 * KG_PACKSTREAM_ERROR when the input is malformed, holds a value kgq has no type for,
 * or holds an out-of-range temporal value.
 */
gboolean kg_packstream_read_message (const guint8 *data,
                                     gsize len,
                                     const KgPackstreamFormat *format,
                                     guint8 *tag,
                                     KgValue *fields,
                                     GError **error);

/**
 * kg_packstream_read_value:
 * Decodes one value that fills @data exactly into *@value (null on failure), as
 * kg_packstream_read_message() decodes fields. For tests and the fuzzer.
 */
gboolean kg_packstream_read_value (const guint8 *data,
                                   gsize len,
                                   const KgPackstreamFormat *format,
                                   KgValue *value,
                                   GError **error);

G_END_DECLS
