"""Group robots (企业微信/钉钉) against a real local HTTP server: an errcode inside a 200 answer
is a failure the sweep retries; 钉钉's 加签 signature verifies with the unit's secret, which
is never stored with a message nor shown in the admin; a burst of messages stays within 20
posts a minute per robot, merged, with every text delivered."""

import base64
import datetime as dt
import hashlib
import hmac
import http.server
import json
import threading
import urllib.parse
from contextlib import contextmanager

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from core import notify, robots
from core.models import OutboxMessage
from tests.clock import at, moment

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 3, 10)
SECRET = "SEC0f3a9c6d2e8b41f7a5c0d9e3b6a1f48c2d7e5b9a0c3f6e1d4b8a2c7f9e0d3b6"
OK = b'{"errcode":0,"errmsg":"ok"}'


class Robot:
    """What the robot received (path with its query, the JSON body) and what it answers next."""

    def __init__(self) -> None:
        self.received: list[tuple[str, dict]] = []
        self.answers: list[bytes] = []
        self.url = ""

    def texts(self) -> list[str]:
        return [body["text"]["content"] for _path, body in self.received]


@contextmanager
def robot_server():
    robot = Robot()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            robot.received.append((self.path, body))
            answer = robot.answers.pop(0) if robot.answers else OK
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    robot.url = f"http://127.0.0.1:{server.server_port}/robot/send?access_token=t0k3n"
    try:
        yield robot
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def robot():
    with robot_server() as robot:
        yield robot


def tell(url: str, text: str) -> OutboxMessage:
    (row,) = notify.notify(users=[], template="due", text=text, webhooks=[url])
    return row


# --- The answer inside the 200 --------------------------------------------------------------
@pytest.mark.parametrize(
    "answer",
    [
        b'{"errcode":45009,"errmsg":"api freq out of limit"}',  # 企业微信: too many messages
        b'{"errcode":310000,"errmsg":"sign not match"}',  # 钉钉: wrong signature
    ],
)
def test_a_non_zero_errcode_is_a_failure_and_the_sweep_sends_it_again(robot, answer):
    robot.answers = [answer]
    with at(DAY):
        row = tell(robot.url, "案件JB20260001将于3月20日到期")
        assert notify.outbox_deliver([row.pk]) == 0
        row.refresh_from_db()
        code = json.loads(answer)["errcode"]
        assert (row.status, row.attempts, row.sent_at) == ("pending", 1, None)
        assert f"errcode {code}" in row.last_error
        assert notify.outbox_sweep() == 0  # backing off: not due yet
    with time_machine.travel(moment(DAY) + dt.timedelta(minutes=3)):
        assert notify.outbox_sweep() == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("sent", 2)
    assert robot.texts() == ["案件JB20260001将于3月20日到期"] * 2


def test_a_plain_webhook_answering_without_errcode_still_counts_as_delivered(robot):
    # A relay the operator runs may answer "ok"; only the robots' own hosts must say errcode 0.
    robot.answers = [b"ok"]
    with at(DAY):
        row = tell(robot.url, "案件JB20260002已转交")
        assert notify.outbox_deliver([row.pk]) == 1
    row.refresh_from_db()
    assert row.status == "sent"
    with pytest.raises(robots.RobotError):
        robots.check_answer("https://oapi.dingtalk.com/robot/send?access_token=x", b"<html>")
    with pytest.raises(robots.RobotError):
        robots.check_answer(
            "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x", b'{"errcode":"93000"}'
        )


# --- 钉钉 加签 ----------------------------------------------------------------------------------
def test_a_signed_robot_gets_a_signature_that_verifies_and_the_secret_is_kept_apart(
    robot, tree, caplog, settings
):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    station = tree["station"]
    station.robot_webhook_url, station.robot_secret = robot.url, SECRET
    station.save()
    robot.answers = [b'{"errcode":310000,"errmsg":"sign not match"}'] * 2 + [OK]
    with at(DAY):
        sent_at_ms = round(timezone.now().timestamp() * 1000)
        row = tell(station.robot_webhook_url, "案件JB20260003待签收")
        notify.outbox_deliver([row.pk])
    with time_machine.travel(moment(DAY) + dt.timedelta(minutes=3)):
        notify.outbox_sweep()  # the second refusal: failed for good, and logged
    row.refresh_from_db()
    assert row.status == "failed" and "310000" in row.last_error
    assert row.address == robot.url  # the plain address: signed at each post
    with at(DAY + dt.timedelta(days=1)):
        signed = tell(station.robot_webhook_url, "案件JB20260004待签收")
        assert notify.outbox_deliver([signed.pk]) == 1
        next_ms = round(timezone.now().timestamp() * 1000)

    for (path, _body), expected_ms in zip(robot.received, [sent_at_ms, None, next_ms], strict=True):
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(path).query)
        assert query["access_token"] == ["t0k3n"]
        timestamp = query["timestamp"][0]
        if expected_ms is not None:
            assert int(timestamp) == expected_ms
        to_sign = f"{timestamp}\n{SECRET}".encode()
        digest = hmac.new(SECRET.encode(), to_sign, hashlib.sha256).digest()
        assert query["sign"] == [base64.b64encode(digest).decode()]
        assert SECRET not in path

    # The secret is nowhere but in the unit (encrypted there too), nor in the log.
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM core_outboxmessage")
        outbox = repr(cursor.fetchall())
        cursor.execute("SELECT * FROM core_robotwindow")
        outbox += repr(cursor.fetchall())
        cursor.execute("SELECT robot_secret FROM units_unit WHERE id = %s", [station.pk])
        stored = cursor.fetchone()[0]
    assert SECRET not in outbox and "sign=" not in outbox
    assert stored and SECRET not in stored
    assert "failed for good" in caplog.text and SECRET not in caplog.text


