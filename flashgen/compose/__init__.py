"""Stage 4 — compose: a ``MergedCard`` in, a ``CardDocument`` (the finished SVG) out.

card.py lays out every frame's text (stage 3) and writes it into the
template as positioned lines, fills image frames (logo, QR code from qr.py,
icons) and drops empty optional groups. The result is drawn by stage 5.
"""
