"""Shared helpers: made-up credentials, child server processes, statistics and JSON worker I/O."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from heymarket_mock.fakes import FAKE_SECRET_ID, FAKE_SECRET_KEY
from heymarket_mock.launcher import ServerChild

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

# The made-up credentials the tests use too: the loopback server never checks them, the stand-in is started
# with them.
SECRET_ID = FAKE_SECRET_ID
SECRET_KEY = FAKE_SECRET_KEY


def child_env(**extra: str) -> dict[str, str]:
    """The environment for child processes: the repo root importable, no client debug logging."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
    env.pop("HEYMARKET_LOG", None)
    env.update(extra)
    return env


class ServerProcess(ServerChild):
    """A server child process of the benchmarks (cwd: the repo root, env: ``child_env()``), started and read
    by the stand-in's launcher: it prints ``listening on http://HOST:PORT`` once it accepts connections, its
    output is drained while it runs, and ``stop`` sends it SIGTERM."""

    def __init__(self, argv: Sequence[str], *, env: Mapping[str, str] | None = None, timeout: float = 60.0) -> None:
        super().__init__(
            argv, env=env if env is not None else child_env(), cwd=ROOT, startup_timeout=timeout, terminate=True
        )


def run_worker(
    module: str, args: Sequence[str], *, timeout: float = 600.0, env: Mapping[str, str] | None = None
) -> Any:
    """Run ``python -m bench.<module> ARGS`` in a fresh process and return the JSON it prints last."""
    completed = subprocess.run(
        [PYTHON, "-m", f"bench.{module}", *args],
        cwd=ROOT,
        env=dict(env) if env is not None else child_env(),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(
            f"bench.{module} {' '.join(args)} exited {completed.returncode}:\n{completed.stderr[-4000:]}"
        )
    lines = [line for line in completed.stdout.splitlines() if line.strip()]
    if not lines:
        raise RuntimeError(f"bench.{module} printed nothing; stderr:\n{completed.stderr[-4000:]}")
    return json.loads(lines[-1])


def emit(result: Mapping[str, Any]) -> None:
    """A worker's result: one JSON line on stdout (the last line is what ``run_worker`` reads)."""
    print(json.dumps(result, sort_keys=True), flush=True)


@dataclass(frozen=True)
class Spread:
    """Median and spread of repeated measurements."""

    n: int
    median: float
    minimum: float
    maximum: float
    q1: float
    q3: float

    @classmethod
    def of(cls, values: Sequence[float]) -> Spread:
        if not values:
            raise ValueError("no values")
        ordered = sorted(values)
        if len(ordered) >= 4:
            q1, _q2, q3 = statistics.quantiles(ordered, n=4, method="inclusive")
        else:
            q1, q3 = ordered[0], ordered[-1]
        return cls(len(ordered), statistics.median(ordered), ordered[0], ordered[-1], q1, q3)

    def as_dict(self) -> dict[str, float]:
        return {
            "n": self.n,
            "median": self.median,
            "min": self.minimum,
            "max": self.maximum,
            "q1": self.q1,
            "q3": self.q3,
        }

    def fmt(self, digits: int = 1, scale: float = 1.0) -> str:
        """``median (min-max)``."""
        return (
            f"{self.median * scale:,.{digits}f} ({self.minimum * scale:,.{digits}f}-{self.maximum * scale:,.{digits}f})"
        )


def rss_kib() -> tuple[int, int]:
    """(current RSS, peak RSS) of this process in KiB, from /proc/self/status (Linux)."""
    current = peak = 0
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    current = int(line.split()[1])
                elif line.startswith("VmHWM:"):
                    peak = int(line.split()[1])
    except OSError:
        import resource

        peak = int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    return current, peak
