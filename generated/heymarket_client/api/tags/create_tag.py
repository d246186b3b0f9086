from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client, release_response
from ...models.create_tag_request import CreateTagRequest
from ...models.error_body import ErrorBody
from ...models.mutation_result import MutationResult
from ...types import Response

# heymarket: what a body that is not JSON, or not the declared shape, raises while it is parsed.
_PARSE_ERRORS = (ValueError, TypeError, KeyError, AttributeError)


def _get_kwargs(
    *,
    body: CreateTagRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "extensions": {"read_body": True},
        "url": "/v1/tag",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | str | MutationResult | None:
    if response.status_code == 200:
        response_200 = MutationResult.from_dict(response.json())

        return response_200

    if response.status_code == 400:

        def _parse_response_400(data: object) -> ErrorBody | str:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_type_0 = ErrorBody.from_dict(data)

                return componentsschemas_error_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ErrorBody | str, data)

        response_400 = _parse_response_400(response.json())

        return response_400

    if response.status_code == 401:

        def _parse_response_401(data: object) -> ErrorBody | str:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_type_0 = ErrorBody.from_dict(data)

                return componentsschemas_error_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ErrorBody | str, data)

        response_401 = _parse_response_401(response.json())

        return response_401

    if response.status_code == 403:

        def _parse_response_403(data: object) -> ErrorBody | str:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_type_0 = ErrorBody.from_dict(data)

                return componentsschemas_error_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ErrorBody | str, data)

        response_403 = _parse_response_403(response.json())

        return response_403

    if response.status_code == 429:

        def _parse_response_429(data: object) -> ErrorBody | str:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_type_0 = ErrorBody.from_dict(data)

                return componentsschemas_error_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ErrorBody | str, data)

        response_429 = _parse_response_429(response.json())

        return response_429

    if response.status_code == 500:

        def _parse_response_500(data: object) -> ErrorBody | str:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_type_0 = ErrorBody.from_dict(data)

                return componentsschemas_error_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ErrorBody | str, data)

        response_500 = _parse_response_500(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorBody | str | MutationResult]:
    try:
        parsed = _parse_response(client=client, response=response)
    except _PARSE_ERRORS as exc:
        if 200 <= response.status_code < 300:
            raise client.response_validation_error(response, exc) from exc
        parsed = None
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=parsed,
    )


def _parse_success(*, client: AuthenticatedClient | Client, response: httpx.Response) -> MutationResult:
    try:
        if response.status_code == 200:
            response_200 = MutationResult.from_dict(response.json())

            return response_200

    except _PARSE_ERRORS as exc:
        raise client.response_validation_error(response, exc) from exc
    try:
        parsed = _parse_response(client=client, response=response)
    except _PARSE_ERRORS:
        parsed = None
    raise client.status_error(response, parsed)


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: CreateTagRequest,
) -> Response[ErrorBody | str | MutationResult]:
    """Create a tag

     Creates a tag and answers its `{id, rev, uuid}`. This operation is not retry-safe.

    Args:
        body (CreateTagRequest): A tag to create.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | str | MutationResult]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    try:
        return _build_response(client=client, response=response)
    finally:
        release_response(response)


def sync(
    *,
    client: AuthenticatedClient,
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

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    try:
        return _parse_success(client=client, response=response)
    finally:
        release_response(response)


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: CreateTagRequest,
) -> Response[ErrorBody | str | MutationResult]:
    """Create a tag

     Creates a tag and answers its `{id, rev, uuid}`. This operation is not retry-safe.

    Args:
        body (CreateTagRequest): A tag to create.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | str | MutationResult]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    try:
        return _build_response(client=client, response=response)
    finally:
        release_response(response)


async def asyncio(
    *,
    client: AuthenticatedClient,
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

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    try:
        return _parse_success(client=client, response=response)
    finally:
        release_response(response)
