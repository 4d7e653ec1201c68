"""Activities with their evidence photos, and the QR material printed."""

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import calendar, timeline
from core.errors import ApplicationError
from core.http import public_address_problem
from core.images import CleanImage
from core.people import display_name
from publicity import selectors
from publicity.models import (
    Activity,
    Artwork,
    EvidencePhoto,
    Measure,
    MonthlyForm,
    PrintRecord,
)
from publicity.periods import Period
from reports.models import IntakePoint
from reports.services import intake_point_save
from units import permissions
from units.models import Enterprise, Unit
from units.permissions import Perm


def _store_photos(photos: Iterable[CleanImage], actor, **owner) -> list[EvidencePhoto]:
    stored = []
    for clean in photos:
        photo = EvidencePhoto(width=clean.width, height=clean.height, uploaded_by=actor, **owner)
        photo.file.save("photo.jpg", ContentFile(clean.content), save=False)
        photo.thumbnail.save("thumb.jpg", ContentFile(clean.thumbnail), save=False)
        photo.save()
        stored.append(photo)
    return stored


# ------------------------------------------------------------------------------
# Activities
# ------------------------------------------------------------------------------
def activity_record(
    *,
    actor,
    unit: Unit,
    measure: Measure,
    date: dt.date,
    count: int,
    enterprise: Enterprise | None = None,
    place: Unit | None = None,
    location: str = "",
    link: str = "",
    note: str = "",
    photos: Iterable[CleanImage] = (),
) -> Activity:
    """Record what a unit did. A measure with targets per enterprise needs the enterprise, one
    per village needs the village; both must lie in the unit's township."""
    permissions.require(actor, Perm.RECORD_CAMPAIGN, unit)
    photos = list(photos)
    if not measure.active:
        raise ApplicationError(_("This measure is no longer used."))
    if measure.source != Measure.Source.ACTIVITIES:
        raise ApplicationError(_("This measure is counted from the informant library."))
    if count < 1:
        raise ApplicationError(_("Give how many, at least 1."))
    if date > calendar.local_date():
        raise ApplicationError(_("The date cannot be in the future."))
    if len(photos) > settings.MAX_PHOTOS_PER_REPORT:
        raise ApplicationError(_("At most %(n)s photos.") % {"n": settings.MAX_PHOTOS_PER_REPORT})
    township = unit.township() or unit
    if measure.per_enterprise and enterprise is None:
        raise ApplicationError(_("Choose the enterprise."))
    if measure.per_place and place is None:
        raise ApplicationError(_("Choose the village or community."))
    if enterprise and not selectors.covered_enterprises(township).filter(pk=enterprise.pk).exists():
        raise ApplicationError(_("The enterprise is not in this township."))
    if place and (place.kind not in Unit.PLACE_KINDS or not place.path.startswith(township.path)):
        raise ApplicationError(_("The village or community is not in this township."))
    with transaction.atomic():
        activity = Activity.objects.create(
            unit=unit,
            measure=measure,
            date=date,
            count=count,
            enterprise=enterprise,
            place=place,
            location=location.strip(),
            link=link.strip(),
            note=note.strip(),
            created_by=actor,
        )
        _store_photos(photos, actor, activity=activity)
    return activity


def activity_delete(*, actor, activity: Activity, reason: str) -> None:
    """Take back an activity recorded by mistake, saying why, while the monthly form of its
    unit and month is not submitted. The unit's timeline keeps who took it back, when, why and
    what it counted (``publicity.activity.removed``); its photos go with it. Taking back an
    activity already gone changes nothing. Raises ApplicationError without a reason or once
    the form is submitted."""
    permissions.require(actor, Perm.RECORD_CAMPAIGN, activity.unit)
    reason = reason.strip()
    if not reason:
        raise ApplicationError(_("Say why the activity is removed."))
    period = _period_of(activity.date)
    with transaction.atomic():
        # The form first (form_submit locks it, then reads the activities).
        form = (
            MonthlyForm.objects.select_for_update()
            .filter(unit=activity.unit_id, year=period.year, month=period.month)
            .first()
        )
        if form is not None and form.frozen:
            raise ApplicationError(
                _("The monthly form with this activity is submitted: it can no longer change.")
            )
        locked = (
            Activity.objects.select_for_update(of=("self",))
            .select_related("unit", "measure", "enterprise", "place", "created_by")
            .filter(pk=activity.pk)
            .first()
        )
        if locked is None:
            return
        photos = list(locked.photos.all())
        timeline.record(
            locked.unit,
            "publicity.activity.removed",
            actor=actor,
            note=reason,
            data=_figures_of(locked, photos=len(photos)),
        )
        files = [f for p in photos for f in (p.file, p.thumbnail)]
        locked.delete()
        transaction.on_commit(lambda: [f.delete(save=False) for f in files])


