"""A Redis outage loses nothing: a real worker over a Redis this test starts and stops.

1. A private redis-server on a free port, and a real Celery worker (prefork, with beat) on the
   test database. The worker delivers an overdue reminder by text message.
2. A group-robot message goes to a slow robot; while the worker is posting it, Redis stops.
   A citizen submits a report: it is saved and the receipt shows, no error.
3. Redis restarts. The intake desk's text message about the new report is delivered once, by
   the same worker process, which survived the outage; the robot got its message once.

Celery 5.7.0's prefork worker exits at step 3 ("Unrecoverable error"); 5.6.3 passes.
"""

import http.server
import json
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from core import notify
from core.models import NotificationPreference, OutboxMessage
from reports.models import Category, Report
from tests import timeshift
from tests.reports.factories import form_token
from tests.reports.lifecycle_helpers import investigating

ROOT = Path(__file__).resolve().parent.parent
pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_redis(port: int, workdir: Path) -> None:
    subprocess.run(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--daemonize",
            "yes",
            "--pidfile",
            str(workdir / "redis.pid"),
            "--dir",
            str(workdir),
            "--logfile",
            str(workdir / "redis.log"),
        ],
        check=True,
    )
    _wait(lambda: _redis_up(port), "redis to start")


def _stop_redis(port: int, workdir: Path) -> None:
    os.kill(int((workdir / "redis.pid").read_text()), signal.SIGTERM)
    _wait(lambda: not _redis_up(port), "redis to stop")


def _redis_up(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


def _wait(condition, what: str, timeout: float = 60, worker=None, log: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        if worker is not None and worker.poll() is not None:
            pytest.fail(f"the worker exited while waiting for {what}:\n{log.read_text()[-3000:]}")
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


def _sent(path: Path) -> list[list]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line]


class SlowRobot(http.server.BaseHTTPRequestHandler):
    """A group robot that takes 4 seconds to answer, so a delivery is in flight for a while."""

    started: list = []
    finished: list = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        SlowRobot.started.append(body)
        time.sleep(4)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b'{"errcode":0}')
        SlowRobot.finished.append(body)

    def log_message(self, *args):
        pass


@contextmanager
def _broker(url: str):
    """This test process publishes to the private Redis too (then back to the suite's)."""
    from config.celery import app

    def reset():
        app.pool.force_close_all()
        app._pool = None
        app.amqp._producer_pool = None

    before = (app.conf.broker_url, app.conf.task_always_eager)
    reset()
    app.conf.update(CELERY_BROKER_URL=url, CELERY_TASK_ALWAYS_EAGER=False)
    try:
        yield
    finally:
        reset()
        app.conf.update(CELERY_BROKER_URL=before[0], CELERY_TASK_ALWAYS_EAGER=before[1])


