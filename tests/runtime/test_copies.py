"""``with_headers``/``with_cookies``/``with_timeout`` copies never change the client they came from.

Checked on the plain generated ``AuthenticatedClient`` and on ``heymarket.create_client()``, sync and async,
on an original that has made a call already (so its httpx client exists) and on one that has not. Headers
and cookies are checked as the server received them; a timeout never reaches the server, so it is checked
as the transport received it (the ``timeout`` extension httpx puts on every request) and on the httpx client.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from heymarket import HeymarketClient, create_client
from heymarket_client import AuthenticatedClient
from heymarket_client.api.contacts_v1 import get_contact
from tests.support.fakes import FAKE_SECRET_ID, FAKE_SECRET_KEY
from tests.support.loopback import LoopbackServer, RecordedRequest

FLAVOURS = ["plain", "create_client"]


def _client(flavour: str, base_url: str, **kwargs: Any) -> AuthenticatedClient:
    if flavour == "plain":
        kwargs.setdefault("timeout", httpx.Timeout(10.0))
        return AuthenticatedClient(base_url=base_url, token="fake", **kwargs)
    kwargs.setdefault("timeout", 10.0)
    return create_client(secret_id=FAKE_SECRET_ID, secret_key=FAKE_SECRET_KEY, base_url=base_url, **kwargs)


class Copy:
    """A way of copying a client, and how to see on a request that it came from the copy."""

    def __init__(
        self,
        name: str,
        make: Callable[[AuthenticatedClient], AuthenticatedClient],
        marked: Callable[[RecordedRequest], bool],
    ) -> None:
        self.name, self.make, self.marked = name, make, marked

    def __repr__(self) -> str:
        return self.name


COPIES = [
    Copy("with_headers", lambda c: c.with_headers({"X-Trace": "a"}), lambda r: r.header_values("X-Trace") == ["a"]),
    Copy("with_cookies", lambda c: c.with_cookies({"trace": "a"}), lambda r: "trace=a" in (r.header("Cookie") or "")),
]


def _unmarked(request: RecordedRequest) -> bool:
    return request.header("X-Trace") is None and request.header("Cookie") is None


def _authorized(requests: list[RecordedRequest]) -> bool:
    return all((r.header("Authorization") or "").startswith("Bearer ") for r in requests)


@pytest.mark.parametrize("used", [True, False], ids=["used", "unused"])
@pytest.mark.parametrize("copy", COPIES, ids=repr)
@pytest.mark.parametrize("flavour", FLAVOURS)
def test_a_copy_never_marks_the_originals_requests(
    loopback: LoopbackServer, flavour: str, copy: Copy, used: bool
) -> None:
    original = _client(flavour, loopback.base_url)
    if used:
        get_contact.sync(7, client=original)
    copied = copy.make(original)
    get_contact.sync(7, client=copied)
    get_contact.sync(7, client=original)
    copied.contacts.get(7)  # the resources of the copy are the copy's
    original.contacts.get(7)
    get_contact.sync(7, client=original)

    requests = loopback.requests[1:] if used else loopback.requests
    assert len(requests) == 5
    assert [copy.marked(r) for r in requests] == [True, False, True, False, False]
    assert all(_unmarked(r) for r in requests if not copy.marked(r))
    if used:
        assert _unmarked(loopback.requests[0])
    assert _authorized(loopback.requests)
    for client in (original, copied):
        client.get_httpx_client().close()


@pytest.mark.parametrize("used", [True, False], ids=["used", "unused"])
@pytest.mark.parametrize("copy", COPIES, ids=repr)
@pytest.mark.parametrize("flavour", FLAVOURS)
@pytest.mark.asyncio
async def test_an_async_copy_never_marks_the_originals_requests(
    loopback: LoopbackServer, flavour: str, copy: Copy, used: bool
) -> None:
    original = _client(flavour, loopback.base_url)
    if used:
        await get_contact.asyncio(7, client=original)
    copied = copy.make(original)
    await get_contact.asyncio(7, client=copied)
    await get_contact.asyncio(7, client=original)
    await copied.aio.contacts.get(7)
    await original.aio.contacts.get(7)

    requests = loopback.requests[1:] if used else loopback.requests
    assert [copy.marked(r) for r in requests] == [True, False, True, False]
    assert all(_unmarked(r) for r in requests if not copy.marked(r))
    assert _authorized(loopback.requests)
    for client in (original, copied):
        await client.get_async_httpx_client().aclose()


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_a_copy_overriding_a_header_leaves_the_originals_value(loopback: LoopbackServer, flavour: str) -> None:
    original = _client(flavour, loopback.base_url, headers={"X-Trace": "original"})
    get_contact.sync(7, client=original)
    copied = original.with_headers({"X-Trace": "copy"})
    get_contact.sync(7, client=copied)
    get_contact.sync(7, client=original)
    # a copy of the copy, and another copy of the original, after both were used
    get_contact.sync(7, client=copied.with_headers({"X-Other": "b"}))
    get_contact.sync(7, client=original.with_cookies({"trace": "c"}))
    get_contact.sync(7, client=original)
    seen = [(r.header_values("X-Trace"), r.header("X-Other"), r.header("Cookie")) for r in loopback.requests]
    originals = [seen[0], seen[2], seen[4], seen[5]]
    assert originals == [(["original"], None, None)] * 2 + [(["original"], None, "trace=c"), (["original"], None, None)]
    assert "copy" in seen[1][0]
    assert ("copy" in seen[3][0], seen[3][1]) == (True, "b")


@pytest.mark.parametrize(
    ("flavour", "given", "override"),
    [
        pytest.param("plain", "X-Trace", "X-Trace", id="plain"),
        pytest.param("plain", "X-Trace", "x-trace", id="plain-other-case"),
        pytest.param("create_client", "X-Trace", "X-Trace", id="create_client"),
        pytest.param("create_client", None, "User-Agent", id="create_client-user-agent"),
    ],
)
def test_a_copy_replaces_the_value_of_a_header_the_original_has(
    loopback: LoopbackServer, flavour: str, given: str | None, override: str
) -> None:
    original = _client(flavour, loopback.base_url, headers={given: "original"} if given else {})
    get_contact.sync(7, client=original.with_headers({override: "copy"}))
    get_contact.sync(7, client=original)
    copy_request, original_request = loopback.requests
    assert copy_request.header_values(override) == ["copy"]
    assert original_request.header_values(override) != ["copy"]


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_copies_of_a_used_client_keep_the_originals_httpx_clients_as_they_were(
    loopback: LoopbackServer, flavour: str
) -> None:
    original = _client(flavour, loopback.base_url)
    get_contact.sync(7, client=original)
    httpx_client = original.get_httpx_client()
    headers, cookies = dict(httpx_client.headers), dict(httpx_client.cookies)
    for copied in (
        original.with_headers({"X-Trace": "a"}),
        original.with_cookies({"trace": "a"}),
        original.with_timeout(httpx.Timeout(1.5)),
    ):
        get_contact.sync(7, client=copied)
        assert copied.get_httpx_client() is not httpx_client
    assert original.get_httpx_client() is httpx_client
    assert (dict(httpx_client.headers), dict(httpx_client.cookies)) == (headers, cookies)
    assert httpx_client.timeout == httpx.Timeout(10.0)


# -- timeouts, as the transport receives them --------------------------------------------------------------


class RecordingTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """httpx's own transports (real HTTP), recording each request's timeout extension."""

    def __init__(self) -> None:
        self.timeouts: list[dict[str, float | None]] = []
        self._sync = httpx.HTTPTransport()
        self._async: httpx.AsyncHTTPTransport | None = None

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.timeouts.append(dict(request.extensions["timeout"]))
        return self._sync.handle_request(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.timeouts.append(dict(request.extensions["timeout"]))
        if self._async is None:
            self._async = httpx.AsyncHTTPTransport()
        return await self._async.handle_async_request(request)

    def close(self) -> None:
        """Left open: the original and its copies share this transport."""

    async def aclose(self) -> None:
        """Left open, as close()."""

    def really_close(self) -> None:
        self._sync.close()

    async def really_aclose(self) -> None:
        if self._async is not None:
            await self._async.aclose()


def _seconds(timeout: float) -> dict[str, float | None]:
    return {"connect": timeout, "read": timeout, "write": timeout, "pool": timeout}


def _timeout_copies(flavour: str, original: AuthenticatedClient) -> list[AuthenticatedClient]:
    copies = [original.with_timeout(httpx.Timeout(1.5))]
    if flavour == "create_client":
        assert isinstance(original, HeymarketClient)
        copies.append(original.with_options(timeout=2.5))
    else:
        copies.append(original.with_timeout(httpx.Timeout(2.5)))
    return copies


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_a_timeout_copy_never_changes_the_originals_timeout(loopback: LoopbackServer, flavour: str) -> None:
    transport = RecordingTransport()
    original = _client(flavour, loopback.base_url, httpx_args={"transport": transport})
    get_contact.sync(7, client=original)
    for copied in _timeout_copies(flavour, original):
        get_contact.sync(7, client=copied)
        get_contact.sync(7, client=original)
    assert transport.timeouts == [_seconds(10.0), _seconds(1.5), _seconds(10.0), _seconds(2.5), _seconds(10.0)]
    assert len(loopback.requests) == 5
    transport.really_close()


@pytest.mark.parametrize("flavour", FLAVOURS)
@pytest.mark.asyncio
async def test_an_async_timeout_copy_never_changes_the_originals_timeout(
    loopback: LoopbackServer, flavour: str
) -> None:
    transport = RecordingTransport()
    original = _client(flavour, loopback.base_url, httpx_args={"transport": transport})
    await get_contact.asyncio(7, client=original)
    for copied in _timeout_copies(flavour, original):
        await get_contact.asyncio(7, client=copied)
        await copied.aio.contacts.get(7)
        await original.aio.contacts.get(7)
    assert transport.timeouts == [_seconds(10.0)] + [_seconds(1.5)] * 2 + [_seconds(10.0)] + [_seconds(2.5)] * 2 + [
        _seconds(10.0)
    ]
    assert len(loopback.requests) == 7
    await transport.really_aclose()
