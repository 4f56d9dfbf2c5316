/* loader/loader-private.h — internals shared by the corpus loader's files: an RFC 4180
 * CSV reader with the corpus's comment lines, the Cypher map-literal parser used for the
 * properties cells, and a small edit-distance helper for "did you mean" lists.
 *
 * Nothing here touches a graph or prints; errors are KG_LOAD_ERROR GErrors whose
 * messages start with "FILE:LINE: ".
 */
#pragma once

#include <glib.h>

#include "common/error.h"
#include "common/text.h"
#include "common/value.h"

G_BEGIN_DECLS

/* --- CSV ------------------------------------------------------------------------ */

/* A whole file in memory, read record by record. */
typedef struct
{
  char *path; /* as given, used in messages */
  char *data; /* file contents, NUL-terminated */
  gsize len;
  gsize pos;
  guint line; /* 1-based line of data[pos] */
} KgCsvReader;

gboolean kg_csv_reader_open (KgCsvReader *reader, const char *path, GError **error);
/* kg_csv_reader_open_data: reads @len bytes of @data (copied) named @name in messages. */
gboolean kg_csv_reader_open_data (KgCsvReader *reader, const char *name, const char *data, gsize len, GError **error);
void kg_csv_reader_clear (KgCsvReader *reader);

/*
 * kg_csv_reader_next:
 * Reads one record into @fields (cleared first; element type char *, owned). Lines that
 * start with '#' and blank lines between records are skipped. *@line is the line the
 * record starts on. Returns FALSE at the end of the file or on error (then *@error is
 * set).
 */
gboolean kg_csv_reader_next (KgCsvReader *reader, GPtrArray *fields, guint *line, GError **error);

/* A CSV file with a header row whose columns are looked up by name. */
typedef struct
{
  KgCsvReader reader;
  GPtrArray *header; /* char * */
  GPtrArray *fields; /* the current record */
  guint line;        /* the current record's line */
  int *col;          /* for each wanted column, its index in the file or -1 */
  guint n_wanted;
} KgCsvTable;

/*
 * kg_csv_table_open:
 * @columns: NULL-terminated list of the columns the file may have; a name starting with
 *   '!' is required (the '!' is not part of the name)
 * Fails on a missing file, an empty file, an unknown, duplicated or missing column.
 */
gboolean kg_csv_table_open (KgCsvTable *table, const char *path, const char *const *columns, GError **error);
gboolean kg_csv_table_next (KgCsvTable *table, GError **error);
/* Returns: (transfer none): column @i (index into @columns) of the current record; "" when the file lacks it. */
const char *kg_csv_table_get (const KgCsvTable *table, guint i);
void kg_csv_table_clear (KgCsvTable *table);

/* --- Values --------------------------------------------------------------------- */

/*
 * kg_literal_parse_map:
 * Parses @text, a Cypher map literal ({key: value, ...}; values are integers, floats,
 * 'strings' or "strings", true, false, null, lists, maps and date('YYYY-MM-DD')), into
 * a MAP value in *@out. Empty or blank @text gives an empty map. On failure returns
 * FALSE with a short reason in *@reason (transfer full).
 */
gboolean kg_literal_parse_map (const char *text, KgValue *out, char **reason);

/*
 * kg_jsonl_value_parse:
 * Reads a JSON array, or the {"v":VALUE,"kgq:types":NOTE} object, that export/ writes
 * for values other formats cannot spell (loader/jsonl.c holds the JSON Lines value rules). On failure
 * returns FALSE with a short reason in *@reason (transfer full).
 */
gboolean kg_jsonl_value_parse (const char *text, gsize len, KgValue *out, char **reason);

/*
 * kg_rdf_typed_value:
 * Reads the lexical form @lex of an RDF literal of datatype @dt (an XSD or kgq datatype
 * IRI, docs/formats.md) into *@out. Returns: FALSE when kgq does not know @dt or @lex
 * does not fit it.
 */
gboolean kg_rdf_typed_value (const char *lex, const char *dt, KgValue *out);

/* kg_literal_canonical: Returns: (transfer full): @map's literal text with keys sorted, for comparing claims. */
char *kg_literal_canonical (const KgValue *map);

/* --- Suggestions ---------------------------------------------------------------- */

/*
 * kg_closest_names:
 * Returns: (transfer full): up to @max of @candidates (char *) closest to @word by edit
 * distance, best first, ties in candidate order, joined by ", "; "" when none.
 */
char *kg_closest_names (const char *word, GPtrArray *candidates, guint max);

G_END_DECLS
