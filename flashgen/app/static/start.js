// flashgen app: the start screen (projects, a new campaign from an example, an upload). Uses app.js.
"use strict";

// ---------- screen: start ----------

async function showStart() {
  await flushSave();
  await flushSettings();
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
  return h("span", {class: "file-chooser"}, h("label", {class: "button"}, input, label), chosen);
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
