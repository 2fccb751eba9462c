"""The one orchestrator: ``BuildOptions`` in, a finished output folder out.

``build`` holds the output folder's lock and first asks whether anything
changed since the last build (a hash of every input against the last
manifest); if nothing did, it stops there, without loading the renderer.
Otherwise it runs the stages in order:

1. load (``load/``): content, theme, presets, word breaks → ``Inputs``;
2–4. merge, lay out text, compose (``merge/``, ``text/``, ``compose/``): every
   card and social image the chosen products show → ``LaidOut``, before the
   first one is drawn, so content, template and fit problems stop the build
   early; then the renderer is checked to draw every face with its own file;
5–8. render, PDF, documents, products (``products/``): each product's
   ``make``, drawn on the worker processes. Products that show no card (the
   booklet, leaflet and infographic) are started first, so the workers make
   them while the cards are laid out;
9. output (``output/``): every file staged beside the output folder, then
   all moved in at once with ``manifest.json``; the gallery is written.

``flashgen check`` runs stages 1–4 through the same functions
(``load_inputs``, ``wanted``, ``lay_out``) with a ``Problems`` collector:
where a build stops at the first problem, check writes each one down and
goes on.

The stages are imported inside the functions that run them, not at the top:
they load reportlab and cairo (about half a second), which a build with
nothing to do, ``flashgen --help`` and ``flashgen preview`` never need.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from functools import reduce
from itertools import chain, islice
from operator import or_
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from flashgen import __version__
from flashgen.errors import FlashgenError
from flashgen.i18n import _
from flashgen.load.files import read_input_file
from flashgen.load.fingerprint import data_files
from flashgen.load.fonts import FontBook
from flashgen.load.resources import ICONS_DIR
from flashgen.load.theme import load_theme
from flashgen.options import BuildOptions, NoProgress, Progress
from flashgen.output.cache import build_cache, cache_root, job_seconds, keep_job_seconds
from flashgen.output.gallery import GALLERY_NAME, write_gallery
from flashgen.output.lock import output_lock
from flashgen.output.manifest import (
    MANIFEST_NAME,
    Manifest,
    OutputFile,
    PreviousBuild,
    read_manifest,
)
from flashgen.output.staging import Staging
from flashgen.products import Product, choose_products

if TYPE_CHECKING:  # the stages themselves are imported by the functions that run them (see the docstring)
    from flashgen.compose.card import CardDocument
    from flashgen.load.fonts import Face
    from flashgen.load.presets import CardSize, Platform
    from flashgen.load.template import Template
    from flashgen.merge.cards import MergedCard
    from flashgen.products.base import CardRequest, Inputs, LaidOut, ProductBuild
    from flashgen.products.files import Made


@dataclass(frozen=True)
class BuildResult:
    manifest: Path
    files: tuple[OutputFile, ...]
    warnings: tuple[str, ...] = field(default=())
    notes: tuple[str, ...] = field(default=())
    unchanged: bool = False  # nothing had changed since the last build: no file was written


class Problems(Protocol):
    """Where ``flashgen check`` writes down each problem instead of stopping (a build stops at the first)."""

    def add(self, problem: FlashgenError, file: str = "", card: MergedCard | None = None) -> None: ...


def build(options: BuildOptions, progress: Progress | None = None, images_only: bool = False) -> BuildResult:
    """Make every requested product and return what was written.

    The whole build, from reading the last manifest to writing the new one,
    holds the output folder's lock: two builds on one folder cannot interleave.

    ``images_only`` (`flashgen watch`'s first step after a save): only the
    products' images (a product lists the images it counts for the progress bar
    first) are made, and only those that differ from the last build's file are
    written; their documents (the print-shop PDFs) are never started and stay as
    the last build left them, and the manifest gets no build key, so the next
    build makes everything again. The result lists the products' images. The
    gallery is not written: the same files are in the folder, only the sizes of
    the changed ones differ; the caller writes it (the full build that follows,
    or ``output.gallery.preview``), and a person waits for these images.
    """
    with output_lock(options.out_dir):
        return _build(options, progress or NoProgress(), images_only)


def _build(options: BuildOptions, progress: Progress, images_only: bool = False) -> BuildResult:
    products = choose_products(options.products)
    fonts = FontBook.from_folders(options.font_dirs)
    previous = PreviousBuild(read_manifest(options.out_dir), options.out_dir)
    if images_only:  # no build key (see ``build``): not worth hashing every input for
        return _make(options, products, fonts, previous, None, progress)
    key = input_key(options, fonts)
    if not options.force and previous.unchanged_since(key):
        return _nothing_changed(options, previous)
    return _make(options, products, fonts, previous, key, progress)


def input_key(options: BuildOptions, fonts: FontBook) -> str:
    """A hash of everything a build reads: if it matches the last build's, nothing needs doing."""
    digest = hashlib.sha256(f"{__version__}\0{replace(options, jobs=0, force=False)!r}\0{fonts.fingerprint}".encode())
    from flashgen.load.content import content_sources

    # The content (a YAML file or a spreadsheet, and the item pictures it names), the theme, and every data table:
    # a designer who tunes one (media.yaml, infographic.yaml …) gets a build, not "nothing changed".
    files = [*content_sources(options.content, options.limits), *load_theme(options.theme, options.limits).sources,
             *data_files()]
    files += [options.project_config] if options.project_config else []
    files += [audio] if (audio := options.audio_file()) else []  # the videos' background sound
    outputs = (options.out_dir.resolve(), cache_root(options.out_dir))  # inside the templates, they are no input
    files += sorted(
        p for folder in (options.templates_dir, ICONS_DIR) for p in folder.rglob("*")
        if p.is_file() and not any(made in p.resolve().parents for made in outputs)
    )
    most = max(options.limits.max_content_bytes, options.limits.max_template_bytes)
    for path in files:
        digest.update(str(path).encode("utf-8") + b"\0")
        digest.update(_as_input(path, most))
    return digest.hexdigest()


