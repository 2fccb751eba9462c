"""Read an SVG template: the file in, a checked ``Template`` out.

A template is an ordinary SVG drawn in Inkscape, Illustrator or Figma with
two kinds of marks (templates/README.md documents them):

* a **text frame**: a ``<rect>`` with ``data-field="heading"`` (and
  ``data-font-*``, ``data-align`` … attributes) that flashgen fills with
  wrapped, auto-sized text;
* a **placeholder**: ``{{field}}`` inside ordinary ``<text>``, for short
  single-line values such as the card number (``data-max-width`` lets such a
  line shrink to fit instead of running on);
* an **image frame**: a ``<rect data-image="theme.logo">`` that receives the
  theme's logo, and a **QR frame** ``<rect data-qr="source.url">``.
* a **box that grows**: a pill's ``<rect data-fit-text="ID">`` that takes the
  width of the text ``ID`` once it is filled in (fitbox.py; applied by
  compose/boxes.py).

Editors that cannot add ``data-*`` attributes (Figma, Illustrator) mark
frames in a **frames file** beside the SVG, ``<name>.frames.yaml``, that
gives each frame's settings by the id (layer name) of its rectangle.

Colours and fonts may name roles of the theme (theme.py): classes such as
``fill-accent`` and ``font-heading``, and role names in ``data-fill`` and
``data-font-family``. Internal ``<style>`` sheets (Illustrator) are folded
into the elements before anything is read.

Loading resolves every font the template names to an exact bundled face
(rewriting the SVG so the renderer picks that very file), checks that frames
sit inside the printable/safe area, and refuses unknown fields.
"""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from lxml import etree

from flashgen.errors import FlashgenError
from flashgen.i18n import _
from flashgen.load.canvas import Canvas
from flashgen.load.fitbox import FitBox
from flashgen.load.fonts import Face, FontBook, missing_glyphs_message
from flashgen.load.frame import Align, Box, Follower, TextKind, TextStyle, VAlign
from flashgen.load.framesfile import apply_frames_file
from flashgen.load.images import check_image, embedded_images, image_data, size_problem
from flashgen.load.limits import Limits
from flashgen.load.movingmarks import MovingMarks
from flashgen.load.presets import CardSize
from flashgen.load.svgdoc import (
    apply_stylesheets,
    external_reference,
    frame_mark,
    inherited_property,
    label,
    local_name,
    parse_number,
    parse_svg,
    remove_property,
    user_space_matrix,
)
from flashgen.load.theme import COLOUR_ROLES, FONT_ROLES, Logo, Theme, default_theme

PLACEHOLDER = re.compile(r"\{\{\s*([^{}\s]+)\s*\}\}")
TEXT_TAGS = {"text", "tspan", "textPath"}
FONT_PROPERTIES = ("font-family", "font-weight", "font-style")
FRAME_ATTRIBUTES = {
    "data-field", "data-font-family", "data-font-weight", "data-font-style", "data-font-size",
    "data-min-font-size", "data-line-height", "data-align", "data-valign", "data-fill",
    "data-letter-spacing", "data-kind", "data-case", "data-max-lines", "data-optional",
}
IMAGE_FIELDS = {"theme.logo", "image"}  # image: the item's own picture (content field 'image')
DEFAULT_SHRINK = 0.7  # a frame without data-min-font-size may shrink to 70 % of its size


@dataclass(frozen=True)
class Frame:
    """A rectangle of the template that receives one field's text."""

    field: str
    name: str
    path: str  # lxml path of the <rect> in the template tree
    box: Box
    style: TextStyle
    fill: str
    optional: bool
    kind: TextKind = TextKind.TEXT


@dataclass(frozen=True)
class QrFrame:
    """A square of the template that receives a QR code of one field (a URL)."""

    field: str
    name: str
    path: str
    box: Box
    colour: str


@dataclass(frozen=True)
class ImageFrame:
    """A rectangle of the template that receives an image (the theme's logo), fitted inside it."""

    field: str
    name: str
    path: str
    box: Box


AnyFrame = Frame | QrFrame | ImageFrame
FrameKind = TypeVar("FrameKind", Frame, QrFrame, ImageFrame)


