"""The history of checks: a real SQLite file, real reports of real drafts, two real processes writing."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
import zlib
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from psedcheck.cli import main
from psedcheck.history.schema import MIGRATIONS, VERSION, migrate, programme_key
from psedcheck.history.store import History, HistoryError, Provenance
from psedcheck.reporters.json import document_dict

from .conftest import ROOT
from .test_diff import programme

MADE_WITH = Provenance("psed-2018", "2018.1", "0.1.0", "ru")
UNQUOTED = "Из окна айыл окмоту видна вершина Ала-Тоо, покрытая снегом до июня."  # no rule quotes scenery


@pytest.fixture(scope="module")
def checked(tmp_path_factory, checker_in):
    """Reports of the first and the final draft, the first one with a sentence no rule quotes."""
    folder = tmp_path_factory.mktemp("секретная-папка")
    first = programme(folder / "проект.docx", final=False)
    import docx

    d = docx.Document(str(first))
    d.add_paragraph(UNQUOTED)
    d.save(str(first))
    final = programme(folder / "итог.docx", final=True)
    checker = checker_in("ru")
    return checker.check(first), checker.check(final)


def run(history: Path, *args):
    return CliRunner().invoke(main, [str(a) for a in args], env={"PSEDCHECK_HISTORY": str(history)})


def stored_bytes(path: Path) -> bytes:
    """Everything on disk: the database, its WAL, and every stored report decompressed."""
    raw = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
    with sqlite3.connect(path) as conn:
        reports = b"".join(zlib.decompress(r[0]) for r in conn.execute("SELECT report FROM checks"))
    return raw + reports


def test_round_trip_keeps_the_report_under_the_file_name(tmp_path, checked):
    first, _ = checked
    history = History(tmp_path / "h.sqlite3")
    [check_id] = history.record([first], MADE_WITH)
    [row] = history.checks()
    assert (row.id, row.file_name, row.municipality, row.period) == (check_id, "проект.docx",
                                                                      "Таш-Булакский айылный аймак", "2024–2028")
    assert (row.score, row.passed, row.weak, row.missing) == (first.score, first.count_status("pass"),
                                                              first.count_status("weak"), first.count_status("missing"))
    assert row.programme == programme_key(first.municipality, first.period, "проект.docx")
    back = history.report(check_id)
    assert document_dict(back) == {**document_dict(first), "path": "проект.docx"}


def test_the_database_holds_no_document_text_beyond_the_report_nor_its_folder(tmp_path, checked):
    first, _ = checked
    report_text = json.dumps(document_dict(first), ensure_ascii=False)
    assert UNQUOTED not in report_text  # the control: the report does not hold the sentence …
    assert "рабочей группой из 15 человек" in report_text  # … but does hold some quotes
    path = tmp_path / "h.sqlite3"
    History(path).record([first], MADE_WITH)
    stored = stored_bytes(path)
    assert "рабочей группой из 15 человек".encode() in stored
    assert UNQUOTED.encode() not in stored and "секретная-папка".encode() not in stored


def test_a_recheck_with_the_same_result_updates_one_row(tmp_path, checked):
    first, final = checked
    history = History(tmp_path / "h.sqlite3")
    a = history.record([first], MADE_WITH)
    b = history.record([first], replace(MADE_WITH, lang="ky"))  # the same verdicts in another language
    c = history.record([final], MADE_WITH)
    assert a == b != c
    rows = history.checks()
    assert [(r.file_name, r.times) for r in rows] == [("проект.docx", 2), ("итог.docx", 1)]


def test_the_history_is_bounded(tmp_path, checked):
    history = History(tmp_path / "h.sqlite3", max_checks=3)
    for n in range(5):
        history.record([replace(checked[0], sha256=f"{n:064x}")], MADE_WITH)  # five versions of the file
    rows = history.checks()
    assert [r.sha256 for r in rows] == [f"{n:064x}" for n in (2, 3, 4)]
    with sqlite3.connect(tmp_path / "h.sqlite3") as conn:  # their findings went with them
        assert {r[0] for r in conn.execute("SELECT DISTINCT check_id FROM findings")} == {r.id for r in rows}


WRITER = """
import json, sys, time
from pathlib import Path
from dataclasses import replace
from psedcheck.history.store import History, Provenance
from psedcheck.reporters.json import document_from_dict

db, report, tag, count, go = sys.argv[1:]
doc = document_from_dict(json.loads(Path(report).read_text(encoding="utf-8")))
history = History(db)
while not Path(go).exists():
    time.sleep(0.005)
for n in range(int(count)):
    history.record([replace(doc, path=f"{tag}-{n}.docx", sha256=f"{tag}{n:060d}")],
                   Provenance("psed-2018", "2018.1", "0.1.0", "ru"))
