"""The fonts flashgen may use, measured the way the renderer draws them.

Takes the bundled ``fonts/`` folder (plus any folders a project adds) and
returns a ``FontBook``: it resolves a template's family/weight/style to one
exact ``Face`` file, or raises ``FlashgenError`` — never a silent fallback.
A ``Face`` carries per-character advance widths and ink bounds read with
fontTools, and the width of text as flashgen sets it: shaped by HarfBuzz
(load/shaping.py, kerning included), the way render/glyphruns.py draws every
laid-out line. ``advances`` stay the plain, unkerned widths: what CairoSVG
draws, one character at a time, for text a template holds itself.
"""

from __future__ import annotations

import functools
import hashlib
import struct
import tempfile
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from fontTools.ttLib import TTFont

from flashgen.errors import FlashgenError
from flashgen.i18n import _
from flashgen.load.shaping import Run, shape_line
from flashgen.load.svgdoc import escape

GLYPH_HEADER = struct.Struct(">hhhhh")  # numberOfContours, xMin, yMin, xMax, yMax (the 'glyf' table)

WEIGHT_KEYWORDS = {"normal": 400, "regular": 400, "bold": 700}
FONT_SUFFIXES = {".ttf", ".otf"}


class _SnapshotPickle:
    """Pickled from a copy of the instance's attributes, taken in one step.

    Faces and font books travel to the drawing workers as task arguments,
    pickled by a background thread of concurrent.futures while the main thread
    goes on laying out, which fills their cached properties (``glyph_ink``,
    ``_metrics``). Pickling ``__dict__`` itself could then fail with "dictionary
    changed size during iteration"; ``dict.copy`` runs without letting another
    thread in, and the cached values already computed still travel along.
    """

    def __getstate__(self) -> dict[str, object]:
        return self.__dict__.copy()


@dataclass(frozen=True, eq=False)
class Face(_SnapshotPickle):
    """One font file and how to ask the renderer for exactly this file."""

    path: Path
    family: str
    weight: int
    italic: bool
    postscript_name: str

    @property
    def render_family(self) -> str:
        """The family name that reaches exactly this file through flashgen's fontconfig.

        cairo asks fontconfig for "normal" as weight *medium*, so a plain
        family name would pick Medium over Regular; each face therefore gets a
        private alias of its own (see ``write_fontconfig``).
        """
        return f"flashgen {self.postscript_name}"

    legacy_family: str  # name ID 1, e.g. "Be Vietnam Pro ExtraBold"
    legacy_bold: bool

    @cached_property
    def _metrics(self) -> tuple[dict[str, float], dict[str, tuple[float, float, float, float]], float, float]:
        with TTFont(self.path, lazy=True) as font:
            return self._read_metrics(font)

    def _read_metrics(
        self, font: TTFont
    ) -> tuple[dict[str, float], dict[str, tuple[float, float, float, float]], float, float]:
        units = font["head"].unitsPerEm
        hmtx = font["hmtx"]
        glyphs = font["glyf"].glyphs if "glyf" in font else {}
        advances: dict[str, float] = {}
        ink: dict[str, tuple[float, float, float, float]] = {}
        for code, glyph_name in font.getBestCmap().items():
            char = chr(code)
            advances[char] = hmtx[glyph_name][0] / units
            box = _ink_box(glyphs.get(glyph_name))
            if box is not None:
                ink[char] = tuple(value / units for value in box)  # type: ignore[assignment]
        hhea = font["hhea"]
        return advances, ink, hhea.ascent / units, -hhea.descent / units

    @cached_property
    def glyph_ink(self) -> dict[int, tuple[float, float, float, float]]:
        """Ink box of each glyph with contours, by glyph id (what shaping returns), in em (y up)."""
        with TTFont(self.path, lazy=True) as font:
            units = font["head"].unitsPerEm
            glyphs = font["glyf"].glyphs if "glyf" in font else {}
            boxes = ((index, _ink_box(glyphs.get(name))) for index, name in enumerate(font.getGlyphOrder()))
            return {index: tuple(v / units for v in box) for index, box in boxes if box is not None}  # type: ignore[misc]

    @property
    def advances(self) -> dict[str, float]:
        """Advance width of each character, in em."""
        return self._metrics[0]

    @property
    def ink(self) -> dict[str, tuple[float, float, float, float]]:
        """Ink box (xMin, yMin, xMax, yMax) of each character with contours, in em (y up)."""
        return self._metrics[1]

    @property
    def ascent(self) -> float:
        return self._metrics[2]

    @property
    def descent(self) -> float:
        return self._metrics[3]

    def missing_characters(self, text: str) -> list[str]:
        """Characters of ``text`` this font cannot draw (they would fall back)."""
        advances = self.advances  # (a property: once, not once per character; every text set is checked here)
        return sorted(char for char in set(text) if char not in advances and char != "\n")

    def run(self, text: str) -> Run:
        """``text`` shaped with this face: glyph ids and positions in em, kerning included."""
        return shape_line(self.path, text)

    def run_ink(self, text: str) -> Ink:
        """Where the ink of ``text`` as shaped reaches, in em (see ``Ink``)."""
        return _run_ink(self, text)

    def width(self, text: str, size: float) -> float:
        """Shaped advance width of ``text`` at ``size`` (kerning included, no letter spacing)."""
        return self.run(text).width * size

    def describe(self) -> str:
        style = _(" italic") if self.italic else ""
        return _("'{family}' weight {weight}{style}").format(family=self.family, weight=self.weight, style=style)


