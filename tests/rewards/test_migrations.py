"""The data step of the counter-check migration keeps existing rows valid."""

import datetime as dt
import importlib

import pytest
from django.contrib.contenttypes.models import ContentType

from core.models import SentReminder
from reports.models import Report
from rewards.models import Payment, Reward
from tests.clock import at
from tests.migrations import migrated_back
from tests.rewards.helpers import claimed, notified

# The reminders it rewrites lived in reports' own table until reports 0012.
pytestmark = pytest.mark.django_db(transaction=True)
migration = importlib.import_module(
    "rewards.migrations.0003_counter_check_suspension_and_legal_basis"
)
BEFORE_ONE_REMINDER_TABLE = [
    ("reports", "0011_encrypt_what_the_unit_reads"),
    ("rewards", "0003_counter_check_suspension_and_legal_basis"),
]


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
    with migrated_back(*BEFORE_ONE_REMINDER_TABLE) as old:
        Reminder = old.get_model("reports", "Reminder")
        Reminder.objects.create(
            report_id=waiting.report_id, kind="reward_claim_in_30", threshold="30"
        )
        Reminder.objects.create(report_id=waiting.report_id, kind="due_in_15", threshold="15")

        migration.keep_existing_rows_valid(old, None)

    reward.refresh_from_db()
    assert reward.recipient_verified_at == payment.recorded_at
    # The rewritten thresholds came along to the one reminder table.
    thresholds = dict(
        SentReminder.objects.filter(
            content_type=ContentType.objects.get_for_model(Report), object_id=waiting.report_id
        ).values_list("kind", "threshold")
    )
    assert thresholds == {"reward_claim_in_30": "30:2027-01-30", "due_in_15": "15"}
    assert Reward.objects.get(pk=waiting.pk).claim_deadline == dt.date(2027, 1, 30)
