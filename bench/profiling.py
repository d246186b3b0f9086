"""py-spy profiles of the per-call loop, with on-CPU self time grouped by layer (package).

``py-spy record`` samples the worker process from outside (no instrumentation inside it) and by default
keeps only samples where the thread is running, so waiting for the server's answer is not counted. Time
spent in C code (json, the socket calls, regex matching) is self time of the Python function that called
it. Only samples taken inside the timed loop (``bench.percall._time``) are counted.

The layers we own are ``heymarket_auth`` (the runtime layers: auth, retries, limiter, typed errors,
logging) and ``heymarket_client`` (generated code, changed only through the spec or the generator config).
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.common import PYTHON, ROOT, child_env

RATE_HZ = 1000
LOOP_MARKER = "_time (bench/percall.py"
_FRAME = re.compile(r"^(?P<function>.*) \((?P<file>[^():]+?)(?::(?P<line>\d+))?\)$")

# First path component (py-spy shortens file names to the part after the sys.path entry) -> layer.
_PACKAGES = {
    "heymarket": "heymarket (ours: runtime layers)",
    "heymarket_auth": "heymarket_auth (ours: JWT signing)",
    "heymarket_client": "heymarket_client (ours: generated)",
    "hm_ogen": "hm_ogen (openapi-generator)",
    "httpx": "httpx",
    "httpcore": "httpcore (incl. socket calls)",
    "h11": "h11",
    "urllib3": "urllib3 (incl. socket calls)",
    "pydantic": "pydantic",
    "pydantic_core": "pydantic",
    "dateutil": "python-dateutil",
    "attr": "attrs",
    "attrs": "attrs",
    "jwt": "pyjwt",
    "bench": "bench loop",
    "json": "stdlib json",
    "logging": "stdlib logging",
    "http": "stdlib http/email",
    "email": "stdlib http/email",
}
_STDLIB_MODULES = {"socket.py": "stdlib socket/ssl", "selectors.py": "stdlib socket/ssl", "ssl.py": "stdlib socket/ssl"}
OURS = ("heymarket", "heymarket_auth", "heymarket_client")


def layer_of(path: str) -> str:
    first = path.split("/", 1)[0]
    if first in _PACKAGES:
        return _PACKAGES[first]
    if "/" not in path:
        return _STDLIB_MODULES.get(path, "stdlib other")
    return "other"


@dataclass
class Profile:
    samples: int = 0
    layers: Counter[str] = field(default_factory=Counter)
    leaf_functions: Counter[str] = field(default_factory=Counter)
    own_inclusive: Counter[str] = field(default_factory=Counter)

    def as_dict(self, cpu_us_per_call: float | None, top: int = 15) -> dict[str, Any]:
        def share(count: int) -> float:
            return count / self.samples if self.samples else 0.0

        def entry(name: str, count: int) -> dict[str, Any]:
            result: dict[str, Any] = {"name": name, "share": share(count)}
            if cpu_us_per_call is not None:
                result["us_per_call"] = share(count) * cpu_us_per_call
            return result

        return {
            "samples": self.samples,
            "layers": [entry(name, n) for name, n in self.layers.most_common()],
            "top_self": [entry(name, n) for name, n in self.leaf_functions.most_common(top)],
            "top_own_self": [
                entry(name, n)
                for name, n in self.leaf_functions.most_common()
                if name.split(" (", 1)[1].startswith(OURS)
            ][:top],
            "own_inclusive": [entry(name, n) for name, n in self.own_inclusive.most_common(top)],
        }


def parse_raw(text: str) -> Profile:
    """Aggregate py-spy's ``--format raw`` output (``frame;frame;... count``, outermost frame first)."""
    profile = Profile()
    for line in text.splitlines():
        stack_text, _, count_text = line.rpartition(" ")
        if not stack_text or not count_text.isdigit() or LOOP_MARKER not in stack_text:
            continue
        count = int(count_text)
        frames = stack_text.split(";")
        leaf = _FRAME.match(frames[-1])
        path = leaf.group("file") if leaf else frames[-1]
        function = leaf.group("function") if leaf else frames[-1]
        profile.samples += count
        profile.layers[layer_of(path)] += count
        profile.leaf_functions[f"{function} ({path})"] += count
        # Inclusive time of our functions (each counted once per sample even when recursive).
        seen: set[str] = set()
        for frame in frames:
            match = _FRAME.match(frame)
            if match and match.group("file").startswith(OURS):
                key = f"{match.group('function')} ({match.group('file')})"
                if key not in seen:
                    seen.add(key)
                    profile.own_inclusive[key] += count
    return profile


def record(worker_args: Sequence[str], out: Path, *, rate: int = RATE_HZ, timeout: float = 300.0) -> Profile:
    """Run ``python -m bench.percall WORKER_ARGS`` under ``py-spy record`` and parse its samples."""
    py_spy = Path(PYTHON).with_name("py-spy")
    if not py_spy.exists():
        raise RuntimeError("py-spy is not installed (requirements-dev.txt pins it; run make install)")
    out.parent.mkdir(parents=True, exist_ok=True)
    argv = [
        str(py_spy),
        "record",
        "--rate",
        str(rate),
        "--format",
        "raw",
        "--output",
        str(out),
        "--",
        PYTHON,
        "-m",
        "bench.percall",
        *worker_args,
    ]
    completed = subprocess.run(
        argv, cwd=ROOT, env=child_env(), capture_output=True, text=True, timeout=timeout, check=False
    )
    if completed.returncode != 0 or not out.exists():
        raise RuntimeError(f"py-spy failed ({completed.returncode}): {(completed.stderr or completed.stdout)[-1500:]}")
    return parse_raw(out.read_text(encoding="utf-8"))


def summary_text(variant: str, profile: dict[str, Any]) -> str:
    """A short text report of one profile (written next to RESULTS.md)."""
    lines = [f"py-spy profile of the per-call loop: {variant} ({profile['samples']} on-CPU samples)", ""]
    for title, key in (
        ("Self time by layer", "layers"),
        ("Top functions by self time", "top_self"),
        ("Our functions by self time", "top_own_self"),
        ("Our functions by inclusive time", "own_inclusive"),
    ):
        lines.append(title + ":")
        for entry in profile[key]:
            us = f"{entry['us_per_call']:8.1f} us/call" if "us_per_call" in entry else ""
            lines.append(f"  {entry['share'] * 100:5.1f}% {us}  {entry['name']}")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover - manual use: python -m bench.profiling RAWFILE
    print(summary_text(sys.argv[1], parse_raw(Path(sys.argv[1]).read_text()).as_dict(None)))
