"""``flashgen check``: build options in, a ``CheckReport`` (findings per card and field) out.

Runs the stages of a build up to text layout for every card the build would
make (flashcards, print cards, social images), collecting every problem
instead of stopping at the first, and adds what a build does not stop for:

* ``overflow``: text that would need shrinking below its frame's minimum size;
* ``missing-glyph``: characters the chosen font does not have;
* ``empty-field``, ``unknown-field``, ``frame-without-field``: fields and frames
  that do not match between content and template;
* ``not-nfc``: text that was not in Unicode NFC (flashgen normalises it; the
  source document should be fixed too);
* ``mixed-tone-marks``: a set mixing old and new tone placement ("hoà"/"hòa");
* ``low-contrast``: text whose colour has less than WCAG AA contrast (4.5:1, or
  3:1 for large text) against the rendered pixels behind it. Each template is
  drawn once without its frames' text, small; each laid-out line is measured
  against the pixels under it (the 5 % least contrasting, so a stray
  anti-aliased edge does not decide);
* ``unknown-key``: keys of the content file flashgen does not know;
  ``removed-characters``: invisible characters (from Word) flashgen took out;
* and the infographic poster is laid out in each layout: items that do not
  fit the paper are an ``overflow`` too.

Nothing is written. Errors make ``flashgen check`` exit with 1; warnings do not.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from lxml import etree
from PIL import Image, ImageColor

from flashgen.compose.card import CardDocument, compose_card
from flashgen.documents.infographic import LAYOUTS, poster_svg
from flashgen.errors import FlashgenError
from flashgen.load.content import Campaign, load_campaign
from flashgen.load.fonts import FontBook
from flashgen.load.presets import MM_PER_INCH, load_presets
from flashgen.load.svgdoc import user_space_matrix
from flashgen.load.template import Template, load_template
from flashgen.load.theme import Theme, load_theme
from flashgen.merge.cards import MergedCard, empty_fields, merge_cards
from flashgen.merge.social import album_cards, kinds_for, message_cards, template_name
from flashgen.options import (
    BuildOptions,
    choose_platforms,
    choose_products,
    choose_sizes,
)
from flashgen.render import draw as render
from flashgen.text.tonemarks import Placement, words_by_placement
from flashgen.text.wordbreak import WordBreaker

AA_NORMAL = 4.5
AA_LARGE = 3.0
LARGE_PX, LARGE_BOLD_PX = 24.0, 18.66  # WCAG "large text": 18 pt, or 14 pt bold
CONTRAST_WIDTH = 480  # px: backgrounds are measured at this width
WORST_SHARE = 0.05


@dataclass(frozen=True)
class Finding:
    """One problem, located as precisely as flashgen knows."""

    severity: str  # "error" or "warning"
    code: str
    message: str
    file: str = ""
    card: str = ""
    field: str = ""


@dataclass(frozen=True)
class CheckReport:
    findings: tuple[Finding, ...]
    cards: int  # how many cards were laid out

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "warning")

    def to_json(self) -> str:
        return json.dumps(
            {"ok": not self.errors, "cards": self.cards, "errors": len(self.errors), "warnings": len(self.warnings),
             "findings": [asdict(f) for f in self.findings]},
            ensure_ascii=False, indent=2,
        )


def _finding(problem: FlashgenError, card: MergedCard | None = None, file: str = "") -> Finding:
    return Finding(
        severity="error", code=problem.code, message=problem.message,
        file=file or (str(card.content_path) if card else ""), card=card.what if card else "", field=problem.field,
    )


class _Checker:
    def __init__(self, options: BuildOptions) -> None:
        self.options = options
        self.findings: list[Finding] = []
        self.cards = 0

    def run(self) -> CheckReport:
        try:
            self.check_everything()
        except FlashgenError as problem:  # content, theme, config or a template that cannot be read at all
            self.findings.append(_finding(problem))
        return CheckReport(findings=tuple(self.findings), cards=self.cards)

    def check_everything(self) -> None:
        options = self.options
        products = choose_products(options.products)
        fonts = FontBook.from_folders(options.font_dirs)
        theme = load_theme(options.theme)
        campaign = replace(load_campaign(options.content, options.limits), branding=tuple(theme.values().items()))
        self.check_text(campaign)
        presets = load_presets(project=options.project_config)
        sizes = choose_sizes(options.sizes, presets) if "flashcards" in products else []
        if "print" in products:
            sizes = list(dict.fromkeys(sizes + [presets.card_size(options.printing.card)]))
        breaker = WordBreaker.for_glossary(campaign.glossary)
        render.prepare(fonts)
        templates = self.templates(sizes, fonts, campaign, theme)
        cards = merge_cards(campaign, templates, [s for s in sizes if all((s.name, side) in templates for side in s.sides)], strict=False)
        if "social" in products:
            cards += self.social_cards(campaign, choose_platforms(options, presets), fonts, theme)
        backgrounds: dict[int, Image.Image] = {}
        for card in cards:
            self.check_card(card, breaker, backgrounds)
        if "infographic" in products:
            self.check_posters(campaign, fonts, breaker, theme)

    def check_posters(self, campaign: Campaign, fonts: FontBook, breaker: WordBreaker, theme: Theme) -> None:
        """The infographic poster is laid out (not drawn) in each layout: does every item fit the paper?"""
        for layout in LAYOUTS:
            try:
                poster_svg(campaign, fonts, breaker, layout, "a3", theme)
            except FlashgenError as problem:
                self.findings.append(Finding(
                    "error", "overflow", problem.message, file=str(campaign.path), card=f"infographic poster ({layout})",
                ))

    def templates(self, sizes: list, fonts: FontBook, campaign: Campaign, theme: Theme) -> dict[tuple[str, str], Template]:
        loaded = {}
        for size in sizes:
            for side, name in size.templates:
                template = self.template(self.options.templates_dir / name, size, fonts, campaign, theme)
                if template is not None:
                    loaded[(size.name, side)] = template
        return loaded

    def template(self, path: Path, size, fonts: FontBook, campaign: Campaign, theme: Theme) -> Template | None:  # type: ignore[no-untyped-def]
        problems: list[FlashgenError] = []
        try:
            template = load_template(path, size, fonts, campaign.field_names(), theme, problems, self.options.limits)
        except FlashgenError as problem:
            template = None
            problems.append(problem)
        self.findings += [_finding(p, file=str(path)) for p in problems]
        return template

    def social_cards(self, campaign: Campaign, platforms: list, fonts: FontBook, theme: Theme) -> list[MergedCard]:
        cards: list[MergedCard] = []
        shapes_done: set[tuple[str, str]] = set()
        for platform in platforms:
            shape = platform.shape
            kinds = [k for k in kinds_for(platform) if (shape.name, k) not in shapes_done]
            shapes_done |= {(shape.name, k) for k in kinds}
            templates = {k: self.template(self.options.templates_dir / template_name(k, shape.name), shape, fonts, campaign, theme)
                         for k in kinds}
            usable = {k: t for k, t in templates.items() if t is not None}
            if {"cover", "point", "closing"} <= set(usable):
                cards += [card for _, _, card in album_cards(campaign, usable, shape, strict=False)]
            if "message" in usable and campaign.messages:
                cards += [card for _, _, card in message_cards(campaign, usable, shape, strict=False)]
        return cards

    def check_card(self, card: MergedCard, breaker: WordBreaker, backgrounds: dict[int, Image.Image]) -> None:
        self.cards += 1
        problems = empty_fields(card)
        document = compose_card(card, breaker, problems)
        self.findings += [_finding(p, card) for p in problems]
        template = card.template
        if id(template) not in backgrounds:
            backgrounds[id(template)] = _background(document)
        self.check_contrast(document, backgrounds[id(template)])

    def check_contrast(self, document: CardDocument, background: Image.Image) -> None:
        card = document.card
        frames = {frame.field: frame for frame in card.template.frames}
        root = card.template.tree.getroot()
        view = [float(v) for v in root.get("viewBox", "0 0 1 1").replace(",", " ").split()]
        scale = background.width / view[2]
        for field, block in document.blocks:
            frame = frames[field]
            matrix = user_space_matrix(card.template.tree.xpath(frame.path)[0])
            text_rgb = ImageColor.getrgb(frame.fill)[:3]
            px_per_unit = 96 / MM_PER_INCH if card.size.is_print else card.size.pixels[0] / view[2]
            size_px = block.size * matrix[3] * px_per_unit
            bold = frame.style.face.weight >= 700
            needed = AA_LARGE if size_px >= (LARGE_BOLD_PX if bold else LARGE_PX) else AA_NORMAL
            worst = min(
                _worst_contrast(background, text_rgb, _line_box(line, block.size, frame.style.face, matrix, view, scale))
                for line in block.lines
            )
            if worst < needed:
                self.findings.append(Finding(
                    severity="error", code="low-contrast",
                    message=(f"{card.where()}, field '{field}': the text colour {frame.fill} has a contrast of only "
                             f"{worst:.1f}:1 with what is behind it (WCAG AA asks {needed:g}:1 for "
                             f"{'large' if needed == AA_LARGE else 'normal'} text). Choose a darker or lighter colour "
                             "in the theme or template."),
                    file=str(card.content_path), card=card.what, field=field,
                ))

    def check_text(self, campaign: Campaign) -> None:
        """Findings about the content's words themselves: NFC, tone-mark style, unknown keys."""
        path = str(campaign.path)
        for line, place, field in campaign.not_nfc:
            self.findings.append(Finding(
                "warning", "not-nfc",
                f"{path}, line {line}, {place}, field '{field}': the text was not in Unicode NFC (letters and marks "
                "stored apart, as some Word or web exports do); flashgen normalised it, but fix the source too.",
                file=path, card=place, field=field,
            ))
        self.findings += [Finding("warning", "unknown-key", warning, file=path) for warning in campaign.unknown_keys]
        self.findings += [Finding("warning", "removed-characters", warning, file=path) for warning in campaign.removed_characters]
        self.check_tone_marks(campaign)

    def check_tone_marks(self, campaign: Campaign) -> None:
        places = list(_text_places(campaign))
        found = {style: [(where, field, word) for where, field, text in places for word in words_by_placement(text)[style]]
                 for style in Placement}
        old, new = found[Placement.OLD], found[Placement.NEW]
        if not old or not new:
            return
        minority, majority = (old, new) if len(old) < len(new) else (new, old)
        example = majority[0][2]
        for where, field, word in minority:
            self.findings.append(Finding(
                "warning", "mixed-tone-marks",
                f"{campaign.path}, {where}, field '{field}': '{word}' places its tone mark in the "
                f"{'old' if minority is old else 'new'} style, but the set mostly uses the other (e.g. '{example}'). "
                "Use one style throughout (but keep official text exactly as the source writes it).",
                file=str(campaign.path), card=where, field=field,
            ))


