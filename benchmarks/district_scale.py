"""A district on one install, at scale: the pages its people open, and the work behind them.

Seeds a scratch PostgreSQL database with one district of 40 townships (each with 20 villages,
8 stations and a member unit) and 30 departments, and 200 cases per village over the last 12
months (160,000 by default, COPY): accepted, concluded on time or late, some filed and fined,
one in twenty handed over to a department, one in fifty assigned by the district office. Then:

- builds the 12 monthly roll-ups (timed) and scores the last ended month (timed);
- loads, signed in as the people who open them, and counts each page's queries:
  the district dashboard (the district's supervisor), a township's ``/unit/`` home (its
  intake officer), the district's monthly-form roll-up (the district office), and the
  district's assessment (its townships and departments);
- runs the same at a tenth of the townships (``--townships 4``) to show that the number of
  queries does not grow with the data.

    .venv/bin/python benchmarks/district_scale.py                    # 40 townships, 160,000 cases
    .venv/bin/python benchmarks/district_scale.py --townships 4      # the same pages, smaller

It drops and recreates the database named by --database (default jubao_district) on the
PostgreSQL at 127.0.0.1:5432 (user postgres), so never point it at real data.
"""

import argparse
import json
import random
import statistics
import time
from datetime import UTC, datetime, timedelta

import scratch
from dashboard_scale import (
    REPORT_COLUMNS,
    UNIT_COLUMNS,
    copy,
    counting,
    setup_django,
    unit_rows,
)

VILLAGES, STATIONS, DEPARTMENTS = 20, 8, 30


def seed(townships_n: int, per_village: int) -> dict:
    from django.core.management import call_command
    from django.db import connection

    from core import crypto
    from reports.models import Category
    from units.models import PATH_DIGITS

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    rng = random.Random(12350)
    units, next_id = [], [0]

    def unit(name, kind, parent):
        next_id[0] += 1
        pk = next_id[0]
        path = f"{parent[3] if parent else '/'}{pk:0{PATH_DIGITS}d}/"
        row = (pk, name, kind, path, path.count("/") - 2, parent[0] if parent else None)
        units.append(row)
        return row

    district = unit("基准区", "district", None)
    departments = [unit(f"区部门{d}", "department", district) for d in range(DEPARTMENTS)]
    townships, places = [], {}
    for t in range(townships_n):
        township = unit(f"乡{t}", "township", district)
        townships.append(township)
        places[township[0]] = (
            [unit(f"乡{t}村{v}", "village", township) for v in range(VILLAGES)],
            [unit(f"乡{t}站{s}", "station", township) for s in range(STATIONS)]
            + [unit(f"乡{t}所", "member", township)],
        )
    copy("units_unit", UNIT_COLUMNS, unit_rows(units))
    categories = list(Category.objects.values_list("pk", flat=True))
    end = datetime.now(UTC).replace(hour=2, minute=0, second=0, microsecond=0)
    start = end - timedelta(days=365)
    span = (end - start).total_seconds()
    description, address = crypto.encrypt("基准测试"), crypto.encrypt("基准")
    report_rows, enforcement_rows, handover_rows = [], [], []
    i = 0
    for township in townships:
        villages, stations = places[township[0]]
        for village in villages:
            for _ in range(per_village):
                i += 1
                received = start + timedelta(seconds=rng.random() * span)
                accepted = received + timedelta(hours=rng.randint(2, 96))
                status, responsible = "submitted", None
                due = concluded = assigned_by = None
                if accepted < end:
                    responsible = rng.choice(stations)[0]
                    due = (accepted + timedelta(days=60)).date()
                    status = "investigating"
                    took = rng.choice([10, 20, 30, 45, 55, 58, 62, 70])
                    if accepted + timedelta(days=took) < end:
                        concluded, status = accepted + timedelta(days=took), "closed"
                    if rng.random() < 0.05:  # handed over to a department
                        department = rng.choice(departments)[0]
                        handover_rows.append((i, township[0], department, responsible, accepted))
                        responsible = department
                else:
                    accepted = None
                if rng.random() < 0.02:
                    assigned_by = district[0]
                report_rows.append(
                    (
                        i,
                        f"D{i:08d}",
                        None,
                        status,
                        "office",
                        "phone",
                        description,
                        address,
                        "",
                        received.isoformat(),
                        received.isoformat(),
                        received.date().isoformat(),
                        "基准区安委办" if assigned_by else "",
                        f"基准交{i}号" if assigned_by else "",
                        (received.date() + timedelta(days=30)).isoformat() if assigned_by else None,
                        rng.choice(categories),
                        township[0],
                        village[0],
                        responsible,
                        accepted.isoformat() if accepted else None,
                        accepted.isoformat() if accepted else None,
                        due.isoformat() if due else None,
                        concluded.isoformat() if concluded else None,
                        None,
                        "{}",
                        "",
                        "",
                        "",
                        "",
                        "f",
                        "",
                        assigned_by,
                    )
                )
                if accepted and rng.random() < 0.1:
                    day = (accepted + timedelta(days=rng.randint(3, 30))).date()
                    enforcement_rows.append(
                        (i, day.isoformat(), "立-1", day.isoformat(), "罚-1", 5000)
                    )
    # The rows end with the assigning office; the shared columns end with the unit's texts.
    copy(
        "reports_report",
        [*REPORT_COLUMNS, "assigned_by_id"],
        ((*row[:-1], "", "", row[-1]) for row in report_rows),
    )
    copy(
        "reports_enforcement",
        [
            "report_id",
            "case_filed_on",
            "case_file_number",
            "penalty_decided_on",
            "penalty_decision_number",
            "penalty_authority",
            "fine",
            "accident_grade",
            "note",
            "updated_at",
        ],
        (
            (r[0], r[1], r[2], r[3], r[4], "", r[5], "", "", end.isoformat())
            for r in enforcement_rows
        ),
    )
    reason, request = crypto.encrypt("区级监管"), crypto.encrypt("请立案查处")
    copy(
        "reports_handover",
        [
            "report_id",
            "from_unit_id",
            "to_unit_id",
            "previous_unit_id",
            "reason",
            "request",
            "created_at",
            "scope",
        ],
        (
            (r, frm, to, prev, reason, request, at.isoformat(), "case")
            for r, frm, to, prev, at in handover_rows
        ),
    )
    with connection.cursor() as cursor:
        for table in ("units_unit", "reports_report", "reports_enforcement", "reports_handover"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"(SELECT MAX(id) FROM {table}))"
            )
        cursor.execute("ANALYZE")
    seeded = time.perf_counter() - started
    return {
        "units": len(units),
        "townships": townships_n,
        "departments": DEPARTMENTS,
        "cases": len(report_rows),
        "handed_over": len(handover_rows),
        "assigned": sum(1 for r in report_rows if r[-1]),
        "seed_seconds": round(seeded, 1),
        "district": district[0],
        "township": townships[0][0],
        "start": start.date().isoformat(),
        "end": end.date().isoformat(),
    }


