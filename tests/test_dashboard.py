"""The batch dashboard in a real Chromium at 1280 px: the matrix fits without scrolling sideways, rule
columns are grouped by family with each full title on hover, and the verdicts and scores read as in
the terminal table and the workbook (one wording, one rounding)."""
from __future__ import annotations

import re
import shutil

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from psedcheck.cli import main
from psedcheck.rulebook import load_rulebook

from .browser import Page
from .conftest import ROOT, require_tool

BUILT = ROOT / "corpus" / "built"
NAMES = ("ru-strong.docx", "ru-gappy.txt", "ru-city.pdf", "ky-migration.docx", "en-iom.docx")

GEOMETRY = """(() => {
  const scroll = document.querySelector('.scroll');
  const heads = [...document.querySelectorAll('th.rule')];
  return {
    overflow: scroll.scrollWidth - scroll.clientWidth,
    page: document.documentElement.scrollWidth,
    families: [...document.querySelectorAll('tr.families th.family')].map(th => [th.title, th.colSpan]),
    rules: heads.map(th => [th.title, th.getBoundingClientRect().width]),
    rows: [...document.querySelectorAll('#matrix tbody tr')].map(tr => [tr.cells[1].innerText.split('\\n')[0],
                                                                         tr.cells[2].innerText, tr.cells[3].innerText]),
  };
})()"""


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    folder = tmp_path_factory.mktemp("district")
    for name in NAMES:
        shutil.copy(BUILT / name, folder)
    (folder / "broken.docx").write_bytes(b"not a zip")
    out = tmp_path_factory.mktemp("out")
    result = CliRunner().invoke(main, [str(folder), "--lang", "ru", "--format", "html", "-o", str(out / "index.html"),
                                       "--summary", str(out / "summary.xlsx"), "-q", "-j", "2"])
    assert result.exit_code == 4, result.output
    table = CliRunner().invoke(main, [str(folder), "--lang", "ru", "-q", "-j", "2"],
                               env={"COLUMNS": "200"})
    return out, table.stdout


def test_dashboard_fits_1280_px_with_rules_grouped_by_family(batch):
    chromium = require_tool("chromium")
    out, _ = batch
    with Page(chromium, out / "profile") as browser:
        browser.send("Emulation.setDeviceMetricsOverride", width=1280, height=900, deviceScaleFactor=1, mobile=False)
        browser.open((out / "index.html").as_uri())
        shape = browser.evaluate(GEOMETRY)
        browser.screenshot(out / "dashboard.png")
    assert shape["overflow"] <= 0 and shape["page"] <= 1280
    rules = load_rulebook().rules
    assert [title for title, _ in shape["rules"]] == [f"{r.title.ru} ({r.id})" for r in rules]  # full title on hover
    assert all(width >= 20 for _, width in shape["rules"])
    families = list(dict.fromkeys(r.family for r in rules))
    assert [span for _, span in shape["families"]] == [sum(r.family == f for r in rules) for f in families]


def test_verdicts_and_scores_agree_across_dashboard_table_and_workbook(batch):
    out, terminal = batch
    page = (out / "index.html").read_text(encoding="utf-8")
    book = load_workbook(out / "summary.xlsx")["документы"]
    header = [c.value for c in book[1]]
    rows = {r[0].rsplit("/", 1)[-1]: r for r in book.iter_rows(min_row=3, values_only=True)}
    for name in NAMES:
        row = rows[name]
        verdict, score = row[header.index("итог")], row[header.index("оценка")]
        shown = f"{score:.1f}".replace(".", ",")
        line = next(line for line in terminal.splitlines() if line.startswith(name))
        assert verdict in line and f" {shown} " in line, line
        assert re.search(rf'{re.escape(name)}</a>.*?<td class="verdict [a-z-]+">{re.escape(verdict)}</td>\s*'
                         rf'<td data-sort="[\d.]+" class="num">{re.escape(shown)}</td>', page, re.S), name
    assert rows["broken.docx"][header.index("итог")] == "не проверена"
