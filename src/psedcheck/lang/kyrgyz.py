"""Kyrgyz stemming by a known-stem inventory plus a suffix grammar.

Kyrgyz is agglutinative: аял (woman) → аялдар → аялдардын → аялдарына. A bare prefix test would also
take аялдама (bus stop) and аялуу; here a word reduces to a known stem only when the rest of it is a
chain of inflectional suffixes: plural, possessive, case, and the relative -гы/-ки. No Kyrgyz
lemmatizer ships on the registries (see stack-measurements.md §2), so the inventory comes from the
rule files' Kyrgyz terms.
"""
from __future__ import annotations

import re
from functools import lru_cache

_V = "аеоөыиуүэ"  # vowels, used by the harmony-free suffix classes below

PLURAL = "(?:[лдт][аеоө]р)"
POSSESSIVE = (
    "(?:[ыиуү]|с[ыиуү]|[ыиуү]?м|[ыиуү]?ң|[ыиуү]?б[ыиуү]з|[ыиуү]?ң[ыиуү]з|[ыиуү]?ңар|[ыиуү]?ңер)"
)
CASE = (
    "(?:н?[ндт][ыиуү]н"  # genitive
    "|[гк][аеоө]|н?[аеоө]"  # dative (-га/-ка; -на/-а after a possessive)
    "|[ндт][ыиуү]|н"  # accusative
    "|н?[дт][аеоө]"  # locative
    "|н?[дт][аеоө]н"  # ablative
    "|ч[аеоө]|[дт][аеоө]й)"  # equative, similative
)
RELATIVE = "(?:[гк][ыиуү])"
# After a stem: optional plural, possessive, case, relative, in that order (e.g. аял-дар-ы-на,
# мигрант-тар-дын, программа-сы-нын, айыл-да-гы).
SUFFIX_CHAIN = re.compile(f"^{PLURAL}?{POSSESSIVE}?{CASE}?{RELATIVE}?$")

# Before a vowel-initial suffix a final voiceless stop voices: аймак → аймагы, китеп → китеби.
_VOICED = {"г": "к", "б": "п", "ғ": "к"}


class KyrgyzStemmer:
    """Reduces word forms to the shortest known stem whose remainder is a valid suffix chain."""

    def __init__(self, stems):
        self._stems = frozenset(s.lower().replace("ё", "е") for s in stems if len(s) >= 2)
        self._longest = max((len(s) for s in self._stems), default=0)
        self.stem = lru_cache(maxsize=200_000)(self._stem)

    def _stem(self, word: str) -> str | None:
        # The shortest known stem whose remainder is a suffix chain: аялдардын → аял even when a term
        # such as «аялдар кеңеши» also put «аялдар» into the inventory (it reduces to аял the same way).
        word = word.lower().replace("ё", "е")
        for end in range(2, min(len(word), self._longest) + 1):
            prefix, rest = word[:end], word[end:]
            if not SUFFIX_CHAIN.match(rest):
                continue
            if prefix in self._stems:
                return prefix
            unvoiced = _VOICED.get(prefix[-1])
            if unvoiced and rest[:1] in _V and prefix[:-1] + unvoiced in self._stems:
                return prefix[:-1] + unvoiced
        return None

    def key(self, word: str) -> str:
        """The stem when the word is a known stem plus suffixes, otherwise the word itself."""
        return self.stem(word) or word.lower().replace("ё", "е")
