"""The invented claim-trail stories (fixtures/claims/stories.json) as claim records, and the
scores the claim and disagreement passes get on them."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

from newstrail.link.claims import (
    ClaimArticle,
    ClaimIndex,
    QuantityInput,
    QuoteInput,
    TimeInput,
)
from newstrail.link.disagreements import Disagreement
from newstrail.models import Place

STORIES = Path(__file__).parent / "fixtures" / "claims" / "stories.json"


def load_stories() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(STORIES.read_text("utf-8"))
    return data


def _find(text: str, piece: str, after: int = 0) -> tuple[int, int]:
    start = text.find(piece, after)
    assert start >= 0, f"{piece!r} not in the article"
    return start, start + len(piece)


def _cue(text: str, cue: str | None, near: int) -> tuple[int, int] | None:
    if not cue:
        return None
    start = text.find(cue, near)
    return (start, start + len(cue)) if start >= 0 else None


def article_records(data: dict[str, Any] | None = None) -> list[ClaimArticle]:
    """The fixture's articles with hand-annotated quotes, numbers, times and places."""
    data = data or load_stories()
    records = []
    for raw in data["articles"]:
        text = raw["text"]
        quotes = []
        for q in raw["quotes"]:
            start, end = _find(text, q["text"])
            quotes.append(
                QuoteInput(
                    q["text"],
                    start,
                    end,
                    q["kind"],
                    q.get("speaker"),
                    q.get("identity"),
                    _cue(text, q.get("cue"), end),
                )
            )
        numbers = []
        for n in raw.get("numbers", []):
            start, end = _find(text, n["text"])
            numbers.append(
                QuantityInput(
                    n["text"], start, end, n["value"], n.get("unit"), n.get("mod"), n.get("counts")
                )
            )
        times = []
        for t in raw.get("times", []):
            start, end = _find(text, t["text"])
            times.append(TimeInput(t["text"], start, end, t["type"], t["value"]))
        places = []
        for p in raw.get("places", []):
            start, end = _find(text, p["text"])
            places.append(
                Place(
                    p["text"],
                    start,
                    end,
                    p["name"],
                    None,
                    None,
                    None,
                    p.get("geonameid"),
                    p["feature"],
                )
            )
        records.append(
            ClaimArticle(
                id=raw["id"],
                text=text,
                outlet=raw["outlet"],
                published=raw["published"],
                story=raw["story"],
                duplicate_of=raw.get("duplicate_of"),
                quotes=quotes,
                numbers=numbers,
                times=times,
                places=places,
            )
        )
    return records


def gold_statements(data: dict[str, Any] | None = None) -> dict[tuple[str, int, int], str]:
    """(article, start, end) of every annotated statement -> its gold claim label."""
    data = data or load_stories()
    gold: dict[tuple[str, int, int], str] = {}
    for raw in data["articles"]:
        text = raw["text"]
        for item in raw["quotes"] + raw.get("assertions", []):
            start, end = _find(text, item["text"])
            gold[(raw["id"], start, end)] = item["claim"]
    return gold


@dataclass
class ClaimScores:
    pair_precision: float
    pair_recall: float
    first_correct: int
    first_total: int
    statements_missing: int


def score_claims(index: ClaimIndex, data: dict[str, Any] | None = None) -> ClaimScores:
    data = data or load_stories()
    gold = gold_statements(data)
    published = {a["id"]: a["published"] for a in data["articles"]}
    predicted = {key: index.by_statement.get(key) for key in gold}
    missing = sum(1 for v in predicted.values() if v is None)
    keys = sorted(gold)
    gold_pairs = {(a, b) for a, b in combinations(keys, 2) if gold[a] == gold[b]}
    found_pairs = {
        (a, b)
        for a, b in combinations(keys, 2)
        if predicted[a] is not None and predicted[a] == predicted[b]
    }
    true = len(gold_pairs & found_pairs)
    precision = true / len(found_pairs) if found_pairs else 1.0
    recall = true / len(gold_pairs) if gold_pairs else 1.0
    members: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    for key, label in gold.items():
        members[label].append(key)
    claims = {c.id: c for c in index.claims}
    correct = total = 0
    for keys_of in members.values():
        if len({k[0] for k in keys_of}) < 2:
            continue
        dated = [k for k in keys_of if published[k[0]]]
        gold_first = min(dated, key=lambda k: published[k[0]])[0]
        total += 1
        votes = Counter(predicted[k] for k in keys_of if predicted[k])
        if not votes:
            continue
        claim = claims[votes.most_common(1)[0][0]]
        if claim.first is not None and claim.first.article == gold_first:
            correct += 1
    return ClaimScores(precision, recall, correct, total, missing)


@dataclass
class DisagreementScores:
    found: int
    gold: int
    false_flags: int


def score_disagreements(
    found: list[Disagreement], data: dict[str, Any] | None = None
) -> DisagreementScores:
    data = data or load_stories()
    gold = data["disagreements"]
    matched: set[int] = set()
    false_flags = 0
    for d in found:
        articles = {v.article for v in d.values}
        hit = next(
            (
                i
                for i, g in enumerate(gold)
                if i not in matched
                and g["story"] == d.story
                and g["kind"] == d.kind
                and len(articles & set(g["articles"])) >= 2
            ),
            None,
        )
        if hit is None:
            false_flags += 1
        else:
            matched.add(hit)
    return DisagreementScores(len(matched), len(gold), false_flags)


def stored_pair(record: ClaimArticle, *, with_numbers: bool = True) -> tuple[Any, Any]:
    """An invented article as what the store takes: the Article and its hand-made extraction."""
    from newstrail.models import Article, Extraction, Place, Quote, Speaker, TextSpan, TimeExpr
    from newstrail.records.numbers import Quantity

    text = record.text
    quotes = [
        Quote(
            q.text,
            q.start,
            q.end,
            q.kind,
            TextSpan(text[q.cue[0] : q.cue[1]], *q.cue) if q.cue else None,
            Speaker(q.speaker),
        )
        for q in record.quotes
    ]
    numbers = [
        Quantity(n.text, n.start, n.end, float(n.value), n.unit, n.mod, n.counts)
        for n in record.numbers
        if with_numbers and n.value is not None
    ]
    times = [TimeExpr(t.text, t.start, t.end, "DATE", t.value) for t in record.times]
    places = [
        Place(p.text, p.start, p.end, p.name, None, None, None, p.geonameid, p.feature)
        for p in record.places
    ]
    article = Article(
        text,
        title=record.id,
        published=record.published,
        outlet=record.outlet,
        path=f"{record.id}.txt",
    )
    return article, Extraction(quotes=quotes, numbers=numbers, times=times, places=places)


def build_store(path: Path) -> Any:
    """The invented stories stored with hand-made extractions (no spaCy needed), linked."""
    from newstrail import link
    from newstrail.store import Store

    kb = Store(str(path))
    for record in article_records():
        kb.add(*stored_pair(record, with_numbers=False))
    link.run_links(kb, ["claims", "disagreements"])
    return kb
