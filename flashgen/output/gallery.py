"""The preview gallery: a finished build's ``manifest.json`` in, ``index.html`` out.

``write_gallery(out_dir)`` reads the manifest that ``flashgen build`` wrote and
writes ``out_dir/index.html``: every output grouped by product (flashcards by
card size and side; social images by platform in posting order with their
caption and alt text; print, booklet, leaflet and infographic files), with
thumbnails, sizes and links. The page is one self-contained file that opens
from disk (file://) with no server and no network: inline CSS, links relative
to the output folder and URL-encoded, every text HTML-escaped. The same
manifest always gives the same bytes.

A small inline script marks images that fail to load with a warning banner and
writes its counts into ``data-images-*`` attributes of ``<body>``. Thumbnails
load lazily; opening the page as ``index.html#check`` loads every image at
once, so that those counts cover the whole page (the Chromium test uses it).

The manifest is not changed and does not list ``index.html``: a later build
therefore never deletes it (package.Staging removes only files a manifest lists).
It is written through links.py: a link at ``index.html`` or at its temporary
file ``.index.html.partial`` is refused, never followed.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html import escape
from pathlib import Path
from urllib.parse import quote

from flashgen.errors import FlashgenError
from flashgen.i18n import N_, _, current_language, ngettext
from flashgen.load.presets import Presets, load_presets
from flashgen.output.links import write_file_atomically
from flashgen.output.lock import output_lock
from flashgen.output.manifest import (
    GALLERY_NAME,
    MANIFEST_NAME,
    Manifest,
    OutputFile,
    read_manifest,
)
from flashgen.products import PRODUCTS, Product

# Every word of the page is written in English here and shown in the current language (flashgen.i18n).
IMAGE_FORMATS = ("png", "jpeg", "jpg", "webp", "gif")
VIDEO_FORMATS = ("mp4",)  # shown like images, playing in the page
SIDE_LABELS = {
    "front": N_("Front"),
    "back": N_("Back"),
    "cover": N_("Cover"),
    "point": N_("Item"),  # an item's image, whatever the campaign calls its items
    "closing": N_("Closing image"),
    "message": N_("Message"),
}
# Infographic image sizes are "<kind>-<layout>", e.g. "carousel-list": one word each.
INFOGRAPHIC_WORDS = {
    "web": N_("Tall image"),
    "carousel": N_("Carousel"),
    "list": N_("list"),
    "comparison": N_("comparison"),
}
LINK_LABELS = {
    "txt": N_("Captions"),
    "csv": N_("Captions table"),
    "zip": N_("Zip"),
    "pdf": "PDF",
}
MISSING = N_("This image failed to load")
EMPTY = N_("This build has no files.")


@dataclass(frozen=True)
class Row:
    """Images shown side by side under an optional label (a card side, a carousel) and note."""

    label: str
    images: tuple[OutputFile, ...]
    note: str = ""


@dataclass(frozen=True)
class Group:
    """One heading of the gallery: a card size, a platform, a product's files."""

    title: str
    note: str
    links: tuple[OutputFile, ...]  # PDFs, captions, zips
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Section:
    product: str
    title: str
    groups: tuple[Group, ...]


def preview(out_dir: Path) -> Path:
    """``flashgen preview``: the gallery of the build in ``out_dir``, written while no build can change the folder."""
    with output_lock(out_dir):
        return write_gallery(out_dir)


def write_gallery(out_dir: Path, presets: Presets | None = None) -> Path:
    """Write ``out_dir/index.html`` for the build in ``out_dir`` and return its path. ``presets``: the sizes and
    platforms the build used (with the project's own platforms), else flashgen's own, read again."""
    manifest = _load(out_dir)
    files = sorted(manifest.files, key=lambda record: record.path)
    captions = _captions(out_dir, files)
    page = render_page(manifest, files, captions, presets or load_presets())
    target = out_dir / GALLERY_NAME
    try:
        write_file_atomically(out_dir, GALLERY_NAME, page.encode("utf-8"))
    except OSError as exc:
        raise FlashgenError(_("cannot write {file} ({reason}); check that the folder is writable.").format(
            file=target, reason=exc.strerror), code="gallery-unwritable") from None
    return target


