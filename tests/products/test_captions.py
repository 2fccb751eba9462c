"""Captions and alt text in the campaign's own words: its item label, theme label and source.

The social designs of statements and figures are drawn elsewhere: these tests
lay out every post of a campaign on one stand-in template that shows the
fields those designs show (each line disappears when its field is empty).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from flashgen.compose.card import compose_card
from flashgen.load.content import Campaign, load_campaign
from flashgen.load.presets import load_presets
from flashgen.load.resources import CONTENT_DIR
from flashgen.load.template import load_template
from flashgen.merge.social import album_cards, message_cards
from flashgen.products.captions import Post, captions_csv, captions_text, make_post
from flashgen.text.wordbreak import WordBreaker
from tests.conftest import DATA

PRESETS = load_presets()
PLAN = CONTENT_DIR / "ke-hoach-truyen-thong-2023.yaml"  # statements, item label "Nội dung", no URL
STATEMENTS = DATA / "kinds" / "statements.yaml"  # item label "Nhiệm vụ", no URL
FIGURES = DATA / "kinds" / "figures.yaml"  # a URL to a home page
SHOWN = (
    "item_label_caps", "number", "count", "heading", "figure", "label", "note", "text", "from", "to",
    "campaign.subtitle", "campaign.series", "source.kind_name", "source.credit",
    "message_label", "message",
)
# Words of the 17-point campaign (a speech contrasting CNTT with CĐS) and of links that are not the document.
FOREIGN = ("Điểm", "ĐIỂM", "phát biểu", "CNTT", "Toàn văn:")


def stand_in(folder: Path) -> Path:
    """One SVG showing the campaign's title, then every field of SHOWN on its own line (gone when empty)."""
    lines = "\n".join(
        f'  <text data-optional="true" x="60" y="{80 + 70 * index}" font-family="Be Vietnam Pro" font-size="30">'
        f"{{{{{field}}}}}</text>"
        for index, field in enumerate(SHOWN)
    )
    path = folder / "social-stand-in-portrait.svg"
    path.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="1080" height="1350" viewBox="0 0 1080 1350">\n'
        '  <rect width="1080" height="1350" fill="#0B2A5B"/>\n'
        '  <text x="60" y="40" font-family="Be Vietnam Pro" font-size="24">{{campaign.title}}</text>\n'
        f"{lines}\n</svg>\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def template_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return stand_in(tmp_path_factory.mktemp("social"))


def posts_of(campaign: Campaign, template_path: Path, fonts) -> list[Post]:
    """Every post of the campaign's album and messages, laid out on the stand-in."""
    shape = PRESETS.shapes["portrait"]
    template = load_template(template_path, shape, fonts, campaign.field_names())
    designs = {d: template for d in ("cover", "cover-figure", "point", "statement", "figure", "closing", "closing-nolink")}
    cards = album_cards(campaign, designs, shape) + message_cards(campaign, {"message": template}, shape)
    breaker = WordBreaker.for_glossary(campaign.glossary)
    return [make_post(campaign, compose_card(card, breaker)) for card in cards]


def everything(campaign: Campaign, posts: list[Post]) -> str:
    """captions.txt and captions.csv of a platform, as one text."""
    platform = PRESETS.platform("facebook-portrait")
    return captions_text(campaign, platform, posts, "png") + captions_csv(posts, "png").decode("utf-8-sig")


@pytest.mark.parametrize("content", [PLAN, STATEMENTS, FIGURES], ids=["plan", "statements", "figures"])
def test_no_word_of_another_campaign(content, template_path, fonts):
    campaign = load_campaign(content)
    posts = posts_of(campaign, template_path, fonts)
    written = everything(campaign, posts)
    for word in FOREIGN:
        assert word not in written, word
        for post in posts:
            assert word not in post.alt_text, (word, post.stem)
    if not campaign.source.url:  # no link line on the cover or the closing (item texts may quote addresses)
        for post in posts:
            if post.document.card.side in ("cover", "closing"):
                assert "Xem thêm:" not in post.caption and "http" not in post.caption


@pytest.mark.parametrize("content", [PLAN, STATEMENTS, FIGURES], ids=["plan", "statements", "figures"])
def test_item_posts_count_in_the_campaign_s_word(content, template_path, fonts):
    campaign = load_campaign(content)
    items = [p for p in posts_of(campaign, template_path, fonts) if p.document.card.side == "point"]
    assert len(items) == len(campaign.items)
    for post, item in zip(items, campaign.items):
        title = item.title.rstrip(".;: ")
        assert post.caption.startswith(f"{campaign.item_label} {item.number}/{len(campaign.items)}: {title}")


