"""The readable terminal report (rich): statuses by family, evidence lines, the score."""
from __future__ import annotations

import io

from rich.console import Console
from rich.padding import Padding
from rich.text import Text

from ..model.findings import DocumentReport, Report, Status
from ..i18n import ui
from . import common

_STYLE = {Status.PASS: "bold green", Status.WEAK: "bold yellow", Status.MISSING: "bold red"}
_MARK = {Status.PASS: "✔", Status.WEAK: "◐", Status.MISSING: "✘"}


def render(report: Report, color: bool = False, width: int = 100) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=color, no_color=not color, width=width, highlight=False)
    for doc in report.documents:
        _document(console, doc, report)
    text = buffer.getvalue()
    return text if color else "".join(line.rstrip() + "\n" for line in text.splitlines())  # no padding in files


def _document(console: Console, doc: DocumentReport, report: Report) -> None:
    lang = report.lang
    console.rule(Text(doc.path, style="bold"))
    if doc.error:
        # the localised reason; the technical message follows on stderr and in the JSON
        console.print(Text(f"{ui('error', lang)}: {common.failure_text(doc.error, lang)}", style="bold red"))
        return
    facts = [f"{ui('language', lang)}: {common.language_name(doc.language, lang)}", f"{ui('ruleset', lang)}: {report.ruleset}"]
    if doc.pages:
        facts.append(f"{ui('pages', lang)}: {doc.pages}")
    if doc.municipality or doc.period:
        facts.insert(0, " · ".join(filter(None, [doc.municipality, doc.period])))
    console.print(" · ".join(facts), style="dim")
    family = None
    for f in doc.findings:
        if f.family != family:
            family = f.family
            console.print()
            console.print(Text(ui(f"family_{family}", lang), style="bold underline"))
        line = Text()
        line.append(f"{_MARK[f.status]} {ui('status_' + f.status.value, lang):<12}", style=_STYLE[f.status])
        line.append(f"{f.title} ", style="bold")
        line.append(f"[{f.rule}, {ui('severity_' + f.severity.value, lang)}]", style="dim")
        console.print(line)
        _indented(console, f.message)
        if f.note:
            _indented(console, f.note, "italic")
        for e in f.evidence[:2]:
            where = ", ".join(filter(None, [f"{ui('page', lang)} {e.page}" if e.page else None, e.section]))
            ocr = f" ({ui('ocr_text', lang)})" if e.ocr else ""
            _indented(console, f"» «{e.text[:160]}»{ocr}" + (f" — {where}" if where else ""), "cyan")
        if f.fix:
            _indented(console, f"{ui('fix', lang)}: {f.fix}", "dim")
    console.print()
    summary = ui("summary_counts", lang, passed=doc.count_status("pass"), weak=doc.count_status("weak"),
                 missing=doc.count_status("missing"))
    console.print(Text(f"{ui('score', lang)}: {doc.score:.0f}/100   {summary}", style="bold"))
    console.print(ui("not_compliant" if doc.fails("missing") else "compliant", lang),
                  style="red" if doc.fails("missing") else "green")


def _indented(console: Console, text: str, style: str = "") -> None:
    """A line under its finding; wrapped lines keep the indent."""
    console.print(Padding(Text(text, style=style), (0, 0, 0, 4), expand=False))
