"""Benchmark 1: per-call CPU cost of one createContact call, client by client, against bench.loopback.

Worker (one fresh process per measurement)::

    python -m bench.percall --variant heymarket --url http://127.0.0.1:PORT --calls 2000 --warmup 300

builds the client, makes ``--warmup`` calls, then times ``--calls`` sequential calls with
``time.process_time()`` (CPU time of this process: user + system, all threads) and ``time.perf_counter()``,
and prints one JSON line. With ``--count-calls N`` it then also counts Python function calls per request
over N more calls (cProfile; deterministic, so comparable even on a busy machine). Profiles are taken from
outside with py-spy (``bench.profiling``).

Variants (the same contact, built once; each client serialises it, sends it, parses the answer):

* ``httpx``: hand-rolled ``httpx.Client.post`` with a prebuilt JSON body and headers, then ``response.json()``.
* ``heymarket``: ``create_client()`` with its defaults, every runtime layer on (JWT auth reusing its token,
  retries, rate limiter, typed errors, logging as shipped), and ``create_contact.sync``. The limiter's
  budget is raised to 10^9 requests a minute so that it does its bookkeeping on every call but never waits.
* ``generated``: the generated ``AuthenticatedClient`` with a static token (no runtime layer): what the
  runtime layers cost is ``heymarket`` minus this.
* ``ogen``: the client openapi-generator-cli generates (urllib3 + pydantic), bearer token in its Configuration.
* ``urllib3``: hand-rolled ``urllib3.HTTPConnectionPool.request`` (the floor under ``ogen``).

Ablations of our layers (to attribute the cost of ``heymarket`` over ``generated``):

* ``heymarket-nolimiter``: ``create_client(rate_limit=None)``; ``heymarket-noretry``: ``retries=0``;
* ``heymarket-bare``: ``retries=0, rate_limit=None, raise_errors=False`` (JWT auth and the ``send`` wrapper);
* ``jwt-only``: the generated client with ``HeymarketJWTAuth`` as its httpx auth and no runtime transport.

The resource surface: ``heymarket-resource`` is ``heymarket`` calling ``client.contacts.create(body=...)``
instead of ``create_contact.sync(client=..., body=...)``, ``generated-resource`` the same for ``generated``:
what the resource layer adds is the difference (``bench.instructions`` counts it in machine instructions).

Prototypes (``bench.prototypes``), to size possible fixes: ``heymarket-urllib3`` is ``heymarket`` (every layer
on) with httpx's transport replaced by ``Urllib3Transport`` (what the client would cost on urllib3, the
openapi-generator client's HTTP library); ``heymarket-nocookies`` is ``heymarket`` with a cookie jar that
ignores cookies (the API sets none, but httpx parses every response for them).
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
from collections.abc import Callable
from typing import Any

from bench.common import SECRET_ID, SECRET_KEY, emit

VARIANTS = (
    "httpx",
    "heymarket",
    "generated",
    "ogen",
    "urllib3",
    "heymarket-nolimiter",
    "heymarket-noretry",
    "heymarket-bare",
    "jwt-only",
    "heymarket-urllib3",
    "heymarket-nocookies",
    "heymarket-resource",
    "generated-resource",
)
BASELINE = "httpx"
CONTACT = {"phone": "15105553344", "first": "Ada", "last": "Lovelace", "email": "ada@example.com"}
PATH = "/v1/contact"
UNBOUNDED_BUDGET = 10**9


def _static_token() -> str:
    from heymarket import sign_token

    return sign_token(SECRET_ID, SECRET_KEY, int(time.time()))


def build(
    variant: str, url: str, ogen_path: str | None, pace: float = 0.0
) -> tuple[Callable[[], Any], Callable[[], None]]:
    """(one call, close). ``pace`` > 0: calls per second, paced as ``create_client``'s limiter paces them
    once its budget is spent (each call waits for its permit); ``httpx`` then sleeps the same interval."""
    call, close = _build(variant, url, ogen_path, pace)
    if pace <= 0 or variant.startswith("heymarket"):
        return call, close
    interval = 1.0 / pace

    def paced() -> Any:
        time.sleep(interval)
        return call()

    return paced, close


def _build(variant: str, url: str, ogen_path: str | None, pace: float) -> tuple[Callable[[], Any], Callable[[], None]]:
    if variant == "httpx":
        import httpx

        client = httpx.Client(base_url=url)
        body = json.dumps(CONTACT).encode()
        headers = {"Authorization": f"Bearer {_static_token()}", "Content-Type": "application/json"}

        def call_httpx() -> Any:
            response = client.post(PATH, content=body, headers=headers)
            response.raise_for_status()
            return response.json()

        return call_httpx, client.close

    if variant.startswith("heymarket") or variant in ("generated", "generated-resource", "jwt-only"):
        from heymarket import HeymarketJWTAuth, RateLimit, create_client
        from heymarket_client import AuthenticatedClient
        from heymarket_client.api.contacts_v1 import create_contact
        from heymarket_client.models import ContactRequest, MutationResult

        options: dict[str, Any] = {"rate_limit": RateLimit(requests=UNBOUNDED_BUDGET, per_seconds=60.0)}
        if variant in ("heymarket-nolimiter", "heymarket-bare"):
            options["rate_limit"] = None
        if variant in ("heymarket-noretry", "heymarket-bare"):
            options["retries"] = 0
        if variant == "heymarket-bare":
            options["raise_errors"] = False
        if pace > 0:
            # One permit per interval: the limiter's sliding window then makes every call wait its turn, as
            # the default 500-per-minute budget does once it is spent (at a rate a benchmark can wait for).
            options["rate_limit"] = RateLimit(requests=1, per_seconds=1.0 / pace)
        if variant == "heymarket-urllib3":
            from bench.prototypes import Urllib3Transport

            options["httpx_args"] = {"transport": Urllib3Transport()}
        hm: AuthenticatedClient
        if variant.startswith("heymarket"):
            hm = create_client(secret_id=SECRET_ID, secret_key=SECRET_KEY, base_url=url, **options)
            if variant == "heymarket-nocookies":
                from bench.prototypes import NullCookieJar

                hm.get_httpx_client().cookies = NullCookieJar()
        elif variant == "jwt-only":
            auth = HeymarketJWTAuth(SECRET_ID, SECRET_KEY)
            hm = AuthenticatedClient(base_url=url, token="unused", httpx_args={"auth": auth})
        else:
            hm = AuthenticatedClient(base_url=url, token=_static_token())
        contact = ContactRequest.from_dict(CONTACT)

        def call_heymarket() -> Any:
            result = create_contact.sync(client=hm, body=contact)
            if not isinstance(result, MutationResult):
                raise RuntimeError(f"unexpected answer {result!r}")
            return result

        def call_resource() -> Any:
            result = hm.contacts.create(body=contact)
            if not isinstance(result, MutationResult):
                raise RuntimeError(f"unexpected answer {result!r}")
            return result

        return (call_resource if variant.endswith("-resource") else call_heymarket), hm.get_httpx_client().close

    if variant == "ogen":
        if not ogen_path:
            raise SystemExit("--ogen-path is required for the ogen variant")
        sys.path.insert(0, ogen_path)
        ogen: Any = importlib.import_module("hm_ogen")
        configuration = ogen.Configuration(host=url, access_token=_static_token())
        api_client = ogen.ApiClient(configuration)
        api = ogen.ContactsV1Api(api_client)
        request = ogen.ContactRequest.from_dict(CONTACT)
        mutation_result = ogen.MutationResult

        def call_ogen() -> Any:
            result = api.create_contact(request)
            if not isinstance(result, mutation_result):
                raise RuntimeError(f"unexpected answer {result!r}")
            return result

        def close_ogen() -> None:
            api_client.rest_client.pool_manager.clear()

        return call_ogen, close_ogen

    if variant == "urllib3":
        import urllib3

        host, _, port = url.removeprefix("http://").partition(":")
        pool = urllib3.HTTPConnectionPool(host, int(port), maxsize=1)
        body = json.dumps(CONTACT).encode()
        headers = {"Authorization": f"Bearer {_static_token()}", "Content-Type": "application/json"}

        def call_urllib3() -> Any:
            response = pool.request("POST", PATH, body=body, headers=headers)
            if response.status != 200:
                raise RuntimeError(f"HTTP {response.status}")
            return json.loads(response.data)

        return call_urllib3, pool.close

    raise SystemExit(f"unknown variant {variant!r}; choose from {', '.join(VARIANTS)}")


def _time(call: Callable[[], Any], calls: int) -> dict[str, Any]:
    if calls == 0:  # bench.instructions' start-up run
        return {}
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for _ in range(calls):
        call()
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    return {"cpu_s": cpu, "wall_s": wall, "cpu_us_per_call": cpu / calls * 1e6, "wall_us_per_call": wall / calls * 1e6}


def _count(call: Callable[[], Any], calls: int) -> dict[str, Any]:
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(calls):
        call()
    profiler.disable()
    stats: Any = pstats.Stats(profiler)
    return {"python_calls_per_request": stats.total_calls / calls}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.percall", description=__doc__.split("\n\n")[0])
    parser.add_argument("--variant", required=True, choices=VARIANTS)
    parser.add_argument("--url", required=True)
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--warmup", type=int, default=300)
    parser.add_argument("--ogen-path")
    parser.add_argument("--count-calls", type=int, default=0, help="then count Python calls over this many calls")
    parser.add_argument("--pace", type=float, default=0.0, help="calls per second, paced (0: as fast as possible)")
    args = parser.parse_args(argv)

    call, close = build(args.variant, args.url, args.ogen_path, args.pace)
    try:
        for _ in range(args.warmup):
            call()
        result = _time(call, args.calls)
        if args.count_calls:
            result.update(_count(call, args.count_calls))
    finally:
        close()
    emit({"variant": args.variant, "calls": args.calls, "warmup": args.warmup, "pace": args.pace, **result})


if __name__ == "__main__":
    main()
