"""The production settings, with the static files collected into the load benchmark's
own folder: whitenoise's manifest storage needs them collected, and the benchmark must
not write into the checkout's STATIC_ROOT."""

import os

from hnb_monitor.settings import *  # noqa: F403

STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
