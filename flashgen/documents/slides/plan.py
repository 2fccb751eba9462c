"""The deck laid out: a ``Campaign``, the ``FontBook`` and the ``Theme`` in, a ``Deck`` of slides out.

Each slide is plain data (background, panels, text blocks already broken
into lines at their size, speaker notes, QR code) that both writers draw the
same way (pdf.py with reportlab, powerpoint.py with python-pptx). The boxes,
size ranges and colours come from flashgen/data/slides.yaml; every text is set
by the cards' layout code (text/layout.py: the largest size between the box's
max and min with Vietnamese line breaks, words and glossary terms whole), so
nothing overflows. Text that does not fit at its min raises ``FlashgenError``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from flashgen.errors import FlashgenError
from flashgen.i18n import _
from flashgen.load.content import Campaign, Item
from flashgen.load.fonts import Face
from flashgen.load.frame import Align, Box, TextStyle, VAlign
from flashgen.load.resources import DATA_DIR
from flashgen.load.yamlfile import read_yaml
from flashgen.pdf.kit import Look
from flashgen.text.layout import PlacedLine, TextDoesNotFit, layout_text
from flashgen.text.wordbreak import WordBreaker

SLIDES_FILE = DATA_DIR / "slides.yaml"


@dataclass(frozen=True)
class Block:
    """One text, set: its box (points, y down), lines at ``size`` in ``face`` and ``colour`` (#RRGGBB)."""

    name: str
    box: Box
    text: str
    lines: tuple[PlacedLine, ...]
    size: float
    face: Face
    role: str  # the theme's font role: heading or body
    colour: str
    align: str


@dataclass(frozen=True)
class Panel:
    box: Box
    colour: str


@dataclass(frozen=True)
class Slide:
    kind: str  # title, contrast, statement, figure, message, closing
    background: str
    panels: tuple[Panel, ...]
    blocks: tuple[Block, ...]
    notes: str  # the speaker notes: the item's full official paragraph
    qr: tuple[str, Box] | None = None  # the link and its square


@dataclass(frozen=True)
class Deck:
    width: float
    height: float
    slides: tuple[Slide, ...]


@lru_cache(maxsize=1)
def slide_data() -> dict[str, Any]:
    """flashgen/data/slides.yaml, read once."""
    return read_yaml(SLIDES_FILE)


class _Planner:
    """Sets each slide's texts in its layout's boxes."""

    def __init__(self, campaign: Campaign, look: Look) -> None:
        self.campaign = campaign
        self.look = look
        self.data = slide_data()
        self.breaker = WordBreaker.for_glossary(campaign.glossary)

    def slide(self, kind: str, layout: str, texts: dict[str, str], where: str, notes: str = "",
              qr: str = "") -> Slide:
        spec = self.data["layouts"][layout]
        colour = self.look.hex
        blocks = tuple(self.block(name, text, spec["texts"][name], where) for name, text in texts.items() if text.strip())
        panels = tuple(Panel(Box(*p["box"]), colour(p["fill"])) for p in spec.get("panels", ()))
        square = (qr, Box(*spec["qr"])) if qr and "qr" in spec else None
        return Slide(kind, colour(spec["background"]), panels, blocks, notes, square)

    def block(self, name: str, text: str, spec: dict[str, Any], where: str) -> Block:
        face = self.look.face(spec["role"], spec["weight"])
        box = Box(*spec["box"])
        style = TextStyle(face=face, max_size=spec["max"], min_size=spec["min"], line_height=self.data["line_height"],
                          align=Align(spec.get("align", "left")), valign=VAlign(spec.get("valign", "top")),
                          heading=spec.get("balanced", spec["role"] == "heading"))
        # Lines are broken a little short of the box (data: wrap_slack_em): an application measuring advances
        # rather than ink must not find a line wider than its box and wrap it again.
        narrower = Box(box.x, box.y, box.width - self.data["wrap_slack_em"] * spec["max"], box.height)
        try:
            laid = layout_text(text, narrower, style, self.breaker)
        except TextDoesNotFit:
            raise FlashgenError(
                _("{file}, {where}: the text of '{part}' does not fit its place on the slide even at {size} pt, "
                  "the smallest a slide allows. Shorten it.").format(
                    file=self.campaign.path, where=where, part=name, size=spec["min"]),
                code="slide-text-too-long",
            ) from None
        return Block(name, box, text, laid.lines, laid.size, face, spec["role"], self.look.hex(spec["colour"]),
                     spec.get("align", "left"))

    def title(self) -> Slide:
        c = self.campaign
        return self.slide("title", "title", {"title": c.title, "subtitle": c.subtitle,
                                             "organisation": c.organisation or self.look.theme.organisation},
                          _("the title slide"), notes=c.subtitle)

    def item(self, item: Item, kind: str) -> Slide:
        where = _("item {number}").format(number=item.number)
        label = f"{self.campaign.item_label} {item.number}"
        compare = self.campaign.compare
        if kind == "contrast":
            texts = {"label": label, "heading": item.heading, "from_label": compare.from_name or compare.from_label,
                     "from": item.from_text, "to_label": compare.to_name or compare.to_label, "to": item.to_text}
            return self.slide(kind, kind, texts, where, notes=_notes(item))
        if kind == "figure":
            value = " ".join(filter(None, (item.qualifier, item.value, item.unit)))
            texts = {"label": label, "value": value, "text": item.label or item.heading, "note": item.note}
            return self.slide(kind, kind, texts, where, notes=_notes(item))
        layout = "statement" if item.text else "statement-heading"
        return self.slide("statement", layout, {"label": label, "heading": item.heading, "text": item.text}, where,
                          notes=_notes(item))

    def message(self, index: int, text: str) -> Slide:
        label = f"{self.data['labels']['messages']} {index}/{len(self.campaign.messages)}"
        where = _("messages, entry {number}").format(number=index)
        return self.slide("message", "message", {"label": label, "text": text}, where, notes=text)

    def closing(self) -> Slide:
        source = self.campaign.source
        details = source.letter or source.speaker  # the layout sets one paragraph: the official document first
        texts = {"label": self.data["labels"]["source"], "title": source.title or self.campaign.title,
                 "details": details}
        if source.url:
            texts |= {"qr_heading": source.qr_heading, "qr_caption": source.qr_caption}
        else:  # nothing to scan: no panel for a QR code, the organisation signs the slide instead
            texts["organisation"] = self.campaign.organisation or self.look.theme.organisation
        notes = "\n".join(filter(None, (source.title, source.speaker, source.letter, source.url)))
        layout = "closing" if source.url else "closing-unlinked"
        return self.slide("closing", layout, texts, _("the closing slide"), notes=notes, qr=source.url)


def _notes(item: Item) -> str:
    """The item's full official paragraph for the presenter: its text, or its two sides."""
    if item.text:
        return item.text
    parts = [item.heading, item.from_text, item.to_text, item.note]
    return "\n".join(p for p in parts if p)


def plan_deck(campaign: Campaign, look: Look, kinds: tuple[str, ...] | None = None) -> Deck:
    """Every slide of ``campaign``: title, one per item in its kind's layout (``kinds``), messages, closing."""
    planner = _Planner(campaign, look)
    kinds = kinds if kinds is not None else tuple(item.kind for item in campaign.items)
    slides = [planner.title()]
    slides += [planner.item(item, kind) for item, kind in zip(campaign.items, kinds)]
    slides += [planner.message(index, text) for index, text in enumerate(campaign.messages, start=1)]
    slides.append(planner.closing())
    page = planner.data["page"]
    return Deck(page["width"], page["height"], tuple(slides))
