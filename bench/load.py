"""Meeting night under load: signed-in Schools Forum readers opening signed-off pages
(the large authority's dashboard and casework summary, H&F's forecast and dashboard) and
officers saving returns of the open quarter, against gunicorn on PostgreSQL: first
without pause between requests, then with 1 to 5 s of think time.

Target (the issue): 100 readers and 5 officers for 60 s, 0 errors and p95 under 500 ms
(here: overall and on every page), on the 2-core development machine.

    .venv/bin/python -m bench.load [--duration 60] [--readers 100] [--officers 5]
        [--think 0] [--think 1-5] [--gunicorn "--workers 2 --threads 8"] ...

BENCH_DATABASE_URL (default postgres://root@127.0.0.1:5432/hnb_bench_load) names the
database, dropped and made afresh on every run. The server runs with the production
settings (DEBUG off, whitenoise's manifest storage, the page cache as configured: the
database's, or Redis when REDIS_URL is set, then give it a Redis database of its own, or
its pages share keys with any other HNB Monitor there) and the repository's
gunicorn.conf.py, with --gunicorn's options on top; repeat --gunicorn to compare
configurations on the same data. Every request goes to 127.0.0.1; a run is bounded by
its duration, a timeout on each request and a cap on their number. Exit status 1 on FAIL.

Requests a second depend on what else the machine is running; the CPU the server spends
on a request (gunicorn and PostgreSQL, from /proc) much less, so it is printed too, with
the most requests a second the cores could serve at that rate.
"""

import argparse
import asyncio
import os
import secrets
import shlex
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import dj_database_url

from bench.load_client import Officer, Page, Run, Tally, has_markers, run_load

DEFAULT_DATABASE = "postgres://root@127.0.0.1:5432/hnb_bench_load"
TARGET_P95_MS = 500
HF = "hammersmith-fulham"
HF_PERIOD = "2023-24-Q1"  # H&F's signed-off quarter with a forecast (the demo's)
LARGE_PERIOD = "2025-26-Q4"  # the large authority's latest signed-off quarter


# The dashboard as the Forum sees it, not as staff do.
FORUM_VIEW = b"You see approved figures of signed-off and published quarters only."


def reader_pages(large: str) -> list[Page]:
    return [
        Page(
            "reader: dashboard, large authority",
            f"/a/{large}/dashboard/?period={LARGE_PERIOD}",
            (b"Savings dashboard, Q4 2025/26", FORUM_VIEW, b"</html>"),
        ),
        Page(
            "reader: forecast, H&F",
            f"/a/{HF}/forecast/?period={HF_PERIOD}",
            (b"High level HNB forecast, Q1 2023/24", b"its forecast is read-only", b"</html>"),
        ),
        Page(
            "reader: casework summary, large",
            f"/a/{large}/casework/",
            (b"Preparing for Adulthood transitions", b"Counts only.", b"</html>"),
        ),
        Page(
            "reader: dashboard, H&F",
            f"/a/{HF}/dashboard/?period={HF_PERIOD}",
            (b"Savings dashboard, Q1 2023/24", FORUM_VIEW, b"</html>"),
        ),
    ]


