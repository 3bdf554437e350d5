"""A draft-to-draft diff as the terminal, JSON or Markdown shows it, in the report language.

Improvements and regressions come first, then rules whose status stayed but whose parts changed,
then the rest; under each changed rule, the parts now met (with the quote that meets them) and those
no longer met (with the quote that used to).
"""
from __future__ import annotations

import io
import json
from dataclasses import dataclass

from rich.console import Console
from rich.padding import Padding
from rich.text import Text

from ..i18n import ui
from ..model.findings import DocumentReport, Evidence, Status
from ..reporters import common
from ..reporters.markdown import escape
from .diff import Direction, ReportDiff, RuleChange, by_importance

DIFF_VERSION = 1
_STYLE = {Status.PASS: "bold green", Status.WEAK: "bold yellow", Status.MISSING: "bold red", None: "dim"}
_GROUP_STYLE = {Direction.IMPROVED: "bold green", Direction.REGRESSED: "bold red"}
_QUOTES_SHOWN = 2


@dataclass(frozen=True)
class Detail:
    """One line under a changed rule: a part or a quote that appeared (+) or disappeared (−)."""

    gained: bool
    text: str
    quote: Evidence | None


def render(diff: ReportDiff, fmt: str, lang: str, tool_version: str, ruleset: str, color: bool = False,
           width: int = 100) -> str:
    if fmt == "html":
        return _html(diff, lang, tool_version)
    if fmt == "json":
        return json.dumps(as_dict(diff, lang, tool_version, ruleset), ensure_ascii=False, indent=2) + "\n"
    if fmt == "markdown":
        return _markdown(diff, lang, tool_version)
    return _terminal(diff, lang, color, width)


def groups(diff: ReportDiff) -> list[tuple[str, list[RuleChange], bool]]:
    """(heading key, rules, whether each rule shows its details), in reading order, empty groups left out."""
    found = [
        ("diff_improved", by_importance(diff.having(Direction.IMPROVED)), True),
        ("diff_regressed", by_importance(diff.having(Direction.REGRESSED)), True),
        ("diff_parts_changed", by_importance(diff.parts_changed), True),
        ("diff_added", diff.having(Direction.ADDED), False),
        ("diff_removed", diff.having(Direction.REMOVED), False),
        ("diff_unchanged", [r for r in diff.having(Direction.UNCHANGED) if not r.changed], False),
    ]
    return [group for group in found if group[1]]


def details(change: RuleChange, lang: str) -> list[Detail]:
    out = [Detail(True, ui("diff_aspect_gained", lang, label=a.label), a.evidence[0] if a.evidence else None)
           for a in change.aspects_gained]
    out += [Detail(False, ui("diff_aspect_lost", lang, label=a.label), a.evidence[0] if a.evidence else None)
            for a in change.aspects_lost]
    if not out:  # the status moved with no part changing (a mention found or lost): the quotes say why
        out += [Detail(True, ui("diff_quote_new", lang), e) for e in change.evidence_gained[:_QUOTES_SHOWN]]
        out += [Detail(False, ui("diff_quote_gone", lang), e) for e in change.evidence_lost[:_QUOTES_SHOWN]]
    return out


def rule_groups(diff: ReportDiff, lang: str) -> list[dict]:
    """The groups of rules as the HTML diff (file or served page) shows them: changes first, each rule
    with its old and new status and, for a change, the parts and quotes gained or lost."""
    shown = []
    for key, rules, detailed in groups(diff):
        shown.append({"heading": ui(key, lang, count=len(rules)), "key": key, "detailed": detailed, "rules": [{
            "rule": r.rule, "title": r.title, "severity": ui("severity_" + r.severity.value, lang),
            "direction": r.direction.value,
            "old": r.old.value if r.old else "none", "new": r.new.value if r.new else "none",
            "old_text": status_text(r.old, lang), "new_text": status_text(r.new, lang),
            "details": [{"gained": d.gained, "text": d.text, "quote": d.quote.text if d.quote else None,
                         "where": common.where(d.quote, lang) if d.quote else ""}
                        for d in (details(r, lang) if detailed else ())],
        } for r in rules]})
    return shown


