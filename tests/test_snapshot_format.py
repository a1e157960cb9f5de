"""The engine snapshot's packed format (site_ext/engine/snapshot-format.mjs), under Node."""

from __future__ import annotations

import json
import subprocess

from tests.conftest import ROOT

FORMAT = (ROOT / "site_ext" / "engine" / "snapshot-format.mjs").as_uri()

ROUND_TRIP = f"""
import {{ pack, unpack, memoryLength }} from "{FORMAT}";
const memory = new Uint8Array(5 * 4096 + 100);
memory.set([1, 2, 3], 10);           // page 0 has data
memory[3 * 4096 + 7] = 9;            // page 3 has data, pages 1, 2 and 4 are zeros
memory[5 * 4096 + 99] = 255;         // the short last page has data
const packed = pack(memory);
const withLength = (length) => {{
  const copy = packed.slice();
  new DataView(copy.buffer).setUint32(4, length, true);
  return copy;
}};
const into = new Uint8Array(memory.length);
const same = (a, b) => a.length === b.length && a.every((v, i) => v === b[i]);
const errors = [];
const damaged = [packed.slice(0, packed.length - 1), new Uint8Array(16), packed.slice(0, 11), withLength(0),
  withLength(2 ** 31 + 1), withLength(4096)];
for (const bad of damaged) {{
  try {{ unpack(bad); }} catch (error) {{ errors.push(error.message); }}
}}
try {{ unpack(packed, new Uint8Array(10)); }} catch (error) {{ errors.push(error.message); }}
console.log(JSON.stringify({{
  packedBytes: packed.length,
  length: memoryLength(packed),
  roundTrip: same(unpack(packed), memory),
  intoGiven: unpack(packed, into) === into && same(into, memory),
  errors,
}}));
"""


def test_packing_keeps_only_pages_with_data_and_restores_them_exactly() -> None:
    """Zero pages are left out, the memory comes back byte for byte, bad input is refused.

    Refused: a truncated snapshot, a wrong magic number, fewer than 12 bytes, a length that is
    none or beyond what a 32-bit wasm addresses, and a length too short for the pages it carries.
    """
    result = subprocess.run(
        ["node", "--input-type=module", "-e", ROUND_TRIP], capture_output=True, text=True, check=True, cwd=ROOT
    )
    outcome = json.loads(result.stdout)
    # header (3 words) + 3 runs (2 words each) + 3 pages of data, the last one 100 bytes
    assert outcome["packedBytes"] == 12 + 3 * 8 + 4096 + 4096 + 100
    assert outcome["length"] == 5 * 4096 + 100
    assert outcome["roundTrip"] is True
    assert outcome["intoGiven"] is True
    assert outcome["errors"] == [
        "truncated engine snapshot",
        "not a packed engine snapshot",
        "not a packed engine snapshot",
        "engine snapshot with a damaged length",
        "engine snapshot with a damaged length",
        "truncated engine snapshot",
        "engine snapshot of another size",
    ]
