"""The one place that runs flashgen's stages in order.

load content (content.py) → load templates (template.py) → merge (merge.py)
→ lay out text (compose.py, textlayout.py) → render (render.py)
→ package (products.py: printdecks, calibration, booklet, leaflet, social; package.py).

Every card (flashcards, print, social) is laid out before the first one is
rendered, so content, template, font and fit problems stop the build early;
whole documents (booklet, leaflet, infographic) are made on the worker
processes while the cards are laid out and drawn; and nothing reaches the
output folder until every product has been made (package.py).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from . import __version__, render
from .compose import CardDocument, compose_card
from .content import Campaign, load_campaign
from .errors import FlashgenError
from .fonts import FontBook
from .merge import merge_cards
from .package import MANIFEST_NAME, OutputFile, Staging, output_lock, read_manifest
from .preview import GALLERY_NAME, write_gallery
from .presets import SERIES, CardSize, Platform, Presets, load_presets
from .infographic import infographic_faces
from .products import (
    BuildState, finish_documents, start_card_decks, make_flashcards, make_print, make_social, social_documents, start_booklet,
    start_infographic, start_leaflet,
)
from .rasterjobs import Workers, default_workers
from .resources import DATA_DIR, DEFAULT_CONTENT, DEFAULT_THEME, FONTS_DIR, ICONS_DIR, TEMPLATES_DIR
from .limits import Limits
from .template import Template, load_template
from .theme import Theme, load_theme
from .social import kinds_for
from .wordbreak import WordBreaker

PRODUCTS = ("flashcards", "print", "booklet", "leaflet", "social", "infographic")


class Progress(Protocol):
    """What the build reports while it runs (the CLI draws a progress bar)."""

    def start(self, total: int, label: str) -> None: ...

    def advance(self) -> None: ...


class _Silent:
    def start(self, total: int, label: str) -> None:
        pass

    def advance(self) -> None:
        pass


@dataclass(frozen=True)
class PrintOptions:
    """How cards are laid out on office paper (the 'print' product)."""

    card: str = "a6"
    sheet: str = "a4"
    flip: str = "long"
    gutter_mm: float = 0.0
    margin_mm: float = 5.0
    back_offset_mm: tuple[float, float] = (0.0, 0.0)


@dataclass(frozen=True)
class BuildOptions:
    content: Path = DEFAULT_CONTENT
    out_dir: Path = Path("out")
    products: tuple[str, ...] = ()  # empty: every product
    sizes: tuple[str, ...] = ()  # flashcard sizes; empty: the default ones
    templates_dir: Path = TEMPLATES_DIR
    font_dirs: tuple[Path, ...] = (FONTS_DIR,)
    printing: PrintOptions = PrintOptions()
    platforms: tuple[str, ...] = ()  # social platforms; empty: all
    series: tuple[str, ...] = ()  # social series (album, messages); empty: both
    project_config: Path | None = None  # a flashgen.yaml that may add platforms
    theme: Path = DEFAULT_THEME  # colours, fonts and logo (theme.py)
    limits: Limits = Limits()  # how large inputs may be (the project's 'limits:')
    jobs: int = 0  # worker processes for rendering; 0: one per available core
    force: bool = False  # render everything again, even what has not changed


@dataclass(frozen=True)
class BuildResult:
    manifest: Path
    files: tuple[OutputFile, ...]
    warnings: tuple[str, ...] = field(default=())
    notes: tuple[str, ...] = field(default=())


def choose_products(requested: tuple[str, ...]) -> tuple[str, ...]:
    unknown = [name for name in requested if name not in PRODUCTS]
    if unknown:
        raise FlashgenError(f"unknown product {', '.join(repr(n) for n in unknown)}; choose from: {', '.join(PRODUCTS)}.")
    return tuple(name for name in PRODUCTS if name in requested) if requested else PRODUCTS


def choose_sizes(requested: tuple[str, ...], presets: Presets | None = None) -> list[CardSize]:
    presets = presets or load_presets()
    if requested:
        return [presets.card_size(name) for name in requested]
    return [size for size in presets.card_sizes.values() if size.default]


def load_templates(
    sizes: list[CardSize], templates_dir: Path, fonts: FontBook, campaign: Campaign, theme: Theme | None = None,
    limits: Limits = Limits(),
) -> dict[tuple[str, str], Template]:
    known_fields = campaign.field_names()
    return {
        (size.name, side): load_template(templates_dir / file_name, size, fonts, known_fields, theme, limits=limits)
        for size in sizes
        for side, file_name in size.templates
    }


def choose_platforms(options: BuildOptions, presets: Presets) -> list[Platform]:
    unknown = [name for name in options.series if name not in SERIES]
    if unknown:
        raise FlashgenError(f"unknown series {', '.join(repr(n) for n in unknown)}; choose from: album, messages.")
    chosen = [presets.platform(n) for n in options.platforms] if options.platforms else list(presets.platforms.values())
    if options.series:
        chosen = [p for p in chosen if set(p.series) & set(options.series)]
        chosen = [Platform(**{**p.__dict__, "series": tuple(s for s in p.series if s in options.series)}) for p in chosen]
    if not chosen:
        raise FlashgenError("none of the chosen platforms posts that series.")
    return chosen


def _with_content(platforms: list[Platform], campaign: Campaign) -> tuple[list[Platform], list[str]]:
    """Drop the messages series where the content has no messages; say so."""
    if campaign.messages:
        return platforms, []
    kept = [Platform(**{**p.__dict__, "series": tuple(s for s in p.series if s != "messages")}) for p in platforms]
    dropped = [p.name for p in kept if not p.series]
    kept = [p for p in kept if p.series]
    if not kept:
        raise FlashgenError(f"{campaign.path}: the content has no 'messages', so there is nothing to make for {', '.join(dropped)}.")
    notes = [f"{campaign.path} has no 'messages': no message images; nothing made for {', '.join(dropped)}."] if dropped else []
    if not dropped:
        notes = [f"{campaign.path} has no 'messages': the social sets hold the album only."]
    return kept, notes


def _input_key(options: BuildOptions, fonts: FontBook) -> str:
    """A hash of everything a build reads: if it matches the last build's, nothing needs doing."""
    digest = hashlib.sha256(f"{__version__}\0{replace(options, jobs=0, force=False)!r}\0{fonts.fingerprint}".encode())
    files = [options.content, *load_theme(options.theme).sources, DATA_DIR / "sizes.yaml"]
    files += [options.project_config] if options.project_config else []
    out = options.out_dir.resolve()
    files += sorted(
        p for folder in (options.templates_dir, ICONS_DIR) for p in folder.rglob("*")
        if p.is_file() and out not in p.resolve().parents  # an output folder inside the templates is not an input
    )
    for path in files:
        digest.update(str(path).encode("utf-8") + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"missing")
    return digest.hexdigest()


