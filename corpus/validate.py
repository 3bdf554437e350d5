"""Check the corpus: manifest, sources, built forms and expected verdicts against the rule catalog.

    python corpus/validate.py [--catalog PATH] [--table]

The catalog defaults to ../shared/domain/rule-catalog.md beside the repository. Exits 1 on any problem.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

from build import FORMS, HEADING_MODES, SETS

CORPUS = Path(__file__).resolve().parent
DEFAULT_CATALOG = CORPUS.parent.parent / "shared" / "domain" / "rule-catalog.md"
STATUSES = ("pass", "weak", "missing")
LANGUAGES = ("ru", "ky", "en")
CATALOG_ROW = re.compile(r"^\| ([a-z]+(?:-[a-z]+)+) \| (\w+) \| (.*) \| (.*) \|$")


def read_catalog(path: Path) -> dict[str, bool]:
    """Rule id -> whether the catalog allows `weak` for it (its "weak when" cell is not a dash)."""
    rules = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if m := CATALOG_ROW.match(line.strip()):
            rules[m.group(1)] = not m.group(4).strip().startswith("—")
    return rules


def check(catalog: dict[str, bool], root: Path = CORPUS) -> tuple[list[str], dict[str, dict[str, str]]]:
    problems: list[str] = []
    manifest = yaml.safe_load((root / "manifest.yaml").read_text(encoding="utf-8"))["programmes"]
    names = [e["name"] for e in manifest]
    if len(names) != len(set(names)):
        problems.append("manifest: duplicate names")
    verdicts: dict[str, dict[str, str]] = {}
    for e in manifest:
        name = e["name"]
        where = f"manifest: {name}"
        if set(e) != {"name", "language", "forms", "docx_headings", "description"}:
            problems.append(f"{where}: fields {sorted(e)}")
        if e.get("language") not in LANGUAGES:
            problems.append(f"{where}: language {e.get('language')!r}")
        forms = e.get("forms") or []
        if not forms or set(forms) - set(FORMS):
            problems.append(f"{where}: forms {forms}")
        needs_docx = bool({"docx", "pdf", "scan"} & set(forms))
        if needs_docx != (e.get("docx_headings") in HEADING_MODES) or (not needs_docx and e.get("docx_headings")):
            problems.append(f"{where}: docx_headings {e.get('docx_headings')!r} does not fit forms {forms}")
        if not (root / "sources" / f"{name}.md").is_file():
            problems.append(f"{where}: sources/{name}.md missing")
        for form in forms:
            ext = "pdf" if form == "scan" else form
            if not (root / "built" / f"{name}.{ext}").is_file():
                problems.append(f"{where}: built/{name}.{ext} missing (run corpus/build.py)")
        verdicts[name] = check_expected(root, name, catalog, problems)
    extra = {p.stem for p in (root / "expected").glob("*.yaml")} - set(names)
    problems.extend(f"expected/{x}.yaml: not in the manifest" for x in sorted(extra))
    for rid in catalog if root == CORPUS else ():  # the blind set is what its authors wrote, not a coverage plan
        seen = {v.get(rid) for v in verdicts.values()}
        if "pass" not in seen:
            problems.append(f"coverage: {rid} passes in no programme")
        if not seen & {"weak", "missing"}:
            problems.append(f"coverage: {rid} is weak or missing in no programme")
    return problems, verdicts


def check_expected(root: Path, name: str, catalog: dict[str, bool], problems: list[str]) -> dict[str, str]:
    path = root / "expected" / f"{name}.yaml"
    where = f"expected/{name}.yaml"
    if not path.is_file():
        problems.append(f"{where}: missing")
        return {}
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    if doc.get("name") != name or doc.get("rule_set") != "psed-2018":
        problems.append(f"{where}: name/rule_set must be {name!r}/'psed-2018'")
    rules = doc.get("rules") or {}
    if list(rules) != list(catalog):
        problems.append(f"{where}: rule ids differ from the catalog (missing {sorted(set(catalog) - set(rules))}, "
                        f"unknown {sorted(set(rules) - set(catalog))}, or out of catalog order)")
    statuses = {}
    for rid, entry in rules.items():
        status = (entry or {}).get("status")
        statuses[rid] = status
        if status not in STATUSES:
            problems.append(f"{where}: {rid}: status {status!r}")
        if status in ("weak", "missing") and not (entry.get("reason") or "").strip():
            problems.append(f"{where}: {rid}: a {status} verdict needs a reason")
        if status == "weak" and not catalog.get(rid, True):
            problems.append(f"{where}: {rid}: the catalog allows only pass or missing")
        if set(entry or {}) - {"status", "reason"}:
            problems.append(f"{where}: {rid}: unknown fields {sorted(set(entry) - {'status', 'reason'})}")
    return statuses


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalog", type=Path, default=DEFAULT_CATALOG)
    parser.add_argument("--table", action="store_true", help="print pass/weak/missing counts per programme")
    args = parser.parse_args(argv)
    if not args.catalog.is_file():
        print(f"catalog not found: {args.catalog} (pass --catalog)", file=sys.stderr)
        return 1
    catalog = read_catalog(args.catalog)
    problems: list[str] = []
    verdicts: dict[str, dict[str, str]] = {}
    for root in SETS:
        set_problems, set_verdicts = check(catalog, root)
        problems += set_problems
        verdicts.update(set_verdicts)
    if args.table:
        print(f"{'programme':28} pass weak missing")
        for name, statuses in verdicts.items():
            counts = [list(statuses.values()).count(s) for s in STATUSES]
            print(f"{name:28} {counts[0]:4} {counts[1]:4} {counts[2]:7}")
    for p in problems:
        print(p, file=sys.stderr)
    print(f"{len(verdicts)} programmes, {len(catalog)} rules: {'OK' if not problems else f'{len(problems)} problems'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
