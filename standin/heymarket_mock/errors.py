"""Error bodies the stand-in answers, shaped like the spec's `Error` schema."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """An error answer: raised by handlers and turned into `{"error": code, "message": ...}`."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message

    def body(self) -> dict[str, Any]:
        return error_body(self.code, self.message)


def error_body(code: str, message: str) -> dict[str, Any]:
    return {"error": code, "message": message}


def bad_data(field: str, reason: str) -> ApiError:
    """400 `bad_data`; the message starts with the field that failed, as the vendor describes."""
    return ApiError(400, "bad_data", f"{field}: {reason}")


def not_found(message: str) -> ApiError:
    return ApiError(404, "not_found", message)
