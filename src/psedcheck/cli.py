"""The psedcheck command: the only place that prints and chooses exit codes.

`cli` is a click group; `psedcheck PATH…` means `psedcheck check PATH…`. A subcommand can live in its
own module and join with `cli.add_command(command)` at the bottom of this file.
"""
from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import click

from . import __version__, collector
from .model.errors import NoDocuments, NotFound
from .model.findings import DocumentReport, Failure, Report
from .ingest import SUPPORTED
from .rulebook import RulebookError, load_rulebook
from .reporters import FORMATS, render
from .rulebook.loader import DEFAULT_RULESET
from .reporters.summary import FORMATS as SUMMARY_FORMATS, write_summary
from .commands import config
from .commands.selection import SelectionError, chosen_rules, only
from .reporters.common import failure_text
from .reporters.json import saved_documents
from .reporters.wording import compose
from .ingest.limits import Limits, configure as configure_limits, current as current_limits
from .i18n import ui
from .reporters.files import OutputProblem, atomic_path, check_outputs, printable, printable_report, write_text

EXIT_OK, EXIT_NOT_COMPLIANT, EXIT_USAGE, EXIT_RULES, EXIT_INPUT, EXIT_NOT_PROGRAMME = 0, 1, 2, 3, 4, 5
BATCH_TIMEOUT = 300.0  # seconds per document when several are checked
# Programme formats psedcheck cannot read (other word processors, scans): in a folder they become
# `unsupported` rows, not silence. Spreadsheets of today (.xlsx) are annexes or summaries: skipped.
DOCUMENT_LIKE = (".wpd", ".xls", ".djvu")
NOT_PROGRAMMES = {"readme", "notes", "note", "changelog", "changes", "license", "licence", "todo", "contributing",
                  "заметки", "примечания", "эскертмелер"}
CONTEXT = {"help_option_names": ["-h", "--help"]}


@dataclass(frozen=True)
class RunOptions:
    """Everything a check run was asked for, as one value passed from the command to its helpers."""
    fmt: str = "terminal"
    output: str | None = None
    lang: str = "en"
    rules_dir: str | None = None
    ruleset: str = DEFAULT_RULESET
    fail_on: str = "missing"
    color: bool | None = None
    annotate_path: str | None = None
    jobs: int | None = None
    timeout: float | None = None
    cache_dir: str | None = None
    summary: str | None = None
    quiet: bool = False
    ocr: bool = True
    history: bool = True  # record the check (psedcheck history)
    select: tuple[str, ...] = ()  # rule ids or families to check (default: every rule)
    ignore: tuple[str, ...] = ()  # rule ids or families left out of the findings and the score
    hide_pass: bool = False  # the terminal and Markdown reports leave out the rules met
    full: bool = False  # in the terminal, every document's whole report instead of one line each
    limits: tuple[str, ...] = ()  # --limit NAME=VALUE: what one document may cost (ingest/limits.py)


class DefaultGroup(click.Group):
    """A group whose first argument, when it names no subcommand, is a path for the default command."""

    default_command = "check"

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names + ["--version"]:
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)


@click.group(cls=DefaultGroup, context_settings=CONTEXT)
@click.version_option(__version__, prog_name="psedcheck")
@click.pass_context
def cli(ctx: click.Context):
    """Check Programmes of Socio-Economic Development against the psed-2018 rules.

    `psedcheck PATH…` is short for `psedcheck check PATH…`. Settings (lang, fail_on, select,
    ignore, jobs, ocr) can be set once in psedcheck.toml in this folder or a parent, or in the user
    file (psedcheck.toml in the platform's config folder); PSEDCHECK_LANG sets the language; options
    given here win.
    """
    try:
        settings, _ = config.load()
    except config.SettingsError as exc:
        click.echo(f"psedcheck: {exc}", err=True)
        ctx.exit(EXIT_USAGE)
    ctx.default_map = config.default_map(settings)


def not_a_programme(path: Path) -> bool:
    """A README, notes or a change log found in a folder: plainly no programme, so never scored as one."""
    return path.suffix.lower() in (".md", ".markdown", ".txt") and path.stem.lower().split(".")[0] in NOT_PROGRAMMES


