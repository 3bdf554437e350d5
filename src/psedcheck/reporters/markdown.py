"""The Markdown report, for pasting into e-mails and issue trackers, in the report language.

Text from the document and the rules is escaped, so a draft holding `<script>` or `**` shows it as
written instead of turning into markup.
"""
from __future__ import annotations

import re

from ..model.findings import DocumentReport, Finding, Report
from ..i18n import ui
from . import common

_INLINE = re.compile(r"([\\`*_\[\]<>~])")
_LINE_START = re.compile(r"^(\d{1,9})([.)])(?=\s|$)|^([#+-])(?=\s|$)|^(>)")


def escape(text: str, cell: bool = False, start: bool = False) -> str:
    """Backslash-escapes what Markdown would read as markup. `start`: the text begins a line or a
    list item, where «1. » or «- » would open a list; `cell`: it sits in a table, where | splits."""
    text = _INLINE.sub(r"\\\1", " ".join(str(text).split()))
    if start:
        text = _LINE_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3] or m[4]}", text)
    return text.replace("|", "\\|") if cell else text


def render(report: Report, hide_pass: bool = False, **_options) -> str:
    return "\n\n---\n\n".join(_document(doc, report, hide_pass).rstrip() for doc in report.documents) + "\n"


def _document(doc: DocumentReport, report: Report, hide_pass: bool = False) -> str:
    """The verdict and score first, then what to fix first, the other gaps, and the rules met."""
    lang = report.lang
    out = [f"# {escape(ui('report_title', lang))}: {escape(common.file_name(doc))}", ""]
    out += [f"- **{ui(label, lang)}:** {escape(value)}" for label, value in _facts(doc, report)]
    out.append("")
    if doc.error:
        out.append(f"**{ui('error', lang).capitalize()}:** {escape(common.failure_text(doc.error, lang))}")
        return "\n".join(out)
    if notice := common.not_programme_notice(doc, lang):
        out += _not_programme(notice)
        out.append(f"*{escape(ui('generated_by', lang, version=report.tool_version))}*")
        return "\n".join(out)
    verdict = common.verdict(doc, report.fail_on, lang)
    counts = ui("summary_counts", lang, passed=doc.count_status("pass"), weak=doc.count_status("weak"),
                missing=doc.count_status("missing"))
    word = verdict.word[:1].upper() + verdict.word[1:]
    out += [f"**{_VERDICT_MARK[verdict.key]} {escape(word)}** ({escape(verdict.threshold)})", "",
            f"**{ui('score', lang)}: {common.score_text(doc.score, lang)}/100** — {counts}", ""]
    out += [f"{escape(line)}\n" for line in filter(None, [verdict.note, common.ignored_line(report)])]
    out += [f"ℹ {escape(line)}\n" for line in common.reading_notes(doc, report.lang)]
    groups = common.families(doc, lang)
    if groups:
        out += [f"## {ui('chart_title', lang)}", ""]
        labels = [common.status_label(s, lang) for s in common.STATUSES]
        out.append(f"| {ui('family', lang)} | " + " | ".join(labels) + " |")
        out.append("|---|" + "---:|" * len(labels))
        for g in groups:
            out.append(f"| {escape(g.title, cell=True)} | " + " | ".join(str(g.count(s)) for s in common.STATUSES) + " |")
        out.append("")
    order = common.ordered(doc, report.fail_on)
    for key, findings in (("group_fix_first", order.fix_first), ("group_rest", order.rest)):
        if findings:
            out += [f"## {ui(key, lang)}", ""]
            for f in findings:
                out += _finding(f, lang)
    if hide_pass:
        out += [escape(ui("passes_hidden", lang, count=len(order.passed))), ""]
    elif order.passed:
        out += [f"## {ui('group_passed', lang, count=len(order.passed))}", ""]
        out += [f"- {common.MARK[f.status]} **{escape(f.title)}** (`{f.rule}`) — {escape(f.message)}" for f in order.passed]
        out.append("")
    out += _outline(doc, report)
    out.append(f"*{escape(ui('generated_by', lang, version=report.tool_version))}*")
    return "\n".join(out)


