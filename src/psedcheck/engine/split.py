"""One long document's work on two cores: a helper forked once spaCy and the pipelines are loaded
(psedcheck/helper.py: it starts in milliseconds and shares them) takes part of it.

- The analysis: the two work out the costly results of the blocks (engine/facts.py), a run of blocks
  at a turn, then this process builds the units from both.
- The rules: the two evaluate them over the finished analysis, a rule at a turn.

Every such result is a pure function of its inputs, so the report is the same as on one core; a
helper that fails hands over nothing and this process does its part itself. Only when asked for
(a batch already keeps every core busy).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from ..helper import can_fork, take_turns
from ..model.document import Document
from .facts import Facts, Recorder
from .matcher import ConceptMatcher
from .blocks import work_out
from .units import Analysis, analyse

T = TypeVar("T")
R = TypeVar("R")

WORTH_SPLITTING = 20_000  # characters of blocks: below, forking and handing over cost more than they save
CHUNK = 10_000  # characters of blocks a process works out at a turn: small enough for the two to end together
RULES_WORTH_SPLITTING = 3_000  # units: a 56-page programme has 1,600 and its rules take 0.08 s


def analyse_split(document: Document, matcher: ConceptMatcher, cores: int = 1, known: dict | None = None) -> Analysis:
    """`known`: the spaCy-free results the reader worked out ahead (facts.Plain), or None."""
    blocks = list(document.blocks())
    sizes = [len(block.text) for _, block in blocks]
    facts = Facts(matcher, known)
    if cores < 2 or sum(sizes) < WORTH_SPLITTING or not can_fork():
        return analyse(document, matcher, facts)
    chunks = _chunks(blocks, sizes, CHUNK)
    for ready in take_turns(len(chunks), lambda i: _worked_out(document, chunks[i], matcher, facts.known)):
        facts.take(ready)
    return analyse(document, matcher, facts)


def evaluate_split(rules: list[T], evaluate: Callable[[T], R], analysis: Analysis, cores: int = 1) -> list[R]:
    """evaluate(rule) for every rule, in order; shared with the helper when the analysis is large."""
    if cores < 2 or len(analysis.units) < RULES_WORTH_SPLITTING or len(rules) < 2 or not can_fork():
        return [evaluate(rule) for rule in rules]
    return take_turns(len(rules), lambda i: evaluate(rules[i]))


def _worked_out(document: Document, blocks, matcher: ConceptMatcher, known: dict) -> dict:
    recorder = Recorder(matcher, known)
    work_out(document, blocks, recorder)
    return recorder.ready


def _chunks(blocks: list, sizes: list[int], size: int) -> list[list]:
    """The blocks in runs of about `size` characters."""
    chunks, current, running = [], [], 0
    for block, length in zip(blocks, sizes):
        current.append(block)
        running += length
        if running >= size:
            chunks.append(current)
            current, running = [], 0
    if current:
        chunks.append(current)
    return chunks
