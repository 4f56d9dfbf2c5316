#!/usr/bin/env python3
"""tests/formats/graphml-networkx.py KGQ -- reads kgq's GraphML of the bundled corpus
with networkx and compares it with the same graph as kgq's JSON Lines: every node with
its labels and attributes, every relationship (parallel ones too) with its type, ends and
attributes. Values GraphML has no type for are compared through their text: ISO dates as
written, lists as the JSON arrays networkx hands back as strings. Exit 77 (skip) when
networkx is not installed."""
import json
import os
import subprocess
import sys
import tempfile

try:
    import networkx as nx
except ImportError:
    print("networkx is not installed", file=sys.stderr)
    sys.exit(77)

kgq = sys.argv[1]
tmpdir = tempfile.TemporaryDirectory()
tmp = tmpdir.name
gml = os.path.join(tmp, "corpus.graphml")
jsl = os.path.join(tmp, "corpus.jsonl")
subprocess.run([kgq, "export", "--graphml", gml, "--jsonl", jsl], check=True)

g = nx.read_graphml(gml)
assert isinstance(g, nx.MultiDiGraph), f"expected a MultiDiGraph (parallel edges), got {type(g)}"

nodes, rels = {}, []
with open(jsl, encoding="utf-8") as f:
    for line in f:
        o = json.loads(line)
        (nodes.__setitem__(o["id"], o) if o["type"] == "node" else rels.append(o))


def same(nx_value, kgq_value):
    """Lists and maps are JSON text in GraphML; everything else compares as is."""
    if isinstance(kgq_value, (list, dict)):
        return json.loads(nx_value) == kgq_value
    return nx_value == kgq_value


errors = []
assert g.number_of_nodes() == len(nodes), (g.number_of_nodes(), len(nodes))
assert g.number_of_edges() == len(rels), (g.number_of_edges(), len(rels))
for nid, o in nodes.items():
    attrs = dict(g.nodes[f"n{nid}"])
    labels = attrs.pop("labels", "")
    if labels != "".join(":" + l for l in o["labels"]):
        errors.append(f"node {nid}: labels {labels!r} != {o['labels']!r}")
    if set(attrs) != set(o["properties"]):
        errors.append(f"node {nid}: keys {sorted(attrs)} != {sorted(o['properties'])}")
    for k, v in o["properties"].items():
        if k in attrs and not same(attrs[k], v):
            errors.append(f"node {nid}.{k}: {attrs[k]!r} != {v!r}")
for r in rels:
    u, v = f"n{r['start']['id']}", f"n{r['end']['id']}"
    data = g.get_edge_data(u, v, key=f"e{r['id']}")
    if data is None:
        errors.append(f"relationship {r['id']} ({u})->({v}) missing")
        continue
    attrs = dict(data)
    if attrs.pop("label", None) != r["label"]:
        errors.append(f"relationship {r['id']}: type {data.get('label')!r} != {r['label']!r}")
    attrs.pop("id", None)
    if set(attrs) != set(r["properties"]):
        errors.append(f"relationship {r['id']}: keys {sorted(attrs)} != {sorted(r['properties'])}")
    for k, val in r["properties"].items():
        if k in attrs and not same(attrs[k], val):
            errors.append(f"relationship {r['id']}.{k}: {attrs[k]!r} != {val!r}")

for e in errors[:20]:
    print(e, file=sys.stderr)
if errors:
    sys.exit(1)
print(f"networkx read {g.number_of_nodes()} nodes and {g.number_of_edges()} edges, all attributes equal")
