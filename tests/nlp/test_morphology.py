"""The memoised attribute ruler and lemmatizer give exactly spaCy's attributes."""

from __future__ import annotations

import numpy
import pytest
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, ORTH, POS, TAG

from newstrail.nlp.backbone import load_backbone
from newstrail.nlp.morphology import FastAttributeRuler, FastLemmatizer, use_fast_morphology
from tests.conftest import SAMPLES

ATTRS = [ORTH, POS, TAG, MORPH, LEMMA, DEP, HEAD]

# The ruler's patterns of two tokens ("gonna", "y'all", "let's", "there is") and its
# parse-dependent ones (aux, expl, "it" as subject or object), in one text.
TRICKY = (
    "We're gonna win, y'all. Let's go! There is a problem and there are two. It has said it "
    "would. I ain't going, and you know it. But she did it anyway. C'mon, let me in.\n\n"
    "The  minister   said that Ms. Lee had left."
)


@pytest.fixture(scope="module")
def pipelines():  # type: ignore[no-untyped-def]
    spacy_own = load_backbone()
    fast = load_backbone()
    use_fast_morphology(fast)
    return spacy_own, fast


@pytest.mark.model
def test_morphology_replaces_components_under_their_names(pipelines) -> None:  # type: ignore[no-untyped-def]
    spacy_own, fast = pipelines
    assert fast.pipe_names == spacy_own.pipe_names
    assert isinstance(fast.get_pipe("attribute_ruler"), FastAttributeRuler)
    assert isinstance(fast.get_pipe("lemmatizer"), FastLemmatizer)


@pytest.mark.model
@pytest.mark.parametrize(
    "name", ["TRICKY", "danube-shipping-talks.txt", "porto-alegre-floods.txt", ""]
)
def test_morphology_equals_spacy(pipelines, name: str) -> None:  # type: ignore[no-untyped-def]
    spacy_own, fast = pipelines
    text = TRICKY if name == "TRICKY" else (SAMPLES / name).read_text("utf-8") if name else ""
    for _ in range(2):  # the second time from the caches
        expected, got = spacy_own(text), fast(text)
        assert numpy.array_equal(expected.to_array(ATTRS), got.to_array(ATTRS))
        assert [t.morph.key for t in expected] == [t.morph.key for t in got]
