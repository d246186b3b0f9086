"""Validation and redaction helpers for credential values."""

from typing import Generic, NoReturn, TypeVar, final

from .errors import HeymarketConfigError

_T = TypeVar("_T")

# Shortest value of which a 4-character prefix may be shown: a Secret ID is a
# 36-character UUID, but a short made-up ID must not be shown almost whole.
_MIN_LEN_FOR_PREFIX = 12


@final
class Redacted(Generic[_T]):
    """Holds a secret so that repr(), str() and vars()-based dumps cannot show it."""

    __slots__ = ("_value",)

    def __init__(self, value: _T) -> None:
        self._value = value

    def reveal(self) -> _T:
        return self._value

    def __repr__(self) -> str:
        return "<redacted>"

    __str__ = __repr__

    def __reduce__(self) -> NoReturn:
        # Keep secrets out of pickles and deep copies.
        raise TypeError("Redacted values cannot be pickled or copied")


def require_secret_text(name: str, value: object, *, header_safe: bool = False) -> str:
    """Return ``value`` if it is a usable credential string, else raise.

    The error names ``name`` but never includes ``value``. With ``header_safe`` the
    value must also be printable ASCII without whitespace, because it is sent
    verbatim in an HTTP header (and httpx's own encoding error would quote it).
    """
    if not isinstance(value, str):
        raise HeymarketConfigError(f"{name} must be a str, not {type(value).__name__}")
    if not value:
        raise HeymarketConfigError(f"{name} must not be empty")
    if value != value.strip():
        raise HeymarketConfigError(f"{name} has leading or trailing whitespace (a stray newline from a secrets file?)")
    if header_safe and not (value.isascii() and value.isprintable() and " " not in value):
        raise HeymarketConfigError(f"{name} must be printable ASCII without spaces")
    return value


def mask_identifier(value: str) -> str:
    """Return a display form of an identifier that shows at most its first 4 characters."""
    if len(value) >= _MIN_LEN_FOR_PREFIX:
        return value[:4] + "…"
    return "…"
