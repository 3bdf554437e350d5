"""The routes of `psedcheck serve`: the start page, a job's progress, its report and downloads, the
dashboard and summary of several files, and the JSON API (POST /api/check, GET /api/jobs/ID)."""
from __future__ import annotations

import asyncio
import re
import sys
import threading
from contextlib import asynccontextmanager
from functools import lru_cache
from importlib import resources
from pathlib import Path

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from .. import __version__
from ..i18n import LANGS, ui
from ..model.findings import Report
from ..history.store import HistoryError
from ..rulebook import RulebookError
from ..rulebook.loader import DEFAULT_RULESET, available_rulesets, bundled_root
from .board import Board, Busy, Job, Upload
from .guard import Guard
from .pages import FORMATS, LANG_COOKIE, attachment, page_lang, render_page, with_bar
from .settings import Settings
from .uploads import UploadRefused, receive
from .versions import Versions, check_id, diff_view, programme_name, version_rows
from .workspace import Workspace, display_name
from ..reporters.wording import compose

JOB_ID = re.compile(r"^[0-9a-f]{32}$")
STATIC = {"app.css": "text/css; charset=utf-8", "app.js": "text/javascript; charset=utf-8"}
DASHBOARD_CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'"
DOWNLOADS = {"html": ("html", "text/html; charset=utf-8"), "json": ("json", "application/json"),
             "md": ("markdown", "text/markdown; charset=utf-8")}


def create_app(settings: Settings) -> Starlette:
    workspace = Workspace()
    board = Board(settings, workspace)
    server = _Server(settings, workspace, board)

    @asynccontextmanager
    async def lifespan(_app):
        board.start()
        try:
            yield
        finally:
            board.close()
            workspace.close()

    routes = [
        Route("/", server.start_page),
        Route("/jobs", server.create_job, methods=["POST"]),
        Route("/jobs/{job}", server.job_page),
        Route("/jobs/{job}/results", server.results_page),
        Route("/jobs/{job}/report/{n:int}", server.report_page),
        Route("/jobs/{job}/report/{n:int}/{kind}", server.download),
        Route("/jobs/{job}/dashboard", server.dashboard),
        Route("/jobs/{job}/index-reports/{name}", server.dashboard_page),
        Route("/jobs/{job}/summary.xlsx", server.summary),
        Route("/jobs/{job}/cancel", server.cancel, methods=["POST"]),
        Route("/jobs/{job}/delete", server.delete, methods=["POST"]),
        Route("/versions/{check}", server.versions_page),
        Route("/versions/{check}/report", server.version_report),
        Route("/diff", server.diff_page),
        Route("/api/check", server.api_check, methods=["POST"]),
        Route("/api/diff", server.api_diff),
        Route("/api/jobs/{job}", server.api_job),
        Route("/api/status", server.api_status),
        Route("/static/{name}", server.static),
    ]
    app = Starlette(routes=routes, lifespan=lifespan,
                    exception_handlers={HTTPException: server.http_error, HistoryError: server.history_error,
                                        Exception: server.internal_error},
                    middleware=[Middleware(Guard, settings=settings, refuse=server.refuse)])
    app.state.board, app.state.workspace = board, workspace
    return app


