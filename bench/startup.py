"""Benchmark 4: import time of the clients, and wall time of ``make generate``.

Import time: each module is imported in a fresh interpreter (``python -c``), timed with
``time.perf_counter`` around the ``import`` statement alone (interpreter start-up excluded); the first run
of each module is discarded (it may compile bytecode; the smoke run only discards it for the freshly
generated ``hm_ogen``). One extra run with ``-X importtime`` gives the
breakdown, including how much of ``import httpx`` is httpx's command-line module ``httpx._main``, which
httpx imports whenever click, rich and pygments are installed.

``make generate`` is run with ``OUT`` pointing into a temporary folder (the same steps as regenerating
``generated/heymarket_client``, which is never touched), and its output is compared with the committed one.
"""

from __future__ import annotations

import filecmp
import os
import subprocess
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.common import PYTHON, ROOT, Spread, child_env

IMPORTS: tuple[tuple[str, str], ...] = (
    ("httpx", "httpx (dependency, for scale)"),
    ("heymarket_client", "heymarket_client (generated package)"),
    ("heymarket_client.api.contacts_v1.create_contact", "heymarket_client + the createContact module"),
    ("heymarket_auth", "heymarket_auth (create_client and the runtime layers)"),
    ("hm_ogen", "hm_ogen (openapi-generator client, imports every API and model)"),
)
_SNIPPET = (
    "import sys, time\n"
    "t0 = time.perf_counter(); c0 = time.process_time()\n"
    "import {module}\n"
    "print(time.perf_counter() - t0, time.process_time() - c0)\n"
)


def _env(ogen_path: str | None) -> dict[str, str]:
    env = child_env()
    if ogen_path:
        env["PYTHONPATH"] = os.pathsep.join([ogen_path, env["PYTHONPATH"]])
    return env


def _one_import(module: str, env: dict[str, str]) -> tuple[float, float]:
    out = subprocess.run(
        [PYTHON, "-c", _SNIPPET.format(module=module)], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    return float(out[0]), float(out[1])


def _importtime(module: str, env: dict[str, str]) -> dict[str, Any]:
    """Cumulative microseconds of ``module`` and of ``httpx._main`` from ``-X importtime``, and the top self times."""
    err = subprocess.run(
        [PYTHON, "-X", "importtime", "-c", f"import {module}"], cwd=ROOT, env=env, capture_output=True, text=True
    ).stderr
    cumulative: dict[str, int] = {}
    selfs: list[tuple[int, str]] = []
    for line in err.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        parts = [p.strip() for p in line.removeprefix("import time:").split("|")]
        if not parts[0].isdigit():
            continue
        name = parts[2].strip()
        cumulative[name] = int(parts[1])
        selfs.append((int(parts[0]), name))
    return {
        "cumulative_us": cumulative.get(module, 0),
        "httpx_main_us": cumulative.get("httpx._main", 0),
        "top_self_us": [[name, us] for us, name in sorted(selfs, reverse=True)[:8]],
    }


def import_times(repeats: int, ogen_path: str | None, *, discard_first: bool = True) -> dict[str, Any]:
    env = _env(ogen_path)
    results: dict[str, Any] = {}
    for module, label in IMPORTS:
        if module == "hm_ogen" and not ogen_path:
            results[module] = {"label": label, "error": "not generated"}
            continue
        walls: list[float] = []
        cpus: list[float] = []
        try:
            if discard_first or module == "hm_ogen":
                _one_import(module, env)  # discarded: may compile bytecode
            for _ in range(repeats):
                wall, cpu = _one_import(module, env)
                walls.append(wall * 1e3)
                cpus.append(cpu * 1e3)
        except subprocess.CalledProcessError as error:
            results[module] = {"label": label, "error": (error.stderr or "")[-500:]}
            continue
        results[module] = {
            "label": label,
            "wall_ms": Spread.of(walls).as_dict(),
            "cpu_ms": Spread.of(cpus).as_dict(),
            "importtime": _importtime(module, env),
        }
    return results


def _same_tree(left: Path, right: Path) -> bool:
    comparison = filecmp.dircmp(left, right, ignore=["__pycache__"])
    stack = [comparison]
    while stack:
        current = stack.pop()
        if current.left_only or current.right_only or current.funny_files:
            return False
        _match, mismatch, errors = filecmp.cmpfiles(current.left, current.right, current.common_files, shallow=False)
        if mismatch or errors:
            return False
        stack.extend(current.subdirs.values())
    return True


def generate_times(repeats: int, make: Sequence[str] = ("make",)) -> dict[str, Any]:
    """Wall time of ``make generate OUT=<tmp>/heymarket_client`` (install already current)."""
    walls: list[float] = []
    identical: list[bool] = []
    for _ in range(repeats):
        with tempfile.TemporaryDirectory(prefix="bench-generate-") as tmp:
            out = Path(tmp) / "heymarket_client"
            started = time.perf_counter()
            completed = subprocess.run(
                [*make, "--no-print-directory", "generate", f"OUT={out}"],
                cwd=ROOT,
                env=child_env(),
                capture_output=True,
                text=True,
                check=False,
            )
            walls.append(time.perf_counter() - started)
            if completed.returncode != 0:
                return {"error": (completed.stderr or completed.stdout)[-1500:]}
            identical.append(_same_tree(out, ROOT / "generated" / "heymarket_client"))
    return {
        "command": "make generate OUT=<tmp>/heymarket_client",
        "wall_s": Spread.of(walls).as_dict(),
        "identical_to_committed": all(identical),
    }


def main() -> None:  # pragma: no cover - manual use
    import json

    print(json.dumps({"imports": import_times(3, None), "generate": generate_times(1)}, indent=2))


if __name__ == "__main__":
    main()
