"""Independent conformance: every operation through the generated client against Prism.

Prism (@stoplight/prism-cli, pinned in package.json) serves openapi.yaml in mock mode with
`--errors`, so it rejects any request that breaks the spec (and says why in `sl-violations`).
It is a third-party validator: when it disagrees, the spec or the client is fixed, not this test.
"""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from heymarket import BadRequestError, create_client
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
    ChannelSearch,
    ContactChannelInput,
    ContactLookupRequest,
    ContactRequest,
    ContactStatusRequest,
    ContactStatusValue,
    ContactV2BulkItem,
    ContactV2Request,
    ContactV2UpdateRequest,
    CreateTagRequest,
    CustomFields,
    ListContactFieldsRequest,
    ListContactsRequest,
    ListContactsV2Request,
    ListTagsRequest,
    NewContactField,
    SearchContactsV2Request,
    SetContactStatusRequest,
    TagRef,
)
from heymarket_client.types import Response
from tests.support.paths import ROOT, SPEC_PATH
from tests.support.spec import operations

PRISM = ROOT / "node_modules" / ".bin" / "prism"
UUID_1 = "a1b2c3d4-e5f6-7890-abcd-ef1234567890"
PHONE = ContactChannelInput(channel_type="phone", channel_id="14155551234")
FULL_CONTACT = ContactRequest(
    phone="15105553344",
    first="API",
    last="Contact",
    display_name="API Contact",
    email="help@heymarket.com",
    custom=CustomFields.from_dict({"123": "Premium"}),
    avatar="https://some.image.url.com/img.jpg",
    assignee_id=-1,
    tags=[TagRef(tag_id=1), TagRef(tag_id=2)],
    is_opted_out=False,
    email_suppressions=[123],
)

