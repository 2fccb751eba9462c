"""Preflight (``flashgen check --print``): the PDFs of a build in, findings per file and page out.

``preflight(out_dir)`` reads the build's manifest (output/manifest.py) and
checks every PDF it lists; ``preflight_pdf(data, name)`` checks one. What a
print shop would stumble on, each with a code:

* ``font-not-embedded`` (error): a font the PDF names but does not carry: the
  printer's computer would set the text in another font, or without Vietnamese
  letters;
* ``hairline`` (error): a line thinner than 0.25 pt once scaled to the page
  (the line width × the transformation it is drawn with); presses and office
  printers may drop it;
* ``low-resolution`` (warning; error below 150 dpi): a picture with fewer
  than 300 pixels per inch at the size it is printed;
* ``text-near-trim`` (warning): letters less than 5 mm inside the trim
  (TrimBox, else the page): a cut a little off takes them;
* ``no-bleed`` (warning): colour that runs to the trim on a side where the
  page has less than 3 mm bleed beyond it, or where the colour stops at the trim;
  a note instead, once per page, when the page declares no bleed at all (no
  BleedBox beyond its TrimBox): such a file is made for printers that leave a
  white margin (the infographic's A3/A2 posters), not for trimming;
* ``rgb-black-text`` (note): black text given as RGB 0 0 0 (≤ 10 % each)
  rather than grey or K: a print shop's conversion to CMYK makes it a
  four-colour black whose plates may not line up on small letters.

Text, pictures and lines are read with pdfminer.six (output/pdfcontent.py); fonts
and page boxes with pikepdf; whether colour reaches the trim from the page
drawn small with pypdfium2. Nothing is written.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import pikepdf
import pypdfium2
from pdfminer.layout import LTChar, LTImage

from flashgen.errors import FlashgenError
from flashgen.i18n import _, ngettext
from flashgen.output.manifest import read_manifest
from flashgen.output.pdfcontent import Box, DrawnPage, ParsedStreams, drawn_pages
from flashgen.products import PRODUCTS

PT_PER_MM = 72 / 25.4
MIN_LINE_PT = 0.25
MIN_DPI, POOR_DPI = 300, 150
SAFE_MM = 5.0
BLEED_MM = 3.0
BLACK = 0.1  # an RGB colour with every component at most this is black
WHITE = 245  # a rendered pixel with every channel at least this is paper
TOUCH_PT = 3 * 72 / 25.4  # colour along 3 mm or more of a trim edge "touches" it
RENDER_PX = 1200  # the longest side of the page drawn for the bleed check
SIDES = ("left", "bottom", "right", "top")


@dataclass(frozen=True)
class PrintFinding:
    """One finding about one page of one PDF (page 0: the whole file)."""

    severity: str  # "error", "warning" or "note"
    code: str
    file: str
    page: int
    message: str


@dataclass(frozen=True)
class PreflightReport:
    findings: tuple[PrintFinding, ...]
    files: int  # how many PDFs were checked

    def of(self, severity: str) -> tuple[PrintFinding, ...]:
        return tuple(f for f in self.findings if f.severity == severity)

    @property
    def errors(self) -> tuple[PrintFinding, ...]:
        return self.of("error")

    def to_json(self) -> str:
        return json.dumps({"ok": not self.errors, "files": self.files, "errors": len(self.errors),
                           "warnings": len(self.of("warning")), "notes": len(self.of("note")),
                           "findings": [asdict(f) for f in self.findings]}, ensure_ascii=False, indent=2)


def preflight(out_dir: Path) -> PreflightReport:
    """Every PDF of the last build into ``out_dir`` checked; ``FlashgenError`` if there is no build there."""
    manifest = read_manifest(out_dir)
    if manifest is None:
        raise FlashgenError(_("there is no build in {folder} (no manifest.json): run `flashgen build` first, "
                              "or name the output folder with --out.").format(folder=out_dir), code="preflight-no-build")
    findings: list[PrintFinding] = []
    parsed = ParsedStreams()  # the same drawing in many PDFs (a poster on four papers) is parsed once
    pdfs = [entry.path for entry in manifest.files if entry.format == "pdf" and _printed(entry.product)]
    for path in pdfs:
        try:
            data = (out_dir / path).read_bytes()
        except OSError:
            findings.append(PrintFinding("error", "file-missing", path, 0, _(
                "the file is listed in manifest.json but cannot be read: build again.")))
            continue
        findings += preflight_pdf(data, path, parsed)
    return PreflightReport(tuple(findings), len(pdfs))


def _printed(product: str) -> bool:
    """Whether a product's PDFs go to a printer; slides and the document carousel are shown on screens."""
    known = PRODUCTS.get(product)
    return known is None or known.printed