def _text_places(campaign: Campaign) -> Iterator[tuple[str, str, str]]:
    """(where, field, text) of every text of the content."""
    for field in ("title", "subtitle", "theme"):
        yield "section 'campaign'", field, getattr(campaign, field)
    for item in campaign.items:
        for field, text in (("heading", item.heading), ("text", item.text), ("from", item.from_text), ("to", item.to_text)):
            yield f"line {item.line}, item {item.number}", field, text
    for index, message in enumerate(campaign.messages):
        line = campaign.message_lines[index] if index < len(campaign.message_lines) else campaign.line
        yield f"line {line}, message {index + 1}", "messages", message


def _background(document: CardDocument) -> Image.Image:
    """The card drawn small without the text of its frames: what that text sits on."""
    tree = etree.fromstring(document.svg)
    for text in tree.xpath("//*[@data-frame]"):
        text.getparent().remove(text)
    width, height = document.card.size.pixels
    pixels = (CONTRAST_WIDTH, max(1, round(height * CONTRAST_WIDTH / width)))
    image = render.render_image(etree.tostring(tree), pixels, 96, str(document.card.template.path))
    return image.convert("RGB")


def _line_box(line, size: float, face, matrix, view, scale: float) -> tuple[int, int, int, int]:  # type: ignore[no-untyped-def]
    """The pixel box of one laid-out line (its advance width, ascent to descent)."""
    left, right = line.x, line.x + line.width
    top, bottom = line.baseline - face.ascent * size, line.baseline + face.descent * size

    def to_pixels(x: float, y: float) -> tuple[float, float]:
        ux, uy = matrix[0] * x + matrix[2] * y + matrix[4], matrix[1] * x + matrix[3] * y + matrix[5]
        return (ux - view[0]) * scale, (uy - view[1]) * scale

    (x0, y0), (x1, y1) = to_pixels(left, top), to_pixels(right, bottom)
    return int(min(x0, x1)), int(min(y0, y1)), int(max(x0, x1)) + 1, int(max(y0, y1)) + 1


