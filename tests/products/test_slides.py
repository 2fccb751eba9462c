"""The conference deck (PPTX and PDF) and the document carousel PDF."""

from __future__ import annotations

import dataclasses
import io
import os
import re
import shutil
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import pikepdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Emu

from flashgen.build import build
from flashgen.documents.slides import build_slides_pdf, build_slides_pptx, plan_deck
from flashgen.errors import FlashgenError
from flashgen.load.content import Campaign, load_campaign
from flashgen.load.fonts import FontBook, write_fontconfig
from flashgen.load.resources import DEFAULT_CONTENT
from flashgen.load.theme import default_theme
from flashgen.options import BuildOptions
from flashgen.pdf.kit import Look

REPO = Path(__file__).resolve().parents[2]
FIGURES = REPO / "content" / "so-lieu-ngay-cds-2022.yaml"
STATEMENTS = REPO / "content" / "ke-hoach-truyen-thong-2023.yaml"
SIXTEEN_NINE = (960.0, 540.0)  # points: 13.333 × 7.5 in, written out here so a wrong data file fails
EMU_PER_POINT = 12700
SLACK = 0.5  # points: rounding between the layout and the drawing


def _count(campaign: Campaign) -> int:
    return 1 + len(campaign.items) + len(campaign.messages) + 1


@pytest.fixture(scope="module")
def figures() -> Campaign:
    return load_campaign(FIGURES)


@pytest.fixture(scope="module")
def pptx17(campaign: Campaign, fonts: FontBook) -> Presentation:
    return Presentation(io.BytesIO(build_slides_pptx(campaign, fonts)))


@pytest.fixture(scope="module")
def pdf17(campaign: Campaign, fonts: FontBook, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("slides") / "slides.pdf"
    path.write_bytes(build_slides_pdf(campaign, fonts))
    return path


def test_the_bundled_content_is_the_17_points(campaign: Campaign) -> None:
    assert len(campaign.items) == 17 and campaign.messages and campaign.source.url


def test_pptx_opens_with_one_slide_per_part_at_16_9(campaign: Campaign, pptx17: Presentation) -> None:
    assert len(pptx17.slides) == _count(campaign) == 1 + 17 + len(campaign.messages) + 1
    assert (pptx17.slide_width, pptx17.slide_height) == tuple(Emu(round(p * EMU_PER_POINT)) for p in SIXTEEN_NINE)
    assert abs(pptx17.slide_width / pptx17.slide_height - 16 / 9) < 0.001


def test_notes_hold_each_items_full_official_paragraph(campaign: Campaign, pptx17: Presentation) -> None:
    slides = list(pptx17.slides)
    for item, slide in zip(campaign.items, slides[1:]):
        assert slide.has_notes_slide
        assert slide.notes_slide.notes_text_frame.text == item.text
    message_slides = slides[1 + len(campaign.items):-1]
    assert [s.notes_slide.notes_text_frame.text for s in message_slides] == list(campaign.messages)


def test_figure_notes_without_text_hold_the_label_and_note(figures: Campaign, fonts: FontBook) -> None:
    deck = Presentation(io.BytesIO(build_slides_pptx(figures, fonts)))
    assert len(deck.slides) == _count(figures)
    for item, slide in zip(figures.items, list(deck.slides)[1:]):
        notes = slide.notes_slide.notes_text_frame.text
        assert (item.text and notes == item.text) or (item.note in notes and item.heading in notes)


def _runs(slide):  # type: ignore[no-untyped-def]
    for shape in slide.shapes:
        if shape.has_text_frame:
            for paragraph in shape.text_frame.paragraphs:
                yield from paragraph.runs


def test_text_is_editable_text_in_the_theme_fonts(campaign: Campaign, pptx17: Presentation) -> None:
    theme = default_theme()
    families = {theme.font("heading"), theme.font("body")}
    slides = list(pptx17.slides)
    for index, slide in enumerate(slides):
        runs = list(_runs(slide))
        assert runs, f"slide {index + 1} has no text"
        assert {run.font.name for run in runs} <= families
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == (1 if slide is slides[-1] else 0)  # the QR code only
    for item, slide in zip(campaign.items, slides[1:]):
        text = " ".join(run.text for run in _runs(slide))
        assert " ".join(item.heading.split()) in text
        assert " ".join(item.from_text.split()) in text and " ".join(item.to_text.split()) in text


def test_pptx_boxes_are_the_planned_ones(campaign: Campaign, fonts: FontBook, pptx17: Presentation) -> None:
    """Each text box holds its block's lines, broken where the plan broke them, at the plan's size."""
    deck = plan_deck(campaign, Look(fonts, default_theme()))
    for planned, slide in zip(deck.slides, pptx17.slides):
        boxes = {s.name: s for s in slide.shapes if s.has_text_frame}
        for block in planned.blocks:
            frame = boxes[block.name].text_frame
            assert frame.text.split("\v") == [line.text for line in block.lines]
            assert all(run.font.size.pt == pytest.approx(block.size, abs=0.01) for run in frame.paragraphs[0].runs)
            assert boxes[block.name].width <= Emu(round(block.box.width * EMU_PER_POINT)) + 1


@pytest.mark.parametrize("content", [DEFAULT_CONTENT, FIGURES, STATEMENTS], ids=["17", "figures", "statements"])
def test_no_text_overflows_its_box(content: Path, fonts: FontBook) -> None:
    """Measured with the project's font metrics: every line within its box's width, every block within its height."""
    deck = plan_deck(load_campaign(content), Look(fonts, default_theme()))
    for slide in deck.slides:
        for block in slide.blocks:
            box = block.box
            assert block.lines and box.x + box.width <= deck.width and box.y + box.height <= deck.height
            for line in block.lines:
                width = block.face.width(line.text, block.size)
                assert line.x >= box.x - SLACK - block.size * 0.1 and width <= box.width + SLACK, (block.name, line.text)
            top = block.lines[0].baseline - block.face.ascent * block.size
            bottom = block.lines[-1].baseline + block.face.descent * block.size
            assert top >= box.y - SLACK and bottom <= box.y + box.height + SLACK, (slide.kind, block.name)
            assert block.size >= 14


def test_pdf_pages_are_16_9_and_one_per_slide(campaign: Campaign, pdf17: Path) -> None:
    with pikepdf.open(pdf17) as pdf:
        assert len(pdf.pages) == _count(campaign)
        for page in pdf.pages:
            assert [float(v) for v in page.mediabox] == [0.0, 0.0, *SIXTEEN_NINE]


def _pdftotext(path: Path, page: int) -> str:
    return subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-enc", "UTF-8", str(path), "-"],
                          capture_output=True, text=True, check=True).stdout


