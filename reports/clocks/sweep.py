"""The sweep that runs every clock in batches, and closing after the objection window."""

import logging
from datetime import date

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import override

from core import calendar, notify, reminders
from core.errors import ApplicationError
from core.models import TimelineEntry
from reports.clocks.catalogue import build_clocks
from reports.clocks.clock import Clock, S
from reports.models import Report
from reports.notifications import Audience
from reports.services import report_close

logger = logging.getLogger(__name__)


def _fire(clock: Clock, candidates: list[dict], today: date) -> int:
    """Record, act on and announce one batch; returns how many reminders this call sent."""
    with transaction.atomic():
        sent = reminders.record(
            clock.kind, Report, [(c["pk"], "", c["threshold"]) for c in candidates]
        )
        fired = list(
            Report.objects.filter(pk__in=sent.values("object_id"))
            .select_related("township", "responsible_unit", *clock.related)
            .order_by("pk")
        )
        if not fired:
            return 0
        audience = Audience(fired)
        if clock.action:
            clock.action(fired, audience, today)
        messages, entries = [], []
        content_type = ContentType.objects.get_for_model(Report)
        with override(settings.LANGUAGE_CODE):
            for report in fired:
                text, params = clock.words(report, today)
                text = text % params
                messages.extend(
                    notify.Message(
                        users=people,
                        template=clock.kind,
                        text=text,
                        params=params,
                        link=link,
                        webhooks=robots,
                    )
                    for people, robots, link in clock.recipients(report, audience)
                )
                entries.append(
                    TimelineEntry(
                        content_type=content_type,
                        object_id=report.pk,
                        action=f"reports.reminder.{clock.kind}",
                        actor_label=_("System"),
                        visibility=clock.visibility,
                        data={"text": text},
                    )
                )
        notify.notify_many(messages)
        TimelineEntry.objects.bulk_create(entries)
    return len(fired)


def clocks_sweep(*, today: date | None = None, batch_size: int = 500) -> dict[str, int]:
    """Run every clock over the cases due for it; returns how many reminders each sent.

    Safe to run at any time and any number of times: a reminder already sent is never sent
    again, and a batch that fails is rolled back whole and retried by the next sweep.
    """
    today = today or calendar.local_date()
    sent: dict[str, int] = {}
    for clock in build_clocks():
        queryset = (
            clock.candidates(today)
            .filter(reminders.unsent(clock.kind, Report))
            .values("pk", "threshold")
        )
        count = 0
        for batch in reminders.batches(queryset, batch_size, pk=lambda row: row["pk"]):
            count += _fire(clock, batch, today)
        if count:
            sent[clock.kind] = count
    sent["closed"] = close_after_objection_window(today=today, batch_size=batch_size)
    from reports.extensions import run_sweeps

    sent.update(run_sweeps(today))
    return sent


def close_after_objection_window(*, today: date, batch_size: int = 500) -> int:
    """Concluded cases whose objection window has ended close by themselves."""
    closed, last = 0, 0
    while True:
        batch = list(
            Report.objects.filter(
                status=S.CONCLUDED,
                reply_delivered_at__isnull=False,
                objection_deadline__lt=today,
                pk__gt=last,
            )
            .order_by("pk")
            .only("pk")[:batch_size]
        )
        if not batch:
            return closed
        for report in batch:
            try:
                report_close(report=report)
                closed += 1
            except ApplicationError:  # changed meanwhile (an objection came in)
                logger.info("Case %s did not close: it changed meanwhile.", report.pk)
        last = batch[-1].pk
