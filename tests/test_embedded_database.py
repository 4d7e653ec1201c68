"""The embedded SQLite database of the demo (no DATABASE_URL, or a sqlite:// one) takes
concurrent submissions without "database is locked": the write-ahead log and transactions that
take the write lock as they begin, waiting for it (config/settings/base.py)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Eight threads, each with its own connection, write in transactions that read first and then
# write, as a request does (ATOMIC_REQUESTS), on a database file.
SCRIPT = """
import json, threading
import django
django.setup()
from django.db import connection, transaction

with connection.cursor() as c:
    c.execute("PRAGMA journal_mode")
    mode = c.fetchone()[0]
    c.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, last INTEGER NOT NULL)")
    c.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, number INTEGER NOT NULL UNIQUE)")
    c.execute("INSERT INTO counter (id, last) VALUES (1, 0)")
errors = []

def submit():
    try:
        for _ in range(25):
            with transaction.atomic(), connection.cursor() as c:
                c.execute("SELECT COUNT(*) FROM item")
                c.execute("UPDATE counter SET last = last + 1 WHERE id = 1")
                c.execute("INSERT INTO item (number) SELECT last FROM counter WHERE id = 1")
    except Exception as exc:
        errors.append(str(exc))
    finally:
        connection.close()

threads = [threading.Thread(target=submit) for _ in range(8)]
for t in threads:
    t.start()
for t in threads:
    t.join()
with connection.cursor() as c:
    c.execute("SELECT COUNT(*), MAX(number) FROM item")
    items, last = c.fetchone()
print(json.dumps({"mode": mode, "errors": errors[:3], "items": items, "last": last}))
"""


def test_concurrent_writes_to_the_demo_database_never_answer_locked(tmp_path):
    env = {
        "PATH": os.environ["PATH"],
        "JUBAO_IGNORE_DOTENV": "1",
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DJANGO_DEBUG": "true",  # the development settings of `make run`
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    assert outcome == {"mode": "wal", "errors": [], "items": 200, "last": 200}
