"""Line icons for infographics: a name in, SVG path data out.

Takes an icon name from the content (``icon: cloud``) and returns an ``Icon``
read from the bundled Tabler set (icons/tabler/, MIT): the path data of a 24 × 24
outline drawing, ready to be stroked in any colour at any size. An unknown
name is a ``FlashgenError`` that says where the icons are.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lxml import etree

from flashgen.errors import FlashgenError
from flashgen.i18n import _
from flashgen.load.resources import ICONS_DIR
from flashgen.load.svgdoc import local_name, parse_svg

ICON_SIZE = 24.0  # the drawings' own coordinate space


@dataclass(frozen=True)
class Icon:
    name: str
    paths: tuple[str, ...]  # path data in a 24 × 24 box, to be stroked (not filled)


def icon_names(folder: Path = ICONS_DIR) -> list[str]:
    return sorted(path.stem for path in folder.glob("*.svg"))


@lru_cache(maxsize=None)
def load_icon(name: str, folder: Path = ICONS_DIR) -> Icon:
    """The icon called ``name``; ``FlashgenError`` if there is none."""
    path = folder / f"{name}.svg"
    if not name or "/" in name or "\\" in name or not path.is_file():
        raise FlashgenError(
            _("there is no icon called '{name}' in {folder}.{hint} The files there are the names you can use.").format(
                name=name, folder=folder, hint=_did_you_mean(name, folder)
            ),
            code="unknown-icon",
        )
    return Icon(name=name, paths=_drawn_paths(parse_svg(path).getroot()))


def _drawn_paths(root: etree._Element) -> tuple[str, ...]:
    """The path data of every <path> the icon draws.

    Tabler puts an invisible 24 × 24 square (stroke="none") first, to keep the box: it is skipped.
    """
    return tuple(
        element.get("d", "") for element in root.iter()
        if local_name(element) == "path" and element.get("stroke") != "none" and element.get("d")
    )


def _did_you_mean(name: str, folder: Path) -> str:
    """Up to six icon names that contain ``name`` or are part of it, as a hint."""
    close = [n for n in icon_names(folder) if name and (name in n or n in name)][:6]
    return _(" Did you mean: {names}?").format(names=", ".join(close)) if close else ""
