// Community Playbook calculators: the page-side controller.
//
// A thin layer on purpose: formulas, validation, messages and the results markup all come
// from Python (calculators.render), which runs in a Web Worker. This file only collects the
// typed text, sends it to the worker, and swaps in what comes back. Settings reach it through
// the form's data-* attributes, written by the same Python at build time; the engine's states,
// message types and file names through protocol.mjs, generated from calculators.protocol.

import { FILE, MESSAGE, STATE } from "./protocol.mjs";

const ENGINE_TIMEOUT_MS = 30000; // a load that hangs is a failure, never an endless spinner
const SHARE_DELAY_MS = 200; // the share link follows the inputs once typing pauses this long

const forms = [...document.querySelectorAll("form.calculator[data-calculator]")];
// This file lives in the engine's folder, named by a digest of every file in it: a cached
// page and its engine always come from the same build.
const engineDir = new URL("./", import.meta.url);

let started = false;
let worker = null;
let timeout = null;
let shareTimer = null;
let state = STATE.idle;
let sequence = 0;
const pending = new Map(); // sequence number -> form awaiting that result
const latest = new WeakMap(); // form -> newest sequence number sent
const waiting = new Set(); // forms with a result on its way
const queued = new Set(); // forms edited again while their result was on its way
const dirty = new Set(); // forms edited (or restored) before the engine was ready
const changed = new Map(); // form -> names of the inputs edited since its last request
const notices = new Map(); // control -> why a shared link's value was not used, until it is edited
const engineUrls = {
  index: engineDir.href,
  snapshot: new URL(FILE.snapshot, engineDir).href,
  wheel: new URL(FILE.wheel, engineDir).href,
};
const supported = typeof Worker === "function" && typeof WebAssembly === "object";

const pageLoaded = new Promise((resolve) => {
  if (document.readyState === "complete") resolve();
  else window.addEventListener("load", () => resolve(), { once: true });
});

// What the controller has done, for tests to wait on instead of sleeping: "none" (no calculator
// on the page, nothing will happen), "waiting" (for idle time or intent), "prepared" (the worker
// has been asked to ready its small scripts).
document.documentElement.dataset.calculators = forms.length > 0 ? "waiting" : "none";

if (forms.length > 0) init();

function init() {
  setState(STATE.idle); // the built status says updating needs JavaScript: here it is
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
  if (worker || !supported || state === STATE.failed) return worker;
  try {
    worker = new Worker(new URL(FILE.engine_worker, engineDir), { type: "module" });
  } catch (error) {
    fail(error);
    return null;
  }
  worker.addEventListener("error", (event) => {
    event.preventDefault(); // reported on the page instead of as an uncaught error
    fail(event.message || "worker error");
  });
  worker.addEventListener("message", ({ data }) => {
    if (data.type === MESSAGE.ready) ready();
    else if (data.type === MESSAGE.failed) fail(data.message);
    else if (data.type === MESSAGE.result) apply(data.sequence, data.error ? null : JSON.parse(data.result));
  });
  worker.postMessage({ type: MESSAGE.prepare, urls: engineUrls });
  document.documentElement.dataset.calculators = "prepared";
  return worker;
}

function launch() {
  if (!supported) {
    fail("unsupported");
    return;
  }
  if (state === STATE.failed) return;
  setState(STATE.loading);
  timeout = setTimeout(() => fail("timeout"), ENGINE_TIMEOUT_MS);
  spawnWorker()?.postMessage({ type: MESSAGE.init, urls: engineUrls });
}

function ready() {
  clearTimeout(timeout);
  if (state === STATE.failed) return;
  setState(STATE.ready);
  for (const form of dirty) send(form);
  dirty.clear();
}

function fail(reason) {
  clearTimeout(timeout);
  if (state === STATE.failed) return;
  if (worker) worker.terminate();
  console.info("Calculator engine unavailable:", String(reason && reason.message ? reason.message : reason));
  setState(STATE.failed);
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
  // These two concern one form only: the engine's state stays as it is.
  if (shown !== STATE.invalid && shown !== STATE.unavailable) form.dataset.engine = shown;
  form.querySelector(".calculator__progress").hidden = shown !== STATE.loading;
  form.querySelector("[data-status]").textContent = form.dataset[`msg${shown[0].toUpperCase()}${shown.slice(1)}`];
}

function edited(form, control) {
  notices.delete(control);
  if (control && control.name) {
    if (!changed.has(form)) changed.set(form, new Set());
    changed.get(form).add(control.name);
  }
  schedule(form);
}

// Edits are coalesced rather than delayed: an edit is sent at once unless a result for the
// same form is on its way, in which case only the newest values go when it arrives.
function schedule(form) {
  if (state === STATE.failed) return;
  if (state !== STATE.ready) {
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
    type: MESSAGE.update,
    sequence,
    calculator: form.dataset.calculator,
    lang: form.dataset.lang,
    values: JSON.stringify(values(form)),
    changed: [...(changed.get(form) || [])].join(","),
  });
  changed.delete(form);
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
    showState(form, STATE.unavailable);
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
  // Python's answer also carries notes beside fields, amounts it converted after a change of
  // currency, and help texts that quote amounts in the current currency.
  for (const element of form.querySelectorAll("[data-hint-for]")) {
    element.textContent = result.hints[element.dataset.hintFor] || "";
  }
  for (const [name, text] of Object.entries(result.inputs)) {
    const control = form.elements.namedItem(name);
    if (control) control.value = text;
  }
  for (const [name, text] of Object.entries(result.help)) {
    const help = form.querySelector(`[data-help-for="${CSS.escape(name)}"]`);
    if (help) help.textContent = text;
  }
  if (result.ok) {
    results.innerHTML = result.html; // markup rendered (and escaped) by calculators.render
    results.removeAttribute("data-stale");
    showState(form, STATE.ready);
  } else {
    results.setAttribute("data-stale", "");
    showState(form, STATE.invalid);
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
