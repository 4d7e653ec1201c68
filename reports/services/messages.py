"""Messages between the reporter (on /track/) and the safety office."""

from django.utils import timezone
from django.utils.translation import gettext as _

from core import timeline
from core.errors import ApplicationError
from reports.models import (
    Message,
    Report,
)
from reports.notifications import (
    tell_reporters,
)
from reports.services.access import _require_office

Visibility = timeline.Visibility


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ApplicationError(_("Write a message first."))
    if len(body) > 1000:
        raise ApplicationError(_("A message can have at most 1000 characters."))
    return body


def message_from_reporter(*, report: Report, body: str) -> Message:
    """A message the reporter writes on /track/. Only the safety office reads it."""
    message = Message.objects.create(
        report=report, direction=Message.Direction.FROM_REPORTER, body=_clean_body(body)
    )
    timeline.record(
        report,
        "reports.message.received",
        actor_label=_("Reporter"),
        visibility=Visibility.OFFICE,
        data={"message": message.pk},
    )
    return message


def message_to_reporter(*, report: Report, body: str, actor) -> Message:
    """The safety office answers the reporter; the reporter reads it on /track/."""
    _require_office(actor, report)
    message = Message.objects.create(
        report=report,
        direction=Message.Direction.TO_REPORTER,
        body=_clean_body(body),
        author=actor,
    )
    tell_reporters(report, "case_message")
    timeline.record(
        report,
        "reports.message.sent",
        actor=actor,
        visibility=Visibility.OFFICE,
        data={"message": message.pk},
    )
    return message


def messages_mark_read(*, report: Report, direction: str) -> int:
    return Message.objects.filter(report=report, direction=direction, read_at__isnull=True).update(
        read_at=timezone.now()
    )
