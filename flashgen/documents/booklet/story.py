"""The booklet's story: the flowables of the cover, the items (each in its kind's layout), the messages, the
source and the theme's footer line, in reading order."""

from __future__ import annotations

from itertools import groupby

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Spacer,
    Table,
)

from flashgen.documents.booklet.cover import Cover
from flashgen.documents.booklet.figures import (
    VALUE_SCALE,
    FigureGrid,
    FigureLook,
    FigureParts,
)
from flashgen.documents.booklet.flowables import (
    AccentRule,
    Arrow,
    AtFoot,
    Badge,
    EndMark,
    Indented,
    QrBlock,
    Rows,
)
from flashgen.documents.booklet.page import (
    LETTER_LABEL,
    MESSAGES_LEAST,
    MESSAGES_TITLE,
    QUOTES_LABEL,
    SOURCE_TITLE,
    SUMMARY_LABEL,
    SUMMARY_NOTE,
    URL_LABEL,
    PageLayout,
)
from flashgen.documents.booklet.paragraphs import (
    Paragraph,
    Styles,
    UrlLines,
    broken_paragraph,
    make_style,
    make_table,
    plain_paragraph,
    text_paragraph,
)
from flashgen.documents.booklet.points import Point, PointParts
from flashgen.load.content import Campaign, Item, Source
from flashgen.load.svgdoc import escape
from flashgen.pdf.kit import MM, Look
from flashgen.text.wordbreak import WordBreaker


def source_rows(source: Source) -> list[tuple[str, str]]:
    """(label, text) of the source's fields the content gives, labelled in the source kind's words
    ("Kế hoạch", "Người ký"), never another campaign's ("Bài phát biểu")."""
    rows = ((source.kind_name, source.title), (source.signer_label, source.speaker), (LETTER_LABEL, source.letter))
    return [(label, text) for label, text in rows if text]