def test_a_redis_outage_delays_messages_but_loses_none(
    postgres, tree, people, client, tmp_path, settings
):
    if not shutil.which("redis-server"):
        pytest.fail("redis-server is missing")
    port = _free_port()
    url = f"redis://127.0.0.1:{port}/0"
    sms_log = tmp_path / "sms.log"
    settings.SMS_BACKEND = "core.notify.FileSmsBackend"
    settings.SMS_FILE_PATH = str(sms_log)
    for who, phone in (("officer", "13900000011"), ("intake", "13900000022")):
        NotificationPreference.objects.create(
            user=people[who], by_email=False, by_sms=True, phone=phone
        )
    case = investigating(tree, people)
    # Seven days overdue: listed, and the unit told, whatever the day (reminders before a due
    # date go out on working days only).
    Report.objects.filter(pk=case.pk).update(due_date=timezone.localdate() - timedelta(days=7))

    _start_redis(port, tmp_path)
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{connection.settings_dict['NAME']}",
        "REDIS_URL": url,
        "SMS_BACKEND": "core.notify.FileSmsBackend",
        "SMS_FILE_PATH": str(sms_log),
        "OUTBOX_SWEEP_SECONDS": "1",
        "CLOCK_SWEEP_SECONDS": "2",
    }
    worker_log = (tmp_path / "worker.log").open("w")
    worker = subprocess.Popen(
        [
            *timeshift.python(),
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "-B",
            "--pool=prefork",
            "--concurrency=2",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=INFO",
            "-s",
            str(tmp_path / "beat-schedule"),
        ],
        cwd=ROOT,
        env=env,
        stdout=worker_log,
        stderr=subprocess.STDOUT,
    )
    try:
        with _broker(url):
            # 1. The reminder comes from the worker's own beat and sweep.
            _wait(
                lambda: any(m[1] == "overdue_listed" for m in _sent(sms_log)),
                "the overdue reminder",
            )

            # 2. While the worker posts to a slow robot, Redis goes away; a report still goes in.
            SlowRobot.started, SlowRobot.finished = [], []
            robot = http.server.ThreadingHTTPServer(("127.0.0.1", 0), SlowRobot)
            threading.Thread(target=robot.serve_forever, daemon=True).start()
            notify.notify(
                users=[],
                template="robot",
                text="案件提醒",
                webhooks=[f"http://127.0.0.1:{robot.server_port}/"],
            )
            _wait(lambda: SlowRobot.started, "the worker to post to the robot")
            _stop_redis(port, tmp_path)
            token = form_token(client)
            started = time.monotonic()
            response = client.post(
                reverse("reports:report-form"),
                {
                    "token": token,
                    "category": Category.objects.get(code="gas").pk,
                    "description": "饭店后厨液化气瓶漏气，已经闻到味道",
                    "village": tree["village"].pk,
                    "address": "东村老街8号",
                    "identity": "anonymous",
                    "declaration": "none",
                },
            )
            elapsed = time.monotonic() - started
            assert response.status_code == 200 and 'id="receipt-code"' in response.content.decode()
            assert elapsed < 5, f"the request waited {elapsed:.1f}s on a dead Redis"
            new = Report.objects.exclude(pk=case.pk).get()
            time.sleep(2)  # the worker notices: its broker is gone

            # 3. Redis comes back; the same worker delivers the message, once.
            _start_redis(port, tmp_path)

            def about_new() -> list:
                return [
                    m
                    for m in _sent(sms_log)
                    if m[1] == "new_report" and m[2]["number"] == new.number
                ]

            _wait(about_new, "the new-report message", worker=worker, log=tmp_path / "worker.log")
            _wait(lambda: SlowRobot.finished, "the robot's answer")
            time.sleep(3)  # more sweeps run: still one of each
            assert len(about_new()) == 1
            assert len(SlowRobot.started) == 1
            assert OutboxMessage.objects.get(channel="webhook").status == "sent"
            robot.shutdown()
            assert worker.poll() is None, (tmp_path / "worker.log").read_text()[-3000:]
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
        worker_log.close()
        if _redis_up(port):
            _stop_redis(port, tmp_path)
    log = (tmp_path / "worker.log").read_text()
    assert "Unrecoverable error" not in log, log[-3000:]
    # It lived through the outage: connected at start and again after the restart.
    connections = [line for line in log.splitlines() if "Connected to redis://" in line]
    assert len([c for c in connections if f"127.0.0.1:{port}/0" in c]) >= 2, log[-3000:]


def test_a_killed_worker_loses_nothing(postgres, tree, people, tmp_path, settings):
    """A worker killed in the middle of a delivery: the row is still pending (its transaction
    died with it) and the next worker's sweep delivers it. Delivery is at least once: the robot
    may see the interrupted attempt too, but the message is never lost."""
    port = _free_port()
    url = f"redis://127.0.0.1:{port}/0"
    _start_redis(port, tmp_path)
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/"
        f"{connection.settings_dict['NAME']}",
        "REDIS_URL": url,
        "OUTBOX_SWEEP_SECONDS": "1",
        "CLOCK_SWEEP_SECONDS": "3600",
    }

    def start_worker(name: str):
        log = (tmp_path / f"{name}.log").open("w")
        process = subprocess.Popen(
            [
                *timeshift.python(),
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "-B",
                "--pool=prefork",
                "--concurrency=2",
                "--without-gossip",
                "--without-mingle",
                "--loglevel=INFO",
                "-s",
                str(tmp_path / f"{name}-beat"),
                "-n",
                f"{name}@%h",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return process, log

    SlowRobot.started, SlowRobot.finished = [], []
    robot = http.server.ThreadingHTTPServer(("127.0.0.1", 0), SlowRobot)
    threading.Thread(target=robot.serve_forever, daemon=True).start()
    first, first_log = start_worker("first")
    second = second_log = None
    try:
        with _broker(url):
            notify.notify(
                users=[],
                template="robot",
                text="案件提醒",
                webhooks=[f"http://127.0.0.1:{robot.server_port}/"],
            )
            _wait(
                lambda: SlowRobot.started,
                "the first worker to post",
                worker=first,
                log=tmp_path / "first.log",
            )
            os.killpg(first.pid, signal.SIGKILL)  # the whole worker, children included
            first.wait(timeout=10)
            message = OutboxMessage.objects.get()
            assert message.status == "pending"
            second, second_log = start_worker("second")
            _wait(
                lambda: OutboxMessage.objects.get(pk=message.pk).status == "sent",
                "the second worker to deliver",
                worker=second,
                log=tmp_path / "second.log",
            )
        assert len(SlowRobot.started) >= 2  # the interrupted attempt and the delivery
    finally:
        robot.shutdown()
        for process in (first, second):
            if process is not None and process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=20)
        for log in (first_log, second_log):
            if log is not None:
                log.close()
        if _redis_up(port):
            _stop_redis(port, tmp_path)
