"""The web app's live preview after an edit: run `python benchmarks/preview.py` (about half a minute).

Makes a project of the 17 points (contrast, `flashgen init`'s example) in a temporary
workspace, starts the app (flashgen/app/server.py) under Starlette's TestClient, opens
one preview (loads the project's inputs once), then makes ``--runs`` edits: each
changes one item's heading (a different item each time, the text one word longer) and
asks for its preview through HTTP, as the page does ~150 ms after typing stops. Prints
the median and the 90th percentile of those requests (validation, layout, check's
findings, drawing, PNG, base64, JSON), the first one apart, and the load average, so
the numbers can be read against how busy the machine was. The target is ≤ 300 ms median.
Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from starlette.testclient import TestClient

from flashgen.app.server import create_app
from flashgen.i18n import use_language
from flashgen.scaffold import create_project


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50, help="previews after an edit (default 50)")
    arguments = parser.parse_args()
    use_language("en")
    with tempfile.TemporaryDirectory(prefix="flashgen-preview-bench-") as scratch:
        workspace = Path(scratch)
        create_project(workspace / "17-diem", "contrast")
        client = TestClient(create_app(workspace), base_url="http://127.0.0.1:8765")
        items = client.get("/api/projects/17-diem").json()["items"]
        started = time.perf_counter()
        first = client.post("/api/projects/17-diem/preview", json={"item": items[0], "index": 0})
        first_ms = (time.perf_counter() - started) * 1000
        assert first.status_code == 200, first.text
        times, findings = [], 0
        for run in range(arguments.runs):
            index = run % len(items)
            item = dict(items[index], heading=f"{items[index]['heading']} mới")  # one word more: a real edit
            started = time.perf_counter()
            answer = client.post("/api/projects/17-diem/preview", json={"item": item, "index": index})
            times.append((time.perf_counter() - started) * 1000)
            assert answer.status_code == 200, answer.text
            findings += len(answer.json()["findings"])
    load = os.getloadavg()
    print(f"preview after an edit, 17-point project, {arguments.runs} runs on {os.cpu_count()} cores:")
    print(f"  median {statistics.median(times):.0f} ms, p90 {percentile(times, 0.9):.0f} ms, "
          f"min {min(times):.0f} ms, max {max(times):.0f} ms (target: median <= 300 ms)")
    print(f"  first preview of the project (inputs loaded): {first_ms:.0f} ms; findings shown: {findings}")
    print(f"  load average during the run: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
