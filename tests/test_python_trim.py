"""The trimmed snapshot (site_ext/make_snapshot.mjs): only the Python functions the engine runs, under Node.

Each case restores a snapshot of the build the way the browser's worker does (tests/node/restore.mjs)
and runs Python in it: the trimmed snapshot answers as the whole one does, has no docstrings, and
traps, naming the function, when a function it left out is called.
"""

from __future__ import annotations

import json
import subprocess
from typing import Any

import pytest
import zstandard

from site_ext import engine_assets
from tests.conftest import CACHE, ROOT, engine_built

pytestmark = pytest.mark.node

# Every calculator in every language with its defaults, as the worker calls the entry point, and
# the docstrings of a calculator's module and of the entry point.
ANSWERS = """
import json
from calculators import CALCULATORS, LANGUAGES
import calculators.nps, calculators.live
json.dumps({
    "answers": [calculators.live.live_update(c, lang, "{}", "", "{}") for lang in LANGUAGES for c in CALCULATORS],
    "docs": [calculators.nps.__doc__, calculators.live.live_update.__doc__],
})
"""
# shutil.which: imported at Pyodide's start, never run by the engine.
LEFT_OUT = "import shutil\nrepr(shutil.which('python'))"


@pytest.fixture(scope="module")
def snapshots(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The build's whole and trimmed snapshots, packed (uncompressed) in files, with their stdlib zip and record."""
    engine_built()
    snapshot = engine_assets.build_snapshot(engine_assets.build_wheel(CACHE / "wheel"))
    folder = tmp_path_factory.mktemp("snapshots")
    packed = {}
    for kind, path in (("whole", snapshot), ("trimmed", engine_assets.trimmed_snapshot(snapshot))):
        packed[kind] = folder / f"{kind}.packed"
        packed[kind].write_bytes(zstandard.ZstdDecompressor().decompress(path.read_bytes()))
    return {
        **packed,
        "stdlib": engine_assets.snapshot_stdlib(snapshot),
        "record": json.loads(engine_assets.trim_record(snapshot).read_text("utf-8")),
        "sizes": {"whole": snapshot.stat().st_size, "trimmed": engine_assets.trimmed_snapshot(snapshot).stat().st_size},
    }


def run(snapshots: dict[str, Any], kind: str, code: str) -> dict[str, Any]:
    argv = ["node", str(ROOT / "tests" / "node" / "restore.mjs"), str(snapshots[kind]), str(snapshots["stdlib"]), code]
    result = subprocess.run(argv, capture_output=True, text=True, check=False, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    outcome: dict[str, Any] = json.loads(result.stdout)
    return outcome


def test_the_trimmed_snapshot_answers_as_the_whole_one_without_docstrings(snapshots: dict[str, Any]) -> None:
    whole = json.loads(run(snapshots, "whole", ANSWERS)["value"])
    trimmed = json.loads(run(snapshots, "trimmed", ANSWERS)["value"])
    assert len(whole["answers"]) == 16
    assert all(json.loads(answer)["ok"] for answer in whole["answers"])
    assert trimmed["answers"] == whole["answers"]
    assert all(whole["docs"]), "the whole snapshot keeps its docstrings"
    assert trimmed["docs"] == [None, None]


def test_a_function_the_trimmed_snapshot_left_out_traps_and_names_itself(snapshots: dict[str, Any]) -> None:
    """Called, a left-out function writes its name to stderr and aborts: a trap no Python handler can catch."""
    ran = {(file, name) for file, name, _ in snapshots["record"]["python_ran"]}
    assert ("/lib/python314.zip/shutil.py", "which") not in ran
    assert ("/home/pyodide/calculators/live.py", "live_update") in ran
    assert run(snapshots, "whole", LEFT_OUT) == {"value": "None"}
    outcome = run(snapshots, "trimmed", LEFT_OUT)
    assert outcome["trapped"] == "unreachable"
    assert outcome["stderr"][0] == "engine: shutil.which was left out of the snapshot"


def test_the_trimmed_snapshot_keeps_a_tenth_of_the_functions_and_is_a_fifth_smaller(snapshots: dict[str, Any]) -> None:
    record = snapshots["record"]
    kept = len(record["python_ran"])
    assert 200 < kept < (kept + record["python_left_out"]) / 10
    assert snapshots["sizes"]["trimmed"] < 0.8 * snapshots["sizes"]["whole"]
