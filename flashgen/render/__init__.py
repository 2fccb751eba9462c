"""Stage 5 — render: finished SVG in, pixels or vector PDF pages out.

draw.py draws an SVG with cairo through CairoSVG into a Pillow image or PDF
pages, with flashgen's own fonts only; glyphruns.py and layercache.py are the
faster paths for laid-out lines and template backgrounds; pngfile.py and
encode.py turn images into PNG/JPEG bytes (dpi, sRGB profile, platform size
limits); jobs.py draws many images on every core and reuses unchanged ones.
"""