def preflight_pdf(data: bytes, name: str, parsed: ParsedStreams | None = None) -> list[PrintFinding]:
    """The findings of one PDF (``name`` as the report shows it); ``parsed``: content streams already parsed."""
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            boxes = [_boxes(page) for page in pdf.pages]
            units = [float(page.obj.get("/UserUnit", 1)) for page in pdf.pages]  # a page past 200 in (a 6 m banner)
            findings = _font_findings(pdf, name)
    except pikepdf.PdfError as exc:
        return [PrintFinding("error", "not-a-pdf", name, 0, _("this is not a PDF that can be read: {reason}").format(
            reason=exc))]
    except (ValueError, TypeError, AttributeError, KeyError, IndexError) as exc:  # a damaged page box or font
        return [_unreadable(name, exc)]
    try:
        for number, (page, trim) in enumerate(zip(drawn_pages(data, parsed), (b[1] for b in boxes)), start=1):
            findings += _page_findings(page, trim, name, number)
    # pdfminer raises PSException subclasses for what it recognises as damaged, and plain Python errors
    # (AttributeError, TypeError, KeyError …) where a damaged object is not what it expects: either way the
    # user's PDF is damaged, which is a finding, not a crash of flashgen.
    except Exception as exc:  # noqa: BLE001
        return findings + [_unreadable(name, exc)]
    try:
        findings += _bleed_findings(data, boxes, name, units)
    except pypdfium2.PdfiumError as exc:
        findings.append(_unreadable(name, exc))
    return findings


def _unreadable(name: str, exc: Exception) -> PrintFinding:
    return PrintFinding("error", "pdf-damaged", name, 0, _(
        "the PDF's drawing instructions cannot be read ({reason}): make the file again.").format(
        reason=str(exc) or type(exc).__name__))


# --- fonts (pikepdf) --------------------------------------------------------------------------------------------


def _embedded(font: pikepdf.Object) -> bool:
    if font.get("/Subtype") == "/Type3":
        return True  # its glyphs are drawings inside the PDF
    if font.get("/Subtype") == "/Type0":
        descendants = font.get("/DescendantFonts")
        return isinstance(descendants, pikepdf.Array) and len(descendants) > 0 and \
            isinstance(descendants[0], pikepdf.Dictionary) and _embedded(descendants[0])
    descriptor = font.get("/FontDescriptor")
    return isinstance(descriptor, pikepdf.Dictionary) and any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def _fonts(resources: pikepdf.Object, seen: set[tuple[int, int]]) -> Iterator[pikepdf.Object]:
    """Every font of ``resources`` and of the forms they draw, each once."""
    if not isinstance(resources, pikepdf.Dictionary):
        return
    fonts, xobjects = resources.get("/Font"), resources.get("/XObject")
    for font in fonts.values() if isinstance(fonts, pikepdf.Dictionary) else ():
        if isinstance(font, pikepdf.Dictionary):
            yield font
    for xobject in xobjects.values() if isinstance(xobjects, pikepdf.Dictionary) else ():
        key = xobject.objgen if isinstance(xobject, pikepdf.Stream) else None
        if key and xobject.get("/Subtype") == "/Form" and key not in seen:
            seen.add(key)
            yield from _fonts(xobject.get("/Resources"), seen)


