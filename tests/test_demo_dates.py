"""The demo tells a story that holds in time: nothing accepted before it was received, nothing
concluded before it was accepted, nothing after the demo's own "now"."""

import io
from datetime import date, datetime
from itertools import pairwise

import pytest
from django.core.management import call_command
from django.utils import timezone

from core.calendar import local_date
from tests.clock import at

pytestmark = pytest.mark.django_db


def _in_order(label: str, steps: list[tuple[str, datetime | date | None]]) -> list[str]:
    """The steps that are set, each no earlier than the one before: the ones out of order."""
    present = [(name, value) for name, value in steps if value is not None]
    return [
        f"{label}: {later} {b} before {earlier} {a}"
        for (earlier, a), (later, b) in pairwise(present)
        if b < a
    ]


def _problems(now: datetime) -> list[str]:
    from core.models import TimelineEntry
    from reports.models import Attachment, Conclusion, Enforcement, Extension, Report
    from rewards.models import Payment, Reward

    today = local_date(now)
    problems = []
    for r in Report.objects.all():
        day = lambda moment: local_date(moment) if moment else None  # noqa: E731
        problems += _in_order(
            r.number,
            [
                ("seen", r.seen_on),
                ("received", day(r.received_at)),
                ("accepted", day(r.accepted_at)),
                ("today", today),
            ],
        )
        problems += _in_order(
            r.number,
            [
                ("received", r.received_at),
                ("registered", r.created_at),
                ("accepted", r.accepted_at),
                ("transferred", r.transferred_at),
                ("acknowledged", r.acknowledged_at),
                ("concluded", r.concluded_at),
                ("reply delivered", r.reply_delivered_at),
                ("closed", r.closed_at),
                ("now", now),
            ],
        )
        problems += _in_order(
            r.number, [("accepted", r.accepted_at), ("listed", r.listed_at), ("now", now)]
        )
        entries = TimelineEntry.objects.filter(content_type__model="report", object_id=r.pk)
        for entry in entries:
            intake = entry.action in ("reports.report.submitted", "reports.report.registered")
            problems += _in_order(
                f"{r.number} {entry.action}",
                [
                    ("received", r.received_at),
                    ("entry", entry.created_at),
                    ("accepted", r.accepted_at if intake else None),
                    ("now", now),
                ],
            )
        for attachment in Attachment.objects.filter(report=r):
            problems += _in_order(
                f"{r.number} attachment",
                [("received", r.received_at), ("stored", attachment.created_at), ("now", now)],
            )
    for c in Conclusion.objects.select_related("report"):
        problems += _in_order(
            f"{c.report.number} conclusion",
            [
                ("accepted", c.report.accepted_at),
                ("proposed", c.proposed_at),
                ("signed", c.signed_at),
                ("reviewed", c.reviewed_at),
                ("now", now),
            ],
        )
    for e in Enforcement.objects.select_related("report"):
        accepted = local_date(e.report.accepted_at)
        for name in ("rectification_ordered_on", "case_filed_on", "penalty_decided_on"):
            problems += _in_order(
                f"{e.report.number} enforcement",
                [("accepted", accepted), (name, getattr(e, name)), ("today", today)],
            )
    for x in Extension.objects.select_related("report"):
        problems += _in_order(
            f"{x.report.number} extension",
            [
                ("accepted", x.report.accepted_at),
                ("asked", x.requested_at),
                ("endorsed", x.endorsed_at),
                ("decided", x.decided_at),
                ("now", now),
            ],
        )
    for w in Reward.objects.select_related("report"):
        problems += _in_order(
            f"{w.report.number} reward",
            [
                ("concluded", w.report.concluded_at),
                ("calculated", w.calculated_at),
                ("submitted", w.submitted_at),
                ("approved", w.approved_at),
                ("claimed", w.claimed_at),
                ("now", now),
            ],
        )
    for p in Payment.objects.select_related("reward__report"):
        problems += _in_order(
            f"{p.reward.report.number} payment",
            [("concluded", local_date(p.reward.report.concluded_at)), ("paid", p.paid_on)],
        )
    return problems


@pytest.mark.parametrize(
    "day",
    [date(2026, 12, 2), date(2026, 6, 29)],
    ids=["early in a month", "late in a month"],
)
def test_the_demo_dates_hold_together(settings, day):
    settings.DEBUG = True  # the development settings `make run` uses
    with at(day, 15, tick=True):
        call_command("load_demo", stdout=io.StringIO())
        now = timezone.now()
        problems = _problems(now)
    assert not problems, "\n".join(problems)
