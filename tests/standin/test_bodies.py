"""Request bodies the stand-in must refuse with a 4xx, never a 500: deep nesting, bad JSON, too large.

Every case goes over real HTTP to a stand-in on 127.0.0.1, and checks that the refused request changed nothing
and that the stand-in never answered 500 (an uninjected 500 is a bug of the stand-in).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from heymarket_mock.config import DEFAULT_MAX_BODY_BYTES
from tests.support.clocks import FakeClock
from tests.support.standin import StandInServer, standin_config

PHONE = "15105553344"
SMALL_LIMIT = 2000


@pytest.fixture
def small_server(clock: FakeClock) -> Iterator[StandInServer]:
    with StandInServer(dataclasses.replace(standin_config(clock=clock), max_body_bytes=SMALL_LIMIT)) as running:
        yield running


def post(
    server: StandInServer, path: str, content: Any, content_type: str | None = "application/json"
) -> httpx.Response:
    headers = server.auth_headers()
    if content_type is not None:
        headers["Content-Type"] = content_type
    return server.client.post(path, content=content, headers=headers)


def assert_bad_data(response: httpx.Response, message: str) -> None:
    assert response.status_code == 400, response.text
    assert response.json()["error"] == "bad_data"
    assert message in response.json()["message"]


def assert_no_500_and_nothing_created(server: StandInServer) -> None:
    assert "500" not in server.stats()["by_status"]
    assert server.contacts() == []


# ------------------------------------------------------------------------------------------------- nesting


@pytest.mark.parametrize(
    ("path", "body"),
    [
        pytest.param("/v1/batch/contacts", b"[" * 5000 + b"]" * 5000, id="arrays-5000"),
        pytest.param("/v1/contact", b'{"a":' * 5000 + b"1" + b"}" * 5000, id="objects-5000"),
        pytest.param("/v1/batch/contacts", b"[" * 100_000, id="unclosed-arrays-100000"),
        pytest.param(
            "/v1/contact",
            json.dumps({"phone": PHONE, "extra": [[[[[[[[[[0]]]]]]]]]] * 8}).replace("0", "[" * 60 + "]" * 60),
            id="65-levels-inside-a-valid-contact",
        ),
    ],
)
def test_a_deeply_nested_body_is_a_400_naming_the_problem(server: StandInServer, path: str, body: Any) -> None:
    assert_bad_data(post(server, path, body), "body: is nested deeper than 64 levels")
    assert_no_500_and_nothing_created(server)


def test_nesting_up_to_the_limit_is_accepted(server: StandInServer) -> None:
    # The body is one level, the contact's extra value 63 more: 64 in all.
    body = {"phone": PHONE, "extra": json.loads("[" * 63 + "]" * 63)}
    assert post(server, "/v1/contact", json.dumps(body)).status_code == 200


# ------------------------------------------------------------------------------------------------ bad JSON


@pytest.mark.parametrize(
    ("body", "message"),
    [
        pytest.param(b'{"phone": "\xff"}', "body: is not valid JSON (not UTF-8 at byte 11)", id="invalid-utf8"),
        pytest.param(b'{"phone": "\xed\xa0\x80"}', "not UTF-8", id="utf8-encoded-surrogate"),
        pytest.param('{"phone": "15105553344"}'.encode("utf-16"), "not UTF-8", id="utf16"),
        pytest.param(b'\xef\xbb\xbf{"phone": "15105553344"}', "Unexpected UTF-8 BOM", id="bom"),
        pytest.param(b'{"phone": "15105553344", "assignee_id": NaN}', "body: NaN is not valid JSON", id="nan"),
        pytest.param(b'{"phone": "15105553344", "assignee_id": Infinity}', "Infinity is not valid JSON", id="inf"),
        pytest.param(b'{"phone": "15105553344", "assignee_id": -Infinity}', "-Infinity is not valid", id="-inf"),
        pytest.param(b'{"phone": "15105553344", "assignee_id": 1e400}', "1e400 is too large for a double", id="1e400"),
        pytest.param(
            b'{"phone": "15105553344", "assignee_id": ' + b"9" * 5000 + b"}", "has too many digits (5000)", id="digits"
        ),
        pytest.param(b'{"phone": "15105553344", "phone": "15105553345"}', 'duplicate key "phone"', id="duplicate"),
        pytest.param(b'{"phone": "15105553344", "first": "\\ud800"}', "unpaired UTF-16 surrogate", id="surrogate"),
        pytest.param(b'{"phone": "15105553344"} {}', "Extra data at line 1 column 26", id="trailing-data"),
        pytest.param(b'{"phone": "15105553344",}', "is not valid JSON", id="trailing-comma"),
        pytest.param(b"{'phone': '15105553344'}", "is not valid JSON", id="single-quotes"),
        pytest.param(b'{"phone": "1510555\x003344"}', "Invalid control character", id="nul-in-string"),
        pytest.param(b"   ", "is not valid JSON", id="whitespace-only"),
    ],
)
def test_bad_json_is_a_400(server: StandInServer, body: bytes, message: str) -> None:
    assert_bad_data(post(server, "/v1/contact", body), message)
    assert_no_500_and_nothing_created(server)


@pytest.mark.parametrize(
    ("first", "assignee_id"),
    [
        pytest.param("\\ud83d\\ude00", 1, id="paired-surrogate-escapes"),
        pytest.param("plain", 2**63, id="integer-beyond-64-bit"),  # the spec's integer has no bound
        pytest.param("plain", 1e308, id="largest-doubles"),
    ],
)
def test_json_edge_cases_that_are_valid_are_accepted(server: StandInServer, first: str, assignee_id: Any) -> None:
    body = f'{{"phone": "{PHONE}", "first": "{first}", "assignee_id": {assignee_id}}}'
    response = post(server, "/v1/contact", body.encode())
    assert response.status_code == 200, response.text
    assert server.contacts()[0]["first"] == json.loads(f'"{first}"')


@pytest.mark.parametrize(
    "content_type",
    [
        None,
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/jsonp",
        "application/vnd.api+json",
    ],
)
def test_a_body_of_another_content_type_is_a_400(server: StandInServer, content_type: str | None) -> None:
    response = post(server, "/v1/contact", json.dumps({"phone": PHONE}), content_type)
    assert_bad_data(response, "body: Content-Type must be application/json")
    assert_no_500_and_nothing_created(server)


@pytest.mark.parametrize("content_type", ["application/json; charset=utf-8", "Application/JSON"])
def test_content_type_parameters_and_case_do_not_matter(server: StandInServer, content_type: str) -> None:
    assert post(server, "/v1/contact", json.dumps({"phone": PHONE}), content_type).status_code == 200


# ---------------------------------------------------------------------------------------------- size limit


def test_the_default_limit_is_1_mib(server: StandInServer) -> None:
    assert DEFAULT_MAX_BODY_BYTES == server.config.max_body_bytes == 1024 * 1024
    items = [{"phone": f"1510555{i:04d}", "first": "x" * 300} for i in range(3300)]
    body = json.dumps(items).encode()
    assert len(body) > DEFAULT_MAX_BODY_BYTES
    response = post(server, "/v1/batch/contacts", body)
    assert response.status_code == 413
    assert response.json() == {"error": "too_large", "message": "the request body is larger than 1048576 bytes"}
    assert_no_500_and_nothing_created(server)
    # The limit is on bytes, not items: the same items, fewer bytes, pass.
    for item in items:
        item["first"] = "x"
    assert post(server, "/v1/batch/contacts", json.dumps(items)).status_code == 200


def _padded(size: int) -> bytes:
    """A valid contact of exactly `size` bytes (trailing whitespace is allowed around JSON)."""
    body = json.dumps({"phone": PHONE}).encode()
    return body + b" " * (size - len(body))


def test_a_body_at_the_limit_is_read_one_byte_over_is_a_413(small_server: StandInServer) -> None:
    assert post(small_server, "/v1/contact", _padded(SMALL_LIMIT)).status_code == 200
    small_server.reset()
    response = post(small_server, "/v1/contact", _padded(SMALL_LIMIT + 1))
    assert response.status_code == 413
    assert response.json() == {"error": "too_large", "message": f"the request body is larger than {SMALL_LIMIT} bytes"}
    assert response.headers["x-request-id"]
    assert small_server.stats()["by_operation"] == {"createContact": {"413": 1}}
    assert small_server.contacts() == []


def test_a_chunked_body_without_length_is_cut_off_at_the_limit(small_server: StandInServer) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"phone": "15105553344"'
        for _ in range(10):
            yield b" " * 500
        yield b"}"

    response = post(small_server, "/v1/contact", chunks())
    assert response.status_code == 413
    assert response.json()["error"] == "too_large"
    assert_no_500_and_nothing_created(small_server)
    # The stand-in still serves the next request (on a new connection: the 413 closed this one).
    assert post(small_server, "/v1/contact", json.dumps({"phone": PHONE})).status_code == 200


def test_a_body_limit_option_is_checked() -> None:
    with pytest.raises(ValueError, match="max_body_bytes"):
        dataclasses.replace(standin_config(), max_body_bytes=0)
    with pytest.raises(ValueError, match="max_json_depth"):
        dataclasses.replace(standin_config(), max_json_depth=0)


# --------------------------------------------------------------------------------------------- fuzz-ish

_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)
_CONTACTS = st.fixed_dictionaries(
    {"phone": st.from_regex(r"\A1[2-9][0-9]{9}\Z") | st.text(max_size=16)},
    optional={"first": _JSON_VALUES, "tags": _JSON_VALUES, "custom": _JSON_VALUES, "assignee_id": _JSON_VALUES},
)
_BODIES = (
    st.binary(max_size=200)
    | _JSON_VALUES.map(lambda value: json.dumps(value).encode())
    | st.lists(_CONTACTS, max_size=5).map(lambda items: json.dumps(items).encode())
    # Valid JSON cut at a random point, or with a random byte changed.
    | st.tuples(st.lists(_CONTACTS, min_size=1, max_size=3), st.integers(0, 400), st.integers(0, 255)).map(
        lambda t: (lambda raw: raw[: t[1]] + bytes([t[2]]) + raw[t[1] + 1 :])(json.dumps(t[0]).encode())
    )
)


@settings(
    max_examples=150,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(body=_BODIES, path=st.sampled_from(["/v1/batch/contacts", "/v1/contact", "/v2/contacts"]))
def test_no_body_makes_the_stand_in_answer_500(server: StandInServer, body: bytes, path: str) -> None:
    response = post(server, path, body)
    assert response.status_code in (200, 400), response.text
    assert response.json()  # a JSON answer either way
    assert "500" not in server.stats()["by_status"]