def _unchanged(previous: dict | None, key: str, out_dir: Path) -> bool:
    """True if the last build had this input key and every file it listed is still as written."""
    if not previous or previous.get("build_key") != key:
        return False
    for entry in previous.get("files", []):
        try:
            data = (out_dir / entry["path"]).read_bytes()
        except (OSError, KeyError, TypeError):
            return False
        if hashlib.sha256(data).hexdigest() != entry.get("sha256"):
            return False
    return True


def build(options: BuildOptions, progress: Progress | None = None) -> BuildResult:
    """Make every requested product and return what was written.

    The whole build, from reading the last manifest to writing the new one,
    holds the output folder's lock: two builds on one folder cannot interleave.
    """
    with output_lock(options.out_dir):
        return _build(options, progress or _Silent())


@dataclass(frozen=True)
class _Setting:
    """What every product of the build starts from: the campaign, its look and the presets."""

    theme: Theme
    campaign: Campaign
    presets: Presets
    breaker: WordBreaker


@dataclass(frozen=True)
class _Plan:
    """Every card and social image laid out before the first pixel is drawn."""

    setting: _Setting
    products: tuple[str, ...]
    card_sizes: list[CardSize] = field(hash=False)
    print_card: CardSize | None
    documents: list[CardDocument] = field(hash=False)
    platforms: list[Platform] = field(hash=False)
    social: dict = field(hash=False)  # shape → [(stem, kind, CardDocument)]
    notes: list[str] = field(hash=False)

    def image_count(self) -> int:
        cards = sum(1 for d in self.documents if d.card.size in self.card_sizes)
        return cards + sum(1 for p in self.platforms for _, kind, _ in self.social[p.shape.name] if kind in kinds_for(p))


def _load(options: BuildOptions) -> _Setting:
    """Stage 1: content and theme (with the theme's branding on the campaign), presets, word breaks."""
    theme = load_theme(options.theme)
    campaign = replace(load_campaign(options.content, options.limits), branding=tuple(theme.values().items()))
    presets = load_presets(project=options.project_config)
    return _Setting(theme, campaign, presets, WordBreaker.for_glossary(campaign.glossary))


