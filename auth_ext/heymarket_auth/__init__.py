"""Heymarket authentication and runtime behaviour for the generated ``heymarket_client``.

Use :func:`create_client` to get an ``AuthenticatedClient`` that signs a Heymarket
JWT (or sends the legacy API key) on every request, retries by operation safety,
keeps to the rate limit and raises :class:`HeymarketError` subclasses.
"""

from .api_errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    HeymarketError,
    NotFoundError,
    PagingError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
)
from .api_key_auth import HeymarketAPIKeyAuth
from .client_factory import create_client
from .errors import HeymarketConfigError
from .jwt_auth import HeymarketJWTAuth
from .paging import aiter_contacts, aiter_contacts_v2, aiter_tags, iter_contacts, iter_contacts_v2, iter_tags
from .rate_limit import RateLimit
from .retry_policy import RetryPolicy
from .timing import Timing
from .token_signing import sign_token

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "HeymarketAPIKeyAuth",
    "HeymarketConfigError",
    "HeymarketError",
    "HeymarketJWTAuth",
    "NotFoundError",
    "PagingError",
    "PermissionDeniedError",
    "RateLimit",
    "RateLimitError",
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
