"""The HTML report: one self-contained page, document text escaped, in the report language, and
rendered by a real headless Chromium that must show the chart and every finding without a request."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from markupsafe import escape

from psedcheck.model.findings import Status
from psedcheck.reporters import FORMATS, render
from psedcheck.reporters.common import ordered

from .browser import Page
from .conftest import require_tool
from .drafts import SCRIPT, report_of, russian_draft

COLORS = {"pass": (0x2E, 0x7D, 0x32), "weak": (0xB7, 0x79, 0x1F), "missing": (0xC6, 0x28, 0x28)}


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def tags(page: str) -> list[tuple[str, dict]]:
    parser = Tags()
    parser.feed(page)
    return parser.tags


@pytest.fixture(scope="module")
def report(tmp_path_factory, rulebook, checker_in):
    folder = tmp_path_factory.mktemp("html")
    draft = russian_draft(folder / "проект-программы.docx", swot="text")
    return report_of(rulebook, "ru", [checker_in("ru").check(draft)])


@pytest.fixture(scope="module")
def page(report):
    return render("html", report)


def test_registered():
    assert FORMATS["html"] == "html" and FORMATS["markdown"] == "markdown"


def test_self_contained(page):
    found = tags(page)
    assert not [t for t, _ in found if t in {"script", "link", "img", "image", "iframe", "object", "embed", "base",
                                            "audio", "video", "source", "use"}]
    assert not [a for _, a in found if "src" in a or "srcset" in a]
    assert all(a["href"].startswith("#") for _, a in found if "href" in a)
    for needle in ("http://", "https://", "url(", "@import", "@font-face", "//cdn"):
        assert needle not in page
    csp = next(a["content"] for t, a in found if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp


def test_document_text_is_escaped(page):
    assert "<script" not in page.lower()
    assert escape(SCRIPT) in page


def test_header_in_the_report_language(report, page):
    doc = report.documents[0]
    year, month, day = report.checked.split("-")
    assert '<html lang="ru">' in page
    for text in ("Результаты проверки ПСЭР", "проект-программы.docx", "Дата проверки", f"{day}.{month}.{year}",
                 "русский", "Набор правил", escape(report.ruleset_title)):
        assert text in page
    assert doc.period and doc.period in page
    assert doc.municipality and escape(doc.municipality) in page


def test_every_finding_with_message_aspects_fix_source_and_evidence(report, page):
    doc = report.documents[0]
    assert doc.findings
    unmarked = re.sub(r"</?mark>", "", page)  # figures in quotes are highlighted
    for f in doc.findings:
        assert f'data-rule="{f.rule}"' in page
        for text in (f.title, f.message, f.source, f.fix, f.note):
            if text:
                assert escape(text) in page, (f.rule, text)
        for a in f.aspects:
            assert f'<li class="{"met" if a.met else "unmet"}"><span class="tick">{"✓" if a.met else "✗"}</span> {escape(a.label)}' in page
        for e in f.evidence:
            assert escape(e.text) in unmarked
            if e.section:
                assert escape(e.section) in page
    assert page.count('class="finding status-') == len(doc.findings)
    assert "<mark>12 400</mark>" in page  # a figure the verdict rests on stands out


def test_verdict_first_gaps_before_the_rules_met(report, page):
    doc = report.documents[0]
    order = ordered(doc, "missing")
    at = [page.index(f'data-rule="{f.rule}"') for f in (*order.fix_first, *order.rest, *order.passed)]
    assert at == sorted(at)
    assert page.index('class="verdict"') < page.index("Исправить в первую очередь") < page.index('<details class="passed">')
    assert page.index('<details class="passed">') < min(page.index(f'data-rule="{f.rule}"') for f in order.passed)
    blocking = doc.blocking("missing")
    word = f"Блокирующих замечаний: {len(blocking)}" if blocking else "Блокирующих замечаний нет"
    assert f'<div class="verdict">{word}</div>' in page
    assert f'{doc.score:.1f}'.replace(".", ",") + "<span>/100</span>" in page


def test_chart_counts_every_finding_once(report, page):
    doc = report.documents[0]
    segments = re.findall(r'<rect class="seg seg-(\w+)"[^>]*>.*?: \S+ (\d+)</title>', page)
    totals = {s: sum(int(n) for st, n in segments if st == s) for s in ("pass", "weak", "missing")}
    assert totals == {s.value: doc.count_status(s) for s in Status}
    assert "<svg" in page and 'role="img"' in page


def test_outline_marks_found_and_absent_sections(report, page):
    doc = report.documents[0]
    found = {s.id for s in doc.sections if s.id}
    assert {"introduction", "situation-analysis", "swot", "action-plan"} <= found
    for c in report.canonical_sections:
        state = "found" if c.id in found or (c.id == "title" and doc.municipality) else "absent"
        assert f'<li class="{state}" data-section="{c.id}">' in page
    for s in doc.sections:
        assert escape(s.title) in page
    assert 'data-section="vision"' in page and "не найден" in page  # the draft has no vision


def test_print_stylesheet(page):
    assert "@media print" in page and "break-inside: avoid" in page


def test_unreadable_document_gets_a_localised_line(tmp_path, rulebook, checker_in):
    broken = tmp_path / "битый.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    page = render("html", report_of(rulebook, "ky", [checker_in("ky").check(broken)]))
    assert "битый.docx" in page and "Файл бузулган" in page


VISIBILITY = """(() => {
  const shown = e => { if (!e || !e.checkVisibility({visibilityProperty: true, opacityProperty: true})) return false;
    const r = e.getBoundingClientRect(), s = getComputedStyle(e);
    return r.width > 0 && r.height > 0 && s.visibility === 'visible' && s.display !== 'none' && +s.opacity > 0; };
  return {
    findings: [...document.querySelectorAll('article.finding')].map(e => [e.dataset.rule, shown(e), e.innerText]),
    segments: [...document.querySelectorAll('svg rect.seg')].map(e => [e.classList[1], shown(e)]),
    chart: shown(document.querySelector('figure.chart svg')),
    scripts: document.scripts.length,
    text: document.body.innerText,
    height: document.documentElement.scrollHeight,
  };
})()"""


def test_chromium_renders_chart_and_every_finding_without_a_request(tmp_path, report, page):
    chromium = require_tool("chromium")
    path = tmp_path / "report.html"
    path.write_text(page, encoding="utf-8")
    doc = report.documents[0]
    order = ordered(doc, "missing")
    with Page(chromium, tmp_path / "profile") as browser:
        browser.open(path.as_uri())
        folded = browser.evaluate(VISIBILITY)
        browser.evaluate("document.querySelectorAll('details.passed').forEach(d => d.open = true)")
        state = browser.evaluate(VISIBILITY)
        shot = browser.screenshot(tmp_path / "report.png")
        requests = browser.requests
    assert requests == [path.as_uri()]  # the page itself, and nothing else
    passed = {f.rule for f in order.passed}
    assert passed and [(rule, shown) for rule, shown, _ in folded["findings"]] == \
        [(rule, rule not in passed) for rule, _, _ in folded["findings"]]  # the rules met are folded
    findings = [*order.fix_first, *order.rest, *order.passed]
    assert [rule for rule, _, _ in state["findings"]] == [f.rule for f in findings]
    assert all(shown for _, shown, _ in state["findings"])  # once unfolded, every finding is seen
    for f, (_, _, text) in zip(findings, state["findings"]):
        assert f.title in text and " ".join(f.message.split()) in " ".join(text.split())
    assert state["chart"] and state["segments"] and all(shown for _, shown in state["segments"])
    assert state["scripts"] == 0 and SCRIPT in state["text"]  # shown as text, never run

    from PIL import Image

    with Image.open(shot) as image:
        assert image.height >= state["height"] - 1  # the whole page, not just the first screen
        colours = {rgb for _, rgb in image.convert("RGB").getcolors(maxcolors=1 << 24)}
    for status, rgb in COLORS.items():
        assert (rgb in colours) == (doc.count_status(status) > 0), status


def test_the_request_recorder_sees_an_external_resource(tmp_path):
    """The control for the test above: a page that loads a remote image is caught."""
    chromium = require_tool("chromium")
    path = tmp_path / "leaky.html"
    path.write_text('<!DOCTYPE html><p>x</p><img src="http://example.invalid/pixel.png">', encoding="utf-8")
    with Page(chromium, tmp_path / "profile") as browser:
        browser.open(path.as_uri())
        requests = browser.requests
    assert "http://example.invalid/pixel.png" in requests


def test_chromium_prints_the_report_on_a4(tmp_path, report, page):
    """The print stylesheet: Chromium's own PDF of the page is A4 and carries every finding."""
    import base64
    import io

    from pypdf import PdfReader

    chromium = require_tool("chromium")
    path = tmp_path / "report.html"
    path.write_text(page, encoding="utf-8")
    with Page(chromium, tmp_path / "profile") as browser:
        browser.open(path.as_uri())
        pdf = base64.b64decode(browser.send("Page.printToPDF", preferCSSPageSize=True)["data"])
    reader = PdfReader(io.BytesIO(pdf))
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert abs(width - 595) < 3 and abs(height - 842) < 3  # A4 in points, from @page
    printed = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    for f in report.documents[0].findings:
        assert f.title in printed
