"""The one place that runs flashgen's stages in order, for a build that has something to do.

load content and theme (content.py, theme.py) → load templates (template.py)
→ merge (merge.py) → lay out text (compose.py, textlayout.py) → render
(render.py) → package (products.py: printdecks, calibration, booklet,
leaflet, infographic, social; package.py).

``pipeline.build`` decides first whether anything changed since the last
build; only then does it call ``run_stages``.

Every card (flashcards, print, social) is laid out before the first one is
rendered, so content, template, font and fit problems stop the build early;
whole documents (booklet, leaflet, infographic) are made on the worker
processes while the cards are laid out and drawn; and nothing reaches the
output folder until every product has been made (package.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from flashgen import __version__
from flashgen.build import BuildResult
from flashgen.compose.card import CardDocument, compose_card
from flashgen.documents.infographic import infographic_faces
from flashgen.errors import FlashgenError
from flashgen.load.content import Campaign, load_campaign
from flashgen.load.fonts import FontBook
from flashgen.load.limits import Limits
from flashgen.load.presets import CardSize, Platform, Presets, load_presets
from flashgen.load.template import Template, load_template
from flashgen.load.theme import Theme, load_theme
from flashgen.merge.cards import merge_cards
from flashgen.merge.social import kinds_for
from flashgen.options import BuildOptions, Progress, choose_platforms, choose_sizes
from flashgen.output.gallery import write_gallery
from flashgen.output.staging import Staging
from flashgen.products.make import (
    BuildState,
    finish_documents,
    make_flashcards,
    make_print,
    make_social,
    social_documents,
    start_booklet,
    start_card_decks,
    start_infographic,
    start_leaflet,
)
from flashgen.render import draw as render
from flashgen.render.jobs import Workers, default_workers
from flashgen.text.wordbreak import WordBreaker


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


def run_stages(
    options: BuildOptions, products: tuple[str, ...], fonts: FontBook, previous: dict | None, input_key: str, progress: Progress
) -> BuildResult:
    """Every stage, in order, for a build that has something to do; nothing reaches ``out`` until all are done."""
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
