"""Backgrounds drawn once: a card started from a kept background is the card drawn from scratch."""

from __future__ import annotations

import pytest

from flashgen.render import cairosvg_internals, layercache
from flashgen.render import draw as render
from tests.imagecompare import cairosvg_alone, same_pixels


@pytest.fixture(autouse=True)
def empty_cache(fonts, monkeypatch):
    render.prepare(fonts)
    monkeypatch.setattr(layercache, "_kept", type(layercache._kept)())


def _drawing(background: str = "#0B2A5B", words: str = "Chuyển đổi số", later: str = "") -> bytes:
    """A card-like drawing: a gradient background, a motif, text, then a shape with a gradient of the background's defs."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="200" viewBox="0 0 300 200">'
        f'<defs><linearGradient id="sky" x2="0.4" y2="1"><stop offset="0" stop-color="{background}"/>'
        '<stop offset="1" stop-color="#12408A"/></linearGradient><linearGradient id="gold"><stop offset="0" stop-color="#FFC83D"/>'
        '<stop offset="1" stop-color="#DA251D"/></linearGradient></defs>'
        f'<rect width="300" height="200" fill="url(#sky)"/>{later}'
        '<circle cx="250" cy="40" r="60" fill="none" stroke="#fff" stroke-opacity="0.2" stroke-width="3"/>'
        f'<text x="20" y="120" font-size="28" fill="#FFC83D">{words}</text>'
        '<rect x="20" y="150" width="260" height="30" rx="15" fill="url(#gold)" stroke="#fff"/></svg>'
    ).encode()


def _tree(svg: bytes):
    return cairosvg_internals.parse(svg)


def test_the_background_is_the_run_of_shapes_before_the_first_text():
    assert layercache.background_length(_tree(_drawing())) == 3  # defs, gradient rect, motif circle


def test_a_background_that_points_past_itself_ends_before_that_shape():
    later = '<rect width="50" height="50" fill="url(#late)"/>'
    svg = _drawing(later=later).replace(b"</svg>", b'<defs><linearGradient id="late"/></defs></svg>')
    assert layercache.background_length(_tree(svg)) == 2


def test_a_drawing_with_opacity_on_the_whole_is_not_split():
    svg = _drawing().replace(b'viewBox="0 0 300 200"', b'viewBox="0 0 300 200" opacity="0.5"')
    assert layercache.background_length(_tree(svg)) == 0


def test_later_cards_start_from_the_kept_background_and_look_the_same():
    cards = [_drawing(words=words) for words in ("Một", "Hai", "Ba", "Bốn")]
    drawn = [render.render_image(svg, (600, 400), 96) for svg in cards]
    assert len(layercache._kept) == 1  # kept by the first, used by the others
    for svg, image in zip(cards, drawn):
        assert same_pixels(image, cairosvg_alone(svg, (600, 400)))


def test_a_different_background_is_drawn_afresh():
    for _ in range(3):
        render.render_image(_drawing(), (600, 400), 96)
    red = _drawing(background="#DA251D")
    assert same_pixels(render.render_image(red, (600, 400), 96), cairosvg_alone(red, (600, 400)))
    # The same background at another size is another background.
    assert same_pixels(render.render_image(_drawing(), (300, 200), 96), cairosvg_alone(_drawing(), (300, 200)))


def test_what_is_kept_has_a_ceiling(monkeypatch):
    monkeypatch.setattr(layercache, "MAX_KEPT_BYTES", 600 * 400 * 4 * 2)
    for colour in ("#000001", "#000002", "#000003"):
        render.render_image(_drawing(background=colour), (600, 400), 96)
    assert len(layercache._kept) == 2
