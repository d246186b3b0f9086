"""Build artifacts that install: the sdist and wheel of `python -m build`, and the wheel in clean venvs.

The sdist and wheel are built once for the module (tools/core_venv.py build, from a copy of the tree so that
nothing is written into it). For every Python the classifiers declare, a clean venv gets the wheel and only
its core dependencies, offline, from the wheelhouse of `make wheelhouse` (`--no-index`). The README
quickstart then runs in that venv against the stand-in served from this project's venv. A supported
Python that is missing on the machine fails the test, and is not skipped.
"""

from __future__ import annotations

import email.parser
import json
import os
import re
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.fakes import FAKE_SECRET_ID, FAKE_SECRET_KEY
from tests.support.paths import ROOT
from tests.support.standin import StandInServer, standin_config

TOOL = ROOT / "tools" / "core_venv.py"
WHEELHOUSE = ROOT / ".venv" / "wheelhouse"
SPEC_BYTES = (ROOT / "openapi.yaml").read_bytes()
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
SUPPORTED = [
    m.group(1) for c in PROJECT["classifiers"] if (m := re.fullmatch(r"Programming Language :: Python :: (3\.\d+)", c))
]
# Distributions that the core install must not bring (the [cli] and [testing] extras, and what rich pulls).
NOT_IN_CORE = {
    "click",
    "rich",
    "pygments",
    "phonenumbers",
    "email-validator",
    "starlette",
    "uvicorn",
    "jsonschema-rs",
    "openapi-core",
    "sortedcontainers",
}
CLI_HINT = "pip install 'heymarket-client[cli]'"

_README = (ROOT / "README.md").read_text(encoding="utf-8")
_QUICKSTART_SECTION = _README.split("### Quickstart", 1)[-1]
QUICKSTART = re.findall(r"```python\n(.*?)```", _QUICKSTART_SECTION, flags=re.DOTALL)[0]


