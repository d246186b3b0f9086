"""The stand-in's bearer auth: API Secret JWTs as the vendor documents them, and the legacy team API key."""

from __future__ import annotations

import base64
import hmac
import json
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import jwt
import pytest

from tests.support.clocks import FakeClock
from tests.support.fakes import FAKE_API_KEY, FAKE_SECRET_ID, FAKE_SECRET_KEY, FAKE_SECRETS
from tests.support.standin import StandInServer, standin_config
from tests.support.tokens import bearer, mint_jwt


@pytest.fixture
def keyed_server(clock: FakeClock) -> Iterator[StandInServer]:
    with StandInServer(standin_config(clock=clock, api_key=FAKE_API_KEY)) as running:
        yield running


def list_contacts(server: StandInServer, headers: dict[str, str]) -> httpx.Response:
    return server.client.post("/v1/contacts", json={}, headers=headers)


def assert_unauthorized(response: httpx.Response, reason: str) -> None:
    assert response.status_code == 401, response.text
    body = response.json()
    assert body["error"] == "unauthorized"
    assert reason in body["message"]
    for secret in FAKE_SECRETS:
        assert secret not in response.text


def unsigned_token(header: dict[str, Any], claims: Any, signature: bytes = b"") -> str:
    def part(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    return ".".join(
        [part(json.dumps(header).encode()), part(json.dumps(claims).encode()), part(signature)],
    )


def test_a_jwt_signed_as_documented_is_accepted(server: StandInServer, clock: FakeClock) -> None:
    token = mint_jwt(iat=clock())
    assert jwt.get_unverified_header(token) == {"alg": "HS256", "typ": "JWT"}
    assert list_contacts(server, bearer(token)).status_code == 200


def test_the_scheme_name_is_case_insensitive(server: StandInServer, clock: FakeClock) -> None:
    response = list_contacts(server, {"Authorization": f"bearer {mint_jwt(iat=clock())}"})
    assert response.status_code == 200


@pytest.mark.parametrize(("age", "status"), [(0, 200), (299, 200), (300, 200), (301, 401), (3600, 401)])
def test_a_token_expires_300_seconds_after_iat(server: StandInServer, clock: FakeClock, age: int, status: int) -> None:
    response = list_contacts(server, bearer(mint_jwt(iat=clock() - age)))
    assert response.status_code == status, response.text
    if status == 401:
        assert_unauthorized(response, "expired")


@pytest.mark.parametrize(("ahead", "status"), [(1, 200), (5, 200), (6, 401), (600, 401)])
def test_iat_may_be_at_most_5_seconds_in_the_future(
    server: StandInServer, clock: FakeClock, ahead: int, status: int
) -> None:
    response = list_contacts(server, bearer(mint_jwt(iat=clock() + ahead)))
    assert response.status_code == status, response.text
    if status == 401:
        assert_unauthorized(response, "future")


def test_the_clock_is_the_injected_one(server: StandInServer, clock: FakeClock) -> None:
    token = mint_jwt(iat=clock())
    assert list_contacts(server, bearer(token)).status_code == 200
    clock.set(clock() + 301)
    assert_unauthorized(list_contacts(server, bearer(token)), "expired")


def test_a_token_signed_with_another_key_is_refused(server: StandInServer, clock: FakeClock) -> None:
    token = mint_jwt(iat=clock(), secret_key="not-the-secret-key")
    assert_unauthorized(list_contacts(server, bearer(token)), "signature")


def test_a_token_signed_with_the_key_alone_is_refused(server: StandInServer, clock: FakeClock) -> None:
    # The documented key is ID||KEY; signing with the Secret Key alone is a classic client mistake.
    token = jwt.encode({"iss": FAKE_SECRET_ID, "iat": int(clock())}, FAKE_SECRET_KEY.encode(), algorithm="HS256")
    assert_unauthorized(list_contacts(server, bearer(token)), "signature")


def test_a_token_with_another_iss_is_refused(server: StandInServer, clock: FakeClock) -> None:
    # Signed with the right key, but claiming another Secret ID.
    token = jwt.encode(
        {"iss": "someone-else", "iat": int(clock())},
        f"{FAKE_SECRET_ID}||{FAKE_SECRET_KEY}".encode(),
        algorithm="HS256",
    )
    assert_unauthorized(list_contacts(server, bearer(token)), "iss")


def test_a_missing_authorization_header_is_refused(server: StandInServer) -> None:
    assert_unauthorized(list_contacts(server, {}), "missing Authorization")


@pytest.mark.parametrize(
    "header",
    [
        pytest.param("Basic " + base64.b64encode(b"user:pass").decode(), id="basic"),
        pytest.param("Token abc", id="other-scheme"),
        pytest.param("Bearer", id="no-token"),
    ],
)
def test_a_malformed_authorization_header_is_refused(server: StandInServer, header: str) -> None:
    assert_unauthorized(list_contacts(server, {"Authorization": header}), "")


@pytest.mark.parametrize(
    "token",
    [
        pytest.param("not-a-jwt", id="no-dots"),
        pytest.param("a.b.c", id="garbage-parts"),
        pytest.param("..", id="empty-parts"),
        pytest.param("a.b.c.d", id="four-parts"),
    ],
)
def test_a_malformed_token_is_refused(server: StandInServer, token: str) -> None:
    assert_unauthorized(list_contacts(server, bearer(token)), "")


RIGHT_KEY = f"{FAKE_SECRET_ID}||{FAKE_SECRET_KEY}".encode()


def hmac_signed_token(header: dict[str, Any], claims: dict[str, Any], digest: str = "sha256") -> str:
    """A token whose signature is an HMAC with the right key over its own header and claims, whatever the header
    says: an HS256 signature under an `alg` that is not HS256 catches a stand-in that ignores the header."""

    def part(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    signing_input = f"{part(json.dumps(header).encode())}.{part(json.dumps(claims).encode())}"
    signature = hmac.new(RIGHT_KEY, signing_input.encode(), digest).digest()
    return f"{signing_input}.{part(signature)}"


def _claims(clock: FakeClock) -> dict[str, Any]:
    return {"iss": FAKE_SECRET_ID, "iat": int(clock())}


# Each token is signed with the right key (or carries no signature) and has valid claims; only `alg` is wrong.
WRONG_ALG_TOKENS: dict[str, Callable[[FakeClock], str]] = {
    "HS384": lambda clock: jwt.encode(_claims(clock), RIGHT_KEY, algorithm="HS384"),
    "HS512": lambda clock: jwt.encode(_claims(clock), RIGHT_KEY, algorithm="HS512"),
    "HS384-header-HS384-signature": lambda clock: hmac_signed_token(
        {"alg": "HS384", "typ": "JWT"}, _claims(clock), "sha384"
    ),
    "HS384-header-HS256-signature": lambda clock: hmac_signed_token({"alg": "HS384", "typ": "JWT"}, _claims(clock)),
    "none-unsigned": lambda clock: unsigned_token({"alg": "none", "typ": "JWT"}, _claims(clock)),
    "None-unsigned": lambda clock: unsigned_token({"alg": "None", "typ": "JWT"}, _claims(clock)),
    "none-with-HS256-signature": lambda clock: hmac_signed_token({"alg": "none", "typ": "JWT"}, _claims(clock)),
    "lowercase-hs256": lambda clock: hmac_signed_token({"alg": "hs256", "typ": "JWT"}, _claims(clock)),
    "no-alg": lambda clock: hmac_signed_token({"typ": "JWT"}, _claims(clock)),
    # RS256/ES256 keys need the `cryptography` package, which is not installed: these are the key-confusion
    # forms, an asymmetric `alg` over an HMAC of the shared secret, plus an RS256 header over random bytes.
    "RS256-header-HS256-signature": lambda clock: hmac_signed_token({"alg": "RS256", "typ": "JWT"}, _claims(clock)),
    "ES256-header-HS256-signature": lambda clock: hmac_signed_token({"alg": "ES256", "typ": "JWT"}, _claims(clock)),
    "PS256-header-HS256-signature": lambda clock: hmac_signed_token({"alg": "PS256", "typ": "JWT"}, _claims(clock)),
    "EdDSA-header-HS256-signature": lambda clock: hmac_signed_token({"alg": "EdDSA", "typ": "JWT"}, _claims(clock)),
    "RS256-header-random-signature": lambda clock: unsigned_token(
        {"alg": "RS256", "typ": "JWT"}, _claims(clock), bytes(range(256))
    ),
}


def test_the_hmac_helper_signs_hs256_as_the_vendor_documents(server: StandInServer, clock: FakeClock) -> None:
    # The control for the cases below: the same helper with alg HS256 makes a token the stand-in accepts.
    token = hmac_signed_token({"alg": "HS256", "typ": "JWT"}, _claims(clock))
    assert list_contacts(server, bearer(token)).status_code == 200


@pytest.mark.parametrize("case", list(WRONG_ALG_TOKENS))
def test_a_token_with_any_alg_but_hs256_is_refused(server: StandInServer, clock: FakeClock, case: str) -> None:
    token = WRONG_ALG_TOKENS[case](clock)
    assert_unauthorized(list_contacts(server, bearer(token)), "alg must be HS256")
    assert server.contacts() == []


@pytest.mark.parametrize(
    ("claims", "reason"),
    [
        pytest.param({"iss": FAKE_SECRET_ID}, "iat", id="no-iat"),
        pytest.param({"iss": FAKE_SECRET_ID, "iat": "1700000000"}, "iat", id="iat-string"),
        pytest.param({"iss": FAKE_SECRET_ID, "iat": 1_700_000_000.5}, "iat", id="iat-float"),
        pytest.param({"iss": FAKE_SECRET_ID, "iat": 1_700_000_000_000}, "future", id="iat-milliseconds"),
        pytest.param({"iat": 1_700_000_000}, "iss", id="no-iss"),
    ],
)
def test_claims_must_be_as_documented(server: StandInServer, claims: dict[str, Any], reason: str) -> None:
    token = jwt.encode(claims, f"{FAKE_SECRET_ID}||{FAKE_SECRET_KEY}".encode(), algorithm="HS256")
    assert_unauthorized(list_contacts(server, bearer(token)), reason)


def test_a_signed_token_whose_payload_is_no_object_is_refused(server: StandInServer) -> None:
    token = jwt.api_jws.encode(b"[1, 2]", f"{FAKE_SECRET_ID}||{FAKE_SECRET_KEY}".encode(), algorithm="HS256")
    assert_unauthorized(list_contacts(server, bearer(token)), "claims")


def test_the_legacy_api_key_works_when_configured(keyed_server: StandInServer, clock: FakeClock) -> None:
    assert list_contacts(keyed_server, bearer(FAKE_API_KEY)).status_code == 200
    assert list_contacts(keyed_server, bearer(mint_jwt(iat=clock()))).status_code == 200
    assert_unauthorized(list_contacts(keyed_server, bearer(FAKE_API_KEY + "x")), "")
    assert_unauthorized(list_contacts(keyed_server, bearer(FAKE_API_KEY[:-1])), "")


def test_the_legacy_api_key_is_refused_when_not_configured(server: StandInServer) -> None:
    assert_unauthorized(list_contacts(server, bearer(FAKE_API_KEY)), "")


def test_auth_is_checked_before_request_validation(server: StandInServer, clock: FakeClock) -> None:
    invalid_body = {"phone": "not a phone"}
    assert_unauthorized(server.client.post("/v1/contact", json=invalid_body), "missing")
    response = server.client.post("/v1/contact", json=invalid_body, headers=bearer(mint_jwt(iat=clock())))
    assert response.status_code == 400


def test_unauthenticated_requests_change_nothing(server: StandInServer) -> None:
    response = server.client.post("/v1/contact", json={"phone": "15105553344"})
    assert response.status_code == 401
    assert server.contacts() == []
    assert server.stats()["by_operation"] == {"createContact": {"401": 1}}
