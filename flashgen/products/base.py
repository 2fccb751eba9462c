"""What every product is given, and what it hands back.

A product's ``wants`` takes the build's ``Inputs`` (options, campaign,
theme, presets, fonts, word breaks) and returns a ``CardRequest``: the cards
and social images it shows, which the build lays out (stages 1–4) before the
first one is drawn. Its ``make`` takes a ``ProductBuild`` (the inputs, what
was laid out, and ``Drawing``: the worker processes and the previous build's
files) and returns ``Made``: the files it makes (``MadeFile``: path, bytes,
``FileMeta``) and notes for the user. ``make`` starts long work (a document,
a PDF of card pages) on the workers at once and yields the files when they
are asked for, so every product's work runs while the others draw.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Protocol, TypeVar

from flashgen import __version__
from flashgen.compose.card import CardDocument
from flashgen.errors import FlashgenError
from flashgen.i18n import _
from flashgen.load.content import Campaign
from flashgen.load.fingerprint import data_fingerprint
from flashgen.load.fonts import Face, FontBook
from flashgen.load.presets import CardSize, Platform, Presets
from flashgen.load.theme import Theme
from flashgen.options import BuildOptions, Progress
from flashgen.pdf.kit import DocInfo
from flashgen.pdf.printready import print_ready
from flashgen.products.files import MadeFile
from flashgen.render import draw as render
from flashgen.render.jobs import RasterJob, Workers
from flashgen.text.wordbreak import WordBreaker

T = TypeVar("T")
SHARED_IMAGES = 100  # at most this many images drawn once for two products are held in memory until both have them


@dataclass(frozen=True)
class Inputs:
    """Everything a build reads, loaded (stage 1)."""

    options: BuildOptions
    campaign: Campaign
    theme: Theme
    presets: Presets
    fonts: FontBook
    breaker: WordBreaker


@dataclass(frozen=True)
class CardRequest:
    """What a product shows that must be laid out before anything is drawn."""

    sizes: tuple[CardSize, ...] = ()  # card sizes: every side of every item
    platforms: tuple[Platform, ...] = ()  # social platforms: their album and message images
    faces: tuple[Face, ...] = ()  # faces it draws with outside the templates (documents)
    notes: tuple[str, ...] = ()  # what the user should know about the choice (no messages: no message images)

    def __or__(self, other: CardRequest) -> CardRequest:
        def both(a: tuple, b: tuple) -> tuple:  # type: ignore[type-arg]
            return tuple(dict.fromkeys(a + b))

        return CardRequest(
            both(self.sizes, other.sizes), both(self.platforms, other.platforms), both(self.faces, other.faces),
            self.notes + other.notes,
        )

    @property
    def shows_cards(self) -> bool:
        return bool(self.sizes or self.platforms)


@dataclass(frozen=True)
class LaidOut:
    """Every card and social image of the build, laid out (stages 2–4), not yet drawn."""

    cards: tuple[CardDocument, ...] = ()
    # By template shape; each card's slug is its file stem in posting order, its side the kind (cover, point …).
    social: Mapping[str, tuple[CardDocument, ...]] = field(default_factory=dict)

    def of_size(self, size: CardSize) -> list[CardDocument]:
        return [d for d in self.cards if d.card.size == size]

    def for_platform(self, platform: Platform, kinds: Iterable[str]) -> list[CardDocument]:
        chosen = set(kinds)
        return [d for d in self.social.get(platform.shape.name, ()) if d.card.side in chosen]


class PreviousBuild(Protocol):
    """The files of the last build into the same folder, by render key, if they are still as written."""

    def file(self, key: str) -> bytes | None: ...

    def listed(self, key: str) -> bool: ...

    def present(self, key: str) -> bool: ...

    def drawing_at(self, path: str) -> tuple[str, bytes] | None: ...

    def file_set(self, key: str) -> list[MadeFile] | None: ...

    def drawn(self, own: str) -> list[MadeFile] | None: ...


@dataclass(frozen=True)
class Keys:
    """Render keys of documents: a hash of a document's kind and parts under the build's header (flashgen's
    version, the fonts, every data table, SOURCE_DATE_EPOCH); the same on the workers as in the build."""

    header: tuple[str, ...]

    def key(self, kind: str, *parts: str | bytes) -> str:
        digest = hashlib.sha256()
        for part in (*self.header[:1], kind, *self.header[1:], *parts):
            digest.update(part if isinstance(part, bytes) else part.encode("utf-8"))
            digest.update(b"\0")
        return digest.hexdigest()


@dataclass(frozen=True)
class Redraw:
    """What a set's job on a worker needs to reuse the last build's files of a drawing that did not change.

    A set's render key names everything it is made from (the whole campaign,
    for a poster): an edited item makes the set again. But a poster shows
    each item's short labels only, and a tiled sheet shows the poster: once
    the job has laid the poster out, the drawing's own key (the laid-out SVG
    and what else goes into the files) says whether the last build drew the
    same thing, and then its files are taken instead of drawn again.
    """

    keys: Keys
    previous: PreviousBuild

    def files(self, kind: str, parts: tuple[str | bytes, ...], draw: Callable[[], list[MadeFile]]) -> list[MadeFile]:
        """The files the last build drew from the drawing ``kind``, ``parts`` if all are intact, else ``draw()``;
        each carries the drawing's key after '#' in its render key (``set_files`` puts the set's before it)."""
        own = self.keys.key(kind, *parts)
        kept = self.previous.drawn(own)
        made = kept if kept is not None else draw()
        return [replace(f, meta=replace(f.meta, render_key=f"#{own}")) for f in made]


