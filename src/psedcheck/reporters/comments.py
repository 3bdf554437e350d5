"""--annotate: a copy of a DOCX draft with Word comments on its weak and missing findings, one
comment per place: findings that land on the same paragraph, table row or heading share it.

A weak finding's comment is anchored at the paragraph or table row its evidence quotes (the quote is
matched back to the body, preferring the section the evidence names). A missing finding's comment
goes to the heading of the section it belongs in when the draft has one, else after the nearest
section that precedes it in the canonical order of sections.yaml, else at the start. Comments are
written in the report language by the author "psedcheck". The draft itself is only read.
"""
from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..model.findings import DocumentReport, Finding, SectionInfo, Status
from ..i18n import ui
from .common import not_programme_notice
from .wording import phrase_document

AUTHOR, INITIALS = "psedcheck", "PC"
_MARK = {Status.WEAK: "◐", Status.MISSING: "✘"}
_LABEL = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*\.?|[IVXLC]{1,6}\.|[а-яa-z]\))\s+", re.IGNORECASE)
_TITLE_AREA = "title"


class SameFile(ValueError):
    """The output path is the draft itself."""


def _norm(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split()).lower()


def _unlabelled(text: str) -> str:
    """Without the automatic number («2.1. ») that ingest puts before a heading or list item."""
    return _LABEL.sub("", text, count=1)


@dataclass
class _Block:
    """A body paragraph or table, with the report section (heading) it falls under."""

    item: object  # docx Paragraph or Table
    text: str  # normalised paragraph text, or "" for a table
    rows: list[list[str]] = field(default_factory=list)  # normalised non-empty cell texts per row
    section: SectionInfo | None = None
    heading: bool = False

    @property
    def canonical(self) -> str | None:
        return self.section.id if self.section else _TITLE_AREA

    @property
    def is_table(self) -> bool:
        return bool(self.rows)


def _body_items(document):
    """Paragraphs and tables in body order, also inside content controls (as ingest reads them)."""
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    def walk(container):
        for child in container.iterchildren():
            if child.tag == qn("w:p"):
                yield Paragraph(child, document.part)
            elif child.tag == qn("w:tbl"):
                yield Table(child, document.part)
            elif child.tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    yield from walk(content)

    yield from walk(document.element.body)


def _text(p) -> str:
    """A paragraph's text as ingest reads it: every w:t, tabs and breaks as spaces, deletions left out."""
    from docx.oxml.ns import qn

    t, tab, br = qn("w:t"), qn("w:tab"), qn("w:br")
    return _norm("".join((node.text or "") if node.tag == t else " " for node in p.iter(t, tab, br)))


def _table_rows(table) -> list[list[str]]:
    """Normalised non-empty cell texts per row (a merged cell once)."""
    from docx.oxml.ns import qn

    rows = []
    for tr in table._tbl.findall(qn("w:tr")):
        cells = []
        for tc in tr.findall(qn("w:tc")):
            text = _norm(" ".join(_text(p) for p in tc.iter(qn("w:p"))))
            if text and (not cells or cells[-1] != text):
                cells.append(text)
        if cells:
            rows.append(cells)
    return rows


def _blocks(document, sections: list[SectionInfo]) -> list[_Block]:
    """Every body block, each tagged with the report section whose heading comes before it."""
    blocks, current, nxt = [], None, 0
    for item in _body_items(document):
        if hasattr(item, "rows"):
            rows = _table_rows(item)
            if rows:
                blocks.append(_Block(item, "", rows, current))
            continue
        text = _text(item._p)
        if not text:
            continue
        for k in range(nxt, min(nxt + 3, len(sections))):  # headings come in order; skip a few unmatched
            title = _norm(sections[k].title)
            if text in (title, _unlabelled(title)):
                current, nxt = sections[k], k + 1
                blocks.append(_Block(item, text, [], current, heading=True))
                break
        else:
            blocks.append(_Block(item, text, [], current))
    return blocks


