"""Images inside what flashgen draws (load/images.py): sizes from headers, kinds as CairoSVG sees them,
and the images and logos that must keep working."""

from __future__ import annotations

import base64
import io
import urllib.parse
from pathlib import Path

import pytest
from PIL import Image

from flashgen.errors import FlashgenError
from flashgen.load.images import ImageKind, bitmap_size, check_image, image_kind
from flashgen.load.limits import Limits
from flashgen.load.presets import load_presets
from flashgen.load.template import load_template
from flashgen.load.theme import load_theme
from tests.conftest import DATA

SOCIAL = load_presets().card_sizes["social"]
GOOD_FRONT = (DATA / "hostile" / "good-front.svg").read_text(encoding="utf-8")
LOGO_FRAME = '<rect id="logo-frame" x="96" y="96" width="200" height="100" data-image="theme.logo"/>'


def _bitmap(kind: str, size: tuple[int, int]) -> bytes:
    data = io.BytesIO()
    Image.new("RGB", size, (26, 163, 74)).save(data, kind)
    return data.getvalue()


@pytest.mark.parametrize("kind", ["PNG", "JPEG", "GIF", "WEBP"])
def test_a_bitmaps_size_comes_from_its_header(kind):
    assert bitmap_size(_bitmap(kind, (321, 123))) == (321, 123)


def test_a_jpeg_size_is_read_past_its_other_segments():
    data = io.BytesIO()
    Image.new("RGB", (64, 48)).save(data, "JPEG", exif=b"Exif\x00\x00" + bytes(200), icc_profile=bytes(300))
    assert bitmap_size(data.getvalue()) == (64, 48)


@pytest.mark.parametrize(("data", "kind"), [
    (b"\x89PNG\r\n\x1a\n", ImageKind.PNG),
    (b"<?xml version='1.0'?><svg/>", ImageKind.SVG),
    (b"\xff\xd8\xff garbage <svg", ImageKind.SVG),  # CairoSVG draws any bytes holding "<svg" as SVG
    (b"\x1f\x8b\x08", ImageKind.COMPRESSED_SVG),
    (b"\xff\xd8\xff\xe0", ImageKind.BITMAP),
])
def test_the_kind_of_an_image_is_decided_as_cairosvg_decides_it(data, kind):
    assert image_kind(data) is kind


def test_the_pixel_limit_can_be_raised():
    data = _bitmap("PNG", (200, 100))
    with pytest.raises(FlashgenError, match=r"where: the image is too large: 200 × 100 = 20,000 pixels, more than 10,000"):
        check_image(data, "where", Limits(max_image_pixels=10_000))
    check_image(data, "where", Limits(max_image_pixels=20_000))


def _template(tmp_path: Path, extra: str) -> Path:
    path = tmp_path / "front.svg"
    path.write_text(GOOD_FRONT.replace("</svg>", extra + "</svg>"), encoding="utf-8")
    return path


def _uri(media_type: str, data: bytes) -> str:
    return f"data:{media_type};base64,{base64.b64encode(data).decode('ascii')}"


SVG_WITH_TEXT = ('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60"><style>.t{font-family:"Be Vietnam Pro";'
                 'font-weight:700}</style><text class="t" x="4" y="40" font-size="20">Sở Thông tin</text></svg>').encode()


def test_good_embedded_images_and_svg_text_in_a_bundled_font_load(tmp_path, fonts, campaign):
    images = "".join(f'<image x="96" y="{y}" width="40" height="20" href="{uri}"/>' for y, uri in (
        (1000, _uri("image/png", _bitmap("PNG", (40, 20)))), (1040, _uri("image/jpeg", _bitmap("JPEG", (40, 20)))),
        (1080, _uri("image/svg+xml", SVG_WITH_TEXT)), (1120, "data:image/svg+xml," + urllib.parse.quote(SVG_WITH_TEXT)),
    ))
    assert load_template(_template(tmp_path, images), SOCIAL, fonts, campaign.field_names()).frames


def test_an_svg_logo_with_text_in_a_bundled_font_is_placed(tmp_path, fonts, campaign):
    (tmp_path / "logo.svg").write_bytes(SVG_WITH_TEXT)
    (tmp_path / "theme.yaml").write_text("base: xanh\nlogo: logo.svg\n", encoding="utf-8")
    theme = load_theme(tmp_path / "theme.yaml")
    template = load_template(_template(tmp_path, LOGO_FRAME), SOCIAL, fonts, campaign.field_names(), theme)
    assert template.image_frames


def test_a_logo_within_raised_limits_is_read(tmp_path):
    (tmp_path / "logo.png").write_bytes(_bitmap("PNG", (200, 100)))
    (tmp_path / "theme.yaml").write_text("base: xanh\nlogo: logo.png\n", encoding="utf-8")
    with pytest.raises(FlashgenError, match=r"line 2: the logo .*logo.png: the image is too large"):
        load_theme(tmp_path / "theme.yaml", Limits(max_image_pixels=10_000))
    assert load_theme(tmp_path / "theme.yaml", Limits(max_image_pixels=20_000)).logo is not None
