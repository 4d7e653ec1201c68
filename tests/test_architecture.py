"""Imports go downwards only: core ← units ← reports ← rewards; publicity and dashboards read
those, and nothing imports them (they plug in through reports' events and extensions).
``config`` (settings, the schedule, the project-wide commands) and ``demo`` (every demo
loader) sit on top: they may name every app, and no app imports them; no module of ``core``
imports a domain app."""

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


def imported_apps(path: Path) -> set[str]:
    apps = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        apps |= {name.split(".")[0] for name in names} & {*ALLOWED, "config", "demo"}
    return apps


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_an_app_imports_only_the_apps_below_it(app):
    wrong = {
        str(path.relative_to(ROOT)): sorted(imported_apps(path) - ALLOWED[app])
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
    }
    assert {k: v for k, v in wrong.items() if v} == {}


# Who may do what is answered by units/permissions.py alone. Elsewhere, roles are only read to
# choose whom to tell (a notice's audience) or to set up people (demo, staff flag, admin pages).
ROLE_READERS = {
    "units/permissions.py",
    "units/selectors.py",  # memberships, loaded once per request for the permission module
    "units/services.py",  # only intake officers are staff: the admin is the office's
    "units/admin_base.py",  # which admin pages a role opens (their rows are scoped by SEE_UNITS)
    "reports/notifications.py",  # audiences
    "reports/clocks.py",  # audiences
    "publicity/reminders.py",  # audiences
}
ROLE_CHECKS = ("has_role(", "units_with_role(", "unit_scope_q(", ".role ==", ".role in", "m.role")


def test_only_the_permission_module_compares_roles():
    found = {}
    for app in ALLOWED:
        for path in (ROOT / app).rglob("*.py"):
            name = str(path.relative_to(ROOT))
            if "migrations" in path.parts or "demo" in path.name or name in ROLE_READERS:
                continue
            text = path.read_text(encoding="utf-8")
            hits = [check for check in ROLE_CHECKS if check in text]
            if hits:
                found[name] = hits
    assert found == {}


def test_every_domain_event_is_documented():
    """Each event of reports.events says when it fires, in which transaction and what it
    carries, in the module's description."""
    from reports import events

    sent = [value for value in vars(events).values() if isinstance(value, events.Event)]
    assert {event.name for event in sent} >= {"case_inputs_final", "case_reopened"}
    doc = events.__doc__ or ""
    for event in sent:
        section = doc.split(f"``{event.name}``", 1)[-1].split("\n\n``", 1)[0]
        assert f"``{event.name}``" in doc, event.name
        assert "Sent" in section and "Carries" in section, event.name
        assert ("after the commit" in section) == event.after_commit, event.name


def _imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def test_no_app_borrows_another_apps_pages_or_forms():
    """Page helpers several apps share live in core (forms) and units (the workspace's door);
    an app's views and forms modules are its own."""
    page_modules = ("views", "views_unit", "views_custodian", "forms", "forms_lifecycle")
    wrong = {}
    for app in ALLOWED:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            borrowed = {
                name
                for name in _imported_modules(path)
                if name.split(".")[0] in ALLOWED
                and name.split(".")[0] not in (app, "core")
                and len(name.split(".")) > 1
                and name.split(".")[1] in page_modules
            }
            if borrowed:
                wrong[str(path.relative_to(ROOT))] = sorted(borrowed)
    assert wrong == {}


# A module that mixes several entities or features grows past this; split it by entity or
# feature into a package that re-exports what it held (as reports/models/ does).
LONGEST_MODULE = 450


def test_no_module_mixes_so_much_that_it_outgrows_a_reading():
    long = {
        str(path.relative_to(ROOT)): lines
        for top in [*ALLOWED, "config", "demo"]
        for path in (ROOT / top).rglob("*.py")
        if "migrations" not in path.parts
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > LONGEST_MODULE
    }
    assert long == {}, f"split these by entity or feature: {long}"


def test_one_table_remembers_which_reminders_were_sent():
    """A sweep that sends once goes through ``core.reminders`` (one table, ``SentReminder``);
    no app keeps a "sent once" table of its own."""
    from django.apps import apps

    own = sorted(
        model._meta.label
        for model in apps.get_models()
        if model._meta.app_label in ALLOWED
        and "reminder" in model._meta.model_name
        and model._meta.label != "core.SentReminder"
    )
    assert own == []
