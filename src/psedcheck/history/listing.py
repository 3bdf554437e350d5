"""`psedcheck history`: which recorded checks a user means, and how they are listed (terminal or JSON)."""
from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import datetime

from rich.console import Console
from rich.text import Text

from ..i18n import ui
from .schema import fold
from .store import CheckRecord


@dataclass(frozen=True)
class Selection:
    """What the user named: part of a municipality's name, files (by content or by name), check numbers.
    Nothing named selects everything."""

    municipality: str | None = None
    sha256s: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()
    ids: frozenset[int] = frozenset()

    @property
    def empty(self) -> bool:
        return not (self.municipality or self.sha256s or self.names or self.ids)

    def matches(self, record: CheckRecord) -> bool:
        if self.municipality and fold(self.municipality) not in fold(record.municipality or ""):
            return False
        if (self.sha256s or self.names) and not (record.sha256 in self.sha256s or record.file_name in self.names):
            return False
        return not self.ids or record.id in self.ids


def by_programme(records: list[CheckRecord]) -> list[list[CheckRecord]]:
    """Checks grouped by programme, oldest first inside a group; groups by their latest check, newest first."""
    groups: dict[str, list[CheckRecord]] = {}
    for record in records:
        groups.setdefault(record.programme, []).append(record)
    return sorted(groups.values(), key=lambda g: max(r.id for r in g), reverse=True)


def render(records: list[CheckRecord], fmt: str, lang: str, database: str, query: str | None = None) -> str:
    if fmt == "json":
        return json.dumps(as_dict(records, database), ensure_ascii=False, indent=2) + "\n"
    return _terminal(records, lang, database, query)


def as_dict(records: list[CheckRecord], database: str) -> dict:
    return {"database": database, "programmes": [
        {"municipality": group[-1].municipality, "period": group[-1].period, "programme": group[-1].programme,
         "versions": [_version(r) for r in group]}
        for group in by_programme(records)]}


def _version(r: CheckRecord) -> dict:
    return {"id": r.id, "checked_at": r.checked_at, "last_checked_at": r.last_checked_at, "times": r.times,
            "file": r.file_name, "sha256": r.sha256, "format": r.format, "ruleset": r.ruleset,
            "ruleset_version": r.ruleset_version, "tool_version": r.tool_version, "lang": r.lang,
            "summary": {"score": r.score, "pass": r.passed, "weak": r.weak, "missing": r.missing}}


def local_time(stamp: str, lang: str) -> str:
    """A UTC stamp of the database in the user's time zone, the date written as the language writes it."""
    moment = datetime.fromisoformat(stamp).astimezone()
    day = ui("date", lang, year=f"{moment.year:04d}", month=f"{moment.month:02d}", day=f"{moment.day:02d}")
    return f"{day} {moment:%H:%M}"


def _terminal(records: list[CheckRecord], lang: str, database: str, query: str | None) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, no_color=True, width=120, highlight=False)
    console.rule(Text(ui("history_title", lang), style="bold"))
    if not records:
        console.print(ui("history_no_match", lang, query=query) if query else ui("history_empty", lang))
    for group in by_programme(records):
        latest = group[-1]
        name = " · ".join(filter(None, [latest.municipality, latest.period])) or ui("history_unknown_programme", lang)
        console.print()
        console.print(Text(f"{name} ({ui('history_versions', lang, count=len(group))})", style="bold"))
        for r in group:
            counts = ui("summary_counts", lang, passed=r.passed, weak=r.weak, missing=r.missing)
            times = f" ({ui('history_times', lang, count=r.times)})" if r.times > 1 else ""
            console.print(f"  {r.id:>5}  {local_time(r.last_checked_at, lang)}  {r.file_name}{times}")
            console.print(f"         {ui('score', lang)}: {r.score:.0f}/100 · {counts}", style="dim")
    console.print()
    console.print(ui("history_where", lang, path=database), style="dim")
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())
