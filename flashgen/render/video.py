"""Video: still images and how long each one stays in, MP4 bytes (H.264, yuv420p, +faststart) out.

``timeline`` turns the seconds each image holds into frames: every image
holds, then cross-fades into the next (a loop cross-fades the last image back
into the first and ends on the first image's frame, so the clip plays round
without a jump or a black frame). An item's image fades in without its
heading, which then enters (render/motion.py: it rises into place and fades in,
easing out) before the still holds. ``encode`` makes and encodes those frames
with PyAV (FFmpeg with x264, in memory: no image is written to disk): each
image is converted to the video's Y'CbCr planes once, a hold sends the same
frame again, a cross-fade blends planes, an entrance composites and converts
only the heading's region. With a sound file's bytes the clip gets an AAC
stream (render/audio.py). ``render_video`` draws the card SVGs with the same
renderer as the stills (each item's also without its heading and the heading
alone) and encodes them, for a build's worker process.

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
from flashgen.render.audio import add_audio
from flashgen.render.motion import Entrance, Shot, entrance_patch, split_heading

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
    entrance: Entrance | None = None  # how an item's heading enters (render/motion.py); None: it does not move
    audio_fade: float = 2.0  # seconds the background sound (if any) fades out over at the clip's end


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
    whatever the number of items. Each is converted to the video's Y'CbCr planes once (``planes``)."""

    def __init__(self, make: Callable[[int], Image.Image | Shot], pixels: tuple[int, int]) -> None:
        self.make, self.pixels = make, pixels
        self.kept: dict[int, Shot] = {}
        self.converted: dict[tuple[int, bool], tuple[Image.Image, ...]] = {}

    def __getitem__(self, index: int) -> Shot:
        if index not in self.kept:
            self.kept = {i: shot for i, shot in self.kept.items() if i in (0, index - 1)}
            self.converted = {key: planes for key, planes in self.converted.items() if key[0] in self.kept}
            made = self.make(index)
            shot = made if isinstance(made, Shot) else Shot(made)
            self.kept[index] = Shot(*(None if image is None else _sized(image, self.pixels, image is shot.heading)
                                      for image in (shot.still, shot.base, shot.heading)))
        return self.kept[index]

    def planes(self, av, index: int, arrival: bool = False) -> tuple[Image.Image, ...]:  # noqa: ANN001
        """The still (or, ``arrival``, what a fade into it ends on) as Y, Cb, Cr planes, converted once."""
        shot = self[index]
        key = (index, arrival and shot.moves)
        if key not in self.converted:
            self.converted[key] = _planes(av, shot.arrival if key[1] else shot.still)
        return self.converted[key]


def _frames(av, pictures: _Pictures, steps: Sequence[Step], spec: VideoSpec):  # noqa: ANN001, ANN202
    """Each frame as Y'CbCr planes, and whether it is the same as the frame before (a hold: one VideoFrame).

    Cross-fades blend the planes (Y'CbCr is a linear function of R'G'B', so blending there is blending the
    pictures, without converting every blended frame); a heading's entrance is composited in RGB."""
    entered: set[int] = set()
    for step in steps:
        if step.into is not None:
            start = pictures.planes(av, step.image)
            end = pictures.planes(av, step.into, arrival=_enters(pictures, step.into, spec))
            for number in range(1, step.frames + 1):
                weight = number / (step.frames + 1)
                yield tuple(Image.blend(a, b, weight) for a, b in zip(start, end, strict=True)), False
            continue
        entering = step.image not in entered and _enters(pictures, step.image, spec)
        entered.add(step.image)
        last_moving = min(spec.entrance.frames, step.frames) if entering and spec.entrance else 0
        for number in range(1, step.frames + 1):
            if number < last_moving and spec.entrance:
                yield _entrance_planes(av, pictures, step.image, number, spec.entrance), False
            else:
                yield pictures.planes(av, step.image), number > max(1, last_moving)


