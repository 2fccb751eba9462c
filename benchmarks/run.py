"""flashgen benchmarks: run `python benchmarks/run.py` (about 4 minutes on 2 cores).

Prints, for this machine:
  (a) per image: flashgen's pipeline (lay out + render + encode) against the floor
      (cairo rendering the same final SVG + the same PNG encode), as a ratio;
  (b) the full default build, cold (three times each, in turns) and as a no-op rebuild, with --jobs 1 and --jobs 2;
  (c) time and peak memory for synthetic campaigns of 200 and 1000 items (flashcards, social size);
  (d) the same card exported by the Inkscape command line, if `inkscape` is installed;
  (e) the designer's loop: cold build, no-op, edit one item and rebuild (benchmarks/incremental.py).
Medians of repeated runs where a run is short. Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from flashgen.compose.card import compose_card
from flashgen.load.content import load_campaign
from flashgen.load.fonts import FontBook
from flashgen.load.resources import DEFAULT_CONTENT, FONTS_DIR, TEMPLATES_DIR
from flashgen.load.template import load_template
from flashgen.merge.cards import card_templates_needed, merge_cards
from flashgen.options import choose_sizes
from flashgen.render import draw as render
from flashgen.render import pngfile
from flashgen.text.wordbreak import WordBreaker


def load_templates(sizes: list, templates_dir: Path, fonts: FontBook, campaign) -> dict:  # type: ignore[no-untyped-def]
    """The templates the campaign shows at ``sizes``, by (size, file name), as the build loads them."""
    fields, by_name = campaign.field_names(), {s.name: s for s in sizes}
    return {
        (size, name): load_template(templates_dir / name, by_name[size], fonts, fields)
        for size, name in card_templates_needed(campaign, sizes, ())
    }


def per_image() -> None:
    campaign = load_campaign(DEFAULT_CONTENT)
    fonts = FontBook.from_folders((FONTS_DIR,))
    sizes = choose_sizes(("social",))
    templates = load_templates(sizes, TEMPLATES_DIR, fonts, campaign)
    render.prepare(fonts)
    breaker = WordBreaker.for_glossary(campaign.glossary)
    cards = merge_cards(campaign, templates, sizes)
    import cairosvg.parser
    import cairosvg.surface
    from PIL import Image

    def floor_image(svg: bytes) -> None:
        surface = cairosvg.surface.PNGSurface(cairosvg.parser.Tree(bytestring=svg), None, 96)
        data = surface.cairo
        # The bundled cards are opaque: decode cairo's pixels straight to RGB, the fastest way there is.
        image = Image.frombuffer("RGB", (data.get_width(), data.get_height()), bytes(data.get_data()), "raw", "BGRX", data.get_stride(), 1)
        pngfile.encode(image)

    for card in cards:  # draw each card once first: both sides then find cairo's glyph caches warm
        floor_image(compose_card(card, breaker).svg)
    pipeline, floor = [], []
    for round_number, card in enumerate(cards * 3):
        start = time.perf_counter()
        document = compose_card(card, breaker)
        compose_time = time.perf_counter() - start
        draws = [
            ("pipeline", lambda: render.encode_png(render.render_image(document.svg, card.size.pixels, 96))),
            ("floor", lambda: floor_image(document.svg)),
        ]
        for name, draw in draws if round_number % 2 == 0 else reversed(draws):  # alternate which goes first
            start = time.perf_counter()
            draw()
            elapsed = time.perf_counter() - start
            (pipeline if name == "pipeline" else floor).append(elapsed + (compose_time if name == "pipeline" else 0.0))
    p, f = statistics.median(pipeline), statistics.median(floor)
    print(f"(a) per image, 1080×1350 card: pipeline {p * 1000:.1f} ms, floor {f * 1000:.1f} ms, ratio {p / f:.2f}")


# Runs one flashgen command and prints the peak memory of that run alone (its process and
# workers): RUSAGE_CHILDREN of the benchmark itself would carry the peak of earlier runs.
_MEASURE = (
    "import resource, subprocess, sys; "
    "subprocess.run([sys.executable, '-m', 'flashgen', *sys.argv[1:]], check=True, capture_output=True); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def _timed(args: list[str], cwd: Path) -> tuple[float, float]:
    """Wall time and peak memory (MB) of a flashgen run in a child process."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _MEASURE, *args], cwd=cwd, check=True, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    return elapsed, int(done.stdout.split()[-1]) / 1024


