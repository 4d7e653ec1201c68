"""How fast intake is beside its one deliberate cost, the slow hash of the receipt code.

In one run, on a scratch PostgreSQL database (dropped and recreated, the demo district loaded)
and Redis, with production settings:

- times the receipt hash as the project computes it (``reports.receipts.hash_code``, PBKDF2 at
  ``RECEIPT_HASH_ITERATIONS``) on one core, and on every core at once;
- starts gunicorn (2 sync workers by default) on a free local port, with the portal's URLs and
  a minimal Django form at /minimal/ (``intake_settings.py``, ``intake_urls.py``: the
  benchmark's own, not the portal's);
- drives it with a pool of concurrent clients, a fixed number of requests per phase:
  the minimal form's GET and its save (POST), ``GET /report/`` (whose one-time tokens the
  submissions then use, as a phone would), the intake POST with a realistic description and
  no photo, and the same with one small photo;
- prints each phase's rate, latency and the CPU the gunicorn workers and PostgreSQL used, then
  intake ÷ (cores ÷ hash time) and ``GET /report/`` ÷ minimal form GET.

    .venv/bin/python benchmarks/intake.py
    .venv/bin/python benchmarks/intake.py --clients 8 --posts 400
    .venv/bin/python benchmarks/intake.py --profile     # in-process: queries and a profile

It drops and recreates the database named by --database (default jubao_intake) on the
PostgreSQL at 127.0.0.1:5432 (user postgres), so never point it at real data. The outbox's
task messages go to a queue of their own in the --redis database, deleted at the end.
"""

import argparse
import http.client
import io
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import scratch

TOKEN = re.compile(r'name="token" value="([^"]+)"')
DESCRIPTION = (
    "村东头的砖厂晚上偷偷开工，窑炉旁边堆着十几桶柴油，没有灭火器，工人住在窑顶的棚子里。"
    "上周有一根电线冒过火花，老板说没事。厂里大约二十个工人，有几个是未成年人，"
    "晚上十点以后运砖的货车进出，路口没有灯，差点撞到放学的孩子。希望尽快派人来看看。"
)
CLK = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def photo_bytes() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (800, 600), (90, 110, 70))
    draw = ImageDraw.Draw(image)
    for i in range(0, 800, 16):
        draw.rectangle([i, (i * 7) % 600, i + 12, 600], fill=(i % 255, 80, 200 - i % 200))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