def _matching_row(block: _Block, quote: str) -> int | None:
    """-1 for a paragraph that holds the quote, the index of the table row that holds it, or None."""
    truncated = quote.endswith("…")
    quote = _norm(quote.rstrip("…"))
    if not quote:
        return None
    if not block.is_table:
        return -1 if any(q and q in block.text for q in (quote, _unlabelled(quote))) else None
    wanted = [c for c in re.split(r"\s*\|\s*", quote) if c]  # a quoted row: cells joined by " | "
    for index, row in enumerate(block.rows):
        if all(c in row or (truncated and i == len(wanted) - 1 and any(r.startswith(c) for r in row))
               for i, c in enumerate(wanted)):
            return index
    return 0 if " | ".join(wanted) in " | ".join(" | ".join(r) for r in block.rows) else None


def _by_evidence(finding: Finding, blocks: list[_Block]) -> tuple[_Block, int | None] | None:
    """The block a weak finding's quote stands in, and in a table the row that holds it."""
    for evidence in finding.evidence:
        hits = [(b, row) for b in blocks if (row := _matching_row(b, evidence.text)) is not None]
        if evidence.section:
            named = [(b, row) for b, row in hits if b.section and _norm(b.section.title) == _norm(evidence.section)]
            hits = named or hits
        if hits:
            block, row = hits[0]
            return block, (row if block.is_table else None)
    return None


@dataclass(frozen=True)
class Placement:
    block: _Block
    hint: str | None = None  # why the comment stands here, for a missing section
    at_end: bool = False  # on the block's last run only: "this belongs after here"
    row: int | None = None  # in a table: the row whose cells the quote comes from

    @property
    def key(self) -> tuple:
        """Findings with the same key share one comment."""
        return id(self.block.item), self.at_end, self.row


def place(finding: Finding, blocks: list[_Block], scope: list[str], order: list[str],
          titles: dict[str, str], lang: str) -> Placement | None:
    """Where the comment on one weak or missing finding goes."""
    if not blocks:
        return None
    if finding.status is Status.WEAK and (hit := _by_evidence(finding, blocks)):
        return Placement(hit[0], row=hit[1])
    present = {}
    for block in blocks:
        present.setdefault(block.canonical, []).append(block)
    here = [s for s in scope if s in present]  # the draft has the section, not what the rule asks of it
    headed = [s for s in here if s != _TITLE_AREA]  # a section with a heading before the title area
    if here:
        return Placement(present[(headed or here)[0]][0])
    positions = [order.index(s) for s in scope if s in order]
    if positions:
        for previous in reversed(order[: min(positions)]):
            if previous in present:
                return Placement(present[previous][-1],
                                 ui("comment_place_after", lang, after=titles.get(previous, previous)), at_end=True)
    return Placement(blocks[0], ui("comment_place_start", lang))


def comment_text(finding: Finding, lang: str, hint: str | None = None) -> str:
    return gathered_text([finding], lang, [hint])


def gathered_text(findings: list[Finding], lang: str, hints: list[str | None]) -> str:
    """One comment for the findings of one place: each with its verdict, message and fix, the
    sources once at the end, and the placement hints once."""
    parts = []
    for i, finding in enumerate(findings):
        lines = [f"{_MARK[finding.status]} {ui('status_' + finding.status.value, lang)}: {finding.title}", finding.message]
        if finding.note:
            lines.append(finding.note)
        if finding.fix:
            lines.append(f"{ui('fix', lang)}: {finding.fix}")
        if i == 1:
            parts.append(ui("comment_more", lang))
        parts.append("\n".join(" ".join(line.split()) for line in lines if line))
    tail = list(dict.fromkeys(h for h in hints if h))
    sources = list(dict.fromkeys(f.source for f in findings))
    tail += [f"{ui('source', lang)}: {source}" for source in sources]
    return "\n\n".join(parts + ["\n".join(" ".join(t.split()) for t in tail)])


def _anchor_runs(block: _Block, at_end: bool = False, row: int | None = None):
    """The first and last run of a paragraph, a table row or a whole table (an empty run where there
    is none); `at_end`: the last run only, so the comment marks the point after the block."""
    if not block.is_table:
        paragraph = block.item
        runs = paragraph.runs or [paragraph.add_run()]
        return runs[-1:] if at_end else runs
    rows = block.item.rows
    if row is not None and not at_end:
        rows = _row_of(block, row)
    paragraphs = [p for r in rows for cell in r.cells for p in cell.paragraphs]
    last = next((p for p in reversed(paragraphs) if p.runs), paragraphs[-1])
    last_run = last.runs[-1] if last.runs else last.add_run()
    if at_end:
        return [last_run]
    first = next((p for p in paragraphs if p.runs), paragraphs[0])
    return [first.runs[0] if first.runs else first.add_run(), last_run]


