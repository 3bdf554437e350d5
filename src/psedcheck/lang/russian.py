"""The shared pymorphy3 analyser, loaded once and without spaCy (the PDF front-end needs it too)."""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def morph_analyzer():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=100_000)
def is_russian_word(word: str) -> bool:
    return morph_analyzer().word_is_known(word.lower())
