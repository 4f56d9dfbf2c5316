/* engine/proc-table.c — the table of native procedures: one row per built-in procedure
 * with its name, description, mode, arguments (types and defaults), outputs (types)
 * and implementation: the graph algorithms (algo.*), db.* and dbms.*. Rows are kept in
 * name order, the order dbms.procedures() lists.
 *
 * Only data lives here; the registry's functions are in proc-registry.c and the
 * implementations in proc-db.c and algo-*.c.
 */
#include "engine/algo-private.h"

#define ROWS kg_proc_rows_next, kg_proc_rows_close
#define NODE_VALUES kg_algo_node_values_next, kg_algo_node_values_close
/* Every algorithm takes one configuration map (see docs/algorithms.md). */
#define CONFIG                     \
  1,                               \
  {                                \
    {                              \
      "configuration", "MAP", "{}" \
    }                              \
  }
#define NODE_FIELD(name, type)         \
  2,                                   \
  {                                    \
    { "node", "NODE" }, { name, type } \
  }

static const KgNativeProc procs[] = {
  { "algo.betweenness", "Betweenness centrality (Brandes; igraph): how many shortest paths pass through each node.",
    KG_PROC_READ, CONFIG, NODE_FIELD ("score", "FLOAT"), kg_algo_betweenness_open, NODE_VALUES },
  { "algo.bfs", "Breadth-first search from sourceNode (igraph): each node reached and its depth, in visiting order.",
    KG_PROC_READ, CONFIG, NODE_FIELD ("depth", "INTEGER"), kg_algo_bfs_open, NODE_VALUES },
  { "algo.closeness", "Closeness centrality (igraph): the inverse of the mean distance to the nodes each node reaches.",
    KG_PROC_READ, CONFIG, NODE_FIELD ("score", "FLOAT"), kg_algo_closeness_open, NODE_VALUES },
  { "algo.degree", "Degree centrality: the number (or total weight) of each node's relationships in the orientation.",
    KG_PROC_READ, CONFIG, NODE_FIELD ("score", "FLOAT"), kg_algo_degree_open, NODE_VALUES },
  { "algo.dijkstra", "Weighted shortest paths from sourceNode (to targetNode, or to every node reached; igraph).", KG_PROC_READ, CONFIG, 7, { { "index", "INTEGER" }, { "sourceNode", "NODE" }, { "targetNode", "NODE" }, { "totalCost", "FLOAT" }, { "nodes", "LIST<NODE>" }, { "costs", "LIST<FLOAT>" }, { "path", "PATH" } }, kg_algo_dijkstra_open, kg_algo_dijkstra_next, kg_algo_dijkstra_close },
  { "algo.kcore", "k-core decomposition (igraph): the largest k such that the node is in a k-core.", KG_PROC_READ,
    CONFIG, NODE_FIELD ("coreValue", "INTEGER"), kg_algo_kcore_open, NODE_VALUES },
  { "algo.labelPropagation", "Label propagation communities (igraph).", KG_PROC_READ, CONFIG,
    NODE_FIELD ("communityId", "INTEGER"), kg_algo_label_propagation_open, NODE_VALUES },
  { "algo.leiden", "Leiden communities optimising modularity (igraph).", KG_PROC_READ, CONFIG,
    NODE_FIELD ("communityId", "INTEGER"), kg_algo_leiden_open, NODE_VALUES },
  { "algo.localClusteringCoefficient", "Local clustering coefficient (igraph): how close each node's neighbours are to a clique.",
    KG_PROC_READ, CONFIG, NODE_FIELD ("localClusteringCoefficient", "FLOAT"), kg_algo_clustering_open, NODE_VALUES },
  { "algo.louvain", "Louvain communities optimising modularity (igraph's multilevel).", KG_PROC_READ, CONFIG,
    NODE_FIELD ("communityId", "INTEGER"), kg_algo_louvain_open, NODE_VALUES },
  { "algo.nodeSimilarity", "Jaccard similarity of neighbour sets: each node's topK most similar nodes.", KG_PROC_READ, CONFIG, 3, { { "node1", "NODE" }, { "node2", "NODE" }, { "similarity", "FLOAT" } }, kg_algo_similarity_open, kg_algo_similarity_next, kg_algo_similarity_close },
  { "algo.pageRank", "PageRank, personalised by sourceNodes when given (power iteration).", KG_PROC_READ, CONFIG,
    NODE_FIELD ("score", "FLOAT"), kg_algo_pagerank_open, NODE_VALUES },
  { "algo.scc", "Strongly connected components (igraph).", KG_PROC_READ, CONFIG, NODE_FIELD ("componentId", "INTEGER"),
    kg_algo_scc_open, NODE_VALUES },
  { "algo.triangleCount", "The number of triangles each node is part of (igraph).", KG_PROC_READ, CONFIG,
    NODE_FIELD ("triangleCount", "INTEGER"), kg_algo_triangles_open, NODE_VALUES },
  { "algo.wcc", "Weakly connected components (union-find).", KG_PROC_READ, CONFIG, NODE_FIELD ("componentId", "INTEGER"),
    kg_algo_wcc_open, NODE_VALUES },
  { "db.index.fulltext.listAvailableAnalyzers", "Lists the analyzers a full-text index can use (OPTIONS {indexConfig: {`fulltext.analyzer`: ...}}).", KG_PROC_READ, 0, { { 0 } }, 2, { { "analyzer", "STRING" }, { "description", "STRING" } }, kg_proc_fulltext_analyzers_open, ROWS },
  { "db.index.fulltext.queryNodes", "Searches a full-text index of nodes (Lucene query syntax, BM25 scores), best first.", KG_PROC_READ, 3, { { "indexName", "STRING" }, { "queryString", "STRING" }, { "options", "MAP", "{}" } }, 2, { { "node", "NODE" }, { "score", "FLOAT" } }, kg_proc_fulltext_nodes_open, ROWS },
  { "db.index.fulltext.queryRelationships", "Searches a full-text index of relationships (Lucene query syntax, BM25 scores), best first.", KG_PROC_READ, 3, { { "indexName", "STRING" }, { "queryString", "STRING" }, { "options", "MAP", "{}" } }, 2, { { "relationship", "RELATIONSHIP" }, { "score", "FLOAT" } }, kg_proc_fulltext_relationships_open, ROWS },
  { "db.labels", "Lists the labels that some node carries.", KG_PROC_READ, 0, { { 0 } }, 1, { { "label", "STRING" } }, kg_proc_db_labels_open, ROWS },
  { "db.propertyKeys", "Lists every property key the graph has seen.", KG_PROC_READ, 0, { { 0 } }, 1, { { "propertyKey", "STRING" } }, kg_proc_db_keys_open, ROWS },
  { "db.relationshipTypes", "Lists the relationship types that some relationship has.", KG_PROC_READ, 0, { { 0 } }, 1, { { "relationshipType", "STRING" } }, kg_proc_db_types_open, ROWS },
  { "db.schema.nodeTypeProperties", "Lists each combination of labels and the properties its nodes have, with their types and whether every such node has them.", KG_PROC_READ, 0, { { 0 } }, 5, { { "nodeType", "STRING" }, { "nodeLabels", "LIST<STRING>" }, { "propertyName", "STRING" }, { "propertyTypes", "LIST<STRING>" }, { "mandatory", "BOOLEAN" } }, kg_proc_db_node_type_properties_open, ROWS },
  { "db.schema.relTypeProperties", "Lists each relationship type and the properties its relationships have, with their types and whether every one has them.", KG_PROC_READ, 0, { { 0 } }, 4, { { "relType", "STRING" }, { "propertyName", "STRING" }, { "propertyTypes", "LIST<STRING>" }, { "mandatory", "BOOLEAN" } }, kg_proc_db_rel_type_properties_open, ROWS },
  { "db.schema.visualization", "The schema as a graph: a map per label (name, indexes, constraints) and per label pair and type that occurs (type, startNode, endNode).", KG_PROC_READ, 0, { { 0 } }, 2, { { "nodes", "LIST<MAP>" }, { "relationships", "LIST<MAP>" } }, kg_proc_db_schema_visualization_open, ROWS },
  { "dbms.components", "Names this database, its version and its edition.", KG_PROC_DBMS, 0, { { 0 } }, 3, { { "name", "STRING" }, { "versions", "LIST<STRING>" }, { "edition", "STRING" } }, kg_proc_dbms_components_open, ROWS },
  { "dbms.procedures", "Lists the built-in procedures with their signatures.", KG_PROC_DBMS, 0, { { 0 } }, 4, { { "name", "STRING" }, { "signature", "STRING" }, { "description", "STRING" }, { "mode", "STRING" } }, kg_proc_dbms_procedures_open, ROWS },
  { "kgq.export.jsonl", "Writes the graph to a JSON Lines file in the import directory (atomically).", KG_PROC_READ, 1, { { "file", "STRING" } }, 3, { { "file", "STRING" }, { "nodes", "INTEGER" }, { "relationships", "INTEGER" } }, kg_proc_export_jsonl_open, ROWS },
  { "kgq.import.jsonl", "Adds the nodes and relationships of a JSON Lines file in the import directory.", KG_PROC_WRITE, 1, { { "file", "STRING" } }, 3, { { "file", "STRING" }, { "nodes", "INTEGER" }, { "relationships", "INTEGER" } }, kg_proc_import_jsonl_open, ROWS },
};

const KgNativeProc *
kg_native_procs (guint *n)
{
  *n = G_N_ELEMENTS (procs);
  return procs;
}