def _font_findings(pdf: pikepdf.Pdf, name: str) -> list[PrintFinding]:
    missing: dict[str, list[int]] = {}
    for number, page in enumerate(pdf.pages, start=1):
        for font in _fonts(page.obj.get("/Resources"), set()):
            if not _embedded(font):
                pages = missing.setdefault(str(font.get("/BaseFont", "?")).lstrip("/"), [])
                if number not in pages:
                    pages.append(number)
    return [PrintFinding("error", "font-not-embedded", name, pages[0], ngettext(
        "the font {font} is not embedded (used on {count} page): the printer would set this text in another "
        "font. Make the PDF again with its fonts embedded.",
        "the font {font} is not embedded (used on {count} pages): the printer would set this text in another "
        "font. Make the PDF again with its fonts embedded.", len(pages)).format(font=font, count=len(pages)))
        for font, pages in missing.items()]


def _boxes(page: pikepdf.Page) -> tuple[Box, Box, Box]:
    """(media, trim, bleed) boxes of a page, in its own coordinates."""
    media = _box(page.MediaBox)
    trim = _box(page.obj.get("/TrimBox") or page.obj.get("/CropBox") or page.MediaBox)
    bleed = _box(page.obj.get("/BleedBox") or page.obj.get("/CropBox") or page.MediaBox)
    return media, trim, bleed


def _box(array: pikepdf.Array) -> Box:
    x0, y0, x1, y1 = (float(v) for v in array)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


# --- text, pictures and lines (pdfminer.six) --------------------------------------------------------------------


def _page_findings(page: DrawnPage, trim: Box, name: str, number: int) -> list[PrintFinding]:
    trim = (trim[0] - page.origin[0], trim[1] - page.origin[1], trim[2] - page.origin[0], trim[3] - page.origin[1])
    found = [_hairlines(page.strokes), _near_trim(page.chars, trim), _rgb_black([c for _box, c in page.chars])]
    found += [_low_resolution(image) for _box, image in page.images]
    return [PrintFinding(severity, code, name, number, message) for severity, code, message in filter(None, found)]


def _hairlines(strokes: list[float]) -> tuple[str, str, str] | None:
    thin = [w for w in strokes if w < MIN_LINE_PT - 1e-6]
    if not thin:
        return None
    return "error", "hairline", ngettext(
        "{count} line is thinner than {limit} pt ({width} pt): it may not print. Make it at least {limit} pt.",
        "{count} lines are thinner than {limit} pt (the thinnest {width} pt): they may not print. "
        "Make them at least {limit} pt.", len(thin)).format(count=len(thin), limit=MIN_LINE_PT, width=f"{min(thin):.2f}")


def _near_trim(chars: list[tuple[Box, LTChar]], trim: Box) -> tuple[str, str, str] | None:
    safe = SAFE_MM * PT_PER_MM - 0.5  # half a point for rounding in the fonts' boxes
    close = [(min(b[0] - trim[0], b[1] - trim[1], trim[2] - b[2], trim[3] - b[3]), c) for b, c in chars]
    close = [(distance, c) for distance, c in close if distance < safe]
    if not close:
        return None
    distance = min(d for d, _c in close)
    words = _words([c for _d, c in close])
    return "warning", "text-near-trim", ngettext(
        "{count} letter is less than {safe} mm inside the trim ({distance} mm): “{words}”. A cut a little off "
        "would take it; move the text in.",
        "{count} letters are less than {safe} mm inside the trim (the closest {distance} mm): “{words}”. A cut a "
        "little off would take them; move the text in.", len(close)).format(
        count=len(close), safe=f"{SAFE_MM:g}", distance=f"{distance / PT_PER_MM:.1f}", words=words[:40])


def _words(chars: list[LTChar]) -> str:
    """The letters as words: a space where the gap between two letters, or a new line, says so."""
    text = ""
    for previous, char in zip([None, *chars], chars):
        if previous is not None and (abs(char.y0 - previous.y0) > previous.size / 2
                                     or char.x0 - previous.x1 > 0.15 * char.size):
            text += " "
        text += char.get_text()
    return text


def _is_rgb_black(char: LTChar) -> bool:
    colour = char.graphicstate.ncolor
    space = char.ncs
    if space is None or space.ncomponents != 3 or not isinstance(colour, (tuple, list)) or len(colour) != 3:
        return False
    return all(isinstance(v, (int, float)) and v <= BLACK for v in colour)