def redrawn(redraw: Redraw | None, kind: str, parts: tuple[str | bytes, ...],
            draw: Callable[[], list[MadeFile]]) -> list[MadeFile]:
    """``redraw.files(kind, parts, draw)``; without ``redraw`` (a job called by itself), ``draw()``."""
    return redraw.files(kind, parts, draw) if redraw is not None else draw()


def set_files(started: Iterable[tuple[str, Callable[[], list[MadeFile]]]]) -> Iterator[MadeFile]:
    """The files of sets started with ``Drawing.start_set``, each with its render key: "<set key>/<path>", and
    "#<own key>" after it for a file whose job names its own drawing (``Redraw``, screen images)."""
    for key, result in started:
        for made in result():
            own = (made.meta.render_key or "").partition("#")[2]
            render_key = f"{key}/{made.path}" + (f"#{own}" if own else "")
            yield replace(made, meta=replace(made.meta, render_key=render_key))


class Drawing:
    """The build's worker processes and the previous build's files: draw what changed, reuse the rest."""

    def __init__(self, workers: Workers, previous: PreviousBuild, fonts: FontBook, progress: Progress,
                 documents: bool = True) -> None:
        self.workers = workers
        self.documents = documents  # False (an images-only build): a document is made only if its result is asked for
        self.previous = previous
        self.fonts = fonts
        self.progress = progress
        self.expected_images = 0  # images the products will hand to ``images``, for the progress bar
        self._card_pdfs: dict[str, Callable[[], bytes]] = {}
        # every data table: a designer's change to one makes the documents again
        self.keys = Keys((__version__, fonts.fingerprint, data_fingerprint(), os.environ.get("SOURCE_DATE_EPOCH", "")))
        self.redraw = Redraw(self.keys, previous)
        self._asked: set[str] = set()  # render keys of every image asked for
        self._again: set[str] = set()  # ... asked for more than once: drawn once, the bytes kept for the others
        self._shared: dict[str, bytes] = {}

    def document_key(self, kind: str, *parts: str | bytes) -> str:
        """A render key for a whole document: a hash of everything it is made from."""
        return self.keys.key(kind, *parts)

    def start(self, key: str, function: Callable[..., bytes], *args: object) -> Callable[[], bytes]:
        """The previous build's file for ``key`` if intact, else ``function(*args)`` started on the workers
        (a PDF given its output intent there too)."""
        previous = self.previous.file(key)
        return (lambda: previous) if previous is not None else self.begin(function, *args, then=_print_ready_document)

    def start_set(self, key: str, function: Callable[..., list[MadeFile]], *args: object) -> Callable[[], list[MadeFile]]:
        """Like ``start`` for a set of files made together (render keys ``key/path``)."""
        previous = self.previous.file_set(key)
        return (lambda: previous) if previous is not None else self.begin(function, *args, then=_print_ready_set)

    def begin(self, function: Callable[..., T], *args: object, then: Callable[[T], T] | None = None) -> Callable[[], T]:
        """``function(*args)`` (passed through ``then``) started on the workers (in an images-only build: run only
        if its result is asked for)."""
        if self.documents:
            return self.workers.start(function, *args, then=then)
        return self.workers.later(lambda: then(function(*args)) if then else function(*args))

    def job(self, name: str, document: CardDocument, pixels: tuple[int, int], dpi: float, encoding: str | Platform) -> RasterJob:
        return RasterJob(name, document.svg, pixels, dpi, encoding, self.fonts.fingerprint, str(document.card.template.path))

    def images(self, jobs: list[RasterJob], counted: bool = True) -> Iterator[bytes]:
        """Encoded images for ``jobs``, in order, one at a time, drawn on every worker; unchanged ones reused.

        Counted for the progress bar at once; drawn when the result is read.
        An image an earlier call already asked for (the carousel shows the
        social album's 4:5 images) is drawn once: the earlier call keeps its
        bytes when it draws it, and this one takes them (or draws it, if it is
        read first). ``counted=False``: jobs known only once the progress bar
        has its total (the infographic's slides) are drawn without moving it.
        """
        advance = self.progress.advance if counted else _nothing
        self.expected_images += len(jobs) if counted else 0
        again = {job.key for job in jobs if job.key in self._asked}
        if len(self._again | again) > SHARED_IMAGES:  # a huge campaign: draw twice rather than hold gigabytes
            again = set()
        self._asked.update(job.key for job in jobs)
        self._again.update(again)
        fresh = [job for job in jobs if job.key not in again]
        drawn = self._kept(fresh, self.workers.run_jobs(fresh, self.previous, advance))
        return self._merged(jobs, again, drawn, advance)

    def _kept(self, jobs: list[RasterJob], drawn: Iterator[bytes]) -> Iterator[bytes]:
        for job, data in zip(jobs, drawn):
            if job.key in self._again:  # a later call shows it too
                self._shared[job.key] = data
            yield data

    def _merged(self, jobs: list[RasterJob], again: set[str], drawn: Iterator[bytes],
                advance: Callable[[], None]) -> Iterator[bytes]:
        for job in jobs:
            if job.key not in again:
                yield next(drawn)
                continue
            data = self._shared.get(job.key)
            if data is None:  # this call is read before the one that draws it
                data = next(self.workers.run_jobs([job], self.previous, _nothing))
                self._shared[job.key] = data
            advance()
            yield data

    def card_pdf(self, size: CardSize, documents: list[CardDocument]) -> Callable[[], bytes]:
        """Every card side of ``size`` as one vector PDF in deck order, started once on a worker for every deck."""
        if size.name not in self._card_pdfs:
            pages = [(d.svg, str(d.card.template.path)) for d in documents]
            self._card_pdfs[size.name] = self.begin(render.render_pdf_pages, pages)
        started = self._card_pdfs[size.name]

        def result() -> bytes:
            try:
                return started()
            except FlashgenError as exc:
                raise FlashgenError(
                    _("the PDF of the '{size}' cards: {problem}").format(size=size.name, problem=exc.message), code=exc.code
                ) from None

        return result


def _nothing() -> None:
    pass


# A document's output intent is given on the worker that made it: the build's own pass over every PDF (build.py)
# then finds it there, and the build's process, the last to end after an edit, no longer rewrote a dozen PDFs.
def _print_ready_document(data: bytes) -> bytes:
    return print_ready(data) if data.startswith(b"%PDF-") else data


def _print_ready_set(files: list[MadeFile]) -> list[MadeFile]:
    return [replace(f, data=print_ready(f.data)) if isinstance(f, MadeFile) and f.meta.format == "pdf" else f
            for f in files]


@dataclass(frozen=True)
class ProductBuild:
    """What a product's ``make`` is given."""

    inputs: Inputs
    laid_out: LaidOut
    drawing: Drawing


def doc_info(campaign: Campaign, title: str) -> DocInfo:
    """A document's metadata: its title, the organisation, the source, the campaign's key words."""
    return DocInfo(
        title=f"{title}: {campaign.title}",
        author=campaign.organisation,
        subject=campaign.source.title or campaign.title,
        keywords=", ".join(filter(None, [campaign.compare.from_name, campaign.compare.to_name, *campaign.hashtags])),
    )
