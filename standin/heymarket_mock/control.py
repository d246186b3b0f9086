"""Control endpoints under `/__mock__/`: outside the spec, without auth, not counted, never faulted.

* `GET /__mock__/health`: `{"status": "ok"}`.
* `GET /__mock__/stats`: requests answered, in total, per status and per operationId and status.
* `POST /__mock__/reset`: drop all data and counts, restore the start-up settings, re-seed the fault draws.
* `GET /__mock__/contacts`: every stored contact (v2 shape plus `blocked`), by id.
* `POST /__mock__/contacts`: store many contacts fast, to start from a large account. The body is JSON Lines
  (one JSON object per line, blank lines ignored): a `ContactV2Request` when it has `contact_channels`, else
  a `ContactRequest`, each checked against its schema and by the store as the create operations check them.
  All or nothing: the first refused line is answered 400 `bad_data` (`line 3: phone: ...`) and nothing is
  stored. Answers `{"created": N, "contacts": TOTAL}`.
* `GET /__mock__/state`: contacts, tags and custom fields.
* `GET /__mock__/config` / `POST /__mock__/config`: the run-time settings (rate limit, fault rates, latency,
  seed); POST takes a JSON object with the settings to change. Secrets are never shown.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from heymarket_mock.errors import error_body
from heymarket_mock.standin_state import StandInState
from heymarket_mock.store import SeedError
from heymarket_mock.views import contact_v2, tag_view


def control_routes(standin: StandInState) -> list[Route]:
    team = {"team_id": standin.config.team_id, "creator_id": standin.config.creator_id}

    def contacts() -> list[dict[str, Any]]:
        return [
            {**contact_v2(c, **team), "blocked": c.blocked}
            for c in sorted(standin.store.all_contacts(), key=lambda c: c.id)
        ]

    def config_view() -> dict[str, Any]:
        return {**standin.settings.as_dict(), "api_key_configured": standin.config.api_key is not None}

    async def health(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    async def stats(request: Request) -> JSONResponse:
        return JSONResponse(standin.stats.snapshot())

    async def reset(request: Request) -> JSONResponse:
        standin.reset()
        return JSONResponse({"status": "reset"})

    async def contact_dump(request: Request) -> JSONResponse:
        return JSONResponse(contacts())

    async def seed(request: Request) -> JSONResponse:
        bodies: list[dict[str, Any]] = []
        lines: list[int] = []
        partial: list[bytes] = []
        number = 0

        def take(raw: bytes) -> str | None:
            nonlocal number
            number += 1
            if not raw.strip():
                return None
            try:
                body = json.loads(raw)
            except ValueError:
                return f"line {number}: is not valid JSON"
            if not isinstance(body, dict):
                return f"line {number}: must be a JSON object"
            schema = "ContactV2Request" if "contact_channels" in body else "ContactRequest"
            problems = standin.spec.schema_problems(schema, body)
            if problems:
                return f"line {number}: {problems[0]}"
            bodies.append(body)
            lines.append(number)
            return None

        async for chunk in request.stream():
            # Only the new chunk is split, and a line's pieces are joined once: a huge line costs its size.
            *complete, rest = chunk.split(b"\n")
            for raw in complete:
                if partial:
                    raw = b"".join([*partial, raw])
                    partial.clear()
                problem = take(raw)
                if problem is not None:
                    return JSONResponse(error_body("bad_data", problem), status_code=400)
            if rest:
                partial.append(rest)
        problem = take(b"".join(partial))
        if problem is not None:
            return JSONResponse(error_body("bad_data", problem), status_code=400)
        try:
            created = standin.store.seed_contacts(bodies)
        except SeedError as error:
            message = f"line {lines[error.index]}: {error.message}"
            return JSONResponse(error_body(error.code, message), status_code=error.status)
        return JSONResponse({"created": created, "contacts": standin.store.count()})

    async def state(request: Request) -> JSONResponse:
        tags = sorted(standin.store.all_tags(), key=lambda t: t.id)
        return JSONResponse(
            {
                "contacts": contacts(),
                "tags": [tag_view(t, team_id=standin.config.team_id) for t in tags],
                "contact_fields": [{"id": i, "title": title} for i, title in standin.store.contact_fields()],
            }
        )

    async def get_config(request: Request) -> JSONResponse:
        return JSONResponse(config_view())

    async def set_config(request: Request) -> JSONResponse:
        try:
            changes = json.loads(await request.body())
        except ValueError:
            return JSONResponse(error_body("bad_data", "body: is not valid JSON"), status_code=400)
        if not isinstance(changes, dict):
            return JSONResponse(error_body("bad_data", "body: must be a JSON object"), status_code=400)
        try:
            standin.update_settings(changes)
        except (TypeError, ValueError) as error:
            return JSONResponse(error_body("bad_data", str(error)), status_code=400)
        return JSONResponse(config_view())

    return [
        Route("/health", health, methods=["GET"]),
        Route("/stats", stats, methods=["GET"]),
        Route("/reset", reset, methods=["POST"]),
        Route("/contacts", contact_dump, methods=["GET"]),
        Route("/contacts", seed, methods=["POST"]),
        Route("/state", state, methods=["GET"]),
        Route("/config", get_config, methods=["GET"]),
        Route("/config", set_config, methods=["POST"]),
    ]
