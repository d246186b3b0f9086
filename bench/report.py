"""Renders ``results.json`` of a run as ``RESULTS.md``, and checks a smoke run's figures."""

from __future__ import annotations

import math
from typing import Any

GOAL_OVERHEAD = 1.10
GOAL_BUDGET_SHARE = 0.95
GOAL_STANDIN_ITEMS_PER_S = 5000
GOAL_SCALE_GROWTH = 2.0  # per-request cost at 100,000 stored contacts over that at 1,000 (issue 19)
GOAL_REIMPORT_ROWS_PER_S = 2000  # re-import of 50,000 rows into a stand-in that holds them (issue 19)
GOAL_RESOURCE_OVERHEAD = 0.02  # instructions the resource surface adds to a call (issue 17)
GOAL_PACED_CPU = 1.10  # paced CPU per call over raw httpx paced alike (issue 21)
SCALE_SMALL, SCALE_LARGE, REIMPORT_ROWS = 1000, 100_000, 50_000
SCALE_REQUESTS = (
    ("search", "search of 100 phones"),
    ("page", "list page of 100"),
    ("batch", "batch of 100 creates"),
)
# The stand-in before the indexed store (issue 19), measured with bench/standin_scale.py on 2026-12-02.
SCALE_BEFORE_LABEL = "before (store without indexes, measured 2026-12-02)"
SCALE_BEFORE: dict[str, Any] = {
    "sizes": (1000, 10_000, 100_000),
    "search": (30.7, 278.5, 4555.0),
    "page": (7.6, 9.1, 21.9),
    "batch": (9.1, 8.4, 6.7),
    "export": (7990.0, 7914.0, 3580.0),
    "bytes_per_contact_100k": 1878.0,
    "reimport_rows_per_s": 30.8,
    "reimport_rows_per_s_issue": 26.0,
}
INSTRUCTION_VARIANTS = ("httpx", "generated", "generated-resource", "heymarket", "heymarket-resource")


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


def _ordered(mapping: dict[str, Any], order: tuple[str, ...]) -> dict[str, Any]:
    """``mapping`` with the keys in ``order`` first, in that order: results.json is written with sorted keys,
    and RESULTS.md rendered again from it (``--merge``) keeps the order of the run."""
    return {
        **{key: mapping[key] for key in order if key in mapping},
        **{key: value for key, value in mapping.items() if key not in order},
    }


def _median(variants: dict[str, Any], name: str, key: str = "cpu_us_per_call") -> float | None:
    entry = variants.get(name)
    return None if not entry else float(entry[key]["median"])


