"""The booklet's story: the flowables of the cover, the points, the messages, the source and the theme's
footer line, in reading order."""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
)

from flashgen.documents.booklet.cover import Cover
from flashgen.documents.booklet.flowables import (
    AccentRule,
    Arrow,
    AtFoot,
    Badge,
    Indented,
    KeepShort,
    QrBlock,
)
from flashgen.documents.booklet.page import (
    MESSAGES_TITLE,
    SOURCE_ROWS,
    SOURCE_TITLE,
    SUMMARY_LABEL,
    SUMMARY_NOTE,
    URL_LABEL,
    PageLayout,
)
from flashgen.documents.booklet.paragraphs import (
    Styles,
    broken_paragraph,
    make_style,
    make_table,
    plain_paragraph,
    url_paragraph,
)
from flashgen.documents.booklet.points import Point, PointParts
from flashgen.load.content import Campaign, Item
from flashgen.pdf.kit import MM, Look
from flashgen.text.wordbreak import WordBreaker


class Book:
    """Builds the flowables of one booklet size: styles, widths and fonts at hand."""

    def __init__(self, campaign: Campaign, layout: PageLayout, look: Look) -> None:
        self.campaign, self.layout, self.look = campaign, layout, look
        self.styles = Styles.make(layout, look)
        self.width = layout.frame_width
        self.indent = layout.badge + 3.5 * MM  # text column of a point, right of its badge
        self.breaker = WordBreaker.for_glossary(campaign.glossary)
        self.frame_height = layout.pagesize[1] - layout.margin_top - layout.margin_bottom

    def story(self) -> list[Flowable]:
        return [
            Cover(self.campaign, self.layout, self.look, self.breaker),
            NextPageTemplate("body"),
            PageBreak(),
            *self.points(),
            *self.messages(),
            *self.source(),
            *self.footer_line(),
        ]

    def section(self, title: str, first: bool = False) -> list[Flowable]:
        """A section title with the accent rule, never alone at the bottom of a page."""
        flowables: list[Flowable] = [] if first else [CondPageBreak(self.layout.pagesize[1] * 0.22)]
        heading = broken_paragraph(title, self.styles.section, self.width, self.breaker, self.look)
        heading.spaceBefore = 0 if first else self.layout.point_gap * 1.6
        flowables += [heading, Spacer(1, 2.5 * MM), AccentRule(14 * MM, 1.5 * MM, 4 * MM, self.look.colour("accent"))]
        return flowables

    # The points --------------------------------------------------------------

    def points(self) -> list[Flowable]:
        campaign, styles = self.campaign, self.styles
        flowables = self.section(campaign.title, first=True)
        if campaign.subtitle:
            flowables.append(plain_paragraph(campaign.subtitle, styles.intro))
            flowables.append(Spacer(1, 2 * MM))
        if any(item.from_text or item.to_text for item in campaign.items):
            flowables.append(plain_paragraph(SUMMARY_NOTE, styles.note))
        flowables += [self.point(item) for item in campaign.items]
        return flowables

    def point(self, item: Item) -> Point:
        body = Indented(plain_paragraph(item.text, self.styles.body), self.indent) if item.text else None
        summary = self.summary_box(item, SUMMARY_LABEL)
        detached = self.summary_box(item, f"{SUMMARY_LABEL} · Điểm {item.number}")
        parts = PointParts(
            head=self.point_heading(item),
            body=body,
            summary=Indented(summary, self.indent, splittable=False) if summary is not None else None,
            detached=Indented(detached, self.indent, splittable=False) if detached is not None else None,
        )
        return Point(parts, 2.2 * MM, self.layout.point_gap, self.styles.body.leading)

    def point_heading(self, item: Item) -> Table:
        """Badge and heading side by side; the heading is the official text, printed as it is."""
        badge = Badge(item.number, self.layout.badge, self.look.heading(800), self.look.colour("primary"),
                       self.look.colour("accent"))
        return self.badged(badge, item.heading, self.styles.heading, [])

    def badged(self, badge: Badge, text: str, style: ParagraphStyle, commands: list[tuple], heading: bool = True) -> Table:
        """``badge`` left of ``text``, the disc centred on the text's first line."""
        # reportlab puts the first baseline one font size below the top; the
        # middle of a line of lower case with accents sits about a third of
        # the size above it.
        offset = badge.size / 2 - style.fontSize * 0.66
        text_column = self.width - self.indent
        return make_table(
            [[badge, broken_paragraph(text, style, text_column, self.breaker, self.look, heading)]],
            [self.indent, text_column],
            self.look.body(400),
            [
                *commands,
                ("TOPPADDING", (1, 0), (1, 0), max(offset, 0.0)),
                ("TOPPADDING", (0, 0), (0, 0), max(-offset, 0.0)),
            ],
        )

    def summary_box(self, item: Item, title: str) -> Table | None:
        """The from/to summary in a light box labelled "TÓM TẮT": smaller and greyer than the official text."""
        compare, styles = self.campaign.compare, self.styles
        sides = [
            (compare.from_label, compare.from_name, item.from_text),
            (compare.to_label, compare.to_name, item.to_text),
        ]
        cells = [self.summary_side(label, name, text) for label, name, text in sides if text]
        if not cells:
            return None
        width, pad = self.width - self.indent, 3.2 * MM
        label = plain_paragraph(title.upper(), styles.summary_label)
        if len(cells) == 2:
            arrow = 8 * MM
            column = (width - arrow) / 2
            data = [
                [label, "", ""],
                [cells[0][0], Arrow(arrow, styles.summary_side.leading, self.look.colour("accent")), cells[1][0]],
                [cells[0][1], "", cells[1][1]],
            ]
            widths = [column, arrow, column]
            layout_commands = [
                ("SPAN", (0, 0), (-1, 0)),
                ("LEFTPADDING", (1, 1), (1, 2), 0),
                ("RIGHTPADDING", (1, 1), (1, 2), 0),
            ]
        else:
            data, widths, layout_commands = [[label], [cells[0][0]], [cells[0][1]]], [width], []
        return make_table(
            data,
            widths,
            self.look.body(400),
            [
                ("BACKGROUND", (0, 0), (-1, -1), self.look.colour("surface")),
                ("LEFTPADDING", (0, 0), (-1, -1), pad),
                ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                *layout_commands,
                ("TOPPADDING", (0, 0), (-1, 0), pad * 0.8),
                ("BOTTOMPADDING", (0, 0), (-1, 0), 1.4 * MM),
                ("BOTTOMPADDING", (0, 1), (-1, 1), 0.6 * MM),
                ("BOTTOMPADDING", (0, -1), (-1, -1), pad),
            ],
            cornerRadii=[2 * MM] * 4,
        )

    def summary_side(self, label: str, name: str, text: str) -> tuple[Flowable, Flowable]:
        """One side of the summary: "CNTT · Công nghệ thông tin" above its summary text."""
        styles = self.styles
        title = f"<b>{escape(label)}</b>" if label else ""
        if name and name != label:
            joiner = " · " if title else ""
            title += f'<font name="{self.look.heading(500)}" color="{self.look.hex("text-muted")}">{joiner}{escape(name)}</font>'
        head: Flowable = Paragraph(title, styles.summary_side) if title else Spacer(1, 0)
        return head, plain_paragraph(text, styles.summary_text)

    # Messages and source -----------------------------------------------------

    def messages(self) -> list[Flowable]:
        if not self.campaign.messages:
            return []
        flowables = self.section(MESSAGES_TITLE)
        size = self.layout.badge * 0.78
        for number, message in enumerate(self.campaign.messages, start=1):
            badge = Badge(number, size, self.look.heading(800), self.look.colour("accent"), self.look.colour("primary"))
            rule = [("LINEBELOW", (0, 0), (-1, -1), 0.5, self.look.colour("rule"))] if number < len(self.campaign.messages) else []
            spacing = [("BOTTOMPADDING", (0, 0), (-1, -1), 2.6 * MM)]
            row = self.badged(badge, message, self.styles.message, [*spacing, *rule], heading=False)
            row.spaceBefore = 2.4 * MM
            flowables.append(row)
        # A short list reads as one block: start it on a new page rather than leave two rows behind.
        return [KeepShort(flowables, self.frame_height * 0.5)]

    def source(self) -> list[Flowable]:
        source, styles = self.campaign.source, self.styles
        rows = [
            (label, plain_paragraph(getattr(source, name), styles.source_value)) for name, label in SOURCE_ROWS if getattr(source, name)
        ]
        qr_column = self.layout.qr_small + 12 * MM if source.url else 0.0
        label_column = self.layout.source_label
        value_column = self.width - label_column - qr_column - (6 * MM if qr_column else 0)
        if source.url:
            rows.append((URL_LABEL, url_paragraph(source.url, styles.source_value, value_column, self.look.hex("link"))))
        if not rows:
            return []
        table = make_table(
            [[plain_paragraph(label, styles.source_label), value] for label, value in rows],
            [label_column, value_column],
            self.look.body(400),
            [("BOTTOMPADDING", (0, 0), (-1, -1), 2.2 * MM), ("TOPPADDING", (0, 1), (-1, -1), 2.2 * MM),
             ("RIGHTPADDING", (0, 0), (0, -1), 3 * MM), ("LINEBELOW", (0, 0), (-1, -2), 0.5, self.look.colour("rule"))],
        )
        body: Flowable = table
        if source.url:
            caption = plain_paragraph(source.qr_caption, styles.caption)
            qr = QrBlock(source.url, self.layout.qr_small, caption, qr_column)
            body = make_table([[table, "", qr]], [label_column + value_column, 6 * MM, qr_column], self.look.body(400), [])
        return [*self.section(SOURCE_TITLE), body]

    def footer_line(self) -> list[Flowable]:
        """The theme's footer line (contacts, fanpage …), small and centred at the foot of the last page."""
        footer = self.look.theme.footer
        if not footer:
            return []
        style = make_style("theme_footer", self.look.body(400), self.layout.small_size - 0.5, self.look.colour("text-muted"),
                       1.3, alignment=TA_CENTER)
        return [AtFoot(broken_paragraph(footer, style, self.width, self.breaker, self.look, heading=False), 6 * MM)]
