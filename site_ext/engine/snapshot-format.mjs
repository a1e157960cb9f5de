// Community Playbook calculators: the engine snapshot's packed format, shared by the build
// (site_ext/make_snapshot.mjs, under Node) and the browser (snapshot-worker.js).
//
// About half of Pyodide's 31 MB memory snapshot is untouched zero pages. Packing keeps only the
// runs of pages with data, so the browser inflates half the bytes and the rest stays the zeros
// a new buffer already holds. Layout, little-endian 32-bit words: MAGIC, the memory's length,
// the number of runs, then each run's offset and length, then the runs' bytes back to back.

const MAGIC = 0x31504e53; // "SNP1"
const PAGE = 4096;
const MAX_MEMORY = 2 ** 31;

function isZero(memory, start, end) {
  for (let i = start; i < end; i++) if (memory[i] !== 0) return false;
  return true;
}

/** The packed form of ``memory`` (a Uint8Array): its pages with data, and where they go. */
export function pack(memory) {
  const runs = [];
  for (let start = 0; start < memory.length; start += PAGE) {
    const end = Math.min(start + PAGE, memory.length);
    if (isZero(memory, start, end)) continue;
    const last = runs[runs.length - 1];
    if (last && last[0] + last[1] === start) last[1] += end - start;
    else runs.push([start, end - start]);
  }
  const header = 12 + runs.length * 8;
  const packed = new Uint8Array(header + runs.reduce((sum, [, length]) => sum + length, 0));
  const view = new DataView(packed.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, memory.length, true);
  view.setUint32(8, runs.length, true);
  let at = header;
  runs.forEach(([offset, length], i) => {
    view.setUint32(12 + i * 8, offset, true);
    view.setUint32(16 + i * 8, length, true);
    packed.set(memory.subarray(offset, offset + length), at);
    at += length;
  });
  return packed;
}

/** The length of the memory that ``packed`` stands for, read from its first 12 bytes. */
export function memoryLength(packed) {
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  if (packed.byteLength < 12 || view.getUint32(0, true) !== MAGIC) throw new Error("not a packed engine snapshot");
  const length = view.getUint32(4, true);
  // Pyodide's memory is tens of megabytes: none, or more than a 32-bit wasm can address, is damage.
  if (length === 0 || length > MAX_MEMORY) throw new Error("engine snapshot with a damaged length");
  return length;
}

/** The memory that ``packed`` (made by pack) stands for, written into ``memory`` (all zeros). */
export function unpack(packed, memory = new Uint8Array(memoryLength(packed))) {
  if (memory.length !== memoryLength(packed)) throw new Error("engine snapshot of another size");
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  const count = view.getUint32(8, true);
  let at = 12 + count * 8;
  for (let i = 0; i < count; i++) {
    const offset = view.getUint32(12 + i * 8, true);
    const length = view.getUint32(16 + i * 8, true);
    if (at + length > packed.byteLength || offset + length > memory.length) throw new Error("truncated engine snapshot");
    memory.set(packed.subarray(at, at + length), offset);
    at += length;
  }
  return memory;
}
