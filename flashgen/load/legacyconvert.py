"""``flashgen convert``: a text file typed in an old Vietnamese encoding in, a Unicode (UTF-8) copy out.

Takes the file (.yaml, .yml, .txt or .csv), where to write the copy, and the encoding ("tcvn3", "vni",
"viscii", or "auto" to recognise it, legacy.py); returns a ``Converted`` saying what was done. Works on
files that are legacy bytes (not UTF-8) and on UTF-8 files holding mojibake (legacy text pasted as Unicode):
there only the lines that could be mojibake, and that the conversion makes more Vietnamese, are converted;
lines with real Unicode Vietnamese stay as they are. The copy is written whole or not at all, and never over the file it is made from.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from flashgen.errors import FlashgenError
from flashgen.i18n import _, ngettext
from flashgen.load.files import write_whole
from flashgen.load.legacy import Reading, guess, names, read_as
from flashgen.load.legacycodes import (
    LegacyEncoding,
    encodings,
    view_of_bytes,
    view_of_text,
)
from flashgen.load.limits import Limits
from flashgen.load.yamlfile import read_limited_bytes

SUFFIXES = (".yaml", ".yml", ".txt", ".csv")
AUTO = "auto"


@dataclass(frozen=True)
class Converted:
    """What ``convert_file`` did."""

    source: Path
    target: Path
    encodings: tuple[LegacyEncoding, ...]  # the encodings found (a UTF-8 file may hold pastes of several)
    lines: int  # lines that changed


def convert_file(source: Path, target: Path, encoding: str = AUTO, limits: Limits = Limits()) -> Converted:
    """Write ``source`` converted from ``encoding`` to Unicode NFC (UTF-8) into ``target``."""
    _check_paths(source, target)
    chosen = _chosen_encoding(encoding)
    raw = read_limited_bytes(source, limits)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = None
    if text is None:
        view = view_of_bytes(raw)
        chosen = chosen or _recognised(source, view)
        result = chosen.decode(view)
        lines = sum(a != b for a, b in zip(view.splitlines(), result.splitlines()))
        found: tuple[LegacyEncoding, ...] = (chosen,)
    else:
        result, found, lines = _converted_lines(source, text, chosen)
    _write(target, unicodedata.normalize("NFC", result))
    return Converted(source, target, found, lines)


def describe(converted: Converted) -> str:
    """One line for the person who ran ``flashgen convert``."""
    changed = ngettext("{count} line changed", "{count} lines changed", converted.lines).format(count=converted.lines)
    return _("Converted {source} from {encoding} to Unicode (UTF-8), {changed}: {target}. Check the result.").format(
        source=converted.source, encoding=", ".join(e.name for e in converted.encodings), changed=changed, target=converted.target)


def _check_paths(source: Path, target: Path) -> None:
    for path in (source, target):
        if path.suffix.lower() not in SUFFIXES:
            raise FlashgenError(_(
                "{file}: flashgen convert works on text files ({suffixes}); this file is not one. For a Word or "
                "Excel file, use the converter of Unikey or EVKey (Công cụ chuyển mã)."
            ).format(file=path, suffixes=", ".join(SUFFIXES)), code="convert-file-type")
    if source.resolve() == target.resolve() or (target.exists() and source.exists() and source.samefile(target)):
        raise FlashgenError(_(
            "{file}: flashgen convert does not write over the file it converts. Give another name for the "
            "converted copy, e.g. {example}."
        ).format(file=source, example=source.with_stem(source.stem + "-unicode")), code="convert-same-file")


def _chosen_encoding(requested: str) -> LegacyEncoding | None:
    """The encoding asked for, or None for "auto"."""
    key = requested.strip().lower()
    if key == AUTO:
        return None
    if key not in encodings():
        raise FlashgenError(_("--from {name}: unknown encoding. Use one of: {choices}.").format(
            name=requested, choices=", ".join([*encodings(), AUTO])), code="convert-unknown-encoding")
    return encodings()[key]


def _recognised(source: Path, view: str, line: int | None = None) -> LegacyEncoding:
    """The encoding ``view`` (of ``line``, or the whole file) certainly is in, else an error saying what it could be."""
    found = guess(view, whole_file=True)
    where = f"{source}" if line is None else _("{file}, line {line}").format(file=source, line=line)
    if found.certain is not None:
        return found.certain.encoding
    if found.suspected:
        raise FlashgenError(_(
            "{where}: the text could be in {encodings}, but flashgen cannot tell which for certain. "
            "Say which with --from (e.g. --from {key}) and check the result."
        ).format(where=where, encodings=names(found.possible), key=found.possible[0].key), code="convert-unsure")
    raise FlashgenError(_(
        "{file}: found no Vietnamese text in an old encoding (TCVN3, VNI, VISCII) to convert. If you know the "
        "file's encoding, say it with --from."
    ).format(file=source), code="convert-nothing")


def _converted_lines(
    source: Path, text: str, chosen: LegacyEncoding | None
) -> tuple[str, tuple[LegacyEncoding, ...], int]:
    """A UTF-8 file's lines that could be mojibake (all their characters have a Windows-1252 code) converted:
    with ``chosen``, or each line with the encoding it is recognised in (pastes from several documents)."""
    lines = text.splitlines(keepends=True)
    views = {index: view for index, line in enumerate(lines) if not line.isascii() and (view := view_of_text(line))}
    found: dict[str, LegacyEncoding] = {}
    for index, view in views.items():
        encoding = chosen or _line_encoding(source, view, index + 1)
        # Even with --from, a line the table makes no more Vietnamese stays: "Tôi có" is already Unicode
        # Vietnamese (TCVN3 would make it "Tụi cú").
        if encoding is not None and _more_vietnamese(read_as(encoding, view)):
            lines[index] = encoding.decode(view)
            found[encoding.key] = encoding
    if not found:
        _recognised(source, "")  # raises: nothing to convert
    changed = sum(lines[index] != view for index, view in views.items())
    return "".join(lines), tuple(found.values()), changed


def _more_vietnamese(reading: Reading) -> bool:
    return reading.fixed > reading.were_syllables


def _line_encoding(source: Path, view: str, line: int) -> LegacyEncoding | None:
    """The encoding one line of mojibake is certainly in; None for a plain line; an error when unsure."""
    found = guess(view, whole_file=True)
    return _recognised(source, view, line) if found.certain or found.suspected else None


def _write(target: Path, text: str) -> None:
    """``text`` into ``target`` as UTF-8, whole or not at all."""
    write_whole(target, text.encode("utf-8"))