def _load(out_dir: Path) -> Manifest:
    manifest = read_manifest(out_dir)
    if manifest is None:
        raise FlashgenError(_(
            "there is no finished build in {folder} ({manifest} is missing or unreadable); "
            "run `flashgen build --out {folder}` first."
        ).format(folder=out_dir, manifest=MANIFEST_NAME), code="no-build")
    if manifest.damaged:
        raise FlashgenError(_(
            "{manifest}: file entry {entry} has no path or product; run `flashgen build --out {folder}` again."
        ).format(manifest=out_dir / MANIFEST_NAME, entry=manifest.damaged[0], folder=out_dir), code="manifest-damaged")
    return manifest


def _captions(out_dir: Path, files: list[OutputFile]) -> dict[str, str]:
    """Post captions by image path, from each platform's captions.csv (missing or broken: none)."""
    captions = {}
    for record in files:
        if record.product != "social" or not record.path.endswith("/captions.csv"):
            continue
        folder = record.path.rsplit("/", 1)[0]
        try:
            rows = csv.DictReader(io.StringIO((out_dir / record.path).read_text(encoding="utf-8-sig")))
            captions.update({f"{folder}/{row['file']}": row["caption"] for row in rows if row.get("file") and row.get("caption")})
        except (OSError, UnicodeDecodeError, csv.Error):
            continue  # the gallery still shows the images and their alt text
    return captions


# --- grouping -------------------------------------------------------------------------------------


def _is_image(record: OutputFile) -> bool:
    return record.format.lower() in IMAGE_FORMATS + VIDEO_FORMATS


def _ordered(names: Iterable[str], preferred: Iterable[str]) -> list[str]:
    """``names`` in the order of ``preferred``, then the rest alphabetically."""
    wanted = list(dict.fromkeys(names))
    first = [name for name in preferred if name in wanted]
    return first + sorted(name for name in wanted if name not in first)


def _side_order(record: OutputFile) -> tuple[int, str]:
    return (record.item if isinstance(record.item, int) else 0, record.path)


def _flashcard_groups(files: list[OutputFile], presets: Presets) -> list[Group]:
    """One group per card size: its PDFs as links, then a row of images per side (front, back)."""
    groups = []
    for size in _ordered((f.size for f in files), presets.card_sizes):
        chosen = [f for f in files if f.size == size]
        label = _(presets.card_sizes[size].label) if size in presets.card_sizes else ""
        groups.append(Group(size, label, tuple(f for f in chosen if not _is_image(f)), _side_rows(chosen)))
    return groups


def _side_rows(files: list[OutputFile]) -> tuple[Row, ...]:
    images = [f for f in files if _is_image(f)]
    sides = _ordered((f.side or "" for f in images), ("front", "back"))
    noted = "back" if "back" in sides else "front"  # where the one-sided cards are named
    return tuple(
        Row(_(SIDE_LABELS[side]) if side in SIDE_LABELS else side, tuple(sorted((f for f in images if (f.side or "") == side), key=_side_order)),
            _one_sided_note(images) if side == noted else "")
        for side in sides
    )


def _one_sided_note(images: list[OutputFile]) -> str:
    """Which cards have a front only (one-sided cards), said under the backs (or the fronts if none has a back)."""
    fronts = sorted({f.item for f in images if f.side == "front" and isinstance(f.item, int)})
    backs = {f.item for f in images if f.side == "back"}
    alone = [item for item in fronts if item not in backs]
    if not alone:
        return ""
    if len(alone) == len(fronts):
        return _("Every card has a front only")
    numbers = ", ".join(str(item) for item in alone)
    return ngettext("Card {numbers}: front only", "Cards {numbers}: front only", len(alone)).format(numbers=numbers)


def _social_groups(files: list[OutputFile], presets: Presets) -> list[Group]:
    """One group per platform; file names are numbered in posting order, so path order is posting order."""
    groups = []
    for platform in _ordered((f.size for f in files), presets.platforms):
        chosen = [f for f in files if f.size == platform]
        label = _(presets.platforms[platform].label) if platform in presets.platforms else ""
        images = tuple(f for f in chosen if _is_image(f))
        links = sorted((f for f in chosen if not _is_image(f)), key=lambda f: (f.format != "txt", f.format != "csv", f.path))
        groups.append(Group(platform, label, tuple(links), (Row("", images),) if images else ()))
    return groups


