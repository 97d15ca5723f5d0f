"""gunicorn for the load benchmark: the repository's gunicorn.conf.py on a free port of
127.0.0.1, in a process group of its own so that it and its workers always stop."""

import asyncio
import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# What in the server's log says something went wrong, beyond the status codes counted.
TROUBLE = [
    "Traceback",
    "WORKER TIMEOUT",
    "Internal Server Error",
    "Invalid HTTP_HOST",
    "[CRITICAL]",
    "[ERROR]",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def collect_static(env: dict) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
        cwd=REPO,
        env=env,
        check=True,
    )


@dataclass(frozen=True)
class Server:
    port: int
    pid: int  # also its process group's
    log_start: int  # where its lines begin in the log


@contextlib.contextmanager
def gunicorn(env: dict, args: list[str], log_path: Path):
    """Serve on 127.0.0.1 until the block ends, however it ends."""
    port = free_port()
    log_start = log_path.stat().st_size if log_path.exists() else 0
    command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", *args]
    command += ["--bind", f"127.0.0.1:{port}"]
    with open(log_path, "ab") as log:
        process = subprocess.Popen(
            command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            wait_until_answering(process, port, log_path)
            yield Server(port, process.pid, log_start)
        finally:
            stop(process)


def wait_until_answering(process: subprocess.Popen, port: int, log_path: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn stopped (exit {process.returncode}):\n{tail(log_path)}")
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            connection.request("GET", "/accounts/login/")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        finally:
            connection.close()
        time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer within 60 s:\n{tail(log_path)}")


def stop(process: subprocess.Popen) -> None:
    """TERM to the whole group (master and workers), KILL if it outlasts the graceful
    timeout of gunicorn.conf.py."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=75)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def tail(log_path: Path, lines: int = 30) -> str:
    return "\n".join(log_path.read_text(errors="replace").splitlines()[-lines:])


def trouble(log_path: Path, offset: int) -> Counter:
    """Lines of the log after `offset` (bytes) that name a problem, counted by kind."""
    with open(log_path, "rb") as log:
        log.seek(offset)
        text = log.read().decode(errors="replace")
    found = Counter()
    for line in text.splitlines():
        for word in TROUBLE:
            if word in line:
                found[word] += 1
                break
    return found


class CpuMeter:
    """CPU time the server spends: gunicorn's processes (its process group) and the
    PostgreSQL backends of the benchmark's database, sampled from /proc.

    On a machine others share, requests a second say as much about them as about us;
    CPU per request does not, and the cores divided by it is what a machine of our own
    would serve at most. A process that ends between two samples loses what it used
    since the last one, so the figures are slightly low.
    """

    TICK = os.sysconf("SC_CLK_TCK")

    def __init__(self, group: int, database: str):
        self.group = group
        self.database = f" {database} ".encode()
        self.start: dict[int, tuple[str, float]] = {}  # pid: (kind, CPU seconds at start)
        self.last: dict[int, float] = {}
        self.others: set[int] = set()
        self.sample(baseline=True)

    def sample(self, baseline: bool = False) -> None:
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit() or int(entry.name) in self.others:
                continue
            pid = int(entry.name)
            try:
                with open(f"/proc/{pid}/stat", "rb") as stat:
                    fields = stat.read().rsplit(b")", 1)[1].split()
                kind = self.start[pid][0] if pid in self.start else self.kind(pid, fields)
            except OSError:
                continue  # ended meanwhile
            if kind is None:
                self.others.add(pid)
                continue
            seconds = (int(fields[11]) + int(fields[12])) / self.TICK  # utime + stime
            # A process begun after the baseline used all its time during the run.
            self.start.setdefault(pid, (kind, seconds if baseline else 0.0))
            self.last[pid] = seconds

    def kind(self, pid: int, fields: list[bytes]) -> str | None:
        if int(fields[2]) == self.group:
            return "gunicorn"
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            title = cmdline.read()
        if title.startswith(b"postgres:") and self.database in title:
            return "postgres"
        return None

    async def every(self, seconds: float) -> None:
        while True:
            await asyncio.sleep(seconds)
            self.sample()

    def used(self) -> dict[str, float]:
        """CPU seconds since the baseline, by kind."""
        self.sample()
        totals = {"gunicorn": 0.0, "postgres": 0.0}
        for pid, (kind, start) in self.start.items():
            totals[kind] += self.last[pid] - start
        return totals
