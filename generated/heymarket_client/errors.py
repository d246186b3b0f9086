"""Contains shared errors types that can be raised from API functions"""

from typing import Any

import httpx


class UnexpectedStatus(Exception):
    """Raised by api functions when the response status an undocumented status and Client.raise_on_unexpected_status is True"""

    def __init__(self, status_code: int, content: bytes):
        self.status_code = status_code
        self.content = content

        super().__init__(
            f"Unexpected status code: {status_code}\n\nResponse content:\n{content.decode(errors='ignore')}"
        )


class StatusError(Exception):
    """Raised by ``sync()``/``asyncio()`` when the server answers with a status other than the
    operation's success status. ``parsed`` is the error body as the spec declares it for that
    status (``None`` when the status is undocumented or the body does not parse)."""

    def __init__(self, status_code: int, parsed: Any, response: httpx.Response):
        self.status_code = status_code
        self.parsed = parsed
        self.response = response
        super().__init__(f"HTTP {status_code} from {response.request.method} {response.request.url.path}")


class ResponseValidationError(Exception):
    """Raised when a success body is not JSON, or not the shape the spec declares for its status."""

    def __init__(self, status_code: int, content: bytes, response: httpx.Response, cause: BaseException):
        self.status_code = status_code
        self.content = content
        self.response = response
        super().__init__(
            f"HTTP {status_code} from {response.request.method} {response.request.url.path}: the body does not "
            f"match the spec ({type(cause).__name__}: {cause})"
        )


__all__ = ["ResponseValidationError", "StatusError", "UnexpectedStatus"]