def _lay_out(options: BuildOptions, products: tuple[str, ...], fonts: FontBook, setting: _Setting) -> _Plan:
    """Stages 2–3 for every card of the build: templates, merge, text layout."""
    campaign, presets, theme = setting.campaign, setting.presets, setting.theme
    card_sizes = choose_sizes(options.sizes, presets) if "flashcards" in products else []
    print_card = presets.card_size(options.printing.card) if "print" in products else None
    needed = list(dict.fromkeys(card_sizes + ([print_card] if print_card else [])))
    templates = load_templates(needed, options.templates_dir, fonts, campaign, theme, options.limits)
    documents = [compose_card(card, setting.breaker) for card in merge_cards(campaign, templates, needed)]
    platforms, notes = _with_content(choose_platforms(options, presets), campaign) if "social" in products else ([], [])
    social = social_documents(campaign, platforms, options, fonts, setting.breaker, theme)
    return _Plan(setting, products, card_sizes, print_card, documents, platforms, social, notes)


def _check_fonts(plan: _Plan, fonts: FontBook) -> None:
    """Make sure the renderer draws every face the build uses with exactly that font file."""
    faces = [face for d in plan.documents for face in d.card.template.faces]
    faces += list(infographic_faces(fonts, plan.setting.theme)) if "infographic" in plan.products else []
    faces += [face for shape in plan.social.values() for _, _, d in shape for face in d.card.template.faces]
    render.verify_faces(tuple({face.path: face for face in faces}.values()))


@dataclass(frozen=True)
class _Documents:
    """Whole documents started on the workers, and how to stage them when they are done."""

    pending: list = field(hash=False)  # products.Pending
    finish_infographic: Callable[[], None] | None

    def finish(self, state: BuildState) -> None:
        finish_documents(state, self.pending)
        if self.finish_infographic:
            self.finish_infographic()


def _start_documents(state: BuildState, setting: _Setting) -> _Documents:
    """Start the booklet, leaflet and infographic: they need no card, so the workers make them while the cards are laid out."""
    products = state.products
    pending = start_booklet(state) if "booklet" in products else []
    pending += start_leaflet(state) if "leaflet" in products else []
    return _Documents(pending, start_infographic(state, setting.breaker) if "infographic" in products else None)


def _make_products(state: BuildState, plan: _Plan, documents: _Documents) -> list[str]:
    """Stages 4–5: draw and package every product into the staging folder; return notes for the user."""
    products, notes = plan.products, list(plan.notes)
    state.progress.start(plan.image_count(), "Rendering")
    start_card_decks(state, plan.documents, plan.card_sizes, plan.print_card)
    if "flashcards" in products:
        make_flashcards(state, plan.documents, plan.card_sizes)
    if plan.print_card is not None:
        notes += make_print(state, plan.documents, plan.print_card)
    if plan.platforms:
        make_social(state, plan.platforms, plan.social)
    documents.finish(state)
    return notes


def _build(options: BuildOptions, progress: Progress) -> BuildResult:
    products = choose_products(options.products)
    fonts = FontBook.from_folders(options.font_dirs)
    previous = read_manifest(options.out_dir)
    input_key = _input_key(options, fonts)
    if not options.force and _unchanged(previous, input_key, options.out_dir):
        assert previous is not None
        files = tuple(OutputFile(**entry) for entry in previous["files"])
        if not (options.out_dir / GALLERY_NAME).exists():
            write_gallery(options.out_dir)
        return BuildResult(options.out_dir / MANIFEST_NAME, files, notes=("Nothing changed since the last build.",))
    setting = _load(options)
    build_info = {
        "flashgen_version": __version__, "content": str(options.content), "campaign": setting.campaign.title,
        "build_key": input_key,
    }
    reusable = {} if options.force else {
        e["render_key"]: e for e in (previous or {}).get("files", []) if isinstance(e, dict) and e.get("render_key")
    }
    render.prepare(fonts)  # before the workers start: they inherit flashgen's own fontconfig
    with Staging(options.out_dir, build_info, products, previous) as staging, Workers(options.jobs or default_workers()) as pool:
        state = BuildState(
            options, products, setting.campaign, setting.presets, fonts, staging, progress, setting.theme, pool, reusable
        )
        documents = _start_documents(state, setting)
        plan = _lay_out(options, products, fonts, setting)
        _check_fonts(plan, fonts)
        notes = _make_products(state, plan, documents)
        manifest = staging.commit()
    write_gallery(options.out_dir)
    return BuildResult(manifest=manifest, files=tuple(staging.files), warnings=setting.campaign.warnings, notes=tuple(notes))
