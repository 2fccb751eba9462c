"""Incremental-build benchmark: run `python benchmarks/incremental.py` (about 5 minutes on 2 cores).

A designer's loop is "change one line, look at everything". For the bundled
17-point campaign (a copy, in a temporary folder) this prints, as medians of
``--rounds`` runs (3 by default), each with the load average before it:

- the cold default build, the no-op rebuild, and the rebuild after editing one
  item's ``to`` line (item 3), with the edit's share of the cold build;
- `flashgen watch` (in this process, as the command runs it): seconds from
  the save of an item's edit to its cards on disk, and to every product;
- with ``--per-product``, the same cold / edit pair for each default product
  alone (``--product NAME``, ``--product-rounds`` runs), to say where the time goes.

Wall time and CPU seconds (the build and its workers) are printed: on a shared
machine the CPU seconds say what the wall time would be on an idle one. Runs of
one kind are taken in turns with the others, so a slow spell hits all alike.
With ``--before FOLDER`` (a source tree of the flashgen to compare with, e.g.
``git archive main | tar -x -C /tmp/before``; ``--before-python``: the Python of
another environment to run it with), the full loop runs with that flashgen and
this one in turns and prints both. Nothing here asserts a time.
``benchmarks/run.py`` calls ``main`` as part (e).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from flashgen.load.resources import DEFAULT_CONTENT
from flashgen.products import PRODUCTS

EDITED_ITEM = 3  # the item whose `to` line the edit changes


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float
    load: float  # the 1-minute load average just before the run


def _cpu_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@dataclass(frozen=True)
class Flashgen:
    """A flashgen to run: its source tree (None: the installed one) and the Python that runs it (with the
    libraries of its own environment: another Typer, say)."""

    source: Path | None = None
    python: str = sys.executable


def flashgen(args: list[str], cwd: Path, which: Flashgen = Flashgen()) -> Run:
    """One flashgen command in a child process: wall time, CPU seconds of it and its workers."""
    env = {**os.environ, "PYTHONPATH": str(which.source)} if which.source else None
    load = os.getloadavg()[0]
    cpu, start = _cpu_children(), time.perf_counter()
    subprocess.run([which.python, "-m", "flashgen", *args], cwd=cwd, check=True, capture_output=True, env=env)
    return Run(time.perf_counter() - start, _cpu_children() - cpu, load)


def edit_item(content: Path, number: int, suffix: str) -> None:
    """Append ``suffix`` to item ``number``'s `to` line (the edit a designer makes)."""
    lines = content.read_text(encoding="utf-8").split("\n")
    item = None
    for index, line in enumerate(lines):
        if line.startswith("  - number: "):
            item = int(line.split(":")[1])
        elif item == number and line.startswith("    to: ") and line.endswith('"'):
            lines[index] = line[:-1] + suffix + '"'
            break
    else:
        raise SystemExit(f"item {number} has no `to:` line in {content}")
    content.write_text("\n".join(lines), encoding="utf-8")


def loop(work: Path, name: str, products: tuple[str, ...], round_number: int, which: Flashgen = Flashgen()) -> dict[str, Run]:
    """Cold build, no-op rebuild, then edit one item and rebuild, of a fresh copy of the content."""
    content = work / f"{name}-{round_number}.yaml"
    content.write_text(DEFAULT_CONTENT.read_text(encoding="utf-8"), encoding="utf-8")
    out = work / f"out-{name}-{round_number}"
    args = ["build", "--content", str(content), "--out", str(out)]
    args += [option for product in products for option in ("--product", product)]
    runs = {"cold": flashgen(args, work, which), "no-op": flashgen(args, work, which)}
    edit_item(content, EDITED_ITEM, f" (sửa lần {round_number})")
    runs["edit"] = flashgen(args, work, which)
    return runs


class _Recorder:
    """A watch report that remembers when each build ended and what ``cards_ready`` said."""

    def __init__(self) -> None:
        self.events: list[tuple[str, object, float]] = []
        self.changed = threading.Condition()

    def _add(self, kind: str, value: object = None) -> None:
        with self.changed:
            self.events.append((kind, value, time.time()))
            self.changed.notify_all()

    def watching(self, paths: object) -> None: ...
    def building(self, changed: object) -> None: ...
    def start(self, total: int, label: str) -> None: ...
    def advance(self) -> None: ...
    def stopped(self) -> None: ...

    def cards_ready(self, ready: object) -> None:
        self._add("cards", ready)

    def built(self, outcome: object) -> None:
        self._add("built", outcome)

    def failed(self, message: str, written: object = None) -> None:
        self._add("failed", message)

    def wait(self, count: int) -> None:
        with self.changed:
            self.changed.wait_for(lambda: sum(kind in ("built", "failed") for kind, *_ in self.events) >= count, 600)


