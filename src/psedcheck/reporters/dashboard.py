"""`--format html` over several documents: a dashboard page and one HTML report per document beside it.

The dashboard is one self-contained page (inline CSS and JS, no request leaves it): a documents × rules
matrix, sortable by any column and filterable, each file linked to its own page in `<stem>-reports/`,
written by the single-document HTML reporter; then the rule totals. Every text is escaped.
"""
from __future__ import annotations

import re
from dataclasses import replace
from html import escape
from pathlib import Path
from urllib.parse import quote

from .. import __version__
from ..model.findings import DocumentReport, Report, Status
from ..i18n import ui
from .summary import rule_totals, verdict
from . import common, render

_ORDER = {Status.PASS: 0, Status.WEAK: 1, Status.MISSING: 2}
_VERDICT_KEY = {"ready": "verdict_ready", "not ready": "verdict_not_ready", "not checked": "verdict_not_checked"}


def write_dashboard(report: Report, output: Path, fail_on: str = "missing") -> list[Path]:
    """Writes `output` and the per-document pages; returns the pages written."""
    folder = output.parent / f"{output.stem}-reports"
    folder.mkdir(parents=True, exist_ok=True)
    pages, used = [], set()
    for doc in report.documents:
        page = folder / _page_name(doc, used)
        page.write_text(render("html", replace(report, documents=[doc])), encoding="utf-8")
        pages.append(page)
    links = [f"{quote(folder.name)}/{quote(page.name)}" for page in pages]
    output.write_text(dashboard_html(report, links, fail_on), encoding="utf-8")
    return pages


def _page_name(doc: DocumentReport, used: set[str]) -> str:
    stem = re.sub(r"[^\w.-]+", "-", common.file_name(doc)).strip("-.") or "document"
    name, n = f"{stem}.html", 1
    while name.lower() in used:
        n += 1
        name = f"{stem}-{n}.html"
    used.add(name.lower())
    return name


def dashboard_html(report: Report, links: list[str], fail_on: str = "missing") -> str:
    lang = report.lang
    t = lambda key, **values: escape(ui(key, lang, **values))  # noqa: E731
    rules = _rules(report)
    verdicts = [verdict(doc, fail_on) for doc in report.documents]
    head = "".join([
        '<th data-type="num">#</th>', f"<th>{t('file')}</th>", f"<th>{t('municipality')}</th>",
        f"<th>{t('period')}</th>", f"<th>{t('language')}</th>", f"<th>{t('verdict')}</th>",
        f'<th data-type="num">{t("score")}</th>',
        *(f'<th data-type="num" class="rule" title="{escape(rid)}: {escape(title)}"><span>{escape(title)}</span></th>'
          for rid, title in rules),
    ])
    body = "\n".join(_row(i, doc, link, v, rules, lang) for i, (doc, link, v) in
                     enumerate(zip(report.documents, links, verdicts), 1))
    totals = "\n".join(
        f"<tr><td>{escape(rule)}</td><td>{escape(title or '')}</td><td>{passed}</td><td>{weak}</td><td>{missing}</td></tr>"
        for rule, _family, _severity, title, passed, weak, missing, _unread in rule_totals(report, [r for r, _ in rules]))
    counts = t("dashboard_counts", total=len(verdicts), ready=verdicts.count("ready"),
               not_ready=verdicts.count("not ready"), not_checked=verdicts.count("not checked"))
    return f"""<!DOCTYPE html>
<html lang="{escape(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>{t('dashboard_title')}</title>
<style>{_CSS}</style>
</head>
<body>
<main>
<h1>{t('dashboard_title')}</h1>
<p class="counts">{counts}</p>
<p><input id="filter" type="search" placeholder="{t('dashboard_filter')}" aria-label="{t('dashboard_filter')}"></p>
<div class="scroll"><table id="matrix" class="sortable">
<thead><tr>{head}</tr></thead>
<tbody>
{body}
</tbody>
</table></div>
<h2>{t('dashboard_totals')}</h2>
<table class="sortable totals">
<thead><tr><th>{t('dashboard_rule')}</th><th>{t('dashboard_requirement')}</th><th data-type="num">{t('status_pass')}</th><th data-type="num">{t('status_weak')}</th><th data-type="num">{t('status_missing')}</th></tr></thead>
<tbody>
{totals}
</tbody>
</table>
<footer>{t('generated_by', version=__version__)} · {escape(report.ruleset)}</footer>
</main>
<script>{_JS}</script>
</body>
</html>
"""


def _rules(report: Report) -> list[tuple[str, str]]:
    """(id, title) of every rule, in the order of the first checked document (the rule set's order)."""
    seen: dict[str, str] = {}
    for doc in report.documents:
        for finding in doc.findings:
            seen.setdefault(finding.rule, finding.title or finding.rule)
    return list(seen.items())


