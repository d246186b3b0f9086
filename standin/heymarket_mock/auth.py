"""Bearer authentication as the vendor documents it: an API Secret JWT, or the legacy team API key.

The JWT recipe (spec: components.securitySchemes.jwtAuth): header `alg` HS256, claims `iss` = Secret ID and
`iat` = whole seconds, HMAC-SHA256 keyed with the UTF-8 bytes of `SECRET_ID||SECRET_KEY`, expired 5 minutes
after `iat`. The claims are checked here against the injected clock rather than by PyJWT, which reads the
system time. Messages never repeat the token, the key or the Secret ID.
"""

from __future__ import annotations

import hmac
import json
from dataclasses import dataclass

import jwt

from heymarket_mock.config import Clock


class AuthError(Exception):
    """The request is not authenticated; the message says why (answered as 401 `unauthorized`)."""


@dataclass(frozen=True)
class Principal:
    """Who made an authenticated request; `key` is what the rate limit is counted against."""

    kind: str
    key: str


class Authenticator:
    def __init__(
        self,
        *,
        secret_id: str,
        secret_key: str,
        api_key: str | None,
        clock: Clock,
        max_token_age: float,
        clock_skew: float,
    ) -> None:
        self._secret_id = secret_id
        self._signing_key = f"{secret_id}||{secret_key}".encode()
        self._api_key = api_key.encode() if api_key is not None else None
        self._clock = clock
        self._max_age = max_token_age
        self._skew = clock_skew
        self._jws = jwt.PyJWS()

    def authenticate(self, authorization: str | None) -> Principal:
        if not authorization:
            raise AuthError("missing Authorization header")
        scheme, _, credentials = authorization.partition(" ")
        if scheme.lower() != "bearer":
            raise AuthError("Authorization scheme must be Bearer")
        token = credentials.strip()
        if not token:
            raise AuthError("missing bearer token")
        if self._api_key is not None and hmac.compare_digest(token.encode(), self._api_key):
            return Principal(kind="api_key", key="api_key")
        self._verify_jwt(token)
        return Principal(kind="jwt", key=f"jwt:{self._secret_id}")

    def _verify_jwt(self, token: str) -> None:
        if token.count(".") != 2:
            raise AuthError("bearer token is neither a JWT nor a configured API key")
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise AuthError("malformed JWT") from None
        if header.get("alg") != "HS256":
            raise AuthError("JWT header alg must be HS256")
        typ = header.get("typ", "JWT")
        if not isinstance(typ, str) or typ.upper() != "JWT":
            raise AuthError("JWT header typ must be JWT")
        try:
            decoded = self._jws.decode_complete(token, key=self._signing_key, algorithms=["HS256"])
        except jwt.InvalidSignatureError:
            raise AuthError("JWT signature does not verify") from None
        except jwt.PyJWTError:
            raise AuthError("malformed JWT") from None
        try:
            claims = json.loads(decoded["payload"])
        except (ValueError, UnicodeDecodeError):
            raise AuthError("malformed JWT claims") from None
        if not isinstance(claims, dict):
            raise AuthError("malformed JWT claims")
        self._check_claims(claims)

    def _check_claims(self, claims: dict[str, object]) -> None:
        iss = claims.get("iss")
        if not isinstance(iss, str) or not hmac.compare_digest(iss.encode(), self._secret_id.encode()):
            raise AuthError("JWT iss is not a known API Secret ID")
        iat = claims.get("iat")
        # bool is an int subclass; a float is not whole seconds as documented.
        if isinstance(iat, bool) or not isinstance(iat, int):
            raise AuthError("JWT iat must be an integer number of seconds")
        now = self._clock()
        if iat > now + self._skew:
            raise AuthError("JWT iat is in the future")
        if now - iat > self._max_age:
            raise AuthError("JWT expired (iat older than 5 minutes)")
