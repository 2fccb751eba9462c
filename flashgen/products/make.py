"""Stage 5 — package: each product made from the laid-out cards and the campaign.

Takes the build's shared state (``BuildState``: campaign, fonts, staging,
progress) and the ``CardDocument``s laid out by the earlier stages; each
``make_*`` function renders what its product needs and stages its files:
flashcard images and print-shop PDFs, office print decks, the booklet, the
leaflet, social-media sets. ``stages.run_stages`` calls them in order.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from lxml import etree

from flashgen import __version__
from flashgen.compose.card import CardDocument, compose_card
from flashgen.documents.booklet import build_booklet
from flashgen.documents.infographic import (
    LAYOUTS,
    POSTER_PAPERS,
    carousel_svgs,
    poster_svg,
    web_svg,
)
from flashgen.documents.leaflet import build_leaflet
from flashgen.errors import FlashgenError
from flashgen.load.content import Campaign
from flashgen.load.fonts import FontBook
from flashgen.load.presets import CardSize, Platform, Presets
from flashgen.load.svgdoc import parse_number
from flashgen.load.template import load_template
from flashgen.load.theme import Theme
from flashgen.merge.social import album_cards, kinds_for, message_cards, template_name
from flashgen.output.staging import FileMeta, Staging
from flashgen.pdf.calibration import calibration_sheet
from flashgen.pdf.decks import CardPages, imposed_deck, print_shop_deck, titled_pdf
from flashgen.pdf.impose import FLIPS, SheetPlan, plan_sheet
from flashgen.pdf.kit import DocInfo
from flashgen.products.captions import (
    Post,
    captions_csv,
    captions_text,
    make_post,
    zip_folder,
)
from flashgen.render import draw as render
from flashgen.render.encode import png_bytes
from flashgen.render.jobs import RasterJob, Workers
from flashgen.text.wordbreak import WordBreaker

if TYPE_CHECKING:
    from flashgen.options import BuildOptions, Progress

BOOKLET_PAGES = {"A4": (210.0, 297.0), "A5": (148.0, 210.0)}


def doc_info(campaign: Campaign, title: str) -> DocInfo:
    return DocInfo(
        title=f"{title}: {campaign.title}",
        author=campaign.organisation,
        subject=campaign.source.title or campaign.title,
        keywords=", ".join(filter(None, [campaign.compare.from_name, campaign.compare.to_name, *campaign.hashtags])),
    )


@dataclass
class BuildState:
    """One build in progress: what the stages share."""

    options: BuildOptions
    products: tuple[str, ...]
    campaign: Campaign
    presets: Presets
    fonts: FontBook
    staging: Staging
    progress: Progress
    theme: Theme
    workers: Workers = field(default_factory=lambda: Workers(1))
    previous: dict[str, dict] = field(default_factory=dict)  # the previous build's files, by render key
    # Per print size: the vector PDF of every card side (started early on a worker) and the page of each (item, side).
    card_decks: dict[str, tuple[Callable[[], bytes], dict[tuple[int | None, str | None], int]]] = field(default_factory=dict)

    def job(self, name: str, document: CardDocument, pixels: tuple[int, int], dpi: float, encoding: str | Platform) -> RasterJob:
        return RasterJob(name, document.svg, pixels, dpi, encoding, self.fonts.fingerprint, str(document.card.template.path))

    def reuse(self, key: str) -> bytes | None:
        """The previous build's file for this render key, if it is still intact."""
        entry = self.previous.get(key)
        if entry is None:
            return None
        try:
            data = (self.options.out_dir / entry["path"]).read_bytes()
        except OSError:
            return None
        return data if hashlib.sha256(data).hexdigest() == entry.get("sha256") else None

    def document_key(self, kind: str, *parts: str | bytes) -> str:
        """A render key for a whole document (a PDF): a hash of everything it is made from."""
        digest = hashlib.sha256()
        header = (__version__, kind, self.fonts.fingerprint, os.environ.get("SOURCE_DATE_EPOCH", ""))
        for part in (*header, *parts):
            digest.update(part if isinstance(part, bytes) else part.encode("utf-8"))
            digest.update(b"\0")
        return digest.hexdigest()

    def reuse_set(self, key: str) -> list[tuple[str, bytes, FileMeta]] | None:
        """The files of the last build made as one set under ``key`` (render keys ``key/path``), if all are intact."""
        entries = [entry for render_key, entry in self.previous.items() if render_key.startswith(key + "/")]
        files = []
        for entry in entries:
            data = self.reuse(entry["render_key"])
            if data is None:
                return None
            meta = FileMeta(**{name: entry.get(name) for name in FileMeta.__dataclass_fields__ if name in entry})
            files.append((entry["path"], data, meta))
        return files or None

    def reuse_or_make(self, key: str, make: Callable[[], bytes]) -> bytes:
        """The previous build's file for ``key`` if intact, else ``make()``."""
        previous = self.reuse(key)
        return previous if previous is not None else make()

    def render_all(self, jobs: list[RasterJob]) -> Iterator[bytes]:
        """Encoded images for ``jobs``, in order, one at a time, drawn on every worker; unchanged ones reused."""
        return self.workers.run_jobs(jobs, self.reuse, self.progress.advance)

    def start_card_deck(self, documents: list[CardDocument], size: CardSize) -> None:
        """Begin drawing every card side of ``size`` into one vector PDF, in deck order, on a worker."""
        if size.name not in self.card_decks:
            chosen = [d for d in documents if d.card.size == size]
            pages = {(d.card.item, d.card.side): index for index, d in enumerate(chosen)}
            self.card_decks[size.name] = (self.workers.start(render.render_pdf_pages, [(d.svg, str(d.card.template.path)) for d in chosen]), pages)

    def card_deck(self, documents: list[CardDocument], size: CardSize) -> tuple[bytes, dict[tuple[int | None, str | None], int]]:
        """Every card side of ``size`` as one vector PDF in deck order, and the page of each (item, side)."""
        self.start_card_deck(documents, size)
        result, pages = self.card_decks[size.name]
        try:
            return result(), pages
        except FlashgenError as exc:
            raise FlashgenError(f"the PDF of the '{size.name}' cards: {exc.message}") from None

    def card_pages(self, documents: list[CardDocument], size: CardSize) -> tuple[bytes, list[CardPages]]:
        source, pages = self.card_deck(documents, size)
        items = [d.card.item for d in documents if d.card.size == size and d.card.side == "front"]
        return source, [CardPages(item, pages[(item, "front")], pages[(item, "back")]) for item in items if item is not None]

    def add_pdf(
        self, relative: str, data: bytes, product: str, size: str, page_mm: tuple[float, float], render_key: str | None = None
    ) -> None:
        self.staging.add(relative, data, FileMeta(
            product=product, format="pdf", size=size, width_mm=page_mm[0], height_mm=page_mm[1], render_key=render_key,
        ))


