"""When Python's cyclic garbage collector runs in a psedcheck command.

A run holds a few hundred thousand objects that live until it ends and are never garbage in a
cycle: the libraries, the rule book, spaCy's pipelines and string stores, pymorphy3's dictionaries,
the document's units. With the default settings the collector walked them 300 times in a 60-page
check and 870 times in a 915-page one (0.09 s and 0.4 s), and once more at exit (0.1 s).

- `start`: a young generation of 50,000 objects instead of 700, as tools that build large object
  graphs do: garbage in cycles is still collected, in fewer, larger passes.
- `loaded` and `finished`: gc.freeze(), made for this, moves every object that exists to a
  permanent generation that later collections (the one at exit too) ignore; what is frozen is
  freed with the process.

Only the command line, which owns its process, calls these: a program using psedcheck.api keeps
its collector as it was.
"""
from __future__ import annotations

import gc

YOUNG = 50_000  # objects allocated (net) between two collections of the youngest generation


def start() -> None:
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG, middle, old)


def loaded() -> None:
    """What is loaded now stays for the whole run: later collections skip it."""
    gc.freeze()


def finished() -> None:
    """The run is over and its objects die with the process: no collection at exit need walk them."""
    gc.freeze()
