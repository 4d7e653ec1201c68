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


def public_address_problem() -> str | None:
    """Why the portal's public address (``PORTAL_BASE_URL``, the address QR codes and message
    links carry) cannot go on paper, or None. Unset is always refused; an address only this
    machine or its local network reaches, or plain http, is refused in production (DEBUG
    off), where a printed poster would send every citizen to a dead or unsafe address."""
    from urllib.parse import urlsplit

    from django.utils.translation import gettext as _

    address = (settings.PORTAL_BASE_URL or "").strip()
    parts = urlsplit(address)
    if not address or not parts.hostname:
        return _(
            "The portal's public address (PORTAL_BASE_URL) is not set: a QR code would lead "
            "nowhere. Ask the administrator to set it."
        )
    if settings.DEBUG:
        return None
    host = parts.hostname
    try:
        local = not ipaddress.ip_address(host).is_global
    except ValueError:
        local = host == "localhost" or host.endswith((".local", ".localhost", ".lan"))
    if local:
        return _(
            "The portal's public address (%(address)s) is reachable only from this machine or "
            "its local network: citizens' phones could not open a QR code. Ask the "
            "administrator to set the public address."
        ) % {"address": address}
    if parts.scheme != "https":
        return _(
            "The portal's public address (%(address)s) is plain http: reports would cross "
            "the network unencrypted. Ask the administrator to set an https address."
        ) % {"address": address}
    return None
