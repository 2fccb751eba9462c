"""Fuzzing: random content documents and template attributes never crash flashgen.

Documents are generated around the real schema (valid campaigns with random
mutations: unicode text of every category, wrong types, missing and extra
keys, numbers as text, raw bytes) and a template frame gets random
attributes (fields, sizes, line heights, widths, transforms…). Whatever comes
in, each stage either succeeds or raises ``FlashgenError``; anything else
fails the test with the smallest example hypothesis finds. Examples are
derandomised so CI runs the same ones every time.
"""

from __future__ import annotations

import io
import math
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pytest
import typer
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from flashgen.build import build
from flashgen.check import check
from flashgen.cli import _offset
from flashgen.compose.card import compose_card
from flashgen.errors import FlashgenError
from flashgen.load.content import load_campaign
from flashgen.load.presets import load_presets
from flashgen.load.template import load_template
from flashgen.merge.cards import merge_cards
from flashgen.options import (
    MILLIMETRE_RANGES,
    BuildOptions,
    CommandLine,
    PrintChoices,
    resolve_options,
)
from flashgen.pdf.impose import plan_sheet
from flashgen.text.wordbreak import WordBreaker
from tests.conftest import DATA

SOCIAL = load_presets().card_sizes["social"]
FUZZ = settings(
    deadline=None, derandomize=True, database=None, print_blob=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --- content documents -----------------------------------------------------------------

VIETNAMESE = st.sampled_from([
    "Chuyển đổi số", "công nghệ thông tin", "dịch vụ", "Ẫ Ổ Ệ", "người dân", "thuê", "dữ liệu", "số hoá",
])
ANY_TEXT = st.text(st.characters(codec=None), max_size=30)  # every category: controls, marks, emoji, surrogates…
TEXT = st.one_of(
    st.lists(VIETNAMESE, min_size=1, max_size=6).map(" ".join),
    ANY_TEXT,
    st.text(st.sampled_from("aăâbcdđeêghiklmnoôơpqrstuưvxy \u0301\u0300\u0303\u200b\u00ad\t\n"), max_size=60),
)
SCALAR = st.one_of(TEXT, st.integers(-10**6, 10**20), st.floats(allow_nan=True), st.booleans(), st.none())
ANY_VALUE = st.recursive(SCALAR, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.one_of(TEXT, st.integers()), inner, max_size=3)
), max_leaves=8)


def _item(number: int, kind: str = "contrast") -> dict:
    if kind == "figure":
        return {"number": number, "qualifier": "hơn", "value": f"{number}.141", "label": "tổ công nghệ số cộng đồng"}
    if kind == "statement":
        return {"number": number, "heading": f"Nhiệm vụ {number} chuyển đổi số", "text": "Triển khai nền tảng số."}
    return {"number": number, "heading": f"Điểm {number} chuyển đổi số", "from": "Nhà nhà đầu tư.", "to": "Thuê dịch vụ."}


def _base_document(kind: str) -> dict:
    """A small valid campaign whose items are of ``kind``."""
    return {
        "campaign": {"title": "Thử nghiệm", "year": 2023, "kind": kind},
        "source": {"credit": "Nguồn: thử nghiệm", "kind": "plan"},
        "compare": {"from_name": "Công nghệ thông tin", "to_name": "Chuyển đổi số"},
        "glossary": ["chuyển đổi số"],
        "items": [_item(1, kind), _item(2, kind)],
    }


KINDS = ("contrast", "statement", "figure")
PLACES = [  # (path to a block, a key of that block): text fields first, where random text reaches the layout
    (("items", 0), "heading"), (("items", 0), "from"), (("items", 0), "to"), (("items", 1), "heading"),
    (("items", 0), "text"), (("items", 0), "icon"), (("items", 1), "weight"), (("campaign",), "title"),
    (("source",), "credit"), (("compare",), "from_name"), (("campaign",), "colour"), ((), "messages"), ((), "extra"),
    (("items", 0), "number"), (("items", 1), "number"), (("campaign",), "year"), (("campaign",), "hashtags"),
    ((), "glossary"), ((), "campaign"), ((), "items"), ((), "source"),
    (("campaign",), "kind"), (("items", 0), "kind"), (("items", 1), "value"), (("items", 0), "qualifier"),
    (("items", 0), "label"), (("source",), "kind"), (("campaign",), "item_label"), (("source",), "url"),
]


