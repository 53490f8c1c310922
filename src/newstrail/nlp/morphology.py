"""The backbone's attribute ruler and rule lemmatizer, same output at a fraction of the cost.

spaCy's ``attribute_ruler`` runs a :class:`~spacy.matcher.Matcher` of ~180 patterns over every
token and its ``lemmatizer`` sets each lemma through the Python ``Token`` API; together they cost
more than the tagger and the parser's network (``benchmarks/throughput.py``). Both are pure
functions of a few token attributes, so these drop-in replacements memoise them:

- :class:`FastAttributeRuler`: a one-token pattern matches on (ORTH, TAG, DEP) alone (``LOWER``
  and ``IS_SPACE`` are properties of ORTH), so which of them match a token is cached by that key
  and looked up; the few patterns of several tokens run through a small matcher of their own.
  Attributes are applied in the ruler's order (later patterns win), written with ``Doc.from_array``.
- :class:`FastLemmatizer`: spaCy's rule lemmatizer already keys its cache on (ORTH, POS, MORPH);
  the lemma of each such key is kept as a hash and written with ``Doc.from_array``.

:func:`use_fast_morphology` swaps them in under the original names, taking over the loaded
components' patterns and tables; ``tests/nlp/test_morphology.py`` checks that every attribute
equals spaCy's on real text.
"""

from __future__ import annotations

from typing import Any

import numpy
from spacy.attrs import DEP, LEMMA, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc

__all__ = ["FastAttributeRuler", "FastLemmatizer", "use_fast_morphology"]

# What the attribute ruler may write (its patterns' attrs are normalised to these ids).
_RULER_ATTRS = (POS, MORPH, LEMMA, TAG, DEP)
_KEY_ATTRS = [ORTH, TAG, DEP]
Key = tuple[int, ...]  # a token's (ORTH, TAG, DEP)


def _rows(values: Any) -> list[tuple[int, ...]]:
    """The rows of a 2-D array as tuples of ints (column by column: ``tolist`` of a 2-D array
    is ten times slower)."""
    return list(
        zip(*(values[:, column].tolist() for column in range(values.shape[1])), strict=True)
    )


def _tag_values(spec: dict[Any, Any]) -> set[str] | None:
    """The tags a token pattern ``spec`` can match, or None for any."""
    value = spec.get("TAG", spec.get("tag"))
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict) and set(value) == {"IN"}:
        return set(value["IN"])
    return None


class FastAttributeRuler:
    """Applies an :class:`AttributeRuler`'s patterns with its exact precedence, memoised."""

    def __init__(self, ruler: AttributeRuler, name: str):
        self.name = name
        self.ruler = ruler
        self.vocab = ruler.vocab
        self.attrs: list[dict[int, Any]] = list(ruler.attrs)
        self.indices: list[int] = list(ruler.indices)
        # the one-token patterns, and for each tag a matcher of those that can match it
        self.single: list[tuple[str, list[Any]]] = []
        self._single_by_tag: dict[int, Matcher] = {}
        self.multi = Matcher(self.vocab)  # the patterns of several tokens
        self.first = Matcher(self.vocab)  # the first token of each of those
        self.multi_width = 0
        for key in range(len(self.attrs)):
            patterns = ruler.matcher.get(str(key))[1]
            if all(len(pattern) == 1 for pattern in patterns):
                self.single.append((str(key), patterns))
                continue
            self.multi.add(str(key), patterns)
            self.first.add(str(key), [pattern[:1] for pattern in patterns])
            fixed = all("OP" not in spec for pattern in patterns for spec in pattern)
            self.multi_width = max(self.multi_width, *(len(p) for p in patterns)) if fixed else -1
        # (ORTH, TAG, DEP) -> the ids of the one-token patterns that match such a token, the
        # token's (POS, MORPH, LEMMA, TAG, DEP) after them, and whether a longer pattern may
        # start at it
        self._matching: dict[Key, tuple[int, ...]] = {}
        self._result: dict[Key, tuple[int, ...]] = {}
        self._starts: dict[Key, bool] = {}

    def _learn(self, doc: Doc, keys: list[Key], unseen: list[int]) -> None:
        """Match the one-token patterns (and the first tokens of the longer ones) on the tokens
        of ``doc`` whose key is new: they match on the key alone. One probe Doc per tag, run
        through the matcher of the patterns that can match that tag."""
        by_tag: dict[int, list[int]] = {}
        for i in unseen:
            if keys[i] not in self._matching:
                by_tag.setdefault(keys[i][1], []).append(i)
        for tag, positions in by_tag.items():
            words = [doc[i].text for i in positions]
            probe = Doc(self.vocab, words=words, spaces=[False] * len(words))
            values: Any = numpy.array([keys[i][1:] for i in positions], dtype=numpy.uint64)
            probe.from_array([TAG, DEP], values.reshape(len(positions), 2))
            found: dict[int, list[int]] = {}
            matcher = self._single_matcher(tag, self.vocab.strings[tag] if tag else "")
            for match_id, start, _ in matcher(probe, allow_missing=True):
                found.setdefault(start, []).append(int(self.vocab.strings[match_id]))
            starts = {start for _, start, _ in self.first(probe, allow_missing=True)}
            for position, i in enumerate(positions):
                key = keys[i]
                if key in self._matching:
                    continue
                ids = tuple(sorted(found.get(position, ())))
                self._matching[key] = ids
                self._result[key] = self._apply(key, ids)
                self._starts[key] = position in starts

    def _single_matcher(self, tag: int, tag_name: str) -> Matcher:
        """The one-token patterns that can match a token tagged ``tag`` (a pattern without a
        ``TAG`` string or ``IN`` list is in every such matcher): matching ~10 patterns instead
        of ~170 per new token."""
        matcher = self._single_by_tag.get(tag)
        if matcher is None:
            matcher = self._single_by_tag[tag] = Matcher(self.vocab)
            for key, patterns in self.single:
                tags = [_tag_values(pattern[0]) for pattern in patterns]
                if any(values is None or tag_name in values for values in tags):
                    matcher.add(key, patterns)
        return matcher

    def _apply(self, key: Key, ids: Any) -> tuple[int, ...]:
        """(POS, MORPH, LEMMA, TAG, DEP) of a token with ``key`` (and no POS, MORPH or LEMMA
        yet) after the patterns ``ids``, in the ruler's order: later patterns win."""
        row = [0, 0, 0, key[1], key[2]]
        for attr_id in sorted(ids):
            for attr, value in self.attrs[attr_id].items():
                row[_RULER_ATTRS.index(attr)] = value
        return tuple(row)

    def _longer_matches(self, doc: Doc, keys: list[Key]) -> dict[int, list[int]]:
        """token index -> the longer patterns that set its attributes."""
        extra: dict[int, list[int]] = {}
        if self.multi_width < 0:
            matches = list(self.multi(doc, allow_missing=True))
        else:
            matches = []
            for i, key in enumerate(keys):
                if self._starts[key]:
                    window = doc[i : i + self.multi_width]
                    matches.extend(
                        (match_id, i + start, i + end)
                        for match_id, start, end in self.multi(window, allow_missing=True)
                        if start == 0
                    )
        for match_id, start, end in matches:
            attr_id = int(self.vocab.strings[match_id])
            index = self.indices[attr_id]
            extra.setdefault(start + index if index >= 0 else end + index, []).append(attr_id)
        return extra

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        before = doc.to_array(list(_RULER_ATTRS))
        if before[:, :3].any():  # set by something earlier: spaCy's ruler keeps what it skips
            return self.ruler(doc)
        keys = _rows(doc.to_array(_KEY_ATTRS))
        unseen = [i for i, key in enumerate(keys) if key not in self._matching]
        if unseen:
            self._learn(doc, keys, unseen)
        result = self._result
        values: Any = numpy.array([result[key] for key in keys], dtype=numpy.uint64)
        if len(self.multi):
            for i, ids in self._longer_matches(doc, keys).items():
                values[i] = self._apply(keys[i], {*self._matching[keys[i]], *ids})
        doc.from_array(list(_RULER_ATTRS), values)
        return doc

    def pipe(self, docs: Any, batch_size: int = 128) -> Any:
        for doc in docs:
            yield self(doc)


