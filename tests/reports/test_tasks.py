"""Tasks run by a real Celery worker over the real Redis broker (skipped without Redis)."""

import datetime as dt
import os
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from reports.models import FormSubmission
from reports.tasks import intake_sweep
from tests import timeshift
from tests.reports.factories import make_report

ROOT = Path(__file__).resolve().parents[2]


def test_the_task_calls_the_sweep(db, tree):
    report = make_report(village=tree["village"])
    old = FormSubmission.objects.create(token_hash="x" * 64, report=report, receipt_copy="123")
    FormSubmission.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - dt.timedelta(hours=1)
    )
    assert intake_sweep.apply().get() == {"receipt_copies_cleared": 1, "staged_photos_removed": 0}


def test_the_beat_schedule_names_only_registered_tasks():
    from config.celery import app

    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_sweep_sent_through_redis(redis_url, postgres, tree):
    report = make_report(village=tree["village"])
    row = FormSubmission.objects.create(token_hash="y" * 64, report=report, receipt_copy="456")
    FormSubmission.objects.filter(pk=row.pk).update(
        created_at=timezone.now() - dt.timedelta(hours=1)
    )
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        # The worker must use the test database this test wrote to.
        "DATABASE_URL": (
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{connection.settings_dict['NAME']}"
        ),
    }
    intake_sweep.delay()  # queued in Redis: nothing happens until a worker takes it
    time.sleep(0.5)
    assert FormSubmission.objects.get(pk=row.pk).receipt_copy == "456"
    worker = subprocess.Popen(
        [
            *timeshift.python(),
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if FormSubmission.objects.get(pk=row.pk).receipt_copy == "":
                break
            time.sleep(0.3)
        assert FormSubmission.objects.get(pk=row.pk).receipt_copy == ""
    finally:
        worker.terminate()
        output = worker.communicate(timeout=20)[0].decode(errors="replace")
    assert "Traceback" not in output, output
