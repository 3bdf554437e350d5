"""Language vote and Kyrgyz stemming on real Russian, Kyrgyz and English text."""
from __future__ import annotations

import pytest

from psedcheck.lang.kyrgyz import KyrgyzStemmer
from psedcheck.lang.detect import detect

STEMS = ["аял", "мигрант", "программа", "аймак", "акча которуу", "өнүктүрүү", "айыл", "бала", "балдар"]


@pytest.mark.parametrize("text, lang", [
    ("Население айылного аймака составляет 8 892 человека, из них женщин 4 512.", "ru"),
    ("Жогорку Кеңеш принял закон, и айыл өкмөтү разработал программу развития на пять лет.", "ru"),
    ("Айыл аймагынын калкы 8 892 адам, анын ичинде аялдар 4 512.", "ky"),
    ("Эмгек мигранттарынын саны 1 240, алардын көпчүлүгү Орусияда иштейт.", "ky"),
    ("The ayil aimak has 8,892 residents, of whom 4,512 are women.", "en"),
])
def test_language_vote(text, lang):
    assert detect(text) == lang


@pytest.mark.parametrize("word, stem", [
    ("аялдар", "аял"), ("аялдардын", "аял"), ("аялдарына", "аял"), ("аялга", "аял"),
    ("мигранттардын", "мигрант"), ("мигранттары", "мигрант"), ("программасынын", "программа"),
    ("аймагы", "аймак"), ("аймагынын", "аймак"), ("айылдагы", "айыл"), ("балдарына", "балдар"),
    ("өнүктүрүүнүн", "өнүктүрүү"),
])
def test_kyrgyz_stem_with_suffix_chain(word, stem):
    assert KyrgyzStemmer(STEMS).stem(word) == stem


# With «ай» (a month, from «ай сайын») and «айым» (a lady) both listed: a possessive needs its linking
# vowel after a consonant, and "my"/"your" readings yield to a longer listed stem.
@pytest.mark.parametrize("word, stem", [
    ("аймагы", "аймак"), ("аймагынын", "аймак"), ("айым", "айым"), ("айымдын", "айым"), ("айымдар", "айым"),
    ("айына", "ай"), ("айдан", "ай"), ("айылыбыздын", "айыл"), ("программасынын", "программа"),
])
def test_kyrgyz_stem_with_a_short_listed_stem(word, stem):
    assert KyrgyzStemmer([*STEMS, "ай", "айым"]).stem(word) == stem


@pytest.mark.parametrize("word", ["аялдама", "аялдамасы", "аялуу", "мигрантташуу", "программалоо", "айылчы"])
def test_kyrgyz_false_friends_are_rejected(word):
    assert KyrgyzStemmer(STEMS).stem(word) is None


def test_kyrgyz_terms_match_inflected_text_but_not_bus_stops(checker):
    matcher = checker.matcher
    assert "women" in matcher.concepts("Аялдардын саны 4 512 түзөт.", "ky")
    assert "women" not in matcher.concepts("Айылда жаңы аялдама курулду.", "ky")
    # «айым» (a lady) is a term of `female`; neither the aimak nor a month is a woman.
    assert "female" in matcher.concepts("Жыйынга 12 айым катышты.", "ky")
    assert "female" not in matcher.concepts("Кызыл-Булак айыл аймагы район борборунан 42 км аралыкта.", "ky")
    assert "female" not in matcher.concepts("Жөлөкпулду ай сайын 134 аз камсыз болгон үй-бүлө алат.", "ky")
    assert "remittance" in matcher.concepts("Акча которуулардын үлүшү 30 пайыз.", "ky")


def test_russian_terms_match_any_inflection(checker):
    concepts = checker.matcher.concepts("Денежных переводов трудовых мигрантов хватает не всем семьям.", "ru")
    assert {"remittance", "migrant"} <= concepts


def test_the_engines_word_lists_are_words_in_every_language():
    """lang/words.yaml: each list has its three languages (and at most `other` besides) and only
    strings (YAML reads a bare on as true)."""
    from psedcheck.lang import words

    for name, entry in words._lists().items():
        assert set(words.LANGUAGES) <= set(entry) <= {*words.LANGUAGES, "other"}, name
        assert all(isinstance(t, str) and t for listed in entry.values() for t in listed or []), name
