"""The client-side rate limiter: the sliding-window guarantee under threads and asyncio, sharing per
credential, and a 2,000-request burst against the stand-in with a scaled-down budget."""

from __future__ import annotations

import asyncio
import bisect
import dataclasses
import threading
from typing import Any

import pytest

from heymarket import HeymarketConfigError, RateLimit, create_client
from heymarket._rate_limit import SlidingWindowLimiter, shared_limiter
from heymarket_client.api.contacts_v1 import count_contacts
from heymarket_client.models import ListContactsRequest
from tests.support.clocks import VirtualTime
from tests.support.fakes import FAKE_API_KEY, FAKE_SECRET_ID, FAKE_SECRET_KEY, assert_no_secret
from tests.support.standin import StandInServer, standin_config


def _max_in_any_window(starts: list[float], window: float) -> int:
    """The most starts inside any half-open interval (t - window, t]."""
    ordered = sorted(starts)
    return max(i + 1 - bisect.bisect_right(ordered, t - window) for i, t in enumerate(ordered))


# -- the window guarantee -----------------------------------------------------------------------


def test_permits_never_exceed_the_budget_in_any_window() -> None:
    vt = VirtualTime()
    limiter = SlidingWindowLimiter(RateLimit(requests=5, per_seconds=10), vt.now)
    starts = []
    for _ in range(23):
        limiter.acquire(vt.timing())
        starts.append(vt.now())
    assert starts[:5] == [starts[0]] * 5  # the first 5 start at once
    assert _max_in_any_window(starts, 10) == 5
    # Four full windows waited: 23 permits need 4 refills of 5.
    assert starts[-1] - starts[0] == pytest.approx(4 * 10.001)


def test_a_burst_after_an_idle_period_is_allowed() -> None:
    vt = VirtualTime()
    limiter = SlidingWindowLimiter(RateLimit(requests=3, per_seconds=10), vt.now)
    for _ in range(3):
        assert limiter.reserve() == 0
    vt.advance(11)
    for _ in range(3):
        assert limiter.reserve() == 0
    assert limiter.reserve() == pytest.approx(10.001)


def test_a_permit_counts_from_when_its_answer_came_back() -> None:
    # The server counts a request when it arrives, after a network delay the client cannot see;
    # counting each permit from its answer keeps a slow request from crowding the next window.
    vt = VirtualTime()
    limiter = SlidingWindowLimiter(RateLimit(requests=2, per_seconds=10), vt.now)
    wait, slow = limiter.reserve_permit()
    assert wait == 0
    assert limiter.reserve() == 0
    vt.advance(3)
    limiter.completed(slow)  # its answer came back 3 s after it started
    assert limiter.reserve() == pytest.approx(13.001 - 3)
    limiter.completed(slow)  # a completion never moves a permit back in time
    assert slow.at == pytest.approx(vt.now())


def test_threads_share_the_window() -> None:
    # A frozen clock: every permit is a reservation of a future start, so the start times are
    # exact (now + wait) and any lost update under contention would show as a crowded window.
    vt = VirtualTime()
    limiter = SlidingWindowLimiter(RateLimit(requests=7, per_seconds=5), vt.now)
    lock = threading.Lock()
    starts: list[float] = []
    barrier = threading.Barrier(8)

    def worker() -> None:
        barrier.wait()
        for _ in range(25):
            start = vt.now() + limiter.reserve()
            with lock:
                starts.append(start)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(starts) == 200
    assert _max_in_any_window(starts, 5) == 7
    # FIFO slots: 7 per window turn, 29 turns for 200 permits (the last one holds 4).
    assert max(starts) - min(starts) == pytest.approx(28 * 5.001)


@pytest.mark.asyncio
async def test_asyncio_tasks_share_the_window_and_sleep_with_the_async_sleep() -> None:
    vt = VirtualTime()

    def blocking_sleep(seconds: float) -> None:
        raise AssertionError("the async path must not call the blocking sleep")

    timing = dataclasses.replace(vt.timing(), sleep=blocking_sleep)
    limiter = SlidingWindowLimiter(RateLimit(requests=4, per_seconds=3), vt.now)
    starts: list[float] = []

    async def worker() -> None:
        for _ in range(10):
            before = vt.now()  # acquire_async reserves before its first await, at this time
            starts.append(before + (await limiter.acquire_async(timing))[0])

    await asyncio.gather(*(worker() for _ in range(6)))
    assert len(starts) == 60
    assert _max_in_any_window(starts, 3) == 4
    assert len(vt.sleeps) > 0


def test_invalid_settings_are_refused() -> None:
    for kwargs in ({"requests": 0}, {"requests": 1.5}, {"per_seconds": 0}, {"per_seconds": float("inf")}):
        with pytest.raises(HeymarketConfigError):
            RateLimit(**kwargs)
    with pytest.raises(HeymarketConfigError, match="rate_limit"):
        create_client(api_key=FAKE_API_KEY, rate_limit=500)  # type: ignore[arg-type]