def make_flashcards(build: BuildState, documents: list[CardDocument], sizes: list[CardSize]) -> None:
    """PNG of every card side; for print sizes, the print-shop PDF too."""
    chosen = [d for d in documents if d.card.size in sizes]
    jobs = [
        build.job(f"flashcards/{d.card.size.name}/{d.card.slug}.png", d, d.card.size.pixels, d.card.size.dpi,
                  "png-dpi" if d.card.size.is_print else "png")
        for d in chosen
    ]
    for document, job, data in zip(chosen, jobs, build.render_all(jobs)):
        card, size = document.card, document.card.size
        width_mm, height_mm = size.canvas_mm if size.is_print else (None, None)
        build.staging.add(job.name, data, FileMeta(
            product="flashcards", format="png", size=size.name, item=card.item, side=card.side,
            width_px=size.pixels[0], height_px=size.pixels[1], width_mm=width_mm, height_mm=height_mm,
            render_key=job.key,
        ))
    for size in sizes:
        if size.is_print:
            info, key = _print_shop_deck(build, documents, size)
            deck = build.reuse_or_make(key, lambda: print_shop_deck(build.card_deck(documents, size)[0], size, info))
            build.add_pdf(f"flashcards/flashcards-{size.name}.pdf", deck, "flashcards", size.name, size.canvas_mm, key)


def _print_shop_deck(build: BuildState, documents: list[CardDocument], size: CardSize) -> tuple[DocInfo, str]:
    """The print-shop deck's metadata and render key."""
    info = doc_info(build.campaign, f"Bộ thẻ in {size.label}")
    return info, build.document_key("print-shop deck", size.name, repr(info), *[d.svg for d in documents if d.card.size == size])


def _office_deck(build: BuildState, documents: list[CardDocument], card: CardSize) -> tuple[SheetPlan, DocInfo, str]:
    """How the cards go on office paper, the deck's metadata, and its render key."""
    settings = build.options.printing
    if settings.flip not in FLIPS:
        raise FlashgenError(f"unknown duplex flip '{settings.flip}'; choose 'long' (most printers) or 'short'.")
    sheet = build.presets.sheet(settings.sheet)
    plan = plan_sheet(card, sheet, build.presets.grid(card, sheet), settings.gutter_mm, settings.margin_mm)
    info = doc_info(build.campaign, f"Bộ thẻ {card.label}, {plan.per_sheet} thẻ trên một tờ {sheet.label}")
    key = build.document_key("office deck", repr(settings), repr(plan), repr(info), *[d.svg for d in documents if d.card.size == card])
    return plan, info, key


