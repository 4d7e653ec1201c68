"""Nothing a reporter typed is stored in clear, anywhere: the database (every table), the
sessions (decoded), the cache, the outbox. Logs carry at most the last 4 digits of a phone, and
never a name, an ID number or a receipt code.

The journeys below plant secrets through every path that keeps a copy of what was typed: the
report form sent with a mistake, a refused message, a refused objection, a text message sent (and
a gateway that fails while echoing the number), an identity unsealed."""

import datetime as dt
import logging
import re

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from core import notify
from core.models import OutboxMessage
from reports import receipts, services
from reports.models import Category, Report
from tests.leaks import assert_not_stored, every_stored_value
from tests.reports.factories import form_token
from tests.reports.lifecycle_helpers import SUMMARY

pytestmark = pytest.mark.django_db

NAME, PHONE, ID_NUMBER = "吴十一", "13312345678", "110101199003074258"
DESCRIPTION = "无证小作坊夜间生产，电线乱拉到隔壁"
ADDRESS = "东村四组老粮站背后"
PLACE = "吴家沟木器加工点"
MESSAGE = "我住在厂房后面的平房"
REFUSED_MESSAGE = "我是该厂厨师张某某，晚上十点后去看"
REFUSED_OBJECTION = "厨师老王"  # four characters: too short, refused


class EchoingGateway:
    """A gateway that fails and, as real ones do, repeats the number in its error."""

    def send(self, phone, template_code, params):
        raise OSError(f"gateway refused {phone}: daily quota exceeded for 86{phone}")


def _report_payload(tree, token, **extra) -> dict:
    data = {
        "token": token,
        "category": Category.objects.get(code="illegal_production").pk,
        "description": DESCRIPTION,
        "village": tree["village"].pk,
        "address": ADDRESS,
        "enterprise_name": PLACE,
        "identity": "named",
        "name": NAME,
        "phone": PHONE,
        "id_number": ID_NUMBER,
        "declaration": "none",
    }
    data.update(extra)
    return data


def _textarea(html: str, name: str) -> str:
    match = re.search(rf'<textarea name="{name}"[^>]*>(.*?)</textarea>', html, re.S)
    assert match, f"no {name} box on the page"
    return match.group(1)


def _report_through_the_form(client, tree) -> tuple[Report, str]:
    """A mistake first (no village), then the corrected form; returns the case and its code."""
    token = form_token(client)
    mistake = client.post(reverse("reports:report-form"), _report_payload(tree, token, village=""))
    assert mistake.status_code == 400
    shown = mistake.content.decode()
    for typed in (DESCRIPTION, ADDRESS, PLACE, NAME, PHONE):
        assert typed in shown  # what was typed comes back on the page, from the request only
    assert_not_stored([DESCRIPTION, ADDRESS, PLACE, NAME, PHONE, ID_NUMBER])

    done = client.post(reverse("reports:report-form"), _report_payload(tree, token))
    assert done.status_code == 200
    code = done.content.decode().split('id="receipt-code">')[1].split("<")[0]
    return Report.objects.get(), code


def _conclude(report: Report, people, tree) -> None:
    services.report_acknowledge(report=report, actor=people["officer"])
    conclusion = services.conclusion_propose(
        report=report,
        actor=people["officer"],
        verdict="true",
        account="现场核查属实，已责令停产。",
        decision="责令停产整改。",
    )
    services.conclusion_sign(conclusion=conclusion, actor=people["head"])
    services.conclusion_review(
        conclusion=conclusion, actor=people["intake"], accept=True, reward_conditions_met=True
    )


def test_nothing_a_reporter_typed_is_stored_in_clear_on_any_path(client, tree, people, settings):
    report, code = _report_through_the_form(client, tree)

    # /track/: a refused message comes back in the message box, and only there.
    client.post(reverse("reports:track"), {"code": code})
    refused = client.post(reverse("reports:track-message"), {"body": REFUSED_MESSAGE + "很" * 1000})
    assert refused.status_code == 400
    assert "1000" in refused.content.decode()  # the reason: at most 1000 characters
    assert REFUSED_MESSAGE in _textarea(refused.content.decode(), "body")
    later = client.get(reverse("reports:track-case")).content.decode()
    assert REFUSED_MESSAGE not in later  # nothing kept for later
    client.post(reverse("reports:track-message"), {"body": MESSAGE})
    assert report.messages.get().body == MESSAGE

    # A text message: a gateway that fails while echoing the number, then one that works.
    services.report_accept(
        report=report, actor=people["intake"], unit=tree["station"], summary=SUMMARY
    )
    settings.SMS_BACKEND = "tests.reports.test_privacy.EchoingGateway"
    notify.outbox_sweep()
    failed = OutboxMessage.objects.get(channel="sms")
    assert failed.attempts == 1 and "quota" in failed.last_error
    assert failed.last_error.count("*******5678") == 2  # the number is masked, not dropped
    settings.SMS_BACKEND = "core.notify.LocmemSmsBackend"
    notify.LocmemSmsBackend.outbox = []
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=5)):
        notify.outbox_sweep()
    assert [m[0] for m in notify.LocmemSmsBackend.outbox] == [PHONE]

    # A refused objection comes back in the objection box, and only there.
    _conclude(report, people, tree)
    client.get(reverse("reports:track-case"))  # seeing the reply is its delivery
    objected = client.post(reverse("reports:track-object"), {"reason": REFUSED_OBJECTION})
    assert objected.status_code == 400
    page = objected.content.decode()
    assert "至少5个字" in page
    assert REFUSED_OBJECTION in _textarea(page, "reason")
    assert REFUSED_OBJECTION not in _textarea(page, "body")
    report.refresh_from_db()
    assert report.status == Report.Status.CONCLUDED

    services.reporter_unseal(report=report, actor=people["custodian"], reason="测试留痕")
    assert_not_stored(
        [
            NAME,
            PHONE,
            ID_NUMBER,
            DESCRIPTION,
            ADDRESS,
            PLACE,
            MESSAGE,
            REFUSED_MESSAGE,
            REFUSED_OBJECTION,
            code,
            receipts.normalise(code),
        ]
    )
    # ...and yet the system reads them back where it must.
    report = Report.objects.get()
    assert (report.description, report.address, report.enterprise_name) == (
        DESCRIPTION,
        ADDRESS,
        PLACE,
    )
    person = report.reporters.get()
    assert (person.name, person.phone, person.id_number) == (NAME, PHONE, ID_NUMBER)


