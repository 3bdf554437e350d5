"""The shape of rule files, validated at the YAML boundary (pydantic, unknown fields refused)."""
from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Lang = Literal["ru", "ky", "en"]
# The kinds of check a rule can be (its `check:`), closed like Vale's: each is code in
# engine/checks.py with its own tests, and keys that belong to one kind are refused on the others.
#   content  - aspects met by content in the scope; a mention elsewhere makes weak (the default)
#   section  - the requirement is a section of the programme: its heading alone makes weak; it may
#              read a table's columns (`table:`) and may need the section for a pass (`pass_needs_section`)
#   data     - figures asked for: a sentence that denies the data («данные отсутствуют») is quoted as an
#              admission and makes weak, never evidence
#   presence - pass or missing, nothing between
CheckKind = Literal["content", "section", "data", "presence"]
CHECK_KINDS = frozenset(CheckKind.__args__)
FigureKind = Literal["count", "amount", "measure", "date", "decision", "year-span"]
FIGURE_KINDS = frozenset(FigureKind.__args__)
ColumnNeed = Literal["filled", "figure"]


@lru_cache(maxsize=None)
def alternatives(group: str) -> frozenset[str]:
    """The concepts of a `need` group: "women|female" is women or female (parsed once per group)."""
    return frozenset(part.strip() for part in group.split("|"))


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Localized(Strict):
    """One text in each of the three languages."""

    en: str = Field(min_length=1)
    ru: str = Field(min_length=1)
    ky: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        return getattr(self, lang)


class Terms(Strict):
    """A concept's terms: Russian words in any form, Kyrgyz stems, English words."""

    ru: list[str] = Field(default_factory=list)
    ky: list[str] = Field(default_factory=list)
    en: list[str] = Field(default_factory=list)

    def get(self, lang: str) -> list[str]:
        return getattr(self, lang)


class Condition(Strict):
    """What one unit (a sentence, a table row or a heading) must hold to meet an aspect.

    `need` is a list of groups, each "a|b" meaning concept a or b; every group must be present.
    `columns` applies to table rows: the cell under a header of that concept must be filled or hold a
    figure; in a paragraph the concept and the figure must simply be in the same sentence.
    """

    need: list[str] = Field(default_factory=list)
    # Concept groups that must NOT be in the unit: a sentence headed «Задачи:» is no vision statement.
    unless: list[str] = Field(default_factory=list)
    # A figure kind, or kinds as "count|measure". A count, amount or measure meets the condition only
    # beside the concept of the first `need` group (what it quantifies): engine/evaluate.py.
    figure: str | None = None
    min_figures: int = Field(default=1, ge=1)  # how many counts the unit holds (women AND men: 2)
    columns: dict[str, ColumnNeed] = Field(default_factory=dict)
    # For table rows: concept groups that the cell under that column must itself hold («обучено 40
    # женщин» under «Ожидаемый результат»), so a figure is tied to what it counts.
    column_need: dict[str, list[str]] = Field(default_factory=dict)
    # content: sentences and table rows (what a document says); text / row: one of them; heading:
    # headings and header rows; any: content or a heading (a title is set as a heading)
    units: Literal["content", "any", "heading", "row", "text"] = "content"
    min_units: int = Field(default=1, ge=1)
    # Described, not named in passing: this many distinct matches of the last `need` group (roles,
    # needs) in the unit and the sentence after it («Их тратят на потребление и жильё»).
    described: int = Field(default=1, ge=1)
    scope: list[str] | None = None  # overrides the rule's scope for this condition

    @field_validator("figure")
    @classmethod
    def _known_figure_kinds(cls, figure):
        if figure is not None and not alternatives(figure) <= FIGURE_KINDS:
            raise ValueError(f"unknown figure kind in {figure!r}; known: {', '.join(sorted(FIGURE_KINDS))}")
        return figure

    @field_validator("need")
    @classmethod
    def _groups_not_empty(cls, groups):
        for group in groups:
            if "" in alternatives(group):
                raise ValueError(f"empty concept name in group {group!r}")
        return groups


class Aspect(Strict):
    """One thing the requirement asks for (a SWOT quadrant, an action-plan column, a data kind)."""

    label: Localized
    when: list[Condition] = Field(min_length=1)
    # The sentence a report says when this aspect is not met: what a message's {lacking} lists.
    lacking: Localized | None = None


class TableCheck(Strict):
    """For rules that read a table's columns (the action plan): which aspects are columns."""

    min_columns: int = Field(default=2, ge=1)  # header cells that make a table an action-plan table
    min_fill: float = Field(default=0.5, ge=0, le=1)  # share of rows whose cell in a column is filled


