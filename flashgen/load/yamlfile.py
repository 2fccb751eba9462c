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
from flashgen.i18n import N_, _
from flashgen.load.files import read_input_file
from flashgen.load.legacy import decoded_legacy_file
from flashgen.load.limits import Limits

# No setting or field needs a number this long; counted on the text, before Python converts it
# (converting a number of thousands of digits is refused by Python itself, with a ValueError).
MAX_NUMBER_DIGITS = 18


class MarkedDict(dict):
    """A mapping read from YAML; ``line`` and ``key_lines`` are 1-based."""

    line: int = 0
    key_lines: dict[Any, int]
    notes: tuple[str, ...] = ()  # warnings about the whole file (read from an old Vietnamese encoding)

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)


class MarkedList(list):
    """A sequence read from YAML; ``item_lines[i]`` is the line of element ``i``."""

    line: int = 0
    item_lines: list[int]
    notes: tuple[str, ...] = ()  # as MarkedDict.notes

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class _Marking:
    """What the loaders below make of a file's nodes: dicts and lists that know their lines, no duplicate keys,
    no tags, no numbers longer than a setting needs."""

    def construct_bounded_int(self, node: yaml.ScalarNode) -> int:
        """An integer, refused if it is longer than any setting or field needs."""
        text = str(node.value)
        if len(text.lstrip("+-").replace("_", "")) > MAX_NUMBER_DIGITS:
            raise yaml.constructor.ConstructorError(None, None, _too_long_number(text), node.start_mark)
        value = int(super().construct_yaml_int(node))
        if abs(value) >= 10**MAX_NUMBER_DIGITS:  # 1:0:0:0… (base 60) is short but large
            raise yaml.constructor.ConstructorError(None, None, _too_long_number(text), node.start_mark)
        return value

    def construct_undefined(self, node: yaml.Node) -> Any:
        raise yaml.constructor.ConstructorError(
            None, None,
            _("the tag '{tag}' is not allowed: write plain text, numbers, lists and "
              "'name: value' blocks only. Delete the tag (the word starting with '!')").format(tag=_short_tag(str(node.tag))),
            node.start_mark,
        )

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> MarkedDict:  # type: ignore[override]
        result = MarkedDict()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        self.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, (list, dict)):
                raise yaml.constructor.ConstructorError(
                    None, None, _("a name before ':' must be plain text, not a list or a block"), key_node.start_mark
                )
            if key in result.key_lines:
                raise yaml.constructor.ConstructorError(
                    None, None, _("the key '{key}' appears twice").format(key=key), key_node.start_mark
                )
            result[key] = self.construct_object(value_node, deep=True)
            result.key_lines[key] = key_node.start_mark.line + 1
        return result

    def construct_marked_sequence(self, node: yaml.SequenceNode) -> MarkedList:
        result = MarkedList(self.construct_object(child, deep=True) for child in node.value)
        result.line = node.start_mark.line + 1
        result.item_lines = [child.start_mark.line + 1 for child in node.value]
        return result


class _MarkingLoader(_Marking, yaml.SafeLoader):
    """SafeLoader that records line numbers, refuses duplicate keys and stays within ``limits``."""

    limits = Limits()
    depth = 0
    composed = 0  # values read so far (an alias counts once here; get_single_node counts its expansion)
    has_aliases = False  # whether the file uses aliases (*name), for the message about too many values

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node:
        self.has_aliases = self.has_aliases or self.check_event(yaml.AliasEvent)
        # Counted while composing: deeper nesting would exhaust Python's stack first, and a file of
        # millions of small values would take minutes and gigabytes before the count at the end.
        self.depth += 1
        self.composed += 1
        try:
            if self.depth > self.limits.max_yaml_depth:
                problem = self.limits.exceeded("max_yaml_depth", _("blocks and lists are nested too deep"))
                raise yaml.composer.ComposerError(None, None, problem, self.peek_event().start_mark)
            if self.composed > self.limits.max_yaml_values:
                problem = self.limits.exceeded("max_yaml_values", _("the file holds too many values"))
                raise yaml.composer.ComposerError(None, None, problem, self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def get_single_node(self) -> yaml.Node | None:
        node = super().get_single_node()
        if node is not None:
            _count_values(node, _ValueCount(self.limits, self.has_aliases))
        return node


# PyYAML's wheels carry libyaml; a PyYAML built without it reads every file with _MarkingLoader.
_CLoader: Any = getattr(yaml, "CSafeLoader", None)


class _FastMarkingLoader(_Marking, _CLoader or yaml.SafeLoader):  # type: ignore[misc]
    """The same values, from libyaml's parser in C (about ten times faster): used for a file without aliases
    whose nesting and values are within the limits (``_plain_and_within``); any problem is then said as
    ``_MarkingLoader`` says it, by reading the file again with it."""


for _loader in (_MarkingLoader, _FastMarkingLoader):
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _Marking.construct_mapping)
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _Marking.construct_marked_sequence)
    _loader.add_constructor("tag:yaml.org,2002:int", _Marking.construct_bounded_int)
    _loader.add_constructor(None, _Marking.construct_undefined)


