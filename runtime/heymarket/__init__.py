"""The Heymarket client: ``create_client`` returns the generated ``heymarket_client`` client with
JWT auth, retries by operation safety, the rate limiter, typed errors and logging installed in its
transport, so every copy (``with_headers``, ``with_timeout``, ``with_options``...) keeps them.

    import heymarket

    with heymarket.create_client() as client:  # HEYMARKET_SECRET_ID / HEYMARKET_SECRET_KEY
        contact = client.contacts.get(42)  # a Contact; a 404 raises heymarket.NotFoundError

Bulk import lives in ``heymarket.bulk``, the ``heymarket`` command in ``heymarket.cli``; both need the
``[cli]`` extra (``pip install 'heymarket-client[cli]'``), and ``import heymarket`` imports neither.
"""

from typing import TYPE_CHECKING, Any

from heymarket_auth import HeymarketAPIKeyAuth, HeymarketConfigError, HeymarketError, HeymarketJWTAuth, sign_token

from ._client import HeymarketClient, create_client
from ._errors import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    NotFoundError,
    PagingError,
    PermissionDeniedError,
    RateLimitError,
    RedirectError,
    ServerError,
)
from ._rate_limit import RateLimit
from ._retry import RetryPolicy
from ._timing import Timing
from ._transport import ALREADY_ABSENT_HEADER

__all__ = [
    "ALREADY_ABSENT_HEADER",
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "HeymarketAPIKeyAuth",
    "HeymarketClient",
    "HeymarketConfigError",
    "HeymarketError",
    "HeymarketJWTAuth",
    "NotFoundError",
    "PagingError",
    "PermissionDeniedError",
    "RateLimit",
    "RateLimitError",
    "RedirectError",
    "RetryPolicy",
    "ServerError",
    "Timing",
    "aiter_contacts",
    "aiter_contacts_v2",
    "aiter_tags",
    "create_client",
    "iter_contacts",
    "iter_contacts_v2",
    "iter_tags",
    "sign_token",
]

if TYPE_CHECKING:
    from ._paging import aiter_contacts, aiter_contacts_v2, aiter_tags, iter_contacts, iter_contacts_v2, iter_tags

# The pagers import the generated list operations and, through them, every model (a fifth of the import
# time), so they are imported on first use; `import heymarket` then costs little more than httpx and attrs.
_LAZY = frozenset(
    {"aiter_contacts", "aiter_contacts_v2", "aiter_tags", "iter_contacts", "iter_contacts_v2", "iter_tags"}
)


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from . import _paging

    value = getattr(_paging, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
