"""Loads a rule set folder into a validated Rulebook; every error names the file and the field."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cached_property
from importlib import resources
from pathlib import Path

import yaml
from pydantic import ValidationError

from . import compiled
from ..model.findings import CanonicalSection
from .schema import LexiconFile, Rule, RulesetMeta, SectionsFile, Terms, alternatives
from . import ids

DEFAULT_RULESET = "psed-2018"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml reads the rule set 10x faster
_META_FILES = {"ruleset.yaml", "sections.yaml"}
_PLACEHOLDER = re.compile(r"\{(\w*)\}")
# Words that follow the municipality type (reporters/wording.py; their forms are in locale/ui.yaml).
PLACE_WORDS = ("place", "place_gen", "place_prep", "place_loc", "council_gen", "council_of",
               "executive", "executive_gen", "executive_prep", "executive_loc")
_ALLOWED_PLACEHOLDERS = {"missing", "found", "admitted", "lacking", *PLACE_WORDS}


class RulebookError(Exception):
    """A rule file that cannot be used: code, file and field, in one line."""

    def __init__(self, path: Path | str, field: str, problem: str, code: str = "PSED-R001"):
        self.path, self.field, self.problem, self.code = str(path), field, problem, code
        super().__init__(f"{code} {path}: {field}: {problem}")


@dataclass(frozen=True)
class Rulebook:
    meta: RulesetMeta
    sections: SectionsFile
    concepts: dict[str, Terms]  # shared lexicon plus every rule's own concepts
    rules: tuple[Rule, ...]
    folder: Path

    @property
    def id(self) -> str:
        return self.meta.id

    @cached_property
    def rules_by_id(self) -> dict[str, Rule]:
        return {rule.id: rule for rule in self.rules}

    def canonical_sections(self, lang: str) -> list[CanonicalSection]:
        """The sections of sections.yaml in their canonical order, titled in `lang` (for reports)."""
        return [CanonicalSection(sid, s.title.get(lang)) for sid, s in self.sections.sections.items()]

    def kyrgyz_stems(self) -> set[str]:
        """Every word of every Kyrgyz term: the stem inventory of the Kyrgyz normaliser."""
        stems = {word for terms in self.concepts.values() for term in terms.ky for word in term.lower().split()}
        stems |= {w for s in self.sections.sections.values() for t in s.terms.ky + s.topics.ky for w in t.lower().split()}
        return stems


def bundled_root() -> Path:
    return Path(str(resources.files("psedcheck.rulesets")))


def available_rulesets(root: Path | None = None) -> list[str]:
    root = root or bundled_root()
    return sorted(p.parent.name for p in root.glob("*/ruleset.yaml"))


def resolve_folder(rules_dir: str | Path | None, ruleset: str) -> Path:
    """`--rules` may name a folder of rule sets or one rule set folder itself."""
    root = Path(rules_dir) if rules_dir else bundled_root()
    if (root / "ruleset.yaml").is_file():
        return root
    folder = root / ruleset
    if not (folder / "ruleset.yaml").is_file():
        known = ", ".join(available_rulesets(root)) or "none"
        raise RulebookError(folder, "ruleset", f"no rule set '{ruleset}' here (found: {known})", "PSED-R002")
    return folder


def _read_yaml(path: Path):
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "yaml"
        raise RulebookError(path, where, f"not valid YAML ({getattr(exc, 'problem', exc)})", "PSED-R003") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RulebookError(path, "file", f"cannot be read ({exc})", "PSED-R003") from None
    if not isinstance(data, dict):
        raise RulebookError(path, "(top)", "must be a mapping of fields", "PSED-R003")
    return data


def _validate(model, path: Path):
    data = _read_yaml(path)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"]) or "(top)"
        raise RulebookError(path, field, err["msg"], "PSED-R004") from None


def load_rulebook(rules_dir: str | Path | None = None, ruleset: str = DEFAULT_RULESET) -> Rulebook:
    """The rule set, from the compiled cache when its files are unchanged (rulebook/compiled.py)."""
    folder = resolve_folder(rules_dir, ruleset)
    key = _cache_key(folder)
    cached = compiled.load("rulebook", key) if key else None
    if isinstance(cached, Rulebook):
        return replace(cached, folder=folder)  # the same files elsewhere: the same rules, this folder
    rulebook = _load_rulebook(folder)
    if key:
        compiled.store("rulebook", key, rulebook)
    return rulebook


def _cache_key(folder: Path) -> str | None:
    """A key over every file of the rule set folder (their paths and bytes); None when one cannot be read."""
    parts = []
    try:
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in (".yaml", ".yml")):
            parts.append(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    except OSError:
        return None  # read again below, where the error gets its coded message
    return compiled.make_key("rulebook", compiled.code_digest("rulebook", "model"),
                             compiled.library_versions("pydantic", "PyYAML"), *parts)


def _load_rulebook(folder: Path) -> Rulebook:
    meta = _validate(RulesetMeta, folder / "ruleset.yaml")
    sections = _validate(SectionsFile, folder / "sections.yaml")
    concepts: dict[str, Terms] = {}
    for path in sorted(folder.glob("lexicon*.yaml")):  # lexicon.yaml, lexicon-gender.yaml, ...
        for name, terms in _validate(LexiconFile, path).concepts.items():
            if name in concepts:
                raise RulebookError(path, f"concepts.{name}", "defined in two lexicon files", "PSED-R006")
            concepts[name] = terms
    for name in ids.REQUIRED:
        if name not in concepts:
            raise RulebookError(folder / "lexicon.yaml", f"concepts.{name}", "the engine needs this concept", "PSED-R005")
    for section in ids.SECTIONS:
        if section not in sections.sections:
            raise RulebookError(folder / "sections.yaml", f"sections.{section}", "the engine needs this section", "PSED-R005")
    lexicon = LexiconFile(concepts=concepts)
    rules = []
    for path in sorted(folder.rglob("*.yaml")):
        if path.name in _META_FILES or path.name.startswith("lexicon"):
            continue
        rule = _validate(Rule, path)
        _check_references(rule, path, meta, sections, lexicon)
        for name, terms in rule.concepts.items():
            if name in concepts and concepts[name] != terms:
                raise RulebookError(path, f"concepts.{name}", "redefines a concept of lexicon.yaml or another rule", "PSED-R006")
            concepts[name] = terms
        rules.append(rule)
    if not rules:
        raise RulebookError(folder, "rules", "the rule set has no rule files", "PSED-R007")
    rule_ids = [r.id for r in rules]
    for rid in rule_ids:
        if rule_ids.count(rid) > 1:
            raise RulebookError(folder, rid, "two rule files share this id", "PSED-R006")
    family_rank = {fam: i for i, fam in enumerate(meta.families)}
    rank = {rid: i for i, rid in enumerate(meta.order)}
    rules.sort(key=lambda r: (family_rank.get(r.family, len(family_rank)), rank.get(r.id, len(rank)), r.id))
    return Rulebook(meta, sections, concepts, tuple(rules), folder)


def _check_references(rule: Rule, path: Path, meta, sections, lexicon) -> None:
    """What the schema cannot see: ids, families, sections, sources, concepts and placeholders."""
    def fail(field, problem):
        raise RulebookError(path, field, problem, "PSED-R005")

    if path.stem != rule.id:
        fail("id", f"'{rule.id}' differs from the file name '{path.stem}'")
    if rule.family not in meta.families:
        fail("id", f"family '{rule.family}' is not one of {meta.families}")
    if rule.source.ref not in meta.sources:
        fail("source.ref", f"'{rule.source.ref}' is not a source of ruleset.yaml")
    known_sections = set(sections.sections)
    for field_name in ("scope", "mention_scope"):
        for i, sec in enumerate(getattr(rule, field_name) or []):
            if sec not in known_sections:
                fail(f"{field_name}.{i}", f"'{sec}' is not a section of sections.yaml")
    known = set(lexicon.concepts) | set(rule.concepts)
    for i, entry in enumerate(rule.mention):
        for name in entry.split("+"):
            if name not in known:
                fail(f"mention.{i}", f"unknown concept '{name}'")
    for aname, aspect in rule.aspects.items():
        for ci, cond in enumerate(aspect.when):
            where = f"aspects.{aname}.when.{ci}"
            named = [(f"{where}.need.{gi}", alternatives(group)) for gi, group in enumerate(cond.need)]
            named += [(f"{where}.unless.{gi}", alternatives(group)) for gi, group in enumerate(cond.unless)]
            named.append((f"{where}.columns", cond.columns))
            named += [(f"{where}.column_need", {column} | set().union(*map(alternatives, groups)))
                      for column, groups in cond.column_need.items()]
            for field_name, names in named:
                for name in sorted(set(names) - known):
                    fail(field_name, f"unknown concept '{name}'")
            for i, sec in enumerate(cond.scope or []):
                if sec not in known_sections:
                    fail(f"{where}.scope.{i}", f"'{sec}' is not a section of sections.yaml")
    if rule.pass_aspects and rule.pass_aspects > len(rule.aspects):
        fail("pass_aspects", f"{rule.pass_aspects} is more than the {len(rule.aspects)} aspects")
    texts = [(f"message.{status.rstrip('_')}.{lang}", getattr(getattr(rule.message, status), lang))
             for status in ("pass_", "weak", "missing") for lang in ("en", "ru", "ky")]
    texts += [(f"fix.{lang}", rule.fix.get(lang)) for lang in ("en", "ru", "ky")]
    for field_name, text in texts:
        for name in _PLACEHOLDER.findall(text):
            allowed = _ALLOWED_PLACEHOLDERS if field_name.startswith("message") else PLACE_WORDS
            if name not in allowed:
                fail(field_name, f"unknown placeholder {{{name}}}")
        if "{lacking}" in text:
            for aname, aspect in rule.aspects.items():
                if aspect.lacking is None:
                    fail(f"aspects.{aname}.lacking", f"{field_name} says {{lacking}}: every aspect needs its sentence")
