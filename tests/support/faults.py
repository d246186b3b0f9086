"""A raw-socket HTTP/1.1 server on 127.0.0.1 that misbehaves on purpose, one scripted fault per request.

``LoopbackServer`` (loopback.py) is built on ``http.server``, which always sends a whole, well-formed
answer; this one writes the bytes itself, so an answer can stop half way through its body, stall,
reset the connection, or arrive one byte at a time::

    with FaultServer() as server:
        server.script(truncated(b'{"id": 1}', keep=3), ok({"id": 1}))
        ...                                      # 1st request: headers, 3 bytes of body, close
        assert server.count == 2                 # 2nd request: answered in full

Every answer carries ``X-Request-Id: req-<n>`` (n counts the requests from 1, see ``request_ids``), and
every request is recorded as a ``RecordedRequest`` (headers included, to check the token sent). In a
body, ``{authorization}`` is replaced by the request's Authorization value, to make a server that
echoes the credential. Once the script is used up, ``default`` answers.
"""

from __future__ import annotations

import json
import socket
import struct
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from types import TracebackType
from typing import Literal, Self

from tests.support.loopback import RecordedRequest

__all__ = [
    "Fault",
    "FaultServer",
    "drip",
    "gated",
    "ok",
    "redirect",
    "reset",
    "stall",
    "truncated",
    "unauthorized",
]

Kind = Literal["ok", "truncate", "stall", "reset", "drip", "gated"]

_MAX_WAIT = 10.0
"""Longest a stalled or gated answer waits (the server's stop ends the wait sooner)."""


@dataclass(frozen=True)
class Fault:
    """How to answer one request.

    The status line and headers (with a ``Content-Length`` of the whole body) always go out first,
    after ``delay`` seconds; then, by ``kind``:

    - ``ok``: the whole body (the connection stays open for the next request);
    - ``truncate``: ``keep`` bytes of the body, then a clean close (FIN);
    - ``stall``: ``keep`` bytes, then nothing until the client hangs up or the server stops;
    - ``reset``: ``keep`` bytes, then a close with ``SO_LINGER`` 0 (RST);
    - ``drip``: the body one byte every ``interval`` seconds;
    - ``gated``: the body once ``gate`` is set.
    """

    kind: Kind = "ok"
    status: int = 200
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()
    keep: int = 0
    interval: float = 0.0
    delay: float = 0.0
    gate: threading.Event | None = None


def _payload(body: object) -> bytes:
    return body if isinstance(body, bytes) else json.dumps(body).encode()


def ok(body: object = b"", *, status: int = 200, headers: dict[str, str] | None = None, delay: float = 0.0) -> Fault:
    """A whole answer; ``body`` is JSON-encoded unless it is bytes (sent as is)."""
    return Fault("ok", status, _payload(body), tuple((headers or {}).items()), delay=delay)


def truncated(body: object, *, keep: int) -> Fault:
    return Fault("truncate", body=_payload(body), keep=keep)


def stall(body: object, *, keep: int) -> Fault:
    return Fault("stall", body=_payload(body), keep=keep)


def reset(body: object, *, keep: int) -> Fault:
    return Fault("reset", body=_payload(body), keep=keep)


def drip(body: object, *, interval: float) -> Fault:
    return Fault("drip", body=_payload(body), interval=interval)


def gated(body: object, gate: threading.Event) -> Fault:
    return Fault("gated", body=_payload(body), gate=gate)


def redirect(location: str, *, status: int = 307, delay: float = 0.0) -> Fault:
    return ok(b"", status=status, headers={"Location": location}, delay=delay)


def unauthorized() -> Fault:
    """A 401 whose body echoes the token it was sent (as a careless proxy might)."""
    return ok(b'{"error": "unauthorized", "message": "rejected {authorization}"}', status=401)


@dataclass
class _State:
    script: deque[Fault] = field(default_factory=deque)
    requests: list[RecordedRequest] = field(default_factory=list)