def multipart(fields: dict, files: list[tuple[str, str, bytes]] = ()) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    for name, filename, content in files:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"'
            "\r\nContent-Type: image/jpeg\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def request(port: int, method: str, path: str, body: bytes = b"", content_type: str = ""):
    """One request on a new connection (gunicorn's sync workers close each one)."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Content-Type": content_type} if content_type else {}
    conn.request(method, path, body=body or None, headers=headers)
    response = conn.getresponse()
    text = response.read().decode()
    conn.close()
    return response.status, time.perf_counter() - started, text


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    """CPU seconds each process has used so far (those still running)."""
    used = {}
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        used[pid] = (int(fields[11]) + int(fields[12])) / CLK  # utime, stime
    return used


def cpu_between(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds used between two readings by the processes running at the second (a process
    that started in between counts from zero)."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


def children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                        found.append(int(entry))
            except (FileNotFoundError, ProcessLookupError):
                continue
    return found


def postgres_backends(database: str) -> list[int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [database],
        )
        return [row[0] for row in cursor.fetchall()]


def phase(name: str, calls: list, clients: int, server: dict) -> dict:
    """Run ``calls`` (each returns status, seconds, text) on ``clients`` threads."""
    workers = children(server["pid"])
    before = (
        cpu_seconds(workers),
        cpu_seconds(postgres_backends(server["database"])),
        time.process_time(),
    )
    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(lambda call: call(), calls))
    wall = time.perf_counter() - started
    after = (
        cpu_seconds(workers),
        cpu_seconds(postgres_backends(server["database"])),
        time.process_time(),
    )
    server_cpu, postgres_cpu = cpu_between(before[0], after[0]), cpu_between(before[1], after[1])
    latencies = sorted(r[1] for r in results)
    bad = [r for r in results if r[0] != 200]
    if bad:
        raise SystemExit(f"{name}: {len(bad)} answers were not 200, e.g. {bad[0][0]}")
    return {
        "name": name,
        "n": len(results),
        "rate": len(results) / wall,
        "median": statistics.median(latencies) * 1000,
        "p95": latencies[int(len(latencies) * 0.95) - 1] * 1000,
        "server": server_cpu / wall,
        "postgres": postgres_cpu / wall,
        "client": (after[2] - before[2]) / wall,
        "cpu_ms": (server_cpu + postgres_cpu) / len(results) * 1000,
        "texts": [r[2] for r in results],
    }


def hash_time(runs: int, cores: int) -> tuple[float, float]:
    """Seconds per hash on one core (median), and hashes per second on every core at once
    (hashlib releases the GIL while it computes PBKDF2)."""
    from reports import receipts

    codes = [receipts.generate() for _ in range(runs)]
    receipts.hash_code(codes[0])
    one = []
    for code in codes:
        started = time.perf_counter()
        receipts.hash_code(code)
        one.append(time.perf_counter() - started)
    started = time.perf_counter()
    with ThreadPoolExecutor(cores) as pool:
        list(pool.map(receipts.hash_code, codes * cores))
    return statistics.median(one), runs * cores / (time.perf_counter() - started)


def seed() -> dict:
    from django.core.management import call_command

    from reports.models import Category
    from units.models import Unit

    call_command("migrate", verbosity=0)
    call_command("load_demo", production=True, stdout=io.StringIO())
    village = Unit.objects.active().places().order_by("path").first()
    category = Category.objects.filter(active=True).order_by("pk").first()
    return {"village": village.pk, "category": category.pk}


def intake_fields(token: str, place: dict, n: int) -> dict:
    return {
        "token": token,
        "category": place["category"],
        "description": f"{DESCRIPTION}（第{n}次）",
        "village": place["village"],
        "address": "东村砖厂路12号，进村第二个路口右转",
        "enterprise_name": "东村红旗砖厂",
        "seen_on": "",
        "identity": "named",
        "name": "王建国",
        "phone": f"1390000{n:04d}",
        "id_number": "",
        "declaration": "none",
    }


def start_gunicorn(port: int, workers: int) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": f"{scratch.ROOT}:{scratch.ROOT / 'benchmarks'}"}
    gunicorn = [sys.executable, "-m", "gunicorn", "config.wsgi:application"]
    args = ["--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--log-level", "warning"]
    process = subprocess.Popen([*gunicorn, *args], cwd=scratch.ROOT, env=env)
    for _ in range(200):
        try:
            if request(port, "GET", "/minimal/")[0] == 200:
                return process
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise SystemExit("gunicorn did not answer")


def profile(place: dict, count: int) -> None:
    """GET /report/ and the intake POST in this process: the queries of one, and a profile of
    ``count`` of each."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from pyinstrument import Profiler

    client = Client(HTTP_HOST="127.0.0.1")
    client.get("/report/")
    client.post("/report/", intake_fields(TOKEN.search(client.get("/report/").text)[1], place, 0))

    def show(title: str, queries) -> None:
        print(f"\n== {title}: {len(queries)} queries")
        for q in queries:
            print("  ", q["sql"][:160])

    with CaptureQueriesContext(connection) as queries:
        token = TOKEN.search(client.get("/report/").text)[1]
    show("GET /report/", queries)
    with CaptureQueriesContext(connection) as queries:
        client.post("/report/", intake_fields(token, place, 1))
    show("POST /report/", queries)
    tokens = []
    with Profiler() as profiler:
        for _ in range(count):
            tokens.append(TOKEN.search(client.get("/report/").text)[1])
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    with Profiler() as profiler:
        for n, token in enumerate(tokens, start=2):
            client.post("/report/", intake_fields(token, place, n))
    print(profiler.output_text(unicode=True, color=False, show_all=False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="jubao_intake")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/15")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients")
    parser.add_argument("--requests", type=int, default=1000, help="GETs per page")
    parser.add_argument("--saves", type=int, default=500, help="minimal form saves")
    parser.add_argument("--posts", type=int, default=300, help="intake POSTs without a photo")
    parser.add_argument("--photo-posts", type=int, default=100, help="intake POSTs with one")
    parser.add_argument("--hash-runs", type=int, default=20)
    parser.add_argument("--profile", action="store_true", help="profile in-process instead")
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    queue = f"benchmark-intake-{os.getpid()}"
    media = tempfile.mkdtemp(prefix="jubao-intake-media-")
    scratch.recreate(args.database)
    scratch.setup_django(
        args.database,
        DJANGO_SETTINGS_MODULE="intake_settings",
        REDIS_URL=args.redis,
        CACHE_KEY_PREFIX=queue,
        BENCHMARK_QUEUE=queue,
        MEDIA_ROOT=media,
        # The demo prints QR codes, which production refuses for a local address.
        PORTAL_BASE_URL="https://jubao.example.test",
    )
    from django.db import connection

    place = seed()
    try:
        if args.profile:
            profile(place, 30)
            return
        run(args, cores, place)
    finally:
        connection.close()
        import redis

        store = redis.Redis.from_url(args.redis)
        store.delete(queue)
        for key in store.scan_iter(f"{queue}*"):
            store.delete(key)


