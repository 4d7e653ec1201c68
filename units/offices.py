"""Who speaks to citizens: the office that answers a case or a place, with its own name,
hotline, mailing address, e-mail and WeChat account (set per unit in the admin).

A township's safety office answers the cases it accepts, also after it hands one to a district
department; a district office answers what it keeps. A detail a unit leaves empty is taken
from the nearest office above it that has one, then from the portal's settings
(``PORTAL_NAME``, ``PORTAL_HOTLINE``), so no citizen page is left without a number to call.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from core import refcache
from units.models import Unit


@dataclass(frozen=True)
class Office:
    unit: Unit | None
    name: str
    hotline: str
    mailing_address: str = ""
    email: str = ""
    wechat_account: str = ""


def portal_office() -> Office:
    """The portal itself, when no office is known yet (the district-wide home page)."""
    return Office(
        unit=None,
        name=settings.PORTAL_NAME or _("Safety reporting portal"),
        hotline=settings.PORTAL_HOTLINE,
    )


def office_for(unit: Unit | None) -> Office:
    """The office that answers for ``unit``: the unit itself if it is an office (township,
    district, city), else its nearest office above; one query."""
    if unit is None:
        return portal_office()
    chain = list(
        Unit.objects.filter(pk__in=unit.ancestor_ids or [unit.pk], kind__in=Unit.OFFICE_KINDS)
        .only(
            "name",
            "kind",
            "path",
            "office_name",
            "hotline",
            "mailing_address",
            "email",
            "wechat_account",
        )
        .order_by("-depth")
    )
    if not chain:
        return portal_office()
    portal = portal_office()

    def first(field: str, default: str = "") -> str:
        return next((getattr(u, field) for u in chain if getattr(u, field)), default)

    own = chain[0]
    return Office(
        unit=own,
        name=own.public_name,
        hotline=first("hotline", portal.hotline),
        mailing_address=first("mailing_address"),
        email=first("email"),
        wechat_account=first("wechat_account"),
    )


def citizen_townships() -> list[Unit]:
    """The offices a citizen may report to from the district-wide form: active townships with
    at least one active village or community (once per process until a unit changes)."""
    return list(refcache.cached(("citizen-townships",), _citizen_townships))


def _citizen_townships() -> list[Unit]:
    places = Unit.objects.active().places()
    townships = Unit.objects.active().filter(kind=Unit.Kind.TOWNSHIP).order_by("sort_order", "name")
    paths = list(places.values_list("path", flat=True))
    return [t for t in townships if any(p.startswith(t.path) for p in paths)]


def township_or_none(pk: int | None) -> Unit | None:
    if pk is None:
        return None
    return Unit.objects.active().filter(Q(pk=pk), kind=Unit.Kind.TOWNSHIP).first()
