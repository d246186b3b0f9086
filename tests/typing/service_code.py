"""Typical service code against the client, written as a team that runs ``mypy --strict`` and pyright writes it.

``test_user_code_types.py`` type-checks this file with both checkers (no error may come back) and calls
its functions against the stand-in, so it cannot rot. It holds no cast, no assertion of a result's type
and no comment that silences a checker: every call returns exactly its operation's success type, and any
other answer raises.
Not a test module itself (pytest collects ``test_*.py`` only).
"""

from __future__ import annotations

import asyncio

import httpx

import heymarket
from heymarket import HeymarketClient, aiter_contacts, iter_contacts
from heymarket_auth import HeymarketJWTAuth
from heymarket_client import AuthenticatedClient
from heymarket_client.api.contacts_v1 import create_contact, get_contact
from heymarket_client.api.tags import list_tags
from heymarket_client.errors import StatusError
from heymarket_client.models import (
    ChannelSearch,
    Contact,
    ContactChannelInput,
    ContactLookupRequest,
    ContactRequest,
    ContactV2Request,
    ContactV2UpdateRequest,
    CreateTagRequest,
    ListTagsRequest,
    MutationResult,
    SearchContactsV2Request,
)
from heymarket_client.types import Unset

# ---------------------------------------------------------------------------------- resource style


def sign_up(client: HeymarketClient, phone: str, first: str) -> int:
    """Create a v1 contact; its integer id."""
    created = client.contacts.create(body=ContactRequest(phone=phone, first=first))
    return created.id


def sign_up_v2(client: HeymarketClient, phone: str, email: str, first: str) -> str:
    """Create a v2 contact identified by its channels; its uuid."""
    created = client.contacts_v2.create(
        body=ContactV2Request(
            contact_channels=[
                ContactChannelInput(channel_type="phone", channel_id=phone),
                ContactChannelInput(channel_type="email", channel_id=email),
            ],
            first=first,
        )
    )
    return created.uuid


def first_name(client: HeymarketClient, contact_id: int) -> str | None:
    """The contact's first name; None when there is no such contact (or it has no first name)."""
    try:
        contact = client.contacts.get(contact_id)
    except heymarket.NotFoundError:
        return None
    return None if isinstance(contact.first, Unset) else contact.first


def find_by_phone(client: HeymarketClient, phone: str) -> Contact | None:
    try:
        return client.contacts.get_by_phone_or_id(body=ContactLookupRequest(phone=phone))
    except heymarket.NotFoundError:
        return None


def rename_v2(client: HeymarketClient, uuid: str, first: str) -> Contact:
    return client.contacts_v2.update(uuid, body=ContactV2UpdateRequest(first=first))


def search_by_email(client: HeymarketClient, email: str) -> list[str]:
    """The uuids of the contacts with this email channel."""
    found = client.contacts_v2.search(
        body=SearchContactsV2Request(contact_channels=[ChannelSearch(channel_type="email", channel_ids=[email])])
    )
    return [contact.uuid for contact in found if not isinstance(contact.uuid, Unset)]


def import_phones(client: HeymarketClient, phones: list[str]) -> list[str]:
    """Batch-create contacts; the phones that were not created (the batch answers "ok" when none failed)."""
    failed = client.contacts.batch_create(body=[ContactRequest(phone=phone) for phone in phones])
    if isinstance(failed, str):  # the spec's success type is `list[Contact] | str`: "ok"
        return []
    return [contact.phone for contact in failed if not isinstance(contact.phone, Unset)]


def ensure_tag(client: HeymarketClient, name: str) -> int:
    """The id of the tag with this name, created when there is none."""
    for tag in client.tags.list(body=ListTagsRequest()):
        if tag.tag == name and not isinstance(tag.id, Unset):
            return tag.id
    return client.tags.create(body=CreateTagRequest(tag=name)).id


def remove(client: HeymarketClient, contact_id: int) -> bool:
    """Delete a contact; True when the server answered "ok"."""
    answer: str = client.contacts.delete(contact_id)
    return answer == "ok"


def lookup_without_retries(client: HeymarketClient, contact_id: int, trace_id: str) -> str | None:
    """One attempt, with a tracing header on a copy of the client (the original never sends it)."""
    traced = client.with_options(retries=0).with_headers({"X-Trace-Id": trace_id})
    try:
        phone = traced.contacts.get(contact_id).phone
    except heymarket.NotFoundError as error:
        print(f"not found (request id {error.request_id})")
        return None
    return None if isinstance(phone, Unset) else phone


def all_phones(client: HeymarketClient) -> list[str]:
    """Every v1 contact's phone, through the pager."""
    return [contact.phone for contact in iter_contacts(client, page_size=50) if not isinstance(contact.phone, Unset)]


# ---------------------------------------------------------------------------------- async: client.aio


async def sign_up_many(client: HeymarketClient, phones: list[str]) -> list[int]:
    created = await asyncio.gather(*(client.aio.contacts.create(body=ContactRequest(phone=phone)) for phone in phones))
    return sorted(result.id for result in created)


async def tag_names(client: HeymarketClient) -> list[str]:
    tags = await client.aio.tags.list(body=ListTagsRequest())
    return [tag.tag for tag in tags if not isinstance(tag.tag, Unset)]


async def first_name_async(client: HeymarketClient, contact_id: int) -> str | None:
    try:
        contact = await client.aio.contacts.get(contact_id)
    except heymarket.NotFoundError:
        return None
    return None if isinstance(contact.first, Unset) else contact.first


async def count_async(client: HeymarketClient) -> int:
    """Every v1 contact, through the async pager."""
    return len([contact async for contact in aiter_contacts(client)])


# ---------------------------------------------------------------------------------- module style


def sign_up_module_style(client: HeymarketClient, phone: str) -> MutationResult:
    return create_contact.sync(client=client, body=ContactRequest(phone=phone))


def phone_module_style(client: HeymarketClient, contact_id: int) -> str | None:
    contact: Contact = get_contact.sync(client=client, id=contact_id)
    return None if isinstance(contact.phone, Unset) else contact.phone


def status_module_style(client: HeymarketClient, contact_id: int) -> int:
    """sync_detailed() keeps the whole response (status, headers, parsed body); with raise_errors=False it
    returns an error response instead of raising."""
    response = get_contact.sync_detailed(client=client.with_options(raise_errors=False), id=contact_id)
    return response.status_code


async def tag_count_module_style(client: HeymarketClient) -> int:
    return len(await list_tags.asyncio(client=client, body=ListTagsRequest()))


# ---------------------------------------------------------------------------------- the generated client alone


def plain_client(base_url: str, secret_id: str, secret_key: str) -> AuthenticatedClient:
    """The generated client with the JWT auth only: no retries, limiter or typed errors of the runtime."""
    return AuthenticatedClient(
        base_url=base_url,
        token="unused",  # required by the generated class; the auth flow overwrites the header
        timeout=httpx.Timeout(30.0),
        httpx_args={"auth": HeymarketJWTAuth(secret_id, secret_key)},
    )


def status_of_missing(client: AuthenticatedClient, contact_id: int) -> int | None:
    """The status the plain client raises for a missing contact (the generated StatusError)."""
    try:
        client.contacts.get(contact_id)
    except StatusError as error:
        return error.status_code
    return None