@dataclass(frozen=True)
class Ink:
    """How far a shaped text's ink reaches, in em: ``left`` of its start (negative if it reaches
    left of it), ``right`` past the end of its advance, ``top`` above and ``bottom`` below the baseline."""

    left: float
    right: float
    top: float
    bottom: float


@functools.lru_cache(maxsize=65_536)
def _run_ink(face: Face, text: str) -> Ink:
    """The ink of every glyph HarfBuzz chose, where it draws it: a Khmer subscript hangs below the
    baseline and a reordered vowel opens the word, which the characters' own glyphs would not say."""
    run, boxes = face.run(text), face.glyph_ink
    inked = [(pen + g.x_offset, g.y_offset, boxes[g.id]) for g, pen in zip(run.glyphs, run.pens()) if g.id in boxes]
    if not inked:
        return Ink(0.0, 0.0, 0.0, 0.0)
    return Ink(
        left=min(x + box[0] for x, _, box in inked),
        right=max(x + box[2] for x, _, box in inked) - run.width,
        top=max(y + box[3] for _, y, box in inked),
        bottom=max(-(y + box[1]) for _, y, box in inked),
    )


def _ink_box(glyph: object) -> tuple[int, int, int, int] | None:
    """A glyph's ink box (xMin, yMin, xMax, yMax, font units) from its header; None if it draws nothing.

    Read from the glyph's raw bytes: fontTools would decode every outline
    point to give the same four numbers, eight times slower, and each worker
    process measures its fonts again.
    """
    data = getattr(glyph, "data", b"")
    if len(data) < GLYPH_HEADER.size:
        return None
    contours, *box = GLYPH_HEADER.unpack_from(data)
    return tuple(box) if contours else None  # type: ignore[return-value]


def _name(font: TTFont, *ids: int) -> str:
    for name_id in ids:
        value = font["name"].getDebugName(name_id)
        if value:
            return value
    return ""


def _read_face(path: Path) -> Face:
    try:
        with TTFont(path, lazy=True) as font:
            subfamily = _name(font, 2).lower()
            return Face(
                path=path,
                family=_name(font, 16, 1),
                weight=int(font["OS/2"].usWeightClass),
                italic=bool(font["head"].macStyle & 2) or "italic" in subfamily,
                postscript_name=_name(font, 6),
                legacy_family=_name(font, 1),
                legacy_bold="bold" in subfamily,
            )
    except Exception as exc:  # fontTools raises many kinds on a damaged file
        raise FlashgenError(
            _("{file}: this font file cannot be read ({reason}).").format(file=path, reason=exc), code="font-unreadable"
        ) from None


def missing_glyphs_message(face: Face, text: str, user: str = "") -> str | None:
    """What to tell a designer when ``face`` cannot draw all of ``text``; None when it can.

    Every place that sets text checks it here first (a missing glyph would be
    drawn as an empty box, or by another font). The message names the font,
    as ``user``'s font when given ("the booklet font …"), and each missing
    character as it can be searched for: 'ǂ' (U+01C2). Callers put where the
    text comes from (file, card, field) in front of it.
    """
    missing = face.missing_characters(text)
    if not missing:
        return None
    characters = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in missing)
    message = (
        _("the {user} font {face} has no glyph for {characters}. Remove or replace these characters.")
        if user
        else _("the font {face} has no glyph for {characters}. Remove or replace these characters.")
    )
    return message.format(user=user, face=face.describe(), characters=characters)


def parse_weight(value: str | int | None) -> int:
    """CSS font-weight (``bold``, ``600``…) as a number; raise on nonsense."""
    if value is None or value == "":
        return 400
    if isinstance(value, int):
        return value
    text = str(value).strip().lower()
    if text in WEIGHT_KEYWORDS:
        return WEIGHT_KEYWORDS[text]
    if text.isdigit():
        return int(text)
    raise FlashgenError(
        _("'{value}' is not a font weight (use 100–900, normal or bold).").format(value=value), code="font-weight"
    )