@st.composite
def documents(draw: st.DrawFn) -> bytes:
    """A content file: the base campaign with a few random mutations, or raw noise."""
    if draw(st.integers(0, 19)) == 0:
        return draw(st.one_of(st.binary(max_size=200), TEXT.map(lambda t: t.encode("utf-8", "surrogatepass"))))
    kind = draw(st.sampled_from(KINDS))
    document = _base_document(kind)
    document["items"] += [_item(n, kind) for n in range(3, 3 + draw(st.integers(0, 2)))]
    for _ in range(draw(st.integers(0, 4)) if draw(st.booleans()) else 0):
        path, key = draw(st.sampled_from(PLACES))
        block = document
        for step in path:
            if isinstance(block, dict):
                block = block.get(step)
            elif isinstance(block, list) and isinstance(step, int) and step < len(block):
                block = block[step]
        if not isinstance(block, dict):
            continue
        if draw(st.booleans()) and key in block:
            del block[key]
        else:
            block[key] = draw(st.one_of(TEXT, ANY_VALUE))
    text = yaml.safe_dump(document, allow_unicode=draw(st.booleans()), sort_keys=False)
    if draw(st.integers(0, 3)) == 0:  # an integer too long for Python to convert (written here: it cannot be dumped)
        text = text.replace("year: 2023", "year: " + "9" * draw(st.sampled_from([4301, 6000, 19])), 1)
    return text.encode("utf-8", "surrogatepass")


# --- template attributes ---------------------------------------------------------------

NUMBER = st.one_of(
    st.floats(-100, 2000, allow_nan=False).map(lambda v: f"{v:g}"),
    st.sampled_from(["0", "-1", "1e400", "1e-300", "nan", "inf", "abc", "", " 12 ", "12px", "12mm", "3.5e2", ".5"]),
)
TRANSFORM = st.one_of(
    st.just(""),
    st.builds(lambda x, y: f"translate({x} {y})", NUMBER, NUMBER),
    st.builds(lambda s: f"scale({s})", NUMBER),
    st.sampled_from([
        "rotate(10)", "skewX(5)", "matrix(1 0 0 1 10 10)", "matrix(1 2 3)", "scale()", "translate(nan)",
        "translate(1e308 1e308) scale(1e308)", "rotate(90 540 675)", "garbage(", "scale(0)",
    ]),
)
FRAME_ATTRIBUTES = {
    "data-field": st.one_of(st.sampled_from(["heading", "from", "to", "text", "source.credit", "number", "nope", ""]), TEXT),
    "data-font-size": NUMBER,
    "data-min-font-size": NUMBER,
    "data-line-height": NUMBER,
    "data-max-lines": st.one_of(NUMBER, st.sampled_from(["1", "2", "0", "1.5"])),
    "data-valign": st.sampled_from(["top", "middle", "bottom", "MIDDLE", "centre", ""]),
    "data-align": st.sampled_from(["left", "center", "right", "justify", ""]),
    "data-letter-spacing": NUMBER,
    "data-kind": st.sampled_from(["heading", "text", "other"]),
    "data-case": st.sampled_from(["upper", "lower", ""]),
    "data-optional": st.sampled_from(["true", "false", "yes"]),
    "x": NUMBER, "y": NUMBER, "width": NUMBER, "height": NUMBER,
    "transform": TRANSFORM,
}
DEFAULT_FRAME = {"data-field": "heading", "data-font-size": "72", "x": "100", "y": "400", "width": "880", "height": "500"}


