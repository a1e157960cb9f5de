// Community Playbook calculators: the engine snapshot's packed format, shared by the build
// (site_ext/make_snapshot.mjs, under Node) and the browser (inflater.js, engine-worker.js).
//
// Pyodide's memory snapshot is 31 MB. Two things make it small on the wire:
// - About half of it is untouched zero pages: packing keeps only the runs of pages with data, and
//   the rest stays the zeros a new buffer already holds.
// - A fresh instance of the same wasm already holds part of it (the wasm's data segments, 2.7 MB:
//   interned strings, static types, frozen modules). Against such a base, the memory is stored as
//   its XOR with the base, so every byte the interpreter never changed is a zero and compresses
//   to nothing; the browser XORs the fresh instance's memory back in (rebase). A checksum of the
//   base guards against a base that is not the build's (another Pyodide): rebase refuses it.
//   One range of the base can be left out (stored as it is, not XORed): a part of memory that
//   the JavaScript side writes differently in each environment before the snapshot is restored.
// It travels Zstandard-compressed, and the decoder checks no checksum: the packed form carries a
// checksum of everything after its header, which verify() checks before the memory is touched.
// Layout, little-endian 32-bit words: MAGIC, the memory's length, the number of runs, where the
// base starts in the memory, how many bytes of base were XORed (0: no base), the base's checksum,
// the range of the base left out (start, end), the checksum of the rest, then each run's offset
// and length, then the runs' bytes back to back.

const MAGIC = 0x33504e53; // "SNP3"
/** Bytes before the first run: enough to read the memory's length (memoryLength). */
export const HEADER = 36;
const PAGE = 4096;
const MAX_MEMORY = 2 ** 31;

/** A checksum of ``bytes`` (4-aligned): FNV-1a over its 32-bit words, then over the bytes left. */
export function checksum(bytes) {
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >>> 2);
  let hash = 0x811c9dc5;
  for (let i = 0; i < words.length; i++) hash = Math.imul(hash ^ words[i], 0x01000193);
  for (let i = words.length * 4; i < bytes.length; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193);
  return hash >>> 0;
}

/** How many leading bytes of ``base`` hold data: up to the end of its last page with data. */
function dataEnd(base) {
  for (let end = base.length - (base.length % PAGE || PAGE); end >= 0; end -= PAGE) {
    if (!isZero(base, end, Math.min(end + PAGE, base.length))) return Math.min(end + PAGE, base.length);
  }
  return 0;
}

/** XOR ``base[0..length)`` but ``base[skip[0]..skip[1])`` into ``memory`` from ``offset`` on. */
function xorInto(memory, offset, base, length, skip) {
  const into = new Uint32Array(memory.buffer, memory.byteOffset + offset, length / 4);
  const from = new Uint32Array(base.buffer, base.byteOffset, length / 4);
  const [skipFrom, skipTo] = [skip[0] / 4, skip[1] / 4];
  for (let i = 0; i < skipFrom && i < into.length; i++) into[i] ^= from[i];
  for (let i = skipTo; i < into.length; i++) into[i] ^= from[i];
}

/** The checksum of ``base[0..length)`` but ``base[skip[0]..skip[1])``. */
function baseChecksum(base, length, skip) {
  const kept = new Uint8Array(length);
  kept.set(base.subarray(0, length));
  kept.fill(0, Math.min(skip[0], length), Math.min(skip[1], length));
  return checksum(kept);
}

function isZero(memory, start, end) {
  for (let i = start; i < end; i++) if (memory[i] !== 0) return false;
  return true;
}

/**
 * The packed form of ``memory`` (a Uint8Array): its pages with data, and where they go. With
 * ``base`` (a fresh instance's memory, which starts at ``offset`` in ``memory``), what differs
 * from the base instead. ``memory`` is left as it was.
 */
