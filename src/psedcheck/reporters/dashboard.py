"""`--format html` over several documents: a dashboard page and one HTML report per document beside it.

The dashboard is one self-contained page (inline CSS and JS, no request leaves it), rendered from
templates/dashboard.html: a documents × rules matrix that fits a 1280 px screen — rules grouped by
family, their titles written upwards, the full title on hover — sortable by any column and
filterable, each file linked to its own page in `<stem>-reports/` (written by the single-document
HTML reporter); then the rule totals. Every text is escaped by Jinja's autoescape.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import quote

from .. import __version__
from ..model.findings import DocumentReport, Finding, Report, Status
from ..i18n import ui
from .summary import rule_totals
from . import common, render
from .files import write_text  # whole files or none: a failed write never leaves half a page
from .html import environment

_ORDER = {Status.PASS: 0, Status.WEAK: 1, Status.MISSING: 2}


@dataclass(frozen=True)
class RuleColumn:
    id: str
    family: str
    title: str


@dataclass(frozen=True)
class Cell:
    status: str | None  # pass | weak | missing, None when the document has no such finding
    sort: int
    mark: str
    hover: str


@dataclass(frozen=True)
class Row:
    index: int
    doc: DocumentReport
    name: str
    link: str
    verdict: common.Verdict
    score: str
    failure: str | None
    cells: tuple[Cell, ...]


def write_dashboard(report: Report, output: Path, fail_on: str = "missing") -> list[Path]:
    """Writes `output` and the per-document pages; returns the pages written."""
    report = replace(report, fail_on=fail_on)
    folder = output.parent / f"{output.stem}-reports"
    folder.mkdir(parents=True, exist_ok=True)
    pages, used = [], set()
    for doc in report.documents:
        page = folder / _page_name(doc, used)
        write_text(page, render("html", replace(report, documents=[doc])))
        pages.append(page)
    links = [f"{quote(folder.name)}/{quote(page.name)}" for page in pages]
    write_text(output, dashboard_html(report, links, fail_on))
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
    columns = _columns(report)
    rows = [_row(i, doc, link, columns, fail_on, lang) for i, (doc, link) in enumerate(zip(report.documents, links), 1)]
    families = []
    for column in columns:
        if families and families[-1][0] == column.family:
            families[-1][2] += 1
        else:
            families.append([column.family, common.family_title(column.family, lang), 1])
    keys = [row.verdict.key for row in rows]
    totals = [(rule, title or "", passed, weak, missing) for rule, _family, _severity, title, passed, weak, missing, _unread
              in rule_totals(report, [c.id for c in columns])]
    return environment().get_template("dashboard.html").render(
        lang=lang, t=lambda key, **values: ui(key, lang, **values), version=__version__, report=report,
        columns=columns, families=families, rows=rows, totals=totals,
        threshold=_sentence(ui(f"threshold_{fail_on}", lang)),
        counts=ui("dashboard_counts", lang, total=len(keys), ready=keys.count("clear") + keys.count("not-judged"),
                  not_ready=keys.count("blocking"), not_checked=keys.count("not-checked")),
        not_programmes=ui("batch_not_programmes", lang, count=keys.count("not-a-programme"))
        if "not-a-programme" in keys else None,
    )


def _sentence(text: str) -> str:
    return f"{text[:1].upper()}{text[1:]}."


def _columns(report: Report) -> list[RuleColumn]:
    """Every rule in the order of the checked documents (the rule set's order), titled in the report language."""
    seen: dict[str, RuleColumn] = {}
    for doc in report.documents:
        for f in doc.findings:
            seen.setdefault(f.rule, RuleColumn(f.rule, f.family, f.title or f.rule))
    return list(seen.values())


def _row(index: int, doc: DocumentReport, link: str, columns: list[RuleColumn], fail_on: str, lang: str) -> Row:
    verdict = common.verdict(doc, fail_on, lang)
    if doc.error:
        failure = f"{common.failure_text(doc.error, lang)} ({doc.error.code}: {doc.error.message})"
        return Row(index, doc, common.file_name(doc), link, verdict, "", failure, ())
    if notice := common.not_programme_notice(doc, lang):  # said what it is; no score and no rule cells
        return Row(index, doc, common.file_name(doc), link, verdict, "", notice.headline, ())
    found: dict[str, Finding] = {f.rule: f for f in doc.findings}
    cells = []
    for column in columns:
        f = found.get(column.id)
        if f is None:
            cells.append(Cell(None, 9, "", column.title))
        else:
            hover = f"{column.title}: {common.status_label(f.status, lang)}"
            cells.append(Cell(f.status.value, _ORDER[f.status], common.MARK[f.status], hover))
    return Row(index, doc, common.file_name(doc), link, verdict, common.score_text(doc.score, lang), None, tuple(cells))