def _as_input(path: Path, most: int) -> bytes:
    """An input file's bytes for the build key; a marker for one its reader will refuse or name
    (a pipe, a device, a folder, a file too large or missing), which is not read here."""
    try:
        return read_input_file(path, most, lambda size: "too large")
    except (OSError, FlashgenError) as problem:
        return f"unread: {problem}".encode()


def _nothing_changed(options: BuildOptions, previous: PreviousBuild) -> BuildResult:
    assert previous.manifest is not None
    if not (options.out_dir / GALLERY_NAME).exists():
        write_gallery(options.out_dir)
    return BuildResult(options.out_dir / MANIFEST_NAME, previous.manifest.files, unchanged=True)


def load_inputs(options: BuildOptions, fonts: FontBook) -> Inputs:
    """Stage 1: content and theme (the theme's branding set on the campaign), presets, word breaks."""
    from flashgen.load.content import load_campaign
    from flashgen.load.presets import load_presets
    from flashgen.load.template import check_theme_logo
    from flashgen.products.base import Inputs
    from flashgen.text.wordbreak import WordBreaker

    theme = load_theme(options.theme, options.limits)
    check_theme_logo(theme, fonts, options.limits)  # the PDFs draw it too, with no template to check it
    campaign = replace(load_campaign(options.content, options.limits), branding=tuple(theme.values().items()))
    presets = load_presets(project=options.project_config)
    return Inputs(options, campaign, theme, presets, fonts, WordBreaker.for_glossary(campaign.glossary))


def wanted(inputs: Inputs, products: tuple[Product, ...]) -> dict[str, CardRequest]:
    """What each product shows that must be laid out (its ``wants``)."""
    return {product.name: product.load().wants(inputs) for product in products}


def lay_out(inputs: Inputs, request: CardRequest, problems: Problems | None = None) -> LaidOut:
    """Stages 2–4 for every card and social image of ``request``: templates, merge, text layout."""
    from flashgen.merge.cards import card_templates_needed, merge_cards
    from flashgen.products.base import LaidOut

    chosen = inputs.options.layout_of("flashcards")
    needed = card_templates_needed(inputs.campaign, list(request.sizes), chosen)
    templates = _card_templates(inputs, request.sizes, needed, problems)
    sizes = [s for s in request.sizes if all(pair in templates for pair in needed if pair[0] == s.name)]
    cards = merge_cards(inputs.campaign, templates, sizes, chosen, strict=problems is None)
    return LaidOut(_compose(cards, inputs, problems), _social(inputs, request.platforms, problems))


