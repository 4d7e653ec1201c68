"""Who may do what on which unit: the one place that answers it (DESIGN §2).

Every view, service, admin action and export asks this module; nothing else compares roles.
A permission (``Perm``) names what a person does. ``RULES`` says which roles grant it and how
far each reaches:

- ``OWN``: the member's own unit only (a village's officer acts for that village);
- ``SUBTREE``: the member's unit and every unit under it (a township's office acts for its
  villages, stations and member units).

Superusers (the install's administrators) hold every permission everywhere except the acts
the rules give to a named role (``PERSONAL``): investigating and signing for a unit, approving,
paying and unsealing. An administrator never stands in for a leader, finance or the identity
custodian. Supervisors only ever *see*: no rule grants them a permission that writes.

Questions about a case are questions about its units: "the office of this case" is
``can(user, Perm.TRIAGE, report.township)``, "the unit of this case" is
``can(user, Perm.INVESTIGATE, report.responsible_unit)``, "the leader of this township" is
``can(user, Perm.APPROVE, report.township)``.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import ApplicationError
from units.models import Membership, Role, Unit
from units.selectors import memberships_of

OWN = "own"
SUBTREE = "subtree"


class Perm(StrEnum):
    SEE_UNITS = "see_units"  # a unit and what hangs on it: enterprises, QR points, informants
    # Cases
    SEE_CASES = "see_cases"  # the cases of a unit (what of them: reports/disclosure decides)
    SEE_OFFICE_SIDE = "see_office_side"  # a case's originals, messages and office timeline
    TRIAGE = "triage"  # the safety office: intake, transfer, review, messages, publish
    INVESTIGATE = "investigate"  # the responsible unit: acknowledge, investigate, propose
    SIGN = "sign"  # the unit head: sign conclusions, endorse extensions
    APPROVE = "approve"  # the leader: extensions, rewards, typical cases
    PAY = "pay"  # the paying unit's finance
    UNSEAL = "unseal"  # the identity custodian: unseal, reissue receipt codes
    REVIEW_UNSEALING = "review_unsealing"  # see who unsealed or reissued what, and why
    # The campaign (七个一), forms and tasks
    SEE_CAMPAIGN = "see_campaign"
    RECORD_CAMPAIGN = "record_campaign"  # activities, prints, corrections
    ANSWER_FOR = "answer_for"  # submit a unit's monthly form, mark its tasks done
    # Figures
    SEE_DASHBOARD = "see_dashboard"


@dataclass(frozen=True)
class Rule:
    grants: dict[str, str]  # role -> OWN or SUBTREE
    refusal: "str | Promise"  # why not, in words (translated when raised)


# fmt: off
RULES: dict[Perm, Rule] = {
    Perm.SEE_UNITS: Rule(
        {Role.INTAKE: SUBTREE, Role.LEADER: SUBTREE, Role.SUPERVISOR: SUBTREE,
         Role.CUSTODIAN: SUBTREE, Role.OFFICER: OWN, Role.HEAD: OWN, Role.FINANCE: OWN},
        gettext_lazy("You may not see this unit."),
    ),
    Perm.SEE_CASES: Rule(
        {Role.INTAKE: SUBTREE, Role.LEADER: SUBTREE, Role.SUPERVISOR: SUBTREE,
         Role.CUSTODIAN: SUBTREE, Role.OFFICER: OWN, Role.HEAD: OWN},
        gettext_lazy("You may not see the cases of this unit."),
    ),
    Perm.SEE_OFFICE_SIDE: Rule(
        {Role.INTAKE: SUBTREE, Role.CUSTODIAN: SUBTREE, Role.LEADER: SUBTREE},
        gettext_lazy("Only the safety office of this case may see this."),
    ),
    Perm.TRIAGE: Rule(
        {Role.INTAKE: SUBTREE},
        gettext_lazy("Only the safety office of this case may do this."),
    ),
    Perm.INVESTIGATE: Rule(
        {Role.OFFICER: OWN, Role.HEAD: OWN},
        gettext_lazy("Only the responsible unit may do this."),
    ),
    Perm.SIGN: Rule(
        {Role.HEAD: OWN},
        gettext_lazy("Only the head of the responsible unit may do this."),
    ),
    Perm.APPROVE: Rule(
        {Role.LEADER: SUBTREE},
        gettext_lazy("Only the township leader may approve this."),
    ),
    Perm.PAY: Rule(
        {Role.FINANCE: OWN},
        gettext_lazy("Only the paying unit's finance may record payments."),
    ),
    Perm.UNSEAL: Rule(
        {Role.CUSTODIAN: SUBTREE},
        gettext_lazy("Only the identity custodian of this township may do this."),
    ),
    Perm.REVIEW_UNSEALING: Rule(
        {Role.CUSTODIAN: SUBTREE, Role.LEADER: SUBTREE},
        gettext_lazy("Only the custodian and the leader see this record."),
    ),
    Perm.SEE_CAMPAIGN: Rule(
        {Role.INTAKE: SUBTREE, Role.LEADER: SUBTREE, Role.SUPERVISOR: SUBTREE,
         Role.HEAD: OWN, Role.OFFICER: OWN},
        gettext_lazy("You may not see the campaign of this unit."),
    ),
    Perm.RECORD_CAMPAIGN: Rule(
        {Role.INTAKE: SUBTREE, Role.LEADER: SUBTREE, Role.HEAD: OWN, Role.OFFICER: OWN},
        gettext_lazy("You may not record campaign work for this unit."),
    ),
    Perm.ANSWER_FOR: Rule(
        {Role.INTAKE: SUBTREE, Role.LEADER: SUBTREE, Role.HEAD: OWN},
        gettext_lazy("Only the unit's head, its township's office or leader may do this."),
    ),
    Perm.SEE_DASHBOARD: Rule(
        {Role.SUPERVISOR: SUBTREE, Role.LEADER: SUBTREE, Role.INTAKE: SUBTREE},
        gettext_lazy("You may not see the figures of this unit."),
    ),
}
# fmt: on

# Permissions that change something: a supervisor holds none of them (checked by a test).
WRITES = frozenset(
    {
        Perm.TRIAGE,
        Perm.INVESTIGATE,
        Perm.SIGN,
        Perm.APPROVE,
        Perm.PAY,
        Perm.UNSEAL,
        Perm.RECORD_CAMPAIGN,
        Perm.ANSWER_FOR,
    }
)


# What only a member holding the role may do, administrators included.
PERSONAL = frozenset({Perm.INVESTIGATE, Perm.SIGN, Perm.APPROVE, Perm.PAY, Perm.UNSEAL})


def everywhere(user, perm: Perm) -> bool:
    """Administrators hold every permission but the personal ones, for every unit."""
    return (
        perm not in PERSONAL
        and bool(getattr(user, "is_superuser", False))
        and bool(getattr(user, "is_active", True))
    )


def reach(user, perm: Perm) -> Iterable[tuple[Unit, str]]:
    """The user's units that grant ``perm``, with how far each reaches (``OWN`` or
    ``SUBTREE``): for filters that follow a unit along more than one path."""
    grants = RULES[perm].grants
    for membership in memberships_of(user):
        scope = grants.get(membership.role)
        if scope is not None:
            yield membership.unit, scope


def _covers(unit: Unit, scope: str, target: Unit) -> bool:
    if scope == OWN:
        return unit.pk == target.pk
    return target.path.startswith(unit.path)


def can(user, perm: Perm, unit: Unit | None) -> bool:
    """Whether ``user`` holds ``perm`` for ``unit`` (False for no unit). A unit without a head
    account is signed for by the person its office names (``stand_in``)."""
    if unit is None:
        return False
    if everywhere(user, perm):
        return True
    if any(_covers(mine, scope, unit) for mine, scope in reach(user, perm)):
        return True
    if perm == Perm.SIGN and any(
        m.role in STAND_IN_ROLES and m.unit_id == unit.parent_id for m in memberships_of(user)
    ):
        stand_in = stand_in_for(unit)
        if stand_in is not None:
            office, role = stand_in
            return any(m.unit_id == office.pk and m.role == role for m in memberships_of(user))
    return False


# The roles an office may name to sign for its units without a head (``Unit.headless_signer``).
STAND_IN_ROLES = (Role.LEADER, Role.INTAKE)


def signed_for(user) -> QuerySet[Unit]:
    """The units whose conclusions and extensions wait on ``user``'s signature: those they head,
    and those without a head account whose office names them to sign in its place."""
    return Unit.objects.filter(scope_q(user, Perm.SIGN))


def _heads_of(unit: Unit | None) -> QuerySet:
    """Active head memberships (of ``unit``, or of every unit for None)."""
    heads = Membership.objects.filter(role=Role.HEAD, active=True, user__is_active=True)
    return heads if unit is None else heads.filter(unit=unit)


def stand_in_role(office: Unit) -> str:
    return Role.INTAKE if office.headless_signer == "intake" else Role.LEADER


def stand_in_for(unit: Unit) -> tuple[Unit, str] | None:
    """Who signs for a unit that has no active head account: the office it belongs to (its
    township, or the district for a department) and the role the office's setting names (the
    leader by default). None when the unit has a head or is not directly under an office."""
    office = unit.parent
    if office is None or office.kind not in Unit.OFFICE_KINDS or unit.kind in Unit.OFFICE_KINDS:
        return None
    if _heads_of(unit).exists():
        return None
    return office, stand_in_role(office)


def holds(user, perm: Perm) -> bool:
    """Whether ``user`` holds ``perm`` for some unit (to show a menu entry, say)."""
    return everywhere(user, perm) or any(True for _ in reach(user, perm))


def refusal(perm: Perm) -> str:
    return str(RULES[perm].refusal)


def require(user, perm: Perm, unit: Unit | None, message: str | None = None) -> None:
    """Raise ApplicationError with the permission's reason (or ``message``) unless ``user``
    holds ``perm`` for ``unit``."""
    if not can(user, perm, unit):
        raise ApplicationError(message or refusal(perm))


def scope_q(user, perm: Perm, *, prefix: str = "") -> Q:
    """A filter for rows whose unit (reached through ``prefix``, e.g. ``"unit__"``) the user
    holds ``perm`` for. Administrators: everything (but the personal permissions); anyone
    without the permission: nothing."""
    if everywhere(user, perm):
        return Q()
    q = Q(pk__in=[])
    for unit, scope in reach(user, perm):
        if scope == OWN:
            q |= Q(**{f"{prefix}pk": unit.pk})
        else:
            q |= Q(**{f"{prefix}path__startswith": unit.path})
    if perm == Perm.SIGN:
        q |= _stand_in_q(user, prefix)
    return q


def _stand_in_q(user, prefix: str) -> Q:
    """The units without a head account that ``user`` signs for (``stand_in_for``)."""
    q = Q(pk__in=[])
    for m in memberships_of(user):
        if m.unit.kind in Unit.OFFICE_KINDS and stand_in_role(m.unit) == m.role:
            q |= Q(**{f"{prefix}parent_id": m.unit.pk})
    if q == Q(pk__in=[]):
        return q
    headed = _heads_of(None).values("unit_id")
    return q & ~Q(**{f"{prefix}kind__in": Unit.OFFICE_KINDS}) & ~Q(**{f"{prefix}pk__in": headed})


def units(user, perm: Perm) -> QuerySet[Unit]:
    """The active units ``user`` holds ``perm`` for, in tree order."""
    return Unit.objects.filter(scope_q(user, perm), active=True).order_by("path")


def roots(user, perm: Perm) -> list[Unit]:
    """The highest units the user holds ``perm`` for (their subtrees cover the rest)."""
    if everywhere(user, perm):
        return list(Unit.objects.filter(depth=0).order_by("path"))
    found = sorted({unit.pk: unit for unit, _scope in reach(user, perm)}.values(), key=_order)
    return [u for u in found if not any(o is not u and u.path.startswith(o.path) for o in found)]


def _order(unit: Unit) -> tuple[int, str]:
    return unit.depth, unit.path


def unit_or_404(user, perm: Perm, unit_id: object) -> Unit:
    """The unit an address names, if the user holds ``perm`` for it; a missing, malformed or
    foreign unit is a 404 (never another unit instead)."""
    text = str(unit_id or "").strip()
    if not text.isdigit() or len(text) > 18:
        raise Http404(_("No such unit."))
    unit = Unit.objects.filter(pk=int(text), active=True).first()
    if unit is None or not can(user, perm, unit):
        raise Http404(_("No such unit."))
    return unit
