"""The Celery application (https://docs.celeryq.dev/en/stable/django/first-steps-with-django.html).

Settings come from Django's settings under the ``CELERY_`` prefix; see ``config/settings/base.py``.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

app = Celery("jubao")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
