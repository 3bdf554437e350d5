"""One document's analysis split over two processes (engine/split.py) gives the units of one process."""
from __future__ import annotations

import pytest

from psedcheck import helper
from psedcheck.engine import split
from psedcheck.engine.evaluate import evaluate_rule
from psedcheck.engine.sections import assign_sections
from psedcheck.engine.units import analyse
from psedcheck.lang.detect import assign_languages
from psedcheck.reading import read

from .conftest import ROOT

DOCUMENTS = ["ru-long-tables.docx", "ky-migration.docx", "en-iom.docx", "ru-strong.pdf"]


def _prepared(name: str, checker):
    _, document = read(ROOT / "corpus" / "built" / name)
    return assign_sections(assign_languages(document), checker.matcher)


def _units(analysis) -> list[tuple]:
    return [(u.text, u.kind, u.section.canonical, u.page, u.concepts, u.figures, u.declarative, u.negated,
             u.placeholder, u.label, u.cells, u.numbers, u.table_id, u.places, u.paragraph) for u in analysis.units]


@pytest.mark.parametrize("name", DOCUMENTS)
def test_two_processes_find_the_units_of_one(name, checker, monkeypatch):
    monkeypatch.setattr(split, "WORTH_SPLITTING", 0)
    document = _prepared(name, checker)
    assert _units(split.analyse_split(document, checker.matcher, cores=2)) == _units(analyse(document, checker.matcher))


def test_a_helper_that_hands_over_nothing_costs_time_not_units(checker, monkeypatch):
    monkeypatch.setattr(split, "WORTH_SPLITTING", 0)
    monkeypatch.setattr(split, "_worked_out", lambda *args: {})  # the helper and this process both hand over nothing
    document = _prepared("ru-long-tables.docx", checker)
    assert _units(split.analyse_split(document, checker.matcher, cores=2)) == _units(analyse(document, checker.matcher))


def test_a_short_document_or_one_core_stays_in_this_process(checker, monkeypatch):
    started = []
    monkeypatch.setattr(split, "take_turns", lambda *args: started.append(args))
    document = _prepared("ru-strong.docx", checker)
    split.analyse_split(document, checker.matcher, cores=1)
    monkeypatch.setattr(split, "WORTH_SPLITTING", 10 ** 9)
    split.analyse_split(document, checker.matcher, cores=2)
    assert started == []


def _findings(checker, analysis, cores: int):
    return split.evaluate_split(checker.rulebook.rules, lambda rule: evaluate_rule(rule, analysis), analysis, cores)


def test_rules_shared_with_a_helper_give_the_findings_of_one_process(checker, monkeypatch):
    monkeypatch.setattr(split, "RULES_WORTH_SPLITTING", 0)
    analysis = analyse(_prepared("ru-strong.docx", checker), checker.matcher)
    assert _findings(checker, analysis, cores=2) == _findings(checker, analysis, cores=1)


def test_rules_of_a_helper_that_dies_are_evaluated_here(checker, monkeypatch):
    monkeypatch.setattr(split, "RULES_WORTH_SPLITTING", 0)
    monkeypatch.setattr(helper, "start_helper", lambda work: lambda: None)
    analysis = analyse(_prepared("ky-migration.docx", checker), checker.matcher)
    assert _findings(checker, analysis, cores=2) == _findings(checker, analysis, cores=1)


def test_a_result_handed_over_serves_as_often_as_it_was_worked_out(monkeypatch):
    from psedcheck.engine import facts as facts_module

    computed = []
    monkeypatch.setattr(facts_module.figures, "measure", lambda text: computed.append(text) or (frozenset(), 0))
    recorder = facts_module.Recorder(matcher=None)
    recorder.measure("В 2024 году 5 школ.")
    recorder.measure("В 2024 году 5 школ.")  # repeated text: computed as often as on one core
    assert len(computed) == 2
    facts = facts_module.Facts(matcher=None)
    facts.take(recorder.ready)
    facts.measure("В 2024 году 5 школ.")
    facts.measure("В 2024 году 5 школ.")
    assert len(computed) == 2 and facts.ready == {}
    facts.measure("В 2024 году 5 школ.")  # a third time: not handed over, computed here
    assert len(computed) == 3


@pytest.mark.parametrize("name", DOCUMENTS)
def test_what_the_reader_works_out_ahead_gives_the_units_of_one_process(name, checker):
    """A real forked reader: the document it sends has its languages, and the spaCy-free facts it
    works out ahead (languages and figures of every block) leave the units as they were."""
    from psedcheck.batch.readahead import read_ahead
    from psedcheck.lang.detect import languages_assigned

    reading = read_ahead(ROOT / "corpus" / "built" / name, work_ahead=True)
    _, sent = reading()
    assert languages_assigned(sent)
    known = reading.ahead()
    assert known and all(what in ("language", "figures") for what, *_ in known)
    document = assign_sections(sent, checker.matcher)
    assert all(_recomputed(key) == value for key, value in known.items())
    for cores in (1, 2):
        assert _units(split.analyse_split(document, checker.matcher, cores, known)) == \
            _units(analyse(document, checker.matcher))


def _recomputed(key: tuple):
    from psedcheck.engine import figures
    from psedcheck.lang.detect import detect_block

    return detect_block(key[1], key[2]) if key[0] == "language" else figures.measure(key[1])


def test_a_reader_told_to_stop_at_once_hands_over_what_it_has(checker):
    """ahead() right after the document: whatever the reader finished (perhaps nothing) is right,
    and a second call, or one after the reader is gone, gives nothing rather than waiting."""
    from psedcheck.batch.readahead import read_ahead

    reading = read_ahead(ROOT / "corpus" / "built" / "ru-strong.pdf", work_ahead=True)
    _, document = reading()
    known = reading.ahead()
    assert isinstance(known, dict)
    assert reading.ahead() is None
    document = assign_sections(document, checker.matcher)
    assert _units(split.analyse_split(document, checker.matcher, 1, known)) == _units(analyse(document, checker.matcher))


def test_the_reader_works_ahead_without_loading_spacy():
    """The reader is forked before spaCy loads; what it runs ahead must not load it."""
    import subprocess
    import sys

    code = ("import sys, psedcheck.batch.readahead, psedcheck.engine.blocks, psedcheck.engine.facts; "
            "print('spacy' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