def skipped_in(paths: tuple[str, ...]) -> list[Path]:
    """The files of the folders that expand() leaves out as no programme, to say so on stderr."""
    return sorted(p for raw in paths if Path(raw).is_dir() for p in Path(raw).rglob("*")
                  if p.is_file() and not p.name.startswith((".", "~$")) and not_a_programme(p))


def saved_reports(paths: tuple[str, ...]) -> list[Path]:
    """The JSON reports given by name: shown again (in --lang and --format), not checked."""
    return [Path(raw) for raw in paths if Path(raw).suffix.lower() == ".json" and Path(raw).is_file()]


def expand(paths: tuple[str, ...]) -> list[DocumentReport | Path]:
    """Files as given, folders searched recursively for documents; a bad path becomes an error row,
    a saved JSON report its documents as they were checked. Plain-text files of a folder that are
    plainly no programme (README, notes) are left out."""
    saved = saved_reports(paths)
    items: list[DocumentReport | Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED + DOCUMENT_LIKE
                           and not p.name.startswith(("~$", ".")))
            found = [p for p in found if not not_a_programme(p)]
            if not found:
                err = NoDocuments(f"{path}: no documents ({', '.join(SUPPORTED)}) in this folder")
                items.append(DocumentReport(str(path), error=Failure(err.code, err.message)))
            items.extend(found)
        elif not path.exists():
            err = NotFound(f"{path}: no such file or folder")
            items.append(DocumentReport(str(path), error=Failure(err.code, err.message)))
        elif path in saved:
            items.extend(saved_documents(path))
        else:
            items.append(path)
    return items


@cli.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="terminal", show_default=True,
              help="Report format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write the report to FILE.")
@click.option("--lang", type=click.Choice(config.LANGS), default="en", show_default=True, envvar="PSEDCHECK_LANG",
              help="Language of the report, messages and fixes  [env: PSEDCHECK_LANG]")
@click.option("--rules", "rules_dir", type=click.Path(file_okay=False), help="Load rule sets from this folder.")
@click.option("--ruleset", default=DEFAULT_RULESET, show_default=True, help="Rule set to check against.")
@click.option("--fail-on", type=click.Choice(["never", "missing", "weak"]), default="missing", show_default=True,
              help="Exit 1 when an error-severity rule is missing (or also weak).")
@click.option("--color/--no-color", default=None, help="Colour the terminal report (default: when a terminal).")
@click.option("--annotate", "annotate_path", type=click.Path(dir_okay=False),
              help="Write a copy of the DOCX draft with a Word comment at each weak or missing finding.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Worker processes  [default: number of cores]")
@click.option("--timeout", type=click.FloatRange(min=0),
              help="Seconds per document before it is stopped with error `timeout` (0: no limit)  "
                   "[default: 300 in a batch; none for a single document, which runs in this process]")
@click.option("--cache", "cache_dir", type=click.Path(file_okay=False),
              help="Reuse the results of unchanged files from this folder, and store new ones there.")
@click.option("--summary", type=click.Path(dir_okay=False, writable=True),
              help="Also write one row per document to FILE (.xlsx with a sheet of rule totals, or .csv).")
@click.option("--select", multiple=True, metavar="RULES",
              help="Check only these rule ids or families (comma-separated or repeated), e.g. gender,structure-swot.")
@click.option("--ignore", multiple=True, metavar="RULES",
              help="Leave these rule ids or families out of the findings and the score; the report names them.")
@click.option("--hide-pass", is_flag=True, help="Leave the rules met out of the terminal and Markdown reports.")
@click.option("--full", is_flag=True, help="Over several documents, print every full report, not one line each.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no error lines on stderr.")
@click.option("--ocr/--no-ocr", default=True, show_default=True,
              help="Read scanned PDF pages with Tesseract (rus+kir+eng), --jobs pages at a time.")
@click.option("--history/--no-history", default=True, show_default=True, help="Record this check (psedcheck history).")
@click.option("--limit", "limits", multiple=True, metavar="NAME=VALUE",
              help="What one document may cost, e.g. memory=2G, pixels=60M, text-size=32M, part-size, ratio, "
                   "blocks, characters, image-pixels (0: none); past it the document is `too-large` or `out-of-memory`.")
