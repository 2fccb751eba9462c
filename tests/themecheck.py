"""What the theme tests of the booklet, leaflet and infographic share: the test themes, and how
to read fonts and colours off a rendered page."""

from __future__ import annotations

import subprocess
from pathlib import Path

from PIL import Image

from flashgen.load.theme import Theme, find_theme, load_theme

THEMES = Path(__file__).resolve().parent / "data" / "themes"
# tests/data/themes/with-logo.yaml: the default look with a logo, an organisation and a footer line.
ORGANISATION = "Trung tâm Truyền thông tỉnh Quảng Ninh"
FOOTER = "Fanpage: Trung tâm Truyền thông Quảng Ninh · Zalo: 0203 3835 123"
LOGO_GREEN = (0x1A, 0xA3, 0x4A)  # the logo's background: a colour no bundled theme uses
NAVY = (0x0B, 0x2A, 0x5B)  # the default theme's primary colour
Box = tuple[int, int, int, int]  # left, top, right, bottom in pixels


def do_theme() -> Theme:
    return load_theme(find_theme("do"))


def logo_theme() -> Theme:
    return load_theme(THEMES / "with-logo.yaml")


def rgb(hex_colour: str) -> tuple[int, int, int]:
    return int(hex_colour[1:3], 16), int(hex_colour[3:5], 16), int(hex_colour[5:7], 16)


def close(colour: tuple[int, ...], expected: tuple[int, int, int], tolerance: int = 6) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(colour[:3], expected))


def embedded_fonts(pdf: Path) -> set[str]:
    """The PostScript names of the fonts ``pdf`` embeds, without the subset prefix."""
    rows = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    return {row.split()[0].split("+")[-1] for row in rows}


def page_image(pdf: Path, page: int, dpi: int, folder: Path) -> Image.Image:
    """Page ``page`` (from 1) of ``pdf`` as an RGB image at ``dpi``."""
    stem = folder / f"{pdf.stem}-{page}-{dpi}"
    subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-png", "-singlefile", str(pdf), str(stem)],
                   check=True)
    with Image.open(f"{stem}.png") as image:
        return image.convert("RGB")


def _colours(image: Image.Image, box: Box | None) -> list[tuple[int, tuple[int, int, int]]]:
    """(pixel count, colour) of every colour in ``box`` (default: the whole image)."""
    region = image.crop(box) if box else image
    return region.convert("RGB").getcolors(region.width * region.height)


def dominant_colour(image: Image.Image, box: Box) -> tuple[int, int, int]:
    """The most common colour in ``box``: a background, whatever text lies on it."""
    return max(_colours(image, box))[1]


def colour_count(image: Image.Image, colour: tuple[int, int, int], tolerance: int, box: Box | None = None) -> int:
    """How many pixels of ``box`` (default: all) are within ``tolerance`` of ``colour``."""
    return sum(count for count, each in _colours(image, box) if close(each, colour, tolerance))


def logo_pixel_count(image: Image.Image, box: Box | None = None) -> int:
    """How many pixels of ``box`` (default: all) show the test logo's green."""
    return colour_count(image, LOGO_GREEN, 30, box)
