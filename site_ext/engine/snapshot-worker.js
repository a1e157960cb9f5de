// Community Playbook calculators: inflates the engine's memory snapshot.
//
// Inflating keeps a thread busy for a while. In a worker of its own it runs beside Pyodide's
// start instead of delaying it on the engine's thread. It receives the response's body (a
// transferred stream, so the download started at once), reports the memory's length as soon
// as the first bytes are inflated, so Pyodide can start, then hands over the packed snapshot.
import { FILE, MESSAGE } from "./protocol.mjs";

const snapshotFormat = import(new URL(FILE.snapshot_format, import.meta.url).href);

self.addEventListener("message", async ({ data: url }) => {
  try {
    const { HEADER, memoryLength } = await snapshotFormat;
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    // Shipped gzipped as a plain file: a static host need not know the type to compress it.
    const reader = response.body.pipeThrough(new DecompressionStream("gzip")).getReader();
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
    if (size < HEADER) memoryLength(packed); // throws: too short to be a snapshot
    self.postMessage({ type: MESSAGE.snapshot_packed, buffer: packed.buffer }, [packed.buffer]);
  } catch (error) {
    self.postMessage({ type: MESSAGE.snapshot_failed, message: String(error && error.message ? error.message : error) });
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
