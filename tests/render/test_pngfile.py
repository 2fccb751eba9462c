"""PNG files flashgen writes: exact pixels, resolution and colour profile, same bytes each time."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from flashgen.render import pngfile
from tests.conftest import DATA


def _card() -> Image.Image:
    with Image.open(DATA / "golden" / sorted(p.name for p in (DATA / "golden").glob("*.png"))[0]) as image:
        return image.convert("RGB")


@pytest.mark.parametrize("mode", ["RGB", "RGBA"])
def test_pixels_survive_exactly(mode):
    image = _card().convert(mode)
    if mode == "RGBA":
        image.putpixel((0, 0), (10, 20, 30, 40))
    data = pngfile.encode(image)
    with Image.open(io.BytesIO(data)) as back:
        back.load()
        assert back.mode == mode and back.size == image.size and back.tobytes() == image.tobytes()
    Image.open(io.BytesIO(data)).verify()  # chunk CRCs and structure
    assert pngfile.encode(image) == data


def test_resolution_and_profile_are_recorded():
    profile = b"\x00\x01" * 300
    with Image.open(io.BytesIO(pngfile.encode(_card(), dpi=300, icc_profile=profile))) as back:
        assert back.info["dpi"] == pytest.approx((300, 300), abs=0.01)
        assert back.info["icc_profile"] == profile


def test_smaller_than_pillows_own_encoder():
    image = _card()
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=3)
    assert len(pngfile.encode(image)) < len(buffer.getvalue())