def _rgb_black(chars: list[LTChar]) -> tuple[str, str, str] | None:
    black = [c for c in chars if _is_rgb_black(c)]
    if not black:
        return None
    smallest = min(c.size for c in black)
    return "note", "rgb-black-text", ngettext(
        "{count} letter is black given as RGB (smallest {size} pt): a print shop's CMYK conversion may make it "
        "four-colour black, blurred on small text. Grey or K-only black prints sharper.",
        "{count} letters are black given as RGB (smallest {size} pt): a print shop's CMYK conversion may make "
        "them four-colour black, blurred on small text. Grey or K-only black prints sharper.", len(black)).format(
        count=len(black), size=f"{smallest:.1f}")


def _low_resolution(image: LTImage) -> tuple[str, str, str] | None:
    pixels = image.srcsize
    if not pixels or None in pixels or min(pixels) <= 2 or image.width <= 0 or image.height <= 0:
        return None  # a flat colour stretched, or a picture with no size: no resolution to speak of
    dpi = min(pixels[0] / (image.width / 72), pixels[1] / (image.height / 72))
    if dpi >= MIN_DPI - 0.5:
        return None
    return ("error" if dpi < POOR_DPI else "warning"), "low-resolution", _(
        "a picture of {width} × {height} pixels is printed {mm_w} × {mm_h} mm: {dpi} dpi, less than {minimum}. "
        "It will look blurred; use a larger picture.").format(
        width=pixels[0], height=pixels[1], mm_w=f"{image.width / PT_PER_MM:.0f}", mm_h=f"{image.height / PT_PER_MM:.0f}",
        dpi=f"{dpi:.0f}", minimum=MIN_DPI)


# --- bleed (pypdfium2) ------------------------------------------------------------------------------------------


def _bleed_findings(data: bytes, boxes: list[tuple[Box, Box, Box]], name: str, units: list[float]) -> list[PrintFinding]:
    findings = []
    document = pypdfium2.PdfDocument(data)
    try:
        for number, (media, trim, bleed) in enumerate(boxes, start=1):
            page = document[number - 1]
            crop = _box(page.get_cropbox())
            if min(crop[2] - crop[0], crop[3] - crop[1]) < 1:
                page.close()
                continue  # a damaged page with no size: nothing printed to look at
            scale = RENDER_PX / max(crop[2] - crop[0], crop[3] - crop[1])
            image = page.render(scale=scale).to_pil().convert("RGB")
            page.close()
            problems = [p for side in SIDES if (p := _side_problem(image, scale, crop, trim, bleed, side, units[number - 1]))]
            if problems and bleed == trim:
                findings.append(PrintFinding("note", "no-bleed", name, number, _without_bleed(len(problems))))
            else:
                findings += [PrintFinding("warning", "no-bleed", name, number, problem) for problem in problems]
    finally:
        document.close()
    return findings


def _without_bleed(sides: int) -> str:
    """A page that declares no bleed at all is made for printers that leave a white margin, not for trimming."""
    return ngettext(
        "colour runs to {sides} edge of the page, and the file has no bleed: it is made for printers that leave a "
        "white margin (office, A3). For a print shop, send a file with {needed} mm bleed (posters/, banners/).",
        "colour runs to {sides} edges of the page, and the file has no bleed: it is made for printers that leave "
        "a white margin (office, A3). For a print shop, send a file with {needed} mm bleed (posters/, banners/).",
        sides,
    ).format(sides=sides, needed=f"{BLEED_MM:g}")


