"""Turns the analysed units into exactly one Finding per rule.

A rule lists aspects (what the requirement asks for); each aspect is met by a unit that holds its
concepts, and its figure where one is asked, inside the rule's scope. Declarations and denials
never meet an aspect. Enough aspects met is pass; anything met or merely mentioned is weak; nothing
is missing. Rules with a `table` block read the action plan's columns and how full they are.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import figures
from .checks import CHECKS
from ..lang.function_words import PREPOSITIONS
from .units import Analysis, Cell, Unit
from ..model.findings import AspectResult, Evidence, Finding, Severity, Status
from ..rulebook.schema import Condition, Rule, alternatives

_QUOTE_CHARS = 300
_KINDS = {"content": ("sentence", "row"), "text": ("sentence",), "row": ("row",),
          "heading": ("heading", "header"), "any": ("sentence", "row", "heading")}
_EVIDENCE_MAX = 4
_QUANTITIES = frozenset({"count", "amount", "measure"})
_LIST_BREAK = re.compile(r"[,;]\s")  # not the decimal comma of «50,7»
_CLAUSE_BREAK = re.compile(r";\s")
_VALUE_AFTER = re.compile(r"[—–:-]\s*$")
_WORD = re.compile(r"[^\W\d_]+")  # words, not the digits of another number


@dataclass
class _Outcome:
    met: dict[str, list[Unit]]
    mentions: list[Unit]
    admissions: list[Unit]
    details: dict[str, str]  # aspect -> why it is not met (table columns)


def evaluate_rule(rule: Rule, analysis: Analysis) -> Finding:
    """The rule's finding as facts; reporters/wording.py puts it into words."""
    outcome = _table_outcome(rule, analysis) if rule.table else None
    if outcome is None:
        outcome = _aspect_outcome(rule, analysis)
    status = CHECKS[rule.check](rule, outcome, analysis)
    return _finding(rule, status, outcome, analysis)


def _scoped(scope: list[str], analysis: Analysis) -> list[Unit]:
    """Units in the scope sections, and only there: a document without them meets no aspect (a
    mention elsewhere makes the rule weak at most, where the rule allows it)."""
    return analysis.units_in(frozenset(scope))


def _candidates(cond: Condition, rule: Rule, analysis: Analysis) -> list[Unit]:
    """The units in scope that may satisfy the condition: those holding a concept of its first group
    (_satisfies asks for every group), all of the scope's when it names none."""
    scope = cond.scope or rule.scope
    if not cond.need:
        return _scoped(scope, analysis)
    sections = frozenset(scope)
    return [u for u in analysis.holding(alternatives(cond.need[0])) if u.covers & sections]


def _aspect_outcome(rule: Rule, analysis: Analysis) -> _Outcome:
    met: dict[str, list[Unit]] = {}
    for name, aspect in rule.aspects.items():
        for cond in aspect.when:
            candidates = _candidates(cond, rule, analysis)
            hits = [u for u in candidates if _satisfies(u, cond, rule)
                    and _quantifies(u, cond, analysis.figure_window) and _described(u, cond, analysis)]
            if len(hits) >= cond.min_units:
                met[name] = hits
                break
    mention_groups = [frozenset(entry.split("+")) for entry in rule.mention] or \
        [frozenset({name}) for name in _aspect_concepts(rule)]
    # a unit holding a whole group holds its rarest concept: only those units are looked at
    pool = analysis.holding({analysis.rarest(group) for group in mention_groups if group})
    mentioned = [u for u in pool if any(group <= u.concepts for group in mention_groups)]
    mentions = [u for u in mentioned if not (rule.negation and u.negated)
                and (rule.mention_scope is None or u.declarative or u.covers & set(rule.mention_scope))]
    admissions = [u for u in mentioned if rule.negation and u.negated]
    return _Outcome(met, mentions, admissions, {})


def _aspect_concepts(rule: Rule) -> set[str]:
    names = set()
    for aspect in rule.aspects.values():
        for cond in aspect.when:
            for group in cond.need:
                names |= alternatives(group)
            names.update(cond.columns)
    return names


