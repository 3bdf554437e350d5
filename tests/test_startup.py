"""What a real `python -m psedcheck` imports: spaCy's command-line stack never, spaCy itself not at
all when every result comes from the --cache. The modules are listed by a sitecustomize put on the
child's PYTHONPATH, which writes sys.modules to a file when the process exits."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

BUILT = ROOT / "corpus" / "built"
CLI_STACK = ("typer", "weasel", "httpx", "spacy.cli._util", "spacy.cli.train")

SITECUSTOMIZE = """
import atexit, json, os, sys

def _dump():
    with open(os.environ["PSEDCHECK_TEST_MODULES"], "w") as fh:
        json.dump(sorted(sys.modules), fh)

atexit.register(_dump)
"""


def run_psedcheck(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess, set[str]]:
    """Runs `python -m psedcheck ARGS` in a child process; its result and the modules it had at exit."""
    hook = tmp_path / "hook"
    hook.mkdir(exist_ok=True)
    (hook / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    modules = tmp_path / "modules.json"
    modules.unlink(missing_ok=True)
    env = {**os.environ, "PSEDCHECK_TEST_MODULES": str(modules),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(hook), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run([sys.executable, "-m", "psedcheck", *args], capture_output=True, text=True, env=env,
                          timeout=300)
    return done, set(json.loads(modules.read_text(encoding="utf-8")))


def findings(report_path: Path) -> list:
    return [(d["path"], [(f["rule"], f["status"]) for f in d["findings"]])
            for d in json.loads(report_path.read_text(encoding="utf-8"))["documents"]]


def test_a_check_leaves_spacys_command_line_out(tmp_path):
    out = tmp_path / "report.json"
    done, modules = run_psedcheck(tmp_path, str(BUILT / "ru-gappy.docx"), "--format", "json", "-o", str(out),
                                  "--no-history")
    assert done.returncode in (0, 1), done.stderr
    assert "spacy" in modules and "spacy.matcher" in modules  # the check did run on spaCy
    assert not [name for name in CLI_STACK if name in modules]
    assert findings(out)[0][1]  # and judged the document


def test_spacy_info_and_cli_still_work_after_the_lean_import():
    """The deferred spacy.cli runs for real when used: spacy.info() and `spacy.cli.download`."""
    code = ("import sys, psedcheck.engine.nlp, spacy; assert 'typer' not in sys.modules; "
            "info = spacy.info(silent=True); from spacy.cli import download; "
            "print(info['spacy_version'], callable(download), 'typer' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    import spacy

    assert done.stdout.split() == [spacy.__version__, "True", "True"]


def test_a_cached_rerun_imports_no_spacy(tmp_path):
    folder, cache = tmp_path / "district", tmp_path / "cache"
    folder.mkdir()
    for name in ("ru-gappy.docx", "ky-migration.pdf", "en-iom.txt"):
        shutil.copy(BUILT / name, folder / name)
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    common = ["--format", "json", "--cache", str(cache), "--no-history", "-q", "--jobs", "1"]
    done, modules = run_psedcheck(tmp_path, str(folder), *common, "-o", str(first))
    assert done.returncode in (0, 1), done.stderr
    assert "spacy" in modules
    done, modules = run_psedcheck(tmp_path, str(folder), *common, "-o", str(second))
    assert done.returncode in (0, 1), done.stderr
    assert not [name for name in modules if name == "spacy" or name.startswith(("spacy.", "pymorphy3", "thinc"))]
    assert findings(second) == findings(first) and len(findings(first)) == 3

    (folder / "en-iom.txt").write_text("Programme of the Jany-Aryk ayil aimak.\n", encoding="utf-8")
    done, modules = run_psedcheck(tmp_path, str(folder), *common, "-o", str(second))
    assert done.returncode in (0, 1), done.stderr
    assert "spacy" in modules  # one changed file: checked again
    before, after = dict(findings(first)), dict(findings(second))
    changed = [path for path in before if before[path] != after[path]]
    assert [Path(path).name for path in changed] == ["en-iom.txt"]


COLLECTOR_HOOK = """
import atexit, gc, json, os

def _dump():
    with open(os.environ["PSEDCHECK_TEST_GC"], "w") as fh:
        json.dump({"young": gc.get_threshold()[0], "frozen": gc.get_freeze_count()}, fh)

atexit.register(_dump)
"""


def test_a_psedcheck_command_tunes_its_own_collector(tmp_path):
    """`python -m psedcheck` owns its process: a larger young generation, and what it loaded frozen
    out of the collector's way (collector.py)."""
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(COLLECTOR_HOOK, encoding="utf-8")
    state = tmp_path / "gc.json"
    env = {**os.environ, "PSEDCHECK_TEST_GC": str(state),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(hook), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run([sys.executable, "-m", "psedcheck", str(BUILT / "ru-gappy.docx"), "--no-history", "-q",
                           "--format", "json"], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode in (0, 1), done.stderr
    assert json.loads(done.stdout)["documents"][0]["findings"]
    from psedcheck.collector import YOUNG

    after = json.loads(state.read_text(encoding="utf-8"))
    assert after["young"] == YOUNG and after["frozen"] > 100_000


def test_a_program_calling_the_cli_keeps_its_collector(tmp_path):
    """A test or a program running the group in its own process: nothing frozen, thresholds as they were."""
    import gc

    from click.testing import CliRunner

    from psedcheck.cli import main

    threshold, frozen = gc.get_threshold(), gc.get_freeze_count()
    result = CliRunner().invoke(main, [str(BUILT / "ru-gappy.docx"), "--no-history", "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    assert gc.get_threshold() == threshold and gc.get_freeze_count() == frozen
