"""Schools Forum paper PDF: H&F's Q1 2023/24 draft printed through the app, and the same
HTML printed by bare WeasyPrint.

Targets on the 2-core development machine: the app's PDF under 3 s, its process under
400 MB peak RSS, and the app under 1.3 times bare WeasyPrint on the same HTML.

The app side is what publishing prints: draft_content, paper_html, render_pdf. The bare
side is weasyprint.HTML(string=html).write_pdf on the HTML the app's first run made.
Both run in one fresh process, so that its peak RSS (ru_maxrss, a high-water mark) is the
paper's and not the demo load's. The first app run is cold (WeasyPrint imported, fonts
loaded, templates compiled) and reported on its own; after one warm-up of each side, app
and bare runs alternate, so that a machine busy with something else slows both alike.
"""

import json
import os
import resource
import statistics
import subprocess
import sys
import time
import warnings

from bench.setup import django_with_fresh_database

RUNS = 5
AUTHORITY, PERIOD = "hammersmith-fulham", "2023-24-Q1"
TARGET_APP_S, TARGET_PEAK_MB, TARGET_RATIO = 3.0, 400, 1.3


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def measure() -> dict:
    """In this fresh process: the app's cold run, then app and bare runs alternating."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()
    from django.conf import settings

    from hnb_monitor.models import ReportingPeriod
    from reports.models import Paper
    from reports.render import paper_html, render_pdf
    from reports.services import draft_content

    period = ReportingPeriod.objects.with_code(PERIOD).get(authority__slug=AUTHORITY)
    paper = Paper.objects.get(period=period)

    def app():
        html = paper_html(draft_content(paper))
        return html, *render_pdf(html)

    def bare(html):
        import weasyprint

        return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
            pdf_variant="pdf/ua-1"
        )

    def clocked(fn, *args):
        """fn's result, its wall time and its CPU time (ms); CPU time is less sensitive
        than wall time to a machine busy with something else."""
        wall, cpu = time.perf_counter(), time.process_time()
        result = fn(*args)
        return result, (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000

    baseline = peak_rss_mb()
    (html, pdf, pages), cold, _ = clocked(app)
    after_cold = peak_rss_mb()
    app()  # warm-up
    app_only = peak_rss_mb()
    bare_pdf = bare(html)  # warm-up
    runs = {"app": [], "app_cpu": [], "bare": [], "bare_cpu": []}
    for _ in range(RUNS):
        _, wall, cpu = clocked(app)
        runs["app"].append(wall)
        runs["app_cpu"].append(cpu)
        _, wall, cpu = clocked(bare, html)
        runs["bare"].append(wall)
        runs["bare_cpu"].append(cpu)
    return {
        **runs,
        "cold": cold,
        "baseline_mb": baseline,
        "after_cold_mb": after_cold,
        "app_only_mb": app_only,
        "peak_mb": peak_rss_mb(),
        "pages": pages,
        "pdf_bytes": len(pdf),
        "bare_pdf_bytes": len(bare_pdf),
        "html_chars": len(html),
    }


def in_fresh_process() -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "bench.paper", "--measure"],
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return json.loads(done.stdout.splitlines()[-1])


def seconds(times_ms: list[float]) -> str:
    return f"median {statistics.median(times_ms) / 1000:.2f} s, max {max(times_ms) / 1000:.2f} s"


def main() -> None:
    django_with_fresh_database("--without-paper")
    r = in_fresh_process()
    app, bare = statistics.median(r["app"]), statistics.median(r["bare"])
    ratio = app / bare
    cpu_ratio = statistics.median(r["app_cpu"]) / statistics.median(r["bare_cpu"])
    print(
        f"H&F Q1 2023/24 paper (draft): {r['pages']} pages, PDF {r['pdf_bytes']:,} bytes "
        f"(bare WeasyPrint's {r['bare_pdf_bytes']:,}), HTML {r['html_chars']:,} characters"
    )
    print(
        f"app PDF (draft_content, paper_html, render_pdf): cold {r['cold'] / 1000:.2f} s; "
        f"warm {seconds(r['app'])} over {RUNS} runs; target under {TARGET_APP_S:.0f} s"
    )
    print(f"bare WeasyPrint, same HTML: warm {seconds(r['bare'])} over {RUNS} runs")
    print(
        f"app/bare: {ratio:.2f} (median over median; CPU time {cpu_ratio:.2f}); "
        f"target under {TARGET_RATIO}"
    )
    print(
        f"peak RSS: {r['peak_mb']:.0f} MB, {r['peak_mb'] - r['baseline_mb']:+.0f} MB over "
        f"{r['baseline_mb']:.0f} MB after Django setup; target under {TARGET_PEAK_MB} MB"
    )
    print(
        f"  app alone: {r['after_cold_mb']:.0f} MB after its cold run, {r['app_only_mb']:.0f} MB "
        "after its second, before any bare run; the peak includes the bare runs"
    )


if __name__ == "__main__":
    if sys.argv[1:] == ["--measure"]:
        print(json.dumps(measure()))
    else:
        main()
