"""Latency of the API's search and list endpoints under concurrent local load.

    .venv/bin/python benchmarks/api_latency.py [--db FILE] [--articles 10000] [--clients 50]
        [--duration 30] [--phases 2] [--workers 2] [--load wrk|python] [--json]

Builds (or reuses, with ``--db``) a SQLite knowledge base of synthetic articles
(:func:`benchmarks.synthetic.bulk_load`: hand-built records and link records, no model), starts
``newstrail serve`` on 127.0.0.1 in a subprocess and keeps ``--clients`` connections busy, each
sending its next request as soon as the last is answered, for ``--duration`` seconds. The
requests are a mix of every list endpoint with varied parameters (words, years, places,
speakers, pages; :func:`request_mix`), so the answer cache sees a realistic mix of repeats
and first asks. Prints p50/p95/p99 latency per endpoint and overall, and the share of answers
served from the answer cache (the server says so in an ``X-Answer-Cache`` header).

The load comes from ``wrk`` (Debian package ``wrk``: an event loop in C, one connection per
thread, per-request timing in its Lua hook), which costs the shared cores little;
``--load python`` uses httpx clients in this process instead (no extra tool, but the load
generator then takes much of the CPU the server needs). Loopback only; nothing else is
contacted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
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

# name -> URL template; {word}, {words}, {year}, {place}, {speaker}, {page} filled at random
ENDPOINTS: dict[str, str] = {
    "search": "/api/search?q={words}&limit=20",
    "search+facet": "/api/search?q={word}&year={year}&limit=20",
    "articles": "/api/articles?limit=50&offset={page}",
    "articles+filter": "/api/articles?place={place}&year={year}&limit=50",
    "quotes": "/api/quotes?speaker={speaker}&limit=50",
    "entities": "/api/entities?label=PERSON&limit=50&offset={page}",
    "places": "/api/places?limit=50",
    "times": "/api/times?events_since={year}-01-01&events_until={year}-07-01&limit=50",
    "stories": "/api/stories?limit=50&offset={page}",
    "identities": "/api/identities?label={label}&limit=50&offset={page}",
    "claims": "/api/claims?limit=50&offset={page}",
    "disagreements": "/api/disagreements?limit=50&offset={page}",
    "events": "/api/events?type=CONSULT&place={place}&limit=50&offset={page}",
    "event-groups": "/api/event-groups?limit=50&offset={page}",
}


def request_mix(count: int, seed: int = 11) -> list[tuple[str, str]]:
    """``count`` (endpoint, path) pairs: every endpoint equally often, parameters drawn at
    random — one or two of 19 words, 11 years, 8 places, 256 speakers, and pages where the
    first is the most asked (page ``p`` about half as often as ``p - 1``, at most the 20th)."""
    from benchmarks.synthetic import FIRST, LAST, PLACES, WORDS

    rng = random.Random(seed)
    names = list(ENDPOINTS)
    mix = []
    for i in range(count):
        name = names[i % len(names)]
        words = rng.sample(WORDS, rng.choice((1, 2)))
        mix.append(
            (
                name,
                ENDPOINTS[name].format(
                    word=rng.choice(WORDS),
                    words="%20".join(words),
                    page=50 * min(19, int(rng.expovariate(0.7))),
                    speaker=f"{rng.choice(FIRST)}%20{rng.choice(LAST)}",
                    year=rng.randint(2015, 2025),
                    place=rng.choice(list(PLACES)),
                    label=rng.choice(("PERSON", "ORG", "PLACE")),
                ),
            )
        )
    rng.shuffle(mix)
    return mix


def build(path: Path, n: int) -> float:
    """A fresh database of ``n`` synthetic articles at ``path``; returns seconds taken."""
    from benchmarks.synthetic import bulk_load

    started = time.perf_counter()
    bulk_load(str(path), n)
    return time.perf_counter() - started


def command() -> list[str]:
    """The installed ``newstrail`` CLI next to this Python, else the module."""
    cli = Path(sys.executable).parent / "newstrail"
    return [str(cli)] if cli.exists() else [sys.executable, "-m", "newstrail.cli.main"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_up(port: int, proc: subprocess.Popen[bytes], timeout: float = 180) -> None:
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


Samples = dict[str, list[tuple[float, bool]]]  # endpoint -> (milliseconds, cache hit)


async def python_load(
    base: str, clients: int, duration: float, mix: list[tuple[str, str]], start: int = 0
) -> tuple[Samples, dict[str, int], float]:
    """``clients`` httpx clients in this process walking ``mix`` from ``start`` for
    ``duration`` seconds."""
    import httpx

    samples: Samples = {name: [] for name in ENDPOINTS}
    errors: dict[str, int] = {}
    deadline = time.monotonic() + duration
    position = start

    async def client(http: httpx.AsyncClient) -> None:
        nonlocal position
        while time.monotonic() < deadline:
            name, url = mix[position % len(mix)]
            position += 1
            started = time.perf_counter()
            try:
                response = await http.get(url)
                outcome = "ok" if response.status_code == 200 else f"HTTP {response.status_code}"
            except httpx.HTTPError as exc:
                outcome = type(exc).__name__
            elapsed = (time.perf_counter() - started) * 1000
            if outcome == "ok":
                samples[name].append((elapsed, response.headers.get(CACHE_HEADER) == "hit"))
            else:
                errors[f"{name}: {outcome}"] = errors.get(f"{name}: {outcome}", 0) + 1

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    started = time.perf_counter()
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60, trust_env=False) as http:
        await asyncio.gather(*(client(http) for _ in range(clients)))
    return samples, errors, time.perf_counter() - started


CACHE_HEADER = "X-Answer-Cache"

# wrk's Lua hook: one connection per thread, so request() and response() alternate and each
# request is timed alone (CLOCK_MONOTONIC through LuaJIT's FFI); done() writes every sample.
WRK_SCRIPT = r"""
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } nt_timespec;
int clock_gettime(int clk_id, nt_timespec *tp);
]]
local ts = ffi.new("nt_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, ts)
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end
local threads, counter = {}, 0
function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
  table.insert(threads, thread)
end
local paths, names, pos, t0, n
function init(args)
  paths, names = {}, {}
  for line in io.lines(os.getenv("NEWSTRAIL_WRK_PATHS")) do
    local name, path = line:match("^(%S+)\t(.*)$")
    table.insert(names, name)
    table.insert(paths, path)
  end
  n = #paths
  pos = (tid * math.floor(n / 53) + tonumber(os.getenv("NEWSTRAIL_WRK_START") or "0")) % n
  lat, ep, hit = {}, {}, {}
end
function request()
  pos = pos % n + 1
  t0 = now_ms()
  return wrk.format("GET", paths[pos])
end
function response(status, headers, body)
  local k = #lat + 1
  lat[k] = (status == 200) and (now_ms() - t0) or -status
  ep[k] = names[pos]
  hit[k] = (headers["x-answer-cache"] == "hit" or headers["X-Answer-Cache"] == "hit") and 1 or 0
end
function done(summary, latency, requests)
  local out = io.open(os.getenv("NEWSTRAIL_WRK_OUT"), "w")
  for _, thread in ipairs(threads) do
    local l, e, h = thread:get("lat"), thread:get("ep"), thread:get("hit")
    for i = 1, #l do out:write(e[i], "\t", l[i], "\t", h[i], "\n") end
  end
  out:close()
end
"""


def wrk_load(
    base: str, clients: int, duration: float, mix: list[tuple[str, str]], start: int = 0
) -> tuple[Samples, dict[str, int], float]:
    """``clients`` connections of ``wrk`` (one thread each) walking ``mix`` from ``start``
    (each thread from its own place in it)."""
    samples: Samples = {name: [] for name in ENDPOINTS}
    errors: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="newstrail-wrk-") as tmp:
        script, paths, out = Path(tmp, "mix.lua"), Path(tmp, "paths.tsv"), Path(tmp, "out.tsv")
        script.write_text(WRK_SCRIPT)
        paths.write_text("".join(f"{name}\t{path}\n" for name, path in mix))
        env = {
            **os.environ,
            "NEWSTRAIL_WRK_PATHS": str(paths),
            "NEWSTRAIL_WRK_OUT": str(out),
            "NEWSTRAIL_WRK_START": str(start),
        }
        started = time.perf_counter()
        subprocess.run(
            ["wrk", f"-t{clients}", f"-c{clients}", f"-d{max(1, round(duration))}s",
             "--timeout", "60s", "-s", str(script), base],
            env=env, check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        wall = time.perf_counter() - started
        for line in out.read_text().splitlines():
            name, value, hit = line.split("\t")
            ms = float(value)
            if ms >= 0:
                samples[name].append((ms, hit == "1"))
            else:
                key = f"{name}: HTTP {int(-ms)}"
                errors[key] = errors.get(key, 0) + 1
    return samples, errors, wall


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
    parser.add_argument("--duration", type=float, default=30, help="seconds of load")
    parser.add_argument("--workers", type=int, default=2, help="server processes (serve --workers)")
    parser.add_argument(
        "--load",
        choices=("wrk", "python"),
        default="wrk",
        help="load generator: wrk (Debian package wrk) or httpx clients in this process",
    )
    parser.add_argument(
        "--phases",
        type=int,
        default=2,
        help="load phases one after the other, each --duration long: the first finds the "
        "answer cache empty, later ones find what earlier ones asked (the mix goes on)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    if args.load == "wrk" and shutil.which("wrk") is None:
        raise SystemExit(
            "error: wrk is not installed (apt-get install wrk), or pass --load python "
            "(the httpx load generator then shares the cores with the server)"
        )

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
    mix = request_mix(20_000)
    phases: list[tuple[Samples, dict[str, int], float, float, float]] = []
    try:
        wait_up(port, server)
        base = f"http://127.0.0.1:{port}"
        # warm-up: each endpoint once per worker (first imports, statement caches); not counted
        asyncio.run(python_load(base, 2, 2, request_mix(len(ENDPOINTS) * 4, seed=5)))
        done = 0
        for _ in range(args.phases):
            load_before = os.getloadavg()[0]
            if args.load == "wrk":
                samples, errors, wall = wrk_load(base, args.clients, args.duration, mix, done)
            else:
                samples, errors, wall = asyncio.run(
                    python_load(base, args.clients, args.duration, mix, done)
                )
            done += sum(len(v) for v in samples.values()) // max(1, args.clients)
            phases.append((samples, errors, wall, load_before, os.getloadavg()[0]))
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
    if any(errors for _, errors, *_ in phases):
        print(
            "server log (last lines):\n" + "\n".join(server_log.splitlines()[-15:]), file=sys.stderr
        )

    def row(values: list[tuple[float, bool]]) -> dict[str, Any]:
        ms = [v for v, _ in values]
        misses = [v for v, hit in values if not hit]
        return {
            "n": len(ms),
            "p50_ms": percentile(ms, 50),
            "p95_ms": percentile(ms, 95),
            "p99_ms": percentile(ms, 99),
            "mean_ms": statistics.fmean(ms) if ms else float("nan"),
            "cache_hits": round(1 - len(misses) / len(ms), 3) if ms else None,
            "miss_p50_ms": percentile(misses, 50),
        }

    results = []
    for number, (samples, errors, wall, load_before, load_after) in enumerate(phases, 1):
        every = [v for values in samples.values() for v in values]
        results.append(
            {
                "phase": number,
                "requests_ok": len(every),
                "errors": sum(errors.values()),
                "error_kinds": errors,
                "wall_s": round(wall, 2),
                "requests_per_s": round(len(every) / wall, 1) if wall else None,
                "load_average_before": round(load_before, 2),
                "load_average_after": round(load_after, 2),
                "endpoints": {name: row(v) for name, v in [*samples.items(), ("all", every)]},
            }
        )
    result: dict[str, Any] = {
        "articles": counts["articles"],
        "quotes": counts["quotes"],
        "clients": args.clients,
        "server_workers": args.workers,
        "load_generator": args.load,
        "build_s": round(build_s, 1) if build_s is not None else None,
        "cpus": os.cpu_count(),
        "phases": results,
    }
    if args.json:
        print(json.dumps(result, indent=1))
        return 0
    print(
        f"{result['articles']} articles · {args.clients} clients ({args.load}) · "
        f"{args.workers} server process(es) · {result['cpus']} CPUs"
        + (f" · database built in {result['build_s']} s" if build_s is not None else "")
    )
    for phase in results:
        print(
            f"phase {phase['phase']}: {phase['requests_ok']} requests in {phase['wall_s']} s "
            f"({phase['requests_per_s']}/s) · {phase['errors']} errors "
            f"{phase['error_kinds'] or ''}· load average {phase['load_average_before']:.1f} "
            f"before, {phase['load_average_after']:.1f} after"
        )
        print(
            f"  {'endpoint':16} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
            f"{'cache hits':>10} {'miss p50':>9}"
        )
        for name, r in phase["endpoints"].items():
            print(
                f"  {name:16} {r['n']:>6} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} "
                f"{r['p99_ms']:>8.1f} {(r['cache_hits'] or 0):>10.0%} {r['miss_p50_ms']:>9.1f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
