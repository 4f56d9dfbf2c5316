#!/usr/bin/env python3
"""Checks every algo.* procedure against networkx on two graphs.

The graphs are the bundled corpus (all labels and types, read back through kgq) and a
generated one: 300 nodes with two labels, 1500 relationships of two types with integer
weights, some parallel relationships and self loops. For each procedure the script runs
kgq, computes the same measure with networkx on the same projection, and compares:

  * degree, PageRank (plain, weighted, personalised, undirected), betweenness,
    closeness, clustering coefficients: every node within an absolute tolerance of
    1e-6 (PageRank runs to a tolerance of 1e-12 on both sides);
  * components, triangles, k-core, BFS depths, Dijkstra costs: exactly;
  * Louvain and Leiden: the modularity of kgq's partition is at least networkx's
    Louvain modularity minus 0.03 (both are heuristics with random visiting orders);
  * label propagation: every node holds a label that is most frequent among its
    neighbours, the condition the algorithm stops on (its answer depends on order);
  * node similarity: each pair's Jaccard value equals networkx's, and each node's
    top-k values are networkx's top-k values.

Usage: compare-networkx.py KGQ  (exit status 1 on any mismatch)
"""
import json
import random
import subprocess
import sys
import tempfile

import networkx as nx

TOL = 1e-6
failures = []

try:
    import scipy  # noqa: F401  nx.pagerank needs it

    pagerank = nx.pagerank
except ImportError:  # Debian's python3-networkx does not pull scipy in: use its pure-Python PageRank
    from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python as pagerank


def kgq(binary, args, script):
    with tempfile.NamedTemporaryFile("w", suffix=".cypher", delete=False) as f:
        f.write(script)
        path = f.name
    out = subprocess.run([binary, *args, "-f", "jsonl", "run", path], capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"kgq failed on {script!r}: {out.stderr}")
    return [json.loads(line) for line in out.stdout.splitlines() if line.strip()]


class Graph:
    """A graph both kgq and networkx see: node ids, labels, (src, dst, type, weight)."""

    def __init__(self, name, binary, args, setup, nodes, edges):
        self.name, self.binary, self.args, self.setup = name, binary, args, setup
        self.nodes, self.edges = nodes, edges

    def run(self, query):
        return kgq(self.binary, self.args, self.setup + query + ";\n")

    def values(self, query):
        return {r["k"]: r["v"] for r in self.run(query)}

    def multi(self, weight=False, directed=True):
        # Built edge by edge: converting a MultiDiGraph merges a->b and b->a.
        g = nx.MultiDiGraph() if directed else nx.MultiGraph()
        g.add_nodes_from(self.nodes)
        for s, d, _, w in self.edges:
            g.add_edge(s, d, w=w if weight else 1)
        return g

    def simple(self, directed, weight=False):
        """Parallel relationships merged, keeping the smallest weight."""
        g = nx.DiGraph() if directed else nx.Graph()
        g.add_nodes_from(self.nodes)
        for s, d, _, w in self.edges:
            w = w if weight else 1
            if g.has_edge(s, d):
                w = min(w, g[s][d]["w"])
            g.add_edge(s, d, w=w)
        return g

    def summed(self):
        """Undirected, parallel relationships merged into one weighted by their count."""
        g = nx.Graph()
        g.add_nodes_from(self.nodes)
        for s, d, _, _ in self.edges:
            g.add_edge(s, d, w=g[s][d]["w"] + 1 if g.has_edge(s, d) else 1)
        return g


def check(graph, what, ok, detail=""):
    status = "ok" if ok else "FAIL"
    print(f"{status} {graph.name}: {what} {detail}")
    if not ok:
        failures.append(f"{graph.name}: {what} {detail}")


def close(graph, what, got, want, tol=TOL):
    keys = set(got) | set(want)
    worst = max((abs(got.get(k, float("inf")) - want.get(k, float("inf"))) for k in keys), default=0.0)
    check(graph, what, worst <= tol, f"(max difference {worst:.3g}, tolerance {tol:g})")


def same(graph, what, got, want):
    bad = [k for k in set(got) | set(want) if got.get(k) != want.get(k)]
    check(graph, what, not bad, f"({len(bad)} of {len(set(got) | set(want))} differ)")


def partition(labels):
    groups = {}
    for node, c in labels.items():
        groups.setdefault(c, set()).add(node)
    return {frozenset(g) for g in groups.values()}


