"""Contains endpoint functions for accessing the API"""

import builtins
from typing import cast

from ...client import AuthenticatedClient
from ...models.bulk_delete_contacts_v2_request import BulkDeleteContactsV2Request
from ...models.bulk_upsert_contacts_v2_request import BulkUpsertContactsV2Request
from ...models.bulk_upsert_contacts_v2_response import BulkUpsertContactsV2Response
from ...models.contact import Contact
from ...models.contact_v2_request import ContactV2Request
from ...models.contact_v2_update_request import ContactV2UpdateRequest
from ...models.error_body import ErrorBody
from ...models.list_contacts_v2_request import ListContactsV2Request
from ...models.mutation_result import MutationResult
from ...models.search_contacts_v2_request import SearchContactsV2Request
from . import (
    bulk_delete_contacts_v2,
    bulk_upsert_contacts_v2,
    create_contact_v2,
    delete_contact_v2,
    get_contact_v2,
    list_contacts_v2,
    search_contacts_v2,
    update_contact_v2,
)


class ContactsV2:
    """The ``contacts_v2`` operations: ``client.contacts_v2.<method>(...)``."""

    __slots__ = ("_client",)

    def __init__(self, client: AuthenticatedClient) -> None:
        self._client = client

    def bulk_delete(
        self,
        *,
        body: BulkDeleteContactsV2Request,
    ) -> str:
        """Bulk delete contacts (v2)

         Deletes the contacts whose UUIDs are listed. The body holds exactly one
        `contact_channels` entry, whose `channel_type` is `id` and whose `channel_ids` are the
        contact UUIDs. Answers the JSON string `"ok"`.

        Args:
            body (BulkDeleteContactsV2Request): Contacts to delete.

        Raises:
            errors.StatusError: If the server answers with any other status (the client's status_error decides the class).
            errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
            httpx.TimeoutException: If the request takes longer than Client.timeout.

        Returns:
            str
        """

        return bulk_delete_contacts_v2.sync(
            client=self._client,
            body=body,
        )

    def bulk_upsert(
        self,
        *,
        body: BulkUpsertContactsV2Request,
    ) -> BulkUpsertContactsV2Response:
        """Bulk create or update contacts (v2)

         Items that carry `contact_id` update that contact; the others are created. The answer
        lists the contacts written and the items that failed.

        **Choice:** the vendor's page is cut off after the `contact` key of a failed item; an
        optional `error` string is declared, and other keys are kept.

        Args:
            body (BulkUpsertContactsV2Request): Contacts to create or update.

        Raises:
            errors.StatusError: If the server answers with any other status (the client's status_error decides the class).
            errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
            httpx.TimeoutException: If the request takes longer than Client.timeout.

        Returns:
            BulkUpsertContactsV2Response
        """

        return bulk_upsert_contacts_v2.sync(
            client=self._client,
            body=body,
        )

    def create(
        self,
        *,
        body: ContactV2Request,
    ) -> MutationResult:
        """Create a contact from channels (v2)

         Creates a contact from one or more contact channels. At least one channel is required;
        each has `channel_type` and `channel_id`.

        **Choice:** the vendor does not say whether `phone` is required here; it is optional.
        This operation is not retry-safe.

        Args:
            body (ContactV2Request): A v2 contact to create. At least one channel is required.

        Raises:
            errors.StatusError: If the server answers with any other status (the client's status_error decides the class).
            errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
            httpx.TimeoutException: If the request takes longer than Client.timeout.

        Returns:
            MutationResult
        """

        return create_contact_v2.sync(
            client=self._client,
            body=body,
        )

    def delete(
        self,
        contact_id: str,
    ) -> str:
        """Delete a contact (v2)

         Deletes the contact with this UUID. A 404 that answers a retry after an attempt of
        unknown outcome counts as done (see "Idempotency" in the API description).

        **Choice:** the vendor describes the answer as a JSON string ("contact deleted") without
        showing its value; any JSON string is accepted, and the example shows `"ok"` as v1 does.

        Args:
            contact_id (str): A UUID as a string; pass the `uuid` of a create result or of a contact
                as it is.
                **Choice:** a plain string, not `format: uuid` (see "Request constraints" in the API
                description).

        Raises:
            errors.StatusError: If the server answers with any other status (the client's status_error decides the class).
            errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
            httpx.TimeoutException: If the request takes longer than Client.timeout.

        Returns:
            str
        """

        return delete_contact_v2.sync(
            client=self._client,
            contact_id=contact_id,
        )

    def get(
        self,
        contact_id: str,
    ) -> Contact:
        """Get a contact (v2)

         Returns the contact with this UUID.

        **Choice:** the vendor does not show this response schema; it is taken to be the same
        Contact object as v1, which may also carry `uuid` and `contact_channels`.

        Args:
            contact_id (str): A UUID as a string; pass the `uuid` of a create result or of a contact
                as it is.
                **Choice:** a plain string, not `format: uuid` (see "Request constraints" in the API
                description).

        Raises:
            errors.StatusError: If the server answers with any other status (the client's status_error decides the class).
            errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
            httpx.TimeoutException: If the request takes longer than Client.timeout.

        Returns:
            Contact
        """

        return get_contact_v2.sync(
            client=self._client,
            contact_id=contact_id,
        )

    def list(
        self,
        *,
        body: ListContactsV2Request,
    ) -> builtins.list[Contact]:
        """List contacts (v2)

         Returns one page of contacts as a bare array. A page shorter than `limit` ends the data.

        Args:
            body (ListContactsV2Request): Paging of a v2 contact list. Send `{}` for the first page.

        Raises:
            errors.StatusError: If the server answers with any other status (the client's status_error decides the class).
            errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
            httpx.TimeoutException: If the request takes longer than Client.timeout.

        Returns:
            list[Contact]
        """

        return list_contacts_v2.sync(
            client=self._client,
            body=body,
        )

    def search(
        self,
        *,
        body: SearchContactsV2Request,
    ) -> builtins.list[Contact]:
        """Search contacts by channel values (v2)

         Returns every contact that has one of the given channel values. When `channel_type` is
        left out the server infers it: an E.164-style value is a phone, a value with `@` an email.

        **Choice:** no match answers an empty array (not documented by the vendor).

        Args:
            body (SearchContactsV2Request): What to search for.

        Raises:
            errors.StatusError: If the server answers with any other status (the client's status_error decides the class).
            errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
            httpx.TimeoutException: If the request takes longer than Client.timeout.

        Returns:
            list[Contact]
        """

        return search_contacts_v2.sync(
            client=self._client,
            body=body,
        )

    def update(
        self,
        contact_id: str,
        *,
        body: ContactV2UpdateRequest,
    ) -> Contact:
        """Update a contact (v2)

         Updates the contact with this UUID and answers the full updated contact (unlike the v1
        update, which answers `{id, rev, uuid}`).

        **Choice:** the vendor does not document an `overwrite` query parameter here, so none is
        declared, and no field of the body is required.

        Args:
            contact_id (str): A UUID as a string; pass the `uuid` of a create result or of a contact
                as it is.
                **Choice:** a plain string, not `format: uuid` (see "Request constraints" in the API
                description).
            body (ContactV2UpdateRequest): Fields of a v2 contact to update; no field is required.

        Raises:
            errors.StatusError: If the server answers with any other status (the client's status_error decides the class).
            errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
            httpx.TimeoutException: If the request takes longer than Client.timeout.

        Returns:
            Contact
        """

        return update_contact_v2.sync(
            client=self._client,
            contact_id=contact_id,
            body=body,
        )


