"""The format-neutral model every front-end produces: sections of paragraphs and tables."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Table:
    """A table as rows of cell texts; the first row is taken as the header."""

    rows: tuple[tuple[str, ...], ...]

    @property
    def header(self) -> tuple[str, ...]:
        return self.rows[0] if self.rows else ()

    @property
    def body(self) -> tuple[tuple[str, ...], ...]:
        return self.rows[1:]


@dataclass(frozen=True)
class Block:
    """A paragraph (or list item) or a table, with the page it starts on."""

    text: str
    page: int | None = None
    table: Table | None = None
    ocr: bool = False

    @property
    def is_table(self) -> bool:
        return self.table is not None


def table_block(rows, page: int | None = None, ocr: bool = False) -> Block:
    """A table block whose text is its rows joined with " | " (what evidence quotes)."""
    clean = tuple(tuple(" ".join((cell or "").split()) for cell in row) for row in rows)
    clean = tuple(row for row in clean if any(row))
    return Block("\n".join(" | ".join(row) for row in clean), page, Table(clean), ocr)


@dataclass(frozen=True, eq=False)
class Section:
    """A heading and the blocks under it up to the next heading of any level.

    The preamble before the first heading (a title page) is a section with level 0 and no heading.
    `canonical` (e.g. "swot"), `covers` and `language` come later, as new values
    (lang/detect.assign_languages, engine/sections.assign_sections). Compared by identity: two
    sections with the same words are still two places of the document.
    """

    heading: str
    level: int
    page: int | None = None
    blocks: list[Block] = field(default_factory=list)
    canonical: str | None = None
    covers: frozenset[str] = frozenset()  # every canonical id the heading names («Видение и цели»: vision, goals)
    language: str | None = None

    @property
    def text(self) -> str:
        return "\n".join(([self.heading] if self.heading else []) + [b.text for b in self.blocks])


@dataclass(frozen=True)
class Document:
    """What a front-end read from one file; later stages make new values from it, never change it."""

    path: str
    format: str
    sections: list[Section]
    pages: int | None = None
    toc: list[str] = field(default_factory=list)
    ocr_pages: list[int] = field(default_factory=list)
    language: str | None = None

    def blocks(self):
        """Every (section, block) pair in reading order."""
        for section in self.sections:
            for block in section.blocks:
                yield section, block

    @property
    def is_empty(self) -> bool:
        return not any(s.heading.strip() or any(b.text.strip() for b in s.blocks) for s in self.sections)
