"""`psedcheck rules` (the rule set as a table or JSON) and `psedcheck explain RULE` (why the rule
exists, what it looks for and where, what pass / weak / missing mean, how to fix, its examples),
in the chosen language. Both read the rule files only: no document, no spaCy."""
from __future__ import annotations

import io
import json
import shutil
import sys

import click

from ..i18n import ui
from ..model.findings import Status
from ..rulebook import RulebookError, load_rulebook
from ..rulebook.loader import DEFAULT_RULESET
from ..reporters.common import MARK, family_title, language_name, status_label
from .config import LANGS

CONTEXT = {"help_option_names": ["-h", "--help"]}
EXIT_USAGE, EXIT_RULES = 2, 3


def _rule_set_options(command):
    command = click.option("--ruleset", default=DEFAULT_RULESET, show_default=True, help="Rule set to describe.")(command)
    command = click.option("--rules", "rules_dir", type=click.Path(file_okay=False),
                           help="Load rule sets from this folder.")(command)
    return click.option("--lang", type=click.Choice(LANGS), default="en", show_default=True, envvar="PSEDCHECK_LANG",
                        help="Language of the titles and texts  [env: PSEDCHECK_LANG]")(command)


def _load(rules_dir, ruleset, lang):
    try:
        return load_rulebook(rules_dir, ruleset)
    except RulebookError as exc:
        click.echo(ui("rules_invalid", lang, problem=exc), err=True)
        sys.exit(EXIT_RULES)


def _width() -> int:
    return shutil.get_terminal_size((80, 24)).columns


def _console():
    """A console that records: `_flush` prints it, without rich's padding at the ends of lines."""
    from rich.console import Console

    tty = sys.stdout.isatty()
    return Console(file=io.StringIO(), width=_width(), highlight=False, emoji=False, no_color=not tty,
                   force_terminal=tty)


def _flush(console) -> None:
    text = console.file.getvalue()
    click.echo("".join(line.rstrip() + "\n" for line in text.splitlines()), nl=False)


@click.command(context_settings=CONTEXT)
@_rule_set_options
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="A table to read, or JSON for scripts.")
def rules(lang, rules_dir, ruleset, fmt):
    """List the rules: id, family, level (required, recommended, optional) and title."""
    book = _load(rules_dir, ruleset, lang)
    if fmt == "json":
        rows = [{"id": r.id, "family": r.family, "severity": r.severity, "title": r.title.get(lang),
                 "scope": list(r.scope)} for r in book.rules]
        click.echo(json.dumps({"ruleset": book.id, "version": book.meta.version, "lang": lang, "rules": rows},
                              ensure_ascii=False, indent=2))
        return
    from rich.table import Table

    table = Table(box=None, header_style="bold", pad_edge=False, show_edge=False)
    table.add_column(ui("dashboard_rule", lang), no_wrap=True)
    table.add_column(ui("family", lang))
    table.add_column(ui("level", lang))
    table.add_column(ui("title", lang))
    for r in book.rules:
        table.add_row(r.id, family_title(r.family, lang), ui(f"severity_{r.severity}", lang), r.title.get(lang))
    console = _console()
    console.print(table)
    console.print(ui("rules_count", lang, count=len(book.rules), ruleset=book.id), style="dim")
    _flush(console)


@click.command(context_settings=CONTEXT)
@click.argument("rule_id", metavar="RULE")
@_rule_set_options
def explain(rule_id, lang, rules_dir, ruleset):
    """Explain one rule: why it matters, what it looks for, what each result means, how to fix it."""
    book = _load(rules_dir, ruleset, lang)
    rule = next((r for r in book.rules if r.id == rule_id), None)
    if rule is None:
        click.echo(ui("explain_unknown", lang, rule=rule_id, ruleset=book.id), err=True)
        sys.exit(EXIT_USAGE)
    from rich.padding import Padding
    from rich.text import Text

    console = _console()

    def block(text, style=""):
        console.print(Padding(Text(text, style=style), (0, 0, 0, 2), expand=False))

    def heading(key):
        console.print()
        console.print(Text(ui(key, lang), style="bold underline"))

    console.print(Text(f"{rule.id} — {rule.title.get(lang)}", style="bold"))
    block(f"{ui('family', lang)}: {family_title(rule.family, lang)} · {ui('level', lang)}: "
          f"{ui('severity_' + rule.severity, lang)}")
    source = book.meta.sources[rule.source.ref].get(lang)
    block(f"{ui('source', lang)}: {source}, {rule.source.where(lang)}")
    heading("explain_why")
    block(rule.rationale.get(lang))
    heading("explain_checks")
    for aspect in rule.aspects.values():
        block(f"• {aspect.label.get(lang)}")
    titles = {c.id: c.title for c in book.canonical_sections(lang)}
    block(ui("explain_where", lang, sections=", ".join(f"«{titles.get(s, s)}»" for s in rule.scope)), "dim")
    heading("explain_outcomes")
    total, needed = len(rule.aspects), rule.pass_aspects or len(rule.aspects)
    meaning = {
        Status.PASS: ui("explain_pass_all", lang) if needed >= total else
        ui("explain_pass_some", lang, needed=needed, total=total),
        Status.WEAK: ui("explain_weak", lang) if rule.weak_allowed else ui("explain_weak_never", lang),
        Status.MISSING: ui("explain_missing", lang),
    }
    for status, text in meaning.items():
        block(f"{MARK[status]} {status_label(status, lang)} — {text}")
    heading("fix")
    from ..reporters.wording import fill_generic

    block(fill_generic(rule.fix.get(lang), lang))
    told = [e for e in rule.examples if not e.known_miss]  # a case psedcheck still gets wrong is no example to show
    examples = [e for e in told if e.lang == lang] or [e for e in told if e.lang == "ru"]
    shown = [next(e for e in examples if e.status == s) for s in ("pass", "weak", "missing")
             if any(e.status == s for e in examples)]
    if shown:
        heading("explain_examples")
        for example in shown:
            console.print()
            block(f"{MARK[Status(example.status)]} " + ui("explain_example", lang, language=language_name(example.lang, lang),
                                                         status=status_label(example.status, lang)), "bold")
            for line in example.text.rstrip().splitlines():
                console.print(Text("    " + line, style="cyan"), soft_wrap=True)  # a table stays one line per row
    _flush(console)
