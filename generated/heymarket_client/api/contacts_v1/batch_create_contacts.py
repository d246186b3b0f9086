from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client, release_response
from ...models.contact import Contact
from ...models.contact_request import ContactRequest
from ...models.error_body import ErrorBody
from ...types import UNSET, Response, Unset

# heymarket: what a body that is not JSON, or not the declared shape, raises while it is parsed.
_PARSE_ERRORS = (ValueError, TypeError, KeyError, AttributeError)


def _get_kwargs(
    *,
    body: list[ContactRequest],
    overwrite: bool | Unset = False,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    params["overwrite"] = overwrite

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "extensions": {"read_body": True},
        "url": "/v1/batch/contacts",
        "params": params,
    }

    _kwargs["json"] = []
    for componentsschemas_batch_create_contacts_request_item_data in body:
        componentsschemas_batch_create_contacts_request_item = (
            componentsschemas_batch_create_contacts_request_item_data.to_dict()
        )
        _kwargs["json"].append(componentsschemas_batch_create_contacts_request_item)

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | str | list[Contact] | str | None:
    if response.status_code == 200:

        def _parse_response_200(data: object) -> list[Contact] | str:
            try:
                if not isinstance(data, list):
                    raise TypeError()
                componentsschemas_batch_create_contacts_response_type_0 = []
                _componentsschemas_batch_create_contacts_response_type_0 = data
                for (
                    componentsschemas_contact_list_item_data
                ) in _componentsschemas_batch_create_contacts_response_type_0:
                    componentsschemas_contact_list_item = Contact.from_dict(componentsschemas_contact_list_item_data)

                    componentsschemas_batch_create_contacts_response_type_0.append(componentsschemas_contact_list_item)

                return componentsschemas_batch_create_contacts_response_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[Contact] | str, data)

        response_200 = _parse_response_200(response.json())

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
) -> Response[ErrorBody | str | list[Contact] | str]:
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


def _parse_success(*, client: AuthenticatedClient | Client, response: httpx.Response) -> list[Contact] | str:
    try:
        if response.status_code == 200:

            def _parse_response_200(data: object) -> list[Contact] | str:
                try:
                    if not isinstance(data, list):
                        raise TypeError()
                    componentsschemas_batch_create_contacts_response_type_0 = []
                    _componentsschemas_batch_create_contacts_response_type_0 = data
                    for (
                        componentsschemas_contact_list_item_data
                    ) in _componentsschemas_batch_create_contacts_response_type_0:
                        componentsschemas_contact_list_item = Contact.from_dict(
                            componentsschemas_contact_list_item_data
                        )

                        componentsschemas_batch_create_contacts_response_type_0.append(
                            componentsschemas_contact_list_item
                        )

                    return componentsschemas_batch_create_contacts_response_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                return cast(list[Contact] | str, data)

            response_200 = _parse_response_200(response.json())

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
    body: list[ContactRequest],
    overwrite: bool | Unset = False,
) -> Response[ErrorBody | str | list[Contact] | str]:
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
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | str | list[Contact] | str]
    """

    kwargs = _get_kwargs(
        body=body,
        overwrite=overwrite,
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
    body: list[ContactRequest],
    overwrite: bool | Unset = False,
) -> list[Contact] | str:
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

    kwargs = _get_kwargs(
        body=body,
        overwrite=overwrite,
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
    body: list[ContactRequest],
    overwrite: bool | Unset = False,
) -> Response[ErrorBody | str | list[Contact] | str]:
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
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.ResponseValidationError: If a success body is not JSON or not the declared shape.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | str | list[Contact] | str]
    """

    kwargs = _get_kwargs(
        body=body,
        overwrite=overwrite,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    try:
        return _build_response(client=client, response=response)
    finally:
        release_response(response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: list[ContactRequest],
    overwrite: bool | Unset = False,
) -> list[Contact] | str:
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

    kwargs = _get_kwargs(
        body=body,
        overwrite=overwrite,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    try:
        return _parse_success(client=client, response=response)
    finally:
        release_response(response)
