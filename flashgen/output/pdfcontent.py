"""What a PDF's pages draw, and where: bytes in, a ``DrawnPage`` per page out (for the preflight).

``drawn_pages(data)`` runs pdfminer.six's interpreter over every page (it
tracks the text matrix, the fonts' widths and the transformation of every
form) and returns each page's letters and pictures with the part of each left
visible, and the width of every stroked line as drawn on the page (its width
times the transformation). pdfminer ignores clipping paths; ``_Interpreter``
follows them as their bounding rectangles, so the parts of a placed page
clipped away (a tiled poster's sheet) are not taken for printed.

Each content stream's objects are parsed once (``ParsedStreams``, shared by
every PDF of one preflight): a tiled poster draws the poster's form on every
sheet, and each paper's poster shows the same drawing; parsing them again
was most of a preflight's time.
"""

from __future__ import annotations

import hashlib
import io
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LTChar, LTContainer, LTImage, LTItem
from pdfminer.pdfinterp import (
    PDFContentParser,
    PDFGraphicState,
    PDFPageInterpreter,
    PDFResourceManager,
)
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import PDFStream, stream_value
from pdfminer.psparser import PSEOF, PSKeyword, keyword_name

Box = tuple[float, float, float, float]  # left, bottom, right, top (pt)


class _Reader(PDFPageAggregator):
    """pdfminer's layout device, also keeping the clip each thing is drawn in and the width of stroked lines.

    ``clip`` is set by ``_Interpreter``: the rectangle (page space) that the
    clipping paths in force leave visible, None when nothing is clipped.
    """

    def __init__(self, manager: PDFResourceManager) -> None:
        super().__init__(manager, laparams=None)
        self.strokes: list[float] = []
        self.clip: Box | None = None

    def paint_path(self, gstate: PDFGraphicState, stroke: bool, fill: bool, evenodd: bool, path: list) -> None:  # type: ignore[override]
        if stroke and _within(_path_box(path, self.ctm), self.clip):
            a, b, c, d, _e, _f = self.ctm
            self.strokes.append(gstate.linewidth * math.sqrt(abs(a * d - b * c)))
        super().paint_path(gstate, stroke, fill, evenodd, path)

    def render_char(self, *args, **kwargs) -> float:  # type: ignore[no-untyped-def]
        advance = super().render_char(*args, **kwargs)
        self.cur_item._objs[-1].clip = self.clip
        return advance

    def render_image(self, name: str, stream) -> None:  # type: ignore[no-untyped-def]
        super().render_image(name, stream)
        self.cur_item._objs[-1].clip = self.clip


class ParsedStreams:
    """The objects of content streams, parsed once, by their bytes; at most ``MOST_BYTES`` of streams kept."""

    MOST_BYTES = 64 * 1024 * 1024

    def __init__(self) -> None:
        self._found: dict[bytes, list[object]] = {}
        self._kept = 0

    def objects(self, streams: list[PDFStream]) -> list[object]:
        data = [stream.get_data() for stream in streams]
        key = hashlib.sha256(b"".join(len(part).to_bytes(8, "big") + part for part in data)).digest()
        found = self._found.get(key)
        if found is None:
            found, size = _parsed(streams), sum(map(len, data))
            if self._kept + size <= self.MOST_BYTES:
                self._found[key] = found
                self._kept += size
        return found


def _parsed(streams: list[PDFStream]) -> list[object]:
    try:
        parser = PDFContentParser(streams)
    except PSEOF:  # an empty page
        return []
    found = []
    while True:
        try:
            found.append(parser.nextobject()[1])
        except PSEOF:
            return found


