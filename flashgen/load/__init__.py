"""Stage 1 — load: files in, checked frozen dataclasses out.

Takes the paths a build names (content YAML, theme, presets, fonts folders,
SVG templates, icons) and returns ``Campaign`` (content.py), ``Theme``
(theme.py), ``Presets`` (presets.py: card sizes, paper, platforms),
``FontBook`` (fonts.py; text shaped with HarfBuzz in shaping.py),
media.py (the smallest type per medium) and ``Template`` (template.py, with movingmarks.py for the marks that move
or resize with their text: frames found, fonts
resolved, unsafe SVG refused). Every problem is a ``FlashgenError`` naming the
file, line and field; input sizes are bounded by ``Limits`` (limits.py).
"""
