"""The matchers' term patterns of one language: every distinct term of the concepts, section aliases
and topics, tokenized and normalised, with the concepts it stands for.

Normalising about a thousand terms a language (pymorphy3 for Russian, the stem inventory for
Kyrgyz) costs a noticeable part of a short check's start-up, and the result depends only on the
terms, the normalising code and the libraries; so it is kept in the compiled cache
(rulebook/compiled.py) as plain words, spaces and lemmas, and the term Docs are rebuilt from them
without the tokenizer. A miss builds the same plain data and rebuilds the Docs the same way, so a
hit and a miss yield identical patterns.
"""
from __future__ import annotations

import json

from spacy.tokens import Doc

from ..rulebook import compiled
from .nlp import Pipeline

LIBRARIES = ("spacy", "pymorphy3", "pymorphy3-dicts-ru", "snowballstemmer")
# the code a pattern's lemmas come from: this module, the tokenizing and normalising, the stemmers
CODE = ("engine/nlp.py", "engine/patterns.py", "lang")
SEPARATOR = "\u241f"


def term_patterns(named_terms: list, lang: str, pipe: Pipeline, stems=()) -> tuple[dict[str, Doc], dict[str, set[str]]]:
    """({pattern key: term Doc}, {pattern key: concept names}) in the order of first appearance;
    the key is the term's lemmas joined, so terms that normalise alike share one pattern."""
    terms = [(name, [t for t in terms.get(lang) if t.strip()]) for name, terms in named_terms]
    key = compiled.make_key("patterns", lang, compiled.code_digest(*CODE), compiled.library_versions(*LIBRARIES),
                            json.dumps(terms, ensure_ascii=False), json.dumps(sorted(stems), ensure_ascii=False))
    name = f"patterns-{lang}"
    data = compiled.load(name, key)
    if not _well_formed(data):
        data = _plain_patterns(terms, pipe)
        compiled.store(name, key, data)
    plain, owners = data
    vocab = pipe.nlp.vocab
    patterns = {key: Doc(vocab, words=words, spaces=spaces, lemmas=lemmas) for key, words, spaces, lemmas in plain}
    return patterns, {key: set(names) for key, names in owners.items()}


def _plain_patterns(terms: list, pipe: Pipeline) -> tuple[list, dict[str, list[str]]]:
    unique_terms = list(dict.fromkeys(t for _, ts in terms for t in ts))
    term_docs = dict(zip(unique_terms, pipe.pipe(unique_terms)))  # a term listed by many concepts: once
    plain, owners = {}, {}
    for name, ts in terms:
        for term in ts:
            doc = term_docs[term]
            if not len(doc):
                continue
            key = SEPARATOR.join(t.lemma_ for t in doc)
            plain.setdefault(key, (key, [t.text for t in doc], [bool(t.whitespace_) for t in doc],
                                   [t.lemma_ for t in doc]))
            owners.setdefault(key, [])
            if name not in owners[key]:
                owners[key].append(name)
    return list(plain.values()), owners


def _well_formed(data) -> bool:
    """A loaded entry has passed its digest; this guards against a shape from other code."""
    return (isinstance(data, tuple) and len(data) == 2 and isinstance(data[0], list) and isinstance(data[1], dict)
            and all(isinstance(p, tuple) and len(p) == 4 for p in data[0]))
