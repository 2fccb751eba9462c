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

from flashgen.load.fonts import FontBook
from flashgen.load.geometry import apply
from flashgen.load.presets import Sheet
from flashgen.pdf.impose import flip_matrix
from flashgen.pdf.kit import MM, DocInfo, font_name, new_canvas

RULER_HALF_MM = 12
CORNER_INSET_MM = 30
NAVY = (0x0B / 255, 0x2A / 255, 0x5B / 255)
RED = (0.85, 0.1, 0.1)


def _label_signs(flip: str) -> tuple[int, int]:
    """Sign turning a front-side distance (mm, right/up) into the correction to pass.

    The back page is mirrored in x (long-edge flip) or y (short-edge flip): a
    back printed too far right shows up on the left through the paper.
    """
    return (1, -1) if flip == "long" else (-1, 1)


def _ruler(canvas, centre: tuple[float, float], horizontal: bool, sign: int, font: str) -> None:  # type: ignore[no-untyped-def]
    cx, cy = centre
    canvas.setStrokeColorRGB(*NAVY)
    canvas.setFillColorRGB(*NAVY)
    canvas.setFont(font, 6)
    for step in range(-RULER_HALF_MM, RULER_HALF_MM + 1):
        length = 3.0 if step % 5 == 0 else 1.6
        canvas.setLineWidth(0.4 if step % 5 == 0 else 0.25)
        if horizontal:
            x = cx + step * MM
            canvas.line(x, cy - length * MM, x, cy + length * MM)
            if step % 5 == 0 and step:
                canvas.drawCentredString(x, cy - 6 * MM, f"{sign * step:+d}")
        else:
            y = cy + step * MM
            canvas.line(cx - length * MM, y, cx + length * MM, y)
            if step % 5 == 0 and step:
                canvas.drawString(cx + 4 * MM, y - 2, f"{sign * step:+d}")


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
        _ruler(canvas, centre, True, signs[0], regular)
        _ruler(canvas, centre, False, signs[1], regular)
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
