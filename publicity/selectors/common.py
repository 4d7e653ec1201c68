"""What the campaign's reads share: a unit's subtree and the enterprises it covers."""

from django.db.models import Q, QuerySet

from units.models import Enterprise, Unit


def subtree(unit: Unit) -> QuerySet[Unit]:
    return Unit.objects.filter(path__startswith=unit.path, active=True)


def covered_enterprises(unit: Unit) -> QuerySet[Enterprise]:
    """The enterprises a unit answers for: in its villages, or supervised by it or a unit below
    it."""
    return Enterprise.objects.filter(
        Q(village__path__startswith=unit.path) | Q(supervising_unit__path__startswith=unit.path),
        active=True,
    )
