"""The words flashgen prints that the content file does not give: ``data/wording.yaml`` in, ``Wording`` out.

What an item of each kind (contrast, statement, figure) is called and which
fields it has; what each kind of source document (speech, plan, report …) is
called, and the label of its signer; the defaults of the theme's label and of
the QR code's words. Data, not code, so the words can be reviewed and changed
in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import yaml

from flashgen.load.resources import DATA_DIR


@dataclass(frozen=True)
class ItemKind:
    """One kind of item: its default label and its content fields."""

    name: str
    item_label: str
    required: tuple[str, ...]
    optional: tuple[str, ...]

    @property
    def fields(self) -> tuple[str, ...]:
        return self.required + self.optional


@dataclass(frozen=True)
class SourceKind:
    """One kind of source document: its name ("Kế hoạch") and its signer's label."""

    name: str
    signer: str


@dataclass(frozen=True)
class Wording:
    item_kinds: dict[str, ItemKind]
    source_kinds: dict[str, SourceKind]
    theme_label: str
    theme_label_without_year: str
    qr_heading: str
    qr_caption: str

    def theme_label_for(self, year: int | None) -> str:
        return self.theme_label_without_year if year is None else self.theme_label.format(year=year)

    def qr_words(self, source_name: str) -> tuple[str, str]:
        """The QR code's heading and caption for a source called ``source_name``."""
        return (
            self.qr_heading.format(NAME=source_name.upper(), name=source_name.lower()),
            self.qr_caption.format(NAME=source_name.upper(), name=source_name.lower()),
        )


@cache
def wording() -> Wording:
    """The bundled wording (read once)."""
    data = yaml.safe_load((DATA_DIR / "wording.yaml").read_text(encoding="utf-8"))
    return Wording(
        item_kinds={
            name: ItemKind(name, entry["item_label"], tuple(entry["required"]), tuple(entry["optional"]))
            for name, entry in data["item_kinds"].items()
        },
        source_kinds={name: SourceKind(entry["name"], entry["signer"]) for name, entry in data["source_kinds"].items()},
        theme_label=data["theme_label"],
        theme_label_without_year=data["theme_label_without_year"],
        qr_heading=data["qr_heading"],
        qr_caption=data["qr_caption"],
    )


