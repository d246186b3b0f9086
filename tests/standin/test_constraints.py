"""Constraints the vendor does not state (openapi.yaml, "Request constraints the vendor does not state"):
the loosened ones are accepted by the stand-in and stored as sent, the kept ones are refused with a 400
`bad_data` that names the field and the reason."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.support.standin import StandInServer

PHONE = "15105550001"
OTHER_PHONE = "15105550002"
UUID = "a1b2c3d4-e5f6-4890-abcd-ef1234567890"


def ok(server: StandInServer, method: str, path: str, body: Any = None) -> Any:
    response = server.call(method, path, json=body)
    assert response.status_code == 200, f"{method} {path}: {response.status_code} {response.text}"
    return response.json()


def field_ids(server: StandInServer, *titles: str) -> list[str]:
    return [str(f["id"]) for f in ok(server, "POST", "/v1/contacts/fields", [{"title": t} for t in titles])]


def contact_uuid(server: StandInServer, phone: str = PHONE) -> str:
    created: dict[str, Any] = ok(server, "POST", "/v1/contact", {"phone": phone})
    return str(created["uuid"])


# ---------------------------------------------------------------------- loosened: accepted


def test_custom_values_may_be_numbers_and_booleans_on_every_contact_write(server: StandInServer) -> None:
    plan, seats, vip = field_ids(server, "Plan", "Seats", "VIP")
    custom = {plan: "Premium", seats: 12, vip: True}

    created = ok(server, "POST", "/v1/contact", {"phone": PHONE, "custom": custom})
    assert ok(server, "GET", f"/v1/contact/{created['id']}")["custom"] == custom

    ok(server, "PUT", f"/v1/contact/{created['id']}?overwrite=false", {"phone": PHONE, "custom": {seats: 2.5}})
    assert ok(server, "GET", f"/v1/contact/{created['id']}")["custom"] == {**custom, seats: 2.5}

    v2 = ok(
        server,
        "POST",
        "/v2/contact",
        {"contact_channels": [{"channel_type": "phone", "channel_id": OTHER_PHONE}], "custom": {vip: False}},
    )
    renamed = ok(server, "PUT", f"/v2/contact/{v2['uuid']}", {"custom": {seats: 0}})
    assert renamed["custom"] == {vip: False, seats: 0}

    assert ok(server, "POST", "/v1/batch/contacts", [{"phone": "15105550003", "custom": {seats: 7}}]) == "ok"
    upserted = ok(server, "POST", "/v2/contacts", {"contacts": [{"contact_id": v2["uuid"], "custom": {vip: True}}]})
    assert upserted["contacts"][0]["custom"] == {vip: True, seats: 0}
    assert upserted["failed_contacts"] == []


@pytest.mark.parametrize("color", ["#F00", "#f00", "#FFD700", "#ffd700"])
def test_tag_colour_accepts_the_3_and_6_digit_forms(server: StandInServer, color: str) -> None:
    created = ok(server, "POST", "/v1/tag", {"tag": "Red", "color": color})
    assert ok(server, "GET", f"/v1/tag/{created['id']}")["color"] == color


def test_empty_lists_of_records_to_create_write_nothing(server: StandInServer) -> None:
    assert ok(server, "POST", "/v1/contacts/fields", []) == []
    assert ok(server, "POST", "/v2/contacts", {"contacts": []}) == {"contacts": [], "failed_contacts": []}
    assert ok(server, "POST", "/v1/batch/contacts", []) == "ok"
    assert ok(server, "GET", "/__mock__/state") == {"contacts": [], "tags": [], "contact_fields": []}


@pytest.mark.parametrize(
    ("contact_id", "hint"),
    [
        ("98765", True),  # a v1 integer ID in a v2 path
        (UUID.replace("-", ""), True),
        ("not-a-uuid", True),
        (UUID, False),  # the right form, but no such contact
    ],
)
def test_a_contact_id_that_names_no_contact_is_a_404_whatever_its_form(
    server: StandInServer, contact_id: str, hint: bool
) -> None:
    contact_uuid(server)
    for method, path, body in [
        ("GET", f"/v2/contact/{contact_id}", None),
        ("PUT", f"/v2/contact/{contact_id}", {"first": "A"}),
        ("DELETE", f"/v2/contact/{contact_id}", None),
        ("GET", f"/v2/contact/{contact_id}/channels", None),
        ("GET", f"/v2/contact/{contact_id}/channel/phone", None),
    ]:
        response = server.call(method, path, json=body)
        assert response.status_code == 404, (method, path, response.text)
        assert response.json()["error"] == "not_found"
        assert ("not its v1 id" in response.json()["message"]) is hint


def test_a_created_contacts_uuid_is_used_as_it_is_in_every_v2_call(server: StandInServer) -> None:
    uuid = contact_uuid(server)
    assert ok(server, "GET", f"/v2/contact/{uuid}")["uuid"] == uuid
    assert ok(server, "GET", f"/v2/contact/{uuid.upper()}")["uuid"] == uuid  # the hex digits in either case
    updated = ok(server, "POST", "/v2/contacts", {"contacts": [{"contact_id": uuid, "first": "Ada"}]})
    assert updated["contacts"][0]["first"] == "Ada"
    body = {"contact_channels": [{"channel_type": "id", "channel_ids": [uuid]}]}
    assert ok(server, "DELETE", "/v2/contacts", body) == "ok"
    assert server.call("GET", f"/v2/contact/{uuid}").status_code == 404


@pytest.mark.parametrize(
    "contact_id",
    ["98765", "uuid-1", UUID.replace("-", ""), UUID],  # a v1 ID, the vendor's placeholder, no hyphens, no such contact
)
def test_a_body_uuid_that_names_no_contact_selects_nothing_whatever_its_form(
    server: StandInServer, contact_id: str
) -> None:
    # The documented answers (openapi.yaml, "Request constraints"): a bulk delete ignores the value and answers
    # "ok"; a bulk upsert item with it is not written and is listed in failed_contacts. Never a 400 or a 500.
    kept = contact_uuid(server)
    before = ok(server, "GET", "/__mock__/state")

    body = {"contact_channels": [{"channel_type": "id", "channel_ids": [contact_id]}]}
    assert ok(server, "DELETE", "/v2/contacts", body) == "ok"
    item = {"contact_id": contact_id, "first": "Ada"}
    answer = ok(server, "POST", "/v2/contacts", {"contacts": [item]})
    assert answer["contacts"] == []
    assert [failed["contact"] for failed in answer["failed_contacts"]] == [item]
    assert f"contact {contact_id} not found" in answer["failed_contacts"][0]["error"]

    assert ok(server, "GET", "/__mock__/state") == before
    assert [c["uuid"] for c in before["contacts"]] == [kept]


def test_a_body_uuid_names_a_contact_as_the_path_does(server: StandInServer) -> None:
    # One look-up for path and body: hex digits in either case, and nothing else, name the contact.
    first, second = contact_uuid(server), contact_uuid(server, OTHER_PHONE)
    for form in (first.upper(), first.replace("-", ""), "{" + first + "}"):
        in_path = server.call("GET", f"/v2/contact/{form}").status_code
        updated = ok(server, "POST", "/v2/contacts", {"contacts": [{"contact_id": form, "first": "Ada"}]})
        assert (in_path == 200) is bool(updated["contacts"]), form
    both = {"contact_channels": [{"channel_type": "id", "channel_ids": [first.upper(), "uuid-1", second]}]}
    assert ok(server, "DELETE", "/v2/contacts", both) == "ok"
    assert ok(server, "GET", "/__mock__/state")["contacts"] == []


# ---------------------------------------------------------------------- kept: refused with a clear 400

FIELD = "101"  # the first custom field ID the stand-in hands out; these requests are refused before use
# The key is named `custom.101` or `custom[101]`; either way the field and the reason are in the message.
CUSTOM_VALUE = re.compile(rf"^custom\W{FIELD}\W?: must be of type (?=.*string)(?=.*number)(?=.*boolean)")
KEPT: list[Any] = [
    # custom: one value per field, keys are field IDs
    pytest.param("POST", "/v1/contact", {"phone": PHONE, "custom": {FIELD: None}}, CUSTOM_VALUE, id="custom-null"),
    pytest.param("POST", "/v1/contact", {"phone": PHONE, "custom": {FIELD: ["a"]}}, CUSTOM_VALUE, id="custom-array"),
    pytest.param(
        "POST", "/v1/contact", {"phone": PHONE, "custom": {FIELD: {"a": 1}}}, CUSTOM_VALUE, id="custom-object"
    ),
    pytest.param("POST", "/v1/contact", {"phone": PHONE, "custom": {"Plan": "x"}}, 'custom: key "Plan" must match'),
    # phone, assignee, avatar
    pytest.param("POST", "/v1/contact", {"phone": "123456"}, "phone: must match the pattern", id="phone-6-digits"),
    pytest.param("POST", "/v1/contact", {"phone": "05105550001"}, "phone: must match the pattern", id="phone-0"),
    pytest.param("POST", "/v1/contact", {"phone": PHONE, "assignee_id": -2}, "assignee_id: must be >= -1"),
    pytest.param("POST", "/v1/contact", {"phone": PHONE, "avatar": "img.jpg"}, "avatar: must be a valid uri"),
    # tag colour and names, field titles
    pytest.param("POST", "/v1/tag", {"tag": "X", "color": "#FFFF"}, "color: must match the pattern", id="color-4"),
    pytest.param("POST", "/v1/tag", {"tag": "X", "color": "#FFD70080"}, "color: must match the pattern", id="rgba"),
    pytest.param("POST", "/v1/tag", {"tag": "X", "color": "FFD700"}, "color: must match the pattern", id="no-hash"),
    pytest.param("POST", "/v1/tag", {"tag": "X", "color": "red"}, "color: must match the pattern", id="color-name"),
    pytest.param("POST", "/v1/tag", {"tag": ""}, "tag: must be at least 1 character(s) long", id="empty-tag"),
    pytest.param("POST", "/v1/contacts/fields", [{"title": ""}], "[0].title: must be at least 1 character(s)"),
    # channels: non-empty types and values
    pytest.param(
        "POST",
        "/v2/contact",
        {"contact_channels": [{"channel_type": "", "channel_id": PHONE}]},
        "contact_channels[0].channel_type: must be at least 1 character(s) long",
        id="empty-channel-type",
    ),
    pytest.param(
        "POST",
        "/v2/contact",
        {"contact_channels": [{"channel_type": "email", "channel_id": ""}]},
        "contact_channels[0].channel_id: must be at least 1 character(s) long",
        id="empty-channel-id",
    ),
    # empty selectors and empty channel lists on update
    pytest.param(
        "DELETE",
        "/v2/contacts",
        {"contact_channels": [{"channel_type": "id", "channel_ids": []}]},
        "contact_channels[0].channel_ids: must have at least 1 item(s)",
        id="bulk-delete-nothing",
    ),
    pytest.param(
        "POST",
        "/v2/contacts/search",
        {"contact_channels": []},
        "contact_channels: must have at least 1 item(s)",
        id="search-no-channels",
    ),
    pytest.param(
        "POST",
        "/v2/contacts/search",
        {"contact_channels": [{"channel_ids": []}]},
        "contact_channels[0].channel_ids: must have at least 1 item(s)",
        id="search-no-values",
    ),
    pytest.param(
        "POST",
        "/v2/contacts/search",
        {"contact_channels": [{"channel_ids": [""]}]},
        "contact_channels[0].channel_ids[0]: must be at least 1 character(s) long",
        id="search-empty-value",
    ),
    pytest.param(
        "PUT",
        f"/v2/contact/{UUID}",
        {"contact_channels": []},
        "contact_channels: must have at least 1 item(s)",
        id="update-no-channels",
    ),
    pytest.param(
        "POST",
        "/v2/contacts",
        {"contacts": [{"contact_id": UUID, "contact_channels": []}]},
        "contacts[0].contact_channels: must have at least 1 item(s)",
        id="bulk-item-no-channels",
    ),
    # UUIDs in a body: any string, but a string
    pytest.param(
        "POST",
        "/v2/contacts",
        {"contacts": [{"contact_id": 98765, "first": "A"}]},
        "contacts[0].contact_id: must be of type string",
        id="bulk-item-contact-id-number",
    ),
    pytest.param(
        "DELETE",
        "/v2/contacts",
        {"contact_channels": [{"channel_type": "id", "channel_ids": [98765]}]},
        "contact_channels[0].channel_ids[0]: must be of type string",
        id="bulk-delete-id-number",
    ),
    # paging
    pytest.param("POST", "/v1/contacts", {"limit": 0}, "limit: must be >= 1"),
    pytest.param("POST", "/v2/contacts/list", {"page": -1}, "page: must be >= 0"),
]


@pytest.mark.parametrize(("method", "path", "body", "message"), KEPT)
def test_a_kept_constraint_is_refused_with_a_clear_400(
    server: StandInServer, method: str, path: str, body: Any, message: str | re.Pattern[str]
) -> None:
    response = server.call(method, path, json=body)
    assert response.status_code == 400, response.text
    assert response.json()["error"] == "bad_data"
    text = response.json()["message"]
    assert message.search(text) if isinstance(message, re.Pattern) else message in text, text
    assert ok(server, "GET", "/__mock__/state") == {"contacts": [], "tags": [], "contact_fields": []}
