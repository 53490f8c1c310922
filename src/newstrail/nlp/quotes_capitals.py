"""Capitals that speak for their country's government: "Baku said ..." → "Government of
Azerbaijan", an organisation distinct from the city (metonymy).

:class:`newstrail.nlp.quotes.Component` asks only for a place that is the subject of a cue verb.
A place is a capital when the places component resolved the mention to a GeoNames capital
(feature ``P.PPLC``) or, when it did not run or did not see the mention, when the most populous
populated place of that name in the offline gazetteer (by the best-matching name kind) is one,
and the name is no country's. Country names are the
gazetteer's; the name's pattern and the countries that take "the" are in ``lexicon/speech.json``
(capital_government_name, country_article_words). Without a gazetteer nothing is renamed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc

from newstrail.errors import GazetteerError
from newstrail.nlp.lexicon import lexicon, words

if TYPE_CHECKING:
    from newstrail.gazetteer import Gazetteer

__all__ = ["CAPITAL_FEATURE", "Capitals"]

CAPITAL_FEATURE = "P.PPLC"  # GeoNames: capital of a political entity
POPULATED_PLACE_CLASS = "P"
ALIAS_KIND = 1  # gazetteer name kinds: 0 main name, 1 official name or alias, 2 alternate


class Capitals:
    """Government names for capitals, looked up lazily in the default gazetteer."""

    def __init__(self) -> None:
        self.pattern = str(lexicon("speech")["capital_government_name"])
        self.article_words = words("speech", "country_article_words")
        self._gaz: Gazetteer | None = None
        self._looked_up = False

    def _gazetteer(self) -> Gazetteer | None:
        if not self._looked_up:
            self._looked_up = True
            from newstrail.gazetteer import default_gazetteer

            try:
                self._gaz = default_gazetteer()
            except GazetteerError:  # a missing or unbuilt gazetteer must not stop quote extraction
                self._gaz = None
        return self._gaz

    def government(self, doc: Doc, start: int, end: int, name: str) -> str | None:
        """ "Government of Azerbaijan" for a mention of Baku at ``start:end``, or None when the
        mention is not a capital (or nothing can tell)."""
        gaz = self._gazetteer()
        if gaz is None:
            return None
        code = self._capital_country(doc, start, end, name, gaz)
        country = gaz.country(code) if code else None
        if country is None:
            return None
        return self.pattern.format(country=self._with_article(country.name))

    def _capital_country(
        self, doc: Doc, start: int, end: int, name: str, gaz: Gazetteer
    ) -> str | None:
        """ISO code of the country whose capital the mention is."""
        places = [p for p in doc._.places or [] if p.start < end and start < p.end]
        if places:  # the places component's reading in the article's context decides
            place = places[0]
            return place.country if place.feature == CAPITAL_FEATURE and not place.demonym else None
        candidates = gaz.lookup(name)
        if any(c.is_country and c.kind <= ALIAS_KIND for c in candidates):
            return None  # "Mexico said": the country itself, not its capital
        towns = [c for c in candidates if c.fclass == POPULATED_PLACE_CLASS]
        if not towns:
            return None
        # the best-matching name first ("New Delhi" is not the Delhi it also names), then the
        # most populous ("Kiev", an alternate name of Kyiv; "Moscow" in Idaho)
        best = min(c.kind for c in towns)
        top = max((c for c in towns if c.kind == best), key=lambda c: c.population)
        return top.country if top.fcode == CAPITAL_FEATURE.split(".")[1] else None

    def _with_article(self, country: str) -> str:
        """ "the United States", "the Netherlands", "Azerbaijan"."""
        if country.lower().startswith("the "):
            return "the " + country[4:]
        if any(w in self.article_words for w in country.lower().split()):
            return "the " + country
        return country
