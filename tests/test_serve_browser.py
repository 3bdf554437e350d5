"""psedcheck serve in a real headless Chromium (driven over the DevTools protocol like the HTML report
tests): a DOCX chosen through the page's own file input, the job page, the report with every finding
visible, the annotated DOCX downloaded and opened with python-docx; the language switch; no request
leaves the server. Screenshots go to $PSEDCHECK_SCREENSHOTS when it is set (for looking at them)."""
from __future__ import annotations

import os
import time
from pathlib import Path

import docx
import httpx
import pytest

from .browser import Page
from .conftest import ROOT, require_tool
from .serving import Server

CORPUS = ROOT / "corpus" / "built"


class ServePage(Page):
    """Page with what the server's pages need: file inputs, waiting for a navigation, downloads."""

    def go(self, url: str) -> None:
        self.events.clear()  # open() waits for a load event: not one of an earlier page
        self.open(url)

    def choose(self, selector: str, *files: Path) -> None:
        root = self.send("DOM.getDocument")["root"]["nodeId"]
        node = self.send("DOM.querySelector", nodeId=root, selector=selector)["nodeId"]
        self.send("DOM.setFileInputFiles", nodeId=node, files=[str(f) for f in files])

    def wait_for(self, expression: str, timeout: float = 120):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                value = self.evaluate(expression)
            except RuntimeError:  # the page is navigating
                value = None
            if value:
                return value
            time.sleep(0.2)
        raise AssertionError(f"not true within {timeout} s: {expression}")

    def allow_downloads(self, folder: Path) -> None:
        self._send("Browser.setDownloadBehavior", behavior="allow", downloadPath=str(folder), eventsEnabled=True)

    def shoot(self, name: str) -> None:
        folder = os.environ.get("PSEDCHECK_SCREENSHOTS")
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            self.screenshot(Path(folder) / f"{name}.png")


@pytest.fixture(scope="module")
def chromium():
    return require_tool("chromium")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = Server(tmp_path_factory.mktemp("serve-browser"), "--max-checks", "1")
    yield running
    running.stop()


@pytest.fixture
def page(chromium, server, tmp_path):
    with ServePage(chromium, tmp_path / "profile", allow=("127.0.0.1",)) as opened:
        yield opened


def test_a_draft_chosen_in_the_page_comes_back_with_its_report_and_comments(server, page, tmp_path):
    draft = CORPUS / "ru-gappy.docx"
    with draft.open("rb") as fh:
        expected = httpx.post(server.url("/api/check"), files={"file": fh}, data={"lang": "ru"}, timeout=300).json()
    findings = expected["documents"][0]["findings"]
    assert {f["status"] for f in findings} - {"pass"}  # some comments are due

    page.go(server.url("/"))
    assert page.evaluate("document.documentElement.lang") == "ru"
    assert page.evaluate("document.querySelector('label[for=file]').textContent") == "Выберите файлы для проверки"
    page.shoot("start-ru")
    page.choose("#file", draft)
    assert page.evaluate("document.getElementById('chosen').textContent") == "ru-gappy.docx"  # the page saw the choice
    page.evaluate("document.querySelector('select[name=lang]').value = 'ru'")
    page.evaluate("document.querySelector('button[type=submit]').click()")
    page.wait_for("location.pathname.endsWith('/report/1')")
    page.wait_for("document.readyState === 'complete'")
    page.shoot("report-ru")

    assert "Результаты проверки ПСЭР" in page.evaluate("document.body.innerText")
    page.evaluate("document.querySelectorAll('details').forEach(function (d) { d.open = true; })")
    shown = page.evaluate("""Array.prototype.filter.call(document.querySelectorAll('article.finding'),
        function (a) { return a.getClientRects().length > 0 && a.offsetHeight > 0; })
        .map(function (a) { return a.dataset.rule; })""")
    assert sorted(shown) == sorted(f["rule"] for f in findings)

    page.allow_downloads(tmp_path / "downloads")
    page.evaluate("document.querySelector('a[href$=\"/docx\"]').click()")
    deadline = time.monotonic() + 60
    while not (got := [p for p in (tmp_path / "downloads").glob("*.docx")]) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(got) == 1 and got[0].name == "ru-gappy-замечания.docx"
    comments = list(docx.Document(str(got[0])).comments)
    assert comments and {c.author for c in comments} == {"psedcheck"}
    assert any("Как исправить" in c.text for c in comments)  # in the report language

    origin = server.base
    assert [url for url in page.requests if not url.startswith(origin) and url != "about:blank"] == []


def test_the_language_switch_is_remembered(server, page):
    page.go(server.url("/"))
    page.evaluate("document.querySelector('a[hreflang=ky]').click()")
    page.wait_for("document.documentElement.lang === 'ky'")
    page.shoot("start-ky")
    page.go(server.url("/"))  # a new visit, no ?lang=
    assert page.evaluate("document.documentElement.lang") == "ky"
    assert "Өнүгүү программасын текшерүү" in page.evaluate("document.body.innerText")


def test_the_job_page_shows_progress_then_the_results(server, page):
    names = ["ru-strong.docx", "ru-city.docx", "ky-migration.docx"]
    page.go(server.url("/?lang=ky"))
    page.choose("#file", *(CORPUS / n for n in names))
    page.evaluate("document.querySelector('select[name=lang]').value = 'ky'")
    page.evaluate("document.querySelector('button[type=submit]').click()")
    page.wait_for("location.pathname.split('/').length === 3")  # /jobs/ID
    page.wait_for("document.getElementById('count') !== null")
    assert "Текшерилген документтер" in page.evaluate("document.getElementById('count').textContent")
    page.shoot("job-ky")
    page.wait_for("location.pathname.endsWith('/results')")
    text = page.wait_for("document.readyState === 'complete' && document.body.innerText")
    assert "Текшерүүнүн жыйынтыгы (документтер: 3)" in text
    for name in names:
        assert name in text
    page.shoot("results-ky")
    page.evaluate("document.querySelector('a[href$=\"/dashboard\"]').click()")
    page.wait_for("location.pathname.endsWith('/dashboard')")
    page.wait_for("document.readyState === 'complete' && document.querySelectorAll('#matrix tbody tr').length === 3")
