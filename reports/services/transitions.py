"""The one check of a case's move: the allowed-transitions map, and the statuses each step
moves a case from."""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from core.errors import ApplicationError
from reports.models import (
    ALLOWED_TRANSITIONS,
    Report,
)


def check_transition(report: Report, target: str, *, sources: Iterable[str] = ()) -> None:
    """Raise ApplicationError unless ``report`` may move to ``target`` (ALLOWED_TRANSITIONS)
    and, when ``sources`` is given, stands in one of those statuses: several steps reach the
    same target from different statuses (accepting a lead and rerouting a returned case both
    transfer it; a unit's acknowledgement, the office sending a conclusion back and an upheld
    objection all lead to investigation), and each step moves a case only from its own."""
    allowed = target in ALLOWED_TRANSITIONS.get(report.status, frozenset())
    if not allowed or (sources and report.status not in sources):
        raise ApplicationError(
            _("A case that is “%(status)s” cannot be changed this way.")
            % {"status": report.get_status_display()}
        )
