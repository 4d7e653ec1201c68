"""Celery tasks of the reports app: thin wrappers that call a service."""

from celery import shared_task


@shared_task(name="reports.intake_sweep", ignore_result=True)
def intake_sweep() -> dict[str, int]:
    from reports.services import intake_sweep as sweep

    return sweep()


@shared_task(name="reports.clocks_sweep", ignore_result=True)
def clocks_sweep() -> dict[str, int]:
    from reports.clocks import clocks_sweep as sweep

    return sweep()
