"""The words that go with social images: a laid-out card in, its caption and alt text out.

A caption for every image, in Vietnamese in the campaign's own words (its
item label, theme label and source; a web address only as "Xem thêm", since
it may be a home page) with the campaign's hashtags, alt text made of exactly
the words shown in it, ``captions.txt`` and
``captions.csv`` per platform, and the platform's zip.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass

from lxml import etree

from flashgen.compose.card import CardDocument
from flashgen.load.content import Campaign, Item
from flashgen.load.presets import Platform
from flashgen.load.svgdoc import SVG_NS

COMPRESSED_ALREADY = (".png", ".jpg", ".jpeg")
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
SENTENCE_ENDS = (".", "!", "?", "…", ":", ";")  # zip's earliest date: the archive does not change between builds


@dataclass(frozen=True)
class Post:
    """One image of a platform folder and the words that go with it (a message post: one image)."""

    stem: str  # file name without extension, in posting order: "album-03-point-02"
    series: str
    document: CardDocument
    caption: str
    alt_text: str


def _hashtags(campaign: Campaign) -> str:
    return " ".join(campaign.hashtags)


def _caption(campaign: Campaign, kind: str, values: dict[str, str]) -> str:
    """The words of one post, in the campaign's own words (its item label, theme label, source)."""
    if kind == "cover":
        lines = [campaign.title, campaign.subtitle, "", campaign.source.credit, _link(campaign)]
    elif kind == "point":
        lines = _item_lines(campaign, _item(campaign, values))
    elif kind == "closing":
        source = campaign.source
        reference = ". ".join(filter(None, [source.title, source.speaker, source.letter]))
        lines = [f"Nguồn: {reference.rstrip('.')}." if reference else source.credit, _link(campaign)]
    elif values["message_number"]:
        lines = [f"Thông điệp {values['message_number']}/{values['message_count']}: {values['message']}", "", campaign.organisation]
    else:
        lines = [f"{campaign.theme_label}: {values['message']}", "", campaign.organisation]
    lines += ["", _hashtags(campaign)]
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip()


def _link(campaign: Campaign) -> str:
    """The source's web address, if any. "Xem thêm" (see more): flashgen cannot know whether it is the
    document itself or a home page, so it does not promise the full text."""
    return f"Xem thêm: {campaign.source.url}" if campaign.source.url else ""


def _item(campaign: Campaign, values: dict[str, str]) -> Item:
    number = int(values["number"])
    return next(item for item in campaign.items if item.number == number)


def _item_lines(campaign: Campaign, item: Item) -> list[str]:
    """An item's post: "Nhiệm vụ 3/8: <heading>" (a figure read as a phrase), then what its kind adds."""
    lines = [f"{campaign.counter(item)}: {item.title}", ""]
    if item.kind == "statement" and item.text.startswith(item.heading.rstrip(".;: ")):
        # The heading is the text's first words (a long sentence shortened for the card): say it once.
        lines = [f"{campaign.counter(item)}: {item.text}"]
    elif item.kind == "contrast":
        compare = campaign.compare
        lines += [
            _labelled(compare.from_label or compare.from_name, item.from_text),
            _labelled(compare.to_label or compare.to_name, item.to_text),
        ]
    elif item.kind == "figure":
        lines += [item.note, item.text]
    else:
        lines.append(item.text)
    return [*lines, "", campaign.source.credit]


def _labelled(label: str, text: str) -> str:
    return f"{label}: {text}" if label else text


def alt_text(document: CardDocument) -> str:
    """Every text the image shows, in drawing order, one sentence-like piece each (a piece that ends a
    sentence itself gets no second full stop: "…Ban Dân tộc tỉnh. 4 NHIỆM VỤ", not "tỉnh.. 4")."""
    root = etree.fromstring(document.svg)
    pieces = []
    for element in root.iter(f"{{{SVG_NS}}}text"):
        words = " ".join(chunk.strip() for chunk in element.itertext() if chunk.strip())
        if words:
            pieces.append(words if words.endswith(SENTENCE_ENDS) else f"{words}.")
    return " ".join(pieces)


def make_post(campaign: Campaign, document: CardDocument) -> Post:
    """The post of a laid-out social image (its slug is the file stem, its side the kind of image)."""
    kind = document.card.side or ""
    series = "messages" if kind == "message" else "album"
    return Post(document.card.slug, series, document, _caption(campaign, kind, document.card.values), alt_text(document))


def captions_text(campaign: Campaign, platform: Platform, posts: list[Post], extension: str) -> str:
    """captions.txt: what to post, post by post, with every image's caption and alt text."""
    out = [f"{campaign.title}", f"Nền tảng: {platform.label} — {platform.pixels[0]} × {platform.pixels[1]} px", ""]
    album = [post for post in posts if post.series == "album"]
    messages = [post for post in posts if post.series == "messages"]
    if album:
        out += [
            f"BÀI ĐĂNG: ALBUM {len(album)} ẢNH (đăng theo thứ tự tên tệp)",
            "Nội dung bài đăng:", album[0].caption, "",
        ]
        out += _image_blocks(album, extension)
    for post in messages:
        out += [f"BÀI ĐĂNG: {post.document.card.values['message_label']}", "Nội dung bài đăng:", post.caption, ""]
        out += _image_blocks([post], extension)
    return "\n".join(out).rstrip() + "\n"


def _image_blocks(posts: list[Post], extension: str) -> list[str]:
    lines = []
    for post in posts:
        lines += [f"  Ảnh {post.stem}.{extension}", f"  Chú thích: {post.caption.replace(chr(10), ' / ')}",
                  f"  Mô tả ảnh (alt text): {post.alt_text}", ""]
    return lines


def captions_csv(posts: list[Post], extension: str) -> bytes:
    """captions.csv for spreadsheets and schedulers (UTF-8 with BOM so Excel shows Vietnamese)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["file", "series", "caption", "alt_text"])
    for post in posts:
        writer.writerow([f"{post.stem}.{extension}", post.series, post.caption, post.alt_text])
    return buffer.getvalue().encode("utf-8-sig")


def zip_folder(folder: str, files: list[tuple[str, bytes]]) -> bytes:
    """A zip of ``files`` under ``folder/``, identical for identical files.

    Images are stored as they are: PNG and JPEG are compressed already, and
    deflating them again took the build longer than drawing them (0.17 s a
    platform) to make the zip 7 % smaller. The captions are deflated.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in sorted(files):
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_STORED if name.endswith(COMPRESSED_ALREADY) else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()