def build(info: dict) -> dict:
    """The monthly roll-ups of the year and the last ended month's assessment, timed."""
    from datetime import date

    from dashboards import assessment, rollups

    end = date.fromisoformat(info["end"])
    months = rollups.months_between(rollups.month_start(date.fromisoformat(info["start"])), end)
    started = time.perf_counter()
    for month in months:
        rollups.refresh_month(month, force=True)
        if month < rollups.month_start(end):
            rollups.freeze_month(month)
    rollups.refresh_aging()
    rolled = time.perf_counter() - started
    last = months[-2]
    started = time.perf_counter()
    scored = assessment.assess_month(last)
    return {
        "rollup_seconds": round(rolled, 1),
        "months": len(months),
        "assessed_month": last.isoformat(),
        "assessment_seconds": round(time.perf_counter() - started, 1),
        "units_scored": scored,
    }


def measure(loads: int, info: dict, built: dict) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from publicity.periods import last_ended
    from units.models import Membership, Role, Unit

    district = Unit.objects.get(pk=info["district"])
    township = Unit.objects.get(pk=info["township"])
    period = last_ended(datetime.now(UTC).date())
    month = built["assessed_month"][:7]

    def person(username, unit, role):
        user, _ = get_user_model().objects.get_or_create(username=username)
        Membership.objects.get_or_create(user=user, unit=unit, role=role)
        client = Client()
        client.force_login(user)
        return client

    pages = {
        "district_dashboard": (
            person("bench-supervisor", district, Role.SUPERVISOR),
            f"/dashboard/?unit={district.pk}&period=12",
        ),
        "township_unit_home": (person("bench-intake", township, Role.INTAKE), "/unit/"),
        "district_form_rollup": (
            person("bench-district-intake", district, Role.INTAKE),
            f"/unit/publicity/forms/{period.year}/{period.month}/?unit={district.pk}",
        ),
        "district_assessment": (
            person("bench-supervisor", district, Role.SUPERVISOR),
            f"/dashboard/assessment/?unit={district.pk}&month={month}",
        ),
    }
    results = {}
    for name, (client, url) in pages.items():
        status = client.get(url, secure=True).status_code
        if status != 200:
            raise SystemExit(f"{url} answered {status}")
        queries: list[str] = []
        with connection.execute_wrapper(counting(queries)):
            client.get(url, secure=True)
        times = []
        for _ in range(loads):
            started = time.perf_counter()
            client.get(url, secure=True)
            times.append(time.perf_counter() - started)
        times.sort()
        results[name] = {
            "queries": len(queries),
            "median_ms": round(statistics.median(times) * 1000, 1),
            "p95_ms": round(times[int(0.95 * (len(times) - 1))] * 1000, 1),
        }
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--townships", type=int, default=40)
    parser.add_argument("--cases-per-village", type=int, default=200)
    parser.add_argument("--loads", type=int, default=30)
    parser.add_argument("--database", default="jubao_district")
    args = parser.parse_args()
    scratch.recreate(args.database)
    setup_django(args.database)
    info = seed(args.townships, args.cases_per_village)
    built = build(info)
    results = measure(args.loads, info, built)
    print(json.dumps({**info, **built, "pages": results}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
