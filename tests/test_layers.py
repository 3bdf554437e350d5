"""The house rules of ARCHITECTURE.md, read off the source: which room may import which, and no room
reaching into another's private names. Imports inside functions count too (they are read, not run)."""
from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "psedcheck"
ROOMS = ("model", "lang", "ingest", "engine", "rulebook", "batch", "reporters", "commands", "history", "serve")
# what each room must never import: other rooms of psedcheck, or third-party packages
FORBIDDEN = {
    "model": {"lang", "ingest", "engine", "rulebook", "batch", "reporters", "commands", "history", "serve", "i18n"},
    "lang": {"ingest", "engine", "rulebook", "batch", "reporters", "commands", "history", "serve"},
    "ingest": {"engine", "rulebook", "batch", "reporters", "commands", "history", "serve", "model.findings"},
    "engine": {"ingest", "batch", "reporters", "commands", "history", "serve", "i18n"},  # the engine writes no words
    "rulebook": {"ingest", "engine", "batch", "reporters", "commands", "history", "serve"},
    "reporters": {"ingest", "engine", "batch", "commands", "history", "serve", "api", "reading"},
}
THIRD_PARTY_FORBIDDEN = {
    "model": {"spacy", "pydantic", "yaml", "click", "docx", "pdfplumber", "pypdfium2", "jinja2", "rich"},
    "reporters": {"spacy", "pdfplumber", "pypdfium2", "pymorphy3"},
}


def _modules(room: str) -> list[Path]:
    return sorted((SRC / room).rglob("*.py"))


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    """(the absolute module imported, the names taken from it) for every import of the file."""
    package = ".".join(("psedcheck",) + path.relative_to(SRC).parent.parts)
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")
            if node.level:
                base = base[: len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.append((module, [alias.name for alias in node.names]))
    return found


def _room_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "psedcheck" or len(parts) < 2:
        return None
    return ".".join(parts[1:3]) if parts[1:3] == ["model", "findings"] else parts[1]


def _targets(module: str, names: list[str]) -> set[str]:
    """The rooms (or top-level modules) an import reaches: `from .. import i18n` names them."""
    if module == "psedcheck":
        return set(names)
    room = _room_of(module)
    return {room} if room else set()


@pytest.mark.parametrize("room", sorted(FORBIDDEN))
def test_a_room_imports_only_what_the_plan_allows(room):
    assert _modules(room), room
    wrong = []
    for path in _modules(room):
        for module, names in _imports(path):
            if module.split(".")[0] in THIRD_PARTY_FORBIDDEN.get(room, ()):
                wrong.append(f"{path.relative_to(SRC)} imports {module}")
            if _targets(module, names) & FORBIDDEN[room]:
                wrong.append(f"{path.relative_to(SRC)} imports {module} ({', '.join(names)})")
    assert wrong == []


def test_the_model_imports_only_the_standard_library():
    stdlib = set(sys.stdlib_module_names) | {"__future__"}
    for path in _modules("model"):
        for module, _ in _imports(path):
            assert module.split(".")[0] in stdlib | {"psedcheck"}, f"{path.name} imports {module}"


def test_no_module_takes_another_rooms_private_names():
    wrong = []
    for path in SRC.rglob("*.py"):
        own = _room_of(".".join(("psedcheck",) + path.relative_to(SRC).with_suffix("").parts))
        for module, names in _imports(path):
            target = _room_of(module)
            private = [n for n in names if n.startswith("_") and not n.startswith("__")]
            if target and private and target.split(".")[0] != (own or "").split(".")[0]:
                wrong.append(f"{path.relative_to(SRC)}: {module} {private}")
    assert wrong == []


def test_imports_resolve_to_their_rooms():
    """The reader of imports itself, on a module whose imports are known: relative imports one and
    two levels up resolve to their rooms."""
    engine = SRC / "engine" / "evaluate.py"
    rooms = {_room_of(m) for m, _ in _imports(engine)}
    assert {"model.findings", "lang", "rulebook"} <= rooms
    assert "i18n" not in rooms and "reporters" not in rooms
