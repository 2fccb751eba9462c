"""The duplex calibration sheet's ruler numbers, read from the PDF: none covers another, and every target shows 0."""

from __future__ import annotations

import re
import subprocess

import pytest

from flashgen.load.fonts import FontBook
from flashgen.load.presets import load_presets
from flashgen.pdf.calibration import _targets, calibration_sheet
from flashgen.pdf.kit import MM

NUMBER = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([+-]?\d+)</word>')
Box = tuple[float, float, float, float, str]


@pytest.fixture(scope="module", params=["long", "short"])
def labels(request: pytest.FixtureRequest, fonts: FontBook, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, list[Box]]:
    """The flip and every number on the front of the A4 sheet: (left, top, right, bottom, text), y downwards."""
    path = tmp_path_factory.mktemp("calibration") / f"calibration-{request.param}.pdf"
    path.write_bytes(calibration_sheet(load_presets().sheet("a4"), request.param, fonts))
    words = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"],
                           capture_output=True, text=True, check=True).stdout
    boxes = [(float(a), float(b), float(c), float(d), text) for a, b, c, d, text in NUMBER.findall(words)]
    # The ruler numbers are set at 6 pt; the instructions (which mention "số 0") at 9 pt.
    return request.param, [box for box in boxes if box[3] - box[1] < 6 * 1.4]


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_no_ruler_number_covers_another(labels: tuple[str, list[Box]]) -> None:
    _, boxes = labels
    assert len(boxes) == 5 * 9  # five targets: ±5 and ±10 on two rulers, and 0
    touching = [(a[4], b[4], a[:2]) for i, a in enumerate(boxes) for b in boxes[i + 1:] if _overlap(a, b)]
    assert not touching


def test_every_target_shows_0_and_each_ruler_its_numbers(labels: tuple[str, list[Box]]) -> None:
    flip, boxes = labels
    sheet = load_presets().sheet("a4")
    height = sheet.height_mm * MM
    for x_mm, y_mm in _targets(sheet):
        cx, cy = x_mm * MM, height - y_mm * MM  # pdftotext counts y from the top
        near = [box for box in boxes if abs((box[0] + box[2]) / 2 - cx) < 20 * MM and abs((box[1] + box[3]) / 2 - cy) < 20 * MM]
        assert sorted(box[4] for box in near) == sorted(["0", *["+5", "-5", "+10", "-10"] * 2])
        zero = next(box for box in near if box[4] == "0")
        # The 0 sits by the crossing, within 5 mm of the centre.
        assert abs((zero[0] + zero[2]) / 2 - cx) < 5 * MM and abs((zero[1] + zero[3]) / 2 - cy) < 5 * MM
        # The horizontal ruler's numbers stand at their ticks: "+5" or "-5" 5 mm right of the centre, by the flip.
        right = "+5" if flip == "long" else "-5"
        assert any(box[4] == right and abs((box[0] + box[2]) / 2 - (cx + 5 * MM)) < 0.5 for box in near)
