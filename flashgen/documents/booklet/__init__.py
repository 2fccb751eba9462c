"""Booklet — the campaign as a double-sided handout to print (A4 or A5 PDF).

Takes a ``Campaign``, the ``FontBook`` and the visual ``Theme`` (colours and
fonts by role; its logo, organisation and footer line when it has them);
returns the bytes of one PDF: a cover (label, title, subtitle, the year's
theme, the theme's logo and organisation, the campaign's organisation, year
and a QR code to the source), every item with its number, its heading and its
paragraph exactly as written and a small "Tóm tắt" box (from → to) set apart
as a summary, the campaign messages, and the source with its link and QR code.
Every page after the cover has a running footer: the title and "Trang N / total".

It is what community digital technology teams hand to people who want to read
more, so it is typeset for an office printer: nothing within 10 mm of the
paper edge, long-edge duplex asked for, A5 reflowed rather than a scaled A4.
The canvas comes from ``pdfkit.new_canvas``: only the bundled fonts, embedded
and subset, Vietnamese metadata, and the same bytes for the same input. Parts
the content leaves out (summaries, messages, the source link) are left out of
the booklet without a trace; the theme's footer line closes the last page.
Problems are raised as ``FlashgenError``.

The parts: page.py (A4 and A5 sizes, labels), paragraphs.py (styles,
paragraphs, tables), flowables.py, cover.py, points.py (one point kept
together), story.py (the flowables in reading order), footer.py (running
footer) and document.py (the PDF, in two passes).
"""

from flashgen.documents.booklet.document import build_booklet

__all__ = ["build_booklet"]
