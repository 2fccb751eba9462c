"""Encode rendered images for where they will be posted.

Takes a Pillow image and a ``Platform``; returns file bytes in the platform's
format with an sRGB colour profile embedded (so phones and browsers show the
colours as designed), under the platform's upload limit: JPEG quality steps
down until the file fits, and a file that still does not fit (or a PNG over
the limit) is an error naming the file and the limit.
"""

from __future__ import annotations

import io
from functools import lru_cache

from PIL import Image, ImageCms

from flashgen.errors import FlashgenError
from flashgen.i18n import _
from flashgen.load.presets import Platform
from flashgen.render.draw import encode_png

# JPEG qualities tried in turn: high enough for text, then a little lower.
JPEG_QUALITIES = (95, 92, 90, 87, 85, 82, 80)


ICC_DATE = slice(24, 36)  # the profile header's creation date and time
FIXED_DATE = bytes.fromhex("07d0" "0001" "0001" "0000" "0000" "0000")  # 2000-01-01 00:00:00


@lru_cache(maxsize=1)
def srgb_profile() -> bytes:
    """The sRGB profile, with a fixed creation date so the same image always gives the same file."""
    profile = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    profile[ICC_DATE] = FIXED_DATE
    return bytes(profile)


def png_bytes(image: Image.Image) -> bytes:
    """A PNG with the sRGB profile embedded."""
    return encode_png(image, icc_profile=srgb_profile())


def _jpeg(image: Image.Image, quality: int) -> bytes:
    buffer = io.BytesIO()
    # subsampling=0 (4:4:4): chroma subsampling smears coloured text edges.
    image.save(buffer, "JPEG", quality=quality, subsampling=0, optimize=True, icc_profile=srgb_profile())
    return buffer.getvalue()


def encode_for(image: Image.Image, platform: Platform, name: str) -> bytes:
    """``image`` as ``platform`` wants it; ``name`` is used in the error message."""
    image = image.convert("RGB")
    limit_mb = platform.max_bytes / 1024 / 1024
    if platform.format == "png":
        data = png_bytes(image)
        if len(data) > platform.max_bytes:
            raise FlashgenError(
                _(
                    "{name}: the PNG is {size:.1f} MB, more than {platform}'s limit of {limit:g} MB. "
                    "Use a simpler background or set this platform's format to jpeg."
                ).format(name=name, size=len(data) / 1024 / 1024, platform=_(platform.label), limit=limit_mb),
                code="upload-too-large",
            )
        return data
    for quality in JPEG_QUALITIES:
        data = _jpeg(image, quality)
        if len(data) <= platform.max_bytes:
            return data
    raise FlashgenError(
        _(
            "{name}: even at JPEG quality {quality} the image is {size:.1f} MB, "
            "more than {platform}'s limit of {limit:g} MB. Use a simpler background."
        ).format(name=name, quality=JPEG_QUALITIES[-1], size=len(data) / 1024 / 1024, platform=_(platform.label), limit=limit_mb),
        code="upload-too-large",
    )
