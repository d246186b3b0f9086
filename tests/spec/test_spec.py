"""openapi.yaml: structure, examples, the vendor seeds, and constraints that reject bad bodies."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from openapi_spec_validator import validate

from tests.support.spec import (
    SEEDS,
    errors_for,
    escape,
    load_spec,
    operations,
    request_schema_name,
    resolve,
    response_schema_name,
    validator,
)

EXPECTED_OPERATIONS = {
    ("post", "/v1/contact"): "createContact",
    ("get", "/v1/contact/{id}"): "getContact",
    ("put", "/v1/contact/{id}"): "updateContact",
    ("delete", "/v1/contact/{id}"): "deleteContact",
    ("post", "/v1/contacts"): "listContacts",
    ("post", "/v1/contacts/count"): "countContacts",
    ("post", "/v1/contact/get"): "getContactByPhoneOrId",
    ("post", "/v1/contact/status"): "getContactStatus",
    ("post", "/v1/contact/set_status"): "setContactStatus",
    ("post", "/v1/batch/contacts"): "batchCreateContacts",
    ("post", "/v1/contact-fields"): "listContactFields",
    ("post", "/v1/contacts/fields"): "createContactFields",
    ("post", "/v2/contact"): "createContactV2",
    ("get", "/v2/contact/{contactID}"): "getContactV2",
    ("put", "/v2/contact/{contactID}"): "updateContactV2",
    ("delete", "/v2/contact/{contactID}"): "deleteContactV2",
    ("post", "/v2/contacts"): "bulkUpsertContactsV2",
    ("delete", "/v2/contacts"): "bulkDeleteContactsV2",
    ("post", "/v2/contacts/list"): "listContactsV2",
    ("post", "/v2/contacts/search"): "searchContactsV2",
    ("post", "/v2/contact/{contactID}/channel"): "addContactChannel",
    ("put", "/v2/contact/{contactID}/channel"): "updateContactChannel",
    ("get", "/v2/contact/{contactID}/channels"): "listContactChannels",
    ("get", "/v2/contact/{contactID}/channel/{channelType}"): "getContactChannel",
    ("delete", "/v2/contact/{contactID}/channel/{channelType}"): "deleteContactChannel",
    ("post", "/v1/tag"): "createTag",
    ("get", "/v1/tag/{id}"): "getTag",
    ("delete", "/v1/tag/{id}"): "deleteTag",
    ("post", "/v1/tags"): "listTags",
}
# Operations that address one contact without a path parameter: they can answer 404 too.
LOOKUPS_WITHOUT_PATH_ID = {"getContactByPhoneOrId", "getContactStatus", "setContactStatus"}
ERROR_RESPONSES = {
    "400": "BadRequest",
    "401": "Unauthorized",
    "403": "Forbidden",
    "404": "NotFound",
    "429": "TooManyRequests",
    "500": "ServerError",
}


def seed(name: str) -> Any:
    return json.loads((SEEDS / name).read_text(encoding="utf-8"))


def test_spec_is_valid_openapi_3_1() -> None:
    spec = load_spec()
    validate(spec)
    assert spec["openapi"] == "3.1.0"
    assert spec["servers"][0]["url"] == "https://api.heymarket.com"


def test_exactly_the_29_documented_operations() -> None:
    found = {(method, path): op["operationId"] for path, method, op in operations()}
    assert found == EXPECTED_OPERATIONS
    assert len(found) == 29


@pytest.mark.parametrize("path, method, op", list(operations()), ids=lambda v: v if isinstance(v, str) else "")
def test_operation_contract(path: str, method: str, op: dict[str, Any]) -> None:
    # The generator ignores global security, so every operation repeats it.
    assert op["security"] == [{"jwtAuth": []}, {"apiKeyAuth": []}]
    assert isinstance(op["x-heymarket-retry-safe"], bool)
    if method in ("get", "put", "delete"):
        assert op["x-heymarket-retry-safe"] is True
    responses = op["responses"]
    assert "default" not in responses
    addressed = "{" in path or op["operationId"] in LOOKUPS_WITHOUT_PATH_ID
    expected_errors = {k for k in ERROR_RESPONSES if k != "404" or addressed}
    assert {k for k in responses if not k.startswith("2")} == expected_errors
    for status in expected_errors:
        assert responses[status] == {"$ref": f"#/components/responses/{ERROR_RESPONSES[status]}"}
    for status, response in responses.items():
        headers = resolve(response).get("headers", {})
        assert resolve(headers.get("X-Request-Id")) == load_spec()["components"]["headers"]["XRequestId"], status
    assert [s for s in responses if s.startswith("2")] == ["200"]


def test_security_schemes_describe_the_jwt_recipe() -> None:
    schemes = load_spec()["components"]["securitySchemes"]
    jwt_text = schemes["jwtAuth"]["description"]
    for needle in ('"alg": "HS256"', '"typ": "JWT"', "`iss`", "`iat`", "SECRET_ID||SECRET_KEY", "5 minutes"):
        assert needle in jwt_text
    assert schemes["jwtAuth"]["scheme"] == "bearer"
    assert schemes["apiKeyAuth"]["scheme"] == "bearer"


def _examples(node: Any, pointer: str) -> Iterator[tuple[str, str, Any]]:
    """(schema pointer, label, example value) for every example in the document."""
    if isinstance(node, dict):
        if "schema" in node and isinstance(node.get("examples"), dict):
            for name, example in node["examples"].items():
                yield f"{pointer}/schema", f"{pointer}/examples/{name}", resolve(example)["value"]
        if "schema" in node and "example" in node:
            yield f"{pointer}/schema", f"{pointer}/example", node["example"]
        if isinstance(node.get("examples"), list):  # a JSON Schema `examples` keyword
            for i, value in enumerate(node["examples"]):
                yield pointer, f"{pointer}/examples/{i}", value
        for key, child in node.items():
            if key != "examples":
                yield from _examples(child, f"{pointer}/{escape(str(key))}")
    elif isinstance(node, list):
        for i, child in enumerate(node):
            yield from _examples(child, f"{pointer}/{i}")


ALL_EXAMPLES = list(_examples(load_spec(), ""))


def test_examples_are_many() -> None:
    # A walker that finds nothing would make the next test pass vacuously.
    assert len(ALL_EXAMPLES) >= 90


@pytest.mark.parametrize("schema_ptr, label, value", ALL_EXAMPLES, ids=[e[1] for e in ALL_EXAMPLES])
def test_every_example_matches_its_schema(schema_ptr: str, label: str, value: Any) -> None:
    problems = [e.message for e in validator(schema_ptr).iter_errors(value)]
    assert problems == [], label


def test_every_request_body_and_success_response_has_an_example() -> None:
    for _, _, op in operations():
        bodies = [op["requestBody"]] if "requestBody" in op else []
        bodies.append(resolve(op["responses"]["200"]))
        for body in bodies:
            media = body["content"]["application/json"]
            assert media.get("examples") or "example" in media, op["operationId"]


# --- the vendor's seed pages -------------------------------------------------------------


# (operation, request or response, the copy of the vendor's example body in tests/fixtures/seeds)
SEED_BODIES = [
    ("createContact", "request", "v1_create_request.json"),
    ("createContact", "response", "create_response.json"),
    ("createContactV2", "request", "v2_create_request.json"),
    ("createContactV2", "response", "create_response.json"),
    ("batchCreateContacts", "request", "batch_request.json"),
    ("batchCreateContacts", "response", "batch_response.json"),
]


def _named_example(operation_id: str, where: str, name: str) -> Any:
    for _, _, op in operations():
        if op["operationId"] == operation_id:
            holder = op["requestBody"] if where == "request" else resolve(op["responses"]["200"])
            return resolve(holder["content"]["application/json"]["examples"][name])["value"]
    raise KeyError(operation_id)


@pytest.mark.parametrize("operation_id, where, fixture", SEED_BODIES)
def test_seed_examples_are_in_the_spec_exactly(operation_id: str, where: str, fixture: str) -> None:
    assert _named_example(operation_id, where, "seed") == seed(fixture)


@pytest.mark.parametrize("operation_id, where, fixture", SEED_BODIES)
def test_seed_bodies_validate(operation_id: str, where: str, fixture: str) -> None:
    name = request_schema_name(operation_id) if where == "request" else response_schema_name(operation_id)
    assert errors_for(name, seed(fixture)) == []


def test_seed_fields_are_all_declared() -> None:
    schemas = load_spec()["components"]["schemas"]
    request_fields = set(seed("batch_request.json")[0])
    assert request_fields <= set(schemas["ContactRequest"]["properties"])
    v2_fields = {"contact_channels", "first", "display_name", "email", "custom", "avatar", "assignee_id", "tags"}
    assert v2_fields | {"is_opted_out"} <= set(schemas["ContactV2Request"]["properties"])
    assert set(seed("batch_response.json")[0]) <= set(schemas["Contact"]["properties"])
    assert set(seed("create_response.json")) == set(schemas["MutationResult"]["properties"])
    for name, schema in schemas.items():
        assert schema.get("title") == name


def test_batch_response_accepts_both_vendor_shapes() -> None:
    assert errors_for("BatchCreateContactsResponse", "ok") == []
    assert errors_for("BatchCreateContactsResponse", []) == []
    assert errors_for("BatchCreateContactsResponse", seed("batch_response.json")) == []
    assert errors_for("BatchCreateContactsResponse", {"ok": True}) != []


# --- bad bodies are rejected ---------------------------------------------------------------


def _v1() -> dict[str, Any]:
    body: dict[str, Any] = copy.deepcopy(seed("batch_request.json")[0])
    return body


def _with(body: dict[str, Any], **changes: Any) -> dict[str, Any]:
    out = copy.deepcopy(body)
    for key, value in changes.items():
        if value is ...:
            out.pop(key)
        else:
            out[key] = value
    return out


BAD_BODIES: list[tuple[str, str, Any, str]] = [
    ("phone with a leading +", "ContactRequest", _with(_v1(), phone="+15105553344"), "does not match"),
    ("phone with letters", "ContactRequest", _with(_v1(), phone="1510555ABCD"), "does not match"),
    ("six tags", "ContactRequest", _with(_v1(), tags=[{"tag_id": i} for i in range(6)]), "too long"),
    ("tag without tag_id", "ContactRequest", _with(_v1(), tags=[{"id": 1}]), "'tag_id' is a required property"),
    ("v1 body without phone", "ContactRequest", _with(_v1(), phone=...), "'phone' is a required property"),
    (
        "v2 body with empty contact_channels",
        "ContactV2Request",
        _with(seed("v2_create_request.json"), contact_channels=[]),
        "should be non-empty",
    ),
    (
        "v2 body without contact_channels",
        "ContactV2Request",
        _with(seed("v2_create_request.json"), contact_channels=...),
        "'contact_channels' is a required property",
    ),
    (
        "v2 channel without channel_id",
        "ContactV2Request",
        _with(seed("v2_create_request.json"), contact_channels=[{"channel_type": "phone"}]),
        "'channel_id' is a required property",
    ),
    ("batch body that is an object", "BatchCreateContactsRequest", _v1(), "is not of type 'array'"),
    ("batch item without phone", "BatchCreateContactsRequest", [_with(_v1(), phone=...)], "required"),
    ("custom keyed by title", "ContactRequest", _with(_v1(), custom={"Plan": "Premium"}), "does not match"),
    ("assignee_id below -1", "ContactRequest", _with(_v1(), assignee_id=-2), "less than the minimum"),
    ("email without @", "ContactRequest", _with(_v1(), email="not-an-email"), "is not a 'email'"),
    ("unknown status", "SetContactStatusRequest", {"id": 1, "status": "paused"}, "is not one of"),
    ("empty lookup", "ContactLookupRequest", {}, "should be non-empty"),
    ("custom value null", "ContactRequest", _with(_v1(), custom={"123": None}), "is not of type"),
    ("custom value object", "ContactRequest", _with(_v1(), custom={"123": {"a": 1}}), "is not of type"),
    ("tag colour of 4 digits", "CreateTagRequest", {"tag": "X", "color": "#FFFF"}, "does not match"),
    ("tag colour without #", "CreateTagRequest", {"tag": "X", "color": "FFD700"}, "does not match"),
    ("empty tag name", "CreateTagRequest", {"tag": ""}, "should be non-empty"),
    ("empty field title", "CreateContactFieldsRequest", [{"title": ""}], "should be non-empty"),
    (
        "bulk delete of nothing",
        "BulkDeleteContactsV2Request",
        {"contact_channels": [{"channel_type": "id", "channel_ids": []}]},
        "should be non-empty",
    ),
    (
        "bulk item contact_id that is no string",
        "BulkUpsertContactsV2Request",
        {"contacts": [{"contact_id": 98765}]},
        "is not of type 'string'",
    ),
    (
        "bulk delete of an id that is no string",
        "BulkDeleteContactsV2Request",
        {"contact_channels": [{"channel_type": "id", "channel_ids": [98765]}]},
        "is not of type 'string'",
    ),
    (
        "bulk delete by phone",
        "BulkDeleteContactsV2Request",
        {"contact_channels": [{"channel_type": "phone", "channel_ids": ["15105553344"]}]},
        "'id' was expected",
    ),
]


@pytest.mark.parametrize("label, schema, body, message", BAD_BODIES, ids=[b[0] for b in BAD_BODIES])
def test_bad_bodies_are_rejected(label: str, schema: str, body: Any, message: str) -> None:
    problems = errors_for(schema, body)
    assert any(message in p for p in problems), (label, problems)


def test_the_good_versions_of_the_bad_bodies_pass() -> None:
    # Control for the test above: the bodies it breaks are valid before they are broken.
    assert errors_for("ContactRequest", _v1()) == []
    assert errors_for("ContactV2Request", seed("v2_create_request.json")) == []
    assert errors_for("SetContactStatusRequest", {"id": 1, "status": "unsubscribed"}) == []
    assert errors_for("ContactLookupRequest", {"phone": "15105553344"}) == []


def test_choices_are_stated_where_the_vendor_disagrees() -> None:
    text = json.dumps(load_spec())
    assert len(re.findall(r"\*\*Choice:\*\*", text)) >= 15


# Loosened where the vendor states no limit (openapi.yaml, "Request constraints the vendor does not state").
LOOSENED: list[tuple[str, str, Any]] = [
    (
        "custom values of any scalar type",
        "ContactRequest",
        _with(_v1(), custom={"1": "x", "2": 12, "3": 2.5, "4": True}),
    ),
    ("3-digit tag colour", "CreateTagRequest", {"tag": "Red", "color": "#F00"}),
    ("6-digit tag colour", "CreateTagRequest", {"tag": "Gold", "color": "#ffd700"}),
    ("no field to create", "CreateContactFieldsRequest", []),
    ("no contact to upsert", "BulkUpsertContactsV2Request", {"contacts": []}),
    ("no contact to batch", "BatchCreateContactsRequest", []),
    # UUIDs in a body are any string: the vendor's bulk-delete example sends placeholders.
    ("bulk item contact_id in any form", "BulkUpsertContactsV2Request", {"contacts": [{"contact_id": "98765"}]}),
    (
        "bulk delete of the vendor's placeholder ids",
        "BulkDeleteContactsV2Request",
        {"contact_channels": [{"channel_type": "id", "channel_ids": ["uuid-1", "uuid-2"]}]},
    ),
]


@pytest.mark.parametrize("label, schema, body", LOOSENED, ids=[b[0] for b in LOOSENED])
def test_loosened_constraints_accept(label: str, schema: str, body: Any) -> None:
    assert errors_for(schema, body) == [], label


def _walk(node: Any) -> Iterator[Any]:
    yield node
    children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else []
    for child in children:
        yield from _walk(child)


def test_uuids_have_one_type_from_answer_to_request() -> None:
    # A created contact's `uuid` goes straight into the next v2 call: string on both sides, and no
    # `format: uuid`, which generators turn into a UUID class.
    spec = load_spec()
    assert not [n for n in _walk(spec) if isinstance(n, dict) and n.get("format") == "uuid"]
    schemas = spec["components"]["schemas"]
    path_param = spec["components"]["parameters"]["ContactUuid"]["schema"]
    answered = [schemas["MutationResult"]["properties"]["uuid"], schemas["Contact"]["properties"]["uuid"]]
    sent = [resolve(path_param), schemas["Uuid"], schemas["HyphenatedUuid"]]
    assert {s["type"] for s in answered + sent} == {"string"}
    # No pattern either, in the path or in a body: a value that is not the UUID of a contact names none.
    for schema in ("Uuid", "HyphenatedUuid"):
        for value in ("a1b2c3d4-e5f6-7890-abcd-ef1234567890", "A1B2C3D4E5F67890ABCDEF1234567890", "98765", "uuid-1"):
            assert errors_for(schema, value) == [], (schema, value)
        assert errors_for(schema, 98765) != [], schema
