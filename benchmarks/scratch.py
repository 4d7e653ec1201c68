"""What the benchmarks share: a scratch PostgreSQL database and Django on production settings."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def recreate(database: str) -> None:
    """Drop and create ``database`` on the PostgreSQL at 127.0.0.1:5432 (user postgres)."""
    for sql in (f"DROP DATABASE IF EXISTS {database}", f"CREATE DATABASE {database}"):
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", sql],
            check=True,
            capture_output=True,
        )


def setup_django(database: str, **environ: str) -> None:
    """Django on production settings (DEBUG off: it would otherwise keep every query's SQL in
    memory) against the scratch database, without Redis and without the developer's .env."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-secret-key-not-for-production-use")
    os.environ.setdefault("FIELD_ENCRYPTION_KEYS", "anViYW8tdGVzdC1vbmx5LWZlcm5ldC1rZXktMDAwMDE=")
    os.environ.setdefault("BLIND_INDEX_KEY", "benchmark")
    os.environ.setdefault("RECEIPT_CODE_PEPPER", "benchmark")
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{database}"
    os.environ.pop("REDIS_URL", None)
    os.environ["JUBAO_IGNORE_DOTENV"] = "1"
    os.environ.update(environ)
    import django

    django.setup()
