"""Multipart uploads read as they stream in, straight into the job's folder, with size limits.

Starlette's form parser would spool every file whole before anyone could look at its size; here the
body is parsed with python-multipart as it arrives and stops at the first byte past a limit: the
announced Content-Length, a file over `max_upload`, the files together over `max_job`, more than
`max_files` files, or a text field over 1 KB. Every refusal is an UploadRefused with the HTTP status
and the ui.yaml key of the sentence that explains it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from python_multipart.multipart import MultipartParser, parse_options_header

from .settings import Settings

FIELD_LIMIT = 1024
OVERHEAD = 64 * 1024  # multipart headers and boundaries around the files


class UploadRefused(Exception):
    def __init__(self, status: int, key: str, **values):
        super().__init__(key)
        self.status, self.key, self.values = status, key, values


@dataclass
class Received:
    fields: dict[str, str] = field(default_factory=dict)
    files: list[tuple[str, Path]] = field(default_factory=list)  # (name as sent, where stored)


class _Part:
    def __init__(self):
        self.headers: dict[bytes, bytes] = {}
        self.name: str | None = None
        self.filename: str | None = None
        self.handle = None
        self.path: Path | None = None
        self.size = 0
        self.value = bytearray()


async def receive(request, settings: Settings, store) -> Received:
    """Parses the request body; `store(index, filename)` gives the path where file number `index` goes."""
    content_type, params = parse_options_header(request.headers.get("content-type", ""))
    if content_type != b"multipart/form-data" or b"boundary" not in params:
        raise UploadRefused(400, "serve_no_file")
    announced = request.headers.get("content-length")
    if announced and announced.isdigit() and int(announced) > settings.max_job + OVERHEAD:
        raise UploadRefused(413, "serve_job_too_large", mb=f"{settings.max_job_mb:g}")
    got = Received()
    state = {"part": None, "field": b"", "value": b"", "total": 0}

    def begin():
        state["part"] = _Part()

    def header_field(data, start, end):
        state["field"] += data[start:end]

    def header_value(data, start, end):
        state["value"] += data[start:end]

    def header_end():
        state["part"].headers[state["field"].lower()] = state["value"]
        state["field"], state["value"] = b"", b""

    def headers_finished():
        part = state["part"]
        _, options = parse_options_header(part.headers.get(b"content-disposition", b""))
        part.name = options.get(b"name", b"").decode("utf-8", "replace")
        if b"filename" in options:
            part.filename = options[b"filename"].decode("utf-8", "replace")
            if part.filename:  # a file input left empty sends a part with no name and no bytes
                if len(got.files) >= settings.max_files:
                    raise UploadRefused(413, "serve_too_many", count=settings.max_files)
                part.path = store(len(got.files) + 1, part.filename)
                part.handle = part.path.open("wb")
                got.files.append((part.filename, part.path))

    def data(chunk, start, end):
        part = state["part"]
        size = end - start
        if part.filename is None:
            part.value += chunk[start:end]
            if len(part.value) > FIELD_LIMIT:
                raise UploadRefused(413, "serve_field_too_long")
            return
        if part.handle is None:
            return
        part.size += size
        state["total"] += size
        if part.size > settings.max_upload:
            raise UploadRefused(413, "serve_too_large", mb=f"{settings.max_upload_mb:g}")
        if state["total"] > settings.max_job:
            raise UploadRefused(413, "serve_job_too_large", mb=f"{settings.max_job_mb:g}")
        part.handle.write(chunk[start:end])

    def end():
        part = state["part"]
        if part.handle is not None:
            part.handle.close()
            part.handle = None
        elif part.filename is None and part.name:
            got.fields[part.name] = part.value.decode("utf-8", "replace")

    parser = MultipartParser(params[b"boundary"], {
        "on_part_begin": begin, "on_header_field": header_field, "on_header_value": header_value,
        "on_header_end": header_end, "on_headers_finished": headers_finished, "on_part_data": data,
        "on_part_end": end})
    refused, seen = None, 0
    try:
        async for chunk in request.stream():
            seen += len(chunk)
            if refused is None:
                try:
                    parser.write(chunk)
                except UploadRefused as exc:
                    refused = exc
                except Exception as exc:  # a malformed body
                    refused = UploadRefused(400, "serve_bad_upload")
                    refused.__cause__ = exc
            elif seen > settings.max_job + OVERHEAD:
                break  # read the rest of a refused body so the client hears the answer, up to the limit
        if refused is None:
            parser.finalize()
    except UploadRefused:
        raise
    except Exception as exc:  # a malformed or broken body
        raise UploadRefused(400, "serve_bad_upload") from exc
    finally:
        part = state["part"]
        if part is not None and part.handle is not None:
            part.handle.close()
    if refused is not None:
        raise refused
    return got
