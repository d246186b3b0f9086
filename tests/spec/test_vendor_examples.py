"""The vendor's own examples (tests/fixtures/vendor_examples/examples.json): the spec never refuses them.

Each complete request example validates against its operation's request-body schema and is answered 200 by the
stand-in over real HTTP on loopback; each complete response example validates against the response schema of
its status and parses through the generated client into its models, losing nothing. A partial example (the
facts file restates only some of its fields) is refused for the fields it leaves out and for nothing else.

The stand-in is seeded so that what an example refers to exists: a request that names a contact (a path ID, the
phone of a look-up) is sent to a seeded contact, because a 404 would say nothing about the body. The vendor's
path IDs (98765, a1b2c3d4-...) are replaced with the seeded contact's; the bodies are sent as printed. The one
exception is the bulk delete by `uuid-1` and `uuid-2`: those are the vendor's placeholders, they name no
contact, and the documented answer is "ok" with nothing deleted, which the test checks.
"""

from __future__ import annotations

import importlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from heymarket_client import Client
from tests.support.paths import FIXTURES
from tests.support.spec import errors_for, operations, request_schema_name, resolve, response_schema_name
from tests.support.standin import StandInServer, standin_config

EXAMPLES_FILE = FIXTURES / "vendor_examples" / "examples.json"


@dataclass(frozen=True)
class VendorExample:
    operation: str
    kind: str
    fidelity: str
    body: Any
    source: dict[str, str]
    status: str = "200"
    path: dict[str, Any] = field(default_factory=dict)
    query: dict[str, str] = field(default_factory=dict)
    not_restated: tuple[str, ...] = ()
    spec_example: str | None = None

    @property
    def complete(self) -> bool:
        return self.fidelity != "partial"


def _load() -> list[VendorExample]:
    data = json.loads(EXAMPLES_FILE.read_text(encoding="utf-8"))
    found = []
    for entry in data["examples"]:
        given = [key for key in ("body", "body_ref", "body_file") if key in entry]
        assert len(given) == 1, entry
        if "body" in entry:
            body = entry["body"]
        elif "body_ref" in entry:
            body = data["shared_bodies"][entry["body_ref"]]
        else:
            body = json.loads((FIXTURES / entry["body_file"]).read_text(encoding="utf-8"))
        found.append(
            VendorExample(
                operation=entry["operation"],
                kind=entry["kind"],
                fidelity=entry["fidelity"],
                body=body,
                source=entry["source"],
                status=entry.get("status", "200"),
                path=entry.get("path", {}),
                query=entry.get("query", {}),
                not_restated=tuple(entry.get("not_restated", ())),
                spec_example=entry.get("spec_example"),
            )
        )
    return found


def _labels(examples: list[VendorExample]) -> list[str]:
    """Test ids: operation, kind and the example's number among those of that operation and kind."""
    seen: Counter[str] = Counter()
    labels = []
    for example in examples:
        base = f"{example.operation}-{example.kind}"
        seen[base] += 1
        labels.append(f"{base}-{seen[base]}")
    return labels


EXAMPLES = _load()
LABELS = _labels(EXAMPLES)


def _select(kind: str, *, complete: bool) -> list[Any]:
    return [
        pytest.param(e, id=label)
        for e, label in zip(EXAMPLES, LABELS, strict=True)
        if e.kind == kind and e.complete is complete
    ]


REQUESTS = _select("request", complete=True)
RESPONSES = _select("response", complete=True)
PARTIAL = _select("request", complete=False) + _select("response", complete=False)


def _operation(operation_id: str) -> tuple[str, str, dict[str, Any]]:
    for path, method, op in operations():
        if op["operationId"] == operation_id:
            return path, method, op
    raise KeyError(operation_id)


def _schema_name(example: VendorExample) -> str:
    if example.kind == "request":
        return request_schema_name(example.operation)
    return response_schema_name(example.operation, example.status)


def test_the_file_holds_every_example_of_the_pages() -> None:
    # Pinned, so that an example dropped from the file (or a loader that skips some) fails here.
    assert (len(REQUESTS), len(RESPONSES), len(PARTIAL)) == (18, 11, 4)
    spec_operations = {op["operationId"] for _, _, op in operations()}
    for example in EXAMPLES:
        assert example.operation in spec_operations, example
        assert example.kind in ("request", "response"), example
        assert example.fidelity in ("printed", "restated", "partial"), example
        assert bool(example.not_restated) is (example.fidelity == "partial"), example
        assert set(example.source) == {"mark", "where", "url"}, example
        assert example.source["url"].startswith("https://developers.heymarket.com/"), example
    # Both doc generations are represented.
    marks = " ".join(e.source["mark"] for e in EXAMPLES)
    assert "D-narr" in marks and "D-gen" in marks


@pytest.mark.parametrize("example", REQUESTS)
def test_a_request_example_matches_the_request_schema(example: VendorExample) -> None:
    assert errors_for(_schema_name(example), example.body) == [], example.source


@pytest.mark.parametrize("example", RESPONSES)
def test_a_response_example_matches_the_response_schema(example: VendorExample) -> None:
    assert errors_for(_schema_name(example), example.body) == [], example.source


