"""The dashboard at province scale: seed, roll up, and time it against the direct aggregate.

Seeds a scratch PostgreSQL database with a province of about 12,000 units (40 districts of 10
townships, each with 20 villages, 8 stations and a member unit) and 500,000 reports over 3
years (COPY), a tenth of them filed and fined, in every state. Builds the monthly roll-ups of
the 36 months. Then, in the same run, at township, district and province level:

- the dashboard page itself (a GET through Django's test client, signed in as a supervisor of
  that level): median and p95 server time of 50 loads, and its number of queries;
- PostgreSQL computing the same figures from the case tables (``direct_figures``): median and
  p95 of 50 runs;
- the same figures read from the roll-ups, without the page around them (the selectors).

    .venv/bin/python benchmarks/dashboard_scale.py                      # 12,000 units, 500,000 reports
    .venv/bin/python benchmarks/dashboard_scale.py --reports 50000      # the same queries, smaller
    .venv/bin/python benchmarks/dashboard_scale.py --skip-seed          # time again, same data

It drops and recreates the database named by --database (default jubao_dash) on the PostgreSQL
at 127.0.0.1:5432 (user postgres), so never point it at real data.
"""

import argparse
import io
import json
import random
import statistics
import time
from datetime import UTC, date, datetime, timedelta

import scratch

DISTRICTS, TOWNSHIPS, VILLAGES, STATIONS = 40, 10, 20, 8


def setup_django(database: str) -> None:
    scratch.setup_django(
        database,
        DJANGO_ALLOWED_HOSTS="testserver",
        STATIC_ROOT="/tmp/jubao-bench-static",  # noqa: S108 - scratch output
    )
    from django.core.management import call_command

    # Production settings serve collected, hashed static files, as a real server would.
    call_command("collectstatic", "--noinput", verbosity=0)


# The unit table's columns as COPY fills them, every one the schema requires.
UNIT_COLUMNS = [
    "id",
    "name",
    "kind",
    "path",
    "depth",
    "parent_id",
    "hotline",
    "is_rural",
    "works_on_paper",
    "active",
    "pays_rewards",
    "headless_signer",
    "robot_webhook_url",
    "robot_secret",
    "sort_order",
    "code",
    "office_name",
    "mailing_address",
    "email",
    "wechat_account",
]


# The report table's columns as COPY fills them (the unit's texts last, empty).
REPORT_COLUMNS = [
    "id",
    "number",
    "receipt_hash",
    "status",
    "source",
    "channel",
    "description",
    "address",
    "enterprise_name",
    "received_at",
    "created_at",
    "acceptance_due",
    "upstream_body",
    "external_number",
    "upstream_deadline",
    "category_id",
    "township_id",
    "village_id",
    "responsible_unit_id",
    "accepted_at",
    "transferred_at",
    "due_date",
    "concluded_at",
    "listed_at",
    "due_policy",
    "listed_reason",
    "referred_to",
    "rejection_reason",
    "reply_delivery",
    "reply_waived",
    "transfer_summary",
    "unit_address",
    "unit_place",
]


def unit_rows(units):
    """COPY rows for (id, name, kind, path, depth, parent id) tuples: active units with no
    contact details."""
    for pk, name, kind, path, depth, parent in units:
        yield (
            pk,
            name,
            kind,
            path,
            depth,
            parent,
            "",
            "f",
            "f",
            "t",
            "t",
            "leader",
            "",
            "",
            0,
            "",
            "",
            "",
            "",
            "",
        )


def copy(table: str, columns: list[str], rows) -> int:
    """COPY rows (tuples, None for NULL) into a table; returns how many."""
    from django.db import connection

    buffer, n = io.StringIO(), 0
    for row in rows:
        buffer.write(
            "\t".join("\\N" if v is None else str(v).replace("\t", " ") for v in row) + "\n"
        )
        n += 1
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)
    return n


