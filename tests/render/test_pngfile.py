"""PNG files flashgen writes: exact pixels, resolution and colour profile, same bytes each time."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
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


def _in_strips(image: Image.Image, heights: list[int]) -> list[tuple[bytes, bytes]]:
    segments, top = [], 0
    for height in heights:
        stored = pngfile.rows(image.crop((0, top, image.width, top + height)))
        segments.append((stored, pngfile.deflate_rows(stored)))
        top += height
    return segments


@pytest.mark.parametrize("mode", ["RGB", "RGBA"])
def test_an_image_in_segments_is_an_ordinary_png_and_gives_its_segments_back(mode):
    image = _card().convert(mode)
    heights = [image.height // 3, 1, image.height - image.height // 3 - 1]
    segments = _in_strips(image, heights)
    data = pngfile.encode_segments(image.width, mode, segments, dpi=300)
    with Image.open(io.BytesIO(data)) as back:  # any PNG reader reads the stream the segments make
        back.load()
        assert back.mode == mode and back.size == image.size and back.tobytes() == image.tobytes()
        assert round(back.info["dpi"][0]) == 300
    Image.open(io.BytesIO(data)).verify()
    found = pngfile.read_segments(data)
    assert found is not None and found.size == image.size and found.mode == mode
    assert found.deflated == tuple(deflated for _stored, deflated in segments)
    row = image.width * len(mode) + 1
    assert [pngfile.inflate_rows(d, h * row) for d, h in zip(found.deflated, heights)] == [s for s, _d in segments]


def test_an_ordinary_png_or_other_bytes_have_no_segments():
    image = _card()
    assert pngfile.read_segments(pngfile.encode(image)) is None  # one stream, not segments
    segments = _in_strips(image, [10, image.height - 10])
    data = pngfile.encode_segments(image.width, "RGB", segments)
    assert pngfile.read_segments(data[: len(data) // 2]) is None
    assert pngfile.read_segments(b"not a picture") is None
    assert pngfile.inflate_rows(segments[0][1], len(segments[0][0]) - 1) is None  # never more than asked is unpacked
    assert pngfile.inflate_rows(b"\xff" * 20, 10) is None


@given(st.binary(max_size=300))
def test_reading_segments_of_any_bytes_never_fails(data):
    found = pngfile.read_segments(pngfile.SIGNATURE + data)
    if found is not None:
        for deflated in found.deflated:
            pngfile.inflate_rows(deflated, 1000)
