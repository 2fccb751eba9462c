"""Render many images at once: on every core, and only when something changed.

Takes ``RasterJob``s (a finished SVG, the pixel size, how to encode it) and
returns the encoded bytes in the same order. Jobs run in worker processes
(cairo does not scale with threads), each with flashgen's private fontconfig
inherited from the parent; they ignore Ctrl-C and end if the build is killed.
A build that stops early (Ctrl-C, an error) kills its workers instead of
waiting for what they are drawing (``stop_at_once``). A job whose key — a hash of everything the image
depends on — matches a file of the previous build is not rendered again: the
previous file's bytes are reused. ``run_job`` also draws a ``StripJob`` (a tall
image in strips, strips.py), given the last build's image to copy from.
"""

from __future__ import annotations

import ctypes
import gc
import math
import multiprocessing
import os
import signal
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Protocol, TypeVar

from flashgen import __version__
from flashgen.errors import FlashgenError
from flashgen.i18n import _
from flashgen.load.presets import Platform
from flashgen.render import draw as render
from flashgen.render.encode import encode_for, png_bytes
from flashgen.render.strips import StripJob, draw_strips, strip_png
from flashgen.text import memo

T = TypeVar("T")
PR_SET_PDEATHSIG = 1  # Linux prctl(2): the signal a process gets when its parent dies
KILLED_WITHIN_SECONDS = 1.0  # SIGKILL takes milliseconds; a process stuck in the kernel is not waited for longer


@dataclass(frozen=True)
class RasterJob:
    """One image to draw: ``encoding`` is "png-dpi" (print: opaque, the dpi recorded), "png-srgb"
    (screen: the sRGB profile embedded) or a ``Platform`` (its format and size limit)."""

    name: str  # the output file, for messages
    svg: bytes
    pixels: tuple[int, int]
    dpi: float
    encoding: str | Platform
    fonts_key: str  # a hash of the font files, which the SVG names but does not contain
    source: str = ""  # the template the SVG was made from, for messages (not part of the key)

    @property
    def key(self) -> str:
        return render.drawing_key(self.svg, __version__, repr(self.pixels), repr(self.dpi), repr(self.encoding),
                                  self.fonts_key)


class Reusable(Protocol):
    """The last build's files by render key (output/manifest.py ``PreviousBuild``)."""

    def file(self, key: str) -> bytes | None: ...

    def present(self, key: str) -> bool: ...


def run_job(job: RasterJob | StripJob, last: tuple[str, bytes] | None = None) -> bytes:
    """The encoded image of ``job``; a tall image in strips copies what it can from ``last`` (the last build's
    image of it: its key and file; strips.py)."""
    try:
        if isinstance(job, StripJob) and isinstance(job.encoding, str):  # a PNG of flashgen's own, in segments
            return strip_png(job, last)
        if isinstance(job, StripJob):
            image = draw_strips(job)
        else:
            image = render.render_image(job.svg, job.pixels, job.dpi)
    except FlashgenError as exc:
        source = _(" (template {file})").format(file=job.source) if isinstance(job, RasterJob) and job.source else ""
        raise FlashgenError(f"{job.name}{source}: {exc.message}", code=exc.code) from None
    if isinstance(job.encoding, Platform):
        return encode_for(image, job.encoding, job.name)
    if job.encoding == "png-dpi":
        return render.encode_png(render.on_paper(image), job.dpi)
    return png_bytes(image)


def _start_worker(build: int) -> None:
    # Ctrl-C reaches every process of the terminal; the build stops its workers
    # itself, so a worker must not die with a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A worker of a killed build would wait for work for ever: end with the build.
    with suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != build:  # the build died before the line above
        os._exit(1)


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _start_pool(count: int) -> ProcessPoolExecutor:
    """``count`` worker processes, all started now: a computer that cannot start them
    (too many processes already) says so here, before any work is given out."""
    # fork: workers inherit the configured fontconfig and the verified fonts.
    pool = ProcessPoolExecutor(
        max_workers=count, mp_context=multiprocessing.get_context("fork"),
        initializer=_start_worker, initargs=(os.getpid(),),
    )
    # What the build has loaded so far is frozen for the garbage collector (until the workers end: see
    # Workers.__exit__): the workers never collect it, nor the build's process during the build. Each full
    # collection walked all of it, 0.25 s of each worker's CPU and 0.1 s of the build's in an edit build, and in
    # a worker touching it copied the memory pages it shares with the build's process.
    gc.freeze()
    try:
        pool.submit(os.getpid).result()  # with fork, the first task starts every worker
    except OSError as exc:
        stop_at_once(pool)
        gc.unfreeze()
        raise FlashgenError(
            _(
                "could not start {count} processes to draw the images ({reason}): the computer is running "
                "as many programs as it allows. Close some, or run again with --jobs 1."
            ).format(count=count, reason=exc.strerror),
            code="no-processes",
        ) from None
    except BaseException:  # Ctrl-C while they start: Python would wait at exit for workers idle for ever
        stop_at_once(pool)
        gc.unfreeze()
        raise
    return pool


