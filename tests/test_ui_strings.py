"""Interface strings: every key of locale/ui.yaml in en, ru and ky, every key the code uses defined,
and Russian and Kyrgyz reports (HTML, Markdown, terminal) without an English interface word."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from psedcheck.i18n import LANGS, catalogue
from psedcheck.reporters import render

from .drafts import kyrgyz_draft, report_of, russian_draft

SRC = Path(__file__).resolve().parent.parent / "src" / "psedcheck"
PLACEHOLDER = re.compile(r"\{(\w+)\}")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
ALLOWED_LATIN = {"psedcheck", "SWOT"}  # the program's name; SWOT is what Russian and Kyrgyz call it too
# Command-line syntax quoted in a sentence (an option and its value, a subcommand) is not a word to translate.
COMMAND_SYNTAX = re.compile(r"--[a-z-]+(?:/--[a-z-]+)*(?: (?:html|json|xlsx|never|missing|weak))?|\bpsedcheck [a-z]+|-o\b")


def test_every_key_has_en_ru_ky_with_the_same_placeholders():
    for key, entry in catalogue().items():
        assert set(entry) == set(LANGS), key
        assert all(isinstance(entry[lang], str) and entry[lang].strip() for lang in LANGS), key
        assert len({frozenset(PLACEHOLDER.findall(entry[lang])) for lang in LANGS}) == 1, key


def test_every_key_the_code_uses_is_defined():
    used = set()
    for path in [*SRC.rglob("*.py"), *SRC.rglob("templates/*.html")]:
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"""\bui\(\s*["']([a-z_]+)["']""", text))
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_]+)["']""", text))
    used = {key for key in used if not key.endswith("_")}  # "status_" + status: checked by the report tests
    assert used, "the pattern found no key"
    assert sorted(used - set(catalogue())) == []


def test_russian_and_kyrgyz_strings_hold_no_english_word():
    names = ALLOWED_LATIN | {"PDF", "DOCX", "TXT", "MD", "annotate"}  # file types and the option's name
    for key, entry in catalogue().items():
        for lang in ("ru", "ky"):
            words = set(LATIN_WORD.findall(COMMAND_SYNTAX.sub("", PLACEHOLDER.sub("", entry[lang]))))
            assert words <= names, (key, lang, words - names)


class Visible(HTMLParser):
    """The text a reader sees: everything outside <style>, attributes left out."""

    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag == "style"

    def handle_endtag(self, tag):
        self._skip -= tag == "style"

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def content(report) -> list[str]:
    """What comes from the document and the rule files rather than from ui.yaml."""
    texts = [report.ruleset, report.ruleset_title or "", *report.ignored, *(c.title for c in report.canonical_sections)]
    for doc in report.documents:
        texts += [doc.path, Path(doc.path).name, doc.municipality or "", doc.period or ""]
        texts += [s.title for s in doc.sections]
        for f in doc.findings:
            texts += [f.rule, f.title, f.message, f.fix or "", f.note or "", f.source]
            texts += [t for e in f.evidence for t in (e.text, e.section or "")]
            texts += [t for a in f.aspects for t in (a.label, *(e.text for e in a.evidence), *(e.section or "" for e in a.evidence))]
    return sorted({" ".join(t.split()) for t in texts if t.strip()}, key=len, reverse=True)


def interface_words(text: str, report) -> set[str]:
    text = COMMAND_SYNTAX.sub(" ", " ".join(text.split()))
    for piece in content(report):
        text = text.replace(piece, " ")
    return set(LATIN_WORD.findall(text)) - ALLOWED_LATIN


@pytest.fixture(scope="module", params=["ru", "ky"])
def report(request, tmp_path_factory, rulebook, checker_in):
    lang = request.param
    folder = tmp_path_factory.mktemp(f"ui-{lang}")
    draft = (russian_draft if lang == "ru" else kyrgyz_draft)(folder / f"программа-{lang}.docx")
    broken = folder / "сломан.docx"
    broken.write_bytes(b"PK\x03\x04 broken")
    checker = checker_in(lang)
    return report_of(rulebook, lang, [checker.check(draft), checker.check(broken)])


def test_html_report_has_no_english_interface_word(report):
    parser = Visible()
    parser.feed(render("html", report))
    assert interface_words(" ".join(parser.parts), report) == set()


def test_markdown_report_has_no_english_interface_word(report):
    text = re.sub(r"\\(.)", r"\1", render("markdown", report))  # undo the Markdown escapes
    assert interface_words(text, report) == set()


def test_terminal_report_has_no_english_interface_word(report):
    text = render("terminal", report, width=10_000)  # no wrapping, so quotes stay whole
    assert interface_words(text, report) == set()


def test_the_check_catches_an_english_word(report):
    """The control: an interface word left in English is found."""
    assert interface_words("Оценка Score: 40/100", report) == {"Score"}
    assert interface_words("добавьте --full или --format html, Full", report) == {"Full"}
