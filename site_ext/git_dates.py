"""Each page's "last updated" date: the date of the last commit that changed its file, localized.

The date comes from ``git log -1 --format=%cI -- <file>`` (the committer date, in the
committer's own offset), so it is the same on a developer's machine, in CI and on a fresh
clone, whatever the files' modification times. A shallow clone only knows its newest commits:
every page would get the date of the clone's oldest one, so :func:`history_problem` says so
and the build warns (CI checks out with ``fetch-depth: 0``). A file that was never committed,
or a source tree that is not a git repository, has no date and the page shows none.

Dates are written the way each language writes them (CLDR's long date format), from the
``site.date_pattern`` and ``site.months`` messages of the catalogues.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from calculators.i18n import translate


class GitDates:
    """Last-commit dates of files in one repository, asked once per file."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._dates: dict[Path, dt.datetime | None] = {}
        self._tracked: set[Path] | None = None

    def _git(self, *args: str) -> str | None:
        try:
            result = subprocess.run(
                ["git", *args], cwd=self.root, capture_output=True, text=True, check=False, timeout=60
            )
        except (OSError, subprocess.TimeoutExpired):
            return None
        return result.stdout.strip() if result.returncode == 0 else None

    def history_problem(self) -> str | None:
        """Why dates cannot be trusted here (no git, no repository, a shallow clone), or None."""
        inside = self._git("rev-parse", "--is-inside-work-tree")
        if inside != "true":
            return "the sources are not in a git repository: pages show no last-updated date"
        if self._git("rev-parse", "--is-shallow-repository") == "true":
            return (
                "this is a shallow clone: last-updated dates stop at its oldest commit "
                "(clone with the full history; in GitHub Actions, actions/checkout with fetch-depth: 0)"
            )
        return None

    def tracked(self) -> set[Path]:
        """The files git tracks under the root (none outside a repository); asked once."""
        if self._tracked is None:
            listing = self._git("ls-files", "-z") or ""
            self._tracked = {(self.root / name).resolve() for name in listing.split("\0") if name}
        return self._tracked

    def last_commit(self, path: Path) -> dt.datetime | None:
        """When the last commit that changed ``path`` was made, or None if it never was."""
        path = path.resolve()
        if path not in self._dates:
            stamp = self._git("log", "-1", "--format=%cI", "--", str(path)) if path in self.tracked() else None
            self._dates[path] = dt.datetime.fromisoformat(stamp) if stamp else None
        return self._dates[path]

    def prefetch(self, paths: Iterable[Path]) -> None:
        """Ask git for the dates of many files at once (a few in parallel), e.g. every page at start-up."""
        with ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(self.last_commit, paths))


def format_date(date: dt.date, lang: str) -> str:
    """``date`` in the long format of ``lang`` (CLDR), from the catalogue.

    >>> format_date(dt.date(2026, 11, 3), "en")
    'November 3, 2026'
    >>> format_date(dt.date(2026, 11, 3), "da")
    '3. november 2026'
    >>> format_date(dt.date(2026, 8, 23), "is")
    '23. ágúst 2026'
    """
    months = translate(lang, "site.months").split(",")
    return translate(lang, "site.date_pattern", day=str(date.day), month=months[date.month - 1], year=str(date.year))


def last_updated(dates: GitDates, path: Path, lang: str) -> dict[str, str] | None:
    """What the page template shows: the label, the date in words and the ISO timestamp."""
    when = dates.last_commit(path)
    if when is None:
        return None
    return {
        "label": translate(lang, "site.last_updated"),
        "text": format_date(when.date(), lang),
        "iso": when.isoformat(),
    }
