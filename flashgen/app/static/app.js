// flashgen app: the page. Plain modern JavaScript, no framework, no build step, works offline.
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

// ---------- screen: start ----------

async function showStart() {
  await flushSave();
  state.projectId = null;
  state.project = null;
  const [projects, examples] = await Promise.all([api("GET", "/api/projects"), api("GET", "/api/examples")]);
  setScreen("start",
    h("section", {class: "panel", "data-test": "projects"},
      h("h2", {}, t("start_projects")),
      projects.length
        ? h("ul", {class: "project-list"}, projects.map(projectCard))
        : h("p", {class: "muted", "data-test": "no-projects"}, t("start_no_projects"))),
    newCampaignPanel(examples),
    uploadPanel());
}

function projectCard(project) {
  return h("li", {class: "project", "data-test": "project", "data-id": project.id},
    h("div", {class: "project-text"},
      h("strong", {}, project.title || project.id),
      h("span", {class: "muted"}, t("start_items", {n: project.items}), " · ", project.folder)),
    h("button", {type: "button", class: "big primary", "data-test": "open-project",
      onclick: () => go(project.id, "content")}, t("start_open")));
}

function newCampaignPanel(examples) {
  let chosen = examples.length ? examples[0].kind : null;
  const kinds = h("div", {class: "kinds", role: "radiogroup"}, examples.map((example, index) =>
    h("label", {class: "kind", "data-test": `new-kind-${example.kind}`},
      h("input", {type: "radio", name: "new-kind", value: example.kind, checked: index === 0,
        onchange: () => { chosen = example.kind; }}),
      h("strong", {}, example.label),
      h("span", {class: "muted"}, example.summary))));
  const name = h("input", {type: "text", "data-test": "new-name", placeholder: t("new_name_placeholder"),
    autocomplete: "off"});
  const create = async () => {
    clearError();
    if (!name.value.trim()) {
      showError(t("new_name_missing"));
      name.focus();
      return;
    }
    try {
      const answer = await api("POST", "/api/projects", {name: name.value.trim(), kind: chosen});
      go(answer.id, "content");
    } catch (err) {
      showError(err.message);
    }
  };
  return h("section", {class: "panel", "data-test": "new-campaign"},
    h("h2", {}, t("new_title")),
    h("p", {class: "muted"}, t("new_help")),
    kinds,
    h("label", {class: "field"}, h("span", {}, t("new_name")), name),
    h("button", {type: "button", class: "big primary", "data-test": "new-create", onclick: create},
      t("new_create")));
}

/** A file chooser in the page's words: the browser's own button speaks the browser's language, not ours. */
function fileChooser(input, label) {
  const chosen = h("span", {class: "file-name muted"}, t("file_none"));
  input.classList.add("file-input");
  input.addEventListener("change", () => {
    chosen.textContent = input.files.length ? input.files[0].name : t("file_none");
  });
  return h("span", {class: "file-chooser"}, h("label", {class: "button"}, input, "📂 ", label), chosen);
}

function uploadPanel() {
  const file = h("input", {type: "file", "data-test": "upload-file", accept: ".xlsx,.ods,.csv,.tsv,.yaml,.yml"});
  const name = h("input", {type: "text", "data-test": "upload-name", placeholder: t("new_name_placeholder"),
    autocomplete: "off"});
  const send = async () => {
    clearError();
    if (!file.files.length) {
      showError(t("upload_no_file"));
      return;
    }
    const form = new FormData();
    form.append("file", file.files[0]);
    form.append("name", name.value.trim() || file.files[0].name.replace(/\.[^.]+$/, ""));
    try {
      const answer = await api("POST", "/api/projects/upload", form, true);
      go(answer.id, "content");
    } catch (err) {
      showError(err.message);
    }
  };
  return h("section", {class: "panel", "data-test": "upload"},
    h("h2", {}, t("upload_title")),
    h("p", {class: "muted"}, t("upload_help")),
    h("div", {class: "field"}, h("span", {}, t("upload_file")), fileChooser(file, t("file_choose"))),
    h("label", {class: "field"}, h("span", {}, t("new_name")), name),
    h("button", {type: "button", class: "big primary", "data-test": "upload-submit", onclick: send},
      t("upload_submit")));
}