export function pack(memory, { base = null, offset = 0, skip = [0, 0] } = {}) {
  let baseLength = 0;
  let baseSum = 0;
  if (base) {
    if ([offset, memory.byteOffset, base.byteOffset, ...skip].some((n) => n % 4)) throw new Error("unaligned snapshot base");
    baseLength = Math.min(dataEnd(base), memory.length - offset) & ~3;
    baseSum = baseChecksum(base, baseLength, skip);
    memory = memory.slice();
    xorInto(memory, offset, base, baseLength, skip);
  }
  const runs = [];
  for (let start = 0; start < memory.length; start += PAGE) {
    const end = Math.min(start + PAGE, memory.length);
    if (isZero(memory, start, end)) continue;
    const last = runs[runs.length - 1];
    if (last && last[0] + last[1] === start) last[1] += end - start;
    else runs.push([start, end - start]);
  }
  const header = HEADER + runs.length * 8;
  const packed = new Uint8Array(header + runs.reduce((sum, [, length]) => sum + length, 0));
  const view = new DataView(packed.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, memory.length, true);
  view.setUint32(8, runs.length, true);
  view.setUint32(12, offset, true);
  view.setUint32(16, baseLength, true);
  view.setUint32(20, baseSum, true);
  view.setUint32(24, skip[0], true);
  view.setUint32(28, skip[1], true);
  let at = header;
  runs.forEach(([start, length], i) => {
    view.setUint32(HEADER + i * 8, start, true);
    view.setUint32(HEADER + 4 + i * 8, length, true);
    packed.set(memory.subarray(start, start + length), at);
    at += length;
  });
  view.setUint32(32, checksum(packed.subarray(HEADER)), true);
  return packed;
}

/** Throws unless ``packed`` is whole: the checksum of everything after its header matches. */
export function verify(packed) {
  memoryLength(packed);
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  if (checksum(packed.subarray(HEADER)) !== view.getUint32(32, true)) throw new Error("damaged engine snapshot");
  return packed;
}

/** The length of the memory that ``packed`` stands for, read from its header. */
export function memoryLength(packed) {
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  if (packed.byteLength < HEADER || view.getUint32(0, true) !== MAGIC) throw new Error("not a packed engine snapshot");
  const length = view.getUint32(4, true);
  // Pyodide's memory is tens of megabytes: none, or more than a 32-bit wasm can address, is damage.
  if (length === 0 || length > MAX_MEMORY) throw new Error("engine snapshot with a damaged length");
  return length;
}

/** Whether ``packed`` was made against a base: then unpack gives the difference, rebase the memory. */
export function needsBase(packed) {
  memoryLength(packed);
  return new DataView(packed.buffer, packed.byteOffset, packed.byteLength).getUint32(16, true) > 0;
}

/**
 * Turn what unpack wrote into ``memory`` into the memory itself, given the fresh instance's
 * memory ``base``. Refuses a base other than the one the snapshot was made against.
 */
export function rebase(packed, memory, base) {
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  const offset = view.getUint32(12, true);
  const length = view.getUint32(16, true);
  if (length === 0) return memory;
  const skip = [view.getUint32(24, true), view.getUint32(28, true)];
  if (offset + length > memory.length || length > base.length || [offset, length, ...skip].some((n) => n % 4)) {
    throw new Error("engine snapshot with a damaged base");
  }
  if (baseChecksum(base, length, skip) !== view.getUint32(20, true)) {
    throw new Error("engine snapshot made for another Pyodide build");
  }
  xorInto(memory, offset, base, length, skip);
  return memory;
}

/**
 * The memory that ``packed`` (made by pack) stands for, written into ``memory`` (all zeros); for a
 * snapshot made against a base, its difference from the base until rebased.
 */
export function unpack(packed, memory = new Uint8Array(memoryLength(packed))) {
  if (memory.length !== memoryLength(packed)) throw new Error("engine snapshot of another size");
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  const count = view.getUint32(8, true);
  let at = HEADER + count * 8;
  if (at > packed.byteLength) throw new Error("truncated engine snapshot");
  for (let i = 0; i < count; i++) {
    const offset = view.getUint32(HEADER + i * 8, true);
    const length = view.getUint32(HEADER + 4 + i * 8, true);
    if (at + length > packed.byteLength || offset + length > memory.length) throw new Error("truncated engine snapshot");
    memory.set(packed.subarray(at, at + length), offset);
    at += length;
  }
  return memory;
}
