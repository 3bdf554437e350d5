"""Agreement of psedcheck's verdicts with an expert's, over the labelled corpus.

`python -m psedcheck.agreement [CORPUS]` checks every built form of every programme in
corpus/manifest.yaml against corpus/expected/<name>.yaml and prints agreement per document, per
family and per rule, the confusion matrix, and every disagreement; false passes (the expert says
missing, psedcheck says pass) are counted apart, because they are the costly mistake.

A folder with a labels.yaml instead (corpus/real-openings) labels the openings of real published
documents in ../shared/domain/real-openings: what each is (`kind`, judged as the pseudo-rule
`document-kind`) and the verdicts a fragment can show.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

STATUSES = ("pass", "weak", "missing")


@dataclass
class Disagreement:
    document: str
    rule: str
    expected: str
    got: str
    reason: str


@dataclass
class Evaluation:
    per_document: dict[str, tuple[int, int]] = field(default_factory=dict)  # agreed, total
    per_family: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    per_rule: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    confusion: Counter = field(default_factory=Counter)  # (expected, got) -> n
    disagreements: list[Disagreement] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def agreed(self) -> int:
        return sum(a for a, _ in self.per_document.values())

    @property
    def total(self) -> int:
        return sum(t for _, t in self.per_document.values())

    @property
    def agreement(self) -> float:
        return self.agreed / self.total if self.total else 0.0

    @property
    def false_passes(self) -> list[Disagreement]:
        return [d for d in self.disagreements if d.expected == "missing" and d.got == "pass"]


def load_expected(path: Path) -> dict[str, dict]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    for key in ("verdicts", "rules", "expected"):
        if isinstance(data.get(key), dict):
            data = data[key]
    return {rid: (v if isinstance(v, dict) else {"status": v}) for rid, v in data.items() if isinstance(rid, str)}


KIND = "document-kind"  # the pseudo-rule of a labels.yaml: programme, decision, report or budget


def openings_folder(corpus: Path) -> Path:
    """Where the real openings live: ../shared/domain/real-openings beside the checkout."""
    return corpus.resolve().parent.parent.parent / "shared" / "domain" / "real-openings"


def corpus_documents(corpus: Path):
    """(document path, expected verdicts) for every built form of every programme."""
    labels = corpus / "labels.yaml"
    if labels.is_file():
        for name, entry in (yaml.safe_load(labels.read_text(encoding="utf-8")) or {}).items():
            expected = {rid: dict(v) for rid, v in (entry.get("verdicts") or {}).items()}
            expected[KIND] = {"status": entry.get("kind", "programme"), "reason": ""}
            yield openings_folder(corpus) / name, expected
        return
    manifest = yaml.safe_load((corpus / "manifest.yaml").read_text(encoding="utf-8"))
    for entry in manifest["programmes"]:
        expected_path = corpus / "expected" / f"{entry['name']}.yaml"
        if not expected_path.exists():
            continue
        expected = load_expected(expected_path)
        for form in entry.get("forms", []):
            ext = "pdf" if form == "scan" else form  # a scan is an image-only PDF
            path = corpus / "built" / f"{entry['name']}.{ext}"
            if path.exists():
                yield path, expected


def evaluate(corpus: Path, checker=None) -> Evaluation:
    if checker is None:  # as the CLI runs by default: scans are read with OCR
        from .api import Checker
        from .batch.jobs import ocr_for_run

        checker = Checker(ocr=ocr_for_run(None, 1, progress=False))
    result = Evaluation()
    for path, expected in corpus_documents(corpus):
        report = checker.check(path)
        name = path.name
        if report.error:
            result.errors[name] = f"{report.error.code}: {report.error.message}"
            continue
        agreed = total = 0
        if KIND in expected:  # a labels.yaml: what the document is comes first
            got_kind = report.not_programme.kind if report.not_programme else "programme"
            want_kind = expected[KIND]["status"]
            total, agreed = 1, int(got_kind == want_kind)
            result.per_rule[KIND][0] += agreed
            result.per_rule[KIND][1] += 1
            if got_kind != want_kind:
                result.disagreements.append(Disagreement(name, KIND, want_kind, got_kind, ""))
            if want_kind != "programme" or got_kind != "programme":
                result.per_document[name] = (agreed, total)
                continue
        for finding in report.findings:
            want = expected.get(finding.rule, {}).get("status")
            if want not in STATUSES:
                continue
            got = finding.status.value
            total += 1
            ok = want == got
            agreed += ok
            for bucket in (result.per_family[finding.family], result.per_rule[finding.rule]):
                bucket[0] += ok
                bucket[1] += 1
            result.confusion[(want, got)] += 1
            if not ok:
                result.disagreements.append(Disagreement(name, finding.rule, want, got,
                                                         expected[finding.rule].get("reason", "")))
        result.per_document[name] = (agreed, total)
    return result


def render(result: Evaluation) -> str:
    def pct(a, t):
        return f"{100 * a / t:5.1f} % ({a}/{t})" if t else "   — "

    lines = ["Agreement per document"]
    lines += [f"  {name:<32} {pct(a, t)}" for name, (a, t) in sorted(result.per_document.items())]
    lines += ["", "Agreement per family"]
    lines += [f"  {fam:<32} {pct(a, t)}" for fam, (a, t) in sorted(result.per_family.items())]
    lines += ["", "Agreement per rule"]
    lines += [f"  {rule:<32} {pct(a, t)}" for rule, (a, t) in sorted(result.per_rule.items())]
    lines += ["", "Confusion (rows: expert, columns: psedcheck)", "  " + " " * 10 + "".join(f"{s:>9}" for s in STATUSES)]
    for want in STATUSES:
        lines.append(f"  {want:<10}" + "".join(f"{result.confusion[(want, got)]:>9}" for got in STATUSES))
    lines += ["", f"False passes (expert: missing, psedcheck: pass): {len(result.false_passes)}"]
    lines += ["", f"Disagreements ({len(result.disagreements)})"]
    lines += [f"  {d.document:<28} {d.rule:<30} expert {d.expected:<8} got {d.got:<8} {d.reason}"
              for d in result.disagreements]
    for name, error in result.errors.items():
        lines.append(f"  {name}: could not be checked: {error}")
    lines += ["", f"Overall agreement: {pct(result.agreed, result.total)}"]
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=Path("corpus"))
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    result = evaluate(args.corpus)
    if args.json:
        print(json.dumps({"agreement": result.agreement, "agreed": result.agreed, "total": result.total,
                          "false_passes": len(result.false_passes),
                          "per_document": result.per_document, "per_family": dict(result.per_family),
                          "per_rule": dict(result.per_rule),
                          "disagreements": [d.__dict__ for d in result.disagreements]}, ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(render(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
