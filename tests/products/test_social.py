"""Social sets: every preset's images, formats, limits, colour profile, captions and alt text."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image, ImageCms, JpegImagePlugin

from flashgen.build import build
from flashgen.compose.card import compose_card
from flashgen.errors import FlashgenError
from flashgen.load.content import load_campaign
from flashgen.load.presets import load_presets
from flashgen.load.resources import TEMPLATES_DIR
from flashgen.load.template import load_template
from flashgen.merge.social import KINDS, message_cards, template_name
from flashgen.options import BuildOptions
from flashgen.render.encode import encode_for
from flashgen.text.wordbreak import WordBreaker
from tests.conftest import write_content

PRESETS = load_presets()
BODY_FIELDS = {"from", "to", "source.credit", "source.title", "source.speaker", "source.letter", "campaign.subtitle"}


@pytest.fixture(scope="session")
def social_build(default_build):
    manifest = json.loads(default_build.manifest.read_text(encoding="utf-8"))
    return default_build.manifest.parent, {entry["path"]: entry for entry in manifest["files"]}


def _images(entries, platform):
    return sorted(p for p, e in entries.items() if e["size"] == platform and e["format"] in ("png", "jpeg"))


# The default build: every platform but the bundled LED boards (made when chosen: tests/products/test_led_boards.py).
@pytest.mark.parametrize("name", [name for name, platform in PRESETS.platforms.items() if platform.default])
def test_every_image_has_the_preset_size_format_limit_and_srgb(social_build, name):
    out, entries = social_build
    platform = PRESETS.platform(name)
    images = _images(entries, name)
    expected = (19 if "album" in platform.series else 0) + (10 if "messages" in platform.series else 0)
    assert len(images) == expected
    for path in images:
        data = (out / path).read_bytes()
        assert len(data) <= platform.max_bytes
        with Image.open(io.BytesIO(data)) as image:
            assert image.size == platform.pixels
            assert image.format == {"png": "PNG", "jpeg": "JPEG"}[platform.format]
            profile = ImageCms.ImageCmsProfile(io.BytesIO(image.info["icc_profile"]))
            assert "sRGB" in ImageCms.getProfileDescription(profile)
            if image.format == "JPEG":
                assert JpegImagePlugin.get_sampling(image) == 0  # 4:4:4, no chroma subsampling


def test_images_are_numbered_in_posting_order(social_build):
    _, entries = social_build
    stems = [Path(p).stem for p in _images(entries, "facebook-portrait")]
    assert stems[0] == "album-01-cover" and stems[1] == "album-02-point-01" and stems[17] == "album-18-point-17"
    assert stems[18] == "album-19-closing" and stems[19] == "message-00-theme"
    assert stems[20:] == [f"message-{n:02d}" for n in range(1, 10)]
    assert all(Path(p).stem.startswith("message-") for p in _images(entries, "banner"))


def test_alt_text_holds_the_words_shown(social_build, campaign):
    _, entries = social_build
    for name in PRESETS.platforms:
        for path in _images(entries, name):
            entry, stem = entries[path], Path(path).stem
            if "-point-" in stem:
                item = campaign.items[int(stem[-2:]) - 1]
                # the landscape and link designs show the heading only (no paragraphs on a thumbnail, a screen)
                shows_ways = PRESETS.platforms[name].shape.name not in {"landscape", "link"}
                assert item.heading in entry["alt_text"] and (item.from_text in entry["alt_text"]) == shows_ways, path
            elif stem == "message-00-theme":
                assert campaign.theme in entry["alt_text"] and "CHỦ ĐỀ NĂM 2023" in entry["alt_text"], path
            elif stem.startswith("message-"):
                assert campaign.messages[int(stem[-2:]) - 1] in entry["alt_text"], path


def test_captions_and_zip(social_build, campaign):
    out, entries = social_build
    folder = out / "social" / "story"
    rows = list(csv.DictReader(io.StringIO((folder / "captions.csv").read_text(encoding="utf-8-sig"))))
    assert [row["file"] for row in rows] == [Path(p).name for p in _images(entries, "story")]
    assert all("#ChuyenDoiSo" in row["caption"] for row in rows)
    assert rows[3]["caption"].startswith(f"Điểm 3/17: {campaign.items[2].heading}")
    text = (folder / "captions.txt").read_text(encoding="utf-8")
    assert "BÀI ĐĂNG: ALBUM 19 ẢNH" in text and "THÔNG ĐIỆP 9/9" in text
    with zipfile.ZipFile(out / "social" / "story.zip") as archive:
        names = sorted(archive.namelist())
        assert archive.testzip() is None
        methods = {Path(info.filename).suffix: info.compress_type for info in archive.infolist()}
    assert names == sorted(f"story/{p.name}" for p in folder.iterdir())
    # Images go in as they are (compressed already); captions are deflated.
    assert methods == {".jpg": zipfile.ZIP_STORED, ".txt": zipfile.ZIP_DEFLATED, ".csv": zipfile.ZIP_DEFLATED}
    assert "social/story.zip" in entries and "social/story/captions.csv" in entries


@pytest.mark.parametrize("shape", list(PRESETS.shapes))
def test_body_text_stays_readable_on_a_phone(shape, campaign, fonts):
    """No body text under 28 px at 1080 px wide (scaled for other widths); labels no smaller than 24."""
    size = PRESETS.shapes[shape]
    kinds = KINDS["messages"] if shape == "banner" else KINDS["album"] + KINDS["messages"]
    for kind in kinds:
        template = load_template(TEMPLATES_DIR / template_name(kind, shape), size, fonts, campaign.field_names())
        per_1080 = 1080 / size.pixels[0] if shape != "banner" else 1.0
        for frame in template.frames:
            floor = 28 if frame.field in BODY_FIELDS else 24
            assert frame.style.min_size * per_1080 >= floor - 0.5, (shape, kind, frame.name, frame.style.min_size)


def test_a_banner_slogan_of_three_lines_fits_and_a_longer_one_fails(tmp_path, campaign, fonts):
    three_lines = (
        "Chuyển đổi số là cuộc cách mạng của toàn dân, mỗi người dân phải trở thành công dân số "
        "thì chuyển đổi số mới thành công và bền vững"
    )
    text = Path(campaign.path).read_text(encoding="utf-8")
    first = campaign.messages[0]
    fitting = write_content(tmp_path / "three.yaml", text.replace(first, three_lines))
    result = build(BuildOptions(content=fitting, out_dir=tmp_path / "ok", products=("social",), platforms=("banner",)))
    assert any(f.path.endswith("message-01.png") for f in result.files)
    # it really takes three lines of the banner
    shaped = load_campaign(fitting)
    banner = PRESETS.shapes["banner"]
    template = load_template(TEMPLATES_DIR / template_name("message", "banner"), banner, fonts, shaped.field_names())
    card = [c for c in message_cards(shaped, {"message": template}, banner) if c.slug == "message-01"][0]
    blocks = dict(compose_card(card, WordBreaker.for_glossary(shaped.glossary)).blocks)
    assert len(blocks["message"].lines) == 3
    too_long = write_content(tmp_path / "long.yaml", text.replace(first, (three_lines + " ") * 3))
    line = next(n for n, text in enumerate(too_long.read_text(encoding="utf-8").splitlines(), start=1) if text.startswith("messages:")) + 1
    with pytest.raises(FlashgenError, match=rf"long\.yaml, line {line}, campaign message 1 \(shape 'banner'\), field 'message': the text does not fit"):
        build(BuildOptions(content=too_long, out_dir=tmp_path / "bad", products=("social",), platforms=("banner",)))
    assert not (tmp_path / "bad").exists()


def test_jpeg_quality_steps_down_to_the_limit_then_fails():
    image = Image.effect_noise((1080, 1920), 90).convert("RGB")
    story = PRESETS.platform("story")
    roomy = encode_for(image, story, "x.jpg")
    tight = replace(story, max_bytes=int(len(roomy) * 0.8))
    assert len(encode_for(image, tight, "x.jpg")) <= tight.max_bytes
    with pytest.raises(FlashgenError, match=r"x\.jpg: even at JPEG quality 80 .* more than Story"):
        encode_for(image, replace(story, max_bytes=10_000), "x.jpg")
    with pytest.raises(FlashgenError, match=r"y\.png: the PNG is .* MB, more than"):
        encode_for(image, replace(PRESETS.platform("zalo"), max_bytes=10_000), "y.png")


def test_a_project_can_add_a_platform(tmp_path):
    config = write_content(tmp_path / "flashgen.yaml", (
        "platforms:\n"
        "  instagram-portrait: {label: Instagram 4:5, pixels: [1080, 1350], format: jpeg, max_mb: 8}\n"
    ))
    presets = load_presets(project=config)
    added = presets.platform("instagram-portrait")
    assert added.shape.name == "portrait" and added.format == "jpeg"
    odd = write_content(tmp_path / "odd.yaml", "platforms:\n  odd: {pixels: [1000, 333], format: png}\n")
    with pytest.raises(FlashgenError, match=r"odd\.yaml, line 2, platform 'odd': no template shape has the proportions"):
        load_presets(project=odd)


def _green_pixels(image: Image.Image, box: tuple[int, int, int, int]) -> int:
    """Pixels of the test logo's green (#1AA34A) inside ``box``."""
    colours = image.convert("RGB").crop(box).getcolors(maxcolors=1 << 20) or []
    return sum(n for n, (r, g, b) in colours if abs(r - 0x1A) < 12 and abs(g - 0xA3) < 12 and abs(b - 0x4A) < 12)


def test_the_theme_logo_sits_on_its_tile_on_the_cover_and_is_left_out_without_one(tmp_path):
    from tests.conftest import DATA

    tile = (694, 88, 836, 152)  # social-cover-portrait.svg: the paper tile beside the organisation
    covers = {}
    for name, theme in (("logo", DATA / "themes" / "with-logo.yaml"), ("none", DATA.parent.parent / "themes" / "xanh.yaml")):
        out = tmp_path / name
        build(BuildOptions(content=DATA / "with-source.yaml", out_dir=out, products=("social",),
                           platforms=("facebook-portrait",), series=("album",), theme=theme, jobs=1))
        covers[name] = Image.open(out / "social" / "facebook-portrait" / "album-01-cover.png").convert("RGB")
    assert _green_pixels(covers["logo"], tile) > 500
    assert covers["logo"].getpixel((tile[0] + 3, tile[1] + 32)) == (255, 255, 255)  # the paper tile
    assert _green_pixels(covers["none"], tile) == 0
    assert covers["none"].getpixel((tile[0] + 3, tile[1] + 32)) != (255, 255, 255)  # no tile without a logo
