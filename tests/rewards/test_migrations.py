"""The data step of the counter-check migration keeps existing rows valid."""

import datetime as dt
import importlib

import pytest
from django.apps import apps

from reports.models import Reminder
from rewards.models import Payment, Reward
from tests.clock import at
from tests.rewards.helpers import claimed, notified

pytestmark = pytest.mark.django_db
migration = importlib.import_module(
    "rewards.migrations.0003_counter_check_suspension_and_legal_basis"
)


@at(dt.date(2026, 12, 1), tick=True)
def test_old_payments_count_as_checked_and_old_reminders_get_their_date(tree, people):
    # A payment recorded before the counter check existed (its reward not yet marked paid,
    # as the new constraint would refuse a paid reward without a check).
    reward = claimed(tree, people)
    payment = Payment.objects.create(
        reward=reward,
        method="cash",
        amount=reward.amount,
        voucher_number="旧-1",
        paid_on=dt.date(2026, 12, 1),
        payer=people["finance"],
        recipient_name="张三丰",
        recipient_id_number="",
    )
    waiting = notified(tree, people)
    Reminder.objects.create(report=waiting.report, kind="reward_claim_in_30", threshold="30")
    Reminder.objects.create(report=waiting.report, kind="due_in_15", threshold="15")

    migration.keep_existing_rows_valid(apps, None)

    reward.refresh_from_db()
    assert reward.recipient_verified_at == payment.recorded_at
    thresholds = dict(
        Reminder.objects.filter(report=waiting.report).values_list("kind", "threshold")
    )
    assert thresholds == {"reward_claim_in_30": "30:2027-01-30", "due_in_15": "15"}
    assert Reward.objects.get(pk=waiting.pk).claim_deadline == dt.date(2027, 1, 30)
