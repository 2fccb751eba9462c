"""The booklet's page sizes: every size that differs between A4 and A5, and the labels it prints."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.pagesizes import A4, A5

from flashgen.pdf.kit import MM

COVER_LABEL = "Tài liệu tuyên truyền"
SUMMARY_LABEL = "Tóm tắt"
SUMMARY_NOTE = (
    "Tiêu đề in đậm và đoạn văn của mỗi điểm là nội dung gốc; khung “Tóm tắt” chỉ giúp đọc nhanh, "
    "không thay thế nội dung gốc."
)
MESSAGES_TITLE = "Thông điệp truyền thông"
SOURCE_TITLE = "Nguồn"
SOURCE_ROWS = (("title", "Bài phát biểu"), ("speaker", "Người phát biểu"), ("letter", "Văn bản"))
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
    justify: bool  # A5's narrow column, justified without hyphenation, would show gaps between words
    source_label: float  # width of the label column in the source section

    @property
    def frame_width(self) -> float:
        return self.pagesize[0] - 2 * self.margin_x


LAYOUTS = {
    "A4": PageLayout(
        pagesize=A4, margin_x=20 * MM, margin_top=18 * MM, margin_bottom=22 * MM,
        footer_y=13 * MM, footer_size=8, body_size=10.75, heading_size=12.5, small_size=8.75,
        section_size=19, badge=8.5 * MM, cover_inset=12 * MM, cover_pad=14 * MM, cover_panel=0.6,
        cover_title_size=34, cover_subtitle_size=13.5, theme_size=15, qr=30 * MM, qr_small=25 * MM,
        logo_width=36 * MM, logo_height=14 * MM, point_gap=7 * MM, justify=True, source_label=30 * MM,
    ),
    "A5": PageLayout(
        pagesize=A5, margin_x=14 * MM, margin_top=14 * MM, margin_bottom=19 * MM,
        footer_y=12 * MM, footer_size=7, body_size=9.75, heading_size=11, small_size=8,
        section_size=15, badge=7 * MM, cover_inset=11 * MM, cover_pad=10 * MM, cover_panel=0.6,
        cover_title_size=25, cover_subtitle_size=11, theme_size=12, qr=24 * MM, qr_small=22 * MM,
        logo_width=28 * MM, logo_height=11 * MM, point_gap=5.5 * MM, justify=False, source_label=26 * MM,
    ),
}
