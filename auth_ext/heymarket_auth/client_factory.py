"""Builds a generated ``heymarket_client.AuthenticatedClient`` wired to Heymarket auth."""

import math
import os
from collections.abc import Mapping
from typing import Any

import httpx

from heymarket_client import AuthenticatedClient

from .api_key_auth import HeymarketAPIKeyAuth
from .credentials import require_secret_text
from .errors import HeymarketConfigError
from .jwt_auth import HeymarketJWTAuth

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

# Fields of AuthenticatedClient that only make sense for a static token.
_RESERVED_KWARGS = ("token", "prefix", "auth_header_name")


def create_client(
    *,
    secret_id: str | None = None,
    secret_key: str | None = None,
    api_key: str | None = None,
    base_url: str | None = None,
    timeout: float | httpx.Timeout = DEFAULT_TIMEOUT_SECONDS,
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

    Other keyword arguments go to ``AuthenticatedClient`` (``headers``,
    ``raise_on_unexpected_status``, ``httpx_args`` ...). ``httpx_args`` is given to
    both the sync and the async httpx client, so a ``transport`` in it must support
    both (like ``httpx.MockTransport``); install any other transport with
    ``set_httpx_client`` / ``set_async_httpx_client``.
    """
    for name in _RESERVED_KWARGS:
        if name in kwargs:
            raise TypeError(f"create_client() sets {name!r} itself; do not pass it")
    httpx_args = dict(kwargs.pop("httpx_args", None) or {})
    if "auth" in httpx_args:
        raise TypeError("create_client() sets httpx_args['auth'] itself; pass credentials instead")
    _check_transports(httpx_args)

    auth = _auth_from_arguments_or_env(secret_id, secret_key, api_key)
    return AuthenticatedClient(
        base_url=_resolve_base_url(base_url),
        token=PLACEHOLDER_TOKEN,
        timeout=_as_timeout(timeout),
        httpx_args={"auth": auth, **httpx_args},
        **kwargs,
    )


def _auth_from_arguments_or_env(secret_id: str | None, secret_key: str | None, api_key: str | None) -> httpx.Auth:
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
        return HeymarketJWTAuth(secret_id, secret_key)
    if secret_id is not None:
        raise HeymarketConfigError(f"{key_name} is missing but {id_name} is set{note}")
    if secret_key is not None:
        raise HeymarketConfigError(f"{id_name} is missing but {key_name} is set{note}")
    if api_key is not None:
        require_secret_text(api_key_name, api_key, header_safe=True)
        return HeymarketAPIKeyAuth(api_key)
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
