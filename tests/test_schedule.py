"""One schedule (config/schedule.py): Celery beat and the no-Redis `run_sweeps` loop run the
same jobs, and each beat task runs its job's function."""

import ast
import importlib
import inspect
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from config.schedule import JOBS, beat_schedule
from rewards.models import Reward
from tests.rewards.helpers import penalty, verified


def test_beat_reads_the_schedule():
    assert beat_schedule() == settings.CELERY_BEAT_SCHEDULE
    assert {job.name for job in JOBS} == set(settings.CELERY_BEAT_SCHEDULE)
    assert all(job.every > 0 and job.what for job in JOBS)


def _task_function(task_name: str):
    """The function registered under ``task_name`` in its app's tasks module."""
    module = importlib.import_module(f"{task_name.split('.')[0]}.tasks")
    for _name, obj in inspect.getmembers(module):
        if getattr(obj, "name", None) == task_name:
            return obj.run
    raise AssertionError(f"no task {task_name}")


@pytest.mark.parametrize("job", JOBS, ids=lambda job: job.name)
def test_each_beat_task_runs_its_jobs_function(job):
    body = ast.parse(inspect.getsource(_task_function(job.task)).lstrip())
    module, name = job.function.rsplit(".", 1)
    imports = {
        (node.module, alias.name)
        for node in ast.walk(body)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert (module, name) in imports, f"{job.task} does not run {job.function}"
    assert callable(getattr(importlib.import_module(module), name))


@pytest.mark.django_db
def test_run_sweeps_runs_every_job_the_reward_sweep_too(tree, people):
    """Before, the demo's loop ran three of the four jobs: a case whose reward the on-commit
    hook missed stayed without one."""
    report = verified(tree, people, enforcement=penalty("40000"))
    assert not Reward.objects.filter(report=report).exists()  # the on-commit hook never ran
    out = StringIO()
    call_command("run_sweeps", stdout=out)
    assert Reward.objects.get(report=report).amount == 6000
    assert "reward-sweep: 1" in out.getvalue()
