"""Shared test helpers: made-up credentials, a fake clock and JWT checks."""

from __future__ import annotations

import threading
from typing import Any

import jwt
from loopback import RecordedRequest

# Made-up, distinctive values: leak checks grep for them in reprs, errors and logs.
FAKE_SECRET_ID = "3f2c9a1e-7b4d-4e8a-9c61-5d0f2b7a8e43"
FAKE_SECRET_KEY = "FAKEsecretKEYcanary7Q2wX9"
FAKE_API_KEY = "FAKEapiKEYcanary4Hk8Zp1"
SECRETS = (FAKE_SECRET_ID, FAKE_SECRET_KEY, FAKE_API_KEY)

# 1_700_000_000 is 2023-11-14T22:13:20Z: in the past, so PyJWT's iat check passes.
T0 = 1_700_000_000.0


def assert_no_secret(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text
    # The tail of the Secret ID must not show either (a masked prefix may).
    assert FAKE_SECRET_ID[4:] not in text


class FakeClock:
    """Thread-safe settable clock; with ``tick`` every call advances it by that much."""

    def __init__(self, start: float = T0, tick: float = 0.0) -> None:
        self._lock = threading.Lock()
        self._now = start
        self._tick = tick
        self.calls = 0

    def __call__(self) -> float:
        with self._lock:
            now = self._now
            self._now += self._tick
            self.calls += 1
            return now

    def set(self, now: float) -> None:
        with self._lock:
            self._now = now


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