def stop_at_once(pool: ProcessPoolExecutor) -> None:
    """Kill the workers, whatever they are drawing, and let go of the pool without waiting for any work.

    Killing alone can hang the pool: a worker killed while it sends a result
    (an image is larger than a pipe holds, so sending takes a while) leaves half
    a message in the result pipe, and the pool's thread then waits in
    ``recv`` for the rest for ever; ``shutdown`` and Python's exit wait for
    that thread. This is what hung 2 failing builds in 40 when workers were
    terminated before (and 20 runs in 20 in a test sending 8 MB results).
    The parent holds the pipe's only other writing end: once the workers are
    dead, closing it ends that ``recv`` (end of file), the pool sees itself
    broken and its thread ends at once (0 hangs in the same 20 runs).
    """
    processes = list((pool._processes or {}).values())  # no public way to reach them before Python 3.14
    for process in processes:
        process.kill()  # SIGKILL: a worker ignores Ctrl-C, and a drawing in C never returns to Python
    for process in processes:
        process.join(KILLED_WITHIN_SECONDS)  # the pipe's writing ends close only when they are gone
    if pool._result_queue is not None:
        pool._result_queue._writer.close()
    pool.shutdown(wait=True)  # not cancel_futures: see _drawn_on


class Workers:
    """The build's worker processes (or none, for --jobs 1), shared by every product.

    Whole documents (a booklet, a poster) are started early with ``start`` so
    they run while the images are drawn; images go through ``run_jobs``.
    """

    def __init__(self, count: int, known_seconds: Mapping[str, float] | None = None) -> None:
        self.count = min(count, default_workers())  # more workers than cores only compete for them
        self.pool = _start_pool(self.count) if self.count > 1 else None
        self.abandoned = False
        self.known_seconds = dict(known_seconds or {})  # CPU seconds of each started job in the last build
        self.seconds: dict[str, float] = {}  # ... in this one, by ``_label``
        self._labels: Counter[str] = Counter()
        self._held: list[_Job] | None = None  # started inside ``longest_first``, not yet handed out
        self._queued: list[_Job] = []  # handed out, perhaps not yet begun by a worker (``_help``)

    def abandon(self) -> None:
        """What the workers are still making will not be used: the end of the build kills them, not waits."""
        self.abandoned = True

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        if self.pool is None:
            return
        try:
            if kind is None and not self.abandoned:  # a finished build: nothing is left to draw
                self.pool.shutdown(wait=True)
            else:  # stopped or failed: what the workers draw will not be used, and may take minutes
                stop_at_once(self.pool)
        finally:
            gc.unfreeze()  # frozen when they started (_start_pool): collected again (flashgen watch runs for hours)

    def start(self, function: Callable[..., T], *args: object, then: Callable[[T], T] | None = None) -> Callable[[], T]:
        """Begin ``function(*args)`` (inside ``longest_first``: when it ends), passed through ``then`` on the same
        worker if given; the returned callable waits for and returns its result, making queued jobs itself while it
        waits (``_help``)."""
        if then is not None:  # (labelled by ``function``: the same job in the next build)
            label, function, args = self._label(function), _then, (then, function, *args)
        else:
            label = self._label(function)
        if self.pool is None:  # no workers: run it when the result is first asked for
            return self.later(function, *args)
        job = _Job(label, function, args)
        if self._held is None:
            self._submit(job)
        else:
            self._held.append(job)

        def result() -> T:
            self._release()  # (asked for before the held jobs were handed out: hand them out now)
            if not job.made_here():
                while job.future is not None and not job.future.done() and self._help():
                    pass
            value, self.seconds[job.label] = job.outcome()
            return value  # type: ignore[no-any-return]

        return _once(result)  # a result asked for twice is made once

    def _submit(self, job: _Job) -> None:
        assert self.pool is not None
        job.future = self.pool.submit(_flushed, job.function, *job.args)
        self._queued.append(job)

    def _help(self) -> bool:
        """Make one job no worker has begun, here (the last handed out: with ``longest_first``, the shortest).
        False if there is none: the build's process has nothing to do but wait.

        Near the end of a build both workers are busy with the last documents
        while the build's process, its own work done, only waited for them.
        """
        while self._queued:
            if self._queued.pop().made_here():
                return True
        return False

    @contextmanager
    def longest_first(self) -> Iterator[None]:
        """Jobs started inside are handed to the workers when it ends, those that took longest in the last build
        first (and those it did not make before them): the workers end together, instead of one making the
        slides' deck alone at the end of the build while the other waits."""
        self._held = []
        try:
            yield
        except BaseException:
            self._held = None  # the build stops: nothing is handed out
            raise
        self._release()

    def _release(self) -> None:
        held, self._held = self._held or [], None
        for job in sorted(held, key=lambda job: -self.known_seconds.get(job.label, math.inf)):
            self._submit(job)

    def _label(self, function: Callable[..., object]) -> str:
        """``module.function#n``: the n-th job of that function in this build (a booklet's A4 and A5, an
        infographic's layouts), which names the same job in the next build of the same products."""
        name = f"{function.__module__}.{function.__qualname__}"
        self._labels[name] += 1
        return f"{name}#{self._labels[name] - 1}"

    @staticmethod
    def later(function: Callable[..., T], *args: object) -> Callable[[], T]:
        """``function(*args)`` run in this process when its result is first asked for, once (never, if not asked)."""
        return _once(lambda: function(*args))

    def run_jobs(self, jobs: list[RasterJob], previous: Reusable, done: Callable[[], None]) -> Iterator[bytes]:
        """The encoded bytes of every job, in order; ``previous.file(key)`` may give a previous build's file.

        Results are handed on one at a time as they come (the caller writes
        each to disk), never all held at once: a 1000-item campaign makes
        gigabytes of images.
        """
        # First pass: which files look reusable (there, of their listed size). Each is read and its checksum
        # checked at its turn, once: reading and hashing every reused file twice cost an edit build 0.1 s.
        reused = [previous.present(job.key) for job in jobs]
        for _reused in filter(None, reused):
            done()
        pending = [job for job, old in zip(jobs, reused) if not old]
        if self.pool is not None and len(pending) > 1:
            drawn: Iterator[bytes] = _drawn_on(self.pool, pending)
        else:
            drawn = map(run_job, pending)
        for job, old in zip(jobs, reused):
            data = previous.file(job.key) if old else next(drawn)
            if data is None:  # not as listed after all (damaged, or changed since the first pass): drawn here
                data = run_job(job)
            if not old:
                done()
            yield data