def seed(reports: int) -> dict:
    from django.core.management import call_command
    from django.db import connection

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

    province = unit("基准省", "district", None)
    townships, places = [], {}
    for d in range(DISTRICTS):
        district = unit(f"区{d}", "district", province)
        for t in range(TOWNSHIPS):
            township = unit(f"区{d}乡{t}", "township", district)
            townships.append(township)
            places[township[0]] = (
                [unit(f"区{d}乡{t}村{v}", "village", township) for v in range(VILLAGES)],
                [unit(f"区{d}乡{t}站{s}", "station", township) for s in range(STATIONS)]
                + [unit(f"区{d}乡{t}所", "member", township)],
            )
    copy("units_unit", UNIT_COLUMNS, unit_rows(units))
    categories = list(Category.objects.values_list("pk", flat=True))
    end = datetime.now(UTC).replace(hour=2, minute=0, second=0, microsecond=0)
    start = end - timedelta(days=3 * 365)
    span = (end - start).total_seconds()
    channels = [
        ("citizen", "web"),
        ("citizen", "qr"),
        ("office", "phone"),
        ("office", "letter"),
        ("office", "wechat"),
        ("upstream", "12350"),
    ]
    # What a reporter typed is stored encrypted; COPY bypasses the model, so encrypt each
    # value once and reuse the ciphertext (the figures never read it).
    from core import crypto

    description, address = crypto.encrypt("基准测试"), crypto.encrypt("基准")
    report_rows, enforcement_rows = [], []
    for i in range(1, reports + 1):
        township = rng.choice(townships)
        villages, stations = places[township[0]]
        received = start + timedelta(seconds=rng.random() * span)
        source, channel = rng.choice(channels)
        fate = rng.random()
        status, accepted = "submitted", None
        responsible = due = concluded = listed = None
        if fate < 0.08:
            status = "rejected"
        elif fate > 0.1 and received < end - timedelta(days=2):
            accepted = received + timedelta(hours=rng.randint(2, 96))
            responsible = rng.choice(stations)[0]
            due = (accepted + timedelta(days=60)).date()
            status = "investigating"
            took = rng.choice([10, 20, 30, 45, 55, 58, 62, 70, 90])
            if accepted + timedelta(days=took) < end:
                concluded = accepted + timedelta(days=took)
                status = "closed"
            if rng.random() < 0.05:
                listed = accepted + timedelta(days=rng.randint(1, 40))
        upstream = source == "upstream"
        report_rows.append(
            (
                i,
                f"S{i:08d}",
                None,
                status,
                source,
                channel,
                description,
                address,
                "",
                received.isoformat(),
                received.isoformat(),
                received.date().isoformat(),
                "12350热线" if upstream else "",
                f"12350-{i}" if upstream else "",
                (received.date() + timedelta(days=30)).isoformat() if upstream else None,
                rng.choice(categories),
                township[0],
                rng.choice(villages)[0],
                responsible,
                accepted.isoformat() if accepted else None,
                accepted.isoformat() if accepted else None,
                due.isoformat() if due else None,
                concluded.isoformat() if concluded else None,
                listed.isoformat() if listed else None,
                "{}",
                "",
                "",
                "",
                "",
                "f",
                "",
            )
        )
        if accepted and rng.random() < 0.1:
            day = (accepted + timedelta(days=rng.randint(3, 30))).date()
            enforcement_rows.append(
                (i, day.isoformat(), "立-1", day.isoformat(), "罚-1", rng.choice([2000, 5000]))
            )
    copy("reports_report", REPORT_COLUMNS, ((*row, "", "") for row in report_rows))
    copy(
        "reports_enforcement",
        [
            "report_id",
            "case_filed_on",
            "case_file_number",
            "penalty_decided_on",
            "penalty_decision_number",
            "fine",
            "accident_grade",
            "note",
            "updated_at",
            "penalty_authority",
        ],
        ((*r, "", "", end.isoformat(), "") for r in enforcement_rows),
    )
    with connection.cursor() as cursor:
        for sql in (
            "SELECT setval(pg_get_serial_sequence('units_unit', 'id'), "
            "(SELECT MAX(id) FROM units_unit))",
            "SELECT setval(pg_get_serial_sequence('reports_report', 'id'), "
            "(SELECT MAX(id) FROM reports_report))",
            "SELECT setval(pg_get_serial_sequence('reports_enforcement', 'id'), "
            "(SELECT MAX(id) FROM reports_enforcement))",
        ):
            cursor.execute(sql)
        cursor.execute("ANALYZE")
    seeded = time.perf_counter() - started

    from dashboards import rollups

    started = time.perf_counter()
    first = rollups.month_start(start.date())
    months = rollups.months_between(first, end.date())
    for month in months:
        rollups.refresh_month(month, force=True)
        if month < rollups.month_start(end.date()):
            rollups.freeze_month(month)
    rollups.refresh_aging()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "units": len(units),
        "reports": reports,
        "enforcements": len(enforcement_rows),
        "seed_seconds": round(seeded, 1),
        "rollup_seconds": round(time.perf_counter() - started, 1),
        "months": len(months),
        "province": province[0],
        "district": units[1][0],
        "township": townships[0][0],
    }


