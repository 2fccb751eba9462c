"""Stage 5 — render: finished SVG in, pixels or vector PDF pages out.

draw.py draws an SVG with cairo through CairoSVG into a Pillow image or PDF
pages, with flashgen's own fonts only; cairosvg_internals.py holds all code
that uses CairoSVG beyond its public API, drawing laid-out lines as glyph
runs (glyphruns.py) and each template background once (layercache.py);
pngfile.py and encode.py turn images into PNG/JPEG bytes (dpi, sRGB profile,
platform size limits); jobs.py draws many images on every core and reuses
unchanged ones; strips.py draws a tall image strip by strip, copying the
strips the last build's image already has.
"""
