"""Reads a single document in a forked process while this one loads spaCy and compiles the rules.

Importing spaCy and building the matchers take about a second, reading a 60-page PDF a quarter of
one; on two cores they need not wait for each other. Only where fork exists; elsewhere the caller
reads the document itself.
"""
from __future__ import annotations

import multiprocessing as mp
from collections.abc import Callable
from pathlib import Path

from ..reading import Read, read


def read_ahead(path: Path, ocr=None) -> Callable[[], Read | None]:
    """Starts reading; the returned function waits for the result (None if the reader died)."""
    if "fork" not in mp.get_all_start_methods():
        return lambda: None
    context = mp.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_read_and_send, args=(path, ocr, send), daemon=True)
    process.start()
    send.close()

    def result() -> Read | None:
        try:
            return receive.recv()
        except (EOFError, OSError):
            return None
        finally:
            receive.close()
            process.join()

    return result


def _read_and_send(path: Path, ocr, send) -> None:
    try:
        send.send(read(path, ocr))
    except Exception:  # a reader that cannot finish leaves the reading to the parent
        pass
    finally:
        send.close()