def direct_figures(unit_path: str, first: date, last: date) -> dict:
    """The dashboard's figures computed from the case tables instead of the roll-ups: the same
    months, figures, mixes, ages and league, each as one grouped query (the work the roll-ups
    save). The stuck-case list, forms and tasks read the same tables either way, so they are
    left out here, which only flatters the direct side."""
    from django.db.models import Avg, Case, CharField, Count, F, IntegerField, Q, Sum, When
    from django.db.models.functions import Coalesce, ExtractDay, Substr, TruncDate, TruncMonth
    from django.utils import timezone

    from core.calendar import day_start, local_date
    from dashboards.rollups import AGE_BUCKETS, next_month
    from publicity.models import Activity
    from reports.figures import NOT_CASES
    from reports.models import Enforcement, Extension, IntakePointScanDay, Report
    from rewards.models import Payment, Reward
    from units.models import PATH_DIGITS

    tz = timezone.get_default_timezone()
    since, until = day_start(first), day_start(next_month(last))
    last_day = next_month(last) - timedelta(days=1)
    today = local_date()
    cases = Report.objects.filter(township__path__startswith=unit_path)
    through_report = {"report__township__path__startswith": unit_path}

    def by_month(queryset, moment, **figures):
        return list(
            queryset.annotate(m=TruncMonth(moment, tzinfo=tz))
            .values("m")
            .annotate(**figures)
            .order_by("m")
        )

    received = cases.filter(received_at__gte=since, received_at__lt=until)
    child = Substr(
        Coalesce("responsible_unit__path", "township__path"),
        1,
        len(unit_path) + PATH_DIGITS + 1,
        output_field=CharField(),
    )
    age = ExtractDay(timezone.now() - F("accepted_at"))
    bucket = Case(
        *(When(age__lte=limit, then=i) for i, limit in enumerate(AGE_BUCKETS)),
        default=len(AGE_BUCKETS),
        output_field=IntegerField(),
    )
    return {
        "received": by_month(
            received,
            "received_at",
            n=Count("pk"),
            rejected=Count("pk", filter=Q(status="rejected")),
            qr=Count("pk", filter=Q(intake_point__isnull=False)),
        ),
        "accepted": by_month(
            cases.filter(accepted_at__gte=since, accepted_at__lt=until),
            "accepted_at",
            n=Count("pk"),
        ),
        "transferred": by_month(
            cases.filter(transferred_at__gte=since, transferred_at__lt=until),
            "transferred_at",
            n=Count("pk"),
        ),
        "concluded": by_month(
            cases.filter(concluded_at__gte=since, concluded_at__lt=until),
            "concluded_at",
            n=Count("pk"),
            on_time=Count("pk", filter=Q(concluded_at__date__lte=F("due_date"))),
            days=Avg(TruncDate("concluded_at", tzinfo=tz) - TruncDate("accepted_at", tzinfo=tz)),
        ),
        "overdue": list(
            cases.filter(due_date__gte=first, due_date__lte=min(last_day, today))
            .exclude(status__in=NOT_CASES)
            .filter(Q(concluded_at__isnull=True) | Q(concluded_at__date__gt=F("due_date")))
            .annotate(m=TruncMonth("due_date"))
            .values("m")
            .annotate(n=Count("pk"))
        ),
        "listed": by_month(
            cases.filter(listed_at__gte=since, listed_at__lt=until), "listed_at", n=Count("pk")
        ),
        "extensions": by_month(
            Extension.objects.filter(
                status="approved", decided_at__gte=since, decided_at__lt=until, **through_report
            ),
            "decided_at",
            n=Count("pk"),
        ),
        "filed": list(
            Enforcement.objects.filter(case_filed_on__range=(first, last_day), **through_report)
            .annotate(m=TruncMonth("case_filed_on"))
            .values("m")
            .annotate(n=Count("pk"))
        ),
        "fines": list(
            Enforcement.objects.filter(
                penalty_decided_on__range=(first, last_day), **through_report
            )
            .annotate(m=TruncMonth("penalty_decided_on"))
            .values("m")
            .annotate(total=Sum("fine"))
        ),
        "rewards": by_month(
            Reward.objects.filter(approved_at__gte=since, approved_at__lt=until, **through_report),
            "approved_at",
            n=Count("pk"),
            total=Sum("amount"),
        ),
        "payments": list(
            Payment.objects.filter(
                paid_on__range=(first, last_day),
                reward__report__township__path__startswith=unit_path,
            )
            .annotate(m=TruncMonth("paid_on"))
            .values("m")
            .annotate(n=Count("pk"), total=Sum("amount"))
        ),
        "scans": list(
            IntakePointScanDay.objects.filter(
                date__range=(first, last_day), point__unit__path__startswith=unit_path
            )
            .annotate(m=TruncMonth("date"))
            .values("m")
            .annotate(n=Sum("count"))
        ),
        "publicity": list(
            Activity.objects.filter(date__range=(first, last_day), unit__path__startswith=unit_path)
            .annotate(m=TruncMonth("date"))
            .values("m")
            .annotate(n=Sum("count"))
        ),
        "mix": list(received.values("source", "channel").annotate(n=Count("pk"))),
        "aging": list(
            cases.filter(status__in=Report.RUNNING_STATUSES, accepted_at__isnull=False)
            .annotate(age=age)
            .annotate(bucket=bucket)
            .values("bucket")
            .annotate(
                n=Count("pk"),
                overdue=Count("pk", filter=Q(due_date__lt=today)),
                listed=Count("pk", filter=Q(listed_at__isnull=False)),
            )
        ),
        "league": list(
            cases.filter(concluded_at__gte=since, concluded_at__lt=until)
            .annotate(child=child)
            .values("child")
            .annotate(
                n=Count("pk"),
                on_time=Count("pk", filter=Q(concluded_at__date__lte=F("due_date"))),
                days=Avg(
                    TruncDate("concluded_at", tzinfo=tz) - TruncDate("accepted_at", tzinfo=tz)
                ),
            )
        ),
    }


