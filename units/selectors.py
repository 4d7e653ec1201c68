"""Reads about units and people: memberships (cached per request), places, routing. Who may do
what on which unit is units/permissions.py."""

from collections.abc import Iterable

from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from core import refcache
from units.models import (
    Industry,
    Membership,
    RoutingRule,
    Unit,
)

_CACHE_ATTR = "_jubao_memberships"


def memberships_of(user) -> list[Membership]:
    """The user's active memberships with their units, loaded once per request (cached on the
    user object)."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user, active=True, unit__active=True).select_related(
                "unit"
            )
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_memberships(user) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def has_role(user, *roles: str) -> bool:
    """Whether the user holds one of ``roles`` somewhere: only for choosing which admin pages a
    person opens (units/admin_base.py). What they may do on a unit: units/permissions.py."""
    if getattr(user, "is_superuser", False):
        return True
    return any(m.role in roles for m in memberships_of(user))


def place_choices(
    *, within: Iterable[Unit] | None = None
) -> list[tuple[str, list[tuple[int, str]]]]:
    """Active villages and communities grouped by township, for a select with optgroups:
    all of them, or those under the ``within`` units. Two queries whatever the numbers, once
    per process until a unit changes (core.refcache)."""
    roots = None if within is None else list(within)
    key = ("place-choices", None if roots is None else tuple(sorted(u.pk for u in roots)))
    groups = refcache.cached(key, lambda: _place_choices(roots))
    return [(name, list(places)) for name, places in groups]


def _place_choices(within: list[Unit] | None) -> list[tuple[str, list[tuple[int, str]]]]:
    places = Unit.objects.active().places()
    if within is not None:
        scope = Q(pk__in=[])
        for root in within:
            scope |= Q(path__startswith=root.path)
        places = places.filter(scope)
    rows = list(places.order_by("path"))
    township_ids = {pid for p in rows for pid in p.ancestor_ids}
    townships = {
        t.pk: t
        for t in Unit.objects.filter(pk__in=township_ids, kind=Unit.Kind.TOWNSHIP).order_by(
            "sort_order", "name"
        )
    }
    groups: dict[int, list[tuple[int, str]]] = {}
    for place in sorted(rows, key=lambda p: (p.sort_order, p.name)):
        owner = next((i for i in reversed(place.ancestor_ids) if i in townships), None)
        if owner is not None:
            groups.setdefault(owner, []).append((place.pk, place.name))
    return [(townships[t].name, groups[t]) for t in townships if t in groups]


def suggested_unit_expression(*, township: str, industry: str, village: str) -> Coalesce:
    """The same precedence as ``suggest_responsible_unit``, as an SQL expression for a list of
    rows whose township, industry and village are the given fields (one query for any number
    of rows). A test checks that both always agree."""

    def rule(**match) -> Subquery:
        return Subquery(
            RoutingRule.objects.filter(township_id=OuterRef(township), **match).values("unit_id")[
                :1
            ]
        )

    return Coalesce(
        rule(industry_id=OuterRef(industry), village_id=OuterRef(village)),
        rule(industry_id=OuterRef(industry), village__isnull=True),
        rule(industry__isnull=True, village_id=OuterRef(village)),
    )


def suggest_responsible_unit(*, industry: Industry | None, village: Unit) -> Unit | None:
    """The responsible unit the village's township's most specific routing rule names:
    industry and village, then industry alone, then village alone."""
    township = village.township()
    if township is None:
        return None
    rules = RoutingRule.objects.filter(
        Q(industry=industry, village=village)
        | Q(industry=industry, village__isnull=True)
        | Q(industry__isnull=True, village=village),
        township=township,
    ).select_related("unit")

    def rank(rule: RoutingRule) -> int:
        return (2 if rule.industry_id else 0) + (1 if rule.village_id else 0)

    best = max(rules, key=rank, default=None)
    return best.unit if best else None


def robot_secret_for(address: str) -> str:
    """The signing secret (钉钉 加签) of the unit whose group robot has this webhook address,
    or "" (``core.robots`` asks at each post; registered in ``UnitsConfig.ready``)."""
    unit = (
        Unit.objects.filter(robot_webhook_url=address)
        .exclude(robot_secret="")
        .order_by("path")
        .only("robot_secret")
        .first()
    )
    return unit.robot_secret if unit else ""
