"""Latency of the search and list endpoints under concurrent local load.

    .venv/bin/python benchmarks/api_latency.py [--db FILE] [--articles 10000] [--clients 50]
        [--requests 3000] [--duration 120] [--json]

Builds (or reuses, with ``--db``) a SQLite knowledge base of synthetic articles — hand-built
records stored with ``Store.add``, no model — starts ``newstrail serve`` on 127.0.0.1 in a
subprocess, and fires ``--clients`` concurrent httpx clients at search and list endpoints until
``--requests`` requests are answered or ``--duration`` seconds pass. Prints p50/p95/p99 latency
per endpoint and overall. Loopback only; nothing else is contacted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a script: make ``benchmarks.synthetic`` importable
    sys.path.insert(0, str(REPO))

# name -> URL templates ({word}, {offset}, {speaker}, {year}, {place} filled at random)
ENDPOINTS: dict[str, str] = {
    "search": "/api/search?q={word}&limit=20",
    "search+facet": "/api/search?q={word}&year={year}&limit=20",
    "articles": "/api/articles?limit=50&offset={offset}",
    "articles+filter": "/api/articles?place={place}&year={year}&limit=50",
    "quotes": "/api/quotes?speaker={speaker}&limit=50",
    "entities": "/api/entities?label=PERSON&limit=50",
    "places": "/api/places?limit=50",
    "times": "/api/times?events_since={year}-01-01&events_until={year}-07-01&limit=50",
}


def build(path: Path, n: int) -> float:
    """A fresh database of ``n`` synthetic articles at ``path``; returns seconds taken."""
    from benchmarks.synthetic import synthetic_records
    from newstrail.store import Store

    started = time.perf_counter()
    store = Store(str(path))
    with store.engine.connect() as conn:  # a throwaway benchmark file: durability not needed
        conn.exec_driver_sql("PRAGMA synchronous=OFF")
    store.add_many(synthetic_records(n))
    store.engine.dispose()
    return time.perf_counter() - started


def command() -> list[str]:
    """The installed ``newstrail`` CLI next to this Python, else the module."""
    cli = Path(sys.executable).parent / "newstrail"
    return [str(cli)] if cli.exists() else [sys.executable, "-m", "newstrail.cli.main"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_up(port: int, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the server did not start in time")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


async def load(
    base: str, clients: int, total: int, duration: float, n_articles: int
) -> tuple[dict[str, list[float]], dict[str, int], float]:
    import httpx

    from benchmarks.synthetic import FIRST, LAST, PLACES, WORDS

    latencies: dict[str, list[float]] = {name: [] for name in ENDPOINTS}
    errors: dict[str, int] = {}
    issued = 0
    deadline = time.monotonic() + duration
    rng = random.Random(11)
    names = list(ENDPOINTS)

    def next_url() -> tuple[str, str] | None:
        nonlocal issued
        if issued >= total or time.monotonic() > deadline:
            return None
        name = names[issued % len(names)]
        issued += 1
        url = ENDPOINTS[name].format(
            word=rng.choice(WORDS),
            offset=rng.randrange(0, max(1, n_articles - 50)),
            speaker=f"{rng.choice(FIRST)}%20{rng.choice(LAST)}",
            year=rng.randint(2015, 2025),
            place=rng.choice(list(PLACES)),
        )
        return name, url

    async def client(http: httpx.AsyncClient) -> None:
        while (job := next_url()) is not None:
            name, url = job
            started = time.perf_counter()
            try:
                response = await http.get(url)
                outcome = "ok" if response.status_code == 200 else f"HTTP {response.status_code}"
            except httpx.HTTPError as exc:
                outcome = type(exc).__name__
            elapsed = time.perf_counter() - started
            if outcome == "ok":
                latencies[name].append(elapsed * 1000)
            else:
                key = f"{name}: {outcome}"
                errors[key] = errors.get(key, 0) + 1

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    started = time.perf_counter()
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60, trust_env=False) as http:
        await asyncio.gather(*(client(http) for _ in range(clients)))
    return latencies, errors, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--db",
        type=Path,
        default=None,
        help="existing database to use (default: build a fresh one)",
    )
    parser.add_argument("--articles", type=int, default=10_000, help="articles to build")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients")
    parser.add_argument("--requests", type=int, default=3000, help="requests in all")
    parser.add_argument("--duration", type=float, default=120, help="at most this many seconds")
    parser.add_argument("--workers", type=int, default=1, help="server processes (serve --workers)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()

    tmp = None
    build_s = None
    if args.db is None or not args.db.exists():
        if args.db is None:
            tmp = tempfile.TemporaryDirectory(prefix="newstrail-bench-")
            args.db = Path(tmp.name) / "bench.db"
        print(f"building {args.articles} synthetic articles in {args.db} …", file=sys.stderr)
        build_s = build(args.db, args.articles)
    from newstrail.store import Store

    counts = Store(str(args.db)).counts()
    port = free_port()
    env = {**os.environ, "NO_PROXY": "127.0.0.1,localhost"}
    log = tempfile.NamedTemporaryFile(  # noqa: SIM115 (closed after the server stops)
        "w+", prefix="newstrail-serve-", suffix=".log", delete=False
    )
    server = subprocess.Popen(
        [
            *command(),
            "serve",
            "--db",
            str(args.db),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(args.workers),
        ],
        stdout=subprocess.DEVNULL,
        stderr=log,
        env=env,
        cwd=REPO,
    )
    try:
        wait_up(port, server)
        base = f"http://127.0.0.1:{port}"
        asyncio.run(load(base, 5, 40, 30, counts["articles"]))  # warm-up
        latencies, errors, wall = asyncio.run(
            load(base, args.clients, args.requests, args.duration, counts["articles"])
        )
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        if tmp is not None:
            tmp.cleanup()
        log.seek(0)
        server_log = log.read()
        log.close()
        os.unlink(log.name)
    if errors:
        print(
            "server log (last lines):\n" + "\n".join(server_log.splitlines()[-15:]), file=sys.stderr
        )

    every = [v for values in latencies.values() for v in values]
    rows = {
        name: {
            "n": len(v),
            "p50_ms": percentile(v, 50),
            "p95_ms": percentile(v, 95),
            "p99_ms": percentile(v, 99),
            "mean_ms": statistics.fmean(v) if v else float("nan"),
        }
        for name, v in [*latencies.items(), ("all", every)]
    }
    result: dict[str, Any] = {
        "articles": counts["articles"],
        "quotes": counts["quotes"],
        "clients": args.clients,
        "server_workers": args.workers,
        "requests_ok": len(every),
        "errors": sum(errors.values()),
        "error_kinds": errors,
        "wall_s": round(wall, 2),
        "requests_per_s": round(len(every) / wall, 1) if wall else None,
        "build_s": round(build_s, 1) if build_s is not None else None,
        "endpoints": rows,
        "cpus": os.cpu_count(),
    }
    if args.json:
        print(json.dumps(result, indent=1))
        return 0
    print(
        f"{result['articles']} articles · {args.clients} concurrent clients · "
        f"{args.workers} server process(es) · "
        f"{result['requests_ok']} requests in {result['wall_s']} s "
        f"({result['requests_per_s']}/s) · {result['errors']} errors {errors or ''}"
        + (f" · database built in {result['build_s']} s" if build_s is not None else "")
    )
    print(f"{'endpoint':18} {'n':>6} {'p50 ms':>9} {'p95 ms':>9} {'p99 ms':>9}")
    for name, row in rows.items():
        print(
            f"{name:18} {row['n']:>6} {row['p50_ms']:>9.1f} {row['p95_ms']:>9.1f} "
            f"{row['p99_ms']:>9.1f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
