"""The booklet's cover page: a coloured panel (label, title, subtitle), the year's theme, the logo and
organisations, the year, the hashtags and a QR code to the source."""

from __future__ import annotations

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from flashgen.documents.booklet.page import COVER_LABEL, HANDOUT, PageLayout
from flashgen.documents.booklet.paragraphs import (
    Paragraph,
    broken_paragraph,
    make_style,
    plain_paragraph,
)
from flashgen.load.content import Campaign
from flashgen.load.svgdoc import escape
from flashgen.load.theme import Logo
from flashgen.pdf.branding import fit_logo, organisations
from flashgen.pdf.kit import MM, Look, draw_logo, draw_qr, phrased
from flashgen.text.fit import largest_fitting, sizes_down
from flashgen.text.wordbreak import WordBreaker


def _fit_title(
    text: str, style: ParagraphStyle, width: float, height: float, breaker: WordBreaker, look: Look
) -> Paragraph:
    """The cover title at the largest size (down to half, in half points) that fits ``width`` × ``height`` with no
    line break against the phrase rules, else the largest that fits; at half size even if none fits."""
    ratio = style.leading / style.fontSize
    sizes = sizes_down(style.fontSize, style.fontSize / 2, 0.5)

    def at(size: float) -> Paragraph:
        sized = ParagraphStyle(f"{style.name}-{size}", parent=style, fontSize=size, leading=size * ratio)
        return broken_paragraph(text, sized, width, breaker, look)

    def fitting(size: float, phrase_aware: bool) -> Paragraph | None:
        if phrase_aware and not phrased(text, look.named(style.fontName), size, width, breaker):
            return None
        paragraph = at(size)
        return paragraph if paragraph.wrap(width, height)[1] <= height else None

    # A smaller size that breaks between phrases beats a larger one that splits "Chuyển / đổi số".
    title = largest_fitting(sizes, lambda size: fitting(size, True)) or largest_fitting(sizes, lambda size: fitting(size, False))
    return title if title is not None else at(sizes[-1])


class LogoRow(Flowable):
    """The theme's logo, fitted in its box, with the organisation's name beside it, both centred on one line."""

    def __init__(self, logo: Logo, box: tuple[float, float], name: Paragraph | None) -> None:
        super().__init__()
        self.logo, self.name = logo, name
        self.logo_width, self.logo_height = fit_logo(logo, *box)
        self.box_height = box[1]
        self.gap = 3 * MM

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.name_height = 0.0
        if self.name is not None:
            self.name_height = self.name.wrap(availWidth - self.logo_width - self.gap, availHeight)[1]
        self.width, self.height = availWidth, max(self.logo_height, self.name_height)
        return self.width, self.height

    def draw(self) -> None:
        draw_logo(self.canv, self.logo, 0, 0, self.logo_width, self.height)
        if self.name is not None:
            self.name.drawOn(self.canv, self.logo_width + self.gap, (self.height - self.name_height) / 2)