def _too_long_number(text: str) -> str:
    shown = text if len(text) <= 30 else _("{start}… ({count:,} characters)").format(start=text[:20], count=len(text))
    return _("the number {number} is too long: numbers here have at most {digits} digits").format(
        number=shown, digits=MAX_NUMBER_DIGITS)


def _short_tag(tag: str) -> str:
    """A tag as it is written in the file: '!!python/object', not 'tag:yaml.org,2002:python/object'."""
    return tag.replace("tag:yaml.org,2002:", "!!", 1) if tag.startswith("tag:yaml.org,2002:") else tag


class _ValueCount:
    """The state of ``_count_values``: the limit, each node's count so far, the nodes being counted."""

    def __init__(self, limits: Limits, has_aliases: bool) -> None:
        self.limits = limits
        self.has_aliases = has_aliases
        self.sizes: dict[int, int] = {}
        self.open_nodes: set[int] = set()

    def too_many(self) -> str:
        found = _("with its aliases (*name) this block stands for too many values") if self.has_aliases \
            else _("the file holds too many values")
        return self.limits.exceeded("max_yaml_values", found)


def _count_values(node: yaml.Node, count: _ValueCount) -> int:
    """How many values ``node`` stands for with every alias expanded (a "billion laughs"
    file is small but expands to billions); counted on the shared nodes, without expanding."""
    if id(node) in count.sizes:
        return count.sizes[id(node)]
    if id(node) in count.open_nodes:
        raise yaml.composer.ComposerError(
            None, None, _("an alias (*name) refers to the block that contains it"), node.start_mark)
    count.open_nodes.add(id(node))
    children = [n for pair in node.value for n in pair] if isinstance(node, yaml.MappingNode) else node.value
    total = 1 + (sum(_count_values(child, count) for child in children) if isinstance(node, yaml.CollectionNode) else 0)
    count.open_nodes.discard(id(node))
    if total > count.limits.max_yaml_values:
        raise yaml.composer.ComposerError(None, None, count.too_many(), node.start_mark)
    count.sizes[id(node)] = total
    return total


def _load(text: str, limits: Limits) -> Any:
    if _CLoader is not None and _plain_and_within(text, limits):
        loader: Any = _FastMarkingLoader(text)
        try:
            return loader.get_single_data()
        except yaml.YAMLError:  # said below as the pure-Python reader says it (a mistake costs a second reading)
            pass
        finally:
            loader.dispose()
    loader = _MarkingLoader(text)
    loader.limits = limits
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


_OPENING = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSING = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def _plain_and_within(text: str, limits: Limits) -> bool:
    """libyaml parses ``text`` without a mistake, into no aliases or tags and no more nesting and values than ``limits``
    allow: counted on its events, stopping at the first one over, before anything is composed (libyaml composes
    in C, where the checks _MarkingLoader makes while composing cannot reach)."""
    depth = values = 0
    events = _CLoader(text)
    try:
        while events.check_event():
            event = events.get_event()
            if isinstance(event, yaml.AliasEvent) or getattr(event, "tag", None) is not None:
                return False  # (a tag: libyaml and PyYAML differ on some, e.g. a lone '!')
            values += not isinstance(event, _CLOSING)
            depth += isinstance(event, _OPENING) - isinstance(event, _CLOSING)
            if depth + 1 > limits.max_yaml_depth or values > limits.max_yaml_values:
                return False
    except yaml.YAMLError:
        return False
    finally:
        events.dispose()
    return True


# Scanner and parser errors are mistakes in the layout of the file, not in its values.
_LAYOUT_ERRORS = (yaml.scanner.ScannerError, yaml.parser.ParserError)
# The commonest layout mistakes in PyYAML's words (their start), said plainly; any other is shown as PyYAML says it.
_PLAIN_PROBLEMS = (
    ("expected <block end>, but found",
     N_("this line is not indented like the lines of its block, or a text on it needs quotes")),
    ("mapping values are not allowed here",
     N_("a colon and a space (': ') inside a text, or a line indented too far: put a text that holds ': ' in quotes")),
    ("could not find expected ':'", N_("a line without a colon (:) after its name, among 'name: value' lines")),
    ("found character '\\t' that cannot start any token", N_("a Tab character: indent with spaces only")),
)
def _layout_hint() -> str:
    return " " + _(
        "This is a mistake in the YAML layout: check the quotes, brackets and indentation (spaces, not tabs) "
        "on this line and the line above."
    )


def read_yaml(path: Path, limits: Limits = Limits()) -> Any:
    """Parse ``path``; raise ``FlashgenError`` with file:line:column on any problem.

    A file in an old Vietnamese encoding (TCVN3, VNI, VISCII) is converted; the warning saying so is in
    the ``notes`` of the document returned."""
    text, notes = _decode(path, read_limited_bytes(path, limits))
    document = parse_yaml(text, path, limits)
    if notes and isinstance(document, (MarkedDict, MarkedList)):
        document.notes = notes
    return document


