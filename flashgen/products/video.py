"""Video for LED screens, TikTok/Reels and YouTube: the album as one MP4 per video preset.

Reads flashgen/data/video.yaml (presets, reading speed, cross-fade, the
heading's entrance, the sound's fade, H.264 quality). Shows the album images
(cover, one per item, closing) of each preset's social platform, drawn again
at the video's own size, each holding for as long as its words take to read,
an item's heading entering as its image appears; the project's sound file
(flashgen.yaml ``video: audio``), if any, plays under it. The clip is encoded
on a worker (render/video.py) and rebuilt only when one of its images, its
timing or its sound changed (its render key). Without PyAV (the ``video``
extra) it makes no file and says how to install it. ``findings`` is what
``flashgen check`` says about the videos.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from flashgen.compose.card import CardDocument
from flashgen.errors import FlashgenError
from flashgen.i18n import _
from flashgen.load.presets import Platform, Presets
from flashgen.load.resources import DATA_DIR
from flashgen.load.yamlfile import read_yaml
from flashgen.merge.social import KINDS
from flashgen.products.base import CardRequest, Inputs, LaidOut, ProductBuild
from flashgen.products.captions import alt_text
from flashgen.products.files import FileMeta, Made, MadeFile
from flashgen.render.audio import AudioChoice, read_audio
from flashgen.render.motion import Entrance
from flashgen.render.video import (
    VideoSpec,
    encoder_missing,
    hold_frames,
    render_video,
    timeline,
    total_frames,
)

VIDEO_FILE = DATA_DIR / "video.yaml"


@dataclass(frozen=True)
class Timing:
    """How long an image stays: its words at a reading speed, between a minimum and a maximum."""

    words_per_minute: float
    min_seconds: float
    max_seconds: float
    transition_seconds: float

    def seconds(self, words: int) -> float:
        return min(max(words * 60 / self.words_per_minute, self.min_seconds), self.max_seconds)


@dataclass(frozen=True)
class VideoPreset:
    name: str
    label: str
    platform: str  # whose album images it shows (data/sizes.yaml platforms)
    pixels: tuple[int, int]
    fps: int
    loop: bool


@dataclass(frozen=True)
class Motion:
    """The heading's entrance and the background sound's fade (video.yaml 'entrance' and 'audio')."""

    seconds: float = 0.5
    rise: float = 0.025
    frames: frozenset[str] = frozenset()  # the text frames that enter (data-frame names)
    fade_out_seconds: float = 2.0
    audio_max_mb: float = 100.0


@dataclass(frozen=True)
class VideoTable:
    timing: Timing
    presets: dict[str, VideoPreset]
    crf: int
    preset: str
    params: str = ""
    motion: Motion = Motion()

    def spec(self, video: VideoPreset) -> VideoSpec:
        transition = hold_frames(self.timing.transition_seconds, video.fps)
        entrance = Entrance(hold_frames(self.motion.seconds, video.fps), self.motion.rise) if self.motion.seconds > 0 else None
        return VideoSpec(video.pixels, video.fps, transition, video.loop, self.crf, self.preset, self.params,
                         entrance, self.motion.fade_out_seconds)


def _table_error(problem: str) -> FlashgenError:
    return FlashgenError(_("{file}: {problem}").format(file=VIDEO_FILE, problem=problem), code="video-table")


def _preset(name: str, block: object) -> VideoPreset:
    try:
        width, height = (int(v) for v in block["pixels"])  # type: ignore[index]
        fps = int(block["fps"])  # type: ignore[index]
        preset = VideoPreset(name, str(block.get("label", name)), str(block["platform"]), (width, height), fps,  # type: ignore[union-attr,index]
                             bool(block.get("loop", False)))  # type: ignore[union-attr]
    except (KeyError, TypeError, ValueError, AttributeError):
        raise _table_error(_("preset '{name}' needs 'platform', 'pixels' [width, height] and 'fps'.").format(name=name)) from None
    if width % 2 or height % 2 or width <= 0 or height <= 0 or not 1 <= fps <= 60:
        raise _table_error(_("preset '{name}': the width and height must be even (H.264, yuv420p) and fps 1 to 60.").format(name=name))
    return preset


@lru_cache(maxsize=1)
def video_table() -> VideoTable:
    """flashgen/data/video.yaml, checked."""
    document = read_yaml(VIDEO_FILE)
    try:
        timing = Timing(*(float(document["timing"][key]) for key in ("words_per_minute", "min_seconds", "max_seconds", "transition_seconds")))
        crf, preset = int(document["encoder"]["crf"]), str(document["encoder"]["preset"])
        params = str(document["encoder"].get("params") or "")
    except (KeyError, TypeError, ValueError):
        raise _table_error(_("'timing' needs words_per_minute, min_seconds, max_seconds, transition_seconds; "
                             "'encoder' needs crf and preset.")) from None
    if timing.words_per_minute <= 0 or not 0 < timing.min_seconds <= timing.max_seconds or timing.transition_seconds < 0:
        raise _table_error(_("the reading speed must be above 0 and 0 < min_seconds ≤ max_seconds."))
    presets = {name: _preset(name, block) for name, block in (document.get("presets") or {}).items()}
    return VideoTable(timing, presets, crf, preset, params, _motion(document))


def _motion(document: dict) -> Motion:  # type: ignore[type-arg]
    try:
        entrance, audio = document.get("entrance") or {}, document.get("audio") or {}
        motion = Motion(float(entrance.get("seconds", 0)), float(entrance.get("rise", 0)),
                        frozenset(str(name) for name in entrance.get("frames") or ()),
                        float(audio.get("fade_out_seconds", 2)), float(audio.get("max_mb", 100)))
    except (AttributeError, TypeError, ValueError):
        raise _table_error(_("'entrance' needs seconds, rise and frames [names]; 'audio' fade_out_seconds and max_mb.")) from None
    if not (0 <= motion.seconds <= 5 and 0 <= motion.rise <= 0.5 and motion.fade_out_seconds >= 0 and motion.audio_max_mb > 0):
        raise _table_error(_("the entrance takes 0 to 5 seconds and rises at most 0.5 of the height; "
                             "the fade-out and max_mb cannot be negative."))
    return motion


def _platform(presets: Presets, video: VideoPreset) -> Platform:
    """The video's platform, showing its album only."""
    return replace(presets.platform(video.platform), series=("album",))


