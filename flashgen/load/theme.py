"""Themes: a theme file (YAML) in, a checked ``Theme`` out.

A theme restyles every product without touching a template: it names the
colour of each *role* (``primary`` background, ``accent`` highlights, ``text``
on light paper …), the font family of the two font roles (``heading`` and
``body``), and optionally a logo, the organisation's name and a footer line.

Templates refer to roles, not to literal values (templates/README.md):
``class="fill-accent"``, ``class="stroke-outline"``, ``class="stop-primary"``,
``class="font-heading"`` on ordinary elements, and ``data-fill="on-primary"``
or ``data-font-family="heading"`` on text frames. ``Theme.stylesheet`` is the
CSS those classes get; the booklet, leaflet and infographic read
``Theme.colour`` and ``Theme.fonts`` directly.

A theme may start from another with ``base:`` (a bundled theme's name, or a
file) and change only some roles. The bundled themes live in ``themes/``.
"""

from __future__ import annotations

import base64
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from flashgen.errors import FlashgenError
from flashgen.i18n import _
from flashgen.load.cleantext import clean_text
from flashgen.load.files import read_input_file
from flashgen.load.images import ImageKind, check_image, image_kind
from flashgen.load.limits import Limits
from flashgen.load.resources import DEFAULT_THEME, THEMES_DIR
from flashgen.load.yamlfile import MarkedDict, read_yaml

# Every colour role, with what it is for (shown by `flashgen init` and in themes/README.md).
COLOUR_ROLES: dict[str, str] = {
    "primary": "main background of cards and covers; also text on the accent colour",
    "primary-light": "second background colour (gradients, panels on the primary colour)",
    "glow": "soft decorative glow on the primary background",
    "ring": "faint decoration (rings, lines) on the primary background",
    "accent": "highlights: big numbers, bars, buttons, the 'new way' label",
    "on-primary": "text and icons on the primary background",
    "on-primary-muted": "secondary text on the primary background",
    "outline": "outlines and hairlines on the primary background",
    "surface": "light page background (backs of cards, booklet, infographic)",
    "paper": "cards and panels on the light background",
    "text": "text on light backgrounds",
    "text-muted": "secondary text on light backgrounds",
    "text-faint": "small markers on light backgrounds",
    "link": "links and bright details on light backgrounds",
    "rule": "hairlines and borders on light backgrounds",
    "tint": "tinted panels on light backgrounds",
}
FONT_ROLES: dict[str, str] = {
    "heading": "headings, big numbers and labels",
    "body": "running text",
}
TEXT_KEYS = ("organisation", "footer")
THEME_KEYS = {"name", "base", "colours", "fonts", "logo", "organisation", "footer"}
LOGO_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}
MAX_LOGO_BYTES = 2 * 1024 * 1024
_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")


@dataclass(frozen=True)
class Logo:
    """An image file to place in ``data-image="theme.logo"`` frames."""

    path: Path
    media_type: str
    data: bytes

    @property
    def data_uri(self) -> str:
        return f"data:{self.media_type};base64,{base64.b64encode(self.data).decode('ascii')}"


@dataclass(frozen=True)
class Theme:
    """Colours by role, font families by role, and the publisher's marks."""

    name: str
    path: Path
    colours: dict[str, str] = field(hash=False)
    fonts: dict[str, str] = field(hash=False)
    organisation: str = ""
    footer: str = ""
    logo: Logo | None = None
    sources: tuple[Path, ...] = ()  # every file the theme was read from: itself, its base themes, its logo

    def colour(self, role: str) -> str:
        return self.colours[role]

    def font(self, role: str) -> str:
        return self.fonts[role]

    def values(self) -> dict[str, str]:
        """The theme's text fields, for templates ({{theme.footer}} …)."""
        return {
            "theme.organisation": self.organisation, "theme.footer": self.footer,
            "theme.logo": self.logo.data_uri if self.logo else "",
        }

    @property
    def stylesheet(self) -> str:
        """The CSS behind the role classes of the templates."""
        rules = []
        for role, colour in self.colours.items():
            rules += [f".fill-{role}{{fill:{colour}}}", f".stroke-{role}{{stroke:{colour}}}",
                      f".stop-{role}{{stop-color:{colour}}}"]
        rules += [f'.font-{role}{{font-family:"{family}"}}' for role, family in self.fonts.items()]
        return "\n".join(rules)