def compare(graph, weighted):
    call = "CALL algo.{}({}) YIELD {} RETURN id(node) AS k, {} AS v"
    m = graph.multi()
    loops = {n: 0 for n in graph.nodes}
    for s, d, _, _ in graph.edges:
        if s == d:
            loops[s] += 1

    # Degree: out, in, both (a self loop counts once at its node, as (n)--() does).
    close(graph, "degree NATURAL", graph.values(call.format("degree", "", "node, score", "score")), dict(m.out_degree()))
    close(graph, "degree REVERSE", graph.values(call.format("degree", "{orientation: 'REVERSE'}", "node, score", "score")),
          dict(m.in_degree()))
    both = {n: m.in_degree(n) + m.out_degree(n) - loops[n] for n in graph.nodes}
    close(graph, "degree UNDIRECTED",
          graph.values(call.format("degree", "{orientation: 'UNDIRECTED'}", "node, score", "score")), both)

    pr = "maxIterations: 1000, tolerance: 1e-12"
    close(graph, "pageRank", graph.values(call.format("pageRank", "{" + pr + "}", "node, score", "score")),
          pagerank(m, alpha=0.85, max_iter=1000, tol=1e-13, weight=None))
    close(graph, "pageRank dampingFactor 0.6",
          graph.values(call.format("pageRank", "{dampingFactor: 0.6, " + pr + "}", "node, score", "score")),
          pagerank(m, alpha=0.6, max_iter=1000, tol=1e-13, weight=None))
    close(graph, "pageRank UNDIRECTED",
          graph.values(call.format("pageRank", "{orientation: 'UNDIRECTED', " + pr + "}", "node, score", "score")),
          pagerank(graph.multi(directed=False), alpha=0.85, max_iter=1000, tol=1e-13, weight=None))
    src = graph.nodes[1]
    close(graph, "personalised pageRank",
          graph.values(f"MATCH (s) WHERE id(s) = {src} "
                       + call.format("pageRank", "{sourceNodes: [s], " + pr + "}", "node, score", "score")),
          pagerank(m, alpha=0.85, max_iter=1000, tol=1e-13, weight=None, personalization={src: 1}))
    if weighted:
        wm = graph.multi(weight=True)
        close(graph, "pageRank weighted",
              graph.values(call.format("pageRank", "{relationshipWeightProperty: 'w', " + pr + "}", "node, score", "score")),
              pagerank(wm, alpha=0.85, max_iter=1000, tol=1e-13, weight="w"))
        close(graph, "degree weighted",
              graph.values(call.format("degree", "{relationshipWeightProperty: 'w'}", "node, score", "score")),
              dict(wm.out_degree(weight="w")))

    # Components: the same partition, each named by its smallest node id.
    for algo, want in (("wcc", nx.weakly_connected_components(m)), ("scc", nx.strongly_connected_components(m))):
        got = graph.values(call.format(algo, "", "node, componentId", "componentId"))
        want = {frozenset(c) for c in want}
        named = all(c == min(n for n in got if got[n] == c) for c in got.values())
        check(graph, algo, partition(got) == want and named, f"({len(want)} components)")

    # Communities: at least as modular as networkx's Louvain, less a margin.
    s = graph.summed()
    nx_q = nx.community.modularity(s, nx.community.louvain_communities(s, weight="w", seed=42), weight="w")
    for algo in ("louvain", "leiden"):
        got = graph.values(call.format(algo, "", "node, communityId", "communityId"))
        q = nx.community.modularity(s, partition(got), weight="w")
        check(graph, algo, q >= nx_q - 0.03, f"(modularity {q:.4f}, networkx Louvain {nx_q:.4f})")
    got = graph.values(call.format("labelPropagation", "", "node, communityId", "communityId"))
    undominated = 0
    for n in graph.nodes:
        counts = {}
        for nb in s[n]:
            if nb != n:
                counts[got[nb]] = counts.get(got[nb], 0) + s[n][nb]["w"]
        if counts and counts.get(got[n], 0) < max(counts.values()):
            undominated += 1
    check(graph, "labelPropagation", undominated == 0, f"({undominated} nodes without a dominant label)")

    # Shortest-path centralities on the graph with parallel relationships merged.
    d = graph.simple(True)
    close(graph, "betweenness", graph.values(call.format("betweenness", "", "node, score", "score")),
          nx.betweenness_centrality(d, normalized=False), tol=1e-6)
    close(graph, "betweenness UNDIRECTED",
          graph.values(call.format("betweenness", "{orientation: 'UNDIRECTED'}", "node, score", "score")),
          nx.betweenness_centrality(graph.simple(False), normalized=False), tol=1e-6)
    # networkx measures closeness by incoming distance; kgq by outgoing, hence reverse().
    close(graph, "closeness", graph.values(call.format("closeness", "", "node, score", "score")),
          nx.closeness_centrality(d.reverse(), wf_improved=False))
    close(graph, "closeness Wasserman-Faust",
          graph.values(call.format("closeness", "{useWassermanFaust: true}", "node, score", "score")),
          nx.closeness_centrality(d.reverse(), wf_improved=True))
    if weighted:
        wd = graph.simple(True, weight=True)
        close(graph, "betweenness weighted",
              graph.values(call.format("betweenness", "{relationshipWeightProperty: 'w'}", "node, score", "score")),
              nx.betweenness_centrality(wd, normalized=False, weight="w"), tol=1e-6)

    # Triangles, clustering and cores on the simple undirected graph without loops.
    u = graph.simple(False)
    u.remove_edges_from(list(nx.selfloop_edges(u)))
    same(graph, "triangleCount", graph.values(call.format("triangleCount", "", "node, triangleCount", "triangleCount")),
         nx.triangles(u))
    close(graph, "localClusteringCoefficient",
          graph.values(call.format("localClusteringCoefficient", "", "node, localClusteringCoefficient",
                                   "localClusteringCoefficient")), nx.clustering(u))
    same(graph, "kcore", graph.values(call.format("kcore", "", "node, coreValue", "coreValue")), nx.core_number(u))

    # Traversals from one source.
    src = max(graph.nodes, key=lambda n: m.out_degree(n))
    bfs = graph.values(f"MATCH (s) WHERE id(s) = {src} CALL algo.bfs({{sourceNode: s, maxDepth: 3}}) "
                       "YIELD node, depth RETURN id(node) AS k, depth AS v")
    same(graph, "bfs maxDepth 3", bfs, nx.single_source_shortest_path_length(d, src, cutoff=3))
    cfg = "relationshipWeightProperty: 'w', " if weighted else ""
    rows = graph.run(f"MATCH (s) WHERE id(s) = {src} CALL algo.dijkstra({{{cfg}sourceNode: s}}) "
                     "YIELD targetNode, totalCost, costs, nodes RETURN id(targetNode) AS k, totalCost AS v, "
                     "costs[-1] AS last, size(nodes) AS hops")
    want = nx.single_source_dijkstra_path_length(graph.simple(True, weight=weighted), src, weight="w")
    close(graph, "dijkstra" + (" weighted" if weighted else ""), {r["k"]: r["v"] for r in rows}, want, tol=0)
    check(graph, "dijkstra paths end at their cost", all(r["last"] == r["v"] for r in rows))

    # Jaccard similarity of neighbour sets, undirected (self loops do not count).
    rows = graph.run("CALL algo.nodeSimilarity({orientation: 'UNDIRECTED', topK: 3}) YIELD node1, node2, similarity "
                     "RETURN id(node1) AS a, id(node2) AS b, similarity AS v")
    g = u
    pairs = [(r["a"], r["b"]) for r in rows]
    want = {(a, b): v for a, b, v in nx.jaccard_coefficient(g, pairs)}
    close(graph, "nodeSimilarity values", {(r["a"], r["b"]): r["v"] for r in rows}, want)
    mismatched = 0
    for n in graph.nodes:
        if g.degree(n) == 0:
            continue
        others = [v for v in graph.nodes if v != n and set(g[n]) & set(g[v])]
        top = sorted((v for _, _, v in nx.jaccard_coefficient(g, [(n, o) for o in others])), reverse=True)[:3]
        mine = sorted((r["v"] for r in rows if r["a"] == n), reverse=True)
        if any(abs(a - b) > TOL for a, b in zip(top, mine)) or len(top) != len(mine):
            mismatched += 1
    check(graph, "nodeSimilarity topK 3", mismatched == 0, f"({mismatched} nodes with other top values)")


