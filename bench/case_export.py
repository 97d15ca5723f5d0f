"""The case list's Excel export through the app against a bare openpyxl write-only export
of the same rows, for an authority of 20,000 cases and one of 80,000, measured in the same
run.

Targets: the app's export within 1.2 times the bare export's time, and its peak memory
within +20 MiB, at both sizes.

The app's export is a request through the test client, its file read to the end as a
server would send it. The bare export reads the same rows with one plain `values_list`
query (13 values a row, over the same three joins as the app's) and appends them to a
write-only sheet as they come, saved to memory.

Time: the two exports run alternately in one fresh process, after one run of each to warm
up; the median of the runs, wall-clock and CPU.

Memory, each export once in its own fresh process that has first made a one-row export of
the same kind (so that imports and caches are in place):
- RSS: growth of the resident set's high-water mark (VmHWM, reset through
  /proc/self/clear_refs just before) over the resident set before the export. Everything
  the process holds counts: Python objects, SQLite's page cache, the database driver's
  buffers.
- Python: tracemalloc's peak over what was traced before the export, in another process;
  Python's own allocations only.
"""

import gc
import io
import json
import os
import statistics
import subprocess
import sys
import time
import tracemalloc
import warnings

from bench.setup import django_with_fresh_database

# Cases: (authority, its LA code, runs timed).
SIZES = {20_000: ("bench", "599", 5), 80_000: ("bench-80k", "598", 3)}
TIME_TARGET, MEMORY_TARGET_MIB = 1.2, 20
ONE_CASE = "B-000001"
MIB = 1024 * 1024


def main() -> None:
    django_with_fresh_database()
    from django.db import connection

    from bench.casework import build

    print(f"database: {connection.vendor}")
    print("memory: RSS = growth of the resident set's high-water mark (VmHWM) in a fresh")
    print("  process; Python = tracemalloc peak (Python allocations only), another process")
    for size, (slug, la_code, runs) in SIZES.items():
        build(slug, size, la_code=la_code)
        report(size, slug, runs)


def report(size: int, slug: str, runs: int) -> None:
    times = measure(slug, "time", str(runs))
    memory = {
        (kind, export): measure(slug, kind, export)["peak"]
        for kind in ("rss", "python")
        for export in ("app", "bare")
    }
    wall = {export: statistics.median(times[export]["wall"]) for export in ("app", "bare")}
    cpu = {export: statistics.median(times[export]["cpu"]) for export in ("app", "bare")}
    print(f"== {size:,} cases")
    print(
        f"time, median of {runs} runs each: app {wall['app']:.2f} s, bare "
        f"{wall['bare']:.2f} s: {wall['app'] / wall['bare']:.2f}x bare "
        f"(target {TIME_TARGET}x); CPU app {cpu['app']:.2f} s, bare {cpu['bare']:.2f} s: "
        f"{cpu['app'] / cpu['bare']:.2f}x"
    )
    print(
        f"peak memory, RSS: app +{memory['rss', 'app'] / MIB:.1f} MiB, bare "
        f"+{memory['rss', 'bare'] / MIB:.1f} MiB (target +{MEMORY_TARGET_MIB} MiB for the app)"
    )
    print(
        f"peak memory, Python: app +{memory['python', 'app'] / MIB:.1f} MiB, bare "
        f"+{memory['python', 'bare'] / MIB:.1f} MiB"
    )
    print(f"file sizes: app {times['app']['bytes']:,} bytes, bare {times['bare']['bytes']:,} bytes")


def measure(*args: str) -> dict:
    """One measurement in a fresh process on this database: its answer is its last line."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.case_export", *args],
        check=True,
        capture_output=True,
        text=True,
        env=os.environ,
    )
    return json.loads(done.stdout.splitlines()[-1])


# In the measuring process.


def exports(slug: str) -> dict:
    """{"app": export, "bare": export}, where export(one=False) makes the file of every
    case of the authority (or of one case) and returns its size in bytes."""
    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from openpyxl import Workbook

    from workstreams.models import TransitionCase

    client = Client()
    # Signed in without a password check: sign-in throttling wants a real request.
    client.force_login(get_user_model().objects.get(username=f"{slug}-finance"))

    def app(one=False):
        url = f"/a/{slug}/casework/cases/export.xlsx"
        response = client.get(url, {"reference": ONE_CASE} if one else {})
        assert response.status_code == 200, response.status_code
        blocks = response.streaming_content if response.streaming else [response.content]
        return sum(len(block) for block in blocks)

    def bare(one=False):
        cases = TransitionCase.objects.filter(authority__slug=slug)
        if one:
            cases = cases.filter(reference__icontains=ONE_CASE)
        book = Workbook(write_only=True)
        sheet = book.create_sheet("Cases")
        rows = cases.order_by("reference").values_list(
            "reference",
            "cohort__name",
            "pathway__name",
            "status",
            "identified_on",
            "target_transition_on",
            "transitioned_on",
            "post_16_move",
            "phase_transfer_review_on",
            "team_leader__first_name",
            "team_leader__last_name",
            "next_review_on",
            "notes",
        )
        for row in rows.iterator(chunk_size=2_000):
            sheet.append(row)
        out = io.BytesIO()
        book.save(out)
        return len(out.getvalue())

    return {"app": app, "bare": bare}


def times(made: dict, runs: int) -> dict:
    sizes = {name: export() for name, export in made.items()}  # and warm up
    measured = {name: {"wall": [], "cpu": []} for name in made}
    for _ in range(runs):
        for name, export in made.items():
            wall, cpu = time.perf_counter(), time.process_time()
            export()
            measured[name]["wall"].append(time.perf_counter() - wall)
            measured[name]["cpu"].append(time.process_time() - cpu)
    return {name: {**measured[name], "bytes": sizes[name]} for name in measured}


def status(field: str) -> int:
    """A size from /proc/self/status, in bytes."""
    with open("/proc/self/status") as lines:
        for line in lines:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    raise LookupError(field)


def rss_peak(export) -> int:
    export(one=True)
    gc.collect()
    before = status("VmRSS")
    with open("/proc/self/clear_refs", "w") as clear:
        clear.write("5")  # resets VmHWM to the resident set now
    export()
    return status("VmHWM") - before


def python_peak(export) -> int:
    tracemalloc.start()
    export(one=True)
    gc.collect()
    tracemalloc.reset_peak()
    before, _ = tracemalloc.get_traced_memory()
    export()
    _, peak = tracemalloc.get_traced_memory()
    return peak - before


def measuring(slug: str, kind: str, arg: str) -> dict:
    made = exports(slug)
    if kind == "time":
        return times(made, int(arg))
    export = made[arg]
    return {"peak": (rss_peak if kind == "rss" else python_peak)(export)}


if __name__ == "__main__":
    if len(sys.argv) == 4:
        print(json.dumps(measuring(*sys.argv[1:])))
    else:
        main()
