"""What the Heymarket client does for you, in five short parts, against the local stand-in.

1. a contact created, read and updated with one JWT reused across the calls;
2. a typed error (``heymarket.NotFoundError``) with its status, error code and request id;
3. a create retried through two 429s injected by the stand-in;
4. paging: 25 contacts created, then read back 10 at a time with ``heymarket.iter_contacts``;
5. a bulk import of ``examples/contacts.csv`` with the ``heymarket`` command: progress bar and summary.

``make demo`` runs it: it starts the stand-in on a free 127.0.0.1 port with made-up credentials
(``tools/run_with_standin.py``) and sets HEYMARKET_SECRET_ID, HEYMARKET_SECRET_KEY and HEYMARKET_BASE_URL.
The demo changes the stand-in's settings and data, so it refuses any other server.

What is shown is observed, not asserted: the requests this process sent are noted by a small wrapper
around httpx's transport (below the client's runtime, so it sees every attempt with the header the auth
set), and the stand-in's own counts come from its control endpoints. No token or secret is printed.
"""

from __future__ import annotations

import base64
import io
import json
import logging
import os
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

import heymarket
from heymarket_client.models import ContactRequest, ListContactsRequest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_CSV = Path("examples") / "contacts.csv"
PAGING_CONTACTS = 25
PAGE_SIZE = 10
# With these settings the stand-in's seeded fault draws answer its next two API requests 429 and the
# third normally (the draws are a seeded random sequence, restarted whenever `seed` is set).
FAULTS_ON = {"fault_429": 0.5, "seed": 63}
FAULTS_OFF = {"fault_429": 0.0}
IMPORT_LATENCY_MS = 250


# ---------------------------------------------------------------- observing what is sent


@dataclass(frozen=True)
class Sent:
    """One request as it went over the wire; the token itself is not kept, only which one it was."""

    method: str
    path: str
    status: int
    request_id: str
    token_number: int
    """1 for the first distinct bearer token seen, 2 for the second..."""


