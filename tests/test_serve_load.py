"""8 uploads at once to a real server with 2 runners: every one answered with its own report and the
verdicts of an in-process check, nothing lost or left behind, memory bounded. (Timings and memory
figures are measured by bench/serve_bench.py, not asserted here.)"""
from __future__ import annotations

import pytest

from .conftest import ROOT
from .load import upload_all
from .serving import Server

CORPUS = ROOT / "corpus" / "built"
FILES = ["ru-strong.docx", "ru-city.docx", "ru-gappy.docx", "ru-declarative.docx", "ru-plan-no-costs.docx",
         "ru-minimal.txt", "ky-migration.docx", "ru-toc-promises.docx"]
GiB = 1 << 30


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = Server(tmp_path_factory.mktemp("serve-load"), "--max-checks", "2")
    yield running
    running.stop()


def test_eight_concurrent_uploads_all_get_their_reports(server, checker_in):
    files = [CORPUS / name for name in FILES]
    load = upload_all(server, files)
    assert len(load.answers) == 8
    for path, answer, _seconds in load.answers:
        assert answer.status_code == 200, (path.name, answer.text[:200])
        document = answer.json()["documents"][0]
        assert document["path"] == path.name and document["error"] is None
        expected = checker_in("ru").check(path)
        assert [(f["rule"], f["status"]) for f in document["findings"]] == \
            [(f.rule, f.status.value) for f in expected.findings]
    assert list(server.workspace.iterdir()) == []  # nothing left behind
    status = server.status()
    assert status["jobs"] == 0 and status["queued"] == 0 and status["busy"] == 0
    assert load.peak_server < 512 << 20  # the server itself never holds a check
    assert load.peak_total < 3 * GiB  # two runners and their workers, whatever the queue holds
