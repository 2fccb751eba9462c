"""The duplex calibration sheet: how far does this printer shift the back side?

Takes a ``Sheet``, the duplex flip and the fonts; returns a two-page PDF.
The front carries millimetre rulers crossing at the centre (and crosshairs
near the corners); the back carries red crosshair lines exactly behind them.
Held against the light, the red line crosses each ruler at the correction to
pass as ``--back-offset X,Y``: the rulers are numbered with that value already,
so nobody has to work out signs and mirror images.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.pdfbase.pdfmetrics import stringWidth

from flashgen.load.fonts import FontBook
from flashgen.load.geometry import apply
from flashgen.load.presets import Sheet
from flashgen.pdf.impose import flip_matrix
from flashgen.pdf.kit import MM, DocInfo, font_name, new_canvas

RULER_HALF_MM = 12
CORNER_INSET_MM = 30
NAVY = (0x0B / 255, 0x2A / 255, 0x5B / 255)
RED = (0.85, 0.1, 0.1)
MAJOR_TICK_MM = 3.0  # half length of the ticks every 5 mm
MINOR_TICK_MM = 1.6
LABEL_SIZE = 6.0  # pt
LABEL_GAP_MM = 0.8  # between a tick's end and its number, and between two numbers
DIGIT_HEIGHT = 0.72  # height of digits and signs, in em (Be Vietnam Pro)


def _label_signs(flip: str) -> tuple[int, int]:
    """Sign turning a front-side distance (mm, right/up) into the correction to pass.

    The back page is mirrored in x (long-edge flip) or y (short-edge flip): a
    back printed too far right shows up on the left through the paper.
    """
    return (1, -1) if flip == "long" else (-1, 1)


@dataclass(frozen=True)
class Label:
    """One ruler number as drawn: its text, where its baseline starts and the box it covers (points)."""

    text: str
    x: float
    y: float
    width: float
    height: float

    def box(self, margin: float = 0.0) -> tuple[float, float, float, float]:
        """(left, bottom, right, top) of the digits, grown by ``margin`` on every side."""
        return (self.x - margin, self.y - margin, self.x + self.width + margin, self.y + self.height + margin)

    def overlaps(self, other: Label, margin: float) -> bool:
        a, b = self.box(margin), other.box()
        return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _label(text: str, x: float, y: float, font: str, anchor: str) -> Label:
    """``text`` at LABEL_SIZE whose ``anchor`` ("left", "centre", "right") is at ``x``, baseline ``y``."""
    width = stringWidth(text, font, LABEL_SIZE)
    left = {"left": x, "centre": x - width / 2, "right": x - width}[anchor]
    return Label(text, left, y, width, LABEL_SIZE * DIGIT_HEIGHT)


def ruler_labels(centre: tuple[float, float], signs: tuple[int, int], font: str) -> list[Label]:
    """The numbers of one target's two rulers, each beside its tick, no two covering each other.

    Numbered all on one side, the two rulers' "5"s met in one quarter of the
    cross and printed over each other. Here each quarter holds the numbers of
    one ruler only (a pinwheel): the horizontal ruler is numbered below its
    left half and above its right half, the vertical ruler left of its upper
    half and right of its lower half. The centre, where both read 0, gets one
    "0" near the crossing in the lower left quarter, inside the numbers there.
    """
    cx, cy = centre
    height, gap = LABEL_SIZE * DIGIT_HEIGHT, LABEL_GAP_MM * MM
    reach = MAJOR_TICK_MM * MM + gap  # from a ruler's line to the near edge of its numbers
    labels = []
    for step in (step for step in range(-RULER_HALF_MM, RULER_HALF_MM + 1) if step % 5 == 0 and step):
        baseline = cy + reach if step > 0 else cy - reach - height
        labels.append(_label(f"{signs[0] * step:+d}", cx + step * MM, baseline, font, "centre"))
        x, anchor = (cx - reach, "right") if step > 0 else (cx + reach, "left")
        labels.append(_label(f"{signs[1] * step:+d}", x, cy + step * MM - height / 2, font, anchor))
    # Clear of the minor ticks of both rulers (they reach MINOR_TICK_MM from each line).
    corner = MINOR_TICK_MM * MM + gap / 2
    labels.append(_label("0", cx - corner, cy - corner - height, font, "right"))
    return labels


def _ruler(canvas, centre: tuple[float, float], horizontal: bool) -> None:  # type: ignore[no-untyped-def]
    """The ticks of one ruler (its numbers are drawn by ``_labels``)."""
    cx, cy = centre
    canvas.setStrokeColorRGB(*NAVY)
    for step in range(-RULER_HALF_MM, RULER_HALF_MM + 1):
        length = MAJOR_TICK_MM if step % 5 == 0 else MINOR_TICK_MM
        canvas.setLineWidth(0.4 if step % 5 == 0 else 0.25)
        if horizontal:
            x = cx + step * MM
            canvas.line(x, cy - length * MM, x, cy + length * MM)
        else:
            y = cy + step * MM
            canvas.line(cx - length * MM, y, cx + length * MM, y)


def _labels(canvas, labels: list[Label], font: str) -> None:  # type: ignore[no-untyped-def]
    canvas.setFillColorRGB(*NAVY)
    canvas.setFont(font, LABEL_SIZE)
    for label in labels:
        canvas.drawString(label.x, label.y, label.text)


def _crosshair(canvas, point: tuple[float, float], half_mm: float, colour: tuple[float, float, float]) -> None:  # type: ignore[no-untyped-def]
    x, y = point
    canvas.setStrokeColorRGB(*colour)
    canvas.setLineWidth(0.3)
    canvas.line(x - half_mm * MM, y, x + half_mm * MM, y)
    canvas.line(x, y - half_mm * MM, x, y + half_mm * MM)
    canvas.circle(x, y, 2 * MM, stroke=1, fill=0)


def _targets(sheet: Sheet) -> list[tuple[float, float]]:
    """Centre and four corner targets, in mm (symmetric, so both flips map them onto each other)."""
    w, h = sheet.width_mm, sheet.height_mm
    return [(w / 2, h / 2)] + [
        (x, y) for x in (CORNER_INSET_MM, w - CORNER_INSET_MM) for y in (CORNER_INSET_MM, h - CORNER_INSET_MM)
    ]


def calibration_sheet(sheet: Sheet, flip: str, fonts: FontBook) -> bytes:
    """Two pages: front with rulers, back with red lines behind them."""
    buffer = io.BytesIO()
    info = DocInfo(
        title=f"Tờ hiệu chỉnh in hai mặt — {sheet.label}",
        author="flashgen",
        subject="Đo độ lệch mặt sau khi in hai mặt",
        keywords="in hai mặt, hiệu chỉnh, duplex",
    )
    canvas = new_canvas(buffer, (sheet.width_mm * MM, sheet.height_mm * MM), info, fonts, duplex=flip)
    regular, bold = font_name(fonts, 400), font_name(fonts, 700)
    signs = _label_signs(flip)
    edge = "cạnh dài" if flip == "long" else "cạnh ngắn"
    # Front: instructions, rulers through every target.
    canvas.setFillColorRGB(*NAVY)
    canvas.setFont(bold, 14)
    # The text sits between the top targets and the centre, clear of every ruler.
    top = sheet.height_mm - CORNER_INSET_MM - RULER_HALF_MM - 16
    canvas.drawString(15 * MM, top * MM, "Tờ hiệu chỉnh in hai mặt — MẶT TRƯỚC")
    canvas.setFont(regular, 9)
    steps = [
        f"1. In tờ này hai mặt, lật {edge} (như khi in bộ thẻ), trên đúng máy in và khổ giấy {sheet.label}.",
        "2. Soi tờ giấy trước ánh sáng: các vạch đỏ ở mặt sau hiện qua giấy.",
        "3. Tại thước ở giữa, đọc số nơi vạch đỏ dọc cắt thước ngang (X) và vạch đỏ ngang cắt thước dọc (Y).",
        "4. In lại bộ thẻ với: flashgen print --back-offset X,Y   (ví dụ: --back-offset 1.5,-1)",
        "Nếu các vạch đỏ trùng số 0, máy in của bạn không cần hiệu chỉnh.",
    ]
    for index, line in enumerate(steps):
        canvas.drawString(15 * MM, (top - 9 - 5.5 * index) * MM, line)
    for x, y in _targets(sheet):
        centre = (x * MM, y * MM)
        _ruler(canvas, centre, True)
        _ruler(canvas, centre, False)
        _labels(canvas, ruler_labels(centre, signs, regular), regular)
    canvas.showPage()
    # Back: red crosshairs exactly behind the front targets, through the flip.
    flipped = flip_matrix(sheet, flip)
    canvas.setFillColorRGB(*RED)
    canvas.setFont(bold, 14)
    canvas.drawCentredString(sheet.width_mm / 2 * MM, (sheet.height_mm / 2 - 40) * MM, "Tờ hiệu chỉnh in hai mặt — MẶT SAU")
    for target in _targets(sheet):
        x, y = apply(flipped, *target)
        _crosshair(canvas, (x * MM, y * MM), RULER_HALF_MM + 4, RED)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
