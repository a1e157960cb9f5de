"""Translation status (`make translations`, the stamp command) and the localized dates."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from babel.dates import format_date as cldr_format_date

from calculators import LANGUAGES
from site_ext import translations
from site_ext.git_dates import GitDates, format_date

from .conftest import ROOT


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    """English with three pages; Danish has one current, one outdated, one missing; Swedish one unstamped."""
    docs = tmp_path / "docs"
    write(docs / "en" / "index.md", "# Home\n")
    write(docs / "en" / "kpis.md", "# KPIs\n\nReach.\n")
    write(docs / "en" / "faq.md", "# FAQ\n")
    write(docs / "assets" / "x.md", "not a language\n")
    home = translations.content_hash("# Home\n")
    write(docs / "da" / "index.md", f"---\ntranslation_of: {home}\n---\n\n# Forside\n")
    old_kpis = translations.content_hash("# KPIs\n")
    write(docs / "da" / "kpis.md", f"---\ntitle: KPI'er\ntranslation_of: {old_kpis}\n---\n# KPI'er\n")
    write(docs / "sv" / "index.md", "# Start\n")
    return docs


def run_cli(docs: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "site_ext.translations", "--docs", str(docs), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def test_status_lists_missing_and_outdated_per_language(docs: Path) -> None:
    """`make translations` runs this: Danish has one missing and one outdated page, Swedish two missing."""
    result = run_cli(docs, "status")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "da: 1 of 3 pages up to date",
        "  missing   da/faq.md",
        "  outdated  da/kpis.md",
        "sv: 0 of 3 pages up to date",
        "  missing   sv/faq.md",
        "  missing   sv/kpis.md",
        "  unstamped sv/index.md",
        "",
        "Once a translation says what its English page says now, stamp it:",
        "  python -m site_ext.translations stamp docs/<lang>/<page>.md",
    ]
    assert run_cli(docs, "status", "--check").returncode == 1


def test_stamp_brings_a_translation_up_to_date_and_is_cheap_to_rerun(docs: Path) -> None:
    """Stamping rewrites only the stamp; a second run changes nothing."""
    before = (docs / "da" / "kpis.md").read_text("utf-8")
    result = run_cli(docs, "stamp", str(docs / "da" / "kpis.md"))
    assert result.returncode == 0, result.stderr
    after = (docs / "da" / "kpis.md").read_text("utf-8")
    assert after == before.replace(
        translations.content_hash("# KPIs\n"), translations.content_hash("# KPIs\n\nReach.\n")
    )
    assert translations.page_state(docs, "da", "kpis.md") == "current"
    # With no files: every existing translation, and an already current one stays untouched.
    assert "1 page(s) stamped, 2 already current" in run_cli(docs, "stamp").stdout
    assert (docs / "sv" / "index.md").read_text("utf-8") == (
        f"---\ntranslation_of: {translations.content_hash('# Home' + chr(10))}\n---\n\n# Start\n"
    )
    assert "0 page(s) stamped, 3 already current" in run_cli(docs, "stamp").stdout
    status = translations.status(docs)
    assert [(s.lang, s.missing, s.outdated, s.unstamped) for s in status] == [
        ("da", ["faq.md"], [], []),
        ("sv", ["faq.md", "kpis.md"], [], []),
    ]


def test_stamp_refuses_what_is_not_a_translation(docs: Path) -> None:
    """An English page, or a page without an English original, is named in a clear error."""
    result = run_cli(docs, "stamp", str(docs / "en" / "kpis.md"))
    assert result.returncode == 2
    assert "not a translated page" in result.stderr
    write(docs / "da" / "extra.md", "# Ekstra\n")
    result = run_cli(docs, "stamp", str(docs / "da" / "extra.md"))
    assert result.returncode == 2
    assert "English page" in result.stderr
    result = run_cli(docs, "stamp", str(docs / "da" / "typo.md"))
    assert result.returncode == 2
    assert "typo.md: no such page" in result.stderr
    assert "Traceback" not in result.stderr


def test_line_endings_do_not_make_a_page_outdated(docs: Path) -> None:
    """A Windows checkout (CRLF) of the same English text keeps the translation current."""
    (docs / "en" / "index.md").write_bytes(b"# Home\r\n")
    assert translations.page_state(docs, "da", "index.md") == "current"


def test_repository_pages_are_all_translated() -> None:
    """Every English page of the site exists in every language (stamps are checked by the build)."""
    for entry in translations.status():
        assert entry.missing == [], entry.lang


@pytest.mark.parametrize("lang", LANGUAGES)
def test_dates_follow_cldr(lang: str) -> None:
    """The catalogue's date pattern and month names give CLDR's long date in every language."""
    for month in range(1, 13):
        day = dt.date(2026, month, 1 + month)
        assert format_date(day, lang) == cldr_format_date(day, "long", locale=lang)


def test_shallow_clone_and_no_repository_are_reported(tmp_path: Path) -> None:
    """A shallow clone would date every page to its oldest commit; the build is told why."""
    shallow = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "--quiet", "--depth", "1", f"file://{ROOT}", str(shallow)], check=True, capture_output=True
    )
    problem = GitDates(shallow).history_problem()
    assert problem
    assert "fetch-depth: 0" in problem
    assert "not in a git repository" in (GitDates(tmp_path).history_problem() or "")
    assert GitDates(tmp_path).last_commit(tmp_path / "nothing.md") is None
    assert GitDates(ROOT).last_commit(ROOT / "docs" / "en" / "never-committed.md") is None
    assert GitDates(ROOT).history_problem() in (None, problem)  # this checkout may itself be shallow in CI
