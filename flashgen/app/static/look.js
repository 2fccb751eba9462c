// flashgen app: step 2, the look: theme, logo, products, sizes, platforms (PUT settings). Uses app.js.
"use strict";

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
      // The server may have given the project a theme file of its own for the logo: read the settings again.
      const fresh = await api("GET", projectPath(""));
      state.project.settings = fresh.settings;
      state.project.choices = fresh.choices;
      state.project.settings.logo = answer.logo;
      showLook();
      const shown = document.querySelector("[data-test=logo-image]");
      shown.src = `${answer.logo}${answer.logo.includes("?") ? "&" : "?"}t=${Date.now()}`;
      shown.hidden = false;
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
