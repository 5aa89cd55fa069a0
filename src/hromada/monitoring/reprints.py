"""Reprint detection: MinHash LSH over 3-word shingles, every candidate confirmed with the
exact Jaccard similarity of the shingle sets (no database).

LSH alone proposes pairs that share one long paragraph (a quoted press release); the exact
check rejects them. Items are grouped with union-find, so a chain of reprints is one story.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

from datasketch import MinHash, MinHashLSH

SHINGLE_WORDS = 3
NUM_PERM = 128
THRESHOLD = 0.5
_WORDS = re.compile(r"\w+")


def shingles(text: str, k: int = SHINGLE_WORDS) -> set[str]:
    words = _WORDS.findall(text.lower())
    if len(words) < k:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def minhash(shingle_set: Iterable[str], num_perm: int = NUM_PERM) -> MinHash:
    signature = MinHash(num_perm=num_perm)
    signature.update_batch([s.encode("utf-8") for s in shingle_set])
    return signature


@dataclass
class ReprintIndex:
    """Add documents one by one; each is linked to the earlier ones it is a reprint of."""

    threshold: float = THRESHOLD
    num_perm: int = NUM_PERM
    _lsh: MinHashLSH = field(init=False)
    _shingles: dict[Hashable, set[str]] = field(default_factory=dict)
    _parent: dict[Hashable, Hashable] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._lsh = MinHashLSH(threshold=self.threshold, num_perm=self.num_perm)

    def _find(self, key: Hashable) -> Hashable:
        root = key
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[key] != root:
            self._parent[key], key = root, self._parent[key]
        return root

    def add(self, key: Hashable, text: str) -> list[Hashable]:
        """Index a document; return the keys of earlier documents confirmed as its reprints."""
        own = shingles(text)
        self._parent[key] = key
        self._shingles[key] = own
        if not own:
            return []
        signature = minhash(own, self.num_perm)
        confirmed = [
            other
            for other in self._lsh.query(signature)
            if jaccard(own, self._shingles[other]) >= self.threshold
        ]
        self._lsh.insert(key, signature)
        for other in confirmed:
            self._parent[self._find(key)] = self._find(other)
        return confirmed

    def forget(self, key: Hashable) -> None:
        """Drop a document from the candidates (it left the time window); its story stays."""
        if self._shingles.pop(key, None) is not None and key in self._lsh:
            self._lsh.remove(key)

    def group_of(self, key: Hashable) -> Hashable:
        """A representative key shared by every document in the same story."""
        return self._find(key)

    def groups(self) -> dict[Hashable, list[Hashable]]:
        result: dict[Hashable, list[Hashable]] = {}
        for key in self._parent:
            result.setdefault(self._find(key), []).append(key)
        return result
