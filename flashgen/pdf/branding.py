"""The theme's marks as the documents need them: who publishes, and the logo sized for a box.

Takes the ``Campaign`` and the ``Theme`` (its organisation and its ``Logo``:
SVG, PNG or JPEG bytes); gives the organisations to name, the logo's
proportions, the size it takes in a box (whole, never stretched) and, for
reportlab, which cannot draw SVG, a PNG of it at print resolution (300 dpi;
drawn by CairoSVG, as every other SVG of flashgen), or a vector PDF of it to
place at any size (a banner's logo is over half a metre high). A logo that cannot be read
raises ``FlashgenError`` naming its file.
"""

from __future__ import annotations

import functools
import io

from PIL import Image, UnidentifiedImageError

from flashgen.errors import FlashgenError
from flashgen.i18n import _
from flashgen.load.content import Campaign
from flashgen.load.theme import Logo, Theme
from flashgen.render.cairoload import load_cairocffi

PRINT_DPI = 300


def organisations(campaign: Campaign, theme: Theme) -> list[str]:
    """Who publishes, to name beside the logo: the theme's organisation, then the campaign's if it is another."""
    return list(dict.fromkeys(name for name in (theme.organisation, campaign.organisation) if name))


def _problem(logo: Logo, exc: Exception) -> FlashgenError:
    return FlashgenError(
        _("the theme's logo {file} cannot be drawn ({reason}); save it again as plain SVG or PNG.").format(
            file=logo.path, reason=exc
        ),
        code="logo-unreadable",
    )


def _svg_png(logo: Logo, size: tuple[int, int] | None = None) -> bytes:
    load_cairocffi()
    import cairosvg  # imported late, as in render.py: fontconfig must be configured first

    options = {"output_width": size[0], "output_height": size[1]} if size else {}
    try:
        return cairosvg.svg2png(bytestring=logo.data, unsafe=False, **options)
    except Exception as exc:  # cairosvg and its XML parser raise many kinds on a broken file
        raise _problem(logo, exc) from None


@functools.lru_cache(maxsize=4)
def logo_pdf(logo: Logo) -> bytes:
    """An SVG logo as a one-page vector PDF (CairoSVG), sharp at any size."""
    load_cairocffi()
    import cairosvg

    try:
        return cairosvg.svg2pdf(bytestring=logo.data, unsafe=False)
    except Exception as exc:  # as in _svg_png
        raise _problem(logo, exc) from None


@functools.lru_cache(maxsize=8)
def logo_pixels(logo: Logo) -> tuple[int, int]:
    """The logo's own size in pixels (an SVG's width and height, or its viewBox)."""
    data = _svg_png(logo) if logo.media_type == "image/svg+xml" else logo.data
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
    except (UnidentifiedImageError, OSError) as exc:
        raise _problem(logo, exc) from None
    if not width or not height:
        raise _problem(logo, ValueError("it has no size"))
    return width, height


def fit_logo(logo: Logo, width: float, height: float) -> tuple[float, float]:
    """The largest size of the logo, in its own proportions, inside ``width`` × ``height``."""
    own_width, own_height = logo_pixels(logo)
    scale = min(width / own_width, height / own_height)
    return own_width * scale, own_height * scale


@functools.lru_cache(maxsize=8)
def logo_png(logo: Logo, width_pt: float, height_pt: float) -> bytes:
    """The logo as PNG bytes for a ``width_pt`` × ``height_pt`` area printed at 300 dpi.

    A PNG or JPEG logo is given as it is (reportlab embeds it at its own resolution).
    """
    if logo.media_type != "image/svg+xml":
        return logo.data
    pixels = (max(1, round(width_pt / 72 * PRINT_DPI)), max(1, round(height_pt / 72 * PRINT_DPI)))
    return _svg_png(logo, pixels)
