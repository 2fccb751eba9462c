// flashgen app: the page's core (words, the server, routing, saving) and its start. Plain modern JavaScript,
// no framework, no build step, works offline. The screens are in start.js, content.js, look.js, build.js
// (classic scripts sharing these globals, loaded after this one by index.html).
// It speaks the HTTP contract in APP-API.md: words first (/api/words), then four screens chosen by the
// address's hash: #/ (start), #/p/ID/content (1), #/p/ID/look (2), #/p/ID/build (3).
// Every word shown comes from /api/words; the server's own messages (errors, findings) arrive translated.
"use strict";

const PREVIEW_DELAY_MS = 150;   // the preview follows typing this long after the last key
const SAVE_DELAY_MS = 800;      // unsaved changes are written after this pause
const POLL_MS = 500;            // build state polling (the contract's rhythm)

let WORDS = {};
const state = {
  projectId: null,
  project: null,        // GET /api/projects/{id}
  selected: 0,          // index of the selected item
  dirty: false,
  saveTimer: null,
  saving: null,         // the running save's promise
  previewTimer: null,
  previewSeq: 0,
  previewSize: null,    // the card size previewed (one of the project's sizes)
  pollTimer: null,
  settingsTimer: null,
};

// ---------- words and small DOM helpers ----------

/** The page's word for `key`, with {name} placeholders filled (after translation, like the server). */
function t(key, values) {
  let text = Object.prototype.hasOwnProperty.call(WORDS, key) ? WORDS[key] : key;
  if (values) {
    text = text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
  }
  return text;
}

