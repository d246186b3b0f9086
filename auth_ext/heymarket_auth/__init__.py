"""Heymarket authentication for httpx: the HS256 JWT the vendor documents, and the legacy API key.

``HeymarketJWTAuth`` and ``HeymarketAPIKeyAuth`` are ``httpx.Auth`` classes usable with any plain
``httpx.Client``; ``sign_token`` makes one token. Retries, rate limiting and typed errors live in
the ``heymarket`` package, which builds on this one.
"""

from . import _lean_httpx  # noqa: F401  (first: imports httpx without its command-line module)
from .api_key_auth import HeymarketAPIKeyAuth
from .errors import HeymarketConfigError, HeymarketError
from .jwt_auth import HeymarketJWTAuth
from .token_signing import sign_token

__all__ = [
    "HeymarketAPIKeyAuth",
    "HeymarketConfigError",
    "HeymarketError",
    "HeymarketJWTAuth",
    "sign_token",
]
