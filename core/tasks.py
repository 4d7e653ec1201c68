"""Celery tasks of core: thin wrappers that call ``core.notify`` and ``core.staging``."""

from celery import shared_task


@shared_task(name="core.outbox_deliver", ignore_result=True)
def outbox_deliver(ids: list[int]) -> int:
    from core.notify import outbox_deliver as deliver

    return deliver(ids)


@shared_task(name="core.outbox_sweep", ignore_result=True)
def outbox_sweep() -> int:
    from core.notify import outbox_sweep as sweep

    return sweep()


@shared_task(name="core.kept_files_sweep", ignore_result=True)
def kept_files_sweep() -> int:
    from core.staging import sweep

    return sweep()
