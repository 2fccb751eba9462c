"""Bundle single-page card PDFs into one print-ready deck.

Takes the vector PDF page of every card (rendered at trim + bleed) and
returns the bytes of one PDF with TrimBox and BleedBox set on every page,
Vietnamese document metadata, and no timestamps unless SOURCE_DATE_EPOCH
asks for one, so that the same input always gives a byte-identical file.
"""

from __future__ import annotations

import io
import os
import time
from dataclasses import dataclass

import pikepdf

POINTS_PER_MM = 72 / 25.4


@dataclass(frozen=True)
class DeckInfo:
    """Document metadata shown in the PDF viewer's properties."""

    title: str
    author: str
    subject: str
    keywords: str


def _pdf_date() -> str | None:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch or not epoch.strip().isdigit():
        return None
    return time.strftime("D:%Y%m%d%H%M%SZ", time.gmtime(int(epoch)))


def _set_boxes(page: pikepdf.Page, bleed_mm: float) -> None:
    left, bottom, right, top = (float(v) for v in page.mediabox)
    bleed = bleed_mm * POINTS_PER_MM
    page.obj.BleedBox = pikepdf.Array([left, bottom, right, top])
    page.obj.TrimBox = pikepdf.Array([left + bleed, bottom + bleed, right - bleed, top - bleed])


def assemble_deck(pages: list[bytes], bleed_mm: float, info: DeckInfo) -> bytes:
    """One PDF holding ``pages`` in order, boxes and metadata set."""
    deck = pikepdf.new()
    sources = []  # keep sources open until the deck is saved: pages are copied lazily
    for data in pages:
        source = pikepdf.open(io.BytesIO(data))
        sources.append(source)
        deck.pages.extend(source.pages)
    for page in deck.pages:
        _set_boxes(page, bleed_mm)
    deck.docinfo["/Title"] = info.title
    deck.docinfo["/Author"] = info.author
    deck.docinfo["/Subject"] = info.subject
    deck.docinfo["/Keywords"] = info.keywords
    deck.docinfo["/Creator"] = "flashgen"
    date = _pdf_date()
    if date:
        deck.docinfo["/CreationDate"] = date
        deck.docinfo["/ModDate"] = date
    deck.Root.PageLayout = pikepdf.Name.SinglePage
    # Fronts and backs alternate: ask the print dialog for long-edge duplex.
    deck.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True, Duplex=pikepdf.Name.DuplexFlipLongEdge)
    output = io.BytesIO()
    deck.save(output, deterministic_id=True, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    for source in sources:
        source.close()
    return output.getvalue()
