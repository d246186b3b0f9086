"""A minimal HTTP/1.1 keep-alive server on 127.0.0.1 for the per-call benchmark.

Every request to any path but the control paths gets the same answer::

    200 OK, Content-Type: application/json, X-Request-Id: <fixed uuid>
    {"id":1,"rev":1,"uuid":"..."}

It is an asyncio ``Protocol`` with no HTTP library, so it costs a few microseconds a request, and it runs in its
own process (``python -m bench.loopback``) so that its CPU time is never counted against a client. It prints
``listening on http://127.0.0.1:PORT`` once it accepts connections and stops on SIGTERM/SIGINT.

Control paths (never counted): ``GET /__stats`` answers ``{"requests": N, "distinct_authorization": M}`` (M is
the number of different ``Authorization`` values seen, i.e. how many JWTs the client signed) and
``POST /__reset`` zeroes both.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import socket

from heymarket_mock.launcher import base_url, ready_line

BODY = b'{"id":1,"rev":1,"uuid":"a1b2c3d4-e5f6-7890-abcd-ef1234567890"}'
RESPONSE = (
    b"HTTP/1.1 200 OK\r\n"
    b"Content-Type: application/json\r\n"
    b"Content-Length: " + str(len(BODY)).encode() + b"\r\n"
    b"X-Request-Id: 0b7c6f1e-2d4a-4c59-9e3b-7a8f5d6c1e20\r\n"
    b"\r\n" + BODY
)
_AUTH = b"\r\nauthorization:"
_LENGTH = b"\r\ncontent-length:"


class _Stats:
    def __init__(self) -> None:
        self.requests = 0
        self.tokens: set[bytes] = set()

    def control(self, request_line: bytes) -> bytes:
        if request_line.startswith(b"POST /__reset "):
            self.requests = 0
            self.tokens.clear()
        body = json.dumps({"requests": self.requests, "distinct_authorization": len(self.tokens)}).encode()
        return (
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
            + str(len(body)).encode()
            + b"\r\n\r\n"
            + body
        )


class _Http(asyncio.Protocol):
    def __init__(self, stats: _Stats) -> None:
        self._stats = stats
        self._buffer = b""
        self._transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport
        sock = transport.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def data_received(self, data: bytes) -> None:
        buffer = self._buffer + data if self._buffer else data
        out: list[bytes] = []
        while True:
            end = buffer.find(b"\r\n\r\n")
            if end < 0:
                break
            # Header names are case-insensitive; the head is small, so lower-casing a copy is cheap.
            head = buffer[:end].lower()
            length = 0
            at = head.find(_LENGTH)
            if at >= 0:
                stop = head.find(b"\r\n", at + 2)
                length = int(head[at + len(_LENGTH) : stop if stop >= 0 else len(head)])
            total = end + 4 + length
            if len(buffer) < total:
                break
            if buffer.startswith(b"GET /__stats ") or buffer.startswith(b"POST /__reset "):
                out.append(self._stats.control(buffer[: buffer.find(b"\r\n")]))
            else:
                self._stats.requests += 1
                at = head.find(_AUTH)
                if at >= 0:
                    stop = head.find(b"\r\n", at + 2)
                    # The original (not lower-cased) bytes: tokens are case-sensitive.
                    self._stats.tokens.add(buffer[at + len(_AUTH) : stop if stop >= 0 else end].strip())
                out.append(RESPONSE)
            buffer = buffer[total:]
        self._buffer = buffer
        if out and self._transport is not None:
            self._transport.write(b"".join(out))


async def _serve(host: str, port: int) -> None:
    loop = asyncio.get_running_loop()
    stats = _Stats()
    server = await loop.create_server(lambda: _Http(stats), host, port, backlog=128)
    bound = server.sockets[0].getsockname()[1]
    print(ready_line(base_url(host, bound)), flush=True)
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with server:
        await stop.wait()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.loopback", description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    args = parser.parse_args()
    asyncio.run(_serve(args.host, args.port))


if __name__ == "__main__":
    main()
