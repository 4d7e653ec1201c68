"""Who may act on a case, and how a step the office records for a paper unit is labelled.

A case's questions are questions about its units, answered by ``units.permissions``: the
office of the case is the township's intake desk, the unit is the responsible unit, the
leader is the township's."""

from django.utils.translation import gettext as _

from core.errors import ApplicationError
from reports.models import Report
from units import permissions
from units.models import Unit
from units.permissions import Perm

# Units that investigate: not the township itself, nor the district.
INVESTIGATING_KINDS = (
    Unit.Kind.VILLAGE,
    Unit.Kind.COMMUNITY,
    Unit.Kind.STATION,
    Unit.Kind.MEMBER,
)


def _lock(report: Report) -> Report:
    return Report.objects.select_for_update().get(pk=report.pk)


def is_office_for(actor, report: Report) -> bool:
    """The safety office of the case: an intake officer whose units cover its township."""
    return permissions.can(actor, Perm.TRIAGE, report.township)


def _require_office(actor, report: Report) -> None:
    permissions.require(actor, Perm.TRIAGE, report.township)


def _require_unit(actor, report: Report, *, head: bool = False) -> str:
    """The actor acts for the responsible unit: as its officer or head (``head``: only the
    head), or as the safety office recording the step for a unit that works on paper.
    Returns how the actor acts: "unit" or "office"."""
    perm = Perm.SIGN if head else Perm.INVESTIGATE
    unit = report.responsible_unit
    if permissions.can(actor, perm, unit):
        return "unit"
    if unit and unit.works_on_paper and is_office_for(actor, report):
        return "office"
    raise ApplicationError(permissions.refusal(perm))


def _require_leader(actor, report: Report) -> None:
    permissions.require(actor, Perm.APPROVE, report.township)


def _require_custodian(actor, report: Report) -> None:
    """An identity custodian whose unit covers the case's township (never an administrator:
    the custodian alone unseals)."""
    permissions.require(actor, Perm.UNSEAL, report.township)


def _label(actor, acting_as: str) -> str:
    from core.people import display_name

    name = display_name(actor)
    return _("%(name)s for the unit (paper)") % {"name": name} if acting_as == "office" else name
