"""Tri-fold leaflet (tờ gấp): a ``Campaign`` in, the bytes of a print-ready PDF out.

Takes the campaign, the ``FontBook``, the visual ``Theme`` (colours and
fonts by role; its logo, organisation and footer line when it has them) and
the kind whose layout shows each item (its own, or the one flashgen.yaml
chose), and returns a two-page A4 landscape PDF
(vector, fonts embedded and subset, byte-identical for the same input), to be
printed double-sided flipping on the short edge and folded letter-style (roll
fold) into a 100 × 210 mm leaflet:

- page 1, the outside: inside flap (97 mm) | back panel (100 mm) | front cover (100 mm);
- page 2, the inside: the three panels the reader unfolds (100 | 100 | 97 mm).

The cover carries the logo, the organisation, the item count as a graphic
(for a set of figures the year instead: a count would read as one more
figure) and the title; the back panel the campaign messages, the source and,
with a URL, a QR code under the content's caption, over the theme's footer
line; the flap the theme under its label, the two sides compared (only when
items are shown as contrasts), the source and the hashtags. The inside holds
every item in its kind's layout: a contrast's number and heading with its two
short summaries, a statement's number and heading with its official text, a
figure large (qualifier, value, unit) over or beside its label and note. The
type is the largest that fits, up to 18 pt for a few short items and never
under the handout minimums of flashgen/data/media.yaml (9 pt for any text,
11 pt for an item's heading): content that does not fit at them is shown with
less (a contrast's second side only, then headings only), and a note under
the items says what is left out and where to read it. Rows
are spread down each column; few items take two panels beside a title panel,
so the inside looks full, never top-heavy.
Only text from the campaign is printed, apart from a few labels ("Thông điệp
truyền thông", "Nguồn", …). Lines break where Vietnamese allows (the cards'
line breaker: words and glossary terms stay whole). Content that cannot fit
raises ``FlashgenError`` saying how much does fit: nothing is ever cut off, or
shrunk below its minimum size, without a word.

The parts: sheet.py (the sheet, its panels and folds), typeset.py (text),
marks.py (pills, bars, arrows), rows.py (items, figures and messages as rows),
header.py (the inside's title block or title panel), inside.py (the plan of
the inside), cover.py, back.py, flap.py, and document.py (the PDF).
"""

from flashgen.documents.leaflet.document import build_leaflet
from flashgen.documents.leaflet.sheet import SHEET_MM

__all__ = ["SHEET_MM", "build_leaflet"]
