"""Contains endpoint functions for accessing the API"""

import builtins
from typing import cast

from ...client import AuthenticatedClient
from ...models.contact_channel import ContactChannel
from ...models.contact_channel_input import ContactChannelInput
from ...models.error_body import ErrorBody
from . import (
    add_contact_channel,
    delete_contact_channel,
    get_contact_channel,
    list_contact_channels,
    update_contact_channel,
)


class ContactChannels:
    """The ``contact_channels`` operations: ``client.contact_channels.<method>(...)``."""

    __slots__ = ("_client",)

    def __init__(self, client: AuthenticatedClient) -> None:
        self._client = client

    def add(
        self,
        contact_id: str,
        *,
        body: ContactChannelInput,
    ) -> builtins.list[ContactChannel]:
        """Add a channel to a contact (v2)

         Adds a channel and answers the contact's updated channel list.

        Args:
            contact_id (str): A UUID as a string; pass the `uuid` of a create result or of a contact
                as it is.
                **Choice:** a plain string, not `format: uuid` (see "Request constraints" in the API
                description).
            body (ContactChannelInput): A channel that identifies how to reach a contact.

        Raises:
            errors.StatusError: If the server answers with any other status (the client's status_error decides the class).
            errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
            httpx.TimeoutException: If the request takes longer than Client.timeout.

        Returns:
            list[ContactChannel]
        """

        return add_contact_channel.sync(
            client=self._client,
            contact_id=contact_id,
            body=body,
        )

    def delete(
        self,
        contact_id: str,
        channel_type: str,
    ) -> str:
        """Remove one channel of a contact (v2)

         Removes the contact's channel of this type. A 404 that answers a retry after an attempt
        of unknown outcome counts as done (see "Idempotency" in the API description).

        **Choice:** the vendor does not show the answer; it is taken to be a JSON string, as
        for the other deletes.

        Args:
            contact_id (str): A UUID as a string; pass the `uuid` of a create result or of a contact
                as it is.
                **Choice:** a plain string, not `format: uuid` (see "Request constraints" in the API
                description).
            channel_type (str):

        Raises:
            errors.StatusError: If the server answers with any other status (the client's status_error decides the class).
            errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
            httpx.TimeoutException: If the request takes longer than Client.timeout.

        Returns:
            str
        """

        return delete_contact_channel.sync(
            client=self._client,
            contact_id=contact_id,
            channel_type=channel_type,
        )

    def get(
        self,
        contact_id: str,
        channel_type: str,
    ) -> ContactChannel:
        """Get one channel of a contact (v2)

         Returns the contact's channel of this type.

        **Choice:** channels are addressed by type here, which implies one channel per type per
        contact; this document assumes so.

        Args:
            contact_id (str): A UUID as a string; pass the `uuid` of a create result or of a contact
                as it is.
                **Choice:** a plain string, not `format: uuid` (see "Request constraints" in the API
                description).
            channel_type (str):

        Raises:
            errors.StatusError: If the server answers with any other status (the client's status_error decides the class).
            errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
            httpx.TimeoutException: If the request takes longer than Client.timeout.

        Returns:
            ContactChannel
        """

        return get_contact_channel.sync(
            client=self._client,
            contact_id=contact_id,
            channel_type=channel_type,
        )

    def list(
        self,
        contact_id: str,
    ) -> builtins.list[ContactChannel]:
        """List a contact's channels (v2)

         Returns every channel of the contact. Note the plural `channels` in the path.

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
            list[ContactChannel]
        """

        return list_contact_channels.sync(
            client=self._client,
            contact_id=contact_id,
        )

    def update(
        self,
        contact_id: str,
        *,
        body: ContactChannelInput,
    ) -> builtins.list[ContactChannel]:
        """Update a contact's channel (v2)

         Replaces the value of the contact's channel of type `channel_type` with `channel_id`.

        **Choice:** the vendor does not show the answer; it is taken to be the updated channel
        list, as for adding a channel.

        Args:
            contact_id (str): A UUID as a string; pass the `uuid` of a create result or of a contact
                as it is.
                **Choice:** a plain string, not `format: uuid` (see "Request constraints" in the API
                description).
            body (ContactChannelInput): A channel that identifies how to reach a contact.

        Raises:
            errors.StatusError: If the server answers with any other status (the client's status_error decides the class).
            errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
            httpx.TimeoutException: If the request takes longer than Client.timeout.

        Returns:
            list[ContactChannel]
        """

        return update_contact_channel.sync(
            client=self._client,
            contact_id=contact_id,
            body=body,
        )


