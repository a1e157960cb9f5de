"""A fresh clone, built: last-updated dates and the outdated-translation notice.

Each page's date is its last commit's, localized; a translation whose English page changed
since its stamp shows the notice, and the strict build still passes.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin

import pytest

from calculators import LANGUAGES
from site_ext.git_dates import format_date
from site_ext.local_site import page_path

from .conftest import ROOT, engine_built

BACKDATED = "2025-03-04T10:20:30+01:00"
TIME = re.compile(r'<time datetime="([^"]+)" data-last-updated>([^<]+)</time>')
pytestmark = pytest.mark.site


def git(cwd: Path, *args: str, date: str | None = None) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org"}
    env |= {"GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org"}
    if date:
        env |= {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=env, check=True)
    return result.stdout.strip()


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """This repository cloned fresh, two backdated commits added, and built strictly."""
    base = tmp_path_factory.mktemp("fresh")
    repo = base / "repo"
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(repo)], check=True)
    # Every translation stamped as current, then one English page changed: its translations are behind.
    subprocess.run([sys.executable, "-m", "site_ext.translations", "stamp"], cwd=repo, check=True, capture_output=True)
    git(repo, "commit", "--quiet", "--allow-empty", "-am", "Stamp the translations")
    with (repo / "docs" / "sv" / "kpis.md").open("a", encoding="utf-8") as page:
        page.write("\n")
    git(repo, "commit", "--quiet", "-am", "An old edit of the Swedish KPIs page", date=BACKDATED)
    with (repo / "docs" / "en" / "glossary.md").open("a", encoding="utf-8") as page:
        page.write("\n")
    git(repo, "commit", "--quiet", "-am", "English glossary changed after its translations")
    # The installed packages and the engine's cached build are not part of the clone.
    (repo / "node_modules").symlink_to(ROOT / "node_modules")
    engine_built()
    if (ROOT / ".cache" / "wheel").is_dir():
        # Files a parallel build is still writing are left out (they are published by renaming).
        shutil.copytree(
            ROOT / ".cache" / "wheel", repo / ".cache" / "wheel", ignore=shutil.ignore_patterns("*.partial")
        )
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SITE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(base / "site")],
        cwd=repo,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return {"repo": repo, "site": base / "site", "log": result.stderr}


def page_html(site: Path, lang: str, page: str) -> str:
    return (site / page_path(lang, page).strip("/") / "index.html").read_text("utf-8")


def source_pages() -> list[tuple[str, str]]:
    return [(lang, p.stem) for lang in LANGUAGES for p in sorted((ROOT / "docs" / lang).glob("*.md"))]


@pytest.mark.parametrize(("lang", "page"), source_pages())
def test_last_updated_is_the_last_commit_of_the_page(clone: dict[str, object], lang: str, page: str) -> None:
    """The date shown is that of the last commit of the page's file in the clone, written in its language."""
    repo, site = Path(str(clone["repo"])), Path(str(clone["site"]))
    committed = git(repo, "log", "-1", "--format=%cI", "--", f"docs/{lang}/{page}.md")
    found = TIME.findall(page_html(site, lang, page))
    assert found == [(committed, format_date(dt.datetime.fromisoformat(committed).date(), lang))]


def test_last_updated_follows_the_history_not_the_checkout(clone: dict[str, object]) -> None:
    """A page last changed a year before the clone shows that day, in Swedish, and its label."""
    html = page_html(Path(str(clone["site"])), "sv", "kpis")
    assert TIME.findall(html) == [(BACKDATED, "4 mars 2025")]
    assert "Senast uppdaterad:" in html


@pytest.mark.parametrize("lang", LANGUAGES[1:])
def test_outdated_translation_shows_the_notice(clone: dict[str, object], lang: str) -> None:
    """The glossary's translations are behind their English page: a localized notice linking to it."""
    site = Path(str(clone["site"]))
    html = page_html(site, lang, "glossary")
    notice = re.search(r'<div class="admonition warning translation-outdated"[^>]*>(.*?)</div>', html, re.DOTALL)
    assert notice, "no notice on an outdated translation"
    expected = {
        "da": "Den engelske side er ændret",
        "sv": "Den engelska sidan har ändrats",
        "is": "Enska síðan hefur breyst",
    }[lang]
    assert expected in notice.group(1)
    href = re.search(r'<a href="([^"]+)" hreflang="en"', notice.group(1))
    assert href
    assert urljoin(f"http://x{page_path(lang, 'glossary')}", href.group(1)) == f"http://x{page_path('en', 'glossary')}"
    # The notice sits under the title, and pages whose English page did not change have none.
    assert html.index("</h1>") < html.index("translation-outdated")
    assert "translation-outdated" not in page_html(site, lang, "kpis")
    assert "translation-outdated" not in page_html(site, "en", "glossary")
    # The notice is about the page, not part of it: search does not index it.
    assert expected not in (site / lang / "search" / "search_index.json").read_text("utf-8")


def test_outdated_translation_warns_without_failing_the_strict_build(clone: dict[str, object]) -> None:
    """The strict build passed (the fixture asserts it) and named each outdated page."""
    log = str(clone["log"])
    for lang in LANGUAGES[1:]:
        assert f"docs/{lang}/glossary.md: docs/en/glossary.md has changed since this translation was stamped" in log
        assert f"NOTICE  -  docs/{lang}/glossary.md" in log
    assert "kpis.md: docs/en" not in log


@pytest.mark.parametrize("command", ["serve", "build"])
def test_failed_rebuild_under_serve_prints_a_banner(
    command: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under `mkdocs serve` a failed build says what the browser shows now; once per failed build."""
    from mkdocs.exceptions import Abort

    from site_ext import mkdocs_hooks

    monkeypatch.setattr(mkdocs_hooks, "_serving", {"live_reload": False})
    mkdocs_hooks.on_startup(command, dirty=False)
    error = Abort("Aborted with 1 warnings in strict mode!")
    mkdocs_hooks.on_build_error(error)  # the first build fails: nothing is served
    first = capsys.readouterr().err
    mkdocs_hooks._serving |= {"built": True, "reported": False}  # a good build, then a new one fails
    mkdocs_hooks.on_build_error(error)
    mkdocs_hooks.on_build_error(error)  # the outer build reports the same failure again
    later = capsys.readouterr().err
    if command == "serve":
        assert "BUILD FAILED: Aborted with 1 warnings in strict mode!" in first
        assert "Nothing is served yet" in first
        assert later.count("BUILD FAILED: Aborted with 1 warnings in strict mode!") == 1
        assert "LAST GOOD BUILD" in later
    else:
        assert first == later == ""
