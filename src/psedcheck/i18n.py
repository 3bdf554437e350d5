"""Interface strings in ru, ky and en, from one catalogue (locale/ui.yaml) like the rule files.

Rule messages live in the rule files; everything else the reporters say lives in ui.yaml, and a
test checks that every key has all three languages.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml

LANGS = ("en", "ru", "ky")


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    text = resources.files("psedcheck").joinpath("locale/ui.yaml").read_text(encoding="utf-8")
    # libyaml when present: the pure-Python loader spends a tenth of a second on this file at every start
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def ui(key: str, lang: str, **values) -> str:
    entry = catalogue()[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**values) if values else text


def note_text(note, lang: str) -> str:
    """A note about the reading (the encoding, bytes replaced, garbled pages) in the report language;
    its English message where the note has no values to tell."""
    values = dict(note.values)
    key = f"note_{note.code}" + (f"_{values['outcome']}" if "outcome" in values else "")
    return ui(key, lang, **values) if values and key in catalogue() else note.message


def accepted_formats() -> str:
    """«PDF, DOCX, ODT, …»: the file types psedcheck reads, from the readers' own list."""
    from .ingest import READERS  # a table of suffixes; no reader is loaded

    return ", ".join(dict.fromkeys(suffix.lstrip(".").upper() for suffix in READERS if suffix != ".markdown"))
