"""Benchmark 4: import time of the clients, and wall time of ``make generate``.

Import time: each module is imported in a fresh interpreter (``python -c``), timed with
``time.perf_counter`` around the ``import`` statement alone (interpreter start-up excluded); the first run
of each module is discarded (it may compile bytecode; the smoke run only discards it for the freshly
generated ``hm_ogen``). One extra run with ``-X importtime`` gives the
breakdown, including how much of ``import httpx`` is httpx's command-line module ``httpx._main``, which
httpx imports whenever click, rich and pygments are installed.

The core install: ``import heymarket`` against ``import httpx`` in a clean venv that holds only
the wheel and its core dependencies (``core_import_ratio``; goal: at most 1.8x), and what the pytest plugin
of the ``[testing]`` extra adds to a consumer's tests (``testkit_times``).

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
    ("heymarket_auth", "heymarket_auth (JWT and API-key auth)"),
    ("heymarket", "heymarket (create_client and the runtime layers)"),
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


# ------------------------------------------------------------------- the core install

CORE_IMPORT_GOAL = 1.8
"""``import heymarket`` may cost at most this many times ``import httpx``, in a venv with only the core install."""
CORE_TOOL = ROOT / "tools" / "core_venv.py"
WHEELHOUSE = ROOT / ".venv" / "wheelhouse"
EXTRA_DISTRIBUTIONS = ("click", "rich", "pygments", "phonenumbers", "email-validator", "starlette", "uvicorn")
EXTRA_MODULES = ("click", "rich", "pygments", "phonenumbers", "email_validator", "starlette", "uvicorn", "yaml")
_MODULES_SNIPPET = (
    "import json, sys\n"
    "before = set(sys.modules)\n"
    "import {module}\n"
    "new = set(sys.modules) - before\n"
    "print(json.dumps({{'count': len(new), 'extras': sorted(m for m in new if m.split('.')[0] in {extras!r})}}))\n"
)


def _tool(*args: str) -> Any:
    import json

    done = subprocess.run([PYTHON, str(CORE_TOOL), *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"tools/core_venv.py {args[0]}: {(done.stderr or done.stdout)[-1500:]}")
    return json.loads(done.stdout)


def core_import_ratio(repeats: int, work: Path) -> dict[str, Any]:
    """``import httpx`` and ``import heymarket`` in a clean venv holding only the wheel and its core dependencies.

    The wheel is built from the tree (tools/core_venv.py build) and installed offline from the wheelhouse of
    ``make wheelhouse``. The two imports alternate, each in a fresh interpreter (after one discarded run of
    each, which writes the bytecode); the ratio is taken within each round, then summarised. The module
    counts (how many modules each import adds to ``sys.modules``) are deterministic.
    """
    import json

    if not any(WHEELHOUSE.glob("httpx-*.whl")):
        return {"error": f"no wheelhouse at {WHEELHOUSE}: run `make wheelhouse`"}
    try:
        built = _tool("build", str(work / "dist"))
        venv = _tool("venv", "--python", PYTHON, "--wheel", built["wheel"], str(work / "core-venv"))
    except RuntimeError as error:
        return {"error": str(error)}
    python = venv["python"]
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "HEYMARKET_LOG")}
    listing = subprocess.run(
        [
            python,
            "-c",
            "import importlib.metadata as m; print(' '.join(d.metadata['Name'] for d in m.distributions()))",
        ],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    ).stdout.split()
    installed = sorted(name.lower() for name in listing)

    def once(module: str) -> float:
        out = subprocess.run(
            [python, "-c", _SNIPPET.format(module=module)],
            capture_output=True,
            text=True,
            check=True,
            env=env,
            cwd=work,
        ).stdout.split()
        return float(out[0]) * 1e3

    walls: dict[str, list[float]] = {"httpx": [], "heymarket": []}
    ratios: list[float] = []
    for module in walls:
        once(module)  # discarded: writes the bytecode (the venv was installed with --no-compile)
    for _ in range(repeats):
        this_round = {module: once(module) for module in walls}
        for module, wall in this_round.items():
            walls[module].append(wall)
        ratios.append(this_round["heymarket"] / this_round["httpx"])
    modules = {
        module: json.loads(
            subprocess.run(
                [python, "-c", _MODULES_SNIPPET.format(module=module, extras=set(EXTRA_MODULES))],
                capture_output=True,
                text=True,
                check=True,
                env=env,
                cwd=work,
            ).stdout
        )
        for module in walls
    }
    wall_httpx, wall_heymarket = Spread.of(walls["httpx"]), Spread.of(walls["heymarket"])
    return {
        "python": python,
        "installed": installed,
        "extras_installed": sorted(set(installed) & set(EXTRA_DISTRIBUTIONS)),
        "wall_ms": {"httpx": wall_httpx.as_dict(), "heymarket": wall_heymarket.as_dict()},
        "ratio": Spread.of(ratios).as_dict(),
        "ratio_of_medians": wall_heymarket.median / wall_httpx.median,
        "modules": modules,
        "goal": CORE_IMPORT_GOAL,
    }


# ------------------------------------------------------------------- the consumer test kit


def testkit_times(starts: int, resets: int, work: Path) -> dict[str, Any]:
    """What the pytest plugin adds to a consumer's tests: starting the stand-in (once per session), the per-test
    reset and the per-test ``heymarket_client``; then docs/testing.md's example run as a consumer runs it."""
    import re

    import heymarket
    from heymarket_mock.testkit import HeymarketMock, StandInProcess

    start_ms: list[float] = []
    stop_ms: list[float] = []
    reset_ms: list[float] = []
    client_ms: list[float] = []
    for index in range(starts):
        process = StandInProcess().start()
        try:
            assert process.startup_s is not None
            start_ms.append(process.startup_s * 1e3)
            if index == 0:
                standin = HeymarketMock(process)
                standin.reset()  # warm-up: the connection
                for _ in range(resets):
                    t0 = time.perf_counter()
                    standin.reset()
                    t1 = time.perf_counter()
                    with heymarket.create_client(
                        secret_id=standin.secret_id, secret_key=standin.secret_key, base_url=standin.base_url
                    ):
                        pass
                    t2 = time.perf_counter()
                    reset_ms.append((t1 - t0) * 1e3)
                    client_ms.append((t2 - t1) * 1e3)
        finally:
            t0 = time.perf_counter()
            process.stop()
            stop_ms.append((time.perf_counter() - t0) * 1e3)

    doc = (ROOT / "docs" / "testing.md").read_text(encoding="utf-8")
    example = re.findall(r"```python\n(.*?)```", doc, flags=re.DOTALL)[0]
    folder = work / "consumer"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "test_signup.py").write_text(example, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HEYMARKET_", "PYTHONPATH", "PYTEST_"))}
    t0 = time.perf_counter()
    done = subprocess.run(
        [PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_signup.py"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    consumer_s = time.perf_counter() - t0
    passed = re.search(r"(\d+) passed", done.stdout)
    return {
        "start_ms": Spread.of(start_ms).as_dict(),
        "stop_ms": Spread.of(stop_ms).as_dict(),
        "reset_ms": Spread.of(reset_ms).as_dict() if reset_ms else None,
        "client_ms": Spread.of(client_ms).as_dict() if client_ms else None,
        "consumer": {
            "tests": len(re.findall(r"^def test_", example, flags=re.MULTILINE)),
            "passed": int(passed.group(1)) if passed else 0,
            "returncode": done.returncode,
            "wall_s": consumer_s,
            "output": done.stdout[-1500:] if done.returncode else "",
        },
    }


def main() -> None:  # pragma: no cover - manual use
    import json

    print(json.dumps({"imports": import_times(3, None), "generate": generate_times(1)}, indent=2))


if __name__ == "__main__":
    main()