class Messages(Strict):
    # Placeholders: {missing} unmet aspects, {found} met aspects, {admitted} a quoted admission.
    pass_: Localized = Field(alias="pass")
    weak: Localized
    missing: Localized


class Source(Strict):
    ref: str
    locator: Localized | str  # where in the source; {en, ru, ky} so reports carry no other language

    def where(self, lang: str) -> str:
        return self.locator if isinstance(self.locator, str) else self.locator.get(lang)


class Example(Strict):
    lang: Lang
    status: Literal["pass", "weak", "missing"]  # what an expert says: never lowered to what psedcheck says
    text: str = Field(min_length=1)
    note: str | None = None
    known_miss: str | None = None  # why psedcheck still gets it wrong: the test expects the miss until it is fixed


class Rule(Strict):
    id: str = Field(pattern=r"^[a-z]+(-[a-z0-9]+)+$")
    title: Localized
    severity: Literal["info", "warning", "error"]
    source: Source
    rationale: Localized
    scope: list[str] = Field(min_length=1)
    concepts: dict[str, Terms] = Field(default_factory=dict)
    aspects: dict[str, Aspect] = Field(min_length=1)
    pass_aspects: int | None = Field(default=None, ge=1)  # how many aspects make pass; default all
    # Concepts whose mere presence makes weak; "a+b" asks for both in one unit («кенеш … утвердили»).
    mention: list[str] = Field(default_factory=list)
    # Sections where a mention counts (default: anywhere); a declaration counts anywhere.
    mention_scope: list[str] | None = None
    check: CheckKind = "content"
    # section checks only: the catalog asks for a section of its own («a financing section with …»),
    # so aspects met elsewhere (a condition's own `scope:`) make weak at most without it
    pass_needs_section: bool = False
    table: TableCheck | None = None  # section checks only: the action plan's columns and fill
    message: Messages
    fix: Localized
    examples: list[Example] = Field(default_factory=list)

    @property
    def family(self) -> str:
        return self.id.split("-", 1)[0]

    @property
    def negation(self) -> bool:
        """Denials are admissions, never evidence."""
        return self.check == "data"

    @property
    def weak_allowed(self) -> bool:
        return self.check != "presence"

    @model_validator(mode="after")
    def _keys_of_its_kind(self):
        if self.check != "section":
            for key in ("table", "pass_needs_section"):
                if getattr(self, key):
                    raise ValueError(f"'{key}' belongs to 'check: section', not 'check: {self.check}'")
        return self


class SectionDef(Strict):
    title: Localized
    terms: Terms
    # Headings that name a topic of this section («Трудовая миграция», «Демография»): they place a
    # top-level heading in this section, never a sub-section that already has a parent.
    topics: Terms = Field(default_factory=Terms)


class WordWindow(Strict):
    """How loosely a multi-word term may match in one language: its words within `span` tokens,
    in any order («өнүктүрүүнүн улуттук стратегиясы» for «улуттук өнүктүрүү стратегиясы») or in
    the term's order with words between («перечень необходимых проектов» for «перечень проектов»)."""

    span: int = Field(ge=2, le=12)
    any_order: bool = False


class RulesetMeta(Strict):
    """ruleset.yaml: the set's id and version, its families in report order, and its sources."""

    id: str
    version: str
    title: Localized
    families: list[str] = Field(min_length=1)
    # Rule ids in report order (the catalog's); rules not listed follow by id, listed ids a copy of the
    # set has dropped are passed over (the order only arranges the report).
    order: list[str] = Field(default_factory=list)
    sources: dict[str, Localized] = Field(min_length=1)
    # Per language: a multi-word term also matches as its words within `span` tokens, in any order or
    # in the term's order with other words between (see WordWindow).
    word_window: dict[str, WordWindow] = Field(default_factory=dict)
    # Concepts a heading, a table's header cell or a label cell passes to the text under it: the
    # items under «Сильные стороны» are strengths though they never say so. Like `order`, a concept no
    # rule of a trimmed copy defines is passed over.
    label_concepts: list[str] = Field(default_factory=list)
    # How many words may stand between a count, amount or measure and the concept it quantifies
    # («из них женщин — 4 512»; «4 512 аялды түзөт»).
    figure_window: int = Field(default=8, ge=1, le=30)


class SectionsFile(Strict):
    """sections.yaml: the canonical sections and the headings that name them in each language."""

    sections: dict[str, SectionDef] = Field(min_length=1)


class LexiconFile(Strict):
    """lexicon.yaml: concepts shared by several rules, and the cue concepts _declarative, _negation,
    _placeholder."""

    concepts: dict[str, Terms] = Field(min_length=1)