def _then(then: Callable[[T], T], function: Callable[..., T], *args: object) -> T:
    return then(function(*args))


def _flushed(function: Callable[..., T], *args: object) -> tuple[T, float]:
    """``function(*args)`` on a worker, then the text it set written to the layout cache (text/memo.py); with the
    CPU seconds it took."""
    try:
        return _timed(function, *args)
    finally:
        memo.flush()


class _Job:
    """A job given to ``Workers.start``: made by a worker, or by the build's own process if none has begun it."""

    def __init__(self, label: str, function: Callable[..., object], args: tuple[object, ...]) -> None:
        self.label, self.function, self.args = label, function, args
        self.future: Future[tuple[object, float]] | None = None
        self._here: tuple[object, float] | None = None
        self._failure: Exception | None = None  # raised when its own result is asked for, with its own context

    def made_here(self) -> bool:
        """Make it in this process now if no worker has begun it (and it is not made yet)."""
        if self._here is not None or self._failure is not None or self.future is None or not self.future.cancel():
            return False
        try:
            self._here = _timed(self.function, *self.args)
        except Exception as exc:  # noqa: BLE001 - kept for whoever asks for this job's result
            self._failure = exc
        return True

    def outcome(self) -> tuple[object, float]:
        """(result, CPU seconds), waiting for the worker making it if it was not made here."""
        if self._failure is not None:
            raise self._failure
        if self._here is not None:
            return self._here
        assert self.future is not None
        return self.future.result()


def _timed(function: Callable[..., T], *args: object) -> tuple[T, float]:
    began = time.process_time()
    return function(*args), time.process_time() - began


def _drawn_on(pool: ProcessPoolExecutor, jobs: list[RasterJob]) -> Iterator[bytes]:
    """``pool.map(run_job, jobs)``, except that a caller stopped half way cancels nothing.

    ``map`` cancels the jobs not yet begun when it is left early, and Python
    3.11's pool, broken by ``stop_at_once`` just after, then fails in its own
    thread (InvalidStateError, printed) trying to fail those cancelled jobs.
    """
    futures = deque((pool.submit(run_job, job), job) for job in jobs)
    while futures:
        future, job = futures.popleft()
        yield _result(future, run_job, job)


def _once(compute: Callable[[], T]) -> Callable[[], T]:
    """``compute``, run when its result is first asked for; later calls return that result."""
    done: list[T] = []

    def result() -> T:
        if not done:
            done.append(compute())
        return done[0]

    return result


def _result(future: Future[T], function: Callable[..., T], *args: object) -> T:
    """The result of ``future`` (``function(*args)`` on a worker); if no worker has begun it yet, the build's
    own process makes it now instead of waiting for its turn.

    After an edit the workers are busy with the documents started first, and
    the few changed card images queued behind them would keep the build
    waiting: the build's process, idle until then, draws them itself. A
    future a worker has taken (the pool hands out only a few ahead) cannot be
    cancelled and is waited for.
    """
    if future.cancel():
        return function(*args)
    return future.result()
