"""Concepts in text: one PhraseMatcher per language over normalised keys, for every concept of the
rule book and every section alias and topic."""
from __future__ import annotations

from bisect import bisect_right

import numpy
from spacy.attrs import IDX, IS_SPACE, LEMMA, LENGTH
from spacy.matcher import PhraseMatcher

from ..rulebook import Rulebook, ids
from .nlp import Pipeline
from .patterns import term_patterns

SECTION_PREFIX = "§"  # the key of a section alias: §swot
TOPIC_PREFIX = "¶"  # the key of a section topic: ¶swot
SHIELD = ids.SHIELD  # a concept that hides the concepts inside its match


def _parts(doc) -> list[int]:
    """Each token's part: the line breaks counted so far, the break itself in the new part (read from
    the Doc's array: only the whitespace tokens are looked at)."""
    breaks = numpy.zeros(len(doc), dtype="int64")
    for i in numpy.flatnonzero(doc.to_array(IS_SPACE)).tolist():
        if "\n" in doc[i].text:
            breaks[i] = 1
    return numpy.cumsum(breaks).tolist()


class _ScatteredIndex:
    """The scattered terms by the hash of their first word key, so a text is tried only on the terms
    whose first word it holds, in the terms' own order."""

    def __init__(self, terms: list[tuple[tuple[str, ...], frozenset[str]]], strings):
        self.terms = [(tuple(strings.add(key) for key in keys), names) for keys, names in terms]
        self.by_first: dict[int, list[int]] = {}
        for i, (keys, _) in enumerate(self.terms):
            self.by_first.setdefault(keys[0], []).append(i)

    def candidates(self, present: set[int]) -> list[tuple[tuple[int, ...], frozenset[str]]]:
        """The terms whose every word key is present, in order."""
        chosen = sorted(i for lemma in present for i in self.by_first.get(lemma, ()))
        return [self.terms[i] for i in chosen if all(key in present for key in self.terms[i][0])]


