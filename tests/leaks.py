"""Where a secret could be stored, read back the way an attacker with a copy of the database or
the cache would: every row of every table, the sessions decoded (Django keeps them as signed,
compressed base64 JSON, which hides nothing), and every cache entry unpickled."""

import pickle
from importlib import import_module

from django.conf import settings
from django.core.cache import caches
from django.db import connection


def _tables() -> list[str]:
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names from introspection
            chunks.extend(repr(row) for row in cursor.fetchall())
    return chunks


def _sessions() -> list[str]:
    """The session rows decoded, whatever engine keeps them in the database."""
    if "django_session" not in connection.introspection.table_names():
        return []
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    with connection.cursor() as cursor:
        cursor.execute("SELECT session_data FROM django_session")
        return [repr(store.decode(data)) for (data,) in cursor.fetchall()]


def _cache_entries() -> list[str]:
    """Every entry of every configured cache: keys and values, unpickled."""
    chunks = []
    for alias, config in settings.CACHES.items():
        cache = caches[alias]
        backend = config["BACKEND"]
        if backend.endswith("LocMemCache"):
            for key, value in list(cache._cache.items()):
                chunks.append(repr(key))
                chunks.append(repr(pickle.loads(value)))  # noqa: S301 - our own test cache
        elif backend.endswith("RedisCache"):
            client = cache._cache.get_client(write=False)
            for key in client.scan_iter(match=cache.make_key("*")):
                chunks.append(repr(key))
                value = client.get(key)
                if value is not None:
                    chunks.append(repr(cache._cache._serializer.loads(value)))
        elif backend.endswith("DatabaseCache"):
            import base64

            with connection.cursor() as cursor:
                cursor.execute(
                    f'SELECT cache_key, value FROM "{config["LOCATION"]}"'  # noqa: S608
                )
                for key, value in cursor.fetchall():
                    chunks.append(repr(key))
                    chunks.append(repr(pickle.loads(base64.b64decode(value))))  # noqa: S301
    return chunks


def every_stored_value() -> str:
    """All that the database, the sessions and the cache hold, as one searchable text."""
    return "\n".join([*_tables(), *_sessions(), *_cache_entries()])


def assert_not_stored(secrets) -> None:
    stored = every_stored_value()
    for secret in secrets:
        assert secret not in stored, f"{secret!r} is stored in clear"
