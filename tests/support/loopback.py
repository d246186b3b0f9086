"""A real HTTP server on 127.0.0.1 for tests.

It listens on an ephemeral port in a background thread, records every request
(method, path, headers, body) and answers from a FIFO script of responses,
falling back on a default response once the script is used up::

    with LoopbackServer() as server:
        server.enqueue(401, {"error": "unauthorized"})
        httpx.get(server.url("/v1/team"))        # answered 401
        httpx.get(server.url("/v1/team"))        # answered by server.default
        assert [r.path for r in server.requests] == ["/v1/team", "/v1/team"]
"""

from __future__ import annotations

import json
import threading
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self
from urllib.parse import parse_qs, urlsplit

__all__ = ["LoopbackServer", "RecordedRequest", "ScriptedResponse"]


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the server received it."""

    method: str
    path: str
    """Path plus query string, exactly as sent in the request line."""
    headers: tuple[tuple[str, str], ...]
    """All header lines in order, names as sent (duplicates kept)."""
    body: bytes

    def header_values(self, name: str) -> list[str]:
        """Every value of header ``name`` (case-insensitive), in order."""
        wanted = name.lower()
        return [value for key, value in self.headers if key.lower() == wanted]

    def header(self, name: str) -> str | None:
        """The first value of header ``name`` (case-insensitive), or None."""
        values = self.header_values(name)
        return values[0] if values else None

    @property
    def path_only(self) -> str:
        return urlsplit(self.path).path

    @property
    def query(self) -> dict[str, list[str]]:
        return parse_qs(urlsplit(self.path).query, keep_blank_values=True)

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass(frozen=True)
class ScriptedResponse:
    """A response to send.

    ``body`` is JSON-encoded, unless it is bytes (sent as-is) or None (empty body).
    """

    status: int = 200
    body: object = None
    headers: Mapping[str, str] = field(default_factory=dict)

    def encode(self) -> tuple[bytes, dict[str, str]]:
        headers = dict(self.headers)
        if self.body is None:
            payload = b""
        elif isinstance(self.body, bytes):
            payload = self.body
            headers.setdefault("Content-Type", "application/octet-stream")
        else:
            payload = json.dumps(self.body).encode()
            headers.setdefault("Content-Type", "application/json")
        return payload, headers


class LoopbackServer:
    """HTTP/1.1 server on 127.0.0.1 that records requests and replays scripted responses."""

    def __init__(self, default: ScriptedResponse | None = None) -> None:
        self.default = default if default is not None else ScriptedResponse(200, {})
        self._lock = threading.Lock()
        self._script: deque[ScriptedResponse] = deque()
        self._requests: list[RecordedRequest] = []
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------

    def start(self) -> Self:
        if self._httpd is not None:
            raise RuntimeError("server already started")
        httpd = _Server(("127.0.0.1", 0), _Handler)
        httpd.owner = self
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="loopback-http",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        httpd, thread = self._httpd, self._thread
        self._httpd = self._thread = None
        if httpd is not None:
            httpd.shutdown()
            httpd.server_close()
        if thread is not None:
            thread.join(timeout=5)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- addresses -----------------------------------------------------------

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("server not started")
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str = "/") -> str:
        return self.base_url + path

    # -- script and record -------------------------------------------------

    def enqueue(
        self,
        status: int,
        body: object = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        """Answer the next unanswered request with this response (FIFO)."""
        with self._lock:
            self._script.append(ScriptedResponse(status, body, dict(headers or {})))

    @property
    def pending(self) -> int:
        """How many scripted responses have not been used yet."""
        with self._lock:
            return len(self._script)

    @property
    def requests(self) -> list[RecordedRequest]:
        """A snapshot of the requests received so far, in arrival order."""
        with self._lock:
            return list(self._requests)

    def reset(self) -> None:
        """Forget recorded requests and unused scripted responses."""
        with self._lock:
            self._requests.clear()
            self._script.clear()

    def _record_and_pick(self, request: RecordedRequest) -> ScriptedResponse:
        # One critical section, so the n-th recorded request got the n-th response.
        with self._lock:
            self._requests.append(request)
            return self._script.popleft() if self._script else self.default


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # Do not wait for keep-alive connections a test left open.
    block_on_close = False
    owner: LoopbackServer


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Idle keep-alive connections are dropped after this many seconds.
    timeout = 10
    # Headers and body go out in separate writes; without TCP_NODELAY, Nagle plus
    # delayed ACKs add ~40 ms to every keep-alive request.
    disable_nagle_algorithm = True
    server: _Server

    def _handle(self) -> None:
        body = self._read_body()
        recorded = RecordedRequest(
            method=self.command,
            path=self.path,
            headers=tuple(self.headers.items()),
            body=body,
        )
        response = self.server.owner._record_and_pick(recorded)
        payload, headers = response.encode()
        if "Date" in headers:  # a scripted Date replaces the real one; an empty one sends none
            self.send_response_only(response.status)
            date = headers.pop("Date")
            if date:
                self.send_header("Date", date)
        else:
            self.send_response(response.status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _handle

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return self._read_chunked()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _read_chunked(self) -> bytes:
        chunks: list[bytes] = []
        while True:
            size = int(self.rfile.readline().split(b";", 1)[0].strip(), 16)
            if size == 0:
                # Skip trailers up to the blank line that ends the body.
                while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                    pass
                return b"".join(chunks)
            chunks.append(self.rfile.read(size))
            self.rfile.readline()  # CRLF after each chunk

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output quiet."""
