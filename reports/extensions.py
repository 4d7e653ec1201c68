"""What the apps above ``reports`` add to its pages and sweeps, without ``reports`` importing
them (DESIGN §7): the reward a citizen may expect per category, panels on /track/, items
"waiting for me" on /unit/, the words for their timeline entries, more clocks, and sweeps
run with the clocks. An app registers providers at start-up (``AppConfig.ready``); with none
registered, each returns nothing. The domain events of a case are in ``reports.events``.
"""

from collections.abc import Callable
from typing import Any

_estimates: list[Callable[[], dict[int, str]]] = []
_track_panels: list[Callable[[Any, Any], dict | None]] = []
_clocks: list[Callable[[], list]] = []
_workspace: list[Callable[[Any], list[dict]]] = []
_labels: dict[str, Any] = {}
_sweeps: list[Callable[[Any], dict[str, int]]] = []


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
