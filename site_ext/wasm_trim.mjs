// Pyodide's wasm trimmed to the functions the calculators run, for the build (make_snapshot.mjs).
//
// Of the 16,958 functions Pyodide's wasm defines, a restored snapshot running every calculator
// in every language executes about 1,500. The build finds which ones by running an instrumented
// copy (instrument: each function body first sets a global of its own, read back through the
// exports), then empties every other body to a single `unreachable` (trim). Function indices,
// types, tables, exports, globals and data stay as they are, so the trimmed module instantiates
// with the same imports and restores the same snapshot; code that was never run traps instead of
// running, and the engine then starts again with the whole wasm (engine-worker.js).
//
// Only the module's outer layout is read: sections, and in the code section each body's size
// and its locals' declaration. No instruction is decoded or moved.

const SECTION = Object.freeze({ type: 1, import: 2, function: 3, memory: 5, global: 6, export: 7, code: 10, data: 11 });
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

function sleb(value) {
  const out = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    if ((value === 0 && !(byte & 0x40)) || (value === -1 && byte & 0x40)) return [...out, byte];
    out.push(byte | 0x80);
  }
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

// How many functions and globals the module imports: what it defines is numbered after them.
function imported(list) {
  const imports = list.find((section) => section.id === SECTION.import);
  if (!imports) return { functions: 0, globals: 0 };
  const bytes = imports.body;
  let [count, at] = readLeb(bytes, 0);
  let [functions, globals] = [0, 0];
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
      else functions++;
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
  return { functions, globals };
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
  const first = imported(list).globals + readLeb(globalSection.body, 0)[0];
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
 * `unreachable`: the same module to its importer, smaller, and trapping where it was cut.
 */
export function trim(wasm, keep) {
  const list = sections(wasm);
  const codeSection = only(list, SECTION.code);
  const kept = new Set(keep);
  const empty = Uint8Array.of(3, 0x00, 0x00, 0x0b); // size 3: no locals, unreachable, end
  const code = bodies(codeSection.body).map(([locals, instructions], index) => {
    if (!kept.has(index)) return empty;
    return concat([Uint8Array.from(leb(locals.length + instructions.length)), locals, instructions]);
  });
  codeSection.body = vector(code.length, code);
  return assemble(list);
}

// --- Static data: which of it a restored engine reads ---------------------------------------

const LINE = 16; // bytes of static data per flag of the read map

// Each instruction's immediates, skipped to find the next one. Opcodes outside this table (SIMD,
// threads) end the walk with an error naming them.
function skipInstruction(code, at) {
  const op = code[at++];
  const u = () => (at = readLeb(code, at)[1]);
  const blockType = () => {
    if (code[at] === 0x40 || (code[at] >= 0x6f && code[at] <= 0x7f)) at++;
    else u(); // a type index (s33, never negative here)
  };
  if (op >= 0x28 && op <= 0x3e) {
    const [align, next] = readLeb(code, at);
    at = next;
    if (align & 0x40) u(); // memory index
    u(); // offset
    return at;
  }
  switch (op) {
    case 0x02: case 0x03: case 0x04: case 0x06: blockType(); return at;
    case 0x07: case 0x08: case 0x09: case 0x0c: case 0x0d: case 0x10: case 0x12: case 0x18:
    case 0x20: case 0x21: case 0x22: case 0x23: case 0x24: case 0x25: case 0x26: case 0xd2:
      u(); return at;
    case 0x0e: {
      let [count, next] = readLeb(code, at);
      at = next;
      for (; count >= 0; count--) u(); // the labels and the default
      return at;
    }
    case 0x11: case 0x13: u(); u(); return at;
    case 0x1c: {
      let [count, next] = readLeb(code, at);
      at = next + count;
      return at;
    }
    case 0x1f: {
      blockType();
      let [count, next] = readLeb(code, at);
      at = next;
      for (; count > 0; count--) {
        const kind = code[at++];
        if (kind === 0 || kind === 1) u(); // catch, catch_ref: a tag
        u(); // the label
      }
      return at;
    }
    case 0x3f: case 0x40: return at + 1;
    case 0x41: case 0x42: {
      while (code[at] & 0x80) at++;
      return at + 1;
    }
    case 0x43: return at + 4;
    case 0x44: return at + 8;
    case 0xd0: return at + 1;
    case 0xfc: {
      const [sub, next] = readLeb(code, at);
      at = next;
      if (sub <= 7) return at;
      if (sub === 8) return readLeb(code, at)[1] + 1;
      if (sub === 9 || sub === 13 || (sub >= 15 && sub <= 17)) return readLeb(code, at)[1];
      if (sub === 10) return at + 2;
      if (sub === 11) return at + 1;
      if (sub === 12 || sub === 14) return readLeb(code, readLeb(code, at)[1])[1];
      throw new Error(`wasm: instruction 0xfc ${sub} not known`);
    }
    default:
      if (op <= 0x01 || op === 0x05 || op === 0x0a || op === 0x0b || op === 0x0f || op === 0x19 || op === 0x1a || op === 0x1b) return at;
      if ((op >= 0x45 && op <= 0xc4) || op === 0xd1) return at;
      throw new Error(`wasm: instruction 0x${op.toString(16)} not known`);
  }
}

// The active data segments: where each lands in memory, and where its bytes are in the section.
function dataSegments(section) {
  const bytes = section.body;
  let [count, at] = readLeb(bytes, 0);
  const segments = [];
  for (; count > 0; count--) {
    const flags = bytes[at++];
    if (flags === 1) {
      const [size, start] = readLeb(bytes, at); // passive: copied by memory.init only
      at = start + size;
      continue;
    }
    if (flags === 2) at = readLeb(bytes, at)[1];
    if (flags > 2 || bytes[at] !== 0x41) throw new Error("wasm: a data segment not at a constant address");
    const [address, end] = readSleb(bytes, at + 1);
    if (bytes[end] !== 0x0b) throw new Error("wasm: a data segment not at a constant address");
    const [size, start] = readLeb(bytes, end + 1);
    segments.push({ address, size, start });
    at = start + size;
  }
  return segments;
}

function readSleb(bytes, at) {
  let [value, shift, byte] = [0, 0, 0x80];
  while (byte & 0x80) {
    byte = bytes[at++];
    value |= (byte & 0x7f) << shift;
    shift += 7;
  }
  if (shift < 32 && byte & 0x40) value |= -1 << shift;
  return [value, at];
}

function staticData(list) {
  const segments = dataSegments(only(list, SECTION.data));
  const start = Math.min(...segments.map((segment) => segment.address));
  const end = Math.max(...segments.map((segment) => segment.address + segment.size));
  return { segments, start, length: end - start };
}

/**
 * A copy of `wasm`, trimmed to `keep`, whose kept functions record which lines (16 bytes) of the
 * static data they read: every load, and every memory.copy's source, first calls a function the
 * copy adds, which marks the lines in a map at the top of a memory enlarged for it (above anything
 * the engine uses, and beyond the snapshot, which would overwrite it). Returns the copy and
 * `readLines(instance)`, the map (a byte per line, 1 where read).
 */
export function traceReads(wasm, keep) {
  const list = sections(trim(wasm, keep));
  const data = staticData(list);
  const lines = Math.ceil(data.length / LINE) + 1;
  const [typeSection, functionSection, memorySection, codeSection] = [SECTION.type, SECTION.function, SECTION.memory, SECTION.code].map((id) => only(list, id));
  // The memory: at least 128 MB more than it had, the map in its last bytes.
  const memory = memorySection.body;
  if (memory[0] !== 1 || memory[1] > 1) throw new Error("wasm: not one 32-bit memory");
  const [pages, afterMin] = readLeb(memory, 2);
  const newPages = pages + 2048 + Math.ceil(lines / 65536);
  const map = newPages * 65536 - lines;
  const max = memory[1] === 1 ? readLeb(memory, afterMin)[0] : null;
  if (max !== null && max < newPages) throw new Error("wasm: no room to grow the memory for the read map");
  memorySection.body = concat([Uint8Array.of(1, memory[1], ...leb(newPages)), memory.subarray(afterMin)]);
  // Two functions: mark(address, offset) -> address; markCopy(to, from, size) -> the same.
  const types = readLeb(typeSection.body, 0)[0];
  typeSection.body = withCount(typeSection, 2, [
    Uint8Array.of(0x60, 2, 0x7f, 0x7f, 1, 0x7f),
    Uint8Array.of(0x60, 3, 0x7f, 0x7f, 0x7f, 3, 0x7f, 0x7f, 0x7f),
  ]);
  const defined = readLeb(functionSection.body, 0)[0];
  functionSection.body = withCount(functionSection, 2, [Uint8Array.from([...leb(types), ...leb(types + 1)])]);
  const mark = imported(list).functions + defined;
  const [start, length, end] = [sleb(data.start), sleb(data.length), sleb(data.start + data.length)];
  // Marks the line of the address in local `at` (scratch: local `rel`) when it is static data.
  const markLine = (at, rel) => [0x20, at, 0x41, ...start, 0x6b, 0x22, rel, 0x41, ...length, 0x49, 0x04, 0x40,
    0x20, rel, 0x41, 4, 0x76, 0x41, ...sleb(map), 0x6a, 0x41, 1, 0x3a, 0, 0, 0x0b];
  // mark(address, offset) -> address: the first and the eighth byte's lines (loads are <= 8 bytes).
  const markBody = [1, 2, 0x7f, // locals 2 and 3: the address read, scratch
    0x20, 0, 0x20, 1, 0x6a, 0x21, 2, ...markLine(2, 3),
    0x20, 2, 0x41, 7, 0x6a, 0x21, 2, ...markLine(2, 3),
    0x20, 0, 0x0b];
  // markCopy(to, from, size) -> (to, from, size): every line from `from` to `from + size`, within
  // the static data, and the last byte's.
  const copyBody = [1, 3, 0x7f, // locals 3, 4, 5: the address, the end, scratch
    0x20, 1, 0x41, ...start, 0x20, 1, 0x41, ...start, 0x4b, 0x1b, 0x21, 3, // max(from, start)
    0x20, 1, 0x20, 2, 0x6a, 0x22, 4, 0x41, ...end, 0x20, 4, 0x41, ...end, 0x49, 0x1b, 0x21, 4, // min(from + size, end)
    0x02, 0x40, 0x03, 0x40,
    0x20, 3, 0x20, 4, 0x4f, 0x0d, 1, ...markLine(3, 5),
    0x20, 3, 0x41, LINE, 0x6a, 0x21, 3, 0x0c, 0, 0x0b, 0x0b,
    0x20, 4, 0x41, 1, 0x6b, 0x21, 3, ...markLine(3, 5),
    0x20, 0, 0x20, 1, 0x20, 2, 0x0b];
  const kept = new Set(keep);
  const code = bodies(codeSection.body).map(([locals, instructions], index) => {
    if (!kept.has(index)) return Uint8Array.of(3, 0x00, 0x00, 0x0b);
    const out = [];
    let from = 0;
    for (let at = 0; at < instructions.length; ) {
      const op = instructions[at];
      const next = skipInstruction(instructions, at);
      if (op >= 0x28 && op <= 0x35) {
        let cursor = readLeb(instructions, at + 1);
        if (cursor[0] & 0x40) cursor = readLeb(instructions, cursor[1]);
        const offset = readLeb(instructions, cursor[1])[0];
        out.push(instructions.subarray(from, at), Uint8Array.of(0x41, ...sleb(offset | 0), 0x10, ...leb(mark)));
        from = at;
      } else if (op === 0xfc && instructions[at + 1] === 10) {
        out.push(instructions.subarray(from, at), Uint8Array.of(0x10, ...leb(mark + 1)));
        from = at;
      }
      at = next;
    }
    out.push(instructions.subarray(from));
    const body = concat([locals, ...out]);
    return concat([Uint8Array.from(leb(body.length)), body]);
  });
  const own = [markBody, copyBody].map((body) => Uint8Array.from([...leb(body.length), ...body]));
  codeSection.body = vector(code.length + 2, [...code, ...own]);
  const readLines = (instance) => new Uint8Array(instance.exports.memory.buffer, map, lines).slice();
  return { wasm: assemble(list), readLines };
}

/** `wasm` with the static data's lines that `read` (from traceReads) does not mark zeroed. */
export function zeroUnread(wasm, read) {
  const list = sections(wasm);
  const dataSection = only(list, SECTION.data);
  const data = staticData(list);
  const body = dataSection.body.slice();
  for (const { address, size, start } of data.segments) {
    for (let i = 0; i < size; i++) {
      if (!read[Math.floor((address + i - data.start) / LINE)]) body[start + i] = 0;
    }
  }
  dataSection.body = body;
  return assemble(list);
}