class Cover(Flowable):
    """The whole first page: coloured panel (label, title, subtitle), the year's theme, organisation and QR."""

    def __init__(self, campaign: Campaign, layout: PageLayout, look: Look, breaker: WordBreaker) -> None:
        super().__init__()
        self.campaign, self.layout, self.look, self.breaker = campaign, layout, look, breaker

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width, self.height = availWidth, availHeight
        return availWidth, availHeight

    def draw(self) -> None:
        panel_y = self.height * (1 - self.layout.cover_panel)
        self._panel(panel_y)
        self._theme(panel_y)
        self._bottom()

    def _panel(self, panel_y: float) -> None:
        canvas, pad = self.canv, self.layout.cover_pad
        canvas.saveState()
        outline = canvas.beginPath()
        outline.roundRect(0, panel_y, self.width, self.height - panel_y, 3 * MM)
        canvas.clipPath(outline, stroke=0, fill=0)
        canvas.setFillColor(self.look.colour("primary"))
        canvas.rect(0, panel_y, self.width, self.height - panel_y, stroke=0, fill=1)
        self._decoration()
        canvas.restoreState()
        pill_bottom = self._label_pill(pad, self.height - pad)
        self._title_block(panel_y + pad, pill_bottom - 10 * MM)

    def _decoration(self) -> None:
        """Concentric circles and a dot grid in the top right corner, as on the cards."""
        canvas, w, ring = self.canv, self.width, self.look.colour("ring")
        cx, cy, r = w * 0.92, self.height - w * 0.06, w * 0.26
        canvas.setFillColor(self.look.colour("primary-light"))
        canvas.circle(cx, cy, r, stroke=0, fill=1)
        canvas.setStrokeColor(ring)
        canvas.setLineWidth(0.8)
        for factor in (0.68, 1.3, 1.62):
            canvas.circle(cx, cy, r * factor, stroke=1, fill=0)
        canvas.setFillColor(ring)
        step = w * 0.034
        for row in range(3):
            for col in range(4 - row):
                canvas.circle(cx - r * 1.12 - col * step, cy - r * 0.35 - row * step, step * 0.12, stroke=0, fill=1)

    def _label_pill(self, x: float, top: float) -> float:
        """The accent-coloured "TÀI LIỆU TUYÊN TRUYỀN" pill; returns its bottom edge."""
        canvas, size, font = self.canv, max(self.layout.small_size + 0.25, HANDOUT.body), self.look.heading(700)
        text = COVER_LABEL.upper()
        height = size * 2.2
        width = stringWidth(text, font, size) + size * 2.6
        canvas.setFillColor(self.look.colour("accent"))
        canvas.roundRect(x, top - height, width, height, height / 2, stroke=0, fill=1)
        canvas.setFillColor(self.look.colour("primary"))
        canvas.setFont(font, size)
        canvas.drawString(x + size * 1.3, top - height / 2 - size * 0.36, text)
        return top - height

    def _title_block(self, bottom: float, top: float) -> None:
        """Subtitle, accent rule and title, stacked upwards from the panel's bottom padding."""
        layout, canvas, look = self.layout, self.canv, self.look
        x, width, y = layout.cover_pad, self.width - 2 * layout.cover_pad, bottom
        if self.campaign.subtitle:
            style = make_style("cover_subtitle", look.body(400), layout.cover_subtitle_size, look.colour("on-primary-muted"), 1.35)
            subtitle = broken_paragraph(self.campaign.subtitle, style, width * 0.9, self.breaker, look)
            _, h = subtitle.wrap(width * 0.9, top - y)
            subtitle.drawOn(canvas, x, y)
            y += h + 4.5 * MM
        canvas.setFillColor(look.colour("accent"))
        canvas.roundRect(x, y, 16 * MM, 1.6 * MM, 0.8 * MM, stroke=0, fill=1)
        y += 1.6 * MM + 6 * MM
        style = make_style("cover_title", look.heading(800), layout.cover_title_size, look.colour("on-primary"), 1.16)
        title = _fit_title(self.campaign.title, style, width, top - y, self.breaker, look)
        title.wrap(width, top - y)
        title.drawOn(canvas, x, y)

    def _theme(self, panel_y: float) -> None:
        """The year's theme under the panel, behind an accent bar like the cards' labels."""
        campaign, layout, look = self.campaign, self.layout, self.look
        if not campaign.theme:
            return
        x, width = layout.cover_pad, self.width - 2 * layout.cover_pad - 5 * MM
        kicker = plain_paragraph(campaign.theme_label.upper(), make_style("kicker", look.heading(700), layout.small_size,
                                                                             look.colour("link"), 1.3), self.breaker, look)
        theme_style = make_style("theme", look.heading(600), layout.theme_size, look.colour("primary"), 1.3)
        theme = broken_paragraph(campaign.theme, theme_style, width, self.breaker, look)
        _, kh = kicker.wrap(width, panel_y)
        _, th = theme.wrap(width, panel_y)
        top = panel_y - layout.cover_pad
        bottom = top - kh - 1.5 * MM - th
        kicker.drawOn(self.canv, x + 5 * MM, top - kh)
        theme.drawOn(self.canv, x + 5 * MM, bottom)
        self.canv.setFillColor(look.colour("accent"))
        self.canv.roundRect(x, bottom, 1.4 * MM, top - bottom, 0.7 * MM, stroke=0, fill=1)

    def _organisation(self) -> list[Flowable]:
        """The theme's logo beside the first organisation (the theme's, else the campaign's), then the campaign's."""
        layout, look, logo = self.layout, self.look, self.look.theme.logo
        names = organisations(self.campaign, look.theme)
        first = make_style("org", look.heading(700), layout.body_size, look.colour("primary"), 1.3)
        other = make_style("org_other", look.heading(600), layout.body_size - 0.5, look.colour("primary"), 1.3)
        lines: list[Flowable] = [plain_paragraph(name, first if index == 0 else other, self.breaker, look)
                                  for index, name in enumerate(names)]
        if logo is not None:
            row = LogoRow(logo, (layout.logo_width, layout.logo_height), lines[0] if lines else None)
            lines = [row, *lines[1:]]
        return lines

    def _bottom(self) -> None:
        """Logo, organisation, year and hashtags bottom left; the QR code and its caption bottom right."""
        campaign, layout, canvas, look = self.campaign, self.layout, self.canv, self.look
        x, right, bottom = layout.cover_pad, self.width - layout.cover_pad, layout.cover_pad * 0.5
        qr_block = 0.0
        if campaign.source.url:
            qr_block = layout.qr + 10 * MM
            caption_style = make_style("qr_caption", look.body(400), layout.small_size - 0.75, look.colour("text-muted"), 1.3,
                                   alignment=TA_CENTER)
            caption = plain_paragraph(campaign.source.qr_caption, caption_style, self.breaker, look, heading=False)
            _, ch = caption.wrap(qr_block, layout.qr)
            caption.drawOn(canvas, right - qr_block, bottom)
            draw_qr(canvas, campaign.source.url, right - qr_block / 2 - layout.qr / 2, bottom + ch + 1 * MM, layout.qr)
        lines = self._organisation()
        if campaign.year is not None:
            lines.append(plain_paragraph(f"Năm {campaign.year}", make_style("year", look.heading(500), layout.body_size,
                                                                look.colour("text-muted"), 1.3), self.breaker, look))
        if campaign.hashtags:
            tags = "\u00a0\u00a0 ".join(escape(tag) for tag in campaign.hashtags)
            lines.append(Paragraph(tags, make_style("tags", look.heading(600), layout.small_size, look.colour("link"), 1.3)))
        width, y = right - x - qr_block - 6 * MM, bottom + 0.8 * MM
        for paragraph in reversed(lines):
            _, h = paragraph.wrap(width, self.height)
            paragraph.drawOn(canvas, x, y)
            y += h + 1.5 * MM
        if lines:
            canvas.setFillColor(look.colour("accent"))
            canvas.roundRect(x, y + 1.5 * MM, 10 * MM, 1.2 * MM, 0.6 * MM, stroke=0, fill=1)