class _Interpreter(PDFPageInterpreter):
    """pdfminer's interpreter, following clipping paths (as their bounding rectangles), which it ignores, and
    parsing each content stream once (``parsed``)."""

    device: _Reader

    def __init__(self, manager: PDFResourceManager, device: _Reader, clip: Box | None = None,
                 parsed: ParsedStreams | None = None) -> None:
        super().__init__(manager, device)
        self.clip = clip
        self.clips: list[Box | None] = []
        self.parsed = parsed or ParsedStreams()

    def subinterp(self) -> PDFPageInterpreter:
        interpreter = super().subinterp()
        interpreter.clip = self.clip  # type: ignore[attr-defined]  # a form is drawn inside the clip it is placed in
        interpreter.parsed = self.parsed  # type: ignore[attr-defined]
        return interpreter

    def execute(self, streams: Sequence[object]) -> None:
        """pdfminer's ``execute`` (pdfminer.six 20260107: a stream without an object number, or one that draws
        itself, is skipped), its objects taken from ``parsed``."""
        valid = []
        self.stream_ids.clear()
        for obj in streams:
            stream = stream_value(obj)
            if stream.objid is not None and stream.objid not in self.parent_stream_ids:
                valid.append(stream)
                self.stream_ids.add(stream.objid)
        for obj in self.parsed.objects(valid):
            if not isinstance(obj, PSKeyword):
                self.push(obj)
                continue
            name = keyword_name(obj).replace("*", "_a").replace('"', "_w").replace("'", "_q")
            method = getattr(self, f"do_{name}", None)
            if method is None:  # an operator pdfminer does not know: ignored, as pdfminer does
                continue
            count = method.__code__.co_argcount - 1
            if not count:
                method()
            elif len(args := self.pop(count)) == count:
                method(*args)

    def _set_clip(self, clip: Box | None) -> None:
        self.clip = self.device.clip = clip

    def do_q(self) -> None:
        self.clips.append(self.clip)
        super().do_q()

    def do_Q(self) -> None:
        if self.clips:
            self._set_clip(self.clips.pop())
        super().do_Q()

    def do_W(self) -> None:
        box = _path_box(self.curpath, self.ctm)
        if box is not None:
            self._set_clip(box if self.clip is None else _intersection(box, self.clip))

    do_W_a = do_W

    def do_Do(self, xobjid_arg) -> None:  # type: ignore[no-untyped-def]
        super().do_Do(xobjid_arg)
        self._set_clip(self.clip)  # the form's own clips end with it


def _path_box(path: list, ctm: tuple[float, ...]) -> Box | None:
    """The bounding box (page space) of a path's points."""
    a, b, c, d, e, f = ctm
    points = [(segment[i], segment[i + 1]) for segment in path for i in range(1, len(segment) - 1, 2)]
    if not points:
        return None
    xs = [a * x + c * y + e for x, y in points]
    ys = [b * x + d * y + f for x, y in points]
    return min(xs), min(ys), max(xs), max(ys)


def _intersection(one: Box, other: Box) -> Box:
    return max(one[0], other[0]), max(one[1], other[1]), min(one[2], other[2]), min(one[3], other[3])


def _within(box: Box | None, clip: Box | None) -> bool:
    """Whether any of ``box`` is left visible by ``clip``."""
    if box is None or clip is None:
        return True
    seen = _intersection(box, clip)
    return seen[2] >= seen[0] and seen[3] >= seen[1]


@dataclass(frozen=True)
class DrawnPage:
    size: tuple[float, float]
    origin: tuple[float, float]  # pdfminer draws the MediaBox's corner at (0, 0)
    chars: list[tuple[Box, LTChar]]  # with the part of each letter left visible
    images: list[tuple[Box, LTImage]]
    strokes: list[float]


def drawn_pages(data: bytes, parsed: ParsedStreams | None = None) -> Iterator[DrawnPage]:
    manager = PDFResourceManager()
    device = _Reader(manager)
    parsed = parsed or ParsedStreams()
    for page in PDFPage.get_pages(io.BytesIO(data)):
        device.strokes, device.clip = [], None
        _Interpreter(manager, device, parsed=parsed).process_page(page)
        x0, y0, x1, y1 = page.mediabox
        size = (x1 - x0, y1 - y0)
        items = [(_visible(i, size), i) for i in _walk(device.get_result()) if isinstance(i, (LTChar, LTImage))]
        yield DrawnPage(size, (x0, y0), [(box, i) for box, i in items if box and isinstance(i, LTChar) and i.get_text().strip()],
                    [(box, i) for box, i in items if box and isinstance(i, LTImage)], device.strokes)


def _visible(item: LTChar | LTImage, size: tuple[float, float]) -> Box | None:
    """The part of ``item`` on the page and inside its clip, or None if none is."""
    seen = _intersection(item.bbox, (0.0, 0.0, *size))
    clip = getattr(item, "clip", None)
    if clip is not None:
        seen = _intersection(seen, clip)
    return seen if seen[2] > seen[0] and seen[3] > seen[1] else None


def _walk(item: LTItem) -> Iterator[LTItem]:
    yield item
    if isinstance(item, LTContainer):
        for child in item:
            yield from _walk(child)