def _presets(inputs: Inputs) -> list[VideoPreset]:
    """The table's presets, then a looping clip at the native pixels of every LED board chosen (a project's own
    boards, or those named under social platforms; H.264 takes even sizes: an odd side loses its last pixel)."""
    chosen, boards = inputs.options.platforms, inputs.presets.platforms.values()
    return list(video_table().presets.values()) + [
        VideoPreset(b.name, b.label, b.name, (b.pixels[0] // 2 * 2, b.pixels[1] // 2 * 2), 25, True) for b in boards
        if b.board and "album" in b.series and (b.name in chosen if chosen else b.default)]


def missing_note() -> str:
    return _("No video was made: the video encoder (PyAV) is not installed. "
             "Install it with: pip install 'flashgen[video]' (about 100 MB: FFmpeg with the x264 encoder), then build again.")


def audio_choice(inputs: Inputs) -> AudioChoice | None:
    """The project's background sound file (flashgen.yaml 'video: audio'), or None."""
    options = inputs.options
    if not options.video_audio:
        return None
    setting_file = options.project_config or Path("flashgen.yaml")
    return AudioChoice(options.video_audio, setting_file.parent, setting_file)


def audio_bytes(inputs: Inputs) -> bytes | None:
    """The background sound's bytes, checked (FlashgenError naming the file and the setting), or None."""
    choice = audio_choice(inputs)
    return None if choice is None else read_audio(choice, int(video_table().motion.audio_max_mb * 1e6))


def wants(inputs: Inputs) -> CardRequest:
    if encoder_missing():
        return CardRequest(notes=(missing_note(),))
    platforms = tuple(dict.fromkeys(_platform(inputs.presets, v) for v in _presets(inputs)))
    return CardRequest(platforms=platforms)


def make(build: ProductBuild) -> Made:
    if encoder_missing():
        return Made(())
    # Read now: a sound file that cannot be used stops the build before a clip is started.
    return Made(_clips(build, audio_bytes(build.inputs)))


def _clips(build: ProductBuild, audio: bytes | None) -> Iterator[MadeFile]:
    table = video_table()
    # Every clip is started on the workers at once, then handed on in order.
    started = [_start(build, table, video, audio) for video in _presets(build.inputs)]
    for path, meta, result in started:
        yield MadeFile(path, result(), meta)


def holds_for(documents: list[CardDocument], table: VideoTable, fps: int) -> list[int]:
    """Each image's hold in frames, from the words it shows."""
    return [hold_frames(table.timing.seconds(len(alt_text(d).split())), fps) for d in documents]


def _start(build: ProductBuild, table: VideoTable, video: VideoPreset, audio: bytes | None):  # noqa: ANN202
    platform = _platform(build.inputs.presets, video)
    documents = build.laid_out.for_platform(platform, KINDS["album"])
    spec = table.spec(video)
    holds = holds_for(documents, table, video.fps)
    svgs = [d.svg for d in documents]
    headings = table.motion.frames
    sound = hashlib.sha256(audio).hexdigest() if audio else "silent"
    key = build.drawing.document_key("video", repr(spec), repr(holds), repr(sorted(headings)), sound, *svgs)
    seconds = total_frames(timeline(holds, spec)) / video.fps
    meta = FileMeta(product="video", format="mp4", size=video.name, width_px=video.pixels[0], height_px=video.pixels[1],
                    alt_text=" ".join(alt_text(d) for d in documents), render_key=key, duration_s=round(seconds, 3))
    return f"video/{video.name}.mp4", meta, build.drawing.start(key, render_video, svgs, holds, spec, headings, audio)


def findings(inputs: Inputs, laid_out: LaidOut) -> Iterator[tuple[str, str, str, str]]:
    """What ``flashgen check`` says about the videos, as (severity, code, message, card): the encoder
    missing, a sound file that cannot be used, an image whose words take longer to read than it is shown."""
    if encoder_missing():
        yield "warning", "video-encoder-missing", missing_note(), _("the videos")
        return
    try:
        audio_bytes(inputs)
    except FlashgenError as problem:
        yield "error", problem.code, problem.message, _("the videos")
    timing = video_table().timing
    longest: dict[str, tuple[int, CardDocument]] = {}  # per image, the preset showing the most words
    for video in _presets(inputs):
        for document in laid_out.for_platform(_platform(inputs.presets, video), KINDS["album"]):
            words = len(alt_text(document).split())
            if document.card.side not in ("cover", "closing") and words > longest.get(document.card.slug, (-1,))[0]:
                longest[document.card.slug] = (words, document)  # the cover and the closing hold what they hold
    for words, document in longest.values():
        needed, card = words * 60 / timing.words_per_minute, document.card
        if needed <= timing.max_seconds:
            continue
        place = _("{file}, line {line}, image '{name}'").format(file=card.content_path, line=card.line, name=card.slug)
        yield "warning", "video-reading-cut", _(
            "{place}: its {words} words take about {needed} s to read at {speed} words a minute, but the video "
            "shows it for {shown} s (max_seconds in video.yaml); a viewer cannot read it all. Shorten the "
            "text if it is meant to be read on a screen.").format(
            place=place, words=words, needed=math.ceil(needed), speed=f"{timing.words_per_minute:g}",
            shown=f"{timing.max_seconds:g}"), card.slug
