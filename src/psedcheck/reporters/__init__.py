"""Reporters read only the report model (findings.py), never spaCy or the parsers.

Each format is a module with `render(report, **options) -> str`; FORMATS maps the --format name to it.
"""
from __future__ import annotations

from importlib import import_module

FORMATS = {"terminal": "terminal", "json": "json", "html": "html", "markdown": "markdown"}


def render(fmt: str, report, **options) -> str:
    module = import_module(f"{__name__}.{FORMATS[fmt]}")
    return module.render(report, **options)
