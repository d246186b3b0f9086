"""The ``heymarket`` command run in this process with click's ``CliRunner``, its consoles injected.

It returns what ``tests.support.cli.run_cli`` returns (``returncode``, ``stdout``, ``stderr``), so a test
can use either; the environment is the one ``cli_env`` builds, applied for the call only.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
from pathlib import Path

from click.testing import CliRunner
from rich.console import Console

from heymarket.cli import Consoles, main


def invoke(*args: object, env: dict[str, str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``heymarket *args`` in-process; ``env`` as from ``cli_env`` (its HEYMARKET_* and COLUMNS are used)."""
    out, err = io.StringIO(), io.StringIO()
    width = int(env.get("COLUMNS", "80"))
    consoles = Consoles(
        out=Console(file=out, width=width, highlight=False, soft_wrap=True, markup=False),
        err=Console(file=err, width=width, highlight=False, soft_wrap=True, markup=False),
    )
    overrides: dict[str, str | None] = {k: None for k in os.environ if k.startswith("HEYMARKET_")}
    overrides |= {k: v for k, v in env.items() if k.startswith("HEYMARKET_") or k == "COLUMNS"}
    argv = [str(a) for a in args]
    with contextlib.chdir(cwd) if cwd is not None else contextlib.nullcontext():
        result = CliRunner(env=overrides).invoke(main, argv, obj=consoles, prog_name="heymarket")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return subprocess.CompletedProcess(
        ["heymarket", *argv], result.exit_code, out.getvalue() + result.stdout, err.getvalue() + result.stderr
    )
