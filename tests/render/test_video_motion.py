"""The heading's entrance (render/motion.py) and the background sound (render/audio.py) in real clips:
cards laid out by the build, drawn by the same renderer as the stills, encoded with PyAV, decoded again."""

from __future__ import annotations

import array
import io
import math
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from PIL import Image, ImageChops, ImageStat

from flashgen.build import build
from flashgen.errors import FlashgenError
from flashgen.options import BuildOptions
from flashgen.products import video as product
from flashgen.render import audio
from flashgen.render.motion import (
    Entrance,
    Shot,
    ease_out,
    entrance_frame,
    split_heading,
)
from flashgen.render.video import VideoSpec, draw_shot, encode, timeline

av = pytest.importorskip("av")

DATA = Path(__file__).resolve().parents[1] / "data"
SVG = "{http://www.w3.org/2000/svg}"


def _difference(a: Image.Image, b: Image.Image) -> float:
    """Mean absolute difference per channel, 0–255."""
    return sum(ImageStat.Stat(ImageChops.difference(a.convert("RGB"), b.convert("RGB"))).mean) / 3


def _outside(image: Image.Image, box: tuple[int, int, int, int]) -> Image.Image:
    """``image`` with ``box`` painted black: what lies outside it."""
    image = image.convert("RGB").copy()
    image.paste((0, 0, 0), box)
    return image


@pytest.fixture(scope="module")
def album():
    """The LED album of with-source.yaml as the video product lays it out: SVGs, holds, spec, heading frames."""
    captured: dict[str, object] = {}

    def capture(svgs, holds, spec, headings, sound):
        captured.update(svgs=svgs, holds=holds, spec=spec, headings=headings)
        return b""

    table = product.video_table()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(product, "render_video", capture)
        patch.setattr(product, "video_table", lambda: replace(table, presets={"led": table.presets["led"]}))
        build(BuildOptions(content=DATA / "with-source.yaml", out_dir=Path(_tmp()) / "out", products=("video",), jobs=1))
    return captured


def _tmp() -> str:
    import tempfile

    return tempfile.mkdtemp(prefix="flashgen-motion-")


def test_the_heading_is_split_from_the_card(album):
    svg = album["svgs"][1]  # item 1
    base, alone = split_heading(svg, album["headings"])
    frames = lambda tree: {e.get("data-frame") for e in tree.iter(f"{SVG}text") if e.get("data-frame")}  # noqa: E731
    assert "heading-frame" in frames(etree.fromstring(svg))
    assert "heading-frame" not in frames(etree.fromstring(base))
    alone_tree = etree.fromstring(alone)
    assert frames(alone_tree) == {"heading-frame"}
    painted = [e for e in alone_tree.iter() if isinstance(e.tag, str) and e.tag in (f"{SVG}rect", f"{SVG}circle", f"{SVG}path")]
    assert painted == []  # the heading alone: no background, no motif
    assert split_heading(album["svgs"][0], album["headings"]) is None  # the cover has no item heading


def test_the_still_is_the_base_with_the_heading_over_it(album):
    shot = draw_shot(album["svgs"][1], (960, 540), album["headings"])
    assert shot.moves and shot.heading.mode == "RGBA"
    together = Image.alpha_composite(shot.base.convert("RGBA"), shot.heading).convert("RGB")
    assert _difference(together, shot.still) < 0.1
    assert _difference(shot.base, shot.still) > 1  # the heading is really gone from the base
    # An entrance frame changes only the heading's region; its last is the still itself.
    entrance = Entrance(10, 0.025)
    first = entrance_frame(shot, 1, entrance)
    assert _difference(_outside(first, shot.heading_box), _outside(shot.still, shot.heading_box)) < 0.05
    assert entrance_frame(shot, 10, entrance) is shot.still


def test_the_entrance_rises_and_fades_in_with_an_ease_out():
    values = [ease_out(n / 12) for n in range(13)]
    assert values[0] == 0 and values[-1] == 1 and values == sorted(values)
    steps = [b - a for a, b in zip(values, values[1:])]
    assert steps == sorted(steps, reverse=True)  # fast at first, settling gently


def _decoded(data: bytes, wanted: set[int]) -> dict[int, Image.Image]:
    with av.open(io.BytesIO(data)) as container:
        return {i: f.to_image() for i, f in enumerate(container.decode(video=0)) if i in wanted}


def test_in_the_clip_the_heading_enters_and_the_held_frames_are_the_still(album):
    pixels = (960, 540)
    spec = VideoSpec(pixels, 25, 5, loop=True, entrance=Entrance(12, 0.025))
    shots = [draw_shot(svg, pixels, album["headings"]) for svg in album["svgs"][:3]]
    holds = [6, 30, 6]
    steps = timeline(holds, spec)
    arrival = sum(s.frames for s in steps[:2])  # the cover's hold and fade: then item 1's first frame
    frames = _decoded(encode(shots, holds, spec), {0, arrival - 2, arrival, arrival + 11, arrival + 20})
    item, box = shots[1], shots[1].heading_box
    # The entrance's first frame: the heading's region is not yet the still's, the rest of the card is.
    assert _difference(frames[arrival].crop(box), item.still.crop(box)) > 8
    assert _difference(_outside(frames[arrival], box), _outside(item.still, box)) < 2.5
    # The fade ends on the card without its heading: the heading's region is between the cover and the base.
    assert _difference(frames[arrival - 2].crop(box), item.base.crop(box)) < _difference(frames[arrival - 2].crop(box), item.still.crop(box))
    # From the entrance's end on, the held frames are the still (as H.264 at crf 20 keeps it; the frames
    # themselves are the still's own pixels: test_the_still_is_the_base_with_the_heading_over_it).
    for index in (arrival + 11, arrival + 20):
        assert _difference(frames[index], item.still) < 3.0, index
        assert _difference(frames[index].crop(box), item.still.crop(box)) < _difference(frames[index].crop(box), item.base.crop(box)) / 4
    assert _difference(frames[0], shots[0].still) < 3.0  # the cover does not move


