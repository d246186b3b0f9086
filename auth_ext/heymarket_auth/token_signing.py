"""Signing of Heymarket API JWTs (HS256, claims ``iss`` and ``iat``)."""

import functools
from typing import TYPE_CHECKING

from .credentials import require_secret_text

if TYPE_CHECKING:
    import jwt

# The server rejects a token this many seconds after its ``iat``.
TOKEN_LIFETIME_SECONDS = 300

# Passed explicitly (and sorted by PyJWT) so the header is exactly
# {"alg":"HS256","typ":"JWT"} whatever PyJWT's defaults become.
_HEADER = {"alg": "HS256", "typ": "JWT"}


@functools.cache
def _encoder() -> "jwt.PyJWT":
    """A private instance, so options set on PyJWT's global object elsewhere in the
    process cannot change our tokens. Made on first use: importing PyJWT is about a
    fifth of ``import heymarket`` beyond httpx, and the first token is signed at the
    first request anyway."""
    import jwt

    return jwt.PyJWT()


def signing_key(secret_id: str, secret_key: str) -> bytes:
    """Return the HMAC key: the UTF-8 bytes of ``SECRET_ID||SECRET_KEY`` (not hex, not base64)."""
    return f"{secret_id}||{secret_key}".encode()  # str.encode() is UTF-8


def sign_token(secret_id: str, secret_key: str, iat: int) -> str:
    """Return the Heymarket JWT for ``secret_id`` issued at ``iat`` (unix seconds).

    Pure and deterministic: the payload is compact JSON with ``iss`` before ``iat``
    (dict order; PyJWT does not sort claims), so equal inputs give equal tokens.
    """
    require_secret_text("secret_id", secret_id)
    require_secret_text("secret_key", secret_key)
    # bool is an int subclass; True as a timestamp is certainly a bug.
    if isinstance(iat, bool) or not isinstance(iat, int):
        raise TypeError(f"iat must be an int (unix seconds), not {type(iat).__name__}")
    if iat < 0:
        raise ValueError("iat must not be negative")
    claims = {"iss": secret_id, "iat": iat}
    return _encoder().encode(
        claims,
        signing_key(secret_id, secret_key),
        algorithm="HS256",
        headers=_HEADER,
        sort_headers=True,
    )
