"""Imports go downwards only: core ← units ← reports ← rewards; publicity and dashboards read
those, and nothing imports them (they plug in through reports' hooks)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ALLOWED = {
    "core": {"core"},
    "units": {"core", "units"},
    "reports": {"core", "units", "reports"},
    "rewards": {"core", "units", "reports", "rewards"},
    "publicity": {"core", "units", "reports", "rewards", "publicity"},
    "dashboards": {"core", "units", "reports", "rewards", "publicity", "dashboards"},
}

# Project-wide commands that run every app's part, as config/ does; they live in core only
# because a command needs an app.
COMPOSITION = {
    "core/management/commands/load_reference_data.py",
    "core/management/commands/run_sweeps.py",
}


def imported_apps(path: Path) -> set[str]:
    apps = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        apps |= {name.split(".")[0] for name in names} & set(ALLOWED)
    return apps


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_an_app_imports_only_the_apps_below_it(app):
    wrong = {
        str(path.relative_to(ROOT)): sorted(imported_apps(path) - ALLOWED[app])
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts and str(path.relative_to(ROOT)) not in COMPOSITION
    }
    assert {k: v for k, v in wrong.items() if v} == {}
