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
const [file, how, keep] = process.argv.slice(1);
const original = new Uint8Array(readFileSync(file));
const probe = how === "instrument" ? instrument(original) : null;
const wasm = probe ? probe.wasm : trim(original, JSON.parse(keep));
const module = await WebAssembly.compile(wasm);
const g = new WebAssembly.Global({ value: "i32", mutable: false }, 5);
const { exports } = await WebAssembly.instantiate(module, { env: { g, f: () => 40 } });
const out = { size: wasm.length, exports: WebAssembly.Module.exports(module).length, calls: {} };
for (const call of ["two", "three", "one"]) {
  try {
    out.calls[call] = exports[call]();
  } catch (error) {
    out.calls[call] = `${error.constructor.name}: ${error.message}`;
  }
  if (probe) out.calls[call + " ran"] = probe.executed({ exports });
}
console.log(JSON.stringify(out));
""".replace("TRIM", TRIM)


def run(tmp_path: Path, how: str, keep: list[int] | None = None) -> dict[str, Any]:
    module = tmp_path / "tiny.wasm"
    module.write_bytes(TINY)
    argv = ["node", "--input-type=module", "-e", RUN, str(module), how, json.dumps(keep)]
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


# A module with static data (64 bytes, 1 to 64, at address 16): read(a) loads a byte, copy(to,
# from, size) copies with memory.copy.
WITH_DATA = b"".join(
    [
        b"\0asm\1\0\0\0",
        section(1, b"\x60\x01\x7f\x01\x7f", b"\x60\x03\x7f\x7f\x7f\x00"),
        section(3, b"\x00", b"\x01"),
        section(5, b"\x00\x01"),  # one page
        section(7, name("memory") + b"\x02\x00", name("read") + b"\x00\x00", name("copy") + b"\x00\x01"),
        section(10, body(b"\x20\x00\x2d\x00\x00"), body(b"\x20\x00\x20\x01\x20\x02\xfc\x0a\x00\x00")),
        section(11, b"\x00\x41\x10\x0b" + leb(64) + bytes(range(1, 65))),
    ]
)

TRACE = """
import { readFileSync } from "node:fs";
import { traceReads, zeroUnread } from "TRIM";
const original = new Uint8Array(readFileSync(process.argv[1]));
const tracer = traceReads(original, [0, 1]);
const { instance } = await WebAssembly.instantiate(tracer.wasm);
const got = instance.exports.read(20);
instance.exports.copy(200, 48, 8);
const read = tracer.readLines(instance);
const zeroed = await WebAssembly.instantiate(zeroUnread(original, read));
const data = [...new Uint8Array(zeroed.instance.exports.memory.buffer, 16, 64)];
console.log(JSON.stringify({ got, read: [...read], data }));
""".replace("TRIM", TRIM)


def test_the_traced_copy_marks_the_static_data_read_and_the_rest_is_zeroed(tmp_path: Path) -> None:
    """A load marks its line (16 bytes), memory.copy the lines of its source; the others are zeroed.

    read(20) reads line 0 (bytes 16-31), copying 48-55 reads line 2 (48-63); lines 1 and 3 were
    never read, so the zeroed module's memory has zeros there and its data elsewhere.
    """
    module = tmp_path / "data.wasm"
    module.write_bytes(WITH_DATA)
    argv = ["node", "--input-type=module", "-e", TRACE, str(module)]
    result = subprocess.run(argv, capture_output=True, text=True, check=False, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["got"] == 5  # the byte at 20: the data's fifth
    assert out["read"] == [1, 0, 1, 0, 0]
    values = list(range(1, 65))
    assert out["data"] == values[:16] + [0] * 16 + values[32:48] + [0] * 16


COMPARE = """
import { readFileSync } from "node:fs";
import { instrument, trim, zeroUnread } from "TRIM";
const [file, recordFile, shipped] = process.argv.slice(1);
const original = new Uint8Array(readFileSync(file));
const record = JSON.parse(readFileSync(recordFile, "utf-8"));
const read = new Uint8Array(Math.max(...record.read) + 1);
for (const line of record.read) read[line] = 1;
const trimmed = zeroUnread(trim(original, record.executed), read);
const interface_ = (wasm) => {
  const module = new WebAssembly.Module(wasm);
  return JSON.stringify([WebAssembly.Module.imports(module), WebAssembly.Module.exports(module)]);
};
const shippedBytes = new Uint8Array(readFileSync(shipped));
console.log(JSON.stringify({
  sameInterface: interface_(trimmed) === interface_(original),
  sameAsShipped: Buffer.compare(Buffer.from(trimmed), Buffer.from(shippedBytes)) === 0,
  instrumentedCompiles: interface_(instrument(original).wasm).length > 0,
}));
""".replace("TRIM", TRIM)


def test_the_build_ships_pyodides_wasm_trimmed_to_what_the_engine_ran(tmp_path: Path) -> None:
    """The build's trimmed wasm: Pyodide's, minus what the restore and every call never ran or read.

    It has Pyodide's imports and exports, keeps what a start runs, keeps under a fifth of the
    functions and a tenth of the static data, is a sixth of the whole wasm's bytes, and is what
    trimming Pyodide's wasm to the build's record gives.
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
    static_data_lines = 3_800_000 // 16
    assert 100 < len(record["read"]) < static_data_lines / 10
    assert len(compressed) < len(engine_assets.snapshot_wasm(snapshot).read_bytes()) / 6
    argv = ["node", "--input-type=module", "-e", COMPARE, str(PYODIDE_WASM), str(record_path), str(shipped)]
    result = subprocess.run(argv, capture_output=True, text=True, check=False, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"sameInterface": True, "sameAsShipped": True, "instrumentedCompiles": True}