def think_range(text: str) -> tuple[float, float] | None:
    """'0' for none, or 'LOW-HIGH' seconds."""
    if text == "0":
        return None
    try:
        low, high = (float(part) for part in text.split("-"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"think time is 0 or LOW-HIGH seconds, not {text!r}"
        ) from None
    if not 0 <= low <= high <= 60:
        raise argparse.ArgumentTypeError(f"think time must be within 0-60 s, not {text!r}")
    return (low, high)


def bounded(low: int, high: int):
    def parse(text: str) -> int:
        value = int(text)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value} is not within {low}-{high}")
        return value

    return parse


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.load", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--duration", type=bounded(1, 3600), default=60, help="seconds per mode")
    parser.add_argument("--readers", type=bounded(0, 1000), default=100)
    parser.add_argument("--officers", type=bounded(0, 40), default=5)
    parser.add_argument(
        "--think",
        type=think_range,
        action="append",
        help="0 (none) or LOW-HIGH seconds between a user's requests; repeat for several "
        "modes (default: 0, then 1-5)",
    )
    parser.add_argument("--timeout", type=bounded(1, 120), default=10, help="seconds per request")
    parser.add_argument(
        "--max-requests", type=bounded(1, 2_000_000), default=200_000, help="per mode"
    )
    parser.add_argument(
        "--gunicorn",
        action="append",
        help="options on top of gunicorn.conf.py, e.g. '--workers 5' (one option alone: "
        "--gunicorn=--preload); repeat to compare several (each gets its own server "
        "and every mode)",
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    args.gunicorn = [shlex.split(options) for options in args.gunicorn or [""]]
    for options in args.gunicorn:
        if any(a in ("-b", "--bind") or a.startswith("--bind=") for a in options):
            parser.error("the benchmark binds gunicorn to 127.0.0.1 itself")
    if args.think is None:
        args.think = [None, (1.0, 5.0)]
    return args


def server_environment(database_url: str, static_root: Path) -> dict[str, str]:
    """Production settings as a deploy sets them, on plain HTTP at 127.0.0.1."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.load_settings",
        "BENCH_STATIC_ROOT": str(static_root),
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SITE_URL": "http://127.0.0.1",
        "HTTPS": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
    }


@dataclass
class Load:
    """Who asks for what."""

    readers: list[dict]  # each reader's cookies
    pages: list[Page]
    officers: list[Officer]
    returns_path: str


def main() -> int:
    args = arguments()
    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE)
    folder = Path(tempfile.mkdtemp(prefix="hnb-bench-load-"))
    env = server_environment(database_url, folder / "static")
    try:
        load, facts = prepare(args, env, database_url)
        passed = True
        for options in args.gunicorn:
            passed &= serve(args, env, options, load, facts, folder / "gunicorn.log")
        print(f"\ngunicorn's log: {folder / 'gunicorn.log'}")
        return 0 if passed else 1
    finally:
        # Keep only the server's log, if there is one.
        keep = (folder / "gunicorn.log").exists()
        shutil.rmtree(folder / "static" if keep else folder, ignore_errors=True)


def prepare(args, env: dict, database_url: str) -> tuple[Load, dict]:
    """The database made afresh, the users signed in, the static files collected."""
    from bench import load_data, load_server

    started = time.monotonic()
    # This process signs the sessions: the same settings and SECRET_KEY as the server.
    os.environ.update(env)
    load_data.recreate_database(database_url)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    signed_in = load_data.build(readers=args.readers, officers=args.officers)
    cookie = settings.SESSION_COOKIE_NAME
    large = load_data.LARGE
    load = Load(
        readers=[{cookie: key} for key in signed_in.readers],
        pages=reader_pages(large),
        officers=[
            Officer(
                {cookie: key},
                [f"/a/{large}/returns/{pk}/{signed_in.open_period_code}/edit/" for pk in pks],
            )
            for key, pks in signed_in.officers
        ],
        returns_path=f"/a/{large}/returns/",
    )
    facts = database_facts(connection)
    facts["database"] = dj_database_url.parse(database_url)["NAME"]
    print(
        f"data: {facts['returns']:,} returns, {facts['cases']:,} cases, {facts['authorities']} "
        f"authorities on {facts['version']}; {len(load.readers)} Forum readers, "
        f"{len(load.officers)} officers signed in; "
        f"cache {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]} "
        f"({time.monotonic() - started:.0f} s)"
    )
    connection.close()
    load_server.collect_static(env)
    return load, facts


def serve(args, env: dict, options: list[str], load: Load, facts: dict, log_path: Path) -> bool:
    """One gunicorn configuration through every mode; True if each passed."""
    from bench import load_server

    passed = True
    with load_server.gunicorn(env, options, log_path) as server:
        warm_up(server.port, load, args.timeout)
        command = shlex.join(["gunicorn", "-c", "gunicorn.conf.py", *options])
        print(f"{command}: {gunicorn_workers(log_path, server.log_start)}")
        for think in args.think:
            title = "no think time" if think is None else f"think {think[0]:g}-{think[1]:g} s"
            print(
                f"\n== {title}: {len(load.readers)} readers, {len(load.officers)} officers, "
                f"{args.duration} s ({command})"
            )
            passed &= run_mode(args, server, think, load, facts, log_path)
    return passed


def run_mode(args, server, think, load: Load, facts: dict, log_path: Path) -> bool:
    from django.conf import settings
    from django.db import connection

    from bench import load_server

    offset = log_path.stat().st_size
    entries = cache_entries(connection, settings)
    before = machine_busy()
    cpu = time.process_time()
    meter = load_server.CpuMeter(server.pid, facts["database"])
    tally = asyncio.run(
        metered(
            meter,
            port=server.port,
            readers=load.readers,
            pages=load.pages,
            officers=load.officers,
            returns_path=load.returns_path,
            duration=args.duration,
            think=think,
            timeout=args.timeout,
            max_requests=args.max_requests,
            seed=args.seed,
        )
    )
    passed = report(tally)
    print(server_cpu(meter.used(), tally))
    print(
        f"machine: {machine_busy(since=before):.0%} of its {os.cpu_count()} cores busy "
        f"(load average {os.getloadavg()[0]:.1f}); the load generator used "
        f"{(time.process_time() - cpu) / tally.elapsed:.0%} of one core"
    )
    print(
        f"database: {server_connections(connection)} connections held by the server "
        f"(max_connections {facts['max_connections']}); cache entries "
        f"{entries} -> {cache_entries(connection, settings)}"
    )
    connection.close()
    found = load_server.trouble(log_path, offset)
    print("server log: " + (", ".join(f"{n} × {k}" for k, n in found.items()) or "nothing wrong"))
    return passed


async def metered(meter, **load) -> Tally:
    sampler = asyncio.create_task(meter.every(0.5))
    try:
        return await run_load(**load)
    finally:
        sampler.cancel()


def server_cpu(used: dict[str, float], tally: Tally) -> str:
    """CPU per request, and the most requests a second the cores would serve at that."""
    requests = sum(len(times) for times in tally.latencies.values())
    total = used["gunicorn"] + used["postgres"]
    if not requests or not total:
        return "server CPU: not measured"
    per_request = total / requests * 1000
    return (
        f"server CPU: {per_request:.1f} ms a request (gunicorn "
        f"{used['gunicorn'] / requests * 1000:.1f}, PostgreSQL "
        f"{used['postgres'] / requests * 1000:.1f}); it got {total / tally.elapsed:.2f} of "
        f"{os.cpu_count()} cores; with them to itself, at most "
        f"{os.cpu_count() * 1000 / per_request:.0f} requests a second"
    )


def warm_up(port: int, load: Load, timeout: int) -> None:
    """Each reader page once, as the evening's first reader opens it (on the first
    server, uncached; on any, by a worker that has served nothing yet), timed apart."""
    from bench.load_client import Connection

    async def fetch_each():
        run = Run(port=port, duration=60, timeout=timeout, max_requests=len(load.pages))
        run.start()
        connection = Connection(port, run.tally)
        for page in load.pages:
            await run.fetch(
                connection,
                page.label,
                "GET",
                page.path,
                load.readers[0],
                check=has_markers(page.markers),
            )
        connection.close()
        return run.tally

    if not load.readers:
        return
    tally = asyncio.run(fetch_each())
    print(
        "first fetch of each page: "
        + "; ".join(
            f"{label.removeprefix('reader: ')} {times[0]:.0f} ms"
            + (f" ({', '.join(tally.errors[label])})" if tally.errors.get(label) else "")
            for label, times in tally.latencies.items()
        )
    )


def percentile(ordered: list[float], q: float) -> float:
    """Nearest rank."""
    return ordered[max(0, -(-len(ordered) * q // 100) - 1)] if ordered else float("nan")


def report(tally: Tally) -> bool:
    header = f"{'page':<36}{'requests':>9}{'errors':>8}{'req/s':>8}{'p50':>8}{'p95':>8}{'p99':>8}"
    print(header + "  (ms)")
    rows = sorted(tally.latencies.items())
    everything = sorted(ms for _, times in rows for ms in times)
    slow = []
    for label, times in [*rows, ("all", everything)]:
        ordered = sorted(times)
        errors = sum(tally.errors[label].values()) if label != "all" else total_errors(tally)
        p95 = percentile(ordered, 95)
        if p95 >= TARGET_P95_MS and label != "all":
            slow.append(label)
        print(
            f"{label:<36}{len(ordered):>9}{errors:>8}{len(ordered) / tally.elapsed:>8.1f}"
            f"{percentile(ordered, 50):>8.0f}{p95:>8.0f}{percentile(ordered, 99):>8.0f}"
        )
    for label, kinds in sorted(tally.errors.items()):
        for kind, count in kinds.most_common():
            first = time.strftime("%H:%M:%S", time.gmtime(tally.first[label, kind]))
            print(f"  error, {label}: {count} × {kind} (first at {first} UTC)")
    if tally.resent:
        print(
            f"  ({tally.resent} requests sent again on a new connection: the server had "
            "closed the idle one they were sent on)"
        )
    p95 = percentile(everything, 95)
    errors = total_errors(tally)
    passed = errors == 0 and p95 < TARGET_P95_MS and not slow and bool(everything)
    verdict = "PASS" if passed else "FAIL"
    pages = "; over it: " + ", ".join(slow) if slow else ", also on every page"
    print(
        f"{verdict}: {errors} errors (target 0), p95 {p95:.0f} ms (target under "
        f"{TARGET_P95_MS} ms{pages}), {len(everything) / tally.elapsed:.0f} requests a second"
    )
    return passed


def total_errors(tally: Tally) -> int:
    return sum(sum(kinds.values()) for kinds in tally.errors.values())


def database_facts(connection) -> dict:
    from hnb_monitor.models import Authority
    from workstreams.models import QuarterlyReturn, TransitionCase

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
        cursor.execute("SHOW max_connections")
        max_connections = cursor.fetchone()[0]
    return {
        "returns": QuarterlyReturn.objects.count(),
        "cases": TransitionCase.objects.count(),
        "authorities": Authority.objects.count(),
        "version": f"PostgreSQL {version.split()[0]}",
        "max_connections": max_connections,
    }


def server_connections(connection) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def cache_entries(connection, settings) -> str:
    cache = settings.CACHES["default"]
    if not cache["BACKEND"].endswith("DatabaseCache"):
        return "n/a"
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT count(*) FROM "{cache["LOCATION"]}"')
        return str(cursor.fetchone()[0])


def machine_busy(since: tuple[int, int] | None = None):
    """(busy, total) jiffies of all cores from /proc/stat; with `since`, the busy share."""
    fields = [int(n) for n in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle, total = fields[3] + fields[4], sum(fields[:8])
    now = (total - idle, total)
    if since is None:
        return now
    return (now[0] - since[0]) / max(1, now[1] - since[1])


def gunicorn_workers(log_path: Path, offset: int) -> str:
    with open(log_path, "rb") as log:
        log.seek(offset)
        text = log.read().decode(errors="replace")
    kind = next(
        (line.rsplit(":", 1)[1].strip() for line in text.splitlines() if "Using worker:" in line),
        "?",
    )
    return f"{text.count('Booting worker')} {kind} workers"


if __name__ == "__main__":
    sys.exit(main())