def render(results: dict[str, Any]) -> str:
    from bench.run import ABLATIONS, FULL, MAIN_VARIANTS, PROTOTYPES, SECTIONS, VERSIONED
    from bench.startup import IMPORTS

    out: list[str] = []
    add = out.append
    plan = results["plan"]
    machine = results["machine"]
    cpus = machine.get("cpus") or 1
    add("# Benchmark results")
    add("")
    versions = _ordered(results.get("versions", {}), VERSIONED)
    merged_runs: list[dict[str, Any]] = results.get("merged", [])
    then = "".join(f", then `{m['command']}` ({', '.join(m['sections'])})" for m in merged_runs)
    add(
        f"Written by `{results['command']}`{then}; do not edit by hand. Method and how to read it: [CONTRIBUTING.md](../CONTRIBUTING.md#benchmarks)."
    )
    add("")
    sections: dict[str, Any] = _ordered(results.get("sections") or {}, SECTIONS)
    busy = _busy((results["loadavg_start"], results["loadavg_end"]), cpus)
    busy_in = {name: _busy((e.get("loadavg_start"), e.get("loadavg_end")), cpus) for name, e in sections.items()}

    def busy_for(section: str) -> bool:
        """Whether the run that wrote ``section`` was on a busy machine (sections may come from several runs)."""
        return busy_in.get(section, busy)

    add(f"- **Run**: {results['started']}, {results['duration_s']:.0f} s, plan `{plan['name']}`")
    git = results["git"]
    add(f"- **Code**: commit `{git['commit']}` with {git['changed_files']} changed or untracked file(s) in the tree")
    if merged_runs:
        add("- **Sections** (which run wrote each):")
        for m in [{"command": results["command"]}, *merged_runs]:
            names = [name for name, entry in sections.items() if entry.get("command") == m["command"]]
            if not names:
                continue
            names.sort(key=lambda name: str(sections[name].get("started")))
            first = sections[names[0]]
            took = ", ".join(
                f"{name} {sections[name]['duration_s']:.0f} s"
                for name in names
                if sections[name].get("duration_s") is not None
            )
            section_git = first.get("git") or {}
            add(
                f"  - {', '.join(names)}: `{m['command']}`, {first.get('started')}"
                + (f" ({took})" if took else "")
                + f"; load average {first.get('loadavg_start')} at the start, "
                f"{sections[names[-1]].get('loadavg_end')} at the end; commit `{section_git.get('commit')}` with "
                f"{section_git.get('changed_files')} changed or untracked file(s)"
                + "".join(
                    f"; {name} {version} (not {versions.get(name)})"
                    for name, version in (m.get("versions") or {}).items()
                    if versions.get(name) != version
                )
            )
    add(
        f"- **Machine**: {machine['cpu']}, {machine['cpus']} CPUs, {machine['memory']} RAM; {machine['platform']}; "
        f"{machine['implementation']} {machine['python']}"
    )
    add(
        f"- **Load average** (1, 5, 15 min): {results['loadavg_start']} at the start, {results['loadavg_end']} at the end"
    )
    noisy = [name for name, value in busy_in.items() if value] if merged_runs else []
    if busy or noisy:
        add(
            "- **Warning**: the machine was busy (load average above half the CPUs): figures are noisy"
            + (f" (sections {', '.join(noisy)})." if noisy else ".")
        )
    add("- **Versions**: " + ", ".join(f"{name} {version}" for name, version in versions.items()))
    og = results.get("ogen", {})
    if "version" in og:
        add(f"- **openapi-generator**: `{og['command']}` ({og['seconds']:.1f} s)")
    add("")

    percall = results.get("percall", {})
    variants: dict[str, Any] = _ordered(percall.get("variants", {}), (*MAIN_VARIANTS, *ABLATIONS, *PROTOTYPES))
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
        f"fastest rounds: {_f(hm_min_ratio, 2)}) | {_status(overhead_ok, busy_for('percall'))} |"
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
    standin = results.get("standin", {})
    standin_rate = standin.get("items_per_s") if standin.get("available") else None
    standin_ok = (
        None if standin_rate is None or standin.get("items") != 1000 else standin_rate >= GOAL_STANDIN_ITEMS_PER_S
    )
    add(
        f"| The stand-in validates and creates >= {GOAL_STANDIN_ITEMS_PER_S:,} batch items/s (1,000-item batch) | "
        + (
            f"{standin_rate:,.0f} items/s ({standin['items']:,}-item batches, median of {standin['batches']}) |"
            if standin_rate
            else f"not available: {standin.get('reason', 'not run')} |"
        )
        + f" {_status(standin_ok, busy_for('standin'))} |"
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
        + f" {_status(core_ok, busy_for('startup'))} |"
    )
    _goal_rows_scale(results.get("scale", {}), busy_for("scale"), add)
    _goal_rows_instructions(results.get("instructions", {}), busy_for("instructions"), add)
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

    profiles: dict[str, Any] = _ordered(percall.get("profiles", {}), FULL.profile_variants)
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
    imports = _ordered(results.get("imports", {}), tuple(module for module, _label in IMPORTS))
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
    _render_standin(results.get("standin", {}), add)
    _render_scale(results.get("scale", {}), add)
    _render_instructions(results.get("instructions", {}), add)
    return "\n".join(out)


def _busy(loads: tuple[str | None, str | None], cpus: int) -> bool:
    return any(float(v.split()[0]) > 0.5 * cpus for v in loads if v)


# ------------------------------------------------------------------ 6. the stand-in at scale


def _scale_sizes(scale: dict[str, Any]) -> dict[int, dict[str, Any]]:
    return {int(entry["size"]): entry for entry in scale.get("sizes", [])} if scale.get("available") else {}


def scale_growth(scale: dict[str, Any]) -> dict[str, float] | None:
    """Median time per request at 100,000 stored contacts over that at 1,000, per request kind."""
    sizes = _scale_sizes(scale)
    small, large = sizes.get(SCALE_SMALL), sizes.get(SCALE_LARGE)
    if small is None or large is None:
        return None
    return {
        kind: large[kind]["wall_ms"]["median"] / small[kind]["wall_ms"]["median"]
        for kind, _label in SCALE_REQUESTS
        if small[kind]["wall_ms"]["median"] > 0
    }


