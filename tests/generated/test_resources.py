"""The resource surface: ``client.<resource>.<method>(...)`` and ``await client.aio.<resource>.<method>(...)``.

Every operation of openapi.yaml is one method, named by the rule stated in
generator-templates/resource_macros.jinja and docs/client.md:

- resource attribute = the operation's tag, without a trailing ``_v1``;
- method = the operationId in snake case, without version words (``v2``) and without the words of the
  tag's nouns, singular or plural.

A method is typed as its operation's ``sync()``/``asyncio()`` (same parameters, same result), carries the
operation's summary as the first line of its docstring, and sends exactly the request the module function
sends; sync and async have the same names and signatures. It works on the plain generated client and on
``heymarket.create_client()`` (whose typed errors it raises).
"""

from __future__ import annotations

import importlib
import inspect
import re
import types
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any, assert_type

import httpx
import pytest
import pytest_asyncio

import heymarket
from heymarket_client import AuthenticatedClient, errors
from heymarket_client.api import AsyncResources, Resources
from heymarket_client.api.contact_channels import get_contact_channel, list_contact_channels
from heymarket_client.api.contacts_v1 import (
    batch_create_contacts,
    count_contacts,
    create_contact,
    delete_contact,
    get_contact,
    list_contacts,
    update_contact,
)
from heymarket_client.api.contacts_v2 import bulk_delete_contacts_v2, search_contacts_v2
from heymarket_client.api.tags import list_tags
from heymarket_client.models import (
    BulkDeleteChannel,
    BulkDeleteContactsV2Request,
    ChannelSearch,
    Contact,
    ContactChannel,
    ContactChannelInput,
    ContactRequest,
    ContactV2Request,
    CreateTagRequest,
    ErrorBody,
    ListContactsRequest,
    ListTagsRequest,
    MutationResult,
    SearchContactsV2Request,
    Tag,
)
from tests.support.fakes import FAKE_SECRET_ID, FAKE_SECRET_KEY
from tests.support.loopback import LoopbackServer
from tests.support.spec import operations
from tests.support.standin import StandInServer, standin_config
from tests.support.tokens import mint_jwt

# operationId -> (resource attribute, method): what users write, spelled out. The test below checks that
# it follows the stated rule, and the others that the generated surface is exactly this.
EXPECTED: dict[str, tuple[str, str]] = {
    "createContact": ("contacts", "create"),
    "getContact": ("contacts", "get"),
    "updateContact": ("contacts", "update"),
    "deleteContact": ("contacts", "delete"),
    "listContacts": ("contacts", "list"),
    "countContacts": ("contacts", "count"),
    "getContactByPhoneOrId": ("contacts", "get_by_phone_or_id"),
    "getContactStatus": ("contacts", "get_status"),
    "setContactStatus": ("contacts", "set_status"),
    "batchCreateContacts": ("contacts", "batch_create"),
    "listContactFields": ("contact_fields", "list"),
    "createContactFields": ("contact_fields", "create"),
    "createContactV2": ("contacts_v2", "create"),
    "getContactV2": ("contacts_v2", "get"),
    "updateContactV2": ("contacts_v2", "update"),
    "deleteContactV2": ("contacts_v2", "delete"),
    "bulkUpsertContactsV2": ("contacts_v2", "bulk_upsert"),
    "bulkDeleteContactsV2": ("contacts_v2", "bulk_delete"),
    "listContactsV2": ("contacts_v2", "list"),
    "searchContactsV2": ("contacts_v2", "search"),
    "updateContactChannel": ("contact_channels", "update"),
    "addContactChannel": ("contact_channels", "add"),
    "listContactChannels": ("contact_channels", "list"),
    "getContactChannel": ("contact_channels", "get"),
    "deleteContactChannel": ("contact_channels", "delete"),
    "createTag": ("tags", "create"),
    "getTag": ("tags", "get"),
    "deleteTag": ("tags", "delete"),
    "listTags": ("tags", "list"),
}

SPEC_OPERATIONS = {op["operationId"]: op for _, _, op in operations()}


