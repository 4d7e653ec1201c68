"""Operator and error pages."""

import logging

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core import notify, params
from core.calendar import local_date, years_with_data
from core.http import is_local_request
from core.models import Notice, NotificationPreference
from core.reference_data import calendar_years_missing
from core.validators import validate_mobile

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


def _check_outbox() -> dict:
    """The oldest message still waiting to be delivered: a growing age means no worker."""
    from core.models import OutboxMessage

    try:
        pending = OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING)
        oldest = pending.order_by("created_at").values_list("created_at", flat=True).first()
        failed = OutboxMessage.objects.filter(status=OutboxMessage.Status.FAILED).count()
    except Exception as exc:
        return {"ok": False, "error": exc.__class__.__name__}
    age = (timezone.now() - oldest).total_seconds() if oldest else 0
    return {
        "ok": age < 15 * 60 and not failed,
        "pending": pending.count(),
        "oldest_pending_seconds": round(age),
        "failed": failed,
    }


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
        "outbox": _check_outbox(),
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


# ------------------------------------------------------------------------------
# The inbox (every signed-in person: the admin and /unit/ link here with a badge)
# ------------------------------------------------------------------------------
class PreferenceForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = ["by_email", "by_sms", "phone"]
        widgets = {"phone": forms.TextInput(attrs={"inputmode": "tel"})}

    def clean(self):
        data = super().clean()
        if data.get("by_sms"):
            if not data.get("phone"):
                self.add_error("phone", _("Give the mobile number for text messages."))
            else:
                try:
                    validate_mobile(data["phone"])
                except ValidationError as exc:
                    self.add_error("phone", exc)
        return data


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        ids = [pk for i in request.POST.getlist("notice")[:500] if (pk := params.pk(i))]
        notify.notices_mark_read(user=request.user, ids=ids or None)
        return redirect("core:inbox")
    notices = Notice.objects.filter(recipient=request.user)[:200]
    return render(request, "core/inbox.html", {"notices": notices})


@login_required
def inbox_settings(request: HttpRequest) -> HttpResponse:
    preference = notify.preference_for(request.user)
    form = PreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("core:inbox")
    return render(request, "core/inbox_settings.html", {"form": form})