@pytest.mark.parametrize("example", PARTIAL)
def test_a_partial_example_lacks_only_the_fields_not_restated(example: VendorExample) -> None:
    # Every restated value is valid; the only errors are the required fields the facts file leaves out.
    expected = {f"'{name}' is a required property" for name in example.not_restated}
    assert set(errors_for(_schema_name(example), example.body)) == expected, example.source


@pytest.mark.parametrize(
    "example", [pytest.param(e, id=label) for e, label in zip(EXAMPLES, LABELS, strict=True) if e.spec_example]
)
def test_the_spec_carries_the_vendor_example(example: VendorExample) -> None:
    _, _, op = _operation(example.operation)
    holder = op["requestBody"] if example.kind == "request" else resolve(op["responses"][example.status])
    named = holder["content"]["application/json"]["examples"][example.spec_example]
    assert resolve(named)["value"] == example.body


# ---------------------------------------------------------------------- the stand-in accepts every request


@pytest.fixture(scope="module")
def standin() -> Iterator[StandInServer]:
    with StandInServer(standin_config()) as running:
        yield running


@pytest.fixture
def server(standin: StandInServer) -> StandInServer:
    standin.reset()
    return standin


def _seed(server: StandInServer, body: dict[str, Any]) -> dict[str, Any]:
    """Store one contact through the control API; answers it as /__mock__/contacts shows it."""
    response = server.client.post("/__mock__/contacts", content=json.dumps(body).encode())
    assert response.status_code == 200, response.text
    (contact,) = server.contacts()
    return contact


def _other_channel(server: StandInServer, example: VendorExample) -> dict[str, Any]:
    # A contact has one channel per type, so the contact gets a channel of the other type.
    other = {"channel_type": "email", "channel_id": "seed@example.com"}
    if example.body["channel_type"] == "email":
        other = {"channel_type": "phone", "channel_id": "15105550000"}
    return _seed(server, {"contact_channels": [other]})


def _with_the_phone_of_the_body(server: StandInServer, example: VendorExample) -> dict[str, Any]:
    return _seed(server, {"phone": example.body["phone"]})


# operationId -> the contact an example refers to, made to exist before the example is sent.
SEEDS: dict[str, Callable[[StandInServer, VendorExample], dict[str, Any]]] = {
    "updateContact": _with_the_phone_of_the_body,
    "getContactByPhoneOrId": _with_the_phone_of_the_body,
    "updateContactV2": _with_the_phone_of_the_body,
    "addContactChannel": _other_channel,
    "searchContactsV2": lambda server, example: _seed(server, {"phone": "14155551234", "email": "alice@example.com"}),
    # A contact that the placeholders must leave alone.
    "bulkDeleteContactsV2": lambda server, example: _seed(server, {"phone": "15105550000"}),
}
# operationId -> the documented answer to the example, beyond a 200 that matches the response schema.
ANSWERS: dict[str, Callable[[Any, list[dict[str, Any]]], bool]] = {
    "batchCreateContacts": lambda answer, after: answer == "ok" and len(after) >= 1,
    "bulkUpsertContactsV2": lambda answer, after: answer["failed_contacts"] == [] and len(answer["contacts"]) == 1,
    "bulkDeleteContactsV2": lambda answer, after: answer == "ok" and len(after) == 1,
    "searchContactsV2": lambda answer, after: len(answer) == 1,
    "getContactByPhoneOrId": lambda answer, after: answer["phone"] == after[0]["phone"],
}


@pytest.mark.parametrize("example", REQUESTS)
def test_the_stand_in_accepts_a_request_example(server: StandInServer, example: VendorExample) -> None:
    template, method, _ = _operation(example.operation)
    seeded = SEEDS[example.operation](server, example) if example.operation in SEEDS else None
    params: dict[str, Any] = {}
    for name in example.path:
        assert seeded is not None, f"{example.operation}: no seeded contact for the path parameter {name}"
        params[name] = seeded["uuid"] if name == "contactID" else seeded["id"]
    response = server.call(method.upper(), template.format(**params), json=example.body, params=example.query)

    assert response.status_code == 200, (example.source, response.text)
    answer = response.json()
    assert errors_for(response_schema_name(example.operation), answer) == [], answer
    check = ANSWERS.get(example.operation)
    assert check is None or check(answer, server.contacts()), answer


# ---------------------------------------------------------------------- the generated client parses every response


def _api_module(operation_id: str) -> Any:
    _, _, op = _operation(operation_id)
    module = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", operation_id).lower()
    return importlib.import_module(f"heymarket_client.api.{op['tags'][0]}.{module}")


def _as_json(parsed: Any) -> Any:
    """What the generated client made of a body, back as JSON; a dict means a model was not built."""
    if isinstance(parsed, list):
        return [_as_json(item) for item in parsed]
    assert not isinstance(parsed, dict), f"left as a plain dict, not parsed into a model: {parsed!r}"
    to_dict = getattr(parsed, "to_dict", None)
    return to_dict() if to_dict is not None else parsed


@pytest.mark.parametrize("example", RESPONSES)
def test_a_response_example_parses_through_the_generated_client(example: VendorExample) -> None:
    # The operation's own decoding of the status (its models' from_dict, the unions of the bare-string answers).
    response = httpx.Response(int(example.status), json=example.body)
    parse = _api_module(example.operation)._parse_response
    parsed = parse(client=Client(base_url="http://127.0.0.1"), response=response)
    assert _as_json(parsed) == example.body