def _figures_of(activity: Activity, *, photos: int) -> dict:
    """What an activity counted, for the record of its removal."""
    return {
        "activity": activity.pk,
        "unit_name": activity.unit.name,
        "measure": activity.measure.code,
        "measure_name": activity.measure.name,
        "date": activity.date.isoformat(),
        "count": activity.count,
        "enterprise": activity.enterprise.name if activity.enterprise else "",
        "place": activity.place.name if activity.place else "",
        "location": activity.location,
        "link": activity.link,
        "photos": photos,
        "recorded_by": display_name(activity.created_by),
        "recorded_at": timezone.localtime(activity.created_at).isoformat(timespec="minutes"),
    }


def _period_of(day: dt.date) -> Period:
    from publicity.periods import period_containing

    return period_containing(day)


# ------------------------------------------------------------------------------
# QR material
# ------------------------------------------------------------------------------
def enterprise_point(*, enterprise: Enterprise) -> IntakePoint:
    """The enterprise's QR intake point, created the first time its material is printed."""
    point = (
        IntakePoint.objects.filter(
            enterprise=enterprise, kind=IntakePoint.Kind.ENTERPRISE, active=True
        )
        .order_by("pk")
        .first()
    )
    if point is not None:
        return point
    village = enterprise.village
    township = village.township() if village else None
    if township is None:
        raise ApplicationError(_("The enterprise has no village in a township."))
    return intake_point_save(
        point=IntakePoint(
            kind=IntakePoint.Kind.ENTERPRISE,
            name=enterprise.name,
            unit=township,
            village=village,
            enterprise=enterprise,
            address=enterprise.address,
        )
    )


LABELS_PER_SHEET: dict[str, int] = {
    PrintRecord.Kind.POSTER_A4: 1,
    PrintRecord.Kind.POSTER_A3: 1,
    PrintRecord.Kind.ARTWORK: 1,
    PrintRecord.Kind.CARD_STICKERS: 24,
    PrintRecord.Kind.BOARD_STICKERS: 12,
}
DEFAULT_MEASURE: dict[str, str] = {
    PrintRecord.Kind.CARD_STICKERS: "card_qr",
    PrintRecord.Kind.BOARD_STICKERS: "board_qr",
}


def prints_record(
    *,
    actor,
    unit: Unit,
    points: list[IntakePoint],
    kind: str,
    artwork: Artwork | None = None,
    measure: Measure | None = None,
) -> list[PrintRecord]:
    """Record the print run of QR material for each point. A print run counts toward no
    figure: what is put up is recorded as an activity."""
    permissions.require(actor, Perm.RECORD_CAMPAIGN, unit)
    if problem := public_address_problem():
        raise ApplicationError(problem)
    if kind not in PrintRecord.Kind.values:
        raise ApplicationError(_("Choose what to print."))
    if kind == PrintRecord.Kind.ARTWORK and artwork is None:
        raise ApplicationError(_("Choose the official artwork."))
    if measure is None:
        code = DEFAULT_MEASURE.get(kind) or next(
            (
                "gate_banner" if p.kind == IntakePoint.Kind.ENTERPRISE else "site_slogan"
                for p in points
            ),
            "site_slogan",
        )
        measure = Measure.objects.filter(code=code).first()
    return PrintRecord.objects.bulk_create(
        PrintRecord(
            unit=unit,
            point=point,
            kind=kind,
            measure=measure,
            artwork=artwork,
            labels=LABELS_PER_SHEET[kind],
            printed_by=actor,
        )
        for point in points
    )
