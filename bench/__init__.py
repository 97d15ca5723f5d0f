"""Benchmarks: each prints figures; targets are checked by reading them, not by asserts.

Run all with `make bench` (or `python -m bench`), one with `python -m bench.dashboard`.
They build their own database (a temporary SQLite file, or BENCH_DATABASE_URL).
"""