/** An element: h("button", {class: "big", "data-test": "x", onclick: fn}, "text", child, …). */
function h(tag, attrs, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") element.addEventListener(name.slice(2), value);
    else if (name === "value") element.value = value;
    else if (name === "checked") element.checked = Boolean(value);
    else element.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

function fillStaticWords(root) {
  for (const element of root.querySelectorAll("[data-w]")) element.textContent = t(element.dataset.w);
  for (const element of root.querySelectorAll("[data-w-title]")) element.title = t(element.dataset.wTitle);
}

// ---------- errors and the server ----------

function showError(message) {
  const box = document.querySelector("[data-test=error]");
  box.querySelector("[data-test=error-text]").textContent = message;
  box.hidden = false;
}

function clearError() {
  document.querySelector("[data-test=error]").hidden = true;
}

class ApiError extends Error {
  constructor(message, status, code) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** Ask the server; JSON in and out. A 401 opens the code box and asks again once the code is accepted. */
async function api(method, path, body, isForm) {
  const options = {method, headers: {}, credentials: "same-origin"};
  if (body !== undefined) {
    if (isForm) options.body = body;
    else {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
  }
  let response;
  try {
    response = await fetch(path, options);
  } catch (err) {
    throw new ApiError(t("error_network"), 0, "network");
  }
  if (response.status === 401) {
    await askForCode();
    return api(method, path, body, isForm);
  }
  const type = response.headers.get("Content-Type") || "";
  const data = type.includes("json") ? await response.json().catch(() => null) : null;
  if (!response.ok) {
    const message = data && data.error ? data.error : t("error_server", {status: response.status});
    throw new ApiError(message, response.status, data && data.code);
  }
  return data;
}

/** The access-code box: resolves once the server accepted a code (POST /api/login → 204). */
function askForCode() {
  const dialog = document.querySelector("[data-test=login]");
  if (dialog.pending) return dialog.pending;
  dialog.pending = new Promise((resolve) => {
    const input = dialog.querySelector("[data-test=login-code]");
    const errorLine = dialog.querySelector("[data-test=login-error]");
    const form = dialog.querySelector("form");
    form.onsubmit = async (event) => {
      event.preventDefault();
      const response = await fetch("/api/login", {
        method: "POST", headers: {"Content-Type": "application/json"}, credentials: "same-origin",
        body: JSON.stringify({code: input.value.trim()}),
      }).catch(() => null);
      if (response && response.ok) {
        dialog.close();
        dialog.pending = null;
        resolve();
        return;
      }
      const data = response ? await response.json().catch(() => null) : null;
      errorLine.textContent = data && data.error ? data.error : t("login_wrong");
      errorLine.hidden = false;
    };
    dialog.addEventListener("cancel", (event) => event.preventDefault());
    dialog.showModal();
    input.focus();
  });
  return dialog.pending;
}

// ---------- routing ----------

function route() {
  clearTimeout(state.pollTimer);
  clearError();
  const parts = location.hash.replace(/^#\/?/, "").split("/").map(decodeURIComponent);
  if (parts[0] === "p" && parts[1]) {
    const step = ["content", "look", "build"].includes(parts[2]) ? parts[2] : "content";
    openProject(parts[1], step).catch((err) => showError(err.message));
  } else {
    showStart().catch((err) => showError(err.message));
  }
}

function go(projectId, step) {
  const target = projectId ? `#/p/${encodeURIComponent(projectId)}/${step}` : "#/";
  if (location.hash === target) route();
  else location.hash = target;
}

function setScreen(name, ...children) {
  const screen = document.getElementById("screen");
  screen.dataset.screen = name;
  screen.replaceChildren(...children);
  const steps = document.querySelector("[data-test=steps]");
  steps.hidden = name === "start";
  for (const link of steps.querySelectorAll("a")) {
    link.classList.toggle("current", link.dataset.step === name);
    link.href = state.projectId ? `#/p/${encodeURIComponent(state.projectId)}/${link.dataset.step}` : "#/";
  }
  document.querySelector("[data-test=project-title]").textContent =
    name === "start" || !state.project ? "" : campaignTitle(state.project);
  if (name === "start") setSaveState("none");
}

function campaignTitle(project) {
  return (project.campaign && project.campaign.title) || project.id;
}

// ---------- a project ----------

async function openProject(projectId, step) {
  if (state.projectId !== projectId || !state.project) {
    await flushSave();
    await flushSettings();
    state.projectId = projectId;
    state.project = await api("GET", `/api/projects/${encodeURIComponent(projectId)}`);
    state.selected = 0;
    state.dirty = false;
    setSaveState("saved");
  }
  if (step === "look") showLook();
  else if (step === "build") await showBuild();
  else showContent();
}

function projectPath(suffix) {
  return `/api/projects/${encodeURIComponent(state.projectId)}${suffix}`;
}

// ---------- saving (PUT content after a pause, with a visible state) ----------

function setSaveState(kind, detail) {
  const element = document.querySelector("[data-test=save-state]");
  element.dataset.state = kind;
  element.textContent = {none: "", saved: t("save_saved"), dirty: t("save_dirty"), saving: t("save_saving"),
    failed: t("save_failed")}[kind];
  element.title = detail || "";
}

function changed() {
  state.dirty = true;
  setSaveState("dirty");
  clearTimeout(state.saveTimer);
  state.saveTimer = setTimeout(save, SAVE_DELAY_MS);
}

async function save() {
  clearTimeout(state.saveTimer);
  if (!state.dirty || !state.project) return;
  if (state.saving) {  // one save at a time; the next one starts after it
    await state.saving;
    return save();
  }
  const project = state.project;
  const body = {campaign: project.campaign, items: project.items, messages: project.messages};
  state.dirty = false;
  setSaveState("saving");
  state.saving = api("PUT", `/api/projects/${encodeURIComponent(project.id)}/content`, body)
    .then((answer) => {
      if (!state.dirty) setSaveState("saved");
      showSaveError(null);
      const note = answer && (answer.note || answer.message);
      if (note) showNotice(note);
      showAllFindings(answer && answer.findings);
    })
    .catch((err) => {
      // Kept to save again after the next change; said beside the content, not as an alarm: a row being
      // typed is often incomplete for a moment (a heading not yet written).
      state.dirty = true;
      setSaveState("failed", err.message);
      if (!showSaveError(err.message)) showError(err.message);
    })
    .finally(() => { state.saving = null; });
  return state.saving;
}

async function flushSave() {
  if (state.dirty) await save();
  else if (state.saving) await state.saving;
}

/** The reason the content could not be saved, above the editor (false when the editor is not shown). */
function showSaveError(message) {
  const box = document.querySelector("[data-test=save-error]");
  if (!box) return false;
  box.hidden = !message;
  box.querySelector("span").textContent = message || "";
  return true;
}

function showNotice(message) {
  const box = document.querySelector("[data-test=notice]");
  if (!box) return;
  box.textContent = message;
  box.hidden = false;
}

window.addEventListener("beforeunload", (event) => {
  if (state.dirty || state.saving) {
    save();
    event.preventDefault();
  }
});

// ---------- start ----------

async function start() {
  try {
    WORDS = await api("GET", "/api/words");
  } catch (err) {
    WORDS = {};
    showError(err.message);
  }
  document.documentElement.lang = WORDS.lang || "vi";
  document.title = t("app_title");
  fillStaticWords(document);
  document.querySelector("[data-test=error-close]").addEventListener("click", clearError);
  window.addEventListener("hashchange", route);
  route();
}

document.addEventListener("DOMContentLoaded", start);
