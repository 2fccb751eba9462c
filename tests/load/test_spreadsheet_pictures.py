"""An item's picture: embedded in a sheet's row, or a file named in the 'image' field (YAML) or column (sheet).
It is drawn where the infographic draws the item's icon; paths out of the project folder and links are refused."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.drawing.image import Image as SheetImage
from PIL import Image, ImageDraw

from flashgen.build import build
from flashgen.errors import FlashgenError
from flashgen.load.content import load_campaign
from flashgen.options import BuildOptions
from tests.conftest import copy_templates
from tests.load.sheet_examples import write_csv, write_xlsx

CONTENT = Path(__file__).resolve().parents[2] / "content"
PLAN = CONTENT / "ke-hoach-truyen-thong-2023.yaml"
RED = (220, 30, 30)


def red_picture(path: Path, kind: str = "PNG") -> Path:
    """A red disc with a white bar: a colour no theme uses, easy to find on a drawn page."""
    image = Image.new("RGB", (200, 200), "white")
    drawing = ImageDraw.Draw(image)
    drawing.ellipse((10, 10, 190, 190), fill=RED)
    drawing.rectangle((80, 40, 120, 160), fill="white")
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, kind)
    return path


def with_embedded_picture(workbook: Path, picture: Path, *cells: str) -> Path:
    book = openpyxl.load_workbook(workbook)
    for cell in cells:
        book["Nội dung"].add_image(SheetImage(str(picture)), cell)
    book.save(workbook)
    return workbook


def test_embedded_picture_is_the_items_picture(tmp_path: Path) -> None:
    picture = red_picture(tmp_path / "red.png")
    sheet = with_embedded_picture(write_xlsx(PLAN, tmp_path / "plan.xlsx"), picture, "A3")  # row 3: item 2
    items = load_campaign(sheet).items
    assert items[1].picture is not None and items[1].picture.media_type == "image/png"
    assert Image.open(io.BytesIO(items[1].picture.data)).size == (200, 200)
    assert [item.picture for item in items if item.number != 2] == [None] * (len(items) - 1)


def _red_pixels(path: Path) -> int:
    with Image.open(path) as image:
        return sum(1 for r, g, b in image.convert("RGB").get_flattened_data() if abs(r - RED[0]) + abs(g - RED[1]) + abs(b - RED[2]) < 30)


def test_embedded_picture_is_drawn_in_the_icon_slot_of_its_item(tmp_path: Path) -> None:
    """Item 2's card in the infographic carousel (page 2) shows the red picture where the icon was."""
    picture = red_picture(tmp_path / "red.png")
    sheet = with_embedded_picture(write_xlsx(PLAN, tmp_path / "plan.xlsx"), picture, "B3")
    options = BuildOptions(content=sheet, out_dir=tmp_path / "out", products=("infographic",), jobs=1)
    build(options)
    pages = tmp_path / "out" / "infographic" / "carousel-list"
    assert _red_pixels(pages / "02.png") > 500  # item 2 is the first card of page 2
    assert _red_pixels(pages / "01.png") == 0 and _red_pixels(pages / "03.png") == 0


def test_yaml_image_field_and_sheet_column_give_the_same_picture(tmp_path: Path) -> None:
    red_picture(tmp_path / "pictures" / "red.jpg", "JPEG")
    text = PLAN.read_text(encoding="utf-8").replace("    icon: gavel", "    icon: gavel\n    image: pictures/red.jpg", 1)
    (tmp_path / "plan.yaml").write_text(text, encoding="utf-8")
    from_yaml = load_campaign(tmp_path / "plan.yaml")
    from_csv = load_campaign(write_csv(tmp_path / "plan.yaml", tmp_path / "plan.csv"))
    assert from_yaml.items[0].picture is not None and from_yaml.items[0].picture.media_type == "image/jpeg"
    assert from_csv.items[0].picture == from_yaml.items[0].picture


def _csv_with_image(tmp_path: Path, image: str) -> Path:
    rows = [["campaign.title", "Chiến dịch"], [], ["Tiêu đề", "Hình ảnh"], ["Điểm một", image]]
    path = tmp_path / "project" / "content.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows(rows)
    return path


@pytest.mark.parametrize(("image", "code"), [
    ("../outside.png", "picture-outside"),
    ("pictures/../../outside.png", "picture-outside"),
    ("/etc/passwd", "picture-outside"),
    ("C:\\Users\\me\\red.png", "picture-outside"),
    ("http://example.com/red.png", "picture-link"),
    ("https://example.com/red.png", "picture-link"),
    ("file:///etc/passwd", "picture-link"),
    ("\\\\server\\share\\red.png", "picture-link"),
])
def test_path_outside_the_project_or_link_is_refused(tmp_path: Path, image: str, code: str) -> None:
    red_picture(tmp_path / "outside.png")
    with pytest.raises(FlashgenError) as error:
        load_campaign(_csv_with_image(tmp_path, image))
    assert error.value.code == code
    assert "content.csv, sheet 'content', row 4, column 'Hình ảnh', item 1 (number 1), field 'image'" in error.value.message


