"""--summary FILE: one row per document (.xlsx or .csv), and in the workbook a second sheet of rule totals.

Row: file, municipality, period, language, verdict, score, pass / weak / missing counts, the first
blocking gap, the error code and message of an unreadable file, then one column per rule with its
status. The verdict is worded as --fail-on judges it, like every other output («no blocking gaps»,
«blocking gaps: 3», «not checked»); the score has one decimal, as everywhere. In the workbook the
rule columns are headed by the rules' titles in the report language, with the ids in a second row.
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

from ..model.findings import DocumentReport, Report
from ..i18n import ui
from . import common

FIXED = ["file", "municipality", "period", "language", "verdict", "score", "pass", "weak", "missing",
         "first blocking", "error", "error message"]
TOTALS = ["rule", "family", "severity", "title", "pass", "weak", "missing", "not checked"]
FORMATS = (".xlsx", ".csv")


def document_row(doc: DocumentReport, rule_ids: list[str], fail_on: str = "missing", lang: str = "en") -> list:
    """The row of one document: the verdict in `lang`, the rule statuses as their ids (pass, weak, missing)."""
    status = {f.rule: f.status.value for f in doc.findings}
    verdict = common.verdict(doc, fail_on, lang)
    unscored = doc.error or doc.not_programme  # a decision, report or budget gets no programme's score
    counts = [None] * 4 if unscored else [doc.score] + [doc.count_status(s) for s in ("pass", "weak", "missing")]
    first = verdict.blocking[0].title if verdict.blocking else None
    if notice := common.not_programme_notice(doc, lang):  # the notice where an error's message stands
        return [doc.path, doc.municipality, doc.period, doc.language, verdict.word, *counts, None,
                "not-a-programme", notice.headline, *(None for _ in rule_ids)]
    return [doc.path, doc.municipality, doc.period, doc.language, verdict.word, *counts, first,
            doc.error.code if doc.error else None, doc.error.message if doc.error else None,
            *(status.get(rule) for rule in rule_ids)]


def rule_totals(report: Report, rule_ids: list[str]) -> list[list]:
    """Per rule: family, severity, title (from the first document that has it) and how many programmes
    pass, are weak, miss it, or were not checked (a council decision, report or budget counts nowhere)."""
    judged = [d for d in report.documents if not d.error and not d.not_programme]
    read = [d for d in report.documents if not d.error]
    unread = sum(1 for d in report.documents if d.error)
    rows = []
    for rule in rule_ids:
        findings = [f for d in judged for f in d.findings if f.rule == rule]
        first = next((f for d in read for f in d.findings if f.rule == rule), None)
        rows.append([rule, first and first.family, first and first.severity.value, first and first.title,
                     *(sum(f.status.value == s for f in findings) for s in ("pass", "weak", "missing")), unread])
    return rows


def write_summary(path: str | Path, report: Report, rule_ids: list[str], fail_on: str = "missing") -> None:
    """Writes the summary in the report's language: headers, verdicts and statuses (the ids stay)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"{path.name}: a summary is .xlsx or .csv")
    lang = report.lang
    rule_ids = [rid for rid in rule_ids if rid not in report.ignored]
    rows = [_translated(document_row(d, rule_ids, fail_on, lang), lang) for d in report.documents]
    header = [_heading(name, lang) for name in FIXED]
    if suffix == ".csv":
        write_csv(path, header + rule_ids, rows)
    else:
        titles = _titles(report, rule_ids)
        totals = [row[:1] + [_word(v, lang) for v in row[1:3]] + row[3:] for row in rule_totals(report, rule_ids)]
        write_xlsx(path, header, rows, [_heading(name, lang) for name in TOTALS], totals, lang,
                   rule_titles=[titles.get(rid, rid) for rid in rule_ids], rule_ids=rule_ids)


def _titles(report: Report, rule_ids: list[str]) -> dict[str, str]:
    titles: dict[str, str] = {}
    for doc in report.documents:
        for f in doc.findings:
            titles.setdefault(f.rule, f.title or f.rule)
    return titles


def _heading(name: str, lang: str) -> str:
    return ui("summary_col_" + name.replace(" ", "_"), lang)


_WORDS = {"pass": "status_pass", "weak": "status_weak", "missing": "status_missing",
          "error": "severity_error", "warning": "severity_warning", "info": "severity_info",
          "structure": "family_structure", "process": "family_process", "alignment": "family_alignment",
          "gender": "family_gender", "migration": "family_migration", "inclusion": "family_inclusion"}


def _word(value, lang: str):
    return ui(_WORDS[value], lang) if isinstance(value, str) and value in _WORDS else value


def _translated(row: list, lang: str) -> list:
    """Rule statuses in the report language; file, names, verdict and messages as they are."""
    return [_word(v, lang) if i >= len(FIXED) else v for i, v in enumerate(row)]


