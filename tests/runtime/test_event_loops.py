"""One ``create_client`` client, and its copies, used in several event loops one after the other.

The async connection pool is per running loop (``Pools.async_()``), so a client used in one
``asyncio.run()`` and then in another, or by pytest-asyncio tests that each get a loop of their own,
never touches a connection of a closed loop: every call answers and no ``RuntimeError`` comes out.

The stand-in keeps idle connections open between the runs (uvicorn's keep-alive), so a pool shared
across loops would hand the second loop a connection of the first. Each test also checks that the
stand-in answered exactly the calls it made (no call lost, none sent twice).
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Iterator

import httpx
import pytest

from heymarket import HeymarketClient, create_client
from heymarket_client.api.contacts_v1 import create_contact, get_contact
from heymarket_client.models import Contact, ContactRequest, ContactStatus, ContactStatusRequest, ListContactsRequest
from tests.support.fakes import FAKE_SECRET_ID, FAKE_SECRET_KEY
from tests.support.standin import StandInServer, standin_config

# The stand-in of this module: bound now, so that the module-level client below knows its address, and
# serving from the first test of the module on (the `_serving` fixture).
SERVER = StandInServer(standin_config())


def _new_client() -> HeymarketClient:
    return create_client(secret_id=FAKE_SECRET_ID, secret_key=FAKE_SECRET_KEY, base_url=SERVER.url)


# What a worker module or a test module does: one client (and a copy of it) for the process, made at import.
CLIENT = _new_client()
TRACED = CLIENT.with_headers({"X-Trace": "module"})

_PHONES = (f"1510555{n:04d}" for n in itertools.count())


@pytest.fixture(scope="module", autouse=True)
def _serving() -> Iterator[None]:
    SERVER.start()
    yield
    SERVER.stop()


def _answered() -> int:
    total: int = SERVER.stats()["total"]
    return total


async def _calls(client: HeymarketClient) -> int:
    """Create, get, then three calls at once (several connections); returns the number of calls made."""
    phone = next(_PHONES)
    created = await client.aio.contacts.create(body=ContactRequest(phone=phone))
    contact = await get_contact.asyncio(created.id, client=client)
    assert (contact.id, contact.phone) == (created.id, phone)
    got, page, status = await asyncio.gather(
        client.aio.contacts.get(created.id),
        client.aio.contacts.list(body=ListContactsRequest()),
        client.aio.contacts.get_status(body=ContactStatusRequest(id=created.id)),
    )
    assert isinstance(got, Contact)
    assert got.phone == phone
    assert created.id in [c.id for c in page]
    assert isinstance(status, ContactStatus)
    return 5


# -- asyncio.run, one run after the other ------------------------------------------------------------------


def test_one_client_and_its_copies_in_consecutive_asyncio_runs() -> None:
    client = _new_client()
    before = _answered()

    made = asyncio.run(_calls(client))
    made += asyncio.run(_calls(client))
    # a sync call between the runs
    assert create_contact.sync(client=client, body=ContactRequest(phone=next(_PHONES))).rev == 1
    made += 1

    async def third_run() -> int:
        n = await _calls(client.with_headers({"X-Trace": "a"}))
        n += await _calls(client.with_timeout(httpx.Timeout(15.0)))
        n += await _calls(client.with_options(retries=0))
        n += await _calls(client)
        return n

    made += asyncio.run(third_run())
    assert made == 31
    assert _answered() - before == made
    client.get_httpx_client().close()


def test_copies_made_in_one_run_work_in_the_next() -> None:
    client = _new_client()
    before = _answered()

    async def first() -> tuple[int, list[HeymarketClient]]:
        copies = [client.with_headers({"X-Trace": "b"}), client.with_timeout(httpx.Timeout(15.0))]
        n = 0
        for copy in copies:
            n += await _calls(copy)
        return n, copies

    made, copies = asyncio.run(first())

    async def second() -> int:
        n = 0
        for copy in [*copies, client, copies[0].with_options(retries=1)]:
            n += await _calls(copy)
        return n

    made += asyncio.run(second())
    assert _answered() - before == made == 30


# -- pytest-asyncio: function-scoped loops, one module-level client -----------------------------------------

LOOPS: list[asyncio.AbstractEventLoop] = []


def _a_fresh_loop() -> None:
    """Each test runs in a loop of its own, and the loops of the tests before it are closed."""
    loop = asyncio.get_running_loop()
    assert all(loop is not seen for seen in LOOPS)
    assert all(seen.is_closed() for seen in LOOPS)
    LOOPS.append(loop)


@pytest.mark.asyncio
async def test_the_module_client_in_a_first_loop() -> None:
    _a_fresh_loop()
    before = _answered()
    made = await _calls(CLIENT)
    made += await _calls(TRACED)
    assert _answered() - before == made


@pytest.mark.asyncio
async def test_the_module_client_in_a_second_loop() -> None:
    _a_fresh_loop()
    before = _answered()
    made = await _calls(CLIENT)
    made += await _calls(TRACED)
    made += await _calls(CLIENT.with_timeout(httpx.Timeout(15.0)))
    assert _answered() - before == made


@pytest.mark.asyncio
async def test_the_module_client_in_a_third_loop() -> None:
    _a_fresh_loop()
    before = _answered()
    made = await _calls(CLIENT.with_options(retries=0))
    made += sum(await asyncio.gather(_calls(CLIENT), _calls(TRACED)))
    assert _answered() - before == made


@pytest.mark.asyncio
async def test_the_module_client_in_a_fourth_loop_after_a_sync_call() -> None:
    CLIENT.contacts.list(body=ListContactsRequest())  # the sync pool, in between
    _a_fresh_loop()
    before = _answered()
    made = await _calls(CLIENT)
    assert _answered() - before == made
