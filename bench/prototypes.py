"""Prototypes measured by the per-call benchmark, to size fixes before anyone writes them for real.

``Urllib3Transport``: what it would take to pass the openapi-generator client. httpx's own transport is
httpcore + h11, where much of a call's CPU time goes (see the profiles). ``Urllib3Transport`` keeps everything above the transport (the generated client, ``create_client``'s auth,
retries, limiter, typed errors, httpx's ``Client``, ``Request`` and ``Response``) and sends with urllib3, the
library under the openapi-generator client. It is a benchmark prototype, not shipped code: sync only (the
async method raises), no proxies, no streaming, no TLS options beyond urllib3's defaults.

``NullCookieJar``: httpx parses every response's headers for ``Set-Cookie`` (``Cookies.extract_cookies``, which
builds urllib/email compatibility objects) although the Heymarket API sets no cookies; a jar that ignores
cookies skips that work.
"""

from __future__ import annotations

import http.cookiejar
import urllib.request
from typing import Any

import httpx
import urllib3


class NullCookieJar(http.cookiejar.CookieJar):
    """A cookie jar that neither stores nor sends cookies."""

    def extract_cookies(self, response: Any, request: urllib.request.Request) -> None:
        return None

    def add_cookie_header(self, request: urllib.request.Request) -> None:
        return None


class Urllib3Transport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Sync httpx transport on a ``urllib3.PoolManager`` (also an AsyncBaseTransport only so that
    ``create_client``'s check that a transport serves both clients passes; async use raises)."""

    def __init__(self, maxsize: int = 10) -> None:
        self._pool = urllib3.PoolManager(maxsize=maxsize, retries=False)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        headers = {key.decode("latin-1"): value.decode("latin-1") for key, value in request.headers.raw}
        try:
            answer = self._pool.urlopen(
                request.method,
                str(request.url),
                body=request.read() or None,
                headers=headers,
                redirect=False,
                retries=False,
                preload_content=True,
                decode_content=False,  # httpx decodes Content-Encoding itself
            )
        except urllib3.exceptions.NewConnectionError as error:
            raise httpx.ConnectError(str(error), request=request) from error
        except urllib3.exceptions.TimeoutError as error:
            raise httpx.TimeoutException(str(error), request=request) from error
        except urllib3.exceptions.HTTPError as error:
            raise httpx.NetworkError(str(error), request=request) from error
        return httpx.Response(
            status_code=answer.status,
            headers=list(answer.headers.items()),
            content=answer.data,
            request=request,
        )

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        raise NotImplementedError("Urllib3Transport is sync only (a benchmark prototype)")

    def close(self) -> None:
        self._pool.clear()

    async def aclose(self) -> None:
        self.close()