def test_pdf_text_is_the_vietnamese_exactly(campaign: Campaign, pdf17: Path) -> None:
    for number, item in enumerate(campaign.items, start=2):
        text = _pdftotext(pdf17, number)
        assert unicodedata.is_normalized("NFC", text)
        words = " ".join(text.split())
        for part in (item.heading, item.from_text, item.to_text):
            assert " ".join(part.split()) in words, part
    assert " ".join(campaign.title.split()) in " ".join(_pdftotext(pdf17, 1).split())


def test_text_that_cannot_fit_is_an_error_naming_the_item(campaign: Campaign, fonts: FontBook) -> None:
    long_item = dataclasses.replace(campaign.items[2], heading=" ".join(["chuyển đổi số"] * 60))
    longer = dataclasses.replace(campaign, items=(*campaign.items[:2], long_item, *campaign.items[3:]))
    with pytest.raises(FlashgenError) as caught:
        build_slides_pdf(longer, fonts)
    assert caught.value.code == "slide-text-too-long"
    assert "item 3" in caught.value.message and "'heading'" in caught.value.message


SYLLABLES = ["chuyển", "đổi", "số", "người", "dân", "là", "trung", "tâm", "dữ", "liệu", "nền", "tảng", "công", "nghệ"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(SYLLABLES), min_size=1, max_size=120))
def test_any_heading_fits_or_is_refused(campaign: Campaign, fonts: FontBook, words: list[str]) -> None:
    item = dataclasses.replace(campaign.items[0], heading=" ".join(words))
    one = dataclasses.replace(campaign, items=(item,), messages=())
    try:
        deck = plan_deck(one, Look(fonts, default_theme()))
    except FlashgenError as error:
        assert error.code == "slide-text-too-long"
        return
    block = next(b for b in deck.slides[1].blocks if b.name == "heading")
    assert " ".join(line.text for line in block.lines) == " ".join(words)
    bottom = block.lines[-1].baseline + block.face.descent * block.size
    assert bottom <= block.box.y + block.box.height + SLACK


@pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")), reason="LibreOffice is not installed")
def test_libreoffice_opens_the_pptx(campaign: Campaign, fonts: FontBook, tmp_path: Path) -> None:
    source = tmp_path / "slides.pptx"
    source.write_bytes(build_slides_pptx(campaign, fonts))
    office = shutil.which("soffice") or shutil.which("libreoffice")
    # The bundled fonts made visible to LibreOffice, as to a user who installed them from fonts/.
    environment = {**os.environ, "FONTCONFIG_FILE": str(write_fontconfig(fonts)),
                   "HOME": str(tmp_path)}  # its own profile: no clash with another LibreOffice running
    subprocess.run([office, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=300, env=environment)
    converted = tmp_path / "slides.pdf"
    with pikepdf.open(converted) as pdf:
        assert len(pdf.pages) == _count(campaign)
    listed = subprocess.run(["pdffonts", str(converted)], capture_output=True, text=True, check=True).stdout
    assert "BeVietnamPro-Bold" in listed and "BeVietnamPro-Regular" in listed  # the named fonts, not a substitute
    # LibreOffice keeps flashgen's lines: every line of every slide comes out as it was planned (none re-wrapped).
    deck = plan_deck(campaign, Look(fonts, default_theme()))
    for number, slide in enumerate(deck.slides, start=1):
        lines = [line.strip() for line in _pdftotext(converted, number).splitlines()]
        for block in slide.blocks:
            assert all(line.text in lines for line in block.lines), (number, block.name, block.lines)


@pytest.fixture(scope="module")
def carousel_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("carousel") / "out"
    build(BuildOptions(out_dir=out, products=("social", "carousel", "slides"), platforms=("facebook-portrait",)))
    return out


def test_carousel_is_the_album_one_lossless_page_each(campaign: Campaign, carousel_build: Path) -> None:
    album = sorted(p for p in (carousel_build / "social" / "facebook-portrait").glob("*.png")
                   if not re.search(r"message|thong-diep", p.name))
    with pikepdf.open(carousel_build / "carousel" / "carousel-1080x1350.pdf") as pdf:
        assert len(pdf.pages) == len(campaign.items) + 2 == len(album)  # cover, items, closing
        for page in pdf.pages:
            assert [float(v) for v in page.mediabox] == [0.0, 0.0, 1080.0, 1350.0]
        first = pikepdf.PdfImage(next(iter(pdf.pages[0].get_images().values()))).as_pil_image()
    assert first.size == (1080, 1350)
    drawn = Image.open(album[0]).convert("RGB")
    assert first.tobytes() == drawn.tobytes()  # lossless: the same pixels


def test_manifest_and_gallery_list_the_deck_and_carousel(carousel_build: Path) -> None:
    manifest = (carousel_build / "manifest.json").read_text(encoding="utf-8")
    gallery = (carousel_build / "index.html").read_text(encoding="utf-8")
    for path in ("slides/slides-16x9.pptx", "slides/slides-16x9.pdf", "carousel/carousel-1080x1350.pdf"):
        assert path in manifest and f'href="{path}"' in gallery


def test_the_error_reads_in_vietnamese(campaign: Campaign, fonts: FontBook) -> None:
    from flashgen import i18n

    long_item = dataclasses.replace(campaign.items[0], heading=" ".join(["chuyển đổi số"] * 60))
    longer = dataclasses.replace(campaign, items=(long_item,))
    i18n.use_language("vi")
    try:
        with pytest.raises(FlashgenError) as caught:
            plan_deck(longer, Look(fonts, default_theme()))
    finally:
        i18n.use_language("en")
    assert "mục 1" in caught.value.message and "trang trình chiếu" in caught.value.message
    assert "'heading'" in caught.value.message


def test_flashgen_check_reports_a_slide_text_that_cannot_fit(tmp_path: Path) -> None:
    from flashgen.check import check

    text = DEFAULT_CONTENT.read_text(encoding="utf-8")
    first = re.search(r'heading: "Chuyển trọng tâm từ chính quyền[^"]*"', text)
    assert first
    long_heading = " ".join(["chuyển đổi số và dữ liệu số"] * 25)
    content = tmp_path / "content.yaml"
    content.write_text(text.replace(first.group(0), f'heading: "{long_heading}"'), encoding="utf-8")
    report = check(BuildOptions(content=content, products=("slides",), out_dir=tmp_path / "out"))
    found = [f for f in report.errors if f.code == "slide-text-too-long"]
    assert found and "item 1" in found[0].message


def test_the_do_theme_names_its_serif_font(campaign: Campaign, fonts: FontBook) -> None:
    from flashgen.load.theme import find_theme, load_theme

    theme = load_theme(find_theme("do"))
    deck = Presentation(io.BytesIO(build_slides_pptx(campaign, fonts, theme)))
    assert {run.font.name for slide in deck.slides for run in _runs(slide)} == {"Noto Serif"}


def test_the_same_content_gives_the_same_bytes(campaign: Campaign, fonts: FontBook, monkeypatch: pytest.MonkeyPatch) -> None:
    first = build_slides_pptx(campaign, fonts)
    monkeypatch.setattr(zipfile.time, "time", lambda: 2_000_000_000.0)  # saved years later
    assert build_slides_pptx(campaign, fonts) == first
    assert build_slides_pdf(campaign, fonts) == build_slides_pdf(campaign, fonts)


def test_a_source_without_a_link_gets_a_closing_slide_without_an_empty_qr_panel(campaign: Campaign, fonts: FontBook) -> None:
    """The statements campaign cites a plan with no link: no QR code, so no dark panel waiting for one (it was
    left empty on the right); the source takes the slide and the organisation signs it."""
    look = Look(fonts, default_theme())
    statements = load_campaign(STATEMENTS)
    assert not statements.source.url and campaign.source.url
    closing = plan_deck(statements, look).slides[-1]
    assert closing.qr is None
    assert not any(panel.colour == look.hex("primary") for panel in closing.panels)
    texts = {block.name: block.text for block in closing.blocks}
    assert texts["organisation"] == statements.organisation == "Ban Dân tộc tỉnh Quảng Ngãi"
    assert set(texts) == {"label", "title", "details", "organisation"}
    linked = plan_deck(campaign, look).slides[-1]
    assert linked.qr is not None and linked.qr[0] == campaign.source.url
    assert any(panel.colour == look.hex("primary") for panel in linked.panels)