# -- sharing --------------------------------------------------------------------------------------


def _limiter_of(client: Any) -> SlidingWindowLimiter | None:
    limiter: SlidingWindowLimiter | None = client._httpx_args["transport"].options.limiter
    return limiter


def test_clients_with_one_credential_share_one_limiter() -> None:
    vt = VirtualTime()
    timing = vt.timing()
    url = "https://api.heymarket.com"
    jwt_a = create_client(secret_id=FAKE_SECRET_ID, secret_key=FAKE_SECRET_KEY, base_url=url, timing=timing)
    jwt_b = create_client(
        secret_id=FAKE_SECRET_ID, secret_key="another-key-of-the-same-id", base_url=url, timing=timing
    )
    key_a = create_client(api_key=FAKE_API_KEY, base_url=url, timing=timing)
    key_b = create_client(api_key=FAKE_API_KEY, base_url=url + "/", timing=timing)
    other = create_client(api_key="another-api-key", base_url=url, timing=timing)
    sandbox = create_client(api_key=FAKE_API_KEY, base_url="https://sandbox.example.test", timing=timing)

    assert _limiter_of(jwt_a) is _limiter_of(jwt_b) is not None
    assert jwt_a._httpx_args["transport"].options.limiter is jwt_a._httpx_args["transport"].options.limiter
    assert _limiter_of(key_a) is _limiter_of(key_b)
    distinct = {id(_limiter_of(c)) for c in (jwt_a, key_a, other, sandbox)}
    assert len(distinct) == 4
    assert create_client(api_key=FAKE_API_KEY, rate_limit=None)._httpx_args["transport"].options.limiter is None


def test_the_registry_holds_no_secret() -> None:
    from heymarket import _rate_limit as rate_limit

    vt = VirtualTime()
    create_client(secret_id=FAKE_SECRET_ID, secret_key=FAKE_SECRET_KEY, timing=vt.timing())
    create_client(api_key=FAKE_API_KEY, timing=vt.timing())
    assert_no_secret(repr(rate_limit._registry))


def test_the_default_budget_is_500_per_minute() -> None:
    limiter = shared_limiter("fingerprint", "https://x.test", RateLimit(), VirtualTime().timing())
    assert (limiter.limit.requests, limiter.limit.per_seconds) == (500, 60.0)


# -- a burst against the stand-in ----------------------------------------------------------------

BURST = 2000
SCALED_BUDGET = 100  # the vendor's 500 per minute, scaled down by 5


def _burst(limit: RateLimit | None) -> tuple[dict[str, Any], list[float]]:
    """2,000 count requests, alternating between a sync client and an async client made separately
    for the same API key, against a stand-in allowing 100 requests per 60 s on the same clock."""
    vt = VirtualTime()
    config = standin_config(clock=vt.now, api_key=FAKE_API_KEY, rate_limit=SCALED_BUDGET)
    with StandInServer(config) as server:
        first = create_client(api_key=FAKE_API_KEY, base_url=server.url, rate_limit=limit, timing=vt.timing())
        second = create_client(api_key=FAKE_API_KEY, base_url=server.url, rate_limit=limit, timing=vt.timing())
        body = ListContactsRequest()

        async def run() -> None:
            async with second:
                for i in range(BURST):
                    if i % 2:
                        response = await count_contacts.asyncio_detailed(client=second, body=body)
                    else:
                        response = count_contacts.sync_detailed(client=first, body=body)
                    assert response.status_code == 200

        with first:
            asyncio.run(run())
        return server.stats(), vt.sleeps


def test_a_burst_with_the_limiter_on_gets_no_429() -> None:
    stats, sleeps = _burst(RateLimit(requests=SCALED_BUDGET, per_seconds=60))
    assert stats["by_operation"]["countContacts"] == {"200": BURST}
    assert stats["by_status"].get("429", 0) == 0
    # The limiter waited once per window turn: 19 turns for 2,000 / 100 windows.
    assert sleeps == [pytest.approx(60.001)] * (BURST // SCALED_BUDGET - 1)


def test_a_burst_with_the_limiter_off_meets_429s() -> None:
    stats, sleeps = _burst(None)
    too_many = stats["by_status"].get("429", 0)
    # One 429 per exhausted window; the retries honour Retry-After, so every request still succeeds.
    assert too_many == BURST // SCALED_BUDGET - 1
    assert stats["by_operation"]["countContacts"] == {"200": BURST, "429": too_many}
    assert sleeps == [60.0] * too_many


def test_mock_credentials_stay_out_of_reprs() -> None:
    client = create_client(secret_id=FAKE_SECRET_ID, secret_key=FAKE_SECRET_KEY, timing=VirtualTime().timing())
    text = repr(vars(client.get_httpx_client()))
    assert FAKE_SECRET_KEY not in text and FAKE_SECRET_ID not in text
