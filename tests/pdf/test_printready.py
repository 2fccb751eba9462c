"""The sRGB output intent (PDF/X-4 style) every print PDF gets: present, valid, text kept, reproducible."""

from __future__ import annotations

import io
import subprocess
import sys

import pikepdf
import pytest
from PIL import ImageCms

from flashgen.pdf.kit import DocInfo, font_name, new_canvas
from flashgen.pdf.printready import PDFX_VERSION, SRGB, print_ready, srgb_profile

TEXT = "Chuyển đổi số: Năm dữ liệu số"


@pytest.fixture(scope="module")
def plain(fonts) -> bytes:
    """A reportlab PDF with Vietnamese text and no trim box, as the booklet and leaflet are made."""
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, (300, 200), DocInfo("Tiêu đề", "Sở TT&TT", "Chủ đề", "cđs"), fonts)
    canvas.setFont(font_name(fonts), 12)
    canvas.drawString(20, 100, TEXT)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_the_output_intent_carries_the_srgb_profile(plain):
    with pikepdf.open(io.BytesIO(print_ready(plain))) as pdf:
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == pikepdf.Name.GTS_PDFX
        assert str(intent.OutputConditionIdentifier) == SRGB
        profile = intent.DestOutputProfile.read_bytes()
        assert profile == srgb_profile()
        assert int(intent.DestOutputProfile.N) == 3
        assert ImageCms.ImageCmsProfile(io.BytesIO(profile)).profile.xcolor_space.strip() == "RGB"


def test_pdfx_keys_in_the_information_and_in_xmp(plain):
    with pikepdf.open(io.BytesIO(print_ready(plain))) as pdf:
        assert str(pdf.docinfo["/GTS_PDFXVersion"]) == PDFX_VERSION
        assert pdf.docinfo["/Trapped"] == pikepdf.Name("/False")
        assert pdf.pdf_version >= "1.6"
        xmp = pdf.open_metadata()
        assert xmp["{http://www.npes.org/pdfx/ns/id/}GTS_PDFXVersion"] == PDFX_VERSION
        assert xmp["pdf:Trapped"] == "False"
        assert xmp["dc:title"] == "Tiêu đề"


def test_a_page_without_a_trim_box_is_cut_at_its_media_box(plain):
    with pikepdf.open(io.BytesIO(print_ready(plain))) as pdf:
        assert list(pdf.pages[0].trimbox) == list(pdf.pages[0].mediabox)


def test_an_existing_trim_box_is_kept():
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(100, 100))
    page.obj.TrimBox = pikepdf.Array([10, 10, 90, 90])
    buffer = io.BytesIO()
    pdf.save(buffer)
    with pikepdf.open(io.BytesIO(print_ready(buffer.getvalue()))) as done:
        assert [float(v) for v in done.pages[0].trimbox] == [10, 10, 90, 90]


def test_text_stays_extractable_and_qpdf_finds_no_error(plain, tmp_path):
    path = tmp_path / "ready.pdf"
    path.write_bytes(print_ready(plain))
    assert TEXT in subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    subprocess.run(["qpdf", "--check", str(path)], capture_output=True, check=True)


def test_the_same_input_gives_the_same_bytes_and_finishing_twice_changes_nothing(plain):
    once = print_ready(plain)
    assert print_ready(plain) == once
    assert print_ready(once) == once


def test_the_profile_is_the_same_in_every_process():
    """lcms2 dates the profile it makes: the bytes must not depend on when a build runs."""
    code = "from flashgen.pdf.printready import srgb_profile; import sys; sys.stdout.buffer.write(srgb_profile())"
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True).stdout
    assert other == srgb_profile()
    assert srgb_profile()[24:36] == bytes.fromhex("07d0 0001 0001 0000 0000 0000")
