"""The history side of the server: a programme's recorded versions and the diff of any two of them.

Versions are known by their row number in the history (history/store.py), taken from the address only
after it has been checked to be a plain number; a file name is never used to find anything. The diff
is the one `psedcheck diff` makes (history/diff.py), its rule titles and aspect labels put in the
page's language from the rule set, as the command would have written them checking in that language.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..history.diff import ReportDiff, diff_reports
from ..history.diff_render import counts, place, rule_groups, score_line
from ..history.listing import local_time
from ..history.store import CheckRecord, History
from ..i18n import ui
from ..model.findings import DocumentReport
from ..reporters import common
from ..reporters.wording import phrase_document

CHECK_ID = re.compile(r"^[1-9][0-9]{0,15}$")  # a row number; never more than SQLite's 64-bit integers


def check_id(text: str | None) -> int | None:
    """The check number an address gives, or None when it is no plain positive number."""
    return int(text) if text and CHECK_ID.match(text) else None


@dataclass(frozen=True)
class Compared:
    diff: ReportDiff
    old: CheckRecord
    new: CheckRecord


class Versions:
    def __init__(self, database: str):
        self.path = Path(database)
        self.store = History(self.path)

    def record(self, check: int) -> CheckRecord | None:
        return self.store.check(check) if self.path.is_file() else None

    def programme(self, check: int) -> list[CheckRecord]:
        """Every recorded version of the programme this check is of, oldest first ([] when unknown)."""
        record = self.record(check)
        return self.store.versions(record.programme) if record else []

    def previous(self, check: int) -> CheckRecord | None:
        """The version checked last before this one, with other content (as `diff --previous` takes it)."""
        versions = self.programme(check)
        this = next((r for r in versions if r.id == check), None)
        if this is None:
            return None
        earlier = [r for r in versions if r.sha256 != this.sha256
                   and (r.last_checked_at, r.id) < (this.last_checked_at, this.id)]  # dates are to the second
        return max(earlier, key=lambda r: (r.last_checked_at, r.id), default=None)

    def report(self, check: int) -> DocumentReport | None:
        return self.store.report(check) if self.record(check) else None

    def compare(self, old: int, new: int, rulebooks, lang: str) -> Compared | None:
        """The diff of two recorded checks, in `lang`; None when either is not in the history.
        `rulebooks(ruleset)` gives the rule set a check was made with, or None when it is not here."""
        old_record, new_record = self.record(old), self.record(new)
        if old_record is None or new_record is None:
            return None
        before, after = self.store.report(old), self.store.report(new)
        if before is None or after is None:
            return None
        rulebook = rulebooks(new_record.ruleset)
        if rulebook is not None:  # both in words of `lang`, whatever languages the checks were made in
            before, after = phrase_document(before, rulebook, lang), phrase_document(after, rulebook, lang)
        return Compared(diff_reports(before, after), old_record, new_record)


# ---- what the templates show


def version_rows(records: list[CheckRecord], lang: str) -> list[dict]:
    return [{"id": r.id, "file": r.file_name, "when": local_time(r.last_checked_at, lang), "times": r.times,
             "score": common.score_text(r.score, lang),
             "counts": ui("summary_counts", lang, passed=r.passed, weak=r.weak, missing=r.missing)}
            for r in records]


def programme_name(record: CheckRecord, lang: str) -> str:
    return " · ".join(filter(None, [record.municipality, record.period])) or ui("history_unknown_programme", lang)


def diff_view(compared: Compared, lang: str) -> dict:
    """The diff page's content: both sides, the score, then the groups of rules (changes first)."""
    diff = compared.diff
    sides = []
    for key, doc, record in (("diff_old", diff.old, compared.old), ("diff_new", diff.new, compared.new)):
        sides.append({"label": ui(key, lang), "id": record.id, "file": record.file_name,
                      "when": local_time(record.last_checked_at, lang), "score": common.score_text(doc.score, lang),
                      "counts": counts(doc, lang)})
    return {"place": place(diff.new) or place(diff.old), "sides": sides, "score_line": score_line(diff, lang),
            "changed": bool(diff.changes), "groups": rule_groups(diff, lang)}
