// Community Playbook calculators: fetches one of the engine's Zstandard-compressed files and
// inflates it, in a worker of its own.
//
// Inflating keeps a thread busy for a while (fzstd is JavaScript). Here it runs beside Pyodide's
// start (its loader, its 1.3 MB module, the wasm's compilation) instead of delaying it on the
// engine's thread. Two kinds of request:
// - the snapshot, needed whole: the memory's length is reported as soon as the first bytes are
//   inflated, so Pyodide can start; then the packed snapshot is checked whole and handed over;
// - a stream (the wasm, compiled as it arrives): each inflated chunk is handed over at once.
import { FILE, MESSAGE } from "./protocol.mjs";

// Imported once a file is asked for: the page creates this worker while idle, before any intent.
const imported = (name) => import(new URL(name, import.meta.url).href);

self.addEventListener("message", async ({ data: { url, whole } }) => {
  try {
    const fetched = fetch(url);
    fetched.catch(() => {}); // awaited below, once the scripts are in
    const [{ HEADER, memoryLength, verify }, { decoded }] = await Promise.all([
      imported(FILE.snapshot_format),
      imported(FILE.zstd_stream),
    ]);
    const response = await fetched;
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    const reader = decoded(response.body).getReader();
    if (!whole) {
      for (let next = await reader.read(); !next.done; next = await reader.read()) {
        const chunk = next.value;
        self.postMessage({ type: MESSAGE.inflated_chunk, buffer: chunk.buffer, offset: chunk.byteOffset, length: chunk.byteLength }, [chunk.buffer]);
      }
      self.postMessage({ type: MESSAGE.inflated_end });
      return;
    }
    const chunks = [];
    let size = 0;
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      if (size < HEADER && size + next.value.length >= HEADER) {
        const head = concat([...chunks, next.value], size + next.value.length);
        self.postMessage({ type: MESSAGE.snapshot_length, length: memoryLength(head) });
      }
      chunks.push(next.value);
      size += next.value.length;
    }
    const packed = concat(chunks, size);
    verify(packed); // throws: too short to be a snapshot, or damaged
    self.postMessage({ type: MESSAGE.snapshot_packed, buffer: packed.buffer }, [packed.buffer]);
  } catch (error) {
    self.postMessage({ type: MESSAGE.inflate_failed, message: String(error && error.message ? error.message : error) });
  }
});

function concat(chunks, size) {
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}
