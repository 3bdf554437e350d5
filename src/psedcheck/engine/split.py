"""A long document's analysis on two cores: a forked process works out the costly results of the
second part of its blocks (engine/facts.py) while this one works out the first, then this one builds
the units from both.

The fork comes after spaCy and the pipelines are loaded, so the helper starts in milliseconds and
shares them. Every result is a pure function of its inputs, so the analysis is the same as on one
core; a helper that fails hands over nothing and this process computes what is missing itself.
Only where fork exists, and only when asked for (a batch already keeps every core busy).
"""
from __future__ import annotations

import multiprocessing as mp
import signal

from ..model.document import Document
from .facts import Facts, Recorder
from .matcher import ConceptMatcher
from .units import Analysis, analyse, work_out

WORTH_SPLITTING = 20_000  # characters of blocks: below, forking and handing over cost more than they save
HELPER_SHARE = 0.6  # of the characters: this process also builds every unit from the results (about a fifth of the work)


def analyse_split(document: Document, matcher: ConceptMatcher, cores: int = 1) -> Analysis:
    blocks = list(document.blocks())
    sizes = [len(block.text) for _, block in blocks]
    if cores < 2 or sum(sizes) < WORTH_SPLITTING or "fork" not in mp.get_all_start_methods():
        return analyse(document, matcher)
    cut = _cut(sizes, 1 - HELPER_SHARE)
    receive = _helper(document, blocks[cut:], matcher)
    facts = Facts(matcher)
    facts.take(_worked_out(document, blocks[:cut], matcher))
    facts.take(receive())
    return analyse(document, matcher, facts)


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


def _helper(document: Document, blocks, matcher: ConceptMatcher):
    """Starts the helper; the returned function waits for its results ({} if it failed)."""
    context = mp.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_work_and_send, args=(document, blocks, matcher, send), daemon=True)
    process.start()
    send.close()

    def results() -> dict:
        try:
            return receive.recv()
        except (EOFError, OSError):
            return {}
        finally:
            receive.close()
            process.join()

    return results


def _work_and_send(document: Document, blocks, matcher: ConceptMatcher, send) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    try:
        send.send(_worked_out(document, blocks, matcher))
    except Exception:  # the parent finds the pipe closed and computes these itself
        pass
    finally:
        send.close()
