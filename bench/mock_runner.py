"""The local stand-in (heymarket_mock) for the bulk benchmarks, in its own process.

``python -m bench.mock_runner --rate-limit 600 --rate-window 60`` is ``python -m heymarket_mock`` with the
benchmark's made-up credentials, warning-level logging, and one more knob: the length of the rate window
(the stand-in's CLI fixes it at 60 s), so that the smoke run can exercise the limiter in seconds.
Prints ``listening on http://127.0.0.1:PORT`` once it accepts connections; stops on SIGTERM/SIGINT.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import logging
from typing import Any

from bench.common import SECRET_ID, SECRET_KEY


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.mock_runner", description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--rate-limit", type=int, default=500, help="requests per credential per window")
    parser.add_argument("--rate-window", type=float, default=60.0, help="seconds")
    args = parser.parse_args(argv)

    # Imported by name, so that type-checking bench/ does not depend on the stand-in's dependencies.
    mock: Any = importlib.import_module("heymarket_mock")
    server_module: Any = importlib.import_module("heymarket_mock.server")
    base_url, bind, make_server, serve = (
        server_module.base_url,
        server_module.bind,
        server_module.make_server,
        server_module.serve,
    )
    logging.basicConfig(level=logging.WARNING)
    config = mock.MockConfig(
        secret_id=SECRET_ID,
        secret_key=SECRET_KEY,
        runtime=mock.RuntimeSettings(rate_limit=args.rate_limit),
        rate_window=args.rate_window,
    )
    app = mock.create_app(config)
    sock = bind("127.0.0.1", args.port)
    port = sock.getsockname()[1]
    server = make_server(app, log_level="warning")

    def ready() -> None:
        print(f"listening on {base_url('127.0.0.1', port)}", flush=True)

    try:
        asyncio.run(serve(server, sock, ready))
    finally:
        sock.close()


if __name__ == "__main__":
    main()
