from __future__ import annotations

import json
from pathlib import Path

import pytest

from newstrail.errors import ArticleTooLarge, EmptyArticle, InputError, UnsupportedFormat
from newstrail.ingest import read_path
from newstrail.ingest.language import detect_language
from newstrail.models import Article

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def articles(path: Path, **kwargs: int) -> list[Article | InputError]:
    return list(read_path(path, **kwargs))


def test_readers_txt_dateline_and_headline(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(
        "3 June 2022 11:00 (UTC+04:00)\n\nTalks resume in Geneva\n\nDelegates met on Friday. "
        "They agreed to meet again.\n",
        encoding="utf-8",
    )
    [article] = articles(path)
    assert isinstance(article, Article)
    assert article.published == "2022-06-03T11:00:00+04:00"
    assert article.title == "Talks resume in Geneva"
    assert article.text == "Delegates met on Friday. They agreed to meet again."
    assert article.language == "en"


def test_readers_txt_without_dateline_has_no_published(tmp_path: Path) -> None:
    path = tmp_path / "b.txt"
    path.write_text("A long first paragraph that is the article itself, ending with a period.\n")
    [article] = articles(path)
    assert isinstance(article, Article)
    assert article.published is None and article.title is None


def test_readers_html_main_text_and_metadata() -> None:
    [article] = articles(SAMPLES / "rotterdam-dock-strike.html")
    assert isinstance(article, Article)
    assert article.title == "Dock workers walk out in Rotterdam as pay talks collapse"
    assert article.outlet == "Harbour Ledger"
    assert article.author == "Maren de Wit"
    assert article.published == "2024-05-06T14:20:00+02:00"
    assert article.url == "https://harbour-ledger.example/2024/05/06/rotterdam-strike"
    assert article.text.startswith("Thousands of dock workers")
    assert "Privacy" not in article.text and "Home" not in article.text


def test_readers_jsonl_one_article_per_line() -> None:
    items = articles(SAMPLES / "east-africa-wire.jsonl")
    assert [type(i) for i in items] == [Article, Article]
    first = items[0]
    assert isinstance(first, Article)
    assert first.outlet == "Savanna Wire"
    assert first.published == "2023-08-14T08:00:00+03:00"
    assert first.url and first.source_key == first.url


def test_readers_json_list_and_html_records(tmp_path: Path) -> None:
    path = tmp_path / "list.json"
    records = [
        {"text": "Officials said the bridge would reopen in May.", "title": "Bridge"},
        {
            "html": "<html><body><article><p>"
            + "The council met again today. " * 5
            + "</p></article></body></html>",
            "outlet": "Town Crier",
        },
    ]
    path.write_text(json.dumps(records), encoding="utf-8")
    items = articles(path)
    assert all(isinstance(i, Article) for i in items)
    assert [getattr(i, "path", None) for i in items] == [f"{path}#1", f"{path}#2"]


def test_readers_bad_json_line_is_one_error_rest_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        '{"text": "First article text here."}\n{broken\n[1, 2]\n{"title": "no text"}\n'
        '{"text": "Second article text."}\n',
        encoding="utf-8",
    )
    items = articles(path)
    kinds = [type(i).__name__ for i in items]
    assert kinds == ["Article", "InputError", "InputError", "InputError", "Article"]
    assert "line 2" in str(items[1]) and str(path) in str(items[1])


def test_readers_latin1_text_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes(
        "Le ministre a déclaré que la réunion était terminée à Genève.".encode("latin-1")
    )
    [article] = articles(path)
    assert isinstance(article, Article)
    assert "déclaré" in article.text and "Genève" in article.text


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("empty.txt", b"   \n\n", EmptyArticle),
        ("binary.txt", b"\x00\x01\x02\x03PNG\x00" * 20, InputError),
        ("image.png", b"\x89PNG\r\n", UnsupportedFormat),
        ("nothing.html", b"<html><body><nav>Home</nav></body></html>", EmptyArticle),
        ("bad.json", b'[{"text": ', InputError),
    ],
)
def test_readers_bad_file_raises_clear_error(
    tmp_path: Path, name: str, content: bytes, error: type[Exception]
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(error) as raised:
        articles(path)
    assert str(path) in str(raised.value)


def test_readers_huge_file_refused_with_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_text("word " * 1000)
    with pytest.raises(ArticleTooLarge, match="limit"):
        articles(path, max_bytes=1000)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The minister said that the talks with the delegation were over for the day.", "en"),
        (
            "Le ministre a dit que les discussions avec la délégation sont terminées pour la journée.",
            "fr",
        ),
        ("Der Minister sagte, dass die Gespräche mit der Delegation für heute beendet sind.", "de"),
        ("12 34 56", None),
    ],
)
def test_readers_language_detected(text: str, lang: str | None) -> None:
    assert detect_language(text) == lang
