"""`make demo`: what its venv installs (read from the make recipe, offline) and the demo itself, end to end.

The demo runs here with this environment's python through the same launcher `make demo` uses
(tools/run_with_standin.py); building .venv-demo would need the package index, so the venv is checked from
its recipe (`make -n`) and the package metadata of this environment, which holds the same pins.
"""

from __future__ import annotations

import ast
import importlib.metadata
import json
import os
import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.support.paths import ROOT

LAUNCHER = ROOT / "tools" / "run_with_standin.py"
DEMO = ROOT / "examples" / "demo.py"
PROJECT = "heymarket-client"
FIRST_PARTY = {"heymarket", "heymarket_client", "heymarket_auth", "heymarket_mock"}
# What the demo runs: the client chain, the `heymarket` command, the stand-in and the launcher.
DEMO_CODE = (
    "examples/demo.py",
    "tools/run_with_standin.py",
    "generated/heymarket_client",
    "auth_ext/heymarket_auth",
    "runtime/heymarket",
    "standin/heymarket_mock",
)
# Development tools that the demo must not install (requirements-dev.txt has them for make test/lint/bench).
DEV_TOOLS = {
    "mypy",
    "ruff",
    "schemathesis",
    "hypothesis",
    "openapi-generator-cli",
    "openapi-python-client",
    "py-spy",
    "build",
    "pytest-asyncio",
    "types-pyyaml",
    "types-jsonschema",
}

# Runs the demo as `python examples/demo.py` would, after writing down the made-up credentials that
# the launcher generated, so the test can check that none of them is printed.
RECORD_AND_RUN = """
import json, os, runpy, sys
path, demo = sys.argv[1], sys.argv[2]
with open(path, "w") as f:
    json.dump({k: os.environ[k] for k in ("HEYMARKET_SECRET_ID", "HEYMARKET_SECRET_KEY")}, f)
sys.argv = [demo]
runpy.run_path(demo, run_name="__main__")
"""


