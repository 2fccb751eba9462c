"""Frames files: a template's frames marked beside it, for editors without ``data-*`` attributes.

Figma and Illustrator cannot write ``data-*`` attributes, so their templates
mark frames in ``<name>.frames.yaml`` beside the SVG: one block per frame,
named by the id (layer name) of its rectangle, with the frame's settings
(``field: heading``, ``font-size: 64`` …). ``apply_frames_file`` copies them
onto the elements as the ``data-*`` attributes an Inkscape template carries,
so the rest of template loading sees one convention (templates/README.md).
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from flashgen.errors import FlashgenError
from flashgen.i18n import _
from flashgen.load.yamlfile import MarkedDict, read_yaml


def apply_frames_file(template: Path, root: etree._Element) -> None:
    """Copy the settings of ``<name>.frames.yaml`` onto the elements it names, as data-* attributes."""
    frames_file = template.with_name(template.stem + ".frames.yaml")
    if not frames_file.is_file():
        return
    document = read_yaml(frames_file)
    if not isinstance(document, MarkedDict):
        raise FlashgenError(
            _("{file}: expected one block per frame, named by the id of its rectangle.").format(file=frames_file),
            code="frames-file",
        )
    by_id = _elements_by_layer_name(root)
    for frame_id, settings in document.items():
        where = _("{file}, line {line}, frame '{frame}'").format(
            file=frames_file, line=document.line_of(frame_id), frame=frame_id
        )
        element = _element_with_id(by_id, frame_id, where)
        if not isinstance(settings, MarkedDict):
            raise FlashgenError(
                _("{where}: expected settings such as 'field: heading' and 'font-size: 64'.").format(where=where),
                code="frames-file",
            )
        for key, value in settings.items():
            _set_attribute(element, key, value, _("{where}, setting '{key}'").format(where=where, key=key))


def _elements_by_layer_name(root: etree._Element) -> dict[str, etree._Element]:
    """The elements with an id, by the layer name it stands for."""
    return {_decode_illustrator_id(e.get("id")): e for e in root.iter() if isinstance(e.tag, str) and e.get("id")}


def _element_with_id(by_id: dict[str, etree._Element], frame_id: object, where: str) -> etree._Element:
    element = by_id.get(str(frame_id))
    if element is None:
        raise FlashgenError(
            _(
                "{where}: the SVG has no element with this id. Name the rectangle's layer '{frame}' "
                "(Figma: tick 'Include \"id\" attribute' when exporting SVG)."
            ).format(where=where, frame=frame_id),
            code="frames-file",
        )
    return element


def _set_attribute(element: etree._Element, key: object, value: object, where: str) -> None:
    if isinstance(value, (MarkedDict, list)) or value is None:
        raise FlashgenError(_("{where}: expected a single value.").format(where=where), code="frames-file")
    text = str(value).lower() if isinstance(value, bool) else str(value)
    try:
        element.set(f"data-{key}", text)
    except ValueError:  # lxml refuses what XML cannot hold
        raise FlashgenError(
            _(
                "{where}: an SVG attribute cannot hold this setting; a name is letters, digits and '-' "
                "(such as font-size), a value is text without control characters."
            ).format(where=where),
            code="frames-file",
        ) from None


def _decode_illustrator_id(value: str | None) -> str:
    """Illustrator writes some characters of layer names as _xHH_ in ids ('a_x2D_b' for 'a-b')."""
    return re.sub(r"_x([0-9A-Fa-f]{2})_", lambda m: chr(int(m.group(1), 16)), value or "")