def full_build(work: Path, rounds: int = 3) -> None:
    """Cold builds at --jobs 1 and 2, taken in turns so that a slow spell of the machine hits both alike."""
    cold: dict[int, list[float]] = {1: [], 2: []}
    for round_number in range(rounds):
        for jobs in (1, 2):
            out = work / f"out-{jobs}-{round_number}"
            cold[jobs].append(_timed(["build", "--jobs", str(jobs), "--out", str(out)], work)[0])
    for jobs in (1, 2):
        out = work / f"out-{jobs}-0"
        warm = statistics.median(_timed(["build", "--jobs", str(jobs), "--out", str(out)], work)[0] for _ in range(3))
        runs = ", ".join(f"{t:.1f}" for t in cold[jobs])
        print(f"(b) full default build, --jobs {jobs}: cold {statistics.median(cold[jobs]):.1f} s (median of {runs}), no-op rebuild {warm:.2f} s")
    ratios = ", ".join(f"{one / two:.2f}" for one, two in zip(cold[1], cold[2]))
    print(f"    --jobs 2 is {statistics.median(cold[1]) / statistics.median(cold[2]):.2f}× faster than --jobs 1 (medians; round by round {ratios})")


def synthetic(work: Path, count: int) -> Path:
    text = DEFAULT_CONTENT.read_text(encoding="utf-8")
    head, items = text.split("items:\n", 1)
    items, messages = items.split("messages:\n", 1)
    blocks = ["  - number:" + block for block in items.split("  - number:")[1:]]
    lines = []
    for number in range(1, count + 1):
        block = blocks[(number - 1) % len(blocks)]
        first, rest = block.split("\n", 1)
        lines.append(f"  - number: {number}\n{rest}")
    path = work / f"campaign-{count}.yaml"
    path.write_text(head + "items:\n" + "".join(lines) + "messages:\n" + messages, encoding="utf-8")
    return path


def large(work: Path) -> None:
    previous = None
    for count in (200, 1000):
        content = synthetic(work, count)
        elapsed, peak = _timed(
            ["build", "--content", str(content), "--product", "flashcards", "--size", "social", "--out", str(work / f"big-{count}")], work
        )
        rate = elapsed / count
        trend = f", {rate / previous:.2f}× the time per item of the smaller one" if previous else ""
        print(f"(c) {count} items (flashcards, social size, {2 * count} images): {elapsed:.1f} s, peak memory {peak:.0f} MB{trend}")
        previous = rate


def inkscape(work: Path) -> None:
    if not shutil.which("inkscape"):
        print("(d) inkscape is not installed: skipped (apt-get install inkscape to compare)")
        return
    campaign = load_campaign(DEFAULT_CONTENT)
    fonts = FontBook.from_folders((FONTS_DIR,))
    sizes = choose_sizes(("social",))
    templates = load_templates(sizes, TEMPLATES_DIR, fonts, campaign)
    render.prepare(fonts)
    card = merge_cards(campaign, templates, sizes)[0]
    document = compose_card(card, WordBreaker.for_glossary(campaign.glossary))
    svg = work / "card.svg"
    svg.write_bytes(document.svg)
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run(["inkscape", str(svg), "--export-type=png", f"--export-filename={work / 'card.png'}"], check=True, capture_output=True)
        runs.append(time.perf_counter() - start)
    breaker = WordBreaker.for_glossary(campaign.glossary)
    ours_runs = []
    for _ in range(5):  # the whole per-card work: lay out, draw, encode (fonts already loaded, as in a build)
        start = time.perf_counter()
        render.encode_png(render.render_image(compose_card(card, breaker).svg, card.size.pixels, 96))
        ours_runs.append(time.perf_counter() - start)
    ours = statistics.median(ours_runs)
    print(f"(d) one card: inkscape {statistics.median(runs):.2f} s, flashgen {ours * 1000:.0f} ms, ratio {statistics.median(runs) / ours:.0f}×")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--skip-large", action="store_true", help="leave out (c), the slowest part")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="flashgen-bench-") as folder:
        work = Path(folder)
        per_image()
        full_build(work)
        if not args.skip_large:
            large(work)
        inkscape(work)
    import incremental  # benchmarks/incremental.py, beside this script (run as `python benchmarks/run.py`)

    incremental.main()


if __name__ == "__main__":
    main()
