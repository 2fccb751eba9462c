"""Read a YAML file into plain Python values that remember their line numbers.

Takes a path; returns ``MarkedDict``/``MarkedList`` trees (ordinary dicts and
lists with a ``line`` for themselves and for each key or element) so that the
stage that validates the data can say *where* a problem is. Every reading
problem becomes a ``FlashgenError`` naming the file, line and column.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from flashgen.errors import FlashgenError
from flashgen.load.limits import Limits


class MarkedDict(dict):
    """A mapping read from YAML; ``line`` and ``key_lines`` are 1-based."""

    line: int = 0
    key_lines: dict[Any, int]

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)


class MarkedList(list):
    """A sequence read from YAML; ``item_lines[i]`` is the line of element ``i``."""

    line: int = 0
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class _MarkingLoader(yaml.SafeLoader):
    """SafeLoader that records line numbers, refuses duplicate keys and stays within ``limits``."""

    limits = Limits()
    depth = 0

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node:
        # Counted while composing: deeper nesting would exhaust Python's stack first.
        self.depth += 1
        try:
            if self.depth > self.limits.max_yaml_depth:
                problem = self.limits.exceeded("max_yaml_depth", "blocks and lists are nested too deep")
                raise yaml.composer.ComposerError(None, None, problem, self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def get_single_node(self) -> yaml.Node | None:
        node = super().get_single_node()
        if node is not None:
            _count_values(node, self.limits, {}, set())
        return node

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> MarkedDict:  # type: ignore[override]
        result = MarkedDict()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        self.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, (list, dict)):
                raise yaml.constructor.ConstructorError(
                    None, None, "a name before ':' must be plain text, not a list or a block", key_node.start_mark
                )
            if key in result.key_lines:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key '{key}' appears twice", key_node.start_mark
                )
            result[key] = self.construct_object(value_node, deep=True)
            result.key_lines[key] = key_node.start_mark.line + 1
        return result

    def construct_marked_sequence(self, node: yaml.SequenceNode) -> MarkedList:
        result = MarkedList(self.construct_object(child, deep=True) for child in node.value)
        result.line = node.start_mark.line + 1
        result.item_lines = [child.start_mark.line + 1 for child in node.value]
        return result


_MarkingLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _MarkingLoader.construct_mapping
)
_MarkingLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _MarkingLoader.construct_marked_sequence
)


def _count_values(node: yaml.Node, limits: Limits, sizes: dict[int, int], open_nodes: set[int]) -> int:
    """How many values ``node`` stands for with every alias expanded (a "billion laughs"
    file is small but expands to billions); counted on the shared nodes, without expanding."""
    if id(node) in sizes:
        return sizes[id(node)]
    if id(node) in open_nodes:
        raise yaml.composer.ComposerError(None, None, "an alias (*name) refers to the block that contains it", node.start_mark)
    open_nodes.add(id(node))
    children = [n for pair in node.value for n in pair] if isinstance(node, yaml.MappingNode) else node.value
    total = 1 + (sum(_count_values(child, limits, sizes, open_nodes) for child in children) if isinstance(node, yaml.CollectionNode) else 0)
    open_nodes.discard(id(node))
    if total > limits.max_yaml_values:
        problem = limits.exceeded("max_yaml_values", "with its aliases (*name) this block stands for too many values")
        raise yaml.composer.ComposerError(None, None, problem, node.start_mark)
    sizes[id(node)] = total
    return total


def _load(text: str, limits: Limits) -> Any:
    loader = _MarkingLoader(text)
    loader.limits = limits
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


# Scanner and parser errors are mistakes in the layout of the file, not in its values.
_LAYOUT_ERRORS = (yaml.scanner.ScannerError, yaml.parser.ParserError)
_LAYOUT_HINT = (
    " This is a mistake in the YAML layout: check the quotes, brackets and indentation (spaces, not tabs) "
    "on this line and the line above."
)


def read_yaml(path: Path, limits: Limits = Limits()) -> Any:
    """Parse ``path``; raise ``FlashgenError`` with file:line:column on any problem."""
    text = _decode(path, _read_bytes(path, limits))
    try:
        return _load(text, limits)
    except yaml.YAMLError as exc:
        raise FlashgenError(_yaml_problem(path, text, exc)) from None


def _read_bytes(path: Path, limits: Limits) -> bytes:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise FlashgenError(f"{path}: file not found.") from None
    except OSError as exc:
        raise FlashgenError(f"{path}: cannot read the file ({exc.strerror}).") from None
    if len(raw) > limits.max_content_bytes:
        raise FlashgenError(f"{path}: the file is too large: {limits.exceeded('max_content_bytes', f'{len(raw):,} bytes')}.")
    return raw


def _decode(path: Path, raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        saved_as = " (it is saved as UTF-16)" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else ""
        raise FlashgenError(
            f"{path}, line {line}: the file is not UTF-8 text{saved_as}. "
            "Save it again as UTF-8 (in most editors: Save as → Encoding: UTF-8)."
        ) from None


def _yaml_problem(path: Path, text: str, exc: yaml.YAMLError) -> str:
    """What is wrong with the YAML ``text`` of ``path``, and where, for a person to fix."""
    if isinstance(exc, yaml.reader.ReaderError):
        line = text[: exc.position].count("\n") + 1
        return (
            f"{path}, line {line}: the invisible control character U+{exc.character:04X} is not allowed "
            "(it often comes with text pasted from Word or a web page); delete it."
        )
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        where = f", line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = exc.problem or exc.context or "invalid YAML"
        return f"{path}{where}: {problem}.{_LAYOUT_HINT if isinstance(exc, _LAYOUT_ERRORS) else ''}"
    return f"{path}: invalid YAML ({exc})."

