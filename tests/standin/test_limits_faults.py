"""Rate limit, X-Request-Id, seeded fault injection, latency and the /__mock__/ control endpoints."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator

import httpx
import pytest

from tests.support.clocks import FakeClock
from tests.support.fakes import FAKE_API_KEY, FAKE_SECRETS
from tests.support.standin import StandInServer, standin_config
from tests.support.tokens import bearer, mint_jwt


@pytest.fixture
def server(clock: FakeClock) -> Iterator[StandInServer]:
    with StandInServer(standin_config(clock=clock, api_key=FAKE_API_KEY, rate_limit=5)) as running:
        yield running


def list_contacts(server: StandInServer, headers: dict[str, str] | None = None) -> httpx.Response:
    return server.call("POST", "/v1/contacts", json={}, headers=headers)


# ---------------------------------------------------------------------- rate limit


def test_requests_past_the_budget_get_429_with_retry_after(server: StandInServer, clock: FakeClock) -> None:
    assert [list_contacts(server).status_code for _ in range(5)] == [200] * 5
    refused = list_contacts(server)
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "60"
    assert refused.json()["error"] == "rate_limited"
    clock.set(clock() + 30)
    assert list_contacts(server).headers["Retry-After"] == "30"
    clock.set(clock() + 30)
    assert list_contacts(server).status_code == 200  # the window has moved on


def test_the_budget_slides_with_the_oldest_request(server: StandInServer, clock: FakeClock) -> None:
    start = clock()
    for offset in range(5):
        clock.set(start + offset * 10)
        assert list_contacts(server).status_code == 200
    assert list_contacts(server).headers["Retry-After"] == "20"  # the first request leaves the window at +60
    clock.set(start + 60)
    assert list_contacts(server).status_code == 200
    assert list_contacts(server).status_code == 429


def test_the_budget_is_per_credential(server: StandInServer) -> None:
    for _ in range(5):
        assert list_contacts(server).status_code == 200
    assert list_contacts(server).status_code == 429
    assert list_contacts(server, bearer(FAKE_API_KEY)).status_code == 200


def test_unauthenticated_and_refused_requests_cost_nothing(server: StandInServer) -> None:
    for _ in range(10):
        assert server.client.post("/v1/contacts", json={}).status_code == 401
    for _ in range(4):
        assert list_contacts(server).status_code == 200
    for _ in range(3):
        assert list_contacts(server, bearer(FAKE_API_KEY)).status_code == 200
    assert list_contacts(server).status_code == 200
    assert list_contacts(server).status_code == 429
    assert list_contacts(server).status_code == 429


def test_the_rate_limit_can_change_at_run_time(server: StandInServer) -> None:
    assert server.configure(rate_limit=1)["rate_limit"] == 1
    assert list_contacts(server).status_code == 200
    assert list_contacts(server).status_code == 429
    server.configure(rate_limit=100)
    assert list_contacts(server).status_code == 200


# ---------------------------------------------------------------------- X-Request-Id


def test_every_response_carries_a_fresh_request_id(server: StandInServer) -> None:
    responses = [
        list_contacts(server),  # 200
        server.call("POST", "/v1/contact", json={}),  # 400
        server.client.post("/v1/contacts", json={}),  # 401
        server.call("GET", "/v1/contact/999"),  # 404
        server.call("GET", "/nowhere"),  # 404 outside the spec
        server.client.get("/__mock__/stats"),
        server.client.get("/__mock__/nothing"),
        server.client.put("/__mock__/stats"),
    ]
    server.configure(rate_limit=1)
    responses.append(list_contacts(server))  # 429
    server.configure(rate_limit=1000, fault_500=1.0)
    responses.append(list_contacts(server))  # injected 500
    server.configure(fault_500=0.0, fault_503=1.0)
    responses.append(list_contacts(server))  # injected 503
    statuses = [r.status_code for r in responses]
    assert statuses == [200, 400, 401, 404, 404, 200, 404, 405, 429, 500, 503]
    ids = [r.headers["X-Request-Id"] for r in responses]
    assert all(uuid.UUID(value).version == 4 for value in ids)
    assert len(set(ids)) == len(ids)


# ---------------------------------------------------------------------- faults


def fault_statuses(server: StandInServer, count: int) -> list[int]:
    return [list_contacts(server, bearer(FAKE_API_KEY)).status_code for _ in range(count)]


def test_faults_are_reproducible_with_a_seed(clock: FakeClock) -> None:
    rates = {"fault_429": 0.2, "fault_500": 0.2, "fault_503": 0.2, "rate_limit": 1000}
    runs = []
    for seed in (7, 7, 8):
        with StandInServer(standin_config(clock=clock, api_key=FAKE_API_KEY, seed=seed, **rates)) as server:
            runs.append(fault_statuses(server, 60))
    assert runs[0] == runs[1]
    assert runs[0] != runs[2]
    assert set(runs[0]) == {200, 429, 500, 503}


def test_reset_and_a_new_seed_restart_the_draws(server: StandInServer) -> None:
    server.configure(fault_500=0.5, rate_limit=1000, seed=3)
    first = fault_statuses(server, 30)
    server.configure(seed=3)
    assert fault_statuses(server, 30) == first
    assert server.configure(fault_500=0.5, seed=4)["seed"] == 4
    assert fault_statuses(server, 30) != first
    server.reset()  # back to the start-up settings: no faults
    assert fault_statuses(server, 5) == [200] * 5


@pytest.mark.parametrize("status", [429, 500, 503])
def test_a_faulted_write_changes_nothing(server: StandInServer, status: int) -> None:
    server.configure(**{f"fault_{status}": 1.0})
    response = server.call("POST", "/v1/contact", json={"phone": "15105553344"})
    assert response.status_code == status
    batch = server.call("POST", "/v1/batch/contacts", json=[{"phone": "15105553345"}])
    assert batch.status_code == status
    assert server.contacts() == []
    assert server.stats()["by_operation"] == {
        "createContact": {str(status): 1},
        "batchCreateContacts": {str(status): 1},
    }
    server.configure(**{f"fault_{status}": 0.0})
    assert server.call("POST", "/v1/contact", json={"phone": "15105553344"}).status_code == 200
    assert len(server.contacts()) == 1


def test_fault_bodies(server: StandInServer) -> None:
    server.configure(fault_429=1.0)
    injected_429 = list_contacts(server)
    assert injected_429.headers["Retry-After"] == "1"
    assert injected_429.json()["error"] == "rate_limited"
    server.configure(fault_429=0.0, fault_500=1.0)
    assert list_contacts(server).json()["error"] == "internal_error"
    server.configure(fault_500=0.0, fault_503=1.0)
    gateway = list_contacts(server)
    assert gateway.headers["content-type"].startswith("text/plain")
    assert "Service Unavailable" in gateway.text


def test_faults_come_after_auth(server: StandInServer) -> None:
    server.configure(fault_500=1.0)
    assert server.client.post("/v1/contacts", json={}).status_code == 401
    assert list_contacts(server).status_code == 500


def test_latency_is_added_to_api_requests_only(server: StandInServer) -> None:
    server.configure(latency_ms=300)
    started = time.monotonic()
    assert list_contacts(server).status_code == 200
    assert time.monotonic() - started >= 0.3
    started = time.monotonic()
    server.stats()
    assert time.monotonic() - started < 0.3


# ---------------------------------------------------------------------- control endpoints


def test_stats_count_requests_per_operation_and_status(server: StandInServer) -> None:
    server.call("POST", "/v1/contact", json={"phone": "15105553344"})
    server.call("POST", "/v1/contact", json={"phone": "15105553344"})
    server.call("GET", "/v1/contact/999")
    server.client.get("/v1/contact/999")
    assert server.stats() == {
        "total": 4,
        "by_status": {"200": 1, "400": 1, "401": 1, "404": 1},
        "by_operation": {"createContact": {"200": 1, "400": 1}, "getContact": {"401": 1, "404": 1}},
    }


def test_reset_drops_data_counts_and_budgets(server: StandInServer) -> None:
    server.call("POST", "/v1/contact", json={"phone": "15105553344"})
    server.call("POST", "/v1/tag", json={"tag": "VIP"})
    server.configure(latency_ms=1)
    server.reset()
    assert server.contacts() == []
    assert server.client.get("/__mock__/state").json() == {"contacts": [], "tags": [], "contact_fields": []}
    assert server.stats()["total"] == 0
    assert server.client.get("/__mock__/config").json()["latency_ms"] == 0
    assert [list_contacts(server).status_code for _ in range(5)] == [200] * 5


def test_the_contact_dump_shows_what_was_stored(server: StandInServer) -> None:
    created = server.call("POST", "/v1/contact", json={"phone": "15105553344", "first": "A"}).json()
    server.call("POST", "/v1/contact/set_status", json={"id": created["id"], "status": "blocked"})
    [contact] = server.contacts()
    assert (contact["id"], contact["uuid"], contact["first"], contact["blocked"], contact["rev"]) == (
        created["id"],
        created["uuid"],
        "A",
        True,
        2,
    )


@pytest.mark.parametrize(
    "changes",
    [{"fault_500": 1.5}, {"fault_429": 0.6, "fault_500": 0.6}, {"rate_limit": 0}, {"latency_ms": -1}, {"bogus": 1}],
)
def test_bad_settings_are_refused(server: StandInServer, changes: dict[str, object]) -> None:
    response = server.client.post("/__mock__/config", json=changes)
    assert response.status_code == 400
    assert response.json()["error"] == "bad_data"
    assert server.client.get("/__mock__/config").json()["rate_limit"] == 5


def test_control_endpoints_need_no_auth_and_show_no_secret(server: StandInServer) -> None:
    for path in ("/__mock__/health", "/__mock__/stats", "/__mock__/config", "/__mock__/state", "/__mock__/contacts"):
        response = server.client.get(path)
        assert response.status_code == 200, path
        for secret in FAKE_SECRETS:
            assert secret not in response.text
    assert server.client.get("/__mock__/config").json()["api_key_configured"] is True


def test_control_requests_are_not_counted_limited_or_faulted(server: StandInServer) -> None:
    server.configure(fault_500=1.0)
    for _ in range(10):
        assert server.client.get("/__mock__/health").status_code == 200
    assert server.stats()["total"] == 0
    server.configure(fault_500=0.0)
    assert list_contacts(server, bearer(mint_jwt(iat=server.config.clock()))).status_code == 200