def _strip(image, scale: float, crop: Box, trim: Box, side: str, outward_pt: float) -> list[bool]:  # type: ignore[no-untyped-def]
    """Whether each pixel along ``side`` of the trim, ``outward_pt`` beyond it (inside when negative), has colour."""
    index = SIDES.index(side)
    sign = -1 if index < 2 else 1
    edge = trim[index] + sign * outward_pt
    if side in ("left", "right"):
        x = (edge - crop[0]) * scale
        ys = range(round((crop[3] - trim[3]) * scale + 2), round((crop[3] - trim[1]) * scale - 2))  # not the corners
        points = [(x, y) for y in ys]
    else:
        y = (crop[3] - edge) * scale
        xs = range(round((trim[0] - crop[0]) * scale + 2), round((trim[2] - crop[0]) * scale - 2))
        points = [(x, y) for x in xs]
    width, height = image.size
    inside = [(min(max(int(px), 0), width - 1), min(max(int(py), 0), height - 1)) for px, py in points]
    if not inside:
        return []
    # One row or column of RGB bytes read at once (a pixel at a time took most of a preflight's drawing checks).
    if side in ("left", "right"):
        line, at = image.crop((inside[0][0], 0, inside[0][0] + 1, height)).tobytes(), [py for _px, py in inside]
    else:
        line, at = image.crop((0, inside[0][1], width, inside[0][1] + 1)).tobytes(), [px for px, _py in inside]
    return [min(line[3 * i:3 * i + 3]) < WHITE for i in at]


def _side_problem(image, scale: float, crop: Box, trim: Box, bleed: Box, side: str,  # type: ignore[no-untyped-def]
                  unit: float = 1.0) -> str | None:
    """What is wrong with the bleed on ``side`` of the trim, if colour reaches that edge."""
    at_trim = _strip(image, scale, crop, trim, side, -1.5 / scale)
    if sum(at_trim) / scale < TOUCH_PT:
        return None
    index = SIDES.index(side)
    room = abs(bleed[index] - trim[index]) * unit if (bleed[index] - trim[index]) * (-1 if index < 2 else 1) > 0 else 0.0
    side_name = {"left": _("left edge"), "bottom": _("bottom edge"), "right": _("right edge"), "top": _("top edge")}[side]
    if room < BLEED_MM * PT_PER_MM - 0.3:
        return _("colour runs to the {side} of the trim, but the page has {bleed} mm of bleed there instead of "
                 "{needed} mm: a print shop cannot cut it cleanly. Extend the background {needed} mm beyond the "
                 "trim.").format(side=side_name, bleed=f"{room / PT_PER_MM:.1f}", needed=f"{BLEED_MM:g}")
    beyond = _strip(image, scale, crop, trim, side, BLEED_MM * PT_PER_MM / unit - 1.5 / scale)
    covered = sum(1 for a, b in zip(at_trim, beyond) if a and b)
    if covered < 0.9 * sum(at_trim):
        return _("colour runs to the {side} of the trim but stops there: the {needed} mm bleed beyond it is "
                 "empty. Extend the background into the bleed.").format(side=side_name, needed=f"{BLEED_MM:g}")
    return None


# --- the report for people --------------------------------------------------------------------------------------


def describe_preflight(report: PreflightReport) -> str:
    """Findings file by file, page by page (the same finding on several pages once), then a summary."""
    levels = {"error": _("error"), "warning": _("warning"), "note": _("note")}
    lines: list[str] = []
    grouped: dict[str, dict[tuple[str, str, str], list[int]]] = {}
    for finding in report.findings:
        key = (finding.severity, finding.code, finding.message)
        grouped.setdefault(finding.file, {}).setdefault(key, []).append(finding.page)
    for file, findings in grouped.items():
        lines.append(f"{file}:")
        for (severity, code, message), pages in findings.items():
            where = _pages_words(pages)
            lines.append(f"  {levels[severity]} [{code}] {where}{message}")
    errors, warnings, notes = (len(report.of(s)) for s in ("error", "warning", "note"))
    lines.append(_("Checked {files} PDF files for printing: {errors} errors, {warnings} warnings, {notes} notes.").format(
        files=report.files, errors=errors, warnings=warnings, notes=notes))
    if errors:
        lines.append(_("Fix the errors above before sending the files."))
    elif warnings:
        lines.append(_("No errors; read the warnings above before sending the files."))
    else:
        lines.append(_("Ready for the print shop."))
    return "\n".join(lines)


def _pages_words(pages: list[int]) -> str:
    numbers = sorted(p for p in set(pages) if p)
    if not numbers:
        return ""
    shown = ", ".join(str(n) for n in numbers[:8]) + ("…" if len(numbers) > 8 else "")
    return ngettext("page {pages}: ", "pages {pages}: ", len(numbers)).format(pages=shown)
