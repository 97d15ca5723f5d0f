"""The load of the load benchmark: Forum readers and officers as asyncio tasks speaking
plain HTTP/1.1 to 127.0.0.1.

All virtual users share one process and one event loop, with no HTTP library between
them and the socket: the server runs on the same two cores, and a heavier load generator
would take its share of them and make the server look slower than it is.
"""

import asyncio
import itertools
import random
import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

HOST = "127.0.0.1"  # the benchmark never sends a request anywhere else


@dataclass
class Response:
    status: int
    headers: dict[str, str]  # names lower-cased
    cookies: dict[str, str]  # what Set-Cookie set; an empty value is a deletion
    body: bytes


class Connection:
    """One virtual user's connection: kept alive when the server allows it (gunicorn's
    gthread workers do; its sync workers close after every response), else reopened."""

    def __init__(self, port: int, tally: "Tally"):
        self.port = port
        self.tally = tally
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.answered = False  # the server began its answer to the current request

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def request(self, method: str, path: str, cookies: dict, body: bytes | None = None):
        reused = self.writer is not None
        try:
            return await self._exchange(method, path, cookies, body)
        except (asyncio.IncompleteReadError, ConnectionError):
            self.close()
            # A kept-alive connection the server closed while it was idle fails before
            # any answer: like a browser, send the request again on a new one (counted).
            if not reused or self.answered:
                raise
            self.tally.resent += 1
            return await self._exchange(method, path, cookies, body)

    async def _exchange(self, method, path, cookies, body) -> Response:
        self.answered = False
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(HOST, self.port)
        lines = [
            f"{method} {path} HTTP/1.1",
            f"Host: {HOST}:{self.port}",
            "User-Agent: hnb-bench-load",
            "Accept: text/html",
        ]
        if cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in cookies.items()))
        if body is not None:
            lines.append("Content-Type: application/x-www-form-urlencoded")
            lines.append(f"Content-Length: {len(body)}")
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + (body or b""))
        await self.writer.drain()
        response, keep_alive = await read_response(self.reader, self)
        if not keep_alive:
            self.close()
        return response


