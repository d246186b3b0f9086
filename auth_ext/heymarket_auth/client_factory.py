"""Builds a generated ``heymarket_client.AuthenticatedClient`` wired to Heymarket auth and to the
runtime layer (retries, rate limiter, typed errors, logging, User-Agent)."""

import functools
import math
import os
import ssl
from collections.abc import Mapping
from typing import Any

import httpx

from heymarket_client import AuthenticatedClient

from . import logs
from .api_key_auth import HeymarketAPIKeyAuth
from .credentials import require_secret_text
from .errors import HeymarketConfigError
from .jwt_auth import HeymarketJWTAuth
from .rate_limit import RateLimit, credential_key, shared_limiter
from .retry_policy import RetryPolicy
from .runtime_client import HeymarketAsyncHTTPClient, HeymarketHTTPClient, RuntimeOptions
from .timing import DEFAULT_TIMING, Timing

ENV_SECRET_ID = "HEYMARKET_SECRET_ID"
ENV_SECRET_KEY = "HEYMARKET_SECRET_KEY"
ENV_API_KEY = "HEYMARKET_API_KEY"
ENV_BASE_URL = "HEYMARKET_BASE_URL"

DEFAULT_BASE_URL = "https://api.heymarket.com"
DEFAULT_TIMEOUT_SECONDS = 30.0

# AuthenticatedClient requires a token and puts it in a static Authorization
# header; the httpx auth flow overwrites that header on every request. This
# value is shown by the client's attrs repr, so it must never be a secret.
PLACEHOLDER_TOKEN = "placeholder-replaced-by-heymarket-auth"

# Frozen, so one shared default instance is safe.
DEFAULT_RETRY_POLICY = RetryPolicy()
DEFAULT_RATE_LIMIT = RateLimit()

# Fields of AuthenticatedClient that only make sense for a static token.
_RESERVED_KWARGS = ("token", "prefix", "auth_header_name")


