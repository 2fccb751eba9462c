"""``flashgen init``: a folder name in, a new campaign project folder out.

The project holds everything a communication centre edits for a campaign:
``flashgen.yaml`` (which content, theme, templates, products and sizes),
``content.yaml`` (a bundled example campaign — the 17 points, a plan's
statements or a report's key figures — to replace with the new campaign's words;
with ``spreadsheet``, ``content.xlsx`` instead: the same campaign as a
ready-to-fill workbook, load/spreadsheet_template.py), ``theme.yaml`` (colours, fonts, logo, organisation and
footer), ``templates/`` (a copy of the bundled templates to restyle),
``fonts/`` (for extra fonts) and a short ``README.txt``. ``flashgen build``
run inside the folder builds it at once. Nothing existing is ever overwritten.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from flashgen.errors import FlashgenError
from flashgen.i18n import _
from flashgen.load.files import check_name_lengths
from flashgen.load.presets import load_presets
from flashgen.load.resources import DEFAULT_THEME, EXAMPLES, TEMPLATES_DIR
from flashgen.load.spreadsheet_template import write_template
from flashgen.load.theme import COLOUR_ROLES, FONT_ROLES, load_theme
from flashgen.products import PRODUCTS

PROJECT_TEMPLATE = """\
# flashgen project settings (cài đặt dự án). Run `flashgen build` in this folder.
# Paths are relative to this file. A value given on the command line wins over this file.

content: {content}{pad}# the campaign's words (nội dung): .yaml, .xlsx, .ods or .csv
theme: theme.yaml            # colours, fonts, logo (giao diện); or a bundled theme: xanh, do
templates: templates         # the card and social-media designs (mẫu SVG)
fonts: fonts                 # extra fonts for your templates, besides the bundled ones
out: out                     # where the finished files go

# What to make (sản phẩm): {products}
products: [{default_products}]

# Flashcard image sizes (khổ thẻ): {sizes}
sizes: [{default_sizes}]

# Cards printed on office paper and cut by hand (in thẻ).
print:
  card: a6                   # {print_sizes}
  sheet: a4                  # {sheets}
  flip: long                 # how the printer turns the paper: long or short edge
  margin_mm: 5
  gutter_mm: 0
  back_offset_mm: [0, 0]     # read it off print/duplex-calibration-a4.pdf

# Layouts (bố cục): every item is shown in the layout of its kind (contrast, statement, figure).
# Choose another for a whole product here (see content/README.md of flashgen):
# layouts:
#   flashcards: statement    # contrast, statement or figure (also used by print)
#   infographic: [list]      # list, comparison, figures: one or more

# Social-media images (ảnh mạng xã hội). Leave platforms out to make them all. LED boards: add yours under
# 'boards:' (README, LED boards); the bundled ones (`flashgen sizes`) are made only when listed here.
social:
  platforms: [{platforms}]
  # only: album              # album (cover, points, closing) or messages
"""

README_TEMPLATE = """\
Dự án flashgen / flashgen project
=================================

1. Sửa nội dung trong {content} (giữ nguyên văn bản gốc, không diễn giải lại).
   Edit the words in {content} (official text stays word for word).
2. Đổi màu, phông chữ, logo trong theme.yaml.  Change colours, fonts and logo in theme.yaml.
3. Kiểm tra trước khi tạo:  flashgen check      Check before building.
4. Tạo tất cả sản phẩm:     flashgen build      Make everything (into out/).
5. Xem trước:               mở out/index.html   Open out/index.html in a browser.

