"""``export --format graphml|gexf``: the who-quotes-whom / who-mentions-whom network.

Nodes are the people and organisations the store names (by cross-article identity where the
link stage gave one, else by canonical name) and the outlets that
publish the articles. Edges, each with how often and in which articles:

- ``quotes``: an outlet quotes a speaker (the outlet's article attributes a quote to them);
- ``mentions``: a speaker mentions a person or organisation inside one of their quotes.

The network records who *reported* and who *said*, never whether it is true. It opens in Gephi
(GEXF, GraphML) and networkx (``networkx.read_graphml``).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import networkx as nx

from newstrail.models import record_kind
from newstrail.store.db import Store

__all__ = ["GRAPH_FORMATS", "PARTY_LABELS", "build_network", "write_network"]

GRAPH_FORMATS = ("graphml", "gexf")
PARTY_LABELS = ("PERSON", "ORG")  # who can quote, be quoted and be mentioned as a party


def _node(graph: nx.MultiDiGraph, kind: str, key: str, label: str, **attrs: str) -> str:
    node = f"{kind}:{key}"
    if node not in graph:
        graph.add_node(node, label=label, kind=kind, **attrs)
    elif attrs.get("entity_label") and not graph.nodes[node].get("entity_label"):
        graph.nodes[node]["entity_label"] = attrs["entity_label"]
    return node


def _party(
    graph: nx.MultiDiGraph, identities: dict[str, dict[str, Any]], who: dict[str, Any]
) -> str:
    """The node of a speaker or entity: its cross-article identity when the link stage gave one
    (display name and aliases from the identity), else its canonical name in the article."""
    identity = identities.get(who.get("identity") or "")
    if identity is None:
        return _node(graph, "party", who["name"], who["name"], entity_label=who["label"] or "")
    return _node(
        graph,
        "party",
        identity["id"],
        identity["name"],
        entity_label=identity["label"] or who["label"] or "",
        identity=identity["id"],
        aliases=" | ".join(identity["aliases"]),
    )


def build_network(store: Store) -> nx.MultiDiGraph:
    """The quote/mention network of the whole store (see the module docstring)."""
    identities = {r["id"]: r for r in store.link_records(record_kind("identities"))}
    edges: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    counts: dict[tuple[str, str, str], int] = defaultdict(int)
    graph = nx.MultiDiGraph(name="newstrail: who quotes whom, who mentions whom")

    def add(source: str, target: str, relation: str, article_id: str) -> None:
        edges[(source, target, relation)].add(article_id)
        counts[(source, target, relation)] += 1

    for record in store.iter_records():
        outlet = record["source"]["outlet"]
        for quote in record["quotes"]:
            speaker = quote["speaker"]
            if not speaker["name"]:
                continue
            source = _party(graph, identities, speaker)
            if outlet:  # an article without an outlet quotes nobody in particular
                add(_node(graph, "outlet", outlet, outlet), source, "quotes", record["id"])
            for entity in record["entities"]:
                inside = quote["start"] <= entity["start"] and entity["end"] <= quote["end"]
                if inside and entity["label"] in PARTY_LABELS:
                    target = _party(graph, identities, entity)
                    if target != source:
                        add(source, target, "mentions", record["id"])
    for (source, target, relation), articles in sorted(edges.items()):
        graph.add_edge(
            source,
            target,
            key=relation,
            relation=relation,
            weight=counts[(source, target, relation)],
            articles=" ".join(sorted(articles)),
        )
    return graph


def write_network(store: Store, fmt: str, path: str | Path) -> tuple[int, int]:
    """Write the network as GraphML or GEXF; returns ``(nodes, edges)``."""
    graph = build_network(store)
    writer: Any = {"graphml": nx.write_graphml, "gexf": nx.write_gexf}[fmt]
    writer(graph, str(path))
    return graph.number_of_nodes(), graph.number_of_edges()
