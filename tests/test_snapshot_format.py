"""The engine snapshot's packed format (site_ext/engine/snapshot-format.mjs), under Node."""

from __future__ import annotations

import json
import subprocess

from tests.conftest import ROOT

FORMAT = (ROOT / "site_ext" / "engine" / "snapshot-format.mjs").as_uri()

ROUND_TRIP = f"""
import {{ pack, unpack, memoryLength, needsBase, rebase, verify }} from "{FORMAT}";
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
// verify: the checksum of everything after the header catches one changed bit anywhere.
const verifyErrors = [];
const flipped = packed.slice();
flipped[packed.length - 1] ^= 1;
for (const bad of [flipped, packed.slice(0, packed.length - 4), new Uint8Array(8)]) {{
  try {{ verify(bad); }} catch (error) {{ verifyErrors.push(error.message); }}
}}
// Against a base (a fresh instance's memory, starting at byte 8 of the memory): what equals the
// base packs away, and unpack + rebase give the memory back; another base is refused.
const base = new Uint8Array(3 * 4096);
base.set(memory.subarray(8, 8 + 2 * 4096));  // the base holds pages 0-1 of the memory as they are
base[5000] = 7;                               // ... but for one byte the snapshot changed
base[2 * 4096 + 3] = 1;                       // and one byte in its last page
const diffed = pack(memory, {{ base, offset: 8 }});
const rebased = rebase(diffed, unpack(diffed), base);
const otherBase = base.slice();
otherBase[100] ^= 1;
const baseErrors = [];
try {{ rebase(diffed, unpack(diffed), otherBase); }} catch (error) {{ baseErrors.push(error.message); }}
console.log(JSON.stringify({{
  diffedBytes: diffed.length,
  needsBase: [needsBase(packed), needsBase(diffed)],
  rebased: same(rebased, memory),
  baseErrors,
  packedBytes: packed.length,
  length: memoryLength(packed),
  roundTrip: same(unpack(packed), memory),
  intoGiven: unpack(packed, into) === into && same(into, memory),
  errors,
  verified: verify(packed) === packed,
  verifyErrors,
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
    # header (9 words) + 3 runs (2 words each) + 3 pages of data, the last one 100 bytes
    assert outcome["packedBytes"] == 36 + 3 * 8 + 4096 + 4096 + 100
    assert outcome["length"] == 5 * 4096 + 100
    assert outcome["verified"] is True
    assert outcome["verifyErrors"] == [
        "damaged engine snapshot",
        "damaged engine snapshot",
        "not a packed engine snapshot",
    ]
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


def test_a_snapshot_packed_against_a_fresh_instance_round_trips() -> None:
    """Against a base, only what differs from it is carried; rebase restores the memory exactly.

    The memory's pages 0 and 3 and its short last page have data. The base (placed at byte 8)
    holds the memory's first two pages as they are, plus a byte in page 1 and one in page 2 that
    the memory does not have. So page 0 packs away, pages 1 and 2 carry one differing byte each,
    and pages 3 and 5 are carried as they are. A base with one byte changed is refused.
    """
    result = subprocess.run(
        ["node", "--input-type=module", "-e", ROUND_TRIP], capture_output=True, text=True, check=True, cwd=ROOT
    )
    outcome = json.loads(result.stdout)
    assert outcome["needsBase"] == [False, True]
    assert outcome["rebased"] is True
    assert outcome["baseErrors"] == ["engine snapshot made for another Pyodide build"]
    # header + 2 runs (pages 1-3, the last page) + 3 pages + 100 bytes
    assert outcome["diffedBytes"] == 36 + 2 * 8 + 3 * 4096 + 100
