"""A programme's versions in psedcheck serve: a real server on a free port with its own history file,
a weak draft and the fuller programme (python-docx, same municipality and period) uploaded through the
page's form, the versions page, the diff page and GET /api/diff against `psedcheck diff --format json`,
bad check numbers, and a server with the history off; then the same flow in headless Chromium."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from .conftest import require_tool
from .serving import Server
from .test_diff import WOMEN_IN_GROUP, programme
from .test_serve_browser import ServePage


@pytest.fixture(scope="module")
def drafts(tmp_path_factory):
    folder = tmp_path_factory.mktemp("drafts")
    return programme(folder / "проект.docx", final=False), programme(folder / "итог.docx", final=True)


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    return tmp_path_factory.mktemp("history") / "history.sqlite3"


@pytest.fixture(scope="module")
def server(tmp_path_factory, history):
    running = Server(tmp_path_factory.mktemp("serve-versions"), "--max-checks", "1", history=history)
    yield running
    running.stop()


def check_through_page(server: Server, path: Path) -> str:
    """Uploads like the start page's form does; the address of the report page."""
    answer = httpx.post(server.url("/jobs"), files={"file": (path.name, path.read_bytes())}, data={"lang": "ru"},
                        headers={"Origin": server.base})
    assert answer.status_code == 303
    deadline = time.monotonic() + 180
    while (progress := httpx.get(server.url("/api" + answer.headers["location"])).json())["result"] is None:
        assert time.monotonic() < deadline
        time.sleep(0.2)
    return progress["result"]


@pytest.fixture(scope="module")
def reports(server, drafts):
    return check_through_page(server, drafts[0]), check_through_page(server, drafts[1])


