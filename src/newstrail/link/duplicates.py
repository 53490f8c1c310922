"""Syndicated copies and near-duplicates: the same text under another masthead.

A wire story republished with a new headline, a trailing promotion line, a cut paragraph or
changed punctuation is still the same text. :class:`DuplicateIndex` keeps a MinHash signature
(datasketch) of every article's word shingles in a MinHash LSH index; :meth:`DuplicateIndex.add`
asks the index for earlier articles whose estimated Jaccard similarity is at least ``threshold``,
marks the new article as a copy of the *earliest* of them (the original, never a copy of a copy),
and inserts it. Look-ups touch only the LSH buckets the signature falls in, so the cost per
article does not grow with the number of articles.

The text is compared after normalisation (lower case, letters and digits only, quotes and dashes
unified), so typography changes do not count; the headline is not part of the signature, since a
copy often gets a new one. Distinct reports of the same event share names and phrases but few
runs of five words, and stay apart (precision and recall: ``benchmarks/duplicates.py``).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

__all__ = [
    "DuplicateIndex",
    "DuplicateMatch",
    "shingles",
]


_TOKEN_RE = re.compile(r"\w+", re.UNICODE)


def _tokens(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKC", text).lower()
    return _TOKEN_RE.findall(folded)


def shingles(text: str, size: int = 5) -> set[str]:
    """The runs of ``size`` consecutive normalised words of ``text`` (the whole text if shorter)."""
    tokens = _tokens(text)
    if len(tokens) <= size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


_SCHEME = "affine32"  # datasketch's hashing scheme; stored signatures depend on it


@cache
def _permutations(num_perm: int, seed: int) -> np.ndarray:
    """The MinHash permutations, drawn once per process instead of once per article."""
    permutations: np.ndarray = MinHash(num_perm=num_perm, seed=seed, scheme=_SCHEME).permutations
    return permutations


def _band_key(band: bytes) -> bytes:
    """An LSH band's bucket key: 8 bytes instead of the band's raw hash values (memory)."""
    return hashlib.blake2b(band, digest_size=8).digest()


@dataclass(frozen=True, slots=True)
class DuplicateMatch:
    """An article is a copy of ``original`` with this estimated Jaccard similarity."""

    article_id: str
    original: str
    similarity: float

    def as_dict(self) -> dict[str, object]:
        return {"id": self.original, "similarity": self.similarity}


class DuplicateIndex:
    """A streaming near-duplicate index: :meth:`add` each article once, in publication order."""

    def __init__(
        self,
        threshold: float = 0.5,
        num_perm: int = 64,
        shingle_size: int = 5,
        seed: int = 1,
    ) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        self.shingle_size = shingle_size
        self.seed = seed
        # The LSH bands are set a little below the threshold so that borderline pairs are still
        # retrieved and then decided on their estimated similarity.
        self._lsh = MinHashLSH(
            threshold=max(0.1, threshold - 0.15), num_perm=num_perm, hashfunc=_band_key
        )
        self._signatures: dict[str, LeanMinHash] = {}
        self._order: dict[str, int] = {}  # article -> its place in the stream (link order)
        self._original: dict[str, str] = {}  # copy -> its original
        self.next_order = 0

    def __len__(self) -> int:
        return len(self._signatures)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._signatures

    def signature(self, text: str) -> LeanMinHash:
        """The MinHash signature of a text (storable: ``signature.hashvalues``)."""
        minhash = MinHash(
            num_perm=self.num_perm,
            seed=self.seed,
            permutations=_permutations(self.num_perm, self.seed),
            scheme=_SCHEME,
        )
        found = shingles(text, self.shingle_size)
        if found:
            minhash.update_batch([s.encode("utf-8") for s in found])
        return LeanMinHash(minhash)

    def from_hashvalues(self, hashvalues: np.ndarray | list[int]) -> LeanMinHash:
        """A signature stored earlier (``signature.hashvalues``), without the text."""
        return LeanMinHash(
            seed=self.seed, hashvalues=np.asarray(hashvalues, dtype=np.uint64), scheme=_SCHEME
        )

    def buckets(self, signature: LeanMinHash) -> list[int]:
        """The LSH buckets of a signature as integers (one per band, the band number in the
        low bits): what a stored index looks up to find an article's candidates."""
        lsh = self._lsh
        return [
            (int.from_bytes(lsh._H(signature.hashvalues[start:end])[:7], "big") << 5) | band
            for band, (start, end) in enumerate(lsh.hashranges)
        ]

    def restore(
        self, article_id: str, signature: LeanMinHash, original: str | None, order: int
    ) -> None:
        """Put back an article indexed earlier (read from storage), at its place ``order``."""
        if article_id in self._signatures:
            return
        self._lsh.insert(article_id, signature, check_duplication=False)
        self._signatures[article_id] = signature
        self._order[article_id] = order
        if original:
            self._original[article_id] = original

    def original_of(self, article_id: str) -> str | None:
        return self._original.get(article_id)

    def query(self, signature: LeanMinHash) -> list[tuple[str, float]]:
        """Indexed articles at least ``threshold`` similar, earliest first, with similarity."""
        found = []
        for key in self._lsh.query(signature):
            similarity = signature.jaccard(self._signatures[key])
            if similarity >= self.threshold:
                found.append((key, similarity))
        found.sort(key=lambda item: self._order[item[0]])
        return found

    def add(
        self, article_id: str, text: str | None = None, signature: LeanMinHash | None = None
    ) -> DuplicateMatch | None:
        """Index an article (by text or stored signature); its original if it is a copy."""
        if article_id in self._signatures:
            original = self._original.get(article_id)
            if original is None:
                return None
            similarity = self._signatures[article_id].jaccard(self._signatures[original])
            return DuplicateMatch(article_id, original, round(similarity, 3))
        if signature is None:
            signature = self.signature(text or "")
        match = None
        hits = self.query(signature)
        if hits:
            # The earliest similar original; failing that, the original the earliest copy copies.
            originals = [(key, sim) for key, sim in hits if key not in self._original]
            if originals:
                original, similarity = originals[0]
            else:
                original = self._original[hits[0][0]]
                similarity = signature.jaccard(self._signatures[original])
            match = DuplicateMatch(article_id, original, round(similarity, 3))
            self._original[article_id] = original
        self._lsh.insert(article_id, signature, check_duplication=False)
        self._signatures[article_id] = signature
        self._order[article_id] = self.next_order
        self.next_order += 1
        return match
