"""A throwaway database for a benchmark, migrated, with the demo calendar loaded."""

import os
import statistics
import tempfile
import time
import warnings


def django_with_fresh_database(*demo_options: str) -> None:
    """demo_options go to load_demo, e.g. "--without-paper"."""
    folder = tempfile.mkdtemp(prefix="hnb-bench-")
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3"
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo", *demo_options, verbosity=0, stdout=open(os.devnull, "w"))


def timed(fn, *, runs: int) -> list[float]:
    fn()  # warm caches and imports
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def summary(label: str, times_ms: list[float]) -> str:
    ordered = sorted(times_ms)
    p95 = ordered[max(0, round(len(ordered) * 0.95) - 1)]
    return (
        f"{label}: median {statistics.median(ordered):.1f} ms, p95 {p95:.1f} ms "
        f"over {len(ordered)} runs"
    )
