"""cairocffi with its C declarations read once per computer, not at every start: part of stage 5, render.

cairocffi, CairoSVG's binding to cairo, hands about 1,400 lines of C
declarations to cffi each time it is imported, and cffi parses them with
pycparser: a quarter of a second of every flashgen command that draws, spent
in the build's process before its workers start (so in a cold build and in a
rebuild after an edit alike), and again in every test process.

cffi's out-of-line ABI mode (https://cffi.readthedocs.io/en/stable/cdef.html)
parses declarations once and writes the result as a small Python module that
loads in milliseconds. ``load_cairocffi`` keeps that module for cairocffi's
own declarations in the user's cache folder, named by a hash of cairocffi's
``ffi.py`` and ``constants.py`` (where the declarations are) and cffi's
version, and imports cairocffi with it as ``cairocffi.ffi``. It does so only
for the ``ffi.py`` it was written against (KNOWN_FFI_SOURCES: two FFI objects,
cairo's and GdkPixbuf's, and the XCB declarations only if xcffib is installed,
so never here when it is). Anything else (another cairocffi, xcffib installed,
a cache folder that cannot be written) leaves cairocffi to parse them itself:
slower, never different.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import sys
import tempfile
import types
from pathlib import Path
from typing import Any

from flashgen.load.usercache import user_cache_folder

# sha256 of cairocffi/ffi.py of the cairocffi releases whose ffi.py does exactly what ``_write_declarations`` writes
# (1.7.1). Add a release's after reading its ffi.py; any other falls back to cairocffi's own import.
KNOWN_FFI_SOURCES = frozenset({"bdcf53ea2fc4daebc52945beb6d6886b7ca5c6df59b0edaba7123532497108f1"})
PIXBUF_DECLARATIONS = re.compile(r"ffi_pixbuf\.cdef\('''(.*?)'''\)", re.S)


def load_cairocffi() -> Any:
    """cairocffi, imported (once) with its declarations from the cache when it can be."""
    if "cairocffi" not in sys.modules:
        _install_parsed_declarations()
    import cairocffi

    return cairocffi


def _install_parsed_declarations() -> None:
    spec = importlib.util.find_spec("cairocffi")
    if spec is None or spec.origin is None or importlib.util.find_spec("xcffib") is not None:
        return
    package = Path(spec.origin).parent
    try:
        ffi_source = (package / "ffi.py").read_bytes()
        constants = (package / "constants.py").read_bytes()
    except OSError:
        return
    if hashlib.sha256(ffi_source).hexdigest() not in KNOWN_FFI_SOURCES:
        return
    try:
        module = _parsed_declarations(ffi_source, constants)
    except Exception:  # noqa: BLE001 - the cache is only a shortcut: cairocffi then parses its declarations itself
        return
    sys.modules["cairocffi.ffi"] = module


def _parsed_declarations(ffi_source: bytes, constants: bytes) -> types.ModuleType:
    """A ``cairocffi.ffi`` made of the two out-of-line modules in the cache, written first if they are not there."""
    import cffi

    key = hashlib.sha256(b"\0".join([ffi_source, constants, cffi.__version__.encode()])).hexdigest()[:24]
    folder = user_cache_folder() / "cairocffi"
    names = {"ffi": f"flashgen_cairo_ffi_{key}", "ffi_pixbuf": f"flashgen_cairo_pixbuf_ffi_{key}"}
    if not all((folder / f"{name}.py").is_file() for name in names.values()):
        _write_declarations(folder, names, ffi_source, constants)
    try:
        return _kept_declarations(folder, names)
    except Exception:  # noqa: BLE001 - a kept module damaged on disk: written again, once
        _write_declarations(folder, names, ffi_source, constants)
        return _kept_declarations(folder, names)


def _kept_declarations(folder: Path, names: dict[str, str]) -> types.ModuleType:
    module = types.ModuleType("cairocffi.ffi", "cairocffi's declarations, parsed once (flashgen/render/cairoload.py)")
    for attribute, name in names.items():  # the pixbuf module imports the cairo one by its name
        setattr(module, attribute, _import_file(name, folder / f"{name}.py").ffi)
    return module


def _write_declarations(folder: Path, names: dict[str, str], ffi_source: bytes, constants: bytes) -> None:
    """cairocffi's ``ffi`` and ``ffi_pixbuf``, declared as its ffi.py declares them, written as out-of-line modules."""
    import cffi

    namespace: dict[str, Any] = {}
    exec(compile(constants, "cairocffi/constants.py", "exec"), namespace)  # plain constants and strings
    ffi = cffi.FFI()
    ffi.cdef(namespace["_CAIRO_HEADERS"])
    ffi.set_source(names["ffi"], None, compiler_verbose=0)  # (not "generating …" on stdout)
    pixbuf = cffi.FFI()
    pixbuf.include(ffi)
    found = PIXBUF_DECLARATIONS.search(ffi_source.decode("utf-8"))
    assert found is not None  # a known ffi.py has them
    pixbuf.cdef(found.group(1))
    pixbuf.set_source(names["ffi_pixbuf"], None, compiler_verbose=0)
    folder.mkdir(parents=True, exist_ok=True)
    for builder, name in ((ffi, names["ffi"]), (pixbuf, names["ffi_pixbuf"])):
        handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
        os.close(handle)
        try:
            builder.emit_python_code(temporary)  # (cffi's own writer) then renamed: never read half-written
            os.replace(temporary, folder / f"{name}.py")
        finally:
            Path(temporary).unlink(missing_ok=True)


def _import_file(name: str, path: Path) -> types.ModuleType:
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module
