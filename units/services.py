"""Writes about units and people."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from core import timeline
from core.errors import ApplicationError
from units import permissions
from units.models import ConfidentialSource, Informant, Membership, Role, Unit
from units.permissions import Perm
from units.selectors import forget_memberships

User = get_user_model()


def user_sync_staff_flag(*, user) -> bool:
    """Only intake officers and administrators use /admin/: keep ``is_staff`` in step with the
    user's memberships. Returns the new flag."""
    is_staff = (
        user.is_superuser
        or Membership.objects.filter(user=user, role=Role.INTAKE, active=True).exists()
    )
    if user.is_staff != is_staff:
        user.is_staff = is_staff
        user.save(update_fields=["is_staff"])
    forget_memberships(user)
    return is_staff


@transaction.atomic
def membership_grant(*, user, unit: Unit, role: str) -> Membership:
    """Give ``user`` ``role`` in ``unit`` (reactivating an old membership); safe to repeat."""
    membership, _created = Membership.objects.get_or_create(user=user, unit=unit, role=role)
    if not membership.active:
        membership.active = True
        membership.save(update_fields=["active"])
    user_sync_staff_flag(user=user)
    return membership


@transaction.atomic
def membership_revoke(*, membership: Membership) -> None:
    membership.active = False
    membership.save(update_fields=["active"])
    user_sync_staff_flag(user=membership.user)


@transaction.atomic
def informant_register(
    *,
    unit: Unit,
    kind: str,
    name: str,
    phone: str,
    enterprise=None,
    reward_eligible: bool | None = None,
) -> Informant:
    """Register an informant. Grid workers are not reward-eligible unless said otherwise."""
    if reward_eligible is None:
        reward_eligible = kind != Informant.Kind.GRID_WORKER
    informant = Informant(
        unit=unit,
        kind=kind,
        name=name.strip(),
        enterprise=enterprise,
        reward_eligible=reward_eligible,
    )
    informant.set_phone(phone)
    informant.full_clean()
    informant.save()
    return informant


@transaction.atomic
def source_save(
    *,
    source: ConfidentialSource,
    name: str = "",
    phone: str = "",
    id_number: str = "",
    notes: str = "",
) -> ConfidentialSource:
    """Register or update a confidential source. Sealed fields left empty keep their stored
    value (the form never shows them again)."""
    if source.pk:
        stored = ConfidentialSource.objects.get(pk=source.pk)
        name = name or stored.name
        phone = phone or stored.phone
        id_number = id_number or stored.id_number
        notes = notes or stored.notes
    source.set_identity(name=name, phone=phone, id_number=id_number, notes=notes)
    source.full_clean()
    source.save()
    return source


def source_unseal(*, source: ConfidentialSource, actor, reason: str) -> dict[str, str]:
    """Show a confidential source's identity to a custodian, recording who, when and why.

    Raises ApplicationError unless the actor is an identity custodian over the source's unit
    (administrators are not) and gives a reason.
    """
    permissions.require(actor, Perm.UNSEAL, source.unit)
    reason = (reason or "").strip()
    if len(reason) < 4:
        raise ApplicationError(_("Give the reason for unsealing (at least 4 characters)."))
    timeline.record(
        source,
        "units.source.unsealed",
        actor=actor,
        visibility=timeline.Visibility.OFFICE,
        note=reason,
    )
    return {
        "name": source.name,
        "phone": source.phone,
        "id_number": source.id_number,
        "notes": source.notes,
    }