_VERDICT_MARK = {"clear": "✔", "blocking": "✘", "not-judged": "•", "not-checked": "✘", "not-a-programme": "ℹ"}


def _not_programme(notice: common.NotProgrammeNotice) -> list[str]:
    """A council decision, a report or a budget: what it is, the lines that show it, what to check
    instead; no score, chart or gaps, which would read as a failed programme."""
    out = [f"**{_VERDICT_MARK['not-a-programme']} {escape(notice.headline)}**", "", escape(notice.why), ""]
    out += [f"> «{escape(quote)}»\n" for quote in notice.quotes]
    return out + [escape(notice.advice, start=True), "", f"*{escape(notice.unscored)}*", ""]


def _facts(doc: DocumentReport, report: Report) -> list[tuple[str, str]]:
    lang = report.lang
    facts = [("municipality", doc.municipality), ("period", doc.period)]
    if not doc.error:
        facts.append(("language", common.language_name(doc.language, lang)))
    facts += [("pages", str(doc.pages) if doc.pages else None), ("checked_on", common.checked_date(report)),
              ("ruleset", report.ruleset_title or report.ruleset)]
    return [(key, value) for key, value in facts if value]


def _finding(f: Finding, lang: str) -> list[str]:
    tags = f"{common.status_label(f.status, lang)} · {ui('severity_' + f.severity.value, lang)} · `{f.rule}`"
    out = [f"### {common.MARK[f.status]} {escape(f.title)}", "", f"*{tags}*", "", escape(f.message, start=True), ""]
    if f.note:
        out += [f"*{ui('note', lang)}:* {escape(f.note)}", ""]
    if f.aspects:
        for a in f.aspects:
            quote = "".join(f" — {_quote(e, lang)}" for e in a.evidence[:1])
            out.append(f"- {'✓' if a.met else '✗'} {escape(a.label)}{quote}")
        if any(not a.required for a in f.aspects):
            out.append(f"- *({escape(ui('aspects_some', lang))})*")
        out.append("")
    for e in common.loose_evidence(f):
        out += [f"> {_quote(e, lang)}", ""]
    if f.fix:
        out += [f"**{ui('fix', lang)}:** {escape(f.fix)}", ""]
    out += [f"*{ui('source', lang)}:* {escape(f.source)}", ""]
    return out


def _quote(e, lang: str) -> str:
    """«the whole quote», its figures in bold, then where it stands."""
    text = "".join(f"**{escape(piece)}**" if figure else _spaced(piece)
                   for piece, figure in common.highlighted(" ".join(e.text.split())))
    place = common.where(e, lang)
    return f"«{text}»" + (f" — {escape(place)}" if place else "")


def _spaced(piece: str) -> str:
    """An escaped piece of a quote that keeps the spaces at its ends (escape() trims them)."""
    head = " " if piece[:1].isspace() else ""
    tail = " " if piece[-1:].isspace() and piece.strip() else ""
    return head + escape(piece) + tail


def _outline(doc: DocumentReport, report: Report) -> list[str]:
    lang = report.lang
    out = [f"## {ui('outline_title', lang)}", ""]
    if not doc.sections:
        out += [ui("outline_no_headings", lang), ""]
    for s in doc.sections:
        indent = "  " * max(s.level - 1, 0)
        page = f" ({ui('page', lang)} {s.page})" if s.page else ""
        canonical = common.canonical_title(s.id, report) or ui("outline_unrecognised", lang)
        out.append(f"{indent}- {escape(s.title, start=True)}{page} → {escape(canonical)}")
    entries = common.outline(doc, report)
    if entries:
        out += ["", f"### {ui('canonical_title', lang)}", ""]
        for c in entries:
            state = ui("section_found" if c.found else "section_absent", lang)
            out.append(f"- {'✔' if c.found else '✘'} {state}: {escape(c.title)}")
    out.append("")
    return out
