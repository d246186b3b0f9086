"""Command line of the stand-in: `python -m heymarket_mock --secret-id ID --secret-key KEY [options]`.

Every option falls back on an environment variable (listed in `--help`); prefer the variables for the
secrets, since command lines are visible to other local users. Prints `listening on http://HOST:PORT` once
it accepts connections (with the real port when `--port 0`) and stops cleanly on SIGINT or SIGTERM.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from heymarket_mock.app import create_app
from heymarket_mock.config import DEFAULT_MAX_BODY_BYTES, DEFAULT_SPEC_PATH, MockConfig, RuntimeSettings
from heymarket_mock.launcher import Listener

_OPTIONS: list[tuple[str, str, Callable[[str], Any], Any, str]] = [
    # (option, environment variable, type, default, help)
    ("--host", "HEYMARKET_MOCK_HOST", str, "127.0.0.1", "address to listen on"),
    ("--port", "HEYMARKET_MOCK_PORT", int, 0, "port to listen on; 0 picks a free one"),
    ("--secret-id", "HEYMARKET_SECRET_ID", str, None, "API Secret ID: the JWT `iss` (required)"),
    ("--secret-key", "HEYMARKET_SECRET_KEY", str, None, "API Secret Key (required)"),
    ("--api-key", "HEYMARKET_API_KEY", str, None, "legacy team API key; accepted only when given"),
    ("--rate-limit", "HEYMARKET_MOCK_RATE_LIMIT", int, 500, "requests per credential per minute"),
    ("--fault-429", "HEYMARKET_MOCK_FAULT_429", float, 0.0, "share of requests answered 429"),
    ("--fault-500", "HEYMARKET_MOCK_FAULT_500", float, 0.0, "share of requests answered 500"),
    ("--fault-503", "HEYMARKET_MOCK_FAULT_503", float, 0.0, "share of requests answered 503 (plain text)"),
    ("--latency-ms", "HEYMARKET_MOCK_LATENCY_MS", int, 0, "delay added to every API request"),
    ("--seed", "HEYMARKET_MOCK_SEED", int, 0, "seed of the fault draws"),
    ("--clock-skew", "HEYMARKET_MOCK_CLOCK_SKEW", float, 5.0, "seconds a JWT iat may lie in the future"),
    (
        "--max-body-bytes",
        "HEYMARKET_MOCK_MAX_BODY_BYTES",
        int,
        DEFAULT_MAX_BODY_BYTES,
        "larger request bodies are answered 413 too_large",
    ),
    ("--spec", "HEYMARKET_MOCK_SPEC", Path, DEFAULT_SPEC_PATH, "openapi.yaml to serve and validate against"),
    ("--log-level", "HEYMARKET_MOCK_LOG_LEVEL", str.lower, "info", "debug, info, warning or error"),
]


def parse_args(
    argv: Sequence[str] | None, environ: dict[str, str], prog: str = "python -m heymarket_mock"
) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog=prog,
        description="A local stand-in of the Heymarket Contacts API, validated against openapi.yaml.",
        epilog="Control endpoints (no auth): GET /__mock__/stats, /__mock__/contacts, /__mock__/state, "
        "/__mock__/config, /__mock__/health; POST /__mock__/reset, /__mock__/config.",
    )
    for option, variable, kind, default, text in _OPTIONS:
        raw = environ.get(variable)
        try:
            fallback = kind(raw) if raw not in (None, "") else default
        except ValueError:
            parser.error(f"{variable}: invalid value")
        shown = "none" if default is None else default
        parser.add_argument(option, type=kind, default=fallback, help=f"{text} [env {variable}; default: {shown}]")
    args = parser.parse_args(argv)
    if args.log_level not in ("debug", "info", "warning", "error", "critical"):
        parser.error("--log-level must be debug, info, warning, error or critical")
    if not args.secret_id or not args.secret_key:
        parser.error("--secret-id and --secret-key (or HEYMARKET_SECRET_ID / HEYMARKET_SECRET_KEY) are required")
    if not 0 <= args.port <= 65535:
        parser.error(f"--port must be from 0 to 65535, got {args.port}")
    if not args.host:
        parser.error("--host must not be empty (that would listen on every interface)")
    return args


def build_config(args: argparse.Namespace) -> MockConfig:
    runtime = RuntimeSettings(
        rate_limit=args.rate_limit,
        fault_429=args.fault_429,
        fault_500=args.fault_500,
        fault_503=args.fault_503,
        latency_ms=args.latency_ms,
        seed=args.seed,
    )
    return MockConfig(
        secret_id=args.secret_id,
        secret_key=args.secret_key,
        api_key=args.api_key,  # None when not given; an empty one is refused by MockConfig
        runtime=runtime,
        spec_path=args.spec,
        clock_skew=args.clock_skew,
        max_body_bytes=args.max_body_bytes,
    )


def main(argv: Sequence[str] | None = None, prog: str = "python -m heymarket_mock") -> int:
    # A stop request may come while the spec loads. While uvicorn serves it handles SIGINT/SIGTERM itself, then
    # re-raises the signal after shutting down so that the default action would end the process; these
    # handlers take that re-raise instead. Either way the process ends cleanly with 0.
    stop_requested: list[int] = []

    def stop(signum: int, frame: object) -> None:
        stop_requested.append(signum)
        if listener is not None:
            listener.stop()

    listener: Listener | None = None
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)

    args = parse_args(argv, dict(os.environ), prog)
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        app = create_app(build_config(args))
        listener = Listener(app, host=args.host, port=args.port, log_level=args.log_level)
    except (OSError, ValueError) as error:
        print(f"heymarket_mock: {error}", file=sys.stderr)
        return 2
    if stop_requested:
        listener.close()
    else:
        listener.run()
    return 0
