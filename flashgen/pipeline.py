"""The one place that runs flashgen's stages in order.

load content (content.py) → load templates (template.py) → merge (merge.py)
→ lay out text (compose.py, textlayout.py) → render (render.py)
→ package (printdecks.py, calibration.py, booklet.py, leaflet.py, package.py).

Every card of the build is laid out before the first one is rendered, so
content, template, font and fit problems stop the build early; and nothing
reaches the output folder until every product has been made (package.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from . import __version__, render
from .booklet import build_booklet
from .leaflet import build_leaflet
from .calibration import calibration_sheet
from .compose import CardDocument, compose_card
from .content import Campaign, load_campaign
from .errors import FlashgenError
from .fonts import FontBook
from .impose import FLIPS, plan_sheet
from .merge import merge_cards
from .package import FileMeta, OutputFile, Staging
from .pdfkit import DocInfo
from .presets import SERIES, CardSize, Platform, Presets, load_presets
from .export import encode_for
from .printdecks import CardPages, imposed_deck, print_shop_deck
from .social import (
    Post, album_cards, captions_csv, captions_text, kinds_for, make_post, message_cards, template_name, zip_folder,
)
from .resources import DEFAULT_CONTENT, FONTS_DIR, TEMPLATES_DIR
from .template import Template, load_template
from .wordbreak import WordBreaker

PRODUCTS = ("flashcards", "print", "booklet", "leaflet", "social")
BOOKLET_PAGES = {"A4": (210.0, 297.0), "A5": (148.0, 210.0)}


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
    sizes: list[CardSize], templates_dir: Path, fonts: FontBook, campaign: Campaign
) -> dict[tuple[str, str], Template]:
    known_fields = campaign.field_names()
    return {
        (size.name, side): load_template(templates_dir / file_name, size, fonts, known_fields)
        for size in sizes
        for side, file_name in size.templates
    }


def _doc_info(campaign: Campaign, title: str) -> DocInfo:
    return DocInfo(
        title=f"{title}: {campaign.title}",
        author=campaign.organisation,
        subject=campaign.source.title or campaign.title,
        keywords=", ".join(filter(None, [campaign.compare.from_name, campaign.compare.to_name, *campaign.hashtags])),
    )


@dataclass
class _Build:
    """One build in progress: what the stages share."""

    options: BuildOptions
    products: tuple[str, ...]
    campaign: Campaign
    presets: Presets
    fonts: FontBook
    staging: Staging
    progress: Progress
    card_pdfs: dict[tuple[str, str], bytes] = field(default_factory=dict)

    def card_pdf(self, document: CardDocument) -> bytes:
        card = document.card
        key = (card.size.name, card.slug)
        if key not in self.card_pdfs:
            self.card_pdfs[key] = render.render_pdf(document.svg)
        return self.card_pdfs[key]

    def card_pages(self, documents: list[CardDocument], size: CardSize) -> list[CardPages]:
        fronts = {d.card.item: d for d in documents if d.card.size == size and d.card.side == "front"}
        backs = {d.card.item: d for d in documents if d.card.size == size and d.card.side == "back"}
        return [CardPages(item, self.card_pdf(fronts[item]), self.card_pdf(backs[item])) for item in fronts]

    def add_pdf(self, relative: str, data: bytes, product: str, size: str, page_mm: tuple[float, float]) -> None:
        self.staging.add(relative, data, FileMeta(product=product, format="pdf", size=size, width_mm=page_mm[0], height_mm=page_mm[1]))


def _make_flashcards(build: _Build, documents: list[CardDocument], sizes: list[CardSize]) -> None:
    """PNG of every card side; for print sizes, the print-shop PDF too."""
    for document in documents:
        card = document.card
        if card.size not in sizes:
            continue
        size = card.size
        image = render.render_image(document.svg, size.pixels, size.dpi)
        width_mm, height_mm = size.canvas_mm if size.is_print else (None, None)
        build.staging.add(
            f"flashcards/{size.name}/{card.slug}.png",
            render.encode_png(image, size.dpi if size.is_print else None),
            FileMeta(
                product="flashcards", format="png", size=size.name, item=card.item, side=card.side,
                width_px=image.width, height_px=image.height, width_mm=width_mm, height_mm=height_mm,
            ),
        )
        build.progress.advance()
    for size in sizes:
        if size.is_print:
            pages = [build.card_pdf(d) for d in documents if d.card.size == size]
            deck = print_shop_deck(pages, size, _doc_info(build.campaign, f"Bộ thẻ in {size.label}"))
            build.add_pdf(f"flashcards/flashcards-{size.name}.pdf", deck, "flashcards", size.name, size.canvas_mm)


def _make_print(build: _Build, documents: list[CardDocument], card: CardSize) -> list[str]:
    """Cards N-up on office paper with duplex backs, and the calibration sheet."""
    settings = build.options.printing
    if settings.flip not in FLIPS:
        raise FlashgenError(f"unknown duplex flip '{settings.flip}'; choose 'long' (most printers) or 'short'.")
    sheet = build.presets.sheet(settings.sheet)
    plan = plan_sheet(card, sheet, build.presets.grid(card, sheet), settings.gutter_mm, settings.margin_mm)
    title = f"Bộ thẻ {card.label}, {plan.per_sheet} thẻ trên một tờ {sheet.label}"
    deck = imposed_deck(build.card_pages(documents, card), plan, settings.flip, settings.back_offset_mm, _doc_info(build.campaign, title))
    page_mm = (sheet.width_mm, sheet.height_mm)
    build.add_pdf(f"print/{card.name}-on-{sheet.name}.pdf", deck, "print", f"{card.name}-on-{sheet.name}", page_mm)
    build.add_pdf(
        f"print/duplex-calibration-{sheet.name}.pdf", calibration_sheet(sheet, settings.flip, build.fonts),
        "print", sheet.name, page_mm,
    )
    notes = []
    if plan.scale < 1:
        notes.append(
            f"{card.label}: {plan.per_sheet} cards fit on {sheet.label} only at {plan.scale:.0%} of full size "
            "(office printers cannot print to the edge); use the print-shop file for full size."
        )
    return notes


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


def _social_documents(
    campaign: Campaign, platforms: list[Platform], options: BuildOptions, fonts: FontBook, breaker: WordBreaker
) -> dict[str, list[tuple[str, str, CardDocument]]]:
    """Every social image laid out once per template shape: (stem, kind, document) by shape."""
    fields = campaign.field_names()
    by_shape: dict[str, list[tuple[str, str, CardDocument]]] = {}
    for platform in platforms:
        shape = platform.shape
        kinds = kinds_for(platform)
        done = {kind for _, kind, _ in by_shape.get(shape.name, [])}
        templates = {
            kind: load_template(options.templates_dir / template_name(kind, shape.name), shape, fonts, fields)
            for kind in kinds if kind not in done
        }
        cards = []
        if "cover" in templates:
            cards += album_cards(campaign, templates, shape)
        if "message" in templates:
            cards += message_cards(campaign, templates, shape)
        by_shape.setdefault(shape.name, []).extend((stem, kind, compose_card(card, breaker)) for stem, kind, card in cards)
    return by_shape


def _make_social(build: _Build, platforms: list[Platform], by_shape: dict[str, list[tuple[str, str, CardDocument]]]) -> None:
    """One folder per platform: images in posting order, captions, and a zip of it all."""
    for platform in platforms:
        extension = "jpg" if platform.format == "jpeg" else "png"
        folder = f"social/{platform.name}"
        kinds = kinds_for(platform)
        posts: list[Post] = []
        files: list[tuple[str, bytes]] = []
        for stem, kind, document in by_shape[platform.shape.name]:
            if kind not in kinds:
                continue
            post = make_post(build.campaign, stem, kind, document)
            image = render.render_image(document.svg, platform.pixels, 96)
            data = encode_for(image, platform, f"{folder}/{stem}.{extension}")
            build.staging.add(f"{folder}/{stem}.{extension}", data, FileMeta(
                product="social", format=platform.format, size=platform.name, item=document.card.item, side=kind,
                width_px=image.width, height_px=image.height, alt_text=post.alt_text,
            ))
            posts.append(post)
            files.append((f"{stem}.{extension}", data))
            build.progress.advance()
        text = captions_text(build.campaign, platform, posts, extension).encode("utf-8")
        table = captions_csv(posts, extension)
        for name, data, kind in (("captions.txt", text, "txt"), ("captions.csv", table, "csv")):
            build.staging.add(f"{folder}/{name}", data, FileMeta(product="social", format=kind, size=platform.name))
            files.append((name, data))
        build.staging.add(f"social/{platform.name}.zip", zip_folder(platform.name, files),
                          FileMeta(product="social", format="zip", size=platform.name))


def _make_booklet(build: _Build) -> None:
    """The handout, in A4 and A5."""
    for page, page_mm in BOOKLET_PAGES.items():
        data = build_booklet(build.campaign, build.fonts, page)
        build.add_pdf(f"booklet/booklet-{page.lower()}.pdf", data, "booklet", page.lower(), page_mm)


def build(options: BuildOptions, progress: Progress | None = None) -> BuildResult:
    """Make every requested product and return what was written."""
    progress = progress or _Silent()
    products = choose_products(options.products)
    campaign = load_campaign(options.content)
    presets = load_presets(project=options.project_config)
    fonts = FontBook.from_folders(options.font_dirs)
    card_sizes = choose_sizes(options.sizes, presets) if "flashcards" in products else []
    print_card = presets.card_size(options.printing.card) if "print" in products else None
    needed = list(dict.fromkeys(card_sizes + ([print_card] if print_card else [])))
    templates = load_templates(needed, options.templates_dir, fonts, campaign)
    breaker = WordBreaker.for_glossary(campaign.glossary)
    documents = [compose_card(card, breaker) for card in merge_cards(campaign, templates, needed)]
    platforms, notes = _with_content(choose_platforms(options, presets), campaign) if "social" in products else ([], [])
    social = _social_documents(campaign, platforms, options, fonts, breaker)
    faces = [face for t in templates.values() for face in t.faces]
    faces += [face for shape in social.values() for _, _, d in shape for face in d.card.template.faces]

    render.prepare(fonts)
    render.verify_faces(tuple({face.path: face for face in faces}.values()))
    build_info = {"flashgen_version": __version__, "content": str(options.content), "campaign": campaign.title}
    with Staging(options.out_dir, build_info, products) as staging:
        state = _Build(options, products, campaign, presets, fonts, staging, progress)
        social_images = sum(
            1 for p in platforms for _, kind, _ in social[p.shape.name] if kind in kinds_for(p)
        )
        progress.start(sum(1 for d in documents if d.card.size in card_sizes) + social_images, "Rendering")
        if "flashcards" in products:
            _make_flashcards(state, documents, card_sizes)
        if print_card is not None:
            notes += _make_print(state, documents, print_card)
        if "booklet" in products:
            _make_booklet(state)
        if "leaflet" in products:
            state.add_pdf("leaflet/leaflet-a4.pdf", build_leaflet(campaign, fonts), "leaflet", "a4-landscape", (297.0, 210.0))
        if platforms:
            _make_social(state, platforms, social)
        manifest = staging.commit()
    return BuildResult(manifest=manifest, files=tuple(staging.files), warnings=campaign.warnings, notes=tuple(notes))
