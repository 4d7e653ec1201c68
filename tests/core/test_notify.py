"""Notifications: the outbox is written with its cause and delivered on commit; a failure is
retried, then marked; webhooks reach a real local HTTP server; the inbox works."""

import datetime as dt
import http.server
import json
import threading

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core import notify
from core.models import Notice, NotificationPreference, OutboxMessage

pytestmark = pytest.mark.django_db


@pytest.fixture
def sms(settings):
    settings.SMS_BACKEND = "core.notify.LocmemSmsBackend"
    notify.LocmemSmsBackend.outbox = []
    return notify.LocmemSmsBackend.outbox


def test_dispatch_waits_for_the_commit_and_delivers(
    people, django_capture_on_commit_callbacks, sms, eager_tasks
):
    NotificationPreference.objects.create(user=people["officer"], by_sms=True, phone="13900000001")
    people["officer"].email = "officer@example.com"
    people["officer"].save()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify.notify(
            users=[people["officer"]], template="t", text="案件JB1即将到期", link="/unit/"
        )
    assert len(callbacks) == 1
    assert OutboxMessage.objects.filter(status="pending").count() == 2  # e-mail and SMS
    assert Notice.objects.get().recipient == people["officer"]
    callbacks[0]()  # the commit happens: the task runs (eagerly without Redis)
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"sent"}
    assert mail.outbox[0].to == ["officer@example.com"]
    assert "https://jubao.example.test/unit/" in mail.outbox[0].body
    assert sms == [("13900000001", "t", {})]


def test_nothing_is_sent_when_the_cause_rolls_back(people, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks() as callbacks:
        try:
            with transaction.atomic():
                notify.notify(users=[people["officer"]], template="t", text="x")
                raise RuntimeError("the cause failed")
        except RuntimeError:
            pass
    assert callbacks == []
    assert not OutboxMessage.objects.exists() and not Notice.objects.exists()


def test_a_failing_gateway_is_retried_later_then_marked_failed(people, settings):
    settings.SMS_BACKEND = "tests.core.test_notify.BrokenGateway"
    settings.OUTBOX_MAX_ATTEMPTS = 3
    NotificationPreference.objects.create(
        user=people["officer"], by_email=False, by_sms=True, phone="13900000002"
    )
    notify.notify(users=[people["officer"]], template="t", text="x")
    message = OutboxMessage.objects.get()
    notify.outbox_deliver([message.pk])
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("pending", 1)
    assert "gateway down" in message.last_error
    assert notify.outbox_sweep() == 0  # not due yet: backing off
    for minutes in (3, 10):
        with time_machine.travel(timezone.now() + dt.timedelta(minutes=minutes)):
            notify.outbox_sweep()
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("failed", 3)


class BrokenGateway:
    def send(self, phone, template_code, params):
        raise ConnectionError("gateway down")


def test_the_sweep_delivers_what_the_broker_never_got(people, sms, settings):
    # As if Redis had been down: rows written, the on-commit dispatch lost.
    NotificationPreference.objects.create(
        user=people["officer"], by_email=False, by_sms=True, phone="13900000003"
    )
    OutboxMessage.objects.create(channel="sms", address="13900000003", template="t", text="x")
    assert notify.outbox_sweep() == 1
    assert notify.outbox_sweep() == 0  # never twice
    assert len(sms) == 1


def test_the_group_robot_webhook_reaches_a_real_http_server(people):
    received = []

    class Robot(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b'{"errcode":0}')

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Robot)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/cgi-bin/webhook/send?key=abc"
        notify.notify(
            users=[], template="due", text="案件JB2将于11月30日到期", link="/unit/", webhooks=[url]
        )
        message = OutboxMessage.objects.get(channel="webhook")
        assert notify.outbox_deliver([message.pk]) == 1
    finally:
        server.shutdown()
    assert received == [
        {
            "msgtype": "text",
            "text": {"content": "案件JB2将于11月30日到期 https://jubao.example.test/unit/"},
        }
    ]


def test_a_reporters_phone_is_encrypted_in_the_outbox(tree, people):
    from django.db import connection

    from reports import services
    from reports.services import ReporterInput
    from tests.reports.factories import make_report
    from tests.reports.lifecycle_helpers import SUMMARY

    report = make_report(
        village=tree["village"], reporters=[ReporterInput(name="冯二", phone="13711112222")]
    )
    services.report_accept(
        report=report, actor=people["intake"], unit=tree["station"], summary=SUMMARY
    )
    sms = OutboxMessage.objects.get(channel="sms", template="case_accepted")
    assert sms.address == "13711112222" and report.number in sms.text
    with connection.cursor() as cursor:
        cursor.execute("SELECT address, text FROM core_outboxmessage")
        assert all("13711112222" not in row[0] + row[1] for row in cursor.fetchall())


def test_the_inbox_shows_marks_read_and_keeps_preferences(client, people):
    notify.notify(users=[people["officer"]], template="t", text="案件JB3请签收", link="/unit/")
    client.force_login(people["officer"])
    home = client.get(reverse("reports:unit-home")).content.decode()
    assert 'id="unread-badge">1<' in home
    page = client.get(reverse("core:inbox")).content.decode()
    assert "案件JB3请签收" in page
    client.post(reverse("core:inbox"))
    assert not Notice.objects.filter(read_at__isnull=True).exists()
    bad = client.post(reverse("core:inbox-settings"), {"by_sms": "on", "phone": "123"})
    assert "手机" in bad.content.decode()
    client.post(
        reverse("core:inbox-settings"), {"by_email": "on", "by_sms": "on", "phone": "13900000009"}
    )
    assert NotificationPreference.objects.get(user=people["officer"]).by_sms


def test_the_admin_header_shows_the_badge(client, people):
    notify.notify(users=[people["intake"]], template="t", text="新举报", link="/admin/")
    client.force_login(people["intake"])
    html = client.get(reverse("admin:index")).content.decode()
    assert 'id="inbox-link">消息 (1)</a>' in html


def test_healthz_reports_the_oldest_pending_message(client):
    OutboxMessage.objects.create(channel="email", address="a@example.com", template="t", text="x")
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=30)):
        data = client.get(reverse("healthz")).json()
    assert data["checks"]["outbox"]["pending"] == 1
    assert data["checks"]["outbox"]["oldest_pending_seconds"] >= 1800
    assert data["checks"]["outbox"]["ok"] is False
