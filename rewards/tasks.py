"""Celery tasks of rewards: thin wrappers that call a service."""

from celery import shared_task


@shared_task(name="rewards.reward_sweep", ignore_result=True)
def reward_sweep() -> int:
    from rewards.services import reward_sweep as sweep

    return sweep()
