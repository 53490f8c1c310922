"""Full-text search that finds the same articles on SQLite (FTS5) and PostgreSQL (tsvector + GIN).

One query language for both back ends: words (all must match), ``dock*`` for a prefix, ``"dock
strike"`` for a phrase (``"dock stri"*`` a phrase ending in a prefix); ``AND`` between terms is
allowed and changes nothing. Nothing else is syntax, so no input can break a query.

Both back ends see the same tokens: lower-cased, diacritics removed ("Zürich" matches "zurich"),
no stemming on either ("strikes" does not match "strike"; ``strike*`` does). SQLite's FTS5 tokenizer
(``unicode61 remove_diacritics 2``) does this itself; on PostgreSQL the ``simple`` configuration
over :data:`FOLD_FUNCTION` (the same diacritic folding, as an immutable SQL function) does it in a
generated ``search`` column with a GIN index, and the user's query is folded the same way here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, column, false, func, literal_column, select, table, text

from newstrail.store import schema as s

__all__ = [
    "ARTICLES_FTS",
    "FOLD_FUNCTION",
    "MAX_SEARCH_TERMS",
    "MAX_TERM_CHARS",
    "POSTGRES_DDL",
    "Term",
    "fold",
    "fts5_match",
    "fts5_query",
    "headline_options",
    "matching_article_ids",
    "matching_article_seqs",
    "matching_quote_ids",
    "parse_query",
    "postgres_needs_ddl",
    "ranked_articles",
    "tsquery",
]

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_TOKEN = re.compile(r'"([^"]*)"(\*?)|(\S+)')


def _fold_table() -> tuple[str, str]:
    """Accented Latin letters and their base letters (what FTS5's remove_diacritics folds)."""
    source, target = [], []
    for code in range(0xC0, 0x250):
        char = chr(code)
        base = "".join(
            c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
        )
        if len(base) == 1 and base != char:
            source.append(char)
            target.append(base)
    return "".join(source), "".join(target)


_FOLD_FROM, _FOLD_TO = _fold_table()
_FOLD = str.maketrans(_FOLD_FROM, _FOLD_TO)

FOLD_FUNCTION = "newstrail_fold"


def fold(text: str) -> str:
    """What the PostgreSQL index sees of a text: diacritics removed, lower case."""
    return text.translate(_FOLD).lower()


@dataclass(frozen=True, slots=True)
class Term:
    """One word, or a phrase of words in order; ``prefix``: the last word may continue."""

    words: tuple[str, ...]
    prefix: bool = False


# The cost of a full-text query grows with the square of its terms (2,500 repeated words took
# minutes); every term must match anyway, so a repeat adds nothing, and a query of more distinct
# words than this finds (almost) nothing.
MAX_SEARCH_TERMS = 32
MAX_TERM_CHARS = 100


def parse_query(user_text: str) -> list[Term]:
    """The terms of a search box's text (see the module docstring); empty when it has no words.

    Bounded: each term once, at most :data:`MAX_SEARCH_TERMS` terms (and words in a phrase) of
    at most :data:`MAX_TERM_CHARS` characters a word."""
    terms: list[Term] = []
    for match in _TOKEN.finditer(user_text or ""):
        if len(terms) == MAX_SEARCH_TERMS:
            break
        phrase, phrase_star, bare = match.groups()
        if bare is not None:
            if bare == "AND":
                continue
            prefix = bare.endswith("*")
            words = tuple(_WORD.findall(fold(bare)))
        else:
            prefix = bool(phrase_star)
            words = tuple(_WORD.findall(fold(phrase)))
        if words:
            term = Term(tuple(w[:MAX_TERM_CHARS] for w in words[:MAX_SEARCH_TERMS]), prefix)
            if term not in terms:
                terms.append(term)
    return terms


def fts5_query(terms: list[Term]) -> str:
    """Terms as an FTS5 query: every term a quoted phrase, all required."""
    return " ".join(f'"{" ".join(t.words)}"' + ("*" if t.prefix else "") for t in terms)


def tsquery(terms: list[Term]) -> str:
    """Terms as a PostgreSQL ``to_tsquery('simple', ...)`` text: phrases with ``<->``, ``:*``."""

    def lexeme(word: str, last: bool, prefix: bool) -> str:
        return f"'{word}'" + (":*" if last and prefix else "")

    parts = []
    for term in terms:
        words = [
            lexeme(word, i == len(term.words) - 1, term.prefix) for i, word in enumerate(term.words)
        ]
        parts.append("(" + " <-> ".join(words) + ")")
    return " & ".join(parts)


def headline_options(start: str, stop: str, words: int = 32) -> str:
    """``ts_headline`` options giving about the snippet FTS5's ``snippet()`` gives."""
    return (
        f'StartSel="{start}", StopSel="{stop}", MaxWords={words}, MinWords={words // 2}, '
        'ShortWord=0, MaxFragments=2, FragmentDelimiter=" … "'
    )


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


# Idempotent: run at every start, so a database made by an older newstrail is upgraded in place.
POSTGRES_DDL = [
    f"CREATE OR REPLACE FUNCTION {FOLD_FUNCTION}(value text) RETURNS text "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURNS NULL ON NULL INPUT AS "
    f"$$ SELECT lower(translate(value, {_sql_string(_FOLD_FROM)}, {_sql_string(_FOLD_TO)})) $$",
    "ALTER TABLE articles ADD COLUMN IF NOT EXISTS search tsvector GENERATED ALWAYS AS ("
    f"setweight(to_tsvector('simple'::regconfig, {FOLD_FUNCTION}(coalesce(title, ''))), 'A') || "
    f"setweight(to_tsvector('simple'::regconfig, {FOLD_FUNCTION}(text)), 'B')) STORED",
    "CREATE INDEX IF NOT EXISTS ix_articles_search ON articles USING GIN (search)",
    "ALTER TABLE quotes ADD COLUMN IF NOT EXISTS search tsvector GENERATED ALWAYS AS ("
    f"to_tsvector('simple'::regconfig, {FOLD_FUNCTION}(text || ' ' || "
    "coalesce(speaker_name, '') || ' ' || coalesce(mention_text, '')))) STORED",
    "CREATE INDEX IF NOT EXISTS ix_quotes_search ON quotes USING GIN (search)",
]


def postgres_needs_ddl(conn: Any) -> bool:
    """Whether :data:`POSTGRES_DDL` has yet to run on this database (a read-only role, as
    ``serve`` should use, cannot run it and need not)."""
    found = conn.execute(
        text(
            "SELECT count(*) FROM information_schema.columns WHERE table_schema = "
            "current_schema() AND table_name IN ('articles', 'quotes') AND column_name = 'search'"
        )
    ).scalar_one()
    return int(found) < 2


# -- SQLAlchemy Core pieces the query layer uses, per back end -----------------------------------

# SQLite: the articles' index reads title and text from the articles table; its row id is
# articles.seq (see newstrail.store.db).
ARTICLES_FTS = table("articles_fts", column("rowid"), column("rank"))
_quotes_fts = table("quotes_fts", column("quote_id"), column("article_id"))


def fts5_match(user_text: str) -> Any:
    """(SQLite) the ``articles_fts MATCH`` condition for ``user_text``."""
    return literal_column("articles_fts").op("MATCH")(fts5_query(parse_query(user_text)) or '""')


def matching_article_seqs(user_text: str) -> Select[Any]:
    """(SQLite) ``SELECT`` the ``seq`` of the articles whose title or text match ``user_text``."""
    return select(ARTICLES_FTS.c.rowid).where(fts5_match(user_text))


def _pg_query(terms: list[Term]) -> Any:
    return func.to_tsquery(literal_column("'simple'::regconfig"), tsquery(terms))


def matching_article_ids(dialect: str, user_text: str) -> Select[Any]:
    """``SELECT article_id`` of the articles whose title or text match ``user_text``."""
    terms = parse_query(user_text)
    a = s.articles
    if dialect == "sqlite":
        return select(a.c.id).where(a.c.seq.in_(matching_article_seqs(user_text)))
    if not terms:
        return select(a.c.id).where(false())
    return select(a.c.id).where(literal_column("articles.search").op("@@")(_pg_query(terms)))


def matching_quote_ids(dialect: str, user_text: str) -> Select[Any]:
    """``SELECT`` quote ids whose text or speaker match ``user_text``."""
    terms = parse_query(user_text)
    if dialect == "sqlite":
        return select(_quotes_fts.c.quote_id).where(
            literal_column("quotes_fts").op("MATCH")(fts5_query(terms) or '""')
        )
    q = s.quotes
    if not terms:
        return select(q.c.id).where(false())
    return select(q.c.id).where(literal_column("quotes.search").op("@@")(_pg_query(terms)))


def ranked_articles(
    dialect: str, user_text: str, columns: list[Any], mark: tuple[str, str], *conditions: Any
) -> Select[Any]:
    """``columns`` plus a marked ``snippet`` of the matching articles, best match first."""
    a = s.articles
    terms = parse_query(user_text)
    if dialect == "sqlite":
        fts: Any = literal_column("articles_fts")
        snippet = func.snippet(fts, 1, mark[0], mark[1], " … ", 16).label("snippet")
        return (
            select(*columns, snippet)
            .select_from(ARTICLES_FTS.join(a, a.c.seq == ARTICLES_FTS.c.rowid))
            .where(fts.op("MATCH")(fts5_query(terms) or '""'), *conditions)
            .order_by(ARTICLES_FTS.c.rank, a.c.id)
        )
    if not terms:
        return select(*columns, literal_column("''").label("snippet")).where(false())
    query = _pg_query(terms)
    search: Any = literal_column("articles.search")
    snippet = func.ts_headline(
        literal_column("'simple'::regconfig"), a.c.text, query, headline_options(*mark)
    ).label("snippet")
    return (
        select(*columns, snippet)
        .where(search.op("@@")(query), *conditions)
        .order_by(func.ts_rank_cd(search, query).desc(), a.c.id)
    )