def create_client(
    *,
    secret_id: str | None = None,
    secret_key: str | None = None,
    api_key: str | None = None,
    base_url: str | None = None,
    timeout: float | httpx.Timeout = DEFAULT_TIMEOUT_SECONDS,
    retries: RetryPolicy | int | None = DEFAULT_RETRY_POLICY,
    retry_unsafe: bool = False,
    rate_limit: RateLimit | None = DEFAULT_RATE_LIMIT,
    raise_errors: bool = True,
    timing: Timing = DEFAULT_TIMING,
    **kwargs: Any,
) -> AuthenticatedClient:
    """Return an ``AuthenticatedClient`` that authenticates every request to Heymarket.

    Credentials:

    - If any of ``secret_id``, ``secret_key`` or ``api_key`` is passed, only the
      arguments are used. Otherwise they are read from ``HEYMARKET_SECRET_ID``,
      ``HEYMARKET_SECRET_KEY`` and ``HEYMARKET_API_KEY`` (empty variables count as
      unset).
    - When both a Secret ID/Secret Key pair and an API key are configured, the
      JWT pair wins and the API key is ignored.
    - A Secret ID without a Secret Key (or the reverse) is an error, as is having
      no credentials at all (:class:`HeymarketConfigError`).

    With JWT auth every request carries a token signed at most 4 minutes earlier,
    and a 401 is retried once with a newly signed token (see :class:`HeymarketJWTAuth`).

    ``base_url`` defaults to ``HEYMARKET_BASE_URL``, then to
    ``https://api.heymarket.com``. ``timeout`` is in seconds or an ``httpx.Timeout``.

    Runtime behaviour (docs/runtime.md):

    - ``retries``: a :class:`RetryPolicy`, or the number of retries (0 or ``None`` turns
      them off).
      Retry-safe operations are retried on connection errors, timeouts, 429, 500, 502,
      503 and 504; creates only on 429 and when the request was never sent, unless
      ``retry_unsafe=True``.
    - ``rate_limit``: the client-side budget (default 500 requests per 60 s), shared by
      every client of the process with the same credential and base URL; ``None`` turns
      it off.
    - ``raise_errors``: raise a :class:`HeymarketError` subclass for every status >= 400
      and for connection failures and timeouts; ``False`` returns error responses as the
      generated client does.
    - ``timing``: clocks, sleeps and the jitter source, replaceable for tests.

    Other keyword arguments go to ``AuthenticatedClient`` (``headers``, ``cookies``,
    ``verify_ssl``, ``follow_redirects``, ``raise_on_unexpected_status``, ``httpx_args`` ...).
    ``httpx_args`` is given to both the sync and the async httpx client, so a
    ``transport`` in it must support both (like ``httpx.MockTransport``).

    The httpx clients are installed with ``set_httpx_client`` / ``set_async_httpx_client``.
    Copies made by ``with_headers`` / ``with_cookies`` / ``with_timeout`` build plain httpx
    clients (authenticated, but without retries, rate limit or typed errors): pass such
    settings to ``create_client`` instead.
    """
    for name in _RESERVED_KWARGS:
        if name in kwargs:
            raise TypeError(f"create_client() sets {name!r} itself; do not pass it")
    httpx_args = dict(kwargs.pop("httpx_args", None) or {})
    if "auth" in httpx_args:
        raise TypeError("create_client() sets httpx_args['auth'] itself; pass credentials instead")
    _check_transports(httpx_args)

    if not isinstance(timing, Timing):
        raise HeymarketConfigError(f"timing must be a Timing, not {type(timing).__name__}")
    auth, credential = _auth_from_arguments_or_env(secret_id, secret_key, api_key, timing)
    resolved_url = _resolve_base_url(base_url)
    resolved_timeout = _as_timeout(timeout)
    policy = _as_retry_policy(retries)
    limiter = None
    if rate_limit is not None:
        if not isinstance(rate_limit, RateLimit):
            raise HeymarketConfigError(f"rate_limit must be a RateLimit or None, not {type(rate_limit).__name__}")
        limiter = shared_limiter(credential, _origin(resolved_url), rate_limit, timing)
    runtime = RuntimeOptions(
        retry=policy,
        retry_unsafe=bool(retry_unsafe),
        raise_errors=bool(raise_errors),
        limiter=limiter,
        timing=timing,
    )
    logs.configure_from_env()

    client = AuthenticatedClient(
        base_url=resolved_url,
        token=PLACEHOLDER_TOKEN,
        timeout=resolved_timeout,
        # Kept so that with_headers()/with_timeout() copies still authenticate.
        httpx_args={"auth": auth, **httpx_args},
        **kwargs,
    )
    # set_httpx_client bypasses the AuthenticatedClient fields, so they are applied here. The
    # static placeholder Authorization header is left out: the auth flow sets the real one.
    settings: dict[str, Any] = {
        "base_url": resolved_url,
        "headers": _headers(kwargs.get("headers")),
        "cookies": kwargs.get("cookies") or {},
        "timeout": resolved_timeout,
        "verify": _verify_setting(kwargs.get("verify_ssl", True), httpx_args),
        "follow_redirects": kwargs.get("follow_redirects", False),
        "auth": auth,
        **httpx_args,
    }
    client.set_httpx_client(HeymarketHTTPClient(runtime=runtime, **settings))
    client.set_async_httpx_client(HeymarketAsyncHTTPClient(runtime=runtime, **settings))
    return client


def _headers(extra: Mapping[str, str] | None) -> httpx.Headers:
    headers = httpx.Headers({"User-Agent": logs.user_agent()})
    headers.update(extra or {})  # case-insensitive: a caller's user-agent replaces ours
    return headers