def _html(diff: ReportDiff, lang: str, tool_version: str) -> str:
    """A standalone page (no script, no outside asset), styled like the HTML report."""
    from ..reporters.html import environment

    sides = [{"label": ui(key, lang), "file": common.file_name(doc), "score": common.score_text(doc.score, lang),
              "counts": counts(doc, lang)} for key, doc in (("diff_old", diff.old), ("diff_new", diff.new))]
    view = {"place": place(diff.new) or place(diff.old), "sides": sides, "score_line": score_line(diff, lang),
            "changed": bool(diff.changes), "groups": rule_groups(diff, lang)}
    return environment().get_template("diff.html").render(
        lang=lang, view=view, version=tool_version, t=lambda key, **values: ui(key, lang, **values))


def status_text(status: Status | None, lang: str) -> str:
    return f"{common.MARK[status]} {common.status_label(status, lang)}" if status else ui("diff_not_in_ruleset", lang)


def score_line(diff: ReportDiff, lang: str) -> str:
    old, new = round(diff.old.score), round(diff.new.score)
    delta = new - old
    sign = f"+{delta}" if delta > 0 else f"−{-delta}" if delta < 0 else "±0"
    return f"{ui('score', lang)}: {old} → {new} ({sign})"


def counts(doc: DocumentReport, lang: str) -> str:
    return ui("summary_counts", lang, passed=doc.count_status("pass"), weak=doc.count_status("weak"),
              missing=doc.count_status("missing"))


def place(doc: DocumentReport) -> str:
    """Municipality and period, of the new draft where it names them."""
    return " · ".join(filter(None, [doc.municipality, doc.period]))


# --- JSON ------------------------------------------------------------------------------------------
def as_dict(diff: ReportDiff, lang: str, tool_version: str, ruleset: str) -> dict:
    return {
        "diff_version": DIFF_VERSION,
        "tool": {"name": "psedcheck", "version": tool_version, "ruleset": ruleset},
        "lang": lang,
        "old": _side(diff.old),
        "new": _side(diff.new),
        "regressed": diff.regressed,
        "rules": {direction.value: [r.rule for r in diff.having(direction)] for direction in Direction},
        "changes": [_change(r) for r in diff.changes],
    }


def _side(doc: DocumentReport) -> dict:
    return {"path": doc.path, "sha256": doc.sha256, "format": doc.format, "municipality": doc.municipality,
            "period": doc.period, "summary": {"score": doc.score, "pass": doc.count_status("pass"),
                                              "weak": doc.count_status("weak"), "missing": doc.count_status("missing")}}


def _change(r: RuleChange) -> dict:
    return {"rule": r.rule, "title": r.title, "family": r.family, "severity": r.severity.value,
            "old": r.old.value if r.old else None, "new": r.new.value if r.new else None,
            "direction": r.direction.value,
            "aspects_gained": [_aspect(a) for a in r.aspects_gained],
            "aspects_lost": [_aspect(a) for a in r.aspects_lost],
            "evidence_gained": [_evidence(e) for e in r.evidence_gained],
            "evidence_lost": [_evidence(e) for e in r.evidence_lost]}


def _aspect(a) -> dict:
    return {"id": a.id, "label": a.label, "required": a.required, "evidence": [_evidence(e) for e in a.evidence]}


def _evidence(e: Evidence) -> dict:
    return {"text": e.text, "page": e.page, "section": e.section, "ocr": e.ocr}