def _row_of(block: _Block, index: int) -> list:
    """The docx row behind the `index`-th non-empty row that _table_rows read (they skip empty rows)."""
    wanted = block.rows[index]
    for r in block.item.rows:
        cells = []
        for cell in r.cells:
            text = _norm(cell.text)
            if text and (not cells or cells[-1] != text):
                cells.append(text)
        if cells == wanted:
            return [r]
    return list(block.item.rows)


def annotate_docx(source: str | Path, target: str | Path, report: DocumentReport, rulebook, lang: str) -> int:
    """Writes `target`, a copy of `source` with one comment per place that has weak or missing
    findings, in `lang`; returns the number of comments. `source` is opened read-only and never written."""
    import docx

    report = phrase_document(report, rulebook, lang)
    source, target = Path(source), Path(target)
    if target.exists() and target.resolve() == source.resolve():
        raise SameFile(str(target))
    document = docx.Document(str(source))
    blocks = _blocks(document, report.sections)
    order = list(rulebook.sections.sections)
    titles = {c.id: c.title for c in rulebook.canonical_sections(lang)}
    scopes = {rule.id: list(rule.scope) for rule in rulebook.rules}
    runs_of: dict[tuple, list] = {}  # the runs of each placement, found once (finding them may add an empty run)
    places: dict[tuple, tuple[list, list[Finding], list[str | None]]] = {}
    notice = not_programme_notice(report, lang)  # a decision, report or budget: one comment saying so, no gaps
    if notice and blocks:
        document.add_comment(_anchor_runs(blocks[0]), text=f"{notice.headline}\n{notice.advice}", author=AUTHOR,
                             initials=INITIALS)
    for finding in report.findings if not notice else ():
        if finding.status is Status.PASS:
            continue
        placement = place(finding, blocks, scopes.get(finding.rule, []), order, titles, lang)
        if placement is None:
            continue
        runs = runs_of.setdefault(placement.key, _anchor_runs(placement.block, placement.at_end, placement.row))
        where = tuple(run._r.getroottree().getpath(run._r) for run in runs)  # one comment per anchor
        _, gathered, hints = places.setdefault(where, (runs, [], []))
        gathered.append(finding)
        hints.append(placement.hint)
    for runs, gathered, hints in places.values():
        document.add_comment(runs, text=gathered_text(gathered, lang, hints), author=AUTHOR, initials=INITIALS)
    count = len(places) + bool(notice and blocks)
    fd, temp = tempfile.mkstemp(suffix=".docx", dir=target.parent if str(target.parent) else ".")
    os.close(fd)
    try:
        document.save(temp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp, 0o666 & ~umask)  # mkstemp makes it private; a saved copy is an ordinary file
        os.replace(temp, target)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
    return count


def annotate_usage(inputs: list[str], target: str | Path, lang: str) -> str | None:
    """What is wrong with `--annotate TARGET` for these inputs, found before any check runs:
    several inputs or a folder, an input that is no DOCX, or the draft itself as the output."""
    if len(inputs) != 1 or Path(inputs[0]).is_dir():
        return ui("annotate_one_file", lang)
    source = Path(inputs[0])
    if source.suffix.lower() != ".docx":
        return ui("annotate_only_docx", lang, name=source.name)
    if Path(target).resolve() == source.resolve():
        return ui("annotate_same_file", lang)
    return None


def annotate_for_cli(target: str | Path, documents: list[DocumentReport], rulebook, lang: str) -> str | None:
    """Annotates the one DOCX the command checked; returns a one-line problem for stderr, or None."""
    if len(documents) != 1:
        return ui("annotate_one_file", lang)
    doc = documents[0]
    if doc.error:  # already reported as an input error
        return None
    if doc.format != "docx":
        return ui("annotate_only_docx", lang, name=Path(doc.path).name)
    try:
        annotate_docx(doc.path, target, doc, rulebook, lang)
    except SameFile:
        return ui("annotate_same_file", lang)
    except OSError as exc:
        return ui("annotate_failed", lang, name=Path(doc.path).name, reason=exc.strerror or str(exc))
    return None
