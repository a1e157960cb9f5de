"""Absolute hreflang links, with ``x-default``, in every page's head.

Search engines ignore relative hreflang URLs, and a page's alternates must name a default for
readers whose language the site lacks (the default language's page). Material writes the
alternates that mkdocs-static-i18n gives it, relative to the page; this turns them into absolute
URLs and adds the default after them.
"""

from __future__ import annotations

import re
import urllib.parse

ALTERNATE = re.compile(r'<link rel="alternate" href="([^"]*)" hreflang="([^"]+)">')


def absolute_alternates(html: str, page_url: str, default_lang: str) -> str:
    """``html`` with its hreflang links resolved against ``page_url`` and an ``x-default`` added.

    >>> head = (
    ...     '<link rel="alternate" href="../../kpis/" hreflang="en">'
    ...     '<link rel="alternate" href="./" hreflang="da">'
    ... )
    >>> html = absolute_alternates(head, "https://example.org/guide/da/kpis/", "en")
    >>> for href, lang in ALTERNATE.findall(html):
    ...     print(lang, href)
    en https://example.org/guide/kpis/
    da https://example.org/guide/da/kpis/
    x-default https://example.org/guide/kpis/
    """
    default: list[str] = []

    def absolute(match: re.Match[str]) -> str:
        href, lang = urllib.parse.urljoin(page_url, match.group(1)), match.group(2)
        if lang == default_lang:
            default.append(href)
        return f'<link rel="alternate" href="{href}" hreflang="{lang}">'

    html = ALTERNATE.sub(absolute, html)
    last = list(ALTERNATE.finditer(html))
    if not (default and last) or 'hreflang="x-default"' in html:
        return html
    end = last[-1].end()
    return f'{html[:end]}<link rel="alternate" href="{default[0]}" hreflang="x-default">{html[end:]}'
