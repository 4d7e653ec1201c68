"""Explicit hooks: how apps above ``reports`` react to it without ``reports`` importing them
(DESIGN §7). An app registers callables at start-up (``AppConfig.ready``); ``reports`` calls
them. With nothing registered, each hook does nothing.
"""

from collections.abc import Callable
from typing import Any

from django.db import transaction

_case_final: list[Callable[[int], None]] = []
_case_reopened: list[Callable[[int], None]] = []
_case_withdrawn: list[Callable[[int], None]] = []
_estimates: list[Callable[[], dict[int, str]]] = []
_track_panels: list[Callable[[Any, Any], dict | None]] = []
_clocks: list[Callable[[], list]] = []
_workspace: list[Callable[[Any], list[dict]]] = []
_labels: dict[str, Any] = {}
_sweeps: list[Callable[[Any], dict[str, int]]] = []


def on_case_inputs_final(callback: Callable[[int], None]) -> None:
    """``callback(report_id)`` runs after the commit of a conclusion or an enforcement update:
    a reward may now be calculable."""
    _case_final.append(callback)


def case_inputs_changed(report_id: int) -> None:
    for callback in _case_final:
        transaction.on_commit(lambda cb=callback: cb(report_id), robust=True)


def on_case_reopened(callback: Callable[[int], None]) -> None:
    """``callback(report_id)`` runs when a concluded case goes back to investigation (an
    upheld objection sets its accepted conclusion aside), *inside* that transaction, right
    after the case row changed and while it is still locked: not on commit, so what the
    callback does (suspending a reward) commits or rolls back with the reopening, and no later
    failure can leave a reopened case with a reward still payable. A callback that raises
    undoes the reopening. Callbacks lock their own rows after the case's (case first)."""
    _case_reopened.append(callback)


def case_reopened(report_id: int) -> None:
    for callback in _case_reopened:
        callback(report_id)


def on_case_withdrawn(callback: Callable[[int], None]) -> None:
    """``callback(report_id)`` runs when the reporter withdraws an accepted case (the
    investigation goes on; the reply and the reward are waived), inside that transaction and
    under the case's lock, like ``on_case_reopened``: a reward can never stay payable after
    the withdrawal commits."""
    _case_withdrawn.append(callback)


def case_withdrawn(report_id: int) -> None:
    for callback in _case_withdrawn:
        callback(report_id)


def provide_category_estimates(provider: Callable[[], dict[int, str]]) -> None:
    """``provider()`` returns {category id: the reward a citizen may expect, in words}."""
    _estimates.append(provider)


def category_estimates() -> dict[int, str]:
    estimates: dict[int, str] = {}
    for provider in _estimates:
        estimates.update(provider())
    return estimates


def provide_track_panel(provider: Callable[[Any, Any], dict | None]) -> None:
    """``provider(report, request)`` returns the context of a panel shown on /track/ (with its
    ``template``), or None."""
    _track_panels.append(provider)


def track_panels(report, request) -> list[dict]:
    return [panel for provider in _track_panels if (panel := provider(report, request))]


def provide_clocks(factory: Callable[[], list]) -> None:
    """``factory()`` returns more ``reports.clocks.Clock`` objects for the sweep."""
    _clocks.append(factory)


def extra_clocks() -> list:
    return [clock for factory in _clocks for clock in factory()]


def provide_workspace_items(provider: Callable[[Any], list[dict]]) -> None:
    """``provider(user)`` returns what waits for this person elsewhere ({"text", "url"}),
    listed under "Waiting for me" on /unit/."""
    _workspace.append(provider)


def workspace_items(user) -> list[dict]:
    return [item for provider in _workspace for item in provider(user)]


def provide_timeline_labels(labels: dict[str, Any]) -> None:
    """``labels`` names the timeline actions an app records on a case ({action: words})."""
    _labels.update(labels)


def timeline_label(action: str) -> Any:
    return _labels.get(action)


def provide_sweep(sweep: Callable[[Any], dict[str, int]]) -> None:
    """``sweep(today)`` runs with the clocks (the same beat entry and ``run_sweeps`` loop) for
    reminders that are not about one case; it returns how many it sent, by kind."""
    _sweeps.append(sweep)


def run_sweeps(today) -> dict[str, int]:
    sent: dict[str, int] = {}
    for sweep in _sweeps:
        sent.update(sweep(today))
    return sent
