"""The runtime's operation table equals openapi.yaml's x-heymarket-retry-safe, and requests map onto it."""

from __future__ import annotations

import pytest

from heymarket._operations import DELETES, OPERATIONS, find_operation
from tests.support.spec import HTTP_METHODS, load_spec


def _spec_rows() -> set[tuple[str, str, str, bool]]:
    rows = set()
    for path, item in load_spec()["paths"].items():
        for method in HTTP_METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            safe = operation["x-heymarket-retry-safe"]
            assert type(safe) is bool, f"{method} {path}: x-heymarket-retry-safe must be a boolean"
            rows.add((method.upper(), path, operation["operationId"], safe))
    return rows


def test_table_equals_the_spec() -> None:
    runtime = {(op.method, op.path, op.operation_id, op.retry_safe) for op in OPERATIONS}
    assert runtime == _spec_rows()
    assert len(OPERATIONS) == len(runtime) == 29


def test_deletes_of_one_record_are_the_path_addressed_deletes() -> None:
    assert sorted(DELETES) == ["deleteContact", "deleteContactChannel", "deleteContactV2", "deleteTag"]


def test_creates_are_the_only_unsafe_operations() -> None:
    unsafe = {op.operation_id for op in OPERATIONS if not op.retry_safe}
    assert unsafe == {
        "createContact",
        "batchCreateContacts",
        "createContactFields",
        "createContactV2",
        "bulkUpsertContactsV2",
        "addContactChannel",
        "createTag",
    }


@pytest.mark.parametrize(
    ("method", "path", "expected"),
    [
        ("POST", "/v1/contact", "createContact"),
        ("post", "/v1/contact/", "createContact"),
        ("GET", "/v1/contact/42", "getContact"),
        ("POST", "/v1/contact/get", "getContactByPhoneOrId"),
        ("POST", "/v1/contact/status", "getContactStatus"),
        ("POST", "/v1/contact/set_status", "setContactStatus"),
        ("GET", "/v1/contact/get", "getContact"),  # GET of a literal-looking id is still getContact
        ("POST", "/v2/contact/0b7c/channel", "addContactChannel"),
        ("PUT", "/v2/contact/0b7c/channel", "updateContactChannel"),
        ("GET", "/v2/contact/0b7c/channel/phone", "getContactChannel"),
        ("DELETE", "/v2/contacts", "bulkDeleteContactsV2"),
        ("POST", "/v2/contacts", "bulkUpsertContactsV2"),
        ("POST", "/v1/tags", "listTags"),
        ("GET", "/v1/team", None),
        ("PATCH", "/v1/contact/42", None),
        ("GET", "/v1/contact/42/extra", None),
        ("GET", "/v1/contact/", None),
    ],
)
def test_find_operation(method: str, path: str, expected: str | None) -> None:
    found = find_operation(method, path)
    assert (found.operation_id if found else None) == expected