def _satisfies(unit: Unit, cond: Condition, rule: Rule) -> bool:
    """Whether a unit meets a condition. Only content meets one: headings and header rows only where
    the condition asks for headings, and never a bare label or a placeholder."""
    if unit.label or unit.placeholder:
        return False
    if unit.kind not in _KINDS[cond.units]:
        return False
    if unit.declarative or (rule.negation and unit.negated):
        return False
    if not _holds(unit.concepts, cond.need):
        return False
    if any(unit.concepts & alternatives(group) for group in cond.unless):
        return False
    if cond.figure and not alternatives(cond.figure) & unit.figures:
        return False
    if cond.min_figures > 1 and unit.numbers < cond.min_figures:
        return False
    for concept, need in cond.columns.items():
        if unit.kind == "row":
            groups = cond.column_need.get(concept, [])
            if not any(_cell_meets(c, concept, need) and _holds(c.concepts, groups) for c in unit.cells):
                return False
        elif concept not in unit.concepts or (need == "figure" and "count" not in unit.figures):
            return False
    return True


def _quantifies(unit: Unit, cond: Condition, window: int) -> bool:
    """A count, amount or measure meets a condition only beside what it quantifies, the concept of the
    condition's first group: within `window` words of it in a sentence; in a table row, in the figure's
    own cell, under a column it heads, or in a row it heads (a row's item number is no figure: units.py)."""
    kinds = alternatives(cond.figure) & _QUANTITIES if cond.figure else frozenset()
    if not kinds or not cond.need:
        return True
    subject = alternatives(cond.need[0])
    if unit.kind == "row":
        head = next((c.concepts for c in unit.cells if any(ch.isalpha() for ch in c.text)), frozenset())
        return any(kinds & cell.figures and subject & (cell.concepts | cell.header | head) for cell in unit.cells)
    if unit.kind != "sentence":
        return True
    spots = [(start, end) for name, start, end in unit.places if name in subject]
    if not spots:
        return True  # carried from a heading or a run-in label: the whole sentence is about it
    for figure in _figure_spans(unit.text, kinds):
        whole = figures.whole_of(unit.text, *figure)
        if any(_words_between(unit.text, spot, figure) <= window and _may_count(whole, spot) for spot in spots):
            return True
    return False


def _may_count(whole: tuple[int, int] | None, spot: tuple[int, int]) -> bool:
    """A number naming a whole («из 17 депутатов»: figures.whole_of) counts what its own noun phrase
    names, nothing said after it («… женщин немного»: no count of women)."""
    return whole is None or (spot[0] < whole[1] and whole[0] < spot[1])


def _described(unit: Unit, cond: Condition, analysis: Analysis) -> bool:
    """Whether the unit and the sentence after it hold `described` distinct, non-overlapping matches
    of the condition's last group: a description, not a mention in passing."""
    if cond.described <= 1 or not cond.need:
        return True
    wanted = alternatives(cond.need[-1])
    spans = [(0, s, e) for name, s, e in unit.places if name in wanted]
    after = analysis.following(unit)
    if after is not None:
        spans += [(1, s, e) for name, s, e in after.places if name in wanted]
    distinct, last = 0, (-1, -1)
    for where, start, end in sorted(spans):
        if (where, start) < last:
            continue  # inside the match before it
        text = (unit if where == 0 else after).text
        if where != last[0] or not _one_phrase(text[last[1]:start]):
            distinct += 1
        last = (where, end)
    return distinct >= cond.described


def _one_phrase(between: str) -> bool:
    """Two matches with nothing but a space or a preposition between are one phrase («нуждаются в
    поддержке», «колдоого муктаж»); a comma or «и» lists two things."""
    words = between.split()
    return not between.strip(" ") or (len(words) == 1 and words[0].lower() in PREPOSITIONS)


@lru_cache(maxsize=4096)
def _figure_spans(text: str, kinds: frozenset[str]) -> tuple[tuple[int, int], ...]:
    spans = [(start, end) for kind, start, end in figures.number_spans(text) if kind in kinds]
    if "amount" in kinds:
        spans += figures.amount_spans(text)
    return tuple(spans)


