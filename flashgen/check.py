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
* ``repeated-message`` (a warning): a message saying what the year's theme or
  an earlier message says (two identical images and banners);
* ``low-contrast``: text whose colour has less than WCAG AA contrast (4.5:1, or
  3:1 for large text) against the rendered pixels behind it. Each template is
  drawn once without its frames' text, small; each laid-out line is measured
  against the pixels under it (the 5 % least contrasting, so a stray
  anti-aliased edge does not decide);
* ``weak-break`` (a warning): a line break the layout had to accept against
  Vietnamese phrasing (data/vi-breaks.yaml): inside a word or a name, after a
  function word, before a word that binds to the previous one, because no
  better breaking fitted the frame (``TextBlock.weak_breaks``);
* ``legacy-encoding``: text in an old Vietnamese encoding (TCVN3, VNI, VISCII) flashgen converted;
  ``mojibake``: a few words of such text among Unicode Vietnamese, which it did not convert;
* ``unknown-key``: keys of the content file flashgen does not know;
  ``removed-characters``: invisible characters (from Word) flashgen took out;
* and the infographic is laid out in each layout the build makes (its poster,
  tall web image and carousel slides): items that do not fit are an
  ``overflow`` too; so is every slogan
  set on every banner size (``banner-too-long``, ``banner-glyphs``);
* when videos are made: ``video-reading-cut`` (a warning), an image whose words take longer to
  read than the video shows it; the background sound file's problems (``audio-…``); and
  ``video-encoder-missing`` (a warning) with the command that installs PyAV.

Nothing is written. Errors make ``flashgen check`` exit with 1; warnings do not.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator
from dataclasses import asdict, dataclass

from lxml import etree
from PIL import Image, ImageColor

