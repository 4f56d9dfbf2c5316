/* export/formats.h — a whole graph written out in the interchange formats: JSON Lines
 * (the shape of Neo4j's apoc.export.json and Memgraph), RDF (N-Triples, N-Quads,
 * Turtle, TriG), GraphML, a Cypher script (a dump) and neo4j-admin CSV files.
 *
 * Every writer walks the graph in id order and writes properties in ascending key order,
 * so the same graph always gives the same bytes. The mappings are described in
 * docs/formats.md; the readers that take these files back are in loader/formats.h.
 *
 * Writers only read the graph and write to the FILE they are given; they do not open,
 * rename or close files, and they never print anything else.
 */
#pragma once

#include <glib.h>
#include <stdio.h>

#include "graph/graph.h"
#include "loader/rdf-vocab.h"

G_BEGIN_DECLS

/* KgExportWriteFunc: writes a whole file to @out; FALSE with @error set on failure. */
typedef gboolean (*KgExportWriteFunc) (FILE *out, gpointer data, GError **error);

/**
 * kg_export_file_atomic:
 * Writes @path through @write into a temporary file beside it, renamed over @path only
 * when everything was written and closed, so a reader never sees half a file and a
 * failure leaves the old one. Errors (G_FILE_ERROR, or @write's) name @path.
 */
gboolean kg_export_file_atomic (const char *path, KgExportWriteFunc write, gpointer data, GError **error);

/**
 * kg_export_jsonl:
 * @graph: the graph to write
 * @out: where to write (not closed)
 * @error: return location for a G_FILE_ERROR when writing fails
 *
 * Writes one JSON object a line: every live node in id order as
 * `{"type":"node","id":"0","labels":[...],"properties":{...}}`, then every live
 * relationship in id order as `{"type":"relationship","id":"0","label":"T",
 * "start":{"id":"0","labels":[...]},"end":{...},"properties":{...}}`. Values JSON cannot
 * hold exactly (temporal values, NaN and the infinities) are written as text, as APOC
 * writes them, and described once more in a `"kgq:types"` member so that
 * kg_import_jsonl() gives back the very same values.
 *
 * Returns: TRUE on success.
 */
gboolean kg_export_jsonl (const KgGraph *graph, FILE *out, GError **error);

/**
 * kg_export_rdf:
 * @graph: the graph to write
 * @out: where to write (not closed)
 * @syntax: N-Triples, N-Quads, Turtle or TriG
 * @error: return location for a G_FILE_ERROR when writing fails
 *
 * Writes @graph as RDF with the mapping of docs/formats.md, which kg_import_rdf()
 * reverses: nodes as IRIs (`uri`, else urn:kgq:node:ID), labels as rdf:type, properties
 * as typed literals, relationships as statements, reified when they have properties;
 * in N-Quads and TriG a relationship's `sources` become the named graphs it is stated in.
 *
 * Returns: TRUE on success.
 */
gboolean kg_export_rdf (const KgGraph *graph, FILE *out, KgRdfSyntax syntax, GError **error);

/**
 * kg_export_graphml:
 * @graph: the graph to write
 * @out: where to write (not closed)
 * @error: return location for a G_FILE_ERROR when writing fails
 *
 * Writes @graph as GraphML: a <key> per property name, kind and value class with its
 * attr.type, labels in the node key `labels` (":A:B"), types in the edge key `label`,
 * nodes n<ID> and edges e<ID> in id order, parallel edges kept. Values GraphML has no
 * type for are text with a `kgq:datatype` on their key, so kg_import_graphml() gives
 * back the same graph.
 *
 * Returns: TRUE on success.
 */
gboolean kg_export_graphml (const KgGraph *graph, FILE *out, GError **error);

/* Rows per UNWIND statement of kg_export_cypher(). */
#define KG_DUMP_BATCH 1000

/**
 * kg_export_cypher:
 * @graph: the graph to write
 * @out: where to write (not closed)
 * @n_skipped: (out) (optional): properties left out because Cypher cannot store them
 *   (maps and lists of lists, which only other formats bring in)
 * @error: return location for a G_FILE_ERROR when writing fails
 *
 * Writes a Cypher script that recreates @graph in an empty graph: nodes and then
 * relationships in id order, in UNWIND batches of KG_DUMP_BATCH rows, every property of
 * every type exactly (NaN, the infinities, -0.0 and the smallest integer as expressions),
 * then the indexes. Loading it and dumping again gives the same bytes.
 *
 * Returns: TRUE on success.
 */
gboolean kg_export_cypher (const KgGraph *graph, FILE *out, guint64 *n_skipped, GError **error);

/**
 * kg_export_csv:
 * @graph: the graph to write
 * @dir: the directory to write into (created when missing)
 * @import_args: (out) (optional) (transfer full): the `--nodes=... --relationships=...`
 *   arguments (and `--array-delimiter` when not `;`) that read the files back
 * @n_approximated: (out) (optional): values written as JSON text because no header type
 *   holds them (empty or mixed lists, nested lists, maps); they read back as strings
 * @error: return location for a G_FILE_ERROR
 *
 * Writes neo4j-admin import files: nodes-N.csv for each group of nodes with the same
 * labels and property types (`:ID`, `:LABEL`, `name:type` columns), relationships-N.csv
 * likewise (`:START_ID`, `:END_ID`, `:TYPE`), and import.txt with @import_args.
 *
 * Returns: TRUE on success.
 */
gboolean kg_export_csv (const KgGraph *graph, const char *dir, char **import_args, guint64 *n_approximated, GError **error);

G_END_DECLS
