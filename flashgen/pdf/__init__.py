"""Stage 6 — PDF: card pages and sheets in, print-ready PDF bytes out.

impose.py plans card grids on office paper (duplex backs mirrored);
decks.py places vector card pages into print-shop and office decks;
calibration.py draws the duplex test sheet; kit.py and branding.py are the
reportlab helpers (fonts, metadata, the theme's logo) the documents share.
"""
