// flashgen app: step 3, the build: progress, then downloads, the gallery and captions to copy. Uses app.js.
"use strict";

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
  if (build.state === "running" && !build.total) progress.removeAttribute("value");  // moving: not counted yet
  else progress.value = build.state === "done" ? progress.max : Math.min(build.done || 0, progress.max);
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
