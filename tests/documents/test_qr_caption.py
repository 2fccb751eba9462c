"""The words beside a QR code come from the content (``source.qr_caption``), in every document."""

from __future__ import annotations

import dataclasses
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from flashgen.documents.booklet import build_booklet
from flashgen.documents.infographic import carousel_svgs, poster_svg, web_svg
from flashgen.documents.leaflet import build_leaflet
from flashgen.load.content import Campaign
from flashgen.load.fonts import FontBook
from flashgen.load.svgdoc import SVG_NS
from flashgen.text.wordbreak import WordBreaker

CAPTION = "Quét mã để xem kế hoạch"


@pytest.fixture(scope="module")
def captioned(campaign: Campaign) -> Campaign:
    return dataclasses.replace(campaign, source=dataclasses.replace(campaign.source, qr_caption=CAPTION))


def pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "document.pdf"
    path.write_bytes(data)
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(result.stdout.split())


@pytest.mark.parametrize("page", ["A4", "A5"])
def test_the_booklet_captions_both_qr_codes_with_the_content_caption(captioned: Campaign, fonts: FontBook, tmp_path: Path,
                                                                     page: str) -> None:
    text = pdf_text(build_booklet(captioned, fonts, page), tmp_path)
    assert text.count(CAPTION) == 2  # the cover's QR code and the source section's
    assert "Quét mã để đọc toàn văn" not in text


def test_the_leaflet_captions_its_qr_code_with_the_content_caption(captioned, fonts: FontBook, tmp_path) -> None:
    text = pdf_text(build_leaflet(captioned, fonts), tmp_path)
    assert CAPTION in text and "Quét mã để đọc toàn văn" not in text


def test_without_a_caption_the_words_follow_the_source_kind(campaign: Campaign, fonts: FontBook, tmp_path: Path) -> None:
    """A plan's QR code says "kế hoạch", never "bài phát biểu", and so do the booklet's source rows."""
    source = dataclasses.replace(campaign.source, kind="plan", kind_name="", signer_label="", qr_heading="",
                                 qr_caption="").resolved()
    plan = dataclasses.replace(campaign, items=campaign.items[:2], source=source)
    assert source.qr_caption == "Quét mã để đọc toàn văn kế hoạch"
    booklet = pdf_text(build_booklet(plan, fonts, "A5"), tmp_path)
    leaflet = pdf_text(build_leaflet(plan, fonts), tmp_path)
    assert booklet.count(source.qr_caption) == 2 and source.qr_caption in leaflet
    # The source rows are labelled in the plan's words (its title is the speech's: the content's own words).
    assert f"Kế hoạch {plan.source.title}" in booklet and "Người phát biểu" not in booklet


def caption_of(svg: bytes) -> str:
    frame = etree.fromstring(svg).find(".//{*}text[@data-frame='qr-caption']")
    assert frame is not None
    return " ".join(span.text or "" for span in frame.iterfind(f"{{{SVG_NS}}}tspan"))


def test_the_infographics_caption_their_qr_code_with_the_content_caption(captioned, fonts: FontBook) -> None:
    breaker = WordBreaker.for_glossary(captioned.glossary)
    assert caption_of(poster_svg(captioned, fonts, breaker, "list")) == CAPTION
    assert caption_of(web_svg(captioned, fonts, breaker, "comparison")) == CAPTION
    assert caption_of(carousel_svgs(captioned, fonts, breaker, "list")[-1]) == CAPTION
