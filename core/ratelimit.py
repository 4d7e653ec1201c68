"""Rate limits on top of django-ratelimit, with keys we choose (never a secret in clear).

The counters live in the cache (Redis in production). A cache outage must never stop a citizen
from reporting, so any cache error fails open: it is logged and the request goes through.
"""

import logging

from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited

logger = logging.getLogger(__name__)

_DOWN_FLAG = "_jubao_ratelimit_down"


def limited(request: HttpRequest, *, group: str, key: str, rate: str) -> bool:
    """Count one hit on ``group``/``key`` and say whether the limit is exceeded."""
    if getattr(request, _DOWN_FLAG, False):
        return False
    try:
        return is_ratelimited(
            request, group=group, key=lambda _group, _request: key, rate=rate, increment=True
        )
    except Exception:  # the cache is down: fail open, once per request
        logger.warning("Rate-limit cache unavailable; %s not limited.", group, exc_info=True)
        setattr(request, _DOWN_FLAG, True)
        return False
