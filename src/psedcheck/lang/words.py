"""The engine's own word lists (lang/words.yaml), as sets and as regular-expression alternations."""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml

LANGUAGES = ("ru", "ky", "en")  # and `other`, where a list needs more (Word's style names)


@lru_cache(maxsize=None)
def _lists() -> dict[str, dict[str, list[str]]]:
    text = resources.files("psedcheck.lang").joinpath("words.yaml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml when there


def terms(name: str) -> list[str]:
    """Every language's terms of a list, in the file's order."""
    return [t for listed in _lists()[name].values() for t in listed or []]


def word_set(name: str) -> frozenset[str]:
    """The terms of a list as lower-case words (for whole-word lookups)."""
    return frozenset(t.lower() for t in terms(name))


def alternation(name: str, whole_words: bool = True) -> str:
    """A regular-expression group matching any term: a stem («сом*») with any ending, a word whole
    (or, with `whole_words` off, as written, for a pattern that says itself what follows: «стр» + «.»).
    Longer terms come first, so «кв. км» is tried before «км»."""
    parts = []
    for term in sorted(terms(name), key=len, reverse=True):
        stem = term.endswith("*")
        body = r"\s*".join(re.escape(p) for p in term.rstrip("*").split())
        if stem:
            parts.append(body + r"\w*")
        elif whole_words and term[-1:].isalnum():
            parts.append(body + r"(?!\w)")
        else:
            parts.append(body)
    return "(?:" + "|".join(parts) + ")"
