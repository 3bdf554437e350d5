"""The compiled cache (rulebook/compiled.py): the rule book and the term patterns come back equal to
a fresh build, a changed rule file makes a new entry, a corrupt or foreign file is rebuilt."""
from __future__ import annotations

import shutil

import pytest

from psedcheck.engine.matcher import ConceptMatcher
from psedcheck.rulebook import compiled, load_rulebook
from psedcheck.rulebook.loader import bundled_root


@pytest.fixture()
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "compiled"
    monkeypatch.setenv(compiled.ENV, str(folder))
    return folder


def entries(folder, name):
    return sorted(folder.glob(f"{name}-*.pickle"))


def summary(rulebook):
    return ([r.id for r in rulebook.rules], {n: t.model_dump() for n, t in rulebook.concepts.items()},
            rulebook.meta.model_dump(), rulebook.sections.model_dump(), [r.model_dump() for r in rulebook.rules])


def matcher_summary(matcher: ConceptMatcher, lang: str):
    matcher._compile(lang)
    owners = sorted((key, sorted(names)) for key, names in matcher.owners[lang].items())
    return owners, matcher.scattered[lang]


def test_the_cached_rule_book_equals_a_fresh_one(cache_dir, monkeypatch):
    first = load_rulebook()
    assert len(entries(cache_dir, "rulebook")) == 1
    second = load_rulebook()
    assert summary(second) == summary(first) and second.folder == first.folder
    monkeypatch.setenv(compiled.ENV, "off")
    fresh = load_rulebook()
    assert summary(fresh) == summary(first)


def test_cached_patterns_equal_fresh_ones(cache_dir, monkeypatch):
    rulebook = load_rulebook()
    built = {lang: matcher_summary(ConceptMatcher(rulebook), lang) for lang in ("ru", "ky", "en")}
    assert [len(entries(cache_dir, f"patterns-{lang}")) for lang in ("ru", "ky", "en")] == [1, 1, 1]
    cached = ConceptMatcher(rulebook)
    assert {lang: matcher_summary(cached, lang) for lang in ("ru", "ky", "en")} == built
    monkeypatch.setenv(compiled.ENV, "off")
    fresh = ConceptMatcher(rulebook)
    assert {lang: matcher_summary(fresh, lang) for lang in ("ru", "ky", "en")} == built
    text = "Доля женщин среди участников публичных слушаний составила 48 %."
    assert cached.concepts(text, "ru") == fresh.concepts(text, "ru") and cached.concepts(text, "ru")


@pytest.mark.parametrize("damage", ["truncated", "flipped", "garbage", "empty", "foreign key"])
def test_a_corrupt_entry_is_rebuilt_never_trusted(cache_dir, damage):
    good = load_rulebook()
    [entry] = entries(cache_dir, "rulebook")
    data = entry.read_bytes()
    if damage == "truncated":
        entry.write_bytes(data[: len(data) // 2])
    elif damage == "flipped":  # one bit in the pickled rules: the digest no longer matches
        middle = len(data) // 2
        entry.write_bytes(data[:middle] + bytes([data[middle] ^ 0x01]) + data[middle + 1:])
    elif damage == "garbage":
        entry.write_bytes(b"\x80\x04not a pickle at all" * 50)
    elif damage == "empty":
        entry.write_bytes(b"")
    else:  # a well-formed entry of other inputs under this name: its key inside does not match
        compiled.store("other", "x" * 64, "not the rules", cache_dir)
        [other] = entries(cache_dir, "other")
        other.replace(entry)
    again = load_rulebook()
    assert summary(again) == summary(good)
    [entry] = entries(cache_dir, "rulebook")  # rewritten whole
    assert compiled.load("rulebook", _key_of(entry), cache_dir) is not None
    assert summary(load_rulebook()) == summary(good)


def _key_of(entry):
    """The full key is inside the file; the name holds its first 40 characters."""
    import pickle

    payload = entry.read_bytes()[len(compiled.MAGIC) + 32:]
    return pickle.loads(payload)[0]


def test_a_changed_rule_file_makes_a_new_entry(cache_dir, tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(bundled_root() / "psed-2018", rules)
    before = load_rulebook(rules)
    matcher = ConceptMatcher(before)
    text = "Программа предусматривает поддержку жителей высокогорных пастбищ."
    assert "women" not in matcher.concepts(text, "ru")
    lexicon = rules / "lexicon.yaml"
    source = lexicon.read_text(encoding="utf-8")
    assert "  women:\n" in source
    # a new Russian term for `women`: the next load must see it, not the cached rules or patterns
    lexicon.write_text(source.replace("  women:\n    ru: [", "  women:\n    ru: [высокогорных пастбищ, ", 1),
                       encoding="utf-8")
    after = load_rulebook(rules)
    assert "высокогорных пастбищ" in after.concepts["women"].ru
    assert "women" in ConceptMatcher(after).concepts(text, "ru")
    assert len(entries(cache_dir, "rulebook")) == 2


def test_an_unwritable_cache_costs_nothing(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be")
    monkeypatch.setenv(compiled.ENV, str(blocker / "compiled"))
    rulebook = load_rulebook()
    assert rulebook.rules and "women" in ConceptMatcher(rulebook).concepts("права женщин", "ru")
    assert blocker.read_text() == "a file where the cache folder would be"
