// Pyodide's wasm trimmed to the functions the calculators run, for the build (make_snapshot.mjs).
//
// Of the 16,958 functions Pyodide's wasm defines, a restored snapshot running every calculator
// in every language executes about 1,500. The build finds which ones by running an instrumented
// copy (instrument: each function body first sets a global of its own, read back through the
// exports), then empties every other body to a single `unreachable` (trim). Function indices,
// types, tables, globals and data stay as they are, so the trimmed module instantiates with the
// same imports and restores the same snapshot; code that was never run traps instead of
// running, and the engine then starts again whole (engine-worker.js). Of its 8,560 exports,
// `trim` can keep only those Pyodide's JavaScript reads (the build names them): Emscripten's
// glue walks every export when it instantiates the module.
//
// Only the module's outer layout is read: sections, and in the code section each body's size
// and its locals' declaration. No instruction is decoded or moved.

const SECTION = Object.freeze({ import: 2, global: 6, export: 7, code: 10 });
const EXTERNAL = Object.freeze({ function: 0, table: 1, memory: 2, global: 3, tag: 4 });
const MAGIC = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]; // "\0asm", version 1
const COVERED = "__covered_"; // the exports of the instrumented copy's globals, by body index

function readLeb(bytes, at) {
  let [value, shift, byte] = [0, 0, 0x80];
  while (byte & 0x80) {
    if (at >= bytes.length) throw new Error("wasm: a number runs past the end");
    byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  }
  return [value, at];
}

function leb(value) {
  const out = [];
  do {
    const byte = value % 128;
    value = Math.floor(value / 128);
    out.push(value ? byte | 0x80 : byte);
  } while (value);
  return out;
}

function sections(wasm) {
  if (!MAGIC.every((byte, i) => wasm[i] === byte)) throw new Error("wasm: not a WebAssembly module, version 1");
  const list = [];
  for (let at = MAGIC.length; at < wasm.length; ) {
    const id = wasm[at];
    const [size, start] = readLeb(wasm, at + 1);
    if (start + size > wasm.length) throw new Error(`wasm: section ${id} runs past the end`);
    list.push({ id, body: wasm.subarray(start, start + size) });
    at = start + size;
  }
  return list;
}

function assemble(list) {
  const parts = [Uint8Array.from(MAGIC)];
  for (const { id, body } of list) parts.push(Uint8Array.of(id, ...leb(body.length)), body);
  return concat(parts);
}

function only(list, id) {
  const found = list.filter((section) => section.id === id);
  if (found.length !== 1) throw new Error(`wasm: expected one section ${id}, found ${found.length}`);
  return found[0];
}

// How many globals the module imports: the instrumented copy's own globals come after its defined ones.
function importedGlobals(list) {
  const imports = list.find((section) => section.id === SECTION.import);
  if (!imports) return 0;
  const bytes = imports.body;
  let [count, at] = readLeb(bytes, 0);
  let globals = 0;
  const skipName = () => {
    const [length, next] = readLeb(bytes, at);
    at = next + length;
  };
  const skipLimits = () => {
    const flags = bytes[at++];
    at = readLeb(bytes, at)[1];
    if (flags & 1) at = readLeb(bytes, at)[1];
  };
  for (; count > 0; count--) {
    skipName();
    skipName();
    const kind = bytes[at++];
    if (kind === EXTERNAL.function || kind === EXTERNAL.tag) {
      if (kind === EXTERNAL.tag) at++;
      at = readLeb(bytes, at)[1];
    } else if (kind === EXTERNAL.table) {
      at++;
      skipLimits();
    } else if (kind === EXTERNAL.memory) skipLimits();
    else if (kind === EXTERNAL.global) {
      at += 2;
      globals++;
    } else throw new Error(`wasm: unknown import kind ${kind}`);
  }
  return globals;
}

// The export section's entries, each as its name and its bytes.
function exportEntries(section) {
  let [count, at] = readLeb(section, 0);
  const decoder = new TextDecoder();
  const list = [];
  for (; count > 0; count--) {
    const [length, start] = readLeb(section, at);
    const name = decoder.decode(section.subarray(start, start + length));
    const end = readLeb(section, start + length + 1)[1]; // the kind's byte, then the index
    list.push({ name, bytes: section.subarray(at, end) });
    at = end;
  }
  return list;
}

