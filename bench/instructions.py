"""Machine instructions per call: the per-call benchmark's workers under ``valgrind --tool=cachegrind``.

    python -m bench.instructions [--calls 200] [--warmup 50] [--variants httpx,heymarket,...]

CPU time on a shared 2-core machine drifts from run to run; the number of instructions a process executes
does not (to a few hundred per call). Each variant of ``bench.percall`` is run twice under cachegrind
(``--cache-sim=no``: instruction counts only): once with ``--calls N`` and once with ``--calls 0``, both
after the same warm-up, and ``(I refs of the first - I refs of the second) / N`` is the cost of one call
with start-up, imports and warm-up cancelled out. The server (``bench.loopback``) runs in its own process,
which valgrind does not trace. Prints one JSON line per variant and one summary line.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from bench.common import PYTHON, ROOT, ServerProcess, child_env, emit

DEFAULT_VARIANTS = ("httpx", "generated", "generated-resource", "heymarket", "heymarket-resource")
_I_REFS = re.compile(r"I\s+refs:\s+([\d,]+)")


def instructions(variant: str, url: str, calls: int, warmup: int, pace: float = 0.0) -> int:
    """Instructions executed by one worker process (all of it: start-up, warm-up and the calls)."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        raise SystemExit("valgrind is not installed (apt-get install valgrind)")
    with tempfile.TemporaryDirectory() as folder:
        done = subprocess.run(
            [
                valgrind,
                "--tool=cachegrind",
                "--cache-sim=no",
                f"--cachegrind-out-file={Path(folder) / 'out'}",
                PYTHON,
                "-m",
                "bench.percall",
                f"--variant={variant}",
                f"--url={url}",
                f"--calls={calls}",
                f"--warmup={warmup}",
                f"--pace={pace}",
            ],
            cwd=ROOT,
            env=child_env(),
            capture_output=True,
            text=True,
            timeout=1800,
        )
    if done.returncode != 0:
        raise RuntimeError(f"{variant}: the worker failed:\n{done.stdout}{done.stderr}")
    found = _I_REFS.search(done.stderr)
    if found is None:
        raise RuntimeError(f"{variant}: no 'I refs' line in valgrind's output:\n{done.stderr}")
    return int(found.group(1).replace(",", ""))


def per_call(variant: str, url: str, calls: int, warmup: int, pace: float = 0.0) -> float:
    return (instructions(variant, url, calls, warmup, pace) - instructions(variant, url, 0, warmup, pace)) / calls


def paced_cpu(url: str, calls: int, pace: float, rounds: int) -> dict[str, object]:
    """CPU time per call (``time.process_time``) of httpx and heymarket paced alike, alternating in rounds."""
    cpu: dict[str, list[float]] = {"httpx": [], "heymarket": []}
    for _ in range(rounds):
        for variant in cpu:
            done = subprocess.run(
                [
                    PYTHON,
                    "-m",
                    "bench.percall",
                    f"--variant={variant}",
                    f"--url={url}",
                    f"--calls={calls}",
                    "--warmup=20",
                    f"--pace={pace}",
                ],
                cwd=ROOT,
                env=child_env(),
                capture_output=True,
                text=True,
                timeout=1800,
                check=True,
            )
            cpu[variant].append(json.loads(done.stdout.strip().splitlines()[-1])["cpu_us_per_call"])
    ratios = sorted(h / x for h, x in zip(cpu["heymarket"], cpu["httpx"], strict=True))
    return {"cpu_us_per_call": cpu, "ratio_median": ratios[len(ratios) // 2], "ratios": ratios}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.instructions", description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--variants", default=",".join(DEFAULT_VARIANTS))
    parser.add_argument("--cpu-rounds", type=int, default=3, help="rounds of the paced CPU-time comparison")
    parser.add_argument(
        "--paced", type=float, default=0.0, help="also count httpx and heymarket paced at this many calls per second"
    )
    args = parser.parse_args(argv)
    if args.calls < 1:
        parser.error("--calls must be at least 1")
    variants = [v for v in args.variants.split(",") if v]
    results: dict[str, float] = {}
    with ServerProcess([PYTHON, "-m", "bench.loopback"]) as server:
        for variant in variants:
            results[variant] = per_call(variant, server.url, args.calls, args.warmup)
            emit({"variant": variant, "instructions_per_call": round(results[variant])})
        if args.paced > 0:
            for variant in ("httpx", "heymarket"):
                name = f"{variant}-paced"
                results[name] = per_call(variant, server.url, args.calls, args.warmup, args.paced)
                emit({"variant": name, "instructions_per_call": round(results[name])})
            paced = paced_cpu(server.url, args.calls, args.paced, args.cpu_rounds)
            emit({"paced_cpu": paced})
    summary: dict[str, object] = {"calls": args.calls, "warmup": args.warmup, "instructions_per_call": results}
    if "httpx" in results:
        summary["ratio_to_httpx"] = {v: round(n / results["httpx"], 3) for v, n in results.items() if "paced" not in v}
    if "httpx-paced" in results:
        summary["paced_ratio_to_httpx_paced"] = round(results["heymarket-paced"] / results["httpx-paced"], 3)
        summary["paced_cpu"] = paced
    for plain in ("generated", "heymarket"):
        if plain in results and f"{plain}-resource" in results:
            summary[f"{plain}_resource_overhead"] = round(results[f"{plain}-resource"] / results[plain] - 1, 4)
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
