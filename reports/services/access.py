"""Who may act on a case, and how a step the office records for a paper unit is labelled."""

from django.utils.translation import gettext as _

from core.errors import ApplicationError
from reports.models import (
    Report,
)
from units.models import Role, Unit
from units.selectors import memberships_of

# Units that investigate: not the township itself, nor the district.
INVESTIGATING_KINDS = (
    Unit.Kind.VILLAGE,
    Unit.Kind.COMMUNITY,
    Unit.Kind.STATION,
    Unit.Kind.MEMBER,
)


# ------------------------------------------------------------------------------
# Who may act
# ------------------------------------------------------------------------------
def _lock(report: Report) -> Report:
    return Report.objects.select_for_update().get(pk=report.pk)


def is_office_for(actor, report: Report) -> bool:
    """An intake officer (or administrator) whose units cover the case's township."""
    if getattr(actor, "is_superuser", False):
        return True
    return any(
        m.role == Role.INTAKE and report.township.path.startswith(m.unit.path)
        for m in memberships_of(actor)
    )


def _unit_roles(actor, report: Report) -> set[str]:
    if report.responsible_unit_id is None:
        return set()
    return {m.role for m in memberships_of(actor) if m.unit_id == report.responsible_unit_id}


def _require_office(actor, report: Report) -> None:
    if not is_office_for(actor, report):
        raise ApplicationError(_("Only the safety office of this case may do this."))


def _require_unit(actor, report: Report, *, head: bool = False) -> str:
    """The actor acts for the responsible unit: as its officer or head (``head``: only the
    head), or as the safety office recording the step for a unit that works on paper.
    Returns how the actor acts: "unit" or "office"."""
    roles = _unit_roles(actor, report)
    wanted = {Role.HEAD} if head else {Role.OFFICER, Role.HEAD}
    if roles & wanted:
        return "unit"
    unit = report.responsible_unit
    if unit and unit.works_on_paper and is_office_for(actor, report):
        return "office"
    if head:
        raise ApplicationError(_("Only the head of the responsible unit may do this."))
    raise ApplicationError(_("Only the responsible unit may do this."))


def _require_leader(actor, report: Report) -> None:
    if getattr(actor, "is_superuser", False):
        return
    if not any(
        m.role == Role.LEADER and report.township.path.startswith(m.unit.path)
        for m in memberships_of(actor)
    ):
        raise ApplicationError(_("Only the township leader may approve this."))


def _require_custodian(actor, report: Report) -> None:
    """An identity custodian whose unit covers the case's township (or an administrator).
    Holding the role somewhere else, or seeing the case through another role, is not enough."""
    if getattr(actor, "is_superuser", False):
        return
    if not any(
        m.role == Role.CUSTODIAN and report.township.path.startswith(m.unit.path)
        for m in memberships_of(actor)
    ):
        raise ApplicationError(_("Only an identity custodian of this case's township may do this."))


def _label(actor, acting_as: str) -> str:
    from core.people import display_name

    name = display_name(actor)
    return _("%(name)s for the unit (paper)") % {"name": name} if acting_as == "office" else name
