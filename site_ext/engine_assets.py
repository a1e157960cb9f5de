"""The browser engine's files: the calculators wheel and the pinned Pyodide runtime.

Both are produced from the repository itself (the wheel from ``calculators/`` by the
standard build backend, Pyodide from the npm package pinned in ``package.json``) and
copied into the built site, so it works from any static host and offline.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Files of the npm package that a browser needs to start Pyodide.
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
#: Where the engine lives in the built site.
ENGINE_DIR = "assets/engine"
WHEEL_NAME = "calculators.whl"
SNAPSHOT_NAME = "calculators.snapshot.gz"
#: The scripts that make the snapshot and define its format: a change to either remakes it.
SNAPSHOT_SCRIPTS = ("site_ext/make_snapshot.mjs", "docs/assets/calculators/snapshot-format.mjs")


class EngineAssetError(RuntimeError):
    """The engine's files cannot be prepared; the message says what to run."""


def pyodide_version() -> str:
    """The Pyodide version pinned in package.json, checked against node_modules.

    Raises:
        EngineAssetError: node_modules is missing or holds another version.
    """
    pinned = json.loads((ROOT / "package.json").read_text("utf-8"))["dependencies"]["pyodide"]
    installed_file = ROOT / "node_modules" / "pyodide" / "package.json"
    if not installed_file.exists():
        raise EngineAssetError("node_modules/pyodide is missing: run `npm ci` (or `make build`)")
    installed = json.loads(installed_file.read_text("utf-8"))["version"]
    if installed != pinned:
        raise EngineAssetError(f"node_modules has Pyodide {installed}, package.json pins {pinned}: run `npm ci`")
    return str(pinned)


def source_digest() -> str:
    """A digest of the calculators package's files, to rebuild the wheel only when they change."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "calculators").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(ROOT).as_posix().encode())
            digest.update(path.read_bytes())
    digest.update((ROOT / "pyproject.toml").read_bytes())
    return digest.hexdigest()[:16]


def build_wheel(cache: Path) -> Path:
    """Build the calculators wheel with the standard backend, cached by source digest.

    Raises:
        EngineAssetError: The build failed; the message carries its output.
    """
    target = cache / source_digest() / WHEEL_NAME
    if target.exists():
        return target
    with tempfile.TemporaryDirectory() as out:
        result = subprocess.run(
            [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", out, str(ROOT)],
            capture_output=True,
            text=True,
            check=False,
        )
        wheels = list(Path(out).glob("calculators-*.whl"))
        if result.returncode or len(wheels) != 1:
            raise EngineAssetError(f"building the calculators wheel failed:\n{result.stdout}\n{result.stderr}")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(wheels[0], target)
    shutil.rmtree(ROOT / "build", ignore_errors=True)
    return target


def build_snapshot(wheel: Path) -> Path:
    """Make (and check) the gzipped memory snapshot of Pyodide with the calculators imported.

    Cached next to the wheel, for this wheel and this Pyodide version.

    Raises:
        EngineAssetError: Node failed to make or to restore the snapshot.
    """
    maker = hashlib.sha256()
    for script in SNAPSHOT_SCRIPTS:
        maker.update((ROOT / script).read_bytes())
    target = wheel.parent / f"pyodide-{pyodide_version()}-{maker.hexdigest()[:12]}-{SNAPSHOT_NAME}"
    if target.exists():
        return target
    partial = target.with_suffix(".partial")
    result = subprocess.run(
        ["node", str(ROOT / SNAPSHOT_SCRIPTS[0]), str(wheel), str(partial)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    if result.returncode or not partial.exists():
        raise EngineAssetError(f"making the Pyodide snapshot failed:\n{result.stderr[-3000:]}")
    partial.replace(target)
    return target


def copy_engine(site_dir: Path, wheel: Path, snapshot: Path) -> None:
    """Copy Pyodide's runtime, the wheel and the snapshot into ``site_dir/assets/engine``."""
    pyodide_version()
    engine = site_dir / ENGINE_DIR
    engine.mkdir(parents=True, exist_ok=True)
    source = ROOT / "node_modules" / "pyodide"
    for name in PYODIDE_FILES:
        target = engine / name
        if not target.exists() or target.stat().st_size != (source / name).stat().st_size:
            shutil.copyfile(source / name, target)
    shutil.copyfile(wheel, engine / WHEEL_NAME)
    shutil.copyfile(snapshot, engine / SNAPSHOT_NAME)
