"""psedcheck serve over real HTTP: a real server process on a free port, real multipart uploads of
corpus programmes and of hostile files, the JSON API against the CLI, and the safety limits."""
from __future__ import annotations

import http.client
import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import jsonschema
import pytest

from psedcheck.serve.workspace import display_name, safe_name

from . import hostile_docs as make
from .conftest import ROOT
from .serving import Server, alive

CORPUS = ROOT / "corpus" / "built"
SCHEMA = json.loads((ROOT / "tests" / "contract" / "report.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = Server(tmp_path_factory.mktemp("serve"), "--max-checks", "2", "--max-upload-mb", "5")
    yield running
    running.stop()


def upload(server: Server, path: Path, name: str | None = None, **fields) -> httpx.Response:
    with path.open("rb") as fh:
        return httpx.post(server.url("/api/check"), files={"file": (name or path.name, fh)}, data=fields, timeout=300)


def cli_json(path: Path, lang: str) -> dict:
    out = subprocess.run([sys.executable, "-m", "psedcheck", "check", str(path), "--lang", lang, "--format", "json",
                          "--no-history"], capture_output=True, text=True, timeout=300)
    return json.loads(out.stdout)


def comparable(document: dict) -> dict:
    """A document of a JSON report without what depends on where the file lay."""
    return {k: v for k, v in document.items() if k != "path"}


# ---- stored names


@pytest.mark.parametrize("raw, stored, shown", [
    ("../../etc/passwd", "passwd", "passwd"),
    ("..\\..\\Windows\\system.ini", "system.ini", "system.ini"),
    ("проект программы.docx", "проект программы.docx", "проект программы.docx"),
    ("a\nb\r.DOCX", "ab.docx", "ab.DOCX"),
    ("...", "document", "..."),
    ("", "document", "document"),
    ("x" * 300 + ".pdf", "x" * 80 + ".pdf", "x" * 200 + ".pdf"),
    ("con:tent?.txt", "con_tent_.txt", "con:tent?.txt"),
])
def test_stored_names_are_plain_names(raw, stored, shown):
    assert safe_name(raw) == stored
    assert display_name(raw) == shown


# ---- the server


def test_start_page_in_russian_on_loopback_only(server):
    page = httpx.get(server.url("/"))
    assert page.status_code == 200
    assert any("http://127.0.0.1:" in line for line in server.lines)
    assert "Проверка программы развития" in page.text and 'type="file"' in page.text
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    for needle in ("http://", "https://", "//cdn"):  # nothing from outside
        assert needle not in page.text.replace(server.base, "")
    kyrgyz = httpx.get(server.url("/?lang=ky"))
    assert "Өнүгүү программасын текшерүү" in kyrgyz.text
    assert kyrgyz.cookies.get("psedcheck_lang") == "ky"
    remembered = httpx.get(server.url("/"), cookies={"psedcheck_lang": "ky"})
    assert '<html lang="ky">' in remembered.text


def test_not_reachable_from_another_address(server):
    port = int(server.base.rsplit(":", 1)[1])
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.255.255.255", 1))  # no packet is sent: this only picks the outward address
        outward = probe.getsockname()[0]
    except OSError:
        outward = None
    finally:
        probe.close()
    if outward and not outward.startswith("127."):
        with pytest.raises(OSError):
            socket.create_connection((outward, port), timeout=3).close()
    # and a page that reached it through a DNS name of its own is refused
    answer = httpx.get(server.url("/"), headers={"Host": f"attacker.example:{port}"})
    assert answer.status_code == 421


def test_api_check_gives_the_cli_verdicts(server):
    for name, lang in (("ru-gappy.docx", "ru"), ("ky-migration.docx", "ky")):
        answer = upload(server, CORPUS / name, lang=lang)
        assert answer.status_code == 200, answer.text
        report = answer.json()
        jsonschema.validate(report, SCHEMA)
        expected = cli_json(CORPUS / name, lang)
        assert report["lang"] == expected["lang"] == lang
        ours, theirs = report["documents"][0], expected["documents"][0]
        assert ours["path"] == name
        assert [(f["rule"], f["status"]) for f in ours["findings"]] == [(f["rule"], f["status"]) for f in theirs["findings"]]
        assert len({f["status"] for f in ours["findings"]}) >= 2  # a programme with gaps, not all one verdict
        assert comparable(ours) == comparable(theirs)
    assert list(server.workspace.iterdir()) == []  # an API job leaves nothing behind


def test_oversized_upload_gets_413_and_the_server_goes_on(server, tmp_path):
    big = tmp_path / "big.docx"
    big.write_bytes((CORPUS / "ru-strong.docx").read_bytes() + b"\0" * (6 << 20))
    answer = upload(server, big)
    assert answer.status_code == 413
    assert answer.json()["error"]["code"] == "too-large"
    page = httpx.post(server.url("/jobs"), files={"file": ("big.docx", big.open("rb"))}, timeout=60)
    assert page.status_code == 413 and "5 МБ" in page.text
    assert list(server.workspace.iterdir()) == []
    assert upload(server, CORPUS / "ru-minimal.txt").status_code == 200


def test_a_name_with_dot_dot_stays_in_the_workspace(server, tmp_path):
    answer = upload(server, CORPUS / "ru-minimal.txt", name="../../../../escaped.txt")
    assert answer.status_code == 200
    assert answer.json()["documents"][0]["path"] == "escaped.txt"
    assert not list(server.tmp.rglob("escaped.txt")) and not (server.tmp.parent / "escaped.txt").exists()


def test_zip_bomb_costs_its_own_row_only(server, tmp_path):
    bomb = make.zip_bomb_docx(tmp_path)
    assert bomb.stat().st_size < 5 << 20
    started = time.monotonic()
    answer = upload(server, bomb)
    assert answer.status_code == 200
    assert answer.json()["documents"][0]["error"]["code"] in ("too-large", "out-of-memory")
    assert time.monotonic() - started < 60
    assert upload(server, CORPUS / "ru-minimal.txt").json()["documents"][0]["error"] is None


@pytest.mark.parametrize("path", ["/static/../../../../etc/passwd", "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
                                  "/../../../../etc/passwd", "/static/", "/static/..%2f..%2fpyproject.toml",
                                  "/jobs/..%2f..%2f/report/1", "/jobs/00000000000000000000000000000000/report/1/docx"])
def test_paths_outside_the_server_files_leak_nothing(server, path):
    host = server.base.removeprefix("http://")
    connection = http.client.HTTPConnection(host, timeout=10)
    connection.request("GET", path)  # sent as written, no client-side clean-up of ../
    answer = connection.getresponse()
    body = answer.read().decode("utf-8", "replace")
    connection.close()
    assert answer.status == 404
    assert "root:" not in body and "[project]" not in body and "psedcheck-serve-" not in body


def test_static_files_are_served(server):
    assert httpx.get(server.url("/static/app.js")).status_code == 200
    assert httpx.get(server.url("/static/app.css")).headers["content-type"].startswith("text/css")


def test_post_from_another_site_is_refused(server):
    before = server.status()["jobs"]
    answer = httpx.post(server.url("/jobs"), headers={"Origin": "http://attacker.example"},
                        files={"file": ("a.txt", b"text")})
    assert answer.status_code == 403 and "другого сайта" in answer.text
    hidden = httpx.post(server.url("/jobs"), headers={"Origin": "null", "Sec-Fetch-Site": "cross-site"},
                        files={"file": ("a.txt", b"text")})
    assert hidden.status_code == 403  # a sandboxed frame elsewhere hides its origin; the browser still says cross-site
    assert server.status()["jobs"] == before


def test_page_flow_with_several_files(server):
    files = [("file", (name, (CORPUS / name).read_bytes())) for name in ("ru-strong.docx", "ru-minimal.txt")]
    files.append(("file", ("broken.docx", b"PK\x03\x04 broken")))
    answer = httpx.post(server.url("/jobs"), files=files, data={"lang": "ru"}, headers={"Origin": server.base})
    assert answer.status_code == 303
    job = answer.headers["location"]
    deadline = time.monotonic() + 120
    while (progress := httpx.get(server.url(f"/api{job}")).json())["result"] is None:
        assert time.monotonic() < deadline
        time.sleep(0.2)
    assert progress["done"] == progress["documents"] == 3
    assert [f["error"] for f in progress["files"]] == [None, None, "corrupt"]
    results = httpx.get(server.url(progress["result"]))
    assert "Результаты проверки (документов: 3)" in results.text and "Файл повреждён" in results.text
    dashboard = httpx.get(server.url(f"{job}/dashboard"))
    assert dashboard.status_code == 200 and "ru-minimal.txt" in dashboard.text
    link = dashboard.text.split('href="index-reports/')[1].split('"')[0]
    assert httpx.get(server.url(f"{job}/index-reports/{link}")).status_code == 200
    summary = httpx.get(server.url(f"{job}/summary.xlsx"))
    assert summary.content[:2] == b"PK"
    report = httpx.get(server.url(f"{job}/report/1"))
    assert "Проект с замечаниями (DOCX)" in report.text and 'class="finding' in report.text
    docx = httpx.get(server.url(f"{job}/report/1/docx"))
    assert docx.content[:2] == b"PK" and "filename*=UTF-8''ru-strong-" in docx.headers["content-disposition"]
    assert "Проект с замечаниями" not in httpx.get(server.url(f"{job}/report/2")).text  # a .txt has no DOCX
    as_json = httpx.get(server.url(f"{job}/report/2/json")).json()
    assert as_json["documents"][0]["path"] == "ru-minimal.txt"
    folder = next(p for p in server.workspace.iterdir())
    assert httpx.post(server.url(f"{job}/delete")).status_code == 303
    assert not folder.exists()
    assert httpx.get(server.url(f"{job}/report/1")).status_code == 404


def test_full_queue_answers_503_and_cancel_stops_a_job(tmp_path):
    small = Server(tmp_path / "small", "--max-checks", "1", "--queue", "3")
    try:
        names = ["ru-strong.docx", "ru-city.docx", "ru-gappy.docx", "ru-long-tables.docx"]
        files = [("file", (name, (CORPUS / name).read_bytes())) for name in names]
        busy = httpx.post(small.url("/jobs"), files=files)
        assert busy.status_code == 503 and "Сервер занят" in busy.text
        assert list(small.workspace.iterdir()) == []
        job = httpx.post(small.url("/jobs"), files=files[:3]).headers["location"]
        assert httpx.post(small.url(f"{job}/cancel")).status_code == 303
        progress = httpx.get(small.url(f"/api{job}")).json()
        assert progress["state"] == "cancelled"
        assert progress["files"][-1]["state"] == "cancelled"  # it was still waiting
        results = httpx.get(small.url(progress["result"]))
        assert "Проверка отменена." in results.text
        assert upload(small, CORPUS / "ru-minimal.txt").status_code == 200  # the runner goes on
        workspace, pids = small.workspace, small.pids()
        assert len(pids) >= 2  # the server and its runner
    finally:
        code = small.stop()
    assert code == 0
    assert not workspace.exists()  # uploads and outputs go at shutdown
    deadline = time.monotonic() + 15
    while any(alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in pids if alive(pid)]


def test_listening_elsewhere_requires_a_token(tmp_path):
    opened = Server(tmp_path / "open", "--host", "0.0.0.0", "--token", "s3cret-key", token="s3cret-key")
    try:
        assert any("0.0.0.0" in line and "внимание" in line for line in opened.lines)
        assert any("?token=s3cret-key" in line for line in opened.lines)
        assert httpx.get(opened.url("/")).status_code == 401
        assert httpx.get(opened.url("/"), headers={"Authorization": "Bearer wrong"}).status_code == 401
        first = httpx.get(opened.url("/?token=s3cret-key"))
        assert first.status_code == 303 and "psedcheck_token=s3cret-key" in first.headers["set-cookie"]
        assert httpx.get(opened.url("/"), cookies={"psedcheck_token": "s3cret-key"}).status_code == 200
        with (CORPUS / "ru-minimal.txt").open("rb") as fh:
            answer = httpx.post(opened.url("/api/check"), files={"file": fh}, timeout=120,
                                headers={"Authorization": "Bearer s3cret-key"})
        assert answer.status_code == 200
    finally:
        opened.stop()


def test_ocr_page_count_reaches_the_job_page(tmp_path):
    """What the OCR prints per page in a document's worker becomes the job page's «pages recognised»."""
    from psedcheck.ingest.ocr.runner import Ocr
    from psedcheck.serve.runners import PAGE_COUNTER, ocr_pages_to, read_pages

    ocr = Ocr(1, progress=True, counter=PAGE_COUNTER)
    assert read_pages(tmp_path) is None
    with ocr_pages_to(tmp_path / "ocr-pages"):
        for page in (1, 2):
            print("\r" + ocr.counter.format(name="скан.pdf", page=page, pages=7), end="", file=sys.stderr, flush=True)
    assert read_pages(tmp_path) == (2, 7)
