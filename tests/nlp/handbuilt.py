"""Small hand-built parsed Docs for component tests that need no model (spaCy's test habit).

A row is ``word head dep tag pos lemma ent``, whitespace-separated, with ``head`` the absolute
index of the head token and ``ent`` an IOB tag ("B-PERSON", "O"); a word followed by ``_``
(``said_``) has no space after it.
"""

from __future__ import annotations

from functools import cache

import spacy
from spacy.tokens import Doc
from spacy.vocab import Vocab


@cache
def vocab() -> Vocab:
    return spacy.blank("en").vocab


def make_doc(rows: str) -> Doc:
    words, spaces, heads, deps, tags, pos, lemmas, ents = [], [], [], [], [], [], [], []
    for line in rows.strip().splitlines():
        word, head, dep, tag, part, lemma, ent = line.split()
        spaces.append(not word.endswith("_") or word == "_")
        words.append(word[:-1] if word.endswith("_") and word != "_" else word)
        heads.append(int(head))
        deps.append(dep)
        tags.append(tag)
        pos.append(part)
        lemmas.append(lemma)
        ents.append(ent)
    return Doc(
        vocab(),
        words=words,
        spaces=spaces,
        heads=heads,
        deps=deps,
        tags=tags,
        pos=pos,
        lemmas=lemmas,
        ents=ents,
    )


def run(doc: Doc, *components: str) -> Doc:
    """Run newstrail components (module names, in pipeline order) on a hand-built Doc."""
    import importlib

    for module in components:
        component = importlib.import_module(f"newstrail.nlp.{module}")
        made = component.Component(use_gazetteer=False) if module == "entities" else None
        doc = (made or component.Component())(doc)
    return doc


# "Anna Lee arrived. She smiled."
ANNA_LEE = """
Anna 1 compound NNP PROPN Anna B-PERSON
Lee 2 nsubj NNP PROPN Lee I-PERSON
arrived_ 2 ROOT VBD VERB arrive O
. 2 punct . PUNCT . O
She 5 nsubj PRP PRON she O
smiled_ 5 ROOT VBD VERB smile O
. 5 punct . PUNCT . O
"""

# "Mr. John Smith arrived. “We will win,” she said."
SMITH_THEN_SHE = """
Mr. 2 compound NNP PROPN Mr. O
John 2 compound NNP PROPN John B-PERSON
Smith 3 nsubj NNP PROPN Smith I-PERSON
arrived_ 3 ROOT VBD VERB arrive O
. 3 punct . PUNCT . O
“_ 8 punct `` PUNCT “ O
We 8 nsubj PRP PRON we O
will 8 aux MD AUX will O
win_ 12 ccomp VB VERB win O
,_ 8 punct , PUNCT , O
” 12 punct '' PUNCT ” O
she 12 nsubj PRP PRON she O
said_ 12 ROOT VBD VERB say O
. 12 punct . PUNCT . O
"""
