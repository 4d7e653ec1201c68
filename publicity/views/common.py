"""What every publicity page shares: the unit asked for (and the permission module's answer),
the page context and the unit picker."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from core import params
from publicity import selectors
from units import permissions
from units.models import Unit
from units.permissions import Perm


def _unit(request: HttpRequest, *perms: Perm) -> Unit:
    """The unit the page is about: the one the address names (``?unit=``, or ``for_unit`` in a
    form), for which the person must hold one of ``perms`` (a 404 otherwise, never another
    unit instead); without one, the highest unit they hold one of ``perms`` for."""
    perms = perms or (Perm.SEE_CAMPAIGN,)
    user = request.user
    wanted = params.text(request.GET, "unit")
    if not wanted and request.method == "POST":
        wanted = params.text(request.POST, "for_unit")
    if wanted:
        unit_id = params.pk(wanted)
        unit = Unit.objects.filter(pk=unit_id, active=True).first() if unit_id else None
        if unit is None or not any(permissions.can(user, perm, unit) for perm in perms):
            raise Http404
        return unit
    roots = [root for perm in perms for root in permissions.roots(user, perm)]
    if not roots:
        raise PermissionDenied(permissions.refusal(perms[0]))
    return min(roots, key=lambda u: (u.depth, u.path))


def _township(request: HttpRequest, *perms: Perm) -> Unit:
    """The township the page is about: the named unit's (or the person's) township; for a
    district, the first township below it (the page offers the others)."""
    unit = _unit(request, *perms)
    township = unit.township() if unit.kind != Unit.Kind.DISTRICT else None
    if township is None:
        township = selectors.subtree(unit).filter(kind=Unit.Kind.TOWNSHIP).order_by("path").first()
    if township is None:
        raise Http404
    return township


def _context(request: HttpRequest, unit: Unit, *, picker: bool | str = True, **extra) -> dict:
    """The page's unit, what the person may do there, and, where the page is about one unit,
    the person's others to pick."""
    user = request.user
    units = permissions.units(user, Perm.SEE_CAMPAIGN)
    if picker == "townships":
        units = units.filter(kind=Unit.Kind.TOWNSHIP)
    units = list(units) if picker else []
    return {
        "unit": unit,
        "units": units if len(units) > 1 else [],
        "can_record": permissions.can(user, Perm.RECORD_CAMPAIGN, unit),
        "can_typical": permissions.holds(user, Perm.TRIAGE)
        or permissions.holds(user, Perm.APPROVE),
        **extra,
    }


def _seen(request: HttpRequest, queryset, prefix: str = "unit__"):
    """Rows of a unit the person may see the campaign of (the others are a 404)."""
    return queryset.filter(permissions.scope_q(request.user, Perm.SEE_CAMPAIGN, prefix=prefix))
