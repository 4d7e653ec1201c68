from functools import partial

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _


def portal(request: HttpRequest) -> dict:
    context = {
        "portal_name": settings.PORTAL_NAME or _("Safety reporting portal"),
        "hotline": settings.PORTAL_HOTLINE,
    }
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from core.notify import unread_count

        # Counted only where a template shows the badge.
        context["unread_notices"] = partial(unread_count, user)
    return context
