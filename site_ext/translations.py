"""Translation status: which version of its English page each translated page translates.

A translated page (``docs/da/kpis.md``) records the English file it was written from as a
content hash in its front matter::

    ---
    translation_of: 3f2a9c0d41e7
    ---

(the first 12 hex digits of the SHA-256 of ``docs/en/kpis.md``, line endings normalized).
``python -m site_ext.translations stamp [FILES]`` writes it once a translation is brought up to
date; ``python -m site_ext.translations status`` (``make translations``) lists, per language,
the pages that are missing and those whose English page has changed since (outdated), and
those never stamped. The build warns about outdated pages and shows a notice on them; it never
fails because of one.

Usage::

    python -m site_ext.translations status [--docs DIR] [--check]
    python -m site_ext.translations stamp [--docs DIR] [FILES...]
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from calculators.i18n import translate

KEY = "translation_of"
SOURCE = "en"
DIGITS = 12
DOCS = Path(__file__).resolve().parent.parent / "docs"
#: Folders of docs/ that are not a language's pages.
NOT_LANGUAGES = frozenset({"assets"})

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.DOTALL)
_STAMP = re.compile(rf"^{KEY}:[ \t]*[\"']?([0-9a-fA-F]*)[\"']?[ \t]*$", re.MULTILINE)


def content_hash(text: str) -> str:
    r"""The stamp of an English page's text: a SHA-256 prefix, the same for CRLF and LF checkouts.

    >>> content_hash("# KPIs\n") == content_hash("# KPIs\r\n")
    True
    >>> len(content_hash(""))
    12
    """
    normalized = text.replace("\r\n", "\n").encode("utf-8")
    return hashlib.sha256(normalized).hexdigest()[:DIGITS]


def read_stamp(text: str) -> str | None:
    r"""The ``translation_of`` hash in a page's front matter, or None.

    >>> read_stamp("---\ntranslation_of: 0123456789ab\n---\n# KPI'er\n")
    '0123456789ab'
    >>> read_stamp("# KPI'er\n") is None
    True
    """
    match = _FRONT_MATTER.match(text)
    if not match:
        return None
    stamp = _STAMP.search(match.group(1) or "")
    return stamp.group(1).lower() if stamp and stamp.group(1) else None


def write_stamp(text: str, digest: str) -> str:
    r"""``text`` with ``translation_of: digest`` in its front matter (added, or replaced in place).

    Nothing else in the page changes.

    >>> write_stamp("# KPI'er\n", "0123456789ab")
    "---\ntranslation_of: 0123456789ab\n---\n\n# KPI'er\n"
    >>> write_stamp("---\ntitle: KPI\ntranslation_of: 1\n---\n# KPI\n", "ab")
    '---\ntitle: KPI\ntranslation_of: ab\n---\n# KPI\n'
    """
    line = f"{KEY}: {digest}"
    match = _FRONT_MATTER.match(text)
    if not match:
        return f"---\n{line}\n---\n\n{text}"
    body = match.group(1) or ""
    body = _STAMP.sub(line, body, count=1) if _STAMP.search(body) else body + line + "\n"
    return f"---\n{body}---\n{text[match.end() :]}"


@dataclass
class LanguageStatus:
    """The translation state of one language: pages by state, as paths relative to the language folder."""

    lang: str
    missing: list[str] = field(default_factory=list)
    outdated: list[str] = field(default_factory=list)
    unstamped: list[str] = field(default_factory=list)
    current: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """True when every page exists and translates the English page as it is now."""
        return not (self.missing or self.outdated or self.unstamped)


def languages(docs: Path) -> list[str]:
    """The translated languages: every folder of ``docs`` beside English's, sorted."""
    return sorted(p.name for p in docs.iterdir() if p.is_dir() and p.name != SOURCE and p.name not in NOT_LANGUAGES)


def english_pages(docs: Path) -> list[str]:
    """Every English Markdown page, relative to ``docs/en``."""
    base = docs / SOURCE
    return sorted(p.relative_to(base).as_posix() for p in base.rglob("*.md"))


def page_state(docs: Path, lang: str, page: str) -> str:
    """``missing``, ``unstamped``, ``outdated`` or ``current`` for ``docs/<lang>/<page>``."""
    translated = docs / lang / page
    if not translated.exists():
        return "missing"
    stamp = read_stamp(translated.read_text("utf-8"))
    if stamp is None:
        return "unstamped"
    return "current" if stamp == content_hash((docs / SOURCE / page).read_text("utf-8")) else "outdated"


