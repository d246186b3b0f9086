"""Renders ``results.json`` of a run as ``RESULTS.md``, and checks a smoke run's figures."""

from __future__ import annotations

import math
from typing import Any

GOAL_OVERHEAD = 1.10
GOAL_BUDGET_SHARE = 0.95
GOAL_MOCK_ITEMS_PER_S = 5000


def _f(value: Any, digits: int = 1, suffix: str = "") -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "n/a"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}{suffix}"
    return f"{value:,.{digits}f}{suffix}"


def _spread(spread: dict[str, Any] | None, digits: int = 1, scale: float = 1.0) -> str:
    if not spread:
        return "n/a"
    return (
        f"{spread['median'] * scale:,.{digits}f} "
        f"({spread['min'] * scale:,.{digits}f}-{spread['max'] * scale:,.{digits}f})"
    )


def _pct(value: Any, digits: int = 1) -> str:
    return "n/a" if value is None else f"{value * 100:.{digits}f} %"


def _status(ok: bool | None, noisy: bool = False) -> str:
    if ok is None:
        return "n/a"
    return ("**met**" if ok else "**missed**") + (" (busy machine: confirm on a quiet one)" if noisy else "")


def _median(variants: dict[str, Any], name: str, key: str = "cpu_us_per_call") -> float | None:
    entry = variants.get(name)
    return None if not entry else float(entry[key]["median"])


