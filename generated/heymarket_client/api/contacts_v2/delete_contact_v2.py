from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client, release_response
from ...models.error_body import ErrorBody
from ...types import Response

# heymarket: what a body that is not JSON, or not the declared shape, raises while it is parsed.
_PARSE_ERRORS = (ValueError, TypeError, KeyError, AttributeError)


def _get_kwargs(
    contact_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "extensions": {"read_body": True},
        "url": "/v2/contact/{contact_id}".format(
            contact_id=quote(str(contact_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ErrorBody | str | str | None:
    if response.status_code == 200:
        response_200 = cast(str, response.json())
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

    if response.status_code == 404:

        def _parse_response_404(data: object) -> ErrorBody | str:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_type_0 = ErrorBody.from_dict(data)

                return componentsschemas_error_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ErrorBody | str, data)

        response_404 = _parse_response_404(response.json())

        return response_404

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
) -> Response[ErrorBody | str | str]:
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


def _parse_success(*, client: AuthenticatedClient | Client, response: httpx.Response) -> str:
    try:
        if response.status_code == 200:
            response_200 = cast(str, response.json())
            return response_200

    except _PARSE_ERRORS as exc:
        raise client.response_validation_error(response, exc) from exc
    try:
        parsed = _parse_response(client=client, response=response)
    except _PARSE_ERRORS:
        parsed = None
    raise client.status_error(response, parsed)


def sync_detailed(
    contact_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[ErrorBody | str | str]:
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
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | str | str]
    """

    kwargs = _get_kwargs(
        contact_id=contact_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    try:
        return _build_response(client=client, response=response)
    finally:
        release_response(response)


def sync(
    contact_id: str,
    *,
    client: AuthenticatedClient,
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

    kwargs = _get_kwargs(
        contact_id=contact_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    try:
        return _parse_success(client=client, response=response)
    finally:
        release_response(response)


async def asyncio_detailed(
    contact_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[ErrorBody | str | str]:
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
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | str | str]
    """

    kwargs = _get_kwargs(
        contact_id=contact_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    try:
        return _build_response(client=client, response=response)
    finally:
        release_response(response)


async def asyncio(
    contact_id: str,
    *,
    client: AuthenticatedClient,
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

    kwargs = _get_kwargs(
        contact_id=contact_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    try:
        return _parse_success(client=client, response=response)
    finally:
        release_response(response)
