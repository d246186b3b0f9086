"""JWTs as the vendor documents them: minted for requests to the stand-in, and checked when a client sent one."""

from __future__ import annotations

import time
from typing import Any

import jwt

from tests.support.fakes import FAKE_SECRET_ID, FAKE_SECRET_KEY
from tests.support.loopback import RecordedRequest


def mint_jwt(
    *,
    iat: float | None = None,
    secret_id: str = FAKE_SECRET_ID,
    secret_key: str = FAKE_SECRET_KEY,
    iss: str | None = None,
    algorithm: str = "HS256",
    extra_claims: dict[str, Any] | None = None,
) -> str:
    """A JWT signed as the vendor documents: iss = Secret ID, iat = whole seconds, key `ID||KEY`."""
    claims: dict[str, Any] = {"iss": secret_id if iss is None else iss, "iat": int(time.time() if iat is None else iat)}
    claims.update(extra_claims or {})
    return jwt.encode(claims, f"{secret_id}||{secret_key}".encode(), algorithm=algorithm)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def decode_token(
    token: str,
    secret_id: str = FAKE_SECRET_ID,
    secret_key: str = FAKE_SECRET_KEY,
) -> dict[str, Any]:
    """Verify ``token`` independently with PyJWT and return its claims."""
    assert jwt.get_unverified_header(token) == {"alg": "HS256", "typ": "JWT"}
    claims: dict[str, Any] = jwt.decode(
        token,
        key=f"{secret_id}||{secret_key}".encode(),
        algorithms=["HS256"],
        issuer=secret_id,
        options={"require": ["iss", "iat"], "verify_iat": True},
    )
    assert set(claims) == {"iss", "iat"}
    assert type(claims["iat"]) is int
    return claims


def bearer_token(request: RecordedRequest) -> str:
    """The bearer token of a request that carried exactly one Authorization header."""
    values = request.header_values("Authorization")
    assert len(values) == 1, values
    scheme, _, token = values[0].partition(" ")
    assert scheme == "Bearer"
    return token
