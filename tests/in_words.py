"""A Checker whose reports come in words of one language, as a run's composed report tells them.

psedcheck's Checker finds facts in no language (reporters/wording.py puts them into words when a
report is composed); tests that read messages, fixes and labels check through this one."""
from __future__ import annotations

from psedcheck.api import Checker
from psedcheck.reporters.wording import phrase_document


class CheckerInWords(Checker):
    def __init__(self, rulebook=None, lang: str = "en", ocr=None):
        super().__init__(rulebook, ocr)
        self.lang = lang

    def check(self, path, prefetched=None, ahead=None):
        return phrase_document(super().check(path, prefetched, ahead), self.rulebook, self.lang)
