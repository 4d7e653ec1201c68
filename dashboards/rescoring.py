"""A monthly form that arrives after its month was scored: only the form part of that unit's
score is scored again, with words that say when and from which total to which, and the old
and new totals on the score's timeline (run with the clocks, ``dashboards.integration``)."""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.calendar import local_date
from dashboards.assessment import _audit, form_part, weights_for
from dashboards.models import AssessmentScore
from publicity.models import MonthlyForm


def rescore_forms() -> int:
    """Score the form part again where a monthly form was submitted after its month was
    scored: only that part changes (the others stay as the month's frozen figures made them),
    the words say when and from which total to which, and the score's timeline keeps the old
    and the new total. Safe to run at any time: a score rescored is newer than its form.
    Returns how many scores changed."""
    with translation.override(settings.LANGUAGE_CODE):
        return _rescore_forms()


def _rescore_forms() -> int:
    older = AssessmentScore.objects.filter(
        unit_id=OuterRef("unit_id"),
        month__year=OuterRef("year"),
        month__month=OuterRef("month"),
        computed_at__lt=OuterRef("submitted_at"),
    )
    arrived = list(
        MonthlyForm.objects.filter(status=MonthlyForm.Status.SUBMITTED).filter(Exists(older))
    )
    if not arrived:
        return 0
    by_month: dict[dt.date, dict[int, MonthlyForm]] = {}
    for form in arrived:
        by_month.setdefault(dt.date(form.year, form.month, 1), {})[form.unit_id] = form
    now, today = timezone.now(), local_date()
    changed = 0
    with transaction.atomic():
        for month, forms in sorted(by_month.items()):
            scores = list(
                AssessmentScore.objects.select_for_update()
                .filter(month=month, unit_id__in=forms)
                .select_related("unit")
            )
            audit = []
            for found in scores:
                form = forms[found.unit_id]
                if found.computed_at >= form.submitted_at:  # rescored meanwhile
                    continue
                name, points, of, how = form_part(
                    month, form, today=today, weights=weights_for(found.unit)
                )
                old_total = found.total
                old_points = next(
                    (Decimal(p["points"]) for p in found.breakdown if p["part"] == name),
                    Decimal(0),
                )
                new_total = old_total - old_points + points
                how = f"{how}；" + _(
                    "scored again on %(day)s when the form arrived: %(old)s → %(new)s"
                ) % {"day": today.isoformat(), "old": old_total, "new": new_total}
                entry = {"part": name, "points": str(points), "of": of, "how": how}
                if any(p["part"] == name for p in found.breakdown):
                    found.breakdown = [entry if p["part"] == name else p for p in found.breakdown]
                else:  # a score kept before the part existed
                    found.breakdown = [*found.breakdown, entry]
                found.total, found.computed_at = new_total, now
                audit.append((found.pk, old_total, new_total))
            AssessmentScore.objects.bulk_update(scores, ["total", "breakdown", "computed_at"])
            _audit(audit, note=_("The monthly form arrived after the month was scored."), now=now)
            changed += len(audit)
    return changed
