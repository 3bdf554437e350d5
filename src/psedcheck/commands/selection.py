"""--select and --ignore: rule ids or families, comma-separated or repeated. An ignored rule is left
out of the findings, and so of the score; the report names the rules left out."""
from __future__ import annotations

from dataclasses import replace

from ..i18n import ui
from ..model.findings import DocumentReport


class SelectionError(ValueError):
    """A name that is neither a rule nor a family, or a selection that leaves nothing to check."""


def names(values) -> list[str]:
    """("gender,structure-swot", "migration") -> ["gender", "structure-swot", "migration"]."""
    return [part.strip() for value in values or () for part in str(value).split(",") if part.strip()]


def chosen_rules(rulebook, select, ignore, lang: str) -> tuple[set[str], tuple[str, ...]]:
    """The ids kept and the ids left out, in the rule set's order."""
    ids = [rule.id for rule in rulebook.rules]
    families = list(dict.fromkeys(rule.family for rule in rulebook.rules))

    def matching(name: str) -> set[str]:
        found = {rid for rid in ids if rid == name or rid.split("-", 1)[0] == name}
        if not found:
            raise SelectionError(ui("select_unknown", lang, name=name, ruleset=rulebook.id, families=", ".join(families)))
        return found

    selected, ignored = names(select), names(ignore)
    kept = set().union(*map(matching, selected)) if selected else set(ids)
    kept -= set().union(set(), *map(matching, ignored))
    if not kept:
        raise SelectionError(ui("select_empty", lang))
    return kept, tuple(rid for rid in ids if rid not in kept)


def only(documents: list[DocumentReport], kept: set[str]) -> list[DocumentReport]:
    """The documents with the findings of the kept rules only (the score follows the findings)."""
    return [doc if doc.error else replace(doc, findings=[f for f in doc.findings if f.rule in kept])
            for doc in documents]
