"""The psedcheck command: the only place that prints and chooses exit codes."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .model.errors import NoDocuments, NotFound
from .model.findings import DocumentReport, Failure, Report
from .ingest import SUPPORTED
from .rulebook import RulebookError, load_rulebook
from .reporters import FORMATS, render
from .rulebook.loader import DEFAULT_RULESET
from .reporters.summary import FORMATS as SUMMARY_FORMATS, write_summary

EXIT_OK, EXIT_NOT_COMPLIANT, EXIT_USAGE, EXIT_RULES, EXIT_INPUT = 0, 1, 2, 3, 4
BATCH_TIMEOUT = 300.0  # seconds per document when several are checked
# Programme formats psedcheck cannot read (other word processors, scans): in a folder they become
# `unsupported` rows, not silence. Spreadsheets of today (.xlsx) are annexes or summaries: skipped.
DOCUMENT_LIKE = (".wpd", ".xls", ".djvu")


def expand(paths: tuple[str, ...]) -> list[DocumentReport | Path]:
    """Files as given, folders searched recursively for documents; a bad path becomes an error row."""
    items: list[DocumentReport | Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED + DOCUMENT_LIKE
                           and not p.name.startswith(("~$", ".")))
            if not found:
                err = NoDocuments(f"{path}: no documents ({', '.join(SUPPORTED)}) in this folder")
                items.append(DocumentReport(str(path), error=Failure(err.code, err.message)))
            items.extend(found)
        elif not path.exists():
            err = NotFound(f"{path}: no such file or folder")
            items.append(DocumentReport(str(path), error=Failure(err.code, err.message)))
        else:
            items.append(path)
    return items


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="terminal", show_default=True,
              help="Report format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write the report to FILE.")
@click.option("--lang", type=click.Choice(["en", "ru", "ky"]), default="en", show_default=True,
              help="Language of messages and fixes.")
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
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no error lines on stderr.")
@click.option("--ocr/--no-ocr", default=True, show_default=True,
              help="Read scanned PDF pages with Tesseract (rus+kir+eng), --jobs pages at a time.")
@click.version_option(__version__, prog_name="psedcheck")
def main(paths, fmt, output, lang, rules_dir, ruleset, fail_on, color, jobs, timeout, cache_dir, summary, quiet, annotate_path, ocr):
    """Check Programmes of Socio-Economic Development (PDF, DOCX, ODT, DOC, RTF, TXT, MD) against the psed-2018 rules."""
    try:
        rulebook = load_rulebook(rules_dir, ruleset)
    except RulebookError as exc:
        click.echo(f"psedcheck: invalid rules: {exc}", err=True)
        sys.exit(EXIT_RULES)
    written = {Path(p).resolve() for p in (output, summary) if p}  # a re-run must not check its own reports
    items = [item for item in expand(paths) if isinstance(item, DocumentReport) or item.resolve() not in written]
    if summary and Path(summary).suffix.lower() not in SUMMARY_FORMATS:
        raise click.UsageError("--summary FILE must end in .xlsx or .csv")
    if fmt == "html" and len(items) > 1 and not output:
        raise click.UsageError("--format html over several documents writes a dashboard and one page per document: give -o FILE")
    if timeout is None:
        timeout = BATCH_TIMEOUT if len(items) > 1 else 0
    documents = _check(items, rulebook, lang, jobs, timeout, cache_dir, quiet, ocr)
    report = Report(__version__, rulebook.id, lang, documents, ruleset_title=rulebook.meta.title.get(lang),
                    canonical_sections=rulebook.canonical_sections(lang))
    _write_outputs(report, rulebook, fmt, output, color, summary, annotate_path, fail_on)
    for doc in documents if not quiet else ():
        if doc.error:
            click.echo(f"psedcheck: {doc.error.code}: {doc.error.message}", err=True)
    if any(doc.error for doc in documents):
        sys.exit(EXIT_INPUT)
    sys.exit(EXIT_NOT_COMPLIANT if any(doc.fails(fail_on) for doc in documents) else EXIT_OK)


def _check(items, rulebook, lang, jobs, timeout, cache_dir, quiet, ocr) -> list[DocumentReport]:
    """The reports of all items, in order: one document in this process (read in a forked reader
    while spaCy loads), several through the batch runner with its workers, time limit and cache."""
    from .ingest.ocr.runner import for_run

    reader = for_run(jobs, len(items), not quiet) if ocr else None
    single = len(items) == 1 and isinstance(items[0], Path) and not timeout and not cache_dir
    if single:
        from .batch.readahead import read_ahead

        prefetched = read_ahead(items[0], reader)
    from .api import Checker  # spaCy loads here

    from .batch.pool import check_many, check_safely

    checker = Checker(rulebook, lang, reader)
    if single:
        return [check_safely(checker, items[0], prefetched())]
    from .batch.cache import ReportCache
    from .batch.progress import progress_bar

    try:
        cache = ReportCache(cache_dir, checker) if cache_dir else None
    except OSError as exc:
        raise click.UsageError(f"--cache {cache_dir}: {exc.strerror or exc}")
    with progress_bar(len(items), enabled=not quiet and sys.stderr.isatty()) as advance:
        return list(check_many(items, checker, jobs, timeout or None, cache, advance))


def _write_outputs(report: Report, rulebook, fmt, output, color, summary, annotate_path, fail_on) -> None:
    """The report (or the dashboard of a batch), the summary table and the annotated draft."""
    documents, lang = report.documents, report.lang
    if fmt == "html" and len(documents) > 1:
        from .reporters.dashboard import write_dashboard

        write_dashboard(report, Path(output), fail_on)
    else:
        options = {"color": color if color is not None else (output is None and sys.stdout.isatty())} if fmt == "terminal" else {}
        text = render(fmt, report, **options)
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            click.echo(text, nl=False)
    if summary:
        write_summary(summary, report, [rule.id for rule in rulebook.rules], fail_on)
    if annotate_path:
        from .reporters.comments import annotate_for_cli

        if problem := annotate_for_cli(annotate_path, documents, rulebook, lang):
            click.echo(problem, err=True)