@st.composite
def templates(draw: st.DrawFn) -> str:
    """A small 1080 × 1350 template whose text frame (and its group) has random attributes."""
    attributes = dict(DEFAULT_FRAME)
    mutate = draw(st.booleans())  # half the examples keep a good template, so the content reaches the layout
    for name in draw(st.lists(st.sampled_from(sorted(FRAME_ATTRIBUTES)), max_size=5, unique=True)) if mutate else []:
        if draw(st.integers(0, 5)) == 0:
            attributes.pop(name, None)
        else:
            attributes[name] = draw(FRAME_ATTRIBUTES[name])
    rect = " ".join(f"{name}={quoteattr(value)}" for name, value in attributes.items())
    group = quoteattr(draw(TRANSFORM) if mutate else "")
    label = escape(draw(st.sampled_from(["{{number}}/{{count}}", "Số {{number_padded}}", "{{nope}}", "★"])) if mutate else "{{number}}")
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="1080" height="1350" viewBox="0 0 1080 1350">'
        '<rect width="1080" height="1350" fill="#0B2A5B"/>'
        f'<text x="100" y="200" font-family="Be Vietnam Pro" font-weight="700" font-size="40" fill="#fff">{label}</text>'
        f"<g transform={group}><rect {rect}/></g></svg>"
    )


def _write(folder: Path, content: bytes, template: str) -> tuple[Path, Path]:
    content_path = folder / "content.yaml"
    content_path.write_bytes(content)
    templates_dir = folder / "templates"
    templates_dir.mkdir(exist_ok=True)
    for side, name in SOCIAL.templates:
        (templates_dir / name).write_text(template, encoding="utf-8")
    return content_path, templates_dir


def _lay_out(content_path: Path, templates_dir: Path, fonts) -> None:  # type: ignore[no-untyped-def]
    campaign = load_campaign(content_path)
    loaded = {
        (SOCIAL.name, name): load_template(templates_dir / name, SOCIAL, fonts, campaign.field_names())
        for side, name in SOCIAL.templates
    }
    breaker = WordBreaker.for_glossary(campaign.glossary)
    for card in merge_cards(campaign, loaded, [SOCIAL])[:4]:
        compose_card(card, breaker)


@pytest.fixture(scope="module")
def workspace():  # type: ignore[no-untyped-def]
    with tempfile.TemporaryDirectory(prefix="flashgen-fuzz-") as folder:
        yield Path(folder)


@settings(FUZZ, max_examples=500)
@given(content=documents(), template=templates())
def test_layout_stages_raise_only_flashgen_errors(content, template, fonts, workspace):
    content_path, templates_dir = _write(workspace, content, template)
    try:
        _lay_out(content_path, templates_dir, fonts)
    except FlashgenError as exc:
        assert exc.message.strip()


@settings(FUZZ, max_examples=20)
@given(content=documents(), template=templates())
def test_full_builds_raise_only_flashgen_errors(content, template, workspace):
    content_path, templates_dir = _write(workspace, content, template)
    options = BuildOptions(
        content=content_path, out_dir=workspace / "out", products=("flashcards",), sizes=("social",),
        templates_dir=templates_dir, jobs=1, force=True,
    )
    try:
        result = build(options)
    except FlashgenError as exc:
        assert exc.message.strip()
    else:
        assert result.files and all((workspace / "out" / f.path).is_file() for f in result.files)


@settings(FUZZ, max_examples=20)
@given(content=documents(), template=templates())
def test_check_reports_findings_and_raises_nothing(content, template, workspace):
    content_path, templates_dir = _write(workspace, content, template)
    options = BuildOptions(content=content_path, products=("flashcards",), sizes=("social",), templates_dir=templates_dir)
    report = check(options)  # every problem is a finding: check itself raises nothing
    assert all(finding.message.strip() for finding in report.findings)


MILLIMETRES = st.one_of(st.floats(), st.floats(-100, 100), st.sampled_from([0.0, 5.0, 50.0, 1e308, -0.0]))
OFFSET_TEXT = st.one_of(
    st.builds(lambda x, y: f"{x!r},{y!r}", MILLIMETRES, MILLIMETRES),
    st.text(st.sampled_from("0123456789.,-+e naif"), max_size=12),
)
PRINT_CARDS = ("a6", "a7", "poker", "business")


