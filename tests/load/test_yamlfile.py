"""The YAML reader: libyaml's fast parser and PyYAML's own give the same values, lines and problems."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from flashgen.errors import FlashgenError
from flashgen.load import yamlfile
from flashgen.load.limits import Limits
from flashgen.load.resources import DATA_DIR, DEFAULT_CONTENT

PATH = Path("c.yaml")


def _pure(monkeypatch, text: str) -> object:
    """``text`` as PyYAML's own reader reads it (the fast path turned off)."""
    with monkeypatch.context() as patched:
        patched.setattr(yamlfile, "_CLoader", None)
        return _read(text)


def _read(text: str) -> object:
    try:
        return _marked(yamlfile.parse_yaml(text, PATH))
    except FlashgenError as problem:
        return ("problem", problem.message)


def _marked(value: object) -> object:
    """The value with every line it remembers, to compare."""
    if isinstance(value, yamlfile.MarkedDict):
        return ("dict", value.line, value.key_lines, {key: _marked(item) for key, item in value.items()})
    if isinstance(value, yamlfile.MarkedList):
        return ("list", value.line, value.item_lines, [_marked(item) for item in value])
    return value


@pytest.mark.parametrize("path", [DEFAULT_CONTENT, *sorted(DATA_DIR.glob("*.yaml"))], ids=lambda path: path.name)
def test_the_bundled_files_read_the_same_both_ways(monkeypatch, path):
    text = path.read_text(encoding="utf-8")
    assert _read(text) == _pure(monkeypatch, text)


def test_the_fast_reader_is_the_one_used_for_an_ordinary_file(monkeypatch):
    used = []
    original = yamlfile._FastMarkingLoader.get_single_data
    monkeypatch.setattr(yamlfile._FastMarkingLoader, "get_single_data", lambda self: used.append(1) or original(self))
    assert yamlfile.parse_yaml("title: Chuyển đổi số\nitems:\n  - 1\n  - hai\n", PATH)["items"].item_lines == [3, 4]
    assert used == [1]


@pytest.mark.parametrize("text", [
    "a: 1\na: 2\n",  # a key twice
    "a: !!python/object:os.system x\n",  # a tag
    "n: 1234567890123456789012\n",  # a number too long
    "a: [1, 2\n",  # a layout mistake
    "a: 'no closing quote\nb: 2\n",
    "a: &x [1, 2]\nb: *x\n",  # aliases: always the pure reader
    "a:\n\tb: 1\n",  # a Tab
    "--- 1\n--- 2\n",  # two documents
    "a: \x07\n",  # a control character
])
def test_a_file_with_a_problem_says_it_as_pyyaml_s_own_reader_does(monkeypatch, text):
    assert _read(text) == _pure(monkeypatch, text)


def test_nesting_and_values_over_the_limits_are_counted_before_libyaml_composes_them(monkeypatch):
    deep = "a: " + "[" * 5000 + "]" * 5000 + "\n"
    many = "".join(f"- {n}\n" for n in range(300))
    limits = Limits(max_yaml_values=200)
    assert not yamlfile._plain_and_within(deep, Limits()) and not yamlfile._plain_and_within(many, limits)
    composed = []
    monkeypatch.setattr(yamlfile._FastMarkingLoader, "get_single_data", lambda self: composed.append(1))
    with pytest.raises(FlashgenError, match="(?i)nested|lồng"):
        yamlfile.parse_yaml(deep, PATH)
    with pytest.raises(FlashgenError):
        yamlfile.parse_yaml(many, PATH, limits)
    assert composed == []


_scalars = st.one_of(st.integers(-10**6, 10**6), st.text(max_size=12), st.booleans(), st.none(), st.floats(allow_nan=False))
_documents = st.recursive(_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(min_size=1, max_size=8), inner, max_size=4)), max_leaves=20)


@settings(max_examples=150, deadline=None)
@given(_documents, st.sampled_from([False, True]))
def test_any_document_reads_the_same_both_ways(document, flow):
    text = yaml.safe_dump(document, allow_unicode=True, default_flow_style=flow)
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert _read(text) == _pure(monkeypatch, text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab: -[]{}'\"#&*!|>\n\t\x07,1ạ")), max_size=40))
def test_any_text_reads_the_same_both_ways_or_libyaml_reads_what_pyyaml_refused(text):
    """libyaml takes a few things PyYAML refuses (a Tab after a value, which YAML allows): never other values."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        pure = _pure(monkeypatch, text)
    fast = _read(text)
    assert fast == pure or (_problem(pure) and not _problem(fast))


def _problem(read: object) -> bool:
    return isinstance(read, tuple) and read[0] == "problem"
