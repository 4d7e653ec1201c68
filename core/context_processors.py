from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _


def portal(request: HttpRequest) -> dict:
    return {
        "portal_name": settings.PORTAL_NAME or _("Safety reporting portal"),
        "hotline": settings.PORTAL_HOTLINE,
    }
