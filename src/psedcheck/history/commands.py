"""`psedcheck diff` and `psedcheck history`, and the recording of each check; cli.py registers them.

Like cli.py, the only place here that prints and chooses exit codes.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .. import __version__
from ..i18n import ui
from ..model.errors import Corrupt, InputError, NotFound
from ..model.findings import DocumentReport, Failure
from ..reporters.json import saved_documents
from ..reporters.wording import phrase_document
from ..rulebook import RulebookError, load_rulebook
from ..rulebook.loader import DEFAULT_RULESET
from .store import History, HistoryError, Provenance, default_path

CONTEXT = {"help_option_names": ["-h", "--help"]}
LANGS = ["en", "ru", "ky"]
DIFF_FORMATS = ["terminal", "json", "markdown", "html"]  # what diff_render.render writes (it loads rich: imported when run)


class NoPrevious(InputError):
    """`diff --previous`: the history holds no other version of this programme."""

    code = "no-previous"


def record_checks(documents: list[DocumentReport], rulebook, lang: str, quiet: bool = False) -> None:
    """Adds the checked documents to the history, unless it is off; a history that cannot be written
    costs one line on stderr, never the check."""
    path = default_path()
    if path is None:
        return
    try:
        History(path).record(documents, Provenance(rulebook.id, rulebook.meta.version, __version__, lang))
    except HistoryError as exc:
        if not quiet:
            click.echo(f"psedcheck: {exc.code}: {exc.message} (the check was not recorded)", err=True)


@click.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, metavar="OLD NEW")
@click.option("--previous", "previous", type=click.Path(dir_okay=False), metavar="FILE",
              help="Compare FILE with the last recorded version of the same programme (municipality and period).")
@click.option("--format", "fmt", type=click.Choice(DIFF_FORMATS), default="terminal", show_default=True,
              help="Report format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write the comparison to FILE.")
@click.option("--lang", type=click.Choice(LANGS), default="en", show_default=True, envvar="PSEDCHECK_LANG",
              help="Language of messages and fixes  [env: PSEDCHECK_LANG]")
@click.option("--rules", "rules_dir", type=click.Path(file_okay=False), help="Load rule sets from this folder.")
@click.option("--ruleset", default=DEFAULT_RULESET, show_default=True, help="Rule set to check against.")
@click.option("--fail-on", type=click.Choice(["never", "regressed", "missing", "weak"]), default="regressed",
              show_default=True, help="Exit 1 when a rule regressed; `missing`/`weak`: also when the new draft "
                                      "fails like `check --fail-on` would.")
@click.option("--color/--no-color", default=None, help="Colour the terminal report (default: when a terminal).")
@click.option("--ocr/--no-ocr", default=True, show_default=True, help="Read scanned PDF pages with Tesseract.")
@click.option("--history/--no-history", default=True, show_default=True,
              help="Record the documents checked here in the history.")
@click.option("-q", "--quiet", is_flag=True, help="No progress and no error lines on stderr.")
def diff(paths, previous, fmt, output, lang, rules_dir, ruleset, fail_on, color, ocr, history, quiet):
    """What changed between two drafts of a programme (any readable format, or a saved JSON report):
    which requirements improved or regressed, and the parts and quotes that appeared or disappeared."""
    from ..cli import EXIT_INPUT, EXIT_NOT_COMPLIANT, EXIT_OK, EXIT_RULES
    from . import diff_render
    from .diff import diff_reports

    given = [previous] if previous else list(paths)
    if len(given) != 2 - bool(previous):
        raise click.UsageError("give two files (OLD NEW), or --previous FILE alone")
    if output and any(Path(output).resolve() == Path(p).resolve() for p in given):
        raise click.UsageError("-o must not name an input")  # no output ever replaces an input
    try:
        rulebook = load_rulebook(rules_dir, ruleset)
    except RulebookError as exc:
        click.echo(f"psedcheck: invalid rules: {exc}", err=True)
        sys.exit(EXIT_RULES)
    sides = _reports(given, rulebook, ocr, quiet)
    checked = [doc for doc, path in zip(sides, given) if not _is_saved_report(path)]
    if previous and not sides[0].error:
        try:  # looked up before this check is recorded, which would otherwise be its own previous version
            sides.insert(0, _previous_version(sides[0]))
        except InputError as exc:
            sides.insert(0, DocumentReport(previous, error=Failure(exc.code, exc.message)))
    if history:  # the option (or `history = false` in psedcheck.toml), not the command below
        record_checks(checked, rulebook, lang, quiet)
    if failed := [doc for doc in sides if doc.error]:
        for doc in failed if not quiet else ():
            click.echo(f"psedcheck: {doc.error.code}: {doc.error.message}", err=True)
        sys.exit(EXIT_INPUT)
    # both sides in words of --lang, whatever language a saved report or a recorded check was made in
    result = diff_reports(*(phrase_document(side, rulebook, lang) for side in sides))
    if color is None:
        color = output is None and sys.stdout.isatty()
    text = diff_render.render(result, fmt, lang, __version__, rulebook.id, color=color)
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
    fails = fail_on != "never" and (result.regressed or (fail_on != "regressed" and result.new.fails(fail_on)))
    sys.exit(EXIT_NOT_COMPLIANT if fails else EXIT_OK)


def _is_saved_report(path: str) -> bool:
    return Path(path).suffix.lower() == ".json"


def _reports(paths: list[str], rulebook, ocr: bool, quiet: bool) -> list[DocumentReport]:
    """The report of each path: a saved JSON report as it is, a document checked now. The documents
    are read in forked readers while spaCy loads."""
    found = {i: _saved_report(Path(p)) for i, p in enumerate(paths) if _is_saved_report(p)}
    for i, p in enumerate(paths):
        if i not in found and not Path(p).exists():
            found[i] = DocumentReport(p, error=Failure(NotFound.code, f"{p}: no such file"))
    to_check = {i: Path(p) for i, p in enumerate(paths) if i not in found}
    if to_check:
        from ..batch.readahead import read_ahead
        from ..batch.jobs import ocr_for_run

        reader = ocr_for_run(None, len(to_check), not quiet) if ocr else None
        waiting = {i: read_ahead(path, reader) if path.is_file() else None for i, path in to_check.items()}
        from ..api import Checker  # spaCy loads here
        from ..batch.pool import check_safely

        checker = Checker(rulebook, reader)
        for i, path in to_check.items():
            found[i] = check_safely(checker, path, waiting[i]() if waiting[i] else None)
    return [found[i] for i in range(len(paths))]


def _saved_report(path: Path) -> DocumentReport:
    """The one document of a psedcheck JSON report (or a bare document entry of one)."""
    documents = saved_documents(path)
    if len(documents) != 1:
        return DocumentReport(str(path), format="json", error=Failure(
            Corrupt.code, f"{path.name}: a JSON report to compare must hold exactly one document"))
    return documents[0]


def _previous_version(doc: DocumentReport) -> DocumentReport:
    path = default_path()
    if path is None:
        raise NoPrevious("the history is off (PSEDCHECK_HISTORY=off): there is no previous version to compare with")
    history = History(path)
    record = history.previous(doc) if path.exists() else None
    report = history.report(record.id) if record else None
    if report is None:
        named = " · ".join(filter(None, [doc.municipality, doc.period])) or Path(doc.path).name
        raise NoPrevious(f"{Path(doc.path).name}: the history holds no other version of this programme ({named})")
    report.path = f"{record.file_name} ({record.last_checked_at[:10]})"
    return report


@click.command(context_settings=CONTEXT)
@click.argument("municipality", required=False)
@click.option("--file", "files", multiple=True, type=click.Path(dir_okay=False),
              help="Only checks of a file of this name or, while it exists, this content (repeatable).")
@click.option("--id", "ids", multiple=True, type=click.IntRange(min=1), help="Only this check number (repeatable).")
@click.option("--forget", is_flag=True, help="Delete the checks selected (MUNICIPALITY, --file, --id) instead of listing them.")
@click.option("--all", "everything", is_flag=True, help="With --forget and nothing selected: delete the whole history.")
@click.option("--format", "fmt", type=click.Choice(["terminal", "json"]), default="terminal", show_default=True)
@click.option("--lang", type=click.Choice(LANGS), default="en", show_default=True, envvar="PSEDCHECK_LANG",
              help="Language of the listing  [env: PSEDCHECK_LANG]")
def history(municipality, files, ids, forget, everything, fmt, lang):
    """The programmes checked on this computer and their versions (date, file, score, counts);
    MUNICIPALITY keeps those whose municipality contains it."""
    from ..cli import EXIT_INPUT, EXIT_OK
    from ..reading import sha256_of
    from . import listing

    selection = listing.Selection(municipality, frozenset(sha256_of(Path(f)) for f in files if Path(f).is_file()),
                                  frozenset(Path(f).name for f in files), frozenset(ids))
    if forget and selection.empty != everything:
        raise click.UsageError("--forget needs what to forget (MUNICIPALITY, --file, --id), or --all alone")
    if everything and not forget:
        raise click.UsageError("--all goes with --forget")
    path = default_path()
    if path is None:
        click.echo(ui("history_off", lang, setting="PSEDCHECK_HISTORY=off"))
        sys.exit(EXIT_OK)
    store = History(path)
    try:
        records = [r for r in store.checks() if selection.matches(r)] if path.exists() else []
        if forget:
            count = store.forget([r.id for r in records])
            click.echo(json.dumps({"forgotten": [r.id for r in records]}) if fmt == "json"
                       else ui("history_forgotten", lang, count=count))
        else:
            click.echo(listing.render(records, fmt, lang, str(path), municipality), nl=False)
    except HistoryError as exc:
        click.echo(f"psedcheck: {exc.code}: {exc.message}", err=True)
        sys.exit(EXIT_INPUT)
    sys.exit(EXIT_OK)