# --- terminal --------------------------------------------------------------------------------------
def _terminal(diff: ReportDiff, lang: str, color: bool, width: int) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=color, no_color=not color, width=width, highlight=False)
    title = f"{ui('diff_title', lang)}: {common.file_name(diff.old)} → {common.file_name(diff.new)}"
    console.rule(Text(title, style="bold"))
    if place(diff.new) or place(diff.old):
        console.print(place(diff.new) or place(diff.old), style="dim")
    console.print(Text(score_line(diff, lang), style="bold"))
    console.print(f"{ui('diff_old', lang)}: {counts(diff.old, lang)}", style="dim")
    console.print(f"{ui('diff_new', lang)}: {counts(diff.new, lang)}", style="dim")
    if not diff.changes:
        console.print()
        console.print(ui("diff_no_changes", lang), style="green")
    for key, rules, detailed in groups(diff):
        console.print()
        console.print(Text(ui(key, lang, count=len(rules)), style=_GROUP_STYLE.get(rules[0].direction, "bold underline")))
        for r in rules:
            line = Text()
            if r.direction is Direction.UNCHANGED and not r.changed:
                line.append(f"{status_text(r.new, lang):<16}", style=_STYLE[r.new])
            else:
                line.append(status_text(r.old, lang), style=_STYLE[r.old])
                line.append(" → ")
                line.append(status_text(r.new, lang), style=_STYLE[r.new])
                line.append("  ")
            line.append(f"{r.title} ", style="bold")
            line.append(f"[{r.rule}, {ui('severity_' + r.severity.value, lang)}]", style="dim")
            console.print(Padding(line, (0, 0, 0, 2), expand=False))
            for d in details(r, lang) if detailed else ():
                _indented(console, f"{'+' if d.gained else '−'} {d.text}", 6, "green" if d.gained else "red")
                if d.quote:
                    where = common.where(d.quote, lang)
                    _indented(console, f"» «{d.quote.text[:160]}»" + (f" — {where}" if where else ""), 8, "cyan")
    text = buffer.getvalue()
    return text if color else "".join(line.rstrip() + "\n" for line in text.splitlines())


def _indented(console: Console, text: str, indent: int, style: str) -> None:
    console.print(Padding(Text(text, style=style), (0, 0, 0, indent), expand=False))


# --- Markdown --------------------------------------------------------------------------------------
def _markdown(diff: ReportDiff, lang: str, tool_version: str) -> str:
    out = [f"# {escape(ui('diff_title', lang))}: {escape(common.file_name(diff.old))} → "
           f"{escape(common.file_name(diff.new))}", ""]
    new, old = diff.new, diff.old
    for key, value in (("municipality", new.municipality or old.municipality), ("period", new.period or old.period)):
        if value:
            out.append(f"- **{ui(key, lang)}:** {escape(value)}")
    out += [f"- **{ui('diff_old', lang)}:** {escape(common.file_name(old))} — {escape(counts(old, lang))}",
            f"- **{ui('diff_new', lang)}:** {escape(common.file_name(new))} — {escape(counts(new, lang))}",
            "", f"**{score_line(diff, lang)}**", ""]
    if not diff.changes:
        out += [ui("diff_no_changes", lang), ""]
    for key, rules, detailed in groups(diff):
        out += [f"## {escape(ui(key, lang, count=len(rules)))}", ""]
        for r in rules:
            if not detailed:
                out.append(f"- {status_text(r.new or r.old, lang)}: {escape(r.title)} ({escape(r.rule)})")
                continue
            out += [f"#### {status_text(r.old, lang)} → {status_text(r.new, lang)}: {escape(r.title)}", "",
                    f"*{escape(r.rule)} · {ui('severity', lang)}: {ui('severity_' + r.severity.value, lang)}*", ""]
            for d in details(r, lang):
                out.append(f"- {'➕' if d.gained else '➖'} {escape(d.text)}")
                if d.quote:
                    where = common.where(d.quote, lang)
                    out.append(f"  > «{escape(d.quote.text)}»" + (f" — {escape(where)}" if where else ""))
            out.append("")
        if not detailed:
            out.append("")
    out.append(f"*{escape(ui('generated_by', lang, version=tool_version))}*")
    return "\n".join(out) + "\n"
