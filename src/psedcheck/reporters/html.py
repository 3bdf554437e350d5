"""The HTML report: one self-contained page (inline CSS and SVG, no request leaves it), in the
report language, printable. Every text from the document is escaped by Jinja's autoescape."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined

from ..model.findings import DocumentReport, Report, Status
from ..i18n import ui
from . import common

_COLOR = {Status.PASS: "#2e7d32", Status.WEAK: "#b7791f", Status.MISSING: "#c62828"}
_LABEL_W, _BAR_W, _ROW_H, _BAR_H = 230, 460, 34, 22


@dataclass(frozen=True)
class Segment:
    status: str
    x: float
    width: float
    count: int
    color: str


@dataclass(frozen=True)
class ChartRow:
    title: str
    y: int
    segments: tuple[Segment, ...]
    total: int


@lru_cache(maxsize=1)
def environment() -> Environment:
    """Autoescape on: every value put into the page is HTML-escaped unless marked safe (none is)."""
    return Environment(loader=PackageLoader("psedcheck.reporters", "templates"), autoescape=True,
                       trim_blocks=True, lstrip_blocks=True, undefined=StrictUndefined)


def chart(doc: DocumentReport, lang: str) -> dict:
    """Geometry of the stacked pass/weak/missing bar of each family, for the inline SVG."""
    rows = []
    for i, group in enumerate(common.families(doc, lang)):
        total = len(group.findings)
        x, segments = float(_LABEL_W), []
        for status in common.STATUSES:
            n = group.count(status)
            if n:
                width = _BAR_W * n / total
                segments.append(Segment(status.value, round(x, 1), round(width, 1), n, _COLOR[status]))
                x += width
        rows.append(ChartRow(group.title, 8 + i * _ROW_H, tuple(segments), total))
    return {"rows": rows, "width": _LABEL_W + _BAR_W + 50, "height": 16 + len(rows) * _ROW_H,
            "label_w": _LABEL_W, "bar_w": _BAR_W, "bar_h": _BAR_H}


def _facts(doc: DocumentReport, report: Report) -> list[tuple[str, str]]:
    lang = report.lang
    facts = [(ui("file", lang), common.file_name(doc))]
    if doc.municipality:
        facts.append((ui("municipality", lang), doc.municipality))
    if doc.period:
        facts.append((ui("period", lang), doc.period))
    if not doc.error:
        facts.append((ui("language", lang), common.language_name(doc.language, lang)))
    if doc.pages:
        facts.append((ui("pages", lang), str(doc.pages)))
    facts.append((ui("checked_on", lang), common.checked_date(report)))
    facts.append((ui("ruleset", lang), report.ruleset_title or report.ruleset))
    return facts


def _document(doc: DocumentReport, report: Report, index: int) -> dict:
    lang = report.lang
    verdict = common.verdict(doc, report.fail_on, lang)
    order = common.ordered(doc, report.fail_on)
    return {
        "anchor": f"doc-{index}",
        "report": doc,
        "name": common.file_name(doc),
        "facts": _facts(doc, report),
        "failure": common.failure_text(doc.error, lang) if doc.error else None,
        "summary": ui("summary_counts", lang, passed=doc.count_status("pass"), weak=doc.count_status("weak"),
                      missing=doc.count_status("missing")),
        "verdict": verdict,
        "notice": common.not_programme_notice(doc, lang),  # a decision, report or budget: no score
        "verdict_word": verdict.word[:1].upper() + verdict.word[1:],
        "notes": [n for n in (verdict.note, common.ignored_line(report)) if n] + common.reading_notes(doc, lang),
        "score": common.score_text(doc.score, lang),
        "chart": chart(doc, lang),
        "gaps": [("group_fix_first", order.fix_first), ("group_rest", order.rest)],
        "passed": order.passed,
        "sections": [(s, common.canonical_title(s.id, report)) for s in doc.sections],
        "outline": common.outline(doc, report),
    }


def render(report: Report, **_options) -> str:
    lang = report.lang
    template = environment().get_template("report.html")
    return template.render(
        lang=lang,
        t=lambda key, **values: ui(key, lang, **values),
        report=report,
        documents=[_document(doc, report, i) for i, doc in enumerate(report.documents, 1)],
        status_label=lambda status: common.status_label(status, lang),
        where=lambda evidence: common.where(evidence, lang),
        pieces=lambda evidence: common.highlighted(" ".join(evidence.text.split())),
        loose=common.loose_evidence,
        mark=common.MARK,
        colors={s.value: c for s, c in _COLOR.items()},
        statuses=common.STATUSES,
    )
