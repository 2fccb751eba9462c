"""PNG encoding: a Pillow RGB or RGBA image in, PNG file bytes out.

flashgen's images are flat-colour graphics: their rows are stored
unfiltered (PNG filter type 0) and deflated by zlib-ng at level 2 (the same
deflate format as zlib). A 1080 × 1350 card takes about 4 ms here, against
10 ms with zlib at level 3 and 37 ms with Pillow's encoder (which tries a
filter per row), and the file is smaller than Pillow's. ISA-L (python-isal)
took 1.8 ms for a 2 % larger file but was not repeatable: the same rows
sometimes came out as a different stream within a build (its working memory
is not cleared), so two builds of the same input were not byte-identical.

The file carries the resolution (``pHYs``) for print images and an ICC
profile (``iCCP``) when one is given, like Pillow's; the same image always
gives the same bytes.
"""

from __future__ import annotations

import struct
import zlib

from PIL import Image
from zlib_ng import zlib_ng

SIGNATURE = b"\x89PNG\r\n\x1a\n"
COLOUR_TYPES = {"RGB": (2, 3), "RGBA": (6, 4)}  # mode → (PNG colour type, bytes per pixel)
LEVEL = 2  # level 1 takes 2.6 ms for files 13 % larger; level 3, 5.5 ms for 6 % smaller
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
    parts.append(_chunk(b"IDAT", zlib_ng.compress(_unfiltered_rows(image, width * channels), LEVEL)))
    parts.append(_chunk(b"IEND", b""))
    return b"".join(parts)