class FastLemmatizer:
    """A rule-mode :class:`Lemmatizer` whose lemmas are memoised per (ORTH, POS, MORPH)."""

    def __init__(self, lemmatizer: Lemmatizer, name: str):
        self.name = name
        self.vocab = lemmatizer.vocab
        self.lemmatizer = lemmatizer
        self.overwrite = lemmatizer.overwrite
        # spaCy tests `form in index` on lists of up to 57,000 words: the same test on sets
        index = lemmatizer.lookups.get_table("lemma_index", {})
        for pos in list(index):
            index[pos] = frozenset(index[pos])
        self._lemmas: dict[Key, int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        lemmatizer = self.lemmatizer
        if not lemmatizer._validated:
            lemmatizer._validate_tables()
        values = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas: Any = values[:, 3].copy()
        strings = self.vocab.strings
        known = self._lemmas
        for i, (orth, pos, morph, lemma) in enumerate(_rows(values)):
            if lemma and not self.overwrite:
                continue
            key = (orth, pos, morph)
            found = known.get(key)
            if found is None:
                found = known[key] = strings.add(lemmatizer.lemmatize(doc[i])[0])
            lemmas[i] = found
        doc.from_array([LEMMA], lemmas.reshape(-1, 1))
        return doc

    def pipe(self, docs: Any, batch_size: int = 128) -> Any:
        for doc in docs:
            yield self(doc)


# The loaded spaCy components stay in the pipeline, disabled, under these names; the fast
# twins take over the original names and read the patterns and tables from them.
_ORIGINAL_PREFIX = "spacy_"


@Language.factory(
    "newstrail_fast_attribute_ruler",
    requires=["token.tag", "token.dep"],
    assigns=["token.pos", "token.morph", "token.lemma"],
)
def make_fast_attribute_ruler(nlp: Language, name: str, original: str) -> FastAttributeRuler:
    ruler = nlp.get_pipe(original)
    assert isinstance(ruler, AttributeRuler)
    return FastAttributeRuler(ruler, name)


@Language.factory("newstrail_fast_lemmatizer", requires=["token.pos"], assigns=["token.lemma"])
def make_fast_lemmatizer(nlp: Language, name: str, original: str) -> FastLemmatizer:
    lemmatizer = nlp.get_pipe(original)
    assert isinstance(lemmatizer, Lemmatizer)
    return FastLemmatizer(lemmatizer, name)


def use_fast_morphology(nlp: Language) -> None:
    """Swap the loaded ``attribute_ruler`` and rule ``lemmatizer`` for their memoised twins
    (same names, same place, same output); the originals stay, disabled, as ``spacy_<name>``."""
    for name, component in list(nlp.pipeline):
        if isinstance(component, AttributeRuler):
            factory = "newstrail_fast_attribute_ruler"
        elif isinstance(component, Lemmatizer) and component.mode == "rule":
            factory = "newstrail_fast_lemmatizer"
        else:
            continue
        original = _ORIGINAL_PREFIX + name
        nlp.rename_pipe(name, original)
        nlp.add_pipe(factory, name=name, after=original, config={"original": original})
        nlp.disable_pipe(original)
