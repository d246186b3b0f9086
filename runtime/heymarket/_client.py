"""``create_client``: the generated ``AuthenticatedClient``, as ``HeymarketClient``, with the runtime
(_transport.py) installed through ``httpx_args`` so that every copy keeps it."""

import functools
import math
import os
import ssl
import urllib.request
from collections.abc import Mapping
from typing import Any, Self

import httpx
from attrs import define, evolve

from heymarket_auth import HeymarketAPIKeyAuth, HeymarketConfigError, HeymarketJWTAuth
from heymarket_auth.credentials import require_secret_text
from heymarket_client import AuthenticatedClient

from . import _logs as logs
from ._errors import APIResponseValidationError, APIStatusError, response_validation_error, status_error
from ._rate_limit import RateLimit, credential_key, shared_limiter
from ._retry import RetryPolicy
from ._timing import DEFAULT_TIMING, Timing
from ._transport import ATTEMPTS_EXTENSION, HeymarketTransport, Pools, RuntimeOptions, bearer_secret

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
# httpx_args that configure the connection itself: they go to the wrapped httpx transports, since an
# httpx client given a transport ignores them (and would route a `proxy` around the runtime).
_CONNECTION_ARGS = ("cert", "http1", "http2", "limits", "proxy", "trust_env", "local_address", "retries")

# Settings the generated client hands to httpx itself (its own arguments: verify_ssl, headers...).
_CLIENT_SETTINGS = ("verify", "base_url", "headers", "cookies", "timeout", "follow_redirects")

_UNCHANGED: Any = object()


def error_of_status(response: httpx.Response) -> APIStatusError:
    """The runtime's typed error for an answer with an error status (its credential blanked out)."""
    request = response.request
    return status_error(
        status_code=response.status_code,
        content=response.content,
        headers=response.headers,
        method=request.method,
        path=request.url.path,
        secret=bearer_secret(request),
        attempts=response.extensions.get(ATTEMPTS_EXTENSION, 1),
    )


def error_of_body(response: httpx.Response, cause: BaseException) -> APIResponseValidationError:
    """The runtime's typed error for a success answer whose body is not JSON or not the declared shape."""
    request = response.request
    return response_validation_error(
        status_code=response.status_code,
        content=response.content,
        headers=response.headers,
        method=request.method,
        path=request.url.path,
        cause=cause,
        secret=bearer_secret(request),
        attempts=response.extensions.get(ATTEMPTS_EXTENSION, 1),
    )


@define
class HeymarketClient(AuthenticatedClient):
    """The generated ``AuthenticatedClient`` with the Heymarket runtime in its transport.

    Every copy (``with_headers``, ``with_cookies``, ``with_timeout``, ``with_options``) keeps the
    auth, retries, rate limiter, typed errors and logging, and shares the connection pool and the
    rate-limit budget with the client it came from.
    """

    def status_error(self, response: httpx.Response, parsed: Any) -> Exception:
        """What ``sync()``/``asyncio()`` raise for a status other than the operation's success status.

        With ``raise_errors`` (the default) the transport has raised already; this is reached with
        ``raise_errors=False``, or for a 2xx other than the documented one."""
        return error_of_status(response)

    def response_validation_error(self, response: httpx.Response, cause: Exception) -> Exception:
        """What is raised when a success body is not JSON, or not the shape the spec declares."""
        return error_of_body(response, cause)

    @property
    def runtime(self) -> RuntimeOptions:
        """The runtime options in force for calls made through this client."""
        return self._transport().options

    def with_options(
        self,
        *,
        retries: RetryPolicy | int | None = _UNCHANGED,
        timeout: float | httpx.Timeout = _UNCHANGED,
        retry_unsafe: bool = _UNCHANGED,
        raise_errors: bool = _UNCHANGED,
    ) -> Self:
        """A copy with other runtime options; this client is unchanged.

        ``client.with_options(retries=0).contacts.create(body=...)`` makes one call without retries.
        Arguments left out keep this client's value.
        """
        changes: dict[str, Any] = {}
        if retries is not _UNCHANGED:
            changes["retry"] = _as_retry_policy(retries)
        if retry_unsafe is not _UNCHANGED:
            changes["retry_unsafe"] = _as_bool("retry_unsafe", retry_unsafe)
        if raise_errors is not _UNCHANGED:
            changes["raise_errors"] = _as_bool("raise_errors", raise_errors)
        copy_args: dict[str, Any] = {}
        if changes:
            copy_args["httpx_args"] = {**self._httpx_args, "transport": self._transport().with_options(**changes)}
        if timeout is not _UNCHANGED:
            copy_args["timeout"] = _as_timeout(timeout)
        return evolve(self, **copy_args)

    def _transport(self) -> HeymarketTransport:
        transport = self._httpx_args.get("transport")
        if not isinstance(transport, HeymarketTransport):
            raise HeymarketConfigError("this client was not made by heymarket.create_client()")
        return transport


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
) -> HeymarketClient:
    """Return a ``HeymarketClient`` (the generated ``AuthenticatedClient``) that authenticates
    every request to Heymarket.

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

    Runtime behaviour:

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
    Connection settings in ``httpx_args`` (``proxy``, ``cert``, ``http2``, ``limits``,
    ``trust_env``...) configure the wrapped httpx transports. A ``transport`` in ``httpx_args``
    is wrapped instead of httpx's own and must support both sync and async (like
    ``httpx.MockTransport``). Without a ``proxy``, the ``HTTPS_PROXY``/``HTTP_PROXY``/``NO_PROXY``
    variables are honoured unless ``trust_env`` is false.

    The runtime lives in the client's transport, so copies made by ``with_headers``,
    ``with_cookies``, ``with_timeout`` and :meth:`HeymarketClient.with_options` keep all of it.
    """
    for name in _RESERVED_KWARGS:
        if name in kwargs:
            raise TypeError(f"create_client() sets {name!r} itself; do not pass it")
    httpx_args = dict(kwargs.pop("httpx_args", None) or {})
    for name in ("auth", "mounts"):
        if name in httpx_args:
            raise TypeError(
                f"create_client() does not take httpx_args[{name!r}]: it would bypass the Heymarket "
                "auth and runtime; pass credentials, or a `transport` to wrap"
            )
    for name in _CLIENT_SETTINGS:
        if name in httpx_args:
            # The generated client passes these itself: given twice, the first request would fail.
            raise TypeError(f"create_client() does not take httpx_args[{name!r}]: pass it as an argument")
    connection = {name: httpx_args.pop(name) for name in _CONNECTION_ARGS if name in httpx_args}
    user_transport = httpx_args.pop("transport", None)
    _check_transport(user_transport)
    if user_transport is not None and connection:
        raise HeymarketConfigError(
            f"httpx_args {sorted(connection)} configure httpx's own transport, which a given `transport` "
            "replaces: set them on that transport instead"
        )

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
        retry_unsafe=_as_bool("retry_unsafe", retry_unsafe),
        raise_errors=_as_bool("raise_errors", raise_errors),
        limiter=limiter,
        timing=timing,
    )
    logs.configure_from_env()

    if user_transport is not None:
        pools = Pools(make_sync=lambda: user_transport, make_async=lambda: user_transport)
    else:
        pools = _httpx_pools(resolved_url, kwargs.get("verify_ssl", True), connection)
    transport = HeymarketTransport(auth=auth, options=runtime, base_url=resolved_url, pools=pools)
    return HeymarketClient(
        base_url=resolved_url,
        token=PLACEHOLDER_TOKEN,
        timeout=resolved_timeout,
        headers=_headers(kwargs.pop("headers", None)),
        httpx_args={**httpx_args, "transport": transport},
        **kwargs,
    )


