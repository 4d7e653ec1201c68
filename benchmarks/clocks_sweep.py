"""One full clocks sweep over many open cases: time, peak memory and queries per batch.

Seeds a scratch PostgreSQL database with a district of 20 townships (10 villages, 4 stations,
and officers, heads, intake officers and leaders each) and N open cases whose due dates spread
from 30 days overdue to 60 days ahead, some still unacknowledged or unaccepted. Then runs one
full sweep in a fresh child process (so its peak memory is the sweep's own) and reports:
the reminders sent, wall time, peak resident memory, queries in all and per batch of 500.

    .venv/bin/python benchmarks/clocks_sweep.py --cases 100000
    .venv/bin/python benchmarks/clocks_sweep.py --cases 10000     # same queries per batch

It drops and recreates the database named by --database (default jubao_bench) on the
PostgreSQL at 127.0.0.1:5432 (user postgres), so never point it at real data.
"""

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from datetime import timedelta

import scratch


def seed(cases: int) -> None:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone

    from core.calendar import local_date
    from reports.models import Category, Report
    from units.models import Membership, Role, Unit

    call_command("migrate", verbosity=0)
    random.seed(7)
    users = get_user_model().objects
    district = Unit.objects.create(name="基准区", kind=Unit.Kind.DISTRICT)
    townships, villages, stations = [], [], []
    people = 0
    for t in range(20):
        township = Unit.objects.create(name=f"乡{t}", kind=Unit.Kind.TOWNSHIP, parent=district)
        townships.append(township)
        for role in (Role.INTAKE, Role.LEADER):
            user = users.create(username=f"{role}-{t}")
            Membership.objects.create(user=user, unit=township, role=role)
            people += 1
        for v in range(10):
            villages.append(
                (
                    township,
                    Unit.objects.create(
                        name=f"乡{t}村{v}", kind=Unit.Kind.VILLAGE, parent=township
                    ),
                )
            )
        for s in range(4):
            station = Unit.objects.create(
                name=f"乡{t}站{s}", kind=Unit.Kind.STATION, parent=township
            )
            stations.append((township, station))
            for role in (Role.OFFICER, Role.OFFICER, Role.HEAD):
                user = users.create(username=f"{role}-{t}-{s}-{people}")
                Membership.objects.create(user=user, unit=station, role=role)
                people += 1
    category = Category.objects.first()
    today = local_date()
    now = timezone.now()
    stations_by_township: dict[int, list] = {}
    for township, station in stations:
        stations_by_township.setdefault(township.pk, []).append(station)
    batch = []
    for i in range(cases):
        township, village = random.choice(villages)
        due = today + timedelta(days=random.randint(-30, 60))
        accepted = now - timedelta(days=60 - (due - today).days)
        kind = random.random()
        if kind < 0.05:  # not accepted, some past their acceptance deadline
            fields = {
                "status": "submitted",
                "acceptance_due": today - timedelta(days=random.randint(-3, 6)),
            }
        else:
            fields = {
                "status": "transferred" if kind < 0.25 else "investigating",
                "acceptance_due": today,
                "responsible_unit": random.choice(stations_by_township[township.pk]),
                "accepted_at": accepted,
                "transferred_at": accepted,
                "due_date": due,
                "due_policy": {"days": 60, "first_day_counts": False, "holiday_rollover": True},
            }
        batch.append(
            Report(
                number=f"B{i:07d}",
                source="citizen",
                channel="web",
                category=category,
                description="基准测试",
                village=village,
                address="基准",
                township=township,
                received_at=accepted if "accepted_at" in fields else now,
                **fields,
            )
        )
        if len(batch) == 5000:
            Report.objects.bulk_create(batch)
            batch = []
    Report.objects.bulk_create(batch)


def sweep() -> None:
    """Run in the child process: one full sweep, measured."""
    import statistics

    from django.db import connection

    from reports import clocks
    from reports.clocks import sweep as clocks_sweep_module

    queries = 0
    per_batch: list[tuple[int, int]] = []  # (reminders, queries) of each batch

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    fire = clocks_sweep_module._fire

    def measured_fire(clock, candidates, today):
        before = queries
        sent = fire(clock, candidates, today)
        if sent:
            per_batch.append((sent, queries - before))
        return sent

    clocks_sweep_module._fire = measured_fire
    with connection.execute_wrapper(count):
        started = time.perf_counter()
        sent = clocks.clocks_sweep(batch_size=500)
        elapsed = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    full = [q for n, q in per_batch if n == 500] or [q for _n, q in per_batch]
    print(
        json.dumps(
            {
                "reminders": sent,
                "reminders_total": sum(n for n, _q in per_batch),
                "seconds": round(elapsed, 1),
                "peak_rss_mb": round(peak_kb / 1024),
                "queries": queries,
                "batches": len(per_batch),
                "per_full_batch": [min(full), statistics.median(full), max(full)],
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--database", default="jubao_bench")
    parser.add_argument("--sweep-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.sweep_only:
        scratch.setup_django(args.database)
        sweep()
        return
    scratch.recreate(args.database)
    scratch.setup_django(args.database)
    started = time.perf_counter()
    seed(args.cases)
    print(f"seeded {args.cases} open cases in {time.perf_counter() - started:.0f} s")
    child = subprocess.run(
        [sys.executable, __file__, "--sweep-only", "--database", args.database],
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(child.stdout.strip().splitlines()[-1])
    low, median, high = result["per_full_batch"]
    print(f"one full sweep over {args.cases} open cases:")
    print(f"  reminders sent: {result['reminders_total']} in {result['batches']} batches")
    print(f"  by clock: {result['reminders']}")
    print(f"  time: {result['seconds']} s, peak resident memory: {result['peak_rss_mb']} MB")
    print(
        f"  queries: {result['queries']} in all; per full batch of 500: min {low}, median {median}, max {high}"
    )


if __name__ == "__main__":
    main()