from flashgen.build import lay_out, load_inputs, merged, wanted
from flashgen.compose.card import CardDocument
from flashgen.documents.banner import banner_table, banner_text, slogans
from flashgen.documents.infographic import carousel_svgs, poster_svg, web_strips
from flashgen.documents.slides import plan_slides
from flashgen.errors import FlashgenError
from flashgen.i18n import N_, _, ngettext
from flashgen.load.content import Campaign
from flashgen.load.fonts import FontBook
from flashgen.load.legacy import mojibake_finding
from flashgen.load.presets import MM_PER_INCH
from flashgen.load.svgdoc import user_space_matrix
from flashgen.merge.cards import MergedCard
from flashgen.options import BuildOptions
from flashgen.pdf.kit import Look
from flashgen.products import choose_products
from flashgen.products.base import Inputs
from flashgen.products.infographic import layouts as infographic_layouts
from flashgen.products.video import findings as video_findings
from flashgen.render import draw as render
from flashgen.text.tonemarks import Placement, words_by_placement

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
        """The build's own stages 1–4 (build.py), every problem written down instead of stopping at the first."""
        options = self.options
        products = choose_products(options.products)
        fonts = FontBook.from_folders(options.font_dirs)
        inputs = load_inputs(options, fonts)
        self.check_text(inputs.campaign)
        requests = wanted(inputs, products)
        render.prepare(fonts)
        laid_out = lay_out(inputs, merged(requests.values()), self)
        documents = [*laid_out.cards, *(d for shape in laid_out.social.values() for d in shape)]
        backgrounds: dict[tuple[int, tuple[float, ...]], Image.Image] = {}
        for document in documents:
            self.cards += 1
            # One background per template, and per position of the groups that move with the text (data-follows).
            key = (id(document.card.template), document.follower_shifts)
            if key not in backgrounds:
                backgrounds[key] = _background(document)
            self.check_contrast(document, backgrounds[key])
            self.check_breaks(document)
        if "infographic" in requests:
            self.check_infographic(inputs)
        if "banners" in requests:
            self.check_banners(inputs)
        if "slides" in requests:
            self.check_slides(inputs)
        if "video" in requests:
            self.findings += [Finding(severity, code, message, file=str(inputs.campaign.path), card=card)
                              for severity, code, message, card in video_findings(inputs, laid_out)]

    def add(self, problem: FlashgenError, file: str = "", card: MergedCard | None = None) -> None:
        """A problem the stages found (build.Problems)."""
        self.findings.append(_finding(problem, card, file))

    def check_infographic(self, inputs: Inputs) -> None:
        """The infographic is laid out (not drawn) in each layout the build makes, on each medium: the poster, the
        tall web image and the carousel slides. Does every item fit (one finding per medium and layout)?"""
        campaign, fonts, breaker, theme = inputs.campaign, inputs.fonts, inputs.breaker, inputs.theme
        media = (
            (N_("infographic poster ({layout})"), lambda layout: poster_svg(campaign, fonts, breaker, layout, "a3", theme)),
            (N_("infographic web image ({layout})"), lambda layout: web_strips(campaign, fonts, breaker, layout, theme=theme)),
            (N_("infographic carousel ({layout})"), lambda layout: carousel_svgs(campaign, fonts, breaker, layout, theme=theme)),
        )
        for layout in infographic_layouts(inputs)[0]:
            for card, make in media:
                try:
                    make(layout)
                except FlashgenError as problem:
                    self.findings.append(Finding("error", "overflow", problem.message, file=str(campaign.path),
                                                 card=_(card).format(layout=layout)))

    def check_banners(self, inputs: Inputs) -> None:
        """Every slogan is set (not drawn) on every banner size: does it fit at the smallest type read from the
        street, in the theme's font? One finding per slogan and size it does not fit."""
        look, table = Look(inputs.fonts, inputs.theme), banner_table()
        for slogan in slogans(inputs.campaign):
            for size in table.sizes:
                try:
                    banner_text(slogan, size, table, look, inputs.breaker)
                except FlashgenError as problem:
                    self.findings.append(Finding("error", problem.code, problem.message,
                                                 file=str(inputs.campaign.path), card=_("banners")))
                    if problem.code == "banner-glyphs":  # the same characters are missing on every size
                        break

    def check_slides(self, inputs: Inputs) -> None:
        """The conference slides are laid out (not drawn): does every text fit its box?"""
        try:
            plan_slides(inputs.campaign, inputs.fonts, inputs.theme)
        except FlashgenError as problem:
            self.findings.append(Finding("error", problem.code, problem.message, file=str(inputs.campaign.path), card=_("slides")))

    def check_breaks(self, document: CardDocument) -> None:
        """One ``weak-break`` warning per break that goes against the rules, as the layout set it."""
        card = document.card
        for field, block in document.blocks:
            for words in block.weak_breaks:
                self.findings.append(Finding(
                    severity="warning", code="weak-break",
                    message=_("{place}, field '{field}': the line break '{words}' goes against Vietnamese "
                              "phrasing (it splits a word or a name, ends a line on a word such as 'của' or 'từ', or "
                              "starts one with a word such as 'nhau'); no better break fits the frame. Shorten the "
                              "text, or give the frame more room.").format(place=card.where(), field=field, words=words),
                    file=str(card.content_path), card=card.what, field=field,
                ))

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
                (_worst_contrast(background, text_rgb, _line_box(line, block.size, frame.style.face, matrix, view, scale))
                 for line in block.lines),
                default=float("inf"),  # an empty field: no text to read
            )
            if worst < needed:
                self.findings.append(Finding(
                    severity="error", code="low-contrast",
                    message=(_("{place}, field '{field}': the text colour {colour} has a contrast of only "
                               "{ratio}:1 with what is behind it (WCAG AA asks {needed}:1 for large text). Choose a "
                               "darker or lighter colour in the theme or template.") if needed == AA_LARGE else
                             _("{place}, field '{field}': the text colour {colour} has a contrast of only "
                               "{ratio}:1 with what is behind it (WCAG AA asks {needed}:1 for normal text). Choose a "
                               "darker or lighter colour in the theme or template.")).format(
                        place=card.where(), field=field, colour=frame.fill, ratio=f"{worst:.1f}", needed=f"{needed:g}"),
                    file=str(card.content_path), card=card.what, field=field,
                ))

    def check_text(self, campaign: Campaign) -> None:
        """Findings about the content's words themselves: NFC, tone-mark style, unknown keys."""
        path = str(campaign.path)
        for line, place, field in campaign.not_nfc:
            self.findings.append(Finding(
                "warning", "not-nfc",
                _("{file}, line {line}, {place}, field '{field}': the text was not in Unicode NFC (letters and marks "
                  "stored apart, as some Word or web exports do); flashgen normalised it, but fix the source too."
                  ).format(file=path, line=line, place=place, field=field),
                file=path, card=place, field=field,
            ))
        self.findings += [Finding("warning", "unknown-key", warning, file=path) for warning in campaign.unknown_keys]
        self.findings += [Finding("warning", "removed-characters", warning, file=path) for warning in campaign.removed_characters]
        self.findings += [Finding("warning", "legacy-encoding", warning, file=path) for warning in campaign.converted_text]
        for where, field, text in _text_places(campaign):  # a few words of mojibake among Unicode: not converted
            if message := mojibake_finding(path, where, field, text):
                self.findings.append(Finding("warning", "mojibake", message, file=path, card=where, field=field))
        self.check_tone_marks(campaign)
        self.check_repeated_messages(campaign)

    def check_repeated_messages(self, campaign: Campaign) -> None:
        """A ``repeated-message`` warning for a message that says what the year's theme or an earlier message says
        (letter case, spaces and final punctuation aside): the set would get two identical images and banners."""
        said = {_same_words(campaign.theme): _("the year's theme (line {line})").format(line=campaign.theme_line)} \
            if campaign.theme else {}
        for index, message in enumerate(campaign.messages):
            place = _message_place(campaign, index)
            earlier = said.setdefault(_same_words(message), place)
            if earlier != place:
                self.findings.append(Finding(
                    "warning", "repeated-message",
                    _("{file}, {place}: says the same as {earlier}, so the set gets two identical images and banners. "
                      "Delete one, unless you want both.").format(file=campaign.path, place=place, earlier=earlier),
                    file=str(campaign.path), card=place, field="messages",
                ))

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
                (_("{file}, {place}, field '{field}': '{word}' places its tone mark in the old style, but the set "
                   "mostly uses the new one (e.g. '{example}'). Use one style throughout (but keep official text "
                   "exactly as the source writes it).") if minority is old else
                 _("{file}, {place}, field '{field}': '{word}' places its tone mark in the new style, but the set "
                   "mostly uses the old one (e.g. '{example}'). Use one style throughout (but keep official text "
                   "exactly as the source writes it).")).format(
                    file=campaign.path, place=where, field=field, word=word, example=example),
                file=str(campaign.path), card=where, field=field,
            ))