def test_link_leading_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    red_picture(tmp_path / "outside.png")
    sheet = _csv_with_image(tmp_path, "pictures/red.png")
    (sheet.parent / "pictures").mkdir()
    (sheet.parent / "pictures" / "red.png").symlink_to(tmp_path / "outside.png")
    with pytest.raises(FlashgenError) as error:
        load_campaign(sheet)
    assert error.value.code == "picture-outside"


@pytest.mark.parametrize(("content", "code"), [
    (None, "picture-missing"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "picture-type"),
    (b"\x89PNG\r\n\x1a\n cut short", "picture-damaged"),
])
def test_missing_or_unusable_picture_file_is_named(tmp_path: Path, content: bytes | None, code: str) -> None:
    sheet = _csv_with_image(tmp_path, "red.png")
    if content is not None:
        (sheet.parent / "red.png").write_bytes(content)
    with pytest.raises(FlashgenError) as error:
        load_campaign(sheet)
    assert error.value.code == code and "red.png" in error.value.message


def test_two_pictures_in_a_row_or_a_picture_outside_the_items_are_refused(tmp_path: Path) -> None:
    picture = red_picture(tmp_path / "red.png")
    with pytest.raises(FlashgenError) as error:
        load_campaign(with_embedded_picture(write_xlsx(PLAN, tmp_path / "a.xlsx"), picture, "A3", "C3"))
    assert error.value.code == "sheet-many-pictures" and "sheet 'Nội dung', row 3" in error.value.message
    with pytest.raises(FlashgenError) as error:
        load_campaign(with_embedded_picture(write_xlsx(PLAN, tmp_path / "b.xlsx"), picture, "A1"))
    assert error.value.code == "sheet-stray-picture" and "sheet 'Nội dung', row 1" in error.value.message


def test_a_template_frame_for_the_picture_shows_it_on_the_items_flashcard(tmp_path: Path) -> None:
    """A template with a data-image="image" frame shows the row's picture on that item's card; a card of an
    item without a picture drops the frame."""
    templates = copy_templates(tmp_path / "templates")
    front = templates / "flashcard-statement-front-a7.svg"
    frame = '<rect id="picture" data-image="image" x="58" y="18" width="14" height="14" fill="none"/>'
    front.write_text(front.read_text(encoding="utf-8").replace("</svg>", f"{frame}</svg>"), encoding="utf-8")
    sheet = with_embedded_picture(write_xlsx(PLAN, tmp_path / "plan.xlsx"), red_picture(tmp_path / "red.png"), "C3")
    build(BuildOptions(content=sheet, out_dir=tmp_path / "out", templates_dir=templates, products=("flashcards",),
                       sizes=("a7",), jobs=1))
    cards = tmp_path / "out" / "flashcards" / "a7"
    assert _red_pixels(cards / "front-02.png") > 2000
    assert _red_pixels(cards / "front-01.png") == 0 and _red_pixels(cards / "back-02.png") == 0


def test_ods_picture_anchored_in_a_cell_is_the_items_picture(tmp_path: Path) -> None:
    """LibreOffice keeps a picture anchored to a cell inside that cell (<draw:frame><draw:image>)."""
    png = red_picture(tmp_path / "red.png").read_bytes()
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:xlink="http://www.w3.org/1999/xlink"')
    cell = '<table:table-cell><text:p>{}</text:p></table:table-cell>'
    picture = ('<table:table-cell><draw:frame><draw:image xlink:href="Pictures/red.png"><text:p>caption</text:p>'
               '</draw:image></draw:frame></table:table-cell>')
    rows = (f'<table:table-row>{cell.format("Tiêu đề")}</table:table-row>'
            f'<table:table-row>{cell.format("Một")}{picture}</table:table-row>'
            f'<table:table-row>{cell.format("Hai")}</table:table-row>')
    campaign_sheet = f'<table:table table:name="Chiến dịch"><table:table-row>{cell.format("Tên chiến dịch")}{cell.format("Thử")}</table:table-row></table:table>'
    content = (f'<office:document-content {ns}><office:body><office:spreadsheet><table:table table:name="Nội dung">'
               f'{rows}</table:table>{campaign_sheet}</office:spreadsheet></office:body></office:document-content>')
    path = tmp_path / "c.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
        archive.writestr("Pictures/red.png", png)
    campaign = load_campaign(path)
    assert campaign.items[0].picture is not None and campaign.items[0].picture.data == png
    assert campaign.items[0].heading == "Một" and campaign.items[1].picture is None