def watch_latency(work: Path, rounds: int) -> None:
    """`flashgen watch` on the default products: after each save, seconds to the item's cards and to the end."""
    from flashgen.options import BuildOptions
    from flashgen.watch import watch

    content = work / "watched.yaml"
    original = DEFAULT_CONTENT.read_text(encoding="utf-8")
    content.write_text(original, encoding="utf-8")
    # Every save changes one letter of item 3's line, from a watch started with that line: a one-item edit that
    # leaves the line's length (and so the card set's type size, compose/sets.py) as it was. Edits piled up
    # round after round would change the type size of every card of the set, not one item's cards.
    edit_item(content, EDITED_ITEM, " (lưu lần X)")
    report, stop = _Recorder(), threading.Event()
    thread = threading.Thread(target=watch, args=(BuildOptions(content=content, out_dir=work / "watched"), report),
                              kwargs={"stop": stop}, daemon=True)
    thread.start()
    report.wait(1)
    cards, full, announced = [], [], []
    for number in range(rounds):
        content.write_text(original, encoding="utf-8")  # (the watch does not build before this settles)
        edit_item(content, EDITED_ITEM, f" (lưu lần {number % 10})")
        saved = content.stat().st_mtime
        report.wait(number + 2)
        kind, ready, _when = next(event for event in reversed(report.events) if event[0] == "cards")
        cards.append(ready.seconds)  # type: ignore[attr-defined]
        announced.append(len(ready.files))  # type: ignore[attr-defined]
        full.append(report.events[-1][2] - saved)
    stop.set()
    thread.join(60)
    print(f"(f) flashgen watch, edit item {EDITED_ITEM} and save (median of {rounds}, load {os.getloadavg()[0]:.1f}): "
          f"its cards on disk {statistics.median(cards):.2f} s after the save, every product "
          f"{statistics.median(full):.1f} s [cards by round: {', '.join(f'{c:.2f}' for c in cards)}; "
          f"files announced by round: {', '.join(str(n) for n in announced)}]")


def _median(runs: list[Run]) -> Run:
    return Run(*(statistics.median(getattr(r, f) for r in runs) for f in ("wall", "cpu", "load")))


def report(label: str, rounds: list[dict[str, Run]]) -> None:
    cold, noop, edit = (_median([r[kind] for r in rounds]) for kind in ("cold", "no-op", "edit"))
    walls = ", ".join(f"{r['edit'].wall:.1f}/{r['cold'].wall:.1f}" for r in rounds)
    print(f"  {label:<12} cold {cold.wall:5.1f} s ({cold.cpu:5.1f} CPU s), no-op {noop.wall:4.2f} s, "
          f"edit {edit.wall:5.1f} s ({edit.cpu:5.1f} CPU s) = {edit.wall / cold.wall:4.0%} of cold wall, "
          f"{edit.cpu / cold.cpu:4.0%} of cold CPU; load {cold.load:.1f}  [edit/cold by round: {walls}]")


def main(rounds: int = 3, per_product: bool = False, product_rounds: int = 1, before: Flashgen | None = None,
         watch_only: bool = False) -> None:
    with tempfile.TemporaryDirectory(prefix="flashgen-incremental-") as folder:
        work = Path(folder)
        if watch_only:  # part (f) alone; compare flashgens with PYTHONPATH=FOLDER (it is run in this process)
            watch_latency(work, rounds)
            return
        print(f"(e) edit item {EDITED_ITEM}'s `to` line and rebuild (medians of {rounds}; load = 1-minute average):")
        if before is not None:  # the same loop with another flashgen, in turns: a slow spell hits both alike
            pairs = [(loop(work, "before", (), n, before), loop(work, "after", (), n)) for n in range(rounds)]
            report("before", [pair[0] for pair in pairs])
            report("after", [pair[1] for pair in pairs])
            return
        report("all", [loop(work, "all", (), n) for n in range(rounds)])
        watch_latency(work, rounds)
        if per_product:
            for name, product in PRODUCTS.items():
                if product.default:
                    report(name, [loop(work, name, (name,), n) for n in range(product_rounds)])


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--per-product", action="store_true", help="also each default product alone")
    parser.add_argument("--product-rounds", type=int, default=1, help="runs of each product alone")
    parser.add_argument("--before", type=Path, help="a source tree of another flashgen (`git archive main`) to run "
                        "in turns with this one (its folder holding the flashgen package)")
    parser.add_argument("--before-python", default=sys.executable, help="the Python that runs --before (one of "
                        "another environment, e.g. with the libraries that flashgen was measured with)")
    parser.add_argument("--watch-only", action="store_true", help="only part (f), `flashgen watch`'s latency")
    arguments = parser.parse_args()
    earlier = Flashgen(arguments.before, arguments.before_python) if arguments.before else None
    main(arguments.rounds, arguments.per_product, arguments.product_rounds, earlier, arguments.watch_only)
