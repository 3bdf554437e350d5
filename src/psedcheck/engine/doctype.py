"""What kind of document was given: a programme, or a council decision, a report or a budget sent
instead of one (issue 10, item 7). The answer is a notice in every output, not a failed programme.

Decided from the structure of the whole document, never from one word, because a real programme
often opens with the council decision that approves it, quotes past results in its situation
analysis and has a budget in its financing section:
- a *decision* has an operative part («ПОСТАНОВЛЯЕТ: 1. Утвердить…», «ТОКТОМ КЫЛАТ: 1. …
  бекитилсин»), and nothing programme-like stands outside it (the decision's header, preamble,
  clauses and signatures): no two sections of a programme, no programme body after an annex line;
- a *report* or a *budget* says so in its opening («Информация … за 9 месяцев 2022 года», «Отчет об
  исполнении…», «Местный бюджет … на 2024 год») before any programme title, and has no two
  sections of a programme.
When in doubt it is a programme: the notice must never hide one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model.document import Document
from ..model.findings import NotProgramme

# Canonical sections (sections.yaml) that only a programme has; the title, abbreviations, an
# introduction, the approval and the annexes can belong to any official document.
PROGRAMME_SECTIONS = frozenset({"process", "situation-analysis", "swot", "vision", "goals", "action-plan",
                                "indicators", "financing", "monitoring", "risks"})
PROGRAMME_SECTIONS_NEEDED = 2  # two of them outside a decision make the document a programme
PROGRAMME_PROSE = 1500  # characters of body text outside a decision: more than its header or signatures
TITLE_BODY = 600  # a programme's own title outside the decision, with this much text after it
OPENING_LINES = 6  # the lines in which a report or a budget names itself
SIGNATURE_LINE = 120  # a decision's closing lines (signatures, seal, date) are short
CLAUSE_WINDOW = 25  # lines after the formula in which its numbered clauses are looked for

_I = re.IGNORECASE
# The operative formula ends its line or is followed by the first clause.
_FORMULA = re.compile(r"(?<!\w)(постановляет|постановил|решил|решает|токтом\s+кылат|токтом\s+кылды|чечим\s+кылат|"
                      r"чечим\s+кылды|токтом\s+кабыл\s+алат|resolves|decides)(?!\w)\s*:?\s*(?=$|1\s*[.)])", _I)
_CLAUSE = re.compile(r"^\d{1,2}\s*[.)]")
_ANNEX = re.compile(r"^\s*(приложение|тиркеме|appendix|annex)\b", _I)
_PROGRAMME_TITLE = re.compile(
    r"программ\w*\b.{0,80}?развити|(?<!\w)план\w*\s+(?:социально[-–— ]+экономического\s+)?развити|"
    r"стратеги\w*\s+(?:социально[-–— ]+экономического\s+)?развити|стратегическ\w+\s+план|"
    r"өнүктүрүү\w*\s+(?:программа|план)|өнүгүү\w*\s+(?:программа|план)|стратегиялык\s+план|"
    r"development\s+(?:programme|program|plan|strategy)|program(?:me)?\b.{0,30}?\bdevelopment|strategic\s+plan", _I)
_REPORT = re.compile(
    r"отч[её]т\w*|информаци\w+\b.{0,120}?\bза\s+(?:\d|[IV]+\b|перв|втор|трет|четв|полугод|квартал|истекш)|"
    r"об\s+исполнении|о\s+(?:ходе\s+)?(?:выполнении|исполнении|реализации)\b.{0,120}?\bза\s+\d|"
    r"\bза\s+\d{1,2}\s+месяц|\bза\s+(?:I|II|перв\w+|втор\w+)\s+(?:полугоди|квартал)|\bитоги\b.{0,80}?\bза\s+\d|"
    r"аткарыл\w*\s+(?:жөнүндө|боюнча|тууралуу)|жылдын\s+\d{1,2}\s+ай\w*|жыйынтыг\w*\s+боюнча\s+маалымат|"
    r"(?:progress|implementation|execution|activity|annual|performance)\s+report|\breport\s+on\b|"
    r"\bfor\s+the\s+(?:first\s+)?(?:\w+\s+)?(?:months|quarter|half[- ]year)\b", _I)
_BUDGET = re.compile(
    r"бюджет\w*\b.{0,80}?\bна\s+\d{4}\s*(?:г\b|год)|о\s+местном\s+бюджете|^\s*(?:местный\s+)?бюджет\b|"
    r"\d{4}-жылга\b.{0,60}?бюджет|бюджет\w*\b.{0,60}?\d{4}-жылга|жергиликтүү\s+бюджет\w*\s*$|"
    r"\b(?:local\s+)?budget\b.{0,40}?\bfor\s+\d{4}\b|^\s*(?:local\s+)?budget\b", _I)
# Column titles of a budget's tables, and those that make a table a plan of measures instead.
_BUDGET_HEADER = re.compile(r"доход|расход|кассов|уточн|утвержд|сумм|стать|киреше|чыгаша|income|revenue|expendit", _I)
_APPROVING = re.compile(r"утвержд|бекит|жөнүндө|approv", re.IGNORECASE)  # «Об утверждении Программы…» names, not titles
_PLAN_HEADER = re.compile(r"срок|ответствен|мероприят|мөөнөт|жооптуу|иш-чара|deadline|responsible|measure|activit", _I)


@dataclass(frozen=True)
class _Line:
    """One heading, paragraph or table of the document in reading order."""

    text: str
    heading: bool
    section: str | None  # the canonical id of its section, when the line is the section's heading
    table: tuple[tuple[str, ...], ...] | None = None


def classify(document: Document) -> NotProgramme | None:
    """None for a programme (or a draft of one); otherwise what the document is and the lines that show it.
    Needs the canonical section ids (engine/sections.assign_sections)."""
    lines = _lines(document)
    if not lines:
        return None
    decision = _decision(lines)
    if decision is not None:
        start, formula, end = decision
        before, after = lines[:start], lines[end:]
        if _programme_sections(before + after) >= PROGRAMME_SECTIONS_NEEDED:
            return None
        annexed = _said(after)  # what the decision approves or takes note of, when it is attached
        if annexed and annexed[0] == "report":
            return NotProgramme(*annexed)
        if _budget_tables(after):
            return NotProgramme("budget", _quote(lines[formula:end], 2))
        if annexed and annexed[0] == "programme" or _programme_like(before, after):
            return None
        return NotProgramme("decision", _quote(lines[formula:end], 2))
    if _programme_sections(lines) >= PROGRAMME_SECTIONS_NEEDED:
        return None
    said = _said(lines)
    return NotProgramme(*said) if said and said[0] != "programme" else None


def _lines(document: Document) -> list[_Line]:
    lines = []
    for section in document.sections:
        if section.heading.strip():
            lines.append(_Line(" ".join(section.heading.split()), True, section.canonical))
        for block in section.blocks:
            text = " ".join(block.text.split())
            if text:
                lines.append(_Line(text, False, None, block.table.rows if block.table else None))
    return lines


def _decision(lines: list[_Line]) -> tuple[int, int, int] | None:
    """(start, formula, end) of a council decision's text: the header, preamble, operative formula,
    numbered clauses and closing lines. None when no formula is followed by a numbered clause."""
    for at, line in enumerate(lines):
        formula = _FORMULA.search(line.text)
        if not formula:
            continue
        clauses = [at] if line.text[formula.end():].strip() else []  # «ПОСТАНОВЛЯЕТ: 1. Утвердить…» in one line
        for i in range(at + 1, min(len(lines), at + CLAUSE_WINDOW)):
            if _boundary(lines[i]):
                break
            if _CLAUSE.match(lines[i].text):
                clauses.append(i)
        if clauses:
            return _header_start(lines, at), at, _closing_end(lines, max(clauses))
    return None


def _closing_end(lines: list[_Line], last: int) -> int:
    """The index after the decision: its last clause, then the short closing lines (signatures, seal,
    date) up to an annex line, a programme's title or section, a table or a paragraph of body text."""
    end = last + 1
    while end < len(lines):
        line = lines[end]
        if _boundary(line) or line.table or len(line.text) > SIGNATURE_LINE:
            break
        end += 1
    return end