def start_card_decks(build: BuildState, documents: list[CardDocument], shop_sizes: list[CardSize], office: CardSize | None) -> None:
    """Start the vector card PDFs that a deck of this build needs (not those of decks reused whole),
    so a worker draws them while the images are drawn."""
    for size in dict.fromkeys([s for s in shop_sizes if s.is_print] + ([office] if office else [])):
        shop_needed = size in shop_sizes and build.reuse(_print_shop_deck(build, documents, size)[1]) is None
        office_needed = size == office and build.reuse(_office_deck(build, documents, size)[2]) is None
        if shop_needed or office_needed:
            build.start_card_deck(documents, size)


def make_print(build: BuildState, documents: list[CardDocument], card: CardSize) -> list[str]:
    """Cards N-up on office paper with duplex backs, and the calibration sheet."""
    settings = build.options.printing
    plan, info, key = _office_deck(build, documents, card)
    sheet = plan.sheet

    def make_deck() -> bytes:
        source, cards = build.card_pages(documents, card)
        return imposed_deck(source, cards, plan, settings.flip, settings.back_offset_mm, info)

    deck = build.reuse_or_make(key, make_deck)
    page_mm = (sheet.width_mm, sheet.height_mm)
    build.add_pdf(f"print/{card.name}-on-{sheet.name}.pdf", deck, "print", f"{card.name}-on-{sheet.name}", page_mm, key)
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


def social_documents(
    campaign: Campaign, platforms: list[Platform], options: BuildOptions, fonts: FontBook, breaker: WordBreaker,
    theme: Theme,
) -> dict[str, list[tuple[str, str, CardDocument]]]:
    """Every social image laid out once per template shape: (stem, kind, document) by shape."""
    fields = campaign.field_names()
    by_shape: dict[str, list[tuple[str, str, CardDocument]]] = {}
    for platform in platforms:
        shape = platform.shape
        kinds = kinds_for(platform)
        done = {kind for _, kind, _ in by_shape.get(shape.name, [])}
        templates = {
            kind: load_template(options.templates_dir / template_name(kind, shape.name), shape, fonts, fields, theme, limits=options.limits)
            for kind in kinds if kind not in done
        }
        cards = []
        if "cover" in templates:
            cards += album_cards(campaign, templates, shape)
        if "message" in templates:
            cards += message_cards(campaign, templates, shape)
        by_shape.setdefault(shape.name, []).extend((stem, kind, compose_card(card, breaker)) for stem, kind, card in cards)
    return by_shape


def make_social(build: BuildState, platforms: list[Platform], by_shape: dict[str, list[tuple[str, str, CardDocument]]]) -> None:
    """One folder per platform: images in posting order, captions, and a zip of it all."""
    for platform in platforms:
        extension = "jpg" if platform.format == "jpeg" else "png"
        folder = f"social/{platform.name}"
        kinds = kinds_for(platform)
        posts: list[Post] = []
        files: list[tuple[str, bytes]] = []
        chosen = [(stem, kind, document) for stem, kind, document in by_shape[platform.shape.name] if kind in kinds]
        jobs = [build.job(f"{folder}/{stem}.{extension}", d, platform.pixels, 96, platform) for stem, _, d in chosen]
        for (stem, kind, document), job, data in zip(chosen, jobs, build.render_all(jobs)):
            post = make_post(build.campaign, stem, kind, document)
            build.staging.add(job.name, data, FileMeta(
                product="social", format=platform.format, size=platform.name, item=document.card.item, side=kind,
                width_px=platform.pixels[0], height_px=platform.pixels[1], alt_text=post.alt_text, render_key=job.key,
            ))
            posts.append(post)
            files.append((f"{stem}.{extension}", data))
        text = captions_text(build.campaign, platform, posts, extension).encode("utf-8")
        table = captions_csv(posts, extension)
        for name, data, kind in (("captions.txt", text, "txt"), ("captions.csv", table, "csv")):
            build.staging.add(f"{folder}/{name}", data, FileMeta(product="social", format=kind, size=platform.name))
            files.append((name, data))
        build.staging.add(f"social/{platform.name}.zip", zip_folder(platform.name, files),
                          FileMeta(product="social", format="zip", size=platform.name))


# (path, result, product, size, page mm, render key)
Pending = list[tuple[str, Callable[[], bytes], str, str, tuple[float, float], str]]