def _goal_rows_scale(scale: dict[str, Any], busy: bool, add: Any) -> None:
    growth = scale_growth(scale)
    growth_ok = None if not growth else all(value <= GOAL_SCALE_GROWTH for value in growth.values())
    reason = scale.get("reason", "not run")
    add(
        f"| The stand-in's time per request at {SCALE_LARGE:,} stored contacts within {GOAL_SCALE_GROWTH:g}x of that "
        f"at {SCALE_SMALL:,} (v2 search of 100 phones, list page, batch of 100 creates) | "
        + (
            ", ".join(f"{kind} {value:.2f}x" for kind, value in growth.items())
            + f" (median ms at {SCALE_LARGE:,} / at {SCALE_SMALL:,}; {SCALE_BEFORE_LABEL}: search "
            f"{SCALE_BEFORE['search'][2] / SCALE_BEFORE['search'][0]:.0f}x) |"
            if growth
            else f"not available: {reason if not scale.get('available') else 'sizes 1,000 and 100,000 not run'} |"
        )
        + f" {_status(growth_ok, busy)} |"
    )
    again = scale.get("reimport") if scale.get("available") else None
    rate = again.get("rows_per_s") if again else None
    rate_ok = (
        None
        if rate is None or again is None or again.get("rows") != REIMPORT_ROWS
        else rate >= GOAL_REIMPORT_ROWS_PER_S
    )
    add(
        f"| Re-import of {REIMPORT_ROWS:,} rows into a stand-in that holds them (look-ups included) >= "
        f"{GOAL_REIMPORT_ROWS_PER_S:,} rows/s | "
        + (
            f"{rate:,.0f} rows/s ({again['rows']:,} rows; before: {SCALE_BEFORE['reimport_rows_per_s']:g} rows/s) |"
            if again and rate
            else f"not available: {reason} |"
        )
        + f" {_status(rate_ok, busy)} |"
    )


def _render_scale(scale: dict[str, Any], add: Any) -> None:
    add("## 6. The stand-in at the size of a real account")
    add("")
    if not scale.get("available"):
        add(f"Not available: {scale.get('reason', 'not run')}")
        add("")
        return
    sizes = _scale_sizes(scale)
    add(
        f"`{scale.get('worker', 'python -m bench.standin_scale')}`: for each size a fresh stand-in (its own "
        "process, rate limit lifted) is seeded with that many contacts (`POST /__mock__/contacts`, JSON Lines), "
        "then each request is timed from send to answer over one keep-alive connection, "
        f"{scale.get('rounds')} rounds after a warm-up one: a v2 search of 100 stored phones spread over the "
        "store, a v2 list page of 100 at a page spread over the store, and a v1 batch of 100 new contacts. Then "
        "every contact is exported through `heymarket.iter_contacts_v2` (limiter lifted, pages of 100). RSS per "
        "stored contact: the stand-in's RSS after seeding minus before, over the size. Median ms (min-max)."
    )
    add("")
    add(
        "| Store | contacts | search of 100 phones, ms | list page, ms | batch of 100 creates, ms | export, "
        "contacts/s | RSS per stored contact, B | seeding, contacts/s |"
    )
    add("|---|---|---|---|---|---|---|---|")
    for size, entry in sizes.items():
        cells = [_spread(entry[kind]["wall_ms"], 1) for kind, _label in SCALE_REQUESTS]
        export = entry.get("export", {})
        add(
            f"| now | {size:,} | " + " | ".join(cells) + f" | {_f(export.get('contacts_per_s'), 0)} | "
            f"{_f(entry.get('bytes_per_contact'), 0)} | {_f(entry.get('seed_contacts_per_s'), 0)} |"
        )
    before = SCALE_BEFORE
    add(
        f"| {SCALE_BEFORE_LABEL} | {' / '.join(f'{n:,}' for n in before['sizes'])} | "
        + " | ".join(" / ".join(f"{v:,.1f}" for v in before[kind]) for kind, _label in SCALE_REQUESTS)
        + f" | {' / '.join(f'{v:,.0f}' for v in before['export'])} | "
        f"{before['bytes_per_contact_100k']:,.0f} (at {SCALE_LARGE:,}) | n/a |"
    )
    growth = scale_growth(scale)
    if growth:
        add(
            f"| now, {SCALE_LARGE:,} over {SCALE_SMALL:,} (goal <= {GOAL_SCALE_GROWTH:g}x) | | "
            + " | ".join(f"{growth[kind]:.2f}x" for kind, _label in SCALE_REQUESTS if kind in growth)
            + " | | | |"
        )
        add(
            f"| before, {SCALE_LARGE:,} over {SCALE_SMALL:,} | | "
            + " | ".join(f"{before[kind][2] / before[kind][0]:.2f}x" for kind, _label in SCALE_REQUESTS)
            + " | | | |"
        )
    add("")
    again = scale.get("reimport")
    if again:
        counts = ", ".join(f"{k} {v:,}" for k, v in sorted(again.get("counts", {}).items())) or "none"
        add(
            f"**Re-import**: a stand-in seeded with {again['held']:,} contacts, then "
            f"`heymarket.bulk.bulk_create_contacts` (the engine of `heymarket contacts import`: batches of 100, "
            f"each followed by a look-up of the contacts that already exist) of the same {again['rows']:,} rows, "
            "limiter lifted."
        )
        add("")
        add("| Store | rows | rows/s | wall s | stand-in CPU us/row | outcomes |")
        add("|---|---|---|---|---|---|")
        add(
            f"| now | {again['rows']:,} | **{_f(again.get('rows_per_s'), 0)}** | {_f(again.get('wall_s'))} | "
            f"{_f(again.get('server_cpu_us_per_row'), 0)} | {counts} |"
        )
        add(
            f"| {SCALE_BEFORE_LABEL} | {REIMPORT_ROWS:,} | {before['reimport_rows_per_s']:g} (the issue's first "
            f"measurement: {before['reimport_rows_per_s_issue']:g}) | | | |"
        )
        add("")


