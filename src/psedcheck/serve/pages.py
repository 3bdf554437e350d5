"""The server's pages (Jinja, autoescaped, strings from ui.yaml) and the report page.

The report page is the HTML report itself (reporters/html.py), the same content an e-mailed report
has, with a bar of downloads put at the top of its body: the bar's styles go inline because the
report's own Content-Security-Policy allows no stylesheet from elsewhere.
"""
from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote

from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from .. import __version__
from ..i18n import LANGS, ui

LANG_COOKIE = "psedcheck_lang"
# Each language named in itself in the switch, whatever the page's language (as sites do).
ENDONYMS = (("ru", "Русский"), ("ky", "Кыргызча"), ("en", "English"))
FORMATS = (".pdf", ".docx", ".odt", ".doc", ".rtf", ".txt", ".md")


@lru_cache(maxsize=1)
def environment() -> Environment:
    # the report's templates second: the diff page shares its rule groups with `diff --format html`
    loader = ChoiceLoader([PackageLoader("psedcheck.serve", "templates"), PackageLoader("psedcheck.reporters", "templates")])
    return Environment(loader=loader, autoescape=True,
                       trim_blocks=True, lstrip_blocks=True, undefined=StrictUndefined)


def page_lang(request, default: str) -> str:
    """?lang= (the switch), else the remembered choice, else the server's default."""
    for value in (request.query_params.get("lang"), request.cookies.get(LANG_COOKIE)):
        if value in LANGS:
            return value
    return default


def render_page(name: str, lang: str, here: str = "/", **context) -> str:
    """`here`: the address the language switch reloads (an error page after a POST goes to the start)."""
    return environment().get_template(name).render(
        lang=lang, langs=ENDONYMS, here=here,
        t=lambda key, **values: ui(key, lang, **values), version=__version__, **context)


_BAR_CSS = """
.serve-bar { max-width: 1000px; margin: 16px auto 0; padding: 12px 18px; background: #fff; border: 1px solid #d9dee3;
  border-radius: 6px; display: flex; flex-wrap: wrap; gap: .5em 1.2em; align-items: center; }
.serve-bar strong { margin-right: .4em; }
.serve-bar a { color: #0b57d0; }
.serve-bar .home { margin-left: auto; }
.serve-bar .pages { flex-basis: 100%; display: flex; flex-wrap: wrap; gap: .5em 1.2em; font-weight: 600; }
@media print { .serve-bar { display: none; } }
"""


def with_bar(report_html: str, links: list[tuple[str, str]], home: tuple[str, str], title: str,
             pages: list[tuple[str, str]] = ()) -> str:
    """The report page with the downloads bar (links: (url, label)) at the top of its body; `pages`:
    other pages of the server (a programme's versions, the diff with the previous one), in their own row."""
    items = "".join(f'<a href="{escape(url)}" download>{escape(label)}</a>' for url, label in links)
    heading = f'<strong>{escape(title)}:</strong>' if links else ""
    others = "".join(f'<a class="page" href="{escape(url)}">{escape(label)}</a>' for url, label in pages)
    others = f'<span class="pages">{others}</span>' if others else ""
    bar = Markup(f'<style>{_BAR_CSS}</style>\n<nav class="serve-bar" aria-label="{escape(title)}">'
                 f'{heading}{items}'
                 f'<a class="home" href="{escape(home[0])}">{escape(home[1])}</a>{others}</nav>\n')
    head, body_tag, rest = report_html.partition("<body>")
    if not body_tag:  # the report changed shape: the page still shows, the bar first
        return bar + report_html
    return f"{head}<body>\n{bar}{rest}"


def attachment(filename: str) -> str:
    """A Content-Disposition that keeps a Cyrillic name (RFC 6266) with an ASCII fallback."""
    fallback = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "._-") else "_" for ch in filename)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"