def _image_row_label(size: str) -> str:
    """ "carousel-list" → "Carousel (list)" ("Ảnh trượt (danh sách)"); other sizes as they are."""
    kind, _dash, layout = size.partition("-")
    if kind not in INFOGRAPHIC_WORDS or layout not in INFOGRAPHIC_WORDS:
        return size
    return f"{_(INFOGRAPHIC_WORDS[kind])} ({_(INFOGRAPHIC_WORDS[layout])})"


def _plain_group(files: list[OutputFile], presets: Presets) -> list[Group]:
    """All of a product's documents as links, its images in one row per size."""
    links = tuple(f for f in files if not _is_image(f))
    images = [f for f in files if _is_image(f)]
    rows = tuple(
        Row(_image_row_label(size), tuple(f for f in images if f.size == size))
        for size in _ordered((f.size for f in images), ())
    )
    return [Group("", "", links, rows)]


def sections(files: list[OutputFile], presets: Presets) -> list[Section]:
    """The gallery's outline: products in the registry's order, each grouped as its registry entry says."""
    result = []
    for name in _ordered((f.product for f in files), PRODUCTS):
        product = PRODUCTS.get(name)  # None: a product of another flashgen version
        groups = GROUPINGS[product.gallery if product else "files"]([f for f in files if f.product == name], presets)
        result.append(Section(name, _section_title(product) if product else name, tuple(groups)))
    return result


def _section_title(product: Product) -> str:
    """The product's name in the current language: the registry's label is "Vietnamese / English"."""
    vietnamese, _separator, english = product.label.partition(" / ")
    return vietnamese if current_language() == "vi" or not english else english


GROUPINGS: dict[str, Callable[[list[OutputFile], Presets], list[Group]]] = {
    "sizes": _flashcard_groups, "platforms": _social_groups, "files": _plain_group,
}


# --- HTML -----------------------------------------------------------------------------------------


def _href(record: OutputFile) -> str:
    """A link relative to index.html: every path segment URL-encoded, then escaped for the attribute."""
    return escape(quote(record.path, safe="/"), quote=True)


def file_size(count: int) -> str:
    if count < 1024:
        return f"{count} B"
    if count < 1024 * 1024:
        return f"{count / 1024:.0f} KB"
    return f"{count / 1024 / 1024:.1f} MB"


def _number(value: float) -> str:
    return f"{value:g}"


def _facts(record: OutputFile) -> str:
    """Pixel or page size and file size, e.g. "1080 × 1350 px · 245 KB"."""
    parts = []
    if record.width_px and record.height_px:
        parts.append(f"{record.width_px} × {record.height_px} px")
    elif record.width_mm and record.height_mm:
        parts.append(f"{_number(record.width_mm)} × {_number(record.height_mm)} mm")
    if record.duration_s:
        seconds = round(record.duration_s)
        parts.append(f"{seconds // 60}:{seconds % 60:02d}")
    parts.append(file_size(record.bytes))
    return " · ".join(parts)


def _name(record: OutputFile) -> str:
    return record.path.rsplit("/", 1)[-1]


def _link(record: OutputFile) -> str:
    kind = _(LINK_LABELS[record.format.lower()]) if record.format.lower() in LINK_LABELS else record.format.upper() or "—"
    return (
        f'<li><a class="file" href="{_href(record)}"><span class="kind">{escape(kind)}</span>'
        f'<span class="fname">{escape(_name(record))}</span><span class="facts">{escape(_facts(record))}</span></a></li>'
    )


def _figure(record: OutputFile, captions: dict[str, str]) -> str:
    size = f' width="{record.width_px}" height="{record.height_px}"' if record.width_px and record.height_px else ""
    alt = record.alt_text or _name(record)
    text = [f'<span class="fname">{escape(_name(record))}</span>']
    if record.product == "social" and record.side in SIDE_LABELS:
        number = f" {record.item}" if isinstance(record.item, int) else ""
        text.append(f'<span class="tag">{escape(_(SIDE_LABELS[record.side]) + number)}</span>')
    text += [f'<span class="facts">{escape(_facts(record))}</span>', f'<span class="missing">{escape(_(MISSING))}</span>']
    if record.path in captions:
        text.append(f'<p class="caption"><b>{escape(_("Caption"))}</b>{escape(captions[record.path])}</p>')
    if record.alt_text:
        text.append(f'<p class="alt"><b>{escape(_("Alt text"))}</b>{escape(record.alt_text)}</p>')
    if record.format.lower() in VIDEO_FORMATS:
        shown = f'<video controls preload="metadata" src="{_href(record)}" aria-label="{escape(alt)}"{size}></video>'
        return f'<figure><div class="thumb">{shown}</div><figcaption>{"".join(text)}</figcaption></figure>'
    return (
        f'<figure><a class="thumb" href="{_href(record)}"><img src="{_href(record)}" alt="{escape(alt)}"{size} '
        f'loading="lazy"></a><figcaption>{"".join(text)}</figcaption></figure>'
    )


