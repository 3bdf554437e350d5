"""Measures psedcheck on the hostile and odd inputs of issue #11: for each case the answer (exit code
and error code), the wall time, and the peak memory of the whole process tree (the sum of every
descendant's resident set, and of their proportional sets, which count shared pages once), polled
from /proc every 20 ms; and whether the input was left unchanged.

    python bench/hostile.py [--quick]      # --quick: the 1.2 GB zip bomb and 200 MB text made smaller

Linux only (/proc). The cases are built in a temporary folder by tests/hostile_docs.py.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import hostile_docs as make  # noqa: E402

SAMPLE = ROOT / "corpus" / "built" / "ru-strong.docx"


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def _memory(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in bytes; zeros for one that is gone."""
    rss = pss = 0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1]) * 1024
            elif line.startswith("Pss:"):
                pss = int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return rss, pss


def measure(args: list, cwd: Path, timeout: float = 300) -> dict:
    command = [sys.executable, "-m", "psedcheck", *map(str, args)]
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = {"rss": 0, "pss": 0}
    done = threading.Event()

    def poll():
        while not done.is_set():
            rss = pss = 0
            for pid in _tree(process.pid):
                r, p = _memory(pid)
                rss, pss = rss + r, pss + p
            peak["rss"], peak["pss"] = max(peak["rss"], rss), max(peak["pss"], pss)
            done.wait(0.02)

    watcher = threading.Thread(target=poll, daemon=True)
    watcher.start()
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
    done.set()
    watcher.join()
    seconds = time.monotonic() - started
    try:
        documents = json.loads(out)["documents"]
        answer = ", ".join(d["error"]["code"] if d["error"] else f"checked {d['summary']['score']:g}" for d in documents)
    except (ValueError, KeyError, TypeError):
        answer = (err.strip().splitlines() or [""])[-1][:90]
    return {"exit": process.returncode, "answer": answer, "seconds": seconds, "rss": peak["rss"], "pss": peak["pss"],
            "traceback": "Traceback" in err, "stderr_lines": len([ln for ln in err.splitlines() if ln.strip()])}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "-"


def cases(folder: Path, quick: bool) -> list[tuple[str, list, list[Path]]]:
    """(name, psedcheck arguments, inputs that must stay unchanged)."""
    x = folder / "x.docx"
    shutil.copy(SAMPLE, x)
    os.symlink("x.docx", folder / "link.docx")
    district = folder / "district"
    district.mkdir()
    shutil.copy(SAMPLE, district / "a.docx")
    (district / "b.md").write_text(make.PROGRAMME_RU, encoding="utf-8")
    good = folder / "good.md"
    good.write_text(make.PROGRAMME_RU, encoding="utf-8")
    bomb = make.zip_bomb_docx(folder, inflated=(300 if quick else 1200) << 20)
    huge = make.huge_page_pdf(folder)
    big = make.big_text(folder, size=(40 if quick else 200) << 20)
    many = make.many_paragraphs(folder)
    pipe = make.fifo(folder)
    evil = folder / "evil\nname\r\x1b[2J.txt"
    evil.write_bytes(bytes(range(256)) * 8)
    soffice = shutil.which("soffice")
    garbled = [make.no_tounicode_pdf(folder, soffice)] if soffice else []
    json_ = ["--format", "json"]
    return [
        ("-o onto the input", ["x.docx", *json_, "-o", "x.docx"], [x]),
        ("-o ./input", ["x.docx", *json_, "-o", "./x.docx"], [x]),
        ("-o symlink to the input", ["x.docx", *json_, "-o", "link.docx"], [x]),
        ("folder batch, -o one of its documents", ["district", *json_, "-o", "district/a.docx"], [district / "a.docx"]),
        ("--summary s.csv -o s.csv", ["x.docx", "--summary", "s.csv", "-o", "s.csv"], [x]),
        ("--annotate a.docx -o a.docx", ["x.docx", "--annotate", "a.docx", "-o", "a.docx"], [x]),
        ("-o /nonexistent/dir/r.json", ["x.docx", *json_, "-o", "/nonexistent/dir/r.json"], [x]),
        ("--summary /nonexistent/s.xlsx", ["x.docx", "--summary", "/nonexistent/s.xlsx"], [x]),
        ("-o in a folder that takes no file (/proc)", ["x.docx", *json_, "-o", "/proc/r.json"], [x]),
        ("-o /dev/full (the write fails)", ["x.docx", *json_, "-o", "/dev/full"], [x]),
        ("huge page, 400 MP picture", [huge.name, *json_], [huge]),
        ("huge page, picture limit off", [huge.name, *json_, "--limit", "image-pixels=0"], [huge]),
        ("huge page, pixel limits off (memory)", [huge.name, *json_, "--limit", "image-pixels=0", "--limit", "pixels=0"], [huge]),
        ("batch --jobs 2 --timeout 60: huge page (limits off) + 2", [huge.name, "x.docx", "good.md", *json_, "--jobs", 2,
                                                                    "--timeout", 60, "--limit", "image-pixels=0",
                                                                    "--limit", "pixels=0"], [huge, x]),
        (f"DOCX zip bomb {bomb.stat().st_size >> 20} MB", [bomb.name, *json_], [bomb]),
        ("FIFO as input", [pipe.name, *json_], []),
        ("UTF-16 LE with BOM", [make.text_in(folder, "notepad.txt", "utf-16-le", True).name, *json_], []),
        ("UTF-8 with 3 stray bytes", [make.utf8_with_strays(folder).name, *json_], []),
        ("KOI8-R", [make.text_in(folder, "koi8.txt", "koi8_r").name, *json_], []),
        ("CP1251 codes in a Latin font (PDF)", [make.latin1_cyrillic_pdf(folder).name, *json_], []),
        *[("PDF without ToUnicode, OCR", [g.name, *json_], [g]) for g in garbled],
        *[("PDF without ToUnicode, --no-ocr", [g.name, *json_, "--no-ocr"], [g]) for g in garbled],
        ("control characters in the name", [evil.name, "--no-color"], [evil]),
        (".docm renamed .docx", [make.macro_docx(folder).name, *json_], []),
        ("text only in headers and footers", [make.header_only_docx(folder).name, *json_], []),
        ("300-deep nested tables", [make.nested_tables_docx(folder).name, *json_], []),
        (f"{big.stat().st_size >> 20} MB .txt", [big.name, *json_], [big]),
        ("100 000 paragraphs", [many.name, *json_], [many]),
    ]


def main() -> None:
    quick = "--quick" in sys.argv
    folder = Path(tempfile.mkdtemp(prefix="psedcheck-hostile-"))
    try:
        print("| case | exit | answer | s | tree RSS MB | tree PSS MB | input kept |")
        print("|---|---|---|---|---|---|---|")
        for name, args, inputs in cases(folder, quick):
            before = [digest(p) for p in inputs]
            row = measure(args, folder)
            kept = "yes" if [digest(p) for p in inputs] == before else "NO"
            answer = row["answer"] + (" TRACEBACK" if row["traceback"] else "")
            print(f"| {name} | {row['exit']} | {answer} | {row['seconds']:.1f} | {row['rss'] / 2**20:.0f} | "
                  f"{row['pss'] / 2**20:.0f} | {kept if inputs else '-'} |", flush=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
