"""The ``heymarket-mock`` console script and ``python -m heymarket_mock``.

The stand-in needs the ``[testing]`` extra (starlette, uvicorn, jsonschema-rs, pyyaml). Without it,
``main`` prints the one pip command to run and exits 2 instead of a traceback.
"""

from __future__ import annotations

import importlib.util
import os
import sys

STANDIN_MODULES = ("starlette", "uvicorn", "jsonschema_rs", "yaml", "sortedcontainers")
INSTALL_HINT = "pip install 'heymarket-client[testing]'"


def main() -> None:
    missing = [name for name in STANDIN_MODULES if importlib.util.find_spec(name) is None]
    if missing:
        print(
            f"heymarket-mock: the stand-in needs the [testing] extra ({', '.join(missing)} missing): {INSTALL_HINT}",
            file=sys.stderr,
        )
        sys.exit(2)
    from heymarket_mock.cli import main as cli_main

    script = os.path.basename(sys.argv[0]) if sys.argv else ""
    prog = "heymarket-mock" if script.startswith("heymarket-mock") else "python -m heymarket_mock"
    sys.exit(cli_main(prog=prog))


if __name__ == "__main__":
    main()