Call = Callable[[AuthenticatedClient], Response[Any]]
CALLS: dict[str, Call] = {
    "createContact": lambda c: create_contact.sync_detailed(client=c, body=FULL_CONTACT),
    "getContact": lambda c: get_contact.sync_detailed(98765, client=c),
    "updateContact": lambda c: update_contact.sync_detailed(98765, client=c, body=FULL_CONTACT, overwrite=True),
    "deleteContact": lambda c: delete_contact.sync_detailed(98765, client=c),
    "listContacts": lambda c: list_contacts.sync_detailed(
        client=c, body=ListContactsRequest(date="2024-01-10T08:00:00Z", limit=30, page=0, ascending=False)
    ),
    "countContacts": lambda c: count_contacts.sync_detailed(client=c, body=ListContactsRequest()),
    "getContactByPhoneOrId": lambda c: get_contact_by_phone_or_id.sync_detailed(
        client=c, body=ContactLookupRequest(phone="15105553344")
    ),
    "getContactStatus": lambda c: get_contact_status.sync_detailed(client=c, body=ContactStatusRequest(id=98765)),
    "setContactStatus": lambda c: set_contact_status.sync_detailed(
        client=c, body=SetContactStatusRequest(id=98765, phone="15105553344", status=ContactStatusValue.BLOCKED)
    ),
    "batchCreateContacts": lambda c: batch_create_contacts.sync_detailed(
        client=c, body=[FULL_CONTACT, ContactRequest(phone="15105551234")], overwrite=True
    ),
    "listContactFields": lambda c: list_contact_fields.sync_detailed(client=c, body=ListContactFieldsRequest()),
    "createContactFields": lambda c: create_contact_fields.sync_detailed(
        client=c, body=[NewContactField(title="Plan")]
    ),
    "createContactV2": lambda c: create_contact_v2.sync_detailed(
        client=c, body=ContactV2Request(contact_channels=[PHONE], first="Ada", tags=[TagRef(tag_id=1)])
    ),
    "getContactV2": lambda c: get_contact_v2.sync_detailed(UUID_1, client=c),
    "updateContactV2": lambda c: update_contact_v2.sync_detailed(
        UUID_1, client=c, body=ContactV2UpdateRequest(first="Ada", contact_channels=[PHONE])
    ),
    "deleteContactV2": lambda c: delete_contact_v2.sync_detailed(UUID_1, client=c),
    "bulkUpsertContactsV2": lambda c: bulk_upsert_contacts_v2.sync_detailed(
        client=c,
        body=BulkUpsertContactsV2Request(
            contacts=[ContactV2BulkItem(contact_channels=[PHONE]), ContactV2BulkItem(contact_id=UUID_1, last="X")]
        ),
    ),
    "bulkDeleteContactsV2": lambda c: bulk_delete_contacts_v2.sync_detailed(
        client=c,
        body=BulkDeleteContactsV2Request(contact_channels=[BulkDeleteChannel(channel_type="id", channel_ids=[UUID_1])]),
    ),
    "listContactsV2": lambda c: list_contacts_v2.sync_detailed(client=c, body=ListContactsV2Request(limit=30, page=0)),
    "searchContactsV2": lambda c: search_contacts_v2.sync_detailed(
        client=c,
        body=SearchContactsV2Request(
            contact_channels=[ChannelSearch(channel_type="phone", channel_ids=["14155551234"])]
        ),
    ),
    "addContactChannel": lambda c: add_contact_channel.sync_detailed(UUID_1, client=c, body=PHONE),
    "updateContactChannel": lambda c: update_contact_channel.sync_detailed(UUID_1, client=c, body=PHONE),
    "listContactChannels": lambda c: list_contact_channels.sync_detailed(UUID_1, client=c),
    "getContactChannel": lambda c: get_contact_channel.sync_detailed(UUID_1, "phone", client=c),
    "deleteContactChannel": lambda c: delete_contact_channel.sync_detailed(UUID_1, "email", client=c),
    "createTag": lambda c: create_tag.sync_detailed(client=c, body=CreateTagRequest(tag="VIP", color="#FFD700")),
    "getTag": lambda c: get_tag.sync_detailed(55, client=c),
    "deleteTag": lambda c: delete_tag.sync_detailed(55, client=c),
    "listTags": lambda c: list_tags.sync_detailed(client=c, body=ListTagsRequest(date="2024-01-10T08:00:00Z")),
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def prism_url() -> Iterator[str]:
    assert PRISM.exists(), "node_modules is missing: run `make install`"
    port = _free_port()
    proc = subprocess.Popen(
        [str(PRISM), "mock", str(SPEC_PATH), "--errors", "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, "prism exited"
            try:
                httpx.get(url + "/v1/tag/1", timeout=1)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "prism did not start within 60 s"
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.fixture
def client(prism_url: str) -> Iterator[AuthenticatedClient]:
    # Made-up credentials: Prism checks that a bearer token is present, not its signature.
    with create_client(secret_id="00000000-0000-4000-8000-000000000000", secret_key="x" * 32, base_url=prism_url) as c:
        yield c


def test_the_table_covers_every_operation() -> None:
    assert set(CALLS) == {op["operationId"] for _, _, op in operations()}
    assert len(CALLS) == 29


@pytest.mark.node
@pytest.mark.parametrize("operation_id", sorted(CALLS))
def test_prism_accepts_the_request_and_the_client_parses_the_answer(
    operation_id: str, client: AuthenticatedClient
) -> None:
    response = CALLS[operation_id](client)
    assert "sl-violations" not in response.headers, response.headers["sl-violations"]
    assert response.status_code == 200, response.content
    assert response.headers.get("X-Request-Id")
    assert response.parsed is not None


@pytest.mark.node
def test_prism_rejects_what_the_spec_forbids(client: AuthenticatedClient) -> None:
    # Control: the same path through the client, with a body the spec forbids, is refused.
    with pytest.raises(BadRequestError) as caught:
        create_contact.sync_detailed(client=client, body=ContactRequest(phone="+15105553344"))
    assert caught.value.status_code == 400
    assert "phone" in caught.value.headers["sl-violations"]
