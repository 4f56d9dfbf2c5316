/* loader/csv-import.h — bulk import of neo4j-admin style CSV files into a graph.
 *
 * Reads node and relationship files with neo4j-admin import headers (`name:type`,
 * `:ID(IdSpace)`, `:LABEL`, `:START_ID(IdSpace)`, `:END_ID(IdSpace)`, `:TYPE`, arrays
 * `type[]` split on `;`), RFC 4180 quoting, UTF-8 with or without a BOM, LF or CRLF, and
 * writes them through the public graph API in the store's bulk-load mode. Bad rows are
 * reported as "FILE:LINE: reason" (KG_LOAD_ERROR); they either stop the import or, when
 * the spec says so, are skipped and counted.
 *
 * It does not print, does not parse command lines beyond one `--nodes=`/`--relationships=`
 * value, and does not swap graphs: on failure the graph it was writing to is left part
 * loaded, so callers import into a fresh graph (kg_csv_import_new() does exactly that)
 * and only keep it on success.
 */
#pragma once

#include <glib.h>

#include "common/error.h"
#include "graph/graph.h"

G_BEGIN_DECLS

/**
 * KgCsvIdType:
 * @KG_CSV_ID_STRING: `:ID` values are strings (neo4j-admin's default)
 * @KG_CSV_ID_INTEGER: `:ID` values are 64-bit integers
 *
 * How `:ID` columns without an `{id-type: ...}` option are read, and so the type of
 * the id property they store. A column's own `{id-type:int|long|string}` wins.
 */
typedef enum
{
  KG_CSV_ID_STRING,
  KG_CSV_ID_INTEGER,
} KgCsvIdType;

/**
 * KgCsvSourceKind:
 * @KG_CSV_NODES: a node file group (`--nodes`)
 * @KG_CSV_RELATIONSHIPS: a relationship file group (`--relationships`)
 */
typedef enum
{
  KG_CSV_NODES,
  KG_CSV_RELATIONSHIPS,
} KgCsvSourceKind;

typedef struct _KgCsvImportSpec KgCsvImportSpec;

/** kg_csv_import_spec_new: Returns: (transfer full): an empty import spec. */
KgCsvImportSpec *kg_csv_import_spec_new (void);
void kg_csv_import_spec_free (KgCsvImportSpec *spec);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KgCsvImportSpec, kg_csv_import_spec_free)

/**
 * kg_csv_import_spec_add:
 * @kind: nodes or relationships
 * @labels_or_type: (nullable): for nodes, labels joined by ':' ("Person:Actor") given to
 *   every node of the group; for relationships, the type of rows without a `:TYPE` value
 * @files: (array zero-terminated=1): the group's files; the first line of the first file
 *   is the header, the other files hold data only (neo4j-admin's "header,part1,part2")
 *
 * Adds one file group. Groups are imported in the order added, all node groups before
 * all relationship groups.
 */
void kg_csv_import_spec_add (KgCsvImportSpec *spec,
                             KgCsvSourceKind kind,
                             const char *labels_or_type,
                             const char *const *files);

/**
 * kg_csv_import_spec_add_arg:
 * @arg: the value of a `--nodes=` or `--relationships=` option: `[Label[:Label...]=]FILE[,FILE...]`
 *   for nodes, `[TYPE=]FILE[,FILE...]` for relationships
 *
 * Parses @arg and adds the group it names. Returns: FALSE with KG_LOAD_ERROR_INVALID when
 *   @arg names no file.
 */
gboolean kg_csv_import_spec_add_arg (KgCsvImportSpec *spec, KgCsvSourceKind kind, const char *arg, GError **error);

/** kg_csv_import_spec_set_skip_bad_rows: skip and count bad rows instead of failing (default FALSE). */
void kg_csv_import_spec_set_skip_bad_rows (KgCsvImportSpec *spec, gboolean skip);
/** kg_csv_import_spec_set_id_type: the default type of `:ID` columns (default KG_CSV_ID_STRING). */
void kg_csv_import_spec_set_id_type (KgCsvImportSpec *spec, KgCsvIdType id_type);
/** kg_csv_import_spec_set_delimiter: the field delimiter (default ','). */
void kg_csv_import_spec_set_delimiter (KgCsvImportSpec *spec, char delimiter);
/** kg_csv_import_spec_set_array_delimiter: the delimiter inside array and `:LABEL` fields (default ';'). */
void kg_csv_import_spec_set_array_delimiter (KgCsvImportSpec *spec, char delimiter);
/**
 * kg_csv_import_spec_set_threads:
 * @threads: threads the import may use (0 or 1: the calling thread only). Large files of
 * "start,end" relationship lines are read in a piece per thread, and the two directions'
 * adjacency rows are built at once; the graph, the ids and every message are those of
 * one thread.
 */
void kg_csv_import_spec_set_threads (KgCsvImportSpec *spec, guint threads);
/** kg_csv_import_spec_is_empty: Returns: TRUE when no file group was added. */
gboolean kg_csv_import_spec_is_empty (const KgCsvImportSpec *spec);

/* Bad-row messages kept in KgCsvImportStats.bad_row_messages; later ones are only counted. */
#define KG_CSV_MAX_REPORTED_BAD_ROWS 100

/**
 * KgCsvImportStats:
 * @nodes: nodes created
 * @relationships: relationships created
 * @properties: properties set
 * @bad_rows: rows skipped as bad (only with skip_bad_rows)
 * @bad_row_messages: (element-type utf8) (nullable): "FILE:LINE: reason" of the first
 *   KG_CSV_MAX_REPORTED_BAD_ROWS bad rows; owned by the stats
 * @nodes_ms, @relationships_ms, @finish_ms: where the time went: reading the node
 *   files, reading the relationship files, building the adjacency rows and statistics
 *
 * Zero-initialise before use; release with kg_csv_import_stats_clear().
 */
typedef struct
{
  guint64 nodes;
  guint64 relationships;
  guint64 properties;
  guint64 bad_rows;
  GPtrArray *bad_row_messages;
  double nodes_ms, relationships_ms, finish_ms;
} KgCsvImportStats;

/** kg_csv_import_stats_clear: frees what @stats holds and zeroes it. */
void kg_csv_import_stats_clear (KgCsvImportStats *stats);

/**
 * kg_csv_import:
 * @graph: the graph to add to; normally a fresh one
 * @spec: what to read
 * @stats: (out caller-allocates) (optional): counts and skipped-row messages
 *
 * Imports every file group of @spec into @graph, node groups first, using the store's
 * bulk-load mode. `:ID` values are unique per id space across all node groups (and are
 * stored as a property when the column has a name); relationship ends are looked up in
 * the id space their column names.
 *
 * Returns: TRUE on success. On failure @error is KG_LOAD_ERROR ("FILE:LINE: reason") or
 *   G_FILE_ERROR, and @graph holds whatever was added before the failure: import into a
 *   fresh graph and drop it on failure, as kg_csv_import_new() does.
 */
gboolean kg_csv_import (KgGraph *graph, const KgCsvImportSpec *spec, KgCsvImportStats *stats, GError **error);

/**
 * kg_csv_import_new:
 * Imports @spec into a new graph. All or nothing.
 *
 * Returns: (transfer full) (nullable): the graph, or NULL with @error set.
 */
KgGraph *kg_csv_import_new (const KgCsvImportSpec *spec, KgCsvImportStats *stats, GError **error);

G_END_DECLS
