"""The booklet's page sizes: every size that differs between A4 and A5, and the labels it prints."""

from __future__ import annotations

from dataclasses import dataclass, replace

from reportlab.lib.pagesizes import A4, A5

from flashgen.load.media import medium
from flashgen.pdf.kit import MM

HANDOUT = medium("handout")  # the smallest body and heading sizes of a booklet (flashgen/data/media.yaml)

COVER_LABEL = "Tài liệu tuyên truyền"
SUMMARY_LABEL = "Tóm tắt"
# {item}: the campaign's word for one item, in lower case ("điểm", "nhiệm vụ").
SUMMARY_NOTE = (
    "Tiêu đề in đậm và đoạn văn của mỗi {item} là nội dung gốc; khung “Tóm tắt” chỉ giúp đọc nhanh, "
    "không thay thế nội dung gốc."
)
# Above the official texts of a run of figures: {name} is the source's kind ("Báo cáo").
QUOTES_LABEL = "Trích {name}"
MESSAGES_TITLE = "Thông điệp truyền thông"
MESSAGES_LEAST = 3  # rows of the messages list on each side of a page break
SOURCE_TITLE = "Nguồn"
LETTER_LABEL = "Văn bản"  # the label of source.letter; title and speaker take the source kind's words
URL_LABEL = "Đường dẫn"

LEADING = 1.4  # body text: room for stacked Vietnamese diacritics (Ẫ, Ệ) between lines


@dataclass(frozen=True)
class PageLayout:
    """Every size that differs between A4 and A5 (points).

    Margins, the cover's inset and the footer stay at least 10 mm from the
    paper edge: office printers cannot print closer.
    """

    pagesize: tuple[float, float]
    margin_x: float
    margin_top: float
    margin_bottom: float
    footer_y: float  # baseline of the running footer
    footer_size: float
    body_size: float
    heading_size: float
    small_size: float
    section_size: float
    badge: float
    cover_inset: float
    cover_pad: float
    cover_panel: float  # share of the cover's height taken by the navy panel
    cover_title_size: float
    cover_subtitle_size: float
    theme_size: float
    qr: float
    qr_small: float
    logo_width: float  # the box the theme's logo is fitted in, on the cover
    logo_height: float
    point_gap: float  # space between two points
    source_label: float  # width of the label column in the source section

    @property
    def frame_width(self) -> float:
        return self.pagesize[0] - 2 * self.margin_x

    @property
    def frame_height(self) -> float:
        return self.pagesize[1] - self.margin_top - self.margin_bottom

    def scaled(self, fill: Fill) -> PageLayout:
        """This layout with the body's type and the space between items scaled by ``fill`` (the cover keeps its own)."""
        t, s = fill.type, fill.space
        return replace(
            self, body_size=self.body_size * t, heading_size=self.heading_size * t, small_size=self.small_size * t,
            section_size=self.section_size * t, badge=self.badge * t, point_gap=self.point_gap * s,
        )


@dataclass(frozen=True)
class Fill:
    """How much the body's type (``type``) and the space between items (``space``) grow or shrink.

    A short campaign grows both a little so its pages look full; a last page
    that would hold only a few lines pulls them in (or lets them out) until it
    does not.
    """

    type: float = 1.0
    space: float = 1.0


# Tried in turn when the nominal layout leaves a nearly empty last page: tighter first (one page fewer), then looser.
TIGHTER = (Fill(1.0, 0.8), Fill(1.0, 0.6), Fill(0.96, 0.5))
LOOSER = (Fill(1.0, 1.25), Fill(1.04, 1.5), Fill(1.08, 1.8))
# Tried, largest first, when everything fits on one page with room to spare.
GROWN = (Fill(1.2, 1.8), Fill(1.15, 1.6), Fill(1.1, 1.4), Fill(1.05, 1.2))
MIN_LAST_PAGE = 0.3  # share of the last page's frame the text must fill
MIN_PAGE = 0.6  # share of every other page's frame the text must fill
FULL_PAGE = 0.75  # a single page of text filled this far needs no growing


LAYOUTS = {
    "A4": PageLayout(
        pagesize=A4, margin_x=20 * MM, margin_top=18 * MM, margin_bottom=22 * MM,
        footer_y=13 * MM, footer_size=8, body_size=10.75, heading_size=12.5, small_size=8.75,
        section_size=19, badge=8.5 * MM, cover_inset=12 * MM, cover_pad=14 * MM, cover_panel=0.6,
        cover_title_size=34, cover_subtitle_size=13.5, theme_size=15, qr=30 * MM, qr_small=25 * MM,
        logo_width=36 * MM, logo_height=14 * MM, point_gap=7 * MM, source_label=30 * MM,
    ),
    "A5": PageLayout(
        pagesize=A5, margin_x=14 * MM, margin_top=14 * MM, margin_bottom=19 * MM,
        footer_y=12 * MM, footer_size=7, body_size=9.75, heading_size=11, small_size=8,
        section_size=15, badge=7 * MM, cover_inset=11 * MM, cover_pad=10 * MM, cover_panel=0.6,
        cover_title_size=25, cover_subtitle_size=11, theme_size=12, qr=24 * MM, qr_small=22 * MM,
        logo_width=28 * MM, logo_height=11 * MM, point_gap=5.5 * MM, source_label=26 * MM,
    ),
}
