"""The progress bar of a batch on stderr (rich), or nothing: yields the callback check_many calls per document."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import PurePath

from ..model.findings import DocumentReport
from ..reporters.files import printable


@contextmanager
def progress_bar(total: int, enabled: bool, label: str = "checking") -> Iterator[Callable[[DocumentReport], None] | None]:
    """`label`: the word before the bar, in the report language."""
    if not enabled or total < 2:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    # No refresh thread: workers are forked while the bar is shown, and a fork must not copy a held lock.
    bar = Progress(TextColumn(label.replace("[", "\\[")), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                   TimeRemainingColumn(), TextColumn("{task.fields[name]}"),
                   console=Console(stderr=True), transient=True, auto_refresh=False)
    with bar:
        task = bar.add_task("", total=total, name="")

        def advance(doc: DocumentReport) -> None:
            bar.update(task, advance=1, name=printable(PurePath(doc.path).name))  # no \n or ESC from a name
            bar.refresh()

        bar.refresh()
        yield advance
