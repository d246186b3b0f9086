"""Clock-skew correction of HeymarketJWTAuth, against the stand-in over loopback (its own clock and Date).

The client's clock is the skewed one (``Timing(wall_clock=...)``); the stand-in's uvicorn sends a real
``Date``. Requests are counted by the stand-in itself (its stats), so the 401 re-send is counted too.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator

import httpx
import pytest

from heymarket import AuthenticationError, Timing, create_client
from heymarket_auth import HeymarketJWTAuth
from heymarket_client.api.contacts_v1 import count_contacts
from heymarket_client.models import ListContactsRequest
from tests.support.fakes import FAKE_SECRET_ID, FAKE_SECRET_KEY, assert_no_secret
from tests.support.loopback import LoopbackServer
from tests.support.standin import StandInServer, standin_config
from tests.support.tokens import bearer_token, decode_token


@pytest.fixture(scope="module")
def server() -> Iterator[StandInServer]:
    with StandInServer(standin_config()) as running:
        yield running


def _requests(server: StandInServer) -> int:
    return int(server.stats()["total"])


@pytest.mark.parametrize("skew", [-400.0, 10.0], ids=["client-400s-slow", "client-10s-fast"])
def test_skewed_client_answers_with_one_extra_request_on_the_first_call_only(
    server: StandInServer, skew: float, caplog: pytest.LogCaptureFixture
) -> None:
    server.reset()
    client = create_client(
        secret_id=FAKE_SECRET_ID,
        secret_key=FAKE_SECRET_KEY,
        base_url=server.url,
        rate_limit=None,
        timing=Timing(wall_clock=lambda: time.time() + skew),
    )
    with caplog.at_level(logging.WARNING, logger="heymarket.auth"):
        for _ in range(5):
            count_contacts.sync_detailed(client=client, body=ListContactsRequest())
    stats = server.stats()
    # First call: the skewed token (401) and the corrected one (200); four more calls: one request each.
    assert stats["by_status"] == {"200": 5, "401": 1}
    assert stats["total"] == 6
    warnings = [r for r in caplog.records if r.name == "heymarket.auth" and r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert ("behind" if skew < 0 else "ahead of") in warnings[0].getMessage()
    assert_no_secret(caplog.text)


def test_later_tokens_carry_the_corrected_iat(server: StandInServer) -> None:
    auth = HeymarketJWTAuth(FAKE_SECRET_ID, FAKE_SECRET_KEY, clock=lambda: time.time() - 400, reuse_seconds=1)
    with httpx.Client(base_url=server.url, auth=auth) as http:
        first = http.post("/v1/contacts/count", json={})
        assert first.status_code == 200
        assert 395 <= auth.clock_offset <= 405
        second = http.post("/v1/contacts/count", json={})
    assert second.status_code == 200
    iat = decode_token(second.request.headers["authorization"].removeprefix("Bearer "))["iat"]
    assert abs(iat - time.time()) <= 5  # the server's time, not the client's 400 s slow clock


def test_without_date_header_one_resign_then_authentication_error(loopback: LoopbackServer) -> None:
    for _ in range(2):
        loopback.enqueue(401, {"error": "JWT expired"}, headers={"Date": ""})
    client = create_client(
        secret_id=FAKE_SECRET_ID,
        secret_key=FAKE_SECRET_KEY,
        base_url=loopback.url(),
        rate_limit=None,
        timing=Timing(wall_clock=lambda: time.time() - 400),
    )
    with pytest.raises(AuthenticationError) as caught:
        count_contacts.sync_detailed(client=client, body=ListContactsRequest())
    assert len(loopback.requests) == 2
    assert_no_secret(str(caught.value))


def test_an_offset_beyond_a_day_is_not_believed(loopback: LoopbackServer) -> None:
    for _ in range(2):
        loopback.enqueue(401, {}, headers={"Date": "Mon, 01 Jan 1990 00:00:00 GMT"})
    auth = HeymarketJWTAuth(FAKE_SECRET_ID, FAKE_SECRET_KEY)
    with httpx.Client(auth=auth) as http:
        assert http.get(loopback.url("/x")).status_code == 401
    assert auth.clock_offset == 0.0
    assert len(loopback.requests) == 2
    second_iat = decode_token(bearer_token(loopback.requests[1]))["iat"]
    assert abs(second_iat - time.time()) <= 5