/** The names of `wasm`'s exports, in order. */
export function exportNames(wasm) {
  return exportEntries(only(sections(wasm), SECTION.export).body).map(({ name }) => name);
}

// The code section's bodies, each as [its locals' declaration, its instructions].
function bodies(code) {
  let [count, at] = readLeb(code, 0);
  const list = [];
  for (; count > 0; count--) {
    const [size, start] = readLeb(code, at);
    const body = code.subarray(start, start + size);
    let [groups, cursor] = readLeb(body, 0);
    for (; groups > 0; groups--) cursor = readLeb(body, cursor)[1] + 1;
    list.push([body.subarray(0, cursor), body.subarray(cursor)]);
    at = start + size;
  }
  return list;
}

function concat(parts) {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  parts.reduce((at, part) => (out.set(part, at), at + part.length), 0);
  return out;
}

function vector(count, items) {
  return concat([Uint8Array.from(leb(count)), ...items]);
}

function withCount(section, extra, items) {
  const [count, at] = readLeb(section.body, 0);
  return vector(count + extra, [section.body.subarray(at), ...items]);
}

/**
 * A copy of `wasm` that records which of its function bodies have run.
 *
 * Each body starts by setting a global of its own to 1; the globals are added after the module's
 * and exported, so no index the module uses moves. Returns the copy and `executed(instance)`,
 * the indices (in the code section) of the bodies that have run in an instance of it.
 */
export function instrument(wasm) {
  const list = sections(wasm);
  const [globalSection, exportSection, codeSection] = [SECTION.global, SECTION.export, SECTION.code].map((id) => only(list, id));
  const first = importedGlobals(list) + readLeb(globalSection.body, 0)[0];
  const code = bodies(codeSection.body);
  const setFlag = (index) => Uint8Array.of(0x41, 0x01, 0x24, ...leb(first + index)); // i32.const 1; global.set
  const marked = code.map(([locals, instructions], index) => {
    const flag = setFlag(index);
    return concat([Uint8Array.from(leb(locals.length + flag.length + instructions.length)), locals, flag, instructions]);
  });
  const encoder = new TextEncoder();
  const globals = code.map(() => Uint8Array.of(0x7f, 0x01, 0x41, 0x00, 0x0b)); // mut i32 = 0
  const exports = code.map((_, index) => {
    const name = encoder.encode(`${COVERED}${index}`);
    return Uint8Array.of(...leb(name.length), ...name, EXTERNAL.global, ...leb(first + index));
  });
  globalSection.body = withCount(globalSection, code.length, globals);
  exportSection.body = withCount(exportSection, code.length, exports);
  codeSection.body = vector(code.length, marked);
  const executed = (instance) =>
    code.map((_, index) => index).filter((index) => instance.exports[`${COVERED}${index}`].value === 1);
  return { wasm: assemble(list), executed };
}

/**
 * `wasm` with every function body not in `keep` (indices in the code section) emptied to
 * `unreachable`: the same module to its importer, smaller, and trapping where it was cut. With
 * `exports` (names), only those of its exports are kept.
 */
export function trim(wasm, keep, exports = null) {
  const list = sections(wasm);
  const codeSection = only(list, SECTION.code);
  if (exports) {
    const exportSection = only(list, SECTION.export);
    const wanted = new Set(exports);
    const kept = exportEntries(exportSection.body).filter(({ name }) => wanted.has(name));
    exportSection.body = vector(kept.length, kept.map(({ bytes }) => bytes));
  }
  const kept = new Set(keep);
  const empty = Uint8Array.of(3, 0x00, 0x00, 0x0b); // size 3: no locals, unreachable, end
  const code = bodies(codeSection.body).map(([locals, instructions], index) => {
    if (!kept.has(index)) return empty;
    return concat([Uint8Array.from(leb(locals.length + instructions.length)), locals, instructions]);
  });
  codeSection.body = vector(code.length, code);
  return assemble(list);
}
