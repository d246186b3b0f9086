"""pytest plugin of ``heymarket-client[testing]``: the ``heymarket_mock`` and ``heymarket_client`` fixtures.

Registered through the ``pytest11`` entry point, so every pytest run where the package is installed loads
this module. It imports nothing but pytest: the stand-in starts (once per session, in a child process on
127.0.0.1) only when a test first asks for one of the fixtures, and is reset before every test that uses it.

    def test_signup_creates_the_contact(heymarket_mock, heymarket_client):
        signup(heymarket_client, phone="15105553344")          # your code, given the bound client
        assert [c["phone"] for c in heymarket_mock.contacts()] == ["15105553344"]

See docs/testing.md for a complete example.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from heymarket import HeymarketClient
    from heymarket_mock.testkit import HeymarketMock, StandInProcess


@pytest.fixture(scope="session")
def _heymarket_standin_process() -> Iterator[StandInProcess]:
    from heymarket_mock.testkit import StandInError, StandInProcess

    try:
        process = StandInProcess().start()
    except StandInError as error:
        pytest.fail(str(error), pytrace=False)
    try:
        yield process
    finally:
        process.stop()


@pytest.fixture
def heymarket_mock(_heymarket_standin_process: StandInProcess) -> HeymarketMock:
    """A running Heymarket stand-in on 127.0.0.1, empty and with the default settings for this test.

    ``base_url``, ``secret_id``, ``secret_key`` (made up per session) and ``env()`` to point code at it;
    ``contacts()``, ``state()`` and ``stats()`` to check what reached it; ``configure(rate_limit=...,
    fault_429=..., fault_500=..., fault_503=..., latency_ms=..., seed=...)`` for this test only; ``reset()``.
    """
    from heymarket_mock.testkit import HeymarketMock, StandInError

    process = _heymarket_standin_process
    if not process.running():  # the stand-in died in an earlier test: start a new one
        process.stop()
        try:
            process.start()
        except StandInError as error:
            pytest.fail(str(error), pytrace=False)
    standin = HeymarketMock(process)
    standin.reset()
    return standin


@pytest.fixture
def heymarket_client(heymarket_mock: HeymarketMock) -> Iterator[HeymarketClient]:
    """``heymarket.create_client(...)`` bound to ``heymarket_mock``, closed after the test.

    Default retries, timeouts and error types, as in production; its client-side rate limiter is new for
    each test, so one test's requests never slow the next one down. Proxy variables are ignored
    (the stand-in is on loopback).
    """
    import time

    import heymarket

    def monotonic() -> float:  # a clock of this test only: create_client shares limiters per clock
        return time.monotonic()

    client = heymarket.create_client(
        secret_id=heymarket_mock.secret_id,
        secret_key=heymarket_mock.secret_key,
        base_url=heymarket_mock.base_url,
        timing=heymarket.Timing(monotonic=monotonic),
        httpx_args={"trust_env": False},
    )
    with client:
        yield client