def _make_dry_run(*variables: str) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    result = subprocess.run(
        ["make", "-n", "demo", *variables], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def _closure(extras: set[str]) -> dict[str, str]:
    """Every distribution `pip install '.[extras]'` installs (name -> version): the project's requirements
    from pyproject.toml, then their requirements from this environment's package metadata."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    unknown = extras - set(project.get("optional-dependencies", {}))
    assert not unknown, f"pyproject.toml has no extra(s) {sorted(unknown)}"
    wanted = [Requirement(r) for r in project["dependencies"]]
    for extra in sorted(extras):
        wanted += [Requirement(r) for r in project["optional-dependencies"][extra]]
    found: dict[str, str] = {}
    done: set[tuple[str, frozenset[str]]] = set()
    while wanted:
        requirement = wanted.pop()
        name = canonicalize_name(requirement.name)
        key = (name, frozenset(requirement.extras))
        if key in done:
            continue
        done.add(key)
        try:
            distribution = importlib.metadata.distribution(requirement.name)
        except importlib.metadata.PackageNotFoundError:
            raise AssertionError(f"{requirement.name} is required but not installed here: run `make install`") from None
        found[name] = distribution.version
        active = ["", *sorted(requirement.extras)]
        for text in distribution.requires or []:
            dependency = Requirement(text)
            if dependency.marker is None or any(dependency.marker.evaluate({"extra": e}) for e in active):
                wanted.append(dependency)
    return found


def _third_party_imports() -> dict[str, Path]:
    """Top-level modules outside the standard library and this project that the demo's code imports."""
    modules: dict[str, Path] = {}
    for entry in DEMO_CODE:
        path = ROOT / entry
        for file in [path] if path.is_file() else sorted(path.rglob("*.py")):
            for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
                names: list[str] = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                for name in names:
                    top = name.split(".")[0]
                    if top not in sys.stdlib_module_names and top not in FIRST_PARTY and top != "__future__":
                        modules.setdefault(top, file.relative_to(ROOT))
    return modules


def test_demo_venv_installs_the_project_with_its_extras_and_no_dev_tools(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    recipe = _make_dry_run(f"DEMO_VENV={venv}")
    text = "\n".join(recipe)
    assert f"-m venv {venv}" in text
    assert "npm" not in text and "node_modules" not in text
    assert "requirements-dev.txt" not in text
    assert not re.search(r"(^|\s)\.venv/", text), "the demo must not use the development .venv"
    installs = [shlex.split(line) for line in recipe if " pip install " in line]
    assert installs and all(cmd[0] == f"{venv}/bin/python" for cmd in installs), recipe
    assert all("-c" in cmd and cmd[cmd.index("-c") + 1] == "constraints.txt" for cmd in installs), recipe
    projects = [arg for cmd in installs for arg in cmd if arg.startswith(".[")]
    assert len(projects) == 1, recipe
    extras = set(projects[0][2:-1].split(","))
    assert extras == {"cli", "testing"}

    installed = _closure(extras)
    assert {"httpx", "pyjwt", "click", "rich", "uvicorn", "starlette"} <= set(installed)
    assert not DEV_TOOLS & set(installed), sorted(DEV_TOOLS & set(installed))
    assert not any(name.startswith("types-") for name in installed)
    # Every one of them is pinned, so the demo venv is reproducible.
    pins = {
        canonicalize_name(line.split("==")[0]): line.split("==")[1].strip()
        for line in (ROOT / "constraints.txt").read_text().splitlines()
        if "==" in line and not line.startswith("#")
    }
    unpinned = sorted(name for name in installed if name not in pins)
    assert not unpinned, f"not pinned in constraints.txt: {unpinned}"

    # And it is enough: every third-party module that the demo, the client, the command and the stand-in
    # import comes with a distribution the venv installs.
    providers = importlib.metadata.packages_distributions()
    missing = {
        module: str(where)
        for module, where in _third_party_imports().items()
        if not {canonicalize_name(d) for d in providers.get(module, [])} & set(installed)
    }
    assert not missing, f"imported but not installed by '.[{','.join(sorted(extras))}]': {missing}"


def test_second_make_demo_does_not_reinstall(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    first = _make_dry_run(f"DEMO_VENV={venv}")
    stamps = [line.split()[1] for line in first if line.startswith("touch ")]
    assert len(stamps) == 1 and stamps[0].startswith(f"{venv}/"), first
    venv.mkdir()
    Path(stamps[0]).touch()
    second = _make_dry_run(f"DEMO_VENV={venv}")
    assert len(second) == 1 and "tools/run_with_standin.py" in second[0] and "examples/demo.py" in second[0], second
    # Other extras (or pins) mean another stamp, so the venv would be rebuilt.
    other = _make_dry_run(f"DEMO_VENV={venv}", "DEMO_EXTRAS=cli")
    assert any(line.startswith("rm -rf ") for line in other), other


@pytest.mark.slow
def test_demo_shows_the_five_parts_without_secrets(tmp_path: Path) -> None:
    secrets_file = tmp_path / "secrets.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith("HEYMARKET_")} | {"COLUMNS": "100"}
    result = subprocess.run(
        [
            sys.executable,
            str(LAUNCHER),
            "--",
            sys.executable,
            "-c",
            RECORD_AND_RUN,
            str(secrets_file),
            str(DEMO),
        ],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=120,
        check=False,
    )
    out = result.stdout
    assert result.returncode == 0, out
    uuid = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"

    # 1. one JWT for the create, read, update and count
    assert "1. A contact created, read and updated: one JWT for every call" in out
    assert re.search(r"create_contact  -> contact \d+ \(rev 1\)", out), out
    assert "update_contact  -> rev 2" in out
    assert re.search(r"4 requests sent, 1 distinct bearer token \(token #1 signed at \d\d:\d\d:\d\d UTC\)", out)
    # 2. the typed error, with its status, code and request id
    assert "2. A typed error with its request id" in out
    assert "raised heymarket.NotFoundError" in out
    assert re.search(r"status +404\n", out) and re.search(r"error code +not_found\n", out)
    assert re.search(rf"request id +{uuid} ", out), out
    # 3. the create went through two injected 429s on its third attempt, seen by client and stand-in
    assert "3. A retry through injected 429s" in out
    assert re.search(r"create_contact -> contact \d+, after 3 attempts", out), out
    assert re.search(rf"attempt 1: POST /v1/contact -> 429 \(request id {uuid}\)", out)
    assert re.search(rf"attempt 2: POST /v1/contact -> 429 \(request id {uuid}\)", out)
    assert re.search(rf"attempt 3: POST /v1/contact -> 200 \(request id {uuid}\)", out)
    assert "the stand-in counted for createContact: 1 x 200, 2 x 429" in out
    assert "retrying POST /v1/contact" in out  # the runtime's own debug log line
    # 4. paging: 2 contacts from parts 1 and 3, plus 25
    assert "4. Paging" in out
    assert "batch_create_contacts: 25 contacts in one request -> 'ok'" in out
    assert "yielded 27 contacts" in out and "from 3 list requests: 10 + 10 + 7" in out
    # 5. the real command: its progress bar, its summary table, its documented exit status
    assert "5. Bulk import with the heymarket command" in out
    assert "$ heymarket contacts import examples/contacts.csv --default-region US --create-fields \\\n" in out
    assert (
        "3 batch requests, 1 look-up request, re-sent: none" in out
    )  # 6 valid rows, 2 a batch; the look-up tells the listed one exists
    assert re.search(r"rows .*━.* 10/10", out), out
    for row in ("│ created  │ new                │    5 │", "│ skipped  │ exists             │    1 │"):
        assert row in out
    assert re.search(r"│ total +│ +│ +10 │", out)
    assert "exit status 1, as documented" in out
    assert "Parts 1-4: 12 requests sent, 1 distinct bearer token" in out
    assert "[stand-in stopped]" in out

    # No secret and no token: the made-up credentials the launcher generated, any JWT, any bearer header.
    secrets = json.loads(secrets_file.read_text())
    for value in secrets.values():
        assert value and value not in out
    assert secrets["HEYMARKET_SECRET_ID"][4:] not in out
    assert not re.search(r"eyJ[\w-]+\.eyJ", out), "a JWT was printed"
    assert "Bearer" not in out
