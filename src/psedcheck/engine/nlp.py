"""Tokenizing and normalising text per language with blank spaCy pipelines.

No trained Russian or Kyrgyz spaCy pipeline exists on the registries, so every token's LEMMA is set
here: Russian from pymorphy3 (most probable parse, cached per word type, ё folded to е), Kyrgyz from
the stem inventory of the rule files (`kyrgyz.py`), English from the Snowball stemmer with the
irregular plurals the rules care about. Rule terms go through the very same function, so a term and
a text word meet on one key whatever their inflection.
"""
from __future__ import annotations

from functools import lru_cache

import numpy
import spacy
from spacy.attrs import IS_ALPHA, IS_PUNCT, IS_SPACE, LEMMA, LOWER, NORM
from spacy.tokens import Doc
from spacy.util import get_lang_class
from spacy.vocab import Vocab, create_vocab

from ..lang.kyrgyz import KyrgyzStemmer
from ..lang.russian import morph_analyzer

LANGUAGES = ("ru", "ky", "en")

_EN_IRREGULAR = {
    "women": "woman", "men": "man", "children": "child", "people": "person", "persons": "person",
    "girls": "girl", "boys": "boy", "wives": "wife", "lives": "life",
}


class Normalizer:
    """The key one word type reduces to in one language."""

    def __init__(self, lang: str, kyrgyz_stems=()):
        self.lang = lang
        if lang == "ru":
            morph = morph_analyzer()
            self._key = lambda w: morph.parse(w)[0].normal_form.replace("ё", "е")
        elif lang == "ky":
            self._key = KyrgyzStemmer(kyrgyz_stems).key
        else:
            import snowballstemmer

            stem = snowballstemmer.stemmer("english").stemWord
            self._key = lambda w: stem(_EN_IRREGULAR.get(w, w))
        self.key = lru_cache(maxsize=300_000)(self._word_key)

    def _word_key(self, lower: str) -> str:
        if not any(c.isalpha() for c in lower):
            return lower
        return self._key(lower.replace("ё", "е"))


# The word attributes psedcheck reads (engine/matcher.py, _lemmatize) and NORM, which the tokenizer's
# exceptions set. spaCy works out some twenty per new word type (shape, stop word, like_num, prefix…)
# for taggers and parsers these pipelines do not have: a fifth of tokenizing, a third of building one.
_WORD_ATTRIBUTES = (LOWER, NORM, IS_ALPHA, IS_PUNCT, IS_SPACE)


def _lean_vocab(lang: str) -> Vocab:
    vocab = create_vocab(lang, get_lang_class(lang).Defaults)
    vocab.lex_attr_getters = {attr: get for attr, get in vocab.lex_attr_getters.items() if attr in _WORD_ATTRIBUTES}
    return vocab


class Pipeline:
    """A blank spaCy pipeline for one language whose tokens get LEMMA = normalised key."""

    def __init__(self, lang: str, kyrgyz_stems=()):
        self.lang = lang
        self.nlp = spacy.blank(lang, vocab=_lean_vocab(lang))
        # spaCy's 1M-character guard protects parsers; this pipeline only tokenizes, so a programme
        # typed as one endless paragraph is still read
        self.nlp.max_length = 50_000_000
        self.normalizer = Normalizer(lang, kyrgyz_stems)
        self._lemma_of: dict[int, int] = {}  # lower-case form's hash -> its lemma's hash (one vocab)

    def __call__(self, text: str) -> Doc:
        return self._lemmatize(self.nlp.make_doc(text))

    def pipe(self, texts):
        """Many short texts (rule terms) through the tokenizer in one batch."""
        return (self._lemmatize(doc) for doc in self.nlp.tokenizer.pipe(texts))

    def _lemmatize(self, doc: Doc) -> Doc:
        """LEMMA set per word type, not per token: each distinct lower-case form is normalised once
        (and remembered by its hash), then all tokens get their lemma in one array write."""
        if not len(doc):
            return doc
        strings, lemma_of, key = doc.vocab.strings, self._lemma_of, self.normalizer.key
        lowers = doc.to_array(LOWER)
        types, positions = numpy.unique(lowers, return_inverse=True)
        lemmas = numpy.empty(len(types), dtype="uint64")
        for i, lower in enumerate(types.tolist()):
            lemma = lemma_of.get(lower)
            if lemma is None:  # the string store is this pipeline's own and keeps what it was given
                lemma = lemma_of[lower] = strings.add(key(strings[lower]))
            lemmas[i] = lemma
        doc.from_array([LEMMA], lemmas[positions].reshape(-1, 1))
        return doc