def run(args, cores: int, place: dict) -> None:
    from django import get_version
    from django.conf import settings
    from django.db import connection

    from reports.models import Attachment, Report

    load_before = os.getloadavg()[0]
    hash_one, hash_all = hash_time(args.hash_runs, cores)
    bound = cores / hash_one
    port = free_port()
    process = start_gunicorn(port, args.workers)
    server = {"pid": process.pid, "database": args.database}
    connection.close()
    photo = photo_bytes()
    saves = iter(range(10**9))
    lock = threading.Lock()

    def save():
        with lock:
            n = next(saves)
        body, kind = multipart({"name": f"组{n}"})
        return request(port, "POST", "/minimal/", body, kind)

    def post(token: str, n: int, with_photo: bool):
        files = [("photos", f"IMG_{n}.jpg", photo)] if with_photo else []
        body, kind = multipart(intake_fields(token, place, n), files)
        status, seconds, text = request(port, "POST", "/report/", body, kind)
        if 'id="receipt-code"' not in text:
            status = 500  # no receipt: counted as a failure
        return status, seconds, text

    try:
        get_minimal = lambda: request(port, "GET", "/minimal/")  # noqa: E731
        get_report = lambda: request(port, "GET", "/report/")  # noqa: E731
        phase("warm-up", [get_minimal, get_report] * 20, args.clients, server)
        results = [
            phase("minimal form GET", [get_minimal] * args.requests, args.clients, server),
            phase("minimal form save", [save] * args.saves, args.clients, server),
        ]
        pages = phase("GET /report/", [get_report] * args.requests, args.clients, server)
        results.append(pages)
        tokens = [TOKEN.search(text)[1] for text in pages.pop("texts")]
        needed = args.posts + args.photo_posts
        while len(tokens) < needed:
            tokens.append(TOKEN.search(get_report()[2])[1])
        before = Report.objects.count(), Attachment.objects.count()
        plain = [lambda t=t, n=n: post(t, n, False) for n, t in enumerate(tokens[: args.posts])]
        results.append(phase("POST /report/, no photo", plain, args.clients, server))
        photos = [
            lambda t=t, n=n: post(t, n, True)
            for n, t in enumerate(tokens[args.posts : needed], start=args.posts)
        ]
        results.append(phase("POST /report/, one photo", photos, args.clients, server))
        made = Report.objects.count() - before[0], Attachment.objects.count() - before[1]
        connection.close()
    finally:
        process.terminate()
        process.wait(timeout=30)
    if made != (needed, args.photo_posts):
        raise SystemExit(f"expected {needed} reports and {args.photo_posts} photos, got {made}")

    print(
        f"{cores} cores; Django {get_version()}, gunicorn {args.workers} sync workers, "
        f"{args.clients} concurrent clients, PostgreSQL and Redis; load average "
        f"{load_before:.1f} before, {os.getloadavg()[0]:.1f} after (other work shares the cores)"
    )
    print(
        f"receipt hash (PBKDF2-SHA256, {settings.RECEIPT_HASH_ITERATIONS:,} iterations): "
        f"{hash_one * 1000:.1f} ms on one core; bound {cores} ÷ {hash_one * 1000:.1f} ms = "
        f"{bound:.1f}/s (every core hashing at once: {hash_all:.1f}/s)"
    )
    print(
        f"{'phase':<26} {'requests':>8} {'per s':>8} {'median ms':>10} {'p95 ms':>8} "
        f"{'gunicorn CPU':>13} {'PostgreSQL CPU':>15} {'client CPU':>11} {'CPU ms/request':>15}"
    )
    for r in results:
        print(
            f"{r['name']:<26} {r['n']:>8} {r['rate']:>8.1f} {r['median']:>10.1f} {r['p95']:>8.1f} "
            f"{r['server']:>8.2f} cores {r['postgres']:>9.2f} cores {r['client']:>5.2f} cores "
            f"{r['cpu_ms']:>15.1f}"
        )
    by = {r["name"]: r["rate"] for r in results}
    intake = by["POST /report/, no photo"]
    print(
        f"intake ÷ hash bound: {intake:.1f} ÷ {bound:.1f} = {intake / bound:.2f} (goal ≥ 0.7); "
        f"with a photo {by['POST /report/, one photo'] / bound:.2f}"
    )
    print(
        f"GET /report/ ÷ minimal form GET: {by['GET /report/']:.1f} ÷ "
        f"{by['minimal form GET']:.1f} = {by['GET /report/'] / by['minimal form GET']:.2f} "
        "(goal ≥ 0.5)"
    )


if __name__ == "__main__":
    main()
