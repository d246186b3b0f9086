"""The plain generated client (no runtime) over real HTTP: what ``sync()``/``asyncio()`` return and raise.

``sync()``/``asyncio()`` return exactly the operation's success type; any other status raises
``errors.StatusError`` with the status, the body parsed as the spec declares it for that status, and the
raw response. ``sync_detailed()``/``asyncio_detailed()`` keep returning the whole ``Response``. A success
body that is not JSON, or not the declared shape, raises ``errors.ResponseValidationError``.
"""

from __future__ import annotations

import importlib
import inspect
import json
import types
import typing
from collections.abc import AsyncIterator, Iterator
from http import HTTPStatus
from typing import Any, assert_type

import httpx
import pytest
import pytest_asyncio

from heymarket_client import AuthenticatedClient, errors
from heymarket_client.api.contacts_v1 import create_contact, delete_contact, get_contact, list_contacts
from heymarket_client.models import Contact, ContactRequest, ErrorBody, ListContactsRequest, MutationResult
from heymarket_client.types import Response
from tests.support.loopback import LoopbackServer
from tests.support.spec import operations

TOKEN = "fake"
CONTACT = {"id": 7, "phone": "15105553344", "first": "Ada", "rev": 3}
CREATED = {"id": 1001, "rev": 1, "uuid": "0b7c2a4e-5d6f-4a8b-9c1d-2e3f4a5b6c7d"}
ERROR = {"error": "not_found", "message": "contact not found"}

# getContact declares all three, each as `Error` (an ErrorBody or a bare string).
ERROR_STATUSES = [404, 429, 500]


@pytest.fixture
def client(loopback: LoopbackServer) -> Iterator[AuthenticatedClient]:
    with AuthenticatedClient(base_url=loopback.base_url, token=TOKEN, timeout=httpx.Timeout(10.0)) as c:
        yield c


@pytest_asyncio.fixture
async def aclient(loopback: LoopbackServer) -> AsyncIterator[AuthenticatedClient]:
    async with AuthenticatedClient(base_url=loopback.base_url, token=TOKEN, timeout=httpx.Timeout(10.0)) as c:
        yield c


def _only_request(server: LoopbackServer) -> tuple[str, str]:
    (request,) = server.requests
    assert request.header("Authorization") == f"Bearer {TOKEN}"
    return request.method, request.path_only


def _check_status_error(caught: pytest.ExceptionInfo[errors.StatusError], status: int) -> Any:
    error = caught.value
    assert type(error) is errors.StatusError
    assert error.status_code == status
    assert isinstance(error.response, httpx.Response)
    assert error.response.status_code == status
    assert error.response.request.method == "GET"
    assert error.response.request.url.path == "/v1/contact/7"
    assert f"HTTP {status} from GET /v1/contact/7" in str(error)
    return error.parsed


def _check_error_body(parsed: Any) -> None:
    assert isinstance(parsed, ErrorBody)
    assert (parsed.error, parsed.message) == ("not_found", "contact not found")


# -- error statuses raise errors.StatusError -------------------------------------------------


@pytest.mark.parametrize("status", ERROR_STATUSES)
def test_sync_raises_status_error_with_the_parsed_error_body(
    loopback: LoopbackServer, client: AuthenticatedClient, status: int
) -> None:
    loopback.enqueue(status, ERROR)
    with pytest.raises(errors.StatusError) as caught:
        get_contact.sync(7, client=client)
    _check_error_body(_check_status_error(caught, status))
    assert caught.value.response.json() == ERROR
    assert _only_request(loopback) == ("GET", "/v1/contact/7")


@pytest.mark.parametrize("status", ERROR_STATUSES)
@pytest.mark.asyncio
async def test_asyncio_raises_status_error_with_the_parsed_error_body(
    loopback: LoopbackServer, aclient: AuthenticatedClient, status: int
) -> None:
    loopback.enqueue(status, ERROR)
    with pytest.raises(errors.StatusError) as caught:
        await get_contact.asyncio(7, client=aclient)
    _check_error_body(_check_status_error(caught, status))
    assert _only_request(loopback) == ("GET", "/v1/contact/7")


@pytest.mark.parametrize("status", ERROR_STATUSES)
def test_a_bare_string_error_body_is_parsed_as_a_string(
    loopback: LoopbackServer, client: AuthenticatedClient, status: int
) -> None:
    loopback.enqueue(status, "slow down")  # the JSON string "slow down": the `string` branch of Error
    with pytest.raises(errors.StatusError) as caught:
        get_contact.sync(7, client=client)
    assert _check_status_error(caught, status) == "slow down"


