"""Background sound for a clip: the project's sound file in, its checked bytes and an AAC stream out.

``read_audio`` takes the file name written in flashgen.yaml (``video: audio:``)
and the project folder, and returns the file's bytes after checking that it is
inside the project (as an item's picture must be, load/content_pictures.py),
that it can be read and that FFmpeg finds sound in it; otherwise a
``FlashgenError`` naming the file and the setting. ``add_audio`` adds an AAC
stream to a clip being written: the sound decoded as it is, cut to the clip's
length and faded out over its last seconds. Music shorter than the clip ends
where it ends and the rest is silence (no loop: a piece of music jumping back
to its start sounds like a mistake); the stream lasts as long as the pictures.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from flashgen.errors import FlashgenError
from flashgen.i18n import _
from flashgen.load.files import NotInFolder, path_inside, read_input_file

SETTING = "video: audio"  # where the project names the file (flashgen.yaml)
RATE = 48_000  # Hz: what video players expect alongside H.264
BIT_RATE = 160_000  # AAC stereo: clean for music


@dataclass(frozen=True)
class AudioChoice:
    """The sound file a project names: as written, and the project folder it is relative to."""

    written: str
    folder: Path
    setting_file: Path  # flashgen.yaml, for messages


def _fail(choice: AudioChoice, problem: str, code: str) -> FlashgenError:
    return FlashgenError(_("{file}, '{key}': {problem}").format(file=choice.setting_file, key=SETTING, problem=problem),
                         code=code, field="audio")


def audio_path(choice: AudioChoice) -> Path:
    """The file inside the project folder; a link, a full path or one leading out of the folder is refused."""
    written = choice.written.strip()
    try:
        return path_inside(written, choice.folder)
    except NotInFolder as problem:
        if problem.kind == "outside":
            message = _("the sound file '{name}' must be inside the project folder {folder}.").format(
                name=written[:80], folder=choice.folder.resolve())
        else:
            message = _("'{name}' is a link or a full path; put the sound file in the project folder and write "
                        "its name, e.g. nhac-nen.mp3.").format(name=written[:80])
        raise _fail(choice, message, "audio-outside") from None


def read_audio(choice: AudioChoice, max_bytes: int) -> bytes:
    """The sound file's bytes, checked: inside the project, readable, and holding sound FFmpeg can decode."""
    path = audio_path(choice)
    name = choice.written.strip()

    def too_large(size: int) -> str:
        return _("{file}, '{key}': the sound file '{name}' is too large ({size} MB; at most {limit} MB).").format(
            file=choice.setting_file, key=SETTING, name=name, size=f"{size / 1e6:.0f}", limit=f"{max_bytes / 1e6:.0f}")

    try:
        data = read_input_file(path, max_bytes, too_large)
    except FileNotFoundError:
        raise _fail(choice, _("there is no sound file '{name}' (looked for {path}).").format(name=name, path=path),
                    "audio-missing") from None
    except OSError as exc:
        raise _fail(choice, _("cannot read the sound file '{name}' ({reason}).").format(name=name, reason=exc.strerror),
                    "audio-unreadable") from None
    if sound_seconds(data) is None:
        raise _fail(choice, _("'{name}' holds no sound flashgen can read; use an MP3, M4A, WAV or OGG file.").format(
            name=name), "audio-not-sound")
    return data


def sound_seconds(data: bytes) -> float | None:
    """How long the sound in ``data`` lasts (0.0 if unknown), None when FFmpeg finds no decodable sound."""
    import av  # the optional extra: only asked when a video is made or checked

    try:
        with av.open(io.BytesIO(data)) as container:
            if not container.streams.audio:
                return None
            stream = container.streams.audio[0]
            decoded = next(iter(container.decode(stream)), None)
            if decoded is None:
                return None
            return (container.duration or 0) / 1_000_000
    except (av.FFmpegError, ValueError, StopIteration):
        return None


class Sound:
    """An AAC stream of a clip being written, filled from a sound file's bytes (``packets``)."""

    def __init__(self, av, container, data: bytes, fade_seconds: float) -> None:  # noqa: ANN001
        self.av, self.container, self.data, self.fade = av, container, data, fade_seconds
        self.stream = container.add_stream("aac", rate=RATE)
        self.stream.codec_context.layout = "stereo"
        self.stream.codec_context.bit_rate = BIT_RATE

    def packets(self, seconds: float) -> Iterator:  # type: ignore[type-arg]
        """The encoded sound of a clip of ``seconds``, in order: cut (or padded with silence) to it and faded
        out at its end. The caller muxes them between the video's frames, so the file is interleaved."""
        av = self.av
        with av.open(io.BytesIO(self.data)) as source:
            graph = self._graph(source.streams.audio[0], seconds)
            for frame in source.decode(source.streams.audio[0]):
                try:
                    graph.push(frame)
                except av.error.EOFError:  # the clip's length is reached: the rest of the music is not needed
                    break
                yield from self._drain(graph)
            else:
                graph.push(None)
            yield from self._drain(graph)
        yield from self.stream.encode(None)

    def _graph(self, source, seconds: float):  # noqa: ANN001, ANN202
        graph = self.av.filter.Graph()
        fade = min(self.fade, seconds)
        chain = [
            graph.add_abuffer(template=source),
            graph.add("aresample", str(RATE)),
            graph.add("aformat", f"sample_fmts=fltp:sample_rates={RATE}:channel_layouts=stereo"),
            graph.add("asetpts", "N/SR/TB"),  # times from the first sample on, whatever the file's start time
            graph.add("apad", f"whole_dur={seconds}"),
            graph.add("atrim", f"duration={seconds}"),
            graph.add("afade", f"t=out:st={seconds - fade}:d={fade}"),
            graph.add("abuffersink"),
        ]
        for a, b in zip(chain, chain[1:]):
            a.link_to(b)
        graph.configure()
        return graph

    def _drain(self, graph) -> Iterator:  # noqa: ANN001  # type: ignore[type-arg]
        while True:
            try:
                frame = graph.pull()
            except (self.av.error.BlockingIOError, self.av.error.EOFError):
                return
            frame.pts = None  # the encoder counts the samples
            yield from self.stream.encode(frame)


def add_audio(av, container, data: bytes, fade_seconds: float = 2.0) -> Sound:  # noqa: ANN001
    """An AAC stream in ``container`` (nothing written yet) for the sound ``data``."""
    return Sound(av, container, data, fade_seconds)
