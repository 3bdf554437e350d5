"""The JSON report of ../shared/contract/report.schema.json (schema_version 1)."""
from __future__ import annotations

import json
from pathlib import Path

from ..i18n import note_text, ui
from ..model.errors import Corrupt
from ..model.findings import (AspectResult, DocumentReport, Evidence, Failure, Finding, NotProgramme, Report, SectionInfo,
                              Severity, Status)

SCHEMA_VERSION = 1
SAVED_REPORT_MAX_BYTES = 50 << 20  # a JSON report of one programme is well under 1 MB
NOT_PROGRAMME = "not-a-programme"  # the note's code; its `kind` is decision, report or budget


def document_dict(doc: DocumentReport, lang: str = "en") -> dict:
    data = {"path": doc.path, "sha256": doc.sha256, "format": doc.format, "pages": doc.pages,
            "error": {"code": doc.error.code, "message": doc.error.message} if doc.error else None}
    for key in ("sha256", "format"):  # strings in the schema: a path that was never read has neither
        if data[key] is None:
            del data[key]
    # what the reading replaced or left out, told in the report language; `values` let a saved or
    # cached report tell it again in another
    notes = [{"code": n.code, "message": note_text(n, lang), **({"values": dict(n.values)} if n.values else {})}
             for n in doc.notes]
    if doc.not_programme and not doc.error:  # a decision, report or budget: its summary is no programme's score
        kind = doc.not_programme.kind
        notes.append({"code": NOT_PROGRAMME, "kind": kind, "message": ui(f"not_programme_{kind}", lang),
                      "evidence": [{"text": text} for text in doc.not_programme.evidence]})
    if notes:  # only when there is something to say
        data["notes"] = notes
    if doc.error:
        return data
    data.update({
        "language": doc.language,
        "municipality": doc.municipality,
        "period": doc.period,
        "ocr_pages": doc.ocr_pages,
        "summary": {"score": doc.score, "pass": doc.count_status("pass"), "weak": doc.count_status("weak"),
                    "missing": doc.count_status("missing")},
        "sections": [{"title": s.title, "id": s.id, "page": s.page, "level": s.level, "language": s.language}
                     for s in doc.sections],
        "findings": [
            {"rule": f.rule, "family": f.family, "status": f.status.value, "severity": f.severity.value,
             "title": f.title, "message": f.message, "fix": f.fix, "source": f.source, "note": f.note,
             "evidence": [_evidence_dict(e) for e in f.evidence],
             "aspects": [{"id": a.id, "label": a.label, "required": a.required, "met": a.met, "detail": a.detail,
                          "evidence": [_evidence_dict(e) for e in a.evidence]} for a in f.aspects],
             # the facts behind the words, so that the report can be told again in another language
             "admitted": f.admitted, "toc_only": f.toc_only}
            for f in doc.findings
        ],
    })
    if doc.not_programme:  # the checklist's measure of a document that is no programme: not a programme's score
        data["summary"]["scored"] = False
    return data


def _evidence_dict(e: Evidence) -> dict:
    return {"text": e.text, "page": e.page, "section": e.section, "ocr": e.ocr}


def _evidence_of(items: list[dict]) -> tuple[Evidence, ...]:
    return tuple(Evidence(e["text"], e.get("page"), e.get("section"), e.get("ocr", False)) for e in items)


def document_from_dict(data: dict) -> DocumentReport:
    """The inverse of document_dict (timings are not kept): rebuilds a saved or cached document report."""
    error = data.get("error")
    notes = data.get("notes", [])
    kind = next((n for n in notes if n["code"] == NOT_PROGRAMME), None)
    return DocumentReport(
        path=data["path"], format=data.get("format"), sha256=data.get("sha256"), language=data.get("language"),
        pages=data.get("pages"), error=Failure(error["code"], error["message"]) if error else None,
        ocr_pages=list(data.get("ocr_pages", [])), notes=[Failure(n["code"], n["message"], tuple((n.get("values") or {}).items()))
                                                    for n in notes if n["code"] != NOT_PROGRAMME],
        not_programme=NotProgramme(kind["kind"], tuple(e["text"] for e in kind.get("evidence", []))) if kind else None,
        municipality=data.get("municipality"), period=data.get("period"),
        sections=[SectionInfo(s["title"], s.get("id"), s.get("page"), s.get("level", 1), s.get("language"))
                  for s in data.get("sections", [])],
        findings=[
            Finding(f["rule"], f.get("family", ""), Status(f["status"]), Severity(f["severity"]),
                    evidence=_evidence_of(f.get("evidence", [])),
                    aspects=tuple(AspectResult(a["id"], a.get("required", True), a["met"], _evidence_of(a.get("evidence", [])),
                                               a.get("detail"), a.get("label", a["id"])) for a in f.get("aspects", [])),
                    admitted=f.get("admitted"), toc_only=bool(f.get("toc_only")),
                    title=f.get("title", ""), message=f.get("message", ""), fix=f.get("fix"), source=f.get("source", ""),
                    note=f.get("note"))
            for f in data.get("findings", [])
        ],
    )


def saved_documents(path: Path) -> list[DocumentReport]:
    """The documents of a JSON report saved by `--format json` (or one document entry of it), to be
    told again, in any language, without checking anything. One error row when the file is none."""
    try:
        if path.stat().st_size > SAVED_REPORT_MAX_BYTES:
            raise Corrupt(f"{path.name}: too large for a psedcheck JSON report")
        data = json.loads(path.read_text(encoding="utf-8"))
        documents = data.get("documents", [data]) if isinstance(data, dict) else None
        if not isinstance(documents, list) or not documents:
            raise ValueError
        return [document_from_dict(d) for d in documents]
    except Corrupt as exc:
        return [DocumentReport(str(path), format="json", error=Failure(exc.code, exc.message))]
    except OSError as exc:
        code = "not-found" if isinstance(exc, FileNotFoundError) else "unreadable"
        return [DocumentReport(str(path), format="json", error=Failure(code, f"{path.name}: {exc.strerror or exc}"))]
    except (ValueError, KeyError, TypeError, AttributeError):
        return [DocumentReport(str(path), format="json",
                               error=Failure(Corrupt.code, f"{path.name}: not a psedcheck JSON report"))]


def render(report: Report) -> str:
    payload = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "psedcheck", "version": report.tool_version, "ruleset": report.ruleset},
        "lang": report.lang,
        "documents": [document_dict(d, report.lang) for d in report.documents],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
