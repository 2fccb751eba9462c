"""Which messages the code asks to translate, and which texts a catalogue may translate.

``called()``: every string literal given to ``_()``, ``N_()`` or ``ngettext()`` in flashgen/, every
literal ``help=``/``metavar=`` of a ``typer.Option``/``typer.Argument`` and every docstring of a command
(Typer shows them through the catalogue when help is shown), each with the file it is in.
``texts()``: every string the code or the data tables hold (labels in flashgen/data/*.yaml included):
a catalogue's msgid must be one of them, or part of one (a product's "Thẻ / Flashcards" label).
"""

from __future__ import annotations

import ast
import inspect
from collections.abc import Iterator
from pathlib import Path

import yaml
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2] / "flashgen"
MARKERS = {"_", "N_", "ngettext"}


def _sources() -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted(ROOT.rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"))


def _is_command(function: ast.FunctionDef) -> bool:
    """A function decorated with ``@app.command(...)`` or ``@app.callback(...)``."""
    return any(
        isinstance(d, ast.Call) and isinstance(d.func, ast.Attribute) and d.func.attr in ("command", "callback")
        for d in function.decorator_list
    )


def called() -> dict[str, str]:
    """msgid → the file (relative to the project) that asks for it."""
    found: dict[str, str] = {}
    for path, tree in _sources():
        where = str(path.relative_to(ROOT.parent))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in MARKERS:
                for argument in node.args[:1]:  # ngettext: the singular is the msgid
                    if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                        found.setdefault(argument.value, where)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("Option", "Argument"):
                for keyword in node.keywords:  # typer.Option(help="…"): shown through the catalogue, N_() or not
                    if keyword.arg in ("help", "metavar") and isinstance(keyword.value, ast.Constant):
                        if isinstance(keyword.value.value, str) and keyword.value.value != "X,Y":
                            found.setdefault(keyword.value.value, where)
            if isinstance(node, ast.FunctionDef) and _is_command(node) and (doc := ast.get_docstring(node, clean=False)):
                if not node.name.startswith("_"):  # the group's own callback has no help of its own
                    found.setdefault(inspect.cleandoc(doc), where)
    return found


def _yaml_strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _yaml_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _yaml_strings(item)


def texts() -> set[str]:
    """Every string constant of flashgen/ (implicit concatenations joined) and of its data tables."""
    strings = {node.value for _, tree in _sources() for node in ast.walk(tree)
               if isinstance(node, ast.Constant) and isinstance(node.value, str)}
    strings |= {inspect.cleandoc(s) for s in strings}
    for table in sorted((ROOT / "data").glob("*.yaml")):
        strings |= set(_yaml_strings(yaml.safe_load(table.read_text(encoding="utf-8"))))
    return strings


def catalogues() -> dict[Path, dict[str, str | tuple[str, ...]]]:
    """Each .po file: msgid → its translation (a tuple of forms for plural messages)."""
    found = {}
    for po_file in sorted((ROOT / "locale").glob("*/LC_MESSAGES/*.po")):
        with po_file.open("rb") as stream:
            catalogue = read_po(stream)
        found[po_file] = {
            (message.id[0] if isinstance(message.id, tuple) else message.id): message.string
            for message in catalogue if message.id and not message.fuzzy
        }
    return found
