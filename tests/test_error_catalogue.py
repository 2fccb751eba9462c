"""The error catalogue: every FlashgenError carries a code, and the README's error table documents every code.

The codes are collected from the source with ``ast`` (no list to keep in step by hand): a ``code="…"`` given to
any call (``FlashgenError(…, code="overflow")``, a reader's ``fail(…, "missing-glyph")`` passing one on), a
``problem.code = "…"`` set after the fact, the default of a helper's ``code`` parameter, and the code of one of
``flashgen check``'s findings (``Finding("warning", "unknown-key", …)``: check prints its code too, or a product's ``yield "warning", "code", …``). The README's table
"When something goes wrong / Khi có lỗi" has a column of codes; a new code is one more row there (or one more
code in the row of its kind of problem).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "flashgen"
README = ROOT / "README.md"
CODE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")

# Files other helpers rewrite this session (their messages and codes arrive when their branches merge). A file
# leaves this list once every FlashgenError in it has a code: the stale-entry test below says when.
AWAITING_CODES: set[str] = set()
# The findings `flashgen check` prints with their codes (warnings such as `unknown-key` as well as errors). The print
# check's PrintFinding (`flashgen check --print`) is not here: its codes have their own table in the README.
FINDINGS = {"Finding"}
SEVERITIES = {"error", "warning", "note"}  # a product's own findings, yielded as (severity, code, message, place)


@dataclass(frozen=True)
class ErrorCall:
    """One ``FlashgenError(…)`` in the source: where it is, and whether it names a code."""

    file: str
    line: int
    has_code: bool


def _sources() -> list[tuple[str, ast.Module]]:
    return [(path.relative_to(ROOT).as_posix(), ast.parse(path.read_text(encoding="utf-8")))
            for path in sorted(PACKAGE.rglob("*.py"))]


def _called_name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _error_types(sources: list[tuple[str, ast.Module]]) -> set[str]:
    """FlashgenError and the package's subclasses of it (TextTooLarge, PosterTooFull …)."""
    types = {"FlashgenError"}
    for _file, tree in sources:
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and any(getattr(base, "id", "") == "FlashgenError" for base in node.bases):
                types.add(node.name)
    return types


def error_calls() -> list[ErrorCall]:
    """Every place the package makes a FlashgenError (or one of its subclasses)."""
    sources = _sources()
    types = _error_types(sources)
    return [
        ErrorCall(file, node.lineno, any(keyword.arg == "code" for keyword in node.keywords))
        for file, tree in sources for node in ast.walk(tree)
        if isinstance(node, ast.Call) and _called_name(node) in types
    ]


def _literal(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _code_positions(tree: ast.Module) -> dict[str, int]:
    """The functions of one file that take a ``code`` parameter, and its position among the call's arguments;
    and the fields of the classes of FINDINGS (``Finding(severity, code, message, …)``)."""
    positions = {}
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            names = [a.arg for a in node.args.args if a.arg not in ("self", "cls")]
            if "code" in names:
                positions[node.name] = names.index("code")
        elif isinstance(node, ast.ClassDef) and node.name in FINDINGS:
            names = [a.target.id for a in node.body if isinstance(a, ast.AnnAssign) and isinstance(a.target, ast.Name)]
            if "code" in names:
                positions[node.name] = names.index("code")
    return positions


def _codes_in(file: str, tree: ast.Module) -> set[str]:
    codes: set[str] = set()
    positions = _code_positions(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            codes.update(v for k in node.keywords if k.arg == "code" and (v := _literal(k.value)))
            index = positions.get(_called_name(node))
            if index is not None and len(node.args) > index:  # e.g. a reader's fail(element, problem, "safe-area")
                codes.update(v for v in [_literal(node.args[index])] if v)
        elif isinstance(node, ast.Assign) and any(isinstance(t, ast.Attribute) and t.attr == "code" for t in node.targets):
            codes.update(v for v in [_literal(node.value)] if v)
        elif isinstance(node, ast.Yield) and isinstance(node.value, ast.Tuple) and len(node.value.elts) > 1 \
                and _literal(node.value.elts[0]) in SEVERITIES:  # a product's findings for check: (severity, code, …)
            codes.update(v for v in [_literal(node.value.elts[1])] if v)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and file != "flashgen/errors.py":
            arguments = node.args.args + node.args.kwonlyargs
            defaults = [None] * (len(node.args.args) - len(node.args.defaults)) + node.args.defaults + node.args.kw_defaults
            codes.update(v for a, d in zip(arguments, defaults) if a.arg == "code" and (v := _literal(d)))
    return codes


def source_codes() -> set[str]:
    """Every error code the package can give."""
    return set().union(*(_codes_in(file, tree) for file, tree in _sources()))


def _error_table() -> list[str]:
    text = README.read_text(encoding="utf-8")
    section = text.split("## When something goes wrong / Khi có lỗi", 1)[1].split("\n#", 1)[0]
    return [line for line in section.splitlines() if line.startswith("|") and not line.startswith("|---")][1:]


def documented_codes() -> set[str]:
    """The codes in the last column of the README's error table (`code`, `code`, …)."""
    return {code for row in _error_table() for code in re.findall(r"`([^`]+)`", row.rstrip(" |").rsplit("|", 1)[1])}


def test_every_error_names_a_code() -> None:
    missing = [f"{c.file}:{c.line}" for c in error_calls() if not c.has_code and c.file not in AWAITING_CODES]
    assert not missing, f"FlashgenError without code= (add one, and its README row): {missing}"


def test_no_stale_awaiting_entry() -> None:
    uncoded = {c.file for c in error_calls() if not c.has_code}
    stale = sorted(AWAITING_CODES - uncoded)
    assert not stale, f"every FlashgenError in {stale} has a code now: remove them from AWAITING_CODES"


def test_codes_are_short_kebab_case() -> None:
    wrong = sorted(code for code in source_codes() if not CODE.fullmatch(code) or len(code) > 30)
    assert not wrong, wrong


def test_the_collector_finds_known_codes_and_error_subclasses() -> None:
    # The collector itself: codes given in each of the ways it reads, and errors raised as a subclass.
    assert {"overflow", "missing-glyph", "unknown-field", "template-frame", "safe-area"} <= source_codes()
    assert {"TextTooLarge", "PosterTooFull"} <= _error_types(_sources())


def test_every_code_is_in_the_readme_table() -> None:
    undocumented = sorted(source_codes() - documented_codes())
    assert not undocumented, f"add a row (or the code to a row) of the README's error table for: {undocumented}"


def test_every_code_in_the_readme_exists() -> None:
    unknown = sorted(documented_codes() - source_codes())
    assert not unknown, f"the README's error table names codes flashgen never gives: {unknown}"


def test_every_row_has_three_columns_and_advice_in_both_languages() -> None:
    rows = _error_table()
    assert len(rows) > 20
    for row in rows:
        cells = [cell.strip() for cell in row.strip().strip("|").split("|")]
        assert len(cells) == 3, row
        # A row without a code ("—") is a message whose code arrives with another branch (AWAITING_CODES).
        assert re.fullmatch(r"(`[a-z0-9-]+`)(, `[a-z0-9-]+`)*|—", cells[2]), row
        vietnamese, english = cells[1].split(" *", 1)
        assert vietnamese and english.endswith("*"), f"advice: Vietnamese first, then English in *italics*: {row}"
