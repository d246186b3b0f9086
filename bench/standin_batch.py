"""Benchmark 5: how many batch items per second the stand-in (heymarket_mock) validates and creates.

Worker::

    python -m bench.standin_batch --items 1000 --batches 10            # starts its own stand-in process
    python -m bench.standin_batch --url http://127.0.0.1:PORT --server-pid PID --items 1000 --batches 10

Every round resets the stand-in (``POST /__mock__/reset``, not timed), then sends one ``POST
/v1/batch/contacts`` (operationId ``batchCreateContacts``) of ``--items`` distinct, valid contacts shaped like
the vendor's batch example (every field filled, an ``avatar`` URI, two tags and one custom field) over one
keep-alive connection with a freshly signed JWT. Timed: the wall time of that request (send, validation,
creation, answer). ``items_per_s`` is ``items / median wall time``; with ``--server-pid`` the stand-in's CPU
time per item is reported too. A last, untimed request checks that a batch with one bad item is still
refused with a 400 naming the field (``[17].phone``), so a fast stand-in that stopped validating shows up.
Prints one JSON line.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import time
from typing import Any
from urllib.parse import urlsplit

import jwt

from bench.common import PYTHON, SECRET_ID, SECRET_KEY, ServerProcess, emit

BAD_INDEX = 17


def batch(items: int) -> list[dict[str, Any]]:
    return [
        {
            "phone": f"1415{200 + i // 10000:03d}{i % 10000:04d}",
            "first": "Bench",
            "last": f"Contact {i}",
            "display_name": f"Bench Contact {i}",
            "email": f"bench{i}@example.com",
            "avatar": f"https://img.example.com/{i}.jpg",
            "custom": {"123": "Premium"},
            "tags": [{"tag_id": 1}, {"tag_id": 2}],
            "assignee_id": 42,
            "is_opted_out": False,
            "email_suppressions": [123],
        }
        for i in range(items)
    ]


def _cpu_seconds(pid: int | None) -> float | None:
    if pid is None:
        return None
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rpartition(")")[2].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Client:
    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self._conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=120)

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        token: str | None = None,
        *,
        content_type: str = "application/json",
    ) -> tuple[int, Any]:
        headers = {"Content-Type": content_type}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self._conn.request(method, path, body=body, headers=headers)
        response = self._conn.getresponse()
        data = response.read()
        return response.status, json.loads(data) if data else None

    def close(self) -> None:
        self._conn.close()


def _token() -> str:
    return jwt.encode({"iss": SECRET_ID, "iat": int(time.time())}, f"{SECRET_ID}||{SECRET_KEY}".encode(), "HS256")


def measure(url: str, pid: int | None, items: int, batches: int, warmup: int) -> dict[str, Any]:
    good = json.dumps(batch(items)).encode()
    bad_items = batch(max(items, BAD_INDEX + 1))
    bad_items[BAD_INDEX]["phone"] = "+15105553344"
    bad = json.dumps(bad_items).encode()
    client = Client(url)
    walls: list[float] = []
    cpus: list[float] = []
    statuses: dict[str, int] = {}
    try:
        for round_no in range(warmup + batches):
            client.request("POST", "/__mock__/reset")
            token = _token()
            cpu0 = _cpu_seconds(pid)
            started = time.perf_counter()
            status, answer = client.request("POST", "/v1/batch/contacts", good, token)
            wall = time.perf_counter() - started
            cpu1 = _cpu_seconds(pid)
            if status != 200:
                raise RuntimeError(f"batch answered {status}: {str(answer)[:300]}")
            if round_no >= warmup:
                walls.append(wall)
                statuses[str(status)] = statuses.get(str(status), 0) + 1
                if cpu0 is not None and cpu1 is not None:
                    cpus.append(cpu1 - cpu0)
        created = len(client.request("GET", "/__mock__/contacts")[1])
        bad_status, bad_answer = client.request("POST", "/v1/batch/contacts", bad, _token())
    finally:
        client.close()
    median = statistics.median(walls)
    return {
        "items": items,
        "batches": batches,
        "wall_s_per_batch": {"median": median, "min": min(walls), "max": max(walls)},
        "items_per_s": items / median,
        "items_per_s_best": items / min(walls),
        "server_cpu_us_per_item": statistics.median(cpus) / items * 1e6 if cpus else None,
        "statuses": statuses,
        "contacts_created_last_batch": created,
        "bad_item_status": bad_status,
        "bad_item_message": (bad_answer or {}).get("message", "") if isinstance(bad_answer, dict) else str(bad_answer),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.standin_batch", description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a running stand-in (default: start one in a child process)")
    parser.add_argument("--server-pid", type=int, help="its process id, for its CPU time")
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--batches", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=2)
    args = parser.parse_args(argv)
    if args.url:
        emit(measure(args.url, args.server_pid, args.items, args.batches, args.warmup))
        return
    argv_server = [PYTHON, "-m", "bench.standin_runner", "--rate-limit", "1000000000"]
    with ServerProcess(argv_server, timeout=120.0) as server:
        emit(measure(server.url, server.pid, args.items, args.batches, args.warmup))


if __name__ == "__main__":
    main()
