"""Run every benchmark and write the results: ``python -m bench.run`` (``make bench``) or ``--smoke``.

Full run (``make bench``, about 20 minutes on 2 cores: the 100,000-contact import, the stand-in at 100,000
stored contacts and the valgrind counts take most of it): writes ``bench/RESULTS.md``, ``bench/results.json``
and ``bench/profiles/*.txt``. Smoke run (``make bench-smoke``, part of ``make test``): every benchmark with
tiny counts, written to a temporary folder (or ``--out``); it checks that each benchmark runs and produces
its figures, never how fast anything is.

``--only a,b --merge`` runs those sections and merges them into the existing ``results.json`` of the output
folder (``bench/`` unless ``--out`` is given), then renders ``RESULTS.md`` again from the merged results;
``results.json`` records which command produced each section, and when (``sections``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bench import instructions, ogen, percall, profiling, startup
from bench.common import PYTHON, ROOT, ServerProcess, Spread, child_env, run_worker


@dataclass(frozen=True)
class Plan:
    name: str
    calls: int
    warmup: int
    rounds: int
    count_calls: int
    profile_calls: int
    profile_variants: tuple[str, ...]
    token_calls: int
    token_repeats: int
    import_repeats: int
    generate_repeats: int
    bulk_contacts: int
    naive_contacts: int
    budget: int
    window_s: float
    budget_requests: int
    budget_batch: int
    standin_items: int
    standin_batches: int
    standin_warmup: int
    scale_sizes: tuple[int, ...]
    scale_rounds: int
    reimport: int
    instr_valgrind: bool
    instr_calls: int
    instr_warmup: int
    instr_paced: float
    instr_cpu_rounds: int


FULL = Plan(
    name="full",
    calls=2000,
    warmup=200,
    rounds=9,
    count_calls=300,
    profile_calls=3000,
    profile_variants=("heymarket", "httpx", "ogen", "urllib3", "heymarket-urllib3"),
    token_calls=10000,
    token_repeats=5,
    import_repeats=5,
    generate_repeats=3,
    bulk_contacts=100_000,
    naive_contacts=1000,
    budget=600,
    window_s=60.0,
    budget_requests=601,
    budget_batch=10,
    standin_items=1000,
    standin_batches=15,
    standin_warmup=3,
    scale_sizes=(1000, 10_000, 100_000),
    scale_rounds=15,
    reimport=50_000,
    instr_valgrind=True,
    instr_calls=200,
    instr_warmup=50,
    instr_paced=20.0,
    instr_cpu_rounds=5,
)
SMOKE = Plan(
    name="smoke",
    calls=50,
    warmup=10,
    rounds=1,
    count_calls=20,
    profile_calls=300,
    profile_variants=("heymarket",),
    token_calls=200,
    token_repeats=2,
    import_repeats=1,
    generate_repeats=1,
    bulk_contacts=500,
    naive_contacts=30,
    budget=20,
    window_s=2.0,
    budget_requests=41,
    budget_batch=5,
    standin_items=200,
    standin_batches=2,
    standin_warmup=1,
    scale_sizes=(200,),
    scale_rounds=3,
    reimport=300,
    # valgrind takes about 30 s per variant even for a few calls (start-up and imports under it), 3-4 min
    # for the seven counts: the smoke run runs the same workers without it (heymarket-resource, --pace).
    instr_valgrind=False,
    instr_calls=5,
    instr_warmup=5,
    instr_paced=20.0,
    instr_cpu_rounds=1,
)

# The per-call variants: the three the issue asks for, the urllib3 floor, and ablations of our layers.
MAIN_VARIANTS = ("httpx", "heymarket", "heymarket-resource", "generated", "ogen", "urllib3")
ABLATIONS = ("heymarket-nolimiter", "heymarket-noretry", "heymarket-bare", "jwt-only")
PROTOTYPES = ("heymarket-urllib3", "heymarket-nocookies")
HIGH_BUDGET = 1_000_000_000
OVERHEAD_GOAL = 1.10
BUDGET_GOAL = 0.95


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------- environment


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def machine() -> dict[str, Any]:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in _read("/proc/cpuinfo").splitlines() if "model name" in line), ""
    )
    mem = next(
        (line.split(":", 1)[1].strip() for line in _read("/proc/meminfo").splitlines() if "MemTotal" in line), ""
    )
    return {
        "platform": platform.platform(),
        "cpu": cpu or platform.processor(),
        "cpus": os.cpu_count(),
        "memory": mem,
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
    }


VERSIONED = (
    "heymarket-client",
    "httpx",
    "httpcore",
    "h11",
    "attrs",
    "PyJWT",
    "urllib3",
    "pydantic",
    "pydantic-core",
    "python-dateutil",
    "openapi-generator-cli",
    "openapi-python-client",
    "phonenumbers",
    "email-validator",
    "uvicorn",
    "starlette",
    "openapi-core",
    "jsonschema-rs",
    "py-spy",
)


def versions(python: str = PYTHON) -> dict[str, str]:
    code = (
        "import importlib.metadata as m, json, sys\n"
        "out = {}\n"
        "for name in sys.argv[1:]:\n"
        "    try: out[name] = m.version(name)\n"
        "    except m.PackageNotFoundError: out[name] = 'not installed'\n"
        "print(json.dumps(out))\n"
    )
    done = subprocess.run([python, "-c", code, *VERSIONED], capture_output=True, text=True, check=False)
    try:
        result: dict[str, str] = json.loads(done.stdout)
    except ValueError:
        result = {}
    return result


def git_state() -> dict[str, Any]:
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
        return done.stdout.strip()

    changed = [line for line in git("status", "--porcelain").splitlines() if line.strip()]
    return {"commit": git("rev-parse", "--short=12", "HEAD"), "changed_files": len(changed)}


def loadavg() -> str:
    return " ".join(_read("/proc/loadavg").split()[:3])


def proc_cpu_seconds(pid: int | None) -> float | None:
    """user + system CPU seconds of another process (Linux)."""
    if pid is None:
        return None
    fields = _read(f"/proc/{pid}/stat").rpartition(")")[2].split()
    if len(fields) < 13:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# ------------------------------------------------------------------------------------------------ helpers


def http_json(method: str, url: str, body: Any = None) -> Any:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def loopback_server() -> ServerProcess:
    return ServerProcess([PYTHON, "-m", "bench.loopback"])


def standin_server(window_s: float, rate_limit: int) -> ServerProcess:
    argv = [PYTHON, "-m", "bench.standin_runner", "--rate-limit", str(rate_limit), "--rate-window", str(window_s)]
    return ServerProcess(argv, timeout=120.0)


# ------------------------------------------------------------------------------------------ 1. per call


def bench_percall(plan: Plan, ogen_path: str | None, out_dir: Path) -> dict[str, Any]:
    variants = [v for v in (*MAIN_VARIANTS, *ABLATIONS, *PROTOTYPES) if v != "ogen" or ogen_path]
    runs: dict[str, list[dict[str, Any]]] = {v: [] for v in variants}
    ratios: dict[str, list[float]] = {v: [] for v in variants}
    with loopback_server() as server:
        common = ["--url", server.url, *(["--ogen-path", ogen_path] if ogen_path else [])]
        base = [*common, "--calls", str(plan.calls), "--warmup", str(plan.warmup)]
        # The ablations run in the first round only: their CPU differences are within run-to-run noise, and
        # what they are for is the (deterministic) call counts; the rounds go to the variants compared.
        timed = [v for v in variants if v not in ABLATIONS]
        for round_no in range(plan.rounds):
            pool = variants if round_no == 0 else timed
            order = pool[round_no % len(pool) :] + pool[: round_no % len(pool)]
            this_round: dict[str, float] = {}
            for variant in order:
                http_json("POST", server.url + "/__reset")
                # The first round also counts Python calls per request (after the timed loop).
                count = ["--count-calls", str(plan.count_calls)] if round_no == 0 else []
                # A fixed hash seed removes one source of process-to-process variation (dict layouts).
                result = run_worker("percall", ["--variant", variant, *base, *count], env=child_env(PYTHONHASHSEED="0"))
                stats = http_json("GET", server.url + "/__stats")
                result["server_requests"] = stats["requests"]
                result["tokens_seen"] = stats["distinct_authorization"]
                runs[variant].append(result)
                this_round[variant] = result["cpu_us_per_call"]
            for variant, cpu in this_round.items():
                ratios[variant].append(cpu / this_round[percall.BASELINE])
            log(
                f"per-call round {round_no + 1}/{plan.rounds}: "
                + ", ".join(f"{v} {c:.0f}" for v, c in this_round.items())
            )

        counts = {v: runs[v][0].get("python_calls_per_request") for v in variants}

        profiles: dict[str, Any] = {}
        for variant in plan.profile_variants:
            if variant == "ogen" and not ogen_path:
                continue
            raw = out_dir / "profiles" / f"{variant}.raw"
            args = ["--variant", variant, *common, "--calls", str(plan.profile_calls), "--warmup", "200"]
            try:
                parsed = profiling.record(args, raw)
            except (RuntimeError, subprocess.TimeoutExpired) as error:
                profiles[variant] = {"error": str(error)[-500:]}
                continue
            finally:
                raw.unlink(missing_ok=True)
            median_cpu = Spread.of([r["cpu_us_per_call"] for r in runs[variant]]).median
            profiles[variant] = parsed.as_dict(median_cpu)
            (out_dir / "profiles" / f"{variant}.txt").write_text(
                profiling.summary_text(variant, profiles[variant]), encoding="utf-8"
            )

    summary: dict[str, Any] = {}
    for variant in variants:
        cpu_values = [r["cpu_us_per_call"] for r in runs[variant]]
        wall_values = [r["wall_us_per_call"] for r in runs[variant]]
        summary[variant] = {
            "cpu_us_per_call": Spread.of(cpu_values).as_dict(),
            "wall_us_per_call": Spread.of(wall_values).as_dict(),
            "ratio_to_httpx": Spread.of(ratios[variant]).as_dict(),
            # Noise only ever adds CPU time, so the fastest round is the least disturbed one.
            "ratio_of_minimums": min(cpu_values) / min(r["cpu_us_per_call"] for r in runs[percall.BASELINE]),
            "python_calls_per_request": counts.get(variant),
            "tokens_seen_max": max(r["tokens_seen"] for r in runs[variant]),
            "server_requests_per_run": max(r["server_requests"] for r in runs[variant]),
            "wall_s_per_run_max": max(r["wall_s"] for r in runs[variant]),
        }
    return {
        "calls": plan.calls,
        "warmup": plan.warmup,
        "rounds": plan.rounds,
        "variants": summary,
        "profiles": profiles,
        "runs": runs,
    }


# ------------------------------------------------------------------------------------------ 3. bulk


def _budget_run(url: str, plan: Plan) -> dict[str, Any]:
    http_json("POST", url + "/__mock__/reset")
    http_json("POST", url + "/__mock__/config", {"rate_limit": plan.budget})
    log(f"bulk: budget run, {plan.budget_requests} requests at {plan.budget} per {plan.window_s:g} s")
    args = [
        *("--mode", "budget", "--url", url, "--requests", str(plan.budget_requests)),
        *("--batch-size", str(plan.budget_batch), "--budget", str(plan.budget), "--window", str(plan.window_s)),
    ]
    budget: dict[str, Any] = run_worker("bulk", args, timeout=1800)
    stats = http_json("GET", url + "/__mock__/stats")
    by_status = stats.get("by_status", {})
    accepted = int(stats.get("by_operation", {}).get("batchCreateContacts", {}).get("200", 0))
    budget["server_by_status"] = by_status
    budget["server_429"] = int(by_status.get("429", 0))
    budget["accepted"] = accepted
    elapsed_windows = budget["wall_s"] / plan.window_s
    budget["share_whole_run"] = accepted / (plan.budget * elapsed_windows) if elapsed_windows > 0 else None
    return budget


def bench_bulk(plan: Plan) -> dict[str, Any]:
    result: dict[str, Any] = {}
    try:
        server = standin_server(plan.window_s, HIGH_BUDGET).start()
    except RuntimeError as error:
        return {"available": False, "reason": f"the stand-in did not start: {str(error)[-600:]}"}
    try:
        high = ["--budget", str(HIGH_BUDGET), "--window", str(plan.window_s), "--url", server.url]
        for mode, count in (("bulk", plan.bulk_contacts), ("naive", plan.naive_contacts)):
            cpu0 = proc_cpu_seconds(server.pid)
            log(f"bulk: {mode} with {count:,} contacts")
            run = run_worker("bulk", ["--mode", mode, "--contacts", str(count), *high], timeout=1800)
            cpu1 = proc_cpu_seconds(server.pid)
            if cpu0 is not None and cpu1 is not None and count:
                run["server_cpu_us_per_contact"] = (cpu1 - cpu0) / count * 1e6
            result[mode] = run
        if result["bulk"].get("available") is False:
            return {
                "available": False,
                "reason": result["bulk"].get("reason", "not available"),
                "naive": result["naive"],
            }

        # Budget run: the same stand-in with its budget scaled down (reset first: data, counts, limiter).
        result["budget"] = _budget_run(server.url, plan)
    finally:
        server.stop()
    bulk_rate, naive_rate = result["bulk"].get("contacts_per_s"), result["naive"].get("contacts_per_s")
    bulk_cpu, naive_cpu = result["bulk"].get("cpu_us_per_contact"), result["naive"].get("cpu_us_per_contact")
    result["available"] = True
    result["ratio_to_naive"] = bulk_rate / naive_rate if bulk_rate and naive_rate else None
    result["client_cpu_ratio_naive_to_bulk"] = naive_cpu / bulk_cpu if bulk_cpu and naive_cpu else None
    return result


# ------------------------------------------------------------------------------------- 5. stand-in


def bench_standin(plan: Plan) -> dict[str, Any]:
    """Batch items per second through the stand-in: validation against openapi.yaml, creation, answer."""
    try:
        server = standin_server(60.0, HIGH_BUDGET).start()
    except RuntimeError as error:
        return {"available": False, "reason": f"the stand-in did not start: {str(error)[-600:]}"}
    try:
        args = [
            *("--url", server.url, "--server-pid", str(server.pid)),
            *(
                "--items",
                str(plan.standin_items),
                "--batches",
                str(plan.standin_batches),
                "--warmup",
                str(plan.standin_warmup),
            ),
        ]
        result: dict[str, Any] = run_worker("standin_batch", args)
    finally:
        server.stop()
    result["available"] = True
    return result


# ------------------------------------------------------------------------------- 6. stand-in at scale


def bench_scale(plan: Plan) -> dict[str, Any]:
    """The stand-in holding 1,000 / 10,000 / 100,000 contacts, and a re-import into a stand-in that holds them."""
    args = [
        *("--sizes", ",".join(str(size) for size in plan.scale_sizes)),
        *("--rounds", str(plan.scale_rounds), "--reimport", str(plan.reimport)),
    ]
    try:
        result: dict[str, Any] = run_worker("standin_scale", args, timeout=3600)
    except (RuntimeError, subprocess.TimeoutExpired) as error:
        return {"available": False, "reason": str(error)[-1500:]}
    result["available"] = True
    result["worker"] = "python -m bench.standin_scale " + shlex.join(args)
    return result


# ------------------------------------------------------------------------ 7. instructions per call


def bench_instructions(plan: Plan) -> dict[str, Any]:
    """Machine instructions per call under valgrind (``bench.instructions``), and the paced CPU ratio.

    Without valgrind (the smoke plan, or valgrind not installed), the same workers run without it:
    ``bench.percall --variant heymarket-resource`` and the paced CPU-time comparison (``--pace``)."""
    valgrind = shutil.which("valgrind")
    if plan.instr_valgrind and valgrind:
        args = [
            *("--calls", str(plan.instr_calls), "--warmup", str(plan.instr_warmup)),
            *("--paced", f"{plan.instr_paced:g}", "--cpu-rounds", str(plan.instr_cpu_rounds)),
        ]
        try:
            # A fixed hash seed: the same dict layouts in every counted process.
            result: dict[str, Any] = run_worker("instructions", args, timeout=3600, env=child_env(PYTHONHASHSEED="0"))
        except (RuntimeError, subprocess.TimeoutExpired) as error:
            return {"available": False, "valgrind": True, "reason": str(error)[-1500:]}
        result.update(
            available=True,
            valgrind=True,
            paced=plan.instr_paced,
            cpu_rounds=plan.instr_cpu_rounds,
            worker="python -m bench.instructions " + shlex.join(args),
        )
        return result
    result = {
        "available": True,
        "valgrind": False,
        "reason": "not installed" if not valgrind else f"skipped by the {plan.name} plan",
        "calls": plan.instr_calls,
        "warmup": plan.instr_warmup,
        "paced": plan.instr_paced,
        "cpu_rounds": plan.instr_cpu_rounds,
    }
    try:
        with loopback_server() as server:
            base = ["--url", server.url, "--calls", str(plan.instr_calls), "--warmup", str(plan.instr_warmup)]
            result["resource_run"] = run_worker("percall", ["--variant", "heymarket-resource", *base])
            result["paced_cpu"] = instructions.paced_cpu(
                server.url, plan.instr_calls, plan.instr_paced, plan.instr_cpu_rounds
            )
    except (RuntimeError, subprocess.SubprocessError, ValueError, KeyError) as error:
        return {**result, "available": False, "reason": str(error)[-1500:]}
    return result


# ------------------------------------------------------------------------------------------- the run


def _generate_ogen(tmp: Path) -> tuple[dict[str, Any], str | None]:
    try:
        generated = ogen.generate(tmp / "client")
    except (RuntimeError, subprocess.CalledProcessError) as error:
        return {"error": str(error)[-1500:]}, None
    info = {
        "version": generated.version,
        "seconds": generated.seconds,
        "warnings": list(generated.warnings),
        "command": generated.command,
    }
    return info, str(generated.path)


SECTIONS = ("percall", "token", "bulk", "startup", "standin", "scale", "instructions")
# The keys of results.json that each section writes (what --merge replaces).
SECTION_KEYS: dict[str, tuple[str, ...]] = {
    "percall": ("percall", "ogen"),
    "token": ("token",),
    "bulk": ("bulk",),
    "startup": ("imports", "generate", "core_imports", "testkit", "ogen"),
    "standin": ("standin",),
    "scale": ("scale",),
    "instructions": ("instructions",),
}
_NEEDS_OGEN = frozenset({"percall", "startup"})


def _now(at: float | None = None) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S %Z", time.localtime(at))


@contextmanager
def _section(results: dict[str, Any], name: str) -> Iterator[None]:
    """Records which command produced a section, when, in how long and on how loaded a machine (a section
    run in parts, as ``startup`` is, adds up its parts)."""
    started, load = time.time(), loadavg()
    yield
    sections: dict[str, Any] = results.setdefault("sections", {})
    entry = sections.get(name)
    if entry is None:
        sections[name] = {
            "command": results["command"],
            "plan": results["plan"]["name"],
            "started": _now(started),
            "duration_s": time.time() - started,
            "loadavg_start": load,
            "loadavg_end": loadavg(),
            "git": results["git"],
        }
    else:
        entry["duration_s"] += time.time() - started
        entry["loadavg_end"] = loadavg()


def run(plan: Plan, out_dir: Path, command: str, only: frozenset[str] = frozenset(SECTIONS)) -> dict[str, Any]:
    """Every benchmark (or those in ``only``). A full run takes them one after the other; the smoke run
    generates the openapi-generator client (about 10 s of Java) while the benchmarks that do not need it run."""
    started = time.time()
    results: dict[str, Any] = {
        "plan": asdict(plan),
        "command": command,
        "started": _now(started),
        "machine": machine(),
        "versions": versions(),
        "git": git_state(),
        "loadavg_start": loadavg(),
        "sections": {},
    }
    if "percall" in only:
        (out_dir / "profiles").mkdir(parents=True, exist_ok=True)
        for stale in (out_dir / "profiles").glob("*.txt"):
            stale.unlink()
    with tempfile.TemporaryDirectory(prefix="bench-ogen-") as tmp, ThreadPoolExecutor(1) as pool:
        pending: Future[tuple[dict[str, Any], str | None]] | None = None
        if only & _NEEDS_OGEN:
            log("generating the openapi-generator client into a temporary folder")
            pending = pool.submit(_generate_ogen, Path(tmp))
        if plan.name == "smoke":
            _independent(plan, results, only)
        ogen_path = None
        if pending is not None:
            results["ogen"], ogen_path = pending.result()
        if "percall" in only:
            log("1. per-call overhead")
            with _section(results, "percall"):
                results["percall"] = bench_percall(plan, ogen_path, out_dir)
        if "startup" in only:
            log("4. import time")
            with _section(results, "startup"):
                results["imports"] = startup.import_times(
                    plan.import_repeats, ogen_path, discard_first=plan.name != "smoke"
                )
    if plan.name != "smoke":
        _independent(plan, results, only)
    results["loadavg_end"] = loadavg()
    results["duration_s"] = time.time() - started
    return results


def _independent(plan: Plan, results: dict[str, Any], only: frozenset[str]) -> None:
    """The benchmarks that do not use the openapi-generator client."""
    if "token" in only:
        log("2. token cost")
        with _section(results, "token"):
            results["token"] = run_worker(
                "token_cost", ["--calls", str(plan.token_calls), "--repeats", str(plan.token_repeats)]
            )
    if "startup" in only:
        log("4. make generate")
        with _section(results, "startup"):
            results["generate"] = startup.generate_times(plan.generate_repeats)
            with tempfile.TemporaryDirectory(prefix="bench-core-") as tmp:
                log("4. import time in a venv with only the core install")
                results["core_imports"] = startup.core_import_ratio(plan.import_repeats * 4, Path(tmp))
                log("4. the consumer test kit (pytest plugin)")
                results["testkit"] = startup.testkit_times(plan.import_repeats, plan.import_repeats * 40, Path(tmp))
    if "bulk" in only:
        log("3. bulk")
        with _section(results, "bulk"):
            results["bulk"] = bench_bulk(plan)
    if "standin" in only:
        log(f"5. stand-in: {plan.standin_items:,}-item batches")
        with _section(results, "standin"):
            results["standin"] = bench_standin(plan)
    if "scale" in only:
        sizes = "/".join(f"{size:,}" for size in plan.scale_sizes)
        log(f"6. stand-in at {sizes} stored contacts, re-import of {plan.reimport:,}")
        with _section(results, "scale"):
            results["scale"] = bench_scale(plan)
    if "instructions" in only:
        how = "under valgrind" if plan.instr_valgrind else "without valgrind (smoke)"
        log(f"7. instructions per call {how}, paced at {plan.instr_paced:g}/s")
        with _section(results, "instructions"):
            results["instructions"] = bench_instructions(plan)


# ------------------------------------------------------------------------------------------- --merge


def _backfilled_sections(results: dict[str, Any]) -> dict[str, Any]:
    """``sections`` of a results.json written before runs recorded it: every section it holds is the whole
    run's."""
    sections: dict[str, Any] = dict(results.get("sections") or {})
    for name, keys in SECTION_KEYS.items():
        if name not in sections and any(key in results for key in keys if key != "ogen"):
            sections[name] = {
                "command": results.get("command"),
                "plan": results.get("plan", {}).get("name"),
                "started": results.get("started"),
                "duration_s": None,
                "run_duration_s": results.get("duration_s"),
                "loadavg_start": results.get("loadavg_start"),
                "loadavg_end": results.get("loadavg_end"),
                "git": results.get("git"),
            }
    return sections


