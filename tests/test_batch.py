"""Batch audits: a district folder with broken files mixed in, --summary (xlsx, csv), --timeout, --cache.

Every document is real (python-docx, text files, copies of corpus/built) and the batch results are
compared with single-file runs of Checker.check on the same files.
"""
from __future__ import annotations

import csv
import json
import os
import random
import shutil
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from psedcheck.api import Checker
from psedcheck.batch.pool import check_many
from psedcheck.batch.cache import ReportCache
from psedcheck.cli import expand, main
from psedcheck.model.findings import Report
from psedcheck.reporters.json import document_dict
from psedcheck.i18n import ui
from psedcheck.reporters.summary import FIXED, document_row, rule_totals

from .conftest import ROOT

BUILT = ROOT / "corpus" / "built"
SECTIONS = [
    ("Введение", "Программа социально-экономического развития {name} айылного аймака на 2024–2028 годы "
                 "разработана рабочей группой айыл окмоту в соответствии с Методикой 2018 года."),
    ("Анализ социально-экономического положения", "Численность населения составляет {people} человек, из них "
                 "женщин {women}. Трудовые мигранты: {migrants} человек, в основном мужчины 18–35 лет."),
    ("SWOT-анализ", "Сильные стороны: пастбища и вода. Слабые стороны: изношенный водопровод. "
                    "Возможности: переводы мигрантов. Угрозы: сели."),
    ("Цели и задачи", "Цель программы: улучшение условий жизни населения и занятость женщин и молодёжи."),
    ("План мероприятий", "Ремонт водопровода в 2025 году, 4 млн сомов, местный бюджет; курсы для "
                         "вернувшихся мигрантов и их семей, 300 тыс. сомов."),
    ("Мониторинг и оценка", "Айыл окмоту ежегодно отчитывается перед айылным кенешем о выполнении программы."),
]


def programme_text(seed: int) -> tuple[str, list[tuple[str, str]]]:
    """A Russian programme whose sections and figures vary with `seed`, as a title and sections."""
    rnd = random.Random(seed)
    name = f"Ак-Суу-{seed}"
    chosen = [s for s in SECTIONS if rnd.random() < 0.7] or SECTIONS[:1]
    values = {"name": name, "people": rnd.randint(3000, 20000), "women": rnd.randint(1500, 9000),
              "migrants": rnd.randint(100, 2000)}
    title = f"Программа социально-экономического развития айылного аймака {name} на 2024–2028 годы"
    return title, [(head, body.format(**values)) for head, body in chosen]


