// Community Playbook calculators: fetches and inflates the engine's memory snapshot.
//
// Inflating keeps a thread busy for a while. In a worker of its own it runs beside Pyodide's
// start instead of delaying it on the engine's thread. It reports the memory's length as soon
// as the first bytes are inflated, so Pyodide can start, then checks the packed snapshot whole
// and hands it over.
import { FILE, MESSAGE } from "./protocol.mjs";

// Imported once the snapshot is asked for: the page creates this worker while idle, before any intent.
const imported = (name) => import(new URL(name, import.meta.url).href);

self.addEventListener("message", async ({ data: url }) => {
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
