"""Pyodide's wasm trimmed to what the engine runs (site_ext/wasm_trim.mjs), under Node."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
import zstandard

from site_ext import engine_assets
from tests.conftest import CACHE, ROOT, engine_built

pytestmark = pytest.mark.node

TRIM = (ROOT / "site_ext" / "wasm_trim.mjs").as_uri()
PYODIDE_WASM = ROOT / "node_modules" / "pyodide" / "pyodide.asm.wasm"


def leb(n: int) -> bytes:
    return engine_assets.leb128(n)


def section(number: int, *entries: bytes) -> bytes:
    body = leb(len(entries)) + b"".join(entries)
    return bytes([number]) + leb(len(body)) + body


def name(text: str) -> bytes:
    return leb(len(text)) + text.encode()


def body(code: bytes, local_groups: bytes = b"\x00") -> bytes:
    return leb(len(local_groups) + len(code) + 1) + local_groups + code + b"\x0b"


# A module shaped like Pyodide's where it matters: an imported global and function come first
# (indices of defined ones start after them), it defines a global, a body declares locals.
# Its functions: one() = 1; two() = one() + 1; three() = env.f() + a local (0).
TINY = b"".join(
    [
        b"\0asm\1\0\0\0",
        section(1, b"\x60\x00\x01\x7f"),  # type 0: () -> i32
        section(2, name("env") + name("g") + b"\x03\x7f\x00", name("env") + name("f") + b"\x00\x00"),
        section(3, b"\x00", b"\x00", b"\x00"),
        section(6, b"\x7f\x01\x41\x07\x0b"),  # (mut i32) = 7
        section(7, name("one") + b"\x00\x01", name("two") + b"\x00\x02", name("three") + b"\x00\x03"),
        section(
            10,
            body(b"\x41\x01"),
            body(b"\x10\x01\x41\x01\x6a"),
            body(b"\x10\x00\x20\x00\x6a", local_groups=b"\x01\x01\x7f"),
        ),
    ]
)

# Runs the module at argv[1] (instrumented or trimmed as asked) and prints what each call gave.
RUN = """
import { readFileSync } from "node:fs";
import { instrument, trim } from "TRIM";
const [file, how, keep, exported] = process.argv.slice(1);
const original = new Uint8Array(readFileSync(file));
const probe = how === "instrument" ? instrument(original) : null;
const wasm = probe ? probe.wasm : trim(original, JSON.parse(keep), JSON.parse(exported));
const module = await WebAssembly.compile(wasm);
const g = new WebAssembly.Global({ value: "i32", mutable: false }, 5);
const { exports } = await WebAssembly.instantiate(module, { env: { g, f: () => 40 } });
const out = { size: wasm.length, exports: WebAssembly.Module.exports(module).length, calls: {} };
for (const call of ["two", "three", "one"]) {
  try {
    out.calls[call] = call in exports ? exports[call]() : "not exported";
  } catch (error) {
    out.calls[call] = `${error.constructor.name}: ${error.message}`;
  }
  if (probe) out.calls[call + " ran"] = probe.executed({ exports });
}
console.log(JSON.stringify(out));
""".replace("TRIM", TRIM)


def run(tmp_path: Path, how: str, keep: list[int] | None = None, exported: list[str] | None = None) -> dict[str, Any]:
    module = tmp_path / "tiny.wasm"
    module.write_bytes(TINY)
    argv = ["node", "--input-type=module", "-e", RUN, str(module), how, json.dumps(keep), json.dumps(exported)]
    result = subprocess.run(argv, capture_output=True, text=True, check=False, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    out: dict[str, Any] = json.loads(result.stdout)
    return out


def test_the_instrumented_copy_records_the_functions_that_ran(tmp_path: Path) -> None:
    """Each call adds the bodies it ran (by index among the defined functions), and nothing else."""
    out = run(tmp_path, "instrument")
    assert out["calls"] == {
        "two": 2,
        "two ran": [0, 1],
        "three": 40,
        "three ran": [0, 1, 2],
        "one": 1,
        "one ran": [0, 1, 2],
    }
    assert out["exports"] == 3 + 3  # its own, and one global per function


def test_a_trimmed_module_runs_what_it_kept_and_traps_on_the_rest(tmp_path: Path) -> None:
    """The same exports; kept functions give their results, a cut one traps (the engine's cue)."""
    out = run(tmp_path, "trim", [0, 1])
    assert out["calls"] == {"two": 2, "three": "RuntimeError: unreachable", "one": 1}
    assert out["exports"] == 3
    assert out["size"] < len(TINY)
    cut_all = run(tmp_path, "trim", [])
    assert cut_all["calls"] == dict.fromkeys(("two", "three", "one"), "RuntimeError: unreachable")


def test_a_trimmed_module_can_keep_only_the_exports_asked_for(tmp_path: Path) -> None:
    """Its other exports go; what is kept still calls the functions left out of the exports."""
    out = run(tmp_path, "trim", [0, 1, 2], ["two", "three"])
    assert out["calls"] == {"two": 2, "three": 40, "one": "not exported"}
    assert out["exports"] == 2


COMPARE = """
import { readFileSync } from "node:fs";
import { instrument, trim } from "TRIM";
const [file, recordFile, shipped] = process.argv.slice(1);
const original = new Uint8Array(readFileSync(file));
const record = JSON.parse(readFileSync(recordFile, "utf-8"));
const trimmed = trim(original, record.executed, record.exports);
const interface_ = (wasm) => {
  const module = new WebAssembly.Module(wasm);
  const kept = new Set(record.exports);
  const exports = WebAssembly.Module.exports(module).filter(({ name }) => kept.has(name));
  return JSON.stringify([WebAssembly.Module.imports(module), exports]);
};
const shippedBytes = new Uint8Array(readFileSync(shipped));
console.log(JSON.stringify({
  sameInterface: interface_(trimmed) === interface_(original),
  exports: WebAssembly.Module.exports(new WebAssembly.Module(trimmed)).map(({ name }) => name),
  sameAsShipped: Buffer.compare(Buffer.from(trimmed), Buffer.from(shippedBytes)) === 0,
  instrumentedCompiles: interface_(instrument(original).wasm).length > 0,
}));
""".replace("TRIM", TRIM)


def test_the_build_ships_pyodides_wasm_trimmed_to_what_the_engine_ran(tmp_path: Path) -> None:
    """The build's trimmed wasm: Pyodide's, minus what the restore and every call never ran.

    It has Pyodide's imports and, of its 8,560 exports, the few hundred Pyodide's JavaScript reads
    (each as Pyodide's wasm has it); it keeps what a start runs, keeps under a fifth of the
    functions, and is what trimming Pyodide's wasm to the build's record gives.
    """
    engine_built()
    snapshot = engine_assets.build_snapshot(engine_assets.build_wheel(CACHE / "wheel"))
    record_path = engine_assets.trim_record(snapshot)
    record = json.loads(record_path.read_text("utf-8"))
    assert set(record["started"]) < set(record["executed"])
    shipped = tmp_path / "trimmed.wasm"
    compressed = engine_assets.snapshot_trimmed_wasm(snapshot).read_bytes()
    shipped.write_bytes(zstandard.ZstdDecompressor().decompress(compressed))
    functions = len(record["executed"])
    assert 500 < functions < 17_000 / 5
    assert len(compressed) < 0.6 * len(engine_assets.snapshot_wasm(snapshot).read_bytes())
    argv = ["node", "--input-type=module", "-e", COMPARE, str(PYODIDE_WASM), str(record_path), str(shipped)]
    result = subprocess.run(argv, capture_output=True, text=True, check=False, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    compared = json.loads(result.stdout)
    assert compared.pop("exports") == record["exports"]
    assert compared == {"sameInterface": True, "sameAsShipped": True, "instrumentedCompiles": True}
    assert 200 < len(record["exports"]) < 8_560 / 10
    assert {"memory", "__indirect_function_table", "__wasm_call_ctors", "malloc", "free"} <= set(record["exports"])
