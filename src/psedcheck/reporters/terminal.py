"""The readable terminal report (rich), wrapped to the terminal's width at word boundaries.

One document: the verdict and score first, then what to fix first (blocking gaps, required rules,
recommended ones), the other gaps, and the rules met folded to one line each. Each gap shows its
aspects ✓ / ✗ with the whole quote that meets them, figures highlighted. Several documents: one
line per document, unless `full` asks for every report.
"""
from __future__ import annotations

import io

from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from ..model.findings import DocumentReport, Evidence, Finding, Report, Status
from ..i18n import ui
from . import common

DEFAULT_WIDTH = 80  # when the output is no terminal and COLUMNS is not set
_STYLE = {Status.PASS: "bold green", Status.WEAK: "bold yellow", Status.MISSING: "bold red"}
_VERDICT_STYLE = {"clear": "bold green", "blocking": "bold red", "not-judged": "bold", "not-checked": "bold red",
                  "not-a-programme": "bold blue"}
_VERDICT_MARK = {"clear": "✔", "blocking": "✘", "not-judged": "•", "not-checked": "✘", "not-a-programme": "ℹ"}
_INDENT = 4


def render(report: Report, color: bool = False, width: int = DEFAULT_WIDTH, hide_pass: bool = False,
           full: bool | None = None) -> str:
    """`full`: every document's whole report (default: only when there is one document)."""
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=color, no_color=not color, width=max(width, 30),
                      highlight=False, emoji=False)
    if full is None:
        full = len(report.documents) == 1
    if full:
        for doc in report.documents:
            _document(console, doc, report, hide_pass)
    else:
        _batch(console, report)
    text = buffer.getvalue()
    return text if color else "".join(line.rstrip() + "\n" for line in text.splitlines())  # no padding in files


def _document(console: Console, doc: DocumentReport, report: Report, hide_pass: bool) -> None:
    lang = report.lang
    console.rule(Text(doc.path, style="bold"))
    if doc.error:
        # the localised reason; the code follows on stderr and the technical message in the JSON
        console.print(Text(f"✘ {ui('error', lang).capitalize()}: {common.failure_text(doc.error, lang)}", style="bold red"))
        console.print()
        return
    facts = [" · ".join(filter(None, [doc.municipality, doc.period])),
             f"{ui('language', lang)}: {common.language_name(doc.language, lang)}",
             f"{ui('pages', lang)}: {doc.pages}" if doc.pages else "",
             f"{ui('ruleset', lang)}: {report.ruleset}"]
    console.print(" · ".join(f for f in facts if f), style="dim")
    if notice := common.not_programme_notice(doc, lang):
        _not_programme(console, notice)
        return
    _verdict(console, doc, report)
    order = common.ordered(doc, report.fail_on)
    for key, findings in (("group_fix_first", order.fix_first), ("group_rest", order.rest)):
        if findings:
            console.print()
            console.print(Text(ui(key, lang), style="bold underline"))
            for f in findings:
                _finding(console, f, lang)
    console.print()
    if hide_pass:
        console.print(ui("passes_hidden", lang, count=len(order.passed)), style="dim")
    elif order.passed:
        console.print(Text(ui("group_passed", lang, count=len(order.passed)), style="bold underline"))
        for f in order.passed:
            line = Text()
            line.append(f"{common.MARK[f.status]} ", style=_STYLE[f.status])
            line.append(f.title)
            line.append(f" · {f.rule}", style="dim")
            console.print(Padding(line, (0, 0, 0, 0)))
    console.print()


def _verdict(console: Console, doc: DocumentReport, report: Report) -> None:
    """«✘ Blocking gaps: 3», what blocks at this --fail-on, then the score and the counts."""
    lang = report.lang
    verdict = common.verdict(doc, report.fail_on, lang)
    style = _VERDICT_STYLE[verdict.key]
    console.print(Text(f"{_VERDICT_MARK[verdict.key]} {verdict.word[:1].upper()}{verdict.word[1:]}", style=style))
    lines = [Text(f"({verdict.threshold})", style="dim")]
    score = Text(f"{ui('score', lang)}: {common.score_text(doc.score, lang)}/100", style="bold")
    score.append(" · " + ui("summary_counts", lang, passed=doc.count_status("pass"), weak=doc.count_status("weak"),
                            missing=doc.count_status("missing")), style="")
    lines.append(score)
    lines += [Text(line) for line in filter(None, [verdict.note, common.ignored_line(report)])]
    lines += [Text(f"ℹ {line}", style="dim") for line in common.reading_notes(doc, lang)]
    for line in lines:
        _indented(console, line, 2)


