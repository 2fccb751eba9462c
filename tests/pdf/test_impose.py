"""Imposition geometry: cards inside the printable area, backs exactly behind fronts."""

from __future__ import annotations

import itertools

import pytest

from flashgen.errors import FlashgenError
from flashgen.load.geometry import apply
from flashgen.load.presets import load_presets
from flashgen.pdf.calibration import _label_signs
from flashgen.pdf.impose import MARK_ZONE_MM, flip_matrix, plan_sheet

PRESETS = load_presets()
PRINT_CARDS = [size for size in PRESETS.card_sizes.values() if size.is_print]
CASES = [(card, sheet) for card in PRINT_CARDS for sheet in PRESETS.sheets.values() if (card.name, sheet.name) in PRESETS.grids]
IDS = [f"{card.name}-on-{sheet.name}" for card, sheet in CASES]
EPS = 1e-6


def _plan(card, sheet, **options):
    return plan_sheet(card, sheet, PRESETS.grid(card, sheet), **options)


def test_every_print_size_has_a_layout_on_a4():
    assert {card.name for card, sheet in CASES if sheet.name == "a4"} == {"a6", "a7", "poker", "business"}
    expected = {"a6": 4, "a7": 8, "poker": 9, "business": 10}
    for card, sheet in CASES:
        if sheet.name == "a4":
            assert _plan(card, sheet).per_sheet == expected[card.name]


@pytest.mark.parametrize(("card", "sheet"), CASES, ids=IDS)
def test_cards_and_marks_stay_inside_the_printable_area(card, sheet):
    plan = _plan(card, sheet)
    margin = plan.margin_mm
    boxes = plan.boxes()
    assert len(boxes) == plan.columns * plan.rows
    for left, bottom, right, top in boxes:
        assert left >= margin + MARK_ZONE_MM - EPS and right <= sheet.width_mm - margin - MARK_ZONE_MM + EPS
        assert bottom >= margin + MARK_ZONE_MM - EPS and top <= sheet.height_mm - margin - MARK_ZONE_MM + EPS
        # the card keeps its proportions, at the plan's scale
        width, height = sorted((right - left, top - bottom))
        assert (width, height) == pytest.approx(tuple(v * plan.scale for v in sorted(card.trim_mm)))
    for a, b in itertools.combinations(boxes, 2):
        overlap = min(a[2], b[2]) - max(a[0], b[0]) > EPS and min(a[3], b[3]) - max(a[1], b[1]) > EPS
        assert not overlap
    for x1, y1, x2, y2 in plan.cut_marks():
        for x, y in ((x1, y1), (x2, y2)):
            assert margin - EPS <= x <= sheet.width_mm - margin + EPS and margin - EPS <= y <= sheet.height_mm - margin + EPS
        # a mark never runs over a card
        for left, bottom, right, top in boxes:
            assert not (left + EPS < x1 < right - EPS and bottom + EPS < y1 < top - EPS)


@pytest.mark.parametrize(("card", "sheet"), CASES, ids=IDS)
def test_every_card_edge_has_cut_marks(card, sheet):
    plan = _plan(card, sheet)
    marks = plan.cut_marks()
    vertical = {round(m[0], 6) for m in marks if m[0] == m[2]}
    horizontal = {round(m[1], 6) for m in marks if m[1] == m[3]}
    for left, bottom, right, top in plan.boxes():
        assert {round(left, 6), round(right, 6)} <= vertical
        assert {round(bottom, 6), round(top, 6)} <= horizontal


@pytest.mark.parametrize("flip", ["long", "short"])
@pytest.mark.parametrize(("card", "sheet"), CASES, ids=IDS)
def test_each_back_lands_behind_its_own_front(card, sheet, flip):
    """Turn the back page over as the printer does: every back point sits behind its front point."""
    plan = _plan(card, sheet)
    width, height = card.trim_mm
    turn = flip_matrix(sheet, flip)
    samples = [(0, 0), (width, 0), (0, height), (width, height), (0.2 * width, 0.7 * height)]
    for front, back in zip(plan.fronts, plan.backs(flip)):
        for u, v in samples:
            behind = apply(turn, *apply(back.matrix, u, v))  # where the back point shows, seen from the front
            expected = apply(front.matrix, width - u, v)  # the card turned over sideways
            assert behind == pytest.approx(expected, abs=1e-6)


def test_long_edge_reverses_columns_and_short_edge_reverses_rows():
    card, sheet = PRESETS.card_size("poker"), PRESETS.sheet("a4")
    plan = _plan(card, sheet)
    assert (plan.columns, plan.rows, plan.rotated) == (3, 3, False)
    fronts = plan.boxes()
    long_backs = [b.box(*card.trim_mm) for b in plan.backs("long")]
    short_backs = [b.box(*card.trim_mm) for b in plan.backs("short")]
    for row, column in itertools.product(range(3), range(3)):
        slot = row * 3 + column
        assert long_backs[slot] == pytest.approx(fronts[row * 3 + (2 - column)])
        assert short_backs[slot] == pytest.approx(fronts[(2 - row) * 3 + column])


def test_a7_cards_are_turned_to_fit_eight_on_a4():
    plan = _plan(PRESETS.card_size("a7"), PRESETS.sheet("a4"))
    assert plan.rotated and plan.per_sheet == 8 and 0.9 < plan.scale < 1


def test_poker_and_business_cards_print_at_full_size_on_a4():
    for name in ("poker", "business"):
        assert _plan(PRESETS.card_size(name), PRESETS.sheet("a4")).scale == 1.0


def test_back_offset_moves_every_back():
    card, sheet = PRESETS.card_size("poker"), PRESETS.sheet("a4")
    plan = _plan(card, sheet)
    plain = [b.box(*card.trim_mm) for b in plan.backs("long")]
    shifted = [b.box(*card.trim_mm) for b in plan.backs("long", (1.5, -0.5))]
    for before, after in zip(plain, shifted):
        assert after == pytest.approx((before[0] + 1.5, before[1] - 0.5, before[2] + 1.5, before[3] - 0.5))


def test_gutters_separate_cards():
    card, sheet = PRESETS.card_size("poker"), PRESETS.sheet("a3")
    plan = _plan(card, sheet, gutter_mm=4)
    boxes = plan.boxes()
    assert boxes[1][0] - boxes[0][2] == pytest.approx(4)


@pytest.mark.parametrize("flip", ["long", "short"])
def test_calibration_rulers_read_the_correction_directly(flip):
    """A back printed off by e shows through at a ruler mark labelled with the offset that cancels e."""
    sheet = PRESETS.sheet("a4")
    centre = (sheet.width_mm / 2, sheet.height_mm / 2)
    error = (1.5, -0.7)
    seen = apply(flip_matrix(sheet, flip), centre[0] + error[0], centre[1] + error[1])
    distance = (seen[0] - centre[0], seen[1] - centre[1])  # on the front, right and up
    signs = _label_signs(flip)
    reading = (signs[0] * distance[0], signs[1] * distance[1])
    assert reading == pytest.approx((-error[0], -error[1]))


def test_screen_sizes_and_bad_options_are_refused():
    sheet = PRESETS.sheet("a4")
    with pytest.raises(FlashgenError, match="screen size"):
        plan_sheet(PRESETS.card_size("social"), sheet, (2, 2))
    with pytest.raises(FlashgenError, match="cannot be negative"):
        plan_sheet(PRESETS.card_size("poker"), sheet, (3, 3), gutter_mm=-1)
    with pytest.raises(FlashgenError, match="unknown duplex flip 'sideways'"):
        flip_matrix(sheet, "sideways")
