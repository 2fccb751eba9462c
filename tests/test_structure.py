"""The package's shape: stages import only earlier stages, and no module imports itself back through others."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "flashgen"
# The stage packages in pipeline order: a stage may import an earlier stage, never a later one.
STAGES = ("load", "merge", "text", "compose", "render", "pdf", "documents", "products", "output")
MAX_MODULE_LINES = 500


def module_name(path: Path, package: Path = PACKAGE) -> str:
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, package: Path = PACKAGE) -> set[str]:
    """The flashgen modules ``path`` imports (at any depth of the file, TYPE_CHECKING blocks included)."""
    name = module_name(path, package)
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against this module's package
                anchor = name.split(".")[: -node.level] if path.name != "__init__.py" else name.split(".")[: len(name.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return {m for m in found if m.split(".")[0] == package.name}


def import_graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    modules = {module_name(p, package): p for p in package.rglob("*.py")}
    return {name: {m for m in imports_of(path, package) if m in modules and m != name} for name, path in modules.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a list of modules (first = last), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return path[path.index(target):] + [target]
            if target not in state and (cycle := visit(target)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def stage_of(module: str) -> int | None:
    parts = module.split(".")
    return STAGES.index(parts[1]) if len(parts) > 1 and parts[1] in STAGES else None


def backward_imports(graph: dict[str, set[str]]) -> list[str]:
    """Imports from an earlier stage package into a later one."""
    wrong = []
    for module, targets in graph.items():
        for target in targets:
            here, there = stage_of(module), stage_of(target)
            if here is not None and there is not None and there > here:
                wrong.append(f"{module} imports {target}")
    return sorted(wrong)


def test_no_import_cycles() -> None:
    assert find_cycle(import_graph()) is None


def test_no_stage_imports_a_later_stage() -> None:
    assert backward_imports(import_graph()) == []


def test_stage_packages_say_what_they_take_and_return() -> None:
    for stage in STAGES:
        docstring = ast.get_docstring(ast.parse((PACKAGE / stage / "__init__.py").read_text(encoding="utf-8")))
        assert docstring and " in" in docstring and " out" in docstring, stage


def test_no_module_is_too_long() -> None:
    long = {module_name(p): n for p in PACKAGE.rglob("*.py") if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert long == {}


@pytest.fixture
def toy_package(tmp_path: Path) -> Path:
    package = tmp_path / "flashgen"
    for folder in ("load", "render"):
        (package / folder).mkdir(parents=True)
        (package / folder / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    (package / "load" / "content.py").write_text("from flashgen.render.draw import draw\n")
    (package / "render" / "draw.py").write_text("from flashgen.load import content\n\ndef draw(): ...\n")
    return package


def test_the_checks_find_a_cycle_and_a_backward_import(toy_package: Path) -> None:
    graph = import_graph(toy_package)
    assert find_cycle(graph) == ["flashgen.load.content", "flashgen.render.draw", "flashgen.load.content"]
    assert backward_imports(graph) == ["flashgen.load.content imports flashgen.render.draw"]


def test_relative_imports_are_followed(toy_package: Path) -> None:
    (toy_package / "render" / "draw.py").write_text("from ..load import content\n")
    assert "flashgen.load.content" in import_graph(toy_package)["flashgen.render.draw"]