# ------------------------------------------------------------------ 7. instructions per call


def _goal_rows_instructions(instr: dict[str, Any], busy: bool, add: Any) -> None:
    counted = instr.get("instructions_per_call") if instr.get("available") else None
    reason = instr.get("reason", "not run") if not counted else ""
    overhead = instr.get("heymarket_resource_overhead") if counted else None
    generated_overhead = instr.get("generated_resource_overhead") if counted else None
    overhead_ok = None if overhead is None else overhead <= GOAL_RESOURCE_OVERHEAD
    add(
        f"| The resource surface (`client.contacts.create`) adds <= {GOAL_RESOURCE_OVERHEAD * 100:g} % machine "
        "instructions to a call | "
        + (
            f"heymarket-resource / heymarket: {overhead * 100:+.2f} %; generated-resource / generated: "
            f"{_pct_signed(generated_overhead)} (valgrind cachegrind, {instr.get('calls')} calls) |"
            if overhead is not None
            else f"not available: {('valgrind ' if instr.get('available') else '') + reason} |"
        )
        + f" {_status(overhead_ok)} |"
    )
    paced = instr.get("paced_cpu") if instr.get("available") else None
    paced_ok = None
    if paced and instr.get("calls", 0) >= 100:  # not the smoke run's handful of calls
        paced_ok = paced["ratio_median"] <= GOAL_PACED_CPU
    ratio_instr = instr.get("paced_ratio_to_httpx_paced")
    add(
        f"| Client CPU per call in the default, paced setting within {GOAL_PACED_CPU * 100 - 100:.0f} % of raw "
        "httpx paced alike | "
        + (
            f"heymarket / httpx, both paced at {instr.get('paced'):g}/s = {_ratio_spread(paced['ratios'])} "
            f"(median (min-max) of {len(paced['ratios'])} round(s)); in instructions: {_f(ratio_instr, 3)} |"
            if paced
            else f"not available: {instr.get('reason', 'not run')} |"
        )
        + f" {_status(paced_ok, busy)} |"
    )


def _pct_signed(value: float | None) -> str:
    return "n/a" if value is None else f"{value * 100:+.2f} %"


def _ratio_spread(ratios: list[float]) -> str:
    ordered = sorted(ratios)
    return f"{ordered[len(ordered) // 2]:.2f} ({ordered[0]:.2f}-{ordered[-1]:.2f})" if ordered else "n/a"


