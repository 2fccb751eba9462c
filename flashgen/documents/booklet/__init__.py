"""Booklet — the campaign as a double-sided handout to print (A4 or A5 PDF).

Takes a ``Campaign``, the ``FontBook``, the visual ``Theme`` (colours and
fonts by role; its logo, organisation and footer line when it has them) and
the kind whose layout shows each item (its own, or the one flashgen.yaml
chose); returns the bytes of one PDF: a cover (label, title, subtitle, the
theme under its label, the theme's logo and organisation, the campaign's
organisation, year and, with a URL, a QR code to the source), every item in
its kind's layout, the campaign messages, and the source labelled in its
kind's words ("Kế hoạch", "Người ký") with its link and QR code.
Every page after the cover has a running footer: the title and "Trang N / total".

- a contrast: its number, heading and paragraph exactly as written, and a
  small "Tóm tắt" box (from → to) set apart as a summary;
- a statement: its number, heading and paragraph (no box, no arrow);
- a run of figures: a grid of boxes, each with its number, the figure large
  with its qualifier and unit ("hơn 7.534 thành viên", one phrase when
  copied), its label and note; then the official texts, under "Trích …"
  and the source kind's name.

It is what community digital technology teams hand to people who want to read
more, so it is typeset for an office printer: nothing within 10 mm of the
paper edge, long-edge duplex asked for, A5 reflowed rather than a scaled A4.
It is typeset the way a reader needs it across page breaks: a summary box
stays on the page where its point ends (it takes two lines of the point's
text along), a heading never ends a page (a point's heading keeps three lines
under it, a section title what it heads), no paragraph leaves a single line
at a page top or bottom, the messages break with three rows on each side,
running text is broken for its width without a lone last syllable, and the
URL breaks after its slashes, never with a line starting with "-". No text
is under the handout minimums of flashgen/data/media.yaml (9 pt, headings
11 pt). Pages look full: every page but the last is filled at least 60 %;
short content grows its type and spacing a little, and a last page that would
hold only a few lines (or only the footer line) pulls the spacing in or lets
it out until it does not (page.py's ``Fill``). ``lay_out_booklet`` returns
the PDF with what was placed on each page and how full each page is.
The canvas comes from ``pdfkit.new_canvas``: only the bundled fonts, embedded
and subset, Vietnamese metadata, and the same bytes for the same input. Parts
the content leaves out (summaries, messages, the source link) are left out of
the booklet without a trace; the theme's footer line closes the last page.
Problems are raised as ``FlashgenError``.

The parts: page.py (A4 and A5 sizes, labels, fill steps), paragraphs.py
(styles, paragraphs, tables), flowables.py, cover.py, points.py (one point
kept together), figures.py (the figure grid), story.py (the flowables in
reading order), footer.py (running footer, and the canvas that draws it once
a pass knows its page total) and document.py (the PDF: the fill search, whose
winning pass is the booklet).
"""

from flashgen.documents.booklet.document import build_booklet, lay_out_booklet

__all__ = ["build_booklet", "lay_out_booklet"]
