"""Benchmark 2: what a JWT costs per request, signed every time versus reused.

Worker: ``python -m bench.token_cost --calls 20000 --repeats 7`` prints one JSON line with, in CPU
microseconds per call (median and spread over the repeats):

* ``sign_token``: ``heymarket_auth.sign_token`` alone (one HS256 signature).
* ``auth_reused``: one pass of ``HeymarketJWTAuth``'s auth flow (what httpx runs for every request: set
  ``Authorization`` on the request) while the token is within its reuse window: the shipped behaviour.
* ``auth_sign_every_request``: the same pass with a clock that jumps past the reuse window on every call,
  so every request signs a new token: what a client that signs per request pays.

The saving per request is ``auth_sign_every_request - auth_reused``. How many tokens a real run signs is
counted end to end by the per-call benchmark (distinct ``Authorization`` values seen by the server).
"""

from __future__ import annotations

import argparse
import itertools
import time
from collections.abc import Callable

import httpx

from bench.common import SECRET_ID, SECRET_KEY, Spread, emit
from heymarket import HeymarketJWTAuth, sign_token


def _per_call_us(body: Callable[[], object], calls: int) -> float:
    started = time.process_time()
    for _ in range(calls):
        body()
    return (time.process_time() - started) / calls * 1e6


def _auth_pass(auth: httpx.Auth, request: httpx.Request) -> Callable[[], httpx.Request]:
    def one() -> httpx.Request:
        flow = auth.sync_auth_flow(request)
        sent = next(flow)  # the request with Authorization set, as httpx would send it
        flow.close()
        return sent

    return one


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.token_cost", description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=20000)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args(argv)

    request = httpx.Request("POST", "http://127.0.0.1/v1/contact", content=b'{"phone":"15105553344"}')
    now = int(time.time())
    reused = HeymarketJWTAuth(SECRET_ID, SECRET_KEY)
    # Every reading of this clock is one reuse window (and a second) later than the last.
    ticks = itertools.count(now, 241)
    fresh = HeymarketJWTAuth(SECRET_ID, SECRET_KEY, clock=lambda: float(next(ticks)))
    reused_pass, fresh_pass = _auth_pass(reused, request), _auth_pass(fresh, request)
    cases: dict[str, Callable[[], object]] = {
        "sign_token": lambda: sign_token(SECRET_ID, SECRET_KEY, now),
        "auth_reused": reused_pass,
        "auth_sign_every_request": fresh_pass,
    }
    # Check that the two auth cases do what they claim before timing them.
    tokens_reused = {reused_pass().headers["Authorization"] for _ in range(5)}
    tokens_fresh = {fresh_pass().headers["Authorization"] for _ in range(5)}
    if len(tokens_reused) != 1 or len(tokens_fresh) != 5:
        raise SystemExit(f"token reuse not as expected: {len(tokens_reused)} reused, {len(tokens_fresh)} fresh")

    for body in cases.values():
        _per_call_us(body, max(1, args.calls // 10))  # warm-up
    samples: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(args.repeats):
        for name, body in cases.items():  # interleaved, so drift hits every case alike
            samples[name].append(_per_call_us(body, args.calls))
    spreads = {name: Spread.of(values).as_dict() for name, values in samples.items()}
    saving = [s - r for s, r in zip(samples["auth_sign_every_request"], samples["auth_reused"], strict=True)]
    emit(
        {
            "calls": args.calls,
            "repeats": args.repeats,
            "us_per_call": spreads,
            "saving_us_per_request": Spread.of(saving).as_dict(),
        }
    )


if __name__ == "__main__":
    main()
