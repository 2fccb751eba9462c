"""The video product: MP4 per preset (h264, yuv420p, size, duration, frame rate), frames as the stills, LED loop,
the reading-time table, and the build without PyAV."""

from __future__ import annotations

import io
import json
import shutil
import sys
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image, ImageChops, ImageStat

from flashgen import i18n
from flashgen.build import build
from flashgen.errors import FlashgenError
from flashgen.options import BuildOptions
from flashgen.products import choose_products
from flashgen.products import video as product
from flashgen.render.video import (
    Step,
    VideoSpec,
    encode,
    encode_made,
    timeline,
    total_frames,
)

av = pytest.importorskip("av")

DATA = Path(__file__).resolve().parents[1] / "data"
# Short holds keep the clips (and the test) short; the table's other values are the shipped ones.
SHORT = product.Timing(150, 1.0, 2.0, 0.4)


@pytest.fixture(scope="module")
def video_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("video") / "out"
    table = replace(product.video_table(), timing=SHORT)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(product, "video_table", lambda: table)
        result = build(BuildOptions(content=DATA / "with-source.yaml", out_dir=out, products=("social", "video"),
                                    platforms=("led", "story", "youtube"), series=("album",)))
    entries = {e["path"]: e for e in json.loads(result.manifest.read_text(encoding="utf-8"))["files"]}
    return out, entries, table


def _probe(path: Path) -> dict:
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        frames = sum(1 for _packet in container.demux(stream) if _packet.size)
        return {
            "codec": stream.codec_context.name, "pix_fmt": stream.format.name, "size": (stream.width, stream.height),
            "rate": stream.average_rate, "frames": frames, "duration": container.duration / 1_000_000,
        }


def _frames(path: Path, wanted: set[int]) -> dict[int, Image.Image]:
    with av.open(str(path)) as container:
        return {i: f.to_image() for i, f in enumerate(container.decode(video=0)) if i in wanted}


def _difference(a: Image.Image, b: Image.Image) -> float:
    """Mean absolute difference per channel, 0–255."""
    return sum(ImageStat.Stat(ImageChops.difference(a.convert("RGB"), b.convert("RGB"))).mean) / 3


def _album(entries, platform):
    return [entries[p] for p in sorted(p for p in entries if p.startswith(f"social/{platform}/album-") and not p.endswith((".txt", ".csv")))]


@pytest.mark.parametrize("name", ["led", "story", "youtube"])
def test_every_clip_is_h264_yuv420p_at_the_preset_size_duration_and_rate(video_build, name):
    out, entries, table = video_build
    preset = table.presets[name]
    entry = entries[f"video/{name}.mp4"]
    facts = _probe(out / entry["path"])
    assert (facts["codec"], facts["pix_fmt"], facts["size"]) == ("h264", "yuv420p", preset.pixels)
    assert facts["rate"] == Fraction(preset.fps)
    # The duration from the words of each still (their alt text), read at the table's speed.
    stills = _album(entries, preset.platform)
    assert len(stills) == 4  # cover, 2 items, closing
    holds = [SHORT.seconds(len(s["alt_text"].split())) for s in stills]
    fades = len(stills) if preset.loop else len(stills) - 1
    expected = sum(holds) + fades * SHORT.transition_seconds
    assert abs(facts["frames"] / preset.fps - expected) <= len(stills) / preset.fps
    assert abs(entry["duration_s"] - facts["frames"] / preset.fps) < 1e-3
    assert (entry["format"], entry["width_px"], entry["height_px"]) == ("mp4", *preset.pixels)
    head = (out / entry["path"]).read_bytes()[:4096]
    assert head.find(b"moov") != -1 and head.find(b"moov") < (out / entry["path"]).read_bytes().find(b"mdat")  # +faststart


def test_first_and_middle_frames_look_like_the_stills(video_build):
    out, entries, table = video_build
    preset = table.presets["led"]
    stills = _album(entries, "led")
    holds = [round(SHORT.seconds(len(s["alt_text"].split())) * preset.fps) for s in stills]
    steps = timeline(holds, table.spec(preset))
    start_of_item = sum(s.frames for s in steps[:2])  # cover hold, cover fade: then item 1's hold
    middle = start_of_item + holds[1] // 2
    frames = _frames(out / "video/led.mp4", {0, middle})
    for index, still in ((0, stills[0]), (middle, stills[1])):
        with Image.open(out / still["path"]) as image:
            assert _difference(frames[index], image) < 3.0, (index, still["path"])
    assert _difference(frames[0], frames[middle]) > 10  # the two are different images


def test_the_led_clip_loops_without_black_frames(video_build):
    out, _entries, _table = video_build
    with av.open(str(out / "video/led.mp4")) as container:
        frames = [f.to_image().reduce(8) for f in container.decode(video=0)]
    assert _difference(frames[0], frames[-1]) < 1.5
    assert min(sum(ImageStat.Stat(f).mean) / 3 for f in frames) > 20  # the cards are dark blue, never black