def tool(*args: str) -> Any:
    done = subprocess.run([sys.executable, str(TOOL), *args], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    built = tool("build", str(tmp_path_factory.mktemp("dist")))
    return {"sdist": Path(built["sdist"]), "wheel": Path(built["wheel"])}


@pytest.fixture(scope="module")
def pythons() -> dict[str, str | None]:
    found: dict[str, str | None] = tool("pythons")
    return found


@pytest.fixture(scope="module")
def server() -> Iterator[StandInServer]:
    with StandInServer(standin_config()) as srv:
        yield srv


def test_the_source_tree_holds_the_spec_once() -> None:
    copy = ROOT / "standin" / "heymarket_mock" / "openapi.yaml"
    assert not os.path.lexists(copy), f"{copy} must not exist: setup.py copies the spec into built wheels"
    from heymarket_mock.config import DEFAULT_SPEC_PATH

    assert DEFAULT_SPEC_PATH == ROOT / "openapi.yaml"  # the editable install serves the source spec


def test_the_sdist_carries_the_spec_as_a_regular_file(dists: dict[str, Path]) -> None:
    with tarfile.open(dists["sdist"]) as sdist:
        members = sdist.getmembers()
        links = [m.name for m in members if m.issym() or m.islnk()]
        assert links == []
        [spec] = [m for m in members if m.name.endswith("/openapi.yaml")]
        assert spec.isfile() and spec.name.count("/") == 1, spec.name  # at the root of the sdist, once
        extracted = sdist.extractfile(spec)
        assert extracted is not None and extracted.read() == SPEC_BYTES
        names = {m.name.split("/", 1)[-1] for m in members}
    assert {"setup.py", "MANIFEST.in", "pyproject.toml", "standin/heymarket_mock/config.py"} <= names


def test_the_wheel_has_the_stand_in_spec_core_dependencies_and_entry_points(dists: dict[str, Path]) -> None:
    with zipfile.ZipFile(dists["wheel"]) as wheel:
        assert wheel.read("heymarket_mock/openapi.yaml") == SPEC_BYTES
        info = next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")).rsplit("/", 1)[0]
        metadata = email.parser.Parser().parsestr(wheel.read(f"{info}/METADATA").decode())
        entry_points = wheel.read(f"{info}/entry_points.txt").decode()
    requires = metadata.get_all("Requires-Dist") or []
    core = {_name(r) for r in requires if "extra ==" not in r}
    assert core == {"httpx", "attrs", "pyjwt"}
    by_extra: dict[str, set[str]] = {}
    for requirement in requires:
        if match := re.search(r"extra == \"(\w+)\"", requirement):
            by_extra.setdefault(match.group(1), set()).add(_name(requirement))
    assert by_extra["cli"] == {"click", "rich", "phonenumbers", "email-validator"}
    assert {"starlette", "uvicorn", "jsonschema-rs", "pyyaml", "pytest"} <= by_extra["testing"]
    assert sorted(metadata.get_all("Classifier") or []) == sorted(PROJECT["classifiers"])
    assert "heymarket = heymarket.__main__:main" in entry_points
    assert re.search(r"\[pytest11\]\nheymarket = heymarket_mock\.pytest_plugin", entry_points)


def test_the_classifiers_name_the_supported_pythons() -> None:
    assert SUPPORTED == ["3.11", "3.12", "3.13"]
    assert PROJECT["requires-python"] == ">=3.11"


@pytest.mark.slow
@pytest.mark.parametrize("version", SUPPORTED)
def test_the_wheel_installs_alone_and_runs_the_quickstart(
    version: str, pythons: dict[str, str | None], dists: dict[str, Path], server: StandInServer, tmp_path: Path
) -> None:
    found = pythons.get(version)
    if not found:
        pytest.fail(f"Python {version} is declared supported (pyproject classifiers) but is not on this machine")
    if not any(WHEELHOUSE.glob("httpx-*.whl")):
        pytest.fail(f"no wheelhouse at {WHEELHOUSE}: run `make wheelhouse` (it downloads the core dependencies)")
    python = tool("venv", "--python", found, "--wheel", str(dists["wheel"]), str(tmp_path / "venv"))["python"]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HEYMARKET_", "PYTHON", "VIRTUAL_ENV"))}

    def run(*argv: str, **extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(argv, capture_output=True, text=True, env={**env, **extra}, cwd=tmp_path, timeout=120)

    listed = run(
        python, "-c", "import importlib.metadata as m; print('\\n'.join(d.metadata['Name'] for d in m.distributions()))"
    )
    installed = {_name(line) for line in listed.stdout.split()}
    assert "heymarket-client" in installed and {"httpx", "attrs", "pyjwt"} <= installed
    assert installed & NOT_IN_CORE == set()

    server.reset()
    quickstart = run(
        python,
        "-c",
        QUICKSTART,
        HEYMARKET_SECRET_ID=FAKE_SECRET_ID,
        HEYMARKET_SECRET_KEY=FAKE_SECRET_KEY,
        HEYMARKET_BASE_URL=server.url,
    )
    assert quickstart.returncode == 0, quickstart.stderr
    lines = quickstart.stdout.splitlines()
    assert re.fullmatch(r"\d+ 1 [0-9a-f-]{36}", lines[0]), lines
    assert sorted(c["phone"] for c in server.contacts()) == ["14155551234", "15105550001", "15105553344"]

    # The console script stays registered; without the [cli] extra it says what to install, in one line.
    for argv in ([str(Path(python).parent / "heymarket"), "--help"], [python, "-m", "heymarket", "--help"]):
        command = run(*argv)
        assert command.returncode == 2, command
        assert command.stdout == ""
        assert len(command.stderr.splitlines()) == 1 and CLI_HINT in command.stderr, command.stderr

    # The installed stand-in finds the copy of the spec that the wheel carries.
    spec = run(python, "-c", "from heymarket_mock.config import DEFAULT_SPEC_PATH as p; print(p)").stdout.strip()
    assert Path(spec).parent.name == "heymarket_mock" and "site-packages" in spec, spec
    assert Path(spec).read_bytes() == SPEC_BYTES