def test_the_scan_sees_into_sessions_and_the_cache(client, tree):
    """The scan itself can fail: a secret in a session or in the cache is found."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.cache import cache

    session = SessionStore()
    session["draft"] = "会话里的秘密"
    session.save()
    cache.set("some-key", {"text": "缓存里的秘密"})
    stored = every_stored_value()
    assert "会话里的秘密" in stored and "缓存里的秘密" in stored


def test_what_the_reporter_typed_is_ciphertext_in_the_table(tree):
    from tests.reports.factories import make_report

    report = make_report(
        village=tree["village"], description=DESCRIPTION, address=ADDRESS, enterprise_name=PLACE
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT description, address, enterprise_name FROM reports_report WHERE id = %s",
            [report.pk],
        )
        row = cursor.fetchone()
    assert all(value and value.startswith("gAAAAA") for value in row), row
    assert Report.objects.get(pk=report.pk).address == ADDRESS


# ------------------------------------------------------------------------------
# Logs
# ------------------------------------------------------------------------------
def _assert_no_phone(text: str, phone: str) -> None:
    assert phone not in text
    for start in range(len(phone) - 4):  # no run of 5 of its digits, not its first 7
        assert phone[start : start + 5] not in text, phone[start : start + 5]
    assert f"{phone[:3]}*" not in text


def test_logs_hold_at_most_the_last_four_digits_of_a_phone(client, tree, people, settings, caplog):
    caplog.set_level(logging.DEBUG)
    settings.SMS_BACKEND = "core.notify.ConsoleSmsBackend"
    report, code = _report_through_the_form(client, tree)
    client.post(reverse("reports:track"), {"code": code})
    client.post(reverse("reports:track-message"), {"body": MESSAGE})
    services.report_accept(
        report=report, actor=people["intake"], unit=tree["station"], summary=SUMMARY
    )
    notify.outbox_sweep()  # the console gateway logs the message
    assert "*******5678" in caplog.text

    # A failing gateway that echoes the number, retried until it is marked failed.
    settings.SMS_BACKEND = "tests.reports.test_privacy.EchoingGateway"
    settings.OUTBOX_MAX_ATTEMPTS = 1
    services.report_acknowledge(report=report, actor=people["officer"])
    from reports.notifications import tell_reporters

    tell_reporters(report, "case_message")
    notify.outbox_sweep()
    assert OutboxMessage.objects.filter(status="failed").exists()
    assert "failed for good" in caplog.text

    text = caplog.text
    _assert_no_phone(text, PHONE)
    for secret in (NAME, ID_NUMBER, DESCRIPTION, ADDRESS, MESSAGE, code, receipts.normalise(code)):
        assert secret not in text, secret


def test_a_draft_an_older_version_kept_in_the_session_is_dropped(client, tree):
    from tests.reports.factories import make_intake

    intake = make_intake(village=tree["village"])
    client.post(reverse("reports:track"), {"code": intake.receipt_code})
    session = client.session
    session["track_draft"] = REFUSED_MESSAGE  # as the page kept it before
    session.save()
    page = client.get(reverse("reports:track-case")).content.decode()
    assert REFUSED_MESSAGE not in page
    assert_not_stored([REFUSED_MESSAGE])


def test_expired_sessions_leave_the_table_with_the_intake_sweep(client, tree, settings):
    from django.contrib.sessions.models import Session

    from tests.reports.factories import make_intake

    intake = make_intake(village=tree["village"])
    client.post(reverse("reports:track"), {"code": intake.receipt_code})
    assert Session.objects.count() == 1
    services.intake_sweep()
    assert Session.objects.count() == 1  # still in use
    later = timezone.now() + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)
    with time_machine.travel(later):
        services.intake_sweep()
    assert Session.objects.count() == 0