def test_a_plain_image_has_no_entrance():
    shot = Shot(Image.new("RGB", (32, 32), (0, 0, 200)))
    assert not shot.moves and shot.arrival is shot.still
    assert entrance_frame(shot, 1, Entrance(10, 0.025)) is shot.still


# --- the background sound ---------------------------------------------------------------------------------

def sine_mp3(seconds: float, rate: int = 44_100) -> bytes:
    """A 440 Hz tone as MP3, made with PyAV (nothing large is committed)."""
    out = io.BytesIO()
    with av.open(out, "w", format="mp3") as container:
        stream = container.add_stream("libmp3lame", rate=rate)
        stream.codec_context.layout = "mono"
        total = int(seconds * rate)
        for start in range(0, total, 1152):
            count = min(1152, total - start)
            frame = av.AudioFrame(format="s16", layout="mono", samples=count)
            samples = (int(8000 * math.sin(2 * math.pi * 440 * (start + i) / rate)) for i in range(count))
            frame.planes[0].update(array.array("h", samples).tobytes())
            frame.rate, frame.pts = rate, start
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return out.getvalue()


def _sound(data: bytes) -> tuple[float, list[float]]:
    """The clip's sound: its duration in seconds and its first channel's samples."""
    with av.open(io.BytesIO(data)) as container:
        stream = container.streams.audio[0]
        samples: list[float] = []
        for frame in container.decode(stream):
            samples += array.array("f", bytes(frame.planes[0]))[: frame.samples]
        return len(samples) / stream.rate, samples


@pytest.mark.parametrize("music_seconds", [6.0, 1.5])  # longer than the clip: cut; shorter: ends, silence after
def test_the_sound_lasts_as_the_clip_and_fades_out(music_seconds):
    images = [Image.new("RGB", (64, 48), (0, 0, 200)), Image.new("RGB", (64, 48), (200, 200, 0))]
    spec = VideoSpec((64, 48), 25, 5, loop=False)
    holds = [40, 40]
    data = encode(images, holds, spec, sine_mp3(music_seconds))
    seconds = sum(holds + [4]) / 25
    length, samples = _sound(data)
    assert abs(length - seconds) <= 1 / 25 + 1024 / 48_000  # ± a frame (and one AAC block of padding)
    assert max(abs(s) for s in samples[-1200:]) < 0.01  # the last 25 ms: silent
    assert max(abs(s) for s in samples[2400:24_000]) > 0.1  # the music plays before the fade
    with av.open(io.BytesIO(data)) as container:
        video = container.streams.video[0]
        assert (video.codec_context.name, video.format.name) == ("h264", "yuv420p")
        assert container.streams.audio[0].codec_context.name == "aac"
    with av.open(io.BytesIO(data)) as container:  # interleaved: sound and pictures side by side in the file
        kinds = [packet.stream.type for packet in container.demux() if packet.size]
    assert {"audio", "video"} <= set(kinds[:12]) and {"audio", "video"} <= set(kinds[-40:])


def test_without_a_sound_file_there_is_no_sound_stream():
    data = encode([Image.new("RGB", (64, 48), (0, 0, 200))], [10], VideoSpec((64, 48), 25, 5, loop=False))
    with av.open(io.BytesIO(data)) as container:
        assert not container.streams.audio


def _choice(tmp_path: Path, written: str) -> audio.AudioChoice:
    return audio.AudioChoice(written, tmp_path, tmp_path / "flashgen.yaml")


@pytest.mark.parametrize(
    ("written", "code"),
    [("../music.mp3", "audio-outside"), ("/etc/music.mp3", "audio-outside"), ("https://example.com/a.mp3", "audio-outside"),
     ("C:\\music.mp3", "audio-outside"), ("missing.mp3", "audio-missing"), ("notes.txt", "audio-not-sound")],
)
def test_a_sound_file_that_cannot_be_used_names_the_file_and_the_setting(tmp_path, written, code):
    (tmp_path / "notes.txt").write_text("not music", encoding="utf-8")
    with pytest.raises(FlashgenError) as raised:
        audio.read_audio(_choice(tmp_path, written), 10_000_000)
    assert raised.value.code == code
    assert "flashgen.yaml" in raised.value.message and "'video: audio'" in raised.value.message
    assert written[:20] in raised.value.message or code == "audio-outside"


def test_a_sound_file_in_the_project_is_read(tmp_path):
    (tmp_path / "music").mkdir()
    (tmp_path / "music" / "nhac-nen.mp3").write_bytes(sine_mp3(1.0))
    assert audio.read_audio(_choice(tmp_path, "music/nhac-nen.mp3"), 10_000_000)[:3] in (b"ID3", b"\xff\xfb"[:3])
    with pytest.raises(FlashgenError) as raised:
        audio.read_audio(_choice(tmp_path, "music/nhac-nen.mp3"), 100)
    assert raised.value.code == "file-too-large" and "nhac-nen.mp3" in raised.value.message


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_are_sound_or_a_clear_error(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("sound")
    (folder / "x.mp3").write_bytes(data)
    try:
        audio.read_audio(_choice(folder, "x.mp3"), 10_000_000)
    except FlashgenError as problem:
        assert problem.code == "audio-not-sound"
