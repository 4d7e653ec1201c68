"""Test settings: fast hashing, fixed keys, files in a temporary folder.

``DATABASE_URL`` and ``REDIS_URL`` are honoured when set (CI sets them); otherwise SQLite and an
in-memory cache are used and the tests that need the real services skip, or fail when
``REQUIRE_SERVICES=1``.
"""

import os
import tempfile
from pathlib import Path

os.environ["JUBAO_IGNORE_DOTENV"] = "1"
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_SECRET_KEY", "test-secret-key")
os.environ.setdefault("FIELD_ENCRYPTION_KEYS", "anViYW8tdGVzdC1vbmx5LWZlcm5ldC1rZXktMDAwMDE=")
os.environ.setdefault("BLIND_INDEX_KEY", "test-blind-index-key")
os.environ.setdefault("RECEIPT_CODE_PEPPER", "test-receipt-pepper")
os.environ.setdefault("DATABASE_URL", "sqlite:///:memory:")
os.environ.setdefault("CACHE_KEY_PREFIX", "jubao-test")
# A public https address, as production must have one to print QR codes.
os.environ.setdefault("PORTAL_BASE_URL", "https://jubao.example.test")

from config.settings.base import *  # noqa: F403
from config.settings.base import STORAGES

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
RECEIPT_HASH_ITERATIONS = 1000
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="jubao-test-media-"))
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="jubao-test-static-"))
STORAGES["private"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": MEDIA_ROOT / "private", "base_url": None},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
