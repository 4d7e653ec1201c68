"""Run the background jobs without Celery: what `make run` uses when there is no Redis. It runs
the jobs of the one schedule (config/schedule.py), each at its own interval, so the demo does
exactly what production's beat does."""

import time

from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = (
        "Run every job of the schedule once, or (--loop) each at its interval, checking every "
        "--interval seconds."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--loop", action="store_true", help="keep running")
        parser.add_argument(
            "--interval", type=float, default=60.0, help="seconds between checks for due jobs"
        )

    def handle(self, *args, loop: bool, interval: float, **options) -> None:
        from config.schedule import JOBS

        last_run: dict[str, float] = {}
        while True:
            now = time.monotonic()
            for job in JOBS:
                if job.name in last_run and now - last_run[job.name] < job.every:
                    continue
                last_run[job.name] = now
                result = import_string(job.function)()
                if isinstance(result, dict):
                    result = {kind: n for kind, n in result.items() if n}
                done = result
                if done:
                    self.stdout.write(f"{job.name}: {done}")
            if not loop:
                return
            time.sleep(interval)
