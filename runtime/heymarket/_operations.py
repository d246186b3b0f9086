"""Which API operation a request is, and whether repeating it is safe.

The table is the generated ``heymarket_client.api.OPERATIONS``, made by ``make generate`` from
openapi.yaml's operations and their ``x-heymarket-retry-safe`` (``true``: repeating the request cannot
create or duplicate anything; ``false`` or absent: a create), so a spec edit changes the runtime's
retries with no hand edit here.
"""

import functools
import re

from heymarket_client.api import OPERATIONS, Operation

__all__ = ["DELETES", "OPERATIONS", "Operation", "find_operation"]

DELETES = frozenset(op.operation_id for op in OPERATIONS if op.method == "DELETE" and "{" in op.path)
"""Deletes of one record named in the path: a 404 after an earlier attempt that may have been processed
means the record is gone, which is what the caller asked for (the spec's Choice)."""


def _pattern(template: str) -> re.Pattern[str]:
    # A path parameter is one non-empty segment (the generated client URL-encodes it).
    parts = re.split(r"(\{[^/{}]+\})", template)
    return re.compile("".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts) + "/?")


# Literal paths first, so that POST /v1/contact/get never matches a templated /v1/contact/{id}.
_MATCHERS: tuple[tuple[Operation, re.Pattern[str]], ...] = tuple(
    (op, _pattern(op.path)) for op in sorted(OPERATIONS, key=lambda op: op.path.count("{"))
)


@functools.lru_cache(maxsize=512)
def find_operation(method: str, path: str) -> Operation | None:
    """The operation for ``method`` and an API path (without the base URL's path), or None."""
    method = method.upper()
    for operation, pattern in _MATCHERS:
        if operation.method == method and pattern.fullmatch(path):
            return operation
    return None