def test_statement_posts_carry_their_official_text(template_path, fonts):
    campaign = load_campaign(STATEMENTS)
    items = [p for p in posts_of(campaign, template_path, fonts) if p.document.card.side == "point"]
    assert items[0].caption.split("\n")[0] == f"Nhiệm vụ 1/4: {campaign.items[0].heading}"
    assert campaign.items[1].text in items[1].caption
    assert campaign.source.credit in items[0].caption


def test_a_heading_that_begins_its_text_is_said_once(template_path, fonts):
    """The plan's headings are the first words of its long bullets: the post gives the whole bullet, once."""
    campaign = load_campaign(PLAN)
    item = campaign.items[1]
    assert item.text.startswith(item.heading) and item.text != item.heading
    post = [p for p in posts_of(campaign, template_path, fonts) if p.document.card.side == "point"][1]
    assert post.caption.split("\n")[0] == f"Nội dung 2/9: {item.text}"
    assert post.caption.count(item.heading) == 1


def test_figure_posts_read_the_figure_as_a_phrase(template_path, fonts):
    campaign = load_campaign(FIGURES)
    posts = posts_of(campaign, template_path, fonts)
    items = [p for p in posts if p.document.card.side == "point"]
    assert items[1].caption.split("\n")[0] == "Con số 2/6: hơn 7.534 thành viên tham gia Tổ Công nghệ số cộng đồng"
    assert "đạt 100% các cấp trên địa bàn tỉnh" in items[0].caption and campaign.items[0].text in items[0].caption
    assert "với 1.690 thành viên" in items[2].caption
    rows = list(csv.DictReader(io.StringIO(captions_csv(posts, "png").decode("utf-8-sig"))))
    assert any("hơn 7.534" in row["caption"] for row in rows)
    assert any("hơn 7.534" in row["alt_text"] for row in rows)


def test_a_link_is_offered_honestly(template_path, fonts):
    """A home page is not "the full text": the cover and the closing say "Xem thêm" (see more)."""
    campaign = load_campaign(FIGURES)
    posts = {p.document.card.side: p for p in posts_of(campaign, template_path, fonts)}
    for side in ("cover", "closing"):
        assert f"Xem thêm: {campaign.source.url}" in posts[side].caption
    assert f"{campaign.source.credit}\nXem thêm: {campaign.source.url}" in posts["cover"].caption
    assert posts["closing"].caption.startswith(f"Nguồn: {campaign.source.title}.")


def test_plan_without_link(template_path, fonts):
    campaign = load_campaign(PLAN)
    posts = {p.document.card.side: p for p in posts_of(campaign, template_path, fonts) if p.document.card.side != "message"}
    assert campaign.source.credit in posts["cover"].caption
    assert posts["closing"].caption.startswith(f"Nguồn: {campaign.source.title}. {campaign.source.letter}.")


def test_theme_post_uses_the_campaign_s_theme_label(template_path, fonts):
    campaign = load_campaign(PLAN)
    assert campaign.theme_label == "Thông điệp năm 2023"
    theme = next(p for p in posts_of(campaign, template_path, fonts) if p.stem == "message-00-theme")
    assert theme.caption.startswith(f"Thông điệp năm 2023: {campaign.theme}")
    assert "Chủ đề" not in theme.caption
    written = everything(campaign, posts_of(campaign, template_path, fonts))
    assert "BÀI ĐĂNG: THÔNG ĐIỆP NĂM 2023" in written


def test_message_posts_are_numbered(template_path, fonts):
    campaign = load_campaign(STATEMENTS)
    messages = [p for p in posts_of(campaign, template_path, fonts) if p.stem.startswith("message-0") and p.stem != "message-00-theme"]
    assert [p.caption.split(":")[0] for p in messages] == ["Thông điệp 1/2", "Thông điệp 2/2"]
    assert next(p for p in posts_of(campaign, template_path, fonts) if p.stem == "message-00-theme").caption.startswith(
        "Chủ đề năm 2023: "
    )  # no theme_label in the content: the default, with the year


def test_alt_text_lists_the_words_shown(template_path, fonts):
    campaign = load_campaign(STATEMENTS)
    post = next(p for p in posts_of(campaign, template_path, fonts) if p.stem == "album-03-point-02")
    heading = campaign.items[1].heading  # ends with a full stop: not doubled
    assert f"NHIỆM VỤ. 2. 4. {heading} " in post.alt_text and ".." not in post.alt_text
    assert " ".join(campaign.items[1].text.split()) in " ".join(post.alt_text.split())
