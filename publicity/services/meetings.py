"""The quarterly joint meeting and its bulletin."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core import calendar, timeline
from core.errors import ApplicationError
from publicity import documents, selectors
from publicity.models import (
    Bulletin,
    JointMeeting,
    KeyTask,
    TaskAssignment,
)
from publicity.periods import quarter_range
from units import permissions
from units.models import Unit
from units.permissions import Perm

# ------------------------------------------------------------------------------
# The joint meeting
# ------------------------------------------------------------------------------
MEETING_FIELDS = ("held_on", "place", "chair", "attendees", "minutes", "decisions")


def meeting_save(*, actor, township: Unit, year: int, quarter: int, **values) -> JointMeeting:
    """Record the quarter's joint meeting. Once it is held, the township's key task "a joint
    meeting every quarter" is done for that quarter."""
    permissions.require(
        actor, Perm.TRIAGE, township, _("Only the township's safety office may do this.")
    )
    held_on = values.get("held_on")
    start, end = quarter_range(year, quarter)
    if held_on and not start <= held_on <= end:
        raise ApplicationError(_("The meeting date must fall in the quarter."))
    if held_on and held_on > calendar.local_date():
        raise ApplicationError(_("The date cannot be in the future."))
    with transaction.atomic():
        meeting, _created = JointMeeting.objects.select_for_update().get_or_create(
            township=township, year=year, quarter=quarter, defaults={"created_by": actor}
        )
        for name in MEETING_FIELDS:
            if name in values:
                value = values[name]
                setattr(meeting, name, value.strip() if isinstance(value, str) else value)
        meeting.save()
        if meeting.held_on:
            TaskAssignment.objects.filter(
                unit=township,
                year=year,
                period=f"Q{quarter}",
                task__schedule=KeyTask.Schedule.QUARTERLY,
                task__number=4,
                done_at__isnull=True,
            ).update(
                done_at=timezone.now(),
                done_by=actor,
                evidence=_("Joint meeting held on %(day)s") % {"day": meeting.held_on.isoformat()},
            )
    return meeting


def bulletin_issue(*, actor, township: Unit, year: int, quarter: int) -> Bulletin:
    """Issue (印发) the quarter's bulletin: give it the next number of the township's series
    for the year of issue, and keep its issue date, its figures, the meeting's text and its PDF
    as they stand, frozen (``publicity.bulletin.issued``). Issuing it again returns the issued
    one unchanged. Raises ApplicationError before the quarter has ended."""
    permissions.require(
        actor, Perm.TRIAGE, township, _("Only the township's safety office may do this.")
    )
    if township.kind != Unit.Kind.TOWNSHIP:
        raise ApplicationError(_("A bulletin is issued by a township."))
    _start, end = quarter_range(year, quarter)
    if calendar.local_date() <= end:
        raise ApplicationError(
            _("The quarter ends on %(day)s: its bulletin is issued after that day.")
            % {"day": end.isoformat()}
        )
    with transaction.atomic():
        # One issue at a time per township: numbers are given in order.
        Unit.objects.select_for_update().get(pk=township.pk)
        issued = Bulletin.objects.filter(township=township, year=year, quarter=quarter).first()
        if issued is not None:
            return issued
        now = timezone.now()
        series_year = calendar.local_date(now).year
        last = Bulletin.objects.filter(township=township, series_year=series_year).aggregate(
            n=Max("number")
        )["n"]
        meeting = JointMeeting.objects.filter(township=township, year=year, quarter=quarter).first()
        bulletin = Bulletin(
            township=township,
            year=year,
            quarter=quarter,
            series_year=series_year,
            number=(last or 0) + 1,
            issued_at=now,
            issued_by=actor,
            figures=selectors.bulletin_figures(township, year, quarter),
            meeting=selectors.meeting_text(meeting),
        )
        pdf = documents.bulletin_pdf(
            township, year, quarter, bulletin.figures, bulletin.meeting, issued=bulletin
        )
        bulletin.pdf.save("bulletin.pdf", ContentFile(pdf), save=False)
        bulletin.save()
        timeline.record(
            bulletin,
            "publicity.bulletin.issued",
            actor=actor,
            note=f"{series_year}年第{bulletin.number}期",
        )
    return bulletin
