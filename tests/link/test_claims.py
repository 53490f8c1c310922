"""The claim trail: statements, matching, attribution, first appearance (link/claims.py)."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

from newstrail.link.claims import (
    ClaimArticle,
    QuantityInput,
    QuoteInput,
    clean_statement,
    content_words,
    link_claims,
    match_type,
    normalise_words,
    statements_of,
    word_diff,
)
from tests.link.claims_fixture import article_records, score_claims


def bag_of_words(texts: list[str] | tuple[str, ...]) -> np.ndarray:
    """A stand-in encoder: hashed content words, so tests need no model."""
    out = np.zeros((len(texts), 256), dtype=np.float32)
    for row, text in enumerate(texts):
        for word in content_words(normalise_words(text)):
            out[row, int(hashlib.md5(word.encode()).hexdigest(), 16) % 256] += 1
    return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


def quote_article(
    article_id: str,
    text: str,
    quoted: str,
    speaker: str | None,
    published: str | None = "2026-06-09T08:00:00+00:00",
    identity: str | None = None,
    outlet: str = "Outlet",
    story: str = "s",
    kind: str = "direct",
    duplicate_of: str | None = None,
) -> ClaimArticle:
    start = text.index(quoted)
    quote = QuoteInput(quoted, start, start + len(quoted), kind, speaker, identity)  # type: ignore[arg-type]
    return ClaimArticle(
        article_id,
        text,
        outlet=outlet,
        published=published,
        story=story,
        quotes=[quote],
        duplicate_of=duplicate_of,
    )


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("“We will rebuild,” she said.", '"we will REBUILD" she said'),
        ("It's over — done.", "it’s over done"),
    ],
)
def test_claims_normalise_words_ignores_quote_marks_case_punctuation(a: str, b: str) -> None:
    assert normalise_words(a) == normalise_words(b)


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        (
            "Drone attack caught on camera.#IranUsapic.twitter.com/TvRkHvl — Olaudah (@Real) "
            "January 6, 2020",
            "Drone attack caught on camera. Iran Usa — Olaudah",
        ),
        (
            "DEFUND. CBC. NOW. #DefundTheCBChttps://t.co/CsHG8R9cHp",
            "DEFUND. CBC. NOW. Defund The CBC",
        ),
        (
            "Thanks @realDonaldTrump \U0001f1fa\U0001f1f8 &amp; WW3 now",
            "Thanks real Donald Trump & WW3 now",
        ),
        ('"We will rebuild the bridge," she said.', '"We will rebuild the bridge," she said.'),
    ],
)
def test_claims_clean_statement_keeps_the_words_that_carry_meaning(raw: str, cleaned: str) -> None:
    assert clean_statement(raw) == cleaned


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("We will rebuild the bridge.", "“we will rebuild the bridge”", "verbatim"),
        (
            "no family will be left behind",
            "We will rebuild, and no family will be left behind",
            "partial",
        ),
        ("we will", "we will rebuild the bridge", None),  # too short to be a fragment
        ("The road will reopen in May", "The road will not reopen in May", None),
    ],
)
def test_claims_match_type(a: str, b: str, expected: str | None) -> None:
    assert match_type(normalise_words(a), normalise_words(b)) == expected


def test_claims_word_diff_shows_changed_words() -> None:
    ops = word_diff("The bridge was inspected last spring", "the bridge was checked last spring")
    assert [(op.op, op.text) for op in ops] == [
        ("equal", "the bridge was"),
        ("delete", "inspected"),
        ("insert", "checked"),
        ("equal", "last spring"),
    ]


def test_claims_statements_keep_attribution() -> None:
    text = '"Nine people died," Reed said. Seven people were killed on Monday. The sky was grey.'
    quote_start = text.index("Nine")
    quote = QuoteInput("Nine people died,", quote_start, quote_start + 17, "direct", "Reed")
    numbers = [
        QuantityInput("Nine people", quote_start, quote_start + 11, 9, counts="people"),
        QuantityInput("Seven people", text.index("Seven"), text.index("Seven") + 12, 7),
    ]
    found = statements_of(ClaimArticle("x", text, quotes=[quote], numbers=numbers))
    assert [(s.kind, s.speaker, s.text) for s in found] == [
        ("direct", "Reed", "Nine people died,"),
        ("assertion", None, "Seven people were killed on Monday."),
    ]


def test_claims_verbatim_across_outlets_first_is_earliest() -> None:
    words = "We will rebuild the bridge within two years"
    articles = [
        quote_article(
            "late", f'"{words}," Varga said.', words, "Elena Varga", "2026-06-10T08:00:00+00:00"
        ),
        quote_article(
            "early",
            f"“{words.lower()}” — Varga",
            words.lower(),
            "Varga",
            "2026-06-09T08:00:00+00:00",
        ),
        quote_article("undated", f'"{words}," she said.', words, "Elena Varga", None),
    ]
    index = link_claims(articles, encode=bag_of_words)
    assert len(index.claims) == 1
    claim = index.claims[0]
    assert claim.first is not None and claim.first.article == "early"
    assert [a.article for a in claim.appearances] == ["early", "late", "undated"]
    assert [a.match for a in claim.appearances] == ["first", "verbatim", "verbatim"]
    assert claim.speaker == "Elena Varga"


def test_claims_undated_articles_are_never_first() -> None:
    words = "no family will be left behind"
    articles = [quote_article(i, f'"{words}"', words, "Varga", None) for i in ("a", "b")]
    (claim,) = link_claims(articles, encode=bag_of_words).claims
    assert claim.first is None


@pytest.mark.parametrize(
    ("speaker_a", "identity_a", "speaker_b", "identity_b"),
    [
        ("Aydin Kerem", "kerem", "Lucia Brandt", "brandt"),  # two identities
        ("Aydin Kerem", None, "Lucia Brandt", None),  # two names
    ],
)
def test_claims_same_words_by_two_speakers_stay_apart(
    speaker_a: str, identity_a: str | None, speaker_b: str, identity_b: str | None
) -> None:
    words = "This is a historic day for the valley"
    articles = [
        quote_article("a", f'"{words}," {speaker_a} said.', words, speaker_a, identity=identity_a),
        quote_article("b", f'"{words}," {speaker_b} said.', words, speaker_b, identity=identity_b),
    ]
    assert len(link_claims(articles, encode=bag_of_words).claims) == 2


def test_claims_speaker_claim_never_becomes_outlet_assertion() -> None:
    sentence = "Seven people were killed when the bridge collapsed"
    quoted = quote_article("a", f"{sentence}, police said.", sentence, "police", kind="indirect")
    text = f"{sentence}."
    own = ClaimArticle(
        "b",
        text,
        outlet="Other",
        published="2026-06-09T09:00:00+00:00",
        story="s",
        numbers=[QuantityInput("Seven people", 0, 12, 7, counts="people")],
    )
    index = link_claims([quoted, own], encode=bag_of_words)
    assert len(index.claims) == 2
    kinds = sorted((c.appearances[0].kind, c.speaker or "") for c in index.claims)
    assert kinds == [("assertion", ""), ("indirect", "police")]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("The road to Meren will reopen in May", "The road to Meren will not reopen in May"),
        (
            "Forty countries have confirmed they will attend",
            "Fourteen countries have confirmed they will attend",
        ),
    ],
)
def test_claims_negation_or_other_figures_stay_apart(first: str, second: str) -> None:
    articles = [
        quote_article("a", f'"{first}," Kerem said.', first, "Kerem", identity="kerem"),
        quote_article("b", f'"{second}," Kerem said.', second, "Kerem", identity="kerem"),
    ]
    assert len(link_claims(articles, encode=bag_of_words, threshold=0.0).claims) == 2


def test_claims_two_statements_of_one_article_stay_apart() -> None:
    text = '"The bridge is safe," Varga said. "The bridge is closed," Varga added.'
    quotes = [
        QuoteInput("The bridge is safe,", 1, 20, "direct", "Varga", "varga"),
        QuoteInput(
            "The bridge is closed,",
            text.index("The bridge is closed"),
            text.index("The bridge is closed") + 21,
            "direct",
            "Varga",
            "varga",
        ),
    ]
    other = quote_article(
        "b",
        '"The bridge is safe and closed," Varga said.',
        "The bridge is safe and closed,",
        "Varga",
        identity="varga",
    )
    article = ClaimArticle(
        "a", text, published="2026-06-09T07:00:00+00:00", story="s", quotes=quotes
    )
    index = link_claims([article, other], encode=bag_of_words)
    ids = {index.by_statement[("a", q.start, q.end)] for q in quotes}
    assert len(ids) == 2


def test_claims_cross_story_only_by_speaker_identity() -> None:
    words = "No family will be left behind in this city"
    with_identity = [
        quote_article(s, f'"{words}," Varga said.', words, "Varga", identity="varga", story=s)
        for s in ("s1", "s2")
    ]
    assert len(link_claims(with_identity, encode=bag_of_words).claims) == 1
    without = [
        quote_article(s, f'"{words}," Varga said.', words, "Varga", story=s) for s in ("s1", "s2")
    ]
    assert len(link_claims(without, encode=bag_of_words).claims) == 2


def test_claims_copies_are_marked() -> None:
    words = "Nine people have died and we expect that number to rise"
    articles = [
        quote_article("orig", f'"{words}," Reed said.', words, "Reed"),
        quote_article(
            "copy",
            f'"{words}," Reed said.',
            words,
            "Reed",
            "2026-06-09T09:00:00+00:00",
            duplicate_of="orig",
        ),
    ]
    (claim,) = link_claims(articles, encode=bag_of_words).claims
    assert [(a.article, a.copy_of) for a in claim.appearances] == [("orig", None), ("copy", "orig")]


def test_claims_invented_stories_with_the_embedding_model() -> None:
    index = link_claims(article_records())
    scores = score_claims(index)
    # measured: precision 1.0, recall 0.89, first source 6/6
    assert scores.statements_missing == 0
    assert scores.pair_precision >= 0.95
    assert scores.pair_recall >= 0.85
    assert scores.first_correct == scores.first_total == 6
