"""The one place that runs flashgen's stages in order.

load content (content.py) → load templates (template.py) → merge (merge.py)
→ lay out text (compose.py, textlayout.py) → render (render.py)
→ package (pdfdeck.py, package.py).

Everything that can fail because of the user's input — content, templates,
fonts, text that does not fit — fails before the first file is rendered, and
nothing reaches the output folder until the whole build has succeeded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from . import __version__, render
from .compose import CardDocument, compose_card
from .content import Campaign, load_campaign
from .errors import FlashgenError
from .fonts import FontBook
from .merge import merge_cards
from .package import FileMeta, OutputFile, Staging
from .pdfdeck import DeckInfo, assemble_deck
from .presets import CardSize, load_card_sizes
from .resources import DEFAULT_CONTENT, FONTS_DIR, TEMPLATES_DIR
from .template import Template, load_template
from .wordbreak import WordBreaker

PRODUCT = "flashcards"


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
class BuildOptions:
    content: Path = DEFAULT_CONTENT
    out_dir: Path = Path("out")
    sizes: tuple[str, ...] = ()  # empty: every size
    templates_dir: Path = TEMPLATES_DIR
    font_dirs: tuple[Path, ...] = (FONTS_DIR,)


@dataclass(frozen=True)
class BuildResult:
    manifest: Path
    files: tuple[OutputFile, ...]
    warnings: tuple[str, ...] = field(default=())


def choose_sizes(requested: tuple[str, ...]) -> list[CardSize]:
    available = load_card_sizes()
    unknown = [name for name in requested if name not in available]
    if unknown:
        raise FlashgenError(
            f"unknown card size {', '.join(repr(n) for n in unknown)}; choose from: {', '.join(available)}."
        )
    return [available[name] for name in (requested or tuple(available))]


def load_templates(
    sizes: list[CardSize], templates_dir: Path, fonts: FontBook, campaign: Campaign
) -> dict[tuple[str, str], Template]:
    known_fields = frozenset(campaign.values_for(campaign.items[0]))
    return {
        (size.name, side): load_template(templates_dir / file_name, size, fonts, known_fields)
        for size in sizes
        for side, file_name in size.templates
    }


def _deck_info(campaign: Campaign, size: CardSize) -> DeckInfo:
    return DeckInfo(
        title=f"Bộ thẻ {campaign.title} — {size.label}",
        author=campaign.organisation,
        subject=campaign.source.title or campaign.title,
        keywords=", ".join([campaign.compare.from_name, campaign.compare.to_name, *campaign.hashtags]).strip(", "),
    )


def _render_card(document: CardDocument, staging: Staging) -> bytes | None:
    """Stage the card's PNG; return its vector PDF page for print sizes."""
    card = document.card
    size = card.size
    image = render.render_image(document.svg, size.pixels, size.dpi)
    width_mm, height_mm = size.canvas_mm if size.is_print else (None, None)
    staging.add(
        f"{PRODUCT}/{size.name}/{card.slug}.png",
        render.encode_png(image, size.dpi if size.is_print else None),
        FileMeta(
            product=PRODUCT, format="png", size=size.name, item=card.item.number, side=card.side,
            width_px=image.width, height_px=image.height, width_mm=width_mm, height_mm=height_mm,
        ),
    )
    return render.render_pdf(document.svg) if size.is_print else None


def build(options: BuildOptions, progress: Progress | None = None) -> BuildResult:
    """Build every flashcard output for ``options`` and return what was written."""
    progress = progress or _Silent()
    campaign = load_campaign(options.content)
    sizes = choose_sizes(options.sizes)
    fonts = FontBook.from_folders(options.font_dirs)
    templates = load_templates(sizes, options.templates_dir, fonts, campaign)
    cards = merge_cards(campaign, templates, sizes)
    breaker = WordBreaker.for_glossary(campaign.glossary)
    documents = [compose_card(card, breaker) for card in cards]

    render.prepare(fonts)
    render.verify_faces(tuple({face.path: face for t in templates.values() for face in t.faces}.values()))
    build_info = {"flashgen_version": __version__, "content": str(options.content), "campaign": campaign.title}
    with Staging(options.out_dir, build_info) as staging:
        progress.start(len(documents), "Rendering cards")
        pdf_pages: dict[str, list[bytes]] = {}
        for document in documents:
            page = _render_card(document, staging)
            if page is not None:
                pdf_pages.setdefault(document.card.size.name, []).append(page)
            progress.advance()
        for size in sizes:
            if size.name in pdf_pages:
                deck = assemble_deck(pdf_pages[size.name], size.bleed_mm, _deck_info(campaign, size))
                staging.add(
                    f"{PRODUCT}/{PRODUCT}-{size.name}.pdf",
                    deck,
                    FileMeta(product=PRODUCT, format="pdf", size=size.name,
                             width_mm=size.canvas_mm[0], height_mm=size.canvas_mm[1]),
                )
        manifest = staging.commit()
    return BuildResult(manifest=manifest, files=tuple(staging.files), warnings=campaign.warnings)