def merge(existing: dict[str, Any], new: dict[str, Any], only: frozenset[str]) -> dict[str, Any]:
    """``existing`` with the sections in ``only`` replaced by those of ``new``; the run-level fields (plan,
    machine, versions, start) stay those of the run that wrote ``existing``, and ``merged`` lists the runs
    merged into it since."""
    merged = dict(existing)
    merged["sections"] = _backfilled_sections(existing)
    names = [name for name in SECTIONS if name in only]
    for name in names:
        for key in SECTION_KEYS[name]:
            if key in new:
                merged[key] = new[key]
        merged["sections"][name] = new["sections"][name]
    if merged.get("plan", {}).get("name") == new["plan"]["name"]:
        merged["plan"] = {**merged["plan"], **new["plan"]}  # the fields added since, same values otherwise
    merged["merged"] = [
        *existing.get("merged", []),
        {
            "command": new["command"],
            "started": new["started"],
            "duration_s": new["duration_s"],
            "sections": names,
            "git": new["git"],
            "versions": new["versions"],
        },
    ]
    return merged


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="tiny counts; checks that every benchmark runs")
    parser.add_argument(
        "--out", type=Path, help="output folder (default: bench/ for a full run, else a new temporary folder)"
    )
    parser.add_argument(
        "--only",
        help=f"comma-separated subset of {','.join(SECTIONS)} (written to a temporary folder unless --out is given)",
    )
    parser.add_argument(
        "--merge",
        action="store_true",
        help="with --only: merge those sections into the existing results.json of the output folder (default: "
        "bench/) and render RESULTS.md again from the merged results",
    )
    args = parser.parse_args(argv)
    plan = SMOKE if args.smoke else FULL
    only = frozenset(args.only.split(",")) if args.only else frozenset(SECTIONS)
    if only - set(SECTIONS):
        parser.error(f"--only: unknown section(s) {', '.join(sorted(only - set(SECTIONS)))}")
    if args.merge and not args.only:
        parser.error("--merge needs --only (a full run writes every section anyway)")
    partial = args.smoke or only != frozenset(SECTIONS)
    default_out = ROOT / "bench" if args.merge or not partial else Path(tempfile.mkdtemp(prefix="bench-"))
    out_dir: Path = args.out or default_out
    existing: dict[str, Any] | None = None
    if args.merge:
        try:
            existing = json.loads((out_dir / "results.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            parser.error(f"--merge: no results to merge into in {out_dir}: {error}")
        assert existing is not None
        if existing.get("plan", {}).get("name") != plan.name:
            parser.error(
                f"--merge: {out_dir / 'results.json'} is of the {existing.get('plan', {}).get('name')!r} plan, "
                f"this run of the {plan.name!r} plan"
            )
    out_dir.mkdir(parents=True, exist_ok=True)
    if argv is None:
        argv = sys.argv[1:]
    invocation = f"python -m bench.run{''.join(' ' + shlex.quote(a) for a in argv)}"
    command = invocation if args.merge else f"{'make bench-smoke' if args.smoke else 'make bench'} ({invocation})"

    from bench.report import check_smoke, render

    results = run(plan, out_dir, command, only)
    written = results if existing is None else merge(existing, results, only)
    (out_dir / "results.json").write_text(json.dumps(written, indent=1, sort_keys=True, default=str) + "\n")
    (out_dir / "RESULTS.md").write_text(render(written), encoding="utf-8")
    log(f"wrote {out_dir / 'RESULTS.md'} ({'merged, ' if existing else ''}run of {results['duration_s']:.0f} s)")
    if args.smoke:
        problems = check_smoke(results, only)
        for problem in problems:
            log(f"SMOKE FAILURE: {problem}")
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())


__all__ = ["FULL", "SECTIONS", "SMOKE", "Plan", "child_env", "main", "merge"]
