"""Run a command against a fresh local Heymarket stand-in, then stop the stand-in.

    python tools/run_with_mock.py [--mock-arg ARG ...] -- COMMAND [ARGS ...]

It makes up a throwaway Secret ID and Secret Key, starts `python -m heymarket_mock` on a free
127.0.0.1 port, and runs COMMAND with HEYMARKET_SECRET_ID, HEYMARKET_SECRET_KEY and
HEYMARKET_BASE_URL set. The secrets travel only through the environment (command lines are
visible to other local users). Exits with COMMAND's exit code (130 on Ctrl-C).

It starts the stand-in with the python that runs it, so that python's environment needs the project with
its [testing] extra (`make demo` runs it with .venv-demo's python).
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import subprocess
import sys
import uuid

STARTUP_LINE = "listening on "


def start_mock(env: dict[str, str], extra_args: list[str]) -> tuple[subprocess.Popen[str], str]:
    mock = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "heymarket_mock",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--log-level",
            "warning",
            *extra_args,
        ],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert mock.stdout is not None
    line = mock.stdout.readline()  # blocks until the stand-in accepts connections, or exits
    if not line.startswith(STARTUP_LINE):
        mock.kill()
        raise SystemExit(f"the stand-in did not start (exit code {mock.wait()})")
    return mock, line[len(STARTUP_LINE) :].strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mock-arg", action="append", default=[], help="an option for the stand-in")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command given")

    env = dict(os.environ)
    env.pop("HEYMARKET_API_KEY", None)
    env["HEYMARKET_SECRET_ID"] = str(uuid.uuid4())
    env["HEYMARKET_SECRET_KEY"] = secrets.token_urlsafe(24)
    mock, url = start_mock(env, args.mock_arg)
    try:
        print(f"[stand-in running at {url}]", flush=True)
        return subprocess.call(command, env={**env, "HEYMARKET_BASE_URL": url})
    except KeyboardInterrupt:  # Ctrl-C reached COMMAND too; stop the stand-in without a traceback
        return 130
    finally:
        mock.send_signal(signal.SIGTERM)
        try:
            mock.wait(10)
        except subprocess.TimeoutExpired:
            mock.kill()
        print("[stand-in stopped]", flush=True)


if __name__ == "__main__":
    sys.exit(main())