class AsyncContactChannels:
    """The ``contact_channels`` operations, async: ``await client.aio.contact_channels.<method>(...)``."""

    __slots__ = ("_client",)

    def __init__(self, client: AuthenticatedClient) -> None:
        self._client = client

    async def add(
        self,
        contact_id: str,
        *,
        body: ContactChannelInput,
    ) -> builtins.list[ContactChannel]:
        """Add a channel to a contact (v2)

         Adds a channel and answers the contact's updated channel list.

        Args:
            contact_id (str): A UUID as a string; pass the `uuid` of a create result or of a contact
                as it is.
                **Choice:** a plain string, not `format: uuid` (see "Request constraints" in the API
                description).
            body (ContactChannelInput): A channel that identifies how to reach a contact.

        Raises:
            errors.StatusError: If the server answers with any other status (the client's status_error decides the class).
            errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
            httpx.TimeoutException: If the request takes longer than Client.timeout.

        Returns:
            list[ContactChannel]
        """

        return await add_contact_channel.asyncio(
            client=self._client,
            contact_id=contact_id,
            body=body,
        )

    async def delete(
        self,
        contact_id: str,
        channel_type: str,
    ) -> str:
        """Remove one channel of a contact (v2)

         Removes the contact's channel of this type. A 404 that answers a retry after an attempt
        of unknown outcome counts as done (see "Idempotency" in the API description).

        **Choice:** the vendor does not show the answer; it is taken to be a JSON string, as
        for the other deletes.

        Args:
            contact_id (str): A UUID as a string; pass the `uuid` of a create result or of a contact
                as it is.
                **Choice:** a plain string, not `format: uuid` (see "Request constraints" in the API
                description).
            channel_type (str):

        Raises:
            errors.StatusError: If the server answers with any other status (the client's status_error decides the class).
            errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
            httpx.TimeoutException: If the request takes longer than Client.timeout.

        Returns:
            str
        """

        return await delete_contact_channel.asyncio(
            client=self._client,
            contact_id=contact_id,
            channel_type=channel_type,
        )

    async def get(
        self,
        contact_id: str,
        channel_type: str,
    ) -> ContactChannel:
        """Get one channel of a contact (v2)

         Returns the contact's channel of this type.

        **Choice:** channels are addressed by type here, which implies one channel per type per
        contact; this document assumes so.

        Args:
            contact_id (str): A UUID as a string; pass the `uuid` of a create result or of a contact
                as it is.
                **Choice:** a plain string, not `format: uuid` (see "Request constraints" in the API
                description).
            channel_type (str):

        Raises:
            errors.StatusError: If the server answers with any other status (the client's status_error decides the class).
            errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
            httpx.TimeoutException: If the request takes longer than Client.timeout.

        Returns:
            ContactChannel
        """

        return await get_contact_channel.asyncio(
            client=self._client,
            contact_id=contact_id,
            channel_type=channel_type,
        )

    async def list(
        self,
        contact_id: str,
    ) -> builtins.list[ContactChannel]:
        """List a contact's channels (v2)

         Returns every channel of the contact. Note the plural `channels` in the path.

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
            list[ContactChannel]
        """

        return await list_contact_channels.asyncio(
            client=self._client,
            contact_id=contact_id,
        )

    async def update(
        self,
        contact_id: str,
        *,
        body: ContactChannelInput,
    ) -> builtins.list[ContactChannel]:
        """Update a contact's channel (v2)

         Replaces the value of the contact's channel of type `channel_type` with `channel_id`.

        **Choice:** the vendor does not show the answer; it is taken to be the updated channel
        list, as for adding a channel.

        Args:
            contact_id (str): A UUID as a string; pass the `uuid` of a create result or of a contact
                as it is.
                **Choice:** a plain string, not `format: uuid` (see "Request constraints" in the API
                description).
            body (ContactChannelInput): A channel that identifies how to reach a contact.

        Raises:
            errors.StatusError: If the server answers with any other status (the client's status_error decides the class).
            errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
            httpx.TimeoutException: If the request takes longer than Client.timeout.

        Returns:
            list[ContactChannel]
        """

        return await update_contact_channel.asyncio(
            client=self._client,
            contact_id=contact_id,
            body=body,
        )