def _start_or_reuse(build: BuildState, key: str, function: Callable[..., bytes], *args: object) -> Callable[[], bytes]:
    """The previous build's file for ``key`` if it is intact, else ``function(*args)`` started on the workers."""
    previous = build.reuse(key)
    return (lambda: previous) if previous is not None else build.workers.start(function, *args)


def start_booklet(build: BuildState) -> Pending:
    """The handout, in A4 and A5, started on the workers (or reused if nothing it shows changed)."""
    pending: Pending = []
    for page, page_mm in BOOKLET_PAGES.items():
        key = build.document_key("booklet", page, repr(build.campaign), repr(build.theme))
        result = _start_or_reuse(build, key, build_booklet, build.campaign, build.fonts, page, build.theme)
        pending.append((f"booklet/booklet-{page.lower()}.pdf", result, "booklet", page.lower(), page_mm, key))
    return pending


def start_leaflet(build: BuildState) -> Pending:
    """The tri-fold leaflet, A4 landscape, started on the workers (or reused if nothing it shows changed)."""
    key = build.document_key("leaflet", repr(build.campaign), repr(build.theme))
    result = _start_or_reuse(build, key, build_leaflet, build.campaign, build.fonts, build.theme)
    return [("leaflet/leaflet-a4.pdf", result, "leaflet", "a4-landscape", (297.0, 210.0), key)]


def finish_documents(build: BuildState, pending: Pending) -> None:
    """Stage the documents started earlier, in the order they were started."""
    for path, result, product, size, page_mm, key in pending:
        build.add_pdf(path, result(), product, size, page_mm, key)


def _poster_files(
    campaign: Campaign, fonts: FontBook, breaker: WordBreaker, layout: str, theme: Theme
) -> list[tuple[str, bytes, FileMeta]]:
    """The poster of ``layout`` in ``theme`` as vector PDFs for every paper: laid out once, A2 is A3 enlarged."""
    a3 = poster_svg(campaign, fonts, breaker, layout, "a3", theme)
    files = []
    for paper, (width, height) in POSTER_PAPERS.items():
        root = etree.fromstring(a3)
        root.set("width", f"{width:g}mm")
        root.set("height", f"{height:g}mm")
        title = f"Infographic ({'danh sách' if layout == 'list' else 'so sánh'}, {paper.upper()})"
        svg = etree.tostring(root, encoding="utf-8", xml_declaration=True)
        meta = FileMeta(product="infographic", format="pdf", size=paper, width_mm=width, height_mm=height)
        files.append((f"infographic/poster-{layout}-{paper}.pdf", titled_pdf(render.render_pdf(svg), doc_info(campaign, title)), meta))
    return files


def _screen_pngs(
    campaign: Campaign, fonts: FontBook, breaker: WordBreaker, layout: str, theme: Theme
) -> list[tuple[str, bytes, FileMeta]]:
    """The tall web image and the carousel slides of ``layout`` in ``theme``."""
    images = [(f"infographic/web-{layout}.png", web_svg(campaign, fonts, breaker, layout, theme=theme))]
    images += [
        (f"infographic/carousel-{layout}/{number:02d}.png", svg)
        for number, svg in enumerate(carousel_svgs(campaign, fonts, breaker, layout, theme=theme), start=1)
    ]
    result = []
    for path, svg in images:
        pixels = _svg_pixels(svg)
        meta = FileMeta(product="infographic", format="png", size=path.split("/")[1].split(".")[0],
                        width_px=pixels[0], height_px=pixels[1])
        result.append((path, png_bytes(render.render_image(svg, pixels, 96)), meta))
    return result


def start_infographic(build: BuildState, breaker: WordBreaker) -> Callable[[], None]:
    """Lay out and draw both infographic layouts on the workers; the returned callable stages them.

    Each layout's posters, and each layout's screen images, are one set with
    one key (content, theme, fonts): a set whose files of the last build are
    intact is reused whole instead of drawn again.
    """
    args = (build.campaign, build.fonts, breaker)
    sets = []
    for layout in LAYOUTS:
        for kind, function in (("posters", _poster_files), ("screens", _screen_pngs)):
            key = build.document_key(f"infographic {kind}", layout, repr(build.campaign), repr(build.theme))
            previous = build.reuse_set(key)
            result = (lambda files=previous: files) if previous is not None else build.workers.start(function, *args, layout, build.theme)
            sets.append((key, result))

    def finish() -> None:
        for key, result in sets:
            for path, data, meta in result():
                build.staging.add(path, data, replace(meta, render_key=f"{key}/{path}"))

    return finish


def _svg_pixels(svg: bytes) -> tuple[int, int]:
    root = etree.fromstring(svg)
    return round(parse_number(root.get("width"), "width")), round(parse_number(root.get("height"), "height"))