Mẫu thẻ (templates/) mở được bằng Inkscape, Illustrator hoặc Figma; xem templates/README.md.
The templates open in Inkscape, Illustrator or Figma; see templates/README.md.
Phông chữ bổ sung: chép tệp .ttf/.otf (kèm giấy phép) vào fonts/.  Extra fonts: copy .ttf/.otf files into fonts/.
"""


STAGING_NAME = ".{name}.init-partial"  # the project is written here, then renamed: never half a project


def _theme_text() -> str:
    """The default theme written out in full, every role with what it is for."""
    theme = load_theme(DEFAULT_THEME)
    lines = [
        "# Giao diện (theme): every colour role and font role of the templates.",
        "# Colours are written \"#RRGGBB\" in quotes; fonts are family names of fonts in fonts/ or the bundled ones",
        "# (Be Vietnam Pro, Noto Serif). See themes/README.md of flashgen for more.",
        "name: Giao diện của tôi",
        "colours:",
    ]
    lines += [f'  {role}: "{theme.colour(role)}"{" " * (18 - len(role))}# {what}' for role, what in COLOUR_ROLES.items()]
    lines += ["fonts:"]
    lines += [f"  {role}: {theme.font(role)}{' ' * (18 - len(theme.font(role)))}# {what}" for role, what in FONT_ROLES.items()]
    lines += [
        '# organisation: "Trung tâm Truyền thông tỉnh …"   # tên cơ quan, shown beside the logo',
        '# footer: "Fanpage … · Zalo …"                     # dòng cuối trang, last line of images and handouts',
        "# logo: logo.svg                                   # .svg or .png file in this folder",
        "",
    ]
    return "\n".join(lines)


def _project_text(content: str) -> str:
    presets = load_presets()
    return PROJECT_TEMPLATE.format(
        content=content, pad=" " * max(1, 20 - len(content)),
        products=", ".join(PRODUCTS),
        default_products=", ".join(name for name, product in PRODUCTS.items() if product.default),  # video: when asked
        sizes=", ".join(presets.card_sizes),
        print_sizes=", ".join(name for name, size in presets.card_sizes.items() if size.is_print),
        default_sizes=", ".join(name for name, size in presets.card_sizes.items() if size.default),
        sheets=", ".join(presets.sheets),
        platforms=", ".join(name for name, platform in presets.platforms.items() if platform.default),  # no bundled LED board
    )


def content_name(spreadsheet: bool) -> str:
    """The project's content file: the YAML file, or the workbook of ``init --spreadsheet``."""
    return "content.xlsx" if spreadsheet else "content.yaml"


def create_project(folder: Path, example: str = "contrast", spreadsheet: bool = False) -> list[Path]:
    """Write a new campaign project into ``folder`` (new or empty), its content a copy of the bundled
    ``example`` campaign (a workbook when ``spreadsheet``); return the files written."""
    if example not in EXAMPLES:
        raise FlashgenError(_("unknown example '{example}'; choose from: {choices}.").format(
            example=example, choices=", ".join(EXAMPLES)), code="init-example")
    check_name_lengths(folder, reserved=len(STAGING_NAME.format(name="")))
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise FlashgenError(_("{folder} already exists and is not empty; choose a new folder name (nothing was "
                              "changed).").format(folder=folder), code="init-not-empty")
    content = content_name(spreadsheet)
    staging = folder.with_name(STAGING_NAME.format(name=folder.name))
    shutil.rmtree(staging, ignore_errors=True)
    try:
        (staging / "templates").mkdir(parents=True)
        (staging / "fonts").mkdir()
        (staging / "flashgen.yaml").write_text(_project_text(content), encoding="utf-8")
        (staging / "theme.yaml").write_text(_theme_text(), encoding="utf-8")
        (staging / "README.txt").write_text(README_TEMPLATE.format(content=content), encoding="utf-8")
        (staging / "fonts" / "README.txt").write_text(
            "Chép phông chữ bổ sung (.ttf/.otf) và giấy phép của chúng vào đây.\n"
            "Put extra fonts (.ttf/.otf) and their licences here.\n", encoding="utf-8")
        if spreadsheet:
            write_template(EXAMPLES[example], staging / content)
        else:
            shutil.copyfile(EXAMPLES[example], staging / content)
        for template in sorted(TEMPLATES_DIR.glob("*.svg")):
            shutil.copyfile(template, staging / "templates" / template.name)
        guide = TEMPLATES_DIR.parent / "README.md"
        if guide.is_file():
            shutil.copyfile(guide, staging / "templates" / "README.md")
        if folder.exists():
            folder.rmdir()
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging.rename(folder)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise FlashgenError(_("could not create the project in {folder}: {reason}.").format(
            folder=folder, reason=exc.strerror or exc), code="init-failed") from None
    return sorted(p for p in folder.rglob("*") if p.is_file())