def find_theme(reference: str | Path | None, relative_to: Path | None = None) -> Path:
    """A theme file from a bundled theme's name ('xanh', 'do') or a path."""
    if reference is None or str(reference) == "":
        return DEFAULT_THEME
    text = str(reference)
    bundled = THEMES_DIR / f"{text}.yaml"
    if "/" not in text and "\\" not in text and not text.endswith((".yaml", ".yml")):
        if bundled.is_file():
            return bundled
        raise FlashgenError(
            _("there is no bundled theme '{name}'; bundled themes: {themes}, or give the path of a theme file.").format(
                name=text, themes=", ".join(bundled_themes())
            ),
            code="unknown-theme",
        )
    path = Path(text)
    if relative_to is not None and not path.is_absolute():
        path = relative_to / path
    return path


def bundled_themes() -> list[str]:
    return sorted(p.stem for p in THEMES_DIR.glob("*.yaml"))


# What a theme without 'base:' starts from: no roles, no marks, no files.
_NO_BASE = Theme(name="", path=Path(), colours={}, fonts={})


class _ThemeReader:
    def __init__(self, path: Path, seen: tuple[Path, ...], limits: Limits) -> None:
        self.path = path
        self.seen = seen
        self.limits = limits

    def fail(self, line: int, problem: str) -> FlashgenError:
        return FlashgenError(
            _("theme {file}, line {line}: {problem}").format(file=self.path, line=line, problem=problem), code="theme-setting"
        )

    def read(self) -> Theme:
        document = self.document()
        base = self.base(document)
        colours = {**base.colours, **self.roles(document, "colours", COLOUR_ROLES, self.colour_value)}
        fonts = {**base.fonts, **self.roles(document, "fonts", FONT_ROLES, self.font_value)}
        self.check_every_role(document, colours, fonts)
        texts = {key: self.text(document, key, getattr(base, key)) for key in TEXT_KEYS}
        logo = self.logo(document) if "logo" in document else base.logo
        name = self.text(document, "name", self.path.stem)
        sources = (self.path, *base.sources, *((logo.path,) if logo else ()))
        return Theme(name=name, path=self.path, colours=colours, fonts=fonts, logo=logo,
                     sources=tuple(dict.fromkeys(sources)), **texts)

    def document(self) -> MarkedDict:
        """The theme file's settings, every one of them known."""
        if not self.path.is_file():
            raise FlashgenError(_("theme {file}: the file does not exist.").format(file=self.path), code="file-not-found")
        document = read_yaml(self.path)
        if not isinstance(document, MarkedDict):
            raise FlashgenError(
                _("theme {file}: expected 'colours:' and 'fonts:' sections.").format(file=self.path), code="theme-setting"
            )
        unknown = sorted(str(k) for k in document if k not in THEME_KEYS)
        if unknown:
            raise self.fail(
                document.line_of(unknown[0]),
                _("unknown setting '{name}' (known: {known}).").format(name=unknown[0], known=", ".join(sorted(THEME_KEYS))),
            )
        return document

    def base(self, document: MarkedDict) -> Theme:
        if "base" not in document:
            return _NO_BASE
        path = find_theme(str(document["base"]), self.path.parent)
        if path.resolve() in self.seen:
            raise self.fail(document.line_of("base"), _("'base: {base}' leads back to this theme.").format(base=document["base"]))
        return _ThemeReader(path, self.seen + (path.resolve(),), self.limits).read()

    def check_every_role(self, document: MarkedDict, colours: dict[str, str], fonts: dict[str, str]) -> None:
        for kind, roles, chosen in (("colours", COLOUR_ROLES, colours), ("fonts", FONT_ROLES, fonts)):
            missing = [role for role in roles if role not in chosen]
            if missing:
                raise self.fail(
                    document.line_of(kind),
                    _("'{kind}' lacks {missing} (or start from a bundled theme with 'base: xanh').").format(
                        kind=kind, missing=", ".join(missing)
                    ),
                )

    def roles(self, document: MarkedDict, key: str, known: dict[str, str], check) -> dict[str, str]:  # type: ignore[no-untyped-def]
        block = document.get(key)
        if block is None:
            return {}
        if not isinstance(block, MarkedDict):
            raise self.fail(document.line_of(key), _("'{key}' must be a list of 'role: value' lines.").format(key=key))
        result = {}
        for role, value in block.items():
            if role not in known:
                raise self.fail(block.line_of(role), _("unknown {kind} role '{role}' (roles: {roles}).").format(kind=key[:-1], role=role, roles=", ".join(known)))
            result[str(role)] = check(value, block.line_of(role), role)
        return result

    def colour_value(self, value: object, line: int, role: str) -> str:
        if not isinstance(value, str) or not _HEX.match(value.strip()):
            raise self.fail(line, _("colour '{role}' must be written like \"#0B2A5B\" (in quotes), not {value!r}.").format(role=role, value=value))
        text = value.strip().upper()
        return "#" + "".join(c * 2 for c in text[1:]) if len(text) == 4 else text

    def font_value(self, value: object, line: int, role: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(line, _("font '{role}' must be a font family name such as \"Be Vietnam Pro\".").format(role=role))
        return value.strip()

    def text(self, document: MarkedDict, key: str, default: str) -> str:
        value = document.get(key)
        if value is None:
            return default
        if not isinstance(value, str):
            raise self.fail(document.line_of(key), _("'{key}' must be text.").format(key=key))
        return clean_text(value)

    def logo(self, document: MarkedDict) -> Logo | None:
        value = document.get("logo")
        if value in (None, ""):
            return None
        line = document.line_of("logo")
        if not isinstance(value, str):
            raise self.fail(line, _("'logo' must be the name of an image file (.svg or .png) beside the theme."))
        path = (self.path.parent / value).resolve()
        if self.path.parent.resolve() not in path.parents:
            raise self.fail(line, _("the logo '{logo}' must be inside the theme's folder {folder}.").format(logo=value, folder=self.path.parent))
        media_type = LOGO_TYPES.get(path.suffix.lower())
        if media_type is None:
            raise self.fail(line, _("the logo '{logo}' must be an .svg, .png or .jpg file.").format(logo=value))
        too_large = self.fail(line, _("the logo '{logo}' is larger than {most} MB.").format(logo=value, most=MAX_LOGO_BYTES // (1024 * 1024))).message
        try:
            data = read_input_file(path, MAX_LOGO_BYTES, lambda size: too_large)
        except OSError:
            raise self.fail(line, _("cannot read the logo file '{logo}'.").format(logo=value)) from None
        self.check_logo_image(data, media_type, self.fail(line, _("the logo {file}").format(file=path)).message)
        return Logo(path=path, media_type=media_type, data=data)

    def check_logo_image(self, data: bytes, media_type: str, where: str) -> None:
        """The logo is what its name says, and passes the checks of any image flashgen draws (load/images.py).

        The checks that need the fonts (an SVG logo's text) come when a template places it.
        """
        is_svg = image_kind(data) in (ImageKind.SVG, ImageKind.COMPRESSED_SVG)
        if is_svg != (media_type == "image/svg+xml"):
            message = (
                _("{where}: the file's name says {format} but it holds an SVG drawing. Save it again in the format its name says.")
                if is_svg
                else _("{where}: the file's name says {format} but it holds not an SVG drawing. Save it again in the format its name says.")
            )
            raise FlashgenError(
                message.format(where=where, format=media_type.split("/")[1].split("+")[0].upper()), code="image-wrong-format"
            )
        check_image(data, where, self.limits)


def load_theme(path: Path = DEFAULT_THEME, limits: Limits = Limits()) -> Theme:
    """Read and check the theme file at ``path`` (and the theme it starts from); its logo within ``limits``."""
    return _ThemeReader(path, (path.resolve(),), limits).read()


@functools.lru_cache(maxsize=1)
def default_theme() -> Theme:
    """The bundled default theme ('xanh'), read once."""
    return load_theme(DEFAULT_THEME)
