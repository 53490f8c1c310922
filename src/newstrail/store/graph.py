"""``export --format graphml|gexf``: the who-quotes-whom / who-mentions-whom network.

Nodes are the people and organisations the store names (by canonical name) and the outlets that
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
from sqlalchemy import and_, select

from newstrail.store import schema as s
from newstrail.store.db import Store

__all__ = ["GRAPH_FORMATS", "PARTY_LABELS", "build_network", "write_network"]

GRAPH_FORMATS = ("graphml", "gexf")
PARTY_LABELS = ("PERSON", "ORG")  # who can quote, be quoted and be mentioned as a party


def _node(graph: nx.MultiDiGraph, kind: str, name: str, label: str | None = None) -> str:
    node = f"{kind}:{name}"
    if node not in graph:
        graph.add_node(node, label=name, kind=kind, entity_label=label or "")
    elif label and not graph.nodes[node]["entity_label"]:
        graph.nodes[node]["entity_label"] = label
    return node


def build_network(store: Store) -> nx.MultiDiGraph:
    """The quote/mention network of the whole store (see the module docstring)."""
    a, q, e = s.articles, s.quotes, s.entities
    edges: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    counts: dict[tuple[str, str, str], int] = defaultdict(int)
    graph = nx.MultiDiGraph(name="newstrail: who quotes whom, who mentions whom")
    with store.engine.connect() as conn:
        quoted = conn.execute(
            select(a.c.outlet, q.c.speaker_name, q.c.speaker_label, q.c.article_id)
            .join(a, a.c.id == q.c.article_id)
            .where(q.c.speaker_name.is_not(None))
            .order_by(q.c.article_id, q.c.start)
        ).all()
        for outlet, speaker, label, article_id in quoted:
            target = _node(graph, "party", speaker, label)
            if outlet:  # an article without an outlet quotes nobody in particular
                key = (_node(graph, "outlet", outlet), target, "quotes")
                edges[key].add(article_id)
                counts[key] += 1
        mentioned = conn.execute(
            select(q.c.speaker_name, q.c.speaker_label, e.c.name, e.c.label, q.c.article_id)
            .join(
                e,
                and_(
                    e.c.article_id == q.c.article_id,
                    e.c.start >= q.c.start,
                    e.c.end <= q.c.end,
                ),
            )
            .where(
                q.c.speaker_name.is_not(None),
                e.c.label.in_(PARTY_LABELS),
                e.c.name != q.c.speaker_name,
            )
            .order_by(q.c.article_id, q.c.start, e.c.start)
        ).all()
        for speaker, speaker_label, name, label, article_id in mentioned:
            key = (
                _node(graph, "party", speaker, speaker_label),
                _node(graph, "party", name, label),
                "mentions",
            )
            edges[key].add(article_id)
            counts[key] += 1
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
