"""Benchmark 3: bulk import through ``heymarket.bulk.bulk_create_contacts`` into the local stand-in.

Worker (a fresh process per run, so that its peak RSS is its own)::

    python -m bench.bulk --mode bulk   --url URL --contacts 100000 --budget 1000000 --window 60
    python -m bench.bulk --mode naive  --url URL --contacts 5000   --budget 1000000 --window 60
    python -m bench.bulk --mode budget --url URL --requests 1201 --batch-size 10 --budget 600 --window 60

* ``bulk``: ``bulk_create_contacts`` with its defaults (batch size, concurrency, outcomes kept) through
  ``create_client`` with every runtime layer on and the limiter set to the stand-in's budget.
* ``naive``: the same contacts one ``create_contact.sync`` call at a time (the loop a user would write).
* ``budget``: ``bulk_create_contacts`` against a stand-in whose budget is scaled down, with the client's
  limiter set to the same budget; every request start and every answer's status is recorded with httpx
  event hooks, which fire once per HTTP attempt (retries included).

Contacts are generated lazily (valid US numbers, distinct per mode) so that the input costs no memory.
Prints one JSON line.
"""

from __future__ import annotations

import argparse
import importlib
import threading
import time
from collections import Counter
from collections.abc import Iterator
from typing import Any

import httpx

from bench.common import SECRET_ID, SECRET_KEY, emit, rss_kib

# Area code per mode, so that runs against one stand-in never collide on a phone.
AREA = {"bulk": 415, "naive": 510, "budget": 650, "smoke": 212}


def contacts(mode: str, count: int) -> Iterator[dict[str, Any]]:
    area = AREA[mode]
    for i in range(count):
        yield {
            "phone": f"1{area}{200 + i // 10000:03d}{i % 10000:04d}",
            "first": "Bench",
            "last": f"Contact {i}",
            "email": f"bench{i}@example.com",
        }


def load_bulk() -> Any:
    """``heymarket.bulk.bulk_create_contacts``, or None when heymarket.bulk is not there yet."""
    try:
        module = importlib.import_module("heymarket.bulk")
    except ImportError:
        return None
    return getattr(module, "bulk_create_contacts", None)


class Recorder(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """The start time and status of every HTTP request as it goes on the wire (retries included).

    ``create_client`` wraps a transport given in ``httpx_args`` beneath its runtime, so this sees each
    request after the rate limiter let it go, which is when the server starts counting it.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.attempts: list[tuple[float, int]] = []
        self.inner = httpx.HTTPTransport()
        self.inner_async = httpx.AsyncHTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        start = time.monotonic()
        response = self.inner.handle_request(request)
        with self.lock:
            self.attempts.append((start, response.status_code))
        return response

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        start = time.monotonic()
        response = await self.inner_async.handle_async_request(request)
        with self.lock:
            self.attempts.append((start, response.status_code))
        return response

    def close(self) -> None:
        self.inner.close()

    async def aclose(self) -> None:
        await self.inner_async.aclose()

    def hooks(self) -> dict[str, Any]:
        return {"transport": self}

    def accepted_starts(self) -> list[float]:
        return [start for start, status in self.attempts if status != 429]

    def statuses(self) -> dict[str, int]:
        return {str(k): v for k, v in sorted(Counter(status for _, status in self.attempts).items())}


def budget_share(starts: list[float], budget: int, window: float) -> dict[str, Any]:
    """Share of the budget used over whole windows, from the start times of the accepted requests.

    The server accepts at most ``budget`` request starts in any ``window``, so k windows hold at most
    k x budget starts. With the starts sorted, the first k x budget + 1 of them took ``starts[k*budget] -
    starts[0]`` seconds; a client using the whole budget needs k x window for that (a sliding-window or an
    evenly paced client alike), so the share is k x window / that span.
    """
    ordered = sorted(starts)
    k = (len(ordered) - 1) // budget
    if k < 1:
        return {"share": None, "windows": 0, "note": f"fewer than {budget + 1} requests: no whole window"}
    span = ordered[k * budget] - ordered[0]
    return {"share": k * window / span if span > 0 else None, "windows": k, "span_s": span}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.bulk", description=__doc__.split("\n\n")[0])
    parser.add_argument("--mode", choices=("bulk", "naive", "budget"), required=True)
    parser.add_argument("--url", required=True)
    parser.add_argument("--contacts", type=int, default=0)
    parser.add_argument("--requests", type=int, default=0, help="budget mode: requests to send")
    parser.add_argument("--batch-size", type=int, default=0, help="budget mode (bulk mode uses the default)")
    parser.add_argument("--budget", type=int, required=True, help="client limiter: requests per window")
    parser.add_argument("--window", type=float, default=60.0, help="client limiter: seconds")
    parser.add_argument("--area", choices=sorted(AREA), help="phone area (default: the mode's)")
    args = parser.parse_args(argv)

    bulk_create_contacts = load_bulk()
    if args.mode != "naive" and bulk_create_contacts is None:
        emit({"mode": args.mode, "available": False, "reason": "heymarket.bulk.bulk_create_contacts not available"})
        return

    from heymarket import RateLimit, create_client

    recorder = Recorder()
    client = create_client(
        secret_id=SECRET_ID,
        secret_key=SECRET_KEY,
        base_url=args.url,
        rate_limit=RateLimit(requests=args.budget, per_seconds=args.window),
        httpx_args=recorder.hooks(),
    )
    area = args.area or args.mode
    result: dict[str, Any] = {
        "mode": args.mode,
        "available": True,
        "budget": args.budget,
        "window_s": args.window,
    }
    rss_before, _ = rss_kib()

    if args.mode == "naive":
        from heymarket_client.api.contacts_v1 import create_contact
        from heymarket_client.models import ContactRequest, MutationResult

        count = args.contacts
        ok = 0
        cpu0, wall0 = time.process_time(), time.perf_counter()
        for contact in contacts(area, count):
            if isinstance(create_contact.sync(client=client, body=ContactRequest.from_dict(contact)), MutationResult):
                ok += 1
        wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
        result.update(created=ok)
    else:
        if args.mode == "budget":
            count = args.contacts or (args.requests - 1) * args.batch_size + 1
            options: dict[str, Any] = {"batch_size": args.batch_size}
        else:
            count = args.contacts
            options = {}
        cpu0, wall0 = time.process_time(), time.perf_counter()
        report = bulk_create_contacts(client, contacts(area, count), **options)
        wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
        counts = getattr(report, "counts", {})
        result.update(
            outcomes={str(k): v for k, v in dict(counts).items()},
            requests=getattr(report, "requests", None),
            http_attempts=getattr(report, "http_attempts", None),
            retries={str(k): v for k, v in dict(getattr(report, "retries", {})).items()},
            report_ok=getattr(report, "ok", None),
        )
        if args.mode == "budget":
            result.update(budget_share(recorder.accepted_starts(), args.budget, args.window))

    rss_now, rss_peak = rss_kib()
    client.get_httpx_client().close()
    result.update(
        contacts=count,
        wall_s=wall,
        cpu_s=cpu,
        contacts_per_s=count / wall if wall > 0 else None,
        cpu_us_per_contact=cpu / count * 1e6 if count else None,
        rss_before_kib=rss_before,
        rss_after_kib=rss_now,
        rss_peak_kib=rss_peak,
        http_attempts_seen=len(recorder.attempts),
        statuses_seen=recorder.statuses(),
    )
    emit(result)


if __name__ == "__main__":
    main()
