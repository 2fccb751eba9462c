"""Tri-fold leaflet (tờ gấp): a ``Campaign`` in, the bytes of a print-ready PDF out.

Takes the campaign, the ``FontBook`` and the visual ``Theme`` (colours and
fonts by role; its logo, organisation and footer line when it has them) and
returns a two-page A4 landscape PDF
(vector, fonts embedded and subset, byte-identical for the same input), to be
printed double-sided flipping on the short edge and folded letter-style (roll
fold) into a 100 × 210 mm leaflet:

- page 1, the outside: inside flap (97 mm) | back panel (100 mm) | front cover (100 mm);
- page 2, the inside: the three panels the reader unfolds (100 | 100 | 97 mm).

The cover carries the logo, the organisation and the title; the back panel the
campaign messages, the source and a QR code to the full text, over the theme's
footer line; the flap the theme of the year, the two sides
compared, the source and the hashtags; the inside every item's number and
heading with its two short summaries, at the largest type size that fits.
Only text from the campaign is printed, apart from a few labels ("Thông điệp
truyền thông", "Nguồn", …). Lines break where Vietnamese allows (the cards'
line breaker: words and glossary terms stay whole). Content that cannot fit
raises ``FlashgenError`` saying how much does fit: nothing is ever cut off, or
shrunk below its minimum size, without a word.

The parts: sheet.py (the sheet, its panels and folds), typeset.py (text),
marks.py (pills, bars, arrows), rows.py (items and messages as rows),
inside.py, cover.py, back.py, flap.py, and document.py (the PDF).
"""

from flashgen.documents.leaflet.document import build_leaflet

__all__ = ["build_leaflet"]
