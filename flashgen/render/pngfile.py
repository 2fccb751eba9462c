"""PNG encoding: a Pillow RGB or RGBA image in, PNG file bytes out.

flashgen's images are flat-colour graphics: their rows are stored
unfiltered (PNG filter type 0) and deflated by ISA-L (python-isal; the same
deflate format as zlib). A 1080 × 1350 card takes about 2 ms here, against
10 ms with zlib at level 3 and 37 ms with Pillow's encoder (which tries a
filter per row). The files are about 12 % larger than those two make: a
fair price, as the encode had been a third of the time to make a card.

The file carries the resolution (``pHYs``) for print images and an ICC
profile (``iCCP``) when one is given, like Pillow's; the same image always
gives the same bytes.
"""

from __future__ import annotations

import struct
import zlib

from isal import isal_zlib
from PIL import Image

SIGNATURE = b"\x89PNG\r\n\x1a\n"
COLOUR_TYPES = {"RGB": (2, 3), "RGBA": (6, 4)}  # mode → (PNG colour type, bytes per pixel)
LEVEL = 2  # ISA-L's levels are 0 to 3; 1 and 2 take the same time here, 3 takes five times as long
METRES_PER_INCH = 0.0254


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _unfiltered_rows(image: Image.Image, row_bytes: int) -> bytes:
    """Every row with filter type 0 (a zero byte) in front of it."""
    raw = image.tobytes()
    return b"".join(b"\0" + raw[start:start + row_bytes] for start in range(0, len(raw), row_bytes))


def encode(image: Image.Image, dpi: float | None = None, icc_profile: bytes | None = None) -> bytes:
    """The PNG file of ``image`` (RGB or RGBA, 8 bits per channel)."""
    if image.mode not in COLOUR_TYPES:
        image = image.convert("RGBA" if "A" in image.mode else "RGB")
    colour_type, channels = COLOUR_TYPES[image.mode]
    width, height = image.size
    parts = [SIGNATURE, _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0))]
    if icc_profile:
        parts.append(_chunk(b"iCCP", b"ICC Profile\0\0" + zlib.compress(icc_profile)))
    if dpi:
        per_metre = int(dpi / METRES_PER_INCH + 0.5)
        parts.append(_chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)))
    parts.append(_chunk(b"IDAT", isal_zlib.compress(_unfiltered_rows(image, width * channels), LEVEL)))
    parts.append(_chunk(b"IEND", b""))
    return b"".join(parts)