def _verify_setting(verify: Any, httpx_args: Mapping[str, Any]) -> Any:
    """The default certificate check as one shared SSLContext, else ``verify`` unchanged.

    Loading the CA bundle is most of the time create_client takes (and each httpx client would
    load its own); an SSLContext is safe to share between clients and threads. The cache
    is keyed by the variables httpx reads when trust_env is on, so changing them takes effect.
    """
    if verify is not True or not httpx_args.get("trust_env", True):
        return verify
    return _default_ssl_context(os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR"))


@functools.lru_cache(maxsize=4)
def _default_ssl_context(cert_file: str | None, cert_dir: str | None) -> ssl.SSLContext:
    return httpx.create_ssl_context(verify=True, trust_env=True)


def _as_retry_policy(retries: RetryPolicy | int | None) -> RetryPolicy:
    if isinstance(retries, RetryPolicy):
        return retries
    if retries is None:
        return RetryPolicy(max_retries=0)
    if isinstance(retries, bool) or not isinstance(retries, int):
        raise HeymarketConfigError(f"retries must be a RetryPolicy or an int, not {type(retries).__name__}")
    return RetryPolicy(max_retries=retries)


def _origin(base_url: str) -> str:
    url = httpx.URL(base_url)
    return f"{url.scheme}://{url.netloc.decode('ascii')}"


def _auth_from_arguments_or_env(
    secret_id: str | None, secret_key: str | None, api_key: str | None, timing: Timing
) -> tuple[httpx.Auth, str]:
    """The auth and a process-local fingerprint of the credential (the rate limiter's key)."""
    if secret_id is not None or secret_key is not None or api_key is not None:
        names = ("secret_id", "secret_key", "api_key")
        note = " (environment variables are not read when a credential argument is passed)"
    else:
        # Credentials come from one source only, so an explicit argument is never
        # silently outranked by a variable left over in the environment.
        secret_id = os.environ.get(ENV_SECRET_ID) or None
        secret_key = os.environ.get(ENV_SECRET_KEY) or None
        api_key = os.environ.get(ENV_API_KEY) or None
        names = (ENV_SECRET_ID, ENV_SECRET_KEY, ENV_API_KEY)
        note = ""
    id_name, key_name, api_key_name = names

    if secret_id is not None and secret_key is not None:
        # Validated here as well so that errors name the variable if it came from the env.
        require_secret_text(id_name, secret_id)
        require_secret_text(key_name, secret_key)
        # Keyed by Secret ID: two keys of one API Secret share the vendor's budget.
        return HeymarketJWTAuth(secret_id, secret_key, clock=timing.wall_clock), credential_key("jwt", secret_id)
    if secret_id is not None:
        raise HeymarketConfigError(f"{key_name} is missing but {id_name} is set{note}")
    if secret_key is not None:
        raise HeymarketConfigError(f"{id_name} is missing but {key_name} is set{note}")
    if api_key is not None:
        require_secret_text(api_key_name, api_key, header_safe=True)
        return HeymarketAPIKeyAuth(api_key), credential_key("api_key", api_key)
    raise HeymarketConfigError(
        "No Heymarket credentials: pass secret_id and secret_key (or the legacy api_key), "
        f"or set the environment variables {ENV_SECRET_ID} and {ENV_SECRET_KEY} "
        f"(or {ENV_API_KEY})"
    )


def _resolve_base_url(base_url: str | None) -> str:
    if base_url is None:
        base_url = os.environ.get(ENV_BASE_URL) or DEFAULT_BASE_URL
    # The URL is not echoed: it could carry user:password@.
    try:
        url = httpx.URL(base_url)
    except (TypeError, httpx.InvalidURL):
        raise HeymarketConfigError(f"base_url (or {ENV_BASE_URL}) is not a valid URL") from None
    if url.scheme not in ("http", "https") or not url.host:
        raise HeymarketConfigError(f"base_url (or {ENV_BASE_URL}) must be an absolute http(s) URL")
    return base_url


def _as_timeout(timeout: float | httpx.Timeout) -> httpx.Timeout:
    if isinstance(timeout, httpx.Timeout):
        return timeout
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not math.isfinite(timeout) or timeout <= 0:
        raise HeymarketConfigError(
            f"timeout must be a finite number of seconds > 0 or an httpx.Timeout, got {timeout!r}"
        )
    return httpx.Timeout(float(timeout))


def _check_transports(httpx_args: Mapping[str, Any]) -> None:
    # The same httpx_args build both httpx.Client and httpx.AsyncClient, so a
    # sync-only transport would break every async call (and the reverse).
    transports = [
        httpx_args.get("transport"),
        *dict(httpx_args.get("mounts") or {}).values(),
    ]
    for transport in transports:
        if transport is None:
            continue
        if not (isinstance(transport, httpx.BaseTransport) and isinstance(transport, httpx.AsyncBaseTransport)):
            raise HeymarketConfigError(
                "httpx_args transports are used by both the sync and the async client, "
                "so they must support both (like httpx.MockTransport); install a sync or "
                "async transport with client.set_httpx_client() or set_async_httpx_client()"
            )
