// Community Playbook calculators: the engine's large files travel Zstandard-compressed (a third
// smaller than gzip; see README, "Performance"), decoded here as they arrive by zstd's own decoder
// compiled to WebAssembly (zstddec's build, which the build copies beside this module): five to
// ten times faster than a decoder written in JavaScript. Shared by the engine's two inflaters.

import { FILE } from "./protocol.mjs";

let decoder = null; // the decoder's exports, instantiated at the first download
const MAGIC = [0x28, 0xb5, 0x2f, 0xfd]; // a Zstandard frame's first bytes
const ERROR_CODES = 120; // zstd's errors are the last size_t values: (size_t)-1 down to -120

async function instantiate() {
  const response = await fetch(new URL(FILE.zstd_decoder, import.meta.url));
  if (!response.ok) throw new Error(`${FILE.zstd_decoder}: HTTP ${response.status}`);
  // From the bytes, not compileStreaming: a host may serve .wasm with another type.
  const imports = { env: { emscripten_notify_memory_growth() {} } }; // views are made afresh
  const { instance } = await WebAssembly.instantiate(await response.arrayBuffer(), imports);
  return instance.exports;
}

/** Fetch and compile the decoder now, so that it is ready when the first bytes come. */
export function startDecoder() {
  decoder ??= instantiate();
  decoder.catch(() => {}); // reported by decoded(), which awaits it
}

/**
 * One frame (or several back to back) decoded chunk by chunk, in the decoder's memory: zstd's
 * streaming API with its input and output buffers ({pointer, size, position}, 32-bit words).
 */
class Inflater {
  constructor(zstd) {
    this.zstd = zstd;
    this.context = zstd.ZSTD_createDCtx();
    this.outSize = zstd.ZSTD_DStreamOutSize();
    this.out = zstd.malloc(this.outSize);
    this.buffers = zstd.malloc(24); // the input buffer's three words, then the output buffer's
    this.pending = 0; // 0 once every frame so far is decoded whole
  }

  /** Decode ``chunk``, handing each piece of output to ``emit`` (copied out of the decoder's memory). */
  push(chunk, emit) {
    const { zstd, buffers, out, outSize } = this;
    const input = zstd.malloc(chunk.length);
    new Uint8Array(zstd.memory.buffer).set(chunk, input);
    let words = new Uint32Array(zstd.memory.buffer, buffers, 6);
    words.set([input, chunk.length, 0]);
    try {
      let full;
      do {
        words.set([out, outSize, 0], 3);
        const result = zstd.ZSTD_decompressStream(this.context, buffers + 12, buffers) >>> 0;
        if (result > 2 ** 32 - 1 - ERROR_CODES) throw new Error(`damaged Zstandard data (error ${2 ** 32 - result})`);
        this.pending = result;
        words = new Uint32Array(zstd.memory.buffer, buffers, 6); // the memory may have grown
        if (words[5]) emit(new Uint8Array(zstd.memory.buffer, out, words[5]).slice());
        full = words[5] === outSize; // the decoder may hold more output: ask again
      } while (words[2] < words[1] || full);
    } finally {
      zstd.free(input);
    }
  }

  /** Free the decoder's memory; throws when the data ended inside a frame. */
  end() {
    const { zstd } = this;
    zstd.ZSTD_freeDCtx(this.context);
    zstd.free(this.out);
    zstd.free(this.buffers);
    if (this.pending) throw new Error("Zstandard data cut short");
  }
}

/**
 * The decoded bytes of ``body`` (a response's stream) as a stream. A host that already decoded it
 * (one that sent it with its own Content-Encoding) hands over bytes without the frame's magic
 * number: those pass through as they are. A frame cut short or damaged errors the stream.
 */
export function decoded(body) {
  const reader = body.getReader();
  let head = new Uint8Array(0); // the first bytes, until there are enough to tell
  let inflater = null;
  let passThrough = false;
  let out = []; // decoded chunks not yet handed on
  const emit = (data) => out.push(data);
  const release = () => {
    const ending = inflater;
    inflater = null;
    ending?.end();
  };
  return new ReadableStream({
    async pull(controller) {
      try {
        while (!out.length) {
          const next = await reader.read();
          if (next.done) {
            if (inflater) release(); // throws on a frame cut short
            else if (head.length) controller.enqueue(head); // too short for a frame: its checks refuse it
            controller.close();
            return;
          }
          let chunk = next.value;
          if (!inflater && !passThrough) {
            chunk = concat(head, chunk);
            if (chunk.length < MAGIC.length) {
              head = chunk;
              continue;
            }
            if (MAGIC.every((byte, i) => chunk[i] === byte)) {
              startDecoder();
              inflater = new Inflater(await decoder);
            } else passThrough = true;
          }
          if (passThrough) out.push(chunk);
          else inflater.push(chunk, emit);
        }
      } catch (error) {
        try {
          release();
        } catch {
          // The first error is the one to report.
        }
        throw error;
      }
      for (const data of out) controller.enqueue(data);
      out = [];
    },
    cancel(reason) {
      try {
        release();
      } catch {
        // Cancelled midway: nothing to report.
      }
      return reader.cancel(reason);
    },
  });
}

function concat(a, b) {
  if (!a.length) return b;
  const both = new Uint8Array(a.length + b.length);
  both.set(a);
  both.set(b, a.length);
  return both;
}
