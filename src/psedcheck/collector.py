"""When Python's cyclic garbage collector runs in a psedcheck command.

A run holds a few hundred thousand objects that live until it ends and are never garbage in a
cycle: the libraries, the rule book, spaCy's pipelines and string stores, pymorphy3's dictionaries,
the document's units. With the default settings the collector walked them 300 times in a 60-page
check and 870 times in a 915-page one (0.09 s and 0.4 s), and once more at exit (0.1 s).

- `own`: a young generation of 50,000 objects instead of 700, as tools that build large object
  graphs do: garbage in cycles is still collected, in fewer, larger passes.
- `loaded` and `finished`: gc.freeze(), made for this, moves every object that exists to a
  permanent generation that later collections (the one at exit too) ignore; what is frozen is
  freed with the process.

Only a process psedcheck owns (its console script, `python -m psedcheck`: cli.command) is tuned;
elsewhere (a test or a program calling cli.main or psedcheck.api) `loaded` and `finished` do
nothing, since frozen garbage would stay for the rest of that program's life.
"""
from __future__ import annotations

import gc

YOUNG = 50_000  # objects allocated (net) between two collections of the youngest generation
_owned = False


def own() -> None:
    """This process is a psedcheck command's: tune the collector for it."""
    global _owned
    _owned = True
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG, middle, old)


def loaded() -> None:
    """What is loaded now stays for the whole run: later collections skip it."""
    if _owned:
        gc.freeze()


def finished() -> None:
    """The run is over and its objects die with the process: no collection at exit need walk them."""
    if _owned:
        gc.freeze()
