"""Reads a single document in a forked process while this one loads spaCy and compiles the rules.

Importing spaCy and building the matchers take about a second, reading a 60-page PDF a quarter of
one; on two cores they need not wait for each other. Once the document is sent, a reader asked to
work ahead goes on with the spaCy-free part of the analysis (the blocks' languages and figures) until
the analysis starts. Only where fork exists; elsewhere the caller reads the document itself.

The reader is also the document's own process for the memory ceiling (--limit memory): it may grow
by that much, and a reader that dies gives an error row, never a second reading without a ceiling.
"""
from __future__ import annotations

import multiprocessing as mp
import signal
from collections.abc import Callable
from pathlib import Path

from ..engine.blocks import work_out
from ..engine.facts import Plain
from ..ingest.limits import cap_memory
from ..lang.detect import assign_languages
from ..model.document import Document
from ..model.findings import DocumentReport, Failure
from ..reading import Read, read


class Reading:
    """A reading under way: call it to wait for the result (None where there is no fork, or the
    reader failed without a result and no ceiling was set: then the caller reads). `ahead()`, once
    the document is in, tells the reader to stop working ahead and gives what it worked out."""

    def __init__(self, result: Callable[[], Read | None], done: Callable[[], bool],
                 ahead: Callable[[], dict | None] = lambda: None):
        self._result, self.done, self.ahead = result, done, ahead

    def __call__(self) -> Read | None:
        return self._result()


def read_ahead(path: Path, ocr=None, memory: int | None = None, cores: int = 1, work_ahead: bool = False) -> Reading:
    """Starts reading; `cores` the reader may use for a long PDF's pages (ingest/pdf.py). With
    `work_ahead`, the reader goes on after sending the document: it assigns its languages first,
    then works out the spaCy-free facts of its blocks (engine/facts.Plain) until `ahead()` is called,
    which the caller must do once the document is in (Checker.judge does, as its analysis starts)."""
    if "fork" not in mp.get_all_start_methods():
        return Reading(lambda: None, lambda: True)
    context = mp.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    stop = context.RawValue("b", 0) if work_ahead else None  # shared memory: the reader looks at it between blocks
    process = context.Process(target=_read_and_send, args=(path, ocr, send, memory, cores, stop, receive), daemon=True)
    process.start()
    send.close()

    def finish(interrupted: bool = False) -> None:
        receive.close()
        if interrupted:  # Ctrl-C while waiting: the reader's work is not wanted any more
            process.terminate()
        process.join()

    def result() -> Read | None:
        more = False
        try:
            found = receive.recv()
            more = stop is not None and found[1] is not None  # the reader works on: ahead() ends it
            return found
        except (EOFError, OSError):
            process.join()
            return _died(path, process.exitcode, memory) if memory else None
        except BaseException:
            finish(interrupted=True)
            raise
        finally:
            if not more and not receive.closed:
                finish()

    def ahead() -> dict | None:
        if stop is None or receive.closed:
            return None
        stop.value = 1
        try:
            return receive.recv()
        except (EOFError, OSError):  # it died working ahead: the checking process does it all
            return None
        except BaseException:
            finish(interrupted=True)
            raise
        finally:
            if not receive.closed:
                finish()

    def done() -> bool:
        """The result is there to take (or the reader has died): waiting for it would not wait."""
        try:
            return receive.closed or receive.poll()
        except (EOFError, OSError):
            return True

    return Reading(result, done, ahead)


# The pipelines worth building before the document says which it needs: Russian (every heading falls
# back to it) and Kyrgyz, the languages of the programmes. English ones are rare, and a pipeline built
# for nothing takes the core a long PDF's second reading process could use (ingest/pdf.py).
LIKELY_LANGUAGES = ("ru", "ky")


def build_while_reading(matcher, reading: Reading) -> None:
    """Builds the likely language pipelines while the reader is still at work, so the document does
    not wait for them once it is read."""
    for lang in LIKELY_LANGUAGES:
        if reading.done():
            return
        matcher.concepts("", lang)


def _died(path: Path, exitcode: int | None, memory: int) -> Read:
    return _row(path, "crashed", f"the reading process died (exit code {exitcode}); perhaps memory ran out "
                                 f"(a document may take {memory >> 20} MB, --limit memory)")


def _row(path: Path, code: str, why: str) -> Read:
    report = DocumentReport(str(path), format=path.suffix.lower().lstrip(".") or None)
    report.error = Failure(code, f"{path.name}: {why}")
    return report, None


def _read_and_send(path: Path, ocr, send, memory: int | None = None, cores: int = 1, stop=None,
                   receive=None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it ends this reader
    if receive is not None:
        receive.close()  # the parent's end: were it left open here, a parent gone would leave a send waiting
    if memory:
        if ocr is not None and path.suffix.lower() == ".pdf":
            import numpy  # noqa: F401  OCR needs it; its libraries (120 MB of address space) are not the document's
            import PIL.Image  # noqa: F401
        cap_memory(memory)
    try:
        try:
            result = read(path, ocr, cores)
        except Exception as exc:  # a bug costs this document, as in check_safely
            result = _row(path, "internal", f"internal error: {type(exc).__name__}: {exc}")
        if stop is not None and result[1] is not None:
            result = (result[0], assign_languages(result[1]))
            send.send(result)
            send.send(_worked_ahead(result[1], stop))
        else:
            send.send(result)
    except Exception:  # a result that cannot be sent: the parent finds the pipe closed
        pass
    finally:
        send.close()


def _worked_ahead(document: Document, stop) -> dict:
    """The spaCy-free facts of the document's blocks, in order, until told to stop (between two
    blocks); what was worked out before a failure is still right."""
    plain = Plain()
    try:
        for block in document.blocks():
            if stop.value:
                break
            work_out(document, [block], plain)
    except Exception:  # noqa: BLE001 - MemoryError under the ceiling, a bug: the checker works out the rest
        pass
    return plain.known