"""


def test_two_processes_writing_at_once_lose_nothing(tmp_path, checked):
    """Two real processes open a new database (both may migrate it) and record 150 checks each, one
    transaction per check, interleaved."""
    report = tmp_path / "report.json"
    report.write_text(json.dumps(document_dict(checked[1]), ensure_ascii=False), encoding="utf-8")
    db, go, count = tmp_path / "h.sqlite3", tmp_path / "go", 150
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(db), str(report), tag, str(count), str(go)],
                                stderr=subprocess.PIPE, text=True) for tag in ("aaaa", "bbbb")]
    time.sleep(1.0)  # both imported and waiting
    go.touch()
    for writer in writers:
        assert writer.wait(timeout=120) == 0, writer.stderr.read()
    rows = History(db).checks()
    assert sorted(r.file_name for r in rows) == sorted(f"{t}-{n}.docx" for t in ("aaaa", "bbbb") for n in range(count))
    names = [r.file_name for r in rows]
    first_b = names.index("bbbb-0.docx")
    assert any(name.startswith("aaaa") for name in names[first_b:]), "the writers did not overlap"
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("SELECT count(*) FROM findings").fetchone()[0] == 2 * count * len(checked[1].findings)


def test_a_database_of_the_first_schema_is_migrated(tmp_path):
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, to=1)  # what the first release of the history made
    conn.execute("INSERT INTO checks (checked_at, last_checked_at, file_name, sha256, municipality, period, ruleset, "
                 "tool_version, lang, score, passed, weak, missing, digest, report) VALUES "
                 "('2025-01-10T09:00:00+00:00', '2025-01-10T09:00:00+00:00', 'проект.docx', 'ab', "
                 "'Таш-Булакский айылный аймак', '2024-2028', 'psed-2018', '0.1.0', 'ru', 40, 5, 6, 18, 'd', x'00')")
    conn.close()
    assert len(MIGRATIONS) == VERSION >= 2
    [row] = History(path).checks()
    assert row.programme == programme_key("таш-булакский айылный аймак", "2024–2028", "x")  # dashes and case aside
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == VERSION


def test_a_database_of_a_newer_psedcheck_is_refused_not_rewritten(tmp_path):
    path = tmp_path / "newer.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {VERSION + 1}")
    before = path.read_bytes()
    with pytest.raises(HistoryError, match="newer psedcheck"):
        History(path).checks()
    result = run(path, "history")
    assert result.exit_code == 4 and "psedcheck: history:" in result.stderr
    assert path.read_bytes() == before


def test_checks_are_listed_and_forgotten_from_the_command_line(tmp_path):
    db = tmp_path / "h.sqlite3"
    first, final = programme(tmp_path / "проект.docx", False), programme(tmp_path / "итог.docx", True)
    other = ROOT / "corpus" / "built" / "ru-city.docx"
    for path in (first, final, other):
        run(db, path, "--lang", "ru", "-q")
    run(db, first, "--no-history", "-q")  # not recorded: the first draft stays checked once
    data = json.loads(run(db, "history", "--format", "json").stdout)
    by_place = {p["municipality"]: p for p in data["programmes"]}
    assert set(by_place) == {"Таш-Булакский айылный аймак", "город Кош-Терек"}
    versions = by_place["Таш-Булакский айылный аймак"]["versions"]
    assert [(v["file"], v["times"]) for v in versions] == [("проект.docx", 1), ("итог.docx", 1)]
    assert versions[0]["summary"]["score"] < versions[1]["summary"]["score"]
    listed = run(db, "history", "таш-булак", "--lang", "ru").stdout
    assert "Таш-Булакский айылный аймак · 2024–2028 (редакций: 2)" in listed and "Кош-Терек" not in listed
    assert run(db, "history", "--forget").exit_code == 2  # nothing named: not everything by accident
    assert "Кош-Терек".encode() in stored_bytes(db)
    result = run(db, "history", "Кош-Терек", "--forget", "--lang", "ru")
    assert result.exit_code == 0 and result.stdout == "Удалено проверок из истории: 1.\n"
    assert "Кош-Терек".encode() not in stored_bytes(db)  # gone from the file, not only from the listing
    assert run(db, "history", "--file", final, "--forget").stdout == "Checks deleted from the history: 1.\n"
    assert [v["file"] for p in json.loads(run(db, "history", "--format", "json").stdout)["programmes"]
            for v in p["versions"]] == ["проект.docx"]
    assert run(db, "history", "--forget", "--all").exit_code == 0
    assert "No checks are recorded yet." in run(db, "history").stdout


def test_history_off_records_nothing_and_a_broken_history_never_fails_a_check(tmp_path):
    draft = programme(tmp_path / "проект.docx", True)
    off = CliRunner().invoke(main, [str(draft), "-q"], env={"PSEDCHECK_HISTORY": "off"})
    listed = CliRunner().invoke(main, ["history", "--lang", "ky"], env={"PSEDCHECK_HISTORY": "off"})
    assert "Текшерүүлөрдүн тарыхы өчүрүлгөн (PSEDCHECK_HISTORY=off)." in listed.stdout
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    broken = run(blocker / "h.sqlite3", draft)
    assert broken.exit_code == off.exit_code == 1  # what the check says, history or not
    assert "psedcheck: history:" in broken.stderr and "(the check was not recorded)" in broken.stderr
    assert broken.stdout == off.stdout and "gender-participation" in broken.stdout


def test_history_false_in_psedcheck_toml_records_nothing(tmp_path, monkeypatch):
    db = tmp_path / "h.sqlite3"
    draft = programme(tmp_path / "проект.docx", False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "psedcheck.toml").write_text("history = false\n", encoding="utf-8")
    run(db, draft, "-q")
    run(db, "diff", draft, draft, "-q")
    assert not db.exists()
    (tmp_path / "psedcheck.toml").write_text("history = true\n", encoding="utf-8")  # the control
    run(db, draft, "-q")
    assert [r.file_name for r in History(db).checks()] == ["проект.docx"]