def counting(sink: list):
    def wrapper(execute, sql, params, many, context):
        sink.append(sql)
        return execute(sql, params, many, context)

    return wrapper


def measure(loads: int, levels: dict) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection, reset_queries
    from django.test import Client

    from core.calendar import local_date
    from dashboards import selectors
    from dashboards.rollups import month_start
    from dashboards.selectors import Filters, period_months, trend
    from units.models import Membership, Role, Unit

    first, last = period_months("12", local_date())
    results = {}
    for level, unit_id in levels.items():
        unit = Unit.objects.get(pk=unit_id)
        user, _ = get_user_model().objects.get_or_create(username=f"bench-{level}")
        Membership.objects.get_or_create(user=user, unit=unit, role=Role.SUPERVISOR)
        client = Client()
        client.force_login(user)
        url = f"/dashboard/?unit={unit.pk}&period=12"
        status = client.get(url, secure=True).status_code
        if status != 200:
            raise SystemExit(f"{url} answered {status}")
        page, direct, rolled = [], [], []
        filters = Filters(unit=unit, first=first, last=month_start(last))
        queries = []  # counted at the driver, as DEBUG is off
        with connection.execute_wrapper(counting(queries)):
            client.get(url, secure=True)
        # The two sides agree before they are timed.
        figures = direct_figures(unit.path, first, month_start(last))
        shown = trend(filters)
        for name, key in (("received", "n"), ("concluded", "n"), ("filed", "n")):
            direct_total = sum(row[key] for row in figures[name])
            if direct_total != sum(row[name] for row in shown):
                raise SystemExit(f"{level}: {name} differs: {direct_total} direct")
        for _ in range(loads):
            started = time.perf_counter()
            response = client.get(url, secure=True)
            page.append(time.perf_counter() - started)
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")
        for _ in range(loads):
            started = time.perf_counter()
            direct_figures(unit.path, first, month_start(last))
            direct.append(time.perf_counter() - started)
            reset_queries()
        for _ in range(loads):
            # The same figures read from the roll-ups, without the page around them.
            started = time.perf_counter()
            selectors.monthly(filters)
            selectors.mix(filters)
            selectors.aging(filters)
            selectors.league(filters)
            rolled.append(time.perf_counter() - started)

        def stats(values):
            values = sorted(values)
            return {
                "median_ms": round(statistics.median(values) * 1000, 1),
                "p95_ms": round(values[int(0.95 * (len(values) - 1))] * 1000, 1),
            }

        results[level] = {
            "dashboard": stats(page),
            "direct": stats(direct),
            "figures_from_rollups": stats(rolled),
            "queries": len(queries),
            "page_speedup": round(statistics.median(direct) / statistics.median(page), 1),
            "figures_speedup": round(statistics.median(direct) / statistics.median(rolled), 1),
        }
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=500_000)
    parser.add_argument("--loads", type=int, default=50)
    parser.add_argument("--database", default="jubao_dash")
    parser.add_argument("--skip-seed", action="store_true")
    args = parser.parse_args()
    if not args.skip_seed:
        scratch.recreate(args.database)
    setup_django(args.database)
    from units.models import Unit

    info = {} if args.skip_seed else seed(args.reports)
    province = Unit.objects.filter(depth=0).order_by("pk").first()
    district = Unit.objects.filter(parent=province).order_by("pk").first()
    township = Unit.objects.filter(parent=district).order_by("pk").first()
    levels = {"township": township.pk, "district": district.pk, "province": province.pk}
    print(
        json.dumps({**info, "results": measure(args.loads, levels)}, ensure_ascii=False, indent=1)
    )


if __name__ == "__main__":
    main()
