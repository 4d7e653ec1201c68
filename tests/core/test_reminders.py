"""The one reminder engine: each reminder is recorded once per subject, kind, key and
threshold, and only the rows a call inserted are told."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import reminders
from core.models import SentReminder
from units.models import Unit

pytestmark = pytest.mark.django_db


def test_a_reminder_is_recorded_once_and_told_once(tree):
    village, station = tree["village"], tree["station"]
    first = reminders.recorded(reminders.record("form_due", Unit, [(village.pk, "2026-10", "15")]))
    again = reminders.recorded(
        reminders.record(
            "form_due",
            Unit,
            [(village.pk, "2026-10", "15"), (station.pk, "2026-10", "15")],
        )
    )
    assert first == {(village.pk, "2026-10", "15")}
    # Only the station is new: the village's reminder is not told twice.
    assert again == {(station.pk, "2026-10", "15")}
    assert SentReminder.objects.filter(kind="form_due").count() == 2


def test_another_threshold_key_kind_or_subject_is_another_reminder(tree):
    village = tree["village"]
    reminders.record("form_due", Unit, [(village.pk, "2026-10", "15")])
    fresh = reminders.recorded(
        reminders.record(
            "form_due",
            Unit,
            [
                (village.pk, "2026-10", "19"),  # the next reminder day
                (village.pk, "2026-11", "15"),  # the next month
                (tree["township"].pk, "2026-10", "15"),  # another unit
            ],
        )
    )
    assert len(fresh) == 3
    assert reminders.recorded(reminders.record("form_late", Unit, [(village.pk, "2026-10", "15")]))


def test_unsent_leaves_out_what_was_sent(tree):
    village = tree["village"]
    reminders.record("task_overdue", Unit, [(village.pk, "", "overdue")])
    units = Unit.objects.filter(pk__in=[village.pk, tree["station"].pk])
    left = units.filter(reminders.unsent("task_overdue", Unit, threshold="overdue"))
    assert list(left) == [tree["station"]]
    # Another kind was not sent to anyone.
    assert units.filter(reminders.unsent("task_due", Unit, threshold="overdue")).count() == 2


def test_nothing_to_record_costs_no_query(tree):
    with CaptureQueriesContext(connection) as queries:
        assert reminders.recorded(reminders.record("form_due", Unit, [])) == set()
    assert len(queries) == 0


def test_batches_walk_every_row_once_in_key_order(tree):
    units = Unit.objects.all()
    walked = [u.pk for batch in reminders.batches(units, size=2) for u in batch]
    assert walked == sorted(units.values_list("pk", flat=True))
    assert all(len(b) <= 2 for b in reminders.batches(units, size=2))
    rows = [
        r["pk"] for b in reminders.batches(units.values("pk"), 3, pk=lambda r: r["pk"]) for r in b
    ]
    assert rows == walked
