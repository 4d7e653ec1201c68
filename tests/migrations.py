"""Tests of data migrations: move the database back to an earlier migration, put rows there
with the models of that time, and come forward again (for ``django_db(transaction=True)``
tests: schema changes cannot run inside the test's transaction)."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.apps.registry import Apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


@contextmanager
def migrated_back(*targets: tuple[str, str]) -> Iterator[Apps]:
    """The database at ``targets`` (each ``(app, migration)``) and the models of that state;
    on leaving, every migration is applied again, whatever happened inside."""
    executor = MigrationExecutor(connection)
    executor.migrate(list(targets))
    state = executor.loader.project_state(list(targets), at_end=True)
    try:
        yield state.apps
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
