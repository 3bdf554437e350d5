"""Shared fixtures: one Checker per test session (building the matchers takes about a second)."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from psedcheck.rulebook import load_rulebook

from .in_words import CheckerInWords

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def require_tool(name: str) -> str:
    """The path of a system tool; in CI (PSEDCHECK_REQUIRE_TOOLS=1) its absence fails, elsewhere it skips."""
    path = shutil.which(name)
    if path:
        return path
    if os.environ.get("PSEDCHECK_REQUIRE_TOOLS") == "1":
        pytest.fail(f"{name} is required in CI but not installed")
    pytest.skip(f"{name} is not installed")


def require_shared() -> Path:
    """../shared (the rule catalog, the report schema): beside every checkout of the team and in CI."""
    if (SHARED / "domain" / "rule-catalog.md").is_file():
        return SHARED
    if os.environ.get("PSEDCHECK_REQUIRE_TOOLS") == "1":
        pytest.fail(f"{SHARED} is required in CI but missing")
    pytest.skip("../shared is not beside this checkout")


@pytest.fixture(scope="session", autouse=True)
def private_history(tmp_path_factory):
    """Checks made by the tests are recorded in a database of their own, never the user's."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PSEDCHECK_HISTORY", str(tmp_path_factory.mktemp("history") / "history.sqlite3"))
        yield


@pytest.fixture(scope="session")
def rulebook():
    return load_rulebook()


@pytest.fixture(scope="session")
def checker(rulebook):
    return CheckerInWords(rulebook, "en")


@pytest.fixture(scope="session")
def soffice():
    return require_tool("soffice")


@pytest.fixture(scope="session")
def checker_in(rulebook):
    """checker_in("ru"): a Checker writing its messages in that language, built once per language."""
    made: dict[str, Checker] = {}

    def get(lang: str) -> Checker:
        if lang not in made:
            made[lang] = CheckerInWords(rulebook, lang)
        return made[lang]

    return get


@pytest.fixture
def scratch(tmp_path, monkeypatch):
    """A temporary folder of its own for this test (and the converters and OCR it starts), to check
    that nothing is left in it."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    monkeypatch.setenv("TMPDIR", str(folder))
    return folder
