"""Findings are facts in no language; reporters/wording.py puts them into words. A saved JSON report,
the cache and the history keep the facts, so each is told again in any language, exactly as a check
in that language would tell it."""
from __future__ import annotations

import json
from dataclasses import replace

import pytest

from psedcheck.api import Checker
from psedcheck.model.findings import AspectResult, DocumentReport, Finding, Severity, Status
from psedcheck.reporters.json import document_dict, document_from_dict
from psedcheck.reporters.wording import compose, phrase, phrase_document

from .drafts import kyrgyz_draft, russian_draft
from .test_batch import run_cli


@pytest.fixture(scope="module")
def plain(rulebook):
    return Checker(rulebook)


@pytest.fixture(scope="module")
def draft_report(plain, tmp_path_factory):
    return plain.check(russian_draft(tmp_path_factory.mktemp("wording") / "проект.docx"))


def test_the_engine_writes_no_words(draft_report):
    assert draft_report.findings
    for f in draft_report.findings:
        assert (f.title, f.message, f.fix, f.source, f.note) == ("", "", None, "", None)
        assert all(a.label == "" for a in f.aspects)


@pytest.mark.parametrize("lang", ["ru", "ky", "en"])
def test_every_finding_is_put_into_the_rules_words(draft_report, rulebook, lang):
    phrased = phrase_document(draft_report, rulebook, lang)
    rules = rulebook.rules_by_id
    for f in phrased.findings:
        rule = rules[f.rule]
        assert f.title == rule.title.get(lang) and f.message and "{" not in f.message
        assert (f.fix is None) == (f.status is Status.PASS)
        assert rule.source.where(lang) in f.source
        assert [a.label for a in f.aspects] == [rule.aspects[a.id].label.get(lang) for a in f.aspects]


def test_a_thin_column_and_an_admission_are_told_from_their_facts(rulebook):
    rule = rulebook.rules_by_id["structure-action-plan"]
    first, second, *rest = rule.aspects
    finding = Finding(rule.id, rule.family, Status.WEAK, Severity(rule.severity),
                      aspects=(AspectResult(first, True, True), AspectResult(second, True, False, detail="2/9"),
                               *(AspectResult(a, True, False, detail="absent") for a in rest)),
                      admitted="Сроки будут определены позже.", toc_only=True)
    ru = phrase(finding, rule, "Методика", "aimak", "ru")
    label = rule.aspects[second].label.get("ru")
    assert label in ru.message and "2" in ru.message and "9" in ru.message
    assert "Сроки будут определены позже." in (ru.note or "") + ru.message
    ky = phrase(finding, rule, "Методика", "aimak", "ky")
    assert ky.message != ru.message and rule.aspects[second].label.get("ky") in ky.message
    assert ky.note and ky.note != ru.note


def test_a_json_round_trip_keeps_the_facts(draft_report, rulebook):
    saved = document_from_dict(json.loads(json.dumps(document_dict(phrase_document(draft_report, rulebook, "en")))))
    for lang in ("ru", "ky"):
        assert document_dict(phrase_document(saved, rulebook, lang)) == \
            document_dict(phrase_document(draft_report, rulebook, lang))


def test_a_rule_this_rule_set_lacks_keeps_its_saved_words(draft_report, rulebook):
    old = replace(draft_report.findings[0], rule="retired-rule", title="Старое правило", message="Как было.")
    doc = replace(draft_report, findings=[old])
    assert phrase_document(doc, rulebook, "ky").findings[0].message == "Как было."


def test_compose_titles_the_rule_set_and_sections_in_the_language(draft_report, rulebook):
    report = compose([draft_report, DocumentReport("broken.docx")], rulebook, "ky")
    assert report.lang == "ky" and report.ruleset_title == rulebook.meta.title.get("ky")
    assert [c.title for c in report.canonical_sections] == [c.title for c in rulebook.canonical_sections("ky")]


def test_a_saved_report_is_shown_again_in_another_language(tmp_path):
    draft = kyrgyz_draft(tmp_path / "долбоор.docx")
    saved = tmp_path / "report.json"
    first = run_cli(draft, "--format", "json", "-o", saved, "--lang", "en", "--fail-on", "never", "-q")
    assert first.exit_code == 0, first.output
    again = run_cli(saved, "--format", "json", "--lang", "ru", "--fail-on", "never", "-q")
    fresh = run_cli(draft, "--format", "json", "--lang", "ru", "--fail-on", "never", "-q", "--no-history")
    assert again.exit_code == fresh.exit_code == 0
    assert json.loads(again.stdout) == json.loads(fresh.stdout)
    markdown = run_cli(saved, "--format", "markdown", "--lang", "ky", "--fail-on", "never", "-q")
    assert markdown.exit_code == 0 and "долбоор.docx" in markdown.stdout


def test_a_saved_report_is_never_written_over_nor_recorded(tmp_path):
    draft = russian_draft(tmp_path / "показан-повторно.docx")
    saved = tmp_path / "report.json"
    run_cli(draft, "--format", "json", "-o", saved, "-q", "--fail-on", "never", "--no-history")
    before = saved.read_bytes()
    refused = run_cli(saved, "--format", "json", "-o", saved, "-q")
    assert refused.exit_code == 2 and saved.read_bytes() == before
    shown = run_cli(saved, "-q", "--fail-on", "never")
    listed = run_cli("history", "--format", "json")
    assert shown.exit_code == 0 and listed.exit_code == 0 and "показан-повторно" not in listed.stdout


def test_a_json_file_that_is_no_report_is_a_coded_error(tmp_path):
    bogus = tmp_path / "data.json"
    bogus.write_text('{"rows": [1, 2]}', encoding="utf-8")
    result = run_cli(bogus, "--format", "json", "-q")
    assert result.exit_code == 4
    assert json.loads(result.stdout)["documents"][0]["error"]["code"] == "corrupt"
