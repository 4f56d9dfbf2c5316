/* loader/formats.h — reading whole graphs from the interchange formats: JSON Lines (as
 * apoc.export.json and Memgraph write it), RDF (N-Triples, N-Quads, Turtle, TriG) and
 * GraphML.
 *
 * Each reader reads and checks all of its input before it writes anything, so a
 * malformed file leaves the graph untouched; then it adds the file's nodes and
 * relationships to the graph (new ids, in file order) in the store's bulk-load mode.
 * Ids in a file only tie that file's relationships to its nodes: two files loaded into
 * one graph never share nodes. The mappings are in docs/formats.md; the writers are in
 * export/formats.h.
 *
 * Nothing here prints. Errors are KG_LOAD_ERROR GErrors reading "FILE:LINE: reason"
 * ("FILE:LINE:COL: reason" for RDF; G_FILE_ERROR when a file cannot be opened).
 */
#pragma once

#include <glib.h>

#include "common/error.h"
#include "graph/graph.h"
#include "loader/rdf-vocab.h"

G_BEGIN_DECLS

/* Lines longer than this are refused rather than held in memory (64 MiB). */
#define KG_JSONL_MAX_LINE ((gsize) 64 << 20)
/* JSON nested deeper than this (arrays and objects) is refused before it is parsed. */
#define KG_JSONL_MAX_DEPTH 512

/**
 * KgImportStats:
 * @nodes: nodes created
 * @relationships: relationships created
 *
 * What one reader added.
 */
typedef struct
{
  guint64 nodes;
  guint64 relationships;
} KgImportStats;

/**
 * kg_import_jsonl:
 * @graph: the graph to add to
 * @path: a JSON Lines file written by kg_export_jsonl(), apoc.export.json or Memgraph
 * @stats: (out caller-allocates) (optional): what was added
 * @error: return location for a KG_LOAD_ERROR or G_FILE_ERROR
 *
 * Reads one `{"type":"node",...}` or `{"type":"relationship",...}` object a line (blank
 * lines are skipped); node ids may be strings or integers, a relationship's `start` and
 * `end` either `{"id":...}` objects or bare ids. JSON null properties are left out;
 * values noted in a `"kgq:types"` member get their exact kgq type back.
 *
 * Returns: TRUE on success; on failure nothing was added to @graph.
 */
gboolean kg_import_jsonl (KgGraph *graph, const char *path, KgImportStats *stats, GError **error);

/**
 * kg_import_jsonl_data:
 * @name: the name used in messages
 * @data: (array length=len): the file's bytes (need not be NUL-terminated)
 *
 * Like kg_import_jsonl() for text in memory.
 */
gboolean kg_import_jsonl_data (KgGraph *graph, const char *name, const char *data, gsize len, KgImportStats *stats, GError **error);

/**
 * kg_import_rdf:
 * @graph: the graph to add to
 * @path: an RDF file
 * @syntax: its syntax (kg_rdf_syntax_for_path() guesses it from the name)
 * @stats: (out caller-allocates) (optional): what was added
 * @error: return location for a KG_LOAD_ERROR ("FILE:LINE:COL: reason") or G_FILE_ERROR
 *
 * Parses the whole file strictly (serd), then maps it as docs/formats.md describes: IRI
 * and blank nodes to nodes with `uri`, rdf:type to labels, literals to typed properties,
 * IRI objects to relationships, rdf:Statement resources to relationship properties and
 * named graphs to `sources`.
 *
 * Returns: TRUE on success; on failure nothing was added to @graph.
 */
gboolean kg_import_rdf (KgGraph *graph, const char *path, KgRdfSyntax syntax, KgImportStats *stats, GError **error);

/** kg_import_rdf_data: like kg_import_rdf() for @len bytes of text named @name in messages. */
gboolean kg_import_rdf_data (KgGraph *graph, const char *name, const char *data, gsize len, KgRdfSyntax syntax, KgImportStats *stats, GError **error);

/**
 * kg_import_graphml:
 * @graph: the graph to add to
 * @path: a GraphML file
 * @stats: (out caller-allocates) (optional): what was added
 * @error: return location for a KG_LOAD_ERROR ("FILE:LINE: reason") or G_FILE_ERROR
 *
 * Reads the whole document (libxml2; no network, no external entities), then adds its
 * nodes and edges in document order: <data> typed by its key's attr.type (and
 * kgq:datatype), key defaults applied, the node key `labels` (":A:B") as labels and the
 * edge key `label` as the relationship type (RELATED when missing).
 *
 * Returns: TRUE on success; on failure nothing was added to @graph.
 */
gboolean kg_import_graphml (KgGraph *graph, const char *path, KgImportStats *stats, GError **error);

/** kg_import_graphml_data: like kg_import_graphml() for @len bytes named @name in messages. */
gboolean kg_import_graphml_data (KgGraph *graph, const char *name, const char *data, gsize len, KgImportStats *stats, GError **error);

/** kg_rdf_syntax_parse: "ntriples"/"nt", "nquads"/"nq", "turtle"/"ttl", "trig". Returns: FALSE for other names. */
gboolean kg_rdf_syntax_parse (const char *name, KgRdfSyntax *syntax);

/** kg_rdf_syntax_for_path: Returns: the syntax @path's extension names (.nt, .nq, .ttl, .trig), else N-Quads. */
KgRdfSyntax kg_rdf_syntax_for_path (const char *path);

G_END_DECLS