def corpus_graph(binary):
    nodes = [r["k"] for r in kgq(binary, [], "MATCH (n) RETURN id(n) AS k ORDER BY k;\n")]
    edges = [(r["s"], r["d"], r["t"], 1) for r in
             kgq(binary, [], "MATCH (a)-[r]->(b) RETURN id(a) AS s, id(b) AS d, type(r) AS t ORDER BY id(r);\n")]
    return Graph("corpus", binary, [], "", nodes, edges)


def generated_graph(binary, n=300, m=1500, seed=7):
    rnd = random.Random(seed)
    edges = []
    for _ in range(m):
        s = rnd.randrange(n)
        # Mostly local relationships, so there are communities and triangles to find.
        d = (s + rnd.randrange(-6, 7)) % n if rnd.random() < 0.8 else rnd.randrange(n)
        edges.append((s, d, rnd.choice("XY"), rnd.randint(1, 10)))
    edges += edges[:20]  # parallel relationships
    setup = [f"UNWIND range(0, {n - 1}) AS i CREATE (:A {{k: i}});",
             "MATCH (n:A) WHERE n.k % 3 = 0 SET n:B;"]
    for t in "XY":
        rows = ", ".join(f"[{s}, {d}, {w}]" for s, d, tt, w in edges if tt == t)
        setup.append(f"MATCH (n:A) WITH n ORDER BY n.k WITH collect(n) AS ns UNWIND [{rows}] AS e "
                     f"WITH ns[e[0]] AS a, ns[e[1]] AS b, e[2] AS w CREATE (a)-[:{t} {{w: w}}]->(b);")
    setup = "\n".join(setup) + "\n"
    ids = {r["key"]: r["id"] for r in kgq(binary, ["--empty"], setup + "MATCH (n) RETURN n.k AS key, id(n) AS id;\n")}
    nodes = [ids[i] for i in range(n)]
    edges = [(ids[s], ids[d], t, w) for s, d, t, w in edges]
    return Graph("generated", binary, ["--empty"], setup, nodes, edges)


def main():
    binary = sys.argv[1]
    compare(corpus_graph(binary), weighted=False)
    compare(generated_graph(binary), weighted=True)
    if failures:
        print(f"{len(failures)} mismatches", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