def _row(index: int, doc: DocumentReport, link: str, verdict_: str, rules: list[tuple[str, str]], lang: str) -> str:
    name = escape(common.file_name(doc))
    cells = [f'<td data-sort="{index}">{index}</td>',
             f'<td class="file" title="{escape(doc.path)}"><a href="{escape(link)}">{name}</a></td>',
             f"<td>{escape(doc.municipality or '')}</td>", f'<td class="nowrap">{escape(doc.period or "")}</td>',
             f"<td>{escape(doc.language or '')}</td>",
             f'<td class="verdict {verdict_.replace(" ", "-")}">{escape(ui(_VERDICT_KEY[verdict_], lang))}</td>']
    if doc.error:
        why = f"{common.failure_text(doc.error, lang)} ({doc.error.code}: {doc.error.message})"
        cells.append(f'<td data-sort="-1"></td><td class="error" data-sort="9" colspan="{max(len(rules), 1)}">{escape(why)}</td>')
    else:
        cells.append(f'<td data-sort="{doc.score}">{doc.score:g}</td>')
        status = {f.rule: f for f in doc.findings}
        for rid, title in rules:
            finding = status.get(rid)
            if finding is None:
                cells.append('<td data-sort="9"></td>')
                continue
            label = common.status_label(finding.status, lang)
            cells.append(f'<td class="st {finding.status.value}" data-sort="{_ORDER[finding.status]}" '
                         f'title="{escape(title)}: {escape(label)}">{common.MARK[finding.status]}</td>')
    return f"<tr>{''.join(cells)}</tr>"


_CSS = """
:root { --pass: #2e7d32; --weak: #b7791f; --missing: #c62828; --ink: #1f2933; --muted: #62707d; --line: #d9dee3; }
body { margin: 0; background: #f4f6f8; color: var(--ink);
       font: 14px/1.4 "DejaVu Sans", "Segoe UI", "Noto Sans", Arial, Helvetica, sans-serif; }
main { margin: 20px; padding: 20px 28px; background: #fff; border: 1px solid var(--line); border-radius: 6px; }
h1 { font-size: 1.5em; margin: 0 0 .4em; }
h2 { font-size: 1.2em; margin: 1.6em 0 .5em; }
.counts { font-weight: 600; }
#filter { width: 24em; max-width: 100%; padding: .3em .5em; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; }
th, td { border: 1px solid var(--line); padding: 3px 6px; text-align: left; vertical-align: middle; }
th { vertical-align: bottom; }
th { background: #eef1f4; cursor: pointer; user-select: none; }
th[aria-sort="ascending"]::after { content: " ▲"; }
th[aria-sort="descending"]::after { content: " ▼"; }
th.rule { height: 14em; padding: 4px 2px; }
th.rule span { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap; font-weight: 400;
               max-height: 13.5em; overflow: hidden; text-overflow: ellipsis; display: inline-block; }
td.file { min-width: 14em; max-width: 24em; overflow-wrap: anywhere; }
td.nowrap { white-space: nowrap; }
td.st { text-align: center; color: #fff; font-weight: 700; }
td.st.pass { background: var(--pass); }
td.st.weak { background: var(--weak); }
td.st.missing { background: var(--missing); }
td.verdict { white-space: nowrap; }
td.verdict.ready { color: var(--pass); font-weight: 700; }
td.verdict.not-ready { color: var(--missing); font-weight: 700; }
td.verdict.not-checked, td.error { color: var(--muted); }
td.error { background: #f3f3f3; font-style: italic; }
footer { margin-top: 1.5em; color: var(--muted); font-size: .85em; }
@media print { th.rule { height: 10em; } #filter { display: none; } }
"""

_JS = """
document.querySelectorAll("table.sortable").forEach(function (table) {
  var heads = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(heads, function (th, col) {
    th.addEventListener("click", function () {
      var down = th.getAttribute("aria-sort") === "ascending";
      Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", down ? "descending" : "ascending");
      var num = th.dataset.type === "num", body = table.tBodies[0];
      var key = function (row) {
        var cell = row.cells[col];
        if (!cell) return num ? 99 : "";
        var v = cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent.trim();
        return num ? (v === "" ? 99 : parseFloat(v)) : v.toLowerCase();
      };
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = key(a), y = key(b), c = num ? x - y : x.localeCompare(y);
        return down ? -c : c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
});
document.getElementById("filter").addEventListener("input", function (e) {
  var q = e.target.value.toLowerCase();
  Array.prototype.forEach.call(document.getElementById("matrix").tBodies[0].rows, function (row) {
    row.hidden = q !== "" && row.textContent.toLowerCase().indexOf(q) < 0;
  });
});
"""
