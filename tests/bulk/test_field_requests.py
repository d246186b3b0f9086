"""Field look-ups and the export read the API through the typed surface: a failed request raises the
runtime's typed error, with the server's request id, whatever client they are given (issue 18)."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import heymarket
from heymarket.bulk import fetch_field_ids, resolve_field_titles
from heymarket.bulk.export import count_all, custom_columns
from heymarket_client import AuthenticatedClient, errors
from heymarket_mock.fakes import FAKE_SECRET_ID, FAKE_SECRET_KEY
from tests.support.cli import cli_env
from tests.support.cli_inprocess import invoke
from tests.support.loopback import LoopbackServer

FORBIDDEN = {"error": "forbidden", "message": "this team may not read its fields"}


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as running:
        yield running


def _plain(url: str) -> AuthenticatedClient:
    return AuthenticatedClient(base_url=url, token="made-up-token")


def _runtime(url: str) -> heymarket.HeymarketClient:
    return heymarket.create_client(secret_id=FAKE_SECRET_ID, secret_key=FAKE_SECRET_KEY, base_url=url, rate_limit=None)


@pytest.mark.parametrize("make", [_plain, _runtime], ids=["generated-client", "create_client"])
def test_a_refused_field_list_is_the_runtimes_typed_error(
    server: LoopbackServer, make: Callable[[str], AuthenticatedClient]
) -> None:
    server.enqueue(403, FORBIDDEN, {"X-Request-Id": "r-fields-403"})
    with make(server.base_url) as client, pytest.raises(heymarket.PermissionDeniedError) as caught:
        fetch_field_ids(client)
    error = caught.value
    assert (error.status_code, error.request_id, error.method, error.path) == (
        403,
        "r-fields-403",
        "POST",
        "/v1/contact-fields",
    )
    assert "this team may not read its fields" in str(error) and "r-fields-403" in str(error)
    assert len(server.requests) == 1


def test_the_generated_clients_own_error_is_kept_as_the_cause(server: LoopbackServer) -> None:
    server.enqueue(403, FORBIDDEN)
    with _plain(server.base_url) as client, pytest.raises(heymarket.PermissionDeniedError) as caught:
        fetch_field_ids(client)
    assert isinstance(caught.value.__cause__, errors.StatusError)


def test_a_failed_create_of_missing_fields_names_the_create(server: LoopbackServer) -> None:
    server.enqueue(200, [{"id": 7, "title": "Plan"}])
    server.enqueue(500, {"error": "internal", "message": "boom"}, {"X-Request-Id": "r-create-500"})
    with _plain(server.base_url) as client, pytest.raises(heymarket.ServerError) as caught:
        resolve_field_titles(client, ["Plan", "Renewal"], create_missing=True)
    assert (caught.value.path, caught.value.request_id) == ("/v1/contacts/fields", "r-create-500")
    assert [r.json() for r in server.requests] == [{}, [{"title": "Renewal"}]]


def test_titles_resolve_through_the_typed_results(server: LoopbackServer) -> None:
    server.enqueue(200, [{"id": 7, "title": "Plan"}, {"title": "no id"}])
    server.enqueue(200, [{"id": 9, "title": "Renewal  date", "duplicate": False}])
    with _plain(server.base_url) as client:
        found = resolve_field_titles(client, ["plan", "renewal date"], create_missing=True)
    assert found == {"plan": "7", "renewal date": "9"}


def test_no_answer_is_a_connection_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed when the block ends: nothing listens there
    with _plain(f"http://127.0.0.1:{port}") as client, pytest.raises(heymarket.APIConnectionError) as caught:
        fetch_field_ids(client)
    assert caught.value.path == "/v1/contact-fields"


def test_the_count_is_unknown_when_its_request_fails(server: LoopbackServer) -> None:
    server.enqueue(200, "12")
    server.enqueue(403, FORBIDDEN)
    with _plain(server.base_url) as client:
        assert count_all(client) == 12
        assert count_all(client) is None


def test_custom_columns_name_shared_and_numeric_titles_by_id(server: LoopbackServer) -> None:
    server.enqueue(
        200,
        [
            {"id": 1, "title": "Plan"},
            {"id": 2, "title": "plan "},
            {"id": 3, "title": "2024"},
            {"id": 4, "title": "Tier"},
        ],
    )
    with _plain(server.base_url) as client:
        assert custom_columns(client) == [("1", "custom:1"), ("2", "custom:2"), ("3", "custom:3"), ("4", "custom:Tier")]


def test_the_export_command_reports_the_failed_request_and_writes_nothing(
    server: LoopbackServer, tmp_path: Path
) -> None:
    server.enqueue(200, "3")  # countContacts
    server.enqueue(403, FORBIDDEN, {"X-Request-Id": "r-export-403"})  # listContactFields
    target = tmp_path / "contacts.csv"
    result = invoke("contacts", "export", target, env=cli_env(server.base_url))
    assert result.returncode == 1, result.stderr
    assert "HTTP 403" in result.stderr and "POST /v1/contact-fields" in result.stderr
    assert "request id r-export-403" in result.stderr and "was not written" in result.stderr
    assert not target.exists() and not (tmp_path / "contacts.csv.part").exists()


def test_a_body_echoing_the_plain_clients_token_is_blanked(server: LoopbackServer) -> None:
    server.enqueue(403, {"error": "forbidden", "message": "token made-up-token is not allowed"})
    with _plain(server.base_url) as client, pytest.raises(heymarket.PermissionDeniedError) as caught:
        fetch_field_ids(client)
    assert "made-up-token" not in str(caught.value) and "made-up-token" not in caught.value.text
    assert "<redacted>" in caught.value.text
