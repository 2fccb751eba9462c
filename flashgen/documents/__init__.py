"""Stage 7 — documents: a ``Campaign``, ``Theme`` and ``FontBook`` in, whole documents out.

booklet/ (A4/A5 handout PDF: ``build_booklet``), leaflet/ (tri-fold A4 PDF:
``build_leaflet``) and infographic/ (posters as SVG for PDF, a tall web image
and carousel slides as SVG: ``poster_svg``, ``web_svg``, ``carousel_svgs``)
compute their own layout from the content; they need no card. Each package's
``__init__`` says what it takes and returns and lists its parts.
"""
