"""The quarterly joint meeting."""


from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import calendar
from core.errors import ApplicationError
from publicity.models import (
    JointMeeting,
    KeyTask,
    TaskAssignment,
)
from publicity.periods import quarter_range
from publicity.services.access import _require_office
from units.models import Unit

# ------------------------------------------------------------------------------
# The joint meeting
# ------------------------------------------------------------------------------
MEETING_FIELDS = ("held_on", "place", "chair", "attendees", "minutes", "decisions")


def meeting_save(*, actor, township: Unit, year: int, quarter: int, **values) -> JointMeeting:
    """Record the quarter's joint meeting. Once it is held, the township's key task "a joint
    meeting every quarter" is done for that quarter."""
    _require_office(actor, township)
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