@dataclass(frozen=True, eq=False)
class Template:
    """A parsed, checked template ready to be merged with content."""

    path: Path
    tree: etree._ElementTree  # fonts already rewritten; copy before editing
    frames: tuple[Frame, ...]
    placeholder_fields: frozenset[str]  # fields of placeholders that must have a value
    faces: tuple[Face, ...]  # every face the template uses, frames included
    text_faces: tuple[tuple[str, Face], ...]  # (lxml path, face) of each text element
    qr_frames: tuple[QrFrame, ...] = ()
    image_frames: tuple[ImageFrame, ...] = ()
    followers: tuple[Follower, ...] = ()
    fit_boxes: tuple[FitBox, ...] = ()  # boxes that take the width of their text (load/fitbox.py)

    def fresh_tree(self) -> etree._ElementTree:
        return copy.deepcopy(self.tree)


class _TemplateReader(MovingMarks):
    def __init__(
        self, path: Path, fonts: FontBook, known_fields: frozenset[str], theme: Theme, limits: Limits = Limits()
    ) -> None:
        self.path = path
        self.limits = limits
        self.fonts = fonts
        self.known_fields = known_fields
        self.theme = theme
        # With a list, field problems are collected here (flashgen check) instead of stopping the load.
        self.problems: list[FlashgenError] | None = None
        self.faces: dict[Path, Face] = {}
        self.text_faces: list[tuple[str, Face]] = []
        self.where = _("template {file}").format(file=path)  # what messages name first: the template, or an image inside it

    def fail(self, element: etree._Element | None, problem: str, code: str = "template-frame") -> FlashgenError:
        where = _(", element {element}").format(element=label(element)) if element is not None else ""
        return FlashgenError(_("{where}{element}: {problem}").format(where=self.where, element=where, problem=problem), code=code)

    def face(self, element: etree._Element, family: str | None, weight: str | None, style: str | None) -> Face:
        if not family:
            raise self.fail(element, _("this text has no font-family; set one of the fonts in the fonts folder."))
        family = family.split(",")[0].strip().strip("'\"")
        family = self.theme.font(family) if family in FONT_ROLES else family
        try:
            face = self.fonts.resolve(family, weight, style)
        except FlashgenError as exc:
            raise self.fail(element, exc.message, exc.code) from None
        self.faces[face.path] = face
        return face

    def check_field(self, element: etree._Element, field: str) -> bool:
        """True if ``field`` is one the content has; else an error (raised, or collected)."""
        if field in self.known_fields:
            return True
        if not field:
            problem = self.fail(element, _("this frame names no field: set data-field to the field it shows."))
            problem.code = "frame-without-field"
        else:
            known = ", ".join(sorted(self.known_fields))
            problem = self.fail(element, _("unknown field '{field}'. Fields you can use: {known}.").format(field=field, known=known))
            problem.code = "unknown-field"
        if self.problems is None:
            raise problem
        self.problems.append(problem)
        return False

    def rewrite_text_fonts(self, tree: etree._ElementTree) -> set[str]:
        """Point every text element at its exact face; return the fields of required placeholders
        (those not inside an element marked data-optional, which disappears when they are empty)."""
        fields: set[str] = set()
        elements = [e for e in tree.getroot().iter() if local_name(e) in TEXT_TAGS]
        # Resolve every element before rewriting any: children inherit from parents.
        faces = [self.text_face(e) for e in elements]
        for element, face in zip(elements, faces):
            self.text_faces.append((tree.getpath(element), face))
            for chunk in _own_text(element):
                for field in PLACEHOLDER.findall(chunk or ""):
                    if self.check_field(element, field) and optional_container(element) is None:
                        fields.add(field)
                self.check_glyphs(element, face, PLACEHOLDER.sub("", chunk or ""))
        for element, face in zip(elements, faces):
            _use_face(element, face)
        return fields

    def check_glyphs(self, element: etree._Element, face: Face, text: str) -> None:
        problem = missing_glyphs_message(face, text.strip())
        if problem:
            raise self.fail(element, problem, "missing-glyph")

    def text_face(self, element: etree._Element) -> Face:
        """The face a text element is drawn in, from the font properties it has or inherits."""
        return self.face(element, *(inherited_property(element, p) for p in FONT_PROPERTIES))

    def refuse_linked_images(self, root: etree._Element) -> None:
        """Only what the file holds: embedded (data:) images and links inside it (#id)."""
        found = external_reference(root)
        if found is not None:
            raise self.fail(*found, "linked-file")

    def matrix(self, element: etree._Element) -> tuple[float, ...]:
        try:
            return user_space_matrix(element)
        except ValueError as exc:
            raise self.fail(element, f"{exc}.") from None

    def number(self, element: etree._Element, name: str, default: float | None = None) -> float:
        value = element.get(name)
        if value is None:
            if default is None:
                raise self.fail(element, _("the text frame needs a {name} attribute.").format(name=name))
            return default
        try:
            number = parse_number(value, name)
        except ValueError as exc:
            raise self.fail(element, f"{exc}.") from None
        if not math.isfinite(number):
            raise self.fail(element, _("{name}='{value}' is too large.").format(name=name, value=value))
        return number

    def choice(self, element: etree._Element, name: str, kind: type, default: str) -> object:
        value = (element.get(name) or default).strip().lower()
        try:
            return kind(value)
        except ValueError:
            options = ", ".join(member.value for member in kind)  # type: ignore[attr-defined]
            raise self.fail(element, _("{name}='{value}' is not one of: {options}.").format(name=name, value=value, options=options)) from None

    def frame(self, tree: etree._ElementTree, element: etree._Element) -> Frame | None:
        self.check_frame_attributes(element)
        field = element.get("data-field", "").strip()
        if not self.check_field(element, field):
            return None
        matrix = self.matrix(element)
        if abs(matrix[1]) > 1e-9 or abs(matrix[2]) > 1e-9:
            raise self.fail(element, _("text frames cannot be rotated or skewed."))
        kind: TextKind = self.choice(element, "data-kind", TextKind, "text")  # type: ignore[assignment]
        style = self.text_style(element, kind)
        box = self.box(element)
        if box.width <= 0 or box.height <= 0:
            raise self.fail(element, _("the text frame needs a width and a height above 0."))
        return Frame(field=field, name=element.get("id") or field, path=tree.getpath(element), box=box, style=style,
                     fill=self.colour(element), optional=is_optional(element), kind=kind)

    def check_frame_attributes(self, element: etree._Element) -> None:
        if local_name(element) != "rect":
            raise self.fail(element, _("a data-field text frame must be a rectangle (<rect>)."))
        unknown = sorted(a for a in element.attrib if a.startswith("data-") and a not in FRAME_ATTRIBUTES)
        if unknown:
            raise self.fail(element, _("unknown frame attribute(s) {names}.").format(names=", ".join(unknown)))

    def text_style(self, element: etree._Element, kind: TextKind) -> TextStyle:
        """How a text frame of ``kind`` sets its text, from its data-* attributes."""
        size, minimum = self.font_sizes(element)
        face = self.face(element, element.get("data-font-family", "body"), element.get("data-font-weight"),
                         element.get("data-font-style"))
        max_lines = self.max_lines(element)
        line_height = self.number(element, "data-line-height", 1.25)
        if line_height <= 0:
            raise self.fail(element, _("data-line-height must be above 0 (1.25 is usual)."))
        return TextStyle(
            face=face, max_size=size, min_size=minimum, line_height=line_height,
            align=self.choice(element, "data-align", Align, "left"),  # type: ignore[arg-type]
            valign=self.choice(element, "data-valign", VAlign, "top"),  # type: ignore[arg-type]
            letter_spacing=self.number(element, "data-letter-spacing", 0.0),
            heading=kind.breaks_as_heading,
            uppercase=(element.get("data-case", "").strip().lower() == "upper"),
            max_lines=max_lines,
        )

    def font_sizes(self, element: etree._Element) -> tuple[float, float]:
        """A text frame's largest font size and the smallest it may shrink to."""
        size = self.number(element, "data-font-size")
        minimum = self.number(element, "data-min-font-size", round(size * DEFAULT_SHRINK, 3))
        if not 0 < minimum <= size:
            raise self.fail(element, _("data-min-font-size must be above 0 and at most data-font-size."))
        return size, minimum

    def max_lines(self, element: etree._Element) -> int | None:
        if not element.get("data-max-lines"):
            return None
        max_lines = self.number(element, "data-max-lines")
        if not max_lines.is_integer() or max_lines < 1:
            raise self.fail(element, _("data-max-lines must be a whole number, 1 or more."))
        return int(max_lines)

    def box(self, element: etree._Element) -> Box:
        """The rectangle of a frame, in its own coordinates."""
        return Box(self.number(element, "x", 0.0), self.number(element, "y", 0.0),
                   self.number(element, "width"), self.number(element, "height"))

    def qr_frame(self, tree: etree._ElementTree, element: etree._Element) -> QrFrame | None:
        if local_name(element) != "rect":
            raise self.fail(element, _("a data-qr frame must be a rectangle (<rect>)."))
        field = element.get("data-qr", "").strip()
        if not self.check_field(element, field):
            return None
        return QrFrame(field=field, name=element.get("id") or field, path=tree.getpath(element),
                       box=self.box(element), colour=self.colour(element))

    def colour(self, element: etree._Element) -> str:
        """A frame's data-fill: a theme colour role ('on-primary') or a colour."""
        value = element.get("data-fill", "#000000").strip()
        return self.theme.colour(value) if value in COLOUR_ROLES else value

    def image_frame(self, tree: etree._ElementTree, element: etree._Element) -> ImageFrame:
        if local_name(element) != "rect":
            raise self.fail(element, _("a data-image frame must be a rectangle (<rect>)."))
        field = element.get("data-image", "").strip()
        if field not in IMAGE_FIELDS:
            raise self.fail(
                element,
                _("data-image='{field}' is not an image; use one of: {fields}.").format(field=field, fields=", ".join(sorted(IMAGE_FIELDS))),
            )
        return ImageFrame(field=field, name=element.get("id") or field, path=tree.getpath(element), box=self.box(element))

    def check_line_widths(self, root: etree._Element, canvas: Canvas) -> None:
        """A placeholder line with data-max-width must fit the safe area at that width."""
        for element in root.iter():
            if not isinstance(element.tag, str) or element.get("data-max-width") is None:
                continue
            if local_name(element) != "text":
                raise self.fail(element, _("data-max-width belongs on a <text> element."))
            width = self.number(element, "data-max-width")
            anchor = inherited_property(element, "text-anchor") or "start"
            x = self.number(element, "x", 0.0)
            left = {"middle": x - width / 2, "end": x - width}.get(anchor, x)
            font_size = parse_number(inherited_property(element, "font-size") or "16", "font-size")
            box = Box(left, self.number(element, "y", 0.0) - font_size, width, font_size)
            self.check_safe_area(box, element, canvas)

    def canvas(self, root: etree._Element, size: CardSize) -> Canvas:
        """The template's canvas, checked to have the size's dimensions."""
        try:
            return Canvas.of(root, size)
        except ValueError as exc:
            raise self.fail(None, str(exc), "template-canvas") from None

    def check_safe_area(self, box: Box, element: etree._Element, canvas: Canvas) -> None:
        if canvas.outside_safe_area(box, self.matrix(element)):
            raise self.fail(element, canvas.safe_area_problem(), "safe-area")

    def read(self, size: CardSize) -> Template:
        tree = parse_svg(self.path, self.limits)
        root = tree.getroot()
        self.check_element_count(root)
        apply_frames_file(self.path, root)
        canvas = self.canvas(root, size)
        self.refuse_linked_images(root)
        self.check_images(root)
        apply_stylesheets(root, self.theme.stylesheet)
        self.check_line_widths(root, canvas)
        fields = self.rewrite_text_fonts(tree)
        frames = self.marked_frames(tree, canvas)
        text_frames = _of_kind(frames, Frame)
        if _of_kind(frames, ImageFrame):
            self.check_logo(self.theme.logo)
        if not text_frames and not fields:
            raise self.fail(None, _("it has no text frames (data-field) and no {{field}} placeholders."), "template-no-frames")
        return Template(
            path=self.path, tree=tree, frames=text_frames, placeholder_fields=frozenset(fields),
            faces=tuple(self.faces.values()), text_faces=tuple(self.text_faces),
            qr_frames=_of_kind(frames, QrFrame), image_frames=_of_kind(frames, ImageFrame),
            followers=self.followers(tree, (frame.name for frame in text_frames)),
            fit_boxes=self.fit_boxes(tree),
        )

    def check_element_count(self, root: etree._Element) -> None:
        problem = size_problem(root, self.limits)
        if problem is not None:
            raise self.fail(None, problem, "template-too-large")

    def check_images(self, root: etree._Element) -> None:
        """Every image embedded in the template, checked as the renderer will draw it (load/images.py)."""
        for element, uri in embedded_images(root):
            where = _("{where}, image {element}").format(where=self.where, element=label(element))
            check_image(image_data(uri, where), where, self.limits, self.check_image_text)

    def check_logo(self, logo: Logo | None) -> None:
        """The theme's logo, where this template places it: its text too in bundled fonts that have every glyph."""
        if logo is not None:
            check_image(logo.data, _("the theme's logo {file}").format(file=logo.path), self.limits, self.check_image_text)

    def check_image_text(self, tree: etree._ElementTree, where: str) -> None:
        """The text of an SVG image (inside this template, or the logo): every text element in a face
        of the fonts folder that has all its characters, as the template's own text (one check for both)."""
        reader = _TemplateReader(self.path, self.fonts, self.known_fields, self.theme, self.limits)
        reader.where = where
        root = tree.getroot()
        apply_stylesheets(root, "")  # the image's own styles only: the theme's roles are the template's
        for element in (e for e in root.iter() if local_name(e) in TEXT_TAGS):
            face = reader.text_face(element)
            for chunk in _own_text(element):
                reader.check_glyphs(element, face, chunk or "")

    def marked_frames(self, tree: etree._ElementTree, canvas: Canvas) -> list[AnyFrame]:
        """Every frame of the template (data-field, data-qr, data-image) in document order, each in the safe area."""
        readers: dict[str, Callable[[etree._ElementTree, etree._Element], AnyFrame | None]] = {
            "data-field": self.frame, "data-qr": self.qr_frame, "data-image": self.image_frame,
        }
        frames = []
        for element in tree.getroot().iter():
            mark = frame_mark(element)
            frame = readers[mark](tree, element) if mark else None
            if frame is not None:
                self.check_safe_area(frame.box, element, canvas)
                frames.append(frame)
        return frames


