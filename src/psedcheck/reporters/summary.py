"""--summary FILE: one row per document (.xlsx or .csv), and in the workbook a second sheet of rule totals.

Row: file, municipality, period, language, verdict, score, pass / weak / missing counts, the error
code and message of an unreadable file, then one column per rule with its status. The verdict is
`ready` when no rule breaks --fail-on, `not ready` when one does, `not checked` when the file could
not be read.
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

from ..model.findings import DocumentReport, Report
from ..i18n import ui

FIXED = ["file", "municipality", "period", "language", "verdict", "score", "pass", "weak", "missing",
         "error", "error message"]
TOTALS = ["rule", "family", "severity", "title", "pass", "weak", "missing", "not checked"]
FORMATS = (".xlsx", ".csv")


def verdict(doc: DocumentReport, fail_on: str = "missing") -> str:
    if doc.error:
        return "not checked"
    return "not ready" if doc.fails(fail_on) else "ready"


def document_row(doc: DocumentReport, rule_ids: list[str], fail_on: str = "missing") -> list:
    status = {f.rule: f.status.value for f in doc.findings}
    counts = [None] * 4 if doc.error else [doc.score] + [doc.count_status(s) for s in ("pass", "weak", "missing")]
    return [doc.path, doc.municipality, doc.period, doc.language, verdict(doc, fail_on), *counts,
            doc.error.code if doc.error else None, doc.error.message if doc.error else None,
            *(status.get(rule) for rule in rule_ids)]


def rule_totals(report: Report, rule_ids: list[str]) -> list[list]:
    """Per rule: family, severity, title (from the first document that has it) and how many programmes
    pass, are weak, miss it, or were not checked."""
    rows = []
    for rule in rule_ids:
        findings = [f for d in report.documents if not d.error for f in d.findings if f.rule == rule]
        first = findings[0] if findings else None
        rows.append([rule, first and first.family, first and first.severity.value, first and first.title,
                     *(sum(f.status.value == s for f in findings) for s in ("pass", "weak", "missing")),
                     sum(1 for d in report.documents if d.error)])
    return rows


def write_summary(path: str | Path, report: Report, rule_ids: list[str], fail_on: str = "missing") -> None:
    """Writes the summary in the report's language: headers, verdicts and statuses (rule ids stay)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"{path.name}: a summary is .xlsx or .csv")
    lang = report.lang
    rows = [_translated(document_row(d, rule_ids, fail_on), lang) for d in report.documents]
    header = [_heading(name, lang) for name in FIXED] + rule_ids
    if suffix == ".csv":
        write_csv(path, header, rows)
    else:
        totals = [row[:1] + [_word(v, lang) for v in row[1:3]] + row[3:] for row in rule_totals(report, rule_ids)]
        write_xlsx(path, header, rows, [_heading(name, lang) for name in TOTALS], totals, lang)


def _heading(name: str, lang: str) -> str:
    return ui("summary_col_" + name.replace(" ", "_"), lang)


_WORDS = {"pass": "status_pass", "weak": "status_weak", "missing": "status_missing", "ready": "verdict_ready",
          "not ready": "verdict_not_ready", "not checked": "verdict_not_checked", "error": "severity_error",
          "warning": "severity_warning", "info": "severity_info", "structure": "family_structure",
          "process": "family_process", "alignment": "family_alignment", "gender": "family_gender",
          "migration": "family_migration", "inclusion": "family_inclusion"}


def _word(value, lang: str):
    return ui(_WORDS[value], lang) if isinstance(value, str) and value in _WORDS else value


def _translated(row: list, lang: str) -> list:
    """Verdict and rule statuses in the report language; file, names and messages as they are."""
    verdict_at = FIXED.index("verdict")
    return [_word(v, lang) if i == verdict_at or i >= len(FIXED) else v for i, v in enumerate(row)]


def write_csv(path: Path, header: list[str], rows: list[list]) -> None:
    # utf-8-sig: Excel then reads the Cyrillic right; a leading = + - @ is quoted so no cell runs as a formula
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows([_inert(v) for v in row] for row in rows)


FILLS = {"pass": ("C6EFCE", "006100"), "ready": ("C6EFCE", "006100"), "weak": ("FFEB9C", "9C5700"),
         "missing": ("FFC7CE", "9C0006"), "not ready": ("FFC7CE", "9C0006"), "not checked": ("D9D9D9", "3F3F3F")}


def write_xlsx(path: Path, header: list[str], rows: list[list], totals_header: list[str], totals: list[list],
               lang: str = "en") -> None:
    """Sheet «documents» (verdicts and statuses coloured, rule ids written upwards) and sheet «rules»;
    both with a frozen header and an autofilter."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    styles = {_word(name, lang): (PatternFill("solid", fgColor=bg), Font(color=fg)) for name, (bg, fg) in FILLS.items()}
    widths = {_heading(name, lang): width for name, width in (("file", 40), ("error message", 50), ("title", 50))}
    book = Workbook()
    documents = book.active
    documents.title = ui("summary_sheet_documents", lang)
    rules = book.create_sheet(ui("summary_sheet_rules", lang))
    verdict_at = FIXED.index("verdict")
    for sheet, head, body in ((documents, header, rows), (rules, totals_header, totals)):
        coloured = {i for i in range(len(head)) if i == verdict_at or i >= len(FIXED)} if sheet is documents else ()
        sheet.append(head)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in body:
            sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
            for index, cell in enumerate(sheet[sheet.max_row]):
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text from a document, never a formula
                if index in coloured and cell.value in styles:
                    cell.fill, cell.font = styles[cell.value]
        sheet.freeze_panes = "B2"
        sheet.auto_filter.ref = sheet.dimensions
        for index, name in enumerate(head, 1):
            sheet.column_dimensions[get_column_letter(index)].width = widths.get(name, 12)
    for cell in documents[1][len(FIXED):]:
        cell.alignment = Alignment(text_rotation=90)
        documents.column_dimensions[cell.column_letter].width = 5
    documents.row_dimensions[1].height = 170
    book.save(path)


_FORMULA = re.compile(r"^[=+\-@\t\r]")


def _inert(value):
    return "'" + value if isinstance(value, str) and _FORMULA.match(value) else value
