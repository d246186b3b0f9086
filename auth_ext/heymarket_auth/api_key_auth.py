"""httpx authentication with a legacy Heymarket team API key."""

from collections.abc import Generator

import httpx

from .credentials import Redacted, require_secret_text


class HeymarketAPIKeyAuth(httpx.Auth):
    """Sends ``Authorization: Bearer <api_key>`` (Heymarket's legacy team API key)."""

    def __init__(self, api_key: str) -> None:
        require_secret_text("api_key", api_key, header_safe=True)
        self._header_value = Redacted(f"Bearer {api_key}")

    def __repr__(self) -> str:
        return "HeymarketAPIKeyAuth(api_key=<redacted>)"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = self._header_value.reveal()
        yield request
