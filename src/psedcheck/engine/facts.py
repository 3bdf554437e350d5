"""The costly results of reading a block (its language, the concepts in its parts, the figures in a
text), computed on demand or handed over ready.

Each is a pure function of its inputs, so another process can compute them for part of a long
document (engine/split.py) and this one look them up by those inputs: the analysis is the same
whichever process did the work. A result is handed over with the number of times it was asked for
(text repeated in a document is computed as often as on one core, no more and no less) and used that
many times, then forgotten, so nothing is kept beyond what the analysis itself keeps.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..lang.detect import detect_block
from . import figures

if TYPE_CHECKING:  # the reader works out the spaCy-free facts before spaCy is loaded (Plain)
    from .matcher import ConceptMatcher

Places = list[tuple[tuple[str, int, int], ...]]


class Facts:
    """`known`: spaCy-free results the reader worked out ahead (Plain), kept for the whole analysis."""

    def __init__(self, matcher: ConceptMatcher | None, known: dict[tuple, object] | None = None):
        self.matcher = matcher
        self.known = known or {}
        self.ready: dict[tuple, list] = {}  # (what, *inputs) -> [result, times asked], handed over by take()

    def take(self, ready: dict[tuple, list]) -> None:
        for key, (result, times) in ready.items():
            if key in self.ready:
                self.ready[key][1] += times
            else:
                self.ready[key] = [result, times]

    def _computed(self, key: tuple, compute):
        if key in self.known:
            return self.known[key]
        entry = self.ready.get(key)
        if entry is None:
            return compute()
        entry[1] -= 1
        if not entry[1]:
            del self.ready[key]
        return entry[0]

    def language(self, text: str, default: str) -> str:
        return self._computed(("language", text, default), lambda: detect_block(text, default))

    def places_of_parts(self, parts: list[str], lang: str) -> Places:
        return self._computed(("places", tuple(parts), lang), lambda: self.matcher.places_of_parts(parts, lang))

    def concepts_of_parts(self, parts: list[str], lang: str) -> list[frozenset[str]]:
        return [frozenset(name for name, _, _ in places) for places in self.places_of_parts(parts, lang)]

    def measure(self, text: str) -> tuple[frozenset[str], int]:
        return self._computed(("figures", text), lambda: figures.measure(text))


class Recorder(Facts):
    """Computes every result asked of it, each time it is asked, and keeps it with the count to hand
    over (`ready`)."""

    def _computed(self, key: tuple, compute):
        if key in self.known:  # both processes have it: nothing to hand over
            return self.known[key]
        found = compute()
        entry = self.ready.get(key)
        if entry is None:
            self.ready[key] = [found, 1]
        else:
            entry[1] += 1
        return found


class Plain(Facts):
    """Works out only the results that need no spaCy (languages and figures), each once, for a
    process that has not loaded it: the reader, while the checking process loads spaCy."""

    def __init__(self):
        super().__init__(None)

    def _computed(self, key: tuple, compute):
        if key not in self.known:
            self.known[key] = compute()
        return self.known[key]

    def places_of_parts(self, parts: list[str], lang: str) -> Places:
        return [() for _ in parts]  # the matcher's work, left to the checking process
