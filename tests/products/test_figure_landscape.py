"""The 16:9 figure image (YouTube thumbnail, Zalo, LED screen: templates/svg/social-figure-landscape.svg) shows
the value as the largest thing on the card, across the card's width, with what it counts below it in the
width that remains; it once stood in a 392 px column at about 95 px, beside a label column, the lower third
of the card empty. Its label is a display line (data-kind="display"): broken as a heading, so no line ends on
a word such as "tại" ("… Hội thảo tại / các điểm cầu …", as it did when it was set as running text)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from flashgen.build import lay_out, load_inputs
from flashgen.load.fonts import FontBook
from flashgen.load.resources import FONTS_DIR
from flashgen.options import BuildOptions
from flashgen.products.base import CardRequest
from flashgen.text.wordbreak import break_rules, key
from tests.products.test_media_sizes import text_sizes

FIGURES = Path(__file__).resolve().parents[2] / "content" / "so-lieu-ngay-cds-2022.yaml"


@pytest.fixture(scope="module")
def landscape_figures():
    options = BuildOptions(content=FIGURES)
    inputs = load_inputs(options, FontBook.from_folders((FONTS_DIR,)))
    youtube = inputs.presets.platforms["youtube"]
    documents = lay_out(inputs, CardRequest(platforms=(youtube,))).social[youtube.shape.name]
    return [d for d in documents if d.card.template.path.name == "social-figure-landscape.svg"]


def _frame_texts(document, frame: str) -> list[etree._Element]:
    root = etree.fromstring(document.svg)
    return [e for e in root.iter() if isinstance(e.tag, str) and e.get("data-frame") == frame]


def _baselines(text: etree._Element) -> list[float]:
    return [float(line.get("y")) for line in text.iter() if isinstance(line.tag, str) and line.get("y")]


def test_the_value_is_drawn_large_and_the_label_below_it(landscape_figures):
    assert len(landscape_figures) == 12  # every figure of the campaign
    for document in landscape_figures:
        sizes = {text: size for text, size, _heading in text_sizes(document)}
        (value,) = _frame_texts(document, "value-frame")
        value_text = " ".join("".join(value.itertext()).split())
        # "954/954", the widest value, sets the size for the set: still 115 px or more of the 720 px height.
        assert sizes[value_text] >= 115, (document.card.slug, sizes[value_text])
        assert sizes[value_text] == max(sizes.values()), document.card.slug
        (label,) = _frame_texts(document, "label-frame")
        assert min(_baselines(label)) > max(_baselines(value)) + sizes[value_text] * 0.3, document.card.slug


def _ends_on_a_word_that_announces_more(line: str) -> bool:
    words = tuple(key(word) for word in line.split())
    no_end = break_rules().no_end  # data/vi-breaks.yaml: prepositions, conjunctions, auxiliaries, classifiers, của
    return any(words[-length:] in no_end for length in (1, 2))


def test_no_label_line_ends_on_a_word_that_announces_what_follows(landscape_figures):
    labels = [dict(document.blocks)["label"] for document in landscape_figures]
    lines = [line.text for block in labels for line in block.lines[:-1]]
    assert len(lines) >= 12  # most labels take two lines or more
    assert not [line for line in lines if _ends_on_a_word_that_announces_more(line)], lines