def _words_between(text: str, a: tuple[int, int], b: tuple[int, int]) -> float:
    """Words between two spans; a comma or semicolon between them ends the phrase («2 депутаты,
    социалдык кызматкер, аялдар кеңешинин өкүлдөрү»: the 2 are deputies, not women)."""
    first, second = sorted((a, b))
    between = text[first[1]:second[0]]
    # «Число женщин, получивших микрогранты, — 10»: a figure after a dash or colon is the value of
    # the whole phrase before it, commas and all
    breaks = _CLAUSE_BREAK if first == a and _VALUE_AFTER.search(between) else _LIST_BREAK
    if breaks.search(between):
        return float("inf")
    return len(_WORD.findall(between))


def _holds(concepts: frozenset[str], groups: list[str]) -> bool:
    return all(concepts & alternatives(group) for group in groups)


def _cell_meets(cell: Cell, concept: str, need: str) -> bool:
    if concept not in cell.header:
        return False
    # a figure in a cell is a count, or an amount under a money column (units.py)
    return bool(cell.figures & {"count", "amount"}) if need == "figure" else cell.filled


def _table_outcome(rule: Rule, analysis: Analysis) -> _Outcome | None:
    """Column coverage and fill of the action-plan table(s); None when the document has none."""
    columns = {name: next(iter(a.when[0].columns), None) for name, a in rule.aspects.items()}
    headers = [u for u in _scoped(rule.scope, analysis) if u.kind == "header"]
    tables = []
    for header in headers:
        rows = [u for u in analysis.units if u.kind == "row" and u.table_id == header.table_id]
        found = {a for a, c in columns.items() if c and c in header.concepts}
        if len(found) >= rule.table.min_columns and rows:
            tables.append((header, rows))
    if not tables:
        return None
    met, details = {}, {}
    all_rows = [r for _, rows in tables for r in rows]
    for aspect, concept in columns.items():
        with_column = [r for r in all_rows if any(concept in c.header for c in r.cells)]
        if not with_column:
            details[aspect] = "absent"
            continue
        filled = [r for r in with_column if any(concept in c.header and c.filled for c in r.cells)]
        if len(filled) >= rule.table.min_fill * len(all_rows):
            met[aspect] = filled  # quoted by a filled row, never by the header that names the column
        else:
            details[aspect] = f"{len(filled)}/{len(all_rows)}"
    mentions = [h for h, _ in tables]
    return _Outcome(met, mentions, [], details)


def _quote(unit: Unit) -> Evidence:
    text = " ".join(unit.text.split())
    if len(text) > _QUOTE_CHARS:
        cut = text[: _QUOTE_CHARS - 1]
        if not text[_QUOTE_CHARS - 1].isspace():  # end at a word boundary, never inside a word
            cut = cut.rsplit(" ", 1)[0]
        text = cut.rstrip(" ,;:") + "…"
    return Evidence(text, unit.page, unit.section.heading or None, unit.ocr)


def _evidence(status: Status, outcome: _Outcome) -> tuple[Evidence, ...]:
    chosen: list[Unit] = []
    pools = [hits[:1] for hits in outcome.met.values()]
    if status is not Status.PASS:
        pools += [outcome.admissions, outcome.mentions]
    for pool in pools:
        for unit in pool:
            if unit not in chosen and len(chosen) < _EVIDENCE_MAX:
                chosen.append(unit)
    seen, result = set(), []
    for unit in chosen:
        quote = _quote(unit)
        if quote.text not in seen:
            seen.add(quote.text)
            result.append(quote)
    return tuple(result)


def _finding(rule: Rule, status: Status, outcome: _Outcome, analysis: Analysis) -> Finding:
    listed = analysis.toc_sections & set(rule.scope) - analysis.present_sections()
    required = not rule.pass_aspects or rule.pass_aspects >= len(rule.aspects)
    return Finding(
        rule=rule.id,
        family=rule.family,
        status=status,
        severity=Severity(rule.severity),
        evidence=_evidence(status, outcome),
        aspects=tuple(AspectResult(name, required, name in outcome.met,
                                   tuple(_quote(u) for u in outcome.met.get(name, [])[:1]), outcome.details.get(name))
                      for name in rule.aspects),
        admitted=_quote(outcome.admissions[0]).text if outcome.admissions else None,
        toc_only=status is not Status.PASS and bool(listed),
    )