def write_programme(path: Path, seed: int) -> Path:
    title, sections = programme_text(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".docx":
        document = docx.Document()
        document.add_heading(title, level=0)
        for head, body in sections:
            document.add_heading(head, level=1)
            document.add_paragraph(body)
        document.save(path)
    else:
        mark = "# " if path.suffix == ".md" else ""
        body = "\n\n".join(f"{'## ' if mark else ''}{head}\n\n{text}" for head, text in sections)
        path.write_text(f"{mark}{title}\n\n{body}\n", encoding="utf-8")
    return path


BROKEN = {  # file name: the error code its row must carry
    "aimak-broken.pdf": "corrupt",
    "aimak-empty.docx": "empty",
    "aimak-old.xls": "unsupported",
    "aimak-random.docx": "corrupt",
    "sub/aimak-blank.txt": "empty",
}


@pytest.fixture(scope="module")
def district(tmp_path_factory):
    """A district folder of 30+ documents in subfolders, broken ones among them, and files to skip."""
    root = tmp_path_factory.mktemp("district")
    for i in range(18):
        write_programme(root / f"okrug-{i % 3}" / f"aimak-{i:02d}{('.docx', '.txt', '.md')[i % 3]}", i)
    (root / "built").mkdir()
    for source in sorted(BUILT.glob("*"))[::2] if BUILT.is_dir() else []:  # every second: all formats
        shutil.copy(source, root / "built" / source.name)
    pdfs = sorted(BUILT.glob("*.pdf"))
    whole = pdfs[0].read_bytes() if pdfs else b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n" * 50
    (root / "aimak-broken.pdf").write_bytes(whole[: len(whole) // 3])
    (root / "aimak-empty.docx").write_bytes(b"")
    (root / "aimak-old.xls").write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + os.urandom(2000))
    (root / "aimak-random.docx").write_bytes(random.Random(7).randbytes(5000))
    (root / "sub").mkdir()
    (root / "sub" / "aimak-blank.txt").write_text("  \n\n", encoding="utf-8")
    (root / "okrug-0" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")  # not a document: skipped
    (root / "okrug-0" / ".hidden.docx").write_bytes(b"junk")
    (root / "okrug-1" / "~$aimak-01.docx").write_bytes(b"junk")  # Word's lock file
    return root


@pytest.fixture(scope="module")
def singles(district, checker):
    """The reference: Checker.check on each file, one at a time, in expand() order."""
    paths = expand((str(district),))
    assert len(paths) >= 30
    return [checker.check(p) for p in paths]


def run_cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_expand_finds_documents_and_old_formats_and_skips_the_rest(district):
    names = {p.relative_to(district).as_posix() for p in expand((str(district),))}
    assert set(BROKEN) <= names
    assert not {n for n in names if n.endswith(".png") or "/." in n or "~$" in n}


def test_batch_equals_single_runs_in_input_order(district, checker, singles):
    batch = list(check_many(expand((str(district),)), checker, jobs=2, timeout=120))
    assert [document_dict(d) for d in batch] == [document_dict(d) for d in singles]
    codes = {Path(d.path).relative_to(district).as_posix(): d.error.code for d in batch if d.error}
    assert codes == BROKEN


def test_cli_folder_json_and_summaries(district, singles, rulebook, tmp_path):
    out, xlsx, table = tmp_path / "report.json", tmp_path / "summary.xlsx", tmp_path / "summary.csv"
    result = run_cli(district, "--format", "json", "-o", out, "--summary", xlsx, "--jobs", 2, "-q")
    assert result.exit_code == 4, result.output  # unreadable files among them
    assert run_cli(district, "--summary", table, "--jobs", 2, "-q", "--format", "json").exit_code == 4
    payload = json.loads(out.read_text(encoding="utf-8"))
    assert payload["documents"] == json.loads(json.dumps([document_dict(d) for d in singles], ensure_ascii=False))
    import jsonschema

    schema = json.loads((ROOT / "tests" / "contract" / "report.schema.json").read_text())
    assert not list(jsonschema.Draft202012Validator(schema).iter_errors(payload))

    rule_ids = [r.id for r in rulebook.rules]
    expected = [document_row(d, rule_ids) for d in singles]
    book = load_workbook(xlsx)
    sheet = book["documents"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    headings = [ui("summary_col_" + name.replace(" ", "_"), "en") for name in FIXED]
    titles = [next(f.title for d in singles for f in d.findings if f.rule == rid) for rid in rule_ids]
    assert rows[0] == headings + titles  # rule titles head the columns, their ids stand in the second row
    assert rows[1] == ["rule id"] + [None] * (len(FIXED) - 1) + rule_ids
    assert rows[2:] == expected
    assert sheet.freeze_panes == "B3" and sheet.auto_filter.ref == f"A2:{sheet.dimensions.split(':')[1]}"
    assert all(sheet.column_dimensions[c.column_letter].width >= 13 for c in sheet[1][len(FIXED):])  # «отсутствует»
    by_file = {row[0]: row for row in rows[2:]}
    for name, code in BROKEN.items():
        row = by_file[str(district / name)]
        assert row[FIXED.index("error")] == code and row[FIXED.index("error message")]
        assert row[FIXED.index("verdict")] == "not checked" and row[FIXED.index("score")] is None
    for doc in singles:
        row = by_file[doc.path]
        if not doc.error:
            blocking = doc.blocking("missing")
            assert row[FIXED.index("verdict")] == (f"blocking gaps: {len(blocking)}" if blocking else "no blocking gaps")
            assert row[FIXED.index("first blocking")] == (blocking[0].title if blocking else None)
    for doc in singles:
        if not doc.error:
            row = by_file[doc.path]
            assert row[FIXED.index("score")] == doc.score
            assert row[len(FIXED):] == [f.status.value for f in doc.findings]
            colour = sheet.cell(rows.index(row) + 1, len(FIXED) + 1).fill.fgColor.rgb
            assert colour.endswith({"pass": "C6EFCE", "weak": "FFEB9C", "missing": "FFC7CE"}[row[len(FIXED)]])
    totals = book["rules"]
    assert totals.freeze_panes == "B2" and totals.auto_filter.ref
    checked = [d for d in singles if not d.error]
    for rule, _family, _severity, _title, passed, weak, missing, unread in list(totals.values)[1:]:
        statuses = [next(f.status.value for f in d.findings if f.rule == rule) for d in checked]
        assert (passed, weak, missing) == (statuses.count("pass"), statuses.count("weak"), statuses.count("missing"))
        assert unread == len(singles) - len(checked)

    with table.open(encoding="utf-8-sig", newline="") as fh:
        csv_rows = list(csv.reader(fh))
    assert csv_rows[0] == headings + rule_ids
    assert csv_rows[1:] == [["" if v is None else str(v) for v in row] for row in expected]


def test_rule_totals_count_programmes(singles, rulebook):
    report = Report("test", rulebook.id, "en", singles)
    totals = rule_totals(report, [r.id for r in rulebook.rules])
    assert all(p + w + m == sum(1 for d in singles if not d.error) for *_, p, w, m, _u in totals)


def huge_programme(path: Path) -> Path:
    """About 4 MB of programme text: some 15 s to check, far longer than the timeouts below."""
    title, sections = programme_text(1)
    chunk = "\n\n".join(f"## {head} {{n}}\n\n{body}" for head, body in sections)
    path.write_text(f"# {title}\n\n" + "\n\n".join(chunk.replace("{n}", str(n)) for n in range(4000)), encoding="utf-8")
    return path


def test_timeout_kills_the_worker_and_the_batch_goes_on(tmp_path, checker):
    slow = huge_programme(tmp_path / "slow.md")
    fast = write_programme(tmp_path / "fast.txt", 3)
    reports = list(check_many([slow, fast, slow], checker, jobs=1, timeout=1))
    assert [r.error.code if r.error else None for r in reports] == ["timeout", None, "timeout"]
    assert document_dict(reports[1]) == document_dict(checker.check(fast))
    result = run_cli(slow, fast, "--timeout", 1, "--format", "json", "-q")
    assert result.exit_code == 4
    assert [d["error"] and d["error"]["code"] for d in json.loads(result.stdout)["documents"]] == ["timeout", None]


class CountingChecker(Checker):
    """A Checker that counts the documents it really checks (cache misses), or dies on `crash` files."""

    def __init__(self, rulebook):
        super().__init__(rulebook)
        self.calls = 0

    def check(self, path, prefetched=None, ahead=None):
        if "crash" in Path(path).name:
            os._exit(9)
        self.calls += 1
        return super().check(path, prefetched, ahead)


def test_cache_reuses_unchanged_files_and_rechecks_changed_ones(tmp_path, rulebook):
    folder, store = tmp_path / "docs", tmp_path / "cache"
    checker = Checker(rulebook)  # what a cache holds: findings as facts, in no language
    paths = [write_programme(folder / f"p{i}{('.docx', '.txt')[i % 2]}", i) for i in range(4)]
    (folder / "broken.docx").write_bytes(b"not a zip")
    items = expand((str(folder),))
    counting = CountingChecker(rulebook)
    first = list(check_many(items, counting, jobs=1, cache=ReportCache(store, counting)))
    assert counting.calls == 5 and len(list(store.glob("*.json"))) == 5
    counting.calls = 0
    second = list(check_many(items, counting, jobs=1, cache=ReportCache(store, counting)))
    assert counting.calls == 0
    assert [document_dict(d) for d in second] == [document_dict(d) for d in first]
    assert [document_dict(d) for d in second] == [document_dict(checker.check(p)) for p in items]

    write_programme(paths[1], 99)  # edited: checked again, the others still come from the cache
    third = list(check_many(items, counting, jobs=1, cache=ReportCache(store, counting)))
    assert counting.calls == 1 and len(list(store.glob("*.json"))) == 6
    assert document_dict(third[items.index(paths[1])]) == document_dict(checker.check(paths[1]))
    assert document_dict(third[items.index(paths[1])]) != document_dict(first[items.index(paths[1])])
    assert not list(store.glob(".*.tmp"))


def test_cli_cache_second_run_gives_the_same_report(tmp_path):
    folder, store = tmp_path / "docs", tmp_path / "cache"
    for i in range(3):
        write_programme(folder / f"p{i}.docx", i)
    first = run_cli(folder, "--cache", store, "--format", "json", "-q", "--fail-on", "never")
    entries = {p: p.stat().st_mtime_ns for p in store.glob("*.json")}
    second = run_cli(folder, "--cache", store, "--format", "json", "-q", "--fail-on", "never")
    assert first.exit_code == second.exit_code == 0 and len(entries) == 3
    assert json.loads(first.stdout) == json.loads(second.stdout)
    assert entries == {p: p.stat().st_mtime_ns for p in store.glob("*.json")}  # read, not rewritten


def test_cli_cache_serves_a_run_in_another_language(tmp_path):
    """A cached result holds facts, not words: a re-run in Russian reuses the English run's entries
    and says exactly what an uncached Russian run says."""
    folder, store = tmp_path / "docs", tmp_path / "cache"
    for i in range(2):
        write_programme(folder / f"p{i}.docx", i)
    run_cli(folder, "--cache", store, "--format", "json", "-q", "--fail-on", "never", "--lang", "en")
    entries = {p: p.stat().st_mtime_ns for p in store.glob("*.json")}
    cached = run_cli(folder, "--cache", store, "--format", "json", "-q", "--fail-on", "never", "--lang", "ru")
    fresh = run_cli(folder, "--format", "json", "-q", "--fail-on", "never", "--lang", "ru")
    assert entries == {p: p.stat().st_mtime_ns for p in store.glob("*.json")} and len(entries) == 2
    assert json.loads(cached.stdout) == json.loads(fresh.stdout)
    messages = [f["message"] for d in json.loads(cached.stdout)["documents"] for f in d["findings"]]
    assert messages and all(any("а" <= ch <= "я" for ch in m.lower()) for m in messages)  # Russian words


def test_a_dying_worker_costs_one_document(tmp_path, rulebook):
    files = [write_programme(tmp_path / f"{name}.txt", i) for i, name in enumerate(["a", "crash", "b", "c"])]
    reports = list(check_many(files, CountingChecker(rulebook), jobs=2, timeout=60))
    assert [r.error.code if r.error else None for r in reports] == [None, "crashed", None, None]
    assert [Path(r.path).name for r in reports] == ["a.txt", "crash.txt", "b.txt", "c.txt"]


def test_html_dashboard_links_every_document(district, tmp_path):
    out = tmp_path / "dash" / "index.html"
    result = run_cli(district, "--format", "html", "-o", out, "-q", "--jobs", 2)
    assert result.exit_code == 4
    page = out.read_text(encoding="utf-8")
    assert "http://" not in page and "https://" not in page and "<script src" not in page
    links = [part.split('"', 1)[0] for part in page.split('<a href="')[1:]]
    assert len(links) == len(expand((str(district),))) == len(set(links))
    from urllib.parse import unquote

    assert all((out.parent / unquote(link)).is_file() for link in links)
    assert run_cli(district, "--format", "html", "-q").exit_code == 2  # several documents need -o


def test_summary_speaks_the_report_language(tmp_path):
    folder = tmp_path / "district"
    folder.mkdir()
    shutil.copy(ROOT / "corpus" / "built" / "ru-strong.docx", folder)
    shutil.copy(ROOT / "corpus" / "built" / "ru-gappy.txt", folder)
    (folder / "broken.docx").write_bytes(b"not a zip")
    for lang, ready, sheet, verdict_header, status in (
            ("ru", "блокирующих замечаний нет", "документы", "итог", "выполнено"),
            ("ky", "тоскоол кылуучу кемчиликтер жок", "документтер", "жыйынтык", "аткарылган")):
        out = tmp_path / f"summary-{lang}.xlsx"
        result = CliRunner().invoke(main, [str(folder), "--summary", str(out), "--lang", lang, "--jobs", "1",
                                           "--format", "json", "-o", str(tmp_path / f"{lang}.json")])
        assert result.exit_code == 4, result.output
        book = load_workbook(out)
        documents = book[sheet]
        header, ids = [c.value for c in documents[1]], [c.value for c in documents[2]]
        assert verdict_header in header and "structure-swot" in ids
        swot = ids.index("structure-swot")
        assert header[swot] == {"ru": "SWOT-анализ", "ky": "SWOT-талдоо"}[lang]
        rows = {Path(r[0]).name: r for r in documents.iter_rows(min_row=3, values_only=True)}
        verdict_at = header.index(verdict_header)
        assert rows["ru-strong.docx"][verdict_at] == ready
        assert rows["ru-strong.docx"][swot] == status
        assert rows["broken.docx"][swot] is None
        assert len(book.sheetnames) == 2
