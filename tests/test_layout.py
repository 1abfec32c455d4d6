"""The layout is the map: each wing says what it owns, imports only run downwards, and no wing uses
another's private helpers."""

import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parent.parent / "assessments"
# Floors, low to high: a module may import its own wing, the ground floor and the wings below it.
# The template tags phrase the report's figures for templates (nothing but templates and the admin loads
# them), so they sit with the report.
FLOORS = {
    "": 0,
    "models": 0,
    "packs": 1,
    "insights": 2,
    "report": 3,
    "templatetags": 3,
    "journey": 4,
    "advisers": 5,
    "admin": 6,
    "management": 7,
}
WINGS = ["journey", "report", "insights", "packs", "advisers", "admin"]


def wing_of(parts):
    """('insights', 'peers') -> 'insights'; ('scoring',) -> '' (the ground floor)."""
    return parts[0] if len(parts) > 1 and parts[0] in FLOORS else ""


def modules():
    for path in sorted(APP.rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def imports(path):
    """(target module parts under assessments, imported names, line) for each import of our own code;
    module-level only: an import inside a function is a deliberate, documented late binding."""
    package = list(path.relative_to(APP).with_suffix("").parts[:-1])
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = [*base, *(node.module.split(".") if node.module else [])]
            elif (node.module or "").startswith("assessments"):
                target = node.module.split(".")[1:]
            else:
                continue
            names = [a.name for a in node.names]
            for name in names:  # "from . import peers" imports a module
                if (APP.joinpath(*target, f"{name}.py")).exists():
                    yield [*target, name], [], node.lineno
            if not all(APP.joinpath(*target, f"{n}.py").exists() for n in names):
                yield target, names, node.lineno


@pytest.mark.parametrize("wing", WINGS)
def test_each_wing_opens_by_naming_what_it_owns_and_its_entry_points(wing):
    doc = ast.get_docstring(ast.parse((APP / wing / "__init__.py").read_text())) or ""
    assert "Entry points" in doc or "entry points" in doc


def test_imports_only_run_down_the_floors():
    upward = []
    for path in modules():
        own = wing_of(path.relative_to(APP).with_suffix("").parts)
        for target, _names, line in imports(path):
            other = wing_of(target)
            if other != own and FLOORS[other] > FLOORS[own]:
                upward.append(f"{path.relative_to(APP)}:{line} imports {'.'.join(target)}")
    assert upward == []


def test_no_wing_imports_another_wing_s_private_names():
    private = []
    for path in modules():
        own = wing_of(path.relative_to(APP).with_suffix("").parts)
        tree = ast.parse(path.read_text())
        aliases = {}  # local name -> wing of the module it names
        for target, names, line in imports(path):
            if wing_of(target) == own:
                continue
            private += [f"{path.relative_to(APP)}:{line} imports {n}" for n in names if n.startswith("_")]
            if not names:
                aliases[target[-1]] = wing_of(target)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in aliases
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
            ):
                private.append(f"{path.relative_to(APP)}:{node.lineno} uses {node.value.id}.{node.attr}")
    assert private == []
