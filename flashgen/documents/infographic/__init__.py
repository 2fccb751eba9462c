"""Infographic: a ``Campaign`` in, one designed piece showing every item at a glance out.

Takes the campaign, the ``FontBook``, a ``WordBreaker`` and the visual ``Theme``
(colours and fonts by role; its logo and organisation go in the header, its
footer line in the footer) and returns finished SVG documents (bytes) that
``render.render_pdf`` / ``render.render_image`` draw:

- ``poster_svg``: a vector poster (A3, or the same drawing enlarged to A2);
- ``web_svg``: one tall image, 1080 px wide, for a fanpage post;
- ``carousel_svgs``: the same content as 1080 × 1350 slides, never cutting an item.

Two ``LAYOUTS``: ``"list"`` (a grid of item cards: number, icon, heading and
the two short contrasting texts) and ``"comparison"`` (the classic two-sided
infographic: one row per item, the old way on the left, the new way on the
right). Nothing is drawn for a fixed number of items: every text is set with
``layout_text`` (Vietnamese line breaks, shrink-to-fit), every row is as tall
as its text, and the poster chooses its column count (1–3) and one text size
for all items from the content. Text that cannot be set raises
``FlashgenError`` naming the item and field; content too long for the poster
at a readable size raises ``FlashgenError`` saying so. ``infographic_faces``
lists the faces a theme's infographics use.

Every drawing keeps its foreground (cards, text, icons, QR code) inside a safe
margin; only the shapes in the ``<g id="background">`` group (page colour,
header and footer bands, their rings and dots) run to the edge.

The parts: style.py (media and sizes), kit.py (setting text), drawing.py
(SVG and the page), pieces.py, cards.py (list layout), rows.py (comparison
layout), bodies.py (items in columns), header.py, footer.py, and one module
per product: poster.py, web.py, carousel.py.
"""

from flashgen.documents.infographic.bodies import LAYOUTS
from flashgen.documents.infographic.carousel import CAROUSEL_SLIDE, carousel_svgs
from flashgen.documents.infographic.kit import infographic_faces
from flashgen.documents.infographic.poster import POSTER_PAPERS, poster_svg
from flashgen.documents.infographic.web import web_svg

__all__ = ["CAROUSEL_SLIDE", "LAYOUTS", "POSTER_PAPERS", "carousel_svgs", "infographic_faces", "poster_svg", "web_svg"]
