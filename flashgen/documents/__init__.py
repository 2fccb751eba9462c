"""Stage 7 — documents: a ``Campaign``, ``Theme`` and ``FontBook`` in, whole documents out.

booklet.py (A4/A5 handout PDF), leaflet.py (tri-fold A4 PDF) and
infographic.py (posters as SVG for PDF, a tall web image and carousel slides
as SVG) compute their own layout from the content; they need no card.
"""
