"""The ``heymarket`` console script and ``python -m heymarket``.

The command and ``heymarket.bulk`` need the ``[cli]`` extra (click, rich, phonenumbers, email-validator).
Without it, ``main`` prints the one pip command to run and exits 2 instead of a traceback; the check only
looks the modules up (``importlib.util.find_spec``), so nothing is imported before the command runs.
"""

from __future__ import annotations

import importlib.util
import sys

CLI_MODULES = ("click", "rich", "phonenumbers", "email_validator")
INSTALL_HINT = "pip install 'heymarket-client[cli]'"


def missing_cli_modules() -> list[str]:
    """The modules of the ``[cli]`` extra that cannot be found, in ``CLI_MODULES`` order."""
    return [name for name in CLI_MODULES if importlib.util.find_spec(name) is None]


def main() -> None:
    missing = missing_cli_modules()
    if missing:
        print(
            f"heymarket: the command needs the [cli] extra ({', '.join(missing)} missing): {INSTALL_HINT}",
            file=sys.stderr,
        )
        sys.exit(2)
    from heymarket.cli import main as cli_main

    cli_main(prog_name="heymarket")


if __name__ == "__main__":
    main()
