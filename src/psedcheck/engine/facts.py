"""The costly results of reading a block (its language, the concepts in its parts, the figures in a
text), computed on demand or handed over ready.

Each is a pure function of its inputs, so another process can compute them for part of a long
document (engine/split.py) and this one look them up by those inputs: the analysis is the same
whichever process did the work. A handed-over result is used once, then forgotten, so nothing is
kept beyond what the analysis itself keeps and repeated text is computed as often as before.
"""
from __future__ import annotations

from ..lang.detect import detect_block
from . import figures
from .matcher import ConceptMatcher

Places = list[tuple[tuple[str, int, int], ...]]


class Facts:
    def __init__(self, matcher: ConceptMatcher):
        self.matcher = matcher
        self.ready: dict[tuple, object] = {}  # (what, *inputs) -> result, handed over by take()

    def take(self, ready: dict[tuple, object]) -> None:
        self.ready.update(ready)

    def _computed(self, key: tuple, compute):
        found = self.ready.pop(key, None)
        return compute() if found is None else found

    def language(self, text: str, default: str) -> str:
        return self._computed(("language", text, default), lambda: detect_block(text, default))

    def places_of_parts(self, parts: list[str], lang: str) -> Places:
        return self._computed(("places", tuple(parts), lang), lambda: self.matcher.places_of_parts(parts, lang))

    def concepts_of_parts(self, parts: list[str], lang: str) -> list[frozenset[str]]:
        return [frozenset(name for name, _, _ in places) for places in self.places_of_parts(parts, lang)]

    def measure(self, text: str) -> tuple[frozenset[str], int]:
        return self._computed(("figures", text), lambda: figures.measure(text))


class Recorder(Facts):
    """Computes and keeps every result asked of it, to hand them over (`ready`)."""

    def _computed(self, key: tuple, compute):
        found = self.ready[key] = compute()
        return found
