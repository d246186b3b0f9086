"""Safe writes against the stand-in's fault injection (seeded, so the figures below are reproducible).

Everything runs on one VirtualTime shared by the client (retry waits, rate limiter, JWT iat) and the
stand-in (token checks, rate window): the default 500-per-minute limiter stays on and costs no
wall-clock time. Requests are sequential, so the seeded fault draws give the same run every time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from heymarket import (
    NotFoundError,
    RateLimitError,
    RetryPolicy,
    ServerError,
    create_client,
)
from heymarket_client import AuthenticatedClient
from heymarket_client.api.contacts_v1 import create_contact, get_contact_by_phone_or_id
from heymarket_client.models import ContactLookupRequest, ContactRequest, MutationResult
from tests.support.clocks import VirtualTime
from tests.support.fakes import FAKE_SECRET_ID, FAKE_SECRET_KEY
from tests.support.standin import StandInServer, standin_config

CREATES = 1000
FAULTS = {"fault_429": 0.3, "fault_503": 0.3, "seed": 5}
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _server(vt: VirtualTime, **settings: Any) -> StandInServer:
    return StandInServer(standin_config(clock=vt.now, **settings))


def _client(server: StandInServer, vt: VirtualTime, **kwargs: Any) -> AuthenticatedClient:
    return create_client(
        secret_id=FAKE_SECRET_ID, secret_key=FAKE_SECRET_KEY, base_url=server.url, timing=vt.timing(), **kwargs
    )


def _phones() -> Iterator[str]:
    return (f"1415555{n:04d}" for n in range(CREATES))


def _assert_each_stored_once(server: StandInServer) -> None:
    phones = [c["phone"] for c in server.contacts()]
    assert len(phones) == CREATES
    assert sorted(phones) == sorted(_phones())


# -- 1,000 creates with 30 % injected 429 and 30 % injected 503 ------------------------------------


class _Tally:
    def __init__(self) -> None:
        self.server_errors = 0  # ambiguous create failures surfaced to the caller
        self.rate_limited = 0  # creates still refused with 429 after the runtime's retries
        self.found_after_error = 0  # a create that failed ambiguously but had been applied
        self.lookups = 0


def _create_once(client: AuthenticatedClient, phone: str, tally: _Tally) -> None:
    """The documented caller pattern for creates without an idempotency key: a 429 was refused, so
    send again; a 5xx is ambiguous, so look the contact up (a retry-safe read) before sending again."""
    while True:
        try:
            result = create_contact.sync(client=client, body=ContactRequest(phone=phone))
            assert isinstance(result, MutationResult)
            return
        except RateLimitError:
            tally.rate_limited += 1
        except ServerError:
            tally.server_errors += 1
            if _exists(client, phone, tally):
                tally.found_after_error += 1
                return


def _exists(client: AuthenticatedClient, phone: str, tally: _Tally) -> bool:
    while True:
        tally.lookups += 1
        try:
            get_contact_by_phone_or_id.sync(client=client, body=ContactLookupRequest(phone=phone))
            return True
        except NotFoundError:
            return False
        except (ServerError, RateLimitError):
            continue  # still unknown: ask again


@pytest.mark.slow
def test_1000_creates_with_the_default_policy_store_each_contact_once(vt: VirtualTime) -> None:
    with _server(vt, **FAULTS) as server, _client(server, vt) as client:
        tally = _Tally()
        for phone in _phones():
            _create_once(client, phone, tally)
        _assert_each_stored_once(server)
        stats = server.stats()["by_operation"]

    creates = stats["createContact"]
    assert creates["200"] == CREATES
    # Creates are never retried on 503 by the runtime: every 503 reached the caller.
    assert creates["503"] == tally.server_errors > 0
    assert creates["429"] > 0
    assert tally.found_after_error == 0  # the stand-in faults before writing
    assert stats["getContactByPhoneOrId"]["404"] == tally.server_errors
    assert set(creates) == {"200", "429", "503"}
    print(f"\ndefault policy: createContact {creates}, lookups {stats['getContactByPhoneOrId']}, ", end="")
    print(f"429 given up {tally.rate_limited}, 503 surfaced {tally.server_errors}")


@pytest.mark.slow
def test_1000_creates_with_the_opt_in_store_each_contact_once(vt: VirtualTime) -> None:
    # With 60 % of requests faulted, 31 faults in a row has a chance of 0.6**31 (about 1e-7).
    policy = RetryPolicy(max_retries=30, total_timeout=900.0)
    with _server(vt, **FAULTS) as server, _client(server, vt, retries=policy, retry_unsafe=True) as client:
        for phone in _phones():
            assert isinstance(create_contact.sync(client=client, body=ContactRequest(phone=phone)), MutationResult)
        _assert_each_stored_once(server)
        creates = server.stats()["by_operation"]["createContact"]
    assert creates["200"] == CREATES
    assert creates["503"] > 0 and creates["429"] > 0
    print(f"\nretry_unsafe=True: createContact {creates}")


# -- a 500 on a create ------------------------------------------------------------------------------


def test_a_500_on_a_create_is_not_retried_by_default(vt: VirtualTime) -> None:
    with _server(vt, fault_500=1.0) as server, _client(server, vt) as client:
        with pytest.raises(ServerError) as excinfo:
            create_contact.sync(client=client, body=ContactRequest(phone="14155550000"))
        stats = server.stats()["by_operation"]
        stored = server.contacts()
    assert stats == {"createContact": {"500": 1}}  # the stand-in saw one attempt
    assert stored == []
    error = excinfo.value
    assert (error.status_code, error.attempts) == (500, 1)
    assert error.request_id is not None and UUID.fullmatch(error.request_id)
    assert error.request_id == error.headers["X-Request-Id"]
    assert error.request_id in str(error)
    assert error.body == {"error": "internal_error", "message": "internal server error (injected)"}


def test_a_500_on_a_create_is_retried_with_the_opt_in(vt: VirtualTime) -> None:
    with _server(vt, fault_500=1.0) as server, _client(server, vt, retry_unsafe=True) as client:
        with pytest.raises(ServerError) as excinfo:
            create_contact.sync(client=client, body=ContactRequest(phone="14155550000"))
        assert server.stats()["by_operation"] == {"createContact": {"500": 3}}
        assert excinfo.value.attempts == 3

        server.configure(fault_500=0.0)
        assert isinstance(create_contact.sync(client=client, body=ContactRequest(phone="14155550000")), MutationResult)
        assert [c["phone"] for c in server.contacts()] == ["14155550000"]
