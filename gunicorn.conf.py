"""gunicorn for HNB Monitor on a 2-core server: `gunicorn -c gunicorn.conf.py`.

Chosen with the load benchmark (`python -m bench.load`): 100 Schools Forum members
opening signed-off pages without pause and 5 officers saving returns, on PostgreSQL on the
same 2 cores. Options on the command line or in GUNICORN_CMD_ARGS override these.
"""

import gc
import os

wsgi_app = "hnb_monitor.wsgi:application"

# Behind the council's proxy, on this machine only; never 0.0.0.0 by default.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Threads, because a page is Python work between round trips to PostgreSQL (a signed-off
# page from the cache still makes three: the session and the page from the cache, and the
# user): while one thread waits, another uses the core.
# Measured on the 2-core development machine while others' benchmarks ran on it (load
# average 8-20), November 2026, 60 s each, requests a second and p95 without think time:
# 5 sync workers 51-61 req/s, p95 2.2-2.8 s (4 sync, the setting, alike); gthread
# 3x4 56-100, 2.2-4.1 s; 5x2 55-112, 2.0-4.0 s with a p99 of 7 s (five greedy workers of
# two threads leave requests queued behind busy ones); 2x8 109-149, 1.4-2.4 s; 3x6 82-155,
# 1.2-2.3 s. CPU per request (gunicorn and PostgreSQL) was lowest with few workers of many
# threads (8.6-10.8 ms against 10.5-12.3 ms for sync workers).
# Once the whole page came from the cache (same machine, quiet, 60 s each): 3x6 200-264
# req/s, p95 651-946 ms; 3x2 223, 818 ms; 4x6 227, 1,180 ms; 3 and 4 sync workers 209 and
# 186, 691 and 654 ms (even waits, p95 1.2-1.4 times the median, but fewer requests and a
# long export blocks a whole worker); 3x6 without keep-alive 194, 1,141 ms; a 50 ms GIL
# switch interval 225, 1,020 ms.
# Once a worker remembered the membership (a page from the cache: 3.0 ms of server CPU,
# was 7-9) and never restarted (max_requests below), quiet, 60 s: 3x6 611-612 req/s,
# p95 263-282 ms, the officers' saves 436-470 ms; 4 sync workers 613 req/s, p95 342 ms,
# but the officers' saves 658 ms (a save waits for a whole worker to be free).
# Three workers rather than two: a request that holds its worker's interpreter for seconds
# (printing the Forum paper, a large Excel export) or a worker restarting then takes a
# third of the capacity, not half. Each thread keeps its own database connection
# (CONN_MAX_AGE): 18 per server, against PostgreSQL's max_connections (100 by default).
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "6"))

# With threads this is the worker's heartbeat, not a limit on a request: a worker silent
# for 30 s is hung and is replaced. A slow request is bounded by the proxy's timeout.
timeout = 30
# On a restart (a deploy, a worker's max_requests), a request in progress has this long
# to finish. The slowest legitimate ones: the Forum paper's PDF, about 3 s; the Excel
# export of 20,000 cases, 16 s median and 18.5 s p95 on the busy development machine
# (bench.casework, November 2026). The proxy's timeout must allow as much.
graceful_timeout = 60
# How long an idle connection is kept open for its next request. Behind a load balancer
# that keeps connections to us alive, set it above the balancer's idle timeout (often
# 60 s), so that the balancer, not gunicorn, closes them; else a request sent down a
# connection at the moment gunicorn closes it fails with a 502.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))

# Workers are not replaced after a number of requests (max_requests 0, gunicorn's
# default). gunicorn's gthread worker, restarting for max_requests, drops connections it
# has already accepted (gunicorn issue #3038, open in 23.0): at meeting-night load, with
# max_requests 10,000, the workers restarted within the minute and two readers of 32,872
# got a reset connection. A worker's memory (pandas, openpyxl and WeasyPrint are in every
# one) stayed at about 100-110 MB through a 60 s run of 36,000 requests; were it ever to
# grow, restart gunicorn at a quiet hour (a HUP replaces the workers gracefully).
max_requests = 0

# The application is loaded once, before the workers are forked: they start in a moment
# and share its memory. A deploy must then restart gunicorn (a HUP reloads workers from
# the already-loaded code).
preload_app = True


def when_ready(server):
    """Django loads its URLconf, and with it every view module (openpyxl, WeasyPrint's
    imports), on the first request; in each worker after the fork, that is about a
    second for whoever comes first, again after every restart. Load it once here."""
    if not server.cfg.preload_app:
        return
    from django.db import connections
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (loading it is the point)
    connections.close_all()  # no connection may be shared by the forked workers
    # What is loaded now lives as long as the workers: the garbage collector need never
    # walk it again (each full collection otherwise walks every module, a pause that
    # showed in the 95th percentile), and leaving it alone keeps its pages shared.
    gc.freeze()


# The heartbeat file on memory, not disk: a worker blocked writing to a busy disk would
# be taken for hung (gunicorn's documentation recommends it wherever /tmp is a disk).
worker_tmp_dir = "/dev/shm"
