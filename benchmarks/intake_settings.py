"""The settings gunicorn runs with in benchmarks/intake.py: production settings, plus a minimal
Django form at /minimal/ to compare the report form with (benchmarks/intake_urls.py). Nothing
here is used by the portal itself."""

import os

from config.settings.base import *  # noqa: F403
from config.settings.base import STORAGES

ROOT_URLCONF = "intake_urls"
ALLOWED_HOSTS = ["127.0.0.1"]
SECURE_SSL_REDIRECT = False  # plain http on the loopback
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Every request comes from 127.0.0.1: the per-address limit would stop the run.
REPORT_RATE_PER_IP = "1000000/h"
# Outbox deliveries go to a queue of their own, which no worker reads; the run deletes it.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("BENCHMARK_QUEUE", "benchmark-intake")
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
