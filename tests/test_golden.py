"""Golden files: the JSON and Markdown reports of two corpus programmes, byte for byte (timings
removed). A change that alters what a user reads shows up here as a diff to review, not as a
surprise. After an intended change: PSEDCHECK_UPDATE_GOLDEN=1 pytest tests/test_golden.py."""
from __future__ import annotations

import json
import os

import jsonschema
import pytest

from psedcheck.reporters import render

from .conftest import ROOT, SHARED

GOLDEN = ROOT / "tests" / "golden"
SCHEMA = ROOT / "tests" / "contract" / "report.schema.json"
CASES = [("ru-strong.docx", "en"), ("ky-declarative.pdf", "ru")]


def _report(checker_in, rulebook, name, lang):
    from psedcheck.model.findings import Report

    document = checker_in(lang).check(ROOT / "corpus" / "built" / name)
    document.path = f"corpus/built/{name}"  # the same in every checkout
    document.timings.clear()
    return Report("golden", rulebook.id, lang, [document], ruleset_title=rulebook.meta.title.get(lang),
                  canonical_sections=rulebook.canonical_sections(lang), checked="2026-01-01")


def _compare(path, text):
    if os.environ.get("PSEDCHECK_UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"{path.name} missing: run with PSEDCHECK_UPDATE_GOLDEN=1 once and review it"
    assert text == path.read_text(encoding="utf-8"), f"{path.name} changed; review the diff, then update"


@pytest.fixture
def checker_in(rulebook):
    from .in_words import CheckerInWords

    return lambda lang: CheckerInWords(rulebook, lang)


@pytest.mark.parametrize("name,lang", CASES)
def test_json_report_matches_its_golden_file(checker_in, rulebook, name, lang):
    text = render("json", _report(checker_in, rulebook, name, lang))
    payload = json.loads(text)
    assert not list(jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text())).iter_errors(json.loads(text)))
    _compare(GOLDEN / f"{name}.{lang}.json", json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


@pytest.mark.parametrize("name,lang", CASES)
def test_markdown_report_matches_its_golden_file(checker_in, rulebook, name, lang):
    _compare(GOLDEN / f"{name}.{lang}.md", render("markdown", _report(checker_in, rulebook, name, lang)))


def test_the_vendored_schema_is_the_shared_contract():
    shared = SHARED / "contract" / "report.schema.json"
    if not shared.is_file():
        pytest.skip("../shared is not beside this checkout; the vendored copy is what the tests use")
    assert json.loads(SCHEMA.read_text()) == json.loads(shared.read_text())
