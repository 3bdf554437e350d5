"""The JSON report of ../shared/contract/report.schema.json (schema_version 1)."""
from __future__ import annotations

import json

from ..findings import DocumentReport, Report

SCHEMA_VERSION = 1


def document_dict(doc: DocumentReport) -> dict:
    data = {"path": doc.path, "sha256": doc.sha256, "format": doc.format, "pages": doc.pages,
            "error": {"code": doc.error.code, "message": doc.error.message} if doc.error else None}
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
             "evidence": [{"text": e.text, "page": e.page, "section": e.section, "ocr": e.ocr} for e in f.evidence]}
            for f in doc.findings
        ],
    })
    return data


def render(report: Report) -> str:
    payload = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "psedcheck", "version": report.tool_version, "ruleset": report.ruleset},
        "lang": report.lang,
        "documents": [document_dict(d) for d in report.documents],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