def text_findings(campaign: Campaign) -> tuple[Finding, ...]:
    """``flashgen check``'s findings about the content's words alone (NFC, tone marks, unknown keys, mojibake …):
    what the web app shows when the page saves the content."""
    checker = _Checker(BuildOptions())
    checker.check_text(campaign)
    return tuple(checker.findings)


def card_findings(
    document: CardDocument, problems: list[FlashgenError], campaign: Campaign | None = None,
    backgrounds: dict[tuple[int, tuple[float, ...]], Image.Image] | None = None,
) -> tuple[Finding, ...]:
    """``flashgen check``'s findings for one laid-out card (the web app's preview): the ``problems`` its
    layout wrote down (overflow, missing glyph …), with ``campaign`` its words' (NFC, mojibake …), then its
    contrast and weak breaks, as ``check_everything`` finds them for each card. ``backgrounds``: the
    backgrounds already drawn, by template and follower shifts (kept by the caller between cards)."""
    checker = _Checker(BuildOptions())
    for problem in problems:
        checker.add(problem, card=document.card)
    if campaign is not None:
        checker.check_text(campaign)
    backgrounds = {} if backgrounds is None else backgrounds
    key = (id(document.card.template), document.follower_shifts)
    if key not in backgrounds:
        backgrounds[key] = _background(document)
    checker.check_contrast(document, backgrounds[key])
    checker.check_breaks(document)
    return tuple(checker.findings)


def _text_places(campaign: Campaign) -> Iterator[tuple[str, str, str]]:
    """(where, field, text) of every text of the content."""
    for field in ("title", "subtitle", "theme"):
        yield _("section 'campaign'"), field, getattr(campaign, field)
    for item in campaign.items:
        for field, text in (("heading", item.heading), ("text", item.text), ("from", item.from_text), ("to", item.to_text)):
            yield _("line {line}, item {number}").format(line=item.line, number=item.number), field, text
    for index, message in enumerate(campaign.messages):
        yield _message_place(campaign, index), "messages", message


def _message_place(campaign: Campaign, index: int) -> str:
    """"line 236, message 7": where campaign message ``index`` (from 0) is."""
    return _("line {line}, message {number}").format(line=campaign.message_line(index), number=index + 1)


def _same_words(text: str) -> str:
    """``text`` as compared for repetition: NFC, case folded, spaces collapsed, final punctuation left out."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split()).rstrip(" .!…")


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
    for title, findings in ((_("Errors:"), report.errors), (_("Warnings:"), report.warnings)):
        if findings:
            lines.append(title)
            lines += [f"  [{f.code}] {f.message}" for f in findings]
    verdict = _("Everything is ready to build.") if not report.errors else _("Fix the errors above, then check again.")
    counts = ", ".join((
        ngettext("{count} error", "{count} errors", len(report.errors)).format(count=len(report.errors)),
        ngettext("{count} warning", "{count} warnings", len(report.warnings)).format(count=len(report.warnings)),
    ))
    checked = ngettext("Checked {count} card", "Checked {count} cards", report.cards).format(count=report.cards)
    lines.append(_("{checked}: {counts}. {verdict}").format(checked=checked, counts=counts, verdict=verdict))
    return "\n".join(lines)
