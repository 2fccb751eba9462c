"""Banner sizes as data: flashgen/data/banners.yaml in, a checked ``BannerTable`` out.

Each size is a banner as ordered from a print shop (width × height in mm),
with what hides part of it (a standee's base) and whether it shows eyelet
marks; the table adds the safe margin, the eyelet marks' look, the line
height and the medium whose smallest type a slogan may not go under.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from flashgen.errors import FlashgenError
from flashgen.i18n import _
from flashgen.load.media import Medium, medium
from flashgen.load.resources import DATA_DIR
from flashgen.load.yamlfile import read_yaml

BANNERS_FILE = DATA_DIR / "banners.yaml"


@dataclass(frozen=True)
class BannerSize:
    name: str  # in file names: banners/80x500/message-01.pdf
    label: str
    width_mm: float
    height_mm: float
    eyelets: bool
    hidden_bottom_mm: float = 0.0  # a standee's base hides this much of the bottom
    ends_mm: float | None = None  # free space at the left and right ends (None: the table's safe margin)

    @property
    def portrait(self) -> bool:
        return self.height_mm > self.width_mm


@dataclass(frozen=True)
class Eyelet:
    spacing_mm: float
    inset_mm: float
    diameter_mm: float


@dataclass(frozen=True)
class BannerLogo:
    """Where the theme's logo goes on a banner: its tile's height (share of the height inside the safe margin, on
    a banner and on a standee), the space between it and the slogan, and the tile's margin round the logo."""

    height_share: float
    standee_share: float
    gap_mm: float
    tile_inset: float  # the paper-coloured tile's margin round the logo, a share of the tile's height


@dataclass(frozen=True)
class BannerTable:
    sizes: tuple[BannerSize, ...]
    safe_mm: float
    bleed_mm: float
    eyelet: Eyelet
    line_height: float
    medium: Medium
    logo: BannerLogo


def _number(block: dict, key: str, where: str, default: float | None = None) -> float:
    value = block.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value < math.inf:
        raise FlashgenError(_("{where}: '{key}' must be a number, 0 or more (sizes in millimetres).").format(where=where, key=key),
                            code="banner-data")
    return float(value)


def _size(name: str, block: dict, path: Path) -> BannerSize:
    where = f"{path}, size '{name}'"
    width, height = _number(block, "width_mm", where), _number(block, "height_mm", where)
    if not width or not height:
        raise FlashgenError(_("{where}: 'width_mm' and 'height_mm' must be more than 0.").format(where=where),
                            code="banner-data")
    hidden = _number(block, "hidden_bottom_mm", where, 0.0)
    if hidden >= height:
        raise FlashgenError(_("{where}: 'hidden_bottom_mm' must be less than 'height_mm'.").format(where=where),
                            code="banner-data")
    ends = _number(block, "ends_mm", where, 0.0) if "ends_mm" in block else None
    if ends is not None and 2 * ends >= width:
        raise FlashgenError(_("{where}: 'ends_mm' must be less than half of 'width_mm'.").format(where=where),
                            code="banner-data")
    return BannerSize(name, str(block.get("label", name)), width, height, block.get("eyelets") is True, hidden, ends)


def read_banner_table(path: Path = BANNERS_FILE) -> BannerTable:
    """The banner sizes and their drawing rules, checked (``FlashgenError`` naming the file and size)."""
    document = read_yaml(path)
    eyelet = document.get("eyelet", {})
    where = str(path)
    return BannerTable(
        sizes=tuple(_size(str(name), block, path) for name, block in document["sizes"].items()),
        safe_mm=_number(document, "safe_mm", where),
        bleed_mm=_number(document, "bleed_mm", where, 3.0),
        eyelet=Eyelet(_number(eyelet, "spacing_mm", where), _number(eyelet, "inset_mm", where),
                      _number(eyelet, "diameter_mm", where)),
        line_height=_number(document, "line_height", where, 1.25),
        medium=medium(str(document.get("medium", "banner-print"))),
        logo=_logo(document.get("logo") or {}, f"{where}, logo"),
    )


# The logo's shares: (default, most). An inset of half the tile would leave no room for the logo.
_LOGO_SHARES = {"height_share": (0.8, 1.0), "standee_share": (0.15, 1.0), "tile_inset": (0.12, 0.4)}


def _logo(block: dict, where: str) -> BannerLogo:
    shares = {}
    for key, (default, most) in _LOGO_SHARES.items():
        shares[key] = _number(block, key, where, default)
        if not 0 < shares[key] <= most:
            raise FlashgenError(_("{where}: '{key}' must be more than 0 and at most {most}.").format(
                where=where, key=key, most=f"{most:g}"), code="banner-data")
    return BannerLogo(shares["height_share"], shares["standee_share"], _number(block, "gap_mm", where, 100.0),
                      shares["tile_inset"])


@lru_cache(maxsize=1)
def banner_table() -> BannerTable:
    """flashgen's own banner table (read once per process)."""
    return read_banner_table()


@dataclass(frozen=True)
class PosterPapers:
    """The papers print-shop posters are made on (mm, portrait) and their bleed."""

    bleed_mm: float
    papers: dict[str, tuple[float, float]]


def read_poster_papers(path: Path = BANNERS_FILE) -> PosterPapers:
    """The ``posters:`` section of banners.yaml, checked (``FlashgenError`` naming the file and paper)."""
    block = read_yaml(path).get("posters", {})
    papers = {}
    for name, pair in block.get("papers", {}).items():
        where = f"{path}, posters, paper '{name}'"
        if not isinstance(pair, list) or len(pair) != 2:
            raise FlashgenError(_("{where}: write a paper as [width, height] in millimetres.").format(where=where),
                                code="banner-data")
        width, height = (_number({"size": value}, "size", where) for value in pair)
        if not width or not height:
            raise FlashgenError(_("{where}: 'width_mm' and 'height_mm' must be more than 0.").format(where=where),
                                code="banner-data")
        papers[str(name)] = (width, height)
    return PosterPapers(_number(block, "bleed_mm", str(path), 3.0), papers)


@lru_cache(maxsize=1)
def poster_papers() -> PosterPapers:
    """flashgen's own print-shop poster papers (read once per process)."""
    return read_poster_papers()
