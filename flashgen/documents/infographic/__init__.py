"""Infographic: a ``Campaign`` in, one designed piece showing every item at a glance out.

Takes the campaign, the ``FontBook``, a ``WordBreaker`` and the visual ``Theme``
(colours and fonts by role; its logo and organisation go in the header, its
footer line in the footer) and returns finished SVG documents (bytes) that
``render.render_pdf`` / ``render.render_image`` draw:

- ``poster_svg``: a vector poster (A3, or the same drawing enlarged to A2);
- ``web_strips``: one tall image, 1080 px wide, for a fanpage post, as strips drawn one by one
  (``web_svg``: the same as one SVG);
- ``carousel_svgs``: the same content as 1080 × 1350 slides, never cutting an item.

Three ``LAYOUTS``: ``"list"`` (a grid of item cards: number, icon, heading
and what the item's kind shows under it: a contrast's two short texts, a
statement's official text, a figure's label and note), ``"comparison"``
(the classic two-sided infographic: one row per item, the old way on the
left, the new way on the right) and ``"figures"`` (the key figures as a grid
of tiles, each value large with its qualifier, unit, label and note).
``default_layouts`` chooses them from the items' kinds (contrast: list and
comparison; statement: list; figure: figures; a mix: list, and figures when
some items are figures: see choice.py); flashgen.yaml's ``layouts:`` may
choose others, and ``check_layout`` refuses one the content cannot fill,
saying how to choose. Nothing is drawn for a fixed number of items: every
text is set with ``layout_text`` (Vietnamese line breaks, shrink-to-fit),
every row is as tall as its text, and the poster chooses its column count
and one text size for all items from the content. No text is smaller than its
medium's minimum (data/media.yaml: the A3 and A2 posters, the phone for the
web image and the carousel); a poster whose items do not fit at those sizes
shows less of each item and says where the full text is (detail.py). Text
that cannot be set raises ``FlashgenError`` naming the item and field; content
too long for the poster even in less detail raises ``FlashgenError`` saying so.
``infographic_faces`` lists the faces a theme's infographics use.

Every drawing keeps its foreground (cards, text, icons, QR code) inside a safe
margin; only the shapes in the ``<g id="background">`` group (page colour,
header and footer bands, their rings and dots) run to the edge.

The parts: choice.py (which layouts, which items), detail.py (how much of
each item a poster shows), style.py (media and sizes), kit.py (setting text), drawing.py (SVG and the page), pieces.py,
cards.py (list layout), rows.py (comparison layout), figures.py (figures
layout), bodies.py (items in columns), header.py, footer.py, and one module
per product: poster.py, web.py, carousel.py.
"""

from flashgen.documents.infographic.carousel import CAROUSEL_SLIDE, carousel_svgs
from flashgen.documents.infographic.choice import (
    LAYOUTS,
    check_layout,
    default_layouts,
    layout_problem,
)
from flashgen.documents.infographic.kit import infographic_faces
from flashgen.documents.infographic.poster import POSTER_PAPERS, poster_svg
from flashgen.documents.infographic.web import web_strips, web_svg

__all__ = [
    "CAROUSEL_SLIDE", "LAYOUTS", "POSTER_PAPERS", "carousel_svgs", "check_layout", "default_layouts",
    "infographic_faces", "layout_problem", "poster_svg", "web_strips", "web_svg",
]
