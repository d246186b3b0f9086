"""Requests are checked against openapi.yaml: 400 `bad_data` names the field and why; unknown routes are 404."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.standin import StandInServer

UUID = "a1b2c3d4-e5f6-4890-abcd-ef1234567890"


@pytest.mark.parametrize(
    ("method", "path", "body", "message"),
    [
        pytest.param("POST", "/v1/contact", {"first": "A"}, "phone: is required", id="missing-phone"),
        pytest.param("POST", "/v1/contact", {"phone": "+15105553344"}, "phone: must match the pattern", id="plus"),
        pytest.param("POST", "/v1/contact", {"phone": 15105553344}, "phone: must be of type string", id="int"),
        pytest.param(
            "POST",
            "/v1/contact",
            {"phone": "15105553344", "tags": [{"tag_id": n} for n in range(6)]},
            "tags: must have at most 5 item(s)",
            id="six-tags",
        ),
        pytest.param(
            "POST", "/v1/contact", {"phone": "15105553344", "tags": [{"id": 1}]}, "tags[0].tag_id: is required"
        ),
        pytest.param("POST", "/v1/contact", {"phone": "15105553344", "email": "nope"}, "email: must be a valid email"),
        pytest.param(
            "POST", "/v1/contact", {"phone": "15105553344", "avatar": "img.jpg"}, "avatar: must be a valid uri"
        ),
        pytest.param(
            "POST", "/v1/contact", {"phone": "15105553344", "custom": {"Plan": "x"}}, 'custom: key "Plan" must match'
        ),
        pytest.param("POST", "/v1/contact", {"phone": "15105553344", "assignee_id": -2}, "assignee_id: must be >= -1"),
        pytest.param("POST", "/v1/contact", [], "body: must be of type object", id="array-body"),
        pytest.param("POST", "/v1/batch/contacts", [{"phone": "15105553344"}, {"phone": "1"}], "[1].phone: must match"),
        pytest.param("POST", "/v1/batch/contacts", {"phone": "15105553344"}, "body: must be of type array"),
        pytest.param("POST", "/v2/contact", {"first": "A"}, "contact_channels: is required"),
        pytest.param("POST", "/v2/contact", {"contact_channels": []}, "contact_channels: must have at least 1 item"),
        pytest.param(
            "POST",
            "/v2/contact",
            {"contact_channels": [{"channel_type": "phone"}]},
            "contact_channels[0].channel_id: is required",
        ),
        pytest.param(
            "DELETE",
            "/v2/contacts",
            {"contact_channels": [{"channel_type": "phone", "channel_ids": [UUID]}]},
            'contact_channels[0].channel_type: must be "id"',
        ),
        pytest.param(
            "DELETE",
            "/v2/contacts",
            {"contact_channels": [{"channel_type": "id", "channel_ids": [98765]}]},
            "contact_channels[0].channel_ids[0]: must be of type string",
        ),
        pytest.param("POST", "/v1/contacts", {"limit": 0}, "limit: must be >= 1"),
        pytest.param("POST", "/v1/contacts", {"page": -1}, "page: must be >= 0"),
        pytest.param("POST", "/v1/contacts", {"date": "yesterday"}, "date: must be an RFC 3339 date-time"),
        pytest.param("POST", "/v1/tags", {"date": "2024-13-45"}, "date: must be an RFC 3339 date-time"),
        pytest.param("POST", "/v1/contact/set_status", {"id": 1, "status": "gone"}, "status: must be one of active"),
        pytest.param("POST", "/v1/contact/set_status", {"status": "active"}, "id: send id or phone"),
        pytest.param("POST", "/v1/contact/get", {}, "body: must have at least 1 property"),
        pytest.param("POST", "/v1/contact/get", {"id": 12}, "id: must be of type string"),
        pytest.param("POST", "/v1/tag", {"tag": "VIP", "color": "gold"}, "color: must match the pattern"),
        pytest.param("POST", "/v1/contacts/fields", [{"title": ""}], "[0].title: must be at least 1 character"),
        pytest.param("GET", "/v1/contact/abc", None, "id: path parameter must be of type integer"),
        pytest.param("GET", "/v1/tag/1.5", None, "id: path parameter must be of type integer"),
        pytest.param("PUT", "/v1/contact/1?overwrite=maybe", {"phone": "15105553344"}, "overwrite: query parameter"),
    ],
)
def test_an_invalid_request_names_the_field(
    server: StandInServer, method: str, path: str, body: Any, message: str
) -> None:
    response = server.call(method, path, json=body)
    assert response.status_code == 400, response.text
    assert response.json()["error"] == "bad_data"
    assert message in response.json()["message"]


def test_every_failing_field_is_reported(server: StandInServer) -> None:
    response = server.call("POST", "/v1/contact", json={"phone": "x", "email": "y", "first": 3})
    message = response.json()["message"]
    assert [part.split(":")[0] for part in message.split("; ")] == ["email", "first", "phone"]


def test_a_body_that_is_not_json_is_refused(server: StandInServer) -> None:
    headers = {**server.auth_headers(), "Content-Type": "application/json"}
    response = server.client.post("/v1/contact", content=b'{"phone": ', headers=headers)
    assert response.status_code == 400
    assert response.json() == {
        "error": "bad_data",
        "message": "body: is not valid JSON (Expecting value at line 1 column 11)",
    }


def test_a_body_of_another_content_type_is_refused(server: StandInServer) -> None:
    headers = {**server.auth_headers(), "Content-Type": "text/plain"}
    response = server.client.post("/v1/contact", content=b'{"phone": "15105553344"}', headers=headers)
    assert response.status_code == 400
    assert response.json()["message"] == "body: Content-Type must be application/json"


def test_a_missing_body_is_refused(server: StandInServer) -> None:
    response = server.call("POST", "/v1/contacts")
    assert response.status_code == 400
    assert response.json()["message"] == "body: a JSON request body is required"


def test_a_refused_request_changes_nothing(server: StandInServer) -> None:
    good = {"phone": "15105553344"}
    assert server.call("POST", "/v1/batch/contacts", json=[good, {"phone": "bad"}]).status_code == 400
    assert server.contacts() == []


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/v1/nothing"),
        ("GET", "/v1/contact/"),
        ("PATCH", "/v1/contact/1"),
        ("GET", "/v1/contacts"),
        ("POST", "/v1/contact/1"),
        ("GET", "/"),
    ],
)
def test_an_unknown_route_is_a_json_404(server: StandInServer, method: str, path: str) -> None:
    response = server.call(method, path)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/json"
    assert response.json()["error"] == "not_found"
    assert server.stats()["by_operation"] == {"(unmatched)": {"404": 1}}


def test_an_encoded_slash_stays_in_its_path_segment(server: StandInServer) -> None:
    response = server.call("GET", "/v1/contact/1%2F2")
    assert response.status_code == 400
    assert response.json()["message"].startswith("id:")
