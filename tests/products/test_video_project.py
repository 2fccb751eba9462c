"""The video in a project: the `video: audio:` setting of flashgen.yaml, a clip with its sound through the
build, and what `flashgen check` says about the videos (reading time cut, the sound file, the extra missing)."""

from __future__ import annotations

import io
import sys
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from flashgen import i18n
from flashgen.build import build
from flashgen.check import check
from flashgen.errors import FlashgenError
from flashgen.options import BuildOptions, CommandLine, resolve_options
from flashgen.products import video as product
from tests.render.test_video_motion import sine_mp3

av = pytest.importorskip("av")

DATA = Path(__file__).resolve().parents[1] / "data"
SHORT = product.Timing(150, 1.0, 2.0, 0.4)


def _project(folder: Path, text: str) -> Path:
    (folder / "flashgen.yaml").write_text(text, encoding="utf-8")
    return folder


def test_the_project_names_its_sound_file(tmp_path):
    options = resolve_options(CommandLine(), folder=_project(tmp_path, "video:\n  audio: nhac-nen.mp3\n"))
    assert options.video_audio == "nhac-nen.mp3"
    assert resolve_options(CommandLine(), folder=_project(tmp_path, "products: [video]\n")).video_audio is None


@pytest.mark.parametrize(("text", "message"), [
    ("video:\n  music: a.mp3\n", "line 2, 'music': unknown setting"),
    ("video:\n  audio: [a.mp3]\n", "line 2, 'audio': expected the name of a sound file"),
    ("video: a.mp3\n", "line 1, 'video': expected 'name: value' lines"),
])
def test_a_wrong_video_setting_names_the_line(tmp_path, text, message):
    with pytest.raises(FlashgenError, match=message) as raised:
        resolve_options(CommandLine(), folder=_project(tmp_path, text))
    assert raised.value.code == "project-setting"


def _options(folder: Path, audio: str | None) -> BuildOptions:
    _project(folder, f"video: {{audio: {audio}}}\n" if audio else "products: [video]\n")
    return BuildOptions(content=DATA / "with-source.yaml", out_dir=folder / "out", products=("video",), jobs=1,
                        project_config=folder / "flashgen.yaml", video_audio=audio)


@pytest.fixture
def led_only(monkeypatch):
    table = product.video_table()
    short = replace(table, timing=SHORT, presets={"led": table.presets["led"]})
    monkeypatch.setattr(product, "video_table", lambda: short)
    return short


def test_the_clip_plays_the_project_sound_and_keeps_its_video_facts(tmp_path, led_only):
    (tmp_path / "nhac-nen.mp3").write_bytes(sine_mp3(30.0))  # longer than the clip: cut, faded out
    result = build(_options(tmp_path, "nhac-nen.mp3"))
    clip = next(f for f in result.files if f.path == "video/led.mp4")
    with av.open(str(tmp_path / "out" / clip.path)) as container:
        video, sound = container.streams.video[0], container.streams.audio[0]
        assert (video.codec_context.name, video.format.name, (video.width, video.height)) == ("h264", "yuv420p", (1920, 1080))
        assert video.average_rate == 25 and sound.codec_context.name == "aac"
        seconds = float(sound.duration * sound.time_base)
    assert abs(seconds - clip.duration_s) <= 1 / 25 + 1024 / 48_000


def test_a_missing_sound_file_stops_the_build_naming_it(tmp_path, led_only):
    with pytest.raises(FlashgenError) as raised:
        build(_options(tmp_path, "nhac-nen.mp3"))
    assert raised.value.code == "audio-missing"
    assert "nhac-nen.mp3" in raised.value.message and "'video: audio'" in raised.value.message
    assert not (tmp_path / "out" / "video").exists()  # nothing half-written


def _findings(report, code: str):
    return [f for f in report.findings if f.code == code]


def test_check_says_which_item_the_video_cuts_short(tmp_path, monkeypatch):
    table = product.video_table()
    monkeypatch.setattr(product, "video_table", lambda: replace(table, timing=replace(table.timing, max_seconds=4)))
    report = check(_options(tmp_path, None))
    cut = _findings(report, "video-reading-cut")
    assert cut and all(f.severity == "warning" for f in cut)
    assert not any("cover" in f.card or "closing" in f.card for f in cut)
    assert len({f.card for f in cut}) == len(cut)  # each image once, whatever the number of presets
    assert "max_seconds" in cut[0].message and "words a minute" in cut[0].message


def test_check_reports_the_sound_file_and_the_missing_extra(tmp_path, monkeypatch):
    (tmp_path / "notes.txt").write_text("not music", encoding="utf-8")
    report = check(_options(tmp_path, "notes.txt"))
    assert [f.severity for f in _findings(report, "audio-not-sound")] == ["error"]
    monkeypatch.setitem(sys.modules, "av", None)  # as if the video extra were not installed
    report = check(_options(tmp_path, "notes.txt"))
    missing = _findings(report, "video-encoder-missing")
    assert len(missing) == 1 and "pip install 'flashgen[video]'" in missing[0].message and not report.errors


def test_the_new_video_messages_read_in_vietnamese(tmp_path):
    i18n.use_language("vi")
    try:
        with pytest.raises(FlashgenError) as raised:
            product.audio_bytes(type("Inputs", (), {"options": _options(tmp_path, "khong-co.mp3")})())
        message = raised.value.message
    finally:
        i18n.use_language("en")
    assert "khong-co.mp3" in message and "'video: audio'" in message and "tệp âm thanh" in message


def test_the_mp4_bytes_hold_no_picture_files(tmp_path, led_only):
    result = build(_options(tmp_path, None))
    assert [f.path for f in result.files] == ["video/led.mp4"]
    assert not list((tmp_path / "out").rglob("*.png"))
    with av.open(io.BytesIO((tmp_path / "out" / "video" / "led.mp4").read_bytes())) as container:
        assert not container.streams.audio


@settings(max_examples=30, deadline=None)
@given(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30),
                 st.lists(st.text(max_size=5), max_size=3), st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2)))
@example(10**18)  # a number longer than the YAML reader takes (found by CI)
def test_any_audio_value_is_a_name_or_a_clear_error(tmp_path_factory, value):
    folder = tmp_path_factory.mktemp("project")
    _project(folder, yaml.safe_dump({"video": {"audio": value}}, allow_unicode=True))
    try:
        options = resolve_options(CommandLine(), folder=folder)
    except FlashgenError as problem:
        if problem.code == "yaml-layout":  # a number longer than YAML numbers may be, named at its line
            assert "line 2" in problem.message and "too long" in problem.message
        else:
            assert problem.code == "project-setting" and "'audio'" in problem.message
        return
    assert options.video_audio is None or (isinstance(options.video_audio, str) and options.video_audio.strip())


def _never_encoded(*args):  # module level: the workers are given it by name
    raise AssertionError("encoded again")


def test_a_clip_is_encoded_again_when_its_sound_changes(tmp_path, led_only, monkeypatch):
    (tmp_path / "nhac-nen.mp3").write_bytes(sine_mp3(2.0))
    build(_options(tmp_path, "nhac-nen.mp3"))
    monkeypatch.setattr(product, "render_video", _never_encoded)
    options = _options(tmp_path, "nhac-nen.mp3")
    build(options)  # the same sound: nothing changed, the clip is not encoded (it would raise)
    (tmp_path / "nhac-nen.mp3").write_bytes(sine_mp3(3.0))  # only the sound file changes
    with pytest.raises(AssertionError, match="encoded again"):
        build(options)