def _group(group: Group, captions: dict[str, str]) -> str:
    parts = ['<div class="group">']
    if group.title:
        note = f' <span class="note">{escape(group.note)}</span>' if group.note else ""
        parts.append(f"<h3>{escape(group.title)}{note}</h3>")
    if group.links:
        parts.append(f'<ul class="files">{"".join(_link(f) for f in group.links)}</ul>')
    for row in group.rows:
        if row.label:
            note = f' <span class="note">{escape(row.note)}</span>' if row.note else ""
            parts.append(f'<h4>{escape(row.label)} <span class="count">{len(row.images)}</span>{note}</h4>')
        parts.append(f'<div class="grid">{"".join(_figure(f, captions) for f in row.images)}</div>')
    parts.append("</div>")
    return "".join(parts)


def _anchor(section: Section) -> str:
    """The section's id, prefixed so that no product name can clash with the page's own ids."""
    return escape(f"p-{quote(section.product)}", quote=True)


def _section(section: Section, captions: dict[str, str]) -> str:
    count = sum(len(g.links) + sum(len(r.images) for r in g.rows) for g in section.groups)
    body = "\n".join(_group(g, captions) for g in section.groups)
    return (
        f'<section id="{_anchor(section)}"><h2>{escape(section.title)} '
        f'<span class="count">{count}</span></h2>\n{body}\n</section>'
    )


def render_page(manifest: Manifest, files: list[OutputFile], captions: dict[str, str], presets: Presets) -> str:
    """The whole page as text: the same arguments always give the same text."""
    outline = sections(files, presets)
    info = manifest.info
    title = str(info.get("campaign") or "flashgen")
    facts = [ngettext("{count} file", "{count} files", len(files)).format(count=len(files))]
    if info.get("flashgen_version"):
        facts.append(f"flashgen {info['flashgen_version']}")
    nav = "".join(f'<a href="#{_anchor(s)}">{escape(s.title)}</a>' for s in outline)
    body = "\n".join(_section(s, captions) for s in outline) or f'<p class="empty">{escape(_(EMPTY))}</p>'
    return f"""<!DOCTYPE html>
<html lang="{current_language()}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="flashgen preview">
<title>{escape(title)} — flashgen</title>
<style>{STYLE}</style>
</head>
<body>
<header>
<h1>{escape(title)}</h1>
<p class="meta">{" · ".join(escape(fact) for fact in facts)}</p>
<nav>{nav}</nav>
</header>
<div id="broken" class="banner" role="alert" hidden></div>
<main>
{body}
</main>
<footer>{escape(_("Build preview — flashgen preview"))}</footer>
<script>{_script()}</script>
</body>
</html>
"""


