"""Every background job, once: its beat entry, the Celery task it sends, the function that task
runs, how often, and what it does in words.

Celery beat reads ``beat_schedule()`` (``CELERY_BEAT_SCHEDULE`` in the settings); without
Redis, ``manage.py run_sweeps --loop`` (what ``make run`` starts) runs the same functions at the
same intervals, so the demo does exactly what production does. ``tests/test_schedule.py``
checks that both agree and that every task runs its job's function.

To add a job: write the function in the app's services (it must be safe to run at any time
and any number of times, in batches), a thin ``@shared_task`` in the app's ``tasks.py`` that
calls it, and one ``Job`` below. Nothing here imports an app: functions are named by path.
"""

from dataclasses import dataclass

from config.env import env


def _seconds(name: str, default: float) -> float:
    return env.float(name, default=default)


@dataclass(frozen=True)
class Job:
    name: str  # the beat entry
    task: str  # the Celery task beat sends
    function: str  # the dotted path of what the task runs (and run_sweeps calls)
    every: float  # seconds between runs
    what: str  # what it does, in words


JOBS: tuple[Job, ...] = (
    Job(
        name="outbox-sweep",
        task="core.outbox_sweep",
        function="core.notify.outbox_sweep",
        every=_seconds("OUTBOX_SWEEP_SECONDS", 60),
        what=(
            "Deliver the outbox messages still pending: Redis was down when their cause was "
            "saved, a worker died, or a gateway failed."
        ),
    ),
    Job(
        name="clocks-sweep",
        task="reports.clocks_sweep",
        function="reports.clocks.clocks_sweep",
        every=_seconds("CLOCK_SWEEP_SECONDS", 15 * 60),
        what=(
            "The lifecycle's clocks (reminders, escalation, listed supervision, closing after "
            "the objection window) and, through the same sweep, the rewards' claim windows, the "
            "campaign's reminders (monthly forms, late lists, key tasks) and the dashboards' "
            "roll-ups (every DASHBOARD_REFRESH_SECONDS; ended months frozen). Each reminder is "
            "sent once."
        ),
    ),
    Job(
        name="reward-sweep",
        task="rewards.reward_sweep",
        function="rewards.services.reward_sweep",
        every=60 * 60,
        what=(
            "Calculate the rewards of cases whose inputs became final without the on-commit "
            "hook reaching rewards (a crash between the two)."
        ),
    ),
    Job(
        name="kept-files-sweep",
        task="core.kept_files_sweep",
        function="core.staging.sweep",
        every=60 * 60,
        what=(
            "Forget the files kept for forms that had a mistake and were never sent again "
            "(after a day)."
        ),
    ),
    Job(
        name="intake-sweep",
        task="reports.intake_sweep",
        function="reports.services.intake_sweep",
        every=5 * 60,
        what=(
            "Forget encrypted receipt copies older than RECEIPT_REPLAY_SECONDS and photos "
            "staged by forms that were never submitted (after a day)."
        ),
    ),
)


def beat_schedule() -> dict[str, dict]:
    """The jobs as Celery beat's schedule."""
    return {job.name: {"task": job.task, "schedule": job.every} for job in JOBS}