def _render_instructions(instr: dict[str, Any], add: Any) -> None:
    add("## 7. Machine instructions per call (valgrind cachegrind)")
    add("")
    if not instr.get("available"):
        add(f"Not available: {instr.get('reason', 'not run')}")
        add("")
        return
    counted: dict[str, float] = _ordered(
        instr.get("instructions_per_call") or {}, (*INSTRUCTION_VARIANTS, "httpx-paced", "heymarket-paced")
    )
    if counted:
        add(
            f"`{instr.get('worker', 'python -m bench.instructions')}`: each `bench.percall` variant runs twice under "
            f"`valgrind --tool=cachegrind --cache-sim=no`, with {instr.get('calls')} calls and with none, both "
            f"after {instr.get('warmup')} warm-up calls: the difference over the calls is one call's instructions, "
            "start-up, imports and warm-up cancelled out (the loopback server runs in its own process, not traced). "
            "Deterministic to a few hundred instructions per call, so comparable on a busy machine. `-resource`: "
            "`client.contacts.create(body=...)` instead of `create_contact.sync(client=..., body=...)`. `-paced`: "
            f"{instr.get('paced'):g} calls/s, `heymarket` through `create_client`'s limiter (one permit per "
            "interval, so every call waits its turn), `httpx` sleeping the same interval before each call."
        )
        add("")
        add("| Variant | instructions/call | ratio to httpx |")
        add("|---|---|---|")
        ratios: dict[str, float] = instr.get("ratio_to_httpx") or {}
        for name, count in counted.items():
            if name.endswith("-paced"):
                base = counted.get("httpx-paced")
                ratio = count / base if base else None
                add(f"| `{name}` | {count:,.0f} | {_f(ratio, 3)} (to httpx-paced) |")
            else:
                add(f"| `{name}` | {count:,.0f} | {_f(ratios.get(name), 3)} |")
        add("")
        add(
            "Resource surface overhead (instructions): `heymarket-resource` over `heymarket` "
            f"**{_pct_signed(instr.get('heymarket_resource_overhead'))}**, `generated-resource` over `generated` "
            f"{_pct_signed(instr.get('generated_resource_overhead'))} (goal <= {GOAL_RESOURCE_OVERHEAD * 100:g} %)."
        )
        add("")
    else:
        add(
            f"valgrind {instr.get('reason', 'not run')}: the same workers ran without it (the "
            "`heymarket-resource` variant and the paced comparison), checking that they run, not what they cost."
        )
        run = instr.get("resource_run") or {}
        if run:
            add("")
            add(f"`heymarket-resource`: {run.get('calls')} calls at {_f(run.get('cpu_us_per_call'))} us CPU/call.")
        add("")
    paced = instr.get("paced_cpu")
    if paced:
        cpu = paced["cpu_us_per_call"]
        add(
            f"**Paced CPU** (`bench.instructions.paced_cpu`): `httpx` and `heymarket` paced alike at "
            f"{instr.get('paced'):g} calls/s, {instr.get('calls')} calls each after 20 warm-up calls, in fresh "
            f"processes alternating over {len(paced['ratios'])} round(s); CPU is `time.process_time()` around the "
            "loop, ratios taken within each round."
        )
        add("")
        add("| Round | httpx paced, CPU us/call | heymarket paced, CPU us/call | heymarket / httpx |")
        add("|---|---|---|---|")
        for index, (h, x) in enumerate(zip(cpu["heymarket"], cpu["httpx"], strict=True), 1):
            add(f"| {index} | {x:,.1f} | {h:,.1f} | {h / x:.2f} |")
        add("")
        add(
            f"heymarket / httpx paced: **{_ratio_spread(paced['ratios'])}** (median (min-max) of the rounds; goal "
            f"<= {GOAL_PACED_CPU:.2f}); in instructions {_f(instr.get('paced_ratio_to_httpx_paced'), 3)}."
        )
        add("")


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