class ConceptMatcher:
    """Per-language PhraseMatchers over normalised keys, for every concept and section alias.

    Several concepts may share a term (аял is both `women` and a rule's own concept), and a
    PhraseMatcher keeps one key per pattern, so each distinct pattern gets its own key and a table
    maps it back to every concept that lists it.
    """

    def __init__(self, rulebook: Rulebook):
        self._stems = rulebook.kyrgyz_stems()
        self._named_terms = [(name, terms) for name, terms in rulebook.concepts.items()]
        self._named_terms += [(SECTION_PREFIX + sid, s.terms) for sid, s in rulebook.sections.sections.items()]
        self._named_terms += [(TOPIC_PREFIX + sid, s.topics) for sid, s in rulebook.sections.sections.items()]
        self.windows = rulebook.meta.word_window
        self.label_concepts = frozenset(rulebook.meta.label_concepts)
        self.figure_window = rulebook.meta.figure_window
        self.pipelines, self.matchers, self.owners, self.scattered, self._scattered_index = {}, {}, {}, {}, {}
        self._owners_by_hash: dict[str, dict[int, frozenset[str]]] = {}

    def _compile(self, lang: str) -> None:
        """Builds one language's pipeline and matcher on first use (a Russian text may need no English)."""
        pipe = Pipeline(lang, self._stems if lang == "ky" else ())
        matcher = PhraseMatcher(pipe.nlp.vocab, attr="LEMMA")
        # the terms tokenized and normalised, from the compiled cache when nothing changed (patterns.py)
        patterns, owners = term_patterns(self._named_terms, lang, pipe, self._stems if lang == "ky" else ())
        for key, doc in patterns.items():
            matcher.add(key, [doc])
        self.pipelines[lang], self.matchers[lang] = pipe, matcher
        self.owners[lang] = {key: frozenset(names) for key, names in owners.items()}
        # the same by the match id the PhraseMatcher reports (the key's hash in the pipeline's strings)
        self._owners_by_hash[lang] = {pipe.nlp.vocab.strings[key]: names for key, names in self.owners[lang].items()}
        self.scattered[lang] = self._scattered_terms(patterns, owners, self.windows.get(lang))
        self._scattered_index[lang] = _ScatteredIndex(self.scattered[lang], pipe.nlp.vocab.strings)

    @staticmethod
    def _scattered_terms(patterns: dict, owners: dict, window) -> list[tuple[tuple[str, ...], frozenset[str]]]:
        """The multi-word terms of words only (no digits, signs or one-letter words), as their word
        keys, for matching apart; cue concepts (_declarative, _shield…) keep their exact form."""
        if window is None:
            return []
        terms = []
        for key, doc in patterns.items():
            words = [t for t in doc if not (t.is_punct or t.is_space)]
            names = frozenset(n for n in owners[key] if not n.startswith("_"))
            if len(words) < 2 or len(words) > window.span or not names:
                continue
            if all(t.is_alpha and len(t.text) > 1 for t in words):
                terms.append((tuple(dict.fromkeys(t.lemma_ for t in words)), names))
        return [(keys, names) for keys, names in terms if len(keys) > 1]

    def _scattered(self, doc, lang: str) -> list[tuple[str, int, int]]:
        """(concept, first, end) for each multi-word term whose words all stand within the language's
        window (in the term's order unless the window allows any), inside one part (no line break)."""
        index = self._scattered_index.get(lang)
        if index is None or not index.terms or not len(doc):
            return []
        lemmas = doc.to_array(LEMMA).tolist()
        terms = index.candidates(set(lemmas))
        if not terms:
            return []
        window = self.windows[lang]
        parts = _parts(doc)
        # the token indices of each word key these terms need (only theirs, not every lemma's)
        positions: dict[int, list[int]] = {key: [] for keys, _ in terms for key in keys}
        for i, lemma in enumerate(lemmas):
            if lemma in positions:
                positions[lemma].append(i)
        found = []
        for keys, names in terms:
            for first in positions[keys[0]]:
                span = [first]
                for key in keys[1:]:
                    near = [j for j in positions[key] if abs(j - first) < window.span and parts[j] == parts[first]
                            and (window.any_order or j > span[-1])]
                    if not near:
                        break
                    span.append(min(near, key=lambda j: abs(j - first)))
                else:
                    if max(span) - min(span) < window.span:
                        found.extend((name, min(span), max(span) + 1) for name in names)
                        break
        return found

    def _matches(self, text: str, lang: str):
        """(concept, first token, end token, doc) for each concept a match stands for.

        A match of the `_shield` concept hides the concepts inside it: «ООН-Женщины» is a donor,
        not women, and «8 Марта» is a holiday, not a measure for women.
        """
        if lang not in self.matchers:
            self._compile(lang)
        doc = self.pipelines[lang](text)
        owners = self._owners_by_hash[lang]
        found = [(name, start, end) for mid, start, end in self.matchers[lang](doc) for name in owners[mid]]
        found += self._scattered(doc, lang)
        shields = [(start, end) for name, start, end in found if name == SHIELD]
        kept = [(name, start, end) for name, start, end in found
                if name != SHIELD and not any(s <= start and end <= e for s, e in shields)]
        return kept, doc

    def spans(self, text: str, lang: str) -> list[tuple[str, int]]:
        """(concept, matched token count) for each concept found in the text."""
        found, _ = self._matches(text, lang)
        return [(name, end - start) for name, start, end in found]

    def concepts(self, text: str, lang: str) -> frozenset[str]:
        return frozenset(name for name, _ in self.spans(text, lang))

    def concepts_of_parts(self, parts: list[str], lang: str) -> list[frozenset[str]]:
        """The concepts of each part (the sentences of a paragraph, the cells of a row), found in one
        pass over the parts joined by line breaks, which no term crosses."""
        return [frozenset(name for name, _, _ in places) for places in self.places_of_parts(parts, lang)]

    def places_of_parts(self, parts: list[str], lang: str) -> list[tuple[tuple[str, int, int], ...]]:
        """Each part's (concept, start, end): where in the part, in characters, each concept stands."""
        starts, offset = [], 0
        for part in parts:
            starts.append(offset)
            offset += len(part) + 1
        found, doc = self._matches("\n".join(parts), lang)
        result: list[dict] = [{} for _ in parts]
        # each token's (character offset, length), read from the Doc's array at once: a Token object
        # per match end costs more than the matching
        offsets = doc.to_array([IDX, LENGTH]).tolist() if found else []
        for name, start, end in found:
            first, last = offsets[start][0], offsets[end - 1][0] + offsets[end - 1][1]
            index = bisect_right(starts, first) - 1
            result[index][(name, first - starts[index], last - starts[index])] = None
        return [tuple(r) for r in result]
