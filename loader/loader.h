/* loader/loader.h — loads the bundled corpus (or any directory in its format) into a
 * graph, and finds the conflicts between reports.
 *
 * The corpus format is described in corpus/README.md: labels.csv, relations.csv,
 * documents.csv, entities.csv and claims/ *.csv. Loading reads and checks every file
 * before it writes anything, so a corpus with an error leaves the graph untouched; on
 * success the graph is built the same way every time (documents, then entities in file
 * order; claims merged in order of first appearance; then the reports' `mentions`).
 *
 * To replace a running session's graph, load into a fresh graph and swap it in only on
 * success (kg_corpus_load_new() does the first half). Nothing here prints: errors are
 * KG_LOAD_ERROR GErrors whose message reads "FILE:LINE: reason", and warnings come back
 * as strings in the KgCorpusInfo. The neo4j-admin style CSV import is loader/csv-import.h.
 */
#pragma once

#include <glib.h>

#include "common/error.h"
#include "common/value.h"
#include "graph/graph.h"

G_BEGIN_DECLS

/**
 * KgConflictSide:
 * @object: the node the claim points at
 * @object_id: (nullable): that node's corpus id (its `id` property)
 * @object_name: (nullable): that node's `name` property
 * @properties: the claim's own properties as a Cypher map literal, keys sorted ("{}" when none)
 * @sources: (array zero-terminated=1): the ids of the reports making the claim, sorted
 * @edge: the relationship holding the claim
 *
 * One side of a conflict: a claim and the reports that make it.
 */
typedef struct
{
  KgNodeId object;
  char *object_id;
  char *object_name;
  char *properties;
  char **sources;
  KgEdgeId edge;
} KgConflictSide;

/**
 * KgConflict:
 * @subject: the node the claims are about
 * @subject_id: (nullable): its corpus id
 * @subject_name: (nullable): its `name` property
 * @type: the single-valued relationship type
 * @sides: (element-type KgConflictSide): two or more different claims, in relationship id order
 *
 * Reports that disagree: one subject, a single-valued relationship type, and different
 * objects (or the same object with different properties) on each side.
 */
typedef struct
{
  KgNodeId subject;
  char *subject_id;
  char *subject_name;
  char *type;
  GPtrArray *sides;
} KgConflict;

void kg_conflict_free (KgConflict *conflict);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KgConflict, kg_conflict_free)

/**
 * KgCorpusInfo:
 * @dir: the corpus directory loaded
 * @n_labels: labels declared in labels.csv
 * @n_types: relationship types declared in relations.csv
 * @n_documents: reports (`:Document` nodes)
 * @n_entities: entities (all other nodes)
 * @n_claim_rows: claim rows read from claims/ *.csv
 * @n_claims: relationships made from them after merging identical claims
 * @n_mentions: `mentions` relationships the loader added from reports to the entities
 *   their claims name (mentions written as claims are counted in @n_claims)
 * @n_inferred: inverse readings the loader added (`inferred: true`) for claims whose type
 *   declares an inverse in relations.csv
 * @single_valued: (array zero-terminated=1): the relationship types declared single-valued
 * @conflicts: (element-type KgConflict): the conflicts found right after loading
 * @warnings: (element-type utf8): "FILE:LINE: reason" notes that do not stop the load
 *   (an entity no claim uses, a label or type nothing uses)
 *
 * What a load read and built.
 */
typedef struct
{
  char *dir;
  guint n_labels;
  guint n_types;
  guint n_documents;
  guint n_entities;
  guint n_claim_rows;
  guint n_claims;
  guint n_mentions;
  guint n_inferred;
  char **single_valued;
  GPtrArray *conflicts;
  GPtrArray *warnings;
} KgCorpusInfo;

void kg_corpus_info_free (KgCorpusInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KgCorpusInfo, kg_corpus_info_free)

/**
 * kg_corpus_default_dir:
 *
 * The bundled corpus: $KGQ_CORPUS_DIR when set, else the source tree's corpus/ when it
 * exists (running from a build tree), else the installed copy.
 *
 * Returns: (transfer none): a directory name.
 */
const char *kg_corpus_default_dir (void);

/**
 * kg_corpus_load:
 * @graph: the graph to load into; it should be empty (ids then match a fresh load)
 * @dir: (nullable): the corpus directory; NULL for kg_corpus_default_dir()
 * @info_out: (out) (optional) (transfer full): what was loaded
 * @error: return location for a KG_LOAD_ERROR
 *
 * Reads and checks the whole corpus, then adds its nodes and relationships to @graph.
 * On error nothing has been written to @graph.
 *
 * Returns: TRUE on success.
 */
gboolean kg_corpus_load (KgGraph *graph, const char *dir, KgCorpusInfo **info_out, GError **error);

/**
 * kg_corpus_load_new:
 * @dir: (nullable): the corpus directory; NULL for the bundled corpus
 * @info_out: (out) (optional) (transfer full): what was loaded
 *
 * Returns: (transfer full) (nullable): a new graph holding the corpus, or NULL with
 *   @error set. Callers swap it in for their current graph only on success.
 */
KgGraph *kg_corpus_load_new (const char *dir, KgCorpusInfo **info_out, GError **error);

/**
 * kg_corpus_find_conflicts:
 * @graph: a graph loaded from a corpus (and possibly changed since)
 * @single_valued: (array zero-terminated=1): relationship types that allow one object
 *   per subject (KgCorpusInfo.single_valued)
 *
 * Looks at the graph as it is now: for each single-valued type, groups its relationships
 * by start node; a group holding different end nodes, or the same end node with
 * different properties (ignoring `sources`, `evidence` and `KEY_sources`), is a
 * conflict. Inverse readings (`inferred: true`) are skipped: they restate stated claims.
 *
 * Returns: (transfer full) (element-type KgConflict): the conflicts, by type in
 *   @single_valued order, then by subject id.
 */
GPtrArray *kg_corpus_find_conflicts (const KgGraph *graph, const char *const *single_valued);

/**
 * kg_corpus_edge_inferred:
 * @key: the `inferred` key symbol (KG_NONE when the graph has none)
 *
 * Returns: whether @edge is an inverse reading the loader added (`inferred: true`).
 */
gboolean kg_corpus_edge_inferred (const KgGraph *graph, KgEdgeId edge, KgSymbol key);

G_END_DECLS