def _change_form_data(page) -> dict:
    """What the admin's unit form would post back unchanged."""
    form = page.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = "on" if value is True else value
    return data


def test_the_secret_is_written_in_the_admin_and_never_shown_back(client, tree, people):
    station = tree["station"]
    station.robot_secret = SECRET
    station.save()
    client.force_login(people["admin"])
    url = reverse("admin:units_unit_change", args=[station.pk])
    page = client.get(url)
    html = page.content.decode()
    assert SECRET not in html
    assert "已设置密钥" in html and "移除签名密钥" in html

    data = _change_form_data(page)
    assert data["robot_secret"] == ""
    kept = client.post(url, data)
    assert kept.status_code == 302, kept.context["adminform"].form.errors  # an empty box keeps it
    station.refresh_from_db()
    assert station.robot_secret == SECRET

    # A form error does not show the new secret back either.
    refused = client.post(url, {**data, "name": "", "robot_secret": "SECnew-secret-9"})
    assert refused.status_code == 200 and "SECnew-secret-9" not in refused.content.decode()
    station.refresh_from_db()
    assert station.robot_secret == SECRET

    assert client.post(url, {**data, "robot_secret": " SECnew-secret-9 "}).status_code == 302
    station.refresh_from_db()
    assert station.robot_secret == "SECnew-secret-9"
    assert "SECnew-secret-9" not in client.get(url).content.decode()

    assert client.post(url, {**data, "remove_robot_secret": "on"}).status_code == 302
    station.refresh_from_db()
    assert station.robot_secret == ""


# --- 20 a minute ------------------------------------------------------------------------------
def test_45_messages_at_once_reach_the_robot_within_20_posts_a_minute_and_all_of_them(robot):
    # About 740 bytes each: two fit in one post of 2000 bytes, three do not.
    texts = [f"案件JB2026{n:04d}已转交，请尽快签收。" + "请按期办理。" * 40 for n in range(45)]
    start = moment(DAY)
    with time_machine.travel(start, tick=False):
        notify.notify_many(
            notify.Message(users=[], template="transferred", text=t, webhooks=[robot.url])
            for t in texts
        )
        ids = list(OutboxMessage.objects.values_list("pk", flat=True))
        notify.outbox_deliver(ids)
        first_minute = len(robot.received)
        assert first_minute == 20
        # The same robot from another worker: the minute is full, so it waits.
        extra = tell(robot.url, "案件JB20269999已转交")
        assert notify.outbox_deliver([extra.pk]) == 0
    with time_machine.travel(start + dt.timedelta(seconds=30), tick=False):
        assert notify.outbox_sweep() == 0
        assert len(robot.received) == 20
    waiting = OutboxMessage.objects.filter(status="pending")
    assert waiting.exists()
    assert all(r.next_attempt_at == start + dt.timedelta(seconds=60) for r in waiting)
    with time_machine.travel(start + dt.timedelta(seconds=61), tick=False):
        notify.outbox_sweep()
    assert 0 < len(robot.received) - first_minute <= 20
    assert not OutboxMessage.objects.exclude(status="sent").exists()

    delivered = "\n".join(robot.texts())
    for text in [*texts, "案件JB20269999已转交"]:
        assert delivered.count(text) == 1
    assert all(len(t.encode()) <= 2000 for t in robot.texts())
    assert any(t.startswith("1. 案件JB2026") for t in robot.texts())  # merged as a list


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_share_the_robots_minute(postgres, robot):
    """Two workers (each with its own database connection) sweep the same burst at the same
    moment: together they still post at most 20 times in the minute."""
    texts = [f"案件JB2027{n:04d}待审核。" + "请在期限内办理。" * 30 for n in range(45)]
    start = moment(DAY)
    with time_machine.travel(start, tick=False):  # as if Redis had been down: none sent yet
        OutboxMessage.objects.bulk_create(
            OutboxMessage(channel="webhook", address=robot.url, template="t", text=t) for t in texts
        )
    barrier = threading.Barrier(2)

    def worker():
        try:
            barrier.wait()
            notify.outbox_sweep()
        finally:
            connection.close()

    with time_machine.travel(start + dt.timedelta(minutes=1), tick=False):
        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(robot.received) == 20
    with time_machine.travel(start + dt.timedelta(minutes=2, seconds=1), tick=False):
        notify.outbox_sweep()
    delivered = "\n".join(robot.texts())
    assert all(delivered.count(text) == 1 for text in texts)
    assert not OutboxMessage.objects.exclude(status="sent").exists()