STYLE = """
:root{--ink:#1d2733;--muted:#5b6776;--line:#dde3ea;--bg:#f4f6f9;--card:#fff;--accent:#0b5cad;--bad:#b3261e}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Helvetica Neue",Arial,sans-serif;
color:var(--ink);background:var(--bg)}
header{background:var(--card);border-bottom:1px solid var(--line);padding:20px max(16px,calc((100% - 1240px)/2))}
h1{margin:0 0 4px;font-size:26px}
.meta{margin:0 0 12px;color:var(--muted)}
nav{display:flex;flex-wrap:wrap;gap:8px}
nav a{padding:4px 12px;border:1px solid var(--line);border-radius:999px;color:var(--accent);text-decoration:none;font-size:14px}
nav a:hover{background:var(--bg)}
main{max-width:1240px;margin:0 auto;padding:8px 16px 40px}
section{margin-top:28px}
h2{font-size:21px;margin:0 0 12px;padding-bottom:6px;border-bottom:2px solid var(--ink)}
h3{font-size:17px;margin:18px 0 8px}
h4{font-size:14px;margin:14px 0 8px;color:var(--muted);text-transform:uppercase;letter-spacing:.03em}
.note{font-weight:400;color:var(--muted);font-size:14px}
h4 .note{text-transform:none;letter-spacing:0;font-size:13px}
.count{display:inline-block;min-width:22px;padding:0 7px;border-radius:999px;background:var(--line);color:var(--muted);
font-size:12px;font-weight:600;text-align:center;vertical-align:middle}
.group{margin-bottom:12px}
.files{list-style:none;margin:0 0 10px;padding:0;display:flex;flex-wrap:wrap;gap:8px}
.file{display:flex;flex-direction:column;padding:8px 12px;background:var(--card);border:1px solid var(--line);border-radius:8px;
text-decoration:none;color:var(--ink);min-width:200px}
.file:hover{border-color:var(--accent)}
.kind{font-size:12px;font-weight:700;color:var(--accent);text-transform:uppercase;letter-spacing:.03em}
.fname{font-weight:600;overflow-wrap:anywhere}
.facts{color:var(--muted);font-size:13px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(190px,1fr));gap:14px}
#p-social .grid{grid-template-columns:repeat(auto-fill,minmax(250px,1fr))}
figure{margin:0;background:var(--card);border:1px solid var(--line);border-radius:8px;overflow:hidden;display:flex;flex-direction:column}
.thumb{display:block;background:#e9edf2;padding:8px}
.thumb img,.thumb video{display:block;width:100%;height:210px;object-fit:contain}
figcaption{padding:8px 10px 10px;display:flex;flex-direction:column;gap:2px;font-size:14px}
.tag{font-size:12px;color:var(--muted)}
.caption,.alt{margin:6px 0 0;font-size:13px;white-space:pre-line;overflow-wrap:anywhere}
.caption b,.alt b{display:block;font-size:11px;color:var(--muted);text-transform:uppercase;letter-spacing:.03em}
.alt{color:var(--muted)}
.missing{display:none;color:var(--bad);font-weight:600;font-size:13px}
figure.broken{border:2px solid var(--bad)}
figure.broken .missing{display:block}
.banner{position:sticky;top:0;z-index:1;margin:0;padding:10px 16px;background:var(--bad);color:#fff;font-weight:600;text-align:center}
.banner[hidden]{display:none}
.empty{color:var(--muted)}
footer{text-align:center;color:var(--muted);font-size:13px;padding:0 16px 24px}
@media (max-width:520px){.grid,#p-social .grid{grid-template-columns:repeat(auto-fill,minmax(140px,1fr))}.thumb img{height:160px}.file{min-width:0;width:100%}}
"""

def _script() -> str:
    """The page's script, with the banner's words in the current language (as JSON string literals)."""
    one, many = (ngettext("{count} image failed to load", "{count} images failed to load", n) for n in (1, 2))
    return f"\nvar ONE = {json.dumps(one)}, MANY = {json.dumps(many)};" + SCRIPT


# Counts loaded and broken images on every image load or error (lazy thumbnails load as the reader
# scrolls), marks broken ones and shows the banner; "#check" loads every image at once.
SCRIPT = """
(function () {
  var images = document.images, banner = document.getElementById("broken"), body = document.body;
  function update() {
    var loaded = 0, broken = 0;
    for (var i = 0; i < images.length; i++) {
      var image = images[i];
      if (!image.complete) continue;
      if (image.naturalWidth > 0) { loaded++; continue; }
      broken++;
      image.closest("figure").classList.add("broken");
    }
    body.setAttribute("data-images", images.length);
    body.setAttribute("data-images-loaded", loaded);
    body.setAttribute("data-images-broken", broken);
    if (broken) {
      banner.textContent = (broken === 1 ? ONE : MANY).replace("{count}", broken);
      banner.hidden = false;
    }
  }
  if (location.hash === "#check") for (var i = 0; i < images.length; i++) images[i].loading = "eager";
  document.addEventListener("load", update, true);
  document.addEventListener("error", update, true);
  window.addEventListener("load", update);
  update();
})();
"""
