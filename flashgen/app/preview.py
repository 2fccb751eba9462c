"""The live preview: a project folder and one item as the page has it in, that card's front as a PNG
and ``flashgen check``'s findings for it out. Nothing is written.

The inputs a build loads once (options, fonts, theme, presets, word breaks:
``build.load_inputs``; templates: ``load_template``) are loaded once per
project and kept until one of their files changes (``stamps``: size and time of
each), so a preview costs a validation, a layout and a drawing of one card:
the item is validated with the rest of the content as the content file would be
(``load.content.campaign_from_tree``), merged (``merge_cards``), laid out alone
(``compose_set``), checked (``check.card_findings``) and drawn small
(``render_image``). The card is laid out alone: in a build, the other cards of
its set may make it a size smaller (compose/sets.py).
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from flashgen.app.http import AppError
from flashgen.errors import FlashgenError
from flashgen.i18n import _
from flashgen.options import BuildOptions, CommandLine, resolve_options

PREVIEW_WIDTH = 600  # px: the page shows the card about this wide
FONT_SUFFIXES = (".ttf", ".otf", ".ttc")
_drawing = threading.Lock()  # cairo, fontconfig and the glyph cache are not shared between threads safely


def stamps(paths: list[Path]) -> tuple[tuple[str, int, int], ...]:
    """(path, size, modification time) of each file: any change to one changes the tuple."""
    found = []
    for path in paths:
        try:
            info = path.stat()
        except OSError:
            found.append((str(path), -1, -1))
            continue
        found.append((str(path), info.st_size, info.st_mtime_ns))
    return tuple(found)


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []


def preview_options(folder: Path) -> BuildOptions:
    """The project's build options, its fonts folder left out while it holds no font: a process draws with
    one set of font folders (render.prepare), which projects without fonts of their own then share."""
    options = resolve_options(CommandLine(), folder)
    with_fonts = tuple(d for d in options.font_dirs[1:] if any(p.suffix.lower() in FONT_SUFFIXES for p in _files(d)))
    return replace(options, font_dirs=options.font_dirs[:1] + with_fonts)


@dataclass
class Loaded:
    """One project's inputs, loaded once, and what was loaded from them since."""

    key: tuple[Any, ...]
    options: BuildOptions
    inputs: Any  # products.base.Inputs
    tree: dict[str, Any]  # the content file as plain data (what the page edits)
    templates: dict[tuple[str, str], Any] = field(default_factory=dict)  # (size, file) → Template
    problems: dict[tuple[str, str], list[FlashgenError]] = field(default_factory=dict)
    backgrounds: dict[Any, Any] = field(default_factory=dict)  # check.card_findings' cache
    verified: set[Any] = field(default_factory=set)

    def template(self, name: str, size: Any) -> tuple[Any, list[FlashgenError]]:
        """The template ``name`` for ``size`` (loaded once), and the problems loading it found."""
        from flashgen.load.template import load_template

        key = (size.name, name)
        if key not in self.templates:
            found: list[FlashgenError] = []
            options, inputs = self.options, self.inputs
            self.templates[key] = load_template(options.templates_dir / name, size, inputs.fonts,
                                                inputs.campaign.field_names(), inputs.theme, found, options.limits)
            self.problems[key] = found
        return self.templates[key], self.problems[key]


WORKBOOK_PICTURE = "workbook-picture:"  # an item's picture stored in its spreadsheet, as the page sees it


def _document(path: Path, limits: Any) -> Any:
    """The content file's document, as its reader validates it (a spreadsheet's turned into that tree)."""
    from flashgen.load.spreadsheet import is_spreadsheet
    from flashgen.load.spreadsheet_document import sheet_document
    from flashgen.load.spreadsheet_readers import read_workbook
    from flashgen.load.yamlfile import read_yaml

    return sheet_document(read_workbook(path, limits)) if is_spreadsheet(path) else read_yaml(path, limits)


def _picture_name(data: bytes) -> str:
    return WORKBOOK_PICTURE + hashlib.sha256(data).hexdigest()[:16]


def _as_text(value: object) -> str:
    """A value JSON has no type for: a picture in the workbook by a name; a date as text."""
    from flashgen.load.spreadsheet import EmbeddedPicture

    return _picture_name(value.data) if isinstance(value, EmbeddedPicture) else str(value)