def _not_programme(console: Console, notice: common.NotProgrammeNotice) -> None:
    """A council decision, a report or a budget: what it is, the lines that show it and what to check
    instead; no score and no list of gaps, which would read as a failed programme."""
    console.print(Text(f"{_VERDICT_MARK['not-a-programme']} {notice.headline}", style=_VERDICT_STYLE["not-a-programme"]))
    _indented(console, Text(notice.why, style="dim"), 2)
    for quote in notice.quotes:
        _indented(console, Text(f"«{quote}»", style="cyan"), _INDENT)
    _indented(console, Text(notice.advice), 2)
    _indented(console, Text(notice.unscored, style="dim"), 2)
    console.print()


def _finding(console: Console, f: Finding, lang: str) -> None:
    console.print()
    console.print(Text(f"{common.MARK[f.status]} {f.title}", style=_STYLE[f.status]))
    tags = f"{common.status_label(f.status, lang)} · {ui('severity_' + f.severity.value, lang)} · {f.rule}"
    _indented(console, Text(tags, style="dim"), 2)
    _indented(console, Text(f.message), 2)
    if f.note:
        _indented(console, Text(f.note, style="italic"), 2)
    some = any(not a.required for a in f.aspects)
    for a in f.aspects:
        line = Text("✓ " if a.met else "✗ ", style="green" if a.met else "red")
        line.append(a.label)
        _indented(console, line, 2)
        for e in a.evidence[:1]:
            _indented(console, _quote(e, lang), _INDENT + 2)
    if some:
        _indented(console, Text(f"({ui('aspects_some', lang)})", style="dim"), 2)
    for e in common.loose_evidence(f)[:2]:
        _indented(console, _quote(e, lang, lead="» "), 2)
    if f.fix:
        fix = Text(f"{ui('fix', lang)}: ", style="bold")
        fix.append(f.fix)
        _indented(console, fix, 2)


def _quote(e: Evidence, lang: str, lead: str = "") -> Text:
    """The whole quote, its figures in bold, then where it stands."""
    text = Text(f"{lead}«", style="cyan")
    for piece, figure in common.highlighted(" ".join(e.text.split())):
        text.append(piece, style="bold cyan underline" if figure else "cyan")
    text.append("»", style="cyan")
    place = common.where(e, lang)
    if place:
        text.append(f" — {place}", style="dim")
    return text


def _indented(console: Console, text: Text, indent: int) -> None:
    """A line under its finding; wrapped lines keep the indent, words stay whole."""
    console.print(Padding(text, (0, 0, 0, indent), expand=False))


def _batch(console: Console, report: Report) -> None:
    """One line per document: verdict, score, counts and the first blocking gap; then the totals."""
    lang = report.lang
    table = Table(box=None, show_edge=False, pad_edge=False, header_style="bold", expand=False)
    names = [common.file_name(d) for d in report.documents]
    table.add_column(ui("file", lang), overflow="fold", min_width=min(max(map(len, names), default=8), console.width // 3))
    table.add_column(ui("verdict", lang))
    table.add_column(ui("score", lang), justify="right", no_wrap=True)
    table.add_column("✔ ◐ ✘", no_wrap=True)
    table.add_column(ui("first_blocking", lang))
    verdicts = [common.verdict(doc, report.fail_on, lang) for doc in report.documents]
    for doc, name, verdict in zip(report.documents, names, verdicts):
        style = _VERDICT_STYLE[verdict.key].replace("bold ", "")
        if doc.error:
            table.add_row(name, Text(verdict.word, style=style), "", "", common.failure_text(doc.error, lang))
            continue
        if doc.not_programme:  # no score and no counts: they would read as a failed programme
            table.add_row(name, Text(verdict.word, style=style), "—", "", "")
            continue
        counts = f"{doc.count_status('pass')} {doc.count_status('weak')} {doc.count_status('missing')}"
        first = verdict.blocking[0].title if verdict.blocking else ""
        table.add_row(name, Text(verdict.word, style=style), common.score_text(doc.score, lang), counts, first)
    console.print(table)
    console.print()
    keys = [v.key for v in verdicts]
    console.print(ui("batch_total", lang, total=len(keys), clear=keys.count("clear") + keys.count("not-judged"),
                     blocking=keys.count("blocking"), not_checked=keys.count("not-checked")), style="bold")
    if keys.count("not-a-programme"):
        console.print(ui("batch_not_programmes", lang, count=keys.count("not-a-programme")), style="bold")
    console.print(f"{ui('threshold_' + report.fail_on, lang).capitalize()}.", style="dim")
    if line := common.ignored_line(report):
        console.print(line, style="dim")
    console.print(ui("batch_full_hint", lang), style="dim")