def _card_templates(
    inputs: Inputs, sizes: tuple[CardSize, ...], needed: set[tuple[str, str]], problems: Problems | None
) -> dict[tuple[str, str], Template]:
    """The templates of ``needed`` (size, file name), by size name and file name; unreadable ones left out."""
    found = {}
    for size in sizes:
        for size_name, name in sorted(needed):
            if size_name == size.name and (template := _template(inputs, name, size, problems)):
                found[(size.name, name)] = template
    return found


def _template(inputs: Inputs, name: str, size: CardSize, problems: Problems | None) -> Template | None:
    """The template ``name`` for ``size``; with ``problems``, None if it cannot be read at all."""
    from flashgen.load.template import load_template

    path, options = inputs.options.templates_dir / name, inputs.options
    fields = inputs.campaign.field_names()
    if problems is None:
        return load_template(path, size, inputs.fonts, fields, inputs.theme, limits=options.limits)
    found: list[FlashgenError] = []
    try:
        template: Template | None = load_template(path, size, inputs.fonts, fields, inputs.theme, found, options.limits)
    except FlashgenError as problem:
        template = None
        found.append(problem)
    for problem in found:
        problems.add(problem, file=str(path))
    return template


def _social(inputs: Inputs, platforms: tuple[Platform, ...], problems: Problems | None) -> dict[str, tuple[CardDocument, ...]]:
    """Every social image, laid out once per template shape (platforms of one shape share them)."""
    from flashgen.merge.social import (
        album_cards,
        designs_for,
        kinds_for,
        message_cards,
        template_name,
    )

    by_shape: dict[str, tuple[CardDocument, ...]] = {}
    tried: dict[str, set[str]] = {}  # kinds of each shape already laid out (or found unreadable)
    chosen, campaign, strict = inputs.options.layout_of("social"), inputs.campaign, problems is None
    for platform in platforms:
        shape = platform.shape
        kinds = [kind for kind in kinds_for(platform) if kind not in tried.setdefault(shape.name, set())]
        tried[shape.name].update(kinds)
        designs = designs_for(campaign, kinds, chosen)
        templates = {
            design: template for kind in kinds for design in designs[kind]
            if (template := _template(inputs, template_name(design, shape.name), shape, problems))
        }
        album = [design for kind in ("cover", "point", "closing") if kind in designs for design in designs[kind]]
        cards = album_cards(campaign, templates, shape, chosen, strict) if album and set(album) <= set(templates) else []
        cards += message_cards(campaign, templates, shape, strict) if "message" in templates else []
        by_shape[shape.name] = by_shape.get(shape.name, ()) + _compose(cards, inputs, problems)
    return by_shape


def _compose(cards: list[MergedCard], inputs: Inputs, problems: Problems | None) -> tuple[CardDocument, ...]:
    """``cards`` laid out, one size per frame across each set (compose/sets.py); with ``problems``,
    each frame's problem written down and the frame left empty."""
    from flashgen.compose.sets import compose_set
    from flashgen.merge.cards import empty_fields

    if problems is None:
        return tuple(compose_set(cards, inputs.breaker))
    found = [empty_fields(card) for card in cards]
    documents = compose_set(cards, inputs.breaker, per_card=found)
    for card, card_problems in zip(cards, found):
        for problem in card_problems:
            problems.add(problem, card=card)
    return tuple(documents)