def status(docs: Path = DOCS) -> list[LanguageStatus]:
    """The state of every translated page of every language."""
    report = []
    for lang in languages(docs):
        entry = LanguageStatus(lang)
        for page in english_pages(docs):
            getattr(entry, page_state(docs, lang, page)).append(page)
        report.append(entry)
    return report


def outdated_notice(lang: str, english_url: str) -> str:
    """The localized notice (HTML) shown on a page whose English page has changed since its stamp."""
    return (
        '<div class="admonition warning translation-outdated" data-search-exclude>'
        f'<p class="admonition-title">{escape(translate(lang, "site.translation_outdated.title"))}</p>'
        f"<p>{escape(translate(lang, 'site.translation_outdated'))} "
        f'<a href="{escape(english_url)}" hreflang="{SOURCE}">'
        f"{escape(translate(lang, 'site.translation_outdated.link'))}</a></p></div>"
    )


def stamp(files: Sequence[Path], docs: Path = DOCS) -> list[Path]:
    """Stamp each translated page with the hash of its English page as it is now; returns those changed.

    Cheap to rerun: a page already stamped with the current hash is left untouched.

    Raises:
        ValueError: A file is not a translated page under ``docs``, or its English page is missing.
    """
    changed = []
    docs = docs.resolve()
    for file in files:
        path = file.resolve()
        try:
            lang, *rest = path.relative_to(docs).parts
        except ValueError:
            raise ValueError(f"{file}: not a page under {docs}") from None
        if lang == SOURCE or lang in NOT_LANGUAGES or not rest:
            raise ValueError(f"{file}: not a translated page (docs/<lang>/<page>.md, lang other than {SOURCE})")
        if not path.is_file():
            raise ValueError(f"{file}: no such page")
        english = docs / SOURCE / Path(*rest)
        if not english.exists():
            raise ValueError(f"{file}: its English page {english} does not exist")
        text = path.read_text("utf-8")
        updated = write_stamp(text, content_hash(english.read_text("utf-8")))
        if updated != text:
            path.write_text(updated, "utf-8")
            changed.append(file)
    return changed


def format_status(report: list[LanguageStatus]) -> str:
    """The status report as text, one block per language."""
    lines = []
    for entry in report:
        total = len(entry.missing) + len(entry.outdated) + len(entry.unstamped) + len(entry.current)
        lines.append(f"{entry.lang}: {len(entry.current)} of {total} pages up to date")
        for state in ("missing", "outdated", "unstamped"):
            for page in getattr(entry, state):
                lines.append(f"  {state:<9} {entry.lang}/{page}")
    if any(entry.outdated or entry.unstamped for entry in report):
        lines += [
            "",
            "Once a translation says what its English page says now, stamp it:",
            "  python -m site_ext.translations stamp docs/<lang>/<page>.md",
        ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; 0 on success (``status --check``: 1 when a translation is not current)."""
    parser = argparse.ArgumentParser(prog="python -m site_ext.translations", description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=Path, default=DOCS, help="the docs folder (default: this repository's)")
    commands = parser.add_subparsers(dest="command", required=True)
    status_cmd = commands.add_parser("status", help="list missing, outdated and unstamped translations per language")
    status_cmd.add_argument("--check", action="store_true", help="exit 1 unless every translation is current")
    stamp_cmd = commands.add_parser("stamp", help="record that translated pages match their English page as it is now")
    stamp_cmd.add_argument("files", nargs="*", type=Path, help="translated pages (default: every existing one)")
    args = parser.parse_args(argv)
    docs: Path = args.docs
    if args.command == "status":
        report = status(docs)
        print(format_status(report))
        return 1 if args.check and not all(entry.complete for entry in report) else 0
    files = args.files or [
        docs / lang / page for lang in languages(docs) for page in english_pages(docs) if (docs / lang / page).exists()
    ]
    try:
        changed = stamp(files, docs)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for file in changed:
        print(f"stamped {file}")
    print(f"{len(changed)} page(s) stamped, {len(files) - len(changed)} already current")
    return 0


if __name__ == "__main__":
    sys.exit(main())