def content_tree(path: Path, limits: Any) -> dict[str, Any]:
    """The content file (YAML or a spreadsheet) as plain data: the document its reader validates."""
    plain = json.loads(json.dumps(_document(path, limits), default=_as_text, ensure_ascii=False))  # marks dropped
    return plain if isinstance(plain, dict) else {}


def workbook_pictures(path: Path, limits: Any) -> dict[str, bytes]:
    """The pictures stored in a spreadsheet's rows, by the name ``content_tree`` gives them."""
    from flashgen.load.spreadsheet import EmbeddedPicture

    items = _document(path, limits).get("items") or []
    return {_picture_name(item["image"].data): item["image"].data for item in items
            if isinstance(item, dict) and isinstance(item.get("image"), EmbeddedPicture)}


def without_workbook_pictures(items: list[Any]) -> list[Any]:
    """The items with no picture named from the workbook (the preview draws them without; nothing is written)."""
    return [{k: v for k, v in item.items() if not (k == "image" and str(v).startswith(WORKBOOK_PICTURE))}
            if isinstance(item, dict) else item for item in items]


class Previews:
    """The loaded inputs of every project previewed, each reloaded when one of its files changes."""

    def __init__(self) -> None:
        self.loaded: dict[Path, Loaded] = {}
        self.lock = threading.Lock()

    def forget(self, folder: Path) -> None:
        with self.lock:
            self.loaded.pop(folder, None)

    def load(self, folder: Path) -> Loaded:
        """The project's inputs, loaded again only if one of their files changed."""
        from flashgen.build import load_inputs
        from flashgen.load.fonts import FontBook

        with self.lock:
            current = self.loaded.get(folder)
            if current is not None and current.key == self._key(folder, current.options):
                return current
            options = preview_options(folder)
            fonts = FontBook.from_folders(options.font_dirs)
            loaded = Loaded(self._key(folder, options), options, load_inputs(options, fonts),
                            content_tree(options.content, options.limits))
            self.loaded[folder] = loaded
            return loaded

    @staticmethod
    def _key(folder: Path, options: BuildOptions) -> tuple[Any, ...]:
        from flashgen.load.theme import load_theme

        files = [folder / "flashgen.yaml", options.content, *_files(options.templates_dir)]
        files += [p for d in options.font_dirs[1:] for p in _files(d)]
        try:
            files += list(load_theme(options.theme, options.limits).sources)
        except FlashgenError:
            files.append(options.theme)
        return stamps(files)


def _finding(severity: str, code: str, message: str, folder: Path) -> dict[str, str]:
    """One finding for the page, the project's folder left out of file names (the page is in the project)."""
    return {"severity": severity, "code": code, "message": message.replace(f"{folder}/", "")}


def preview(previews: Previews, folder: Path, body: dict[str, Any]) -> dict[str, Any]:
    """The front of ``body["item"]`` as the ``index``-th item (from 0) of the content, with its findings."""
    from flashgen.load.content import campaign_from_tree

    loaded = previews.load(folder)
    item, index = body.get("item"), body.get("index", 0)
    if not isinstance(item, dict) or isinstance(index, bool) or not isinstance(index, int) or index < 0:
        raise AppError(_("the preview needs an item and its position (index, from 0)."), code="app-request")
    tree = edited_tree(loaded.tree, body.get("campaign"))
    items = list(tree.get("items") or [])
    index = min(index, len(items))
    items[index:index + 1] = [item]
    # The items after it change nothing of its card or of the lines its messages name: they are not read again.
    tree["items"] = without_workbook_pictures(items[:index + 1])
    try:
        campaign, _text = campaign_from_tree(tree, content_path(loaded.options), loaded.options.limits)
    except FlashgenError as problem:  # the page keeps the last picture and shows this beside it
        raise AppError(problem.message.replace(f"{folder}/", ""), code=problem.code) from None
    later = loaded.inputs.campaign.items[index + 1:len(items)]  # as saved: they count for "3/17"
    return _card(loaded, folder, replace(campaign, items=campaign.items + later), index, body.get("size"))


