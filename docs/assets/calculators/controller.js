// Community Playbook calculators: the page-side controller.
//
// A thin layer on purpose: formulas, validation, messages and the results markup all come
// from Python (calculators.render), which runs in a Web Worker. This file only collects the
// typed text, sends it to the worker, and swaps in what comes back. Settings reach it through
// the form's data-* attributes, written by the same Python at build time.

const ENGINE_TIMEOUT_MS = 30000; // a load that hangs is a failure, never an endless spinner
const SHARE_DELAY_MS = 200; // the share link follows the inputs once typing pauses this long

const forms = [...document.querySelectorAll("form.calculator[data-calculator]")];
const here = new URL(import.meta.url);
// The build links this file with ?v=<digest of the engine's files>, the name of their folder:
// a cached page and its engine always come from the same build.
const engineDir = new URL(`../engine/${here.searchParams.get("v")}/`, here);

let started = false;
let worker = null;
let timeout = null;
let shareTimer = null;
let state = "idle";
let sequence = 0;
const pending = new Map(); // sequence number -> form awaiting that result
const latest = new WeakMap(); // form -> newest sequence number sent
const waiting = new Set(); // forms with a result on its way
const queued = new Set(); // forms edited again while their result was on its way
const dirty = new Set(); // forms edited (or restored) before the engine was ready
const notices = new Map(); // control -> why a shared link's value was not used, until it is edited
const engineUrls = {
  index: engineDir.href,
  snapshot: new URL("calculators.snapshot.gz", engineDir).href,
  wheel: new URL("calculators.whl", engineDir).href,
};
const supported = typeof Worker === "function" && typeof WebAssembly === "object";

const pageLoaded = new Promise((resolve) => {
  if (document.readyState === "complete") resolve();
  else window.addEventListener("load", () => resolve(), { once: true });
});

if (forms.length > 0) init();

function init() {
  setState("idle"); // the built status says updating needs JavaScript: here it is
  const restored = restoreFromUrl();
  for (const form of forms) {
    form.addEventListener("submit", (event) => event.preventDefault());
    form.addEventListener("input", (event) => edited(form, event.target));
    form.addEventListener("change", (event) => edited(form, event.target));
    form.addEventListener("focusin", startEngine, { once: true });
    form.addEventListener("pointerenter", startEngine, { once: true });
  }
  if (restored) {
    dirty.add(restored);
    startEngine();
  } else {
    startWhenVisibleAndIdle();
  }
  whenIdle(spawnWorker);
}

function whenIdle(callback) {
  pageLoaded.then(() => {
    const idle = window.requestIdleCallback || ((next) => setTimeout(next, 200));
    idle(() => callback(), { timeout: 3000 });
  });
}

// The first sign of intent, or a calculator in view while the page is idle, starts the engine.
function startWhenVisibleAndIdle() {
  if (!("IntersectionObserver" in window)) return;
  const observer = new IntersectionObserver((entries) => {
    if (!entries.some((entry) => entry.isIntersecting)) return;
    observer.disconnect();
    whenIdle(startEngine);
  });
  for (const form of forms) observer.observe(form);
}

function startEngine() {
  if (started) return;
  started = true;
  pageLoaded.then(launch);
}

// The worker, created once: while the page is idle (it then prepares what needs no large
// download, a few kilobytes), or at the first intent at the latest.
function spawnWorker() {
  if (worker || !supported || state === "failed") return worker;
  try {
    worker = new Worker(new URL("engine-worker.js", engineDir), { type: "module" });
  } catch (error) {
    fail(error);
    return null;
  }
  worker.addEventListener("error", (event) => {
    event.preventDefault(); // reported on the page instead of as an uncaught error
    fail(event.message || "worker error");
  });
  worker.addEventListener("message", ({ data }) => {
    if (data.type === "ready") ready();
    else if (data.type === "failed") fail(data.message);
    else if (data.type === "result") apply(data.sequence, data.error ? null : JSON.parse(data.result));
  });
  worker.postMessage({ type: "prepare", urls: engineUrls });
  return worker;
}

function launch() {
  if (!supported) {
    fail("unsupported");
    return;
  }
  if (state === "failed") return;
  setState("loading");
  timeout = setTimeout(() => fail("timeout"), ENGINE_TIMEOUT_MS);
  spawnWorker()?.postMessage({ type: "init", urls: engineUrls });
}

function ready() {
  clearTimeout(timeout);
  if (state === "failed") return;
  setState("ready");
  for (const form of dirty) send(form);
  dirty.clear();
}

