"""A tall image in strips: drawn after an edit from the last image, it is the image drawn from nothing."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from PIL import Image

from flashgen.documents.infographic import web_strips, web_svg
from flashgen.render import draw as render
from flashgen.render import pngfile
from flashgen.render.jobs import run_job
from flashgen.render.strips import StripJob, draw_strips
from flashgen.text.wordbreak import WordBreaker

WIDTH = 120


@pytest.fixture(autouse=True)
def renderer(fonts):
    render.prepare(fonts)


def _strip(height: int, colour: str, words: str = "Chuyển đổi số", opaque: bool = True) -> bytes:
    page = f'<rect width="{WIDTH}" height="{height}" fill="#F4F7FB"/>' if opaque else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}px" height="{height}px" viewBox="0 0 {WIDTH} {height}">'
        f'{page}<rect x="8" y="4" width="{WIDTH - 16}" height="{height - 8}" rx="6" fill="{colour}"/>'
        f'<text x="12" y="{height / 2 + 5}" font-family="Be Vietnam Pro" font-size="13" fill="#0B2A5B">{words}</text></svg>'
    ).encode()


def _job(*drawings: bytes) -> StripJob:
    return StripJob("infographic/web-test.png", drawings, WIDTH, 96, "png-srgb", "fonts")


def _counting(monkeypatch) -> list[bytes]:
    drawn: list[bytes] = []
    original = render.render_image
    monkeypatch.setattr(render, "render_image", lambda svg, *args: drawn.append(svg) or original(svg, *args))
    return drawn


def test_an_edited_strip_is_drawn_and_the_others_are_copied_from_the_last_image_wherever_they_lay(monkeypatch):
    first = _job(_strip(40, "#FFC83D"), _strip(30, "#DCE6F5"), _strip(50, "#12408A"))
    last = (first.key, run_job(first))
    # The first strip grew (10 px): the other two now lie lower, and one more strip comes at the end.
    edited = _job(_strip(50, "#FFC83D", "Chuyển đổi số toàn diện"), first.strips[1], first.strips[2], _strip(20, "#DA251D"))
    drawn = _counting(monkeypatch)
    compressed = []
    deflate = pngfile.deflate_rows
    monkeypatch.setattr(pngfile, "deflate_rows", lambda stored: compressed.append(stored) or deflate(stored))
    monkeypatch.setattr(Image, "open", None)  # the last image is never decoded
    data = run_job(edited, last)
    assert drawn == [edited.strips[0], edited.strips[3]]  # the unchanged two were copied
    assert len(compressed) == 2  # ... as their compressed bytes
    assert data == run_job(edited)  # byte-identical to the image drawn from nothing
    monkeypatch.undo()
    assert Image.open(io.BytesIO(data)).size == (WIDTH, 150) == edited.pixels


def test_a_strip_key_names_its_drawing_size_and_fonts_not_its_place():
    strip = _strip(40, "#FFC83D")
    assert _job(strip, _strip(30, "#DCE6F5")).strip_keys[0] == _job(strip).strip_keys[0]
    assert _job(strip).strip_keys[0].startswith("40.")
    assert replace(_job(strip), fonts_key="other").strip_keys != _job(strip).strip_keys
    assert replace(_job(strip), dpi=192).strip_keys != _job(strip).strip_keys
    assert replace(_job(strip), encoding="png-dpi").key != _job(strip).key  # the same strips, another file


@pytest.mark.parametrize("spoil", [
    lambda key, data: (key, b"not a picture"),
    lambda key, data: (key, data[: len(data) // 2]),
    lambda key, data: ("0123abcd", data),  # a key of a drawing not in strips
    lambda key, data: (key.replace("40.", "x."), data),
    lambda key, data: (key.replace("40.", "41."), data),  # the strips do not add up to the image's height
    lambda key, data: (replace(_job(), encoding="png-dpi").key.partition("/")[0] + "/" + key.partition("/")[2], data),
])
def test_a_last_image_that_is_not_what_its_key_says_is_drawn_again(monkeypatch, spoil):
    job = _job(_strip(40, "#FFC83D"), _strip(30, "#DCE6F5"))
    cold = run_job(job)
    drawn = _counting(monkeypatch)
    assert run_job(job, spoil(job.key, cold)) == cold
    assert len(drawn) == 2


def test_a_jpeg_is_never_a_source_of_strips(monkeypatch):
    jpeg = next(platform for platform in _platforms() if platform.format == "jpeg")
    job = replace(_job(_strip(40, "#FFC83D"), _strip(30, "#DCE6F5")), encoding=jpeg)
    last = (job.key, run_job(job))
    drawn = _counting(monkeypatch)
    assert run_job(job, last) == last[1]
    assert len(drawn) == 2  # both strips drawn again: the JPEG's pixels are not the strips'


def _platforms():
    from flashgen.load.presets import load_presets

    return load_presets().platforms.values()


def test_an_image_with_a_transparent_strip_keeps_its_alpha_and_an_opaque_one_has_none(monkeypatch):
    clear = _job(_strip(40, "#FFC83D"), _strip(30, "#DCE6F5", opaque=False))
    assert draw_strips(clear).mode == "RGBA"
    assert draw_strips(clear).getpixel((2, 2)) == (244, 247, 251, 255)  # the opaque strip stays opaque
    assert draw_strips(clear).getpixel((2, 42))[3] == 0
    opaque = _job(clear.strips[0], _strip(30, "#DCE6F5"))
    last = (clear.key, run_job(clear))  # its first strip copied from an image with alpha
    assert Image.open(io.BytesIO(run_job(opaque, last))).mode == "RGB"
    assert run_job(opaque, last) == run_job(opaque)
    again = (opaque.key, run_job(opaque))  # and the other way round
    assert run_job(clear, again) == run_job(clear)


def _grown(campaign, number: int):
    """``campaign`` with item ``number``'s `to` line long enough to take another line."""
    items = tuple(replace(item, to_text=item.to_text + " và mọi người dân cùng tham gia, ở khắp mọi nơi")
                  if item.number == number else item for item in campaign.items)
    return replace(campaign, items=items)


@pytest.mark.parametrize("layout", ["list", "comparison"])
def test_a_web_image_strip_shows_one_piece_drawn_from_its_own_top(campaign, fonts, layout):
    breaker = WordBreaker.for_glossary(campaign.glossary)
    before = web_strips(campaign, fonts, breaker, layout)
    after = web_strips(_grown(campaign, 3), fonts, breaker, layout)
    # The header, (the column heads,) items 1 and 2 above the edit, item 3's strip, then the rest unchanged.
    changed = [index for index, (one, other) in enumerate(zip(before, after)) if one != other]
    assert len(before) == len(after) and changed == [3 if layout == "list" else 4]
    assert _job(*after).pixels[1] > _job(*before).pixels[1]  # the item grew a line: everything below moved
    whole = web_svg(campaign, fonts, breaker, layout)
    assert f'height="{_job(*before).pixels[1]}px"'.encode() in whole
    assert whole.count(b'data-layer="background"') == len(before)
