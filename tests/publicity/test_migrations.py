"""The campaign's reminders sent before the one reminder table are kept: no unit hears them
again."""

import datetime as dt

import pytest

from core.calendar import local_date
from core.models import Notice, SentReminder
from publicity.reminders import publicity_sweep
from tests.clock import at
from tests.migrations import migrated_back

pytestmark = pytest.mark.django_db(transaction=True)


def test_form_reminders_sent_before_the_move_are_not_sent_again(tree, people):
    with migrated_back(("publicity", "0005_issued_bulletins")) as old:
        PublicityReminder = old.get_model("publicity", "PublicityReminder")
        PublicityReminder.objects.create(
            kind="form_due", unit_id=tree["village"].pk, key="2026-10", threshold="15"
        )
    assert list(SentReminder.objects.values_list("object_id", "kind", "key", "threshold")) == [
        (tree["village"].pk, "form_due", "2026-10", "15")
    ]
    with at(dt.date(2026, 11, 15)):
        sent = publicity_sweep(local_date())
    # Seven units owe the October form (一号乡, 东村, 南社区, 派出所, the station, 二号镇,
    # 西村); 东村 heard before the move, the other six hear now.
    assert sent["publicity_form_due"] == 6
    assert not Notice.objects.filter(recipient=people["village_officer"], text__contains="2026-10")
    assert Notice.objects.filter(recipient=people["head"], text__contains="2026-10")
