"""Video benchmark: run `python benchmarks/video.py [--profile]` (about a minute on 2 cores; needs the video extra).

Times the 1080p album video (preset `led`, 1920 × 1080, flashgen/data/video.yaml's timing and entrance) of
the bundled 17-point set: drawing the 19 album images (each item's also without its heading and the heading
alone, for its entrance), then encoding the clip, and prints how many times faster than real time the whole
is (the issue asks for at least 4×). Also prints the CPU seconds, which say what the figure would be on an
idle machine when other work shares the cores, and the load average. With --profile, where the encoding's
time goes (x264, colour conversion, blending, the entrance's compositing). Nothing here asserts a time.
"""

from __future__ import annotations

import cProfile
import os
import pstats
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from flashgen.build import build
from flashgen.options import BuildOptions
from flashgen.products import video as product
from flashgen.render import video as encoder


def _cpu() -> float:
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def main() -> None:
    table = product.video_table()
    led = table.presets["led"]
    captured: dict[str, object] = {}

    def capture(svgs, holds, spec, headings, audio):  # run in this process: no worker, nothing encoded yet
        captured.update(svgs=svgs, holds=holds, spec=spec, headings=headings)
        return b""

    product.render_video = capture  # lay out once through the real build, to get the clip's frames and timing
    product.video_table = lambda: replace(table, presets={"led": led})
    with tempfile.TemporaryDirectory() as folder:
        build(BuildOptions(out_dir=Path(folder) / "out", products=("video",), jobs=1))
    svgs, holds, spec, headings = captured["svgs"], captured["holds"], captured["spec"], captured["headings"]
    seconds = encoder.total_frames(encoder.timeline(holds, spec)) / spec.fps
    start, cpu = time.perf_counter(), _cpu()
    shots = [encoder.draw_shot(svg, spec.pixels, headings) for svg in svgs]
    drawn = time.perf_counter() - start
    profile = cProfile.Profile() if "--profile" in sys.argv else None
    if profile:
        profile.enable()
    data = encoder.encode(shots, holds, spec)
    wall, cpu = time.perf_counter() - start, _cpu() - cpu
    if profile:
        profile.disable()
        pstats.Stats(profile).sort_stats("tottime").print_stats(8)
    print(f"1080p album video of the 17-point set: {len(svgs)} images, {seconds:.1f} s of video at {spec.fps} fps, "
          f"{len(data) / 1024 / 1024:.1f} MB")
    print(f"  drawn in {drawn:.1f} s; drawn and encoded in {wall:.1f} s wall, {cpu:.1f} s CPU")
    print(f"  {seconds / wall:.1f}x faster than real time (wall); {seconds / cpu * 2:.1f}x on 2 idle cores (CPU time)")
    print(f"  load average during the run: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
