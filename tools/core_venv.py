"""Build the sdist and wheel, and make clean venvs with only the core install (no extras), offline.

    python tools/core_venv.py pythons                      supported Python versions (pyproject classifiers)
    python tools/core_venv.py wheelhouse DIR               download the core dependencies' wheels (network)
    python tools/core_venv.py build OUT_DIR                sdist, then the wheel from it, into OUT_DIR
    python tools/core_venv.py venv --python PY --wheel WHL --wheelhouse DIR DEST
                                                           a venv with the wheel and its core dependencies

``wheelhouse`` is the only step that uses the network (the package index, through pip and the pins of
constraints.txt); ``make wheelhouse`` runs it into ``.venv/wheelhouse`` for every supported Python.
Everything else is offline: the tests (tests/packaging/test_dist.py) and the benchmark (bench/startup.py)
install from the wheelhouse with ``--no-index``. The core dependencies are pure-Python wheels, so one wheelhouse
serves every Python version.

``build`` copies what the build needs into a temporary folder first, so that building never writes into
the source tree (setuptools puts an ``*.egg-info`` next to ``pyproject.toml``). Each command prints one
JSON value on stdout.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"
CONSTRAINTS = ROOT / "constraints.txt"
DEFAULT_WHEELHOUSE = ROOT / ".venv" / "wheelhouse"
# What `python -m build` needs from the source tree (the sdist's MANIFEST.in and package folders).
BUILD_INPUTS = ("pyproject.toml", "setup.py", "MANIFEST.in", "openapi.yaml", "README.md")
PACKAGE_DIRS = ("generated", "auth_ext", "runtime", "standin")
_CLASSIFIER = re.compile(r"^Programming Language :: Python :: (3\.\d+)$")


def _project() -> dict[str, Any]:
    project: dict[str, Any] = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    return project


def supported_pythons() -> list[str]:
    """The ``3.X`` versions the classifiers of pyproject.toml declare."""
    return [m.group(1) for c in _project().get("classifiers", []) if (m := _CLASSIFIER.match(c))]


def core_requirements() -> list[str]:
    """``[project] dependencies``: what ``pip install heymarket-client`` installs, without extras."""
    return list(_project()["dependencies"])


def find_python(version: str) -> str | None:
    """An interpreter of ``version`` (``3.12``): ``python3.12`` on PATH, else under pyenv's versions."""
    pyenv_root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    candidates = [shutil.which(f"python{version}")]
    candidates += sorted(glob.glob(str(pyenv_root / "versions" / f"{version}.*" / "bin" / f"python{version}")))
    for candidate in filter(None, candidates):
        done = subprocess.run(
            [candidate, "-c", "import sys; print('%d.%d' % sys.version_info[:2], sys.executable)"],
            capture_output=True,
            text=True,
            check=False,
        )
        reported, _, executable = done.stdout.strip().partition(" ")
        if done.returncode == 0 and reported == version:
            return executable
    return None


def hermetic_pip_env() -> dict[str, str]:
    """The environment for an offline pip: no user or site pip configuration, no version check."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env |= {"PIP_CONFIG_FILE": os.devnull, "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_NO_INPUT": "1"}
    env.pop("PYTHONPATH", None)
    return env


def make_wheelhouse(dest: Path) -> dict[str, Any]:
    """Download the core dependencies (pinned by constraints.txt) for every supported Python (network)."""
    dest.mkdir(parents=True, exist_ok=True)
    for version in supported_pythons():
        subprocess.run(
            [
                *(sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check"),
                *("--only-binary=:all:", "--python-version", version, "-c", str(CONSTRAINTS), "-d", str(dest)),
                *core_requirements(),
            ],
            check=True,
        )
    return {"wheelhouse": str(dest), "wheels": sorted(p.name for p in dest.glob("*.whl"))}


def build_dists(out_dir: Path) -> dict[str, Any]:
    """``python -m build --no-isolation``: the sdist, then the wheel built from the unpacked sdist."""
    out_dir.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="heymarket-build-") as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        for name in BUILD_INPUTS:
            shutil.copy2(ROOT / name, src / name)
        for name in PACKAGE_DIRS:
            shutil.copytree(ROOT / name, src / name, ignore=ignore)
        done = subprocess.run(
            [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out_dir), str(src)],
            capture_output=True,
            text=True,
            check=False,
        )
    if done.returncode != 0:
        raise SystemExit(f"python -m build failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    sdists, wheels = sorted(out_dir.glob("*.tar.gz")), sorted(out_dir.glob("*.whl"))
    return {"sdist": str(sdists[-1]), "wheel": str(wheels[-1]), "seconds": time.perf_counter() - started}


def create_venv(python: str, dest: Path, wheel: Path, wheelhouse: Path) -> dict[str, Any]:
    """A venv of ``python`` holding ``wheel`` and its core dependencies, from ``wheelhouse`` only.

    The venv gets no pip of its own (``--without-pip``) and no bytecode at install (``--no-compile``, half
    the install time; the first import writes what it uses): this pip installs into it with ``--python``.
    """
    started = time.perf_counter()
    subprocess.run([python, "-m", "venv", "--without-pip", str(dest)], check=True)
    target = dest / "bin" / "python"
    done = subprocess.run(
        [
            *(sys.executable, "-m", "pip", "--python", str(target), "install", "--quiet", "--no-index", "--no-compile"),
            *("--find-links", str(wheelhouse), "-c", str(CONSTRAINTS), str(wheel)),
        ],
        env=hermetic_pip_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(
            f"installing {wheel.name} into a clean {python} venv failed (is the wheelhouse {wheelhouse} "
            f"current? make wheelhouse):\n{done.stderr[-3000:]}"
        )
    return {"python": str(target), "seconds": time.perf_counter() - started}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python tools/core_venv.py", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("pythons", help="supported Python versions and where they are")
    wheelhouse = commands.add_parser("wheelhouse", help="download the core dependencies (network)")
    wheelhouse.add_argument("dest", type=Path, nargs="?", default=DEFAULT_WHEELHOUSE)
    build = commands.add_parser("build", help="sdist and wheel into OUT_DIR")
    build.add_argument("out_dir", type=Path)
    venv = commands.add_parser("venv", help="a clean venv with the wheel and its core dependencies")
    venv.add_argument("--python", required=True)
    venv.add_argument("--wheel", type=Path, required=True)
    venv.add_argument("--wheelhouse", type=Path, default=DEFAULT_WHEELHOUSE)
    venv.add_argument("dest", type=Path)
    args = parser.parse_args(argv)
    result: Any
    if args.command == "pythons":
        result = {version: find_python(version) for version in supported_pythons()}
    elif args.command == "wheelhouse":
        result = make_wheelhouse(args.dest)
    elif args.command == "build":
        result = build_dists(args.out_dir)
    else:
        result = create_venv(args.python, args.dest, args.wheel, args.wheelhouse)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