class Book:
    """Builds the flowables of one booklet size: styles, widths and fonts at hand.

    ``shown`` is the kind whose layout shows each item (its own, or the one
    flashgen.yaml chose for the booklet).
    """

    def __init__(self, campaign: Campaign, layout: PageLayout, look: Look, shown: tuple[str, ...]) -> None:
        self.campaign, self.layout, self.look, self.shown = campaign, layout, look, shown
        self.styles = Styles.make(layout, look)
        self.width = layout.frame_width
        self.indent = layout.badge + 3.5 * MM  # text column of a point, right of its badge
        self.breaker = WordBreaker.for_glossary(campaign.glossary)
        self.frame_height = layout.frame_height
        self.end = EndMark()  # where the text ends: the fill search reads it after a pass

    def story(self) -> list[Flowable]:
        return [
            Cover(self.campaign, self.layout, self.look, self.breaker),
            NextPageTemplate("body"),
            PageBreak(),
            *self.points(),
            *self.messages(),
            *self.source(),
            self.end,
            *self.footer_line(),
        ]

    def text(self, text: str, style: ParagraphStyle) -> Paragraph:
        """Running text, its lines broken as Vietnamese for the width it gets (no lone last syllable)."""
        return text_paragraph(text, style, self.breaker, self.look)

    def section(self, title: str, first: bool = False) -> list[Flowable]:
        """A section title with the accent rule, never alone at the bottom of a page."""
        flowables: list[Flowable] = [] if first else [CondPageBreak(self.layout.pagesize[1] * 0.22)]
        heading = broken_paragraph(title, self.styles.section, self.width, self.breaker, self.look)
        heading.spaceBefore = 0 if first else self.layout.point_gap * 1.6
        flowables += [heading, Spacer(1, 2.5 * MM), AccentRule(14 * MM, 1.5 * MM, 4 * MM, self.look.colour("accent"))]
        return flowables

    # The points --------------------------------------------------------------

    def points(self) -> list[Flowable]:
        """The title, then the items in order, each run of one kind in that kind's layout."""
        campaign, styles = self.campaign, self.styles
        flowables = self.section(campaign.title, first=True)
        if campaign.subtitle:
            flowables.append(self.text(campaign.subtitle, styles.intro))
            flowables.append(Spacer(1, 2 * MM))
        if any(kind == "contrast" and (item.from_text or item.to_text) for kind, item in zip(self.shown, campaign.items)):
            flowables.append(self.text(SUMMARY_NOTE.format(item=campaign.item_label.lower()), styles.note))
        for kind, run in groupby(zip(self.shown, campaign.items), key=lambda pair: pair[0]):
            items = [item for _, item in run]
            flowables += self.figures(items) if kind == "figure" else [self.point(item, kind) for item in items]
        return flowables

    def point(self, item: Item, kind: str) -> Point:
        """A contrast (heading, text, summary box) or a statement (heading and text only: no empty box)."""
        body = Indented(self.text(item.text, self.styles.body), self.indent) if item.text else None
        summary = self.summary_box(item, SUMMARY_LABEL) if kind == "contrast" else None
        parts = PointParts(
            head=self.point_heading(item),
            body=body,
            summary=Indented(summary, self.indent, splittable=False) if summary is not None else None,
        )
        return Point(parts, 2.2 * MM, self.layout.point_gap, self.styles.body.leading)

    def point_heading(self, item: Item) -> Table:
        """Badge and heading side by side; the heading is the official text, printed as it is."""
        badge = Badge(item.number, self.layout.badge, self.look.heading(800), self.look.colour("primary"),
                       self.look.colour("accent"))
        return self.badged(badge, item.heading, self.styles.heading, [])

    def badged(self, badge: Badge, text: str | Paragraph, style: ParagraphStyle, commands: list[tuple],
               heading: bool = True) -> Table:
        """``badge`` left of ``text`` (broken as Vietnamese, or a paragraph made already), the disc centred on
        the text's first line."""
        # reportlab puts the first baseline one font size below the top; the
        # middle of a line of lower case with accents sits about a third of
        # the size above it.
        offset = badge.size / 2 - style.fontSize * 0.66
        text_column = self.width - self.indent
        if isinstance(text, str):
            text = broken_paragraph(text, style, text_column, self.breaker, self.look, heading)
        return make_table(
            [[badge, text]],
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
        label = plain_paragraph(title.upper(), styles.summary_label, self.breaker, self.look)
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
        return head, self.text(text, styles.summary_text)

    # Figures -----------------------------------------------------------------

    def figures(self, items: list[Item]) -> list[Flowable]:
        """A run of figures: a grid of boxes, then the official texts of those that have one, numbered alike."""
        layout, look, styles = self.layout, self.look, self.styles
        figure_look = FigureLook(
            value_font=look.heading(800), affix_font=look.heading(600), ink=look.colour("primary"),
            fill=look.colour("surface"), accent=look.colour("accent"),
            value_size=layout.heading_size * VALUE_SCALE, pad=layout.badge * 0.45,
        )
        column = (self.width - layout.badge * 0.45) / 2 - 2 * figure_look.pad
        figures = [
            FigureParts(
                badge=self.small_badge(item.number),
                qualifier=item.qualifier, value=item.value, unit=item.unit,
                label=broken_paragraph(item.label, styles.figure_label, column, self.breaker, look),
                note=self.text(item.note, styles.figure_note) if item.note else None,
            )
            for item in items
        ]
        flowables: list[Flowable] = [FigureGrid(figures, figure_look, layout.badge * 0.45, layout.point_gap)]
        rows = []
        for item in (item for item in items if item.text):
            row = self.badged(self.small_badge(item.number), self.text(item.text, styles.body), styles.body, [])
            row.spaceBefore = 2.4 * MM
            rows.append(row)
        if rows:
            # "TRÍCH BÁO CÁO": the texts are the source's own words. Never alone at a page bottom.
            label = plain_paragraph(QUOTES_LABEL.format(name=self.campaign.source.kind_name).upper(), styles.kicker,
                                    self.breaker, self.look)
            label.spaceBefore = layout.point_gap
            flowables.append(KeepTogether([label, rows[0]]))
            flowables += rows[1:]
        return flowables

    def small_badge(self, number: int) -> Badge:
        size = self.layout.badge * 0.78
        return Badge(number, size, self.look.heading(800), self.look.colour("primary"), self.look.colour("accent"))

    # Messages and source -----------------------------------------------------

    def messages(self) -> list[Flowable]:
        if not self.campaign.messages:
            return []
        size = self.layout.badge * 0.78
        rows = []
        for number, message in enumerate(self.campaign.messages, start=1):
            badge = Badge(number, size, self.look.heading(800), self.look.colour("accent"), self.look.colour("primary"))
            rule = [("LINEBELOW", (0, 0), (-1, -1), 0.5, self.look.colour("rule"))] if number < len(self.campaign.messages) else []
            spacing = [("BOTTOMPADDING", (0, 0), (-1, -1), 2.6 * MM)]
            row = self.badged(badge, message, self.styles.message, [*spacing, *rule], heading=False)
            row.spaceBefore = 2.4 * MM
            rows.append(row)
        # Never fewer than MESSAGES_LEAST rows on a page (none left alone at the top of a page), nor under the title.
        condition, *title = self.section(MESSAGES_TITLE)
        return [condition, Rows(rows, MESSAGES_LEAST, tuple(title))]

    def source(self) -> list[Flowable]:
        source, styles = self.campaign.source, self.styles
        rows = [(label, self.text(text, styles.source_value)) for label, text in source_rows(source)]
        qr_column = self.layout.qr_small + 12 * MM if source.url else 0.0
        label_column = self.layout.source_label
        value_column = self.width - label_column - qr_column - (6 * MM if qr_column else 0)
        if source.url:
            rows.append((URL_LABEL, UrlLines(source.url, styles.source_value, self.look.colour("link"))))
        if not rows:
            return []
        table = make_table(
            [[plain_paragraph(label, styles.source_label, self.breaker, self.look), value] for label, value in rows],
            [label_column, value_column],
            self.look.body(400),
            [("BOTTOMPADDING", (0, 0), (-1, -1), 2.2 * MM), ("TOPPADDING", (0, 1), (-1, -1), 2.2 * MM),
             ("RIGHTPADDING", (0, 0), (0, -1), 3 * MM), ("LINEBELOW", (0, 0), (-1, -2), 0.5, self.look.colour("rule"))],
        )
        body: Flowable = table
        if source.url:
            caption = self.text(source.qr_caption, styles.caption)
            qr = QrBlock(source.url, self.layout.qr_small, caption, qr_column)
            body = make_table([[table, "", qr]], [label_column + value_column, 6 * MM, qr_column], self.look.body(400), [])
        condition, *title = self.section(SOURCE_TITLE)
        return [condition, KeepTogether([*title, body])]  # the title never alone at a page foot

    def footer_line(self) -> list[Flowable]:
        """The theme's footer line (contacts, fanpage …), small and centred at the foot of the last page."""
        footer = self.look.theme.footer
        if not footer:
            return []
        style = make_style("theme_footer", self.look.body(400), self.layout.small_size - 0.5, self.look.colour("text-muted"),
                       1.3, alignment=TA_CENTER)
        return [AtFoot(broken_paragraph(footer, style, self.width, self.breaker, self.look, heading=False), 6 * MM)]
