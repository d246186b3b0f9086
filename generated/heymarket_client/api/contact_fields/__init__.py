"""Contains endpoint functions for accessing the API"""

import builtins
from typing import cast

from ...client import AuthenticatedClient
from ...models.contact_field import ContactField
from ...models.created_contact_field import CreatedContactField
from ...models.error_body import ErrorBody
from ...models.list_contact_fields_request import ListContactFieldsRequest
from ...models.new_contact_field import NewContactField
from . import create_contact_fields, list_contact_fields


class ContactFields:
    """The ``contact_fields`` operations: ``client.contact_fields.<method>(...)``."""

    __slots__ = ("_client",)

    def __init__(self, client: AuthenticatedClient) -> None:
        self._client = client

    def create(
        self,
        *,
        body: builtins.list[NewContactField],
    ) -> builtins.list[CreatedContactField]:
        """Create custom contact fields

         Creates custom contact fields from an array of titles. Each result says whether a field
        with that title already existed (`duplicate`). Note the path: `/v1/contacts/fields`,
        unlike the list path `/v1/contact-fields`.

        Args:
            body (list[NewContactField]): The fields to create. An empty array creates nothing and
                answers `[]`.

        Raises:
            errors.StatusError: If the server answers with any other status (the client's status_error decides the class).
            errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
            httpx.TimeoutException: If the request takes longer than Client.timeout.

        Returns:
            list[CreatedContactField]
        """

        return create_contact_fields.sync(
            client=self._client,
            body=body,
        )

    def list(
        self,
        *,
        body: ListContactFieldsRequest,
    ) -> builtins.list[ContactField]:
        """List custom contact fields

         Returns the team's custom contact field definitions. Their `id`, written as a string, is
        the key of a contact's `custom` map.

        **Choice:** the vendor documents neither body nor response. The body is an object with
        no documented fields (send `{}`); the answer is taken to be an array of `{id, title}`
        definitions, matching what `createContactFields` returns.

        Args:
            body (ListContactFieldsRequest): No documented fields; send `{}`.

        Raises:
            errors.StatusError: If the server answers with any other status (the client's status_error decides the class).
            errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
            httpx.TimeoutException: If the request takes longer than Client.timeout.

        Returns:
            list[ContactField]
        """

        return list_contact_fields.sync(
            client=self._client,
            body=body,
        )


class AsyncContactFields:
    """The ``contact_fields`` operations, async: ``await client.aio.contact_fields.<method>(...)``."""

    __slots__ = ("_client",)

    def __init__(self, client: AuthenticatedClient) -> None:
        self._client = client

    async def create(
        self,
        *,
        body: builtins.list[NewContactField],
    ) -> builtins.list[CreatedContactField]:
        """Create custom contact fields

         Creates custom contact fields from an array of titles. Each result says whether a field
        with that title already existed (`duplicate`). Note the path: `/v1/contacts/fields`,
        unlike the list path `/v1/contact-fields`.

        Args:
            body (list[NewContactField]): The fields to create. An empty array creates nothing and
                answers `[]`.

        Raises:
            errors.StatusError: If the server answers with any other status (the client's status_error decides the class).
            errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
            httpx.TimeoutException: If the request takes longer than Client.timeout.

        Returns:
            list[CreatedContactField]
        """

        return await create_contact_fields.asyncio(
            client=self._client,
            body=body,
        )

    async def list(
        self,
        *,
        body: ListContactFieldsRequest,
    ) -> builtins.list[ContactField]:
        """List custom contact fields

         Returns the team's custom contact field definitions. Their `id`, written as a string, is
        the key of a contact's `custom` map.

        **Choice:** the vendor documents neither body nor response. The body is an object with
        no documented fields (send `{}`); the answer is taken to be an array of `{id, title}`
        definitions, matching what `createContactFields` returns.

        Args:
            body (ListContactFieldsRequest): No documented fields; send `{}`.

        Raises:
            errors.StatusError: If the server answers with any other status (the client's status_error decides the class).
            errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
            httpx.TimeoutException: If the request takes longer than Client.timeout.

        Returns:
            list[ContactField]
        """

        return await list_contact_fields.asyncio(
            client=self._client,
            body=body,
        )