def _httpx_pools(base_url: str, verify: Any, connection: dict[str, Any]) -> Pools:
    trust_env = bool(connection.pop("trust_env", True))
    if "proxy" not in connection and trust_env:
        connection["proxy"] = _environment_proxy(base_url)
    # A client certificate is loaded into the SSL context, so it must not go into the shared one.
    if "cert" not in connection:
        verify = _verify_setting(verify, trust_env)

    def make_sync() -> httpx.BaseTransport:
        return httpx.HTTPTransport(verify=verify, trust_env=trust_env, **connection)

    def make_async() -> httpx.AsyncBaseTransport:
        return httpx.AsyncHTTPTransport(verify=verify, trust_env=trust_env, **connection)

    return Pools(make_sync=make_sync, make_async=make_async)


def _environment_proxy(base_url: str) -> str | None:
    """The proxy the standard variables name for ``base_url``'s scheme, unless ``NO_PROXY`` covers its host."""
    url = httpx.URL(base_url)
    proxies = urllib.request.getproxies()
    proxy = proxies.get(url.scheme) or proxies.get("all")
    if not proxy or urllib.request.proxy_bypass(url.host):
        return None
    return proxy


def _as_bool(name: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise HeymarketConfigError(f"{name} must be True or False, not {type(value).__name__}")
    return value


def _headers(extra: Mapping[str, str] | None) -> dict[str, str]:
    headers = httpx.Headers({"User-Agent": logs.user_agent()})
    headers.update(extra or {})  # case-insensitive: a caller's user-agent replaces ours
    return dict(headers.multi_items())


def _verify_setting(verify: Any, trust_env: bool) -> Any:
    """The default certificate check as one shared SSLContext, else ``verify`` unchanged.

    Loading the CA bundle is most of the time create_client takes (and each httpx client would
    load its own); an SSLContext is safe to share between clients and threads. The cache
    is keyed by the variables httpx reads when trust_env is on, so changing them takes effect.
    """
    if verify is not True or not trust_env:
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


def _check_transport(transport: object) -> None:
    # One transport serves both the sync and the async httpx client, so a sync-only transport
    # would break every async call (and the reverse).
    if transport is None:
        return
    if not (isinstance(transport, httpx.BaseTransport) and isinstance(transport, httpx.AsyncBaseTransport)):
        raise HeymarketConfigError(
            "httpx_args['transport'] is used by both the sync and the async client, "
            "so it must support both (like httpx.MockTransport)"
        )
