"""The language layer (no model): every word list is data in ``nlp/lexicon/``, each fact once."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

import newstrail.nlp
from newstrail.nlp import coref, entities, quotes
from newstrail.nlp.lexicon import lexicon, words

NLP_DIR = Path(newstrail.nlp.__file__).parent
LEXICON_DIR = NLP_DIR / "lexicon"
LEXICON_FILES = sorted(p.stem for p in LEXICON_DIR.glob("*.json"))
# A lower-case English word or phrase ("say", "according to", "o'clock").
WORD = re.compile(r"[a-z][a-z'’.-]*(?: [a-z][a-z'’.-]*)*")
ATTRIBUTE = re.compile(r"(?:doc|token|span)\.[\w.]+")  # a spaCy contract ("token.dep")
MAX_STRINGS = 4  # a literal with more strings than this is a word list


def _string_literals(node: ast.AST) -> list[str]:
    """The word-like strings of a list/set/tuple literal, also inside frozenset(...)/set(...)."""
    if isinstance(node, ast.Call) and node.args:
        return _string_literals(node.args[0])
    if isinstance(node, ast.List | ast.Set | ast.Tuple):
        return [
            e.value
            for e in node.elts
            if isinstance(e, ast.Constant)
            and isinstance(e.value, str)
            and WORD.fullmatch(e.value)
            and not ATTRIBUTE.fullmatch(e.value)
        ]
    return []


def _marks(node: ast.AST) -> bool:
    """A string of several quotation marks (``'"“”«»„'``), inside frozenset(...) or not."""
    if isinstance(node, ast.Call) and node.args:
        return _marks(node.args[0])
    marks = set(lexicon("marks")["all"])
    return isinstance(node, ast.Constant) and len(set(str(node.value)) & marks) >= 3


def _word_lists(path: Path) -> list[str]:
    """Module- and class-level names bound to a literal of more than MAX_STRINGS words, or to a
    set of quotation marks."""
    found: list[str] = []
    tree = ast.parse(path.read_text("utf-8"))
    bodies = [tree.body] + [n.body for n in tree.body if isinstance(n, ast.ClassDef)]
    for body in bodies:
        for node in body:
            value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
            if value is None:
                continue
            if len(_string_literals(value)) > MAX_STRINGS or _marks(value):
                found.append(f"{path.name}:{node.lineno}")
    return found


def test_lexicon_no_word_list_in_nlp_logic() -> None:
    modules = sorted(NLP_DIR.rglob("*.py"))
    assert len(modules) > 5
    offenders = [where for path in modules for where in _word_lists(path)]
    assert offenders == [], f"word lists belong in nlp/lexicon/*.json: {offenders}"


def test_lexicon_no_json_beside_the_logic() -> None:
    package = NLP_DIR.parent
    stray = [
        str(p.relative_to(package))
        for p in package.rglob("*.json")
        if p.parent != LEXICON_DIR and ("nlp" in p.parts or "ingest" in p.parts)
    ]
    assert stray == []


@pytest.mark.parametrize("name", LEXICON_FILES)
def test_lexicon_files_are_objects_of_unique_lists(name: str) -> None:
    data = json.loads((LEXICON_DIR / f"{name}.json").read_text("utf-8"))
    assert isinstance(data, dict) and data
    assert lexicon(name) == data
    for key, value in data.items():
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            assert len(value) == len(set(value)), f"{name}.{key} repeats a word"


def test_lexicon_words_is_a_frozenset() -> None:
    verbs = words("speech", "speech_verbs")
    assert isinstance(verbs, frozenset)
    assert {"say", "tell", "note", "stress"} <= verbs


def test_lexicon_one_speech_verb_list() -> None:
    speech = words("speech", "speech_verbs")
    # news agencies' "informs"/"reports" are speech to coreference and entities (an ORG vote) ...
    agency = words("speech", "agency_verbs")
    assert coref.lexicon().speech_verbs == speech | agency
    assert entities.lexicon().speech_verbs == speech | agency
    # ... quotes takes instead the verbs that only introduce an adjacent quotation ("he put it")
    assert quotes.Lexicon.load().speech_verbs == speech | words("speech", "quotation_verbs")
    assert not speech & words("speech", "quotation_verbs")
    assert not speech & agency


def test_lexicon_one_honorific_list() -> None:
    honorifics = words("people", "honorifics")
    assert quotes.Lexicon.load().honorifics == honorifics == entities.lexicon().honorifics
    gendered = words("people", "male_honorifics") | words("people", "female_honorifics")
    assert gendered <= honorifics


def test_lexicon_one_pronoun_table() -> None:
    table = lexicon("pronouns")["pronouns"]
    lex = quotes.Lexicon.load()
    assert lex.person_pronouns == {"he", "him", "his", "himself", "she", "her", "hers", "herself"}
    assert lex.first_second_person == {w for w, v in table.items() if v[3] in (1, 2)}
    assert set(coref.lexicon().pronouns) == set(table)


def test_lexicon_function_words_feed_language_detection() -> None:
    from newstrail.ingest.language import FUNCTION_WORDS, detect_language

    assert set(FUNCTION_WORDS) == {k for k in lexicon("function_words") if not k.startswith("_")}
    assert detect_language("The minister said that the talks would resume in the spring.") == "en"