class WireLog(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """httpx's own transport, noting every request: ``create_client`` wraps a transport given in
    ``httpx_args`` with its runtime (auth, retries, limiter, errors), so this one sees each attempt
    exactly as it is sent, with the ``Authorization`` header the JWT auth set."""

    def __init__(self) -> None:
        self._sync = httpx.HTTPTransport()
        self._async = httpx.AsyncHTTPTransport()
        self._tokens: dict[str, int] = {}  # token -> its number; in memory only, never printed
        self.token_iats: dict[int, int] = {}  # token number -> the token's iat claim (not a secret)
        self.sent: list[Sent] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self._sync.handle_request(request)
        self._note(request, response)
        return response

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self._async.handle_async_request(request)
        self._note(request, response)
        return response

    def close(self) -> None:
        self._sync.close()

    async def aclose(self) -> None:
        await self._async.aclose()

    def _note(self, request: httpx.Request, response: httpx.Response) -> None:
        token = request.headers.get("authorization", "").removeprefix("Bearer ")
        number = self._tokens.setdefault(token, len(self._tokens) + 1)
        if number not in self.token_iats:
            self.token_iats[number] = _iat(token)
        self.sent.append(
            Sent(
                method=request.method,
                path=request.url.path,
                status=response.status_code,
                request_id=response.headers.get("x-request-id", "-"),
                token_number=number,
            )
        )

    def since(self, mark: int) -> list[Sent]:
        return self.sent[mark:]


def _iat(token: str) -> int:
    """The ``iat`` claim of a JWT (its payload is base64url JSON; the signature is not needed to read it)."""
    try:
        payload = token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        return int(claims["iat"])
    except (IndexError, ValueError, KeyError, TypeError):
        return -1


def _clock(unix_seconds: int) -> str:
    return datetime.fromtimestamp(unix_seconds, UTC).strftime("%H:%M:%S UTC")


def _tokens_line(sent: list[Sent], wire: WireLog) -> str:
    numbers = sorted({s.token_number for s in sent})
    signed = ", ".join(f"token #{n} signed at {_clock(wire.token_iats[n])}" for n in numbers)
    noun = "token" if len(numbers) == 1 else "tokens"
    return f"{len(sent)} requests sent, {len(numbers)} distinct bearer {noun} ({signed})"


class StandIn:
    """The stand-in's control endpoints (``/__mock__/...``: no auth, outside the API, not counted)."""

    def __init__(self, base_url: str) -> None:
        self._http = httpx.Client(base_url=base_url.rstrip("/") + "/__mock__", trust_env=False, timeout=10)

    def health(self) -> bool:
        try:
            return bool(self._http.get("/health").json() == {"status": "ok"})
        except (httpx.HTTPError, ValueError):
            return False

    def counts(self, operation_id: str) -> dict[str, int]:
        stats: dict[str, Any] = self._http.get("/stats").raise_for_status().json()
        return dict(stats["by_operation"].get(operation_id, {}))

    def configure(self, settings: dict[str, Any]) -> None:
        self._http.post("/config", json=settings).raise_for_status()

    def close(self) -> None:
        self._http.close()


def _counts_text(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} x {status}" for status, n in sorted(counts.items())) or "none"


def _delta(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    return {status: n - before.get(status, 0) for status, n in after.items() if n != before.get(status, 0)}


def heading(number: int, title: str) -> None:
    print(f"\n{number}. {title}")
    print("   " + "-" * len(title))


def say(text: str = "") -> None:
    print(f"   {text}" if text else "")


# ---------------------------------------------------------------- the five parts


def part_token_reuse(client: heymarket.HeymarketClient, wire: WireLog) -> None:
    heading(1, "A contact created, read and updated: one JWT for every call")
    mark = len(wire.sent)
    created = client.contacts.create(body=ContactRequest(phone="12025550143", first="Margaret", last="H."))
    say(f"create_contact  -> contact {created.id} (rev {created.rev})")
    contact = client.contacts.get(created.id)
    say(f"get_contact     -> {contact.first} {contact.last}, phone {contact.phone}")
    body = ContactRequest(phone="12025550143", first="Margaret", last="Hamilton", email="margaret@example.com")
    updated = client.contacts.update(created.id, body=body)
    say(f"update_contact  -> rev {updated.rev}, last name now Hamilton")
    total = client.contacts.count(body=ListContactsRequest())
    say(f"count_contacts  -> {total} contact(s) on the team")
    say(_tokens_line(wire.since(mark), wire) + ":")
    say("the client signs a JWT (HS256, iat) once and reuses it for 4 minutes (the server accepts 5),")
    say("instead of signing one per request; the token itself is never printed.")


def part_typed_error(client: heymarket.HeymarketClient) -> None:
    heading(2, "A typed error with its request id")
    missing_id = 999_999
    try:
        client.contacts.get(missing_id)
    except heymarket.NotFoundError as error:
        code = error.body.get("error") if isinstance(error.body, dict) else None
        say(f"get_contact({missing_id}) raised heymarket.{type(error).__name__} (an APIStatusError):")
        say(f"  status      {error.status_code}")
        say(f"  error code  {code}")
        say(f"  request id  {error.request_id}   <- quote it to support; it is in the message too")
        say(f"  message     {error}")
    else:
        raise SystemExit(f"expected heymarket.NotFoundError for contact {missing_id}")
    say("every status >= 400 raises its own class: BadRequestError, AuthenticationError, RateLimitError,")
    say("ServerError... (or pass raise_errors=False to get the response back instead).")


def part_retry(client: heymarket.HeymarketClient, wire: WireLog, stand_in: StandIn) -> None:
    heading(3, "A retry through injected 429s")
    stand_in.configure(FAULTS_ON)
    say(f"stand-in fault injection on: {FAULTS_ON} (its next two API requests get 429)")
    before = stand_in.counts("createContact")
    mark = len(wire.sent)
    say("the runtime's debug log (HEYMARKET_LOG=debug prints the same, plus the redacted headers):")
    handler = _LogLines()
    log = logging.getLogger("heymarket")
    previous_level = log.level
    log.addHandler(handler)
    log.setLevel(logging.DEBUG)
    started = time.monotonic()
    try:
        created = client.contacts.create(body=ContactRequest(phone="14155550150", first="Rita"))
    finally:
        log.removeHandler(handler)
        log.setLevel(previous_level)
        stand_in.configure(FAULTS_OFF)
    elapsed = time.monotonic() - started
    attempts = wire.since(mark)
    say(f"create_contact -> contact {created.id}, after {len(attempts)} attempts in {elapsed:.1f} s:")
    for number, sent in enumerate(attempts, start=1):
        say(f"  attempt {number}: {sent.method} {sent.path} -> {sent.status} (request id {sent.request_id})")
    say(f"the stand-in counted for createContact: {_counts_text(_delta(before, stand_in.counts('createContact')))}")
    say("fault injection off again. A 429 means the request was not processed, so even a create is")
    say("retried, after Retry-After; 5xx are retried only for retry-safe operations (reads, PUT, DELETE).")


class _LogLines(logging.Handler):
    """Prints the ``heymarket`` logger's records, indented, without the (redacted) header dump."""

    def emit(self, record: logging.LogRecord) -> None:
        say("  | " + record.getMessage().split(" headers=")[0])


def part_paging(client: heymarket.HeymarketClient, wire: WireLog) -> None:
    heading(4, "Paging")
    batch = [
        ContactRequest(phone=f"1415555{200 + i:04d}", first="Paging", last=f"Demo {i + 1:02d}")
        for i in range(PAGING_CONTACTS)
    ]
    result = client.contacts.batch_create(body=batch)
    say(f"batch_create_contacts: {len(batch)} contacts in one request -> {result!r}")
    pages: Counter[int] = Counter()
    list_requests = 0
    for _contact in heymarket.iter_contacts(client, page_size=PAGE_SIZE):
        list_requests = sum(1 for s in wire.sent if s.path == "/v1/contacts")
        pages[list_requests] += 1  # the list request that brought this contact
    list_requests = sum(1 for s in wire.sent if s.path == "/v1/contacts")  # incl. a last, empty page
    per_page = " + ".join(str(pages[n]) for n in sorted(pages))
    say(f"heymarket.iter_contacts(client, page_size={PAGE_SIZE}) yielded {sum(pages.values())} contacts")
    say(f"from {list_requests} list requests: {per_page}")
    say("the list endpoint has no total and no next link: a page shorter than page_size ends it,")
    say("and a contact seen twice (pages shift when contacts change meanwhile) is yielded once.")


def part_bulk_import(stand_in: StandIn) -> int:
    heading(5, "Bulk import with the heymarket command")
    command = ["contacts", "import", str(SAMPLE_CSV), "--default-region", "US", "--create-fields"]
    pacing = ["--batch-size", "2", "--concurrency", "1"]  # small batches, one at a time: a bar to watch
    say("$ heymarket " + " ".join(command) + " \\")
    say("      " + " ".join(pacing))
    say("(10 made-up rows, four of them invalid; Margaret's phone is the contact of part 1.")
    say(f" The stand-in now answers after {IMPORT_LATENCY_MS} ms, so that the progress bar has time to show.)")
    print(flush=True)
    stand_in.configure({"latency_ms": IMPORT_LATENCY_MS})
    try:
        # `python -m heymarket` is the `heymarket` command of this same environment.
        status = subprocess.call([sys.executable, "-m", "heymarket", *command, *pacing], cwd=ROOT)
    finally:
        stand_in.configure({"latency_ms": 0})
    print()
    if status == 1:
        say("exit status 1, as documented: some rows were rejected (each with its reason, above);")
        say("every other row was created or skipped. --report writes one CSV row per input line,")
        say("and --journal makes a stopped import resumable.")
    else:
        say(f"exit status {status}")
    return status


def main() -> int:
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(line_buffering=True)  # keeps this output in order with the subprocess's
    base_url = os.environ.get("HEYMARKET_BASE_URL", "")
    host = httpx.URL(base_url).host if base_url else ""
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit(
            "this demo injects faults and writes contacts, so it runs only against the local stand-in: "
            "use `make demo` (or tools/run_with_standin.py)"
        )
    if not (os.environ.get("HEYMARKET_SECRET_ID") and os.environ.get("HEYMARKET_SECRET_KEY")):
        raise SystemExit("set HEYMARKET_SECRET_ID and HEYMARKET_SECRET_KEY (made-up values for the stand-in)")
    stand_in = StandIn(base_url)
    if not stand_in.health():
        raise SystemExit(f"no stand-in answers at {base_url}/__mock__/health")

    started = time.monotonic()
    print(f"The Heymarket client against the local stand-in at {base_url}")
    print("(made-up credentials; the stand-in checks every request against openapi.yaml)")
    wire = WireLog()
    try:
        with heymarket.create_client(httpx_args={"transport": wire}) as client:
            part_token_reuse(client, wire)
            part_typed_error(client)
            part_retry(client, wire, stand_in)
            part_paging(client, wire)
        status = part_bulk_import(stand_in)
    finally:
        stand_in.close()
    print()
    print(f"Parts 1-4: {_tokens_line(wire.sent, wire)}.")
    print(f"The demo took {time.monotonic() - started:.1f} s.")
    return 0 if status == 1 else 1


if __name__ == "__main__":
    sys.exit(main())