def check(paths, **chosen):
    """Check programmes (PDF, DOCX, ODT, DOC, RTF, TXT, MD, or folders of them)."""
    code = run_check(paths, RunOptions(**chosen))
    collector.finished()
    sys.exit(code)


def run_check(paths: tuple[str, ...], options: RunOptions) -> int:
    """Check the paths, write every asked-for output and return the exit code."""
    try:
        rulebook = load_rulebook(options.rules_dir, options.ruleset)
    except RulebookError as exc:
        click.echo(ui("rules_invalid", options.lang, problem=exc), err=True)
        return EXIT_RULES
    collector.loaded()
    try:  # usage errors before any work
        kept, ignored = chosen_rules(rulebook, options.select, options.ignore, options.lang)
    except SelectionError as exc:
        click.echo(f"psedcheck: --select/--ignore: {exc}", err=True)
        return EXIT_USAGE
    if options.annotate_path:
        from .reporters.comments import annotate_usage

        if problem := annotate_usage(list(paths), options.annotate_path, options.lang):
            click.echo(problem, err=True)
            return EXIT_USAGE
    if not options.quiet and (skipped := skipped_in(paths)):
        click.echo(ui("skipped_not_programmes", options.lang, names=", ".join(p.name for p in skipped)), err=True)
    try:
        items = _safe_items(paths, options)
    except (ValueError, OSError) as exc:  # an output that clashes or cannot be written, a bad --limit
        draft = isinstance(exc, OutputProblem) and exc.option == "--annotate" and exc.clash == "input"
        click.echo(ui("annotate_same_file", options.lang) if draft else f"psedcheck: {printable(str(exc))}", err=True)
        return EXIT_USAGE  # one line, before any work
    if options.summary and Path(options.summary).suffix.lower() not in SUMMARY_FORMATS:
        raise click.UsageError("--summary FILE must end in .xlsx or .csv")
    if options.fmt == "html" and len(items) > 1 and not options.output:
        raise click.UsageError("--format html over several documents writes a dashboard and one page per document: give -o FILE")
    timeout = options.timeout if options.timeout is not None else (BATCH_TIMEOUT if len(items) > 1 else 0)
    documents = _check(items, rulebook, options, timeout)
    if options.history:  # what was checked now: not a saved report shown again
        record_checks([d for d, item in zip(documents, items) if isinstance(item, Path)], rulebook, options.lang,
                      options.quiet)
    report = compose(only(documents, kept), rulebook, options.lang, fail_on=options.fail_on, ignored=ignored)
    documents = report.documents
    try:
        _write_outputs(report, rulebook, options)
    except OutputProblem as exc:
        click.echo(f"psedcheck: {printable(str(exc))}", err=True)
        return EXIT_USAGE
    for doc in documents if not options.quiet else ():
        if doc.error:
            click.echo(printable(ui("stderr_failure", options.lang, name=Path(doc.path).name, code=doc.error.code,
                                    reason=failure_text(doc.error, options.lang))), err=True)
    if any(doc.error for doc in documents):
        return EXIT_INPUT
    if any(doc.not_programme for doc in documents):  # a decision, report or budget sent instead of a programme
        return EXIT_NOT_PROGRAMME
    return EXIT_NOT_COMPLIANT if any(doc.fails(options.fail_on) for doc in documents) else EXIT_OK


def _safe_items(paths: tuple[str, ...], options: RunOptions) -> list[DocumentReport | Path]:
    """The items to check, once the limits are set and every output is known to be writable and to
    replace no input and no other output (OutputProblem otherwise; ValueError for a bad --limit)."""
    configure_limits(Limits.parse(options.limits))
    items = expand(paths)
    outputs = {"-o": options.output, "--summary": options.summary, "--annotate": options.annotate_path}
    dashboard = options.output if options.fmt == "html" and len(items) > 1 else None
    check_outputs(outputs, [item for item in items if isinstance(item, Path)] + saved_reports(paths), dashboard)
    return items


