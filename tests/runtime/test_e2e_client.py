"""End to end: every operation of the spec through the generated client, JWT auth, real HTTP.

The stand-in validates each request against openapi.yaml, so a client that sent something the spec
does not allow would get 400s here; the generated parsers read each answer into the spec's models.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any, TypeVar

import httpx
import pytest

from heymarket import AuthenticationError, HeymarketJWTAuth, NotFoundError, create_client
from heymarket_client import AuthenticatedClient
from heymarket_client.api.contact_channels import (
    add_contact_channel,
    delete_contact_channel,
    get_contact_channel,
    list_contact_channels,
    update_contact_channel,
)
from heymarket_client.api.contact_fields import create_contact_fields, list_contact_fields
from heymarket_client.api.contacts_v1 import (
    batch_create_contacts,
    count_contacts,
    create_contact,
    delete_contact,
    get_contact,
    get_contact_by_phone_or_id,
    get_contact_status,
    list_contacts,
    set_contact_status,
    update_contact,
)
from heymarket_client.api.contacts_v2 import (
    bulk_delete_contacts_v2,
    bulk_upsert_contacts_v2,
    create_contact_v2,
    delete_contact_v2,
    get_contact_v2,
    list_contacts_v2,
    search_contacts_v2,
    update_contact_v2,
)
from heymarket_client.api.tags import create_tag, delete_tag, get_tag, list_tags
from heymarket_client.models import (
    BulkDeleteChannel,
    BulkDeleteContactsV2Request,
    BulkUpsertContactsV2Request,
    BulkUpsertContactsV2Response,
    ChannelSearch,
    Contact,
    ContactChannel,
    ContactChannelInput,
    ContactLookupRequest,
    ContactRequest,
    ContactStatus,
    ContactStatusRequest,
    ContactStatusValue,
    ContactV2BulkItem,
    ContactV2Request,
    ContactV2UpdateRequest,
    CreatedContactField,
    CreateTagRequest,
    CustomFields,
    ListContactFieldsRequest,
    ListContactsRequest,
    ListContactsV2Request,
    ListTagsRequest,
    MutationResult,
    NewContactField,
    SearchContactsV2Request,
    SetContactStatusRequest,
    Tag,
    TagRef,
)
from tests.support.fakes import FAKE_SECRET_ID, FAKE_SECRET_KEY
from tests.support.spec import operations
from tests.support.standin import StandInServer, standin_config

T = TypeVar("T")


def expect(value: object, kind: type[T]) -> T:
    assert isinstance(value, kind), f"expected {kind.__name__}, got {value!r}"
    return value


def expect_list(value: object, kind: type[T]) -> list[T]:
    assert isinstance(value, list), value
    assert all(isinstance(item, kind) for item in value), value
    return value


@pytest.fixture(scope="module")
def server() -> Iterator[StandInServer]:
    with StandInServer(standin_config()) as srv:
        yield srv


@pytest.fixture
def client(server: StandInServer) -> Iterator[AuthenticatedClient]:
    server.reset()
    with create_client(secret_id=FAKE_SECRET_ID, secret_key=FAKE_SECRET_KEY, base_url=server.url) as c:
        yield c


def test_every_operation_through_the_generated_client(server: StandInServer, client: AuthenticatedClient) -> None:
    # --- v1 contacts
    created = expect(
        create_contact.sync(
            client=client,
            body=ContactRequest(
                phone="15105553344",
                first="API",
                last="Contact",
                email="help@heymarket.com",
                tags=[TagRef(tag_id=55)],
            ),
        ),
        MutationResult,
    )
    assert created.rev == 1
    contact = expect(get_contact.sync(created.id, client=client), Contact)
    assert (contact.phone, contact.first, contact.email) == ("15105553344", "API", "help@heymarket.com")

    updated = expect(
        update_contact.sync(
            created.id,
            client=client,
            overwrite=True,
            body=ContactRequest(phone="15105553344", first="Ada", custom=CustomFields.from_dict({"123": "Premium"})),
        ),
        MutationResult,
    )
    assert (updated.id, updated.uuid) == (created.id, created.uuid)
    assert updated.rev > created.rev

    by_phone = expect(
        get_contact_by_phone_or_id.sync(client=client, body=ContactLookupRequest(phone="15105553344")), Contact
    )
    assert (by_phone.id, by_phone.first) == (created.id, "Ada")
    by_id = expect(
        get_contact_by_phone_or_id.sync(client=client, body=ContactLookupRequest(id=str(created.id))), Contact
    )
    assert by_id.id == created.id

    status = expect(get_contact_status.sync(client=client, body=ContactStatusRequest(id=created.id)), ContactStatus)
    assert status.unsubscribed is False
    assert (
        set_contact_status.sync(
            client=client, body=SetContactStatusRequest(id=created.id, status=ContactStatusValue.UNSUBSCRIBED)
        )
        == "success"
    )
    status = expect(
        get_contact_status.sync(client=client, body=ContactStatusRequest(phone="15105553344")), ContactStatus
    )
    assert status.unsubscribed is True

    not_created = batch_create_contacts.sync(
        client=client,
        body=[ContactRequest(phone="15105551234", first="Alice"), ContactRequest(phone="15105553344")],
    )
    assert [c.phone for c in expect_list(not_created, Contact)] == ["15105553344"]
    assert batch_create_contacts.sync(client=client, body=[ContactRequest(phone="15105559999")]) == "ok"

    page = expect_list(list_contacts.sync(client=client, body=ListContactsRequest(limit=2)), Contact)
    assert len(page) == 2
    assert str(count_contacts.sync(client=client, body=ListContactsRequest())) == "3"

    # --- custom contact fields
    fields = expect_list(
        create_contact_fields.sync(client=client, body=[NewContactField(title="Plan")]), CreatedContactField
    )
    assert (fields[0].title, fields[0].duplicate) == ("Plan", False)
    listed_fields = list_contact_fields.sync(client=client, body=ListContactFieldsRequest())
    assert isinstance(listed_fields, list)
    assert [(f.id, f.title) for f in listed_fields] == [(fields[0].id, "Plan")]

    # --- v2 contacts and channels
    v2 = expect(
        create_contact_v2.sync(
            client=client,
            body=ContactV2Request(
                contact_channels=[ContactChannelInput(channel_type="phone", channel_id="14155551234")],
                first="Grace",
            ),
        ),
        MutationResult,
    )
    uuid = v2.uuid  # a plain string, passed on as it is to every v2 call
    assert expect(get_contact_v2.sync(uuid, client=client), Contact).first == "Grace"
    renamed = expect(update_contact_v2.sync(uuid, client=client, body=ContactV2UpdateRequest(last="Hopper")), Contact)
    assert (renamed.first, renamed.last) == ("Grace", "Hopper")

    email = ContactChannelInput(channel_type="email", channel_id="grace@example.com")
    channels = expect_list(add_contact_channel.sync(uuid, client=client, body=email), ContactChannel)
    assert {c.channel_type for c in channels} == {"phone", "email"}
    new_email = ContactChannelInput(channel_type="email", channel_id="grace@navy.example")
    expect_list(update_contact_channel.sync(uuid, client=client, body=new_email), ContactChannel)
    listed = expect_list(list_contact_channels.sync(uuid, client=client), ContactChannel)
    assert {c.channel_id for c in listed} == {"14155551234", "grace@navy.example"}
    one = expect(get_contact_channel.sync(uuid, "email", client=client), ContactChannel)
    assert one.channel_id == "grace@navy.example"
    assert isinstance(delete_contact_channel.sync(uuid, "email", client=client), str)
    with pytest.raises(NotFoundError):
        get_contact_channel.sync(uuid, "email", client=client)

    found = expect_list(
        search_contacts_v2.sync(
            client=client,
            body=SearchContactsV2Request(contact_channels=[ChannelSearch(channel_ids=["14155551234"])]),
        ),
        Contact,
    )
    assert [c.first for c in found] == ["Grace"]
    assert len(expect_list(list_contacts_v2.sync(client=client, body=ListContactsV2Request()), Contact)) == 4

    upserted = expect(
        bulk_upsert_contacts_v2.sync(
            client=client,
            body=BulkUpsertContactsV2Request(
                contacts=[
                    ContactV2BulkItem(contact_id=uuid, first="Amazing Grace"),
                    ContactV2BulkItem(
                        contact_channels=[ContactChannelInput(channel_type="phone", channel_id="14155550000")]
                    ),
                ]
            ),
        ),
        BulkUpsertContactsV2Response,
    )
    assert isinstance(upserted.contacts, list)
    assert len(upserted.contacts) == 2
    assert upserted.failed_contacts == []
    assert expect(get_contact_v2.sync(uuid, client=client), Contact).first == "Amazing Grace"
    new_uuid = next(c.uuid for c in upserted.contacts if c.phone == "14155550000")
    assert isinstance(new_uuid, str)
    assert (
        bulk_delete_contacts_v2.sync(
            client=client,
            body=BulkDeleteContactsV2Request(
                contact_channels=[BulkDeleteChannel(channel_type="id", channel_ids=[new_uuid])]
            ),
        )
        == "ok"
    )
    with pytest.raises(NotFoundError):
        get_contact_v2.sync(new_uuid, client=client)
    assert isinstance(delete_contact_v2.sync(uuid, client=client), str)
    with pytest.raises(NotFoundError):
        get_contact_v2.sync(uuid, client=client)

    assert delete_contact.sync(created.id, client=client) == "ok"
    with pytest.raises(NotFoundError):
        get_contact.sync(created.id, client=client)

    # --- tags
    tag_ids = expect(create_tag.sync(client=client, body=CreateTagRequest(tag="VIP", color="#FFD700")), MutationResult)
    tag = expect(get_tag.sync(tag_ids.id, client=client), Tag)
    assert (tag.tag, tag.color) == ("VIP", "#FFD700")
    assert [t.id for t in expect_list(list_tags.sync(client=client, body=ListTagsRequest()), Tag)] == [tag_ids.id]
    assert isinstance(delete_tag.sync(tag_ids.id, client=client), str)
    with pytest.raises(NotFoundError):
        get_tag.sync(tag_ids.id, client=client)

    # Every operation of the spec answered 200 at least once.
    seen: dict[str, dict[str, int]] = server.stats()["by_operation"]
    all_ids = {op["operationId"] for _, _, op in operations()}
    assert {op for op, statuses in seen.items() if statuses.get("200")} == all_ids
    assert len(all_ids) == 29


@pytest.mark.asyncio
async def test_async_operations_parse_too(server: StandInServer, client: AuthenticatedClient) -> None:
    created = expect(
        await create_contact.asyncio(client=client, body=ContactRequest(phone="15105550042")), MutationResult
    )
    contact = expect(await get_contact.asyncio(created.id, client=client), Contact)
    assert contact.phone == "15105550042"


# --- tokens the stand-in must refuse -------------------------------------------------------


def _client_with(server: StandInServer, auth: Any) -> AuthenticatedClient:
    return AuthenticatedClient(
        base_url=server.url, token="unused", httpx_args={"auth": auth}, timeout=httpx.Timeout(10.0)
    )


def _attempts(server: StandInServer, operation: str) -> dict[str, int]:
    seen: dict[str, dict[str, int]] = server.stats()["by_operation"]
    return seen.get(operation, {})


def test_expired_token_is_refused_after_one_fresh_retry(server: StandInServer) -> None:
    server.reset()
    # Two days off: beyond what the auth's clock-skew correction believes, so the re-sign cannot help.
    stale = HeymarketJWTAuth(FAKE_SECRET_ID, FAKE_SECRET_KEY, clock=lambda: time.time() - 2 * 86_400)
    with _client_with(server, stale) as client:
        response = create_contact.sync_detailed(client=client, body=ContactRequest(phone="15105550001"))
    assert response.status_code == 401
    assert response.headers["X-Request-Id"]
    assert _attempts(server, "createContact") == {"401": 2}  # the 401 re-sign happened once
    assert server.contacts() == []


def test_a_clock_400_s_slow_is_corrected_by_the_servers_date(server: StandInServer) -> None:
    server.reset()
    slow = HeymarketJWTAuth(FAKE_SECRET_ID, FAKE_SECRET_KEY, clock=lambda: time.time() - 400)
    with _client_with(server, slow) as client:
        response = create_contact.sync_detailed(client=client, body=ContactRequest(phone="15105550001"))
    assert response.status_code == 200
    assert _attempts(server, "createContact") == {"401": 1, "200": 1}
    assert len(server.contacts()) == 1


def test_wrongly_signed_token_is_refused(server: StandInServer) -> None:
    server.reset()
    with (
        create_client(secret_id=FAKE_SECRET_ID, secret_key="not-the-key", base_url=server.url) as client,
        pytest.raises(AuthenticationError) as caught,
    ):
        get_contact.sync(1, client=client)
    assert caught.value.status_code == 401
    assert caught.value.request_id
    assert "not-the-key" not in str(caught.value)
    assert _attempts(server, "getContact") == {"401": 2}


def test_missing_token_is_refused(server: StandInServer) -> None:
    server.reset()
    with AuthenticatedClient(base_url=server.url, token="", prefix="") as client:
        response = list_tags.sync_detailed(client=client, body=ListTagsRequest())
    assert response.status_code == 401
    assert _attempts(server, "listTags") == {"401": 1}
