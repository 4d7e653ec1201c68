"""Request helpers."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


def client_ip(request: HttpRequest) -> str:
    """The client's address: from ``settings.CLIENT_IP_HEADER`` when a trusted proxy sets it,
    otherwise the socket's peer. Never from a header the client could forge."""
    if settings.CLIENT_IP_HEADER:
        value = request.META.get(settings.CLIENT_IP_HEADER, "")
        # A proxy chain appends; the rightmost entry was written by our own proxy.
        value = value.split(",")[-1].strip()
        if value:
            return value
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def client_ip_for_axes(request: HttpRequest) -> str:
    return client_ip(request)


def ratelimit_ip_key(group: str, request: HttpRequest) -> str:
    return client_ip(request)


def is_local_request(request: HttpRequest) -> bool:
    return client_ip(request) in {"127.0.0.1", "::1"}


def no_store(response: HttpResponse) -> HttpResponse:
    """Pages with a receipt code or an identity on them are never kept by browsers or proxies."""
    add_never_cache_headers(response)
    response["Cache-Control"] = "no-store, private"
    return response
