"""Contains endpoint functions for accessing the API"""

import builtins
from typing import cast

from ...client import AuthenticatedClient
from ...models.create_tag_request import CreateTagRequest
from ...models.error_body import ErrorBody
from ...models.list_tags_request import ListTagsRequest
from ...models.mutation_result import MutationResult
from ...models.tag import Tag
from . import create_tag, delete_tag, get_tag, list_tags


class Tags:
    """The ``tags`` operations: ``client.tags.<method>(...)``."""

    __slots__ = ("_client",)

    def __init__(self, client: AuthenticatedClient) -> None:
        self._client = client

    def create(
        self,
        *,
        body: CreateTagRequest,
    ) -> MutationResult:
        """Create a tag

         Creates a tag and answers its `{id, rev, uuid}`. This operation is not retry-safe.

        Args:
            body (CreateTagRequest): A tag to create.

        Raises:
            errors.StatusError: If the server answers with any other status (the client's status_error decides the class).
            errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
            httpx.TimeoutException: If the request takes longer than Client.timeout.

        Returns:
            MutationResult
        """

        return create_tag.sync(
            client=self._client,
            body=body,
        )

    def delete(
        self,
        id: int,
    ) -> str:
        """Delete a tag

         Deletes the tag with this integer ID. A 404 that answers a retry after an attempt of
        unknown outcome counts as done (see "Idempotency" in the API description).

        **Choice:** the vendor does not show the answer; it is taken to be a JSON string, as
        for the other deletes.

        Args:
            id (int):

        Raises:
            errors.StatusError: If the server answers with any other status (the client's status_error decides the class).
            errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
            httpx.TimeoutException: If the request takes longer than Client.timeout.

        Returns:
            str
        """

        return delete_tag.sync(
            client=self._client,
            id=id,
        )

    def get(
        self,
        id: int,
    ) -> Tag:
        """Get a tag

         Returns the tag with this integer ID.

        Args:
            id (int):

        Raises:
            errors.StatusError: If the server answers with any other status (the client's status_error decides the class).
            errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
            httpx.TimeoutException: If the request takes longer than Client.timeout.

        Returns:
            Tag
        """

        return get_tag.sync(
            client=self._client,
            id=id,
        )

    def list(
        self,
        *,
        body: ListTagsRequest,
    ) -> builtins.list[Tag]:
        """List tags

         Returns up to 30 of the most recently updated tags. For older tags send `date`: tags
        updated before that time are returned. A page shorter than 30 ends the data.

        Args:
            body (ListTagsRequest): Send `{}` for the most recent tags, or `date` for older ones.

        Raises:
            errors.StatusError: If the server answers with any other status (the client's status_error decides the class).
            errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
            httpx.TimeoutException: If the request takes longer than Client.timeout.

        Returns:
            list[Tag]
        """

        return list_tags.sync(
            client=self._client,
            body=body,
        )


class AsyncTags:
    """The ``tags`` operations, async: ``await client.aio.tags.<method>(...)``."""

    __slots__ = ("_client",)

    def __init__(self, client: AuthenticatedClient) -> None:
        self._client = client

    async def create(
        self,
        *,
        body: CreateTagRequest,
    ) -> MutationResult:
        """Create a tag

         Creates a tag and answers its `{id, rev, uuid}`. This operation is not retry-safe.

        Args:
            body (CreateTagRequest): A tag to create.

        Raises:
            errors.StatusError: If the server answers with any other status (the client's status_error decides the class).
            errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
            httpx.TimeoutException: If the request takes longer than Client.timeout.

        Returns:
            MutationResult
        """

        return await create_tag.asyncio(
            client=self._client,
            body=body,
        )

    async def delete(
        self,
        id: int,
    ) -> str:
        """Delete a tag

         Deletes the tag with this integer ID. A 404 that answers a retry after an attempt of
        unknown outcome counts as done (see "Idempotency" in the API description).

        **Choice:** the vendor does not show the answer; it is taken to be a JSON string, as
        for the other deletes.

        Args:
            id (int):

        Raises:
            errors.StatusError: If the server answers with any other status (the client's status_error decides the class).
            errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
            httpx.TimeoutException: If the request takes longer than Client.timeout.

        Returns:
            str
        """

        return await delete_tag.asyncio(
            client=self._client,
            id=id,
        )

    async def get(
        self,
        id: int,
    ) -> Tag:
        """Get a tag

         Returns the tag with this integer ID.

        Args:
            id (int):

        Raises:
            errors.StatusError: If the server answers with any other status (the client's status_error decides the class).
            errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
            httpx.TimeoutException: If the request takes longer than Client.timeout.

        Returns:
            Tag
        """

        return await get_tag.asyncio(
            client=self._client,
            id=id,
        )

    async def list(
        self,
        *,
        body: ListTagsRequest,
    ) -> builtins.list[Tag]:
        """List tags

         Returns up to 30 of the most recently updated tags. For older tags send `date`: tags
        updated before that time are returned. A page shorter than 30 ends the data.

        Args:
            body (ListTagsRequest): Send `{}` for the most recent tags, or `date` for older ones.

        Raises:
            errors.StatusError: If the server answers with any other status (the client's status_error decides the class).
            errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
            httpx.TimeoutException: If the request takes longer than Client.timeout.

        Returns:
            list[Tag]
        """

        return await list_tags.asyncio(
            client=self._client,
            body=body,
        )
