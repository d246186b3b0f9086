"""Heymarket authentication for the generated ``heymarket_client``.

Use :func:`create_client` to get an ``AuthenticatedClient`` that signs a Heymarket
JWT (or sends the legacy API key) on every request.
"""

from .api_key_auth import HeymarketAPIKeyAuth
from .client_factory import create_client
from .errors import HeymarketConfigError
from .jwt_auth import HeymarketJWTAuth
from .token_signing import sign_token

__all__ = [
    "HeymarketAPIKeyAuth",
    "HeymarketConfigError",
    "HeymarketJWTAuth",
    "create_client",
    "sign_token",
]