class FaultServer:
    """HTTP/1.1 on an ephemeral port of 127.0.0.1; one thread per connection."""

    def __init__(self, default: Fault | None = None) -> None:
        self.default = default if default is not None else ok({})
        self._lock = threading.Lock()
        self._state = _State()
        self._stop = threading.Event()
        self._listener: socket.socket | None = None
        self._threads: list[threading.Thread] = []
        self._connections: set[socket.socket] = set()

    # -- lifecycle ---------------------------------------------------------

    def start(self) -> Self:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        listener.settimeout(0.05)
        self._listener = listener
        self._spawn(self._accept_loop, "faults-accept")
        return self

    def stop(self) -> None:
        self._stop.set()
        with self._lock:
            threads = list(self._threads)
        for thread in threads:
            thread.join(timeout=5)
        if self._listener is not None:
            self._listener.close()
            self._listener = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        if self._listener is None:
            raise RuntimeError("server not started")
        return f"http://127.0.0.1:{self._listener.getsockname()[1]}"

    def url(self, path: str = "/") -> str:
        return self.base_url + path

    # -- script and record -------------------------------------------------

    def script(self, *faults: Fault) -> None:
        """Answer the next requests with these, in order (then ``default``)."""
        with self._lock:
            self._state.script.extend(faults)

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._state.requests)

    @property
    def count(self) -> int:
        """How many requests arrived (whole request heads and bodies)."""
        with self._lock:
            return len(self._state.requests)

    @property
    def request_ids(self) -> list[str]:
        """The ``X-Request-Id`` sent with each answer, in order."""
        return [f"req-{n}" for n in range(1, self.count + 1)]

    # -- serving -------------------------------------------------------------

    def _spawn(self, target: Callable[..., None], name: str, *args: object) -> None:
        thread = threading.Thread(target=target, args=args, name=name, daemon=True)
        with self._lock:
            self._threads.append(thread)
        thread.start()

    def _accept_loop(self) -> None:
        listener = self._listener
        assert listener is not None
        while not self._stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            conn.settimeout(0.05)
            self._spawn(self._serve, "faults-conn", conn)

    def _serve(self, conn: socket.socket) -> None:
        buffer = bytearray()
        try:
            while not self._stop.is_set():
                request = self._read_request(conn, buffer)
                if request is None:
                    return
                with self._lock:
                    self._state.requests.append(request)
                    number = len(self._state.requests)
                    fault = self._state.script.popleft() if self._state.script else self.default
                if not self._answer(conn, fault, number, request):
                    return
        except OSError:  # the client hung up or reset: nothing more to send
            return
        finally:
            conn.close()

    def _recv(self, conn: socket.socket) -> bytes | None:
        """Up to 64 KiB; b"" once the peer closed; None when nothing came within the poll interval."""
        try:
            return conn.recv(65536)
        except TimeoutError:
            return None

    def _read_request(self, conn: socket.socket, buffer: bytearray) -> RecordedRequest | None:
        while b"\r\n\r\n" not in buffer:
            if self._stop.is_set():
                return None
            data = self._recv(conn)
            if data == b"":
                return None
            if data:
                buffer += data
        head, _, rest = bytes(buffer).partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        method, path, _version = lines[0].split(" ", 2)
        headers = tuple((name.strip(), value.strip()) for name, _, value in (line.partition(":") for line in lines[1:]))
        lowered = {name.lower(): value for name, value in headers}
        if "chunked" in lowered.get("transfer-encoding", "").lower():
            raise NotImplementedError("the fault server reads Content-Length bodies only")
        length = int(lowered.get("content-length", "0"))
        while len(rest) < length:
            if self._stop.is_set():
                return None
            data = self._recv(conn)
            if data == b"":
                return None
            if data:
                rest += data
        buffer[:] = rest[length:]
        return RecordedRequest(method=method, path=path, headers=headers, body=rest[:length])

    def _wait(self, seconds: float) -> bool:
        """Sleep; False when the server is stopping."""
        return not self._stop.wait(seconds)

    def _answer(self, conn: socket.socket, fault: Fault, number: int, request: RecordedRequest) -> bool:
        """Send ``fault``; True when the connection can serve another request."""
        body = fault.body.replace(b"{authorization}", (request.header("Authorization") or "").encode())
        if fault.delay and not self._wait(fault.delay):
            return False
        try:
            reason = HTTPStatus(fault.status).phrase
        except ValueError:
            reason = "Unknown"
        headers = dict(fault.headers)
        if body:
            headers.setdefault("Content-Type", "application/json")
        headers["Content-Length"] = str(len(body))
        headers["X-Request-Id"] = f"req-{number}"
        if fault.kind != "ok" and fault.kind != "gated":
            headers["Connection"] = "close"
        head = f"HTTP/1.1 {fault.status} {reason}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        conn.sendall(head.encode("latin-1") + b"\r\n")
        if fault.kind == "ok":
            conn.sendall(body)
            return True
        if fault.kind == "gated":
            assert fault.gate is not None
            fault.gate.wait(_MAX_WAIT)
            conn.sendall(body)
            return True
        if fault.kind == "drip":
            for offset in range(len(body)):
                if not self._wait(fault.interval):
                    return False
                conn.sendall(body[offset : offset + 1])
            return False
        conn.sendall(body[: fault.keep])
        if fault.kind == "truncate":
            conn.shutdown(socket.SHUT_RDWR)
        elif fault.kind == "reset":
            self._wait(0.05)  # let the client read the head and start on the body first
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        else:  # stall until the client gives up (or the server stops)
            waited = 0.0
            while waited < _MAX_WAIT and self._recv(conn) is None and not self._stop.is_set():
                waited += 0.05
        return False