class AsyncContactsV2:
    """The ``contacts_v2`` operations, async: ``await client.aio.contacts_v2.<method>(...)``."""

    __slots__ = ("_client",)

    def __init__(self, client: AuthenticatedClient) -> None:
        self._client = client

    async def bulk_delete(
        self,
        *,
        body: BulkDeleteContactsV2Request,
    ) -> str:
        """Bulk delete contacts (v2)

         Deletes the contacts whose UUIDs are listed. The body holds exactly one
        `contact_channels` entry, whose `channel_type` is `id` and whose `channel_ids` are the
        contact UUIDs. Answers the JSON string `"ok"`.

        Args:
            body (BulkDeleteContactsV2Request): Contacts to delete.

        Raises:
            errors.StatusError: If the server answers with any other status (the client's status_error decides the class).
            errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
            httpx.TimeoutException: If the request takes longer than Client.timeout.

        Returns:
            str
        """

        return await bulk_delete_contacts_v2.asyncio(
            client=self._client,
            body=body,
        )

    async def bulk_upsert(
        self,
        *,
        body: BulkUpsertContactsV2Request,
    ) -> BulkUpsertContactsV2Response:
        """Bulk create or update contacts (v2)

         Items that carry `contact_id` update that contact; the others are created. The answer
        lists the contacts written and the items that failed.

        **Choice:** the vendor's page is cut off after the `contact` key of a failed item; an
        optional `error` string is declared, and other keys are kept.

        Args:
            body (BulkUpsertContactsV2Request): Contacts to create or update.

        Raises:
            errors.StatusError: If the server answers with any other status (the client's status_error decides the class).
            errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
            httpx.TimeoutException: If the request takes longer than Client.timeout.

        Returns:
            BulkUpsertContactsV2Response
        """

        return await bulk_upsert_contacts_v2.asyncio(
            client=self._client,
            body=body,
        )

    async def create(
        self,
        *,
        body: ContactV2Request,
    ) -> MutationResult:
        """Create a contact from channels (v2)

         Creates a contact from one or more contact channels. At least one channel is required;
        each has `channel_type` and `channel_id`.

        **Choice:** the vendor does not say whether `phone` is required here; it is optional.
        This operation is not retry-safe.

        Args:
            body (ContactV2Request): A v2 contact to create. At least one channel is required.

        Raises:
            errors.StatusError: If the server answers with any other status (the client's status_error decides the class).
            errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
            httpx.TimeoutException: If the request takes longer than Client.timeout.

        Returns:
            MutationResult
        """

        return await create_contact_v2.asyncio(
            client=self._client,
            body=body,
        )

    async def delete(
        self,
        contact_id: str,
    ) -> str:
        """Delete a contact (v2)

         Deletes the contact with this UUID. A 404 that answers a retry after an attempt of
        unknown outcome counts as done (see "Idempotency" in the API description).

        **Choice:** the vendor describes the answer as a JSON string ("contact deleted") without
        showing its value; any JSON string is accepted, and the example shows `"ok"` as v1 does.

        Args:
            contact_id (str): A UUID as a string; pass the `uuid` of a create result or of a contact
                as it is.
                **Choice:** a plain string, not `format: uuid` (see "Request constraints" in the API
                description).

        Raises:
            errors.StatusError: If the server answers with any other status (the client's status_error decides the class).
            errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
            httpx.TimeoutException: If the request takes longer than Client.timeout.

        Returns:
            str
        """

        return await delete_contact_v2.asyncio(
            client=self._client,
            contact_id=contact_id,
        )

    async def get(
        self,
        contact_id: str,
    ) -> Contact:
        """Get a contact (v2)

         Returns the contact with this UUID.

        **Choice:** the vendor does not show this response schema; it is taken to be the same
        Contact object as v1, which may also carry `uuid` and `contact_channels`.

        Args:
            contact_id (str): A UUID as a string; pass the `uuid` of a create result or of a contact
                as it is.
                **Choice:** a plain string, not `format: uuid` (see "Request constraints" in the API
                description).

        Raises:
            errors.StatusError: If the server answers with any other status (the client's status_error decides the class).
            errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
            httpx.TimeoutException: If the request takes longer than Client.timeout.

        Returns:
            Contact
        """

        return await get_contact_v2.asyncio(
            client=self._client,
            contact_id=contact_id,
        )

    async def list(
        self,
        *,
        body: ListContactsV2Request,
    ) -> builtins.list[Contact]:
        """List contacts (v2)

         Returns one page of contacts as a bare array. A page shorter than `limit` ends the data.

        Args:
            body (ListContactsV2Request): Paging of a v2 contact list. Send `{}` for the first page.

        Raises:
            errors.StatusError: If the server answers with any other status (the client's status_error decides the class).
            errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
            httpx.TimeoutException: If the request takes longer than Client.timeout.

        Returns:
            list[Contact]
        """

        return await list_contacts_v2.asyncio(
            client=self._client,
            body=body,
        )

    async def search(
        self,
        *,
        body: SearchContactsV2Request,
    ) -> builtins.list[Contact]:
        """Search contacts by channel values (v2)

         Returns every contact that has one of the given channel values. When `channel_type` is
        left out the server infers it: an E.164-style value is a phone, a value with `@` an email.

        **Choice:** no match answers an empty array (not documented by the vendor).

        Args:
            body (SearchContactsV2Request): What to search for.

        Raises:
            errors.StatusError: If the server answers with any other status (the client's status_error decides the class).
            errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
            httpx.TimeoutException: If the request takes longer than Client.timeout.

        Returns:
            list[Contact]
        """

        return await search_contacts_v2.asyncio(
            client=self._client,
            body=body,
        )

    async def update(
        self,
        contact_id: str,
        *,
        body: ContactV2UpdateRequest,
    ) -> Contact:
        """Update a contact (v2)

         Updates the contact with this UUID and answers the full updated contact (unlike the v1
        update, which answers `{id, rev, uuid}`).

        **Choice:** the vendor does not document an `overwrite` query parameter here, so none is
        declared, and no field of the body is required.

        Args:
            contact_id (str): A UUID as a string; pass the `uuid` of a create result or of a contact
                as it is.
                **Choice:** a plain string, not `format: uuid` (see "Request constraints" in the API
                description).
            body (ContactV2UpdateRequest): Fields of a v2 contact to update; no field is required.

        Raises:
            errors.StatusError: If the server answers with any other status (the client's status_error decides the class).
            errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
            httpx.TimeoutException: If the request takes longer than Client.timeout.

        Returns:
            Contact
        """

        return await update_contact_v2.asyncio(
            client=self._client,
            contact_id=contact_id,
            body=body,
        )
