"""Operator and error pages."""

import logging

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from core.calendar import local_date, years_with_data
from core.http import is_local_request
from core.reference_data import calendar_years_missing

logger = logging.getLogger(__name__)


def _check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # the page reports any failure rather than raising
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": True, "vendor": connection.vendor}


def _check_redis() -> dict:
    if not settings.REDIS_URL:
        return {"ok": True, "configured": False, "note": "tasks run eagerly"}
    try:
        import redis

        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1
        )
        client.ping()
    except Exception as exc:
        return {"ok": False, "configured": True, "error": exc.__class__.__name__}
    return {"ok": True, "configured": True}


def _check_holidays() -> dict:
    try:
        covered = years_with_data()
    except Exception as exc:
        return {"ok": False, "error": exc.__class__.__name__}
    missing = calendar_years_missing(local_date(), covered)
    return {
        "ok": not missing,
        "years": sorted(covered)[-3:],
        "missing": missing,
        "note": "add the missing years' holidays in the admin" if missing else "",
    }


def _check_beat() -> dict:
    """When the beat scheduler last ran a periodic task (django-celery-beat's records)."""
    if not settings.REDIS_URL:
        return {"ok": True, "configured": False, "note": "no beat without Redis"}
    try:
        from django.db.models import Max
        from django_celery_beat.models import PeriodicTask

        last = PeriodicTask.objects.aggregate(last=Max("last_run_at"))["last"]
    except Exception as exc:
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": True, "configured": True, "last_tick": last.isoformat() if last else None}


def healthz(request: HttpRequest) -> HttpResponse:
    """``ok`` for everyone; the details for staff and for requests from the machine itself.

    The status is 503 only when the database is down (the portal cannot work); Redis and
    holiday data are reported but degrade gracefully.
    """
    database = _check_database()
    status = 200 if database["ok"] else 503
    detailed = is_local_request(request) or (
        database["ok"] and request.user.is_authenticated and request.user.is_staff
    )
    if not detailed:
        return HttpResponse(
            "ok" if status == 200 else "error", status=status, content_type="text/plain"
        )
    checks = {
        "database": database,
        "redis": _check_redis(),
        "beat": _check_beat(),
        "holidays": _check_holidays(),
    }
    return JsonResponse(
        {
            "status": "ok" if all(c["ok"] for c in checks.values()) else "degraded",
            "time": timezone.now().isoformat(),
            "checks": checks,
        },
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors: the database may be the reason for the error.
    from django.template import loader

    template = loader.get_template("500.html")
    return HttpResponse(template.render({"hotline": settings.PORTAL_HOTLINE}), status=500)