function fail(reason) {
  clearTimeout(timeout);
  if (state === "failed") return;
  if (worker) worker.terminate();
  console.info("Calculator engine unavailable:", String(reason && reason.message ? reason.message : reason));
  setState("failed");
  // Keep the page a consistent static example: the inputs that go with the results shown.
  for (const form of forms) {
    form.reset();
    for (const element of form.querySelectorAll("[data-error-for]")) element.textContent = "";
    for (const control of form.querySelectorAll("[aria-invalid]")) control.removeAttribute("aria-invalid");
    form.querySelector(".calculator__results").removeAttribute("data-stale");
  }
}

function setState(next) {
  state = next;
  for (const form of forms) showState(form, next);
}

function showState(form, shown) {
  if (shown !== "invalid" && shown !== "error") form.dataset.engine = shown; // these two concern one form
  form.querySelector(".calculator__progress").hidden = shown !== "loading";
  form.querySelector("[data-status]").textContent = form.dataset[`msg${shown[0].toUpperCase()}${shown.slice(1)}`];
}

function edited(form, control) {
  notices.delete(control);
  schedule(form);
}

// Edits are coalesced rather than delayed: an edit is sent at once unless a result for the
// same form is on its way, in which case only the newest values go when it arrives.
function schedule(form) {
  if (state === "failed") return;
  if (state !== "ready") {
    dirty.add(form);
    startEngine();
  } else if (waiting.has(form)) {
    queued.add(form);
  } else {
    send(form);
  }
}

function values(form) {
  const typed = {};
  for (const control of form.querySelectorAll("input[name], select[name]")) typed[control.name] = control.value;
  return typed;
}

function send(form) {
  waiting.add(form);
  sequence += 1;
  pending.set(sequence, form);
  latest.set(form, sequence);
  worker.postMessage({
    type: "update",
    sequence,
    calculator: form.dataset.calculator,
    lang: form.dataset.lang,
    values: JSON.stringify(values(form)),
  });
}

function apply(number, result) {
  const form = pending.get(number);
  pending.delete(number);
  if (!form) return;
  waiting.delete(form);
  if (queued.delete(form)) {
    send(form); // newer values were typed meanwhile: show their result, not this one
    return;
  }
  if (latest.get(form) !== number) return;
  const results = form.querySelector(".calculator__results");
  if (!result) {
    // Only this calculator failed (the worker reported it): its results are stale, the rest goes on.
    results.setAttribute("data-stale", "");
    showState(form, "error");
    return;
  }
  for (const element of form.querySelectorAll("[data-error-for]")) {
    const control = form.elements.namedItem(element.dataset.errorFor);
    const message = result.errors[element.dataset.errorFor] || notices.get(control) || "";
    element.textContent = message;
    if (control && control.setAttribute && !notices.has(control)) {
      if (message) control.setAttribute("aria-invalid", "true");
      else control.removeAttribute("aria-invalid");
    }
  }
  if (result.ok) {
    results.innerHTML = result.html; // markup rendered (and escaped) by calculators.render
    results.removeAttribute("data-stale");
    showState(form, "ready");
  } else {
    results.setAttribute("data-stale", "");
    showState(form, "invalid");
  }
  for (const unit of form.querySelectorAll("[data-currency-unit]")) unit.textContent = result.currency;
  share(form, result.values);
}

// The page URL holds the last edited calculator's inputs, written language-neutrally. It follows
// once the typing pauses: rewriting the URL costs more than the answer itself (the browser
// records each replaceState), so it never delays a result, and a burst of edits writes it once.
function share(form, inputs) {
  clearTimeout(shareTimer);
  shareTimer = setTimeout(() => {
    const params = new URLSearchParams({ calculator: form.dataset.calculator, ...inputs });
    history.replaceState(history.state, "", `?${params}${location.hash}`);
    carryToOtherLanguages();
  }, SHARE_DELAY_MS);
}

function carryToOtherLanguages() {
  for (const link of document.querySelectorAll("a[hreflang]")) {
    const target = new URL(link.getAttribute("href"), location.href);
    target.search = location.search;
    link.href = target.href;
  }
}

function restoreFromUrl() {
  const params = new URLSearchParams(location.search);
  const form = forms.find((candidate) => candidate.dataset.calculator === params.get("calculator"));
  if (!form) return null;
  for (const [name, value] of params) {
    const control = form.querySelector(`[name="${CSS.escape(name)}"]`);
    if (!control) continue;
    if (control.tagName !== "SELECT") {
      control.value = value.replace(".", form.dataset.decimal);
    } else if ([...control.options].some((option) => option.value === value)) {
      control.value = value;
    } else {
      // Not one of the choices (a blank select otherwise): keep the default and say so.
      notices.set(control, control.dataset.msgFallback);
      form.querySelector(`[data-error-for="${CSS.escape(name)}"]`).textContent = control.dataset.msgFallback;
    }
  }
  form.querySelector(".calculator__results").setAttribute("data-stale", "");
  carryToOtherLanguages();
  return form;
}
