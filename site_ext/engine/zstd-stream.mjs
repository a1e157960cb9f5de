// Community Playbook calculators: the engine's large files travel Zstandard-compressed (a third
// smaller than gzip; see README, "Performance"), decoded here as they arrive by fzstd, which the
// build copies beside this module. Shared by the engine's worker (the wasm) and the snapshot's.

import { FILE } from "./protocol.mjs";

let decoder = null; // imported at the first download, not while the page prepares
const MAGIC = [0x28, 0xb5, 0x2f, 0xfd]; // a Zstandard frame's first bytes

/**
 * The decoded bytes of ``body`` (a response's stream) as a stream. A host that already decoded it
 * (one that sent it with its own Content-Encoding) hands over bytes without the frame's magic
 * number: those pass through as they are. A frame cut short or damaged errors the stream.
 */
export function decoded(body) {
  decoder ??= import(new URL(FILE.zstd_decoder, import.meta.url).href);
  const reader = body.getReader();
  let head = new Uint8Array(0); // the first bytes, until there are enough to tell
  let inflater = null;
  let passThrough = false;
  let out = []; // decoded chunks not yet handed on
  return new ReadableStream({
    async pull(controller) {
      const { Decompress } = await decoder;
      while (!out.length) {
        const next = await reader.read();
        if (next.done) {
          if (inflater) inflater.push(new Uint8Array(0), true); // throws on a frame cut short
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
            inflater = new Decompress((data) => data.length && out.push(data));
          } else passThrough = true;
        }
        if (passThrough) out.push(chunk);
        else inflater.push(chunk);
      }
      for (const data of out) controller.enqueue(data);
      out = [];
    },
    cancel(reason) {
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