def edited_tree(tree: dict[str, Any], campaign: object) -> dict[str, Any]:
    """The content ``tree`` with the page's ``campaign`` section, whose 'source' (shown with the campaign's
    fields on the page) goes back to its own section."""
    tree = dict(tree)
    if isinstance(campaign, dict):
        campaign = dict(campaign)
        source = campaign.pop("source", None)
        tree["campaign"] = campaign
        if isinstance(source, dict):
            tree["source"] = source
    return tree


def content_path(options: BuildOptions) -> Path:
    """The file the page's content is saved to: the YAML file, or content.yaml beside a spreadsheet."""
    from flashgen.load.spreadsheet import is_spreadsheet

    return options.content.with_name("content.yaml") if is_spreadsheet(options.content) else options.content


def _size(loaded: Loaded, requested: object) -> Any:
    from flashgen.options import choose_sizes

    presets = loaded.inputs.presets
    if isinstance(requested, str) and requested:
        try:
            return presets.card_size(requested)
        except FlashgenError as problem:
            raise AppError(problem.message, code=problem.code) from None
    return choose_sizes(loaded.options.sizes, presets)[0]


def _card(loaded: Loaded, folder: Path, campaign: Any, index: int, requested_size: object) -> dict[str, Any]:
    """Merge, lay out, check and draw the front of item ``index`` of ``campaign``."""
    from flashgen.check import card_findings
    from flashgen.compose.sets import compose_set
    from flashgen.merge.cards import empty_fields, merge_cards, shown_as, sides_of
    from flashgen.render import draw as render
    from flashgen.render.encode import png_bytes

    whole = replace(campaign, branding=loaded.inputs.campaign.branding)
    item = whole.items[index]
    campaign = replace(whole, items=(item,))  # merged alone, its values those of its place in the whole set (3/17)
    inputs = replace(loaded.inputs, campaign=campaign)
    size = _size(loaded, requested_size)
    chosen = loaded.options.layout_of("flashcards")
    kind = shown_as(campaign, item, chosen, "flashcards")
    templates, problems = {}, []
    for side in sides_of(item, kind, size):
        name = str(size.template_for(kind, side))
        templates[(size.name, name)], found = loaded.template(name, size)
        problems += found if side == "front" else []
    [card, *_others] = merge_cards(campaign, templates, [size], chosen, strict=False)
    card = replace(card, values=whole.values_for(item))
    found_now = empty_fields(card)
    with _drawing:
        render.prepare(inputs.fonts)
        if id(card.template) not in loaded.verified:
            render.verify_faces(tuple(card.template.faces))
            loaded.verified.add(id(card.template))
        [document] = compose_set([card], inputs.breaker, per_card=[found_now])
        findings = card_findings(document, problems + found_now, campaign, loaded.backgrounds)
        width, height = size.pixels
        pixels = (PREVIEW_WIDTH, max(1, round(height * PREVIEW_WIDTH / width)))
        image = render.render_image(document.svg, pixels, size.dpi * PREVIEW_WIDTH / width, str(card.template.path))
        data = png_bytes(image)
    return {
        "image": "data:image/png;base64," + base64.b64encode(data).decode("ascii"),
        "width": pixels[0], "height": pixels[1],
        "findings": [_finding(f.severity, f.code, f.message, folder) for f in findings],
    }


def swatch(name: str) -> bytes:
    """A small picture of a bundled theme: its primary background, accent, text colours and light surface."""
    from PIL import Image, ImageDraw

    from flashgen.load.theme import bundled_themes, find_theme, load_theme
    from flashgen.render.encode import png_bytes

    if name not in bundled_themes():
        raise AppError(_("there is no bundled theme '{name}'.").format(name=name[:40]), code="app-no-theme", status=404)
    colours = load_theme(find_theme(name)).colours
    image = Image.new("RGB", (160, 100), colours["primary"])
    draw = ImageDraw.Draw(image)
    draw.rectangle((100, 0, 160, 100), fill=colours["surface"])
    draw.rectangle((12, 16, 60, 30), fill=colours["accent"])
    draw.rectangle((12, 42, 86, 50), fill=colours["on-primary"])
    draw.rectangle((12, 58, 70, 64), fill=colours["on-primary-muted"])
    draw.rectangle((110, 20, 150, 80), fill=colours["paper"], outline=colours["rule"])
    draw.rectangle((116, 30, 144, 34), fill=colours["text"])
    draw.rectangle((116, 40, 138, 43), fill=colours["text-muted"])
    return png_bytes(image)