@pytest.mark.asyncio
async def test_asyncio_a_bare_string_error_body_is_parsed_as_a_string(
    loopback: LoopbackServer, aclient: AuthenticatedClient
) -> None:
    loopback.enqueue(429, "slow down")
    with pytest.raises(errors.StatusError) as caught:
        await get_contact.asyncio(7, client=aclient)
    assert _check_status_error(caught, 429) == "slow down"


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (418, ERROR),  # a status getContact does not declare
        (500, b"<html>upstream down</html>"),  # a declared status whose body is not JSON
    ],
)
def test_an_error_body_that_cannot_be_parsed_still_raises_status_error(
    loopback: LoopbackServer, client: AuthenticatedClient, status: int, body: object
) -> None:
    loopback.enqueue(status, body)
    with pytest.raises(errors.StatusError) as caught:
        get_contact.sync(7, client=client)
    assert _check_status_error(caught, status) is None
    assert caught.value.response.content == (body if isinstance(body, bytes) else json.dumps(body).encode())


def test_an_undocumented_2xx_is_not_returned_as_a_success(
    loopback: LoopbackServer, client: AuthenticatedClient
) -> None:
    loopback.enqueue(201, CONTACT)
    with pytest.raises(errors.StatusError) as caught:
        get_contact.sync(7, client=client)
    assert _check_status_error(caught, 201) is None


def test_a_status_the_operation_does_not_declare_is_none_in_parsed(
    loopback: LoopbackServer, client: AuthenticatedClient
) -> None:
    # createContact declares no 404: the error is still raised, with nothing parsed.
    loopback.enqueue(404, ERROR)
    with pytest.raises(errors.StatusError) as caught:
        create_contact.sync(client=client, body=ContactRequest(phone="15105553344"))
    assert caught.value.status_code == 404
    assert caught.value.parsed is None


# -- *_detailed keep returning the whole Response ----------------------------------------------


@pytest.mark.parametrize("status", ERROR_STATUSES)
def test_sync_detailed_returns_error_responses(
    loopback: LoopbackServer, client: AuthenticatedClient, status: int
) -> None:
    loopback.enqueue(status, ERROR)
    loopback.enqueue(status, "slow down")
    response = get_contact.sync_detailed(7, client=client)
    assert isinstance(response, Response)
    assert response.status_code == HTTPStatus(status)
    assert json.loads(response.content) == ERROR
    _check_error_body(response.parsed)
    assert get_contact.sync_detailed(7, client=client).parsed == "slow down"


@pytest.mark.parametrize("status", ERROR_STATUSES)
@pytest.mark.asyncio
async def test_asyncio_detailed_returns_error_responses(
    loopback: LoopbackServer, aclient: AuthenticatedClient, status: int
) -> None:
    loopback.enqueue(status, ERROR)
    response = await get_contact.asyncio_detailed(7, client=aclient)
    assert response.status_code == HTTPStatus(status)
    _check_error_body(response.parsed)


def test_sync_detailed_returns_a_success_response(loopback: LoopbackServer, client: AuthenticatedClient) -> None:
    loopback.enqueue(200, CONTACT)
    response = get_contact.sync_detailed(7, client=client)
    assert response.status_code == HTTPStatus.OK
    assert isinstance(response.parsed, Contact)
    assert response.parsed.id == 7


# -- success bodies that do not parse raise errors.ResponseValidationError ---------------------


def _check_validation_error(caught: pytest.ExceptionInfo[errors.ResponseValidationError], content: bytes) -> None:
    error = caught.value
    assert error.status_code == 200
    assert error.content == content
    assert isinstance(error.response, httpx.Response)
    assert error.response.status_code == 200
    assert isinstance(error.__cause__, ValueError | TypeError | KeyError | AttributeError)
    assert "does not match the spec" in str(error)


NOT_JSON = b'{"id": 7,'


def test_a_success_body_that_is_not_json_raises(loopback: LoopbackServer, client: AuthenticatedClient) -> None:
    loopback.enqueue(200, NOT_JSON, {"Content-Type": "application/json"})
    with pytest.raises(errors.ResponseValidationError) as caught:
        get_contact.sync(7, client=client)
    _check_validation_error(caught, NOT_JSON)
    assert isinstance(caught.value.__cause__, json.JSONDecodeError)


@pytest.mark.asyncio
async def test_asyncio_a_success_body_that_is_not_json_raises(
    loopback: LoopbackServer, aclient: AuthenticatedClient
) -> None:
    loopback.enqueue(200, NOT_JSON, {"Content-Type": "application/json"})
    with pytest.raises(errors.ResponseValidationError) as caught:
        await get_contact.asyncio(7, client=aclient)
    _check_validation_error(caught, NOT_JSON)


def test_detailed_raises_too_for_a_success_body_that_is_not_json(
    loopback: LoopbackServer, client: AuthenticatedClient
) -> None:
    loopback.enqueue(200, NOT_JSON, {"Content-Type": "application/json"})
    with pytest.raises(errors.ResponseValidationError) as caught:
        get_contact.sync_detailed(7, client=client)
    _check_validation_error(caught, NOT_JSON)