def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _worst_contrast(background: Image.Image, text_rgb: tuple[int, int, int], box: tuple[int, int, int, int]) -> float:
    """The contrast of the text colour with the pixels of ``box``: the 5 % least contrasting."""
    box = (max(0, box[0]), max(0, box[1]), min(background.width, box[2]), min(background.height, box[3]))
    if box[2] <= box[0] or box[3] <= box[1]:
        return float("inf")
    crop = background.crop(box)
    colours = crop.getcolors(maxcolors=crop.width * crop.height) or []
    ratios = sorted((contrast_ratio(text_rgb, rgb), count) for count, rgb in colours)
    budget = WORST_SHARE * sum(count for _, count in ratios)
    for ratio, count in ratios:
        budget -= count
        if budget < 0:
            return ratio
    return ratios[-1][0]


def check(options: BuildOptions) -> CheckReport:
    """Check everything a build with ``options`` would read, without writing anything."""
    return _Checker(options).run()


def describe_report(report: CheckReport) -> str:
    """The report for people: errors, then warnings, then a one-line summary."""
    lines = []
    for title, findings in (("Errors (lỗi)", report.errors), ("Warnings (cảnh báo)", report.warnings)):
        if findings:
            lines.append(f"{title}:")
            lines += [f"  [{f.code}] {f.message}" for f in findings]
    verdict = "Everything is ready to build (sẵn sàng)." if not report.errors else "Fix the errors above, then check again."
    lines.append(f"Checked {report.cards} cards: {len(report.errors)} errors, {len(report.warnings)} warnings. {verdict}")
    return "\n".join(lines)
