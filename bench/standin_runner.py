"""The local stand-in (heymarket_mock) for the bulk benchmarks, in its own process.

``python -m bench.standin_runner --rate-limit 600 --rate-window 60`` is ``python -m heymarket_mock`` with the
made-up credentials of ``heymarket_mock.fakes``, warning-level logging, and one more knob: the length of the
rate window (the stand-in's CLI fixes it at 60 s), so that the smoke run can exercise the limiter in seconds.
Serves through the stand-in's launcher (``heymarket_mock.launcher.Listener``): prints
``listening on http://127.0.0.1:PORT`` once it accepts connections; stops on SIGTERM/SIGINT.
"""

from __future__ import annotations

import argparse
import logging

from bench.common import SECRET_ID, SECRET_KEY
from heymarket_mock import MockConfig, RuntimeSettings, create_app
from heymarket_mock.launcher import Listener


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.standin_runner", description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--rate-limit", type=int, default=500, help="requests per credential per window")
    parser.add_argument("--rate-window", type=float, default=60.0, help="seconds")
    args = parser.parse_args(argv)

    logging.basicConfig(level=logging.WARNING)
    config = MockConfig(
        secret_id=SECRET_ID,
        secret_key=SECRET_KEY,
        runtime=RuntimeSettings(rate_limit=args.rate_limit),
        rate_window=args.rate_window,
    )
    Listener(create_app(config), port=args.port).run()


if __name__ == "__main__":
    main()