@pytest.mark.parametrize(
    ("call", "body"),
    [
        pytest.param("get_contact", [CONTACT], id="getContact-array-for-object"),
        pytest.param("get_contact", "a string", id="getContact-string-for-object"),
        pytest.param("create_contact", {"id": 1001}, id="createContact-required-keys-missing"),
        pytest.param("list_contacts", CONTACT, id="listContacts-object-for-array"),
    ],
)
def test_a_success_body_of_the_wrong_shape_raises(
    loopback: LoopbackServer, client: AuthenticatedClient, call: str, body: object
) -> None:
    loopback.enqueue(200, body)
    with pytest.raises(errors.ResponseValidationError) as caught:
        if call == "get_contact":
            get_contact.sync(7, client=client)
        elif call == "create_contact":
            create_contact.sync(client=client, body=ContactRequest(phone="15105553344"))
        else:
            list_contacts.sync(client=client, body=ListContactsRequest())
    _check_validation_error(caught, json.dumps(body).encode())


@pytest.mark.asyncio
async def test_asyncio_a_success_body_of_the_wrong_shape_raises(
    loopback: LoopbackServer, aclient: AuthenticatedClient
) -> None:
    loopback.enqueue(200, {"id": 1001})
    with pytest.raises(errors.ResponseValidationError) as caught:
        await create_contact.asyncio(client=aclient, body=ContactRequest(phone="15105553344"))
    _check_validation_error(caught, b'{"id": 1001}')


@pytest.mark.parametrize(
    ("call", "body"),
    [
        pytest.param("delete_contact", {"ok": True}, id="deleteContact-object-for-string"),
        pytest.param("get_contact", {"id": "seven"}, id="getContact-string-for-integer-field"),
    ],
)
def test_a_scalar_of_the_wrong_type_is_kept_as_sent(
    loopback: LoopbackServer, client: AuthenticatedClient, call: str, body: object
) -> None:
    """The documented limit (docs/client.md, "What a success body may hold"): the generated parsers check
    structure (an object where one is declared, required keys), not JSON scalar types; a value of the wrong
    type is passed on as the server sent it."""
    loopback.enqueue(200, body)
    if call == "delete_contact":
        assert delete_contact.sync(7, client=client) == body
    else:
        kept: object = get_contact.sync(7, client=client).id
        assert kept == "seven"


# -- a success returns the declared type ---------------------------------------------------------


def test_sync_returns_the_model(loopback: LoopbackServer, client: AuthenticatedClient) -> None:
    loopback.enqueue(200, CONTACT)
    contact = get_contact.sync(7, client=client)
    assert_type(contact, Contact)
    assert type(contact) is Contact
    assert (contact.id, contact.phone, contact.first, contact.rev) == (7, "15105553344", "Ada", 3)

    loopback.enqueue(200, CREATED)
    created = create_contact.sync(client=client, body=ContactRequest(phone="15105553344"))
    assert_type(created, MutationResult)
    assert (type(created), created.id, created.uuid) == (MutationResult, 1001, CREATED["uuid"])
    assert loopback.requests[1].json() == {"phone": "15105553344"}

    loopback.enqueue(200, [CONTACT, {"id": 8}])
    page = list_contacts.sync(client=client, body=ListContactsRequest())
    assert_type(page, list[Contact])
    assert [(type(c), c.id) for c in page] == [(Contact, 7), (Contact, 8)]

    loopback.enqueue(200, "ok")
    deleted = delete_contact.sync(7, client=client)
    assert_type(deleted, str)
    assert deleted == "ok"


@pytest.mark.asyncio
async def test_asyncio_returns_the_model(loopback: LoopbackServer, aclient: AuthenticatedClient) -> None:
    loopback.enqueue(200, CONTACT)
    contact = await get_contact.asyncio(7, client=aclient)
    assert_type(contact, Contact)
    assert (type(contact), contact.id) == (Contact, 7)


def _operation_modules() -> list[Any]:
    params = []
    for _, _, op in operations():
        name = "".join(f"_{c.lower()}" if c.isupper() else c for c in op["operationId"])
        module = importlib.import_module(f"heymarket_client.api.{op['tags'][0]}.{name}")
        params.append(pytest.param(module, id=op["operationId"]))
    return params


@pytest.mark.parametrize("module", _operation_modules())
def test_no_operation_declares_an_error_or_none_result(module: types.ModuleType) -> None:
    """Every module's sync()/asyncio() are annotated with the success type alone, and are the same type."""
    hints = typing.get_type_hints(module.sync)
    returned = hints["return"]
    members = set(typing.get_args(returned)) if isinstance(returned, types.UnionType) else {returned}
    assert ErrorBody not in members
    assert type(None) not in members
    assert typing.get_type_hints(module.asyncio)["return"] == returned
    assert inspect.iscoroutinefunction(module.asyncio)
    # the detailed variants still give the whole Response, errors included
    detailed = typing.get_type_hints(module.sync_detailed)["return"]
    assert typing.get_origin(detailed) is Response
    assert ErrorBody in typing.get_args(typing.get_args(detailed)[0])
