"""Benchmark 6: the stand-in (heymarket_mock) at the size of a real account.

Worker::

    python -m bench.standin_scale --sizes 1000,10000,100000 --rounds 15
    python -m bench.standin_scale --reimport 50000
    python -m bench.standin_scale --sizes 1000 --standin-path /tmp/old/standin --seed-via batch

For each size a fresh stand-in (``python -m bench.standin_runner``, its own process, rate limit lifted) is
seeded with that many contacts (``POST /__mock__/contacts``, a JSONL stream; ``--seed-via batch`` sends
``POST /v1/batch/contacts`` of 1,000 items instead, for a stand-in without the seeding endpoint), then,
over one keep-alive connection with a freshly signed JWT, each timed ``--rounds`` times from send to answer:

* ``search``: ``POST /v2/contacts/search`` of 100 stored phones spread over the store;
* ``page``: ``POST /v2/contacts/list`` of 100 contacts at a page spread over the store;
* ``batch``: ``POST /v1/batch/contacts`` of 100 new contacts;

and the stand-in's CPU time per request (``/proc/PID/stat``). Then every contact is exported through
``heymarket.iter_contacts_v2`` (``create_client`` with its limiter lifted, pages of 100): contacts/s.
Memory per stored contact: the stand-in's RSS after seeding minus before, over the size.

``--reimport N``: a stand-in seeded with N contacts, then ``heymarket.bulk.bulk_create_contacts`` (the
engine of ``heymarket contacts import``: batches of 100, each answered with the existing contacts and
followed by a look-up of them) of the same N rows, limiter lifted: rows/s (``--reimport-rows M`` imports the
first M rows only, for a slow stand-in). ``--standin-path DIR`` puts DIR first on the stand-in's import path,
to measure another copy of ``heymarket_mock``. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable, Iterator
from typing import Any

from bench.common import PYTHON, SECRET_ID, SECRET_KEY, ServerProcess, child_env, emit
from bench.standin_batch import Client, _cpu_seconds, _token

SEARCH_SIZE = 100
PAGE_SIZE = 100
BATCH_SIZE = 100
SEED_BATCH = 1000
UNLIMITED = 1_000_000_000


def phone(i: int, area: int = 415) -> str:
    """A valid US number, distinct for i below 8,000,000."""
    return f"1{area}{200 + i // 10000:03d}{i % 10000:04d}"


def seed_rows(count: int) -> Iterator[dict[str, Any]]:
    for i in range(count):
        yield {"phone": phone(i), "first": "Seed", "last": f"Contact {i}", "email": f"seed{i}@example.com"}


def _rss_kib(pid: int | None) -> int:
    if pid is None:
        return 0
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def _server(standin_path: str | None) -> ServerProcess:
    env = child_env()
    if standin_path:
        env["PYTHONPATH"] = standin_path + ":" + env["PYTHONPATH"]
    return ServerProcess([PYTHON, "-m", "bench.standin_runner", "--rate-limit", str(UNLIMITED)], env=env, timeout=120.0)


def seed(client: Client, count: int, via: str) -> float:
    """Store ``count`` contacts; answers the wall seconds it took."""
    started = time.perf_counter()
    rows = seed_rows(count)
    if via == "jsonl":
        body = "".join(json.dumps(row) + "\n" for row in rows).encode()
        status, answer = client.request("POST", "/__mock__/contacts", body, content_type="application/x-ndjson")
        if status != 200:
            raise RuntimeError(f"seeding answered {status}: {str(answer)[:300]}")
    else:
        batch: list[dict[str, Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) == SEED_BATCH:
                _send_batch(client, batch)
                batch = []
        if batch:
            _send_batch(client, batch)
    return time.perf_counter() - started


def _send_batch(client: Client, items: list[dict[str, Any]]) -> Any:
    status, answer = client.request("POST", "/v1/batch/contacts", json.dumps(items).encode(), _token())
    if status != 200:
        raise RuntimeError(f"batch answered {status}: {str(answer)[:300]}")
    return answer


def _timed(
    client: Client,
    pid: int | None,
    rounds: int,
    request: Callable[[int], tuple[str, Any]],
    check: Callable[[Any], bool],
) -> dict[str, Any]:
    walls: list[float] = []
    cpus: list[float] = []
    for round_no in range(rounds + 1):  # the first round warms up
        path, body = request(round_no)
        data = json.dumps(body).encode()
        token = _token()
        cpu0 = _cpu_seconds(pid)
        started = time.perf_counter()
        status, answer = client.request("POST", path, data, token)
        wall = time.perf_counter() - started
        cpu1 = _cpu_seconds(pid)
        if status != 200 or not check(answer):
            raise RuntimeError(f"{path} answered {status}: {str(answer)[:300]}")
        if round_no:
            walls.append(wall)
            if cpu0 is not None and cpu1 is not None:
                cpus.append(cpu1 - cpu0)
    return {
        "wall_ms": {"median": statistics.median(walls) * 1000, "min": min(walls) * 1000, "max": max(walls) * 1000},
        "server_cpu_ms": statistics.median(cpus) * 1000 if cpus else None,
    }


def export_all(url: str, pid: int | None) -> dict[str, Any]:
    from heymarket import RateLimit, create_client, iter_contacts_v2

    with create_client(
        secret_id=SECRET_ID,
        secret_key=SECRET_KEY,
        base_url=url,
        rate_limit=RateLimit(requests=UNLIMITED, per_seconds=60.0),
        timeout=300.0,
        httpx_args={"trust_env": False},
    ) as client:
        cpu0 = _cpu_seconds(pid)
        started = time.perf_counter()
        exported = sum(1 for _ in iter_contacts_v2(client, page_size=PAGE_SIZE))
        wall = time.perf_counter() - started
        cpu1 = _cpu_seconds(pid)
    return {
        "contacts": exported,
        "wall_s": wall,
        "contacts_per_s": exported / wall if wall > 0 else None,
        "server_cpu_us_per_contact": (cpu1 - cpu0) / exported * 1e6 if cpu0 is not None and cpu1 is not None else None,
    }


def measure_size(size: int, rounds: int, via: str, standin_path: str | None, export: bool) -> dict[str, Any]:
    with _server(standin_path) as server:
        client = Client(server.url)
        try:
            client.request("GET", "/__mock__/health")
            rss0 = _rss_kib(server.pid)
            seed_s = seed(client, size, via)
            rss1 = _rss_kib(server.pid)
            spread = max(1, size // SEARCH_SIZE)

            def search(round_no: int) -> tuple[str, Any]:
                ids = [phone((k * spread + round_no) % size) for k in range(SEARCH_SIZE)]
                return "/v2/contacts/search", {"contact_channels": [{"channel_type": "phone", "channel_ids": ids}]}

            pages = max(1, size // PAGE_SIZE)

            def page(round_no: int) -> tuple[str, Any]:
                return "/v2/contacts/list", {"limit": PAGE_SIZE, "page": (round_no * pages) // (rounds + 1)}

            def batch(round_no: int) -> tuple[str, Any]:
                first = round_no * BATCH_SIZE
                items = [{"phone": phone(first + k, 510), "first": "New"} for k in range(BATCH_SIZE)]
                return "/v1/batch/contacts", items

            result: dict[str, Any] = {
                "size": size,
                "seed_s": seed_s,
                "seed_contacts_per_s": size / seed_s if seed_s > 0 else None,
                "bytes_per_contact": (rss1 - rss0) * 1024 / size,
                "search": _timed(
                    client, server.pid, rounds, search, lambda a: isinstance(a, list) and len(a) == min(size, 100)
                ),
                "page": _timed(client, server.pid, rounds, page, lambda a: isinstance(a, list) and len(a) > 0),
                "batch": _timed(client, server.pid, rounds, batch, lambda a: a == "ok"),
            }
            if export:
                result["export"] = export_all(server.url, server.pid)
                expected = size + (rounds + 1) * BATCH_SIZE
                if result["export"]["contacts"] != expected:
                    raise RuntimeError(f"exported {result['export']['contacts']} of {expected} contacts")
        finally:
            client.close()
    return result


def reimport(held: int, rows: int, via: str, standin_path: str | None) -> dict[str, Any]:
    from heymarket import RateLimit, create_client
    from heymarket.bulk import bulk_create_contacts

    with _server(standin_path) as server:
        client = Client(server.url)
        try:
            seed_s = seed(client, held, via)
        finally:
            client.close()
        with create_client(
            secret_id=SECRET_ID,
            secret_key=SECRET_KEY,
            base_url=server.url,
            rate_limit=RateLimit(requests=UNLIMITED, per_seconds=60.0),
            timeout=300.0,
            httpx_args={"trust_env": False},
        ) as api:
            items = (row for i, row in enumerate(seed_rows(held)) if i < rows)
            cpu0 = _cpu_seconds(server.pid)
            started = time.perf_counter()
            report = bulk_create_contacts(api, items, keep_outcomes=False)
            wall = time.perf_counter() - started
            cpu1 = _cpu_seconds(server.pid)
    counts = {str(k.value if hasattr(k, "value") else k): v for k, v in getattr(report, "counts", {}).items()}
    return {
        "held": held,
        "rows": rows,
        "seed_s": seed_s,
        "wall_s": wall,
        "rows_per_s": rows / wall if wall > 0 else None,
        "server_cpu_us_per_row": (cpu1 - cpu0) / rows * 1e6 if cpu0 is not None and cpu1 is not None else None,
        "counts": counts,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.standin_scale", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="", help="comma-separated counts of stored contacts")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--no-export", action="store_true", help="skip the export through the pagers")
    parser.add_argument("--reimport", type=int, default=0, help="contacts held and re-imported")
    parser.add_argument("--reimport-rows", type=int, default=0, help="rows re-imported (default: all held)")
    parser.add_argument("--seed-via", choices=("jsonl", "batch"), default="jsonl")
    parser.add_argument("--standin-path", help="a folder put first on the stand-in's import path")
    args = parser.parse_args(argv)
    result: dict[str, Any] = {"seed_via": args.seed_via, "rounds": args.rounds, "sizes": []}
    for size in (int(s) for s in args.sizes.split(",") if s):
        result["sizes"].append(measure_size(size, args.rounds, args.seed_via, args.standin_path, not args.no_export))
    if args.reimport:
        rows = args.reimport_rows or args.reimport
        result["reimport"] = reimport(args.reimport, rows, args.seed_via, args.standin_path)
    emit(result)


if __name__ == "__main__":
    main()
