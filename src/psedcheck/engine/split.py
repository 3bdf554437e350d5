"""One long document's work on two cores: a helper forked once spaCy and the pipelines are loaded
(psedcheck/helper.py: it starts in milliseconds and shares them) takes part of it.

- The analysis: the helper works out the costly results of the later blocks (engine/facts.py) while
  this process works out the earlier ones, then this one builds the units from both.
- The rules: the helper evaluates every other rule over the finished analysis.

Every such result is a pure function of its inputs, so the report is the same as on one core; a
helper that fails hands over nothing and this process does its part itself. Only when asked for
(a batch already keeps every core busy).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from ..helper import can_fork, start_helper
from ..model.document import Document
from .facts import Facts, Recorder
from .matcher import ConceptMatcher
from .units import Analysis, analyse, work_out

T = TypeVar("T")
R = TypeVar("R")

WORTH_SPLITTING = 20_000  # characters of blocks: below, forking and handing over cost more than they save
HELPER_SHARE = 0.5  # of the characters: the two parts should end together (the units are built after both)
RULES_WORTH_SPLITTING = 3_000  # units: a 56-page programme has 1,600 and its rules take 0.08 s


def analyse_split(document: Document, matcher: ConceptMatcher, cores: int = 1) -> Analysis:
    blocks = list(document.blocks())
    sizes = [len(block.text) for _, block in blocks]
    if cores < 2 or sum(sizes) < WORTH_SPLITTING or not can_fork():
        return analyse(document, matcher)
    cut = _cut(sizes, 1 - HELPER_SHARE)
    receive = start_helper(lambda: _worked_out(document, blocks[cut:], matcher))
    facts = Facts(matcher)
    facts.take(_worked_out(document, blocks[:cut], matcher))
    facts.take(receive() or {})
    return analyse(document, matcher, facts)


def evaluate_split(rules: list[T], evaluate: Callable[[T], R], analysis: Analysis, cores: int = 1) -> list[R]:
    """evaluate(rule) for every rule, in order; every other rule in the helper when the analysis is large."""
    if cores < 2 or len(analysis.units) < RULES_WORTH_SPLITTING or len(rules) < 2 or not can_fork():
        return [evaluate(rule) for rule in rules]
    receive = start_helper(lambda: [evaluate(rule) for rule in rules[1::2]])
    mine = [evaluate(rule) for rule in rules[0::2]]
    theirs = receive()
    if theirs is None:
        theirs = [evaluate(rule) for rule in rules[1::2]]
    found = [None] * len(rules)
    found[0::2], found[1::2] = mine, theirs
    return found


def _worked_out(document: Document, blocks, matcher: ConceptMatcher) -> dict:
    recorder = Recorder(matcher)
    work_out(document, blocks, recorder)
    return recorder.ready


def _cut(sizes: list[int], share: float) -> int:
    """The index where the first `share` of the characters ends."""
    total, running = sum(sizes), 0
    for i, size in enumerate(sizes):
        running += size
        if running >= total * share:
            return i + 1
    return len(sizes)