def _render_options(options: RunOptions, color: bool) -> dict:
    """The terminal report fits the terminal (COLUMNS, the real width, or 80 when not a terminal)."""
    if options.fmt == "terminal":
        return {"color": color, "width": shutil.get_terminal_size((80, 24)).columns,
                "hide_pass": options.hide_pass, "full": options.full or None}
    return {"hide_pass": options.hide_pass} if options.fmt == "markdown" else {}


def _check(items, rulebook, options: RunOptions, timeout: float) -> list[DocumentReport]:
    """The reports of all items, in order: one document in this process (read in a forked reader
    while spaCy loads), several through the batch runner with its workers, time limit and cache."""
    from .batch.jobs import default_jobs, ocr_for_run

    reader = ocr_for_run(options.jobs, len(items), not options.quiet, ui("ocr_counter", options.lang)) if options.ocr else None
    single = len(items) == 1 and isinstance(items[0], Path) and not timeout and not options.cache_dir
    # one document may spread its reading and analysis over the cores; in a batch the documents share them
    cores = (options.jobs or default_jobs()) if single else 1
    if single:
        from .batch.readahead import build_while_reading, read_ahead

        prefetched = read_ahead(items[0], reader, current_limits().memory, cores, work_ahead=True)
    from .batch.cache import CacheScope, ReportCache
    from .batch.pool import check_many, check_safely

    try:
        cache = ReportCache(options.cache_dir, CacheScope(rulebook, reader)) if options.cache_dir else None
    except OSError as exc:
        raise click.UsageError(f"--cache {options.cache_dir}: {exc.strerror or exc}")
    if cache:  # the stored results first: an unchanged folder's re-run never imports spaCy
        items = [cache.get(item) or item if isinstance(item, Path) else item for item in items]
    checker = None
    if any(isinstance(item, Path) for item in items):
        from .api import Checker  # spaCy loads here

        checker = Checker(rulebook, reader, cores)
    if single:
        build_while_reading(checker.matcher, prefetched)
        collector.loaded()
        return [check_safely(checker, items[0], prefetched(), prefetched.ahead)]
    from .batch.progress import progress_bar

    with progress_bar(len(items), not options.quiet and sys.stderr.isatty(), ui("progress_checking", options.lang)) as advance:
        return list(check_many(items, checker, options.jobs, timeout or None, cache, advance, current_limits().memory))


def _write_outputs(report: Report, rulebook, options: RunOptions) -> None:
    """The report (or the dashboard of a batch), the summary table and the annotated draft."""
    documents, lang, output = report.documents, report.lang, options.output
    if options.fmt == "html" and len(documents) > 1:
        from .reporters.dashboard import write_dashboard

        write_dashboard(report, Path(output), options.fail_on)
    else:
        color = options.color if options.color is not None else (output is None and sys.stdout.isatty())
        shown = printable_report(report) if options.fmt == "terminal" else report  # names with \n, \r, ESC
        text = render(options.fmt, shown, **_render_options(options, color))
        if output:
            write_text(output, text)
        else:
            click.echo(text, nl=False)
    if options.summary:
        with atomic_path(options.summary) as temporary:
            write_summary(temporary, report, [rule.id for rule in rulebook.rules], options.fail_on)
    if options.annotate_path:
        from .reporters.comments import annotate_for_cli

        if problem := annotate_for_cli(options.annotate_path, documents, rulebook, lang):
            click.echo(problem, err=True)


# Subcommands in their own modules join here: cli.add_command(serve) …
from .commands.rules import explain, rules  # noqa: E402
cli.add_command(rules)
cli.add_command(explain)
from .history.commands import diff, history, record_checks  # noqa: E402
cli.add_command(diff)
cli.add_command(history)
from .serve.command import serve  # noqa: E402 (Starlette and uvicorn load only when it runs)
cli.add_command(serve)
main = cli  # the group: the tests and programs call it in their own process


def command() -> None:
    """The console script and `python -m psedcheck`: psedcheck owns this process, so it may tune the
    garbage collector (collector.py), which a test or program calling `main` keeps as it was."""
    collector.own()
    cli()
