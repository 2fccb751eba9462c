"""Text shaped with HarfBuzz: a font file and a string in, positioned glyphs out.

``shape_line(path, text)`` returns a ``Run``: the glyph ids the font's
OpenType tables choose for ``text`` (``ccmp``/``locl`` substitutions, Khmer or
other complex-script reordering and subscripts, ``mark``/``mkmk`` positioning
of stacked marks) with their advances and offsets in em, kerning (``kern``)
included. Every stage that measures or draws laid-out text uses these numbers
(load.fonts ``Face.width``, text.layout, compose's character positions,
render.glyphruns), so what is measured is what is drawn.

Decisions:
- Ligatures (``liga``, ``clig``) are off. Vietnamese has no ligatures of its
  own, letter-spaced capitals must never join, and one glyph per character
  keeps each character's position (and its copy from a PDF) plain. The
  features a script *requires* (Khmer ``pres``/``blws``/``abvs``…, ``rlig``)
  are not ligatures in this sense and stay on.
- A line is shaped word by word, joined by the font's space glyph: the
  layout measures each syllable once and sums them, and the bundled fonts
  kern no pair across a space, so this is exact for them (a test checks it)
  and makes shaping a build's thousands of lines a matter of cache hits.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import uharfbuzz as hb

FEATURES = {"liga": False, "clig": False}  # everything else as the font and script want it
SPACE = " "


class Glyph(NamedTuple):
    """One shaped glyph; lengths in em, y up (a tuple: a build makes hundreds of thousands)."""

    id: int  # glyph index in the font file
    cluster: int  # index in the text of the first character this glyph draws
    advance: float
    x_offset: float
    y_offset: float


@dataclass(frozen=True)
class Run:
    """A shaped string: its glyphs in drawing order (left to right) and its advance width in em."""

    text: str
    glyphs: tuple[Glyph, ...]
    width: float

    def pens(self) -> list[float]:
        """Where each glyph's advance box starts, in em from the run's start (before its offset)."""
        pens, pen = [], 0.0
        for glyph in self.glyphs:
            pens.append(pen)
            pen += glyph.advance
        return pens

    def character_offsets(self) -> list[float]:
        """Where each character of ``text`` starts, in em: the start of the cluster that draws it.

        Characters that share a cluster (a Khmer consonant and its subscript,
        a base and a mark the font composes) share its position.
        """
        pens = self.pens()
        if len(pens) == len(self.text) and all(g.cluster == i for i, g in enumerate(self.glyphs)):
            return pens  # one glyph per character, in order: all Vietnamese text
        starts: dict[int, float] = {}
        for glyph, pen in zip(self.glyphs, pens):
            starts.setdefault(glyph.cluster, pen)
        offsets, current = [], 0.0
        for index in range(len(self.text)):
            current = starts.get(index, current)
            offsets.append(current)
        return offsets

    def clusters(self) -> list[tuple[int, int]]:
        """(characters, glyphs) of each cluster in order: how a PDF maps glyphs back to the text."""
        starts = sorted({glyph.cluster for glyph in self.glyphs})
        bounds = starts + [len(self.text)]
        counts = {start: 0 for start in starts}
        for glyph in self.glyphs:
            counts[glyph.cluster] += 1
        return [(bounds[i + 1] - start, counts[start]) for i, start in enumerate(starts)]


@functools.lru_cache(maxsize=64)
def _font(path: Path) -> tuple[hb.Font, int]:
    """One HarfBuzz font per file (and process), with its units per em."""
    face = hb.Face(hb.Blob.from_file_path(str(path)))
    return hb.Font(face), face.upem


@functools.lru_cache(maxsize=4096)
def nominal_advance(path: Path, glyph: int) -> float:
    """A glyph's own advance in em (the font's hmtx, before kerning or mark zeroing): its width in a PDF."""
    font, upem = _font(path)
    return font.get_glyph_h_advance(glyph) / upem


@functools.lru_cache(maxsize=65_536)
def shape(path: Path, text: str) -> Run:
    """``text`` (one word, or one space) shaped with the font at ``path``.

    Cached: a build shapes the same syllables over and over.
    """
    if not text:
        return Run(text, (), 0.0)  # HarfBuzz gives an empty buffer no positions at all
    font, upem = _font(path)
    buffer = hb.Buffer()
    # Code points, so clusters count characters whatever encoding uharfbuzz would pick.
    buffer.add_codepoints([ord(char) for char in text])
    buffer.guess_segment_properties()
    hb.shape(font, buffer, FEATURES)
    glyphs = tuple(
        Glyph(info.codepoint, info.cluster, pos.x_advance / upem, pos.x_offset / upem, pos.y_offset / upem)
        for info, pos in zip(buffer.glyph_infos, buffer.glyph_positions)
    )
    return Run(text, glyphs, sum(glyph.advance for glyph in glyphs))


@functools.lru_cache(maxsize=16_384)
def shape_line(path: Path, text: str) -> Run:
    """A whole line shaped word by word (see the module's decisions), as one ``Run``."""
    if SPACE not in text:
        return shape(path, text)
    glyphs: list[Glyph] = []
    start = 0
    for piece in _pieces(text):
        run = shape(path, piece)
        glyphs += [g._replace(cluster=g.cluster + start) for g in run.glyphs] if start else run.glyphs
        start += len(piece)
    return Run(text, tuple(glyphs), sum(glyph.advance for glyph in glyphs))


def _pieces(text: str) -> list[str]:
    """``text`` cut into words and single spaces, in order."""
    pieces: list[str] = []
    for index, word in enumerate(text.split(SPACE)):
        if index:
            pieces.append(SPACE)
        if word:
            pieces.append(word)
    return pieces