def write_csv(path: Path, header: list[str], rows: list[list]) -> None:
    # utf-8-sig: Excel then reads the Cyrillic right; a leading = + - @ is quoted so no cell runs as a formula
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows([_inert(v) for v in row] for row in rows)


FILLS = {"pass": ("C6EFCE", "006100"), "clear": ("C6EFCE", "006100"), "weak": ("FFEB9C", "9C5700"),
         "missing": ("FFC7CE", "9C0006"), "blocking": ("FFC7CE", "9C0006"), "not-checked": ("D9D9D9", "3F3F3F"),
         "not-a-programme": ("DDEBF7", "1F4E79")}
_WIDTHS = {"file": 42, "municipality": 30, "period": 11, "language": 9, "verdict": 24, "score": 8, "pass": 10,
           "weak": 13, "missing": 12, "first blocking": 36, "error": 12, "error message": 50, "rule": 30,
           "family": 20, "severity": 15, "title": 50, "not checked": 14}
_RULE_WIDTH = 13  # the widest status word («отсутствует», «жарым-жартылай») fits


def write_xlsx(path: Path, header: list[str], rows: list[list], totals_header: list[str], totals: list[list],
               lang: str = "en", rule_titles: list[str] = (), rule_ids: list[str] = ()) -> None:
    """Sheet «documents»: a header row (rule titles in the report language, written upwards) and a
    second row of rule ids, verdicts and statuses coloured; sheet «rules»; both with frozen headers
    and an autofilter."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    styles = {key: (PatternFill("solid", fgColor=bg), Font(color=fg)) for key, (bg, fg) in FILLS.items()}
    by_word = {ui(f"status_{s}", lang): s for s in ("pass", "weak", "missing")}
    book = Workbook()
    documents = book.active
    documents.title = ui("summary_sheet_documents", lang)
    rules = book.create_sheet(ui("summary_sheet_rules", lang))
    verdict_at = FIXED.index("verdict")
    documents.append(header + list(rule_titles))
    documents.append([ui("summary_rule_ids", lang) if i == 0 else None for i in range(len(FIXED))] + list(rule_ids))
    for cell in documents[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(vertical="bottom", wrap_text=True)
    for cell in documents[2]:
        cell.font = Font(italic=True, color="62707D")
    for row in rows:
        documents.append([_clean(v, ILLEGAL_CHARACTERS_RE) for v in row])
    for row_cells, row in zip(documents.iter_rows(min_row=3), rows):
        for index, cell in enumerate(row_cells):
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text from a document, never a formula
            if index == FIXED.index("score") and isinstance(cell.value, (int, float)):
                cell.number_format = "0.0"
            if index >= len(FIXED) and cell.value in by_word:
                cell.fill, cell.font = styles[by_word[cell.value]]
        verdict_cell = row_cells[verdict_at]
        key = _verdict_key(row[FIXED.index("error")], row[FIXED.index("first blocking")], verdict_cell.value, lang)
        if key in styles:
            verdict_cell.fill, verdict_cell.font = styles[key]
    documents.freeze_panes = "B3"
    documents.auto_filter.ref = f"A2:{get_column_letter(documents.max_column)}{documents.max_row}"
    for index, name in enumerate(FIXED, 1):
        documents.column_dimensions[get_column_letter(index)].width = _WIDTHS.get(name, 12)
    for cell in documents[1][len(FIXED):]:
        cell.alignment = Alignment(text_rotation=90, vertical="bottom", horizontal="center", wrap_text=True)
        documents.column_dimensions[cell.column_letter].width = _RULE_WIDTH
    longest = max((len(t) for t in rule_titles), default=10)
    documents.row_dimensions[1].height = min(200, max(60, 6.2 * longest / 2))  # two lines of the longest title
    rules.append(totals_header)
    for cell in rules[1]:
        cell.font = Font(bold=True)
    for row in totals:
        rules.append([_clean(v, ILLEGAL_CHARACTERS_RE) for v in row])
    rules.freeze_panes = "B2"
    rules.auto_filter.ref = rules.dimensions
    for index, name in enumerate(TOTALS, 1):
        rules.column_dimensions[get_column_letter(index)].width = _WIDTHS.get(name, 12)
    book.save(path)


def _verdict_key(error, first_blocking, word, lang: str) -> str:
    if error == "not-a-programme":
        return "not-a-programme"
    if error:
        return "not-checked"
    if first_blocking:
        return "blocking"
    return "clear" if word == ui("verdict_clear", lang) else ""


def _clean(value, illegal):
    return illegal.sub("", value) if isinstance(value, str) else value


_FORMULA = re.compile(r"^[=+\-@\t\r]")


def _inert(value):
    return "'" + value if isinstance(value, str) and _FORMULA.match(value) else value
