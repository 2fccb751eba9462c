"""Text on the infographic: every string goes through ``layout_text``, and every error names its field.

``Kit`` holds the campaign, the theme's faces and colours and the line
breaker; it sets text (``SetText``: the laid-out block and its style) and
one-line labels, and loads the items' icons, reporting the file, item and
field of whatever cannot be set.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lxml import etree

from flashgen.compose.card import text_element
from flashgen.errors import FlashgenError
from flashgen.i18n import _
from flashgen.load.content import Campaign, Item
from flashgen.load.content_pictures import Picture
from flashgen.load.fonts import Face, FontBook, missing_glyphs_message
from flashgen.load.icons import Icon, load_icon
from flashgen.load.theme import Theme, default_theme
from flashgen.text.layout import (
    Align,
    Box,
    PlacedLine,
    TextBlock,
    TextDoesNotFit,
    TextStyle,
    VAlign,
    layout_text,
)
from flashgen.text.wordbreak import WordBreaker

WEIGHTS = (400, 500, 600, 700, 800, 900)
FONT_ROLES = ("heading", "body")


@dataclass(frozen=True)
class SetText:
    """A laid-out text and the style it was set with (what ``text_element`` needs)."""

    block: TextBlock
    style: TextStyle

    @property
    def height(self) -> float:
        return self.block.ink.height if self.block.lines else 0.0

    @property
    def width(self) -> float:
        return max((line.width for line in self.block.lines), default=0.0)

    def draw(self, parent: etree._Element, fill: str, name: str = "") -> etree._Element:
        element = text_element(self.block, self.style, fill, name)
        parent.append(element)
        return element


class TextTooLarge(FlashgenError):
    """A text does not fit its frame at the size tried (the poster then tries a smaller size)."""


class Kit:
    """The campaign, the theme's fonts and colours, the line breaker: sets text and says where it failed.

    Headings, numbers and labels are set in the theme's "heading" font,
    running text in its "body" font, and measured in the font they are set in.
    ``floor`` is the medium's smallest readable size: no text is set smaller,
    whatever size a layout asks for.
    """

    def __init__(self, campaign: Campaign, fonts: FontBook, breaker: WordBreaker, theme: Theme,
                 floor: float = 0.0) -> None:
        self.campaign = campaign
        self.floor = floor
        self.breaker = breaker
        self.theme = theme
        self.faces = theme_faces(fonts, theme)
        self._icons: dict[int, Icon | Picture | None] = {}
        for item in campaign.items:  # an unknown icon name is reported before any layout
            self.icon(item)

    def where_item(self, item: Item, field: str) -> str:
        return _("{file}, line {line}, item {number}, field '{field}'").format(
            file=self.campaign.path, line=item.line, number=item.number, field=field
        )

    def where(self, section: str, field: str) -> str:
        return _("{file}, section '{section}', field '{field}'").format(file=self.campaign.path, section=section, field=field)

    def check_glyphs(self, text: str, face: Face, where: str) -> None:
        problem = missing_glyphs_message(face, text)
        if problem:
            raise FlashgenError(_("{where}: {problem}").format(where=where, problem=problem), code="missing-glyph")

    def colour(self, role: str) -> str:
        return self.theme.colour(role)

    def where_theme(self, field: str) -> str:
        return _("theme {file}, field '{field}'").format(file=self.theme.path, field=field)

    def heading_text(self, text: str, box: Box, weight: int, size: float, where: str, **options: Any) -> SetText:
        """``text`` set in the heading font (headings, titles, labels); ``options`` as for ``set``."""
        return self.set("heading", text, box, weight, size, where, **options)

    def body_text(self, text: str, box: Box, weight: int, size: float, where: str, **options: Any) -> SetText:
        """``text`` set in the body font (running text); ``options`` as for ``set``."""
        return self.set("body", text, box, weight, size, where, **options)

    def set(
        self, role: str, text: str, box: Box, weight: int, size: float, where: str, *, min_size: float | None = None,
        heading: bool = False, line_height: float = 1.3, align: Align = Align.LEFT, valign: VAlign = VAlign.TOP,
        uppercase: bool = False, max_lines: int | None = None, letter_spacing: float = 0.0,
    ) -> SetText:
        face = self.faces[role, weight]
        self.check_glyphs(text.upper() if uppercase else text, face, where)
        size = max(size, self.floor)
        style = TextStyle(
            face=face, max_size=size, min_size=size if min_size is None else min(max(min_size, self.floor), size),
            line_height=line_height, align=align, valign=valign, heading=heading, uppercase=uppercase,
            max_lines=max_lines, letter_spacing=letter_spacing,
        )
        try:
            block = layout_text(text, box, style, self.breaker)
        except TextDoesNotFit as exc:
            raise TextTooLarge(
                _("{where}: the text does not fit the infographic ({why}). Shorten the text.").format(where=where, why=exc),
                code="overflow",
            ) from None
        return SetText(block, style)

    def label(self, text: str, weight: int, size: float, cx: float, cy: float, where: str,
              letter_spacing: float = 0.0) -> SetText:
        """A one-line label (heading font) whose ink is centred on (cx, cy): numbers in badges, pill texts."""
        size = max(size, self.floor)
        face = self.faces["heading", weight]
        self.check_glyphs(text, face, where)
        style = TextStyle(face=face, max_size=size, min_size=size, letter_spacing=letter_spacing)
        width = face.width(text, size) + letter_spacing * size * max(len(text) - 1, 0)
        boxes = [face.ink[c] for c in text if c in face.ink] or [(0.0, 0.0, 0.0, 0.7)]
        top, bottom = max(b[3] for b in boxes), min(b[1] for b in boxes)
        baseline = cy + (top + bottom) / 2 * size
        x = cx - width / 2
        line = PlacedLine(text, x, baseline, width)
        return SetText(TextBlock(size, (line,), Box(x, baseline - top * size, width, (top - bottom) * size)), style)

    def run(self, text: str, weight: int, size: float, x: float, baseline: float, where: str) -> SetText:
        """One line (heading font) starting at ``x`` on ``baseline``: parts of a line set in several sizes."""
        size = max(size, self.floor)
        face = self.faces["heading", weight]
        self.check_glyphs(text, face, where)
        style = TextStyle(face=face, max_size=size, min_size=size)
        width = face.width(text, size)
        boxes = [face.ink[c] for c in text if c in face.ink] or [(0.0, 0.0, 0.0, 0.7)]
        top, bottom = max(b[3] for b in boxes), min(b[1] for b in boxes)
        line = PlacedLine(text, x, baseline, width)
        return SetText(TextBlock(size, (line,), Box(x, baseline - top * size, width, (top - bottom) * size)), style)

    def label_width(self, text: str, weight: int, size: float, letter_spacing: float = 0.0) -> float:
        size = max(size, self.floor)
        return self.faces["heading", weight].width(text, size) + letter_spacing * size * max(len(text) - 1, 0)

    def icon(self, item: Item) -> Icon | Picture | None:
        """The item's picture (content field 'image'), else its icon, else None."""
        if item.number not in self._icons:
            icon: Icon | Picture | None = item.picture
            if icon is None and item.icon:
                try:
                    icon = load_icon(item.icon)
                except FlashgenError as exc:
                    raise FlashgenError(
                        _("{where}: {problem}").format(where=self.where_item(item, "icon"), problem=exc), code=exc.code
                    ) from None
            self._icons[item.number] = icon
        return self._icons[item.number]


def place(text: SetText, x: float, y: float) -> SetText:
    """``text`` (set in a frame at the origin) moved so that frame's top-left is at (x, y)."""
    block = text.block
    lines = tuple(PlacedLine(line.text, line.x + x, line.baseline + y, line.width) for line in block.lines)
    ink = Box(block.ink.x + x, block.ink.y + y, block.ink.width, block.ink.height)
    return SetText(TextBlock(block.size, lines, ink), text.style)


def theme_faces(fonts: FontBook, theme: Theme) -> dict[tuple[str, int], Face]:
    return {(role, weight): fonts.resolve(theme.font(role), weight) for role in FONT_ROLES for weight in WEIGHTS}


def infographic_faces(fonts: FontBook, theme: Theme | None = None) -> tuple[Face, ...]:
    """Every face the infographics in ``theme`` (default: xanh) use (for ``render.verify_faces``)."""
    return tuple(dict.fromkeys(theme_faces(fonts, theme or default_theme()).values()))
