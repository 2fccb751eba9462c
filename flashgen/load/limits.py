"""How much input flashgen accepts: the sizes and counts that keep a build bounded.

Takes nothing (``Limits()``: defaults generous for real campaigns, a
1,000-item campaign builds) or the ``limits:`` section of a project's
flashgen.yaml (``Limits.from_mapping``); returns a frozen ``Limits`` that the
readers of content (yamlfile.py, content.py) and templates (template.py)
check against, so that a hostile or broken file is refused with a clear
message instead of exhausting memory or running for hours.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from flashgen.errors import FlashgenError
from flashgen.i18n import _

# The most bytes a QR code holds at the error correction flashgen uses (level M, the largest
# version 40, in byte mode: 17,728 data bits less the 20-bit header, in bytes). A fixed
# property of QR codes, not a setting.
MAX_QR_BYTES = 2213
# The largest a limit may be raised to: far above any campaign, and small enough that a
# typo of many zeros is caught instead of disabling the limit.
MAX_LIMIT = 10**9
# Deeper YAML nesting would exhaust Python's stack while the file is read.
MAX_YAML_DEPTH_LIMIT = 100


@dataclass(frozen=True)
class Limits:
    """Upper bounds on input; each can be raised under ``limits:`` in flashgen.yaml."""

    max_content_bytes: int = 5_000_000  # size of a YAML file (content, flashgen.yaml)
    max_items: int = 2_000  # items in a content file
    max_field_chars: int = 10_000  # characters in one text field (a heading, a paragraph)
    max_yaml_values: int = 500_000  # values in a YAML file, counting every alias (*name) as a copy
    max_yaml_depth: int = 50  # blocks and lists inside each other in a YAML file
    max_template_bytes: int = 30_000_000  # size of a template SVG (embedded images included)
    max_template_elements: int = 50_000  # elements (shapes, groups, texts) in a template
    # What drawing a template costs: elements + coordinates + characters, each <use> counted as often as it
    # draws (load/drawcost.py). The bundled templates cost under 1,000; the worst drawing of this size (long
    # strokes across the page) took about 20 s here, so a build's time stays bounded whatever the template.
    max_template_drawing: int = 200_000
    # Pixels (width × height) of a bitmap image: the theme's logo, or a PNG/JPEG embedded in a template. Read from
    # the image's header before it is decoded: decoded, each pixel takes 4 bytes, so 50 million (an 8000 × 6000
    # photo, far more than any card or A3 page at 300 dpi needs) is 200 MB, and a 30000 × 30000 image is refused
    # instead of asking for 3.6 GB.
    max_image_pixels: int = 50_000_000

    @classmethod
    def from_mapping(cls, mapping: Any, path: Path) -> Limits:
        """The limits of a ``limits:`` section; unknown names or non-numbers are errors."""
        if mapping is None:
            return cls()
        if not isinstance(mapping, dict):
            raise FlashgenError(
                _("{file}, section 'limits': expected 'name: number' lines, such as 'max_items: 5000'.").format(file=path),
                code="limit-setting",
            )
        known = [f.name for f in fields(cls)]
        changes: dict[str, int] = {}
        for key, value in mapping.items():
            where = _("{file}{line}, section 'limits'").format(file=path, line=_line(mapping, key))
            if key not in known:
                raise FlashgenError(
                    _("{where}: unknown limit '{key}'; the limits are: {known}.").format(
                        where=where, key=key, known=", ".join(known)
                    ),
                    code="limit-setting",
                )
            highest = MAX_YAML_DEPTH_LIMIT if key == "max_yaml_depth" else MAX_LIMIT
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= highest:
                raise FlashgenError(
                    _("{where}, '{key}': expected a whole number from 1 to {highest:,}, such as {example}.").format(
                        where=where, key=key, highest=highest, example=getattr(cls(), key)
                    ),
                    code="limit-setting",
                )
            changes[key] = value
        return replace(cls(), **changes)

    def exceeded(self, name: str, found: str) -> str:
        """The end of a message about a limit: what was found, the limit and how to raise it."""
        return _(
            "{found}, more than {limit:,} (limit `{name}` in flashgen.yaml; if the file is right, raise it there under `limits:`)"
        ).format(found=found, limit=getattr(self, name), name=name)


def _line(mapping: Any, key: Any) -> str:
    line_of = getattr(mapping, "line_of", None)
    return _(", line {line}").format(line=line_of(key)) if line_of else ""