async def read_response(reader: asyncio.StreamReader, connection) -> tuple[Response, bool]:
    first = await reader.read(1)
    if not first:
        raise asyncio.IncompleteReadError(b"", None)
    connection.answered = True
    head = (first + await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
    status = int(head[0].split(" ", 2)[1])
    headers, cookies = {}, {}
    for line in head[1:]:
        name, _, value = line.partition(":")
        name, value = name.strip().lower(), value.strip()
        if name == "set-cookie":
            key, _, rest = value.partition("=")
            cookies[key.strip()] = rest.split(";", 1)[0]
        elif name:
            headers[name] = value
    keep_alive = headers.get("connection", "").lower() != "close"
    if "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        body = await read_chunked(reader)
    else:
        body, keep_alive = await reader.read(), False
    return Response(status, headers, cookies, body), keep_alive


async def read_chunked(reader: asyncio.StreamReader) -> bytes:
    parts = []
    while True:
        size = int((await reader.readline()).split(b";")[0], 16)
        if size == 0:
            while (await reader.readline()) not in (b"\r\n", b""):
                pass  # trailers
            return b"".join(parts)
        parts.append(await reader.readexactly(size))
        await reader.readexactly(2)


@dataclass(frozen=True)
class Page:
    """A page a Forum reader opens, and what its answer must contain to count: its h1
    (not the sign-in page's) and something of its body, down to the closing tag."""

    label: str
    path: str
    markers: tuple[bytes, ...]


@dataclass
class Officer:
    cookies: dict[str, str]
    edit_paths: list[str]  # the edit pages of the returns they lead, in the open quarter


@dataclass
class Tally:
    """Per page: the latency of every request (failed ones too: a timeout counts at the
    time it took) and the errors by kind."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    first: dict[tuple[str, str], float] = field(default_factory=dict)  # when, to find in logs
    resent: int = 0  # requests sent again after the server closed an idle connection
    elapsed: float = 0.0

    def record(self, label: str, ms: float, error: str | None) -> None:
        self.latencies[label].append(ms)
        if error:
            self.errors[label][error] += 1
            self.first.setdefault((label, error), time.time())


class Run:
    """One timed run: stops starting requests at its deadline or its cap on requests,
    and waits for those in flight (each bounded by the request timeout)."""

    def __init__(self, *, port: int, duration: float, timeout: float, max_requests: int):
        self.port = port
        self.duration = duration
        self.timeout = timeout
        self.max_requests = max_requests
        self.started = 0
        self.tally = Tally()
        self.deadline = 0.0

    def start(self) -> None:
        self.deadline = time.monotonic() + self.duration

    def going(self) -> bool:
        return time.monotonic() < self.deadline and self.started < self.max_requests

    async def pause(self, seconds: float) -> None:
        await asyncio.sleep(max(0.0, min(seconds, self.deadline - time.monotonic())))

    async def fetch(
        self,
        connection: Connection,
        label: str,
        method: str,
        path: str,
        cookies: dict,
        *,
        body: bytes | None = None,
        expect: int | None = 200,
        check: Callable[[Response], str | None] = lambda response: None,
    ) -> Response | None:
        """The response when it is what was expected, else None with the error counted.
        `expect`: the status to answer; None leaves the status to `check`."""
        self.started += 1
        start = time.perf_counter()
        response, error = None, None
        try:
            response = await asyncio.wait_for(
                connection.request(method, path, cookies, body), self.timeout
            )
        except TimeoutError:
            connection.close()
            error = f"timeout ({self.timeout:g} s)"
        except (
            OSError,
            asyncio.IncompleteReadError,
            asyncio.LimitOverrunError,
            ValueError,
        ) as failure:
            connection.close()
            error = f"connection: {type(failure).__name__}"
        if response is not None:
            if expect is not None and response.status != expect:
                where = response.headers.get("location", "")
                error = f"HTTP {response.status}" + (f" to {where}" if where else "")
            else:
                error = check(response)
        self.tally.record(label, (time.perf_counter() - start) * 1000, error)
        return None if error else response


def has_markers(markers: tuple[bytes, ...]) -> Callable[[Response], str | None]:
    def check(response: Response) -> str | None:
        missing = [m for m in markers if m not in response.body]
        return f"page without {missing[0].decode()!r}" if missing else None

    return check


async def reader(run: Run, cookies: dict, pages: list[Page], think, rng: random.Random):
    connection = Connection(run.port, run.tally)
    start = rng.randrange(len(pages))
    if think:
        await run.pause(rng.uniform(0, think[1]))  # arrive over the first seconds
    for page in itertools.islice(itertools.cycle(pages), start, None):
        if not run.going():
            break
        await run.fetch(
            connection, page.label, "GET", page.path, cookies, check=has_markers(page.markers)
        )
        if think:
            await run.pause(rng.uniform(*think))
    connection.close()


CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION_INPUT = re.compile(rb'<input[^>]*name="version"[^>]*>')
VALUE = re.compile(rb'value="(\d+)"')


def return_form(response: Response) -> str | None:
    """The edit page must carry the form to save: its CSRF token and version."""
    if not CSRF.search(response.body):
        return "edit page without a CSRF token"
    found = VERSION_INPUT.search(response.body)
    if not found or not VALUE.search(found.group(0)):
        return "edit page without the return's version"
    return None


def saved(response: Response) -> str | None:
    """Saved as a draft, the officer is sent back to their returns; the form again means
    an edit conflict or a form error."""
    if response.status == 200:
        if b"Someone else saved this return" in response.body:
            return "edit conflict"
        return "form error"
    where = response.headers.get("location", "")
    if response.status != 302 or not where.endswith("/returns/"):
        return f"HTTP {response.status}" + (f" to {where}" if where else "")
    return None


async def officer(run: Run, who: Officer, returns_path: str, think, rng: random.Random):
    """Open a return, change its figures, save it as a draft, back to my returns; again."""
    connection = Connection(run.port, run.tally)
    cookies = dict(who.cookies)
    if think:
        await run.pause(rng.uniform(0, think[1]))
    for path in itertools.cycle(who.edit_paths):
        if not run.going():
            break
        page = await run.fetch(
            connection, "officer: return edit", "GET", path, cookies, check=return_form
        )
        if page is not None:
            cookies.update(page.cookies)
            version = VALUE.search(VERSION_INPUT.search(page.body).group(0)).group(1)
            outturn = rng.randrange(5_000, 50_000)
            form = {
                "csrfmiddlewaretoken": CSRF.search(page.body).group(1).decode(),
                "delivered_to_date": f"{outturn // 4:,}",
                "forecast_outturn": f"£{outturn:,}",
                "rag_override": "",
                "progress_update": "Progress as planned.",
                "next_steps": "Review at the next board.",
                "risks_and_mitigations": "",
                "recovery_actions": "",
                "version": version.decode(),
                "action": "save",
            }
            answer = await run.fetch(
                connection,
                "officer: return save",
                "POST",
                path,
                cookies,
                body=urlencode(form).encode(),
                expect=None,
                check=saved,
            )
            if answer is not None:
                cookies.update(answer.cookies)
                await run.fetch(
                    connection,
                    "officer: my returns",
                    "GET",
                    returns_path,
                    cookies,
                    check=has_markers((b"Quarterly returns", b"</html>")),
                )
        cookies = {k: v for k, v in cookies.items() if v}
        if think:
            await run.pause(rng.uniform(*think))
    connection.close()


async def run_load(
    *,
    port: int,
    readers: list[dict],
    pages: list[Page],
    officers: list[Officer],
    returns_path: str,
    duration: float,
    think: tuple[float, float] | None,
    timeout: float,
    max_requests: int,
    seed: int,
) -> Tally:
    run = Run(port=port, duration=duration, timeout=timeout, max_requests=max_requests)
    rng = random.Random(seed)
    started = time.monotonic()
    run.start()
    tasks = [
        reader(run, cookies, pages, think, random.Random(rng.random())) for cookies in readers
    ] + [officer(run, who, returns_path, think, random.Random(rng.random())) for who in officers]
    await asyncio.gather(*tasks)
    run.tally.elapsed = time.monotonic() - started
    return run.tally
