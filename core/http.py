"""Request helpers."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


def _valid_ip(value: str) -> str:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return ""


def client_ip(request: HttpRequest) -> str:
    """The client's address: from ``settings.CLIENT_IP_HEADER`` when a trusted proxy sets it,
    otherwise the socket's peer; never from a header the client could forge. Empty when no
    valid address is known."""
    if settings.CLIENT_IP_HEADER:
        # A proxy chain appends; the rightmost entry was written by our own proxy.
        forwarded = request.META.get(settings.CLIENT_IP_HEADER, "").split(",")[-1]
        if address := _valid_ip(forwarded):
            return address
    return _valid_ip(request.META.get("REMOTE_ADDR", ""))


def client_ip_for_axes(request: HttpRequest) -> str | None:
    return client_ip(request) or None


def ratelimit_key(request: HttpRequest) -> str:
    """The per-address rate-limit key; requests with no known address share one bucket."""
    return client_ip(request) or "unknown"


def is_local_request(request: HttpRequest) -> bool:
    return client_ip(request) in {"127.0.0.1", "::1"}


def no_store(response: HttpResponse) -> HttpResponse:
    """Pages with a receipt code or an identity on them are never kept by browsers or proxies."""
    add_never_cache_headers(response)
    response["Cache-Control"] = "no-store, private"
    return response
