"""Which API operation a request is, and whether repeating it is safe.

The table mirrors ``x-heymarket-retry-safe`` of openapi.yaml (``true``: repeating the request cannot
create or duplicate anything; ``false``: a create). It is written out here so that the runtime needs
no spec file; tests/runtime/test_operations.py keeps it equal to the spec.
"""

import functools
import re
from dataclasses import dataclass

# (method, path template, operationId, retry-safe)
_TABLE: tuple[tuple[str, str, str, bool], ...] = (
    ("POST", "/v1/contact", "createContact", False),
    ("GET", "/v1/contact/{id}", "getContact", True),
    ("PUT", "/v1/contact/{id}", "updateContact", True),
    ("DELETE", "/v1/contact/{id}", "deleteContact", True),
    ("POST", "/v1/contacts", "listContacts", True),
    ("POST", "/v1/contacts/count", "countContacts", True),
    ("POST", "/v1/contact/get", "getContactByPhoneOrId", True),
    ("POST", "/v1/contact/status", "getContactStatus", True),
    ("POST", "/v1/contact/set_status", "setContactStatus", True),
    ("POST", "/v1/batch/contacts", "batchCreateContacts", False),
    ("POST", "/v1/contact-fields", "listContactFields", True),
    ("POST", "/v1/contacts/fields", "createContactFields", False),
    ("POST", "/v2/contact", "createContactV2", False),
    ("GET", "/v2/contact/{contactID}", "getContactV2", True),
    ("PUT", "/v2/contact/{contactID}", "updateContactV2", True),
    ("DELETE", "/v2/contact/{contactID}", "deleteContactV2", True),
    ("POST", "/v2/contacts", "bulkUpsertContactsV2", False),
    ("DELETE", "/v2/contacts", "bulkDeleteContactsV2", True),
    ("POST", "/v2/contacts/list", "listContactsV2", True),
    ("POST", "/v2/contacts/search", "searchContactsV2", True),
    ("POST", "/v2/contact/{contactID}/channel", "addContactChannel", False),
    ("PUT", "/v2/contact/{contactID}/channel", "updateContactChannel", True),
    ("GET", "/v2/contact/{contactID}/channels", "listContactChannels", True),
    ("GET", "/v2/contact/{contactID}/channel/{channelType}", "getContactChannel", True),
    ("DELETE", "/v2/contact/{contactID}/channel/{channelType}", "deleteContactChannel", True),
    ("POST", "/v1/tag", "createTag", False),
    ("GET", "/v1/tag/{id}", "getTag", True),
    ("DELETE", "/v1/tag/{id}", "deleteTag", True),
    ("POST", "/v1/tags", "listTags", True),
)


@dataclass(frozen=True)
class Operation:
    method: str
    path_template: str
    operation_id: str
    retry_safe: bool


OPERATIONS: tuple[Operation, ...] = tuple(Operation(*row) for row in _TABLE)


def _pattern(template: str) -> re.Pattern[str]:
    # A path parameter is one non-empty segment (the generated client URL-encodes it).
    parts = re.split(r"(\{[^/{}]+\})", template)
    return re.compile("".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts) + "/?")


# Literal paths first, so that POST /v1/contact/get never matches a templated /v1/contact/{id}.
_MATCHERS: tuple[tuple[Operation, re.Pattern[str]], ...] = tuple(
    (op, _pattern(op.path_template)) for op in sorted(OPERATIONS, key=lambda op: op.path_template.count("{"))
)


@functools.lru_cache(maxsize=512)
def find_operation(method: str, path: str) -> Operation | None:
    """The operation for ``method`` and an API path (without the base URL's path), or None."""
    method = method.upper()
    for operation, pattern in _MATCHERS:
        if operation.method == method and pattern.fullmatch(path):
            return operation
    return None