def cli(*args, history: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PSEDCHECK_HISTORY": str(history) if history else "off"}
    return subprocess.run([sys.executable, "-m", "psedcheck", *map(str, args)], capture_output=True, text=True,
                          timeout=300, env=env)


def versions_link(page: str) -> str:
    return re.search(r'href="(/versions/\d+)">Редакции этой программы<', page).group(1)


def test_each_check_through_the_page_is_recorded_like_the_cli(reports, history):
    listed = json.loads(cli("history", "--format", "json", history=history).stdout)
    assert listed["database"] == str(history)
    [recorded] = listed["programmes"]
    assert recorded["municipality"] == "Таш-Булакский айылный аймак" and recorded["period"] == "2024–2028"
    assert [v["file"] for v in recorded["versions"]] == ["проект.docx", "итог.docx"]  # the user's names
    first, second = recorded["versions"]
    assert second["summary"]["score"] > first["summary"]["score"]


def test_the_report_pages_link_to_the_versions_and_the_previous_one(server, reports):
    first = httpx.get(server.url(reports[0])).text
    second = httpx.get(server.url(reports[1])).text
    assert versions_link(first) != versions_link(second)
    assert "Сравнить с предыдущей редакцией" not in first  # nothing was checked before the first draft
    old, new = versions_link(first).rsplit("/", 1)[1], versions_link(second).rsplit("/", 1)[1]
    assert f'href="/diff?old={old}&amp;new={new}">Сравнить с предыдущей редакцией<' in second


def test_the_versions_page_lists_both_drafts_and_picks_them_for_comparing(server, reports):
    page = httpx.get(server.url(versions_link(httpx.get(server.url(reports[1])).text)))
    assert page.status_code == 200
    assert "default-src 'none'" in page.headers["content-security-policy"]
    text = page.text
    assert "<h1>Редакции программы</h1>" in text and "Таш-Булакский айылный аймак · 2024–2028" in text
    assert text.index("проект.docx") < text.index("итог.docx")
    assert text.count("выполнено: ") == 2 and 'name="old"' in text and 'name="new"' in text
    checked = dict(re.findall(r'name="(old|new)" value="(\d+)" checked', text))
    assert checked["old"] != checked["new"]
    kyrgyz = httpx.get(page.url, params={"lang": "ky"}).text
    assert "<h1>Программанын редакциялары</h1>" in kyrgyz and "Салыштыруу" in kyrgyz


def diff_ids(server, reports) -> tuple[str, str]:
    second = httpx.get(server.url(reports[1])).text
    return re.search(r'href="/diff\?old=(\d+)&amp;new=(\d+)"', second).groups()


def test_the_diff_page_shows_the_improvements_with_their_old_and_new_status(server, reports, drafts):
    old, new = diff_ids(server, reports)
    page = httpx.get(server.url(f"/diff?old={old}&new={new}"))
    assert page.status_code == 200
    text = page.text
    expected = json.loads(cli("diff", *drafts, "--format", "json", "--lang", "ru", "--no-history").stdout)
    improved = text.split('data-group="diff_improved"')[1].split("</section>")[0]
    shown = dict((rule, (before, after)) for rule, before, after in
                 re.findall(r'data-rule="([a-z0-9-]+)" data-old="(\w+)" data-new="(\w+)" data-direction="improved"',
                            improved))
    assert set(shown) == set(expected["rules"]["improved"])
    assert shown["gender-participation"] == ("missing", "pass") and shown["gender-measures"] == ("missing", "pass")
    participation = improved.split('data-rule="gender-participation"')[1].split("</li>\n    <li")[0]
    assert "Участие женщин в разработке программы" in participation
    assert participation.count("+ теперь есть:") == 2 and WOMEN_IN_GROUP in participation
    assert 'data-group="diff_regressed"' not in text
    scores = expected["old"]["summary"]["score"], expected["new"]["summary"]["score"]
    assert f"Оценка: {round(scores[0])} → {round(scores[1])}" in text
    assert text.index("Стало лучше: ") < text.index("Без изменений: ")
    kyrgyz = httpx.get(server.url(f"/diff?old={old}&new={new}&lang=ky")).text
    assert "Жакшырды: " in kyrgyz and "Программаны иштеп чыгууга аялдардын катышуусу" in kyrgyz


def test_api_diff_gives_the_json_of_the_diff_command(server, reports, drafts):
    old, new = diff_ids(server, reports)
    answer = httpx.get(server.url("/api/diff"), params={"old": old, "new": new, "lang": "ru"})
    assert answer.status_code == 200
    ours = answer.json()
    theirs = json.loads(cli("diff", *drafts, "--format", "json", "--lang", "ru", "--no-history").stdout)
    assert ours["rules"] == theirs["rules"] and ours["regressed"] is theirs["regressed"] is False
    assert ours["changes"] == theirs["changes"]
    for side in ("old", "new"):
        assert ours[side]["path"] == Path(theirs[side]["path"]).name
        assert {k: v for k, v in ours[side].items() if k != "path"} == {k: v for k, v in theirs[side].items() if k != "path"}


NO_CHECK, NO_PAGE = "В истории нет проверки с таким номером", "Такой страницы нет"


@pytest.mark.parametrize("path, said", [
    ("/versions/abc", NO_CHECK), ("/versions/0", NO_CHECK), ("/versions/-1", NO_CHECK),
    ("/versions/99999999999999999999999", NO_CHECK), ("/versions/424242", NO_CHECK),
    ("/versions/424242/report", NO_CHECK), ("/diff", NO_CHECK), ("/diff?old=1", NO_CHECK),
    ("/diff?old=1&new=424242", NO_CHECK), ("/diff?old=../1&new=2", NO_CHECK), ("/diff?old=1e3&new=2", NO_CHECK),
    ("/versions/1%2F..%2F..", NO_PAGE),  # a slash in it is no address of the server at all
])
def test_a_bad_check_number_gets_a_clear_404_page(server, reports, path, said):
    answer = httpx.get(server.url(path))
    assert answer.status_code == 404
    assert said in answer.text
    assert "Traceback" not in answer.text and not any("Traceback" in line for line in server.lines)


def test_api_diff_with_a_bad_number_is_a_coded_404(server, reports):
    answer = httpx.get(server.url("/api/diff"), params={"old": "x", "new": "1"})
    assert answer.status_code == 404 and answer.json()["error"]["code"] == "no-version"


def test_a_server_with_the_history_off_shows_no_versions(tmp_path, drafts):
    database = tmp_path / "history.sqlite3"
    quiet = Server(tmp_path / "serve", "--max-checks", "1", "--no-history", history=database)
    try:
        page = httpx.get(quiet.url(check_through_page(quiet, drafts[1]))).text
        assert 'class="finding' in page and "/versions/" not in page and "Редакции этой программы" not in page
        answer = httpx.get(quiet.url("/versions/1"))
        assert answer.status_code == 404 and "история проверок отключена" in answer.text
    finally:
        quiet.stop()
    assert not database.exists()  # --no-history recorded nothing, as `check --no-history` does


def test_in_the_browser_from_the_report_to_the_diff(server, reports, tmp_path):
    chromium = require_tool("chromium")
    with ServePage(chromium, tmp_path / "profile", allow=("127.0.0.1",)) as page:
        page.go(server.url(reports[1]))
        page.evaluate("Array.prototype.find.call(document.querySelectorAll('a'), "
                      "function (a) { return a.textContent === 'Редакции этой программы'; }).click()")
        page.wait_for("location.pathname.startsWith('/versions/') && document.readyState === 'complete'")
        page.shoot("versions-ru")
        assert page.evaluate("document.querySelectorAll('table.versions tbody tr').length") == 2
        page.evaluate("document.querySelector('#compare button[type=submit]').click()")
        page.wait_for("location.pathname === '/diff' && document.readyState === 'complete'")
        page.shoot("diff-ru")
        improved = page.evaluate("""Array.prototype.map.call(
            document.querySelectorAll('[data-group=diff_improved] li.change'),
            function (li) { return [li.dataset.rule, li.querySelector('.change-head').innerText]; })""")
        rows = dict(improved)
        assert "gender-participation" in rows and "gender-measures" in rows
        assert rows["gender-participation"].startswith("✘ отсутствует → ✔ выполнено")
        assert page.evaluate("getComputedStyle(document.querySelector('.status.pass')).color") == "rgb(46, 125, 50)"
        origin = server.base
        assert [url for url in page.requests if not url.startswith(origin) and url != "about:blank"] == []