@settings(FUZZ, max_examples=300)
@given(gutter=st.none() | MILLIMETRES, margin=st.none() | MILLIMETRES, offset=st.none() | OFFSET_TEXT,
       card=st.sampled_from(PRINT_CARDS), sheet=st.sampled_from(["a4", "a3", "letter"]))
def test_any_print_options_give_a_sheet_plan_or_a_flashgen_error(gutter, margin, offset, card, sheet, workspace):
    try:
        back_offset = _offset(offset) if offset is not None else None
    except typer.BadParameter:  # a usage error, which Typer reports (exit code 2)
        return
    choices = PrintChoices(card=card, sheet=sheet, gutter_mm=gutter, margin_mm=margin, back_offset_mm=back_offset)
    try:
        printing = resolve_options(CommandLine(printing=choices), folder=workspace).printing
        presets = load_presets()
        card_size, paper = presets.card_size(printing.card), presets.sheet(printing.sheet)
        plan = plan_sheet(card_size, paper, presets.grid(card_size, paper), printing.gutter_mm, printing.margin_mm)
    except FlashgenError as exc:
        assert exc.message.strip()
        return
    for key in MILLIMETRE_RANGES:  # what reaches the PDF is finite and within the documented range
        low, high = MILLIMETRE_RANGES[key]
        value = getattr(printing, key)
        assert all(math.isfinite(v) and low <= v <= high for v in (value if isinstance(value, tuple) else (value,)))
    assert math.isfinite(plan.margin_mm) and math.isfinite(plan.gutter_mm)


# --- theme logos -----------------------------------------------------------------------

def _image_bytes(kind: str) -> bytes:
    data = io.BytesIO()
    Image.new("RGB", (24, 12), (26, 163, 74)).save(data, kind)
    return data.getvalue()


GOOD_LOGOS = [
    _image_bytes("PNG"), _image_bytes("JPEG"),
    ('<svg xmlns="http://www.w3.org/2000/svg" width="24" height="12"><rect width="24" height="12" fill="#1AA34A"/>'
     '<text x="1" y="10" font-family="Be Vietnam Pro" font-size="8">Sở</text></svg>').encode(),
]


@st.composite
def logos(draw: st.DrawFn) -> bytes:
    """Any bytes, and real logos cut short, with bytes changed or with bytes added."""
    good = draw(st.sampled_from(GOOD_LOGOS))
    position = draw(st.integers(0, len(good)))
    noise = draw(st.binary(max_size=40))
    return draw(st.sampled_from([
        noise, good[:position], good[:position] + noise + good[position + len(noise):], good + noise,
    ]))


# A good template (the hostile tests' front) with a frame for the logo.
LOGO_FRONT = (DATA / "hostile" / "good-front.svg").read_text(encoding="utf-8").replace(
    "</svg>", '<rect id="logo-frame" x="96" y="96" width="200" height="100" data-image="theme.logo"/></svg>'
)


@settings(FUZZ, max_examples=40)
@given(logo=logos(), suffix=st.sampled_from([".svg", ".png", ".jpg"]))
def test_any_bytes_as_a_theme_logo_build_or_raise_a_flashgen_error(logo, suffix, workspace):
    content_path, templates_dir = _write(workspace, (DATA / "minimal.yaml").read_bytes(), LOGO_FRONT)
    (workspace / f"logo{suffix}").write_bytes(logo)
    theme = workspace / "theme.yaml"
    theme.write_text(f"base: xanh\nlogo: logo{suffix}\n", encoding="utf-8")
    options = BuildOptions(content=content_path, out_dir=workspace / "out", products=("flashcards",), sizes=("social",),
                           templates_dir=templates_dir, theme=theme, jobs=1, force=True)
    # The content and template are good: whatever goes wrong is the logo's, and the message names its file.
    logo_path = str(workspace / f"logo{suffix}")
    assert all(logo_path in finding.message for finding in check(options).findings)
    try:
        result = build(options)
    except FlashgenError as exc:
        assert logo_path in exc.message
    else:
        assert result.files and all((workspace / "out" / f.path).is_file() for f in result.files)