def read_limited_bytes(path: Path, limits: Limits) -> bytes:
    try:
        return read_input_file(path, limits.max_content_bytes, lambda size: yaml_too_large(path, size, limits))
    except FileNotFoundError:
        raise FlashgenError(_("{file}: file not found.").format(file=path), code="file-not-found") from None
    except OSError as exc:
        raise FlashgenError(_("{file}: cannot read the file ({reason}).").format(file=path, reason=exc.strerror), code="cannot-read") from None


def yaml_too_large(path: Path, size: int, limits: Limits) -> str:
    """The message for a YAML file of ``size`` bytes, more than ``limits`` allow."""
    found = _("{size:,} bytes").format(size=size)
    return _("{file}: the file is too large: {limit}.").format(file=path, limit=limits.exceeded("max_content_bytes", found))


def _decode(path: Path, raw: bytes) -> tuple[str, tuple[str, ...]]:
    """The text of the file and warnings about it: UTF-8, or an old Vietnamese encoding converted."""
    try:
        return raw.decode("utf-8-sig"), ()
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        utf16 = raw[:2] in (b"\xff\xfe", b"\xfe\xff")
    # Saving a TCVN3 or VNI file "as UTF-8", the usual advice, would make its letters garbage: convert it.
    converted = None if utf16 else decoded_legacy_file(path, raw)
    if converted is not None:
        return converted[0], (converted[1],)
    if utf16:
        problem = _("{file}, line {line}: the file is not UTF-8 text (it is saved as UTF-16). "
                    "Save it again as UTF-8 (in most editors: Save as → Encoding: UTF-8).")
    else:
        problem = _("{file}, line {line}: the file is not UTF-8 text. "
                    "Save it again as UTF-8 (in most editors: Save as → Encoding: UTF-8).")
    raise FlashgenError(problem.format(file=path, line=line), code="not-utf8")


def parse_yaml(text: str, path: Path, limits: Limits = Limits()) -> Any:
    """Parse ``text`` as the file ``path`` would be read (a file not yet written, e.g. the web app's content);
    ``FlashgenError`` naming ``path``, line and column on any problem."""
    try:
        return _load(text, limits)
    except yaml.YAMLError as exc:
        raise FlashgenError(_yaml_problem(path, text, exc), code="yaml-layout") from None


def _yaml_problem(path: Path, text: str, exc: yaml.YAMLError) -> str:
    """What is wrong with the YAML ``text`` of ``path``, and where, for a person to fix."""
    if isinstance(exc, yaml.reader.ReaderError):
        line = text[: exc.position].count("\n") + 1
        return _(
            "{file}, line {line}: the invisible control character U+{code:04X} is not allowed "
            "(it often comes with text pasted from Word or a web page); delete it."
        ).format(file=path, line=line, code=exc.character)
    if isinstance(exc, yaml.MarkedYAMLError):
        quote = _unclosed_quote(text, exc)
        if quote is not None:
            return _(
                "{file}, line {line}, column {column}: the text in quotes that starts here "
                "has no closing quote. Add the closing quote (\" or ') at the end of the text."
            ).format(file=path, line=quote.line + 1, column=quote.column + 1)
        mark = exc.problem_mark or exc.context_mark
        where = _(", line {line}, column {column}").format(line=mark.line + 1, column=mark.column + 1) if mark else ""
        problem = _plainly(exc.problem or exc.context or _("invalid YAML"))
        return f"{path}{where}: {problem}.{_layout_hint() if isinstance(exc, _LAYOUT_ERRORS) else ''}"
    return _("{file}: invalid YAML ({problem}).").format(file=path, problem=exc)


def _plainly(problem: str) -> str:
    """PyYAML's ``problem`` in plain words, in the reader's language, if it is one of the commonest."""
    return next((_(plain) for start, plain in _PLAIN_PROBLEMS if problem.startswith(start)), problem)


def _unclosed_quote(text: str, exc: yaml.MarkedYAMLError) -> yaml.Mark | None:
    """Where a quoted text with no closing quote starts, if that is what ``exc`` is about.

    The quote is found where the next quote closes it, lines later, or at the end of
    the file; either way PyYAML's own mark points far below the line to fix."""
    if exc.context == "while scanning a quoted scalar":
        return exc.context_mark
    if not isinstance(exc, _LAYOUT_ERRORS) or exc.problem_mark is None:
        return None
    previous = _token_before(text, exc.problem_mark.index)
    # A quoted text that runs over several lines straight into the mistake: its closing quote is missing.
    if isinstance(previous, yaml.ScalarToken) and previous.style in ('"', "'") \
            and previous.start_mark.line < previous.end_mark.line:
        return previous.start_mark
    return None


def _token_before(text: str, index: int) -> yaml.Token | None:
    previous = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.index >= index:
                break
            previous = token
    except yaml.YAMLError:  # the scan stops at the mistake, after the tokens before it
        pass
    return previous