// ---------- a project ----------

async function openProject(projectId, step) {
  if (state.projectId !== projectId || !state.project) {
    await flushSave();
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

// ---------- screen 1: content ----------

/** Fields the table does not show as columns: the kind itself, and what a card's words do not need (the
 * number follows the row's place, the infographic's icon and picture are file names); their values are kept. */
const HIDDEN_FIELDS = new Set(["kind", "number", "icon", "image"]);
/** Fields written as several lines in a table cell. */
const LONG_FIELDS = new Set(["text", "from", "to", "note", "heading", "label"]);
/** Fields given a wide column. */
const WIDE_FIELDS = new Set(["text", "from", "to", "heading", "label"]);

function itemKind(item) {
  const project = state.project;
  return item.kind || project.campaign.kind || Object.keys(project.kind_fields)[0];
}

/** The table's columns: the fields of the kinds in use, in the server's order, each once. */
function columns() {
  const project = state.project;
  const kinds = new Set(project.items.map(itemKind));
  if (!kinds.size) kinds.add(itemKind({}));
  const seen = [];
  for (const kind of kinds) {
    for (const field of project.kind_fields[kind] || []) {
      if (!HIDDEN_FIELDS.has(field) && !seen.includes(field)) seen.push(field);
    }
  }
  return seen;
}

/** A field's name in words: the group's own word first (source.title is not the campaign's title). */
function fieldName(field, group) {
  for (const key of group ? [`field_${group}_${field}`, `field_${field}`] : [`field_${field}`]) {
    if (Object.prototype.hasOwnProperty.call(WORDS, key)) return t(key);
  }
  return field;
}

/** The kinds of source document (content/README.md), chosen from a list rather than typed. */
const SOURCE_KINDS = ["speech", "plan", "report", "decision", "letter", "other"];

function showContent() {
  const project = state.project;
  setScreen("content",
    h("p", {class: "notice", "data-test": "notice", hidden: true}),
    h("p", {class: "save-error", "data-test": "save-error", role: "status", hidden: true},
      h("strong", {}, t("save_not_saved_because")), " ", h("span", {})),
    h("div", {class: "editor"},
      h("div", {class: "editor-main"},
        campaignPanel(project),
        itemsPanel(),
        messagesPanel(project),
        h("section", {class: "panel", "data-test": "all-findings-panel", hidden: true},
          h("h2", {}, t("check_all")),
          h("ul", {class: "findings", "data-test": "all-findings"})),
        h("div", {class: "next"},
          h("button", {type: "button", class: "big primary", "data-test": "go-look",
            onclick: () => go(state.projectId, "look")}, t("next_look")))),
      previewPanel()));
  selectRow(Math.min(state.selected, Math.max(project.items.length - 1, 0)), true);
}

/** The campaign's fields: each text or number an input; a nested section (source …) its own group. Folded
 * away under its title: the items are what a person edits most. */
function campaignPanel(project) {
  const fields = ["title", "subtitle", "organisation", "year", "theme"];
  for (const [key, value] of Object.entries(project.campaign)) {
    if (!fields.includes(key) && (typeof value === "string" || typeof value === "number")) fields.push(key);
  }
  const groups = Object.entries(project.campaign).filter(([, value]) =>
    value && typeof value === "object" && !Array.isArray(value));
  const summary = h("span", {class: "muted", "data-test": "campaign-summary"}, campaignTitle(project));
  return h("details", {class: "panel", "data-test": "campaign", open: project.items.length === 0},
    h("summary", {}, h("h2", {}, t("campaign_title")), summary, h("span", {class: "unfold"}, t("campaign_edit"))),
    h("div", {class: "grid"}, fields.filter((key) => key !== "kind").map((key) =>
      campaignInput(project.campaign, key, `campaign-${key}`))),
    groups.map(([name, group]) => h("fieldset", {class: "grid", "data-test": `campaign-${name}`},
      h("legend", {}, fieldName(name)),
      name === "source" ? sourceKind(group) : null,
      Object.entries(group).filter(([key, value]) => !(name === "source" && key === "kind") &&
        (typeof value === "string" || typeof value === "number"))
        .map(([key]) => campaignInput(group, key, `campaign-${name}-${key}`, name)))));
}

function sourceKind(source) {
  const select = h("select", {"data-test": "campaign-source-kind", onchange: () => {
    source.kind = select.value;
    changed();
    schedulePreview();
  }}, SOURCE_KINDS.map((kind) => h("option", {value: kind}, t(`source_kind_${kind}`))));
  select.value = SOURCE_KINDS.includes(source.kind) ? source.kind : "other";
  return h("label", {class: "field"}, h("span", {}, fieldName("kind", "source")), select);
}

function campaignInput(target, key, test, group) {
  const isNumber = typeof target[key] === "number" || key === "year";
  const input = h("input", {type: isNumber ? "number" : "text", "data-test": test,
    value: target[key] === undefined || target[key] === null ? "" : target[key],
    oninput: () => {
      if (input.value === "") delete target[key];
      else target[key] = isNumber ? Number(input.value) : input.value;
      changed();
      if (key === "title" && target === state.project.campaign) {
        document.querySelector("[data-test=project-title]").textContent = input.value;
        document.querySelector("[data-test=campaign-summary]").textContent = input.value;
      }
      schedulePreview();
    }});
  return h("label", {class: "field"}, h("span", {}, fieldName(key, group)), input);
}

function itemsPanel() {
  return h("section", {class: "panel", "data-test": "items-panel"},
    h("h2", {}, t("items_title")),
    h("p", {class: "muted"}, t("items_help")),
    h("div", {class: "table-wrap"}, h("table", {class: "items", "data-test": "items"})),
    h("button", {type: "button", class: "big", "data-test": "item-add", onclick: addItem}, "+ ", t("item_add")));
}

function renderTable() {
  const table = document.querySelector("[data-test=items]");
  if (!table) return;
  const project = state.project;
  const fields = columns();
  table.replaceChildren(
    h("thead", {}, h("tr", {}, h("th", {class: "num"}, "#"), fields.map((field) => h("th", {}, fieldName(field))),
      h("th", {class: "actions"}, ""))),
    h("tbody", {}, project.items.map((item, index) => itemRow(item, index, fields))));
}

function itemRow(item, index, fields) {
  const own = state.project.kind_fields[itemKind(item)] || [];
  const row = h("tr", {"data-test": "item-row", "data-index": index, class: index === state.selected ? "selected" : "",
    onclick: () => selectRow(index)},
    h("td", {class: "num"}, item.number || index + 1),
    fields.map((field) => h("td", {class: WIDE_FIELDS.has(field) ? "long" : null}, own.includes(field) ? cell(item, field) : h("span", {class: "muted"}, "–"))),
    h("td", {class: "actions"},
      h("button", {type: "button", class: "icon", "data-test": "item-up", title: t("item_up"), "aria-label": t("item_up"),
        disabled: index === 0, onclick: (event) => { event.stopPropagation(); moveItem(index, -1); }}, "↑"),
      h("button", {type: "button", class: "icon", "data-test": "item-down", title: t("item_down"),
        "aria-label": t("item_down"), disabled: index === state.project.items.length - 1,
        onclick: (event) => { event.stopPropagation(); moveItem(index, 1); }}, "↓"),
      h("button", {type: "button", class: "icon danger", "data-test": "item-delete", title: t("item_delete"),
        "aria-label": t("item_delete"), onclick: (event) => { event.stopPropagation(); deleteItem(index); }}, "×")));
  return row;
}

function cell(item, field) {
  const value = item[field] === undefined || item[field] === null ? "" : String(item[field]);
  const input = h(LONG_FIELDS.has(field) ? "textarea" : "input", {"data-test": `cell-${field}`, rows: 2,
    "aria-label": fieldName(field), value,
    onfocus: () => selectRow(Number(input.closest("tr").dataset.index)),
    oninput: () => {
      const index = Number(input.closest("tr").dataset.index);
      const target = state.project.items[index];
      if (input.value === "") delete target[field];
      else target[field] = field === "number" && /^\d+$/.test(input.value) ? Number(input.value) : input.value;
      grow(input);
      changed();
      schedulePreview();
    }});
  if (input.tagName === "TEXTAREA") requestAnimationFrame(() => grow(input));
  return input;
}

function grow(textarea) {
  if (textarea.tagName !== "TEXTAREA") return;
  textarea.style.height = "auto";
  textarea.style.height = `${textarea.scrollHeight + 2}px`;
}

/** Select row `index`: highlighted, previewed. `redraw`: the rows changed (added, deleted, moved). */
function selectRow(index, redraw) {
  const moved = index !== state.selected;
  state.selected = index;
  if (redraw) renderTable();
  for (const row of document.querySelectorAll("[data-test=item-row]")) {
    row.classList.toggle("selected", Number(row.dataset.index) === index);
  }
  const label = document.querySelector("[data-test=preview-which]");
  if (label) label.textContent = state.project.items.length ? t("preview_item", {n: index + 1}) : "";
  if (moved || redraw) schedulePreview(0);
}

/** Whether the items' numbers follow their places (1, 2, 3 …, or none given): then the page keeps them so
 * after rows are added, deleted or moved; numbers chosen otherwise are the person's and left alone. */
function numberedInOrder(items) {
  return items.every((item, index) => item.number === undefined || item.number === null || item.number === index + 1);
}

function renumber(items, wasInOrder) {
  if (!wasInOrder || !items.some((item) => typeof item.number === "number")) return;
  items.forEach((item, index) => { item.number = index + 1; });
}

function addItem() {
  const items = state.project.items;
  const template = items[state.selected] || items[items.length - 1];
  const item = template && template.kind ? {kind: template.kind} : {};
  const inOrder = numberedInOrder(items);
  items.splice(Math.min(state.selected + 1, items.length), 0, item);
  renumber(items, inOrder);
  changed();
  selectRow(Math.min(state.selected + 1, items.length - 1), true);
  const row = document.querySelector(`[data-test=item-row][data-index="${state.selected}"]`);
  const first = row && row.querySelector("textarea, input");
  if (first) first.focus();
}

function deleteItem(index) {
  const items = state.project.items;
  const item = items[index];
  const name = item.heading || item.label || item.value || index + 1;
  if (!confirm(t("item_delete_confirm", {name}))) return;
  const inOrder = numberedInOrder(items);
  items.splice(index, 1);
  renumber(items, inOrder);
  changed();
  selectRow(Math.min(index, Math.max(items.length - 1, 0)), true);
}

function moveItem(index, step) {
  const items = state.project.items;
  const other = index + step;
  if (other < 0 || other >= items.length) return;
  const inOrder = numberedInOrder(items);
  [items[index], items[other]] = [items[other], items[index]];
  renumber(items, inOrder);
  changed();
  selectRow(other, true);
}

function messagesPanel(project) {
  const list = h("ol", {class: "messages", "data-test": "messages"});
  const render = () => list.replaceChildren(...project.messages.map((message, index) => h("li", {},
    h("textarea", {rows: 2, "data-test": "message", "aria-label": t("messages_title"), value: message,
      oninput: (event) => { project.messages[index] = event.target.value; grow(event.target); changed(); }}),
    h("button", {type: "button", class: "icon danger", "data-test": "message-delete", title: t("item_delete"),
      "aria-label": t("item_delete"), onclick: () => { project.messages.splice(index, 1); render(); changed(); }},
    "×"))));
  project.messages = project.messages || [];
  render();
  requestAnimationFrame(() => list.querySelectorAll("textarea").forEach(grow));
  return h("section", {class: "panel", "data-test": "messages-panel"},
    h("h2", {}, t("messages_title")),
    h("p", {class: "muted"}, t("messages_help")),
    list,
    h("button", {type: "button", class: "big", "data-test": "message-add",
      onclick: () => { project.messages.push(""); render(); changed(); list.querySelector("li:last-child textarea").focus(); }},
    "+ ", t("message_add")));
}

// ---------- the live preview ----------

function previewPanel() {
  return h("aside", {class: "panel preview", "data-test": "preview-panel"},
    h("h2", {}, t("preview_title"), " ", h("span", {class: "muted", "data-test": "preview-which"})),
    h("div", {class: "preview-frame"},
      h("img", {"data-test": "preview-image", alt: t("preview_alt")}),
      h("div", {class: "preview-busy", "data-test": "preview-busy", hidden: true}, t("preview_busy"))),
    h("h3", {}, t("findings_title")),
    h("ul", {class: "findings", "data-test": "findings"}));
}

function schedulePreview(delay) {
  clearTimeout(state.previewTimer);
  state.previewTimer = setTimeout(preview, delay === undefined ? PREVIEW_DELAY_MS : delay);
}

async function preview() {
  const project = state.project;
  const image = document.querySelector("[data-test=preview-image]");
  if (!project || !image) return;
  const item = project.items[state.selected];
  if (!item) {
    image.removeAttribute("src");
    showFindings([]);
    return;
  }
  const seq = ++state.previewSeq;
  const busy = document.querySelector("[data-test=preview-busy]");
  const busyTimer = setTimeout(() => { busy.hidden = false; }, 400);
  try {
    const answer = await api("POST", projectPath("/preview"),
      {item, index: state.selected, campaign: project.campaign});
    if (seq !== state.previewSeq) return;  // a newer preview is on its way: this one is stale
    image.src = answer.image;
    image.width = answer.width;
    image.height = answer.height;
    image.dataset.seq = String(seq);
    showFindings(answer.findings || []);
  } catch (err) {
    if (seq !== state.previewSeq) return;
    showFindings([{severity: "error", code: err.code || "preview", message: err.message}]);
  } finally {
    clearTimeout(busyTimer);
    if (seq === state.previewSeq) busy.hidden = true;
  }
}

function findingItem(finding) {
  return h("li", {class: `finding sev-${finding.severity}`, "data-test": "finding", "data-code": finding.code || "",
    "data-severity": finding.severity},
    h("span", {class: "badge"}, t(`severity_${finding.severity}`)), " ", finding.message);
}

function showFindings(findings) {
  const list = document.querySelector("[data-test=findings]");
  if (!list) return;
  list.replaceChildren(...(findings.length
    ? findings.map(findingItem)
    : [h("li", {class: "finding ok", "data-test": "no-findings"}, "✓ ", t("findings_none"))]));
}

/** The whole content's findings after a save (each names its item in its message). */
function showAllFindings(findings) {
  const panel = document.querySelector("[data-test=all-findings-panel]");
  if (!panel || !Array.isArray(findings)) return;
  panel.hidden = findings.length === 0;
  panel.querySelector("[data-test=all-findings]").replaceChildren(...findings.map(findingItem));
}

// ---------- screen 2: look ----------

function showLook() {
  const project = state.project;
  const settings = project.settings;
  const choices = project.choices;
  setScreen("look",
    h("section", {class: "panel", "data-test": "themes"},
      h("h2", {}, t("look_theme")),
      h("div", {class: "themes", role: "radiogroup"}, choices.themes.map((theme) => themeCard(theme, settings)))),
    logoPanel(settings),
    checkList("products", t("look_products"), t("look_products_help"), choices.products, settings),
    checkList("sizes", t("look_sizes"), t("look_sizes_help"), choices.sizes, settings),
    checkList("platforms", t("look_platforms"), t("look_platforms_help"), choices.platforms, settings),
    h("div", {class: "next"},
      h("button", {type: "button", class: "big", onclick: () => go(state.projectId, "content")}, "← ", t("back_content")),
      h("button", {type: "button", class: "big primary", "data-test": "go-build",
        onclick: async () => { await flushSettings(); go(state.projectId, "build"); }}, t("next_build"))));
}

const SWATCH_ROLES = ["primary", "primary-light", "accent", "on-primary", "surface", "text", "link"];

function themeCard(theme, settings) {
  const colours = theme.colours || {};
  const fonts = theme.fonts || {};
  const roles = SWATCH_ROLES.filter((role) => colours[role]);
  const sample = h("div", {class: "theme-sample", style: `background:${colours.primary || "#333"};color:${colours["on-primary"] || "#fff"}`},
    h("span", {class: "sample-heading", style: `font-family:'${fonts.heading || "Be Vietnam Pro"}', 'Be Vietnam Pro', system-ui, sans-serif`},
      t("look_sample_heading")),
    h("span", {class: "sample-accent", style: `background:${colours.accent || "#fc0"};color:${colours.primary || "#000"}`}, "17"));
  return h("label", {class: "theme", "data-test": `theme-${theme.name}`},
    h("input", {type: "radio", name: "theme", value: theme.name, checked: settings.theme === theme.name,
      onchange: () => { settings.theme = theme.name; settingsChanged(); }}),
    sample,
    h("div", {class: "swatches"}, roles.map((role) => h("span", {class: "swatch", title: role,
      style: `background:${colours[role]}`}))),
    h("strong", {}, theme.label || theme.name),
    h("span", {class: "muted"}, Object.values(fonts).filter((v, i, all) => all.indexOf(v) === i).join(" · ")));
}

function logoPanel(settings) {
  const file = h("input", {type: "file", accept: ".png,.jpg,.jpeg,.svg", "data-test": "logo-file"});
  const image = h("img", {class: "logo", "data-test": "logo-image", alt: t("look_logo"),
    src: settings.logo || null, hidden: !settings.logo});
  file.addEventListener("change", async () => {
    if (!file.files.length) return;
    clearError();
    const form = new FormData();
    form.append("file", file.files[0]);
    try {
      const answer = await api("POST", projectPath("/logo"), form, true);
      settings.logo = answer.logo;
      image.src = `${answer.logo}${answer.logo.includes("?") ? "&" : "?"}t=${Date.now()}`;
      image.hidden = false;
    } catch (err) {
      showError(err.message);
    }
    file.value = "";
  });
  return h("section", {class: "panel", "data-test": "logo"},
    h("h2", {}, t("look_logo")),
    h("p", {class: "muted"}, t("look_logo_help")),
    h("div", {class: "logo-row"}, image, fileChooser(file, t("look_logo_choose"))));
}

function checkList(key, title, help, options, settings) {
  settings[key] = settings[key] || [];
  return h("section", {class: "panel", "data-test": `choose-${key}`},
    h("h2", {}, title),
    h("p", {class: "muted"}, help),
    h("div", {class: "checks"}, options.map((option) =>
      h("label", {class: "check", "data-test": `${key}-${option.name}`},
        h("input", {type: "checkbox", value: option.name, checked: settings[key].includes(option.name),
          onchange: (event) => {
            const chosen = new Set(settings[key]);
            if (event.target.checked) chosen.add(option.name);
            else chosen.delete(option.name);
            settings[key] = options.map((o) => o.name).filter((name) => chosen.has(name));
            settingsChanged();
          }}),
        h("span", {}, h("strong", {}, option.label || option.name),
          option.summary ? h("span", {class: "muted"}, option.summary) : null)))));
}

function settingsChanged() {
  setSaveState("dirty");
  clearTimeout(state.settingsTimer);
  state.settingsTimer = setTimeout(saveSettings, 300);
}

async function saveSettings() {
  clearTimeout(state.settingsTimer);
  state.settingsTimer = null;
  const settings = state.project.settings;
  setSaveState("saving");
  try {
    await api("PUT", projectPath("/settings"), {theme: settings.theme, products: settings.products,
      sizes: settings.sizes, platforms: settings.platforms});
    setSaveState("saved");
  } catch (err) {
    setSaveState("failed", err.message);
    showError(err.message);
  }
}

async function flushSettings() {
  if (state.settingsTimer) await saveSettings();
}

// ---------- screen 3: build ----------

async function showBuild() {
  await flushSave();
  const progress = h("progress", {max: 1, value: 0, "data-test": "build-progress"});
  setScreen("build",
    h("section", {class: "panel", "data-test": "build-panel"},
      h("h2", {}, t("build_title")),
      h("p", {class: "muted"}, t("build_help")),
      h("button", {type: "button", class: "big primary huge", "data-test": "build-start", onclick: startBuild},
        t("build_start")),
      h("div", {class: "progress"}, progress,
        h("p", {class: "build-state", "data-test": "build-state", "data-state": "idle"}))),
    h("section", {class: "panel", "data-test": "results", hidden: true},
      h("h2", {}, t("results_title")),
      h("div", {class: "downloads", "data-test": "downloads"}),
      h("h3", {}, t("gallery_title")),
      h("p", {}, h("a", {"data-test": "gallery-link", target: "_blank", rel: "noopener"}, t("gallery_open"))),
      h("iframe", {class: "gallery", "data-test": "gallery", title: t("gallery_title")}),
      h("h3", {}, t("captions_title")),
      h("p", {class: "muted"}, t("captions_help")),
      h("div", {class: "captions", "data-test": "captions"})),
    h("div", {class: "next"},
      h("button", {type: "button", class: "big", onclick: () => go(state.projectId, "look")}, "← ", t("back_look"))));
  await pollBuild(true);
}

async function startBuild() {
  clearError();
  await flushSave();
  await flushSettings();
  const button = document.querySelector("[data-test=build-start]");
  button.disabled = true;
  try {
    await api("POST", projectPath("/build"));
  } catch (err) {
    showError(err.message);  // 409: the output lock's message (someone else is building it)
  }
  document.querySelector("[data-test=results]").hidden = true;
  await pollBuild(false);
}

async function pollBuild(first) {
  clearTimeout(state.pollTimer);
  const projectId = state.projectId;
  let build;
  try {
    build = await api("GET", projectPath("/build"));
  } catch (err) {
    showError(err.message);
    return;
  }
  if (state.projectId !== projectId || !document.querySelector("[data-test=build-progress]")) return;
  showBuildState(build);
  if (build.state === "running") state.pollTimer = setTimeout(() => pollBuild(false), POLL_MS);
  else if (build.state === "done") await showResults(build);
  else if (build.state === "failed" && !first) showError(build.error || t("build_failed"));
}

function showBuildState(build) {
  const progress = document.querySelector("[data-test=build-progress]");
  const line = document.querySelector("[data-test=build-state]");
  const button = document.querySelector("[data-test=build-start]");
  progress.max = Math.max(build.total || 0, 1);
  progress.value = build.state === "done" ? progress.max : Math.min(build.done || 0, progress.max);
  line.dataset.state = build.state;
  button.disabled = build.state === "running";
  button.textContent = build.state === "done" || build.state === "failed" ? t("build_again") : t("build_start");
  const words = {
    idle: t("build_idle"),
    running: build.total ? t("build_running", {done: build.done || 0, total: build.total, step: build.step || ""})
      : build.step || t("build_starting"),
    done: t("build_done", {files: build.files || 0}),
    failed: `${t("build_failed")} ${build.error || ""}`.trim(),
  };
  line.textContent = words[build.state] || build.state;
}

async function showResults(build) {
  const results = document.querySelector("[data-test=results]");
  results.hidden = false;
  const gallery = build.gallery;
  const frame = results.querySelector("[data-test=gallery]");
  const link = results.querySelector("[data-test=gallery-link]");
  if (gallery) {
    if (frame.getAttribute("src") !== gallery) frame.src = gallery;
    link.href = gallery;
  }
  let captions = [];
  try {
    captions = await api("GET", projectPath("/captions"));
  } catch (err) {
    showError(err.message);
  }
  const pdfs = gallery ? await pdfsOf(gallery) : [];
  renderDownloads(captions, pdfs);
  renderCaptions(captions);
}

/** The PDFs the gallery links to (their paths inside out/): the contract has no list of files, the gallery has. */
async function pdfsOf(gallery) {
  try {
    const response = await fetch(gallery, {credentials: "same-origin"});
    if (!response.ok) return [];
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const base = new URL(gallery, location.href);
    const prefix = new URL(".", base).pathname;
    const found = [];
    for (const anchor of page.querySelectorAll("a[href]")) {
      const url = new URL(anchor.getAttribute("href"), base);
      if (!url.pathname.toLowerCase().endsWith(".pdf") || !url.pathname.startsWith(prefix)) continue;
      const rel = decodeURIComponent(url.pathname.slice(prefix.length));
      if (!found.includes(rel)) found.push(rel);
    }
    return found;
  } catch (err) {
    return [];
  }
}

function download(what) {
  return `${projectPath("/download")}?what=${encodeURIComponent(what)}`;
}

function renderDownloads(captions, pdfs) {
  const platforms = [];
  for (const caption of captions) if (caption.platform && !platforms.includes(caption.platform)) platforms.push(caption.platform);
  document.querySelector("[data-test=downloads]").replaceChildren(
    h("a", {class: "button big primary", "data-test": "download-all", href: download("all"), download: ""},
      "⬇ ", t("download_all")),
    platforms.length ? h("div", {class: "download-group"}, h("h3", {}, t("download_platforms")),
      platforms.map((name) => h("a", {class: "button", "data-test": "download-platform", "data-platform": name,
        href: download(`platform:${name}`), download: ""}, "⬇ ", platformLabel(name)))) : null,
    pdfs.length ? h("div", {class: "download-group"}, h("h3", {}, t("download_pdfs")),
      pdfs.map((rel) => h("a", {class: "button", "data-test": "download-pdf", href: download(`file:${rel}`),
        download: ""}, "⬇ ", rel.split("/").pop()))) : null);
}

/** The captions, one folded group per platform (the first open): each image small, its caption, and buttons
 * that copy the caption or the image's description (alt text) for pasting into the post. */
function renderCaptions(captions) {
  const box = document.querySelector("[data-test=captions]");
  if (!captions.length) {
    box.replaceChildren(h("p", {class: "muted"}, t("captions_none")));
    return;
  }
  const groups = new Map();
  for (const caption of captions) {
    const name = caption.platform || "";
    if (!groups.has(name)) groups.set(name, []);
    groups.get(name).push(caption);
  }
  box.replaceChildren(...[...groups.entries()].map(([platform, list], index) =>
    h("details", {class: "caption-group", open: index === 0, "data-test": "caption-group", "data-platform": platform},
      h("summary", {}, h("strong", {}, platformLabel(platform)), " ", h("span", {class: "muted"}, t("captions_count", {n: list.length}))),
      list.map(captionRow))));
}

function platformLabel(name) {
  const found = (state.project.choices.platforms || []).find((p) => p.name === name);
  return found ? found.label : name;
}

function captionRow(caption) {
  const image = `/projects/${encodeURIComponent(state.projectId)}/out/${caption.file.split("/").map(encodeURIComponent).join("/")}`;
  return h("div", {class: "caption", "data-test": "caption"},
    h("a", {href: image, target: "_blank", rel: "noopener", class: "thumb"},
      h("img", {src: image, loading: "lazy", alt: caption.alt || "", title: caption.file})),
    h("textarea", {readonly: true, rows: 4, value: caption.caption || "", "aria-label": t("caption_text")}),
    h("div", {class: "copy-buttons"},
      copyButton(t("copy_caption"), () => caption.caption || "", "copy-caption"),
      caption.alt ? copyButton(t("copy_alt"), () => caption.alt, "copy-alt") : null));
}

function copyButton(label, text, test) {
  const button = h("button", {type: "button", class: "copy", "data-test": test, onclick: async () => {
    const ok = await copyText(text());
    button.textContent = ok ? t("copied") : t("copy_failed");
    setTimeout(() => { button.textContent = label; }, 1500);
  }}, label);
  return button;
}

/** Copy a text: the clipboard API where the page is a secure context (localhost), else the old way (a page
 * opened from another machine of the network is not a secure context). */
async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch (err) { /* fall through to the old way */ }
  }
  const area = h("textarea", {readonly: true, value: text, style: "position:fixed;top:0;left:0;opacity:0"});
  document.body.append(area);
  area.select();
  try {
    return document.execCommand("copy");
  } catch (err) {
    return false;
  } finally {
    area.remove();
  }
}

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