def test_a_cross_fade_lies_between_its_two_images():
    images = [Image.new("RGB", (64, 48), (0, 0, 200)), Image.new("RGB", (64, 48), (200, 200, 0))]
    spec = VideoSpec((64, 48), 10, 5, loop=False)
    data = encode(images, [3, 3], spec)
    with av.open(io.BytesIO(data)) as container:
        colours = [f.to_image().getpixel((32, 24)) for f in container.decode(video=0)]
    assert len(colours) == 3 + 4 + 3
    blues = [c[2] for c in colours[3:7]]
    assert blues == sorted(blues, reverse=True) and 0 < min(blues) and max(blues) < 200


@given(st.lists(st.integers(1, 400), min_size=1, max_size=30), st.integers(1, 30), st.booleans())
def test_the_timeline_holds_every_image_and_fades_between(holds, transition, loop):
    spec = VideoSpec((64, 64), 25, transition, loop)
    steps = timeline(holds, spec)
    assert [s.frames for s in steps if s.into is None][: len(holds)] == holds
    fades = [s for s in steps if s.into is not None]
    links = len(holds) if loop and len(holds) > 1 else len(holds) - 1
    assert len(fades) == (links if transition > 1 else 0)
    extra = 1 if loop and len(holds) > 1 else 0
    assert total_frames(steps) == sum(holds) + len(fades) * (transition - 1) + extra
    if extra:
        assert steps[-1] == Step(0, 1)


@given(st.integers(0, 10_000))
def test_a_hold_stays_between_the_minimum_and_maximum(words):
    timing = product.video_table().timing
    assert timing.min_seconds <= timing.seconds(words) <= timing.max_seconds


def test_video_is_made_only_when_chosen():
    assert "video" not in [p.name for p in choose_products(())]
    assert [p.name for p in choose_products(("video",))] == ["video"]


def test_without_pyav_the_build_says_how_to_get_it(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "av", None)  # "import av" fails as if it were not installed
    result = build(BuildOptions(content=DATA / "minimal.yaml", out_dir=tmp_path / "out", products=("video",)))
    assert not any(f.path.endswith(".mp4") for f in result.files)
    assert any("pip install 'flashgen[video]'" in note for note in result.notes)
    english = product.missing_note()
    i18n.use_language("vi")
    try:
        vietnamese = product.missing_note()
    finally:
        i18n.use_language("en")
    assert vietnamese != english and "pip install 'flashgen[video]'" in vietnamese and "PyAV" in vietnamese


def test_a_bad_video_table_names_the_file_and_preset():
    with pytest.raises(FlashgenError) as raised:
        product._preset("odd", {"platform": "led", "pixels": [1921, 1080], "fps": 25})
    assert raised.value.code == "video-table" and "odd" in raised.value.message and "video.yaml" in raised.value.message
    with pytest.raises(FlashgenError, match="needs 'platform'"):
        product._preset("empty", {})


def test_the_gallery_plays_each_clip_in_the_page(video_build):
    out, _entries, _table = video_build
    page = (out / "index.html").read_text(encoding="utf-8")
    for name in ("led", "story", "youtube"):
        assert f'<video controls preload="metadata" src="video/{name}.mp4"' in page
    assert '<img src="video/' not in page
    seconds = round(_entries["video/led.mp4"]["duration_s"])
    assert f"1920 × 1080 px · {seconds // 60}:{seconds % 60:02d} · " in page  # its length beside its size


def _never_encoded(*args):  # module level: the workers are given it by name
    raise AssertionError("encoded again")


def test_an_unchanged_clip_is_not_encoded_again(video_build, tmp_path, monkeypatch):
    out, entries, table = video_build
    copy = tmp_path / "out"
    shutil.copytree(out, copy)

    monkeypatch.setattr(product, "video_table", lambda: table)
    monkeypatch.setattr(product, "render_video", _never_encoded)  # workers fork after this: they see it too
    build(BuildOptions(content=DATA / "with-source.yaml", out_dir=copy, products=("social", "video"),
                       platforms=("led", "story", "youtube"), series=("album",)))
    assert (copy / "video/led.mp4").read_bytes() == (out / "video/led.mp4").read_bytes()
    # one changed timing: that clip is made again
    slower = replace(table, timing=replace(table.timing, max_seconds=2.5))
    monkeypatch.setattr(product, "video_table", lambda: slower)
    with pytest.raises(AssertionError, match="encoded again"):
        build(BuildOptions(content=DATA / "with-source.yaml", out_dir=copy, products=("video",)))


def test_each_image_is_made_once_and_let_go_when_passed():
    made: list[int] = []

    def make(index):
        made.append(index)
        return Image.new("RGB", (32, 32), (10 * index, 50, 100))

    from flashgen.render.video import _Pictures

    pictures = _Pictures(make, (32, 32))
    spec = VideoSpec((32, 32), 10, 3, loop=True)
    holds = [2] * 12
    assert len(encode_made(make, holds, spec)) > 0
    assert made == list(range(12))  # each once, in order: the first is kept for the loop's end
    for index in range(12):
        pictures[index]
        assert len(pictures.kept) <= 3