def _make(
    options: BuildOptions, products: tuple[Product, ...], fonts: FontBook, previous: PreviousBuild, key: str | None,
    progress: Progress,
) -> BuildResult:
    """Every stage, in order, for a build that has something to do; nothing reaches ``out`` until all are done.
    No ``key``: only the images (see ``build``)."""
    from flashgen.pdf.printready import print_ready
    from flashgen.products.base import Drawing, LaidOut, ProductBuild
    from flashgen.render import draw as render
    from flashgen.render.jobs import Workers, default_workers

    with ExitStack() as stack:
        with collector_paused():  # until the workers have started (render/jobs.py freezes it all then)
            inputs = load_inputs(options, fonts)
            requests = wanted(inputs, products)
            render.prepare(fonts)  # before the workers start: they inherit flashgen's own fontconfig
            new = Manifest((), key, {"flashgen_version": __version__, "content": str(options.content),
                                     "campaign": inputs.campaign.title})
            reusable = PreviousBuild(None, options.out_dir) if options.force else previous  # --force: draw everything
            images_only = key is None
            stack.enter_context(build_cache(options.out_dir, inputs.breaker))
            staging = stack.enter_context(Staging(options.out_dir, new, tuple(requests), previous.manifest,
                                                  keep_unmade=images_only, verified=reusable.verified))
            workers = stack.enter_context(Workers(options.jobs or default_workers(), job_seconds(options.out_dir)))
        drawing = Drawing(workers, reusable, fonts, progress, documents=not images_only)
        with workers.longest_first():
            early = [p.load().make(ProductBuild(inputs, LaidOut(), drawing)) for p in products if not requests[p.name].shows_cards]
        request = merged(requests.values())
        laid_out = lay_out(inputs, request)
        render.verify_faces(_faces(laid_out, request))
        late = [_made(p, ProductBuild(inputs, laid_out, drawing)) for p in products if requests[p.name].shows_cards]
        if drawing.expected_images:  # a build of documents only draws no image here: no empty bar
            progress.start(drawing.expected_images, _("Rendering"))
        if images_only:
            _images_only(staging, late)
        else:
            # Every product's images first, then what is put together from a worker's drawing (products/files.py
            # Made.after), then the documents. Every PDF is for a printer and gets its output intent: a document
            # made on a worker comes with it (products/base.py), the others (the card decks put together here) now.
            shown = [made for made, _count in late]
            for file in chain.from_iterable([*(m.files for m in shown), *(m.after for m in shown),
                                             *(part for m in early for part in (m.files, m.after))]):
                staging.add(file, finish=print_ready if file.meta.format == "pdf" else None)
        manifest = staging.commit()  # from here on Ctrl-C waits for the end of the build (output/staging.py)
        keep_job_seconds(options.out_dir, workers.seconds)
        if not images_only:  # at once: index.html shows the files now in the folder (images-only: see ``build``)
            write_gallery(options.out_dir, inputs.presets)
    notes = request.notes + tuple(note for made, _count in late for note in made.notes)
    notes += tuple(note for made in early for note in made.notes)
    return BuildResult(manifest=manifest, files=tuple(staging.files), warnings=inputs.campaign.warnings, notes=notes)


@contextmanager
def collector_paused() -> Iterator[None]:
    """No garbage collection while the build loads what it works from (the content, the dictionary, the
    renderer): nearly all of it lives to the end of the build, and walking it again and again to find none
    garbage took a tenth of a second of the build's start. The workers never walk it (render/jobs.py)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _made(product: Product, build: ProductBuild) -> tuple[Made, int]:
    """The product's files, and how many images it asked ``build.drawing`` for (it lists them first)."""
    asked = build.drawing.expected_images
    made = product.load().make(build)
    return made, build.drawing.expected_images - asked


def _images_only(staging: Staging, made: list[tuple[Made, int]]) -> None:
    """Stage the images of ``made`` (staging keeps those already in place as they are).

    Only the images the product counted are read from its files: reading one file more would wait for a
    print-shop PDF, which an images-only build does not make (the manifest keeps the last one, staging.py)."""
    for product, count in made:
        for file in islice(product.files, count):
            staging.add(file)


def merged(requests: Iterable[CardRequest]) -> CardRequest:
    """One request for everything the products show (each card laid out once)."""
    from flashgen.products.base import CardRequest

    return reduce(or_, requests, CardRequest())


def _faces(laid_out: LaidOut, request: CardRequest) -> tuple[Face, ...]:
    """Every face the build draws with: the templates' and the documents'."""
    faces = [face for d in laid_out.cards for face in d.card.template.faces]
    faces += [face for documents in laid_out.social.values() for d in documents for face in d.card.template.faces]
    faces += request.faces
    return tuple({face.path: face for face in faces}.values())