def _boundary(line: _Line) -> bool:
    """Where a decision's text ends and what it approves begins."""
    return bool(_ANNEX.match(line.text) or (line.heading and line.section in PROGRAMME_SECTIONS)
                or _titles_programme(line))


def _header_start(lines: list[_Line], formula: int) -> int:
    """The decision begins with its preamble (one paragraph before the formula) and, above it, the
    short lines of its header: letterhead, «ПОСТАНОВЛЕНИЕ», number, date, «Об утверждении …»."""
    start = formula
    if start > 0 and not _boundary(lines[start - 1]) and not lines[start - 1].table:
        start -= 1  # the preamble: «В целях …, городской кенеш»
    while start > 0:
        line = lines[start - 1]
        if line.table or len(line.text) > SIGNATURE_LINE * 2 or _boundary(line):
            break
        start -= 1
    return start


def _programme_like(before: list[_Line], after: list[_Line]) -> bool:
    """Outside a decision: a programme's title page above it, or after it a programme's body, its
    title or introduction with text under it, or a table that is no budget (perhaps its plan)."""
    if any(_titles_programme(line) for line in before):
        return True
    outside = before + after
    if sum(len(line.text) for line in outside if not line.table and not line.heading) >= PROGRAMME_PROSE:
        return True
    tables = [line for line in after if line.table]
    if sum(len(line.text) for line in tables) >= TITLE_BODY:
        return True  # a table approved with the decision that is no budget (budgets are told apart before)
    for i, line in enumerate(after):
        if _titles_programme(line) or (line.heading and line.section == "introduction"):
            if sum(len(rest.text) for rest in after[i + 1:]) >= TITLE_BODY:
                return True
    return False


