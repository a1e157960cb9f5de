"""The site's 404 page: one page for every reader, each line in its own language.

A static host serves one ``404.html`` for every missing address, whatever language the reader
came in, so the page greets them in all of the site's languages, each with its own lang
attribute, a link to that language's home page and a button that opens the search. Links are
absolute paths below the site's address: the page is served at any depth.
"""

from __future__ import annotations

import urllib.parse
from html import escape

from calculators.i18n import translate

MARKER = "<!-- not-found -->"


def home_path(site_url: str, lang: str, default_lang: str) -> str:
    """The absolute path of a language's home page.

    >>> home_path("https://example.org/playbook/", "da", "en"), home_path("", "en", "en")
    ('/playbook/da/', '/')
    """
    root = urllib.parse.urlsplit(site_url).path or "/"
    root = root if root.endswith("/") else f"{root}/"
    return root if lang == default_lang else f"{root}{lang}/"


def markup(languages: list[str], default_lang: str, site_url: str) -> str:
    """The page's body: a section per language, the default language first."""
    sections = []
    for lang in sorted(languages, key=lambda code: code != default_lang):
        heading = "h1" if lang == default_lang else "h2"
        sections.append(
            f'<section class="not-found__language" lang="{escape(lang)}">'
            f"<{heading}>{escape(translate(lang, 'site.not_found.title'))}</{heading}>"
            f"<p>{escape(translate(lang, 'site.not_found.text'))}</p>"
            f'<p><a class="md-button md-button--primary" href="{escape(home_path(site_url, lang, default_lang))}">'
            f"{escape(translate(lang, 'site.not_found.home'))}</a> "
            f'<label class="md-button" for="__search">{escape(translate(lang, "site.not_found.search"))}</label></p>'
            "</section>"
        )
    return f'<div class="not-found">{"".join(sections)}</div>'


def fill(html: str, languages: list[str], default_lang: str, site_url: str) -> str:
    """The 404 template's output with the marker replaced by :func:`markup`."""
    return html.replace(MARKER, markup(languages, default_lang, site_url))