@dataclass(frozen=True)
class FontBook(_SnapshotPickle):
    """All faces found in the font folders, resolvable by family, weight and style."""

    folders: tuple[Path, ...]
    faces: tuple[Face, ...] = field(default=())

    @classmethod
    def from_folders(cls, folders: tuple[Path, ...]) -> FontBook:
        paths = sorted(p for folder in folders for p in folder.rglob("*") if p.suffix.lower() in FONT_SUFFIXES)
        faces = tuple(_read_face(p) for p in paths)
        seen: dict[str, Path] = {}
        for face in faces:
            if face.postscript_name in seen:
                raise FlashgenError(
                    _("{file}: this font has the same name ({name}) as {other}; keep only one of the two files.").format(
                        file=face.path, name=face.postscript_name, other=seen[face.postscript_name]
                    ),
                    code="font-duplicate",
                )
            seen[face.postscript_name] = face.path
        return cls(folders=folders, faces=faces)

    @cached_property
    def fingerprint(self) -> str:
        """A hash of every font file: outputs depend on the fonts' contents, not only their names."""
        digest = hashlib.sha256()
        for face in self.faces:
            digest.update(face.path.name.encode("utf-8"))
            digest.update(face.path.read_bytes())
        return digest.hexdigest()

    def families(self) -> list[str]:
        return sorted({face.family for face in self.faces})

    def resolve(self, family: str, weight: str | int | None = None, style: str | None = None) -> Face:
        """The one face for ``family`` at ``weight``/``style``; ``FlashgenError`` if absent.

        ``family`` may be the family name ("Be Vietnam Pro"), a face's own
        family name ("Be Vietnam Pro ExtraBold") or a PostScript name as
        Illustrator writes it ("BeVietnamPro-ExtraBold").
        """
        wanted = family.strip().strip("'\"").lower()
        italic = (style or "normal").strip().lower() in {"italic", "oblique"}
        named = next((f for f in self.faces if f.postscript_name.lower() == wanted), None)
        if named is not None:
            return named
        number = parse_weight(weight)
        # A family name asks for that exact weight and style; any other name may be a face's own family.
        in_family = self._in_family if self._has_family(wanted) else self._by_own_family
        face = in_family(wanted, number, italic)
        if face is None:
            raise FlashgenError(self._not_found(family, number, italic), code="font-not-found")
        return face

    def _has_family(self, wanted: str) -> bool:
        return any(f.family.lower() == wanted for f in self.faces)

    def _in_family(self, wanted: str, weight: int, italic: bool) -> Face | None:
        matching = (f for f in self.faces if f.family.lower() == wanted and f.weight == weight and f.italic == italic)
        return next(matching, None)

    def _by_own_family(self, wanted: str, weight: int, italic: bool) -> Face | None:
        """A face by its own (legacy) family name, e.g. "Be Vietnam Pro ExtraBold": that name already
        says the weight, so accept no weight, normal/bold, or that very weight."""
        for face in self.faces:
            if face.legacy_family.lower() == wanted and face.italic == italic and _weight_fits(face, weight):
                return face
        return None

    def _not_found(self, family: str, weight: int, italic: bool) -> str:
        style = _(" italic") if italic else ""
        same_family = sorted({(f.weight, f.italic) for f in self.faces if f.family.lower() == family.strip().lower()})
        if same_family:
            have = ", ".join(f"{w}{_(' italic') if i else ''}" for w, i in same_family)
            return _("the font '{family}' weight {weight}{style} is not available; this family has: {have}.").format(
                family=family, weight=weight, style=style, have=have
            )
        have = ", ".join(self.families()) or _("none")
        return _(
            "the font '{family}' is not available to flashgen (fonts available: {have}). "
            "Put its .ttf files in the fonts folder, or pick one of these."
        ).format(family=family, have=have)


def _weight_fits(face: Face, weight: int) -> bool:
    """Whether ``weight`` asks for ``face`` named by its own family: its weight, or normal/bold as the face says."""
    return face.weight == weight or (weight in (400, 700) and face.legacy_bold == (weight == 700))


def write_fontconfig(book: FontBook) -> Path:
    """Write a private fonts.conf that sees only the book's folders; return its path.

    No system font can leak into a render through it, and each face gets its
    own alias family (``Face.render_family``) bound to its file. It must be in
    place (``FONTCONFIG_FILE``) before cairo first asks fontconfig for a font.
    """
    cache = Path(tempfile.mkdtemp(prefix="flashgen-fontconfig-"))
    lines = ['<?xml version="1.0"?>', '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">', "<fontconfig>"]
    lines += [f"  <dir>{escape(str(folder.resolve()))}</dir>" for folder in book.folders]
    lines.append(f"  <cachedir>{escape(str(cache))}</cachedir>")
    for face in book.faces:
        lines += [
            '  <match target="scan">',
            f'    <test name="file"><string>{escape(str(face.path.resolve()))}</string></test>',
            f'    <edit name="family" mode="prepend" binding="strong"><string>{escape(face.render_family)}</string></edit>',
            "  </match>",
        ]
    lines.append("</fontconfig>")
    conf = cache / "fonts.conf"
    conf.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return conf