def _render_standin(standin: dict[str, Any], add: Any) -> None:
    add("## 5. Stand-in: batch items per second")
    add("")
    if not standin.get("available"):
        add(f"Not available: {standin.get('reason', 'not run')}")
        add("")
        return
    add(
        f"`python -m bench.standin_batch`: the stand-in (`python -m bench.standin_runner`, its own process) is reset, then "
        f"one `POST /v1/batch/contacts` of {standin['items']:,} distinct valid contacts (every field of the vendor's "
        f"example filled) is timed from send to answer, over one keep-alive connection; {standin['batches']} timed "
        "batches after warm-up ones. Every item is validated against openapi.yaml (compiled jsonschema-rs "
        "validators), created and answered."
    )
    add("")
    wall = standin["wall_s_per_batch"]
    cpu = standin.get("server_cpu_us_per_item")
    add("| Items/s (median batch) | Items/s (fastest batch) | ms per batch, median (min-max) | stand-in CPU us/item |")
    add("|---|---|---|---|")
    add(
        f"| **{standin['items_per_s']:,.0f}** | {standin['items_per_s_best']:,.0f} | {wall['median'] * 1000:,.1f} "
        f"({wall['min'] * 1000:,.1f}-{wall['max'] * 1000:,.1f}) | {_f(cpu)} |"
    )
    add("")
    add(
        f"Still validating: a batch with one bad item answered {standin.get('bad_item_status')} "
        f"`{standin.get('bad_item_message', '')[:120]}`. For comparison, the openapi-core (pure-Python jsonschema) "
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
    "standin": ("stand-in",),
    "scale": ("scale",),
    "instructions": ("instructions",),
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
    standin = results.get("standin", {})
    if not standin.get("available"):
        problems.append(f"stand-in: {standin.get('reason', 'not run')}")
    else:
        if not standin.get("items_per_s", 0) > 0:
            problems.append("stand-in: no items/s figure")
        if standin.get("contacts_created_last_batch") != standin.get("items"):
            problems.append("stand-in: the timed batch did not create every item")
        if standin.get("bad_item_status") != 400 or "[17].phone" not in str(standin.get("bad_item_message")):
            problems.append(f"stand-in: a bad batch item was not refused by name: {standin.get('bad_item_message')}")
    problems.extend(_missing_scale(results.get("scale", {}), results.get("plan", {})))
    problems.extend(_missing_instructions(results.get("instructions", {})))
    return problems


def _missing_scale(scale: dict[str, Any], plan: dict[str, Any]) -> list[str]:
    if not scale.get("available"):
        return [f"scale: {scale.get('reason', 'not run')}"]
    problems: list[str] = []
    sizes = _scale_sizes(scale)
    for size in plan.get("scale_sizes") or sizes:
        entry = sizes.get(int(size))
        if entry is None:
            problems.append(f"scale: no figures for {size} stored contacts")
            continue
        for kind, _label in SCALE_REQUESTS:
            if not entry.get(kind, {}).get("wall_ms", {}).get("median", 0) > 0:
                problems.append(f"scale: no time per {kind} request at {size}")
        if not entry.get("export", {}).get("contacts_per_s"):
            problems.append(f"scale: no export contacts/s at {size}")
        if entry.get("bytes_per_contact") is None:
            problems.append(f"scale: no memory per stored contact at {size}")
    again = scale.get("reimport") or {}
    if not again.get("rows_per_s"):
        problems.append("scale: no re-import rows/s")
    elif sum(again.get("counts", {}).values()) != again.get("rows"):
        problems.append(f"scale: the re-import did not account for every row: {again.get('counts')}")
    return problems


def _missing_instructions(instr: dict[str, Any]) -> list[str]:
    if not instr.get("available"):
        return [f"instructions: {instr.get('reason', 'not run')}"]
    problems: list[str] = []
    if instr.get("valgrind"):
        counted = instr.get("instructions_per_call") or {}
        for name in (*INSTRUCTION_VARIANTS, "httpx-paced", "heymarket-paced"):
            if not counted.get(name, 0) > 0:
                problems.append(f"instructions: no count for {name}")
        if instr.get("heymarket_resource_overhead") is None:
            problems.append("instructions: no resource overhead")
    elif not (instr.get("resource_run") or {}).get("cpu_us_per_call", 0) > 0:
        problems.append("instructions: the heymarket-resource variant gave no figure")
    paced = instr.get("paced_cpu") or {}
    cpu = paced.get("cpu_us_per_call", {})
    if not paced.get("ratio_median", 0) > 0 or not all(cpu.get(v) for v in ("httpx", "heymarket")):
        problems.append("instructions: no paced CPU ratio")
    return problems
