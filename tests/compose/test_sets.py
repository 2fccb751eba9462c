"""One size per set (compose/sets.py): the solver, a set with one long heading, and data-follows."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from flashgen.compose.card import compose_card
from flashgen.compose.sets import SAME_SIZE, SetRule, compose_set, set_rule, set_sizes
from flashgen.errors import FlashgenError
from flashgen.load.presets import load_presets
from flashgen.load.template import load_template
from flashgen.merge.cards import merge_cards
from flashgen.render.jobs import RasterJob
from flashgen.text.wordbreak import WordBreaker

A6 = load_presets().card_sizes["a6"]
RULE = SetRule(step=0.9, few=0.25)
SHORT = ["Chuyển từ đầu tư sang thuê", "Chuyển từ sản phẩm sang dịch vụ", "Chuyển từ chi phí sang giá trị",
         "Chuyển từ máy tính sang điện toán đám mây", "Chuyển từ dữ liệu sang tri thức", "Chuyển từ tự động sang thông minh",
         "Chuyển từ cách làm riêng sang làm chung", "Chuyển từ giấy sang số"]
LONG = ("Chuyển trọng tâm từ chính quyền sang người dân, từ tổ chức sang nhân viên, từ doanh nghiệp sang khách hàng, "
        "từ cơ quan nhà nước sang toàn xã hội")

fits_lists = st.lists(st.floats(min_value=1.0, max_value=200.0, allow_nan=False), min_size=1, max_size=40)
rules = st.builds(SetRule, step=st.floats(min_value=0.5, max_value=0.98), few=st.floats(min_value=0.0, max_value=0.5))


@given(fits_lists, rules)
def test_no_card_gets_more_than_it_fits_and_sizes_stay_within_a_step(fits, rule):
    sizes = set_sizes(fits, rule)
    assert len(sizes) == len(fits)
    assert all(size <= fit for size, fit in zip(sizes, fits))
    assert len(set(sizes)) <= 2
    assert max(sizes) / min(sizes) <= 1 / rule.step + 1e-9
    # never smaller than one size for all would be
    assert min(sizes) == min(fits)


@given(fits_lists, rules)
def test_only_few_cards_take_the_smaller_size(fits, rule):
    sizes = set_sizes(fits, rule)
    smaller = [size for size in sizes if size < max(sizes)]
    assert len(smaller) <= int(rule.few * len(fits))
    if smaller:  # a second size only when it lets the common size grow by half a step or more
        assert max(sizes) >= min(fits) / rule.half_step


@given(st.floats(min_value=1.0, max_value=200.0), st.integers(min_value=1, max_value=30), rules)
def test_equal_texts_share_one_size(fit, count, rule):
    assert set(set_sizes([fit] * count, rule)) == {fit}


def test_one_outlier_takes_a_step_down_and_the_rest_keep_the_common_size():
    fits = [8.0, 7.5, 7.0, 6.6, 6.6, 6.9, 7.2, 6.0]
    assert set_sizes(fits, RULE) == [6.6] * 7 + [6.0]
    # the smaller size is a step below the common one at most: a longer outlier pulls the common size down
    assert set_sizes(fits[:-1] + [5.4], RULE) == pytest.approx([6.0] * 7 + [5.4])


def test_close_sizes_are_not_worth_a_second_size():
    # the common size would gain 2 %: under half a step, so the whole set takes the smaller size
    assert set(set_sizes([8.0, 7.0, 7.0, 7.0, 6.86], RULE)) == {6.86}


def test_the_bundled_rule_is_read():
    rule = set_rule()
    assert 0 < rule.step < 1 and 0 <= rule.few < 1


@pytest.fixture(scope="module")
def front_cards(campaign, fonts, known_fields, templates_dir):
    template = load_template(templates_dir / "flashcard-front-a6.svg", A6, fonts, known_fields)
    cards = merge_cards(campaign, {("a6", "flashcard-front-a6.svg"): template, ("a6", "flashcard-back-a6.svg"): template}, [A6])
    fronts = [card for card in cards if card.side == "front"][: len(SHORT) + 1]
    headings = SHORT + [LONG]
    return [replace(card, values={**card.values, "heading": heading}) for card, heading in zip(fronts, headings)]


@pytest.fixture(scope="module")
def known_fields(campaign):
    return campaign.field_names()


@pytest.fixture(scope="module")
def breaker(campaign):
    return WordBreaker.for_glossary(campaign.glossary)


def _heading_size(document) -> float:
    return dict(document.blocks)["heading"].size


def test_a_set_with_one_long_heading(front_cards, breaker):
    alone = [_heading_size(compose_card(card, breaker)) for card in front_cards]
    assert max(alone) > min(alone) / RULE.step  # alone, the headings spread over more than a step
    documents = compose_set(front_cards, breaker, rule=RULE)
    sizes = [_heading_size(document) for document in documents]
    common, long_one = sizes[0], sizes[-1]
    assert sizes[:-1] == [common] * len(SHORT)  # every short heading: the common size
    assert long_one < common <= min(alone[:-1])  # only the long one smaller,
    assert long_one >= common * RULE.step  # by one step at most,
    assert long_one == pytest.approx(alone[-1], rel=SAME_SIZE)  # at the largest size it fits
    assert common > alone[-1] / RULE.half_step  # and the others did not shrink to it


def test_every_card_of_a_set_keeps_its_text(front_cards, breaker):
    for card, document in zip(front_cards, compose_set(front_cards, breaker, rule=RULE)):
        lines = dict(document.blocks)["heading"].lines
        assert " ".join(line.text for line in lines) == card.values["heading"]


def _translate_y(element) -> float:
    match = re.match(r"translate\(0 (-?[\d.]+)\)", element.get("transform", ""))
    return float(match.group(1)) if match else 0.0


def test_short_heading_pulls_its_followers_in(front_cards, breaker):
    short, long = compose_card(front_cards[0], breaker), compose_card(front_cards[-1], breaker)
    moves = {}
    for name, document in (("short", short), ("long", long)):
        root = etree.fromstring(document.svg)
        moves[name] = {group.get("id"): _translate_y(group) for group in root.iter() if group.get("data-follows")}
    # the number above the heading moves down and the CNTT → CĐS line below it moves up, by the same room
    assert moves["short"]["number-follows"] > 0 > moves["short"]["from-to-follows"]
    assert moves["short"]["number-follows"] == pytest.approx(-moves["short"]["from-to-follows"], abs=1e-3)
    assert abs(moves["long"]["number-follows"]) < moves["short"]["number-follows"]


def test_followers_keep_their_distance_to_the_text(front_cards, breaker):
    document = compose_card(front_cards[0], breaker)
    block = dict(document.blocks)["heading"]
    frame = next(frame for frame in front_cards[0].template.frames if frame.field == "heading")
    root = etree.fromstring(document.svg)
    below = next(group for group in root.iter() if group.get("id") == "from-to-follows")
    gap_in_template = 121 - (frame.box.y + frame.box.height)  # the from-to line starts at y 121 in the template
    assert 121 + _translate_y(below) - (block.ink.y + block.ink.height) == pytest.approx(gap_in_template, abs=1e-6)


def _template_with(tmp_path: Path, templates_dir: Path, old: str, new: str) -> Path:
    text = (templates_dir / "flashcard-front-a6.svg").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "front.svg"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


@pytest.mark.parametrize("old, new, message", [
    ('data-follows="heading-frame" data-follows-edge="top"', 'data-follows="title"', "names no text frame"),
    ('data-follows="heading-frame" data-follows-edge="top"', 'data-follows="heading-frame" data-follows-edge="left"',
     "is not one of: top, bottom"),
])
def test_a_wrong_follows_mark_is_named(tmp_path, templates_dir, fonts, known_fields, old, new, message):
    path = _template_with(tmp_path, templates_dir, old, new)
    with pytest.raises(FlashgenError, match=message):
        load_template(path, A6, fonts, known_fields)


def test_a_longer_text_redraws_the_rest_of_its_set(front_cards, breaker):
    """The set's size is in every card's SVG, so in the render key of its image: a build after one card's text
    grew draws the others again at the new size instead of reusing images at the old one."""
    short_set = front_cards[:-1]
    grown = [replace(short_set[0], values={**short_set[0].values, "heading": LONG}), *short_set[1:]]
    before, after = compose_set(short_set, breaker, rule=RULE), compose_set(grown, breaker, rule=RULE)
    assert _heading_size(after[1]) < _heading_size(before[1])
    jobs = [RasterJob("front-02.png", document.svg, A6.pixels, A6.dpi, "png-dpi", "fonts") for document in (before[1], after[1])]
    assert jobs[0].key != jobs[1].key


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_set_of_real_headings_keeps_its_words_and_one_step(front_cards, breaker, campaign, data):
    headings = [item.heading for item in campaign.items] + SHORT + [LONG]
    chosen = data.draw(st.lists(st.sampled_from(headings), min_size=2, max_size=len(front_cards)))
    cards = [replace(card, values={**card.values, "heading": heading}) for card, heading in zip(front_cards, chosen)]
    alone = [_heading_size(compose_card(card, breaker)) for card in cards]
    sizes = [_heading_size(document) for document in compose_set(cards, breaker)]
    assert all(size <= fit for size, fit in zip(sizes, alone))
    assert len(set(sizes)) <= 2 and max(sizes) * set_rule().step <= min(sizes) + 1e-9
    for card, document in zip(cards, compose_set(cards, breaker)):
        assert " ".join(line.text for line in dict(document.blocks)["heading"].lines) == card.values["heading"]


def test_a_card_laid_out_once_is_kept_and_any_changed_input_lays_it_out_again(front_cards, breaker, tmp_path, monkeypatch):
    """The layout cache (text/memo.py) keeps each composed card between builds; a changed value, cap or template
    is a new key, never the kept card."""
    from flashgen.compose import card as card_module
    from flashgen.text import memo

    card = front_cards[0]
    fresh = compose_card(card, breaker)  # no cache open: composed
    composed: list[str] = []
    original = card_module._composed
    monkeypatch.setattr(card_module, "_composed", lambda c, *rest: composed.append(c.slug) or original(c, *rest))
    memo.open_cache(tmp_path)
    try:
        assert compose_card(card, breaker) == fresh and composed == [card.slug]
        assert compose_card(card, breaker) == fresh and composed == [card.slug]  # kept
        edited = replace(card, values={**card.values, "heading": card.values["heading"] + " mới"})
        assert compose_card(edited, breaker).svg != fresh.svg and len(composed) == 2
        capped = compose_card(card, breaker, sizes={name: size - 2 for name, size in fresh.frame_sizes})
        assert capped.frame_sizes != fresh.frame_sizes and len(composed) == 3
        tree = card.template.fresh_tree()  # the same template file with one attribute more: another template
        tree.getroot().set("data-probe", "kept-apart")
        recoloured = compose_card(replace(card, template=replace(card.template, tree=tree)), breaker)
        assert b"kept-apart" in recoloured.svg and len(composed) == 4
    finally:
        memo.close_cache()
