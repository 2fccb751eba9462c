"""Video: still images and how long each one stays in, MP4 bytes (H.264, yuv420p, +faststart) out.

``timeline`` turns the seconds each image holds into frames: every image
holds, then cross-fades into the next (a loop cross-fades the last image back
into the first and ends on the first image's frame, so the clip plays round
without a jump or a black frame). ``encode`` blends and encodes those frames
with PyAV (FFmpeg with x264, in memory: no image is written to disk);
``render_video`` draws the card SVGs with the same renderer as the stills and
encodes them, for a build's worker process.

PyAV is an optional extra (``pip install flashgen[video]``): ``encoder_missing``
says whether it is installed, without importing FFmpeg into every build.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from PIL import Image

from flashgen.render import draw as render

CARD_DPI = 96  # the social images are drawn at 96 dpi (products/social.py): the same card, the same pixels


@dataclass(frozen=True)
class VideoSpec:
    """How to make one clip: its size, frame rate, cross-fade, loop and H.264 quality."""

    pixels: tuple[int, int]
    fps: int
    transition_frames: int  # frames the cross-fade takes, the last of them the next image itself
    loop: bool
    crf: int = 20
    preset: str = "veryfast"
    params: str = ""  # more x264 settings, "key=value:key=value" (its --x264-params)


@dataclass(frozen=True)
class Step:
    """A run of ``frames`` frames: image ``image`` alone (``into`` is None) or cross-fading into ``into``."""

    image: int
    frames: int
    into: int | None = None


def hold_frames(seconds: float, fps: int) -> int:
    """Whole frames for ``seconds`` (at least one)."""
    return max(1, round(seconds * fps))


def timeline(holds: Sequence[int], spec: VideoSpec) -> list[Step]:
    """Every image holding for its frames, cross-fading into the next; a loop fades back to the first and ends on it."""
    count = len(holds)
    fade = max(spec.transition_frames - 1, 0)  # blended frames; the fade's last frame is the next image's own
    steps: list[Step] = []
    for index, frames in enumerate(holds):
        steps.append(Step(index, frames))
        following = index + 1 if index + 1 < count else (0 if spec.loop and count > 1 else None)
        if following is not None and fade:
            steps.append(Step(index, fade, following))
    if spec.loop and count > 1:
        steps.append(Step(0, 1))  # the last frame is the first: the clip plays round seamlessly
    return steps


def total_frames(steps: Sequence[Step]) -> int:
    return sum(step.frames for step in steps)


def encoder_missing() -> bool:
    """True when PyAV (the ``video`` extra) is not installed (or cannot load)."""
    try:
        import av  # noqa: F401 - only whether it loads
    except ImportError:
        return True
    return False


class _Pictures:
    """The clip's images at its size, made when first needed and let go when passed: the timeline visits
    them in order, so only the current one, the one before (a fade) and the first (a loop's end) are kept,
    whatever the number of items."""

    def __init__(self, make: Callable[[int], Image.Image], pixels: tuple[int, int]) -> None:
        self.make, self.pixels = make, pixels
        self.kept: dict[int, Image.Image] = {}

    def __getitem__(self, index: int) -> Image.Image:
        if index not in self.kept:
            self.kept = {i: image for i, image in self.kept.items() if i in (0, index - 1)}
            self.kept[index] = _sized(self.make(index), self.pixels)
        return self.kept[index]


def _frames(images: _Pictures, steps: Sequence[Step]) -> Iterator[tuple[Image.Image, bool]]:
    """Each frame's pixels, and whether it is the same as the frame before (a hold: encoded from one picture)."""
    for step in steps:
        if step.into is None:
            for number in range(step.frames):
                yield images[step.image], number > 0
            continue
        for number in range(1, step.frames + 1):
            yield Image.blend(images[step.image], images[step.into], number / (step.frames + 1)), False


def encode(images: Sequence[Image.Image], holds: Sequence[int], spec: VideoSpec) -> bytes:
    """MP4 bytes: ``images`` (each resized to the spec if it is not already) holding ``holds`` frames each."""
    return encode_made(images.__getitem__, holds, spec)


def encode_made(make: Callable[[int], Image.Image], holds: Sequence[int], spec: VideoSpec) -> bytes:
    """Like ``encode``, the images made by ``make(index)`` when the clip reaches them (each once)."""
    import av  # the optional extra; products check encoder_missing() first

    pixels = _Pictures(make, spec.pixels)
    # FFmpeg's +faststart moves the index to the front in a second pass over a named file, so the
    # clip is written to a temporary file (images never are) and read back.
    with tempfile.TemporaryDirectory(prefix="flashgen-video-") as folder:
        path = Path(folder) / "clip.mp4"
        _write(av, path, pixels, holds, spec)
        return path.read_bytes()


def _write(av, path: Path, pixels: _Pictures, holds: Sequence[int], spec: VideoSpec) -> None:  # noqa: ANN001
    with av.open(str(path), mode="w", format="mp4", options={"movflags": "+faststart"}) as container:
        stream = container.add_stream("libx264", rate=spec.fps)
        stream.width, stream.height = spec.pixels
        stream.pix_fmt = "yuv420p"
        stream.time_base = Fraction(1, spec.fps)
        options = {"crf": str(spec.crf), "preset": spec.preset}
        stream.codec_context.options = {**options, "x264-params": spec.params} if spec.params else options
        # BT.709, limited range: what players assume for HD video; said in the file too.
        stream.codec_context.colorspace = av.video.reformatter.Colorspace.ITU709
        stream.codec_context.color_range = av.video.reformatter.ColorRange.MPEG
        frame = None
        for index, (picture, same) in enumerate(_frames(pixels, timeline(holds, spec))):
            if not same or frame is None:
                frame = _yuv(av, picture)
            frame.pts = index
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))


def _yuv(av, picture: Image.Image):  # noqa: ANN001, ANN202 - PyAV is optional, its types too
    rgb = av.VideoFrame.from_image(picture)
    return rgb.reformat(
        format="yuv420p", dst_colorspace=av.video.reformatter.Colorspace.ITU709,
        dst_color_range=av.video.reformatter.ColorRange.MPEG,
    )


def _sized(image: Image.Image, pixels: tuple[int, int]) -> Image.Image:
    image = image.convert("RGB")
    return image if image.size == pixels else image.resize(pixels, Image.Resampling.LANCZOS)


def render_video(svgs: Sequence[bytes], holds: Sequence[int], spec: VideoSpec) -> bytes:
    """Draw each card SVG at the video's size, as the stills are drawn, and encode the clip (for a worker)."""
    return encode_made(lambda index: render.render_image(svgs[index], spec.pixels, CARD_DPI), holds, spec)