def _entrance_planes(av, pictures: _Pictures, index: int, number: int, entrance: Entrance) -> tuple[Image.Image, ...]:  # noqa: ANN001
    """A frame of the heading's entrance: only the region around the heading is composited and converted,
    then set into the planes of the card without its heading (even coordinates: 4:2:0 chroma lines up)."""
    (left, top), patch = entrance_patch(pictures[index], number, entrance)
    frame = []
    for plane, part, scale in zip(pictures.planes(av, index, arrival=True), _planes(av, patch), (1, 2, 2), strict=True):
        plane = plane.copy()
        plane.paste(part.crop((0, 0, patch.width // scale, patch.height // scale)), (left // scale, top // scale))
        frame.append(plane)
    return tuple(frame)


def _enters(pictures: _Pictures, index: int, spec: VideoSpec) -> bool:
    """Whether image ``index``'s heading enters: never the first image's (the clip starts, and a loop
    ends, on its still)."""
    return index > 0 and spec.entrance is not None and spec.entrance.frames > 1 and pictures[index].moves


def encode(images: Sequence[Image.Image | Shot], holds: Sequence[int], spec: VideoSpec, audio: bytes | None = None) -> bytes:
    """MP4 bytes: ``images`` (each resized to the spec if it is not already) holding ``holds`` frames each."""
    return encode_made(images.__getitem__, holds, spec, audio)


def encode_made(make: Callable[[int], Image.Image | Shot], holds: Sequence[int], spec: VideoSpec,
                audio: bytes | None = None) -> bytes:
    """Like ``encode``, the images made by ``make(index)`` when the clip reaches them (each once); with
    ``audio`` (a sound file's bytes), its sound under the pictures (render/audio.py)."""
    import av  # the optional extra; products check encoder_missing() first

    pixels = _Pictures(make, spec.pixels)
    # FFmpeg's +faststart moves the index to the front in a second pass over a named file, so the
    # clip is written to a temporary file (images never are) and read back.
    with tempfile.TemporaryDirectory(prefix="flashgen-video-") as folder:
        path = Path(folder) / "clip.mp4"
        _write(av, path, pixels, holds, spec, audio)
        return path.read_bytes()


def _write(av, path: Path, pixels: _Pictures, holds: Sequence[int], spec: VideoSpec, audio: bytes | None) -> None:  # noqa: ANN001
    steps = timeline(holds, spec)
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
        sound = add_audio(av, container, audio, spec.audio_fade) if audio else None
        heard = _Interleaved(container, sound.packets(total_frames(steps) / spec.fps) if sound else iter(()))
        frame = None
        for index, (planes, same) in enumerate(_frames(av, pixels, steps, spec)):
            if not same or frame is None:
                frame = _video_frame(av, planes, spec.pixels)
            frame.pts = index
            heard.until(Fraction(index, spec.fps))
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
        heard.until(None)


class _Interleaved:
    """The sound's packets, muxed as the pictures reach their time (a player reads both as it plays)."""

    def __init__(self, container, packets: Iterator) -> None:  # noqa: ANN001  # type: ignore[type-arg]
        self.container, self.packets = container, packets
        self.next = next(packets, None)

    def until(self, seconds: Fraction | None) -> None:
        """Mux every packet that starts before ``seconds`` (None: all that are left)."""
        while self.next is not None and (seconds is None or self.next.pts is None
                                         or self.next.pts * self.next.time_base <= seconds):
            self.container.mux(self.next)
            self.next = next(self.packets, None)


def _yuv(av, picture: Image.Image):  # noqa: ANN001, ANN202 - PyAV is optional, its types too
    rgb = av.VideoFrame.from_image(picture)
    return rgb.reformat(
        format="yuv420p", dst_colorspace=av.video.reformatter.Colorspace.ITU709,
        dst_color_range=av.video.reformatter.ColorRange.MPEG,
    )


def _planes(av, picture: Image.Image) -> tuple[Image.Image, ...]:  # noqa: ANN001
    """A picture's Y, Cb, Cr planes (BT.709, limited range, 4:2:0) as greyscale images, row padding included."""
    frame = _yuv(av, picture)
    return tuple(Image.frombytes("L", (plane.line_size, plane.height), bytes(plane)) for plane in frame.planes)


def _video_frame(av, planes: tuple[Image.Image, ...], pixels: tuple[int, int]):  # noqa: ANN001, ANN202
    frame = av.VideoFrame(pixels[0], pixels[1], "yuv420p")
    for plane, image in zip(frame.planes, planes, strict=True):
        if image.size != (plane.line_size, plane.height):  # another row padding: the same rows, re-padded
            padded = Image.new("L", (plane.line_size, plane.height))
            padded.paste(image.crop((0, 0, min(image.width, plane.line_size), plane.height)))
            image = padded
        plane.update(image.tobytes())
    return frame


def _sized(image: Image.Image, pixels: tuple[int, int], alpha: bool = False) -> Image.Image:
    image = image.convert("RGBA" if alpha else "RGB")
    return image if image.size == pixels else image.resize(pixels, Image.Resampling.LANCZOS)


def render_video(svgs: Sequence[bytes], holds: Sequence[int], spec: VideoSpec,
                 headings: frozenset[str] = frozenset(), audio: bytes | None = None) -> bytes:
    """Draw each card SVG at the video's size, as the stills are drawn, and encode the clip (for a worker).

    A card showing one of the ``headings`` frames is also drawn without them and with them alone, for
    the heading's entrance; ``audio`` is the bytes of the sound file to play under it (or None)."""
    return encode_made(lambda index: draw_shot(svgs[index], spec.pixels, headings if spec.entrance else frozenset()),
                       holds, spec, audio)


def draw_shot(svg: bytes, pixels: tuple[int, int], headings: frozenset[str]) -> Shot:
    """The still of ``svg``, and its card without the ``headings`` and the headings alone when it shows any."""
    still = render.render_image(svg, pixels, CARD_DPI)
    parts = split_heading(svg, headings) if headings else None
    if parts is None:
        return Shot(still)
    return Shot(still, *(render.render_image(part, pixels, CARD_DPI) for part in parts))
