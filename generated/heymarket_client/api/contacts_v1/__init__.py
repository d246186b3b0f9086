"""Contains endpoint functions for accessing the API"""

import builtins
from typing import cast

from ...client import AuthenticatedClient
from ...models.contact import Contact
from ...models.contact_lookup_request import ContactLookupRequest
from ...models.contact_request import ContactRequest
from ...models.contact_status import ContactStatus
from ...models.contact_status_request import ContactStatusRequest
from ...models.error_body import ErrorBody
from ...models.list_contacts_request import ListContactsRequest
from ...models.mutation_result import MutationResult
from ...models.set_contact_status_request import SetContactStatusRequest
from ...types import UNSET, Unset
from . import (
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


class Contacts:
    """The ``contacts_v1`` operations: ``client.contacts.<method>(...)``."""

    __slots__ = ("_client",)

    def __init__(self, client: AuthenticatedClient) -> None:
        self._client = client

    def batch_create(
        self,
        *,
        body: builtins.list[ContactRequest],
        overwrite: bool | Unset = False,
    ) -> builtins.list[Contact] | str:
        """Batch contact create (v1)

         Creates many v1 contacts in one request. The body is a top-level JSON array. A contact
        whose phone already exists (in the team, or earlier in the same array) is skipped, or
        overwritten when `overwrite=true`.

        The vendor's pages disagree on the answer: the narrative page says it is the array of the
        contacts that failed, or the JSON string `"ok"` when every item succeeded; the generated
        page shows an array of contacts, described as "Contacts not created or overwritten".
        **Choice:** the response schema accepts both the string and the array, and the array
        follows the narrative page: it lists the items that failed, that is, the items that were
        neither created nor overwritten. An overwrite is a success. So:

        * a created item is not listed;
        * with `overwrite=false`, an item whose phone exists is skipped and listed, as the
          existing contact (unchanged, with its `id`);
        * with `overwrite=true`, an item whose phone exists overwrites that contact and is not
          listed;
        * an item that the server refuses for a reason the request schema does not express is
          listed, as it was sent (without an `id`), and the other items are still written;
        * a body that does not match the request schema is refused as a whole with 400
          `bad_data`, and nothing is written.

        `"ok"` means that no item is listed. The answer does not tell a created item from an
        overwritten one, or (with `overwrite=false`) a skipped item from a refused one. A client
        that needs to know looks the phones up first (`searchContactsV2`). The maximum batch size
        is not documented.

        Args:
            overwrite (bool | Unset):  Default: False.
            body (list[ContactRequest]): Array of json contacts to create (a top-level JSON array, not
                an object).

        Raises:
            errors.StatusError: If the server answers with any other status (the client's status_error decides the class).
            errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
            httpx.TimeoutException: If the request takes longer than Client.timeout.

        Returns:
            list[Contact] | str
        """

        return batch_create_contacts.sync(
            client=self._client,
            body=body,
            overwrite=overwrite,
        )

    def count(
        self,
        *,
        body: ListContactsRequest,
    ) -> int | str:
        """Count contacts (v1)

         Returns the total number of contacts of the team.

        **Choice:** the vendor documents neither body nor response. The body is taken to be the
        same as `listContacts` and the answer a JSON string holding the decimal count, by analogy
        with the documented messages count; a bare JSON integer is accepted too.

        Args:
            body (ListContactsRequest): Paging and filtering of a v1 contact list. Send `{}` for the
                first page. **Choice:** the
                vendor leaves `filter`, `archived`, `assigned`, `id`, `parent_id` and the values of
                `order` undocumented; they are declared as plain values and passed through.

        Raises:
            errors.StatusError: If the server answers with any other status (the client's status_error decides the class).
            errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
            httpx.TimeoutException: If the request takes longer than Client.timeout.

        Returns:
            int | str
        """

        return count_contacts.sync(
            client=self._client,
            body=body,
        )

    def create(
        self,
        *,
        body: ContactRequest,
    ) -> MutationResult:
        """Create a contact (v1)

         Creates a contact identified by its phone number. The result carries the integer `id`
        (v1 paths), the revision `rev` and the `uuid` (v2 paths).

        **Choice:** what happens when the phone already exists in the team is not documented;
        clients must not assume an upsert. This operation is not retry-safe.

        Args:
            body (ContactRequest): A v1 contact to create or update. `phone` identifies the contact
                and is required.

        Raises:
            errors.StatusError: If the server answers with any other status (the client's status_error decides the class).
            errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
            httpx.TimeoutException: If the request takes longer than Client.timeout.

        Returns:
            MutationResult
        """

        return create_contact.sync(
            client=self._client,
            body=body,
        )

    def delete(
        self,
        id: int,
    ) -> str:
        """Delete a contact (v1)

         Deletes the contact for good, together with its conversation history and custom field
        data. Answers the JSON string `"ok"`. A 404 that answers a retry after an attempt of
        unknown outcome counts as done (see "Idempotency" in the API description).

        Args:
            id (int):

        Raises:
            errors.StatusError: If the server answers with any other status (the client's status_error decides the class).
            errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
            httpx.TimeoutException: If the request takes longer than Client.timeout.

        Returns:
            str
        """

        return delete_contact.sync(
            client=self._client,
            id=id,
        )

    def get(
        self,
        id: int,
    ) -> Contact:
        """Get a contact (v1)

         Returns the contact with this integer ID.

        Args:
            id (int):

        Raises:
            errors.StatusError: If the server answers with any other status (the client's status_error decides the class).
            errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
            httpx.TimeoutException: If the request takes longer than Client.timeout.

        Returns:
            Contact
        """

        return get_contact.sync(
            client=self._client,
            id=id,
        )

    def get_by_phone_or_id(
        self,
        *,
        body: ContactLookupRequest,
    ) -> Contact:
        """Get a contact by phone or ID (v1)

         Looks a contact up by `phone` or by `id` (the integer ID written as a string). When both
        are sent, `phone` wins.

        **Choice:** the vendor's generated page shows the whole contact request as the body,
        the narrative page only `phone` and `id`; this document follows the narrative page.

        Args:
            body (ContactLookupRequest): Send `phone`, `id`, or both; `phone` wins when both are sent.

        Raises:
            errors.StatusError: If the server answers with any other status (the client's status_error decides the class).
            errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
            httpx.TimeoutException: If the request takes longer than Client.timeout.

        Returns:
            Contact
        """

        return get_contact_by_phone_or_id.sync(
            client=self._client,
            body=body,
        )

    def get_status(
        self,
        *,
        body: ContactStatusRequest,
    ) -> ContactStatus:
        """Get a contact's messaging status (v1)

         Returns whether the contact is unsubscribed or blocked. Send `id`, `phone`, or both.

        Args:
            body (ContactStatusRequest): Send `id`, `phone`, or both.

        Raises:
            errors.StatusError: If the server answers with any other status (the client's status_error decides the class).
            errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
            httpx.TimeoutException: If the request takes longer than Client.timeout.

        Returns:
            ContactStatus
        """

        return get_contact_status.sync(
            client=self._client,
            body=body,
        )

    def list(
        self,
        *,
        body: ListContactsRequest,
    ) -> builtins.list[Contact]:
        """List contacts (v1)

         Returns one page of contacts (30 by default) as a bare array. For the next page send
        `date` = the `updated` value of the last contact of the previous page, or use
        `limit`/`page`. A page shorter than `limit` ends the data.

        Args:
            body (ListContactsRequest): Paging and filtering of a v1 contact list. Send `{}` for the
                first page. **Choice:** the
                vendor leaves `filter`, `archived`, `assigned`, `id`, `parent_id` and the values of
                `order` undocumented; they are declared as plain values and passed through.

        Raises:
            errors.StatusError: If the server answers with any other status (the client's status_error decides the class).
            errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
            httpx.TimeoutException: If the request takes longer than Client.timeout.

        Returns:
            list[Contact]
        """

        return list_contacts.sync(
            client=self._client,
            body=body,
        )

    def set_status(
        self,
        *,
        body: SetContactStatusRequest,
    ) -> str:
        """Set a contact's messaging status (v1)

         Blocks, unblocks, subscribes or unsubscribes a contact. Send `id`, `phone`, or both, and
        `status`. Answers the JSON string `"success"`.

        **Choice:** a third-party summary types `status` as a list; the vendor's pages type it
        as one string, which this document follows.

        Args:
            body (SetContactStatusRequest): The contact (by `id`, `phone`, or both) and its new
                status.

        Raises:
            errors.StatusError: If the server answers with any other status (the client's status_error decides the class).
            errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
            httpx.TimeoutException: If the request takes longer than Client.timeout.

        Returns:
            str
        """

        return set_contact_status.sync(
            client=self._client,
            body=body,
        )

    def update(
        self,
        id: int,
        *,
        body: ContactRequest,
        overwrite: bool | Unset = False,
    ) -> MutationResult:
        """Update a contact (v1)

         Updates the contact with this integer ID. `phone` is required even on update. Names are
        overwritten on every update. With `overwrite=false` the given `custom` values are merged
        into the existing ones; with `overwrite=true` every custom value is replaced and fields
        absent from the request are dropped.

        **Choice:** whether `tags` replaces or merges is not documented; send the full list.

        Args:
            id (int):
            overwrite (bool | Unset):  Default: False.
            body (ContactRequest): A v1 contact to create or update. `phone` identifies the contact
                and is required.

        Raises:
            errors.StatusError: If the server answers with any other status (the client's status_error decides the class).
            errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
            httpx.TimeoutException: If the request takes longer than Client.timeout.

        Returns:
            MutationResult
        """

        return update_contact.sync(
            client=self._client,
            id=id,
            body=body,
            overwrite=overwrite,
        )


class AsyncContacts:
    """The ``contacts_v1`` operations, async: ``await client.aio.contacts.<method>(...)``."""

    __slots__ = ("_client",)

    def __init__(self, client: AuthenticatedClient) -> None:
        self._client = client

    async def batch_create(
        self,
        *,
        body: builtins.list[ContactRequest],
        overwrite: bool | Unset = False,
    ) -> builtins.list[Contact] | str:
        """Batch contact create (v1)

         Creates many v1 contacts in one request. The body is a top-level JSON array. A contact
        whose phone already exists (in the team, or earlier in the same array) is skipped, or
        overwritten when `overwrite=true`.

        The vendor's pages disagree on the answer: the narrative page says it is the array of the
        contacts that failed, or the JSON string `"ok"` when every item succeeded; the generated
        page shows an array of contacts, described as "Contacts not created or overwritten".
        **Choice:** the response schema accepts both the string and the array, and the array
        follows the narrative page: it lists the items that failed, that is, the items that were
        neither created nor overwritten. An overwrite is a success. So:

        * a created item is not listed;
        * with `overwrite=false`, an item whose phone exists is skipped and listed, as the
          existing contact (unchanged, with its `id`);
        * with `overwrite=true`, an item whose phone exists overwrites that contact and is not
          listed;
        * an item that the server refuses for a reason the request schema does not express is
          listed, as it was sent (without an `id`), and the other items are still written;
        * a body that does not match the request schema is refused as a whole with 400
          `bad_data`, and nothing is written.

        `"ok"` means that no item is listed. The answer does not tell a created item from an
        overwritten one, or (with `overwrite=false`) a skipped item from a refused one. A client
        that needs to know looks the phones up first (`searchContactsV2`). The maximum batch size
        is not documented.

        Args:
            overwrite (bool | Unset):  Default: False.
            body (list[ContactRequest]): Array of json contacts to create (a top-level JSON array, not
                an object).

        Raises:
            errors.StatusError: If the server answers with any other status (the client's status_error decides the class).
            errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
            httpx.TimeoutException: If the request takes longer than Client.timeout.

        Returns:
            list[Contact] | str
        """

        return await batch_create_contacts.asyncio(
            client=self._client,
            body=body,
            overwrite=overwrite,
        )

    async def count(
        self,
        *,
        body: ListContactsRequest,
    ) -> int | str:
        """Count contacts (v1)

         Returns the total number of contacts of the team.

        **Choice:** the vendor documents neither body nor response. The body is taken to be the
        same as `listContacts` and the answer a JSON string holding the decimal count, by analogy
        with the documented messages count; a bare JSON integer is accepted too.

        Args:
            body (ListContactsRequest): Paging and filtering of a v1 contact list. Send `{}` for the
                first page. **Choice:** the
                vendor leaves `filter`, `archived`, `assigned`, `id`, `parent_id` and the values of
                `order` undocumented; they are declared as plain values and passed through.

        Raises:
            errors.StatusError: If the server answers with any other status (the client's status_error decides the class).
            errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
            httpx.TimeoutException: If the request takes longer than Client.timeout.

        Returns:
            int | str
        """

        return await count_contacts.asyncio(
            client=self._client,
            body=body,
        )

    async def create(
        self,
        *,
        body: ContactRequest,
    ) -> MutationResult:
        """Create a contact (v1)

         Creates a contact identified by its phone number. The result carries the integer `id`
        (v1 paths), the revision `rev` and the `uuid` (v2 paths).

        **Choice:** what happens when the phone already exists in the team is not documented;
        clients must not assume an upsert. This operation is not retry-safe.

        Args:
            body (ContactRequest): A v1 contact to create or update. `phone` identifies the contact
                and is required.

        Raises:
            errors.StatusError: If the server answers with any other status (the client's status_error decides the class).
            errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
            httpx.TimeoutException: If the request takes longer than Client.timeout.

        Returns:
            MutationResult
        """

        return await create_contact.asyncio(
            client=self._client,
            body=body,
        )

    async def delete(
        self,
        id: int,
    ) -> str:
        """Delete a contact (v1)

         Deletes the contact for good, together with its conversation history and custom field
        data. Answers the JSON string `"ok"`. A 404 that answers a retry after an attempt of
        unknown outcome counts as done (see "Idempotency" in the API description).

        Args:
            id (int):

        Raises:
            errors.StatusError: If the server answers with any other status (the client's status_error decides the class).
            errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
            httpx.TimeoutException: If the request takes longer than Client.timeout.

        Returns:
            str
        """

        return await delete_contact.asyncio(
            client=self._client,
            id=id,
        )

    async def get(
        self,
        id: int,
    ) -> Contact:
        """Get a contact (v1)

         Returns the contact with this integer ID.

        Args:
            id (int):

        Raises:
            errors.StatusError: If the server answers with any other status (the client's status_error decides the class).
            errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
            httpx.TimeoutException: If the request takes longer than Client.timeout.

        Returns:
            Contact
        """

        return await get_contact.asyncio(
            client=self._client,
            id=id,
        )

    async def get_by_phone_or_id(
        self,
        *,
        body: ContactLookupRequest,
    ) -> Contact:
        """Get a contact by phone or ID (v1)

         Looks a contact up by `phone` or by `id` (the integer ID written as a string). When both
        are sent, `phone` wins.

        **Choice:** the vendor's generated page shows the whole contact request as the body,
        the narrative page only `phone` and `id`; this document follows the narrative page.

        Args:
            body (ContactLookupRequest): Send `phone`, `id`, or both; `phone` wins when both are sent.

        Raises:
            errors.StatusError: If the server answers with any other status (the client's status_error decides the class).
            errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
            httpx.TimeoutException: If the request takes longer than Client.timeout.

        Returns:
            Contact
        """

        return await get_contact_by_phone_or_id.asyncio(
            client=self._client,
            body=body,
        )

    async def get_status(
        self,
        *,
        body: ContactStatusRequest,
    ) -> ContactStatus:
        """Get a contact's messaging status (v1)

         Returns whether the contact is unsubscribed or blocked. Send `id`, `phone`, or both.

        Args:
            body (ContactStatusRequest): Send `id`, `phone`, or both.

        Raises:
            errors.StatusError: If the server answers with any other status (the client's status_error decides the class).
            errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
            httpx.TimeoutException: If the request takes longer than Client.timeout.

        Returns:
            ContactStatus
        """

        return await get_contact_status.asyncio(
            client=self._client,
            body=body,
        )

    async def list(
        self,
        *,
        body: ListContactsRequest,
    ) -> builtins.list[Contact]:
        """List contacts (v1)

         Returns one page of contacts (30 by default) as a bare array. For the next page send
        `date` = the `updated` value of the last contact of the previous page, or use
        `limit`/`page`. A page shorter than `limit` ends the data.

        Args:
            body (ListContactsRequest): Paging and filtering of a v1 contact list. Send `{}` for the
                first page. **Choice:** the
                vendor leaves `filter`, `archived`, `assigned`, `id`, `parent_id` and the values of
                `order` undocumented; they are declared as plain values and passed through.

        Raises:
            errors.StatusError: If the server answers with any other status (the client's status_error decides the class).
            errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
            httpx.TimeoutException: If the request takes longer than Client.timeout.

        Returns:
            list[Contact]
        """

        return await list_contacts.asyncio(
            client=self._client,
            body=body,
        )

    async def set_status(
        self,
        *,
        body: SetContactStatusRequest,
    ) -> str:
        """Set a contact's messaging status (v1)

         Blocks, unblocks, subscribes or unsubscribes a contact. Send `id`, `phone`, or both, and
        `status`. Answers the JSON string `"success"`.

        **Choice:** a third-party summary types `status` as a list; the vendor's pages type it
        as one string, which this document follows.

        Args:
            body (SetContactStatusRequest): The contact (by `id`, `phone`, or both) and its new
                status.

        Raises:
            errors.StatusError: If the server answers with any other status (the client's status_error decides the class).
            errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
            httpx.TimeoutException: If the request takes longer than Client.timeout.

        Returns:
            str
        """

        return await set_contact_status.asyncio(
            client=self._client,
            body=body,
        )

    async def update(
        self,
        id: int,
        *,
        body: ContactRequest,
        overwrite: bool | Unset = False,
    ) -> MutationResult:
        """Update a contact (v1)

         Updates the contact with this integer ID. `phone` is required even on update. Names are
        overwritten on every update. With `overwrite=false` the given `custom` values are merged
        into the existing ones; with `overwrite=true` every custom value is replaced and fields
        absent from the request are dropped.

        **Choice:** whether `tags` replaces or merges is not documented; send the full list.

        Args:
            id (int):
            overwrite (bool | Unset):  Default: False.
            body (ContactRequest): A v1 contact to create or update. `phone` identifies the contact
                and is required.

        Raises:
            errors.StatusError: If the server answers with any other status (the client's status_error decides the class).
            errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
            httpx.TimeoutException: If the request takes longer than Client.timeout.

        Returns:
            MutationResult
        """

        return await update_contact.asyncio(
            client=self._client,
            id=id,
            body=body,
            overwrite=overwrite,
        )