def render(results: dict[str, Any]) -> str:
    out: list[str] = []
    add = out.append
    plan = results["plan"]
    machine = results["machine"]
    cpus = machine.get("cpus") or 1
    add("# Benchmark results")
    add("")
    add(
        f"Written by `{results['command']}`; do not edit by hand. Method and how to read it: [CONTRIBUTING.md](../CONTRIBUTING.md#benchmarks)."
    )
    add("")
    busy = any(float(v.split()[0]) > 0.5 * cpus for v in (results["loadavg_start"], results["loadavg_end"]) if v)
    add(f"- **Run**: {results['started']}, {results['duration_s']:.0f} s, plan `{plan['name']}`")
    git = results["git"]
    add(f"- **Code**: commit `{git['commit']}` with {git['changed_files']} changed or untracked file(s) in the tree")
    add(
        f"- **Machine**: {machine['cpu']}, {machine['cpus']} CPUs, {machine['memory']} RAM; {machine['platform']}; "
        f"{machine['implementation']} {machine['python']}"
    )
    add(
        f"- **Load average** (1, 5, 15 min): {results['loadavg_start']} at the start, {results['loadavg_end']} at the end"
    )
    if busy:
        add("- **Warning**: the machine was busy (load average above half the CPUs): figures are noisy.")
    versions = results.get("versions", {})
    add("- **Versions**: " + ", ".join(f"{name} {version}" for name, version in versions.items()))
    og = results.get("ogen", {})
    if "version" in og:
        add(f"- **openapi-generator**: `{og['command']}` ({og['seconds']:.1f} s)")
    add("")

    percall = results.get("percall", {})
    variants: dict[str, Any] = percall.get("variants", {})
    token = results.get("token", {})
    bulk = results.get("bulk", {})

    # ------------------------------------------------------------------ goals
    add("## Goals")
    add("")
    add("| Goal | Figure | Status |")
    add("|---|---|---|")
    hm_ratio = variants.get("heymarket", {}).get("ratio_to_httpx")
    overhead_ok = None if not hm_ratio else hm_ratio["median"] <= GOAL_OVERHEAD
    hm_min_ratio = variants.get("heymarket", {}).get("ratio_of_minimums")
    add(
        "| Client CPU per call within 10 % of raw httpx, every runtime layer on | "
        f"heymarket / httpx = {_spread(hm_ratio, 2)} (median (min-max) of {percall.get('rounds', 0)} rounds; "
        f"fastest rounds: {_f(hm_min_ratio, 2)}) | {_status(overhead_ok, busy)} |"
    )
    tokens_seen = variants.get("heymarket", {}).get("tokens_seen_max")
    calls_per_run = variants.get("heymarket", {}).get("server_requests_per_run")
    run_wall = variants.get("heymarket", {}).get("wall_s_per_run_max")
    token_ok = None
    if tokens_seen is not None and run_wall is not None:
        token_ok = tokens_seen <= 1 + int(run_wall // 240)
    saving = token.get("saving_us_per_request")
    add(
        f"| One JWT signature per reuse window, not per request | {_f(tokens_seen)} distinct token(s) in each run of "
        f"{_f(calls_per_run)} calls; signing every request would cost {_spread(saving)} us more per call | "
        f"{_status(token_ok)} |"
    )
    budget = bulk.get("budget", {}) if bulk.get("available") else {}
    share = budget.get("share")
    budget_ok = None if share is None else (share >= GOAL_BUDGET_SHARE and budget.get("server_429", 1) == 0)
    add(
        "| Bulk import uses >= 95 % of the rate budget with no 429 | "
        + (
            f"{_pct(share)} of the budget over whole windows, {_f(budget.get('server_429'))} answers 429 |"
            if budget
            else f"not available: {bulk.get('reason', 'not run')} |"
        )
        + f" {_status(budget_ok)} |"
    )
    mock = results.get("mock", {})
    mock_rate = mock.get("items_per_s") if mock.get("available") else None
    mock_ok = None if mock_rate is None or mock.get("items") != 1000 else mock_rate >= GOAL_MOCK_ITEMS_PER_S
    add(
        f"| The stand-in validates and creates >= {GOAL_MOCK_ITEMS_PER_S:,} batch items/s (1,000-item batch) | "
        + (
            f"{mock_rate:,.0f} items/s ({mock['items']:,}-item batches, median of {mock['batches']}) |"
            if mock_rate
            else f"not available: {mock.get('reason', 'not run')} |"
        )
        + f" {_status(mock_ok, busy)} |"
    )
    core = results.get("core_imports", {})
    core_ratio = core.get("ratio")
    core_ok = None if not core_ratio else core_ratio["median"] <= core["goal"] and not core["extras_installed"]
    add(
        "| `import heymarket` <= 1.8x `import httpx`, in a venv with only the core install | "
        + (
            f"heymarket / httpx = {_spread(core_ratio, 2)} (median (min-max) of {core_ratio['n']} rounds); "
            f"extras installed: {', '.join(core['extras_installed']) or 'none'} |"
            if core_ratio
            else f"not available: {core.get('error', 'not run')[-300:]} |"
        )
        + f" {_status(core_ok, busy)} |"
    )
    og_ratio = _median(variants, "heymarket")
    og_cpu = _median(variants, "ogen")
    add(
        "| Where we stand against the openapi-generator client (urllib3) | "
        + (f"heymarket / ogen = {og_ratio / og_cpu:.2f} (CPU per call, medians) |" if og_ratio and og_cpu else "n/a |")
        + " measured |"
    )
    add("")

    # ------------------------------------------------------------------ 1. per call
    add("## 1. Per-call overhead (createContact, sequential, keep-alive)")
    add("")
    add(
        f"{percall.get('calls', 0):,} calls after {percall.get('warmup', 0):,} warm-up calls, per variant and round, each "
        f"in a fresh process; {percall.get('rounds', 0)} rounds with the order rotated each round (the ablations: "
        "the first round only). CPU is "
        "`time.process_time()` of the client process around the loop (the loopback server runs in another process); "
        "ratios are taken within each round, then summarised. Median (min-max) over rounds."
    )
    add("")
    add(
        "| Variant | CPU us/call | IQR | ratio to httpx | ratio of fastest rounds | wall us/call | Python calls/request |"
    )
    add("|---|---|---|---|---|---|---|")
    for name, entry in variants.items():
        cpu = entry["cpu_us_per_call"]
        add(
            f"| `{name}` | {_spread(cpu)} | {cpu['q1']:,.1f}-{cpu['q3']:,.1f} | {_spread(entry['ratio_to_httpx'], 2)} | "
            f"{_f(entry.get('ratio_of_minimums'), 2)} | {_f(entry['wall_us_per_call']['median'])} | "
            f"{_f(entry.get('python_calls_per_request'), 0)} |"
        )
    add("")
    add(
        "`httpx`: hand-rolled `httpx.Client.post` with a prebuilt body and headers, then `.json()`. `heymarket`: "
        "`create_client()` defaults (JWT auth, retries, rate limiter with an unreachable budget, typed errors, "
        "logging as shipped) and `create_contact.sync`. `generated`: the generated client with a static token and no "
        "runtime layer. `ogen`: openapi-generator's client (urllib3, pydantic). `urllib3`: hand-rolled "
        "`HTTPConnectionPool.request`. Ablations: `heymarket-nolimiter` (`rate_limit=None`), `heymarket-noretry` "
        "(`retries=0`), `heymarket-bare` (both, and `raise_errors=False`), `jwt-only` (generated client with "
        "`HeymarketJWTAuth`, no runtime transport). Prototypes (`bench/prototypes.py`, not shipped): `heymarket-urllib3` "
        "(`heymarket` with httpx's transport replaced by one on urllib3), `heymarket-nocookies` (`heymarket` with a "
        "cookie jar that ignores cookies). Ratio of fastest rounds: the variant's fastest round over httpx's fastest "
        "(noise only adds time). Python calls/request is counted with cProfile (deterministic)."
    )
    add("")
    deltas = [
        ("generated code over raw httpx", "generated", "httpx"),
        ("all our runtime layers (heymarket over generated)", "heymarket", "generated"),
        ("JWT auth flow (jwt-only over generated)", "jwt-only", "generated"),
        ("send wrapper without retries, limiter, typed errors (bare over jwt-only)", "heymarket-bare", "jwt-only"),
        ("rate limiter (heymarket over nolimiter)", "heymarket", "heymarket-nolimiter"),
        ("retry bookkeeping (heymarket over noretry)", "heymarket", "heymarket-noretry"),
    ]
    rows = []
    for label, left, right in deltas:
        a, b = _median(variants, left), _median(variants, right)
        ca = variants.get(left, {}).get("python_calls_per_request")
        cb = variants.get(right, {}).get("python_calls_per_request")
        if a is None or b is None:
            continue
        calls = f"{ca - cb:+,.0f}" if ca is not None and cb is not None else "n/a"
        rows.append(f"| {label} | {a - b:+,.1f} | {calls} |")
    if rows:
        add(
            "Where the difference comes from (CPU: differences of medians, ablations from one round, so indicative only; the call counts are exact):"
        )
        add("")
        add("| Layer | CPU us/call | Python calls/request |")
        add("|---|---|---|")
        out.extend(rows)
        add("")

    profiles: dict[str, Any] = percall.get("profiles", {})
    if profiles:
        add("### Profiles (py-spy, on-CPU samples of the timed loop)")
        add("")
        add(
            "Self time by layer, as a share of the samples and as us/call (share x the variant's median CPU per "
            "call). Socket calls (send, recv) count as self time of the library that makes them; py-spy counts "
            "a thread blocked in recv as idle only when it can tell, so some of the recv rows may be waiting. "
            "Full listings: `bench/profiles/<variant>.txt` after a local `make bench` (not committed)."
        )
        add("")
        names = [n for n in profiles if "layers" in profiles[n]]
        layers: list[str] = []
        for name in names:
            for entry in profiles[name]["layers"]:
                if entry["name"] not in layers:
                    layers.append(entry["name"])
        if names:
            add("| Layer | " + " | ".join(f"`{n}`" for n in names) + " |")
            add("|---|" + "---|" * len(names))
            for layer in layers:
                cells = []
                for name in names:
                    found = next((e for e in profiles[name]["layers"] if e["name"] == layer), None)
                    cells.append(
                        "" if found is None else f"{found['share'] * 100:.1f} % ({found.get('us_per_call', 0):.1f})"
                    )
                add(f"| {layer} | " + " | ".join(cells) + " |")
            add("")
        own = profiles.get("heymarket", {}).get("top_own_self", [])
        if own:
            add("Our functions with the most self time in `heymarket`:")
            add("")
            add("| Function | share | us/call |")
            add("|---|---|---|")
            for entry in own[:12]:
                add(f"| `{entry['name']}` | {entry['share'] * 100:.1f} % | {entry.get('us_per_call', 0):.1f} |")
            add("")
        for name, profile in profiles.items():
            if "error" in profile:
                add(f"- profile of `{name}` not taken: {profile['error']}")
        add("")

    # ------------------------------------------------------------------ 2. token
    add("## 2. Token cost")
    add("")
    us = token.get("us_per_call", {})
    if us:
        add(
            f"CPU microseconds per call, {token['calls']:,} calls x {token['repeats']} repeats, interleaved; "
            "median (min-max)."
        )
        add("")
        add("| What | us/call |")
        add("|---|---|")
        add(f"| `sign_token` (one HS256 JWT) | {_spread(us.get('sign_token'), 2)} |")
        add(f"| auth flow per request, token reused (shipped) | {_spread(us.get('auth_reused'), 2)} |")
        add(f"| auth flow per request, signing every request | {_spread(us.get('auth_sign_every_request'), 2)} |")
        add(f"| saving per request | {_spread(token.get('saving_us_per_request'), 2)} |")
        add("")
        add(
            f"End to end, the loopback server saw {_f(tokens_seen)} distinct `Authorization` value(s) in every "
            f"`heymarket` run of {_f(calls_per_run)} calls (reuse window 240 s)."
        )
    else:
        add(f"Not run: {token.get('error', 'no result')}")
    add("")

    # ------------------------------------------------------------------ 3. bulk
    add("## 3. Bulk import (heymarket.bulk into the local stand-in)")
    add("")
    if not bulk.get("available"):
        add(f"**Not available**: {bulk.get('reason', 'not run')}.")
        naive = bulk.get("naive")
        if naive and naive.get("contacts_per_s"):
            add("")
            add(
                f"Naive loop of single creates: {naive['contacts_per_s']:,.0f} contacts/s ({naive['contacts']:,} contacts)."
            )
    else:
        b, n = bulk["bulk"], bulk["naive"]
        add(
            "The stand-in (`heymarket_mock`, its own process) with a budget it never reaches; the client from "
            "`create_client()` with every runtime layer on and its limiter at the same budget. `bulk_create_contacts` "
            "with its defaults (batch size, concurrency, outcomes kept in the report); contacts generated lazily."
        )
        add("")
        add(
            "| Run | contacts | contacts/s | wall s | client CPU us/contact | stand-in CPU us/contact | peak RSS MiB (before) |"
        )
        add("|---|---|---|---|---|---|---|")
        for label, r in (("`bulk_create_contacts`", b), ("naive loop of `create_contact.sync`", n)):
            add(
                f"| {label} | {r['contacts']:,} | {_f(r.get('contacts_per_s'), 0)} | {_f(r.get('wall_s'))} | "
                f"{_f(r.get('cpu_us_per_contact'))} | {_f(r.get('server_cpu_us_per_contact'))} | "
                f"{r['rss_peak_kib'] / 1024:,.1f} ({r['rss_before_kib'] / 1024:,.1f}) |"
            )
        add("")
        add(
            f"Bulk over naive: **{_f(bulk.get('ratio_to_naive'))}x** the contacts per second, and "
            f"{_f(bulk.get('client_cpu_ratio_naive_to_bulk'))}x less client CPU per contact. Both are bounded by the "
            "stand-in, whose CPU per contact is in the table. Bulk outcomes: "
            f"{b.get('outcomes')}; {b.get('requests')} requests, statuses seen {b.get('statuses_seen')}."
        )
        add("")
        if budget:
            add(
                f"**Rate budget**: the stand-in's budget scaled down to {budget['budget']} requests per "
                f"{budget['window_s']:g} s, the client's limiter set to the same; {budget['contacts']:,} contacts in "
                f"batches of {plan['budget_batch']} ({_f(budget.get('requests'))} requests). The share is measured "
                "over whole windows: k windows allow k x budget + 1 accepted starts to span k x window seconds."
            )
            add("")
            add("| Figure | Value |")
            add("|---|---|")
            add(f"| requests accepted (200) | {_f(budget.get('accepted'))} |")
            add(f"| answers 429 (stand-in count) | {_f(budget.get('server_429'))} |")
            add(
                f"| HTTP attempts seen by the client: statuses | {_f(budget.get('http_attempts_seen'))}: "
                f"{budget.get('statuses_seen')} |"
            )
            add(
                f"| share of the budget over whole windows | {_pct(budget.get('share'))} ({budget.get('windows')} "
                f"window(s): first {(budget.get('windows') or 0) * budget['budget'] + 1} accepted starts in "
                f"{_f(budget.get('span_s'), 2)} s) |"
            )
            add(
                f"| accepted / (budget x elapsed windows) | {_pct(budget.get('share_whole_run'))} "
                f"(elapsed {_f(budget.get('wall_s'), 2)} s) |"
            )
            add("")
    add("")

    # ------------------------------------------------------------------ 4. imports and generate
    add("## 4. Import time and `make generate`")
    add("")
    imports = results.get("imports", {})
    add(
        "Each import in a fresh interpreter, `perf_counter` around the import statement, median (min-max) of "
        f"{plan['import_repeats']} runs after a discarded one. `-X importtime`: one more run; `httpx._main` is httpx's "
        "command-line module, which `import httpx` loads whenever click, rich and pygments are installed."
    )
    add("")
    add("| Module | wall ms | CPU ms | -X importtime ms | of which httpx._main ms |")
    add("|---|---|---|---|---|")
    for entry in imports.values():
        if "error" in entry:
            add(f"| {entry['label']} | error: {entry['error'][-120:]} | | | |")
            continue
        it = entry["importtime"]
        add(
            f"| {entry['label']} | {_spread(entry['wall_ms'])} | {_spread(entry['cpu_ms'])} | "
            f"{it['cumulative_us'] / 1000:,.1f} | {it['httpx_main_us'] / 1000:,.1f} |"
        )
    add("")
    _render_core_and_testkit(results, add)
    generate = results.get("generate", {})
    if "wall_s" in generate:
        add(
            f"`{generate['command']}`: **{_spread(generate['wall_s'], 2)} s** wall (median (min-max) of "
            f"{generate['wall_s']['n']}); output identical to the committed `generated/heymarket_client`: "
            f"{_f(generate['identical_to_committed'])}."
        )
    else:
        add(f"`make generate`: error: {generate.get('error', 'not run')}")
    if "version" in og:
        add("")
        add(
            f"For comparison, openapi-generator-cli {og['version']} generates its Python client in {og['seconds']:.1f} s. "
            f"Its warnings on our spec: {'; '.join(og['warnings']) if og['warnings'] else 'none'}."
        )
    elif og:
        add("")
        add(f"openapi-generator-cli failed: {og.get('error', '')[-500:]}")
    add("")
    _render_mock(results.get("mock", {}), add)
    return "\n".join(out)


def _render_core_and_testkit(results: dict[str, Any], add: Any) -> None:
    core = results.get("core_imports", {})
    if "ratio" in core:
        walls, modules = core["wall_ms"], core["modules"]
        add(
            "**The core install** (`tools/core_venv.py`: the wheel built from this tree, installed with its core "
            f"dependencies only into a clean venv, offline): installed {', '.join(core['installed'])}. "
            "`import httpx` and `import heymarket` alternate, each in a fresh interpreter, after one discarded run "
            f"of each; {core['ratio']['n']} rounds."
        )
        add("")
        add("| Import | wall ms, median (min-max) | modules added | of the extras |")
        add("|---|---|---|---|")
        for module in ("httpx", "heymarket"):
            extras = modules[module]["extras"]
            add(
                f"| `import {module}` | {_spread(walls[module])} | {modules[module]['count']} | "
                f"{', '.join(extras) or 'none'} |"
            )
        add("")
        add(
            f"`import heymarket` / `import httpx` = **{core['ratio']['median']:.2f}** (median of the per-round ratios; "
            f"ratio of the medians {core['ratio_of_medians']:.2f}; goal <= {core['goal']})."
        )
    else:
        add(f"The core install: not available: {core.get('error', 'not run')[-500:]}")
    add("")
    kit = results.get("testkit", {})
    if kit.get("start_ms"):
        consumer = kit["consumer"]
        add(
            "**The consumer test kit** (`heymarket_mock` / `heymarket_client` fixtures of the `[testing]` extra): "
            f"starting the stand-in, once per session, {_spread(kit['start_ms'], 0)} ms (n={kit['start_ms']['n']}; "
            f"its child process imports the stand-in and loads the spec); stopping it {_spread(kit['stop_ms'], 0)} ms. "
            f"Per test: the reset {_spread(kit['reset_ms'], 2)} ms and a `heymarket_client` "
            f"{_spread(kit['client_ms'], 2)} ms (n={kit['reset_ms']['n']}). docs/testing.md's example, "
            f"{consumer['passed']} of {consumer['tests']} tests passed, ran in **{consumer['wall_s']:.2f} s** as a "
            "subprocess pytest in an empty folder (pytest's own start and this venv's other plugins included)."
        )
    else:
        add(f"The consumer test kit: not available: {kit.get('error', 'not run')}")
    add("")


def _render_mock(mock: dict[str, Any], add: Any) -> None:
    add("## 5. Stand-in: batch items per second")
    add("")
    if not mock.get("available"):
        add(f"Not available: {mock.get('reason', 'not run')}")
        add("")
        return
    add(
        f"`python -m bench.mock_batch`: the stand-in (`python -m bench.mock_runner`, its own process) is reset, then "
        f"one `POST /v1/batch/contacts` of {mock['items']:,} distinct valid contacts (every field of the vendor's "
        f"example filled) is timed from send to answer, over one keep-alive connection; {mock['batches']} timed "
        "batches after warm-up ones. Every item is validated against openapi.yaml (compiled jsonschema-rs "
        "validators), created and answered."
    )
    add("")
    wall = mock["wall_s_per_batch"]
    cpu = mock.get("server_cpu_us_per_item")
    add("| Items/s (median batch) | Items/s (fastest batch) | ms per batch, median (min-max) | stand-in CPU us/item |")
    add("|---|---|---|---|")
    add(
        f"| **{mock['items_per_s']:,.0f}** | {mock['items_per_s_best']:,.0f} | {wall['median'] * 1000:,.1f} "
        f"({wall['min'] * 1000:,.1f}-{wall['max'] * 1000:,.1f}) | {_f(cpu)} |"
    )
    add("")
    add(
        f"Still validating: a batch with one bad item answered {mock.get('bad_item_status')} "
        f"`{mock.get('bad_item_message', '')[:120]}`. For comparison, the openapi-core (pure-Python jsonschema) "
        "validation it replaced managed about 300-700 items/s on this kind of machine."
    )
    add("")


def check_smoke(results: dict[str, Any], only: frozenset[str] | None = None) -> list[str]:
    """What is missing from a smoke run's results (never how fast anything was); ``only``: the sections run."""
    problems = _missing(results)
    if only is None:
        return problems
    prefixes = tuple(prefix for section in only for prefix in _SECTION_PREFIXES[section])
    return [problem for problem in problems if problem.startswith(prefixes)]


_SECTION_PREFIXES = {
    "percall": ("per-call", "openapi-generator"),
    "token": ("token",),
    "bulk": ("bulk",),
    "startup": ("import time", "make generate", "openapi-generator"),
    "mock": ("stand-in",),
}


def _missing(results: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    if "error" in results.get("ogen", {}):
        problems.append(f"openapi-generator client: {results['ogen']['error'][-300:]}")
    variants = results.get("percall", {}).get("variants", {})
    for name in ("httpx", "heymarket", "generated", "ogen", "urllib3"):
        entry = variants.get(name)
        if not entry or not entry["cpu_us_per_call"]["median"] > 0 or not entry["ratio_to_httpx"]["median"] > 0:
            problems.append(f"per-call: no figure for {name}")
        elif entry.get("python_calls_per_request") is None:
            problems.append(f"per-call: no call count for {name}")
    if variants.get("heymarket", {}).get("tokens_seen_max") is None:
        problems.append("per-call: tokens seen not counted")
    token = results.get("token", {}).get("us_per_call", {})
    for name in ("sign_token", "auth_reused", "auth_sign_every_request"):
        if not token.get(name, {}).get("median", 0) > 0:
            problems.append(f"token: no figure for {name}")
    bulk = results.get("bulk", {})
    reason = str(bulk.get("reason", ""))
    if not bulk.get("available"):
        if "heymarket.bulk" not in reason:  # only a missing heymarket.bulk is an accepted "not available"
            problems.append(f"bulk: {reason or 'not run'}")
    else:
        for mode in ("bulk", "naive", "budget"):
            if not (bulk.get(mode) or {}).get("contacts_per_s"):
                problems.append(f"bulk: no contacts/s for {mode}")
        budget = bulk.get("budget") or {}
        if budget.get("share") is None or budget.get("server_429") is None:
            problems.append("bulk: no share of the budget or 429 count")
        if bulk.get("ratio_to_naive") is None:
            problems.append("bulk: no ratio to the naive loop")
    for module in ("heymarket_client", "heymarket_auth", "heymarket", "hm_ogen"):
        if "wall_ms" not in results.get("imports", {}).get(module, {}):
            problems.append(f"import time: no figure for {module}")
    if "wall_s" not in results.get("generate", {}):
        problems.append(f"make generate: {results.get('generate', {}).get('error', 'no figure')}")
    core = results.get("core_imports", {})
    if not core.get("ratio", {}).get("median", 0) > 0:
        problems.append(f"import time: no core-install ratio: {core.get('error', 'not run')[-300:]}")
    elif core["extras_installed"] or any(m["extras"] for m in core["modules"].values()):
        problems.append(f"import time: the core install has extras: {core['extras_installed']} {core['modules']}")
    kit = results.get("testkit", {})
    consumer = kit.get("consumer", {})
    if not kit.get("reset_ms") or consumer.get("returncode") != 0 or consumer.get("passed") != consumer.get("tests"):
        problems.append(f"import time: test kit figures missing or its example failed: {consumer.get('output', '')}")
    mock = results.get("mock", {})
    if not mock.get("available"):
        problems.append(f"stand-in: {mock.get('reason', 'not run')}")
    else:
        if not mock.get("items_per_s", 0) > 0:
            problems.append("stand-in: no items/s figure")
        if mock.get("contacts_created_last_batch") != mock.get("items"):
            problems.append("stand-in: the timed batch did not create every item")
        if mock.get("bad_item_status") != 400 or "[17].phone" not in str(mock.get("bad_item_message")):
            problems.append(f"stand-in: a bad batch item was not refused by name: {mock.get('bad_item_message')}")
    return problems
