"""cairocffi's C declarations parsed once per computer (render/cairoload.py), each case in a fresh interpreter."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

from flashgen.render import cairoload

DATA = Path(__file__).resolve().parents[1] / "data"

# Draws a card-like SVG with text through CairoSVG, says which cairocffi.ffi drew it, and uses the GdkPixbuf
# declarations (the second out-of-line module, which includes the first).
PROBE = """
import hashlib, json, sys
from flashgen.render.cairoload import load_cairocffi
cairo = load_cairocffi()
import cairosvg, cairocffi.pixbuf
svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60"><rect width="120" height="60" fill="#0a5"/>' \\
      b'<text x="8" y="38" font-size="20" fill="#fff">Chuy\\xe1\\xbb\\x83n \\xc4\\x91\\xe1\\xbb\\x95i s\\xe1\\xbb\\x91</text></svg>'
png = cairosvg.svg2png(bytestring=svg)
print(json.dumps({"ours": "cairoload" in (sys.modules["cairocffi.ffi"].__doc__ or ""),
                  "png": hashlib.sha256(png).hexdigest(), "pixbuf": hasattr(cairocffi.pixbuf, "decode_to_image_surface")}))
"""


def _probe(cache: Path, *, plain: bool = False) -> tuple[dict[str, object], str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    code = PROBE.replace("load_cairocffi()", "__import__('cairocffi')") if plain else PROBE
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120, check=True)
    return json.loads(done.stdout), done.stdout


def test_the_installed_cairocffi_is_one_whose_declarations_are_kept():
    spec = importlib.util.find_spec("cairocffi")
    assert spec is not None and spec.origin is not None
    digest = hashlib.sha256((Path(spec.origin).parent / "ffi.py").read_bytes()).hexdigest()
    assert digest in cairoload.KNOWN_FFI_SOURCES, (
        f"cairocffi's ffi.py is new ({digest}): every flashgen command now parses its declarations at start. "
        "Read it; if it still declares `ffi` and `ffi_pixbuf` as cairoload._write_declarations does, add the hash."
    )


def test_declarations_are_written_once_then_read_and_draw_the_same_pixels(tmp_path: Path):
    first, output = _probe(tmp_path)
    written = sorted(p.name for p in (tmp_path / "flashgen" / "cairocffi").glob("*.py"))
    second, _ = _probe(tmp_path)
    plain, _ = _probe(tmp_path / "unused", plain=True)
    assert first["ours"] and second["ours"] and not plain["ours"]
    assert len(written) == 2 and output.count("\n") == 1  # nothing but the probe's line on stdout ("generating …")
    assert sorted(p.name for p in (tmp_path / "flashgen" / "cairocffi").glob("*.py")) == written
    assert not list((tmp_path / "flashgen" / "cairocffi").glob("*.tmp"))  # each written under a temporary name
    assert first["png"] == second["png"] == plain["png"]
    assert first["pixbuf"] and second["pixbuf"]


def test_a_cache_that_cannot_be_written_leaves_cairocffi_to_parse_them(tmp_path: Path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    result, _ = _probe(blocked)
    plain, _ = _probe(tmp_path / "unused", plain=True)
    assert not result["ours"] and result["png"] == plain["png"]


def test_a_damaged_kept_module_is_written_again(tmp_path: Path):
    _probe(tmp_path)
    damaged = list((tmp_path / "flashgen" / "cairocffi").glob("flashgen_cairo_ffi_*.py"))
    for kept in damaged:
        kept.write_text("raise RuntimeError('damaged')\n", encoding="utf-8")
    result, _ = _probe(tmp_path)
    assert result["ours"] and result["pixbuf"]
    assert len(damaged) == 1 and "damaged" not in damaged[0].read_text(encoding="utf-8")


def test_a_build_draws_with_the_kept_declarations(tmp_path: Path):
    code = (
        "import sys\nfrom flashgen.cli import main\n"
        f"sys.argv = ['flashgen', 'build', '--content', {str(DATA / 'minimal.yaml')!r}, '--out', {str(tmp_path / 'out')!r},"
        " '-p', 'flashcards', '-s', 'a6']\n"
        "try:\n    main()\nexcept SystemExit as end:\n    assert not end.code, end.code\n"
        "print(sys.modules['cairocffi.ffi'].__doc__)\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "cairoload" in done.stdout.splitlines()[-1] and (tmp_path / "out" / "flashcards" / "a6" / "front-01.png").is_file()
