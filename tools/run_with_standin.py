"""Run a command against a fresh local Heymarket stand-in, then stop the stand-in.

    python tools/run_with_standin.py [--rate-limit N] [--fault-429 X] ... -- COMMAND [ARGS ...]

It starts the stand-in the way the consumer test kit does (``heymarket_mock.testkit.StandInProcess``: a child
process on a free 127.0.0.1 port, with a made-up Secret ID and Secret Key), applies the settings given, and
runs COMMAND with HEYMARKET_SECRET_ID, HEYMARKET_SECRET_KEY and HEYMARKET_BASE_URL set. The secrets travel
only through the environment (command lines are visible to other local users). Exits with COMMAND's exit
code (130 on Ctrl-C).

It starts the stand-in with the python that runs it, so that python's environment needs the project with
its [testing] extra (`make demo` runs it with .venv-demo's python).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

from heymarket_mock.testkit import HeymarketMock, StandInError, StandInProcess

SETTINGS = {
    "rate_limit": int,
    "fault_429": float,
    "fault_500": float,
    "fault_503": float,
    "latency_ms": int,
    "seed": int,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    for name, kind in SETTINGS.items():
        parser.add_argument(f"--{name.replace('_', '-')}", type=kind, help="a setting of the stand-in")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command given")

    process = StandInProcess()
    try:
        process.start()
    except StandInError as error:
        raise SystemExit(f"the stand-in did not start: {error}") from None
    try:
        standin = HeymarketMock(process)
        settings = {name: getattr(args, name) for name in SETTINGS if getattr(args, name) is not None}
        if settings:
            standin.configure(**settings)  # ValueError for a bad value
        print(f"[stand-in running at {standin.base_url}]", flush=True)
        env = {k: v for k, v in os.environ.items() if k != "HEYMARKET_API_KEY"} | standin.env()
        return subprocess.call(command, env=env)
    except ValueError as error:
        print(f"run_with_standin: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # Ctrl-C reached COMMAND too; stop the stand-in without a traceback
        return 130
    finally:
        process.stop()
        print("[stand-in stopped]", flush=True)


if __name__ == "__main__":
    sys.exit(main())