def _own_text(element: etree._Element) -> tuple[str | None, str | None]:
    """The text an element draws itself: its text, and its tail when its parent is text too
    (a <tspan>'s tail belongs to the enclosing <text>); None where there is none."""
    return element.text, element.tail if local_name(element.getparent()) in TEXT_TAGS else None


def _use_face(element: etree._Element, face: Face) -> None:
    """Point a text element at exactly ``face`` through its private fontconfig family (Face.render_family)."""
    for prop in FONT_PROPERTIES:
        remove_property(element, prop)
    element.set("font-family", face.render_family)
    element.set("font-weight", "normal")
    element.set("font-style", "italic" if face.italic else "normal")


def _of_kind(frames: list[AnyFrame], kind: type[FrameKind]) -> tuple[FrameKind, ...]:
    return tuple(frame for frame in frames if isinstance(frame, kind))


def is_optional(element: etree._Element) -> bool:
    return element.get("data-optional", "").strip().lower() in {"true", "yes", "1"}


def optional_container(element: etree._Element) -> etree._Element | None:
    """The nearest element (itself or an ancestor) marked data-optional, if any."""
    node: etree._Element | None = element
    while node is not None:
        if is_optional(node):
            return node
        node = node.getparent()
    return None


def load_template(
    path: Path, size: CardSize, fonts: FontBook, known_fields: frozenset[str], theme: Theme | None = None,
    problems: list[FlashgenError] | None = None, limits: Limits = Limits(),
) -> Template:
    """Parse and check the template at ``path`` for cards of ``size``, styled by ``theme`` (default: 'xanh'),
    within ``limits``.

    With ``problems``, unknown fields and frames without a field are added to
    that list (and the frame left out) instead of stopping the load.
    """
    reader = _TemplateReader(path, fonts, known_fields, theme or default_theme(), limits)
    reader.problems = problems
    return reader.read(size)


def check_theme_logo(theme: Theme, fonts: FontBook, limits: Limits = Limits()) -> None:
    """The theme's logo as every product draws it, the PDFs too: the checks a template makes of it."""
    if theme.logo is not None:
        _TemplateReader(theme.logo.path, fonts, frozenset(), theme, limits).check_logo(theme.logo)
