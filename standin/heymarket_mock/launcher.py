"""The one launcher of the stand-in: bind and serve an app, and start a serving child and read it.

Serving side (the process that answers requests), used by the stand-in's command line
(``heymarket_mock.cli``), the test kit's child (``python -m heymarket_mock.testkit``), the benchmarks'
stand-in (``python -m bench.standin_runner``) and the tests' in-process stand-in (``tests.support.standin``):

    listener = Listener(app, host="127.0.0.1", port=0)   # the socket is bound here: OSError if it cannot be
    listener.run()                    # serve on this thread until SIGINT/SIGTERM; prints the ready line
    listener.start_thread().stop()    # or serve on a daemon thread of this process, then stop it

Parent side (the process that started the server), used by the test kit (``testkit.StandInProcess``) and the
benchmarks (``bench.common.ServerProcess``):

    child = ServerChild([sys.executable, "-m", "heymarket_mock.testkit"], env=env).start()
    child.url                         # from the child's ``listening on http://HOST:PORT`` line
    child.stop()

A server says it is ready with one line, :data:`READY_PREFIX` followed by its base URL (:func:`ready_line`),
printed once it accepts connections, so that port 0 hands the parent the real port.

This module imports only the standard library at import time; uvicorn is imported by :class:`Listener`.
"""

from __future__ import annotations

import asyncio
import collections
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING, Any, Self

if TYPE_CHECKING:
    import uvicorn

READY_PREFIX = "listening on "


def base_url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def ready_line(url: str) -> str:
    """The line a server prints once it accepts connections: ``listening on URL``."""
    return READY_PREFIX + url


def bind(host: str, port: int) -> socket.socket:
    """A listening-ready TCP socket on host:port (port 0: a free port chosen by the OS)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto IPPROTO_TCP (not 0) lets asyncio set TCP_NODELAY on accepted connections; without it every
    # keep-alive request waits ~40 ms for a delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def _print_ready(url: str) -> None:
    print(ready_line(url), flush=True)


class Listener:
    """An ASGI app and a socket bound up front on ``host:port`` (so port 0 yields the real port before start).

    ``run`` serves on the calling thread (uvicorn handles SIGINT/SIGTERM when that is the main thread);
    ``start_thread`` serves on a daemon thread of this process. Either calls ``on_ready(url)`` once it
    accepts connections (by default: prints the ready line). ``stop`` asks the server to exit; the socket is
    closed when serving ends (``close`` closes it without serving).
    """

    def __init__(self, app: Any, *, host: str = "127.0.0.1", port: int = 0, log_level: str = "warning") -> None:
        import uvicorn

        self.host = host
        self.sock = bind(host, port)
        self.port: int = self.sock.getsockname()[1]
        self.url = base_url(host, self.port)
        config = uvicorn.Config(app, log_level=log_level, access_log=False, lifespan="off")
        self.server: uvicorn.Server = uvicorn.Server(config)
        self._thread: threading.Thread | None = None

    def run(self, *, on_ready: Callable[[str], None] = _print_ready, stop_on_stdin_eof: bool = False) -> None:
        """Serve until stopped: ``stop()``, SIGINT/SIGTERM on the main thread, or (``stop_on_stdin_eof``) the
        end of this process's stdin, which is how a parent that dies takes its child with it."""
        if stop_on_stdin_eof:
            threading.Thread(target=self._watch_stdin, name="stdin-watch", daemon=True).start()
        try:
            asyncio.run(self._serve(on_ready))
        finally:
            self.sock.close()

    def start_thread(self, *, timeout: float = 10.0) -> Self:
        """Serve on a daemon thread; returns once it accepts connections (RuntimeError after ``timeout``)."""
        ready = threading.Event()
        self._thread = threading.Thread(
            target=self.run, kwargs={"on_ready": lambda _url: ready.set()}, name=f"stand-in-{self.port}", daemon=True
        )
        self._thread.start()
        if not ready.wait(timeout):
            self.stop()
            raise RuntimeError(f"the stand-in did not start within {timeout:g} s")
        return self

    def stop(self, *, timeout: float = 10.0) -> None:
        """Ask the server to exit (safe from a signal handler); with ``start_thread``, wait for the thread.
        Serving closes the socket when it ends."""
        self.server.should_exit = True
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout)

    def close(self) -> None:
        """Close the socket of a listener that is not going to serve."""
        self.sock.close()

    def _watch_stdin(self) -> None:
        sys.stdin.read()  # returns at EOF: the parent closed the pipe or ended
        self.server.should_exit = True

    async def _serve(self, on_ready: Callable[[str], None]) -> None:
        task = asyncio.create_task(self.server.serve(sockets=[self.sock]))
        while not self.server.started and not task.done():
            await asyncio.sleep(0.01)
        if self.server.started:
            on_ready(self.url)
        await task


class ServerChildError(RuntimeError):
    """A server child process did not print its ready line (it ended, or was too slow)."""

    def __init__(self, message: str, output: str) -> None:
        super().__init__(message)
        self.output = output


class ServerChild:
    """A server in a child process that prints :func:`ready_line` once it accepts connections.

    Its output (stdout and stderr together) is read on a daemon thread for as long as it runs, so that it
    never blocks on a full pipe; the last ``tail`` lines are kept for error messages. Its stdin is a pipe
    that ``stop`` closes: a child that watches its stdin (``Listener.run(stop_on_stdin_eof=True)``) ends on
    its own then, and also when this process dies. ``terminate=True`` also sends SIGTERM at ``stop``, for
    children that do not watch stdin.
    """

    def __init__(
        self,
        argv: Sequence[str],
        *,
        env: Mapping[str, str] | None = None,
        cwd: str | Path | None = None,
        startup_timeout: float = 60.0,
        terminate: bool = False,
        tail: int = 40,
    ) -> None:
        self.argv = list(argv)
        self.env = dict(env) if env is not None else None
        self.cwd = cwd
        self.startup_timeout = startup_timeout
        self.terminate = terminate
        self.url = ""
        self._output: collections.deque[str] = collections.deque(maxlen=tail)
        self._proc: subprocess.Popen[str] | None = None

    def start(self) -> Self:
        """Start the child and wait for its ready line (``ServerChildError`` if it ends or times out first)."""
        self.url = ""  # a failed restart must not look like the last good start
        self._output.clear()
        proc = subprocess.Popen(
            self.argv,
            cwd=self.cwd,
            env=self.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self._proc = proc
        assert proc.stdout is not None
        ready = threading.Event()
        threading.Thread(target=self._read, args=(proc.stdout, ready), name="server-child-output", daemon=True).start()
        if not ready.wait(self.startup_timeout) or not self.url:
            self.stop()
            raise ServerChildError(f"{' '.join(self.argv[:4])} did not start: {self.output_tail()}", self.output_tail())
        return self

    def _read(self, stream: IO[str], ready: threading.Event) -> None:
        for line in stream:
            self._output.append(line.rstrip())
            if not ready.is_set() and line.startswith(READY_PREFIX):
                self.url = line[len(READY_PREFIX) :].strip()
                ready.set()
        ready.set()  # the child ended: wake start() up

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def output_tail(self) -> str:
        return " | ".join(self._output) or "no output"

    def stop(self, timeout: float = 10.0) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        if proc.stdin is not None:
            proc.stdin.close()
        if self.terminate and proc.poll() is None:
            proc.terminate()
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
