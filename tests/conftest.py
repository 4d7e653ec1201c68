"""Shared fixtures. The suite runs on SQLite by default and on PostgreSQL and Redis when
DATABASE_URL and REDIS_URL are set; with REQUIRE_SERVICES=1 (CI) a missing service fails the
run instead of skipping the tests that need it."""

import os

# Playwright's sync API runs an event loop in the test thread; the ORM calls in browser tests
# are made from that same thread on purpose (pytest-django live_server + Playwright).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest
from django.conf import settings
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

# `pytest --hypothesis-profile=long` explores the property tests far longer than CI does (the
# state machine in tests/test_invariants.py reads it too).
hypothesis_settings.register_profile(
    "long",
    max_examples=300,
    stateful_step_count=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
CHROMIUM = "/usr/bin/chromium"


def _is_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def pytest_configure(config: pytest.Config) -> None:
    if REQUIRE_SERVICES:
        if not _is_postgres():
            raise pytest.UsageError("REQUIRE_SERVICES=1 needs DATABASE_URL to name PostgreSQL.")
        if not settings.REDIS_URL:
            raise pytest.UsageError("REQUIRE_SERVICES=1 needs REDIS_URL.")


@pytest.fixture
def postgres() -> None:
    """For tests that only mean something on PostgreSQL (row locks, the reference database)."""
    if not _is_postgres():
        pytest.skip("needs PostgreSQL: set DATABASE_URL")


@pytest.fixture
def redis_url() -> str:
    if not settings.REDIS_URL:
        pytest.skip("needs Redis: set REDIS_URL")
    return settings.REDIS_URL


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Rate-limit counters, the holiday cache and the reference data kept per process
    (core.refcache) never leak from one test into another."""
    from django.core.cache import cache

    from core import refcache
    from core.calendar import clear_cache

    cache.clear()
    refcache.changed()
    clear_cache()
    yield
    clear_cache()


@pytest.fixture
def eager_tasks():
    """Tasks run in the test's own process, whatever REDIS_URL says (the worker tests start a
    real worker instead)."""
    from config.celery import app

    # Settings come from Django under the CELERY_ namespace: the keys carry the prefix.
    before = app.conf.task_always_eager
    app.conf.update(CELERY_TASK_ALWAYS_EAGER=True)
    yield
    app.conf.update(CELERY_TASK_ALWAYS_EAGER=before)


# --- Playwright with Debian's Chromium (never `playwright install`) ----------------------
@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        if REQUIRE_SERVICES:
            pytest.fail(f"{CHROMIUM} is missing: run scripts/install-system-packages.sh")
        pytest.skip(f"{CHROMIUM} is missing: run scripts/install-system-packages.sh")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}


# --- The people and places most tests need --------------------------------------------------
@pytest.fixture
def reference_data(db) -> None:
    """Holidays, industries and categories. The data migrations load them; a transactional
    test's flush removes them, so the same idempotent loaders put them back."""
    from core.reference_data import load_holidays
    from publicity.reference_data import load_publicity
    from reports.reference_data import load_categories
    from rewards.reference_data import load_standard
    from units.reference_data import load_industries

    load_holidays()
    load_industries()
    load_categories()
    load_standard()
    load_publicity()


@pytest.fixture(autouse=True)
def _reference_data_for_database_tests(request) -> None:
    """Every database test starts with the reference data, even after another test's flush
    (transactional tests, and a reused database whose last run ended with one)."""
    if request.node.get_closest_marker("django_db") or "db" in request.fixturenames:
        request.getfixturevalue("reference_data")


@pytest.fixture
def tree(reference_data):
    from tests.units.factories import build_tree

    return build_tree()


@pytest.fixture
def people(tree):
    from tests.units.factories import build_people

    return build_people(tree)


@pytest.fixture
def category(reference_data):
    from reports.models import Category

    return Category.objects.get(code="fire_safety")
