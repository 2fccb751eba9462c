// flashgen app: step 1, the content: campaign fields, the items' table, messages, the live preview. Uses app.js.
"use strict";

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

/** The card sizes the project makes (step 2), to preview each in turn; the first one by default. */
function previewSizes() {
  const project = state.project;
  const labels = new Map((project.choices.sizes || []).map((size) => [size.name, size.label || size.name]));
  return (project.settings.sizes || []).map((name) => ({name, label: labels.get(name) || name}));
}

function previewPanel() {
  const sizes = previewSizes();
  if (!sizes.some((size) => size.name === state.previewSize)) state.previewSize = sizes.length ? sizes[0].name : null;
  const chooser = h("select", {"data-test": "preview-size", "aria-label": t("preview_size"),
    onchange: () => { state.previewSize = chooser.value; schedulePreview(0); }},
  sizes.map((size) => h("option", {value: size.name}, size.label)));
  if (state.previewSize) chooser.value = state.previewSize;
  return h("aside", {class: "panel preview", "data-test": "preview-panel"},
    h("h2", {}, t("preview_title"), " ", h("span", {class: "muted", "data-test": "preview-which"})),
    sizes.length > 1 ? h("label", {class: "field preview-size"}, h("span", {}, t("preview_size")), chooser) : null,
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
      {item, index: state.selected, campaign: project.campaign, ...(state.previewSize ? {size: state.previewSize} : {})});
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
