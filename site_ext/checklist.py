"""Task lists that a reader can tick: accessible names, a key per item, and the tools around them.

pymdownx.tasklist renders ``- [ ] item`` as a disabled checkbox in an empty label. This
turns every task list of a page into a checklist: each box gets the item's text as its
accessible name (``aria-labelledby``) and a stable key (a digest of that text), and the
first list gets the tools (progress, reset, print) with their texts in the page's language
from the calculators' catalogues. The boxes stay disabled in the HTML: without JavaScript
the page is a readable list; ``checklist.js`` enables them and keeps the ticks in the
browser's local storage, per language and page.
"""

from __future__ import annotations

import hashlib
import re
from html import escape, unescape

from calculators.i18n import translate

_ITEM = re.compile(
    r'(?P<head><li class="task-list-item">(?:<p>)?<label class="task-list-control">)'
    r"<input (?P<attrs>[^>]*?)/?>(?P<indicator><span class=\"task-list-indicator\"></span></label>)"
    r"(?P<text>.*?)(?P<tail></p>|</li>|<ul|<ol)",
    re.DOTALL,
)
_TAGS = re.compile(r"<[^>]+>")


def item_key(text_html: str) -> str:
    """A stable key for an item: a short digest of its plain text.

    >>> item_key(" We hold our <em>own</em> logins. "), item_key("We hold our own logins.")
    ('f8fde6f5', 'f8fde6f5')
    """
    plain = " ".join(unescape(_TAGS.sub("", text_html)).split())
    return hashlib.sha256(plain.encode("utf-8")).hexdigest()[:8]


def enhance(html: str, lang: str, page_key: str) -> str:
    r"""Give every task-list item a name and a key, and put the tools before the first list.

    Args:
        html: The page's content HTML.
        lang: The page's language (texts of the tools).
        page_key: Where the ticks are stored, e.g. ``da:outsourcing-checklist``.

    >>> out = enhance('<ul class="task-list">\\n<li class="task-list-item"><label class="task-list-control">'
    ...     '<input type="checkbox" disabled/><span class="task-list-indicator"></span></label> Sign it.</li>\\n</ul>',
    ...     "en", "en:x")
    >>> 'aria-labelledby="task-1"' in out, '<span id="task-1"> Sign it.</span>' in out, "0 of 1 done" in out
    (True, True, False)
    """
    count = 0

    def item(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        text = match["text"]
        key = item_key(text)
        return (
            f'{match["head"]}<input {match["attrs"].strip()} id="task-box-{count}" aria-labelledby="task-{count}" '
            f'data-task="{key}"/>{match["indicator"]}<span id="task-{count}">{text}</span>{match["tail"]}'
        )

    html = _ITEM.sub(item, html)
    if count == 0:
        return html
    tools = (
        '<div class="checklist-tools" data-checklist-tools data-search-exclude '
        f'data-checklist-key="{escape(page_key, quote=True)}" '
        f'data-progress="{escape(translate(lang, "checklist.progress"), quote=True)}" '
        f'role="group" aria-label="{escape(translate(lang, "checklist.toolbar"), quote=True)}" hidden>'
        '<p class="checklist-tools__progress" data-checklist-progress role="status"></p>'
        f'<button type="button" class="checklist-tools__button" data-checklist-action="reset">'
        f"{escape(translate(lang, 'checklist.reset'))}</button>"
        f'<button type="button" class="checklist-tools__button" data-checklist-action="print">'
        f"{escape(translate(lang, 'checklist.print'))}</button>"
        f'<p class="checklist-tools__note">{escape(translate(lang, "checklist.saved"))}</p></div>'
    )
    first = html.find('<ul class="task-list">')
    return html[:first] + tools + html[first:]
