"""A recording, paging server of generated contacts, for the export's memory test (no store behind it).

    python -m tests.bulk.paging_server --contacts 1000000 [--shift-every 7 --shift-by 3]

Answers ``listContacts`` (``POST /v1/contacts``) and ``listContactsV2`` (``POST /v2/contacts/list``) with pages
made on the fly from the page number (``--lean``: four fields a contact), ``listContactFields`` with one custom field and ``countContacts``
with the total, so a million contacts cost the server no memory. The list is newest ``updated`` first, as
the API sorts it. With ``--shift-every K``, every K pages answered ``--shift-by`` new contacts are written
at the head of the list (newer than every other one): offset pages shift by that many, so the end of the
last page comes again at the start of the next one, as it does when contacts are written during an export.

``GET /__stats`` answers what it served: ``{"requests": N, "pages": P, "inserted": I}``. Prints
``listening on http://127.0.0.1:PORT`` once it accepts connections and stops on SIGTERM or when stdin closes.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from heymarket_mock.launcher import READY_PREFIX

_NEWEST = datetime(2030, 1, 1, tzinfo=UTC)
FIELD_ID = 41


def phone(index: int) -> str:
    """The phone of generated contact ``index`` (0 is the newest original one; inserted ones are negative)."""
    return f"1{5100000000 + index:010d}" if index >= 0 else f"1{4100000000 - index:010d}"


def stamp(index: int) -> str:
    return (_NEWEST - timedelta(microseconds=index)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def contact(index: int, *, v2: bool, lean: bool = False) -> dict[str, Any]:
    """Generated contact ``index``: ``updated`` decreases with the index, so the list order is by index.
    ``lean``: only ``id``, ``phone``, ``first`` and ``updated`` (and ``uuid`` in v2), cheaper to parse."""
    number = index + 1 if index >= 0 else 10_000_000_000 - index
    if lean:
        record = {"id": number, "phone": phone(index), "first": f"First{index}", "updated": stamp(index)}
        if v2:
            record["uuid"] = f"00000000-0000-4000-8000-{number:012d}"
        return record
    record = {
        "id": number,
        "display_name": f"First{index} Example",
        "first": f"First{index}",
        "last": "Example",
        "email": f"user{index}@example.com",
        "phone": phone(index),
        "custom": {str(FIELD_ID): f"plan {index % 7}"},
        "team_id": 1,
        "creator_id": 1,
        "shared": False,
        "created": stamp(index),
        "updated": stamp(index),
        "rev": 1,
        "tags": [{"tag_id": 3}],
        "is_opted_out": False,
    }
    if v2:
        record["uuid"] = f"00000000-0000-4000-8000-{number:012d}"
        record["contact_channels"] = [
            {"id": number, "team_id": 1, "contact_id": record["uuid"], "channel_type": "phone",
             "channel_id": record["phone"], "created": record["created"], "updated": record["updated"]},
        ]  # fmt: skip
    return record


class Listing:
    """The generated list: ``inserted`` new contacts at the head, then ``total`` original ones."""

    def __init__(self, total: int, shift_every: int, shift_by: int, *, lean: bool = False) -> None:
        self.total = total
        self.lean = lean
        self.shift_every = shift_every
        self.shift_by = shift_by
        self.inserted = 0
        self.pages = 0
        self.requests = 0
        self.lock = threading.Lock()

    def page(self, page: int, limit: int, *, v2: bool) -> list[dict[str, Any]]:
        with self.lock:
            self.pages += 1
            if self.shift_every and self.pages % self.shift_every == 0:
                self.inserted += self.shift_by
            inserted = self.inserted
        first = page * limit
        last = min(first + limit, inserted + self.total)
        # Position p < inserted is inserted contact -(inserted - p) (the newest is the last one written).
        return [contact(p - inserted, v2=v2, lean=self.lean) for p in range(first, last)]


def make_handler(listing: Listing) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            if self.path == "/__stats":
                self._answer({"requests": listing.requests, "pages": listing.pages, "inserted": listing.inserted})
            else:
                self._answer({"error": "not_found"}, status=404)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            with listing.lock:
                listing.requests += 1
            if self.path in ("/v1/contacts", "/v2/contacts/list"):
                limit, page = int(body.get("limit", 30)), int(body.get("page", 0))
                self._answer(listing.page(page, limit, v2=self.path.startswith("/v2")))
            elif self.path == "/v1/contact-fields":
                self._answer([{"id": FIELD_ID, "title": "Plan", "team_id": 1}])
            elif self.path == "/v1/contacts/count":
                self._answer(str(listing.total + listing.inserted))
            else:
                self._answer({"error": "not_found"}, status=404)

        def _answer(self, value: Any, *, status: int = 200) -> None:
            data = json.dumps(value, separators=(",", ":")).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bulk.paging_server", description=__doc__.split("\n\n")[0])
    parser.add_argument("--contacts", type=int, required=True)
    parser.add_argument("--shift-every", type=int, default=0, help="pages between two shifts; 0: none")
    parser.add_argument("--shift-by", type=int, default=1, help="contacts written at the head per shift")
    parser.add_argument("--lean", action="store_true", help="contacts of four fields only")
    args = parser.parse_args(argv)
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), make_handler(Listing(args.contacts, args.shift_every, args.shift_by, lean=args.lean))
    )
    server.daemon_threads = True

    def watch_stdin() -> None:
        sys.stdin.read()  # EOF: the test process closed the pipe or ended
        server.shutdown()

    threading.Thread(target=watch_stdin, name="stdin-watch", daemon=True).start()
    print(f"{READY_PREFIX}http://127.0.0.1:{server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
