"""Run the periodic sweeps without Celery: what `make run` uses when there is no Redis, so that
reminders still happen in the demo."""

import time

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the clocks, outbox and intake sweeps once, or in a loop (--loop)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--loop", action="store_true", help="keep running")
        parser.add_argument("--interval", type=float, default=60.0, help="seconds between runs")

    def handle(self, *args, loop: bool, interval: float, **options) -> None:
        from core.notify import outbox_sweep
        from reports.clocks import clocks_sweep
        from reports.services import intake_sweep

        while True:
            reminders = clocks_sweep()
            sent = outbox_sweep()
            intake_sweep()
            fired = {k: v for k, v in reminders.items() if v}
            if fired or sent:
                self.stdout.write(f"sweeps: reminders {fired}, messages sent {sent}")
            if not loop:
                return
            time.sleep(interval)
