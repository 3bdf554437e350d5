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

_V = "аеоөыиуүэюя"  # vowels (ю, я end loanwords), used by the harmony-free suffix classes below
_H = "[ыиуү]"  # a high vowel of any harmony

PLURAL = "(?:[лдт][аеоө]р)"
# The possessive begins with a linking vowel after a consonant (аял-ы, аял-ым) and without one after
# a vowel (бала-сы, бала-м); the wrong one makes a false parse: ай-м-а-гы is not a form of ай.
POSSESSIVE_AFTER_CONSONANT = f"(?:{_H}|{_H}м|{_H}ң|{_H}б{_H}з|{_H}ң{_H}з|{_H}ңар|{_H}ңер)"
POSSESSIVE_AFTER_VOWEL = f"(?:с{_H}|м|ң|б{_H}з|ң{_H}з|ңар|ңер)"
CASE = (
    f"(?:[ндт]{_H}н"  # genitive
    "|[гк][аеоө]"  # dative -га/-ка
    f"|[ндт]{_H}"  # accusative
    "|[дт][аеоө]"  # locative
    "|[дт][аеоө]н"  # ablative
    "|ч[аеоө]|[дт][аеоө]й)"  # equative, similative
)
# After a possessive the cases take the pronominal n: программа-сы-нын, -на, -н, -нда, -ндан.
CASE_AFTER_POSSESSIVE = f"(?:н{_H}н|н?[аеоө]|н|н[дт][аеоө]н?|{CASE[3:-1]})"
RELATIVE = f"(?:[гк]{_H})"
# A chain with a first- or second-person possessive (айыл-ыбыз, our village).
PERSONAL = re.compile(f"^{PLURAL}?{_H}?(?:м|ң|б{_H}з|ң{_H}з|ңар|ңер)")


def _chain(possessive: str) -> re.Pattern:
    # After a stem: optional plural, then a possessive with its cases or a plain case, then the relative
    # (аял-дар-ы-на, мигрант-тар-дын, программа-сы-нын, айыл-да-гы).
    return re.compile(f"^(?:{PLURAL}{POSSESSIVE_AFTER_CONSONANT}{CASE_AFTER_POSSESSIVE}?|{PLURAL}{CASE}?"
                      f"|{possessive}{CASE_AFTER_POSSESSIVE}?|{CASE})?{RELATIVE}?$")


SUFFIX_CHAIN_AFTER_CONSONANT = _chain(POSSESSIVE_AFTER_CONSONANT)
SUFFIX_CHAIN_AFTER_VOWEL = _chain(POSSESSIVE_AFTER_VOWEL)


def suffix_chain(stem: str, rest: str) -> bool:
    """Whether `rest` is a chain of inflectional suffixes that may follow `stem`."""
    chain = SUFFIX_CHAIN_AFTER_VOWEL if stem[-1:] in _V else SUFFIX_CHAIN_AFTER_CONSONANT
    return chain.match(rest) is not None

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
        # Of the known stems the rest of the word parses after, the shortest whose suffixes are not "my"
        # or "your": official text says neither, so айымдын is (of) a lady, not "of my month" (ай-ым-дын).
        word = word.lower().replace("ё", "е")
        personal = None
        for end in range(2, min(len(word), self._longest) + 1):
            prefix, rest = word[:end], word[end:]
            stem = prefix if prefix in self._stems else None
            unvoiced = _VOICED.get(prefix[-1])
            if stem is None and unvoiced and rest[:1] in _V and prefix[:-1] + unvoiced in self._stems:
                stem = prefix[:-1] + unvoiced
            if stem is None or not suffix_chain(prefix, rest):
                continue
            if not PERSONAL.match(rest):
                return stem
            personal = personal or stem
        return personal

    def key(self, word: str) -> str:
        """The stem when the word is a known stem plus suffixes, otherwise the word itself."""
        return self.stem(word) or word.lower().replace("ё", "е")