def _titles_programme(line: _Line) -> bool:
    """A programme's own title («Программа социально-экономического развития …»), not a decision's
    «Об утверждении Программы…» or a clause that names it."""
    return bool(_PROGRAMME_TITLE.search(line.text)) and not _APPROVING.search(line.text) and not _CLAUSE.match(line.text)


def _programme_sections(lines: list[_Line]) -> int:
    return len({line.section for line in lines if line.heading and line.section in PROGRAMME_SECTIONS})


def _budget_tables(lines: list[_Line]) -> bool:
    """Tables headed like a budget (revenue, expenditure, approved, executed) and not like a plan of measures."""
    tables = [line.table for line in lines if line.table]
    if not tables:
        return False
    budget = 0
    for rows in tables:
        header = " ".join(" ".join(row) for row in rows[:2])
        if _BUDGET_HEADER.search(header) and not _PLAN_HEADER.search(header):
            budget += 1
    return budget * 2 > len(tables)


def _said(lines: list[_Line]) -> tuple[str, tuple[str]] | None:
    """What the opening lines call the document (programme, report or budget) and the line that says it."""
    for line in [line for line in lines if not line.table][:OPENING_LINES]:
        if kind := _first_said(line.text):
            return kind, (_short(line.text),)
    return None


def _first_said(text: str) -> str | None:
    """What a line of the opening calls the document, by the earliest name in it: «Отчет о реализации
    Программы…» is a report, «Программа … Отчет о слушаниях» a programme."""
    found = []
    for kind, pattern in (("programme", _PROGRAMME_TITLE), ("report", _REPORT), ("budget", _BUDGET)):
        if m := pattern.search(text):
            found.append((m.start(), kind))
    return min(found)[1] if found else None


def _quote(lines: list[_Line], count: int) -> tuple[str, ...]:
    """What the notice cites: the formula with the words before it («…айылный кенеш РЕШИЛ:», not the
    whole preamble), joined to the first clause when it stands alone, then the next clause."""
    texts = [line.text for line in lines]
    if texts and (formula := _FORMULA.search(texts[0])) and formula.start() > 60:
        head = texts[0][:formula.start()]
        texts[0] = "…" + head[head.find(" ", len(head) - 60) + 1:] + texts[0][formula.start():]
    if len(texts) > 1 and len(texts[0]) < 100:  # the formula alone on its line
        texts = [f"{texts[0]} {texts[1]}"] + texts[2:]
    return tuple(_short(text) for text in texts[:count])


def _short(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