class _Server:
    def __init__(self, settings: Settings, workspace: Workspace, board: Board):
        self.settings, self.workspace, self.board = settings, workspace, board
        self.rulesets = _rulesets(settings.rules_dir)
        self.versions = Versions(settings.history) if settings.history else None  # None: the history is off
        self._outputs = threading.Lock()  # the dashboard and summary of a job are written once

    # ---- pages

    async def start_page(self, request: Request) -> Response:
        lang = page_lang(request, self.settings.default_lang)
        with self.board.lock:
            jobs = [(job, self._result_url(job) if job.finished else f"/jobs/{job.id}")
                    for job in reversed(self.board.jobs.values())]
        html = render_page("start.html", lang, rulesets=self.rulesets, default_ruleset=_default(self.rulesets),
                           formats=",".join(FORMATS), shown_formats=", ".join(f.lstrip(".").upper() for f in FORMATS),
                           max_mb=f"{self.settings.max_upload_mb:g}", max_files=self.settings.max_files, jobs=jobs)
        return self._page(html, request)

    async def create_job(self, request: Request) -> Response:
        lang = page_lang(request, self.settings.default_lang)
        try:
            job = await self._receive_job(request, lang)
        except UploadRefused as refused:
            return self._error(lang, refused.status, refused.key, **refused.values)
        except Busy:
            return self._error(lang, 503, "serve_busy", headers={"Retry-After": "60"})
        return RedirectResponse(f"/jobs/{job.id}", 303)

    async def job_page(self, request: Request) -> Response:
        job = self._job(request)
        if job.finished:
            return RedirectResponse(self._result_url(job), 303)
        lang = page_lang(request, self.settings.default_lang)
        return self._page(render_page("job.html", lang, request.url.path, job=job, progress=job.progress()), request)

    async def results_page(self, request: Request) -> Response:
        job = self._finished(request)
        lang = page_lang(request, self.settings.default_lang)
        from ..reporters.common import score_text, verdict

        rows = []
        for upload in job.uploads:
            doc = upload.report
            rows.append({"n": upload.index, "name": upload.name, "doc": doc,
                         "verdict": verdict(doc, "missing", job.lang).word,
                         "score": None if doc.error or doc.not_programme else score_text(doc.score, job.lang),
                         "failure": _failure_text(doc, job.lang), "docx": upload.annotated is not None})
        html = render_page("results.html", lang, request.url.path, job=job, rows=rows)
        return self._page(html, request)

    async def report_page(self, request: Request) -> Response:
        job, upload = self._upload(request)
        lang = job.lang
        base = f"/jobs/{job.id}/report/{upload.index}"
        links = [(f"{base}/docx", ui("serve_download_docx", lang))] if upload.annotated else []
        links += [(f"{base}/html", ui("serve_download_html", lang)), (f"{base}/json", ui("serve_download_json", lang)),
                  (f"{base}/md", ui("serve_download_md", lang))]
        home = (f"/jobs/{job.id}/results", ui("serve_all_documents", lang)) if len(job.uploads) > 1 else \
            ("/", ui("serve_new_check", lang))
        html = await run_in_threadpool(self._render, "html", job, upload)
        pages = await run_in_threadpool(self._version_links, upload.check_id, lang)
        return HTMLResponse(with_bar(html, links, home, ui("serve_downloads", lang), pages))

    async def download(self, request: Request) -> Response:
        job, upload = self._upload(request)
        kind = request.path_params["kind"]
        stem = Path(upload.name).stem or "document"
        if kind == "docx":
            if not upload.annotated:
                raise HTTPException(404)
            return FileResponse(upload.annotated, media_type="application/vnd.openxmlformats-officedocument."
                                "wordprocessingml.document", headers={"Content-Disposition": attachment(
                                    f"{stem}-{ui('serve_comments_suffix', job.lang)}.docx")})
        if kind not in DOWNLOADS:
            raise HTTPException(404)
        fmt, media = DOWNLOADS[kind]
        text = await run_in_threadpool(self._render, fmt, job, upload)
        return Response(text, media_type=media,
                        headers={"Content-Disposition": attachment(f"{stem}-psedcheck.{kind}")})

    async def dashboard(self, request: Request) -> Response:
        job = self._finished(request)
        index, _pages = await run_in_threadpool(self._dashboard, job)
        return FileResponse(index, media_type="text/html; charset=utf-8",
                            headers={"Content-Security-Policy": DASHBOARD_CSP})

    async def dashboard_page(self, request: Request) -> Response:
        job = self._finished(request)
        _index, pages = await run_in_threadpool(self._dashboard, job)
        page = next((p for p in pages if p.name == request.path_params["name"]), None)  # only what it wrote
        if page is None:
            raise HTTPException(404)
        return FileResponse(page, media_type="text/html; charset=utf-8")

    async def summary(self, request: Request) -> Response:
        job = self._finished(request)
        path = await run_in_threadpool(self._summary, job)
        return FileResponse(path, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                            headers={"Content-Disposition": attachment(f"psedcheck-{ui('serve_summary_file', job.lang)}.xlsx")})

    async def cancel(self, request: Request) -> Response:
        job = self._job(request)
        self.board.cancel(job.id)
        return RedirectResponse(f"/jobs/{job.id}", 303)

    async def delete(self, request: Request) -> Response:
        job = self._job(request)
        self.board.remove(job.id)
        return RedirectResponse("/", 303)

    async def static(self, request: Request) -> Response:
        name = request.path_params["name"]
        if name not in STATIC:  # two known files; no listing, no path from the request
            raise HTTPException(404)
        data = resources.files("psedcheck.serve").joinpath(f"static/{name}").read_bytes()
        return Response(data, media_type=STATIC[name])

    # ---- the history: a programme's versions and the diff of two

    async def versions_page(self, request: Request) -> Response:
        lang = page_lang(request, self.settings.default_lang)
        check = self._check(request.path_params["check"])
        records = await run_in_threadpool(self.versions.programme, check)
        if not records:
            raise _NoVersion()
        previous = await run_in_threadpool(self.versions.previous, check)
        others = [r.id for r in records if r.id != check]
        old = previous.id if previous else (others[-1] if others else check)
        html = render_page("versions.html", lang, request.url.path, check=check, old=old,
                           programme=programme_name(next(r for r in records if r.id == check), lang),
                           rows=version_rows(records, lang))
        return self._page(html, request)

    async def version_report(self, request: Request) -> Response:
        """A recorded version's report, as the report page shows a check's (the HTML report)."""
        lang = page_lang(request, self.settings.default_lang)
        check = self._check(request.path_params["check"])
        record = await run_in_threadpool(self.versions.record, check)
        doc = await run_in_threadpool(self.versions.report, check) if record else None
        if doc is None:
            raise _NoVersion()
        html = await run_in_threadpool(self._render_recorded, record, doc, lang)
        return HTMLResponse(with_bar(html, [], (f"/versions/{check}", ui("serve_versions_link", lang)),
                                     ui("serve_downloads", lang)))

    async def diff_page(self, request: Request) -> Response:
        lang = page_lang(request, self.settings.default_lang)
        old, new = self._check(request.query_params.get("old")), self._check(request.query_params.get("new"))
        compared = await run_in_threadpool(self.versions.compare, old, new, self._known_rulebook, lang)
        if compared is None:
            raise _NoVersion()
        here = f"{request.url.path}?old={old}&new={new}"
        html = render_page("diff.html", lang, here, view=diff_view(compared, lang), old=old, new=new)
        return self._page(html, request)

    async def api_diff(self, request: Request) -> Response:
        """GET /api/diff?old=ID&new=ID[&lang=]: the JSON of `psedcheck diff --format json` for two recorded checks."""
        from ..history.diff_render import as_dict

        lang = request.query_params.get("lang") or "en"
        if lang not in LANGS:
            return _api_error(400, "serve_unknown_lang")
        old, new = self._check(request.query_params.get("old")), self._check(request.query_params.get("new"))
        compared = await run_in_threadpool(self.versions.compare, old, new, self._known_rulebook, lang)
        if compared is None:
            raise _NoVersion()
        return JSONResponse(as_dict(compared.diff, lang, __version__, compared.new.ruleset))

    def _check(self, text: str | None) -> int:
        """A check number from the address; a page that says what is wrong otherwise."""
        if self.versions is None:
            raise _NoVersion("serve_history_off")
        found = check_id(text)
        if found is None:
            raise _NoVersion()
        return found

    def _version_links(self, check: int | None, lang: str) -> list[tuple[str, str]]:
        if self.versions is None or check is None:
            return []
        links = [(f"/versions/{check}", ui("serve_versions_link", lang))]
        try:
            previous = self.versions.previous(check)
        except HistoryError:
            return links
        if previous:
            links.append((f"/diff?old={previous.id}&new={check}", ui("serve_compare_previous", lang)))
        return links

    def _known_rulebook(self, ruleset: str):
        if ruleset not in self.rulesets:
            return None
        try:
            return _rulebook(self.settings.rules_dir, ruleset)
        except RulebookError:
            return None

    def _render_recorded(self, record, doc, lang: str) -> str:
        """In the page's language, whatever language the check was made in; a check of a rule set
        no longer here keeps the words it was recorded with."""
        from ..reporters import render

        rulebook = self._known_rulebook(record.ruleset)
        if rulebook is None:
            return render("html", Report(__version__, record.ruleset, record.lang, [doc]))
        return render("html", compose([doc], rulebook, lang))

    # ---- the JSON API

    async def api_check(self, request: Request) -> Response:
        """One file in, the JSON report of `psedcheck FILE --format json` out (same schema and verdicts)."""
        try:
            job = await self._receive_job(request, "en", one=True)
        except UploadRefused as refused:
            return _api_error(refused.status, refused.key, **refused.values)
        except Busy:
            return _api_error(503, "serve_busy", headers={"Retry-After": "60"})
        try:
            while not job.finished:
                if await request.is_disconnected():
                    return Response(status_code=499)
                await asyncio.sleep(0.1)
            text = await run_in_threadpool(self._render, "json", job, job.uploads[0])
            return Response(text, media_type="application/json")
        finally:
            self.board.remove(job.id)

    async def api_job(self, request: Request) -> Response:
        job = self._job(request)
        progress = job.progress()
        progress["result"] = self._result_url(job) if job.finished else None
        return JSONResponse(progress)

    async def api_status(self, request: Request) -> Response:
        return JSONResponse({"version": __version__, **self.board.status()})

    # ---- errors

    async def refuse(self, scope, receive_, send, status: int, key: str) -> None:
        request = Request(scope)
        if scope.get("path", "").startswith("/api/"):
            response = _api_error(status, key)
        else:
            response = self._error(page_lang(request, self.settings.default_lang), status, key)
        await response(scope, receive_, send)

    async def http_error(self, request: Request, exc: HTTPException) -> Response:
        key = {404: "serve_not_found", 405: "serve_not_found"}.get(exc.status_code, "serve_internal")
        key = exc.detail if isinstance(exc, _NoVersion) else key
        if request.url.path.startswith("/api/"):
            return _api_error(exc.status_code, key)
        return self._error(page_lang(request, self.settings.default_lang), exc.status_code, key)

    async def history_error(self, request: Request, exc: HistoryError) -> Response:
        """A damaged, foreign or locked history file: said on the page and on stderr, never a traceback."""
        print(f"psedcheck serve: {exc.code}: {exc.message}", file=sys.stderr, flush=True)
        if request.url.path.startswith("/api/"):
            return _api_error(503, "serve_history_unreadable")
        return self._error(page_lang(request, self.settings.default_lang), 503, "serve_history_unreadable")

    async def internal_error(self, request: Request, exc: Exception) -> Response:
        print(f"psedcheck serve: {request.method} {request.url.path}: internal error: {type(exc).__name__}: {exc}",
              file=sys.stderr, flush=True)
        return self._error(page_lang(request, self.settings.default_lang), 500, "serve_internal")

    # ---- helpers

    async def _receive_job(self, request: Request, lang: str, one: bool = False) -> Job:
        job = self.board.new_job(lang, _default(self.rulesets))
        try:
            got = await receive(request, self.settings,
                                lambda index, name: self.workspace.upload_path(job.folder, index, name))
            if not got.files:
                raise UploadRefused(400, "serve_no_file")
            if one and len(got.files) > 1:
                raise UploadRefused(400, "serve_one_file")
            wanted = got.fields.get("lang") or lang
            if wanted not in LANGS:
                raise UploadRefused(400, "serve_unknown_lang")
            ruleset = got.fields.get("ruleset") or job.ruleset
            if ruleset not in self.rulesets:
                raise UploadRefused(400, "serve_unknown_ruleset")
        except BaseException:
            self.workspace.remove(job.folder)
            raise
        job.lang, job.ruleset = wanted, ruleset
        job.uploads = [Upload(i, display_name(name), path) for i, (name, path) in enumerate(got.files, 1)]
        self.board.submit(job)
        return job

    def _job(self, request: Request) -> Job:
        job_id = request.path_params["job"]
        job = self.board.get(job_id) if JOB_ID.match(job_id) else None
        if job is None:
            raise HTTPException(404)
        return job

    def _finished(self, request: Request) -> Job:
        job = self._job(request)
        if not job.finished:
            raise HTTPException(404)
        return job

    def _upload(self, request: Request) -> tuple[Job, Upload]:
        job = self._finished(request)
        n = request.path_params["n"]
        if not 1 <= n <= len(job.uploads):
            raise HTTPException(404)
        return job, job.uploads[n - 1]

    def _result_url(self, job: Job) -> str:
        return f"/jobs/{job.id}/report/1" if len(job.uploads) == 1 else f"/jobs/{job.id}/results"

    def _report(self, job: Job, uploads: list[Upload] | None = None) -> Report:
        rulebook = _rulebook(self.settings.rules_dir, job.ruleset)
        return compose([u.report for u in uploads or job.uploads], rulebook, job.lang)

    def _render(self, fmt: str, job: Job, upload: Upload) -> str:
        from ..reporters import render

        return render(fmt, self._report(job, [upload]))

    def _dashboard(self, job: Job) -> tuple[Path, list[Path]]:
        from ..reporters.dashboard import write_dashboard

        index = job.folder / "dashboard" / "index.html"
        with self._outputs:
            if not index.is_file():
                index.parent.mkdir(exist_ok=True)
                write_dashboard(self._report(job), index)
        return index, sorted((index.parent / "index-reports").glob("*.html"))

    def _summary(self, job: Job) -> Path:
        from ..reporters.summary import write_summary

        path = job.folder / "summary.xlsx"
        with self._outputs:
            if not path.is_file():
                rulebook = _rulebook(self.settings.rules_dir, job.ruleset)
                write_summary(path, self._report(job), [rule.id for rule in rulebook.rules])
        return path

    def _page(self, html: str, request: Request, status: int = 200, headers: dict | None = None) -> Response:
        response = HTMLResponse(html, status_code=status, headers=headers)
        chosen = request.query_params.get("lang")
        if chosen in LANGS:  # the switch was used: remember it
            response.set_cookie(LANG_COOKIE, chosen, max_age=365 * 24 * 3600, samesite="strict")
        return response

    def _error(self, lang: str, status: int, key: str, headers: dict | None = None, **values) -> Response:
        html = render_page("error.html", lang, status=status, message=ui(key, lang, **values))
        return HTMLResponse(html, status_code=status, headers=headers)


class _NoVersion(HTTPException):
    """404 for a check number that is not a number, not in the history, or a history that is off."""

    def __init__(self, key: str = "serve_no_version"):
        super().__init__(404, key)


def _api_error(status: int, key: str, headers: dict | None = None, **values) -> Response:
    return JSONResponse({"error": {"code": key.removeprefix("serve_").replace("_", "-"),
                                   "message": ui(key, "en", **values)}}, status_code=status, headers=headers)


def _failure_text(doc, lang: str) -> str | None:
    from ..reporters.common import failure_text

    return failure_text(doc.error, lang) if doc and doc.error else None


def _rulesets(rules_dir: str | None) -> list[str]:
    root = Path(rules_dir) if rules_dir else bundled_root()
    if (root / "ruleset.yaml").is_file():
        return [_rulebook(rules_dir, DEFAULT_RULESET).id]
    return available_rulesets(root)


def _default(rulesets: list[str]) -> str:
    return DEFAULT_RULESET if DEFAULT_RULESET in rulesets or not rulesets else rulesets[0]


@lru_cache(maxsize=8)
def _rulebook(rules_dir: str | None, ruleset: str):
    from ..rulebook import load_rulebook

    return load_rulebook(rules_dir, ruleset)
