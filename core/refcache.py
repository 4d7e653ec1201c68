"""Reference data kept in each process: what every citizen page shows and rarely changes (the
places, the categories, the reward estimates, the empty report form), computed once and reused
until it changes.

Each copy is kept under a generation stamp that lives in the shared cache (Redis in
production): one read of a small value, at most every ``STAMP_SECONDS`` in a process, tells it
whether its copies still hold. Saving or deleting a row of a watched model (``watch``) changes
the stamp at once (this process forgets its copies), and again when its transaction commits (a
process that recomputed in between read the old rows); the other processes see the change
within ``STAMP_SECONDS``.
A change that sends no signal (``QuerySet.update``, ``bulk_create``, SQL by hand) shows after
``REFERENCE_CACHE_SECONDS`` at the latest, or at once after ``changed()`` (the reference data
command calls it). Without a shared cache (no ``REDIS_URL``), processes learn of another
process's change only after that delay. When the cache cannot be read nothing is reused:
every use computes afresh, and the cache is not asked again for ``RETRY_SECONDS`` (a page must
not wait for its timeout at every use).
"""

import logging
import threading
import time
import uuid
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save

logger = logging.getLogger(__name__)

T = TypeVar("T")
KEY = "refcache:generation"
_copies: dict[Hashable, tuple[str, float, Any]] = {}
_lock = threading.Lock()
MAX_COPIES = 500
RETRY_SECONDS = 5.0
STAMP_SECONDS = 1.0
_down_until = 0.0
_stamp: tuple[str, float] | None = None  # the stamp last read, and until when it is trusted


def _generation() -> str | None:
    global _down_until, _stamp
    now = time.monotonic()
    if _stamp is not None and _stamp[1] > now:
        return _stamp[0]
    if now < _down_until:
        return None
    try:
        stamp = cache.get(KEY)
        if stamp is None:
            cache.add(KEY, uuid.uuid4().hex, timeout=None)
            stamp = cache.get(KEY)
    except Exception:  # the cache is down: compute afresh, never serve a copy unchecked
        logger.warning("Reference cache unavailable; computing afresh.", exc_info=True)
        _down_until = now + RETRY_SECONDS
        return None
    _stamp = (stamp, now + STAMP_SECONDS)
    return stamp


def cached(key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``'s value, reused in this process while the reference data is unchanged
    (and for at most ``REFERENCE_CACHE_SECONDS``). ``key`` names the value and everything it
    depends on besides the watched models (the language, the day, a township)."""
    stamp = _generation()
    if stamp is None:
        return compute()
    now = time.monotonic()
    copy = _copies.get(key)
    if copy is not None and copy[0] == stamp and copy[1] > now:
        return copy[2]
    value = compute()
    with _lock:
        if len(_copies) >= MAX_COPIES:
            _copies.clear()
        _copies[key] = (stamp, now + settings.REFERENCE_CACHE_SECONDS, value)
    return value


def changed() -> None:
    """The reference data changed: every process computes its copies again."""
    global _stamp
    with _lock:
        _copies.clear()
        _stamp = None
    try:
        cache.set(KEY, uuid.uuid4().hex, timeout=None)
    except Exception:
        logger.warning("Reference cache unavailable; other processes refresh later.", exc_info=True)


def _on_change(sender, using: str = "default", **kwargs) -> None:
    changed()
    transaction.on_commit(changed, using=using, robust=True)


def watch(*models: type[Model]) -> None:
    """Forget the copies whenever a row of these models (or of these many-to-many tables) is
    saved or deleted. Called from the owning app's ``AppConfig.ready``."""
    for model in models:
        uid = f"refcache:{model._meta.label}"
        post_save.connect(_on_change, sender=model, dispatch_uid=uid, weak=False)
        post_delete.connect(_on_change, sender=model, dispatch_uid=uid, weak=False)
        m2m_changed.connect(_on_change, sender=model, dispatch_uid=uid, weak=False)