def _snake(operation_id: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", operation_id).lower()


def _is_version(word: str) -> bool:
    return word[:1] == "v" and word[1:].isdigit()


def naming_rule(operation_id: str, tag: str) -> tuple[str, str]:
    """The documented rule, written out independently of the template."""
    attribute = tag.removesuffix("_v1")
    nouns = {word.rstrip("s") for word in tag.split("_") if not _is_version(word)}
    words = [w for w in _snake(operation_id).split("_") if not _is_version(w) and w.rstrip("s") not in nouns]
    return attribute, "_".join(words)


def _tag(operation_id: str) -> str:
    tags: list[str] = SPEC_OPERATIONS[operation_id]["tags"]
    assert len(tags) == 1, f"{operation_id} has tags {tags}: the resource rule needs exactly one"
    return tags[0]


def _module(operation_id: str) -> types.ModuleType:
    return importlib.import_module(f"heymarket_client.api.{_tag(operation_id)}.{_snake(operation_id)}")


def _plain(base_url: str, token: str = "fake") -> AuthenticatedClient:
    return AuthenticatedClient(base_url=base_url, token=token, timeout=httpx.Timeout(10.0))


def _methods(resource: object) -> set[str]:
    return {name for name in dir(resource) if not name.startswith("_")}


# -- the surface: one method per operation ------------------------------------------------------------


def test_the_table_is_every_operation_of_the_spec_and_follows_the_rule() -> None:
    assert len(SPEC_OPERATIONS) == 29
    assert set(EXPECTED) == set(SPEC_OPERATIONS)
    for operation_id in SPEC_OPERATIONS:
        assert naming_rule(operation_id, _tag(operation_id)) == EXPECTED[operation_id], operation_id


def test_no_two_operations_share_a_method() -> None:
    assert len(set(EXPECTED.values())) == len(EXPECTED)


def test_each_resource_has_exactly_the_methods_of_its_operations() -> None:
    client = _plain("http://127.0.0.1:9")
    wanted: dict[str, set[str]] = {}
    for attribute, method in EXPECTED.values():
        wanted.setdefault(attribute, set()).add(method)
    assert set(Resources.__slots__) == set(AsyncResources.__slots__) == set(wanted)
    for attribute, methods in wanted.items():
        assert _methods(getattr(client, attribute)) == methods, attribute
        assert _methods(getattr(client.aio, attribute)) == methods, f"aio.{attribute}"
        # The class behind the attribute is the tag's: ContactsV2 under contacts_v2, and so on.
        assert type(getattr(client, attribute)).__module__ == f"heymarket_client.api.{_tag_of(attribute)}"
        assert type(getattr(client.aio, attribute)).__name__ == "Async" + type(getattr(client, attribute)).__name__


def _tag_of(attribute: str) -> str:
    (tag,) = {_tag(op) for op, (attr, _) in EXPECTED.items() if attr == attribute}
    return tag


@pytest.mark.parametrize("operation_id", list(EXPECTED))
def test_each_method_is_typed_and_documented_as_its_operation(operation_id: str) -> None:
    attribute, name = EXPECTED[operation_id]
    client = _plain("http://127.0.0.1:9")
    method = getattr(getattr(client, attribute), name)
    amethod = getattr(getattr(client.aio, attribute), name)
    module = _module(operation_id)

    assert not inspect.iscoroutinefunction(method)
    assert inspect.iscoroutinefunction(amethod)
    summary = SPEC_OPERATIONS[operation_id]["summary"]
    for m in (method, amethod):
        doc = inspect.getdoc(m)
        assert doc is not None
        assert doc.splitlines()[0] == summary

    signature = inspect.signature(method)
    assert inspect.signature(amethod) == signature
    # The module function's signature without `client`: same names, kinds, defaults and annotations.
    for function in (module.sync, module.asyncio):
        expected = inspect.signature(function)
        assert "client" in expected.parameters
        without_client = expected.replace(parameters=[p for n, p in expected.parameters.items() if n != "client"])
        assert signature == without_client


def _fake_arguments(signature: inspect.Signature) -> tuple[list[object], dict[str, object], dict[str, object]]:
    """A distinct sentinel for every parameter: (positional arguments, keyword arguments, both by name)."""
    args: list[object] = []
    kwargs: dict[str, object] = {}
    by_name: dict[str, object] = {}
    for name, parameter in signature.parameters.items():
        value = by_name[name] = object()
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY:
            kwargs[name] = value
        else:
            args.append(value)
    return args, kwargs, by_name


@pytest.mark.parametrize("operation_id", list(EXPECTED))
@pytest.mark.asyncio
async def test_each_method_calls_its_operation_with_every_argument(
    monkeypatch: pytest.MonkeyPatch, operation_id: str
) -> None:
    attribute, name = EXPECTED[operation_id]
    module = _module(operation_id)
    client = _plain("http://127.0.0.1:9")
    calls: list[tuple[str, tuple[object, ...], dict[str, object]]] = []
    result = object()

    def sync(*args: object, **kwargs: object) -> object:
        calls.append(("sync", args, kwargs))
        return result

    async def asyncio(*args: object, **kwargs: object) -> object:
        calls.append(("asyncio", args, kwargs))
        return result

    monkeypatch.setattr(module, "sync", sync)
    monkeypatch.setattr(module, "asyncio", asyncio)
    method: Callable[..., object] = getattr(getattr(client, attribute), name)
    amethod: Callable[..., Awaitable[object]] = getattr(getattr(client.aio, attribute), name)
    args, kwargs, by_name = _fake_arguments(inspect.signature(method))

    assert method(*args, **kwargs) is result
    assert await amethod(*args, **kwargs) is result
    assert calls == [("sync", (), {"client": client, **by_name}), ("asyncio", (), {"client": client, **by_name})]


def test_resources_are_made_once_per_client() -> None:
    client = _plain("http://127.0.0.1:9")
    assert client.contacts is client.contacts
    assert client.aio is client.aio
    assert client.aio.tags is client.aio.tags


# -- the same request as the module function, over real HTTP -----------------------------------------

UUID = "0b7c2a4e-5d6f-4a8b-9c1d-2e3f4a5b6c7d"
CREATED = {"id": 1001, "rev": 1, "uuid": UUID}


class Call:
    """One call made four ways: module sync, resource sync, module asyncio, aio resource."""

    def __init__(
        self,
        module: types.ModuleType,
        resource: str,
        args: tuple[object, ...],
        kwargs: dict[str, object],
        answer: object,
    ) -> None:
        self.module, self.resource, self.args, self.kwargs, self.answer = module, resource, args, kwargs, answer
        self.id = module.__name__.rsplit(".", 1)[1]

    def __repr__(self) -> str:
        return self.id


CALLS = [
    Call(get_contact, "contacts.get", (7,), {}, {"id": 7}),
    Call(create_contact, "contacts.create", (), {"body": ContactRequest(phone="15105553344", first="Ada")}, CREATED),
    Call(
        update_contact,
        "contacts.update",
        (7,),
        {"body": ContactRequest(phone="15105553344"), "overwrite": True},
        CREATED,
    ),
    Call(
        batch_create_contacts,
        "contacts.batch_create",
        (),
        {"body": [ContactRequest(phone="15105551234"), ContactRequest(phone="15105553344")], "overwrite": True},
        "ok",
    ),
    Call(delete_contact, "contacts.delete", (7,), {}, "ok"),
    Call(list_contacts, "contacts.list", (), {"body": ListContactsRequest(limit=2)}, [{"id": 7}]),
    Call(count_contacts, "contacts.count", (), {"body": ListContactsRequest()}, "3"),
    Call(
        search_contacts_v2,
        "contacts_v2.search",
        (),
        {"body": SearchContactsV2Request(contact_channels=[ChannelSearch(channel_ids=["14155551234"])])},
        [{"id": 7}],
    ),
    Call(
        bulk_delete_contacts_v2,
        "contacts_v2.bulk_delete",
        (),
        {
            "body": BulkDeleteContactsV2Request(
                contact_channels=[BulkDeleteChannel(channel_type="id", channel_ids=[UUID])]
            )
        },
        "ok",
    ),
    Call(get_contact_channel, "contact_channels.get", (UUID, "email"), {}, {"channel_type": "email"}),
    Call(list_contact_channels, "contact_channels.list", (UUID,), {}, [{"channel_type": "email"}]),
    Call(list_tags, "tags.list", (), {"body": ListTagsRequest()}, [{"id": 5, "tag": "VIP"}]),
]


def _resource_method(resources: object, dotted: str) -> Callable[..., Any]:
    attribute, name = dotted.split(".")
    method: Callable[..., Any] = getattr(getattr(resources, attribute), name)
    return method


@pytest.mark.parametrize("call", CALLS, ids=repr)
@pytest.mark.asyncio
async def test_a_resource_call_sends_the_same_request_as_the_module_call(loopback: LoopbackServer, call: Call) -> None:
    for _ in range(4):
        loopback.enqueue(200, call.answer)
    async with _plain(loopback.base_url) as client:
        with client:
            results = [
                call.module.sync(*call.args, client=client, **call.kwargs),
                _resource_method(client, call.resource)(*call.args, **call.kwargs),
                await call.module.asyncio(*call.args, client=client, **call.kwargs),
                await _resource_method(client.aio, call.resource)(*call.args, **call.kwargs),
            ]
    first, *others = loopback.requests
    assert len(others) == 3
    assert first.method == SPEC_METHOD[call.id].upper()
    for other in others:
        assert (other.method, other.path, other.body, other.headers) == (
            first.method,
            first.path,
            first.body,
            first.headers,
        )
    assert all(type(r) is type(results[0]) for r in results)
    assert all(_as_data(r) == _as_data(results[0]) for r in results)


SPEC_METHOD = {_snake(op["operationId"]): method for _, method, op in operations()}


def _as_data(value: object) -> object:
    if isinstance(value, list):
        return [_as_data(v) for v in value]
    to_dict = getattr(value, "to_dict", None)
    return to_dict() if to_dict is not None else value


def test_the_request_table_covers_every_kind_of_parameter() -> None:
    """Path parameters (one and two), a query parameter, object and array bodies, a DELETE with a body."""
    kinds = set()
    for call in CALLS:
        parameters = inspect.signature(call.module.sync).parameters
        positional = [p for p in parameters.values() if p.kind is p.POSITIONAL_OR_KEYWORD]
        kinds.add(f"path x{len(positional)}")
        if "overwrite" in call.kwargs:
            kinds.add("query")
        body = call.kwargs.get("body")
        if isinstance(body, list):
            kinds.add("array body")
        elif body is not None:
            kinds.add("object body")
            if SPEC_METHOD[call.id] == "delete":
                kinds.add("delete with body")
    assert kinds >= {"path x0", "path x1", "path x2", "query", "array body", "object body", "delete with body"}


# -- against the stand-in -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server() -> Iterator[StandInServer]:
    with StandInServer(standin_config()) as srv:
        yield srv


@pytest.fixture
def standin(server: StandInServer) -> StandInServer:
    server.reset()
    return server


def _counts(server: StandInServer) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = server.stats()["by_operation"]
    return counts


def test_resource_and_module_calls_agree_on_the_stand_in(standin: StandInServer) -> None:
    with _plain(standin.url, token=mint_jwt()) as client:
        created = client.contacts.create(body=ContactRequest(phone="15105553344", first="Ada"))
        assert_type(created, MutationResult)
        via_resource = client.contacts.get(created.id)
        assert_type(via_resource, Contact)
        via_module = get_contact.sync(created.id, client=client)
        assert via_resource.to_dict() == via_module.to_dict()
        assert (via_resource.id, via_resource.phone, via_resource.first) == (created.id, "15105553344", "Ada")

        page = client.contacts.list(body=ListContactsRequest())
        assert_type(page, list[Contact])
        assert [c.to_dict() for c in page] == [
            c.to_dict() for c in list_contacts.sync(client=client, body=ListContactsRequest())
        ]
        assert [c.id for c in page] == [created.id]

        assert client.contacts.delete(created.id) == "ok"
        with pytest.raises(errors.StatusError) as caught:
            client.contacts.get(created.id)
        assert caught.value.status_code == 404
        assert isinstance(caught.value.parsed, ErrorBody)
        with pytest.raises(errors.StatusError):
            get_contact.sync(created.id, client=client)

        # the other resources, briefly: v2, channels, tags
        v2 = client.contacts_v2.create(
            body=ContactV2Request(
                contact_channels=[ContactChannelInput(channel_type="phone", channel_id="14155551234")]
            )
        )
        channels = client.contact_channels.list(v2.uuid)
        assert_type(channels, list[ContactChannel])
        assert [(c.channel_type, c.channel_id) for c in channels] == [("phone", "14155551234")]
        tag = client.tags.create(body=CreateTagRequest(tag="VIP", color="#FFD700"))
        got = client.tags.get(tag.id)
        assert_type(got, Tag)
        assert got.tag == "VIP"

    assert _counts(standin) == {
        "createContact": {"200": 1},
        "getContact": {"200": 2, "404": 2},
        "listContacts": {"200": 2},
        "deleteContact": {"200": 1},
        "createContactV2": {"200": 1},
        "listContactChannels": {"200": 1},
        "createTag": {"200": 1},
        "getTag": {"200": 1},
    }


@pytest.mark.asyncio
async def test_async_resource_and_module_calls_agree_on_the_stand_in(standin: StandInServer) -> None:
    async with _plain(standin.url, token=mint_jwt()) as client:
        created = await client.aio.contacts.create(body=ContactRequest(phone="15105553344", first="Ada"))
        assert_type(created, MutationResult)
        via_resource = await client.aio.contacts.get(created.id)
        assert_type(via_resource, Contact)
        via_module = await get_contact.asyncio(created.id, client=client)
        assert via_resource.to_dict() == via_module.to_dict()
        assert via_resource.first == "Ada"

        page = await client.aio.contacts.list(body=ListContactsRequest())
        assert [c.id for c in page] == [created.id]
        assert [c.to_dict() for c in page] == [
            c.to_dict() for c in await list_contacts.asyncio(client=client, body=ListContactsRequest())
        ]

        assert await client.aio.contacts.delete(created.id) == "ok"
        with pytest.raises(errors.StatusError) as caught:
            await client.aio.contacts.get(created.id)
        assert caught.value.status_code == 404

    assert _counts(standin) == {
        "createContact": {"200": 1},
        "getContact": {"200": 2, "404": 1},
        "listContacts": {"200": 2},
        "deleteContact": {"200": 1},
    }


# -- through heymarket.create_client ------------------------------------------------------------------------


@pytest.fixture
def runtime_client(standin: StandInServer) -> Iterator[heymarket.HeymarketClient]:
    with heymarket.create_client(secret_id=FAKE_SECRET_ID, secret_key=FAKE_SECRET_KEY, base_url=standin.url) as c:
        yield c


@pytest_asyncio.fixture
async def aruntime_client(standin: StandInServer) -> AsyncIterator[heymarket.HeymarketClient]:
    async with heymarket.create_client(secret_id=FAKE_SECRET_ID, secret_key=FAKE_SECRET_KEY, base_url=standin.url) as c:
        yield c


def test_resources_through_create_client_raise_the_typed_errors(
    standin: StandInServer, runtime_client: heymarket.HeymarketClient
) -> None:
    created = runtime_client.contacts.create(body=ContactRequest(phone="15105553344"))
    assert runtime_client.contacts.get(created.id).phone == "15105553344"
    assert runtime_client.contacts.delete(created.id) == "ok"
    with pytest.raises(heymarket.NotFoundError) as caught:
        runtime_client.contacts.get(created.id)
    assert caught.value.status_code == 404
    with pytest.raises(heymarket.NotFoundError):
        runtime_client.contacts_v2.get(UUID)
    assert _counts(standin) == {
        "createContact": {"200": 1},
        "getContact": {"200": 1, "404": 1},
        "deleteContact": {"200": 1},
        "getContactV2": {"404": 1},
    }


@pytest.mark.asyncio
async def test_async_resources_through_create_client_raise_the_typed_errors(
    standin: StandInServer, aruntime_client: heymarket.HeymarketClient
) -> None:
    created = await aruntime_client.aio.contacts.create(body=ContactRequest(phone="15105553344"))
    assert (await aruntime_client.aio.contacts.get(created.id)).phone == "15105553344"
    with pytest.raises(heymarket.NotFoundError):
        await aruntime_client.aio.contacts.get(created.id + 1)
    with pytest.raises(heymarket.NotFoundError):
        await aruntime_client.aio.tags.get(424242)
    assert _counts(standin) == {"createContact": {"200": 1}, "getContact": {"200": 1, "404": 1}, "getTag": {"404": 1}}


def test_without_raise_errors_the_resource_still_raises_the_typed_error(standin: StandInServer) -> None:
    """With raise_errors=False the transport returns the 404; sync() turns it into the runtime's error."""
    with heymarket.create_client(
        secret_id=FAKE_SECRET_ID, secret_key=FAKE_SECRET_KEY, base_url=standin.url, raise_errors=False
    ) as client:
        with pytest.raises(heymarket.NotFoundError) as caught:
            client.contacts.get(424242)
        assert caught.value.status_code == 404
        # the detailed call still returns it
        assert get_contact.sync_detailed(424242, client=client).status_code == 404


def test_a_success_body_that_does_not_parse_raises_the_runtime_error(loopback: LoopbackServer) -> None:
    loopback.enqueue(200, b"{not json", {"Content-Type": "application/json"})
    loopback.enqueue(200, [1, 2])
    with heymarket.create_client(secret_id=FAKE_SECRET_ID, secret_key=FAKE_SECRET_KEY, base_url=loopback.base_url) as c:
        for _ in range(2):
            with pytest.raises(heymarket.APIResponseValidationError) as caught:
                c.contacts.get(7)
            assert caught.value.status_code == 200
    assert len(loopback.requests) == 2
